"""A count in an answer that copies another count under a name that claims a subset.

What it finds:
On a request path, a map, struct or object literal where two fields are the same count
expression (`len(users)`, `users.length`, `users.count()`) and one field's name adds a qualifier
to the other's subject: `"total_users": len(users), "active_users": len(users)`,
`"users_with_access": len(users)`. The qualified field reports the whole set as the subset it
names. Aliases of one number (`"count"` and `"total"`, `"user_count"` and `"userCount"`) are not
findings.

Why it matters:
A dashboard shows every user as active and every account as having access: the number looks
measured and is the total under another name. The code that should count the subset does not
exist.

Example:
    return c.JSON(fiber.Map{
        "total_users":  len(users),
        "active_users": len(users), // TODO: track last_active_at
    })

Fix:
Count the subset (users active in the window, users holding a grant), or drop the field until it
can be counted.
"""
from __future__ import annotations

from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import impl_context, short
from auditor.model import Finding

_POS = '''from fastapi import FastAPI

app = FastAPI()


def load_users():
    return []


@app.get("/api/admin/stats")
def stats():
    users = load_users()
    return {"total_users": len(users), "active_users": len(users)}
'''
_NEG = '''from fastapi import FastAPI

app = FastAPI()


def load_users():
    return []


@app.get("/api/admin/stats")
def stats():
    users = load_users()
    active = [u for u in users if u.get("active")]
    return {"total_users": len(users), "count": len(users), "user_count": len(users),
            "active_users": len(active)}
'''


class RepeatedCount(Rule):
    __doc__ = __doc__
    id = "repeated-count"
    name = "CountCopiedAsSubset"
    category = "hardcoded-return"
    severity = "medium"
    confidence = "medium"
    precision = "medium"
    scope = "project"
    positive = [Example("python", _POS, "app.py")]
    negative = [Example("python", _NEG, "app.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        for info in ic.traced_production_functions():
            counts = info.rec.get("repeated_counts", ())
            if not counts or ic.static_endpoints_only(info):
                continue
            for rc in counts:
                yield self.finding(
                    info.file, rc["line"],
                    f"{short(info.rec.get('name') or 'function')} answers {rc['key']} = "
                    f"{rc['expr']}, the same count as {rc['other']}: the subset is never counted",
                    snippet=f"{rc['key']}: {rc['expr']}", endpoints=sorted(info.endpoints),
                    critical_path=True, related=[(info.file, rc["other_line"])])
