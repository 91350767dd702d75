"""Injection shapes of deliberately vulnerable apps whose truth was written before auditor ran
(session 48, holdout h69), each with the look-alike that must stay quiet (the single-file cases
are fixture lines under fixtures/security/{go,python}/h69):

- Express 4 parses query strings with qs ("extended"): `?status[$ne]=x` is the object
  `{status: {$ne: "x"}}`, so a query value used as a MongoDB filter value as it is can be an
  operator. Express 5's default ("simple", node:querystring) gives strings and arrays only, and
  `app.set('query parser', ...)` overrides either default.
- Express's chainable setters return the response: `res.set('Content-Type', 'text/html')
  .send(body)` sends the HTML as `res.send(body)` does.
"""
from __future__ import annotations

import json

import pytest

from conftest import assert_findings

TICKETS = (
    "const express = require('express');\nconst Ticket = require('./ticket');\n"
    "const router = express.Router();\n\n"
    "router.get('/tickets', async (req, res) => {\n"
    "  const filter = { status: req.query.status };\n"
    "  const tickets = await Ticket.find(filter);\n"
    "  res.json(tickets);\n});\n\n"
    "router.get('/one', async (req, res) => {\n"
    "  const t = await Ticket.findOne({ _id: req.params.id });\n"
    "  res.json(t);\n});\n\nmodule.exports = router;\n")
MODEL = ("const mongoose = require('mongoose');\n"
         "module.exports = mongoose.model('Ticket', new mongoose.Schema({ status: String }));\n")


def _pkg(express: str) -> str:
    return json.dumps({"name": "helpdesk", "dependencies": {"express": express,
                                                             "mongoose": "5.9.0"}})


@pytest.mark.parametrize("express, parser, fires", [
    ("4.16.0", None, True),
    ("^4.18.2", None, True),
    ("^5.0.0", None, False),
    ("^4.18.2", "'simple'", False),
    ("^5.1.0", "'extended'", True),
    ("^4.18.2", "false", False),
])
def test_express_query_string_objects_as_mongo_filter_values(tmp_path, express, parser, fires):
    app = "const express = require('express');\nconst app = express();\n"
    if parser is not None:
        app += f"app.set('query parser', {parser});\n"
    app += "app.use('/', require('./tickets'));\napp.listen(3000);\n"
    files = {"package.json": _pkg(express), "app.js": app, "tickets.js": TICKETS,
             "ticket.js": MODEL}
    assert_findings(tmp_path, files, "nosql-injection", {("nosql-injection", 7)} if fires else set())


def test_express_response_setters_chain_to_send(tmp_path):
    files = {"app.js": (
        "const express = require('express');\nconst app = express();\n\n"
        "app.get('/search', (req, res) => {\n"
        "  const q = req.query.q || '';\n"
        "  const body = `<h1>Results for: ${q}</h1>`;\n"
        "  return res.set('Content-Type', 'text/html').send(body);\n});\n\n"
        "app.get('/safe', (req, res) => {\n"
        "  return res.status(200).type('json').send({ q: req.query.q });\n});\n\n"
        "app.get('/count', (req, res) => {\n"
        "  return res.set('X-Total', '1').send(String(Number(req.query.n)));\n});\n\n"
        "app.listen(3000);\n")}
    assert_findings(tmp_path, files, "xss", {("xss", 7)})


# -- routes and auth of the backends labelled this session (field holdout, session 48) -------

from conftest import assert_routes, write_tree  # noqa: E402


def test_drf_router_reexported_by_a_package_star_import(tmp_path):
    """`from app.views import router` where app/views/__init__.py does `from .router import *`:
    Python reads the package's attribute first, which the star import rebinds to the router
    (not the submodule of that name), so `include(router.urls)` mounts it under api/; a
    viewset's `get_permissions` defined in a base class reads the viewset's own table."""
    write_tree(tmp_path, {
        "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
        "proj/urls.py": ("from django.urls import include, path\n"
                         "urlpatterns = [path('', include(('app.urls', 'app')))]\n"),
        "app/urls.py": ("from django.urls import include, path\nfrom app.views import router\n"
                        "urlpatterns = [path('api/', include(router.urls))]\n"),
        "app/views/__init__.py": "from .router import *\n",
        "app/views/router.py": (
            "from rest_framework import routers\nfrom app.views.rooms import RoomViewSet\n"
            "router = routers.DefaultRouter()\n"
            "router.register(prefix=r'rooms', viewset=RoomViewSet)\n"),
        "app/base.py": (
            "from rest_framework import viewsets\n\n"
            "class ActionViewSet(viewsets.GenericViewSet):\n"
            "    def get_permissions(self):\n"
            "        if hasattr(self, 'action_permission_classes'):\n"
            "            if self.action in self.action_permission_classes.keys():\n"
            "                return [p() for p in self.action_permission_classes[self.action]]\n"
            "        return super().get_permissions()\n"),
        "app/views/rooms.py": (
            "from rest_framework import mixins, permissions\nfrom app.base import ActionViewSet\n\n"
            "class RoomViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, ActionViewSet):\n"
            "    queryset = None\n"
            "    action_permission_classes = {\n"
            "        'list': (permissions.AllowAny,),\n"
            "        'create': (permissions.IsAuthenticated,),\n    }\n"),
    })
    assert_routes(tmp_path, {("GET", "/api/rooms/", "none"), ("POST", "/api/rooms/", "required")})


def test_fastapi_dependency_whose_own_dependency_demands_the_token(tmp_path):
    """`is_authed(token = Depends(oauth2_schema))` skips its own check when a context already
    holds a user id, but FastAPI solves `oauth2_schema` (OAuth2PasswordBearer, auto_error)
    first: without a token the request never reaches it. A router included with
    `dependencies=[Depends(has_permission)]` (which depends on is_authed) is required."""
    write_tree(tmp_path, {
        "app/deps.py": (
            "from contextvars import ContextVar\n"
            "from fastapi import Depends, Request\n"
            "from fastapi.security import OAuth2PasswordBearer\n\n"
            "from app.exceptions import HTTPException\n"
            "from app.models import User\n\n"
            "oauth2_schema = OAuth2PasswordBearer(tokenUrl='/auth/token')\n"
            "CTX_USER_ID: ContextVar[int] = ContextVar('user_id', default=0)\n\n"
            "def check_token(token):\n    try:\n        return True, 0, {'user_id': int(token)}\n"
            "    except ValueError:\n        return False, 4010, 'bad token'\n\n"
            "class AuthControl:\n    @classmethod\n"
            "    async def is_authed(cls, token: str = Depends(oauth2_schema)):\n"
            "        user_id = CTX_USER_ID.get()\n"
            "        if user_id == 0:\n"
            "            status, code, data = check_token(token)\n"
            "            if not status:\n"
            "                raise HTTPException(code=code, msg=data)\n"
            "            user_id = data['user_id']\n"
            "        user = await User.filter(id=user_id).first()\n"
            "        if not user:\n"
            "            raise HTTPException(code='4040', msg='no such user')\n"
            "        return user\n\n"
            "class PermissionControl:\n    @classmethod\n"
            "    async def has_permission(cls, request: Request,\n"
            "                             current_user=Depends(AuthControl.is_authed)):\n"
            "        roles = await current_user.roles\n"
            "        if 'admin' in roles:\n            return\n"
            "        raise HTTPException(code='4030', msg=request.url.path)\n\n"
            "DependPermission = Depends(PermissionControl.has_permission)\n"),
        "app/exceptions.py": (
            "class HTTPException(Exception):\n"
            "    def __init__(self, code, msg=None):\n        self.code, self.msg = code, msg\n"),
        "app/models.py": ("from tortoise import fields, models\n\n"
                          "class User(models.Model):\n    id = fields.IntField(pk=True)\n"),
        "app/users.py": ("from fastapi import APIRouter\nrouter = APIRouter()\n\n"
                         "@router.get('/users')\nasync def list_users():\n    return []\n"),
        "app/main.py": (
            "from fastapi import APIRouter, FastAPI\nfrom app.deps import DependPermission\n"
            "from app.users import router as users_router\n\n"
            "api = APIRouter()\napi.include_router(users_router, dependencies=[DependPermission])\n"
            "app = FastAPI()\napp.include_router(api, prefix='/api')\n\n"
            "@app.get('/health')\nasync def health():\n    return {'ok': True}\n"),
    })
    assert_routes(tmp_path, {("GET", "/api/users", "required"), ("GET", "/health", "none")})


def test_chi_group_nil_and_a_login_that_starts_the_session(tmp_path):
    """chi `g := r.Group(nil)` is an inline router on r's path (`g.Get("/", h)` under
    r.Route("/api/v1/author", ...)); a login handler answering 401 to a wrong password and
    renewing the session token (scs `RenewToken`, against session fixation) starts a session:
    it is public, not a check of one."""
    write_tree(tmp_path, {
        "go.mod": "module example.com/g8\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n",
        "main.go": (
            'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/go-chi/chi/v5"\n)\n\n'
            'type H struct{ repo Repo; session Session }\n'
            'type Repo interface{ Login(r *http.Request) (int, error) }\n'
            'type Session interface{ RenewToken(r *http.Request) error; Put(r *http.Request, k string, v int) }\n\n'
            'func cache(next http.Handler) http.Handler { return next }\n\n'
            'func (h *H) List(w http.ResponseWriter, r *http.Request) {}\n'
            'func (h *H) Get(w http.ResponseWriter, r *http.Request)  {}\n\n'
            'func (h *H) Login(w http.ResponseWriter, r *http.Request) {\n'
            '\tid, err := h.repo.Login(r)\n\tif err != nil {\n'
            '\t\tw.WriteHeader(http.StatusUnauthorized)\n\t\treturn\n\t}\n'
            '\tif err := h.session.RenewToken(r); err != nil {\n'
            '\t\tw.WriteHeader(http.StatusInternalServerError)\n\t\treturn\n\t}\n'
            '\th.session.Put(r, "id", id)\n}\n\n'
            'func main() {\n\th := &H{}\n\trouter := chi.NewRouter()\n'
            '\trouter.Post("/api/v1/login", h.Login)\n'
            '\trouter.Route("/api/v1/author", func(router chi.Router) {\n'
            '\t\tg := router.Group(nil)\n\t\tg.Use(cache)\n\t\tg.Get("/", h.List)\n'
            '\t\trouter.Get("/{id}", h.Get)\n\t})\n'
            '\thttp.ListenAndServe(":8080", router)\n}\n'),
    })
    assert_routes(tmp_path, {("POST", "/api/v1/login"), ("GET", "/api/v1/author/"),
                             ("GET", "/api/v1/author/{id}")}, with_auth=False)
    res = __import__("conftest").scan(tmp_path)
    login = [e for e in res.endpoints if e.path == "/api/v1/login"]
    assert login and login[0].auth == "none", login


def test_channels_url_router_written_in_place(tmp_path):
    """Django Channels `URLRouter([path("ws/", Consumer.as_asgi())])` inside the ASGI
    application's ProtocolTypeRouter: each path is a WebSocket route."""
    write_tree(tmp_path, {
        "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
        "proj/urls.py": "from django.urls import path\nurlpatterns = []\n",
        "proj/asgi.py": (
            "from channels.auth import AuthMiddlewareStack\n"
            "from channels.generic.websocket import AsyncWebsocketConsumer\n"
            "from channels.routing import ProtocolTypeRouter, URLRouter\n"
            "from django.core.asgi import get_asgi_application\nfrom django.urls import path\n\n"
            "class Feed(AsyncWebsocketConsumer):\n    async def connect(self):\n"
            "        await self.accept()\n\n"
            "application = ProtocolTypeRouter({\n    'http': get_asgi_application(),\n"
            "    'websocket': AuthMiddlewareStack(URLRouter([path('ws/', Feed.as_asgi())])),\n})\n"),
    })
    assert_routes(tmp_path, {("WS", "/ws/")}, with_auth=False)


def test_django_dispatch_without_super_and_first_match_wins(tmp_path):
    """A class view whose own `dispatch` never calls super() answers every method itself and
    bypasses LoginRequiredMixin's dispatch (where its login check is); Django resolves a URL
    to the first pattern that matches it, so `add/` after `<str:pk>/` is never reached (an
    `<int:pk>/` before it does not match it)."""
    write_tree(tmp_path, {
        "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
        "proj/urls.py": ("from django.urls import include, path\n"
                         "urlpatterns = [path('inv/', include('inv.urls')),\n"
                         "               path('items/', include('items.urls'))]\n"),
        "inv/urls.py": (
            "from django.urls import path\nfrom inv import views\n\n"
            "urlpatterns = [\n"
            "    path('site/', views.SiteDispatch.as_view()),\n"
            "    path('<str:pk>/', views.Detail.as_view()),\n"
            "    path('add/', views.Create.as_view()),\n]\n"),
        "items/urls.py": (
            "from django.urls import path\nfrom inv import views\n\n"
            "urlpatterns = [\n"
            "    path('<int:pk>/', views.Detail.as_view()),\n"
            "    path('add/', views.Create.as_view()),\n]\n"),
        "inv/views.py": (
            "from django.contrib.auth.mixins import LoginRequiredMixin\n"
            "from django.shortcuts import redirect\nfrom django.views import generic\n\n"
            "class Detail(LoginRequiredMixin, generic.TemplateView):\n"
            "    template_name = 'detail.html'\n\n"
            "class Create(LoginRequiredMixin, generic.TemplateView):\n"
            "    template_name = 'create.html'\n\n"
            "class SiteDispatch(LoginRequiredMixin, generic.View):\n"
            "    def dispatch(self, request, *args, **kwargs):\n"
            "        return redirect('/inv/list/')\n"),
    })
    assert_routes(tmp_path, {("GET", "/inv/<str:pk>/", "required"), ("ANY", "/inv/site/", "none"),
                             ("GET", "/items/<int:pk>/", "required"),
                             ("GET", "/items/add/", "required")})


def test_express_handler_testing_the_user_an_optional_middleware_set(tmp_path):
    """`verifyToken` hands requests without an Authorization header on (optional); a handler
    that starts with `const { loggedUser } = req; if (!loggedUser) throw new
    UnauthorizedError()` (or `if (!req.user) return res.status(401)`) refuses them: required.
    One that only reads the user stays optional."""
    write_tree(tmp_path, {
        "package.json": '{"dependencies": {"express": "^4.18.2"}}',
        "middleware/auth.js": (
            "const jwt = require('jsonwebtoken');\n"
            "const verifyToken = async (req, res, next) => {\n"
            "  const { headers } = req;\n"
            "  if (!headers.authorization) return next();\n"
            "  const token = headers.authorization.split(' ')[1];\n"
            "  req.loggedUser = jwt.verify(token, process.env.SECRET);\n"
            "  next();\n};\nmodule.exports = verifyToken;\n"),
        "controllers/articles.js": (
            "class UnauthorizedError extends Error {}\n\n"
            "const allArticles = async (req, res, next) => {\n"
            "  const { loggedUser } = req;\n"
            "  res.json({ articles: [], me: loggedUser ? loggedUser.id : null });\n};\n\n"
            "const createArticle = async (req, res, next) => {\n"
            "  try {\n"
            "    const { loggedUser } = req;\n"
            "    if (!loggedUser) throw new UnauthorizedError();\n"
            "    res.status(201).json({ article: req.body.article });\n"
            "  } catch (error) {\n    next(error);\n  }\n};\n\n"
            "const deleteArticle = async (req, res) => {\n"
            "  if (!req.loggedUser) return res.status(401).json({ error: 'login' });\n"
            "  res.sendStatus(204);\n};\n\n"
            "module.exports = { allArticles, createArticle, deleteArticle };\n"),
        "routes/articles.js": (
            "const express = require('express');\nconst router = express.Router();\n"
            "const verifyToken = require('../middleware/auth');\n"
            "const { allArticles, createArticle, deleteArticle } = require('../controllers/articles');\n\n"
            "router.get('/', verifyToken, allArticles);\n"
            "router.post('/', verifyToken, createArticle);\n"
            "router.delete('/:slug', verifyToken, deleteArticle);\n\n"
            "module.exports = router;\n"),
        "index.js": ("const express = require('express');\nconst app = express();\n"
                     "app.use('/api/articles', require('./routes/articles'));\napp.listen(3000);\n"),
    })
    assert_routes(tmp_path, {("GET", "/api/articles/", "optional"),
                             ("POST", "/api/articles/", "required"),
                             ("DELETE", "/api/articles/:slug", "required")})


def test_fiber_app_held_by_structs_and_a_guard_skipping_a_path_set(tmp_path):
    """`NewServer` makes the one Fiber app, gives it a global guard and returns it in
    `&Server{App: app}`; another package registers the routes on `rc.App` (a field set from a
    constructor's parameter): they are the app's, behind its guard. The guard hands on the
    paths of the map it is given (`if valid[c.Path()] { return c.Next() }`, keys being path
    constants): those routes read no credential. `cors.New()` makes a middleware, not an app."""
    write_tree(tmp_path, {
        "go.mod": "module example.com/rm\n\ngo 1.22\n\nrequire github.com/gofiber/fiber/v2 v2.52.0\n",
        "server/server.go": (
            'package server\n\nimport (\n\t"github.com/gofiber/fiber/v2"\n'
            '\t"github.com/gofiber/fiber/v2/middleware/cors"\n\n'
            '\t"example.com/rm/middlewares"\n)\n\n'
            'const (\n\tlogin     = "/api/auth/login"\n\tfetchList = "/api/templates"\n)\n\n'
            'type Server struct{ App *fiber.App }\n\n'
            'func NewServer(secret string) *Server {\n\tapp := fiber.New()\n'
            '\tcorsMiddleware := cors.New(cors.Config{AllowOrigins: "*"})\n'
            '\tvalidAuthPaths := map[string]bool{\n\t\tlogin:     true,\n\t\tfetchList: true,\n\t}\n'
            '\tapp.Use(corsMiddleware, middlewares.AuthMiddleware(secret, validAuthPaths))\n'
            '\treturn &Server{App: app}\n}\n'),
        "middlewares/auth.go": (
            'package middlewares\n\nimport "github.com/gofiber/fiber/v2"\n\n'
            'func AuthMiddleware(secret string, valid map[string]bool) fiber.Handler {\n'
            '\treturn func(c *fiber.Ctx) error {\n'
            '\t\tif valid[c.Path()] {\n\t\t\treturn c.Next()\n\t\t}\n'
            '\t\tif c.Cookies("jwt") == "" {\n'
            '\t\t\treturn c.SendStatus(fiber.StatusUnauthorized)\n\t\t}\n'
            '\t\treturn c.Next()\n\t}\n}\n'),
        "routes/routes.go": (
            'package routes\n\nimport "github.com/gofiber/fiber/v2"\n\n'
            'type RouteConfig struct{ App *fiber.App }\n\n'
            'func NewRouteConfig(a *fiber.App) *RouteConfig { return &RouteConfig{App: a} }\n\n'
            'func list(c *fiber.Ctx) error   { return c.SendString("[]") }\n'
            'func create(c *fiber.Ctx) error { return c.SendStatus(201) }\n'
            'func signin(c *fiber.Ctx) error { return c.SendStatus(200) }\n\n'
            'func (rc *RouteConfig) SetupRoutes() {\n'
            '\tauth := rc.App.Group("/api/auth")\n\tauth.Post("/login", signin)\n'
            '\ttemplates := rc.App.Group("/api/templates")\n'
            '\ttemplates.Get("", list)\n\ttemplates.Post("/new", create)\n}\n'),
        "app/app.go": (
            'package app\n\nimport (\n\t"example.com/rm/routes"\n\t"example.com/rm/server"\n)\n\n'
            'func Run() {\n\tsrv := server.NewServer("s")\n'
            '\trc := routes.NewRouteConfig(srv.App)\n\trc.SetupRoutes()\n'
            '\tsrv.App.Listen(":3000")\n}\n'),
    })
    assert_routes(tmp_path, {("POST", "/api/auth/login", "none"),
                             ("GET", "/api/templates", "none"),
                             ("POST", "/api/templates/new", "required")})


def test_express_middleware_method_of_a_container_resolved_class(tmp_path):
    """`const authMiddleware = containerInjector.resolve(AuthMiddleware)` (tsyringe) and
    `authMiddleware.execute` as route middleware, `execute` being a class field holding the
    function `catchAsync` is handed: that function's check (401 without a Bearer token) guards
    the route."""
    write_tree(tmp_path, {
        "package.json": '{"dependencies": {"express": "^5.1.0", "tsyringe": "^4.8.0"}}',
        "src/auth.middleware.ts": (
            'import { NextFunction, Request, Response } from "express";\n'
            'import { injectable } from "tsyringe";\n'
            'import { catchAsync } from "./catch-async";\n\n'
            '@injectable()\nexport class AuthMiddleware {\n'
            '    execute = catchAsync(async (req: Request, res: Response, next: NextFunction) => {\n'
            '        const authHeader = req.headers.authorization;\n'
            '        if (!authHeader || !authHeader.startsWith("Bearer ")) {\n'
            '            return res.status(401).json({ error: "unauthorized" });\n        }\n'
            '        next();\n    });\n}\n'),
        "src/catch-async.ts": (
            'export const catchAsync = (fn: any) => (req: any, res: any, next: any) =>\n'
            '    Promise.resolve(fn(req, res, next)).catch(next);\n'),
        "src/orders.routes.ts": (
            'import { Router } from "express";\nimport { container } from "tsyringe";\n'
            'import { AuthMiddleware } from "./auth.middleware";\n\n'
            'const authMiddleware = container.resolve(AuthMiddleware);\n'
            'const router = Router();\n'
            'router.get("/", authMiddleware.execute, (req, res) => { res.json([]); });\n'
            'router.get("/public", (req, res) => { res.json([]); });\n'
            'export default router;\n'),
        "src/index.ts": ('import express from "express";\nimport orders from "./orders.routes";\n'
                         'const app = express();\napp.use("/orders", orders);\napp.listen(3000);\n'),
    })
    assert_routes(tmp_path, {("GET", "/orders/", "required"), ("GET", "/orders/public", "none")})


def test_go_interface_implemented_with_a_method_promoted_from_a_library_type(tmp_path):
    """`type DB struct{ *gorm.DB }` declares every method of the `Datastore` interface but
    `New() *gorm.DB`, which the embedded library type gives it: a controller's
    `t.db.GetAccountById(id)` on the interface reaches DB's method and its query."""
    write_tree(tmp_path, {
        "go.mod": ("module example.com/sk\n\ngo 1.21\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n"
                   "\tgithub.com/jinzhu/gorm v1.9.7\n)\n"),
        "models/interface.go": (
            'package models\n\nimport "github.com/jinzhu/gorm"\n\n'
            'type Datastore interface {\n\tNew() *gorm.DB\n\tGetAccountById(id uint) (Account, error)\n'
            '\tClearAccount(id uint)\n\tDeleteAccount(id uint)\n\tCountAccounts() int\n}\n'),
        "models/account.go": (
            'package models\n\nimport "github.com/jinzhu/gorm"\n\n'
            'type DB struct {\n\t*gorm.DB\n}\n\ntype Account struct{ ID uint }\n\n'
            'func (t *DB) GetAccountById(id uint) (Account, error) {\n\tvar u Account\n'
            '\terr := t.Where("id = ?", id).First(&u).Error\n\treturn u, err\n}\n\n'
            'func (t *DB) ClearAccount(id uint)  { t.Where("account_id = ?", id).Delete(Account{}) }\n'
            'func (t *DB) DeleteAccount(id uint) { t.Delete(Account{ID: id}) }\n'
            'func (t *DB) CountAccounts() int    { var n int; t.Model(&Account{}).Count(&n); return n }\n'),
        "controllers/base.go": (
            'package controllers\n\nimport (\n\t"net/http"\n\n\t"github.com/gin-gonic/gin"\n\n'
            '\t"example.com/sk/models"\n)\n\n'
            'type Controller struct{ db models.Datastore }\n\n'
            'func (t *Controller) GetAccount(c *gin.Context) {\n'
            '\taccount, err := t.db.GetAccountById(1)\n\tif err != nil {\n'
            '\t\tc.JSON(http.StatusBadRequest, gin.H{"error": "not found"})\n\t\treturn\n\t}\n'
            '\tc.JSON(http.StatusOK, account)\n}\n\n'
            'func Start(db models.Datastore) {\n\tt := &Controller{db: db}\n\tr := gin.New()\n'
            '\tr.GET("/account", t.GetAccount)\n\tr.Run(":8080")\n}\n'),
    })
    res = __import__("conftest").scan(tmp_path)
    ep = [e for e in res.endpoints if e.path == "/account"]
    assert ep and ep[0].reaches_repository and ep[0].data_sites, ep


def test_drf_regex_router_prefix_and_a_commented_out_default_permission(tmp_path):
    """A DRF router prefix is a regex (`^{prefix}/...`): `(?P<post_id>\\d+)/comments` nests a
    resource without a nested-router library, requested as `/posts/{post_id}/comments`. A
    DEFAULT_PERMISSION_CLASSES tuple whose only entry is commented out is empty (AllowAny)."""
    write_tree(tmp_path, {
        "proj/settings.py": (
            "ROOT_URLCONF = 'proj.urls'\nREST_FRAMEWORK = {\n"
            "    'DEFAULT_PERMISSION_CLASSES': (\n"
            "        # 'rest_framework.permissions.IsAuthenticated',\n    ),\n}\n"),
        "proj/urls.py": ("from django.urls import include, path\n"
                         "urlpatterns = [path('api/', include('posts.urls'))]\n"),
        "posts/urls.py": (
            "from rest_framework.routers import DefaultRouter\n"
            "from posts.views import CommentViewSet\n\n"
            "router = DefaultRouter()\n"
            "router.register(r'posts/(?P<post_id>\\d+)/comments', CommentViewSet, basename='c')\n"
            "urlpatterns = router.urls\n"),
        "posts/views.py": (
            "from rest_framework import mixins, viewsets\n\n"
            "class CommentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):\n"
            "    queryset = None\n"),
    })
    assert_routes(tmp_path, {("GET", "/api/posts/{post_id}/comments/", "none")})


def test_express_routers_mounted_by_a_loop_over_the_folder(tmp_path):
    """`fs.readdirSync(routesPath).filter(file => { const routeFile = strip(file); return
    routeFile !== 'index' && routeFile !== 'auth' ? router.use(`/${routeFile}`,
    require(`./${routeFile}`)) : '' })`: every module beside index.js is mounted at its own
    name, but the ones the loop leaves out (auth is mounted at "/" on its own)."""
    write_tree(tmp_path, {
        "package.json": '{"dependencies": {"express": "^4.17.1"}}',
        "server.js": ("const express = require('express');\nconst app = express();\n"
                      "app.use(require('./routes'));\napp.listen(3000);\n"),
        "routes/index.js": (
            "const express = require('express');\nconst router = express.Router();\n"
            "const fs = require('fs');\nconst routesPath = `${__dirname}/`;\n"
            "const strip = (f) => f.split('.').slice(0, -1).join('.');\n"
            "router.use('/', require('./auth'));\n"
            "fs.readdirSync(routesPath).filter((file) => {\n"
            "  const routeFile = strip(file);\n"
            "  return routeFile !== 'index' && routeFile !== 'auth'\n"
            "    ? router.use(`/${routeFile}`, require(`./${routeFile}`))\n    : '';\n});\n"
            "module.exports = router;\n"),
        "routes/auth.js": ("const router = require('express').Router();\n"
                           "router.post('/login', (req, res) => res.json({}));\n"
                           "module.exports = router;\n"),
        "routes/cities.js": ("const router = require('express').Router();\n"
                             "router.get('/', (req, res) => res.json([]));\n"
                             "router.get('/:id', (req, res) => res.json({}));\n"
                             "module.exports = router;\n"),
    })
    assert_routes(tmp_path, {("POST", "/login"), ("GET", "/cities/"), ("GET", "/cities/:id")},
                  with_auth=False)
