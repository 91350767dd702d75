"""An authentication guard that does not protect the route it is declared for.

What it finds:
A route whose only authentication middleware either can never run for it (it is registered
after the route: Fiber/Express `Use` and Gin/Echo group `Use` apply only to routes registered
after them) or lets anonymous requests through (an "optional auth" that calls next() when the
token is missing). The finding sits on the route's registration line and names the endpoint.
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

from auditor.checks.base import Example, Rule
from auditor.checks.impl import WEBHOOK_ROUTE, is_public_route
from auditor.model import Finding


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
        for ep in ctx.endpoints:
            issues = getattr(ep, "auth_issues", None) or []
            if ep.implicit or ep.authenticated or not issues:
                continue
            late = [i for i in issues if i["kind"] == "late"]
            optional = [i for i in issues if i["kind"] == "optional"]
            if not late and (is_public_route(ep.path, ctx.config) or WEBHOOK_ROUTE.search(ep.path)):
                continue
            first = (late or optional)[0]
            if late:
                msg = (f"{ep.method} {ep.path}: {first['name']} is registered after this route "
                       f"({first['file']}:{first['line']}) and never runs for it; the route is "
                       "reachable without authentication")
            else:
                msg = (f"{ep.method} {ep.path}: {first['name']} lets requests without "
                       "credentials through; the route is reachable without authentication")
            reg = ep.registered_at
            yield self.finding(reg["file"], reg["line"], msg,
                               related=[(first["file"], first["line"])],
                               endpoints=[ep.key], critical_path=True)
