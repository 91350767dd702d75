"""Routes and auth of backends whose truth was written before auditor ran (session 58: the
held-out batches 43-46), each case from how the framework behaves, with the look-alike that
must not change.
"""
from __future__ import annotations

from auditor.checks.base import is_test_path
from conftest import assert_findings, scan, write_tree


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


def test_nest_guard_skipped_for_the_values_a_route_lists(tmp_path):
    # a global JWT guard that lets a route through when its metadata list includes the
    # guard's own name: `@PublicGuard([GuardName.JwtGuard])` is public, a route listing only
    # another guard's name is still guarded by it
    files = {
        "package.json": NEST_PKG.replace('"@nestjs/common"', '"@nestjs/passport": "^10.0.0", '
                                         '"@nestjs/common"'),
        "src/main.ts": """import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() { const app = await NestFactory.create(AppModule); await app.listen(3000); }
bootstrap();
""",
        "src/app.module.ts": """import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppController } from './app.controller';
import { JwtAuthGuard } from './jwt-auth.guard';
@Module({ controllers: [AppController], providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })
export class AppModule {}
""",
        "src/guard-name.ts": "export enum GuardName { JwtGuard = 'jwt', NicknameGuard = 'nick' }\n",
        "src/public-guard.decorator.ts": """import { SetMetadata } from '@nestjs/common';
import { GuardName } from './guard-name';
export const PUBLIC_GUARDS_KEY = 'publicGuards';
export const PublicGuard = (guardNames: GuardName[]) => SetMetadata(PUBLIC_GUARDS_KEY, guardNames);
""",
        "src/jwt-auth.guard.ts": """import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { PUBLIC_GUARDS_KEY } from './public-guard.decorator';
import { GuardName } from './guard-name';
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private reflector: Reflector) { super(); }
  canActivate(context: ExecutionContext) {
    const publicGuardNames = this.reflector.getAllAndOverride<GuardName[]>(
      PUBLIC_GUARDS_KEY,
      [context.getHandler(), context.getClass()],
    );
    if (publicGuardNames?.includes(GuardName.JwtGuard)) {
      return true;
    }
    return super.canActivate(context);
  }
}
""",
        "src/app.controller.ts": """import { Controller, Get, Post } from '@nestjs/common';
import { PublicGuard } from './public-guard.decorator';
import { GuardName } from './guard-name';
@Controller()
export class AppController {
  @Get()
  @PublicGuard([GuardName.JwtGuard])
  home() { return 'hi'; }

  @Post('nickname')
  @PublicGuard([GuardName.NicknameGuard])
  setNickname() { return 'ok'; }

  @Get('me')
  me() { return 'me'; }
}
""",
    }
    got = _auths(tmp_path, files)
    assert ("GET", "/", "none") in got
    assert ("POST", "/nickname", "required") in got
    assert ("GET", "/me", "required") in got


def test_nethttp_patterns_from_aliased_constants_and_a_middleware_stack(tmp_path):
    # `fmt.Sprintf("GET /boards/{%s}", c.PathValueBoardId)` with `c` an alias of the tree's
    # constants package; `middleware.CreateStack(handler, m.Auth)` wraps the handler in the
    # middleware listed after it; a CORS middleware naming Authorization among the allowed
    # headers (and refusing other origins with 403) reads no credential
    files = {"go.mod": "module lb\n\ngo 1.22\n",
             "internal/constants/constants.go": """package constants

const (
\tPathValueBoardId = "bid"
)
""",
             "internal/middleware/mw.go": """package middleware

import (
\t"net/http"
\t"os"
)

type MiddlewareFunc func(http.Handler) http.Handler

func CreateStack(handler http.Handler, stacks ...MiddlewareFunc) http.Handler {
\tfor i := len(stacks) - 1; i >= 0; i-- {
\t\thandler = stacks[i](handler)
\t}
\treturn handler
}

func Cors(next http.Handler) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\torigin := r.Header.Get("Origin")
\t\tif os.Getenv("ENV") == "PRODUCTION" && origin != os.Getenv("FRONTEND") {
\t\t\tw.WriteHeader(403)
\t\t\treturn
\t\t}
\t\tw.Header().Set("Access-Control-Allow-Origin", origin)
\t\tw.Header().Set("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type")
\t\tnext.ServeHTTP(w, r)
\t})
}

type Middleware struct{}

func (m Middleware) Auth(next http.Handler) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\ttoken := r.Header.Get("Authorization")
\t\tif token == "" {
\t\t\thttp.Error(w, "unauthorized", http.StatusUnauthorized)
\t\t\treturn
\t\t}
\t\tnext.ServeHTTP(w, r)
\t})
}
""",
             "internal/server/routes.go": """package server

import (
\t"fmt"
\t"net/http"

\tc "lb/internal/constants"
\t"lb/internal/middleware"
)

func ok(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }

func Routes() http.Handler {
\tmux := http.NewServeMux()
\tm := middleware.Middleware{}
\tmux.HandleFunc("POST /auth/login", ok)
\tmux.HandleFunc(fmt.Sprintf("GET /boards/{%s}", c.PathValueBoardId), ok)
\tmux.Handle("GET /favorites", middleware.CreateStack(http.HandlerFunc(ok), m.Auth))
\treturn middleware.Cors(mux)
}
"""}
    got = _auths(tmp_path, files)
    assert ("GET", "/boards/{bid}", "none") in got
    assert ("GET", "/favorites", "required") in got
    assert ("POST", "/auth/login", "none") in got


def test_echo_middleware_passing_only_after_a_successful_check(tmp_path):
    # `if err == nil { c.Set("user_id", ...); return next(c) }` passes a request whose token
    # checked out; without one the middleware ends in 401: required, not optional
    files = {"go.mod": "module tk\n\ngo 1.22\n\nrequire github.com/labstack/echo/v4 v4.11.0\n",
             "main.go": """package main

import (
\t"net/http"
\t"strings"

\t"github.com/labstack/echo/v4"
)

func validate(tok string) (string, error) { return tok, nil }

func Auth() echo.MiddlewareFunc {
\treturn func(next echo.HandlerFunc) echo.HandlerFunc {
\t\treturn func(c echo.Context) error {
\t\t\tauthHeader := c.Request().Header.Get("Authorization")
\t\t\tif authHeader != "" {
\t\t\t\tparts := strings.Split(authHeader, " ")
\t\t\t\tif len(parts) == 2 && parts[0] == "Bearer" {
\t\t\t\t\tuid, err := validate(parts[1])
\t\t\t\t\tif err == nil {
\t\t\t\t\t\tc.Set("user_id", uid)
\t\t\t\t\t\treturn next(c)
\t\t\t\t\t}
\t\t\t\t}
\t\t\t}
\t\t\treturn echo.NewHTTPError(http.StatusUnauthorized, "missing or invalid credentials")
\t\t}
\t}
}

func list(c echo.Context) error { return c.JSON(200, []string{}) }

func main() {
\te := echo.New()
\tapi := e.Group("/api")
\tapi.Use(Auth())
\tapi.GET("/tasks", list)
\te.Start(":8080")
}
"""}
    assert ("GET", "/api/tasks", "required") in _auths(tmp_path, files)


def test_gin_library_adapter_options_are_no_middleware(tmp_path):
    files = {"go.mod": "module k\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n",
             "main.go": """package main

import (
\t"github.com/gin-gonic/gin"
\tswaggerFiles "github.com/swaggo/files"
\tginSwagger "github.com/swaggo/gin-swagger"
)

func main() {
\tr := gin.Default()
\tr.GET("/swagger/*any", ginSwagger.WrapHandler(swaggerFiles.Handler, ginSwagger.URL("/doc.json"), ginSwagger.PersistAuthorization(true)))
\tr.Run()
}
"""}
    assert ("GET", "/swagger/*any", "none") in _auths(tmp_path, files)


def test_drf_base_class_of_the_same_module_among_same_named_ones(tmp_path):
    # three apps each define `APIViewWithPermission`; a view's base is the one its own module
    # defines (AllowAny here), and a tree class named "...Permission" is no library mixin
    files = {
        "requirements.txt": "django\ndjangorestframework\n",
        "settings.py": DRF_SETTINGS.replace("proj.urls", "urls"),
        "portfolio/__init__.py": "",
        "portfolio/views.py": """from rest_framework.views import APIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

class APIViewWithPermission(APIView):
    permission_classes = (IsAuthenticated,)

class Holdings(APIViewWithPermission):
    def get(self, request):
        return Response([])
""",
        "securities/__init__.py": "",
        "securities/views.py": """from rest_framework.views import APIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

class APIViewWithPermission(APIView):
    permission_classes = [AllowAny]

class Stocks(APIViewWithPermission):
    def get(self, request):
        return Response([])
""",
        "urls.py": """from django.urls import path
from portfolio.views import Holdings
from securities.views import Stocks

urlpatterns = [path('holdings/', Holdings.as_view()), path('stocks/', Stocks.as_view())]
""",
    }
    got = _auths(tmp_path, files)
    assert ("GET", "/stocks/", "none") in got
    assert ("GET", "/holdings/", "required") in got


def test_flask_upload_saved_under_a_pathlib_join_of_its_own_name(tmp_path):
    # `UPLOAD_FOLDER / file.filename`: pathlib's `/` joins; secure_filename on the way is safe
    assert_findings(tmp_path, {"app.py": """from pathlib import Path
from flask import Flask, request
from werkzeug.utils import secure_filename
app = Flask(__name__)
UPLOAD_FOLDER = Path("uploads")

@app.route("/a", methods=["POST"])
def a():
    file = request.files.get("photo")
    save_path = UPLOAD_FOLDER / file.filename
    file.save(save_path)
    return "ok"

@app.route("/b", methods=["POST"])
def b():
    file = request.files.get("photo")
    file.save(UPLOAD_FOLDER / secure_filename(file.filename))
    return "ok"

@app.route("/c")
def c():
    n = int(request.args["n"])
    return str(n / 2)
"""}, "path-traversal", {("path-traversal", 11)})


def test_an_http_clients_answer_is_not_the_request_text(tmp_path):
    # the redirect target comes back from another server (the app's own API): not the
    # request's text; a target taken from the query is
    assert_findings(tmp_path, {"package.json": '{"dependencies": {"express": "^4", "axios": "^1"}}',
                               "app.js": """const express = require('express');
const axios = require('axios');
const app = express();
app.get('/b', async (req, res) => {
  const { data } = await axios.get(`http://localhost:3000/api?e=${req.query.e}`);
  res.redirect(data.redirect);
});
app.get('/c', (req, res) => {
  res.redirect(req.query.next);
});
app.listen(3000);
"""}, "open-redirect", {("open-redirect", 9)})


def test_template_outputs_left_unescaped_with_request_data(tmp_path):
    # Flask: `|safe` in an .html template and any output of a .j2 one (Flask autoescapes only
    # .html/.htm/.xml/.xhtml/.svg); Express + EJS `<%- %>` and Pug `!=`; Django
    # `{% autoescape off %}`. Look-alikes: the escaped outputs, a constant under |safe, a
    # request value under an escaping filter, a loop over a constant list
    files = {
        "app.py": """from flask import Flask, request, render_template
app = Flask(__name__)

@app.route("/search")
def search():
    q = request.args.get("q", "")
    return render_template("search.html", q=q, title="Search", n=int(request.args["n"]))

@app.route("/hello")
def hello():
    return render_template("hello.j2", name=request.args.get("name"))
""",
        "templates/search.html": """<h1>{{ title|safe }}</h1>
<p>You searched {{ q | safe }}</p>
<p>{{ q }} {{ q|e }} {{ n|safe }}</p>
{% for item in q %}<i>{{ item|safe }}</i>{% endfor %}
""",
        "templates/hello.j2": "Hello {{ name }}!\n",
        "package.json": '{"dependencies": {"express": "^4", "ejs": "^3", "pug": "^3"}}',
        "server.js": """const express = require('express');
const app = express();
app.get('/p', (req, res) => {
  const name = req.query.name;
  res.render('page', { name, count: 3 });
});
app.post('/s', (req, res) => {
  res.render('result.pug', { searchText: req.body.searchText });
});
app.listen(3000);
""",
        "views/page.ejs": "<h1><%= name %></h1>\n<div><%- name %></div>\n<%- include('footer') %>\n"
                          "<%- count %>\n",
        "views/result.pug": "extends layout\nblock content\n  h1!= 'Results for: ' + searchText\n"
                            "  p= searchText\n",
    }
    assert_findings(tmp_path, files, "xss",
                    {("templates/search.html", 2), ("templates/search.html", 4),
                     ("templates/hello.j2", 1), ("views/page.ejs", 2),
                     ("views/result.pug", 3)}, by_file=True)


def test_django_template_with_autoescape_off(tmp_path):
    files = {
        "requirements.txt": "django\n",
        "shop/__init__.py": "",
        "shop/views.py": """from django.shortcuts import render

def profile(request):
    context = {"bio": request.GET.get("bio", ""), "motto": "hi"}
    return render(request, "shop/profile.html", context)
""",
        "shop/templates/shop/profile.html": """<p>{{ bio }}</p>
{% autoescape off %}
<p>{{ bio }}</p>
<p>{{ motto }}</p>
{% endautoescape %}
""",
    }
    assert_findings(tmp_path, files, "xss", {("shop/templates/shop/profile.html", 3)},
                    by_file=True)


def test_gorilla_route_table_below_a_receiver_field_prefix(tmp_path):
    # `router.HandleFunc(m.path+route.Path, route.Handler).Methods(route.Methods...)` over a
    # literal table; `m.path` is what every literal of the module type sets it to; an entry
    # with `Path: ""` is the prefix itself; `Methods: []string{...}` gives its methods
    files = {"go.mod": "module shop\n\ngo 1.22\n\nrequire github.com/gorilla/mux v1.8.0\n",
             "modules/product.go": """package modules

import (
\t"net/http"

\t"github.com/gorilla/mux"
)

type ModuleRoute struct {
\tName    string
\tPath    string
\tHandler http.HandlerFunc
\tMethods []string
}

type productModule struct {
\tname string
\tpath string
}

func NewProductModule() productModule {
\treturn productModule{name: "product", path: "/product"}
}

func (m productModule) RegisterRoutes(router *mux.Router) {
\troutes := []ModuleRoute{
\t\t{Name: "GetAll", Path: "", Handler: m.getAll, Methods: []string{http.MethodGet}},
\t\t{Name: "Get", Path: "/{id}", Handler: m.get, Methods: []string{http.MethodGet, http.MethodDelete}},
\t}
\tfor _, route := range routes {
\t\trouter.HandleFunc(m.path+route.Path, route.Handler).Methods(route.Methods...)
\t}
}

func (m productModule) getAll(w http.ResponseWriter, r *http.Request) {}
func (m productModule) get(w http.ResponseWriter, r *http.Request)    {}
""",
             "main.go": """package main

import (
\t"net/http"

\t"github.com/gorilla/mux"
\t"shop/modules"
)

func main() {
\tr := mux.NewRouter()
\tapi := r.PathPrefix("/api").Subrouter()
\tmodules.NewProductModule().RegisterRoutes(api)
\thttp.ListenAndServe(":8080", r)
}
"""}
    got = {(m, p) for m, p, _a in _auths(tmp_path, files)}
    assert {("GET", "/api/product"), ("GET", "/api/product/{id}"),
            ("DELETE", "/api/product/{id}")} <= got


def test_go_package_below_an_underscore_folder_nobody_imports(tmp_path):
    # the go tool leaves `_blueprint` out of ./... and nothing imports it: its routes are
    # built by nobody; the same package imported by main is served
    blueprint = """package {pkg}

import "github.com/labstack/echo/v4"

func Routes(e *echo.Echo) {{
\tg := e.Group("/{name}")
\tg.GET("", func(c echo.Context) error {{ return c.String(200, "ok") }})
}}
"""
    files = {"go.mod": "module lib\n\ngo 1.22\n\nrequire github.com/labstack/echo/v4 v4.11.0\n",
             "features/_blueprint/routes.go": blueprint.format(pkg="routes", name="placeholders"),
             "features/_books/routes.go": blueprint.format(pkg="books", name="books"),
             "main.go": """package main

import (
\t"github.com/labstack/echo/v4"
\tbooks "lib/features/_books"
)

func main() {
\te := echo.New()
\tbooks.Routes(e)
\te.Start(":8080")
}
"""}
    got = {(m, p) for m, p, _a in _auths(tmp_path, files)}
    assert ("GET", "/books") in got
    assert not any(p.startswith("/placeholders") for _m, p in got)


def test_starlette_template_response_autoescapes(tmp_path):
    files = {
        "main.py": """from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates
app = FastAPI()
templates = Jinja2Templates(directory="templates")

@app.get("/issues")
def issues(request: Request, q: str = ""):
    return templates.TemplateResponse("issues.html", {"request": request, "q": q})
""",
        "templates/issues.html": '<input value="{{ q|safe }}">\\n<p>{{ q }}</p>\\n',
    }
    assert_findings(tmp_path, files, "xss", {("templates/issues.html", 1)}, by_file=True)


def test_template_xss_keeps_the_flows_across_functions(tmp_path):
    # the template part of xss is added to its cross-function flows, not instead of them
    files = {
        "app.py": """from flask import Flask, request, render_template
app = Flask(__name__)

def user_input():
    return request.args.get("q", "")

@app.route("/raw")
def raw():
    page = "<p>" + user_input() + "</p>"
    return page

@app.route("/tpl")
def tpl():
    return render_template("t.html", q=request.args.get("q"))
""",
        "templates/t.html": "{{ q|safe }}\n",
    }
    assert_findings(tmp_path, files, "xss", {("app.py", 10), ("templates/t.html", 1)},
                    by_file=True)


def test_sql_columns_from_body_keys_filtered_by_a_constant_allowlist(tmp_path):
    # keys of the body kept only when a constant list includes them: each column is one of
    # the list's (values bound); the same keys unfiltered choose the columns
    assert_findings(tmp_path, {"package.json": '{"dependencies":{"express":"^4","mysql2":"^3"}}',
                               "users.js": """const express = require('express');
const pool = require('mysql2/promise').createPool({});
const router = express.Router();
router.put('/:id', async (req, res) => {
  const patchSchema = ['full_name', 'phone'];
  const updates = req.body;
  const parametersToApply = Object.keys(updates).filter((key) => patchSchema.includes(key));
  const setClause = parametersToApply.map((key) => `${key} = ?`).join(', ');
  const bindValues = parametersToApply.map((key) => updates[key]);
  await pool.query(`UPDATE users SET ${setClause} WHERE id = ?`, bindValues);
  const cols = Object.keys(updates).map((key) => `${key} = ?`).join(', ');
  await pool.query(`UPDATE users SET ${cols} WHERE id = ?`, bindValues);
  res.json({});
});
module.exports = router;
"""}, "sql-injection", {("sql-injection", 12)})


def test_flask_blueprint_in_a_module_nobody_imports_serves_nothing(tmp_path):
    files = {
        "app/__init__.py": """from flask import Flask
app = Flask(__name__)
from app.users.view import users_bp
#from app.old.view import old_bp
app.register_blueprint(users_bp)
""",
        "app/users/__init__.py": "",
        "app/users/view.py": """from flask import Blueprint
users_bp = Blueprint('users', __name__, url_prefix='/api/users')

@users_bp.route('/')
def list_users():
    return []
""",
        "app/old/__init__.py": "",
        "app/old/view.py": """from flask import Blueprint
old_bp = Blueprint('old', __name__, url_prefix='/api/old')

@old_bp.route('/')
def list_old():
    return []
""",
    }
    res = scan(write_tree(tmp_path, files))
    paths = {e.path for e in res.endpoints if not e.implicit}
    assert "/api/users/" in paths and not any(p.startswith("/api/old") for p in paths)
    assert any("no app registers" in u["reason"] for u in res.unresolved_routes)


def test_the_whole_sql_statement_read_from_the_request_with_a_key_or_default(tmp_path):
    # `cursor.execute(request.GET["sql"])`, `request.args.get("query", "SELECT 1")`: the
    # request's text is the whole statement (its key and default are no SQL built around it);
    # a value passed through a helper, or a constant statement, is not this
    assert_findings(tmp_path, {"app.py": """import sqlite3
from flask import Flask, request
app = Flask(__name__)
db = sqlite3.connect("x.db")

def clean(q):
    return "SELECT 1"

@app.route("/debug")
def debug():
    query = request.args.get("query", "SELECT 1")
    cur = db.cursor()
    cur.execute(query)
    cur.execute(request.args["sql"])
    cur.execute(clean(request.args["q"]))
    cur.execute("SELECT name FROM t WHERE id = ?", (request.args["id"],))
    return "ok"
"""}, "sql-injection", {("sql-injection", 13), ("sql-injection", 14)})


def test_fastapi_prefix_built_from_the_factorys_locals(tmp_path):
    # `BASE_PATH = f"{prefix}/api/{VERSION}"` in `create_application(prefix="")`: the routers'
    # prefixes are computed from the function's own assignments and the parameter's default
    files = {"requirements.txt": "fastapi\n", "main.py": """from fastapi import APIRouter, FastAPI

auth_router = APIRouter()

@auth_router.post("/login")
def login():
    return {}

def create_application(prefix=""):
    app = FastAPI()
    VERSION = "v1"
    BASE_PATH = f"{prefix}/api/{VERSION}"
    app.include_router(auth_router, prefix=f"{BASE_PATH}/authentication")
    return app

application = create_application()
"""}
    got = {(m, p) for m, p, _a in _auths(tmp_path, files)}
    assert ("POST", "/api/v1/authentication/login") in got


def test_next_handler_refusing_when_a_predicate_of_the_session_fails(tmp_path):
    # `if (!isAdmin(session?.user?.email)) return 403`: refused without a session too; a
    # handler that only personalises with the session stays optional
    files = {"package.json": '{"dependencies": {"next": "14.0.0", "next-auth": "4.24.0"}}',
             "app/api/admin/promo/route.ts": """import { NextResponse } from "next/server";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth";

function isAdmin(email: string | null | undefined): boolean {
  const adminEmail = process.env.ADMIN_EMAIL;
  if (!adminEmail || !email) return false;
  return email === adminEmail;
}

export async function GET() {
  const session = await getServerSession(authOptions);
  if (!isAdmin(session?.user?.email)) {
    return NextResponse.json({ error: "Forbidden" }, { status: 403 });
  }
  return NextResponse.json([]);
}
""",
             "app/api/feed/route.ts": """import { NextResponse } from "next/server";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth";

export async function GET() {
  const session = await getServerSession(authOptions);
  return NextResponse.json({ me: session?.user?.email ?? null });
}
""",
             "lib/auth.ts": "export const authOptions = {};\n"}
    got = _auths(tmp_path, files)
    assert ("GET", "/api/admin/promo", "required") in got
    assert ("GET", "/api/feed", "optional") in got


def test_go_library_middleware_is_not_a_tree_function_of_the_same_name(tmp_path):
    # `ddEcho.Middleware(...)` is the tracing library's; the tree's own `Middleware` (an admin
    # check) guards only the routes that use it
    files = {"go.mod": "module hub\n\ngo 1.22\n\nrequire github.com/labstack/echo/v4 v4.11.0\n",
             "lib/admin.go": """package lib

import (
\t"net/http"

\t"github.com/labstack/echo/v4"
)

func Middleware(token string) echo.MiddlewareFunc {
\treturn func(next echo.HandlerFunc) echo.HandlerFunc {
\t\treturn func(c echo.Context) error {
\t\t\tif c.Request().Header.Get("Authorization") != token {
\t\t\t\treturn echo.NewHTTPError(http.StatusUnauthorized, "no")
\t\t\t}
\t\t\treturn next(c)
\t\t}
\t}
}
""",
             "main.go": """package main

import (
\t"github.com/labstack/echo/v4"
\tddEcho "gopkg.in/DataDog/dd-trace-go.v1/contrib/labstack/echo.v4"
\t"hub/lib"
)

func ok(c echo.Context) error { return c.String(200, "ok") }

func main() {
\te := echo.New()
\te.Use(ddEcho.Middleware(ddEcho.WithServiceName("hub")))
\te.GET("/", ok)
\te.POST("/admin", ok, lib.Middleware("t"))
\te.Start(":8080")
}
"""}
    got = _auths(tmp_path, files)
    assert ("GET", "/", "none") in got
    assert ("POST", "/admin", "required") in got


def test_express_middleware_returning_without_next_ends_the_request(tmp_path):
    # `if (!session) return;` in a middleware handed `next`, after a helper that answered
    # 401: the request ends there (a bare return passes nothing on in Express)
    files = {"package.json": EXPRESS_PKG, "validate.js": """function validateSession(req, res) {
  const token = req.headers['x-actual-token'];
  const session = token === 'ok' ? { user: 1 } : null;
  if (!session) {
    res.status(401);
    res.send({ status: 'error', reason: 'unauthorized' });
    return null;
  }
  return session;
}
module.exports = validateSession;
""", "server.js": """const express = require('express');
const validateSession = require('./validate');
const app = express();
const validateSessionMiddleware = async (req, res, next) => {
  let session = await validateSession(req, res);
  if (!session) {
    return;
  }
  res.locals = session;
  next();
};
app.get('/public', (req, res) => res.send('hi'));
app.get('/sync', validateSessionMiddleware, (req, res) => res.json({}));
app.listen(3000);
"""}
    got = _auths(tmp_path, files)
    assert ("GET", "/sync", "required") in got
    assert ("GET", "/public", "none") in got


def test_flask_api_key_helper_comparing_the_configured_key(tmp_path):
    # `if app.config["APP"]["api_access_key"] != get_value(request, "key"): abort(401)` called
    # first by the views: a shared secret the request presents
    files = {"app.py": """from flask import Flask, abort, request as flask_request
app = Flask(__name__)
app.config["APP"] = {"api_access_key": "x"}

def get_value(req, key):
    return req.args.get(key) or req.form.get(key)

def api_key_is_valid(app, flask_request):
    if app.config["APP"]["api_access_key"] != get_value(flask_request, "key"):
        abort(401, "API_invalid")
    return

@app.route("/results/get")
def results():
    api_key_is_valid(app, flask_request)
    return "[]"

@app.route("/health")
def health():
    return "ok"
"""}
    got = _auths(tmp_path, files)
    assert ("GET", "/results/get", "required") in got
    assert ("GET", "/health", "none") in got


def test_jinja_safe_filter_binds_to_the_else_branch_only(tmp_path):
    # `{{ t if t else '' | safe }}`: the filter applies to '' (filters bind tighter than the
    # conditional), `t` is escaped; `{{ '' if not t else t | safe }}` leaves `t` unescaped
    files = {"app.py": """from flask import Flask, request, render_template
app = Flask(__name__)

@app.route("/search")
def search():
    return render_template("s.html", t=request.args.get("t"))
""", "templates/s.html": "<input value=\"{{ t if t else '' | safe }}\">\n"
                         "<p>{{ '' if not t else t | safe }}</p>\n"}
    assert_findings(tmp_path, files, "xss", {("templates/s.html", 2)}, by_file=True)


def test_template_reads_only_the_tainted_field_of_an_object(tmp_path):
    # `output = {products: rows, searchTerm: req.body.name}` handed as `output`: the template's
    # `output.searchTerm` carries the request, `output.products[i].name` stored data
    files = {"package.json": EXPRESS_PKG, "app.js": """const express = require('express');
const app = express();
app.post('/search', (req, res) => {
  const rows = [];
  const output = { products: rows, searchTerm: req.body.name };
  res.render('products', { output: output });
});
app.listen(3000);
""", "views/products.ejs": "<p><%- output.searchTerm %></p>\n<% for (var i = 0; i < 2; i++) { %>\n"
                           "<td><%- output.products[i].name %></td>\n<% } %>\n"}
    assert_findings(tmp_path, files, "xss", {("views/products.ejs", 1)}, by_file=True)


def test_django_generic_view_model_through_a_star_import(tmp_path):
    # `from shopapp.models import *` in the views of a project one folder down: `model =
    # Servicio` of an UpdateView is the model's class, the view reads and writes it
    files = {"Shop/manage.py": "import os\n",
             "Shop/shopapp/__init__.py": "",
             "Shop/shopapp/models.py": "from django.db import models\n\n"
                                       "class Servicio(models.Model):\n"
                                       "    name = models.CharField(max_length=10)\n",
             "Shop/shopapp/views.py": "from shopapp.models import *\n"
                                      "from django.views.generic.edit import UpdateView\n\n"
                                      "class Modificar(UpdateView):\n"
                                      "    model = Servicio\n    fields = ['name']\n",
             "Shop/shopapp/urls.py": "from django.urls import path\nfrom shopapp import views\n"
                                     "urlpatterns = [path('editar/<int:pk>', "
                                     "views.Modificar.as_view())]\n"}
    res = scan(write_tree(tmp_path, files))
    got = {e.method: bool(e.data_sites) for e in res.endpoints if not e.implicit}
    assert got.get("GET") and got.get("POST")


BOB_MOD = """module bt

go 1.22

require (
\tgithub.com/labstack/echo/v4 v4.11.0
\tgithub.com/stephenafamo/bob v0.30.0
)
"""


def _data(tmp_path, files) -> dict:
    res = scan(write_tree(tmp_path, files))
    return {(e.method, e.path): bool(e.data_sites) for e in res.endpoints if not e.implicit}


def test_bob_generated_tables_are_data_access(tmp_path):
    # stephenafamo/bob: `models.Users.Query().All(ctx, exec)` on a generated table
    files = {"go.mod": BOB_MOD,
             "models/users.go": """package models

import "github.com/stephenafamo/bob/dialect/mysql"

type User struct{ ID string }
type UserSlice []*User
type UserSetter struct{ ID *string }

var Users = mysql.NewTablex[*User, UserSlice, *UserSetter]("users", nil)
""",
             "repo/repo.go": """package repo

import (
\t"context"

\t"bt/models"
\t"github.com/stephenafamo/bob"
)

type Repository struct{ db bob.DB }

func (r *Repository) GetUsers(ctx context.Context) (models.UserSlice, error) {
\treturn models.Users.Query().All(ctx, r.db)
}
""",
             "main.go": """package main

import (
\t"bt/repo"
\t"github.com/labstack/echo/v4"
)

func main() {
\te := echo.New()
\tr := &repo.Repository{}
\te.GET("/users", func(c echo.Context) error {
\t\tu, _ := r.GetUsers(c.Request().Context())
\t\treturn c.JSON(200, u)
\t})
\te.GET("/health", func(c echo.Context) error { return c.String(200, "ok") })
\te.Start(":8080")
}
"""}
    got = _data(tmp_path, files)
    assert got[("GET", "/users")] and not got[("GET", "/health")]


def test_go_interface_answered_by_a_struct_embedding_interfaces(tmp_path):
    # `type useCaseImpl struct { UserUseCase }` implements `UseCase` (which embeds
    # UserUseCase): a call through UseCase reaches UserUseCase's implementations
    files = {"go.mod": "module uc\n\ngo 1.22\n\nrequire github.com/labstack/echo/v4 v4.11.0\n",
             "usecase/usecase.go": """package usecase

import (
\t"context"
\t"database/sql"
)

type UserUseCase interface {
\tGetUsers(ctx context.Context) ([]string, error)
}

type TeamUseCase interface {
\tGetTeams(ctx context.Context) ([]string, error)
}

type UseCase interface {
\tUserUseCase
\tTeamUseCase
}

type useCaseImpl struct {
\tUserUseCase
\tTeamUseCase
}

type teamUseCaseImpl struct{}

func (t *teamUseCaseImpl) GetTeams(ctx context.Context) ([]string, error) { return nil, nil }

type userUseCaseImpl struct{ db *sql.DB }

func (u *userUseCaseImpl) GetUsers(ctx context.Context) ([]string, error) {
\trows, err := u.db.QueryContext(ctx, "SELECT name FROM users")
\tif err != nil {
\t\treturn nil, err
\t}
\tdefer rows.Close()
\treturn nil, nil
}

func New(db *sql.DB) UseCase {
\treturn &useCaseImpl{UserUseCase: &userUseCaseImpl{db: db}, TeamUseCase: &teamUseCaseImpl{}}
}
""",
             "main.go": """package main

import (
\t"database/sql"

\t"github.com/labstack/echo/v4"
\t"uc/usecase"
)

type Handler struct{ useCase usecase.UseCase }

func (h *Handler) GetUsers(c echo.Context) error {
\tu, _ := h.useCase.GetUsers(c.Request().Context())
\treturn c.JSON(200, u)
}

func main() {
\tdb, _ := sql.Open("mysql", "")
\th := &Handler{useCase: usecase.New(db)}
\te := echo.New()
\te.GET("/users", h.GetUsers)
\te.Start(":8080")
}
"""}
    assert _data(tmp_path, files)[("GET", "/users")]


def test_gorilla_options_beside_other_methods_is_an_implicit_preflight_endpoint(tmp_path):
    files = {"go.mod": "module g\n\ngo 1.22\n\nrequire github.com/gorilla/mux v1.8.0\n",
             "main.go": """package main

import (
\t"net/http"

\t"github.com/gorilla/mux"
)

func ok(w http.ResponseWriter, r *http.Request) {}

func main() {
\tr := mux.NewRouter()
\tr.HandleFunc("/items", ok).Methods(http.MethodGet, http.MethodOptions)
\tr.HandleFunc("/probe", ok).Methods("OPTIONS")
\thttp.ListenAndServe(":8080", r)
}
"""}
    res = scan(write_tree(tmp_path, files))
    explicit = {(e.method, e.path) for e in res.endpoints if not e.implicit}
    implicit = {(e.method, e.path) for e in res.endpoints if e.implicit}
    assert ("GET", "/items") in explicit and ("OPTIONS", "/items") in implicit
    assert ("OPTIONS", "/probe") in explicit  # (registered for OPTIONS alone: its own route)
