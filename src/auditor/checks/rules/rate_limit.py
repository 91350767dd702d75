"""An authentication endpoint with no rate limiting in effect.

What it finds:
Login, token, password-reset, registration and similar endpoints that no rate-limiting
middleware, decorator or dependency covers (Fiber/Express/Gin limiters, slowapi
`@limiter.limit`, NestJS `@Throttle`/ThrottlerGuard, a middleware named like a rate limiter),
reported at the route's registration line.

Why it matters:
Without a limit, credentials and reset codes can be guessed at the speed of the network: brute
force and credential stuffing (CWE-307).

Example:
    public.Post("/login", h.Login)   // the /public group has no limiter

Fix:
Put the authentication routes behind a rate limiter keyed by client and account.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import impl_context, production_path
from auditor.model import Finding

AUTH_PATH = re.compile(r"(?i)(^|/)(login|signin|sign-in|log-in|token|oauth/token|authenticate|"
                       r"forgot[-_]?password|reset[-_]?password|password[-_]?reset|"
                       r"change[-_]?password|register|signup|sign-up|otp|mfa|2fa|verify[-_]?code|"
                       r"recover\w*)(/|$)")
# (by name, or by the package of a limiter whose functions are named Limit...: go-chi/httprate's
# `httprate.LimitByIP(...)`, didip/tollbooth's `tollbooth.LimitHandler(...)`)
LIMITER = re.compile(r"(?i)(rate[-_]?limit|limiter|throttl|slow[-_]?down|brute|"
                     r"(^|\.)(httprate|tollbooth)\.)")

_POS = '''from fastapi import FastAPI

app = FastAPI()


@app.post("/api/auth/login")
def login(email: str, password: str):
    return {"token": email}
'''
_NEG = '''from fastapi import FastAPI, Request
from slowapi import Limiter
from slowapi.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)
app = FastAPI()


@app.post("/api/auth/login")
@limiter.limit("5/minute")
def login(request: Request, email: str, password: str):
    return {"token": email}
'''


class RateLimit(Rule):
    __doc__ = __doc__
    id = "rate-limit"
    name = "AuthEndpointWithoutRateLimit"
    category = "rate-limit"
    cwe = ("CWE-307",)
    owasp = ("A07:2021",)
    severity = "medium"
    confidence = "medium"
    scope = "project"
    positive = [Example("python", _POS, "main.py")]
    negative = [Example("python", _NEG, "main.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        for e in ic.endpoints:
            if e.method in ("GET", "HEAD", "OPTIONS") or not AUTH_PATH.search(e.path):
                continue
            reg = e.registered_at
            if not production_path(reg.get("file", "")):
                continue
            if any(LIMITER.search(m) for m in e.middleware):
                continue
            yield self.finding(reg.get("file", ""), reg.get("line", 1),
                               f"{e.key} is an authentication endpoint with no rate limiting "
                               "in effect", endpoints=[e.key], critical_path=True)
