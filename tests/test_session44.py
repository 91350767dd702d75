"""Routes, auth and data on shapes of public backends labelled before auditor ran (session 44),
each with a look-alike that must not change:

- Next.js pages/api: a handler that hands a table keyed by method to a dispatcher
  (`handleRequest(req, res, { get: {...}, post: {...} })`, `apiHandler({ get, delete })`) serves
  one route per key; an object of other keys handed along stays one ANY route.
- chi: `r.Group(routes.Public())` and `r.Route("/p", admin.Routes())` run the function literal
  the call returns with the new sub-router (its `Use` guards only its own routes).
- flask-restx: `for ns in namespaces: api.add_namespace(ns)` mounts every namespace of the
  list under the Api's blueprint prefix.
- Python MongoDB: a collection a helper hands over (`client[db][name]` from a pooled client,
  `async with get_client() as client`) in a file importing pymongo's `bson`: `insert_one`,
  `to_list`, `distinct(key)` are data sites; the same names in a file with no MongoDB import
  are not.
- DRF: a viewset's own `@action` that never asks the view for its objects does not read the
  view's `queryset`; one that calls `self.get_object()` does.
"""
from __future__ import annotations

from conftest import endpoint_map, scan_go_module, write_tree

NEXT_TABLE = {
    "package.json": '{"dependencies": {"next": "13", "react": "18"}}',
    "src/lib/handle.ts": (
        "export default async function handleRequest(req, res, em, table) {\n"
        "  const entry = table[req.method.toLowerCase()];\n"
        "  if (!entry) return res.status(405).end();\n"
        "  return entry.callback({ request: req, response: res, em });\n"
        "}\n"),
    "src/pages/api/questions/index.ts": (
        "import handleRequest from '../../../lib/handle';\n"
        "const get = async ({ response, em }) => { response.json(await em.find('Q', {})); };\n"
        "const post = async ({ response, em }) => { em.create('Q', {}); response.json({}); };\n"
        "const handler = (request, response, em) => handleRequest(request, response, em, {\n"
        "  get: { callback: get },\n"
        "  post: { callback: post, private: true },\n"
        "});\n"
        "export default handler;\n"),
    "src/lib/api-handler.ts": (
        "export function apiHandler(handlers) {\n"
        "  return async (req, res) => {\n"
        "    const h = handlers[req.method.toLowerCase()];\n"
        "    if (!h) return res.status(405).end();\n"
        "    return h(req, res);\n"
        "  };\n"
        "}\n"),
    "src/pages/api/users/[id].ts": (
        "import { apiHandler } from '../../../lib/api-handler';\n"
        "export default apiHandler({ get: getById, delete: remove });\n"
        "async function getById(req, res) { res.json({}); }\n"
        "async function remove(req, res) { res.json({}); }\n"),
    # look-alike: an options object handed along is no method table
    "src/pages/api/ping.ts": (
        "import { withOptions } from '../../lib/api-handler';\n"
        "const handler = (req, res) => send(req, res, { cache: true, status: 200 });\n"
        "function send(req, res, opts) { res.status(opts.status).json({ ok: true }); }\n"
        "export default handler;\n"),
}


def test_next_pages_method_table_is_one_route_per_key(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, NEXT_TABLE))
    assert {("GET", "/api/questions"), ("POST", "/api/questions")} <= set(eps), sorted(eps)
    assert ("ANY", "/api/questions") not in eps
    assert {("GET", "/api/users/[id]"), ("DELETE", "/api/users/[id]")} <= set(eps) or \
        {("GET", "/api/users/{id}"), ("DELETE", "/api/users/{id}")} <= set(eps), sorted(eps)
    assert ("ANY", "/api/ping") in eps, sorted(eps)


CHI = {
    "main.go": (
        "package main\n\n"
        "import (\n"
        "\t\"net/http\"\n"
        "\t\"github.com/go-chi/chi/v5\"\n"
        "\t\"example.com/svc/routes\"\n"
        ")\n\n"
        "func main() {\n"
        "\tr := chi.NewRouter()\n"
        "\tr.Group(routes.Public())\n"
        "\tr.Group(routes.Protected())\n"
        "\tr.Route(\"/admin\", routes.Admin())\n"
        "\thttp.ListenAndServe(\":8080\", r)\n"
        "}\n"),
    "routes/routes.go": (
        "package routes\n\n"
        "import (\n"
        "\t\"net/http\"\n"
        "\t\"github.com/go-chi/chi/v5\"\n"
        "\t\"github.com/go-chi/jwtauth/v5\"\n"
        ")\n\n"
        "var TokenAuth = jwtauth.New(\"HS256\", []byte(\"k\"), nil)\n\n"
        "func list(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"[]\")) }\n\n"
        "func Public() func(r chi.Router) {\n"
        "\treturn func(r chi.Router) {\n"
        "\t\tr.Get(\"/topics\", list)\n"
        "\t}\n"
        "}\n\n"
        "func Protected() func(r chi.Router) {\n"
        "\treturn func(r chi.Router) {\n"
        "\t\tr.Use(jwtauth.Verifier(TokenAuth))\n"
        "\t\tr.Use(jwtauth.Authenticator(TokenAuth))\n"
        "\t\tr.Post(\"/topics\", list)\n"
        "\t}\n"
        "}\n\n"
        "func Admin() func(r chi.Router) {\n"
        "\treturn func(r chi.Router) {\n"
        "\t\tr.Get(\"/stats\", list)\n"
        "\t}\n"
        "}\n"),
}


def test_chi_group_of_a_returned_literal(tmp_path):
    eps, _ = scan_go_module(tmp_path, CHI)
    assert {("GET", "/topics"), ("POST", "/topics"), ("GET", "/admin/stats")} <= set(eps), \
        sorted(eps)
    assert ("GET", "/stats") not in eps
    assert eps[("POST", "/topics")].auth == "required", eps[("POST", "/topics")].auth_reason
    assert eps[("GET", "/topics")].auth == "none", eps[("GET", "/topics")].auth_reason


RESTX = {
    "requirements.txt": "flask\nflask-restx\n",
    "web/__init__.py": "",
    "web/app.py": (
        "from flask import Flask\n"
        "app = Flask(__name__)\n"
        "from web.api import blueprint\n"
        "app.register_blueprint(blueprint)\n"),
    "web/cve.py": (
        "from flask_restx import Namespace, Resource\n"
        "api = Namespace('cve', path='/')\n\n"
        "@api.route('/cve/<cve_id>')\n"
        "class Cve(Resource):\n"
        "    def get(self, cve_id):\n"
        "        return {}\n"),
    "web/cwe.py": (
        "from flask_restx import Namespace, Resource\n"
        "api = Namespace('cwe', path='/')\n\n"
        "@api.route('/cwe')\n"
        "class Cwe(Resource):\n"
        "    def get(self):\n"
        "        return []\n"),
    "web/api.py": (
        "from flask import Blueprint\n"
        "from flask_restx import Api\n"
        "from web.cve import api as cve_api\n"
        "from web.cwe import api as cwe_api\n\n"
        "namespaces = [cve_api, cwe_api]\n"
        "blueprint = Blueprint('api', __name__, url_prefix='/api')\n"
        "api = Api(blueprint)\n"
        "for each in namespaces:\n"
        "    api.add_namespace(each)\n"),
}


def test_restx_namespaces_added_in_a_loop(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, RESTX))
    assert {("GET", "/api/cve/<cve_id>"), ("GET", "/api/cwe")} <= set(eps), sorted(eps)
    assert ("GET", "/cwe") not in eps


MONGO = {
    "requirements.txt": "fastapi\nmotor\n",
    "app/__init__.py": "",
    "app/database.py": (
        "from contextlib import asynccontextmanager\n"
        "from motor.motor_asyncio import AsyncIOMotorClient\n\n"
        "class Manager:\n"
        "    _client = None\n\n"
        "    @classmethod\n"
        "    async def get_client(cls):\n"
        "        if cls._client is None:\n"
        "            cls._client = AsyncIOMotorClient('mongodb://localhost')\n"
        "        return cls._client\n\n"
        "@asynccontextmanager\n"
        "async def get_database_client():\n"
        "    try:\n"
        "        client = await Manager.get_client()\n"
        "        yield client\n"
        "    except RuntimeError:\n"
        "        raise\n"),
    "app/base.py": (
        "from bson import ObjectId\n"
        "from app.database import get_database_client\n\n"
        "class BaseRepository:\n"
        "    def __init__(self, db, name):\n"
        "        self.db, self.name = db, name\n\n"
        "    async def _collection(self, client):\n"
        "        if self.name is None:\n"
        "            raise ValueError('no collection')\n"
        "        return client[self.db][self.name]\n\n"
        "    async def find_many(self, q):\n"
        "        async with get_database_client() as client:\n"
        "            collection = await self._collection(client)\n"
        "            try:\n"
        "                cursor = collection.find(q).limit(10)\n"
        "                return await cursor.to_list(length=None)\n"
        "            except RuntimeError:\n"
        "                return []\n\n"
        "    async def genres(self):\n"
        "        async with get_database_client() as client:\n"
        "            collection = await self._collection(client)\n"
        "            return await collection.distinct('genres')\n\n"
        "    async def create(self, doc):\n"
        "        async with get_database_client() as client:\n"
        "            collection = await self._collection(client)\n"
        "            return await collection.insert_one(doc)\n"),
    # look-alike: the same member names on an in-memory store, in a file that imports no
    # MongoDB library
    "app/memory.py": (
        "def remember(store, doc):\n"
        "    store.insert_one(doc)\n"),
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "from app.base import BaseRepository\n"
        "from app.memory import remember\n\n"
        "app = FastAPI()\n"
        "repo = BaseRepository('db', 'movies')\n\n"
        "@app.get('/movies')\n"
        "async def movies():\n"
        "    return await repo.find_many({})\n\n"
        "@app.get('/genres')\n"
        "async def genres():\n"
        "    return await repo.genres()\n\n"
        "@app.post('/movies')\n"
        "async def create(doc: dict):\n"
        "    return await repo.create(doc)\n\n"
        "@app.post('/notes')\n"
        "async def note(doc: dict, store=None):\n"
        "    remember(store, doc)\n"
        "    return {}\n"),
}


def test_mongo_collection_handed_over_by_a_helper(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, MONGO))
    for key in (("GET", "/movies"), ("GET", "/genres"), ("POST", "/movies")):
        assert any(s["kind"] == "document" for s in eps[key].data_sites), (key, eps[key].chain)
    assert not eps[("POST", "/notes")].data_sites


DRF_ACTION = {
    "requirements.txt": "django\ndjangorestframework\n",
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\nINSTALLED_APPS = ['rest_framework']\n",
    "proj/models.py": (
        "from django.db import models\n\n"
        "class Product(models.Model):\n"
        "    code = models.CharField(max_length=20)\n"),
    "proj/external.py": (
        "import urllib.request\n\n"
        "def push_to_catalog(code):\n"
        "    return urllib.request.urlopen('https://example.org/' + code).status\n"),
    "proj/views.py": (
        "from rest_framework import mixins, viewsets\n"
        "from rest_framework.decorators import action\n"
        "from rest_framework.response import Response\n"
        "from proj.external import push_to_catalog\n"
        "from proj.models import Product\n\n"
        "class ProductViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):\n"
        "    queryset = Product.objects.all()\n\n"
        "    @action(detail=False, methods=['PATCH'], url_path='push')\n"
        "    def push(self, request):\n"
        "        return Response({'status': push_to_catalog(request.data['code'])})\n\n"
        "    @action(detail=True, methods=['GET'], url_path='code')\n"
        "    def code(self, request, pk=None):\n"
        "        return Response({'code': self.get_object().code})\n"),
    "proj/urls.py": (
        "from rest_framework.routers import SimpleRouter\n"
        "from proj import views\n\n"
        "router = SimpleRouter()\n"
        "router.register('products', views.ProductViewSet)\n"
        "urlpatterns = router.urls\n"),
}


def test_drf_own_action_reads_the_queryset_only_when_it_asks(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, DRF_ACTION))
    assert eps[("GET", "/products")].data_sites
    assert eps[("GET", "/products/{pk}/code")].data_sites
    assert not eps[("PATCH", "/products/push")].data_sites, eps[("PATCH", "/products/push")]


def test_a_scanned_folder_that_imports_itself_by_its_package_name(tmp_path):
    """`backend/` scanned, its own code importing `backend.app.database`: the module is the
    tree's `app/database.py` (the collection's client is typed from there, no MongoDB import
    in the repository's file to gate a shape on)."""
    files = {("backend/" + k): v.replace("from app.", "from backend.app.").replace(
        "from bson import ObjectId\n", "") for k, v in MONGO.items() if k != "requirements.txt"}
    files["backend/__init__.py"] = ""
    files["backend/requirements.txt"] = MONGO["requirements.txt"]
    write_tree(tmp_path, files)
    eps = endpoint_map(tmp_path / "backend")
    for key in (("GET", "/movies"), ("POST", "/movies")):
        assert any(s["kind"] == "document" for s in eps[key].data_sites), (key, eps[key].chain)


LOGIN = {
    "requirements.txt": "django\ndjangorestframework\n",
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\nINSTALLED_APPS = ['rest_framework']\n",
    "proj/views.py": (
        "from rest_framework.response import Response\n"
        "from rest_framework.views import APIView\n"
        "from proj.tokens import create_token, decode_token, verify_password\n\n"
        "class LoginView(APIView):\n"
        "    def post(self, request):\n"
        "        '''Send a username and password (or an access_token) for a token.\n\n"
        "        Then use the Authorization header with the Bearer scheme.\n"
        "        '''\n"
        "        if request.POST.get('access_token'):\n"
        "            payload = decode_token(request.POST.get('access_token'))\n"
        "            if payload is None:\n"
        "                return Response({'detail': 'invalid'}, status=401)\n"
        "            return Response({'token': create_token(payload['sub'])})\n"
        "        if not verify_password(request.POST.get('username'), request.POST.get('password')):\n"
        "            return Response({'detail': 'invalid'}, status=401)\n"
        "        return Response({'token': create_token(request.POST.get('username'))})\n\n"
        "class ReportView(APIView):\n"
        "    def get(self, request):\n"
        "        token = request.headers.get('Authorization', '')\n"
        "        if decode_token(token) is None:\n"
        "            return Response({'detail': 'unauthorized'}, status=401)\n"
        "        return Response({'report': 1})\n"),
    "proj/tokens.py": (
        "import jwt\n\n"
        "def create_token(sub):\n"
        "    return jwt.encode({'sub': sub}, 'k' * 32, algorithm='HS256')\n\n"
        "def decode_token(t):\n"
        "    try:\n"
        "        return jwt.decode(t, 'k' * 32, algorithms=['HS256'])\n"
        "    except Exception:\n"
        "        return None\n\n"
        "def verify_password(u, p):\n"
        "    return bool(u and p)\n"),
    "proj/urls.py": (
        "from django.urls import path\n"
        "from proj.views import LoginView, ReportView\n\n"
        "urlpatterns = [\n"
        "    path('auth', LoginView.as_view()),\n"
        "    path('report', ReportView.as_view()),\n"
        "]\n"),
}


def test_a_login_whose_docstring_names_the_authorization_header_is_public(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, LOGIN))
    assert eps[("POST", "/auth")].auth == "none", eps[("POST", "/auth")].auth_reason
    assert eps[("GET", "/report")].auth == "required", eps[("GET", "/report")].auth_reason


NEXT_CLOSED = {
    "package.json": '{"dependencies": {"next": "14", "react": "18"}}',
    "app/api/waitlist/route.ts": (
        "import { NextResponse } from 'next/server';\n"
        "export async function POST(req: Request) {\n"
        "  return NextResponse.json({ error: 'Waitlist is closed.' }, { status: 400 });\n"
        "}\n"),
    "app/api/subscribe/route.ts": (
        "import { NextResponse } from 'next/server';\n"
        "export async function POST(req: Request) {\n"
        "  return NextResponse.json({ success: true });\n"
        "}\n"),
}


def test_a_response_init_status_is_the_answers_status(tmp_path):
    from conftest import scan

    res = scan(write_tree(tmp_path, NEXT_CLOSED))
    noop = {f.file for f in res.findings if f.rule_id == "noop-handler"}
    assert "app/api/subscribe/route.ts" in noop, [(f.rule_id, f.file) for f in res.findings]
    assert "app/api/waitlist/route.ts" not in noop


SHARED_SIGNATURE = {
    "requirements.txt": "fastapi\nsqlalchemy\n",
    "app/__init__.py": "",
    "app/clients.py": (
        "import httpx\n\n"
        "class QbClient:\n"
        "    async def add_torrents(self, urls, category=None):\n"
        "        return await httpx.AsyncClient().post('/add', data={'urls': urls, 'category': category})\n\n"
        "class Aria2Client:\n"
        "    async def add_torrents(self, urls, category=None):\n"
        "        return await httpx.AsyncClient().post('/rpc', json={'params': [urls]})\n\n"
        "class Catalog:\n"
        "    def find(self, q, limit=None):\n"
        "        return httpx.get('/catalog', params={'q': q}).json()\n"),
    # a test's fake that reads the parameter says nothing of the production code
    "tests/fakes.py": (
        "class FakeCatalog:\n"
        "    def find(self, q, limit=None):\n"
        "        return [q] * (limit or 1)\n"),
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "from app.clients import Aria2Client\n\n"
        "app = FastAPI()\n\n"
        "def list_items(db, status=None):\n"
        "    return db.execute('SELECT * FROM items').fetchall()\n\n"
        "@app.post('/torrents')\n"
        "async def add(url: str, category: str = ''):\n"
        "    return await Aria2Client().add_torrents([url], category)\n\n"
        "@app.get('/items')\n"
        "def items(status: str = ''):\n"
        "    return list_items(None, status)\n\n"
        "@app.get('/catalog')\n"
        "def catalog(q: str, limit: int = 10):\n"
        "    from app.clients import Catalog\n"
        "    return Catalog().find(q, limit)\n"),
}


def test_a_parameter_of_a_shared_method_signature_is_no_ignored_filter(tmp_path):
    from conftest import scan

    res = scan(write_tree(tmp_path, SHARED_SIGNATURE))
    got = {(f.file, f.line) for f in res.findings if f.rule_id == "unused-filter-parameter"}
    assert ("app/main.py", 6) in got, got
    assert ("app/clients.py", 12) in got, got  # only a test's fake reads `limit`
    assert not any(f == "app/clients.py" and ln != 12 for f, ln in got), got


HOOK = {
    "requirements.txt": "django\n",
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
    "proj/models.py": (
        "from django.db import models\n\n"
        "class Article(models.Model):\n"
        "    title = models.CharField(max_length=20)\n"),
    "proj/mixins.py": (
        "class CachedListViewMixin:\n"
        "    def get_queryset_data(self):\n"
        "        raise NotImplementedError('subclasses must implement get_queryset_data()')\n\n"
        "    def get_queryset(self):\n"
        "        return self.get_queryset_data()\n\n"
        "class ExportMixin:\n"
        "    def export(self):\n"
        "        raise NotImplementedError('export')\n"),
    "proj/views.py": (
        "from django.views.generic import ListView\n"
        "from proj.mixins import CachedListViewMixin, ExportMixin\n"
        "from proj.models import Article\n\n"
        "class ArticleListView(CachedListViewMixin, ListView):\n"
        "    template_name = 'list.html'\n\n"
        "class IndexView(ArticleListView):\n"
        "    def get_queryset_data(self):\n"
        "        return Article.objects.all()\n\n"
        "class ExportView(ExportMixin, ListView):\n"
        "    def get(self, request):\n"
        "        return self.export()\n"),
    "proj/urls.py": (
        "from django.urls import path\n"
        "from proj.views import IndexView, ExportView\n\n"
        "urlpatterns = [path('', IndexView.as_view()), path('export', ExportView.as_view())]\n"),
}


def test_an_abstract_hook_a_grandchild_implements_is_no_stub(tmp_path):
    from conftest import scan

    res = scan(write_tree(tmp_path, HOOK))
    got = {(f.file, f.line) for f in res.findings if f.rule_id == "not-implemented"}
    assert ("proj/mixins.py", 3) not in got, got
    assert ("proj/mixins.py", 10) in got, got


GUARDS = {
    "requirements.txt": "fastapi\n",
    "app/__init__.py": "",
    "app/service.py": (
        "VERSION = 2\n"
        "integrations = {'slack': lambda: 'slack', 'github': lambda: 'github'}\n\n"
        "def notify_v1(r):\n    return r\n\n"
        "def notify_v2(r):\n    return r\n\n"
        "def notify(r):\n"
        "    if VERSION == 1:\n"
        "        return notify_v1(r)\n"
        "    if VERSION == 2:\n"
        "        return notify_v2(r)\n"
        "    raise NotImplementedError(f'Unknown version: {VERSION}')\n\n"
        "def installer(provider):\n"
        "    if provider in integrations:\n"
        "        return integrations[provider]()\n"
        "    raise NotImplementedError()\n\n"
        "def is_banned(ip):\n"
        "    if len(ip) > 4:\n"
        "        raise NotImplementedError('IPv6 is unsupported.')\n"
        "    return int.from_bytes(ip, 'big') == 0\n\n"
        "def export(fmt):\n"
        "    if fmt == 'csv':\n"
        "        raise NotImplementedError('CSV export is not implemented yet')\n"
        "    raise NotImplementedError()\n"),
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "from app.service import notify, installer, is_banned, export\n\n"
        "app = FastAPI()\n\n"
        "@app.post('/notify')\n"
        "def n(r: str):\n    return notify(r)\n\n"
        "@app.get('/install/{p}')\n"
        "def i(p: str):\n    return installer(p)\n\n"
        "@app.get('/banned')\n"
        "def b(ip: str):\n    return is_banned(ip.encode())\n\n"
        "@app.get('/export')\n"
        "def e(fmt: str):\n    return export(fmt)\n"),
}


def test_raises_that_refuse_unknown_input_are_guards(tmp_path):
    from conftest import scan

    res = scan(write_tree(tmp_path, GUARDS))
    got = {f.line for f in res.findings if f.rule_id == "not-implemented"
           and f.file == "app/service.py"}
    assert not got & {15, 20, 24}, got  # early-return cases, a table lookup, an IPv6 guard
    assert {29, 30} & got, got  # a stub is still one


NEST_PLUGIN_MODEL = {
    "package.json": '{"dependencies": {"@nestjs/core": "10", "@nestjs/common": "10", '
                    '"@nestjs/mongoose": "10", "mongoose": "8", "soft-delete-plugin-mongoose": "1"}}',
    "src/addresses.service.ts": (
        "import { Injectable } from '@nestjs/common';\n"
        "import { InjectModel } from '@nestjs/mongoose';\n"
        "import { SoftDeleteModel } from 'soft-delete-plugin-mongoose';\n"
        "import { Address, AddressDocument } from './address.schema';\n"
        "import { GeoService } from './geo.service';\n\n"
        "@Injectable()\n"
        "export class AddressesService {\n"
        "  constructor(\n"
        "    @InjectModel(Address.name) private addressModel: SoftDeleteModel<AddressDocument>,\n"
        "    private geo: GeoService,\n"
        "  ) {}\n"
        "  async findAll(user: string) { return await this.addressModel.find({ user }); }\n"
        "  async cost(p: string) { return this.geo.find(p); }\n"
        "}\n"),
    "src/geo.service.ts": (
        "import { Injectable } from '@nestjs/common';\n"
        "@Injectable()\n"
        "export class GeoService {\n"
        "  find(p: string) { return p === 'HCM' ? 1 : 2; }\n"
        "}\n"),
    "src/address.schema.ts": (
        "import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';\n"
        "import { HydratedDocument } from 'mongoose';\n"
        "export type AddressDocument = HydratedDocument<Address>;\n"
        "@Schema()\n"
        "export class Address { @Prop() user: string; }\n"
        "export const AddressSchema = SchemaFactory.createForClass(Address);\n"),
    "src/addresses.controller.ts": (
        "import { Controller, Get, Query } from '@nestjs/common';\n"
        "import { AddressesService } from './addresses.service';\n\n"
        "@Controller('addresses')\n"
        "export class AddressesController {\n"
        "  constructor(private readonly service: AddressesService) {}\n"
        "  @Get()\n"
        "  findAll(@Query('user') user: string) { return this.service.findAll(user); }\n"
        "  @Get('cost')\n"
        "  cost(@Query('p') p: string) { return this.service.cost(p); }\n"
        "}\n"),
}


def test_a_mongoose_plugin_model_type_is_a_model(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, NEST_PLUGIN_MODEL))
    assert eps[("GET", "/addresses")].data_sites, eps[("GET", "/addresses")].chain
    assert not eps[("GET", "/addresses/cost")].data_sites


CBV = {
    "requirements.txt": "fastapi\nfastapi-utils\n",
    "auth/__init__.py": "",
    "auth/security.py": (
        "from fastapi import HTTPException\n"
        "from starlette.requests import Request\n\n"
        "def get_user(request: Request):\n"
        "    return _check_and_extract_user(request)\n\n"
        "def get_optional_user(request: Request):\n"
        "    if request.headers.get('Authorization'):\n"
        "        return _check_and_extract_user(request)\n"
        "    return None\n\n"
        "def _check_and_extract_user(request: Request):\n"
        "    header = request.headers.get('Authorization')\n"
        "    if not header:\n"
        "        raise HTTPException(status_code=401)\n"
        "    return {'id': header}\n"),
    "posts.py": (
        "from fastapi import Depends\n"
        "from fastapi_utils.cbv import cbv\n"
        "from fastapi_utils.inferring_router import InferringRouter\n"
        "from auth.security import get_user, get_optional_user\n\n"
        "post_router = InferringRouter()\n\n"
        "@cbv(post_router)\n"
        "class PostApi:\n"
        "    @post_router.post('/posts')\n"
        "    async def create(self, user=Depends(get_user)):\n"
        "        return user\n\n"
        "    @post_router.get('/posts')\n"
        "    async def listing(self, user=Depends(get_optional_user)):\n"
        "        return []\n"),
    "main.py": (
        "from fastapi import APIRouter, FastAPI\n"
        "from posts import post_router\n\n"
        "app = FastAPI()\n"
        "web_router = APIRouter(prefix='/web')\n"
        "web_router.include_router(post_router)\n"
        "app.include_router(web_router)\n"),
}


def test_inferring_router_and_a_dependency_that_hands_the_request_to_its_check(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, CBV))
    assert {("POST", "/web/posts"), ("GET", "/web/posts")} <= set(eps), sorted(eps)
    assert eps[("POST", "/web/posts")].auth == "required", eps[("POST", "/web/posts")].auth_reason
    assert eps[("GET", "/web/posts")].auth == "optional", eps[("GET", "/web/posts")].auth_reason


KNEX_HOLDER = {
    "package.json": '{"type": "module", "dependencies": {"express": "4", "knex": "3"}}',
    "database/setup.js": (
        "import knex from 'knex';\n"
        "export class SQLite {\n"
        "  constructor() {\n"
        "    this.client = null;\n"
        "  }\n"
        "  async connect() {\n"
        "    if (this.client) return this.client;\n"
        "    this.client = knex({ client: 'better-sqlite3', connection: { filename: 'x' } });\n"
        "  }\n"
        "}\n"
        "const client = new SQLite();\n"
        "export default client;\n"),
    "database/users.js": (
        "import SQLite from './setup.js';\n"
        "export const getUser = async (email) => SQLite.client('user').where({ email }).first();\n"),
    "index.js": (
        "import express from 'express';\n"
        "import { getUser } from './database/users.js';\n"
        "const app = express();\n"
        "app.get('/api/user', async (req, res) => res.json(await getUser(req.query.email)));\n"
        "app.get('/api/ping', (req, res) => res.send('ok'));\n"
        "app.listen(3000);\n"),
}


def test_a_field_set_to_null_first_and_to_a_knex_client_later(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, KNEX_HOLDER))
    assert eps[("GET", "/api/user")].data_sites, eps[("GET", "/api/user")].chain
    assert not eps[("GET", "/api/ping")].data_sites


GET_ME = {
    "package.json": '{"dependencies": {"express": "4", "mongoose": "8", "jsonwebtoken": "9"}}',
    "models/User.js": (
        "const mongoose = require('mongoose');\n"
        "module.exports = mongoose.model('User', new mongoose.Schema({ name: String }));\n"),
    "middleware/auth.js": (
        "const jwt = require('jsonwebtoken');\n"
        "const User = require('../models/User');\n"
        "exports.protect = async (req, res, next) => {\n"
        "  const token = req.headers.authorization;\n"
        "  if (!token) return res.status(401).json({ error: 'Not authorized' });\n"
        "  const decoded = jwt.verify(token, process.env.JWT_SECRET);\n"
        "  req.user = await User.findById(decoded.id);\n"
        "  next();\n"
        "};\n"),
    "controllers/auth.js": (
        "exports.getMe = async (req, res) => {\n"
        "  const user = req.user;\n"
        "  res.status(200).json({ success: true, data: user });\n"
        "};\n"
        "exports.getFeed = async (req, res) => {\n"
        "  const user = req.user;\n"
        "  res.status(200).json({ success: true, owner: user.id, data: [] });\n"
        "};\n"),
    "app.js": (
        "const express = require('express');\n"
        "const { protect } = require('./middleware/auth');\n"
        "const { getMe, getFeed } = require('./controllers/auth');\n"
        "const app = express();\n"
        "app.get('/api/me', protect, getMe);\n"
        "app.get('/api/feed', protect, getFeed);\n"
        "app.listen(3000);\n"),
}


def test_a_handler_answering_the_user_its_auth_loaded_through_a_local(tmp_path):
    from conftest import scan

    res = scan(write_tree(tmp_path, GET_ME))
    fired = {tuple(f.endpoints) for f in res.findings if f.rule_id == "endpoint-without-data"}
    assert ("GET /api/me",) not in fired, fired
    assert ("GET /api/feed",) in fired, fired


DICT_DISPATCH = {
    "requirements.txt": "fastapi\nsqlalchemy\n",
    "app/__init__.py": "",
    "app/db.py": (
        "from sqlalchemy import create_engine\n"
        "from sqlalchemy.orm import sessionmaker\n"
        "SessionLocal = sessionmaker(bind=create_engine('sqlite://'))\n"),
    "app/events.py": (
        "from app.db import SessionLocal\n\n"
        "class EventsService:\n"
        "    def __init__(self):\n"
        "        self._handlers = {\n"
        "            'room_started': self._handle_room_started,\n"
        "            'room_finished': self._handle_room_finished,\n"
        "        }\n\n"
        "    def receive(self, kind, data):\n"
        "        handler = self._handlers.get(kind)\n"
        "        if handler is not None:\n"
        "            handler(data)\n\n"
        "    def _handle_room_started(self, data):\n"
        "        with SessionLocal() as s:\n"
        "            s.execute('UPDATE rooms SET live = 1')\n\n"
        "    def _handle_room_finished(self, data):\n"
        "        return None\n"),
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "from app.events import EventsService\n\n"
        "app = FastAPI()\n\n"
        "@app.post('/webhooks')\n"
        "def webhook(kind: str, data: dict):\n"
        "    EventsService().receive(kind, data)\n"
        "    return {'status': 'ok'}\n"),
}


def test_a_dict_of_handlers_looked_up_with_get(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, DICT_DISPATCH))
    assert eps[("POST", "/webhooks")].data_sites, eps[("POST", "/webhooks")].chain


CLASS_ROUTERS = {
    "package.json": '{"dependencies": {"express": "4", "jsonwebtoken": "9"}}',
    "src/auth.middleware.ts": (
        "import { Request, Response, NextFunction } from 'express';\n"
        "import jwt from 'jsonwebtoken';\n"
        "export const verifyToken = (req: Request, res: Response, next: NextFunction) => {\n"
        "  const token = req.header('Authorization')?.replace('Bearer ', '');\n"
        "  if (!token) return res.status(401).send('Unauthorized');\n"
        "  jwt.verify(token, process.env.SECRET as string);\n"
        "  next();\n"
        "};\n"),
    "src/routers/event.router.ts": (
        "import { Router, Request, Response } from 'express';\n"
        "import { verifyToken } from '../auth.middleware';\n"
        "export class EventRouter {\n"
        "  private router: Router;\n"
        "  constructor() {\n"
        "    this.router = Router();\n"
        "    this.initializeRoutes();\n"
        "  }\n"
        "  private initializeRoutes(): void {\n"
        "    this.router.get('/', (req: Request, res: Response) => res.json([]));\n"
        "    this.router.delete('/:id', verifyToken, (req: Request, res: Response) => res.json({}));\n"
        "  }\n"
        "  getRoutes(): Router {\n"
        "    return this.router;\n"
        "  }\n"
        "}\n"),
    "src/routers/sample.router.ts": (
        "import { Router, Request, Response } from 'express';\n"
        "export class SampleRouter {\n"
        "  private router: Router;\n"
        "  constructor() {\n"
        "    this.router = Router();\n"
        "    this.router.get('/:id', (req: Request, res: Response) => res.json({}));\n"
        "  }\n"
        "  getRouter(): Router {\n"
        "    return this.router;\n"
        "  }\n"
        "}\n"),
    "src/app.ts": (
        "import express, { Express } from 'express';\n"
        "import { EventRouter } from './routers/event.router';\n"
        "import { SampleRouter } from './routers/sample.router';\n"
        "export default class App {\n"
        "  private app: Express;\n"
        "  constructor() {\n"
        "    this.app = express();\n"
        "    this.routes();\n"
        "  }\n"
        "  private routes(): void {\n"
        "    const eventRouter = new EventRouter();\n"
        "    this.app.use('/events', eventRouter.getRoutes());\n"
        "    this.app.use('/samples', new SampleRouter().getRouter());\n"
        "  }\n"
        "  start() { this.app.listen(8000); }\n"
        "}\n"),
}


def test_express_router_held_by_a_class_and_handed_out_by_a_method(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, CLASS_ROUTERS))
    assert {("GET", "/events"), ("DELETE", "/events/:id"), ("GET", "/samples/:id")} <= \
        set(eps) or {("GET", "/events"), ("DELETE", "/events/{id}"),
                     ("GET", "/samples/{id}")} <= set(eps), sorted(eps)
    dele = eps.get(("DELETE", "/events/:id")) or eps[("DELETE", "/events/{id}")]
    assert dele.auth == "required", dele.auth_reason


SQUIRREL = {
    "main.go": (
        "package main\n\n"
        "import (\n"
        "\t\"database/sql\"\n"
        "\t\"net/http\"\n\n"
        "\tsq \"github.com/Masterminds/squirrel\"\n"
        "\t\"github.com/gorilla/mux\"\n"
        ")\n\n"
        "type Store struct{ db *sql.DB }\n\n"
        "func (s *Store) builder() sq.StatementBuilderType {\n"
        "\treturn sq.StatementBuilder.PlaceholderFormat(sq.Dollar).RunWith(s.db)\n"
        "}\n\n"
        "func (s *Store) users() (*sql.Rows, error) {\n"
        "\tquery := s.builder().Select(\"id\").From(\"users\").Where(sq.Eq{\"delete_at\": 0})\n"
        "\tquery = query.Limit(10)\n"
        "\treturn query.Query()\n"
        "}\n\n"
        "func (s *Store) usersSQL() (string, []interface{}, error) {\n"
        "\treturn sq.Select(\"id\").From(\"users\").ToSql()\n"
        "}\n\n"
        "var store = &Store{}\n\n"
        "func listUsers(w http.ResponseWriter, r *http.Request) { store.users() }\n"
        "func showSQL(w http.ResponseWriter, r *http.Request) { store.usersSQL() }\n\n"
        "func main() {\n"
        "\tr := mux.NewRouter()\n"
        "\tr.HandleFunc(\"/users\", listUsers).Methods(\"GET\")\n"
        "\tr.HandleFunc(\"/sql\", showSQL).Methods(\"GET\")\n"
        "\thttp.ListenAndServe(\":8080\", r)\n"
        "}\n"),
}


def test_squirrel_statements_run_on_their_runner(tmp_path):
    eps, _ = scan_go_module(tmp_path, SQUIRREL)
    assert eps[("GET", "/users")].data_sites, eps[("GET", "/users")].chain
    assert not eps[("GET", "/sql")].data_sites


REDIRECT = {
    "requirements.txt": "django\n",
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
    "proj/views.py": (
        "from django.views.generic import CreateView\n"
        "from django.db import models\n\n"
        "class Note(models.Model):\n"
        "    text = models.TextField()\n\n"
        "class NoteCreate(CreateView):\n"
        "    model = Note\n"
        "    fields = ['text']\n"),
    "proj/urls.py": (
        "from django.urls import path\n"
        "from django.views.generic import RedirectView\n"
        "from proj.views import NoteCreate\n\n"
        "urlpatterns = [\n"
        "    path('', RedirectView.as_view(url='/notes/new')),\n"
        "    path('notes/new', NoteCreate.as_view()),\n"
        "]\n"),
}


def test_a_view_serving_every_method_through_its_base_is_one_any_route(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, REDIRECT))
    assert ("ANY", "/") in eps and ("GET", "/") not in eps, sorted(eps)
    assert {("GET", "/notes/new"), ("POST", "/notes/new")} <= set(eps), sorted(eps)
    assert ("ANY", "/notes/new") not in eps


NEXT_PATH_GUARD = {
    "package.json": '{"dependencies": {"next": "16", "react": "19", "better-auth": "1"}}',
    "proxy.ts": (
        "import { NextRequest, NextResponse } from 'next/server';\n"
        "import { getSessionCookie } from 'better-auth/cookies';\n"
        "const protectedRoutes = ['/api/account', '/settings'];\n"
        "export async function proxy(request: NextRequest) {\n"
        "  const { pathname } = request.nextUrl;\n"
        "  if (pathname.startsWith('/api/webhooks')) return NextResponse.next();\n"
        "  const sessionCookie = getSessionCookie(request);\n"
        "  if (pathname === '/api/billing') {\n"
        "    if (!sessionCookie) return NextResponse.redirect(new URL('/sign-in', request.url));\n"
        "    return NextResponse.next();\n"
        "  }\n"
        "  if (!sessionCookie && protectedRoutes.some((r) => pathname.startsWith(r))) {\n"
        "    return NextResponse.redirect(new URL('/sign-in', request.url));\n"
        "  }\n"
        "  return NextResponse.next();\n"
        "}\n"
        "export const config = { matcher: ['/(api|trpc)(.*)'] };\n"),
    "app/api/suggest/route.ts": "export async function GET() { return Response.json([]); }\n",
    "app/api/account/route.ts": "export async function GET() { return Response.json({}); }\n",
    "app/api/billing/route.ts": "export async function GET() { return Response.json({}); }\n",
}


def test_a_middleware_that_turns_visitors_away_from_listed_paths_only(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, NEXT_PATH_GUARD))
    assert eps[("GET", "/api/account")].auth == "required", eps[("GET", "/api/account")].auth_reason
    assert eps[("GET", "/api/billing")].auth == "required", eps[("GET", "/api/billing")].auth_reason
    assert eps[("GET", "/api/suggest")].auth == "none", eps[("GET", "/api/suggest")].auth_reason


MOUNT_BASE = {
    "requirements.txt": "fastapi\n",
    "app/__init__.py": "",
    "app/env.py": (
        "import os\n\n"
        "def get_base_path() -> str:\n"
        "    path = os.getenv('BASE_PATH', '')\n"
        "    if len(path) == 0:\n"
        "        return ''\n"
        "    return '/' + path.strip('/')\n"),
    "app/v1.py": (
        "from fastapi import FastAPI\n"
        "app = FastAPI()\n\n"
        "@app.get('/spool')\n"
        "def spools():\n"
        "    return []\n"),
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "from app import env\n"
        "from app.v1 import app as v1_app\n\n"
        "app = FastAPI()\n"
        "app.mount(env.get_base_path() + '/api/v1', v1_app)\n"),
}


def test_a_mount_below_an_unknown_base_path_keeps_its_written_part(tmp_path):
    from conftest import scan

    res = scan(write_tree(tmp_path, MOUNT_BASE))
    paths = {(e.method, e.path) for e in res.endpoints if not e.implicit}
    assert ("GET", "/api/v1/spool") in paths, paths
    assert any("without the part before it" in u["reason"] for u in res.unresolved_routes), \
        res.unresolved_routes


def _app_layer_tree(app_dir: str = "app") -> dict:
    handlers = "".join(
        f"func (a *API) get{n}(w http.ResponseWriter, r *http.Request) {{\n"
        f"\tif !a.perms.Allowed(r) {{\n\t\treturn\n\t}}\n"
        f"\tv, _ := a.app.Get{n}(r.URL.Query().Get(\"id\"))\n\tw.Write([]byte(v))\n}}\n\n"
        for n in ("User", "Board", "Card", "Team"))
    app = "".join(f"func (a *App) Get{n}(id string) (string, error) {{ return a.store.Get{n}(id) }}\n"
                  for n in ("User", "Board", "Card", "Team"))
    store = "".join(
        f"func (s *SQLStore) Get{n}(id string) (string, error) {{\n"
        f"\tvar v string\n\terr := s.db.QueryRow(\"SELECT name FROM {n.lower()}s WHERE id = $1\", id)"
        f".Scan(&v)\n\treturn v, err\n}}\n\n" for n in ("User", "Board", "Card", "Team", "Log"))
    return {
        "api/api.go": (
            "package api\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/gorilla/mux\"\n"
            f"\t\"example.com/svc/{app_dir}\"\n\t\"example.com/svc/services/audit\"\n"
            "\t\"example.com/svc/services/permissions\"\n"
            "\t\"example.com/svc/store\"\n)\n\n"
            f"type API struct {{\n\tapp   *{app_dir}.App\n\tperms *permissions.Service\n"
            "\taudit *audit.Service\n"
            "\tstore *store.SQLStore\n}\n\n"
            + handlers +
            "func (a *API) getLog(w http.ResponseWriter, r *http.Request) {\n"
            "\tv, _ := a.store.GetLog(r.URL.Query().Get(\"id\"))\n\tw.Write([]byte(v))\n}\n\n"
            "func (a *API) getAudit(w http.ResponseWriter, r *http.Request) {\n"
            "\tv, _ := a.audit.Get(r.URL.Query().Get(\"id\"))\n\tw.Write([]byte(v))\n}\n\n"
            "func (a *API) getAudits(w http.ResponseWriter, r *http.Request) {\n"
            "\tv, _ := a.audit.List()\n\tw.Write([]byte(v))\n}\n\n"
            "func (a *API) getSearch(w http.ResponseWriter, r *http.Request) {\n"
            "\tif !a.app.Standalone() {\n"
            "\t\thttp.Error(w, \"not implemented: not permitted in plugin mode\", http.StatusNotImplemented)\n"
            "\t\treturn\n\t}\n\tw.Write([]byte(\"[]\"))\n}\n\n"
            "func (a *API) Register(r *mux.Router) {\n"
            + "".join(f"\tr.HandleFunc(\"/{n.lower()}s\", a.get{n}).Methods(\"GET\")\n"
                      for n in ("User", "Board", "Card", "Team", "Log", "Search", "Audit",
                                "Audits")) + "}\n"),
        "services/audit/service.go": (
            "package audit\n\nimport \"example.com/svc/store\"\n\n"
            "type Service struct{ store *store.SQLStore }\n\n"
            "func (s *Service) Get(id string) (string, error) { return s.store.GetLog(id) }\n"
            "func (s *Service) List() (string, error) { return s.store.GetLog(\"\") }\n"),
        f"{app_dir}/app.go": (
            f"package {app_dir}\n\nimport \"example.com/svc/store\"\n\n"
            "type App struct{ store *store.SQLStore }\n\n"
            "func (a *App) Standalone() bool { return true }\n" + app),
        "services/permissions/service.go": (
            "package permissions\n\nimport \"net/http\"\n\n"
            "type Service struct{}\n\n"
            "func (s *Service) Allowed(r *http.Request) bool { return r.Header.Get(\"X\") != \"\" }\n"),
        "store/store.go": (
            "package store\n\nimport \"database/sql\"\n\n"
            "type SQLStore struct{ db *sql.DB }\n\n" + store),
        "main.go": (
            "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/gorilla/mux\"\n"
            "\t\"example.com/svc/api\"\n)\n\n"
            "func main() {\n\tr := mux.NewRouter()\n\ta := &api.API{}\n\ta.Register(r)\n"
            "\thttp.ListenAndServe(\":8080\", r)\n}\n"),
    }


def test_an_application_layer_named_for_no_service_is_the_handlers_way_to_data(tmp_path):
    _eps, res = scan_go_module(tmp_path, _app_layer_tree())
    hbs = {f.endpoints[0] for f in res.findings if f.rule_id == "handler-bypasses-service"}
    assert "GET /logs" in hbs, hbs
    assert not hbs & {"GET /users", "GET /boards", "GET /cards", "GET /teams"}, hbs
    stub = {f.endpoints[0] for f in res.findings if f.rule_id == "not-implemented"}
    assert "GET /searchs" not in stub, stub  # refused in one deployment mode, not missing


def test_a_type_of_the_data_access_folders_is_no_application_layer(tmp_path):
    """The same tree with the in-between type under `repo/`: a data-access type the handlers
    call, not a layer above the store."""
    _eps, res = scan_go_module(tmp_path, _app_layer_tree("repo"))
    hbs = {f.endpoints[0] for f in res.findings if f.rule_id == "handler-bypasses-service"}
    assert {"GET /users", "GET /logs"} <= hbs, hbs
