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
        assert item["status"] in ("pass", "fail", "warn", "not_verified", "not_applicable", "manual")


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


# ------------------------------------------------------------------ options that reject mistakes
def test_every_option_has_help_and_no_prefix_matching():
    import argparse

    from auditor.cli import _parsers, build_parser

    parsers = _parsers(build_parser())
    assert len(parsers) >= 8
    for parser in parsers:
        assert parser.allow_abbrev is False, parser.prog
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._VersionAction,
                                   argparse._SubParsersAction)):
                continue
            assert action.help, f"{parser.prog}: {action.option_strings or action.dest} has no help"


def test_mistyped_option_and_command_suggest_the_right_one(todo_tree):
    proc = run_cli("scan", str(todo_tree), "--engine", "native")  # not taken as --engines
    assert proc.returncode == 2 and "--engines" in proc.stderr and "did you mean" in proc.stderr
    _no_traceback(proc)
    proc = run_cli("scna", str(todo_tree))
    assert proc.returncode == 2 and "did you mean 'scan'" in proc.stderr


def test_progress_names_the_stage(monkeypatch):
    import io

    from auditor.cli import _Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    err = Tty()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.delenv("CI", raising=False)
    p = _Progress()
    for i in range(60):
        p(i, 60, f"f{i}.py")
    p.stage("engines: semgrep, bandit")
    p.close()
    assert "engines: semgrep, bandit" in err.getvalue()


# ------------------------------------------------------------------ GitHub output
def test_github_annotations_escape_what_the_tree_wrote(tmp_path):
    """A finding's text comes from the scanned tree: a newline in it must not start a workflow
    command of its own (`::add-mask::`, `::stop-commands::`)."""
    from auditor.model import Finding, ScanResult
    from auditor.report.github import render_annotations, render_summary

    r = ScanResult(root=".")
    r.repo_root_prefix = "svc"
    r.findings = [Finding(rule_id="todo", category="todo", severity="high",
                          message="TODO: x\n::add-mask::secret\r%0A", file="a,b:c.py", line=3,
                          column=2, engine="native")]
    out = render_annotations(r)
    first = out.splitlines()[0]
    assert first.startswith("::error file=svc/a%2Cb%3Ac.py,line=3,col=2,title=auditor todo (high)::")
    assert "%0A::add-mask::secret%0D%250A" in first
    assert not any(line.startswith("::add-mask::") for line in out.splitlines())
    summary = render_summary(r)
    assert "| high | 1 |" in summary and "`svc/a,b:c.py:3`" in summary


def test_scan_writes_several_outputs_from_one_run(todo_tree, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n")
    proc = run_cli("scan", str(todo_tree), "--engines", "native", "--format", "github",
                   "--sarif-output", str(tmp_path / "r.sarif"), "--json-output",
                   str(tmp_path / "r.json"), "--summary-output", str(summary), "--fail-on", "none")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("::")
    validate_sarif(json.loads((tmp_path / "r.sarif").read_text()))
    validate_result_json(json.loads((tmp_path / "r.json").read_text()))
    text = summary.read_text()
    assert text.startswith("# earlier step\n") and "## auditor" in text  # appended


def test_text_output_counts_baselined_findings_instead_of_listing_them(todo_tree, tmp_path):
    base = tmp_path / "base.json"
    run_cli("scan", str(todo_tree), "--engines", "native", "--write-baseline", str(base),
            "--fail-on", "none")
    (todo_tree / "svc/new.py").write_text("x = 1  # TODO: the one new finding\n")
    proc = run_cli("scan", str(todo_tree), "--engines", "native", "--baseline", str(base),
                   "--fail-on", "none")
    assert "svc/new.py" in proc.stdout and "svc/util.py" not in proc.stdout
    assert "not listed: 3 baselined (--show-suppressed lists them)" in proc.stdout
    proc = run_cli("scan", str(todo_tree), "--engines", "native", "--baseline", str(base),
                   "--fail-on", "none", "--show-suppressed")
    assert "svc/util.py" in proc.stdout and "not listed" not in proc.stdout


def test_rules_doc_is_current():
    """docs/rules.md is where every rule's SARIF helpUri points: it is the registry's."""
    proc = run_cli("rules", "--format", "markdown")
    assert proc.returncode == 0
    assert (REPO / "docs/rules.md").read_text(encoding="utf-8") == proc.stdout, \
        "docs/rules.md is stale: auditor rules --format markdown -o docs/rules.md"
