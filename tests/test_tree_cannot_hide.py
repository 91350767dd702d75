"""Nothing in the scanned tree can change the verdict silently (issue 20): its configuration is
listed and can be read from a trusted revision, a baseline can come from one too, git config
tricks run nothing, the external tools' own markers and ignore files hide nothing unseen, no
file escapes analysis by size, NUL bytes, line ends or a declared encoding, an interrupted scan
leaves no engine running, and `--strict` (the default under CI) fails an incomplete scan."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cli, write_tree

SQLI = ('import sqlite3\nfrom flask import Flask, request\napp = Flask(__name__)\n\n'
        '@app.route("/u")\ndef u():\n    db = sqlite3.connect("x")\n'
        '    return str(db.execute("SELECT * FROM users WHERE name = \'" + request.args["n"]'
        ' + "\'").fetchall())\n')
SQLI_LINE = 8
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e", "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})


def scan_json(root: Path, *extra: str, env: dict | None = None) -> tuple[int, dict, str]:
    proc = run_cli("scan", str(root), "--engines", "native", "--format", "json", *extra,
                   env=env)
    doc = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}
    return proc.returncode, doc, proc.stderr


def sqli_lines(doc: dict, path: str = "app.py") -> set[int]:
    return {f["line"] for f in doc.get("findings", [])
            if f["rule_id"] == "sql-injection" and f["file"] == path and not f["suppressed"]}


def repo_with_base(tmp_path: Path) -> Path:
    """A repository whose base commit holds the app; the pull request adds configuration."""
    root = write_tree(tmp_path / "r", {"app.py": SQLI})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    git(root, "tag", "base")
    return root


# -- configuration -------------------------------------------------------------------------
def test_configuration_that_disables_everything_is_visible(tmp_path):
    root = repo_with_base(tmp_path)
    (root / ".auditor.toml").write_text(
        'disable = ["sql-injection", "missing-auth"]\nfail_on = "none"\n'
        'severity = {security-headers = "info"}\nexclude = ["legacy/**"]\n'
        'public_routes = ["/u"]\n')
    (root / ".auditorignore").write_text("vendor2/\n")
    write_tree(root, {"vendor2/x.py": SQLI})
    code, doc, err = scan_json(root)
    assert code == 0, err
    assert not sqli_lines(doc)
    got = {(e["key"], json.dumps(e["value"])) for e in doc["config_effects"]}
    assert {("disable", '"sql-injection"'), ("disable", '"missing-auth"'), ("fail_on", '"none"'),
            ("severity.security-headers", '"info"'), ("exclude", '"legacy/**"'),
            ("public_routes", '"/u"'), ("patterns", "1")} <= got
    assert all(e["file"] in (".auditor.toml", ".auditorignore") for e in doc["config_effects"])
    text = run_cli("scan", str(root), "--engines", "native").stdout
    assert "configuration of the scanned tree changed" in text and "sql-injection disabled" in text
    sarif = json.loads(run_cli("scan", str(root), "--engines", "native", "--format",
                               "sarif").stdout)
    notes = sarif["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert any("sql-injection" in n["message"]["text"] for n in notes)


def test_config_from_a_revision_ignores_the_pull_requests_configuration(tmp_path):
    root = repo_with_base(tmp_path)
    (root / ".auditor.toml").write_text('disable = ["sql-injection"]\nfail_on = "none"\n')
    (root / ".auditorignore").write_text("app.py\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pr")
    code, doc, err = scan_json(root, "--config-from", "base")
    assert code == 1, err  # the base's defaults: fail on high
    assert sqli_lines(doc) == {SQLI_LINE} and doc["config_effects"] == []
    code, _, err = scan_json(root, "--config-from", "no-such-ref")
    assert code == 2 and "unknown git revision" in err and "Traceback" not in err
    code, _, err = scan_json(root, "--config-from=--help")
    assert code == 2 and "not a git revision" in err


def test_baseline_from_a_revision_ignores_the_pull_requests_baseline(tmp_path):
    root = repo_with_base(tmp_path)
    (root / "baseline.json").write_text('{"fingerprints": []}\n')
    git(root, "add", "-A")
    git(root, "commit", "-qm", "empty baseline")
    git(root, "tag", "base2")
    bl = root / "baseline.json"
    code, _, err = scan_json(root, "--write-baseline", str(bl), "--fail-on", "none")
    assert code == 0, err
    git(root, "commit", "-qam", "pr baselines its own findings")
    code, doc, _ = scan_json(root, "--baseline", str(bl))
    assert code == 0 and not sqli_lines(doc)  # the working tree's file hides them
    proc = run_cli("scan", str(root), "--engines", "native", "--format", "json",
                   "--baseline", "baseline.json", "--baseline-from", "base2", cwd=root)
    assert proc.returncode == 1 and sqli_lines(json.loads(proc.stdout)) == {SQLI_LINE}
    proc = run_cli("scan", str(root), "--baseline-from", "base2")
    assert proc.returncode == 2 and "--baseline-from needs --baseline" in proc.stderr


def test_git_config_tricks_of_the_scanned_repo_run_nothing(tmp_path):
    root = repo_with_base(tmp_path)
    marker = tmp_path / "MARKER"
    cmd = f"touch {marker}; cat"
    for key, value in (("core.fsmonitor", f"touch {marker}; false"),
                       ("core.hooksPath", str(tmp_path / "hooks")), ("core.pager", cmd),
                       ("filter.evil.clean", cmd), ("filter.evil.smudge", cmd),
                       ("filter.evil.process", cmd), ("filter.evil.required", "true"),
                       ("diff.external", str(tmp_path / "ext.sh")), ("diff.evil.textconv", cmd),
                       ("pager.diff", cmd), ("core.editor", cmd)):
        git(root, "config", key, value)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for name in ("post-checkout", "pre-commit", "post-index-change", "reference-transaction"):
        (hooks / name).write_text(f"#!/bin/sh\ntouch {marker}\n")
        (hooks / name).chmod(0o755)
    (tmp_path / "ext.sh").write_text(f"#!/bin/sh\ntouch {marker}\n")
    (tmp_path / "ext.sh").chmod(0o755)
    (root / ".gitattributes").write_text("* filter=evil diff=evil\n")
    (root / "app.py").write_text(SQLI + "# TODO: changed\n")
    (root / ".auditor.toml").write_text('fail_on = "none"\n')
    for extra in ((), ("--changed-since", "base"), ("--config-from", "base"),
                  ("--baseline", "app.py", "--baseline-from", "base")):
        proc = run_cli("scan", str(root), "--engines", "native", "--format", "json", *extra,
                       cwd=root)
        assert proc.returncode in (0, 1, 2), proc.stderr
        assert "Traceback" not in proc.stderr
        assert not marker.exists(), extra
    for cmd_ in (["endpoints", str(root)], ["graph", str(root)]):
        run_cli(*cmd_)
        assert not marker.exists()


# -- the external tools' own markers and ignore files ------------------------------------------
def _engine(name: str) -> bool:
    from auditor.engines.tools import find_tool

    return find_tool(name) is not None


@pytest.mark.skipif(not _engine("bandit"), reason="bandit not installed")
def test_nosec_and_bandit_config_hide_nothing_unseen(tmp_path):
    root = write_tree(tmp_path / "b", {
        "app.py": "import subprocess\n\ndef f(x):\n"
                  "    subprocess.call(x, shell=True)  # nosec\n"
                  "    subprocess.call(x, shell=True)\n",
        ".bandit": "[bandit]\nskips: B602,B404\nexclude: app.py\n",
        "pyproject.toml": "[tool.bandit]\nskips = ['B602']\n"})
    proc = run_cli("scan", str(root), "--engines", "bandit", "--format", "json", "--no-cache")
    doc = json.loads(proc.stdout)
    b602 = {f["line"]: f["suppressed"] for f in doc["findings"] if f["rule_id"] == "bandit.B602"}
    assert b602.get(5) is None and 5 in b602  # .bandit and [tool.bandit] skip nothing
    assert b602.get(4) and "nosec" in b602[4]  # reported, marked suppressed with the marker


@pytest.mark.skipif(not _engine("semgrep"), reason="semgrep not installed")
def test_nosemgrep_and_semgrepignore_hide_nothing_unseen(tmp_path):
    root = write_tree(tmp_path / "s", {
        "app.py": "import subprocess\n\ndef f(x):\n"
                  "    # nosemgrep\n"
                  "    subprocess.call(x, shell=True)\n"
                  "    subprocess.call(x, shell=True)\n",
        ".semgrepignore": "app.py\n*.py\n"})
    proc = run_cli("scan", str(root), "--engines", "semgrep", "--format", "json", "--no-cache",
                   timeout=600)
    doc = json.loads(proc.stdout)
    assert any(e["name"] == "semgrep" and e["status"] == "ok" for e in doc["engines"]), doc["engines"]
    hits = {f["line"]: f["suppressed"] for f in doc["findings"] if f["engine"] == "semgrep"}
    assert 6 in hits and hits[6] is None  # .semgrepignore hides nothing
    assert hits.get(5) and "nosemgrep" in hits[5]  # reported, marked suppressed with the marker


# -- no file hides a defect ----------------------------------------------------------------------
@pytest.mark.parametrize("name,content", [
    ("nul", SQLI.replace("import sqlite3\n", "import sqlite3  # \0\n").encode()),
    ("lone-cr", SQLI.replace("\n", "\r").encode()),
    ("utf7", ("# -*- coding: utf-7 -*-\n" + SQLI).encode("utf-7")),
    ("latin1-declared", ("# coding: latin-1\n# caf\xe9\n" + SQLI).encode("latin-1")),
])
def test_odd_bytes_that_the_language_runs_are_analysed(tmp_path, name, content):
    root = tmp_path / name
    root.mkdir()
    (root / "app.py").write_bytes(content)
    code, doc, err = scan_json(root, "--no-cache")
    assert sqli_lines(doc), (name, doc.get("skipped"), doc.get("errors"), err)
    assert not doc["skipped"]
    if name != "latin1-declared":
        assert doc["notices"] and doc["notices"][0]["file"] == "app.py"


def test_binary_is_decided_by_content_not_one_byte(tmp_path):
    from auditor.discover import is_binary

    assert not is_binary(b"const a = 1; // \0\n", source=True)
    assert is_binary(b"\x7fELF\x02\x01\x01" + b"\0" * 100, source=True)
    assert is_binary(b"\0\1\2\3" * 100, source=True)
    assert is_binary(b"key: \0value\n", source=False)


def test_a_file_padded_past_the_size_cap_is_still_analysed(tmp_path):
    root = write_tree(tmp_path / "big", {
        "app.py": SQLI + "# " + "x" * 200 + "\n" + ("# padding\n" * 3000),
        ".auditor.toml": "max_file_size = 20000\n"})
    code, doc, err = scan_json(root, "--no-cache")
    assert sqli_lines(doc) == {SQLI_LINE}, (doc.get("skipped"), err)
    assert any("over the size cap" in n["message"] for n in doc["notices"])
    # past the hard ceiling (8 x the cap) it is skipped, and --strict fails the scan
    (root / "app.py").write_text(SQLI + "# padding\n" * 20000)
    code, doc, err = scan_json(root, "--no-cache", "--strict")
    assert code == 1 and any(i["kind"] == "file" for i in doc["incomplete"]), err
    assert "incomplete" in err
    code, doc, _ = scan_json(root, "--no-cache", "--no-strict", "--fail-on", "none")
    assert code == 0 and doc["incomplete"]


# -- no silent green ---------------------------------------------------------------------------
def test_strict_is_the_default_under_ci_and_fails_a_failed_engine(tmp_path):
    root = write_tree(tmp_path / "c", {"app.py": "x = 1\n"})
    python = _python_with_tools(tmp_path, {"bandit": "#!/bin/sh\necho broken >&2\nexit 3\n"})
    base = {k: v for k, v in os.environ.items() if k != "CI"}

    def run(*extra, ci=False):
        env = {**base, "CI": "true"} if ci else base
        return subprocess.run([python, "-m", "auditor", "scan", str(root), "--engines",
                               "native,bandit", "--format", "json", "--no-cache", *extra],
                              capture_output=True, text=True, env=env, timeout=120)

    ok = run()
    assert ok.returncode == 0, ok.stderr  # not under CI: the failure is reported, not fatal
    doc = json.loads(ok.stdout)
    assert doc["incomplete"] and doc["incomplete"][0]["engine"] == "bandit"
    assert doc["summary"]["complete"] is False
    sarif = json.loads(run("--format", "sarif").stdout)
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False
    ci = run(ci=True)
    assert ci.returncode == 1 and "bandit" in ci.stderr
    assert run("--no-strict", ci=True).returncode == 0


def test_strict_fails_when_no_file_could_be_analysed(tmp_path):
    root = write_tree(tmp_path / "n", {"app.py": b"\x7fELF" + b"\0" * 64})
    code, doc, err = scan_json(root, "--no-cache", "--strict")
    assert code == 1 and {i["kind"] for i in doc["incomplete"]} >= {"nothing-analysed"}, err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, doc, err = scan_json(empty, "--no-cache", "--strict")
    assert code == 0 and doc["incomplete"] == [], err  # an empty folder is not an error


# -- interrupts ----------------------------------------------------------------------------------
def _tree_pids(root_pid: int) -> set[int]:
    """Every live process whose ancestry reaches root_pid, or whose session is one of theirs."""
    out = subprocess.run(["ps", "-eo", "pid=,ppid=,sid="], capture_output=True, text=True).stdout
    rows = [tuple(map(int, line.split())) for line in out.splitlines() if line.strip()]
    pids, sessions = {root_pid}, set()
    changed = True
    while changed:
        changed = False
        for pid, ppid, sid in rows:
            if pid not in pids and (ppid in pids or sid in sessions):
                pids.add(pid)
                changed = True
            if pid in pids and sid not in sessions and sid != os.getsid(0):
                sessions.add(sid)
                changed = True
    return pids - {root_pid}


def _python_with_tools(tmp_path: Path, tools: dict[str, str]) -> str:
    """A python (a symlink to this one) whose folder holds fake tools: auditor looks for its
    engines next to the interpreter first."""
    bin_ = tmp_path / "bin"
    bin_.mkdir(exist_ok=True)
    python = bin_ / "python"
    if not python.exists():
        python.symlink_to(sys.executable)
    for name, script in tools.items():
        (bin_ / name).write_text(script)
        (bin_ / name).chmod(0o755)
    return str(python)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_stops_every_engine_within_two_seconds(tmp_path, sig):
    slow = "#!/bin/sh\nsleep 60 &\nsleep 60\n"
    python = _python_with_tools(tmp_path, {"semgrep": slow, "bandit": slow})
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    root = write_tree(tmp_path / "t", {"app.py": SQLI})
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["TMPDIR"] = str(tmp)
    env["PYTHONFAULTHANDLER"] = "1"
    proc = subprocess.Popen([python, "-m", "auditor", "scan", str(root), "--engines",
                             "native,semgrep,bandit", "--no-cache"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and \
            sum(1 for p in _tree_pids(proc.pid) if _cmd(p).startswith("sleep")) < 4:
        time.sleep(0.2)
    started = _tree_pids(proc.pid)
    assert sum(1 for p in started if _cmd(p).startswith("sleep")) >= 4, "engines did not start"
    proc.send_signal(sig)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)  # the fault handler prints where it hangs
        proc.wait(10)
    time.sleep(2)
    alive = {p for p in started if _alive(p)}
    err = proc.stderr.read().decode(errors="replace")[-4000:] if proc.returncode not in (130, 143) else ""
    assert not alive, f"still running 2 s later: {[_cmd(p) for p in alive]}\n{err}"
    assert proc.returncode in (130, 143), err
    assert list(tmp.iterdir()) == []  # no temporary file or folder left behind


def _cmd(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_output_device_is_a_clear_error(tmp_path):
    root = write_tree(tmp_path / "f", {"app.py": SQLI})
    for fmt in ("text", "json", "sarif"):
        with open("/dev/full", "w") as full:
            proc = subprocess.run([sys.executable, "-m", "auditor", "scan", str(root), "--engines",
                                   "native", "--no-cache", "--format", fmt], stdout=full,
                                  stderr=subprocess.PIPE, text=True, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert "cannot write to standard output: No space left on device" in proc.stderr
        assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
