"""SQL injection across a function parameter: a query helper and the callers that build its SQL."""
from __future__ import annotations

from pathlib import Path

from auditor.scan import ScanOptions, run_scan
from expect import compare

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "sql-callers"


def test_callers_that_build_sql_are_followed_to_the_query():
    result = run_scan(ScanOptions(path=str(ROOT), engines=["native"], use_cache=False)).result
    problems = compare(ROOT, result.findings, {"sql-injection-via-caller", "sql-injection"})
    assert problems == [], "\n" + "\n".join(problems)
    go = next(f for f in result.findings if f.rule_id == "sql-injection-via-caller" and f.file == "repo.go")
    assert [(r.file, r.line) for r in go.related] == [("repo.go", 21)]
    assert "name" in go.message and "Rename" in go.message
