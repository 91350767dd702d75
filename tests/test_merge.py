"""`auditor merge`: shard results re-rooted on the repository, deduplicated, one SARIF run."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from auditor.model import Endpoint, Finding, Location, ScanResult
from auditor.report.merge import merge_results

AUDITOR = [sys.executable, "-m", "auditor"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.run([*AUDITOR, *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env=env)


def make_repo(tmp_path: Path) -> Path:
    root = tmp_path / "mono"
    (root / "pkgs/api").mkdir(parents=True)
    (root / "pkgs/web").mkdir(parents=True)
    (root / "pkgs/api/store.py").write_text("def load(rows):\n    return rows()  # TODO: add paging\n")
    (root / "pkgs/web/page.ts").write_text("// FIXME: escape the title\nexport const t = 1;\n")
    (root / "pkgs/web/bad.py").write_bytes(b"def f(:\n  \xff\xfe broken\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def scan(root: Path, target: str, out: Path) -> dict:
    proc = run("scan", target, "--engines", "native", "--format", "json", "-o", str(out),
               "--no-cache", "--fail-on", "none", cwd=root)
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text())


def locs(doc: dict) -> list[tuple[str, str, int]]:
    return sorted((f["rule_id"], f["file"], f["line"]) for f in doc["findings"])


def test_merge_reroots_and_deduplicates(tmp_path: Path):
    root = make_repo(tmp_path)
    api = scan(root, "pkgs/api", tmp_path / "api.json")
    web = scan(root, "pkgs/web", tmp_path / "web.json")
    whole = scan(root, ".", tmp_path / "whole.json")
    assert api["repo_root_prefix"] == "pkgs/api" and locs(api) == [("todo", "store.py", 2)]
    # the whole-repo scan overlaps both shards
    proc = run("merge", str(tmp_path / "api.json"), str(tmp_path / "web.json"),
               str(tmp_path / "whole.json"), "--format", "json", "-o", str(tmp_path / "m.json"))
    assert proc.returncode == 0, proc.stderr
    merged = json.loads((tmp_path / "m.json").read_text())
    assert locs(merged) == [("todo", "pkgs/api/store.py", 2), ("todo", "pkgs/web/page.ts", 1)]
    assert locs(merged) == locs(whole)
    # fingerprints equal a scan of the whole repository
    assert sorted(f["fingerprint"] for f in merged["findings"]) == \
        sorted(f["fingerprint"] for f in whole["findings"])
    # errors of the broken file are re-rooted and listed once
    assert {e["file"] for e in merged["errors"]} == {"pkgs/web/bad.py"}
    assert len(merged["errors"]) == len(whole["errors"])
    assert merged["repo_root_prefix"] == ""


def test_merge_sarif_is_one_run(tmp_path: Path):
    root = make_repo(tmp_path)
    scan(root, "pkgs/api", tmp_path / "api.json")
    scan(root, "pkgs/web", tmp_path / "web.json")
    proc = run("merge", str(tmp_path / "api.json"), str(tmp_path / "web.json"), "--format", "sarif")
    assert proc.returncode == 0, proc.stderr
    sarif = json.loads(proc.stdout)
    assert len(sarif["runs"]) == 1
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                  for r in sarif["runs"][0]["results"])
    assert uris == ["pkgs/api/store.py", "pkgs/web/page.ts"]


def test_merge_rejects_bad_input(tmp_path: Path):
    (tmp_path / "x.json").write_text("{\"a\": 1}")
    (tmp_path / "y.json").write_text("not json")
    for name, msg in (("x.json", "not an auditor JSON result"), ("y.json", "not JSON"),
                      ("missing.json", "cannot read")):
        proc = run("merge", str(tmp_path / name))
        assert proc.returncode == 2 and msg in proc.stderr and "Traceback" not in proc.stderr


def _finding(file: str, line: int, **kw) -> Finding:
    return Finding(rule_id="sql-built", category="sql-injection", severity="high", message="m",
                   file=file, line=line, snippet="db.query(q)", **kw)


def test_merge_unions_engines_endpoints_and_suppression():
    a = ScanResult(root="/r/svc", repo_root_prefix="svc")
    a.findings = [_finding("repo.py", 3, engines=("native",), endpoints=("GET /a",),
                           related=(Location("h.py", 1),), suppressed="baseline",
                           suppression_kind="baseline")]
    a.endpoints = [Endpoint("GET", "/a", "fastapi", {"name": "h", "file": "h.py", "line": 1},
                            {"file": "h.py", "line": 1})]
    b = ScanResult(root="/r", repo_root_prefix="")
    b.findings = [_finding("svc/repo.py", 3, engines=("native", "semgrep"), endpoints=("GET /b",))]
    b.endpoints = [Endpoint("GET", "/a", "fastapi", {"name": "h", "file": "svc/h.py", "line": 1},
                            {"file": "svc/h.py", "line": 1})]
    m = merge_results([a.to_dict(), b.to_dict()])
    assert len(m.findings) == 1
    f = m.findings[0]
    assert f.file == "svc/repo.py" and f.related == (Location("svc/h.py", 1),)
    assert f.engines == ("native", "semgrep") and f.endpoints == ("GET /a", "GET /b")
    assert f.suppressed is None  # shard b did not suppress it
    assert [(e.key, e.registered_at["file"]) for e in m.endpoints] == [("GET /a", "svc/h.py")]
