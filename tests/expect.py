"""Fixture expectations on exact lines, in the style of semgrep's rule tests.

A comment `expect: rule-a, rule-b` (also `ruleid: rule-a`) on a line says those rules must report
that line; `ok: rule-a` says rule-a must not. A comment alone on its line applies to the next
line. Tests compare (rule, line) sets per file and print what was missed and what was extra.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

_MARK = re.compile(r"(?:#|//|/\*|<!--)\s*(expect|ruleid|ok)\s*:\s*([A-Za-z0-9_.,:/ \-]+)")


def expectations(path: Path) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """(expected, forbidden) (rule, line) pairs of one fixture file."""
    expected: set[tuple[str, int]] = set()
    forbidden: set[tuple[str, int]] = set()
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    for i, line in enumerate(lines, start=1):
        for m in _MARK.finditer(line):
            kind = m.group(1)
            rules = [r.strip() for r in m.group(2).replace("*/", "").replace("-->", "").split(",")]
            rules = [r.split()[0] for r in rules if r.strip()]
            code_before = line[:m.start()].strip()
            target = i if code_before else i + 1
            for r in rules:
                (forbidden if kind == "ok" else expected).add((r, target))
    return expected, forbidden


def compare(root: Path, findings, rule_ids: set[str] | None = None) -> list[str]:
    """Problems (missed / unexpected) for every fixture file under `root`; [] when all match."""
    got: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for f in findings:
        if rule_ids is None or f.rule_id in rule_ids:
            got[f.file].add((f.rule_id, f.line))
    problems = []
    files = [p for p in root.rglob("*") if p.is_file()
             and ".auditor-cache" not in p.relative_to(root).parts] if root.is_dir() else [root]
    base = root if root.is_dir() else root.parent
    for p in sorted(files):
        rel = p.relative_to(base).as_posix()
        exp, forb = expectations(p)
        if rule_ids is not None:
            exp = {e for e in exp if e[0] in rule_ids}
        mine = got.get(rel, set())
        considered = {r for r, _ in exp} | {r for r, _ in forb} if rule_ids is None else rule_ids
        for r, ln in sorted(exp - mine):
            problems.append(f"missed   {rel}:{ln} {r}")
        for r, ln in sorted(mine - exp):
            if r in considered or (r, ln) in forb:
                problems.append(f"extra    {rel}:{ln} {r}")
    return problems


def set_diff(got: set, want: set) -> list:
    """Missing then extra members (printed, so a failing test shows them); [] when equal."""
    missing = sorted(want - got)
    extra = sorted(got - want)
    for e in missing:
        print("missing:", e)
    for e in extra:
        print("extra:  ", e)
    return missing + extra
