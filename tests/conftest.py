"""Shared test helpers: the CLI through a subprocess, scans of small trees, schema validation of
the JSON and SARIF outputs, snapshots, and a hand-built `ScanResult` for the reporters."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SNAPSHOTS = TESTS / "snapshots"
SARIF_SCHEMA = TESTS / "data" / "sarif-schema-2.1.0.json"
RESULT_SCHEMA = REPO / "src" / "auditor" / "data" / "scan-result.schema.json"
EXAMPLE_APP = REPO / "fixtures" / "example-app"


# -- running -----------------------------------------------------------------------------------
def run_cli(*args: str, cwd: Path | str | None = None, script: bool = False,
            env: dict | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    """`python -m auditor ARGS` (or the `auditor` console script) in a fresh process."""
    if script:
        exe = Path(sys.executable).with_name("auditor")
        cmd = [str(exe), *args]
    else:
        cmd = [sys.executable, "-m", "auditor", *args]
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith("AUDITOR_") or k == "AUDITOR_CACHE_DIR"}
    full_env.pop("CI", None)  # strict mode is the default under CI; tests say when they want it
    full_env.update(env or {})
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=full_env, stdin=subprocess.DEVNULL)


@pytest.fixture(autouse=True)
def _isolated_cache_and_ci(tmp_path_factory, monkeypatch):
    """Each test's cache lives in a folder of its own (never the user's cache, never shared
    between tests running at once), and CI's strict default is off unless a test sets CI."""
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path_factory.mktemp("auditor-cache")))
    monkeypatch.delenv("CI", raising=False)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return root


def scan(root: Path, **options):
    """`run_scan` on a tree, native engine only, no cache, one worker: the `ScanResult`."""
    from auditor.scan import ScanOptions, run_scan

    opts = dict(path=str(root), engines=["native"], use_cache=False, jobs=1)
    opts.update(options)
    return run_scan(ScanOptions(**opts)).result


def assert_findings(root: Path, files: dict, rules: tuple | str, want: set,
                    by_file: bool = False) -> None:
    """Scan `files` written under `root`: the findings of `rules` are exactly `want`, as
    (rule, line) pairs, or (file, line) with `by_file`; the message says what was missed and
    what was extra."""
    rules = (rules,) if isinstance(rules, str) else rules
    res = scan(write_tree(root, files))
    got = {((f.file if by_file else f.rule_id), f.line) for f in res.findings
           if f.rule_id in rules}
    assert got == want, f"missed {sorted(want - got)}, extra {sorted(got - want)}"


def assert_routes(root: Path, want: set, with_auth: bool = True) -> None:
    """The explicit endpoints of a scan of `root`, as (method, path[, auth]), are `want`."""
    res = scan(root)
    got = {(e.method, e.path, e.auth) if with_auth else (e.method, e.path)
           for e in res.endpoints if not e.implicit}
    assert got == want, f"missed {sorted(want - got)} extra {sorted(got - want)}"


def assert_endpoint_findings(root: Path, files: dict, rule: str, expected: dict) -> None:
    """Scan `files` written under `root`: each (method, path) of `expected` is an endpoint, and
    a finding of `rule` names it exactly where `expected` says True."""
    res = scan(write_tree(root, files))
    eps = {(e.method, e.path) for e in res.endpoints if not e.implicit}
    fired = {tuple(f.endpoints[0].split(" ", 1)) for f in res.findings
             if f.rule_id == rule and f.endpoints}
    for key, fires in expected.items():
        assert key in eps, (key, sorted(eps))
        assert (key in fired) == fires, (key, "fires" if key in fired else "quiet", sorted(fired))


# -- validation --------------------------------------------------------------------------------
# RFC 3986 relative reference (path part): unreserved, pct-encoded, sub-delims, ':' and '@'.
_URI_REF = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})+$")


def validate_sarif(doc: dict) -> None:
    """The OASIS schema, plus what GitHub code scanning needs beyond it."""
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=lambda e: e.path)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:20])
    for run in doc["runs"]:
        assert run["automationDetails"]["id"].endswith("/")
        rules = run["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        assert len(ids) == len(set(ids)), "duplicate rule ids"
        for r in rules:
            assert r["name"] != r["id"]
            assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
            assert r["help"]["text"] and r["help"]["markdown"]
            assert r["helpUri"].startswith("https://"), r["id"]
            assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
            props = r["properties"]
            assert props["precision"] in ("very-high", "high", "medium", "low")
            assert len(props["tags"]) <= 20
            for t in props["tags"]:
                if t.startswith("external/cwe/"):
                    assert re.fullmatch(r"external/cwe/cwe-\d+", t), t
            if "security" in props["tags"]:
                assert 0.0 <= float(props["security-severity"]) <= 10.0
        assert len(run["results"]) <= 25_000
        for res in run["results"]:
            assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
            assert res["message"]["text"].endswith((".", "!", "?"))
            # upload-sarif computes primaryLocationLineHash from the file and warns
            # ("inconsistent fingerprint") when a result carries another value: auditor's own
            # fingerprint has its own key.
            assert res["partialFingerprints"]["auditor/v1"]
            assert "primaryLocationLineHash" not in res["partialFingerprints"]
            if "security-severity" in res.get("properties", {}):
                assert 0.0 <= float(res["properties"]["security-severity"]) <= 10.0
            assert res["locations"], "every result has a physical location"
            for loc in res["locations"]:
                _check_location(loc["physicalLocation"])
                reg = loc["physicalLocation"]["region"]
                assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(reg)
        for inv in run.get("invocations", []):
            for n in inv.get("toolExecutionNotifications", []):
                assert n["message"]["text"].endswith(".")
                for loc in n.get("locations", []):
                    _check_location(loc["physicalLocation"])


def _check_location(phys: dict) -> None:
    art = phys["artifactLocation"]
    assert art["uriBaseId"] == "%SRCROOT%"
    uri = art["uri"]
    assert _URI_REF.match(uri), f"not an RFC 3986 relative reference: {uri!r}"
    assert not uri.startswith("/") and "://" not in uri and not uri.startswith("file:"), uri


def validate_result_json(doc: dict) -> None:
    import jsonschema

    schema = json.loads(RESULT_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc),
                    key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:20])


# -- snapshots ---------------------------------------------------------------------------------
def assert_snapshot(name: str, text: str) -> None:
    """Compare with tests/snapshots/NAME; UPDATE_SNAPSHOTS=1 rewrites it."""
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path}; run with UPDATE_SNAPSHOTS=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (f"{name} differs from its snapshot; if the change is intended, "
                              f"rerun with UPDATE_SNAPSHOTS=1 and review the diff")


# -- a hand-built result -----------------------------------------------------------------------
def sample_result():
    """A `ScanResult` covering every part a reporter shows, independent of the rule registry."""
    from auditor import SCHEMA_VERSION
    from auditor.model import (ChainNode, ChecklistItem, Endpoint, EngineStatus, Finding,
                               Location, ScanResult)

    def f(**kw):
        base = dict(column=1, end_line=kw.get("line", 1), end_column=5, snippet="",
                    engine="native", engines=("native",), confidence="high")
        base.update(kw)
        return Finding(**base)

    findings = [
        f(rule_id="sql-injection", category="sql-injection", severity="high",
          message="SQL built from request input reaches db.Query", file="internal/repo/user.go",
          line=42, column=9, end_column=31, snippet='rows, err := r.db.Query(query)',
          cwe=("CWE-89",), owasp=("A03:2021",), endpoints=("GET /users",), critical_path=True,
          related=(Location("internal/repo/user.go", 40),), fingerprint="a1" * 16,
          engine_rule_ids=("sql-injection",)),
        f(rule_id="hardcoded-secret", category="hardcoded-secret", severity="critical",
          message="JWT signing key is a literal", file="app/settings.py", line=5, column=14,
          end_column=48, snippet='JWT_SECRET = "4f9c..."', cwe=("CWE-798",),
          owasp=("A07:2021",), fingerprint="b2" * 16, engine_rule_ids=("hardcoded-secret",)),
        f(rule_id="todo", category="todo", severity="low", message="TODO comment: TODO: paginate",
          file="app/api/[id]/orders.py", line=27, column=7, end_column=11,
          snippet="# TODO: paginate", fingerprint="c3" * 16, engine_rule_ids=("todo",)),
        f(rule_id="todo", category="todo", severity="low", message="FIXME comment: FIXME later",
          file="app/services/order_service.py", line=16, column=9, end_column=14,
          snippet="# FIXME later  # auditor: ignore[todo]", fingerprint="d4" * 16,
          suppressed="inline: auditor: ignore[todo]", suppression_kind="inline",
          engine_rule_ids=("todo",)),
        f(rule_id="B608", category="sql-injection", severity="medium", confidence="medium",
          message="Possible SQL injection vector through string-based query construction",
          file="app/repositories/order_repository.py", line=14, engine="bandit",
          engines=("bandit",), engine_rule_ids=("B608",), cwe=("CWE-89",), owasp=("A03:2021",),
          fingerprint="e5" * 16),
    ]
    rules = [
        {"id": "hardcoded-secret", "name": "HardcodedSecret", "category": "hardcoded-secret",
         "cwe": ["CWE-798"], "owasp": ["A07:2021"], "severity": "critical", "confidence": "high",
         "precision": "high", "short_description": "Secrets written in the source.",
         "docs": {"summary": "Secrets written in the source.",
                  "What it finds": "A literal secret.", "Why it matters": "Anyone can read it.",
                  "Example": "    KEY = \"abc\"", "Fix": "Read it from the environment."},
         "security": True},
        {"id": "sql-injection", "name": "SqlInjection", "category": "sql-injection",
         "cwe": ["CWE-89"], "owasp": ["A03:2021"], "severity": "high", "confidence": "high",
         "precision": "high", "short_description": "SQL text built from input.",
         "docs": {"summary": "SQL text built from input.",
                  "What it finds": "SQL built by concatenation.",
                  "Why it matters": "Injection.", "Example": "    db.Query(\"... \" + id)",
                  "Fix": "Use placeholders."}, "security": True},
        {"id": "todo", "name": "TodoComment", "category": "todo", "cwe": [], "owasp": [],
         "severity": "low", "confidence": "high", "precision": "very-high",
         "short_description": "TODO, FIXME, XXX and HACK markers left in comments.",
         "docs": {"summary": "TODO markers.", "What it finds": "A TODO comment.",
                  "Why it matters": "Unfinished work.", "Example": "    // TODO: x",
                  "Fix": "Finish it."}, "security": False},
    ]
    endpoint = Endpoint(
        method="GET", path="/users", framework="net/http",
        handler={"name": "UserHandler.List", "file": "internal/handler/user.go", "line": 20},
        registered_at={"file": "cmd/server/main.go", "line": 25}, middleware=["logging"],
        authenticated=False,
        chain=[ChainNode("UserHandler.List", "internal/handler/user.go", 20, "handler"),
               ChainNode("UserService.List", "internal/service/user.go", 12, "service", 1),
               ChainNode("UserRepository.Find", "internal/repo/user.go", 38, "repository", 2)],
        reaches_service=True, reaches_repository=True, reaches_sql=True,
        sql_sites=[{"file": "internal/repo/user.go", "line": 42}])
    return ScanResult(
        root="/src/shop/services/api", schema_version=SCHEMA_VERSION,
        tool={"name": "auditor", "version": "0.0.0-test"},
        engines=[EngineStatus("native", "ok", 4, 0.5),
                 EngineStatus("bandit", "ok", 1, 1.25, version="1.8.0"),
                 EngineStatus("semgrep", "failed", 0, 3.0, "semgrep exited with code 7")],
        endpoints=[endpoint],
        unresolved_routes=[{"file": "cmd/server/main.go", "line": 30,
                            "reason": "handler is a variable"}],
        findings=findings,
        checklist=[ChecklistItem("L1-SQL", "aim", "Zero SQL injection", "fail",
                                 [{"file": "internal/repo/user.go", "line": 42}])],
        score={"pass": 0, "applicable": 1, "percent": 0.0, "minimum": 95},
        errors=[{"file": "app/broken.py", "stage": "parse", "message": "invalid syntax"}],
        skipped=[{"file": "node_modules/", "reason": "default exclude (node_modules)"},
                 {"file": "static/app.min.js", "reason": "minified bundle (default exclude)"},
                 {"file": "data/big.json",
                  "reason": "larger than the size cap (3000000 > 2097152 bytes)"}],
        unused_suppressions=[{"file": "app/main.py", "line": 3, "rule_ids": [],
                              "reason": "a rule id is required: auditor: ignore[rule-id]"}],
        files_analyzed=12, timings={"discover": 0.01, "total": 0.5},
        config_effects=[{"file": ".auditor.toml", "key": "disable", "value": "todo",
                         "effect": "rule todo disabled: its findings are not reported"}],
        notices=[{"file": "app/legacy.py", "message": "decoded as latin-1, the encoding its "
                  "coding line declares"}],
        repo_root_prefix="services/api", rules=rules)


@pytest.fixture
def result():
    return sample_result()


GO_MOD = "module example.com/svc\n\ngo 1.22\n"


def scan_go_module(tmp_path, files: dict[str, str]):
    """A Go module (`svc/go.mod` plus `files`) scanned: ({(method, path): endpoint}, result),
    paths without their trailing slash."""
    root = write_tree(tmp_path / "svc", {"go.mod": GO_MOD, **files})
    res = scan(root)
    eps = {(e.method, e.path.rstrip("/") or "/"): e for e in res.endpoints if not e.implicit}
    return eps, res


def endpoint_map(root: Path, strip_slash: bool = True) -> dict:
    """{(method, path): endpoint} of a scan, implicit endpoints left out; paths without their
    trailing slash unless `strip_slash` is false."""
    return {(e.method, (e.path.rstrip("/") or "/") if strip_slash else e.path): e
            for e in scan(root).endpoints if not e.implicit}
