"""An authentication guard that does not protect the route it is declared for.

What it finds:
A route whose only authentication middleware either can never run for it (it is registered
after the route: Fiber/Express `Use` and Gin/Echo group `Use` apply only to routes registered
after them) or lets anonymous requests through (an "optional auth" that calls next() when the
token is missing); and any route whose guard (authentication or a role check) is passed in a
position where the framework runs it after the handler, so it never runs: Fiber v3.0.0-beta.1
to beta.4 run a route's first argument last (`api.Post("/", RequireAdmin(), h.Create)` runs
`h.Create` and never `RequireAdmin()`), reported as critical even when the group authenticates,
since the role check is what keeps other users out. The finding sits on the route's
registration line and names the endpoint.
Routes that look public by design (login, register, health, docs, paths listed in the config's
`public_routes`) are not reported for an optional guard.

Why it matters:
The code reads as protected, so reviewers move on, while anyone without credentials reaches
the handler and the data behind it (broken access control).

Example:
    reports := api.Group("/reports")
    reports.Get("/daily", h.Daily)        // registered before the guard: never checked
    reports.Use(middleware.RequireAuth())

Fix:
Register the guard before the routes (or pass it in the route's arguments), and use a guard that
rejects requests without valid credentials with 401.
"""
from __future__ import annotations

from typing import Iterable

import re

from auditor.checks.base import Example, Rule
from auditor.checks.impl import WEBHOOK_ROUTE, is_public_route
from auditor.endpoints.auth import AUTH_NAME
from auditor.model import Finding

# what a dead middleware must look like to be reported: a guard (authentication or a role,
# permission or ownership check), not a logger or a rate limiter
GUARD_NAME = re.compile(r"role|admin|member|manager|owner|permission|rbac|acl|scope|polic|guard|"
                        r"require|only|must|allow|access|privilege", re.IGNORECASE)


class IneffectiveAuth(Rule):
    __doc__ = __doc__
    id = "ineffective-auth"
    name = "IneffectiveAuthGuard"
    category = "missing-auth"
    cwe = ("CWE-306", "CWE-862")
    owasp = ("A01:2021",)
    severity = "high"
    confidence = "medium"
    precision = "high"
    scope = "project"
    positive = [
        Example("go", 'package main\n\nimport "github.com/gofiber/fiber/v2"\n\nfunc main() {\n'
                      '\tapp := fiber.New()\n\tr := app.Group("/reports")\n'
                      '\tr.Get("/daily", daily)\n\tr.Use(RequireAuth())\n}\n'),
    ]
    negative = [
        Example("go", 'package main\n\nimport "github.com/gofiber/fiber/v2"\n\nfunc main() {\n'
                      '\tapp := fiber.New()\n\tr := app.Group("/reports")\n'
                      '\tr.Use(RequireAuth())\n\tr.Get("/daily", daily)\n}\n'),
    ]

    def check_project(self, ctx) -> Iterable[Finding]:
        siblings = None
        for ep in ctx.endpoints:
            issues = getattr(ep, "auth_issues", None) or []
            dead = [i for i in issues if i["kind"] == "dead" and _is_guard(i["name"])]
            if dead and not ep.implicit:
                reg = ep.registered_at
                names = ", ".join(i["name"] for i in dead)
                yield self.finding(
                    reg["file"], reg["line"],
                    f"{ep.method} {ep.path}: {names} never runs: {dead[0]['reason']}; the route "
                    "is open to every caller the group lets through",
                    severity="critical", related=[(i["file"], i["line"]) for i in dead],
                    endpoints=[ep.key], critical_path=True)
                continue
            if ep.implicit or ep.authenticated or not issues:
                continue
            issues = [i for i in issues if i["kind"] != "dead"]
            if not issues:
                continue
            late = [i for i in issues if i["kind"] == "late"]
            optional = [i for i in issues if i["kind"] == "optional"]
            if not late and (is_public_route(ep.path, ctx.config) or WEBHOOK_ROUTE.search(ep.path)):
                continue
            first = (late or optional)[0]
            why = ""
            if not late:
                # optional auth is often the intent (a public feed that personalises itself):
                # reported only where the route's siblings show it should require credentials
                from auditor.checks.access import Siblings

                siblings = siblings or Siblings(ctx.endpoints)
                alarm = siblings.alarm(ep)
                if alarm is None:
                    continue
                why = f" ({alarm[1]})"
            if late:
                msg = (f"{ep.method} {ep.path}: {first['name']} is registered after this route "
                       f"({first['file']}:{first['line']}) and never runs for it; the route is "
                       "reachable without authentication")
            else:
                msg = (f"{ep.method} {ep.path}: {first['name']} lets requests without "
                       f"credentials through; the route is reachable without authentication{why}")
            reg = ep.registered_at
            yield self.finding(reg["file"], reg["line"], msg,
                               related=[(first["file"], first["line"])],
                               endpoints=[ep.key], critical_path=True)


def _is_guard(name: str) -> bool:
    short = name.rsplit(".", 1)[-1]
    return bool(AUTH_NAME.search(short) or GUARD_NAME.search(short))
