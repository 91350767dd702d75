"""Go: an adapter of the tree handed the serving function wrapped in another wrapper of the
tree among its dependencies (`EnvHandler(pool, logger, AuthenticatedHandler(GetFeeds))`): the
innermost function serves the route (its data is traced), both wrappers are its middleware, and
the pair checks credentials together when the adapter reads the session into what it hands on
and the inner wrapper rejects with 403 when that holds no user. A wrapper that rejects without
anything having read a credential proves nothing. Shape read in a chi + pgx backend labelled
before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module feeds\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n"

HTTP = (
    "package backend\n\n"
    "import (\n\t\"database/sql\"\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n)\n\n"
    "type environment struct {\n\tuser *string\n\tdb *sql.DB\n}\n\n"
    "type EnvHandlerFunc func(w http.ResponseWriter, req *http.Request, env *environment)\n\n"
    "func userFromSession(req *http.Request, db *sql.DB) *string {\n"
    "\tc, err := req.Cookie(\"session\")\n"
    "\tif err != nil {\n\t\treturn nil\n\t}\n"
    "\tv := c.Value\n\treturn &v\n}\n\n"
    "func EnvHandler(db *sql.DB, f EnvHandlerFunc) http.Handler {\n"
    "\treturn http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {\n"
    "\t\tenv := &environment{user: userFromSession(req, db), db: db}\n"
    "\t\tf(w, req, env)\n\t})\n}\n\n"
    "func PlainEnv(db *sql.DB, f EnvHandlerFunc) http.Handler {\n"
    "\treturn http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {\n"
    "\t\tf(w, req, &environment{db: db})\n\t})\n}\n\n"
    "func AuthenticatedHandler(f EnvHandlerFunc) EnvHandlerFunc {\n"
    "\treturn EnvHandlerFunc(func(w http.ResponseWriter, req *http.Request, env *environment) {\n"
    "\t\tif env.user == nil {\n\t\t\tw.WriteHeader(http.StatusForbidden)\n\t\t\treturn\n\t\t}\n"
    "\t\tf(w, req, env)\n\t})\n}\n\n"
    "func GetFeeds(w http.ResponseWriter, req *http.Request, env *environment) {\n"
    "\trows, _ := env.db.Query(\"select id from feeds\")\n\tdefer rows.Close()\n}\n\n"
    "func Register(w http.ResponseWriter, req *http.Request, env *environment) {\n"
    "\tenv.db.Exec(\"insert into users(name) values ($1)\", req.FormValue(\"name\"))\n}\n\n"
    "func NewAPI(db *sql.DB) http.Handler {\n"
    "\tr := chi.NewRouter()\n"
    "\tr.Method(\"GET\", \"/feeds\", EnvHandler(db, AuthenticatedHandler(GetFeeds)))\n"
    "\tr.Method(\"POST\", \"/register\", EnvHandler(db, Register))\n"
    "\tr.Method(\"GET\", \"/other\", PlainEnv(db, AuthenticatedHandler(GetFeeds)))\n"
    "\treturn r\n}\n")


def test_wrapped_function_handed_to_an_adapter(tmp_path):
    root = write_tree(tmp_path, {"go.mod": GO_MOD, "backend/http.go": HTTP})
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    feeds = eps[("GET", "/feeds")]
    assert feeds.handler["name"].endswith("GetFeeds"), feeds.handler
    assert feeds.middleware[-2:] == ["EnvHandler", "AuthenticatedHandler"], feeds.middleware
    assert feeds.auth == "required", (feeds.auth, feeds.auth_reason)
    assert feeds.data_sites, "the wrapped handler's query is traced"
    reg = eps[("POST", "/register")]
    assert reg.handler["name"].endswith("Register") and reg.auth == "none", \
        (reg.handler, reg.auth, reg.auth_reason)
    # nothing read a credential before the 403: no verdict of required from the pair
    other = eps[("GET", "/other")]
    assert other.handler["name"].endswith("GetFeeds")
    assert other.auth != "required", other.auth_reason


HANDLERS = (
    "package handlers\n\n"
    "import (\n\t\"database/sql\"\n\t\"net/http\"\n)\n\n"
    "func LoginHandler(db *sql.DB) http.HandlerFunc {\n"
    "\treturn func(w http.ResponseWriter, r *http.Request) {\n"
    "\t\tvar hash string\n"
    "\t\tdb.QueryRow(\"select hash from users where name = $1\", r.FormValue(\"username\")).Scan(&hash)\n"
    "\t\tif hash != r.FormValue(\"password\") {\n"
    "\t\t\thttp.Error(w, \"invalid credentials\", http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n"
    "\t}\n}\n\n"
    "func SessionsHandler(db *sql.DB) http.HandlerFunc {\n"
    "\treturn func(w http.ResponseWriter, r *http.Request) { db.Exec(\"delete from sessions\") }\n}\n")

ROUTES = (
    "package engine\n\n"
    "import (\n\t\"database/sql\"\n\n\t\"github.com/go-chi/chi/v5\"\n"
    "\t\"feeds/engine/handlers\"\n)\n\n"
    "func Bind(r chi.Router, db *sql.DB) {\n"
    "\tr.Route(\"/v1\", func(r chi.Router) {\n"
    "\t\tr.Post(\"/login\", handlers.LoginHandler(db))\n"
    "\t\tr.Delete(\"/sessions\", handlers.SessionsHandler(db))\n\t})\n}\n")


def test_factory_named_like_a_wrapper_is_the_handler(tmp_path):
    # `LoginHandler(db)` and `SessionsHandler(db)`: names a wrapper could have ("log",
    # "session"), handed a store parameter: factories of the handler, not wrappers of `db`
    root = write_tree(tmp_path, {"go.mod": GO_MOD, "engine/routes.go": ROUTES,
                                 "engine/handlers/auth.go": HANDLERS})
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    login = eps[("POST", "/v1/login")]
    assert login.handler["name"].endswith("LoginHandler"), login.handler
    assert login.auth == "none", login.auth_reason  # a login checks the password it is sent
    sessions = eps[("DELETE", "/v1/sessions")]
    assert sessions.handler["name"].endswith("SessionsHandler"), sessions.handler
    assert sessions.data_sites, "the factory's closure is traced"
