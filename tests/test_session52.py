"""Routes, auth, data and injections of backends and vulnerable apps whose truth was written
before auditor ran (session 52 holdout), each case from how the language or library behaves,
with the look-alike that must not change:

- Go: `return srv.Start(root)` in a function declared to return `error` hands back the
  server's error, not the router wrapped by `srv.Start`: the function builds its router and
  mounts the others' (`root.Mount("/api/v1", api.Route())`), it is no router factory, and the
  routers it mounts are reached only through it. `return cors(mux)` in a function returning an
  `http.Handler` still wraps the router.
- Django: a prefix written `"{}users/".format(settings.API_VERSION)` (or `"%s/users" % X`) has
  the value the settings give it. A DRF permission naming SAFE_METHODS lets reads through only
  when it returns True for them (`request.method in SAFE_METHODS or ...`); one answering `user
  and user.is_authenticated` for them asks for a user. `class PasswordSetView(
  AllauthPasswordSetView)`: no class inherits itself, the base is the library's view (its
  methods, its login_required); a view's own `dispatch` runs before every method, so its
  refusal (`if not request.user.is_authenticated or ...: raise PermissionDenied`, a condition
  widened by `or`) guards them all, and `View.dispatch(self, ...)` still answers with the
  class's get/post. An owner test refuses every anonymous request (`if obj.author !=
  self.request.user: raise Http404`; `if n.recipient == request.user: ...` then
  `HttpResponseForbidden()`); a page that only shows more to its owner refuses nobody. A
  permission returning `not request.user.is_authenticated` is for anonymous visitors (a
  registration): none.
- gin: `jwt.JWTAuth(false)` where the tree declares `func JWTAuth(Admin bool)`: the flag asks
  for an administrator, not whether a credential is needed (the guard's code decides); a lone
  `false` to any other flag (`auto401`, `required`) still says the guard lets anonymous through.
- flask-restx: `ns = api.namespace("todos")` (the library's documented form) is a Namespace
  added to that Api at `/todos` (`Namespace.path`: its `path`, else "/" + name; a name of ""
  puts it at the Api's root); an Api subclass of another module (`class CustomApi(Api)`) made
  with `CustomApi(prefix="/api")` is that Api. Flask: `url_prefix=f"/api/{bp.url_prefix}"` reads
  what the blueprint was made with.
- Express: `router.post("", h)` serves the router's own path, as "/" does (path-to-regexp; a
  relative "login" never matches); a handler written in place that reads the session and
  refuses with 401 (`if (!req.session.userId) { res.sendStatus(401); return; }`) requires it;
  a login checking `passwd` answers 401 to a wrong password, it requires nothing; a page
  reading the session's user when there is one (`req.session.userId`) and refusing nobody is
  optional, a login in progress (`req.session.twoFactorPendingUserId`) is no user; a 403 only
  for a token that is sent and wrong (`if (expected && tok && tok !== expected)`) lets a
  request without one through. Django: a
  decorator refusing when `not request.user.is_superuser`, or when a predicate of the user
  written beside it (`def check(user): return user.is_authenticated and ...`) is false.
- node-sqlite3 (`require("sqlite3").verbose()`): `db.get/all/run/each(sql, ...)` take the
  statement text first; better-sqlite3's `stmt.get(value)` takes values. FastAPI: a route
  declared `response_class=HTMLResponse` sends the str it returns as HTML.
- Go net/http: a handler that is its own router, an `if`/`else if` chain on the request's
  method and path (`r.URL.Path == apiHealthPath`, `topicRegex.MatchString(r.URL.Path)`), each
  branch running a handler wrapped or not (`s.ensureUser(s.handleX)(w, r, v)`): one route per
  branch and method, the path a literal, a package constant or the pattern of a
  `regexp.MustCompile` (a group of literal alternatives each, optional groups left out, other
  classes a parameter); its wrappers guard each branch (`if v.User() == nil { return
  errHTTPUnauthorized }`: the identity a credential gave, absent, refused with 401); a GET
  branch whose handler upgrades the connection is a WebSocket route.
- TypeScript: a parameter typed `ReturnType<typeof makeRepo>` (or `ReturnType<RepoType>` with
  `type RepoType = typeof makeRepo`) holds what the factory returns, an object literal of its
  closures (`return { getUserById }`): `repository.getUserById(id)` calls that closure, and the
  chain reaches the model's query (handler -> use case -> repository -> database).
- Sequelize: a model defined `sequelize.define("users", ...)` and reached through a registry
  on the request (`req.db.users.findOne(...)`, `db[model.name] = model`) is queried by its
  shared methods too (findOne, create, update); `req.db.cache.update(...)` of no model is not.
- Go: an embedded struct is reached by its type's name (`handler.HandlerConns.Db` with
  `*HandlerConns` embedded, declared in another file of the package): its `Db *mongo.Database`
  gives the collection whose `Find` is the handler's data. A package variable of an anonymous
  struct type (`var Svcs struct { Auth *services.AuthService }`) has those fields' types:
  `Svcs.Auth.Register(...)` calls the service's method.
- Go guards: a middleware refusing only a request that has a user (`if u := c.Get(UserKey);
  u != nil { 403 }`) guards a page for anonymous visitors (none); a gin middleware that never
  aborts, writes nothing and hands the context to no helper lets every request on (gin runs
  the next handler after it returns): reading the token cookie there is optional auth; the
  one-time token of a password-reset link is no login (`LoadValidPasswordToken`).
- Express taint: `req.params.cmd` in a handler of `router.get("/run", ...)` is always
  undefined (the path declares no `:cmd`); the npm `request` client (`request(opts)`,
  `request.get(url)`) makes the outbound request; a value tested against a fixed list is
  safe where the test passed, not in the branch it refused (`if (!LIST.includes(x)) {
  res.send(`... ${x}`) }`).
"""
from __future__ import annotations

import re

from conftest import assert_findings, assert_routes, scan, write_tree

CHI_MOD = "module example.com/x\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.0\n"

CHI_AUTH_ROUTES = """package auth

import (
\t"net/http"

\t"github.com/go-chi/chi/v5"
)

func Route() chi.Router {
\tr := chi.NewRouter()
\tr.Route("/", func(r chi.Router) {
\t\tr.Post("/login", login)
\t})
\treturn r
}

func login(w http.ResponseWriter, r *http.Request) {}
"""

CHI_API_ROUTES = """package api

import (
\t"github.com/go-chi/chi/v5"
\t"example.com/x/api/auth"
)

func Route() chi.Router {
\tr := chi.NewRouter()
\tr.Mount("/auth", auth.Route())
\treturn r
}
"""

CHI_START = """package server

import (
\t"context"
\t"net/http"

\t"github.com/go-chi/chi/v5"
\t"example.com/x/api"
\t"example.com/x/lib"
)

func Start(ctx context.Context) error {
\troot := chi.NewRouter()
\troot.Mount("/api/v1", api.Route())
\tsrv := lib.New(ctx)
\treturn srv.Start(root)
}

func Handler() http.Handler {
\tmux := chi.NewRouter()
\tmux.Get("/health", func(w http.ResponseWriter, r *http.Request) {})
\treturn cors(mux)
}

func cors(next http.Handler) http.Handler { return next }
"""


def test_go_function_returning_the_servers_error_is_no_router_factory(tmp_path):
    write_tree(tmp_path, {"go.mod": CHI_MOD, "api/auth/route.go": CHI_AUTH_ROUTES,
                          "api/route.go": CHI_API_ROUTES, "server/server.go": CHI_START})
    assert_routes(tmp_path, {("POST", "/api/v1/auth/login"), ("GET", "/health")},
                  with_auth=False)


DJ_VIEWS = """from allauth.account.views import PasswordSetView as AllauthPasswordSetView
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views import View
from django.views.generic import UpdateView
from rest_framework import permissions, viewsets
from rest_framework.permissions import SAFE_METHODS

from .models import Article, Note


class GuestReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        user = request.user
        if request.method in SAFE_METHODS:
            return bool(user and user.is_authenticated)
        return bool(user and user.is_staff)


class ReadOnlyOrStaff(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.method in SAFE_METHODS or request.user and request.user.is_staff)


class GuestNotes(viewsets.ModelViewSet):
    queryset = Note.objects.all()
    permission_classes = (GuestReadOnly,)


class IsNotAuthenticated(permissions.BasePermission):
    def has_permission(self, request, view):
        return not request.user.is_authenticated


class Register(viewsets.ModelViewSet):
    queryset = Note.objects.all()
    permission_classes = (IsNotAuthenticated,)


class PublicNotes(viewsets.ModelViewSet):
    queryset = Note.objects.all()
    permission_classes = (ReadOnlyOrStaff,)


class PasswordSetView(AllauthPasswordSetView):
    template_name = "set.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or request.user.has_usable_password():
            raise PermissionDenied
        return View.dispatch(self, request, *args, **kwargs)


class AuthorOnly:
    def dispatch(self, *args, **kwargs):
        if self.get_object().author != self.request.user:
            raise Http404
        return super().dispatch(*args, **kwargs)


class ArticleEdit(AuthorOnly, UpdateView):
    model = Article
    fields = ["title"]


class ReadNote(View):
    def post(self, request, pk):
        note = get_object_or_404(Note, pk=pk)
        if note.owner == request.user:
            note.read = True
            note.save()
            return JsonResponse({"ok": True})
        return HttpResponseForbidden()


class ShowNote(View):
    def get(self, request, pk):
        note = get_object_or_404(Note, pk=pk)
        mine = False
        if note.owner == request.user:
            mine = True
        return render(request, "note.html", {"note": note, "mine": mine})
"""

DJ_URLS = """from django.conf import settings
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register(r"guest", views.GuestNotes)
router.register(r"public", views.PublicNotes)
router.register(r"register", views.Register)

urlpatterns = [
    path("{}notes/".format(settings.API_VERSION), include(router.urls)),
    path("%sset_password/" % settings.API_VERSION, views.PasswordSetView.as_view()),
    path("articles/<int:pk>/edit", views.ArticleEdit.as_view()),
    path("notes/<int:pk>/read", views.ReadNote.as_view()),
    path("notes/<int:pk>", views.ShowNote.as_view()),
]
"""


def test_django_format_prefix_safe_methods_self_named_base_dispatch_and_owner_tests(tmp_path):
    write_tree(tmp_path, {
        "manage.py": "import django\n",
        "app/settings.py": ("ROOT_URLCONF = 'app.urls'\nAPI_VERSION = 'api/v1/'\n"
                            "INSTALLED_APPS = ['rest_framework', 'allauth']\n"),
        "app/models.py": ("from django.db import models\n\n\nclass Article(models.Model):\n"
                          "    title = models.TextField()\n\n\nclass Note(models.Model):\n"
                          "    body = models.TextField()\n"),
        "app/views.py": DJ_VIEWS, "app/urls.py": DJ_URLS})
    res = scan(tmp_path)
    got = {(e.method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", e.path.rstrip("/") or "/"), e.auth)
           for e in res.endpoints if not e.implicit}
    n = "/api/v1/notes"
    want = {("GET", f"{n}/guest", "required"), ("GET", f"{n}/guest/{{pk}}", "required"),
            ("POST", f"{n}/guest", "required"), ("GET", f"{n}/public", "none"),
            ("GET", f"{n}/public/{{pk}}", "none"), ("POST", f"{n}/public", "required"),
            ("POST", f"{n}/register", "none")} | \
        {(m, "/api/v1/set_password", "required") for m in ("GET", "POST", "PUT")} | \
        {(m, "/articles/{pk}/edit", "required") for m in ("GET", "POST", "PUT")} | \
        {("POST", "/notes/{pk}/read", "required"), ("GET", "/notes/{pk}", "optional")}
    missed = want - got
    wrong = {w for w in want if any(g[:2] == w[:2] and g != w for g in got)}
    assert not missed, f"missed {sorted(missed)}; got {sorted(g for g in got if g[:2] in {w[:2] for w in missed})}"
    assert not wrong, f"wrong {sorted(wrong)}"


GIN_JWT = """package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func JWTAuth(Admin bool) gin.HandlerFunc {
	return func(ctx *gin.Context) {
		token := ctx.GetHeader("Authorization")
		if token == "" {
			ctx.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		if Admin && token != "admin" {
			ctx.AbortWithStatus(http.StatusForbidden)
			return
		}
		ctx.Next()
	}
}

func TokenAuth(auto401 bool) gin.HandlerFunc {
	return func(ctx *gin.Context) {
		token := ctx.GetHeader("Authorization")
		if token == "" && auto401 {
			ctx.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		ctx.Next()
	}
}

func h(c *gin.Context) { c.String(200, "ok") }

func main() {
	r := gin.New()
	api := r.Group("api", JWTAuth(false))
	api.GET("touch", h)
	feed := r.Group("feed", TokenAuth(false))
	feed.GET("items", h)
	r.Run()
}
"""


def test_gin_lone_false_to_an_admin_flag_is_no_optional_auth(tmp_path):
    write_tree(tmp_path, {"go.mod": "module example.com/g\n\ngo 1.21\n\n"
                                    "require github.com/gin-gonic/gin v1.9.0\n",
                          "main.go": GIN_JWT})
    assert_routes(tmp_path, {("GET", "/api/touch", "required"), ("GET", "/feed/items", "optional")})


RESTX_API = """from flask import render_template
from flask_restx import Api


class CustomApi(Api):
    def render_doc(self):
        return render_template("doc.html")
"""

RESTX_EXT = """from app.custom_api import CustomApi

api = CustomApi(prefix="/api", title="x")
"""

RESTX_USERS = """from flask_restx import Resource

from app.extensions import api as root_api

api = root_api.namespace("users", description="Users")
welcome = root_api.namespace("", description="Welcome")


@api.route("")
class Users(Resource):
    def get(self):
        return []


@api.route("/<int:user_id>")
class User(Resource):
    def delete(self, user_id):
        return {}


@welcome.route("/welcome")
class Welcome(Resource):
    def get(self):
        return {}
"""

RESTX_APP = """from flask import Flask

from app.extensions import api
from app import users  # noqa: F401 (registers the namespaces)


def create_app():
    app = Flask(__name__)
    api.init_app(app)
    return app
"""

FLASK_BP = """from flask import Blueprint, Flask

auth_blueprint = Blueprint("auth", __name__, url_prefix="/auth")


@auth_blueprint.route("/login", methods=["POST"])
def login():
    return "ok"


def create_app():
    app = Flask(__name__)
    app.register_blueprint(auth_blueprint, url_prefix=f"/api/{auth_blueprint.url_prefix}")
    return app
"""


def test_restx_namespace_method_api_subclass_and_blueprint_url_prefix(tmp_path):
    write_tree(tmp_path, {"app/__init__.py": RESTX_APP, "app/custom_api.py": RESTX_API,
                          "app/extensions.py": RESTX_EXT, "app/users.py": RESTX_USERS,
                          "other/bp.py": FLASK_BP})
    res = scan(tmp_path)
    got = {(e.method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", e.path))
           for e in res.endpoints if not e.implicit}
    want = {("GET", "/api/users"), ("DELETE", "/api/users/{user_id}"), ("GET", "/api/welcome"),
            ("POST", "/api/auth/login")}
    assert got == want, f"missed {sorted(want - got)} extra {sorted(got - want)}"


EXPRESS_RATE = """const router = require('express').Router();
const db = require('../db');

router.post('', (req, res) => {
    if (!req.session.userId) {
        res.sendStatus(401);
        return;
    }
    db.rate(req.session.userId, req.body.bookId).then(() => res.sendStatus(200));
});

router.get('/book', (req, res) => {
    db.rates(req.query.bookId).then((rows) => res.json(rows));
});

router.post('/login', (req, res) => {
    db.user(req.body.mail).then((u) => {
        if (!u || u.passwd !== req.body.passwd) {
            res.sendStatus(401);
        } else {
            req.session.userId = u.id;
            res.redirect('/');
        }
    });
});

router.get('relative', (req, res) => res.send('never'));

router.get('/mine', (req, res) => {
    db.rates(req.session.userId).then((rows) => res.json(rows));
});

router.post('/open', (req, res) => {
    const tok = req.headers['x-overlay-token'];
    const expected = process.env.OVERLAY_TOKEN;
    if (expected && tok && tok !== expected) {
        console.warn('invalid token');
        return res.status(403).json({ error: 'invalid token' });
    }
    res.json({ ok: true });
});

router.get('/2fa', (req, res) => {
    if (!req.session.twoFactorPendingUserId) { return res.redirect('/login'); }
    res.send('code?');
});

module.exports = router;
"""

EXPRESS_INDEX = """const express = require('express');
const session = require('express-session');
const app = express();
app.use(session({ secret: process.env.SECRET, resave: false, saveUninitialized: false }));
app.use('/rate', require('./routes/rate'));
app.listen(3000);
"""


def test_express_empty_path_and_inline_session_check(tmp_path):
    write_tree(tmp_path, {"package.json": '{"dependencies": {"express": "^4.18.0"}}',
                          "index.js": EXPRESS_INDEX, "routes/rate.js": EXPRESS_RATE,
                          "db.js": "module.exports = {};\n"})
    assert_routes(tmp_path, {("POST", "/rate", "required"), ("GET", "/rate/book", "none"),
                             ("POST", "/rate/login", "none"), ("GET", "/rate/mine", "optional"),
                             ("GET", "/rate/2fa", "none"), ("POST", "/rate/open", "none")})


DJ_ADMIN_DECOS = """from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse


def superuser_required(view_func):
    def _wrapped_view(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view_func(request, *args, **kwargs)
    return _wrapped_view


def custom_admin_required(view_func):
    def check(user):
        return user.is_authenticated and user.groups.filter(name="admin").exists()

    def _wrapped_view(request, *args, **kwargs):
        if not check(request.user):
            raise PermissionDenied
        return view_func(request, *args, **kwargs)
    return _wrapped_view


def beta_only(view_func):
    def check(user):
        return user.is_anonymous or user.beta

    def _wrapped_view(request, *args, **kwargs):
        if not check(request.user):
            raise PermissionDenied
        return view_func(request, *args, **kwargs)
    return _wrapped_view


@superuser_required
def users(request):
    return HttpResponse("users")


@custom_admin_required
def panel(request):
    return HttpResponse("panel")


@beta_only
def beta(request):
    return HttpResponse("beta")
"""


def test_django_decorators_refusing_non_superusers_and_by_a_user_predicate(tmp_path):
    write_tree(tmp_path, {
        "manage.py": "import django\n",
        "app/settings.py": "ROOT_URLCONF = 'app.urls'\n",
        "app/views.py": DJ_ADMIN_DECOS,
        "app/urls.py": ("from django.urls import path\n\nfrom . import views\n\n"
                        "urlpatterns = [path('users/', views.users), path('panel/', views.panel),"
                        " path('beta/', views.beta)]\n")})
    assert_routes(tmp_path, {("ANY", "/users/", "required"), ("ANY", "/panel/", "required"),
                             ("ANY", "/beta/", "none")})


NODE_SQLITE = """const express = require('express');
const sqlite3 = require('sqlite3').verbose();
const Database = require('better-sqlite3');
const db = new sqlite3.Database('data.db');
const bdb = new Database('other.db');
const app = express();

app.get('/profile/:id', (req, res) => {
  db.get(`SELECT id, name FROM users WHERE id = ${req.params.id}`, (err, row) => res.json(row));
});

app.post('/search', (req, res) => {
  db.all("SELECT * FROM books WHERE title LIKE '%" + req.body.q + "%'", (e, rows) => res.json(rows));
});

app.get('/safe/:id', (req, res) => {
  db.get('SELECT id FROM users WHERE id = ?', [req.params.id], (err, row) => res.json(row));
});

app.get('/stmt/:id', (req, res) => {
  res.json(bdb.prepare('SELECT * FROM users WHERE id = ?').get(req.params.id));
});

app.listen(3000);
"""

FASTAPI_HTML = """from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/xss", response_class=HTMLResponse)
def xss_test(query: str = ""):
    return f"<h2>Search results for: {query}</h2>"


@app.get("/plain")
def plain(query: str = ""):
    return f"<h2>{query}</h2>"


@app.get("/const", response_class=HTMLResponse)
def const():
    return "<h1>App</h1>"
"""


def test_node_sqlite3_database_methods_and_fastapi_html_response_class(tmp_path):
    assert_findings(tmp_path / "node", {"package.json": '{"dependencies": {"express": "4"}}',
                                        "server.js": NODE_SQLITE},
                    "sql-injection", {("sql-injection", 9), ("sql-injection", 13)})
    assert_findings(tmp_path / "py", {"app.py": FASTAPI_HTML}, "xss", {("xss", 9)})


GO_IFCHAIN = """package server

import (
	"database/sql"
	"errors"
	"net/http"
	"regexp"

	"github.com/gorilla/websocket"
)

var db *sql.DB

const (
	apiHealthPath = "/v1/health"
	apiUsersPath  = "/v1/users"
)

var (
	topicPathRegex   = regexp.MustCompile(`^/[-_A-Za-z0-9]{1,64}$`)
	publishPathRegex = regexp.MustCompile(`^/[-_A-Za-z0-9]{1,64}/(publish|send)$`)
	jsonPathRegex    = regexp.MustCompile(`^/[-_A-Za-z0-9]{1,64}(,[-_A-Za-z0-9]{1,64})*/json$`)
	wsPathRegex      = regexp.MustCompile(`^/[-_A-Za-z0-9]{1,64}/ws$`)
	errUnauthorized  = errors.New("unauthorized")
	upgrader         = websocket.Upgrader{}
)

type visitor struct{ user *string }

func (v *visitor) User() *string { return v.user }

type handleFunc func(http.ResponseWriter, *http.Request, *visitor) error

type Server struct{}

func (s *Server) Run() error {
	mux := http.NewServeMux()
	mux.HandleFunc("/", s.handle)
	return http.ListenAndServe(":80", mux)
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	v := &visitor{}
	if err := s.handleInternal(w, r, v); err != nil {
		w.WriteHeader(500)
	}
}

func (s *Server) ensureUser(next handleFunc) handleFunc {
	return func(w http.ResponseWriter, r *http.Request, v *visitor) error {
		if v.User() == nil {
			return errUnauthorized
		}
		return next(w, r, v)
	}
}

func (s *Server) handleInternal(w http.ResponseWriter, r *http.Request, v *visitor) error {
	if r.Method == http.MethodGet && r.URL.Path == apiHealthPath {
		return s.handleHealth(w, r, v)
	} else if (r.Method == http.MethodPut || r.Method == http.MethodPost) && r.URL.Path == apiUsersPath {
		return s.ensureUser(s.handleUsers)(w, r, v)
	} else if r.Method == http.MethodGet && publishPathRegex.MatchString(r.URL.Path) {
		return s.handlePublish(w, r, v)
	} else if r.Method == http.MethodGet && jsonPathRegex.MatchString(r.URL.Path) {
		return s.handlePublish(w, r, v)
	} else if r.Method == http.MethodPost && topicPathRegex.MatchString(r.URL.Path) {
		return s.handlePublish(w, r, v)
	} else if r.Method == http.MethodGet && wsPathRegex.MatchString(r.URL.Path) {
		return s.handleWS(w, r, v)
	}
	return nil
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request, v *visitor) error { return nil }
func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request, v *visitor) error {
	_, err := db.Exec("INSERT INTO users(name) VALUES ($1)", r.FormValue("name"))
	return err
}
func (s *Server) handlePublish(w http.ResponseWriter, r *http.Request, v *visitor) error {
	return nil
}

func (s *Server) handleWS(w http.ResponseWriter, r *http.Request, v *visitor) error {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return err
	}
	return conn.Close()
}
"""


def test_go_handler_routing_by_an_if_chain_on_method_and_path(tmp_path):
    write_tree(tmp_path, {"go.mod": "module example.com/s\n\ngo 1.21\n\nrequire github.com/gorilla/websocket v1.5.0\n",
                          "server/server.go": GO_IFCHAIN})
    res = scan(tmp_path)
    got = {(e.method, re.sub(r"\{\w+\}", "{}", e.path), e.auth) for e in res.endpoints
           if not e.implicit and e.method != "HEAD"}
    want = {("GET", "/v1/health", "none"), ("PUT", "/v1/users", "required"),
            ("POST", "/v1/users", "required"), ("GET", "/{}/publish", "none"),
            ("GET", "/{}/send", "none"), ("GET", "/{}/json", "none"), ("POST", "/{}", "none"),
            ("WS", "/{}/ws", "none")}
    assert got == want, f"missed {sorted(want - got)} extra {sorted(got - want)}"
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    # (the dispatcher reaches every branch: its data is not each route's)
    assert eps[("POST", "/v1/users")].data_sites and not eps[("GET", "/v1/health")].data_sites


TS_FACTORY = {
    "package.json": '{"dependencies": {"express": "^4", "mongoose": "^7"}}',
    "src/models/user.ts": ("import mongoose from 'mongoose';\n"
                           "const User = mongoose.model('User', new mongoose.Schema({ name: String }));\n"
                           "export default User;\n"),
    "src/db/userMongo.ts": ("import User from '../models/user';\n\n"
                            "export const userRepositoryMongoDB = () => {\n"
                            "  const getUserById = async (id: string) => {\n"
                            "    return await User.findById(id);\n  };\n"
                            "  return { getUserById };\n};\n"
                            "export type userRepositoryMongoDB = typeof userRepositoryMongoDB;\n"),
    "src/repositories/userDb.ts": (
        "import { userRepositoryMongoDB } from '../db/userMongo';\n\n"
        "export const userDbRepository = (repository: ReturnType<userRepositoryMongoDB>) => {\n"
        "  const getUserById = async (id: string) => await repository.getUserById(id);\n"
        "  return { getUserById };\n};\n"
        "export type UserDbInterface = typeof userDbRepository;\n"),
    "src/useCases/user.ts": (
        "import { UserDbInterface } from '../repositories/userDb';\n\n"
        "export const userById = async (id: string, repository: ReturnType<UserDbInterface>) => {\n"
        "  return await repository.getUserById(id);\n};\n"),
    "src/index.ts": (
        "import express from 'express';\n"
        "import { userById } from './useCases/user';\n"
        "import { userDbRepository } from './repositories/userDb';\n"
        "import { userRepositoryMongoDB } from './db/userMongo';\n"
        "const app = express();\n"
        "const repo = userDbRepository(userRepositoryMongoDB());\n"
        "app.get('/users/:id', async (req, res) => { res.json(await userById(req.params.id, repo)); });\n"
        "app.listen(3000);\n"),
}


def test_typescript_factory_of_closures_through_return_type(tmp_path):
    res = scan(write_tree(tmp_path, TS_FACTORY))
    ep = next(e for e in res.endpoints if e.method == "GET" and e.path == "/users/:id")
    names = [c.name.rsplit(".", 1)[-1] for c in ep.chain]
    assert "getUserById" in names and any(c.name.endswith("userRepositoryMongoDB.getUserById")
                                          for c in ep.chain), names
    assert any(d["file"] == "src/db/userMongo.ts" for d in ep.data_sites), ep.data_sites


SEQ_TREE = {
    "package.json": '{"dependencies": {"express": "^4", "sequelize": "^6"}}',
    "models/users.js": ("export default function (sequelize, DataTypes) {\n"
                        "  const User = sequelize.define('users', { email: DataTypes.STRING });\n"
                        "  return User;\n}\n"),
    "controller/users.js": (
        "export const signIn = async (req, res) => {\n"
        "  const user = await req.db.users.findOne({ where: { email: req.body.email } });\n"
        "  res.json(user);\n};\n"
        "export const touch = async (req, res) => {\n"
        "  await req.db.cache.update({ at: Date.now() });\n"
        "  res.json({});\n};\n"),
    "server.js": ("import express from 'express';\nimport { signIn, touch } from './controller/users.js';\n"
                  "import { Sequelize } from 'sequelize';\n"
                  "const app = express();\napp.post('/signin', signIn);\napp.post('/touch', touch);\n"
                  "app.listen(3000);\n"),
}


def test_sequelize_model_reached_through_a_registry_on_the_request(tmp_path):
    res = scan(write_tree(tmp_path, SEQ_TREE))
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    assert eps[("POST", "/signin")].data_sites, eps[("POST", "/signin")].chain
    assert not eps[("POST", "/touch")].data_sites, eps[("POST", "/touch")].data_sites


GO_MONGO = {
    "go.mod": ("module example.com/m\n\ngo 1.21\n\nrequire (\n\tgithub.com/labstack/echo/v4 v4.11.0\n"
               "\tgo.mongodb.org/mongo-driver v1.12.0\n)\n"),
    "model/structs.go": ("package model\n\nimport \"go.mongodb.org/mongo-driver/mongo\"\n\n"
                         "type HandlerConns struct {\n\tDb *mongo.Database\n}\n"),
    "model/chart.go": ("package model\n\nimport (\n\t\"context\"\n\t\"net/http\"\n\n"
                       "\t\"github.com/labstack/echo/v4\"\n\t\"go.mongodb.org/mongo-driver/bson\"\n)\n\n"
                       "type ChartHandler struct {\n\t*HandlerConns\n}\n\n"
                       "func (h *ChartHandler) List(c echo.Context) error {\n"
                       "\tcoll := h.HandlerConns.Db.Collection(\"charts\")\n"
                       "\tcur, err := coll.Find(context.Background(), bson.M{})\n"
                       "\tif err != nil {\n\t\treturn err\n\t}\n"
                       "\tvar out []bson.M\n\t_ = cur.All(context.Background(), &out)\n"
                       "\treturn c.JSON(http.StatusOK, out)\n}\n"),
    "main.go": ("package main\n\nimport (\n\t\"github.com/labstack/echo/v4\"\n\n\t\"example.com/m/model\"\n)\n\n"
                "func main() {\n\te := echo.New()\n\th := &model.ChartHandler{HandlerConns: &model.HandlerConns{}}\n"
                "\te.GET(\"/charts\", h.List)\n\te.Start(\":80\")\n}\n"),
}


def test_go_embedded_struct_named_by_its_type_in_another_file(tmp_path):
    res = scan(write_tree(tmp_path, GO_MONGO))
    ep = next(e for e in res.endpoints if e.path == "/charts" and e.method == "GET")
    assert any(d["file"] == "model/chart.go" for d in ep.data_sites), (ep.data_sites, ep.chain)


GO_ANON = {
    "go.mod": "module example.com/a\n\ngo 1.22\n",
    "services/auth.go": ("package services\n\nimport \"database/sql\"\n\n"
                         "type AuthService struct{ DB *sql.DB }\n\n"
                         "func (s *AuthService) Register(name string) error {\n"
                         "\t_, err := s.DB.Exec(\"INSERT INTO users(name) VALUES ($1)\", name)\n"
                         "\treturn err\n}\n"),
    "handlers/deps.go": ("package handlers\n\nimport \"example.com/a/services\"\n\n"
                         "var Svcs struct {\n\tAuth *services.AuthService // the auth service\n"
                         "\tCount int\n}\n"),
    "handlers/users.go": ("package handlers\n\nimport \"net/http\"\n\n"
                          "func CreateUser(w http.ResponseWriter, r *http.Request) {\n"
                          "\t_ = Svcs.Auth.Register(r.FormValue(\"name\"))\n}\n"),
    "main.go": ("package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/a/handlers\"\n)\n\n"
                "func main() {\n\tmux := http.NewServeMux()\n"
                "\tmux.HandleFunc(\"POST /api/users\", handlers.CreateUser)\n"
                "\thttp.ListenAndServe(\":80\", mux)\n}\n"),
}


def test_go_package_var_of_an_anonymous_struct_type(tmp_path):
    res = scan(write_tree(tmp_path, GO_ANON))
    ep = next(e for e in res.endpoints if e.path == "/api/users")
    assert any(c.name.endswith("AuthService.Register") for c in ep.chain), ep.chain
    assert ep.data_sites, ep.chain


GIN_GUARDS = """package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func Load() gin.HandlerFunc {
	return func(c *gin.Context) {
		token, err := c.Request.Cookie("access_token")
		if err != nil {
			c.Set("user", nil)
			return
		}
		c.Set("user", token.Value)
	}
}

func RequireNoAuthentication() gin.HandlerFunc {
	return func(c *gin.Context) {
		if u, ok := c.Get("user"); ok && u != nil {
			c.AbortWithStatus(http.StatusForbidden)
			return
		}
	}
}

func Guest(c *gin.Context) {
	if u := c.Value("user"); u != nil {
		c.AbortWithStatus(http.StatusForbidden)
		return
	}
}

func Required() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Keys["user"] == nil {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"message": "Unauthorized"})
			return
		}
	}
}

func h(c *gin.Context) { c.String(200, "ok") }

func main() {
	r := gin.New()
	api := r.Group("/api", Load())
	api.GET("/songs", h)
	api.POST("/signin", Guest, h)
	api.POST("/playlists", Required(), h)
	r.Run()
}
"""


def test_gin_loader_without_abort_and_a_guest_only_guard(tmp_path):
    write_tree(tmp_path, {"go.mod": "module example.com/g\n\ngo 1.21\n\n"
                                    "require github.com/gin-gonic/gin v1.9.0\n",
                          "main.go": GIN_GUARDS})
    assert_routes(tmp_path, {("GET", "/api/songs", "optional"), ("POST", "/api/signin", "optional"),
                             ("POST", "/api/playlists", "required")})


EXPRESS_TAINT = """const express = require('express');
const request = require('request');
const { spawn } = require('child_process');
const router = express.Router();

router.get('/run', (req, res) => {
  const cmd = req.params.cmd;
  spawn(cmd, []);
  res.send('ok');
});

router.get('/run/:cmd', (req, res) => {
  spawn(req.params.cmd, []);
  res.send('ok');
});

const download = (url) => {
  const opts = { uri: url, method: 'GET' };
  request(opts).on('end', () => {});
};

router.post('/download', (req, res) => {
  download(req.body.url);
  res.send('done');
});

router.get('/settings', (req, res) => {
  const section = req.query.section;
  if (!['general', 'security'].includes(section)) {
    return res.send(`<p>Invalid section: ${section}</p>`);
  }
  res.send(`<h1>Settings: ${section}</h1>`);
});

module.exports = router;
"""


def test_express_undeclared_param_request_client_and_refused_allowlist_branch(tmp_path):
    assert_findings(tmp_path, {"package.json": '{"dependencies": {"express": "4", "request": "2"}}',
                               "routes.js": EXPRESS_TAINT},
                    ("command-injection", "ssrf", "xss"),
                    {("command-injection", 13), ("ssrf", 19), ("xss", 30)})
