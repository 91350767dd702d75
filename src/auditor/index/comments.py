"""Comments from the real parse: tree-sitter comment nodes, or Python's tokenizer."""
from __future__ import annotations

import io
import tokenize

from auditor.index.walk import position, text, walk
from auditor.parse import Parsed

_COMMENT_TYPES = frozenset({"comment", "line_comment", "block_comment"})


def extract_comments(parsed: Parsed) -> list[dict]:
    if parsed.kind == "libcst":
        return _python_comments(parsed.text)
    out = []
    for node in walk(parsed.tree.root_node):
        if node.type in _COMMENT_TYPES:
            rec = position(node)
            rec["text"] = text(node, parsed.data, 4000)
            out.append(rec)
    return out


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
