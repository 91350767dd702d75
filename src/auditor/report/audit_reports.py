"""The seed's two deliverables: `code-audit-report.md` (Layer 1 and the final quality gates)
and `security-report.md` (Layer 5, OWASP A01-A10, cryptography, dependencies, Kamiyo security).

Pure functions of the `ScanResult`; links point at `file#Lline` relative to the report folder
(`link_base` is the scan root as seen from there), so they click through on GitHub.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from auditor.model import SEVERITIES, summarize
from auditor.report.markdown import md_escape
from auditor.taxonomy import OWASP_TITLES

STATUS_ICON = {"pass": "PASS", "fail": "FAIL", "warn": "WARN", "manual": "MANUAL",
               "not_verified": "NOT VERIFIED", "not_applicable": "N/A"}


class _Links:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")

    def __call__(self, file: str, line: int | None = None, label: str | None = None) -> str:
        if not file:
            return md_escape(label or "")
        target = f"{self.base}/{file}" if self.base and self.base != "." else file
        anchor = f"#L{line}" if line else ""
        text = label or (f"{file}:{line}" if line else file)
        return f"[{md_escape(text)}]({target.replace(' ', '%20')}{anchor})"


def _evidence(link: _Links, ev: list[dict], limit: int = 3) -> str:
    parts = []
    for e in ev[:limit]:
        if e.get("file"):
            parts.append(link(e["file"], e.get("line")) + (f" {md_escape(e.get('text', ''))[:120]}"
                                                           if e.get("text") else ""))
        elif e.get("text"):
            parts.append(md_escape(e["text"])[:200])
    if len(ev) > limit:
        parts.append(f"(+{len(ev) - limit} more)")
    return "<br>".join(parts)


def _items(result, prefix_sections: tuple[str, ...]) -> list:
    return [c for c in result.checklist if c.section.startswith(prefix_sections)]


def _checklist_table(link, items) -> list[str]:
    out = ["| ID | Item | Status | Decided by | Evidence and reason |",
           "| --- | --- | --- | --- | --- |"]
    for c in items:
        note = _evidence(link, c.evidence) or md_escape(c.note)
        by = ", ".join(f"`{md_escape(d)}`" for d in (c.decided_by or [])[:6]) or "manual"
        if len(c.decided_by or []) > 6:
            by += f" (+{len(c.decided_by) - 6})"
        out.append(f"| {c.id} | {md_escape(c.title)} | **{STATUS_ICON[c.status]}** | {by} | {note} |")
    return out


def _group_endpoints(result) -> list[tuple[str, list]]:
    """Endpoint categories: the checklist's endpoint groups where they match, else the first
    meaningful path segment."""
    groups: dict[str, list] = defaultdict(list)
    patterns = []
    for c in result.checklist:
        if c.section.endswith("Endpoints Audited"):
            m = re.match(r"(.*?)\s*\(\d+\)$", c.title)
            patterns.append((m.group(1) if m else c.title, c))
    assigned = set()
    for title, c in patterns:
        keys = {e.get("endpoint") for e in c.evidence if e.get("endpoint")}
        for ep in result.endpoints:
            if ep.key in keys and ep.key not in assigned:
                groups[title].append(ep)
                assigned.add(ep.key)
    for ep in result.endpoints:
        if ep.implicit or ep.key in assigned:
            continue
        segs = [s for s in ep.path.split("/") if s and not re.match(r"^(api|v\d+|:.*|\{.*\}|<.*>)$", s)]
        groups[(segs[0] if segs else "root") + " endpoints"].append(ep)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _mermaid(ep) -> list[str]:
    """handler -> service -> repository -> SQL, the DFS tree of the chain with `other` nodes
    collapsed into their nearest layered ancestor."""
    chain = ep.chain
    if not chain:
        return []
    parents: list[int | None] = []
    stack: list[int] = []
    for i, n in enumerate(chain):
        while stack and chain[stack[-1]].depth >= n.depth:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(i)
    keep = {i for i, n in enumerate(chain) if i == 0 or n.layer in ("service", "repository")}
    edges = set()
    for i in keep:
        p = parents[i]
        while p is not None and p not in keep:
            p = parents[p]
        if p is not None:
            edges.add((p, i))
    if len(keep) > 14:
        keep = set(sorted(keep)[:14])
        edges = {(a, b) for a, b in edges if a in keep and b in keep}
    ids = {i: f"n{i}" for i in keep}
    out = ["```mermaid", "flowchart LR"]
    for i in sorted(keep):
        n = chain[i]
        label = n.name.rsplit("/", 1)[-1].replace('"', "'")
        out.append(f'  {ids[i]}["{label}<br/><i>{n.layer}</i>"]')
    for a, b in sorted(edges):
        out.append(f"  {ids[a]} --> {ids[b]}")
    if ep.sql_sites:
        out.append('  sql[("SQL")]')
        repo_nodes = [i for i in keep if chain[i].layer == "repository"] or [max(keep)]
        for i in repo_nodes[:6]:
            out.append(f"  {ids[i]} --> sql")
    out.append("```")
    return out


def render_code_audit(result, link_base: str = ".") -> str:
    link = _Links(link_base)
    s = summarize(result)
    eps = [e for e in result.endpoints if not e.implicit]
    out = ["# Code Audit Report", "",
           f"Generated by auditor {result.tool.get('version', '')} from a static scan of "
           f"`{md_escape(result.root)}`: Layer 1 (Code Audit) and the final quality gates of the "
           "production-readiness checklist. Every statement links to the code that decides it.", ""]
    traced = sum(1 for e in eps if e.reaches_service)
    repo = sum(1 for e in eps if e.reaches_repository)
    sql = sum(1 for e in eps if e.reaches_sql)
    auth = sum(1 for e in eps if e.authenticated)
    hard = sum(1 for e in eps if e.hardcoded_response)
    quality = [f for f in result.findings if not f.suppressed and f.category in
               ("hardcoded-return", "mock-data", "todo", "layering", "missing-auth")]
    out += ["## Summary statistics", "", "| Measure | Value |", "| --- | --- |",
            f"| Endpoints | {len(eps)} (+{len(result.endpoints) - len(eps)} implicit) |",
            f"| Traced to a service | {traced} / {len(eps)} |",
            f"| Reaching a repository | {repo} / {len(eps)} |",
            f"| Reaching SQL | {sql} / {len(eps)} |",
            f"| Authenticated | {auth} / {len(eps)} |",
            f"| Hardcoded responses | {hard} |",
            f"| Unresolved routes | {len(result.unresolved_routes)} |",
            f"| Code-quality findings | {len(quality)} |",
            f"| Files | {s['files_analyzed']} analysed, {s['files_skipped']} skipped, {s['files_failed']} failed |", ""]
    l1 = _items(result, ("Layer 1",))
    gates = _items(result, ("Final Quality Gates",))
    if l1:
        out += ["## Layer 1 checklist", ""] + _checklist_table(link, l1) + [""]
    if gates:
        out += ["## Final quality gates", ""] + _checklist_table(link, gates) + [""]
    out += ["## Endpoint inventory", ""]
    if not eps:
        out += ["No endpoints were found.", ""]
    for title, group in _group_endpoints(result):
        out += [f"### {md_escape(title)} ({len(group)})", "",
                "| Method | Path | Auth | Handler | Service | Repository | SQL | Notes |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for e in sorted(group, key=lambda e: (e.path, e.method)):
            notes = []
            if e.hardcoded_response:
                notes.append("hardcoded response")
            if not e.authenticated:
                notes.append("no auth")
            h = e.handler
            out.append(f"| {e.method} | `{md_escape(e.path)}` | {'yes' if e.authenticated else '**no**'} | "
                       f"{link(h.get('file', ''), h.get('line'), h.get('name', '').rsplit('/', 1)[-1])} | "
                       f"{'yes' if e.reaches_service else '**no**'} | {'yes' if e.reaches_repository else 'no'} | "
                       f"{_sql_cell(link, e)} | {', '.join(notes)} |")
        out.append("")
    if result.unresolved_routes:
        out += ["### Unresolved routes", ""]
        for u in result.unresolved_routes:
            out.append(f"- {link(u['file'], u['line'])}: {md_escape(u['reason'])}")
        out.append("")
    diagrams = [e for e in eps if e.reaches_service][:12]
    if diagrams:
        out += ["## Call chains", "", "Handler -> service -> repository -> SQL, as traced through the "
                "call graph (functions of no layer collapsed).", ""]
        for e in diagrams:
            out += [f"### {e.method} `{md_escape(e.path)}`", ""] + _mermaid(e) + [""]
    out += ["## Code-quality findings", ""]
    if not quality:
        out += ["None.", ""]
    else:
        out += ["| Severity | Rule | Location | Message | Endpoints |", "| --- | --- | --- | --- | --- |"]
        for f in sorted(quality, key=lambda f: (SEVERITIES.index(f.severity), f.file, f.line)):
            out.append(f"| {f.severity} | `{f.rule_id}` | {link(f.file, f.line)} | {md_escape(f.message)} | "
                       f"{md_escape(', '.join(f.endpoints[:3]))} |")
        out.append("")
    return "\n".join(out) + "\n"


def _sql_cell(link, e) -> str:
    if not e.sql_sites:
        return "no"
    s = e.sql_sites[0]
    more = f" +{len(e.sql_sites) - 1}" if len(e.sql_sites) > 1 else ""
    return link(s["file"], s["line"], "yes") + more


def render_security_report(result, link_base: str = ".") -> str:
    link = _Links(link_base)
    active = [f for f in result.findings if not f.suppressed]
    sec = [f for f in active if f.category not in ("hardcoded-return", "mock-data", "todo", "layering")]
    out = ["# Security Report", "",
           f"Generated by auditor {result.tool.get('version', '')} from a static scan of "
           f"`{md_escape(result.root)}`: Layer 5 (Security Validation) of the production-readiness "
           "checklist and the Kamiyo security items.", ""]
    by_sev = Counter(f.severity for f in sec)
    out += ["## Summary", "", "| Severity | Findings |", "| --- | --- |"]
    out += [f"| {s} | {by_sev.get(s, 0)} |" for s in SEVERITIES]
    out.append("")
    out += ["| Engine | Status | Findings | Note |", "| --- | --- | --- | --- |"]
    for e in result.engines:
        out.append(f"| {e.name} | {e.status} | {e.findings} | {md_escape(e.message)} |")
    out.append("")
    sc = result.score
    if sc.get("percent") is not None:
        verdict = "meets" if sc.get("meets_minimum") else "below"
        out += [f"**Readiness score: {sc['percent']}%** = {sc['pass']} pass / {sc['applicable']} "
                f"applicable ({sc['fail']} fail, {sc['warn']} warn; not counted: {sc['manual']} manual, "
                f"{sc.get('not_verified', 0)} not verified, {sc.get('not_applicable', 0)} not "
                f"applicable), {verdict} the {sc.get('minimum', 95)}% minimum.", ""]
    out += ["## OWASP Top 10 (2021)", "", "| Category | Status | Findings | Evidence |",
            "| --- | --- | --- | --- |"]
    owasp_items = {c.title.split(":")[0]: c for c in result.checklist
                   if re.match(r"A\d\d: ", c.title)}
    for code, title in OWASP_TITLES.items():
        short = code.split(":")[0]
        hits = [f for f in sec if code in f.owasp]
        item = owasp_items.get(short)
        # without a checklist item, no finding is not a pass: nothing says what was examined
        status = STATUS_ICON[item.status] if item else ("FAIL" if hits else "NOT VERIFIED")
        ev = "<br>".join(f"{link(f.file, f.line)} `{f.rule_id}`" for f in hits[:3])
        if len(hits) > 3:
            ev += f"<br>(+{len(hits) - 3} more)"
        if not ev and item:
            ev = _evidence(link, item.evidence)
        out.append(f"| {short} {title} | **{status}** | {len(hits)} | {ev} |")
    out.append("")
    for heading, prefix in (("Cryptographic verification", "Layer 5: Security Validation / Cryptographic"),
                            ("Vulnerability scanning", "Layer 5: Security Validation / Vulnerability")):
        items = _items(result, (prefix,))
        if items:
            out += [f"## {heading}", ""] + _checklist_table(link, items) + [""]
    deps = [f for f in active if f.category == "dependency-vuln"]
    out += ["## Dependency vulnerabilities", ""]
    dep_engine = next((e for e in result.engines if e.name == "dependencies"), None)
    if dep_engine and dep_engine.status != "ok":
        out += [f"The dependency audit did not run ({dep_engine.status}: {md_escape(dep_engine.message)}).", ""]
    elif not deps:
        out += ["None found.", ""]
    else:
        out += ["| Severity | Location | Advisory |", "| --- | --- | --- |"]
        for f in sorted(deps, key=lambda f: SEVERITIES.index(f.severity)):
            out.append(f"| {f.severity} | {link(f.file, f.line)} | {md_escape(f.message)} |")
        out.append("")
    kam = [c for c in result.checklist if c.checklist == "kamiyo" and c.section.startswith("Security")]
    if kam:
        out += ["## Security & compliance items (Kamiyo)", ""] + _checklist_table(link, kam) + [""]
    out += ["## All security findings", ""]
    if not sec:
        out += ["None.", ""]
    else:
        out += ["| Severity | Rule | CWE | Location | Message | Endpoints |",
                "| --- | --- | --- | --- | --- | --- |"]
        for f in sorted(sec, key=lambda f: (SEVERITIES.index(f.severity), f.file, f.line)):
            out.append(f"| {f.severity} | `{f.rule_id}` | {', '.join(f.cwe)} | {link(f.file, f.line)} | "
                       f"{md_escape(f.message)} | {md_escape(', '.join(f.endpoints[:3]))} |")
        out.append("")
    return "\n".join(out) + "\n"
