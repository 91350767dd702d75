"""Endpoints: route registrations per framework, prefixes joined, middleware and auth, and the
handler -> service -> repository trace through the call graph.

Per-file route ops (`registrations.py`, in the worker) are replayed here across functions and
files (`interpret.py`); the framework's own rules then decide which middleware is in effect for
each route (`semantics.py`), whether it authenticates (`auth.py`), and the trace follows the
handler's node in the call graph (`trace.py`).
"""
from __future__ import annotations

import re
from dataclasses import replace

from auditor.endpoints import auth as authmod
from auditor.endpoints.interpret import Replay
from auditor.endpoints.resolve import HandlerResolver
from auditor.endpoints.semantics import middleware_in_effect
from auditor.endpoints.data_access import DataAccess
from auditor.endpoints.frameworks.go_tables import RouteTables
from auditor.endpoints.frameworks.python import (dependency_verdict, flask_exempt,
                                               guarding_sub_dependency)
from auditor.endpoints.trace import CallIndex, trace
from auditor.endpoints.hardcoded import hardcoded_response
from auditor.model import ChainNode, Endpoint

AUTO_HEAD = {"fiber", "express", "flask", "nethttp"}
PY_FRAMEWORKS = ("fastapi", "flask", "django")
GO_FRAMEWORKS = ("nethttp", "gorilla", "chi", "gin", "echo", "fiber")


def find_endpoints(graph, facts: dict[str, dict], config,
                   release: bool = False) -> tuple[list, list[dict]]:
    """(endpoints, unresolved_routes). Every route's handler is located first, then traced;
    with `release`, the graph's language resolvers go in between (the caller needs them no
    more)."""
    if not any(fx.get("routes") for fx in facts.values()):
        return [], []
    from auditor.endpoints.modules import production_paths

    tests_too = bool(getattr(config, "tests_as_production", False))
    # Code under tests, specs and fixtures contributes no route and no prefix: a test that
    # mounts a production router on its own app must not give its routes a second path.
    production = set(facts) if tests_too else production_paths(facts)
    replayed = facts if tests_too else {p: fx for p, fx in facts.items() if p in production}
    replay = Replay(replayed, graph)
    replay.replay_all()
    extra_auth = list(getattr(config, "auth_middleware", []) or [])
    resolver = HandlerResolver(graph, facts, replay)
    calls = CallIndex(facts)
    data = DataAccess(facts, graph)
    language_of = {p: fx.get("language", "") for p, fx in facts.items()}
    endpoints: list[Endpoint] = []
    unresolved = list(replay.unresolved)
    traced: dict[str, tuple] = {}
    pending: list[tuple] = []  # (endpoint, route, handler node, wrapper node) to trace
    used: dict[int, list] = {}  # id(endpoint) -> [(name, file, line)] of the middleware
    # registered for it (on routers, not in the route's own arguments)
    seen = set()
    routes = []
    tables = RouteTables(replayed)
    for r in replay.routes:  # gorilla .Methods("GET", "PUT"): one endpoint per method
        if r.framework == "fastapi" and r.extra.get("cbv_class"):
            r.mw = list(r.mw) + _cbv_dependencies(replay, r.extra["cbv_class"], r.file)
        if r.framework == "fastapi" and r.mw:  # dependencies of dependencies
            from auditor.endpoints.frameworks.python import expand_dependencies

            expand_dependencies(r, replay, resolver)
        if r.extra.get("view_class") and not r.extra.get("library_view"):
            _class_middleware(r, replay)
        if r.method == "VIEW":  # Flask MethodView of another module: one route per method
            from auditor.endpoints.frameworks.django_views import lineage

            cls = r.handler.rsplit(".", 1)[-1]
            done: set[str] = set()
            # the class and its bases of the tree, nearest first: a method it inherits
            # (`BaseQueryListResource.get`) is served as well (Flask's MethodView dispatches
            # to getattr(self, method))
            # (a View of the tree with its own dispatch_request answers every method it
            # declares there: `methods = ["GET", "POST"]`)
            dispatch = any(c is not None and "dispatch_request" in c.get("methods", [])
                           for _short, c in lineage(cls, replay.classes))
            for _short, c in lineage(cls, replay.classes):
                if c is None:
                    continue
                for m in c.get("methods", []):
                    if m in ("get", "post", "put", "patch", "delete") and m not in done:
                        done.add(m)
                        own = c.get("method_decos", {}).get(m, [])  # @jwt_required() on get
                        routes.append(replace(
                            r, method=m.upper(),
                            handler=f"{r.handler}.{'dispatch_request' if dispatch else m}",
                            mw=list(r.mw) + [d for d in own if d not in r.mw]))
            if not done and dispatch:
                # a flask.views.View without `methods`: as_view() leaves view.methods None and
                # add_url_rule then routes GET only (sansio/scaffold: `methods or ("GET",)`)
                routes.append(replace(r, method="GET", handler=f"{r.handler}.dispatch_request"))
            continue
        if tables and r.framework in GO_FRAMEWORKS:
            entries = tables.expand(r, resolver)
            if entries:  # a catch-all whose handler serves a route table: one route per entry
                # (an entry's GET whose handler upgrades the connection is a WebSocket route)
                routes.extend(replace(e, method="WS") if e.method == "GET" and
                              _go_methods_served(e, resolver) == ["WS"] else e for e in entries)
                continue
        if r.method in ("ANY", "GET") and r.framework in GO_FRAMEWORKS:
            served = _go_methods_served(r, resolver)
            if served:  # the handler dispatches on r.Method: one route per method it serves
                routes.extend(replace(r, method=m) for m in served)
                continue
        if r.method == "ANY" and r.framework == "nextjs":
            served = _ts_methods_served(r, resolver)
            if served:  # a pages handler of another module, or one handing the request on
                routes.extend(replace(r, method=m) if sub is None else
                              replace(r, method=m, path=_table_path(r.path, sub),
                                      extra={**r.extra, "table_fn": entry} if entry else r.extra)
                              for m, sub, entry in served)
                continue
        if "," in r.method and "GET" in r.method.split(",") and r.framework in GO_FRAMEWORKS \
                and _go_methods_served(replace(r, method="GET"), resolver) == ["WS"]:
            # gorilla `.Methods("GET", "HEAD")` on a handler that upgrades to a WebSocket
            r = replace(r, method=",".join("WS" if m == "GET" else m
                                           for m in r.method.split(",")))
        if r.framework == "django":  # DRF default permissions; function views' decorators
            from auditor.endpoints.frameworks import django_routes

            lib = _library_class_view(r, replay) if r.extra.get("view_class") and \
                not r.extra.get("library_view") else ""
            if lib:  # `DjRestAuthPasswordChangeView.as_view()`: the library's class
                from auditor.endpoints.frameworks.django_views import LIBRARY_PERMISSIONS

                r = replace(r, handler=lib, mw=list(r.mw) + [
                    p for p in LIBRARY_PERMISSIONS.get(lib, ()) if p not in r.mw],
                    extra={**r.extra, "view_class": lib, "library_view": True})
            if r.extra.get("library_view"):  # a view Django ships: its methods, its guards
                routes.extend(django_routes.expand(r, replay))
                continue
            if r.method == "VIEWSET" or (r.method == "ANY" and r.extra.get("view_class")):
                django_routes.with_drf_defaults(r, replay)
                routes.extend(django_routes.expand(r, replay))  # what the class serves
                continue
            if r.extra.get("view_class"):
                django_routes.with_drf_defaults(r, replay)
            else:
                routes.extend(django_routes.function_view(r, resolver, replay))
                continue
        if r.framework == "flask" and not r.extra.get("view_class") and \
                "node_hint" not in r.extra and r.method != "VIEW":
            # a view routed by `add_url_rule(view_func=v)` or `bp.post("/x")(v)`, not by a
            # decorator on it: its own decorators (`@jwt_required()` in a controllers module)
            # guard it as they would a decorated view
            from auditor.endpoints.frameworks import django_routes

            routes.extend(django_routes.function_view(r, resolver, replay))
            continue
        methods = r.method.split(",")
        for m in methods:
            if m == "OPTIONS" and len(methods) > 1 and r.framework == "gorilla" and \
                    not set(methods) & _WEBDAV_METHODS:
                # gorilla `.Methods("GET", "OPTIONS")`: OPTIONS beside the route's own methods
                # lets CORS preflight requests reach it; listed as an implicit endpoint, as
                # Flask's automatic OPTIONS is
                routes.append(replace(r, method=m, extra={**r.extra, "preflight_co": True}))
                continue
            routes.append(r if m == r.method else replace(r, method=m))
    from auditor.endpoints.frameworks import typescript as ts_rules

    routes = ts_rules.expand_routes(replay, routes)  # constants, Nest decorators and versions
    reached = {(r.file, r.line, r.method) for r in routes if not r.extra.get("unreached")}
    reached_handlers = {(r.method, _short_handler(r.handler)) for r in routes
                        if not r.extra.get("unreached")}
    unmounted = _unmounted_routers(replay, facts)
    uncalled_generated = _uncalled_generated(routes, facts, graph)
    unmounted_fastapi = _unincluded_api_routers(replay, facts, unresolved)
    unregistered = _unregistered_blueprints(replay, facts)
    unserved = _outside_root_urlconf(replay, facts)
    for route in sorted(routes, key=lambda r: (r.file, r.line, r.seq)):
        if route.file not in production:
            continue  # a test's own server is not an endpoint of the application
        if route.extra.get("nest_gateway") and route.extra.get("default_path") and \
                _npm_requires(facts, "@nestjs/platform-ws") and \
                not _npm_requires(facts, "@nestjs/platform-socket.io"):
            route.path = route.path_text = "/"  # the `ws` adapter's server listens on the root
        if route.framework == "nestjs" and route.extra.get("controller") and \
                not route.extra.get("nest_gateway") and \
                (declared := ts_rules.nest_declared_controllers(replay)) is not None and \
                route.extra["controller"] not in declared:
            # (a gateway is one of a module's providers, not of its controllers)
            unresolved.append({"file": route.file, "line": route.line,
                               "reason": f"{route.method} {route.path_text} is a route of "
                                         f"{route.extra['controller']}, which no module the "
                                         "application loads (its root module and what it "
                                         "imports) declares in its controllers: not served, "
                                         "not listed"})
            continue
        if (route.file, route.line) in uncalled_generated:
            unresolved.append({"file": route.file, "line": route.line,
                               "reason": f"{route.method} {route.path_text} is registered by "
                                         "generated code (`Code generated ... DO NOT EDIT`) "
                                         "that no hand-written function of the tree calls: "
                                         "not served, not listed"})
            continue
        if unregistered and route.framework == "flask" and all(
                chain[-1][0] in unregistered for chain in replay.chains(route.router)):
            unresolved.append({"file": route.file, "line": route.line,
                               "reason": f"{route.method} {route.path_text} is registered on a "
                                         "Flask Blueprint that no app registers, in a module no "
                                         "module imports: not served, not listed"})
            continue
        if route.router in unmounted or route.router in unmounted_fastapi:
            why = "express.Router() that no app mounts and no module imports" \
                if route.router in unmounted else \
                "APIRouter that no FastAPI app includes (the app's other routers are all traced)"
            unresolved.append({"file": route.file, "line": route.line,
                               "reason": f"{route.method} {route.path_text} is registered on an "
                                         f"{why}: not served, not listed"})
            continue
        roots = [chain[-1][0] for chain in replay.chains(route.router)] \
            if unserved and route.framework == "django" and route.method != "WS" else ()
        if roots and all(r in unserved for r in roots):
            unresolved.append({"file": route.file, "line": route.line,
                               "reason": f"{route.method} {route.path_text} is in the "
                                         f"urlpatterns of {replay.routers[roots[0]].file}, "
                                         "which the settings' ROOT_URLCONF does not include: "
                                         "not served, not listed"})
            continue
        if route.extra.get("fiber_args"):
            _fiber_handler_order(route, facts)
        if route.extra.get("unreached"):
            if (route.file, route.line, route.method) in reached:
                continue  # replayed again later from a caller that hands it a router
            if (route.method, _short_handler(route.handler)) in reached_handlers:
                # a registration function nobody calls, for handlers that are routed elsewhere:
                # dead code, not another endpoint (listed unresolved)
                unresolved.append({"file": route.file, "line": route.line,
                                   "reason": f"{route.method} {route.path_text} is registered by "
                                             f"{route.extra['unreached']}, which is never called; "
                                             "its handler is routed elsewhere"})
                continue
            # still an endpoint, without the prefix nobody could tie it to (and listed)
            route.extra = {**route.extra, "prefix_unresolved": True}
            unresolved.append({"file": route.file, "line": route.line,
                               "reason": f"{route.method} {route.path_text} is registered by "
                                         f"{route.extra['unreached']}, which is never called "
                                         "with a known router: listed without its prefix"})
        if route.path is None and route.path_text and route.framework in PY_FRAMEWORKS:
            route.path = replay.value(route.path_text)  # constants, f-strings
            if route.path is not None and route.extra.get("path_regex"):
                from auditor.endpoints.frameworks.python import django_path

                route.path = django_path(route.path, "re_path", True)
        if route.path is None and route.extra.get("go_path"):  # Go: constants, path builders
            from auditor.endpoints.frameworks.go import resolve_route_path

            resolve_route_path(route, replay, unresolved)
        if route.path is None:
            unresolved.append({"file": route.file, "line": route.line,
                               "reason": f"path is built at run time: {route.path_text}"})
            continue
        if route.extra.get("username_field"):
            # djoser's `set_{User.USERNAME_FIELD}`: the user model of the tree names it
            route.path = route.path.replace("username", _username_field(replay))
        for chain in replay.chains(route.router):
            full = replay.full_prefix(chain)
            rel = _join(full, route.path)
            if route.framework == "nestjs" and not route.extra.get("nest_gateway"):
                # global prefix, exclude, URI versions (a gateway listens outside them)
                full = ts_rules.nest_prefix(replay, route, full)
            path = _join(full, route.path)
            effective, late = middleware_in_effect(replay, route, chain, path)
            if replay.params.get(route.router) and route.path:
                # Express param loaders of the route's own router, for the `:name`s of the
                # path it was registered with, run after the middleware, before the handler
                effective = list(effective) + [
                    (fn, pfile, pline) for pname, fn, pfile, pline in replay.params[route.router]
                    if re.search(r"(^|/):" + re.escape(pname) + r"(?![\w$])", route.path)]
            if route.framework in ("nestjs", "nextjs"):  # Nest guards, Next middleware.ts
                effective = ts_rules.effective(replay, route, rel, effective)
            ep = _endpoint(route, path, effective, late, replay, resolver, extra_auth)
            if route.extra.get("preflight_co"):
                ep.implicit = True
            if route.extra.get("table_entry"):  # the entry of the route table is the evidence
                ep.registered_at = dict(route.extra["table_entry"])
            if route.extra.get("prefix_unresolved"):
                ep.prefix_resolved = False
            for name, line, why in route.extra.get("dead", ()):
                ep.auth_issues.append({"kind": "dead", "name": name, "file": route.file,
                                       "line": line, "reason": why})
            key = (ep.method, ep.path, route.file, route.line)
            if key in seen:
                continue
            seen.add(key)
            located = _locate(ep, route, resolver, graph, unresolved, data)
            if route.file.endswith(".py"):
                _discarded_scheme(ep, route, resolver, {m[0] for m in effective} | {
                    m for m in route.mw if isinstance(m, str)}, resolver.fn_for_node(
                        located[0]) if located is not None else None)
            _preflight_answered(ep, route)
            if located is not None:
                pending.append((ep, route, *located))
                own = {(n, route.file, route.line) for n in route.mw}
                used[id(ep)] = [m for m in effective if m[:3] not in own]
            endpoints.append(ep)
            if route.framework in AUTO_HEAD and ep.method == "GET":
                endpoints.append(_HeadOf(ep))  # made once the GET is traced
            if route.framework == "flask" and not route.extra.get("no_options"):
                okey = ("OPTIONS", ep.path)
                if okey not in seen:
                    seen.add(okey)
                    endpoints.append(Endpoint("OPTIONS", ep.path, "flask",
                                              {"name": "flask.automatic_options", "file": "",
                                               "line": 0}, ep.registered_at, implicit=True))
    implicit = _implicit_app_routes(replay)
    app_wide = _app_wide(pending, used)
    for ep, route, _node, _wrapper in pending:  # (resolved while the resolvers are there)
        ep.data_middleware = _data_middleware(
            ep, route, resolver, graph, data,
            skip={m[0] for m in used.get(id(ep), ()) if (ep.framework, m[:3]) in app_wide})
    if release:
        # Every handler is located: the language resolvers (on a million-line tree ~0.4 GB of
        # tables) are not needed to trace, so the traces reuse their room.
        graph.release_resolvers()
    for ep, route, node, wrapper_nodes in pending:
        _trace(ep, route, node, wrapper_nodes, resolver, graph, calls, language_of, facts,
               traced, data)
        _preflight_answered(ep, route)  # (the handler's own checks never run for it)
        # (read by endpoint-without-data; not in the JSON model): the middleware that read
        # data, and the access checks that read data, with the functions they run (the rule
        # asks whether they hand what they read on to the handler)
        loaders, checks, setters = [], [], []
        for mw, access in ep.data_middleware:
            mchain, _ms, mdata, _h = _traced_once(mw, graph, calls, language_of, traced, data)
            locs = tuple((c.file, c.line) for c in mchain)
            if not mdata:
                # (read by endpoint-without-data): a middleware that reads no store may still
                # load what the handler answers and hand it over on the request (a process's
                # server object put in gin's context)
                setters.append((mw, locs))
            else:
                (checks if access else loaders).append((mw, locs) if access else mw)
                if not access:
                    # a loader that is no access check (Express `app.param('id', load)`,
                    # `router.get('/:id', loadItem, show)`) reads the record the handler
                    # serves: its data sites are the route's
                    have = {(d["file"], d["line"]) for d in ep.data_sites}
                    ep.data_sites = list(ep.data_sites) + [
                        {"file": d["file"], "line": d["line"], "kind": d["kind"]}
                        for d in mdata if (d["file"], d["line"]) not in have]
                    ep.reaches_repository = True
        ep.data_middleware, ep.access_loaders, ep.context_loaders = loaders, checks, setters
    endpoints = [replace(e.ep, method="HEAD", implicit=True, chain=list(e.ep.chain),
                         sql_sites=list(e.ep.sql_sites), data_sites=list(e.ep.data_sites))
                 if isinstance(e, _HeadOf) else e for e in endpoints]
    _keep_dead_guards_only(endpoints)
    endpoints.extend(implicit)
    return endpoints, _dedupe(unresolved)


# WebDAV's own methods: an OPTIONS listed beside them is the protocol's discovery request (a
# CalDAV client's), not a browser's CORS preflight
_WEBDAV_METHODS = frozenset(("PROPFIND", "PROPPATCH", "REPORT", "MKCOL", "MKCALENDAR", "COPY",
                             "MOVE", "LOCK", "UNLOCK"))


def _npm_requires(facts: dict, package: str) -> bool:
    """Whether some package.json of the tree requires `package`."""
    return any(package in ((fx.get("extra") or {}).get("npm_requires") or {})
               for fx in facts.values())


def _preflight_answered(ep, route) -> None:
    """An OPTIONS route whose middleware answers the preflight request before any other runs
    (`frameworks.go._answers_preflight`): no credential is asked, whatever the handler does."""
    if route.extra.get("preflight_by"):
        ep.authenticated, ep.auth = False, "none"
        ep.auth_reason = (f"{route.extra['preflight_by']} answers the preflight (OPTIONS) "
                          "request itself, before any credential check")


class _HeadOf:
    """The implicit HEAD of a GET endpoint, made from it once it is traced."""
    __slots__ = ("ep",)

    def __init__(self, ep) -> None:
        self.ep = ep


def _cbv_dependencies(replay, cls: str, file: str = "") -> list[str]:
    """The dependencies a class-based view's attributes (and `__init__` parameters) declare
    (`user = Depends(current_user)`), its bases' included (by name, nearest first: a
    subclass's `user = Depends(admin_user)` replaces its base's `user`). The class is the
    route's file's own where two modules declare one of that name; aliases (`Authorize =
    Depends(authorize)`) are expanded."""
    attrs: dict[str, list[str]] = {}
    todo, seen = [cls], set()
    while todo and len(seen) < 12:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        entries = replay.classes.get(name, ())
        own = [e for e in entries if e[0] == file] if name == cls else []
        for _path, c in (own or list(entries))[:1]:
            for attr, deps in (c.get("depends_attrs") or {}).items():
                attrs.setdefault(attr, deps)
            todo.extend(b.rsplit(".", 1)[-1] for b in c.get("bases", ()))
    return replay.expand_dep_aliases([d for deps in attrs.values() for d in deps])


def _go_methods_served(route, resolver) -> list[str]:
    """The methods a Go handler registered for every method serves, read from its body."""
    adapted = resolver.adapted_handler(route)  # `commonHandler(stream)`: what `stream` serves
    node = adapted[0] if adapted is not None else resolver.handler_node(route)
    fn = resolver.fn_for_node(node) if node is not None else resolver.local_fn(route)
    if (fn or {}).get("ws"):  # the handler upgrades the connection to a WebSocket
        return ["WS"]
    if route.method == "GET" and node is not None and not (fn or {}).get("ws_test") and \
            _helper_upgrades(node, resolver):
        return ["WS"]
    return list((fn or {}).get("methods") or []) if route.method == "ANY" else []


def _helper_upgrades(node, resolver) -> bool:
    """A helper the handler hands the request to (two calls deep) upgrades it to a WebSocket:
    `websocket.GetHandler(s, c.Writer, c.Request, c)` calling `upgrader.Upgrade(w, r, nil)`.
    (The caller rules out a handler that first asks `c.IsWebsocket()` and proxies plain
    requests otherwise.)"""
    if resolver.cg is None or node not in resolver.cg.g:
        return False
    for c in resolver.callees_within(node, depth=2):
        got = resolver.fn_for_node(c) or {}
        if got.get("ws") and not got.get("methods"):
            return True
    return False


def _ts_methods_served(route, resolver) -> list[str]:
    """The methods a Next.js pages handler serves when its file does not tell: the handler is
    another module's (`export { default } from`, an imported default re-exported) or hands
    the request to a function that branches on the method (`return handleRoute(req, res)`),
    followed through two such hand-offs."""
    file, name = route.file, route.handler
    for _ in range(3):
        key = ts_default_target(resolver, file) if name == "default" else \
            resolver.middleware_key(file, name)
        fn = resolver.replay.fns.get(key) if key is not None else None
        if fn is None:
            return []
        if fn.get("route_table") and route.path and re.search(r"/\[\[?\.\.\.\w+\]\]?$",
                                                             route.path):
            # a catch-all route whose handler looks the method and the rest of the path up in
            # a table: one route per entry
            return [(m, sub, (key[0], entry[0]) if entry else None)
                    for m, sub, *entry in fn["route_table"]]
        if fn.get("methods"):
            return [(m, None, None) for m in fn["methods"]]
        if not fn.get("delegates"):
            return []
        file, name = key[0], fn["delegates"]
    return []


def ts_default_target(resolver, file: str, hops: int = 0):
    """The (file, scope) of the function a TS module's default export is: declared there
    (`export default function handle`, `export default async (req, res) => ...`), a local
    name exported as the default (`export default defaultHandler`, imported from another
    module), or another module's default re-exported (`export { default } from "./x"`)."""
    if hops > 4 or not file:
        return None
    own = _ts_default_fn(resolver, file)
    if own is not None:
        return own
    imps = resolver.replay.imports.get(file, {})
    for op in resolver.replay.facts.get(file, {}).get("routes", ()):
        if op.get("op") == "alias" and op.get("var") == "default" and op.get("of"):
            of = op["of"]
            if of in imps:
                tfile, sym = imps[of]
                if sym in ("default", "") and tfile:
                    return ts_default_target(resolver, tfile, hops + 1)
            key = resolver.middleware_key(file, of)
            # a name of this module (not imported) is this module's function, never another
            # module's function of the same name (`handler` of every pages/api file)
            return key if key is not None and (key[0] == file or of in imps) else None
    tfile, sym = imps.get("default", ("", ""))
    if tfile and sym == "default":
        return ts_default_target(resolver, tfile, hops + 1)
    return None


def _ts_default_fn(resolver, file: str):
    """The (file, scope) of the function a TS module default-exports (declared there)."""
    idx = resolver.__dict__.get("_ts_defaults")
    if idx is None:
        idx = resolver._ts_defaults = {}
        for k, fn in resolver.replay.fns.items():
            if fn.get("default_export"):
                idx.setdefault(k[0], k)
    return idx.get(file)


def _table_path(path: str, sub: str) -> str:
    """A catch-all route's path with its catch-all segment replaced by a table entry's
    sub-path (`/api/c/[[...c]]` and "/messages" -> `/api/c/messages`; "/" -> `/api/c`)."""
    base = path.rsplit("/", 1)[0]
    return (base + sub.rstrip("/")) or "/"


_OBJECT_ACTIONS = {"retrieve", "update", "partial_update", "destroy"}
_OBJECT_BASES = {"GET": "Retrieve", "PUT": "Update", "PATCH": "Update", "DELETE": "Destroy"}


def _fetches_object(route, replay, resolver) -> bool:
    """Does a DRF view fetch the route's object (`get_object`, which runs the permissions'
    `has_object_permission`)? A viewset's retrieve/update/partial_update/destroy and a generic
    view's Retrieve/Update/Destroy base do unless the class writes that method itself; a
    method of the tree does when it calls `self.get_object()`."""
    from auditor.endpoints.frameworks.django_views import lineage

    cls = route.extra.get("view_class") or ""
    handler = route.handler
    meth = ""
    if cls and handler.startswith(cls + "."):
        meth = handler[len(cls) + 1:]
    elif not cls and "." in handler:
        cls, meth = handler.rsplit(".", 1)
    elif not cls:
        cls = handler
    short = cls.rsplit(".", 1)[-1]
    for c_short, c in lineage(cls, replay.classes):
        if c and "get_queryset" in (c.get("methods") or ()):
            if (resolver.class_method(None, c_short, "get_queryset") or {}).get("reads_user"):
                # the queryset is the user's own rows (none() for anonymous): get_object
                # answers 404 before any object permission is asked
                return False
            break
    if meth:
        own = resolver.class_method(None, short, meth)
        if own is not None:
            return bool(own.get("gets_object"))
        return meth in _OBJECT_ACTIONS
    base = _OBJECT_BASES.get(route.method)
    return bool(base) and any(
        base in b.rsplit(".", 1)[-1] for _s, c in lineage(cls, replay.classes) if c
        for b in c.get("bases") or ())


def _short_handler(handler: str) -> str:
    """`h.Agent.CreateAgent` -> `CreateAgent`: the handler as any router would name it."""
    return (handler or "").split("(", 1)[0].rsplit(".", 1)[-1]


def _fiber_handler_order(route, facts) -> None:
    """Fiber v3.0.0-beta.1..4 run a route's first argument last (see `fiber_order`): the
    handler and the middleware in effect follow that order, and middleware placed after the
    handler in run order are recorded as dead."""
    from auditor.endpoints import fiber_order

    version = fiber_order.fiber_version(facts, route.file)
    if not fiber_order.handler_first(version):
        return
    args = route.extra["fiber_args"]
    before, handler, dead = fiber_order.reorder(args)
    written = {a["name"] for a in args} | {a["handler"] for a in args}
    route.mw = [m for m in route.mw if m not in written] + [a["name"] for a in before]
    route.handler, route.handler_line = handler["handler"], handler["line"]
    route.extra = {**route.extra, "dead": [
        (a["name"], a["line"],
         f"Fiber {version} runs a route's first argument last (handlers = middleware..., "
         f"handler), so {handler['handler']} runs first and answers without calling c.Next()")
        for a in dead]}


def _keep_dead_guards_only(endpoints: list[Endpoint]) -> None:
    """A guard registered after some routes but before others is the usual way to leave the
    earlier ones public (`app.get("/login"); app.use(auth)`); only a guard that runs for no route
    at all is one that can never run."""
    live = set()
    for ep in endpoints:
        live.update(getattr(ep, "_effective_locs", ()))
    for ep in endpoints:
        issues = getattr(ep, "auth_issues", None)
        if issues:
            ep.auth_issues = [i for i in issues if i["kind"] != "late"
                              or (i["name"], i["file"], i["line"]) not in live]
        if hasattr(ep, "_effective_locs"):
            del ep._effective_locs


def _library_class_view(route, replay) -> str:
    """The library key (django_views.LIBRARY_CLASSES) of a view class the urls module imports
    from an authentication library (`from dj_rest_auth.views import PasswordChangeView as
    X` ... `X.as_view()`), or ""."""
    from auditor.endpoints.frameworks.django_views import imported_library_key

    cls = route.extra["view_class"]
    head, _, rest = cls.partition(".")
    for imp in (replay.facts.get(route.file) or {}).get("imports", ()):
        if imp.get("alias") != head:
            continue
        mod, name = imp.get("target") or "", imp.get("name") or ""
        if rest and "." not in rest or not rest and name:
            # `from dj_rest_auth import views` ... `views.LoginView`; `... import X as Y`
            return imported_library_key(mod, name, rest)
    return ""


def _library_view_guards() -> dict[str, list[str]]:
    from auditor.endpoints.frameworks.python import BUILTIN_URLCONFS

    return {cls: list(guards) for _sub, cls, guards in BUILTIN_URLCONFS["django.contrib.auth.urls"]
            if guards}


_LIBRARY_VIEW_GUARDS = _library_view_guards()


def _class_middleware(route, replay) -> None:
    """Class-level guards of a view class: DRF permission_classes, MethodView decorators,
    Django LoginRequiredMixin."""
    from auditor.endpoints.frameworks.django_views import lineage

    extra: list[str] = []
    perm_seen = False
    from auditor.endpoints.frameworks.django_routes import preferring
    from auditor.endpoints.frameworks.django_views import own_dispatch

    cls = route.extra["view_class"]
    classes = preferring(replay, route.file, cls)
    bypassed = own_dispatch(cls, classes)  # (the mixins' login check never runs)
    nearest = True  # the first dispatch of the lineage is the one Django calls
    for short, c in lineage(cls, classes):
        if c is not None and nearest and "dispatch" in (c.get("methods") or ()):
            # the view's own dispatch runs before every method: its test of the user guards
            # them all (`if not request.user.is_authenticated: raise PermissionDenied`, an
            # owner test); a 403 on something else (an origin allowlist) guards nothing
            nearest = False
            if any(((replay.fns.get(k) or {}).get("auth") or {}).get("guard_test")
                   for k in replay.fns_by_name.get("dispatch", ())
                   if k[1] == f"{short}.dispatch" or k[1].endswith(f".{short}.dispatch")):
                extra.append(f"{short}.dispatch")
        if c is None:
            if bypassed:
                continue  # (the library's decorated dispatch is the one never called)
            # a class of the library, not of the tree: the guards Django puts on its dispatch
            # (PasswordChangeView and PasswordChangeDoneView: login_required), for the view
            # itself or for a project's subclass of it
            extra += [g for g in _LIBRARY_VIEW_GUARDS.get(short, ()) if g not in extra]
            continue
        if c.get("perm") and not perm_seen:  # the first permission_classes in the MRO wins
            extra += list(c["perm"])
            # (unless it adds to its base's: `decorators = Base.decorators + [...]`)
            perm_seen = not c.get("perm_extends")
        extra += list(c.get("decorators", []))  # method_decorator(...) on the class
        # ...or on its dispatch, which Django runs for every method
        extra += list((c.get("method_decos") or {}).get("dispatch", []))
        if bypassed:
            continue
        # (Django's LoginRequiredMixin / PermissionRequiredMixin, by the library's names: a
        # class of the tree of such a name, `APIViewWithPermission`, is read as itself)
        extra += [b for b in c.get("bases", []) if ("LoginRequired" in b or "Permission" in b)
                  and not classes.get(b.rsplit(".", 1)[-1])]
        if any(b.rsplit(".", 1)[-1] == "UserPassesTestMixin" for b in c.get("bases", [])) and \
                _test_func(cls, replay, route.file) != "anonymous":
            # Django's UserPassesTestMixin runs the nearest test_func in dispatch and refuses
            # (or sends to log in) a request that fails it
            extra.append("UserPassesTestMixin")
    route.mw = list(route.mw) + [m for m in extra if m not in route.mw]


def _test_func(cls: str, replay, file: str) -> str:
    """What the nearest `test_func` of a view class's lineage lets through: "anonymous" when it
    passes anonymous visitors, "user" otherwise, "" when none is seen."""
    from auditor.endpoints.frameworks.django_routes import preferring
    from auditor.endpoints.frameworks.django_views import lineage

    return next((c["test_func"] for _s, c in lineage(cls, preferring(replay, file, cls))
                 if c and c.get("test_func")), "")


# @nestjs/passport's AuthGuard('<strategy>'), used directly or extended: the strategy
# authenticates the request or the guard rejects it
_PASSPORT_VERDICT = (authmod.AUTH, f"AuthGuard('...') of {authmod.NEST_PASSPORT} rejects a request "
                                   "without a valid credential")


def _nest_guard_verdict(replay, cls: str, depth: int = 0) -> tuple[str, str] | None:
    """A NestJS guard class of the tree built on another guard: the parent's verdict when its
    `canActivate` keeps the parent's answer (or has none of its own), optional when it calls
    the parent's only to load the user and decides on other grounds; None when it does not
    call the parent at all (its own code and name decide, as for any guard)."""
    info = replay.guard_classes.get(cls)
    if info is None or depth > 8 or info["super"] == "none":
        return None
    base = info["base"]
    if base == "AuthGuard" and not info.get("strategy") and info.get("strategy_expr"):
        from auditor.endpoints.frameworks import typescript as ts_rules

        got = ts_rules.const_value(replay, info.get("file", ""), info["strategy_expr"])
        if got:
            info = {**info, "strategy": got}
    if base == "AuthGuard" and authmod.LOGIN_STRATEGY.fullmatch(info.get("strategy") or ""):
        # AuthGuard('local'), AuthGuard('google'): the route is the login (a form post, a
        # provider's callback), what the strategy checks is the login's outcome
        return authmod.NONE, (f"{cls} extends AuthGuard('{info['strategy']}') of "
                              f"{authmod.NEST_PASSPORT}, a login strategy: the request carries "
                              "the login, not a credential it must have")
    if base == "AuthGuard":  # @nestjs/passport AuthGuard('jwt'): rejects without a credential
        bv = _PASSPORT_VERDICT
    else:
        bv = _nest_guard_verdict(replay, base, depth + 1)
    if bv is None:
        return None
    if info.get("passes_anonymous") and bv[0] == authmod.AUTH:
        return authmod.OPTIONAL, (f"{cls} extends {base} but its handleRequest returns the user "
                                  "without throwing: a request without a credential goes on")
    if info["super"] in ("inherit", "used"):
        return bv[0], f"{cls} extends {base}, whose answer it keeps: {bv[1]}"
    if bv[0] == authmod.AUTH:  # discarded
        return authmod.OPTIONAL, (f"{cls} runs {base}.canActivate only to load the user and "
                                  "decides without it")
    return bv


def resolver_fn_by_name(replay, name: str) -> dict | None:
    keys = replay.fns_by_name.get(name.rsplit(".", 1)[-1], [])
    return replay.fns[keys[0]] if keys else None


def _username_field(replay) -> str:
    """The USERNAME_FIELD the tree's user model declares (`USERNAME_FIELD = "email"` on an
    AbstractBaseUser subclass), when exactly one value is declared; else Django's "username"."""
    got = replay.__dict__.get("_username_field")
    if got is None:
        values = {info["attrs"]["USERNAME_FIELD"] for entries in replay.classes.values()
                  for _f, info in entries
                  if isinstance((info.get("attrs") or {}).get("USERNAME_FIELD"), str)}
        got = replay.__dict__["_username_field"] = values.pop() if len(values) == 1 and \
            re.fullmatch(r"\w+", next(iter(values))) else "username"
    return got


def _join(prefix: str, path: str) -> str:
    from auditor.endpoints.interpret import join

    out = join(prefix, path)
    return out if out.startswith("/") else "/" + out


def _endpoint(route, path, effective, late, replay, resolver, extra_auth) -> Endpoint:
    names = [m[0] for m in effective]
    authenticated, reason, optional = False, "", []
    for name, file, line in effective:
        name = _unwrapped(resolver, file, name)
        if name in replay.optional_deps and file.endswith(".py"):
            name += "(optional=True)"  # (`current_user = fastapi_users.current_user(optional=True)`)
        path_set = ";arg=" in name
        if path_set:
            # a path set handed to the guard: skipped only if the guard tests that argument
            base = name.split("(skip=", 1)[0]
            gfn = resolver.guard_fn(file, base)
            if gfn is None or f";arg={gfn.get('path_set_param')})" not in name:
                name, path_set = base, False
        if authmod.skipped(name, route.method, path):
            if path_set or ";unless=1)" in name:
                continue  # the guard hands a listed path on untouched: no credential is read
            optional.append({"name": name, "file": file, "line": line,
                             "reason": f"{name.split('(', 1)[0]} is skipped for "
                                       f"{route.method} {path} (its Skipper)"})
            continue
        fn = resolver.guard_fn(file, name.split("(skip=", 1)[0])
        if fn is not None and path in (fn.get("unless_paths") or ()):
            continue  # (the factory's express-unless list skips it for this path)
        if route.method == "OPTIONS" and ((fn or {}).get("exempt_lists") or {}).get("preflight"):
            # it answers the preflight request itself: no later middleware (nor the handler)
            # runs
            route.extra = {**route.extra, "preflight_by": name.split("(", 1)[0]}
            break
        v, why = authmod.verdict(name, fn, extra_auth, route.method)
        if v == authmod.NONE and (login := authmod.login_strategy(name, fn)):
            # the route is the login (a form post, a provider's callback): what its handler
            # checks after the strategy ran (`req.logIn(req.user, err => 403)`) is the login's
            # outcome, not a credential the request must carry
            route.extra["login_strategy"] = login
        if v != authmod.AUTH and fn is None and route.framework in PY_FRAMEWORKS and \
                _imported_from(replay, file, name.split("(", 1)[0].strip()) == \
                "starlette.authentication":
            # starlette.authentication.requires(scopes): a request whose auth lacks a scope
            # (UnauthenticatedUser has none) is answered 403, redirected, or its WebSocket
            # closed, before the endpoint runs
            v, why = authmod.AUTH, (f"{name.split('(', 1)[0]} (starlette.authentication) "
                                    "rejects a request without the scopes it names")
        if v == authmod.AUTH and route.framework == "fastapi" and \
                not any(name == e or name.endswith("." + e) for e in extra_auth):
            got = dependency_verdict(name, file, resolver, replay, route.method)
            if got is not None:
                v, why = got
        if v == authmod.NONE and route.framework == "fastapi" and (got := guarding_sub_dependency(
                name, file, resolver, replay, route.method)) is not None:
            v, why = got
        res = (fn or {}).get("auth") or {}
        if res.get("result_error") and file == route.file:
            # a request parser handing back a rejection the handler returns (`if (error)
            # return error()`), unless called with the option that skips its check
            skip = res.get("skip_option")
            short = name.split("(", 1)[0]
            if skip and re.search(r"\(true=[^)]*\b" + re.escape(skip) + r"\b", name):
                v, why = authmod.NONE, (f"{short} is called with {skip}: true, which skips "
                                        "its credential check")
            else:
                v, why = authmod.AUTH, (f"{short} checks credentials and hands back "
                                        f"'{res['result_error']}', which the handler returns")
        if route.framework == "nestjs" and \
                (gv := _nest_guard_verdict(replay, name.split("(", 1)[0].strip())) is not None:
            v, why = gv
            if v == authmod.NONE and authmod.NEST_PASSPORT in why:
                # a login strategy's guard: the strategy answers the request (the provider's
                # redirect, the login's outcome), read by endpoint-without-data
                route.extra["login_strategy"] = why
        elif route.framework == "nestjs" and name.split("(", 1)[0].strip() == "AuthGuard" and \
                _imported_from(replay, file, "AuthGuard") == authmod.NEST_PASSPORT:
            # `@UseGuards(AuthGuard('google'))` written directly: the strategy's guard
            v, why = _PASSPORT_VERDICT
            m = re.match(r"""AuthGuard\(\s*['"`]([\w:-]+)['"`]""", name.strip())
            if m is not None and authmod.LOGIN_STRATEGY.fullmatch(m.group(1)):
                # AuthGuard('local'): the route is the login the strategy checks
                v, why = authmod.NONE, (f"AuthGuard('{m.group(1)}') of {authmod.NEST_PASSPORT} "
                                        "is a login strategy: the request carries the login, "
                                        "not a credential it must have")
                route.extra["login_strategy"] = why
        if route.framework == "django" and (drf := resolver.drf_permission(
                name, route.method, _fetches_object(route, replay, resolver))) is not None:
            v, why = drf
        elif fn is None and v in (authmod.AUTH, authmod.NONE) and \
                (impl := resolver.implementations_verdict(file, name)) is not None:
            if impl[0] == "rejects":
                v, why = authmod.AUTH, impl[1]
            elif v == authmod.AUTH:  # an auth name whose implementations all let anyone in
                v, why = authmod.OPTIONAL, impl[1]
        if v == authmod.NONE and (comp := resolver.composed_of(file, name, line)) is not None:
            # a middleware made of middleware (`userChain := Chain(base, withUserSession(db))`):
            # it guards where one of its parts does
            for part in comp[1]:
                pv, pwhy = authmod.verdict(part, resolver.guard_fn(file, part), extra_auth,
                                           route.method)
                if pv == authmod.AUTH:
                    v, why = pv, f"{name} is {comp[0]}(...) of {part}: {pwhy}"
                    break
                if pv == authmod.OPTIONAL and v == authmod.NONE:
                    v, why = pv, f"{name} is {comp[0]}(...) of {part}: {pwhy}"
        if v == authmod.NONE and (via := resolver.composed_optional(file, name)) is not None:
            v, why = authmod.OPTIONAL, (f"{name} is built on {via}, which lets requests "
                                        "without credentials through")
        if v == authmod.AUTH and (fn or {}).get("auth", {}).get("exempt_by") and \
                _exempted(replay, resolver, file, name, fn, path):
            continue  # the guard's own test lets this path through (`!isPublicRoute(r)`)
        if v == authmod.AUTH and (fn or {}).get("request_exempt") and \
                flask_exempt(fn["request_exempt"], route.handler, path):
            continue  # the before_request guard returns early for this view or path
        mkey = resolver.middleware_key(file, name.split("(skip=", 1)[0]) \
            if v == authmod.AUTH and (fn or {}).get("exempt_lists", {}).get("rules") else None
        early = _early_pass(fn["exempt_lists"]["rules"], path, route.method, replay,
                            mkey[0]) if mkey is not None else None
        if early == "optional":
            optional.append({"name": name, "file": file, "line": line,
                             "reason": f"{name} lets {path} through without credentials "
                                       "(its path test) and checks those it is sent"})
            continue
        if early == "none":
            continue  # the guard hands the request on for this path before any check
        if v == authmod.AUTH and (fn or {}).get("exempt_lists") and \
                _listed_exempt(replay, resolver, file, name, fn, path, route.method):
            if fn["exempt_lists"].get("after_read"):
                # the list lets the path through only once no credential came: one that
                # came is still checked
                optional.append({"name": name, "file": file, "line": line,
                                 "reason": f"{name} lets {path} through without credentials "
                                           "(a path of its list) and checks those it is sent"})
            continue  # the guard returns early for the paths of its list (`noLogin`)
        if v == authmod.AUTH and not authenticated:
            # a guard a library view carries in the library's own source says so
            authenticated, reason = True, route.extra.get("guard_reasons", {}).get(name, why)
        elif v == authmod.OPTIONAL:
            optional.append({"name": name, "file": file, "line": line, "reason": why})
    issues = []
    for name, file, line in late:
        name = _unwrapped(resolver, file, name)
        fn = resolver.guard_fn(file, name)
        v, why = authmod.verdict(name, fn, extra_auth)
        if v == authmod.AUTH:
            issues.append({"kind": "late", "name": name, "file": file, "line": line,
                           "reason": f"{name} is registered at {file}:{line}, after the route, "
                                     "so it never runs for it"})
    if not authenticated:
        issues.extend({"kind": "optional", **o} for o in optional)
    ep = Endpoint(method=route.method, path=path, framework=route.framework,
                  handler={"name": route.handler, "file": route.file,
                           "line": route.handler_line or route.line},
                  registered_at={"file": route.file, "line": route.line},
                  middleware=names, authenticated=authenticated, auth_reason=reason,
                  auth="required" if authenticated else "optional" if optional else "none")
    if optional and not authenticated:
        ep.auth_reason = optional[0]["reason"]
    ep.auth_issues = issues  # read by the ineffective-auth rule; not part of the JSON model
    ep.login_strategy = route.extra.get("login_strategy", "")  # (read by the rules, not JSON)
    ep._effective_locs = set(effective)
    return ep


def _imported_from(replay, file: str, alias: str) -> str:
    """The module a file imports `alias` from (`from starlette.authentication import
    requires`), or ""."""
    for op in (replay.facts.get(file) or {}).get("routes", ()):
        if op.get("op") == "import" and op.get("alias") == alias and op.get("name"):
            return op.get("module") or ""
    return ""


def _unwrapped(resolver, file: str, name: str) -> str:
    """`asyncHandler(auth.jwt)` -> `auth.jwt` when the wrapper is a function of the tree that
    calls what it wraps with the request (js_factory.passes_through): that middleware is what
    runs. Any other call keeps its name."""
    head, sep, rest = name.partition("(")
    if not sep or not rest.endswith(")") or "(" in rest:
        return name
    fn = resolver.middleware_fn(file, head)
    if not (fn or {}).get("wraps"):
        return name
    return rest[:-1].strip() or name


def _exempted(replay, resolver, file: str, name: str, fn: dict, path: str) -> bool:
    """Whether the predicate a guard's test exempts requests by (`if !IsAuthenticated(r) &&
    !isPublicRoute(r)`) answers true for `path`: read from the paths it compares the request's
    path with (`frameworks.go.path_test`), following the predicates it calls; a predicate that
    is not read exempts nothing."""
    mkey = resolver.middleware_key(file, name.split("(skip=", 1)[0])
    if mkey is None:
        return False
    return _predicate_true(replay, mkey[0], fn["auth"]["exempt_by"], path)


def _predicate_true(replay, where: str, pred: str, path: str) -> bool:
    """Whether the tree's predicate `pred` (called from `where`) answers true for requests to
    `path`, read from its `path_test`, following the predicates it calls."""
    if path.endswith("/{$}"):  # Go 1.22: the path itself, nothing below it
        path = path[:-3]
    todo = [(where, pred)]
    seen = set()
    while todo and len(seen) < 8:
        where, pred = todo.pop()
        for key in replay.candidates(where, pred):
            if key in seen:
                continue
            seen.add(key)
            test = replay.fns[key].get("path_test") or {}
            if path in test.get("exact", ()) or any(
                    path.startswith(p) for p in test.get("prefix", ())) or (
                    test.get("outside") and
                    not any(path.startswith(p) for p in test["outside"])):
                return True
            todo.extend((key[0], c) for c in test.get("calls", ()))
    return False


def _early_pass(rules, path: str, method: str, replay, where: str) -> str | None:
    """"none" when the guard hands the request on for this path (and method) before reading
    anything (`frameworks.go._early_pass_rules`), "optional" when it does so once the
    credential was found missing; None when no rule lets it through. A rule naming a
    predicate of the tree (`if s.defaultAuthSkipper(c) { return next(c) }`) asks its
    `path_test`."""
    # (the request's path: a route's `:id` or `{id}` is a value, never those characters)
    path = re.sub(r":(\w+)", r"{\1}", path)
    for rule in rules or ():
        if rule.get("methods") and method not in rule["methods"]:
            continue
        if any(path.startswith(p) for p in rule.get("prefix", ())) or \
                any(path.rstrip("/") == p.rstrip("/") for p in rule.get("exact", ())) or \
                any(_predicate_true(replay, where, c, path) for c in rule.get("calls", ())):
            return "optional" if rule.get("after_read") else "none"
    return None


def _listed_exempt(replay, resolver, file: str, name: str, fn: dict, path: str,
                   method: str = "") -> bool:
    """Whether the guard's exempt list (`frameworks.go.exempt_lists`) lets `path` through:
    it starts with one of the list's paths and is none of its exception list's. The lists
    are package variables of the guard's package, `[]string{...}` literals (index facts).
    A guard that checks only below some prefixes ("only") or not below others
    ("skip_prefix"), or answers preflight requests itself, lets the rest through."""
    ex = fn["exempt_lists"]
    if ex.get("preflight") and method == "OPTIONS":
        return True
    if ex.get("only") and not any(path.startswith(p) or path == p.rstrip("/")
                                  for p in ex["only"]):
        return True
    if any(path.startswith(p) or path == p.rstrip("/") for p in ex.get("skip_prefix", ())):
        return True
    mkey = resolver.middleware_key(file, name.split("(skip=", 1)[0])
    if mkey is None and not ex.get("values"):
        return False
    prefixes = ex.get("values") or _string_list(replay, mkey[0], ex.get("prefix", ""))
    if not prefixes:
        return False
    excepts = (_string_list(replay, mkey[0], ex.get("except", "")) if mkey is not None
               else None) or []
    concrete = path.replace("{", "").replace("}", "")
    if ex.get("exact"):  # `if path == url`: the listed paths themselves
        return any(path == p or path.rstrip("/") == p.rstrip("/") for p in prefixes)
    if ex.get("glob"):  # fnmatch patterns (`/api/v1/auth/*`)
        from fnmatch import fnmatchcase

        return any(fnmatchcase(path, p) or fnmatchcase(path.rstrip("/"), p) for p in prefixes)
    return any(path.startswith(p) or path == p.rstrip("/") for p in prefixes) and \
        path not in excepts and concrete not in excepts


def _string_list(replay, file: str, name: str) -> list[str] | None:
    """The strings of a package variable `var name = []string{"a", "b"}` of the file's
    package, read from the index facts; None when it is not one such literal."""
    if not name:
        return None
    idx = replay.__dict__.get("_string_lists")
    if idx is None:  # one pass: (package dir, name) -> the []string literals given to it
        idx = replay._string_lists = {}
        for f, fx in replay.facts.items():
            if fx.get("language") != "go":
                continue
            for a in fx.get("assigns", ()) or ():
                if a.get("func") or (a.get("value") or {}).get("kind") != "composite":
                    continue
                elems = a["value"].get("elems") or []
                if elems and all(e.get("kind") == "str" for e in elems):
                    idx.setdefault((replay._pkg_dir(f), a.get("target")), []).append(
                        [e.get("value", "") for e in elems])
    found = idx.get((replay._pkg_dir(file), name), [])
    return found[0] if len(found) == 1 else None


def _library_view_kind(data, route, replay, method: str) -> str | None:
    """What a view the framework ships reaches for `method`: the route's own class
    (`include("django.contrib.auth.urls")`), or the library class a view class of the tree
    derives from (`class SiteLoginView(auth_views.LoginView)`: Django's LoginView authenticates
    on POST), named through the imports of the file that writes the base."""
    cls = route.extra.get("view_class") or route.handler
    kind = data.library_view(cls, method)
    if not kind and not route.extra.get("view_class") and cls:
        # a library's function view imported into the urls module (`from
        # rest_framework_jwt.views import obtain_jwt_token` ... `path("token/",
        # obtain_jwt_token)`)
        full = _imported_name(replay, route.file, cls)
        return data.library_view(full, method) if full else None
    if kind or not route.extra.get("view_class") or route.extra.get("library_view"):
        return kind
    todo, seen = [(route.file, cls)], set()
    while todo and len(seen) < 12:
        file, name = todo.pop()
        short = name.rsplit(".", 1)[-1]
        if short in seen:
            continue
        seen.add(short)
        found = replay.classes.get(short)
        if found:
            f, info = found[0]
            todo.extend((f, b) for b in info.get("bases", []))
            continue
        full = _imported_name(replay, file, name)
        kind = data.library_view(full, method) if full else None
        if kind:
            return kind
    return None


def _imported_name(replay, file: str, name: str) -> str:
    """The dotted name `name` (`views.LoginView`, `obtain_jwt_token`) stands for through the
    absolute imports of `file`'s route facts, "" when none binds its head."""
    head, _, rest = name.partition(".")
    for op in (replay.facts.get(file) or {}).get("routes", ()):
        if op.get("op") == "import" and op.get("alias") == head and not op.get("level"):
            mod = op["module"] + ("." + op["name"] if op.get("name") else "")
            return f"{mod}.{rest}" if rest else mod
    return ""


def _method_scoped(method, blocks, node, sites, dsites, graph, calls, language_of, traced,
                   data, facts) -> tuple[list, list]:
    """The SQL and data sites of a view for one method of the several it serves: a site in a
    block only other methods run (`if request.method == "POST":`, `if
    form.validate_on_submit():`), or in a function called only from such blocks, is not this
    method's work (the GET of a login view renders its form)."""
    m = "GET" if method in ("HEAD", "OPTIONS") else method
    if method == "OPTIONS":
        return sites, dsites
    skipped = [(a, b) for a, b, methods in blocks if m not in methods]
    if not skipped:
        return sites, dsites
    g = graph.g
    hfile, hline = g.nodes[node].get("file", ""), g.nodes[node].get("line", 0)

    def inside(line) -> bool:
        return any(a <= line <= b for a, b in skipped)
    calls_at: dict = {}
    for _n, callee, d in g.out_edges(node, data=True):
        if not g.nodes[callee].get("external"):
            calls_at.setdefault(callee, []).append(d.get("line", 0))
    dropped_s, dropped_d, kept_s, kept_d = set(), set(), set(), set()
    for callee, lines in calls_at.items():
        _c, cs, cd, _h = _traced_once(callee, graph, calls, language_of, traced,
                                      data if data is not None else DataAccess(facts, graph))
        keys_s = {(s["file"], s["line"]) for s in cs}
        keys_d = {(s["file"], s["line"]) for s in cd}
        if all(ln and inside(ln) for ln in lines):
            dropped_s |= keys_s
            dropped_d |= keys_d
        else:
            kept_s |= keys_s
            kept_d |= keys_d

    def keep(s, dropped, kept) -> bool:
        key = (s["file"], s["line"])
        if s["file"] == hfile and s["line"] >= hline and inside(s["line"]):
            return False  # the view's own statement in such a block
        return key not in dropped or key in kept
    return ([s for s in sites if keep(s, dropped_s, kept_s)],
            [s for s in dsites if keep(s, dropped_d, kept_d)])


def _traced_once(node, graph, calls, language_of, traced, data) -> tuple:
    """(chain, SQL sites, data sites, False) of a function that runs before the handler (a
    wrapper, a route middleware), traced once per scan."""
    if node not in traced:
        traced[node] = (*trace(graph, node, calls, language_of, data=data), False)
    return traced[node]


def _app_wide(pending, used) -> set:
    """(framework, middleware site) of the middleware in effect for every endpoint of their
    framework (`app.use(loadCustomDomain)` before all routes): what they read is the app's, not
    a route's, since the routes that touch no data run them too (their auth still counts). Only
    with three endpoints or more: below that, every middleware would look app-wide."""
    total: dict[str, int] = {}
    count: dict[tuple, int] = {}
    for ep, _route, _node, _wrapper in pending:
        total[ep.framework] = total.get(ep.framework, 0) + 1
        for m in {m[:3] for m in used.get(id(ep), ())}:
            count[(ep.framework, m)] = count.get((ep.framework, m), 0) + 1
    return {k for k, n in count.items() if n == total[k[0]] >= 3}


def _data_middleware(ep, route, resolver, graph, data=None,
                     skip=frozenset()) -> list[tuple[str, bool]]:
    """(graph node, is an access check) of the route's middleware defined in the tree: a loader
    (`r.Use(accountCtx)`, `router.get("/:id", loadItem, show)`) may read the data the handler
    only renders. Auth and access checks (a middleware answering 401/403) are marked: the user
    or the permissions they load are not the route's data, unless they hand a record they read
    on to the handler (read by endpoint-without-data)."""
    out: list[tuple[str, bool]] = []
    dispatcher = str(route.extra.get("dispatched_by") or "").rsplit("/", 1)[-1]
    for name in ep.middleware or ():
        if not isinstance(name, str) or not name or name in skip:
            continue  # (`skip`: middleware every route of the app runs, `_app_wide`)
        if name == dispatcher:
            continue  # a route table's dispatcher reaches every entry: their data is not this one's
        # `asyncHandler(locals.user)`: the middleware the pass-through wrapper runs
        name = _unwrapped(resolver, route.file, name)
        node = resolver.fn_node(route.file, name)
        fn = resolver.guard_fn(route.file, name)
        if node is None and resolver.middleware_key(route.file, name) is None:
            node = resolver.ref_node(route, name)  # (a receiver's method, as the handler is)
            if node is not None and fn is None:
                fn = resolver.fn_for_node(node)
        v, _why = authmod.verdict(name, fn, [], ep.method)
        prof = (fn or {}).get("auth") or {}
        # an access check by what it does (reads a credential, answers 401/403); a name alone
        # (`ValidateConfirmToken`) does not make a loader that does neither one
        access = bool(prof.get("rejects")) or (v != authmod.NONE and (
            fn is None or bool(prof.get("reads_credential"))) and not prof.get("always_next"))
        # (one that hands every request on checks nothing: what it loads is a loader's)
        if prof.get("login"):
            access = False  # a login (`passport.authenticate('local', cb)` run in it): what it
            # reads and writes (the user it finds, the session it merges) is the route's work
        if node is not None and node in graph.g and _throttles(resolver, graph, node):
            continue  # a rate limiter: the counters it keeps (Redis) are not the route's data
        if node is not None and node in graph.g and node not in (n for n, _a in out):
            out.append((node, access))
        elif node is None and data is not None and (store := data.upload_store(route.file,
                                                                                 name)):
            # a library's upload middleware that writes the request's files (multer to disk)
            ep.store_middleware = f"{name} ({store})"  # (read by endpoint-without-data)
    # the ones nearest the handler: the route's own loaders (and Express param loaders) come
    # after the app-wide middleware (helmet, body parsers, session, locals helpers)
    return out[-8:]


def _throttles(resolver, graph, node) -> bool:
    """The middleware, or a function it calls (four calls deep: a factory, the closure it
    returns, the limiter that closure runs), answers 429 Too Many Requests."""
    seen, todo = set(), [(node, 0)]
    while todo:
        n, depth = todo.pop()
        if n in seen or n not in graph.g:
            continue
        seen.add(n)
        if ((resolver.fn_for_node(n) or {}).get("auth") or {}).get("throttles"):
            return True
        if depth < 4 and len(seen) < 40:
            todo.extend((m, depth + 1) for m in list(graph.g.successors(n))[:12])
    return False


def _unmounted_routers(replay, facts: dict[str, dict]) -> set[int]:
    """Express routers (`express.Router()`) that no app mounts, in modules no other module
    imports: a router serves nothing until `app.use(router)` (express/lib/router), and one
    nobody imports cannot be handed to an app. Not decided when some module requires a path
    computed at run time (`require(path.join(dir, f))`), which may load any file."""
    cands = [r for r in replay.routers if r.framework == "express" and r.sub and not r.parents]
    if not cands or not any(r.framework == "express" and not r.sub and not r.implicit_root
                            for r in replay.routers):
        return set()  # (no app of the tree: the routers are served by code not scanned)
    imported = {t for aliases in replay.imports.values() for t, _ in aliases.values()}
    cands = [r for r in cands if r.file not in imported]
    if not cands:
        return set()
    for fx in facts.values():
        if fx.get("language") in ("python", "go"):
            continue
        for c in fx.get("calls", ()):
            if c.get("name") in ("require", "import") and not c.get("receiver"):
                a = (c.get("args") or [{}])[0] or {}
                if a.get("names") or a.get("kind") == "call":  # a path made of values
                    return set()
    return {r.id for r in cands}


def _unincluded_api_routers(replay, facts: dict[str, dict], unresolved: list) -> set[int]:
    """FastAPI `APIRouter()`s with routes that no `include_router` reaches, in a tree whose
    FastAPI app includes other routers: an APIRouter serves nothing until an app includes it
    (a router module written and imported but left out of the app). Not decided when an
    include of the tree was not traced (a router the replay could not find may be any), or
    when no FastAPI app of the tree includes anything."""
    kinds = {(op.get("file"), op.get("line"), op.get("var")): op.get("kind")
             for path, fx in facts.items() if fx.get("language") == "python"
             for op in ({**o, "file": path} for o in fx.get("routes", ()) if o.get("op") == "new")}
    kind_of = {r.id: kinds.get((r.file, r.line, r.name)) for r in replay.routers
               if r.framework == "fastapi"}
    apps = {rid for rid, k in kind_of.items() if k == "FastAPI"}
    if not apps or not any(p[0] in apps for r in replay.routers for p in r.parents):
        return set()
    if any(u.get("file", "").endswith(".py") and "mounted router" in u.get("reason", "")
           for u in unresolved + list(replay.unresolved)):
        return set()
    return {rid for rid, k in kind_of.items()
            if k in ("APIRouter", "InferringRouter") and not replay.routers[rid].parents}


# what may import any module by a name computed at run time
_DYNAMIC_IMPORT = re.compile(r"\b(?:import_module|__import__|import_string|find_modules|"
                             r"walk_packages|iter_modules|load_module|exec_module)\b")


def _unregistered_blueprints(replay, facts: dict[str, dict]) -> set[int]:
    """Flask Blueprints with routes that no `register_blueprint` reaches, in modules no module
    of the tree imports, in a tree whose app registers other blueprints: a module nobody
    imports never runs (its blueprint is left over: `groupsAdmin/view.py` whose import is
    commented out). Not decided when some module imports by a computed name (importlib,
    werkzeug's import_string, pkgutil's module walks)."""
    kinds = {(path, op.get("line"), op.get("var")): op.get("kind")
             for path, fx in facts.items() if fx.get("language") == "python"
             for op in fx.get("routes", ()) if op.get("op") == "new"}
    bps = [r for r in replay.routers if r.framework == "flask" and not r.parents and
           kinds.get((r.file, r.line, r.name)) == "Blueprint"]
    if not bps or not any(r.framework == "flask" and r.parents for r in replay.routers):
        return set()
    imported = {t for aliases in replay.imports.values() for t, _ in aliases.values()}
    bps = [r for r in bps if r.file not in imported]
    if not bps:
        return set()
    for fx in facts.values():
        if fx.get("language") == "python" and any(
                _DYNAMIC_IMPORT.search(c.get("callee") or "") for c in fx.get("calls", ())):
            return set()
    return {r.id for r in bps}


def _outside_root_urlconf(replay, facts: dict[str, dict]) -> set[int]:
    """Django serves the urlpatterns of the settings' ROOT_URLCONF and what they include
    (django.core.handlers.base: `get_resolver(settings.ROOT_URLCONF)`): a urls module nothing
    includes (`users/api.py` with `urlpatterns = router.urls`, left unused) serves nothing.
    The root routers of such modules; none when no settings file of the tree names a module
    of the tree as ROOT_URLCONF."""
    names = {(a.get("value") or {}).get("value") for fx in facts.values()
             if fx.get("language") == "python" for a in fx.get("assigns", ()) or ()
             if a.get("target") == "ROOT_URLCONF" and (a.get("value") or {}).get("kind") == "str"}
    names.discard(None)
    if not names:
        return set()
    tails = {n.replace(".", "/") + ".py" for n in names} | \
        {n.replace(".", "/") + "/__init__.py" for n in names}
    roots = {f for f in facts if any(f == t or f.endswith("/" + t) for t in tails)}
    if not roots:
        return set()  # (the module is not in the tree: nothing to tell served from not)
    # (urls modules only: a module that sets `urlpatterns`; Channels' ASGI routing is not
    # Django's URLconf)
    urls = {f for f, fx in facts.items() if fx.get("language") == "python" and any(
        a.get("target") == "urlpatterns" and "." not in (a.get("func") or "").removeprefix(
            fx.get("module") or "") for a in fx.get("assigns", ()) or ())}
    cands = {r.file: r for r in replay.routers if r.framework == "django" and not r.parents
             and not r.implicit_root and r.file in urls and r.file not in roots}
    if not cands:
        return set()
    # a module another one imports or names in a string (`include("users.api")` the replay did
    # not resolve) may be served after all: kept
    imported = {t for aliases in replay.imports.values() for t, _ in aliases.values()}
    named = set()
    for fx in facts.values():
        if fx.get("language") != "python":
            continue
        for c in fx.get("calls", ()) or ():
            for a in c.get("args") or ():
                if (a or {}).get("kind") == "str":
                    named.add((a.get("value") or a.get("text") or "").strip("'\""))
    out = set()
    for f, r in cands.items():
        dotted = f[:-3].replace("/", ".").removesuffix(".__init__")
        if f in imported or any(n and (dotted == n or dotted.endswith("." + n)) for n in named):
            continue
        out.add(r.id)
    return out


def _locate(ep, route, resolver, graph, unresolved, data=None) -> tuple | None:
    """(handler node, wrapper node) of the endpoint, with what the way it is reached says of
    its auth; None when the handler is not in the graph (what can be said without it is)."""
    node = resolver.handler_node(route)
    wrapper_nodes = []
    adapted = resolver.adapted_handler(route) if route.framework in GO_FRAMEWORKS else None
    if adapted is not None:
        # `commonHandler(listConfig)`: the function handed to the adapter serves the route; the
        # adapters run around it, as wrappers do
        node, wrappers = adapted
        # the wrappers check credentials together: `EnvHandler(pool, AuthenticatedHandler(h))`
        # whose outer adapter reads the session into the environment it hands on and whose
        # inner one rejects with 403 when the environment holds no user
        read_by = ""
        for wrapper_node, wrapper in wrappers:
            wrapper_nodes.append(wrapper_node)
            ep.middleware = list(ep.middleware) + [wrapper]
            if ep.authenticated:
                continue
            wd = graph.g.nodes[wrapper_node]
            prof = resolver.deep_profile(wd.get("file", ""), wd.get("line", 0))
            if prof.get("password") or any(
                    ((resolver.fn_for_node(s) or {}).get("auth") or {}).get("password")
                    for s in resolver.callees_within(wrapper_node, depth=2)):
                continue  # a login step (`loginHelper(loginHandler)`): its 401 answers a password
            if authmod.handler_checks_credentials({"auth": prof}):
                ep.authenticated, ep.auth = True, "required"
                ep.auth_reason = (f"{wrapper} runs the handler; it checks credentials and "
                                  "rejects with 401/403")
            elif read_by and authmod.handler_checks_credentials(
                    {"auth": dict(prof, reads_credential=True)}):
                ep.authenticated, ep.auth = True, "required"
                ep.auth_reason = (f"{read_by} reads the credential and runs {wrapper}, which "
                                  "rejects with 401/403 before the handler")
            elif prof.get("reads_credential") and not prof.get("next_on_missing"):
                read_by = read_by or wrapper
    if route.extra.get("dispatched_by"):
        # a route table's entry: its dispatcher runs first and guards it (its trace is not
        # the entry's: it reaches every entry of the table)
        dispatcher = route.extra["dispatched_by"]
        d = graph.g.nodes[dispatcher]
        ep.middleware = list(ep.middleware) + [dispatcher.rsplit("/", 1)[-1]]
        if not ep.authenticated:
            prof = ((resolver.fn_for_node(dispatcher) or {}).get("auth") or {}) \
                if route.extra.get("dispatch_own") else \
                resolver.deep_profile(d.get("file", ""), d.get("line", 0))
            if authmod.handler_checks_credentials({"auth": prof}):
                ep.authenticated, ep.auth = True, "required"
                ep.auth_reason = (f"{dispatcher.rsplit('/', 1)[-1]} dispatches the route "
                                  "table; it checks credentials and rejects with 401/403")
    elif node is None and (wrapped := resolver.var_handler(route)) is not None:
        node, wrapper, vfile = wrapped
        wrapper_nodes = [resolver.fn_node(vfile, wrapper)]
        ep.middleware = list(ep.middleware) + [wrapper]
        if not ep.authenticated:
            v, why = authmod.verdict(wrapper, resolver.guard_fn(vfile, wrapper), [], ep.method)
            if v == authmod.AUTH:
                ep.authenticated, ep.auth, ep.auth_reason = True, "required", why
    if node is None:
        kind = _library_view_kind(data, route, resolver.replay, ep.method) \
            if data is not None else None
        if kind and kind != "page":  # a view the framework ships: no code of ours to trace
            ep.data_sites = [{"file": route.file, "line": route.line, "kind": kind}]
            ep.reaches_repository = True
        elif data is not None and route.framework == "nextjs":
            # an auth library's handler (better-auth's toNextJsHandler(auth)): the store its
            # configuration hands it
            sites = data.library_handler_sites(route.file, route.line)
            if sites:
                ep.data_sites = sites
                ep.reaches_repository = True
        if resolver.has_graph(route.file) and not route.extra.get("library_view") and \
                not route.extra.get("static"):  # (a file server: no handler of the tree)
            unresolved.append({"file": route.file, "line": route.line,
                               "reason": f"handler '{route.handler}' not found in the call graph"})
        fn = resolver.local_fn(route)
        if fn is not None and not ep.authenticated and \
                not route.extra.get("login_strategy") and authmod.handler_checks_credentials(fn):
            ep.authenticated, ep.auth = True, "required"
            ep.auth_reason = "the handler checks credentials and rejects with 401/403"
        return None
    return node, wrapper_nodes


def _view_class_sites(data, replay, route) -> list[dict]:
    """The data sites of the generic view class a Django/DRF route names (its `queryset`,
    `model`, serializer), found from the route's file through its imports."""
    from auditor.endpoints.frameworks.django_routes import preferring

    cls = route.extra["view_class"]
    found = preferring(replay, route.file, cls).get(cls.rsplit(".", 1)[-1]) or []
    if not found:
        return []
    path, op = found[0]
    return [{"file": s["file"], "line": s["line"], "kind": s["kind"]}
            for s in data.class_sites_at(path, op.get("line", 0))]


def _trace(ep, route, node, wrapper_nodes, resolver, graph, calls, language_of, facts, traced,
           data=None) -> None:
    d = graph.g.nodes[node]
    ep.handler = {"name": node, "file": d.get("file", route.file), "line": d.get("line", 0)}
    if node not in traced:
        chain, sites, dsites = trace(graph, node, calls, language_of,
                                     data=data if data is not None else DataAccess(facts, graph))
        traced[node] = (chain, sites, dsites,
                        hardcoded_response(chain, sites, facts, calls, dsites))
    chain, sites, dsites, hard = traced[node]
    # the wrapper runs first and may do the handler's lookups (`withHashFile` loading the
    # share the literal then serves); the entry of a route table the handler looks the route
    # up in (`routeHandlers["GET /"](req, res)`) does the route's work: their data and SQL
    # sites are the route's too
    table = route.extra.get("table_fn")
    # a login strategy run as the route's middleware (`passport.authenticate("google")`):
    # its verify function looks the user up (or creates it) as part of the route's work
    login = route.extra.get("login_strategy") if data is not None else None
    verifiers = [q for _f, q in data.passport_verifiers(login) if q in graph.g] if login else []
    for more in [*wrapper_nodes, resolver._node_at(*table) if table else None, *verifiers]:
        if more is None or more == node:
            continue
        wc, ws, wd, _h = _traced_once(more, graph, calls, language_of, traced,
                                      data if data is not None else DataAccess(facts, graph))
        names = {c.name for c in chain}
        chain = list(chain) + [ChainNode(c.name, c.file, c.line, c.layer, c.depth + 1)
                               for c in wc if c.name not in names]
        sites, dsites = _added_sites(sites, ws), _added_sites(dsites, wd)
    ep.chain = list(chain)  # (the nodes are shared: nothing changes them)
    if language_of.get(route.file) == "python" and ep.method not in ("ANY", "") and \
            (blocks := ((resolver.fn_for_node(node) or {}).get("method_blocks"))):
        sites, dsites = _method_scoped(ep.method, blocks, node, sites, dsites, graph, calls,
                                       language_of, traced, data, facts)
    ep.sql_sites = [{"file": s["file"], "line": s["line"]} for s in sites]
    ep.data_sites = [{"file": s["file"], "line": s["line"], "kind": s["kind"]} for s in dsites]
    own_method = (ep.handler or {}).get("name", "").rsplit(".", 2)[-2:-1] == \
        [str(route.extra.get("view_class") or "").rsplit(".", 1)[-1]]
    if data is not None and not ep.data_sites and route.extra.get("view_class") and \
            language_of.get(route.file) == "python" and not own_method:
        # (a method the routed view defines itself was traced with its own calls: it reads
        # the view's queryset only when it asks for it, `class_data_sites`)
        # the action is a method a mixin of the tree gives many views (`CachingViewsetMixin.
        # list` calling `super().list()`): the routed view's own queryset or model is the data
        # it reads, which the mixin's method (traced once for all of them) cannot name
        ep.data_sites = _view_class_sites(data, resolver.replay, route)
    if data is not None and not ep.data_sites and language_of.get(route.file) == "python":
        ep.data_sites = data.user_relationship_reads(chain)  # `current_user.courses`
    if data is not None and not ep.data_sites:  # a view the framework ships (LoginView...)
        kind = _library_view_kind(data, route, resolver.replay, ep.method) or \
            data.library_view_base(node, d.get("file", route.file), d.get("line", 0), ep.method)
        if not kind and any(data.names_model(route.file, route.extra[k]) for k in
                            ("view_model", "view_queryset") if route.extra.get(k)):
            kind = "orm"  # `View.as_view(model=Plan)`: the generic view reads that model
        if kind == "page":
            ep.page_view = "form page"  # the GET of LoginView...: the library renders its form
        elif kind:
            ep.data_sites = [{"file": route.file, "line": route.line, "kind": kind}]
        elif ep.method in ("GET", "HEAD"):
            # (read by endpoint-without-data): Django's TemplateView/RedirectView answers a
            # page or a redirect
            ep.page_view = data.page_view(node, d.get("file", route.file), d.get("line", 0))
    ep.reaches_sql = bool(sites)
    ep.reaches_service = any(c.layer == "service" for c in chain[1:])
    # a data site is the repository's work wherever it sits (a handler querying its ORM itself)
    ep.reaches_repository = any(c.layer == "repository" for c in chain[1:]) or \
        bool(ep.data_sites)
    ep.hardcoded_response = hard and not ep.data_sites
    # (a method of a handler that serves several, read on its own statements: the test one
    # method makes of the session is not the others')
    own_check = any(isinstance(m, str) and (resolver.replay.fns.get((route.file, m)) or {})
                    .get("handler_check") for m in ep.middleware or ())
    if not ep.authenticated and not route.extra.get("login_strategy") and not own_check:
        fn = resolver.fn_for_node(node)
        if fn is not None and authmod.handler_checks_credentials(fn):
            ep.authenticated, ep.auth = True, "required"
            ep.auth_reason = "the handler checks credentials and rejects with 401/403"
        elif fn is not None and (gates := _gates(fn, language_of.get(route.file))) and \
                not (fn.get("auth") or {}).get("next_on_missing") and \
                (gate := resolver._credential_gate(
                    d.get("file", route.file),
                    [(fn.get("auth") or {}).get("guard_before_password")]
                    if (fn.get("auth") or {}).get("password") else gates)):
            # `const auth = await getAuthenticatedAdmin(id); if (!auth) { 401 }`, `if ok, _ :=
            # IsLoggedIn(r); !ok { 403 }`, the helper reading the session (itself or in what it
            # calls)
            ep.authenticated, ep.auth = True, "required"
            ep.auth_reason = (f"the handler rejects with 401/403 when {gate}, which reads the "
                              "session or a credential, gives nothing" if gate not in
                              (fn.get("auth") or {}).get("reject_on_err", ()) else
                              f"the handler answers 401 (or sends to log in) when {gate}, which "
                              "reads the session or a credential, fails")
        elif fn is not None and language_of.get(route.file) in TS_LANGS and fn.get("delegates"):
            # `return handleRoute(req, res)`: the function it hands the request to is the
            # handler (another module's, through the imports)
            key = resolver.middleware_key(d.get("file", route.file), fn["delegates"])
            target = resolver.replay.fns.get(key) if key is not None else None
            if target is not None and authmod.handler_checks_credentials(target):
                ep.authenticated, ep.auth = True, "required"
                ep.auth_reason = (f"the handler hands the request to {fn['delegates']}, which "
                                  "checks credentials and rejects with 401/403")
        elif fn is not None and authmod.handler_guard_test(fn):
            ep.authenticated, ep.auth = True, "required"
            ep.auth_reason = ("the handler tests that the request is authenticated and "
                              "rejects it (or sends it to log in) when it is not")
    if ep.auth == "none" and language_of.get(route.file) == "go":
        _go_guard_call(ep, node, resolver, graph)
    if ep.auth == "none" and language_of.get(route.file) == "go":
        _reads_auth_header(ep, chain, resolver)
    if language_of.get(route.file) == "python" and (ep.auth == "none" or (
            ep.auth == "optional" and (not _route_level(ep.auth_reason, route.mw) or
                                       _lenient_scheme(ep.auth_reason, route, resolver,
                                                       resolver.fn_for_node(node))))):
        # (an app's middleware loading the user when a token is sent, `request.state.user`,
        # and a helper the handler calls refusing the request without one: required; an
        # optional dependency of the route itself says otherwise, the guarded function the
        # call graph shows being the one its factory makes when asked to require)
        _guarded_callee(ep, chain, resolver)
        if ep.auth == "none" and route.framework in ("django", "fastapi") and \
                ep.method in ("GET", "HEAD", "ANY"):
            # (Starlette's AuthenticationMiddleware sets request.user as Django's does)
            _reads_user(ep, chain, resolver)
    elif not ep.authenticated and language_of.get(route.file) in TS_LANGS and \
            not (route.framework == "nextjs" and route.handler == "default"):
        # (a pages/api handler's branches were judged per method, delegations included)
        _guard_call(ep, node, resolver, graph)
        prof = (resolver.fn_for_node(node) or {}).get("auth") or {}
        if ep.auth == "none" and prof.get("session_user") and not prof.get("rejects"):
            # (express-session: the page shows the logged-in user's things when there is one,
            # `req.session.userId`, and serves anonymous visitors too)
            ep.auth = "optional"
            ep.auth_reason = ("the handler reads the session's user when there is one and "
                              "rejects nobody without it")


TS_LANGS = ("typescript", "javascript", "tsx")


def _gates(fn: dict, lang: str | None) -> list[str]:
    """The calls a handler's own 401/403 hangs on, as each language's handlers are read:
    TypeScript any test of a result; Go a negated predicate (`if !IsLoggedIn(r)`) or an error
    answered at once with a 401 or a redirect to log in (`profile.unauthenticated_gates`)."""
    prof = fn.get("auth") or {}
    if lang in TS_LANGS:
        return list(prof.get("reject_on") or ())
    if lang == "go":
        return list(prof.get("reject_on_bool") or ()) + [
            g for g in prof.get("reject_on_err") or () if g not in (prof.get("reject_on_bool") or ())]
    return []

GUARD_CALLS = 6  # the handler's first in-tree calls that may be its credential check


def _calls_before_work(ep, node, graph) -> list[tuple[int, str]]:
    """(line, callee) of the handler's first GUARD_CALLS in-tree calls that come before its own
    work in its file (a data site before a call means a check there would be late)."""
    g = graph.g
    d = g.nodes[node]
    hfile, hline = d.get("file", ""), d.get("line", 0)
    work = min((s["line"] for s in ep.data_sites
                if s["file"] == hfile and s["line"] > hline), default=None)
    calls = sorted((data.get("line", 0), callee) for _c, callee, data in g.out_edges(node,
                                                                                    data=True)
                   if not g.nodes[callee].get("external"))
    return [(line, callee) for line, callee in calls[:GUARD_CALLS]
            if work is None or line < work]


def _uncalled_generated(routes, facts: dict, graph) -> set:
    """(file, line) of Go routes registered in generated files (oapi-codegen's
    `HandlerWithOptions`, emitted whether or not the program uses it) by a function that no
    function outside those files calls, however indirectly, and whose name (or a caller's in
    them) no call outside them names: the generator's helper, unused. (A generated file that
    registers no route counts as outside: its calls keep the routes.)"""
    from auditor.graph.go import generated

    gen = {r.file for r in routes if facts.get(r.file, {}).get("language") == "go" and
           generated(facts.get(r.file, {}))}
    if not gen or graph is None:
        return set()
    g = graph.g
    out: set = set()
    called: dict = {}
    # (the names hand-written Go code calls, as a backstop for a call the graph did not tie)
    hand_calls = {c.get("name") or "" for p, fx in facts.items()
                  if fx.get("language") == "go" and p not in gen for c in fx.get("calls") or ()}
    for r in routes:
        if r.file not in gen:
            continue
        node = graph.function_at(r.file, r.line)
        if node is None:
            continue
        if node not in called:
            seen, todo, used = {node}, [node], False
            while todo and not used and len(seen) < 500:
                for p in g.predecessors(todo.pop()):
                    if p in seen:
                        continue
                    f = g.nodes[p].get("file")
                    if f and f not in gen or g.nodes[p].get("name") in hand_calls:
                        used = True
                        break
                    seen.add(p)
                    todo.append(p)
            called[node] = used or len(seen) >= 500 or g.nodes[node].get("name") in hand_calls
        if not called[node]:
            out.add((r.file, r.line))
    return out


def _guard_call(ep, node, resolver, graph) -> None:
    """TS/JS: a handler whose credential check is a call, before its work, to an in-tree
    function (same file or imported) that reads the session or a credential and rejects:
    throws an authentication error (`await requireAuthenticated()`, whatever catches it), or
    answers 401/403 (`const denied = await ensureAdmin(); if (denied) return denied`). Each
    callee is judged by what it and its own callees (two calls deep) do, never by its name;
    one that reads the session and rejects nobody (`currentUserOrNull()`) is no check."""
    g = graph.g
    for line, callee in _calls_before_work(ep, node, graph):
        c = g.nodes[callee]
        prof = resolver.deep_profile(c.get("file", ""), c.get("line", 0))
        own = (resolver.fn_for_node(callee) or {}).get("auth") or {}
        if prof.get("reads_credential") and prof.get("rejects") and \
                not own.get("next_on_missing") and not own.get("password"):
            # (a login or a sign-up answers 401 to a wrong password its visitor sends)
            name = callee.rsplit("/", 1)[-1].rsplit(".", 1)[-1]
            ep.authenticated, ep.auth = True, "required"
            ep.auth_reason = (f"the handler first calls {name} (line {line}), which reads the "
                              "session or a credential and rejects with 401/403 or an "
                              "authentication error")
            return


def _go_guard_call(ep, node, resolver, graph) -> None:
    """Go: a handler whose credential check is its first in-tree call, before its work, to a
    function that answers 401 when a test fails (`if err := middleware.RequireLoggedInUser(deps,
    c); err != nil { return }` with `if !c.UserIsLogged() { SendError(c, 401, ...); return err
    }`), itself or in the in-tree functions it calls (two calls deep: `RequireLoggedInAdmin`
    calling `RequireLoggedInUser` before its own 403). Judged by what the callee does: a 401 is
    the answer to a request without valid credentials; a callee answering only 403 (a feature
    switch, a permission), one letting anonymous requests through, or a login checking the
    password it is sent is no such check."""
    if ((resolver.fn_for_node(node) or {}).get("auth") or {}).get("password"):
        return  # a login: its 401 answers a wrong password its visitor sends

    def tests_401(prof: dict) -> bool:
        # answers 401 on a test of its own (`if !c.UserIsLogged() {...}`), not an error
        # responder the handler calls after its own test (`ErrUnauthorized(err)`)
        return bool(prof.get("rejects") and prof.get("unauthorized") and
                    (prof.get("reject_on") or prof.get("reads_credential")) and
                    not prof.get("next_on_missing") and not prof.get("password"))

    for line, callee in _calls_before_work(ep, node, graph):
        own = (resolver.fn_for_node(callee) or {}).get("auth") or {}
        if not own.get("rejects") or own.get("next_on_missing") or own.get("password"):
            continue
        said = tests_401(own) or any(
            tests_401((resolver.fn_for_node(s) or {}).get("auth") or {})
            for s in resolver.callees_within(callee, depth=2))
        if not said and own.get("reject_on_bool") and not own.get("abort_only"):
            # its 401/403 hangs on a predicate that reads the session or a credential (`if
            # isAuthed, _ := IsLoggedIn(r); !isAuthed { errorHandler(w, r,
            # http.StatusForbidden); return false }`): a request without one is refused,
            # whatever the status (an error a lookup returns, `if err := f(d); err != nil`,
            # may be a share's or a permission's: not read so)
            c = graph.g.nodes[callee]
            said = bool(resolver._credential_gate(c.get("file", ""), own["reject_on_bool"]))
        if said:
            name = callee.rsplit("/", 1)[-1].rsplit(".", 1)[-1]
            ep.authenticated, ep.auth = True, "required"
            ep.auth_reason = (f"the handler first calls {name} (line {line}), which refuses the "
                              "request (401/403) when its test of the credential fails")
            return


_ENDS_SESSION = re.compile(r"log_?out|sign_?out|log_?off", re.IGNORECASE)
_STARTS_SESSION = re.compile(r"log_?in|sign_?in|sign_?up|register", re.IGNORECASE)


def _reads_auth_header(ep, chain, resolver) -> None:
    """Go: a route no guard covers whose handler, or a function it calls (three calls deep),
    reads the request's Authorization header and answers no 401/403 for it (`pgid.Extract(c)`
    behind `GetAccountFromRequest`, read for a personal view, anonymous requests served the
    public one): the credential is used when it is sent, optional auth. A logout reads the
    credential only to end its session (`DeleteSession(key)`): what it does for anonymous
    visitors is nothing, not a public view of something personal."""
    if chain and _ENDS_SESSION.search(chain[0].name.rsplit(".", 1)[-1]):
        return
    # (a login page asking whether its visitor already has a session, to send them on, is
    # public by design: the session it reads is the one it is about to start)
    login = bool(chain) and bool(_STARTS_SESSION.search(chain[0].name.rsplit(".", 1)[-1]))
    # the shallowest first: a handler's own helpers before its repository's many functions,
    # which fill a depth-first chain's head
    near = sorted((c for c in chain if c.depth <= 3), key=lambda c: c.depth)
    # (a login or a sign-up that asks whether its visitor already has a session is public by
    # design: the session it reads is the one it is about to start)
    own = ((resolver.fn_for_node(chain[0].name) or {}).get("auth") or {}) if chain else {}
    mine = None  # what the handler itself calls, two calls deep (not what a wrapper loads)
    for c in near[:48]:
        prof = (resolver.fn_for_node(c.name) or {}).get("auth") or {}
        if prof.get("auth_header") and not prof.get("rejects") and not prof.get("password"):
            ep.auth = "optional"
            ep.auth_reason = (f"{c.name.rsplit('.', 1)[-1]} reads the Authorization header "
                              "when it is sent and rejects nobody without it")
            return
        if prof.get("session_cookie") and c.depth <= 2 and not prof.get("rejects") and \
                not prof.get("password") and not own.get("password") and not login:
            if mine is None:
                h = chain[0].name
                mine = {h} | (set(resolver.callees_within(h, depth=2))
                              if resolver.cg is not None and h in resolver.cg.g else set())
            if c.name not in mine:
                continue  # (an adapter loading the session for every route it wraps)
            # (`isAuthed, user := IsLoggedIn(r)` reading `r.Cookie("session")` to show the
            # page to its user, anonymous visitors served too)
            ep.auth = "optional"
            ep.auth_reason = (f"{c.name.rsplit('.', 1)[-1]} reads the session cookie when it "
                              "is sent and rejects nobody without it")
            return


# the methods of a DRF view that only writes run, and those only reads run
_WRITE_RUNS = frozenset({"post", "put", "patch", "delete", "create", "update", "partial_update",
                         "destroy", "perform_create", "perform_update", "perform_destroy"})
_READ_RUNS = frozenset({"get", "list", "retrieve"})


def _reads_user(ep, chain, resolver) -> None:
    """Django/DRF: a read that lets anonymous requests in but whose view, or the functions it
    runs, reads `request.user` (private records shown to their owner, the user's own rows)
    serves the logged-in user differently: optional auth."""
    # (not the methods DRF runs for other HTTP methods: a read never runs `destroy`)
    other = _WRITE_RUNS if ep.method in ("GET", "HEAD", "OPTIONS") else _READ_RUNS
    root = resolver.fn_for_node(chain[0].name) if chain else None
    view_class = bool(chain) and (root is None or "." in (root.get("scope") or ""))
    for c in chain[:24]:
        if c.depth > 2 or (view_class and c.depth == 1 and "." in c.name and
                           c.name.rsplit(".", 1)[-1] in other):
            continue
        fn = resolver.fn_for_node(c.name)
        if fn is not None and fn.get("reads_user"):
            ep.auth = "optional"
            ep.auth_reason = f"{c.name.rsplit('.', 1)[-1]} reads request.user when it is there"
            return
        if c.depth == 0 and (fn is None or "." in (fn.get("scope") or "")):
            # a view class (or its method): the methods DRF or Django run on it
            short = c.name.rsplit(".", 1)[-1] if fn is None else fn["scope"].split(".")[0]
            owners = [(c.file, short)]
            for f, info in resolver.replay.classes.get(short, []):
                ser = (info.get("serializer") or "").rsplit(".", 1)[-1]
                if f == c.file and ser:  # the DRF serializer that renders what it reads
                    owners += [(sf, ser) for sf, _i in resolver.replay.classes.get(ser, [])[:1]]
            for (f, scope), op in resolver.replay.fns.items():
                if op.get("reads_user") and scope.rsplit(".", 1)[-1] not in other and any(
                        f == of and scope.startswith(oc + ".") and scope.count(".") == 1
                        for of, oc in owners):
                    ep.auth = "optional"
                    ep.auth_reason = f"{scope} reads request.user when it is there"
                    return


def _lenient_scheme(reason: str, route, resolver, handler: dict | None) -> bool:
    """The optional guard a verdict names is one of `fastapi.security`'s schemes made with
    `auto_error=False` (`oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token",
    auto_error=False)`): it only hands the handler the token or None, and what the handler then
    does with it (a decoder raising 401 on None) decides; unless the handler tests that
    parameter (`if token: user = decode(token)`), serving anonymous requests on purpose."""
    head = (reason or "").split(" ", 1)[0]
    fn = resolver.guard_fn(route.file, head) if head else None
    if not ((fn or {}).get("auth") or {}).get("scheme") or handler is None:
        return False
    bound = [p for p, default in handler.get("params") or ()
             if re.search(rf"\b(?:Depends|Security)\(\s*{re.escape(head)}\s*[,)]", default or "")]
    return bool(bound) and not set(bound) & set(handler.get("tested_params") or ())


def _discarded_scheme(ep, route, resolver, listed: set, handler: dict | None) -> None:
    """`router = APIRouter(dependencies=[Depends(http_bearer)])` with `http_bearer =
    HTTPBearer(auto_error=False)` (the usual way to show Swagger's Authorize button): the
    scheme hands None or the token to no parameter, so it guards nothing: none. Not when the
    handler takes the token itself (`token = Depends(http_bearer)`, `_lenient_scheme`); a
    library's view (`handler` None: fastapi-users' routers) cannot take the app's scheme."""
    if ep.auth != "optional":
        return
    head = (ep.auth_reason or "").split(" ", 1)[0].split("(", 1)[0]
    fn = resolver.guard_fn(route.file, head) if head else None
    if not ((fn or {}).get("auth") or {}).get("scheme") or head not in listed:
        return  # (a dependency listed on the route or its routers, not one a dependency of
        # the tree takes)
    takers = [handler or {}] + [resolver.guard_fn(route.file, m) or {} for m in listed
                                if m != head]
    if any(re.search(rf"\b(?:Depends|Security)\(\s*{re.escape(head)}\s*[,)]", default or "")
           for t in takers for _p, default in t.get("params") or ()):
        return  # (a parameter of the handler or of another dependency takes the token)
    ep.auth = "none"
    ep.auth_reason = (f"{head} is a security scheme made with auto_error=False, listed in "
                      "the route's dependencies and read by nothing: it lets every request "
                      "through")


def _route_level(reason: str, mw: list) -> bool:
    """Whether the guard a verdict's reason names is one of the route's own (a dependency or
    decorator written on it)."""
    head = (reason or "").split(" ", 1)[0]
    return bool(head) and any(isinstance(m, str) and (m == head or m.split("(", 1)[0] ==
                                                      head.split("(", 1)[0]) for m in mw)


def _guarded_callee(ep, chain, resolver) -> None:
    """Python: the handler's own callees guarded by an auth decorator (`@token_required` on the
    business function every request goes through) reject anonymous requests too."""
    for c in chain[1:]:
        if c.depth != 1:
            continue
        fn = resolver.fn_for_node(c.name)
        if fn is not None and authmod.handler_checks_credentials(fn):
            # a decorator's wrapper the call goes through (`@token_required` on the callee)
            ep.authenticated, ep.auth = True, "required"
            ep.auth_reason = f"{c.name.rsplit('.', 1)[-1]}, which the handler calls, checks " \
                             "credentials and rejects with 401/403"
            return
        outer = c.name.rsplit(".", 2)
        if len(outer) == 3 and resolver.cg.g.nodes[c.name].get("kind") == "closure" and \
                resolver.middleware_key(c.file, outer[1]) is not None and \
                _returns_closure(resolver, c.file, outer[1], outer[2]):
            # the call goes through a decorator's wrapper (`token_required.decorated`): the
            # decorator decides, with what it has its helpers do (`_check_access_token`)
            v, why = authmod.verdict(outer[1], resolver.guard_fn(c.file, outer[1]), [])
            if v != authmod.AUTH and authmod.handler_checks_credentials(
                    {"auth": resolver.deep_profile(c.file, c.line)}):
                v, why = authmod.AUTH, "its wrapper checks credentials and rejects with 401/403"
            if v == authmod.AUTH:
                ep.authenticated, ep.auth = True, "required"
                ep.auth_reason = f"the handler calls a function decorated with {outer[1]}: {why}"
                return
        for deco in (fn or {}).get("decorators", []):
            v, why = authmod.verdict(deco, resolver.middleware_fn(c.file, deco), [])
            if v == authmod.AUTH:
                ep.authenticated, ep.auth = True, "required"
                ep.auth_reason = f"{c.name.rsplit('.', 1)[-1]}, which the handler calls, is " \
                                 f"guarded by {deco}"
                return


def _added_sites(sites: list, more: list) -> list:
    """`sites` and those of `more` at a place (file, line) none of `sites` is."""
    have = {(x["file"], x["line"]) for x in sites}
    return list(sites) + [x for x in more if (x["file"], x["line"]) not in have]


def _returns_closure(resolver, file: str, outer: str, inner: str) -> bool:
    """A decorator hands back the wrapper it defines (`return decorated`); a function that only
    defines views inside it (an app factory's `def login(): ...`) hands back something else."""
    rets = (resolver.middleware_fn(file, outer) or {}).get("returns")
    return not rets or inner in rets


def _implicit_app_routes(replay) -> list[Endpoint]:
    out = []
    for r in replay.routers:
        if r.framework != "fastapi" or r.parents or r.implicit_root or r.docs is None:
            continue
        docs = getattr(r, "docs", None) or {}
        for key, default, method in (("openapi_url", "/openapi.json", "GET"),
                                     ("docs_url", "/docs", "GET"),
                                     ("redoc_url", "/redoc", "GET")):
            url = docs.get(key, default)
            if isinstance(url, str) and url.startswith("expr:"):  # f"{settings.API}/openapi.json"
                url = replay.value(url[5:])
                if url is None:
                    continue  # its path has no single value in the code
            if url is None or (key != "openapi_url" and docs.get("openapi_url", "") is None):
                continue
            out.append(Endpoint(method, url, "fastapi",
                                {"name": f"fastapi.{key}", "file": r.file, "line": r.line},
                                {"file": r.file, "line": r.line}, implicit=True))
        if docs.get("docs_url", "/docs") is not None and docs.get("openapi_url", "") is not None:
            url = docs.get("swagger_ui_oauth2_redirect_url", "/docs/oauth2-redirect")
            if url:
                out.append(Endpoint("GET", url, "fastapi",
                                    {"name": "fastapi.swagger_ui_oauth2_redirect_url",
                                     "file": r.file, "line": r.line},
                                    {"file": r.file, "line": r.line}, implicit=True))
    return out


def _dedupe(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for u in items:
        k = (u["file"], u["line"], u["reason"])
        if k not in seen:
            seen.add(k)
            out.append(u)
    return sorted(out, key=lambda u: (u["file"], u["line"]))
