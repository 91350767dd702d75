"""semgrep and bandit adapters (recorded outputs and real runs), the engine runner's isolation,
merging across engines and the engine-judged suppression."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from auditor.engines import bandit as bandit_engine
from auditor.engines import semgrep as semgrep_engine
from auditor.engines.bandit_map import BANDIT_MAP
from auditor.engines.tools import find_tool
from auditor.model import EngineStatus, Finding, ScanResult
from auditor.scan import ScanOptions, run_scan
from auditor.scan.findings import SAFE_SQL_REASON, merge_duplicates
from auditor.taxonomy import CATEGORIES
from expect import compare, expectations

REPO = Path(__file__).resolve().parent.parent
FIX = REPO / "fixtures" / "engines"
RECORDED = FIX / "recorded"
PACKS = REPO / "rules" / "semgrep"


def expand(findings, strip_prefix: str = ""):
    """One (rule, file, line) record per engine rule that reported a finding (merged or not)."""
    out = []
    for f in findings:
        for rid in f.engine_rule_ids or (f.rule_id,):
            out.append(SimpleNamespace(rule_id=rid.removeprefix(strip_prefix), file=f.file, line=f.line))
    return out


def annotated_rules(root: Path, prefixes: tuple[str, ...]) -> set[str]:
    rules = set()
    for p in root.rglob("*"):
        if p.is_file():
            exp, forb = expectations(p)
            rules |= {r for r, _ in exp | forb if r.startswith(prefixes)}
    return rules


# -- semgrep ------------------------------------------------------------------------------------
def test_semgrep_pack_passes_its_own_rule_tests(tmp_path):
    """`semgrep --test`: every `ruleid:` line matches and no `ok:` line does."""
    exe = find_tool("semgrep")
    env = semgrep_engine.environment(str(tmp_path))
    proc = subprocess.run([exe, "--test", "--json", "--metrics=off", "--disable-version-check",
                           "--config", str(PACKS), str(FIX / "semgrep")], capture_output=True,
                          env=env, timeout=300)
    data = json.loads(proc.stdout)
    failed = [(rule, path, m["expected_lines"], m["reported_lines"])
              for cfg in data["results"].values() for rule, check in cfg["checks"].items()
              for path, m in check["matches"].items() if not check["passed"]]
    assert failed == [] and not data["config_with_errors"], failed
    tested = {rule for cfg in data["results"].values() for rule in cfg["checks"]}
    assert tested == set(semgrep_engine.load_pack_metadata(PACKS)), "a rule without tests"
    assert proc.returncode == 0, proc.stderr[-500:]


def test_semgrep_pack_metadata_is_on_the_taxonomy():
    meta = semgrep_engine.load_pack_metadata(PACKS)
    assert len(meta) >= 15
    langs = set()
    for rid, md in meta.items():
        assert md["category"] in CATEGORIES, rid
        assert md["cwe"] and all(c.startswith("CWE-") for c in md["cwe"]), rid
        assert md["severity"] in ("critical", "high", "medium", "low", "info"), rid
        langs.add(rid.split("-", 1)[0])
    assert langs == {"py", "go", "ts"}


def test_semgrep_adapter_on_recorded_output():
    data = json.loads((RECORDED / "semgrep.json").read_text())
    meta = semgrep_engine.load_pack_metadata(PACKS)
    findings = semgrep_engine.parse_output(data, meta, str(FIX / "semgrep"))
    assert compare(FIX / "semgrep", expand(findings, "semgrep.")) == []
    by_line = {(f.file, f.line): f for f in findings}
    sql = by_line[("python.py", 15)]
    assert (sql.rule_id, sql.category, sql.cwe, sql.owasp, sql.severity, sql.engine) == (
        "semgrep.py-sql-built-query", "sql-injection", ("CWE-89",), ("A03:2021",), "high", "semgrep")
    assert sql.snippet == """cur.execute(f"SELECT * FROM users WHERE name = '{name}'")"""
    jwt = by_line[("python.py", 84)]
    assert (jwt.category, jwt.severity, jwt.owasp) == ("jwt-verification", "critical", ("A02:2021",))
    assert by_line[("go.go", 65)].category == "insecure-random"


# -- bandit -------------------------------------------------------------------------------------
def test_bandit_map_covers_every_installed_test_id():
    from bandit.core import extension_loader

    mgr = extension_loader.MANAGER
    ids = set(mgr.plugins_by_id) | set(mgr.blacklist_by_id)
    assert ids - set(BANDIT_MAP) == set()
    for tid, (category, cwes) in BANDIT_MAP.items():
        assert category in CATEGORIES and cwes and all(c.startswith("CWE-") for c in cwes), tid
    assert BANDIT_MAP["B608"][0] == "sql-injection" and BANDIT_MAP["B602"][0] == "command-injection"
    assert {BANDIT_MAP[t][0] for t in ("B105", "B106", "B107")} == {"hardcoded-secret"}
    assert BANDIT_MAP["B303"][0] == BANDIT_MAP["B324"][0] == "weak-hash"
    assert BANDIT_MAP["B311"][0] == "insecure-random" and BANDIT_MAP["B201"][0] == "debug-mode"


def test_bandit_adapter_on_recorded_output():
    data = json.loads((RECORDED / "bandit.json").read_text())
    findings = bandit_engine.parse_output(data)
    rules = annotated_rules(FIX / "pyapp", ("bandit.",)) | {f.rule_id for f in findings}
    assert compare(FIX / "pyapp", expand(findings), rules) == []
    b608 = next(f for f in findings if f.rule_id == "bandit.B608")
    assert (b608.category, b608.cwe, b608.engine, b608.severity, b608.confidence) == (
        "sql-injection", ("CWE-89",), "bandit", "medium", "medium")
    assert b608.snippet.startswith("cur.execute(f\"SELECT")


# -- real runs, merging ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pyapp_scan():
    return run_scan(ScanOptions(path=str(FIX / "pyapp"), engines=["native", "semgrep", "bandit"],
                                use_cache=False)).result


def test_real_semgrep_and_bandit_run_with_status_and_version(pyapp_scan):
    st = {e.name: e for e in pyapp_scan.engines}
    assert st["semgrep"].status == "ok" and st["semgrep"].version[:1].isdigit()
    assert st["bandit"].status == "ok" and st["bandit"].version[:1].isdigit()
    assert st["dependencies"].status == "skipped" and st["dependencies"].message == "not selected"
    assert "1 test files left out" in st["bandit"].message
    engine_findings = [f for f in pyapp_scan.findings if set(f.engines) & {"semgrep", "bandit"}]
    rules = annotated_rules(FIX / "pyapp", ("bandit.", "semgrep.")) | {
        r for f in engine_findings for r in f.engine_rule_ids if r.startswith(("bandit.", "semgrep."))}
    assert compare(FIX / "pyapp", expand(engine_findings), rules) == []


def test_findings_of_several_engines_are_merged_into_one(pyapp_scan):
    at = [f for f in pyapp_scan.findings if f.file == "app.py" and f.line == 29]
    assert len(at) == 1
    f = at[0]
    assert {"bandit", "semgrep"} <= set(f.engines) and f.engine in f.engines
    assert {"bandit.B602", "semgrep.py-subprocess-shell-true"} <= set(f.engine_rule_ids)
    assert f.category == "command-injection" and f.severity == "high"


def test_merge_keeps_native_and_collects_engines():
    native = Finding("sql-injection", "sql-injection", "high", "built SQL", "a.py", 5, cwe=("CWE-89",))
    bandit = Finding("bandit.B608", "sql-injection", "medium", "b", "a.py", 5, engine="bandit",
                     engines=("bandit",), engine_rule_ids=("bandit.B608",), cwe=("CWE-89",))
    semgrep = Finding("semgrep.py-sql-built-query", "sql-injection", "high", "s", "a.py", 5,
                      engine="semgrep", engines=("semgrep",),
                      engine_rule_ids=("semgrep.py-sql-built-query",), cwe=("CWE-89",))
    other_line = bandit.with_(line=9)
    out = merge_duplicates([bandit, semgrep, native, other_line])
    assert len(out) == 2
    kept = next(f for f in out if f.line == 5)
    assert (kept.engine, kept.rule_id, kept.engines) == ("native", "sql-injection",
                                                         ("native", "semgrep", "bandit"))
    # kept first, then by severity: the most telling evidence leads
    assert kept.engine_rule_ids == ("sql-injection", "semgrep.py-sql-built-query", "bandit.B608")
    # a native finding is never suppressed by the safe-lines hook
    facts = {"a.py": {"extra": {"safe_sql_lines": [5]}}}
    assert merge_duplicates([bandit, native], facts)[0].suppressed is None


def test_engine_finding_on_a_line_native_judged_safe_is_kept_suppressed():
    bandit = Finding("bandit.B608", "sql-injection", "medium", "b", "a.py", 7, engine="bandit",
                     engines=("bandit",), engine_rule_ids=("bandit.B608",))
    unsafe = bandit.with_(line=12)
    facts = {"a.py": {"extra": {"safe_sql_lines": [7]}}}
    out = {f.line: f for f in merge_duplicates([bandit, unsafe], facts)}
    assert (out[7].suppressed, out[7].suppression_kind) == (SAFE_SQL_REASON, "engine-judged")
    assert out[12].suppressed is None
    # without facts nothing is judged
    assert all(f.suppressed is None for f in merge_duplicates([bandit, unsafe]))


def test_one_engine_with_two_rules_on_a_line_stays_two_and_advisories_never_merge():
    a = Finding("bandit.B602", "command-injection", "high", "a", "x.py", 3, engine="bandit")
    b = Finding("bandit.B604", "command-injection", "medium", "b", "x.py", 3, engine="bandit")
    assert len(merge_duplicates([a, b])) == 2
    d1 = Finding("dependency-vuln", "dependency-vuln", "high", "GHSA-1", "go.mod", 4,
                 engine="dependencies", engine_rule_ids=("GHSA-1",))
    d2 = d1.with_(message="GHSA-2", engine_rule_ids=("GHSA-2",))
    assert len(merge_duplicates([d1, d2])) == 2


# -- runner: lookup, failure isolation, time limits -----------------------------------------------
def test_tools_are_found_next_to_the_interpreter_before_path(tmp_path, monkeypatch):
    fake = tmp_path / "bin"
    fake.mkdir()
    impostor = fake / "bandit"
    impostor.write_text("#!/bin/sh\nexit 3\n")
    impostor.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake) + os.pathsep + os.environ.get("PATH", ""))
    assert find_tool("bandit") == str(Path(sys.executable).parent / "bandit")
    assert find_tool("no-such-tool-anywhere") is None


def _script(path: Path, body: str) -> str:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_a_failing_and_a_hanging_engine_lose_nothing_else(tmp_path, monkeypatch):
    broken = _script(tmp_path / "semgrep", "echo 'semgrep: fatal: rules are broken' >&2\nexit 2\n")
    hanging = _script(tmp_path / "bandit", "sleep 60\n")
    real_find = find_tool

    def fake_find(name):
        return {"semgrep": broken, "bandit": hanging}.get(name) or real_find(name)

    monkeypatch.setattr(semgrep_engine, "find_tool", fake_find)
    monkeypatch.setattr(bandit_engine, "find_tool", fake_find)
    monkeypatch.setattr(bandit_engine, "TIME_LIMIT", 2.0)
    result = run_scan(ScanOptions(path=str(FIX / "pyapp"), engines=["native", "semgrep", "bandit"],
                                  use_cache=False)).result
    st = {e.name: e for e in result.engines}
    assert st["semgrep"].status == "failed" and "rules are broken" in st["semgrep"].message
    assert st["bandit"].status == "failed" and "did not finish within 2 s" in st["bandit"].message
    assert st["bandit"].seconds < 15
    assert st["native"].status == "ok"
    assert any(f.engine == "native" and f.line == 17 for f in result.findings)


def test_missing_tool_is_skipped_not_installed(monkeypatch):
    monkeypatch.setattr(bandit_engine, "find_tool", lambda name: None)
    result = run_scan(ScanOptions(path=str(FIX / "pyapp"), engines=["bandit"], use_cache=False)).result
    st = {e.name: e for e in result.engines}
    assert (st["bandit"].status, st["bandit"].message) == (
        "skipped", "bandit is not installed: pip install 'auditor[engines]'")
    # asked for by name: the verdict is incomplete (--strict fails); see test_engine_status.py
    assert [i["engine"] for i in result.incomplete] == ["bandit"]


def test_engines_run_concurrently():
    """Two engines that each sleep 3 s finish in well under 6 s."""
    from auditor.engines.isolate import run_isolated

    jobs = [("a", "auditor.engines.tools", {}, 30.0), ("b", "auditor.engines.tools", {}, 30.0)]
    # tools has no run(): each job fails fast, proving a crash is a status
    out = {name: outcome for name, outcome, _ in run_isolated(jobs)}
    assert out["a"]["status"]["status"] == "failed" and "AttributeError" in out["a"]["status"]["message"]
    sleeper = FIX.parent.parent / "tests"
    sys.path.insert(0, str(sleeper))
    try:
        import time

        t = time.monotonic()
        res = run_isolated([("x", "engine_sleeper", {"seconds": 3}, 30.0),
                            ("y", "engine_sleeper", {"seconds": 3}, 30.0)])
        wall = time.monotonic() - t
    finally:
        sys.path.remove(str(sleeper))
    assert [o["status"]["status"] for _, o, _ in res] == ["ok", "ok"]
    assert wall < 5.5, wall


def test_sarif_names_the_engines_with_versions():
    from auditor.report.sarif import build_sarif

    result = ScanResult(root=".")
    result.engines = [EngineStatus("native", "ok"), EngineStatus("semgrep", "ok", version="1.182.0"),
                      EngineStatus("bandit", "ok", version="1.9.4"),
                      EngineStatus("dependencies", "failed", message="OSV unreachable",
                                    version="2.10.1")]
    run = build_sarif(result)["runs"][0]
    ext = {e["name"]: e["version"] for e in run["tool"]["extensions"]}
    assert ext == {"semgrep": "1.182.0", "bandit": "1.9.4"}
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any("dependencies failed" in n.lower() and "OSV unreachable" in n for n in notes), notes


def test_a_cancelled_engine_leaves_no_tool_running(tmp_path, monkeypatch):
    """A scan that fails after the engines started stops them and the tools they ran."""
    import time

    from auditor.engines import start_engines

    pidfile = tmp_path / "pid"
    slow = _script(tmp_path / "bandit", f"echo $$ > {pidfile}\nexec sleep 60\n")
    monkeypatch.setattr(bandit_engine, "find_tool", lambda name: slow)
    view = SimpleNamespace(root=FIX / "pyapp", config=SimpleNamespace(tests_as_production=False),
                           facts={"app.py": {"language": "python"}})
    run = start_engines(view, ["bandit"], SimpleNamespace(offline=True))
    for _ in range(100):
        if pidfile.exists() and pidfile.read_text().strip():
            break
        time.sleep(0.1)
    pid = int(pidfile.read_text())
    run.cancel()
    time.sleep(0.3)
    status = Path(f"/proc/{pid}/status")
    state = status.read_text().split("State:")[1].split()[0] if status.exists() else "gone"
    assert state in ("gone", "Z"), state  # a zombie waits for a reaper that is not ours


def test_engine_hits_on_sinks_native_modelled_are_adjudicated_by_category():
    """An engine hit on a sink the native rule of that category modelled and found no request
    data reaching stays visible, suppressed; a hit on a sink native does not model (another
    line, another category) stays active; bandit's import hints give way to the per-use
    judgment."""
    from auditor.scan.findings import merge_duplicates

    def hit(rule, category, line):
        return Finding(rule, category, "high", "x", "a.py", line, engine=rule.split(".")[0],
                       engines=(rule.split(".")[0],), engine_rule_ids=(rule,))

    facts = {"a.py": {"extra": {"safe_sink_lines": {"code-injection": [10],
                                                    "command-injection": [20]}}}}
    found = {(f.rule_id, f.line): f for f in merge_duplicates(
        [hit("semgrep.py-eval-dynamic", "code-injection", 10),
         hit("bandit.B307", "code-injection", 11),
         hit("bandit.B602", "command-injection", 20),
         hit("bandit.B602", "path-traversal", 10),
         hit("bandit.B404", "command-injection", 1)], facts)}
    assert found[("semgrep.py-eval-dynamic", 10)].suppression_kind == "engine-judged"
    assert found[("bandit.B602", 20)].suppression_kind == "engine-judged"
    assert found[("bandit.B307", 11)].suppressed is None
    assert found[("bandit.B602", 10)].suppressed is None
    assert "import is not a use" in found[("bandit.B404", 1)].suppressed
