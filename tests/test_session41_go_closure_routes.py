"""net/http: routes registered through a closure of the function that owns the mux
(`setup := func(method, pattern string, h http.HandlerFunc) { s.router.Handle(method+" "+
prefix+pattern, append(base, m).ThenFunc(h)) }`, then `setup("GET", "/v1/sources",
s.v1SourcesList)`): one route per call, the method and pattern the call hands over, the
function it hands over as handler, the chain's middleware (`base := chain.New(auth(db))`)
around it. A struct field typed by an interface of no name (`Posts interface { Create(...) }`)
dispatches to the types implementing it. Shapes of two Go backends labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module example.com/cp\n\ngo 1.22\n"
SERVER = (
    "package server\n\n"
    "import (\n\t\"database/sql\"\n\t\"net/http\"\n\n\t\"example.com/cp/chain\"\n)\n\n"
    "type Server struct {\n\trouter *http.ServeMux\n\tdb *sql.DB\n\tapiPrefix string\n}\n\n"
    "func authenticationMiddleware(db *sql.DB) func(http.Handler) http.Handler {\n"
    "\treturn func(next http.Handler) http.Handler {\n"
    "\t\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
    "\t\t\tif r.Header.Get(\"Authorization\") == \"\" {\n"
    "\t\t\t\tw.WriteHeader(http.StatusUnauthorized)\n\t\t\t\treturn\n\t\t\t}\n"
    "\t\t\tnext.ServeHTTP(w, r)\n\t\t})\n\t}\n}\n\n"
    "func (s *Server) Init() *Server {\n"
    "\tif s.router == nil {\n\t\ts.router = http.NewServeMux()\n\t}\n"
    "\tapiPrefix := s.apiPrefix\n"
    "\ts.router.HandleFunc(\"GET \"+apiPrefix+\"/health\", s.health)\n"
    "\tbase := chain.New(authenticationMiddleware(s.db))\n"
    "\tsetup := func(method, pattern string, hndl http.HandlerFunc) {\n"
    "\t\ts.router.Handle(method+\" \"+apiPrefix+pattern, append(base).ThenFunc(hndl))\n\t}\n"
    "\tsetup(\"GET\", \"/v1/sources\", s.v1SourcesList)\n"
    "\tsetup(\"PUT\", \"/v1/sources/{source}\", s.v1SourcesPut)\n"
    "\treturn s\n}\n\n"
    "func (s *Server) health(w http.ResponseWriter, r *http.Request) {}\n\n"
    "func (s *Server) v1SourcesList(w http.ResponseWriter, r *http.Request) {\n"
    "\ts.db.QueryContext(r.Context(), \"SELECT id FROM sources\")\n}\n\n"
    "func (s *Server) v1SourcesPut(w http.ResponseWriter, r *http.Request) {\n"
    "\ts.db.ExecContext(r.Context(), \"UPDATE sources SET x = 1\")\n}\n")
CHAIN = (
    "package chain\n\nimport \"net/http\"\n\n"
    "type Chain []func(http.Handler) http.Handler\n\n"
    "func New(m ...func(http.Handler) http.Handler) Chain { return Chain(m) }\n\n"
    "func (c Chain) ThenFunc(h http.HandlerFunc) http.Handler {\n"
    "\tvar out http.Handler = h\n"
    "\tfor i := len(c) - 1; i >= 0; i-- {\n\t\tout = c[i](out)\n\t}\n\treturn out\n}\n")


def test_closure_registered_routes(tmp_path):
    root = write_tree(tmp_path, {"go.mod": GO_MOD, "server/server.go": SERVER,
                                 "chain/chain.go": CHAIN})
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    assert ("GET", "/health") in eps, sorted(eps)
    lst = eps.get(("GET", "/v1/sources"))
    assert lst is not None, sorted(eps)
    assert lst.handler["name"].endswith("v1SourcesList"), lst.handler
    assert lst.auth == "required", (lst.middleware, lst.auth_reason)
    assert lst.data_sites, lst.chain
    put = eps.get(("PUT", "/v1/sources/{source}"))
    assert put is not None and put.handler["name"].endswith("v1SourcesPut"), sorted(eps)
    assert eps[("GET", "/health")].auth == "none"


STORE = (
    "package store\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n)\n\n"
    "type Post struct{ ID int64 }\n\n"
    "type Storage struct {\n\tPosts interface {\n"
    "\t\tCreate(context.Context, *Post) error\n\t}\n}\n\n"
    "type PostStore struct{ db *sql.DB }\n\n"
    "func (s *PostStore) Create(ctx context.Context, p *Post) error {\n"
    "\treturn s.db.QueryRowContext(ctx, \"INSERT INTO posts DEFAULT VALUES RETURNING id\")"
    ".Scan(&p.ID)\n}\n\n"
    "func NewStorage(db *sql.DB) Storage {\n\treturn Storage{Posts: &PostStore{db}}\n}\n")
API = (
    "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/cp/store\"\n)\n\n"
    "type application struct{ store store.Storage }\n\n"
    "func (app *application) createPostHandler(w http.ResponseWriter, r *http.Request) {\n"
    "\tp := &store.Post{}\n"
    "\tif err := app.store.Posts.Create(r.Context(), p); err != nil {\n"
    "\t\tw.WriteHeader(500)\n\t}\n}\n\n"
    "func (app *application) mount() http.Handler {\n"
    "\tmux := http.NewServeMux()\n"
    "\tmux.HandleFunc(\"POST /v1/posts\", app.createPostHandler)\n\treturn mux\n}\n")


def test_anonymous_interface_field_dispatch(tmp_path):
    root = write_tree(tmp_path, {"go.mod": GO_MOD, "store/storage.go": STORE,
                                 "cmd/api/api.go": API})
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    ep = eps[("POST", "/v1/posts")]
    assert ep.data_sites, [c.name for c in ep.chain]


CHAINS = (
    "package server\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/gorilla/mux\"\n"
    "\t\"example.com/cp/chain\"\n)\n\n"
    "func RequireUser(next http.Handler) http.Handler {\n"
    "\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
    "\t\tif r.Header.Get(\"Authorization\") == \"\" {\n"
    "\t\t\tw.WriteHeader(http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n"
    "\t\tnext.ServeHTTP(w, r)\n\t})\n}\n\n"
    "func Log(next http.Handler) http.Handler { return next }\n\n"
    "func Trace(next http.Handler) http.Handler { return next }\n\n"
    "func Handler() http.Handler {\n"
    "\t// the base chains\n"
    "\tstd := chain.NewChain(Log)\n"
    "\tauthed := std.Append(RequireUser)\n"
    "\textra := chain.NewChain(Trace)\n"
    "\trouter := mux.NewRouter()\n"
    "\trouter.Handle(\"/me\", authed.AppendChain(extra).Then(me)).Methods(\"GET\")\n"
    "\trouter.Handle(\"/version\", std.Then(version)).Methods(\"GET\")\n"
    "\treturn router\n}\n\n"
    "func me(w http.ResponseWriter, r *http.Request)      {}\n"
    "func version(w http.ResponseWriter, r *http.Request) {}\n")
CHAIN2 = (
    "package chain\n\nimport \"net/http\"\n\n"
    "type Chain []func(http.Handler) http.Handler\n\n"
    "func NewChain(m ...func(http.Handler) http.Handler) Chain { return Chain(m) }\n\n"
    "func (c Chain) Append(m ...func(http.Handler) http.Handler) Chain { return append(c, m...) }\n\n"
    "func (c Chain) AppendChain(o Chain) Chain { return append(c, o...) }\n\n"
    "func (c Chain) Then(h http.HandlerFunc) http.Handler {\n"
    "\tvar out http.Handler = h\n"
    "\tfor i := len(c) - 1; i >= 0; i-- {\n\t\tout = c[i](out)\n\t}\n\treturn out\n}\n")


def test_chain_values_of_the_function(tmp_path):
    root = write_tree(tmp_path, {"go.mod": GO_MOD, "server/server.go": CHAINS,
                                 "chain/chain.go": CHAIN2})
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    me = eps[("GET", "/me")]
    assert me.middleware == ["Log", "RequireUser", "Trace"], me.middleware
    assert me.auth == "required"
    assert eps[("GET", "/version")].auth == "none", eps[("GET", "/version")].middleware


STRIP = (
    "package api\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n)\n\n"
    "func newV2() chi.Router {\n\tr := chi.NewRouter()\n"
    "\tr.Get(\"/{ledger}/accounts\", accounts)\n\treturn r\n}\n\n"
    "func accounts(w http.ResponseWriter, r *http.Request) {}\n\n"
    "func NewRouter() chi.Router {\n\tmux := chi.NewRouter()\n"
    "\tv2Router := newV2()\n"
    "\tmux.Handle(\"/v2*\", http.StripPrefix(\"/v2\", http.HandlerFunc(func(w http.ResponseWriter,"
    " r *http.Request) {\n\t\tchi.RouteContext(r.Context()).Reset()\n"
    "\t\tv2Router.ServeHTTP(w, r)\n\t})))\n\treturn mux\n}\n")


def test_strip_prefix_to_a_function_serving_a_router(tmp_path):
    root = write_tree(tmp_path, {"go.mod": GO_MOD, "api/router.go": STRIP})
    got = {(e.method, e.path) for e in scan(root).endpoints if not e.implicit}
    assert ("GET", "/v2/{ledger}/accounts") in got, sorted(got)
