"""FastAPI `app.include_router(router=api_router, prefix="/api")` (the router given by keyword)
mounts it below the prefix; Flask-JWT-Extended 3's `@jwt_refresh_token_required` demands a
token; a Next.js pages route that imports its Mongoose model through a jsconfig `paths` alias
(`@models/Link`) reaches the store; `if (!["GET"].includes(req.method)) return 400` says which
methods the route serves; a handler that compares a presented secret with the configured one
(`req.query.secret !== serverEnv.API_SECRET`) and answers 401 checks credentials, and so does a
helper of the tree it hands the request to that throws `Error('Not signed in')` without a
session. Shapes of
backends labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

FASTAPI = {
    "pyproject.toml": "[project]\nname = 'p'\ndependencies = ['fastapi']\n",
    "app/__init__.py": "",
    "app/views.py": (
        "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n"
        "@router.get('/health')\ndef health():\n    return {'ok': True}\n"),
    "app/router.py": (
        "from fastapi import APIRouter\nfrom app import views\n\n"
        "api_router = APIRouter()\n"
        "api_router.include_router(views.router, prefix='/monitoring')\n"),
    "app/application.py": (
        "from fastapi import FastAPI\nfrom app.router import api_router\n\n"
        "def get_app():\n    app = FastAPI()\n"
        "    app.include_router(router=api_router, prefix='/api')\n    return app\n"),
}


def test_include_router_by_keyword(tmp_path):
    root = write_tree(tmp_path, FASTAPI)
    got = {(e.method, e.path) for e in scan(root).endpoints if not e.implicit}
    assert ("GET", "/api/monitoring/health") in got, sorted(got)


FLASK = {
    "requirements.txt": "flask\nflask-jwt-extended==3.25.0\n",
    "app.py": (
        "from flask import Flask, jsonify\n"
        "from flask_jwt_extended import jwt_refresh_token_required, create_access_token\n\n"
        "app = Flask(__name__)\n\n"
        "@app.route('/refresh', methods=['POST'])\n@jwt_refresh_token_required\n"
        "def refresh():\n    return jsonify(access_token=create_access_token(identity=1))\n\n"
        "@app.route('/about')\ndef about():\n    return 'about'\n"),
}


def test_refresh_token_required_decorator(tmp_path):
    root = write_tree(tmp_path, FLASK)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    assert eps[("POST", "/refresh")].auth == "required", eps[("POST", "/refresh")].middleware
    assert eps[("GET", "/about")].auth == "none"


NEXT = {
    "package.json": '{"dependencies": {"next": "*", "mongoose": "*"}}',
    "jsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@models/*": ["models/*"],'
                     ' "@config/*": ["config/*"]}}}',
    "config/env.js": "export const serverEnv = { API_SECRET: process.env.API_SECRET };\n",
    "models/Link.js": (
        "import mongoose from 'mongoose';\n"
        "const LinkSchema = new mongoose.Schema({ name: String });\n"
        "module.exports = mongoose.models.Link || mongoose.model('Link', LinkSchema);\n"),
    "pages/api/admin/links.js": (
        "import Link from '@models/Link';\n\n"
        "export default async function handler(req, res) {\n"
        "  if (![\"GET\"].includes(req.method)) {\n"
        "    return res.status(400).json({ error: 'GET required' });\n  }\n"
        "  const links = await Link.find({});\n"
        "  return res.status(200).json(links);\n}\n"),
    "pages/api/manage.js": (
        "import Link from '@models/Link';\n\n"
        "export default async function handler(req, res) {\n"
        "  if (![\"GET\", \"PATCH\"].includes(req.method)) {\n"
        "    return res.status(400).json({ error: 'bad method' });\n  }\n"
        "  if (req.method === \"GET\") {\n"
        "    return res.json(await Link.find({}));\n  }\n"
        "  await Link.updateOne({}, req.body);\n"
        "  return res.json({});\n}\n"),
    "pages/api/revalidate.js": (
        "import { serverEnv } from '@config/env';\n\n"
        "export default async function handler(req, res) {\n"
        "  if (!req.query.secret || req.query.secret !== serverEnv.API_SECRET) {\n"
        "    return res.status(401).json({ message: 'Invalid token' });\n  }\n"
        "  await res.revalidate('/');\n  return res.json({ revalidated: true });\n}\n"),
    "libs/serverAuth.js": (
        "import { getServerSession } from 'next-auth';\n\n"
        "const serverAuth = async (req, res) => {\n"
        "  const session = await getServerSession(req, res, {});\n"
        "  if (!session?.user?.email) {\n    throw new Error('Not signed in');\n  }\n"
        "  return { currentUser: session.user };\n};\n\nexport default serverAuth;\n"),
    "libs/lookup.js": (
        "export default async function lookupTag(req, res) {\n"
        "  if (!req.query.tag) {\n    throw new Error('Invalid ID');\n  }\n"
        "  return { tag: req.query.tag };\n}\n"),
    "pages/api/follow.js": (
        "import serverAuth from '../../libs/serverAuth';\n"
        "import lookupTag from '../../libs/lookup';\n\n"
        "export default async function handler(req, res) {\n"
        "  if (req.method !== 'POST' && req.method !== 'GET') {\n"
        "    return res.status(405).end();\n  }\n"
        "  try {\n"
        "    if (req.method === 'POST') {\n"
        "      const { userId } = req.body;\n"
        "      const { currentUser } = await serverAuth(req, res);\n"
        "      if (!userId) {\n        throw new Error('Invalid ID');\n      }\n"
        "      return res.status(200).json({ currentUser, userId });\n    }\n"
        "    const { tag } = await lookupTag(req, res);\n"
        "    return res.status(200).json({ tag });\n"
        "  } catch (error) {\n    return res.status(400).end();\n  }\n}\n"),
    "pages/api/verify.js": (
        "export default async function handler(req, res) {\n"
        "  if (req.query.code !== 'x') {\n"
        "    return res.status(400).json({ message: 'bad code' });\n  }\n"
        "  return res.json({ ok: true });\n}\n"),
}


def test_next_pages_alias_model_methods_and_shared_secret(tmp_path):
    root = write_tree(tmp_path, NEXT)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    links = eps.get(("GET", "/api/admin/links"))
    assert links is not None, sorted(eps)
    assert ("ANY", "/api/admin/links") not in eps
    assert links.data_sites, [c.name for c in links.chain]
    assert {("GET", "/api/manage"), ("PATCH", "/api/manage")} <= set(eps), sorted(eps)
    assert eps[("GET", "/api/manage")].data_sites and eps[("PATCH", "/api/manage")].data_sites
    assert eps[("ANY", "/api/revalidate")].auth == "required", \
        eps[("ANY", "/api/revalidate")].auth_reason
    assert eps[("ANY", "/api/verify")].auth == "none"
    # a helper of the tree handed the request, which throws without a session
    assert eps[("POST", "/api/follow")].auth == "required", eps[("POST", "/api/follow")].middleware
    assert eps[("GET", "/api/follow")].auth == "none"
