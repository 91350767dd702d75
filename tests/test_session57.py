"""Routes and auth of backends whose truth was written before auditor ran (session 57: the
held-out batches 34-36), each case from how the language or library behaves, with the
look-alike that must not change.
"""
from __future__ import annotations

from conftest import assert_findings, scan, write_tree


def _auths(root, files: dict) -> set:
    """(method, path, auth) of the explicit endpoints of a scan of `files` under `root`."""
    res = scan(write_tree(root, files))
    return {(e.method, e.path, e.auth) for e in res.endpoints if not e.implicit}


NETHTTP_MOD = "module example.com/books\n\ngo 1.22\n"

# A server whose handlers check the session themselves: `s.requireUser(r)` (a helper handed the
# request, reading the session cookie through two more) and a 401 or a redirect to the login
# page when it fails; `s.currentUser(r)` with the error dropped personalises a public page.
NETHTTP_SERVER = """package server

import (
\t"errors"
\t"net/http"
)

type Server struct {
\tmux   *http.ServeMux
\tstore *Store
\tcfg   Config
}

type Config struct{ CookieName string }

type User struct{ ID string }

type Store struct{}

func (st *Store) GetSession(token string) (string, error) { return "u1", nil }
func (st *Store) GetUser(id string) (*User, error)        { return &User{ID: id}, nil }
func (st *Store) FindByEmail(email string) (*User, error) { return &User{ID: email}, nil }
func (st *Store) GetBook(id string) (string, error)       { return id, nil }

var errNeedsLogin = errors.New("authentication required")

func (s *Server) routes() {
\ts.mux.HandleFunc("GET /api/books", s.handleBooks)
\ts.mux.HandleFunc("GET /app", s.handleDashboard)
\ts.mux.HandleFunc("PUT /api/password", s.handleChangePassword)
\ts.mux.HandleFunc("GET /", s.handleHome)
\ts.mux.HandleFunc("GET /books/{id}", s.handleBook)
\ts.mux.HandleFunc("POST /api/login", s.handleLogin)
}

func (s *Server) sessionToken(r *http.Request) (string, error) {
\tcookie, err := r.Cookie(s.cfg.CookieName)
\tif err != nil {
\t\treturn "", err
\t}
\treturn cookie.Value, nil
}

func (s *Server) currentUser(r *http.Request) (*User, error) {
\ttoken, err := s.sessionToken(r)
\tif err != nil {
\t\treturn nil, err
\t}
\tid, err := s.store.GetSession(token)
\tif err != nil {
\t\treturn nil, err
\t}
\treturn s.store.GetUser(id)
}

func (s *Server) requireUser(r *http.Request) (*User, error) {
\tuser, err := s.currentUser(r)
\tif err != nil || user == nil {
\t\treturn nil, errNeedsLogin
\t}
\treturn user, nil
}

func (s *Server) bookAccess(r *http.Request, id string) (string, error) {
\tbook, err := s.store.GetBook(id)
\tif err != nil {
\t\treturn "", err
\t}
\tuser, _ := s.currentUser(r)
\tif user == nil && book == "private" {
\t\treturn "", errNeedsLogin
\t}
\treturn book, nil
}

func (s *Server) handleBooks(w http.ResponseWriter, r *http.Request) {
\tuser, err := s.requireUser(r)
\tif err != nil {
\t\thttp.Error(w, "authentication required", http.StatusUnauthorized)
\t\treturn
\t}
\tw.Write([]byte(user.ID))
}

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
\tuser, err := s.requireUser(r)
\tif err != nil {
\t\thttp.Redirect(w, r, "/login", http.StatusFound)
\t\treturn
\t}
\tw.Write([]byte(user.ID))
}

func (s *Server) handleChangePassword(w http.ResponseWriter, r *http.Request) {
\tuser, err := s.requireUser(r)
\tif err != nil {
\t\thttp.Error(w, "authentication required", http.StatusUnauthorized)
\t\treturn
\t}
\tnewPassword := r.FormValue("password")
\tw.Write([]byte(user.ID + newPassword))
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
\tuser, _ := s.currentUser(r)
\tif user != nil {
\t\tw.Write([]byte(user.ID))
\t\treturn
\t}
\tw.Write([]byte("welcome"))
}

func (s *Server) handleBook(w http.ResponseWriter, r *http.Request) {
\tbook, err := s.bookAccess(r, r.PathValue("id"))
\tif err != nil {
\t\tif errors.Is(err, errNeedsLogin) {
\t\t\thttp.Error(w, "log in", http.StatusUnauthorized)
\t\t\treturn
\t\t}
\t\thttp.NotFound(w, r)
\t\treturn
\t}
\tw.Write([]byte(book))
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
\tuser, err := s.store.FindByEmail(r.FormValue("email"))
\tif err != nil {
\t\thttp.Error(w, "bad credentials", http.StatusUnauthorized)
\t\treturn
\t}
\tw.Write([]byte(user.ID))
}
"""


def test_go_handler_answering_401_when_a_request_helper_fails(tmp_path):
    """`user, err := s.requireUser(r); if err != nil { 401 | redirect to /login }`, the helper
    reading the session cookie by a configured name: required, the password change too (its
    password is read after the session check). Look-alikes: an error told apart first
    (`errors.Is(err, errNeedsLogin)`: a private record's answer) and a login's lookup of the
    e-mail it is sent; the session read with its error dropped is optional."""
    got = _auths(tmp_path, {"go.mod": NETHTTP_MOD, "server/server.go": NETHTTP_SERVER})
    assert ("GET", "/api/books", "required") in got, got
    assert ("GET", "/app", "required") in got, got
    assert ("PUT", "/api/password", "required") in got, got
    assert ("GET", "/", "optional") in got, got
    assert ("GET", "/books/{id}", "required") not in got, got
    assert ("POST", "/api/login", "none") in got, got


CART = """package server

import (
\t"net/http"

\t"github.com/google/uuid"
)

type Handler struct{}

const CheckoutSessionCookie = "checkout_session_id"

func (h *Handler) getCheckoutSessionID(w http.ResponseWriter, r *http.Request) string {
\tcookie, err := r.Cookie(CheckoutSessionCookie)
\tif err == nil && cookie.Value != "" {
\t\treturn cookie.Value
\t}
\tid := uuid.New().String()
\thttp.SetCookie(w, &http.Cookie{Name: CheckoutSessionCookie, Value: id})
\treturn id
}

func (h *Handler) Cart(w http.ResponseWriter, r *http.Request) {
\tid := h.getCheckoutSessionID(w, r)
\tw.Write([]byte(id))
}

func Routes(mux *http.ServeMux, h *Handler) {
\tmux.HandleFunc("GET /api/cart", h.Cart)
}
"""


def test_go_cart_cookie_handed_out_is_no_credential(tmp_path):
    """A function reading a cookie by a held name that hands out a new one when it is missing
    (a checkout session, a cart): anonymous visitors' state, not a credential read."""
    got = _auths(tmp_path, {"go.mod": NETHTTP_MOD, "server/cart.go": CART})
    assert ("GET", "/api/cart", "none") in got, got


GIN_MOD = "module example.com/files\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n"

GIN_LOGOUT = """package main

import (
\t"net/http"

\t"github.com/gin-contrib/sessions"
\t"github.com/gin-gonic/gin"
)

func Logout(c *gin.Context) {
\tsession := sessions.Default(c)
\tsession.Options(sessions.Options{MaxAge: -1})
\tsession.Save()
\tc.Redirect(http.StatusFound, "/login")
}

func Settings(c *gin.Context) {
\tsession := sessions.Default(c)
\tif session.Get("username") == nil {
\t\tc.Redirect(http.StatusFound, "/login")
\t\treturn
\t}
\tc.String(http.StatusOK, "settings")
}

func main() {
\tr := gin.Default()
\tr.GET("/logout", Logout)
\tr.GET("/settings", Settings)
\tr.Run()
}
"""


def test_go_unconditional_redirect_to_login_is_no_refusal(tmp_path):
    """A logout ends by sending everyone to the login page: no refusal; the same redirect in
    the branch taken without a session user is one."""
    got = _auths(tmp_path, {"go.mod": GIN_MOD, "main.go": GIN_LOGOUT})
    assert ("GET", "/logout", "none") in got, got
    assert ("GET", "/settings", "required") in got, got


EXPRESS_PKG = '{"name": "send", "dependencies": {"express": "^4.17.0", "express-ws": "^5.0.0"}}'

EXPRESS_AUTH = """const crypto = require('crypto');
const config = require('../config');

module.exports = {
  hmac: async function(req, res, next) {
    const header = req.header('Authorization');
    if (header && check(header)) {
      req.authorized = true;
    }
    if (req.authorized) {
      next();
    } else {
      res.sendStatus(401);
    }
  },
  owner: async function(req, res, next) {
    const presented = req.body.owner_token;
    const stored = await lookup(req.params.id);
    req.authorized = crypto.timingSafeEqual(Buffer.from(stored), Buffer.from(presented));
    if (req.authorized) {
      next();
    } else {
      res.sendStatus(401);
    }
  },
  fxa: async function(req, res, next) {
    const header = req.header('Authorization');
    if (header) {
      req.user = await verify(header);
    }
    if (config.fxa_required && !req.user) {
      res.sendStatus(401);
    } else {
      next();
    }
  }
};
"""

EXPRESS_APP = """const express = require('express');
const expressWs = require('express-ws');
const auth = require('./middleware/auth');
const app = express();
expressWs(app);
app.get('/api/download/:id', auth.hmac, function(req, res) { res.json({}); });
app.post('/api/delete/:id', auth.owner, function(req, res) { res.json({}); });
app.post('/api/upload', auth.fxa, function(req, res) { res.json({}); });
app.ws('/api/ws', function(ws, req) { ws.on('message', function(m) { ws.send(m); }); });
app.listen(3000);
"""


def test_express_middleware_in_an_exported_object_and_express_ws(tmp_path):
    """`module.exports = { hmac: async function(req, res, next) {...} }` with `auth.hmac` on a
    route: that function is the middleware (401 without the header's proof: required; a
    presented owner token compared in constant time: required); one refusing only when a setting
    is on as well (`config.fxa_required && !req.user`) lets anonymous requests through.
    express-ws's `app.ws(path, handler)` is a WebSocket route."""
    got = _auths(tmp_path, {"package.json": EXPRESS_PKG, "app.js": EXPRESS_APP,
                            "middleware/auth.js": EXPRESS_AUTH})
    assert ("GET", "/api/download/:id", "required") in got, got
    assert ("POST", "/api/delete/:id", "required") in got, got
    assert ("POST", "/api/upload", "optional") in got, got
    assert any(m == "WS" and p == "/api/ws" for m, p, _a in got), got


NEST_PKG = '{"name": "fit", "dependencies": {"@nestjs/common": "^10.0.0", "@nestjs/core": "^10.0.0"}}'

NEST_CTRL = """import { Controller, Get, Post, Sse, MessageEvent } from '@nestjs/common';
import { Observable, interval, map } from 'rxjs';

@Controller('notifications')
export class NotificationsController {
  @Sse('stream')
  stream(): Observable<MessageEvent> {
    return interval(1000).pipe(map(() => ({ data: 'tick' })));
  }

  @Post('ask')
  @Sse('ask-stream')
  ask(): Observable<MessageEvent> {
    return interval(1000).pipe(map(() => ({ data: 'answer' })));
  }

  @Get('all')
  all() {
    return [];
  }
}
"""


def test_nestjs_sse_is_a_get_route_and_the_topmost_method_decorator_wins(tmp_path):
    """`@Sse('stream')` registers GET stream (Nest's RequestMethod.GET with the SSE flag);
    stacked method decorators overwrite one another's path and method metadata, decorators
    applying bottom-up: the topmost (`@Post('ask')` over `@Sse('ask-stream')`) is the route."""
    got = _auths(tmp_path, {"package.json": NEST_PKG,
                            "src/notifications.controller.ts": NEST_CTRL})
    routes = {(m, p) for m, p, _a in got}
    assert ("GET", "/notifications/stream") in routes, routes
    assert ("POST", "/notifications/ask") in routes, routes
    assert ("GET", "/notifications/ask-stream") not in routes, routes
    assert ("GET", "/notifications/all") in routes, routes


NEXT_PKG = '{"name": "uni", "dependencies": {"next": "^14.0.0", "speakeasy": "^2.0.0"}}'

NEXT_VERIFY = """import { NextResponse } from 'next/server';
import speakeasy from 'speakeasy';
import { prisma } from '@/lib/prisma';

export async function POST(req: Request) {
  const { email, code } = await req.json();
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) {
    return NextResponse.json({ error: 'not found' }, { status: 401 });
  }
  const verified = speakeasy.totp.verify({ secret: user.secret, encoding: 'base32', token: code });
  if (!verified) {
    return NextResponse.json({ error: 'Invalid code' }, { status: 401 });
  }
  return NextResponse.json({ ok: true });
}
"""


def test_nextjs_second_factor_of_a_login_is_public(tmp_path):
    """A route checking the one-time code of an authenticator app (`speakeasy.totp.verify`) is
    the second step of a login: its 401 answers a wrong code, not a missing credential."""
    got = _auths(tmp_path, {"package.json": NEXT_PKG,
                            "app/api/auth/two-factor/verify/route.ts": NEXT_VERIFY})
    assert ("POST", "/api/auth/two-factor/verify", "none") in got, got


GO_XORM_MOD = """module example.com/goat

go 1.20

require (
\txorm.io/xorm v1.3.0
\tgithub.com/andelf/go-curl v0.0.0-20200630032108-fd49ff24ac32
)
"""

GO_XORM = """package vul

import (
\t"net/http"

\tcurl "github.com/andelf/go-curl"
\t"xorm.io/xorm"
)

var X *xorm.Engine

type User struct{ Username string }

func Find(w http.ResponseWriter, r *http.Request) {
\tkey := r.URL.Query().Get("key")
\tvar users []User
\tX.Table("user").Where("username = '" + key + "'").Find(&users)
\tX.Table("user").Where("username = ?", key).Find(&users)
}

func Fetch(w http.ResponseWriter, r *http.Request) {
\ttarget := r.URL.Query().Get("url")
\teasy := curl.EasyInit()
\tdefer easy.Cleanup()
\teasy.Setopt(curl.OPT_URL, target)
\teasy.Setopt(curl.OPT_USERAGENT, target)
\teasy.Perform()
}
"""


def test_go_condition_builders_and_libcurl(tmp_path):
    """xorm's `Where(cond)` takes a SQL condition: a comparison concatenated from the request is
    an injection though it has no SQL keyword (a `?` condition with the value bound is not);
    go-curl's `Setopt(curl.OPT_URL, url)` names the URL `Perform()` fetches (another option
    set from the request is no SSRF)."""
    assert_findings(tmp_path, {"go.mod": GO_XORM_MOD, "vul/vul.go": GO_XORM},
                    ("sql-injection", "ssrf"), {("sql-injection", 17), ("ssrf", 25)})


NODE_FILES = """const express = require('express');
const fs = require('fs');
const path = require('path');
const router = express.Router();
const PUBLIC_DIR = path.join(__dirname, 'public');

router.get('/files', (req, res) => {
  const file = req.query.file;
  const filePath = path.join(PUBLIC_DIR, file);
  const content = fs.readFileSync(filePath, 'utf-8');
  const escaped = !path.resolve(filePath).startsWith(path.resolve(PUBLIC_DIR));
  res.json({ content, escaped });
});

router.get('/safe', (req, res) => {
  const filePath = path.resolve(PUBLIC_DIR, req.query.file);
  if (!filePath.startsWith(path.resolve(PUBLIC_DIR))) {
    return res.status(403).end();
  }
  res.send(fs.readFileSync(filePath, 'utf-8'));
});

module.exports = router;
"""


def test_containment_check_after_the_read_guards_nothing(tmp_path):
    """A resolved path tested against its base after the file was read (to award a flag, to
    log) confines nothing: the read is a path traversal; the same test before it, refusing, is
    the guard."""
    assert_findings(tmp_path, {"package.json": '{"dependencies": {"express": "^4.18.0"}}',
                               "routes/files.js": NODE_FILES},
                    "path-traversal", {("path-traversal", 10)})


ECHO_MOD = "module example.com/pets\n\ngo 1.20\n\nrequire github.com/labstack/echo/v4 v4.11.0\n"

ECHO_DB = """package main

import (
\t"context"
\t"database/sql"
)

type DatabaseHelper struct{ db *sql.DB }

func (dh *DatabaseHelper) CreatePetByName(ctx context.Context, petName string) (int64, error) {
\tq := "INSERT INTO pets (pet_name) VALUES ('" + petName + "') RETURNING pet_id"
\tvar id int64
\terr := dh.db.QueryRowContext(ctx, q).Scan(&id)
\treturn id, err
}
"""

ECHO_API = """package main

import (
\t"net/http"

\t"github.com/labstack/echo/v4"
)

type CreateRequest struct {
\tName string `json:"name"`
}

func routes(e *echo.Echo, db *DatabaseHelper) {
\te.POST("/api/create", func(c echo.Context) error {
\t\treq := new(CreateRequest)
\t\tif err := c.Bind(req); err != nil {
\t\t\treturn c.JSON(http.StatusBadRequest, nil)
\t\t}
\t\tn, err := db.CreatePetByName(c.Request().Context(), req.Name)
\t\tif err != nil {
\t\t\treturn err
\t\t}
\t\treturn c.JSON(http.StatusOK, n)
\t})
}

func main() {
\te := echo.New()
\troutes(e, &DatabaseHelper{})
\te.Start(":8080")
}
"""


def test_go_binder_filling_a_pointer_made_by_new(tmp_path):
    """`req := new(CreateRequest); c.Bind(req)`: the binder fills the struct the pointer holds
    (as `c.Bind(&req)` does), so `req.Name` handed to a helper building SQL is request data."""
    assert_findings(tmp_path, {"go.mod": ECHO_MOD, "db.go": ECHO_DB, "api.go": ECHO_API},
                    "sql-injection", {("sql-injection", 13)})


FASTAPI_FILES = """import os
from pathlib import Path

from fastapi import APIRouter

router = APIRouter()


@router.get("/lexical")
async def lexical(profile: str):
    root = Path(os.getcwd())
    with open(root.joinpath(profile).relative_to(root), "r") as f:
        return {"profile": f.read()}


@router.get("/resolved")
async def resolved(profile: str):
    root = Path(os.getcwd())
    with open(
        root.joinpath(profile).resolve().relative_to(root.resolve()), "r"
    ) as f:
        return {"profile": f.read()}
"""


def test_pathlib_relative_to_after_resolve_confines(tmp_path):
    """`p.resolve().relative_to(base)` raises for a path outside base (a check written inside
    the sink's own arguments counts); `relative_to` on a path not resolved first is lexical and
    lets `..` through."""
    assert_findings(tmp_path, {"requirements.txt": "fastapi\n", "app/routes.py": FASTAPI_FILES},
                    "path-traversal", {("path-traversal", 12)})


CHI_MOD = "module example.com/ct\n\ngo 1.20\n\nrequire github.com/go-chi/chi/v5 v5.0.10\n"

CHI_HANDLER = """package handler

import (
\t"net/http"

\t"github.com/go-chi/chi/v5"
)

type UserService interface{ List() []string }

type userHandler struct {
\tus     UserService
\trouter *chi.Mux
}

func NewUserHandler(us UserService) *chi.Mux {
\th := userHandler{us, chi.NewRouter()}
\th.router.Get("/", h.list)
\th.router.Get("/{userID}", h.get)
\treturn h.router
}

func (h userHandler) list(w http.ResponseWriter, r *http.Request) { w.Write(nil) }
func (h userHandler) get(w http.ResponseWriter, r *http.Request)  { w.Write(nil) }
"""

CHI_MAIN = """package main

import (
\t"net/http"

\t"github.com/go-chi/chi/v5"
\t"example.com/ct/handler"
)

type server struct {
\trouter chi.Router
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
\ts.router.ServeHTTP(w, r)
}

func HandleAPI() http.Handler {
\ts := server{chi.NewRouter()}
\ts.router.Mount("/users", handler.NewUserHandler(nil))
\treturn &s
}

func main() {
\trouter := chi.NewRouter()
\trouter.Mount("/api", HandleAPI())
\thttp.ListenAndServe(":8080", router)
}
"""


def test_go_router_held_in_a_struct_field_made_in_a_literal(tmp_path):
    """`h := userHandler{us, chi.NewRouter()}` (a positional field, named by the struct's
    declaration) then `h.router.Get(...)` and `return h.router`; `return &s` of a struct whose
    one router field the function made: each hands out that router, mounted where it is."""
    got = _auths(tmp_path, {"go.mod": CHI_MOD, "handler/user.go": CHI_HANDLER,
                            "main.go": CHI_MAIN})
    routes = {(m, p.rstrip("/") or "/") for m, p, _a in got}
    assert routes == {("GET", "/api/users"), ("GET", "/api/users/{userID}")}, routes


def _data(root, files: dict) -> dict:
    """(method, path) -> {(file, line, kind)} of the data sites of each explicit endpoint."""
    res = scan(write_tree(root, files))
    return {(e.method, e.path): {(s["file"], s["line"], s["kind"]) for s in e.data_sites}
            for e in res.endpoints if not e.implicit}


ENT_MOD = """module example.com/shop

go 1.22

require (
\tentgo.io/ent v0.14.1
\tgithub.com/gofiber/fiber/v2 v2.52.0
)
"""

ENT_SERVICE = """package general

import (
\t"context"

\t"example.com/shop/ent"
)

type SiteService struct{}

func (SiteService) Get(db *ent.Client, ctx context.Context) *ent.SiteDetail {
\ts, _ := db.SiteDetail.
\t\tQuery().
\t\tFirst(ctx)
\treturn s
}
"""

ENT_MAIN = """package main

import (
\t"context"

\t"github.com/gofiber/fiber/v2"
\t"example.com/shop/ent"
\t"example.com/shop/general"
)

func main() {
\tdb, _ := ent.Open("postgres", "")
\tapp := fiber.New()
\tapp.Get("/site", func(c *fiber.Ctx) error {
\t\treturn c.JSON(general.SiteService{}.Get(db, context.Background()))
\t})
\tapp.Get("/ping", func(c *fiber.Ctx) error { return c.SendString("pong") })
\tapp.Listen(":3000")
}
"""


def test_go_ent_client_whose_generated_package_is_not_committed(tmp_path):
    """go.mod requires entgo.io/ent and only the schema and `go:generate` of the project's
    `ent` package are committed (no `ent/client.go`): `db.SiteDetail.Query().First(ctx)` on
    its `*ent.Client` is the store's query."""
    got = _data(tmp_path, {"go.mod": ENT_MOD, "ent/generate.go":
                           "package ent\n\n//go:generate go run entgo.io/ent/cmd/ent generate ./schema\n",
                           "general/services.go": ENT_SERVICE, "main.go": ENT_MAIN})
    assert got[("GET", "/site")], got
    assert not got[("GET", "/ping")], got


MYSQL2_PKG = '{"type": "module", "dependencies": {"express": "^4.21.0", "mysql2": "^3.11.0"}}'

MYSQL2_CONN = """import mysql from 'mysql2';

const dbConnection = mysql.createConnection({ host: 'localhost', user: 'root', database: 'app' });

export default dbConnection;
"""

MYSQL2_CTRL = """import dbConnection from '../database/connection.js';

export const getNews = (req, res) => {
  dbConnection.query('SELECT * FROM news', (err, rows) => res.json(rows));
};
"""

MYSQL2_APP = """import express from 'express';
import { getNews } from './controller/newsController.js';

const app = express();
app.get('/api/news', getNews);
app.listen(3000);
"""


def test_import_differing_only_in_letter_case(tmp_path):
    """`import dbConnection from '../database/connection.js'` of `database/Connection.js`:
    Node resolves it on the case-insensitive file systems of Windows and macOS, where the
    project runs; the mysql2 query through it is the route's data."""
    got = _data(tmp_path, {"package.json": MYSQL2_PKG, "database/Connection.js": MYSQL2_CONN,
                           "controller/newsController.js": MYSQL2_CTRL, "index.js": MYSQL2_APP})
    assert ("controller/newsController.js", 4, "sql") in got[("GET", "/api/news")], got


MONGOOSE_PKG = '{"dependencies": {"next": "^13.0.0", "mongoose": "^7.0.0", "next-connect": "^0.13.0"}}'

MONGOOSE_MODEL = """import mongoose from 'mongoose';
const { Schema } = mongoose;

const categorySchema = new Schema({ name: String });

export default mongoose.models && mongoose.models.Category
  ? mongoose.models.Category
  : mongoose.model('Category', categorySchema);
"""

MONGOOSE_CTRL = """import Category from '../models/categoryModel';

export const getAllCategories = async (req, res) => {
  const category = await Category.find({}).sort({ createdAt: -1 });
  res.status(200).send(category);
};
"""

MONGOOSE_ROUTE = """import nc from 'next-connect';
import { getAllCategories } from '../../../backend/controllers/categoryController';

const handler = nc();
handler.get(getAllCategories);

export default handler;
"""


def test_mongoose_model_exported_through_a_conditional(tmp_path):
    """`export default mongoose.models.Category ? mongoose.models.Category :
    mongoose.model('Category', schema)` (registered once per process): both arms are the
    model, so `Category.find({})` reads the collection."""
    got = _data(tmp_path, {"package.json": MONGOOSE_PKG,
                           "backend/models/categoryModel.js": MONGOOSE_MODEL,
                           "backend/controllers/categoryController.js": MONGOOSE_CTRL,
                           "pages/api/admin/category.js": MONGOOSE_ROUTE})
    sites = set().union(*got.values())
    assert ("backend/controllers/categoryController.js", 4, "document") in sites, got


DJANGO_FILES = {
    "requirements.txt": "django\ndjangorestframework\ndjango-simple-history\ndjango-rest-auth\n",
    "manage.py": "import django\n",
    "shop/__init__.py": "",
    "shop/models.py": (
        "from django.db import models\n"
        "from simple_history.models import HistoricalRecords\n"
        "\n"
        "class Booking(models.Model):\n"
        "    name = models.CharField(max_length=10)\n"
        "    history = HistoricalRecords()\n"),
    "shop/serializers.py": (
        "from rest_framework import serializers\n"
        "from . import models\n"
        "\n"
        "class HistorySerializer(serializers.ModelSerializer):\n"
        "    class Meta:\n"
        "        model = models.Booking.history.model\n"
        "        fields = '__all__'\n"),
    "shop/views.py": (
        "from rest_framework import viewsets\n"
        "from rest_auth.views import LoginView as BaseLogin\n"
        "from . import models, serializers\n"
        "\n"
        "class BookingHistoryView(viewsets.ReadOnlyModelViewSet):\n"
        "    serializer_class = serializers.HistorySerializer\n"
        "    queryset = models.Booking.history.all().order_by('-id')\n"
        "\n"
        "class LoginView(BaseLogin):\n"
        "    pass\n"),
    "shop/urls.py": (
        "from django.urls import include, path\n"
        "from rest_framework.routers import DefaultRouter\n"
        "from .views import BookingHistoryView, LoginView\n"
        "\n"
        "router = DefaultRouter()\n"
        "router.register('histories', BookingHistoryView)\n"
        "urlpatterns = [path('auth/login/', LoginView.as_view()), path('', include(router.urls))]\n"),
}


def test_django_manager_of_a_module_qualified_model_and_rest_auth_views(tmp_path):
    """A DRF viewset's `queryset = models.Booking.history.all()` (a module-qualified model, a
    manager that is not `objects`: django-simple-history's) reads the store; a LoginView of
    django-rest-auth (`rest_auth`, dj-rest-auth's predecessor) authenticates against the user
    table on POST."""
    got = _data(tmp_path, DJANGO_FILES)
    assert got[("GET", "/histories/")], got
    assert got[("POST", "/auth/login/")], got


CJS_FILES = {
    "package.json": '{"dependencies": {"express": "^4.18.0", "mongoose": "^7.0.0"}}',
    "server/models/User.js": (
        "const mongoose = require('mongoose');\n"
        "const userSchema = new mongoose.Schema({ email: String, password: String });\n"
        "module.exports = mongoose.model('User', userSchema);\n"),
    "server/services/authService.js": (
        "const User = require('../models/User');\n"
        "\n"
        "exports.changePassword = async ({ userId, newPassword }) => {\n"
        "  const user = await User.findById(userId);\n"
        "  user.password = newPassword;\n"
        "  await user.save();\n"
        "};\n"),
    "server/controllers/authController.js": (
        "const { changePassword } = require('../services/authService');\n"
        "\n"
        "exports.changePassword = async (req, res, next) => {\n"
        "  await changePassword({ userId: req.body.id, newPassword: req.body.password });\n"
        "  res.status(200).json({ ok: true });\n"
        "};\n"),
    "server/index.js": (
        "const express = require('express');\n"
        "const authController = require('./controllers/authController');\n"
        "const app = express();\n"
        "app.patch('/api/auth/change-password', authController.changePassword);\n"
        "app.listen(3000);\n"),
}


def test_commonjs_export_property_does_not_shadow_the_import(tmp_path):
    """`exports.changePassword = async (...) => { await changePassword(...) }` with `const {
    changePassword } = require('../services/authService')`: setting a property of `exports`
    binds no name, so the call inside is the service's function (which reads the user), not a
    call of itself."""
    got = _data(tmp_path, CJS_FILES)
    assert ("server/services/authService.js", 4, "document") in \
        got[("PATCH", "/api/auth/change-password")], got


DRF_JWT_FILES = {
    "requirements.txt": "django\ndjangorestframework\ndjangorestframework-jwt\n",
    "manage.py": "import django\n",
    "accounts/__init__.py": "",
    "accounts/urls.py": (
        "from django.urls import path\n"
        "from rest_framework_jwt.views import obtain_jwt_token, refresh_jwt_token\n"
        "\n"
        "urlpatterns = [\n"
        "    path('obtain-auth-token/', obtain_jwt_token),\n"
        "    path('refresh-auth-token/', refresh_jwt_token),\n"
        "]\n"),
}


def test_library_function_views_imported_into_a_urlconf(tmp_path):
    """django-rest-framework-jwt's `obtain_jwt_token` (its ObtainJSONWebToken view's
    `as_view()`) authenticates against the user table; refreshing looks the token's user up."""
    got = _data(tmp_path, DRF_JWT_FILES)
    assert got[("POST", "/obtain-auth-token/")], got
    assert got[("POST", "/refresh-auth-token/")], got


FIBER_MOD = "module example.com/bid\n\ngo 1.22\n\nrequire github.com/gofiber/fiber/v2 v2.52.0\n"

FIBER_MW = """package main

import (
\t"github.com/gofiber/fiber/v2"
\t"github.com/google/uuid"
)

func ClientMiddleware(c *fiber.Ctx) error {
\ttoken := c.Get("Authorization")
\tguestID := c.Get("guestuserid")
\tif len(token) < 1 {
\t\tc.Locals("client", nil)
\t\tif len(guestID) > 0 {
\t\t\tif _, err := uuid.Parse(guestID); err != nil {
\t\t\t\treturn c.Status(401).JSON(fiber.Map{"message": "invalid guest id"})
\t\t\t}
\t\t\tc.Locals("client", guestID)
\t\t}
\t} else {
\t\tuser, err := decodeToken(token)
\t\tif err != nil {
\t\t\treturn c.Status(401).JSON(fiber.Map{"message": "invalid token"})
\t\t}
\t\tc.Locals("client", user)
\t}
\treturn c.Next()
}

func AuthMiddleware(c *fiber.Ctx) error {
\ttoken := c.Get("Authorization")
\tif len(token) < 1 {
\t\treturn c.Status(401).JSON(fiber.Map{"message": "unauthorized"})
\t}
\tif _, err := decodeToken(token); err != nil {
\t\treturn c.Status(401).JSON(fiber.Map{"message": "invalid token"})
\t}
\treturn c.Next()
}

func RefreshSession(c *fiber.Ctx) error {
\tsess, _ := store.Get(c)
\tif !sess.Fresh() {
\t\tsess.SetExpiry(30 * time.Minute)
\t\tif err := sess.Save(); err != nil {
\t\t\treturn err
\t\t}
\t}
\treturn c.Next()
}

func decodeToken(t string) (string, error) { return t, nil }

func main() {
\tapp := fiber.New()
\tapp.Get("/listings", ClientMiddleware, func(c *fiber.Ctx) error { return c.SendString("ok") })
\tapp.Get("/me", AuthMiddleware, func(c *fiber.Ctx) error { return c.SendString("me") })
\tapp.Get("/home", RefreshSession, func(c *fiber.Ctx) error { return c.SendString("home") })
\tapp.Listen(":3000")
}
"""


def test_go_middleware_whose_missing_credential_branch_falls_through_to_next(tmp_path):
    """`if len(token) < 1 { ...a guest... } else { validate, 401 }; return c.Next()`: a
    request without the credential leaves the block (its one refusal answers a malformed
    guest id) and goes on: optional. The same test answered with 401 at once: required. A
    session refresher's `if !sess.Fresh() {...}` tests a session that is there: no auth."""
    got = _auths(tmp_path, {"go.mod": FIBER_MOD, "main.go": FIBER_MW})
    assert ("GET", "/listings", "optional") in got, got
    assert ("GET", "/me", "required") in got, got
    assert ("GET", "/home", "none") in got, got


FIBER_ORDER_ROUTE = """package route

import "github.com/gofiber/fiber/v2"

type RouteConfig struct {
\tApp            *fiber.App
\tAuthMiddleware fiber.Handler
}

func (c *RouteConfig) Setup() {
\tc.SetupGuestRoute()
\tc.SetupAuthRoute()
}

func (c *RouteConfig) SetupGuestRoute() {
\tc.App.Post("/api/users/login", handle)
\tc.App.Get("api/subjects", handle)
}

func (c *RouteConfig) SetupAuthRoute() {
\tc.App.Use(c.AuthMiddleware)
\tc.App.Get("/api/users/current", handle)
}

func handle(c *fiber.Ctx) error { return c.SendString("x") }
"""

FIBER_ORDER_MAIN = """package main

import (
\t"github.com/gofiber/fiber/v2"
\t"example.com/bid/route"
)

func NewAuth() fiber.Handler {
\treturn func(c *fiber.Ctx) error {
\t\tif c.Get("Authorization") == "" {
\t\t\treturn c.SendStatus(401)
\t\t}
\t\treturn c.Next()
\t}
}

func main() {
\tapp := fiber.New()
\trc := route.RouteConfig{App: app, AuthMiddleware: NewAuth()}
\trc.Setup()
\tapp.Listen(":3000")
}
"""


def test_fiber_routes_made_before_the_app_middleware_in_sibling_methods(tmp_path):
    """`Setup()` calls `SetupGuestRoute()` then `SetupAuthRoute()`, whose `c.App.Use(auth)`
    Fiber runs only for the routes registered after it: the guest routes stay public. A path
    written without its slash (`"api/subjects"`) is served with one (Fiber's register adds it)."""
    got = _auths(tmp_path, {"go.mod": FIBER_MOD, "route/route.go": FIBER_ORDER_ROUTE,
                            "main.go": FIBER_ORDER_MAIN})
    assert ("POST", "/api/users/login", "none") in got, got
    assert ("GET", "/api/subjects", "none") in got, got
    assert ("GET", "/api/users/current", "required") in got, got


SQLC_MOD = "module example.com/nimbus\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.10\n"

SQLC_YAML = """version: "2"
sql:
  - engine: "postgresql"
    queries: "./queries"
    schema: "./migrations"
    gen:
      go:
        package: "generated"
        out: "./generated"
        sql_package: "pgx/v5"
"""

SQLC_SERVICE = """package auth

import (
\t"context"

\t"example.com/nimbus/internal/db/generated"
)

type Service struct{ queries *generated.Queries }

func (s *Service) Exists(ctx context.Context, name string) bool {
\t_, err := s.queries.GetUserByUsername(ctx, name)
\treturn err == nil
}
"""

SQLC_MAIN = """package main

import (
\t"net/http"

\t"github.com/go-chi/chi/v5"
\t"example.com/nimbus/internal/auth"
)

func main() {
\tsvc := &auth.Service{}
\tr := chi.NewRouter()
\tr.Get("/users/{name}", func(w http.ResponseWriter, req *http.Request) {
\t\tif svc.Exists(req.Context(), chi.URLParam(req, "name")) {
\t\t\tw.WriteHeader(http.StatusOK)
\t\t}
\t})
\tr.Get("/health", func(w http.ResponseWriter, req *http.Request) { w.Write([]byte("ok")) })
\thttp.ListenAndServe(":8080", r)
}
"""


def test_go_sqlc_queries_whose_generated_code_is_not_committed(tmp_path):
    """sqlc.yaml generates `internal/db/generated` and the tree holds no Go file there (only
    the queries and the schema are committed): a method of its `*generated.Queries` runs one of
    the project's named queries."""
    got = _data(tmp_path, {"go.mod": SQLC_MOD, "internal/db/sqlc.yaml": SQLC_YAML,
                           "internal/db/queries/users.sql":
                           "-- name: GetUserByUsername :one\nSELECT * FROM users WHERE username = $1;\n",
                           "internal/auth/service.go": SQLC_SERVICE, "main.go": SQLC_MAIN})
    assert ("internal/auth/service.go", 12, "sql") in got[("GET", "/users/{name}")], got
    assert not got[("GET", "/health")], got


DJANGO6_FILES = {
    "requirements.txt": "asgiref==3.11.0\nDjango==6.0\n",
    "manage.py": "import django\n",
    "config/__init__.py": "",
    "config/urls.py": (
        "from django.contrib.auth import views as auth_views\n"
        "from django.urls import path\n"
        "from accounts import views\n"
        "\n"
        "urlpatterns = [\n"
        "    path('logout/', auth_views.LogoutView.as_view(), name='logout'),\n"
        "    path('users/<int:pk>/toggle-active/', views.toggle_active),\n"
        "    path('users/<int:pk>/edit/', views.edit),\n"
        "]\n"),
    "accounts/__init__.py": "",
    "accounts/views.py": (
        "from django.http import HttpResponse, HttpResponseForbidden\n"
        "\n"
        "def toggle_active(request, pk):\n"
        "    if request.method != 'POST':\n"
        "        return HttpResponseForbidden()\n"
        "    return HttpResponse('ok')\n"
        "\n"
        "def edit(request, pk):\n"
        "    if request.method == 'POST':\n"
        "        return HttpResponse('saved')\n"
        "    return HttpResponse('form')\n"),
}


def test_django_logout_view_by_version_and_a_view_refusing_other_methods_first(tmp_path):
    """Django 5.0 made LogoutView POST-only (`http_method_names = ["post", "options"]`): with
    Django 6.0 required it serves POST; a function view that first answers every method but
    POST with a refusal serves POST; one that branches on POST and renders otherwise serves
    every method."""
    res = scan(write_tree(tmp_path, DJANGO6_FILES))
    got = {(e.method, e.path) for e in res.endpoints if not e.implicit}
    assert ("POST", "/logout/") in got and ("ANY", "/logout/") not in got, got
    assert ("POST", "/users/<int:pk>/toggle-active/") in got, got
    assert ("ANY", "/users/<int:pk>/edit/") in got, got


CHI_HEARTBEAT = """package main

import (
\t"net/http"

\t"github.com/go-chi/chi/v5"
\t"github.com/go-chi/chi/v5/middleware"
)

func main() {
\tr := chi.NewRouter()
\tr.Use(middleware.Logger)
\tr.Use(middleware.Heartbeat("/health"))
\tr.Get("/items", func(w http.ResponseWriter, req *http.Request) { w.Write(nil) })
\thttp.ListenAndServe(":8080", r)
}
"""


def test_chi_heartbeat_middleware_serves_its_path(tmp_path):
    """chi's `middleware.Heartbeat("/health")` answers GET (and HEAD) of that path itself."""
    got = _auths(tmp_path, {"go.mod": CHI_MOD, "main.go": CHI_HEARTBEAT})
    assert ("GET", "/health", "none") in got and ("GET", "/items", "none") in got, got


FASTAPI_PAGE = '''from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def render_app(query: str = ""):
    html_content = f"""
    <html><body>
    <input value="{query}">
    <script>
      async function logout() {{
        await fetch('/auth/logout', {{
          method: 'POST',
          headers: {{ "Authorization": "Bearer " + localStorage.getItem("t"),
                     "Content-Type": "application/json" }}
        }});
      }}
    </script>
    </body></html>
    """
    return html_content


@router.get("/api/echo", response_class=HTMLResponse)
def echo(query: str = ""):
    return Response(content=f"<b>{query}</b>", media_type="application/json")
'''


def test_content_type_written_inside_the_page_is_not_the_response_type(tmp_path):
    """The page a FastAPI HTMLResponse route returns holds a script posting JSON (`"Content-Type":
    "application/json"` in its text): that is content, not the response's type; the query
    written into it raw is XSS. A response whose own media type is JSON is not a page."""
    assert_findings(tmp_path, {"requirements.txt": "fastapi\n", "app/frontend.py": FASTAPI_PAGE},
                    "xss", {("xss", 23)})


GO_TEMPLATE_RUN = """package main

import (
\t"bytes"
\t"html/template"
\t"net/http"
\t"os/exec"
\t"strings"
)

func Render(w http.ResponseWriter, r *http.Request) {
\tinput := r.URL.Query().Get("name")
\tt := template.Must(template.New("t").Parse(`{{ . }}`))
\tvar b strings.Builder
\tt.Execute(&b, input)
\tout, _ := exec.Command("sh", "-c", b.String()).CombinedOutput()
\tw.Write(out)
}

func Page(w http.ResponseWriter, r *http.Request) {
\tname := r.URL.Query().Get("name")
\tt := template.Must(template.ParseFiles("page.html"))
\tbuf := new(bytes.Buffer)
\tt.Execute(buf, map[string]string{"Name": name})
\tw.Header().Set("Content-Type", "text/html")
\tw.Write(buf.Bytes())
}

func Greeting(w http.ResponseWriter, r *http.Request) {
\tvar sb strings.Builder
\tsb.WriteString("<h1>Hello ")
\tsb.WriteString(r.URL.Query().Get("name"))
\tw.Header().Set("Content-Type", "text/html")
\tw.Write([]byte(sb.String()))
}
"""


def test_go_writes_into_a_builder_carry_what_was_written(tmp_path):
    """What a template run writes into a builder (`t.Execute(&b, input)`) and what
    `sb.WriteString(x)` appends is what `b.String()` gives back: a shell command built so is a
    command injection, a page built so XSS; html/template's run escapes what it writes, so its
    buffer written out is no XSS."""
    assert_findings(tmp_path, {"go.mod": "module example.com/t\n\ngo 1.22\n",
                               "main.go": GO_TEMPLATE_RUN},
                    ("command-injection", "xss"), {("command-injection", 16), ("xss", 34)})


FLASK_SWITCH = {
    "requirements.txt": "flask\nflask-login\n",
    "app/decorators.py": (
        "from functools import wraps\n"
        "from flask import abort\n"
        "from flask_login import current_user\n"
        "\n"
        "ALLOW_USERS = True\n"
        "\n"
        "def user_protect(callback):\n"
        "    @wraps(callback)\n"
        "    def wrapper(*args, **kwargs):\n"
        "        if ALLOW_USERS:\n"
        "            return callback(*args, **kwargs)\n"
        "        return abort(403)\n"
        "    return wrapper\n"
        "\n"
        "def member_protect(callback):\n"
        "    @wraps(callback)\n"
        "    def wrapper(*args, **kwargs):\n"
        "        if not current_user.is_authenticated:\n"
        "            return abort(403)\n"
        "        return callback(*args, **kwargs)\n"
        "    return wrapper\n"),
    "app/views.py": (
        "from flask import Flask\n"
        "from app.decorators import member_protect, user_protect\n"
        "\n"
        "app = Flask(__name__)\n"
        "\n"
        "@app.route('/signup')\n"
        "@user_protect\n"
        "def signup():\n"
        "    return 'form'\n"
        "\n"
        "@app.route('/account')\n"
        "@member_protect\n"
        "def account():\n"
        "    return 'mine'\n"),
}


def test_python_decorator_refusing_on_a_setting_is_no_authentication(tmp_path):
    """A decorator of the tree whose wrapper refuses (403) on a feature switch, reading no
    credential and not the user (`if ALLOW_USERS: return callback(...)`), authenticates nobody
    whatever it is called; the same shape refusing an anonymous `current_user` does."""
    got = _auths(tmp_path, FLASK_SWITCH)
    assert ("GET", "/signup", "none") in got, got
    assert ("GET", "/account", "required") in got, got


FLASK_WALRUS = {
    "requirements.txt": "flask\nflask-wtf\n",
    "app/forms.py": (
        "from flask_wtf import FlaskForm\n"
        "from wtforms import StringField\n"
        "\n"
        "class LoginForm(FlaskForm):\n"
        "    username = StringField('username')\n"),
    "app/db.py": (
        "import sqlite3\n"
        "\n"
        "def get_user_by_username(username):\n"
        "    cur = sqlite3.connect('app.db').cursor()\n"
        "    cur.execute(f\"SELECT * FROM users WHERE username = '{username}'\")\n"
        "    return cur.fetchone()\n"),
    "app/views.py": (
        "from flask import Flask\n"
        "from app import db\n"
        "from app.forms import LoginForm\n"
        "\n"
        "app = Flask(__name__)\n"
        "\n"
        "@app.route('/login', methods=['GET', 'POST'])\n"
        "def login():\n"
        "    if (form := LoginForm()).validate_on_submit():\n"
        "        return str(db.get_user_by_username(form.username.data.strip()))\n"
        "    return 'form'\n"),
}


def test_python_assignment_expression_binds_its_name(tmp_path):
    """`if (form := LoginForm()).validate_on_submit():` binds `form` as `form = LoginForm()`
    does: its fields are what the user posted, and the helper building SQL from one is an
    injection reached from the request."""
    assert_findings(tmp_path, FLASK_WALRUS, ("sql-injection", "sql-injection-via-caller"),
                    {("sql-injection", 5)})


NEST_GATEWAY = """import { Controller, Get } from '@nestjs/common';
import { WebSocketGateway, SubscribeMessage } from '@nestjs/websockets';

@WebSocketGateway({ cors: true })
export class ChatGateway {
  @SubscribeMessage('message')
  handle(payload: string) {
    return payload;
  }
}

@Controller('rooms')
export class RoomsController {
  @Get()
  list() {
    return [];
  }
}
"""

NEST_GATEWAY_MAIN = """import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('api');
  await app.listen(3000);
}
bootstrap();
"""

NEST_GATEWAY_MODULE = """import { Module } from '@nestjs/common';
import { ChatGateway, RoomsController } from './chat';

@Module({ controllers: [RoomsController], providers: [ChatGateway] })
export class AppModule {}
"""


def test_nestjs_gateway_is_a_websocket_endpoint_outside_the_global_prefix(tmp_path):
    """`@WebSocketGateway()` (a provider, not a controller) listens where the app's adapter
    does: socket.io's `/socket.io`, outside `setGlobalPrefix('api')`; with `@nestjs/platform-ws`
    the `ws` server's root."""
    files = {"package.json": '{"dependencies": {"@nestjs/core": "^10.0.0", '
                             '"@nestjs/platform-socket.io": "^10.0.0"}}',
             "src/chat.ts": NEST_GATEWAY, "src/main.ts": NEST_GATEWAY_MAIN,
             "src/app.module.ts": NEST_GATEWAY_MODULE}
    routes = {(m, p) for m, p, _a in _auths(tmp_path / "io", files)}
    assert ("WS", "/socket.io") in routes and ("GET", "/api/rooms") in routes, routes
    files["package.json"] = '{"dependencies": {"@nestjs/core": "^10.0.0", "@nestjs/platform-ws": "^10.0.0"}}'
    routes = {(m, p) for m, p, _a in _auths(tmp_path / "ws", files)}
    assert ("WS", "/") in routes, routes
