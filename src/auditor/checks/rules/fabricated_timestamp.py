"""The current time returned as if it were a recorded date.

What it finds:
A read path (a GET endpoint's trace, or a `get`/`list`/`fetch`/`find` function on a trace) that
answers a field named like a recorded moment (`last_seen`, `verified_at`, `lastLogin`,
`timestamp`) with the clock: `time.Now()`, `datetime.utcnow()`, `new Date()`. Also, on any path
that an endpoint's trace reaches, a recorded-moment field set to the clock moved by a fixed
amount: `"last_review_date": time.Now().AddDate(0, 0, -30)`, `(datetime.utcnow() -
timedelta(days=30)).isoformat()`, `new Date(Date.now() - 7 * 864e5)`; moved forward, when the
field names a schedule (`next_review_date`, `scheduled_at`, `due_date`). Windows and expiries
(`start_date`, `since`, `expires_at`, `valid_until`) and shifts by a variable or a setting are
computed moments, not findings; neither is `"generated_at": now` on the answer it describes, nor
the time of a health or readiness answer.

Why it matters:
The answer claims an event happened just now. Dashboards show every agent as seen a second ago;
audit views show fabricated times.

Example:
    return c.JSON(fiber.Map{"agent_id": id, "last_seen": time.Now()})

Fix:
Read the stored timestamp; answer null when it was never recorded. A review or cleanup that is
not scheduled has no next date.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import impl_context, short
from auditor.model import Finding

HEALTH_PATH = re.compile(r"(?i)(^|/)(health\w*|healthz|ready\w*|readyz|live\w*|livez|ping)(/|$)")


def _health_only(info) -> bool:
    return bool(info.endpoints) and all(HEALTH_PATH.search(k.split(" ", 1)[1])
                                        for k in info.endpoints)


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

_POS_GO = '''package main

import (
	"time"

	"github.com/gofiber/fiber/v3"
)

type UserRepo interface{ Count() (int, error) }

var repo UserRepo

func accessReview(c fiber.Ctx) error {
	n, err := repo.Count()
	if err != nil {
		return c.Status(500).JSON(fiber.Map{"error": "failed"})
	}
	return c.JSON(fiber.Map{
		"total_users":      n,
		"last_review_date": time.Now().AddDate(0, 0, -30).Format("2006-01-02"),
		"next_review_date": time.Now().AddDate(0, 0, 30).Format("2006-01-02"),
	})
}

func main() {
	app := fiber.New()
	app.Get("/api/compliance/access-review", accessReview)
	_ = app.Listen(":8080")
}
'''
# The answer's own time, a query window and an expiry are computed from the clock honestly.
_NEG_GO = '''package main

import (
	"time"

	"github.com/gofiber/fiber/v3"
)

type UserRepo interface{ Count(since time.Time) (int, error) }

var repo UserRepo

func usage(c fiber.Ctx) error {
	since := time.Now().AddDate(0, 0, -30)
	n, err := repo.Count(since)
	if err != nil {
		return c.Status(500).JSON(fiber.Map{"error": "failed"})
	}
	return c.JSON(fiber.Map{
		"active_users": n,
		"start_date":   time.Now().AddDate(0, 0, -30).Format("2006-01-02"),
		"expires_at":   time.Now().Add(24 * time.Hour),
		"generated_at": time.Now().UTC(),
	})
}

func main() {
	app := fiber.New()
	app.Get("/api/usage", usage)
	_ = app.Listen(":8080")
}
'''


class FabricatedTimestamp(Rule):
    __doc__ = __doc__
    id = "fabricated-timestamp"
    name = "ClockAsRecordedDate"
    category = "hardcoded-return"
    severity = "medium"
    confidence = "medium"
    scope = "project"
    positive = [Example("python", _POS, "app.py"), Example("go", _POS_GO, "cmd/server/main.go")]
    negative = [Example("python", _NEG, "app.py"), Example("go", _NEG_GO, "cmd/server/main.go")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        for info in ic.traced_production_functions():
            shifted = info.rec.get("shifted_now", ())
            fields = info.rec.get("now_fields", [])
            if not fields and not shifted or _health_only(info):
                continue  # a health answer's `checked_at: now` is when it was checked
            methods = ic.endpoint_method(info)
            name = (info.rec.get("name") or "").rsplit(".", 1)[-1]
            read = bool(methods and methods <= {"GET", "HEAD"} or READ_NAME.match(name))
            for sn in shifted:
                if sn["direction"] == "future" and not read:
                    continue
                when = "a fixed time ago" if sn["direction"] == "past" else "a fixed time ahead"
                yield self.finding(info.file, sn["line"],
                                   f"{short(info.rec.get('name') or 'function')} answers "
                                   f"{sn['key']} with the clock moved to {when} "
                                   f"({sn['call'][:70]}): a made-up date, not a recorded one",
                                   snippet=f"{sn['key']}: {sn['call']}",
                                   endpoints=sorted(info.endpoints), critical_path=True)
            if not read:
                continue
            for nf in fields:
                yield self.finding(info.file, nf["line"],
                                   f"{short(info.rec.get('name') or 'function')} answers "
                                   f"{nf['key']} with the current time ({nf['call']}()) instead of "
                                   "a recorded value", snippet=f"{nf['key']}: {nf['call']}()",
                                   endpoints=sorted(info.endpoints), critical_path=True)
