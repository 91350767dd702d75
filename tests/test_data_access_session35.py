"""Data access found on backends nobody here wrote: a Kysely handle behind a type alias (docmost),
ent's scans and driver (homebox), a Go chain adapter with one argument, Express route middleware
wrapped in a pass-through helper, and app-wide middleware whose reads are not a route's (kutt)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import scan, write_tree


def _run(tmp_path: Path, files: dict) -> tuple[dict, set]:
    result = scan(write_tree(tmp_path, files))
    eps = {(e.method, e.path): e for e in result.endpoints if not e.implicit}
    nodata = {tuple(f.endpoints[0].split(" ", 1)) for f in result.findings
              if f.rule_id == "endpoint-without-data" and f.endpoints}
    return eps, nodata


def _sites(ep) -> set:
    return {(s["file"], s["line"], s["kind"]) for s in ep.data_sites}


_GOMOD_ECHO_GORM = ("module example.com/app\n\ngo 1.22\n\nrequire (\n"
                    "\tgithub.com/labstack/echo/v4 v4.11.0\n\tgorm.io/gorm v1.25.0\n)\n")
_GO_MAIN_NET_HTTP = "package main\n\nimport (\n\t\"net/http\"\n\n"  # five lines, import open
_ECHO_GORM_MAIN = ("package main\n\nimport (\n\t\"github.com/labstack/echo/v4\"\n"
                   "\t\"gorm.io/gorm\"\n)\n\n")  # seven lines


KYSELY_ALIAS = {
    "package.json": json.dumps({"name": "n", "dependencies": {"@nestjs/core": "10",
                                                                "kysely": "0.27"}}),
    "src/db/types.ts": (
        "import { Kysely, Transaction } from 'kysely';\n"
        "import { DB } from './db';\n"
        "export type KyselyDB = Kysely<DB>;\n"
        "export type KyselyTransaction = Transaction<DB>;\n"
        "export type Row = { id: string };\n"),  # an object type: no handle
    "src/db/db.ts": "export interface DB { users: { id: string } }\n",
    "src/user.repo.ts": (
        "import { Injectable } from '@nestjs/common';\n"  # 1
        "import { KyselyDB, Row } from './db/types';\n"
        "@Injectable()\n"
        "export class UserRepo {\n"
        "  constructor(private readonly db: KyselyDB, private readonly row: Row) {}\n"  # 5
        "  async findById(id: string) {\n"
        "    return this.db.selectFrom('users').selectAll().where('id', '=', id)\n"  # 7
        "      .executeTakeFirst();\n"
        "  }\n"
        "  label() { return this.row.id; }\n"  # 10
        "}\n"),
    "src/user.controller.ts": (
        "import { Controller, Post, Get } from '@nestjs/common';\n"
        "import { UserRepo } from './user.repo';\n"
        "@Controller('users')\n"
        "export class UserController {\n"
        "  constructor(private readonly repo: UserRepo) {}\n"
        "  @Post('info')\n"
        "  info() { return this.repo.findById('1'); }\n"
        "  @Get('label')\n"
        "  label() { return { label: this.repo.label() }; }\n"
        "}\n"),
}


ENT = {
    "go.mod": "module example.com/app\n\ngo 1.22\n\nrequire entgo.io/ent v0.12.5\n",
    "ent/ent.go": (
        "package ent\n"
        "\n"
        "import (\n"
        "\t\"context\"\n"
        "\n"
        "\t\"entgo.io/ent/dialect/sql/sqlgraph\"\n"
        ")\n"
        "\n"
        "var _ = sqlgraph.QueryNodes\n"
        "\n"
        "func scanWithInterceptors[Q1 any, Q2 interface {\n"
        "\tsqlScan(context.Context, Q1, any) error\n"
        "}](ctx context.Context, rootQuery Q1, selectOrGroup Q2, v any) error {\n"
        "\treturn selectOrGroup.sqlScan(ctx, rootQuery, v)\n"
        "}\n"),
    "ent/label_query.go": (
        "package ent\n"  # 1
        "\n"
        "import (\n"
        "\t\"context\"\n"
        "\n"  # 5
        "\t\"entgo.io/ent/dialect\"\n"
        "\t\"entgo.io/ent/dialect/sql/sqlgraph\"\n"
        ")\n"
        "\n"
        "var _ = sqlgraph.QueryNodes\n"  # 10
        "\n"
        "type config struct{ driver dialect.Driver }\n"
        "\n"
        "type LabelQuery struct{ config }\n"
        "\n"  # 15
        "type LabelGroupBy struct{ build *LabelQuery }\n"
        "\n"
        "func (lq *LabelQuery) GroupBy() *LabelGroupBy { return &LabelGroupBy{build: lq} }\n"
        "\n"
        "func (lgb *LabelGroupBy) Scan(ctx context.Context, v any) error {\n"  # 20
        "\treturn scanWithInterceptors[*LabelQuery, *LabelGroupBy](ctx, lgb.build, lgb, v)\n"
        "}\n"
        "\n"
        "func (lgb *LabelGroupBy) sqlScan(ctx context.Context, root *LabelQuery, v any) error {\n"
        "\treturn lgb.build.driver.Query(ctx, \"SELECT 1\", []any{}, v)\n"  # 25
        "}\n"
        "\n"
        "// ent before v0.11: Scan runs sqlScan itself\n"
        "func (lgb *LabelGroupBy) ScanOld(ctx context.Context, v any) error {\n"
        "\treturn lgb.sqlScan(ctx, lgb.build, v)\n"  # 30
        "}\n"),
    "main.go": _GO_MAIN_NET_HTTP + (  # (lines 1-5)
        "\t\"example.com/app/ent\"\n"
        ")\n"
        "\n"
        "var q = &ent.LabelQuery{}\n"
        "\n"  # 10
        "func stats(w http.ResponseWriter, r *http.Request) {\n"
        "\tvar out []int\n"
        "\t_ = q.GroupBy().Scan(r.Context(), &out)\n"
        "}\n"
        "\n"  # 15
        "func statsOld(w http.ResponseWriter, r *http.Request) {\n"
        "\tvar out []int\n"
        "\t_ = q.GroupBy().ScanOld(r.Context(), &out)\n"
        "}\n"
        "\n"  # 20
        "func main() {\n"
        "\thttp.HandleFunc(\"/stats\", stats)\n"
        "\thttp.HandleFunc(\"/stats-old\", statsOld)\n"
        "\t_ = http.ListenAndServe(\":8080\", nil)\n"
        "}\n"),
}


CHAIN_ADAPTER = {
    "go.mod": ("module example.com/app\n\ngo 1.22\n\nrequire (\n"
               "\tgithub.com/go-chi/chi/v5 v5.0.10\n\tgithub.com/hay-kot/httpkit v0.0.9\n"
               "\tgorm.io/gorm v1.25.0\n)\n"),
    "main.go": _GO_MAIN_NET_HTTP + (  # (lines 1-5)
        "\t\"github.com/go-chi/chi/v5\"\n"
        "\t\"github.com/hay-kot/httpkit/errchain\"\n"
        "\t\"gorm.io/gorm\"\n"
        ")\n"
        "\n"  # 10
        "type Ctrl struct{ db *gorm.DB }\n"
        "\n"
        "func (c *Ctrl) HandleRegister() errchain.HandlerFunc {\n"
        "\treturn func(w http.ResponseWriter, r *http.Request) error {\n"
        "\t\treturn c.db.Create(&struct{}{}).Error\n"  # 15
        "\t}\n"
        "}\n"
        "\n"
        "func (c *Ctrl) Handler(cfg string) errchain.HandlerFunc {\n"
        "\treturn func(w http.ResponseWriter, r *http.Request) error { return nil }\n"  # 20
        "}\n"
        "\n"
        "func mount(r *chi.Mux, chain *errchain.ErrChain, c *Ctrl) {\n"
        "\tr.Post(\"/register\", chain.ToHandlerFunc(c.HandleRegister()))\n"
        "}\n"  # 25
        "\n"
        "func main() {\n"
        "\tr := chi.NewRouter()\n"
        "\tmount(r, errchain.New(nil), &Ctrl{})\n"
        "\t_ = http.ListenAndServe(\":8080\", r)\n"  # 30
        "}\n"),
}


EXPRESS_WRAPPED = {
    "package.json": json.dumps({"name": "n", "dependencies": {"express": "4", "knex": "3"}}),
    "knex.js": "const knex = require('knex');\nmodule.exports = knex({ client: 'pg' });\n",
    "asyncHandler.js": (
        "function asyncHandler(fn) {\n"
        "  return function wrap(...args) {\n"
        "    return Promise.resolve(fn(...args)).catch(args[args.length - 1]);\n"
        "  };\n"
        "}\n"
        "module.exports = asyncHandler;\n"),
    "locals.js": (
        "const knex = require('./knex');\n"  # 1
        "async function user(req, res, next) {\n"
        "  res.locals.domains = await knex('domains').where('user_id', req.user.id);\n"  # 3
        "  next();\n"
        "}\n"
        "async function customDomain(req, res, next) {\n"  # 6
        "  res.locals.home = await knex('domains').where('address', req.hostname).first();\n"
        "  next();\n"
        "}\n"
        "module.exports = { user, customDomain };\n"),
    "renders.js": (
        "function settings(req, res) { res.render('settings'); }\n"
        "function terms(req, res) { res.render('terms'); }\n"
        "module.exports = { settings, terms };\n"),
    "server.js": (
        "const express = require('express');\n"  # 1
        "const asyncHandler = require('./asyncHandler');\n"
        "const locals = require('./locals');\n"
        "const renders = require('./renders');\n"
        "const app = express();\n"  # 5
        "app.use(asyncHandler(locals.customDomain));\n"
        "app.get('/settings', asyncHandler(locals.user), asyncHandler(renders.settings));\n"
        "app.get('/terms', asyncHandler(renders.terms));\n"
        "app.get('/about', asyncHandler(renders.terms));\n"
        "app.listen(3000);\n"),
}


TORTOISE_GENERIC = {
    "app/__init__.py": "",
    "app/models.py": (
        "from tortoise import fields\n"
        "from tortoise.models import Model\n"
        "class Api(Model):\n"
        "    id = fields.IntField(pk=True)\n"
        "    path = fields.CharField(max_length=100)\n"),
    "app/crud.py": (
        "from typing import Generic, Type, TypeVar\n"  # 1
        "from tortoise.models import Model\n"
        "ModelType = TypeVar('ModelType', bound=Model)\n"
        "class CRUDBase(Generic[ModelType]):\n"
        "    def __init__(self, model: Type[ModelType]):\n"  # 5
        "        self.model = model\n"
        "    async def list(self, page: int):\n"
        "        query = self.model.filter()\n"  # 8
        "        return await query.offset(page).limit(10)\n"
        "class Plain(Generic[ModelType]):\n"  # 10
        "    def __init__(self, items: list):\n"
        "        self.items = items\n"
        "    def list(self, page: int):\n"
        "        return self.items.copy()\n"),  # 14
    "app/controllers.py": (
        "from app.crud import CRUDBase, Plain\n"
        "from app.models import Api\n"
        "class ApiController(CRUDBase[Api]):\n"
        "    def __init__(self):\n"
        "        super().__init__(model=Api)\n"
        "api_controller = ApiController()\n"
        "plain = Plain([])\n"),
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "from app.controllers import api_controller, plain\n"
        "app = FastAPI()\n"
        "@app.get('/apis')\n"
        "async def list_api(page: int = 1):\n"
        "    return await api_controller.list(page)\n"
        "@app.get('/plain')\n"
        "async def list_plain(page: int = 1):\n"
        "    return plain.list(page)\n"),
}


NEXTAUTH_PAGES = {
    "package.json": json.dumps({"name": "n", "dependencies": {
        "next": "13.4.0", "next-auth": "4.22.0", "@prisma/client": "4.0.0",
        "@next-auth/prisma-adapter": "1.0.5"}}),
    "lib/db.ts": "import { PrismaClient } from '@prisma/client'\nexport const db = new PrismaClient()\n",
    "lib/auth.ts": (
        "import { PrismaAdapter } from '@next-auth/prisma-adapter'\n"  # 1
        "import { NextAuthOptions } from 'next-auth'\n"
        "import { db } from '@/lib/db'\n"
        "export const authOptions: NextAuthOptions = {\n"
        "  adapter: PrismaAdapter(db as any),\n"  # 5
        "  session: { strategy: 'jwt' },\n"
        "  callbacks: {\n"
        "    async jwt({ token }) {\n"
        "      const user = await db.user.findFirst({ where: { email: token.email } })\n"  # 9
        "      return user ? { ...token, id: user.id } : token\n"
        "    },\n"
        "  },\n"
        "}\n"),
    "pages/api/auth/[...nextauth].ts": (
        "import NextAuth from 'next-auth'\n"
        "import { authOptions } from '@/lib/auth'\n"
        "export default NextAuth(authOptions)\n"),
    "pages/api/hello.ts": (
        "import type { NextApiRequest, NextApiResponse } from 'next'\n"
        "export default function handler(req: NextApiRequest, res: NextApiResponse) {\n"
        "  res.status(200).json({ name: 'hello' })\n"
        "}\n"),
    "tsconfig.json": json.dumps({"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}),
}


GO_IFACE_CTOR = {
    "go.mod": _GOMOD_ECHO_GORM,
    "handler/handlers.go": (
        "package handler\n"  # 1
        "\n"
        "import (\n"
        "\t\"github.com/labstack/echo/v4\"\n"
        "\t\"gorm.io/gorm\"\n"  # 5
        ")\n"
        "\n"
        "type WebhookHandler interface{ List(c echo.Context) error }\n"
        "\n"
        "type webhookHandler struct{ db *gorm.DB }\n"  # 10
        "\n"
        "func NewWebhookHandler(db *gorm.DB) WebhookHandler { return &webhookHandler{db: db} }\n"
        "\n"
        "func (h *webhookHandler) List(c echo.Context) error {\n"
        "\tvar out []string\n"  # 15
        "\treturn h.db.Find(&out).Error\n"
        "}\n"
        "\n"
        "// another type with the same method set: it satisfies WebhookHandler too\n"
        "type auditHandler struct{}\n"  # 20
        "\n"
        "func (h *auditHandler) List(c echo.Context) error { return c.NoContent(204) }\n"
        "\n"
        "// a constructor that may return either: which one runs is not in the code\n"
        "func NewEither(db *gorm.DB, audit bool) WebhookHandler {\n"  # 25
        "\tif audit {\n"
        "\t\treturn &auditHandler{}\n"
        "\t}\n"
        "\treturn &webhookHandler{db: db}\n"
        "}\n"  # 30
        "\n"
        "func Mount(e *echo.Echo, db *gorm.DB) {\n"
        "\twebhooks := NewWebhookHandler(db)\n"
        "\te.GET(\"/webhooks\", webhooks.List)\n"
        "\teither := NewEither(db, false)\n"  # 35
        "\te.GET(\"/either\", either.List)\n"
        "}\n"),
    "main.go": (
        "package main\n\nimport (\n\t\"github.com/labstack/echo/v4\"\n\n"
        "\t\"example.com/app/handler\"\n)\n\n"
        "func main() {\n\te := echo.New()\n\thandler.Mount(e, nil)\n\te.Start(\":8080\")\n}\n"),
}


# an echo app: a receiver shadowed in an inner block (`for _, a := range ...` inside `func (a
# *App)`), and a wrapper around an adapter of the tree with literal options
GO_ECHO_APP = {
    "go.mod": _GOMOD_ECHO_GORM,
    "app.go": _ECHO_GORM_MAIN + (  # (lines 1-7)
        "type Attachment struct{ Name string }\n"
        "type Core struct{ db *gorm.DB }\n"
        "type App struct{ core *Core; db *gorm.DB }\n"  # 10
        "\n"
        "func (c *Core) GetSubscriber(id int) error { return c.db.First(&struct{}{}, id).Error }\n"
        "\n"
        "func (a *App) SendTx(c echo.Context) error {\n"
        "\tif err := a.core.GetSubscriber(1); err != nil {\n"  # 15
        "\t\treturn err\n"
        "\t}\n"
        "\tfor _, a := range []Attachment{} {\n"
        "\t\t_ = a.Name\n"
        "\t}\n"  # 20
        "\treturn c.NoContent(202)\n"
        "}\n"
        "\n"
        "func noIndex(next echo.HandlerFunc) echo.HandlerFunc {\n"
        "\treturn func(c echo.Context) error { return next(c) }\n"  # 25
        "}\n"
        "\n"
        "func (a *App) hasUUID(next echo.HandlerFunc, params ...string) echo.HandlerFunc {\n"
        "\treturn func(c echo.Context) error { return next(c) }\n"
        "}\n"  # 30
        "\n"
        "func (a *App) LinkRedirect(c echo.Context) error {\n"
        "\treturn a.db.First(&struct{}{}, c.Param(\"linkUUID\")).Error\n"
        "}\n"
        "\n"  # 35
        "func main() {\n"
        "\te := echo.New()\n"
        "\ta := &App{}\n"
        "\te.POST(\"/api/tx\", a.SendTx)\n"
        "\te.GET(\"/link/:linkUUID/:campUUID\", noIndex(a.hasUUID(a.LinkRedirect, \"linkUUID\", \"campUUID\")))\n"
        "\te.Start(\":8080\")\n"
        "}\n"),
}


# a gin app whose route middleware looks a server object up in the process's registry and puts
# it in the context: the handler that renders it answers loaded state; one answering a literal
# beside it is a stand-in
GIN_CONTEXT_LOADER = {
    "go.mod": "module example.com/app\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n",
    "main.go": (
        "package main\n"
        "\n"
        "import \"github.com/gin-gonic/gin\"\n"
        "\n"
        "type Server struct{ Name string; AutoStart bool }\n"
        "\n"
        "var registry = map[string]*Server{}\n"
        "\n"
        "func resolveServer(c *gin.Context) {\n"
        "\tserver, ok := registry[c.Param(\"id\")]\n"
        "\tif !ok {\n"
        "\t\tc.AbortWithStatus(404)\n"
        "\t\treturn\n"
        "\t}\n"
        "\tc.Set(\"program\", server)\n"
        "\tc.Next()\n"
        "}\n"
        "\n"
        "func serverOf(c *gin.Context) *Server { return c.MustGet(\"program\").(*Server) }\n"
        "\n"
        "func getFlags(c *gin.Context) {\n"
        "\tserver := serverOf(c)\n"
        "\tc.JSON(200, gin.H{\"autoStart\": server.AutoStart})\n"
        "}\n"
        "\n"
        "func getStats(c *gin.Context) {\n"
        "\tc.JSON(200, gin.H{\"players\": 12})\n"
        "}\n"
        "\n"
        "func main() {\n"
        "\tr := gin.New()\n"
        "\tr.GET(\"/server/:id/flags\", resolveServer, getFlags)\n"
        "\tr.GET(\"/server/:id/stats\", resolveServer, getStats)\n"
        "\tr.GET(\"/server/:id/name\", resolveServer, getFlags)\n"
        "\tr.Run()\n"
        "}\n"),
}


# (fixture, [(endpoint, check, value)]): "==" the data sites are exactly these, ">=" they
# include these, "!" they include none of these, "handler" the handler's name ends so, "chain"
# the trace is empty (a handler not guessed), "quiet" / "fires": endpoint-without-data does not
# fire / fires
CASES = {
    # a Kysely handle typed through a type alias; a field of an object type alias is no handle
    "kysely-type-alias": (KYSELY_ALIAS, [
        (("POST", "/users/info"), "==", {("src/user.repo.ts", 7, "sql")}),
        (("GET", "/users/label"), "==", set())]),
    # since ent v0.11 a scan runs through a generic runner the call graph cannot instantiate;
    # before, the scan ran its SQL on the dialect driver itself
    "ent-scan-runner-and-driver": (ENT, [
        (("ANY", "/stats"), "==", {("ent/label_query.go", 21, "orm")}),
        (("ANY", "/stats-old"), "==", {("ent/label_query.go", 25, "sql")}),
        (("ANY", "/stats"), "quiet", None), (("ANY", "/stats-old"), "quiet", None)]),
    "go-to-handler-func-one-argument": (CHAIN_ADAPTER, [
        (("POST", "/register"), "handler", "Ctrl.HandleRegister"),
        (("POST", "/register"), ">=", {("main.go", 15, "orm")})]),
    # the route's own loader, run through asyncHandler, is the route's data; the app-wide
    # loader runs for every route and is not
    "express-wrapped-and-app-wide-middleware": (EXPRESS_WRAPPED, [
        (("GET", "/settings"), ">=", {("locals.js", 3, "sql")}),
        (("GET", "/settings"), "!", {("locals.js", 7, "sql")}),
        (("GET", "/terms"), "==", set())]),
    # a generic CRUD base whose model is a TypeVar bound to a Tortoise model; the same TypeVar
    # with no model behind it is no data
    "typevar-bound-model": (TORTOISE_GENERIC, [
        (("GET", "/apis"), ">=", {("app/crud.py", 8, "orm")}),
        (("GET", "/plain"), "==", set())]),
    "nextauth-pages-router": (NEXTAUTH_PAGES, [
        (("ANY", "/api/auth/[...nextauth]"), ">=", {("lib/auth.ts", 5, "orm"),
                                                     ("lib/auth.ts", 9, "orm")}),
        (("ANY", "/api/auth/[...nextauth]"), "quiet", None)]),
    # a constructor declared to return an interface makes one type; one that may return two
    # types is not guessed
    "go-interface-constructor": (GO_IFACE_CTOR, [
        (("GET", "/webhooks"), "handler", "webhookHandler.List"),
        (("GET", "/webhooks"), ">=", {("handler/handlers.go", 16, "orm")}),
        (("GET", "/either"), "chain", None)]),
    "gin-context-loader": (GIN_CONTEXT_LOADER, [
        (("GET", "/server/:id/flags"), "quiet", None),
        (("GET", "/server/:id/stats"), "fires", None)]),
    "go-shadowed-receiver-and-nested-adapter": (GO_ECHO_APP, [
        (("POST", "/api/tx"), ">=", {("app.go", 12, "orm")}),
        (("GET", "/link/:linkUUID/:campUUID"), "handler", "App.LinkRedirect"),
        (("GET", "/link/:linkUUID/:campUUID"), ">=", {("app.go", 33, "orm")})]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_data_access_on_shapes_read_in_unseen_backends(tmp_path, name):
    files, checks = CASES[name]
    eps, nodata = _run(tmp_path, files)
    for key, check, value in checks:
        ep = eps[key]
        got = _sites(ep)
        if check == "==":
            assert got == value, (key, got)
        elif check == ">=":
            assert value <= got, (key, got)
        elif check == "!":
            assert not value & got, (key, got)
        elif check == "handler":
            assert ep.handler["name"].endswith(value), (key, ep.handler)
        elif check == "chain":
            assert ep.chain == [], (key, ep.chain)
        elif check == "quiet":
            assert key not in nodata, key
        elif check == "fires":
            assert key in nodata, key


def test_a_typed_request_returned_by_a_client_function_is_no_route(tmp_path):
    """`return api.post<T>('/auth/verify-token', data)` with `api` an axios instance imported
    from another module: a request whose response the function hands back, not a
    registration (Express's `app.post` returns the app, which nobody types); an Express
    registration beside it stays."""
    files = {
        "package.json": json.dumps({"name": "n", "dependencies": {"express": "4",
                                                                    "axios": "1"}}),
        "client/api-client.ts": ("import axios from 'axios';\n"
                                 "const api = axios.create({ baseURL: '/api' });\n"
                                 "export default api;\n"),
        "client/auth-service.ts": ("import api from './api-client';\n"
                                   "export async function verifyUserToken(data: any) {\n"
                                   "  return api.post<any>('/auth/verify-token', data);\n"
                                   "}\n"),
        "server/app.ts": ("import express from 'express';\n"
                          "const app = express();\n"
                          "function ping(req: any, res: any) { res.send('ok'); }\n"
                          "app.post('/ping', ping);\n"
                          "app.listen(3000);\n"),
    }
    eps, _nodata = _run(tmp_path, files)
    assert set(eps) == {("POST", "/ping")}, set(eps)
