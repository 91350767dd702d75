"""More shapes of the second batch of session-43 backends, each with its look-alike:

- TypeScript's `export = router;` is the module's default (what `import r from` binds);
- Django `i18n_patterns(..., prefix_default_language=False)` serves the default language with
  no prefix (listed that way); with the default `True` the `{lang}/` prefix stays;
- a plugin registry's `hooks.register('name', self.callback)` is no DRF router registration;
- a Flask-Smorest view guarded by the tree's decorators (`verify_jwt_in_request()`, then
  `raise UnauthorizedAccess` when there is no user), under an app-wide hook that only loads
  the identity when a token is sent (`@jwt_required(optional=True)`);
- Next.js pages: `export { default } from "next-auth/middleware"` guards its matcher's paths; a
  `case 'POST': res.status(405); break` serves no POST; `session?.user.role !== 'ADMIN'`
  refuses anonymous requests too;
- Express: a loader middleware that hands every request on (`if (!user) return next()`) is no
  access check, so what it reads is the route's data.
"""
from __future__ import annotations

from conftest import endpoint_map, scan, write_tree




def test_typescript_export_equals_router(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, {
        "package.json": '{"dependencies": {"express": "4"}}',
        "src/app.ts": (
            "import express from 'express';\n"
            "import api from './api';\n"
            "const app = express();\n"
            "app.use('/api/v1', api);\n"
            "export default app;\n"),
        "src/api.ts": (
            "import express from 'express';\n"
            "import cartRoutes from './cart.route';\n"
            "const router = express.Router();\n"
            "router.use('/cart', cartRoutes);\n"
            "export default router;\n"),
        "src/cart.route.ts": (
            "import express from 'express';\n"
            "const router = express.Router();\n"
            "router.delete('/clear-cart', (req, res) => res.json({}));\n"
            "export = router;\n"),
    }))
    assert ("DELETE", "/api/v1/cart/clear-cart") in eps, sorted(eps)
    assert ("DELETE", "/clear-cart") not in eps, sorted(eps)


DJANGO = {
    "requirements.txt": "django\n",
    "blog/__init__.py": "",
    "blog/settings.py": "ROOT_URLCONF = 'blog.urls'\n",
    "blog/views.py": (
        "from django.http import HttpResponse\n\n"
        "def index(request):\n"
        "    return HttpResponse('x')\n\n"
        "def health(request):\n"
        "    return HttpResponse('ok')\n"),
    "blog/hooks.py": (
        "_registry = {}\n\n"
        "def register(name, fn):\n"
        "    _registry.setdefault(name, []).append(fn)\n"),
    "blog/plugin.py": (
        "from blog import hooks\n\n"
        "class ViewCount:\n"
        "    def setup(self):\n"
        "        hooks.register('after_article_body_get', self.record_view)\n\n"
        "    def record_view(self, article):\n"
        "        return article\n"),
    "blog/urls.py": (
        "from django.conf.urls.i18n import i18n_patterns\n"
        "from django.urls import path, re_path\n"
        "from blog import views\n\n"
        "urlpatterns = [\n"
        "    path('health/', views.health),\n"
        "]\n"
        "urlpatterns += i18n_patterns(\n"
        "    re_path(r'^index/$', views.index),\n"
        "    prefix_default_language=False)\n"),
}


def test_i18n_without_default_prefix_and_a_plugin_registry(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, DJANGO))
    assert ("ANY", "/index") in eps, sorted(eps)
    assert ("ANY", "/health") in eps, sorted(eps)
    assert not any("after_article_body_get" in p for _m, p in eps), sorted(eps)


def test_i18n_with_the_default_prefix(tmp_path):
    files = dict(DJANGO)
    files["blog/urls.py"] = DJANGO["blog/urls.py"].replace(
        "    prefix_default_language=False)", "    )")
    eps = endpoint_map(write_tree(tmp_path, files))
    assert any(p.endswith("/index") and p != "/index" for _m, p in eps), sorted(eps)


SMOREST = {
    "requirements.txt": "flask\nflask-smorest\nflask-jwt-extended\nflask-sqlalchemy\n",
    "src/__init__.py": (
        "from flask import Flask, g\n"
        "from flask_jwt_extended import get_jwt_identity, jwt_required\n"
        "from flask_smorest import Api\n"
        "from src.posts.routes import post_blp\n\n"
        "def create_app():\n"
        "    app = Flask(__name__)\n"
        "    api = Api(app)\n"
        "    api.register_blueprint(post_blp)\n\n"
        "    @app.before_request\n"
        "    @jwt_required(optional=True)\n"
        "    def load_user_into_g():\n"
        "        g.current_user = get_jwt_identity()\n\n"
        "    return app\n"),
    "src/exceptions.py": (
        "class UnauthorizedAccess(Exception):\n"
        "    pass\n"),
    "src/dependencies.py": (
        "from functools import wraps\n"
        "from flask import g\n"
        "from flask_jwt_extended import get_jwt_identity, verify_jwt_in_request\n"
        "from src.exceptions import UnauthorizedAccess\n\n"
        "def load_user_from_request(fn):\n"
        "    @wraps(fn)\n"
        "    def wrapper(*args, **kwargs):\n"
        "        verify_jwt_in_request()\n"
        "        user = get_jwt_identity()\n"
        "        if user is None:\n"
        "            raise UnauthorizedAccess('User not found')\n"
        "        g.current_user = user\n"
        "        return fn(*args, **kwargs)\n"
        "    return wrapper\n"),
    "src/posts/__init__.py": "",
    "src/posts/routes.py": (
        "from flask.views import MethodView\n"
        "from flask_smorest import Blueprint\n"
        "from src.dependencies import load_user_from_request\n\n"
        "post_blp = Blueprint('posts', __name__, url_prefix='/api/v1/posts')\n\n"
        "@post_blp.route('/')\n"
        "class Posts(MethodView):\n"
        "    def get(self):\n"
        "        return []\n\n"
        "    @load_user_from_request\n"
        "    def post(self):\n"
        "        return {}\n"),
}


def test_smorest_decorator_guard_under_an_optional_identity_hook(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, SMOREST))
    assert eps[("POST", "/api/v1/posts")].auth == "required", \
        eps[("POST", "/api/v1/posts")].middleware
    assert eps[("GET", "/api/v1/posts")].auth == "none", \
        (eps[("GET", "/api/v1/posts")].middleware, eps[("GET", "/api/v1/posts")].auth_reason)


NEXT = {
    "package.json": '{"dependencies": {"next": "13.4.0", "next-auth": "4.22.0"}}',
    "middleware.ts": (
        "export { default } from 'next-auth/middleware'\n\n"
        "export const config = {\n"
        "  matcher: ['/api/finance/:path*']\n"
        "}\n"),
    "pages/api/auth/[...nextauth].ts": (
        "import NextAuth from 'next-auth'\n"
        "export const authOptions = { providers: [] }\n"
        "export default NextAuth(authOptions)\n"),
    "pages/api/finance/index.ts": (
        "import type { NextApiRequest, NextApiResponse } from 'next'\n"
        "export default async (req: NextApiRequest, res: NextApiResponse) => {\n"
        "  res.status(200).json({ ok: true })\n"
        "}\n"),
    "pages/api/admin/user.ts": (
        "import type { NextApiRequest, NextApiResponse } from 'next'\n"
        "import { getServerSession } from 'next-auth'\n"
        "import { authOptions } from '../auth/[...nextauth]'\n"
        "export default async (req: NextApiRequest, res: NextApiResponse) => {\n"
        "  const session: any = await getServerSession(req, res, authOptions as any)\n"
        "  const { method } = req\n"
        "  switch (method) {\n"
        "    case 'GET':\n"
        "      if (session?.user.role !== 'ADMIN') {\n"
        "        res.status(401).json({ success: false })\n"
        "        return\n"
        "      }\n"
        "      res.status(200).json([])\n"
        "      break\n"
        "    case 'PUT':\n"
        "      res.status(200).json({ liked: !!session })\n"
        "      break\n"
        "    case 'POST':\n"
        "      res.status(405)\n"
        "      break\n"
        "  }\n"
        "}\n"),
}


def test_next_pages_middleware_reexport_405_branch_and_role_check(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, NEXT))
    assert eps[("ANY", "/api/finance")].auth == "required", eps[("ANY", "/api/finance")].auth_reason
    assert ("POST", "/api/admin/user") not in eps, sorted(eps)
    assert eps[("GET", "/api/admin/user")].auth == "required", \
        eps[("GET", "/api/admin/user")].auth_reason
    assert eps[("PUT", "/api/admin/user")].auth != "required"


EXPRESS_LOADER = {
    "package.json": '{"dependencies": {"express": "4", "knex": "2"}}',
    "server/knex.js": (
        "const knex = require('knex');\n"
        "const db = knex({ client: 'pg' });\n"
        "module.exports = db;\n"),
    "server/queries.js": (
        "const knex = require('./knex');\n"
        "async function getDomains(userId) {\n"
        "  const domain = await knex('domains').where({ user_id: userId }).first();\n"
        "  return domain;\n"
        "}\n"
        "module.exports = { getDomains };\n"),
    "server/locals.js": (
        "const query = require('./queries');\n"
        "async function user(req, res, next) {\n"
        "  const user = req.user;\n"
        "  if (!user) return next();\n"
        "  res.locals.domains = await query.getDomains(user.id);\n"
        "  next();\n"
        "}\n"
        "module.exports = { user };\n"),
    "server/app.js": (
        "const express = require('express');\n"
        "const locals = require('./locals');\n"
        "const app = express();\n"
        "app.get('/settings', locals.user, (req, res) => res.render('settings'));\n"
        "module.exports = app;\n"),
}


def test_a_pass_through_loader_is_the_routes_data(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, EXPRESS_LOADER))
    assert eps[("GET", "/settings")].data_sites, eps[("GET", "/settings")].chain


OVERNIGHT = {
    "package.json": '{"dependencies": {"express": "4", "@overnightjs/core": "1"}}',
    "src/exceptions.ts": (
        "export class HttpException extends Error {\n"
        "  public constructor(public readonly code: number, message: string) {\n"
        "    super(message);\n"
        "  }\n"
        "}\n"),
    "src/middleware/auth.ts": (
        "import type { NextFunction, Request, Response } from 'express';\n"
        "import { HttpException } from '../exceptions';\n"
        "export const isValidSecretKey = (req: Request, res: Response, next: NextFunction) => {\n"
        "  res.locals.auth = { type: 'secret', sk: parseBearer(req, 'secret') };\n"
        "  next();\n"
        "};\n"
        "export const withLocale = (req: Request, res: Response, next: NextFunction) => {\n"
        "  res.locals.locale = parseLocale(req);\n"
        "  next();\n"
        "};\n"
        "export function parseBearer(request: Request, type?: string): string {\n"
        "  const bearer: string | undefined = request.headers.authorization;\n"
        "  if (!bearer) {\n"
        "    throw new HttpException(401, 'No authorization header passed');\n"
        "  }\n"
        "  return bearer.split(' ')[1];\n"
        "}\n"
        "export function parseLocale(request: Request): string {\n"
        "  const lang = request.headers['accept-language'];\n"
        "  if (!lang) {\n"
        "    throw new HttpException(400, 'No language');\n"
        "  }\n"
        "  return lang;\n"
        "}\n"),
    "src/controllers/actions.ts": (
        "import { Controller, Delete, Get, Middleware } from '@overnightjs/core';\n"
        "import type { Request, Response } from 'express';\n"
        "import { isValidSecretKey, withLocale } from '../middleware/auth';\n"
        "@Controller('v1/actions')\n"
        "export class Actions {\n"
        "  @Delete('')\n"
        "  @Middleware([isValidSecretKey])\n"
        "  public async deleteAction(req: Request, res: Response) {\n"
        "    return res.status(200).json({});\n"
        "  }\n"
        "  @Get('')\n"
        "  @Middleware([withLocale])\n"
        "  public async listActions(req: Request, res: Response) {\n"
        "    return res.status(200).json([]);\n"
        "  }\n"
        "}\n"),
    "src/app.ts": (
        "import { Server } from '@overnightjs/core';\n"
        "import { Actions } from './controllers/actions';\n"
        "export class App extends Server {\n"
        "  constructor() {\n"
        "    super();\n"
        "    this.addControllers([new Actions()]);\n"
        "  }\n"
        "}\n"),
}


def test_a_middleware_whose_helper_throws_401_without_a_credential(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, OVERNIGHT))
    assert eps[("DELETE", "/v1/actions")].auth == "required", \
        (eps[("DELETE", "/v1/actions")].middleware, eps[("DELETE", "/v1/actions")].auth_reason)
    assert eps[("GET", "/v1/actions")].auth == "none", eps[("GET", "/v1/actions")].auth_reason
