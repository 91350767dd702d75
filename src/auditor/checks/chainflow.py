"""An endpoint's handler -> service -> repository path as a finding's flow (SARIF codeFlows), so
that GitHub's "Show paths" walks from the route to the line the finding is about."""
from __future__ import annotations


def path_to(chain: list, index: int) -> list:
    """The chain nodes from the handler down to `chain[index]` (a depth-first list with depths:
    each step's parent is the last node before it one level up)."""
    out = [chain[index]]
    depth = chain[index].depth
    for node in reversed(chain[:index]):
        if node.depth < depth:
            out.append(node)
            depth = node.depth
            if depth <= 0:
                break
    return list(reversed(out))


def route_flow(e, file: str | None = None, line: int = 0) -> list:
    """(file, line, message) steps: the route's registration, then the chain down to the
    function that holds `file:line` (or, without one, down to the first node that reaches the
    repository layer, else the handler alone)."""
    reg = e.registered_at or {}
    steps = [(reg.get("file", ""), reg.get("line", 1) or 1,
              f"route {e.method} {e.path} (auth: {e.auth})")]
    chain = list(e.chain or ())
    if not chain:
        return steps
    target = None
    if file is not None:
        best = -1
        for i, n in enumerate(chain):
            if n.file == file and n.line <= line and n.line > best:
                target, best = i, n.line
    if target is None:
        target = next((i for i, n in enumerate(chain) if n.layer == "repository"), 0)
    for n in path_to(chain, target):
        name = ".".join(n.name.rsplit("/", 1)[-1].split(".")[-2:])
        steps.append((n.file, n.line or 1, f"{n.layer}: {name}"))
    if file is not None and (steps[-1][0], steps[-1][1]) != (file, line):
        steps.append((file, line, "here"))
    return [s for s in steps if s[0]]
