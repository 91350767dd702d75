"""A value or a shortcut that a comment next to it admits is a stand-in.

What it finds:
In production code, a literal that feeds a result (a return, a response, a result field, or a
variable such as `passed`, `score`, `status`, `total`) with a comment on its line or just above it
that admits the shortcut: "for MVP", "for now", "assume", "placeholder", "simulate", "stub", "not
implemented", "hardcoded". The classic always-passing check: `checkPassed = true` under
"// For MVP, assume pass". Also, each with the comment that admits it:
a metric field or counter set to a literal, zero included (`"security_incidents": 0, // TODO: add
incidents tracking`, `durationMs := 10 // Estimate`), unless the function goes on to change it;
any value that a trailing comment calls a placeholder or a shortcut (`URL: fmt.Sprintf("mcp://%s",
name), // Placeholder URL`); a decision (`allowed`, `verified`, `valid`...) set under a comment
that calls the check simplified or temporary; an empty collection returned "for now"; a branch on
an input that holds nothing but a TODO (`if req.ExpiresAt != nil { // For now, using default }`);
an identifier freshly generated and handed back as the id of a record that a comment says is
not written yet (`auditID = uuid.New()` above "TODO: Implement proper audit logging", returned
and passed to nothing); and a function that ignores some of its inputs under a comment admitting the shortcut ("For now,
just acknowledge it" in a `ResolveAlert` that never reads `resolution`). Filter and paging
parameters are the unused-filter-parameter rule's.

Why it matters:
The code says itself that it is not the real implementation. A compliance check that always
passes or a score that is assumed is worse than a missing one: it reports success.

Example:
    case "audit_completeness":
        // For MVP, assume audit logging is enabled
        checkPassed = true

Fix:
Implement the check against real data, or fail closed ("unknown") until it exists, and delete the
comment.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import impl_context, production_path, short
from auditor.model import Finding

RESULT_NAME = re.compile(r"(?i)(pass|valid|ok\b|success|score|result|status|total|count|rate|"
                         r"verified|compliant|enabled|allowed|approved|trust|risk|healthy|available|"
                         r"uptime|confidence|level|percent|ratio|amount|balance|price)")

# A comment admitting a shortcut explains the whole function only when the function is short;
# wiring code (main, setup, registration) takes dependencies it may not use yet.
SHORTCUT_MAX_LINES = 60
# Words that say the function as a whole takes a shortcut (not "assume", "placeholder", "mock",
# which speak of a value).
SHORTCUT = re.compile(r"(?i)\b(for now|for (the )?mvp|simplif\w*|temporarily|not (yet )?implemented|"
                      r"in production,? (this )?would|would (need|check|query)|stub(bed)?|"
                      r"hard-?coded|just (return|acknowledge|log|skip))\b")
# A returned value that itself reports the work as skipped or unsupported ({skipped: "pdf"},
# {"status": "unsupported"}) tells its caller the truth: the shortcut is a scope limit, not a
# stand-in for a result.
HONEST_SKIP = re.compile(r"(?i)\b(skip(ped|ping)?|unsupported|not[ _]supported)\b")
# A comment whose only admission is an assumption that it names a deliberate, safe default for
# input the code cannot read ("Default to assuming a reply is needed if the email is invalid",
# "Fail safe: an unrecognised tool is assumed to write content"): a decision, not a shortcut.
DELIBERATE_DEFAULT = re.compile(r"(?i)\b(fail[- ]?(safe|closed)|default(s|ing)? to\b|"
                                r"conservative(ly)?|to be safe|on the safe side|err on the side)")
ASSUMPTION_ONLY = re.compile(r"(?i)\bassum(e|es|ed|ing)\b")
WIRING_NAME = re.compile(r"(?i)^(main|init\w*|setup\w*|register\w*|new\w*|routes?|wire\w*|"
                         r"bootstrap\w*|configure\w*|build\w*|mount\w*)$")

_POS = '''def compliance_check(agent):
    # For MVP, assume the agent is compliant
    passed = True
    return passed
'''
_NEG = '''def page_size(requested):
    # Assume UTC timestamps throughout
    tz = "UTC"
    # real value computed from the request
    passed = requested > 0
    return passed, tz
'''

_POS_GO = '''package stats

type Store interface{ Users() []string }

func Dashboard(s Store) map[string]interface{} {
	users := s.Users()
	return map[string]interface{}{
		"total_users":        len(users),
		"security_incidents": 0, // TODO: add incidents tracking
	}
}

func Suggest(s Store, id string) []string {
	_ = s.Users()
	// Return empty suggestions for now
	return []string{}
}
'''
# An initial zero that the loop counts up, a TODO that is not next to a value, an empty list
# that is the real answer: none is a stand-in.
_NEG_GO = '''package stats

type Store interface{ Users() []string }

func Dashboard(s Store) map[string]interface{} {
	users := s.Users()
	incidentCount := 0 // TODO: count per severity too
	for _, u := range users {
		if u == "" {
			incidentCount++
		}
	}
	return map[string]interface{}{"total_users": len(users), "security_incidents": incidentCount}
}

func Suggest(s Store, id string) []string {
	users := s.Users()
	if len(users) == 0 {
		// nothing to suggest
		return []string{}
	}
	return users[:1]
}
'''
_POS_TS = '''import express from "express";

export class KeyService {
  constructor(private repo: { create(days: number): Promise<string> }) {}

  async create(name: string, expiresAt?: string): Promise<string> {
    const days = 90;
    if (expiresAt) {
      // TODO: parse expires_at; for now the default applies
    }
    return this.repo.create(days);
  }
}

const keys = new KeyService({ create: async (days: number) => String(days) });
const app = express();
app.post("/api/keys", async (req, res) => {
  res.json({ key: await keys.create(req.body.name, req.body.expiresAt) });
});
app.listen(3000);
'''
# A workaround called a "dirty hack" that computes its value: the method is admitted, the value
# is real.
_NEG_HACK = '''from fastapi import FastAPI

app = FastAPI()


def merge(latest, beat):
    return {**latest, "entity": beat["entity"]}


@app.post("/durations")
def durations(beats: list):
    latest = {}
    for beat in beats:
        latest = merge(latest, beat)  # dirty hack
    return latest
'''
# A bare TODO beside the empty answer of a failed sort: unfinished error handling, not data.
_NEG_GO_TODO = '''package models

import (
\t"net/http"
\t"sort"
)

type KeyTotal struct{ Total int }

func sortTotals(totals []KeyTotal) error {
\tsort.Slice(totals, func(i, j int) bool { return totals[i].Total > totals[j].Total })
\treturn nil
}

func TopTotals(totals []KeyTotal) []KeyTotal {
\tif err := sortTotals(totals); err != nil {
\t\treturn []KeyTotal{} // TODO
\t}
\treturn totals
}

func Leaders(w http.ResponseWriter, r *http.Request) {
\t_ = TopTotals(nil)
}

func Routes(mux *http.ServeMux) {
\tmux.HandleFunc("GET /leaders", Leaders)
}
'''
_NEG_TS = '''import express from "express";

export class KeyService {
  constructor(private repo: { create(days: number): Promise<string> }) {}

  async create(name: string, expiresAt?: string): Promise<string> {
    let days = 90;
    if (expiresAt) {
      days = Math.ceil((Date.parse(expiresAt) - Date.now()) / 86400000);
    }
    return this.repo.create(days);
  }
}

const keys = new KeyService({ create: async (days: number) => String(days) });
const app = express();
app.post("/api/keys", async (req, res) => {
  res.json({ key: await keys.create(req.body.name, req.body.expiresAt) });
});
app.listen(3000);
'''


class StubComment(Rule):
    __doc__ = __doc__
    id = "stub-comment"
    name = "AdmittedStubValue"
    category = "hardcoded-return"
    severity = "medium"
    confidence = "high"
    scope = "project"
    positive = [Example("python", _POS, "service.py"), Example("go", _POS_GO, "stats/stats.go"),
                Example("typescript", _POS_TS, "src/keys.ts")]
    negative = [Example("python", _NEG_HACK, "app.py"), Example("go", _NEG_GO_TODO, "models/leaders.go"), Example("python", _NEG, "service.py"), Example("go", _NEG_GO, "stats/stats.go"),
                Example("typescript", _NEG_TS, "src/keys.ts")]

    def check_project(self, ctx) -> Iterable[Finding]:
        from auditor.checks.rules.hardcoded_return import hardcoded_functions, maps_input

        ic = impl_context(ctx)
        covered = {(info.file, first["line"]) for info, first, _m, _r in hardcoded_functions(ctx)}
        for info in ic.functions():
            if not production_path(info.file):
                continue
            rec = info.rec
            seen: set[int] = set()
            for a in rec.get("admissions", []):
                line = a.get("target_line")
                if not line or line in seen or (info.file, line) in covered:
                    continue
                kind = a.get("target_kind")
                if kind == "return" and HONEST_SKIP.search(a.get("target_text", "")):
                    continue  # the value itself says the work was skipped: a status, not a fake
                if _deliberate_default(a.get("text", "")):
                    continue
                if kind == "return" and maps_input(rec):
                    continue  # one branch's default of a mapping of the input (hardcoded-return)
                if kind == "assign":
                    assign = next((x for x in rec["assigns"] if x["line"] == line), None)
                    target = (assign or {}).get("target", "")
                    if not assign or not (assign.get("field") and RESULT_NAME.search(target)
                                          or RESULT_NAME.search(target)):
                        continue
                seen.add(line)
                comment = a["text"].lstrip("/#* ").strip()
                yield self.finding(
                    info.file, line,
                    f"{short(rec.get('name') or 'function')}: literal {a.get('target_text', '')[:80]!s} "
                    f"is admitted to be a stand-in: \"{comment[:100]}\"",
                    snippet=a.get("target_text", ""), severity="high" if info.on_trace else None,
                    endpoints=sorted(info.endpoints), critical_path=info.on_trace,
                    related=[(info.file, a["line"])] if a["line"] != line else [])
            yield from self._stand_ins(info, seen, covered)

    def _stand_ins(self, info, seen: set[int], covered: set) -> Iterable[Finding]:
        """The stand-ins that are not literal answers (auditor.index.signals, bottom)."""
        from auditor.checks.rules.unused_filter_parameter import FILTER_NAME

        rec = info.rec
        name = short(rec.get("name") or "function")
        on = info.on_trace
        for s in rec.get("stand_ins", ()):
            line = s["line"]
            if line in seen or (info.file, line) in covered or \
                    _deliberate_default(s.get("comment", "")):
                continue
            seen.add(line)
            comment = s["comment"].lstrip("/#* ").strip()[:100]
            kind = s["kind"]
            if kind == "metric":
                what = f"metric {s['target']} is the literal {s['text'][:40]}"
            elif kind == "placeholder":
                what = f"{s['target']} = {s['text'][:60]} is called a stand-in"
            elif kind == "decision":
                what = f"decision {s['target']} = {s['text'][:60]} is a shortcut"
            elif kind == "empty":
                what = f"answers an empty {s['text'][:40]} as a placeholder"
            elif kind == "fresh-id":
                what = (f"{s['target']} = {s['text'][:40]} is a fresh id answered as a record's "
                        "id, and nothing records it")
            else:  # branch
                what = f"the branch on {s['text'][:60]} does nothing"
            value = kind in ("metric", "placeholder", "decision", "empty", "fresh-id")
            if kind in ("placeholder", "decision", "branch", "fresh-id") and not on:
                continue  # weaker evidence: only where a request reaches it
            yield self.finding(
                info.file, line, f"{name}: {what}; the comment says: \"{comment}\"",
                snippet=s["text"], severity=("high" if value else "medium") if on else "low",
                endpoints=sorted(info.endpoints), critical_path=on)
        ignored = [p for p in rec.get("unused_params", ()) if not FILTER_NAME.match(p)]
        if not ignored or not rec.get("admissions") or rec.get("noop"):
            return  # a body that does nothing at all is the noop-handler rule's
        if not (rec["calls"] or rec["returns"] or rec["responses"]):
            return  # a declaration
        if not on or rec["end_line"] - rec["line"] > SHORTCUT_MAX_LINES or \
                WIRING_NAME.match(name.rsplit(".", 1)[-1] or "_"):
            return  # a comment in a long function or in wiring code speaks of something else
        for a in rec["admissions"]:
            line = a["line"]
            if a.get("target_line") or any(abs(line - x) <= 2 for x in seen) or \
                    not SHORTCUT.search(a["text"]):
                continue  # the comment excuses a value (reported as such) or names no shortcut
            seen.add(line)
            comment = a["text"].lstrip("/#* ").strip()[:100]
            yield self.finding(
                info.file, line,
                f"{name} ignores its input{'s' if len(ignored) > 1 else ''} "
                f"{', '.join(ignored)} and the comment admits the shortcut: \"{comment}\"",
                snippet=a["text"][:120], severity="medium" if on else "low",
                endpoints=sorted(info.endpoints), critical_path=on)
            return


def _deliberate_default(comment: str) -> bool:
    """The comment admits nothing but an assumption, and says the assumption is the safe
    default it chose (a "for now" or "placeholder" beside it still admits a shortcut)."""
    from auditor.index.signals import ADMISSION

    words = {m.group(0).lower() for m in ADMISSION.finditer(comment)}
    return bool(words) and all(ASSUMPTION_ONLY.fullmatch(w) for w in words) and \
        bool(DELIBERATE_DEFAULT.search(comment))
