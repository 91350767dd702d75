"""Where a server-side template writes a value into the page without HTML escaping.

Read from the template's text, per engine family (by file extension), bounded: each output is
{"line", "vars" (the root names the expression reads), "how" (what leaves it unescaped), "plain"
(True for an ordinary `{{ x }}`: escaped only where the engine autoescapes)}. The render calls
of the code decide which of them carry request data (rules/xss.py joins both).

- Jinja2 / Django / Nunjucks: `{{ x|safe }}`, every `{{ x }}` inside `{% autoescape false %}`
  (`off` in Django); ordinary `{{ x }}` kept as plain (Flask autoescapes only .html, .htm, .xml,
  .xhtml and .svg templates: `flask.app.Flask.select_jinja_autoescape`).
- EJS: `<%- x %>` (`<%= %>` escapes; `<%- include(...) %>` is an include).
- Handlebars / Mustache: `{{{ x }}}` and `{{& x }}`.
- Pug / Jade: `tag!= x`, `!= x` and `!{x}` interpolation.
A loop variable (`{% for c in comments %}`, `comments.forEach(function (c) {`, `each c in
comments`) stands for the collection it runs over.
"""
from __future__ import annotations

import re

MAX_OUTPUTS = 400  # outputs kept per template
JINJA_EXT = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".njk", ".xml", ".xhtml", ".svg",
             ".txt", ".tpl")
EJS_EXT = (".ejs",)
HBS_EXT = (".hbs", ".handlebars", ".mustache")
PUG_EXT = (".pug", ".jade")
# Flask's select_jinja_autoescape: the extensions its Jinja environment escapes
FLASK_AUTOESCAPED = (".html", ".htm", ".xml", ".xhtml", ".svg")

_ROOT = re.compile(r"(?:locals\.)?([A-Za-z_$][\w$]*)")
_JINJA_OUT = re.compile(r"\{\{-?(.{1,300}?)-?\}\}", re.DOTALL)
_JINJA_SAFE = re.compile(r"\|\s*safe\b")
_JINJA_ELSE = re.compile(r"\bif\b[^|]{1,200}?\belse\b")
_JINJA_ESCAPED = re.compile(r"\|\s*(?:e|escape|forceescape|urlencode|tojson|striptags|length|"
                            r"count|int|float|wordcount)\b")
_AUTOESCAPE = re.compile(r"\{%-?\s*(autoescape\s+(false|off|true|on)|endautoescape)\s*-?%\}")
_JINJA_FOR = re.compile(r"\{%-?\s*for\s+([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?\s+in\s+"
                        r"([A-Za-z_][\w.]*)")
_EJS_RAW = re.compile(r"<%-(.{1,300}?)-?%>", re.DOTALL)
_HBS_RAW = re.compile(r"\{\{\{(.{1,300}?)\}\}\}|\{\{&(.{1,300}?)\}\}", re.DOTALL)
_PUG_RAW = re.compile(r"^[ \t]*(?:[\w.#:-]*(?:\([^)\n]*\))?)!=[ \t]*(.{1,300})$|!\{([^}\n]{1,300})\}",
                      re.MULTILINE)
_JS_EACH = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$.]*)\.forEach\(\s*(?:async\s+)?(?:function\s*)?\(?\s*"
                      r"([A-Za-z_$][\w$]*)|for\s*\(\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s+"
                      r"of\s+([A-Za-z_$][\w$.]*)")
_PUG_EACH = re.compile(r"^[ \t]*(?:each|for)\s+([A-Za-z_$][\w$]*)(?:\s*,\s*[A-Za-z_$][\w$]*)?\s+"
                       r"in\s+([A-Za-z_$][\w$.]*)", re.MULTILINE)
_HBS_EACH = re.compile(r"\{\{#each\s+([A-Za-z_][\w.]*)")


def _root(expr: str) -> str:
    m = _ROOT.match(expr.strip())
    return m.group(1) if m else ""


_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`")
_FILTERS = re.compile(r"\|\s*[A-Za-z_]\w*")
_WORDS = frozenset(("and", "or", "not", "if", "else", "in", "is", "true", "false", "none",
                    "True", "False", "None", "null", "undefined", "new", "typeof", "this",
                    "JSON", "String", "Number", "Math", "loop"))


_NAME_ATTR = re.compile(r"(?<![\w$.])(?:locals\.)?([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*))?")


def _names(expr: str) -> list[str]:
    """The root names an output expression reads (`'Results for: ' + searchText` ->
    [searchText]), each with its first attribute when it reads one (`output.searchTerm`):
    outside string literals and Jinja filter names."""
    bare = _FILTERS.sub(" ", _QUOTED.sub(" ", expr))
    return list(dict.fromkeys(f"{n}.{a}" if a else n for n, a in _NAME_ATTR.findall(bare)
                              if n not in _WORDS))[:8]


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def template_outputs(path: str, data: bytes) -> dict:
    """{"outputs": [...], "aliases": {loop var: collection root}} of one template file."""
    text = data.decode("utf-8", "replace")
    lower = path.lower()
    outs: list[dict] = []
    aliases: dict[str, str] = {}
    if lower.endswith(EJS_EXT):
        for m in _EJS_RAW.finditer(text):
            expr = m.group(1).strip()
            if not expr or expr.startswith(("include", "-")):
                continue
            outs.append({"line": _line(text, m.start()), "vars": _names(expr), "how": "<%- %>"})
        for m in _JS_EACH.finditer(text):
            coll, var = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            aliases.setdefault(var, _root(coll))
    elif lower.endswith(HBS_EXT):
        for m in _HBS_RAW.finditer(text):
            expr = (m.group(1) or m.group(2) or "").strip()
            if expr and expr[0] not in ">!#/":
                outs.append({"line": _line(text, m.start()), "vars": _names(expr),
                             "how": "{{{ }}}" if m.group(1) else "{{& }}"})
        for m in _HBS_EACH.finditer(text):
            aliases.setdefault("this", _root(m.group(1)))
    elif lower.endswith(PUG_EXT):
        for m in _PUG_RAW.finditer(text):
            expr = (m.group(1) or m.group(2) or "").strip()
            if expr:
                outs.append({"line": _line(text, m.start()), "vars": _names(expr),
                             "how": "!=" if m.group(1) else "!{}"})
        for m in _PUG_EACH.finditer(text):
            aliases.setdefault(m.group(1), _root(m.group(2)))
    elif lower.endswith(JINJA_EXT):
        off: list[tuple[int, int]] = []  # spans where autoescaping is off
        start = None
        for m in _AUTOESCAPE.finditer(text):
            word = (m.group(2) or "").lower()
            if word in ("false", "off"):
                start = m.end() if start is None else start
            elif start is not None:  # `endautoescape`, or autoescape turned back on
                off.append((start, m.start()))
                start = None
        if start is not None:
            off.append((start, len(text)))
        for m in _JINJA_OUT.finditer(text):
            expr = m.group(1)
            names = _names(expr)
            if not names or _JINJA_ESCAPED.search(expr):
                continue
            safe = _JINJA_SAFE.search(expr)
            cond = _JINJA_ELSE.search(expr) if safe is not None else None
            if cond is not None and safe.start() > cond.end():
                # `{{ a if a else '' | safe }}`: a filter binds tighter than the conditional,
                # only the else branch is marked safe (the rest is escaped as usual)
                names = _names(expr[cond.end():])
                if not names:
                    names = _names(expr[:cond.start()])
                    outs.append({"line": _line(text, m.start()), "vars": names, "how": "{{ }}",
                                 "plain": True})
                    continue
            if safe is not None:
                how = "|safe"
            elif any(a <= m.start() < b for a, b in off):
                how = "autoescape off"
            else:
                outs.append({"line": _line(text, m.start()), "vars": names, "how": "{{ }}",
                             "plain": True})
                continue
            outs.append({"line": _line(text, m.start()), "vars": names, "how": how})
        for m in _JINJA_FOR.finditer(text):
            aliases.setdefault(m.group(2) or m.group(1), _root(m.group(3)))
    # (the explicit ones first: a template with many plain outputs keeps them all)
    outs.sort(key=lambda o: (bool(o.get("plain")), o["line"]))
    return {"outputs": outs[:MAX_OUTPUTS], "aliases": aliases} if outs else {}
