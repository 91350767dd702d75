"""Routes and auth of backends whose truth was written before auditor ran (session 58: the
held-out batches 43-46), each case from how the framework behaves, with the look-alike that
must not change.
"""
from __future__ import annotations

from auditor.checks.base import is_test_path
from conftest import scan, write_tree


def _auths(root, files: dict) -> set:
    """(method, path, auth) of the explicit endpoints of a scan of `files` under `root`."""
    res = scan(write_tree(root, files))
    return {(e.method, e.path, e.auth) for e in res.endpoints if not e.implicit}


def _unresolved(root, files: dict) -> list:
    return scan(write_tree(root, files)).unresolved_routes


EXPRESS_PKG = '{"name": "shop", "dependencies": {"express": "^4.18.0"}}'


def test_express_use_with_an_answering_function_is_an_endpoint(tmp_path):
    # Express matches a mount path as a prefix: a function that answers and never calls
    # `next` serves every method and path below it; a logger that hands on, a mounted 404
    # fallback and a router are no endpoint of their own
    got = _auths(tmp_path, {"package.json": EXPRESS_PKG, "server.js": """
const express = require('express');
const app = express();
const router = express.Router();
router.get('/list', (req, res) => res.json([]));
app.use('/log', (req, res, next) => { console.log(req.url); next(); });
app.use('/api', router);
app.use('/stationery', (req, res) => res.redirect('/shop/stationery'));
app.use('/legacy', function (req, res, next) { res.status(410).send('gone'); });
app.use('/api', (req, res) => res.status(404).json({ error: 'Not found' }));
app.listen(3000);
"""})
    assert ("ANY", "/stationery", "none") in got
    assert ("ANY", "/legacy", "none") in got
    assert ("GET", "/api/list", "none") in got
    assert not {p for _m, p, _a in got} & {"/log", "/api"}


GO_MOD = "module example.com/shop\n\ngo 1.22\n"


def test_go_middleware_held_in_a_field_a_constructor_fills(tmp_path):
    # `h.adminMiddleware(...)`: the field the package's constructor sets from its third
    # parameter, what the caller hands there (`GetAdminMiddlewareFunc(maker)`, rejecting
    # non-admins with 403 and requests without a token with 401) decides
    got = _auths(tmp_path, {"go.mod": GO_MOD, "main.go": """package main

import (
\t"net/http"

\t"example.com/shop/user"
)

func GetAuthMiddlewareFunc(secret string) func(http.Handler) http.Handler {
\treturn func(next http.Handler) http.Handler {
\t\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\t\tif r.Header.Get("Authorization") == "" {
\t\t\t\thttp.Error(w, "unauthorized", http.StatusUnauthorized)
\t\t\t\treturn
\t\t\t}
\t\t\tnext.ServeHTTP(w, r)
\t\t})
\t}
}

func GetAdminMiddlewareFunc(secret string) func(http.Handler) http.Handler {
\treturn func(next http.Handler) http.Handler {
\t\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\t\ttoken := r.Header.Get("Authorization")
\t\t\tif token == "" {
\t\t\t\thttp.Error(w, "unauthorized", http.StatusUnauthorized)
\t\t\t\treturn
\t\t\t}
\t\t\tif token != secret {
\t\t\t\thttp.Error(w, "forbidden", http.StatusForbidden)
\t\t\t\treturn
\t\t\t}
\t\t\tnext.ServeHTTP(w, r)
\t\t})
\t}
}

func Logging(next http.Handler) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { next.ServeHTTP(w, r) })
}

func main() {
\tmux := http.NewServeMux()
\tauthMiddleware := GetAuthMiddlewareFunc("s")
\tadminMiddleware := GetAdminMiddlewareFunc("s")
\th := user.New(nil, authMiddleware, adminMiddleware, Logging)
\th.SetupRoutes(mux)
\thttp.ListenAndServe(":8080", mux)
}
""", "user/user.go": """package user

import "net/http"

type Handler struct {
\tsvc             interface{}
\tauthMiddleware  func(http.Handler) http.Handler
\tadminMiddleware func(http.Handler) http.Handler
\ttrace           func(http.Handler) http.Handler
}

func New(svc interface{}, authMiddleware, adminMiddleware, trace func(http.Handler) http.Handler) *Handler {
\treturn &Handler{svc: svc, authMiddleware: authMiddleware, adminMiddleware: adminMiddleware, trace: trace}
}

func (h *Handler) SetupRoutes(mux *http.ServeMux) {
\tmux.HandleFunc("POST /auth/login", h.login)
\tmux.Handle("GET /admin/users", h.adminMiddleware(http.HandlerFunc(h.list)))
\tmux.Handle("GET /stats", h.trace(http.HandlerFunc(h.list)))
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }
func (h *Handler) list(w http.ResponseWriter, r *http.Request)  { w.Write([]byte("[]")) }
"""})
    assert ("GET", "/admin/users", "required") in got
    assert ("GET", "/stats", "none") in got  # (a pass-through wrapper handed in the same way)
    assert ("POST", "/auth/login", "none") in got


def test_go_server_handler_wrapped_at_listen_and_serve(tmp_path):
    # `http.ListenAndServe(addr, cors(auth(router)))`: the server runs the wrappers before
    # every route; the paths the guard compares with `r.URL.String() !=` are let through
    files = {"go.mod": GO_MOD, "main.go": """package main

import "net/http"

func CheckUser(next http.Handler) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\tif r.URL.String() != "/api/login" && r.URL.String() != "/api/register" {
\t\t\tc, err := r.Cookie("token")
\t\t\tif err != nil || c.Value == "" {
\t\t\t\thttp.Error(w, "login", http.StatusUnauthorized)
\t\t\t\treturn
\t\t\t}
\t\t}
\t\tnext.ServeHTTP(w, r)
\t})
}

func CORS(next http.Handler) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\tw.Header().Set("Access-Control-Allow-Origin", "*")
\t\tnext.ServeHTTP(w, r)
\t})
}

func ok(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }

func main() {
\trouter := http.NewServeMux()
\trouter.HandleFunc("POST /api/login", ok)
\trouter.HandleFunc("POST /api/register", ok)
\trouter.HandleFunc("GET /api/posts", ok)
\thttp.ListenAndServe(":8080", CORS(CheckUser(router)))
}
"""}
    got = _auths(tmp_path, files)
    assert ("GET", "/api/posts", "required") in got
    assert ("POST", "/api/login", "none") in got
    assert ("POST", "/api/register", "none") in got


def test_go_server_literal_handler_field(tmp_path):
    got = _auths(tmp_path, {"go.mod": GO_MOD, "main.go": """package main

import "net/http"

func RequireToken(next http.Handler) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\tif r.Header.Get("Authorization") == "" {
\t\t\thttp.Error(w, "unauthorized", http.StatusUnauthorized)
\t\t\treturn
\t\t}
\t\tnext.ServeHTTP(w, r)
\t})
}

func ok(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }

func main() {
\tmux := http.NewServeMux()
\tmux.HandleFunc("GET /items", ok)
\tsrv := &http.Server{Addr: ":8080"}
\t_ = srv
\t(&http.Server{Addr: ":9090", Handler: RequireToken(mux)}).ListenAndServe()
}
"""})
    assert ("GET", "/items", "required") in got


def test_fastapi_dependencies_given_by_a_module_list(tmp_path):
    # `PROTECTED = [Depends(check_token)]` then `include_router(r, dependencies=PROTECTED)`
    got = _auths(tmp_path, {"requirements.txt": "fastapi\n", "main.py": """
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Header

def check_token(authorization: str = Header(None)):
    if not authorization:
        raise HTTPException(status_code=401, detail="no token")
    return authorization

patients = APIRouter(prefix="/patients")
tokens = APIRouter(prefix="/tokens")

@patients.get("")
def list_patients():
    return []

@tokens.post("")
def login():
    return {"token": "t"}

PROTECTED = [Depends(check_token)]
api = APIRouter(prefix="/api")
api.include_router(patients, dependencies=PROTECTED)
api.include_router(tokens)
app = FastAPI()
app.include_router(api)
"""})
    assert ("GET", "/api/patients", "required") in got
    assert ("POST", "/api/tokens", "none") in got


DRF_SETTINGS = """
INSTALLED_APPS = ["rest_framework"]
ROOT_URLCONF = "proj.urls"
"""


def test_drf_router_registered_in_a_loop_over_a_literal_table(tmp_path):
    # `for entry in LIST_V1: router.register(entry[0], entry[1])` registers each element at
    # import; a view subclass in a module naming no framework (overriding only
    # get_serializer_class) still gets the settings' default permissions through its base
    files = {
        "requirements.txt": "django\ndjangorestframework\n",
        "proj/__init__.py": "",
        "proj/settings/__init__.py": "from .base import *\n",
        "proj/settings/base.py": DRF_SETTINGS + "from .drf import *\n",
        "proj/settings/drf.py": """REST_FRAMEWORK = {
    'DEFAULT_PERMISSION_CLASSES': ('rest_framework.permissions.IsAuthenticated',),
}
""",
        "tasks/__init__.py": "",
        "tasks/base_views.py": """from rest_framework import mixins, viewsets

class TaskViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    def get_queryset(self):
        return []
""",
        "tasks/v1_views.py": """from .base_views import TaskViewSet

class TaskViewSetV1(TaskViewSet):
    def get_serializer_class(self):
        return None
""",
        "proj/api_urls.py": """from django.urls import include, path
from rest_framework import routers
from tasks.v1_views import TaskViewSetV1

router_v1 = routers.DefaultRouter()
LIST_V1 = [
    (r'tasks', TaskViewSetV1, 'tasks'),
]
for entry in LIST_V1:
    router_v1.register(entry[0], entry[1], basename=entry[2])

urlpatterns = [path('v1/', include(router_v1.urls))]
""",
        "proj/urls.py": """from django.urls import include, path

urlpatterns = [path('', include('proj.api_urls'))]
""",
    }
    got = _auths(tmp_path, files)
    assert ("GET", "/v1/tasks/", "required") in got
    assert ("POST", "/v1/tasks/", "required") in got


def test_drf_register_unpacked_loop(tmp_path):
    files = {
        "requirements.txt": "django\ndjangorestframework\n",
        "app/__init__.py": "",
        "app/views.py": """from rest_framework import viewsets
from rest_framework.permissions import AllowAny

class NoteViewSet(viewsets.ModelViewSet):
    permission_classes = [AllowAny]
""",
        "app/urls.py": """from rest_framework.routers import DefaultRouter
from app.views import NoteViewSet

router = DefaultRouter()
for prefix, viewset in (("notes", NoteViewSet),):
    router.register(prefix, viewset)
urlpatterns = router.urls
""",
        "settings.py": DRF_SETTINGS.replace("proj.urls", "app.urls"),
    }
    got = {(m, p) for m, p, _a in _auths(tmp_path, files)}
    assert ("GET", "/notes/") in got and ("DELETE", "/notes/{pk}/") in got


NEST_PKG = '{"name": "api", "dependencies": {"@nestjs/core": "^10.0.0", "@nestjs/common": "^10.0.0"}}'


def test_nest_controllers_of_a_module_the_application_never_loads(tmp_path):
    # Nest serves the controllers of the modules reachable from the root module handed to
    # NestFactory.create through `imports`; a declared module nobody imports serves nothing
    # (and says so), one imported through `forwardRef` or a dynamic `forRoot` is loaded
    files = {
        "package.json": NEST_PKG,
        "src/main.ts": """import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule, { cors: true });
  await app.listen(3000);
}
bootstrap();
""",
        "src/app.module.ts": """import { Module, forwardRef } from '@nestjs/common';
import { UsersModule } from './users/users.module';
import { BillingModule } from './billing/billing.module';
@Module({
  imports: [forwardRef(() => UsersModule), BillingModule.forRoot({ key: 'x' })],
})
export class AppModule {}
""",
        "src/users/users.module.ts": """import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';
@Module({ controllers: [UsersController] })
export class UsersModule {}
""",
        "src/users/users.controller.ts": """import { Controller, Get } from '@nestjs/common';
@Controller('users')
export class UsersController {
  @Get()
  list() { return []; }
}
""",
        "src/billing/billing.module.ts": """import { Module } from '@nestjs/common';
import { BillingController } from './billing.controller';
@Module({ controllers: [BillingController] })
export class BillingModule { static forRoot(o: any) { return { module: BillingModule }; } }
""",
        "src/billing/billing.controller.ts": """import { Controller, Get } from '@nestjs/common';
@Controller('billing')
export class BillingController {
  @Get()
  list() { return []; }
}
""",
        "src/cheat/cheat.module.ts": """import { Module } from '@nestjs/common';
import { CheatController } from './cheat.controller';
@Module({ controllers: [CheatController] })
export class CheatModule {}
""",
        "src/cheat/cheat.controller.ts": """import { Controller, Delete } from '@nestjs/common';
@Controller('cheat')
export class CheatController {
  @Delete('room')
  wipe() { return true; }
}
""",
    }
    res = scan(write_tree(tmp_path, files))
    paths = {(e.method, e.path) for e in res.endpoints if not e.implicit}
    assert ("GET", "/users") in paths and ("GET", "/billing") in paths
    assert ("DELETE", "/cheat/room") not in paths
    assert any("CheatController" in u["reason"] and "loads" in u["reason"]
               for u in res.unresolved_routes)


def test_next_route_segments_named_like_test_folders_are_routes():
    # Next.js routes by folder name: `specs`, `mocks`, `samples` below app/ are URL segments
    assert not is_test_path("app/api/projects/[projectId]/specs/route.ts")
    assert not is_test_path("src/app/api/mocks/route.ts")
    assert not is_test_path("pages/api/samples/[id].ts")
    # a test beside the route, a private folder, a fixture app: still tests
    assert is_test_path("app/api/x/route.test.ts")
    assert is_test_path("app/api/__tests__/route.ts")
    assert is_test_path("tests/fixtures/app/api/x/route.ts")
    assert is_test_path("src/specs/helpers.ts")
