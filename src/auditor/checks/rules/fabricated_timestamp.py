"""The current time returned as if it were a recorded date.

What it finds:
A read path (a GET endpoint's trace, or a `get`/`list`/`fetch`/`find` function on a trace) that
answers a field named like a recorded moment (`last_seen`, `verified_at`, `lastLogin`,
`timestamp`) with the clock: `time.Now()`, `datetime.utcnow()`, `new Date()`.

Why it matters:
The answer claims an event happened just now. Dashboards show every agent as seen a second ago;
audit views show fabricated times.

Example:
    return c.JSON(fiber.Map{"agent_id": id, "last_seen": time.Now()})

Fix:
Read the stored timestamp; answer null when it was never recorded.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import impl_context, short
from auditor.model import Finding

READ_NAME = re.compile(r"(?i)^(get|list|fetch|find|read|load|show|describe|status)")

_POS = '''from datetime import datetime
from fastapi import FastAPI

app = FastAPI()


@app.get("/api/agents/{agent_id}/status")
def agent_status(agent_id: str):
    return {"agent_id": agent_id, "last_seen": datetime.utcnow()}
'''
_NEG = '''from datetime import datetime
from fastapi import FastAPI

app = FastAPI()


@app.post("/api/agents/{agent_id}/heartbeat")
def heartbeat(agent_id: str, db=None):
    db.execute("UPDATE agents SET last_seen = now() WHERE id = %s", (agent_id,))
    return {"agent_id": agent_id, "last_seen": datetime.utcnow()}
'''


class FabricatedTimestamp(Rule):
    __doc__ = __doc__
    id = "fabricated-timestamp"
    name = "ClockAsRecordedDate"
    category = "hardcoded-return"
    severity = "medium"
    confidence = "medium"
    scope = "project"
    positive = [Example("python", _POS, "app.py")]
    negative = [Example("python", _NEG, "app.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        for info in ic.traced_production_functions():
            fields = info.rec.get("now_fields", [])
            if not fields:
                continue
            methods = ic.endpoint_method(info)
            name = (info.rec.get("name") or "").rsplit(".", 1)[-1]
            if not (methods and methods <= {"GET", "HEAD"} or READ_NAME.match(name)):
                continue
            for nf in fields:
                yield self.finding(info.file, nf["line"],
                                   f"{short(info.rec.get('name') or 'function')} answers "
                                   f"{nf['key']} with the current time ({nf['call']}()) instead of "
                                   "a recorded value", snippet=f"{nf['key']}: {nf['call']}()",
                                   endpoints=sorted(info.endpoints), critical_path=True)
