"""Auth and injections of backends and vulnerable apps whose truth was written before auditor
ran (session 51 holdout), each case from how the language or library behaves, with the
look-alike that must not change:

- Go: a handler's check may be a bool helper (`if !authMiddleware(w, r) { return }`) or a
  call whose result is tested in the `if`'s init (`if ok, _ := IsLoggedIn(r); !ok {...}`):
  when the refusal (401 or 403, here through an error writer given `http.StatusForbidden`)
  hangs on a call that reads the session cookie, a request without one is refused; a 403 that
  hangs on a feature switch is no authentication.
- Go taint: a helper struct holding the request (`type helper struct{ w http.ResponseWriter;
  r *http.Request }`) reads it through its field (`h.r.URL.Query()`), and a bare `return` of
  named results hands back what was assigned to them; a field of another type (a
  context.Context) is not the request, and a named result assigned a constant carries nothing.
- A query wrapper (`query: (sql, params) => pool.query(sql, params)`) is reported where the SQL
  is built (the caller's `db.query(...)`), once: its own sink repeats the caller's finding.
- djoser: `include("djoser.urls")` (a DefaultRouter registering UserViewSet as "users"),
  `djoser.urls.jwt` and `djoser.urls.authtoken` serve the library's routes, guarded as its
  default PERMISSIONS say; the username actions are named for the tree's USERNAME_FIELD.
- Python: a parameter overwritten in a branch before the read (`def view(request,
  path="/home"): if "path" in request.POST: path = request.POST["path"]`) is either value; a
  loop variable over a literal list of SQL texts is SQL text (a loop over a query's rows is
  not); `os.rename(a, b)` touches both paths; Python 2's builtin `file(path)` opens it.
- Go: a page whose handler (or a helper two calls deep) reads the session or token cookie by
  name (`r.Cookie("session")`) and refuses nobody serves anonymous visitors and its user
  differently: optional; a `theme` cookie is no credential, and a login asking whether its
  visitor already has a session is public by design.
- go-pkgz/routegroup (groups over a net/http ServeMux): `b.Mount("/users")` is a bundle below
  /users, `b.Route(func(g *routegroup.Bundle) {...})` a group on b's path, the root's `Use` runs
  for every route, `HandleFiles("/assets", fs)` serves the subtree; Go 1.22 patterns keep
  their methods. A Go `_examples/` folder (which the go tool skips) holds example programs,
  not the application's routes.
- Data per method: a Flask or Django view serving GET and POST does its writes in `if
  request.method == "POST":` or `if form.validate_on_submit():` (Flask-WTF: POST, PUT, PATCH,
  DELETE only); what runs there, itself or in a function called only from there, is not the
  GET's work. A read before the branch stays every method's.
- Go: a GET route whose handler hands the request to a helper that upgrades it
  (`upgrader.Upgrade(w, r, nil)` two calls deep) is a WebSocket route; one that first asks
  `c.IsWebsocket()` and proxies plain requests otherwise serves GET.
- FastAPI: a scheme made with `auto_error=False` hands the handler the token or None; a
  handler passing it straight to a decoder that raises 401 refuses anonymous requests
  (required), one that tests it first (`if token:`) serves them (optional).
- chi's FileServer helper: `path += "/"` then `path += "*"` on the path parameter routes
  `<path>/*` (what the parameter held, then the additions), never a doubled slash.
"""
from __future__ import annotations

import re

from conftest import assert_findings, assert_routes, scan, write_tree

# a predicate reading the session cookie, shared by the Go cases below
GO_IS_LOGGED_IN = """package main

import "net/http"

func IsLoggedIn(r *http.Request) (bool, string) {
\tcookie, err := r.Cookie("session")
\tif err != nil {
\t\treturn false, ""
\t}
\treturn cookie.Value != "", cookie.Value
}
"""

GO_GUARDS = GO_IS_LOGGED_IN + """
func featureOn() bool { return true }

func errorHandler(w http.ResponseWriter, r *http.Request, status int) {
\tif status == http.StatusForbidden {
\t\thttp.Error(w, "403 Forbidden", http.StatusForbidden)
\t}
\tif status == http.StatusNotFound {
\t\thttp.Error(w, "404 Page not found", 404)
\t}
}

func authMiddleware(w http.ResponseWriter, r *http.Request) bool {
\tif isAuthed, _ := IsLoggedIn(r); !isAuthed {
\t\terrorHandler(w, r, http.StatusForbidden)
\t\treturn false
\t}
\treturn true
}

func featureGate(w http.ResponseWriter, r *http.Request) bool {
\tif ok := featureOn(); !ok {
\t\terrorHandler(w, r, http.StatusForbidden)
\t\treturn false
\t}
\treturn true
}

func comments(w http.ResponseWriter, r *http.Request) {
\tif !authMiddleware(w, r) {
\t\treturn
\t}
\tw.Write([]byte("ok"))
}

func inline(w http.ResponseWriter, r *http.Request) {
\tif ok, _ := IsLoggedIn(r); !ok {
\t\thttp.Error(w, "403 Forbidden", http.StatusForbidden)
\t\treturn
\t}
\tw.Write([]byte("ok"))
}

func beta(w http.ResponseWriter, r *http.Request) {
\tif !featureGate(w, r) {
\t\treturn
\t}
\tw.Write([]byte("ok"))
}

func main() {
\thttp.HandleFunc("/comments", comments)
\thttp.HandleFunc("/inline", inline)
\thttp.HandleFunc("/beta", beta)
\thttp.ListenAndServe(":8080", nil)
}
"""


def test_go_bool_guard_and_init_test_on_a_session_reader(tmp_path):
    write_tree(tmp_path, {"go.mod": "module example.com/g\n\ngo 1.21\n", "main.go": GO_GUARDS})
    assert_routes(tmp_path, {("ANY", "/comments", "required"), ("ANY", "/inline", "required"),
                             ("ANY", "/beta", "none")})


GO_HELPER = """package main

import (
\t"context"
\t"net/http"
\t"os"
\t"path"
)

type httpHelper struct {
\tw   http.ResponseWriter
\tr   *http.Request
\tctx context.Context
}

type cfg struct {
\tr *Settings
}

type Settings struct{ URL string }

func (h httpHelper) GetQueryParam(name string) (value string, exists bool) {
\tq := h.r.URL.Query()
\tvalue = q.Get(name)
\tif len(value) > 0 {
\t\texists = true
\t}
\treturn
}

func (h httpHelper) Fixed() (value string) {
\tvalue = "licenses/MIT"
\treturn
}

func (h httpHelper) FromCtx() string {
\treturn h.ctx.Value("x").(string)
}

func (c cfg) Where() string {
\treturn c.r.URL
}

func (h httpHelper) WriteFile(filePath string) (err error) {
\tdata, err := os.ReadFile(filePath)
\tif err != nil {
\t\treturn
\t}
\t_, err = h.w.Write(data)
\treturn
}

func license(w http.ResponseWriter, r *http.Request) {
\th := httpHelper{w, r, r.Context()}
\tname, _ := h.GetQueryParam("filename")
\th.WriteFile(path.Join("./licenses", name))
}

func fixed(w http.ResponseWriter, r *http.Request) {
\th := httpHelper{w, r, r.Context()}
\tdata, _ := os.ReadFile(h.Fixed())
\tw.Write(data)
}

func fromCtx(w http.ResponseWriter, r *http.Request) {
\th := httpHelper{w, r, r.Context()}
\tdata, _ := os.ReadFile(h.FromCtx())
\tw.Write(data)
}

func settings(w http.ResponseWriter, r *http.Request) {
\tc := cfg{&Settings{URL: "/etc/app.conf"}}
\tdata, _ := os.ReadFile(c.Where())
\tw.Write(data)
}

func main() {
\thttp.HandleFunc("/license", license)
\thttp.HandleFunc("/fixed", fixed)
\thttp.HandleFunc("/ctx", fromCtx)
\thttp.HandleFunc("/settings", settings)
\thttp.ListenAndServe(":8080", nil)
}
"""


def test_go_request_in_a_helper_field_and_named_results(tmp_path):
    line = next(i + 1 for i, ln in enumerate(GO_HELPER.splitlines())
                if "data, err := os.ReadFile(filePath)" in ln)
    assert_findings(tmp_path, {"go.mod": "module example.com/h\n\ngo 1.21\n",
                               "main.go": GO_HELPER}, "path-traversal", {("path-traversal", line)})


JS_DB = """const mysql = require('mysql2');
const pool = mysql.createPool({ host: 'localhost' });
const promisePool = pool.promise();

module.exports = {
  pool,
  promisePool,
  query: (sql, params) => promisePool.query(sql, params)
};
"""

JS_ROUTES = """const express = require('express');
const db = require('../config/database');
const router = express.Router();

router.get('/search', async (req, res) => {
  const q = `SELECT * FROM products WHERE name LIKE '%${req.query.term}%'`;
  const [rows] = await db.query(q);
  res.json(rows);
});

router.get('/item/:id', async (req, res) => {
  const [rows] = await db.query('SELECT * FROM products WHERE id = ?', [req.params.id]);
  res.json(rows);
});

module.exports = router;
"""


def test_query_wrapper_reported_once_where_the_sql_is_built(tmp_path):
    files = {"package.json": '{"dependencies": {"express": "4.18.0", "mysql2": "3.0.0"}}',
             "src/config/database.js": JS_DB, "src/routes/products.js": JS_ROUTES,
             "src/app.js": "const express = require('express');\nconst app = express();\n"
                           "app.use('/products', require('./routes/products'));\n"
                           "app.listen(3000);\n"}
    res = scan(write_tree(tmp_path, files))
    got = {(f.file, f.line) for f in res.findings if f.category == "sql-injection"}
    assert got == {("src/routes/products.js", 7)}, got


def test_djoser_urlconfs_with_the_user_models_username_field(tmp_path):
    write_tree(tmp_path, {
        "manage.py": "import django\n",
        "app/settings.py": "ROOT_URLCONF = 'app.urls'\nINSTALLED_APPS = ['djoser']\n",
        "app/urls.py": ("from django.urls import include, path\n\nurlpatterns = [\n"
                        "    path('api/auth/', include('djoser.urls')),\n"
                        "    path('api/auth/', include('djoser.urls.jwt')),\n"
                        "    path('api/auth/', include('djoser.urls.authtoken')),\n]\n"),
        "users/models.py": ("from django.contrib.auth.models import AbstractUser\n\n\n"
                            "class User(AbstractUser):\n    USERNAME_FIELD = 'email'\n"),
    })
    u = "/api/auth/users"
    want = {("GET", u, "required"), ("POST", u, "none")} | \
        {(m, f"{u}/{{id}}", "required") for m in ("GET", "PUT", "PATCH", "DELETE")} | \
        {(m, f"{u}/me", "required") for m in ("GET", "PUT", "PATCH", "DELETE")} | \
        {("POST", f"{u}/{a}", "required" if a.startswith("set_") else "none")
         for a in ("activation", "resend_activation", "set_password", "reset_password",
                   "reset_password_confirm", "set_email", "reset_email", "reset_email_confirm")} | \
        {("POST", f"/api/auth/jwt/{a}", "none") for a in ("create", "refresh", "verify")} | \
        {("POST", "/api/auth/token/login", "none"), ("POST", "/api/auth/token/logout", "required")}
    res = scan(tmp_path)
    got = {(e.method, e.path.rstrip("/") or "/", e.auth) for e in res.endpoints if not e.implicit}
    got = {(m, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", p), a) for m, p, a in got}
    assert got == want, f"missed {sorted(want - got)} extra {sorted(got - want)}"


CHI_FILESERVER = """package main

import (
\t"net/http"
\t"strings"

\t"github.com/go-chi/chi/v5"
)

func FileServer(r chi.Router, path string, root http.FileSystem) {
\tif strings.ContainsAny(path, "{}*") {
\t\tpanic("FileServer does not permit any URL parameters.")
\t}
\tif path != "/" && path[len(path)-1] != '/' {
\t\tr.Get(path, http.RedirectHandler(path+"/", 301).ServeHTTP)
\t\tpath += "/"
\t}
\tpath += "*"
\tr.Get(path, func(w http.ResponseWriter, r *http.Request) {
\t\tfs := http.StripPrefix(strings.TrimSuffix(path, "/*"), http.FileServer(root))
\t\tfs.ServeHTTP(w, r)
\t})
}

func main() {
\tr := chi.NewRouter()
\tFileServer(r, "/files", http.Dir("./data"))
\thttp.ListenAndServe(":3333", r)
}
"""


def test_chi_fileserver_helper_path_built_by_augmented_assignments(tmp_path):
    write_tree(tmp_path, {"go.mod": "module example.com/f\n\ngo 1.21\n\n"
                                    "require github.com/go-chi/chi/v5 v5.0.0\n",
                          "main.go": CHI_FILESERVER})
    assert_routes(tmp_path, {("GET", "/files"), ("GET", "/files/*")}, with_auth=False)


PY_VIEWS = """import os
from django.http import HttpResponseRedirect
from django.db import connection


def login(request, path="/dashboard/home"):
    if "path" in request.POST:
        path = request.POST["path"]
    return HttpResponseRedirect(path)


def home(request, path="/dashboard/home"):
    target = path
    if "next" in request.POST:
        path = "/" + "dashboard"
    return HttpResponseRedirect(path)


def rename_user(old, new):
    with connection.cursor() as cursor:
        queries = ["UPDATE users SET username='%s' WHERE username='%s'",
                   "UPDATE blabs SET blabber='%s' WHERE blabber='%s'"]
        for query in queries:
            cursor.execute(query % (new, old))
        for row in cursor.execute("SELECT id FROM users"):
            cursor.execute("UPDATE users SET seen = 1 WHERE id = %s", (row,))
    os.rename("/srv/images/" + old + ".png", "/srv/images/" + new + ".png")
    shutil_copy = None


def profile(request):
    rename_user(request.session["username"], request.POST.get("username"))


def download(request):
    return file("/srv/docs/" + request.GET.get("name", "")).read()
"""


def test_python_branch_overwritten_parameter_loop_over_sql_texts_two_path_calls(tmp_path):
    lines = PY_VIEWS.splitlines()

    def at(text):
        return next(i + 1 for i, ln in enumerate(lines) if text in ln)
    want = {("open-redirect", at('return HttpResponseRedirect(path)')),
            ("sql-injection", at("cursor.execute(query % (new, old))")),
            ("path-traversal", at("os.rename(")),
            ("path-traversal", at('return file('))}
    assert_findings(tmp_path, {"app/views.py": PY_VIEWS}, ("open-redirect", "sql-injection",
                                                          "path-traversal"), want)


ROUTEGROUP = """package main

import (
\t"net/http"

\t"github.com/go-pkgz/routegroup"
)

type Server struct{ hash string }

func (s *Server) basicAuth(next http.Handler) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\tuser, pass, ok := r.BasicAuth()
\t\tif !ok || user != "admin" || pass != s.hash {
\t\t\tw.Header().Set("WWW-Authenticate", `Basic realm="x"`)
\t\t\thttp.Error(w, "Unauthorized", http.StatusUnauthorized)
\t\t\treturn
\t\t}
\t\tnext.ServeHTTP(w, r)
\t})
}

func (s *Server) check(w http.ResponseWriter, r *http.Request) {}
func (s *Server) users(w http.ResponseWriter, r *http.Request) {}
func (s *Server) addUser(w http.ResponseWriter, r *http.Request) {}
func (s *Server) health(w http.ResponseWriter, r *http.Request) {}

func (s *Server) routes(router *routegroup.Bundle) *routegroup.Bundle {
\trouter.Route(func(api *routegroup.Bundle) {
\t\tapi.HandleFunc("POST /check", s.check)
\t\tapi.Mount("/users").Route(func(r *routegroup.Bundle) {
\t\t\tr.HandleFunc("POST /add", s.addUser)
\t\t\tr.HandleFunc("GET /list", s.users)
\t\t})
\t})
\treturn router
}

func main() {
\ts := &Server{hash: "x"}
\tpublic := routegroup.New(http.NewServeMux())
\tpublic.HandleFunc("GET /health", s.health)
\trouter := routegroup.New(http.NewServeMux())
\trouter.Use(s.basicAuth)
\trouter = s.routes(router)
\tv2 := router.Mount("/v2")
\tv2.HandleFunc("GET /check", s.check)
\trouter.HandleFiles("/assets", http.Dir("./assets"))
\thttp.ListenAndServe(":8080", router)
}
"""


def test_routegroup_mounts_routes_and_root_middleware(tmp_path):
    write_tree(tmp_path, {"go.mod": "module example.com/rg\n\ngo 1.22\n\n"
                                    "require github.com/go-pkgz/routegroup v1.1.0\n",
                          "main.go": ROUTEGROUP,
                          "_examples/chat/main.go": ROUTEGROUP.replace('"GET /health"',
                                                                      '"GET /chat"')})
    res = scan(tmp_path)
    got = {(e.method, e.path, e.auth) for e in res.endpoints
           if not e.implicit and e.method != "HEAD"}
    want = {("GET", "/health", "none"), ("POST", "/check", "required"),
            ("POST", "/users/add", "required"), ("GET", "/users/list", "required"),
            ("GET", "/v2/check", "required"), ("ANY", "/assets/{path...}", "required")}
    assert got == want, f"missed {sorted(want - got)} extra {sorted(got - want)}"


FLASK_FORMS = """from flask import Flask, request, render_template, redirect
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import FlaskForm

app = Flask(__name__)
db = SQLAlchemy(app)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class LoginForm(FlaskForm):
    pass


def save_user():
    db.session.add(User())
    db.session.commit()


@app.route("/register", methods=["GET", "POST"])
def register():
    if request.method == "POST":
        save_user()
        return redirect("/")
    return render_template("register.html")


@app.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        User.query.filter_by(id=1).first()
        return redirect("/")
    return render_template("login.html", form=form)


@app.route("/list", methods=["GET", "POST"])
def listing():
    users = User.query.all()
    if request.method == "POST":
        save_user()
    return render_template("list.html", users=users)
"""


def test_flask_view_data_per_method_of_its_branches(tmp_path):
    res = scan(write_tree(tmp_path, {"app.py": FLASK_FORMS}))
    got = {(e.method, e.path): bool(e.data_sites) for e in res.endpoints
           if e.method in ("GET", "POST")}
    assert got == {("GET", "/register"): False, ("POST", "/register"): True,
                   ("GET", "/login"): False, ("POST", "/login"): True,
                   ("GET", "/list"): True, ("POST", "/list"): True}, got


GIN_WS = """package main

import (
\t"net/http"

\t"github.com/gin-gonic/gin"
\t"github.com/gorilla/websocket"
)

func GetHandler(w http.ResponseWriter, r *http.Request) (*websocket.Conn, error) {
\tupgrader := websocket.Upgrader{}
\treturn upgrader.Upgrade(w, r, nil)
}

func serverWebsocket(c *gin.Context) {
\tconn, err := GetHandler(c.Writer, c.Request)
\tif err != nil {
\t\treturn
\t}
\tdefer conn.Close()
}

func status(c *gin.Context) {
\tc.JSON(http.StatusOK, gin.H{"ok": true})
}

func proxy(c *gin.Context) {
\tif c.IsWebsocket() {
\t\tGetHandler(c.Writer, c.Request)
\t\treturn
\t}
\tc.JSON(http.StatusOK, gin.H{"proxied": true})
}

func main() {
\tr := gin.Default()
\tr.GET("/api/servers/:server/ws", serverWebsocket)
\tr.GET("/api/status", status)
\tr.GET("/api/servers/:server/stats", proxy)
\tr.Run()
}
"""


def test_gin_route_whose_helper_upgrades_to_a_websocket(tmp_path):
    write_tree(tmp_path, {"go.mod": "module example.com/ws\n\ngo 1.22\n", "main.go": GIN_WS})
    res = scan(tmp_path)
    got = {(e.method, e.path) for e in res.endpoints if not e.implicit and e.method != "HEAD"}
    assert got == {("WS", "/api/servers/:server/ws"), ("GET", "/api/status"),
                   ("GET", "/api/servers/:server/stats")}, got


FASTAPI_LENIENT = """import jwt
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

app = FastAPI()
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token", auto_error=False)


def user_from_token(token, secret: str) -> str:
    error = HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Could not validate")
    try:
        payload = jwt.decode(token, secret, algorithms=["HS256"])
    except jwt.PyJWTError:
        raise error
    return payload["sub"]


@app.post("/token/refresh")
def refresh(token: str = Depends(oauth2_scheme)):
    return {"user": user_from_token(token, "k")}


@app.get("/feed")
def feed(token: str = Depends(oauth2_scheme)):
    if token:
        return {"user": user_from_token(token, "k")}
    return {"user": None}
"""


def test_fastapi_lenient_scheme_token_checked_by_a_callee(tmp_path):
    write_tree(tmp_path, {"requirements.txt": "fastapi\npyjwt\n", "app.py": FASTAPI_LENIENT})
    assert_routes(tmp_path, {("POST", "/token/refresh", "required"),
                             ("GET", "/feed", "optional")})


GO_SESSION_PAGES = GO_IS_LOGGED_IN + """
func theme(r *http.Request) string {
\tc, err := r.Cookie("theme")
\tif err != nil {
\t\treturn "light"
\t}
\treturn c.Value
}

func index(w http.ResponseWriter, r *http.Request) {
\t_, user := IsLoggedIn(r)
\tw.Write([]byte("hello " + user))
}

func about(w http.ResponseWriter, r *http.Request) {
\tw.Write([]byte(theme(r)))
}

func login(w http.ResponseWriter, r *http.Request) {
\tif ok, _ := IsLoggedIn(r); ok {
\t\thttp.Redirect(w, r, "/", http.StatusSeeOther)
\t\treturn
\t}
\tpassword := r.FormValue("password")
\t_ = password
\thttp.SetCookie(w, &http.Cookie{Name: "session", Value: "x"})
}

func main() {
\thttp.HandleFunc("/", index)
\thttp.HandleFunc("/about", about)
\thttp.HandleFunc("/login", login)
\thttp.ListenAndServe(":8080", nil)
}
"""


def test_go_page_reading_the_session_cookie_when_sent(tmp_path):
    write_tree(tmp_path, {"go.mod": "module example.com/s\n\ngo 1.21\n",
                          "main.go": GO_SESSION_PAGES})
    assert_routes(tmp_path, {("ANY", "/", "optional"), ("ANY", "/about", "none"),
                             ("ANY", "/login", "none")})
