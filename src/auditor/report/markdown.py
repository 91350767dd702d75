"""A readable Markdown report of one `ScanResult`."""
from __future__ import annotations

from collections import Counter

from auditor.model import SEVERITIES, summarize


def md_escape(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def link(path: str, line: int | None = None) -> str:
    return f"[{md_escape(path)}{':' + str(line) if line else ''}]({path}{'#L' + str(line) if line else ''})"


def render_markdown(result) -> str:
    s = summarize(result)
    out = ["# auditor report", ""]
    out.append(f"Scanned `{md_escape(result.root)}` with auditor {result.tool.get('version', '')}.")
    out.append("")
    out.append("| | |\n| --- | --- |")
    sev = ", ".join(f"{s['by_severity'][k]} {k}" for k in SEVERITIES if s["by_severity"][k])
    out.append(f"| Findings | {s['findings']} ({sev or 'none'}) |")
    out.append(f"| Suppressed | {s['suppressed']} |")
    out.append(f"| Endpoints | {s['endpoints']} |")
    out.append(f"| Files | {s['files_analyzed']} analysed, {s['files_skipped']} skipped, {s['files_failed']} failed |")
    if result.score and result.score.get("percent") is not None:
        out.append(f"| Checklist score | {result.score['percent']}% (minimum {result.score.get('minimum', 95)}%) |")
    out.append("")
    if result.engines:
        out.append("## Engines\n")
        out.append("| Engine | Status | Findings | Seconds | Note |\n| --- | --- | --- | --- | --- |")
        for e in result.engines:
            out.append(f"| {e.name} | {e.status} | {e.findings} | {e.seconds:.2f} | {md_escape(e.message)} |")
        out.append("")
    active = [f for f in result.findings if not f.suppressed]
    out.append("## Findings\n")
    if not active:
        out.append("No findings.\n")
    else:
        out.append("| Severity | Rule | Location | Message | Endpoints |\n| --- | --- | --- | --- | --- |")
        order = {k: i for i, k in enumerate(SEVERITIES)}
        for f in sorted(active, key=lambda f: (order.get(f.severity, 9), f.file, f.line)):
            out.append(f"| {f.severity} | `{f.rule_id}` | {link(f.file, f.line)} | {md_escape(f.message)} | "
                       f"{md_escape(', '.join(f.endpoints[:3]))} |")
        out.append("")
    sup = [f for f in result.findings if f.suppressed]
    if sup:
        out.append("## Suppressed findings\n")
        out.append("| Rule | Location | Reason |\n| --- | --- | --- |")
        for f in sup:
            out.append(f"| `{f.rule_id}` | {link(f.file, f.line)} | {md_escape(f.suppressed or '')} |")
        out.append("")
    if result.skipped or result.errors:
        out.append("## Coverage\n")
        reasons = Counter(x["reason"].split(" (")[0] for x in result.skipped)
        for r, n in reasons.most_common():
            out.append(f"- skipped {n}: {md_escape(r)}")
        for e in result.errors[:200]:
            out.append(f"- error in {e['stage']}: {link(e['file']) if e['file'] else 'scan'}: {md_escape(e['message'])}")
        out.append("")
    return "\n".join(out) + "\n"
