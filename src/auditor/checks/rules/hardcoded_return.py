"""A function on a request path that answers with literals instead of real data.

What it finds:
A handler, or a service or repository function on an endpoint's trace, whose answer is built
only from literals: every non-error return or response is a constant (`return 0.95`,
`c.JSON(200, gin.H{"total": 1234})`, `return {"orders": [], "count": 42}`), it fetches nothing
(no call beyond logging, formatting and writing the response) and either ignores the inputs it
was given or a comment admits the shortcut ("For MVP: return baseline score"), next to the
value or anywhere in the function before its answers ("For MVP: use the status as a proxy" over a
switch of constants). Also an export or download (the function sets `Content-Disposition:
attachment` or a file content type) that answers a fixed string instead of the file:
`c.SendString("Report export\nPlease use JSON format")`. Health,
readiness and version answers, error responses, accessors such as `String()` or `TableName()`,
configuration constants and callbacks (a function written as a call's argument, such as a
`sync.Map` Range callback answering `true` to go on) are not findings.

Why it matters:
A constant answer looks like a working feature in a demo and in a smoke test, and silently
returns the same value to every caller in production: a trust score that is always 0.95, an
analytics total that never changes. The checklist asks for zero hardcoded return values.

Example:
    func (c *TrustCalculator) calculateSuccessRate(agent *domain.Agent) float64 {
        // For MVP: Return baseline score
        return 0.95
    }

Fix:
Compute the value from what the function was given or fetch it (query the table the TODO names);
where a default is intended, make it a named configuration constant.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.chainflow import route_flow
from auditor.checks.impl import (ERRORISH, EXCLUDED_NAMES, LOGOUT_ROUTE, admission_near,
                                 fetch_calls, impl_context, production_path, short)
from auditor.model import Finding

_FASTAPI_STUB = '''from fastapi import FastAPI

app = FastAPI()


@app.get("/api/stats")
def stats():
    return {"total_orders": 1234, "revenue": 99.5}
'''
_FASTAPI_REAL = '''from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/api/stats")
def stats(db=None):
    rows = db.execute("SELECT count(*) FROM orders").fetchone()
    return {"total_orders": rows[0]}


@app.get("/api/items/{item_id}")
def item(item_id: int):
    if item_id < 0:
        return {"error": "not found"}
    return {"id": item_id}
'''


_GO_STUB = '''package reports

import "github.com/gofiber/fiber/v3"

type Service interface{ Rows() ([]string, error) }

type Handler struct{ svc Service }

func (h *Handler) Export(c fiber.Ctx) error {
	if _, err := h.svc.Rows(); err != nil {
		return c.Status(500).JSON(fiber.Map{"error": "failed"})
	}
	c.Set("Content-Type", "text/csv")
	c.Set("Content-Disposition", "attachment; filename=report.csv")
	return c.SendString("Report Export\nPlease use JSON format for the full report.")
}

func Register(app *fiber.App, h *Handler) {
	app.Get("/api/reports/export", h.Export)
}
'''
_GO_REAL = '''package reports

import (
	"strings"

	"github.com/gofiber/fiber/v3"
)

type Service interface{ Rows() ([]string, error) }

type Handler struct{ svc Service }

func (h *Handler) Export(c fiber.Ctx) error {
	rows, err := h.svc.Rows()
	if err != nil {
		return c.Status(500).SendString("export failed")
	}
	c.Set("Content-Type", "text/csv")
	c.Set("Content-Disposition", "attachment; filename=report.csv")
	return c.SendString("id,name\n" + strings.Join(rows, "\n"))
}

func Register(app *fiber.App, h *Handler) {
	app.Get("/api/reports/export", h.Export)
}
'''

# A server-rendered page with its page settings (the template is the page) and a liveness probe
# at /ok: neither answers made-up data.
_EXPRESS_PAGES = '''const express = require('express');

const app = express();

app.get('/api/upload', (req, res) => {
  res.render('api/upload', {
    title: 'File Upload',
    mapKey: process.env.MAP_KEY,
  });
});

app.get('/ok', (req, res) => {
  res.json({ ok: true });
});

module.exports = app;
'''


class HardcodedReturn(Rule):
    __doc__ = __doc__
    id = "hardcoded-return"
    name = "HardcodedReturnValue"
    category = "hardcoded-return"
    severity = "high"
    confidence = "high"
    precision = "high"
    scope = "project"
    positive = [Example("python", _FASTAPI_STUB, "app.py"),
                Example("go", _GO_STUB, "internal/reports/handler.go")]
    negative = [Example("python", _FASTAPI_REAL, "app.py"),
                Example("go", _GO_REAL, "internal/reports/handler.go"),
                Example("javascript", _EXPRESS_PAGES, "app.js")]

    def check_project(self, ctx) -> Iterable[Finding]:
        by_key = {e.key: e for e in ctx.endpoints}
        for info, first, message, related in hardcoded_functions(ctx):
            keys = sorted(info.endpoints)
            e = by_key.get(keys[0]) if keys else None
            yield self.finding(info.file, first["line"], message, snippet=first["text"],
                               endpoints=keys, critical_path=True, related=related,
                               flow=route_flow(e, info.file, first["line"]) if e else ())
        yield from self._placeholder_exports(ctx)

    def _placeholder_exports(self, ctx) -> Iterable[Finding]:
        """A download (the function sets an attachment or a file content type) whose successful
        answer is a fixed string: the file is a sentence."""
        ic = impl_context(ctx)
        for info in ic.traced_production_functions():
            rec = info.rec
            if not rec.get("downloads") or ic.static_endpoints_only(info):
                continue
            for r in rec["responses"]:
                if r.get("string") and r["literal"] and r["data"] and (r["status"] or 200) < 400:
                    yield self.finding(
                        info.file, r["line"],
                        f"{short(rec.get('name') or 'function')} sends a file (attachment or "
                        f"file content type at line {rec['downloads'][0]}) whose content is a "
                        f"fixed string: {r['text'][:80]}",
                        snippet=r["text"], endpoints=sorted(info.endpoints), critical_path=True,
                        related=[(info.file, rec["downloads"][0])])
                    break


def hardcoded_functions(ctx) -> list:
    """(function, the first literal answer, message, related) for every hardcoded function;
    computed once per scan and shared with the stub-comment rule, which defers to it."""
    ic = impl_context(ctx)
    cached = getattr(ic, "_hardcoded", None)
    if cached is None:
        cached = ic._hardcoded = list(_hardcoded(ic))
    return cached


STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _hardcoded(ic):
    for info in ic.functions():
        if not production_path(info.file):
            continue
        rec = info.rec
        handler = bool(info.is_handler_of)
        if not info.on_trace or ic.static_endpoints_only(info):
            continue
        if handler and {k.split(" ", 1)[0] for k in info.is_handler_of} <= STATE_CHANGING:
            continue  # an acknowledge-only handler: the noop-handler rule's case
        if handler and all(LOGOUT_ROUTE.search(k.split(" ", 1)[-1]) for k in info.is_handler_of):
            continue  # a logout answers that it forgot the session or token, by design
        if EXCLUDED_NAMES.match(rec.get("name", "").rsplit(".", 1)[-1] or "_"):
            continue
        if rec.get("callback") and not handler:
            continue  # a callback's answer goes to the API it is handed to (`Range` goes on)
        if fetch_calls(rec):
            continue
        answers = [_derived(r, rec) for r in rec["returns"] if not ERRORISH.search(r["text"])
                   and not r["text"].startswith(tuple(x["callee"] for x in rec["responses"]) or ("\0",))]
        responses = [r for r in rec["responses"] if (r["status"] or 200) < 400]
        literal = [a for a in answers if a["literal"]] + [r for r in responses if r["literal"]]
        nonliteral = [a for a in answers if not a["literal"] and not _is_response(a, rec)] + \
                     [r for r in responses if not r["literal"]]
        data = [a for a in literal if a["data"] and not _page(a)]
        if not data or nonliteral:
            continue
        if all(_string_only(a["text"]) or _liveness(a["text"]) for a in data) and not any(
                admission_near(rec, a["line"]) for a in data):
            continue  # labels and names; a liveness reply
        admitted = next((admission_near(rec, a["line"]) for a in data
                         if admission_near(rec, a["line"])), None) or _admitted_above(rec, literal)
        ignores_inputs = bool(rec["params"]) and len(rec["unused_params"]) == len(rec["params"])
        if admitted and not handler and not ignores_inputs and _scale(rec, data):
            admitted = None  # the comment is one branch's default of a mapping of the input
        if not (handler or admitted or ignores_inputs):
            continue
        first = min(data, key=lambda a: a["line"])
        why = []
        if ignores_inputs:
            why.append(f"ignores its input{'s' if len(rec['params']) > 1 else ''} "
                       f"({', '.join(rec['unused_params'])})")
        if admitted:
            why.append(f"the comment says: {admitted['text'].lstrip('/#* ').strip()[:100]}")
        if not why:
            why.append("nothing on its trace fetches data")
        layer = "handler" if handler else (info.layer if info.layer != "handler" else "function")
        related = [(info.file, admitted["line"])] if admitted and admitted["line"] != first["line"] else []
        yield (info, first, f"{layer} {short(rec.get('name') or 'function')} answers a hardcoded "
               f"value ({first['text'][:80]}); " + "; ".join(why), related)


_IDENT = re.compile(r"[A-Za-z_]\w*")
_PURE = {"min", "max", "round", "abs", "float", "int", "str", "bool", "True", "False", "None",
         "true", "false", "nil", "null", "undefined", "math", "Math", "and", "or", "not"}


def _derived(ret: dict, rec: dict) -> dict:
    """A return built only from locals the function set to literals (`base = 0.1 ...
    return min(base, 1.0)`) is as constant as a literal one."""
    if ret["literal"]:
        return ret
    constants = {a["target"] for a in rec["assigns"] if a["literal"] and a.get("data")
                 and not a.get("field") and _IDENT.fullmatch(a["target"] or "")}
    names = set(_IDENT.findall(re.sub(r"(['\"]).*?\1", "", ret["text"])))
    if constants and names and names <= constants | _PURE and names & constants:
        return {**ret, "literal": True, "data": True}
    return ret


def maps_input(rec: dict) -> bool:
    """`_scale` of a function record by its own literal returns (for stub-comment)."""
    if not rec["params"] or len(rec["unused_params"]) == len(rec["params"]):
        return False
    data = [r for r in rec["returns"] if r["literal"] and r["data"]]
    return bool(data) and _scale(rec, data)


def _scale(rec: dict, data: list) -> bool:
    """A function that maps the input it reads onto literals (`calculateTimeScore`: a switch
    of thresholds answering 1..10) where a comment stands beside one answer only ("return 1 //
    No data yet, assume simple"): the comment speaks of that branch's default, and the other
    answers, different values no comment admits, are the mapping itself."""
    if _admitted_above(rec, data):
        return False  # a comment over every answer speaks of them all
    admitted = [a for a in data if admission_near(rec, a["line"])]
    plain = {a["text"] for a in data if not admission_near(rec, a["line"])}
    return len(admitted) == 1 and len(plain) >= 2


def _is_response(ret: dict, rec: dict) -> bool:
    return any(r["line"] == ret["line"] for r in rec["responses"])


def _admitted_above(rec: dict, answers: list) -> dict | None:
    """An admitting comment in the body above every answer of a function whose answers are all
    constants: "For MVP: use the agent's status as a proxy" over a switch of literals."""
    first = min(a["line"] for a in answers)
    return next((a for a in rec.get("admissions", ())
                 if rec.get("body_line", rec["line"]) <= a["line"] < first), None)


_PAGE_RENDER = re.compile(r"(^|\.)(render|Render|render_template|TemplateResponse)$")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`")
_FIGURE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\b|\[")
_TEMPLATE_FILE = re.compile(r"[\"'`][\w./-]+\.(tmpl|gohtml|html|htm|jinja2?|j2|hbs|ejs|pug|njk|"
                            r"mustache|liquid)[\"'`]")
# the status beside a page's template (`code: 404`, `status: http.StatusNotFound`)
_TEMPLATE_STATUS = re.compile(r"\b(code|status|Code|Status)\s*[:=]\s*\d{3}\b")


def _page(answer: dict) -> bool:
    """A template rendered with page settings only (`res.render('api/index', {title: 'API
    Examples'})`, `c.Render("login", fiber.Map{"Title": "Login"})`): the page is the template,
    its context names and switches it; no figure or list is made up."""
    text = answer["text"]
    if not _PAGE_RENDER.search(answer.get("callee") or ""):
        # a response value naming its template (gonic's `&Response{template: "login.tmpl"}`,
        # a handler's own type for a page): the page is the template too
        return bool(_TEMPLATE_FILE.search(text)) and \
            not _FIGURE.search(_TEMPLATE_STATUS.sub("", _QUOTED.sub("", text)))
    # (`res.status(200).render(...)`: the status the page is sent with is no figure of it)
    return not _FIGURE.search(_CHAINED_STATUS.sub("", _QUOTED.sub("", text)))


_CHAINED_STATUS = re.compile(r"\.status\(\s*\d{3}\s*\)")


def _string_only(text: str) -> bool:
    t = text.strip()
    return len(t) >= 2 and t[0] in "\"'`" and t[-1] == t[0]


_ALIVE = re.compile(r"(?i)^\W*([\w .-]{0,40}\b(is|are)\s+)?(up|running|alive|healthy|online|ok|okay|"
                    r"ready|pong|live|available|operational)\b\W*$")


def _liveness(text: str) -> bool:
    """An answer whose only text says the service is up (`{Message: "daemon is running"}`,
    `{"status": "ok"}`, `"pong"`): a liveness reply, whatever the route is called. Every quoted
    string of the answer must say so, or be a key (`"status"`), and no number or flag beside."""
    said = [m.group(0)[1:-1] for m in _QUOTED.finditer(text)]
    if not said or re.search(r"\b\d|\b(true|false|True|False)\b", _QUOTED.sub("", text)):
        return False
    values = [v for v in said if not re.fullmatch(r"[a-z_]+", v) or _ALIVE.match(v)]
    return bool(values) and all(_ALIVE.match(v) for v in values)
