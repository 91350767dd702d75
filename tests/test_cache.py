"""The facts cache: warm runs parse nothing, changes are re-parsed; the cache lives outside the
scanned tree, and nothing in it that auditor did not write (a forged, truncated or planted file,
a symlink) is ever read as analysis state."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from auditor import __version__
from auditor.scan.cache import CacheDir, FactsCache, cache_base

AUDITOR = [sys.executable, "-m", "auditor"]


def scan(root: Path, *extra: str) -> tuple[int, dict, str]:
    proc = subprocess.run([*AUDITOR, "scan", str(root), "--engines", "native", "--format", "json",
                           "--fail-on", "none", *extra], capture_output=True, text=True, timeout=120)
    return proc.returncode, (json.loads(proc.stdout) if proc.returncode == 0 else {}), proc.stderr


def cache_of(root: Path) -> Path:
    """The cache folder of the tree `root` (AUDITOR_CACHE_DIR is a per-test folder)."""
    return CacheDir(cache_base(), root).directory


def todo_lines(doc: dict) -> list[tuple[str, int]]:
    return sorted((f["file"], f["line"]) for f in doc["findings"] if f["rule_id"] == "todo")


def tree(tmp_path: Path) -> Path:
    root = tmp_path / "t"
    root.mkdir()
    for i in range(5):
        (root / f"m{i}.py").write_text(f"def f{i}():\n    return {i}  # TODO: item {i}\n")
    return root


def test_warm_run_parses_nothing_and_finds_the_same(tmp_path: Path):
    root = tree(tmp_path)
    code, cold, err = scan(root)
    assert code == 0, err
    assert cold["timings"]["files_parsed"] == 5 and cold["timings"]["files_cached"] == 0
    assert not (root / ".auditor-cache").exists()  # nothing is written into the tree
    assert (cache_of(root) / f"facts-{__version__}.jsonl").is_file()
    code, warm, _ = scan(root)
    assert warm["timings"]["files_parsed"] == 0 and warm["timings"]["files_cached"] == 5
    assert todo_lines(warm) == todo_lines(cold)
    # one edit: one file parsed, its new finding reported
    (root / "m2.py").write_text("def f2():\n    x = 1\n    return x  # FIXME: moved\n")
    code, third, _ = scan(root)
    assert third["timings"]["files_parsed"] == 1
    assert ("m2.py", 3) in todo_lines(third) and ("m2.py", 2) not in todo_lines(third)
    # the cache is never scanned
    assert not any(f["file"].startswith(".auditor-cache") for f in third["findings"] + third["skipped"])


def endpoints(root: Path) -> dict:
    proc = subprocess.run([*AUDITOR, "endpoints", str(root), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_endpoints_rerun_answers_from_its_snapshot_until_a_file_changes(tmp_path: Path):
    root = tmp_path / "api"
    root.mkdir()
    (root / "app.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n\n"
                                 "@app.get('/items')\ndef items():\n    return []\n")
    cold = endpoints(root)
    cache = cache_of(root)
    assert (cache / f"endpoints-{__version__}.json").exists()
    # the facts are gone: only the endpoints snapshot can answer, and it answers the same
    for f in cache.glob("facts-*"):
        f.unlink()
    assert endpoints(root) == cold
    assert not list(cache.glob("facts-*"))
    (root / "app.py").write_text((root / "app.py").read_text() +
                                 "\n@app.post('/items')\ndef add():\n    return {}\n")
    changed = {(e["method"], e["path"]) for e in endpoints(root)["endpoints"]}
    assert ("POST", "/items") in changed


def test_graph_rerun_prints_the_same_bytes_from_its_snapshot(tmp_path: Path):
    root = tmp_path / "g"
    root.mkdir()
    (root / "repo.py").write_text("class Repo:\n    def get(self):\n        return 1\n")
    (root / "svc.py").write_text("from repo import Repo\n\ndef serve():\n    return Repo().get()\n")

    def graph() -> str:
        proc = subprocess.run([*AUDITOR, "graph", str(root), "--format", "json"],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    cold = graph()
    assert '"callee": "repo.Repo.get"' in cold
    for f in cache_of(root).glob("facts-*"):
        f.unlink()
    assert graph() == cold  # printed from the graph snapshot: no facts, no parse
    assert not list(cache_of(root).glob("facts-*"))


def test_no_cache_writes_nothing(tmp_path: Path):
    root = tree(tmp_path)
    code, doc, err = scan(root, "--no-cache")
    assert code == 0, err and doc
    assert not cache_of(root).exists() and not (root / ".auditor-cache").exists()


def test_tampered_truncated_or_foreign_cache_is_ignored(tmp_path: Path):
    root = tree(tmp_path)
    scan(root)
    cache = cache_of(root)
    facts = cache / f"facts-{__version__}.jsonl"
    snapshot = cache / f"snapshot-{__version__}.json"
    good = facts.read_bytes()
    for bad in (b"{not json", good[: len(good) // 2],  # garbage, a write cut short
                good.replace(b"TODO: item 3", b"nothing here"),  # an edited entry
                good.replace(b'"version"', b'"Version"')):
        snapshot.unlink(missing_ok=True)  # else the unchanged tree is answered from it
        facts.write_bytes(bad)
        code, doc, _ = scan(root)
        assert code == 0 and doc["timings"]["files_parsed"] == 5 and len(todo_lines(doc)) == 5
    # a forged snapshot (findings emptied, MAC of another key) is not read either
    doc = json.loads(snapshot.read_bytes().split(b"\n", 1)[1])
    doc["snapshot"]["native_findings"] = []
    snapshot.write_bytes(b'{"mac":"' + b"0" * 64 + b'"}\n' + json.dumps(doc).encode())
    code, doc, _ = scan(root)
    assert len(todo_lines(doc)) == 5


def test_a_snapshot_committed_in_the_tree_is_never_read(tmp_path: Path):
    """The attack of issue 20: scan once, empty the snapshot's findings, commit the cache
    folder; a fresh clone must still report the finding."""
    root = tree(tmp_path)
    scan(root)
    planted = root / ".auditor-cache"
    planted.mkdir()
    for f in cache_of(root).iterdir():
        if f.is_file() and f.name != ".lock":
            data = f.read_bytes()
            if f.name.startswith("snapshot-"):
                mac, body = data.split(b"\n", 1)
                doc = json.loads(body)
                doc["snapshot"]["native_findings"] = []
                data = mac + b"\n" + json.dumps(doc).encode()
            (planted / f.name).write_bytes(data)
    (planted / "key").write_text("0" * 64)
    clone = tmp_path / "clone"
    subprocess.run(["cp", "-a", str(root), str(clone)], check=True)
    code, doc, err = scan(clone)
    assert code == 0, err
    assert len(todo_lines(doc)) == 5 and doc["timings"]["files_parsed"] == 5
    assert any(s["file"] == ".auditor-cache/" for s in doc["skipped"])  # visibly left out


def test_cache_inside_the_scanned_tree_is_refused(tmp_path: Path):
    root = tree(tmp_path)
    code, doc, err = scan(root, "--cache-dir", str(root / "cache"))
    assert code == 0, err
    assert not (root / "cache").exists()
    assert any(e["stage"] == "cache" and "inside the scanned tree" in e["message"]
               for e in doc["errors"])
    assert len(todo_lines(doc)) == 5


def test_config_cache_dir_and_osv_url_are_ignored_visibly(tmp_path: Path):
    root = tree(tmp_path)
    (root / ".auditor.toml").write_text('cache_dir = "../x"\nosv_url = "http://127.0.0.1:9"\n')
    code, doc, err = scan(root)
    assert code == 0, err
    assert not (tmp_path / "x").exists() and not (root / ".auditor-cache").exists()
    effects = {e["key"]: e["effect"] for e in doc["config_effects"]}
    assert effects["cache_dir"].startswith("ignored") and effects["osv_url"].startswith("ignored")


def test_symlinked_cache_folder_is_neither_read_nor_written(tmp_path: Path):
    root = tree(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "planted").write_text("x")
    cache = cache_of(root)
    cache.parent.mkdir(parents=True)
    cache.symlink_to(outside, target_is_directory=True)
    code, doc, err = scan(root)
    assert code == 0, err
    assert sorted(p.name for p in outside.iterdir()) == ["planted"]  # nothing written there
    assert any(e["stage"] == "cache" and "symlink" in e["message"] for e in doc["errors"])
    assert len(todo_lines(doc)) == 5


def test_unreadable_or_foreign_key_is_replaced_not_trusted(tmp_path: Path):
    root = tree(tmp_path)
    scan(root)
    key = cache_base() / "key"
    original = key.read_text()
    os.chmod(key, 0o644)  # readable by others: anyone could sign a cache with it
    code, doc, _ = scan(root)
    assert doc["timings"]["files_parsed"] == 5  # nothing signed with it was trusted
    assert key.read_text() != original and (key.stat().st_mode & 0o777) == 0o600
    code, doc, _ = scan(root)
    assert doc["timings"]["files_parsed"] == 0  # the new key works
    key.unlink()
    key.mkdir()  # not a regular file
    code, doc, err = scan(root)
    assert code == 0 and len(todo_lines(doc)) == 5, err


def test_planted_symlinks_inside_the_cache_are_not_followed(tmp_path: Path):
    root = tree(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    where = CacheDir(cache_base(), root)
    cache = where.directory
    cache.mkdir(parents=True)
    (cache / f"facts-{__version__}.jsonl").symlink_to(victim)
    (cache / ".lock").symlink_to(tmp_path / "not-there")
    c = FactsCache(where)
    assert c.entries == {}  # the symlinked cache file is not read
    c.put("a.py", "sha", {"path": "a.py"})
    problem = c.save()
    assert victim.read_text() == "precious\n" and not (tmp_path / "not-there").exists()
    if problem is None:  # the planted lock link refuses the write, or the write replaced links
        assert not (cache / f"facts-{__version__}.jsonl").is_symlink()
        assert FactsCache(CacheDir(cache_base(), root)).get("a.py", "sha") == {"path": "a.py"}


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch):
    from auditor.scan import cache as cache_mod

    root = tree(tmp_path)
    where = CacheDir(cache_base(), root)
    real = cache_mod._write_new

    def full_disk(path, data, mode=0o600):
        if str(path).endswith(".tmp") and "facts" in str(path):
            real(path, b"partial")
            raise OSError(28, "No space left on device")
        return real(path, data, mode)

    monkeypatch.setattr(cache_mod, "_write_new", full_disk)
    c = FactsCache(where)
    c.put("a.py", "sha", {"path": "a.py"})
    assert "No space left" in c.save()
    assert not [p for p in where.directory.iterdir() if p.name.endswith(".tmp")]


def test_two_scans_at_once_and_killed_scans_cost_only_speed(tmp_path: Path):
    import signal
    import time

    root = tree(tmp_path)
    for i in range(40):
        (root / f"x{i}.py").write_text("def g():\n    return 1  # TODO: later\n" * 50)
    _, reference, _ = scan(root, "--no-cache")
    expected = todo_lines(reference)
    cmd = [*AUDITOR, "scan", str(root), "--engines", "native", "--format", "json",
           "--fail-on", "none", "--jobs", "1"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert todo_lines(json.loads(out)) == expected
    for delay in (0.05, 0.3, 0.8, 1.5):  # killed at several points of a cold scan
        for f in cache_of(root).glob("*.json*"):
            f.unlink()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait(30)
        code, doc, err = scan(root)
        assert code == 0, err
        assert todo_lines(doc) == expected
    code, doc, _ = scan(root)
    assert todo_lines(doc) == expected
    assert not [p for p in cache_of(root).iterdir() if p.name.endswith(".tmp")]


def test_garbage_in_the_cache_folder_costs_only_speed(tmp_path: Path):
    root = tree(tmp_path)
    scan(root)
    (cache_base() / "key").write_bytes(b"\x00garbage\xff" * 10)
    os.chmod(cache_base() / "key", 0o600)
    for f in cache_of(root).iterdir():
        if f.is_file():
            f.write_bytes(os.urandom(300))
    (cache_of(root) / "facts-stray.jsonl.tmp").write_text("x")
    code, doc, err = scan(root)
    assert code == 0 and doc["timings"]["files_parsed"] == 5 and len(todo_lines(doc)) == 5, err
    code, doc, _ = scan(root)
    assert doc["timings"]["files_parsed"] == 0 and len(todo_lines(doc)) == 5


def test_a_small_change_writes_a_delta_bound_to_its_base(tmp_path: Path):
    """A one-file change rewrites a delta of the changed facts, not the whole cache; the delta
    counts only with the base it was written for and with its MAC, and removals stick."""
    root = tree(tmp_path)
    code, cold, err = scan(root)
    base = cache_of(root) / f"facts-{__version__}.jsonl"
    delta = cache_of(root) / f"facts-{__version__}.delta.jsonl"
    before = base.read_bytes()
    (root / "m2.py").write_text("def f2():\n    return 2  # FIXME: changed\n")
    (root / "m4.py").unlink()
    code, one, _ = scan(root)
    assert base.read_bytes() == before and delta.is_file()  # only the delta was written
    _, fresh, _ = scan(root, "--no-cache")
    assert todo_lines(one) == todo_lines(fresh)
    code, warm, _ = scan(root)
    assert warm["timings"]["files_parsed"] == 0 and todo_lines(warm) == todo_lines(fresh)
    where = CacheDir(cache_base(), root)
    loaded = FactsCache(where)
    assert "m4.py" not in loaded.entries and set(loaded.delta) == {"m2.py", "m4.py"}
    new_sha = loaded.entries["m2.py"]["sha"]
    # an edited delta (its MAC fails) is ignored: the base alone, which has the old m2.py
    good = delta.read_bytes()
    delta.write_bytes(good.replace(b"FIXME", b"XIXME"))
    forged = FactsCache(where)
    assert forged.base_mac == loaded.base_mac and not forged.delta
    assert forged.get("m2.py", new_sha) is None and "m4.py" in forged.entries
    # a delta bound to another base is ignored (its head names the base's MAC)
    delta.write_bytes(good.replace(loaded.base_mac.encode(), b"0" * 64))
    assert not FactsCache(where).delta
    delta.write_bytes(good)
    assert FactsCache(where).get("m2.py", new_sha) is not None


def test_many_changes_fold_the_delta_into_a_new_base(tmp_path: Path):
    root = tmp_path / "big"
    root.mkdir()
    for i in range(80):
        (root / f"m{i}.py").write_text(f"X{i} = {i}  # TODO: item {i}\n")
    scan(root)
    base = cache_of(root) / f"facts-{__version__}.jsonl"
    before = base.read_bytes()
    for i in range(70):  # more than DELTA_MIN (64) changes: a new base
        (root / f"m{i}.py").write_text(f"X{i} = {i + 1}  # TODO: changed {i}\n")
    code, doc, _ = scan(root)
    assert base.read_bytes() != before
    _, fresh, _ = scan(root, "--no-cache")
    assert todo_lines(doc) == todo_lines(fresh)


def test_graph_parts_of_unchanged_languages_are_reused_and_equal(tmp_path: Path, monkeypatch):
    """A change in one language resolves that language again and reuses the others' parts of
    the call graph; the result equals a cold run's."""
    import shutil

    import auditor.graph as graph_mod
    from auditor.scan import ScanOptions, run_scan

    root = tmp_path / "mixed"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "example-app" / "go", root)
    (root / "sdk").mkdir()  # a client SDK next to the service: Python without routes
    (root / "sdk" / "client.py").write_text(
        "import requests\n\n\nclass Client:\n    def get(self, path):\n"
        "        return self._call('GET', path)\n\n    def _call(self, m, p):\n"
        "        return requests.request(m, p)\n")
    calls: list[str] = []
    real = graph_mod._resolver

    def counting(lang):
        fn = real(lang)
        if fn is None:
            return None

        def wrapped(files, cg, r):
            calls.append(lang)
            return fn(files, cg, r)
        return wrapped

    monkeypatch.setattr(graph_mod, "_resolver", counting)

    def keys(res):
        return (sorted((f.rule_id, f.file, f.line, f.severity) for f in res.findings),
                sorted((e.method, e.path, e.auth, tuple(c.name for c in e.chain))
                       for e in res.endpoints))

    run_scan(ScanOptions(path=str(root), engines=["native"]))
    go = next(p for p in root.rglob("*.go"))
    go.write_text(go.read_text() + "\n// changed\n")
    calls.clear()
    warm = run_scan(ScanOptions(path=str(root), engines=["native"])).result
    assert "go" in calls and "python" not in calls, calls  # python's part was reused
    cold = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result
    assert keys(warm) == keys(cold)


def test_the_cache_key_follows_the_packs(monkeypatch):
    """A checklist or semgrep pack edited in place changes the key: a snapshot evaluated with
    the old checklist is not served (the key used to fingerprint auditor's .py files only)."""
    import auditor.scan.cache as C

    names = [n for n, _s, _m in C._pack_files()]
    assert any(n.startswith("checklists/") and n.endswith(".yaml") for n in names), names
    monkeypatch.setattr(C, "_KEY", None)
    before = C.cache_key()
    monkeypatch.setattr(C, "_KEY", None)
    monkeypatch.setattr(C, "_pack_files", lambda: [("checklists/generic.yaml", 1, 2)])
    assert C.cache_key() != before
