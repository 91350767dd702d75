r"""A response header whose name or value comes from the request.

What it finds:
Response headers set from a request value, followed through local variables, without CR/LF
removal: Flask/Werkzeug and Starlette `resp.headers[k] = v`, `resp.headers.add/set/setdefault(k,
v)`, Django `response[k] = v`, `http.server` `self.send_header(k, v)` (Python); `w.Header().Set/Add
(k, v)`, `w.Header()[k] = ...`, Gin `c.Header(k, v)`, Echo `c.Response().Header().Set`, Fiber
`c.Set/Append(k, v)` (Go); Express/Koa/Fastify/Hono `res.setHeader/set/header/append(k, v)`,
`reply.header`, `c.header`, `headers.set(k, v)` (Node). How bad it is depends on what the server
library does with CR/LF, so the severity follows the sink:
- medium: the header *name* comes from the request (the client chooses which header the
  response carries: `Set-Cookie`, `Content-Type`, CORS headers; Werkzeug rejects newlines in
  values but not in names, so a Flask name also splits the response), and any header written by
  `http.server`'s `send_header`, which writes name and value as given;
- low: only the value comes from the request and the library neutralises CR/LF itself (Werkzeug
  raises `ValueError` for a newline in a value since 0.8, Django raises `BadHeaderError`, h11 and
  uvicorn refuse them; Go's net/http writes CR/LF as spaces and drops invalid names, fasthttp's
  `Set` removes them; Node throws `ERR_INVALID_CHAR` / `ERR_INVALID_HTTP_TOKEN`). The response is
  not split there: what is left is an error response (a crash path) and a header whose content the
  client chooses.
A `Location` header is left to open-redirect and the `Access-Control-Allow-*` headers to cors
(an Origin copied back is a reflected origin); a value that a function of the tree returns from
request data (a token made by `this.login(req)`) is not the request's text; a value passed
through CR/LF removal (`replace`
of `\r`/`\n`, URL quoting, `secure_filename`), converted to a number, or encoded into text that
has no CR/LF (a signed JWT of `jwt.encode` / `jsonwebtoken.sign` / `SignedString`, hex or base64)
is not a finding.

Why it matters:
A CR/LF in a header lets the client end the header line and add its own headers or a whole body
(response splitting, cache poisoning, session fixation through `Set-Cookie`, XSS); a header name
from the request sets any header at all (CWE-113).

Example:
    resp.headers[request.args["h"]] = request.args["v"]

Fix:
Use fixed header names; strip or reject CR and LF in values (`value.replace("\r", "").replace(
"\n", "")`) or encode them (`urllib.parse.quote`, RFC 5987 `filename*=` for
`Content-Disposition`); keep the framework's own header validation (do not write raw headers).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import (SanitizedFlow, file_index, import_map, literal, sink_finding,
                                     subscript_stores, unwrap)
from auditor.model import Finding

PY_HEADER_METHODS = {"add", "set", "setdefault", "add_header", "__setitem__"}
JS_RECV = re.compile(r"^(res|resp|response|reply|ctx|context|c|ctx\.response|\w+\.headers|headers)$")
JS_METHODS = {"setHeader", "set", "header", "append", "appendHeader"}
NOT_HEADERS = re.compile(r"^(request|req|self\.request|r|session|self\.session|client|"
                         r"self\.client|requests)\.")
DJANGO_RESPONSE = re.compile(r"(?i)^(\w*_)?(resp|response)$")
CRLF_SAFE = re.compile(r"(?i)(^|\.)(quote|quote_plus|urlencode|encodeURIComponent|encodeURI|"
                       r"escape|secure_filename|b64encode|urlsafe_b64encode|strip_?newlines|"
                       r"remove_?newlines|sanitize_?header\w*|clean_?header\w*|stripNewlines|"
                       r"removeNewlines|sanitizeHeader\w*|contentDisposition|content_disposition\w*)$|"
                       # a signed token (JWS compact form: base64url segments joined by dots) and
                       # hex/base64 text of Go and Python hold no CR/LF, whatever was signed
                       r"(^|\.)(jwt|jws|jsonwebtoken)\.(encode|sign)$|"
                       r"(^|\.)(SignedString|EncodeToString|hexdigest|b32encode|b16encode)$")
WORDS = (b"eader", b"headers", b"[")


class HeaderInjection(Rule):
    __doc__ = __doc__
    id = "header-injection"
    name = "HttpHeaderInjection"
    category = "header-injection"
    cwe = ("CWE-113",)
    severity = "low"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("python", 'from flask import Flask, make_response, request\n\napp = Flask(__name__)\n\n\n'
                          '@app.route("/h")\ndef h():\n    resp = make_response("ok")\n'
                          '    resp.headers[request.args["name"]] = "1"\n    return resp\n'),
        Example("go", 'package h\n\nimport "net/http"\n\n'
                      'func H(w http.ResponseWriter, r *http.Request) {\n'
                      '\tw.Header().Set("X-Lang", r.URL.Query().Get("lang"))\n}\n'),
        Example("javascript", 'function h(req, res) {\n  res.setHeader("X-Lang", req.query.lang);\n  res.end();\n}\n'),
    ]
    negative = [
        Example("python", 'from flask import Flask, make_response, request\n\napp = Flask(__name__)\n\n\n'
                          '@app.route("/h")\ndef h():\n    resp = make_response("ok")\n'
                          '    lang = request.args["lang"].replace("\\r", "").replace("\\n", "")\n'
                          '    resp.headers["X-Lang"] = lang\n    return resp\n'),
        Example("go", 'package h\n\nimport "net/http"\n\n'
                      'func H(w http.ResponseWriter, r *http.Request) {\n'
                      '\tw.Header().Set("X-Frame-Options", "DENY")\n}\n'),
        Example("javascript", 'function h(req, res) {\n  res.setHeader("Location", req.query.next);\n  res.end();\n}\n'),
        Example("python", 'from django.http import HttpResponse\n\n\ndef run(request):\n'
                          '    response = HttpResponse()\n'
                          '    response["Access-Control-Allow-Origin"] = request.headers.get("Origin")\n'
                          '    return response\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if ctx.language == "config" or not any(w in ctx.data for w in WORDS):
            return
        idx = file_index(ctx)
        if idx is None:
            return
        imports = import_map(ctx)
        mods = set(imports.values())
        werkzeug = any(m.split(".")[0] in ("flask", "werkzeug", "quart") for m in mods)
        fiber = any("gofiber/fiber" in m for m in mods)
        flow = SanitizedFlow(idx, _sanitizer)
        sinks = []
        for call in idx.calls:
            got = self._call_sink(call, idx, fiber)
            if got is not None:
                sinks.append((call, got[0], got[1], got[2]))
        if b"[" in ctx.data:
            for st in subscript_stores(ctx):
                kind = self._store_kind(st, idx)
                if kind:
                    sinks.append((st, st.key, [st.value], kind))
        for site, key, values, kind in sinks:
            hname = (literal(unwrap(key), idx.data) or "").lower() if key is not None else ""
            if hname == "location" or hname.startswith("access-control-allow-"):
                # (a Location is open-redirect's; a CORS header copying the request's Origin
                # back is the cors rule's reflected origin, a policy and not a split response)
                continue
            name_culprits = flow.request_culprits(key, site.func) if key is not None else []
            value_culprits = [c for v in values if v is not None
                              for c in flow.request_culprits(v, site.func)]
            if not name_culprits and not value_culprits:
                continue
            if not name_culprits and not any(
                    flow.strict_twin().request_culprits(v, site.func) for v in values
                    if v is not None):
                # the value is what a function of the tree made from the request (`const {
                # token } = await this.login(req)`), not the request's text: nothing says CR/LF
                # survive, and the library refuses them anyway (a value-only sink is low)
                continue
            severity, why = _judge(ctx.language, kind, bool(name_culprits), werkzeug)
            culprits = name_culprits + value_culprits
            names = ", ".join(dict.fromkeys(n for n, _ in culprits))[:120]
            part = "name" if name_culprits else "value"
            f = sink_finding(self, ctx, site, culprits, f"Response header {part} from the request "
                             f"({names}) in {site.callee}: {why}")
            if not ctx.is_test:
                f = dataclasses.replace(f, severity=severity)
            yield f

    @staticmethod
    def _call_sink(call, idx, fiber):
        """(name node, [value nodes], kind) of a call that sets a response header, or None."""
        name, recv, a = call.name, call.receiver or "", None
        if idx.lang == "python":
            if name in PY_HEADER_METHODS and (recv == "headers" or recv.endswith(".headers")) \
                    and not NOT_HEADERS.match(recv):
                a = call.args
                return (a[0], a[1:2], "werkzeug") if len(a) >= 2 else None
            if name == "send_header" and recv == "self":
                a = call.args
                return (a[0], a[1:2], "raw") if len(a) >= 2 else None
            return None
        if idx.lang == "go":
            if name in ("Set", "Add") and recv.endswith("Header()"):
                a = call.args
                return (a[0], a[1:2], "go") if len(a) >= 2 else None
            if name == "Header" and recv in ("c", "ctx") and len(call.args) == 2:
                return call.args[0], call.args[1:], "go"  # gin
            if fiber and name in ("Set", "Append") and recv in ("c", "ctx") and len(call.args) >= 2:
                return call.args[0], call.args[1:], "go"
            return None
        if name in JS_METHODS and JS_RECV.match(recv) and len(call.args) >= 2:
            if name == "set" and recv in ("c", "context"):
                return None  # Hono's c.set stores a context variable
            if name in ("set", "append") and not recv.endswith("headers") and \
                    recv not in ("res", "resp", "response", "reply", "ctx", "ctx.response"):
                return None
            return call.args[0], call.args[1:2], "node"
        return None

    @staticmethod
    def _store_kind(st, idx) -> str:
        obj = st.callee
        if idx.lang == "python":
            if (obj == "headers" or obj.endswith(".headers")) and not NOT_HEADERS.match(obj):
                return "werkzeug"
            if DJANGO_RESPONSE.match(obj):
                return "django"
            return ""
        if idx.lang == "go":
            return "go" if obj.endswith("Header()") else ""
        return ""


def _judge(language: str, kind: str, name_tainted: bool, werkzeug: bool) -> tuple[str, str]:
    """(severity, reason) from what the sink's library does with CR/LF."""
    if kind == "raw":
        return "medium", "http.server writes header lines as given, so CR/LF splits the response"
    if name_tainted:
        if kind == "werkzeug" and werkzeug:
            return "medium", ("the client chooses the header, and Werkzeug checks values, not "
                              "names, for newlines")
        return "medium", "the client chooses which header the response carries"
    if kind == "werkzeug":
        return "low", ("Werkzeug/Starlette servers reject CR/LF in values (an error response), "
                       "strip them to keep the header")
    if kind == "django":
        return "low", "Django raises BadHeaderError on CR/LF (an error response)"
    if kind == "go":
        return "low", "net/http and fasthttp neutralise CR/LF; the client still chooses the content"
    return "low", "Node throws ERR_INVALID_CHAR on CR/LF (an error response)"


def _sanitizer(call, idx) -> bool:
    """CR/LF removal or an encoding that has no CR/LF in its output."""
    if CRLF_SAFE.search(call.callee):
        return True
    a = call.args
    if call.name in ("replace", "replaceAll", "ReplaceAll", "Replace", "sub", "strip"):
        if call.name == "strip" and not a:
            return False
        pos = 1 if idx.lang == "go" and call.receiver == "strings" else 0
        if call.name == "sub":
            pos = 0
        if len(a) > pos:
            pat = unwrap(a[pos])
            if pat is None:
                return False
            text = idx.text(pat, 200)
            return "\\r" in text or "\\n" in text
    if call.name in ("splitlines", "Fields"):
        return True
    return False
