"""The "real implementation" pack on fixtures in Go, Python and TypeScript: every expected
(rule, line) found and nothing else, for the pack's rules."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.scan import ScanOptions, run_scan
from expect import compare

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "impl"
PACK = {"hardcoded-return", "stub-comment", "mock-data", "unused-filter-parameter", "noop-handler",
        "not-implemented", "fabricated-timestamp", "handler-bypasses-service",
        "endpoint-without-data", "missing-auth", "todo"}


@pytest.fixture(scope="module", params=["go", "python", "ts"])
def scanned(request):
    root = ROOT / request.param
    result = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result
    return root, result


def test_expectations(scanned):
    root, result = scanned
    problems = compare(root, result.findings, PACK)
    assert problems == [], "\n" + "\n".join(problems)


def test_findings_on_traces_name_their_endpoints(scanned):
    _root, result = scanned
    for f in result.findings:
        if f.rule_id in ("hardcoded-return", "noop-handler", "not-implemented",
                         "fabricated-timestamp", "missing-auth"):
            assert f.endpoints, f"{f.rule_id} at {f.file}:{f.line} names no endpoint"
            assert f.critical_path


def test_todo_on_a_trace_is_critical():
    result = run_scan(ScanOptions(path=str(ROOT / "go"), engines=["native"], use_cache=False)).result
    todos = [f for f in result.findings if f.rule_id == "todo"]
    assert todos and all(t.critical_path and t.severity == "medium" for t in todos)
    assert any("GET /api/v1/orders/:id/trust" in t.endpoints for t in todos)


def test_mock_definition_is_related_location():
    result = run_scan(ScanOptions(path=str(ROOT / "python"), engines=["native"], use_cache=False)).result
    uses = [f for f in result.findings if f.rule_id == "mock-data" and "MOCK_PAYMENTS" in f.message]
    assert uses and uses[0].related and uses[0].related[0].line == 3
    assert uses[0].severity == "high"  # used on the trace of GET /api/v1/payments/demo


def test_secure_middleware_prefilter_admits_every_spelling():
    """The literal test in front of SECURE_MIDDLEWARE must never hide a match."""
    from auditor.index.signals import SECURE_MIDDLEWARE, _maybe_secure

    for callee in ("helmet", "app.helmet", "Helmet", "helmet.New", "Secure", "middleware.Secure",
                   "middleware.SecureWithConfig", "secure.New", "secure.Secure", "SecureHeaders",
                   "x.secure_headers", "SecurityHeadersMiddleware", "TalismanWrapper", "Talisman"):
        assert SECURE_MIDDLEWARE.search(callee), callee
        assert _maybe_secure(callee), callee


def test_a_route_middleware_that_loads_the_data_is_the_endpoints_data(tmp_path):
    """`router.get("/items/:id", loadItem, show)`: the loader reads the store, the handler
    renders what it put on the request; the endpoint is not one that touches no data."""
    from conftest import write_tree

    from auditor.scan import ScanOptions, run_scan

    app = ("const express = require('express');\nconst { Pool } = require('pg');\n"
           "const pool = new Pool();\nconst router = express.Router();\n\n"
           "async function loadItem(req, res, next) {\n"
           "  const r = await pool.query('SELECT * FROM items WHERE id = $1', [req.params.id]);\n"
           "  req.item = r.rows[0];\n  next();\n}\n\n"
           "function show(req, res) {\n  res.json(req.item);\n}\n\n"
           "function about(req, res) {\n  res.json({ name: 'items' });\n}\n\n"
           "router.get('/items/:id', loadItem, show);\nrouter.get('/items-about', about);\n"
           "const app = express();\napp.use('/api', router);\napp.listen(3000);\n")
    root = write_tree(tmp_path / "svc", {"package.json": '{"name": "svc"}', "app.js": app})
    res = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result
    fired = {tuple(f.endpoints) for f in res.findings if f.rule_id == "endpoint-without-data"}
    assert ("GET /api/items-about",) in fired, fired
    assert ("GET /api/items/:id",) not in fired, fired


def test_an_open_graph_image_route_is_not_a_stub(tmp_path):
    """next/og's `new ImageResponse(<jsx>)` renders the answer from the request, like a template;
    a JSON route answering literals beside it is still reported."""
    (tmp_path / "package.json").write_text('{"dependencies": {"next": "14.0.0"}}\n')
    og = tmp_path / "app" / "api" / "og"
    og.mkdir(parents=True)
    (og / "route.tsx").write_text(
        'import { ImageResponse } from "next/og"\n\nexport async function GET(req: Request) {\n'
        '  const title = new URL(req.url).searchParams.get("title") ?? "Untitled"\n'
        '  return new ImageResponse(<div>{title}</div>, { width: 1200, height: 630 })\n}\n')
    stats = tmp_path / "app" / "api" / "stats"
    stats.mkdir(parents=True)
    (stats / "route.ts").write_text('export async function GET() {\n'
                                    '  return Response.json({ visits: 10 })\n}\n')
    res = run_scan(ScanOptions(path=str(tmp_path), engines=["native"], use_cache=False)).result
    got = {f.file for f in res.findings if f.rule_id == "endpoint-without-data"}
    assert got == {"app/api/stats/route.ts"}, got


def test_an_answer_from_the_apps_configuration_is_static_by_design(tmp_path):
    """A handler answering from the configuration its app object holds (a JWKS, public settings)
    is static for a deployment; one answering literals is still reported."""
    (tmp_path / "go.mod").write_text("module example.com/app\n\ngo 1.22\n")
    (tmp_path / "main.go").write_text(
        "package main\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n)\n\n"
        "type Config struct{ Providers []string }\n\ntype API struct{ config *Config }\n\n"
        "func (a *API) Settings(w http.ResponseWriter, r *http.Request) {\n"
        "\tconfig := a.config\n\tjson.NewEncoder(w).Encode(map[string]any{\"providers\": config.Providers})\n}\n\n"
        "func (a *API) Stats(w http.ResponseWriter, r *http.Request) {\n"
        "\tjson.NewEncoder(w).Encode(map[string]any{\"visits\": 10})\n}\n\n"
        "func main() {\n\ta := &API{config: &Config{}}\n"
        "\thttp.HandleFunc(\"GET /settings\", a.Settings)\n"
        "\thttp.HandleFunc(\"GET /stats\", a.Stats)\n\thttp.ListenAndServe(\":8080\", nil)\n}\n")
    res = run_scan(ScanOptions(path=str(tmp_path), engines=["native"], use_cache=False)).result
    got = {k for f in res.findings if f.rule_id == "endpoint-without-data" for k in f.endpoints}
    assert got == {"GET /stats"}, got


def test_static_folders_and_the_profiler_are_no_data_endpoints():
    from auditor.checks.rules.endpoint_without_data import _ASSET

    for p in ("/css/{path:.*}", "/static/*", "/admin/static/{*}", "/debug/pprof/{path...}",
              "/assets/:file", "/js/app.js"):
        assert _ASSET.search(p), p
    for p in ("/api/images/{id}", "/api/static/{id}", "/api/v1/users/{id}", "/stats"):
        assert not _ASSET.search(p), p
