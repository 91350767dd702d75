r"""An LDAP search filter or base DN built from request data without escaping.

What it finds:
LDAP searches whose filter or base DN contains a value from the HTTP request (query, form,
body, headers, cookies, route parameters), followed through local variables: python-ldap
`conn.search/search_s/search_st/search_ext/search_ext_s(base, scope, filterstr)` (the filter is
the third positional argument or `filterstr=`), ldap3 `conn.search(search_base, search_filter)`
(second positional or `search_filter=`); go-ldap `ldap.NewSearchRequest(baseDN, scope, deref,
sizeLimit, timeLimit, typesOnly, filter, attributes, controls)` (first and seventh argument);
ldapjs and ldapts `client.search(base, {filter: ...})`,
also through an options variable. A value passed through an escaper is not a finding:
`ldap.filter.escape_filter_chars`, `ldap.filter.filter_format`, `ldap.dn.escape_dn_chars`,
ldap3 `escape_filter_chars` / `escape_rdn`, Go `ldap.EscapeFilter` / `ldap.EscapeDN`, JS
`ldap-escape` (`ldapEscape.filter\`...\``, `.dn`) and `escapeFilter`/`escapeDN` helpers; nor is a
filter built only from constants, nor an ldapjs filter object (`new EqualityFilter({...})`),
which is never parsed.

Why it matters:
The filter syntax gives meaning to `*`, `(`, `)`, `&`, `|` and `\`: a user name of `*` or
`admin)(|(uid=*` widens the search to every entry, skips a password or group condition, or
enumerates attributes one character at a time (CWE-90).

Example:
    conn.search("ou=users,dc=example,dc=com", f"(&(objectClass=person)(uid={request.args['u']}))")

Fix:
Escape every value put in a filter (`escape_filter_chars`, `ldap.EscapeFilter`, `ldap-escape`)
or in a DN (`escape_dn_chars`, `ldap.EscapeDN`), or build the filter with `filter_format` /
filter objects; validate user names against a strict pattern first.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import (import_map, pairs, resolve_imported, sanitized_tainted_calls,
                                     sink_finding, unwrap)
from auditor.model import Finding
from auditor.taint.propagate import AcrossFunctions

PY_LDAP = {"search_s", "search_st", "search_ext_s", "search_ext", "search"}  # python-ldap
NOT_LDAP = re.compile(r"^(re|regex|self|cls|os\.path|\w*pattern|\w*regex\w*|\w*_re|\w*RE)$")
SANITIZER = re.compile(r"(^|\.)(escape_filter_chars|escape_dn_chars|escape_rdn|filter_format|"
                       r"escape_filter|escapeFilter|escapeLDAPFilter|escapeLdapFilter|escapeDN|"
                       r"escapeDn|EscapeFilter|EscapeDN|EscapeFilterChars|ldap_escape|ldapEscape)$")
WORDS = {"python": (b"ldap",), "go": (b"SearchRequest",), "js": (b"ldap",)}


def _is_ldap_module(mod: str) -> bool:
    return bool(re.search(r"(^|[./])(ldap3?|ldapjs|ldap-escape|ldapts|go-ldap|ldap\.v\d|"
                          r"ldap/v\d|python-ldap)($|[./])", mod))


class LdapInjection(AcrossFunctions, Rule):
    __doc__ = __doc__
    id = "ldap-injection"
    name = "LdapInjection"
    category = "ldap-injection"
    cwe = ("CWE-90",)
    severity = "high"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("python", 'import ldap3\nfrom flask import request\n\n\ndef find():\n'
                          '    conn = ldap3.Connection("ldap://x")\n'
                          '    conn.search("ou=users,dc=x", "(uid=" + request.args["u"] + ")")\n'),
        Example("go", 'package h\n\nimport (\n\t"net/http"\n\n\t"github.com/go-ldap/ldap/v3"\n)\n\n'
                      'func H(w http.ResponseWriter, r *http.Request) {\n'
                      '\tf := "(uid=" + r.FormValue("user") + ")"\n'
                      '\t_ = ldap.NewSearchRequest("dc=x", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, f, nil, nil)\n}\n'),
        Example("javascript", 'const ldap = require("ldapjs");\nconst client = ldap.createClient({ url: "ldap://x" });\n'
                              'function h(req, res) {\n'
                              '  client.search("ou=users,dc=x", { filter: `(uid=${req.query.user})`, scope: "sub" }, () => {});\n}\n'),
    ]
    negative = [
        Example("python", 'import ldap\nfrom ldap.filter import escape_filter_chars\nfrom flask import request\n\n\n'
                          'def find(conn):\n'
                          '    u = escape_filter_chars(request.args["u"])\n'
                          '    return conn.search_s("ou=users,dc=x", ldap.SCOPE_SUBTREE, "(uid=%s)" % u)\n'),
        Example("go", 'package h\n\nimport (\n\t"net/http"\n\n\t"github.com/go-ldap/ldap/v3"\n)\n\n'
                      'func H(w http.ResponseWriter, r *http.Request) {\n'
                      '\tf := "(uid=" + ldap.EscapeFilter(r.FormValue("user")) + ")"\n'
                      '\t_ = ldap.NewSearchRequest("dc=x", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, f, nil, nil)\n}\n'),
        Example("javascript", 'const ldap = require("ldapjs");\nconst client = ldap.createClient({ url: "ldap://x" });\n'
                              'function h(req, res) {\n'
                              '  client.search("ou=users,dc=x", { filter: "(objectClass=person)", scope: "sub" }, () => {});\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if ctx.language == "config":
            return
        lang = "python" if ctx.language == "python" else "go" if ctx.language == "go" else "js"
        if not any(w in ctx.data for w in WORDS[lang]):
            return
        imports = import_map(ctx)
        if lang != "go" and not any(_is_ldap_module(m) for m in imports.values()):
            return
        select = lambda call, idx: (self._target(call, idx), True)  # noqa: E731
        seen: set = set()
        sanitizer = lambda call, idx: _sanitizer(call, idx, imports)  # noqa: E731
        for call, culprits, names in sanitized_tainted_calls(ctx, select, sanitizer, rule=self):
            key = call.node.start_byte
            if key in seen:
                continue
            seen.add(key)
            yield sink_finding(self, ctx, call, culprits, f"LDAP search filter or base DN built "
                               f"from the request ({names}) without escaping ({call.callee})")

    @staticmethod
    def _target(call, idx):
        """The base DN and filter arguments of an LDAP search (None: not a search)."""
        name, recv = call.name, call.receiver or ""
        if idx.lang == "python":
            if name not in PY_LDAP or NOT_LDAP.match(recv) or not recv:
                return None
            a, kw = call.args, call.kwargs
            if "search_filter" in kw or "search_base" in kw:  # ldap3
                return _both(kw.get("search_base", a[0] if a else None),
                             kw.get("search_filter", a[1] if len(a) > 1 else None))
            scope = kw.get("scope", a[1] if len(a) > 1 else None)
            if name != "search" and name != "search_ext" or scope is not None and \
                    ("SCOPE" in idx.text(scope, 200) or scope.type == "integer"):  # python-ldap
                return _both(kw.get("base", a[0] if a else None),
                             kw.get("filterstr", a[2] if len(a) > 2 else None))
            return _both(a[0] if a else None, a[1] if len(a) > 1 else None)  # ldap3 positional
        if idx.lang == "go":
            if name == "NewSearchRequest" and len(call.args) >= 7:
                return _both(call.args[0], call.args[6])
            return None
        if name == "search" and len(call.args) >= 2:
            opts = unwrap(call.args[1])
            filt = None
            if opts is not None and opts.type == "object":
                filt = pairs(opts, idx).get("filter")
                if filt is not None and unwrap(filt).type == "new_expression":
                    filt = None  # an ldapjs filter object (EqualityFilter, ...) is never parsed
            elif opts is not None and opts.type == "identifier":
                filt = _option(idx, call, idx.text(opts))
            elif opts is not None and opts.type in ("string", "template_string"):
                filt = opts  # ldapts accepts a filter string in place of the options
            return _both(call.args[0], filt)
        return None


def _both(a, b):
    return [n for n in (a, b) if n is not None] or None


def _option(idx, call, name: str):
    """The `filter` of an options object held in local variable `name`."""
    table = idx.assigns_in(call.func).get(name) or []
    for value, _op, _line in table:
        v = unwrap(value)
        if v is not None and v.type == "object":
            got = pairs(v, idx).get("filter")
            if got is not None:
                return None if unwrap(got).type == "new_expression" else got
    return None


def _sanitizer(call, idx, imports) -> bool:
    if SANITIZER.search(call.callee) or SANITIZER.search(resolve_imported(call.callee, imports)):
        return True
    # ldap-escape: `ldapEscape.filter\`(uid=${u})\``, `ldapEscape.dn\`cn=${n}\``
    if call.name in ("filter", "dn") and idx.lang not in ("python", "go"):
        recv = call.receiver or ""
        return bool(re.search(r"(?i)ldap_?escape", recv))
    return False
