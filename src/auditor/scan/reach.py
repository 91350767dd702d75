"""Code no entry point reaches: Go functions, methods and closures of a program that nothing
reachable from `main`, `init` or a route's handler calls, through the call graph (interface
dispatch and function values included, as the Go resolver records them); Python modules
that only tests import; and SQL files in folders nothing in the tree names (`unapplied_sql`).

A finding there is still reported, marked `reachable: false` and one severity level lower, and
it does not fail the checklist's production items: commented-out wiring (a middleware whose
constructor `main` no longer calls) is not shipped behaviour. Go functions only in a tree with a
`main` function: elsewhere (a library, Python's and TypeScript's callbacks and dynamic
dispatch) the graph cannot prove that nothing calls a function. A Python module is left out only
when a test imports it, no production module imports it (nor a name from it, nor a module under
it), it serves no route and is not an entry point or a framework's conventional module (`main`,
`app`, `wsgi`, `manage`, Django's `models`/`views`/`admin`/`apps`/`urls`, Celery's `tasks`...):
a helper the tests exercise that the app never loads.
"""
from __future__ import annotations

LOWER = {"critical": "high", "high": "medium", "medium": "low", "low": "info", "info": "info"}


def dead_spans(graph, endpoints, facts: dict | None = None) -> dict[str, list[list]]:
    """file -> [[start, end, qname]] of the Go functions no entry point reaches, and of the
    Python modules only tests import (the whole file)."""
    out = _go_dead(graph, endpoints)
    if facts:
        for path, module in python_test_only(facts, endpoints):
            out.setdefault(path, []).append([1, 10 ** 9, module])
        for path, folder in unapplied_sql(facts):
            out.setdefault(path, []).append(
                [1, 10 ** 9, f"SQL in {folder}/, a folder no program, image or script of the tree "
                             f"names"])
    return out


# Tools that apply their own folder by convention, with no path in the tree's code
_SQL_TOOL_DIRS = ("prisma", "supabase")


def unapplied_sql(facts: dict) -> list[tuple[str, str]]:
    """(file, folder) of the SQL files in folders that nothing names: not a migration runner's
    path in code (`filepath.Join("migrations", f)`), a Dockerfile's COPY, a compose volume or a
    script, resolved against the naming file's folder and each folder above it. Decided only in
    a tree where some SQL folder is named that way (how this tree applies its SQL): elsewhere
    the runner may be configured outside the tree, and nothing is marked."""
    import posixpath

    sql_dirs: dict[str, list[str]] = {}
    for path, fx in facts.items():
        if fx.get("language") == "sql":
            sql_dirs.setdefault(posixpath.dirname(path), []).append(path)
    if not sql_dirs:
        return []
    named: set[str] = set()
    for path, fx in facts.items():
        refs = (fx.get("extra") or {}).get("path_refs")
        if not refs:
            continue
        bases = [""]
        parts = path.split("/")[:-1]
        bases += ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        for ref in refs:
            for base in bases:
                named.add(posixpath.normpath(posixpath.join(base, ref)))

    named_sql = {d for d in sql_dirs if d in named}

    def is_named(folder: str) -> bool:
        if any(part in _SQL_TOOL_DIRS for part in folder.split("/")):
            return True
        probe = folder
        while probe:  # the folder, or a folder above it (`COPY db ./db`)
            if probe in named:
                return True
            probe = posixpath.dirname(probe)
        if any(n.startswith(folder + "/") for n in named):  # a file in it
            return True
        # a named folder of the same shape but for one part: chosen by a variable (`"db/db_" +
        # dialect + "/migrations"` names db/db_sqlite3/migrations and db/db_mysql/migrations)
        parts = folder.split("/")
        return any(len(n.split("/")) == len(parts) and
                   sum(a != b for a, b in zip(n.split("/"), parts)) == 1 for n in named_sql)

    applied = {d for d in sql_dirs if is_named(d)}
    if not applied:
        return []
    return [(p, d) for d in sorted(sql_dirs) if d not in applied for p in sorted(sql_dirs[d])]


# Modules a framework or a server loads by name, never by an import in the tree.
_CONVENTIONAL = {"__init__", "__main__", "main", "app", "application", "server", "run", "wsgi",
                 "asgi", "manage", "cli", "settings", "config", "conftest", "celery", "tasks",
                 "models", "views", "admin", "apps", "urls", "signals", "serializers", "forms",
                 "routes", "routers", "api", "handlers", "receivers", "schema", "schemas",
                 "gunicorn_conf", "gunicorn.conf", "setup", "noxfile", "fabfile", "alembic", "env"}


def python_test_only(facts: dict, endpoints) -> list[tuple[str, str]]:
    """(file, module) of the Python modules that tests import and production code never does."""
    from auditor.checks.base import is_test_path

    by_module = {fx["module"]: p for p, fx in facts.items()
                 if fx.get("language") == "python" and fx.get("module")}
    used_by_tests, used = set(), set()
    for p, fx in facts.items():
        if fx.get("language") != "python":
            continue
        into = used_by_tests if is_test_path(p) else used
        for imp in fx.get("imports") or ():
            t = imp.get("target") or ""
            if not t:
                continue
            into.add(t)
            if imp.get("name"):
                into.add(f"{t}.{imp['name']}")
    # importing a.b.c runs a and a.b
    used |= {m.rsplit(".", i)[0] for m in list(used) for i in range(1, m.count(".") + 1)}
    served = {f for e in endpoints for f in (e.registered_at.get("file"), e.handler.get("file"))}
    served |= {n.file for e in endpoints for n in e.chain}
    out = []
    for module in sorted(used_by_tests):
        path = by_module.get(module)
        if path is None or is_test_path(path) or path in served:
            continue
        if module in used:  # (a module under it imported: it is in `used` as its ancestor)
            continue
        stem = path.rsplit("/", 1)[-1][:-3] if path.endswith(".py") else ""
        parts = path.split("/")
        if stem in _CONVENTIONAL or "migrations" in parts or "management" in parts:
            continue
        out.append((path, module))
    return out


def _go_dead(graph, endpoints) -> dict[str, list[list]]:
    g = graph.g
    nodes = [(n, d) for n, d in g.nodes(data=True)
             if d.get("language") == "go" and not d.get("external") and d.get("file")]
    roots = {n for n, d in nodes
             if d.get("kind") == "function" and d.get("name") in ("main", "init")
             and not d["file"].endswith("_test.go")}
    if not any(g.nodes[n].get("name") == "main" for n in roots):
        return {}  # a library: its callers are outside the tree
    for ep in endpoints:
        if ep.chain:
            roots.add(ep.chain[0].name)
        for m in getattr(ep, "middleware", ()) or ():
            if isinstance(m, str) and m in g:
                roots.add(m)
    seen = set(r for r in roots if r in g)
    stack = list(seen)
    while stack:
        for s in g.successors(stack.pop()):
            if s not in seen:
                seen.add(s)
                stack.append(s)
    out: dict[str, list[list]] = {}
    for n, d in nodes:
        if n in seen or d["file"].endswith("_test.go"):
            continue
        out.setdefault(d["file"], []).append([d.get("line", 0), d.get("end_line", 0) or
                                              d.get("line", 0), n])
    return out


def innermost_dead(spans: dict[str, list[list]], file: str, line: int) -> str | None:
    """The dead function whose span is the innermost one containing the line, if any."""
    best, size = None, None
    for start, end, qname in spans.get(file, ()):
        if start <= line <= end and (size is None or end - start < size):
            best, size = qname, end - start
    return best
