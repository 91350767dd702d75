"""Per-file route registration facts, extracted in the worker right after indexing.

Each framework extractor appends records to `facts.routes`; the endpoints stage joins them
across files (group prefixes, mounts) in the main process.
"""
from __future__ import annotations


def extract_registrations(path: str, parsed, facts) -> None:
    return None
