"""Facts that only one late stage reads travel and stay as JSON bytes until it decodes them.

The implementation signals are a fifth of a file's facts as Python objects, yet only the
project rules read them, after the call graph is built: kept as bytes (a seventh of the size)
they are not part of the scan's peak memory while the graph is. The facts cache embeds the
bytes as they are (still JSON), so a cached file's signals come back decoded; `unpack` takes
either form.
"""
from __future__ import annotations

import json

import orjson


def pack(obj) -> bytes:
    try:
        return orjson.dumps(obj)
    except TypeError:  # lone surrogates (a file that is not UTF-8): json escapes them
        return json.dumps(obj, separators=(",", ":")).encode("ascii")


def unpack(value):
    """The data of a packed field, or the field itself where it is already decoded."""
    if isinstance(value, bytes):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:  # escaped lone surrogates
            return json.loads(value.decode("ascii"))
    return value


def embed(obj):
    """`default` of the JSON writers: a packed field is written as the JSON it holds."""
    if isinstance(obj, bytes):
        return orjson.Fragment(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


def embed_decoded(obj):
    """`default` of the standard library's writer, which has no raw fragments."""
    if isinstance(obj, bytes):
        return unpack(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")
