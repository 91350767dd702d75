"""HTML built from request data and sent to the browser, or marked safe, without escaping.

What it finds:
Request values (query, form, path, body, headers, cookies, the request's URL with its query in
Flask and Django; route parameters of Flask and NestJS handlers) that reach, through local
variables and without an HTML escape:
Python: a Flask route that returns a string (Flask sends a `str` as `text/html`),
`make_response(x)` / Flask `Response(x)` of a string, `render_template_string(x)` with the
template text built from the request, `Markup(x)` / `markupsafe.Markup(x)`, Django
`HttpResponse(x)` (text/html unless another `content_type` is given) and `mark_safe(x)`,
FastAPI/Starlette `HTMLResponse(x)`;
Go: `template.HTML(x)` (also `HTMLAttr`, `JS`), `w.Write([]byte(x))`, `io.WriteString(w, x)`,
`fmt.Fprintf(w, ...)` on an `http.ResponseWriter` in a handler that sets no JSON/text content
type (Go sniffs the body and serves markup as HTML, but a first write that starts with text of
the code other than `<` makes it text/plain; the message of an error a library call returned,
`err.Error()`, and a file's content, `os.ReadFile(p)`, are not the request's text), `t.Execute(w, data)` /
`t.ExecuteTemplate(w, name, data)` of a `text/template` template (it does not escape: only
`html/template` does) with request data in `data`, echo `c.HTML(code, x)`, gin
`c.Data(code, "text/html", x)`, Fiber `c.SendString(x)` after `c.Type("html")`;
TypeScript/JavaScript: Express `res.send(x)` / `res.write(x)` of a string (Express sends it as
`text/html`; also after the setters that return the response, `res.set(...).send(x)`),
`new Response(x, {headers: {"Content-Type": "text/html"}})`, a NestJS handler
returning markup, `dangerouslySetInnerHTML={{__html: x}}`, `el.innerHTML = x`,
`insertAdjacentHTML`, `document.write` (with `location.search`/`searchParams` as browser
sources). Escaping on the way is safe: `html.escape`, `markupsafe.escape`, `escape`,
`bleach.clean`, `format_html`, `html.EscapeString`, `template.HTMLEscapeString`,
`escape-html`, `he.encode`, `DOMPurify.sanitize`, `int(...)`.
Templates: a render call that hands request data under a name (Flask `render_template(name,
q=x)`, Django `render(request, name, {"q": x})` / `TemplateResponse` / `render_to_string`,
Express `res.render(view, {q: x})`) to a template of the tree that writes that name (or a loop
variable over it) unescaped: Jinja2/Django `{{ q|safe }}` or inside `{% autoescape false %}`
(`off`), any `{{ q }}` of a Flask template whose extension Flask does not autoescape (`.j2`,
`.jinja`: only .html, .htm, .xml, .xhtml and .svg are), EJS `<%- q %>`, Handlebars `{{{ q }}}`,
Pug `!= q` / `!{q}`; reported on the template's line, with the render call in the path.
Escaped outputs are not findings: gin `c.HTML(code, "page.tmpl", data)`, `{{ q }}` in an
.html template, `<%= q %>`, JSX text; JSON responses (`res.json`, `jsonify`, `c.JSON`) are not
HTML. Values that do not come from the request (constants, database records) are never
findings here.

Why it matters:
A script in the value runs in the victim's browser on the application's origin: it reads the
session, acts as the user and rewrites the page (reflected XSS, CWE-79). A link with a crafted
query parameter is enough to deliver it.

Example:
    @app.route("/hello")
    def hello():
        return f"<h1>Hello {request.args['name']}</h1>"

Fix:
Render through an auto-escaping template (Jinja2 `render_template`, Go `html/template`, JSX),
or escape the value (`markupsafe.escape`, `html.EscapeString`, `escape-html`) before it joins
the markup; return JSON for data; never wrap request data in `Markup`/`mark_safe`/
`template.HTML`/`dangerouslySetInnerHTML` without a sanitizer such as `bleach`/`DOMPurify`.
"""
from __future__ import annotations

import os
import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.templates import FLASK_AUTOESCAPED
from auditor.checks.treeutil import (BarrierFlow, CALL_TYPES, REQUEST_SOURCE, STRING_TYPES, Site,
                                     assignment_nodes, file_index, go_import_alias, guarded,
                                     guarded_outside_content, mentions, nodes_of_type,
                                     literal, pairs, sink_finding, unwrap)
from auditor.index.walk import walk_types
from auditor.model import Finding
from auditor.taint.propagate import AcrossFunctions
from auditor.taint.summary import note_sink

# an HTML escape or sanitizer on the way makes the value safe (`unescape`/`unquote` do not)
BARRIERS = re.compile(
    r"(^|\.)(?!un)\w*([Ee]scape|ESCAPE|[Ss]aniti[sz]e|[Pp]urify)\w*$|"
    r"(^|\.)(bleach\.clean|clean_html|linkify|format_html|strip_tags|filterXSS|xss|"
    # html/template writing its data escaped into a buffer (`t.Execute(&buf, data)`); a
    # text/template run is a sink of its own (GO_EXECUTE)
    r"Execute|ExecuteTemplate|"
    r"encodeURIComponent|encodeURI|quote|quote_plus|urlencode|"
    # Go serializers that escape what they encode: encoding/xml and encoding/json (`<`, `>`, `&`
    # as \u003c...), gorilla/feeds' RSS/Atom/JSON feeds and go-sitemap's XML (both through
    # encoding/xml)
    r"Marshal|MarshalIndent|ToRss|ToAtom|ToJSON|XMLContent|"
    r"(he|entities|htmlEntities|Entities)\.(encode|encodeHTML|encodeNonUTF))$|"
    # a lookup keyed by the request returns server data (a file, a record), not the request's text
    r"(^|\.)(read\w*|open|query|find\w*|get_object_or_404|filter\w*|first|one|one_or_none|"
    r"scalars?|fetch\w*|execute|load\w*|lookup\w*|count|exists|authenticate|check_password|"
    r"hexdigest|digest|Sum\d+|len|"
    # Go: the content of a file the request names (os.ReadFile(path)), not the path's text
    r"ReadFile|ReadDir|"
    # what a command prints (`subprocess.check_output(["dig", host])`, Go's `cmd.Output()`,
    # Node's `execSync`): the program's output, not the request's text (a request value
    # that reaches the command line is command-injection's finding)
    r"check_output|getoutput|getstatusoutput|communicate|execSync|spawnSync|"
    r"CombinedOutput|Output)$")
# browser sources of the DOM sinks and Next.js pages
BROWSER = re.compile(r"\b(location\.(search|hash|href|pathname)|document\.(URL|documentURI|"
                     r"referrer|baseURI)|window\.name|searchParams\b|useSearchParams\(|"
                     r"router\.query|useRouter\(\)\.query)")
# request headers of net/http, which the shared request sources leave out
GO_SOURCES = re.compile(r"^(r|req|request)\.(Header\.(Get|Values)|Referer\(|UserAgent\(|RequestURI\b)")
# the URL of the request with its query string, which the shared request sources leave out:
# werkzeug's (Flask) `request.url` / `full_path`, Django's `get_full_path()` /
# `build_absolute_uri()`: the client writes the query (an error page echoing the URL it did not
# find is reflected XSS, and SSTI through render_template_string). Not `request.path`: in a route
# with a fixed rule it is that rule (its variable parts are the route's parameters, already
# request data); nor the host or browser-set headers, which a link cannot choose.
PY_SOURCES = re.compile(r"^(?:flask\.)?request\.(url|full_path|get_full_path|build_absolute_uri)\b")
# and its path, where the client chooses it: in an error handler or a request hook (any URL
# comes there), or a route whose rule has a variable part (a fixed rule's path is the rule)
PY_PATH_SOURCES = re.compile(r"^(?:flask\.)?request\.(url|full_path|path|base_url|get_full_path|"
                             r"get_path|build_absolute_uri)\b")
_PATH_CHOSEN_DECO = re.compile(r"(?:errorhandler|register_error_handler|before_request|"
                               r"before_app_request|after_request|exception_handler)\b|"
                               r"\.(?:route|get|post|put|patch|delete)\(\s*[\"'][^\"']*<")
# a response typed as something other than HTML in the function: the body is not markup
NOT_HTML = (r"(?i)application/(json|octet-stream|pdf|zip|gzip)|image/|audio/|video/|"
            # structured types (`application/problem+json`, an RSS or Atom feed as
            # `application/xml`, `application/rss+xml`): a browser does not render them as a page
            r"application/(?!xhtml)[\w.\-]*\+?(json|xml)\b|text/xml|text/event-stream|"
            # a vendor type (`application/vnd.apple.mpegurl`, an HLS playlist): not a page
            r"application/vnd\.|"
            r"attachment;|text/plain|text/csv|\.type\(\s*['\"](json|text|txt)['\"]|"
            r"mimetype\s*=\s*['\"](?!text/html)|content_type\s*=\s*['\"](?!text/html)")
HTML_TYPE = r"(?i)text/html|\.Type\(\s*\"html\"|\.type\(\s*['\"]html['\"]|\.contentType\(\s*['\"]text/html"
STR_CALLS = {"format", "join", "str", "String", "Sprintf", "Sprint", "substitute", "decode",
             "replace", "strip", "lower", "upper", "concat", "toString", "trim"}
_HTML_CLASS = re.compile(r"response_class\s*=\s*(?:[\w.]+\.)?HTMLResponse\b")
_FLASK = re.compile(rb"(?m)^\s*(from\s+flask\b|import\s+flask\b)")
_ROUTE = re.compile(r"\.(route|get|post|put|patch|delete)\(")
_RESPONSES = {"make_response", "Response", "jsonify", "redirect", "render_template", "send_file",
              "send_from_directory", "HttpResponse", "JsonResponse", "HTMLResponse"}
_NEST_ROUTE = re.compile(r"^@(Get|Post|Put|Patch|Delete|All)\(")

PY_MARK = {"Markup", "mark_safe", "SafeString", "SafeText"}
PY_RESP = {"HttpResponse", "HTMLResponse", "make_response", "Response", "render_template_string"}
GO_MARK = {"HTML", "HTMLAttr", "JS"}
# Express's response, also through the chainable setters that return it
# (`res.status(200).set('Content-Type', 'text/html').send(body)`)
_EXPRESS_RES = re.compile(r"^(?:res|response|ctx\.res)(?:\.(?:status|set|header|type|append|"
                          r"vary|cookie|location|links)\([^()]*\))*$")
GO_WRITE = {"Write", "WriteString", "Fprintf", "Fprint", "Fprintln", "HTML", "HTMLBlob", "Data",
            "SendString", "Send"}
GO_EXECUTE = {"Execute", "ExecuteTemplate"}  # of a text/template Template: no escaping
JS_SINKS = {"send", "write", "end", "insertAdjacentHTML", "Response", "NextResponse"}
WORDS = {"python": (b"return", b"Markup", b"mark_safe", b"SafeString", b"Response",
                    b"make_response", b"render_template_string"),
         "go": (b"HTML", b"JS", b"Write", b"Fprint", b"Data", b"Send", b"text/template"),
         "js": (b"send", b"write", b"end", b"innerHTML", b"outerHTML", b"insertAdjacentHTML",
                b"Response", b"dangerouslySetInnerHTML", b"return")}



_ARGS = re.compile(r"\([^()]*\)")


class Xss(AcrossFunctions, Rule):
    __doc__ = __doc__
    id = "xss"
    name = "CrossSiteScripting"
    category = "xss"
    cwe = ("CWE-79",)
    severity = "high"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("python", 'from flask import Flask, request\napp = Flask(__name__)\n\n'
                          '@app.route("/hello")\ndef hello():\n'
                          '    return f"<h1>Hello {request.args[\'name\']}</h1>"\n'),
        Example("python", 'from django.http import HttpResponse\n\n'
                          'def hello(request):\n'
                          '    return HttpResponse("<p>" + request.GET["q"] + "</p>")\n'),
        Example("go", 'package h\n\nimport "net/http"\n\nfunc H(w http.ResponseWriter, r *http.Request) {\n'
                      '\tname := r.URL.Query().Get("name")\n'
                      '\tw.Write([]byte("<h1>Hello " + name + "</h1>"))\n}\n'),
        Example("typescript", 'export function h(req, res) {\n'
                              '  res.send(`<h1>Hello ${req.query.name}</h1>`);\n}\n'),
    ]
    negative = [
        Example("python", 'import html\nfrom flask import Flask, request\napp = Flask(__name__)\n\n'
                          '@app.route("/hello")\ndef hello():\n'
                          '    return f"<h1>Hello {html.escape(request.args[\'name\'])}</h1>"\n'),
        # a feed serialized by encoding/xml (gorilla/feeds) escapes the request's text
        Example("go", 'package web\n\nimport (\n\t"fmt"\n\t"net/http"\n\n\t"github.com/gorilla/feeds"\n'
                      '\t"github.com/gorilla/mux"\n)\n\nfunc Feed(w http.ResponseWriter, r *http.Request) {\n'
                      '\talias := mux.Vars(r)["collection"]\n'
                      '\tfeed := &feeds.Feed{Title: alias, Link: &feeds.Link{Href: "/" + alias}}\n'
                      '\trss, _ := feed.ToRss()\n\tfmt.Fprint(w, rss)\n}\n', "web/feed.go"),
        Example("python", 'from django.utils.html import format_html\nfrom django.http import HttpResponse\n\n'
                          'def hello(request):\n'
                          '    return HttpResponse(format_html("<p>{}</p>", request.GET["q"]))\n'),
        Example("go", 'package h\n\nimport "net/http"\n\nfunc H(c *gin.Context) {\n'
                      '\tc.HTML(http.StatusOK, "hello.tmpl", gin.H{"name": c.Query("name")})\n}\n'),
        Example("typescript", 'export function h(req, res) {\n  res.json({ name: req.query.name });\n}\n'),
        # what a command prints is the program's output (the command line is command-injection's)
        Example("python", 'import subprocess\nfrom flask import Flask, request\napp = Flask(__name__)\n\n'
                          '@app.route("/dig")\ndef dig():\n'
                          '    data = subprocess.check_output(["dig", request.args["host"]])\n'
                          '    return data\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if not mentions(ctx, WORDS.get(ctx.language, WORDS["js"])):
            return
        idx = file_index(ctx)
        if idx is None:
            return
        flow = BarrierFlow(idx, barriers=BARRIERS, sources=GO_SOURCES if idx.lang == "go" else
                           PY_SOURCES if idx.lang == "python" else BROWSER)
        if idx.lang != "go" and not ctx.is_test and (b"render" in ctx.data or
                                                     b"TemplateResponse" in ctx.data):
            _record_renders(ctx, idx, flow)
        seen: set = set()
        path_flow = None
        for site, target, raw in self._sinks(ctx, idx, flow):
            func = idx.func_of(site.node)
            if raw and guarded_outside_content(idx, func, NOT_HTML):
                continue
            if raw and idx.lang == "go" and _sniffed_plain(idx, func, site.node):
                continue
            culprits = flow.request_culprits(target, func)
            if not culprits and idx.lang == "python" and b"request.path" in idx.data and any(
                    _PATH_CHOSEN_DECO.search(d) for d in idx.decorated.get(func, ())):
                if path_flow is None:
                    path_flow = BarrierFlow(idx, barriers=BARRIERS, sources=PY_PATH_SOURCES)
                culprits = path_flow.request_culprits(target, func)
            if not culprits and not (raw and guarded_outside_content(idx, func, NOT_HTML)):
                note_sink(ctx, idx, flow, self, func, site.node, site.callee, target)
            if not culprits or site.line in seen:
                continue
            seen.add(site.line)  # one finding per line (HttpResponse(mark_safe(x)))
            names = ", ".join(dict.fromkeys(n for n, _ in culprits))[:120]
            verb = _verb(site.callee)
            yield sink_finding(self, ctx, site, culprits, f"Request data ({names}) {verb} "
                               f"without HTML escaping ({site.callee})")

    def check_project(self, ctx) -> Iterable[Finding]:
        """The flows across functions (AcrossFunctions), then the template outputs written
        unescaped (checks/templates.py) of the templates the code renders with request data
        under that name (`_record_renders`)."""
        yield from super().check_project(ctx)
        yield from _template_findings(self, ctx)

    # -- sinks: (site, expression, raw response?) ---------------------------------------------
    def _sinks(self, ctx, idx, flow):
        for call in idx.calls:
            got = self._call_sink(call, idx, flow)
            if got is not None:
                target, raw = got
                if target is not None:
                    yield call, target, raw
        if idx.lang == "python":
            yield from self._flask_returns(ctx, idx, flow)
        elif idx.lang != "go":
            yield from self._dom_sinks(ctx, idx)
            yield from self._nest_returns(idx, flow)

    def _call_sink(self, call, idx, flow):  # noqa: C901 - one switch on frameworks
        name, recv, args = call.name, call.receiver or "", None
        if idx.lang == "python":
            if name not in PY_MARK and name not in PY_RESP:
                return None
            args = call.args
            first = call.kwargs.get("content", call.kwargs.get("source", args[0] if args else None))
            if name in PY_MARK:
                return (first if not recv or recv in ("markupsafe", "flask", "jinja2") or
                        recv.endswith(("safestring", "html")) else None), False
            if name == "render_template_string":
                return first, True
            ctype = call.kwargs.get("content_type", call.kwargs.get("mimetype",
                                    call.kwargs.get("media_type")))
            if ctype is None and name == "HttpResponse" and len(args) > 1:
                ctype = args[1]
            if ctype is not None:
                text = idx.text(ctype, 200)
                if "html" not in text.lower():
                    return None
            if name in ("HttpResponse", "HTMLResponse"):
                return first, ctype is None
            if first is None or not self._stringy(first, call.func, flow, 0):
                return None
            if name == "make_response" or (ctype is not None or _FLASK.search(idx.data)):
                return first, ctype is None
            return None
        if idx.lang == "go":
            if name in GO_MARK and recv.endswith("template"):
                return (call.args[0] if call.args else None), False
            if name in GO_EXECUTE:
                args = call.args
                if len(args) >= 2 and self._writer(idx.text(args[0], 100), call, flow) and \
                        self._text_template(recv, call, idx, flow):
                    return args[-1], True
                return None
            if name not in GO_WRITE:
                return None
            args = call.args
            if name in ("Write", "WriteString") and self._writer(recv, call, flow) and args:
                return args[0], True
            if recv in ("fmt", "io") and name in ("Fprintf", "Fprint", "Fprintln", "WriteString") \
                    and args and self._writer(idx.text(args[0], 100), call, flow):
                return (args[1] if name == "WriteString" and len(args) > 1 else call.node), True
            if re.match(r"^(c|ctx|e)(?:\.(?:Type|Status|Set)\([^()\n]{0,80}\))*$", recv):
                # (Fiber's chained setters: `c.Type("html").SendString(page)`,
                # `c.Status(200).Type("html").Send(b)`)
                typed = re.search(r"\.Type\(\s*\"html\"", recv) is not None
                if name == "HTML" and len(args) == 2:  # echo: raw HTML; gin's 3 args: a template
                    return args[1], False
                if name == "HTMLBlob" and len(args) == 2:
                    return args[1], False
                if name == "Data" and len(args) == 3 and "html" in idx.text(args[1], 100).lower():
                    return args[2], False
                if name in ("SendString", "Send") and args and (
                        typed or guarded(idx, call.func, HTML_TYPE)):
                    return args[0], False
            return None
        if name not in JS_SINKS and name != "writeln":
            return None
        args = call.args
        if not args:
            return None
        if recv == "document" and name in ("write", "writeln"):
            return args[0], False
        if name in ("send", "write", "end") and _EXPRESS_RES.match(recv):
            a = unwrap(args[0])
            if a.type in ("object", "array") or re.match(
                    r"^(req|request)\.(body|query|params|headers|cookies)$", idx.text(a, 100)):
                return None  # an object is sent as JSON
            if not self._stringy(a, call.func, flow, 0):
                return None  # a value not known to be text (a database row is sent as JSON)
            if name == "end" and not guarded(idx, call.func, HTML_TYPE):
                return None
            return a, True
        if name == "insertAdjacentHTML" and len(args) >= 2:
            return args[1], False
        if name in ("Response", "NextResponse") and call.node.type == "new_expression" \
                and len(args) >= 2 and "text/html" in idx.text(args[1], 300).lower():
            return args[0], False
        return None

    @staticmethod
    def _writer(text: str, call, flow) -> bool:
        """`text` names an http.ResponseWriter (a parameter of that type, gin's `c.Writer`,
        echo's `c.Response()`)."""
        if re.match(r"^(c|ctx)\.(Writer|Response\(\)(\.Writer)?)$", text):
            return True
        ptype = flow.param_type(text, call.func)
        return bool(ptype) and ptype.endswith("ResponseWriter")

    @staticmethod
    def _text_template(recv: str, call, idx, flow) -> bool:
        """`recv` is a template of Go's text/template (which writes data as it is; html/template
        escapes): built by the package the file imports as text/template (`t, _ :=
        template.ParseFiles(...)`, `template.Must(template.New(...).Parse(...))`), or a
        parameter typed `*template.Template` under that import."""
        alias = go_import_alias(idx.data, "text/template")
        if alias is None or not re.match(r"^\w+$", recv):
            return False
        made = re.compile(r"^" + re.escape(alias) + r"\.(ParseFiles|ParseGlob|ParseFS|New|Must)\(")
        for v, _, _ in flow.assignments(recv, call.func):
            v = unwrap(v)
            if v is not None and made.match(idx.text(v, 200)):
                return True
        ptype = flow.param_type(recv, call.func) or ""
        return ptype.lstrip("*") == alias + ".Template"

    def _flask_returns(self, ctx, idx, flow):
        flask = _FLASK.search(idx.data) is not None
        # FastAPI: `@app.get("/x", response_class=HTMLResponse)` sends the returned str as
        # text/html (fastapi/routing.py serialize_response is skipped for a Response class)
        html_class = b"HTMLResponse" in idx.data
        if not flask and not html_class:
            return
        # views registered by call (`bp.add_url_rule(rule, name, _view)`, the view a factory
        # function defines and registers, whatever path it computes)
        registered = set()
        if b"add_url_rule" in idx.data:
            for call in idx.calls:
                if call.name == "add_url_rule":
                    v = call.kwargs.get("view_func", call.args[2] if len(call.args) > 2 else None)
                    if v is not None and v.type == "identifier":
                        registered.add(idx.text(v))
        for node, func in idx.returns:
            decos = idx.decorated.get(func, [])
            if html_class and any(_HTML_CLASS.search(d) for d in decos):
                pass
            elif not flask:
                continue
            elif not any(_ROUTE.search(d) for d in decos):
                fn = idx.funcs.get(func)
                name = fn.child_by_field_name("name") if fn is not None else None
                if name is None or idx.text(name) not in registered:
                    continue
            value = node.named_children[0] if node.named_children else None
            if value is not None and value.type in ("expression_list", "tuple"):
                value = value.named_children[0] if value.named_children else None
            if value is None or _markup_formatted(value, idx) or \
                    not self._stringy(value, func, flow, 0) or self._response_var(value, func, flow):
                continue
            yield Site(node, "return"), value, True

    @staticmethod
    def _response_var(value, func, flow) -> bool:
        """A name that also holds a response object (`resp = make_response(...)`): the call that
        built it is the sink, the return only hands it on."""
        if value.type != "identifier":
            return False
        for v, _, _ in flow.assignments(flow.idx.text(value), func):
            v = unwrap(v)
            if v is not None and v.type == "call":
                fn = v.child_by_field_name("function")
                if fn is not None and flow.idx.text(fn, 100).rsplit(".", 1)[-1] in _RESPONSES:
                    return True
        return False

    def _nest_returns(self, idx, flow):
        if b"@Get" not in idx.data and b"@Post" not in idx.data and b"@All" not in idx.data:
            return
        for node, func in idx.returns:
            fn = idx.funcs.get(func)
            if fn is None or fn.type != "method_definition":
                continue
            decos, sib = [], fn.prev_named_sibling
            while sib is not None and sib.type == "decorator":
                decos.append(idx.text(sib, 200))
                sib = sib.prev_named_sibling
            if not any(_NEST_ROUTE.match(d) for d in decos) or any(d.startswith("@Render") for d in decos):
                continue
            value = node.named_children[0] if node.named_children else None
            declared = any("text/html" in d for d in decos)
            if value is None or unwrap(value) is None or not (
                    declared and unwrap(value).type not in ("object", "array") or
                    self._stringy(value, func, flow, 0)):
                continue  # (`@Header('Content-Type', 'text/html')`: whatever it returns is HTML)
            html = declared or any(
                re.search(r"<[A-Za-z/!]", s) for s in flow.strings_in(value, func))
            if html:
                yield Site(node, "return"), value, False

    def _dom_sinks(self, ctx, idx):
        if b"innerHTML" in idx.data or b"outerHTML" in idx.data:
            for node, _func in assignment_nodes(idx):
                left = node.child_by_field_name("left")
                if node.type == "assignment_expression" and left is not None and \
                        left.type == "member_expression":
                    prop = left.child_by_field_name("property")
                    if prop is not None and idx.text(prop) in ("innerHTML", "outerHTML"):
                        yield Site(node, idx.text(left, 100)), node.child_by_field_name("right"), False
        if b"dangerouslySetInnerHTML" in idx.data:
            for attr in nodes_of_type(ctx, ("jsx_attribute",)):
                kids = attr.named_children
                if not kids or idx.text(kids[0]) != "dangerouslySetInnerHTML" or len(kids) < 2:
                    continue
                expr = kids[-1].named_children[0] if kids[-1].named_children else None
                value = pairs(unwrap(expr), idx).get("__html") if expr is not None else None
                if value is not None:
                    yield Site(attr, "dangerouslySetInnerHTML"), value, False

    def _stringy(self, node, func, flow, depth) -> bool:
        """Whether `node` evaluates to text (not a dict, list, JSON response or template)."""
        node = unwrap(node)
        if node is None or depth > 6:
            return False
        t, idx = node.type, flow.idx
        if t in STRING_TYPES:
            return True
        if t in ("binary_operator", "binary_expression"):
            op = node.child_by_field_name("operator")
            if op is not None and op.type in ("+", "%"):
                return any(self._stringy(node.child_by_field_name(k), func, flow, depth + 1)
                           for k in ("left", "right"))
            return False
        if t in ("conditional_expression", "ternary_expression"):
            return any(self._stringy(c, func, flow, depth + 1) for c in node.named_children[:1] +
                       node.named_children[1:])
        text = idx.text(node, 200)
        if t in CALL_TYPES:
            fn = node.child_by_field_name("function")
            callee = re.sub(r"\s+", "", idx.text(fn, 200)) if fn is not None else ""
            # the chain's calls without their arguments: `find({ name: req.body.name })
            # .toArray()` gives rows, whatever its filter reads
            bare = callee
            for _ in range(4):
                bare, n = _ARGS.subn("()", bare)
                if not n:
                    break
            return bool(REQUEST_SOURCE.search(bare + "(")) or callee.rsplit(".", 1)[-1] in STR_CALLS
        if t in ("attribute", "subscript", "member_expression", "subscript_expression"):
            return bool(REQUEST_SOURCE.search(text)) and not re.match(
                r"^(req|request)\.(body|query|params|headers|cookies|args|form|json)$", text)
        if t == "identifier":
            if text in flow.route_params(func):
                return True
            return any(v is not None and op not in ("index", "elem") and
                       self._stringy(v, func, flow, depth + 1)
                       for v, op, _ in flow.assignments(text, func))
        return False



def _markup_formatted(node, idx) -> bool:
    """`Markup(...) % x` / `Markup(...).format(x)`: Markup escapes what it formats in."""
    node = unwrap(node)
    if node is None:
        return False
    if node.type == "binary_operator":
        left = unwrap(node.child_by_field_name("left"))
        return left is not None and left.type == "call" and \
            idx.text(left.child_by_field_name("function"), 100).endswith("Markup")
    if node.type == "call":
        fn = node.child_by_field_name("function")
        return fn is not None and fn.type == "attribute" and \
            re.search(r"Markup\(.*\)\.format$", idx.text(fn, 300), re.S) is not None
    return False


def _verb(callee: str) -> str:
    last = callee.rsplit(".", 1)[-1]
    if last in PY_MARK or last in GO_MARK or last == "dangerouslySetInnerHTML":
        return "marked safe"
    if last in ("innerHTML", "outerHTML", "insertAdjacentHTML", "write", "writeln") and \
            not callee.startswith(("res", "response", "w.", "c.", "ctx.")):
        return "inserted into the page"
    return "written into an HTML response"


_CALL_EXPR = frozenset({"call_expression"})
_DECLS = frozenset({"short_var_declaration", "assignment_statement", "var_spec"})
# the writes of a Go handler to its ResponseWriter (the first one's bytes are sniffed)
_GO_ANY_WRITE = re.compile(r"\.Write(?:String)?\(|\bFprint(?:f|ln)?\(|\bWriteString\(")
_GO_SPACE = " \t\n\x0c\r"


def _may_precede(node, call) -> bool:
    """Whether `node` (before `call` in the source) can run before it on some path: not when
    it sits in a block, outside the blocks holding `call`, that ends by returning (`if vuln ==
    "1" { w.Write(...); return }` before the branch that writes `call`)."""
    holders = set()
    p = call.parent
    while p is not None:
        holders.add((p.start_byte, p.end_byte, p.type))
        p = p.parent
    p = node.parent
    while p is not None and (p.start_byte, p.end_byte, p.type) not in holders:
        if p.type == "block" and p.parent is not None and p.parent.type == "if_statement" \
                and (p.parent.start_byte, p.parent.end_byte, p.parent.type) in holders and \
                p.parent.child_by_field_name("consequence") is not None and \
                p.parent.child_by_field_name("consequence").start_byte == p.start_byte:
            return False  # `if a { write } else { call }`: one branch or the other
        if p.type in ("block", "statement_list", "expression_case", "default_case",
                      "communication_case", "type_case"):
            stmts = [c for c in p.named_children if c.type != "comment"]
            if len(stmts) == 1 and stmts[0].type == "statement_list":
                stmts = [c for c in stmts[0].named_children if c.type != "comment"]
            if stmts and stmts[-1].type == "return_statement":
                return False
        p = p.parent
    return True


def _single_local_value(idx, fn, ident, call):
    """The value of a local the function declares once (`name := expr`) before `call` and
    never assigns again, else None."""
    name = idx.text(ident, 100)
    found = None
    for n in walk_types(fn, _DECLS):
        left = n.child_by_field_name("left") or n.child_by_field_name("name")
        if left is None or idx.text(left, 100).strip() != name:
            continue
        if found is not None or n.type != "short_var_declaration" or \
                n.start_byte > call.start_byte:
            return None
        right = n.child_by_field_name("right")
        found = right.named_children[0] if right is not None and \
            right.named_child_count == 1 else None
        if found is None:
            return None
    return found


def _sniffed_plain(idx, func, call) -> bool:
    """net/http sniffs a response that sets no Content-Type from the first bytes written
    (`http.DetectContentType`: leading spaces skipped, then markup must start with `<`): a
    first write that starts with text of the code that is not `<` (`fmt.Fprintf(w, "Output:\n%s",
    out)`, `w.Write([]byte("Hello " + name))`) is served as text/plain, not HTML."""
    fn = idx.funcs.get(func)
    if fn is None or call is None or call.type != "call_expression":
        return False
    for c in walk_types(fn, _CALL_EXPR):
        if c.start_byte >= call.start_byte:
            break
        ctext = idx.text(c, 300)
        if not (re.search(r"(?i)content-type", ctext) or _GO_ANY_WRITE.search(
                ctext.split("(", 1)[0] + "(")) or not _may_precede(c, call):
            continue
        # a type set by hand (the sniff does not run: NOT_HTML/HTML decide), or an earlier
        # write (the sniff saw other bytes), on a path that reaches this write
        return False
    args = call.child_by_field_name("arguments")
    argv = [a for a in (args.named_children if args is not None else ()) if a.type != "comment"]
    fn_node = call.child_by_field_name("function")
    name = idx.text(fn_node, 100).rsplit(".", 1)[-1] if fn_node is not None else ""
    first = argv[1] if name.startswith("Fprint") and len(argv) > 1 else argv[0] if argv else None
    seen_names = 0
    while first is not None:
        if first.type == "identifier" and seen_names < 3:
            # `result := fmt.Sprintf("Result: %s", t)` then `w.Write([]byte(result))`
            seen_names += 1
            first = _single_local_value(idx, fn, first, call)
            continue
        if first.type == "call_expression" and first.named_child_count == 2 and \
                idx.text(first.child_by_field_name("function"), 20).replace(" ", "") == "[]byte":
            a = first.child_by_field_name("arguments")
            first = a.named_children[0] if a is not None and a.named_child_count == 1 else None
        elif first.type == "type_conversion_expression":
            first = first.child_by_field_name("operand")
        elif first.type == "binary_expression":
            first = first.child_by_field_name("left")
        elif first.type == "parenthesized_expression" and first.named_child_count == 1:
            first = first.named_children[0]
        elif first.type == "call_expression" and idx.text(
                first.child_by_field_name("function"), 40) in ("fmt.Sprintf", "fmt.Sprint"):
            # `[]byte(fmt.Sprintf("Profile of %s", id))`: the bytes start with the format's
            a = first.child_by_field_name("arguments")
            first = a.named_children[0] if a is not None and a.named_child_count else None
        else:
            break
    if first is None or first.type not in ("interpreted_string_literal", "raw_string_literal"):
        return False
    lead = idx.text(first, 600)[1:-1].lstrip(_GO_SPACE)
    if lead.startswith("\\n") or lead.startswith("\\t"):
        lead = lead.replace("\\n", "").replace("\\t", "").lstrip(_GO_SPACE)
    return bool(lead) and lead[0] not in "<%"


# -- templates: the render calls of the code, joined with the templates' unescaped outputs ---
# Flask `render_template(name, **context)`, Django `render(request, name, context)` /
# `render_to_response` / `render_to_string` / `TemplateResponse`, Express `res.render(view,
# locals)`: (the template name's argument index, the context's, the engine family)
_PY_RENDERS = {"render_template": (0, None, "flask"), "render": (1, 2, "django"),
               "render_to_response": (0, 1, "django"), "render_to_string": (0, 1, "django"),
               "TemplateResponse": (1, 2, "django")}


def _record_renders(ctx, idx, flow) -> None:
    """Each render call naming its template with a literal and handing request data under
    some name: {"template", "engine", "line", "keys": {name: [culprit text, line]}}, kept in
    the file's facts for the project part."""
    out = []
    for call in idx.calls:
        name, recv = call.name, call.receiver or ""
        if idx.lang == "python":
            spec = _PY_RENDERS.get(name)
            if spec is None or (name == "render" and recv not in ("", "shortcuts")):
                continue
            at, ctx_at, engine = spec
            args = call.args
            if name == "TemplateResponse" and args and literal(unwrap(args[0]), idx.data):
                # Starlette's `templates.TemplateResponse(name, {"request": request, ...})`
                # (its Jinja2Templates environment autoescapes every template)
                at, ctx_at, engine = 0, 1, "starlette"
            tpl = call.kwargs.get("template_name_or_list", call.kwargs.get(
                "template_name", args[at] if len(args) > at else None))
            values = dict(call.kwargs) if ctx_at is None else {}
            cnode = call.kwargs.get("context", args[ctx_at] if ctx_at is not None and
                                    len(args) > ctx_at else None)
        else:
            if name != "render" or not re.match(r"^(res|response|reply|ctx)$", recv):
                continue
            args, engine = call.args, "js"
            tpl = args[0] if args else None
            cnode = args[1] if len(args) > 1 else None
            values = {}
        tname = literal(unwrap(tpl), idx.data) if tpl is not None else None
        if not tname:
            continue
        if cnode is not None:
            values.update(_context_pairs(idx, unwrap(cnode), call.func))
        keys = {}
        for k, v in values.items():
            if k in ("template_name_or_list", "template_name", "context", "status",
                     "content_type", "using"):
                continue
            culprits = [c for c in flow.request_culprits(v, call.func)
                        if not _STORED_USER.match(c[0])]
            if culprits:
                keys[k] = [culprits[0][0][:120], culprits[0][1]]
                # (an object handed under the name, field by field: `output = {products:
                # rows, searchTerm: req.body.name}` taints `output.searchTerm` only)
                fields = _context_pairs(idx, unwrap(v), call.func) \
                    if unwrap(v) is not None and unwrap(v).type in ("identifier", "object",
                                                                     "dictionary") else {}
                tainted = sorted(f for f, fv in fields.items()
                                 if flow.request_culprits(fv, call.func)) if fields else []
                if tainted:  # (none told apart: the whole object stays tainted)
                    keys[k].append(tainted)
        if keys:
            out.append({"template": tname[:200], "engine": engine, "line": call.line,
                        "keys": keys})
    if out:
        ctx.facts.extra["renders"] = out[:200]


# the logged-in user and the session: what the application stored, not the request's text
_STORED_USER = re.compile(r"(?:current_user|g\.user|request\.user|request\.session|session|"
                          r"req\.user|req\.session)\b")


def _context_pairs(idx, node, func) -> dict:
    """name -> value node of a render's context: a dict or object literal, or a local the
    function assigns one to (`context = {"q": q}` ... `render(request, "t.html", context)`)."""
    if node is None:
        return {}
    if node.type == "identifier":
        node = next((unwrap(v) for v, _op, _ln in idx.assigns_in(func).get(idx.text(node), ())
                     if v is not None and unwrap(v) is not None and
                     unwrap(v).type in ("dictionary", "object")), None)
        if node is None:
            return {}
    if node.type == "call" and idx.text(node.child_by_field_name("function")) == "dict":
        argn = node.child_by_field_name("arguments")
        return {idx.text(a.child_by_field_name("name")): a.child_by_field_name("value")
                for a in (argn.named_children if argn is not None else ())
                if a.type == "keyword_argument"}
    if node.type not in ("dictionary", "object"):
        return {}
    return {k: v for k, v in pairs(node, idx).items() if isinstance(k, str)}


def _template_findings(rule, ctx) -> Iterable[Finding]:
    facts = ctx.facts or {}
    renders = [(p, r) for p, fx in facts.items()
               for r in (fx.get("extra") or {}).get("renders") or ()]
    if not renders:
        return
    templates = {p: fx["extra"]["template"] for p, fx in facts.items()
                 if fx.get("language") == "template" and (fx.get("extra") or {}).get("template")}
    if not templates:
        return
    seen = set()
    for code, r in renders:
        tpath = _template_file(code, r["template"], r["engine"], templates)
        if tpath is None:
            continue
        tpl = templates[tpath]
        aliases = tpl.get("aliases") or {}
        escaped = r["engine"] in ("django", "starlette") or (
            r["engine"] == "flask" and tpath.lower().endswith(FLASK_AUTOESCAPED))
        for out in tpl.get("outputs") or ():
            if out.get("plain") and (escaped or r["engine"] == "js"):
                continue
            key = next((k for k in (_tainted_key(v, r["keys"], aliases)
                                    for v in out.get("vars") or ()) if k), None)
            if key is None or (tpath, out["line"]) in seen:
                continue
            seen.add((tpath, out["line"]))
            src, sline = r["keys"][key][:2]
            how = "autoescaping off for this template type" if out.get("plain") else out["how"]
            # (the endpoints are attached from the flow's source, in the handler's chain, as
            # for any finding with a flow: scan.findings.attach_endpoints)
            yield rule.finding(
                tpath, out["line"],
                f"Request data ({src}) rendered into {tpath} without HTML escaping ({how}) "
                f"through {key!r} of the render at {code}:{r['line']}",
                related=[(code, r["line"])],
                flow=[(code, sline, f"source: {src}"), (code, r["line"], f"render({key}=...)"),
                      (tpath, out["line"], f"sink: {out['how']}")])


def _tainted_key(var: str, keys: dict, aliases: dict) -> str | None:
    """The render's key an output's name reads with request data in it: the name itself (or
    the collection a loop variable runs over), and, for an object passed field by field, only
    a read of one of its tainted fields (`output.searchTerm`, not `output.products`)."""
    root, _, attr = var.partition(".")
    key = root if root in keys else aliases.get(root)
    if key not in keys:
        return None
    fields = keys[key][2] if len(keys[key]) > 2 else None
    if fields is not None and key == root and attr and attr not in fields:
        return None
    return key


_JS_VIEW_EXT = (".ejs", ".pug", ".jade", ".hbs", ".handlebars", ".mustache", ".html", ".njk")


def _template_file(code: str, name: str, engine: str, templates: dict) -> str | None:
    """The template file a render names: a Flask or Django name below a `templates` folder,
    an Express view (its extension from the view engine when left out) below any folder; of
    several, the one nearest the rendering file."""
    name = name.lstrip("/")
    if engine == "js":
        wants = [name] if "." in name.rsplit("/", 1)[-1] else [name + e for e in _JS_VIEW_EXT]
        cands = [p for p in templates for w in wants if p == w or p.endswith("/" + w)]
    else:
        cands = [p for p in templates if p.endswith("templates/" + name)]
    if not cands:
        return None
    cdir = code.rsplit("/", 1)[0].split("/") if "/" in code else []
    # (os.path.commonprefix compares lists element by element: the folders shared)
    return max(cands, key=lambda p: (len(os.path.commonprefix([cdir, p.split("/")])), -len(p)))

