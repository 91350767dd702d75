"""h54: precision of the real-implementation rules.

- stub-comment: a returned value that itself reports the work as skipped/unsupported
  ({ skipped: "non-image file" } under "skip ... for now") is an honest status, not a stand-in;
  a fabricated result under the same kind of comment is still one.
"""
from __future__ import annotations

from auditor.scan import ScanOptions, run_scan


def _findings(root, rules):
    res = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result
    return sorted((f.rule_id, f.file, f.line) for f in res.findings if f.rule_id in rules)


SKIP_TS = '''import { db } from "./db";

export async function thumbnail(id: string) {
  const doc = await db.documents.findUnique({ where: { id } });
  if (!doc.mime.startsWith("image/")) {
    // For non-image files, skip the thumbnail for now.
    return { skipped: "non-image file" };
  }
  return { ok: true };
}

export async function score(id: string) {
  const doc = await db.documents.findUnique({ where: { id } });
  if (!doc.checked) {
    // For now, assume the document passed
    return { passed: true };
  }
  return { passed: doc.passed };
}
'''


def test_a_returned_skip_status_is_not_a_stand_in(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "thumbs.ts").write_text(SKIP_TS)
    got = _findings(tmp_path, {"stub-comment"})
    assert ("stub-comment", "src/thumbs.ts", 7) not in got, got
    assert ("stub-comment", "src/thumbs.ts", 16) in got, got


def test_a_deliberate_safe_default_is_no_stand_in(tmp_path):
    """"Default to assuming ..." / "Fail safe: ... is assumed ..." name a chosen default for
    input the code cannot read; "For now, assume ..." still admits a shortcut."""
    from auditor.checks.rules.stub_comment import _deliberate_default

    assert _deliberate_default("// Default to assuming a reply might be needed if email is invalid")
    assert _deliberate_default("// Fail safe: an unrecognised tool is assumed to write content")
    assert not _deliberate_default("// For now, default to assuming the check passed")
    assert not _deliberate_default("// assume the agent is compliant")
    assert not _deliberate_default("// placeholder: default to assuming success")
