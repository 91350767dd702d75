"""Go route tables: routes kept as data and served by a loop over it.

Two shapes, both common where a project (or an OpenAPI generator) lists its API in one place:

- a dispatcher: one catch-all registration (`mux.HandleFunc("/api/", processApi)`) whose handler,
  directly or through the functions it calls, ranges over a package-level table and picks the
  entry whose path field equals the request path (or prefixes it, `strings.HasPrefix`), then runs
  that entry's function;
- a registration loop: `for _, rt := range routes { mux.HandleFunc(rt.Pattern, rt.Handler) }`.

The table is a composite literal of struct literals (`var routes = []route{{Url: "/files/list",
execution: apiList}, ...}`, positional `Route{"Index", "GET", "/v2/", Index}`, or a map of them):
in each entry the path is the string literal that starts with `/`, the method a literal HTTP
method (`"GET"`, `http.MethodGet`, `strings.ToUpper("Post")`), the handler the function value
(the field named like a handler when several values are names). Each entry becomes a route of
the registration it is served under; the dispatching handler stays on the route as the wrapper
that runs first (its credential check decides the auth of every entry).
"""
from __future__ import annotations

import itertools
import posixpath
import re
from dataclasses import replace

from auditor.index.walk import text

_HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_HANDLER_KEY = re.compile(r"(?i)handl|func|exec|action|^fn$|callback|endpoint")
_NOT_FUNCS = frozenset({"true", "false", "nil"})
_RANGE = re.compile(rb"for\s+\w+\s*,\s*(\w+)\s*:?=\s*range\s+([\w.]+)\s*\{")
_COMPARED = re.compile(rb"\b(\w+)\.(\w+)\s*[=!]=|[=!]=\s*(\w+)\.(\w+)\b")
_PREFIXED = re.compile(rb"HasPrefix\(\s*[\w.()]+\s*,\s*(\w+)\.(\w+)\s*\)")
_SUBTREE = re.compile(r"/(?:\*\w*|\{\w+(?:\.\.\.|:\.\*)\}|\{\$\})?$")


# ---------------------------------------------------------------- extraction (one file)

def table_op(name: str, value, data: bytes, line: int) -> dict | None:
    """The "route_table" op of a package-level `var name = <composite literal>` whose elements
    are struct literals with a path and a function value (at least two of them)."""
    if value is None or value.type != "composite_literal":
        return None
    body = value.child_by_field_name("body")
    if body is None:
        return None
    entries = []
    for el in body.named_children:
        inner = el.named_children[-1] if el.type == "keyed_element" and el.named_children else el
        if inner.type == "literal_element" and inner.named_children:
            inner = inner.named_children[0]
        if inner.type == "composite_literal":
            inner = inner.child_by_field_name("body")
        if inner is None or inner.type != "literal_value":
            continue
        entry = _entry(inner, data)
        if entry is not None:
            entries.append(entry)
    if len(entries) < 2:
        return None
    return {"op": "route_table", "name": name, "entries": entries, "line": line}


def _value(node):
    if node is not None and node.type == "literal_element" and node.named_children:
        return node.named_children[0]
    return node


def _string(node, data: bytes) -> str | None:
    if node is not None and node.type in ("interpreted_string_literal", "raw_string_literal"):
        return text(node, data)[1:-1]
    return None


def _method(node, data: bytes) -> str | None:
    s = _string(node, data)
    if s is None and node is not None and node.type == "call_expression":
        args = node.child_by_field_name("arguments")  # strings.ToUpper("Post")
        if args is not None and args.named_child_count == 1:
            s = _string(args.named_children[0], data)
    if s is None and node is not None and node.type == "selector_expression":
        field = text(node.child_by_field_name("field"), data)  # http.MethodGet
        s = field[len("Method"):] if field.startswith("Method") else None
    return s.upper() if s and s.upper() in _HTTP_METHODS else None


def _entry(lit, data: bytes) -> dict | None:
    path = method = None
    funcs: list[tuple[str, str]] = []  # (key, handler name)
    for el in lit.named_children:
        key = ""
        if el.type == "keyed_element" and len(el.named_children) == 2:
            key = text(_value(el.named_children[0]), data)
            node = _value(el.named_children[1])
        else:
            node = _value(el)
        s = _string(node, data)
        if s is not None and s.startswith("/") and path is None:
            path = s
            continue
        m = _method(node, data)
        if m is not None and method is None:
            method = m
            continue
        if node is not None and node.type in ("identifier", "selector_expression") and \
                text(node, data) not in _NOT_FUNCS:
            funcs.append((key, text(node, data)))
    if path is None or not funcs:
        return None
    named = [f for k, f in funcs if _HANDLER_KEY.search(k)]
    handler = named[0] if named else funcs[-1][1] if not any(k for k, _ in funcs) else None
    if handler is None:
        return None
    return {"path": path, "method": method, "handler": handler,
            "line": lit.start_point[0] + 1}


def dispatch_op(fn, data: bytes, scope: str) -> dict | None:
    """The "table_dispatch" op of a function that ranges over a table and compares a field of
    the element (`== x`, `strings.HasPrefix(x, rt.Url)`): the field it matches paths on."""
    body = fn.child_by_field_name("body")
    if body is None:
        return None
    chunk = data[body.start_byte:body.end_byte]
    if b"range" not in chunk:
        return None
    for m in _RANGE.finditer(chunk):
        var, table = m.group(1), m.group(2).decode()
        rest = chunk[m.end():m.end() + 4000]
        eq = next((f for v, f in _compared(rest) if v == var), None)
        pre = next((f for v, f in _PREFIXED.findall(rest) if v == var), None)
        if eq is None and pre is None:
            continue
        return {"op": "table_dispatch", "scope": scope, "table": table,
                "field": (eq or pre).decode(), "prefix": pre is not None,
                "line": fn.start_point[0] + 1}
    return None


def _compared(rest: bytes):
    """(variable, field) of each `x.Field ==` / `== x.Field` comparison."""
    for a, b, c, d in _COMPARED.findall(rest):
        yield (a, b) if a else (c, d)


# ---------------------------------------------------------------- expansion (endpoints stage)

class RouteTables:
    """The tables and dispatchers of the Go facts, and the routes they expand to."""

    def __init__(self, facts: dict[str, dict]) -> None:
        self.tables: dict[tuple[str, str], tuple[str, dict]] = {}  # (pkg dir, name) -> (file, op)
        self.dispatch: dict[tuple[str, int], dict] = {}  # (file, function line) -> op
        for path, fx in facts.items():
            if fx.get("language") != "go":
                continue
            for op in fx.get("routes", ()):
                kind = op.get("op")
                if kind == "route_table":
                    self.tables[(posixpath.dirname(path), op["name"])] = (path, op)
                elif kind == "table_dispatch":
                    self.dispatch[(path, op["line"])] = op

    def __bool__(self) -> bool:
        return bool(self.tables)

    def expand(self, route, resolver) -> list | None:
        """The routes of the table the route's handler dispatches on, or of the table a loop
        registers the route for; None for any other route."""
        loop = route.extra.get("table_loop")
        if loop:
            table = self.tables.get((posixpath.dirname(route.file), loop.rsplit(".", 1)[-1]))
            if table is None:
                return None
            extra = {k: v for k, v in route.extra.items() if k not in ("go_path", "table_loop")}
            return self._routes(replace(route, path="", extra=extra), "", {}, table, None,
                                resolver)
        mount = route.path
        if mount is None or not self.dispatch or not _SUBTREE.search(mount) or \
                resolver.cg is None:
            return None
        start = resolver.handler_node(route)
        if start is None:
            return None
        g = resolver.cg.g
        for n in itertools.chain([start], resolver.callees_within(start, depth=2, cap=10 ** 6)):
            d = g.nodes[n]
            op = self.dispatch.get((d.get("file", ""), d.get("line", 0)))
            table = self._table(op, d.get("file", "")) if op is not None else None
            if table is not None:
                return self._routes(route, mount, op, table, start, resolver)
        return None

    def _table(self, op: dict, file: str):
        name = op["table"].rsplit(".", 1)[-1]
        return self.tables.get((posixpath.dirname(file), name))

    def _routes(self, route, mount: str, op: dict, table, start: str, resolver) -> list:
        tfile, top = table
        base = _SUBTREE.sub("", mount)
        g = resolver.cg.g
        out = []
        for e in top["entries"]:
            path = e["path"]
            if op.get("prefix") and path.endswith("/"):
                path += "{path}"  # matched as a prefix: the rest of the URL is a parameter
            if base and not (path == base or path.startswith(base + "/")):
                path = base + path
            node = None
            try:
                node = resolver.cg.resolve_ref("go", tfile, "", e["handler"])
            except Exception:  # noqa: BLE001 - a resolver bug must not lose the route
                node = None
            extra = {k: v for k, v in route.extra.items() if k not in (
                "node_hint", "deco_hint", "hint_file", "table_method")}
            if start is not None:
                extra["dispatched_by"] = start
            extra["table_entry"] = {"file": tfile, "line": e["line"]}
            if node and node in g and not g.nodes[node].get("external"):
                extra["node_hint"] = g.nodes[node].get("line")
                extra["hint_file"] = g.nodes[node].get("file")
            method = route.method
            if e["method"] and (start is not None or route.extra.get("table_method")):
                method = e["method"]
            out.append(replace(route, method=method, path=path,
                               path_text=e["path"], handler=e["handler"],
                               handler_line=e["line"], extra=extra))
        return out
