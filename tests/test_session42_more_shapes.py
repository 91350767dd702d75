"""Shapes of public backends labelled before auditor ran (session 42), second part:

- DRF `router.register(prefix=..., viewset=..., basename=...)` (BaseRouter.register's
  parameters by name), a prefix with a zero-width assertion (`(?<!learner-)subscriptions`: the
  prefix is a regex) and `path("v1/", optional_trailing_slash(include(v1_urls)))` (a function
  of the tree handed include()'s urlconf), drf-spectacular views made at module level.
- better-auth: `export const { GET, POST } = toNextJsHandler(auth)` serves its routes with the
  `betterAuth({ database: drizzleAdapter(db) })` configuration, re-exported and spread.
- gin: a middleware that answers a missing token with a 200 and an error code, then
  `c.Abort()`, rejects it; comments between `r.Use(...)` arguments are no middleware.
- Express: an `express.Router()` that no app mounts and no module imports serves nothing.
"""
from __future__ import annotations

from conftest import scan, scan_go_module, write_tree


def _eps(res):
    return {(e.method, e.path): e for e in res.endpoints if not e.implicit}


DJANGO = {
    "manage.py": "import django\n",
    "requirements.txt": "django\ndjangorestframework\ndrf-spectacular\n",
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
    "proj/urls.py": (
        "import re\n"
        "from django.urls import include, path\n"
        "from drf_spectacular.views import SpectacularSwaggerView\n"
        "from subs import urls as v1_urls\n\n"
        "spec_view = SpectacularSwaggerView()\n\n"
        "def optional_trailing_slash(urls):\n"
        "    for url in urls[0].urlpatterns:\n"
        "        url.pattern.regex = re.compile(url.pattern.regex.pattern.replace('/$', '/?$'))\n"
        "    return urls\n\n"
        "urlpatterns = [\n"
        "    path('api/v1/', optional_trailing_slash(include(v1_urls))),\n"
        "    path('api-docs/', spec_view.as_view(), name='docs'),\n"
        "]\n"),
    "subs/__init__.py": "",
    "subs/models.py": (
        "from django.db import models\n\n"
        "class Plan(models.Model):\n    name = models.CharField(max_length=9)\n"),
    "subs/views.py": (
        "from rest_framework import viewsets\nfrom subs.models import Plan\n\n"
        "class PlanViewSet(viewsets.ReadOnlyModelViewSet):\n"
        "    queryset = Plan.objects.all()\n\n"
        "class LearnerPlanViewSet(viewsets.ReadOnlyModelViewSet):\n"
        "    queryset = Plan.objects.all()\n"),
    "subs/urls.py": (
        "from rest_framework import routers\n"
        "from subs import views\n\n"
        "router = routers.SimpleRouter()\n"
        "router.register(prefix=r'(?<!learner-)plans', viewset=views.PlanViewSet,\n"
        "                basename='plans')\n"
        "router.register(r'learner-plans', views.LearnerPlanViewSet, basename='lp')\n"
        "urlpatterns = router.urls\n"),
}


def test_drf_keyword_register_regex_prefix_and_wrapped_include(tmp_path):
    eps = _eps(scan(write_tree(tmp_path, DJANGO)))
    paths = sorted(p for _, p in eps)
    assert ("GET", "/api/v1/plans/") in eps, paths
    assert ("GET", "/api/v1/plans/{pk}/") in eps, paths
    assert ("GET", "/api/v1/learner-plans/") in eps, paths
    assert not any("(?" in p for p in paths), paths
    assert not any(p.startswith("/api-docs") for p in paths), paths


NEXT = {
    "package.json": '{"dependencies": {"next": "15.0.0", "better-auth": "1.2.0"}}',
    "tsconfig.json": '{"compilerOptions": {"paths": {"auth/*": ["./src/lib/auth/*"]}}}',
    "src/lib/db.ts": (
        "import { drizzle } from 'drizzle-orm/node-postgres';\n"
        "export const db = drizzle(process.env.DATABASE_URL!);\n"),
    "src/lib/auth/instance.ts": (
        "import { betterAuth } from 'better-auth';\n"
        "import { drizzleAdapter } from 'better-auth/adapters/drizzle';\n"
        "import { db } from '../db';\n\n"
        "const options = {\n"
        "  database: drizzleAdapter(db, { provider: 'pg' }),\n"
        "  emailAndPassword: { enabled: true },\n"
        "};\n\n"
        "export const auth = betterAuth({\n  ...options,\n  plugins: [],\n});\n"),
    "src/lib/auth/server.ts": "export { auth } from './instance';\n",
    "src/app/api/auth/[...all]/route.ts": (
        "import { auth } from 'auth/server';\n"
        "import { toNextJsHandler } from 'better-auth/next-js';\n\n"
        "export const { GET, POST } = toNextJsHandler(auth.handler);\n"),
    "src/app/api/version/route.ts": (
        "import { toNextJsHandler } from './local';\n"
        "export const { GET } = toNextJsHandler({});\n"),
    "src/app/api/version/local.ts": (
        "export function toNextJsHandler(x: object) {\n"
        "  return { GET: () => Response.json({ v: 1 }) };\n}\n"),
}


def test_better_auth_handler_reaches_its_adapter(tmp_path):
    eps = _eps(scan(write_tree(tmp_path, NEXT)))
    post = next(e for (m, p), e in eps.items() if m == "POST" and p.startswith("/api/auth/"))
    assert [(d["file"], d["kind"]) for d in post.data_sites] == [
        ("src/lib/auth/instance.ts", "orm")], post.data_sites
    version = next(e for (m, p), e in eps.items() if p == "/api/version")
    assert not version.data_sites, version.data_sites  # not better-auth's function


GIN = """package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func respondErr(c *gin.Context, code int) {
	c.JSON(http.StatusOK, gin.H{"code": code})
}

func JWTAuthMiddleware() func(c *gin.Context) {
	return func(c *gin.Context) {
		authHeader := c.Request.Header.Get("Authorization")
		if authHeader == "" {
			respondErr(c, 1006)
			c.Abort()
			return
		}
		c.Set("user", authHeader)
		c.Next()
	}
}

func Soft() gin.HandlerFunc {
	return func(c *gin.Context) {
		token := c.Request.Header.Get("Authorization")
		if token == "" {
			c.Next()
			return
		}
		c.Set("user", token)
		c.Next()
	}
}

func Logger() gin.HandlerFunc { return func(c *gin.Context) { c.Next() } }

func h(c *gin.Context) {}

func Setup() *gin.Engine {
	r := gin.New()
	r.Use(Logger(), // logs every request
		gin.Recovery())
	v1 := r.Group("/api/v1")
	v1.POST("/login", h)
	v1.GET("/feed", Soft(), h)
	v1.Use(JWTAuthMiddleware())
	v1.POST("/vote", h)
	return r
}
"""


def test_gin_abort_on_missing_token_and_commented_use(tmp_path):
    eps, _ = scan_go_module(tmp_path, {"api/routes.go": GIN})
    vote = eps[("POST", "/api/v1/vote")]
    assert vote.auth == "required", (vote.middleware, vote.auth_reason)
    assert eps[("POST", "/api/v1/login")].auth == "none"
    assert eps[("GET", "/api/v1/feed")].auth == "optional"
    assert not any(m.startswith("//") for m in vote.middleware), vote.middleware


EXPRESS = {
    "package.json": '{"dependencies": {"express": "4.18.0"}}',
    "src/app.ts": (
        "import express from 'express';\n"
        "import routes from './routes';\n"
        "const app = express();\n"
        "app.use('/api', routes);\n"
        "export default app;\n"),
    "src/routes/index.ts": (
        "import { Router } from 'express';\n"
        "import productRoutes from './product.routes';\n"
        "const router = Router();\n"
        "router.use('/products', productRoutes);\n"
        "export default router;\n"),
    "src/routes/product.routes.ts": (
        "import { Router } from 'express';\n"
        "const router = Router();\n"
        "router.get('/', (req, res) => res.json([]));\n"
        "export default router;\n"),
    "src/routes/user.routes.ts": (
        "import { Router } from 'express';\n"
        "const router = Router();\n"
        "router.get('/profile', (req, res) => res.json({}));\n"
        "export default router;\n"),
}


def test_router_nobody_mounts_or_imports_is_not_served(tmp_path):
    res = scan(write_tree(tmp_path, EXPRESS))
    eps = _eps(res)
    assert ("GET", "/api/products") in eps or ("GET", "/api/products/") in eps, sorted(eps)
    assert not any(p.endswith("/profile") for _, p in eps), sorted(eps)
    assert any("no app mounts" in u["reason"] for u in res.unresolved_routes), \
        res.unresolved_routes


def test_router_loaded_by_a_computed_require_is_kept(tmp_path):
    tree = dict(EXPRESS)
    tree["src/load.js"] = (
        "const fs = require('fs');\nconst path = require('path');\n"
        "module.exports = (app) => fs.readdirSync(__dirname).forEach((f) =>\n"
        "  app.use(require(path.join(__dirname, f))));\n")
    eps = _eps(scan(write_tree(tmp_path, tree)))
    assert any(p.endswith("/profile") for _, p in eps), sorted(eps)
