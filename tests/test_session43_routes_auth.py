"""Shapes of public backends labelled before auditor ran (session 43), each pinned with a
look-alike that must keep its old answer:

- NestJS: `RouterModule` imported under an alias (`RouterModule as NestJsRouterModule`) mounts
  its modules the same; a global prefix held in a `const` read from the configuration
  (`const p = configService.get<string>('app.globalPrefix')!; app.setGlobalPrefix(p)`).
- FastAPI: a router made in a function of a file that names no framework (`APIRouter` from the
  tree's own subclass module) and handed to a function imported by name
  (`generate_logout(router, deps)`) that registers its routes on its parameter.
- Django: a DRF router whose class is the tree's own subclass of `SimpleRouter`, defined in
  another module (`router = MixedViewRouter()`, `include(router.urls)`).
- chi: `r.Route("/admin", a.routeAdmin)` with a method value runs it on the sub-router, as a
  function literal would; Go 1.25's `http.CrossOriginProtection` is no authentication.
- Express: an `auth` middleware that only records whether the token verified and always calls
  `next()` is optional auth, found through an index module that re-exports it
  (`module.exports = { auth: require('./auth') }`); `requireAuth` after it rejects.
- Next.js: `if (!session || session.role !== 'admin') return 403` rejects anonymous requests;
  two handlers of one route.ts that call the same session helper keep their own verdicts.
"""
from __future__ import annotations

from conftest import endpoint_map, scan_go_module, write_tree




NEST = {
    "package.json": '{"dependencies": {"@nestjs/core": "11", "@nestjs/common": "11", '
                    '"@nestjs/config": "4"}}',
    "src/configs/app.config.ts": (
        "import { registerAs } from '@nestjs/config';\n"
        "export default registerAs('app', () => ({\n"
        "  name: 'x',\n"
        "  globalPrefix: '/api',\n"
        "}));\n"),
    "src/main.ts": (
        "import { NestFactory } from '@nestjs/core';\n"
        "import { ConfigService } from '@nestjs/config';\n"
        "import { AppModule } from './app.module';\n"
        "async function bootstrap() {\n"
        "  const app = await NestFactory.create(AppModule);\n"
        "  const configService = app.get(ConfigService);\n"
        "  const globalPrefix: string = configService.get<string>('app.globalPrefix')!;\n"
        "  app.setGlobalPrefix(globalPrefix);\n"
        "  await app.listen(3000);\n"
        "}\n"
        "bootstrap();\n"),
    "src/app.module.ts": (
        "import { Module } from '@nestjs/common';\n"
        "import { RouterModule as NestJsRouterModule } from '@nestjs/core';\n"
        "import { AdminRoutesModule } from './admin.module';\n"
        "@Module({\n"
        "  imports: [AdminRoutesModule, NestJsRouterModule.register([\n"
        "    { path: '/admin', module: AdminRoutesModule },\n"
        "  ])],\n"
        "})\n"
        "export class AppModule {}\n"),
    "src/admin.module.ts": (
        "import { Module } from '@nestjs/common';\n"
        "import { KeyController } from './key.controller';\n"
        "@Module({ controllers: [KeyController] })\n"
        "export class AdminRoutesModule {}\n"),
    "src/key.controller.ts": (
        "import { Controller, Get } from '@nestjs/common';\n"
        "@Controller('/api-key')\n"
        "export class KeyController {\n"
        "  @Get('/list')\n"
        "  list() { return []; }\n"
        "}\n"),
}


def test_nest_router_module_alias_and_config_prefix(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, NEST), strip_slash=False)
    assert ("GET", "/api/admin/api-key/list") in eps, sorted(eps)


def test_nest_literal_prefix_const_still_read(tmp_path):
    files = dict(NEST)
    files["src/main.ts"] = files["src/main.ts"].replace(
        "configService.get<string>('app.globalPrefix')!", "'v2'")
    eps = endpoint_map(write_tree(tmp_path, files), strip_slash=False)
    assert ("GET", "/v2/admin/api-key/list") in eps, sorted(eps)


FASTAPI = {
    "requirements.txt": "fastapi\n",
    "main.py": (
        "from fastapi import FastAPI\n"
        "from pkg import routes as pkg_routes\n\n"
        "def create_app():\n"
        "    app = FastAPI()\n"
        "    app.include_router(pkg_routes.get_router())\n"
        "    return app\n\n"
        "app = create_app()\n"),
    "helpers/__init__.py": "",
    "helpers/custom_router.py": (
        "from fastapi import APIRouter as FastAPIRouter\n\n"
        "class APIRouter(FastAPIRouter):\n"
        "    pass\n"),
    "pkg/__init__.py": "",
    "pkg/routes.py": (
        "from helpers.custom_router import APIRouter\n"
        "from pkg.auth import routes as auth_routes\n\n"
        "def get_router():\n"
        "    router = APIRouter(prefix='/api')\n"
        "    router.include_router(auth_routes.get_router())\n"
        "    return router\n"),
    "pkg/auth/__init__.py": "",
    "pkg/auth/routes.py": (
        "from helpers.custom_router import APIRouter\n"
        "from .logout import generate_endpoint as generate_logout\n\n"
        "def get_router(deps=None):\n"
        "    router = APIRouter(prefix='/auth')\n"
        "    generate_logout(router, deps)\n"
        "    return router\n"),
    "pkg/auth/logout.py": (
        "from helpers.custom_router import APIRouter\n\n"
        "def generate_endpoint(router: APIRouter, deps):\n"
        "    @router.post('/logout')\n"
        "    async def logout():\n"
        "        return None\n"),
}


def test_fastapi_router_handed_to_imported_registration_function(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, FASTAPI), strip_slash=False)
    assert ("POST", "/api/auth/logout") in eps, sorted(eps)
    assert ("POST", "/logout") not in eps, sorted(eps)


DJANGO = {
    "requirements.txt": "django\ndjangorestframework\n",
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\nINSTALLED_APPS = ['rest_framework']\n",
    "proj/urls.py": (
        "from django.conf.urls import include, url\n\n"
        "urlpatterns = [\n"
        "    url(r'^api/v3/', include('proj.v3_urls')),\n"
        "]\n"),
    "proj/routers.py": (
        "from rest_framework.routers import SimpleRouter\n\n"
        "class MixedViewRouter(SimpleRouter):\n"
        "    def register(self, prefix, viewset, basename=None):\n"
        "        super().register(prefix, viewset, basename=basename)\n"),
    "proj/views.py": (
        "from rest_framework import viewsets\n"
        "from proj.models import Action\n\n"
        "class ActionViewSet(viewsets.ReadOnlyModelViewSet):\n"
        "    queryset = Action.objects.all()\n"),
    "proj/models.py": (
        "from django.db import models\n\n"
        "class Action(models.Model):\n"
        "    name = models.CharField(max_length=20)\n"),
    "proj/v3_urls.py": (
        "from django.conf.urls import include, url\n"
        "from proj.routers import MixedViewRouter\n"
        "from proj import views\n\n"
        "router = MixedViewRouter()\n"
        "router.register('action', views.ActionViewSet)\n\n"
        "urlpatterns = [\n"
        "    url(r'', include(router.urls)),\n"
        "]\n"),
}


def test_drf_router_subclass_from_another_module(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, DJANGO), strip_slash=False)
    assert ("GET", "/api/v3/action/") in eps, sorted(eps)
    assert ("GET", "/action/") not in eps, sorted(eps)


CHI = {
    "go.mod": "module example.com/web\n\ngo 1.25\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n",
    "web.go": (
        "package web\n\n"
        "import (\n"
        "\t\"net/http\"\n\n"
        "\t\"github.com/go-chi/chi/v5\"\n"
        ")\n\n"
        "type App struct{ admins []string }\n\n"
        "func (a *App) Run() http.Handler {\n"
        "\tr := chi.NewRouter()\n"
        "\tr.Use(http.NewCrossOriginProtection().Handler)\n"
        "\tr.Get(\"/about\", a.about)\n"
        "\tr.Route(\"/admin\", a.routeAdmin)\n"
        "\treturn r\n"
        "}\n\n"
        "func (a *App) routeAdmin(r chi.Router) {\n"
        "\tr.Use(a.adminAuth)\n"
        "\tr.Get(\"/stats\", a.stats)\n"
        "}\n\n"
        "func (a *App) adminAuth(next http.Handler) http.Handler {\n"
        "\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\tuser, pass, ok := r.BasicAuth()\n"
        "\t\tif !ok || user != \"admin\" || pass == \"\" {\n"
        "\t\t\thttp.Error(w, \"unauthorized\", http.StatusUnauthorized)\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        "\t\tnext.ServeHTTP(w, r)\n"
        "\t})\n"
        "}\n\n"
        "func (a *App) about(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"a\")) }\n"
        "func (a *App) stats(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"s\")) }\n"),
}


def test_chi_route_with_method_value_and_cross_origin_protection(tmp_path):
    eps, _ = scan_go_module(tmp_path, CHI)
    assert ("GET", "/admin/stats") in eps, sorted(eps)
    assert ("GET", "/stats") not in eps, sorted(eps)
    assert eps[("GET", "/admin/stats")].auth == "required"
    assert eps[("GET", "/about")].auth == "none", eps[("GET", "/about")].auth_reason


EXPRESS = {
    "package.json": '{"dependencies": {"express": "4", "jsonwebtoken": "9"}}',
    "server.js": (
        "const express = require('express');\n"
        "const app = express();\n"
        "app.use('/api/apps', require('./routes/apps'));\n"
        "module.exports = app;\n"),
    "middleware/index.js": (
        "module.exports = {\n"
        "  auth: require('./auth'),\n"
        "  requireAuth: require('./requireAuth'),\n"
        "};\n"),
    "middleware/auth.js": (
        "const jwt = require('jsonwebtoken');\n"
        "const auth = (req, res, next) => {\n"
        "  const authHeader = req.header('Authorization-App');\n"
        "  let valid = false;\n"
        "  if (authHeader) {\n"
        "    try { jwt.verify(authHeader.split(' ')[1], process.env.SECRET); valid = true; }\n"
        "    catch {}\n"
        "  }\n"
        "  req.isAuthenticated = valid;\n"
        "  next();\n"
        "};\n"
        "module.exports = auth;\n"),
    "middleware/requireAuth.js": (
        "const requireAuth = (req, res, next) => {\n"
        "  if (!req.isAuthenticated) {\n"
        "    return res.status(401).json({ error: 'Unauthorized' });\n"
        "  }\n"
        "  next();\n"
        "};\n"
        "module.exports = requireAuth;\n"),
    "routes/apps.js": (
        "const express = require('express');\n"
        "const router = express.Router();\n"
        "const { auth, requireAuth } = require('../middleware');\n"
        "router.get('/', auth, (req, res) => res.json([]));\n"
        "router.post('/', auth, requireAuth, (req, res) => res.json({}));\n"
        "module.exports = router;\n"),
}


def test_express_reexported_pass_through_auth_is_optional(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, EXPRESS), strip_slash=False)
    eps = {(m, p.rstrip("/")): e for (m, p), e in eps.items()}
    assert eps[("GET", "/api/apps")].auth == "optional", eps[("GET", "/api/apps")].auth_reason
    assert eps[("POST", "/api/apps")].auth == "required"


NEXT = {
    "package.json": '{"dependencies": {"next": "15.0.0"}}',
    "src/lib/auth.ts": (
        "import { cookies } from 'next/headers';\n"
        "export async function getSession() {\n"
        "  const token = (await cookies()).get('auth_token')?.value;\n"
        "  if (!token) return null;\n"
        "  return verifyToken(token);\n"
        "}\n"
        "async function verifyToken(t: string) { return { role: 'user', t }; }\n"),
    "src/app/api/categories/route.ts": (
        "import { NextResponse } from 'next/server';\n"
        "import { getSession } from '@/lib/auth';\n"
        "export async function GET() {\n"
        "  const session = await getSession();\n"
        "  return NextResponse.json({ liked: !!session });\n"
        "}\n"
        "export async function POST() {\n"
        "  const session = await getSession();\n"
        "  if (!session || (session.role !== 'admin' && session.role !== 'moderator')) {\n"
        "    return NextResponse.json({ error: 'Unauthorized' }, { status: 403 });\n"
        "  }\n"
        "  return NextResponse.json({});\n"
        "}\n"
        "export async function DELETE() {\n"
        "  const session = await getSession();\n"
        "  if (!session && process.env.PUBLIC_DELETE !== '1') {\n"
        "    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });\n"
        "  }\n"
        "  return NextResponse.json({});\n"
        "}\n"),
    "tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}',
}


def test_next_role_disjunction_rejects_and_handlers_keep_their_verdicts(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, NEXT), strip_slash=False)
    assert eps[("POST", "/api/categories")].auth == "required", \
        eps[("POST", "/api/categories")].auth_reason
    assert eps[("GET", "/api/categories")].auth == "optional", \
        eps[("GET", "/api/categories")].auth_reason
    # a conjunction rejects only some anonymous requests: not a guard
    assert eps[("DELETE", "/api/categories")].auth == "optional", \
        eps[("DELETE", "/api/categories")].auth_reason


CHI_SLICE = {
    "go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n",
    "api/middleware/auth.go": (
        "package middleware\n\n"
        "import \"net/http\"\n\n"
        "func SecretKeyAuth(next http.Handler) http.Handler {\n"
        "\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\tif r.Header.Get(\"Authorization\") != \"Api-Key secret\" {\n"
        "\t\t\thttp.Error(w, \"unauthorized\", http.StatusUnauthorized)\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        "\t\tnext.ServeHTTP(w, r)\n"
        "\t})\n"
        "}\n\n"
        "func RequestID(next http.Handler) http.Handler {\n"
        "\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\tnext.ServeHTTP(w, r)\n"
        "\t})\n"
        "}\n"),
    "api/server.go": (
        "package api\n\n"
        "import (\n"
        "\t\"net/http\"\n\n"
        "\t\"github.com/go-chi/chi/v5\"\n"
        "\t\"example.com/svc/api/middleware\"\n"
        ")\n\n"
        "func getMiddleware() []func(http.Handler) http.Handler {\n"
        "\tmw := []func(http.Handler) http.Handler{\n"
        "\t\tmiddleware.SecretKeyAuth,\n"
        "\t}\n"
        "\treturn mw\n"
        "}\n\n"
        "func setupAPIRoutes(router chi.Router, mw []func(http.Handler) http.Handler) {\n"
        "\trouter.Route(\"/api/v2\", func(r chi.Router) {\n"
        "\t\tfor _, m := range mw {\n"
        "\t\t\tr.Use(m)\n"
        "\t\t}\n"
        "\t\tr.Get(\"/users\", listUsers)\n"
        "\t})\n"
        "\trouter.Route(\"/public\", func(r chi.Router) {\n"
        "\t\tfor _, m := range []func(http.Handler) http.Handler{middleware.RequestID} {\n"
        "\t\t\tr.Use(m)\n"
        "\t\t}\n"
        "\t\tr.Get(\"/ping\", listUsers)\n"
        "\t})\n"
        "}\n\n"
        "func setupRouter(mw []func(http.Handler) http.Handler) *chi.Mux {\n"
        "\trouter := chi.NewRouter()\n"
        "\tsetupAPIRoutes(router, mw)\n"
        "\treturn router\n"
        "}\n\n"
        "func Create() http.Handler {\n"
        "\tmw := getMiddleware()\n"
        "\treturn setupRouter(mw)\n"
        "}\n\n"
        "func listUsers(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"[]\")) }\n"),
}


def test_chi_middleware_from_a_slice_a_function_returns(tmp_path):
    eps, _ = scan_go_module(tmp_path, CHI_SLICE)
    assert eps[("GET", "/api/v2/users")].auth == "required", eps[("GET", "/api/v2/users")].middleware
    assert eps[("GET", "/public/ping")].auth == "none", eps[("GET", "/public/ping")].middleware


GIN_MODULES = {
    "go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n",
    "internal/middleware/jwt.go": (
        "package middleware\n\n"
        "import \"github.com/gin-gonic/gin\"\n\n"
        "func JWTAuth() gin.HandlerFunc {\n"
        "\treturn func(c *gin.Context) {\n"
        "\t\ttoken := c.Request.Header.Get(\"x-token\")\n"
        "\t\tif token == \"\" {\n"
        "\t\t\tc.AbortWithStatusJSON(401, gin.H{\"msg\": \"no token\"})\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        "\t\tc.Next()\n"
        "\t}\n"
        "}\n"),
    "internal/router/enter.go": (
        "package router\n\n"
        "import (\n"
        "\t\"github.com/gin-gonic/gin\"\n\n"
        "\t\"example.com/svc/internal/router/roles\"\n"
        "\t\"example.com/svc/internal/router/users\"\n"
        ")\n\n"
        "type ModuleRouter interface {\n"
        "\tInitPublic(group *gin.RouterGroup)\n"
        "\tInitPrivate(group *gin.RouterGroup)\n"
        "}\n\n"
        "var modules []ModuleRouter\n\n"
        "func Register(m ModuleRouter) { modules = append(modules, m) }\n\n"
        "func GetAllModules() []ModuleRouter { return modules }\n\n"
        "func RegisterAll() {\n"
        "\tRegister(users.NewRouterGroup())\n"
        "\tRegister(roles.NewRouterGroup())\n"
        "}\n"),
    "internal/router/roles/enter.go": (
        "package roles\n\n"
        "import \"github.com/gin-gonic/gin\"\n\n"
        "type RouterGroup struct{}\n\n"
        "func NewRouterGroup() *RouterGroup { return &RouterGroup{} }\n\n"
        "func (r *RouterGroup) InitPublic(group *gin.RouterGroup) {}\n\n"
        "func (r *RouterGroup) InitPrivate(group *gin.RouterGroup) {\n"
        "\tgroup.GET(\"role/list\", list)\n"
        "}\n\n"
        "func list(c *gin.Context) { c.JSON(200, []string{}) }\n"),
    "internal/router/users/enter.go": (
        "package users\n\n"
        "import \"github.com/gin-gonic/gin\"\n\n"
        "type RouterGroup struct{}\n\n"
        "func NewRouterGroup() *RouterGroup { return &RouterGroup{} }\n\n"
        "func (r *RouterGroup) InitPublic(group *gin.RouterGroup) {\n"
        "\tgroup.POST(\"login\", login)\n"
        "}\n\n"
        "func (r *RouterGroup) InitPrivate(group *gin.RouterGroup) {\n"
        "\tg := group.Group(\"user\")\n"
        "\tg.GET(\"list\", list)\n"
        "}\n\n"
        "func login(c *gin.Context) { c.JSON(200, gin.H{}) }\n"
        "func list(c *gin.Context) { c.JSON(200, []string{}) }\n"),
    "internal/initialize/router.go": (
        "package initialize\n\n"
        "import (\n"
        "\t\"github.com/gin-gonic/gin\"\n\n"
        "\t\"example.com/svc/internal/middleware\"\n"
        "\t\"example.com/svc/internal/router\"\n"
        ")\n\n"
        "func Routers() *gin.Engine {\n"
        "\tr := gin.New()\n"
        "\tpublicGroup := r.Group(\"/api\")\n"
        "\tprivateGroup := r.Group(\"/api\")\n"
        "\tprivateGroup.Use(middleware.JWTAuth())\n"
        "\trouter.RegisterAll()\n"
        "\tfor _, m := range router.GetAllModules() {\n"
        "\t\tm.InitPublic(publicGroup)\n"
        "\t\tm.InitPrivate(privateGroup)\n"
        "\t}\n"
        "\treturn r\n"
        "}\n"),
}


def test_gin_modules_registered_through_an_interface(tmp_path):
    eps, _ = scan_go_module(tmp_path, GIN_MODULES)
    assert eps[("GET", "/api/user/list")].auth == "required", sorted(eps)
    assert eps[("GET", "/api/role/list")].auth == "required", sorted(eps)
    assert eps[("POST", "/api/login")].auth == "none", eps[("POST", "/api/login")].middleware


EXPRESS_CLASS = {
    "package.json": '{"dependencies": {"express": "4"}}',
    "src/auth.ts": (
        "import { Request, Response, NextFunction } from 'express';\n"
        "export const requireUserAuthentication = (req: Request, res: Response,"
        " next: NextFunction) => {\n"
        "  if (!req.isAuthenticated()) {\n"
        "    res.redirect(401, '/#login');\n"
        "  } else {\n"
        "    next();\n"
        "  }\n"
        "};\n"),
    "src/server.ts": (
        "import express, { Express } from 'express';\n"
        "import { requireUserAuthentication } from './auth';\n"
        "export class Server {\n"
        "  #app: Express;\n"
        "  create(): Express {\n"
        "    this.#app = express();\n"
        "    this.#app.use((req, res, next) => {\n"
        "      if (['/api/user/login', '/api/configuration'].includes(req.path)) {\n"
        "        next();\n"
        "      } else {\n"
        "        requireUserAuthentication(req, res, next);\n"
        "      }\n"
        "    });\n"
        "    this.#app.get('/api/items', (req, res) => res.json([]));\n"
        "    this.#app.post('/api/user/login', (req, res) => res.json({}));\n"
        "    return this.#app;\n"
        "  }\n"
        "}\n"),
}


def test_express_app_in_a_class_field_and_a_path_list_gate(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, EXPRESS_CLASS), strip_slash=False)
    assert eps[("GET", "/api/items")].auth == "required", eps[("GET", "/api/items")].middleware
    assert eps[("POST", "/api/user/login")].auth == "none"


CHI_WITH_SPREAD = {
    "go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n",
    "main.go": (
        "package main\n\n"
        "import (\n"
        "\t\"net/http\"\n\n"
        "\t\"github.com/go-chi/chi/v5\"\n"
        ")\n\n"
        "func requireViewer(next http.Handler) http.Handler {\n"
        "\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\tif r.Header.Get(\"Authorization\") == \"\" {\n"
        "\t\t\thttp.Error(w, \"unauthorized\", http.StatusUnauthorized)\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        "\t\tnext.ServeHTTP(w, r)\n"
        "\t})\n"
        "}\n\n"
        "func addSpan(next http.Handler) http.Handler { return next }\n\n"
        "func routes() http.Handler {\n"
        "\trouter := chi.NewRouter()\n"
        "\trouter.Route(\"/api\", func(r chi.Router) {\n"
        "\t\tgraphQL := []func(http.Handler) http.Handler{\n"
        "\t\t\taddSpan,\n"
        "\t\t\trequireViewer,\n"
        "\t\t}\n"
        "\t\tplain := []func(http.Handler) http.Handler{\n"
        "\t\t\taddSpan,\n"
        "\t\t}\n"
        "\t\tr.With(graphQL...).Post(\"/query\", query)\n"
        "\t\tr.With(plain...).Get(\"/health\", query)\n"
        "\t})\n"
        "\treturn router\n"
        "}\n\n"
        "func query(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"{}\")) }\n"),
}


def test_chi_with_a_spread_slice_of_middleware(tmp_path):
    eps, _ = scan_go_module(tmp_path, CHI_WITH_SPREAD)
    assert eps[("POST", "/api/query")].auth == "required", eps[("POST", "/api/query")].middleware
    assert eps[("GET", "/api/health")].auth == "none", eps[("GET", "/api/health")].middleware
