"""Paths a file names that could lead to SQL migrations and seeds: `"./migrations"` given to a
migration runner, `COPY apps/backend/migrations ./migrations` in a Dockerfile,
`./db/init.sql:/docker-entrypoint-initdb.d/init.sql` in a compose file.

A seed file is applied only if something points a runner, an image or a script at it; a copy of
the folder inside another app that nothing names is not (scan/reach.py). Found from the bytes
of code and configuration alike: a word of a migration or seed path, widened to the path
characters around it.
"""
from __future__ import annotations

import re

_WORDS = (b"migrat", b"seed", b"initdb", b".sql", b"schema")
_WORD = re.compile(rb"migrat|seed|initdb|\.sql|schema", re.IGNORECASE)
_PATH_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./-@")
MAX_REFS = 50
MAX_LEN = 200


def path_refs(data: bytes) -> list[str]:
    """The path-like tokens around the migration words of a file (sorted, at most MAX_REFS)."""
    low = data.lower()
    if not any(w in low for w in _WORDS):
        return []
    out: set[str] = set()
    end = 0
    for m in _WORD.finditer(low):
        if m.start() < end:
            continue
        i, j = m.start(), m.end()
        while i > 0 and data[i - 1] in _PATH_BYTES and m.start() - i < MAX_LEN:
            i -= 1
        while j < len(data) and data[j] in _PATH_BYTES and j - m.end() < MAX_LEN:
            j += 1
        end = j
        token = data[i:j].decode("ascii", "replace").strip("./-") if j - i <= MAX_LEN else ""
        if token and ("/" in token or token.lower().startswith(("migrat", "seed", "db"))
                      or token.lower().endswith(".sql")):
            out.add(token)
            if len(out) >= MAX_REFS:
                break
    return sorted(out)
