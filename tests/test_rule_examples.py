"""Every rule of the registry runs its own examples: each positive example yields at least one
finding of the rule, each negative none. Rules added later are covered without a change here."""
from __future__ import annotations

import pytest
from conftest import scan, write_tree

from auditor.checks.base import SECTIONS
from auditor.checks.registry import all_rules
from auditor.taxonomy import CATEGORIES

EXTENSIONS = {"go": "go", "python": "py", "typescript": "ts", "tsx": "tsx",
              "javascript": "js", "config": "yaml"}

RULES = all_rules()
CASES = [pytest.param(rule, kind, i, ex, id=f"{rule.id}-{kind}-{i}")
         for rule in RULES for kind in ("positive", "negative")
         for i, ex in enumerate(getattr(rule, kind))]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_metadata(rule):
    assert rule.id and rule.name and rule.name != rule.id
    assert rule.category in CATEGORIES
    docs = rule.docs()
    missing = [s for s in SECTIONS if not docs.get(s)]
    assert not missing, f"{rule.id}: docstring lacks sections {missing}"
    assert rule.positive, f"{rule.id} has no positive example"
    assert rule.negative, f"{rule.id} has no negative example"
    assert rule.severity in ("critical", "high", "medium", "low", "info")
    assert rule.precision in ("very-high", "high", "medium", "low")
    for cwe in rule.cwe:
        assert cwe.startswith("CWE-") and cwe[4:].isdigit(), cwe


def _filename(ex, i: int) -> str:
    if ex.filename:
        return ex.filename
    return f"app/code_{i}.{EXTENSIONS.get(ex.language, ex.language)}"


@pytest.mark.parametrize("rule, kind, i, ex", CASES)
def test_rule_example(tmp_path, rule, kind, i, ex):
    name = _filename(ex, i)
    write_tree(tmp_path, {name: ex.code})
    res = scan(tmp_path)
    errors = [e for e in res.errors if e["stage"].startswith("rule ")]
    assert not errors, errors
    mine = [f for f in res.findings if f.rule_id == rule.id]
    if kind == "positive":
        assert mine, f"{rule.id}: positive example {i} ({name}) gave no finding:\n{ex.code}"
    else:
        assert not mine, (f"{rule.id}: negative example {i} ({name}) gave "
                          f"{[(f.line, f.message) for f in mine]}:\n{ex.code}")
