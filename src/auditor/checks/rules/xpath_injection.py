"""An XPath expression built from request data.

What it finds:
XPath evaluations whose expression text contains a value from the HTTP request, followed through
local variables: lxml `tree.xpath(expr)`, `etree.XPath(expr)` / `ETXPath`, `elementpath.select(root,
expr)` / `iter_select` / `Selector(expr)`, and the limited XPath of ElementTree
`root.find/findall/findtext/iterfind(path)` (reported at medium: ElementPath has no `or`, `|` or
functions, so an injected path can only alter predicates) in files that import an XML library
(Python); antchfx `xmlquery`/`htmlquery`/`jsonquery.Find/FindOne/Query/QueryAll(doc, expr)`,
`xpath.Compile/MustCompile(expr)`, `xpath.Select(nav, expr)`, `xmlpath.Compile(expr)`, beevik/etree
`FindElement(s)(path)` (Go); npm `xpath.select/select1/evaluate/parse(expr)`, `useNamespaces(...)(
expr, doc)`, fontoxpath `evaluateXPath*(expr, ...)`, DOM `document.evaluate(expr, node, ...)`
(JavaScript/TypeScript). Not a finding: a constant expression with the value passed as an XPath
variable (`tree.xpath("//user[@name=$name]", name=value)`, `etree.XPath("//u[@id=$id]")(root,
id=value)`, fontoxpath's variables argument), a value whose quotes are replaced before it is
placed in a quoted literal (`value.replace("'", "&apos;")`), or one passed through an XPath
escaping helper (`escape_xpath`, `xpath_literal`, ...).

Why it matters:
A quote in the value closes the string literal: `' or '1'='1` turns a lookup of one user into a
match of every node, bypassing a login against an XML user store or disclosing the whole
document, one boolean answer at a time if need be (CWE-643).

Example:
    nodes = root.xpath(f"//user[@name='{request.args['name']}']")

Fix:
Keep the expression constant and pass values as XPath variables
(`root.xpath("//user[@name=$name]", name=value)`; fontoxpath variables); otherwise reject values
with quotes or allow only a strict pattern (such as `^[A-Za-z0-9_-]+$`).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.rejects import QUOTE
from auditor.checks.treeutil import (import_map, literal, resolve_imported,
                                     sanitized_tainted_calls, sink_finding, unwrap)
from auditor.model import Finding
from auditor.taint.propagate import AcrossFunctions

PY_ET_FIND = {"find", "findall", "findtext", "iterfind"}
PY_XML_MODULE = re.compile(r"^(lxml|xml\.etree|defusedxml|elementpath|xml\.dom)")
GO_QUERY = ("antchfx/xmlquery", "antchfx/htmlquery", "antchfx/jsonquery")
GO_QUERY_FUNCS = {"Find", "FindOne", "Query", "QueryAll", "FindEach", "FindEachWithBreak"}
JS_XPATH = {"select", "select1", "evaluate", "parse", "selectWithResolver"}
ESCAPER = re.compile(r"(?i)(^|\.)(xpath_?(escape|quote|literal|string)\w*|escape_?x_?path\w*|"
                     r"quote_?xpath\w*|xpath_?safe\w*|sanitize_?xpath\w*)$")
QUOTES = re.compile(r"""^\\?['"]$|^\[\\?['"]\\?['"]\]$|^\\?['"]\|\\?['"]$""")
WORDS = (b"xpath", b"XPath", b"find", b"select", b"evaluate", b"Find", b"Query", b"Compile",
         b"FindElement")


class XpathInjection(AcrossFunctions, Rule):
    __doc__ = __doc__
    id = "xpath-injection"
    name = "XPathInjection"
    category = "xpath-injection"
    cwe = ("CWE-643",)
    severity = "high"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("python", 'from flask import request\nfrom lxml import etree\n\n\ndef find(root):\n'
                          '    name = request.args.get("name")\n'
                          '    return root.xpath("//user[@name=\'" + name + "\']")\n'),
        Example("go", 'package h\n\nimport (\n\t"net/http"\n\n\t"github.com/antchfx/xmlquery"\n)\n\n'
                      'func H(w http.ResponseWriter, r *http.Request, doc *xmlquery.Node) {\n'
                      '\t_ = xmlquery.Find(doc, "//user[@name=\'"+r.URL.Query().Get("name")+"\']")\n}\n'),
        Example("javascript", 'const xpath = require("xpath");\n'
                              'function h(req, res, doc) {\n'
                              '  res.json(xpath.select(`//user[@name="${req.query.name}"]`, doc).length);\n}\n'),
    ]
    negative = [
        Example("python", 'from flask import request\nfrom lxml import etree\n\n\ndef find(root):\n'
                          '    name = request.args.get("name")\n'
                          '    return root.xpath("//user[@name=$name]", name=name)\n'),
        Example("go", 'package h\n\nimport (\n\t"net/http"\n\n\t"github.com/antchfx/xmlquery"\n)\n\n'
                      'func H(w http.ResponseWriter, r *http.Request, doc *xmlquery.Node) {\n'
                      '\t_ = xmlquery.Find(doc, "//user[@active=\'true\']")\n}\n'),
        Example("javascript", 'const xpath = require("xpath");\n'
                              'function h(req, res, doc) {\n'
                              '  res.json(xpath.select("//user[@active=\'true\']", doc).length);\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if ctx.language == "config" or not any(w in ctx.data for w in WORDS):
            return
        imports = import_map(ctx)
        mods = set(imports.values())
        if ctx.language == "python":
            xml = any(PY_XML_MODULE.match(m) for m in mods)
        elif ctx.language == "go":
            xml = any("antchfx/" in m or "xmlpath" in m or "beevik/etree" in m for m in mods)
        else:
            xml = any(m.split(".")[0] in ("xpath", "xpath-ts", "fontoxpath", "jsdom", "libxmljs",
                                          "libxmljs2", "@xmldom/xmldom", "xmldom")
                      for m in mods) or b"document.evaluate" in ctx.data
        if not xml and ctx.language != "python":
            return
        weak: set = set()

        def select(call, idx):
            got = self._target(call, idx, imports, xml)
            if got is None:
                return None
            node, limited = got
            if limited:
                weak.add(call.node.start_byte)
            return node, True

        for call, culprits, names in sanitized_tainted_calls(ctx, select, _sanitizer, rule=self, rejects=QUOTE):
            f = sink_finding(self, ctx, call, culprits, f"XPath expression built from the "
                             f"request ({names}) in {call.callee}(); pass the value as an XPath "
                             f"variable instead")
            if call.node.start_byte in weak and not ctx.is_test:
                f = dataclasses.replace(f, severity="medium")
            yield f

    @staticmethod
    def _target(call, idx, imports, xml):
        """(expression argument, limited) of an XPath evaluation, or None."""
        name, recv, a, kw = call.name, call.receiver or "", None, None
        resolved = resolve_imported(call.callee, imports)
        if idx.lang == "python":
            if name == "xpath" and recv:
                a, kw = call.args, call.kwargs
                return (kw.get("_path", a[0] if a else None)), False
            if name in ("XPath", "ETXPath"):
                a, kw = call.args, call.kwargs
                return (kw.get("path", a[0] if a else None)), False
            if resolved.startswith("elementpath.") or recv == "elementpath":
                a, kw = call.args, call.kwargs
                if name in ("select", "iter_select"):
                    return (kw.get("path", a[1] if len(a) > 1 else None)), False
                if name == "Selector":
                    return (kw.get("path", a[0] if a else None)), False
                return None
            if name in PY_ET_FIND and xml and recv and not recv.startswith(("'", '"')):
                a, kw = call.args, call.kwargs
                arg = kw.get("path", kw.get("match", a[0] if a else None))
                arg = unwrap(arg) if arg is not None else None
                if arg is None or arg.type in ("dictionary", "list", "set", "integer"):
                    return None
                return arg, True
            return None
        a = call.args
        if not a:
            return None
        if idx.lang == "go":
            bound = imports.get(recv, recv)
            if any(bound.endswith(g) for g in GO_QUERY) or recv in ("xmlquery", "htmlquery", "jsonquery"):
                if name in GO_QUERY_FUNCS and len(a) >= 2:
                    return a[1], False
                return None
            if bound.endswith("antchfx/xpath") or recv == "xpath":
                if name in ("Compile", "MustCompile", "CompileWithNS"):
                    return a[0], False
                if name == "Select" and len(a) >= 2:
                    return a[1], False
                return None
            if "xmlpath" in bound and name in ("Compile", "MustCompile"):
                return a[0], False
            if name in ("SelectElement", "SelectElements") and xml and "." in call.callee:
                return a[0], False
            if name in ("FindElement", "FindElements") and \
                    any("beevik/etree" in m for m in imports.values()):
                return a[0], True
            return None
        # JavaScript / TypeScript
        if re.search(r"(^|\.)useNamespaces\(", call.callee) and xml:
            return a[0], False
        head = resolved.split(".", 1)[0] if resolved else ""
        if head in ("xpath", "xpath-ts") and (name in JS_XPATH or resolved.count(".") == 1 and
                                              resolved.split(".")[1] in JS_XPATH):
            return a[0], False
        if head == "fontoxpath" and re.match(r"(evaluateXPath\w*|evaluateUpdatingExpression\w*|"
                                             r"compileXPathToJavaScript)$", name or call.callee):
            return a[0], False
        if name == "evaluate" and len(a) >= 2 and \
                re.search(r"(^|\.)(document|doc|\w*Doc|\w*Document)$", recv):
            return a[0], False
        if name == "find" and head == "" and any(m.startswith("libxmljs") for m in imports.values()) \
                and re.search(r"(?i)(doc|xml|root|node|element|tree)\w*$", recv):
            return a[0], False
        return None


def _sanitizer(call, idx) -> bool:
    """An XPath escaper, or a replacement of the quote characters (which cannot then close a
    string literal: XPath 1.0 has no escape inside literals)."""
    if ESCAPER.search(call.callee):
        return True
    a = call.args
    if call.name in ("replace", "replaceAll", "ReplaceAll", "Replace"):
        pos = 1 if idx.lang == "go" and call.receiver == "strings" else 0
        if len(a) > pos:
            pat = unwrap(a[pos])
            if pat is None:
                return False
            if pat.type == "regex":
                body = pat.child_by_field_name("pattern")
                text = idx.text(body) if body is not None else ""
            else:
                text = literal(pat, idx.data) or ""
            return bool(QUOTES.match(text))
    return False
