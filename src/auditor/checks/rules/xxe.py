"""An XML parser configured to resolve external entities.

What it finds:
lxml parsers created with `resolve_entities=True`, with `no_network=False` where they resolve
entities or load a DTD, or with `load_dtd=True` without `resolve_entities=False`; `xml.sax`/`xml.dom.pulldom` parsers with
`feature_external_ges` turned on; Node `libxmljs` parsing with `noent: true` (in the options
literal, or in the object literal an options variable is assigned); Go libxml2 bindings
(`lestrrat-go/libxml2`) with `parser.New(parser.XMLParseNoEnt)` or `XMLParseDTDLoad`. The standard library's
`xml.etree` parsers do not fetch external entities in current Python versions and
are not reported; `defusedxml` is the recommended replacement.

Why it matters:
An external entity makes the parser read local files (`file:///etc/passwd`) or fetch URLs
from inside the network and put the result into the document (CWE-611).

Example:
    parser = etree.XMLParser(resolve_entities=True)

Fix:
Use `defusedxml`, or create the parser with `resolve_entities=False, no_network=True`
(lxml) / without `noent` (libxmljs).
"""
from __future__ import annotations

from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import MODULE, Flow, bound_target, file_index, judged_safe, pairs, unwrap
from auditor.model import Finding


# Go bindings of libxml2 (github.com/lestrrat-go/libxml2/parser): the options libxml2 reads
# as "substitute entities" and "load the external DTD"
_GO_LIBXML2 = "github.com/lestrrat-go/libxml2/parser"
_GO_ENTITY_OPTIONS = ("XMLParseNoEnt", "XMLParseDTDLoad")


class Xxe(Rule):
    __doc__ = __doc__
    id = "xxe"
    name = "XmlExternalEntities"
    category = "xxe"
    cwe = ("CWE-611",)
    severity = "high"
    confidence = "high"
    precision = "high"
    languages = ("python", "typescript", "tsx", "javascript", "go")
    positive = [
        Example("python", 'from lxml import etree\nparser = etree.XMLParser(resolve_entities=True)\n'),
        Example("javascript", 'const libxmljs = require("libxmljs");\nlibxmljs.parseXml(x, { noent: true });\n'),
        Example("javascript", 'const libxmljs = require("libxmljs");\nfunction f(x) {\n'
                              '  const opts = { noent: true, dtdload: true };\n  return libxmljs.parseXml(x, opts);\n}\n'),
    ]
    negative = [
        Example("python", 'from lxml import etree\nparser = etree.XMLParser(resolve_entities=False, no_network=True)\n'),
        # network allowed, but no entity resolved and no DTD loaded: nothing is fetched
        Example("python", 'from lxml import etree\nparser = etree.XMLParser(no_network=False, '
                          'dtd_validation=False, resolve_entities=False)\n'),
        Example("python", 'from lxml import etree\n\nTEMPLATE = "<!DOCTYPE d [<!ENTITY v \'1.0\'>]><d>&v;</d>"\n\n'
                          'def version():\n    parser = etree.XMLParser(resolve_entities=True)\n'
                          '    return etree.fromstring(TEMPLATE, parser).text\n'),
        Example("javascript", 'const libxmljs = require("libxmljs");\nlibxmljs.parseXml(x);\n'),
        Example("javascript", 'const libxmljs = require("libxmljs");\nfunction f(x) {\n'
                              '  const opts = { noent: false, dtdload: true };\n  return libxmljs.parseXml(x, opts);\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if ctx.language == "go":
            yield from _go(self, ctx)
            return
        idx = file_index(ctx)
        if idx is None:
            return
        for call in idx.calls:
            msg = ""
            if idx.lang == "python":
                kw = {k: idx.text(v) for k, v in call.kwargs.items()}
                if call.name in ("XMLParser", "XMLPullParser", "XSLTAccessControl") or \
                        call.callee.endswith("etree.XMLParser"):
                    if kw.get("resolve_entities") == "True":
                        msg = "lxml parser resolves external entities (resolve_entities=True)"
                    elif kw.get("no_network") == "False" and (
                            kw.get("resolve_entities") != "False" or any(
                                kw.get(k) == "True" for k in ("load_dtd", "dtd_validation",
                                                              "attribute_defaults"))):
                        # (network access matters only for what the parser loads: entities it
                        # resolves, a DTD it loads; with neither it fetches nothing)
                        msg = "lxml parser may fetch external entities over the network (no_network=False)"
                    elif kw.get("load_dtd") == "True" and kw.get("resolve_entities") != "False":
                        msg = "lxml parser loads DTDs and resolves their entities"
                if call.name == "setFeature" and len(call.args) == 2 and \
                        "external_ges" in idx.text(call.args[0]) and idx.text(call.args[1]) in ("True", "1"):
                    msg = "SAX parser with external general entities enabled"
            elif call.name in ("parseXml", "parseXmlString", "parseXmlAsync") and len(call.args) >= 2:
                if any("noent" in opts and idx.text(opts["noent"]) == "true"
                       for opts in _option_objects(idx, call.args[-1], call.func)):
                    msg = "libxmljs parses with noent: true (external entities substituted)"
            if msg and idx.lang == "python" and self._only_constant_documents(ctx, idx, call):
                judged_safe(ctx, self, call.line)
                for c in idx.calls:  # the parser's creation and parses here read constants
                    if c.func == call.func and c.callee in STDLIB_PARSE:
                        judged_safe(ctx, self, c.line)
                continue
            if not msg and idx.lang == "python" and call.callee in STDLIB_PARSE and \
                    not _entities_enabled(idx, call.func):
                judged_safe(ctx, self, call.line)  # the standard library does not expand them
            if msg:
                yield self.finding(ctx.path, call.line, msg, column=call.node.start_point[1] + 1,
                                   snippet=ctx.line_text(call.line),
                                   severity="info" if ctx.is_test else None)

    @staticmethod
    def _only_constant_documents(ctx, idx, call) -> bool:
        """Every document the parser reads in this function is built from constants: an
        entity in it is the developer's own, not an attacker's. Unknown (the parser leaves
        the function, or nothing parses with it here) keeps the finding."""
        parser = call.receiver if call.name == "setFeature" else bound_target(call.node, idx)
        if not parser or not parser.isidentifier() or call.func == MODULE:
            return False
        flow = Flow(idx)
        docs = []
        for c in idx.calls:
            if c.func != call.func or c.node.start_byte <= call.node.start_byte:
                continue
            kw = c.kwargs.get("parser")
            uses = c.receiver == parser or any(idx.text(a, 100) == parser for a in c.args[1:]) \
                or (kw is not None and idx.text(kw, 100) == parser)
            if uses and c.args and idx.text(c.args[0], 100) != parser:
                docs.append(c.args[0])
            elif any(idx.text(a, 100) == parser for a in c.args[:1]):
                return False  # the parser is handed on
        return bool(docs) and all(not flow.culprits(d, call.func) and
                                  not [x for x in flow.leaves(d, call.func)[1]
                                       if x[0] not in _LIBRARY_CALLS] for d in docs)


# calls that only read or decode what they are given
_LIBRARY_CALLS = {"open", "encode", "decode", "StringIO", "BytesIO", "b64decode", "read"}

# the standard library's parsers: no external entities since Python 3.7.1 (xml.sax's
# feature_external_ges is off by default), unless the function turns the feature on
STDLIB_PARSE = {"xml.sax.parse", "xml.sax.parseString", "xml.sax.make_parser", "sax.make_parser",
                "make_parser", "xml.dom.minidom.parse",
                "xml.dom.minidom.parseString", "xml.dom.pulldom.parse", "xml.dom.pulldom.parseString",
                "xml.etree.ElementTree.parse", "xml.etree.ElementTree.fromstring",
                "xml.etree.ElementTree.XML", "ET.parse", "ET.fromstring", "ET.XML",
                "minidom.parse", "minidom.parseString", "sax.parse", "sax.parseString"}


def _option_objects(idx, node, func) -> list:
    """The object literals an options argument is: the literal itself, or the literals a
    variable of the function (or an enclosing one, or the module) is assigned
    (`const opts = {noent: true}; libxml.parseXml(xml, opts)`)."""
    node = unwrap(node)
    if node is None:
        return []
    if node.type == "object":
        return [pairs(node, idx)]
    if node.type != "identifier":
        return []
    out = []
    for value, op, _ in Flow(idx).assignments(idx.text(node), func):
        value = unwrap(value)
        if value is not None and op != "index" and value.type == "object":
            out.append(pairs(value, idx))
    return out


def _entities_enabled(idx, func) -> bool:
    fn = idx.funcs.get(func)
    return fn is not None and "external_ges" in idx.text(fn)



def _go(rule, ctx: FileContext) -> Iterable[Finding]:
    """Go: a libxml2 parser made with `parser.New(parser.XMLParseNoEnt)` (or DTDLoad)."""
    from auditor.checks.treeutil import go_import_alias

    alias = go_import_alias(ctx.data, _GO_LIBXML2)
    if not alias or not any(o.encode() in ctx.data for o in _GO_ENTITY_OPTIONS):
        return
    idx = file_index(ctx)
    if idx is None:
        return
    for call in idx.calls:
        if call.callee != f"{alias}.New":
            continue
        opts = [o for o in _GO_ENTITY_OPTIONS if any(o in idx.text(a, 300) for a in call.args)]
        if opts:
            yield rule.finding(ctx.path, call.line, f"libxml2 parser created with "
                               f"{' and '.join(opts)}: it substitutes external entities",
                               snippet=ctx.line_text(call.line),
                               severity="info" if ctx.is_test else None)
