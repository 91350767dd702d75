"""Comments from the real parse: tree-sitter comment nodes, or Python's tokenizer."""
from __future__ import annotations

import io
import tokenize
from functools import lru_cache

from auditor.index.walk import position, text, walk
from auditor.parse import Parsed

_COMMENT_TYPES = frozenset({"comment", "line_comment", "block_comment"})


def extract_comments(parsed: Parsed) -> list[dict]:
    if parsed.kind == "libcst":
        return _python_comments(parsed.text)
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


def _python_comments(source: str) -> list[dict]:
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                (l1, c1), (l2, c2) = tok.start, tok.end
                # byte columns, as tree-sitter gives them for the other languages
                b1 = len(tok.line[:c1].encode("utf-8")) if not tok.line.isascii() else c1
                b2 = b1 + len(tok.string.encode("utf-8"))
                out.append({"line": l1, "column": b1 + 1, "end_line": l2, "end_column": b2 + 1,
                            "text": tok.string[:4000]})
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return out
