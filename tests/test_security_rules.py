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



def test_jwt_key_function_severity_follows_the_key(findings):
    """golang-jwt checks the key's type against the token's method: a key function that
    returns an HMAC secret ([]byte) cannot be turned by `alg` (low, defense in depth); one that
    returns a public key can (medium: RSA public key as HMAC secret)."""
    from auditor.model import SEVERITY_RANK

    sev = {f.line: f.severity for f in findings
           if f.rule_id == "jwt-verification" and f.file.endswith("jwt_verification.go")}
    # (the fixture's functions have no caller: each finding is one level lower, unreachable)
    assert SEVERITY_RANK[sev[15]] < SEVERITY_RANK[sev[30]], sev
