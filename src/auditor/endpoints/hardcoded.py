"""Does an endpoint answer with data built only from literals?

True when the handler's success responses (Go `c.JSON(200, fiber.Map{...})`, Python/TS
`return {...}`, `res.json([...])`) carry only literals, directly or through variables and calls
to functions on its chain (a service method that returns a literal slice), and nothing on the
chain touches a database, cache or document store (an SQL sink, or a data site recognised by
`data_access`). Error responses are left out. A response built from a parameter, a
request value or any other call is real data; which hard-coded answers are defects (a health or
version reply is not) is for the rules to decide.
"""
from __future__ import annotations

import re

RESPONSE_METHODS = {"JSON", "IndentedJSON", "SecureJSON", "JSONP", "XML", "YAML", "SendString",
                    "String", "Send", "Blob", "json", "send", "jsonify", "JSONResponse",
                    "Response", "HTMLResponse", "PlainTextResponse"}
LITERAL_KINDS = {"str", "num", "bool", "null", "dict", "list", "composite", "unary", "tuple",
                 "set", "object", "array", "template"}
TYPE_NAMES = {"fiber", "gin", "echo", "http", "Map", "H", "map", "string", "int", "interface",
              "any", "true", "false", "nil", "None", "True", "False", "null", "undefined",
              "StatusOK", "StatusCreated"}
CONST_ATTR = re.compile(r"^([a-z]\w*\.)?([A-Z][A-Za-z0-9]*|[A-Z][A-Z0-9_]+)$")
STRINGS = re.compile(r'"(?:\\.|[^"\\])*"|`[^`]*`|\'(?:\\.|[^\'\\])*\'')
TOKEN = re.compile(r"[A-Za-z_][\w.]*\s*:?|\(")
ERRORISH = re.compile(r"\berr\b|Error|error|\.Error\(|exception", re.IGNORECASE)


class _Ctx:
    def __init__(self, facts, chain) -> None:
        self.facts = facts
        self.by_name: dict[str, list] = {}
        for c in chain:
            self.by_name.setdefault(c.name.rsplit(".", 1)[-1], []).append(c)
        self.local: dict[tuple[str, int], str] = {}

    def local_qname(self, file: str, line: int) -> str | None:
        key = (file, line)
        if key not in self.local:
            q = None
            for f in self.facts.get(file, {}).get("functions", []):
                if f.get("line") == line:
                    q = f.get("local") or f.get("qname")
                    break
            self.local[key] = q
        return self.local[key]


def _other_text_literal(t: str) -> bool:
    """An element the indexer kept as text only (`{Name: "x", Type: domain.Kind}`)."""
    if not t.lstrip().startswith("{"):
        return False
    body = STRINGS.sub('""', t)
    for m in TOKEN.finditer(body):
        tok = m.group(0).strip()
        if tok == "(":
            return False
        if tok.endswith(":"):
            continue  # a field key
        if tok in TYPE_NAMES or CONST_ATTR.match(tok):
            continue
        return False
    return True


def literal_value(expr, ctx: _Ctx, file: str, func: str | None, depth: int = 0) -> bool:
    """Built only from literals: directly, via local variables, or via chain functions."""
    if not expr or depth > 12:
        return False
    kind = expr.get("kind")
    if kind in ("str", "num", "bool", "null"):
        return True
    if kind == "name":
        t = expr.get("text", "")
        if t in TYPE_NAMES or CONST_ATTR.match(t) and t.isupper():
            return True
        return _variable(t, ctx, file, func, depth)
    if kind == "attr":
        return bool(CONST_ATTR.match(expr.get("text", "")))
    if kind == "call":
        return _call_value(expr, ctx, depth)
    if kind in ("format", "fstring", "binop", "lambda"):
        return False
    if kind == "other":
        return _other_text_literal(expr.get("text", ""))
    if kind not in LITERAL_KINDS:
        return False
    if kind == "template" and expr.get("parts"):
        return False
    subs = list(expr.get("parts", []) or []) + list(expr.get("elems", []) or [])
    fields = expr.get("fields")
    if isinstance(fields, dict):
        subs += list(fields.values())
    for key in ("values", "keys", "items"):
        v = expr.get(key)
        if isinstance(v, list):
            subs += [x for x in v if isinstance(x, dict)]
    if not subs:
        names = [n for n in expr.get("names", []) if n not in TYPE_NAMES]
        return not names
    return all(literal_value(s, ctx, file, func, depth + 1) for s in subs)


def _variable(name: str, ctx: _Ctx, file: str, func: str | None, depth: int) -> bool:
    if not func:
        return False
    values = [a.get("value") for a in ctx.facts.get(file, {}).get("assigns", [])
              if a.get("func") == func and name in (a.get("targets") or [a.get("target")])]
    if not values:
        return False  # a parameter or a field: real input
    return all(literal_value(v, ctx, file, func, depth + 1) for v in values)


def _call_value(expr, ctx: _Ctx, depth: int) -> bool:
    callee = expr.get("callee") or ""
    name = callee.rsplit(".", 1)[-1]
    recv = callee.rsplit(".", 1)[0].rsplit(".", 1)[-1].lower() if "." in callee else ""
    cands = [n for n in ctx.by_name.get(name, []) if n.depth > 0]
    cands.sort(key=lambda n: (recv not in n.name.lower(), n.depth))
    for node in cands[:1]:
        if node.layer == "repository":
            return False
        func = ctx.local_qname(node.file, node.line)
        rets = [r for r in ctx.facts.get(node.file, {}).get("returns", [])
                if r.get("func") == func]
        if not rets:
            return False
        vals = [(r.get("values") or [r.get("value")])[0] for r in rets]
        vals = [v for v in vals if v and v.get("kind") != "null"]
        return bool(vals) and all(literal_value(v, ctx, node.file, func, depth + 1) for v in vals)
    return False


def hardcoded_response(chain, sql_sites, facts, calls, data_sites=()) -> bool:
    if sql_sites or data_sites or not chain:
        return False
    if any(c.layer == "repository" for c in chain[1:]):
        return False
    handler = chain[0]
    fx = facts.get(handler.file, {})
    end = handler.line
    func = None
    for f in fx.get("functions", []):
        if f.get("line") == handler.line:
            end, func = f.get("end_line", end), f.get("local") or f.get("qname")
            break
    payloads = []
    for c in calls.calls_in(handler.file, handler.line, end):
        if c.get("name") in RESPONSE_METHODS and c.get("args"):
            payloads.append(c["args"][-1])
    if not payloads:
        for r in fx.get("returns", []):
            if handler.line <= r.get("line", 0) <= end and r.get("value"):
                payloads.append(r["value"])
    payloads = [p for p in payloads if not ERRORISH.search(p.get("text", ""))]
    if not payloads:
        return False
    ctx = _Ctx(facts, chain)
    return all(literal_value(p, ctx, handler.file, func) for p in payloads)
