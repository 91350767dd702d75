"""Endpoint inventory on one small app per framework: every route with its full path, auth flag,
middleware, handler and trace, compared with what each fixture registers."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import scan
from expect import compare

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "endpoints"

# (method, path, authenticated) of every non-implicit endpoint of each fixture app
EXPECTED = {
    "fiber": {("GET", "/health", False), ("GET", "/api/v1/public/stats", False),
              ("GET", "/api/v1/orders/", True), ("POST", "/api/v1/orders/:id/cancel", True),
              ("GET", "/api/v1/reports/daily", False)},
    "gin": {("GET", "/ping", False), ("GET", "/v1/open", False), ("GET", "/v1/users", True),
            ("GET", "/v1/users/:id", True), ("DELETE", "/v1/admin/users/:id", True),
            ("PATCH", "/things", False), ("GET", "/v2/status", False)},
    "echo": {("GET", "/api/items", False), ("POST", "/api/items", True),
             ("PUT", "/items/:id", False), ("GET", "/admin", True)},
    "chi": {("GET", "/", False), ("GET", "/articles/", False), ("POST", "/articles/", False),
            ("GET", "/articles/{id}/", False), ("DELETE", "/articles/{id}", True),
            ("GET", "/admin/stats", True)},
    "gorilla": {("GET", "/products", False), ("GET", "/api/products/{id}", True),
                ("PUT", "/api/products/{id}", True)},
    "nethttp": {("GET", "/items/{id}", False), ("POST", "/items", True), ("ANY", "/legacy", False)},
    "fastapi": {("GET", "/health", False), ("DELETE", "/api/admin/items/{item_id}", True),
                ("GET", "/api/items/", False), ("POST", "/api/items/", True),
                ("GET", "/api/items/featured", True), ("GET", "/api/items/stats", False)},
    "flask": {("GET", "/shop/products", False), ("GET", "/shop/cart", True),
              ("POST", "/shop/cart", True), ("GET", "/orders/<int:id>", True),
              ("DELETE", "/orders/<int:id>", True)},
    # re_path regexes rendered as paths; a class-based view serves the methods it defines
    "django": {("ANY", "/blog/", False), ("ANY", "/blog/archive/{year}/", True),
               ("GET", "/blog/about/", False)} |
              {(m, p, True) for m, p in [("GET", "/blog/api/posts/"), ("POST", "/blog/api/posts/"),
                                         ("GET", "/blog/api/posts/{pk}/"),
                                         ("PUT", "/blog/api/posts/{pk}/"),
                                         ("PATCH", "/blog/api/posts/{pk}/"),
                                         ("DELETE", "/blog/api/posts/{pk}/")]},
    "express": {("GET", "/health", False), ("POST", "/login", False),
                ("GET", "/admin/reports", False), ("GET", "/late", False),
                ("GET", "/private", True), ("GET", "/api/users/", True),
                ("GET", "/api/users/:id", True), ("DELETE", "/api/users/:id", True)},
    "nestjs": {("GET", "/api/cats", False), ("GET", "/api/cats/:id", False),
               ("POST", "/api/cats", True), ("DELETE", "/api/admin/cats/:id", True)},
    "nextjs": {("GET", "/api/users/[id]", False), ("DELETE", "/api/users/[id]", False),
               ("GET", "/api/stats", False), ("ANY", "/api/hello", False)},
}

_results: dict = {}


def result(name: str):
    if name not in _results:
        _results[name] = scan(FIX / name)
    return _results[name]


def by_key(res) -> dict:
    return {(e.method, e.path): e for e in res.endpoints if not e.implicit}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_endpoints_found(name):
    res = result(name)
    got = {(e.method, e.path, e.authenticated) for e in res.endpoints if not e.implicit}
    assert got == EXPECTED[name], (f"missing {sorted(EXPECTED[name] - got)}\n"
                                   f"extra {sorted(got - EXPECTED[name])}")
    assert res.unresolved_routes == [] or name == "django", res.unresolved_routes


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ineffective_auth_findings(name):
    res = result(name)
    problems = compare(FIX / name, res.findings, {"ineffective-auth"})
    assert problems == [], "\n".join(problems)


def test_fiber_trace_reaches_repository_sql():
    eps = by_key(result("fiber"))
    ep = eps[("GET", "/api/v1/orders/")]
    assert ep.handler["name"].endswith("handlers.Handlers.ListOrders")
    assert [c.layer for c in ep.chain][:3] == ["handler", "service", "repository"]
    assert ep.reaches_service and ep.reaches_repository and ep.reaches_sql
    assert ep.sql_sites == [{"file": "repository/orders.go", "line": 17}]
    assert ep.middleware == ["middleware.Logger", "middleware.RequireAuth"]
    assert not ep.hardcoded_response
    stats = eps[("GET", "/api/v1/public/stats")]
    assert stats.hardcoded_response and not stats.reaches_sql  # fiber.Map of literals only
    assert "middleware.OptionalAuth" in stats.middleware and not stats.authenticated
    cancel = eps[("POST", "/api/v1/orders/:id/cancel")]
    assert cancel.middleware[-1] == "middleware.Admin"
    assert cancel.registered_at == {"file": "main.go", "line": 30}


def test_fiber_implicit_head_routes():
    res = result("fiber")
    heads = {e.path for e in res.endpoints if e.implicit and e.method == "HEAD"}
    assert "/api/v1/orders/" in heads and "/health" in heads


def test_gin_group_use_order_and_echo_root_use():
    gin = by_key(result("gin"))
    assert gin[("GET", "/v1/open", )[:2]].middleware == []  # Use came after it
    assert gin[("GET", "/v1/users")].middleware == ["AuthRequired"]
    echo = by_key(result("echo"))
    # e.Use at the root wraps every route, whenever it was called
    assert echo[("GET", "/api/items")].middleware == ["middleware.Logger"]
    # Echo takes route middleware after the handler: GET(path, h, m...)
    admin = echo[("GET", "/admin")]
    assert admin.middleware == ["middleware.Logger", "middleware.KeyAuth"]
    assert admin.handler["name"].endswith("listItems")


def test_fastapi_dependencies_and_implicit_docs():
    res = result("fastapi")
    eps = by_key(res)
    assert eps[("DELETE", "/api/admin/items/{item_id}")].middleware == ["require_user"]
    assert eps[("GET", "/api/items/")].reaches_sql
    assert eps[("GET", "/api/items/featured")].hardcoded_response
    implicit = {(e.method, e.path) for e in res.endpoints if e.implicit}
    assert ("GET", "/docs") in implicit and ("GET", "/openapi.json") in implicit
    assert ("GET", "/redoc") not in implicit  # redoc_url=None


def test_express_mount_order_and_sql():
    eps = by_key(result("express"))
    users = eps[("GET", "/api/users/")]
    assert users.middleware == ["express.json", "requireAuth"]
    assert users.reaches_sql
    assert eps[("DELETE", "/api/users/:id")].middleware[-1] == "isAdmin"


def test_nestjs_prisma_trace():
    eps = by_key(result("nestjs"))
    ep = eps[("GET", "/api/cats")]
    assert ep.reaches_sql and ep.handler["name"].endswith("CatsController.findAll")


def test_endpoints_cli_json_and_text(tmp_path):
    from conftest import run_cli

    proc = run_cli("endpoints", str(FIX / "gorilla"), "--format", "json", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    import json

    doc = json.loads(proc.stdout)
    assert {(e["method"], e["path"]) for e in doc["endpoints"]} == \
        {("GET", "/products"), ("GET", "/api/products/{id}"), ("PUT", "/api/products/{id}")}
    proc = run_cli("endpoints", str(FIX / "gorilla"), "--no-cache")
    assert proc.returncode == 0 and "/api/products/{id}" in proc.stdout


def test_lookalikes_are_not_routes_and_unresolvable_routes_are_listed(tmp_path):
    from conftest import write_tree

    write_tree(tmp_path, {
        "go.mod": "module example.com/x\n\ngo 1.22\n",
        "client.go": (
            'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/gofiber/fiber/v2"\n)\n\n'
            'func call(client *http.Client, c *fiber.Ctx, body any) {\n'
            '\thttp.Get("http://example.com/users")\n'
            '\tresp, _ := http.Post("/users", "application/json", nil)\n\t_ = resp\n'
            '\t_ = c.Get("Authorization")\n'
            '\tcache.Get("/users", body)\n}\n'),
        "routes.go": (
            'package main\n\nimport "github.com/gofiber/fiber/v2"\n\n'
            'func main() {\n\tapp := fiber.New()\n\tbase := "/v" + version()\n'
            '\tapp.Get(base+"/items", list)\n\tapp.Get("/ok", list)\n}\n\n'
            'func Register(r fiber.Router) {\n\tr.Get("/orphan", orphan)\n}\n'),
        "client.py": "import requests\n\nrequests.get('/users')\nsession.post('/x', data={})\n",
        "client.ts": "const r = await fetch('/api/users');\naxios.get('/api/users', cfg);\n",
    })
    res = scan(tmp_path)
    got = {(e.method, e.path, e.prefix_resolved) for e in res.endpoints if not e.implicit}
    # a registration function nobody calls with a router still yields its route, flagged
    assert got == {("GET", "/ok", True), ("GET", "/orphan", False)}
    reasons: dict = {}
    for u in res.unresolved_routes:
        reasons[(u["file"], u["line"])] = reasons.get((u["file"], u["line"]), "") + u["reason"]
    assert "built at run time" in reasons[("routes.go", 8)]
    assert "never called" in reasons[("routes.go", 13)]
    assert "listed without its prefix" in reasons[("routes.go", 13)]


def test_auth_verdict_by_behaviour_and_name():
    from auditor.endpoints.auth import AUTH, NONE, OPTIONAL, verdict
    from auditor.endpoints.profile import profile

    strict = profile('func A() { t := c.Get("Authorization"); if t == "" { return c.Status('
                     'fiber.StatusUnauthorized).SendString("no") }; return c.Next() }')
    lenient = profile('func B() { t := c.Get("Authorization")\n if t == "" {\n'
                      '  // anonymous is fine\n  return c.Next()\n }\n return c.Next() }')
    py_optional = profile("def maybe(authorization: str = Header(None)):\n"
                          "    if not authorization:\n        return None\n    return decode(authorization)\n")
    assert verdict("middleware.Check", {"auth": strict}, [])[0] == AUTH
    assert verdict("middleware.Check", {"auth": lenient}, [])[0] == OPTIONAL
    assert verdict("maybe", {"auth": py_optional}, [])[0] == OPTIONAL
    assert verdict("middleware.OptionalAuth", None, [])[0] == OPTIONAL
    assert verdict("middleware.RequireJWT", None, [])[0] == AUTH
    assert verdict("middleware.RateLimitMiddleware", None, [])[0] == NONE
    assert verdict("cors", None, [])[0] == NONE
    assert verdict("mw.Gatekeeper", None, ["Gatekeeper"])[0] == AUTH  # config.auth_middleware
    # the opposite of a guard (login pages for visitors who are not logged in)
    assert verdict("s.requireAuth", None, [])[0] == AUTH
    for name in ("s.requireNoAuth", "middleware.GuestOnly", "redirect_if_unauthenticated_only",
                 "requireLoggedOut"):
        assert verdict(name, None, [])[0] == NONE, name


@pytest.mark.parametrize("lang, call, sql", [
    ("go", {"name": "QueryContext", "receiver": "r.db", "callee": "r.db.QueryContext"}, True),
    ("go", {"name": "Exec", "receiver": "tx", "callee": "tx.Exec"}, True),
    ("go", {"name": "Find", "receiver": "r.db.Where(\"a = ?\", 1)", "callee": "x.Find"}, True),
    ("go", {"name": "Get", "receiver": "c", "callee": "c.Get"}, False),
    ("go", {"name": "Query", "receiver": "c", "callee": "c.Query"}, False),
    ("go", {"name": "Get", "receiver": "h.cache", "callee": "h.cache.Get"}, False),
    ("python", {"name": "execute", "receiver": "cursor", "callee": "cursor.execute"}, True),
    ("python", {"name": "fetchrow", "receiver": "conn", "callee": "conn.fetchrow"}, True),
    ("python", {"name": "query", "receiver": "self.session", "callee": "self.session.query"}, True),
    ("python", {"name": "filter", "receiver": "User.objects", "callee": "User.objects.filter"}, True),
    ("python", {"name": "get", "receiver": "requests", "callee": "requests.get"}, False),
    ("python", {"name": "execute", "receiver": "executor", "callee": "executor.execute"}, False),
    ("typescript", {"name": "query", "receiver": "pool", "callee": "pool.query"}, True),
    ("typescript", {"name": "findMany", "receiver": "this.prisma.user",
                    "callee": "this.prisma.user.findMany"}, True),
    ("typescript", {"name": "findOne", "receiver": "this.userRepository",
                    "callee": "this.userRepository.findOne"}, True),
    ("typescript", {"name": "find", "receiver": "items", "callee": "items.find"}, False),
    ("typescript", {"name": "query", "receiver": "router", "callee": "router.query"}, False),
])
def test_sql_sinks(lang, call, sql):
    from auditor.endpoints.trace import is_sql_call

    assert is_sql_call(call, lang) is sql


def test_fiber_use_matches_by_prefix_across_groups(tmp_path):
    """Fiber keeps one stack: a Use on a group applies to every later route under its prefix,
    whichever group object registers it, and never to earlier ones."""
    from conftest import write_tree

    write_tree(tmp_path, {
        "go.mod": "module example.com/x\n\ngo 1.22\n",
        "main.go": (
            'package main\n\nimport "github.com/gofiber/fiber/v2"\n\n'
            'func main() {\n\tapp := fiber.New()\n'
            '\tagent := app.Group("/mcp")\n\tagent.Use(SignatureCheck())\n'
            '\tagent.Post("/:id/attest", attest)\n'
            '\tusers := app.Group("/mcp")\n\tusers.Use(RequireJWT())\n'
            '\tusers.Get("/", list)\n}\n'),
    })
    eps = by_key(scan(tmp_path))
    assert eps[("POST", "/mcp/:id/attest")].middleware == ["SignatureCheck"]
    assert eps[("GET", "/mcp/")].middleware == ["SignatureCheck", "RequireJWT"]


def test_router_handed_to_methods_of_several_handler_types(tmp_path):
    """`agents.RegisterRoutes(api)` and `users.RegisterRoutes(api)`: each call replays its own
    method, not every method of that name."""
    from conftest import write_tree

    write_tree(tmp_path, {
        "go.mod": "module example.com/x\n\ngo 1.22\n",
        "main.go": (
            'package main\n\nimport (\n\t"github.com/gofiber/fiber/v2"\n\n'
            '\t"example.com/x/handlers"\n)\n\n'
            'func main() {\n\tapp := fiber.New()\n\tapi := app.Group("/api")\n'
            '\tagents := &handlers.AgentHandler{}\n\tusers := &handlers.UserHandler{}\n'
            '\tagents.RegisterRoutes(api.Group("/agents"))\n'
            '\tusers.RegisterRoutes(api.Group("/users"))\n}\n'),
        "handlers/h.go": (
            'package handlers\n\nimport "github.com/gofiber/fiber/v2"\n\n'
            'type AgentHandler struct{}\ntype UserHandler struct{}\n\n'
            'func (h *AgentHandler) RegisterRoutes(r fiber.Router) {\n\tr.Get("/", h.List)\n}\n\n'
            'func (h *UserHandler) RegisterRoutes(r fiber.Router) {\n\tr.Post("/", h.Create)\n}\n\n'
            'func (h *AgentHandler) List(c *fiber.Ctx) error { return nil }\n'
            'func (h *UserHandler) Create(c *fiber.Ctx) error { return nil }\n'),
    })
    res = scan(tmp_path)
    got = {(e.method, e.path) for e in res.endpoints if not e.implicit}
    assert got == {("GET", "/api/agents/"), ("POST", "/api/users/")}, res.unresolved_routes


def test_guards_recognised_by_what_they_do(tmp_path):
    """Names that say nothing (`gate`, `security`, `check`): the behaviour decides, both ways."""
    from conftest import write_tree

    write_tree(tmp_path, {
        "server.js": (
            "const express = require('express');\nconst app = express();\n"
            "const gate = (req, res, next) => {\n"
            "  if (!req.headers['x-api-key']) { return res.status(401).end(); }\n  next();\n};\n"
            "const peek = (req, res, next) => {\n"
            "  const token = req.headers.authorization;\n"
            "  if (!token) { return next(); }\n  req.user = token;\n  next();\n};\n"
            "app.get('/a', gate, (req, res) => res.json(req.query));\n"
            "app.get('/b', peek, (req, res) => res.json(req.query));\n"),
        "api.py": (
            "from fastapi import Depends, FastAPI\nfrom fastapi.security import HTTPBearer\n\n"
            "security = HTTPBearer()\nlenient = HTTPBearer(auto_error=False)\napp = FastAPI()\n\n\n"
            "@app.get('/c')\ndef c(cred=Depends(security)):\n    return cred\n\n\n"
            "@app.get('/d')\ndef d(cred=Depends(lenient)):\n    return cred\n"),
    })
    eps = by_key(scan(tmp_path))
    assert eps[("GET", "/a")].authenticated and not eps[("GET", "/b")].authenticated
    assert eps[("GET", "/c")].authenticated and not eps[("GET", "/d")].authenticated
