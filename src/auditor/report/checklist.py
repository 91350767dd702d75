"""`auditor checklist`: the items with statuses and evidence."""
from __future__ import annotations

import io
import json


def render_checklist(result, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"checklist": [c.to_dict() for c in result.checklist],
                           "score": result.score}, indent=2) + "\n"
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    con = Console(file=buf, width=160, no_color=True)
    t = Table()
    for col in ("id", "checklist", "status", "item", "evidence"):
        t.add_column(col)
    for c in result.checklist:
        ev = "; ".join(f"{e.get('file', '')}:{e.get('line', '')}" if e.get("file") else
                       str(e.get("text", "")) for e in c.evidence[:3])
        t.add_row(c.id, c.checklist, c.status.replace("_", " ").upper(), c.title, ev)
    con.print(t)
    sc = result.score
    if sc.get("percent") is not None:
        con.print(f"score: {sc['percent']}% = {sc['pass']} pass / {sc['applicable']} applicable "
                  f"(minimum {sc.get('minimum', 95)}%)")
    return buf.getvalue()
