"""Precision and recall of the Python call graph on PyCG's micro-benchmark.

Usage: python benchmarks/pycg_accuracy.py [MICRO_BENCHMARK_DIR] [--verbose]
(default /work/targets/pycg/micro-benchmark; fetch vitsalis/PyCG and copy its
`micro-benchmark/` there). Each case folder (snippets/<category>/<case>) is scanned as its own
root; the expected `callgraph.json` maps caller -> callees. Only edges whose two ends are
user-defined (a module of the case or a name under one) are compared: `<builtin>.*` and names
of modules outside the case are left out, as the issue's target states.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from auditor.graph import build_graph
from auditor.scan.analyze import analyze


def case_edges(case: Path) -> tuple[set, set]:
    facts = {}
    for f in sorted(case.rglob("*.py")):
        rel = f.relative_to(case).as_posix()
        facts[rel] = analyze(rel, str(f), "python")
    modules = {fx["module"] for fx in facts.values() if fx.get("module")}

    def user(name: str) -> bool:
        if name.startswith("<builtin>"):
            return False
        return any(name == m or name.startswith(m + ".") for m in modules)

    expected_raw = json.loads((case / "callgraph.json").read_text())
    expected = {(a, b) for a, bs in expected_raw.items() for b in bs if user(a) and user(b)}
    cg = build_graph(facts, case)
    got = set()
    for a, b, d in cg.g.edges(data=True):
        if not d.get("resolved"):
            continue
        if cg.g.nodes[b].get("external") or cg.g.nodes[a].get("kind") == "class":
            continue
        if user(a) and user(b):
            got.add((a, b))
    return expected, got


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    args = [a for a in argv if not a.startswith("--")]
    base = Path(args[0] if args else "/work/targets/pycg/micro-benchmark") / "snippets"
    if not base.is_dir():
        print(f"no micro-benchmark at {base}", file=sys.stderr)
        return 2
    per_cat: dict[str, list[int]] = {}
    for cj in sorted(base.glob("*/*/callgraph.json")):
        case = cj.parent
        cat = case.parent.name
        expected, got = case_edges(case)
        tp = len(expected & got)
        c = per_cat.setdefault(cat, [0, 0, 0])
        c[0] += tp
        c[1] += len(got)
        c[2] += len(expected)
        if verbose and expected != got:
            print(f"{cat}/{case.name}:")
            for e in sorted(expected - got):
                print(f"   missing {e[0]} -> {e[1]}")
            for e in sorted(got - expected):
                print(f"   extra   {e[0]} -> {e[1]}")
    tot = [sum(c[i] for c in per_cat.values()) for i in range(3)]
    print(f"{'category':<14}{'precision':>10}{'recall':>8}{'tp':>6}{'found':>7}{'expected':>10}")
    for cat, (tp, found, exp) in sorted(per_cat.items()) + [("OVERALL", tot)]:
        p = tp / found if found else 1.0
        r = tp / exp if exp else 1.0
        print(f"{cat:<14}{p:>10.3f}{r:>8.3f}{tp:>6}{found:>7}{exp:>10}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
