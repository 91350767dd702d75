"""A literal value that a comment next to it admits is a stand-in.

What it finds:
In production code, a literal that feeds a result (a return, a response, a result field, or a
variable such as `passed`, `score`, `status`, `total`) with a comment on its line or just above it
that admits the shortcut: "for MVP", "for now", "assume", "placeholder", "simulate", "stub", "not
implemented", "hardcoded". The classic always-passing check: `checkPassed = true` under
"// For MVP, assume pass".

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


class StubComment(Rule):
    __doc__ = __doc__
    id = "stub-comment"
    name = "AdmittedStubValue"
    category = "hardcoded-return"
    severity = "medium"
    confidence = "high"
    scope = "project"
    positive = [Example("python", _POS, "service.py")]
    negative = [Example("python", _NEG, "service.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        from auditor.checks.rules.hardcoded_return import hardcoded_functions

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
