"""Go routers followed the way the frameworks really wire them: routers built by constructors in
other packages and handed to methods of handler structs, registrars kept in slices, engines
declared and filled elsewhere, paths and prefixes built from package variables, local strings,
fmt.Sprintf and path-building closures, http.StripPrefix mounts, static routes, WebSockets."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_routes, scan

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "endpoints" / "go-field"

EXPECTED = {
    # echo.New() in router.New() of another package; a group passed to h.Register(v1), a
    # method of a handler struct in another package; a group prefix without a leading slash;
    # paths built on util.BasePath (a package variable, "" unless a flag sets it); Echo Static
    "echo-ctor": {("GET", "/api/articles", "none"), ("POST", "/api/articles", "required"),
                  ("GET", "/api/articles/:slug", "none"), ("GET", "/about", "none"),
                  ("GET", "/", "none"), ("GET", "/assets/*", "none"),
                  # echo middleware config: the Skipper's method and path tests per route
                  ("GET", "/api/comments", "optional"), ("GET", "/api/comments/feed", "required"),
                  ("POST", "/api/comments", "required")},
    # var r *gin.Engine filled from the runtime; registrars appended to slices in init() and
    # called in range loops; Group().Use() chains, inline Group("").Use(auth).GET(); Static
    "gin-registrars": {("GET", "/static/*filepath", "none"), ("GET", "/api/v1/user", "required"),
                       ("GET", "/api/v1/user/:id", "required"),
                       ("GET", "/api/v1/tables/page", "required"),
                       ("GET", "/api/v1/captcha", "none"), ("GET", "/api/v1/health", "none")},
    # muxes mounted with http.StripPrefix under prefixes held in local variables built on a
    # configuration field (left out, flagged), nested mounts, fmt.Sprintf("GET %vhealth", base),
    # a subtree pattern ("/files/")
    "nethttp-mounts": {("GET", "/api/users", "required"), ("POST", "/api/auth/login", "none"),
                       ("GET", "/public/api/share/info", "none"), ("GET", "/health", "none"),
                       ("ANY", "/files/{path...}", "required")},
    # chi paths built by v1Base("/items") with v1Base := v1.BaseURLFunc(prefix), a closure of
    # another package, and a package constant; a handler that upgrades to a WebSocket
    "chi-builder": {("GET", "/api/v1/items", "none"), ("POST", "/api/v1/items", "none"),
                    ("WS", "/api/v1/ws/events", "none")},
    # gorilla PathPrefix(p).Handler(h).Methods(m): p and everything below it; mid.Use(h, mw...)
    # wraps a handler in the middleware after it; `if r.Method != "POST" { 405 }` serves POST
    "gorilla-prefix": {("GET", "/api/resources/{path:.*}", "required"),
                       ("DELETE", "/api/resources/{path:.*}", "required"),
                       ("GET", "/api/preview/{size}/{path:.*}", "required"),
                       ("POST", "/api/import", "required")},
    # LoadRoutes(app) is called with an app nobody can trace: it is replayed from there (its
    # groups included) before the registration functions it calls, which then do not come out
    # a second time without their prefix
    # a jwt middleware object handing out its handler by a generic method
    # (authMiddleware.MiddlewareFunc()), a package constructor judged by its package
    # (keyauth.New(...) guards, cors.Default() does not); a guard that delegates the token check and the 401 to
    # helpers it calls (a.RequireElevated); not guards: a session store's middleware, and a
    # loader that calls the same helpers under a name that says nothing of guarding; a handler
    # reading HTTP basic credentials and answering 401
    "gin-guards": {("GET", "/about", "none"), ("POST", "/login", "required"),
                   ("GET", "/api/v1/users", "required"), ("DELETE", "/users/:id", "required"),
                   ("GET", "/profile", "none"), ("GET", "/keyed/report", "required")},
    # handlers that are package variables built by a wrapper around a function literal, in
    # several files of one package (`var h = withUser(func...)`), passed through a local
    # adapter closure (`monkey(h, "/api/files")`), or returned by a factory function
    # (`return withUser(func...)`); a wrapper that only sets headers guards nothing
    "gorilla-vars": {("ANY", "/api/login", "none"), ("GET", "/api/users", "required"),
                     ("GET", "/api/files/{path:.*}", "required"),
                     ("GET", "/api/public/{path:.*}", "none"),
                     # factories whose body returns the wrapped literal
                     ("DELETE", "/api/files/{path:.*}", "required"), ("GET", "/api/stats", "none")},
    # a catch-all whose handler dispatches on a table of route structs (the dispatcher's key
    # check guards every entry; a prefix-matched entry takes the rest of the URL), a loop that
    # registers a table's entries, a wrapper with literal options after the handler it wraps;
    # a table of plain strings is no route table
    "route-tables": {("ANY", "/api/files/list", "required"),
                     ("ANY", "/api/files/get/{path}", "required"),
                     ("ANY", "/api/users/delete", "required"), ("ANY", "/admin", "required"),
                     ("ANY", "/about", "none"), ("ANY", "/status", "none"),
                     # a wrapper built on an optional one is optional; on a logger, nothing
                     ("ANY", "/share", "optional"), ("ANY", "/ping", "none")},
    # gorilla matcher chains in either order (`r.Path(p).Methods(m).HandlerFunc(h)`,
    # `r.Methods(m).Path(p)...`), `.Methods(http.MethodGet)`; a look-alike builder is no router
    "gorilla-chains": {("GET", "/items", "none"), ("POST", "/items", "none"),
                       ("GET", "/items/{id}", "none"), ("GET", "/api/users", "none"),
                       ("DELETE", "/api/users/{id}", "none")},
    # net/http handlers that are values: a struct literal or a factory's result whose type has
    # ServeHTTP (methods from its r.Method switch), a function converted to a handler type
    "serve-http": {("GET", "/api/users", "none"), ("POST", "/api/users", "none"),
                   ("ANY", "/api/items", "none"), ("ANY", "/view", "none")},
    "fiber-unreached": {("GET", "/app/admin/users", "none"),
                        ("PUT", "/app/admin/users/:id", "none"), ("GET", "/health", "none")},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_routes(name):
    res = scan(FIX / name)
    got = {(e.method, e.path, e.auth) for e in res.endpoints if not e.implicit}
    want = EXPECTED[name]
    assert got == want, f"missed {sorted(want - got)} extra {sorted(got - want)}"


def test_unknown_base_is_left_out_and_flagged():
    res = scan(FIX / "nethttp-mounts")
    health = [e for e in res.endpoints if e.path == "/health" and not e.implicit]
    assert health and not health[0].prefix_resolved
    reasons = " ".join(u["reason"] for u in res.unresolved_routes)
    assert "config.Config.Http.BaseURL" in reasons


def test_unknown_middle_of_a_path_is_not_guessed(tmp_path):
    from conftest import write_tree

    write_tree(tmp_path, {
        "go.mod": "module example.com/x\n\ngo 1.22\n",
        "main.go": ('package main\n\nimport "github.com/gin-gonic/gin"\n\n'
                    'func main() {\n\tr := gin.New()\n'
                    '\tr.GET("/v"+version()+"/items", list)\n\tr.GET("/ok", list)\n}\n'),
    })
    got = {(e.method, e.path) for e in scan(tmp_path).endpoints if not e.implicit}
    assert got == {("GET", "/ok")}


def _eps(tmp_path, files: dict[str, str]) -> dict[tuple[str, str], object]:
    from conftest import write_tree

    root = write_tree(tmp_path / "svc", {"go.mod": "module example.com/svc\n\ngo 1.22\n", **files})
    return {(e.method, e.path): e for e in scan(root).endpoints if e.method != "HEAD"}


AUTH_MW = '''package mw

import "github.com/gofiber/fiber/v2"

func AuthWeb() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if c.Cookies("session") == "" {
			return c.SendStatus(fiber.StatusUnauthorized)
		}
		return c.Next()
	}
}
'''


def test_fiber_group_prefix_without_slash_and_untied_root(tmp_path):
    """`app.Group("api").Use(auth)` guards /api/... (Fiber adds the slash), also when the app
    comes from a struct field nobody can tie to fiber.New."""
    eps = _eps(tmp_path, {
        "mw/mw.go": AUTH_MW,
        "routes/routes.go": '''package routes

import (
	"example.com/svc/mw"
	"github.com/gofiber/fiber/v2"
)

func LoadRoutes(app *fiber.App) {
	api := app.Group("api").Use(mw.AuthWeb())
	web := app.Group("")
	web.Get("/login", Login)
	v1 := api.Group("v1")
	v1.Get("/token", Me)
	UserRoutes(web)
}

func UserRoutes(web fiber.Router) {
	web.Use(mw.AuthWeb())
	web.Group("/app").Get("/me", Me)
}

func Login(c *fiber.Ctx) error { return c.SendString("login") }
func Me(c *fiber.Ctx) error    { return c.SendString("me") }
''',
        "main.go": '''package main

import "example.com/svc/routes"

type server struct{ App interface{} }

var srv server

func main() { routes.LoadRoutes(srv.App) }
'''})
    assert eps[("GET", "/api/v1/token")].auth == "required"
    assert eps[("GET", "/api/v1/token")].middleware == ["mw.AuthWeb"]  # once, not twice
    assert eps[("GET", "/app/me")].auth == "required"
    assert eps[("GET", "/login")].auth == "none"  # registered before the Use


def test_chi_handler_adapter_with_a_spread_middleware_slice(tmp_path):
    """`chain.ToHandlerFunc(h, userMW...)`: the handler first, the middleware of the slice
    literal after it."""
    eps = _eps(tmp_path, {"api/routes.go": '''package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type app struct{}

func (a *app) mwAuthToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (a *app) self(w http.ResponseWriter, r *http.Request)  {}
func (a *app) login(w http.ResponseWriter, r *http.Request) {}

func (a *app) routes(chain *Chain) http.Handler {
	r := chi.NewRouter()
	r.Post("/login", chain.ToHandlerFunc(a.login))
	userMW := []Middleware{
		a.mwAuthToken,
	}
	r.Get("/users/self", chain.ToHandlerFunc(a.self, userMW...))
	return r
}
'''})
    assert eps[("GET", "/users/self")].auth == "required", eps[("GET", "/users/self")].auth_reason
    assert eps[("POST", "/login")].auth == "none"


def test_build_constraints_leave_out_files_no_toolchain_builds():
    from auditor.index.gobuild import never_built

    assert never_built(b"//go:build !go1.7\n// +build !go1.7\n\npackage ctx\n")
    assert never_built(b"// +build !go1.7\n\npackage ctx\n")
    assert never_built(b"//go:build ignore\n\npackage main\n")
    assert never_built(b"//go:build (linux || darwin) && ignore\npackage main\n")
    # an OS, an architecture or a custom tag may hold: the file stays
    for kept in (b"//go:build linux\npackage x\n", b"//go:build go1.18\npackage x\n",
                 b"//go:build !windows || !go1.9\npackage x\n", b"package x\n\n//go:build ignore\n",
                 b"//go:build (\npackage x\n", b"// +build linux,!go1.7 darwin\npackage x\n"):
        assert not never_built(kept), kept
    from auditor.scan import ScanOptions, run_scan

    graph = run_scan(ScanOptions(path=str(FIX / "route-tables"), engines=["native"],
                                 use_cache=False, jobs=1)).graph
    users = [n for n in graph.g.nodes if n.endswith("ctx.User")]
    assert [graph.g.nodes[n]["file"] for n in users] == ["ctx/ctx.go"]


# Route methods written as constants (`http.MethodGet`, `fiber.MethodGet`) or as a slice
# (`Match([]string{...})`): each framework's own spellings, one app per framework
METHOD_FORMS = {
    "gin": {("ANY", "/any"), ("GET", "/match"), ("POST", "/match"), ("PUT", "/handle"),
            ("GET", "/v1/a")},
    "echo": {("ANY", "/any"), ("GET", "/match"), ("POST", "/match"), ("PATCH", "/add")},
    "fiber": {("ANY", "/all"), ("GET", "/add"), ("GET", "/r/x")},
    "chi": {("GET", "/mf"), ("POST", "/m"), ("GET", "/with"), ("CONNECT", "/c")},
}


@pytest.mark.parametrize("fw", sorted(METHOD_FORMS))
def test_method_constants_and_slices(fw):
    assert_routes(FIX / "method-forms" / fw, METHOD_FORMS[fw], with_auth=False)


# Each framework's own auth middleware in its usual places: a wrapper on a Go 1.22 method
# pattern, chi groups with go-chi/jwtauth (Verifier alone lets anonymous requests through;
# Authenticator rejects), a mounted sub-router, Echo and Gin basic auth on a group, Fiber's
# JWT middleware on a group
AUTH_FORMS = {
    "std": {("GET", "/items/{id}", "none"), ("POST", "/items", "required"),
            ("DELETE", "/items/{id}", "required")},
    "chi": {("GET", "/public", "none"), ("GET", "/private", "required"),
            ("GET", "/admin/stats", "optional")},
    "echo": {("GET", "/public", "none"), ("GET", "/admin/stats", "required")},
    "fiber": {("GET", "/public", "none"), ("GET", "/api/me", "required")},
    "gin": {("GET", "/public", "none"), ("GET", "/admin/secrets", "required")},
    # middleware named through an interface: judged by the tree's implementations (a jwtauth
    # Verifier and a header reader pass anonymous requests; Guard's implementations reject)
    "iface": {("GET", "/healthcheck", "optional"), ("GET", "/api/events", "required")},
}


@pytest.mark.parametrize("fw", sorted(AUTH_FORMS))
def test_auth_middleware_forms(fw):
    assert_routes(FIX / "auth-forms" / fw, AUTH_FORMS[fw])


def test_a_handler_value_runs_its_types_serve_http():
    res = scan(FIX / "serve-http")
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    assert eps[("GET", "/api/users")].handler["name"].endswith("UsersHandler.ServeHTTP")
    assert eps[("GET", "/api/users")].reaches_sql
    assert eps[("ANY", "/view")].handler["name"].endswith(".viewRecord")
    assert res.unresolved_routes == []


def test_a_client_call_on_a_value_no_factory_of_the_tree_builds_is_no_route(tmp_path):
    """`resource := client.Resource(gvr); resource.Get(ctx, name, opts)` (a Kubernetes dynamic
    client) in a chi program: a value no function of the tree builds as a router, called with no
    path written out, is a client call; a router from the same kind of factory with a literal
    path stays a route."""
    from conftest import write_tree

    write_tree(tmp_path, {
        "go.mod": "module example.com/k\n\ngo 1.22\n",
        "main.go": ('package main\n\nimport (\n\t"context"\n\t"net/http"\n\n'
                    '\t"github.com/go-chi/chi/v5"\n\tmetav1 "k8s.io/apimachinery/pkg/apis/meta/v1"\n'
                    '\t"example.com/lib/router"\n)\n\n'
                    'type K struct{ Client interface{ Resource(any) any } }\n\n'
                    'func (k *K) owner(ctx context.Context, name string) {\n'
                    '\tresource := k.Client.Resource(nil)\n'
                    '\t_, _ = resource.Get(ctx, name, metav1.GetOptions{})\n}\n\n'
                    'func main() {\n\tr := chi.NewRouter()\n'
                    '\tr.Get("/health", func(w http.ResponseWriter, r *http.Request) {})\n'
                    '\tother := router.New()\n'
                    '\tother.Get("/items", func(w http.ResponseWriter, r *http.Request) {})\n'
                    '\thttp.ListenAndServe(":8080", r)\n}\n'),
    })
    got = {(e.method, e.path) for e in scan(tmp_path).endpoints if not e.implicit}
    assert ("GET", "/health") in got and ("GET", "/items") in got
    assert not any(p == "/" for _, p in got), got
