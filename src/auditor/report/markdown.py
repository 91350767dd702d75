"""A readable Markdown report of one `ScanResult`: summary, findings by severity, endpoints,
checklist, suppressions and coverage (what was skipped or failed, and why)."""
from __future__ import annotations

from collections import Counter

from auditor.model import SEVERITIES, summarize

_TITLES = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low",
           "info": "Info"}


def md_escape(s: str) -> str:
    return (str(s).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
            .replace("<", "&lt;").replace(">", "&gt;").replace("`", "\\`"))


def link(path: str, line: int | None = None) -> str:
    """A link to a file (and line) relative to the scan root."""
    target = path.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    label = md_escape(path).replace("[", "\\[").replace("]", "\\]") + (f":{line}" if line else "")
    return f"[{label}]({target}{'#L' + str(line) if line else ''})"


def render_markdown(result) -> str:
    s = summarize(result)
    out: list[str] = ["# auditor report", ""]
    out.append(f"Scanned `{md_escape(result.root)}` with auditor "
               f"{md_escape(result.tool.get('version', ''))}.")
    out.append("")
    out += _summary(result, s)
    out += _engines(result)
    out += _findings(result)
    out += _endpoints(result)
    out += _checklist(result)
    out += _suppressions(result)
    out += _coverage(result)
    return "\n".join(out).rstrip("\n") + "\n"


def _summary(result, s: dict) -> list[str]:
    sev = ", ".join(f"{s['by_severity'][k]} {k}" for k in SEVERITIES if s["by_severity"].get(k))
    rows = ["| | |", "| --- | --- |",
            f"| Findings | {s['findings']} ({sev or 'none'}) |",
            f"| Suppressed | {s['suppressed']} |",
            f"| Endpoints | {s['endpoints']} |",
            f"| Files | {s['files_analyzed']} analysed, {s['files_skipped']} skipped, "
            f"{s['files_failed']} failed |"]
    sc = result.score or {}
    if sc.get("percent") is not None:
        rows.append(f"| Checklist score | {sc['percent']}% ({sc.get('pass', 0)} of "
                    f"{sc.get('applicable', 0)} applicable items pass; minimum "
                    f"{sc.get('minimum', 95)}%) |")
    return rows + [""]


def _engines(result) -> list[str]:
    if not result.engines:
        return []
    out = ["## Engines", "", "| Engine | Status | Findings | Seconds | Note |",
           "| --- | --- | --- | --- | --- |"]
    for e in result.engines:
        out.append(f"| {md_escape(e.name)} | {e.status} | {e.findings} | {e.seconds:.2f} | "
                   f"{md_escape(e.message)} |")
    return out + [""]


def _findings(result) -> list[str]:
    active = [f for f in result.findings if not f.suppressed]
    out = ["## Findings", ""]
    if not active:
        return out + ["No findings.", ""]
    for sev in SEVERITIES:
        group = sorted((f for f in active if f.severity == sev),
                       key=lambda f: (f.file, f.line, f.column, f.rule_id))
        if not group:
            continue
        out += [f"### {_TITLES[sev]} ({len(group)})", "",
                "| Rule | Location | Message | Endpoints |", "| --- | --- | --- | --- |"]
        for f in group:
            eps = ", ".join(f.endpoints[:3]) + (f" (+{len(f.endpoints) - 3})"
                                                if len(f.endpoints) > 3 else "")
            cwe = f" ({', '.join(f.cwe)})" if f.cwe else ""
            out.append(f"| `{md_escape(f.rule_id)}`{cwe} | {link(f.file, f.line)} | "
                       f"{md_escape(f.message)} | {md_escape(eps)} |")
        out.append("")
    return out


def _endpoints(result) -> list[str]:
    eps = [e for e in result.endpoints if not e.implicit]
    if not eps:
        return []
    out = ["## Endpoints", "", "| Method | Path | Auth | Handler | Service | Repository | SQL |",
           "| --- | --- | --- | --- | --- | --- | --- |"]
    yes = {True: "yes", False: "no"}
    for e in sorted(eps, key=lambda e: (e.path, e.method)):
        h = e.handler or {}
        handler = link(h["file"], h.get("line")) if h.get("file") else ""
        out.append(f"| {md_escape(e.method)} | `{md_escape(e.path)}` | {yes[e.authenticated]} | "
                   f"{md_escape(h.get('name', ''))} {handler} | {yes[e.reaches_service]} | "
                   f"{yes[e.reaches_repository]} | {yes[e.reaches_sql]} |")
    if result.unresolved_routes:
        out += ["", f"{len(result.unresolved_routes)} route registrations could not be resolved:"]
        out += [f"- {link(u['file'], u['line'])}: {md_escape(u['reason'])}"
                for u in result.unresolved_routes]
    return out + [""]


def _checklist(result) -> list[str]:
    if not result.checklist:
        return []
    out = ["## Checklist", "", "| Item | Status | Title | Evidence |", "| --- | --- | --- | --- |"]
    for c in result.checklist:
        ev = []
        for e in c.evidence[:3]:
            ev.append(link(e["file"], e.get("line")) if e.get("file")
                      else md_escape(e.get("text", "")))
        if len(c.evidence) > 3:
            ev.append(f"+{len(c.evidence) - 3} more")
        out.append(f"| {md_escape(c.id)} | {c.status.replace('_', ' ').upper()} | {md_escape(c.title)} | "
                   f"{'; '.join(ev)} |")
    return out + [""]


def _suppressions(result) -> list[str]:
    out: list[str] = []
    sup = [f for f in result.findings if f.suppressed]
    if sup:
        out += ["## Suppressed findings", "", "| Rule | Location | Reason |", "| --- | --- | --- |"]
        out += [f"| `{md_escape(f.rule_id)}` | {link(f.file, f.line)} | "
                f"{md_escape(f.suppressed or '')} |" for f in sup]
        out.append("")
    if result.unused_suppressions:
        out += ["## Unused or invalid suppressions", ""]
        for u in result.unused_suppressions:
            ids = ", ".join(u.get("rule_ids", [])) or "no rule id"
            out.append(f"- {link(u['file'], u['line'])} ({md_escape(ids)}): "
                       f"{md_escape(u.get('reason', ''))}")
        out.append("")
    return out


def _coverage(result) -> list[str]:
    if not result.skipped and not result.errors:
        return []
    out = ["## Coverage", ""]
    reasons = Counter(x["reason"].split(" (")[0] for x in result.skipped)
    for r, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"- skipped {n}: {md_escape(r)}")
    for e in result.errors[:200]:
        where = link(e["file"]) if e.get("file") else "the scan"
        out.append(f"- {md_escape(e['stage'])} failed on {where}: {md_escape(e['message'])}")
    if len(result.errors) > 200:
        out.append(f"- ... and {len(result.errors) - 200} more errors (see the JSON report)")
    return out + [""]
