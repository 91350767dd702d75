"""Where users run auditor: diff-aware scans, the pre-commit hooks (run for real by
pre-commit), the GitHub Action's steps, and the benchmark's synthetic tree generator."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
AUDITOR = [sys.executable, "-m", "auditor"]
GIT_ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, env=GIT_ENV, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def scan_json(root: Path, *extra: str) -> tuple[int, dict, str]:
    proc = subprocess.run([*AUDITOR, "scan", str(root), "--engines", "native", "--format", "json",
                           "--no-cache", "--fail-on", "low", *extra],
                          capture_output=True, text=True, timeout=120, env=GIT_ENV)
    doc = json.loads(proc.stdout) if proc.returncode in (0, 1) else {}
    return proc.returncode, doc, proc.stderr


def todo_lines(doc: dict) -> list[tuple[str, int]]:
    return sorted((f["file"], f["line"]) for f in doc["findings"] if f["rule_id"] == "todo")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    return root


# ------------------------------------------------------------------ --changed-since
def test_changed_since_reports_only_changed_lines(repo: Path):
    (repo / "svc.py").write_text("def a():\n    return 1  # TODO: old debt\n")
    (repo / "odd name -x.py").write_text("x = 1  # TODO: old in odd name\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    (repo / "svc.py").write_text("def a():\n    return 1  # TODO: old debt\n\n\n"
                                 "def b():\n    return 2  # FIXME: new debt\n")
    (repo / "odd name -x.py").write_text("x = 1  # TODO: old in odd name\ny = 2  # HACK: new\n")
    (repo / "new\tfile.py").write_text("z = 3  # TODO: untracked file\n")
    code, doc, err = scan_json(repo, "--changed-since", "HEAD")
    assert code == 1, err
    assert todo_lines(doc) == [("new\tfile.py", 1), ("odd name -x.py", 2), ("svc.py", 6)]
    # without the flag, the old debt is there too
    _, full, _ = scan_json(repo)
    assert todo_lines(full) == [("new\tfile.py", 1), ("odd name -x.py", 1), ("odd name -x.py", 2),
                                ("svc.py", 2), ("svc.py", 6)]


def test_changed_since_without_any_commit_counts_every_file(repo: Path):
    (repo / "a.py").write_text("x = 1  # TODO: first\n")
    (repo / "b.py").write_text("y = 2  # TODO: second\n")
    git(repo, "add", "a.py")  # staged
    code, doc, err = scan_json(repo, "--changed-since", "HEAD")
    assert code == 1, err
    assert todo_lines(doc) == [("a.py", 1), ("b.py", 1)]


def test_changed_since_unknown_ref_and_no_git_are_usage_errors(repo: Path, tmp_path: Path):
    (repo / "a.py").write_text("x = 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    code, _, err = scan_json(repo, "--changed-since", "no-such-branch")
    assert code == 2 and "unknown git revision" in err and "Traceback" not in err
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.py").write_text("x = 1\n")
    code, _, err = scan_json(plain, "--changed-since", "HEAD")
    assert code == 2 and "not inside a git repository" in err


def test_changed_since_ref_is_not_an_option(repo: Path):
    """A ref that looks like an option is passed to git after its own checks, never as a flag."""
    (repo / "a.py").write_text("x = 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    code, _, err = scan_json(repo, "--changed-since=--output=/tmp/pwned-by-ref")
    assert code == 2 and not Path("/tmp/pwned-by-ref").exists()


def _flask_chain(repo: Path) -> None:
    """A route whose service runs a query built from the request: a change to any line of
    the service makes the route's findings part of the change."""
    (repo / "app.py").write_text(
        "from flask import Flask, request\nfrom svc import find_user\n\napp = Flask(__name__)\n\n\n"
        "@app.get('/users')\ndef users():\n    return find_user(request.args['name'])\n")
    (repo / "svc.py").write_text(
        "import sqlite3\n\n\ndef find_user(name):\n    conn = sqlite3.connect('x.db')\n"
        "    q = \"SELECT * FROM users WHERE name = '%s'\" % name\n"
        "    return conn.execute(q).fetchall()\n")


def _keys(doc: dict) -> list[tuple[str, str, int]]:
    return sorted((f["rule_id"], f["file"], f["line"]) for f in doc["findings"])


def test_changed_since_same_findings_warm_and_cold(repo: Path, tmp_path: Path):
    """A blocked commit must stay blocked when simply run again: the findings of a route whose
    chain the change touches are the same from the snapshot (warm) as from a cold run."""
    _flask_chain(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    text = (repo / "svc.py").read_text().replace("x.db", "y.db")  # not the query's line
    (repo / "svc.py").write_text(text)
    cold_code, cold, err = scan_json(repo, "--changed-since", "HEAD")
    assert cold_code == 1, err
    assert ("sql-injection", "svc.py", 7) in _keys(cold)
    cache = ["--cache-dir", str(tmp_path / "cache")]

    def cached() -> tuple[int, dict]:
        proc = subprocess.run([*AUDITOR, "scan", str(repo), "--engines", "native", "--format",
                               "json", "--fail-on", "low", "--changed-since", "HEAD", *cache],
                              capture_output=True, text=True, timeout=120, env=GIT_ENV)
        return proc.returncode, json.loads(proc.stdout)

    first, second = cached(), cached()  # the second answers from the snapshot
    assert _keys(first[1]) == _keys(second[1]) == _keys(cold)
    assert first[0] == second[0] == cold_code


def test_changed_since_means_since_the_merge_base(repo: Path):
    """A feature branch is blamed only for its own change: main fixing (or adding) code after
    the fork is not part of it; uncommitted and untracked files on top are."""
    (repo / "app.py").write_text("def a():\n    return 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "fork point")
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "feature.py").write_text("def f():\n    return 2\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "feature work")
    git(repo, "checkout", "-q", "main")
    (repo / "app.py").write_text("def a():\n    return 1  # TODO: added on main after the fork\n")
    git(repo, "commit", "-q", "-am", "main moves on")
    git(repo, "checkout", "-q", "feature")
    # the branch never touched app.py; diffing against main itself would blame it
    code, doc, err = scan_json(repo, "--changed-since", "main")
    assert code == 0 and todo_lines(doc) == [], (err, doc["findings"])
    # uncommitted and untracked changes count
    (repo / "feature.py").write_text("def f():\n    return 2  # FIXME: uncommitted\n")
    (repo / "extra.py").write_text("x = 1  # HACK: untracked\n")
    code, doc, err = scan_json(repo, "--changed-since", "main")
    assert todo_lines(doc) == [("extra.py", 1), ("feature.py", 2)]
    # FROM..TO: the change between two commits, nothing of the working tree
    git(repo, "checkout", "-q", "--", "feature.py")
    (repo / "extra.py").unlink()
    code, doc, err = scan_json(repo, "--changed-since", "HEAD~1..HEAD")
    assert code == 0 and todo_lines(doc) == []
    git(repo, "checkout", "-q", "main")  # a range is read on a working tree at its end
    code, doc, err = scan_json(repo, "--changed-since", "feature..main")
    assert todo_lines(doc) == [("app.py", 2)]


def test_changed_since_deleted_line_makes_its_neighbours_new(repo: Path):
    """Removing a check is a change: the finding it was guarding sits next to the gap."""
    (repo / "svc.py").write_text("def a(x):\n    check(x)\n    return 1  # TODO: was guarded\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    (repo / "svc.py").write_text("def a(x):\n    return 1  # TODO: was guarded\n")
    code, doc, err = scan_json(repo, "--changed-since", "HEAD")
    assert todo_lines(doc) == [("svc.py", 2)], err


def test_changed_since_without_merge_base_says_so(repo: Path):
    (repo / "a.py").write_text("x = 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    git(repo, "checkout", "-q", "--orphan", "other")
    (repo / "a.py").write_text("x = 1  # TODO: unrelated history\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "unrelated")
    code, doc, err = scan_json(repo, "--changed-since", "main")
    assert todo_lines(doc) == [("a.py", 1)]
    assert any("no merge base" in n["message"] for n in doc["notices"]), doc["notices"]


# ------------------------------------------------------------------ pre-commit
def hooks() -> dict[str, dict]:
    data = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    return {h["id"]: h for h in data}


def test_hook_definitions():
    h = hooks()
    assert set(h) == {"auditor", "auditor-full", "auditor-tree"}
    for hook in h.values():
        assert hook["require_serial"] is True and hook["language"] == "python"
        args = hook["args"]
        assert args[args.index("--fail-on") + 1] == "high"
        assert "--changed-since" not in args  # pre-commit's selection decides
    for hid in ("auditor", "auditor-full"):
        assert h[hid]["entry"] == "auditor pre-commit" and h[hid]["pass_filenames"] is True
    assert h["auditor-tree"]["entry"] == "auditor scan" and h["auditor-tree"]["pass_filenames"] is False
    native = h["auditor"]["args"]
    assert native[native.index("--engines") + 1] == "native" and "--offline" in native
    full = h["auditor-full"]["args"]
    assert full[full.index("--engines") + 1] == "native,semgrep,bandit,dependencies"


def _local_config(hook_id: str) -> str:
    """The published hook as a `repo: local` hook: same entry, args, pass_filenames and
    require_serial; only `language: system` and the entry's interpreter differ, because a
    `language: python` hook would pip-install auditor and all its dependencies from the network."""
    h = dict(hooks()[hook_id])
    h["language"] = "system"
    h["entry"] = f"{sys.executable} -m " + h["entry"]
    h.pop("minimum_pre_commit_version", None)
    h.pop("additional_dependencies", None)
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [h]}]})


def run_precommit(root: Path, *extra: str, hook: str = "auditor") -> subprocess.CompletedProcess:
    exe = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    env = {**GIT_ENV, "PRE_COMMIT_HOME": str(root.parent / ".pre-commit-home")}
    return subprocess.run([exe, "run", hook, "--color", "never", *extra], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def _need_precommit():
    if not (shutil.which("pre-commit") or (Path(sys.executable).parent / "pre-commit").exists()):
        pytest.skip("pre-commit is not installed (pip install pre-commit)")


def test_precommit_hook_runs_for_real(repo: Path):
    _need_precommit()
    (repo / ".pre-commit-config.yaml").write_text(_local_config("auditor"))
    # make the low todo rule high here, so that the hook's own `--fail-on high` decides
    (repo / ".auditor.toml").write_text('[severity]\ntodo = "high"\n')
    (repo / "app.py").write_text("def f():\n    return 1  # TODO: first commit debt\n")
    git(repo, "add", "-A")
    # 1. no commit yet: every file counts as changed, the high finding fails the hook
    proc = run_precommit(repo)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "todo" in proc.stdout and "app.py" in proc.stdout
    git(repo, "commit", "-q", "--no-verify", "-m", "one")
    # 2. a clean staged change passes although old debt remains in the tree
    (repo / "util.py").write_text("def g():\n    return 2\n")
    git(repo, "add", "util.py")
    proc = run_precommit(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # 3. a staged change that adds a finding fails; an unstaged one is stashed by pre-commit
    (repo / "util.py").write_text("def g():\n    return 2  # FIXME: staged debt\n")
    git(repo, "add", "util.py")
    proc = run_precommit(repo)
    assert proc.returncode == 1 and "util.py" in proc.stdout, proc.stdout + proc.stderr
    git(repo, "commit", "-q", "--no-verify", "-m", "two")
    (repo / "util.py").write_text("def g():\n    return 2  # FIXME: staged debt\n# TODO: unstaged\n")
    (repo / "app.py").write_text("def f():\n    return 1  # TODO: first commit debt\n\n\nX = 1\n")
    (repo / "scratch.py").write_text("# TODO: untracked, not part of the commit\n")
    git(repo, "add", "app.py")
    proc = run_precommit(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # 4. --all-files (pre-commit.ci, CI in a fresh clone) checks every file: the old debt fails
    git(repo, "stash", "-q")
    proc = run_precommit(repo, "--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "app.py" in proc.stdout and "util.py" in proc.stdout
    # ... and --files only those files
    proc = run_precommit(repo, "--files", "app.py")
    assert proc.returncode == 1 and "app.py" in proc.stdout and "util.py" not in proc.stdout


def test_precommit_from_ref_to_ref_checks_that_range(repo: Path):
    """`pre-commit run --from-ref A --to-ref B` (a pre-push hook, a CI job on a push): the
    findings the commits A..B added, in a clean clone with nothing staged."""
    _need_precommit()
    (repo / ".pre-commit-config.yaml").write_text(_local_config("auditor"))
    (repo / ".auditor.toml").write_text('[severity]\ntodo = "high"\n')
    (repo / "old.py").write_text("x = 1  # TODO: old debt\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "one")
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "new.py").write_text("def f():\n    return 2\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "clean")
    clean = git(repo, "rev-parse", "HEAD").strip()
    proc = run_precommit(repo, "--from-ref", base, "--to-ref", clean)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (repo / "new.py").write_text("def f():\n    return 2  # FIXME: one\n\n# HACK: two\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "debt")
    proc = run_precommit(repo, "--from-ref", base, "--to-ref", "HEAD")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "new.py" in proc.stdout and "old.py" not in proc.stdout


# ------------------------------------------------------------------ GitHub Action
def action() -> dict:
    return yaml.safe_load((REPO / "action.yml").read_text())


def _expand(value: str, inputs: dict[str, str], github: dict[str, str] | None = None) -> str:
    out = value
    for k, v in inputs.items():
        out = out.replace("${{ inputs.%s }}" % k, v)
    out = out.replace("${{ github.action_path }}", str(REPO))
    out = out.replace("${{ steps.install.outputs.python }}", sys.executable)
    github = {"event_name": "push", "event.pull_request.base.sha": "", **(github or {})}
    for k, v in github.items():
        out = out.replace("${{ github.%s }}" % k, v)
    assert "${{" not in out, out
    return out


def test_action_definition():
    a = action()
    assert a["runs"]["using"] == "composite"
    assert {"path", "working-directory", "engines", "fail-on", "baseline", "config",
            "changed-since", "offline", "strict", "checklist", "args", "category"} <= set(a["inputs"])
    assert {"exit-code", "sarif-file", "findings", "critical", "high", "medium", "low",
            "info"} <= set(a["outputs"])
    steps = a["runs"]["steps"]
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert len(upload) == 1
    # the category is the SARIF's automationDetails.id (upload-sarif ignores its own input
    # when the file names one): set by --sarif-category
    assert "category" not in upload[0]["with"]
    for s in steps:  # inputs reach scripts through env, never spliced into the shell text
        assert "${{" not in s.get("run", ""), s.get("name")
        if "uses" in s:  # pinned by full commit SHA, the tag in a comment
            ref = s["uses"].split("@", 1)[1]
            assert re.fullmatch(r"[0-9a-f]{40}", ref), s["uses"]
    setup = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup and str(setup[0]["with"]["update-environment"]).lower() == "false"
    assert any(s.get("uses", "").startswith("actions/cache@") for s in steps)
    install = next(s for s in steps if s.get("id") == "install")
    assert "venv" in install["run"] and "PIP_CACHE_DIR" in install["env"]
    text = (REPO / "action.yml").read_text()
    for tag in ("v7.0.0", "v5.0.5", "v4.36.2"):
        assert f"# {tag}" in text


def _run_action(workdir: Path, inputs: dict[str, str],
                github: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    """The Action's shell steps, run as the runner would (the install step and the `uses`
    steps are GitHub's part): outputs from $GITHUB_OUTPUT, the job summary in
    workdir/summary.md, the log in workdir/log.txt."""
    a = action()
    values = {k: v.get("default", "") for k, v in a["inputs"].items()}
    values.update(inputs)
    out_file = workdir / "github_output"
    out_file.write_text("")
    summary = workdir / "summary.md"
    summary.write_text("")
    temp = workdir.parent / (workdir.name + "-runner-temp")
    temp.mkdir(exist_ok=True)
    outputs: dict[str, str] = {}
    env = {**GIT_ENV, "GITHUB_OUTPUT": str(out_file), "GITHUB_STEP_SUMMARY": str(summary),
           "RUNNER_TEMP": str(temp),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    code = 0
    log = []
    for step in a["runs"]["steps"]:
        if "run" not in step or step.get("id") == "install":
            continue  # actions (setup-python, upload-sarif) and pip install are GitHub's part
        cond = step.get("if", "")
        if "steps.scan.outputs.exit-code == '1'" in cond and outputs.get("exit-code") != "1":
            continue
        step_env = {k: _expand(str(v), values, github)
                    for k, v in (step.get("env") or {}).items()}
        cwd = workdir / _expand(step.get("working-directory", "."), values, github)
        proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd,
                              env={**env, **step_env}, capture_output=True, text=True, timeout=300)
        log.append(proc.stdout + proc.stderr)
        for line in out_file.read_text().splitlines():
            k, _, v = line.partition("=")
            outputs[k] = v
        if proc.returncode != 0:
            code = proc.returncode
            break
    (workdir / "log.txt").write_text("".join(log))
    return code, outputs


def test_action_steps_write_sarif(tmp_path: Path):
    work = tmp_path / "workspace"
    (work / "services/api").mkdir(parents=True)
    (work / "services/api/handler.py").write_text("def h(build):\n    return build()  # TODO: add paging\n")
    git(work, "init", "-q")
    code, outputs = _run_action(work, {"path": "services/api", "engines": "native",
                                       "fail-on": "low"})
    assert outputs["exit-code"] == "1" and code == 1  # the fail step fails the job
    sarif = json.loads((work / outputs["sarif-file"]).read_text())
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    locs = sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                   r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results)
    # URIs are relative to the repository root, so the subfolder scan lines up in GitHub
    assert locs == [("todo", "services/api/handler.py", 2)]

    # findings are in the log as annotations, counted in the outputs and the job summary
    log = (work / "log.txt").read_text()
    assert "::notice file=services/api/handler.py,line=2" in log, log
    assert outputs["findings"] == "1" and outputs["low"] == "1" and outputs["high"] == "0"
    assert "| low | 1 |" in (work / "summary.md").read_text()

    # with a baseline of today's findings the job passes; the baselined finding is left out of
    # the SARIF (code scanning would open it) and counted
    subprocess.run([*AUDITOR, "scan", str(work / "services/api"), "--engines", "native",
                    "--write-baseline", str(work / "base.json"), "-o", os.devnull],
                   check=False, timeout=120)
    code, outputs = _run_action(work, {"path": "services/api", "engines": "native",
                                       "fail-on": "low", "baseline": "base.json",
                                       "sarif-file": "out.sarif", "category": "api-shard"})
    assert code == 0 and outputs["exit-code"] == "0"
    assert outputs["findings"] == "0" and outputs["suppressed"] == "1"
    sarif = json.loads((work / "out.sarif").read_text())
    run = sarif["runs"][0]
    assert run["results"] == [] and run["automationDetails"]["id"] == "api-shard/"
    notes = [n["descriptor"]["id"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert "suppressed-baseline" in notes


def test_action_working_directory_extra_args_and_changed_since(tmp_path: Path):
    """working-directory, `args` split on whitespace (never run by a shell), and on a pull
    request only the findings of the change since the base."""
    work = tmp_path / "ws"
    (work / "svc").mkdir(parents=True)
    (work / "svc/old.py").write_text("x = 1  # TODO: old debt\n")
    git(work, "init", "-q")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "base")
    base = git(work, "rev-parse", "HEAD").strip()
    (work / "svc/new.py").write_text("y = 2  # FIXME: new debt\n")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "pr")
    marker = tmp_path / "injected"
    code, outputs = _run_action(work, {"working-directory": "svc", "engines": "native",
                                       "fail-on": "low", "args": f"--jobs 1 ;touch {marker}"},
                                {"event_name": "pull_request", "event.pull_request.base.sha": base})
    assert not marker.exists()
    assert outputs.get("exit-code") == "2"  # `;touch` reached auditor as an argument: usage error
    code, outputs = _run_action(work, {"working-directory": "svc", "engines": "native",
                                       "fail-on": "low", "args": "--jobs 1"},
                                {"event_name": "pull_request", "event.pull_request.base.sha": base})
    assert outputs["exit-code"] == "1" and outputs["findings"] == "1", outputs
    log = (work / "log.txt").read_text()
    assert "new.py" in log and "old.py" not in log


def test_action_on_a_pull_request_reads_configuration_and_baseline_from_the_base(tmp_path):
    work = tmp_path / "pr"
    work.mkdir()
    (work / "handler.py").write_text("def h(build):\n    return build()  # TODO: add paging\n")
    (work / "base.json").write_text('{"fingerprints": []}\n')
    git(work, "init", "-q")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "base")
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=work, capture_output=True,
                          text=True, check=True).stdout.strip()
    # the pull request turns the gate off and baselines its own finding
    (work / ".auditor.toml").write_text('fail_on = "none"\ndisable = ["todo"]\n')
    subprocess.run([*AUDITOR, "scan", str(work), "--engines", "native", "--fail-on", "none",
                    "--write-baseline", str(work / "base.json"), "-o", os.devnull], timeout=120)
    git(work, "add", "-A")
    git(work, "commit", "-qm", "pr")
    # (the whole tree: the finding predates the pull request)
    inputs = {"engines": "native", "fail-on": "low", "baseline": "base.json", "changed-since": ""}
    code, outputs = _run_action(work, inputs, {"event_name": "pull_request",
                                               "event.pull_request.base.sha": base})
    assert outputs["exit-code"] == "1" and code == 1
    # on a push, the tree's own configuration applies (and is listed in the SARIF)
    code, outputs = _run_action(work, inputs)
    assert outputs["exit-code"] == "0" and code == 0
    sarif = json.loads((work / outputs["sarif-file"]).read_text())
    notes = sarif["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert {n["descriptor"]["id"] for n in notes} >= {"config-fail-on", "config-disable"}


def test_action_input_cannot_inject_shell(tmp_path: Path):
    work = tmp_path / "w"
    work.mkdir()
    (work / "a.py").write_text("x = 1\n")
    marker = tmp_path / "injected"
    code, outputs = _run_action(work, {"path": f"$(touch {marker})", "engines": "native"})
    assert not marker.exists()
    assert outputs.get("exit-code") == "2" and code == 2  # no such path: a clean usage error


# ------------------------------------------------------------------ benchmark generator
def test_synthetic_generator_is_deterministic_and_mixed(tmp_path: Path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import gen_synthetic
    finally:
        sys.path.pop(0)

    def digest(root: Path) -> str:
        h = hashlib.sha256()
        for p in sorted(root.rglob("*")):
            if p.is_file():
                h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
        return h.hexdigest()

    a = gen_synthetic.generate(tmp_path / "a", 30_000, seed=3)
    b = gen_synthetic.generate(tmp_path / "b", 30_000, seed=3)
    assert digest(tmp_path / "a") == digest(tmp_path / "b") and a == b
    total = sum(a.values())
    assert 0.45 < a["go"] / total < 0.55 and 0.28 < a["ts"] / total < 0.38
    texts = [p.read_text() for p in (tmp_path / "a").rglob("*.go")]
    assert len(set(texts)) == len(texts)  # not one file repeated
    assert any("TODO" in t for t in texts) and any("SELECT" in t for t in texts)


# ------------------------------------------------------------------ workflow files
def _schema(name: str) -> dict:
    return json.loads((REPO / "tests/data/schemas" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(p.name for p in (REPO / ".github/workflows").glob("*.yml")))
def test_workflows_validate_against_the_workflow_schema(path: str):
    """The workflows cannot run here; they are valid as GitHub reads them (SchemaStore's schema),
    pin every action by full commit SHA, and the Action's workflow covers the three systems."""
    import jsonschema

    doc = yaml.safe_load((REPO / ".github/workflows" / path).read_text())
    if True in doc:  # YAML 1.1 reads the key `on` as a boolean; GitHub reads it as "on"
        doc["on"] = doc.pop(True)
    jsonschema.validate(doc, _schema("github-workflow.json"))
    for job in doc["jobs"].values():
        for step in job.get("steps", []):
            uses = step.get("uses", "")
            if uses and not uses.startswith("./"):
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), uses
    if path == "action.yml":
        oses = {m["os"] for m in doc["jobs"]["example"]["strategy"]["matrix"]["include"]}
        assert oses == {"ubuntu-latest", "macos-latest", "windows-latest"}
    if path == "ci.yml":
        assert doc["jobs"]["tests"]["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]


def test_action_metadata_validates_against_the_action_schema():
    import jsonschema

    doc = yaml.safe_load((REPO / "action.yml").read_text())
    jsonschema.validate(doc, _schema("github-action.json"))
