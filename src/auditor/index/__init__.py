"""Index: one parsed file -> `FileFacts`. Each language's indexer lives in its own module."""
from __future__ import annotations

from auditor.index.comments import extract_comments
from auditor.index.facts import FileFacts
from auditor.parse import Parsed


def index_file(path: str, parsed: Parsed, facts: FileFacts, signals: bool = True) -> FileFacts:
    """Fill `facts` from the tree. Raises only on a bug; the caller records it as an error."""
    facts.comments = extract_comments(parsed)
    lang = parsed.language
    indexer = _indexer(lang, parsed.kind)
    if indexer is not None:
        indexer(path, parsed, facts)
    if signals and lang in ("go", "python", "typescript", "tsx", "javascript"):
        from auditor.index.signals import extract_signals, pack_signals
        from auditor.parse import ts_tree_of

        facts.extra["signals"] = pack_signals(extract_signals(lang, ts_tree_of(parsed),
                                                              parsed.data))
    return facts


def _indexer(lang: str, kind: str):
    try:
        if lang == "go":
            from auditor.index.go import index_go as fn
        elif lang == "python":
            from auditor.index.python import index_python as fn
        elif lang in ("typescript", "tsx", "javascript"):
            from auditor.index.typescript import index_typescript as fn
        else:
            return None
    except ImportError:
        return None
    return fn
