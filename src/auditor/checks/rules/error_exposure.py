"""Internal error text or a stack trace sent to the client in an HTTP response.

What it finds:
Response calls (Fiber/Gin/Echo `c.JSON`/`c.Status(..).JSON`/`c.SendString`, `fiber.NewError`,
`echo.NewHTTPError`, `http.Error`; FastAPI/Starlette `HTTPException(detail=...)`,
`JSONResponse`, dicts returned by route functions; Express `res.json`/`res.send`,
`NextResponse.json`) whose body carries a raw error: `err.Error()`, `%v` of an error, `str(e)`,
f-strings of an exception, `err.message`; or a stack trace (`traceback.format_exc()`,
`debug.Stack()`, `err.stack`). Severity: stack traces medium; raw error messages on 5xx (or an
unknown status) low; messages on 4xx responses are not reported, since validation errors are
meant for the caller.

Why it matters:
Internal errors carry driver messages, SQL fragments, file paths, hostnames and library
versions that help an attacker map the system (CWE-209); a stack trace shows the code itself.
It is an information leak, not a compromise by itself, hence the low default severity.

Example:
    return c.Status(500).JSON(fiber.Map{"error": err.Error()})

Fix:
Log the error with a request id and return a generic message with that id; map expected
domain errors to fixed, user-facing texts.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import file_index, unwrap
from auditor.index.walk import walk
from auditor.model import Finding

GO_SINKS = {"JSON", "SendString", "String", "AbortWithStatusJSON", "AbortWithError", "Send",
            "XML", "HTML", "IndentedJSON", "PureJSON", "NewError", "NewHTTPError", "Error"}
PY_SINKS = {"HTTPException", "JSONResponse", "PlainTextResponse", "HTMLResponse", "Response",
            "jsonify", "make_response", "abort"}
TS_SINKS = {"json", "send", "end", "write"}
STACK = re.compile(r"traceback\.format_exc|traceback\.format_exception|print_exc|debug\.Stack|"
                   r"runtime\.Stack|\.stack\b|exc_info")
ERR_NAME = r"(err|e|ex|exc|error|exception|\w+Err|\w+_err|\w+Error)"
MESSAGE = re.compile(rf"\b{ERR_NAME}\.Error\(\)|\bstr\(\s*{ERR_NAME}\s*\)|\brepr\(\s*{ERR_NAME}\s*\)|"
                     rf"\{{\s*(str\()?{ERR_NAME}\)?\s*(!r|!s)?\}}|\$\{{\s*{ERR_NAME}(\.message)?\s*\}}|"
                     rf"\b{ERR_NAME}\.message\b|\bString\(\s*{ERR_NAME}\s*\)|\b{ERR_NAME}\.args\b")
FIVE = re.compile(r"\b5\d\d\b|InternalServerError|ServiceUnavailable|BadGateway|HTTP_5\d\d|"
                  r"INTERNAL_SERVER_ERROR|GatewayTimeout")
FOUR = re.compile(r"\b4\d\d\b|StatusBadRequest|StatusNotFound|StatusUnauthorized|StatusForbidden|"
                  r"StatusConflict|Unprocessable|HTTP_4\d\d|BAD_REQUEST|NOT_FOUND|UNAUTHORIZED|"
                  r"FORBIDDEN|CONFLICT|ErrBadRequest|TooManyRequests|StatusGone|PaymentRequired")
# What every match of STACK or MESSAGE contains (names widened to \w+, no word boundaries): a
# node's text is part of its body's text, so a body without a match holds no node that matches.
MAY_EXPOSE = re.compile(r"format_exc|print_exc|debug\.Stack|runtime\.Stack|\.stack|exc_info|"
                        r"\.Error\(\)|\.message|\.args|(str|repr|String)\(\s*\w+\s*\)|"
                        r"\{\s*(str\()?\w+\)?\s*(!r|!s)?\}|\$\{\s*\w+(\.message)?\s*\}|"
                        r"fmt\.Sprintf|fmt\.Errorf")
WEB_PY = re.compile(rb"^\s*(from|import)\s+(fastapi|starlette|flask|django|quart|sanic|werkzeug)\b",
                    re.M)  # http.client.HTTPException is an exception, not a response
ROUTE_DECORATOR = re.compile(r"\.(get|post|put|delete|patch|route|api_route|websocket)\(")


def _web_py(idx) -> bool:
    """A web framework is imported (once per file: every response call asks)."""
    web = getattr(idx, "web_py", None)
    if web is None:
        web = idx.web_py = bool(WEB_PY.search(idx.data))
    return web


class ErrorExposure(Rule):
    __doc__ = __doc__
    id = "error-exposure"
    name = "ErrorExposure"
    category = "error-exposure"
    cwe = ("CWE-209",)
    severity = "low"
    confidence = "high"
    precision = "high"
    positive = [
        Example("go", 'package h\n\nfunc H(c *fiber.Ctx) error {\n\t_, err := do()\n'
                      '\treturn c.Status(500).JSON(fiber.Map{"error": err.Error()})\n}\n'),
        Example("python", 'from fastapi import HTTPException\n\n\ndef f():\n    try:\n        g()\n'
                          '    except Exception as e:\n'
                          '        raise HTTPException(status_code=500, detail=str(e))\n'),
        Example("typescript", 'export function h(req, res) {\n  try { g(); } catch (err) {\n'
                              '    res.status(500).json({ error: err.message });\n  }\n}\n'),
    ]
    negative = [
        Example("go", 'package h\n\nfunc H(c *fiber.Ctx) error {\n\t_, err := do()\n\tlog.Println(err)\n'
                      '\treturn c.Status(500).JSON(fiber.Map{"error": "internal error"})\n}\n'),
        Example("python", 'from fastapi import HTTPException\n\n\ndef f():\n    try:\n        g()\n'
                          '    except ValueError as e:\n'
                          '        raise HTTPException(status_code=400, detail=str(e))\n'),
        Example("typescript", 'export function h(req, res) {\n  try { g(); } catch (err) {\n'
                              '    res.status(500).json({ error: "internal error" });\n  }\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if ctx.is_test:
            return
        idx = file_index(ctx)
        if idx is None:
            return
        for call in idx.calls:
            body = self._body(call, idx)
            if not body:
                continue
            yield from self._judge(ctx, idx, call.node, call.line, body,
                                   lambda call=call: self._status_text(call, idx))
        routes = idx.lang == "python" and any(ROUTE_DECORATOR.search(d) for ds in
                                              idx.decorated.values() for d in ds)
        if routes:
            for node, func in idx.returns:
                decos = idx.decorated.get(func, [])
                if not any(ROUTE_DECORATOR.search(d) for d in decos):
                    continue
                val = node.named_children[0] if node.named_children else None
                if val is None or unwrap(val).type != "dictionary":
                    continue
                yield from self._judge(ctx, idx, node, node.start_point[0] + 1, [val], str)

    def _body(self, call, idx) -> list:
        name, recv = call.name, call.receiver
        if idx.lang == "go":
            if name == "Error" and call.callee == "http.Error" and call.args:
                return call.args[1:2]
            if name in GO_SINKS and recv and (recv.startswith(("c", "ctx")) or "fiber" in recv or
                                              "echo" in recv or recv.endswith(")")):
                if name == "Error":
                    return []
                return call.args
            return []
        if idx.lang == "python":
            if name in PY_SINKS and _web_py(idx):
                return list(call.args) + list(call.kwargs.values())
            return []
        if name in TS_SINKS and re.match(r"^(res|response|reply|ctx)\b", recv or ""):
            return call.args
        if call.callee in ("NextResponse.json", "Response.json") or call.callee == "Response" or \
                (call.name == "Response" and "new" in idx.text(call.node, 4)):
            return call.args[:1]
        return []

    @staticmethod
    def _status_text(call, idx) -> str:
        text = idx.text(call.node.child_by_field_name("function") or call.node, 300)
        extra = " ".join(idx.text(a, 120) for a in call.args[:1]) + " " + \
            " ".join(f"{k}={idx.text(v, 80)}" for k, v in call.kwargs.items() if "status" in k)
        if len(call.args) > 1 and idx.lang not in ("go",):
            extra += " " + idx.text(call.args[1], 120)
        return text + " " + extra

    def _judge(self, ctx, idx, anchor, line, body, status) -> Iterable[Finding]:
        """A finding when `body` carries a stack trace or an error message; `status()` gives the
        response's status text, asked only for a message (a 4xx says nothing internal)."""
        stack, message, at = False, False, line
        for b in body:
            if not MAY_EXPOSE.search(idx.text(b)):
                continue  # nothing below can match: skip the walk
            for n in walk(b):
                if n.type not in ("call_expression", "call", "member_expression", "attribute",
                                  "selector_expression", "identifier", "interpolation",
                                  "template_substitution", "string", "template_string"):
                    continue
                t = idx.text(n, 300)
                if STACK.search(t):
                    stack, at = True, n.start_point[0] + 1
                    break
                if n.type in ("call_expression", "call", "member_expression", "attribute",
                              "interpolation", "template_substitution") and MESSAGE.search(t):
                    message, at = True, n.start_point[0] + 1
                if n.type in ("call_expression",) and re.match(r"fmt\.Sprintf|fmt\.Errorf", t) and \
                        re.search(rf"%[vsw][^,]*,.*\b{ERR_NAME}\s*\)", t):
                    message, at = True, n.start_point[0] + 1
            if stack:
                break
        if not (stack or message):
            return
        if not stack:
            status = status()  # the call's text, read only now that a message was found
            if FOUR.search(status) and not FIVE.search(status):
                return
        sev = "medium" if stack else "low"
        what = "a stack trace" if stack else "the raw error message"
        related = [(ctx.path, at)] if at != line else []
        yield self.finding(ctx.path, line, f"HTTP response carries {what} (CWE-209): internal "
                           f"details reach the client", column=anchor.start_point[1] + 1,
                           snippet=ctx.line_text(line), severity=sev, related=related)
