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
    if orjson is not None:
        try:
            return _orjson_indented(doc).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):
            pass  # lone surrogates, huge ints, NaN: the standard library handles them
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def dumps_indented_bytes(doc) -> bytes:
    """The UTF-8 bytes of `dumps_indented`: a 100 MB report is written as is, never decoded to
    a str and encoded back (two more copies at the peak of a large scan)."""
    if orjson is not None:
        try:
            return _orjson_indented(doc)
        except (TypeError, orjson.JSONEncodeError):
            pass
    return dumps_indented(doc).encode("utf-8")


def _orjson_indented(doc) -> bytes:
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE |
                        orjson.OPT_NON_STR_KEYS)
