"""A cookie set without the Secure flag or without the HttpOnly flag.

What it finds:
Cookies a response sets whose `Secure` or `HttpOnly` attribute is left off or set to false:
Python: Flask/Werkzeug, Django and FastAPI/Starlette `response.set_cookie(key, value, ...)`
(all three default `secure=False, httponly=False`; keyword or positional), Django
`set_signed_cookie`; Go: `http.Cookie{...}` and `fiber.Cookie{...}` literals (fields
`Secure`, `HttpOnly`/`HTTPOnly`, also when assigned afterwards, `cookie.Secure = true`) that
a handler sets (`http.SetCookie`, echo `c.SetCookie`, fiber `c.Cookie`), gin
`c.SetCookie(name, value, maxAge, path, domain, secure, httpOnly)`; TypeScript/JavaScript:
Express `res.cookie(name, value, options)`, Fastify `reply.setCookie`, Next.js
`cookies().set(...)` / `response.cookies.set(...)` without `secure: true` / `httpOnly: true`.
The message says which flag is missing. A flag set from a variable or configuration
(`secure=app.config["SESSION_COOKIE_SECURE"]`, `Secure: cfg.Secure`) cannot be judged from the
code and is not a finding; neither is a cookie being deleted (`delete_cookie`, `clearCookie`,
`max_age=0`, `MaxAge: -1`, an expiry in 1970).

Why it matters:
Without Secure the browser also sends the cookie over plain HTTP, where anyone on the network
reads it (CWE-614); without HttpOnly any script on the page, an injected one included, reads
it through `document.cookie` (CWE-1004). For a session or token cookie either one is a
session hijack.

Example:
    resp.set_cookie("session", token)

Fix:
Set both flags (`secure=True, httponly=True, samesite="Lax"`;
`&http.Cookie{..., Secure: true, HttpOnly: true}`; `{ secure: true, httpOnly: true }`); for a
cookie that scripts must read on purpose, set Secure and suppress the HttpOnly half with a
comment saying why.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import (Flow, assignment_nodes, bound_target, file_index, literal,
                                     mentions, nodes_of_type, pairs, unwrap)
from auditor.model import Finding

WORDS = {"python": (b"set_cookie", b"set_signed_cookie"), "go": (b"Cookie",),
         "js": (b"cookie", b"Cookie", b"cookies")}
TRUE = {"True", "true", "1"}
FALSE = {"False", "false", "0", "None", "nil", "null", "undefined"}
_TEST_CLIENT = re.compile(r"(^|\.)(client|test_client|c|browser)$|Client$")
_PAST = re.compile(r"1970|Unix\(0,\s*0\)|time\.Unix\(0|new Date\(0\)|datetime\.min|^0$")


class InsecureCookie(Rule):
    __doc__ = __doc__
    id = "insecure-cookie"
    name = "CookieWithoutSecureOrHttpOnly"
    category = "insecure-cookie"
    cwe = ("CWE-614", "CWE-1004")
    severity = "medium"
    confidence = "high"
    precision = "high"
    positive = [
        Example("python", 'from flask import make_response\n\n'
                          'def login():\n    resp = make_response("ok")\n'
                          '    resp.set_cookie("session", "abc", httponly=True)\n    return resp\n'),
        Example("go", 'package h\n\nimport "net/http"\n\nfunc Login(w http.ResponseWriter, r *http.Request) {\n'
                      '\thttp.SetCookie(w, &http.Cookie{Name: "session", Value: "abc", Secure: true})\n}\n'),
        Example("typescript", 'export function login(req, res) {\n'
                              '  res.cookie("session", "abc", { httpOnly: true });\n  res.end();\n}\n'),
    ]
    negative = [
        Example("python", 'from flask import make_response\n\n'
                          'def login():\n    resp = make_response("ok")\n'
                          '    resp.set_cookie("session", "abc", secure=True, httponly=True, samesite="Lax")\n'
                          '    return resp\n'),
        Example("go", 'package h\n\nimport "net/http"\n\nfunc Login(w http.ResponseWriter, r *http.Request) {\n'
                      '\thttp.SetCookie(w, &http.Cookie{Name: "session", Value: "abc", Secure: true, HttpOnly: true})\n}\n'),
        Example("typescript", 'export function login(req, res) {\n'
                              '  res.cookie("session", "abc", { secure: true, httpOnly: true, sameSite: "lax" });\n'
                              '  res.end();\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if not mentions(ctx, WORDS.get(ctx.language, WORDS["js"])):
            return
        idx = file_index(ctx)
        if idx is None:
            return
        flow = Flow(idx)
        if idx.lang == "python":
            sites = self._python(idx)
        elif idx.lang == "go":
            sites = self._go(ctx, idx, flow)
        else:
            sites = self._js(idx, flow)
        for node, secure, httponly in sites:
            missing = [n for n, v in (("Secure", secure), ("HttpOnly", httponly)) if v is False]
            if not missing:
                continue
            line = node.start_point[0] + 1
            what = " and ".join(missing)
            why = {"Secure": "sent over plain HTTP", "HttpOnly": "readable by scripts"}
            yield self.finding(
                ctx.path, line, f"Cookie set without the {what} flag"
                f"{'s' if len(missing) > 1 else ''} ({'; '.join(why[m] for m in missing)})",
                column=node.start_point[1] + 1, snippet=ctx.line_text(line),
                severity="info" if ctx.is_test else None)

    # -- flags: True (set), False (off or missing), None (cannot tell) ------------------------
    @staticmethod
    def _flag(node, idx) -> bool | None:
        if node is None:
            return False
        t = idx.text(unwrap(node), 100).strip()
        if t in TRUE:
            return True
        if t in FALSE:
            return False
        return None

    def _python(self, idx):
        for call in idx.calls:
            if call.name not in ("set_cookie", "set_signed_cookie"):
                continue
            if _TEST_CLIENT.search(call.receiver or ""):
                continue  # a test client's cookie jar, not a response
            kw, args = call.kwargs, call.args
            if any(k.startswith("**") for k in kw) or any(a.type == "dictionary_splat" for a in args):
                continue
            positional = call.name == "set_cookie"
            max_age = kw.get("max_age", args[2] if positional and len(args) > 2 else None)
            expires = kw.get("expires", args[3] if positional and len(args) > 3 else None)
            if _deleting(max_age, expires, idx):
                continue
            secure = kw.get("secure", args[6] if positional and len(args) > 6 else None)
            httponly = kw.get("httponly", args[7] if positional and len(args) > 7 else None)
            yield call.node, self._flag(secure, idx), self._flag(httponly, idx)

    def _go(self, ctx, idx, flow):
        for call in idx.calls:  # gin: c.SetCookie(name, value, maxAge, path, domain, secure, httpOnly)
            if call.name == "SetCookie" and len(call.args) == 7:
                a = call.args
                if _deleting(a[2], None, idx):
                    continue
                yield call.node, self._flag(a[5], idx), self._flag(a[6], idx)
        for lit in nodes_of_type(ctx, ("composite_literal",)):
            ty = lit.child_by_field_name("type")
            tytext = idx.text(ty, 60) if ty is not None else ""
            if not re.match(r"^(http|fiber)\.Cookie$", tytext):
                continue
            if _client_cookie(lit, idx):
                continue
            fields = pairs(lit, idx)
            func = idx.func_of(lit)
            var = bound_target(lit.parent if lit.parent is not None and lit.parent.type ==
                               "unary_expression" else lit, idx)
            later = _field_stores(idx, func, var) if var else {}

            def field(*names):
                for n in names:
                    if n in fields:
                        return fields[n]
                for n in names:
                    if n in later:
                        return later[n]
                return None

            max_age, expires = field("MaxAge"), field("Expires")
            if _deleting(max_age, expires, idx):
                continue
            yield lit, self._flag(field("Secure"), idx), self._flag(field("HttpOnly", "HTTPOnly"), idx)

    def _js(self, idx, flow):
        for call in idx.calls:
            recv = call.receiver or ""
            if call.name == "cookie" and re.match(r"^(res|response)(\.status\([^)]*\))?$", recv):
                opts_at = 2
            elif call.name == "setCookie" and recv in ("reply", "res"):
                opts_at = 2
            elif call.name == "set" and re.search(r"(^|\.)cookies(\(\))?$", recv):
                opts_at = 2
            else:
                continue
            args = call.args
            if len(args) == 1 and unwrap(args[0]).type == "object":  # cookies().set({name, value, ...})
                opts = unwrap(args[0])
            elif len(args) > opts_at:
                opts = unwrap(args[opts_at])
            elif len(args) == opts_at:
                opts = None
            else:
                continue
            if opts is not None and opts.type == "identifier":
                assigns = flow.assignments(idx.text(opts), call.func)
                values = [unwrap(v) for v, _, _ in assigns if v is not None]
                if len(values) != 1 or values[0].type != "object":
                    continue  # built elsewhere: cannot tell
                opts = values[0]
            if opts is not None and opts.type != "object":
                continue
            if opts is not None and any(c.type == "spread_element" for c in opts.named_children):
                continue  # `{...defaults}` may carry the flags
            kv = pairs(opts, idx) if opts is not None else {}
            if _deleting(kv.get("maxAge"), kv.get("expires"), idx):
                continue
            yield call.node, self._flag(kv.get("secure"), idx), self._flag(kv.get("httpOnly"), idx)


def _deleting(max_age, expires, idx) -> bool:
    """A cookie set to expire at once: the idiom for deleting it."""
    if max_age is not None:
        t = idx.text(unwrap(max_age), 60).strip()
        if t in ("0", "-1") or t.startswith("-"):
            return True
    if expires is not None:
        t = idx.text(unwrap(expires), 100).strip()
        lit = literal(unwrap(expires), idx.data)
        if _PAST.search(t) or (lit is not None and "1970" in lit):
            return True
    return False


def _client_cookie(lit, idx) -> bool:
    """A cookie an HTTP client sends (`req.AddCookie(&http.Cookie{...})`), not one it sets."""
    p = lit.parent
    for _ in range(4):
        if p is None:
            return False
        if p.type == "call_expression":
            fn = p.child_by_field_name("function")
            return fn is not None and idx.text(fn, 100).endswith("AddCookie")
        p = p.parent
    return False


def _field_stores(idx, func: int, var: str) -> dict:
    """Field -> value node of the `var.Field = value` assignments in function `func` (Go)."""
    out = {}
    for node, f in assignment_nodes(idx):
        if f != func or node.type != "assignment_statement":
            continue
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or len(left.named_children) != 1 or \
                len(right.named_children) != 1:
            continue
        target = left.named_children[0]
        if target.type == "selector_expression":
            obj, fld = target.child_by_field_name("operand"), target.child_by_field_name("field")
            if obj is not None and fld is not None and idx.text(obj) == var:
                out[idx.text(fld)] = right.named_children[0]
    return out
