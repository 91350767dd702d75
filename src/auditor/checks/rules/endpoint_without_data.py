"""An endpoint whose trace reaches no service, repository or database at all.

What it finds:
A non-static endpoint (not health, readiness, version or docs) whose handler, followed through
the call graph, reaches no service, no repository and no database call: no call on its chain
reaches a database, cache or document store of a known library (SQLAlchemy, Django ORM, GORM,
database/sql, Prisma, TypeORM, Mongoose, Redis...), wherever it is made, the handler included. Reported as information
for the checklist ("All handlers traced to services"): a legitimately static endpoint is fine,
but a data endpoint that touches no data is a stub.

Why it matters:
It is the inventory view of "real implementation": every endpoint either serves data from its
store or is knowingly static.

Example:
    @app.get("/api/analytics/summary")
    def summary():
        return build_summary()   # a helper that reads nothing

An endpoint whose route middleware (not its auth) reads the data the handler renders
(`r.Use(accountCtx)`, `router.get("/:id", loadItem, show)`) is not reported either. An endpoint
whose chain keeps its state in the session (a login or logout, `session.Save()`) or
in files it saves, reads or serves (`c.SaveUploadedFile`, `os.WriteFile`, `res.sendFile`) is not
reported: its data is there. Nor is an OPTIONS route that a CORS middleware alone answers
(`app.options('*', cors())`): a preflight carries headers, no data.

Fix:
Trace the endpoint to the service that owns its data; an endpoint that is static by design can
be left as it is (the finding is information) or suppressed with an
`auditor: ignore[endpoint-without-data]` comment on the line the finding names.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import cors_preflight, impl_context, is_static_path, production_path, short
from auditor.model import Finding

_POS = '''from fastapi import FastAPI

app = FastAPI()


def build_summary():
    return {"visits": 10}


@app.get("/api/analytics/summary")
def summary():
    return build_summary()
'''
_NEG = '''from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/version")
def version():
    return {"version": "1.2.0"}
'''


_NEG_STATE = '''from django.contrib.auth import logout
from django.http import FileResponse, JsonResponse


def sign_out(request):
    logout(request)
    return JsonResponse({"ok": True})


def report(request, name):
    return FileResponse(open("/srv/reports/" + name, "rb"))
'''

# Stores that are not databases: the session (Django `logout` flushes it, a Fiber or gorilla
# session store saves it), and files the app keeps (uploads saved, served or read back).
_STATE_CALL = re.compile(
    r"(^|\.)(logout|logout_user|login|flush|SaveUploadedFile|SaveFile|sendFile|send_file|"
    r"FileResponse|ReadFile|WriteFile|readFile|writeFile|createReadStream|createWriteStream|"
    r"SetWithTTL)$|"
    r"(^|\.)(session|sess|store|sessions|Session|Store)\.(Save|save|Destroy|destroy|Delete|Set|"
    r"Get|flush|clear|pop|regenerate)$|"
    r"^(os|ioutil)\.(Create|Open|OpenFile|ReadFile|WriteFile|Remove|ReadDir)$")


def _keys(ic, locs, kind: str) -> set[str]:
    """The keys the functions at `locs` put on the request ("set") or take from it ("get"):
    Go's context.WithValue / ctx.Value, gorilla/context, gin and echo c.Set / c.Get, fiber
    c.Locals (the index keeps them on the call)."""
    out = set()
    for file, line in locs:
        info = ic.function_at(file, line, exact=True)
        for c in (info.rec.get("calls", []) if info is not None else ()):
            got = c.get("ctx")
            if got and got[0] == kind:
                out.add(got[1])
    return out


def _hands_on_what_it_read(ic, e) -> bool:
    """An access check on the route (a middleware answering 401/403) that read data and put what
    it read on the request for the handler, which takes it from there: `r.Use(accountCtx)`
    loading the account by the token's id, rejecting with 401 when it is gone, and storing it
    with context.WithValue for `get` to render. The handler renders data, read one step
    earlier."""
    loaders = getattr(e, "access_loaders", None) or ()
    if not loaders:
        return False
    taken = _keys(ic, [(c.file, c.line) for c in e.chain], "get")
    return bool(taken) and any(_keys(ic, locs, "set") & taken for _mw, locs in loaders)


def _keeps_state(ic, e) -> str:
    """A call on the endpoint's chain that keeps or reads its state outside a database."""
    for node in e.chain:
        info = ic.function_at(node.file, node.line, exact=True)
        for c in (info.rec.get("calls", []) if info is not None else ()):
            if _STATE_CALL.search(c.get("callee") or ""):
                return c["callee"]
    return ""


class EndpointWithoutData(Rule):
    __doc__ = __doc__
    id = "endpoint-without-data"
    name = "EndpointTouchesNoData"
    category = "layering"
    severity = "info"
    confidence = "medium"
    scope = "project"
    positive = [Example("python", _POS, "app.py")]
    negative = [Example("python", _NEG, "app.py"), Example("python", _NEG_STATE, "app.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        for e in ic.endpoints:
            if e.reaches_service or e.reaches_repository or e.reaches_sql or e.data_sites:
                continue
            if is_static_path(e.path) or not e.chain or cors_preflight(e):
                continue  # a CORS preflight carries no data by design
            reg = e.registered_at
            if not production_path(reg.get("file", "")):
                continue
            kept = _keeps_state(ic, e)
            if kept or getattr(e, "data_middleware", None) or \
                    getattr(e, "store_middleware", None) or _hands_on_what_it_read(ic, e):
                continue  # its data lives in a session or on disk, or a middleware loads it
            yield self.finding(reg.get("file", ""), reg.get("line", 1),
                               f"{e.key}: handler {short(e.chain[0].name)} reaches no service, "
                               "repository or database", endpoints=[e.key], critical_path=True)
