"""Running the project-scope rules: once, in the main process, with the graph and endpoints."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.checks.base import Rule
from auditor.checks.registry import all_rules
from auditor.model import Finding


@dataclass
class ProjectContext:
    root: Any
    facts: dict[str, dict]
    graph: Any
    endpoints: list
    config: Any


def run_project_rules(analysis) -> tuple[list[Finding], list[dict]]:
    ctx = ProjectContext(root=analysis.root, facts=analysis.facts, graph=analysis.graph,
                         endpoints=analysis.result.endpoints, config=analysis.config)
    findings: list[Finding] = []
    errors: list[dict] = []
    for rule_cls in all_rules():
        if rule_cls.id in analysis.config.disable:
            continue
        if rule_cls.scope != "project" and rule_cls.check_project is Rule.check_project:
            continue  # a file rule without a part that joins its files' facts
        try:
            findings.extend(rule_cls().check_project(ctx))
        except Exception as exc:  # noqa: BLE001 - one rule's bug never loses the others
            errors.append({"file": "", "stage": f"rule {rule_cls.id}",
                           "message": f"{type(exc).__name__}: {exc}"[:500]})
    # What the rules memoized on the context (the implementation signals of every function,
    # decoded) points back at it: a cycle the run's switched-off collector would never free.
    vars(ctx).clear()
    return findings, errors
