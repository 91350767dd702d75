"""An endpoint that changes state or returns a resource's data with no authentication.

What it finds:
POST, PUT, PATCH and DELETE endpoints, and GET endpoints that return a resource's data (a path
parameter, or a trace that reaches the database), with no authentication in effect: no auth
middleware, dependency, guard or decorator, and no credential check in the handler. Public
patterns are allowed: login, register, password reset, token refresh, OAuth callbacks, health and
docs, and webhooks whose trace verifies a signature; the configuration (`public_routes`) extends
the list. Reported at the route's registration line.

Why it matters:
Broken access control is OWASP A01: anyone who can reach the API can change or read the data.

Example:
    api.Delete("/agents/:id", h.DeleteAgent)   // registered before the auth middleware

Fix:
Register the route under the authenticated group, or add the framework's auth middleware,
dependency or guard to it.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import WEBHOOK_ROUTE, impl_context, is_public_route, production_path
from auditor.model import Finding

SIGNATURE = re.compile(r"(?i)(hmac|signature|verify_?sig|construct_?event|ConstantTimeCompare|"
                       r"compare_digest|timingSafeEqual)")
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}

_POS = '''from fastapi import FastAPI

app = FastAPI()


@app.delete("/api/users/{user_id}")
def delete_user(user_id: int, db=None):
    db.execute("DELETE FROM users WHERE id = %s", (user_id,))
    return {"deleted": user_id}
'''
_NEG = '''from fastapi import Depends, FastAPI

app = FastAPI()


def get_current_user(token: str = None):
    if not token:
        raise HTTPException(status_code=401)
    return token


@app.delete("/api/users/{user_id}")
def delete_user(user_id: int, user=Depends(get_current_user), db=None):
    db.execute("DELETE FROM users WHERE id = %s", (user_id,))
    return {"deleted": user_id}


@app.post("/api/auth/login")
def login(email: str, password: str):
    return {"token": "t"}
'''


class MissingAuth(Rule):
    __doc__ = __doc__
    id = "missing-auth"
    name = "UnauthenticatedEndpoint"
    category = "missing-auth"
    cwe = ("CWE-306", "CWE-862")
    owasp = ("A01:2021",)
    severity = "high"
    confidence = "medium"
    scope = "project"
    positive = [Example("python", _POS, "app.py")]
    negative = [Example("python", _NEG, "app.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        for e in ic.endpoints:
            if e.authenticated or any(i.get("kind") in ("late", "optional")
                                      for i in getattr(e, "auth_issues", None) or ()):
                continue  # a declared guard that does not protect: the ineffective-auth rule's
            reg = e.registered_at
            if not production_path(reg.get("file", "")):
                continue
            if is_public_route(e.path, ctx.config):
                continue
            changing = e.method in STATE_CHANGING
            reads = e.method in ("GET", "HEAD") and (re.search(r"[:{<]", e.path) or e.reaches_sql
                                                     or e.reaches_repository)
            if not (changing or reads) or e.method in ("HEAD", "OPTIONS"):
                continue
            if WEBHOOK_ROUTE.search(e.path) and self._verifies_signature(ic, e):
                continue
            yield self.finding(
                reg.get("file", ""), reg.get("line", 1),
                f"{e.key} has no authentication in effect"
                + (f" (middleware: {', '.join(e.middleware[:4])})" if e.middleware else ""),
                severity="high" if changing else "medium", endpoints=[e.key], critical_path=True,
                related=[(e.handler.get("file", ""), e.handler.get("line", 0))])

    @staticmethod
    def _verifies_signature(ic, e) -> bool:
        for node in e.chain:
            info = ic.function_at(node.file, node.line, exact=True)
            if info and any(SIGNATURE.search(c["callee"]) for c in info.rec["calls"]):
                return True
        return False
