"""The terminal report (rich): findings grouped by file with severity colours, then a summary.

Findings a baseline or the native judgment suppressed are counted, not listed (a baseline of
hundreds would bury the one new finding), unless `show_suppressed`; those the scanned tree
suppressed with a comment are always listed: the tree must not hide a finding unseen."""
from __future__ import annotations

import io
from collections import Counter, defaultdict

from auditor.model import SEVERITIES, summarize

COLORS = {"critical": "bold white on red", "high": "bold red", "medium": "yellow",
          "low": "cyan", "info": "dim"}


HIDDEN_KINDS = ("baseline", "engine-judged")


def render_text(result, *, color: bool = False, width: int | None = None,
                show_suppressed: bool = False) -> str:
    from rich.console import Console
    from rich.markup import escape

    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width or 120,
                  highlight=False, soft_wrap=True)
    by_file = defaultdict(list)
    hidden = Counter()
    for f in result.findings:
        if f.suppressed and f.suppression_kind in HIDDEN_KINDS and not show_suppressed:
            hidden[f.suppression_kind] += 1
            continue
        by_file[f.file].append(f)
    for file in sorted(by_file):
        con.print(f"[bold]{escape(file)}[/bold]")
        for f in sorted(by_file[file], key=lambda f: (f.line, f.column)):
            tag = f"[{COLORS[f.severity]}]{f.severity.upper():8}[/]"
            sup = f" [dim](suppressed: {escape(f.suppressed)})[/dim]" if f.suppressed else ""
            eps = f" [dim]-> {escape(', '.join(f.endpoints[:3]))}[/dim]" if f.endpoints else ""
            con.print(f"  {f.line:>5}:{f.column:<3} {tag} {escape(f.rule_id)}  "
                      f"{escape(f.message)}{eps}{sup}")
        con.print()
    s = summarize(result)
    sev = ", ".join(f"[{COLORS[k]}]{s['by_severity'][k]} {k}[/]" for k in SEVERITIES
                    if s["by_severity"].get(k))
    con.print(f"[bold]{s['findings']} findings[/bold]" + (f" ({sev})" if sev else "")
              + (f", {s['suppressed']} suppressed" if s["suppressed"] else ""))
    if hidden:
        what = " and ".join(f"{n} {'baselined' if k == 'baseline' else 'judged safe by the native analysis'}"
                            for k, n in sorted(hidden.items()))
        con.print(f"  not listed: {what} (--show-suppressed lists them)")
    if result.endpoints:
        con.print(f"{s['endpoints']} endpoint{'' if s['endpoints'] == 1 else 's'}")
    con.print(f"{s['files_analyzed']} files analysed, {s['files_skipped']} skipped, "
              f"{s['files_failed']} failed")
    reasons = Counter(_reason_kind(x["reason"]) for x in result.skipped)
    if reasons:
        con.print("  skipped: " + ", ".join(f"{n} {escape(r)}" for r, n in reasons.most_common()))
    if result.errors:
        stages = Counter(e["stage"] for e in result.errors)
        con.print("  errors: " + ", ".join(f"{n} in {escape(st)}" for st, n in stages.most_common())
                  + " (details in --format json)")
    for e in result.engines:
        if e.status != "ok" and e.message != "not selected":
            con.print(f"  engine {e.name}: {e.status}" + (f" ({escape(e.message)})" if e.message else ""))
    if result.unused_suppressions:
        _listed(con, f"  {len(result.unused_suppressions)} unused or invalid suppressions:",
                [f"{escape(u['file'])}:{u['line']} {escape(u.get('reason', ''))}"
                 for u in result.unused_suppressions], "    ")
    effects = getattr(result, "config_effects", None) or []
    if effects:
        _listed(con, f"[bold yellow]configuration of the scanned tree changed {len(effects)} "
                f"thing{'' if len(effects) == 1 else 's'}[/] (--config-from REF reads it from a "
                "trusted revision):",
                [f"{escape(e['file'])}: {escape(e['key'])} = {escape(str(e['value']))}: "
                 f"{escape(e['effect'])}" for e in effects], "  ", limit=None)
    notices = getattr(result, "notices", None) or []
    if notices:
        _listed(con, f"  {len(notices)} files analysed with a caveat:",
                [f"{escape(n['file'])}: {escape(n['message'])}" for n in notices], "    ")
    incomplete = getattr(result, "incomplete", None) or []
    if incomplete:
        _listed(con, f"[bold red]incomplete scan[/] ({len(incomplete)} reason"
                f"{'' if len(incomplete) == 1 else 's'}; --strict, the default under CI, "
                "fails on it):", [escape(i["message"]) for i in incomplete], "  ")
    if result.score and result.score.get("percent") is not None:
        sc = result.score
        con.print(f"checklist score: {sc['percent']}% ({sc['pass']}/{sc['applicable']}; "
                  f"minimum {sc.get('minimum', 95)}%)")
    return buf.getvalue()


def _listed(con, title: str, lines: list[str], indent: str, limit: int | None = 10) -> None:
    """A titled list, cut after `limit` lines with a pointer to the JSON (every config effect
    is shown: each one changed the verdict)."""
    con.print(title)
    for line in lines[:limit]:
        con.print(indent + line)
    if limit is not None and len(lines) > limit:
        con.print(f"{indent}... and {len(lines) - limit} more (see --format json)")


def _reason_kind(reason: str) -> str:
    return reason.split(" (")[0].split(":")[0]
