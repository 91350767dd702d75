"""Baselines: fingerprints survive moved lines and new headers, and one entry never hides a
second identical finding (unlike bandit's baseline)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

AUDITOR = [sys.executable, "-m", "auditor"]

ORIGINAL = """def load(db):
    rows = db.all()  # TODO: paginate
    return rows
"""


def scan(root: Path, *extra: str) -> tuple[int, dict]:
    proc = subprocess.run([*AUDITOR, "scan", str(root), "--engines", "native", "--format", "json",
                           "--no-cache", "--fail-on", "low", *extra],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def todos(doc: dict) -> list[tuple[str, int, str | None]]:
    return sorted((f["file"], f["line"], f.get("suppression_kind"))
                  for f in doc["findings"] if f["rule_id"] == "todo")


def write_baseline(tmp_path: Path) -> Path:
    src = tmp_path / "repo"
    src.mkdir()
    (src / "store.py").write_text(ORIGINAL)
    base = tmp_path / "baseline.json"
    code, doc = scan(src, "--write-baseline", str(base))
    assert code == 1 and todos(doc) == [("store.py", 2, None)]
    data = json.loads(base.read_text())
    assert [e["rule_id"] for e in data["fingerprints"]] == ["todo"]
    return src


def test_baseline_suppresses_and_exits_clean(tmp_path):
    src = write_baseline(tmp_path)
    code, doc = scan(src, "--baseline", str(tmp_path / "baseline.json"))
    assert todos(doc) == [("store.py", 2, "baseline")]
    assert code == 0  # suppressed findings do not fail the run
    assert doc["summary"]["suppressed"] == 1


def test_fingerprint_survives_moved_lines_and_header(tmp_path):
    src = write_baseline(tmp_path)
    header = '"""Copyright 2026 Example.\n\nLicensed under Apache-2.0.\n"""\nimport os\n\n\n'
    moved = "def helper():\n    return os.getcwd()\n\n\n" + ORIGINAL.replace("    rows", "        rows")
    (src / "store.py").write_text(header + moved)
    code, doc = scan(src, "--baseline", str(tmp_path / "baseline.json"))
    line = (header + moved).splitlines().index("        rows = db.all()  # TODO: paginate") + 1
    assert todos(doc) == [("store.py", line, "baseline")]
    assert code == 0


def test_one_entry_never_hides_a_second_identical_finding(tmp_path):
    src = write_baseline(tmp_path)
    text = ORIGINAL + "\n\ndef load_all(db):\n    rows = db.all()  # TODO: paginate\n    return rows\n"
    (src / "store.py").write_text(text)
    code, doc = scan(src, "--baseline", str(tmp_path / "baseline.json"))
    assert todos(doc) == [("store.py", 2, "baseline"), ("store.py", 7, None)]
    assert code == 1


def test_same_snippet_in_another_file_is_new(tmp_path):
    src = write_baseline(tmp_path)
    (src / "other.py").write_text(ORIGINAL)
    code, doc = scan(src, "--baseline", str(tmp_path / "baseline.json"))
    assert todos(doc) == [("other.py", 2, None), ("store.py", 2, "baseline")]
    assert code == 1


def test_bad_baseline_is_a_usage_error(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "b.json").write_text("[1, 2]")
    proc = subprocess.run([*AUDITOR, "scan", str(tmp_path), "--engines", "native",
                           "--baseline", str(tmp_path / "b.json")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "not an auditor baseline" in proc.stderr and "Traceback" not in proc.stderr
