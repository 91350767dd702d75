"""Does an endpoint answer with data built only from literals?

True when the handler's responses (Go `c.JSON(200, fiber.Map{...})`, Python/TS `return {...}`,
`res.json([...])`) carry only literals, and nothing on the chain touches a database. A response
built from a variable, a call or a request value is real data; which hard-coded answers are
defects (a health or version reply is not) is for the rules to decide.
"""
from __future__ import annotations

RESPONSE_METHODS = {"JSON", "IndentedJSON", "SecureJSON", "JSONP", "XML", "YAML", "SendString",
                    "String", "Send", "Blob", "json", "send", "jsonify", "JSONResponse",
                    "Response", "HTMLResponse", "PlainTextResponse"}
LITERAL_KINDS = {"str", "num", "bool", "null", "dict", "list", "composite", "unary", "tuple",
                 "set", "object", "array", "template"}
TYPE_NAMES = {"fiber", "gin", "echo", "http", "Map", "H", "map", "string", "int", "interface",
              "any", "true", "false", "nil", "None", "True", "False", "null", "undefined",
              "StatusOK", "StatusCreated"}


def literal_only(expr: dict | None, depth: int = 0) -> bool:
    """An expression made of literals only (nested dicts/lists/struct literals of literals)."""
    if not expr or depth > 30:
        return False
    kind = expr.get("kind")
    if kind in ("str", "num", "bool", "null"):
        return True
    if kind in ("call", "name", "attr", "format", "fstring", "binop", "lambda"):
        return kind == "name" and expr.get("text") in TYPE_NAMES
    if kind not in LITERAL_KINDS and kind != "other":
        return False
    if kind == "template" and expr.get("parts"):
        return False
    names = [n for n in expr.get("names", []) if n not in TYPE_NAMES]
    if names:
        return False
    subs = list(expr.get("parts", []) or []) + list(expr.get("elems", []) or [])
    fields = expr.get("fields")
    if isinstance(fields, dict):
        subs += list(fields.values())
    for key in ("values", "keys", "items"):
        v = expr.get(key)
        if isinstance(v, list):
            subs += [x for x in v if isinstance(x, dict)]
    if kind == "other" and not subs:
        return False
    return all(literal_only(s, depth + 1) for s in subs)


def hardcoded_response(chain, sql_sites, facts, calls) -> bool:
    if sql_sites or not chain:
        return False
    if any(c.layer == "repository" for c in chain[1:]):
        return False
    handler = chain[0]
    fx = facts.get(handler.file, {})
    end = handler.line
    for f in fx.get("functions", []):
        if f.get("line") == handler.line:
            end = f.get("end_line", end)
            break
    payloads = []
    for c in calls.calls_in(handler.file, handler.line, end):
        if c.get("name") in RESPONSE_METHODS and c.get("args"):
            payloads.append(c["args"][-1])
    if not payloads:
        for r in fx.get("returns", []):
            if handler.line <= r.get("line", 0) <= end and r.get("value"):
                payloads.append(r["value"])
    if not payloads:
        return False
    return all(literal_only(p) for p in payloads)
