"""Running the project-scope rules: once, in the main process, with the graph and endpoints."""
from __future__ import annotations

import re
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


def npm_major(facts: dict, package: str) -> int | None:
    """The lowest major version any package.json of the project asks `package` at (the first
    number of its range, `^3.13.1` -> 3), or None when none names it (the per-file
    `npm_requires` facts, kept for the packages scan.analyze lists)."""
    major = None
    for fx in facts.values():
        spec = ((fx.get("extra") or {}).get("npm_requires") or {}).get(package)
        m = re.search(r"\d+", spec) if spec is not None else None
        if m is not None:
            major = min(major if major is not None else 99, int(m.group()))
    return major


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


_CALL_STEP = re.compile(r"\(\) argument \d+$")


def drop_relayed(findings: list[Finding], project: list[Finding]) -> list[Finding]:
    """The project findings whose flow passes, on its way, through a call that is itself a
    finding of the same category of defect (`db.query(sql)` built from the request in a route,
    and the wrapper `query: (sql, params) => pool.query(sql, params)` it calls, reported again
    by `sql-injection-via-caller`): the call is where the value is spliced in and is reported
    there; the wrapper's sink repeats it. A finding is dropped only for a call reported, at
    least as severe, by a finding that stays."""
    from auditor.model import SEVERITY_RANK

    at = {(f.category, f.file, f.line) for f in findings}

    def via(f: Finding) -> set:
        return {(f.category, s.file, s.line) for s in f.flow[:-1]
                if _CALL_STEP.search(s.message) and (s.file, s.line) != (f.file, f.line)} & at

    relayed = {id(f): v for f in project if f.flow and (v := via(f))}
    if not relayed:
        return findings
    # (a chain of relays keeps its second link: only a call reported by a finding that is not
    # itself relayed stands for the ones reaching it)
    kept: dict = {}
    for f in findings:
        if id(f) not in relayed:
            key = (f.category, f.file, f.line)
            kept[key] = max(kept.get(key, -1), SEVERITY_RANK.get(f.severity, 0))
    return [f for f in findings
            if not any(kept.get(k, -1) >= SEVERITY_RANK.get(f.severity, 0)
                       for k in relayed.get(id(f), ()))]
