"""Code no entry point reaches: Go functions, methods and closures of a program that nothing
reachable from `main`, `init` or a route's handler calls, through the call graph (interface
dispatch and function values included, as the Go resolver records them).

A finding there is still reported, marked `reachable: false` and one severity level lower, and
it does not fail the checklist's production items: commented-out wiring (a middleware whose
constructor `main` no longer calls) is not shipped behaviour. Only Go, and only a tree with a
`main` function: elsewhere (a library, Python's and TypeScript's callbacks and dynamic
dispatch) the graph cannot prove that nothing calls a function.
"""
from __future__ import annotations

LOWER = {"critical": "high", "high": "medium", "medium": "low", "low": "info", "info": "info"}


def dead_spans(graph, endpoints) -> dict[str, list[list]]:
    """file -> [[start, end, qname]] of the Go functions no entry point reaches."""
    g = graph.g
    nodes = [(n, d) for n, d in g.nodes(data=True)
             if d.get("language") == "go" and not d.get("external") and d.get("file")]
    roots = {n for n, d in nodes
             if d.get("kind") == "function" and d.get("name") in ("main", "init")
             and not d["file"].endswith("_test.go")}
    if not any(g.nodes[n].get("name") == "main" for n in roots):
        return {}  # a library: its callers are outside the tree
    for ep in endpoints:
        if ep.chain:
            roots.add(ep.chain[0].name)
        for m in getattr(ep, "middleware", ()) or ():
            if isinstance(m, str) and m in g:
                roots.add(m)
    seen = set(r for r in roots if r in g)
    stack = list(seen)
    while stack:
        for s in g.successors(stack.pop()):
            if s not in seen:
                seen.add(s)
                stack.append(s)
    out: dict[str, list[list]] = {}
    for n, d in nodes:
        if n in seen or d["file"].endswith("_test.go"):
            continue
        out.setdefault(d["file"], []).append([d.get("line", 0), d.get("end_line", 0) or
                                              d.get("line", 0), n])
    return out


def innermost_dead(spans: dict[str, list[list]], file: str, line: int) -> str | None:
    """The dead function whose span is the innermost one containing the line, if any."""
    best, size = None, None
    for start, end, qname in spans.get(file, ()):
        if start <= line <= end and (size is None or end - start < size):
            best, size = qname, end - start
    return best
