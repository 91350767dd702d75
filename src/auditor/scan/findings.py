"""Post-processing of the findings of every engine: configuration, merging, fingerprints,
suppression, diff filtering, and the endpoints whose trace contains each finding."""
from __future__ import annotations

from collections import defaultdict

from auditor.engines import engine_rank
from auditor.model import SEVERITY_RANK, Finding


def finalize_findings(analysis, findings: list[Finding], opts) -> list[Finding]:
    from auditor.suppress import (apply_baseline, apply_inline, assign_fingerprints,
                                  load_baseline)

    config = analysis.config
    findings = [f for f in findings if f.rule_id not in config.disable]
    if config.severity:
        findings = [f.with_(severity=config.severity[f.rule_id]) if f.rule_id in config.severity
                    else f for f in findings]
    snap = getattr(analysis, "snapshot", None)
    if snap is not None:  # the native stage's per-file facts, without loading the facts
        safe = {p: {"extra": {"safe_sql_lines": lines}} for p, lines in snap["safe_sql_lines"].items()}
        sups = snap["suppressions"]
    else:
        safe = analysis.facts
        sups = {p: fx.get("suppressions", []) for p, fx in analysis.facts.items()
                if fx.get("suppressions")}
    findings = merge_duplicates(findings, safe)
    findings = assign_fingerprints(findings)
    findings, unused = apply_inline(findings, sups)
    analysis.result.unused_suppressions = unused
    if opts.baseline:
        findings = apply_baseline(findings, load_baseline(
            opts.baseline, getattr(opts, "baseline_from", None)))
    if opts.changed_since:
        from auditor.scan.diff import changed_lines

        change = changed_lines(analysis.root, opts.changed_since,
                               untracked=getattr(opts, "changed_untracked", True))
        analysis.result.notices = sorted(
            [*analysis.result.notices, *({"file": ".", "message": f"--changed-since: {n}"}
                                         for n in change.notes)], key=lambda n: n["file"])
        changed = change.lines
        if changed is not None:  # None: no commit yet, everything is new
            traced = _changed_traces(analysis, changed)
            findings = [f for f in findings if _in_change(f, changed) or _in_spans(f, traced)]
    if getattr(opts, "only_files", None) is not None:
        keep = set(opts.only_files)
        findings = [f for f in findings if f.file in keep]
    return sorted(findings, key=finding_order)


def _in_change(f: Finding, changed: dict[str, set[int]]) -> bool:
    lines = changed.get(f.file)
    if not lines:
        return False
    return -1 in lines or any(ln in lines for ln in range(f.line, max(f.line, f.end_line) + 1))


def _touches(file: str, start: int, end: int, changed: dict[str, set[int]]) -> bool:
    lines = changed.get(file)
    if not lines:
        return False
    return -1 in lines or any(start <= ln <= end for ln in lines)


def _changed_traces(analysis, changed: dict[str, set[int]]) -> dict[str, list[tuple[int, int]]]:
    """Line spans (registration lines and every function on the chain) of the endpoints whose
    trace contains a changed line: a change in a service can make its route's findings new.

    The spans come from `chain_spans`, the same on a cold run and on one answered from the
    snapshot, so a diff-aware scan gives the same findings warm and cold."""
    endpoints = getattr(analysis.result, "endpoints", None) or []
    if not endpoints:
        return {}
    spans = {(path, qname): (start, end)
             for path, items in chain_spans(analysis).items() for start, end, qname in items}
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for ep in endpoints:
        if getattr(ep, "implicit", False):
            continue
        reg = ep.registered_at or {}
        parts = [(reg.get("file", ""), reg.get("line", 0), reg.get("line", 0))]
        for node in ep.chain:
            start, end = spans.get((node.file, node.name), (node.line, node.line))
            parts.append((node.file, start, end))
        if any(_touches(f, a, b, changed) for f, a, b in parts if f):
            for f, a, b in parts:
                if f:
                    out[f].append((a, b))
    return out


def chain_spans(analysis) -> dict[str, list[tuple[int, int, str]]]:
    """(start, end, qualified name) of every function on an endpoint's chain, per file.

    Chain nodes carry the call graph's qualified names (a Go function's import path), which the
    per-file facts do not: the cold run computes the spans once, after the graph qualified the
    facts' functions, and stores them in the snapshot; a warm run reads them from there."""
    snap = getattr(analysis, "snapshot", None)
    if snap is not None:
        return {path: [tuple(sp) for sp in items] for path, items in snap["spans"].items()}
    cached = getattr(analysis, "_chain_spans", None)
    if cached is not None:
        return cached
    on_chain = {(n.file, n.name) for e in analysis.result.endpoints for n in e.chain}
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for path, fx in analysis.facts.items():
        for fn in fx.get("functions", []) or []:
            try:
                if (path, fn["qname"]) in on_chain:
                    spans.setdefault(path, []).append(
                        (fn["line"], fn.get("end_line", fn["line"]), fn["qname"]))
            except (KeyError, TypeError):
                continue
    analysis._chain_spans = spans
    return spans


def _in_spans(f: Finding, spans: dict[str, list[tuple[int, int]]]) -> bool:
    return any(a <= f.line <= b for a, b in spans.get(f.file, ()))


def precedence(f: Finding) -> tuple:
    """Which of several findings of one defect is kept (its rule id, message and so its
    fingerprint): native first, then the fixed engine order (semgrep, bandit, dependencies),
    then rule id and message, then the rest of the finding. Never the order in which engines
    or worker processes finished."""
    return (engine_rank(f.engine), f.rule_id, f.message, f.column, f.end_line, f.end_column,
            f.snippet, -SEVERITY_RANK.get(f.severity, 0), f.confidence, tuple(f.engines),
            tuple(f.engine_rule_ids), tuple(f.cwe), f.suppressed or "")


def finding_order(f: Finding) -> tuple:
    """A total order of findings (by place, then `precedence`): the same list in any input
    order comes out the same, and so do the occurrence indexes of the fingerprints."""
    return (f.file, f.line, f.column, f.rule_id, f.category, precedence(f))


def merge_duplicates(findings: list[Finding], facts: dict[str, dict] | None = None) -> list[Finding]:
    """One finding per defect (category, file, line) however many engines reported it.

    The kept finding is the first by `precedence`: the native one where there is one, else the
    first engine in the fixed order (semgrep, bandit, dependencies), then by rule id and message;
    an engine-only defect takes the highest severity any engine gave it. `engines` and
    `engine_rule_ids` collect every engine and rule that reported it, in that same order. One
    engine reporting different rules on a line keeps them apart (distinct defects); dependency
    advisories are never merged (several advisories can sit on one manifest line). Where the
    native analysis examined a query and judged it safe (file facts `extra["safe_sql_lines"]`:
    lines whose SQL interpolates only placeholders or constants), an engine-only SQL finding on
    those lines is kept as suppressed ("engine-judged"), not reported.

    The result does not depend on the order of `findings` (engines finish in any order).
    """
    groups: dict[tuple, list[Finding]] = defaultdict(list)
    singles: list[Finding] = []
    for f in sorted(findings, key=finding_order):
        if f.category in ("todo", "other", "dependency-vuln"):
            singles.append(f)
        else:
            groups[(f.category, f.file, f.line)].append(f)
    out = list(singles)
    for group in groups.values():
        if len(group) == 1:
            out.append(_judged(group[0], facts))
            continue
        engines = {g.engine for g in group}
        if len(engines) == 1:
            # One engine's findings on a line are distinct defects (different rules, or one
            # absence rule reporting several missing headers at the app's creation line).
            out.extend(_judged(g, facts) for g in group)
            continue
        group.sort(key=precedence)
        keep = group[0]
        same_engine = [g for g in group[1:] if g.engine == keep.engine]
        others = [g for g in group[1:] if g.engine != keep.engine]
        merged_from = [keep] + others
        all_engines = tuple(dict.fromkeys(e for g in merged_from for e in (g.engines or (g.engine,))))
        rule_ids = tuple(dict.fromkeys(r for g in merged_from for r in (g.engine_rule_ids or (g.rule_id,))))
        cwes = tuple(dict.fromkeys(c for g in merged_from for c in g.cwe))
        owasp = tuple(dict.fromkeys(o for g in merged_from for o in g.owasp))
        changes: dict = {}
        if "native" not in engines:
            # the native judgment stands; among engines alone, the most severe one's
            changes["severity"] = max((g.severity for g in merged_from),
                                      key=lambda sev: SEVERITY_RANK.get(sev, 0))
        merged = keep.with_(engines=all_engines, engine_rule_ids=rule_ids, cwe=cwes, owasp=owasp,
                            **changes)
        out.append(merged if "native" in engines else _judged(merged, facts))
        out.extend(_judged(g, facts) for g in same_engine)
    out.sort(key=finding_order)
    return _fold_into_related(out)


def _fold_into_related(findings: list[Finding]) -> list[Finding]:
    """An engine that reports a defect where its tainted value is built (bandit B608 on the
    f-string) and the native rule where it reaches the sink (the execute call) describe one
    defect: the engine's finding folds into the native one whose related location it sits on.
    `findings` come in `finding_order`; engine findings fold in `precedence` order."""
    anchors: dict[tuple, int] = {}
    for i, f in enumerate(findings):
        if f.engine == "native" and not f.suppressed:
            for r in f.related:
                anchors.setdefault((f.category, r.file, r.line), i)
    if not anchors:
        return findings
    out = list(findings)
    drop: set[int] = set()
    candidates = sorted((j for j, f in enumerate(findings) if f.engine != "native"),
                        key=lambda j: precedence(findings[j]))
    for j in candidates:
        f = findings[j]
        if f.suppressed:
            continue
        i = anchors.get((f.category, f.file, f.line))
        if i is None:
            continue
        keep = out[i]
        out[i] = keep.with_(
            engines=tuple(dict.fromkeys((*(keep.engines or (keep.engine,)), *(f.engines or (f.engine,))))),
            engine_rule_ids=tuple(dict.fromkeys((*(keep.engine_rule_ids or (keep.rule_id,)),
                                                 *(f.engine_rule_ids or (f.rule_id,))))),
            cwe=tuple(dict.fromkeys((*keep.cwe, *f.cwe))))
        drop.add(j)
    return [f for k, f in enumerate(out) if k not in drop]


SAFE_SQL_REASON = ("native analysis judged this query safe: its only interpolations are "
                   "placeholders or constants")


SAFE_SINK_REASON = ("native analysis judged this call: the {category} rule models this sink "
                    "and no request data reaches it (constant, converted, checked before use, or "
                    "a parser that does not expand entities)")
IMPORT_REASON = ("an import is not a use: auditor's {category} rule judges each call of the "
                 "module")
# bandit's import blacklist (B403 pickle, B404 subprocess, B405-B411 XML parsers): a hint to
# review the module's uses, each of which the native rule of that category judges
IMPORT_HINTS = frozenset(f"bandit.B4{n:02d}" for n in range(3, 12))


def _judged(f: Finding, facts: dict[str, dict] | None) -> Finding:
    """An engine's finding on a sink the native analysis modelled and judged safe becomes
    suppressed (visible, not counted): SQL whose interpolations are only placeholders or
    constants, and any other injection sink whose value is built only from constants
    (`extra["safe_sink_lines"]`, by category). Sinks auditor does not model stay active."""
    if f.engine == "native" or f.suppressed or not facts:
        return f
    extra = (facts.get(f.file) or {}).get("extra") or {}
    span = range(f.line, max(f.line, f.end_line) + 1)
    if f.category == "sql-injection":
        safe = extra.get("safe_sql_lines") or ()
        if any(ln in span for ln in safe):
            return f.with_(suppressed=SAFE_SQL_REASON, suppression_kind="engine-judged")
    if f.rule_id in IMPORT_HINTS:
        return f.with_(suppressed=IMPORT_REASON.format(category=f.category),
                       suppression_kind="engine-judged")
    safe = (extra.get("safe_sink_lines") or {}).get(f.category) or ()
    if any(ln in span for ln in safe):
        return f.with_(suppressed=SAFE_SINK_REASON.format(category=f.category),
                       suppression_kind="engine-judged")
    return f


def dead_spans_of(analysis) -> dict[str, list[list]]:
    """The Go functions no entry point reaches and the Python modules only tests import
    (scan/reach.py): from the snapshot on a warm
    run, computed from the graph on a cold one (the same either way)."""
    snap = getattr(analysis, "snapshot", None)
    if snap is not None and "dead_spans" in snap:
        return snap["dead_spans"]
    cached = getattr(analysis, "_dead_spans", None)
    if cached is None:
        from auditor.scan.reach import dead_spans

        graph = getattr(analysis, "_graph", None)
        cached = dead_spans(graph, analysis.result.endpoints, getattr(analysis, "_facts", None)) \
            if graph is not None else {}
        analysis._dead_spans = cached
    return cached


def mark_unreachable(analysis, findings: list[Finding]) -> list[Finding]:
    """A finding inside a function no entry point reaches (and on no endpoint's chain) is
    marked `reachable: false` and lowered one severity level."""
    from auditor.scan.reach import LOWER, innermost_dead

    spans = dead_spans_of(analysis)
    if not spans:
        return findings
    out = []
    for f in findings:
        if f.endpoints or f.file not in spans:
            out.append(f)
            continue
        fn = innermost_dead(spans, f.file, f.line)
        if fn is None:
            out.append(f)
            continue
        where = fn if " " in fn else fn.rsplit("/", 1)[-1]  # a function's name, or a reason
        out.append(f.with_(reachable=False, severity=LOWER.get(f.severity, f.severity),
                           message=f"{f.message} (in code no entry point reaches: {where})"))
    return out


def attach_endpoints(analysis, findings: list[Finding]) -> list[Finding]:
    """Every finding inside a function on an endpoint's chain names that endpoint (a finding
    with a data flow: the endpoints whose chain holds its source)."""
    endpoints = analysis.result.endpoints
    if not endpoints:
        return findings
    by_file = chain_spans(analysis)
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    open_routes = set()
    for ep in endpoints:
        if ep.implicit:
            continue
        if ep.auth == "none":
            open_routes.add(ep.key)
        for node in ep.chain:
            owners[(node.file, node.name)].add(ep.key)
    if not owners:
        return findings
    out = []
    for f in findings:
        eps: set[str] = set()
        # a finding from data flow belongs to the endpoints whose chain holds its source
        file, line = (f.flow[0].file, f.flow[0].line) if f.flow else (f.file, f.line)
        if f.endpoints:  # a rule about an endpoint named it: its evidence, kept as it is
            eps = set(f.endpoints)
        else:
            for start, end, qname in by_file.get(file, ()):
                if start <= line <= end:
                    eps |= owners.get((file, qname), set())
        if eps:
            # A TODO inside a function that serves a request is a critical-path TODO.
            sev = "medium" if f.category == "todo" and f.severity == "low" else f.severity
            message = f.message
            unauth = sorted(eps & open_routes)
            if f.category in EXPLOITABLE_UNAUTHENTICATED and sev == "high" and unauth and \
                    f.confidence != "low" and not f.suppressed:
                # Injection that anyone can reach: exploitable as shipped.
                sev = "critical"
                message = (f"{message} (reachable without authentication: "
                           f"{', '.join(unauth[:3])}{' ...' if len(unauth) > 3 else ''})")
            f = f.with_(endpoints=tuple(sorted(eps)), critical_path=True, severity=sev,
                        message=message)
        out.append(f)
    return out


# Categories whose high finding on a route that requires no authentication is critical.
EXPLOITABLE_UNAUTHENTICATED = frozenset({
    "sql-injection", "command-injection", "code-injection", "path-traversal", "ssrf",
    "deserialization", "xxe"})
