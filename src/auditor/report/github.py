"""GitHub Actions output: workflow-command annotations (`--format github`, as ruff prints them)
and a short Markdown job summary (`--summary-output "$GITHUB_STEP_SUMMARY"`).

Every value comes from the scanned tree, which a pull request's author wrote: messages and
properties are escaped as the runner's toolkit does (`%`, CR, LF; `:` and `,` in properties), so
a finding's text can never start a workflow command of its own (`::add-mask::`, `::stop-commands::`).
"""
from __future__ import annotations

from collections import Counter

from auditor.model import SEVERITIES, SEVERITY_RANK, summarize

LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "notice",
         "info": "notice"}


def escape_data(s: str) -> str:
    return str(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def _repo_path(result, path: str) -> str:
    """Annotations name files from the repository root (the workspace)."""
    prefix = (result.repo_root_prefix or "").strip("/")
    return f"{prefix}/{path}" if prefix else path


def render_annotations(result) -> str:
    """One `::error|warning|notice file=...,line=...::message` line per active finding, most
    severe first, then a plain summary line."""
    lines = []
    active = sorted(result.active_findings, key=lambda f: (-SEVERITY_RANK.get(f.severity, 0),
                                                           f.file, f.line, f.rule_id))
    for f in active:
        props = [f"file={escape_property(_repo_path(result, f.file))}", f"line={max(1, f.line)}"]
        if f.end_line and f.end_line > f.line:
            props.append(f"endLine={f.end_line}")
        if f.column:
            props.append(f"col={f.column}")
        props.append("title=" + escape_property(f"auditor {f.rule_id} ({f.severity})"))
        msg = f.message + (f" Endpoints: {', '.join(f.endpoints[:5])}" if f.endpoints else "")
        lines.append(f"::{LEVEL.get(f.severity, 'warning')} {','.join(props)}::{escape_data(msg)}")
    s = summarize(result)
    sev = ", ".join(f"{s['by_severity'][k]} {k}" for k in SEVERITIES if s["by_severity"].get(k))
    lines.append(escape_data(f"auditor: {s['findings']} findings" + (f" ({sev})" if sev else "")
                             + (f", {s['suppressed']} suppressed" if s["suppressed"] else "")
                             + f", {s['files_analyzed']} files analysed"))
    for e in result.engines:
        if e.status not in ("ok",) and e.message != "not selected":
            lines.append(f"::warning title=auditor engine {escape_property(e.name)}::"
                         + escape_data(f"{e.name}: {e.status}" + (f" ({e.message})" if e.message else "")))
    for i in getattr(result, "incomplete", None) or ():
        lines.append("::warning title=auditor scan incomplete::" + escape_data(i["message"]))
    for e in getattr(result, "config_effects", None) or ():
        lines.append("::warning title=auditor configuration of the scanned tree::" + escape_data(
            f"{e['file']}: {e['key']} = {e['value']}: {e['effect']}"))
    return "\n".join(lines) + "\n"


def _md(s: str) -> str:
    return (str(s).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
            .replace("<", "&lt;").replace(">", "&gt;").replace("`", "\\`")
            .replace("[", "\\[").replace("]", "\\]"))


def render_summary(result, top: int = 10) -> str:
    """The job summary: counts by severity, the most severe findings, engines that did not run
    fully, the checklist score."""
    s = summarize(result)
    out = ["## auditor", ""]
    out += ["| Severity | Findings |", "| --- | --- |"]
    out += [f"| {k} | {s['by_severity'].get(k, 0)} |" for k in SEVERITIES]
    out.append("")
    extra = [f"{s['suppressed']} suppressed"] if s["suppressed"] else []
    out.append(", ".join([f"{s['findings']} active findings", *extra,
                          f"{s['endpoints']} endpoints", f"{s['files_analyzed']} files analysed",
                          f"{s['files_skipped']} skipped"]) + ".")
    sc = result.score or {}
    if sc.get("percent") is not None:
        out += ["", f"Checklist score: **{sc['percent']}%** ({sc.get('pass', 0)} of "
                f"{sc.get('applicable', 0)} applicable items pass; minimum {sc.get('minimum', 95)}%)."]
    active = sorted(result.active_findings, key=lambda f: (-SEVERITY_RANK.get(f.severity, 0),
                                                           f.file, f.line, f.rule_id))
    if active:
        out += ["", f"### Top findings ({min(top, len(active))} of {len(active)})", "",
                "| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |"]
        for f in active[:top]:
            out.append(f"| {f.severity} | `{_md(f.rule_id)}` | `{_md(_repo_path(result, f.file))}:"
                       f"{f.line}` | {_md(f.message)} |")
    problems = [e for e in result.engines if e.status != "ok" and e.message != "not selected"]
    if problems or getattr(result, "incomplete", None):
        out += ["", "### Not fully checked", ""]
        out += [f"- engine {_md(e.name)}: {e.status}" + (f" ({_md(e.message)})" if e.message else "")
                for e in problems]
        out += [f"- {_md(i['message'])}" for i in result.incomplete]
    effects = getattr(result, "config_effects", None) or []
    if effects:
        kinds = Counter(e["key"] for e in effects)
        out += ["", "Configuration of the scanned tree: " + ", ".join(
            f"{_md(k)} ({n})" for k, n in sorted(kinds.items())) + "."]
    return "\n".join(out) + "\n"
