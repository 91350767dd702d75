"""A state-changing endpoint that acknowledges the request and does nothing.

What it finds:
A POST, PUT, PATCH or DELETE endpoint whose handler calls nothing that could change state (no
service, no repository, no database call on its trace) and answers success: `return {"status":
"ok"}`, `c.SendStatus(204)`, `res.json({success: true})`.

Why it matters:
The client is told the change happened. Nothing was saved, sent or deleted.

Example:
    @router.post("/webhooks/{id}/test")
    def test_webhook(id: str):
        return {"success": True}

Fix:
Call the service that performs the change, or answer 501 until it exists.
"""
from __future__ import annotations

from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import fetch_calls, impl_context, production_path, short
from auditor.model import Finding

_POS = '''from fastapi import FastAPI

app = FastAPI()


@app.post("/api/alerts/{alert_id}/acknowledge")
def acknowledge(alert_id: str):
    return {"success": True}
'''
_NEG = '''from fastapi import FastAPI

app = FastAPI()


class AlertService:
    def acknowledge(self, alert_id):
        return self.repo.update(alert_id)


service = AlertService()


@app.post("/api/alerts/{alert_id}/acknowledge")
def acknowledge(alert_id: str):
    service.acknowledge(alert_id)
    return {"success": True}
'''

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


class NoopHandler(Rule):
    __doc__ = __doc__
    id = "noop-handler"
    name = "AcknowledgeOnlyHandler"
    category = "hardcoded-return"
    severity = "high"
    confidence = "medium"
    scope = "project"
    positive = [Example("python", _POS, "app.py")]
    negative = [Example("python", _NEG, "app.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        for e in ic.endpoints:
            if e.method not in STATE_CHANGING or not e.chain:
                continue
            if e.reaches_service or e.reaches_repository or e.reaches_sql or len(e.chain) > 1:
                continue
            h = e.chain[0]
            if not production_path(h.file):
                continue
            info = ic.function_at(h.file, h.line, exact=True)
            if info is None or fetch_calls(info.rec):
                continue
            answers = [r for r in info.rec["responses"] if (r["status"] or 200) < 300] + \
                      [r for r in info.rec["returns"] if r["literal"] and r["data"]]
            if not answers or any(not r["literal"] for r in info.rec["responses"]):
                continue
            first = min(answers, key=lambda r: r["line"])
            yield self.finding(h.file, first["line"],
                               f"{e.key}: handler {short(h.name)} answers success "
                               f"({first['text'][:60]}) without doing anything",
                               snippet=first["text"], endpoints=[e.key], critical_path=True,
                               related=[(e.registered_at.get("file", ""), e.registered_at.get("line", 0))])
