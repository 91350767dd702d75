"""Comments from the real parse: the tree-sitter comment nodes of every language."""
from __future__ import annotations

from auditor.index.walk import position, text
from auditor.parse import Parsed, kinds

_COMMENT_TYPES = frozenset({"comment", "line_comment", "block_comment"})
kinds.register(_COMMENT_TYPES)


def extract_comments(parsed: Parsed) -> list[dict]:
    from auditor.parse import ts_language

    root = parsed.tree.root_node
    # the file's one query (auditor.parse.kinds): no Python-level visit of every node
    nodes = kinds.ordered(kinds.by_type(root, ts_language(parsed.language), _COMMENT_TYPES),
                          _COMMENT_TYPES)
    out = []
    for node in nodes:
        rec = position(node)
        rec["text"] = text(node, parsed.data, 4000)
        out.append(rec)
    return out
