"""The native stage's snapshot: a re-run on an unchanged tree answers from it, identically,
without reading the facts; any change to a file, the configuration or auditor itself misses."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from auditor.scan import ScanOptions, run_scan

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "impl" / "python"


def _scan(root):
    return run_scan(ScanOptions(path=str(root), engines=["native"]))


def _doc(analysis):
    d = analysis.result.to_dict()
    d.pop("timings")
    for e in d["engines"]:
        e.pop("seconds")
    return d


def test_unchanged_tree_answers_from_the_snapshot(tmp_path):
    root = tmp_path / "app"
    shutil.copytree(FIXTURE, root)
    cold = _scan(root)
    assert cold.snapshot is not None and cold.result.timings["files_parsed"] > 0
    warm = _scan(root)
    assert warm._facts is None and warm._graph is None  # nothing loaded, nothing built
    assert warm.result.timings["files_parsed"] == 0
    assert _doc(warm) == _doc(cold)


def _rescan_after_an_edit(tmp_path):
    """The fixture scanned once (cache written), then again after one file gained a TODO."""
    root = tmp_path / "app"
    shutil.copytree(FIXTURE, root)
    _scan(root)
    svc = root / "app" / "services" / "payment_service.py"
    svc.write_text(svc.read_text() + "\n# TODO: a new marker\n")
    return root, _scan(root)


def test_a_changed_file_or_config_misses(tmp_path):
    root, again = _rescan_after_an_edit(tmp_path)
    assert again._facts is not None  # the facts were needed again
    assert any(f.rule_id == "todo" and f.file.endswith("payment_service.py")
               for f in again.result.findings)
    (root / ".auditor.toml").write_text('disable = ["todo"]\n')
    third = _scan(root)
    assert not any(f.rule_id == "todo" for f in third.result.findings)


def test_facts_from_the_cache_give_what_a_fresh_scan_gives(tmp_path):
    """Packed facts (signals, a file's findings) come back from the cache's JSON strings: the
    rules that read them answer as they do on freshly parsed files."""
    root, again = _rescan_after_an_edit(tmp_path)
    assert again.result.timings["files_parsed"] == 1 and again.result.timings["files_cached"] > 1
    fresh = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False))
    assert _doc(again) == _doc(fresh)
    assert any(f.rule_id in ("hardcoded-return", "mock-data") for f in fresh.result.findings)


def test_a_forged_or_broken_snapshot_is_ignored(tmp_path):
    root = tmp_path / "app"
    shutil.copytree(FIXTURE, root)
    cold = _scan(root)
    from auditor.scan.cache import CacheDir, cache_base

    snap = next(CacheDir(cache_base(), root).directory.glob("snapshot-*.json"))
    mac, body = snap.read_bytes().split(b"\n", 1)
    doc = json.loads(body)
    doc["snapshot"]["native_findings"] = []  # a "clean" result under the old MAC
    snap.write_bytes(mac + b"\n" + json.dumps(doc).encode())
    assert _doc(_scan(root))["findings"] == _doc(cold)["findings"]
    snap.write_text("{not json")
    assert _doc(_scan(root))["findings"] == _doc(cold)["findings"]


def test_no_cache_writes_no_snapshot(tmp_path):
    root = tmp_path / "app"
    shutil.copytree(FIXTURE, root)
    from auditor.scan.cache import CacheDir, cache_base

    run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False))
    assert not (root / ".auditor-cache").exists()
    assert not CacheDir(cache_base(), root).directory.exists()


def test_graph_of_an_unchanged_tree_comes_from_its_snapshot(tmp_path):
    from auditor.report.graph import render_graph
    from auditor.scan import analyze_tree

    root = tmp_path / "app"
    shutil.copytree(FIXTURE, root)
    cold = analyze_tree(ScanOptions(path=str(root), need_graph=False))
    first = render_graph(cold.graph, "json")
    warm = analyze_tree(ScanOptions(path=str(root), need_graph=False))
    second = render_graph(warm.graph, "json")
    assert warm._facts is None  # built from the graph snapshot, not from the facts
    assert json.loads(first) == json.loads(second)


def test_graph_and_endpoints_modes_do_less_and_give_the_same(tmp_path):
    """`auditor graph` indexes only and `auditor endpoints` stops after the routes; both give
    what a full scan gives, from facts kept apart from the scan's."""
    from auditor.report.graph import render_graph
    from auditor.scan import analyze_tree

    root = tmp_path / "app"
    shutil.copytree(FIXTURE, root)
    index = analyze_tree(ScanOptions(path=str(root), use_cache=False, mode="index", need_graph=False))
    assert all(not fx.get("findings") and "signals" not in (fx.get("extra") or {})
               and not fx.get("routes") for fx in index.facts.values())
    routes = analyze_tree(ScanOptions(path=str(root), use_cache=False, mode="routes"))
    full = analyze_tree(ScanOptions(path=str(root), use_cache=False))
    assert json.loads(render_graph(index.graph, "json")) == json.loads(render_graph(full.graph, "json"))
    assert [e.to_dict() for e in routes.result.endpoints] == [e.to_dict() for e in full.result.endpoints]
