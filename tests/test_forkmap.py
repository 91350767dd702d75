"""The serial stages split between forked processes on a large tree (the endpoints' traces, the
project rules) give the same answer as one process: the split changes the time only. A child
that dies or answers garbage is recomputed in the parent."""
from __future__ import annotations

import json
import os

import pytest

import auditor.checks.project as project
import auditor.endpoints as endpoints
from auditor.forkmap import fork_map, fork_parts
from conftest import EXAMPLE_APP

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def test_fork_map_answers_as_the_serial_map_in_item_order():
    items = [(i * 37) % 101 for i in range(300)]  # repeats, in no sorted order
    got = fork_map(items, lambda x: (x * x, os.getpid()), jobs=2, min_items=10)
    assert list(got) == list(dict.fromkeys(items))
    assert {k: v[0] for k, v in got.items()} == {x: x * x for x in items}
    assert len({v[1] for v in got.values()}) == 2  # the split did happen


def test_a_child_that_dies_is_recomputed_here():
    parent = os.getpid()

    def fn(x):
        if os.getpid() != parent:
            os._exit(3)  # a crash in the child: no answer at all
        return x + 1

    assert fork_parts([[1, 2], [3, 4], [5]], fn) == {1: 2, 2: 3, 3: 4, 4: 5, 5: 6}


def test_a_child_that_raises_is_recomputed_and_the_error_is_the_serial_one():
    def fn(x):
        if x == 4:
            raise ValueError("four")
        return x

    with pytest.raises(ValueError, match="four"):
        fork_parts([[1, 2], [3, 4]], fn)


def test_an_unpicklable_answer_is_recomputed_here():
    got = fork_parts([[1], [2]], lambda x: (lambda: x))  # a lambda does not pickle
    assert got[1]() == 1 and got[2]() == 2


def _scan(jobs: int) -> dict:
    from auditor.scan import ScanOptions, run_scan
    from auditor.report.json_report import render_json

    analysis = run_scan(ScanOptions(path=str(EXAMPLE_APP), engines=["native"], jobs=jobs,
                                    use_cache=False))
    doc = json.loads(render_json(analysis.result))
    doc.pop("timings", None)
    return doc


def test_the_split_scan_equals_the_serial_scan(monkeypatch):
    serial = _scan(1)
    monkeypatch.setattr(endpoints, "PARALLEL_TRACES", 1)
    monkeypatch.setattr(project, "PARALLEL_FILES", 1)
    split = _scan(2)
    for key in ("findings", "endpoints", "checklists"):
        assert split.get(key) == serial.get(key), key
