"""h46: security rules on deliberately vulnerable apps not tuned on (NodeGoat, DVNA,
Vulnerable-Flask-App, Vulnerability-goapp). Fixtures: fixtures/security/go/xss_text_template.go,
xss_html_template.go, fixtures/security/python/xss_request_url.py (read by test_security_rules)."""
from __future__ import annotations

from auditor.checks.secrets.places import minified_shape
from auditor.scan import ScanOptions, run_scan


def _scan(root):
    res = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result
    return [(f.file, f.line) for f in res.findings if f.rule_id == "code-injection"]


def _minified(body: str) -> str:
    """`body` inside lines as long as a build's output."""
    pad = "var a" + "=1,a".join(str(i) for i in range(90)) + ";"
    return "\n".join([pad, body, pad, pad]) + "\n"


def test_eval_of_a_parameter_in_a_minified_library_is_not_reported(tmp_path):
    (tmp_path / "static").mkdir()
    src = _minified("function E(b){return eval(b)}")
    (tmp_path / "static" / "loader.js").write_text(src)
    assert minified_shape("static/loader.js", src.encode())
    assert _scan(tmp_path) == []


def test_eval_of_a_parameter_in_readable_code_is_still_reported(tmp_path):
    (tmp_path / "lib.js").write_text("function run(b) {\n  return eval(b);\n}\nmodule.exports = run;\n")
    assert _scan(tmp_path) == [("lib.js", 2)]


def test_eval_of_request_data_in_a_minified_file_is_still_reported(tmp_path):
    src = _minified("app.get('/x',function(req,res){res.json(eval(req.query.q))})")
    (tmp_path / "server.js").write_text(src)
    assert _scan(tmp_path) == [("server.js", 2)]
