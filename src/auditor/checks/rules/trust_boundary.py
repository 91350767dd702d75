"""Request data stored into the server-side session without validation.

What it finds:
A value from the HTTP request (query, form, body, headers, cookies, route parameters),
followed through local variables, written into the session store, where later requests
read it back as if the server had put it there: Flask `session[k] = v` / `session.update(...)`
/ `session.setdefault(k, v)`, Django and Starlette `request.session[k] = v`, Go gorilla/sessions
`session.Values[k] = v`, gin-contrib/sessions and Fiber `sess.Set(k, v)`, scs
`sessionManager.Put(ctx, k, v)`, Express/Koa `req.session.x = v` / `req.session[k] = v`.
Not findings: a value checked against a fixed set first (`if role in ALLOWED_ROLES`,
`switch`, `.includes(x)`), a value the server computed or looked up (a user id from the
database after a login check: the lookup is a barrier). A Python session entry whose key
comes from the request is a finding even when the value is constant: the client chooses
which entry the server sets (`session[request.form["slot"]] = "1"` can set `is_admin`).

Why it matters:
Code reading the session trusts it: it was written by the server. Mixing unvalidated input
into it blurs that trust boundary (CWE-501), so a later check (`session["role"] == "admin"`,
`session["user_id"]`) can be satisfied by whatever the client sent. Severity is low: the
write is a design flaw that becomes exploitable only where another part of the application
trusts the stored value; the finding marks where to validate, not a proven exploit.

Example:
    session["role"] = request.form["role"]

Fix:
Store only values the server has validated or derived (an id from an authenticated lookup,
a role from the database, an allowlisted choice); keep raw client input out of the session
or under keys no authorization decision reads.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import (BarrierFlow, Site, assignment_nodes, file_index, import_map,
                                     mentions, sink_finding, unwrap)
from auditor.model import Finding
from auditor.taint.propagate import AcrossFunctions
from auditor.taint.summary import note_sink

# a lookup, authentication or validation on the way: the stored value is the server's answer
BARRIERS = re.compile(
    r"(^|\.)(query|find\w*|get_object_or_404|filter\w*|first|one|one_or_none|scalars?|"
    r"fetch\w*|execute|exec|load\w*|lookup\w*|get_user\w*|getUser\w*|GetUser\w*|count|exists|"
    r"authenticate|Authenticate|login|Login|check_password|verify\w*|Verify\w*|"
    r"compare\w*|Compare\w*|validate\w*|Validate\w*|is_valid|isValid\w*|hash\w*|Hash\w*|"
    r"hexdigest|digest|Sum\d+|len|uuid\w*|NewString|randomUUID|token_\w+|generate\w*|"
    r"Generate\w*|sign|Sign\w*|encrypt\w*|Encrypt\w*)$|\.query\.get$|objects\.get$")
WORDS = {"python": (b"session",), "go": (b"Values", b"Set", b"Put"), "js": (b"session",)}
_PY_SESSION = re.compile(r"^(session|flask\.session|(self\.)?request\.session|"
                         r"request\.session)$")
_JS_SESSION = re.compile(r"^(req|request|ctx)\.session$")



class TrustBoundary(AcrossFunctions, Rule):
    __doc__ = __doc__
    id = "trust-boundary"
    name = "TrustBoundaryViolation"
    category = "trust-boundary"
    cwe = ("CWE-501",)
    severity = "low"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("python", 'from flask import Flask, request, session\napp = Flask(__name__)\n\n'
                          '@app.route("/prefs", methods=["POST"])\ndef prefs():\n'
                          '    session["role"] = request.form["role"]\n    return "ok"\n'),
        Example("go", 'package h\n\nimport "net/http"\n\nfunc H(w http.ResponseWriter, r *http.Request) {\n'
                      '\tsession, _ := store.Get(r, "app")\n'
                      '\tsession.Values["user"] = r.FormValue("user")\n'
                      '\tsession.Save(r, w)\n}\n'),
        Example("typescript", 'export function h(req, res) {\n'
                              '  req.session.role = req.body.role;\n  res.end();\n}\n'),
    ]
    negative = [
        Example("python", 'from flask import Flask, request, session\napp = Flask(__name__)\n'
                          'ALLOWED = {"light", "dark"}\n\n'
                          '@app.route("/prefs", methods=["POST"])\ndef prefs():\n'
                          '    theme = request.form["theme"]\n'
                          '    if theme not in ALLOWED:\n        return "bad", 400\n'
                          '    session["theme"] = theme\n    return "ok"\n'),
        Example("go", 'package h\n\nimport "net/http"\n\nfunc H(w http.ResponseWriter, r *http.Request) {\n'
                      '\tsession, _ := store.Get(r, "app")\n'
                      '\tuser, err := users.Authenticate(r.FormValue("user"), r.FormValue("password"))\n'
                      '\tif err != nil {\n\t\treturn\n\t}\n'
                      '\tsession.Values["user_id"] = user.ID\n'
                      '\tsession.Save(r, w)\n}\n'),
        Example("typescript", 'export async function h(req, res) {\n'
                              '  const user = await User.findOne({ email: req.body.email });\n'
                              '  req.session.userId = user.id;\n  res.end();\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if not mentions(ctx, WORDS.get(ctx.language, WORDS["js"])):
            return
        idx = file_index(ctx)
        if idx is None:
            return
        flow = BarrierFlow(idx, barriers=BARRIERS)
        seen = set()
        flask = ctx.language == "python" and \
            import_map(ctx).get("session", "").startswith(("flask", "quart"))
        for site, value, func in self._stores(idx, flask):
            if value is None or site.line in seen:
                continue
            culprits = flow.request_culprits(value, func)
            if not culprits:
                note_sink(ctx, idx, flow, self, func, site.node, site.callee, value)
                continue
            seen.add(site.line)
            names = ", ".join(dict.fromkeys(n for n, _ in culprits))[:120]
            yield sink_finding(self, ctx, site, culprits, f"Request data ({names}) stored in the "
                               f"session ({site.callee}) without validation")

    def _stores(self, idx, flask: bool):
        """(site, stored value, function) of every write into a session."""
        lang = idx.lang
        for node, func in assignment_nodes(idx):
            if node.type not in ("assignment", "assignment_statement", "assignment_expression"):
                continue
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is None or right is None:
                continue
            if lang == "go":
                if len(left.named_children) != 1 or len(right.named_children) != 1:
                    continue
                left, right = left.named_children[0], right.named_children[0]
                if left.type == "index_expression":
                    obj = left.named_children[0] if left.named_children else None
                    if obj is not None and obj.type == "selector_expression" and \
                            idx.text(obj, 100).endswith(".Values"):
                        yield Site(node, idx.text(obj, 100)), right, func
                continue
            if left.type in ("subscript", "subscript_expression", "attribute", "member_expression"):
                obj = left.named_children[0] if left.named_children else None
                if obj is None:
                    continue
                otext = idx.text(obj, 100)
                if lang == "python":
                    if left.type != "subscript":
                        continue
                    if _PY_SESSION.match(otext) and (otext != "session" or flask):
                        yield Site(node, otext), right, func
                        key = left.child_by_field_name("subscript")
                        if key is not None:  # a session entry named by the request
                            yield Site(node, otext), key, func
                elif _JS_SESSION.match(otext):
                    yield Site(node, otext), right, func
        for call in idx.calls:
            name, recv, args = call.name, call.receiver or "", None
            if lang == "python":
                if name in ("update", "setdefault") and (
                        _PY_SESSION.match(recv) and (recv != "session" or flask)):
                    args = call.args
                    if name == "update":
                        for a in list(args) + list(call.kwargs.values()):
                            yield call, a, call.func
                    elif len(args) >= 2:
                        yield call, args[1], call.func
            elif lang == "go":
                if name == "Set" and re.search(r"(?i)sess", recv) and len(call.args) == 2:
                    yield call, call.args[1], call.func
                elif name == "Put" and re.search(r"(?i)sess", recv) and len(call.args) == 3:
                    yield call, call.args[2], call.func
            elif name == "assign" and recv == "Object" and call.args and \
                    _JS_SESSION.match(idx.text(unwrap(call.args[0]), 60)):
                for a in call.args[1:]:
                    yield call, a, call.func
