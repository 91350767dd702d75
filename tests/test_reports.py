"""Reporters on a hand-built `ScanResult`: snapshots of every format, the JSON Schema of the
result, and the SARIF rules GitHub code scanning applies (OASIS schema + its own limits)."""
from __future__ import annotations

import json

from conftest import assert_snapshot, sample_result, validate_result_json, validate_sarif

from auditor.model import Finding, ScanResult
from auditor.report import render
from auditor.report.sarif import MAX_RESULTS, build_sarif


def test_terminal_snapshot(result):
    assert_snapshot("report.txt", render(result, "text", width=100))


def test_terminal_colours_by_severity(result):
    text = render(result, "text", color=True, width=100)
    assert "\x1b[" in text
    plain = render(result, "text", width=100)
    assert "\x1b[" not in plain
    # grouped by file: the file header comes before its findings, each file once
    assert plain.count("internal/repo/user.go\n") == 1
    assert plain.index("app/settings.py") < plain.index("JWT signing key")


def test_terminal_summary_counts_and_reasons(result):
    text = render(result, "text", width=100)
    assert "4 findings" in text and "1 suppressed" in text
    assert "12 files analysed, 3 skipped, 1 failed" in text
    assert "default exclude" in text and "minified bundle" in text and "larger than the size cap" in text
    assert "1 in parse" in text
    assert "engine semgrep: failed (semgrep exited with code 7)" in text


def test_json_snapshot_and_schema(result):
    text = render(result, "json")
    assert_snapshot("report.json", text)
    doc = json.loads(text)
    validate_result_json(doc)
    assert doc["schema_version"] == result.schema_version
    again = ScanResult.from_dict(doc)
    assert [f.to_dict() for f in again.findings] == [f.to_dict() for f in result.findings]


def test_json_schema_rejects_a_wrong_result(result):
    import pytest

    doc = json.loads(render(result, "json"))
    doc["findings"][0]["severity"] = "severe"
    with pytest.raises(AssertionError):
        validate_result_json(doc)
    doc = json.loads(render(result, "json"))
    doc["findings"][0]["file"] = "/abs/path.go"
    with pytest.raises(AssertionError):
        validate_result_json(doc)


def test_markdown_snapshot(result):
    text = render(result, "markdown")
    assert_snapshot("report.md", text)
    assert "## Findings" in text and "## Suppressed findings" in text


def test_sarif_snapshot_and_schema(result):
    text = render(result, "sarif")
    assert_snapshot("report.sarif", text)
    validate_sarif(json.loads(text))


def test_sarif_github_contract(result):
    doc = build_sarif(result)
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    sec = rules["sql-injection"]["properties"]
    assert "security" in sec["tags"] and "external/cwe/cwe-89" in sec["tags"]
    assert sec["security-severity"] == "8.0"
    assert "security-severity" not in rules["todo"]["properties"]
    assert "security" not in rules["todo"]["properties"]["tags"]
    # an engine's rule without registry metadata still gets a descriptor
    assert rules["B608"]["name"] != "B608"
    by_rule = {}
    for r in run["results"]:
        by_rule.setdefault(r["ruleId"], []).append(r)
    sql = by_rule["sql-injection"][0]
    loc = sql["locations"][0]["physicalLocation"]
    # relative to the git top level: the scan root's prefix is prepended
    assert loc["artifactLocation"] == {"uri": "services/api/internal/repo/user.go",
                                       "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 42 and loc["region"]["startColumn"] == 9
    assert sql["level"] == "error"
    assert sql["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 40
    # brackets of Next.js route folders are percent-encoded
    todo_uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                 for r in by_rule["todo"]]
    assert "services/api/app/api/%5Bid%5D/orders.py" in todo_uris
    # suppressed findings are left out by default (code scanning does not honour SARIF
    # suppressions); one the tree suppressed with a comment is said in a notification
    assert not any("suppressions" in r for r in run["results"])
    assert run["automationDetails"]["id"] == "auditor/services/api/"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    texts = [n["message"]["text"] for n in notes]
    inline = [n for n in notes if n["descriptor"]["id"] == "suppressed-inline"]
    assert len(inline) == 1 and "suppressed by a comment in the scanned tree" in \
        inline[0]["message"]["text"]
    included = build_sarif(result, suppressed="include")["runs"][0]["results"]
    sup = [r for r in included if "suppressions" in r]
    assert len(sup) == 1 and sup[0]["suppressions"][0]["kind"] == "inSource"
    assert build_sarif(result, category="api")["runs"][0]["automationDetails"]["id"] == "api/"
    for r in run["tool"]["driver"]["rules"]:
        assert r["helpUri"].startswith("https://"), r["id"]
    assert rules["sql-injection"]["helpUri"].endswith("docs/rules.md#sql-injection")
    assert any("static/app.min.js" in t for t in texts)
    assert any(t.startswith("parse failed on app/broken.py") for t in texts)
    assert any("semgrep failed" in t for t in texts)
    assert run["invocations"][0]["executionSuccessful"] is False


def test_sarif_fingerprint_does_not_depend_on_the_line(tmp_path):
    from conftest import scan, write_tree

    body = "def f():\n    return 1  # TODO: real value\n"
    write_tree(tmp_path / "a", {"m.py": body})
    write_tree(tmp_path / "b", {"m.py": "import os\n\n\n" + body})
    fa = build_sarif(scan(tmp_path / "a"))["runs"][0]["results"]
    fb = build_sarif(scan(tmp_path / "b"))["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in fa] == [2]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in fb] == [5]
    assert fa[0]["partialFingerprints"] == fb[0]["partialFingerprints"]


def test_sarif_truncates_past_github_limit_keeping_the_most_severe():
    res = sample_result()
    many = [Finding(rule_id="todo", category="todo", severity="low", message=f"TODO {i}",
                    file="a.py", line=i + 1, fingerprint=f"{i:032x}")
            for i in range(MAX_RESULTS + 3)]
    res.findings = many + res.findings
    doc = build_sarif(res)
    run = doc["runs"][0]
    assert len(run["results"]) == MAX_RESULTS
    kept = {r["ruleId"] for r in run["results"]}
    assert {"hardcoded-secret", "sql-injection", "B608"} <= kept
    texts = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    dropped = len(res.active_findings) - MAX_RESULTS  # suppressed ones are left out first
    assert any(t.startswith(f"{dropped} results left out") for t in texts)


def test_sarif_of_an_empty_result_is_valid():
    doc = build_sarif(ScanResult(root="/x"))
    validate_sarif(doc)
    assert doc["runs"][0]["results"] == []
    assert doc["runs"][0]["automationDetails"]["id"] == "auditor/"


def test_chunked_json_and_sarif_are_the_rendered_text(result):
    """The scan writes JSON and SARIF in chunks (findings and endpoints one at a time): the
    same bytes as the rendered text, also for empty lists and for items only the standard
    library can write (lone surrogates from file names that are not UTF-8)."""
    import dataclasses

    from auditor.report import render_chunks
    from auditor.report.json_report import BATCH

    odd = dataclasses.replace(result.findings[0], file="bad\udcff.py", message="x\udcfe")
    many = [dataclasses.replace(f, line=f.line + i) for i in range(300) for f in result.findings]
    cases = [result, ScanResult(root="."), dataclasses.replace(result, findings=[odd] + result.findings),
             dataclasses.replace(result, findings=many[:BATCH]),  # exactly one full batch
             dataclasses.replace(result, findings=many[:1] + [odd] + many)]  # several
    for r in cases:
        for fmt in ("json", "sarif"):
            chunks = list(render_chunks(r, fmt))
            assert b"".join(chunks) == render(r, fmt).encode("utf-8", "backslashreplace"), fmt
            assert len(chunks) > 1
    assert render_chunks(result, "text") is None


def test_upload_sarif_fingerprinting_would_not_warn(tmp_path):
    """github/codeql-action's upload-sarif (src/fingerprints.ts, `addFingerprints`) hashes the
    line each result starts on and warns "inconsistent fingerprint" when a result already
    carries a different `primaryLocationLineHash`; results without a region or whose file is not
    in the checkout are skipped. This is that decision, run on a real scan's SARIF: auditor
    leaves the key to upload-sarif, so no result can warn."""
    from conftest import scan, write_tree

    root = write_tree(tmp_path / "repo", {
        "app.py": "import sqlite3\n\ndef f(q):\n    # TODO: real data\n"
                  "    return sqlite3.connect('x').execute('SELECT ' + q)\n",
        "svc/handler.go": "package svc\n\n// TODO: validate input\nfunc H() {}\n"})
    doc = build_sarif(scan(root))
    warnings = []
    results = doc["runs"][0]["results"]
    assert results
    for result in results:
        loc = (result.get("locations") or [{}])[0].get("physicalLocation", {})
        if loc.get("region", {}).get("startLine") is None:
            continue
        path = root / loc["artifactLocation"]["uri"]
        if not path.is_file():
            continue
        computed = "hash-of-line-%d" % loc["region"]["startLine"]  # any value upload-sarif computes
        existing = (result.get("partialFingerprints") or {}).get("primaryLocationLineHash")
        if existing and existing != computed:
            warnings.append(result["ruleId"])
    assert warnings == []


def test_schema_names_every_category():
    """A finding of a new category must validate: the schema's enum is the taxonomy's."""
    from pathlib import Path

    from auditor.taxonomy import CATEGORIES

    schema = json.loads((Path(__file__).resolve().parents[1] / "src/auditor/data/"
                         "scan-result.schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]["finding"]["properties"]["category"]["enum"]) == set(CATEGORIES)
