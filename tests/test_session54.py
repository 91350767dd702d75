"""Routes, auth, data and injections of backends and vulnerable apps whose truth was written
before auditor ran (session 54 holdout: batches 19-20, rounds 17-18), each case from how the
language or library behaves, with the look-alike that must not change.
"""
from __future__ import annotations

from conftest import scan, write_tree


def _auths(root, files: dict, strip: bool = False) -> set:
    """(method, path, auth) of the explicit endpoints of a scan of `files` written under
    `root`; `strip` drops a trailing slash."""
    res = scan(write_tree(root, files))
    return {(e.method, (e.path.rstrip("/") or "/") if strip else e.path, e.auth)
            for e in res.endpoints if not e.implicit}


ROUTER_TESTS = """from fastapi import APIRouter

router = APIRouter(prefix="/tests", tags=["tests"])


@router.get("")
async def list_tests():
    return []
"""


def test_a_router_module_named_like_a_test_that_production_imports_is_production(tmp_path):
    """`routers/tests.py` and `routers/test_types.py` (a quiz app's resources) are named the
    way pytest and Django name test modules, but the application imports their routers and
    mounts them: their routes are served. A `tests.py` that nothing of the application
    imports stays test code, routes and all."""
    got = _auths(tmp_path, {
        "app/main.py": "from fastapi import FastAPI\n"
                       "from app.routers import base_router\n"
                       "app = FastAPI()\napp.include_router(base_router)\n",
        "app/routers/__init__.py": "from fastapi import APIRouter\n"
                                   "base_router = APIRouter(prefix='/api')\n"
                                   "from app.routers.tests import router as tests_router\n"
                                   "from app.routers.test_types import router as tt_router\n"
                                   "base_router.include_router(tests_router)\n"
                                   "base_router.include_router(tt_router)\n",
        "app/routers/tests.py": ROUTER_TESTS,
        "app/routers/test_types.py": ROUTER_TESTS.replace('"/tests"', '"/test_types"'),
        # look-alike: a test module with a router of its own that nothing imports
        "app/tests.py": ROUTER_TESTS.replace('"/tests"', '"/fake"'),
    })
    paths = {p for _m, p, _a in got}
    assert {"/api/tests", "/api/test_types"} <= paths, got
    assert not any(p.startswith("/fake") for p in paths), got


POST_MODEL = ("from django.db import models\n\n\nclass Post(models.Model):\n"
              "    user = models.ForeignKey('auth.User', on_delete=models.CASCADE)\n")

DRF_SETTINGS = """REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ("rest_framework.permissions.IsAuthenticated",),
}
ROOT_URLCONF = "proj.urls"
"""

DRF_OBJECT_VIEWS = """from rest_framework import generics, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from .models import Post


class IsOwner(BasePermission):
    def has_object_permission(self, request, view, obj):
        user = request.user
        if obj.user == user or user.is_staff:
            return True
        return False


class IsPublicOrOwner(BasePermission):
    def has_object_permission(self, request, view, obj):
        return obj.is_public or obj.user == request.user


class PostViewSet(viewsets.ModelViewSet):
    queryset = Post.objects.all()

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            permission_classes = [permissions.AllowAny]
        elif self.action == "create":
            permission_classes = [permissions.IsAuthenticated]
        else:
            permission_classes = [IsOwner]
        return [p() for p in permission_classes]

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)

    @action(methods=["POST"], detail=True, url_path="upload")
    def upload(self, request, pk=None):
        post = self.get_object()
        return Response({})

    @action(methods=["POST"], detail=True, url_path="like")
    def like(self, request, pk=None):
        return Response({})


class NoteViewSet(viewsets.ModelViewSet):
    queryset = Post.objects.all()
    permission_classes = [IsPublicOrOwner]


class EventDetail(generics.RetrieveUpdateDestroyAPIView):
    queryset = Post.objects.all()

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        if instance.user != request.user:
            return Response(status=403)
        return Response({})

    def get_permissions(self):
        if self.request.method in permissions.SAFE_METHODS:
            return [permissions.AllowAny()]
        return [IsOwner()]
"""

DRF_OBJECT_URLS = """from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("posts", views.PostViewSet)
router.register("notes", views.NoteViewSet)

urlpatterns = [
    path("", include(router.urls)),
    path("events/<int:pk>/", views.EventDetail.as_view()),
]
"""


def test_drf_object_permission_that_needs_the_user_guards_the_routes_that_fetch_the_object(
        tmp_path):
    """DRF runs `has_object_permission` from `get_object()`: a permission that only grants
    the object's owner (or staff) refuses anonymous requests on retrieve/update/destroy and on
    a detail action calling `self.get_object()`; a detail action that never fetches the
    object, and list/create, are decided by `has_permission` alone (BasePermission: anyone).
    A `get_permissions` choosing by `self.request.method in SAFE_METHODS` gives reads its
    AllowAny; a read whose class only reads `request.user` in its write methods
    (`perform_create`, `update`) is not optional. Look-alike: an object permission that also
    grants public objects lets anonymous requests through."""
    got = _auths(tmp_path, {
        "proj/settings.py": DRF_SETTINGS,
        "proj/urls.py": "from django.urls import include, path\n"
                        "urlpatterns = [path('api/', include('app.urls'))]\n",
        "app/models.py": POST_MODEL,
        "app/views.py": DRF_OBJECT_VIEWS,
        "app/urls.py": DRF_OBJECT_URLS,
    }, strip=True)
    want = {
        ("GET", "/api/posts", "none"), ("POST", "/api/posts", "required"),
        ("GET", "/api/posts/{pk}", "none"), ("PUT", "/api/posts/{pk}", "required"),
        ("PATCH", "/api/posts/{pk}", "required"), ("DELETE", "/api/posts/{pk}", "required"),
        ("POST", "/api/posts/{pk}/upload", "required"),
        ("POST", "/api/posts/{pk}/like", "none"),
        ("GET", "/api/notes/{pk}", "none"), ("DELETE", "/api/notes/{pk}", "none"),
        ("GET", "/api/events/<int:pk>", "none"), ("PUT", "/api/events/<int:pk>", "required"),
        ("DELETE", "/api/events/<int:pk>", "required"),
    }
    assert want <= got, (sorted(want - got), sorted(got))


SETTINGS_NESTED = """from pydantic import BaseModel
from pydantic_settings import BaseSettings


class ApiV1Prefix(BaseModel):
    prefix: str = "/v1"
    users: str = "/users"


class ApiPrefix(BaseModel):
    prefix: str = "/api"
    v1: ApiV1Prefix = ApiV1Prefix()


class Settings(BaseSettings):
    api: ApiPrefix = ApiPrefix()


settings = Settings()
"""


def test_prefix_read_through_nested_settings_models(tmp_path):
    """`APIRouter(prefix=settings.api.v1.prefix)` with pydantic settings nesting models
    (`api: ApiPrefix = ApiPrefix()`, `v1: ApiV1Prefix = ApiV1Prefix()`): each field's class
    leads to the default of the last one, though other models have a `prefix` field too."""
    got = _auths(tmp_path, {
        "app/config.py": SETTINGS_NESTED,
        "app/main.py": "from fastapi import FastAPI, APIRouter\n"
                       "from app.config import settings\n"
                       "router = APIRouter(prefix=settings.api.prefix)\n"
                       "v1 = APIRouter(prefix=settings.api.v1.prefix)\n"
                       "users = APIRouter(prefix=settings.api.v1.users)\n\n\n"
                       "@users.get('')\nasync def list_users():\n    return []\n\n\n"
                       "v1.include_router(users)\nrouter.include_router(v1)\n"
                       "app = FastAPI()\napp.include_router(router)\n",
    })
    assert ("GET", "/api/v1/users", "none") in got, got


def test_security_scheme_without_auto_error_listed_as_a_router_dependency_guards_nothing(
        tmp_path):
    """`APIRouter(dependencies=[Depends(http_bearer)])` with `http_bearer =
    HTTPBearer(auto_error=False)` only makes Swagger show its Authorize button: no parameter
    takes the token, so the routes are public (none, not optional). Look-alike: a handler
    taking that token as its own parameter and testing it serves both kinds of caller."""
    got = _auths(tmp_path, {
        "app/main.py": "from fastapi import APIRouter, Depends, FastAPI\n"
                       "from fastapi.security import HTTPBearer\n"
                       "http_bearer = HTTPBearer(auto_error=False)\n"
                       "router = APIRouter(prefix='/v2', dependencies=[Depends(http_bearer)])\n\n\n"
                       "@router.post('/login')\nasync def login():\n    return {}\n\n\n"
                       "@router.get('/feed')\nasync def feed(token=Depends(http_bearer)):\n"
                       "    if token:\n        return {'mine': True}\n    return {}\n\n\n"
                       "app = FastAPI()\napp.include_router(router)\n",
    })
    assert ("POST", "/v2/login", "none") in got, got
    assert ("GET", "/v2/feed", "optional") in got, got


HTTPROUTER_ROUTES = """package main

import (
	"net/http"

	"github.com/julienschmidt/httprouter"
)

type Route struct {
	method  string
	path    string
	handler http.HandlerFunc
}

func (app *application) routes() http.Handler {
	router := httprouter.New()
	perms := app.requirePermissions

	routes := []Route{
		{http.MethodGet, "/health", app.health},
		{http.MethodPost, "/v1/companies", perms(app.createCompany, "write")},
		{http.MethodGet, "/v1/companies/:id", perms(app.readCompany, "read")},
	}
	for _, r := range routes {
		router.HandlerFunc(r.method, r.path, r.handler)
	}
	router.Handle(http.MethodDelete, "/v1/companies/:id", app.deleteCompany)
	router.GET("/v1/stats", app.stats)
	return router
}
"""

HTTPROUTER_APP = """package main

import (
	"net/http"

	"github.com/julienschmidt/httprouter"
)

type application struct{}

func (app *application) requirePermissions(next http.HandlerFunc, code string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := r.Header.Get("Authorization")
		if token == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	}
}

func (app *application) health(w http.ResponseWriter, r *http.Request)        {}
func (app *application) createCompany(w http.ResponseWriter, r *http.Request) {}
func (app *application) readCompany(w http.ResponseWriter, r *http.Request)   {}
func (app *application) deleteCompany(w http.ResponseWriter, r *http.Request, ps httprouter.Params) {
}
func (app *application) stats(w http.ResponseWriter, r *http.Request, ps httprouter.Params) {}

func main() {
	app := &application{}
	http.ListenAndServe(":8080", app.routes())
}
"""


def test_httprouter_routes_direct_and_from_a_table_with_a_method_value_wrapper(tmp_path):
    """julienschmidt/httprouter: `router.GET(path, h)`, `router.Handle(method, path, h)` and
    `router.HandlerFunc(method, path, hf)` (the method first), here in a loop over a table of
    positional entries whose handlers are wrapped by a local holding a method value
    (`perms := app.requirePermissions`): each entry is a route, guarded where wrapped."""
    from conftest import scan_go_module

    eps, _res = scan_go_module(tmp_path, {"routes.go": HTTPROUTER_ROUTES,
                                          "main.go": HTTPROUTER_APP})
    got = {(m, p, e.auth) for (m, p), e in eps.items()}
    want = {("GET", "/health", "none"), ("POST", "/v1/companies", "required"),
            ("GET", "/v1/companies/:id", "required"), ("DELETE", "/v1/companies/:id", "none"),
            ("GET", "/v1/stats", "none")}
    assert want <= got, (sorted(want - got), sorted(got))


GIN_PANIC = """package main

import (
	"errors"
	"strings"

	"github.com/gin-gonic/gin"
)

func RequireAuth() func(c *gin.Context) {
	return func(c *gin.Context) {
		token, err := extractToken(c.GetHeader("Authorization"))
		if err != nil {
			panic(err)
		}
		c.Set("user", token)
		c.Next()
	}
}

func Login() gin.HandlerFunc {
	return func(c *gin.Context) {
		var body struct{ Email, Password string }
		if err := c.ShouldBind(&body); err != nil {
			c.JSON(400, err)
		}
		account, err := login(body.Email)
		if err != nil {
			panic(err)
		}
		c.JSON(200, account)
	}
}

func extractToken(h string) (string, error) {
	parts := strings.Split(h, " ")
	if len(parts) != 2 {
		return "", errors.New("wrong header")
	}
	return parts[1], nil
}

func login(h string) (string, error) { return h, nil }

func main() {
	r := gin.Default()
	v1 := r.Group("/v1")
	v1.POST("/authenticate", Login())
	client := v1.Group("/client", RequireAuth())
	client.GET("/orders", func(c *gin.Context) {})
	r.Run()
}
"""


def test_gin_middleware_that_panics_without_a_token_refuses_the_request(tmp_path):
    """A gin middleware reading the token and panicking when it is missing (`if err != nil {
    panic(err) }`, a Recover middleware answering with the error's status) never hands the
    request on: required. Look-alike: a login handler panicking on a failed login is no
    guard."""
    from conftest import scan_go_module

    eps, _res = scan_go_module(tmp_path, {"main.go": GIN_PANIC})
    assert eps[("GET", "/v1/client/orders")].auth == "required"
    assert eps[("POST", "/v1/authenticate")].auth == "none"


EXPRESS_UNLESS = """const express = require('express');
const unless = require('express-unless');
const router = express.Router();

function authenticate(req, res, next) {
  const token = req.headers.authorization;
  if (!token) {
    return res.status(401).send('no token');
  }
  next();
}
authenticate.unless = unless;

router.use(authenticate.unless({ path: ['/auth/signup', /^\\/public/] }));

const auth = express.Router();
auth.post('/signup', (req, res) => res.send('ok'));
auth.get('/me', (req, res) => res.send('me'));
router.use('/auth', auth);
router.get('/public/info', (req, res) => res.send('info'));

const app = express();
app.use(router);
app.listen(3000);
"""


def test_express_unless_skips_the_middleware_for_the_paths_it_lists(tmp_path):
    """express-unless (and express-jwt's `.unless`): `authenticate.unless({path: [...]})`
    runs the middleware on every request but those whose whole path is listed: the listed
    route is public, the others guarded. A regular expression in the list is not read: the
    route it would match stays guarded (the conservative reading)."""
    got = _auths(tmp_path, {"package.json": '{"dependencies": {"express": "^4.18.0"}}',
                            "app.js": EXPRESS_UNLESS})
    assert ("POST", "/auth/signup", "none") in got, got
    assert ("GET", "/auth/me", "required") in got, got
    assert ("GET", "/public/info", "required") in got, got


def test_drf_get_permissions_whose_last_return_is_the_default(tmp_path):
    """`if self.action in ["update_status", "destroy"]: return [IsAdminUser()]` followed by
    `return [IsAuthenticated()]`: every other action gets the last list (no `else:`)."""
    views = ("from rest_framework.decorators import action\n"
             "from rest_framework.permissions import IsAdminUser, IsAuthenticated\n"
             "from rest_framework.response import Response\n"
             "from rest_framework.viewsets import ModelViewSet\n"
             "from .models import Post\n\n\n"
             "class OrderViewSet(ModelViewSet):\n"
             "    queryset = Post.objects.all()\n\n"
             "    def get_permissions(self):\n"
             "        if self.action in ['destroy']:\n"
             "            return [IsAdminUser()]\n"
             "        return [IsAuthenticated()]\n")
    got = _auths(tmp_path, {
        "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
        "proj/urls.py": "from django.urls import include, path\n"
                        "from rest_framework.routers import DefaultRouter\n"
                        "from app.views import OrderViewSet\n"
                        "router = DefaultRouter()\nrouter.register('orders', OrderViewSet)\n"
                        "urlpatterns = [path('', include(router.urls))]\n",
        "app/models.py": POST_MODEL,
        "app/views.py": views,
    }, strip=True)
    assert ("GET", "/orders", "required") in got, got
    assert ("POST", "/orders", "required") in got, got
    assert ("DELETE", "/orders/{pk}", "required") in got, got


GO_ESCAPED_CMD = """package main

import (
	"fmt"
	"html"
	"net/http"
	"os/exec"
)

func rce(w http.ResponseWriter, r *http.Request) {
	host := html.EscapeString(r.FormValue("host"))
	out, _ := exec.Command("bash", "-c", "ping -c 5 "+host).CombinedOutput()
	fmt.Fprintf(w, "<p>%s</p>", html.EscapeString(r.FormValue("name")))
	w.Write(out)
}

func main() {
	http.HandleFunc("/rce", rce)
	http.ListenAndServe(":8080", nil)
}
"""


def test_html_escaping_sanitizes_html_only(tmp_path):
    """`html.EscapeString` rewrites `<>&'"` and leaves `;`, `|`, `$( )` and spaces: a shell
    command built from it is still injectable (command-injection on the exec line); the same
    escape written into an HTML response is safe (no xss)."""
    from conftest import assert_findings

    assert_findings(tmp_path, {"go.mod": "module example.com/x\n\ngo 1.22\n",
                               "main.go": GO_ESCAPED_CMD},
                    ("command-injection", "xss"), {("command-injection", 12)})


NODE_RENAME_SVC = """const path = require('path');
const fs = require('fs');

exports.upload = async (file, userName) => {
  const filePath = path.join('uploads', userName);
  fs.renameSync(path.join('uploads', file.filename), filePath);
  fs.copyFileSync(path.join('uploads', file.filename), path.join('backup', 'fixed.bin'));
  return { ok: true };
};
"""

NODE_RENAME_APP = """const express = require('express');
const svc = require('./svc');
const app = express();
app.post('/upload', async (req, res) => {
  res.json(await svc.upload(req.file, req.body.name));
});
app.listen(3000);
"""


def test_node_rename_destination_named_by_the_request_is_path_traversal(tmp_path):
    """`fs.renameSync(old, new)` (and copyFile, cp) touch both paths: a destination the
    request names (`path.join('uploads', req.body.name)` through a service in another file)
    moves the upload anywhere. Look-alike: a copy between constant paths."""
    from conftest import assert_findings

    assert_findings(tmp_path, {"svc.js": NODE_RENAME_SVC, "app.js": NODE_RENAME_APP},
                    "path-traversal", {("path-traversal", 6)})


GO_STRIP_FILESERVER = """package main

import (
	"net/http"
	"strings"
)

func main() {
	mux := http.NewServeMux()
	api := http.NewServeMux()
	api.HandleFunc("GET /items", func(w http.ResponseWriter, r *http.Request) {})
	mux.Handle("/api/", http.StripPrefix("/api", api))
	fileServer := http.FileServer(http.Dir("assets/uploads/"))
	mux.Handle("/static/", http.StripPrefix(strings.TrimRight("/static/", "/"), fileServer))
	http.ListenAndServe(":8080", mux)
}
"""


def test_strip_prefix_around_a_file_server_is_the_pattern_route(tmp_path):
    """`mux.Handle("/static/", http.StripPrefix(prefix, fileServer))` with `fileServer :=
    http.FileServer(...)`: no router behind it, so the pattern (a subtree) is the route; a
    ServeMux behind StripPrefix stays a mount whose routes hang below the prefix."""
    from conftest import scan_go_module

    eps, _res = scan_go_module(tmp_path, {"main.go": GO_STRIP_FILESERVER})
    assert ("GET", "/api/items") in eps, sorted(eps)
    assert any(p.startswith("/static/") for _m, p in eps), sorted(eps)


def test_apiflask_app_and_blueprint_route_as_flask(tmp_path):
    """APIFlask (`APIFlask(__name__)`, `APIBlueprint(...)`) subclasses Flask and Blueprint:
    their `.get`/`.post` shortcuts and `register_blueprint` route as Flask's do."""
    got = _auths(tmp_path, {"app.py": (
        "from apiflask import APIFlask, APIBlueprint\n\n"
        "app = APIFlask(__name__)\n"
        "bp = APIBlueprint('pets', __name__, url_prefix='/pets')\n\n\n"
        "@bp.get('/<int:pet_id>')\ndef get_pet(pet_id):\n    return {}\n\n\n"
        "@app.post('/login')\ndef login():\n    return {}\n\n\n"
        "app.register_blueprint(bp)\n")})
    assert ("GET", "/pets/<int:pet_id>", "none") in got, got
    assert ("POST", "/login", "none") in got, got


GO_MAP_RANGE = """package main

import (
	"database/sql"
	"fmt"

	"github.com/gin-gonic/gin"
)

var DB *sql.DB

func Update(c *gin.Context) {
	id := c.Param("id")
	var updates map[string]interface{}
	c.BindJSON(&updates)
	for field, value := range updates {
		DB.Exec(fmt.Sprintf("UPDATE users SET %s = ? WHERE id = ?", field), value, id)
	}
	for i, col := range []string{"name", "email"} {
		DB.Exec(fmt.Sprintf("UPDATE users SET %s = ? WHERE id = ?", col), i, id)
	}
	names := []string{c.Query("a")}
	for i := range names {
		DB.Exec(fmt.Sprintf("UPDATE users SET n%d = 1 WHERE id = ?", i), id)
	}
}

func main() {
	r := gin.Default()
	r.PUT("/users/:id", Update)
	r.Run()
}
"""


def test_go_range_over_a_request_map_taints_its_keys(tmp_path):
    """`c.BindJSON(&updates)` into a map, then `for field, value := range updates`: the keys
    are what the client sent (a column name formatted into the SQL). Look-alikes: the keys of
    a constant slice, and the int index of a slice of request values."""
    from conftest import assert_findings

    assert_findings(tmp_path, {"go.mod": "module example.com/x\n\ngo 1.22\n",
                               "main.go": GO_MAP_RANGE},
                    "sql-injection", {("sql-injection", 17)})


NEST_NUMBER_PARAM = """import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Controller('users')
export class UsersController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('/:id')
  findById(@Param('id') id: number) {
    return this.dataSource.query(`SELECT * FROM "user" WHERE "id" = ${id}`);
  }

  @Get('/safe/:id')
  findSafe(@Param('id', ParseIntPipe) id: number) {
    return this.dataSource.query(`SELECT * FROM "user" WHERE "id" = ${id}`);
  }
}
"""


def test_nest_param_typed_number_is_still_the_url_string(tmp_path):
    """`@Param('id') id: number`: TypeScript's type is erased and nothing converts the URL's
    text, so `1 OR 1=1` reaches the query. With `ParseIntPipe` the handler gets a number."""
    from conftest import assert_findings

    assert_findings(tmp_path, {"src/users.controller.ts": NEST_NUMBER_PARAM},
                    "sql-injection", {("sql-injection", 10)})


def test_drf_object_permission_after_a_user_filtered_queryset_is_not_asked(tmp_path):
    """A viewset whose `get_queryset` is the user's own rows (`none()` for anonymous, or
    `filter(owner=self.request.user)`): anonymous requests get 404 from get_object before any
    object permission is asked, so the object-level owner check does not make the detail
    routes required (they stay what the class's permissions and its reads of the user say)."""
    views = DRF_OBJECT_VIEWS + (
        "\n\nclass MineViewSet(viewsets.ModelViewSet):\n"
        "    permission_classes = [IsOwner]\n\n"
        "    def get_queryset(self):\n"
        "        if self.request.user.is_anonymous:\n"
        "            return Post.objects.none()\n"
        "        return Post.objects.filter(user=self.request.user)\n")
    got = _auths(tmp_path, {
        "proj/settings.py": DRF_SETTINGS,
        "proj/urls.py": "from django.urls import include, path\n"
                        "urlpatterns = [path('api/', include('app.urls'))]\n",
        "app/models.py": POST_MODEL,
        "app/views.py": views,
        "app/urls.py": DRF_OBJECT_URLS.replace(
            'router.register("notes", views.NoteViewSet)',
            'router.register("notes", views.NoteViewSet)\nrouter.register("mine", views.MineViewSet)'),
    }, strip=True)
    assert ("DELETE", "/api/mine/{pk}", "required") not in got, sorted(got)
    assert ("DELETE", "/api/posts/{pk}", "required") in got, sorted(got)


def test_fastapi_router_that_no_app_includes_serves_nothing(tmp_path):
    """An `APIRouter()` module written and imported but never given to `include_router`
    serves nothing: its routes are listed as unresolved, not as endpoints, when the app's
    other routers are all traced. The included one is served."""
    res = scan(write_tree(tmp_path, {
        "app/main.py": "from fastapi import FastAPI\nfrom app.api import users, staff\n"
                       "app = FastAPI()\napp.include_router(users.router, prefix='/users')\n",
        "app/api/__init__.py": "",
        "app/api/users.py": "from fastapi import APIRouter\nrouter = APIRouter()\n\n\n"
                            "@router.get('/me')\ndef me():\n    return {}\n",
        "app/api/staff.py": "from fastapi import APIRouter\nrouter = APIRouter()\n\n\n"
                            "@router.get('/staff')\ndef staff():\n    return []\n",
    }))
    paths = {(e.method, e.path) for e in res.endpoints if not e.implicit}
    assert ("GET", "/users/me") in paths, paths
    assert ("GET", "/staff") not in paths, paths
    assert any("no FastAPI app includes" in u.get("reason", "") for u in res.unresolved_routes)


def test_django_view_ending_in_a_run_of_method_tests_serves_those_methods(tmp_path):
    """A function view ending with `if request.method == 'GET': return ...` then `if
    request.method == 'POST': ...` (no else) falls off the end for any other method: it
    serves GET and POST."""
    got = _auths(tmp_path, {
        "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
        "proj/urls.py": "from django.urls import path\nfrom app import views\n"
                        "urlpatterns = [path('add-category/', views.add_category)]\n",
        "app/views.py": "from django.shortcuts import render, redirect\n\n\n"
                        "def add_category(request):\n"
                        "    context = {'values': request.POST}\n"
                        "    if request.method == 'GET':\n"
                        "        return render(request, 'cat.html', context)\n"
                        "    if request.method == 'POST':\n"
                        "        name = request.POST.get('name', '')\n"
                        "        return redirect('home')\n",
    }, strip=True)
    assert {m for m, p, _a in got if p == "/add-category"} == {"GET", "POST"}, got


GO_ECHO_SESSION_HELPER = """package main

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
)

func GetUserIDFromSession(r *http.Request) (string, error) {
	c, err := r.Cookie("sid")
	if err != nil {
		return "", errors.New("no session")
	}
	return c.Value, nil
}

func Recommend(c echo.Context) error {
	userID, err := GetUserIDFromSession(c.Request())
	if err != nil {
		return echo.NewHTTPError(http.StatusUnauthorized, err.Error())
	}
	return c.String(http.StatusOK, userID)
}

func main() {
	e := echo.New()
	e.GET("/recommendations", Recommend)
	e.Start(":8080")
}
"""


def test_handler_refusing_when_a_helper_named_for_the_session_fails_is_guarded(tmp_path):
    """`userID, err := utils.GetUserIDFromSession(c.Request()); if err != nil { return 401 }`
    at the start of a handler: a helper named for where it reads the user from is a
    credential read, and the 401 refuses a request without one."""
    from conftest import scan_go_module

    eps, _res = scan_go_module(tmp_path, {"main.go": GO_ECHO_SESSION_HELPER})
    assert eps[("GET", "/recommendations")].auth == "required"


GIN_REFRESH = """package main

import "github.com/gin-gonic/gin"

func JWT(tokenType string) gin.HandlerFunc {
	return func(c *gin.Context) {
		token := c.GetHeader("Authorization")
		if token == "" {
			c.AbortWithStatus(401)
			return
		}
		c.Next()
	}
}

func JWTRefresh() gin.HandlerFunc { return JWT("refresh") }

func main() {
	r := gin.Default()
	refreshAuthMiddleware := JWTRefresh()
	r.POST("/auth/refresh", refreshAuthMiddleware, func(c *gin.Context) {})
	r.Run()
}
"""


def test_refresh_token_check_named_refresh_auth_is_a_guard(tmp_path):
    """`refreshAuthMiddleware := middleware.JWTRefresh()` (a JWT check of the refresh token,
    401 without one): "refresh" in its name does not make it a session renewer."""
    from conftest import scan_go_module

    eps, _res = scan_go_module(tmp_path, {"main.go": GIN_REFRESH})
    assert eps[("POST", "/auth/refresh")].auth == "required"


def test_drf_router_registering_lower_case_viewsets_and_rest_auth_urls(tmp_path):
    """`router.register('', views.productsViews)` on a router this module made from DRF
    (`router=DefaultRouter()`): a viewset whatever the case of its name. django-rest-auth's
    `include('rest_auth.urls')` adds its views per method (login, logout and the password
    reset POST only; user details GET/PUT/PATCH for an authenticated user)."""
    got = _auths(tmp_path, {
        "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
        "proj/urls.py": "from django.urls import include, path\n"
                        "urlpatterns = [path('products/', include('products.urls')),\n"
                        "               path('rest-auth/', include('rest_auth.urls'))]\n",
        "products/models.py": "from django.db import models\n\n\n"
                              "class Product(models.Model):\n    pass\n",
        "products/views.py": "from rest_framework.viewsets import ReadOnlyModelViewSet\n"
                             "from .models import Product\n\n\n"
                             "class productsViews(ReadOnlyModelViewSet):\n"
                             "    queryset = Product.objects.all()\n",
        "products/urls.py": "from rest_framework.routers import DefaultRouter\n"
                            "from . import views\nrouter=DefaultRouter()\n"
                            "router.register('',views.productsViews,basename='productsViews')\n"
                            "urlpatterns =router.urls\n",
    }, strip=True)
    assert ("GET", "/products", "none") in got and ("GET", "/products/{pk}", "none") in got, got
    assert ("POST", "/rest-auth/login", "none") in got, got
    assert ("GET", "/rest-auth/user", "required") in got, got
    assert not any(p == "/rest-auth/login" and m != "POST" for m, p, _a in got), got


RC_CONTROLLER = """import { Body, CurrentUser, Get, JsonController, Post, Authorized } from 'routing-controllers';

@JsonController('/habits')
export class HabitController {
  @Post('/')
  public async create(@CurrentUser() user: any, @Body() dto: any) {
    return {};
  }

  @Get('/public')
  public async list() {
    return [];
  }

  @Authorized()
  @Get('/admin')
  public async admin() {
    return [];
  }
}
"""

RC_APP = """import express from 'express';
import { useExpressServer } from 'routing-controllers';

class AuthHelper {
  public static async currentUserChecker(action: any) {
    const bearerToken: string = action.request.headers.authorization;
    if (bearerToken === undefined) throw new Error('unauthorized');
    return bearerToken;
  }
}

const app = express();
useExpressServer(app, {
  controllers: [`${__dirname}/controllers/**`],
  currentUserChecker: AuthHelper.currentUserChecker,
});
export default app;
"""


def test_routing_controllers_classes_route_and_guard(tmp_path):
    """routing-controllers (typestack): `@JsonController('/habits')` with `@Get`/`@Post`
    methods routes on Express; `@Authorized()` guards; a `@CurrentUser()` parameter runs the
    app's currentUserChecker, which here refuses a request without the header."""
    got = _auths(tmp_path, {"package.json": '{"dependencies": {"routing-controllers": "^0.9.0"}}',
                            "src/controllers/HabitController.ts": RC_CONTROLLER,
                            "src/app.ts": RC_APP})
    assert ("POST", "/habits", "required") in got or ("POST", "/habits/", "required") in got, got
    assert ("GET", "/habits/public", "none") in got, got
    assert ("GET", "/habits/admin", "required") in got, got


EXPRESS_JWT_FACTORY = """const express = require('express');
const expressJwt = require('express-jwt');

function jwt() {
  const secret = process.env.SECRET;
  return expressJwt({ secret }).unless({
    path: ['/api/user/login', '/api/status']
  });
}

const app = express();
app.use(jwt());
app.post('/api/user/login', (req, res) => res.send('token'));
app.get('/api/status', (req, res) => res.send('ok'));
app.get('/api/profile', (req, res) => res.send(req.user));
app.listen(3000);
"""


def test_express_jwt_unless_returned_by_a_factory(tmp_path):
    """`app.use(jwt())` with `function jwt() { return expressJwt({ secret }).unless({ path:
    [...] }) }`: the listed paths skip the check, the others are guarded."""
    got = _auths(tmp_path, {"package.json": '{"dependencies": {"express": "^4.18.0"}}',
                            "index.js": EXPRESS_JWT_FACTORY})
    assert ("POST", "/api/user/login", "none") in got, got
    assert ("GET", "/api/status", "none") in got, got
    assert ("GET", "/api/profile", "required") in got, got


NEXT_WITHAUTH = """import { withAuth } from "next-auth/middleware";
import { NextResponse } from "next/server";

export default withAuth(
  function middleware() {
    return NextResponse.next();
  },
  {
    callbacks: {
      authorized: ({ token, req }) => {
        const { pathname } = req.nextUrl;
        const publicRoutes = ["/", "/login"];
        if (publicRoutes.includes(pathname)) {
          return true;
        }
        if (pathname.startsWith("/api/auth") || pathname.startsWith("/api/verify-token")) {
          return true;
        }
        return !!token;
      },
    },
  }
);

export const config = { matcher: ["/((?!_next/static|favicon.ico).*)"] };
"""


def test_next_auth_with_auth_authorized_callback_lets_its_paths_through(tmp_path):
    """next-auth 4's `withAuth(fn, { callbacks: { authorized } })`: the paths for which the
    callback returns true before testing the token are public; the rest need the token."""
    route = "export async function POST(req: Request) { return Response.json({}); }\n"
    got = _auths(tmp_path, {"package.json": '{"dependencies": {"next": "14.0.0", '
                                            '"next-auth": "^4.24.0"}}',
                            "middleware.ts": NEXT_WITHAUTH,
                            "app/api/verify-token/route.ts": route,
                            "app/api/orders/route.ts": route})
    assert ("POST", "/api/verify-token", "none") in got, got
    assert ("POST", "/api/orders", "required") in got, got


def test_fastapi_users_routers_and_optional_current_user_through_aliases(tmp_path):
    """`router_auth = fastapi_users.get_auth_router(backend)` in one module, included with a
    prefix in another: the library's login/logout routes; `current_user =
    fastapi_users.current_user(optional=True)` as a dependency lets anonymous requests in."""
    got = _auths(tmp_path, {
        "src/auth.py": "from fastapi_users import FastAPIUsers\n"
                       "fastapi_users = FastAPIUsers(get_user_manager, [auth_backend])\n"
                       "current_active_user = fastapi_users.current_user(active=True)\n"
                       "current_user = fastapi_users.current_user(optional=True)\n"
                       "router_auth = fastapi_users.get_auth_router(auth_backend)\n",
        "src/main.py": "from fastapi import APIRouter, Depends, FastAPI\n"
                       "from src.auth import router_auth, current_user, current_active_user\n"
                       "app = FastAPI()\napp.include_router(router_auth, prefix='/auth')\n"
                       "pages = APIRouter(prefix='/page')\n\n\n"
                       "@pages.get('/main')\nasync def main(account=Depends(current_user)):\n"
                       "    return {}\n\n\n"
                       "@pages.get('/mine')\nasync def mine(account=Depends(current_active_user)):\n"
                       "    return {}\n\n\n"
                       "app.include_router(pages)\n",
    })
    assert ("POST", "/auth/login", "none") in got, got
    assert ("GET", "/page/main", "optional") in got, got
    assert ("GET", "/page/mine", "required") in got, got


GO_CHAIN_APPEND = """package main

import "net/http"

type Middleware func(http.Handler) http.Handler

func Chain(mws ...Middleware) Middleware {
	return func(h http.Handler) http.Handler {
		for i := len(mws) - 1; i >= 0; i-- {
			h = mws[i](h)
		}
		return h
	}
}

func Recover(next http.Handler) http.Handler { return next }

func AuthGuard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("session")
		if err != nil || c.Value == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func page(w http.ResponseWriter, r *http.Request) {}

func main() {
	mux := http.NewServeMux()
	common := []Middleware{Recover}
	public := Chain(append(append([]Middleware{}, common...), Recover)...)
	admin := Chain(append(append([]Middleware{}, common...), AuthGuard)...)
	mux.Handle("GET /login", public(http.HandlerFunc(page)))
	mux.Handle("GET /admin/users", admin(http.HandlerFunc(page)))
	http.ListenAndServe(":8080", mux)
}
"""


def test_go_middleware_chain_built_from_appended_slices(tmp_path):
    """`admin := Chain(append(append([]Middleware{}, common...), AuthGuard)...)` (a
    combinator handed a slice spread into it): the chain is its parts, so a route wrapped by
    it is guarded by AuthGuard; the public chain built the same way is not."""
    from conftest import scan_go_module

    eps, _res = scan_go_module(tmp_path, {"main.go": GO_CHAIN_APPEND})
    assert eps[("GET", "/admin/users")].auth == "required"
    assert eps[("GET", "/login")].auth == "none"


PY_SSRF_CORS_SPLIT = """import sqlite3
from io import BytesIO

import pycurl
from django.http import HttpResponse


def import_url(request):
    url = request.POST.get("profile_url")
    crl = pycurl.Curl()
    crl.setopt(crl.URL, url)
    crl.setopt(crl.WRITEFUNCTION, BytesIO().write)
    crl.perform()
    response = HttpResponse("ok")
    response["Access-Control-Allow-Origin"] = request.headers.get("Origin")
    response["X-Lang"] = request.GET.get("lang")
    return response


def run(username):
    q = f"SELECT * FROM users WHERE username = '{username}'"
    cursor = sqlite3.connect("x.db").cursor()
    for stmt in q.split(";"):
        cursor.execute(stmt)
    for stmt in "SELECT 1; SELECT 2".split(";"):
        cursor.execute(stmt)


def compare(request):
    run(request.POST.get("username", ""))
    return HttpResponse("ok")
"""


def test_pycurl_url_cors_origin_and_split_statements(tmp_path):
    """pycurl's `setopt(crl.URL, url)` names what `perform()` fetches (ssrf); an
    `Access-Control-Allow-Origin` copying the request's Origin back is the cors rule's
    reflected origin, not a header injection (another header from the request still is);
    `for stmt in q.split(";"): cursor.execute(stmt)` in a function the handler calls runs
    pieces of SQL built from its parameter (a constant text split the same way does not)."""
    from conftest import assert_findings

    assert_findings(tmp_path, {"views.py": PY_SSRF_CORS_SPLIT,
                               "urls.py": "from django.urls import path\nimport views\n"
                                          "urlpatterns = [path('i', views.import_url), "
                                          "path('c', views.compare)]\n"},
                    ("ssrf", "header-injection", "sql-injection"),
                    {("ssrf", 11), ("header-injection", 16), ("sql-injection", 24)})


BUNROUTER_APP = """package main

import (
	"net/http"

	"github.com/uptrace/bunrouter"
)

func HTTPJwt(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		if req.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return nil
		}
		return next(w, req)
	}
}

func login(w http.ResponseWriter, req bunrouter.Request) error   { return nil }
func getUser(w http.ResponseWriter, req bunrouter.Request) error { return nil }

func NewRouter(router *bunrouter.Router) *bunrouter.Router {
	router.POST("/api/v1/login", login)
	router.Use(HTTPJwt).
		WithGroup("/api/v1", func(g *bunrouter.Group) {
			g.GET("/user/:id", getUser)
		})
	return router
}

func main() {
	router := bunrouter.New()
	NewRouter(router)
	http.ListenAndServe(":8080", router)
}
"""


def test_bunrouter_groups_and_their_middleware(tmp_path):
    """uptrace/bunrouter: `router.Use(mw)` returns a group with that middleware and changes
    nothing (so the login registered on the router stays public), `WithGroup(prefix, fn)`
    hands `fn` a group below the prefix."""
    from conftest import scan_go_module

    eps, _res = scan_go_module(tmp_path, {"main.go": BUNROUTER_APP})
    assert eps[("GET", "/api/v1/user/:id")].auth == "required", sorted(eps)
    assert eps[("POST", "/api/v1/login")].auth == "none"


GO_PKG_VAR_MW = {
    "middleware/auth.go": """package middleware

import "github.com/gofiber/fiber/v2"

func AuthMiddleware(allowedRoles ...string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		header := c.Get("Authorization")
		if header == "" {
			return c.Status(401).JSON(fiber.Map{"error": "missing authorization header"})
		}
		return c.Next()
	}
}

var (
	AllRoles  = AuthMiddleware("siswa", "guru", "admin")
	AdminOnly = AuthMiddleware("admin")
)
""",
    "main.go": """package main

import (
	"example.com/svc/middleware"
	"github.com/gofiber/fiber/v2"
)

func main() {
	app := fiber.New()
	api := app.Group("/api")
	api.Get("/classes", middleware.AllRoles, func(c *fiber.Ctx) error { return nil })
	api.Delete("/users/:id", middleware.AdminOnly, func(c *fiber.Ctx) error { return nil })
	api.Post("/login", func(c *fiber.Ctx) error { return nil })
	app.Listen(":3000")
}
""",
}


def test_go_middleware_held_in_a_package_variable_made_by_a_factory(tmp_path):
    """`var AdminOnly = AuthMiddleware("admin")` in the middleware package, used as
    `middleware.AdminOnly`: the factory's returned function is the guard, whatever the
    variable is called."""
    from conftest import scan_go_module

    eps, _res = scan_go_module(tmp_path, GO_PKG_VAR_MW)
    assert eps[("GET", "/api/classes")].auth == "required"
    assert eps[("DELETE", "/api/users/:id")].auth == "required"
    assert eps[("POST", "/api/login")].auth == "none"
