"""Code evaluated from a non-constant string.

What it finds:
Python `eval`, `exec` and `compile`; JavaScript `eval`, `new Function(...)`, `setTimeout` /
`setInterval` with a string, `vm.runInThisContext` / `runInNewContext` / `Script`, and the
template text given to a server-side template engine that compiles it to JavaScript (`ejs.render`,
`pug.compile`, `Handlebars.compile`, lodash `_.template`, doT, nunjucks `renderString`: SSTI),
whose code argument is not built only from constants (followed through local variables);
Express `res.render(view, req.body)` (or `{...req.query}`), whose locals the view engine also
reads as options (hbs `layout`, EJS `settings`); Go `template.New(...).Parse(x)` of request text
(text/template or html/template: the requester's template calls its functions, SSTI); Python
jinja2 `Template(text)` / `Environment().from_string(text)` (Flask's `app.jinja_env` too) and
Mako `Template(text)` of request text (SSTI: `{{ cycler.__init__.__globals__.os }}` runs code;
Flask's `render_template_string` is reported by xss).
`ast.literal_eval` and `JSON.parse` are the safe alternatives and are not reported. In a
library's build copied into the tree (a minified file, found by the shape of its lines, or one
that opens with the library's version-and-license banner, `/*! Vue.js v2.6.8 ... MIT License */`)
an `eval` of a parameter is not reported: only one of request data is.

Why it matters:
Whoever controls the string runs code inside the server process, with all its secrets and
network access (CWE-94, CWE-95).

Example:
    result = eval(request.args["expr"])

Fix:
Parse data with `json`/`ast.literal_eval`; map names to functions with a dictionary instead of
evaluating them.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.rejects import LITERAL_ONLY, rejected
from auditor.checks.secrets.places import library_build
from auditor.checks.treeutil import Flow, file_index, judged_safe, last_names, mentions, unwrap
from auditor.model import Finding

PY_SINKS = ("eval", "exec", "builtins.eval", "builtins.exec")
JS_SINKS = ("eval", "Function", "vm.runInThisContext", "vm.runInNewContext", "vm.Script",
            "vm.runInContext", "Script")
JS_TIMERS = ("setTimeout", "setInterval", "window.setTimeout")
# server-side template engines that compile a template's text into JavaScript: a template
# written from request data runs the requester's code (SSTI): `ejs.render(text)`,
# `pug.compile(text)`, `Handlebars.compile`, lodash `_.template`, doT, nunjucks, eta, swig
JS_TEMPLATE_MODULES = frozenset({"ejs", "pug", "jade", "handlebars", "lodash", "lodash.template",
                                 "underscore", "dot", "nunjucks", "eta", "swig", "hogan.js",
                                 "dustjs-linkedin", "squirrelly", "art-template", "marko"})
JS_TEMPLATE_METHODS = frozenset({"render", "compile", "template", "renderString",
                                 "compileString", "precompile"})
# Python template engines whose template text runs code (SSTI: `{{ cycler.__init__.__globals__
# .os.popen('id').read() }}`): jinja2's `Template(text)` and `Environment(...).from_string(text)`,
# Mako's `Template(text)`. (Flask's `render_template_string` is reported by xss, which names SSTI.)
PY_TEMPLATE_MODULES = ("jinja2", "mako.template", "mako")
PY_TEMPLATE_CALLS = frozenset({"Template", "from_string"})
WORDS = {"python": last_names(PY_SINKS) + (b"Template", b"from_string"),
         "js": last_names(JS_SINKS, JS_TIMERS) + tuple(m.encode() for m in JS_TEMPLATE_METHODS)}


class CodeInjection(Rule):
    __doc__ = __doc__
    id = "code-injection"
    name = "CodeInjection"
    category = "code-injection"
    cwe = ("CWE-94", "CWE-95")
    severity = "high"
    confidence = "medium"
    precision = "high"
    languages = ("python", "typescript", "tsx", "javascript", "go")
    positive = [
        Example("python", 'def f(expr):\n    return eval(expr)\n'),
        Example("typescript", 'export const f = (body: string) => new Function("x", body);\n'),
        Example("javascript", 'const ejs = require("ejs");\n'
                              'app.get("/p", (req, res) => res.send(ejs.render("<p>" + req.query.p + "</p>")));\n'),
    ]
    negative = [
        Example("python", 'import ast\n\ndef f(expr):\n    return ast.literal_eval(expr)\n'),
        Example("typescript", 'export const f = (fn: () => void) => setTimeout(fn, 10);\n'),
        # the template is constant; the request's values are its data, escaped by `<%= %>`
        Example("javascript", 'const ejs = require("ejs");\n'
                              'app.get("/p", (req, res) => res.send(ejs.render("<p><%= p %></p>", '
                              '{ p: req.query.p })));\n'),
        # a library's unminified build, by its banner: its compiler evaluates its own argument
        Example("javascript", "/*!\n * Vue.js v2.6.8\n * (c) 2014-2019 Evan You\n * Released under "
                "the MIT License.\n */\nfunction createFunction (code) {\n  return new Function(code)\n}\n",
                filename="assets/js/vue.js"),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if ctx.language == "go":
            yield from self._go_templates(ctx)
            return
        if not mentions(ctx, WORDS["python" if ctx.language == "python" else "js"]):
            return
        idx = file_index(ctx)
        if idx is None:
            return
        flow = Flow(idx)
        engines = None
        py_engines = None
        for call in idx.calls:
            code = self._code(call, idx)
            if code is None and idx.lang == "python" and call.name in PY_TEMPLATE_CALLS and \
                    call.args:
                if py_engines is None:
                    py_engines = _python_template_names(ctx)
                if _python_template(call, py_engines):
                    code = unwrap(call.args[0])
                    if not flow.request_culprits(code, call.func):
                        continue  # a template the app reads from its own files or settings
            if code is None and idx.lang != "python" and call.name in JS_TEMPLATE_METHODS and \
                    call.receiver and call.args:
                if engines is None:
                    from auditor.checks.treeutil import import_map

                    engines = {n for n, m in import_map(ctx).items()
                               if m.split(".", 1)[0] in JS_TEMPLATE_MODULES or
                               m in JS_TEMPLATE_MODULES}
                if call.receiver in engines:  # `ejs.render(text)`, `dotT.compile(text)`
                    code = unwrap(call.args[0])
            if code is None and idx.lang != "python" and call.name == "render" and \
                    len(call.args) >= 2 and _whole_request(unwrap(call.args[1]), idx, call.func):
                yield self.finding(
                    ctx.path, call.line, f"{call.callee}() renders with the request's own object "
                    f"({idx.text(call.args[1], 60)}) as its locals: the view engine reads its "
                    "options from them (`layout`, `settings`: a file of the server's choosing, "
                    "EJS's code options)", column=call.node.start_point[1] + 1,
                    snippet=ctx.line_text(call.line), severity="info" if ctx.is_test else "high",
                    confidence="high")
                continue
            if code is None:
                continue
            culprits = flow.culprits(code, call.func)
            if not culprits or rejected(idx, flow, call.func, call.node, code, LITERAL_ONLY):
                judged_safe(ctx, self, call.line)
                continue
            names = ", ".join(dict.fromkeys(n for n, _ in culprits))
            request = bool(flow.request_culprits(code, call.func))
            if not request and library_build(ctx.path, ctx.data):
                continue  # a library build's eval of its own arguments: no caller to judge
            sev = "info" if ctx.is_test else ("high" if request else "medium")
            yield self.finding(ctx.path, call.line, f"{call.callee}() evaluates code built from "
                               f"{names[:120]}" + (" (request input)" if request else
                                                    " (a parameter: depends on the callers)"),
                               column=call.node.start_point[1] + 1,
                               snippet=ctx.line_text(call.line), severity=sev,
                               confidence="high" if request else "medium")

    def _go_templates(self, ctx: FileContext) -> Iterable[Finding]:
        """Go: a template parsed from request text (`template.New("m").Funcs(fm).Parse(msg)`,
        text/template or html/template): the requester writes the template, which calls every
        function of its FuncMap and every method of the data it is executed with (SSTI)."""
        from auditor.checks.treeutil import go_import_alias

        names = {a for a in (go_import_alias(ctx.data, "text/template"),
                             go_import_alias(ctx.data, "html/template")) if a}
        if not names or b".Parse(" not in ctx.data:
            return
        idx = file_index(ctx)
        if idx is None:
            return
        flow = Flow(idx)
        for call in idx.calls:
            if call.name != "Parse" or len(call.args) != 1 or not any(
                    call.callee.startswith((f"{n}.New(", f"{n}.Must(")) for n in names):
                continue
            req = flow.request_culprits(unwrap(call.args[0]), call.func)
            if not req:
                continue
            names_txt = ", ".join(dict.fromkeys(n for n, _ in req))
            yield self.finding(ctx.path, call.line, f"A template is parsed from request text "
                               f"({names_txt[:120]}): the requester's template runs the "
                               "functions and methods it is given", column=call.node.start_point[1] + 1,
                               snippet=ctx.line_text(call.line),
                               severity="info" if ctx.is_test else "high", confidence="high")

    @staticmethod
    def _code(call, idx):  # noqa: D102
        sinks = PY_SINKS if idx.lang == "python" else JS_SINKS + JS_TIMERS
        if call.callee not in sinks or not call.args:
            return None  # the callee first: it is read already, the arguments are not
        first = unwrap(call.args[0])
        if idx.lang == "python":
            return first  # compile() alone runs nothing; the exec/eval of its result does
        if call.callee == "Function":
            return unwrap(call.args[-1])
        if call.callee in JS_SINKS:
            return first
        if first.type in ("string", "template_string", "binary_expression"):
            return first  # a timer given code; an identifier is usually a function reference
        return None


def _python_template_names(ctx) -> frozenset:
    """The local names bound to a template module or its Template/Environment classes."""
    from auditor.checks.treeutil import import_map

    return frozenset(n for n, m in import_map(ctx).items()
                     if m.split(" ", 1)[0].startswith(PY_TEMPLATE_MODULES))


def _python_template(call, names: frozenset) -> bool:
    """`jinja2.Template(x)`, `Template(x)` imported from jinja2 or Mako, `env.from_string(x)` /
    `jinja2.Environment().from_string(x)` in a file that imports jinja2, Flask's
    `app.jinja_env.from_string(x)`. Not `string.Template` (`$name` substitution runs nothing)."""
    if call.name == "Template":
        return call.callee in names or call.receiver.split(".", 1)[0] in names
    return call.name == "from_string" and bool(call.receiver) and (
        bool(names) or call.receiver.endswith("jinja_env"))  # (Flask's `app.jinja_env`)


_WHOLE_REQUEST = re.compile(r"(?:req|request)\.(?:body|query|params)")


def _whole_request(node, idx, func: int, depth: int = 0) -> bool:
    """Express `res.render(view, req.body)` (or `{...req.query}`): the locals are the request's
    own object, keys and all. hbs and express-handlebars take `layout` from the locals, EJS its
    options (`settings['view options']`): the requester picks a file or injects code
    (CWE-94/CWE-73). A field of it (`{ name: req.body.name }`) is data, not options."""
    if node is None or depth > 3:
        return False
    if node.type == "identifier":  # `const profile = req.body; ... res.render(v, profile)`
        return any(v is not None and _whole_request(unwrap(v), idx, func, depth + 1)
                   for v, _op, _line in idx.assigns_in(func).get(idx.text(node, 60), ()))
    if node.type == "member_expression":
        return bool(_WHOLE_REQUEST.fullmatch(idx.text(node, 40)))
    if node.type == "object":
        return any(c.type == "spread_element" and c.named_children and
                   _WHOLE_REQUEST.fullmatch(idx.text(c.named_children[0], 40))
                   for c in node.named_children)
    return False
