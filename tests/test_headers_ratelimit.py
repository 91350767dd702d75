"""Absence rules: security headers never set (anchored at the app's creation) and
authentication endpoints without a rate limiter."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.scan import ScanOptions, run_scan
from expect import compare

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "headers"


def _scan(name):
    return run_scan(ScanOptions(path=str(ROOT / name), engines=["native"], use_cache=False)).result


@pytest.mark.parametrize("name", ["go", "python", "ts"])
def test_expectations(name):
    result = _scan(name)
    problems = compare(ROOT / name, result.findings, {"security-headers", "rate-limit"})
    assert problems == [], "\n" + "\n".join(problems)


def _missing(result):
    return {f.message.split(" is never set")[0] for f in result.findings
            if f.rule_id == "security-headers"}


def test_fiber_helmet_defaults_and_an_unregistered_middleware():
    result = _scan("go")
    # helmet's defaults cover four headers; the custom middleware adds Permissions-Policy;
    # HSTS is only set by a middleware nobody registers.
    assert _missing(result) == {"Strict-Transport-Security", "Content-Security-Policy"}
    hsts = next(f for f in result.findings if "Strict-Transport" in f.message)
    assert hsts.related and hsts.related[0].line == 18


def test_helmet_js_sets_no_permissions_policy():
    assert _missing(_scan("ts")) == {"Permissions-Policy"}


def test_headers_applied_by_a_registered_middleware():
    assert _missing(_scan("python")) == set()


def test_a_nextjs_app_is_anchored_at_its_config(tmp_path):
    """A Next.js app has no app-creating call: its next.config is the anchor; what its
    `headers()` and middleware.ts set holds for every route."""
    from auditor.scan import ScanOptions, run_scan

    (tmp_path / "package.json").write_text('{"dependencies": {"next": "14.0.0"}}\n')
    (tmp_path / "next.config.js").write_text(
        "module.exports = {\n  async headers() {\n    return [{ source: '/(.*)', headers: [\n"
        "      { key: 'X-Frame-Options', value: 'DENY' },\n"
        "      { key: 'X-Content-Type-Options', value: 'nosniff' },\n    ] }]\n  },\n}\n")
    (tmp_path / "middleware.ts").write_text(
        "import { NextResponse } from 'next/server'\n\nexport function middleware(req) {\n"
        "  const res = NextResponse.next()\n"
        "  res.headers.set('Content-Security-Policy', \"default-src 'self'\")\n  return res\n}\n")
    api = tmp_path / "app" / "api" / "items"
    api.mkdir(parents=True)
    (api / "route.ts").write_text("export async function GET() {\n  return Response.json([])\n}\n")
    res = run_scan(ScanOptions(path=str(tmp_path), engines=["native"], use_cache=False)).result
    missing = {f.message.split(" is never set")[0] for f in res.findings
               if f.rule_id == "security-headers"}
    assert {f.file for f in res.findings if f.rule_id == "security-headers"} == {"next.config.js"}
    assert missing == {"Strict-Transport-Security", "Referrer-Policy", "Permissions-Policy",
                       "X-XSS-Protection"}, missing
