"""Request data followed across functions, files and packages (auditor.taint): handler ->
service -> repository, in Python, Go and TypeScript, with the look-alikes that must stay silent
(a constant argument, a converted number, an allowlist check in the sink's function)."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.report.sarif import build_sarif
from auditor.scan import ScanOptions, run_scan
from expect import compare

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "taint"
RULES = {"ssrf", "path-traversal", "command-injection", "open-redirect"}


@pytest.fixture(scope="module", params=["python", "go", "ts"])
def scanned(request):
    root = ROOT / request.param
    return root, run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result


def test_sources_reach_sinks_in_other_functions(scanned):
    root, result = scanned
    problems = compare(root, result.findings, RULES)
    assert problems == [], "\n" + "\n".join(problems)


def test_each_finding_carries_its_path_and_endpoint(scanned):
    root, result = scanned
    found = [f for f in result.findings if f.rule_id in RULES]
    assert found
    for f in found:
        assert f.flow[0].message.startswith("source: "), f.flow
        assert f.flow[-1].message.startswith("sink: ") and f.flow[-1].line == f.line
        assert len(f.flow) >= 3 and (f.flow[0].file, f.flow[0].line) != (f.file, f.line)
        assert len(f.endpoints) == 1, f.endpoints  # the route whose handler holds the source
        assert f.severity == "critical"  # unauthenticated route


def test_sarif_shows_the_path_as_a_code_flow(scanned):
    _root, result = scanned
    sarif = build_sarif(result)
    flows = [r for r in sarif["runs"][0]["results"] if r.get("codeFlows") and r["ruleId"] in RULES]
    assert flows
    for r in flows:
        locs = r["codeFlows"][0]["threadFlows"][0]["locations"]
        assert len(locs) >= 3
        assert all(loc["location"]["message"]["text"] for loc in locs)
        assert locs[-1]["location"]["physicalLocation"]["region"]["startLine"] == \
            r["locations"][0]["physicalLocation"]["region"]["startLine"]


def test_endpoint_findings_carry_the_route_to_repository_path():
    """missing-auth and hardcoded-return show the handler -> service -> repository chain as
    their flow: the route first, then each layer, ending where the finding is."""
    root = Path(__file__).resolve().parents[1] / "fixtures" / "example-app"
    result = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result
    auth = [f for f in result.findings if f.rule_id == "missing-auth"]
    assert auth
    for f in auth:
        assert f.flow[0].message.startswith("route ") and (f.flow[0].file, f.flow[0].line) == (f.file, f.line)
        assert any(s.message.startswith("handler: ") for s in f.flow[1:])
    sarif = build_sarif(result)
    assert any(r.get("codeFlows") for r in sarif["runs"][0]["results"] if r["ruleId"] == "missing-auth")
