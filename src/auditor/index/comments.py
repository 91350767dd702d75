"""Comments from the real parse: the tree-sitter comment nodes of every language."""
from __future__ import annotations

from functools import lru_cache

from auditor.index.walk import position, text, walk
from auditor.parse import Parsed

_COMMENT_TYPES = frozenset({"comment", "line_comment", "block_comment"})


def extract_comments(parsed: Parsed) -> list[dict]:
    query = _comment_query(parsed.language)
    if query is None:
        nodes = [n for n in walk(parsed.tree.root_node) if n.type in _COMMENT_TYPES]
    else:  # the query runs in C: no Python-level visit of every node
        import tree_sitter

        nodes = tree_sitter.QueryCursor(query).captures(parsed.tree.root_node).get("c", [])
        nodes.sort(key=lambda n: n.start_byte)
    out = []
    for node in nodes:
        rec = position(node)
        rec["text"] = text(node, parsed.data, 4000)
        out.append(rec)
    return out


@lru_cache(maxsize=None)
def _comment_query(language: str):
    try:
        import tree_sitter

        from auditor.parse import ts_language

        return tree_sitter.Query(ts_language(language), "(comment) @c")
    except Exception:  # noqa: BLE001 - a grammar without a `comment` node: walk instead
        return None
