"""The security rule pack on its fixtures: every `expect:` line reported, every `ok:` line not."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.scan import ScanOptions, run_scan
from expect import compare

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "security"
RULES = ["sql-injection", "hardcoded-secret", "timing-unsafe-compare", "weak-hash",
         "insecure-random", "jwt-verification", "cors", "sensitive-logging", "error-exposure",
         "debug-mode", "command-injection", "code-injection", "deserialization",
         "path-traversal", "open-redirect", "ssrf", "xxe", "ldap-injection", "xpath-injection",
         "header-injection",
         "xss", "insecure-cookie", "trust-boundary"]


@pytest.fixture(scope="module")
def findings():
    return run_scan(ScanOptions(path=str(ROOT), engines=["native"], use_cache=False)).result.findings


@pytest.mark.parametrize("rule_id", RULES)
def test_rule_matches_fixtures(findings, rule_id):
    assert compare(ROOT, findings, {rule_id}) == []


def test_no_rule_errors():
    res = run_scan(ScanOptions(path=str(ROOT), engines=["native"], use_cache=False)).result
    assert [e for e in res.errors if e["stage"].startswith("rule")] == []

