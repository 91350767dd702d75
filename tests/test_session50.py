"""Routes, auth, data and injections of backends whose truth was written before auditor ran
(session 50 holdout), each case from how the framework or library behaves, with the look-alike
that must not change:

- Flask: a route decorator is a function that registers what it is called with, so
  `bp.post("/login")(login_user)` routes `login_user` as `@bp.post("/login")` would; a view
  routed that way or by `add_url_rule(view_func=v)` keeps its own decorators (`@jwt_required()`
  in a controllers module) as guards. `@bp.get(...)` on a Blueprint is Flask's, not FastAPI's.
- Flask: a `before_request` hook refusing `if not current_user.is_authenticated and not
  allowed_path:` with `allowed_path = (request.path.startswith("/login") or ...)` guards every
  route but those paths; a local the hook computes from something else is not read. A view
  taking a password by HTTP Basic auth that then calls `login_user(user)` is a login, public by
  design; one that checks Basic credentials on every request is a guard.
- gorilla: matchers after the route's call narrow that route (`r.Path("/x").Handler(h)
  .Name("x").Methods("GET")`); a router another package declares (`web.Router`) routes what
  `rest.SetupRoutes(web.Router.PathPrefix("/api/").Subrouter())` registers below /api; a path
  built by a closure a function of the tree returns (`prefix := MakePathPrefixer(conf.BasePath);
  prefix("/status")`) is the literal below an unknown base; `PathPrefix(p).Handler(spa)` with
  `spa` made by a call that returns no router serves the subtree.
- FastAPI: a prefix from a setting read by python-decouple with a default and trimmed
  (`config("SUB_PATH", default="sub").strip("/")`) is that default, trimmed.
- Next.js: a route handler that first calls a helper reading the session's user (Supabase
  `auth.getUser()`) and throwing when there is none goes no further without one, whatever
  its catch answers; a helper that returns null instead, or throws when a database lookup
  finds no row, checks no credential.
- Go: a wrapper answering 401 when a request header is missing (`pluginID :=
  r.Header.Get("Mattermost-Plugin-ID"); if pluginID == "" { 401 }`) authenticates, whatever
  the header is called; one answering 400 for a missing header validates input, and a helper
  that hands nothing on and asks a share's password only when the share has one is no guard.
- Data: TinyDB (a JSON document store: `db.search(Query()...)`, `db.insert`) and the
  Elasticsearch/OpenSearch clients are stores; Flask's `g.db` holds what the tree assigned to
  it (`g.db = TinyDB(...)` in a `get_db()` helper); a `g` attribute holding a dict is none.
- Go XSS: net/http sniffs the first bytes written when no Content-Type was set, so a write is
  served as text/plain when it starts with text (`fmt.Sprintf("Profile %s", id)`, a local
  holding one), even after earlier branches that wrote and returned, or in the `else` of one
  that wrote; a write after an HTML Content-Type, after a write that reaches it, or one whose
  bytes start with `<` stays a finding.
- Python path traversal: `.save(dst)` on what `request.files` gave (Werkzeug's FileStorage,
  whatever the local is called) writes the upload where `dst` says; its own filename there is
  the requester's choice unless `secure_filename` cleaned it.
- SSRF: a JavaScript template URL that starts with a base parameter and goes on with a path
  (`${baseUrl}/api/tasks/${id}`) asks the configured server; one that starts with the
  request's own value chooses the server.
- Go: a constant of the file after the handler in a wrapper's call is an option
  (`p.checkAuth(p.attachContext(p.getUser), ResponseTypeJSON)` wraps `p.getUser`); the
  Mattermost plugin API's key-value store (`p.client.KV.Get`) is a store.
- Go taint: gin's `c.Request.FormFile(...)` is the request's, and so is every result a request
  reader hands back (`file, header, err := ...`: `header.Filename` is the requester's text, a
  base name that can still hold `;` for a shell); `err` and `ok` carry nothing.
- Sequelize: a model of the registry sequelize-cli's `models/index.js` builds by reading its
  folder is queried whatever it is called (`db.category.findOne(...)`, a lowercase model name);
  the same call on an object from a module that reads no folder is nobody's query.
- Data: a middleware that answers 429 (a rate limiter, through the factory and closure that run
  it) keeps counters, not the route's data; a handler reading the same Redis still does.
"""
from __future__ import annotations

from conftest import assert_findings, assert_routes, scan, write_tree


def test_flask_route_decorator_applied_by_a_call_keeps_the_views_guards(tmp_path):
    write_tree(tmp_path, {
        "app/__init__.py": (
            "from flask import Flask, Blueprint\n"
            "from app.routes.auth_route import bp_auth\n"
            "bp_api = Blueprint('api', __name__, url_prefix='/api')\n"
            "def init_app(app: Flask):\n"
            "    bp_api.register_blueprint(bp_auth)\n"
            "    app.register_blueprint(bp_api)\n"),
        "app/routes/__init__.py": "",
        "app/routes/auth_route.py": (
            "from flask import Blueprint\n"
            "from app.controllers.auth import register_user, update_user, list_users\n"
            "bp_auth = Blueprint('auth', __name__, url_prefix='/auth')\n"
            "bp_auth.post('')(register_user)\n"
            "bp_auth.patch('')(update_user)\n"
            "bp_auth.route('/users', methods=['GET'])(list_users)\n"),
        "app/controllers/__init__.py": "",
        "app/controllers/auth/__init__.py": (
            "from .register_user import register_user\n"
            "from .update_user import update_user, list_users\n"),
        "app/controllers/auth/register_user.py": (
            "def register_user():\n    return {}, 201\n"),
        "app/controllers/auth/update_user.py": (
            "from flask_jwt_extended import jwt_required\n\n"
            "@jwt_required()\ndef update_user():\n    return {}\n\n"
            "@jwt_required()\ndef list_users():\n    return []\n"),
    })
    assert_routes(tmp_path, {("POST", "/api/auth", "none"), ("PATCH", "/api/auth", "required"),
                             ("GET", "/api/auth/users", "required")})


def test_flask_add_url_rule_of_an_imported_guarded_view(tmp_path):
    write_tree(tmp_path, {
        "app/__init__.py": (
            "from flask import Flask\n"
            "from app.views.items import list_items, about\n"
            "app = Flask(__name__)\n"
            "app.add_url_rule('/items', view_func=list_items)\n"
            "app.add_url_rule('/about', view_func=about)\n"),
        "app/views/__init__.py": "",
        "app/views/items.py": (
            "from flask_login import login_required\n\n"
            "@login_required\ndef list_items():\n    return []\n\n"
            "def about():\n    return 'about'\n"),
    })
    assert_routes(tmp_path, {("GET", "/items", "required"), ("GET", "/about", "none")})


def test_flask_shortcut_decorator_on_a_blueprint_is_flask(tmp_path):
    write_tree(tmp_path, {"app.py": (
        "from flask import Blueprint, Flask\n"
        "bp = Blueprint('b', __name__, url_prefix='/b')\n"
        "app = Flask(__name__)\n\n"
        "@bp.get('/x')\ndef x():\n    return {}\n\n"
        "app.register_blueprint(bp)\n")})
    eps = scan(tmp_path).endpoints
    assert {(e.method, e.framework) for e in eps} == {
        ("GET", "flask"), ("HEAD", "flask"), ("OPTIONS", "flask")}


ARCHIVY_HOOK = (
    "from flask import Flask, request, redirect, url_for, Response\n"
    "from flask_login import current_user, login_user\n\n"
    "app = Flask(__name__)\n\n\n"
    "@app.before_request\ndef check_perms():\n"
    "    allowed_path = (\n        request.path.startswith('/login')\n"
    "        or request.path.startswith('/api/login')\n    )\n"
    "    if not current_user.is_authenticated and not allowed_path:\n"
    "        return redirect(url_for('login', next=request.path))\n    return\n\n\n"
    "@app.route('/')\ndef index():\n    return 'home'\n\n\n"
    "@app.route('/login', methods=['GET', 'POST'])\ndef login():\n    return 'login'\n\n\n"
    "@app.route('/api/login', methods=['POST'])\ndef api_login():\n"
    "    user = find(request.authorization['username'])\n"
    "    if user and check_password_hash(user.pw, request.authorization['password']):\n"
    "        login_user(user)\n        return Response(status=200)\n"
    "    return Response(status=401)\n\n\n"
    "@app.route('/api/items')\ndef items():\n    return []\n")


def test_flask_hook_exempting_paths_held_in_a_local(tmp_path):
    write_tree(tmp_path, {"app.py": ARCHIVY_HOOK})
    assert_routes(tmp_path, {("GET", "/", "required"), ("GET", "/login", "none"),
                             ("POST", "/login", "none"), ("POST", "/api/login", "none"),
                             ("GET", "/api/items", "required")})


def test_flask_hook_with_an_unread_local_and_basic_auth_without_session(tmp_path):
    # look-alikes: the local says nothing of the request (not read: no guard is claimed), and
    # a view that checks HTTP Basic credentials without logging anyone in guards itself
    write_tree(tmp_path, {"app.py": ARCHIVY_HOOK.replace(
        "allowed_path = (\n        request.path.startswith('/login')\n"
        "        or request.path.startswith('/api/login')\n    )",
        "allowed_path = app.config.get('OPEN')").replace(
        "        login_user(user)\n", "")})
    assert_routes(tmp_path, {("GET", "/", "none"), ("GET", "/login", "none"),
                             ("POST", "/login", "none"), ("POST", "/api/login", "required"),
                             ("GET", "/api/items", "none")})


GORILLA_PKGS = {
    "go.mod": "module example.com/ib\n\ngo 1.22\n\nrequire github.com/gorilla/mux v1.8.0\n",
    "pkg/strutil/u.go": (
        'package strutil\n\nimport "strings"\n\n'
        'func MakePathPrefixer(prefix string) func(string) string {\n'
        '\tprefix = strings.Trim(prefix, "/")\n\tif prefix != "" {\n\t\tprefix = "/" + prefix\n\t}\n'
        '\treturn func(path string) string {\n\t\treturn prefix + path\n\t}\n}\n'),
    "pkg/web/server.go": (
        'package web\n\nimport (\n\t"net/http"\n\n\t"github.com/gorilla/mux"\n'
        '\t"example.com/ib/pkg/strutil"\n)\n\n'
        'var (\n\tRouter = mux.NewRouter()\n)\n\n'
        'type Config struct{ BasePath string }\n\n'
        'func NewServer(conf *Config) {\n'
        '\tprefix := strutil.MakePathPrefixer(conf.BasePath)\n'
        '\tRouter.HandleFunc(prefix("/debug/cmdline"), cmdline)\n'
        '\tspa := wrap(http.HandlerFunc(cmdline))\n'
        '\tRouter.Path(prefix("/status")).Handler(spa)\n'
        '\tRouter.PathPrefix(prefix("/m/")).Handler(spa)\n}\n\n'
        'func wrap(h http.Handler) http.Handler { return h }\n\n'
        'func cmdline(w http.ResponseWriter, r *http.Request) {}\n\n'
        'func Handler(f func(http.ResponseWriter, *http.Request)) http.Handler '
        '{ return http.HandlerFunc(f) }\n'),
    "pkg/rest/routes.go": (
        'package rest\n\nimport (\n\t"net/http"\n\n\t"github.com/gorilla/mux"\n'
        '\t"example.com/ib/pkg/web"\n)\n\n'
        'func SetupRoutes(r *mux.Router) {\n'
        '\tr.Path("/v1/mailbox/{name}").Handler(\n'
        '\t\tweb.Handler(List)).Name("List").Methods("GET")\n'
        '\tr.Path("/v1/mailbox/{name}").Handler(\n'
        '\t\tweb.Handler(Purge)).Name("Purge").Methods("DELETE")\n}\n\n'
        'func List(w http.ResponseWriter, r *http.Request)  {}\n'
        'func Purge(w http.ResponseWriter, r *http.Request) {}\n'),
    "pkg/server/lifecycle.go": (
        'package server\n\nimport (\n\t"example.com/ib/pkg/rest"\n'
        '\t"example.com/ib/pkg/strutil"\n\t"example.com/ib/pkg/web"\n)\n\n'
        'func FullAssembly(conf *web.Config) {\n'
        '\tprefix := strutil.MakePathPrefixer(conf.BasePath)\n'
        '\trest.SetupRoutes(web.Router.PathPrefix(prefix("/api/")).Subrouter())\n'
        '\tweb.NewServer(conf)\n}\n'),
}


def test_gorilla_package_router_prefixer_closure_and_matchers_after_the_route(tmp_path):
    write_tree(tmp_path, GORILLA_PKGS)
    assert_routes(tmp_path, {("GET", "/api/v1/mailbox/{name}"),
                             ("DELETE", "/api/v1/mailbox/{name}"),
                             ("ANY", "/debug/cmdline"), ("ANY", "/status"),
                             ("ANY", "/m/{path:.*}")}, with_auth=False)


def test_fastapi_prefix_from_a_trimmed_decouple_default(tmp_path):
    write_tree(tmp_path, {
        "config.py": ("from decouple import config\n"
                      "SUB_PATH = config('SUB_PATH', default='/sub/').strip('/')\n"
                      "ODD = config('ODD', default='X').lower('/')\n"),
        "app/__init__.py": "",
        "app/main.py": ("from fastapi import FastAPI\nfrom app.sub import router\n"
                        "app = FastAPI()\napp.include_router(router)\n"),
        "app/sub.py": ("from fastapi import APIRouter\nfrom config import SUB_PATH\n"
                       "router = APIRouter(prefix=f'/{SUB_PATH}')\n\n"
                       "@router.get('/{token}')\ndef info(token: str):\n    return {}\n"),
    })
    assert_routes(tmp_path, {("GET", "/sub/{token}")}, with_auth=False)


NEXT_HELPER = (
    'import { createServerClient } from "@supabase/ssr"\n'
    'import { cookies } from "next/headers"\n\n'
    'export async function getServerProfile() {\n'
    '  const cookieStore = cookies()\n'
    '  const supabase = createServerClient(process.env.URL!, process.env.KEY!, {\n'
    '    cookies: { get(name: string) { return cookieStore.get(name)?.value } }\n  })\n'
    '  const user = (await supabase.auth.getUser()).data.user\n'
    '  if (!user) {\n    throw new Error("User not found")\n  }\n'
    '  const { data: profile } = await supabase.from("profiles").select("*")'
    '.eq("user_id", user.id).single()\n'
    '  return profile\n}\n\n'
    'export async function findProfile(id: string) {\n'
    '  const supabase = createServerClient(process.env.URL!, process.env.KEY!, {})\n'
    '  const row = await supabase.from("profiles").select("*").eq("id", id).single()\n'
    '  const user = row.data\n'
    '  if (!user) {\n    throw new Error("User not found")\n  }\n  return user\n}\n')


def test_nextjs_helper_throwing_without_a_session_user(tmp_path):
    route = ('import { {fn} } from "@/lib/server/helpers"\n\n'
             'export async function POST(request: Request) {\n'
             '  const json = await request.json()\n'
             '  try {\n    const profile = await {fn}(json.id)\n'
             '    return new Response(JSON.stringify(profile))\n'
             '  } catch (error: any) {\n'
             '    return new Response(JSON.stringify({ message: error.message }), '
             '{ status: error.status || 500 })\n  }\n}\n')
    write_tree(tmp_path, {
        "package.json": '{"dependencies": {"next": "14.0.0"}}',
        "tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./*"]}}}',
        "lib/server/helpers.ts": NEXT_HELPER,
        "app/api/chat/route.ts": route.replace("{fn}", "getServerProfile"),
        "app/api/profile/route.ts": route.replace("{fn}", "findProfile"),
    })
    assert_routes(tmp_path, {("POST", "/api/chat", "required"),
                             ("POST", "/api/profile", "none")})


def test_go_wrapper_answering_401_without_a_header(tmp_path):
    write_tree(tmp_path, {
        "go.mod": "module example.com/hp\n\ngo 1.22\n\nrequire github.com/gorilla/mux v1.8.0\n",
        "main.go": (
            'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/gorilla/mux"\n)\n\n'
            'func checkPluginRequest(next http.HandlerFunc) http.HandlerFunc {\n'
            '\treturn func(w http.ResponseWriter, r *http.Request) {\n'
            '\t\tpluginID := r.Header.Get("Mattermost-Plugin-ID")\n'
            '\t\tif pluginID == "" {\n'
            '\t\t\thttp.Error(w, "Not authorized", http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n'
            '\t\tnext(w, r)\n\t}\n}\n\n'
            'func needsTrace(next http.HandlerFunc) http.HandlerFunc {\n'
            '\treturn func(w http.ResponseWriter, r *http.Request) {\n'
            '\t\ttrace := r.Header.Get("X-Trace-ID")\n'
            '\t\tif trace == "" {\n'
            '\t\t\thttp.Error(w, "missing trace", http.StatusBadRequest)\n\t\t\treturn\n\t\t}\n'
            '\t\tnext(w, r)\n\t}\n}\n\n'
            'type Share struct{ PasswordHash string }\n\n'
            'func shareAuth(r *http.Request, s Share) int {\n'
            '\tif s.PasswordHash == "" {\n\t\treturn 200\n\t}\n'
            '\tpassword := r.Header.Get("X-Share-Password")\n'
            '\tif password == "" {\n\t\treturn http.StatusUnauthorized\n\t}\n'
            '\treturn 200\n}\n\n'
            'func publicShare(w http.ResponseWriter, r *http.Request) {\n'
            '\tif shareAuth(r, Share{}) != 200 {\n\t\tw.WriteHeader(404)\n\t\treturn\n\t}\n}\n\n'
            'func getConfig(w http.ResponseWriter, r *http.Request) {}\n\n'
            'func main() {\n\tr := mux.NewRouter()\n'
            '\tr.HandleFunc("/config", checkPluginRequest(getConfig)).Methods(http.MethodGet)\n'
            '\tr.HandleFunc("/trace", needsTrace(getConfig)).Methods(http.MethodGet)\n'
            '\tr.HandleFunc("/share", publicShare).Methods(http.MethodGet)\n'
            '\thttp.ListenAndServe(":8080", r)\n}\n'),
    })
    # (a helper asking a share's password only when the share has one is no guard)
    assert_routes(tmp_path, {("GET", "/config", "required"), ("GET", "/trace", "none"),
                             ("GET", "/share", "none")})


def test_tinydb_elasticsearch_and_flask_g_as_data(tmp_path):
    write_tree(tmp_path, {"app/__init__.py": (
        "from flask import Flask, g\nfrom tinydb import TinyDB, Query\n"
        "from elasticsearch import Elasticsearch\n\napp = Flask(__name__)\n\n\n"
        "def get_db():\n    if 'db' not in g:\n        g.db = TinyDB('db.json')\n"
        "    return g.db\n\n\n"
        "def get_prefs():\n    g.prefs = {}\n    return g.prefs\n\n\n"
        "@app.route('/users')\ndef users():\n    db = get_db()\n"
        "    return {'n': db.search(Query().name == 'x')}\n\n\n"
        "@app.route('/search')\ndef search():\n    es = Elasticsearch('http://es:9200')\n"
        "    return es.search(index='notes', body={})\n\n\n"
        "@app.route('/prefs')\ndef prefs():\n    p = get_prefs()\n    return {'n': p.get('x')}\n")})
    eps = {(e.method, e.path): e for e in scan(tmp_path).endpoints if not e.implicit}
    assert [s["kind"] for s in eps[("GET", "/users")].data_sites] == ["document"]
    assert [s["kind"] for s in eps[("GET", "/search")].data_sites] == ["document"]
    assert eps[("GET", "/prefs")].data_sites == []


GO_SNIFF = """package h

import (
\t"fmt"
\t"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
\tvuln := r.URL.Query().Get("vuln")
\tif vuln == "1" {
\t\tw.Write([]byte("SECRET_KEY=12345"))
\t\treturn
\t}
\tif vuln == "2" {
\t\tid := r.URL.Query().Get("id")
\t\tw.Write([]byte(fmt.Sprintf("Profile of %s", id)))
\t\treturn
\t}
\tif vuln == "3" {
\t\tname := r.URL.Query().Get("name")
\t\tw.Write([]byte(fmt.Sprintf("<h2>Hello, %s!</h2>", name)))
\t\treturn
\t}
\tif vuln == "4" {
\t\tt := r.URL.Query().Get("t")
\t\tresult := fmt.Sprintf("Result: %s", t)
\t\tw.Write([]byte(result))
\t\treturn
\t}
\tfile := r.URL.Query().Get("file")
\tif file == "config.json" {
\t\tw.Write([]byte("<b>config</b>"))
\t} else {
\t\tw.Write([]byte(fmt.Sprintf("File content: %s", file)))
\t}
}

func Typed(w http.ResponseWriter, r *http.Request) {
\tw.Header().Set("Content-Type", "text/html; charset=utf-8")
\tname := r.URL.Query().Get("name")
\tfmt.Fprintf(w, "Hello %s", name)
}

func Second(w http.ResponseWriter, r *http.Request) {
\tw.Write([]byte("<html><body>"))
\tname := r.URL.Query().Get("name")
\tw.Write([]byte(fmt.Sprintf("Hi %s", name)))
}
"""


def test_go_sniffed_plain_text_across_branches(tmp_path):
    lines = GO_SNIFF.splitlines()
    want = {("xss", i + 1) for i, ln in enumerate(lines)
            if "<h2>Hello" in ln or '"Hello %s"' in ln or '"Hi %s"' in ln}
    assert len(want) == 3
    assert_findings(tmp_path, {"go.mod": "module example.com/h\n\ngo 1.22\n", "h.go": GO_SNIFF},
                    "xss", want)


def test_flask_upload_saved_under_its_own_name(tmp_path):
    src = (
        "import os\nfrom flask import Flask, request\nfrom werkzeug.utils import secure_filename\n\n"
        "app = Flask(__name__)\nUPLOAD_FOLDER = 'uploads'\n\n\n"
        "@app.route('/up', methods=['POST'])\ndef up():\n"
        "    username = request.form['username']\n"
        "    imagine = request.files.get('imagine_profil')\n"
        "    filename = f'Avatar_{username}_{imagine.filename}'\n"
        "    filepath = os.path.join(UPLOAD_FOLDER, filename)\n"
        "    imagine.save(filepath)  # expect: path-traversal\n    return 'ok'\n\n\n"
        "@app.route('/up3', methods=['POST'])\ndef up3():\n"
        "    imagine = request.files.get('f')\n"
        "    filepath = os.path.join(UPLOAD_FOLDER, secure_filename(imagine.filename))\n"
        "    imagine.save(filepath)  # ok: path-traversal\n    return 'ok'\n")
    want = {("path-traversal", i + 1) for i, ln in enumerate(src.splitlines())
            if "expect: path-traversal" in ln}
    assert_findings(tmp_path, {"app.py": src}, "path-traversal", want)


JS_SSRF = """const express = require("express");
const axios = require("axios");
const router = express.Router();

async function probe(baseUrl, id) {
  return axios.get(`${baseUrl}/api/tasks/${id}`);  // ok: ssrf
}

router.post("/probe", async (req, res) => {
  const r = await probe(`http://localhost:${process.env.PORT || 3001}`, req.body.id);
  res.json(r.data);
});

router.post("/fetch", async (req, res) => {
  const target = req.body.target;
  const r = await axios.get(`${target}/api/status`);  // expect: ssrf
  res.json(r.data);
});

module.exports = router;
"""


def test_js_template_url_from_a_base_parameter(tmp_path):
    want = {("ssrf", i + 1) for i, ln in enumerate(JS_SSRF.splitlines()) if "expect: ssrf" in ln}
    assert_findings(tmp_path, {"package.json": '{"dependencies": {"express": "4"}}',
                               "routes.js": JS_SSRF}, "ssrf", want)


def test_go_wrapper_option_constant_and_mattermost_kv(tmp_path):
    write_tree(tmp_path, {
        "go.mod": ("module example.com/mm\n\ngo 1.22\n\nrequire (\n"
                   "\tgithub.com/gorilla/mux v1.8.0\n"
                   "\tgithub.com/mattermost/mattermost/server/public v0.1.0\n)\n"),
        "api.go": (
            'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/gorilla/mux"\n'
            '\t"github.com/mattermost/mattermost/server/public/pluginapi"\n)\n\n'
            'type ResponseType string\n\n'
            'const (\n\tResponseTypeJSON ResponseType = "JSON_RESPONSE"\n)\n\n'
            'type Plugin struct {\n\tclient *pluginapi.Client\n\trouter *mux.Router\n}\n\n'
            'func (p *Plugin) checkAuth(h http.HandlerFunc, t ResponseType) http.HandlerFunc {\n'
            '\treturn func(w http.ResponseWriter, r *http.Request) {\n'
            '\t\tif r.Header.Get("Mattermost-User-ID") == "" {\n'
            '\t\t\thttp.Error(w, "Not authorized", http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n'
            '\t\th(w, r)\n\t}\n}\n\n'
            'func (p *Plugin) getUser(w http.ResponseWriter, r *http.Request) {\n'
            '\tvar v []byte\n\t_ = p.client.KV.Get("user", &v)\n\tw.Write(v)\n}\n\n'
            'func (p *Plugin) init() {\n\tp.router = mux.NewRouter()\n'
            '\tp.router.HandleFunc("/user", p.checkAuth(p.getUser, ResponseTypeJSON))'
            '.Methods(http.MethodGet)\n}\n'),
    })
    eps = {(e.method, e.path): e for e in scan(tmp_path).endpoints if not e.implicit}
    ep = eps[("GET", "/user")]
    assert ep.handler["name"].endswith("Plugin.getUser")
    assert [s["kind"] for s in ep.data_sites] == ["document"]


GO_UPLOAD = """package main

import (
\t"fmt"
\t"os/exec"

\t"github.com/gin-gonic/gin"
)

func Save(c *gin.Context) {
\tfile, header, err := c.Request.FormFile("file")
\tif err != nil {
\t\tc.String(400, err.Error())
\t\treturn
\t}
\tdefer file.Close()
\tfilename := header.Filename
\tcmd := fmt.Sprintf("md5sum %s/%s", "uploads", filename)
\tout, _ := exec.Command("sh", "-c", cmd).Output()  // expect: command-injection
\tc.String(200, string(out))
}

func Hash(c *gin.Context) {
\t_, _, err := c.Request.FormFile("file")
\tmsg := fmt.Sprintf("echo %v", err != nil)
\tout, _ := exec.Command("sh", "-c", msg).Output()  // ok: command-injection
\tc.String(200, string(out))
}

func main() {
\tr := gin.Default()
\tr.POST("/save", Save)
\tr.POST("/hash", Hash)
\tr.Run()
}
"""


def test_go_other_results_of_a_request_call(tmp_path):
    want = {("command-injection", i + 1) for i, ln in enumerate(GO_UPLOAD.splitlines())
            if "expect: command-injection" in ln}
    assert_findings(tmp_path, {"go.mod": "module example.com/up\n\ngo 1.21\n\n"
                                         "require github.com/gin-gonic/gin v1.9.0\n",
                               "h.go": GO_UPLOAD}, "command-injection", want)


SEQ_INDEX = """import { readdirSync } from "fs";
import { basename, dirname } from "path";
import { Sequelize, DataTypes } from "sequelize";
import { fileURLToPath } from "url";
const __filename = fileURLToPath(import.meta.url);
const __dirname = dirname(__filename);
const db = {};
const sequelize = new Sequelize("sqlite::memory:");
const files = readdirSync(__dirname).filter((f) => f !== basename(__filename));
await Promise.all(files.map(async (file) => {
  const model = await import(`./${file}`);
  const named = model.default(sequelize, DataTypes);
  db[named.name] = named;
}));
export default db;
"""


def test_sequelize_folder_registry_with_lowercase_models(tmp_path):
    write_tree(tmp_path, {
        "package.json": '{"type": "module", "dependencies": {"express": "4", "sequelize": "6"}}',
        "src/models/index.js": SEQ_INDEX,
        "src/models/category.js": (
            "export default (sequelize, DataTypes) => {\n"
            "  return sequelize.define('category', { name: DataTypes.STRING });\n};\n"),
        "src/cache.js": "const store = { category: { findOne: async () => null } };\n"
                        "export default store;\n",
        "src/services.js": (
            'import db from "./models/index.js";\nimport store from "./cache.js";\n'
            "export const createCategory = async (p) => {\n"
            "  const found = await db.category.findOne({ where: { name: p.name } });\n"
            "  return found;\n};\n"
            "export const cachedCategory = async (p) => store.category.findOne(p);\n"),
        "src/app.js": (
            'import express from "express";\n'
            'import { createCategory, cachedCategory } from "./services.js";\n'
            "const app = express();\n"
            'app.post("/categories", async (req, res) => res.json(await createCategory(req.body)));\n'
            'app.get("/cached", async (req, res) => res.json(await cachedCategory(req.query)));\n'
            "app.listen(3000);\n"),
    })
    eps = {(e.method, e.path): e for e in scan(tmp_path).endpoints if not e.implicit}
    assert [s["kind"] for s in eps[("POST", "/categories")].data_sites] == ["orm"]
    assert eps[("GET", "/cached")].data_sites == []


GIN_LIMIT = """package main

import (
\t"context"
\t"net/http"

\t"github.com/gin-gonic/gin"
\t"github.com/redis/go-redis/v9"
)

var rdb = redis.NewClient(&redis.Options{Addr: "localhost:6379"})

func redisLimiter(c *gin.Context, mark string) {
\tn, _ := rdb.Incr(context.Background(), mark+c.ClientIP()).Result()
\tif n > 100 {
\t\tc.Status(http.StatusTooManyRequests)
\t\tc.Abort()
\t\treturn
\t}
}

func limitFactory(mark string) func(c *gin.Context) {
\treturn func(c *gin.Context) {
\t\tredisLimiter(c, mark)
\t}
}

func GlobalAPIRateLimit() func(c *gin.Context) {
\treturn limitFactory("GA")
}

func status(c *gin.Context) { c.JSON(200, gin.H{"ok": true}) }

func visits(c *gin.Context) {
\tn, _ := rdb.Get(context.Background(), "visits").Result()
\tc.JSON(200, gin.H{"n": n})
}

func main() {
\tr := gin.Default()
\tapi := r.Group("/api")
\tapi.Use(GlobalAPIRateLimit())
\tapi.GET("/status", status)
\tapi.GET("/visits", visits)
\tr.Run()
}
"""


def test_rate_limiter_counters_are_not_the_routes_data(tmp_path):
    write_tree(tmp_path, {"go.mod": ("module example.com/rl\n\ngo 1.22\n\nrequire (\n"
                                     "\tgithub.com/gin-gonic/gin v1.9.0\n"
                                     "\tgithub.com/redis/go-redis/v9 v9.0.0\n)\n"),
                          "main.go": GIN_LIMIT})
    eps = {(e.method, e.path): e for e in scan(tmp_path).endpoints if not e.implicit}
    assert eps[("GET", "/api/status")].data_sites == []
    assert [s["kind"] for s in eps[("GET", "/api/visits")].data_sites] == ["cache"]
