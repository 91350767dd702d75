"""A check that reports success for what it was not told about, or when it could not look.

What it finds:
On a request path: the `default` branch of a switch (`default:`, `case _:`) that sets a decision
to success (`checkPassed = true`, `status = "pass"`) or returns it (`return true`), in a switch
whose other branches compute the same answer from data: unknown input passes. And an error
branch that answers a perfect score: `if err != nil { return 1.0 }` in a score function,
`except Exception: uptime = 100.0`, `catch { rate = 100 }`. A default that fails closed (`return
false`, an error, `checkPassed = false`), a default that picks a neutral value, and a branch
whose other cases are literals too (a lookup table) are not findings.

Why it matters:
A compliance check named by mistake, or added later without its case, passes silently; a trust or
uptime score is perfect exactly when its data could not be read. Both answer "all good" where the
code knows nothing.

Example:
    switch checkName {
    case "inactive_agents":
        checkPassed = len(inactive) < len(agents)/4
    default:
        // Unknown checks pass by default
        checkPassed = true
    }

Fix:
Fail closed: report an unknown check as failed or "unknown", and a score whose data could not be
read as missing (or the error), never as the best value.
"""
from __future__ import annotations

from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import impl_context, production_path, short
from auditor.model import Finding

_POS_GO = '''package main

import "github.com/gofiber/fiber/v3"

type Agent struct{ Score float64 }

type Repo interface{ Agents() ([]Agent, error) }

var repo Repo

func evaluate(check string, agents []Agent) bool {
	passed := false
	switch check {
	case "low_trust":
		passed = len(agents) == 0 || agents[0].Score > 50
	case "backlog":
		passed = len(agents) < 3
	default:
		// Unknown checks pass by default
		passed = true
	}
	return passed
}

func runCheck(c fiber.Ctx) error {
	agents, err := repo.Agents()
	if err != nil {
		return c.Status(500).JSON(fiber.Map{"error": "failed"})
	}
	return c.JSON(fiber.Map{"passed": evaluate(c.Query("check"), agents)})
}

func main() {
	app := fiber.New()
	app.Post("/api/compliance/check", runCheck)
	_ = app.Listen(":8080")
}
'''
# Fails closed on unknown input; a lookup table with a neutral default.
_NEG_GO = '''package main

import "github.com/gofiber/fiber/v3"

type Agent struct{ Score float64 }

type Repo interface{ Agents() ([]Agent, error) }

var repo Repo

func evaluate(check string, agents []Agent) bool {
	passed := false
	switch check {
	case "low_trust":
		passed = len(agents) == 0 || agents[0].Score > 50
	case "backlog":
		passed = len(agents) < 3
	default:
		passed = false
	}
	return passed
}

func risk(action string) float64 {
	switch action {
	case "read":
		return 1.0
	case "delete":
		return 0.3
	default:
		return 0.8
	}
}

func runCheck(c fiber.Ctx) error {
	agents, err := repo.Agents()
	if err != nil {
		return c.Status(500).JSON(fiber.Map{"error": "failed"})
	}
	return c.JSON(fiber.Map{"passed": evaluate(c.Query("check"), agents), "risk": risk("read")})
}

func main() {
	app := fiber.New()
	app.Post("/api/compliance/check", runCheck)
	_ = app.Listen(":8080")
}
'''
_POS_PY = '''from fastapi import FastAPI

app = FastAPI()


def fetch_uptime(agent_id):
    raise RuntimeError("no data")


@app.get("/api/agents/{agent_id}/uptime")
def agent_uptime(agent_id: str):
    try:
        uptime = fetch_uptime(agent_id)
    except Exception:
        uptime = 100.0
    return {"agent_id": agent_id, "uptime": uptime}
'''
_NEG_PY = '''from fastapi import FastAPI

app = FastAPI()


def fetch_uptime(agent_id):
    raise RuntimeError("no data")


@app.get("/api/agents/{agent_id}/uptime")
def agent_uptime(agent_id: str):
    try:
        uptime = fetch_uptime(agent_id)
    except Exception:
        uptime = None
    return {"agent_id": agent_id, "uptime": uptime}
'''


class SuccessByDefault(Rule):
    __doc__ = __doc__
    id = "success-by-default"
    name = "FailOpenDefault"
    category = "hardcoded-return"
    severity = "high"
    confidence = "medium"
    precision = "medium"
    scope = "project"
    positive = [Example("go", _POS_GO, "cmd/server/main.go"),
                Example("python", _POS_PY, "app.py")]
    negative = [Example("go", _NEG_GO, "cmd/server/main.go"),
                Example("python", _NEG_PY, "app.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        for info in ic.functions():
            rec = info.rec
            defaults = rec.get("default_success", ())
            fails = rec.get("fail_open", ())
            if not (defaults or fails) or not production_path(info.file):
                continue
            name = short(rec.get("name") or "function")
            on = info.on_trace and not ic.static_endpoints_only(info)
            for d in defaults:
                what = (f"sets {d['target']} to success" if d["kind"] == "assign"
                        else "answers success")
                yield self.finding(
                    info.file, d["line"],
                    f"{name}: the default branch of the switch at line {d['switch_line']} {what} "
                    f"({d['text'][:60]}) for any value no case names",
                    snippet=d["text"], severity="high" if on else "low",
                    endpoints=sorted(info.endpoints), critical_path=on,
                    related=[(info.file, d["switch_line"])])
            if not on:
                continue  # a perfect score on error: only where a request gets it
            for f in fails:
                what = f"sets {f['target']} to" if f["target"] else "answers"
                yield self.finding(
                    info.file, f["line"],
                    f"{name}: when the data cannot be read (branch at line {f['branch_line']}) it "
                    f"{what} a perfect score ({f['text'][:60]})",
                    snippet=f["text"], severity="medium", endpoints=sorted(info.endpoints),
                    critical_path=True, related=[(info.file, f["branch_line"])])
