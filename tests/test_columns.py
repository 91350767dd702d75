"""Columns in every report count characters (SARIF `unicodeCodePoints`), not bytes."""
from __future__ import annotations

from auditor.scan import ScanOptions, run_scan


def _todo(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_scan(ScanOptions(path=str(tmp_path), engines=["native"], use_cache=False)).result
    return next(f for f in result.findings if f.rule_id == "todo")


def test_go_comment_after_non_ascii(tmp_path):
    f = _todo(tmp_path, "a.go", "package x\n\n// ünïcode TODO: fix\nfunc F() {}\n")
    assert (f.line, f.column, f.end_column) == (3, 12, 16)


def test_python_comment_after_non_ascii_code(tmp_path):
    f = _todo(tmp_path, "a.py", 's = "üü"  # TODO: fix\n')
    assert (f.line, f.column, f.end_column) == (1, 13, 17)
