"""`auditor endpoints`: a rich table or the design's JSON."""
from __future__ import annotations

import io
import json


def render_endpoints(result, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"endpoints": [e.to_dict() for e in result.endpoints],
                           "unresolved_routes": result.unresolved_routes}, indent=2) + "\n"
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    con = Console(file=buf, width=200, no_color=True, force_terminal=False)
    t = Table(show_lines=False)
    for col in ("method", "path", "auth", "handler", "chain", "svc", "repo", "sql"):
        t.add_column(col)
    hidden = 0
    for e in result.endpoints:
        if e.implicit and e.method in ("HEAD", "OPTIONS"):
            hidden += 1  # automatic HEAD/OPTIONS of every GET: counted, listed in JSON
            continue
        chain = " -> ".join(_short(n.name) for n in e.chain[:4])
        if len(e.chain) > 4:
            chain += f" (+{len(e.chain) - 4})"
        t.add_row(e.method, e.path + (" (implicit)" if e.implicit else ""),
                  "yes" if e.authenticated else "optional" if e.auth == "optional" else "NO", _short(e.handler.get("name", "")), chain,
                  _yn(e.reaches_service), _yn(e.reaches_repository), _yn(e.reaches_sql))
    con.print(t)
    eps = [e for e in result.endpoints if not e.implicit]
    con.print(f"{len(eps)} endpoints ({sum(e.authenticated for e in eps)} authenticated), "
              f"{len(result.endpoints) - len(eps)} implicit ({hidden} automatic HEAD/OPTIONS not "
              f"shown), {len(result.unresolved_routes)} unresolved routes")
    for u in result.unresolved_routes:
        con.print(f"  unresolved {u['file']}:{u['line']}: {u['reason']}")
    return buf.getvalue()


def _short(name: str) -> str:
    """`github.com/x/internal/handlers.AgentHandler.Get` -> `AgentHandler.Get`."""
    tail = name.rsplit("/", 1)[-1]
    parts = tail.split(".")
    return ".".join(parts[-2:]) if len(parts) > 2 else tail


def _yn(b: bool) -> str:
    return "yes" if b else "-"
