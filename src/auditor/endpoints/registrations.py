"""Per-file route registration facts, extracted in the worker right after indexing.

Each language's extractor appends route-op records to `facts.routes` (shapes in
`auditor.endpoints.ops`); the endpoints stage interprets them across functions and files
(group prefixes, mounts, middleware order) in the main process.
"""
from __future__ import annotations


def extract_registrations(path: str, parsed, facts) -> None:
    lang = parsed.language
    if lang == "go":
        from auditor.endpoints.frameworks import go

        go.extract(path, parsed.tree, parsed.data, facts.routes)
    elif lang == "python":
        from auditor.endpoints.frameworks import python

        from auditor.parse import ts_tree_of

        # the tree-sitter tree the indexer already built when libcst parsed the file
        python.extract(path, ts_tree_of(parsed), parsed.data, facts.routes)
    elif lang in ("typescript", "tsx", "javascript"):
        from auditor.endpoints.frameworks import typescript

        typescript.extract(path, parsed.tree, parsed.data, facts.routes)
