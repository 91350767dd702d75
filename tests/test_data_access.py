"""Data access recognised by library, not by name (auditor.endpoints.data_access): one small
tree per family of data libraries, asserting each endpoint's `data_sites` (line and kind), that
`endpoint-without-data` does not fire on an endpoint that reaches its store, and that look-alike
calls on other receivers (a dict's `get`, `requests.get`, a set's `add`, an array's `find`, a
UI `select()`, `Model.objects` in a file without Django, an HTTP client's `Get`) are no data
site."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import scan, write_tree


def _run(tmp_path: Path, files: dict) -> tuple[dict, set]:
    result = scan(write_tree(tmp_path, files))
    eps = {}
    for e in result.endpoints:
        if not e.implicit:
            eps[(e.method, e.path)] = e
    nodata = {tuple(f.endpoints[0].split(" ", 1)) for f in result.findings
              if f.rule_id == "endpoint-without-data" and f.endpoints}
    return eps, nodata


def _sites(ep) -> set:
    return {(s["file"], s["line"], s["kind"]) for s in ep.data_sites}


def _lines(ep) -> set:
    return {(s["line"], s["kind"]) for s in ep.data_sites}


# -- Python ---------------------------------------------------------------------------------
FLASK = {
    "app/__init__.py": "",
    "app/extensions.py": (
        "from flask_sqlalchemy import SQLAlchemy\n"
        "db = SQLAlchemy()\n"),
    "app/models.py": (
        "from app.extensions import db\n"
        "\n"
        "class Article(db.Model):\n"
        "    id = db.Column(db.Integer, primary_key=True)\n"
        "    slug = db.Column(db.String)\n"),
    "app/views.py": (
        "import requests\n"  # 1
        "from flask import Blueprint, jsonify\n"
        "from app.extensions import db\n"
        "from app.models import Article\n"
        "\n"  # 5
        "bp = Blueprint('a', __name__)\n"
        "\n"
        "@bp.route('/articles/<slug>')\n"
        "def get_article(slug):\n"
        "    article = Article.query.filter_by(slug=slug).first_or_404()\n"  # 10
        "    return jsonify({'slug': article.slug})\n"
        "\n"
        "@bp.route('/articles', methods=['POST'])\n"
        "def create_article():\n"
        "    article = Article(slug='x')\n"  # 15
        "    db.session.add(article)\n"
        "    db.session.commit()\n"
        "    return jsonify({'id': article.id})\n"
        "\n"
        "@bp.route('/articles/latest')\n"  # 20
        "def latest():\n"
        "    rows = db.session.execute(db.select(Article).limit(5)).scalars()\n"
        "    return jsonify([r.slug for r in rows])\n"
        "\n"
        "@bp.route('/weather')\n"  # 25
        "def weather():\n"
        "    cache = {}\n"
        "    seen = set()\n"
        "    seen.add('x')\n"
        "    hit = cache.get('today')\n"  # 30
        "    r = requests.get('https://example.com/weather')\n"
        "    return jsonify({'w': r.json(), 'hit': hit})\n"
        "\n"
        "@bp.route('/articles/count')\n"
        "def article_count():\n"  # 35
        "    tags = ['a', 'b']\n"
        "    return jsonify({'n': Article.query.count(), 't': tags.count('a')})\n"),
    "app/main.py": (
        "from flask import Flask\n"
        "from app.views import bp\n"
        "app = Flask(__name__)\n"
        "app.register_blueprint(bp)\n"),
}


def test_flask_sqlalchemy_model_query_and_session(tmp_path):
    eps, nodata = _run(tmp_path, FLASK)
    assert _lines(eps[("GET", "/articles/<slug>")]) == {(10, "orm")}
    assert _lines(eps[("POST", "/articles")]) == {(16, "orm"), (17, "orm")}
    assert _lines(eps[("GET", "/articles/latest")]) == {(22, "orm")}
    # a Query's terminal `count()` runs it; a list's `count` is no data
    assert _lines(eps[("GET", "/articles/count")]) == {(37, "orm")}
    weather = eps[("GET", "/weather")]
    assert weather.data_sites == [] and not weather.reaches_sql  # dict, set, requests
    # the data endpoints are not "without data"; nor is /weather, whose data is the external
    # API it fetches (requests.get), though that is no data site of the tree
    assert nodata == set()
    for key in (("GET", "/articles/<slug>"), ("POST", "/articles")):
        assert eps[key].reaches_repository and not eps[key].hardcoded_response


DJANGO = {
    "blog/__init__.py": "",
    "blog/models.py": (
        "from django.db import models\n"
        "\n"
        "class Post(models.Model):\n"
        "    title = models.CharField(max_length=10)\n"
        "\n"
        "class Comment(models.Model):\n"
        "    post = models.ForeignKey(Post, related_name='comments', on_delete=models.CASCADE)\n"),
    "blog/views.py": (
        "from django.http import JsonResponse\n"  # 1
        "from django.shortcuts import get_object_or_404\n"
        "from rest_framework import generics\n"
        "from .models import Post\n"
        "from .serializers import PostSerializer\n"  # 5
        "\n"
        "def post_list(request):\n"
        "    qs = Post.objects.filter(title='x')\n"
        "    recent = qs.order_by('-id')\n"
        "    return JsonResponse({'n': len(recent)})\n"  # 10
        "\n"
        "def post_detail(request, pk):\n"
        "    post = get_object_or_404(Post, pk=pk)\n"
        "    comments = post.comments.all()\n"
        "    return JsonResponse({'c': len(comments)})\n"  # 15
        "\n"
        "def post_touch(request, pk):\n"
        "    post = Post(title='y')\n"
        "    post.save()\n"
        "    return JsonResponse({})\n"  # 20
        "\n"
        "class PostList(generics.ListAPIView):\n"
        "    queryset = Post.objects.all()\n"
        "    serializer_class = PostSerializer\n"),
    "blog/serializers.py": (
        "from rest_framework import serializers\n"
        "from .models import Post\n"
        "\n"
        "class PostSerializer(serializers.ModelSerializer):\n"
        "    class Meta:\n"
        "        model = Post\n"
        "        fields = ['title']\n"),
    "blog/urls.py": (
        "from django.urls import path\n"
        "from . import views\n"
        "urlpatterns = [\n"
        "    path('posts/', views.post_list),\n"
        "    path('posts/<int:pk>/', views.post_detail),\n"
        "    path('posts/<int:pk>/touch/', views.post_touch),\n"
        "    path('api/posts/', views.PostList.as_view()),\n"
        "]\n"),
    # a project of its own, without Django: `objects` is a plain attribute
    "store/app.py": (
        "from flask import Flask, jsonify\n"
        "app = Flask(__name__)\n"
        "\n"
        "class Inventory:\n"
        "    objects = []\n"
        "\n"
        "@app.route('/inventory')\n"
        "def inventory():\n"
        "    found = [x for x in Inventory.objects if x]\n"
        "    return jsonify(found)\n"),
}


def test_django_querysets_managers_shortcuts_and_drf_queryset(tmp_path):
    eps, nodata = _run(tmp_path, DJANGO)
    assert _lines(eps[("ANY", "/posts/")]) == {(8, "orm"), (9, "orm")}
    assert _lines(eps[("ANY", "/posts/<int:pk>/")]) == {(13, "orm"), (14, "orm")}
    assert _lines(eps[("ANY", "/posts/<int:pk>/touch/")]) == {(19, "orm")}
    # a generic view: its only data access is the class attribute
    assert ("blog/views.py", 23, "orm") in _sites(eps[("GET", "/api/posts/")])
    assert eps[("GET", "/inventory")].data_sites == []  # `objects` of a file without Django
    assert ("GET", "/inventory") in nodata
    assert not nodata & {("ANY", "/posts/"), ("ANY", "/posts/<int:pk>/"),
                         ("GET", "/api/posts/")}


FASTAPI = {
    "app/__init__.py": "",
    "app/db.py": (
        "from typing import Annotated, Generator\n"
        "from fastapi import Depends\n"
        "from sqlmodel import Session, create_engine\n"
        "engine = create_engine('sqlite://')\n"
        "def get_db() -> Generator[Session, None, None]:\n"
        "    with Session(engine) as session:\n"
        "        yield session\n"
        "SessionDep = Annotated[Session, Depends(get_db)]\n"),
    "app/queries.py": (
        "import aiosql\n"
        "queries = aiosql.from_path('sql', 'asyncpg')\n"),
    "app/main.py": (
        "import redis\n"  # 1
        "from fastapi import FastAPI\n"
        "from questionary import select\n"
        "from sqlmodel import select as sql_select\n"
        "from app.db import SessionDep\n"  # 5
        "from app.queries import queries\n"
        "from app.models import Item\n"
        "\n"
        "app = FastAPI()\n"
        "r = redis.Redis()\n"  # 10
        "\n"
        "@app.get('/items')\n"
        "def items(session: SessionDep):\n"
        "    return session.exec(sql_select(Item)).all()\n"
        "\n"  # 15
        "@app.get('/users/{uid}')\n"
        "async def user(uid: int, conn=None):\n"
        "    return await queries.get_user_by_id(conn, uid=uid)\n"
        "\n"
        "@app.get('/hits')\n"  # 20
        "def hits():\n"
        "    return {'hits': r.incr('hits')}\n"
        "\n"
        "@app.get('/menu')\n"
        "def menu():\n"  # 25
        "    choice = select('pick', choices=['a', 'b'])\n"
        "    return {'menu': choice.ask()}\n"),
    "app/models.py": (
        "from sqlmodel import SQLModel, Field\n"
        "class Item(SQLModel, table=True):\n"
        "    id: int = Field(primary_key=True)\n"),
}


def test_sqlmodel_session_aiosql_redis_and_a_ui_select(tmp_path):
    eps, nodata = _run(tmp_path, FASTAPI)
    assert ("app/main.py", 14, "orm") in _sites(eps[("GET", "/items")])
    ep = eps[("GET", "/users/{uid}")]
    assert _lines(ep) == {(18, "sql")}
    assert ep.reaches_sql  # a named query of aiosql is an SQL sink
    assert _lines(eps[("GET", "/hits")]) == {(22, "cache")}
    assert eps[("GET", "/menu")].data_sites == []  # questionary's select() is a prompt
    # (a library's call is work the trace cannot see into: not reported as a stand-in either)
    assert nodata == set()


DRIVERS = {
    "app/__init__.py": "",
    "app/main.py": (
        "import asyncpg\n"  # 1
        "import httpx\n"
        "from fastapi import FastAPI\n"
        "from pymongo import MongoClient\n"
        "\n"  # 5
        "app = FastAPI()\n"
        "client = MongoClient()\n"
        "mdb = client.shop\n"
        "\n"
        "@app.get('/orders/{oid}')\n"  # 10
        "async def order(oid: str, conn: asyncpg.Connection):\n"
        "    return await conn.fetchrow('SELECT * FROM orders WHERE id = $1', oid)\n"
        "\n"
        "@app.get('/carts/{cid}')\n"
        "def cart(cid: str):\n"  # 15
        "    return mdb.carts.find_one({'_id': cid})\n"
        "\n"
        "@app.get('/proxy')\n"
        "async def proxy():\n"
        "    async with httpx.AsyncClient() as client:\n"  # 20
        "        r = await client.get('https://example.com')\n"
        "    return r.json()\n"),
}


def test_asyncpg_connection_pymongo_collection_and_an_http_client(tmp_path):
    eps, _ = _run(tmp_path, DRIVERS)
    assert _lines(eps[("GET", "/orders/{oid}")]) == {(12, "sql")}
    assert _lines(eps[("GET", "/carts/{cid}")]) == {(16, "document")}
    proxy = eps[("GET", "/proxy")]
    assert proxy.data_sites == [] and not proxy.reaches_sql  # httpx's client.get


# -- Go ---------------------------------------------------------------------------------------
GO = {
    "go.mod": "module example.com/shop\n\ngo 1.22\n",
    "main.go": (
        "package main\n"
        "\n"
        "import (\n"
        "\t\"github.com/gin-gonic/gin\"\n"
        "\t\"example.com/shop/store\"\n"
        ")\n"
        "\n"
        "func main() {\n"
        "\tr := gin.Default()\n"
        "\th := &Handler{users: store.New(nil, nil, nil)}\n"
        "\tr.GET(\"/users/:id\", h.GetUser)\n"
        "\tr.GET(\"/orders\", h.Orders)\n"
        "\tr.GET(\"/cached\", h.Cached)\n"
        "\tr.GET(\"/remote\", h.Remote)\n"
        "\tr.Run()\n"
        "}\n"),
    "handler.go": (
        "package main\n"  # 1
        "\n"
        "import (\n"
        "\t\"net/http\"\n"
        "\n"  # 5
        "\t\"github.com/gin-gonic/gin\"\n"
        "\t\"example.com/shop/store\"\n"
        ")\n"
        "\n"
        "type Handler struct {\n"  # 10
        "\tusers *store.UserStore\n"
        "\tmemo  map[string]string\n"
        "}\n"
        "\n"
        "func (h *Handler) GetUser(c *gin.Context) {\n"  # 15
        "\tu, _ := h.users.Get(c.Param(\"id\"))\n"
        "\tc.JSON(200, u)\n"
        "}\n"
        "\n"
        "func (h *Handler) Orders(c *gin.Context) {\n"  # 20
        "\tn, _ := h.users.CountOrders(c)\n"
        "\tc.JSON(200, n)\n"
        "}\n"
        "\n"
        "func (h *Handler) Cached(c *gin.Context) {\n"  # 25
        "\tv, _ := h.users.Session(c, c.Query(\"k\"))\n"
        "\tc.JSON(200, v)\n"
        "}\n"
        "\n"
        "func (h *Handler) Remote(c *gin.Context) {\n"  # 30
        "\tresp, _ := http.Get(\"https://example.com\")\n"
        "\tv := h.memo[\"x\"]\n"
        "\tc.JSON(200, gin.H{\"s\": resp.Status, \"v\": v, \"q\": c.Query(\"q\")})\n"
        "}\n"),
    "store/store.go": (
        "package store\n"  # 1
        "\n"
        "import (\n"
        "\t\"context\"\n"
        "\t\"database/sql\"\n"  # 5
        "\n"
        "\t\"github.com/redis/go-redis/v9\"\n"
        "\t\"gorm.io/gorm\"\n"
        ")\n"
        "\n"  # 10
        "type User struct{ ID string }\n"
        "\n"
        "type UserStore struct {\n"
        "\tdb  *gorm.DB\n"
        "\tsql *sql.DB\n"  # 15
        "\trdb *redis.Client\n"
        "}\n"
        "\n"
        "func New(db *gorm.DB, s *sql.DB, r *redis.Client) *UserStore {\n"
        "\treturn &UserStore{db: db, sql: s, rdb: r}\n"  # 20
        "}\n"
        "\n"
        "func (s *UserStore) Get(id string) (*User, error) {\n"
        "\tvar u User\n"
        "\terr := s.db.Where(\"id = ?\", id).First(&u).Error\n"  # 25
        "\treturn &u, err\n"
        "}\n"
        "\n"
        "func (s *UserStore) CountOrders(ctx context.Context) (int, error) {\n"
        "\tvar n int\n"  # 30
        "\trows, err := s.sql.QueryContext(ctx, \"SELECT count(*) FROM orders\")\n"
        "\tif err != nil {\n"
        "\t\treturn 0, err\n"
        "\t}\n"
        "\tdefer rows.Close()\n"  # 35
        "\tfor rows.Next() {\n"
        "\t\trows.Scan(&n)\n"
        "\t}\n"
        "\treturn n, nil\n"
        "}\n"  # 40
        "\n"
        "func (s *UserStore) Session(ctx context.Context, k string) (string, error) {\n"
        "\treturn s.rdb.Get(ctx, k).Result()\n"
        "}\n"),
}


def test_go_gorm_database_sql_and_go_redis_by_type(tmp_path):
    eps, nodata = _run(tmp_path, GO)
    assert _sites(eps[("GET", "/users/:id")]) == {("store/store.go", 25, "orm")}
    # the query is the site; rows.Next/Scan/Close act on its result
    assert _sites(eps[("GET", "/orders")]) == {("store/store.go", 31, "sql")}
    assert eps[("GET", "/orders")].reaches_sql
    assert _sites(eps[("GET", "/cached")]) == {("store/store.go", 43, "cache")}
    remote = eps[("GET", "/remote")]
    assert remote.data_sites == [] and not remote.reaches_sql  # http.Get, a map, c.Query
    assert ("GET", "/remote") not in nodata  # its data is the remote API it fetches (http.Get)
    assert not nodata & {("GET", "/users/:id"), ("GET", "/orders"), ("GET", "/cached")}


SQLC = {
    "go.mod": "module example.com/app\n\ngo 1.22\n",
    "db/db.go": (
        "package db\n"
        "\n"
        "import (\n"
        "\t\"context\"\n"
        "\t\"database/sql\"\n"
        ")\n"
        "\n"
        "type DBTX interface {\n"
        "\tQueryRowContext(ctx context.Context, query string, args ...interface{}) *sql.Row\n"
        "}\n"
        "\n"
        "type Queries struct{ db DBTX }\n"
        "\n"
        "func New(db DBTX) *Queries { return &Queries{db: db} }\n"),
    "db/query.sql.go": (
        "package db\n"  # 1
        "\n"
        "import \"context\"\n"
        "\n"
        "const getUser = `SELECT id FROM users WHERE id = $1`\n"  # 5
        "\n"
        "func (q *Queries) GetUser(ctx context.Context, id int64) (int64, error) {\n"
        "\trow := q.db.QueryRowContext(ctx, getUser, id)\n"
        "\tvar i int64\n"
        "\terr := row.Scan(&i)\n"  # 10
        "\treturn i, err\n"
        "}\n"),
    "main.go": (
        "package main\n"
        "\n"
        "import (\n"
        "\t\"net/http\"\n"
        "\n"
        "\t\"example.com/app/db\"\n"
        ")\n"
        "\n"
        "var queries *db.Queries\n"
        "\n"
        "func user(w http.ResponseWriter, r *http.Request) {\n"
        "\tqueries.GetUser(r.Context(), 1)\n"
        "}\n"
        "\n"
        "func main() {\n"
        "\thttp.HandleFunc(\"/user\", user)\n"
        "\thttp.ListenAndServe(\":8080\", nil)\n"
        "}\n"),
}


def test_go_sqlc_queries_through_their_dbtx_interface(tmp_path):
    """sqlc's generated `Queries` run SQL through `DBTX`, an interface declared over
    database/sql's types that nothing in the tree implements."""
    eps, nodata = _run(tmp_path, SQLC)
    ep = eps[("ANY", "/user")]
    assert _sites(ep) == {("db/query.sql.go", 8, "sql")}
    assert ep.reaches_sql and not nodata


# -- TypeScript / JavaScript -------------------------------------------------------------------
TS = {
    "package.json": json.dumps({"name": "shop", "dependencies": {"express": "4"}}),
    "src/db.ts": (
        "import { PrismaClient } from '@prisma/client';\n"
        "const prisma = (globalThis as any).prisma || new PrismaClient();\n"
        "export default prisma;\n"),
    "src/models/user.model.js": (
        "const mongoose = require('mongoose');\n"
        "const userSchema = new mongoose.Schema({ name: String });\n"
        "const User = mongoose.model('User', userSchema);\n"
        "module.exports = User;\n"),
    "src/pg.ts": (
        "import { Pool } from 'pg';\n"
        "import Redis from 'ioredis';\n"
        "export const pool = new Pool();\n"
        "export const redis = new Redis();\n"),
    "src/app.ts": (
        "import express from 'express';\n"  # 1
        "import prisma from './db';\n"
        "import { pool, redis } from './pg';\n"
        "const User = require('./models/user.model');\n"
        "\n"  # 5
        "const app = express();\n"
        "\n"
        "app.get('/articles', async (req, res) => {\n"
        "  const rows = await prisma.article.findMany({ where: {} });\n"
        "  res.json(rows);\n"  # 10
        "});\n"
        "\n"
        "app.get('/users/:id', async (req, res) => {\n"
        "  const user = await User.findById(req.params.id);\n"
        "  user.name = 'x';\n"  # 15
        "  await user.save();\n"
        "  res.json(user.toJSON());\n"
        "});\n"
        "\n"
        "app.get('/counts', async (req, res) => {\n"  # 20
        "  const r = await pool.query('SELECT count(*) FROM users');\n"
        "  const hits = await redis.incr('hits');\n"
        "  res.json({ n: r.rows[0], hits });\n"
        "});\n"
        "\n"  # 25
        "app.get('/local', (req, res) => {\n"
        "  const collection = [{ id: 1 }, { id: 2 }];\n"
        "  const found = collection.find((x) => x.id === 1);\n"
        "  const m = new Map();\n"
        "  res.json({ found, m: m.get('k') });\n"  # 30
        "});\n"
        "\n"
        "app.listen(3000);\n"),
}


def test_prisma_mongoose_pg_ioredis_and_an_array_find(tmp_path):
    eps, nodata = _run(tmp_path, TS)
    assert _lines(eps[("GET", "/articles")]) == {(9, "orm")}
    # the model's query and the document's save; toJSON() is no store call
    assert _lines(eps[("GET", "/users/:id")]) == {(14, "document"), (16, "document")}
    assert _lines(eps[("GET", "/counts")]) == {(21, "sql"), (22, "cache")}
    local = eps[("GET", "/local")]
    assert local.data_sites == []  # an array's find, a Map's get
    assert nodata == {("GET", "/local")}


NEST = {
    "package.json": json.dumps({"name": "n", "dependencies": {"@nestjs/core": "10"}}),
    "src/article.controller.ts": (
        "import { Controller, Get, Post, Body } from '@nestjs/common';\n"
        "import { ArticleService } from './article.service';\n"
        "@Controller('articles')\n"
        "export class ArticleController {\n"
        "  constructor(private readonly articleService: ArticleService) {}\n"
        "  @Get()\n"
        "  findAll() { return this.articleService.findAll(); }\n"
        "  @Post()\n"
        "  create(@Body() dto: any) { return this.articleService.create(dto); }\n"
        "}\n"),
    "src/article.service.ts": (
        "import { Injectable } from '@nestjs/common';\n"  # 1
        "import { InjectRepository } from '@nestjs/typeorm';\n"
        "import { Repository, DataSource } from 'typeorm';\n"
        "import { CommandBus } from '@nestjs/cqrs';\n"
        "import { ArticleEntity } from './article.entity';\n"  # 5
        "import { CreateArticleCommand } from './create-article.command';\n"
        "@Injectable()\n"
        "export class ArticleService {\n"
        "  constructor(\n"
        "    @InjectRepository(ArticleEntity) private readonly repo: Repository<ArticleEntity>,\n"
        "    private dataSource: DataSource,\n"  # 11
        "    private commandBus: CommandBus,\n"
        "  ) {}\n"
        "  async findAll() {\n"
        "    const qb = this.dataSource.getRepository(ArticleEntity).createQueryBuilder('a');\n"
        "    qb.where('a.id > 0');\n"  # 16
        "    const rows = await qb.getMany();\n"
        "    return rows.concat(await this.repo.find());\n"
        "  }\n"
        "  create(dto: any) {\n"  # 20
        "    return this.commandBus.execute(new CreateArticleCommand(dto));\n"
        "  }\n"
        "}\n"),
    "src/create-article.command.ts": (
        "export class CreateArticleCommand { constructor(public dto: any) {} }\n"),
    "src/create-article.handler.ts": (
        "import { CommandHandler } from '@nestjs/cqrs';\n"  # 1
        "import { InjectRepository } from '@nestjs/typeorm';\n"
        "import { Repository } from 'typeorm';\n"
        "import { ArticleEntity } from './article.entity';\n"
        "import { CreateArticleCommand } from './create-article.command';\n"  # 5
        "@CommandHandler(CreateArticleCommand)\n"
        "export class CreateArticleHandler {\n"
        "  constructor(\n"
        "    @InjectRepository(ArticleEntity) private repo: Repository<ArticleEntity>) {}\n"
        "  async execute(command: CreateArticleCommand) {\n"
        "    return this.repo.save(this.repo.create(command.dto));\n"  # 11
        "  }\n"
        "}\n"),
    "src/article.entity.ts": "export class ArticleEntity { id: number; }\n",
}


def test_typeorm_repositories_query_builders_and_a_cqrs_command(tmp_path):
    eps, nodata = _run(tmp_path, NEST)
    got = _sites(eps[("GET", "/articles")])
    assert got == {("src/article.service.ts", 15, "orm"), ("src/article.service.ts", 17, "orm"),
                   ("src/article.service.ts", 18, "orm")}  # qb.where() builds, runs nothing
    assert ("src/create-article.handler.ts", 11, "orm") in _sites(eps[("POST", "/articles")])
    assert not nodata


# -- the recogniser on its own ---------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("a.b(x).c", [("a", False), ("b", True), ("c", False)]),
    ("Article.query.filter_by(slug=s). \\\n    first", [("Article", False), ("query", False),
                                                       ("filter_by", True), ("first", False)]),
    ("(await getDb()).users.find", [("(await getDb())", False), ("users", False),
                                    ("find", False)]),
    ("c.MustGet(\"u\").(UserModel).Update", [("c", False), ("MustGet", True),
                                             (".(UserModel)", False), ("Update", False)]),
    ("a + b", None),
])
def test_split_chain(text, expected):
    from auditor.endpoints.data_access import split_chain

    assert split_chain(text) == expected


@pytest.mark.parametrize("lang,module,segs,kind", [
    ("python", "django.db", ("models", "Model", "objects", "filter()", "first"), "orm"),
    ("python", "django.shortcuts", ("get_object_or_404",), "orm"),
    ("python", "django.db", ("models", "Model", "title", "upper"), None),
    ("python", "flask_sqlalchemy", ("SQLAlchemy()", "session", "add"), "orm"),
    ("python", "flask_sqlalchemy", ("SQLAlchemy()", "select"), None),
    ("python", "sqlalchemy", ("create_engine()", "connect()", "execute"), "sql"),
    ("python", "redis", ("Redis()", "get"), "cache"),
    ("python", "redis", ("Redis()", "get()", "decode"), None),
    ("python", "requests", ("Session()", "get"), None),
    ("go", "database/sql", ("DB", "QueryContext()", "Scan"), None),
    ("go", "database/sql", ("DB", "Begin()", "ExecContext"), "sql"),
    ("go", "gorm.io/gorm", ("DB", "Where()", "First"), "orm"),
    ("go", "gorm.io/gorm", ("DB", "Where"), None),
    ("go", "github.com/redis/go-redis/v9", ("Client", "Ping"), None),
    ("typescript", "@prisma/client", ("PrismaClient()", "user", "findMany"), "orm"),
    ("typescript", "@prisma/client", ("PrismaClient()", "$connect"), None),
    ("typescript", "mongoose", ("model()", "findById()", "toJSON"), None),
    ("typescript", "mongoose", ("model()", "countDocuments"), "document"),
    ("typescript", "typeorm", ("Repository", "createQueryBuilder()", "where"), None),
    ("typescript", "typeorm", ("getRepository()", "createQueryBuilder()", "getMany"), "orm"),
    ("typescript", "typeorm", ("Repository", "query"), "sql"),
    ("typescript", "sequelize", ("Model", "findAll"), "orm"),
    ("typescript", "knex", ("default", "where()", "first"), "sql"),
    ("typescript", "drizzle-orm/node-postgres", ("drizzle()", "select"), "orm"),
    ("typescript", "drizzle-orm/node-postgres", ("drizzle()", "select()", "from"), None),
    ("typescript", "kysely", ("Kysely()", "selectFrom"), "sql"),
    ("typescript", "mysql2/promise", ("createPool()", "execute"), "sql"),
    ("typescript", "ioredis", ("default()", "hget"), "cache"),
    ("typescript", "ioredis", ("default()", "get()", "then"), None),
    ("python", "tortoise.models", ("Model", "filter()", "first"), "orm"),
    ("python", "peewee", ("Model", "select"), "orm"),
    ("python", "motor.motor_asyncio", ("AsyncIOMotorClient()", "shop", "users", "find_one"),
     "document"),
    ("python", "psycopg2", ("connect()", "cursor()", "execute"), "sql"),
    ("python", "sqlite3", ("connect()", "close"), None),
    ("python", "aiosql", ("from_path()", "get_user_by_id"), "sql"),
    ("python", "fastcrud", ("FastCRUD()", "get_multi"), "orm"),
    ("go", "github.com/jmoiron/sqlx", ("DB", "Select"), "sql"),
    ("go", "github.com/jackc/pgx/v5/pgxpool", ("Pool", "QueryRow"), "sql"),
    ("go", "go.mongodb.org/mongo-driver/mongo", ("Client", "Database()", "Collection()",
                                                 "FindOne"), "document"),
    ("go", "entgo.io/ent/dialect/sql/sqlgraph", ("QueryNodes",), "orm"),
])
def test_library_tables(lang, module, segs, kind):
    from auditor.endpoints.data_access import DataAccess

    hit = DataAccess({}).match(lang, module, segs)
    assert (hit[0] if hit else None) == kind


def _gorm_tree(requires_gorm: bool) -> dict:
    mod = "module example.com/app\n\ngo 1.22\n"
    if requires_gorm:
        mod += "\nrequire gorm.io/gorm v1.25.0\n"
    return {
        "go.mod": mod,
        "main.go": (
            "package main\n"  # 1
            "\n"
            "import (\n"
            "\t\"github.com/gin-gonic/gin\"\n"
            "\t\"github.com/acme/core/pkg\"\n"  # 5
            ")\n"
            "\n"
            "func create(c *gin.Context) {\n"
            "\tdb, _ := pkg.GetOrm(c)\n"
            "\tdb.WithContext(c).Create(&Job{})\n"  # 10
            "\tc.JSON(200, nil)\n"
            "}\n"
            "\n"
            "func notify(c *gin.Context) {\n"
            "\tbus := pkg.Bus(c)\n"  # 15
            "\tbus.Create(\"job\")\n"
            "\tc.JSON(200, nil)\n"
            "}\n"
            "\n"
            "func main() {\n"  # 20
            "\tr := gin.Default()\n"
            "\tr.POST(\"/jobs\", create)\n"
            "\tr.POST(\"/notify\", notify)\n"
            "\tr.Run()\n"
            "}\n"),
    }


@pytest.mark.parametrize("requires_gorm", [True, False])
def test_gorm_chain_on_a_db_a_dependency_hands_over(tmp_path, requires_gorm):
    """`db.WithContext(c).Create(obj)` on a `db` from a dependency the tree does not hold is
    gorm's chain where go.mod requires gorm; a bare `bus.Create(x)` is nobody's store."""
    eps, _nodata = _run(tmp_path, _gorm_tree(requires_gorm))
    want = {("main.go", 10, "orm")} if requires_gorm else set()
    assert _sites(eps[("POST", "/jobs")]) == want
    assert _sites(eps[("POST", "/notify")]) == set()


def test_request_and_response_types_are_no_layer():
    from auditor.endpoints.trace import layer_of

    assert layer_of("app/admin/service/dto.ResetPwdReq.Generate", "app/admin/service/dto/user.go") \
        == "other"
    assert layer_of("app/schemas/user.to_public", "app/schemas/user.py") == "other"
    assert layer_of("app/admin/service.SysUser.Get", "app/admin/service/sys_user.go") == "service"
    assert layer_of("store.UserStore.Get", "internal/dto/store.go") == "repository"


DRF_BELOW_ROOT = {
    "app/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
    "app/app/__init__.py": "",
    "app/app/settings.py": "ROOT_URLCONF = 'app.urls'\nINSTALLED_APPS = ['rest_framework', 'user']\n",
    "app/app/urls.py": (
        "from django.urls import path, include\n\n"
        "urlpatterns = [path('api/user/', include('user.urls'))]\n"),
    "app/user/__init__.py": "",
    "app/user/urls.py": (
        "from django.urls import path\n\nfrom user import views\n\n"
        "urlpatterns = [\n"
        "    path('create/', views.CreateUserView.as_view()),\n"
        "    path('token/', views.CreateTokenView.as_view()),\n"
        "    path('hello/', views.HelloView.as_view()),\n"
        "]\n"),
    "app/user/serializers.py": (
        "from django.contrib.auth import get_user_model\n"
        "from rest_framework import serializers\n\n\n"
        "class UserSerializer(serializers.ModelSerializer):\n"
        "    class Meta:\n"
        "        model = get_user_model()\n"
        "        fields = ('email', 'password')\n\n\n"
        "class HelloSerializer(serializers.Serializer):\n"
        "    name = serializers.CharField()\n"),
    "app/user/views.py": (
        "from rest_framework import generics\n"  # 1
        "from rest_framework.authtoken.views import ObtainAuthToken\n"
        "\n"
        "from user.serializers import HelloSerializer, UserSerializer\n"
        "\n"
        "\n"
        "class CreateUserView(generics.CreateAPIView):\n"  # 7
        "    serializer_class = UserSerializer\n"
        "\n"
        "\n"
        "class CreateTokenView(ObtainAuthToken):\n"  # 11
        "    pass\n"
        "\n"
        "\n"
        "class HelloView(generics.CreateAPIView):\n"  # 15
        "    serializer_class = HelloSerializer\n"),
}


def test_drf_generic_views_write_through_their_model_serializer(tmp_path):
    """A CreateAPIView whose only code is `serializer_class = UserSerializer` (a ModelSerializer)
    saves a user; DRF's ObtainAuthToken gets or creates a Token; a plain Serializer saves
    nothing. The project's sources sit below the scanned root (`app/` holds manage.py), so
    `from user.serializers import ...` is `app/user/serializers.py`."""
    eps, nodata = _run(tmp_path, DRF_BELOW_ROOT)
    assert _sites(eps[("POST", "/api/user/create/")]) == {("app/user/views.py", 8, "orm")}
    assert _sites(eps[("POST", "/api/user/token/")]) == {("app/user/views.py", 11, "orm")}
    assert _sites(eps[("POST", "/api/user/hello/")]) == set()


POP = {
    "go.mod": "module example.com/app\n\ngo 1.22\n\nrequire github.com/gobuffalo/pop/v6 v6.1.1\n",
    "storage/dial.go": (
        "package storage\n\nimport \"github.com/gobuffalo/pop/v6\"\n\n"
        "type Connection struct {\n\t*pop.Connection\n}\n"),
    "models/user.go": (
        "package models\n"  # 1
        "\n"
        "import \"example.com/app/storage\"\n"
        "\n"
        "type User struct{ ID string }\n"  # 5
        "\n"
        "func FindUser(tx *storage.Connection, id string) (*User, error) {\n"
        "\tu := &User{}\n"
        "\tq := tx.Eager().Q().Where(\"id = ?\", id)\n"
        "\terr := q.First(u)\n"  # 10
        "\treturn u, err\n"
        "}\n"),
    "main.go": (
        "package main\n"
        "\n"
        "import (\n"
        "\t\"net/http\"\n"
        "\n"
        "\t\"example.com/app/models\"\n"
        "\t\"example.com/app/storage\"\n"
        ")\n"
        "\n"
        "var db *storage.Connection\n"
        "\n"
        "func user(w http.ResponseWriter, r *http.Request) {\n"
        "\tmodels.FindUser(db, r.PathValue(\"id\"))\n"
        "}\n"
        "\n"
        "func main() {\n"
        "\thttp.HandleFunc(\"GET /users/{id}\", user)\n"
        "\thttp.ListenAndServe(\":8080\", nil)\n"
        "}\n"),
}


def test_gobuffalo_pop_through_an_embedding_connection(tmp_path):
    """pop's builders chain (`tx.Eager().Q().Where(...)`) and the last call runs the query; the
    project's Connection embeds *pop.Connection, whose methods Go promotes."""
    eps, nodata = _run(tmp_path, POP)
    assert _sites(eps[("GET", "/users/{id}")]) == {("models/user.go", 10, "orm")}
    assert ("GET", "/users/{id}") not in nodata


@pytest.mark.parametrize("lang, module, segs, kind", [
    ("go", "xorm.io/xorm", ("Engine", "Where", "Get"), "orm"),
    ("go", "xorm.io/xorm", ("Engine", "Where"), None),  # a builder, no query yet
    ("typescript", "@supabase/supabase-js", ("createClient()", "from()", "select"), "orm"),
    ("typescript", "@supabase/supabase-js", ("createClient()", "channel"), None),
    ("typescript", "firebase/firestore", ("getDoc",), "document"),
    ("typescript", "firebase-admin", ("firestore()", "collection()", "doc()", "get"), "document"),
    ("typescript", "@mikro-orm/core", ("EntityManager", "findOne"), "orm"),
    ("typescript", "@mikro-orm/core", ("EntityManager", "getReference"), None),  # no query
])
def test_more_library_tables(lang, module, segs, kind):
    from auditor.endpoints.data_access import _match_path

    got = _match_path(lang, module, segs)
    assert (got[0] if got else None) == kind


SUPABASE = {
    "package.json": '{"dependencies": {"next": "14.0.0", "@supabase/supabase-js": "2.0.0"}}\n',
    "lib/db.ts": (
        "import { createClient } from '@supabase/supabase-js'\n\n"
        "export const supabase = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_KEY!)\n"),
    "app/api/posts/route.ts": (
        "import { supabase } from '../../../lib/db'\n"  # 1
        "\n"
        "export async function GET() {\n"
        "  const { data } = await supabase.from('posts').select('*').limit(20)\n"  # 4
        "  return Response.json(data)\n"
        "}\n"),
}


def test_supabase_client_queries_are_data(tmp_path):
    eps, nodata = _run(tmp_path, SUPABASE)
    assert _sites(eps[("GET", "/api/posts")]) == {("app/api/posts/route.ts", 4, "orm")}
    assert ("GET", "/api/posts") not in nodata


REDBEAN_RQ = {
    "server/router.js": (
        'const express = require("express");\n'
        'const { R } = require("redbean-node");\n'
        'const router = express.Router();\n'
        'router.get("/api/status-page/:slug", async (req, res) => {\n'
        '    const page = await R.findOne("status_page", " slug = ? ", [req.params.slug]);\n'  # 5
        '    const beats = await R.getAll("SELECT * FROM heartbeat WHERE page_id = ?", [page.id]);\n'
        '    res.json({ page, beats });\n'
        '});\n'
        'router.get("/api/time", (req, res) => {\n'
        '    const R = { now: () => Date.now() };\n'  # 10: a local R, not redbean's
        '    res.json({ t: R.now() });\n'
        '});\n'
        'module.exports = router;\n'),
    "server/app.js": (
        'const express = require("express");\n'
        'const app = express();\n'
        'app.use(require("./router"));\n'
        'app.listen(3000);\n'),
    "jobs/views.py": (
        "from flask import Flask, jsonify\n"
        "from rq.job import Job\n"
        "from redis import Redis\n"
        "app = Flask(__name__)\n"
        "conn = Redis()\n"  # 5
        "\n"
        "@app.route('/api/jobs/<job_id>')\n"
        "def job(job_id):\n"
        "    j = Job.fetch(job_id, connection=conn)\n"  # 9
        "    return jsonify({'status': j.get_status()})\n"),
}


def test_redbean_node_and_rq_jobs_are_data(tmp_path):
    eps, nodata = _run(tmp_path, REDBEAN_RQ)
    assert _lines(eps[("GET", "/api/status-page/:slug")]) == {(5, "orm"), (6, "sql")}
    assert eps[("GET", "/api/time")].data_sites == []
    assert (9, "cache") in _lines(eps[("GET", "/api/jobs/<job_id>")])
    assert ("GET", "/api/status-page/:slug") not in nodata and \
        ("GET", "/api/jobs/<job_id>") not in nodata
