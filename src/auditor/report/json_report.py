"""The JSON report: the `ScanResult` of the design, described by the JSON Schema in `auditor/data/scan-result.schema.json`."""
from __future__ import annotations

import json

try:  # the report of a million-line tree is ~100 MB: orjson writes it in a second, json in ~15
    import orjson
except ImportError:  # pragma: no cover
    orjson = None


def render_json(result) -> str:
    return dumps_indented(result.to_dict())


def dumps_indented(doc) -> str:
    """`json.dumps(doc, indent=2, ensure_ascii=False)` plus a newline, the same text either way."""
    data = _orjson_indented(doc)
    return data.decode("utf-8") if data is not None else _json_indented(doc)


def _orjson_indented(doc, newline: bool = True) -> bytes | None:
    """None where orjson is missing or refuses the document: lone surrogates, huge ints, NaN,
    which the standard library handles."""
    if orjson is None:
        return None
    option = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
    try:
        return orjson.dumps(doc, option=option | orjson.OPT_APPEND_NEWLINE if newline else option)
    except (TypeError, orjson.JSONEncodeError):
        return None


def _json_indented(doc) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


# A lone surrogate (a file name that is not UTF-8, escaped by discovery) cannot be UTF-8: it is
# written as its JSON escape, `\udcff`, which json.loads reads back as the same name.
UNPAIRED = "backslashreplace"


class Stream:
    """A list of the document that the chunked writer serializes one item at a time: a
    million-line tree's report has tens of thousands of findings and endpoints, and the data of
    all of them, then their 100 MB of text, were the last peak of the scan's memory."""

    def __init__(self, items, make) -> None:
        self.items = items
        self.make = make

    def __iter__(self):
        return (self.make(x) for x in self.items)


def iter_indented(doc):
    """The UTF-8 of `dumps_indented(doc)` in pieces, each `Stream` of `doc` item by item."""
    yield from _chunks(doc, 0)
    yield b"\n"


BATCH = 256  # stream items serialized per call: one orjson call per item cost 80% more


def _chunks(value, level: int):
    if isinstance(value, Stream):
        yield from _stream_chunks(value, level)
    elif isinstance(value, (list, dict)) and _has_stream(value):
        items = value.items() if isinstance(value, dict) else value
        opening, closing = (b"{", b"}") if isinstance(value, dict) else (b"[", b"]")
        pad = b"\n" + b"  " * (level + 1)
        first = True
        for item in items:
            yield (opening if first else b",") + pad
            first = False
            if isinstance(value, dict):
                yield _one(item[0], 0) + b": "
                item = item[1]
            yield from _chunks(item, level + 1)
        yield opening + closing if first else b"\n" + b"  " * level + closing
    else:
        yield _one(value, level)


def _stream_chunks(stream: Stream, level: int):
    """The stream's items a batch at a time: each batch is written as a list, whose brackets
    are cut off and whose items are joined to the previous batch's."""
    close = b"\n" + b"  " * level + b"]"
    first = True
    batch: list = []
    items = iter(stream)
    while True:
        batch.clear()
        for item in items:
            batch.append(item)
            if len(batch) == BATCH:
                break
        if not batch:
            break
        data = _one(batch, level)
        yield (b"[" if first else b",") + data[1:-len(close)]
        first = False
    yield b"[]" if first else close


def _has_stream(value, depth: int = 0) -> bool:
    if depth > 4:
        return False
    children = value.values() if isinstance(value, dict) else value
    return any(isinstance(v, Stream) or (isinstance(v, (list, dict)) and _has_stream(v, depth + 1))
               for v in children)


def _one(value, level: int) -> bytes:
    """`dumps_indented(value)` as bytes, without its newline, indented to `level`."""
    data = _orjson_indented(value, newline=False)
    if data is None:
        data = _json_indented(value)[:-1].encode("utf-8", UNPAIRED)
    return data.replace(b"\n", b"\n" + b"  " * level) if level else data
