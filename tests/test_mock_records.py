"""mock-data on services and repositories that return a literal list of records as their data:
every `expect: mock-data` line reported, every `ok: mock-data` line not (Go, Python, TS)."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.scan import ScanOptions, run_scan
from expect import compare

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "mock-records"


@pytest.mark.parametrize("lang", ["go", "python", "ts"])
def test_literal_record_lists(lang):
    root = ROOT / lang
    result = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result
    assert [e for e in result.errors if e["stage"].startswith("rule")] == []
    problems = compare(root, result.findings, {"mock-data"})
    assert problems == [], "\n" + "\n".join(problems)
    on_trace = [f for f in result.findings if f.rule_id == "mock-data" and f.endpoints]
    assert on_trace and all(f.severity == "high" and f.critical_path for f in on_trace)
