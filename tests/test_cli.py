"""The CLI contract through real subprocesses: `python -m auditor` and the `auditor` script."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import (EXAMPLE_APP, REPO, run_cli, validate_result_json, validate_sarif,
                      write_tree)

import auditor
from auditor.checks.registry import known_rule_ids

TODO_TREE = {
    "svc/handler.go": "package svc\n\n// TODO: validate input\nfunc H() {}\n",
    "svc/util.py": "def f():\n    return 1  # FIXME: cache this\n",
    "web/api.ts": "export const x = 1; // HACK: temporary\n",
}


@pytest.fixture
def todo_tree(tmp_path):
    return write_tree(tmp_path / "proj", TODO_TREE)


def _no_traceback(proc):
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_version_module_and_script():
    for script in (False, True):
        proc = run_cli("--version", script=script)
        assert proc.returncode == 0
        assert proc.stdout.strip() == f"auditor {auditor.__version__}"


def test_missing_path_exits_2_with_one_line(tmp_path):
    proc = run_cli("scan", str(tmp_path / "nope"))
    assert proc.returncode == 2
    _no_traceback(proc)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "no such file or directory" in lines[0]
    assert proc.stdout == ""


def test_missing_path_with_debug_shows_traceback(tmp_path):
    proc = run_cli("scan", str(tmp_path / "nope"), "--debug")
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_usage_error_exits_2():
    proc = run_cli("scan", "--format", "yaml")
    assert proc.returncode == 2
    _no_traceback(proc)
    assert "invalid choice" in proc.stderr
    assert run_cli().returncode == 2  # no command


def test_bad_config_key_exits_2_naming_the_key(tmp_path):
    write_tree(tmp_path, {".auditor.toml": "max_file_sise = 10\n", "a.py": "x = 1\n"})
    proc = run_cli("scan", str(tmp_path), "--engines", "native", "--no-cache")
    assert proc.returncode == 2
    _no_traceback(proc)
    assert "max_file_sise" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_empty_folder_exits_0(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = run_cli("scan", str(tmp_path / "empty"), "--engines", "native", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    validate_result_json(doc)
    assert doc["findings"] == [] and doc["summary"]["files_analyzed"] == 0


def test_fail_on(todo_tree):
    base = ("scan", str(todo_tree), "--engines", "native", "--no-cache", "--format", "json")
    assert run_cli(*base).returncode == 0  # TODOs are low; default --fail-on high
    assert run_cli(*base, "--fail-on", "low").returncode == 1
    assert run_cli(*base, "--fail-on", "info").returncode == 1
    assert run_cli(*base, "--fail-on", "medium").returncode == 0
    (todo_tree / ".auditor.toml").write_text('fail_on = "low"\n')
    assert run_cli(*base).returncode == 1  # from the configuration
    assert run_cli(*base, "--fail-on", "none").returncode == 0  # the flag wins


def test_scan_every_format(todo_tree, tmp_path):
    base = ("scan", str(todo_tree), "--engines", "native", "--no-cache")
    text = run_cli(*base)
    assert text.returncode == 0, text.stderr
    assert "svc/handler.go" in text.stdout and "TODO comment" in text.stdout
    assert "3 findings" in text.stdout and "\x1b[" not in text.stdout  # no colour into a pipe

    js = run_cli(*base, "--format", "json")
    doc = json.loads(js.stdout)
    validate_result_json(doc)
    assert sorted((f["file"], f["line"]) for f in doc["findings"]) == [
        ("svc/handler.go", 3), ("svc/util.py", 2), ("web/api.ts", 1)]

    out = tmp_path / "out.sarif"
    sarif = run_cli(*base, "--format", "sarif", "-o", str(out))
    assert sarif.returncode == 0 and sarif.stdout == ""
    sdoc = json.loads(out.read_text())
    validate_sarif(sdoc)
    assert len(sdoc["runs"][0]["results"]) == 3

    md = run_cli(*base, "--format", "markdown")
    assert md.stdout.startswith("# auditor report") and "svc/handler.go" in md.stdout
    _no_traceback(md)


def test_output_to_missing_folder_exits_2(todo_tree, tmp_path):
    proc = run_cli("scan", str(todo_tree), "--engines", "native", "-o",
                   str(tmp_path / "no" / "such" / "out.json"))
    assert proc.returncode == 2
    _no_traceback(proc)


def test_console_script_scan(todo_tree):
    proc = run_cli("scan", str(todo_tree), "--engines", "native", "--format", "json",
                   "--no-cache", script=True)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["findings"]) == 3


def test_rules_command():
    text = run_cli("rules")
    assert text.returncode == 0
    assert any(line.startswith("todo ") for line in text.stdout.splitlines())
    js = run_cli("rules", "--format", "json")
    metas = json.loads(js.stdout)
    assert {m["id"] for m in metas} == known_rule_ids()
    for m in metas:
        assert m["name"] != m["id"] and m["docs"].get("What it finds")


def test_report_out_writes_four_files(todo_tree, tmp_path):
    out = tmp_path / "reports"
    proc = run_cli("report", str(todo_tree), "--out", str(out), "--engines", "native",
                   "--no-cache")
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in out.iterdir())
    assert {"audit.json", "audit.sarif", "code-audit-report.md", "security-report.md"} <= set(names)
    validate_sarif(json.loads((out / "audit.sarif").read_text()))
    validate_result_json(json.loads((out / "audit.json").read_text()))


def test_checklist_command(todo_tree):
    proc = run_cli("checklist", str(todo_tree), "--engines", "native", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    _no_traceback(proc)
    js = run_cli("checklist", str(todo_tree), "--engines", "native", "--no-cache",
                 "--format", "json")
    assert js.returncode == 0
    doc = json.loads(js.stdout)
    assert "checklist" in doc and "score" in doc
    for item in doc["checklist"]:
        assert item["status"] in ("pass", "fail", "warn", "manual")


def test_cache_lives_outside_the_tree(todo_tree, tmp_path):
    cache = tmp_path / "elsewhere"
    base = ("scan", str(todo_tree), "--engines", "native", "--format", "json")
    first = json.loads(run_cli(*base, "--cache-dir", str(cache)).stdout)
    assert (cache / "key").is_file() and list((cache / "trees").iterdir())
    assert not (todo_tree / ".auditor-cache").exists()
    second = json.loads(run_cli(*base, env={"AUDITOR_CACHE_DIR": str(cache)}).stdout)
    assert second["timings"]["files_parsed"] == 0
    assert [f["fingerprint"] for f in first["findings"]] == \
        [f["fingerprint"] for f in second["findings"]]


def test_no_progress_output_when_stderr_is_not_a_tty(todo_tree):
    proc = run_cli("scan", str(todo_tree), "--engines", "native", "--no-cache",
                   "--format", "json")
    assert proc.stderr == ""


def test_example_app_matches_its_expect_marks(tmp_path):
    """The README's first command: every `expect:` mark of a rule that exists is found there."""
    from expect import compare, expectations

    from auditor.model import Finding

    app = tmp_path / "example-app"
    shutil.copytree(EXAMPLE_APP, app, ignore=shutil.ignore_patterns(".auditor-cache"))
    proc = run_cli("scan", str(app), "--engines", "native", "--no-cache", "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads(proc.stdout)
    validate_result_json(doc)
    marked = set()
    for p in app.rglob("*"):
        if p.is_file():
            exp, forb = expectations(p)
            marked |= {r for r, _ in exp | forb}
    rules = marked & known_rule_ids()
    assert "todo" in rules
    findings = [Finding.from_dict(f) for f in doc["findings"]]
    assert compare(app, findings, rules) == []
    high = [f for f in findings if f.severity in ("critical", "high") and not f.suppressed]
    assert proc.returncode == (1 if high else 0)


def test_example_app_sarif_is_relative_to_the_git_top_level(tmp_path):
    """Scanned in place (inside this repository), SARIF URIs start at the repository root."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    out = tmp_path / "example.sarif"
    proc = run_cli("scan", str(EXAMPLE_APP), "--engines", "native", "--no-cache",
                   "--format", "sarif", "-o", str(out))
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads(out.read_text())
    validate_sarif(doc)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in doc["runs"][0]["results"]}
    assert uris and all(u.startswith("fixtures/example-app/") for u in uris)
    assert doc["runs"][0]["automationDetails"]["id"] == "auditor/fixtures/example-app/"


class _FakeTTY:
    """A text stream that says it is a terminal."""

    def __init__(self) -> None:
        import io

        self.buf = io.StringIO()

    def isatty(self) -> bool:
        return True

    def write(self, s: str) -> int:
        return self.buf.write(s)

    def flush(self) -> None:
        pass


def test_progress_bar_only_on_a_terminal(monkeypatch):
    import io
    import sys

    from auditor.cli import _Progress

    monkeypatch.delenv("CI", raising=False)
    tty = _FakeTTY()
    monkeypatch.setattr(sys, "stderr", tty)
    p = _Progress()
    for i in range(1, 61):
        p(i, 60, f"src/file_{i}.py")
    p.close()
    assert "parsing" in tty.buf.getvalue() and "60/60" in tty.buf.getvalue()

    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    p = _Progress()
    p(1, 60, "a.py")
    p.close()
    assert p.bar is None and pipe.getvalue() == ""

    monkeypatch.setattr(sys, "stderr", _FakeTTY())
    monkeypatch.setenv("CI", "true")
    assert _Progress().bar is None
