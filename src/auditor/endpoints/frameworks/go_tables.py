"""Go route tables: routes kept as data and served by a loop over it.

Three shapes, common where a project (or an OpenAPI generator) lists its API in one place:

- a dispatcher: one catch-all registration (`mux.HandleFunc("/api/", processApi)`) whose handler,
  directly or through the functions it calls, ranges over a package-level table and picks the
  entry whose path field equals the request path (or prefixes it, `strings.HasPrefix`), then runs
  that entry's function;
- a registration loop: `for _, rt := range routes { mux.HandleFunc(rt.Pattern, rt.Handler) }`;
- a handler that is its own router: an `if`/`else if` chain on the request's method and path
  (`r.URL.Path == healthPath`, `topicRegex.MatchString(r.URL.Path)`), read as a table of its
  branches (`if_chain_ops`).

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
_MW_KEY = re.compile(r"(?i)middlewares?$|^mws?$|^before$|^guards?$")
_RANGE = re.compile(rb"for\s+\w+\s*,\s*(\w+)\s*:?=\s*range\s+([\w.]+)\s*\{")
_COMPARED = re.compile(rb"\b(\w+)\.(\w+)\s*[=!]=|[=!]=\s*(\w+)\.(\w+)\b")
_PREFIXED = re.compile(rb"HasPrefix\(\s*[\w.()]+\s*,\s*(\w+)\.(\w+)\s*\)")
_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_SUBTREE = re.compile(r"/(?:\*\w*|\{\w+(?:\.\.\.|:\.\*)\}|\{\$\})?$")


# ---------------------------------------------------------------- extraction (one file)

def table_op(name: str, value, data: bytes, line: int, scope: str = "",
             least: int = 2) -> dict | None:
    """The "route_table" op of `var name = <composite literal>` whose elements are struct
    literals (or pointers to them) with a path and a function value (at least `least` of them).
    At package level it has no scope; in a function (`ret := []Route{...}`, `return
    []Route{...}` named "<return>") it has the function's."""
    if value is not None and value.type == "unary_expression" and value.named_child_count == 1:
        value = value.named_children[0]  # &Routes{...}
    if value is None or value.type != "composite_literal":
        return None
    body = value.child_by_field_name("body")
    if body is None:
        return None
    entries = [e for e in (_element(el, data) for el in body.named_children) if e is not None]
    if len(entries) < least:
        return None
    op = {"op": "route_table", "name": name, "entries": entries, "line": line}
    if scope:
        op["scope"] = scope
    return op


def appended_op(name: str, args: list, data: bytes, line: int, scope: str) -> dict | None:
    """`ret = append(ret, Route{"GET", "/join", h}, ...)` in a function: more entries of the
    local table `ret` (its "route_table" op with `append`)."""
    entries = [e for e in (_element(a, data) for a in args) if e is not None]
    if not entries:
        return None
    return {"op": "route_table", "name": name, "entries": entries, "line": line,
            "scope": scope, "append": True}


def spread_op(name: str, args: list, data: bytes, line: int, scope: str,
              first: bool = False) -> dict | None:
    """`routes = append(routes, PuzzleRoutes...)` (or `routes := UserRoutes`, `first`): the
    local table `name` takes the entries of the tables these names hold ("refs", resolved
    where the loop over it is)."""
    refs = []
    for a in args:
        if a.type == "variadic_argument" and a.named_child_count == 1:
            a = a.named_children[0]
        elif not first:
            return None
        if a.type not in ("identifier", "selector_expression"):
            return None
        refs.append(text(a, data))
    if not refs:
        return None
    op = {"op": "route_table", "name": name, "entries": [], "refs": refs, "line": line,
          "scope": scope}
    if not first:
        op["append"] = True
    return op


def _element(el, data: bytes) -> dict | None:
    """The route entry of one element of a table literal: `{...}`, `Route{...}`,
    `&Route{...}`, or the value of a map's `"name": Route{...}`."""
    inner = el.named_children[-1] if el.type == "keyed_element" and el.named_children else el
    if inner.type == "literal_element" and inner.named_children:
        inner = inner.named_children[0]
    if inner.type == "unary_expression" and inner.named_child_count == 1:
        inner = inner.named_children[0]
    if inner.type == "composite_literal":
        inner = inner.child_by_field_name("body")
    if inner is None or inner.type != "literal_value":
        return None
    return _entry(inner, data)


def struct_fields_op(value, data: bytes, line: int, scope: str, var: str = "") -> dict | None:
    """The "struct_fields" op of a keyed struct literal `T{Routes: NewAPIRoutes(app), ...}`
    (or `&T{...}`): the fields set from a call or a name, by the type's name, so that a loop
    over `cfg.Routes` (cfg a `T` parameter or receiver) finds what the field holds."""
    if value is not None and value.type == "unary_expression" and value.named_child_count == 1:
        value = value.named_children[0]
    if value is None or value.type != "composite_literal":
        return None
    typ, body = value.child_by_field_name("type"), value.child_by_field_name("body")
    if typ is None or body is None or typ.type not in ("type_identifier", "qualified_type",
                                                        "generic_type"):
        return None
    fields = {}
    for el in body.named_children:
        if el.type != "keyed_element" or len(el.named_children) != 2:
            continue
        key, val = _value(el.named_children[0]), _value(el.named_children[1])
        if key is None or val is None or key.type not in ("field_identifier", "identifier"):
            continue
        if val.type == "unary_expression" and val.named_child_count == 1:
            val = val.named_children[0]
        if val.type == "call_expression" and val.child_by_field_name("function") is not None \
                and val.child_by_field_name("function").type in ("identifier",
                                                                 "selector_expression"):
            fields[text(key, data)] = text(val, data)[:300]
        elif val.type in ("identifier", "selector_expression") and \
                text(val, data) not in _NOT_FUNCS:
            fields[text(key, data)] = text(val, data)[:200]
    if not fields:
        return None
    qual, _, name = _type_path(text(typ, data)).rpartition(".")
    return {"op": "struct_fields", "scope": scope, "var": var,
            "type": name, "fields": fields, "line": line,
            **({"qual": qual} if qual else {})}


def _type_path(t: str) -> str:
    """`*controllers.RouteConfig` -> `controllers.RouteConfig`; `Server[T]` -> `Server`."""
    return t.split("[", 1)[0].lstrip("*&").strip()


def _type_name(t: str) -> str:
    """`*controllers.RouteConfig` -> `RouteConfig`; `Server[T]` -> `Server`."""
    return _type_path(t).rsplit(".", 1)[-1]


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


_PATH_KEY = re.compile(r"(?i)path|pattern|route|url|uri")
_METHOD_KEY = re.compile(r"(?i)method|verb")


def _entry(lit, data: bytes) -> dict | None:
    path = method = None
    funcs: list[tuple[str, str]] = []  # (key, handler name)
    entry_mw: list[str] = []
    flags: dict[str, bool] = {}
    for el in lit.named_children:
        key = ""
        if el.type == "keyed_element" and len(el.named_children) == 2:
            key = text(_value(el.named_children[0]), data)
            node = _value(el.named_children[1])
        else:
            node = _value(el)
        if key and node is not None and node.type in ("true", "false"):
            flags[key] = node.type == "true"  # `AuthRequired: true` (a loop may test it)
            continue
        if node is not None and node.type == "composite_literal" and _MW_KEY.search(key):
            # `Middlewares: []negroni.Handler{accounts.NewUserAuthMiddleware(svc)}`: what the
            # loop wraps the entry's handler in, before it runs
            body = node.child_by_field_name("body")
            for m in (body.named_children if body is not None else ()):
                m = _value(m)
                if m is not None and m.type in ("identifier", "selector_expression",
                                                "call_expression"):
                    entry_mw.append(text(m, data)[:200])
            continue
        s = _string(node, data)
        if s is not None and path is None and (s.startswith("/") or (
                s == "" and _PATH_KEY.fullmatch(key))):
            # (`Path: ""` under a prefix the loop adds: the prefix itself)
            path = s
            continue
        if node is not None and node.type == "composite_literal" and method is None:
            # `Methods: []string{http.MethodGet, http.MethodPost}`
            body = node.child_by_field_name("body")
            ms = [_method(_value(x), data) for x in (body.named_children if body is not None
                                                     else ()) if x.type != "comment"]
            if ms and all(ms):
                method = ",".join(dict.fromkeys(ms))
                continue
        m = _method(node, data) if not key or _METHOD_KEY.search(key) else None
        if m is not None and method is None:
            # (a keyed field counts by its name: `Name: "Get"` names the entry)
            method = m
            continue
        if node is not None and node.type in ("identifier", "selector_expression") and \
                text(node, data) not in _NOT_FUNCS:
            funcs.append((key, text(node, data), [], None))
        elif node is not None and node.type in ("call_expression", "func_literal"):
            # `mw.Auth(a, c.Users.Settings, params)`: the handler it wraps, the wrappers run
            # first (as a route's handler argument is read); a factory call is the handler
            from auditor.endpoints.frameworks.go import _unwrap_handler

            h, wrapped = _unwrap_handler(node, data)
            funcs.append((key, h, wrapped, _call_tree(node, data)))
    if path is None or not funcs:
        return None
    named = [f for f in funcs if _HANDLER_KEY.search(f[0])]
    pick = named[0] if named else funcs[-1] if not any(f[0] for f in funcs) else None
    if pick is None:
        return None
    out = {"path": path, "method": method, "handler": pick[1], "line": lit.start_point[0] + 1}
    if pick[2] or entry_mw:
        out["mw"] = entry_mw + list(pick[2])
    if pick[3] is not None and isinstance(pick[3], dict):
        out["call"] = pick[3]  # the wrapper's own declaration says which argument it serves
    if flags:
        out["flags"] = flags
    return out


def _call_tree(node, data: bytes, depth: int = 0):
    """A call as {"c": callee, "a": [argument texts or calls]}; anything else as its text."""
    if node.type != "call_expression" or depth > 4:
        return text(node, data)[:200]
    fn, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
    argv = list(args.named_children) if args is not None else []
    if fn is None or fn.type not in ("identifier", "selector_expression") or len(argv) > 8:
        return text(node, data)[:200]
    return {"c": text(fn, data), "a": [_call_tree(a, data, depth + 1) for a in argv]}


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


_IF_METHOD = r"(?:http\.Method(Get|Post|Put|Patch|Delete|Head|Options)|\"(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\")"


def if_chain_ops(fn, data: bytes, scope: str, params: list) -> list[dict]:
    """A net/http handler that is its own router: an `if`/`else if` chain testing the request's
    method and path (`if r.Method == http.MethodGet && r.URL.Path == apiHealthPath { return
    s.handleHealth(w, r, v) } else if ... && topicPathRegex.MatchString(r.URL.Path) {...}`),
    each branch running a handler, wrapped or not (`s.ensureUser(s.handleX)(w, r, v)`). Its
    branches become a route table the function dispatches on (at least three with a path):
    the path a literal, a constant or a `regexp.MustCompile` pattern of the package, resolved
    when the table is expanded."""
    req = next((n for n, t in params if t.replace(" ", "") == "*http.Request"), None)
    body = fn.child_by_field_name("body")
    if req is None or body is None or b".URL.Path" not in data[body.start_byte:body.end_byte]:
        return []
    method_re = re.compile(r"\b" + re.escape(req) + r"\.Method\s*==\s*" + _IF_METHOD + "|" +
                           _IF_METHOD + r"\s*==\s*" + re.escape(req) + r"\.Method\b")
    path_re = re.compile(r"\b" + re.escape(req) + r"\.URL\.Path\s*==\s*([A-Za-z_]\w*|\"[^\"]*\")|"
                         r"([A-Za-z_]\w*|\"[^\"]*\")\s*==\s*" + re.escape(req) + r"\.URL\.Path\b|"
                         r"\b([A-Za-z_]\w*)\.MatchString\(\s*" + re.escape(req) + r"\.URL\.Path\s*\)")
    from auditor.endpoints.frameworks.go import _block_stmts

    entries: list[dict] = []
    for stmt in _block_stmts(body):
        node = stmt
        while node is not None and node.type == "if_statement":
            cond = node.child_by_field_name("condition")
            block = node.child_by_field_name("consequence")
            entries.extend(_if_entries(cond, block, data, method_re, path_re))
            node = node.child_by_field_name("alternative")
    if sum(1 for e in entries if e.get("path") or e.get("path_ref")) < 3:
        return []
    name = "@ifchain:" + scope.replace(".", ":")  # (no dot: `_table` reads the last name)
    line = fn.start_point[0] + 1
    return [{"op": "route_table", "name": name, "entries": entries, "line": line},
            {"op": "table_dispatch", "scope": scope, "table": name, "field": "",
             "prefix": False, "line": line}]


def _if_entries(cond, block, data: bytes, method_re, path_re) -> list[dict]:
    if cond is None or block is None:
        return []
    ctext = text(cond, data)
    methods = [a or b for a, b, c, d in method_re.findall(ctext) for a, b in ((a or c, b or d),)]
    methods = list(dict.fromkeys(m.upper() for m in methods if m))
    paths = []
    for lit, lit2, rx in path_re.findall(ctext):
        ref = lit or lit2
        if ref.startswith('"'):
            paths.append({"path": ref[1:-1]})
        elif ref:
            paths.append({"path_ref": ref})
        elif rx:
            paths.append({"path_ref": rx, "regex": True})
    call = _branch_call(block)
    if not paths or call is None:
        return []
    fn = call.child_by_field_name("function")
    handler, wrappers = None, []
    if fn is not None and fn.type == "call_expression":
        tree = _call_tree(fn, data)
        while isinstance(tree, dict):
            # `s.ensureUser(s.withSync(s.handleX))`: each wrapper takes the next as its only
            # argument (or its only call argument), the innermost name is the handler
            calls = [a for a in tree["a"] if isinstance(a, dict)]
            wrappers.append(tree["c"])
            tree = tree["a"][0] if len(tree["a"]) == 1 else calls[0] if len(calls) == 1 \
                else None
        handler = tree if isinstance(tree, str) else None
    elif fn is not None and fn.type in ("identifier", "selector_expression"):
        handler = text(fn, data)
    if not handler or not _NAME.fullmatch(handler):
        return []
    out = []
    for p in paths:
        for m in methods or [None]:
            e = {**p, "method": m, "handler": handler, "line": block.start_point[0] + 1}
            if "path" not in e:
                e["path"] = ""
            if wrappers:
                e["mw"] = list(wrappers)
            out.append(e)
    return out


def _branch_call(block):
    """The call a branch runs: `return h(w, r)`, `return s.auth(s.h)(w, r, v)`, `h(w, r)`."""
    from auditor.endpoints.frameworks.go import _block_stmts

    for st in _block_stmts(block)[:3]:
        e = st
        if e.type == "return_statement" and e.named_children:
            e = e.named_children[0]
            if e.type == "expression_list" and e.named_children:
                e = e.named_children[0]
        elif e.type == "expression_statement" and e.named_children:
            e = e.named_children[0]
        if e.type == "call_expression":
            return e
    return None


def _compared(rest: bytes):
    """(variable, field) of each `x.Field ==` / `== x.Field` comparison."""
    for a, b, c, d in _COMPARED.findall(rest):
        yield (a, b) if a else (c, d)


# ---------------------------------------------------------------- expansion (endpoints stage)

class RouteTables:
    """The tables and dispatchers of the Go facts, and the routes they expand to.

    A loop's table is found from where the loop is: a package-level table; a local one (or
    a local bound to a call, `routes := NewAPIRoutes(app)`); a parameter, through the argument
    the call that replayed this function handed it (`registerRoutes(apiRouter, rc.APIRoutes)`,
    per call site: the same function called with two routers gives each its own table); a
    field of a parameter or receiver of struct type T, through the struct literals of T that
    set it (`RouteConfig{APIRoutes: NewAPIRoutes(app)}`); a call, through the tables the
    function returns (`return []Route{...}` or a returned local, with its `append`s)."""

    def __init__(self, facts: dict[str, dict]) -> None:
        self.tables: dict[tuple[str, str], tuple[str, dict]] = {}  # (pkg dir, name) -> (file, op)
        self.local: dict[tuple[str, str, str], list] = {}  # (file, scope, name) -> [(file, op)]
        self.structs: dict[str, list] = {}  # type name -> [(file, scope, fields)]
        self.struct_vars: dict[tuple[str, str, str], dict] = {}  # (file, scope, var) -> fields
        self.dispatch: dict[tuple[str, int], dict] = {}  # (file, function line) -> op
        self.consts: dict[tuple[str, str], str] = {}  # (pkg dir, name) -> string constant
        self.regexes: dict[tuple[str, str], str] = {}  # (pkg dir, name) -> MustCompile pattern
        for path, fx in facts.items():
            if fx.get("language") != "go":
                continue
            for op in fx.get("routes", ()):
                kind = op.get("op")
                if kind == "const" and isinstance(op.get("value"), str):
                    self.consts[(posixpath.dirname(path), op["name"])] = op["value"]
                elif kind == "go_regex":
                    self.regexes[(posixpath.dirname(path), op["name"])] = op["pattern"]
                elif kind == "route_table" and op.get("scope"):
                    self.local.setdefault((path, op["scope"], op["name"]), []).append((path, op))
                elif kind == "route_table":
                    self.tables[(posixpath.dirname(path), op["name"])] = (path, op)
                elif kind == "struct_fields":
                    self.structs.setdefault(op["type"], []).append(
                        (path, op["scope"], op["fields"]))
                    if op.get("var"):
                        self.struct_vars.setdefault((path, op["scope"], op["var"]), {}).update(
                            op["fields"])
                elif kind == "table_dispatch":
                    self.dispatch[(path, op["line"])] = op

    def __bool__(self) -> bool:
        return bool(self.tables or self.local)

    def expand(self, route, resolver) -> list | None:
        """The routes of the table the route's handler dispatches on, or of the table a loop
        registers the route for; None for any other route."""
        loop = route.extra.get("table_loop")
        if loop:
            found = self.resolve(resolver.replay, route.file, route.scope, loop,
                                 route.extra.get("table_env") or {})
            if not found:
                return None
            extra = {k: v for k, v in route.extra.items()
                     if k not in ("go_path", "table_loop", "table_env", "table_if",
                                  "table_prefix")}
            prefix = ""
            if route.extra.get("table_prefix"):
                # `m.path + route.Path`: the prefix's value, or the routes are not told
                from auditor.endpoints.frameworks.go import resolve_prefix_parts

                prefix = resolve_prefix_parts(resolver.replay, route,
                                              route.extra["table_prefix"])
                if prefix is None:
                    return None
            test = route.extra.get("table_if")
            out = []
            for table in found:
                if test:
                    # registered inside `if rt.AuthRequired { ... } else { ... }`: this branch
                    # serves the entries whose field has that value (a missing bool field is
                    # Go's zero value, false)
                    tfile, top = table
                    table = (tfile, {**top, "entries": [
                        e for e in top["entries"]
                        if (e.get("flags") or {}).get(test[0], False) == test[1]]})
                out.extend(self._routes(replace(route, path="", extra=dict(extra)), prefix, {},
                                        table, None, resolver))
            return out
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

    # -- what a loop ranges over --------------------------------------------------------------
    def resolve(self, replay, file: str, scope: str, expr: str, env: dict,
                depth: int = 0) -> list[tuple[str, dict]]:
        """The tables (file, op) `expr` holds in function `scope` of `file`; `env` binds the
        function's parameters to its caller's arguments (interpret.ARG)."""
        out: list[tuple[str, dict]] = []
        seen: set[int] = set()
        for tfile, op in self._resolve(replay, file, scope, expr, env, depth):
            if id(op) not in seen:
                seen.add(id(op))
                out.append((tfile, op))
        return out

    def _resolve(self, replay, file, scope, expr, env, depth) -> list:
        expr = expr.strip().lstrip("&*").strip()
        if expr.endswith("..."):
            expr = expr[:-3]
        if depth > 8 or not expr or replay is None:
            return []
        if "(" in expr:  # range NewAPIRoutes(app), Routes: NewAPIRoutes(app)
            callee = expr.split("(", 1)[0].strip()
            if not _NAME.fullmatch(callee) or not expr.endswith(")"):
                return []
            return self._returned(replay, file, scope, callee, depth)
        if not _NAME.fullmatch(expr):
            return []
        head, _, rest = expr.partition(".")
        if head in env:  # a parameter: what the call that replayed us handed it
            cfile, cscope, carg, cenv = env[head][:4]
            return self._resolve(replay, cfile, cscope, carg + ("." + rest if rest else ""),
                                 cenv, depth + 1)
        if not rest:
            got = self.local.get((file, scope, head))
            if got:  # routes := []Route{...} (and its appends)
                if any(o.get("refs") for _f, o in got):
                    got = [t for f, o in got for t in (
                        [(f, o)] if not o.get("refs") else
                        [x for r in o["refs"]
                         for x in self._resolve(replay, file, scope, r, env, depth + 1)])]
                    if not got:
                        return []
                return self._with_appends(got)
            for o in replay.scopes.get((file, scope), ()):
                if o.get("op") == "new_from" and o.get("var") == head:  # routes := New...()
                    return self._returned(replay, file, scope, o["callee"], depth)
        else:
            field = rest.split(".", 1)[0]
            fields = self.struct_vars.get((file, scope, head))
            if fields and field in fields:  # rc := RouteConfig{Routes: ...}; rc.Routes
                return self._resolve(replay, file, scope, fields[field], env, depth + 1)
            typ = self._type_of(replay, file, scope, head)
            if typ and "." not in rest:  # rc RouteConfig (a parameter or the receiver)
                out = []
                for sfile, sscope, sfields in self.structs.get(typ, ()):
                    if field in sfields:
                        out.extend(self._resolve(replay, sfile, sscope, sfields[field], {},
                                                 depth + 1))
                if out:
                    return out
        table = self.tables.get((posixpath.dirname(file), expr.rsplit(".", 1)[-1]))
        return [table] if table is not None else []

    def _with_appends(self, ops: list) -> list:
        """A local table and the entries appended to it, as one table."""
        if len(ops) == 1:
            return ops
        base = ops[0]
        merged = {**base[1], "entries": [e for _f, o in ops for e in o["entries"]]}
        key = ("merged",) + tuple(id(o) for _f, o in ops)
        cache = self.__dict__.setdefault("_merged", {})
        if key not in cache:
            cache[key] = (base[0], merged)
        return [cache[key]]

    def _returned(self, replay, file: str, scope: str, callee: str, depth: int) -> list:
        """The tables the function `callee` names returns: a table literal returned as is, or
        the local (or field, or call) it returns."""
        out = []
        for key in replay.candidates(file, callee, scope):
            got = self.local.get((key[0], key[1], "<return>"))
            if got:
                out.extend(got)
            for ret in replay.fns.get(key, {}).get("returns", ()) or ():
                out.extend(self._resolve(replay, key[0], key[1], ret, {}, depth + 1))
        return out

    @staticmethod
    def _type_of(replay, file: str, scope: str, name: str) -> str:
        """The type name of a parameter or the receiver `name` of function `scope` (or of the
        functions a func literal sits in)."""
        for _ in range(6):
            fn = replay.fns.get((file, scope))
            if fn is None:
                return ""
            if fn.get("recv_name") == name:
                return fn.get("recv", "")
            for pname, ptype in fn.get("params", ()):
                if pname == name:
                    return _type_name(ptype)
            scope = fn.get("parent_scope") or ""
            if not scope:
                return ""
        return ""

    def _table(self, op: dict, file: str):
        name = op["table"].rsplit(".", 1)[-1]
        return self.tables.get((posixpath.dirname(file), name))

    def _routes(self, route, mount: str, op: dict, table, start: str, resolver) -> list:
        tfile, top = table
        base = _SUBTREE.sub("", mount)
        g = resolver.cg.g
        out = []
        for e in self._with_paths(tfile, top["entries"]):
            path = e["path"]
            if op.get("prefix") and path.endswith("/"):
                path += "{path}"  # matched as a prefix: the rest of the URL is a parameter
            if base and not (path == base or path.startswith(base + "/")):
                path = base + path
            handler, wrappers = e["handler"], list(e.get("mw") or ())
            if e.get("call"):
                got = _served(resolver.replay, tfile, top.get("scope", ""), e["call"], [])
                if got is not None:
                    handler, wrappers = got
            node = None
            try:  # in the function that builds the table, where its parameters' types are
                gscope = resolver.replay._graph_scope(tfile, top["scope"]) \
                    if top.get("scope") and resolver.replay is not None else ""
                node = resolver.cg.resolve_ref("go", tfile, gscope, handler)
            except Exception:  # noqa: BLE001 - a resolver bug must not lose the route
                node = None
            extra = {k: v for k, v in route.extra.items() if k not in (
                "node_hint", "deco_hint", "hint_file", "table_method")}
            if start is not None:
                extra["dispatched_by"] = start
                if top.get("name", "").startswith("@ifchain:"):
                    # (its branches name their own guards: the dispatcher's own check, not
                    # all it calls for every branch, is what runs before each)
                    extra["dispatch_own"] = True
            extra["table_entry"] = {"file": tfile, "line": e["line"]}
            if node and node in g and not g.nodes[node].get("external"):
                extra["node_hint"] = g.nodes[node].get("line")
                extra["hint_file"] = g.nodes[node].get("file")
            method = route.method
            if e["method"] and (start is not None or route.extra.get("table_method")):
                method = e["method"]
            for m in method.split(","):  # (an entry's `Methods: []string{...}`: each)
                out.append(replace(route, method=m, path=path,
                                   path_text=e["path"], handler=handler,
                                   mw=list(route.mw) + [w for w in wrappers
                                                        if w not in route.mw],
                                   handler_line=e["line"], extra=dict(extra)))
        return out


    def _with_paths(self, file: str, entries: list) -> list:
        """Entries whose path names a constant or a compiled pattern of the package (an `if`
        chain's `r.URL.Path == apiHealthPath`, `topicRegex.MatchString(r.URL.Path)`), with
        the path they stand for (a pattern's alternatives each); an unknown name is dropped."""
        out = []
        d = posixpath.dirname(file)
        for e in entries:
            ref = e.get("path_ref")
            if not ref:
                out.append(e)
                continue
            if e.get("regex"):
                paths = regex_paths(self.regexes.get((d, ref)) or "")
            else:
                v = self.consts.get((d, ref))
                paths = [v] if v is not None and v.startswith("/") else []
            out.extend({**e, "path": p} for p in paths)
        return out


_RX_TOKEN = re.compile(r"\((?:\?:)?((?:[^()]|\([^()]*\))*)\)([?*+]|\{\d*,?\d*\})?|"
                       r"\[(?:\\.|[^\]])+\](?:[?*+]|\{\d*,?\d*\})?|\.[*+?]?|\\(.)([*+?]|\{\d*,?\d*\})?|"
                       r"([^\\\[\](){}.*+?|^$]+)|(.)")


def regex_paths(pattern: str, limit: int = 8) -> list[str]:
    """The route paths a path-matching regular expression stands for: `^/[-_A-Za-z0-9]{1,64}
    (,[-_A-Za-z0-9]{1,64})*/json$` -> ["/{p1}/json"]; a group of literal alternatives is each
    (`/(publish|send)` -> two paths), an optional or repeated group is left out, any other class,
    group or escape is a parameter, `.+`/`.*` the rest of the path. [] for what is not a path."""
    p = pattern
    if p.startswith("^"):
        p = p[1:]
    if p.endswith("$"):
        p = p[:-1]
    if not p.startswith("/") or "|" in re.sub(r"\([^()]*\)", "", p):
        return []
    outs = [""]
    for m in _RX_TOKEN.finditer(p):
        tok = m.group(0)
        group, gq, esc, eq, lit, other = m.group(1), m.group(2), m.group(3), m.group(4), \
            m.group(5), m.group(6)
        if tok.startswith("("):
            if gq in ("?", "*") or (group is not None and group.startswith("|")):
                continue  # optional (`(,[a-z]+)*`, `(?:\.[a-z]+)?`, `(|/.*)`)
            alts = (group or "").split("|")
            if len(alts) > 1 and all(re.fullmatch(r"[\w-]+", a) for a in alts):
                outs = [o + a for o in outs for a in alts][:limit]
                continue
            outs = [o + "{p}" for o in outs]
        elif tok.startswith("["):
            outs = [o + "{p}" for o in outs]
        elif tok.startswith("."):
            outs = [o + ("{path}" if tok in (".+", ".*") else "{p}") for o in outs]
        elif esc is not None:
            if esc in "./-_" and not eq:
                outs = [o + esc for o in outs]
            else:
                outs = [o + "{p}" for o in outs]
        elif lit is not None:
            outs = [o + lit for o in outs]
        elif other is not None:
            return []
    paths = []
    for o in outs:
        segs = []
        for seg in o.split("/"):
            # a segment of parameters and punctuation (`{p}.{p}`, `{p}-{p}`) is one parameter
            segs.append("{p}" if "{p" in seg and re.fullmatch(r"(?:\{p\}|\{path\}|[.,_~-])+", seg)
                        and "{path}" not in seg else "{path}" if "{path}" in seg else seg)
        n = iter(range(1, 100))
        path = re.sub(r"\{p\}", lambda _m: f"{{p{next(n)}}}", "/".join(segs))
        paths.append(path)
    return list(dict.fromkeys(paths))


# a parameter that takes a handler: `next http.HandlerFunc`, `h http.Handler`, `gin.HandlerFunc`,
# `func(http.ResponseWriter, *http.Request)`
_HANDLER_PARAM = re.compile(r"^\*?(?:\w+\.)?(?:HandlerFunc|Handler)$|^func\s*\(")


def _served(replay, file: str, scope: str, call, wrappers: list, depth: int = 0):
    """(handler, wrappers) of a table entry's call value, read from the declarations of the
    functions it calls: `mw.Cors(mw.Auth(a, c.Notes.Index, &opts))` -> ("c.Notes.Index",
    ["mw.Cors", "mw.Auth"]) where Auth's parameter `next http.HandlerFunc` is its second; None
    where a callee is not a function of the tree or takes no handler (a factory)."""
    if isinstance(call, str):
        return (call, wrappers) if wrappers else None
    if replay is None or depth > 6:
        return None
    for key in replay.candidates(file, call["c"], scope)[:1]:
        params = replay.fns.get(key, {}).get("params", ())
        at = [i for i, (_n, t) in enumerate(params) if _HANDLER_PARAM.search(t.strip())]
        if len(at) != 1 or at[0] >= len(call["a"]):
            return None
        return _served(replay, file, scope, call["a"][at[0]], wrappers + [call["c"]], depth + 1)
    return None
