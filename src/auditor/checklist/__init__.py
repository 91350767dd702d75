"""Checklists: every seed item with a status and its evidence, and the readiness score.

Statuses: `pass` (positive evidence that the property holds: the rules that decide it ran on
the code it is about, which exists), `fail` (the findings that break it), `warn` (only minor
findings, or part of it holds), `not_verified` (nothing decides it: no rule or engine checks it,
an engine was skipped, the code it is about was not found; the evidence says what would decide
it), `not_applicable` (the item is about a feature this system does not have, such as email or
JWT; the reason is given; a system checklist such as AIM's applies by default only to a system
that matches its `applies_when` signals) and `manual` (needs a run, a deployment or a person). The
score is pass / (pass + fail + warn) x 100 against a 95% minimum: `not_verified`,
`not_applicable` and `manual` items are not counted, and are listed.
"""
from __future__ import annotations

import re

from auditor.model import SEVERITY_RANK, ChecklistItem, Finding

MINIMUM_SCORE = 95
STATUSES = ("pass", "fail", "warn", "not_verified", "not_applicable", "manual")


def evaluate_checklists(analysis, selected: list[str]) -> tuple[list[ChecklistItem], dict]:
    from auditor.checklist.evidence import Signals
    from auditor.checklist.load import select
    from auditor.checklist.predicates import PREDICATES, PredicateContext

    ctx = PredicateContext(analysis)
    signals = Signals(ctx)
    items: list[ChecklistItem] = []
    applied = []
    for cl in select(selected, analysis.config, signals):
        applies, reasons = signals.matches(cl.get("applies_when") or {})
        # Chosen by default only when the system matches; chosen by name (--checklist), it is
        # evaluated as asked, and the output says which signals did not match.
        applied.append({"name": cl["name"], "matches": applies, "signals": reasons,
                        "selected": "by name" if selected else "by default"})
        for spec in cl["items"]:
            items.append(_evaluate(cl["name"], spec, ctx, PREDICATES, signals))
    sc = score(items)
    sc["checklists"] = applied
    return items, sc


def score(items: list[ChecklistItem]) -> dict:
    n = {s: sum(1 for i in items if i.status == s) for s in STATUSES}
    applicable = n["pass"] + n["fail"] + n["warn"]
    pct = round(100.0 * n["pass"] / applicable, 1) if applicable else None
    return {"pass": n["pass"], "fail": n["fail"], "warn": n["warn"], "manual": n["manual"],
            "not_verified": n["not_verified"], "not_applicable": n["not_applicable"],
            "applicable": applicable, "percent": pct, "minimum": MINIMUM_SCORE,
            "meets_minimum": pct is not None and pct >= MINIMUM_SCORE}


def _not_applicable(checklist: str, spec: dict, reason: str) -> ChecklistItem:
    return ChecklistItem(id=spec["id"], checklist=checklist, title=spec["title"],
                         status="not_applicable", section=spec.get("section", ""),
                         note=spec.get("note", ""), evidence=[{"text": reason}],
                         decided_by=decided_by(spec))


def decided_by(spec: dict) -> list[str]:
    """What decides an item, for the reports: rule ids, categories, OWASP codes, the predicate
    and the engine it needs."""
    f = spec.get("findings") or {}
    out = [*f.get("rules", []), *f.get("categories", []), *(o.split(":")[0] for o in f.get("owasp", [])),
           *f.get("cwes", [])]
    if spec.get("predicate"):
        out.append(f"predicate {spec['predicate']}")
    if spec.get("requires_engine"):
        out.append(f"engine {spec['requires_engine']}")
    return list(dict.fromkeys(out))


def _evaluate(checklist: str, spec: dict, ctx, predicates, signals) -> ChecklistItem:
    from auditor.checklist.evidence import applies, positive_evidence

    item = ChecklistItem(id=spec["id"], checklist=checklist, title=spec["title"], status="manual",
                         section=spec.get("section", ""), note=spec.get("note", ""),
                         decided_by=decided_by(spec))
    if "manual" in spec and "findings" not in spec and "predicate" not in spec:
        item.note = spec["manual"]
        return item
    ok, why = applies(spec, signals)
    if not ok:
        return _not_applicable(checklist, spec, why)
    engine = spec.get("requires_engine")
    if engine:
        st = next((e for e in ctx.result.engines if e.name == engine), None)
        if st is None or st.status != "ok":
            why = "not run" if st is None else f"{st.status}: {st.message}"
            item.status = "not_verified"
            item.evidence = [{"text": f"engine {engine} {why}; run it to decide this item"}]
            return item
    statuses: list[str] = []
    if "findings" in spec and not covered(spec["findings"], ctx):
        # Nothing that ran could have produced a finding against this item: not a pass.
        statuses.append("not_verified")
        item.evidence.append({"text": "no enabled rule or engine checks this item"})
    elif "findings" in spec:
        hits = matching_findings(ctx.result.findings, spec["findings"])
        if hits:
            # Low-severity findings alone make an item a warning, not a failure.
            minor = all(f.severity == "low" for f in hits)
            status = "warn" if spec["findings"].get("warn_only") or minor else "fail"
            extra = []
            if status == "warn" and _one_header(spec["findings"]):
                # An item that is the header itself: set nowhere, it fails; set only by a proxy
                # or platform configuration in the repository, part of it holds.
                from auditor.checklist.evidence import deployment_header_sites

                extra = [s for h in spec["findings"]["message_contains"]
                         for s in deployment_header_sites(ctx, h)]
                if not extra:
                    status = "fail"
                    extra = [{"text": "set nowhere: neither by the application nor by a proxy "
                                      "or platform configuration in the repository (nginx "
                                      "add_header, Apache Header set, Caddy header, _headers, "
                                      "vercel.json)"}]
            statuses.append(status)
            item.evidence += [_finding_evidence(f) for f in hits[:50]] + extra[:5]
            if len(hits) > 50:
                item.evidence.append({"text": f"... and {len(hits) - 50} more findings"})
        elif "predicate" not in spec:
            # No finding is not yet a pass: what was examined has to be there.
            status, evidence = positive_evidence(spec["findings"], ctx, signals)
            statuses.append(status)
            item.evidence += evidence
    if "predicate" in spec:
        status, evidence = predicates[spec["predicate"]](ctx, **(spec.get("args") or {}))
        statuses.append(status)
        item.evidence += evidence
    for s in ("fail", "warn", "not_applicable", "not_verified", "pass"):
        if s in statuses:
            item.status = s
            break
    if item.status == "pass" and not item.evidence:
        item.status = "not_verified"
        item.evidence = [{"text": "nothing positive was found to support a pass"}]
    return item


def _one_header(spec: dict) -> bool:
    """Whether a findings spec is about one security header (its name is what the messages
    must contain): the item is that header being set."""
    return spec.get("categories") == ["security-headers"] and bool(spec.get("message_contains")) \
        and all(re.fullmatch(r"[A-Z][A-Za-z]*(-[A-Za-z]+)+", h) for h in spec["message_contains"])


def covered(spec: dict, ctx) -> bool:
    """Whether any rule that ran (native rules, or an engine with status ok) can report what
    `spec` looks for."""
    cov = getattr(ctx, "_coverage", None)
    if cov is None:
        rules, cats, cwes, owasp = set(), set(), set(), set()
        for m in ctx.result.rules:
            rules.add(m["id"])
            cats.add(m["category"])
            cwes.update(m.get("cwe", []))
            owasp.update(m.get("owasp", []))
        for e in ctx.result.engines:
            if e.name != "native" and e.status == "ok":
                cats.update(ENGINE_CATEGORIES.get(e.name, ()))
        for f in ctx.result.findings:
            rules.update(f.engine_rule_ids)
            cats.add(f.category)
        if "dependency-vuln" in cats:
            owasp.add("A06:2021")
        cov = ctx._coverage = (rules, cats, cwes, owasp)
    rules, cats, cwes, owasp = cov
    return bool(set(spec.get("rules", [])) & rules or set(spec.get("categories", [])) & cats
                or set(spec.get("cwes", [])) & cwes or set(spec.get("owasp", [])) & owasp)


# What each engine checks when it ran: semgrep and bandit through our category mapping of
# their rules, the dependency audit for vulnerable components.
ENGINE_CATEGORIES = {
    "dependencies": ("dependency-vuln",),
    "bandit": ("sql-injection", "command-injection", "code-injection", "deserialization", "xxe",
               "hardcoded-secret", "weak-hash", "insecure-random", "debug-mode"),
}


def matching_findings(findings: list[Finding], spec: dict) -> list[Finding]:
    rules = set(spec.get("rules", []))
    cats = set(spec.get("categories", []))
    cwes = set(spec.get("cwes", []))
    owasp = set(spec.get("owasp", []))
    min_sev = spec.get("min_severity")
    contains = [s.lower() for s in spec.get("message_contains", [])]
    out = []
    for f in findings:
        if f.suppressed or not f.reachable:  # code no entry point reaches is not shipped behaviour
            continue
        if not ((rules and (f.rule_id in rules or not rules.isdisjoint(f.engine_rule_ids)))
                or (cats and f.category in cats) or (cwes and not cwes.isdisjoint(f.cwe))
                or (owasp and not owasp.isdisjoint(f.owasp))):
            continue
        if min_sev and SEVERITY_RANK.get(f.severity, 0) < SEVERITY_RANK[min_sev]:
            continue
        if spec.get("critical_path") and not f.critical_path:
            continue
        if spec.get("production_only", True) and f.severity == "info":
            continue
        if contains:
            where = " ".join((f.message, f.file, f.snippet, *f.endpoints)).lower()
            if not any(c in where for c in contains):
                continue
        out.append(f)
    return out


def _finding_evidence(f: Finding) -> dict:
    ev = {"file": f.file, "line": f.line, "rule_id": f.rule_id, "severity": f.severity,
          "text": f.message}
    if f.endpoints:
        ev["endpoints"] = list(f.endpoints[:5])
    return ev
