"""Real-implementation signals that are not literal answers (auditor.index.signals, bottom): a
literal metric next to a TODO, a count copied under a subset's name, the clock moved and shown as
a recorded date, a default branch or an error branch that reports success, a no-op behind a
success answer, a placeholder export, a stand-in a comment admits. Fixtures in Go, Python and
TypeScript carry each case and its look-alike on the exact line."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.index import signals as sig
from auditor.parse import ts_parse
from auditor.scan import ScanOptions, run_scan
from expect import compare

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "impl_signals"
PACK = {"hardcoded-return", "stub-comment", "mock-data", "noop-handler", "not-implemented",
        "fabricated-timestamp", "success-by-default", "repeated-count"}
LANG = {".go": "go", ".py": "python", ".ts": "typescript"}


@pytest.fixture(scope="module", params=["go", "python", "ts"])
def scanned(request):
    root = ROOT / request.param
    return root, run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result


def test_expectations(scanned):
    root, result = scanned
    problems = compare(root, result.findings, PACK)
    assert problems == [], "\n" + "\n".join(problems)


def test_unrouted_code_is_never_critical(scanned):
    _root, result = scanned
    for f in result.findings:
        if f.rule_id in PACK and not f.endpoints:
            assert not f.critical_path and f.severity in ("low", "info"), \
                f"{f.rule_id} {f.file}:{f.line} {f.severity} {f.message}"


def test_routed_findings_name_their_endpoints(scanned):
    _root, result = scanned
    for f in result.findings:
        if f.rule_id in ("success-by-default", "repeated-count", "fabricated-timestamp",
                         "noop-handler") and f.critical_path:
            assert f.endpoints, f"{f.rule_id} at {f.file}:{f.line} names no endpoint"


@pytest.mark.parametrize("path", sorted(p for p in ROOT.rglob("*") if p.suffix in LANG),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_signals_raise_nothing_on_fixtures(monkeypatch, path):
    """The new signals are guarded in production; here a defect must show."""
    monkeypatch.setattr(sig, "_STRICT", True)
    data = path.read_bytes()
    lang = LANG[path.suffix]
    out = sig.extract_signals(lang, ts_parse(lang, data), data)
    assert all("_fields" not in f for f in out["functions"])


def _functions(lang: str, code: str) -> dict:
    data = code.encode()
    out = sig.unpack_signals(sig.pack_signals(sig.extract_signals(lang, ts_parse(lang, data), data)))
    return {f["name"]: f for f in out["functions"]}


def test_packed_signals_round_trip_with_new_lists():
    fns = _functions("go", '''package x

func Review(users []string) map[string]interface{} {
	return map[string]interface{}{
		"total_users":  len(users),
		"active_users": len(users),
	}
}

func Plain(a int) int { return a + 1 }
''')
    assert fns["Review"]["repeated_counts"][0]["key"] == "active_users"
    for key in ("stand_ins", "default_success", "fail_open", "noop", "repeated_counts",
                "shifted_now", "downloads"):
        assert fns["Plain"][key] == ()


def test_shift_by_a_setting_is_a_computed_moment():
    fns = _functions("go", '''package x

import "time"

func Schedule(interval time.Duration, days int) map[string]interface{} {
	return map[string]interface{}{
		"next_sync_at":     time.Now().Add(interval),
		"last_seen_date":   time.Now().AddDate(0, 0, -days),
		"next_review_date": time.Now().AddDate(0, 0, 30),
		"last_login_at":    time.Now().Add(-2 * time.Hour),
	}
}
''')
    keys = [s["key"] for s in fns["Schedule"]["shifted_now"]]
    assert keys == ["next_review_date", "last_login_at"]


def test_default_that_fails_closed_or_lookup_table_is_not_success():
    fns = _functions("go", '''package x

func Allowed(role string, quota int) bool {
	switch role {
	case "admin":
		return quota > 0
	case "guest":
		return false
	default:
		return true
	}
}

func Lookup(kind string) bool {
	switch kind {
	case "a":
		return false
	case "b":
		return true
	default:
		return true
	}
}

func Strict(role string, quota int) bool {
	switch role {
	case "admin":
		return quota > 0
	case "user":
		return quota > 10
	default:
		return false
	}
}
''')
    assert [d["kind"] for d in fns["Allowed"]["default_success"]] == ["return"]
    assert fns["Lookup"]["default_success"] == ()
    assert fns["Strict"]["default_success"] == ()


def test_trailing_comment_of_the_line_above_excuses_nothing():
    fns = _functions("go", '''package x

func Stats(n int) map[string]interface{} {
	seed := n // TODO: remove once migrated
	return map[string]interface{}{
		"total_users":  seed,
		"failed_count": 0,
	}
}
''')
    assert fns["Stats"]["stand_ins"] == ()
