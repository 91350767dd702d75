"""Handler and middleware expressions -> call-graph nodes and route-op function records.

The graph's own resolver for the language (`cg.resolve_ref`) is asked first, so a handler is
found the way a call would be; then the function at a literal's line; then, by name, the graph
node whose qualified name carries the most segments of the expression (`h.Agent.CreateAgent` ->
`.../handlers.AgentHandler.CreateAgent`).
"""
from __future__ import annotations

import dataclasses
import posixpath
import re

from auditor.checks.base import is_test_path
from auditor.endpoints.auth import NOT_AUTH
from auditor.endpoints.frameworks import top_terms, unparen
from auditor.graph.typescript import _strip_ext as strip_ts_ext


# a middleware that says it guards (`RequireElevatedClient`, `EnsureAdmin`, `checkAccess`): only
# such a one borrows its callees' credential checks; a dependency that loads a record, or a
# login helper, calls the same checks without being a guard of the route
# DRF's own permission classes (rest_framework/permissions.py) by what has_permission tests
DRF_PERMISSIONS = {"AllowAny": "none", "BasePermission": "none", "IsAuthenticated": "auth",
                   "IsAdminUser": "auth", "IsAuthenticatedOrReadOnly": "readonly",
                   "DjangoModelPermissions": "auth", "DjangoObjectPermissions": "auth",
                   "DjangoModelPermissionsOrAnonReadOnly": "readonly"}
GUARD_WORD = re.compile(r"require|auth|guard|protect|check|verify|ensure|must|only|admin|"
                        r"permission|role|access|secure|restrict|allow|login_?required",
                        re.IGNORECASE)


DENY = "auth"  # a permission that refuses the method to everyone: no anonymous request passes


def _drf_composition(name: str) -> tuple[str, list[str]] | None:
    """`CreateOnly | (DjangoModelPermissions)` -> ("|", ["CreateOnly", "DjangoModelPermissions"]),
    split at the top level (`|` binds looser than `&`, as in Python); None for one class."""
    text = unparen(name)
    for op in ("|", "&"):
        parts = [p.strip() for p in top_terms(text, op)]
        if len(parts) > 1 and all(parts):
            return op, parts
    return None


class HandlerResolver:
    def __init__(self, graph, facts: dict[str, dict], replay) -> None:
        self.cg = graph
        self.facts = facts
        self.replay = replay
        self._param_calls: dict[str, dict[str, set]] = {}  # file -> caller -> bare callees
        self.by_name: dict[str, list[str]] = {}
        self.by_file: dict[str, list[tuple[int, int, str]]] = {}
        self.langs: set[str] = set()
        self._assigned_by_file: dict[str, dict[str, list[dict]]] = {}  # see `_assigned`
        g = graph.g if graph is not None else None
        if g is not None:
            for n, d in g.nodes(data=True):
                if d.get("external") or not d.get("file"):
                    continue
                self.by_name.setdefault(d.get("name") or n.rsplit(".", 1)[-1], []).append(n)
                self.by_file.setdefault(d["file"], []).append(
                    (d.get("line", 0), d.get("end_line", 0) or d.get("line", 0), n))
                lang = d.get("language", "")
                self.langs.add("typescript" if lang in ("tsx", "javascript") else lang)
        for v in self.by_file.values():
            v.sort()
        self.fn_at: dict[tuple[str, int], dict] = {}
        for (file, _scope), op in replay.fns.items():
            self.fn_at[(file, op["line"])] = op
            if op.get("deco_line"):  # Python: the graph may place a function at its decorator
                self.fn_at.setdefault((file, op["deco_line"]), op)
        self._guard_memo: dict[tuple[str, int], tuple[bool, bool]] = {}
        self._go_vars: dict | None = None  # built on the first Go handler that needs it
        self._go_funcvars: dict = {}
        self._go_packages: set | None = None  # import paths of the tree's Go packages

    def _lang(self, file: str) -> str:
        lang = self.facts.get(file, {}).get("language", "")
        return "typescript" if lang in ("tsx", "javascript") else lang

    def has_graph(self, file: str) -> bool:
        return self._lang(file) in self.langs

    def enclosing(self, file: str, line: int) -> str | None:
        best = None
        for start, end, n in self.by_file.get(file, []):
            if start > line:
                break
            if start <= line <= end:
                best = n
        return best

    def handler_node(self, route) -> str | None:
        if self.cg is None:
            return None
        g = self.cg.g
        h = route.handler
        if h.startswith("func@") or h.startswith("lambda@"):
            ln = int(h.split("@", 1)[1])
            for start, _end, n in self.by_file.get(route.file, []):
                if start == ln:
                    return n
            return None
        if route.extra.get("library_view"):
            return None  # a view the framework ships (django.contrib.auth.views.LoginView)
        at = route.extra.get("handler_at")
        if at and (at[0], at[1]) != (route.file, route.line):
            # a function handed to the closure that registers the route: named at the call
            extra = {k: v for k, v in route.extra.items() if k != "handler_at"}
            return self.handler_node(dataclasses.replace(route, file=at[0], line=at[1],
                                                         extra=extra))
        hints = {route.extra.get("node_hint"), route.extra.get("deco_hint")} - {None}
        if hints:
            for start, _end, n in self.by_file.get(route.extra.get("hint_file", route.file), []):
                if start in hints and g.nodes[n].get("kind") != "module":
                    return n  # (a file's module pseudo-function starts at line 1 too)
        if route.framework == "nextjs" and route.extra.get("node_hint") and \
                route.handler != "default":  # (app router; a pages/api default export is below)
            return self._next_export(route)
        if route.framework == "nextjs" and h == "default" and (mod := self._library_default(
                route.file)) is not None:
            return mod
        if route.framework == "nextjs" and h == "default":
            # `const handler = async (req, res) => {...}; export default handler`: the function
            # the module's default export names, resolved in the module (a name of the module,
            # or one it imports); else another module's default it re-exports
            local = self._default_local(route.file)
            if local:
                scope = self.enclosing(route.file, route.line) or ""
                lang = "typescript" if self._lang(route.file) in ("tsx", "javascript") else \
                    self._lang(route.file)
                got = self.cg.resolve_ref(lang, route.file, scope, local)
                if got and got in g and not g.nodes[got].get("external"):
                    return got
            else:
                from auditor.endpoints import ts_default_target

                key = ts_default_target(self, route.file)
                fn = self.replay.fns.get(key) if key is not None else None
                if fn is not None:
                    node = key[1] if key[1] in g else self._node_at(key[0], fn.get("line", 0))
                    if node is not None and node in g and not g.nodes[node].get("external"):
                        return node
        scope = self.enclosing(route.file, route.line) or ""
        if self._lang(route.file) == "go":
            served = self._serve_http(route.file, scope, h)
            if served is None:
                served = self._converted(route.file, scope, h)
            if served is not None:
                return served
        try:
            got = self.cg.resolve_ref(self._lang(route.file), route.file, scope, h)
        except Exception:  # noqa: BLE001 - a resolver bug must not lose the endpoint
            got = None
        if got and got in g and not g.nodes[got].get("external"):
            if self._lang(route.file) == "python" and g.nodes[got].get("kind") == "closure" \
                    and got.rsplit(".", 1)[-1] != h.rsplit(".", 1)[-1]:
                # `views.help_page` decorated by a decorator of the tree holds that decorator's
                # inner `wrapper` (Python binds the name to what the decorator returns); the
                # wrapper is shared by every function it decorates and calls them all through
                # its parameter: the view is the function defined under that name, its
                # decorators run as the route's middleware (function_view)
                own = self._decorated_def(route.file, h) or self._decorated_by(got, h)
                if own is not None:
                    return own
            return got
        made = (self._factory_made(route.file, h) or self._array_last(route.file, h)) \
            if self._lang(route.file) in ("typescript", "tsx", "javascript") else None
        if made is not None:
            return made
        if self.cg.ambiguous_ref(self._lang(route.file), route.file, scope, h):
            # a method value of an interface with several implementations in the program
            # (`ctrl.Handler` of a `controller.Controller`): a guess by name would trace the wrong
            # one; the route stays, its handler is listed as not found
            return None
        if "." in h and self._lang(route.file) == "go" and (
                self._go_external(route.file, h.split(".", 1)[0]) or
                self._external_param(route.file, scope, h.split(".", 1)[0])):
            # `rest.GetAll(constructor)`: what a library's function returns, never a function of
            # the tree that has the same name; `authMiddleware.LoginHandler` with
            # `authMiddleware *jwt.GinJWTMiddleware`: a library type's method (gin-jwt's login)
            return None
        if "." in h and self._lang(route.file) == "python" and \
                self._external_import(route.file, h.split(".", 1)[0]):
            # `allauth_account_views.login`, the module imported from a library: its function,
            # never one of the tree that has the same name (a test double's `login`)
            return None
        if self._lang(route.file) == "go" and (m := _REF.match(h)) is not None and \
                h[m.end():] == "()":
            # `h.Register()` on `h auth.Handlers`: the factory the call runs, typed by the
            # resolver (the interface's one implementation), before any guess by its name (a
            # call with arguments may be an adapter of a handler it is given: read below)
            try:
                made = self.cg.resolve_ref("go", route.file, scope, m.group(0))
            except Exception:  # noqa: BLE001 - a resolver bug must not lose the endpoint
                made = None
            if made and made in g and not g.nodes[made].get("external"):
                return made
        got = self.by_segments(h, route.file)
        if got is None and "." in h and route.extra.get("view_class"):
            got = self.by_segments(h.rsplit(".", 1)[0], route.file)  # an inherited action
        return got

    def _library_default(self, file: str) -> str | None:
        """A pages/api module whose default export is what NextAuth makes of its options
        (`export default NextAuth(authOptions)`): no function of the tree serves the route,
        the module's top-level code configures the library's handler; the module's node,
        whose trace follows that configuration (data_access.extra_calls)."""
        mod = next((n for start, _end, n in self.by_file.get(file, [])
                    if self.cg.g.nodes[n].get("kind") == "module"), None)
        if mod is None:
            return None
        q = self.cg.g.nodes[mod].get("qname") or mod.rsplit("/", 1)[-1]
        for c in self.facts.get(file, {}).get("calls", ()):
            if c.get("name") == "NextAuth" and (c.get("caller") or "") in (q, mod, ""):
                return mod
        return None

    def _next_export(self, route) -> str | None:
        """A Next.js route module's exported handler that is not a function declared at its
        export: `export { handler as GET }`, `export { POST } from "../x/[id]/route"`, or
        `export const GET = handler`. Only what the module exports by that name, never a
        function of another route file guessed by the method's name; a value a library call
        made (`export const { GET, POST } = toNextJsHandler(auth)`) is the library's."""
        g = self.cg.g
        lang = "typescript" if self._lang(route.file) in ("tsx", "javascript") else \
            self._lang(route.file)
        origin = self.cg.ref_resolvers.get(lang + ":export")
        node = origin(route.file, route.handler) if origin is not None else None
        if node is not None and node in g and not g.nodes[node].get("external"):
            return node
        mod = node.rsplit(".", 1)[0] if node else None
        if mod and mod in g and g.nodes[mod].get("kind") == "module" and \
                g.nodes[mod].get("file") != route.file:
            # `export { GET, POST } from "@/auth"`, where that module destructures them from a
            # library call at its top level (`export const { handlers: { GET, POST } } =
            # NextAuth({...})`): the values are made by that module's top-level code, with
            # the configuration (callbacks, adapters) the library calls
            return mod
        try:
            got = self.cg.resolve_ref(self._lang(route.file), route.file, "", route.handler)
        except Exception:  # noqa: BLE001 - a resolver bug must not lose the endpoint
            got = None
        if got and got in g and not g.nodes[got].get("external"):
            return got
        # `const handler = NextAuth(authOptions); export { handler as GET, handler as POST }`
        # (app router): the library's handler, configured by the module's top-level code
        return self._library_default(route.file)

    def _serve_http(self, file: str, scope: str, h: str) -> str | None:
        """Go: a handler that is a value whose type serves HTTP itself: a composite literal
        (`&UsersHandler{db: db}`) or a call of a tree function returning one
        (`newItemsHandler()` -> `*itemsHandler`); the route runs that type's `ServeHTTP`."""
        m = _COMPOSITE.match(h)
        type_name = m.group(1) if m else None
        if type_name is None and _CALL.match(h):
            try:
                got = self.cg.resolve_ref("go", file, scope, h.split("(", 1)[0])
            except Exception:  # noqa: BLE001 - a resolver bug must not lose the endpoint
                got = None
            fn = self.fn_record(got) if got else None
            results = (fn or {}).get("returns") or []
            if len(results) == 1:
                type_name = results[0].lstrip("*")
        if not type_name:
            return None
        short = type_name.rsplit(".", 1)[-1]
        # a struct's own ServeHTTP (an adapter over a func type only calls the func it wraps)
        cands = [n for n in self.by_name.get("ServeHTTP", [])
                 if n.rsplit(".", 2)[-2] == short and self._struct_in(n, short)]
        if len(cands) > 1:  # the same type name in several packages: the route's own first
            same = [n for n in cands if posixpath.dirname(self.cg.g.nodes[n].get("file", ""))
                    == posixpath.dirname(file)]
            cands = same or cands
        return cands[0] if len(cands) == 1 else None

    def _converted(self, file: str, scope: str, h: str) -> str | None:
        """Go: `appHandler(viewRecord)`, a conversion of a function to a handler type of the
        tree (whose ServeHTTP calls it): the route runs the function converted."""
        m = _CONVERSION.match(h)
        if m is None:
            return None
        g = self.cg.g
        try:
            outer = self.cg.resolve_ref("go", file, scope, m.group(1))
            if outer and outer in g and not g.nodes[outer].get("external"):
                return None  # a function call (a factory), not a conversion
            inner = self.cg.resolve_ref("go", file, scope, m.group(2))
        except Exception:  # noqa: BLE001 - a resolver bug must not lose the endpoint
            return None
        return inner if inner and inner in g and not g.nodes[inner].get("external") else None

    def adapted_handler(self, route) -> tuple[str, list[tuple[str, str]]] | None:
        """Go: `commonHandler(listConfig)`, a function of the tree called with a function of
        the tree, whose result is the route's handler: an adapter (generic or not) that returns
        a closure running the function it is given (`handle(c, handler)`). (the function's
        node, [(adapter's node, adapter's name)] outermost first): the function is what serves
        the route, the adapters run around it (its middleware). A call with any other argument
        (a factory `handlers.GetUser(db)`) is no adapter."""
        if self.cg is None or self._lang(route.file) != "go":
            return None
        m = _CONVERSION.match(route.handler or "") or _ADAPTED_CALL.match(route.handler or "")
        if m is None:
            return self._optioned_adapter(route) or self._argument_adapter(route)
        if m.re is _ADAPTED_CALL and len(_adapter_chain(route.handler or "")) > 2:
            # `noIndex(a.hasUUID(a.LinkRedirect, "linkUUID"))`: the inner call wraps a function
            # of the tree with literal options (it is no factory): the innermost function serves
            got = self._optioned_adapter(route)
            if got is not None:
                return got
        g = self.cg.g
        scope = self.enclosing(route.file, route.line) or ""
        try:
            outer = self.cg.resolve_ref("go", route.file, scope, m.group(1))
            # `commonHandler(oauth2callback(jwtMw))`: a factory of the tree makes the function
            # handed to the adapter; the factory (whose closure it returns) serves the route
            inner = self.cg.resolve_ref("go", route.file, scope, m.group(2))
        except Exception:  # noqa: BLE001 - a resolver bug must not lose the endpoint
            return None
        ok = {"function", "method"}
        if not outer or not inner or outer == inner or outer not in g or inner not in g:
            return self._optioned_adapter(route)
        do, di = g.nodes[outer], g.nodes[inner]
        if do.get("external") or di.get("external") or do.get("kind") not in ok or \
                di.get("kind") not in ok:
            return self._optioned_adapter(route)
        return inner, [(outer, m.group(1))]

    def _optioned_adapter(self, route, expr: str | None = None
                          ) -> tuple[str, list[tuple[str, str]]] | None:
        """Go: `pm(hasID(a.GetList), "lists:get")` with `pm := a.auth.Perm` and `func (o *Auth)
        Perm(next echo.HandlerFunc, perms ...string) echo.HandlerFunc`: wrappers of the tree
        (called directly or through a local holding the method value), each handed the
        function it wraps first and only literal options after it. (the innermost function's
        node, the wrappers' nodes and names outermost first), as `adapted_handler`. `expr`: an
        argument of the route's handler expression read instead of all of it."""
        chain = _adapter_chain((route.handler or "") if expr is None else expr)
        if not chain:
            return None
        g = self.cg.g
        ok = {"function", "method"}
        scope = self.enclosing(route.file, route.line) or ""
        nodes = []
        for ref in chain:
            try:
                got = self.cg.resolve_ref("go", route.file, scope, ref)
                if not got or got not in g:
                    made = self._assigned(route.file, ref) if ref.isidentifier() else []
                    v = (made[-1].get("value") or {}) if made else {}
                    if v.get("kind") in ("attr", "name") and v.get("text"):
                        got = self.cg.resolve_ref("go", route.file, scope, v["text"])
            except Exception:  # noqa: BLE001 - a resolver bug must not lose the endpoint
                return None
            if not got or got not in g or g.nodes[got].get("external") or \
                    g.nodes[got].get("kind") not in ok:
                return None
            nodes.append(got)
        if len(set(nodes)) != len(nodes):
            return None
        return nodes[-1], list(zip(nodes[:-1], chain[:-1]))

    def _argument_adapter(self, route) -> tuple[str, list[tuple[str, str]]] | None:
        """Go: `ToHTTPHandler(deps, api.HandleListTags, mws...)` with `func ToHTTPHandler(deps
        Deps, h HttpHandler, mws ...Middleware) http.HandlerFunc { return func(w, r) { ...;
        h(deps, c) } }`: an adapter of the tree handed the serving function among other
        arguments (dependencies, a spread of middleware). Only when exactly one argument is a
        function or method of the tree and the adapter (or a closure it returns) calls the
        parameter that receives it; a factory `handlers.GetUser(db)` is given no function, and
        one that only stores the function it is given never calls that parameter. The function
        may come wrapped itself (`EnvHandler(pool, logger, AuthenticatedHandler(GetFeeds))`):
        those wrappers run inside the adapter. As `adapted_handler`."""
        expr = " ".join((route.handler or "").split())
        m = _REF.match(expr)
        if m is None or not expr.endswith(")") or m.end() >= len(expr) or expr[m.end()] != "(":
            return None
        args = [t.strip() for t in top_terms(expr[m.end() + 1:-1], ",") if t.strip()]
        if len(args) < 2:
            return None  # one argument: a conversion or a plain adapter (above)
        from auditor.endpoints.frameworks.go import HANDLER_FACTORY

        if HANDLER_FACTORY.match(m.group(0).rsplit(".", 1)[-1]):
            # `HandleOAuthCallback(key, cmd, FetchGithubUserID)`: named for the handler it
            # makes; the function it is handed is a helper its handler calls
            return None
        g = self.cg.g
        ok = {"function", "method"}
        scope = self.enclosing(route.file, route.line) or ""
        try:
            outer = self.cg.resolve_ref("go", route.file, scope, m.group(0))
            if not outer or outer not in g or g.nodes[outer].get("external") or \
                    g.nodes[outer].get("kind") not in ok:
                return None
            found = []
            for i, a in enumerate(args):
                if not _REF.fullmatch(a):
                    # a spread `mws...`, a literal, a call: a call counts when it wraps a
                    # function of the tree with wrappers of the tree
                    inner = self._optioned_adapter(route, a) if a.endswith(")") else None
                    if inner is not None and outer not in {n for n, _ in inner[1]}:
                        found.append((i, inner[0], inner[1]))
                    continue
                got = self.cg.resolve_ref("go", route.file, scope, a)
                if got and got in g and got != outer and not g.nodes[got].get("external") \
                        and g.nodes[got].get("kind") in ok:
                    found.append((i, got, []))
        except Exception:  # noqa: BLE001 - a resolver bug must not lose the endpoint
            return None
        if len(found) != 1:
            return None
        i, inner, wrappers = found[0]
        rec = self.fn_record(outer) or {}
        params = rec.get("params") or []
        if i >= len(params) or params[i].get("type", "").startswith("[]"):
            return None
        pname = params[i].get("name") or ""
        if not pname or not self._calls_param(outer, rec, pname):
            return None
        return inner, [(outer, m.group(0))] + wrappers

    def _calls_param(self, node: str, rec: dict, pname: str) -> bool:
        """Whether function `node` (facts record `rec`) or a closure inside it calls `pname`."""
        d = self.cg.g.nodes.get(node) or {}
        file = d.get("file", "")
        by_caller = self._param_calls.get(file)
        if by_caller is None:
            by_caller = {}
            for c in self.facts.get(file, {}).get("calls", ()):
                if "." not in (c.get("callee") or "."):
                    by_caller.setdefault(c.get("caller") or "", set()).add(c["callee"])
            self._param_calls[file] = by_caller
        q = rec.get("qname") or ""
        # callers are named inside their package (`ToHTTPHandler.func1`), records may carry
        # the import path (`example.com/app/http.ToHTTPHandler`)
        names = {q, q.rsplit("/", 1)[-1].split(".", 1)[-1]} - {""}
        return any(pname in callees for caller, callees in by_caller.items()
                   if caller in names or caller.split(".", 1)[0] in names and
                   caller.split(".", 1)[1].startswith("func"))

    def _module_default(self, file: str, spec: str) -> tuple[str, str] | None:
        """The function a module required in place exports as its default (`require("@mw/Auth")
        .default` with `const middleware = (req, res, next) => {...}; export default
        middleware`)."""
        tfile = self.replay.required_file(file, spec)
        if not tfile:
            return None
        if (tfile, "default") in self.replay.fns:
            return tfile, "default"
        for op in self.replay.scopes.get((tfile, "<module>"), ()):
            if op.get("op") == "alias" and op.get("var") == "default" and \
                    (tfile, op.get("of") or "") in self.replay.fns:
                return tfile, op["of"]
        return None

    def _struct_in(self, node: str, name: str) -> bool:
        d = self.cg.g.nodes.get(node) or {}
        pkg = posixpath.dirname(d.get("file", ""))
        return any(c.get("name") == name and c.get("kind") == "struct"
                   for p, fx in self.facts.items() if posixpath.dirname(p) == pkg
                   for c in fx.get("classes", ()))

    def fn_record(self, node: str) -> dict | None:
        """The Go facts record of graph node `node` (its result types, ...)."""
        d = self.cg.g.nodes.get(node) or {}
        for f in self.facts.get(d.get("file", ""), {}).get("functions", []):
            if f.get("qname") == node or node.endswith("." + (f.get("qname") or "?")):
                return f
        return None

    def by_segments(self, expr: str, file: str) -> str | None:
        expr = re.sub(r"\(.*", "", expr).strip()
        parts = [p for p in re.split(r"[.:]", expr) if p and p not in ("this", "self")]
        if not parts:
            return None
        cands = self.by_name.get(parts[-1], [])
        if parts == ["default"]:  # a module's default export is that module's own
            cands = [n for n in cands if self.cg.g.nodes[n].get("file") == file]
        if cands:  # a Go route is never served by a JavaScript function of the UI
            lang = self._lang(file)
            cands = [n for n in cands if _family(self.cg.g.nodes[n].get("language", "")) == lang]
        if cands and not is_test_path(file):
            # a production route is never served by test code: a test double's `GetAll` is not
            # what `rest.GetAll(constructor)` of a library returns
            cands = [n for n in cands if not is_test_path(self.cg.g.nodes[n].get("file", ""))]
        if not cands:
            return None
        lower = [p.lower() for p in parts[:-1]]
        lang = self._lang(file)
        if len(parts) > 1 and any(
                _family(self.cg.g.nodes[n].get("language", "")) == lang
                for n in self.by_name.get(parts[-2], ())) and not any(
                f".{parts[-2]}.".lower() in f".{n}.".lower() for n in cands):
            # `PinViewSet.list` where the tree's class PinViewSet defines no `list` (it
            # inherits it from a library): another class's `list` is not its handler
            return None
        if len(cands) == 1:
            return cands[0]

        def score(n: str) -> tuple:
            q = n.lower()
            s = sum(1 for p in lower if p and p in q)
            same = self.cg.g.nodes[n].get("file") == file
            return (s, same, -len(n))

        best = max(cands, key=score)
        return best

    def fn_for_node(self, node: str) -> dict | None:
        d = self.cg.g.nodes[node]
        return self.fn_at.get((d.get("file", ""), d.get("line", 0)))

    def middleware_fn(self, file: str, name: str) -> dict | None:
        key = self.middleware_key(file, name)
        return self.replay.fns[key] if key is not None else self.callable_instance_fn(file, name)

    def drf_permission(self, name: str, method: str,
                       fetches_object: bool = False) -> tuple[str, str] | None:
        """A DRF permission class, from what it really tests: its own `has_permission`, else
        the one it inherits (`class IsOwnerOrReadOnly(IsAuthenticatedOrReadOnly)` that only
        adds `has_object_permission` rejects anonymous writes; a `BasePermission` whose
        `has_permission` never looks at the user lets anyone through, whatever the class is
        called). On a route that fetches its object (`fetches_object`: a viewset's retrieve,
        update or destroy, a method calling `self.get_object()`), a `has_object_permission`
        that needs the user (`obj.owner == request.user`) refuses what `has_permission` let
        through. None when the name is no DRF permission class of the tree or of DRF."""
        from auditor.endpoints.auth import AUTH, NONE, SAFE_METHODS

        got = self._drf_permission(name, method, fetches_object)
        if got is None or got[0] != NONE or not fetches_object:
            return got
        obj = self._object_check(name)
        if obj is None or (obj[1].get("safe") and method in SAFE_METHODS):
            return got
        return AUTH, (f"{obj[0]}.has_object_permission needs the request's user on the object "
                      f"{method} fetches")

    def _package_var_factory(self, file: str, name: str) -> str | None:
        """Go: a middleware held in a package-level variable made by a factory of the tree
        (`var AdminOnly = AuthMiddleware("admin")`, used as `middleware.AdminOnly`): the
        factory's name as the route would write it (`middleware.AuthMiddleware`), whose returned
        function is the guard. None for any other name."""
        if not file.endswith(".go") or "(" in name:
            return None
        pkg, _, var = name.rpartition(".")
        made = self.__dict__.get("_go_pkg_vars")
        if made is None:
            made = self._go_pkg_vars = {}
            for path, fx in self.replay.facts.items():
                if path.endswith(".go"):
                    for op in fx.get("routes", ()):
                        if op.get("op") == "pkg_var_call":
                            made.setdefault(op["name"], []).append((path, op["callee"]))
        for path, callee in made.get(var, ()):
            if "." in callee:
                continue  # (a factory of another package: not followed)
            cand = f"{pkg}.{callee}" if pkg else callee
            if (path == file or pkg) and self.middleware_key(file, cand) is not None:
                return cand
        return None

    def class_method(self, file: str | None, cls: str, meth: str) -> dict | None:
        """The record of method `meth` of class `cls` (defined in `file`, or anywhere when
        None): `Cls.meth`, or `Outer.Cls.meth` for a class nested in another."""
        return next((self.replay.fns[k] for k in self.replay.fns_by_name.get(meth, [])
                     if (file is None or k[0] == file) and
                     (k[1] == f"{cls}.{meth}" or k[1].endswith(f".{cls}.{meth}"))), None)

    def _object_check(self, name: str) -> tuple[str, dict] | None:
        """(class, check) of the nearest `has_object_permission` in the permission class's
        lineage that refuses anonymous requests (`python._object_check`); None otherwise."""
        from auditor.endpoints.frameworks.django_views import lineage

        if _drf_composition(name) is not None:
            return None
        for c, info in lineage(unparen(name).split("(", 1)[0].strip(), self.replay.classes):
            if info and "has_object_permission" in (info.get("methods") or []):
                check = (self.class_method(None, c, "has_object_permission") or {}).get(
                    "obj_check") or {}
                return (c, check) if check.get("refuses_anon") else None
        return None

    def _drf_permission(self, name: str, method: str,
                        fetches_object: bool) -> tuple[str, str] | None:
        from auditor.endpoints.auth import AUTH, NONE, SAFE_METHODS

        composed = _drf_composition(name)
        if composed is not None:
            return self._drf_composed(name, composed, method, fetches_object)
        name = unparen(name)  # `(DjangoModelPermissions)`, an operand in parentheses
        head = name.split("(", 1)[0].strip()
        cls = head.rsplit(".", 1)[-1]
        kind, why_cls, seen, queue, own = "", "", set(), [cls], False
        while queue and len(seen) < 12:
            c = queue.pop(0)
            if c in seen:
                continue
            seen.add(c)
            found = self.replay.classes.get(c, [])[:1]
            if not found:
                if c in DRF_PERMISSIONS:
                    kind, why_cls = DRF_PERMISSIONS[c], c
                    break
                continue
            cfile, info = found[0]
            own = True
            if "has_permission" in (info.get("methods") or []):
                fn = self.class_method(cfile, c, "has_permission")
                check = (fn or {}).get("perm_check")
                if check is not None and check.get("super") and not check["user"]:
                    if check["safe"] and method in SAFE_METHODS:
                        return NONE, ""  # (a read passes before the base is asked)
                    queue.extend(b.split("[", 1)[0].rsplit(".", 1)[-1]
                                 for b in info.get("bases") or [])
                    continue  # the rest: what the base class's has_permission answers
                if check is None or (not check["user"] and check.get("reads_request")):
                    # (a test of what the request presents, not of its user: not read here)
                    return None
                kind = ("readonly" if check["safe"] else "auth") if check["user"] and \
                    not check.get("anon") else "none"
                if not check["user"] and check.get("methods") is not None:
                    # `return request.method in ["POST"]`: the methods it lets through,
                    # whoever asks; every other method is refused (to everyone)
                    if method in check["methods"]:
                        return NONE, ""
                    return DENY, f"{c}.has_permission refuses {method} to everyone"
                why_cls = f"{c}.has_permission"
                break
            queue.extend(b.split("[", 1)[0].rsplit(".", 1)[-1] for b in info.get("bases") or [])
        if not kind or (not own and cls not in DRF_PERMISSIONS):
            return None
        if kind == "none":
            return NONE, ""
        if kind == "readonly" and method in SAFE_METHODS:
            # a read passes without looking at the user: optional only where the view reads
            # request.user (endpoints._reads_user)
            return NONE, ""
        return AUTH, f"{name} requires an authenticated user ({why_cls})"

    def _drf_composed(self, name: str, composed: tuple, method: str,
                      fetches_object: bool = False) -> tuple[str, str] | None:
        """DRF's composed permissions (rest_framework/permissions.py OperandHolder): `A | B`
        lets a request through when either does, `A & B` when both do; `~A` is not read."""
        from auditor.endpoints.auth import AUTH, NONE

        op, parts = composed
        got = [self.drf_permission(p, method, fetches_object) for p in parts]
        if any(g is None for g in got):
            return None
        passes = [g[0] == NONE for g in got]
        if (op == "|" and any(passes)) or (op == "&" and all(passes)):
            return NONE, ""
        whys = [g[1] for g in got if g[0] == AUTH and g[1]]
        why = next((w for w in whys if "to everyone" not in w), whys[0] if whys else "")
        return AUTH, f"{name.strip()} lets no anonymous {method} through ({why})"

    def starlette_dispatch(self, file: str, name: str) -> dict | None:
        """`app.add_middleware(AuthMiddleware)` with `class AuthMiddleware(BaseHTTPMiddleware)`:
        Starlette runs the class's `dispatch(request, call_next)` for every request, so its
        record is what the middleware does (one that always calls `call_next` refuses
        nobody, whatever its name)."""
        if not file.endswith(".py") or "(" in name:
            return None
        dispatch, starlette, skip = None, False, None
        for c, found in self._lineage(name.strip().rsplit(".", 1)[-1]):
            starlette = starlette or c == "BaseHTTPMiddleware"
            if found and dispatch is None and "dispatch" in (found[1].get("methods") or []):
                dispatch = self.replay.fns.get((found[0], f"{c}.dispatch"))
                skip = found[1].get("dispatch_skip")
        if dispatch is not None and skip:
            # (the paths it lets through: `endpoints._listed_exempt`, where a list is matched
            # by prefix unless it says "exact" or "glob")
            (kind, values), = skip.items()
            dispatch = {**dispatch, "exempt_lists": {
                "values": values, **({kind: True} if kind in ("exact", "glob") else {})}}
        return dispatch if starlette else None

    def _lineage(self, cls: str, stop: frozenset = frozenset({"BaseHTTPMiddleware"})):
        """The class and its bases, nearest first (breadth first, at most twelve): (name,
        (file, class record) of the tree or None); a name in `stop` is not followed."""
        seen, queue = set(), [cls]
        while queue and len(seen) < 12:
            c = queue.pop(0)
            if c in seen:
                continue
            seen.add(c)
            found = (self.replay.classes.get(c) or [None])[0]
            yield c, found
            if found and c not in stop:
                queue.extend(b.split("[", 1)[0].rsplit(".", 1)[-1]
                             for b in found[1].get("bases") or [])

    def callable_instance_fn(self, file: str, name: str) -> dict | None:
        """FastAPI calls a dependency that is an instance (`Depends(RoleChecker(["admin"]))`,
        `Depends(bearer)` after `bearer = AccessTokenBearer()`) through its class's `__call__`,
        inherited or not; a class built on one of `fastapi.security`'s schemes (`HTTPBearer`,
        `OAuth2PasswordBearer`, ...) reads the credential and rejects a request without one
        unless it is made with `auto_error=False`."""
        from auditor.endpoints.frameworks.python import SECURITY_SCHEMES

        head = name.split("(", 1)[0].strip()
        args = name[len(head):].strip() if "(" in name else ""
        short = head.rsplit(".", 1)[-1]
        cls = short if args and short in self.replay.classes else ""
        if not cls and not args:
            inst = self.replay.instances.get((file, head))
            imp = self.replay.imports.get(file, {}).get(head)
            if inst is None and imp and imp[1]:
                inst = self.replay.instances.get((imp[0], imp[1]))
            if inst is not None:
                cls, args = inst["cls"], inst.get("args") or ""
        if not cls or not self.replay.classes.get(cls) or not file.endswith(".py"):
            return None
        call_fn, scheme = None, False
        for c, found in self._lineage(cls, frozenset(SECURITY_SCHEMES)):
            if c in SECURITY_SCHEMES:
                scheme = True
                continue
            if found and call_fn is None and "__call__" in (found[1].get("methods") or []):
                call_fn = self.replay.fns.get((found[0], f"{c}.__call__"))
        if not scheme:
            return call_fn
        lenient = "auto_error" in args and "False" in args
        base = call_fn or {"op": "fn", "scope": cls, "name": cls, "params": [], "line": 0}
        return {**base, "auth": {**(base.get("auth") or {}), "reads_credential": True,
                                 "rejects": not lenient, "next_on_missing": lenient,
                                 "scheme": True}}

    def middleware_key(self, file: str, name: str, depth: int = 0) -> tuple[str, str] | None:
        """The (file, scope) of the function record a middleware expression names."""
        if name.startswith("module:"):
            return self._module_default(file, name[len("module:"):])
        name = name.split("(", 1)[0].strip()
        if name.startswith(("lit:", "func@")):  # a middleware written inline, by its scope
            return (file, name) if (file, name) in self.replay.fns else None
        own = self.replay.fns.get((file, name))
        if own is not None and own.get("handler_check"):
            # the route's handler tests the request with this call and rejects on failure: that
            # test is the check, whatever the imported function alone does (returns a bool)
            return file, name
        imps = self.replay.imports.get(file, {})
        head, _, rest = name.partition(".")
        if head in imps:
            tfile, sym = imps[head]
            key = (tfile, sym if sym and not rest else rest.split(".")[-1] if rest else sym)
            if key in self.replay.fns:
                return key
        if rest and "." not in rest and head not in imps and \
                self._lang(file) not in ("go", "python"):
            # `authMiddleware.execute` with `const authMiddleware = container.resolve(Auth)`
            # or `new Auth(...)`: the method of that imported class's module
            made = self._assigned(file, head)
            cls = _instance_class(made[0].get("value") or {}) if len(made) == 1 else ""
            if cls and cls in imps:
                key = (imps[cls][0], rest)
                if key in self.replay.fns:
                    return key
        if "." in name and (file, name) in self.replay.fns:
            # a check the handler makes on a library call (`req.headers.get("x-api-key")` then
            # 401), recorded under that call's text in the route's own file
            return file, name
        short = name.rsplit(".", 1)[-1]
        if rest and "." not in rest and self._lang(file) == "go" and \
                self._go_external(file, head):
            # `ddEcho.Middleware(...)` of a library package: that package's function, never
            # one of the tree of the same name
            return None
        if rest and head in imps and imps[head][0] and imps[head][1] in ("", "default"):
            # `articles.load` with `articles = require('../app/controllers/articles')`: that
            # module's `load` or nothing, never another module's function of the same name
            keys = [k for k in self.replay.fns_by_name.get(short, []) if k[0] == imps[head][0]]
            return keys[0] if len(keys) == 1 else None
        for key in self.replay.candidates(file, name):
            if key[0] != file and self.replay.fns[key].get("handler_check"):
                continue  # how another handler used the name, not what the function does
            return key
        keys = [k for k in self.replay.fns_by_name.get(short, [])
                if k[0] == file or not self.replay.fns[k].get("handler_check")]
        if len(keys) == 1:
            return keys[0]
        if self._lang(file) == "go" and "." not in name and depth < 3:
            # `fallbackAuthMw := fallbackAuthMiddleware(jwtMw)`: a local variable holding the
            # middleware a function of the tree returns; that function's record is its
            made = self._assigned(file, name)
            v = (made[0].get("value") or {}) if len(made) == 1 else {}
            if v.get("kind") == "call" and v.get("callee") and v["callee"] != name:
                return self.middleware_key(file, v["callee"], depth + 1)
        if self._lang(file) == "go" and name.count(".") == 1 and head not in imps and depth < 3:
            # `h.adminMiddleware(...)`: a field the package's constructor fills from one of its
            # parameters; what every caller of the constructor hands in that position is it
            keys = {self.middleware_key(cfile, arg, depth + 1)
                    for cfile, arg in self._field_sources(file, rest)}
            if len(keys) == 1:
                return keys.pop()
        return None

    def _field_sources(self, file: str, field: str) -> list[tuple[str, str]]:
        """Go: (file, argument name) of every call of a constructor of `file`'s package that
        builds a struct literal setting `field` from its parameter (`return &Handler{mw: mw}`),
        the argument at that parameter's position; [] when an argument is not a plain name.
        Read once per package and field (a route's middleware are asked for one by one)."""
        here = posixpath.dirname(file)
        memo = self.__dict__.setdefault("_field_memo", {})
        if (here, field) not in memo:
            memo[(here, field)] = self._field_sources_of(file, here, field)
        return memo[(here, field)]

    def _field_sources_of(self, file: str, here: str, field: str) -> list[tuple[str, str]]:
        ctors: dict[str, int] = {}  # constructor name -> parameter position
        for p, fx in self.facts.items():
            if posixpath.dirname(p) != here or fx.get("language") != "go":
                continue
            params = {f.get("local"): [x.get("name") for x in f.get("params") or ()]
                      for f in fx.get("functions") or () if f.get("kind") == "function"}
            for r in [*(fx.get("returns") or ()), *(fx.get("assigns") or ())]:
                names = params.get(r.get("func"))
                v = r.get("value") or {}
                if v.get("kind") == "unary" and v.get("parts"):
                    v = v["parts"][0]
                src = ((v.get("fields") or {}).get(field) or {}) \
                    if names and v.get("kind") == "composite" else {}
                if src.get("kind") == "name" and src.get("text") in names:
                    ctors[r["func"]] = names.index(src["text"])
        if not ctors:
            return []
        module = (self.facts.get(file) or {}).get("module") or ""
        out = []
        for p, fx in self.facts.items():
            if fx.get("language") != "go":
                continue
            aliases = {i.get("alias") for i in fx.get("imports") or ()
                       if module and i.get("target") == module}
            for c in fx.get("calls") or ():
                callee = c.get("callee") or ""
                head, _, ctor = callee.rpartition(".")
                if ctor not in ctors or not (head in aliases or (
                        not head and posixpath.dirname(p) == here)):
                    continue
                args = c.get("args") or []
                a = args[ctors[ctor]] if ctors[ctor] < len(args) else {}
                if a.get("kind") != "name":
                    return []
                out.append((p, a["text"]))
        return out

    def _assigned(self, file: str, name: str) -> list[dict]:
        """The assignments of `file` to `name`, from an index built once per file (a route's
        middleware are asked for one by one: a scan of the file's assignments each time would
        grow with routes x assignments)."""
        by_name = self._assigned_by_file.get(file)
        if by_name is None:
            by_name = self._assigned_by_file[file] = {}
            for a in self.facts.get(file, {}).get("assigns", []):
                for t in (a.get("targets") or [a.get("target")]):
                    if t:
                        lst = by_name.setdefault(t, [])
                        if not lst or lst[-1] is not a:
                            lst.append(a)
        return by_name.get(name, [])

    def composed_of(self, file: str, name: str, line: int = 0,
                    depth: int = 0) -> tuple[str, list[str]] | None:
        """Go: a local middleware made by a combinator of the tree, `userChain :=
        handlerutil.Chain(baseChain, withUserSession(db))` with `func Chain(mws ...Middleware)
        Middleware` (a function that makes one value of its parameters' own type): (the
        combinator, the middleware it is made of in order, locals made the same way expanded).
        The assignment read is the last one before `line` in the file; None for anything else."""
        if depth > 3 or "(" in name or "." in name or self._lang(file) != "go":
            return None
        made = self._assigned(file, name)
        if line:
            before = [a for a in made if a.get("line", 0) <= line]
            made = [max(before, key=lambda a: a.get("line", 0))] if before else made
        if len(made) != 1:
            return None
        v = made[0].get("value") or {}
        if v.get("kind") != "call" or not v.get("callee") or v["callee"] == name:
            return None
        key = self.middleware_key(file, v["callee"])
        if key is None or not self.replay.fns[key].get("combines"):
            return None
        parts: list[str] = []
        for a in v.get("args") or []:
            parts.extend(self._chain_parts(file, a, made[0].get("line", 0), depth))
        return v["callee"], parts

    def _chain_parts(self, file: str, a: dict, line: int, depth: int) -> list[str]:
        """The middleware an argument of a combinator stands for: a local made the same way
        (expanded), a slice spread into the call built with `append` from a literal or a local
        slice (`append(append([]Middleware{}, common...), AuthGuard, CSRF)...`), or itself."""
        kind, t = a.get("kind"), a.get("text") or ""
        if kind == "spread":
            return [x for p in a.get("parts") or () for x in
                    self._chain_parts(file, p, line, depth)]
        if kind == "call" and a.get("callee") == "append":
            out: list[str] = []
            for i, p in enumerate(a.get("args") or ()):
                if i == 0 or p.get("kind") == "spread":
                    out.extend(self._chain_parts(file, p, line, depth))
                elif p.get("text"):
                    out.append(p["text"])
            return out
        if kind == "composite":
            return [e.get("text") for e in a.get("elems") or () if e.get("text")]
        if kind == "name" and depth < 3:
            made = [m for m in self._assigned(file, t) if m.get("line", 0) <= line] \
                if line else self._assigned(file, t)
            if made:
                val = max(made, key=lambda m: m.get("line", 0)).get("value") or {}
                if val.get("kind") == "composite" and val.get("elems"):
                    return [e.get("text") for e in val["elems"] if e.get("text")]
        inner = self.composed_of(file, t, line, depth + 1)
        return inner[1] if inner else [t] if t else []

    def _factory_made(self, file: str, handler: str) -> str | None:
        """`exports.getAllTours = factory.getAll(Tour)` routed as `tourController.getAllTours`:
        a module-level value a function of the tree makes (a handler factory that returns
        `catchAsync(async (req, res, next) => { Model.find() })`); that function is traced as
        the handler (what it returns runs per request, its parameters bound at the call)."""
        head, _, attr = handler.partition(".")
        imp = self.replay.imports.get(file, {}).get(head) if attr else None
        if imp is not None and imp[0] and imp[1] in ("", "default") and "." not in attr:
            where = (imp[0], attr)
        elif not attr:
            where = self._ts_origin(file, handler)
        else:
            return None
        if where is None:
            return None
        mod, name = where
        g = self.cg.g
        assigns = (self.facts.get(mod) or {}).get("assigns") or ()
        # `module.exports = new UserController()` whose class field is `getAll = factory.getAll(
        # User)`: the instance's field, made once when the class is instantiated
        inst = next((f"{strip_ts_ext(mod)}.{(a.get('value') or {}).get('callee')}"
                     for a in assigns if a.get("target") == "default" and
                     (a.get("value") or {}).get("new")), None)
        for a in assigns:
            v = a.get("value") or {}
            if v.get("kind") != "call" or not v.get("callee"):
                continue
            field = inst is not None and a.get("target") == f"this.{name}" and \
                a.get("func") == inst
            if not field and (a.get("target") != name or
                              "." in (a.get("func") or "").removeprefix(strip_ts_ext(mod))):
                continue
            try:
                got = self.cg.resolve_ref(self._lang(mod), mod, a.get("func") or "", v["callee"])
            except Exception:  # noqa: BLE001 - a resolver bug must not lose the endpoint
                got = None
            if got and got in g and not g.nodes[got].get("external") and \
                    g.nodes[got].get("kind") != "module":
                return got
        return None

    def _array_last(self, file: str, handler: str) -> str | None:
        """`const createProduct = [upload.array("images"), catchAsync(async (req, res) =>
        {...})]` routed as `productController.createProduct`: Express flattens an array of
        handlers (router.route's `flatten(slice.call(arguments))`); its last element answers
        the request, the function literal it is or the one the wrapper call is handed."""
        head, _, attr = handler.partition(".")
        if attr:
            imp = self.replay.imports.get(file, {}).get(head)
            if imp is None or not imp[0] or imp[1] not in ("", "default") or "." in attr:
                return None
            where: tuple[str, str] | None = (imp[0], attr)
        else:
            where = (file, handler)
        g = self.cg.g
        for _ in range(5):
            if where is None:
                return None
            mod, name = where
            made = [a for a in (self.facts.get(mod) or {}).get("assigns") or ()
                    if a.get("target") == name and "." not in (a.get("func") or "")
                    .removeprefix(strip_ts_ext(mod))]
            v = (made[-1].get("value") or {}) if made else {}
            if v.get("kind") == "list":
                return self._last_literal_fn(mod, made[-1], v)
            nxt = self.replay.imports.get(mod, {}).get(name)
            where = (nxt[0], nxt[1] or name) if nxt is not None and nxt[0] and \
                nxt[1] != "*" else None
        return None

    def _last_literal_fn(self, mod: str, assign: dict, v: dict) -> str | None:
        """The function literal that is (or is handed to) the last element of the literal
        array assigned at module level: the last top-level function of the module starting
        between the assignment and the next module-level assignment after it."""
        last = (v.get("parts") or [{}])[-1]
        if last.get("kind") not in ("call", "lambda"):
            return None
        stem = strip_ts_ext(mod)
        start = assign.get("line", 0)
        later = [a.get("line", 0) for a in (self.facts.get(mod) or {}).get("assigns") or ()
                 if a.get("func") == stem and a.get("line", 0) > start]
        stop = min(later) if later else 1 << 30
        g = self.cg.g
        fns = [(line, n) for line, _end, n in self.by_file.get(mod, [])
               if start <= line < stop and n.rsplit(".", 1)[0] == stem and
               n.rsplit(".", 1)[-1].startswith("<") and not g.nodes[n].get("external")]
        return max(fns)[1] if fns else None

    def _default_local(self, file: str) -> str | None:
        """The local name a TypeScript module's default export names (`export default
        handler`), or None."""
        return next((e.get("local") for e in ((self.facts.get(file) or {}).get("extra") or {})
                     .get("exports") or () if e.get("name") == "default" and
                     e.get("local") not in (None, "default")), None)

    def _ts_origin(self, file: str, name: str) -> tuple[str, str] | None:
        """(file, local name) where the TypeScript value `name` of `file` is defined: through
        its import, the module's default export and re-exports (`export { x } from "./y"`)."""
        for _ in range(5):
            fx = self.facts.get(file) or {}
            if any(a.get("target") == name or name in (a.get("targets") or ())
                   for a in fx.get("assigns") or ()):
                return file, name
            imp = self.replay.imports.get(file, {}).get(name)
            exports = (fx.get("extra") or {}).get("exports") or ()
            hop = next((e for e in exports if e.get("name") == name and e.get("source")), None)
            if imp is not None and imp[0]:
                file, name = imp[0], imp[1] or "default"
            elif hop is not None:
                from auditor.endpoints.modules import _ts_alias_resolver, _ts_target

                t = _ts_target(file, hop["source"], set(self.facts), _ts_alias_resolver(self.cg))
                if not t:
                    return None
                file, name = t, hop.get("imported") or name
            elif name == "default":
                local = self._default_local(file)
                if local is None:
                    return None
                name = local
            else:
                return None
        return None

    def _inner_guard(self, file: str, fn: dict) -> str:
        """An authentication decorator (by what it is: `jwt_required()`, `login_required`)
        on a function written inside the Python decorator `fn` (the wrapper it returns), or
        ""."""
        from auditor.endpoints import auth as authmod

        made = fn.get("returns_decorated")
        if made and authmod.verdict(made, None, [], "GET")[0] == authmod.AUTH:
            return made  # (`return user_passes_test(check_perms)(f)`)
        lo, hi = fn.get("line", 0), fn.get("end_line", 0)
        if hi <= lo:
            return ""
        for (f, _scope), op in self.replay.fns.items():
            if f != file or not lo < op.get("line", 0) <= hi:
                continue
            for d in op.get("decorators") or ():
                if d.split("(", 1)[0].rsplit(".", 1)[-1] in ("wraps", "functools.wraps"):
                    continue
                if authmod.verdict(d, None, [], "GET")[0] == authmod.AUTH:
                    return d
        return ""

    def _imported_fn(self, file: str, name: str) -> dict | None:
        """The record of the function `name` of `file` names through its import."""
        where = self._ts_origin(file, name.split("(", 1)[0].strip())
        if where is None or where[0] == file:
            return None
        key = self._default_alias(*where)
        return self.replay.fns.get(key) if key is not None else None

    def _outside_import(self, file: str, name: str) -> bool:
        """Whether `name` of `file` is imported from the project's own code (a tsconfig alias,
        a workspace package) that the scanned folder does not hold."""
        from auditor.endpoints.modules import ts_project_spec

        for op in (self.facts.get(file) or {}).get("routes", ()):
            if op.get("op") == "import" and op.get("alias") == name and op.get("module"):
                return self._ts_origin(file, name) is None and not op["module"].startswith(
                    ".") and ts_project_spec(self.cg, file, op["module"])
        return False

    def _default_alias(self, file: str, local: str) -> tuple[str, str] | None:
        """The record key of function `local` of `file` (a function declared there, or the
        one `export default validateMiddleware` names)."""
        if (file, local) in self.replay.fns:
            return file, local
        for op in (self.facts.get(file) or {}).get("routes", ()):
            if op.get("op") == "alias" and op.get("var") == local and op.get("of") and \
                    (file, op["of"]) in self.replay.fns:
                return file, op["of"]
        return None

    def _adapted_made(self, file: str, name: str) -> dict | None:
        """The record of a middleware handed to an adapter of the tree: `const validateSession
        = initMiddleware(validate())` (Next.js's "run a middleware in an API route" helper,
        which calls the middleware with the request and settles when it calls back): what the
        adapted middleware does decides, the adapter only runs it."""
        if self._lang(file) not in ("typescript", "tsx", "javascript"):
            return None
        origin = self._ts_origin(file, name.split("(", 1)[0].strip())
        if origin is None:
            return None
        ofile, local = origin
        for a in (self.facts.get(ofile) or {}).get("assigns") or ():
            if a.get("target") != local or (a.get("value") or {}).get("kind") != "call":
                continue
            for part in (a["value"].get("parts") or ())[:2]:
                inner = part.get("callee") if part.get("kind") == "call" else \
                    part.get("text") if part.get("kind") == "name" else None
                if not inner:
                    continue
                where = self._ts_origin(ofile, inner)
                key = self._default_alias(*where) if where is not None else None
                key = key or self.middleware_key(ofile, inner)
                fn = self.replay.fns.get(key) if key is not None else None
                if _rejects_anonymous(fn):
                    return {**fn, "adapted_by": a["value"].get("callee") or ""}
        return None

    def guard_fn(self, file: str, name: str) -> dict | None:
        """`middleware_fn`, with the credential reading and the rejecting done by the in-tree
        functions it calls (two calls deep) counted as its own: a guard that delegates
        (`RequireElevatedClient` -> `evaluateOr401` -> `handleClient` reading the token) is a
        guard. Letting anonymous requests through (`next_on_missing`) stays the guard's own."""
        mkey = self.middleware_key(file, name)
        if mkey is None and (made := self._package_var_factory(file, name)) is not None:
            return self.guard_fn(file, made)
        if mkey is None:
            return self.callable_instance_fn(file, name) or self._adapted_made(file, name) or \
                self.starlette_dispatch(file, name)
        fn = self.replay.fns[mkey]
        if mkey[0] == file and fn.get("handler_check") and (fn.get("auth") or {}).get("defer"):
            # a handler's own call of a guard helper whose result it does not test: the
            # helper's record when it rejects (it answers the request itself), else the read
            own = self._imported_fn(file, name) or self._adapted_made(file, name)
            if _rejects_anonymous(own):
                return own
            if own is None and self._outside_import(file, name.split("(", 1)[0].strip()):
                # imported from a module of the project that the scan does not hold (a
                # workspace package beside the scanned folder): only its name can tell
                return {**fn, "auth": {"outside_tree": True}}
        if mkey[1].startswith("lit:"):
            fn = {**fn, "auth": fn.get("lit_auth") or {}}
        if fn.get("delegates_mw") and fn["delegates_mw"] != name:
            # an inline middleware that hands the requests its list does not let through to
            # another middleware: that one's check is this one's
            target = self.guard_fn(mkey[0], fn["delegates_mw"])
            if _rejects_anonymous(target):
                out = {**fn, "auth": {**(target.get("auth") or {}),
                                      "delegates_to": fn["delegates_mw"]}}
                if not fn.get("exempt_lists") and target.get("exempt_lists"):
                    out["exempt_lists"] = target["exempt_lists"]  # (the paths it lets on)
                return out
        prof = dict((fn or {}).get("auth") or {})
        if prof.get("pass_via") and not prof.get("next_on_missing"):
            # gin: the missing-credential branch hands the context to a helper and returns;
            # the chain stops there only when that helper aborts it with 401/403
            stops = all(self._aborts(mkey[0], h) for h in prof["pass_via"])
            prof = {**prof, "next_on_missing": not stops, "rejects": prof.get("rejects") or stops}
            fn = {**fn, "auth": prof}
        if fn is not None and not (prof.get("reads_credential") and prof.get("rejects")) and \
                self._lang(mkey[0]) == "python":
            inner = self._inner_guard(mkey[0], fn)
            if inner:
                # `def role_required(role): def wrapper(fn): @wraps(fn) @jwt_required() def
                # decorated(...)`: the function the decorator returns is itself guarded
                return {**fn, "auth": {**prof, "reads_credential": True, "rejects": True,
                                       "inner_guard": inner}}
        if fn is None or self.cg is None or (prof.get("reads_credential") and prof.get("rejects")):
            return fn
        if prof.get("reject_on") and not prof.get("next_on_missing"):
            gate = self._credential_gate(mkey[0], prof["reject_on"])
            if gate:  # `if !CheckIsAdminReq(app, c) { 403 }`, the check reading the JWT
                return {**fn, "auth": {**prof, "reads_credential": True, "gate": gate}}
        short = name.split("(", 1)[0].rsplit(".", 1)[-1]
        if "." in mkey[1] and fn.get("returns_handler") and not GUARD_WORD.search(short) \
                and not NOT_AUTH.search(short):
            # a method that builds the middleware (`func (m AuthMiddleware) Add()
            # gin.HandlerFunc`), named generically: its receiver type says what it builds
            # (`authMiddleware.Add()` -> `AuthMiddleware`). A method that is the handler
            # itself (`a.LoadProfile`) keeps its own name's meaning
            short = mkey[1].rsplit(".", 1)[0].rsplit(".", 1)[-1]
        got = self._callee_profile(mkey[0], fn.get("line", 0))
        lang = self._lang(mkey[0])
        if lang == "python" and not fn.get("runs_request") or \
                lang in ("typescript", "tsx", "javascript") and not prof.get("hands_request"):
            # a function that hands the request to none of its calls is not refused by what
            # its callees answer: a program's `main()` whose context processor is on the
            # chain, a TypeScript `withError(handler)` building a chain it may not run
            # (`get_user(request)` -> `_check(request)` hands it on)
            got = (got[0], got[1], False)
        if NOT_AUTH.search(short) or not (GUARD_WORD.search(short) or (
                prof.get("reads_credential") and not prof.get("next_on_missing")) or (
                got[0] and (got[2] or prof.get("unauthorized"))
                and not prof.get("next_on_missing"))):
            # (`verifyCaptcha` that asks an admin check only to skip the captcha); a function
            # named for no guard is one when it reads the credential itself and hands it to
            # a check that rejects (`get_api_client(api_key)` -> `api_auth(api_key, db)`), or
            # when what it calls reads the credential and it answers 401 (itself or through a
            # helper: `if err != nil { return unauthorized(err) }` after `getRequestUserID(c)`
            # reads the session), whatever it is called (Go, where a 401 is spelled and a
            # middleware is a function of the request; a TypeScript wrapper such as
            # `withError(handler)` reaches the 401 of a generic chain it may not run)
            return fn
        if not any(got):
            return fn
        return {**fn, "auth": _with_callees(prof, got)}

    def _aborts(self, file: str, name: str) -> bool:
        """Whether the tree's function `name` (called from `file`) rejects with 401/403."""
        for key in self.replay.candidates(file, name)[:1]:
            prof = self.replay.fns[key].get("auth") or {}
            return bool(prof.get("rejects") and not prof.get("next_on_missing")
                        and not prof.get("abort_only"))
        return False

    def _credential_gate(self, file: str, names: list[str]) -> str:
        """The first of the calls a rejection hangs on that reads a credential itself or in
        the in-tree functions it calls (five calls deep: a check built on a user lookup built
        on a token parser), else ""."""
        for name in names:
            if not name:
                continue
            for key in self.replay.candidates(file, name)[:1]:
                op = self.replay.fns[key]
                if (op.get("auth") or {}).get("reads_credential"):
                    return name
                node = self._node_at(key[0], op.get("line", 0))
                for s in (self.callees_within(node, depth=5) if node is not None else ()):
                    if ((self.fn_for_node(s) or {}).get("auth") or {}).get("reads_credential"):
                        return name
        return ""

    def callees_within(self, node: str, depth: int = 2, cap: int = 64):
        """The in-tree functions `node` calls, up to `depth` calls deep, breadth first; the walk
        stops after a level once it has seen more than `cap` functions."""
        g = self.cg.g
        frontier, seen = [node], {node}
        for _depth in range(depth):
            nxt = []
            for n in frontier:
                for s in g.successors(n):
                    if s in seen or g.nodes[s].get("external"):
                        continue
                    seen.add(s)
                    yield s
                    nxt.append(s)
            frontier = nxt
            if len(seen) > cap:
                return

    def _callee_profile(self, file: str, line: int) -> tuple[bool, bool, bool]:
        """(reads a credential, rejects, rejects with 401) over the in-tree callees of the
        function at (file, line), two calls deep; once per function."""
        got = self._guard_memo.get((file, line))
        if got is not None:
            return got
        node = self._node_at(file, line)
        reads = rejects = unauthorized = False
        starts = [node] if node is not None else []
        if node is not None and self._lang(file) == "python":
            # a decorator: what runs per request is the wrapper it defines and returns
            # (`def admins_only(f): def admins_only_wrapper(...): if is_admin(): ...`), whose
            # calls are the closure's, not the decorator's
            g = self.cg.g
            span = next(((a, b) for a, b, n in self.by_file.get(file, []) if n == node), None)
            if span is not None:
                starts += [n for a, b, n in self.by_file.get(file, [])
                           if n != node and span[0] < a and b <= span[1]
                           and g.nodes[n].get("kind") == "closure"
                           and n.startswith(node + ".")][:4]
        for i, start in enumerate(starts):
            for s in self.callees_within(start):
                prof = (self.fn_for_node(s) or {}).get("auth") or {}
                reads = reads or bool(prof.get("reads_credential"))
                # (the wrapper's own answer decides whether it rejects: a 403 somewhere in a
                # config lookup it calls is not the wrapper turning the request away)
                rejects = rejects or (i == 0 and bool(prof.get("rejects")))
                unauthorized = unauthorized or (i == 0 and bool(prof.get("unauthorized")))
        got = self._guard_memo[(file, line)] = (reads, rejects, unauthorized)
        return got

    def implementations_verdict(self, file: str, name: str) -> tuple[str, str] | None:
        """A Go middleware named through an interface (`h.cfg.Authorizer.AuthMiddleware`, which
        no function of the tree is by that path) judged by the tree's methods of that name:
        ("rejects", why) when every one rejects requests without credentials (answers 401/403
        itself or two calls deep, or hands the request to a guard such as
        `jwtauth.Authenticator`), ("passes", why) when none does (`jwtauth.Verifier` lets
        anonymous requests through), None when they differ or cannot be told."""
        from auditor.endpoints.auth import AUTH, LIBRARY_OPTIONAL, verdict

        short = name.split("(", 1)[0].strip()
        if self._lang(file) != "go" or "." not in short or self.cg is None or \
                self.middleware_key(file, short) is not None:
            return None
        g = self.cg.g
        from auditor.graph.go import generated_mock

        # (a test double, `// Code generated by moq`, implements the interface for tests only)
        impls = [n for n in self.by_name.get(short.rsplit(".", 1)[-1], [])
                 if g.nodes[n].get("kind") == "method" and
                 not is_test_path(g.nodes[n].get("file", "")) and
                 not generated_mock(self.replay.facts.get(g.nodes[n].get("file", "")) or
                                    {"path": ""})]
        if not impls or len(impls) > 8:
            return None
        rejecting = 0
        for n in impls:
            d = g.nodes[n]
            prof = self.deep_profile(d.get("file", ""), d.get("line", 0))
            if (prof.get("rejects") and (prof.get("reads_credential") or not _aborts_only(
                    self, d.get("file", ""), d.get("line", 0)))) or any(
                    verdict(c, None, [])[0] == AUTH and not LIBRARY_OPTIONAL.fullmatch(c)
                    for c in map(_package_member, g.successors(n))):
                rejecting += 1
        names = ", ".join(sorted(n.rsplit("/", 1)[-1] for n in impls)[:3])
        if rejecting == len(impls):
            return "rejects", (f"{short} is an interface method; its implementations in the "
                               f"tree ({names}) reject requests without credentials")
        if rejecting == 0:
            return "passes", (f"{short} is an interface method; its implementations in the "
                              f"tree ({names}) reject no request")
        return None

    def composed_optional(self, file: str, name: str) -> str | None:
        """The function, two calls deep, through which the middleware `name` lets a request
        without credentials through: a wrapper built on an optional one of the tree
        (`withHashFile` -> `withHashFileHelper` -> `withOrWithoutUserHelper`) or of a library
        (`Verifier(ja)` returning `jwtauth.Verify(ja, TokenFromHeader)(next)`) is optional."""
        from auditor.endpoints.auth import LIBRARY_OPTIONAL, OPTIONAL_NAME

        if NOT_AUTH.search(name.split("(", 1)[0].rsplit(".", 1)[-1]):
            return None  # (a captcha check that looks the user up only to skip the captcha)
        mkey = self.middleware_key(file, name)
        fn = self.replay.fns[mkey] if mkey is not None else None
        node = self._node_at(mkey[0], fn.get("line", 0)) if fn is not None and self.cg else None
        if node is None:
            return None
        g = self.cg.g
        for s in [node, *self.callees_within(node)]:
            if s != node and OPTIONAL_NAME.search(s.rsplit("/", 1)[-1].rsplit(".", 1)[-1]):
                return s.rsplit("/", 1)[-1]
            for x in g.successors(s):
                if g.nodes[x].get("external") and LIBRARY_OPTIONAL.fullmatch(_package_member(x)):
                    return _package_member(x)
        return None

    def deep_profile(self, file: str, line: int) -> dict:
        """The auth profile of the function at (file, line) with its callees' credential
        reading and rejecting (two calls deep) counted as its own: a dispatcher that looks the
        key up in a helper and answers 401 itself guards what it dispatches to."""
        node = self._node_at(file, line)
        op = self.fn_for_node(node) if node is not None else None
        return _with_callees((op or {}).get("auth") or {}, self._callee_profile(file, line))

    def var_handler(self, route) -> tuple[str, str, str] | None:
        """Go: a handler passed as a package variable built by a wrapper around a function
        literal (`var getHandler = withUser(func(w, r, d) {...})`), directly or as an argument of
        an adapter (`monkey(getHandler, "/api")`): (the literal's node, the wrapper's name, the
        variable's file). The wrapper is the route's middleware, the literal its handler."""
        if self._lang(route.file) != "go" or self.cg is None:
            return None
        go_vars = self._go_index()
        d = posixpath.dirname(route.file)
        for name in re.findall(r"[A-Za-z_]\w*", route.handler)[:8]:
            got = go_vars.get((d, name))
            if got is None:
                continue
            vfile, wrapper, line = got
            node = self._node_at(vfile, line)
            if node is not None:
                return node, wrapper, vfile
        return None

    def _go_index(self) -> dict:
        """Go package variables and factories that wrap one function literal, (package dir,
        name) -> (file, wrapper, line of the literal); and package variables holding a function
        literal (`var withX = func...`) into `_go_funcvars`, (package dir, name) -> (file, line)."""
        if self._go_vars is not None:
            return self._go_vars
        self._go_vars = {}
        for p, fx in self.facts.items():
            if fx.get("language") != "go":
                continue
            d = posixpath.dirname(p)
            for a in fx.get("assigns", []):
                v = a.get("value") or {}
                if not a.get("func") and v.get("kind") == "func":  # var withX = func(...)
                    for t in a.get("targets") or [a.get("target")]:
                        self._go_funcvars[(d, t)] = (p, a.get("line", 0))
                if a.get("func") or v.get("kind") != "call":
                    continue
                lits = [x for x in v.get("args") or [] if x.get("kind") == "func"]
                if len(lits) == 1 and v.get("callee"):
                    for t in a.get("targets") or [a.get("target")]:
                        self._go_vars[(d, t)] = (p, v["callee"], a.get("line", 0))
            # a factory whose body ends in `return withUser(func(...) {...})`: the call with one
            # function literal that runs to the function's last line
            ends = {f.get("local") or f.get("qname"): f.get("end_line", 0)
                    for f in fx.get("functions", [])
                    if f.get("kind") == "function" and f.get("returns")}
            for c in fx.get("calls", []):
                end = ends.get(c.get("caller"))
                lits = [x for x in c.get("args") or [] if x.get("kind") == "func"]
                if end and len(lits) == 1 and c.get("end_line", 0) >= end - 1 and \
                        c.get("callee") and (d, c["caller"]) not in self._go_vars:
                    self._go_vars[(d, c["caller"])] = (p, c["callee"], c.get("line", 0))
        return self._go_vars

    def _node_at(self, file: str, line: int) -> str | None:
        """The in-tree graph node of the function starting at `line` of `file`: a function
        literal rather than the file's package-level pseudo-function placed at the same line."""
        at = [n for start, _end, n in self.by_file.get(file, [])
              if start == line and not self.cg.g.nodes[n].get("external")]
        at.sort(key=lambda n: n.endswith(".init"))
        return at[0] if at else None

    def _external_import(self, file: str, alias: str) -> bool:
        """The file binds `alias` by an import of a module outside the tree."""
        if alias in self.replay.imports.get(file, {}):
            return False
        return any(op.get("op") == "import" and op.get("alias") == alias
                   for op in (self.replay.facts.get(file) or {}).get("routes", ()))

    def _external_param(self, file: str, scope: str, name: str) -> bool:
        """Go: `name` is a parameter of function `scope` whose type a library package declares
        (`authMiddleware *jwt.GinJWTMiddleware`)."""
        rec = self.fn_record(scope) if scope else None
        for p in (rec or {}).get("params") or ():
            if p.get("name") == name:
                t = (p.get("type") or "").lstrip("*[]")
                return "." in t and self._go_external(file, t.split(".", 1)[0])
        return False

    def _go_external(self, file: str, alias: str) -> bool:
        """The Go file imports `alias` from a package that is not one of the tree's."""
        target = next((i.get("target") for i in (self.facts.get(file) or {}).get("imports") or ()
                       if i.get("alias") == alias), None)
        if not target:
            return False
        if self._go_packages is None:
            self._go_packages = {fx.get("module") for fx in self.facts.values()
                                 if fx.get("language") == "go" and fx.get("module")}
        return target not in self._go_packages

    def _decorated_by(self, closure: str, name: str) -> str | None:
        """The one function of the tree named `name` that the decorator owning `closure`
        (`jobsapp.decorators.user_is_employer.wrap`) decorates, where the name reaches the
        view through imports the replay does not follow (`from .views import *`)."""
        deco = closure.rsplit(".", 2)[-2] if closure.count(".") >= 2 else ""
        short = name.rsplit(".", 1)[-1]
        keys = [k for k in self.replay.fns_by_name.get(short, ())
                if any(d.split("(", 1)[0].rsplit(".", 1)[-1] == deco
                       for d in self.replay.fns[k].get("decorators") or ())] if deco else []
        if len(keys) != 1:
            return None
        line = self.replay.fns[keys[0]].get("line", 0)
        at = [(start, n) for start, end, n in self.by_file.get(keys[0][0], [])
              if start <= line <= end and n.rsplit(".", 1)[-1] == short
              and not self.cg.g.nodes[n].get("external")]
        return max(at)[1] if at else None

    def _decorated_def(self, file: str, name: str) -> str | None:
        """The graph node of the function `name` refers to, found by its definition (the
        node spans its decorators too, so it starts at or before the `def` line)."""
        key = self.middleware_key(file, name)
        if key is None:
            return None
        line = self.replay.fns[key].get("line", 0)
        short = name.rsplit(".", 1)[-1]
        at = [(start, n) for start, end, n in self.by_file.get(key[0], [])
              if start <= line <= end and n.rsplit(".", 1)[-1] == short
              and not self.cg.g.nodes[n].get("external")]
        return max(at)[1] if at else None

    def fn_node(self, file: str, name: str) -> str | None:
        """The call-graph node of the function a middleware expression names."""
        key = self.middleware_key(file, name)
        if key is not None:
            return self._node_at(key[0], self.replay.fns[key].get("line", 0))
        if self._lang(file) != "go":
            return None
        self._go_index()  # a package variable holding a function literal (`var withX = func...`)
        got = self._go_funcvars.get((posixpath.dirname(file), name.split("(", 1)[0].strip()))
        return self._node_at(*got) if got is not None else None

    def ref_node(self, route, name: str) -> str | None:
        """The in-tree node a middleware expression names, resolved as the language's resolver
        resolves the route's handler in the scope that registers the route (`r.Use(rs.accountCtx)`
        beside `r.Get("/", rs.get)`: `rs` is the receiver there, whichever package's
        `AccountResource` it is, where a lookup by name finds two)."""
        if self.cg is None or not name:
            return None
        scope = self.enclosing(route.file, route.line) or ""
        try:
            got = self.cg.resolve_ref(self._lang(route.file), route.file, scope,
                                      name.split("(", 1)[0].strip())
        except Exception:  # noqa: BLE001 - a resolver bug must not lose the endpoint
            return None
        g = self.cg.g
        return got if got and got in g and not g.nodes[got].get("external") else None

    def local_fn(self, route) -> dict | None:
        if route.handler.startswith(("func@", "lambda@")):
            return self.fn_at.get((route.file, int(route.handler.split("@", 1)[1])))
        if route.framework == "nextjs" and route.handler == "default":
            # a pages/api default export: the function it is, wherever it is declared
            from auditor.endpoints import ts_default_target

            key = ts_default_target(self, route.file)
            if key is not None:
                return self.replay.fns.get(key)
        return self.middleware_fn(route.file, route.handler)


def _rejects_anonymous(fn: dict | None) -> bool:
    """A function record that reads a credential and rejects a request without one."""
    prof = (fn or {}).get("auth") or {}
    return bool(prof.get("reads_credential") and prof.get("rejects") and
                not prof.get("next_on_missing"))


def _aborts_only(resolver, file: str, line: int) -> bool:
    """The function's rejection is gin's bare `Abort()` and nothing says 401/403: a rate
    limiter, a body-size check stop the chain too, which rejects no missing credential."""
    node = resolver._node_at(file, line) if resolver.cg else None
    fn = resolver.fn_for_node(node) if node is not None else None
    return bool(((fn or {}).get("auth") or {}).get("abort_only"))


def _with_callees(prof: dict, got: tuple) -> dict:
    """A function's auth profile with its callees' credential reading and rejecting counted."""
    return {**prof, "reads_credential": prof.get("reads_credential") or got[0],
            "rejects": prof.get("rejects") or got[1]}


def _family(language: str) -> str:
    return "typescript" if language in ("tsx", "javascript") else language


def _package_member(node: str) -> str:
    """`github.com/go-chi/jwtauth/v5.Verifier` -> `jwtauth.Verifier` (a major-version suffix
    is not the package's name)."""
    path, _, member = node.rpartition(".")
    segs = [x for x in path.split("/") if x]
    if len(segs) > 1 and re.fullmatch(r"v\d+", segs[-1]):
        segs.pop()
    return f"{segs[-1]}.{member}" if segs and member else node


# a Go handler written as a value: `&Type{...}`, `Type{}`, `pkg.Type{...}`; or a call `f(...)`
_COMPOSITE = re.compile(r"^&?\s*([A-Za-z_][\w.]*)\s*\{")
_CALL = re.compile(r"^[A-Za-z_][\w.]*\(")
_OPTION_ARG = re.compile(r'"[^"\\\n]*"|`[^`]*`|-?\d+(?:\.\d+)?|true|false|nil')
_REF = re.compile(r"[A-Za-z_][\w.]*")


def _adapter_chain(expr: str, depth: int = 0) -> list[str]:
    """`pm(hasID(a.GetList), "lists:get", "lists:manage")` -> ["pm", "hasID", "a.GetList"]:
    calls whose first argument is the wrapped function (a reference, or such a call) and whose
    other arguments are literals; [] for anything else (a factory `handlers.GetUser(db)` is
    ["handlers.GetUser", "db"], told apart by what `db` resolves to)."""
    expr = expr.strip()
    if depth > 4:
        return []
    m = _REF.match(expr)
    if m is None:
        return []
    if m.end() == len(expr):
        return [expr] if depth else []
    if expr[m.end()] != "(" or not expr.endswith(")"):
        return []
    inner = expr[m.end() + 1:-1]
    level, cut = 0, len(inner)
    for i, ch in enumerate(inner):
        if ch == "(":
            level += 1
        elif ch == ")":
            level -= 1
        elif ch == "," and level == 0:
            cut = i
            break
    first, rest = inner[:cut], inner[cut + 1:] if cut < len(inner) else ""
    if rest and not all(_OPTION_ARG.fullmatch(a.strip()) for a in rest.split(",")):
        return []
    got = _adapter_chain(first, depth + 1)
    return [m.group(0)] + got if got else []


_CONVERSION = re.compile(r"^([A-Za-z_][\w.]*)\(\s*([A-Za-z_][\w.]*)\s*\)$")
_ADAPTED_CALL = re.compile(r"^([A-Za-z_][\w.]*)\(\s*([A-Za-z_][\w.]*)\([^()]*\)\s*\)$")


# the methods of a dependency-injection container that hand out an instance of the class they
# are given (tsyringe `container.resolve(C)`, inversify and typedi `get(C)`)
_DI_RESOLVERS = ("resolve", "get", "getInstance")


def _instance_class(value: dict) -> str:
    """The class an assigned value is an instance of: `new C(...)`, or a container's
    `resolve(C)` / `get(C)`; "" otherwise (index assignment records)."""
    if value.get("kind") != "call":
        return ""
    if value.get("new"):
        return value.get("callee") or ""
    parts = value.get("parts") or ()
    if str(value.get("callee", "")).rsplit(".", 1)[-1] in _DI_RESOLVERS and len(parts) == 1:
        return parts[0].get("text") or ""
    return ""
