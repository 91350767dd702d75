"""Engines that say what they could not do: `partial` with the files an engine could not
analyse (bandit's and semgrep's `errors`), in every report and for --strict; an engine whose
tool is not installed is `skipped` with how to install it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from auditor.engines import bandit as bandit_engine
from auditor.engines import semgrep as semgrep_engine
from auditor.engines.tools import find_tool
from auditor.model import EngineStatus, ScanResult
from auditor.scan import ScanOptions, incompleteness, run_scan
from conftest import run_cli, validate_result_json, validate_sarif, write_tree

HINT = "pip install 'auditor[engines]'"
# A Python 3.12 f-string (PEP 701: the same quotes nested, a backslash in the expression).
PEP701 = 'names = ["a", "b"]\nprint(f"{"\\n".join(names)}")\n'
BROKEN_PY = "def f(:\n    pass\n"
BROKEN_TS = "const x = ;;; {{{\nfunction ( {\n"
OK_PY = "import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n"

needs_bandit = pytest.mark.skipif(not find_tool("bandit"), reason="bandit not installed")
needs_semgrep = pytest.mark.skipif(not find_tool("semgrep"), reason="semgrep not installed")


# -- the adapters on recorded output --------------------------------------------------------------
def test_bandit_errors_are_files_with_reasons():
    data = {"results": [], "errors": [
        {"filename": "./pkg/new.py", "reason": "syntax error while parsing AST from file"},
        {"filename": "other.py", "reason": "exception while scanning file"}]}
    errs = bandit_engine.parse_errors(data, python=(3, 11))
    assert [f for f, _ in errs] == ["pkg/new.py", "other.py"]
    assert "Python 3.11" in errs[0][1] and "3.12 f-strings" in errs[0][1]
    assert errs[1][1] == "exception while scanning file"  # not a syntax error: no hint
    assert "Python" not in bandit_engine.parse_errors(data, python=(3, 12))[0][1]


def test_semgrep_errors_are_files_with_kinds():
    data = {"errors": [
        {"code": 3, "level": "warn", "type": "Syntax error", "path": "web/bad.ts",
         "message": "Syntax error at line web/bad.ts:1:\n `const x = ;;;` was unexpected"},
        {"code": 3, "level": "warn", "type": ["PartialParsing", [{"path": "a.py"}]],
         "spans": [{"file": "a.py"}], "message": "Syntax error at line a.py:3"},
        {"code": 2, "level": "error", "type": "Timeout", "path": "./big.go", "message": ""},
        {"code": 7, "level": "error", "type": "Rule parse error", "message": "bad rule"}]}
    errs = semgrep_engine._errors(data)
    assert errs == [("web/bad.ts", "Syntax error: Syntax error at line web/bad.ts:1:"),
                    ("a.py", "PartialParsing: Syntax error at line a.py:3"),
                    ("big.go", "Timeout"), ("", "Rule parse error: bad rule")]


def test_partial_is_incomplete_and_shown_in_every_report():
    from auditor.report.sarif import build_sarif
    from auditor.report.terminal import render_text

    result = ScanResult(root=".")
    result.engines = [EngineStatus("native", "ok"),
                      EngineStatus("bandit", "partial", findings=1, version="1.9.4",
                                   message="3 files; 1 file bandit could not parse: new.py",
                                   errors=[{"file": "new.py", "message": "syntax error"}]),
                      EngineStatus("semgrep", "partial", errors=[
                          {"file": "a.ts", "message": "Syntax error"},
                          {"file": "", "message": "Rule parse error: bad rule"}])]
    result.incomplete = incompleteness(result)
    assert [(i["kind"], i["engine"]) for i in result.incomplete] == [("engine", "bandit"),
                                                                      ("engine", "semgrep")]
    assert "engine bandit partial: 1 file not analysed by it: new.py" in result.incomplete[0]["message"]
    doc = json.loads(json.dumps(result.to_dict()))
    validate_result_json(doc)
    assert doc["engines"][1]["status"] == "partial"
    assert doc["engines"][1]["errors"] == [{"file": "new.py", "message": "syntax error"}]
    assert doc["summary"]["complete"] is False

    sarif = build_sarif(result)
    validate_sarif(sarif)
    inv = sarif["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    partial = [n for n in inv["toolExecutionNotifications"]
               if n["descriptor"]["id"] == "engine-partial"]
    assert [(n["level"], [loc["physicalLocation"]["artifactLocation"]["uri"]
                          for loc in n.get("locations", [])]) for n in partial] == [
        ("warning", ["new.py"]), ("warning", ["a.ts"]), ("warning", [])]
    assert "could not analyse new.py: syntax error" in partial[0]["message"]["text"]
    # a partial engine's results are in the run: it is named with its version
    assert {e["name"] for e in sarif["runs"][0]["tool"]["extensions"]} == {"bandit", "semgrep"}

    text = render_text(result, color=False)
    assert "engine bandit: partial" in text and "incomplete scan" in text


def test_merged_shards_keep_the_worst_status_and_every_file():
    from auditor.report.merge import merge_results

    def shard(prefix: str, status: str, errors: list[dict]) -> dict:
        r = ScanResult(root=".")
        r.repo_root_prefix = prefix
        r.engines = [EngineStatus("bandit", status, errors=errors)]
        r.incomplete = incompleteness(r)
        return r.to_dict()

    merged = merge_results([shard("api", "partial", [{"file": "x.py", "message": "syntax error"}]),
                            shard("web", "ok", []),
                            shard("lib", "partial", [{"file": "y.py", "message": "syntax error"}])])
    (bandit,) = merged.engines
    assert bandit.status == "partial"
    assert [e["file"] for e in bandit.errors] == ["api/x.py", "lib/y.py"]
    assert len(merged.incomplete) == 2
    failed = merge_results([shard("api", "partial", []), shard("web", "failed", [])])
    assert failed.engines[0].status == "failed"


# -- real runs ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def broken_tree(tmp_path_factory) -> Path:
    files = {"app.py": OK_PY, "broken.py": BROKEN_PY, "web/bad.ts": BROKEN_TS,
             "web/ok.ts": "export const answer = 42;\n"}
    if sys.version_info < (3, 12):
        files["new312.py"] = PEP701
    return write_tree(tmp_path_factory.mktemp("partial"), files)


@needs_bandit
@needs_semgrep
def test_engines_that_could_not_parse_files_are_partial(broken_tree):
    result = run_scan(ScanOptions(path=str(broken_tree), engines=["native", "semgrep", "bandit"],
                                  use_cache=False, jobs=1)).result
    st = {e.name: e for e in result.engines}
    bandit_files = {"broken.py"} | ({"new312.py"} if sys.version_info < (3, 12) else set())
    assert st["bandit"].status == "partial"
    assert {e["file"] for e in st["bandit"].errors} == bandit_files
    assert f"{len(bandit_files)} files bandit could not parse" in st["bandit"].message
    assert st["bandit"].findings >= 1  # what it could read is still reported
    if sys.version_info < (3, 12):
        reason = next(e["message"] for e in st["bandit"].errors if e["file"] == "new312.py")
        assert "syntax error" in reason and "3.12 f-strings" in reason
    assert st["semgrep"].status == "partial"
    assert "web/bad.ts" in {e["file"] for e in st["semgrep"].errors}
    assert "semgrep could not analyse" in st["semgrep"].message
    assert {i["engine"] for i in result.incomplete if i["kind"] == "engine"} == {"semgrep", "bandit"}


@needs_bandit
def test_strict_fails_on_a_partial_engine(broken_tree, tmp_path):
    base = ("scan", str(broken_tree), "--engines", "native,bandit", "--no-cache",
            "--fail-on", "none", "--format", "json", "-o", str(tmp_path / "r.json"),
            "--sarif-output", str(tmp_path / "r.sarif"))
    strict = run_cli(*base, "--strict")
    assert strict.returncode == 1, strict.stderr
    assert "incomplete (strict mode): engine bandit partial" in strict.stderr
    assert "broken.py" in strict.stderr
    lenient = run_cli(*base, "--no-strict")
    assert lenient.returncode == 0, lenient.stderr
    doc = json.loads((tmp_path / "r.json").read_text())
    validate_result_json(doc)
    bandit = next(e for e in doc["engines"] if e["name"] == "bandit")
    assert bandit["status"] == "partial" and "broken.py" in {e["file"] for e in bandit["errors"]}
    sarif = json.loads((tmp_path / "r.sarif").read_text())
    validate_sarif(sarif)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any(n["descriptor"]["id"] == "engine-partial" and n["level"] == "warning"
               and n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.py"
               for n in notes)


# -- not installed ----------------------------------------------------------------------------------
def _without_tools(monkeypatch):
    monkeypatch.setattr(semgrep_engine, "find_tool", lambda name: None)
    monkeypatch.setattr(bandit_engine, "find_tool", lambda name: None)


def test_missing_engines_of_the_default_selection_are_skipped_not_failed(monkeypatch, tmp_path):
    _without_tools(monkeypatch)
    tree = write_tree(tmp_path, {"app.py": OK_PY})
    for engines in (None, ["native", "semgrep", "bandit", "dependencies"]):
        result = run_scan(ScanOptions(path=str(tree), engines=engines, offline=True,
                                      use_cache=False, jobs=1)).result
        st = {e.name: e for e in result.engines}
        assert (st["semgrep"].status, st["semgrep"].message) == (
            "skipped", f"semgrep is not installed: {HINT}")
        assert (st["bandit"].status, st["bandit"].message) == (
            "skipped", f"bandit is not installed: {HINT}")
        assert st["native"].status == "ok" and result.findings
        assert result.incomplete == []  # a native-only install passes --strict


def test_a_missing_engine_asked_for_by_name_makes_the_scan_incomplete(monkeypatch, tmp_path):
    _without_tools(monkeypatch)
    tree = write_tree(tmp_path, {"app.py": OK_PY})
    result = run_scan(ScanOptions(path=str(tree), engines=["native", "semgrep"], use_cache=False,
                                  jobs=1)).result
    assert result.incomplete == [{
        "kind": "engine", "engine": "semgrep",
        "message": f"engine semgrep was requested but semgrep is not installed: {HINT}"}]
