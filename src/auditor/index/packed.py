"""Facts that only one late stage reads travel and stay as JSON bytes until it decodes them.

The implementation signals are a fifth of a file's facts as Python objects, yet only the
project rules read them, after the call graph is built: kept as bytes (a seventh of the size)
they are not part of the scan's peak memory while the graph is. The facts cache writes them as
JSON strings, so that a cached file's packed fields come back as compact strings too; `unpack`
takes bytes, a string, or the decoded data.
"""
from __future__ import annotations

import json

import orjson


def pack(obj) -> bytes:
    """Compact JSON of `obj` (also the facts cache's writer): packed fields inside it are
    written as strings of their JSON (`embed`)."""
    try:
        return orjson.dumps(obj, default=embed)
    except TypeError:  # lone surrogates (a file that is not UTF-8): json escapes them
        return json.dumps(obj, separators=(",", ":"), default=embed).encode("ascii")


def unpack(value):
    """The data of a packed field (bytes, or the string the facts cache kept), or the field
    itself where it is already decoded. Also the facts cache's reader."""
    if isinstance(value, (bytes, str)):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:  # escaped lone surrogates
            return json.loads(value)
    return value


def embed(obj):
    """`default` of the JSON writers: a packed field is written as a string of its JSON."""
    if isinstance(obj, bytes):
        return obj.decode("utf-8")
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")
