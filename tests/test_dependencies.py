"""The dependency audit against a real OSV-compatible server on 127.0.0.1 (recorded advisories),
with the server down, offline; the manifest readers; CVSS scoring. No test touches the network
beyond 127.0.0.1."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.engines.deps import osv_base_url, read_manifests
from auditor.engines.deps.cvss import advisory_severity, base_score, severity_from_score
from auditor.engines.deps.manifest import Dep
from auditor.engines.deps.pipaudit import parse_output
from auditor.scan import ScanOptions, run_scan
from conftest import run_cli
from osv_server import OsvServer, closed_port_url

REPO = Path(__file__).resolve().parent.parent
DEPS = REPO / "fixtures" / "engines" / "deps"
REQUESTS = ("PYSEC-2018-28", "CVE-2018-18074", "GHSA-x84v-xcm2-53pg")
GIN = ("GHSA-h395-qcrw-5vmq", "CVE-2020-28483", "GO-2021-0052")
LODASH = ("GHSA-p6mc-m468-83gw", "CVE-2020-8203")
EXPECTED = {
    ("py/requirements.txt", 2, "dependency-vuln", REQUESTS),
    ("py/requirements.txt", 4, "dependency-unpinned", ("dependency-unpinned",)),
    ("poetry/poetry.lock", 11, "dependency-vuln", REQUESTS),
    ("uvproj/uv.lock", 5, "dependency-vuln", REQUESTS),
    ("pipenv/Pipfile.lock", 4, "dependency-vuln", REQUESTS),
    ("loose/pyproject.toml", 5, "dependency-unpinned", ("dependency-unpinned",)),
    ("gomod/go.mod", 6, "dependency-vuln", GIN),
    ("npm3/package-lock.json", 14, "dependency-vuln", LODASH),
    ("npm1/package-lock.json", 10, "dependency-vuln", LODASH),
    ("yarn/yarn.lock", 9, "dependency-vuln", LODASH),
    ("pnpm/pnpm-lock.yaml", 12, "dependency-vuln", LODASH),
}


def _scan(url: str, engines=("native", "dependencies"), **kw):
    return run_scan(ScanOptions(path=str(DEPS), engines=list(engines), osv_url=url,
                                use_cache=False, **kw)).result


@pytest.fixture(scope="module")
def audited():
    with OsvServer() as server:
        result = _scan(server.url)
        return result, list(server.requests)


def test_audit_finds_the_recorded_advisories_on_the_manifest_lines(audited):
    result, _ = audited
    got = {(f.file, f.line, f.rule_id, f.engine_rule_ids) for f in result.findings
           if f.engine == "dependencies"}
    assert got == EXPECTED
    st = {e.name: e for e in result.engines}["dependencies"]
    assert st.status == "ok" and st.version[:1].isdigit() and st.findings == len(EXPECTED)
    assert "Python through pip-audit 2." in st.message
    assert "2 unpinned requirements cannot be audited" in st.message


def test_advisory_details_severity_and_fixed_versions(audited):
    result, _ = audited
    by = {(f.file, f.line): f for f in result.findings}
    gin = by[("gomod/go.mod", 6)]
    assert gin.severity == "high" and "[CVSS 7.1]" in gin.message and "fixed in 1.7.7" in gin.message
    assert gin.snippet == "github.com/gin-gonic/gin v1.6.0"
    assert gin.category == "dependency-vuln" and gin.owasp == ("A06:2021",)
    assert gin.cwe == ("CWE-113", "CWE-444", "CWE-1395")
    req = by[("py/requirements.txt", 2)]
    assert req.severity == "high" and "fixed in 2.20.0" in req.message and "[CVSS 7.5]" in req.message
    lodash = by[("yarn/yarn.lock", 9)]
    assert "fixed in 4.17.19" in lodash.message and "4.17.20" not in lodash.message  # lodash-es's fix
    loose = by[("py/requirements.txt", 4)]
    assert (loose.severity, loose.suppressed) == ("info", None)
    assert "cannot audit unpinned requirement flask (>=2.0)" in loose.message


def test_pip_audit_and_osv_were_asked_at_our_url(audited):
    _, requests = audited
    posts = [(path, body) for method, path, body in requests if method == "POST"]
    py = sorted((b["package"]["name"], b["version"]) for p, b in posts if p == "/v1/query")
    assert py == [("certifi", "2024.8.30"), ("pytest", "8.3.3"), ("requests", "2.19.0"),
                  ("six", "1.16.0"), ("urllib3", "1.26.18")]  # unique pins, pyproject ranges not
    batch = [q for p, b in posts if p == "/v1/querybatch" for q in b["queries"]]
    assert {"package": {"ecosystem": "Go", "name": "github.com/gin-gonic/gin"}, "version": "1.6.0"} in batch
    assert {(q["package"]["ecosystem"], q["package"]["name"], q["version"]) for q in batch
            if q["package"]["name"] == "lodash"} == {("npm", "lodash", "4.17.15"), ("npm", "lodash", "4.17.21")}
    gets = {path for method, path, _ in requests if method == "GET"}
    assert gets == {f"/v1/vulns/{v[0]}" for v in (REQUESTS, GIN, LODASH)}


def test_server_down_fails_the_engine_but_the_scan_completes():
    result = _scan(closed_port_url())
    st = {e.name: e for e in result.engines}
    assert st["native"].status == "ok"
    assert st["dependencies"].status == "failed"
    assert "unreachable" in st["dependencies"].message and "pip-audit" in st["dependencies"].message
    got = {(f.file, f.line, f.rule_id) for f in result.findings if f.engine == "dependencies"}
    assert got == {("py/requirements.txt", 4, "dependency-unpinned"),
                   ("loose/pyproject.toml", 5, "dependency-unpinned")}


def test_cli_exit_code_changes_with_a_failed_engine_only_under_strict():
    url = closed_port_url()
    args = ("scan", str(DEPS), "--engines", "dependencies", "--no-cache", "--osv-url", url,
            "--format", "json")
    plain = run_cli(*args)
    assert plain.returncode == 0, plain.stderr
    data = json.loads(plain.stdout)
    assert {e["name"]: e["status"] for e in data["engines"]}["dependencies"] == "failed"
    strict = run_cli(*args, "--strict")
    assert strict.returncode == 1


def test_offline_skips_the_network_engine_with_a_reason():
    result = _scan(closed_port_url(), offline=True)
    st = {e.name: e for e in result.engines}["dependencies"]
    assert st.status == "skipped" and st.message.startswith("--offline: 13 manifests")
    assert not [f for f in result.findings if f.engine == "dependencies"]


def test_osv_url_comes_from_option_then_env_never_the_tree(monkeypatch):
    from types import SimpleNamespace

    # a tree's configuration cannot name the server (the key is ignored when loaded)
    cfg = SimpleNamespace(config=SimpleNamespace(osv_url="http://cfg.invalid/"))
    monkeypatch.delenv("AUDITOR_OSV_URL", raising=False)
    assert osv_base_url(cfg, SimpleNamespace(osv_url=None)) == "https://api.osv.dev"
    monkeypatch.setenv("AUDITOR_OSV_URL", "http://env.invalid")
    assert osv_base_url(cfg, SimpleNamespace(osv_url=None)) == "http://env.invalid"
    assert osv_base_url(cfg, SimpleNamespace(osv_url="http://opt.invalid")) == "http://opt.invalid"


# -- readers, recorded pip-audit output, CVSS ----------------------------------------------------
def test_manifest_readers():
    files = sorted(p.relative_to(DEPS).as_posix() for p in DEPS.rglob("*") if p.is_file())
    deps, loose, notes = read_manifests(str(DEPS), files)
    got = {(d.ecosystem, d.name, d.version, d.file, d.line) for d in deps}
    assert got == {
        ("Go", "github.com/gin-gonic/gin", "1.6.0", "gomod/go.mod", 6),
        ("Go", "github.com/google/uuid", "1.6.0", "gomod/go.mod", 7),
        ("Go", "github.com/json-iterator/go", "1.1.9", "gomod/go.mod", 10),
        ("PyPI", "six", "1.16.0", "loose/pyproject.toml", 6),
        ("npm", "express", "4.17.1", "npm1/package-lock.json", 7),
        ("npm", "lodash", "4.17.15", "npm1/package-lock.json", 10),
        ("npm", "lodash", "4.17.21", "npm1/package-lock.json", 15),
        ("npm", "lodash", "4.17.15", "npm3/package-lock.json", 14),
        ("npm", "left-pad", "1.3.0", "npm3/package-lock.json", 19),
        ("PyPI", "requests", "2.19.0", "pipenv/Pipfile.lock", 4),
        ("PyPI", "six", "1.16.0", "pipenv/Pipfile.lock", 9),
        ("npm", "lodash", "4.17.15", "pnpm/pnpm-lock.yaml", 12),
        ("npm", "react", "18.2.0", "pnpm/pnpm-lock.yaml", 15),
        ("PyPI", "certifi", "2024.8.30", "poetry/poetry.lock", 4),
        ("PyPI", "requests", "2.19.0", "poetry/poetry.lock", 11),
        ("PyPI", "pytest", "8.3.3", "py/requirements-dev.txt", 1),
        ("PyPI", "requests", "2.19.0", "py/requirements.txt", 2),
        ("PyPI", "urllib3", "1.26.18", "py/requirements.txt", 3),
        ("PyPI", "requests", "2.19.0", "uvproj/uv.lock", 5),
        ("npm", "@types/node", "20.11.0", "yarn/yarn.lock", 5),
        ("npm", "lodash", "4.17.15", "yarn/yarn.lock", 9),
    }
    assert {(u.name, u.spec, u.file, u.line) for u in loose} == {
        ("requests", ">=2.0", "loose/pyproject.toml", 5), ("flask", ">=2.0", "py/requirements.txt", 4)}
    assert notes == ["poetry/pyproject.toml: ranges not audited, the lockfile beside it is"]


def test_pip_audit_adapter_on_recorded_output():
    data = json.loads((REPO / "fixtures" / "engines" / "recorded" / "pip-audit.json").read_text())
    a = Dep("PyPI", "requests", "2.19.0", "requirements.txt", 2)
    b = Dep("PyPI", "requests", "2.19.0", "svc/poetry.lock", 11)
    c = Dep("PyPI", "urllib3", "1.26.18", "requirements.txt", 3)
    hits = parse_output(data, [a, b, c])
    assert [(d.file, vid, fixed) for d, vid, fixed, _ in hits] == [
        ("requirements.txt", "PYSEC-2018-28", ["2.20.0"]), ("svc/poetry.lock", "PYSEC-2018-28", ["2.20.0"])]


@pytest.mark.parametrize("vector,score", [
    ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
    ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:L/A:N", 7.1),
    ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", 7.4),
    ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
    ("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 8.8),
    ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9),
    ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", 3.7),
    ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", 0.0),
])
def test_cvss_v3_base_score(vector, score):
    assert base_score(vector) == score


def test_severity_from_cvss_or_the_advisory_word():
    assert [severity_from_score(s) for s in (9.0, 8.9, 7.0, 6.9, 4.0, 3.9, 0.1, 0.0)] == [
        "critical", "high", "high", "medium", "medium", "low", "low", "info"]
    assert base_score("CVSS:2.0/AV:N") is None and base_score("CVSS:3.1/AV:N/AC:L") is None
    assert advisory_severity({"database_specific": {"severity": "MODERATE"}}) == (
        "medium", "advisory severity moderate")
    assert advisory_severity({})[0] == "medium"


def test_without_pip_audit_python_pins_go_through_osv(monkeypatch):
    """A native-only install (no pip-audit) still audits Python pins: through OSV's querybatch,
    like Go and npm, and the engine says so."""
    import auditor.engines.deps as deps

    real = deps.find_tool
    monkeypatch.setattr(deps, "find_tool", lambda name: None if name == "pip-audit" else real(name))
    with OsvServer() as server:
        result = _scan(server.url)
    got = {(f.file, f.line, f.rule_id, f.engine_rule_ids) for f in result.findings
           if f.engine == "dependencies"}
    assert ("py/requirements.txt", 2, "dependency-vuln", REQUESTS) in got
    st = {e.name: e for e in result.engines}["dependencies"]
    assert st.status == "ok" and "Python through OSV (pip-audit not installed)" in st.message
