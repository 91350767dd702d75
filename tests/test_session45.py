"""Routes and auth on shapes of public backends labelled before auditor ran (session 45), each
with a look-alike that must not change:

- FastAPI: a router that is a class attribute (`class Users: PREFIX = "/users"; ROUTER =
  APIRouter(prefix=PREFIX)`), decorated from another module as `@Users.ROUTER.get(...)` or from
  its own class body as `@router.get(...)`, its paths built from class attributes
  (`f"{Users.PREFIX}" + "/{id}"`).
- FastAPI: a dependency that only builds a use case over the ORM's session (`def
  get_use_case(session = Depends(get_session))`) guards nothing, whatever "session" or "oauth"
  in its text; Flask's `session["user"]` still reads a login.
- Express: a middleware written in place (`router.use((req, res, next) => req.user ? next() :
  res.status(401).send())`) guards what follows it; a router holding only such a middleware,
  mounted with `router.use(require('./isAdmin'))`, guards the routes registered after it; one
  that refuses nothing (`res.locals.user = req.user; next()`) guards nothing.
- Go: oapi-codegen's `RegisterHandlersWithBaseURL(router EchoRouter, ...)` registers on a
  parameter of the file's own interface that an Echo router satisfies, called from a `go
  func() { ... }()` in main.
- DRF: drf-extensions' chained `router.register("pages", V).register("posts", W,
  parents_query_lookups=["page_id"])`, and `get_permissions` picking permission classes from a
  class dict by `self.action`.
- NestJS: a comment between a route decorator and its method.
- gin: `if !session.IsLogin(c) { if ajax {...} else { c.Redirect(...) }; c.Abort() }` is a
  guard (a nested answer inside the refusing block); `if !isLoginPage(c)` is not; a middleware
  that never aborts (`c.Next(); return` on every branch) refuses nobody; one refusing when the
  identity another stored on the context is missing (`c.Get(AuthorizationKey)`) guards.
- chi: `SessionLoad` (scs `LoadAndSave`) is a session loader, no guard.
- Go data: hibiken/asynq's Inspector reads and writes Redis; Sequelize 4's `findById` and
  `findAndCount` are reads.
- Express: `app.use('/api', [userRoutes, teamRoutes])` mounts each router of the array.
- Django: `UserPassesTestMixin` subclasses guard unless their `test_func` passes anonymous
  visitors; django-filter's `FilterView` answers GET; a function view's decorators are names of
  the view's module (`cache_page(300)(views.x)` in urls.py, `@is_organizer` in views.py, a
  decorator returning `user_passes_test(check)(f)`).
- Starlette: a `BaseHTTPMiddleware` whose `dispatch` always returns `await call_next(request)`
  lets every request through; a helper raising 401 when `request.state.user` is missing,
  called by the handler, guards it.
- Flask: `if flask.g.user and ...: return f(*args, **kwargs)` else 401, and a local holding
  `flask.g.user` tested with `if not editor ...: abort(403)`, are guards; `db.session` with a
  403 for a missing row is not a credential read.
"""
from __future__ import annotations

from conftest import endpoint_map, scan_go_module, write_tree

CLASS_ROUTER = {
    "requirements.txt": "fastapi\n",
    "app/__init__.py": "",
    "app/main.py": (
        "from itertools import chain\n"
        "from fastapi import FastAPI, APIRouter\n"
        "from app.routers import UserController, BlockController, ProfileImages\n"
        "from app.routers import users, blocks  # noqa: F401 (registers the routes)\n"
        "app = FastAPI()\n"
        "api = APIRouter()\n"
        "for r in chain.from_iterable([[UserController.ROUTER, BlockController.ROUTER],\n"
        "                              [ProfileImages.router]]):\n"
        "    api.include_router(r)\n"
        "app.include_router(api, prefix='/api/v1')\n"),
    "app/routers/__init__.py": (
        "from app.routers._base import UserController, BlockController\n"
        "from app.routers.images import ProfileImages\n"),
    "app/routers/_base.py": (
        "from fastapi import APIRouter\n\n"
        "class UserController:\n"
        "    PREFIX = '/users'\n"
        "    ROUTER = APIRouter(prefix=PREFIX)\n\n"
        "class BlockController(UserController):\n"
        "    PREFIX = '/blocks'\n"
        "    ROUTER = APIRouter(prefix=f'{UserController.PREFIX}')\n"),
    "app/routers/users.py": (
        "from app.routers import UserController\n\n"
        "class UserRoutes:\n"
        "    @staticmethod\n"
        "    @UserController.ROUTER.get('/me')\n"
        "    async def me():\n"
        "        return {}\n"),
    "app/routers/blocks.py": (
        "from app.routers._base import BlockController\n\n"
        "class BlockRoutes:\n"
        "    @staticmethod\n"
        "    @BlockController.ROUTER.post(f'{BlockController.PREFIX}' + '/{user_id}')\n"
        "    async def block(user_id: int):\n"
        "        return {}\n"),
    "app/routers/images.py": (
        "from fastapi import APIRouter\n\n"
        "class ProfileImages:\n"
        "    router = APIRouter(prefix='/profile-images')\n\n"
        "    @staticmethod\n"
        "    @router.get('/random')\n"
        "    async def random_image():\n"
        "        return {}\n"),
}


def test_routers_that_are_class_attributes(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, CLASS_ROUTER))
    assert {("GET", "/api/v1/users/me"), ("POST", "/api/v1/users/blocks/{user_id}"),
            ("GET", "/api/v1/profile-images/random")} <= set(eps), sorted(eps)
    # the two-literal path is not read as one f-string
    assert not any('"' in p or "'" in p for _m, p in eps), sorted(eps)
    assert ("GET", "/me") not in eps and ("GET", "/random") not in eps, sorted(eps)


SESSION_DEPENDENCY = {
    "requirements.txt": "fastapi\nsqlalchemy\n",
    "app/__init__.py": "",
    "app/db.py": (
        "from sqlalchemy.ext.asyncio import async_sessionmaker\n"
        "Session = async_sessionmaker()\n\n"
        "async def get_session():\n"
        "    async with Session() as session:\n"
        "        yield session\n"),
    "app/providers.py": (
        "from fastapi import Depends\n"
        "from app.db import get_session\n\n"
        "def get_oauth_use_case(session = Depends(get_session)):\n"
        "    with container.core.session.override(session):\n"
        "        return container.auth_feature.oauth_use_case()\n\n"
        "def get_location_use_case(session = Depends(get_session)):\n"
        "    return LocationUseCase(session)\n"),
    "app/main.py": (
        "from fastapi import FastAPI, Depends\n"
        "from app.providers import get_oauth_use_case, get_location_use_case\n"
        "app = FastAPI()\n\n"
        "@app.get('/oauth/google/login')\n"
        "async def google_login(use_case = Depends(get_oauth_use_case)):\n"
        "    return await use_case.get_auth_url('google')\n\n"
        "@app.get('/regions')\n"
        "async def regions(use_case = Depends(get_location_use_case)):\n"
        "    return await use_case.all()\n"),
}

FLASK_SESSION_GUARD = {
    "requirements.txt": "flask\n",
    "app.py": (
        "from functools import wraps\n"
        "from flask import Flask, session, abort\n"
        "app = Flask(__name__)\n\n"
        "def login_required(f):\n"
        "    @wraps(f)\n"
        "    def inner(*a, **k):\n"
        "        if 'user_id' not in session:\n"
        "            abort(401)\n"
        "        return f(*a, **k)\n"
        "    return inner\n\n"
        "@app.route('/account')\n"
        "@login_required\n"
        "def account():\n"
        "    return 'ok'\n"),
}


def test_a_dependency_over_the_orm_session_guards_nothing(tmp_path):
    eps = endpoint_map(write_tree(tmp_path / "a", SESSION_DEPENDENCY))
    for key in (("GET", "/oauth/google/login"), ("GET", "/regions")):
        assert eps[key].auth == "none", (key, eps[key].middleware, eps[key].auth_reason)
    flask = endpoint_map(write_tree(tmp_path / "b", FLASK_SESSION_GUARD))
    assert flask[("GET", "/account")].auth == "required", flask[("GET", "/account")].auth_reason


EXPRESS_INLINE = {
    "package.json": '{"dependencies": {"express": "4"}}',
    "server/index.js": (
        "const express = require('express')\n"
        "const app = express()\n"
        "app.use((req, res, next) => { res.locals.user = req.user; next() })\n"
        "app.get('/public', (req, res) => res.send('hi'))\n"
        "app.use('/api', require('./api'))\n"
        "app.listen(3000)\n"),
    "server/api/index.js": (
        "const router = require('express').Router()\n"
        "module.exports = router\n"
        "router.use('/users', require('./users'))\n"
        "router.use('/products', require('./products'))\n"
        "router.use('/admin', require('./admin'))\n"),
    "server/api/users.js": (
        "const router = require('express').Router()\n"
        "module.exports = router\n"
        "router.use((req, res, next) => {\n"
        "  req.user ? next() : res.status(401).send('unauthorized')\n"
        "})\n"
        "router.get('/orders', (req, res) => res.json([]))\n"),
    "server/api/products.js": (
        "const router = require('express').Router()\n"
        "module.exports = router\n"
        "router.get('/', (req, res) => res.json([]))\n"),
    "server/api/isAdmin.js": (
        "const router = require('express').Router()\n"
        "router.use((req, res, next) => {\n"
        "  req.user.isAdmin ? next() : res.status(401).send('unauthorized')\n"
        "})\n"
        "module.exports = router\n"),
    "server/api/admin.js": (
        "const router = require('express').Router()\n"
        "module.exports = router\n"
        "router.get('/status', (req, res) => res.json({}))\n"
        "router.use(require('./isAdmin'))\n"
        "router.use('/users', require('./adminUsers'))\n"),
    "server/api/adminUsers.js": (
        "const router = require('express').Router()\n"
        "module.exports = router\n"
        "router.get('/', (req, res) => res.json([]))\n"),
}


def test_express_middleware_written_in_place_and_a_router_used_as_one(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, EXPRESS_INLINE))
    assert eps[("GET", "/api/users/orders")].auth == "required", \
        eps[("GET", "/api/users/orders")].middleware
    assert eps[("GET", "/api/admin/users")].auth == "required", \
        eps[("GET", "/api/admin/users")].middleware
    # registered before the guarding router's mount, on another prefix, or behind a middleware
    # that refuses nobody
    for key in (("GET", "/api/admin/status"), ("GET", "/api/products"), ("GET", "/public")):
        assert eps[key].auth == "none", (key, eps[key].middleware, eps[key].auth_reason)


OAPI_ECHO = {
    "go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire github.com/labstack/echo/v4 v4.11.0\n",
    "openapi/server.go": (
        "// Code generated by github.com/oapi-codegen/oapi-codegen/v2 DO NOT EDIT.\n"
        "package openapi\n\n"
        "import \"github.com/labstack/echo/v4\"\n\n"
        "type ServerInterface interface {\n"
        "\tGetPets(ctx echo.Context) error\n"
        "}\n\n"
        "type ServerInterfaceWrapper struct {\n"
        "\tHandler ServerInterface\n"
        "}\n\n"
        "func (w *ServerInterfaceWrapper) GetPets(ctx echo.Context) error {\n"
        "\treturn w.Handler.GetPets(ctx)\n"
        "}\n\n"
        "type EchoRouter interface {\n"
        "\tGET(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route\n"
        "\tPOST(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route\n"
        "}\n\n"
        "func RegisterHandlersWithBaseURL(router EchoRouter, si ServerInterface, baseURL string) {\n"
        "\twrapper := ServerInterfaceWrapper{Handler: si}\n"
        "\trouter.GET(baseURL+\"/pets\", wrapper.GetPets)\n"
        "\trouter.POST(baseURL+\"/pets/:id/adopt\", wrapper.GetPets)\n"
        "}\n"),
    "main.go": (
        "package main\n\n"
        "import (\n"
        "\t\"github.com/labstack/echo/v4\"\n"
        "\t\"example.com/svc/openapi\"\n"
        ")\n\n"
        "type API struct{}\n\n"
        "func (a *API) GetPets(ctx echo.Context) error { return nil }\n\n"
        "func main() {\n"
        "\te := echo.New()\n"
        "\tdone := make(chan bool)\n"
        "\tgo func() {\n"
        "\t\topenapi.RegisterHandlersWithBaseURL(e, &API{}, \"/api\")\n"
        "\t\te.Start(\":8080\")\n"
        "\t\tdone <- true\n"
        "\t}()\n"
        "\t<-done\n"
        "}\n"),
}


def test_oapi_codegen_echo_router_interface(tmp_path):
    root = write_tree(tmp_path, OAPI_ECHO)
    eps = endpoint_map(root)
    assert {("GET", "/api/pets"), ("POST", "/api/pets/:id/adopt")} <= set(eps), sorted(eps)


DRF_EXTENSIONS = {
    "requirements.txt": "django\ndjangorestframework\ndrf-extensions\n",
    "proj/__init__.py": "",
    "proj/urls.py": (
        "from django.urls import path, include\n"
        "urlpatterns = [path('api/v1/', include('social.urls'))]\n"),
    "social/__init__.py": "",
    "social/urls.py": (
        "from rest_framework_extensions.routers import ExtendedSimpleRouter\n"
        "from .views import PageViewSet, PostViewSet, TagViewSet\n"
        "router = ExtendedSimpleRouter()\n"
        "router.register(r'pages', PageViewSet, basename='pages')\\\n"
        "    .register('posts', PostViewSet, basename='pages-posts',\n"
        "              parents_query_lookups=['page_id'])\n"
        "router.register('tags', TagViewSet, basename='tags')\n"
        "urlpatterns = router.urls\n"),
    "social/views.py": (
        "from rest_framework import viewsets, permissions\n"
        "from rest_framework_extensions.mixins import NestedViewSetMixin\n\n"
        "class PageViewSet(viewsets.ModelViewSet):\n"
        "    permission_classes = ()\n"
        "    permissions_dict = {\n"
        "        'list': (permissions.IsAuthenticated,),\n"
        "        'create': (permissions.IsAuthenticated,),\n"
        "        'retrieve': (permissions.AllowAny,),\n"
        "    }\n\n"
        "    def get_permissions(self):\n"
        "        self.permission_classes = self.permissions_dict.get(self.action)\n"
        "        return super().get_permissions()\n\n"
        "class PostViewSet(NestedViewSetMixin, viewsets.ModelViewSet):\n"
        "    permission_classes = (permissions.IsAuthenticated,)\n\n"
        "class TagViewSet(viewsets.ModelViewSet):\n"
        "    permission_classes = ()\n"
        "    tag_permissions = {'list': (permissions.IsAuthenticated,)}\n"),
}


def test_drf_extensions_nested_registry_and_permissions_by_action(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, DRF_EXTENSIONS))
    assert {("GET", "/api/v1/pages/{parent_lookup_page_id}/posts"),
            ("GET", "/api/v1/pages/{parent_lookup_page_id}/posts/{pk}"),
            ("GET", "/api/v1/tags")} <= set(eps), sorted(eps)
    assert eps[("GET", "/api/v1/pages")].auth == "required", eps[("GET", "/api/v1/pages")].middleware
    assert eps[("POST", "/api/v1/pages")].auth == "required"
    assert eps[("GET", "/api/v1/pages/{pk}")].auth == "none", eps[("GET", "/api/v1/pages/{pk}")].middleware
    # a dict no get_permissions reads by action is no table of permissions
    assert eps[("GET", "/api/v1/tags")].auth == "none", eps[("GET", "/api/v1/tags")].middleware


NEST_COMMENT = {
    "package.json": '{"dependencies": {"@nestjs/core": "10", "@nestjs/common": "10"}}',
    "src/artist.controller.ts": (
        "import { Body, Controller, Post } from '@nestjs/common';\n"
        "@Controller('artist')\n"
        "export class ArtistController {\n"
        "  @Post('list')\n"
        "  // @Version('2')\n"
        "  async list(@Body() body) { return []; }\n\n"
        "  @Post('get')\n"
        "  async get(@Body() body) { return {}; }\n"
        "}\n"),
}


def test_nest_comment_between_decorator_and_method(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, NEST_COMMENT))
    assert {("POST", "/artist/list"), ("POST", "/artist/get")} <= set(eps), sorted(eps)


GIN_IS_LOGIN = {
    "go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.0\n",
    "session/session.go": (
        "package session\n\n"
        "import (\n"
        "\t\"github.com/gin-contrib/sessions\"\n"
        "\t\"github.com/gin-gonic/gin\"\n"
        ")\n\n"
        "func IsLogin(c *gin.Context) bool {\n"
        "\treturn sessions.Default(c).Get(\"LOGIN_USER\") != nil\n"
        "}\n"),
    "controller/base.go": (
        "package controller\n\n"
        "import (\n"
        "\t\"net/http\"\n"
        "\t\"github.com/gin-gonic/gin\"\n"
        "\t\"example.com/svc/session\"\n"
        ")\n\n"
        "type BaseController struct{}\n\n"
        "func (a *BaseController) checkLogin(c *gin.Context) {\n"
        "\tif !session.IsLogin(c) {\n"
        "\t\tif c.GetHeader(\"X-Requested-With\") == \"XMLHttpRequest\" {\n"
        "\t\t\tc.JSON(http.StatusOK, gin.H{\"success\": false})\n"
        "\t\t} else {\n"
        "\t\t\tc.Redirect(http.StatusTemporaryRedirect, \"/\")\n"
        "\t\t}\n"
        "\t\tc.Abort()\n"
        "\t} else {\n"
        "\t\tc.Next()\n"
        "\t}\n"
        "}\n\n"
        "func (a *BaseController) checkLoginPage(c *gin.Context) {\n"
        "\tif !isLoginPage(c) {\n"
        "\t\tc.Redirect(http.StatusTemporaryRedirect, \"/\")\n"
        "\t}\n"
        "\tc.Next()\n"
        "}\n\n"
        "func isLoginPage(c *gin.Context) bool { return c.Request.URL.Path == \"/login\" }\n"),
    "controller/server.go": (
        "package controller\n\n"
        "import \"github.com/gin-gonic/gin\"\n\n"
        "type ServerController struct{ BaseController }\n\n"
        "func NewServerController(g *gin.RouterGroup) *ServerController {\n"
        "\ta := &ServerController{}\n"
        "\ta.initRouter(g)\n"
        "\treturn a\n"
        "}\n\n"
        "func (a *ServerController) initRouter(g *gin.RouterGroup) {\n"
        "\tp := g.Group(\"/pages\")\n"
        "\tp.Use(a.checkLoginPage)\n"
        "\tp.GET(\"/about\", a.status)\n"
        "\tg = g.Group(\"/server\")\n"
        "\tg.Use(a.checkLogin)\n"
        "\tg.POST(\"/status\", a.status)\n"
        "}\n\n"
        "func (a *ServerController) status(c *gin.Context) { c.JSON(200, gin.H{}) }\n"),
    "main.go": (
        "package main\n\n"
        "import (\n"
        "\t\"github.com/gin-gonic/gin\"\n"
        "\t\"example.com/svc/controller\"\n"
        ")\n\n"
        "func main() {\n"
        "\tengine := gin.Default()\n"
        "\tg := engine.Group(\"/\")\n"
        "\tcontroller.NewServerController(g)\n"
        "\tengine.Run()\n"
        "}\n"),
}


def test_a_guard_testing_is_login_with_a_nested_answer(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, GIN_IS_LOGIN))
    assert eps[("POST", "/server/status")].auth == "required", \
        (eps[("POST", "/server/status")].middleware, eps[("POST", "/server/status")].auth_reason)
    # a test of the page asked for, not of the visitor
    assert eps[("GET", "/pages/about")].auth == "none", eps[("GET", "/pages/about")].auth_reason


ASYNQ_AND_SEQUELIZE4 = {
    "go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire github.com/hibiken/asynq v0.24.0\n",
    "main.go": (
        "package main\n\n"
        "import (\n"
        "\t\"encoding/json\"\n"
        "\t\"net/http\"\n"
        "\t\"github.com/gorilla/mux\"\n"
        "\t\"github.com/hibiken/asynq\"\n"
        ")\n\n"
        "func listQueues(inspector *asynq.Inspector) http.HandlerFunc {\n"
        "\treturn func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\tqnames, _ := inspector.Queues()\n"
        "\t\tjson.NewEncoder(w).Encode(qnames)\n"
        "\t}\n"
        "}\n\n"
        "func version(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"1\")) }\n\n"
        "func main() {\n"
        "\tinspector := asynq.NewInspector(asynq.RedisClientOpt{Addr: \":6379\"})\n"
        "\tr := mux.NewRouter()\n"
        "\tr.HandleFunc(\"/api/queues\", listQueues(inspector)).Methods(\"GET\")\n"
        "\tr.HandleFunc(\"/api/version\", version).Methods(\"GET\")\n"
        "\thttp.ListenAndServe(\":8080\", r)\n"
        "}\n"),
}

SEQUELIZE4 = {
    "package.json": '{"dependencies": {"express": "4", "sequelize": "4"}}',
    "db/index.js": (
        "const Sequelize = require('sequelize')\n"
        "const db = new Sequelize('postgres://localhost/shop')\n"
        "const Products = db.define('products', { name: Sequelize.STRING })\n"
        "module.exports = { db, Products }\n"),
    "api/products.js": (
        "const router = require('express').Router()\n"
        "const { Products } = require('../db')\n"
        "module.exports = router\n"
        "router.get('/:id', async (req, res) => {\n"
        "  res.json(await Products.findById(req.params.id))\n"
        "})\n"
        "router.get('/', async (req, res) => {\n"
        "  res.json(await Products.findAndCount({ limit: 10 }))\n"
        "})\n"),
    "index.js": (
        "const express = require('express')\n"
        "const app = express()\n"
        "app.use('/api/products', require('./api/products'))\n"
        "app.listen(3000)\n"),
}


def test_asynq_inspector_and_sequelize4_reads_are_data(tmp_path):
    eps, _ = scan_go_module(tmp_path / "go", ASYNQ_AND_SEQUELIZE4)
    assert eps[("GET", "/api/queues")].data_sites, eps[("GET", "/api/queues")]
    assert not eps[("GET", "/api/version")].data_sites
    js = endpoint_map(write_tree(tmp_path / "js", SEQUELIZE4))
    assert js[("GET", "/api/products/:id")].data_sites, sorted(js)
    assert js[("GET", "/api/products")].data_sites


CHI_SESSION_LOAD = {
    "go.mod": ("module example.com/svc\n\ngo 1.22\n\nrequire (\n"
               "\tgithub.com/go-chi/chi/v5 v5.0.0\n\tgithub.com/alexedwards/scs/v2 v2.5.0\n)\n"),
    "main.go": (
        "package main\n\n"
        "import (\n"
        "\t\"net/http\"\n"
        "\t\"github.com/alexedwards/scs/v2\"\n"
        "\t\"github.com/go-chi/chi/v5\"\n"
        ")\n\n"
        "var session = scs.New()\n\n"
        "func SessionLoad(next http.Handler) http.Handler {\n"
        "\treturn session.LoadAndSave(next)\n"
        "}\n\n"
        "func Auth(next http.Handler) http.Handler {\n"
        "\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\tif !session.Exists(r.Context(), \"userID\") {\n"
        "\t\t\thttp.Error(w, \"unauthorized\", http.StatusUnauthorized)\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        "\t\tnext.ServeHTTP(w, r)\n"
        "\t})\n"
        "}\n\n"
        "func page(w http.ResponseWriter, r *http.Request) {}\n\n"
        "func main() {\n"
        "\tmux := chi.NewRouter()\n"
        "\tmux.Use(SessionLoad)\n"
        "\tmux.Post(\"/login\", page)\n"
        "\tmux.Route(\"/admin\", func(mux chi.Router) {\n"
        "\t\tmux.Use(Auth)\n"
        "\t\tmux.Get(\"/overview\", page)\n"
        "\t})\n"
        "\thttp.ListenAndServe(\":8080\", mux)\n"
        "}\n"),
}


def test_a_middleware_named_for_loading_the_session_guards_nothing(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, CHI_SESSION_LOAD))
    assert eps[("POST", "/login")].auth == "none", eps[("POST", "/login")].auth_reason
    assert eps[("GET", "/admin/overview")].auth == "required"


EXPRESS_USE_ARRAY = {
    "package.json": '{"dependencies": {"express": "4"}}',
    "src/index.ts": (
        "import express from 'express';\n"
        "import userRoutes from './routes/users';\n"
        "import { teamRoutes } from './routes/teams';\n"
        "const app = express();\n"
        "app.use('/api/', [userRoutes, teamRoutes]);\n"
        "app.listen(3000);\n"),
    "src/routes/users.ts": (
        "import { Router } from 'express';\n"
        "const router = Router();\n"
        "router.get('/users', (req, res) => res.json([]));\n"
        "export default router;\n"),
    "src/routes/teams.ts": (
        "import { Router } from 'express';\n"
        "export const teamRoutes = Router();\n"
        "teamRoutes.get('/teams', (req, res) => res.json([]));\n"),
}


def test_express_use_with_an_array_of_routers(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, EXPRESS_USE_ARRAY))
    assert {("GET", "/api/users"), ("GET", "/api/teams")} <= set(eps), sorted(eps)
    assert ("GET", "/users") not in eps


DJANGO_MIXINS = {
    "requirements.txt": "django\ndjango-filter\n",
    "proj/__init__.py": "",
    "proj/urls.py": (
        "from django.urls import path, include\n"
        "urlpatterns = [path('', include('apps.urls')), path('stats/', include('stats.urls'))]\n"),
    "apps/__init__.py": "",
    "apps/mixins.py": (
        "from django.contrib.auth.decorators import user_passes_test\n"
        "from django.contrib.auth.mixins import UserPassesTestMixin\n\n"
        "class IsOrganizerMixin(UserPassesTestMixin):\n"
        "    def test_func(self):\n"
        "        return self.request.user.is_authenticated and self.request.user.is_organizer\n\n"
        "class AnonymousOnlyMixin(UserPassesTestMixin):\n"
        "    def test_func(self):\n"
        "        return not self.request.user.is_authenticated\n\n"
        "def is_organizer(f):\n"
        "    def check(user):\n"
        "        return user.is_authenticated and user.is_organizer\n"
        "    return user_passes_test(check)(f)\n"),
    "apps/models.py": (
        "class User:\n"
        "    def is_organizer(self):\n"
        "        return True\n"),
    "apps/views.py": (
        "from django.views.generic import TemplateView\n"
        "from django_filters.views import FilterView\n"
        "from .mixins import IsOrganizerMixin, AnonymousOnlyMixin\n\n"
        "class ApplicationsList(IsOrganizerMixin, FilterView):\n"
        "    template_name = 'list.html'\n\n"
        "class Signup(AnonymousOnlyMixin, TemplateView):\n"
        "    template_name = 'signup.html'\n"),
    "apps/urls.py": (
        "from django.urls import path\n"
        "from . import views\n"
        "urlpatterns = [\n"
        "    path('applications/', views.ApplicationsList.as_view()),\n"
        "    path('signup/', views.Signup.as_view()),\n"
        "]\n"),
    "stats/__init__.py": "",
    "stats/views.py": (
        "from django.http import JsonResponse\n"
        "from apps.mixins import is_organizer\n\n"
        "@is_organizer\n"
        "def app_stats(request):\n"
        "    return JsonResponse({})\n"),
    "stats/urls.py": (
        "from django.urls import path\n"
        "from django.views.decorators.cache import cache_page\n"
        "from . import views\n"
        "urlpatterns = [path('api/apps/', cache_page(300)(views.app_stats))]\n"),
}


def test_django_user_passes_test_mixins_filter_views_and_view_decorators(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, DJANGO_MIXINS))
    assert ("GET", "/applications") in eps and ("ANY", "/applications") not in eps, sorted(eps)
    assert eps[("GET", "/applications")].auth == "required", eps[("GET", "/applications")].middleware
    assert eps[("GET", "/signup")].auth == "none", eps[("GET", "/signup")].middleware
    # a function view's decorator is read in the view's module, not in the urls module
    assert eps[("ANY", "/stats/api/apps")].auth == "required", \
        (eps[("ANY", "/stats/api/apps")].middleware, eps[("ANY", "/stats/api/apps")].auth_reason)


STARLETTE_STATE_USER = {
    "requirements.txt": "fastapi\n",
    "app/__init__.py": "",
    "app/middleware.py": (
        "from starlette.middleware.base import BaseHTTPMiddleware\n\n"
        "class AuthMiddleware(BaseHTTPMiddleware):\n"
        "    async def dispatch(self, request, call_next):\n"
        "        request.state.user = None\n"
        "        header = request.headers.get('Authorization')\n"
        "        if header and header.startswith('Bearer '):\n"
        "            request.state.user = decode(header[7:])\n"
        "        return await call_next(request)\n"),
    "app/main.py": (
        "from fastapi import FastAPI, Request, HTTPException\n"
        "from app.middleware import AuthMiddleware\n"
        "app = FastAPI()\n"
        "app.add_middleware(AuthMiddleware)\n\n"
        "async def get_current_user(request: Request):\n"
        "    user = getattr(request.state, 'user', None)\n"
        "    if not user:\n"
        "        raise HTTPException(status_code=401, detail='Not authenticated')\n"
        "    return user\n\n"
        "@app.get('/templates')\n"
        "async def templates(request: Request):\n"
        "    await get_current_user(request)\n"
        "    return []\n\n"
        "@app.get('/health')\n"
        "async def health():\n"
        "    return {'ok': True}\n"),
}


def test_a_starlette_middleware_that_always_calls_next_and_a_state_user_check(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, STARLETTE_STATE_USER))
    assert eps[("GET", "/health")].auth == "optional", eps[("GET", "/health")].auth_reason
    assert eps[("GET", "/templates")].auth == "required", eps[("GET", "/templates")].auth_reason


GIN_CTX_IDENTITY = {
    "go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.0\n",
    "mid/auth.go": (
        "package mid\n\n"
        "import \"github.com/gin-gonic/gin\"\n\n"
        "const AuthorizationKey = \"auth\"\n\n"
        "func Auth() gin.HandlerFunc {\n"
        "\treturn func(c *gin.Context) {\n"
        "\t\ttoken := c.GetHeader(\"Authorization\")\n"
        "\t\tif token == \"\" {\n"
        "\t\t\tc.Next()\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        "\t\tc.Set(AuthorizationKey, token)\n"
        "\t\tc.Next()\n"
        "\t}\n"
        "}\n\n"
        "func MustUser() gin.HandlerFunc {\n"
        "\treturn func(c *gin.Context) {\n"
        "\t\t_, ok := c.Get(AuthorizationKey)\n"
        "\t\tif !ok {\n"
        "\t\t\tc.JSON(401, gin.H{\"error\": \"unauthorized\"})\n"
        "\t\t\tc.Abort()\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        "\t\tc.Next()\n"
        "\t}\n"
        "}\n"),
    "main.go": (
        "package main\n\n"
        "import (\n"
        "\t\"github.com/gin-gonic/gin\"\n"
        "\t\"example.com/svc/mid\"\n"
        ")\n\n"
        "func h(c *gin.Context) { c.JSON(200, gin.H{}) }\n\n"
        "func main() {\n"
        "\tr := gin.New()\n"
        "\tapi := r.Group(\"api\", mid.Auth())\n"
        "\tapi.GET(\"ping\", h)\n"
        "\tapi.DELETE(\"user\", mid.MustUser(), h)\n"
        "\tr.Run()\n"
        "}\n"),
}


def test_gin_middleware_that_never_aborts_and_a_context_identity_gate(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, GIN_CTX_IDENTITY))
    assert eps[("GET", "/api/ping")].auth == "optional", eps[("GET", "/api/ping")].auth_reason
    assert eps[("DELETE", "/api/user")].auth == "required", eps[("DELETE", "/api/user")].auth_reason


FLASK_G_USER = {
    "requirements.txt": "flask\nflask-sqlalchemy\n",
    "app.py": (
        "import functools\n"
        "import flask\n"
        "from flask_sqlalchemy import SQLAlchemy\n"
        "app = flask.Flask(__name__)\n"
        "db = SQLAlchemy(app)\n\n"
        "def admin_only(f):\n"
        "    @functools.wraps(f)\n"
        "    def wrapper(*args, **kwargs):\n"
        "        if flask.g.user and flask.g.user.is_superadmin:\n"
        "            return f(*args, **kwargs)\n"
        "        else:\n"
        "            flask.abort(401)\n"
        "    return wrapper\n\n"
        "@app.route('/nuke', methods=['POST'])\n"
        "@admin_only\n"
        "def nuke():\n"
        "    return 'ok'\n\n"
        "@app.route('/edit/<int:id>', methods=['POST'])\n"
        "def edit(id):\n"
        "    editor = flask.g.user\n"
        "    if not editor or not editor.is_moderator:\n"
        "        flask.abort(403)\n"
        "    db.session.commit()\n"
        "    return 'ok'\n\n"
        "@app.route('/item/<int:id>', methods=['DELETE'])\n"
        "def delete_item(id):\n"
        "    item = db.session.get(Item, id)\n"
        "    if item is None:\n"
        "        flask.abort(403)\n"
        "    db.session.delete(item)\n"
        "    db.session.commit()\n"
        "    return 'ok'\n"),
}


def test_flask_g_user_tests_and_the_orm_session_in_a_handler(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, FLASK_G_USER))
    assert eps[("POST", "/nuke")].auth == "required", eps[("POST", "/nuke")].auth_reason
    assert eps[("POST", "/edit/<int:id>")].auth == "required", eps[("POST", "/edit/<int:id>")].auth_reason
    # `db.session` and a 403 for a missing row: no credential read
    assert eps[("DELETE", "/item/<int:id>")].auth == "none", eps[("DELETE", "/item/<int:id>")].auth_reason


CJS_MODEL_INDEX = {
    "package.json": '{"dependencies": {"express": "4", "mongoose": "6"}}',
    "src/db/models/user.model.js": (
        "const mongoose = require('mongoose');\n"
        "const UserSchema = new mongoose.Schema({ email: String });\n"
        "module.exports = mongoose.model('user', UserSchema);\n"),
    "src/db/models/index.js": (
        "module.exports = {\n"
        "    userModel: require('./user.model'),\n"
        "}\n"),
    "src/db/index.js": (
        "module.exports = {\n"
        "    modelSchema: require('./models')\n"
        "}\n"),
    "src/controllers/auth.controller.js": (
        "const { modelSchema } = require('../db');\n"
        "const { userModel } = modelSchema;\n"
        "class AuthController {\n"
        "    async Logout(req, res) {\n"
        "        await userModel.findByIdAndUpdate(req.user._id, { rf_token: '' })\n"
        "        return res.json({})\n"
        "    }\n"
        "    async Ping(req, res) {\n"
        "        return res.json({ ok: true })\n"
        "    }\n"
        "}\n"
        "module.exports = AuthController\n"),
    "src/routes/auth.js": (
        "const express = require('express');\n"
        "const router = express.Router();\n"
        "const AuthController = require('../controllers/auth.controller');\n"
        "const authCtrl = new AuthController();\n"
        "router.post('/logout', authCtrl.Logout)\n"
        "router.get('/ping', authCtrl.Ping)\n"
        "module.exports = router\n"),
    "src/app.js": (
        "const express = require('express');\n"
        "const app = express();\n"
        "app.use('/api/auth', require('./routes/auth'));\n"
        "app.listen(3000)\n"),
}


def test_models_through_commonjs_export_objects_and_destructured_members(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, CJS_MODEL_INDEX))
    assert eps[("POST", "/api/auth/logout")].data_sites, eps[("POST", "/api/auth/logout")].chain
    assert not eps[("GET", "/api/auth/ping")].data_sites


GO_IGNORE_ALL_KEEP_FOLDERS = {
    ".gitignore": "# Ignore all\n*\n# Unignore all with extensions\n!*.*\n# Unignore all directories\n!*/\n",
    "server/server.go": (
        "package server\n\n"
        "import \"net/http\"\n\n"
        "type Server struct {\n"
        "\tmux *http.ServeMux\n"
        "}\n\n"
        "func New() *Server {\n"
        "\ts := &Server{mux: http.NewServeMux()}\n"
        "\ts.registerRoutes()\n"
        "\treturn s\n"
        "}\n\n"
        "func (s *Server) handleMovies(w http.ResponseWriter, r *http.Request) {}\n"),
    "server/routes.go": (
        "package server\n\n"
        "func (s *Server) registerRoutes() {\n"
        "\ts.mux.Handle(\"POST /api/v1/movies\", s.chain().ThenFunc(s.handleMovies))\n"
        "\ts.mux.HandleFunc(\"GET /api/v1/movies/{id}\", s.handleMovies)\n"
        "}\n"),
    "cmd/app/main.go": (
        "package main\n\n"
        "import \"example.com/svc/server\"\n\n"
        "func main() { server.New() }\n"),
    "bin/app": "binary\n",
}


def test_a_gitignore_that_ignores_every_file_but_keeps_folders_and_a_field_mux(tmp_path):
    eps, res = scan_go_module(tmp_path, GO_IGNORE_ALL_KEEP_FOLDERS)
    assert {("POST", "/api/v1/movies"), ("GET", "/api/v1/movies/{id}")} <= set(eps), \
        (sorted(eps), res.skipped[:5])
    assert any(s["file"] == "bin/app" and "gitignore" in s["reason"] for s in res.skipped), \
        res.skipped


GO_ALICE_OVER_LINES = {
    "go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire github.com/justinas/alice v1.2.0\n",
    "main.go": (
        "package main\n\n"
        "import (\n"
        "\t\"net/http\"\n"
        "\t\"github.com/justinas/alice\"\n"
        ")\n\n"
        "func authHandler(h http.Handler) http.Handler {\n"
        "\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\tif r.Header.Get(\"Authorization\") == \"\" {\n"
        "\t\t\thttp.Error(w, \"unauthorized\", http.StatusUnauthorized)\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        "\t\th.ServeHTTP(w, r)\n"
        "\t})\n"
        "}\n\n"
        "func logHandler(h http.Handler) http.Handler { return h }\n\n"
        "func movies(w http.ResponseWriter, r *http.Request) {}\n\n"
        "func main() {\n"
        "\tmux := http.NewServeMux()\n"
        "\tmux.Handle(\"POST /api/v1/movies\",\n"
        "\t\talice.New(logHandler).\n"
        "\t\t\tAppend(authHandler).\n"
        "\t\t\tThenFunc(movies))\n"
        "\tmux.Handle(\"GET /api/v1/ping\",\n"
        "\t\talice.New(logHandler).\n"
        "\t\t\tThenFunc(movies))\n"
        "\thttp.ListenAndServe(\":8080\", mux)\n"
        "}\n"),
}


def test_an_alice_chain_written_over_lines(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, GO_ALICE_OVER_LINES))
    assert eps[("POST", "/api/v1/movies")].auth == "required", eps[("POST", "/api/v1/movies")].middleware
    assert eps[("GET", "/api/v1/ping")].auth == "none", eps[("GET", "/api/v1/ping")].middleware
