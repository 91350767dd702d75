"""Iterative tree-sitter helpers: no recursion, so 20,000-deep nesting cannot overflow a stack."""
from __future__ import annotations

from typing import Iterator


def walk(node) -> Iterator:
    """Every node under `node` (included), depth-first, pre-order, without recursion."""
    cursor = node.walk()
    visited_children = False
    while True:
        if not visited_children:
            yield cursor.node
            if cursor.goto_first_child():
                continue
        if cursor.goto_next_sibling():
            visited_children = False
            continue
        if not cursor.goto_parent():
            return
        if cursor.node == node:
            return
        visited_children = True


def walk_types(node, types: frozenset | set) -> Iterator:
    for n in walk(node):
        if n.type in types:
            yield n


def text(node, data: bytes, limit: int | None = None) -> str:
    raw = data[node.start_byte:node.end_byte] if limit is None \
        else data[node.start_byte:min(node.end_byte, node.start_byte + limit)]
    return raw.decode("utf-8", "replace")


def position(node) -> dict:
    """1-based line and column of a node, as findings and facts carry them."""
    return {"line": node.start_point[0] + 1, "column": node.start_point[1] + 1,
            "end_line": node.end_point[0] + 1, "end_column": node.end_point[1] + 1}
