"""Route-registration extractors, one module per language family; each knows the frameworks of
its language and emits the same route-op records (replayed by `auditor.endpoints.interpret`)."""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache


class ScopeTracker:
    """The enclosing function of each node of a pre-order walk, in O(1) amortized: a stack of
    open function spans, popped as the walk leaves them (no parent climbing, so 20,000-deep
    nesting stays linear)."""

    def __init__(self, outer: str = "<file>") -> None:
        self.stack: list[tuple[int, str]] = []
        self.outer = outer

    def at(self, node) -> str:
        start = node.start_byte
        while self.stack and start >= self.stack[-1][0]:
            self.stack.pop()
        return self.stack[-1][1] if self.stack else self.outer

    def enter(self, node, scope: str) -> None:
        self.stack.append((node.end_byte, scope))

    def path(self) -> list[str]:
        return [s for _e, s in self.stack]


def nodes_of(tree, kinds: tuple[str, ...], root=None) -> list:
    """The nodes of these types, in the order of a pre-order walk (outer before inner): a query
    finds them in C, so Python never visits the punctuation and the other nodes. Plain node
    types over the whole tree come from the file's one query (auditor.parse.kinds)."""
    import tree_sitter

    from auditor.parse import kinds as by_kind

    root = tree.root_node if root is None else root
    if root.parent is None and not any(k.startswith("(") for k in kinds):
        return by_kind.ordered(by_kind.by_type(root, tree.language, kinds), kinds)
    return by_kind.ordered(
        {"n": tree_sitter.QueryCursor(_query(tree.language, kinds)).captures(root).get("n", [])},
        ("n",))


class Within:
    """The nodes of some types inside any node's bytes, from one ordered list of the file's
    nodes and a bisection: asking it per function costs the function's own nodes, where a walk of
    each function's body walks nested functions' bodies again (and every other node)."""

    def __init__(self, tree, kinds: tuple[str, ...]) -> None:
        self.nodes = nodes_of(tree, kinds)
        self.starts = [n.start_byte for n in self.nodes]

    def of(self, node, kind: str | None = None) -> list:
        """The nodes inside `node` (itself included), in pre-order; of one type with `kind`."""
        if node is None:
            return []
        got = self.nodes[bisect_left(self.starts, node.start_byte):
                         bisect_left(self.starts, node.end_byte)]
        return got if kind is None else [n for n in got if n.type == kind]


@lru_cache(maxsize=None)
def _query(language, kinds: tuple[str, ...]):
    import tree_sitter

    # a kind is a node type, or a whole pattern such as "(call_expression function: (x))"
    known = [k if k.startswith("(") else f"({k})" for k in kinds
             if k.startswith("(") or language.id_for_node_kind(k, True)]
    return tree_sitter.Query(language, "[" + " ".join(known) + "] @n")


def balanced(s: str) -> bool:
    """Every parenthesis of `s` closes one opened before it, and all are closed."""
    depth = 0
    for ch in s:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


def unparen(text: str) -> str:
    """`text` without the parentheses that enclose all of it (`((a | b))` -> `a | b`)."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def top_terms(expr: str, op: str) -> list[str]:
    """`expr` split at `op` outside brackets and string literals."""
    out, depth, cur, i, quote = [], 0, [], 0, ""
    while i < len(expr):
        ch = expr[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and expr.startswith(op, i):
            out.append("".join(cur))
            cur, i = [], i + len(op)
            continue
        cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out
