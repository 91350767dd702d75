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


PARALLEL_FILES = 2000  # files from which the project rules run in two processes


def run_project_rules(analysis, jobs: int = 1) -> tuple[list[Finding], list[dict]]:
    """Every project rule's findings and errors, in the registry's order. On a large tree with
    `jobs` > 1 the rules that share the implementation signals (`impl_context`) run in a forked
    process beside the others: each rule reads the analysis and writes nothing but its
    findings, so the split changes the time, never the answer."""
    ctx = ProjectContext(root=analysis.root, facts=analysis.facts, graph=analysis.graph,
                         endpoints=analysis.result.endpoints, config=analysis.config)
    rules = [r for r in all_rules() if r.id not in analysis.config.disable and not (
        # a file rule without a part that joins its files' facts
        r.scope != "project" and r.check_project is Rule.check_project)]

    def run(rule_cls) -> tuple[list[Finding], dict | None]:
        try:
            return list(rule_cls().check_project(ctx)), None
        except Exception as exc:  # noqa: BLE001 - one rule's bug never loses the others
            return [], {"file": "", "stage": f"rule {rule_cls.id}",
                        "message": f"{type(exc).__name__}: {exc}"[:500]}

    if jobs > 1 and len(analysis.facts or ()) >= PARALLEL_FILES:
        from auditor.forkmap import fork_parts

        impl = [r for r in rules if _shares_impl_context(r)]
        done = fork_parts([[r for r in rules if r not in impl], impl], run)
    else:
        done = {r: run(r) for r in rules}
    findings: list[Finding] = []
    errors: list[dict] = []
    for r in rules:
        got, err = done[r]
        findings.extend(got)
        if err is not None:
            errors.append(err)
    # What the rules memoized on the context (the implementation signals of every function,
    # decoded) points back at it: a cycle the run's switched-off collector would never free.
    vars(ctx).clear()
    return findings, errors


def _shares_impl_context(rule_cls) -> bool:
    """The rule reads the implementation signals every such rule shares (built once per
    process, the larger part of their cost): those rules run together."""
    import sys

    from auditor.checks.impl import impl_context

    return getattr(sys.modules.get(rule_cls.__module__), "impl_context", None) is impl_context
