"""Checklist verdicts a reviewer can sign: no PASS from the absence of findings alone, items and
checklists that do not apply say so, and severities that mean something (critical for what is
exploitable as shipped)."""
from __future__ import annotations

from conftest import write_tree

from auditor.scan import ScanOptions, run_scan

FLASK_SAFE = {
    "app.py": "import sqlite3\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
              "@app.get('/health')\ndef health():\n    return {'ok': True}\n\n\n"
              "@app.get('/users')\ndef users():\n    conn = sqlite3.connect('x.db')\n"
              "    rows = conn.execute('SELECT * FROM users WHERE name = ?', (request.args['n'],))\n"
              "    return {'users': rows.fetchall()}\n",
}
FLASK_NO_SQL = {
    "app.py": "from flask import Flask\n\napp = Flask(__name__)\n\n\n"
              "@app.get('/ping')\ndef ping():\n    return 'pong'\n",
}
FLASK_INJECTION = {
    "app.py": "import sqlite3\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
              "@app.get('/users')\ndef users():\n    conn = sqlite3.connect('x.db')\n"
              "    q = \"SELECT * FROM users WHERE name = '%s'\" % request.args['n']\n"
              "    return {'users': conn.execute(q).fetchall()}\n",
}


def _scan(tmp_path, files, checklists=None, engines=("native",)):
    root = write_tree(tmp_path / "app", files)
    return run_scan(ScanOptions(path=str(root), engines=list(engines), use_cache=False,
                                checklists=checklists or [])).result


def _item(result, item_id):
    return next(c for c in result.checklist if c.id == item_id)


def test_a_pass_names_what_was_examined(tmp_path):
    r = _scan(tmp_path, FLASK_SAFE)
    item = _item(r, "GEN-L5-A03")
    assert item.status == "pass", item
    texts = " ".join(e.get("text", "") for e in item.evidence)
    assert "SQL query sites examined" in texts and "ran on" in texts
    for c in r.checklist:  # every PASS carries positive evidence
        if c.status == "pass":
            assert c.evidence and all(not e.get("text", "").startswith("no findings of")
                                      for e in c.evidence), c


def test_no_sql_means_not_verified_not_pass(tmp_path):
    r = _scan(tmp_path, FLASK_NO_SQL)
    item = _item(r, "GEN-L5-A03")
    assert item.status == "not_verified"
    assert "no SQL query" in " ".join(e.get("text", "") for e in item.evidence)


def test_skipped_engine_leaves_its_items_not_verified(tmp_path):
    r = _scan(tmp_path, FLASK_SAFE)  # the dependency audit was not selected
    for item_id in ("GEN-L5-A06", "GEN-L5-ZC", "GEN-L5-ZH"):
        assert _item(r, item_id).status == "not_verified", item_id
    assert r.score["not_verified"] >= 3
    assert r.score["applicable"] == sum(1 for c in r.checklist if c.status in ("pass", "fail", "warn"))


def test_features_the_system_lacks_are_not_applicable(tmp_path):
    r = _scan(tmp_path, FLASK_SAFE)
    jwt = _item(r, "GEN-L5-CR-02")
    assert jwt.status == "not_applicable" and "jwt" in jwt.evidence[0]["text"]


def test_system_checklists_apply_by_default_only_to_their_system(tmp_path):
    r = _scan(tmp_path, FLASK_SAFE)
    assert {c.checklist for c in r.checklist} == {"generic"}
    assert [c["name"] for c in r.score["checklists"]] == ["generic"]
    named = _scan(tmp_path / "n", FLASK_SAFE, checklists=["kamiyo"])
    info = named.score["checklists"][0]
    assert info["name"] == "kamiyo" and info["matches"] is False and info["selected"] == "by name"


def test_injection_on_an_unauthenticated_route_is_critical(tmp_path):
    r = _scan(tmp_path, FLASK_INJECTION)
    sql = [f for f in r.findings if f.rule_id == "sql-injection"]
    assert sql and all(f.severity == "critical" for f in sql), sql
    assert "reachable without authentication: GET /users" in sql[0].message
    assert _item(r, "GEN-L5-ZC").status in ("fail", "not_verified")
    assert any(e.get("rule_id") == "sql-injection" for e in _item(r, "GEN-L5-A03").evidence)


def _fixture_results(tmp_path):
    import shutil
    from pathlib import Path

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    out = []
    for i, (name, lists) in enumerate((("impl/go", ["aim", "generic"]),
                                       ("example-app", ["aim", "kamiyo", "generic"]))):
        root = tmp_path / f"t{i}"
        shutil.copytree(fixtures / name, root)
        out.append(run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False,
                                        checklists=lists)).result)
    return out


def test_items_decided_from_the_same_findings_never_contradict(tmp_path):
    """Over every item with a findings spec, on real fixtures: a PASS item has no active
    finding its spec matches (so no PASS sits next to a FAIL on the same finding), and every
    PASS names positive evidence; every item says what decides it."""
    from auditor.checklist import matching_findings
    from auditor.checklist.load import builtin_checklists

    specs = {(cl["name"], it["id"]): it for cl in builtin_checklists().values() for it in cl["items"]}
    for r in _fixture_results(tmp_path):
        by_finding: dict[tuple, set] = {}
        for c in r.checklist:
            spec = specs[(c.checklist, c.id)]
            assert c.decided_by or "manual" in spec, c.id
            if "findings" not in spec:
                continue
            hits = matching_findings(r.findings, spec["findings"])
            if c.status == "pass":
                assert not hits, f"{c.id} passes next to {[(f.rule_id, f.line) for f in hits]}"
                assert c.evidence and not any(e.get("text", "").startswith("no findings of")
                                              for e in c.evidence), c
            for f in hits:
                by_finding.setdefault((f.rule_id, f.file, f.line), set()).add(c.status)
        for key, statuses in by_finding.items():
            assert "pass" not in statuses, (key, statuses)


def test_seed_reports_show_rule_evidence_and_reason(tmp_path):
    from auditor.report.audit_reports import render_code_audit, render_security_report

    r = _fixture_results(tmp_path)[0]
    text = render_code_audit(r) + render_security_report(r)
    assert "| ID | Item | Status | Decided by | Evidence and reason |" in text
    assert "`hardcoded-return`" in text and "NOT VERIFIED" in text
