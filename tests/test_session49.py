"""Routes, auth and injections of backends whose truth was written before auditor ran
(session 49 holdout), each case from how the framework or library behaves, with the look-alike
that must not change:

- net/http: `mux.Handle("/api/posts/", http.StripPrefix("/api/posts", posts.NewMux(db)))` hands
  the request, its path without the prefix, to the router the call builds and returns; Go's
  pattern parser cuts at the first space, so `" /CreateEvent"` has no method.
- gorilla: a global middleware that checks credentials only under `if strings.HasPrefix(path,
  "/api/") && !slices.Contains(public, path)` lets the listed paths (and paths outside /api/)
  through; one that answers `OPTIONS` itself ends every preflight before later middleware.
- gin: a package variable `Router = gin.Default()` set in one function and grouped in the
  package's other files (which import no gin) is that engine; `Group(prefix, mw)` there keeps its
  middleware. A function that builds an engine, hands a group of it to the package that registers
  the routes and returns it to `http.Server{Handler: ...}` is replayed.
- echo: a prefix that is a method of the receiver's own type (`l.GetDomain()`) is that type's
  method, not another type's of the same name; a handler factory written over lines is the
  factory on one line; a factory handed a repository is not a middleware wrapping it, whatever
  its name says (`AdminLogin(container, repo)`).
"""
from __future__ import annotations

from conftest import assert_findings, assert_routes, scan, write_tree

GO_MOD = "module example.com/{name}\n\ngo 1.22\n\nrequire {req}\n"


def test_nethttp_strip_prefix_of_a_constructed_mux_and_a_pattern_without_method(tmp_path):
    write_tree(tmp_path, {
        "go.mod": "module example.com/sn\n\ngo 1.22\n",
        "posts/mux.go": (
            'package posts\n\nimport "net/http"\n\n'
            'func list(w http.ResponseWriter, r *http.Request) {}\n'
            'func create(w http.ResponseWriter, r *http.Request) {}\n\n'
            'func NewMux() http.Handler {\n\tmux := http.NewServeMux()\n'
            '\tmux.HandleFunc("GET /list", list)\n\tmux.HandleFunc(" /create", create)\n'
            '\treturn mux\n}\n'),
        "main.go": (
            'package main\n\nimport (\n\t"net/http"\n\n\t"example.com/sn/posts"\n)\n\n'
            'func main() {\n\tmain := http.NewServeMux()\n'
            '\tmain.Handle("/api/posts/", http.StripPrefix("/api/posts", posts.NewMux()))\n'
            '\thttp.ListenAndServe(":8080", main)\n}\n'),
    })
    assert_routes(tmp_path, {("GET", "/api/posts/list"), ("ANY", "/api/posts/create")},
                  with_auth=False)


GORILLA_MAIN = (
    'package main\n\nimport (\n\t"net/http"\n\t"slices"\n\t"strings"\n\n'
    '\t"github.com/gorilla/mux"\n)\n\n'
    'var public = []string{"/api/health"}\n\n'
    'func Auth(next http.Handler) http.Handler {\n'
    '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n'
    '\t\tif r.Method == "OPTIONS" {\n\t\t\tw.WriteHeader(http.StatusOK)\n\t\t\treturn\n\t\t}\n'
    '\t\tif strings.HasPrefix(r.URL.Path, "/api/") && !slices.Contains(public, r.URL.Path) {\n'
    '\t\t\tif r.Header.Get("Authorization") == "" {\n'
    '\t\t\t\thttp.Error(w, "Unauthorized", http.StatusUnauthorized)\n\t\t\t\treturn\n\t\t\t}\n'
    '\t\t}\n\t\tnext.ServeHTTP(w, r)\n\t})\n}\n\n'
    'func Strict(next http.Handler) http.Handler {\n'
    '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n'
    '\t\tif r.Header.Get("Authorization") == "" {\n'
    '\t\t\thttp.Error(w, "Unauthorized", http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n'
    '\t\tnext.ServeHTTP(w, r)\n\t})\n}\n\n'
    'func h(w http.ResponseWriter, r *http.Request) {}\n\n'
    'func me(w http.ResponseWriter, r *http.Request) {\n'
    '\tif r.Header.Get("X-Key") == "" {\n'
    '\t\thttp.Error(w, "no key", http.StatusUnauthorized)\n\t\treturn\n\t}\n}\n\n'
    'func main() {\n\tr := mux.NewRouter()\n\tr.Use(Auth)\n'
    '\tr.HandleFunc("/api/health", h).Methods("GET")\n'
    '\tr.HandleFunc("/api/me", me).Methods("GET", "OPTIONS")\n'
    '\tr.HandleFunc("/page", h).Methods("GET")\n'
    '\tapi := r.PathPrefix("/api/v2").Subrouter()\n\tapi.Use(Strict)\n'
    '\tapi.HandleFunc("/items", h).Methods("GET", "OPTIONS")\n'
    '\thttp.ListenAndServe(":8080", r)\n}\n')


def test_gorilla_guard_under_a_path_condition_and_one_answering_preflight(tmp_path):
    write_tree(tmp_path, {
        "go.mod": GO_MOD.format(name="gl", req="github.com/gorilla/mux v1.8.1"),
        "main.go": GORILLA_MAIN,
    })
    # (OPTIONS registered beside GET is the route's preflight: an implicit endpoint, judged all
    # the same)
    res = scan(tmp_path)
    got = {(e.method, e.path, e.auth) for e in res.endpoints
           if not e.implicit or e.method == "OPTIONS"}
    assert got == {
        ("GET", "/api/health", "none"),      # in the list the condition leaves out
        ("GET", "/api/me", "required"),
        ("OPTIONS", "/api/me", "none"),      # Auth answers the preflight: `me` never runs
        ("GET", "/page", "none"),            # outside /api/: never checked
        ("GET", "/api/v2/items", "required"),
        ("OPTIONS", "/api/v2/items", "none"),  # Auth ran first and answered: Strict never runs
    }


def test_gorilla_guard_without_a_path_condition_still_guards_everything(tmp_path):
    """The look-alike: a rejection under a condition on something other than the path (the
    token) is a check of every request, preflight included when nothing answers it first."""
    src = GORILLA_MAIN.replace('\tr.Use(Auth)\n', '\tr.Use(Strict)\n')
    write_tree(tmp_path, {
        "go.mod": GO_MOD.format(name="gl", req="github.com/gorilla/mux v1.8.1"),
        "main.go": src,
    })
    res = scan(tmp_path)
    got = {(e.method, e.path): e.auth for e in res.endpoints
           if not e.implicit or e.method == "OPTIONS"}
    assert got[("GET", "/api/health")] == "required"
    assert got[("OPTIONS", "/api/me")] == "required"
    assert got[("GET", "/page")] == "required"


def test_gin_package_variable_engine_grouped_in_sibling_files(tmp_path):
    write_tree(tmp_path, {
        "go.mod": GO_MOD.format(name="mo", req="github.com/gin-gonic/gin v1.9.1"),
        "router/router.go": (
            'package router\n\nimport "github.com/gin-gonic/gin"\n\n'
            'var Router *gin.Engine\n\n'
            'func InitRouter(port string) {\n\tRouter = gin.Default()\n'
            '\tactivityRouter()\n\tpostRouter()\n\tpanic(Router.Run(port))\n}\n'),
        "router/activity.go": (
            'package router\n\nimport "example.com/mo/controller"\n\n'
            'func activityRouter() {\n\tr := Router.Group("/activity")\n\t{\n'
            '\t\tr.GET("/detail/:id", controller.Get)\n\t}\n}\n'),
        "router/post.go": (
            'package router\n\nimport (\n\t"example.com/mo/controller"\n'
            '\t"example.com/mo/middleware"\n)\n\n'
            'func postRouter() {\n\tr := Router.Group("/post", middleware.Auth())\n'
            '\tr.POST("", controller.Get)\n}\n'),
        "middleware/auth.go": (
            'package middleware\n\nimport (\n\t"net/http"\n\n\t"github.com/gin-gonic/gin"\n)\n\n'
            'func Auth() gin.HandlerFunc {\n\treturn func(c *gin.Context) {\n'
            '\t\tif c.GetHeader("Authorization") == "" {\n'
            '\t\t\tc.AbortWithStatus(http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n'
            '\t\tc.Next()\n\t}\n}\n'),
        "controller/c.go": (
            'package controller\n\nimport "github.com/gin-gonic/gin"\n\n'
            'func Get(c *gin.Context) {}\n'),
    })
    assert_routes(tmp_path, {("GET", "/activity/detail/:id", "none"),
                             ("POST", "/post", "required")})


def test_gin_engine_factory_served_by_a_struct_field_is_replayed(tmp_path):
    write_tree(tmp_path, {
        "go.mod": GO_MOD.format(name="ga", req="github.com/gin-gonic/gin v1.9.1"),
        "internal/api/router/api.go": (
            'package router\n\nimport "github.com/gin-gonic/gin"\n\n'
            'func h(c *gin.Context) {}\n\n'
            'func Api(G *gin.RouterGroup) {\n\tv1 := G.Group("v1")\n\tv1.GET("/ping", h)\n}\n'),
        "internal/router/engine.go": (
            'package router\n\nimport (\n\t"github.com/gin-gonic/gin"\n'
            '\t"example.com/ga/internal/api/router"\n)\n\n'
            'func Engine() *gin.Engine {\n\tE := gin.Default()\n\trouter.Api(E.Group("api"))\n'
            '\treturn E\n}\n'),
        "main.go": (
            'package main\n\nimport (\n\t"net/http"\n\n\t"example.com/ga/internal/router"\n)\n\n'
            'func main() {\n\tsrv := &http.Server{Addr: ":80", Handler: router.Engine()}\n'
            '\tsrv.ListenAndServe()\n}\n'),
    })
    assert_routes(tmp_path, {("GET", "/api/v1/ping")}, with_auth=False)


def test_echo_prefix_method_of_the_receivers_type_and_factories_over_lines(tmp_path):
    module = (
        'package {pkg}\n\nimport (\n\t"github.com/labstack/echo/v4"\n'
        '\t"example.com/ng/handlers"\n)\n\n'
        'type {T} struct {{ repo *handlers.Repo; g *echo.Group }}\n\n'
        'func (l *{T}) GetDomain() string {{ return "/{pkg}" }}\n\n'
        'func (l *{T}) SetRoutes(e *echo.Echo) {{\n\tgroup := e.Group(l.GetDomain())\n'
        '\tgroup.Add("POST", "/login", handlers.Login(\n\t\tl.repo,\n\t))\n'
        '\tgroup.Add("POST", "/admin/login", handlers.AdminLogin(l.repo))\n}}\n')
    write_tree(tmp_path, {
        "go.mod": GO_MOD.format(name="ng", req="github.com/labstack/echo/v4 v4.11.4"),
        "handlers/h.go": (
            'package handlers\n\nimport "github.com/labstack/echo/v4"\n\n'
            'type Repo struct{}\n\n'
            'func Login(r *Repo) echo.HandlerFunc {\n'
            '\treturn func(c echo.Context) error { return c.NoContent(200) }\n}\n\n'
            'func AdminLogin(r *Repo) echo.HandlerFunc {\n'
            '\treturn func(c echo.Context) error { return c.NoContent(200) }\n}\n'),
        "accounting/m.go": module.format(pkg="accounting", T="AccountingModule"),
        "auth/m.go": module.format(pkg="auth", T="AuthModule"),
        "main.go": (
            'package main\n\nimport (\n\t"github.com/labstack/echo/v4"\n'
            '\t"example.com/ng/accounting"\n\t"example.com/ng/auth"\n)\n\n'
            'func main() {\n\te := echo.New()\n\t(&auth.AuthModule{}).SetRoutes(e)\n'
            '\t(&accounting.AccountingModule{}).SetRoutes(e)\n\te.Start(":80")\n}\n'),
    })
    res = scan(tmp_path)
    got = {(e.method, e.path, e.auth) for e in res.endpoints if not e.implicit}
    assert got == {("POST", p, "none") for p in (
        "/auth/login", "/auth/admin/login", "/accounting/login", "/accounting/admin/login")}, got
    assert not [u for u in res.unresolved_routes if "not found in the call graph" in u["reason"]]


def test_go_response_sniffed_as_text_and_a_hand_written_redirect(tmp_path):
    """net/http sniffs a response that sets no Content-Type from its first bytes: text of the
    code that does not start with `<` makes it text/plain (no XSS); the content of a file the
    request names is the file's, not the request's text. `w.Header().Set("Location", url)` with
    a 3xx status is a redirect like http.Redirect."""
    src = (
        'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n\t"os"\n)\n\n'
        'func Plain(w http.ResponseWriter, r *http.Request) {\n'
        '\tname := r.FormValue("name")\n'
        '\tfmt.Fprintf(w, "Output:\\n%s", name) // ok: xss\n}\n\n'
        'func Markup(w http.ResponseWriter, r *http.Request) {\n'
        '\tname := r.FormValue("name")\n'
        '\tfmt.Fprintf(w, "<h1>%s</h1>", name) // expect: xss\n}\n\n'
        'func Second(w http.ResponseWriter, r *http.Request) {\n'
        '\tname := r.FormValue("name")\n\tw.Write([]byte("<html>"))\n'
        '\tfmt.Fprintf(w, "Hi %s", name) // expect: xss\n}\n\n'
        'func Read(w http.ResponseWriter, r *http.Request) {\n'
        '\tdata, _ := os.ReadFile("./files/" + r.FormValue("f"))\n'
        '\tw.Write(data) // ok: xss\n}\n\n'
        'func Move(w http.ResponseWriter, r *http.Request) {\n'
        '\tw.Header().Set("Location", r.FormValue("url")) // expect: open-redirect\n'
        '\tw.WriteHeader(http.StatusMovedPermanently)\n}\n\n'
        'func Tag(w http.ResponseWriter, r *http.Request) {\n'
        '\tw.Header().Set("Location", r.FormValue("url")) // ok: open-redirect (no 3xx)\n'
        '\tw.WriteHeader(http.StatusCreated)\n}\n')
    files = {"go.mod": "module example.com/v\n\ngo 1.22\n", "main.go": src}
    want = {(rule, i + 1) for i, line in enumerate(src.split("\n"))
            for rule in ("xss", "open-redirect") if f"// expect: {rule}" in line}
    assert_findings(tmp_path, files, ("xss", "open-redirect"), want)


def test_flask_and_fastapi_numeric_route_parameters_in_sql_text(tmp_path):
    """Flask's `<int:user_id>` and FastAPI's `user_id: int` are numbers when the view runs:
    SQL text formatted from them is not injectable; a `<user_id>` string parameter is."""
    flask = (
        'from flask import Flask\nimport sqlite3\n\napp = Flask(__name__)\n'
        'db = sqlite3.connect("x.db")\n\n'
        '@app.route("/profile/<int:user_id>")\ndef profile(user_id):\n'
        '    return str(db.execute(f"SELECT * FROM users WHERE id = {user_id}").fetchone())'
        '  # ok: sql-injection\n\n'
        '@app.route("/by-name/<name>")\ndef by_name(name):\n'
        '    return str(db.execute(f"SELECT * FROM users WHERE name = \'{name}\'").fetchone())'
        '  # expect: sql-injection\n')
    fastapi = (
        'from fastapi import FastAPI\nimport sqlite3\n\napp = FastAPI()\n'
        'db = sqlite3.connect("x.db")\n\n'
        '@app.get("/items/{item_id}")\ndef item(item_id: int):\n'
        '    return db.execute(f"SELECT * FROM items WHERE id = {item_id}").fetchone()'
        '  # ok: sql-injection\n\n'
        '@app.get("/tags/{tag}")\ndef tag(tag: str):\n'
        '    return db.execute(f"SELECT * FROM items WHERE tag = \'{tag}\'").fetchone()'
        '  # expect: sql-injection\n')
    want = {("flask_app.py", 13), ("fastapi_app.py", 13)}
    assert_findings(tmp_path, {"flask_app.py": flask, "fastapi_app.py": fastapi},
                    "sql-injection", want, by_file=True)


def test_pymodm_models_reach_the_store(tmp_path):
    """pymodm: `class Dive(MongoModel)`, `Dive.objects.raw({...})`, `dive.save()` reach
    MongoDB; a view returning a constant does not."""
    write_tree(tmp_path, {
        "models.py": (
            "from pymodm import MongoModel, fields\n\n\n"
            "class Dive(MongoModel):\n    name = fields.CharField()\n\n"
            "    @staticmethod\n    def create(name):\n"
            "        dive = Dive(name)\n        dive.save()\n        return dive\n"),
        "app.py": (
            "from flask import Flask\nfrom models import Dive\n\napp = Flask(__name__)\n\n\n"
            "@app.route('/dives')\ndef dives():\n"
            "    return {'data': [d.name for d in Dive.objects.raw({'name': 'x'})]}\n\n\n"
            "@app.route('/dives/new', methods=['POST'])\ndef new():\n"
            "    return {'data': Dive.create('x').name}\n\n\n"
            "@app.route('/ping')\ndef ping():\n    return {'ok': True}\n"),
    })
    res = scan(tmp_path)
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    assert eps[("GET", "/dives")].data_sites, eps[("GET", "/dives")].chain
    assert eps[("POST", "/dives/new")].data_sites, eps[("POST", "/dives/new")].chain
    assert not eps[("GET", "/ping")].data_sites


def test_express_class_field_made_by_a_handler_factory(tmp_path):
    """`module.exports = new UserController()` whose class field is `getAll =
    factory.getAll(User)`: the route `UserController.getAll` runs what the factory returns."""
    write_tree(tmp_path, {
        "package.json": '{"dependencies": {"express": "4.18.2", "mongoose": "7.0.0"}}',
        "models/user.js": ("const mongoose = require('mongoose');\n"
                           "module.exports = mongoose.model('User', new mongoose.Schema({}));\n"),
        "controllers/factory.js": (
            "exports.getAll = (Model) => async (req, res) => {\n"
            "  const docs = await Model.find({});\n  res.json(docs);\n};\n"),
        "controllers/user.js": (
            "const User = require('../models/user');\nconst factory = require('./factory');\n\n"
            "class UserController {\n  getAll = factory.getAll(User);\n"
            "  ping = (req, res) => { res.json({ ok: true }); };\n}\n\n"
            "module.exports = new UserController();\n"),
        "app.js": (
            "const express = require('express');\n"
            "const UserController = require('./controllers/user');\n"
            "const app = express();\napp.get('/users', UserController.getAll);\n"
            "app.get('/ping', UserController.ping);\napp.listen(3000);\n"),
    })
    res = scan(tmp_path)
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    assert eps[("GET", "/users")].data_sites, eps[("GET", "/users")].chain
    assert not eps[("GET", "/ping")].data_sites


def test_django_urls_module_outside_root_urlconf_is_not_served(tmp_path):
    """Django serves ROOT_URLCONF and what it includes: a DRF router's urlpatterns in a module
    nothing includes serves nothing (listed unresolved); one included by name stays."""
    write_tree(tmp_path, {
        "config/settings.py": 'ROOT_URLCONF = "config.urls"\nINSTALLED_APPS = ["rest_framework"]\n',
        "config/urls.py": (
            "from django.urls import path, include\n\n"
            "urlpatterns = [\n    path('users/', include('users.urls')),\n"
            "    path('api/', include('users.api_used')),\n]\n"),
        "users/views.py": (
            "from django.http import JsonResponse\nfrom rest_framework import viewsets\n\n\n"
            "def profile(request):\n    return JsonResponse({})\n\n\n"
            "class UserViewSet(viewsets.ReadOnlyModelViewSet):\n    queryset = None\n"),
        "users/urls.py": ("from django.urls import path\nfrom .views import profile\n\n"
                          "urlpatterns = [path('profile/', profile)]\n"),
        "users/api.py": ("from rest_framework.routers import DefaultRouter\n"
                         "from .views import UserViewSet\n\nrouter = DefaultRouter()\n"
                         "router.register(r'people', UserViewSet)\nurlpatterns = router.urls\n"),
        "users/api_used.py": ("from rest_framework.routers import DefaultRouter\n"
                              "from .views import UserViewSet\n\nrouter = DefaultRouter()\n"
                              "router.register(r'members', UserViewSet)\n"
                              "urlpatterns = router.urls\n"),
    })
    res = scan(tmp_path)
    paths = {e.path for e in res.endpoints if not e.implicit}
    assert "/users/profile/" in paths and "/api/members/" in paths, paths
    assert not any("people" in p for p in paths), paths
    assert any("ROOT_URLCONF" in u["reason"] for u in res.unresolved_routes)


def test_echo_group_held_by_a_struct_field_set_in_a_method(tmp_path):
    """`r.MainGroup = e.Group("/api/v1")` in a method of Router; a module of another package
    (importing no echo) groups `l.router.MainGroup.Group("/sellers")` and registers with
    `group.Add(method, path, handler, mw)`: Echo takes the handler first, the middleware after
    it. The group is made in a constructor nothing in the tree calls (a DI container does)."""
    write_tree(tmp_path, {
        "go.mod": GO_MOD.format(name="fx", req="github.com/labstack/echo/v4 v4.11.4"),
        "router/router.go": (
            'package router\n\nimport "github.com/labstack/echo/v4"\n\n'
            'type Router struct{ MainGroup *echo.Group }\n\n'
            'func NewRouter(e *echo.Echo) *Router {\n\tr := &Router{}\n\tr.init(e)\n'
            '\treturn r\n}\n\n'
            'func (r *Router) init(e *echo.Echo) {\n\tr.MainGroup = e.Group("/api/v1")\n}\n'),
        "auth/auth.go": (
            'package auth\n\nimport (\n\t"net/http"\n\n\t"github.com/labstack/echo/v4"\n)\n\n'
            'func Required() echo.MiddlewareFunc {\n'
            '\treturn func(next echo.HandlerFunc) echo.HandlerFunc {\n'
            '\t\treturn func(c echo.Context) error {\n'
            '\t\t\tif c.Request().Header.Get("Authorization") == "" {\n'
            '\t\t\t\treturn c.NoContent(http.StatusUnauthorized)\n\t\t\t}\n'
            '\t\t\treturn next(c)\n\t\t}\n\t}\n}\n'),
        "sellers/handlers.go": (
            'package sellers\n\nimport "github.com/labstack/echo/v4"\n\n'
            'func List() echo.HandlerFunc { return func(c echo.Context) error { return nil } }\n'
            'func Get() echo.HandlerFunc { return func(c echo.Context) error { return nil } }\n'),
        "sellers/module.go": (
            'package sellers\n\nimport (\n\t"example.com/fx/auth"\n\t"example.com/fx/router"\n)\n\n'
            'type Module struct{ router *router.Router }\n\n'
            'func NewModule(r *router.Router) *Module {\n\tm := &Module{router: r}\n'
            '\tm.SetRoutes()\n\treturn m\n}\n\n'
            'func (l *Module) SetRoutes() {\n\tgroup := l.router.MainGroup.Group("/sellers")\n'
            '\tgroup.Add("GET", "", List())\n\tgroup.Add("GET", "/:id", Get(), auth.Required())\n}\n'),
        "main.go": (
            'package main\n\nimport "github.com/labstack/echo/v4"\n\n'
            'func main() {\n\te := echo.New()\n\te.Start(":80")\n}\n'),
    })
    assert_routes(tmp_path, {("GET", "/api/v1/sellers", "none"),
                             ("GET", "/api/v1/sellers/:id", "required")})


def test_django_function_view_serves_the_methods_its_last_if_chain_tests(tmp_path):
    """A function view ending in `if request.method == "GET": return ... elif request.method ==
    "POST": return ...` with no `else` returns None for any other method (Django answers it
    with an error): it serves GET and POST. A branch that only `pass`es falls off too; a view
    that returns after its `if` serves every method."""
    write_tree(tmp_path, {
        "mysite/settings.py": 'ROOT_URLCONF = "mysite.urls"\n',
        "mysite/urls.py": (
            "from django.urls import path\nfrom app import views\n\n"
            "urlpatterns = [\n    path('list/', views.listing),\n"
            "    path('save/', views.save),\n    path('any/', views.anything),\n]\n"),
        "app/views.py": (
            "from django.shortcuts import render, redirect\n\n\n"
            "def listing(request):\n    if request.method == 'GET':\n"
            "        return render(request, 'l.html')\n"
            "    elif request.method == 'POST':\n        return redirect('/list/')\n\n\n"
            "def save(request):\n    if request.method == 'GET':\n        pass\n"
            "    elif request.method in ('POST', 'PUT'):\n        return redirect('/')\n\n\n"
            "def anything(request):\n    if request.method == 'POST':\n"
            "        return redirect('/')\n    return render(request, 'a.html')\n"),
    })
    assert_routes(tmp_path, {("GET", "/list/"), ("POST", "/list/"), ("POST", "/save/"),
                             ("PUT", "/save/"), ("ANY", "/any/")}, with_auth=False)


def test_gorilla_subrouters_of_a_struct_field_and_a_flag_constant(tmp_path):
    """`api := s.router.PathPrefix("/api/v1").Subrouter()` in a file that imports no router (the
    struct's field holds a mux.NewRouter()), sibling `PathPrefix("")` subrouters told apart by
    their middleware, and `s.authenticate(OptionalAuth)` with `const OptionalAuth = false`:
    the flag that lets anonymous requests through, as a literal `false` does."""
    write_tree(tmp_path, {
        "go.mod": GO_MOD.format(name="rw", req="github.com/gorilla/mux v1.8.1"),
        "server/server.go": (
            'package server\n\nimport "github.com/gorilla/mux"\n\n'
            'type Server struct{ router *mux.Router }\n\n'
            'func New() *Server {\n\ts := &Server{router: mux.NewRouter()}\n\ts.routes()\n'
            '\treturn s\n}\n'),
        "server/auth.go": (
            'package server\n\nimport "net/http"\n\n'
            'func (s *Server) authenticate(must bool) func(http.Handler) http.Handler {\n'
            '\treturn func(next http.Handler) http.Handler {\n'
            '\t\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n'
            '\t\t\tif r.Header.Get("Authorization") == "" {\n\t\t\t\tif must {\n'
            '\t\t\t\t\tw.WriteHeader(http.StatusUnauthorized)\n\t\t\t\t\treturn\n\t\t\t\t}\n'
            '\t\t\t\tnext.ServeHTTP(w, r)\n\t\t\t\treturn\n\t\t\t}\n'
            '\t\t\tnext.ServeHTTP(w, r)\n\t\t})\n\t}\n}\n\n'
            'func (s *Server) h() http.Handler { return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}) }\n'),
        "server/routes.go": (
            'package server\n\nconst (\n\tMustAuth     = true\n\tOptionalAuth = false\n)\n\n'
            'func (s *Server) routes() {\n'
            '\tapi := s.router.PathPrefix("/api/v1").Subrouter()\n'
            '\topt := api.PathPrefix("").Subrouter()\n\topt.Use(s.authenticate(OptionalAuth))\n'
            '\topt.Handle("/tags", s.h()).Methods("GET")\n'
            '\tmust := api.PathPrefix("").Subrouter()\n\tmust.Use(s.authenticate(MustAuth))\n'
            '\tmust.Handle("/user", s.h()).Methods("GET")\n}\n'),
    })
    assert_routes(tmp_path, {("GET", "/api/v1/tags", "optional"),
                             ("GET", "/api/v1/user", "required")})


def test_flask_jwt_optional_route_whose_handler_refuses_without_identity(tmp_path):
    """`@jwt_required(optional=True)` lets anonymous requests in; a view that then answers 401
    when `get_current_user()` / `get_jwt_identity()` is None requires the token. One that only
    reads it stays optional."""
    write_tree(tmp_path, {
        "app.py": (
            "from flask import Flask, jsonify\n"
            "from flask_jwt_extended import JWTManager, jwt_required, get_current_user, "
            "get_jwt_identity\n\napp = Flask(__name__)\njwt = JWTManager(app)\n\n\n"
            "@app.route('/stats')\n@jwt_required(optional=True)\ndef stats():\n"
            "    user = get_current_user()\n    if not user:\n"
            "        return jsonify({'error': 'Unauthorized'}), 401\n    return jsonify({})\n\n\n"
            "@app.route('/me')\n@jwt_required(optional=True)\ndef me():\n"
            "    if not get_jwt_identity():\n        return jsonify({}), 401\n"
            "    return jsonify({})\n\n\n"
            "@app.route('/feed')\n@jwt_required(optional=True)\ndef feed():\n"
            "    who = get_jwt_identity()\n    return jsonify({'who': who})\n"),
    })
    assert_routes(tmp_path, {("GET", "/stats", "required"), ("GET", "/me", "required"),
                             ("GET", "/feed", "optional")})


def test_fastapi_dependency_factory_returning_security(tmp_path):
    """`dependencies=[CoreSecurity("apps:r")]` where `def CoreSecurity(*scopes): return
    Security(get_current_user, scopes=...)`: the route depends on get_current_user, which
    reads the bearer token and refuses without it."""
    write_tree(tmp_path, {
        "auth.py": (
            "from fastapi import Depends, HTTPException, Security\n"
            "from fastapi.security import OAuth2PasswordBearer, SecurityScopes\n\n"
            "oauth2 = OAuth2PasswordBearer(tokenUrl='token')\n\n\n"
            "async def get_current_user(scopes: SecurityScopes, token: str = Depends(oauth2)):\n"
            "    if not token:\n        raise HTTPException(status_code=401)\n    return token\n\n\n"
            "def CoreSecurity(*args: str):\n    return Security(get_current_user, scopes=list(args))\n"),
        "main.py": (
            "from fastapi import APIRouter, FastAPI\nfrom auth import CoreSecurity\n\n"
            "router = APIRouter(prefix='/mng')\n\n\n"
            "@router.get('/apps', dependencies=[CoreSecurity('apps:r')])\n"
            "async def apps():\n    return []\n\n\n"
            "@router.get('/version')\nasync def version():\n    return '1'\n\n\n"
            "app = FastAPI()\napp.include_router(router)\n"),
    })
    assert_routes(tmp_path, {("GET", "/mng/apps", "required"), ("GET", "/mng/version", "none")})


def test_js_sinks_reached_through_aliased_and_named_imports(tmp_path):
    """`import { exec as command } from "child_process"`, `const run =
    require("child_process").exec`, `const proc = require("child_process")` and `import {
    unlinkSync } from "fs"` name the same sinks as `child_process.exec` / `fs.unlinkSync`; a
    constant command or path through the same imports is no finding."""
    a = (
        'import { exec as command } from "child_process";\n'
        'import { unlinkSync } from "fs";\nimport { Router } from "express";\n'
        'const router = Router();\n\n'
        'router.get("/a/:user", (req, res) => {\n'
        '  command("ls files/" + req.params.user, () => res.end()); // expect: command-injection\n'
        '  command("ls files/", () => res.end()); // ok: command-injection\n'
        '  unlinkSync("files/" + req.params.user); // expect: path-traversal\n'
        '  unlinkSync("files/tmp.txt"); // ok: path-traversal\n});\n\n'
        'export default router;\n')
    b = (
        'const run = require("child_process").exec;\nconst proc = require("child_process");\n'
        'const express = require("express");\nconst router = express.Router();\n\n'
        'router.get("/b", (req, res) => {\n'
        '  run("cat " + req.query.f, () => res.end()); // expect: command-injection\n'
        '  proc.exec("cat " + req.query.f, () => res.end()); // expect: command-injection\n'
        '  process.exit; // ok: command-injection (the global process, not child_process)\n'
        '});\n\nmodule.exports = router;\n')
    want = set()
    for name, src in (("a.js", a), ("b.js", b)):
        want |= {(name, i + 1) for i, line in enumerate(src.split("\n"))
                 if "// expect:" in line}
    assert_findings(tmp_path, {"a.js": a, "b.js": b}, ("command-injection", "path-traversal"),
                    want, by_file=True)


def test_go_upload_names_separator_free_names_and_closures(tmp_path):
    """A Go upload's `file.Filename` is a base name (mime/multipart, Go >= 1.17); a name with
    every `/` removed is no path; a digest of request data is hex. The query parameter used
    as it is stays a finding."""
    src = (
        'package main\n\nimport (\n\t"crypto/md5"\n\t"fmt"\n\t"os"\n\t"path"\n\t"strings"\n'
        '\t"time"\n\n\t"github.com/labstack/echo/v4"\n)\n\n'
        'func digest(s string) string { return fmt.Sprintf("%x", md5.Sum([]byte(s))) }\n\n'
        'func main() {\n\te := echo.New()\n'
        '\te.POST("/up", func(c echo.Context) error {\n'
        '\t\tfile, _ := c.FormFile("file")\n'
        '\t\tdst, _ := os.Create(path.Join("uploads", file.Filename)) // ok: path-traversal\n'
        '\t\tdst.Close()\n\t\treturn nil\n\t})\n'
        '\te.GET("/dl", func(c echo.Context) error {\n'
        '\t\tname := c.QueryParam("filename")\n'
        '\t\tname = strings.ReplaceAll(name, "/", "")\n'
        '\t\treturn c.File(path.Join("files", name)) // ok: path-traversal\n\t})\n'
        '\te.GET("/raw", func(c echo.Context) error {\n'
        '\t\treturn c.File(path.Join("files", c.QueryParam("f"))) // expect: path-traversal\n'
        '\t})\n'
        '\te.POST("/login", func(c echo.Context) error {\n'
        '\t\tf := path.Join("sessions", digest(c.FormValue("csrf")))\n'
        '\t\ttime.AfterFunc(time.Hour, func() {\n'
        '\t\t\t_ = os.RemoveAll(f) // ok: path-traversal\n\t\t})\n\t\treturn nil\n\t})\n'
        '\te.Start(":80")\n}\n')
    files = {"go.mod": "module example.com/u\n\ngo 1.22\n\nrequire github.com/labstack/echo/v4 v4.11.4\n",
             "main.go": src}
    want = {("path-traversal", i + 1) for i, line in enumerate(src.split("\n"))
            if "// expect: path-traversal" in line}
    assert_findings(tmp_path, files, "path-traversal", want)


def test_flask_view_without_methods_serves_get(tmp_path):
    """A flask.views.View subclass with only `dispatch_request` (no `methods`) mounted with
    `add_url_rule(..., view_func=V.as_view(...))` serves GET (Flask's default), as a
    MethodView serves the methods it defines and a View with `methods = [...]` those."""
    write_tree(tmp_path, {
        "views.py": (
            "from flask import Blueprint\nfrom flask.views import MethodView, View\n\n"
            "bp = Blueprint('s', __name__, url_prefix='/s')\n\n\n"
            "class Home(View):\n    def dispatch_request(self):\n        return 'home'\n\n\n"
            "class Send(View):\n    methods = ['GET', 'POST']\n\n"
            "    def dispatch_request(self):\n        return 'sent'\n\n\n"
            "class Items(MethodView):\n    def get(self):\n        return 'items'\n\n"
            "    def delete(self):\n        return ''\n\n\n"
            "bp.add_url_rule('/home/', view_func=Home.as_view('home'))\n"
            "bp.add_url_rule('/send/', view_func=Send.as_view('send'))\n"
            "bp.add_url_rule('/items/', view_func=Items.as_view('items'))\n"),
        "app.py": ("from flask import Flask\nfrom views import bp\n\napp = Flask(__name__)\n"
                   "app.register_blueprint(bp)\n"),
    })
    assert_routes(tmp_path, {("GET", "/s/home/"), ("GET", "/s/send/"), ("POST", "/s/send/"),
                             ("GET", "/s/items/"), ("DELETE", "/s/items/")}, with_auth=False)


def test_fastapi_users_library_routers(tmp_path):
    """`include_router(fastapi_users.get_auth_router(backend), prefix="/auth/jwt")` and the
    other FastAPIUsers router factories: the routes fastapi-users declares, the ones that
    depend on `current_user` guarded; a method the tree overrides is the tree's."""
    write_tree(tmp_path, {
        "users.py": (
            "from fastapi_users import FastAPIUsers\n\n"
            "fastapi_users = FastAPIUsers(get_user_manager, [auth_backend])\n"),
        "main.py": (
            "from fastapi import FastAPI\nfrom users import fastapi_users, auth_backend, google\n\n"
            "app = FastAPI()\n"
            "app.include_router(fastapi_users.get_auth_router(auth_backend), prefix='/auth/jwt')\n"
            "app.include_router(fastapi_users.get_register_router(UserRead, UserCreate), "
            "prefix='/auth')\n"
            "app.include_router(fastapi_users.get_users_router(UserRead, UserUpdate), "
            "prefix='/users')\n"
            "app.include_router(fastapi_users.get_oauth_router(google, auth_backend, 'S'), "
            "prefix='/auth/google')\n"),
    })
    assert_routes(tmp_path, {
        ("POST", "/auth/jwt/login", "none"), ("POST", "/auth/jwt/logout", "required"),
        ("POST", "/auth/register", "none"), ("GET", "/users/me", "required"),
        ("PATCH", "/users/me", "required"), ("GET", "/users/{id}", "required"),
        ("PATCH", "/users/{id}", "required"), ("DELETE", "/users/{id}", "required"),
        ("GET", "/auth/google/authorize", "none"), ("GET", "/auth/google/callback", "none")})


def test_flask_login_user_relationships_are_data(tmp_path):
    """Flask-Login's `current_user` is the model instance the user loader returned: reading a
    `relationship()` of it, or a `backref` another model gives it, loads rows (SQLAlchemy's lazy
    SELECT). A View with its own `dispatch_request` answers the methods it declares from it.
    Reading a column (`current_user.name`) is no query."""
    write_tree(tmp_path, {
        "models.py": (
            "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\n"
            "class Group(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
            "    students = db.relationship('User', backref='group')\n\n\n"
            "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
            "    name = db.Column(db.String(20))\n    courses = db.relationship('Course')\n"),
        "app.py": (
            "from flask import Flask, render_template\n"
            "from flask.views import View\n"
            "from flask_login import LoginManager, current_user, login_required\n"
            "from models import User\n\napp = Flask(__name__)\nlogin = LoginManager(app)\n\n\n"
            "@login.user_loader\ndef load_user(uid):\n    return User.query.get(int(uid))\n\n\n"
            "class Choose(View):\n    methods = ['GET', 'POST']\n    decorators = [login_required]\n\n"
            "    def dispatch_request(self):\n"
            "        return render_template('c.html', courses=current_user.courses)\n\n\n"
            "@app.route('/groups')\n@login_required\ndef groups():\n"
            "    return render_template('g.html', g=current_user.group)\n\n\n"
            "@app.route('/name')\n@login_required\ndef name():\n"
            "    return render_template('n.html', n=current_user.name)\n\n\n"
            "app.add_url_rule('/choose', view_func=Choose.as_view('choose'))\n"),
    })
    res = scan(tmp_path)
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    for key in (("GET", "/choose"), ("POST", "/choose"), ("GET", "/groups")):
        assert eps[key].data_sites, (key, eps[key].chain)
    assert not eps[("GET", "/name")].data_sites


def test_fiber_struct_held_groups_registered_in_call_order(tmp_path):
    """`authController := auth.Controller{Instance: public}; authController.Handle()` runs the
    method here, on the group the literal's field holds: Fiber's stack is in registration order,
    so `protected.Use(auth)` on a sibling group with the same prefix, registered after the
    public routes, never runs for them, and does for the routes registered after it."""
    ctrl = ('package {pkg}\n\nimport "github.com/gofiber/fiber/v2"\n\n'
            'type Controller struct{{ Instance fiber.Router }}\n\n'
            'func h(c *fiber.Ctx) error {{ return c.SendStatus(200) }}\n\n'
            'func (ac *Controller) Handle() {{\n\tg := ac.Instance.Group("/{pkg}")\n'
            '\tg.Get("/list", h)\n}}\n')
    write_tree(tmp_path, {
        "go.mod": GO_MOD.format(name="gy", req="github.com/gofiber/fiber/v2 v2.52.0"),
        "auth/c.go": ctrl.format(pkg="auth"),
        "user/c.go": ctrl.format(pkg="user"),
        "mw/mw.go": (
            'package mw\n\nimport "github.com/gofiber/fiber/v2"\n\n'
            'func Auth() fiber.Handler {\n\treturn func(c *fiber.Ctx) error {\n'
            '\t\tif c.Get("Authorization") == "" {\n'
            '\t\t\treturn c.SendStatus(fiber.StatusUnauthorized)\n\t\t}\n'
            '\t\treturn c.Next()\n\t}\n}\n'),
        "main.go": (
            'package main\n\nimport (\n\t"github.com/gofiber/fiber/v2"\n\n'
            '\t"example.com/gy/auth"\n\t"example.com/gy/mw"\n\t"example.com/gy/user"\n)\n\n'
            'func main() {\n\tapp := fiber.New()\n\tapi := app.Group("/api/v1")\n'
            '\tpublic := api.Group("")\n'
            '\tauthController := auth.Controller{Instance: public}\n\tauthController.Handle()\n'
            '\tprotected := api.Group("")\n\tprotected.Use(mw.Auth())\n'
            '\tuserController := user.Controller{Instance: protected}\n'
            '\tuserController.Handle()\n\tapp.Listen(":3000")\n}\n'),
    })
    assert_routes(tmp_path, {("GET", "/api/v1/auth/list", "none"),
                             ("GET", "/api/v1/user/list", "required")})


def test_drf_composed_permissions_and_action_tables_with_a_default(tmp_path):
    """DRF's `A | B` lets a request through when either does, `A & B` when both do; a
    has_permission returning `request.method in ["POST"]` lets POST through for anyone and
    refuses the rest. A base class's get_permissions reading `self.permission_classes.get(
    self.action, self.permission_classes["default"])` uses the subclass's table, its "default"
    entry for actions it does not list."""
    write_tree(tmp_path, {
        "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\nINSTALLED_APPS = ["rest_framework"]\n',
        "proj/urls.py": (
            "from django.urls import include, path\nfrom rest_framework.routers import DefaultRouter\n"
            "from app.views import BookingViewSet, UrlViewSet\n\nrouter = DefaultRouter()\n"
            "router.register(r'bookings', BookingViewSet)\nrouter.register(r'urls', UrlViewSet)\n"
            "urlpatterns = [path('api/', include(router.urls))]\n"),
        "app/permissions.py": (
            "from rest_framework import permissions\n\n\n"
            "class CreateOnly(permissions.BasePermission):\n"
            "    def has_permission(self, request, view):\n        METHODS = ['POST']\n"
            "        return request.method in METHODS\n"),
        "app/base.py": (
            "from rest_framework import viewsets\nfrom rest_framework.permissions import AllowAny\n\n\n"
            "class CustomViewSet(viewsets.ModelViewSet):\n"
            "    permission_classes = {'default': (AllowAny,)}\n\n"
            "    def get_permissions(self):\n"
            "        default = self.permission_classes['default']\n"
            "        classes = self.permission_classes.get(self.action, default)\n"
            "        return [p() for p in classes]\n"),
        "app/views.py": (
            "from rest_framework import viewsets\n"
            "from rest_framework.permissions import DjangoModelPermissions, IsAuthenticatedOrReadOnly\n"
            "from app.base import CustomViewSet\nfrom app.permissions import CreateOnly\n\n\n"
            "class BookingViewSet(viewsets.ModelViewSet):\n    queryset = None\n"
            "    permission_classes = [CreateOnly | (DjangoModelPermissions)]\n\n\n"
            "class UrlViewSet(CustomViewSet):\n    queryset = None\n"
            "    permission_classes = {'default': (IsAuthenticatedOrReadOnly,)}\n"),
    })
    res = scan(tmp_path)
    got = {(e.method, e.path): e.auth for e in res.endpoints if not e.implicit}
    assert got[("POST", "/api/bookings/")] == "none", got
    assert got[("GET", "/api/bookings/")] == "required", got
    assert got[("DELETE", "/api/bookings/{pk}/")] == "required", got
    assert got[("GET", "/api/urls/")] == "none", got
    assert got[("POST", "/api/urls/")] == "required", got


def test_go_guard_with_a_path_condition_and_a_general_check_guards_everything(tmp_path):
    """The look-alike of the path-conditioned guard: a middleware that checks an extra role
    under `if strings.HasPrefix(path, "/admin")` and the token for every request guards every
    path, not only the conditioned ones."""
    write_tree(tmp_path, {
        "go.mod": GO_MOD.format(name="gg", req="github.com/gorilla/mux v1.8.1"),
        "main.go": (
            'package main\n\nimport (\n\t"net/http"\n\t"strings"\n\n'
            '\t"github.com/gorilla/mux"\n)\n\n'
            'func Auth(next http.Handler) http.Handler {\n'
            '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n'
            '\t\tif strings.HasPrefix(r.URL.Path, "/admin") {\n'
            '\t\t\tif r.Header.Get("X-Role") != "admin" {\n'
            '\t\t\t\thttp.Error(w, "no", http.StatusForbidden)\n\t\t\t\treturn\n\t\t\t}\n\t\t}\n'
            '\t\tif r.Header.Get("Authorization") == "" {\n'
            '\t\t\thttp.Error(w, "no", http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n'
            '\t\tnext.ServeHTTP(w, r)\n\t})\n}\n\n'
            'func h(w http.ResponseWriter, r *http.Request) {}\n\n'
            'func main() {\n\tr := mux.NewRouter()\n\tr.Use(Auth)\n'
            '\tr.HandleFunc("/admin/users", h).Methods("GET")\n'
            '\tr.HandleFunc("/items", h).Methods("GET")\n'
            '\thttp.ListenAndServe(":8080", r)\n}\n'),
    })
    assert_routes(tmp_path, {("GET", "/admin/users", "required"), ("GET", "/items", "required")})
