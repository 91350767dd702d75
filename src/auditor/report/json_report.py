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


def dumps_indented_bytes(doc) -> bytes:
    """The UTF-8 bytes of `dumps_indented`: a 100 MB report is written as is, never decoded to
    a str and encoded back (two more copies at the peak of a large scan)."""
    data = _orjson_indented(doc)
    return data if data is not None else _json_indented(doc).encode("utf-8")


def _orjson_indented(doc) -> bytes | None:
    """None where orjson is missing or refuses the document: lone surrogates, huge ints, NaN,
    which the standard library handles."""
    if orjson is None:
        return None
    try:
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE |
                            orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return None


def _json_indented(doc) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
