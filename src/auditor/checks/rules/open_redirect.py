"""A redirect whose target comes from the request.

What it finds:
Redirect calls (Go `http.Redirect`, Fiber/Gin/Echo `c.Redirect`, a `Location` header set by hand
in a handler that writes a 3xx status; FastAPI/Starlette
`RedirectResponse`, Flask/Django `redirect`; Express `res.redirect`, Next.js `redirect` /
`NextResponse.redirect`, `router.push`/`replace` and `window.location` assignments fed by
`searchParams`, the `url` a NestJS `@Redirect()` handler returns) whose target contains a
request value, followed through local variables,
in a function that never checks the target (`HasPrefix`, `startswith`, `startsWith`, URL host
comparison, an allowlist).

Why it matters:
A link on the real domain that bounces to an attacker's page makes phishing credible and can
leak OAuth codes and tokens in the redirect (CWE-601).

Example:
    return RedirectResponse(request.query_params["next"])

Fix:
Accept only relative paths (starting with a single `/`) or hosts from an allowlist; otherwise
redirect to a fixed page.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import leading_text, mentions, sink_finding, tainted_calls
from auditor.model import Finding
from auditor.taint.propagate import AcrossFunctions

# a Go handler writing a redirect status itself
_REDIRECT_STATUS = re.compile(r"WriteHeader\(\s*(?:30[12378]|http\.Status(?:MovedPermanently|"
                              r"Found|SeeOther|TemporaryRedirect|PermanentRedirect))\s*\)")
PY_SINKS = {"RedirectResponse", "redirect", "HttpResponseRedirect"}
NAMES = PY_SINKS | {"Redirect", "push", "replace"}  # every sink's last name
# Go sinks are named Redirect; a TS sink is `redirect` or a method of a `...router`
WORDS = {"go": (b"Redirect", b"Location"), "python": tuple(n.encode() for n in sorted(PY_SINKS)),
         "js": (b"redirect", b"router", b"@Redirect(")}
GUARD = (r"HasPrefix\(|startswith\(|startsWith\(|\.Host\b|\.hostname\b|\.netloc\b|"
         r"allow(ed)?_?(list|hosts|redirects?)|whitelist|isSafe\w*|is_safe_url|"
         r"url_has_allowed_host_and_scheme|validate\w*Redirect|isValidRedirect")


# a leading constant that fixes where the browser goes: a path on this site ("/login?next=", not
# "/" alone, after which "/evil.com" makes "//evil.com") or an absolute URL up to its path
_FIXED_ORIGIN = re.compile(r"^(/[^/\\]|[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\@]+[/?#])")
def fixed_origin(node, idx, func) -> bool:
    """Whether the redirect target starts with constant text that fixes the site it goes to."""
    text = leading_text(node, idx, func, _FIXED_ORIGIN)
    return text is not None and _FIXED_ORIGIN.match(text) is not None


class OpenRedirect(AcrossFunctions, Rule):
    __doc__ = __doc__
    id = "open-redirect"
    name = "OpenRedirect"
    category = "open-redirect"
    cwe = ("CWE-601",)
    severity = "medium"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("go", 'package h\n\nfunc H(c *fiber.Ctx) error {\n\treturn c.Redirect(c.Query("next"))\n}\n'),
        Example("typescript", 'export function h(req, res) {\n  res.redirect(req.query.next);\n}\n'),
    ]
    negative = [
        Example("go", 'package h\n\nfunc H(c *fiber.Ctx) error {\n\treturn c.Redirect("/dashboard")\n}\n'),
        Example("typescript", 'export function h(req, res) {\n  const n = req.query.next;\n'
                              '  if (!n.startsWith("/") || n.startsWith("//")) return res.redirect("/");\n'
                              '  res.redirect(n);\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if not mentions(ctx, WORDS.get(ctx.language, WORDS["js"])):
            return
        def select(call, idx):
            target = self._target(call, idx)
            if target is not None and fixed_origin(target, idx, call.func):
                return None  # "/login?next=" + url: the browser stays on this site
            return target, True

        for call, culprits, names in tainted_calls(ctx, select, guard=GUARD, rule=self):
            yield sink_finding(self, ctx, call, culprits, f"Redirect target from the request "
                               f"({names}) is not validated")
        if ctx.language != "python" and b"@Redirect(" in ctx.data:
            yield from self._nest_redirects(ctx)

    def _nest_redirects(self, ctx: FileContext) -> Iterable[Finding]:
        """NestJS: a handler decorated with `@Redirect()` redirects to the `url` of the object
        it returns (`return { url }`, which overrides the decorator's)."""
        from auditor.checks.treeutil import Flow, Site, file_index, guarded, pairs, unwrap

        idx = file_index(ctx)
        if idx is None:
            return
        flow = Flow(idx)
        for node, func in idx.returns:
            fn = idx.funcs.get(func)
            if fn is None or fn.type != "method_definition" or not node.named_children:
                continue
            decos, sib = [], fn.prev_named_sibling
            while sib is not None and sib.type == "decorator":
                decos.append(idx.text(sib, 100))
                sib = sib.prev_named_sibling
            value = unwrap(node.named_children[0])
            if not any(d.startswith("@Redirect(") for d in decos) or value is None or \
                    value.type != "object":
                continue
            url = next((c for c in value.named_children if c.type == "shorthand_property_identifier"
                        and idx.text(c) == "url"), None) or pairs(value, idx).get("url")
            if url is None or fixed_origin(url, idx, func) or guarded(idx, func, GUARD):
                continue
            culprits = flow.request_culprits(url, func)
            if culprits:
                names = ", ".join(dict.fromkeys(n for n, _ in culprits))[:120]
                yield sink_finding(self, ctx, Site(node, "@Redirect"), culprits,
                                   f"Redirect target from the request ({names}) is not validated")

    @staticmethod
    def _target(call, idx):
        if call.name not in NAMES and not (idx.lang == "go" and call.name in ("Set", "Add")):
            return None  # before reading the arguments, which most calls never need
        a = call.args
        if not a:
            return None
        if idx.lang == "go" and call.name in ("Set", "Add"):
            # `w.Header().Set("Location", url)` with a 3xx status written: a redirect by hand
            if len(a) == 2 and idx.text(a[0], 20).lower() == '"location"' and \
                    (call.receiver or "").endswith("Header()") and \
                    _REDIRECT_STATUS.search(idx.text(idx.funcs.get(call.func)) if
                                            idx.funcs.get(call.func) is not None else ""):
                return a[1]
            return None
        if idx.lang == "go":
            if call.callee == "http.Redirect" and len(a) >= 3:
                return a[2]
            if call.name == "Redirect" and re.match(r"^(c|ctx)$", call.receiver or ""):
                status_first = len(a) >= 2 and (a[0].type == "int_literal" or "Status" in idx.text(a[0]))
                return a[1] if status_first else a[0]
            return None
        if idx.lang == "python":
            if call.name in PY_SINKS:
                return call.kwargs.get("url", a[0])
            return None
        if call.name == "redirect" and (call.receiver in ("res", "response", "reply", "NextResponse", "")):
            return a[-1] if call.receiver in ("res", "response", "reply") else a[0]
        if call.name in ("push", "replace") and (call.receiver or "").endswith("router"):
            return a[0]
        return None
