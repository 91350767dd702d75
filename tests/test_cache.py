"""The facts cache: warm runs parse nothing, changes are re-parsed, and the cache folder (inside
an unreviewed tree) can never make auditor read or write elsewhere."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from auditor import __version__
from auditor.scan.cache import FactsCache

AUDITOR = [sys.executable, "-m", "auditor"]


def scan(root: Path, *extra: str) -> tuple[int, dict, str]:
    proc = subprocess.run([*AUDITOR, "scan", str(root), "--engines", "native", "--format", "json",
                           "--fail-on", "none", *extra], capture_output=True, text=True, timeout=120)
    return proc.returncode, (json.loads(proc.stdout) if proc.returncode == 0 else {}), proc.stderr


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
    assert (root / ".auditor-cache/.gitignore").read_text() == "*\n"
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
    assert (root / f".auditor-cache/endpoints-{__version__}.json").exists()
    # the facts are gone: only the endpoints snapshot can answer, and it answers the same
    for f in (root / ".auditor-cache").glob("facts-*"):
        f.unlink()
    assert endpoints(root) == cold
    assert not list((root / ".auditor-cache").glob("facts-*"))
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
    for f in (root / ".auditor-cache").glob("facts-*"):
        f.unlink()
    assert graph() == cold  # printed from the graph snapshot: no facts, no parse
    assert not list((root / ".auditor-cache").glob("facts-*"))


def test_no_cache_writes_nothing(tmp_path: Path):
    root = tree(tmp_path)
    code, doc, err = scan(root, "--no-cache")
    assert code == 0, err and doc
    assert not (root / ".auditor-cache").exists()


def test_corrupt_or_foreign_cache_is_ignored(tmp_path: Path):
    root = tree(tmp_path)
    scan(root)
    cache_file = root / f".auditor-cache/facts-{__version__}.jsonl"
    snapshot = root / f".auditor-cache/snapshot-{__version__}.json"
    snapshot.unlink()  # else the unchanged tree is answered from it, without the facts
    cache_file.write_text("{not json")
    code, doc, _ = scan(root)
    assert code == 0 and doc["timings"]["files_parsed"] == 5 and len(todo_lines(doc)) == 5
    # a cache entry with the right hash but forged content is data, never code; a wrong
    # version is dropped
    cache_file.write_text(json.dumps({"version": "0.0.0-other"}) + "\n")
    snapshot.unlink()
    code, doc, _ = scan(root)
    assert doc["timings"]["files_parsed"] == 5
    # a damaged line costs its file a parse; the other files still come from the cache
    lines = cache_file.read_bytes().split(b"\n")
    assert len(lines) == 7 and lines[-1] == b""  # the version, five files, the last newline
    lines[2] = lines[2][: len(lines[2]) // 2]
    cache_file.write_bytes(b"\n".join(lines))
    snapshot.unlink()
    code, doc, _ = scan(root)
    assert code == 0 and doc["timings"]["files_parsed"] == 1 and len(todo_lines(doc)) == 5


def _plant_outside(outside: Path) -> Path:
    outside.mkdir()
    forged = [{"version": __version__}, ["m0.py", "x", {}]]
    (outside / f"facts-{__version__}.jsonl").write_text("".join(json.dumps(x) + "\n" for x in forged))
    return outside


def test_symlinked_cache_folder_is_neither_read_nor_written(tmp_path: Path):
    root = tree(tmp_path)
    outside = _plant_outside(tmp_path / "outside")
    before = sorted(p.name for p in outside.iterdir())
    (root / ".auditor-cache").symlink_to(outside, target_is_directory=True)
    code, doc, err = scan(root)
    assert code == 0, err
    assert sorted(p.name for p in outside.iterdir()) == before  # nothing written there
    assert any(e["stage"] == "cache" and "symlink" in e["message"] for e in doc["errors"])
    assert len(todo_lines(doc)) == 5


def test_cache_dir_through_a_symlinked_parent(tmp_path: Path):
    root = tree(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "sub").symlink_to(outside, target_is_directory=True)
    (root / ".auditor.toml").write_text('cache_dir = "sub/cache"\n')
    code, doc, err = scan(root)
    assert code == 0, err
    assert list(outside.iterdir()) == []


def test_config_cache_dir_outside_the_tree_is_refused(tmp_path: Path):
    root = tree(tmp_path)
    for value in ("../x", str(tmp_path / "abs"), "a/../../y"):
        (root / ".auditor.toml").write_text(f"cache_dir = {json.dumps(value)}\n")
        code, _, err = scan(root)
        assert code == 2 and "cache_dir" in err and "Traceback" not in err
    assert not (tmp_path / "x").exists() and not (tmp_path / "abs").exists()
    assert not (tmp_path / "y").exists()


def test_planted_symlinks_inside_the_cache_are_not_followed(tmp_path: Path):
    root = tree(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    cache = root / ".auditor-cache"
    cache.mkdir()
    (cache / ".gitignore").symlink_to(tmp_path / "not-there")  # dangling: writing would create it
    (cache / f".facts-{os.getpid()}.tmp").symlink_to(victim)
    (cache / f"facts-{__version__}.jsonl").symlink_to(victim)
    c = FactsCache(cache)
    assert c.entries == {}  # the symlinked cache file is not read
    c.put("a.py", "sha", {"path": "a.py"})
    assert c.save() is None
    assert victim.read_text() == "precious\n" and not (tmp_path / "not-there").exists()
    assert not (cache / f"facts-{__version__}.jsonl").is_symlink()
    assert FactsCache(cache).get("a.py", "sha") == {"path": "a.py"}
