"""Hostile input, resource limits and the safety of the tool itself (issue "Hardening").

A tree of hostile files (binary, NUL bytes, broken encodings, 20,000-deep nesting, multi-MB
one-line bundles, half-written files, FIFOs, symlink loops and escapes, odd names) next to
~300 real files: the scan ends cleanly, says what it skipped and why, and finds exactly the
defects it finds in the real files alone.
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from auditor.index.packed import unpack

import pytest

REPO = Path(__file__).resolve().parents[1]
AUDITOR = [sys.executable, "-m", "auditor"]
# not under CI's strict default: these trees are incomplete on purpose
ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "CI"}


def run(*args: str, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*AUDITOR, *args], capture_output=True, text=True, timeout=timeout,
                          env=ENV, **kw)


def real_files(root: Path, fixtures: Path) -> None:
    """~300 real files: a snapshot of the project's fixtures and generated layered code."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import gen_synthetic
    finally:
        sys.path.pop(0)
    gen_synthetic.generate(root / "gen", 26_000, seed=11)
    shutil.copytree(fixtures, root / "fx", symlinks=True)


TODO_AT = {  # hostile-but-readable files whose TODO must still be found on this line
    "enc/bom.py": 2, "enc/latin1.py": 2, "enc/crlf.go": 4, "enc/utf16.ts": 0,
    "names/with space.py": 1, "names/new\nline.py": 1, "names/-rf.py": 1, "names/--help.go": 3,
    "names/ünïcødé.ts": 1, "half/truncated.go": 3, "half/nul_late.go": 3,
}


def hostile_files(root: Path) -> None:
    h = root / "hostile"
    for d in ("enc", "names", "half", "deep", "big", "fs"):
        (h / d).mkdir(parents=True)
    (h / "big/binary.py").write_bytes(bytes(range(256)) * 64)
    (h / "enc/bom.py").write_bytes(b"\xef\xbb\xbfimport os\nx = os.sep  # TODO: bom\n")
    (h / "enc/latin1.py").write_bytes("# caf\xe9 cr\xe8me\ny = 1  # TODO: latin\n".encode("latin-1"))
    (h / "enc/crlf.go").write_bytes(b"package enc\r\n\r\nfunc F() int {\r\n\treturn 1 // TODO: crlf\r\n}\r\n")
    (h / "enc/invalid_utf8.py").write_bytes(b"s = '\xff\xfe\xc3\x28'\nt = b'\x80'\n")
    (h / "enc/utf16.ts").write_bytes("export const a = 1;\n".encode("utf-16"))
    (h / "names/with space.py").write_text("a = 1  # TODO: space\n")
    (h / "names/new\nline.py").write_text("a = 1  # TODO: newline\n")
    (h / "names/-rf.py").write_text("a = 1  # TODO: dash\n")
    (h / "names/--help.go").write_text("package names\n\n// TODO: option-like name\nvar A = 1\n")
    (h / "names/ünïcødé.ts").write_text("const a = 1; // TODO: unicode\n")
    (h / "half/truncated.go").write_text("package half\n\n// TODO: half\nfunc Broken(x int) {\n\tif x > ")
    (h / "half/unterminated.py").write_text('def f():\n    return """never closed\n')
    (h / "half/nul_late.go").write_bytes(b"package half\n\n// TODO: nul\nvar S = \"" + b"a" * 9000 + b"\x00\"\n")
    depth = 20_000
    (h / "deep/deep.py").write_text("x = " + "(" * depth + "1" + ")" * depth + "\n")
    (h / "deep/deep_list.py").write_text("x = " + "[" * depth + "]" * depth + "\n")
    (h / "deep/deep.ts").write_text("const x = " + "[" * depth + "]" * depth + ";\n")
    (h / "deep/deep.js").write_text("f(" + "function(){ return " * depth + "1" + ";}" * depth + ");\n")
    (h / "deep/deep.go").write_text("package deep\n\nvar X = " + "(" * depth + "1" + ")" * depth + "\n")
    (h / "deep/blocks.go").write_text("package deep\n\nfunc F() {\n" + "{" * depth + "}" * depth + "\n}\n")
    (h / "big/huge_bundle.js").write_text("var a=" + "1+" * 1_600_000 + "1;\n")  # 3.2 MB: over the cap
    (h / "big/one_line.ts").write_text("export const d = [" + '"x",' * 350_000 + "];\n")  # 1.4 MB
    (h / "big/long_comment.py").write_text("# " + "TODO " * 200_000 + "\nx = 1\n")
    os.mkfifo(h / "fs/pipe.py")
    (h / "fs/loop").symlink_to("..", target_is_directory=True)
    (h / "fs/self").symlink_to("self")
    (h / "fs/passwd.py").symlink_to("/etc/passwd")
    (h / "fs/outside_dir").symlink_to("/etc", target_is_directory=True)
    (h / "fs/dangling.go").symlink_to("nowhere/at/all.go")


def finding_set(doc: dict, prefix: str = "") -> set[tuple[str, str, int]]:
    return {(f["rule_id"], f["file"], f["line"]) for f in doc["findings"]
            if f["file"].startswith(prefix)}


def scan(root: Path, *extra: str, fmt: str = "json") -> tuple[subprocess.CompletedProcess, float, float]:
    """(process, seconds, peak RSS in MB of any child so far)."""
    t = time.perf_counter()
    proc = run("scan", str(root), "--engines", "native", "--no-cache", "--fail-on", "none",
               "--format", fmt, *extra)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return proc, seconds, peak


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory) -> tuple[Path, dict, dict, float, float]:
    base = tmp_path_factory.mktemp("hardening")
    snapshot = base / "fixtures"  # one copy: fixtures may change while the test runs
    if (REPO / "fixtures").is_dir():
        shutil.copytree(REPO / "fixtures", snapshot, symlinks=True)
    else:
        snapshot.mkdir()
    ref_root = base / "reference"
    real_files(ref_root, snapshot)
    ref, _, _ = scan(ref_root)
    assert ref.returncode == 0, ref.stderr
    root = base / "hostile_tree"
    real_files(root, snapshot)
    hostile_files(root)
    proc, seconds, peak = scan(root)
    assert proc.returncode == 0, proc.stderr[-2000:]
    doc = json.loads(proc.stdout)
    print(f"\nhostile tree: {seconds:.1f} s, peak child RSS {peak:.0f} MB, "
          f"{doc['summary']['files_analyzed']} analysed, {len(doc['skipped'])} skipped, "
          f"{len(doc['errors'])} errors")
    return root, doc, json.loads(ref.stdout), seconds, peak


def test_hostile_tree_finishes_fast_and_small(hostile_tree):
    root, doc, _ref, seconds, peak = hostile_tree
    assert seconds < 60, f"{seconds:.1f} s"
    assert peak < 2048, f"{peak:.0f} MB"
    assert doc["summary"]["files_analyzed"] >= 300


def test_real_defects_are_intact(hostile_tree):
    _root, doc, ref, _s, _p = hostile_tree
    expected = finding_set(ref)
    assert expected, "the real files have findings"
    got = {f for f in finding_set(doc) if not f[1].startswith("hostile/")}
    assert got == expected, f"missed {sorted(expected - got)[:10]} extra {sorted(got - expected)[:10]}"


def test_readable_hostile_files_still_yield_their_findings(hostile_tree):
    _root, doc, _ref, _s, _p = hostile_tree
    todos = {(f["file"], f["line"]) for f in doc["findings"] if f["rule_id"] == "todo"}
    for rel, line in TODO_AT.items():
        if line:
            assert (f"hostile/{rel}", line) in todos, rel


def test_every_unreadable_thing_is_accounted_for(hostile_tree):
    _root, doc, _ref, _s, _p = hostile_tree
    skipped = {s["file"]: s["reason"] for s in doc["skipped"]}
    errors: dict[str, list[str]] = {}
    for e in doc["errors"]:
        errors.setdefault(e["file"], []).append(f"{e['stage']}: {e['message']}")
    assert "binary" in skipped["hostile/big/binary.py"]
    notices = {n["file"]: n["message"] for n in doc["notices"]}
    # over the size cap: analysed under the cap's time budget, or skipped when it runs out
    assert "size cap" in notices.get("hostile/big/huge_bundle.js", "") or \
        "time budget" in skipped.get("hostile/big/huge_bundle.js", "")
    assert "not a regular file" in skipped["hostile/fs/pipe.py"]
    assert "outside" in skipped["hostile/fs/passwd.py"]
    assert "dangling" in skipped["hostile/fs/dangling.go"]
    assert "symlink" in skipped["hostile/fs/loop"] or "symlink" in skipped.get("hostile/fs/loop/", "symlink")
    # nothing was read through the links
    assert not any(f["file"].startswith(("hostile/fs/loop/", "hostile/fs/outside_dir/"))
                   for f in doc["findings"])
    # broken files: analysed with a parse error entry, never silently
    for rel in ("hostile/half/truncated.go", "hostile/half/unterminated.py"):
        assert any(m.startswith("parse") for m in errors.get(rel, [])), rel
    # deep nesting: analysed, or an errors/skipped entry with the reason; never lost
    analysed_or_reported = {f["file"] for f in doc["findings"]} | set(errors) | set(skipped)
    deep = [f"hostile/deep/{n}" for n in ("deep.py", "deep_list.py", "deep.ts", "deep.js",
                                          "deep.go", "blocks.go")]
    for rel in deep:
        if rel in errors or rel in skipped:
            assert (errors.get(rel) or [skipped.get(rel)])[0], rel


def test_hung_worker_is_killed_and_reported(monkeypatch):
    """A parser that hangs or dies costs one entry, not the scan."""
    from auditor.scan import pool

    real = pool.analyze

    def fake(path, abspath, language, **_kw):
        if path == "hang.py":
            time.sleep(3600)
        if path == "die.py":
            os._exit(9)
        if path == "abort.py":
            os.abort()
        return real(path, abspath, language, data=b"x = 1  # TODO: fine\n")

    monkeypatch.setattr(pool, "analyze", fake)  # workers are forked: they inherit the patch
    tasks = [(i, name, "/nonexistent", "python")
             for i, name in enumerate(["a.py", "hang.py", "b.py", "die.py", "abort.py", "c.py"])]
    results: dict[int, dict] = {}
    t = time.monotonic()
    pool.run_tasks(tasks, 2, lambda task: 1.5, lambda k, r: results.__setitem__(k, r))
    took = time.monotonic() - t
    assert took < 20
    assert sorted(results) == list(range(6))
    by_name = {tasks[k][1]: r for k, r in results.items()}
    assert by_name["hang.py"]["timed_out"] is True
    assert "time budget exceeded" in by_name["hang.py"]["errors"][0]["message"]
    for name in ("die.py", "abort.py"):
        assert "crashed" in by_name[name]["errors"][0]["message"] and not by_name[name].get("timed_out")
    for name in ("a.py", "b.py", "c.py"):
        assert not by_name[name].get("errors") and unpack(by_name[name]["findings"])[0]["rule_id"] == "todo"
    import multiprocessing

    time.sleep(0.2)
    assert not [p for p in multiprocessing.active_children() if p.is_alive()]


def test_timed_out_file_becomes_a_skipped_entry(tmp_path, monkeypatch):
    from auditor.scan import ScanOptions, pool, run_scan

    real = pool.analyze

    def fake(path, abspath, language, data=None, **_kw):
        if path == "slow.py":
            time.sleep(3600)
        return real(path, abspath, language)

    monkeypatch.setattr(pool, "analyze", fake)
    (tmp_path / "slow.py").write_text("x = 1\n")
    (tmp_path / "ok.py").write_text("y = 2  # TODO: still found\n")
    (tmp_path / ".auditor.toml").write_text("parse_timeout = 0.1\n")
    t = time.monotonic()
    result = run_scan(ScanOptions(path=str(tmp_path), engines=["native"], use_cache=False)).result
    assert time.monotonic() - t < 30
    assert [(s["file"], "time budget" in s["reason"]) for s in result.skipped] == [("slow.py", True)]
    assert [(f.file, f.rule_id) for f in result.findings] == [("ok.py", "todo")]
    assert result.files_analyzed == 2  # ok.py and .auditor.toml (a config target)


def test_unreadable_files_and_folders(tmp_path):
    """chmod 000 does not stop root: as root, the scan runs with the capabilities that bypass
    file permissions dropped (setpriv), so the permissions apply as they would in CI."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            pytest.skip("running as root and setpriv is missing: cannot make a file unreadable")
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]
    root = tmp_path / "t"
    root.mkdir()
    (root / "ok.py").write_text("a = 1  # TODO: readable\n")
    (root / "secret.py").write_text("b = 2  # TODO: unreadable\n")
    (root / "closed").mkdir()
    (root / "closed/inner.py").write_text("c = 3  # TODO: inside a closed folder\n")
    os.chmod(root / "secret.py", 0)
    os.chmod(root / "closed", 0)
    try:
        proc = subprocess.run([*prefix, *AUDITOR, "scan", str(root), "--engines", "native",
                               "--no-cache", "--format", "json", "--fail-on", "none"],
                              capture_output=True, text=True, timeout=120, env=ENV)
    finally:
        os.chmod(root / "secret.py", 0o644)
        os.chmod(root / "closed", 0o755)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    skipped = {s["file"]: s["reason"] for s in doc["skipped"]}
    errors = {e["file"]: e["message"] for e in doc["errors"]}
    assert [(f["file"], f["line"]) for f in doc["findings"] if f["rule_id"] == "todo"] \
        == [("ok.py", 1)]
    assert "ermission denied" in (skipped.get("secret.py") or errors.get("secret.py", ""))
    assert "ermission denied" in skipped.get("closed/", ""), skipped


# ------------------------------------------------------------------ never run the scanned code
PLANTS = {
    "setup.py": "open({m!r}, 'w').write('setup.py')\nfrom setuptools import setup\nsetup(name='x')\n",
    "conftest.py": "open({m!r}, 'w').write('conftest')\n",
    "pkg/__init__.py": "open({m!r}, 'w').write('init')\n",
    "sitecustomize.py": "open({m!r}, 'w').write('sitecustomize')\n",
    "evil.pth": "import os; open({m!r}, 'w').write('pth')\n",
    "noxfile.py": "open({m!r}, 'w').write('nox')\n",
    "main.go": "package main\n\n//go:generate touch {m}\nfunc main() {{}}\n",
    "Makefile": "all:\n\ttouch {m}\n",
    "build.rs": "fn main() {{ std::fs::write({m!r}, \"rs\").unwrap(); }}\n",
}


def test_never_executes_the_scanned_tree(tmp_path):
    marker = tmp_path / "MARKER"
    root = tmp_path / "victim"
    (root / "pkg").mkdir(parents=True)
    m = str(marker)
    for rel, text in PLANTS.items():
        (root / rel).write_text(text.format(m=m))
    (root / "package.json").write_text(json.dumps({
        "name": "victim", "version": "1.0.0",
        "scripts": {s: f"touch {m}" for s in ("preinstall", "install", "postinstall", "prepare",
                                             "prepublish", "test", "lint")},
        "dependencies": {"left-pad": "file:./pkg"}}))
    (root / "requirements.txt").write_text("-e .\n./pkg\nrequests==2.0.0\n")
    (root / "pyproject.toml").write_text(
        "[build-system]\nrequires = []\nbuild-backend = 'backend'\nbackend-path = ['.']\n"
        "[project]\nname = 'victim'\nversion = '1'\ndependencies = ['flask==0.1']\n")
    (root / "backend.py").write_text(f"open({m!r}, 'w').write('backend')\n")
    (root / "go.mod").write_text("module victim\n\ngo 1.22\n\ntool example.com/evil\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=ENV)
    # hooks and fsmonitor of the scanned repository must not run either
    hook = root / ".git/hooks/post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {m}\n")
    hook.chmod(0o755)
    subprocess.run(["git", "config", "core.fsmonitor", f"touch {m}; false"], cwd=root, check=True)
    subprocess.run(["git", "config", "core.pager", f"touch {m}; cat"], cwd=root, check=True)
    for engines in ("native", "native,semgrep,bandit,dependencies"):
        proc = run("scan", str(root), "--engines", engines, "--offline", "--format", "json",
                   "--no-cache", "--fail-on", "none", timeout=600, cwd=str(tmp_path))
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert not marker.exists(), f"{engines}: {marker.read_text()}"
    for cmd in (["endpoints", str(root)], ["graph", str(root)], ["checklist", str(root), "--offline",
                                                                  "--engines", "native"]):
        proc = run(*cmd, timeout=300)
        assert proc.returncode in (0, 1), proc.stderr[-2000:]
        assert not marker.exists()


def test_changed_since_does_not_run_the_repos_git_filters(tmp_path):
    marker = tmp_path / "FILTER_RAN"
    root = tmp_path / "r"
    root.mkdir()
    env = {**ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e"}
    for cmd in (["init", "-q"], ["config", "user.name", "t"]):
        subprocess.run(["git", *cmd], cwd=root, check=True, env=env)
    (root / "a.py").write_text("x = 1\n")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "1"], cwd=root, check=True, env=env)
    # planted after the commit: a clean filter and a textconv diff driver
    subprocess.run(["git", "config", "filter.evil.clean", f"touch {marker}; cat"], cwd=root, check=True)
    subprocess.run(["git", "config", "diff.evil.textconv", f"touch {marker}; cat"], cwd=root, check=True)
    (root / ".gitattributes").write_text("*.py filter=evil diff=evil\n")
    (root / "a.py").write_text("x = 1\ny = 2  # TODO: changed\n")
    proc = run("scan", str(root), "--engines", "native", "--changed-since", "HEAD", "--format",
               "json", "--no-cache", "--fail-on", "none")
    assert proc.returncode == 0, proc.stderr
    assert [(f["file"], f["line"]) for f in json.loads(proc.stdout)["findings"]
            if f["rule_id"] == "todo"] == [("a.py", 2)]
    assert not marker.exists()


def test_no_shell_anywhere_in_the_source():
    """No call that runs a shell or evaluates data: shell=True, os.system/popen, eval/exec,
    pickle/marshal loads, yaml.load without the safe loader (AST, so rule texts do not count)."""
    import ast

    banned_attrs = {("os", "system"), ("os", "popen"), ("pickle", "load"), ("pickle", "loads"),
                    ("marshal", "loads"), ("subprocess", "getoutput"),
                    ("subprocess", "getstatusoutput"), ("os", "execv"), ("os", "execvp")}
    bad = []
    for p in (REPO / "src/auditor").rglob("*.py"):
        tree = ast.parse(p.read_text(), str(p))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            where = f"{p.relative_to(REPO)}:{node.lineno}"
            f = node.func
            if isinstance(f, ast.Name) and f.id in ("eval", "exec", "compile", "__import__"):
                bad.append(f"{where}: {f.id}()")
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
                if (f.value.id, f.attr) in banned_attrs:
                    bad.append(f"{where}: {f.value.id}.{f.attr}()")
                if (f.value.id, f.attr) == ("yaml", "load") and not any(
                        k.arg == "Loader" and "Safe" in ast.unparse(k.value) for k in node.keywords):
                    bad.append(f"{where}: yaml.load without SafeLoader")
            for k in node.keywords:
                if k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False):
                    bad.append(f"{where}: shell={ast.unparse(k.value)}")
    assert bad == []


# ------------------------------------------------------------------ regexes on hostile lines
ADVERSARIAL = [
    "a" * 1_000_000, " " * 1_000_000, "\t" * 1_000_000, "(" * 1_000_000, "\\" * 1_000_000,
    "'" * 1_000_000, '"' * 1_000_000, "TODO" * 250_000, "TODO-" * 200_000, "/*" * 500_000,
    "# auditor: ignore[" + "a," * 500_000, "auditor:" + " " * 1_000_000 + "ignore[",
    "auditor: ignore[" + "x" * 1_000_000, "SELECT " + "a, " * 300_000 + "FROM",
    "x=" + "a" * 1_000_000 + "!", "://" + "a." * 500_000, "Bearer " + "A" * 1_000_000,
    "-----BEGIN " + "A" * 1_000_000, "api_key = '" + "a1" * 500_000, "${" * 500_000,
    "a@" * 500_000, "%s" * 500_000, "{" * 1_000_000,
]


def _content_regexes() -> list[tuple[str, re.Pattern]]:
    """Every module-level compiled pattern of the code that reads file content."""
    import importlib
    import pkgutil

    import auditor

    out = []
    for mod in pkgutil.walk_packages(auditor.__path__, "auditor."):
        name = mod.name
        if name.startswith(("auditor.report", "auditor.cli", "auditor.__main__")):
            continue
        try:
            m = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module under construction elsewhere
            continue
        for attr, value in vars(m).items():
            if isinstance(value, re.Pattern):
                out.append((f"{name}.{attr}", value))
    return out


def test_named_regexes_are_linear_on_1mb_lines():
    from auditor.checks.rules.todo import MARKER
    from auditor.suppress import _DIRECTIVE, _RULE_ID, parse_suppressions

    for line in ADVERSARIAL:
        for pat in (MARKER, _DIRECTIVE, _RULE_ID):
            t = time.perf_counter()
            list(pat.finditer(line))
            pat.match(line)
            assert time.perf_counter() - t < 2, (pat.pattern, line[:30])
        t = time.perf_counter()
        parse_suppressions([{"text": line, "line": 1, "column": 1}])
        assert time.perf_counter() - t < 2


def test_all_content_regexes_are_linear():
    slow = []
    pats = _content_regexes()
    assert len(pats) >= 3
    for name, pat in pats:
        for line in ADVERSARIAL:
            line = line[:30_000]  # quadratic: seconds; linear: milliseconds
            subject = line.encode() if isinstance(pat.pattern, bytes) else line
            t = time.perf_counter()
            for _ in pat.finditer(subject):
                pass
            took = time.perf_counter() - t
            if took > 2:
                slow.append(f"{name} {pat.pattern[:60]!r} on {line[:20]!r}...: {took:.1f} s")
                break
    assert slow == []


def test_adversarial_one_line_files_end_within_their_budget(tmp_path):
    """Every language's whole per-file pipeline on 300 KB adversarial lines, in the worker pool
    (a parser crash there costs one entry): every file comes back, within its budget."""
    from auditor.scan.pool import run_tasks

    tasks = []
    for lang, ext in (("python", "py"), ("go", "go"), ("typescript", "ts"), ("javascript", "js"),
                      ("config", "yaml")):
        for i, line in enumerate(ADVERSARIAL[::2]):
            p = tmp_path / f"{lang}_{i}.{ext}"
            p.write_text(line[:300_000] + "\n")
            tasks.append((len(tasks), p.name, str(p), lang))
    results: dict[int, dict] = {}
    t = time.monotonic()
    run_tasks(tasks, 2, lambda task: 8.0, lambda k, r: results.__setitem__(k, r))
    took = time.monotonic() - t
    assert sorted(results) == [t[0] for t in tasks]
    slow = [tasks[k][1] for k, r in results.items() if r.get("timed_out")]
    crashed = [tasks[k][1] for k, r in results.items()
               if any(e["stage"] == "worker" for e in r.get("errors", []))]
    print(f"\n{len(tasks)} adversarial files in {took:.1f} s; over budget: {slow}; crashed: {crashed}")
    assert took < len(tasks) * 8.0 / 2 + 30
    for r in results.values():
        assert all(set(e) >= {"stage", "message"} for e in r.get("errors", []))


# ------------------------------------------------------------------ counts in every report
def test_every_report_states_analysed_skipped_failed(tmp_path):
    (tmp_path / "a.py").write_text("x = 1  # TODO: a\n")
    (tmp_path / "b.py").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(64))  # an executable
    (tmp_path / "c.go").write_text("package c\nfunc (\n")
    outs = {}
    for fmt in ("text", "json", "markdown", "sarif"):
        proc = run("scan", str(tmp_path), "--engines", "native", "--no-cache", "--fail-on", "none",
                   "--format", fmt)
        assert proc.returncode == 0, proc.stderr
        outs[fmt] = proc.stdout
    assert re.search(r"2 files analy[sz]ed, 1 skipped, 1 failed", outs["text"]), outs["text"][-500:]
    summary = json.loads(outs["json"])["summary"]
    assert (summary["files_analyzed"], summary["files_skipped"], summary["files_failed"]) == (2, 1, 1)
    assert "2 analysed, 1 skipped, 1 failed" in outs["markdown"]
    assert "binary" in outs["markdown"]  # and why
    inv = json.loads(outs["sarif"])["runs"][0]["invocations"][0]
    notes = json.dumps(inv)
    assert "b.py" in notes and "binary" in notes and "c.go" in notes


def test_file_name_that_is_not_utf8_reaches_every_report(tmp_path):
    """A file named with a byte that is not UTF-8 is scanned and named in every report: JSON
    escapes it (`\\udcff`, read back as the same name), SARIF percent-encodes the raw byte."""
    from conftest import validate_sarif

    root = tmp_path / "tree"
    root.mkdir()
    bad = os.fsencode(root) + b"/bad\xff.py"
    with open(bad, "wb") as fh:
        fh.write(b'password = "hunter2hunter2"\n# TODO: fix\n')
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("json", "sarif", "markdown"):
        r = run("scan", str(root), "--engines", "native", "--no-cache", "--format", fmt,
                "-o", str(out / f"r.{fmt}"), "--fail-on", "none")
        assert r.returncode == 0, r.stderr
        assert "internal error" not in r.stderr
    doc = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert {f["file"] for f in doc["findings"]} == {"bad\udcff.py"}
    sarif = json.loads((out / "r.sarif").read_text(encoding="utf-8"))
    validate_sarif(sarif)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for res in sarif["runs"][0]["results"] for loc in res["locations"]}
    assert uris == {"bad%FF.py"}
    assert "bad\\udcff.py" in (out / "r.markdown").read_text(encoding="utf-8")
    r = run("scan", str(root), "--engines", "native", "--no-cache", "--format", "json",
            "--fail-on", "none")
    assert json.loads(r.stdout)["findings"][0]["file"] == "bad\udcff.py"
