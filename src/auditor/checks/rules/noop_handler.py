"""A state-changing endpoint that acknowledges the request and does nothing.

What it finds:
A POST, PUT, PATCH or DELETE endpoint whose handler calls nothing that could change state (no
service, no repository, no database call on its trace) and answers success: `return {"status":
"ok"}`, `c.SendStatus(204)`, `res.json({success: true})`.

Also such an endpoint whose handler does call a function to do the work, when that function
does nothing: its body only returns (`return nil`, `pass`, an empty block) next to a comment that
admits it ("TODO: implement", "For now, we'll just return nil"), and the handler answers a
literal success (`{"success": true}`).

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

import re
from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import fetch_calls, impl_context, production_path, short
from auditor.checks.rules.endpoint_without_data import _AUTH_STRATEGY
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
_POS_DELEGATE = '''from fastapi import FastAPI

app = FastAPI()


class AuditService:
    def log_result(self, audit_id: str, success: bool):
        # TODO: store the result on the audit record
        pass


audit = AuditService()


@app.post("/api/actions/{audit_id}/result")
def log_result(audit_id: str, success: bool):
    audit.log_result(audit_id, success)
    return {"success": True}
'''
# A deliberate no-op (a null object) says nothing about missing work, and a real service call:
# neither is a finding.
_NEG_DELEGATE = '''from fastapi import FastAPI

app = FastAPI()


class NullNotifier:
    def notify(self, user_id: str, text: str):
        pass


class AuditService:
    def __init__(self, db):
        self.db = db

    def log_result(self, audit_id: str, success: bool):
        self.db.execute("UPDATE audit SET success = %s WHERE id = %s", (success, audit_id))


audit = AuditService(None)
notifier = NullNotifier()


@app.post("/api/actions/{audit_id}/result")
def log_result(audit_id: str, success: bool):
    audit.log_result(audit_id, success)
    notifier.notify("admin", "logged")
    return {"success": True}
'''

# A logout or sign-out that clears the session cookie or the session does change state:
# Fiber `c.Cookie`/`c.ClearCookie`, `http.SetCookie`, Express `res.clearCookie`, Starlette and
# Django `response.delete_cookie`/`set_cookie`, Next.js `cookies().delete`, Flask-Login
# `logout_user`, Django `logout`, `req.logout`, `session.clear()`/`destroy()`.
_SESSION_EFFECT = re.compile(r"(^|\.)(Cookie|ClearCookie|SetCookie|clearCookie|cookie|set_cookie|"
                             r"delete_cookie|logout|logout_user|Logout|signOut|destroy|"
                             r"invalidate|Invalidate|revoke|Revoke)$|"
                             r"(^|\.)(session|Session|cookies\(\))\.(clear|pop|delete|flush|"
                             r"Clear|Delete|Destroy|Options)$")

_NEG_LOGOUT = '''from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/auth/logout")
def logout(response: Response):
    response.delete_cookie("access_token")
    return {"message": "Logged out successfully"}
'''

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


# A validation endpoint: it answers one literal or another by what it checked in the request.
_NEG_VALIDATE = '''package controllers

import (
\t"strconv"

\t"github.com/gofiber/fiber/v2"
)

func ValidateAmount(c *fiber.Ctx) error {
\tamount := c.Params("amount")
\tif _, err := strconv.ParseFloat(amount, 32); err != nil || amount == "" {
\t\tc.Status(400)
\t\treturn c.JSON(fiber.Map{"validationError": true})
\t}
\treturn c.JSON(fiber.Map{"validationError": false})
}

func Register(app *fiber.App) {
\tapp.Post("/orders/validate/:amount", ValidateAmount)
}
'''


class NoopHandler(Rule):
    __doc__ = __doc__
    id = "noop-handler"
    name = "AcknowledgeOnlyHandler"
    category = "hardcoded-return"
    severity = "high"
    confidence = "medium"
    scope = "project"
    positive = [Example("python", _POS, "app.py"), Example("python", _POS_DELEGATE, "app.py")]
    negative = [Example("python", _NEG, "app.py"), Example("python", _NEG_DELEGATE, "app.py"),
                Example("go", _NEG_VALIDATE, "rest/controllers/order.go"),
                Example("python", _NEG_LOGOUT, "app.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        for e in ic.endpoints:
            if e.method not in STATE_CHANGING or not e.chain:
                continue
            if any(_AUTH_STRATEGY.search(m or "") for m in (e.middleware or ())):
                continue  # passport's strategy on the route logs the user in: the work is done
            if e.reaches_service or e.reaches_repository or e.reaches_sql or len(e.chain) > 1:
                yield from self._delegates_to_noop(ic, e)
                continue
            h = e.chain[0]
            if not production_path(h.file):
                continue
            info = ic.function_at(h.file, h.line, exact=True)
            if info is None or fetch_calls(info.rec):
                continue
            if any(_SESSION_EFFECT.search(c["callee"]) for c in info.rec["calls"]):
                continue  # it clears the session or its cookie: a logout that does its work
            answers = [r for r in info.rec["responses"] if (r["status"] or 200) < 300] + \
                      [r for r in info.rec["returns"] if r["literal"] and r["data"]]
            if not answers or any(not r["literal"] for r in info.rec["responses"]):
                continue
            if len({" ".join(r["text"].split()) for r in info.rec["responses"]}) > 1:
                continue  # it picks its answer from what it checked (a validation): not an ack
            first = min(answers, key=lambda r: r["line"])
            yield self.finding(h.file, first["line"],
                               f"{e.key}: handler {short(h.name)} answers success "
                               f"({first['text'][:60]}) without doing anything",
                               snippet=first["text"], endpoints=[e.key], critical_path=True,
                               related=[(e.registered_at.get("file", ""), e.registered_at.get("line", 0))])

    def _delegates_to_noop(self, ic, e) -> Iterable[Finding]:
        """The handler calls a function that does nothing (it admits so) and answers success."""
        h = e.chain[0]
        if not production_path(h.file):
            return
        hinfo = ic.function_at(h.file, h.line, exact=True)
        if hinfo is None:
            return
        success = [r for r in hinfo.rec["responses"]
                   if (r["status"] or 200) < 300 and r["literal"] and r["data"]] + \
                  [r for r in hinfo.rec["returns"] if r["literal"] and r["data"]]
        if not success:
            return
        called = {c["callee"].rsplit(".", 1)[-1] for c in hinfo.rec["calls"]}
        for node in e.chain[1:]:
            info = ic.function_at(node.file, node.line, exact=True)
            if info is None or not info.rec.get("noop") or not production_path(info.file):
                continue
            fname = (info.rec.get("name") or "").rsplit(".", 1)[-1]
            if fname not in called:
                continue  # reached deeper down: the handler's own work may be real
            noop = info.rec["noop"][0]
            first = min(success, key=lambda r: r["line"])
            yield self.finding(
                h.file, first["line"],
                f"{e.key}: handler {short(h.name)} answers success ({first['text'][:60]}) but "
                f"{short(info.rec.get('name') or fname)}, which it calls to do the work, does "
                f"nothing (\"{noop['comment'].lstrip('/#* ')[:80]}\")",
                snippet=first["text"], endpoints=[e.key], critical_path=True,
                related=[(info.file, noop["line"])])
            return
