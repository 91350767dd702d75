"""Route-registration extractors, one module per language family; each knows the frameworks of
its language and emits the same route-op records (replayed by `auditor.endpoints.interpret`)."""
from __future__ import annotations

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
    finds them in C, so Python never visits the punctuation and the other nodes."""
    import tree_sitter

    root = tree.root_node if root is None else root
    nodes = tree_sitter.QueryCursor(_query(tree.language, kinds)).captures(root).get("n", [])
    spans = [(n.start_byte, -n.end_byte) for n in nodes]
    order = sorted(range(len(nodes)), key=spans.__getitem__)
    nodes = [nodes[i] for i in order]
    if len(set(spans)) < len(spans):  # a node and its only child span the same bytes
        for i in range(1, len(nodes)):
            if spans[order[i]] == spans[order[i - 1]]:
                _order_ties(nodes, i)
    return nodes


def _order_ties(nodes: list, i: int) -> None:
    j = i
    while j > 0 and (nodes[j - 1].start_byte, nodes[j - 1].end_byte) == \
            (nodes[i].start_byte, nodes[i].end_byte):
        j -= 1
    nodes[j:i + 1] = sorted(nodes[j:i + 1], key=_same_span_ancestors)


def _same_span_ancestors(node) -> int:
    """How many ancestors span exactly the node's bytes (climbs only those: deep nesting stays
    linear)."""
    n, span = 0, (node.start_byte, node.end_byte)
    while node.parent is not None and (node.parent.start_byte, node.parent.end_byte) == span:
        node, n = node.parent, n + 1
    return n


@lru_cache(maxsize=None)
def _query(language, kinds: tuple[str, ...]):
    import tree_sitter

    # a kind is a node type, or a whole pattern such as "(call_expression function: (x))"
    known = [k if k.startswith("(") else f"({k})" for k in kinds
             if k.startswith("(") or language.id_for_node_kind(k, True)]
    return tree_sitter.Query(language, "[" + " ".join(known) + "] @n")
