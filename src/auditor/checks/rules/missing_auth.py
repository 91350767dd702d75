"""An endpoint without authentication where its neighbours show that it needs some.

What it finds:
Endpoints with no authentication in effect (no auth middleware, dependency, guard or decorator,
no credential check in the handler) that are an administrative or internal path, or that change
state (POST, PUT, PATCH, DELETE) while other routes of the same resource require
authentication, or that read a resource (GET) while other reads of it require authentication.
Public by design is not reported: login, register (and POST to a users or accounts
collection or its create action, how a visitor signs up), a POST that checks what the request
presents and hands out a credential (signs a JWT, `create_access_token`, `login_user`: a login
whatever its path is called; one that mints a token without checking anything stays reported),
password reset or recovery, token refresh, OAuth
callbacks, health, version and docs, webhooks whose trace verifies a signature, the public
reads of a resource whose reads are all public, and what the configuration's `public_routes`
lists. The message says why (how many sibling routes require auth). Reported at the route's
registration line. An application (one framework's routes) in which no route requires
authentication at all gets one finding, at its first state-changing route, rather than one per
route: it may sit behind a gateway that authenticates, which the code cannot show.

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

from auditor.checks.access import ADMIN_PATH, Siblings
from auditor.checks.base import Example, Rule
from auditor.checks.chainflow import route_flow
from auditor.checks.impl import WEBHOOK_ROUTE, impl_context, is_public_route, production_path
from auditor.model import Finding

SIGNATURE = re.compile(r"(?i)(hmac|signature|verify_?sig|construct_?event|ConstantTimeCompare|"
                       r"compare_digest|timingSafeEqual)")
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# Library calls that hand out a credential: a JWT signed (jsonwebtoken / @nestjs/jwt `sign`,
# jose's `SignJWT`, golang-jwt's `SignedString`, lestrrat-go/jwx `jwt.Sign`, PyJWT's
# `jwt.encode`), flask-jwt-extended's `create_access_token`, simplejwt's `RefreshToken.for_user`,
# flask-login's `login_user`, passport's `req.login`.
ISSUES_CREDENTIAL = re.compile(
    r"(?i)(\bjwt\w*\.sign(Async)?|\bSignJWT\b|\.SignedString|\bjw[st]\.Sign|\bjwt\.encode|"
    r"\bcreate_(access|refresh)_token|\b(Refresh|Access)Token\.for_user|\blogin_user|"
    r"\breq\.log[iI]n)$")
# ... after checking what the request presents: a password, a signed challenge, a key
CHECKS_PRESENTED = re.compile(r"(?i)(verify|validate|compare|check_?password|checkpw|"
                              r"authenticate|CompareHashAndPassword|bcrypt|argon2|scrypt|pbkdf2)")
CREDENTIAL_DEPTH = 3  # the handler and the functions it calls, two levels down
# POST to the accounts collection: registration
# POST to the users collection, or its create action (`/api/user/create/`, `/users/new`): how a
# visitor signs up
SIGN_UP = re.compile(r"(?i)/(users?|accounts?|members?)(/(create|new|add))?/?$")

_POS = '''from fastapi import Depends, FastAPI, HTTPException

app = FastAPI()


def get_current_user(token: str = None):
    if not token:
        raise HTTPException(status_code=401)
    return token


@app.get("/api/users/{user_id}")
def get_user(user_id: int, user=Depends(get_current_user)):
    return {"id": user_id}


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


@app.patch("/api/user/me/")
def update_me(name: str, user=Depends(get_current_user), db=None):
    db.execute("UPDATE users SET name = %s WHERE id = %s", (name, user))
    return {"name": name}


# signing up: the users collection's create action
@app.post("/api/user/create/")
def sign_up(email: str, password: str, db=None):
    db.execute("INSERT INTO users (email) VALUES (%s)", (email,))
    return {"created": email}


# public reads of a resource whose reads are all public: by design
@app.get("/api/articles/{slug}")
def article(slug: str, db=None):
    return db.execute("SELECT * FROM articles WHERE slug = %s", (slug,)).fetchone()
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
        siblings = Siblings(ic.endpoints)
        protected_fw = {e.framework for e in ic.endpoints
                        if not e.implicit and getattr(e, "auth", "none") == "required"}
        unguarded: dict[str, list] = {}
        for e in ic.endpoints:
            if e.authenticated or any(i.get("kind") in ("late", "optional")
                                      for i in getattr(e, "auth_issues", None) or ()):
                continue  # a declared guard that does not protect: the ineffective-auth rule's
            reg = e.registered_at
            if not production_path(reg.get("file", "")):
                continue
            if is_public_route(e.path, ctx.config):
                continue
            if e.method == "POST" and SIGN_UP.search(e.path) and not ADMIN_PATH.search(e.path):
                continue  # creating an account is how a visitor signs up (RealWorld's POST /users)
            changing = e.method in STATE_CHANGING
            reads = e.method in ("GET", "HEAD") and (re.search(r"[:{<]", e.path) or e.reaches_sql
                                                     or e.reaches_repository)
            if not (changing or reads) or e.method in ("HEAD", "OPTIONS"):
                continue
            if WEBHOOK_ROUTE.search(e.path) and self._verifies_signature(ic, e):
                continue
            if e.method == "POST" and self._logs_in(ic, e):
                continue  # a login by what it does: checks what is presented, hands out a token
            alarm = siblings.alarm(e)
            if alarm is None:
                if changing and e.framework not in protected_fw:
                    unguarded.setdefault(e.framework, []).append(e)
                continue  # nothing says this route is meant to be protected
            severity, why = alarm
            yield self.finding(
                reg.get("file", ""), reg.get("line", 1),
                why + (f" (middleware: {', '.join(e.middleware[:4])})" if e.middleware else ""),
                severity=severity, endpoints=[e.key], critical_path=True,
                related=[(e.handler.get("file", ""), e.handler.get("line", 0))],
                flow=route_flow(e))

        for fw, eps in sorted(unguarded.items()):
            eps.sort(key=lambda e: (e.registered_at.get("file", ""), e.registered_at.get("line", 0)))
            first = eps[0]
            listed = ", ".join(e.key for e in eps[:3]) + (f" and {len(eps) - 3} more"
                                                          if len(eps) > 3 else "")
            reg = first.registered_at
            yield self.finding(
                reg.get("file", ""), reg.get("line", 1),
                f"no route of this {fw} application requires authentication; {len(eps)} "
                f"change state without it: {listed}", severity="medium",
                endpoints=[e.key for e in eps], critical_path=True,
                related=[(e.registered_at.get("file", ""), e.registered_at.get("line", 0))
                         for e in eps[1:20]], flow=route_flow(eps[0]))

    @staticmethod
    def _logs_in(ic, e) -> bool:
        """Whether the route is a login whatever its path says: the handler or what it calls
        (CREDENTIAL_DEPTH) hands out a credential (ISSUES_CREDENTIAL) after checking what the
        request presents (a function or call named for verifying). A route that mints a token
        without checking anything is no login: it stays reported."""
        issues = checks = False
        for node in e.chain:
            if node.depth >= CREDENTIAL_DEPTH:
                continue
            if CHECKS_PRESENTED.search(node.name.rsplit(".", 1)[-1]):
                checks = True
            for callee in _callees(ic, node):
                if ISSUES_CREDENTIAL.search(callee):
                    issues = True
                elif CHECKS_PRESENTED.search(callee.rsplit(".", 1)[-1]):
                    checks = True
        return issues and checks

    @staticmethod
    def _verifies_signature(ic, e) -> bool:
        return any(SIGNATURE.search(c) for node in e.chain for c in _callees(ic, node))


def _callees(ic, node) -> list[str]:
    """What the function at a node of an endpoint's chain calls (its recorded calls' callees)."""
    info = ic.function_at(node.file, node.line, exact=True)
    return [c.get("callee") or "" for c in info.rec["calls"]] if info else []
