"""Data sites and handler-bypasses-service on shapes of public backends labelled before auditor
ran (session 43), each with a look-alike:

- DRF: a viewset whose `list`/`retrieve` come from a mixin of the tree (`CachingViewsetMixin.
  list` calling `super().list()`) reads the routed viewset's own `queryset`; a mixin method that
  answers without the queryset keeps answering nothing.
- Prisma: the client generated at the schema's `output` path (`@generated/prisma-client`)
  is PrismaClient; a generic pagination service whose `repository` parameter is typed by an
  interface of the tree reads what its callers hand it (`this.databaseService.apiKey`).
- Express: a controller wrapped by a helper (`asyncWrapper(async (req, res) => ...)`) reached
  through an index module that re-exports its siblings (`{ list: require('./list') }`).
- handler-bypasses-service: a viewset reading its own queryset while calling a service only
  for another system (a video room) is the codebase's design, not a bypass; the handler that
  writes a model a service owns still is one.
"""
from __future__ import annotations

from conftest import endpoint_map, scan, write_tree




DRF = {
    "requirements.txt": "django\ndjangorestframework\n",
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\nINSTALLED_APPS = ['rest_framework']\n",
    "proj/mixins.py": (
        "class CachingViewsetMixin(object):\n"
        "    def retrieve(self, request, *args, **kwargs):\n"
        "        return super().retrieve(request, *args, **kwargs)\n\n"
        "    def list(self, request, *args, **kwargs):\n"
        "        return super().list(request, *args, **kwargs)\n\n\n"
        "class EmptyListMixin(object):\n"
        "    def list(self, request, *args, **kwargs):\n"
        "        from rest_framework.response import Response\n"
        "        return Response(status=204)\n"),
    "proj/models.py": (
        "from django.db import models\n\n"
        "class Action(models.Model):\n"
        "    name = models.CharField(max_length=20)\n"),
    "proj/views.py": (
        "from rest_framework import viewsets\n"
        "from proj.mixins import CachingViewsetMixin, EmptyListMixin\n"
        "from proj.models import Action\n\n"
        "class ActionViewSet(CachingViewsetMixin, viewsets.ReadOnlyModelViewSet):\n"
        "    queryset = Action.objects.all()\n\n"
        "class GoneViewSet(EmptyListMixin, viewsets.GenericViewSet):\n"
        "    pass\n"),
    "proj/urls.py": (
        "from rest_framework.routers import SimpleRouter\n"
        "from proj import views\n\n"
        "router = SimpleRouter()\n"
        "router.register('action', views.ActionViewSet)\n"
        "router.register('gone', views.GoneViewSet, basename='gone')\n"
        "urlpatterns = router.urls\n"),
}


def test_drf_mixin_action_reads_the_routed_viewsets_queryset(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, DRF))
    assert eps[("GET", "/action")].data_sites, eps[("GET", "/action")].chain
    assert eps[("GET", "/action/{pk}")].data_sites
    assert not eps[("GET", "/gone")].data_sites


NEST_PRISMA = {
    "package.json": '{"dependencies": {"@nestjs/core": "11", "@nestjs/common": "11", '
                    '"prisma": "6", "@prisma/client": "6"}}',
    "tsconfig.json": '{"compilerOptions": {"paths": {"@generated/*": ["./generated/*"]}}}',
    "src/database.service.ts": (
        "import { Injectable } from '@nestjs/common';\n"
        "import { PrismaClient } from '@generated/prisma-client';\n"
        "@Injectable()\n"
        "export class DatabaseService extends PrismaClient {}\n"),
    "src/pagination.interface.ts": (
        "export interface IPaginationRepository {\n"
        "  findMany(args?: unknown): Promise<unknown[]>;\n"
        "  count(args?: unknown): Promise<number>;\n"
        "}\n"),
    "src/pagination.service.ts": (
        "import { Injectable } from '@nestjs/common';\n"
        "import { IPaginationRepository } from './pagination.interface';\n"
        "@Injectable()\n"
        "export class PaginationService {\n"
        "  async offset(repository: IPaginationRepository, args: { take: number }) {\n"
        "    const [count, items] = await Promise.all([\n"
        "      repository.count({}),\n"
        "      repository.findMany({ take: args.take }),\n"
        "    ]);\n"
        "    return { count, items };\n"
        "  }\n"
        "  describe(repository: IPaginationRepository) {\n"
        "    return typeof repository;\n"
        "  }\n"
        "}\n"),
    "src/key.repository.ts": (
        "import { Injectable } from '@nestjs/common';\n"
        "import { DatabaseService } from './database.service';\n"
        "import { PaginationService } from './pagination.service';\n"
        "@Injectable()\n"
        "export class KeyRepository {\n"
        "  constructor(private readonly databaseService: DatabaseService,\n"
        "              private readonly paginationService: PaginationService) {}\n"
        "  list() {\n"
        "    return this.paginationService.offset(this.databaseService.apiKey, { take: 10 });\n"
        "  }\n"
        "  kind() {\n"
        "    return this.paginationService.describe(this.databaseService.apiKey);\n"
        "  }\n"
        "}\n"),
    "src/key.controller.ts": (
        "import { Controller, Get } from '@nestjs/common';\n"
        "import { KeyRepository } from './key.repository';\n"
        "@Controller('keys')\n"
        "export class KeyController {\n"
        "  constructor(private readonly repo: KeyRepository) {}\n"
        "  @Get()\n"
        "  list() { return this.repo.list(); }\n"
        "  @Get('kind')\n"
        "  kind() { return this.repo.kind(); }\n"
        "}\n"),
    "src/app.module.ts": (
        "import { Module } from '@nestjs/common';\n"
        "import { KeyController } from './key.controller';\n"
        "@Module({ controllers: [KeyController] })\n"
        "export class AppModule {}\n"),
}


def test_prisma_delegate_handed_to_an_interface_typed_parameter(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, NEST_PRISMA))
    sites = eps[("GET", "/keys")].data_sites
    assert any(s["file"] == "src/pagination.service.ts" for s in sites), sites
    assert not eps[("GET", "/keys/kind")].data_sites, eps[("GET", "/keys/kind")].data_sites


EXPRESS = {
    "package.json": '{"dependencies": {"express": "4", "sequelize": "6"}}',
    "app.js": (
        "const express = require('express');\n"
        "const app = express();\n"
        "app.use('/api/apps', require('./routes/apps'));\n"
        "module.exports = app;\n"),
    "middleware/asyncWrapper.js": (
        "function asyncWrapper(foo) {\n"
        "  return function (req, res, next) {\n"
        "    return Promise.resolve(foo(req, res, next)).catch(next);\n"
        "  };\n"
        "}\n"
        "module.exports = asyncWrapper;\n"),
    "models/App.js": (
        "const { DataTypes, Sequelize } = require('sequelize');\n"
        "const sequelize = new Sequelize({ dialect: 'sqlite' });\n"
        "const App = sequelize.define('App', { name: { type: DataTypes.STRING } });\n"
        "module.exports = App;\n"),
    "controllers/apps/getAllApps.js": (
        "const asyncWrapper = require('../../middleware/asyncWrapper');\n"
        "const App = require('../../models/App');\n"
        "const getAllApps = asyncWrapper(async (req, res, next) => {\n"
        "  const apps = await App.findAll();\n"
        "  res.status(200).json({ data: apps });\n"
        "});\n"
        "module.exports = getAllApps;\n"),
    "controllers/apps/ping.js": (
        "const asyncWrapper = require('../../middleware/asyncWrapper');\n"
        "const ping = asyncWrapper(async (req, res, next) => {\n"
        "  res.status(200).json({ ok: true });\n"
        "});\n"
        "module.exports = ping;\n"),
    "controllers/apps/index.js": (
        "module.exports = {\n"
        "  getAllApps: require('./getAllApps'),\n"
        "  ping: require('./ping'),\n"
        "};\n"),
    "routes/apps.js": (
        "const express = require('express');\n"
        "const router = express.Router();\n"
        "const { getAllApps, ping } = require('../controllers/apps');\n"
        "router.route('/').get(getAllApps);\n"
        "router.route('/ping').get(ping);\n"
        "module.exports = router;\n"),
}


def test_wrapped_controller_through_an_index_of_requires(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, EXPRESS))
    got = eps[("GET", "/api/apps")]
    assert got.handler["file"] == "controllers/apps/getAllApps.js", got.handler
    assert got.data_sites, got.chain
    assert eps[("GET", "/api/apps/ping")].handler["file"] == "controllers/apps/ping.js"
    assert not eps[("GET", "/api/apps/ping")].data_sites


MEET = {
    "requirements.txt": "django\ndjangorestframework\n",
    "core/__init__.py": "",
    "core/settings.py": "ROOT_URLCONF = 'core.urls'\nINSTALLED_APPS = ['rest_framework']\n",
    "core/models.py": (
        "from django.db import models\n\n"
        "class Room(models.Model):\n"
        "    slug = models.CharField(max_length=20)\n\n"
        "class File(models.Model):\n"
        "    name = models.CharField(max_length=20)\n"),
    "core/services/__init__.py": "",
    "core/services/video.py": (
        "import requests\n\n"
        "class VideoService:\n"
        "    def mute(self, room_id):\n"
        "        return requests.post('https://video.example/mute', json={'room': room_id})\n"
        "    def start(self, room_id):\n"
        "        return requests.post('https://video.example/start', json={'room': room_id})\n"
        "    def stop(self, room_id):\n"
        "        return requests.post('https://video.example/stop', json={'room': room_id})\n"),
    "core/api/__init__.py": "",
    "core/api/viewsets.py": (
        "from rest_framework import viewsets, mixins\n"
        "from rest_framework.decorators import action\n"
        "from rest_framework.response import Response\n"
        "from core import models\n"
        "from core.services.video import VideoService\n\n"
        "class RoomViewSet(mixins.UpdateModelMixin, viewsets.GenericViewSet):\n"
        "    queryset = models.Room.objects.all()\n\n"
        "    @action(detail=True, methods=['post'])\n"
        "    def mute(self, request, pk=None):\n"
        "        room = self.get_object()\n"
        "        VideoService().mute(room.pk)\n"
        "        return Response({})\n\n"
        "    @action(detail=True, methods=['post'])\n"
        "    def start(self, request, pk=None):\n"
        "        room = self.get_object()\n"
        "        VideoService().start(room.pk)\n"
        "        return Response({})\n\n"
        "    @action(detail=True, methods=['post'])\n"
        "    def stop(self, request, pk=None):\n"
        "        room = self.get_object()\n"
        "        VideoService().stop(room.pk)\n"
        "        return Response({})\n\n"
        "class FileViewSet(viewsets.ViewSet):\n"
        "    def list(self, request):\n"
        "        return Response([f.name for f in models.File.objects.filter(name='x')])\n\n"
        "    def create(self, request):\n"
        "        models.File.objects.create(name=request.data['name'])\n"
        "        return Response({})\n"),
    "core/urls.py": (
        "from rest_framework.routers import SimpleRouter\n"
        "from core.api import viewsets\n\n"
        "router = SimpleRouter()\n"
        "router.register('rooms', viewsets.RoomViewSet)\n"
        "router.register('files', viewsets.FileViewSet, basename='file')\n"
        "urlpatterns = router.urls\n"),
}


def test_service_for_another_system_is_no_service_layer_to_bypass(tmp_path):
    res = scan(write_tree(tmp_path, MEET))
    got = [f for f in res.findings if f.rule_id == "handler-bypasses-service"]
    assert not got, [f.message for f in got]


ZEP = {
    "requirements.txt": "fastapi\nsqlalchemy\n",
    "app/__init__.py": "",
    "app/telemetry/__init__.py": "",
    "app/telemetry/service.py": (
        "class TelemetryService:\n"
        "    def track(self, event):\n"
        "        return event\n"),
    "app/store/__init__.py": "",
    "app/store/memory_store.py": (
        "from sqlalchemy import text\n"
        "from sqlalchemy.orm import Session\n\n"
        "class MemoryStore:\n"
        "    def __init__(self, session: Session):\n"
        "        self.session = session\n\n"
        "    def get(self, sid):\n"
        "        return self.session.execute(text('SELECT * FROM memory WHERE sid = :s'),"
        " {'s': sid}).all()\n\n"
        "    def put(self, sid, body):\n"
        "        return self.session.execute(text('INSERT INTO memory VALUES (:s, :b)'),"
        " {'s': sid, 'b': body})\n\n"
        "    def drop(self, sid):\n"
        "        return self.session.execute(text('DELETE FROM memory WHERE sid = :s'),"
        " {'s': sid})\n\n"
        "    def all(self):\n"
        "        return self.session.execute(text('SELECT * FROM memory')).all()\n"),
    "app/api/__init__.py": "",
    "app/api/handlers.py": (
        "from fastapi import APIRouter\n"
        "from app.store.memory_store import MemoryStore\n"
        "from app.telemetry.service import TelemetryService\n\n"
        "router = APIRouter()\n"
        "store = MemoryStore(None)\n"
        "telemetry = TelemetryService()\n\n"
        "@router.get('/memory/{sid}')\n"
        "def get_memory(sid: str):\n"
        "    telemetry.track('get')\n"
        "    return store.get(sid)\n\n"
        "@router.post('/memory/{sid}')\n"
        "def put_memory(sid: str, body: str):\n"
        "    telemetry.track('put')\n"
        "    return store.put(sid, body)\n\n"
        "@router.delete('/memory/{sid}')\n"
        "def drop_memory(sid: str):\n"
        "    telemetry.track('drop')\n"
        "    return store.drop(sid)\n\n"
        "@router.get('/memory')\n"
        "def all_memory():\n"
        "    telemetry.track('all')\n"
        "    return store.all()\n"),
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "from app.api.handlers import router\n\n"
        "app = FastAPI()\n"
        "app.include_router(router)\n"),
}


def test_a_tracing_service_is_no_service_layer_for_the_data(tmp_path):
    res = scan(write_tree(tmp_path, ZEP))
    got = [f for f in res.findings if f.rule_id == "handler-bypasses-service"]
    assert not got, [f.message for f in got]


SUPABASE = {
    "package.json": '{"dependencies": {"next": "14.0.0", "@supabase/supabase-js": "2", '
                    '"@supabase/ssr": "0.1"}}',
    "lib/auth.ts": (
        "import { createServerClient } from '@supabase/ssr';\n"
        "export const withProjectAuth = <T>(handler: (user: any, supabase: any, error: any)"
        " => Promise<T>) => {\n"
        "  return async (slug: string) => {\n"
        "    const supabase = createServerClient('url', 'key', { cookies: {} as any });\n"
        "    return handler(null, supabase, null);\n"
        "  };\n"
        "};\n"),
    "lib/api/projects.ts": (
        "import { withProjectAuth } from '../auth';\n"
        "export const getProjectBySlug = withProjectAuth(async (user, supabase, error) => {\n"
        "  const { data } = await supabase.from('projects').select().eq('slug', 'x').single();\n"
        "  return { data, error };\n"
        "});\n"
        "export const describe = withProjectAuth(async (user, supabase, error) => {\n"
        "  const parts = Array.from('abc').map((c) => c.toUpperCase());\n"
        "  return { data: parts, error };\n"
        "});\n"),
    "app/api/v1/projects/[slug]/route.ts": (
        "import { NextResponse } from 'next/server';\n"
        "import { getProjectBySlug, describe } from '@/lib/api/projects';\n"
        "export async function GET(req: Request, context: { params: { slug: string } }) {\n"
        "  const { data } = await getProjectBySlug(context.params.slug);\n"
        "  return NextResponse.json({ data });\n"
        "}\n"
        "export async function POST(req: Request) {\n"
        "  const { data } = await describe('x');\n"
        "  return NextResponse.json({ data });\n"
        "}\n"),
    "tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./*"]}}}',
}


def test_postgrest_query_on_a_client_handed_to_a_callback(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, SUPABASE))
    assert eps[("GET", "/api/v1/projects/[slug]")].data_sites, \
        eps[("GET", "/api/v1/projects/[slug]")].chain
    assert not eps[("POST", "/api/v1/projects/[slug]")].data_sites


KNEX_GETTER = {
    "package.json": '{"dependencies": {"express": "4", "knex": "2"}}',
    "src/dbconfig.ts": (
        "import knexLib, { Knex } from 'knex';\n"
        "export class Database {\n"
        "  static #knex: Knex;\n"
        "  static init() {\n"
        "    this.#knex = knexLib({ client: 'pg' });\n"
        "  }\n"
        "  static get knex() {\n"
        "    return this.#knex;\n"
        "  }\n"
        "  static get name() {\n"
        "    return 'db';\n"
        "  }\n"
        "}\n"),
    "src/app.ts": (
        "import express from 'express';\n"
        "import { Database } from './dbconfig';\n"
        "const app = express();\n"
        "app.get('/api/lists', async (req, res) => {\n"
        "  const rows = await Database.knex('list').where({ userId: 1 });\n"
        "  res.json(rows);\n"
        "});\n"
        "export default app;\n"),
}


def test_a_static_getter_handing_out_the_query_builder(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, KNEX_GETTER))
    assert eps[("GET", "/api/lists")].data_sites, eps[("GET", "/api/lists")].chain


WRAPPED_FIELD = {
    "package.json": '{"dependencies": {"express": "4", "knex": "2"}}',
    "src/db.ts": "import knex from 'knex';\nexport const db = knex({ client: 'pg' });\n",
    "src/wrap.ts": (
        "export const createRoute = <T>(fn: (req: any, res: any) => Promise<void>) => fn;\n"),
    "src/ctrl.ts": (
        "import { db } from './db';\n"
        "import { createRoute } from './wrap';\n"
        "export class ItemsController {\n"
        "  list = async (req: any, res: any) => {\n"
        "    res.json(await db('items').select());\n"
        "  };\n"
        "  get = createRoute<{ path: '/api/items/:id' }>(async (req, res) => {\n"
        "    res.json(await db('items').where({ id: req.params.id }).first());\n"
        "  });\n"
        "  ping = createRoute<{ path: '/api/ping' }>(async (req, res) => {\n"
        "    res.json({ ok: true });\n"
        "  });\n"
        "}\n"),
    "src/routes.ts": (
        "import express from 'express';\n"
        "import { ItemsController } from './ctrl';\n"
        "const router = express.Router();\n"
        "const _ItemsController = new ItemsController();\n"
        "router.get('/api/items', _ItemsController.list);\n"
        "router.get('/api/items/:id', _ItemsController.get);\n"
        "router.get('/api/ping', _ItemsController.ping);\n"
        "export default router;\n"),
    "src/app.ts": (
        "import express from 'express';\n"
        "import routes from './routes';\n"
        "const app = express();\n"
        "app.use(routes);\n"),
}


def test_a_class_field_holding_a_wrapped_handler(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, WRAPPED_FIELD))
    got = eps[("GET", "/api/items/:id")]
    assert got.handler["name"].endswith("ItemsController.get"), got.handler
    assert got.data_sites, got.chain
    assert not eps[("GET", "/api/ping")].data_sites
