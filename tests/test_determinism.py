"""The same tree gives the same answer every run: when several engines report one defect, the
kept finding (rule id, message, fingerprint) follows a fixed order (native, then semgrep,
bandit, dependencies, then rule id and message), never the order in which engine or worker
processes finished."""
from __future__ import annotations

import itertools
import random

import pytest

from auditor.engines.tools import find_tool
from auditor.model import Finding, Location
from auditor.scan.findings import merge_duplicates
from auditor.suppress import assign_fingerprints
from conftest import EXAMPLE_APP, run_cli


def _engine(rule: str, engine: str, severity: str, line: int, file: str = "a.py",
            category: str = "command-injection", snippet: str = "run(cmd)",
            message_tail: str = "", **kw) -> Finding:
    return Finding(rule, category, severity, f"{engine} says {rule}{message_tail}", file, line,
                   snippet=snippet, engine=engine, engines=(engine,), engine_rule_ids=(rule,), **kw)


def _findings() -> list[Finding]:
    return [
        # one defect, two engines, same severity: semgrep comes before bandit
        _engine("semgrep.py-shell", "semgrep", "high", 3),
        _engine("bandit.B602", "bandit", "high", 3, cwe=("CWE-78",)),
        # engines disagree on severity: the rule id is still semgrep's, the severity the highest
        _engine("semgrep.py-md5", "semgrep", "medium", 5, category="weak-hash"),
        _engine("bandit.B324", "bandit", "high", 5, category="weak-hash"),
        # native and two engines: native kept, engines in the fixed order
        _engine("sql-injection", "native", "high", 9, category="sql-injection",
                related=(Location("a.py", 7),)).with_(engines=(), engine_rule_ids=()),
        _engine("bandit.B608", "bandit", "medium", 9, category="sql-injection"),
        _engine("semgrep.py-sql", "semgrep", "high", 9, category="sql-injection"),
        # engine findings where the native one's tainted value is built: folded into it
        _engine("bandit.B608", "bandit", "medium", 7, category="sql-injection", snippet="q = f''"),
        _engine("semgrep.py-fstring-sql", "semgrep", "high", 7, category="sql-injection",
                snippet="q = f''"),
        # two native rules on a line with an engine: the first rule id takes the engine
        _engine("weak-hash-b", "native", "medium", 12, category="weak-hash"),
        _engine("weak-hash-a", "native", "medium", 12, category="weak-hash"),
        _engine("bandit.B303", "bandit", "medium", 12, category="weak-hash"),
        # one rule twice on one line with the same snippet: occurrence indexes must not swap
        _engine("semgrep.py-shell", "semgrep", "high", 20, message_tail="x"),
        _engine("semgrep.py-shell", "semgrep", "high", 20, message_tail="y"),
        _engine("bandit.B602", "bandit", "high", 20),
    ]


def _merged(findings: list[Finding]) -> list[dict]:
    return [f.to_dict() for f in assign_fingerprints(merge_duplicates(findings))]


def test_merge_does_not_depend_on_the_order_findings_arrive_in():
    findings = _findings()
    expected = _merged(findings)
    assert _merged(list(reversed(findings))) == expected
    rng = random.Random(7)
    for _ in range(50):
        shuffled = list(findings)
        rng.shuffle(shuffled)
        assert _merged(shuffled) == expected


def test_the_kept_finding_follows_the_fixed_engine_order():
    findings = _findings()
    for order in (findings, list(reversed(findings))):
        out = {(f.line, f.rule_id): f for f in merge_duplicates(order)}
        shell = out[(3, "semgrep.py-shell")]
        assert (shell.engine, shell.engines, shell.engine_rule_ids) == (
            "semgrep", ("semgrep", "bandit"), ("semgrep.py-shell", "bandit.B602"))
        assert shell.cwe == ("CWE-78",)
        md5 = out[(5, "semgrep.py-md5")]
        assert (md5.engine, md5.severity) == ("semgrep", "high")  # never lowered by a merge
        sql = out[(9, "sql-injection")]
        assert sql.engines == ("native", "semgrep", "bandit")
        assert sql.engine_rule_ids == ("sql-injection", "semgrep.py-sql", "bandit.B608",
                                       "semgrep.py-fstring-sql")
        assert not any(f.line == 7 for f in out.values())  # folded into the native finding
        assert out[(12, "weak-hash-a")].engines == ("native", "bandit")
        assert out[(12, "weak-hash-b")].engines == ("native",)
        assert (3, "bandit.B602") not in out and (5, "bandit.B324") not in out


@pytest.mark.parametrize("pair", list(itertools.permutations(["native", "semgrep", "bandit",
                                                               "dependencies"], 2)))
def test_any_two_engines_in_either_order(pair):
    a, b = (_engine(f"{e}.rule", e, "high", 4, category="ssrf") for e in pair)
    first = merge_duplicates([a, b])
    assert [f.to_dict() for f in first] == [f.to_dict() for f in merge_duplicates([b, a])]
    rank = ["native", "semgrep", "bandit", "dependencies"]
    assert first[0].engine == min(pair, key=rank.index)


@pytest.mark.skipif(not (find_tool("semgrep") and find_tool("bandit")),
                    reason="semgrep and bandit are needed")
def test_the_same_scan_twice_gives_the_same_sarif_byte_for_byte(tmp_path):
    outs = []
    for i in range(2):
        out = tmp_path / f"run{i}.sarif"
        proc = run_cli("scan", str(EXAMPLE_APP), "--engines", "native,semgrep,bandit", "--offline",
                       "--no-cache", "--format", "sarif", "-o", str(out), "--fail-on", "none")
        assert proc.returncode == 0, proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert b'"semgrep"' in outs[0] and b'"bandit"' in outs[0]


@pytest.mark.skipif(not (find_tool("semgrep") and find_tool("bandit")),
                    reason="semgrep and bandit are needed")
def test_engines_finishing_in_another_order_give_the_same_report(monkeypatch):
    """The engines' processes collected in reverse: the same SARIF and JSON findings."""
    from auditor.engines import isolate
    from auditor.report import render
    from auditor.scan import ScanOptions, run_scan

    def scan() -> tuple[str, list]:
        r = run_scan(ScanOptions(path=str(EXAMPLE_APP), engines=["native", "semgrep", "bandit"],
                                 offline=True, use_cache=False)).result
        return render(r, "sarif"), [f.to_dict() for f in r.findings]

    normal = scan()
    collect = isolate.Running.collect
    monkeypatch.setattr(isolate.Running, "collect", lambda self: list(reversed(collect(self))))
    assert scan() == normal
