"""Routes, auth and injections of backends and vulnerable apps whose truth was written before
auditor ran (session 56: the held-out batches 28-31 and rounds 22-24), each case from how the
language or library behaves, with the look-alike that must not change.
"""
from __future__ import annotations

from conftest import assert_findings, scan, write_tree


def _auths(root, files: dict) -> set:
    """(method, path, auth) of the explicit endpoints of a scan of `files` under `root`."""
    res = scan(write_tree(root, files))
    return {(e.method, e.path, e.auth) for e in res.endpoints if not e.implicit}


def _echo_app(root, module: str, files: dict, registers: list) -> set:
    """`_auths` of an echo module `example.com/<module>` whose main calls `app.<register>(e)`
    for each of `registers`."""
    calls = "".join(f"\tapp.{r}(e)\n" for r in registers)
    return _auths(root, {
        "go.mod": f"module example.com/{module}\n\ngo 1.22\n\n"
                  "require github.com/labstack/echo/v4 v4.11.0\n",
        "main.go": f"package main\n\nimport (\n\t\"github.com/labstack/echo/v4\"\n"
                   f"\t\"example.com/{module}/app\"\n)\n\nfunc main() {{\n\te := echo.New()\n"
                   f"{calls}\te.Start(\":8080\")\n}}\n", **files})


GO_MOD = """module example.com/fxapp

go 1.22

require (
\tgithub.com/labstack/echo/v4 v4.11.0
\tgo.uber.org/fx v1.20.0
)
"""

FX_ROUTE = """package routers

import "github.com/labstack/echo/v4"

type IRoute interface {
\tRegister(g *echo.Group)
\tRequireAuth() bool
}
"""

FX_HANDLERS = """package handlers

import (
\t"net/http"

\t"github.com/labstack/echo/v4"
\t"example.com/fxapp/app/routers"
)

type listItems struct{}

func NewListItems() routers.IRoute { return &listItems{} }

func (h *listItems) RequireAuth() bool { return false }

func (h *listItems) Register(g *echo.Group) {
\tg.GET("/items", h.handle)
}

func (h *listItems) handle(c echo.Context) error { return c.JSON(http.StatusOK, nil) }

type createItem struct{}

func NewCreateItem() routers.IRoute { return &createItem{} }

func (h *createItem) RequireAuth() bool {
\treturn true
}

func (h *createItem) Register(g *echo.Group) {
\tg.POST("/items", h.handle)
}

func (h *createItem) handle(c echo.Context) error { return c.JSON(http.StatusCreated, nil) }
"""

FX_MODULE = """package api

import (
\t"net/http"

\t"github.com/labstack/echo/v4"
\t"go.uber.org/fx"
\t"example.com/fxapp/app/handlers"
\t"example.com/fxapp/app/routers"
)

func requireAuth(next echo.HandlerFunc) echo.HandlerFunc {
\treturn func(c echo.Context) error {
\t\tif c.Request().Header.Get("Authorization") == "" {
\t\t\treturn c.NoContent(http.StatusUnauthorized)
\t\t}
\t\treturn next(c)
\t}
}

func Module() fx.Option {
\treturn fx.Module("v1",
\t\tfx.Provide(
\t\t\tasRoute(handlers.NewListItems),
\t\t\tasRoute(handlers.NewCreateItem),
\t\t),
\t\tfx.Invoke(func(e *echo.Echo, hs []routers.IRoute) {
\t\t\tg := e.Group("/v1")
\t\t\tauthGroup := g.Group("", requireAuth)
\t\t\tfor _, h := range hs {
\t\t\t\tif h.RequireAuth() {
\t\t\t\t\th.Register(authGroup)
\t\t\t\t} else {
\t\t\t\t\th.Register(g)
\t\t\t\t}
\t\t\t}
\t\t}),
\t)
}

func asRoute(h any) any {
\treturn fx.Annotate(h, fx.As(new(routers.IRoute)), fx.ResultTags(`group:"routes"`))
}
"""

FX_MAIN = """package main

import (
\t"github.com/labstack/echo/v4"
\t"github.com/labstack/echo/v4/middleware"
\t"go.uber.org/fx"
\t"example.com/fxapp/app/api"
)

func newServer() *echo.Echo {
\te := echo.New()
\te.Use(middleware.Recover())
\treturn e
}

func main() {
\tfx.New(fx.Provide(newServer), api.Module(), fx.Invoke(func(e *echo.Echo) { e.Start(":8080") })).Run()
}
"""


def test_echo_routes_registered_by_a_literal_an_fx_container_invokes(tmp_path):
    """uber/fx calls `fx.Invoke(func(e *echo.Echo, hs []IRoute) {...})` with the app its
    provider made: the literal is replayed as an entry point, `h.Register(g)` in the loop over
    the interface values runs every implementation (not the one whose type `h` resembles), and
    `if h.RequireAuth()` sends each to the group its fixed answer picks."""
    got = _auths(tmp_path, {
        "go.mod": GO_MOD, "app/routers/route.go": FX_ROUTE,
        "app/handlers/items.go": FX_HANDLERS, "app/api/v1.go": FX_MODULE,
        "cmd/main.go": FX_MAIN})
    assert got == {("GET", "/v1/items", "none"), ("POST", "/v1/items", "required")}, got
    res = scan(tmp_path)
    assert not res.unresolved_routes, res.unresolved_routes


NEXT_SESSION_ANSWERED = """import { getServerSession } from "next-auth/next";
import { authOptions } from "@/lib/authOptions";
import { NextResponse } from "next/server";

export async function GET() {
  const session = await getServerSession(authOptions);
  if (!session) {
    return NextResponse.json({ user: null }, { status: 200 });
  }
  return NextResponse.json({ user: session.user });
}
"""

# look-alike: the same read, refused without a session
NEXT_SESSION_REFUSED = NEXT_SESSION_ANSWERED.replace("status: 200", "status: 401")

NEXT_EITHER_CREDENTIAL = """import { getServerSession } from "next-auth/next";
import jwt from "jsonwebtoken";
import { authOptions } from "@/lib/authOptions";
import { NextResponse } from "next/server";
import { send } from "@/lib/db";

export async function POST(req: Request) {
  const session = await getServerSession(authOptions);
  const token = req.headers.get("x-token");
  let userId: string | undefined;
  if (session?.user?.id) {
    userId = session.user.id;
  } else if (token) {
    const decoded = jwt.verify(token, process.env.JWT_SECRET!);
    userId = (decoded as any).userId;
  }
  if (!userId) {
    return NextResponse.json({ error: "Not authenticated" }, { status: 401 });
  }
  return NextResponse.json(await send(userId, await req.json()));
}
"""

# look-alike: an anonymous request gets a guest id, so the test never refuses one
NEXT_GUEST_FALLBACK = NEXT_EITHER_CREDENTIAL.replace(
    "} else if (token) {", "} else if (token) {\n    userId = \"guest\";\n  } else if (false) {")


def test_next_handler_session_read_answered_200_or_derived_through_branches(tmp_path):
    """A route handler that answers `{ user: null }` with status 200 when there is no
    session serves anonymous requests (optional); a local declared empty and set only from
    the session or a verified token, then refused with 401 when still empty, is the
    credential's own test (required); one branch setting a literal lets anonymous requests
    through."""
    got = _auths(tmp_path, {
        "package.json": '{"dependencies": {"next": "14.0.0", "next-auth": "4.24.0"}}',
        "app/api/session/route.ts": NEXT_SESSION_ANSWERED,
        "app/api/me/route.ts": NEXT_SESSION_REFUSED,
        "app/api/send/route.ts": NEXT_EITHER_CREDENTIAL,
        "app/api/guest/route.ts": NEXT_GUEST_FALLBACK,
        "lib/authOptions.ts": "export const authOptions = {};\n",
        "lib/db.ts": "export async function send(a, b) { return {}; }\n"})
    assert got == {("GET", "/api/session", "optional"), ("GET", "/api/me", "required"),
                   ("POST", "/api/send", "required"), ("POST", "/api/guest", "optional")}, got


ECHO_MIDDLEWARE = """package middleware

import (
\t"net/http"

\t"github.com/labstack/echo/v4"
)

type User struct{ ID uint; EmailVerified bool }

// Authentication loads the user when a token is sent; anonymous requests go on.
func Authentication(next echo.HandlerFunc) echo.HandlerFunc {
\treturn func(c echo.Context) error {
\t\ttoken := c.Request().Header.Get("Authorization")
\t\tif token == "" {
\t\t\treturn next(c)
\t\t}
\t\tc.Set("user", User{ID: 1})
\t\treturn next(c)
\t}
}

// Auth does nothing: sign-in and sign-up are open to everyone.
func Auth(next echo.HandlerFunc) echo.HandlerFunc {
\treturn func(c echo.Context) error {
\t\treturn next(c)
\t}
}

// EmailVerified refuses a logged-in user whose e-mail is not verified; guests pass.
func EmailVerified(next echo.HandlerFunc) echo.HandlerFunc {
\treturn func(c echo.Context) error {
\t\tuser, ok := c.Get("user").(User)
\t\tif ok && !user.EmailVerified {
\t\t\treturn c.JSON(http.StatusUnauthorized, "AUTH_NEED_EMAIL_VERIFICATION")
\t\t}
\t\treturn next(c)
\t}
}

// Logged refuses a request without a user.
func Logged(next echo.HandlerFunc) echo.HandlerFunc {
\treturn func(c echo.Context) error {
\t\tif _, ok := c.Get("user").(User); !ok {
\t\t\treturn c.JSON(http.StatusUnauthorized, "AUTH_NEED_TOKEN")
\t\t}
\t\treturn next(c)
\t}
}
"""

ECHO_ROUTES = """package app

import (
\t"net/http"

\t"github.com/labstack/echo/v4"
\t"example.com/oj/app/middleware"
)

func ok(c echo.Context) error { return c.JSON(http.StatusOK, nil) }

func Register(e *echo.Echo) {
\tapi := e.Group("/api", middleware.Authentication)
\tauth := api.Group("", middleware.Auth)
\tauth.POST("/auth/login", ok)
\tproblem := api.Group("", middleware.EmailVerified)
\tproblem.GET("/problems", ok)
\tuser := api.Group("", middleware.Logged)
\tuser.GET("/user/me", ok)
}
"""


def test_echo_no_op_middleware_and_a_check_only_of_present_users(tmp_path):
    """An echo middleware whose handler only returns `next(c)` is a no-op whatever its name
    (`Auth`); one refusing only when the comma-ok of the context's user is true (`if ok &&
    !user.EmailVerified`) lets guests through; the `!ok` refusal (`Logged`) is the guard."""
    got = _echo_app(tmp_path, "oj", {"app/middleware/auth.go": ECHO_MIDDLEWARE,
                                     "app/routes.go": ECHO_ROUTES}, ["Register"])
    assert got == {("POST", "/api/auth/login", "optional"), ("GET", "/api/problems", "optional"),
                   ("GET", "/api/user/me", "required")}, got


FLASK_DECORATORS = """from functools import wraps

from flask import jsonify, render_template
from flask_login import current_user


def permission_required(permission):
    def wrap(function):
        @wraps(function)
        def decorated_function(*args, **kwargs):
            if current_user is None or (current_user.role < permission):
                response = jsonify({'message': 'Permission denied'})
                response.status_code = 402
                return response
            return function(*args, **kwargs)
        return decorated_function
    return wrap


def sudo_required(function):
    @wraps(function)
    def decorated_function(*args, **kwargs):
        if current_user.role != 3:
            return render_template('error.html')
        return function(*args, **kwargs)
    return decorated_function


def not_banned(function):
    @wraps(function)
    def decorated_function(*args, **kwargs):
        if current_user.is_authenticated and current_user.banned:
            return render_template('banned.html')
        return function(*args, **kwargs)
    return decorated_function
"""

FLASK_VIEWS = """from flask import Flask, jsonify, request

from decorators import permission_required, sudo_required, not_banned
from users import find_user

app = Flask(__name__)


@app.route('/companies')
@permission_required(2)
def companies():
    return jsonify([])


@app.route('/key')
@sudo_required
def key():
    return jsonify({})


@app.route('/posts')
@not_banned
def posts():
    return jsonify([])


@app.route('/login', methods=['POST'])
def login():
    current_user = find_user(request.form['username'])
    if current_user.password != request.form['password']:
        return jsonify({'message': 'Wrong credentials'})
    return jsonify({'token': 'x'})
"""


def test_flask_decorator_testing_an_attribute_of_current_user_refuses_anonymous(tmp_path):
    """A decorator that tests `current_user.role` and answers the request itself (a 402 JSON,
    an error page) when the test holds refuses every anonymous request (Flask-Login's
    anonymous user has no role, or the app's answers one that fails); one narrowed by
    `current_user.is_authenticated and ...` lets anonymous requests through, and a local named
    `current_user` (a login's lookup) is not Flask-Login's."""
    got = _auths(tmp_path, {"decorators.py": FLASK_DECORATORS, "app.py": FLASK_VIEWS,
                            "users.py": "def find_user(name):\n    return None\n"})
    assert got == {("GET", "/companies", "required"), ("GET", "/key", "required"),
                   ("GET", "/posts", "none"), ("POST", "/login", "none")}, got


MONGO_WHOLE_BODY = """const express = require("express");
const mongoose = require("mongoose");
const User = mongoose.model("User");
const app = express();
app.use(express.json());

app.post("/lookup", (req, res) => {
  let query = req.body;
  User.find(query, (err, users) => res.json(users));  // expect: nosql-injection
});

app.post("/lookup2", async (req, res) => {
  res.json(await User.findOne(req.body));  // expect: nosql-injection
});

app.post("/agg", async (req, res) => {
  res.json(await User.aggregate(req.body));  // expect: nosql-injection
});

app.post("/agg2", async (req, res) => {
  res.json(await User.aggregate([{ $match: { status: "active" } }]));  // ok: nosql-injection
});

function search(filter) {
  return User.find(filter);  // ok: nosql-injection (a parameter: may be anything)
}

app.get("/search", async (req, res) => {
  res.json(await search({ name: String(req.query.keywords) }));
});

app.get("/hash", (req, res) => {
  const { input = "" } = req.query;
  res.json(require("crypto").createHash("sha256").update(input).digest("hex"));  // ok: nosql-injection
});

app.get("/byname/:name", async (req, res) => {
  res.json(await User.find(req.params));  // ok: nosql-injection (path values are strings)
});

app.post("/safe", async (req, res) => {
  const filter = { name: String(req.body.name) };
  res.json(await User.find(filter));  // ok: nosql-injection
});
"""


def test_the_whole_json_body_as_the_mongo_filter(tmp_path):
    """`User.find(req.body)` (or through a local, or a whole aggregation pipeline): the client
    writes the whole filter document, `{"username": {"$ne": null}}` included; path parameters (strings) and a document
    of converted values are no operator injection."""
    files = {"package.json": '{"dependencies": {"express": "4.18.0", "mongoose": "5.6.8"}}',
             "app.js": MONGO_WHOLE_BODY}
    want = {("nosql-injection", i + 1) for i, ln in enumerate(MONGO_WHOLE_BODY.splitlines())
            if "expect: nosql-injection" in ln}
    assert_findings(tmp_path, files, "nosql-injection", want)


KOA_ROUTES = """import Router from "@koa/router";
import fetch from "node-fetch";
import { exec } from "child_process";
import { promisify } from "util";
import { Post } from "./models";

const execAsync = promisify(exec);
const router = new Router({ prefix: "/api" });

router.post("/fetch-image", async (ctx) => {
  const { url } = ctx.request.body as { url: string };
  const response = await fetch(url);  // expect: ssrf
  ctx.body = { status: response.status };
});

router.get("/files", async (ctx) => {
  const { path } = ctx.query;
  try {
    // VULNERABILITY: Unsanitized path in ls command
    const { stdout } = await execAsync(`ls -la ${path}`);  // expect: command-injection
    ctx.body = stdout;
  } catch (error: any) {
    ctx.status = 500;
  }
});

router.put("/posts/:id", async (ctx) => {
  const { title, content } = ctx.request.body;
  const post = await Post.findByPk(ctx.params.id);
  await post.update({ title, content });  // ok: nosql-injection (Sequelize, no Mongo client)
  ctx.body = post;
});

export default router;
"""


def test_koa_request_body_comments_and_a_project_without_mongo(tmp_path):
    """Koa's `ctx.request.body` is the request's body (SSRF through node-fetch); a comment
    saying `path in ls command` is no allowlist test of `path`; a project whose package.json
    installs no MongoDB client has no Mongo filter (`post.update({ title })` is Sequelize's)."""
    files = {"package.json": '{"dependencies": {"koa": "2.14.0", "@koa/router": "12.0.0", '
                             '"node-fetch": "2.6.0", "sequelize": "6.37.3"}}',
             "routes.ts": KOA_ROUTES,
             "models.ts": "export const Post: any = {};\n"}
    want = {(ln.rsplit("expect: ", 1)[1].split()[0], i + 1)
            for i, ln in enumerate(KOA_ROUTES.splitlines()) if "expect: " in ln}
    assert_findings(tmp_path, files, ("ssrf", "command-injection", "nosql-injection"), want)


PY_DEAD_SINKS = """import os
import pickle
import subprocess
import typing

from flask import Flask, request

app = Flask(__name__)
DEBUG = os.environ.get("DEBUG") == "1"


def never(user):
    if False:
        os.system(user)  # ok: command-injection
    if 0:
        eval(user)  # ok: code-injection
    if __debug__ and not __debug__:
        subprocess.call(user, shell=True)  # ok: command-injection
    if 1 < 0:
        pickle.loads(user)  # ok: deserialization


def after_exit(user):
    assert 1 + 1 == 3, "unreachable"
    os.system(user)  # ok: command-injection


def after_return(user):
    return user[:4]
    os.system(user)  # ok: command-injection


if typing.TYPE_CHECKING:
    def type_only(user):
        os.system(user)  # ok: command-injection


@app.route("/run")
def run():
    cmd = request.args["cmd"]
    never(cmd)
    after_exit(cmd)
    after_return(cmd)
    if DEBUG:
        os.system(cmd)  # expect: command-injection
    return "ok"
"""

JS_HOISTED = """const { exec } = require("child_process");
const express = require("express");
const app = express();

app.get("/run", (req, res) => {
  return run(req.query.cmd);
  function run(cmd) {
    exec(cmd);  // expect: command-injection
  }
});

app.get("/dead", (req, res) => {
  res.send("ok");
  return;
  exec(req.query.cmd);  // ok: command-injection
});
"""


def test_sinks_in_code_that_never_runs_are_no_findings(tmp_path):
    """A sink under a condition that folds to false (`if False`, `if 0`, `1 < 0`,
    `__debug__ and not __debug__`, `typing.TYPE_CHECKING`), after a `return` or an `assert` of a
    false constant never runs; a branch on configuration (`if DEBUG:`) may, and a JavaScript
    function declared after a `return` is hoisted and runs."""
    files = {"app.py": PY_DEAD_SINKS, "package.json": '{"dependencies": {"express": "4.18.0"}}',
             "server.js": JS_HOISTED}
    rules = ("command-injection", "code-injection", "deserialization")
    want = {("app.py", i + 1) for i, ln in enumerate(PY_DEAD_SINKS.splitlines())
            if "expect: " in ln} | {("server.js", i + 1)
                                    for i, ln in enumerate(JS_HOISTED.splitlines())
                                    if "expect: " in ln}
    assert_findings(tmp_path, files, rules, want, by_file=True)


ECHO_SETTING_GUARD = """package app

import (
\t"net/http"
\t"os"

\t"github.com/labstack/echo/v4"
)

func shouldAllowUnauthenticatedAccess() bool {
\treturn os.Getenv("REQUIRE_LOGIN") != "1"
}

// CheckRequireLogin refuses anonymous requests only when the instance requires a login.
func CheckRequireLogin(next echo.HandlerFunc) echo.HandlerFunc {
\treturn func(c echo.Context) error {
\t\tif user := c.Get("user"); user != nil {
\t\t\treturn next(c)
\t\t}
\t\tif !shouldAllowUnauthenticatedAccess() {
\t\t\treturn c.JSON(http.StatusUnauthorized, "login required")
\t\t}
\t\treturn next(c)
\t}
}

// RequireLogin refuses every anonymous request.
func RequireLogin(next echo.HandlerFunc) echo.HandlerFunc {
\treturn func(c echo.Context) error {
\t\tif user := c.Get("user"); user == nil {
\t\t\treturn c.JSON(http.StatusUnauthorized, "login required")
\t\t}
\t\treturn next(c)
\t}
}

func ok(c echo.Context) error { return c.JSON(http.StatusOK, nil) }

func Register(e *echo.Echo) {
\te.GET("/gists", ok, CheckRequireLogin)
\te.GET("/settings", ok, RequireLogin)
}
"""


# look-alike: the request itself decides (the login page, static files), every other path is
# refused
ECHO_PATH_EXEMPT = """package app

import (
\t"net/http"
\t"strings"

\t"github.com/labstack/echo/v4"
)

func allowUnauthenticated(r *http.Request) bool {
\treturn strings.HasPrefix(r.URL.Path, "/login")
}

func Authenticate(next echo.HandlerFunc) echo.HandlerFunc {
\treturn func(c echo.Context) error {
\t\tr := c.Request()
\t\tif c.Get("user") == nil && !allowUnauthenticated(r) {
\t\t\treturn c.JSON(http.StatusUnauthorized, "login required")
\t\t}
\t\treturn next(c)
\t}
}

func RegisterMore(e *echo.Echo) {
\te.GET("/library", ok, Authenticate)
}
"""


def test_a_refusal_of_anonymous_requests_that_waits_on_a_setting_is_optional(tmp_path):
    """`if !shouldAllowUnauthenticatedAccess() { 401 }` after letting a present user through:
    whether anonymous requests pass is the instance's setting (optional); the unconditional
    refusal beside it is required, and so is one whose exemption asks the request
    (`allowUnauthenticated(r)`: a path test, not a setting)."""
    got = _echo_app(tmp_path, "al", {"app/mw.go": ECHO_SETTING_GUARD,
                                     "app/exempt.go": ECHO_PATH_EXEMPT},
                    ["Register", "RegisterMore"])
    assert got == {("GET", "/gists", "optional"), ("GET", "/settings", "required"),
                   ("GET", "/library", "required")}, got


GORILLA_MADE_METHOD = """package main

import (
\t"net/http"

\t"github.com/gorilla/mux"
)

type AuthMiddleware struct{ secret string }

func NewAuthMiddleware(secret string) *AuthMiddleware { return &AuthMiddleware{secret} }

// Mark tells the client whether it is logged in; it refuses nobody.
func (m *AuthMiddleware) Mark(next http.Handler) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\tif _, err := r.Cookie("session_id"); err != nil {
\t\t\tw.Header().Set("X-Authenticated", "false")
\t\t} else {
\t\t\tw.Header().Set("X-Authenticated", "true")
\t\t}
\t\tnext.ServeHTTP(w, r)
\t})
}

// Require refuses a request without a session.
func (m *AuthMiddleware) Require(next http.Handler) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\tif _, err := r.Cookie("session_id"); err != nil {
\t\t\thttp.Error(w, "Unauthorized", http.StatusUnauthorized)
\t\t\treturn
\t\t}
\t\tnext.ServeHTTP(w, r)
\t})
}

func ok(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }

func main() {
\tr := mux.NewRouter()
\tr.Use(NewAuthMiddleware("s").Mark)
\tr.HandleFunc("/items", ok).Methods("GET")
\tp := r.PathPrefix("/me").Subrouter()
\tp.Use(NewAuthMiddleware("s").Require)
\tp.HandleFunc("", ok).Methods("GET")
\thttp.ListenAndServe(":8080", r)
}
"""


def test_middleware_that_is_a_method_of_a_value_a_constructor_makes(tmp_path):
    """`r.Use(NewAuthMiddleware(s).Mark)`: the method is the middleware, judged by its own
    code (Mark hands every request on; Require refuses without the session: `if _, err :=
    r.Cookie(...); err != nil { 401 }` is a refusal, not a lenient read), not the
    constructor's name."""
    got = _auths(tmp_path, {
        "go.mod": "module example.com/gm\\n\\ngo 1.22\\n\\nrequire github.com/gorilla/mux v1.8.1\\n",
        "main.go": GORILLA_MADE_METHOD})
    assert got == {("GET", "/items", "optional"), ("GET", "/me", "required")}, got


OAPI_GEN = """// Package api provides primitives to interact with the openapi HTTP API.
//
// Code generated by github.com/deepmap/oapi-codegen version v1.16.3 DO NOT EDIT.
package api

import (
\t"net/http"

\t"github.com/go-chi/chi/v5"
)

type ServerInterface interface {
\tGetPets(w http.ResponseWriter, r *http.Request)
}

type ServerInterfaceWrapper struct{ Handler ServerInterface }

func (siw *ServerInterfaceWrapper) GetPets(w http.ResponseWriter, r *http.Request) {
\tsiw.Handler.GetPets(w, r)
}

type ChiServerOptions struct {
\tBaseURL    string
\tBaseRouter chi.Router
}

func HandlerFromMux(si ServerInterface, r chi.Router) http.Handler {
\treturn HandlerWithOptions(si, ChiServerOptions{BaseRouter: r})
}

func HandlerWithOptions(si ServerInterface, options ChiServerOptions) http.Handler {
\tr := options.BaseRouter
\tif r == nil {
\t\tr = chi.NewRouter()
\t}
\twrapper := ServerInterfaceWrapper{Handler: si}
\tr.Group(func(r chi.Router) {
\t\tr.Get(options.BaseURL+"/pets", wrapper.GetPets)
\t})
\treturn r
}
"""

OAPI_MAIN = """package main

import (
\t"net/http"

\t"github.com/go-chi/chi/v5"
\t"example.com/pets/api"
)

type server struct{}

func (server) GetPets(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) }

func main() {
\tr := chi.NewRouter()
\tr.Get("/health", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) })
%s\thttp.ListenAndServe(":8080", r)
}
"""


def test_routes_of_generated_code_nothing_calls_are_not_served(tmp_path):
    """oapi-codegen emits `HandlerWithOptions` whether or not the program mounts it: its routes
    are served only when a hand-written function calls it (here `api.HandlerFromMux`)."""
    mod = "module example.com/pets\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n"
    unused = scan(write_tree(tmp_path / "a", {"go.mod": mod, "api/api.gen.go": OAPI_GEN,
                                              "main.go": OAPI_MAIN % ""}))
    assert {(e.method, e.path) for e in unused.endpoints if not e.implicit} == \
        {("GET", "/health")}
    assert any("generated code" in u["reason"] for u in unused.unresolved_routes)
    used = scan(write_tree(tmp_path / "b", {
        "go.mod": mod, "api/api.gen.go": OAPI_GEN,
        "main.go": OAPI_MAIN % "\tapi.HandlerFromMux(server{}, r)\n"}))
    assert {(e.method, e.path) for e in used.endpoints if not e.implicit} == \
        {("GET", "/health"), ("GET", "/pets")}
