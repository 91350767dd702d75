"""Route ops -> registered routes with full paths and the middleware declared around them.

The per-file extractors record what the source does to routers (create, group, use, route,
mount, hand to another function); this module replays those ops in execution order: a function
that receives a router (`setupRoutes(v1, h)`) is replayed with its parameter bound to the caller's
router, a Chi `Route("/p", func(r chi.Router) {...})` literal with `r` bound to the child, and a
Python/TS module-level router is found through the importing file's imports. Each `use` and each
route gets a sequence number so that the framework's ordering rules can be applied afterwards.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

# the Flask libraries whose `Api(prefix=...)` a subclass of the tree may extend
_FLASK_API_LIBS = frozenset(("flask_restx", "flask_restplus", "flask_restful"))


# Go parameter types that cannot hold a router: a function handing one of these on (a flag, an
# address) is no registration function waiting for its caller's router
_BASIC_TYPES = frozenset({"string", "bool", "int", "int64", "int32", "uint", "float64", "[]string",
                          "error", "time.Duration"})
DERIVED = "\0derived:"  # env key: a variable made by an unknown method of a known router
# env key: a Go parameter bound at a call that hands a router on -> (caller's file, caller's
# scope, the argument's text, the caller's own such bindings): what a loop over a parameter
# (`for _, rt := range routes`) ranges over, per call site (frameworks.go_tables)
ARG = "\0arg:"
# env key: a Go string parameter bound to the value the call that is being replayed passes
# (`RX(r, "/user", ...)` -> pathPrefix = "/user"); STRS: a variadic one (`h501(r, "a", "b")`)
STR = "\0str:"
STRS = "\0strs:"
_PY_STR = re.compile(r"""(['"])[^'"\\\n]*\1""")  # a plain Python string literal
STRUCT = "\0struct:"  # env key: a local bound to a struct literal -> {field: router}
BOOL = "\0bool:"  # a Go bool parameter bound to the literal the call passes
# a Go parameter type that holds a router or a route group of a framework
_ROUTER_TYPE = re.compile(r"\b(?:gin\.(?:RouterGroup|Engine|IRouter|IRoutes)|echo\.(?:Echo|Group)|"
                          r"fiber\.(?:Router|App)|chi\.(?:Router|Mux)|mux\.Router|"
                          r"http\.ServeMux)\b")


# `require('./tools')()`, `require('./api')(app).v1`: a CommonJS module's function called
_REQUIRED_CALL = re.compile(r"(require\(\s*['\"][^'\"]+['\"]\s*\)\(.*?\))(?:\.([A-Za-z_$][\w$]*))?",
                            re.S)


def _factory_call(expr: str) -> str | None:
    """`stripeRouter()`, `adminRouter(io)`: the called name when `expr` is one call of a bare
    name whose parentheses close at its end (read with string scans: no pattern to backtrack)."""
    at = expr.find("(")
    name = expr[:at]
    if at <= 0 or not expr.endswith(")") or not name.replace("$", "_").isidentifier():
        return None
    depth = 0
    for i in range(at, len(expr)):
        depth += (expr[i] == "(") - (expr[i] == ")")
        if depth == 0:
            return name if i == len(expr) - 1 else None
    return None


def strings_of(env: dict) -> dict:
    """The string parameters bound in a replay environment, by name."""
    return {k[len(STR):]: v for k, v in env.items() if k.startswith(STR)}


@dataclass
class Router:
    id: int
    framework: str
    prefix: str  # its own prefix, relative to whatever it is mounted on
    file: str
    line: int
    name: str
    seq: int
    parents: list = field(default_factory=list)  # [(parent_id, mount_prefix, seq, mw, file, line)]
    implicit_root: bool = False  # a router we could not trace to its creation
    docs: dict | None = None  # FastAPI(): docs_url/redoc_url/openapi_url as given
    mount_default: str = ""  # where a mount that names no prefix puts it (RESTX Namespace)
    sub: bool = False  # express.Router(): serves nothing until an app mounts it


@dataclass
class Use:
    seq: int
    router: int
    prefix: str
    names: list
    file: str
    line: int
    outer_first: bool = False  # Starlette add_middleware: the last added runs first
    wraps: bool = False  # Go: a handler wrapping the whole router (`return auth(mux)`)


@dataclass
class Route:
    seq: int
    router: int
    method: str
    path: str | None
    path_text: str
    handler: str
    mw: list
    file: str
    line: int
    scope: str
    framework: str
    handler_line: int = 0
    extra: dict = field(default_factory=dict)


# fastapi-users' router factories (fastapi_users/router/*.py, 10.x-15.x): (method, path, the
# route depends on authenticator.current_user) of the routes each one declares
FASTAPI_USERS_ROUTERS = {
    "get_auth_router": [("POST", "/login", False), ("POST", "/logout", True)],
    "get_register_router": [("POST", "/register", False)],
    "get_reset_password_router": [("POST", "/forgot-password", False),
                                  ("POST", "/reset-password", False)],
    "get_verify_router": [("POST", "/request-verify-token", False), ("POST", "/verify", False)],
    "get_users_router": [("GET", "/me", True), ("PATCH", "/me", True), ("GET", "/{id}", True),
                         ("PATCH", "/{id}", True), ("DELETE", "/{id}", True)],
    "get_oauth_router": [("GET", "/authorize", False), ("GET", "/callback", False)],
    "get_oauth_associate_router": [("GET", "/authorize", True), ("GET", "/callback", True)],
}
_LIB_ROUTER_CALL = re.compile(r"(?<![\w.])[\w.]+\.(get_\w+_router)\(")
# gorilla/mux's `r.PathPrefix("/p").Subrouter()` (an API of that router only)
_SUBROUTER = re.compile(r'(?<![\w.])([\w.]+)\.PathPrefix\("([^"\\]*)"\)\.Subrouter')
# Go frameworks whose app is one object a program makes once (fiber.New(), echo.New(), gin.New())
_GO_APP_FRAMEWORKS = ("fiber", "echo", "gin")
_CALL1 = re.compile(r"^([A-Za-z_][\w.]*)\(\s*([^,()]+?)\s*\)$")


class Replay:
    def __init__(self, facts: dict[str, dict], graph=None) -> None:
        self.facts = facts
        self.graph = graph
        self.nest_prefix = ""
        self.routers: list[Router] = []
        self.uses: list[Use] = []
        self.routes: list[Route] = []
        self.unresolved: list[dict] = []
        self.unbound_factories: set[tuple] = set()  # (file, scope, var) a factory made no router
        self.seq = 0
        self.scopes: dict[tuple[str, str], list[dict]] = {}
        self.fns: dict[tuple[str, str], dict] = {}
        self.fns_by_name: dict[str, list[tuple[str, str]]] = {}
        self.children: dict[tuple[str, str], list[str]] = {}
        self.imports: dict[str, dict[str, tuple[str, str]]] = {}  # file -> alias -> (file, name)
        self.module_env: dict[str, dict] = {}
        self.implicit: dict[tuple, int] = {}
        self.injected: set = set()  # implicit roots of injected literals (`_go_injected`)
        self.pkg_routers: dict[tuple, int] = {}  # (Go package dir, package variable) -> router
        self.field_routers: dict[str, set] = {}  # Go struct field set in a method -> routers
        self.done: set[tuple[str, str]] = set()
        self.py_modules: dict | None = None
        self.values = None  # auditor.endpoints.values.Values, built on first use
        self.dep_aliases: dict[str, list[list[str]]] = {}
        self.dep_refs: dict[str, list[str]] = {}  # alias -> "fn()" whose Annotated it is
        self.optional_deps: set[str] = set()  # aliases made with optional=True/auto_error=False
        self.slices: dict[tuple[str, str], list[str]] = {}  # (package dir, slice) -> functions
        self.classes: dict[str, list[tuple[str, dict]]] = {}
        self.instances: dict[tuple[str, str], dict] = {}
        self.params: dict[int, list[tuple[str, str, str, int]]] = {}  # Express router.param
        self.nest_guards: list[str] = []
        self.guard_classes: dict[str, dict] = {}  # NestJS guard classes built on another guard
        self.typed: dict[str, list[int]] = {}  # Go struct type -> routers it is built around
        # Go struct type -> [(field, router, file of the literal, its package qualifier)]
        self.typed_fields: dict[str, list[tuple]] = {}
        self.providers: set[tuple[str, str]] = set()  # scopes that return routers so wrapped
        self.facts_files = list(facts)
        self.py_call_vars: dict[tuple[str, str], str] = {}  # (file, var) -> callee it holds
        ignored = _go_ignored_packages(facts)
        for path, fx in facts.items():
            if fx.get("extra", {}).get("go_never_built") or path in ignored:
                continue  # not part of any build (index.gobuild)
            for op in fx.get("routes", []):
                kind = op.get("op")
                if kind == "fn":
                    key = (path, op["scope"])
                    self.fns[key] = op
                    self.fns_by_name.setdefault(op["name"], []).append(key)
                    if op.get("parent_scope"):
                        self.children.setdefault((path, op["parent_scope"]), []).append(op["scope"])
                    continue
                if kind == "import":
                    continue
                if kind == "nest_prefix":  # app.setGlobalPrefix("api"): applies to every controller
                    self.nest_prefix = op.get("prefix") or ""
                    continue
                if kind == "nest_guards":
                    self.nest_guards.extend(op.get("mw", []))
                    continue
                if kind == "nest_guard_class":
                    self.guard_classes.setdefault(op["name"], {**op, "file": path})
                    continue
                if kind == "class":
                    self.classes.setdefault(op["name"], []).append((path, op))
                    continue
                if kind == "instance":  # module-level `x = SomeClass(...)`
                    self.instances[(path, op["var"])] = op
                    # (replayed too: the class may be a router subclass, `UserAPIRouter()`)
                if kind == "dep_alias":  # FastAPI: X = Annotated[T, Depends(dep)]
                    self.dep_aliases.setdefault(op["name"], []).append(op.get("deps", []))
                    continue
                if kind == "dep_alias_ref":  # X = make_annotated(...): what that returns
                    self.dep_refs.setdefault(op["name"], []).append(op["ref"])
                    if op.get("optional"):
                        self.optional_deps.add(op["name"])
                    continue
                if kind == "const":
                    continue
                if kind == "py_call_var":  # Python: x = some_function(...) inside a function
                    self.py_call_vars.setdefault((path, op["var"]), op["callee"])
                    continue
                if kind == "typed_router":
                    self.providers.add((path, op.get("scope", "")))
                if kind == "slice_add":  # Go: registrars = append(registrars, registerX)
                    self.slices.setdefault((posixpath.dirname(path), op["slice"]), []).extend(
                        op.get("fns", []))
                    continue
                self.scopes.setdefault((path, op.get("scope", "<module>")), []).append(op)
        from auditor.endpoints.modules import _ts_alias_resolver, build_imports

        self.imports = build_imports(facts, graph)
        self._ts_alias = _ts_alias_resolver(graph)  # tsconfig `paths` of a require() specifier
        # Python functions some call hands a router and takes back (`x = f(APIRouter(...))`):
        # what they do to their parameter is replayed there, not on a router of that name
        self.applied: set[tuple[str, str]] = set()
        for (path, _scope), ops in self.scopes.items():
            for op in ops:
                if op["op"] == "py_apply":
                    key = self.py_function(path, op["callee"])
                    if key and self.fns[key].get("returns_param"):
                        self.applied.add(key)
                elif op["op"] == "py_pass" or op["op"] == "wrapper_call":
                    # (a wrapper_call of a function without a URL rule is replayed as a pass)
                    key = self.py_function(path, op["callee"])
                    if key and not (op["op"] == "wrapper_call" and self.fns[key].get("url_rule")):
                        self.applied.add(key)

    # -- routers --------------------------------------------------------------------------------
    def router_class(self, name: str, depth: int = 0) -> dict | None:  # noqa: C901
        """{"mw", "prefix"} of a FastAPI `APIRouter` subclass named `name` (its `__init__`'s
        `super().__init__(dependencies=..., prefix=...)`, on top of its router bases'), or None
        when no class of that name in the tree is one."""
        if depth > 4:
            return None
        from auditor.endpoints.frameworks.python import DRF_ROUTERS

        for _path, c in self.classes.get(name, ()):
            bases = [b.rsplit(".", 1)[-1] for b in c.get("bases", ())]
            inherited = None
            if "APIRouter" in bases:
                inherited = {"mw": [], "prefix": None}
            elif "Api" in bases and any(
                    (i.get("target") or "").split(".", 1)[0] in _FLASK_API_LIBS
                    for i in (self.facts.get(_path) or {}).get("imports", ()) or ()):
                # `class CustomApi(Api)` over flask_restx's (or Flask-RESTful's) Api, made in
                # another module with `CustomApi(prefix="/api")`: that Api, its prefix the
                # instance's
                inherited = {"mw": [], "prefix": None, "framework": "flask"}
            elif DRF_ROUTERS.intersection(bases):
                # `class MixedViewRouter(SimpleRouter)` in another module: a DRF router whose
                # `register` and `urls` are the base's
                inherited = {"mw": [], "prefix": None, "framework": "django"}
            else:
                for b in bases:
                    if b != name and b.endswith("Router"):
                        inherited = self.router_class(b, depth + 1)
                        if inherited is not None:
                            break
            if inherited is None:
                continue
            if inherited.get("framework"):
                return inherited  # a DRF router: its prefixes come from `register`
            own = c.get("router_init") or {}
            return {"mw": list(inherited.get("mw") or []) + list(own.get("mw") or []),
                    "prefix": own.get("prefix") if own.get("prefix") is not None
                    else inherited.get("prefix")}
        return None

    def new_router(self, framework, prefix, file, line, name, implicit=False) -> int:
        self.seq += 1
        r = Router(len(self.routers), framework, prefix or "", file, line, name, self.seq,
                   implicit_root=implicit)
        self.routers.append(r)
        return r.id

    def lookup(self, file: str, env: dict, expr: str, framework: str, line: int,
               create: bool = True) -> int | None:
        if expr in env:
            return env[expr]
        base = expr.split(".", 1)[0]
        if base in env and "." not in expr:
            return env[base]
        got = self.lookup_import(file, expr)
        if got is not None:
            return got
        if "." not in expr and self._is_ts(file):
            got = self.bound_param_router(file, expr)
            if got is not None:
                return got
        if "." not in expr and (posixpath.dirname(file), expr) in self.pkg_routers:
            return self.pkg_routers[(posixpath.dirname(file), expr)]
        if not create:
            return None
        # a router whose creation we did not see (a struct field, a global of another package)
        key = (posixpath.dirname(file), expr.rsplit(".", 1)[-1], framework)
        if key not in self.implicit:
            # the same name seen first where the framework could not be told (`e.Use(mw)` on
            # `e := do.MustInvoke[*echo.Echo](injector)`), or the other way round: one router
            same = [k for k in self.implicit if k[:2] == key[:2] and (not k[2] or not framework)]
            if len(same) == 1:
                rid = self.implicit[same[0]]
                if framework and not self.routers[rid].framework:
                    self.routers[rid].framework = framework
                self.implicit[key] = rid
            else:
                self.implicit[key] = self.new_router(framework, "", file, line, expr,
                                                     implicit=True)
        return self.implicit[key]

    def lookup_import(self, file: str, expr: str) -> int | None:
        """A module-level router of another file, reached through this file's imports."""
        imps = self.imports.get(file, {})
        inline = _REQUIRED_CALL.fullmatch(expr or "")
        if inline is not None and not file.endswith((".py", ".go")):
            return self.required_router(file, inline.group(1), inline.group(2) or "")
        if expr.startswith("require(") and not file.endswith((".py", ".go")):
            return self.required_module(file, expr)  # app.use('/api/users', require('./users'))
        made = _factory_call(expr or "") if not file.endswith((".py", ".go")) else None
        if made is not None:
            return self.factory_router(file, made)  # app.use('/x', makeRouter(io))
        head, _, rest = expr.partition(".")
        if head in imps:
            tfile, name = imps[head]
            if name and not rest:
                return self.module_router(tfile, name)
            if not name and rest:
                return self.module_router(tfile, rest.split(".")[0])
            if name and rest and tfile.endswith(".py"):
                # `from .base import UserController; @UserController.ROUTER.get(...)`: a
                # router that is an attribute of an imported class
                return self.module_router(tfile, f"{name}.{rest}")
            if not name and not rest and tfile.endswith(".py"):
                # Django `include((v1_urls, "v1"))` with `from app.api.v1 import urls as
                # v1_urls`: the module object, whose urlpatterns Django reads
                return self.module_router(tfile, "urlpatterns")
            if name == "default" and rest and not tfile.endswith(".py"):
                # `const routes = require('./routes'); app.use('/api', routes.api)`: a CommonJS
                # module's exports object (module.exports = { api: apiRouter })
                return self.module_router(tfile, rest.split(".")[0])
        elif not file.endswith((".py", ".go")):
            return self.required_router(file, head, rest)
        return None

    def bound_param_router(self, file: str, name: str) -> int | None:
        """JavaScript: a parameter of the function a CommonJS module exports (`module.exports
        = function (app, urlPrefix) { app.use(...) }`) that every call of the module in the
        tree hands the same router of the caller (`require('./routes')(app, urlPrefix)` after
        `const app = express()`): that router, its middleware and order included."""
        from auditor.endpoints.frameworks.typescript import export_callers

        got = set()
        for g, arg in export_callers(self, file, name):
            rid = self.module_env.get(g, {}).get(arg) if arg else None
            if rid is None:
                return None
            got.add(rid)
        return got.pop() if len(got) == 1 else None

    def required_router(self, file: str, head: str, rest: str) -> int | None:
        """JavaScript: `const api = require('./apiv1')(app); app.use('/apiv1', api.v1)` (and
        `app.use('/tools', require('./tools')())`): the router the module's exported function
        returns, itself or as the field of the object it returns (`return { v1: routerV1 }`)."""
        from auditor.endpoints.frameworks.typescript import REQUIRE_CALL
        from auditor.endpoints.modules import _ts_target

        inline = REQUIRE_CALL.match(head) if head.startswith("require(") else None
        callees = [inline.group(0)] if inline else [
            (a.get("value") or {}).get("callee") or "" for a in
            self.facts.get(file, {}).get("assigns") or ()
            if head in (a.get("targets") or [a.get("target")]) and
            (a.get("value") or {}).get("kind") == "call"]
        for callee in callees:
            m = REQUIRE_CALL.fullmatch(callee)
            if m is not None:
                tfile = _ts_target(file, m.group(1), self._fact_files(), None)
            else:
                tfile, tname = self.imports.get(file, {}).get(callee, ("", ""))
                tfile = tfile if tname in ("default", "") else ""
            if not tfile:
                continue
            owner = (self.facts.get(tfile, {}).get("module") or "") + ".default"
            for r in self.facts.get(tfile, {}).get("returns") or ():
                rv = r.get("value") or {}
                if r.get("func") != owner:
                    continue
                name = ""
                if not rest and rv.get("kind") == "name":
                    name = rv.get("text") or ""
                elif rest and rv.get("kind") == "dict" and rest in (rv.get("keys") or []):
                    part = (rv.get("parts") or [])[(rv.get("keys") or []).index(rest)]
                    name = part.get("text") or "" if part.get("kind") == "name" else ""
                if name:
                    got = self.module_router(tfile, name)
                    if got is not None:
                        return got
        return None

    def files_in(self, folder: str) -> list[str]:
        """The JavaScript/TypeScript modules directly in `folder` (an index built once)."""
        by_dir = self.__dict__.get("_files_by_dir")
        if by_dir is None:
            by_dir = self.__dict__["_files_by_dir"] = {}
            for f in self.facts_files:
                if f.endswith((".ts", ".js", ".mjs", ".cjs", ".mts", ".cts")) and \
                        not f.endswith(".d.ts"):
                    by_dir.setdefault(posixpath.dirname(f), []).append(f)
            for lst in by_dir.values():
                lst.sort()
        return by_dir.get(folder, [])

    def module_router(self, file: str, name: str, hops: int = 0) -> int | None:
        if file not in self.module_env:
            self.module_env[file] = {}
            self.run(file, "<module>", self.module_env[file])
        got = self.module_env[file].get(name)
        if got is None and hops < 8 and file.endswith(".py"):
            # a Python module's imported names are attributes of it: a package `__init__.py`
            # that does `from app.main.views import main` re-exports the blueprint
            head, dot, rest = name.partition(".")
            imps = self.imports.get(file, {})
            tfile, tname = imps.get(head, ("", ""))
            if tfile and tname and tfile != file:
                return self.module_router(tfile, tname + dot + rest, hops + 1)
            for key, (tfile, _n) in imps.items():  # `from .router import *`
                if key.startswith("*py:") and tfile != file:
                    got = self.module_router(tfile, name, hops + 1)
                    if got is not None:
                        return got
        if got is None and hops < 8 and not file.endswith(".py"):
            # an ES module that exports a binding it imported (`import { router as record }
            # from './record'; export { record }`): the router of the module it came from
            tfile, tname = self.imports.get(file, {}).get(name, ("", ""))
            if tfile and tname and tfile != file:
                got = self.module_router(tfile, tname, hops + 1)
        if got is None and hops < 8 and not file.endswith(".py"):
            # `import UserRouter from "@routes/User"; ...; export default
            # userRouter.getRouter()` (an alias of the imported class): what that module's
            # binding of the name is
            for op in self.scopes.get((file, "<module>"), ()):
                if op.get("op") == "alias" and op.get("var") == name:
                    tfile, tname = self.imports.get(file, {}).get(op.get("of") or "", ("", ""))
                    if tfile and tname and tfile != file:
                        got = self.module_router(tfile, tname, hops + 1)
                        if got is not None:
                            return got
        if got is None and hops < 8 and not file.endswith(".py"):
            # CommonJS `module.exports = require('./routes')`: that module's names are this one's
            tfile, _ = self.imports.get(file, {}).get("*reexport", ("", ""))
            if tfile and tfile != file:
                return self.module_router(tfile, name, hops + 1)
        return got

    # -- replay ---------------------------------------------------------------------------------
    def run(self, file: str, scope: str, env: dict, depth: int = 0) -> None:
        key = (file, scope)
        if depth > 12 or (key in self.done and depth == 0 and scope != "<module>"):
            return
        self.done.add(key)
        for op in self.scopes.get(key, []):
            self.step(file, op, env, depth)
        for child in self.children.get(key, []):
            ck = (file, child)
            if ck not in self.done and ck in self.scopes:
                self.run(file, child, dict(env), depth + 1)

    def expand_dep_aliases(self, mw: list[str]) -> list[str]:
        """FastAPI dependencies named through an alias (`user: CurrentUser`, where
        `CurrentUser = Annotated[User, Depends(get_current_user)]`; `dependencies=[DependAuth]`
        with `DependAuth = Depends(AuthControl.is_authed)` imported) depend on what the alias
        names; annotations that are no alias (`user: User`) are dropped."""
        out: list[str] = []
        for m in mw:
            if not m.startswith("annot:"):
                out.append(m)
                continue
            found = self.dep_aliases.get(m[6:])
            if not found and self.dep_refs.get(m[6:]):
                # `ViewNode = require_scopes(...)`, require_scopes returning Annotated[...]
                found = [d for ref in self.dep_refs[m[6:]] for d in self.dep_aliases.get(ref, [])]
                if len(found) != len(self.dep_refs[m[6:]]):
                    found = []  # one of its meanings is no dependency alias
            if found and all(d == found[0] for d in found):  # one meaning in the tree
                out.extend(d for d in found[0] if d not in out)
        return out

    def step(self, file: str, op: dict, env: dict, depth: int) -> None:
        kind = op["op"]
        if any(isinstance(m, str) and m.startswith("annot:") for m in op.get("mw") or ()):
            op = {**op, "mw": self.expand_dep_aliases(op["mw"])}  # FastAPI aliases of Depends
        if op.get("param_of") and (file, op["param_of"]) in self.applied and \
                op["target"].split(".")[0] not in env:
            return  # replayed on the router each call hands the function (py_apply)
        fw = op.get("framework", "")
        line = op.get("line", 0)
        if kind == "new":
            rid = self.new_router(op["framework"], self.prefix_of(op, file, line), file, line,
                                  op["var"])
            env[op["var"]] = rid
            if op.get("pkg_var") and self._is_go(file):
                # `var Router *gin.Engine` set in one function, grouped in the package's others
                self.pkg_routers[(posixpath.dirname(file), op["var"])] = rid
            self.routers[rid].docs = op.get("docs")
            self.routers[rid].mount_default = op.get("mount_default") or ""
            self.routers[rid].sub = bool(op.get("sub"))
            for names in op.get("mw", []) and [op["mw"]]:
                self.seq += 1
                self.uses.append(Use(self.seq, rid, "", list(names), file, line))
        elif kind == "instance":
            rc = self.router_class(op["cls"])
            if rc is not None:  # `router = UserAPIRouter(prefix="/x")`: an APIRouter with its
                # class's dependencies, then the instance's own
                prefix = op.get("prefix") if op.get("prefix") is not None else rc.get("prefix")
                rid = self.new_router(rc.get("framework") or "fastapi", prefix or "", file, line,
                                      op["var"])
                env[op["var"]] = rid
                names = list(rc.get("mw") or []) + list(op.get("mw") or [])
                if names:
                    self.seq += 1
                    self.uses.append(Use(self.seq, rid, "", names, file, line))
        elif kind == "group":
            parent = self.lookup(file, env, op["parent"], fw, line)
            pr = self.routers[parent]
            prefix = self.prefix_of(op, file, line, env) if op.get("go_prefix") \
                else op.get("prefix")
            rid = self.new_router(pr.framework, prefix or "", file, line, op["var"])
            self.routers[rid].parents.append((parent, "", self.seq, [], file, line))
            if op.get("prefix") is None:
                self.unresolved.append({"file": file, "line": line,
                                        "reason": "group prefix is not a string literal"})
            if op.get("mw"):
                self.seq += 1
                self.uses.append(Use(self.seq, rid, "", list(op["mw"]), file, line))
            if op.get("inline"):
                # Chi Route/Group literal: its parameter names the child inside the literal only
                self.run(file, op["inline"], {**env, op["var"]: rid}, depth + 1)
            else:
                env[op["var"]] = rid
                recv, _, field = op["var"].partition(".")
                if field.isidentifier() and self._is_go(file) and \
                        (self.fns.get((file, op.get("scope", ""))) or {}).get("recv_name") == recv:
                    # `r.MainGroup = e.Group("/api/v1")` in a method: the field's router, for
                    # routers reached through that field elsewhere (`_adopt_go_roots`)
                    self.field_routers.setdefault(field, set()).add(rid)
        elif kind == "param":  # Express app.param(name, loader): router-local
            rid = self.lookup(file, env, op["target"], fw, line)
            self.params.setdefault(rid, []).append((op["name"], op["fn"], file, line))
        elif kind == "use" and op.get("dir_each"):
            # a loop over the folder's files mounting each at its name (see typescript._dir_each)
            here = posixpath.dirname(file)
            skip = set(op["dir_each"].get("exclude") or ())
            for f in sorted(self.facts):
                stem, ext = posixpath.splitext(posixpath.basename(f))
                if posixpath.dirname(f) != here or f == file or stem in skip or \
                        ext not in (".js", ".ts", ".mjs", ".cjs") or stem.endswith((".test", ".spec")):
                    continue
                child = f"require('./{stem}')"
                self.step(file, {**{k: v for k, v in op.items() if k not in ("dir_each",
                                                                              "prefix_parts",
                                                                              "prefix_maybe")},
                                 "prefix": "/" + stem, "mw": [f"module:./{stem}"],
                                 "children": [child]}, env, depth)
        elif kind == "use":
            rid = self.lookup(file, env, op["target"], fw, line)
            names = []
            op = self.use_prefix(file, op, line)
            for i, name in enumerate(op["mw"]):
                child_expr = (op.get("children") or [None] * len(op["mw"]))[i]
                child = self.lookup(file, env, child_expr, fw, line, create=False) \
                    if child_expr else None
                if child is not None and child != rid:
                    # Express: app.use('/api', router) mounts a router
                    self.seq += 1
                    self.routers[child].parents.append((rid, op.get("prefix") or "", self.seq,
                                                        list(names), file, line))
                    continue
                if name in (op.get("ranges") or {}):
                    # `for _, m := range mw { r.Use(m) }`: each element of the slice, written
                    # where the slice is (resolved in that file)
                    for efile, elem in self.slice_elements(file, op.get("scope", ""),
                                                           op["ranges"][name], env):
                        self.seq += 1
                        self.uses.append(Use(self.seq, rid, op.get("prefix") or "", [elem],
                                             efile, line))
                    continue
                names.append(name)
            if op.get("wraps") and self._is_go(file):
                # (`return routes.SetupRoutes(r)` whose function takes the router and returns
                # it: it configured the router, it wraps nothing)
                names = [n for n in names if not any(
                    (self.fns.get(k) or {}).get("router_in_out")
                    for k in self.candidates(file, n, op.get("scope", "")))]
            if names:
                self.seq += 1
                u = Use(self.seq, rid, op.get("prefix") or "", names, file, line)
                u.outer_first = bool(op.get("outer_first"))
                u.wraps = bool(op.get("wraps"))
                self.uses.append(u)
        elif kind == "use_dir":
            # Express: a loop over the files of a folder mounting each module's default export
            rid = self.lookup(file, env, op["target"], fw, line)
            for mfile in self.files_in(op["dir"]):
                if mfile == file:
                    continue
                child = self.module_router(mfile, "default")
                if child is not None and child != rid:
                    self.seq += 1
                    self.routers[child].parents.append((rid, op.get("prefix") or "", self.seq,
                                                        list(op.get("mw", [])), file, line))
        elif kind == "alias":
            if op["of"] in env:
                env[op["var"]] = env[op["of"]]
            elif op.get("lookup"):  # Go `admin := group.Use(mw)`: the group itself
                env[op["var"]] = self.lookup(file, env, op["of"], fw, line)
        elif kind == "nest_prefix":
            self.nest_prefix = op.get("prefix") or ""
        elif kind == "nest_guards":
            self.nest_guards.extend(op.get("mw", []))
        elif kind == "route":
            if op.get("if_bound") and op["target"] not in env:
                return  # a call on a parameter of a struct type no router was bound to
            if op.get("via_factory"):
                factory = self.route_factory(file, op["via_factory"])
                if factory is None:
                    return  # a decorator handed a name and a path that registers nothing
                op = {**op, "mw": list(factory.get("mw", ())) + list(op.get("mw", ()))}
            when = op.get("when")
            if when and BOOL + when[0] in env and env[BOOL + when[0]] != when[1]:
                return  # `if persistable { r.Post(...) }` replayed with persistable = false
            if op.get("path") is None and (file, op.get("scope", ""), op["target"].split(".")[0]) \
                    in self.unbound_factories and not any(
                        "s" in p for p in (op.get("extra") or {}).get("go_path") or ()):
                # `resource := client.Resource(gvr); resource.Get(ctx, name, opts)`: a value
                # no function of the tree builds as a router, and no path written out: a client
                # call, not a route
                return
            rid = self.lookup(file, env, op["target"], fw, line)
            derived = env.get(DERIVED + op["target"].split(".", 1)[0]) \
                if op["target"] not in env else None
            if op.get("mount_child"):
                child = self.handed_router(file, env, op, depth)
                via = op.get("mount_via") or {}
                if child is None and via and via["child"]:
                    # through wrappers and StripPrefix: the router at the end of them
                    child = self.handed_router(file, env, {**op, "mount_child": via["child"]},
                                               depth)
                    if child is None and via["child"] not in env:
                        child = self.lookup(file, env, via["child"], fw, line, create=False)
                for alt in via.get("alts", ()) if child is None else ():
                    # `StripPrefix("/api/posts", posts.NewMux(db))`: a router the call returns
                    child = self.handed_router(file, env, {**op, "mount_child": alt["child"]},
                                               depth)
                    if child is not None:
                        via = alt
                        break
                if child is not None and child != rid:
                    # net/http: the pattern hands every request below it to a router that
                    # sees the path unchanged (or, through http.StripPrefix, without the
                    # prefix): a mount, not an endpoint; the wrappers run before its routes
                    self.seq += 1
                    self.routers[child].parents.append(
                        (rid, via.get("prefix", "") if via else "", self.seq,
                         list(via.get("mw", [])) if via else [], file, line))
                    return
            self.seq += 1
            fw_of = op.get("framework") or self.routers[rid].framework
            if (op.get("extra") or {}).get("fw_guess") == "fastapi?" and \
                    self.routers[rid].framework == "flask":
                fw_of = "flask"  # `@bp.get("/x")`: Flask 2's shortcut on a Blueprint
            self.routes.append(Route(self.seq, rid, op["method"], op.get("path"),
                                     op.get("path_text", ""), op.get("handler", ""),
                                     list(op.get("mw", [])), file, line, op.get("scope", ""),
                                     fw_of,
                                     op.get("handler_line", line), dict(op.get("extra", {}))))
            bound = env.get(ARG + op.get("handler", "")) if self._is_go(file) else None
            if bound is not None and re.fullmatch(r"[\w.]+", bound[2]):
                # `setup("GET", "/v1/sources", s.v1SourcesList)` into `hndl`: the function
                # the caller hands over serves the route, named where the caller wrote it
                self.routes[-1].handler = bound[2]
                self.routes[-1].extra["handler_at"] = (bound[0], bound[4])
            if (op.get("extra") or {}).get("table_loop"):  # the call sites' bindings
                self.routes[-1].extra["table_env"] = {
                    k[len(ARG):]: v for k, v in env.items() if k.startswith(ARG)}
            if (op.get("extra") or {}).get("go_path") and any(k.startswith(STR) for k in env):
                # a path built from string parameters the call being replayed bound
                self.routes[-1].extra["strings"] = strings_of(env)
            if derived:  # its prefix (and middleware) are those of a router we cannot tell
                self.routes[-1].extra["prefix_unresolved"] = True
                self.unresolved.append({
                    "file": file, "line": line,
                    "reason": f"{op['method']} {op.get('path_text') or op.get('path')} is "
                              f"registered on {op['target']}, the result of {derived}(...), "
                              "which auditor cannot tie to a router: listed without a prefix"})
        elif kind == "py_table_routes":
            # Flask-RESTful `api.add_resource(*row)` over a table of (Resource, path) rows,
            # here or in the module the name is imported from: one VIEW route per path
            tfile, tname = file, op["table"]
            imp = self.imports.get(file, {}).get(tname)
            if imp is not None and imp[1]:
                tfile, tname = imp
            for top in (self.facts.get(tfile) or {}).get("routes", ()):
                if top.get("op") != "py_route_table" or top.get("name") != tname:
                    continue
                for row in top["rows"]:
                    for p in row["paths"]:
                        self.step(file, {"op": "route", "scope": op.get("scope", ""),
                                         "target": op["target"], "method": "VIEW", "path": p,
                                         "path_text": repr(p), "handler": row["cls"],
                                         "handler_line": line, "mw": [], "line": line,
                                         "framework": "flask",
                                         "extra": {"view_class": row["cls"],
                                                   "table_entry": {"file": tfile,
                                                                   "line": row["line"]}}},
                                  env, depth)
        elif kind == "mount":
            parent = self.lookup(file, env, op["target"], fw, line)
            child = self.resolve_child(file, env, op["child"], depth, line, op.get("scope", ""))
            if child is None and self._is_go(file) and self.param_mount(file, op, env, parent,
                                                                        depth):
                return
            if child is None and self._is_go(file):
                child = self.field_router(file, op.get("scope", ""), op["child"], depth)
            if child is None and file.endswith(".py"):
                child = self.library_router(file, op["child"], line)
            if child is None and op.get("else_route") and any(
                    self.fns.get(k, {}).get("returns_handler")
                    for k in self.candidates(file, op.get("made_by", ""))):
                self.step(file, op["else_route"], env, depth)  # a handler, not a router
                return
            if child is None and op.get("fallback_route"):
                self.step(file, op["fallback_route"], env, depth)  # (a handler, no router)
                return
            if child is None:
                if not op.get("optional_child"):  # (an ASGI app.mount of static files)
                    self.unresolved.append({"file": file, "line": line,
                                            "reason": f"mounted router '{op['child']}' not found"})
                return
            self.seq += 1
            prefix = self.prefix_of(op, file, line, env) if op.get("prefix") is not None or \
                op.get("prefix_expr") or op.get("go_prefix") else \
                self.routers[child].mount_default
            if op.get("replaces_prefix"):  # Flask: register_blueprint(bp, url_prefix=...)
                self.routers[child].prefix = ""
            self.routers[child].parents.append((parent, prefix, self.seq,
                                                list(op.get("mw", [])), file, line))
        elif kind == "call":
            self.call(file, op, env, depth)
        elif kind == "wrapper_call":
            self.url_rule_wrapper(file, op, env, depth)
        elif kind == "py_apply":
            self.py_apply(file, op, env, depth)
        elif kind == "py_pass":
            self.py_pass(file, op, env, depth)
        elif kind == "call_each":  # for _, f := range registrars { f(v1) }
            for fn in self.slices.get((posixpath.dirname(file), op["slice"]), []):
                self.call(file, {**op, "callee": fn}, env, depth)
        elif kind == "typed_router":  # Go `return &V2{Router: v2}`: the router a type holds
            rid = self.lookup(file, env, op["var"], fw, line, create=False)
            if rid is not None and rid not in self.typed.setdefault(op["type"], []):
                self.typed[op["type"]].append(rid)
        elif kind == "struct_fields" and self._is_go(file):
            # `&V1Routes{Echo: e.Group("/v1")}`: the router the type's field holds, for the
            # type's methods that register on the field (`_by_type`)
            named = {f: v for f, v in (op.get("fields") or {}).items() if v in env}
            if op.get("var") and named:
                env[STRUCT + op["var"]] = {f: env[v] for f, v in named.items()}
            for field, value in (op.get("fields") or {}).items():
                m = _GO_GROUP_VALUE.match(value or "")
                if field not in named and m and m.group(1) in env:
                    # `HttpHandler{RouterV1: engine.Group("/api/v1")}`: a group made in place
                    var = f"@field:{op['type']}.{field}@{line}"
                    self.step(file, {"op": "group", "scope": op.get("scope", ""), "var": var,
                                     "parent": m.group(1), "prefix": m.group(2), "mw": [],
                                     "line": line}, env, depth)
                    named[field] = var
            for field, var in {**named, **(op.get("routers") or {})}.items():
                rid = env.get(var)
                if rid is None:
                    continue
                entry = (field, rid, file, op.get("qual") or "")
                got = self.typed_fields.setdefault(op["type"], [])
                if entry not in got:
                    got.append(entry)
        elif kind == "new_from":
            if op.get("args") and self.wrapped_group(file, op, env, depth):
                return
            base, _, meth = op["callee"].rpartition(".")
            if meth == "Group" and (base in env or (posixpath.dirname(file), base) in
                                    self.pkg_routers or "." in base) and op.get("args") and \
                    (op["args"][0] or {}).get("prefix") is not None and self._is_go(file):
                # `g := i.Echo.Group("/customer", mw)` on a router a struct field (or a
                # package variable set elsewhere) holds
                from auditor.endpoints.frameworks.go import _mw_name

                mw = list((op.get("arg_text") or [])[1:])
                self.step(file, {"op": "group", "scope": op.get("scope", ""), "var": op["var"],
                                 "parent": base, **op["args"][0],
                                 "mw": [_mw_name(t) for t in mw], "mw_text": mw,
                                 "line": line}, env, depth)
                return
            sub = _SUBROUTER.fullmatch(op["callee"]) if self._is_go(file) else None
            if sub is not None and "." in sub.group(1) and not any(
                    (i.get("target") or "").startswith("github.com/gorilla/mux")
                    for i in self.facts.get(file, {}).get("imports", ()) or ()):
                # gorilla `api := s.router.PathPrefix("/api/v1").Subrouter()` in a file that
                # imports no router (a struct field holds it): a subrouter below that prefix
                self.step(file, {"op": "group", "scope": op.get("scope", ""), "var": op["var"],
                                 "parent": sub.group(1), "prefix": sub.group(2), "mw": [],
                                 "line": line, "framework": "gorilla"}, env, depth)
                return
            rid = self.router_from_factory(file, op, depth)
            if rid is not None:
                env[op["var"]] = rid
            elif "." in op["callee"] and op["callee"].rsplit(".", 1)[0] in env:
                # `x := group.Something(...)`: a value made by a method of a router we know,
                # which nothing here says is that router or a group of it
                env[DERIVED + op["var"]] = op["callee"]
            else:
                self.unbound_factories.add((file, op.get("scope", ""), op["var"]))

    def use_prefix(self, file: str, op: dict, line: int) -> dict:
        """Express `app.use(expr, router)` whose path is an expression: its value when the code
        (and its committed env files) give it one; a name without a string value is the first
        middleware after all; a path expression without a value is listed unresolved."""
        parts = op.get("prefix_parts")
        if parts is None:
            return op
        from auditor.endpoints.frameworks.typescript import parts_value, string_name

        got = parts_value(self, file, parts)
        path = got is not None or not op.get("prefix_maybe") or string_name(self, file, parts)
        if not path:
            return op
        if op.get("prefix_maybe"):
            op = dict(op, mw=op["mw"][1:], children=(op.get("children") or [None])[1:])
        if got is not None:
            return dict(op, prefix=got)
        self.unresolved.append({"file": file, "line": line,
                                "reason": "mount path has no single value in the code: "
                                          "routes below it are listed without it"})
        return op

    def prefix_of(self, op: dict, file: str, line: int, env: dict | None = None) -> str:
        """The op's prefix; one written as an expression (a settings field, a constant, an
        f-string, a getenv default) resolved from the tree's values, else listed unresolved."""
        if op.get("go_prefix"):  # Go: constants, locals, path builders, bound parameters
            from auditor.endpoints.frameworks.go import resolve_prefix

            return resolve_prefix(self, op, file, line, strings_of(env or {}))
        expr = op.get("prefix_expr")
        if not expr:
            return op.get("prefix") or ""
        if env and STR + expr in env:  # a parameter the call bound (`py_pass`)
            return env[STR + expr]
        if "." in expr and "{" in expr:
            expr = self._module_attrs(file, expr)
        got = self.value(expr)
        if got is None:
            known = self._known_tail(expr)
            if known:
                # `env.get_base_path() + "/api/v1"`: a deployment's base path (empty unless
                # configured) before a path the code writes out; the routes are listed below
                # the written part, and say the rest is unknown
                self.unresolved.append({"file": file, "line": line,
                                        "reason": f"prefix {expr} has no single value in the "
                                                  f"code; routes below it are listed under "
                                                  f"{known}, without the part before it"})
                return known
            self.unresolved.append({"file": file, "line": line,
                                    "reason": f"prefix {expr} has no single value in the code; "
                                              "routes below it are listed without it"})
            return op.get("prefix") or ""
        if op.get("prefix_regex"):  # Django re_path(rf"^{BASE}/", include(...))
            from auditor.endpoints.frameworks.python import django_path

            return django_path(got, "re_path") or ""
        return got

    def _module_attrs(self, file: str, expr: str) -> str:
        """`f"/{auth.name}"` with `from . import auth` and `name = "auth"` in that module: the
        module's constant, written in (a name defined in many modules has no single value
        otherwise)."""
        imps = self.imports.get(file, {})

        def sub(m):
            tfile, tname = imps.get(m.group(1), ("", ""))
            if not tfile or tname:
                return m.group(0)  # (not a module the file imports)
            for op in (self.facts.get(tfile) or {}).get("routes", ()):
                if op.get("op") == "const" and op.get("name") == m.group(2) and \
                        isinstance(op.get("value"), str) and "{" not in op["value"]:
                    return op["value"]
            return m.group(0)
        return re.sub(r"\{(\w+)\.(\w+)\}", sub, expr)

    def _known_tail(self, expr: str) -> str:
        """The written end of a concatenated prefix whose first part has no value (`base() +
        "/api/v1"`, `settings.ROOT + API_V1`): the parts after it, when they all resolve to
        one path that starts with "/"; "" otherwise."""
        parts = [p.strip() for p in expr.split(" + ")]
        if len(parts) < 2:
            return ""
        tail = [self.value(p) for p in parts[1:]]
        if any(t is None for t in tail) or not "".join(tail).startswith("/"):
            return ""
        return "".join(tail)

    def value(self, expr: str) -> str | None:
        """The string an expression of the tree has (`auditor.endpoints.values`), or None."""
        if self.values is None:
            from auditor.endpoints.values import Values

            self.values = Values(self.facts)
        got = self.values.resolve(expr)
        if got is None and expr and "(" in expr:
            got = self._path_helper(expr)
        return got

    def _path_helper(self, expr: str) -> str | None:
        """`org_scoped_rule("/api/queries")`: a function of the tree that hands back the path
        it is given (`return rule`, the branch taken unless a setting adds a prefix, as
        `if settings.MULTI_ORG: return "/<org_slug>" + rule`): the path as written."""
        m = _CALL1.match(expr.strip())
        if m is None:
            return None
        keys = self.fns_by_name.get(m.group(1).rsplit(".", 1)[-1], [])
        ops = [self.fns[k] for k in keys if k[0].endswith(".py")]
        if not ops or not all(op.get("returns_param") and (op.get("params") or [[None]])[0][0]
                              == op["returns_param"] for op in ops):
            return None
        return self.values.resolve(m.group(2))

    def library_router(self, file: str, expr: str, line: int) -> int | None:
        """A router a library builds, included as `include_router(fastapi_users.get_auth_router(
        backend), prefix="/auth/jwt")` (a FastAPIUsers method no function of the tree
        overrides): its routes, as the library's source declares them (`FASTAPI_USERS_ROUTERS`),
        the ones that depend on `authenticator.current_user(...)` guarded by it."""
        m = _LIB_ROUTER_CALL.match((expr or "").lstrip())
        if m is None and re.fullmatch(r"[A-Za-z_]\w*", expr or ""):
            # `router_auth = fastapi_users.get_auth_router(backend)` in this module or the
            # one it is imported from, then `include_router(router_auth, prefix="/auth")`
            tfile, tname = (self.imports.get(file) or {}).get(expr, (file, expr))
            ref = next((o.get("ref") for o in (self.facts.get(tfile) or {}).get("routes", ())
                        if o.get("op") == "dep_alias_ref" and o.get("name") == (tname or expr)),
                       "")
            m = re.fullmatch(r"(get_\w+_router)\(\)", ref or "")
        if m is None or m.group(1) not in FASTAPI_USERS_ROUTERS:
            return None
        uses = self.__dict__.get("_fastapi_users")
        if uses is None:  # (asked once per tree)
            uses = self._fastapi_users = any(
                t == "fastapi_users" or t.startswith("fastapi_users.")
                for fx in self.facts.values() if fx.get("language") == "python"
                for t in (i.get("target") or "" for i in fx.get("imports", ()) or ()))
        if not uses:
            return None
        rid = self.new_router("fastapi", "", file, line, expr.split("(", 1)[0])
        for method, path, guarded in FASTAPI_USERS_ROUTERS[m.group(1)]:
            self.seq += 1
            self.routes.append(Route(self.seq, rid, method, path, repr(path),
                                     f"fastapi_users.{m.group(1)}",
                                     ["fastapi_users.current_user"] if guarded else [],
                                     file, line, "", "fastapi", line,
                                     {"library_view": True}))
        return rid

    def resolve_child(self, file, env, expr, depth, line, scope: str = "") -> int | None:
        if expr.startswith("module:"):  # Django include("blog.urls")
            from auditor.endpoints.modules import python_modules

            if self.py_modules is None:
                self.py_modules = python_modules(self.facts)
            target = self.py_modules.get(expr[7:])
            return self.module_router(target, "urlpatterns") if target else None
        if expr.endswith(".urls"):  # DRF include(router.urls)
            expr = expr[:-5]
        name = expr.split("(", 1)[0].strip()
        if expr in env:
            return env[expr]
        got = self.lookup_import(file, name)
        if got is not None:
            return got
        if file.endswith(".py") and depth < 12:
            callee = name if "(" in expr else self.py_call_vars.get((file, expr))
            key = self.py_function(file, callee) if callee else None
            if key is not None:
                # a factory: `register_blueprint(construct_blueprint(ds))`, or a name bound to
                # one's result; the router it returns
                got = self.returned_router(key, depth)
                if got is not None:
                    return got
        if "(" in expr and not file.endswith((".py", ".go")):
            got = self.factory_router(file, name)
            if got is not None:
                return got
        for key in self.candidates(file, name, scope):
            got = self.returned_router(key, depth)
            if got is not None:
                return got
        return None

    def _fact_files(self) -> set:
        got = self.__dict__.get("_files_set")
        if got is None:
            got = self.__dict__["_files_set"] = set(self.facts)
        return got

    def required_module(self, file: str, expr: str) -> int | None:
        """JavaScript: `app.use('/api/users', require('./routes/api/users'))`, the router a
        CommonJS module exports (`module.exports = router`), required where it is mounted."""
        from auditor.endpoints.frameworks.typescript import REQUIRE_CALL

        expr = expr.strip()
        if expr.endswith(".default"):  # `require("@configs/routes/User").default` (ES interop)
            expr = expr[: -len(".default")].rstrip()
        m = REQUIRE_CALL.fullmatch(expr)
        tfile = self.required_file(file, m.group(1)) if m else None
        return self.module_router(tfile, "default") if tfile else None

    def required_file(self, file: str, spec: str) -> str | None:
        """The file of the tree a module specifier required in `file` names (relative, or
        through the tsconfig `paths` nearest it)."""
        from auditor.endpoints.modules import _ts_target

        return _ts_target(file, spec, self._fact_files(), self._ts_alias)

    def factory_router(self, file: str, name: str) -> int | None:
        """JavaScript/TypeScript: `app.use('/api/stripe', stripeRouter())`, a function of this
        module or one it imports (`import stripeRouter from './stripe/router.js'`, a default
        export) that builds a router and returns it: that router."""
        tfile, local = self.imports.get(file, {}).get(name, (file, name))
        if not tfile or "." in name:
            return None
        fx = self.facts.get(tfile, {})
        if local == "default":
            local = next((x.get("local") for x in (fx.get("extra") or {}).get("exports") or ()
                          if x.get("name") == "default" and x.get("local")), "default")
        owner = f"{fx.get('module') or ''}.{local}"
        for r in fx.get("returns") or ():
            rv = r.get("value") or {}
            if r.get("func") == owner and rv.get("kind") == "name" and rv.get("text"):
                got = self.module_router(tfile, rv["text"])
                if got is not None:
                    return got
        return None

    def returned_router(self, key: tuple[str, str], depth: int) -> int | None:
        """Replay function `key` in a scope of its own and give the router it returns; a
        factory called in several places builds each time."""
        sub_env: dict = {}
        self.done.discard(key)
        self.run(key[0], key[1], sub_env, depth + 1)
        for ret in self.fns.get(key, {}).get("returns", []):
            if ret in sub_env:
                return sub_env[ret]
        if key[0].endswith(".py"):
            # Python's routers are bound in the module's scope (`bp = Blueprint(...)` inside
            # `def construct_blueprint()` included): the returned name there
            for ret in self.fns.get(key, {}).get("returns", []):
                got = None if ret.startswith("@call:") else self.module_router(key[0], ret)
                if got is not None:
                    return got
        if self._is_go(key[0]):
            # `r := &Router{}; r.Handler = r.routes(); return r` with `type Router struct {
            # http.Handler }`: the struct serves through the router in its embedded field
            embedded = self._embedded_fields(key[0])
            for ret in self.fns.get(key, {}).get("returns", []):
                for fld in embedded:
                    if f"{ret}.{fld}" in sub_env:
                        return sub_env[f"{ret}.{fld}"]
        if self._is_go(key[0]) and depth < 12:
            # `router := api.New(ds); return router` in a file that makes no route itself (a
            # wire_gen.go constructor): the router the called function returns
            for ret in self.fns.get(key, {}).get("returns", []):
                callee = None if ret.startswith("@call:") or ret in sub_env else \
                    self._assigned_call(key, ret)
                for k in self.candidates(key[0], callee, key[1]) if callee else ():
                    got = self.returned_router(k, depth + 1) if k != key else None
                    if got is not None:
                        return got
        for ret in self.fns.get(key, {}).get("returns", []):
            if ret.startswith("@call:") and depth < 12:
                # `return xRoutes{...}.Routes()`: the router the called function returns
                for k in self.candidates(key[0], ret[6:], key[1]):
                    got = self.returned_router(k, depth + 1) if k != key else None
                    if got is not None:
                        return got
        return None

    def _embedded_fields(self, file: str) -> set:
        """The names of the fields Go structs of the file's package embed (`http.Handler` ->
        `Handler`, `*chi.Mux` -> `Mux`): a method or a field of those is the struct's own."""
        cache = self.__dict__.get("_embedded_cache")
        if cache is None:  # one pass over the facts: package dir -> embedded field names
            cache = self._embedded_cache = {}
            for f, fx in self.facts.items():
                if fx.get("language") != "go":
                    continue
                names = cache.setdefault(self._pkg_dir(f), set())
                for c in fx.get("classes", ()) or ():
                    for e in c.get("embedded", ()) or ():
                        names.add(e.lstrip("*").rsplit(".", 1)[-1])
        return cache.get(self._pkg_dir(file), set())

    def _assigned_call(self, key: tuple[str, str], name: str) -> str | None:
        """The function whose result a Go function's local `name` is given, when it is given
        only one (`router := api.New(ds)`), from the index facts."""
        found = [a["value"].get("callee") for a in self.facts.get(key[0], {}).get("assigns", ())
                 if a.get("func") == key[1] and a.get("target") == name and
                 (a.get("value") or {}).get("kind") == "call"]
        return found[0] if len(found) == 1 and found[0] else None

    def _dispatched(self, op: dict, env: dict) -> list[tuple[str, str]]:
        """Go: `m.InitPrivate(privateGroup)` on a value of an interface type (`for _, m :=
        range modules`), handing a known router: the methods of that name whose parameter at
        the router's place is a router type, each implementation being one the loop may run
        (at most 8, 64 in a loop over them; a method of a type whose name the receiver
        resembles is `candidates`')."""
        parts = op["callee"].split(".")
        if len(parts) != 2 or not parts[0].isidentifier():
            return []
        at = [i for i, a in enumerate(op.get("args") or ()) if a in env]
        if not at:
            return []
        out = []
        when = op.get("recv_when")
        for key in self._by_name(parts[1])["meths"]:
            params = self.fns[key].get("params") or []
            if all(i < len(params) and _ROUTER_TYPE.search(params[i][1] or "") for i in at):
                if when:
                    # `if h.RequireAuth() { h.Register(authGroup) }`: an implementation whose
                    # method answers the other fixed value takes the other branch
                    typ = key[1].rsplit(".", 1)[0]
                    answer = next((self.fns[k].get("const_bool") for k in self._by_name(
                        when[0])["meths"] if k[0] == key[0] and
                        k[1].rsplit(".", 1)[0] == typ), None)
                    if answer is not None and answer != when[1]:
                        continue
                out.append(key)
        # (a loop over the elements, `for _, h := range hs`, runs every implementation)
        return out if len(out) <= (64 if op.get("ranged") else 8) else []

    def candidates(self, file: str, callee: str, scope: str = "",
                   resemble: bool = True) -> list[tuple[str, str]]:
        """Functions a callee expression may name: same package first, then by package name.
        Without `resemble`, no method is guessed from its receiver's name (`for _, h := range
        hs { h.Register(g) }`: `h` is each element, not the `healthHandler` it resembles)."""
        parts = callee.split(".")
        name = parts[-1]
        byn = self._by_name(name)
        d = posixpath.dirname(file)
        go_names, go_dot = self.go_imports(file) if self._is_go(file) else ({}, [])
        if len(parts) == 1:
            same = byn["dir"].get(d, [])
            if not same and go_dot:  # import . "pkg": its functions are called unqualified
                same = [k for k in byn["funcs"] if self._pkg_dir(k[0]) in go_dot]
            return same[:1]
        qual = parts[-2]
        if len(parts) == 2 and go_names.get(qual):
            # a package of the tree by the name this file imports it under: an explicit alias
            # (`h "mod/server/handler"`) or the package clause of the imported package
            pkg = [k for k in byn["funcs"] if self._pkg_dir(k[0]) in go_names[qual]]
            if pkg:
                return pkg[:1]
        pkg = byn["base"].get(qual, [])
        if pkg:
            return pkg[:1]
        # a method: ask the call graph which one (`h.Agent.RegisterRoutes(api)`), else the
        # methods of that name whose receiver type resembles the receiver expression
        meth = byn["meths"]
        by_graph = self.graph_target(file, scope, callee, byn["meth_set"])
        if by_graph:
            return [by_graph]
        hint = qual.lower() if resemble else ""
        close = [k for k in meth if hint and (hint in k[1].lower() or
                                              k[1].split(".")[0].lower().startswith(hint))]
        return close[:1] if close else meth[:1] if len(meth) == 1 else []

    def _by_name(self, name: str) -> dict:
        """The functions named `name`, split once: plain functions by folder and by the
        folder's last element, and methods (a large tree has thousands of `Get`; scanning them
        for every call made the replay quadratic)."""
        cache = self.__dict__.setdefault("_by_name_cache", {})
        got = cache.get(name)
        if got is None:
            keys = self.fns_by_name.get(name, [])
            funcs = [k for k in keys if "." not in k[1]]
            by_dir: dict = {}
            by_base: dict = {}
            for k in funcs:
                folder = posixpath.dirname(k[0])
                by_dir.setdefault(folder, []).append(k)
                by_base.setdefault(posixpath.basename(folder), []).append(k)
            got = cache[name] = {"funcs": funcs, "dir": by_dir, "base": by_base,
                                 "meths": [k for k in keys if "." in k[1]]}
            got["meth_set"] = frozenset(got["meths"])
        return got

    # -- Go packages ------------------------------------------------------------------------
    def _pkg_dir(self, file: str) -> str:
        return self.facts.get(file, {}).get("extra", {}).get("go_pkgdir", posixpath.dirname(file))

    def _go_packages(self) -> tuple[dict, dict]:
        """(import path -> package dirs, package dir -> package clause name) of the tree's Go
        files; the import path is the one the call graph computed from go.mod (`module`)."""
        if getattr(self, "_go_pkgs", None) is None:
            by_path: dict[str, set] = {}
            names: dict[str, str] = {}
            for path, fx in self.facts.items():
                if fx.get("language") != "go":
                    continue
                d = self._pkg_dir(path)
                pkg = fx.get("package") or ""
                if pkg and not pkg.endswith("_test"):
                    names.setdefault(d, pkg)
                if fx.get("module"):
                    by_path.setdefault(fx["module"], set()).add(d)
            self._go_pkgs = (by_path, names)
        return self._go_pkgs

    def go_imports(self, file: str) -> tuple[dict[str, set], set]:
        """The names a Go file refers to the tree's packages by, as the Go spec defines them:
        an import's explicit name, else the imported package's own package clause; `_` binds
        no name, `.` puts the package's exported names in the file's scope (second value).
        Imports of packages outside the tree bind their name to no directory."""
        cache = self.__dict__.setdefault("_go_imp_cache", {})
        if file in cache:
            return cache[file]
        by_path, pkg_names = self._go_packages()
        dirs_all = set(pkg_names)
        names: dict[str, set] = {}
        dot: set = set()
        for imp in self.facts.get(file, {}).get("imports", []) or []:
            target = imp.get("target") or ""
            dirs = set(by_path.get(target, ()))
            if not dirs:  # no go.mod read: the directory the import path ends with
                dirs = {dd for dd in dirs_all if dd and (target == dd or
                                                         target.endswith("/" + dd))}
                if len(dirs) > 1:
                    longest = max(len(dd) for dd in dirs)
                    dirs = {dd for dd in dirs if len(dd) == longest}
            alias = imp.get("alias") or ""
            if imp.get("explicit"):
                if alias == "_":
                    continue
                if alias == ".":
                    dot |= dirs
                    continue
                names[alias] = dirs
                continue
            clause = next((pkg_names[dd] for dd in sorted(dirs) if dd in pkg_names), "")
            names[clause or alias] = dirs
        cache[file] = (names, dot)
        return cache[file]

    def graph_target(self, file: str, scope: str, callee: str,
                     keys: frozenset) -> tuple[str, str] | None:
        """The one of `keys` (functions of the replay) the call graph resolves `callee` to."""
        if self.graph is None or not keys:
            return None
        try:
            node = self.graph.resolve_ref(self.facts.get(file, {}).get("language", ""), file,
                                          self._graph_scope(file, scope), callee)
        except Exception:  # noqa: BLE001 - a resolver bug must not lose the routes
            return None
        if not node or node not in self.graph.g:
            return None
        d = self.graph.g.nodes[node]
        at = self.__dict__.get("_fn_at")  # (file, line) -> the functions there
        if at is None:
            at = self._fn_at = {}
            for k, fn in self.fns.items():
                at.setdefault((k[0], fn.get("line")), []).append(k)
        return next((k for k in at.get((d.get("file"), d.get("line")), ()) if k in keys), None)

    def _graph_scope(self, file: str, scope: str) -> str:
        fn = self.fns.get((file, scope))
        if not fn or self.graph is None:
            return ""
        for n, d in self._nodes_of(file):
            if d.get("line") == fn["line"]:
                return n
        return ""

    def _nodes_of(self, file: str):
        if not hasattr(self, "_by_file"):
            self._by_file: dict[str, list] = {}
            for n, d in self.graph.g.nodes(data=True):
                if d.get("file"):
                    self._by_file.setdefault(d["file"], []).append((n, d))
        return self._by_file.get(file, [])

    def call(self, file: str, op: dict, env: dict, depth: int) -> None:
        if op.get("recv_struct"):
            held = env.get(STRUCT + op["recv_struct"])
            if not held:
                return  # a struct holding no router of ours: its methods are replayed alone
            for key in self.candidates(file, op["callee"], op.get("scope", "")):
                recv = (self.fns.get(key) or {}).get("recv_name")
                if recv:  # the method, with its receiver's fields bound to those routers
                    self.run(key[0], key[1], {f"{recv}.{f}": rid for f, rid in held.items()},
                             depth + 1)
            return
        if op["callee"].startswith("lit:"):  # a local holding a function literal of this file
            keys = [(file, op["callee"])] if (file, op["callee"]) in self.fns else []
        else:
            keys = self.candidates(file, op["callee"], op.get("scope", ""),
                                   resemble=not op.get("ranged"))
            if not keys and self._is_go(file):
                keys = self._dispatched(op, env)
        if op.get("returned"):
            # the function literal(s) the called function returns are what gets the arguments
            # (chi `r.Group(routes.Public())`): its direct literal children with a parameter
            keys = [(k[0], c) for k in keys for c in self.children.get(k, ())
                    if (k[0], c) in self.fns and self.fns[(k[0], c)].get("params")]
        ranges = op.get("ranges") or {}
        for var, over in ranges.items():
            if STRS + over in env and STR + var not in env:
                # for _, path := range paths { addHandler(r, path, h) }, `paths` bound by the
                # caller: one call per element
                for value in env[STRS + over]:
                    self.call(file, op, {**env, STR + var: value}, depth)
                return
        for key in keys:
            params = self.fns[key].get("params", [])
            # a closure sees the routers of the function it is written in
            sub_env = {k: v for k, v in env.items() if not k.startswith(ARG)} \
                if op.get("closure") else {}
            for i, arg in enumerate(op["args"]):
                if arg in env and i < len(params):
                    sub_env[params[i][0]] = env[arg]
                elif i < len(params) and self._is_go(file) and arg.isidentifier() and \
                        (file, op.get("scope", ""), arg) in self.unbound_factories:
                    # `router := mux.NewRouter().StrictSlash(true)` (a router no function of
                    # the tree builds), then `register(router, routes)`: the router its own
                    # routes already hang on
                    rid = self.lookup(file, env, arg, op.get("framework", ""), op.get("line", 0),
                                      create=False)
                    rid = rid if rid is not None else self.implicit.get(
                        next((k for k in self.implicit if k[:2] == (posixpath.dirname(file),
                                                                    arg)), None))
                    if rid is not None:
                        sub_env[params[i][0]] = rid
            if sub_env:
                if self._is_go(file):
                    sub_env.update(self.bound_strings(file, op, env, key))
                    outer = {k: v for k, v in env.items() if k.startswith(ARG)}
                    for i, arg in enumerate(op["args"]):
                        if i < len(params) and arg not in env and params[i][1] not in \
                                _BASIC_TYPES:
                            sub_env[ARG + params[i][0]] = (file, op.get("scope", ""), arg, outer,
                                                           op.get("line", 0))
                self.run(key[0], key[1], sub_env, depth + 1)

    def slice_elements(self, file: str, scope: str, name: str, env: dict,
                       depth: int = 0) -> list[tuple[str, str]]:
        """(file, expression) of each element of the Go slice `name` seen from `scope`: a
        composite literal assigned to it (`mw := []func(http.Handler) http.Handler{a, b}`),
        the slice a function of the tree returns (`mw := getMiddleware(as)`), or, for a
        parameter, the argument the call being replayed handed it."""
        if depth > 6:
            return []
        scopes = {scope}
        fn = self.fns.get((file, scope))
        while fn is not None and fn.get("parent_scope"):  # a literal sees its function's names
            scopes.add(fn["parent_scope"])
            fn = self.fns.get((file, fn["parent_scope"]))
        for a in (self.facts.get(file) or {}).get("assigns", ()) or ():
            if a.get("target") != name or (a.get("func") not in scopes and a.get("func")):
                continue
            v = a.get("value") or {}
            if v.get("kind") == "composite" and str(v.get("type", "")).startswith("[]"):
                return [(file, e["text"]) for e in v.get("elems") or ()
                        if e.get("kind") in ("name", "attr")][:16]
            if v.get("kind") == "call" and v.get("callee"):
                for key in self.candidates(file, v["callee"], scope)[:1]:
                    for ret in self.fns[key].get("returns") or ():
                        got = self.slice_elements(key[0], key[1], ret, {}, depth + 1)
                        if got:
                            return got
            return []
        bound = env.get(ARG + name)
        if bound is not None and re.fullmatch(r"\w+", bound[2]):
            return self.slice_elements(bound[0], bound[1], bound[2], bound[3], depth + 1)
        for sc in scopes:  # a parameter no replayed call bound: what every call hands it
            fn = self.fns.get((file, sc)) or {}
            params = [p[0] for p in fn.get("params") or ()]
            if name not in params or not fn.get("name"):
                continue
            i, out = params.index(name), []
            sites = [(cf, c) for cf in self._go_package_files(file)
                     for c in (self.facts.get(cf) or {}).get("calls", ()) or ()
                     if c.get("name") == fn["name"] and not c.get("receiver")]
            for cfile, c in sites[:4]:
                args = c.get("args") or []
                if i < len(args) and args[i].get("kind") == "name":
                    got = self.slice_elements(cfile, c.get("caller") or "", args[i]["text"],
                                              {}, depth + 1)
                    out += [g for g in got if g not in out]
            return out
        return []

    def _go_package_files(self, file: str) -> list[str]:
        """The Go files of `file`'s folder (its package): where a function of it is called
        by its bare name."""
        d = posixpath.dirname(file)
        return [f for f in self._fact_files() if f.endswith(".go") and posixpath.dirname(f) == d]

    def call_args(self, file: str, line: int, callee: str) -> list | None:
        """The argument expressions (index facts) of the call of `callee` at `line`."""
        by_file = self.__dict__.setdefault("_call_args", {})
        calls = by_file.get(file)
        if calls is None:
            calls = by_file[file] = {}
            for c in self.facts.get(file, {}).get("calls", []) or []:
                calls.setdefault((c.get("line"), c.get("callee")), c.get("args") or [])
        return calls.get((line, callee))

    def bound_strings(self, file: str, op: dict, env: dict, key: tuple[str, str]) -> dict:
        """The callee's string parameters bound to the values the call passes: literals,
        constants, path builders, and the caller's own bound parameters (`hr(r, path, f)`
        inside `h(r, path string, ...)`); a variadic one to the list of its arguments."""
        from auditor.endpoints.frameworks.go import _values, index_parts

        args = self.call_args(file, op.get("line", 0), op.get("call_name") or op["callee"])
        if not args:
            return {}
        fn = self.fns.get(key, {})
        params = fn.get("params", [])
        strings = strings_of(env)
        out: dict = {}
        for i, (pname, ptype) in enumerate(params):
            if ptype == "bool" and i < len(args):
                a = args[i]
                if a.get("kind") == "bool":
                    out[BOOL + pname] = a.get("text") == "true"
                elif a.get("kind") == "name" and BOOL + a.get("text", "") in env:
                    out[BOOL + pname] = env[BOOL + a["text"]]
                continue
            if ptype != "string" or i >= len(args):
                continue
            if fn.get("variadic") and i == len(params) - 1:
                vals = []
                for a in args[i:]:
                    got, unknown = _values(self).resolve(index_parts(a), file, strings)
                    if unknown:
                        break
                    vals.append(got)
                else:
                    out[STRS + pname] = vals
                continue
            got, unknown = _values(self).resolve(index_parts(args[i]), file, strings)
            if not unknown:
                out[STR + pname] = got
        return out

    def param_mount(self, file: str, op: dict, env: dict, parent: int, depth: int) -> bool:
        """`r.Mount(urlPath, subRouter)` in a function whose parameter `subRouter` is the
        router: at each call of that function whose argument builds a router
        (`a.MountRouter("API", consts.URLPathAPI, CreateAPIRouter())`), that router mounted
        with the prefix the call's string arguments give. True when a call site bound one."""
        from auditor.endpoints.frameworks.go import _values, index_parts

        child = op["child"]
        if not child.isidentifier() or depth > 10:
            return False
        key = (file, op.get("scope", ""))
        for _ in range(8):  # up through the function literals to the declared function
            fn = self.fns.get(key)
            if fn is None:
                return False
            if any(p[0] == child for p in fn.get("params", [])):
                break
            if not fn.get("parent_scope"):
                return False
            key = (file, fn["parent_scope"])
        else:
            return False
        if key[1].startswith("lit:"):
            return False
        params = fn.get("params", [])
        ci = next(i for i, p in enumerate(params) if p[0] == child)
        done = False
        for cfile, call in self.calls_named(fn.get("name", "")):
            args = call.get("args") or []
            if len(args) != len(params) or args[ci].get("kind") != "call":
                continue
            if key not in self.candidates(cfile, call.get("callee", "")) and \
                    sum(1 for k in self.fns_by_name.get(fn.get("name", ""), ())
                        if "." in k[1]) != 1:
                continue
            rid = self.resolve_child(cfile, {}, args[ci].get("text", ""), depth + 1,
                                     call.get("line", 0))
            if rid is None or rid == parent:
                continue
            strings = dict(strings_of(env))
            for i, (pname, ptype) in enumerate(params):
                if ptype == "string":
                    got, unknown = _values(self).resolve(index_parts(args[i]), cfile, {})
                    if not unknown:
                        strings[pname] = got
            prefix = self.prefix_of(op, file, op.get("line", 0),
                                    {STR + k: v for k, v in strings.items()}) \
                if op.get("go_prefix") else (op.get("prefix") or "")
            self.seq += 1
            self.routers[rid].parents.append((parent, prefix, self.seq, list(op.get("mw", [])),
                                              file, op.get("line", 0)))
            done = True
        return done

    def field_router(self, file: str, scope: str, expr: str, depth: int) -> int | None:
        """Go: `r.Mount("/", s.userRoutes)` in a method of `Server`, whose field the struct
        literal of a constructor sets (`Server{userRoutes: userRoutes}` in `New(...,
        userRoutes chi.Router, ...)`): the router the callers of the constructor hand it
        (`userRoutes := routesInitializer.InitializeUserRoutes(...)`), or the one the literal
        builds itself (`Server{userRoutes: newUserRouter()}`). One router, or None."""
        recv, _, field = expr.partition(".")
        if not field.isidentifier() or not recv.isidentifier() or depth > 10:
            return None
        key, fn = (file, scope), self.fns.get((file, scope))
        while fn is not None and not fn.get("recv") and fn.get("parent_scope"):
            key = (file, fn["parent_scope"])
            fn = self.fns.get(key)
        if fn is None or fn.get("recv_name") != recv or not fn.get("recv"):
            return None
        typ, pkg = fn["recv"], posixpath.dirname(file)
        got: set[int] = set()
        for f, sop in self.struct_literals(typ):
            if posixpath.dirname(f) != pkg or field not in (sop.get("fields") or {}):
                continue
            value = sop["fields"][field]
            if "(" in value:
                rid = self.resolve_child(f, {}, value, depth + 1, sop.get("line", 0),
                                         sop.get("scope", ""))
                if rid is not None:
                    got.add(rid)
                continue
            ctor = self.fns.get((f, sop.get("scope", "")))
            params = [p[0] for p in (ctor or {}).get("params", [])]
            if value not in params:
                continue
            i = params.index(value)
            for cfile, call in self.calls_named(ctor.get("name", "")):
                args = call.get("args") or []
                if len(args) <= i or len(args) > len(params):
                    continue  # (the facts keep a call's first arguments only)
                arg = args[i]
                text_ = arg.get("text", "")
                if arg.get("kind") == "name":  # a local of the caller bound to a call
                    text_ = next((
                        (a.get("value") or {}).get("text", "")
                        for a in self.facts.get(cfile, {}).get("assigns", ())
                        if a.get("func") == call.get("caller") and a.get("target") == text_
                        and (a.get("value") or {}).get("kind") == "call"), "")
                if "(" not in text_:
                    continue
                rid = self.resolve_child(cfile, {}, text_, depth + 1, call.get("line", 0),
                                         call.get("caller", ""))
                if rid is not None:
                    got.add(rid)
        return got.pop() if len(got) == 1 else None

    def struct_literals(self, typ: str) -> list:
        """(file, op) of every Go keyed struct literal of type `typ` that sets fields from a
        name or a call (the "struct_fields" ops; an index built once over the facts)."""
        idx = self.__dict__.get("_struct_literals")
        if idx is None:
            idx = self._struct_literals = {}
            for f, fx in self.facts.items():
                if fx.get("language") != "go":
                    continue
                for op in fx.get("routes", ()):
                    if op.get("op") == "struct_fields":
                        idx.setdefault(op.get("type"), []).append((f, op))
        return idx.get(typ, [])

    def calls_named(self, name: str) -> list:
        """(file, call) of every Go call whose function or method is named `name` (an index
        built once over the facts)."""
        idx = self.__dict__.get("_calls_named")
        if idx is None:
            idx = self._calls_named = {}
            for f, fx in self.facts.items():
                if fx.get("language") != "go":
                    continue
                for c in fx.get("calls", []) or []:
                    if c.get("name"):
                        idx.setdefault(c["name"], []).append((f, c))
        return idx.get(name, [])

    def py_function(self, file: str, callee: str) -> tuple[str, str] | None:
        """The module-level Python function a callee names: one of this file, or one it
        imports (`from app.helpers import register_view`, `from app import helpers`)."""
        head, _, rest = callee.partition(".")
        if not rest:
            if (file, head) in self.fns:
                return (file, head)
            tfile, name = self.imports.get(file, {}).get(head, ("", ""))
            return (tfile, name) if name and (tfile, name) in self.fns else None
        tfile, name = self.imports.get(file, {}).get(head, ("", ""))
        if tfile and not name and "." not in rest and (tfile, rest) in self.fns:
            return (tfile, rest)
        return None

    def route_factory(self, file: str, callee: str) -> dict | None:
        """The route_factory op of the Python function `callee` names from `file` (a decorator
        factory forwarding its arguments to `<router param>.route(...)`), or None."""
        key = self.py_function(file, callee)
        if key is None:
            return None
        for o in (self.facts.get(key[0]) or {}).get("routes", ()):
            if o.get("op") == "route_factory" and o.get("name") == key[1]:
                return o
        return None

    def py_apply(self, file: str, op: dict, env: dict, depth: int) -> None:
        """`x = include_routers(APIRouter(prefix="/t"))`: a new router, the function's work on
        its parameter replayed on it (its mounts, routes, middleware), then bound to `x`."""
        key = self.py_function(file, op["callee"])
        fn = self.fns.get(key) if key else None
        param = (fn or {}).get("returns_param")
        if not param or depth > 12:
            return
        tmp: dict = {}
        self.step(file, op["new"], tmp, depth)
        rid = tmp.get(op["new"]["var"])
        if rid is None:
            return
        tfile, scope = key
        if tfile not in self.module_env:
            self.module_router(tfile, "")  # its module-level names first
        sub = {**self.module_env.get(tfile, {}), param: rid}
        for fop in self.scopes.get((tfile, "<module>"), []):
            if fop.get("param_of") == scope:
                self.step(tfile, fop, sub, depth + 1)
        env[op["var"]] = rid

    def py_pass(self, file: str, op: dict, env: dict, depth: int) -> None:
        """`construct_routes(bp, datastore)`: the function's work on its parameters (routes,
        mounts, middleware on `<param>`) replayed on the routers the call hands it."""
        key = self.py_function(file, op["callee"])
        fn = self.fns.get(key) if key else None
        if fn is None or depth > 12:
            return
        plist = fn.get("params", [])
        if fn.get("recv") and plist and plist[0][0] in ("self", "cls"):
            plist = plist[1:]
        params = [p[0] for p in plist]
        bound = {}
        for i, arg in enumerate(op.get("args", [])):
            if arg and i < len(params):
                rid = self.lookup(file, env, arg, "", op.get("line", 0), create=False)
                if rid is not None:
                    bound[params[i]] = rid
        if not bound:
            return
        # its string parameters, from the call's literals or their literal defaults
        # (`def register_routers(app, prefix="/api"): app.include_router(r, prefix=prefix)`)
        given = op.get("strs") or {}
        for i, (pname, default) in enumerate(plist):
            value = given.get(pname, given.get(str(i)))
            if value is None and _PY_STR.fullmatch(default or ""):
                value = default[1:-1]
            if value is not None:
                bound[STR + pname] = value
        tfile, scope = key
        if tfile not in self.module_env:
            self.module_router(tfile, "")  # its module-level names first
        sub = {**self.module_env.get(tfile, {}), **bound}
        for fop in self.scopes.get((tfile, "<module>"), []):
            if fop.get("param_of") == scope:
                self.step(tfile, fop, sub, depth + 1)

    def url_rule_wrapper(self, file: str, op: dict, env: dict, depth: int) -> None:
        """A call of a function that calls `<router param>.add_url_rule(<rule param, or each
        element of one>, view_func=<view param>)` (Flask): the routes it registers, with the
        call's arguments bound to the parameters."""
        key = self.py_function(file, op["callee"])
        fn = self.fns.get(key) if key else None
        w = (fn or {}).get("url_rule")
        if not w:
            # no URL rule of its own: a function handed a router and a path-like string
            # (`register_routers(app, prefix="/api")`) that works on the router
            strs = {str(i): a["paths"][0] for i, a in enumerate(op["args"])
                    if len(a.get("paths") or ()) == 1}
            strs.update({k: a["paths"][0] for k, a in op["kw"].items()
                         if len(a.get("paths") or ()) == 1})
            args = [a["text"] if a["text"].isidentifier() else "" for a in op["args"]]
            if fn is not None and any(args):
                self.py_pass(file, {**op, "args": args, "strs": strs}, env, depth)
            return
        params = list(w.get("params") or [])
        if fn.get("recv") and params and params[0] in ("self", "cls"):
            params = params[1:]
        bound = {params[i]: a for i, a in enumerate(op["args"]) if i < len(params)}
        bound.update({k: a for k, a in op["kw"].items() if k in params})
        router, rule, view = bound.get(w["router"]), bound.get(w["rule"]), bound.get(w["view"])
        if router is None or rule is None or view is None or rule.get("paths") is None or \
                (w["each"] and not rule.get("list")):
            return
        methods = w.get("methods") or []
        if w.get("methods_param"):
            methods = (bound.get(w["methods_param"]) or {}).get("methods") or []
        elif w.get("forwards_kwargs") and "methods" in op["kw"] and "methods" not in params:
            methods = op["kw"]["methods"].get("methods") or []
        line = op.get("line", 0)
        for path in rule["paths"]:
            base = {"op": "route", "scope": op.get("scope", "<module>"), "target": router["text"],
                    "path": path, "path_text": repr(path), "mw": [], "line": line,
                    "handler_line": line, "framework": "flask"}
            cls = view.get("view_class")
            if cls and not methods:  # a MethodView: one route per method it defines
                self.step(file, {**base, "method": "VIEW", "handler": cls,
                                 "extra": {"view_class": cls}}, env, depth)
                continue
            for m in methods or ["GET"]:
                self.step(file, {**base, "method": m, "handler": cls or view["text"],
                                 **({"extra": {"view_class": cls}} if cls else {})}, env, depth)

    def handed_router(self, file: str, env: dict, op: dict, depth: int) -> int | None:
        """The router a net/http `Handle(pattern, h)` hands requests to: a variable bound to
        a router, or a call of a function of the tree that builds one and returns it (wrapped
        or not); None for any other handler."""
        expr = op["mount_child"]
        if expr in env:
            return env[expr]
        if "(" not in expr:
            return None
        return self.router_from_factory(file, {**op, "callee": expr.split("(", 1)[0].strip()},
                                        depth)

    def wrapped_group(self, file: str, op: dict, env: dict, depth: int) -> bool:
        """`sA := r.SubGroup("/-/settings", mw)` where SubGroup returns (a wrapper around) a
        framework group of its receiver made with its prefix parameter (`group_of`, Go): a
        group of the receiver's router, with the call's own prefix and middleware."""
        callee = op["callee"]
        for key in self.candidates(file, callee, op.get("scope", "")):
            g = self.fns.get(key, {}).get("group_of")
            if not g:
                continue
            args, texts = op.get("args") or [], op.get("arg_text") or []
            if g["prefix"] >= len(args) or args[g["prefix"]] is None:
                return False
            if g["parent"] == "recv":
                if "." not in callee:
                    return False
                parent = callee.rsplit(".", 1)[0]
            elif g["parent"] < len(texts):
                parent = texts[g["parent"]]
            else:
                return False
            mw = texts[g["mw_from"]:] if g.get("mw_from") is not None else []
            from auditor.endpoints.frameworks.go import _mw_name

            self.step(file, {"op": "group", "scope": op.get("scope", ""), "var": op["var"],
                             "parent": parent, "framework": op.get("framework", ""),
                             **args[g["prefix"]], "mw": [_mw_name(t) for t in mw],
                             "mw_text": list(mw), "line": op.get("line", 0)}, env, depth)
            return True
        return False

    def router_from_factory(self, file: str, op: dict, depth: int) -> int | None:
        """`r := router.New()`: the router the called function builds and returns, with the
        middleware it sets (replayed in its own scope); None when the callee builds none."""
        for key in self.candidates(file, op["callee"], op.get("scope", "")):
            if self._factory(key, self.scopes.get(key, [])):
                got = self.returned_router(key, depth)
                if got is not None:
                    return got
        return None

    def replay_all(self) -> None:
        """Entry points first (scopes that create an app), then whatever was never reached."""
        roots = [k for k, ops in self.scopes.items() if (any(o["op"] == "new" for o in ops) or
                                                         self._gets_built(k, ops))
                 and not self._factory(k, ops)]
        roots.sort(key=lambda k: (k[1] != "<module>", k))
        for key in roots:
            if key[1] == "<module>":
                if key[0] not in self.module_env:
                    self.module_env[key[0]] = {}
                    self.run(key[0], key[1], self.module_env[key[0]])
            elif key not in self.done:
                self.run(key[0], key[1], {})
        for key in sorted(self.providers):
            # constructors that hand out routers inside struct types, replayed before the
            # functions that receive those types without any call binding them
            if key not in self.done:
                self.run(key[0], key[1], {})
        order = self._unreached_order()
        # a Go factory (builds a router and returns it) comes after the rest: replayed where
        # something mounts it, and alone only when nothing did
        order = [kv for kv in order if not self._go_factory(kv)] + \
            [kv for kv in order if self._go_factory(kv)]
        # (an injected literal last: the function it is written in, replayed first, runs it
        # with its routers when it can)
        order = [kv for kv in order if not kv[0][1].startswith("lit:")] + \
            [kv for kv in order if kv[0][1].startswith("lit:") and self._go_injected(*kv)]
        for key, ops in order:
            if key in self.done:
                continue
            if self._by_type(key):
                continue
            if any(o["op"] in ("route", "mount", "use") or (o["op"] == "group" and
                                                             o.get("inline"))
                   for o in ops) or self._go_dispatcher(key, ops):
                # (a chi `r.Route("/auth", func(r chi.Router) {...})` alone in a function:
                # its routes are in the literal)
                if key[1] == "<module>":
                    self.module_env.setdefault(key[0], {})
                    self.run(key[0], key[1], self.module_env[key[0]])
                else:
                    fn = self.fns.get(key, {})
                    first, made = len(self.routes), len(self.routers)
                    self.run(key[0], key[1], {})
                    if key[1].startswith("lit:"):
                        # (its app parameter: the container made the app before calling it)
                        self.injected.update(r.id for r in self.routers[made:]
                                             if r.implicit_root)
                    used = {o.get("target") or o.get("parent") for o in ops}
                    used.update(a for o in ops if o["op"] in ("call", "call_each")
                                and self._is_go(key[0]) for a in o.get("args", ()))
                    params = {p[0] for p in fn.get("params", [])
                              if p[0] in used and p[1] not in _BASIC_TYPES}
                    if params:
                        for r in self.routes[first:]:
                            if self._on_local_root(r) or not self._on_param(r.router, params):
                                # on a router the function builds itself (`r := gin.Default()`
                                # in `ServeWeb(dist fs.FS)`, whose parameter is only passed on):
                                # its whole path is here, whoever calls the function
                                continue
                            r.extra["unreached"] = fn.get("name", key[1])
        self._adopt_go_roots()
        for r in self.routes:
            if str(r.extra.get("unreached", "")).startswith("lit:") and \
                    self._on_local_root(r):
                # an injected literal's app parameter adopted as the tree's one app
                # (`_adopt_go_roots`): the container hands it that app, the path is whole
                del r.extra["unreached"]
        self._echo_order()

    def _echo_order(self) -> None:
        """A route registered in a file that imports no router (`group.Add("GET", "/:id", h,
        mw)` on a group reached through a struct) that turns out to hang on an Echo router:
        Echo takes the handler first and the middleware after it."""
        for route in self.routes:
            eo = route.extra.get("echo_order")
            if not eo:
                continue
            if any(self.routers[link[0]].framework == "echo"
                   for chain in self.chains(route.router) for link in chain):
                route.handler, route.handler_line = eo["handler"], eo["handler_line"]
                route.mw = list(eo["mw"])
                route.framework = "echo"
            route.extra = {k: v for k, v in route.extra.items() if k != "echo_order"}

    def _adopt_go_roots(self) -> None:
        """A Go router we could not trace to its creation (`rc.App`, a struct field set from a
        constructor's parameter several calls away) whose routes are Fiber's, Echo's or Gin's,
        in a tree that creates exactly one app of that framework (`fiber.New()`): it is that
        app, and the middleware the app was given before serves its routes too."""
        apps: dict[str, list] = {}
        orphans = []
        for r in self.routers:
            if r.parents or not self._is_go(r.file):
                continue
            got = self.field_routers.get(r.name.rsplit(".", 1)[-1], ()) \
                if r.implicit_root and "." in r.name else ()
            held = next(iter(got)) if len(got) == 1 else None
            if held is not None and held != r.id and \
                    (not r.framework or self.routers[held].framework in (r.framework, "")):
                # `l.router.MainGroup.Group("/auth")` where the one method that sets a field of
                # that name sets it to `e.Group("/api/v1")`: under that group
                self.seq += 1
                r.parents.append((held, "", self.seq, [], r.file, r.line))
                continue
            if r.implicit_root:
                orphans.append(r)
            elif r.framework in _GO_APP_FRAMEWORKS:
                apps.setdefault(r.framework, []).append(r)
        if not apps or not orphans:
            return
        fws: dict[int, set] = {}  # root router -> the frameworks of the routes below it
        for rid, fw in {(route.router, route.framework) for route in self.routes}:
            for chain in self.chains(rid):
                fws.setdefault(chain[-1][0], set()).add(fw)
        for r in orphans:
            fw = fws.get(r.id, set())
            if len(fw) != 1:
                continue
            found = apps.get(next(iter(fw)), [])
            if len(found) == 1 and (found[0].seq < r.seq or r.id in self.injected):
                r.parents.append((found[0].id, "", r.seq, [], r.file, r.line))

    def _go_factory(self, kv) -> bool:
        key, ops = kv
        return self._is_go(key[0]) and key[1] != "<module>" and self._factory(key, ops)

    def _by_type(self, key) -> bool:
        """A Go function nothing calls whose parameters are struct types some constructor of
        the tree builds around a router (`func RegisterItem(v2 *svr.V2, c Item)`, handed to
        `fx.Invoke`; `CreateEndpointGroups` returns `&V2{Router: app.Group("/api/v2")}`): a
        dependency injector calls it with the values of those types, so it is replayed with
        each parameter bound to that router (once per router when there are several). A
        method's receiver fields that struct literals set to routers are bound the same way
        (`_receiver_fields`)."""
        if not (self.typed or self.typed_fields) or not self._is_go(key[0]) or \
                key[1] == "<module>":
            return False
        binds = self._receiver_fields(key) + self._nested_fields(key)
        for name, ptype in self.fns.get(key, {}).get("params", []):
            base = ptype.lstrip("*").rsplit(".", 1)[-1]
            if ptype.startswith(("[]", "map[", "func", "chan", "...")):
                continue
            rids = self.typed.get(base)
            if rids and self._type_visible(key[0], ptype):
                binds.append((name, rids))
        if not binds:
            return False
        runs = max(len(r) for _n, r in binds)
        for i in range(runs):
            env = {name: rids[min(i, len(rids) - 1)] for name, rids in binds}
            self.run(key[0], key[1], env, depth=1)
        return True

    def _receiver_fields(self, key) -> list:
        """[("recv.Field", [router])]: the routers the struct literals of the method's receiver
        type put in its fields, where the literal names this package's type (unqualified in
        the same folder, or through an import of this folder)."""
        fn = self.fns.get(key, {})
        typ, recv = fn.get("recv"), fn.get("recv_name")
        if not typ or not recv or typ not in self.typed_fields:
            return []
        here = self._pkg_dir(key[0])
        out: dict[str, list] = {}
        for field, rid, lfile, qual in self.typed_fields[typ]:
            if qual:
                names, _dot = self.go_imports(lfile)
                if here not in (names.get(qual) or ()):
                    continue
            elif self._pkg_dir(lfile) != here:
                continue
            if rid not in out.setdefault(f"{recv}.{field}", []):
                out[f"{recv}.{field}"].append(rid)
        return list(out.items())

    def _nested_fields(self, key) -> list:
        """[("recv.Dep.Field", [router])]: a field of the receiver whose struct type (another
        package's, `handler lib.HttpHandler`) a literal built around a router (`a.handler.
        RouterV1.Group("/roles")`, the dependency an injector handed the constructor)."""
        fn = self.fns.get(key, {})
        typ, recv = fn.get("recv"), fn.get("recv_name")
        if not typ or not recv or not self.typed_fields:
            return []
        here = self._pkg_dir(key[0])
        fields = next((c.get("fields") or {} for p, fx in self.facts.items()
                       if self._pkg_dir(p) == here for c in fx.get("classes") or ()
                       if c.get("name") == typ and c.get("kind") == "struct"), {})
        names, _dot = self.go_imports(key[0])
        out: dict[str, list] = {}
        for fname, ftype in fields.items():
            bare = (ftype or "").lstrip("*")
            qual, _, base = bare.rpartition(".")
            for field, rid, lfile, lqual in self.typed_fields.get(base, ()):
                ldir = self._pkg_dir(lfile)
                if (qual and ldir not in (names.get(qual) or ())) or (not qual and ldir != here):
                    continue
                if rid not in out.setdefault(f"{recv}.{fname}.{field}", []):
                    out[f"{recv}.{fname}.{field}"].append(rid)
        return list(out.items())

    def _type_visible(self, file: str, ptype: str) -> bool:
        """The parameter's type names one of the providers' types: `svr.V2` through an import
        of the provider's package, `V2` in the provider's own package."""
        bare = ptype.lstrip("*")
        base = bare.rsplit(".", 1)[-1]
        dirs = {self._pkg_dir(p) for p, _s in self.providers
                if any(o.get("op") == "typed_router" and o.get("type") == base
                       for o in self.scopes.get((p, _s), []))}
        if "." not in bare:
            return self._pkg_dir(file) in dirs
        names, _dot = self.go_imports(file)
        got = names.get(bare.split(".", 1)[0])
        return bool(got and got & dirs)

    def _on_param(self, rid: int, params: set) -> bool:
        """A route of a function replayed with nothing bound hangs on a parameter's router
        (an implicit root named by it) - not on one the function builds itself, whose
        prefixes are all known (`router := mux.NewRouter()`, handed to `registerRoutes(router,
        app, routes)` with the parameter `app`)."""
        for chain in self.chains(rid):
            root = self.routers[chain[-1][0]]
            if not root.implicit_root or "." in root.name or root.name in params:
                return True
        return False

    def _on_local_root(self, route: Route) -> bool:
        """Every way up from the route's router ends at a router created in the code (not one
        stood in for a parameter or a name whose creation was not seen)."""
        return all(not self.routers[chain[-1][0]].implicit_root
                   for chain in self.chains(route.router))

    def _is_go(self, file: str) -> bool:
        return self.facts.get(file, {}).get("language") == "go"

    def _is_ts(self, file: str) -> bool:
        return self.facts.get(file, {}).get("language") in ("typescript", "tsx", "javascript")

    def _unreached_order(self) -> list:
        """Scopes in name order; Go functions that no call in the tree names come before the
        ones some call names, so a registration function nobody ties to a router is replayed
        from its outermost caller (prefixes included) rather than alone first."""
        items = sorted(self.scopes.items())
        if not any(self._is_go(k[0]) for k, _ops in items):
            return items
        called = set()
        for _k, ops in items:
            for o in ops:
                if o["op"] == "call":
                    called.add(o["callee"].rsplit(".", 1)[-1])
        for fns in self.slices.values():
            called.update(f.rsplit(".", 1)[-1] for f in fns)
        seq = self._sibling_calls()
        return sorted(items, key=lambda kv: (
            self._is_go(kv[0][0]) and kv[0][1].rsplit(".", 1)[-1] in called,
            seq.get(kv[0], (kv[0][0], kv[0][1], 0))))

    def _sibling_calls(self) -> dict:
        """(file, "T.M") -> (file, "T.Caller", line) for a Go method that another method of the
        same type calls on its receiver (`func (c *RouteConfig) Setup() { c.SetupGuestRoute();
        c.SetupAuthRoute() }`): replayed in the order they are called, so that a middleware one
        of them adds to the app (`c.App.Use(auth)`) follows the routes the earlier one made, as
        Fiber and the other order-sensitive routers see them."""
        out: dict = {}
        for path, fx in (self.facts or {}).items():
            if not self._is_go(path):
                continue
            for c in fx.get("calls") or ():
                caller, recv, callee = c.get("caller") or "", c.get("receiver") or "", \
                    c.get("callee") or ""
                if "." not in caller or not recv.isidentifier() or \
                        callee.count(".") != 1 or not callee.startswith(recv + "."):
                    continue
                typ = caller.rsplit(".", 1)[0]
                key = (path, f"{typ}.{callee.split('.', 1)[1]}")
                if key in self.scopes and key not in out:
                    out[key] = (path, caller, c.get("line") or 0)
        return out

    def _go_injected(self, key, ops) -> bool:
        """A Go function literal nothing of the tree runs, whose parameter is a router it
        hands on (`fx.Invoke(func(e *echo.Echo, hs []IRoute) { g := e.Group("/v1"); for _, h
        := range hs { h.Register(g) } })`): a dependency-injection container or a library
        calls it with the app, so it is replayed like a function nothing calls."""
        return self._is_go(key[0]) and any(
            _ROUTER_TYPE.search(p[1] or "") for p in self.fns.get(key, {}).get("params") or ()) \
            and self._go_dispatcher(key, ops)

    def _go_dispatcher(self, key, ops) -> bool:
        """A Go function that hands a router parameter on to others (`AdminRoutes(web)` calling
        `AdminUserRoutes(admin)`): replayed too when nothing calls it with a router."""
        if not self._is_go(key[0]) or key[1] == "<module>":
            return False
        params = {p[0] for p in self.fns.get(key, {}).get("params", [])}
        # (or one it builds itself: `E := gin.Default(); router.Api(E.Group("api")); return E`,
        # where the caller only serves E)
        made = {o.get("var") for o in ops if o["op"] in ("new", "group")}
        return any(o["op"] in ("call", "call_each", "group") and
                   ((params | made) & set(o.get("args", ())) or o.get("parent") in params)
                   for o in ops)

    def _gets_built(self, key, ops) -> bool:
        """A Go function that gets its router from a factory of the tree (`api, err :=
        New(cfg)`) and builds nothing itself: an entry point as much as one that creates it."""
        if not self._is_go(key[0]):
            return False
        for o in ops:
            if o["op"] == "new_from":
                for k in self.candidates(key[0], o["callee"], o.get("scope", "")):
                    if k != key and self._factory(k, self.scopes.get(k, [])):
                        return True
        return False

    def _factory(self, key, ops) -> bool:
        """A function that builds a router and returns it: replayed where it is mounted."""
        rets = set(self.fns.get(key, {}).get("returns", []))
        if rets & {o.get("var") for o in ops if o["op"] == "new"}:
            return True
        # Go `r.Handler = r.routes(); return r`: a struct serving through the router its
        # embedded field holds
        made = {o.get("var") for o in ops if o["op"] == "new_from"}
        return self._is_go(key[0]) and any(f"{r}.{f}" in made for r in rets
                                           for f in self._embedded_fields(key[0]))

    # -- paths ----------------------------------------------------------------------------------
    def chains(self, rid: int, limit: int = 8) -> list[list[tuple]]:
        """Every way from a router up to a root: [(router_id, mount_prefix, mount_seq, mw)...]."""
        out: list[list[tuple]] = []
        stack = [(rid, [(rid, "", 0, [], "", 0)], {rid})]
        while stack and len(out) < limit:
            cur, path, seen = stack.pop()
            r = self.routers[cur]
            if not r.parents:
                out.append(path)
                continue
            for pid, mprefix, mseq, mw, *_ in r.parents:
                if pid in seen:
                    continue
                stack.append((pid, path + [(pid, mprefix, mseq, mw, *_)], seen | {pid}))
        return out or [[(rid, "", 0, [], "", 0)]]

    def wsgi_prefix(self, file: str) -> str:
        """The prefix a werkzeug DispatcherMiddleware mounts the app of `file` under: the app is
        built in the package of the module the mount names (`api.create_app()` of `from pkg
        import api`), whose modules' blueprints and routes it serves."""
        mounts = self.__dict__.get("_wsgi")
        if mounts is None:
            mounts = self.__dict__["_wsgi"] = []
            for mfile, fx in self.facts.items():
                for o in fx.get("routes", ()):
                    if o.get("op") != "wsgi_mounts":
                        continue
                    for m in o["mounts"]:
                        head = m["app"].split(".", 1)[0]
                        tfile, name = self.imports.get(mfile, {}).get(head, ("", ""))
                        if tfile and not name:  # a module: its package (or its own file)
                            base = posixpath.dirname(tfile) + "/" \
                                if tfile.endswith("__init__.py") else tfile
                            mounts.append((base, m["prefix"]))
        for base, prefix in mounts:
            if file == base or (base.endswith("/") and file.startswith(base)):
                return prefix
        return ""

    def full_prefix(self, chain: list[tuple]) -> str:
        """Prefixes root-first: each router's own prefix after the mount prefix it hangs on
        (and the WSGI mount of the root's app)."""
        # chain is leaf-first; the child chain[i-1] is mounted on chain[i] under a mount prefix
        out = self.wsgi_prefix(self.routers[chain[-1][0]].file) if chain else ""
        for i in range(len(chain) - 1, -1, -1):
            rid = chain[i][0]
            out = join(out, self.routers[rid].prefix)
            if i > 0:  # the prefix of this very mount (a router mounted twice on one parent)
                out = join(out, chain[i][1])
        if "//" in out and chain and self.routers[chain[0][0]].framework == "flask":
            # Werkzeug's Map merges consecutive slashes (merge_slashes, on by default): a
            # blueprint registered at f"/api/{bp.url_prefix}" serves /api/auth/...
            out = re.sub(r"/{2,}", "/", out)
        return out

    def mount_prefix(self, child: int, parent: int) -> str:
        for pid, mprefix, *_ in self.routers[child].parents:
            if pid == parent:
                return mprefix
        return ""


_GO_GROUP_VALUE = re.compile(r'^\s*([A-Za-z_][\w.]*)\.Group\(\s*"([^"]*)"\s*\)\s*$')


def join(a: str, b: str) -> str:
    if not b:
        return a
    if not a:
        return b
    if a.endswith("/") and b.startswith("/"):
        return a + b[1:]
    if not a.endswith("/") and not b.startswith("/"):
        return a + "/" + b
    return a + b


def _go_ignored_packages(facts: dict) -> set[str]:
    """Go files of packages below a folder whose name starts with "_" or "." (or named
    testdata) that no file of the tree imports: the go tool leaves such folders out of `./...`
    (`go help packages`), so nobody builds them (a `features/_blueprint` template package).
    A `main` package there is kept (it may be built on its own)."""
    def hidden(p: str) -> int:
        """The index of the first ignored folder of the path, or -1."""
        parts = p.split("/")[:-1]
        return next((i for i, part in enumerate(parts) if part not in (".", "..") and
                     (part[:1] in ("_", ".") or part == "testdata")), -1)

    cands = {p: hidden(p) for p, fx in facts.items() if fx.get("language") == "go"}
    cands = {p: i for p, i in cands.items() if i >= 0 and facts[p].get("package") != "main"}
    if not cands:
        return set()
    # what the rest of the tree imports: a package path ends with the folders below the module
    # root (`perpustakaan/features/_blueprint` for features/_blueprint)
    # (every suffix of every import path, once: a folder is imported when one of its own
    # suffixes reaching the ignored part is among them)
    suffixes: set[str] = set()
    for p, fx in facts.items():
        if fx.get("language") != "go" or p in cands:
            continue
        for i in fx.get("imports") or ():
            segs = (i.get("target") or "").split("/")
            suffixes.update("/".join(segs[k:]) for k in range(len(segs)))
    out = set()
    for p, at in cands.items():
        parts = p.split("/")[:-1]
        if not any("/".join(parts[k:]) in suffixes for k in range(at + 1)):
            out.add(p)
    return out
