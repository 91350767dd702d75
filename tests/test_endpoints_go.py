"""Go routers followed the way the frameworks really wire them: routers built by constructors in
other packages and handed to methods of handler structs, registrars kept in slices, engines
declared and filled elsewhere, paths and prefixes built from package variables, local strings,
fmt.Sprintf and path-building closures, http.StripPrefix mounts, static routes, WebSockets."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import scan

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "endpoints" / "go-field"

EXPECTED = {
    # echo.New() in router.New() of another package; a group passed to h.Register(v1), a
    # method of a handler struct in another package; a group prefix without a leading slash;
    # paths built on util.BasePath (a package variable, "" unless a flag sets it); Echo Static
    "echo-ctor": {("GET", "/api/articles", "none"), ("POST", "/api/articles", "required"),
                  ("GET", "/api/articles/:slug", "none"), ("GET", "/about", "none"),
                  ("GET", "/", "none"), ("GET", "/assets/*", "none")},
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
