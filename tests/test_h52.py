"""h52: the checklist read item by item on field backends; each fix follows how the library
really works, with a look-alike that must keep its verdict."""
from __future__ import annotations

from conftest import write_tree

from auditor.scan import ScanOptions, run_scan


def _scan(tmp_path, files, checklists=None):
    root = write_tree(tmp_path / "app", files)
    return run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False,
                                checklists=checklists or [])).result


def _item(result, item_id):
    return next(c for c in result.checklist if c.id == item_id)


def _sqli_lines(result):
    return sorted(f.line for f in result.findings if f.rule_id == "sql-injection")


# --- SQLAlchemy: a column expression in Query.filter() binds its operands ---------------------

SA_FILTER = {
    "app.py": (
        "from flask import Flask, request\n"
        "from models import db, Topic\n"
        "\n"
        "app = Flask(__name__)\n"
        "\n"
        "\n"
        "@app.post('/tracker')\n"
        "def tracker():\n"
        "    ids = request.form.getlist('rowid')\n"
        "    rows = db.session.execute(db.select(Topic).filter(Topic.id.in_(ids))).scalars().all()\n"  # 10
        "    return {'n': len(rows)}\n"
        "\n"
        "\n"
        "@app.post('/search')\n"
        "def search():\n"
        "    name = request.form['name']\n"
        "    rows = db.session.query(Topic).filter(\"name = '{}'\".format(name)).all()\n"  # 17
        "    more = db.session.query(Topic).filter(\"name = '\" + name + \"'\").all()\n"  # 18
        "    like = db.session.query(Topic).filter(Topic.title.ilike(name)).all()\n"  # 19
        "    return {'n': len(rows) + len(more) + len(like)}\n"),
    "models.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\n"
                 "class Topic(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n",
}


def test_sqlalchemy_column_expression_in_filter_is_bound(tmp_path):
    r = _scan(tmp_path, SA_FILTER)
    lines = _sqli_lines(r)
    # Topic.id.in_(ids) and Topic.title.ilike(name) are expression objects: bound parameters
    assert 10 not in lines and 19 not in lines, lines
    # a string made by str.format or "+" in the same place is SQL text (SQLAlchemy 1.x Query)
    assert 17 in lines and 18 in lines, lines


# --- bcrypt verification counts as bcrypt password hashing ------------------------------------

GO_BASIC_AUTH = {
    "go.mod": "module example.com/app\n\ngo 1.21\n",
    "main.go": (
        "package main\n\n"
        "import (\n\t\"net/http\"\n\n\t\"golang.org/x/crypto/bcrypt\"\n)\n\n"
        "var passwordHash = []byte(\"\")\n\n"
        "func protected(w http.ResponseWriter, r *http.Request) {\n"
        "\t_, password, ok := r.BasicAuth()\n"
        "\tif !ok || bcrypt.CompareHashAndPassword(passwordHash, []byte(password)) != nil {\n"
        "\t\tw.WriteHeader(http.StatusUnauthorized)\n\t\treturn\n\t}\n"
        "\tw.Write([]byte(\"ok\"))\n}\n\n"
        "func main() {\n\thttp.HandleFunc(\"/private\", protected)\n"
        "\thttp.ListenAndServe(\":8080\", nil)\n}\n"),
}


def test_bcrypt_compare_is_evidence_of_bcrypt_passwords(tmp_path):
    item = _item(_scan(tmp_path, GO_BASIC_AUTH), "GEN-L5-CR-01")
    assert item.status == "pass", item
    assert any("CompareHashAndPassword" in e.get("text", "") for e in item.evidence)


def test_plain_compare_of_passwords_is_not_bcrypt(tmp_path):
    files = {"go.mod": GO_BASIC_AUTH["go.mod"],
             "main.go": GO_BASIC_AUTH["main.go"]
             .replace("\n\t\"golang.org/x/crypto/bcrypt\"", "\n\t\"strings\"")
             .replace("bcrypt.CompareHashAndPassword(passwordHash, []byte(password)) != nil",
                      "strings.Compare(string(passwordHash), password) != 0")}
    item = _item(_scan(tmp_path, files), "GEN-L5-CR-01")
    assert item.status != "pass", item


# --- a parameter builder in the storage folder is not a repository ----------------------------

def _go_store(params_method: str) -> dict:
    return {
        "go.mod": "module example.com/app\n\ngo 1.21\n",
        "main.go": (
            "package main\n\n"
            "import (\n\t\"database/sql\"\n\t\"net/http\"\n\n"
            "\t\"example.com/app/storage\"\n\t\"example.com/app/storage/paging\"\n)\n\n"
            "var store *storage.Store\n\n"
            "func list(w http.ResponseWriter, r *http.Request) {\n"
            "\tp := paging.NewParams().WithPage(1, 20)\n"
            "\tn, _ := store.Count(p)\n\tw.Write([]byte{byte(n)})\n}\n\n"
            "func main() {\n\tdb, _ := sql.Open(\"postgres\", \"\")\n"
            "\tstore = storage.New(db)\n\thttp.HandleFunc(\"/items\", list)\n"
            "\thttp.ListenAndServe(\":8080\", nil)\n}\n"),
        "storage/store.go": (
            "package storage\n\n"
            "import (\n\t\"database/sql\"\n\n\t\"example.com/app/storage/paging\"\n)\n\n"
            "type Store struct {\n\tdb *sql.DB\n}\n\n"
            "func New(db *sql.DB) *Store { return &Store{db: db} }\n\n"
            "func (s *Store) Count(p *paging.Params) (int, error) {\n"
            "\tvar n int\n"
            "\terr := s.db.QueryRow(\"SELECT count(*) FROM items LIMIT $1\", p.Size).Scan(&n)\n"
            "\treturn n, err\n}\n"),
        "storage/paging/params.go": (
            "package paging\n\n"
            "type Params struct {\n\tPage int\n\tSize int\n}\n\n"
            "func NewParams() *Params { return &Params{} }\n\n" + params_method),
    }


def test_fluent_parameter_builder_is_not_a_repository(tmp_path):
    files = _go_store("func (p *Params) WithPage(page, size int) *Params {\n"
                      "\tp.Page = page\n\tp.Size = size\n\treturn p\n}\n")
    item = _item(_scan(tmp_path, files), "GEN-L1-03")
    assert not any("paging.Params" in e.get("text", "") for e in item.evidence
                   if e.get("file")), item
    assert item.status == "pass", item


def test_stub_repository_method_in_the_storage_folder_still_fails(tmp_path):
    # the look-alike: a method there that answers records without a query
    files = _go_store("func (p *Params) WithPage(page, size int) []int {\n"
                      "\treturn []int{1, 2, 3}\n}\n")
    item = _item(_scan(tmp_path, files), "GEN-L1-03")
    assert item.status == "fail", item
    assert any("paging.Params" in e.get("text", "") for e in item.evidence), item


# --- pgcrypto: bcrypt done by PostgreSQL in the query ---------------------------------------

def _go_sql_users(salt: str) -> dict:
    return {
        "go.mod": "module example.com/app\n\ngo 1.21\n",
        "main.go": (
            "package main\n\n"
            "import (\n\t\"database/sql\"\n\t\"net/http\"\n)\n\n"
            "var db *sql.DB\n\n"
            "func register(w http.ResponseWriter, r *http.Request) {\n"
            "\tpassword := r.FormValue(\"password\")\n"
            "\tdb.Exec(\"INSERT INTO users (email, password) VALUES ($1, "
            f"CRYPT($2, GEN_SALT('{salt}')))\", r.FormValue(\"email\"), password)\n"
            "}\n\n"
            "func main() {\n\tdb, _ = sql.Open(\"postgres\", \"\")\n"
            "\thttp.HandleFunc(\"/register\", register)\n"
            "\thttp.ListenAndServe(\":8080\", nil)\n}\n"),
        "queries/users.sql": ("-- name: login\nSELECT * FROM users WHERE email = $1\n"
                              "    AND CRYPT($2, password) = password;\n"
                              f"-- name: set-password\nUPDATE users SET password = "
                              f"crypt($2, gen_salt('{salt}', 8)) WHERE id = $1;\n"),
    }


def test_pgcrypto_bcrypt_in_sql_is_bcrypt_password_hashing(tmp_path):
    item = _item(_scan(tmp_path, _go_sql_users("bf")), "GEN-L5-CR-01")
    assert item.status == "pass", item
    files = {e.get("file") for e in item.evidence}
    assert "queries/users.sql" in files or "main.go" in files, item.evidence


def test_pgcrypto_md5_salt_is_not_bcrypt(tmp_path):
    item = _item(_scan(tmp_path, _go_sql_users("md5")), "GEN-L5-CR-01")
    assert item.status != "pass", item


# --- a bare /forgot page is credential recovery, public by design -----------------------------

def test_forgot_page_is_public_by_design():
    from auditor.checks.impl import PUBLIC_ROUTE

    assert PUBLIC_ROUTE.search("/admin/forgot")
    assert PUBLIC_ROUTE.search("/forgot")
    assert not PUBLIC_ROUTE.search("/admin/forgotten-items")
    assert not PUBLIC_ROUTE.search("/admin/settings")


# --- password and its confirmation are not a secret compare -----------------------------------

GO_CONFIRM = (
    "package main\n\n"
    "import \"net/http\"\n\n"
    "type User struct{ Password string }\n\n"
    "func setup(w http.ResponseWriter, r *http.Request, u *User) {\n"
    "\tpassword := r.FormValue(\"password\")\n"
    "\tpassword2 := r.FormValue(\"password2\")\n"
    "\tif password != password2 {\n"  # 10
    "\t\tw.WriteHeader(400)\n\t\treturn\n\t}\n"
    "\tif password != u.Password {\n"  # 14
    "\t\tw.WriteHeader(401)\n\t}\n}\n")


def test_password_typed_twice_is_not_a_timing_leak(tmp_path):
    r = _scan(tmp_path, {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": GO_CONFIRM})
    lines = sorted(f.line for f in r.findings if f.rule_id == "timing-unsafe-compare")
    assert 10 not in lines, lines
    assert 14 in lines, lines  # the stored password compared with ==: still reported


# --- Go: a header map ranged over by a net/http Handler type's ServeHTTP ----------------------

def _go_security_mw(use: str) -> dict:
    return {
        "go.mod": "module example.com/app\n\ngo 1.21\n\nrequire github.com/go-chi/chi/v5 v5.0.0\n",
        "main.go": (
            "package main\n\n"
            "import (\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n"
            "\t\"example.com/app/middlewares\"\n)\n\n"
            "func index(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"hi\")) }\n\n"
            "func main() {\n\tr := chi.NewRouter()\n" + use +
            "\tr.Get(\"/\", index)\n\thttp.ListenAndServe(\":8080\", r)\n}\n"),
        "middlewares/security.go": (
            "package middlewares\n\n"
            "import \"net/http\"\n\n"
            "var securityHeaders = map[string]string{\n"
            "\t\"Content-Security-Policy\": \"default-src 'self'\",\n"
            "\t\"X-Frame-Options\":         \"DENY\",\n"
            "\t\"X-Content-Type-Options\":  \"nosniff\",\n}\n\n"
            "type SecurityMiddleware struct {\n\thandler http.Handler\n}\n\n"
            "func NewSecurityMiddleware() func(http.Handler) http.Handler {\n"
            "\treturn func(h http.Handler) http.Handler {\n"
            "\t\treturn &SecurityMiddleware{h}\n\t}\n}\n\n"
            "func (f *SecurityMiddleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {\n"
            "\tfor k, v := range securityHeaders {\n"
            "\t\tw.Header().Set(k, v)\n\t}\n"
            "\tf.handler.ServeHTTP(w, r)\n}\n"),
    }


def _missing_headers(result):
    return {f.message.split(" is never set")[0] for f in result.findings
            if f.rule_id == "security-headers"}


def test_go_handler_type_ranging_over_a_header_map_sets_those_headers(tmp_path):
    r = _scan(tmp_path, _go_security_mw("\tr.Use(middlewares.NewSecurityMiddleware())\n"))
    missing = _missing_headers(r)
    assert not {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"} & missing, missing
    assert "Strict-Transport-Security" in missing  # not in the map: still missing


def test_go_header_middleware_never_registered_still_counts_as_not_set(tmp_path):
    r = _scan(tmp_path, _go_security_mw(""))
    assert {"Content-Security-Policy", "X-Frame-Options"} <= _missing_headers(r)


# --- go-chi/httprate is a rate limiter ----------------------------------------------------------

def test_httprate_limits_the_login_route(tmp_path):
    main = (
        "package main\n\n"
        "import (\n\t\"net/http\"\n\t\"time\"\n\n\t\"github.com/go-chi/chi/v5\"\n"
        "\t\"github.com/go-chi/httprate\"\n)\n\n"
        "func login(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"ok\")) }\n\n"
        "func signup(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"ok\")) }\n\n"
        "func main() {\n\tr := chi.NewRouter()\n"
        "\tr.With(httprate.LimitByIP(5, time.Minute)).Post(\"/login\", login)\n"
        "\tr.With(httprate.LimitByIP(5, time.Minute)).Post(\"/signup\", signup)\n"
        "\tr.Post(\"/password-reset\", login)\n"
        "\thttp.ListenAndServe(\":8080\", r)\n}\n")
    r = _scan(tmp_path, {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": main})
    flagged = {f.endpoints[0] for f in r.findings if f.rule_id == "rate-limit"}
    assert "POST /login" not in flagged and "POST /signup" not in flagged, flagged
    assert "POST /password-reset" in flagged, flagged


# --- Django: security headers come from the settings' MIDDLEWARE ------------------------------

def _django(settings: str) -> dict:
    return {
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'conf')\n",
        "conf.py": "DEBUG = False\n" + settings,
        "views.py": "from django.http import JsonResponse\n\n\ndef ping(request):\n"
                    "    return JsonResponse({'ok': True})\n",
        "urls.py": "from django.urls import path\nfrom views import ping\n\n"
                   "urlpatterns = [path('ping/', ping)]\n",
    }


def test_django_security_middleware_sets_its_default_headers(tmp_path):
    r = _scan(tmp_path, _django(
        "MIDDLEWARE = [\n    'django.middleware.security.SecurityMiddleware',\n"
        "    'django.middleware.clickjacking.XFrameOptionsMiddleware',\n]\n"))
    missing = _missing_headers(r)
    # Django's defaults: nosniff, Referrer-Policy same-origin, X-Frame-Options DENY
    assert not {"X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} & missing, missing
    # HSTS needs SECURE_HSTS_SECONDS; no CSP middleware: still missing, anchored at MIDDLEWARE
    assert {"Strict-Transport-Security", "Content-Security-Policy"} <= missing, missing
    f = next(f for f in r.findings if f.rule_id == "security-headers")
    assert (f.file, f.line) == ("conf.py", 2), f
    item = _item(r, "GEN-L5-A05")
    assert item.status == "warn", item


def test_django_settings_turn_headers_on_and_off(tmp_path):
    r = _scan(tmp_path, _django(
        "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware',\n"
        "              'csp.middleware.CSPMiddleware']\n"
        "SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365\n"
        "SECURE_CONTENT_TYPE_NOSNIFF = False\n"))
    missing = _missing_headers(r)
    assert "Strict-Transport-Security" not in missing and "Content-Security-Policy" not in missing
    assert "X-Content-Type-Options" in missing  # turned off by its setting
    assert "X-Frame-Options" in missing  # no XFrameOptionsMiddleware


def test_django_without_its_security_middleware_sets_nothing(tmp_path):
    r = _scan(tmp_path, _django(
        "MIDDLEWARE = ['django.contrib.sessions.middleware.SessionMiddleware']\n"
        "SECURE_HSTS_SECONDS = 31536000\n"))
    assert {"X-Content-Type-Options", "X-Frame-Options", "Strict-Transport-Security"} <= \
        _missing_headers(r)


# --- insecure random: a count is not a secret; a seeder's sample rows are not credentials ------

def test_random_counts_and_seeded_sample_rows_are_not_credentials(tmp_path):
    seed = ("export function getSessionCountForDay(base: number): number {\n"
            "  const variance = 0.8 + Math.random() * 0.4;\n"  # 2
            "  return Math.round(base * variance);\n}\n\n"
            "export function generateEventsForSession(n: number) {\n"
            "  const value = Math.random() * 100;\n"  # 7
            "  return { n, value };\n}\n\n"
            "export function seedAdmin() {\n"
            "  const password = Math.random().toString(36).slice(2);\n"  # 12
            "  return { username: 'admin', password };\n}\n")
    r = _scan(tmp_path, {"scripts/seed/generators.ts": seed,
                         "src/lib/session.ts": "export function newSession() {\n"
                         "  const sessionId = Math.random().toString(36).slice(2);\n"
                         "  return sessionId;\n}\n"})
    sev = {(f.file, f.line): f.severity for f in r.findings if f.rule_id == "insecure-random"}
    assert sev.get(("scripts/seed/generators.ts", 2)) in (None, "info", "low"), sev
    assert sev.get(("scripts/seed/generators.ts", 7)) == "low", sev
    assert sev.get(("scripts/seed/generators.ts", 12)) == "high", sev  # a password, even there
    assert sev.get(("src/lib/session.ts", 2)) == "high", sev  # served code: a session id


# --- a GET heartbeat is a health endpoint; a POST heartbeat (data ingestion) is not ------------

def test_heartbeat_get_is_a_health_endpoint(tmp_path):
    from auditor.checklist.load import builtin_checklists
    from auditor.checklist.predicates import endpoints_exist

    spec = next(i for i in builtin_checklists()["generic"]["items"] if i["id"] == "GEN-L7-01")

    class E:
        def __init__(self, method, path):
            self.method, self.path, self.key = method, path, f"{method} {path}"
            self.registered_at = {"file": "a.ts", "line": 1}

    class Ctx:
        def __init__(self, eps):
            self.result = type("R", (), {"endpoints": eps})()

    ok = endpoints_exist(Ctx([E("GET", "/api/heartbeat")]), **spec["args"])
    assert ok[0] == "pass", ok
    bad = endpoints_exist(Ctx([E("POST", "/api/heartbeat")]), **spec["args"])
    assert bad[0] == "fail", bad


def test_heartbeat_read_is_static_but_a_heartbeat_post_is_not():
    from auditor.checks.impl import is_static_endpoint

    class E:
        def __init__(self, method, path):
            self.method, self.path = method, path

    assert is_static_endpoint(E("GET", "/api/heartbeat"))
    assert not is_static_endpoint(E("POST", "/api/heartbeat"))
    assert not is_static_endpoint(E("GET", "/api/heartbeats"))


# --- a translation key naming itself is not a hardcoded password --------------------------------

def test_translation_keys_are_not_secrets(tmp_path):
    msgs = ("export const messages = {\n"
            "  noMatchPassword: 'message.no-match-password',\n"  # 2
            "  incorrectUsernamePassword: 'message.incorrect-username-password',\n"  # 3
            "  adminPassword: 'Tr0ub4dor&3xq',\n"  # 4
            "  dbPassword: 'prod.secret-password-2024',\n"  # 5
            "};\n")
    r = _scan(tmp_path, {"src/components/messages.ts": msgs})
    lines = sorted(f.line for f in r.findings if f.rule_id == "hardcoded-secret")
    assert 2 not in lines and 3 not in lines, lines
    assert 4 in lines and 5 in lines, lines


# --- JWT evidence cites the verification, not the import ---------------------------------------

def test_jwt_pass_cites_the_verifying_call(tmp_path):
    app = ("import jwt\nfrom flask import Flask, request\n\napp = Flask(__name__)\nSECRET = 'x'\n\n\n"
           "@app.get('/me')\ndef me():\n"
           "    claims = jwt.decode(request.headers['Authorization'], SECRET, algorithms=['HS256'])\n"
           "    return {'sub': claims['sub']}\n")
    item = _item(_scan(tmp_path, {"app.py": app}), "GEN-L5-CR-02")
    assert item.status == "pass", item
    cited = [e for e in item.evidence if e.get("file")]
    assert cited and cited[0]["line"] == 10 and "jwt.decode" in cited[0]["text"], item.evidence


def test_top_level_status_read_is_a_health_endpoint():
    from auditor.checklist.load import builtin_checklists
    from auditor.checklist.predicates import endpoints_exist

    spec = next(i for i in builtin_checklists()["generic"]["items"] if i["id"] == "GEN-L7-01")

    class E:
        def __init__(self, method, path):
            self.method, self.path, self.key = method, path, f"{method} {path}"
            self.registered_at = {"file": "a.go", "line": 1}

    def status(*eps):
        ctx = type("C", (), {"result": type("R", (), {"endpoints": list(eps)})()})()
        return endpoints_exist(ctx, **spec["args"])[0]

    assert status(E("GET", "/api/v1/status")) == "pass"
    assert status(E("GET", "/status")) == "pass"
    assert status(E("GET", "/api/orders/{id}/status")) == "fail"  # a record's status
    assert status(E("PUT", "/api/status")) == "fail"


# --- ent: long fluent query chains resolve, and the generated runners are where queries run -----

_ENT_GEN = {
    "ent/client.go": (
        "package ent\n\n"
        "type Client struct {\n\tUser *UserClient\n}\n\n"
        "type UserClient struct {\n\tinters []Interceptor\n}\n\n"
        "func (c *UserClient) Query() *UserQuery {\n\treturn &UserQuery{inters: c.inters}\n}\n"),
    "ent/ent.go": (
        "package ent\n\n"
        "import (\n\t\"context\"\n\n\t\"entgo.io/ent\"\n"
        "\t\"entgo.io/ent/dialect/sql/sqlgraph\"\n)\n\n"
        "type Interceptor = ent.Interceptor\ntype Querier = ent.Querier\n"
        "type Value = ent.Value\ntype Query = ent.Query\n\n"
        "var _ = sqlgraph.IsConstraintError\n\n"
        "func querierAll[V Value, Q interface {\n\tsqlAll(context.Context) (V, error)\n}]() Querier {\n"
        "\treturn ent.QuerierFunc(func(ctx context.Context, q Query) (Value, error) {\n"
        "\t\treturn q.(Q).sqlAll(ctx)\n\t})\n}\n\n"
        "func withInterceptors[V Value](ctx context.Context, q Query, qr Querier, "
        "inters []Interceptor) (v V, err error) {\n"
        "\trv, err := qr.Query(ctx, q)\n\tif err != nil {\n\t\treturn v, err\n\t}\n"
        "\treturn rv.(V), nil\n}\n"),
    "ent/user_query.go": (
        "package ent\n\n"
        "import (\n\t\"context\"\n\n\t\"entgo.io/ent/dialect/sql/sqlgraph\"\n)\n\n"
        "type User struct {\n\tID   int\n\tName string\n}\n\n"
        "type UserQuery struct {\n\tinters []Interceptor\n\tlimit  int\n}\n\n"
        "func (uq *UserQuery) Where(ps ...func()) *UserQuery { return uq }\n\n"
        "func (uq *UserQuery) Order(o ...func()) *UserQuery { return uq }\n\n"
        "func (uq *UserQuery) Limit(n int) *UserQuery {\n\tuq.limit = n\n\treturn uq\n}\n\n"
        "func (uq *UserQuery) WithGroups() *UserQuery { return uq }\n\n"
        "func (uq *UserQuery) All(ctx context.Context) ([]*User, error) {\n"
        "\tqr := querierAll[[]*User, *UserQuery]()\n"
        "\treturn withInterceptors[[]*User](ctx, uq, qr, uq.inters)\n}\n\n"
        "func (uq *UserQuery) sqlAll(ctx context.Context) ([]*User, error) {\n"
        "\tvar nodes []*User\n"
        "\treturn nodes, sqlgraph.QueryNodes(ctx, nil, nil)\n}\n"),
}


def _ent_app(repo_body: str) -> dict:
    return {
        "go.mod": "module example.com/app\n\ngo 1.21\n\nrequire entgo.io/ent v0.12.0\n",
        **_ENT_GEN,
        "repo/users.go": (
            "package repo\n\n"
            "import (\n\t\"context\"\n\n\t\"example.com/app/ent\"\n)\n\n"
            "type UserRepository struct {\n\tdb *ent.Client\n}\n\n"
            "func New(db *ent.Client) *UserRepository { return &UserRepository{db: db} }\n\n"
            "func (r *UserRepository) List(ctx context.Context) ([]*ent.User, error) {\n"
            + repo_body + "}\n"),
        "main.go": (
            "package main\n\n"
            "import (\n\t\"encoding/json\"\n\t\"net/http\"\n\n"
            "\t\"example.com/app/ent\"\n\t\"example.com/app/repo\"\n)\n\n"
            "var users = repo.New(&ent.Client{})\n\n"
            "func list(w http.ResponseWriter, r *http.Request) {\n"
            "\tout, _ := users.List(r.Context())\n\tjson.NewEncoder(w).Encode(out)\n}\n\n"
            "func main() {\n\thttp.HandleFunc(\"/users\", list)\n"
            "\thttp.ListenAndServe(\":8080\", nil)\n}\n"),
    }


def test_ent_query_chain_reaches_its_data(tmp_path):
    r = _scan(tmp_path, _ent_app(
        "\treturn r.db.User.Query().Where().Where().WithGroups().Order().Limit(10).All(ctx)\n"))
    ep = next(e for e in r.endpoints if e.path == "/users")
    assert any(s["file"] == "ent/user_query.go" for s in ep.data_sites), ep.data_sites
    item = _item(r, "GEN-L1-03")
    assert item.status == "pass", item


def test_repository_answering_without_ent_still_has_no_data(tmp_path):
    r = _scan(tmp_path, _ent_app("\treturn []*ent.User{{ID: 1, Name: \"a\"}}, nil\n"))
    ep = next(e for e in r.endpoints if e.path == "/users")
    assert not ep.data_sites, ep.data_sites
    item = _item(r, "GEN-L1-03")
    assert item.status in ("fail", "not_verified"), item
    assert not any("UserRepository: queries" in e.get("text", "") for e in item.evidence), item


def test_a_function_named_withhooks_outside_ent_is_not_a_query(tmp_path):
    files = {
        "go.mod": "module example.com/app\n\ngo 1.21\n",
        "hooks/hooks.go": ("package hooks\n\nfunc withHooks(f func() int) int { return f() }\n\n"
                           "func Run() int {\n\treturn withHooks(func() int { return 1 })\n}\n"),
        "main.go": ("package main\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\n"
                    "\t\"example.com/app/hooks\"\n)\n\n"
                    "func h(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, hooks.Run()) }\n\n"
                    "func main() {\n\thttp.HandleFunc(\"/run\", h)\n"
                    "\thttp.ListenAndServe(\":8080\", nil)\n}\n"),
    }
    r = _scan(tmp_path, files)
    ep = next(e for e in r.endpoints if e.path == "/run")
    assert not ep.data_sites, ep.data_sites


def test_long_unresolved_method_chain_stays_linear(tmp_path):
    """A chain of 24 calls whose types run out after the first: each link's receiver is typed
    once (the interface fallback reuses it), so resolving it does not double per link."""
    import time

    chain = "x" + "".join(f".M{i}()" for i in range(24))
    main = ("package main\n\nimport \"net/http\"\n\n"
            "type T struct{}\n\nfunc (T) M0() Unknown { return nil }\n\n"
            "func h(w http.ResponseWriter, r *http.Request) {\n\tvar x T\n"
            f"\t_ = {chain}\n}}\n\n"
            "func main() {\n\thttp.HandleFunc(\"/h\", h)\n\thttp.ListenAndServe(\":8080\", nil)\n}\n")
    t = time.perf_counter()
    r = _scan(tmp_path, {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": main})
    assert any(e.path == "/h" for e in r.endpoints)
    assert time.perf_counter() - t < 30
