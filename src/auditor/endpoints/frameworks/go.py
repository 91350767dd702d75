"""Go routers: net/http ServeMux (Go 1.22 "GET /p" patterns), Gin, Echo, Fiber v2/v3, Chi and
gorilla/mux. Emits route ops per function scope so that the endpoints stage can follow a router
passed to another function (`setupRoutes(app.Group("/api/v1"), h)`)."""
from __future__ import annotations

import bisect
import posixpath
import re

from auditor.endpoints.frameworks import ScopeTracker, go_tables, nodes_of, top_terms, unparen
from auditor.endpoints.profile import SpanProfiler
from auditor.index.go_adapters import HANDLER_ADAPTERS
from auditor.index.walk import text, walk

FRAMEWORK_IMPORTS = {
    "github.com/gofiber/fiber": "fiber", "github.com/gin-gonic/gin": "gin",
    "github.com/labstack/echo": "echo", "github.com/go-chi/chi": "chi",
    "github.com/gorilla/mux": "gorilla", "net/http": "nethttp",
    # go-pkgz/routegroup: groups over a net/http ServeMux (Go 1.22 patterns), below
    "github.com/go-pkgz/routegroup": "routegroup",
    # uptrace/bunrouter: chi's model with immutable groups: `router.Use(mw)` (and
    # `WithMiddleware`) returns a group as chi's `With` does, `WithGroup(prefix, fn)` is chi's
    # `Route` (BUNROUTER below)
    "github.com/uptrace/bunrouter": "chi",
    # julienschmidt/httprouter: `router.GET("/p/:id", h)`, `router.Handle(method, path, h)`,
    # `router.HandlerFunc(method, path, hf)`; http.Handler middleware wraps it as a ServeMux
    "github.com/julienschmidt/httprouter": "httprouter",
}
CONSTRUCTORS = {
    ("fiber", "New"): "fiber", ("gin", "Default"): "gin", ("gin", "New"): "gin",
    ("echo", "New"): "echo", ("chi", "NewRouter"): "chi", ("chi", "NewMux"): "chi",
    ("mux", "NewRouter"): "gorilla", ("http", "NewServeMux"): "nethttp",
    ("routegroup", "New"): "nethttp", ("httprouter", "New"): "nethttp",
    ("bunrouter", "New"): "chi",
}
ROUTER_TYPES = ("fiber.Router", "fiber.App", "gin.Engine", "gin.RouterGroup", "gin.IRouter",
                "gin.IRoutes", "echo.Echo", "echo.Group", "chi.Router", "chi.Mux", "mux.Router",
                "http.ServeMux", "routegroup.Bundle", "httprouter.Router", "bunrouter.Router",
                "bunrouter.Group")
METHODS = {
    "Get": "GET", "Post": "POST", "Put": "PUT", "Delete": "DELETE", "Patch": "PATCH",
    "Head": "HEAD", "Options": "OPTIONS", "Connect": "CONNECT", "Trace": "TRACE",
    "GET": "GET", "POST": "POST", "PUT": "PUT", "DELETE": "DELETE", "PATCH": "PATCH",
    "HEAD": "HEAD", "OPTIONS": "OPTIONS", "CONNECT": "CONNECT", "TRACE": "TRACE",
    "All": "ANY", "Any": "ANY", "Handle": "ANY", "HandleFunc": "ANY", "Method": "?",
    "MethodFunc": "?", "Add": "?", "Match": "?",
}
WRAPPER = re.compile(r"auth|middleware|^mw|require|protect|^with|wrap|log(?!in|out|on)|limit|"
                     r"cors|guard|"
                     r"chain|must|only|admin|session|jwt|token|secure|verify", re.IGNORECASE)
# a function named for the handler it returns (`HandleBlogList(repo)`, `handleLogin(svc,
# fetch)`): its function-valued arguments are what the handler uses, not a handler it wraps
HANDLER_FACTORY = re.compile(r"^[Hh]andle[A-Z_]")
ROUTERISH = re.compile(r"^(app|r|e|g|m|mux|router|api|apis?|v\d+|group|grp|engine|srv|server|"
                       r"root|public|private|admin|protected|authed|auth\w*|\w*(Router|Group|App|"
                       r"Mux|Routes|API|Api|Echo|Engine))$")
ROUTER_CALLS = ("Use", "Route", "Group", "Mount", "Methods")  # the other fields _call reads
ROUTER_TYPE = re.compile("|".join(re.escape(t) for t in ROUTER_TYPES))  # in a parameter's type
PENDING_METHODS: dict = {}  # gorilla .Methods(...) seen on the enclosing call, per file
FUNC_TYPES = ("function_declaration", "method_declaration", "func_literal")
ROUTE_TYPES = ("import_spec", "short_var_declaration", "assignment_statement", "call_expression")
FRAMEWORK_BYTES = tuple(p.encode() for p in FRAMEWORK_IMPORTS)
GO_BUILTINS = {"append", "make", "new", "len", "cap", "copy", "min", "max", "string", "int"}
# calls that only a router makes: a file that imports no framework but makes them may route on
# a router built in another package
ROUTER_METHOD_BYTES = (b".Group(", b".GET(", b".POST(", b".Get(", b".Post(", b".HandleFunc(",
                       b".Route(", b".Mount(", b".Register(", b".Handle(", b".Subrouter(")


def _str(node, data: bytes) -> str | None:
    if node is not None and node.type in ("interpreted_string_literal", "raw_string_literal"):
        return text(node, data)[1:-1]
    return None


def _scope_id(fn, data: bytes) -> str:
    if fn.type == "func_literal":
        return f"lit:{fn.start_point[0] + 1}:{fn.start_point[1] + 1}"
    name = text(fn.child_by_field_name("name"), data)
    if fn.type == "method_declaration":
        recv = fn.child_by_field_name("receiver")
        rtype = ""
        for n in walk(recv):
            if n.type == "type_identifier":
                rtype = text(n, data)
        return f"{rtype}.{name}"
    return name


def _params(fn, data: bytes) -> list[list[str]]:
    out = []
    plist = fn.child_by_field_name("parameters")
    if plist is None:
        return out
    for p in plist.named_children:
        if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        t = p.child_by_field_name("type")
        ttext = text(t, data) if t is not None else ""
        names = [text(c, data) for c in p.children_by_field_name("name")]
        for n in names or ["_"]:
            out.append([n, ttext])
    return out


def _mw_of(node, data: bytes) -> str:
    """A middleware argument's name; an inline one (`app.Group("/admin", func(c *fiber.Ctx)
    error {...})`) is named by its function literal's scope, whose profile says what it does."""
    if node.type == "func_literal":
        return _scope_id(node, data)
    return _mw_name(text(node, data))


def _mw_name(expr: str) -> str:
    """A middleware's name: the callee of a factory call, with a lone `false` flag kept
    (`AuthMiddleware(false)` is how Go code asks for an auth that lets anonymous through)."""
    name = expr.split("(", 1)[0].strip()
    if re.fullmatch(r"[\w.]+\(\s*false\s*\)", expr.strip()):
        return name + "(false)"
    lone = re.fullmatch(r"[\w.]+\(\s*([A-Za-z_]\w*)\s*\)", expr.strip())
    if lone is not None and FILE_BOOLS.get(lone.group(1)) is False:
        return name + "(false)"  # `authenticate(OptionalAuth)` with `OptionalAuth = false`
    head = name.split(".", 1)[0]
    built = MW_LOCALS.get((SCOPES[0], head)) if SCOPES and head != name else None
    skip = _skipper(expr) or _optional_for(built + expr[len(head):] if built else expr) or \
        _path_set_arg(expr)
    if skip:
        return f"{name}({skip})"
    made = _made_method(expr.strip(), name)
    if made:
        # `middleware.NewAuthMiddleware(sm).AuthMiddleware`: the method of the value the
        # constructor makes, which is what runs (not the constructor)
        return f"{name}.{made}"
    return name


def _made_method(expr: str, callee: str) -> str:
    """`Method` of `callee(args).Method` (one call, its parentheses balanced, on one line)."""
    i = expr.rfind(").")
    if i < 0 or not expr[i + 2:].isidentifier() or "\n" in expr or \
            not expr.startswith(callee + "(") or not re.fullmatch(r"[\w.]+", callee):
        return ""
    depth = 0
    for j in range(len(callee), i + 1):
        c = expr[j]
        depth += c == "("
        depth -= c == ")"
        if depth == 0 and j < i:
            return ""  # (a chain of calls: `New().WithOptionalFor(...).Handler`)
    return expr[i + 2:] if depth == 0 else ""


PATH_SETS: dict = {}  # (scope, local) -> the paths a local map literal is keyed by, per file
# scope -> the `local.field` routers made in a struct literal there (`_field_routers`), per file
FIELD_ROUTERS: dict = {}
STRUCT_VARS: set = set()  # (scope, local) bound to a keyed struct literal, per file
FILE_BOOLS: dict = {}  # the file's boolean constants (`const OptionalAuth = false`), per file
FILE_CONSTS: set[str] = set()  # the names the file declares `const` (wrapper options)
_CONST_BLOCK = re.compile(rb"\bconst\s*\(([^()]{0,4000})\)")
_CONST_ONE = re.compile(rb"\bconst\s+([A-Za-z_]\w*)\s*(?:bool\s*)?=\s*(true|false)\b")
_BOOL_SPEC = re.compile(rb"(?m)^\s*([A-Za-z_]\w*)\s*(?:bool\s*)?=\s*(true|false)\s*(?://.*)?$")


def _file_bools(data: bytes) -> dict:
    out = {}
    if b"const" not in data or (b"false" not in data and b"true" not in data):
        return out
    for m in _CONST_ONE.finditer(data):
        out[m.group(1).decode()] = m.group(2) == b"true"
    for block in _CONST_BLOCK.finditer(data):
        for m in _BOOL_SPEC.finditer(block.group(1)):
            out[m.group(1).decode()] = m.group(2) == b"true"
    return out
_CALL_ARGS = re.compile(r"^[\w.]+\(([^()]*)\)\s*$")


def _path_set_arg(expr: str) -> str:
    """`AuthMiddleware(cfg, validAuthPaths)` with `validAuthPaths := map[string]bool{login:
    true, ...}` (paths, or constants of the file that are paths): the guard skips those paths
    if its own code tests `valid[c.Path()]` on that parameter (checked by the endpoints
    stage: `arg=`)."""
    m = _CALL_ARGS.match(expr.strip())
    if m is None or not SCOPES:
        return ""
    for i, arg in enumerate(a.strip() for a in m.group(1).split(",")):
        paths = next((PATH_SETS[(s, arg)] for s in SCOPES if (s, arg) in PATH_SETS), None)
        if paths:
            return f"skip=;only={','.join(paths)};except=;arg={i}"
    return ""


_PATH_CONST = re.compile(rb'^[ \t]*(?:const[ \t]+|var[ \t]+)?([A-Za-z_]\w*)[ \t]*(?:string[ \t]*)?='
                         rb'[ \t]*"(/[^"\n,]{0,200})"', re.MULTILINE)
# `if valid[c.Path()] {` / `if allowed[r.URL.Path] {` then the request goes on
_PATH_SET_TEST = re.compile(r"\bif\s+(\w+)\[\s*([\w.()]{1,120})\s*\]\s*\{\s*(?:return\s+\w+\.Next\(|"
                            r"\w+\.ServeHTTP\(|next\(|return\s+next\()")


def _path_set(n, data: bytes, consts: dict) -> list:
    """The paths a `map[string]bool{...}` / `map[string]struct{}{...}` literal is keyed by
    (string keys, or constants of the file holding paths); [] when a key is anything else."""
    if n.type != "composite_literal" or not text(n.child_by_field_name("type"), data) \
            .startswith("map[string]"):
        return []
    body = n.child_by_field_name("body")
    out = []
    for e in (body.named_children if body is not None else ()):
        if e.type == "comment":
            continue
        key = e.child_by_field_name("key") if e.type == "keyed_element" else None
        if key is None and e.type == "keyed_element" and e.named_child_count >= 2:
            key = e.named_children[0]
        if key is None:
            return []
        k = key.named_children[0] if key.type == "literal_element" and key.named_child_count \
            else key
        if k.type == "interpreted_string_literal":
            out.append(text(k, data).strip('"'))
        elif k.type == "identifier" and text(k, data) in consts:
            out.append(consts[text(k, data)])
        else:
            return []
    return [p for p in out if p.startswith("/")] if out else []


# a middleware built with a method that makes it let anonymous requests through
# (`NewAuthenticateMiddleware(s).WithOptionalFor("/api/badge/").Handler`, `NewAuth(s).Optional()`),
# for the path prefixes or the HTTP methods it is given, or for every request (a function named
# so, `middleware.OptionalAuth()`, is told by its name)
_OPTIONAL_FOR = re.compile(r"\)\s{0,20}\.\s{0,20}(?:With)?Optional\w{0,40}\(([^()]{0,300})\)")
_ARG_PATH = re.compile(r'"(/[^"]{0,200})"')
_ARG_METHOD = re.compile(r'\bhttp\.Method([A-Z][a-z]+)\b|"(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)"')


MW_LOCALS: dict = {}  # (scope, local) -> the call chain that built it, for _optional_for
METHOD_VALUES: dict = {}  # (scope, local) -> the method value it holds (`perms := app.perms`)
BUNROUTER = [False]  # the file imports uptrace/bunrouter (its Use/WithGroup are chi's With/Route)


def _at_package_level(node) -> bool:
    """No function around the node (a package-level declaration)."""
    n = node.parent
    while n is not None:
        if n.type in FUNC_TYPES:
            return False
        n = n.parent
    return True


def _chi_field(field: str) -> str:
    """A bunrouter method named as the chi method it behaves as."""
    if BUNROUTER[0]:
        return {"Use": "With", "WithMiddleware": "With", "WithGroup": "Route"}.get(field, field)
    return field


def _method_values_in_table(op: dict, scope: str) -> None:
    """A local route table's entries calling a local that holds a method value: the call is
    the method's (`perms(h, ...)` with `perms := app.requirePermissions`)."""
    if op.get("op") != "route_table":
        return
    for e in op.get("entries") or ():
        call = e.get("call")
        if isinstance(call, dict) and (scope, call.get("c")) in METHOD_VALUES:
            of = METHOD_VALUES[(scope, call["c"])]
            e["call"] = {**call, "c": of}
            if isinstance(e.get("handler"), str) and e["handler"].startswith(call["c"] + "("):
                e["handler"] = of + e["handler"][len(call["c"]):]


# (scope, local) -> the scope of the function literal the local holds, per file:
# `register := func(r fiber.Router) { ... }` then `register(group)` calls that literal
FUNC_LOCALS: dict = {}
# (scope, local) -> the middleware a local slice literal holds (`mw := []func(http.Handler)
# http.Handler{a, b(c)}`), for `r.With(mw...)`
MW_SLICES: dict = {}
ROUTER_FW: dict = {}  # (scope, local) -> the framework of the router a constructor made there


def _optional_for(expr: str) -> str:
    """`skip=` fields (as `_skipper` writes them, with `prefix=` for path prefixes) of an
    optional-making builder method in a middleware's expression, or ""."""
    methods: set = set()
    prefixes: set = set()
    found = False
    for m in _OPTIONAL_FOR.finditer(expr):
        found = True
        args = m.group(1)
        methods.update((a or b).upper() for a, b in _ARG_METHOD.findall(args))
        prefixes.update(_ARG_PATH.findall(args))
        if args.strip() and not methods and not prefixes:
            return ""  # arguments auditor cannot read: nothing assumed
    if not found:
        return ""
    return f"skip={','.join(sorted(methods))};only=;except=;prefix={','.join(sorted(prefixes))}"


_SKIPPER = re.compile(r"\bSkipper\s*:\s*func\s*\(")
_SKIP_METHOD = re.compile(r"\bMethod\s*==\s*(?:\"([A-Z]+)\"|http\.Method([A-Z][a-z]+))")
_SKIP_PATH = re.compile(r"\bPath\(\)\s*(==|!=)\s*\"([^\"]{1,200})\"")


def _skipper(expr: str) -> str:
    """Echo-style middleware config `Skipper: func(c echo.Context) bool {...}` (the middleware
    is skipped where it returns true), read when its body tests only the method and the path:
    `skip=GET,HEAD;only=/a;except=/api/articles/feed`, which the endpoints stage applies per
    route. Anything else in the body: nothing is assumed."""
    m = _SKIPPER.search(expr)
    if m is None:
        return ""
    body = expr[m.end():m.end() + 1500]
    methods = sorted({(a or b).upper() for a, b in _SKIP_METHOD.findall(body)})
    only = sorted({p for op, p in _SKIP_PATH.findall(body) if op == "=="})
    excepts = sorted({p for op, p in _SKIP_PATH.findall(body) if op == "!="})
    if not (methods or only):
        return ""
    return f"skip={','.join(methods)};only={','.join(only)};except={','.join(excepts)}"


def extract(path: str, tree, data: bytes, ops: list[dict]) -> None:
    PENDING_METHODS.clear()
    # no framework's import path in the bytes: no router, only the functions (and their
    # profiles); unless routers come from another package (`r := router.New()`, `h.Register(g)`)
    imports_fw = any(p in data for p in FRAMEWORK_BYTES)
    may_route = imports_fw or any(c in data for c in ROUTER_METHOD_BYTES)
    LOCALS.clear()
    STRUCT_VARS.clear()
    FILE_BOOLS.clear()
    FILE_BOOLS.update(_file_bools(data))
    MW_LOCALS.clear()
    METHOD_VALUES.clear()
    BUNROUTER[0] = b"uptrace/bunrouter" in data
    MW_SLICES.clear()
    PATH_SETS.clear()
    FIELD_ROUTERS.clear()
    consts = None  # the file's path constants, read once a map literal asks
    FUNC_LOCALS.clear()
    TYPED_PARAMS.clear()
    ROUTER_FW.clear()
    WRAPPED_RETURNS.clear()
    LOCAL_ROUTER_TYPES.clear()
    if may_route and b"interface" in data:
        LOCAL_ROUTER_TYPES.update(_router_interfaces(data))
    nodes = nodes_of(tree, FUNC_TYPES + ("return_statement", "const_spec", "var_spec") +
                     (ROUTE_TYPES if may_route else ()))
    frameworks, aliases = _imports(nodes, data)
    FILE_CONSTS.clear()
    FILE_CONSTS.update(text(c, data) for n in nodes if n.type == "const_spec"
                       for c in n.children_by_field_name("name"))
    WS_PACKAGES.clear()
    WS_PACKAGES.update(_ws_packages(nodes, data))
    for n in nodes:
        if n.type == "var_spec" and n.parent is not None and n.parent.type in (
                "var_declaration", "var_spec_list") and _at_package_level(n):
            # `var AdminOnly = AuthMiddleware("admin")`: a package-level value a function of the
            # package makes (resolve.HandlerResolver._package_var_factory)
            vals = n.child_by_field_name("value")
            for nm, v in zip(n.children_by_field_name("name"),
                             vals.named_children if vals is not None else ()):
                f = v.child_by_field_name("function") if v.type == "call_expression" else None
                if f is not None and f.type == "identifier":
                    ops.append({"op": "pkg_var_call", "name": text(nm, data),
                                "callee": text(f, data), "line": v.start_point[0] + 1})
    main_fw = next((f for f in ("fiber", "gin", "echo", "chi", "gorilla") if f in frameworks),
                   "nethttp" if frameworks else "")
    routing = bool(frameworks) or may_route
    router_vars: dict[str, set[str]] = {}  # scope -> names known to hold routers
    returns: list = []  # return statements, in order: matched to their functions after the walk
    bodies: list = []  # (returned names, body) of each declared function

    tracker = ScopeTracker()
    prof = SpanProfiler(data, "go")
    for n in nodes:
        t = n.type
        if t in ("return_statement", "import_spec"):
            if t == "return_statement":
                returns.append(n)
                if routing and n.named_child_count == 1:
                    _returned_table(n.named_children[0], tracker.at(n), data, ops)
                if routing and n.named_child_count == 1:
                    _typed_returns(n.named_children[0], tracker.at(n), data, router_vars, ops)
                if routing and n.named_child_count == 1:
                    inner = _wrapped_router(n.named_children[0], tracker.at(n), data,
                                            router_vars, ops)
                    if inner:  # `return auth(mux)` returns the router mux, wrapped
                        WRAPPED_RETURNS[n.start_byte] = inner
            continue
        current = tracker.at(n)
        if t in ("const_spec", "var_spec"):
            _package_value(n, current, data, ops)
            if t == "var_spec" and current != "<file>" and routing:
                if not _var_router(n, current, data, aliases, main_fw, router_vars, ops):
                    _declared_router(n, current, data, router_vars, ops)
                _local_table(n, current, data, ops)
            continue
        if t in FUNC_TYPES:
            _fn(n, data, ops, tracker, current, router_vars, prof, bodies)
        elif t in ("short_var_declaration", "assignment_statement") and routing:
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if left is None or right is None or right.named_child_count != 1:
                continue
            call = right.named_children[0]
            if left.named_child_count == 1 and left.named_children[0].type == "identifier" \
                    and call.type == "func_literal":
                FUNC_LOCALS[(current, text(left.named_children[0], data))] = _scope_id(call, data)
                continue
            if t == "short_var_declaration" and call.type == "call_expression" and \
                    left.named_child_count == 1:
                # `wrapped := handler.Logger(handler.CORS(authMW(mux)))`, served by
                # `http.Server{Handler: wrapped}`: the wrappers run before every route of mux
                # (a router this function made; `h := auth.CreateAuthMux(db)` hands a database
                # to a router factory, it wraps nothing)
                wrap_ops: list = []
                inner = _wrapped_router(call, current, data, router_vars, wrap_ops)
                if inner and any(o.get("op") == "new" and o.get("scope") == current and
                                 o.get("var") == inner for o in ops):
                    ops.extend(wrap_ops)
            if left.named_child_count == 1 and left.named_children[0].type == "identifier" \
                    and call.type in ("composite_literal", "unary_expression") and frameworks:
                fw = _embedded_router(call, data, aliases)
                if fw:  # c := Controller{ServeMux: http.NewServeMux()}: c.Handle(...) routes
                    var = text(left.named_children[0], data)
                    router_vars.setdefault(current, set()).add(var)
                    ops.append({"op": "new", "scope": current, "var": var, "framework": fw,
                                "line": call.start_point[0] + 1})
                    continue
                for field, made in _field_routers(call, data, aliases, main_fw, current):
                    # h := userHandler{us, chi.NewRouter()}: `h.router` is that router
                    var = f"{text(left.named_children[0], data)}.{field}"
                    router_vars.setdefault(current, set()).add(var)
                    FIELD_ROUTERS.setdefault(current, set()).add(var)
                    ops.append({**made, "var": var})
            if left.named_child_count == 1 and left.named_children[0].type == "identifier" \
                    and call.type == "composite_literal" and text(
                        call.child_by_field_name("type"), data).startswith("map[string]"):
                if consts is None:
                    consts = {k.decode(): v.decode() for k, v in _PATH_CONST.findall(data)}
                paths = _path_set(call, data, consts)
                if paths:
                    PATH_SETS[(current, text(left.named_children[0], data))] = paths
                continue
            if left.named_child_count == 1 and left.named_children[0].type == "identifier" \
                    and call.type == "composite_literal" and text(
                        call.child_by_field_name("type"), data).startswith("[]func("):
                body = call.child_by_field_name("body")
                MW_SLICES[(current, text(left.named_children[0], data))] = [
                    _mw_of(e.named_children[0] if e.type == "literal_element" and
                           e.named_child_count == 1 else e, data)
                    for e in (body.named_children if body is not None else ())
                    if e.type != "comment"]
                continue
            if left.named_child_count == 1 and left.named_children[0].type == "identifier" \
                    and call.type == "selector_expression":
                # `perms := app.requirePermissions`: a method value the table's entries call
                # (`perms(app.createHandler, ...)`), named as the method it is
                METHOD_VALUES[(current, text(left.named_children[0], data))] = text(call, data)
            if left.named_child_count == 1 and left.named_children[0].type == "identifier" \
                    and _local_table(n, current, data, ops):
                if METHOD_VALUES:
                    _method_values_in_table(ops[-1], current)
                continue  # routes := []Route{...}; ret = append(ret, Route{...})
            if left.named_child_count == 1 and call.type == "call_expression" and \
                    left.named_children[0].type == "identifier":
                # a middleware built in a local, step by step (`mw := NewAuth(s)`, then
                # `mw = mw.WithOptionalFor("/")`): its builder calls, for `_optional_for`
                lname, rtext = text(left.named_children[0], data), text(call, data)[:400]
                if rtext.startswith(lname + ".") and (current, lname) in MW_LOCALS:
                    MW_LOCALS[(current, lname)] += rtext[len(lname):]
                else:
                    MW_LOCALS[(current, lname)] = rtext
            if left.named_child_count == 2 and call.type == "call_expression" and \
                    left.named_children[0].type == "identifier":
                # `app, err := setupApp(cfg)`: a factory's (router, error) result
                var = text(left.named_children[0], data)
                fn = call.child_by_field_name("function")
                if fn is not None and fn.type in ("identifier", "selector_expression") and \
                        text(fn, data) not in GO_BUILTINS and var != "_":
                    # (bound at replay only when the callee builds a router; a router name
                    # only when it reads as one: `tok, err := parser.Parse(s); tok.Get("k",
                    # &v)` is no route)
                    if ROUTERISH.fullmatch(var):
                        router_vars.setdefault(current, set()).add(var)
                    ops.append({"op": "new_from", "scope": current, "var": var,
                                "callee": text(fn, data), "line": call.start_point[0] + 1})
                continue
            if left.named_child_count != 1:
                continue
            var = text(left.named_children[0], data)
            SCOPES[:] = [current] + tracker.path()[::-1]
            if call.type in ("binary_expression", "call_expression",
                             "interpreted_string_literal", "raw_string_literal") and (
                    t == "short_var_declaration" or _string_param(n, var, data)):
                # (`urlPath = path.Join(base, urlPath)`: a string parameter given a new value)
                # apiPath := cfg.BaseURL + "api"; v1Base := v1.BaseURLFunc(prefix)
                parts = expr_parts(call, data, SCOPES)
                op = n.child_by_field_name("operator")
                if op is not None and text(op, data) == "+=":
                    # `path += "/"` then `path += "*"` (chi's FileServer helper): what it
                    # held, then the addition
                    held = _local_parts(var, SCOPES)
                    parts = (list(held) if held is not None else [{"n": var}]) + parts
                if any("s" in p or "c" in p for p in parts):
                    LOCALS[(current, var)] = parts
            if call.type != "call_expression":
                continue
            scope = current
            added = _slice_append(n, data)
            if added is not None:
                ops.append(added)
                continue
            used = _used_group(call, data, var, scope, main_fw, router_vars)
            if used is not None:  # admin := payment.Use(adminMiddleware())
                router_vars.setdefault(scope, set()).add(var)
                ops.extend(used)
                continue
            chained = _chained_group(call, data, var, scope)
            if chained is not None:  # r := v1.Group("/x").Use(auth).Use(role)
                router_vars.setdefault(scope, set()).add(var)
                ops.append(chained)
                continue
            if text(call.child_by_field_name("function"), data) in GO_BUILTINS:
                continue
            op = _router_from_call(call, data, aliases, main_fw, var, scope)
            if op is not None and not frameworks and op.get("parent") not in \
                    router_vars.get(scope, ()):
                op = None  # no framework here: only groups of a router we know of
            if op is None and call.child_by_field_name("function") is not None and \
                    call.child_by_field_name("function").type in ("identifier",
                                                                   "selector_expression"):
                # `r := router.New()`: a function of this tree may build and return a router;
                # the endpoints stage follows the call (`new_from`) and binds what it returns
                op = {"op": "new_from", "scope": scope, "var": var,
                      "callee": text(call.child_by_field_name("function"), data),
                      "line": call.start_point[0] + 1}
                cargs = call.child_by_field_name("arguments")
                argv = _argv(cargs)
                if argv and len(argv) <= 8:  # for a group-making wrapper (`group_of`)
                    op["args"] = [_prefix_fields(a, data) for a in argv]
                    op["arg_text"] = [text(a, data)[:200] for a in argv]
                    if main_fw:
                        op["framework"] = main_fw
            if op:
                router_vars.setdefault(scope, set()).add(var)
                if op["op"] == "new" and t == "assignment_statement":
                    op["pkg_var"] = True  # `Router = gin.Default()`: a name declared outside
                ops.append(op)
                if op["op"] == "new":
                    ROUTER_FW[(scope, var)] = op["framework"]
        elif t == "call_expression" and routing:
            SCOPES[:] = [current] + tracker.path()[::-1]
            served = _served_handler(n, data)
            if served is not None:
                # `http.ListenAndServe(":8080", cors(auth(router)))`, `http.Server{Handler:
                # auth(mux)}.ListenAndServe()`: the server runs the wrappers before every
                # route of the router
                _wrapped_router(served, current, data, router_vars, ops)
            _struct_args(n, current, data, ops, aliases, main_fw,
                         router_vars.get(current) or ())
            _call(n, data, aliases, main_fw, router_vars, ops, current)
    _fill_returns(bodies, returns, data, router_vars)


STATIC_ROUTES = {"gin": {"Static": "/*filepath", "StaticFS": "/*filepath", "StaticFile": "",
                         "StaticFileFS": ""},
                 "echo": {"Static": "/*"}}
TYPE_FRAMEWORK = {"gin": "gin", "echo": "echo", "fiber": "fiber", "chi": "chi", "mux": "gorilla",
                  "http": "nethttp"}


WRAPPED_RETURNS: dict = {}  # return statement's start byte -> the router it returns wrapped
# handler wrappers that are no middleware: a mount (the prefix is the caller's) or an adapter
NOT_MIDDLEWARE = {"http.StripPrefix", "http.HandlerFunc", "http.Handler"}


def _wrapped_router(e, scope: str, data: bytes, router_vars: dict, ops: list) -> str:
    """`return withCORS(apiKeyAuth(basicAuth(mux)))`, `handlers.CORS(opts)(r)`: a handler that
    wraps a whole router runs before each of its routes, whatever the order of registration.
    Recorded as a `use` of the router (`wraps`) with the wrappers outermost first."""
    known = router_vars.get(scope) or ()
    if not known or _result_not_handler(e, data):
        return ""
    if e.type == "expression_list" and e.named_child_count == 1:
        e = e.named_children[0]
    names: list[str] = []
    texts: list[str] = []
    for _ in range(8):
        if e.type != "call_expression" or not known:
            return ""
        fn = e.child_by_field_name("function")
        args = e.child_by_field_name("arguments")
        argv = _argv(args)
        if fn is None or len(argv) != 1:
            return ""
        name = text(fn, data)
        if fn.type == "selector_expression" and \
                text(fn.child_by_field_name("field"), data) in METHODS:
            return ""  # a route call, not a wrapper
        if name not in NOT_MIDDLEWARE:
            names.append(_mw_name(name))
            texts.append(text(e, data)[:200])
        e = argv[0]
        if e.type == "identifier" and text(e, data) in known:
            if names:
                ops.append({"op": "use", "scope": scope, "target": text(e, data),
                            "prefix": None, "mw": names, "mw_text": texts,
                            "line": e.start_point[0] + 1, "wraps": True})
            return text(e, data)
    return ""


# net/http's serving functions: the position of the handler they serve every request with
# (net/http server.go: ListenAndServe(addr, handler), ListenAndServeTLS(addr, cert, key,
# handler), Serve(l, handler), ServeTLS(l, handler, cert, key))
_SERVE_ARG = {"http.ListenAndServe": 1, "http.ListenAndServeTLS": 3, "http.Serve": 1,
              "http.ServeTLS": 1}


def _served_handler(call, data: bytes):
    """The handler expression a net/http server is given: an argument of a serving function,
    or the `Handler:` field of an `http.Server` literal the call is made on
    (`(&http.Server{Handler: h}).ListenAndServe()`); None for any other call."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    name = text(fn, data)
    if name in _SERVE_ARG:
        argv = _argv(call.child_by_field_name("arguments"))
        return argv[_SERVE_ARG[name]] if len(argv) > _SERVE_ARG[name] else None
    if fn.type != "selector_expression" or text(fn.child_by_field_name("field"), data) not in (
            "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"):
        return None
    recv = fn.child_by_field_name("operand")
    while recv is not None and recv.type in ("parenthesized_expression", "unary_expression"):
        recv = recv.named_children[-1] if recv.named_child_count else None
    if recv is None or recv.type != "composite_literal" or \
            not text(recv.child_by_field_name("type"), data).endswith("http.Server"):
        return None
    return _server_handler_field(recv, data)


def _server_handler_field(lit, data: bytes):
    """The value of the `Handler:` field of an `http.Server{...}` literal, else None."""
    return next((value for key, value in _keyed_elements(lit, data)
                 if text(key, data) == "Handler"), None)


_NOT_HANDLER_RESULTS = frozenset(("error", "bool", "int", "string", "int64", "uint"))


def _result_not_handler(e, data: bytes) -> bool:
    """The function the return statement is in declares a result no handler can be (`func
    Start(...) error { ...; return srv.Start(root) }`: the server's error, not the router
    wrapped)."""
    fn = e.parent
    while fn is not None and fn.type not in ("function_declaration", "method_declaration",
                                             "func_literal"):
        fn = fn.parent
    result = fn.child_by_field_name("result") if fn is not None else None
    return result is not None and text(result, data) in _NOT_HANDLER_RESULTS


# the type a router constructor returns, which is also the name of a struct field that embeds it
# (`struct{ *http.ServeMux }` is keyed `ServeMux:` in a literal)
EMBEDDED_NAMES = {("http", "NewServeMux"): "ServeMux", ("mux", "NewRouter"): "Router",
                  ("chi", "NewRouter"): "Mux", ("chi", "NewMux"): "Mux", ("echo", "New"): "Echo",
                  ("gin", "New"): "Engine", ("gin", "Default"): "Engine", ("fiber", "New"): "App"}


def _literal(lit, data: bytes):
    """The composite literal `T{...}` or `&T{...}` is, else None."""
    if lit.type == "unary_expression":
        if text(lit, data)[:1] != "&" or lit.named_child_count != 1:
            return None
        lit = lit.named_children[0]
    return lit if lit.type == "composite_literal" else None


def _keyed_elements(lit, data: bytes):
    """(key, value) nodes of the keyed elements of a struct literal `T{k: v}` or `&T{k: v}`,
    each unwrapped from its `literal_element`."""
    lit = _literal(lit, data)
    body = lit.child_by_field_name("body") if lit is not None else None
    for el in body.named_children if body is not None else ():
        if el.type != "keyed_element" or el.named_child_count != 2:
            continue
        key, value = el.named_children
        if key.type == "literal_element" and key.named_child_count == 1:
            key = key.named_children[0]
        if value.type == "literal_element" and value.named_child_count == 1:
            value = value.named_children[0]
        yield key, value


def _field_routers(lit, data: bytes, aliases: dict, main_fw, scope: str) -> list:
    """(field, new-router op) of the fields of a struct literal set to a router made right
    there: keyed (`T{router: chi.NewRouter()}`) or positional (`T{us, chi.NewRouter()}`, the
    field named by the struct's declaration in the same file)."""
    lit = _literal(lit, data)
    body = lit.child_by_field_name("body") if lit is not None else None
    if body is None:
        return []
    out, names = [], None
    elements = [e for e in body.named_children if e.type != "comment"]
    for i, el in enumerate(elements[:16]):
        if el.type == "keyed_element" and el.named_child_count == 2:
            key, value = el.named_children
            field = text(key, data)
        else:
            value, field = el, None
        if value.type == "literal_element" and value.named_child_count == 1:
            value = value.named_children[0]
        if value.type != "call_expression":
            continue
        made = _router_from_call(value, data, aliases, main_fw, "", scope)
        if made is None or made["op"] != "new":
            continue
        if field is None:
            if names is None:
                names = _struct_fields(data, text(lit.child_by_field_name("type"), data))
            field = names[i] if names is not None and i < len(names) else None
        if field and field.isidentifier():
            out.append((field, made))
    return out


def _struct_fields(data: bytes, type_name: str) -> list | None:
    """The field names, in order, of `type <type_name> struct {...}` declared in this file
    (an embedded field is named by its type); None when the file does not declare it."""
    if not type_name.isidentifier():
        return None
    m = re.search(rb"\btype\s+" + type_name.encode() + rb"\s+struct\s*\{", data)
    if m is None:
        return None
    depth, i, end = 1, m.end(), min(len(data), m.end() + 8000)
    while i < end and depth:
        depth += {ord("{"): 1, ord("}"): -1}.get(data[i], 0)
        i += 1
    names: list = []
    for line in data[m.end():i - 1].decode("utf-8", "replace").splitlines():
        line = line.split("//", 1)[0].strip()
        if not line:
            continue
        head = line.split("`", 1)[0].split()
        if len(head) == 1:  # embedded: `*chi.Mux` is named Mux
            names.append(head[0].lstrip("*").rsplit(".", 1)[-1])
        else:
            names.extend(n.strip() for n in line.split("`", 1)[0].rsplit(None, 1)[0].split(",")
                         if n.strip())
    return names


def _embedded_router(lit, data: bytes, aliases: dict) -> str:
    """`Controller{ServeMux: http.NewServeMux(), db: db}` (or `&Controller{...}`): a struct that
    embeds a router built right there. Go promotes the embedded field's methods, so
    `c.Handle("GET /login", h)` registers on that router: the value is the router. A field
    with a name of its own (`mux: http.NewServeMux()`) promotes nothing and is not one."""
    for key, value in _keyed_elements(lit, data):
        if value.type != "call_expression":
            continue
        fn = value.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            continue
        pkg = text(fn.child_by_field_name("operand"), data)
        fw = aliases.get(pkg)
        if not fw:
            continue
        canon = {"gorilla": "mux", "nethttp": "http"}.get(fw, fw)
        ctor = (canon, text(fn.child_by_field_name("field"), data))
        if EMBEDDED_NAMES.get(ctor) == text(key, data) and CONSTRUCTORS.get(ctor):
            return CONSTRUCTORS[ctor]
    return ""


# the field name Go gives an embedded router (`struct{ fiber.Router }` is keyed `Router:`)
EMBEDDED_FIELDS = frozenset(t.rsplit(".", 1)[1] for t in ROUTER_TYPES)


def _typed_returns(e, scope: str, data: bytes, router_vars: dict, ops: list) -> None:
    """`return &V2{Router: v2}, &Admin{Router: admin}`: a function that hands out routers
    wrapped in struct types that embed them (Go promotes the embedded router's methods, so
    `v2.Get(...)` on a `*V2` registers on that group). Recorded per type, for the parameters
    of that type that no call binds (dependency injection by type: uber fx/dig, wire)."""
    known = router_vars.get(scope) or ()
    if not known:
        return
    items = e.named_children if e.type == "expression_list" else [e]
    for item in items[:8]:
        lit = _literal(item, data)
        if lit is None:
            continue
        typ, body = lit.child_by_field_name("type"), lit.child_by_field_name("body")
        if typ is None or body is None or typ.type not in ("type_identifier",
                                                           "qualified_type"):
            continue
        els = body.named_children
        var = None
        if len(els) == 1 and els[0].type in ("literal_element", "element") and \
                text(els[0], data) in known:
            var = text(els[0], data)  # &V2{v2}
        for el in els:
            if el.type != "keyed_element" or el.named_child_count != 2:
                continue
            key, value = (text(c, data) for c in el.named_children)
            if key in EMBEDDED_FIELDS and value in known:
                var = value  # &V2{Router: v2}
        if var:
            ops.append({"op": "typed_router", "scope": scope,
                        "type": text(typ, data).rsplit(".", 1)[-1], "var": var,
                        "line": item.start_point[0] + 1})


def _var_router(n, scope, data, aliases, main_fw, router_vars, ops) -> bool:
    """`var srv = echo.New()`, `var v1 = e.Group("/v1")` in a function: the same router as
    `srv := echo.New()` (Go's long variable declaration with an initializer)."""
    names = n.children_by_field_name("name")
    value = n.child_by_field_name("value")
    if len(names) != 1 or value is None or value.named_child_count != 1 or \
            value.named_children[0].type != "call_expression" or not aliases:
        return False
    var = text(names[0], data)
    op = _router_from_call(value.named_children[0], data, aliases, main_fw, var, scope)
    if op is None or op["op"] not in ("new", "group"):
        return False
    router_vars.setdefault(scope, set()).add(var)
    ops.append(op)
    if op["op"] == "new":
        ROUTER_FW[(scope, var)] = op["framework"]
    return True


def _declared_router(n, scope: str, data: bytes, router_vars: dict, ops: list) -> None:
    """`var r *gin.Engine` in a function (then filled from an engine kept elsewhere, e.g.
    `r = h.(*gin.Engine)`): a router whose routes hang from the root."""
    names = n.children_by_field_name("name")
    typ = n.child_by_field_name("type")
    value = n.child_by_field_name("value")
    if len(names) == 1 and value is not None and value.named_child_count == 1 and \
            value.named_children[0].type == "identifier" and \
            text(value.named_children[0], data) in router_vars.get(scope, ()):
        # var appHandler http.Handler = appMux: the same router under another name
        var = text(names[0], data)
        router_vars.setdefault(scope, set()).add(var)
        ops.append({"op": "alias", "scope": scope, "var": var,
                    "of": text(value.named_children[0], data), "line": n.start_point[0] + 1})
        return
    if len(names) != 1 or typ is None or value is not None:
        return
    m = ROUTER_TYPE.search(text(typ, data))
    if not m:
        return
    fw = TYPE_FRAMEWORK.get(m.group(0).split(".", 1)[0])
    if fw:
        var = text(names[0], data)
        router_vars.setdefault(scope, set()).add(var)
        ops.append({"op": "new", "scope": scope, "var": var, "framework": fw,
                    "line": n.start_point[0] + 1, "declared": True})


def _imports(nodes, data: bytes) -> tuple[set, dict]:
    """The frameworks a file imports, and its local package name of each (alias -> framework)."""
    frameworks = set()
    aliases: dict[str, str] = {}
    for n in nodes:
        if n.type != "import_spec":
            continue
        p = n.child_by_field_name("path")
        imp = text(p, data).strip('"`') if p is not None else ""
        for prefix, fw in FRAMEWORK_IMPORTS.items():
            if imp == prefix or imp.startswith(prefix + "/"):
                if fw == "nethttp" and imp != "net/http":
                    continue
                frameworks.add(fw)
                name = n.child_by_field_name("name")
                local = text(name, data) if name is not None else imp.rstrip("/").split("/")[-1]
                if local.startswith("v") and local[1:].isdigit():
                    local = imp.rstrip("/").split("/")[-2]
                aliases[local] = fw
                rest = imp[len(prefix):].strip("/")
                if rest and not re.fullmatch(r"v\d+", rest):
                    # a package under the framework's (`fiber/v2/middleware/cors`): its `New`
                    # makes a middleware, not an app (marked "cors/": no Go name ends so)
                    aliases[local + "/"] = fw
    return frameworks, aliases


# Fiber's WebSocket middleware (gofiber/websocket, gofiber/contrib/websocket and its v3 module):
# `app.Get("/ws", websocket.New(func(c *websocket.Conn) {...}))` upgrades every request it serves
_FIBER_WS_IMPORT = re.compile(r"github\.com/gofiber/(?:contrib/(?:v\d+/)?)?websocket(?:/v\d+)?")
WS_PACKAGES: set = set()  # the file's local names of those packages


def _ws_packages(nodes, data: bytes) -> set:
    out = set()
    for n in nodes:
        if n.type != "import_spec":
            continue
        p = n.child_by_field_name("path")
        imp = text(p, data).strip('"`') if p is not None else ""
        if _FIBER_WS_IMPORT.fullmatch(imp):
            name = n.child_by_field_name("name")
            local = text(name, data) if name is not None else "websocket"
            out.add(local)
    return out


def _ws_handler(node, data: bytes) -> bool:
    """`websocket.New(handler)` of Fiber's WebSocket middleware."""
    if node.type != "call_expression" or not WS_PACKAGES:
        return False
    fn = node.child_by_field_name("function")
    return fn is not None and fn.type == "selector_expression" and \
        text(fn.child_by_field_name("field"), data) == "New" and \
        text(fn.child_by_field_name("operand"), data) in WS_PACKAGES


_BASIC_RESULTS = {"string", "int", "int64", "bool", "error", "float64", "[]byte", "any",
                  "interface{}", "[]string"}


def _middleware_literal(n) -> bool:
    """A function literal handed to Group or Use, or to a route call where it is not the
    handler (`GET("/x", func..., h)`): a middleware written inline, profiled as one."""
    args = n.parent
    if args is None or args.type != "argument_list":
        return False
    named = args.named_children
    idx = next((i for i, c in enumerate(named) if c.id == n.id), -1)
    # (echo takes its route middleware after the handler: GET(path, h, mw...))
    return idx >= 0 and (idx < len(named) - 1 or idx >= 2 or
                         text_field(args.parent) in ("Use", "Group"))


_CALLED = re.compile(r"(?<![\w.])([A-Za-z_][\w.]*)\s*\(")


def _context_only(body: str, params: list) -> bool:
    """Every call of the gin middleware's body is a method of its context (`c.Set(...)`,
    `c.Next()`) or a builtin: it hands nothing to a helper that could read a credential."""
    ctx = next((p for p, t in params if "gin.Context" in (t or "")), None)
    if ctx is None:
        return False
    for m in _CALLED.finditer(body):
        name = m.group(1)
        if name.startswith(ctx + ".") or name in GO_BUILTINS or name == "func":
            continue
        return False
    return True


def _route_handler_literal(n) -> bool:
    """A function literal written as a route's handler (`g.GET("/idp/:id", func(c
    echo.Context) error {...})`): its own credential check guards the route as a named
    handler's does."""
    args = n.parent
    if args is None or args.type != "argument_list" or _middleware_literal(n):
        return False
    return text_field(args.parent) in METHODS


def _delegated_mw(n, params: list, data: bytes) -> str:
    """`func(next echo.HandlerFunc) echo.HandlerFunc { return JWTMiddleware(s, next, secret)
    }`: an inline middleware that is only a call of another, handed the next handler; that
    function's name ("" for any other literal)."""
    body = n.child_by_field_name("body")
    stmts = _block_stmts(body) if body is not None else []
    if len(stmts) != 1 or stmts[0].type != "return_statement" or not params:
        return ""
    call = stmts[0].named_children[0] if stmts[0].named_children else None
    if call is not None and call.type == "expression_list" and call.named_child_count == 1:
        call = call.named_children[0]
    if call is None or call.type != "call_expression":
        return ""
    fn = call.child_by_field_name("function")
    argv = _argv(call.child_by_field_name("arguments"))
    if fn is None or fn.type not in ("identifier", "selector_expression") or \
            not any(a.type == "identifier" and text(a, data) == params[0][0] for a in argv):
        return ""
    return text(fn, data)


def text_field(call) -> str:
    fn = call.child_by_field_name("function") if call is not None else None
    f = fn.child_by_field_name("field") if fn is not None and \
        fn.type == "selector_expression" else None
    return f.text.decode("utf-8", "replace") if f is not None else ""


TYPED_PARAMS: dict[str, set] = {}  # scope -> parameters of a named (struct) type, per file


def _named_type(t: str) -> bool:
    """`*svr.V2`, `V2`, `Item`: an exported named type (of a package or this one)."""
    parts = (t[1:] if t.startswith("*") else t).split(".")
    return len(parts) <= 2 and all(p.isidentifier() for p in parts) and parts[-1][:1].isupper()


def _local_literal(n) -> bool:
    """A function literal that is the value of a local (`setup := func(...) {...}`)."""
    p = n.parent
    if p is not None and p.type == "expression_list":
        p = p.parent
    if p is None or p.type not in ("short_var_declaration", "assignment_statement"):
        return False
    left = p.child_by_field_name("left")
    return left is not None and left.named_child_count == 1 and \
        left.named_children[0].type == "identifier"


LOCAL_ROUTER_TYPES: set = set()  # this file's interfaces a router satisfies
_INTERFACE = re.compile(rb"\btype\s+([A-Za-z_]\w*)\s+interface\s*\{([^{}]*)\}")
_ROUTE_METHOD_SPEC = re.compile(rb"^\s*(?:GET|POST|PUT|DELETE|PATCH|Get|Post|Put|Delete|Patch|"
                                rb"HandleFunc|Handle)\(", re.M)
_FRAMEWORK_TYPE = re.compile(rb"\b(?:echo|gin|fiber|chi|http)\.\w*(?:Handler|Context|Route)")


def _router_interfaces(data: bytes) -> set:
    """Interfaces of the file that a framework's router satisfies: route methods taking the
    framework's handler types (oapi-codegen's `type EchoRouter interface { GET(path string, h
    echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route; ... }`, which its generated
    `RegisterHandlers(router EchoRouter, si ServerInterface)` registers on). A parameter of
    such a type is a router, as one of `*echo.Echo` is."""
    return {m.group(1).decode() for m in _INTERFACE.finditer(data)
            if _ROUTE_METHOD_SPEC.search(m.group(2)) and _FRAMEWORK_TYPE.search(m.group(2))}


def _run_in_place(n) -> bool:
    """A function literal called where it is written (`go func() { ...; e.Start(port) }()`,
    `func() {...}()`, `defer func() {...}()`): it runs with the variables of the function
    around it, its routers included."""
    p = n.parent
    return p is not None and p.type == "call_expression" and \
        p.child_by_field_name("function") == n


def _fn(n, data, ops, tracker, current, router_vars, prof, bodies) -> None:
    """The "fn" op of a function: every function gets one, since any can be a middleware; its
    returned names come later from `_fill_returns` (one pass over the returns of the file)."""
    t = n.type
    scope = _scope_id(n, data)
    tracker.enter(n, scope)
    params = _params(n, data)
    rv = router_vars.setdefault(scope, set())
    if t == "func_literal" and (_local_literal(n) or _run_in_place(n)):
        # `setup := func(method, pattern string, h http.HandlerFunc) { s.router.Handle(...) }`:
        # the closure registers on the routers of the function it is written in (replayed
        # where the function calls it, with the strings and handlers it is handed)
        rv.update(router_vars.get(current, ()))
    for name, ptype in params:
        if ROUTER_TYPE.search(ptype) or ptype.lstrip("*") in LOCAL_ROUTER_TYPES:
            rv.add(name)
        elif _named_type(ptype):
            # `v2 *svr.V2`: a struct type that may embed a router (known only at replay)
            TYPED_PARAMS.setdefault(scope, set()).add(name)
    plist = n.child_by_field_name("parameters")
    variadic = plist is not None and any(c.type == "variadic_parameter_declaration"
                                         for c in plist.named_children)
    rec = {"op": "fn", "scope": scope, "name": scope.rsplit(".", 1)[-1],
           **({"variadic": True} if variadic else {}),
           "recv": scope.rsplit(".", 1)[0] if "." in scope else "",
           **_recv_name(n, data),
           "params": params, "line": n.start_point[0] + 1, "end_line": n.end_point[0] + 1,
           "auth": prof.for_span(n.start_byte, n.end_byte)
           if t != "func_literal" or _route_handler_literal(n) else {},
           **({"lit_auth": prof.for_span(n.start_byte, n.end_byte)}
              if t == "func_literal" and _middleware_literal(n) else {}),
           **({"delegates_mw": d} if t == "func_literal" and _middleware_literal(n) and
              (d := _delegated_mw(n, params, data)) else {}),
           "parent_scope": current if t == "func_literal" else ""}
    body = n.child_by_field_name("body")
    if body is not None and t != "func_literal":
        rec["returns"] = []
        bodies.append((rec["returns"], body, rec.get("scope", "")))
        served = methods_served(data[body.start_byte:body.end_byte], params)
        if served:
            rec["methods"] = served
        if _WS_UPGRADE.search(data, body.start_byte, body.end_byte):
            rec["ws"] = True
        if _WS_TEST.search(data, body.start_byte, body.end_byte):
            rec["ws_test"] = True  # (it asks whether the request is one: it serves both)
        if b"gin.Context" in data[n.start_byte:body.start_byte] and \
                _context_only(data[body.start_byte:body.end_byte].decode("utf-8", "replace"),
                              params):
            rec["context_only"] = True  # (auth.verdict: a loader of nothing)
        result = n.child_by_field_name("result")
        if result is not None and _HANDLER_RESULT.fullmatch(text(result, data).strip()):
            rec["returns_handler"] = True  # `func (m AuthMiddleware) Add() gin.HandlerFunc`
        if result is not None and ROUTER_TYPE.search(text(result, data)) and any(
                ptype.replace(" ", "") == text(result, data).replace(" ", "")
                for _n, ptype in params):
            # `func SetupRoutes(r *mux.Router) *mux.Router { ...; return r }`: it registers on
            # the router it is handed and gives the same one back; no wrapper of it
            rec["router_in_out"] = True
        only = _block_stmts(body) if result is not None and text(result, data) == "bool" \
            else []
        if len(only) == 1 and only[0].type == "return_statement" and \
                text(only[0], data).split() in (["return", "true"], ["return", "false"]):
            # `func (h *listItems) RequireAuth() bool { return false }`: a fixed answer,
            # read where a loop over an interface asks it (`if h.RequireAuth()`, `_recv_when`)
            rec["const_bool"] = text(only[0], data).split()[1] == "true"
        if result is not None and text(result, data) == "bool" and b'"/' in data[
                body.start_byte:body.end_byte]:
            paths = path_test(text(body, data))
            if paths:
                rec["path_test"] = paths
        if result is not None and params and text(result, data) not in _BASIC_RESULTS and all(
                t == text(result, data) for _n, t in params):
            # func Chain(middlewares ...Middleware) Middleware: it makes one value of its
            # parameters' own type out of them (a middleware made of middleware)
            rec["combines"] = True
        group = _group_wrapper(n, data, params) if result is not None else None
        if group:
            rec["group_of"] = group
        tpl = _template(n, data, params) if result is not None else None
        if tpl:
            rec["template"] = tpl
        if b"Path" in data[body.start_byte:body.end_byte]:
            m = _PATH_SET_TEST.search(text(body, data))
            pnames = [p for p, _t in params]
            if m is not None and m.group(1) in pnames and \
                    m.group(2).endswith(("Path()", ".Path")):
                rec["path_set_param"] = pnames.index(m.group(1))  # (see `_path_set_arg`)
        raw = data[body.start_byte:body.end_byte]
        exempt = exempt_lists(text(body, data)) if b"URL.Path" in raw or \
            b"URL.String()" in raw or b".RequestURI" in raw else \
            {"preflight": True} if b"OPTIONS" in raw and _answers_preflight(raw.decode(
                "utf-8", "replace")) else {}
        if exempt:
            rec["exempt_lists"] = exempt
        dispatch = go_tables.dispatch_op(n, data, scope)
        if dispatch is not None:  # for _, rt := range routes { if url == rt.Url {...} }
            ops.append(dispatch)
        elif b".URL.Path" in raw and b"if " in raw:
            # `if r.Method == http.MethodGet && r.URL.Path == healthPath {...} else if ...`
            ops.extend(go_tables.if_chain_ops(n, data, scope, params))
    ops.append(rec)


# `switch r.Method { case "GET", http.MethodHead: ...}`, `case r.Method == "POST":`,
# `if r.Method == http.MethodPut {`: the methods a net/http-style handler branches on
_METHOD_NAME = rb'(?:"(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)"|http\.Method(Get|Post|Put|Patch|Delete|Head|Options))'
_METHOD_CMP = re.compile(rb"\b(\w+)\.Method\s*==\s*" + _METHOD_NAME)
# `if r.Method != "POST" { ...405...; return }`: a guard that lets one method through
_METHOD_GUARD = re.compile(rb"\bif\s+(\w+)\.Method\s*!=\s*" + _METHOD_NAME + rb"\s*\{")
_METHOD_SWITCH = re.compile(rb"switch\s+(\w+)\.Method\s*\{")
_CASE = re.compile(rb"\bcase\s+((?:" + _METHOD_NAME + rb"\s*,?\s*)+):")
# a handler that asks whether the request is a WebSocket handshake (gin `c.IsWebsocket()`,
# gorilla `websocket.IsWebSocketUpgrade(r)`, echo's `c.IsWebSocket()`, the Upgrade header)
_WS_TEST = re.compile(rb"\.IsWebsocket\(|\.IsWebSocket\(|IsWebSocketUpgrade\(|"
                      rb"Header\.Get\(\s*\"Upgrade\"")
_ONE_METHOD = re.compile(_METHOD_NAME)


# the handler turns the request into a WebSocket: gorilla/websocket `upgrader.Upgrade(w, r, nil)`,
# coder/nhooyr `websocket.Accept(w, r, opts)`, melody `m.HandleRequest(w, r)`
_WS_UPGRADE = re.compile(rb"\.Upgrade\(\s*[\w.]+(?:\(\))?\s*,\s*[\w.]+(?:\(\))?\s*,|"
                         rb"\bwebsocket\.Accept\(|\.HandleRequest\(\s*\w+\s*,\s*\w+\s*\)")


_CASE_PATHS = re.compile(r'\bcase\s+((?:"/[^"\n]*"\s*,\s*)*"/[^"\n]*")\s*:\s*return\s+true\b')
_IF_CALL_TRUE = re.compile(r"\bif\s+([A-Za-z_]\w*)\(\s*\w+\s*\)\s*\{\s*return\s+true\s*\}")
# `if !strings.HasPrefix(path, "/api/") { return true }`: every path outside that prefix
_IF_NOT_PREFIX_TRUE = re.compile(r'\bif\s+!\s*strings\.HasPrefix\(\s*[\w.]+(?:\(\))?\s*,\s*'
                                 r'"(/[^"\n]*)"\s*\)\s*\{\s*return\s+true\s*\}')
# `if common.HasPrefixes(path, "/api/auth") { return true }` (a variadic helper, or strings')
_IF_PREFIX_TRUE = re.compile(r'\bif\s+[\w.]*HasPrefix(?:es)?\(\s*[\w.]+(?:\(\))?\s*,\s*'
                             r'((?:"/[^"\n]*"\s*,\s*)*"/[^"\n]*")\s*\)\s*\{\s*return\s+true\s*\}')
_PREFIX_TERM = re.compile(r'strings\.HasPrefix\(\s*[\w.]+(?:\(\))?\s*,\s*"(/[^"]*)"\s*\)')
# (each starts where a name starts, not inside one: linear on a long run of word characters)
_EQ_TERM = re.compile(r'(?<![\w.])[\w.]+(?:\(\))?\s*==\s*"(/[^"]*)"')
_CALL_TERM = re.compile(r"(?<!\w)([A-Za-z_]\w*)\(\s*\w+\s*\)")


# the result of a method that builds a middleware: a handler of one of the routers
_HANDLER_RESULT = re.compile(r"(?:gin\.HandlerFunc|echo\.MiddlewareFunc|echo\.HandlerFunc|"
                             r"fiber\.Handler|http\.HandlerFunc|http\.Handler|"
                             r"func\s*\(\s*(?:http\.Handler|\*gin\.Context|echo\.HandlerFunc|"
                             r"\*fiber\.Ctx)\s*\)\s*[\w.*]*)")


# `for _, v := range noLogin { if strings.HasPrefix(c.Request.URL.Path, v) { ... return } }`:
# a guard that lets the paths of a list through before it checks anything
_RANGE_LIST = re.compile(r"\bfor\s+_\s*,\s*(\w+)\s*:=\s*range\s+(\w+)\s*\{")
_URL_PATH = r"[\w.]+\.URL\.Path"


def exempt_lists(body: str) -> dict:
    """{"prefix": list var, "except": list var or ""} of a middleware that ranges over a list
    of paths and returns (lets the request on, having rejected nothing) for a request path
    starting with one of them (`strings.HasPrefix(r.URL.Path, p)`), or equal to one
    (`if path == url` with `path := c.Request().URL.Path`: "exact"), unless the path equals one
    of a second list it ranges over inside (`overrideRequireLogin`). A list written in the
    middleware itself (`ignores := []string{"/api/user/login", ...}`) comes with its "values";
    a loop that runs only after the credential was read and found missing (the else branch of
    `if token != ""`) marks "after_read": those paths are served with or without a credential.
    {} when the body has no such loop."""
    got: dict = {}
    for m in _RANGE_LIST.finditer(body):
        got = _exempt_loop(body, m)
        if got:
            break
    if not got:
        got = _exempt_condition(body)
    if _answers_preflight(body):
        got = {**got, "preflight": True}
    rules = _early_pass_rules(body)
    if rules:
        got = {**got, "rules": rules}
    return got


# `if <test> { return next(c) }` (echo), `{ next.ServeHTTP(w, r); return }` (net/http),
# `{ c.Next(); return }` (gin): the request goes on before anything refuses it
_PASS_BLOCK = re.compile(r"^\s*(?:return\s+next\(\s*\w+\s*\)|next\.ServeHTTP\(\s*\w+\s*,\s*"
                         r"[\w.()]+\s*\)\s*;?\s*return|\w+\.Next\(\)\s*;?\s*return|"
                         r"return\s+\w+\.Next\(\))\s*;?\s*$")
_METHOD_VALUE = re.compile(r'^(?:http\.Method(\w+)|"([A-Z]+)")$')
_EMPTY_CRED = re.compile(r"\bif\s+(\w+)\s*==\s*(?:\"\"|nil)\s*\{\s*$")


def _early_pass_rules(body: str) -> list[dict]:
    """Requests a middleware lets on by their path (and method) before it checks anything:
    `if common.HasPrefixes(path, "/api/status", "/api/memo") && method == http.MethodGet {
    return next(c) }`, with `path := c.Request().URL.Path` (or echo's route pattern
    `c.Path()`). Each rule: {"prefix": [...], "exact": [...], "methods": [...]} (any of the
    paths, any of the methods; no methods: all), "after_read" when the test sits in the
    branch that runs once the credential was read and found missing (`if token == "" {`):
    those paths are served without one, and one that is sent is still checked. A test with a
    term of any other kind is not read."""
    if "next" not in body and ".Next()" not in body:
        return []
    pvs = _path_vars(body, len(body)) + [r"\w+\.Path\(\)"] + [
        re.escape(v) for v in re.findall(r"\b(\w+)\s*:=\s*\w+\.Path\(\)\s*\n", body)]
    pv = "(?:" + "|".join(pvs) + ")"
    mvs = [r"[\w.]+(?:\(\))?(?:\.\w+(?:\(\))?)*\.Method"] + [
        re.escape(v) for v in re.findall(
            r"\b(\w+)\s*:=\s*[\w.]+(?:\(\))?(?:\.\w+(?:\(\))?)*\.Method\s*\n", body)]
    mv = "(?:" + "|".join(mvs) + ")"
    deny = _DENY_GO.search(body)
    rules: list[dict] = []
    for m in _IF_OPEN.finditer(body):
        block = _block(body, m.end())
        if not _PASS_BLOCK.match(block):
            continue
        before = body[:m.start()]
        # the enclosing block's opening line: a test that the credential is missing
        depth, i = 0, len(before) - 1
        while i >= 0:
            ch = before[i]
            if ch == "}":
                depth += 1
            elif ch == "{":
                if depth == 0:
                    break
                depth -= 1
            i -= 1
        opener = before[max(0, before.rfind("\n", 0, max(i, 0)) + 1):i + 1] if i >= 0 else ""
        empty = _EMPTY_CRED.search(opener)
        after_read = empty is not None and re.search(
            r"\b" + re.escape(empty.group(1)) + r"\s*(?:,\s*\w+\s*)?:?=", before) is not None
        if deny is not None and deny.start() < m.start() and not after_read:
            continue  # (after a refusal: not an early pass)
        got = _pass_terms(m.group(1), pv, mv)
        if got is None:
            continue
        for rule in got:
            if after_read:
                rule["after_read"] = True
            rules.append(rule)
    return rules[:16]


def _pass_terms(cond: str, pv: str, mv: str) -> list[dict] | None:
    out = []
    for alt in top_terms(cond, "||"):
        rule: dict = {"prefix": [], "exact": [], "methods": []}
        paths = 0
        for term in top_terms(unparen(alt.strip()), "&&"):
            term = unparen(term.strip())
            m = re.fullmatch(r"[\w.]*HasPrefix(?:es)?\(\s*" + pv +
                             r'\s*,\s*((?:"/[^"]*"\s*,\s*)*"/[^"]*")\s*,?\s*\)', term)
            if m is not None:
                if paths:
                    return None  # two path tests joined by &&: not read
                rule["prefix"] = re.findall(r'"([^"]*)"', m.group(1))
                paths += 1
                continue
            m = re.fullmatch(pv + r'\s*==\s*"(/[^"]*)"', term)
            if m is not None:
                if paths:
                    return None
                rule["exact"] = [m.group(1)]
                paths += 1
                continue
            if (call := _pass_call(term)) and not paths:
                rule["calls"] = [call]  # (read at the endpoint: the predicate's path_test)
                paths += 1
                continue
            m = re.fullmatch(mv + r"\s*==\s*(\S+)", term)
            if m is not None and (v := _METHOD_VALUE.match(m.group(1))) is not None:
                if rule["methods"]:
                    return None
                rule["methods"] = [(v.group(1) or v.group(2)).upper()]
                continue
            return None
        if not paths:
            return None
        out.append(rule)
    return out


def _pass_call(term: str) -> str:
    """`s.defaultAuthSkipper(c)`, `isPublic(r.URL.Path)`: a predicate of the request or its
    path (its name), else ""."""
    m = re.fullmatch(r"([A-Za-z_][\w.]*)\(\s*\w+(?:\.URL\.Path|\.Path\(\))?\s*\)", term)
    return m.group(1) if m is not None and not m.group(1).endswith("HasPrefix") else ""


# `if strings.HasPrefix(r.URL.Path, "/api/") && !slices.Contains(public, r.URL.Path) {`: the
# condition under which a middleware checks credentials
_IF_OPEN = re.compile(r"\bif\s+([^{}\n]{1,300}?)\s*\{")
_PREFLIGHT = re.compile(r"\bif\s+[\w.]+(?:\(\))?\.Method\s*==\s*"
                        r"(?:\"OPTIONS\"|http\.MethodOptions)\s*\{")
# (_REJECT_GO less `Abort`: gin's `AbortWithStatus(204)` answers a preflight, it refuses nothing)
_DENY_GO = re.compile(r"Status(?:Unauthorized|Forbidden)|\b40[13]\b")


def _block(body: str, start: int) -> str:
    """The text of the brace block opening just before `start`, to its closing brace."""
    depth, close = 1, start
    while close < len(body) and depth:
        depth += {"{": 1, "}": -1}.get(body[close], 0)
        close += 1
    return body[start:close - 1]


def _path_vars(body: str, end: int) -> list[str]:
    """Patterns of the request path: `r.URL.Path` (echo's `c.Request().URL.Path`) and the
    locals assigned from it before `end`."""
    # (`r.URL.String()` and `r.RequestURI` are the path a client requested, with its query:
    # an exact comparison with a path lets that path through when no query is sent)
    url_path = r"[\w.]+(?:\(\))?(?:\.\w+(?:\(\))?)*\.(?:URL\.Path|URL\.String\(\)|RequestURI)"
    return [url_path] + [re.escape(v) for v in re.findall(
        r"\b(\w+)\s*:=\s*" + url_path + r"\s*\n", body[:end])]


def _exempt_condition(body: str) -> dict:
    """A middleware that checks credentials only inside `if <terms joined by &&> { ...reject }`,
    every term a test of the request path: `strings.HasPrefix(path, "/api/")` (paths outside
    every such prefix are not checked: "only"), `!slices.Contains(list, path)` (the paths of
    the list are not: an exact list), `!strings.HasPrefix(path, "/public/")` (nor below that
    prefix). {} when the rejection is not under one such condition."""
    for m in _IF_OPEN.finditer(body):
        block = _block(body, m.end())
        if not _DENY_GO.search(block):
            continue
        if _DENY_GO.search(body[:m.start()]) or _DENY_GO.search(body[m.end() + len(block):]):
            return {}  # a rejection outside the condition too: not only these paths are checked
        pv = "(?:" + "|".join(_path_vars(body, m.start())) + ")"
        only, lists, skip, exact = [], [], [], []
        for term in top_terms(m.group(1), "&&"):
            term = term.strip()
            if (t := re.fullmatch(pv + r'\s*!=\s*"(/[^"]*)"', term)) is not None or \
                    (t := re.fullmatch(r'"(/[^"]*)"\s*!=\s*' + pv, term)) is not None:
                exact.append(t.group(1))  # `r.URL.Path != "/api/login"`: that path is not
                continue
            if (t := re.fullmatch(r"strings\.HasPrefix\(\s*" + pv + r'\s*,\s*"(/[^"]*)"\s*\)',
                                  term)) is not None:
                only.append(t.group(1))
            elif (t := re.fullmatch(r"!\s*slices\.Contains\(\s*(\w+)\s*,\s*" + pv + r"\s*\)",
                                    term)) is not None:
                lists.append(t.group(1))
            elif (t := re.fullmatch(r"!\s*strings\.HasPrefix\(\s*" + pv +
                                    r'\s*,\s*"(/[^"]*)"\s*\)', term)) is not None:
                skip.append(t.group(1))
            else:
                return {}  # a term of another kind: what it lets through is not assumed
        if len(lists) > 1 or not (only or lists or skip or exact) or (lists and exact):
            return {}
        out: dict = {"prefix": lists[0] if lists else "", "except": "", "exact": True}
        if lists and (values := _local_lists(body).get(lists[0])) is not None:
            out["values"] = values
        if exact:
            out["values"] = exact
        if only:
            out["only"] = only
        if skip:
            out["skip_prefix"] = skip
        return out
    return {}


def _answers_preflight(body: str) -> bool:
    """`if r.Method == "OPTIONS" { w.WriteHeader(200); return }` before any rejection: the
    middleware answers CORS preflight requests itself, without credentials."""
    m = _PREFLIGHT.search(body)
    if m is None:
        return False
    deny = _DENY_GO.search(body)
    block = _block(body, m.end())
    return (deny is None or deny.start() > m.end() + len(block)) and \
        re.search(r"\breturn\b", block) is not None and not _DENY_GO.search(block)


def _exempt_loop(body: str, m) -> dict:
    var, lst = m.group(1), m.group(2)
    region = _block(body, m.end())  # the loop's body, to its closing brace
    exact = False
    test = None
    for pv in _path_vars(body, m.start()):
        test = re.search(r"\bstrings\.HasPrefix\(\s*" + pv + r"\s*,\s*" + re.escape(var) +
                         r"\s*\)", region)
        if test is None:
            test = re.search(r"\bif\s+(?:" + pv + r"\s*==\s*" + re.escape(var) + "|" +
                             re.escape(var) + r"\s*==\s*" + pv + r")\s*\{", region)
            exact = test is not None
        if test is not None:
            break
    if test is None or (m.start() > 400 and not exact and lst not in _local_lists(body)):
        return {}
    block = region[test.end():]
    if not re.search(r"\breturn\b", block) or _REJECT_GO.search(block):
        return {}
    over = ""
    inner = _RANGE_LIST.search(block)
    if inner is not None and re.search(r"\bif\s+" + re.escape(inner.group(1)) + r"\s*==\s*" +
                                       _URL_PATH, block[inner.end():]):
        over = inner.group(2)
    out: dict = {"prefix": lst, "except": over}
    values = _local_lists(body).get(lst)
    if values is not None:
        out["values"] = values
    if exact:
        out["exact"] = True
    if _GO_CRED_READ.search(body, 0, m.start()) and re.search(
            r"\}\s*else\s*\{[^{}]*$", body[max(0, m.start() - 300):m.start()]):
        out["after_read"] = True
    return out


# a credential read in Go: a header, a cookie, basic auth
_GO_CRED_READ = re.compile(r"Header\.Get\(|\.Cookie\(|\.BasicAuth\(|\.Request\(\)\.Header")


def _local_lists(body: str) -> dict:
    """`name := []string{"a", "b"}` written in the function: name -> its strings."""
    out = {}
    for m in re.finditer(r"\b(\w+)\s*:?=\s*\[\]string\{([^{}]*)\}", body):
        items = [x.strip() for x in m.group(2).split(",") if x.strip()]
        if items and all(re.fullmatch(r'"[^"\\]*"', x) for x in items):
            out[m.group(1)] = [x[1:-1] for x in items]
    return out


_REJECT_GO = re.compile(r"\bAbort|Status(?:Unauthorized|Forbidden)|\b40[13]\b")


def path_test(body: str) -> dict:
    """A predicate on the request path, read where it is plain: `switch path { case "/",
    "/login": return true }`, `if isStaticAssetRoute(r) { return true }`, and a final
    `return a || strings.HasPrefix(path, "/share/") || path == "/x"`. {"exact", "prefix",
    "calls"} of the paths it answers true for; a term of another shape (`HasPrefix(...) &&
    HasSuffix(...)`) is not read, and what it would let through is not assumed."""
    exact: list[str] = []
    prefix: list[str] = []
    calls: list[str] = []
    for m in _CASE_PATHS.finditer(body):
        exact.extend(re.findall(r'"([^"]*)"', m.group(1)))
    for m in _IF_CALL_TRUE.finditer(body):
        calls.append(m.group(1))
    for m in _IF_PREFIX_TRUE.finditer(body):
        prefix.extend(re.findall(r'"([^"]*)"', m.group(1)))
    outside = [m.group(1) for m in _IF_NOT_PREFIX_TRUE.finditer(body)]
    last = body.rstrip().rstrip("}").rstrip()
    i = last.rfind("return ")
    if i >= 0 and "\n\n" not in last[i:]:
        expr = " ".join(last[i + 7:].split())
        for term in top_terms(expr, "||"):
            term = term.strip()
            term = unparen(term)
            if (m := _PREFIX_TERM.fullmatch(term)) is not None:
                prefix.append(m.group(1))
            elif (m := _EQ_TERM.fullmatch(term)) is not None:
                exact.append(m.group(1))
            elif (m := _CALL_TERM.fullmatch(term)) is not None:
                calls.append(m.group(1))
    if not (exact or prefix or calls or outside):
        return {}
    return {"exact": exact, "prefix": prefix, "calls": calls,
            **({"outside": outside} if outside else {})}


def methods_served(body: bytes, params: list) -> list[str]:
    """The HTTP methods a handler serves when it dispatches on its request's Method (net/http,
    gorilla, chi handlers that switch on r.Method); [] when it does not. Only the request
    parameter's `.Method` counts (an `*http.Request` parameter)."""
    if b".Method" not in body:
        return []
    reqs = {p[0].encode() for p in params if "http.Request" in (p[1] or "")}
    if not reqs:
        return []
    found: list[str] = []
    for m in _METHOD_CMP.finditer(body):
        if m.group(1) in reqs:
            name = (m.group(2) or m.group(3).upper()).decode()
            if name not in found:
                found.append(name)
    for sw in _METHOD_SWITCH.finditer(body):
        if sw.group(1) not in reqs:
            continue
        for case in _CASE.finditer(body, sw.end()):
            for mm in _ONE_METHOD.finditer(case.group(1)):
                name = (mm.group(1) or mm.group(2).upper()).decode()
                if name not in found:
                    found.append(name)
    if not found:
        guards = {(m.group(2) or m.group(3).upper()).decode()
                  for m in _METHOD_GUARD.finditer(body) if m.group(1) in reqs}
        if len(guards) == 1:
            found = sorted(guards)
    return found


def _fill_returns(bodies: list, returns: list, data: bytes, router_vars: dict) -> None:
    """The first five identifiers a declared function returns alone (`return r`), nested
    literals included, read from the return statements inside its body's bytes. A local
    struct returned whose one router field this function made (`s := server{chi.NewRouter()};
    ...; return &s`, a type whose ServeHTTP hands requests to that router) stands for it."""
    starts = [r.start_byte for r in returns]
    for rets, body, scope in bodies:
        fields = sorted(FIELD_ROUTERS.get(scope) or ())
        i = bisect.bisect_left(starts, body.start_byte)
        while i < len(returns) and starts[i] < body.end_byte and len(rets) < 5:
            r = returns[i]
            i += 1
            if r.end_byte > body.end_byte or r.named_child_count != 1:
                continue
            e = r.named_children[0]
            if e.type == "expression_list" and e.named_child_count == 1:
                e = e.named_children[0]
            if e.type == "expression_list" and e.named_child_count == 2 and \
                    e.named_children[1].type == "nil":
                e = e.named_children[0]  # `return app, nil`: a (router, error) result
            if e.type == "unary_expression" and text(e, data)[:1] == "&" and \
                    e.named_child_count == 1 and e.named_children[0].type == "identifier":
                e = e.named_children[0]  # `return &c, nil`: the address of a local router
            if e.type == "identifier":
                held = [v for v in fields if v.split(".", 1)[0] == text(e, data)]
                rets.append(held[0] if len(held) == 1 and text(e, data) not in (
                    router_vars.get(scope) or ()) else text(e, data))
            elif e.type == "selector_expression" and \
                    e.child_by_field_name("operand").type == "identifier":
                rets.append(text(e, data))  # `return h.router`: a router a local's field holds
            elif r.start_byte in WRAPPED_RETURNS:
                rets.append(WRAPPED_RETURNS[r.start_byte])
            elif e.type == "call_expression":
                callee = _returned_callee(e, data)
                if callee:  # `return xRoutes{...}.Routes()`: what that call returns
                    rets.append("@call:" + callee)


def _returned_callee(call, data: bytes) -> str | None:
    """The function a returned call names, as the replay looks functions up: `NewRouter`,
    `s.buildRouter`, and for a method called on a composite literal (`return
    sceneRoutes{finder: f}.Routes()`, `(&api{}).Routes()`) the literal's type and the method
    (`sceneRoutes.Routes`), the receiver type the method is declared on."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        while operand is not None and operand.type in ("parenthesized_expression",
                                                       "unary_expression") \
                and operand.named_child_count == 1:
            operand = operand.named_children[0]
        if operand is not None and field is not None and operand.type == "composite_literal":
            typ = operand.child_by_field_name("type")
            name = text(typ, data) if typ is not None else ""
            if re.fullmatch(r"[\w.]+", name):
                return f"{name}.{text(field, data)}"
            return None
    name = text(fn, data)
    return name if re.fullmatch(r"[\w.]+", name) else None


# gorilla/mux route matchers other than a path prefix: a subrouter made on one of them keeps
# the parent's paths
GORILLA_NO_PATH = ("NewRoute", "Host", "Methods", "Headers", "HeadersRegexp", "Schemes",
                   "Queries", "MatcherFunc")


def _deref(node):
    """`(*fiberRouter)`, `&api`: the router variable a pointer (or its address) names."""
    while node is not None and node.named_child_count == 1 and (
            node.type == "parenthesized_expression" or node.type == "unary_expression" and
            node.children and node.children[0].type in ("*", "&")):
        node = node.named_children[0]
    return node


def _router_from_call(call, data, aliases, main_fw, var, scope) -> dict | None:
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or fn.type != "selector_expression" or args is None:
        return None
    operand, field = _deref(fn.child_by_field_name("operand")), fn.child_by_field_name("field")
    otext, ftext = text(operand, data), text(field, data)
    argv = _argv(args)
    line = call.start_point[0] + 1
    if operand.type == "identifier" and otext in aliases and otext + "/" not in aliases:
        fw = CONSTRUCTORS.get((otext if aliases[otext] != "gorilla" else "mux", ftext)) \
            or CONSTRUCTORS.get((aliases[otext] if aliases[otext] not in ("gorilla", "nethttp")
                                 else {"gorilla": "mux", "nethttp": "http"}[aliases[otext]], ftext))
        if fw:
            return {"op": "new", "scope": scope, "var": var, "framework": fw, "line": line}
        return None
    if "routegroup" in aliases.values() and (
            ftext == "Mount" and len(argv) == 1 and _prefix_fields(argv[0], data) is not None
            or ftext == "Group" and not argv):
        # routegroup (group.go): `b.Mount("/api")` is a bundle below /api, `b.Group()` one on
        # b's path, each with a copy of b's middleware
        return {"op": "group", "scope": scope, "var": var, "parent": otext,
                **(_prefix_fields(argv[0], data) if argv else {"prefix": ""}),
                "mw": [], "mw_text": [], "line": line}
    if ftext == "Group" and argv and _prefix_fields(argv[0], data) is not None:
        return {"op": "group", "scope": scope, "var": var, "parent": otext,
                **_prefix_fields(argv[0], data),
                "mw": [_mw_of(a, data) for a in argv[1:]],
                "mw_text": [text(a, data) for a in argv[1:]], "line": line}
    if ftext == "Subrouter" and operand.type == "call_expression":
        inner = operand.child_by_field_name("function")
        iargs = operand.child_by_field_name("arguments")
        if inner is not None and inner.type == "selector_expression" and iargs is not None:
            iname = text(inner.child_by_field_name("field"), data)
            if (below := _path_matcher(operand, data)) is not None:
                # (gorilla `r.Path("/users/{id}").Subrouter()`: its routes match that path,
                # with the methods they add: `sub.Methods("GET").HandlerFunc(h)`)
                return {"op": "group", "scope": scope, "var": var, "parent": below[0],
                        **below[1], "mw": [], "mw_text": [], "line": line}
            if iname in GORILLA_NO_PATH and inner.child_by_field_name("operand").type in (
                    "identifier", "selector_expression"):
                # r.NewRoute().Subrouter(), r.Host("api.x").Subrouter(): a subrouter that adds
                # no path; gorilla runs r's middleware for its routes too (Router.Match wraps
                # the matched handler with every enclosing router's middleware)
                return {"op": "group", "scope": scope, "var": var,
                        "parent": text(inner.child_by_field_name("operand"), data),
                        "prefix": "", "mw": [], "mw_text": [], "line": line}
    if (ftext == "With" or (ftext == "Group" and len(argv) == 1 and argv[0].type == "nil")) \
            and main_fw == "chi":
        # chi `r.With(mw)`, `r.Group(nil)`: an inline router on r's path with r's middleware
        # (and the ones given); `g := r.Group(nil); g.Use(cache); g.Get("/", h)`
        return {"op": "group", "scope": scope, "var": var, "parent": otext, "prefix": "",
                "mw": [_mw_of(a, data) for a in argv],
                "mw_text": [text(a, data) for a in argv], "line": line}
    return None


def _entry_test(call, name: str, data) -> list | None:
    """[field, value] when the registration sits in a branch of `if rt.AuthRequired {`
    (value true; its `else`, or `if !rt.AuthRequired`, false) inside the loop over the
    table's entries `rt`: that branch registers only the entries with that field value."""
    node, child = call.parent, call
    for _ in range(12):
        if node is None or node.type in ("for_statement", "function_declaration",
                                         "method_declaration", "func_literal"):
            return None
        if node.type == "if_statement":
            cond = node.child_by_field_name("condition")
            m = re.fullmatch(r"(!?)\s*" + re.escape(name) + r"\.(\w+)", text(cond, data).strip()) \
                if cond is not None else None
            if m is not None:
                value = not m.group(1)
                if child == node.child_by_field_name("consequence"):
                    return [m.group(2), value]
                if child == node.child_by_field_name("alternative") and \
                        child.type == "block":
                    return [m.group(2), not value]
                return None
        node, child = node.parent, node
    return None


def _ranged_slice(call, name: str, data) -> str | None:
    """The slice whose elements `name` ranges over, when the call sits in `for _, name :=
    range slice { ... }` (a few levels up at most)."""
    node = call.parent
    for _ in range(12):
        if node is None or node.type in ("function_declaration", "method_declaration",
                                         "func_literal"):
            return None
        if node.type == "for_statement":
            rc = next((c for c in node.named_children if c.type == "range_clause"), None)
            if rc is not None:
                left, right = rc.child_by_field_name("left"), rc.child_by_field_name("right")
                names = [text(x, data) for x in (left.named_children if left is not None else ())]
                if name in names and right is not None and right.type in ("identifier",
                                                                          "selector_expression"):
                    return text(right, data)
                if name in names and right is not None and right.type == "call_expression" \
                        and len(names) == 2 and names[1] == name:
                    # for _, rt := range NewAPIRoutes(app): the table the function returns
                    return text(right, data)[:300]
            return None
        node = node.parent
    return None


def _when(node, data) -> dict:
    """{"when": [name, value]} for a registration inside `if name { ... }` (or `if !name`)
    of the function it sits in, directly or in a function literal there: the route exists
    only when the bool `name` has that value (decided at replay where a call binds it)."""
    cur = node.parent
    for _ in range(12):
        if cur is None or cur.type in ("function_declaration", "method_declaration"):
            return {}
        if cur.type == "if_statement":
            cond = cur.child_by_field_name("condition")
            cons = cur.child_by_field_name("consequence")
            inside = cons is not None and cons.start_byte <= node.start_byte < cons.end_byte
            if cond is not None and inside:
                if cond.type == "identifier":
                    return {"when": [text(cond, data), True]}
                if cond.type == "unary_expression" and text(cond, data).startswith("!") and \
                        cond.named_child_count == 1 and \
                        cond.named_children[0].type == "identifier":
                    return {"when": [text(cond.named_children[0], data), False]}
            return {}
        cur = cur.parent
    return {}


def _recv_when(call, operand, data) -> dict:
    """{"recv_when": [method, value]} for `h.Register(g)` inside `if h.RequireAuth() {` (or
    its else, or `if !h.RequireAuth()`): on a value of an interface type, only the
    implementations whose method of that name answers `value` make this call (read at
    replay from their `const_bool`)."""
    if operand is None or operand.type != "identifier":
        return {}
    recv = text(operand, data)
    cur = call.parent
    for _ in range(6):
        if cur is None or cur.type in ("function_declaration", "method_declaration",
                                       "func_literal"):
            return {}
        if cur.type == "if_statement":
            cond = cur.child_by_field_name("condition")
            negated = cond is not None and cond.type == "unary_expression" and \
                text(cond, data).startswith("!") and cond.named_child_count == 1
            test = cond.named_children[0] if negated else cond
            if test is None or test.type != "call_expression":
                return {}
            tf = test.child_by_field_name("function")
            targs = test.child_by_field_name("arguments")
            if tf is None or tf.type != "selector_expression" or targs is None or \
                    targs.named_child_count or \
                    text(tf.child_by_field_name("operand"), data) != recv:
                return {}
            cons = cur.child_by_field_name("consequence")
            alt = cur.child_by_field_name("alternative")
            if cons is not None and cons.start_byte <= call.start_byte < cons.end_byte:
                value = True
            elif alt is not None and alt.type == "block" and \
                    alt.start_byte <= call.start_byte < alt.end_byte:
                value = False
            else:
                return {}
            return {"recv_when": [text(tf.child_by_field_name("field"), data),
                                  value != negated]}
        cur = cur.parent
    return {}


def _string_param(node, name: str, data) -> bool:
    """`name` is a string parameter of the function the statement sits in."""
    return _param_type(node, name, data) == "string"


def _arg_ranges(call, argv, data) -> dict:
    """{"ranges": {argument: ranged expression}} for the arguments that are the loop variable
    of an enclosing `for _, path := range paths`: the call runs once per element."""
    out = {}
    for a in argv:
        if a.type == "identifier":
            over = _ranged_slice(call, text(a, data), data)
            if over and re.fullmatch(r"\w+", over):
                out[text(a, data)] = over
    return {"ranges": out} if out else {}


def _recv_name(fn, data) -> dict:
    """{"recv_name": "s"} of a method `func (s *Server) Start()`; {} for a function."""
    if fn.type != "method_declaration":
        return {}
    recv = fn.child_by_field_name("receiver")
    for p in recv.named_children if recv is not None else ():
        name = p.child_by_field_name("name")
        if p.type == "parameter_declaration" and name is not None:
            return {"recv_name": text(name, data)}
    return {}


def _returned_table(e, scope: str, data, ops: list) -> None:
    """`return []Route{{"GET", "/x", h}, ...}` (or `return &T{Routes: ...}`): the table a
    function returns (named "<return>"), or the fields of the struct it returns."""
    if e.type == "expression_list" and e.named_child_count >= 1:
        e = e.named_children[0]  # return routes, nil
    line = e.start_point[0] + 1
    op = go_tables.table_op("<return>", e, data, line, scope=scope, least=1)
    if op is None:
        op = go_tables.struct_fields_op(e, data, line, scope, "<return>")
    if op is not None:
        ops.append(op)


_SPREAD_APPEND = re.compile(rb"\bappend\(\s*(\w+)\s*,[^()\n]*\.\.\.")
_SPREAD_CACHE: dict = {}  # (id, len) of the file's bytes -> the names appended to with `...`


def _spread_targets(data: bytes) -> set:
    """The locals a file appends other slices to (`routes = append(routes, More...)`), read
    once per file."""
    key = (id(data), len(data))
    got = _SPREAD_CACHE.get(key)
    if got is None:
        _SPREAD_CACHE.clear()
        got = _SPREAD_CACHE[key] = {m.group(1).decode() for m in _SPREAD_APPEND.finditer(data)}
    return got


def _local_table(n, scope: str, data, ops: list) -> bool:
    """In a function: `routes := []Route{...}` / `var routes = []Route{...}` (a local table),
    `ret = append(ret, Route{...})` (more of it), `rc := RouteConfig{WebRoutes: ...}` (a
    struct whose fields name tables). True when an op was added."""
    if n.type == "var_spec":
        names, value = n.children_by_field_name("name"), n.child_by_field_name("value")
        if len(names) != 1 or value is None or value.named_child_count != 1:
            return False
        var, e = text(names[0], data), value.named_children[0]
    else:
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        var, e = text(left.named_children[0], data), right.named_children[0]
    line = n.start_point[0] + 1
    if e.type == "call_expression" and text(e.child_by_field_name("function"), data) == "append":
        args = e.child_by_field_name("arguments")
        argv = _argv(args)
        if len(argv) < 2 or text(argv[0], data) != var:
            return False
        op = go_tables.appended_op(var, argv[1:], data, line, scope) or \
            go_tables.spread_op(var, argv[1:], data, line, scope)
    elif e.type in ("identifier", "selector_expression") and var in _spread_targets(data):
        # `routes := UserRoutes` then `routes = append(routes, PuzzleRoutes...)`: a local
        # table made of package tables (only where such an append follows: no op for every
        # `a := b`)
        op = go_tables.spread_op(var, [e], data, line, scope, first=True)
    else:
        op = go_tables.table_op(var, e, data, line, scope=scope, least=1) or \
            go_tables.struct_fields_op(e, data, line, scope, var)
    if op is None:
        return False
    if op.get("op") == "struct_fields" and var:
        STRUCT_VARS.add((scope, var))  # (its methods called here: `_call`)
    ops.append(op)
    return True


def _struct_args(call, scope: str, data, ops: list, aliases: dict, main_fw: str,
                 known) -> None:
    """`NewRouter(app, RouteConfig{Routes: NewAPIRoutes(app)})`: a struct literal handed to a
    function directly; its fields, by the type's name. A field set to a group of a router in
    scope (`&V1Routes{Echo: e.Group(basePath)}`) gets that group as a router of its own
    ("routers": field -> the group's variable), for the methods of the type that register on
    the field (`i.Echo.Group("/customer")`)."""
    args = call.child_by_field_name("arguments")
    for a in args.named_children if args is not None else ():
        if a.type in ("composite_literal", "unary_expression"):
            op = go_tables.struct_fields_op(a, data, a.start_point[0] + 1, scope)
            if op is not None:
                op.update(_field_groups(a, data, aliases, main_fw, known, scope, ops))
                ops.append(op)


def _field_groups(lit, data, aliases, main_fw, known, scope, ops) -> dict:
    """{"routers": {field: var}} of the keyed fields of a struct literal set to `x.Group(...)`
    of a router `x` in scope; the group ops are appended to `ops`."""
    out = {}
    for key, val in _keyed_elements(lit, data):
        fn = val.child_by_field_name("function") if val.type == "call_expression" else None
        if fn is None or fn.type != "selector_expression" or \
                text(fn.child_by_field_name("operand"), data) not in known:
            continue
        var = f"@{val.start_point[0] + 1}:{val.start_point[1]}"
        gop = _router_from_call(val, data, aliases, main_fw, var, scope)
        if gop is not None and gop["op"] == "group":
            ops.append(gop)
            out[text(key, data).strip()] = var
    return {"routers": out} if out else {}


def _stripped_mux(node, data, known) -> tuple[str | None, str] | None:
    """`http.StripPrefix("/api", apiMux)` around a router we know: (the stripped prefix, the
    router). The child router then sees paths below the prefix, so its routes hang under it."""
    if node.type != "call_expression":
        return None
    fn = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    if fn is None or args is None or text(fn, data) != "http.StripPrefix":
        return None
    argv = _argv(args)
    if len(argv) != 2 or text(argv[1], data) not in known:
        return None
    return _str(argv[0], data), text(argv[1], data)


def _handed_through(node, data) -> dict | None:
    """The handler given to a net/http `Handle(pattern, h)` read through what wraps it:
    `http.StripPrefix("/admin", chain(trim(ctrl)))` hands the request, its path without
    "/admin", to `chain`'s handler, which runs before `trim`'s, which runs before `ctrl`. When
    `ctrl` is a router (the replay tells), its routes hang under the stripped prefix with the
    wrappers as middleware. {"child", "prefix", "mw", "mw_text"}, or None when the handler is
    not a name reached through one-argument wrappers (at most one StripPrefix, outermost).
    Each call met below the outermost is also kept in "alts": `StripPrefix("/api/posts",
    posts.NewMux(db))` hands the request to the router `posts.NewMux` builds and returns, which
    the replay tells from a middleware wrapping `db`."""
    prefix, names, texts, alts = "", [], [], []
    for depth in range(8):
        if node.type in ("identifier", "selector_expression"):
            if depth == 0:
                return None  # a plain name: the existing mount_child path reads it
            return {"child": text(node, data), "prefix": prefix, "mw": names, "mw_text": texts,
                    "alts": alts}
        if node.type == "func_literal" and depth:
            # `http.HandlerFunc(func(w, r) { ...; v2Router.ServeHTTP(w, r) })`: the router
            # the function hands every request to
            served = re.findall(r"\b([A-Za-z_][\w.]*)\.ServeHTTP\(\s*\w+\s*,\s*\w+\s*\)",
                                text(node, data))
            if len(set(served)) != 1:
                return None
            return {"child": served[0], "prefix": prefix, "mw": names, "mw_text": texts}
        if node.type != "call_expression":
            return None
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        argv = _argv(args)
        if fn is None:
            return None
        name = text(fn, data)
        if name == "http.StripPrefix" and depth == 0 and len(argv) == 2:
            p = _str(argv[0], data)
            if p is None:
                return None
            prefix, node = p, argv[1]
            continue
        if name == "http.HandlerFunc" and len(argv) == 1 and argv[0].type == "func_literal":
            node = argv[0]  # a conversion of the function below, not a middleware
            continue
        if depth:
            alts.append({"child": text(node, data), "prefix": prefix, "mw": list(names),
                         "mw_text": list(texts)})
        if len(argv) != 1 or name in NOT_MIDDLEWARE or (
                fn.type == "selector_expression" and
                text(fn.child_by_field_name("field"), data) in METHODS):
            return {"child": None, "prefix": prefix, "mw": names, "mw_text": texts,
                    "alts": alts} if alts else None
        names.append(_mw_name(name))
        texts.append(text(node, data)[:200])
        node = argv[0]
    return None


# frameworks whose group `Use` returns the group itself: gin's `func (group *RouterGroup)
# Use(...) IRoutes` appends to group.Handlers and returns group.returnObj() (the group, or the
# engine for the root); fiber's `Use(args ...any) Router` registers and returns the same app or
# group. (echo's Group.Use and chi's Use return nothing; chi's With is a new inline router.)
USE_RETURNS_GROUP = ("gin", "fiber")


def _used_group(call, data, var: str, scope: str, main_fw: str, router_vars) -> list | None:
    """`admin := payment.Use(mw)` on a router we know (gin, fiber): `admin` is `payment`
    itself, and the middleware is a Use of it (for routes registered on either name after)."""
    if main_fw not in USE_RETURNS_GROUP:
        return None
    chain: list = []
    node = call
    while node.type == "call_expression":
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if fn is None or fn.type != "selector_expression" or args is None or \
                text(fn.child_by_field_name("field"), data) != "Use":
            return None
        chain.insert(0, (node, list(args.named_children)))
        node = fn.child_by_field_name("operand")
    target = text(node, data)
    if node.type != "identifier" or target not in router_vars.get(scope, ()):
        return None
    ops: list = []
    for n, argv in chain:
        prefix = _str(argv[0], data) if argv and main_fw == "fiber" else None
        mws = argv[1:] if prefix is not None else argv
        if mws:
            ops.append({"op": "use", "scope": scope, "target": target, "prefix": prefix,
                        "mw": [_mw_of(a, data) for a in mws],
                        "mw_text": [text(a, data) for a in mws], "line": n.start_point[0] + 1})
    ops.append({"op": "alias", "scope": scope, "var": var, "of": target, "lookup": True,
                "framework": main_fw, "line": call.start_point[0] + 1})
    return ops


def _chained_group(call, data, var: str, scope: str) -> dict | None:
    """`v1.Group("/x").Use(a).Use(b)` (Gin/Echo/Fiber): a group whose middleware are the
    Group call's own and every chained Use, in order."""
    uses: list = []
    node = call
    while node is not None and node.type == "call_expression":
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if fn is None or fn.type != "selector_expression" or args is None:
            return None
        field = text(fn.child_by_field_name("field"), data)
        argv = _argv(args)
        if field == "Use":
            uses = argv + uses
            node = fn.child_by_field_name("operand")
            continue
        if field == "Group" and uses and argv and _prefix_fields(argv[0], data) is not None:
            mws = argv[1:] + uses
            return {"op": "group", "scope": scope, "var": var,
                    "parent": text(fn.child_by_field_name("operand"), data),
                    **_prefix_fields(argv[0], data),
                    "mw": [_mw_of(a, data) for a in mws],
                    "mw_text": [text(a, data) for a in mws], "line": call.start_point[0] + 1}
        return None
    return None


def _slice_append(n, data) -> dict | None:
    """`registrars = append(registrars, registerUserRouter, ...)`: functions kept in a slice
    (often in init()) that a loop elsewhere calls with a router."""
    left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
    if left is None or right is None or left.named_child_count != 1 or \
            right.named_child_count != 1:
        return None
    call = right.named_children[0]
    if call.type != "call_expression" or text(call.child_by_field_name("function"),
                                              data) != "append":
        return None
    args = call.child_by_field_name("arguments")
    argv = _argv(args)
    target = text(left.named_children[0], data)
    if len(argv) < 2 or text(argv[0], data) != target:
        return None
    fns = [text(a, data) for a in argv[1:] if a.type in ("identifier", "selector_expression")]
    return {"op": "slice_add", "slice": target, "fns": fns,
            "line": n.start_point[0] + 1} if fns else None


def _unwrap_target(node, data):
    """`r.With(a).With(b)` -> ("r", [a, b]); gorilla `r.Methods("GET")` handled by the caller."""
    mws: list[str] = []
    while node.type == "call_expression":
        fn = node.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            break
        if _chi_field(text(fn.child_by_field_name("field"), data)) != "With":
            break
        args = node.child_by_field_name("arguments")
        got = []
        for a in args.named_children:
            spread = text(a, data)
            if a.type == "variadic_argument" and spread.endswith("..."):
                # `r.With(authMiddleware...)` with `authMiddleware := []func(http.Handler)
                # http.Handler{jwtauth.Verifier(ta), ...}` in the function: its elements
                elems = next((MW_SLICES[(sc, spread[:-3])] for sc in SCOPES
                              if (sc, spread[:-3]) in MW_SLICES), None)
                if elems is not None:
                    got += elems
                    continue
            got.append(_mw_of(a, data))
        mws = got + mws
        node = fn.child_by_field_name("operand")
    return text(_deref(node), data), mws


def _call(n, data, aliases, main_fw, router_vars, ops, scope: str) -> None:
    fn = n.child_by_field_name("function")
    args = n.child_by_field_name("arguments")
    if fn is None or args is None:
        return
    argv = _argv(args)
    line = n.start_point[0] + 1
    known = router_vars.setdefault(scope, set())
    if fn.type != "selector_expression":
        # a plain call that hands a router to another function: setupRoutes(v1, h) or
        # setupRoutes(app.Group("/api/v1"), h)
        name = text(fn, data) if fn.type == "identifier" else ""
        local = next((FUNC_LOCALS[(s, name)] for s in SCOPES if (s, name) in FUNC_LOCALS),
                     None) if name else None
        if local is not None and known and any(o.get("scope") == local and o["op"] == "route"
                                               for o in ops):
            # `setup("GET", "/v1/sources", s.v1SourcesList)`: a closure of this function that
            # registers on the routers it sees, run with what it is handed
            ops.append({"op": "call", "scope": scope, "callee": local, "closure": True,
                        "call_name": name,
                        "args": [text(a, data) for a in argv], "line": line,
                        **_arg_ranges(n, argv, data)})
            return
        if fn.type == "identifier" and known:  # no router in scope: nothing to hand over
            args_text = _router_args(argv, data, known, scope, ops, router_vars)
            if any(a in known for a in args_text):
                over = _ranged_slice(n, text(fn, data), data)
                if over:  # for _, f := range registrars { f(v1, auth) }
                    ops.append({"op": "call_each", "scope": scope, "slice": over,
                                "args": args_text, "line": line})
                else:
                    name = text(fn, data)
                    # a local holding a function literal: that literal is the callee
                    callee = next((FUNC_LOCALS[(s, name)] for s in SCOPES
                                   if (s, name) in FUNC_LOCALS), name)
                    ops.append({"op": "call", "scope": scope, "callee": callee,
                                "args": args_text, "line": line,
                                **_arg_ranges(n, argv, data)})
        return
    operand = fn.child_by_field_name("operand")
    field = text(fn.child_by_field_name("field"), data)
    if field == "WithGroup":
        field = _chi_field(field)  # (bunrouter's `WithGroup(prefix, fn)`: chi's Route)
    if operand is not None and operand.type == "identifier" and \
            (scope, text(operand, data)) in STRUCT_VARS and not argv and \
            field not in ROUTER_CALLS:
        # (only a call handing nothing over: one handed a router is the usual call op; and
        # `Handle()` without a path is no net/http registration)
        # `authController := auth.AuthController{Instance: public}; authController.Handle()`:
        # the method registers on the routers the literal's fields hold, here, in this order
        # (Fiber runs middleware registered after a route too late for it)
        ops.append({"op": "call", "scope": scope, "callee": text(fn, data),
                    "args": [text(a, data) for a in argv], "line": line,
                    "recv_struct": text(operand, data)})
        return
    if not known and field not in METHODS and any(_inline_subrouter(a, data, known) is not None
                                                   for a in argv):
        # `rest.SetupRoutes(web.Router.PathPrefix("/api/").Subrouter())`: the subrouter of a
        # router another package declares, handed to a function that registers on it
        args_text = _router_args(argv, data, known, scope, ops, router_vars)
        ops.append({"op": "call", "scope": scope, "callee": text(fn, data),
                    "args": args_text, "line": line, **_arg_ranges(n, argv, data)})
        return
    if not known and field not in METHODS and field not in ROUTER_CALLS \
            and operand.type != "call_expression":
        return  # fmt.Println(x): no route, no group, and no router in scope to hand over
    target, with_mw = _unwrap_target(operand, data)
    if operand.type == "call_expression" and field != "Methods":
        # an inline group: r.Group("/v1").GET(...), app.Group("/api").Use(...),
        # r.Group("").Use(auth).GET(...) (Gin: Use returns the group itself)
        gcall, chained = operand, []
        while field in METHODS and gcall.type == "call_expression":
            gfn = gcall.child_by_field_name("function")
            if gfn is None or gfn.type != "selector_expression" or \
                    text(gfn.child_by_field_name("field"), data) != "Use":
                break
            chained = list(gcall.child_by_field_name("arguments").named_children) + chained
            gcall = gfn.child_by_field_name("operand")
        ifn = gcall.child_by_field_name("function")
        iargs = gcall.child_by_field_name("arguments")
        gname = text(ifn.child_by_field_name("field"), data) \
            if ifn is not None and ifn.type == "selector_expression" else ""
        if iargs is not None and (gname == "Group" or gname == "Mount" and
                                  "routegroup" in aliases.values() and
                                  len(iargs.named_children) == 1) \
                and iargs.named_children and _str(iargs.named_children[0], data) is not None:
            var = f"@{gcall.start_point[0] + 1}:{gcall.start_point[1]}"
            parent = text(ifn.child_by_field_name("operand"), data)
            if not any(o.get("var") == var for o in ops[-5:]):
                ops.append({"op": "group", "scope": scope, "var": var, "parent": parent,
                            "prefix": _str(iargs.named_children[0], data),
                            "mw": [_mw_of(a, data)
                                   for a in list(iargs.named_children[1:]) + chained],
                            "mw_text": [], "line": gcall.start_point[0] + 1})
            router_vars.setdefault(scope, set()).add(var)
            known = router_vars[scope]
            target, with_mw = var, []
    base = target.split(".", 1)[0]
    otext = text(operand, data)
    is_known = target in known or base in known
    is_pkg_http = otext in aliases and aliases[otext] == "nethttp"
    if field == "Use" and BUNROUTER[0]:
        return  # bunrouter's Use returns a group and changes nothing (its chain: _unwrap_target)
    if field == "Use" and (is_known or otext not in aliases):
        prefix = _str(argv[0], data) if argv else None
        mws = argv[1:] if prefix is not None else argv
        if not mws or not (is_known or main_fw):
            return
        for a in mws:
            at = text(a, data) if b"go-chi/chi" in data else ""
            hb = _CHI_HEARTBEAT.search(at) if ".Heartbeat(" in at else None
            if hb is not None and hb.end() == len(at) and at[:hb.start()].isidentifier():
                # chi's `middleware.Heartbeat("/ping")` answers GET and HEAD of that path itself
                # (200 "."): a route the middleware serves, before whatever follows it
                ops.append({"op": "route", "scope": scope, "target": target, "method": "GET",
                            "path": hb.group(1), "path_text": repr(hb.group(1)),
                            "handler": "middleware.Heartbeat", "handler_line": line, "mw": [],
                            "line": line, "framework": main_fw or "chi", "call_line": line,
                            "call_col": n.start_point[1]})
        # (`for _, m := range mw { r.Use(m) }`: the slice's elements, at replay)
        ops.append({"op": "use", "scope": scope, "target": target, "prefix": prefix,
                    "mw": [_mw_of(a, data) for a in mws],
                    "mw_text": [text(a, data) for a in mws], "line": line,
                    **_arg_ranges(n, mws, data)})
        return
    if field == "Route" and len(argv) >= 2 and argv[1].type == "func_literal":
        # chi r.Route("/p", func(r chi.Router) {...}); Fiber app.Route("/p", func(api fiber.Router))
        # (chi `r.With(auth).Route(...)`: the inline router's middleware run for all of it)
        # (a prefix written as a constant, `r.Route(scim.BasePath, ...)`, resolved later)
        params = _params(argv[1], data)
        ops.append({"op": "group", "scope": scope, "var": params[0][0] if params else "_",
                    "parent": target, "prefix": _str(argv[0], data), "mw": list(with_mw),
                    "mw_text": [], "line": line, "inline": _scope_id(argv[1], data),
                    **(_prefix_fields(argv[0], data) or {})})
        router_vars.setdefault(_scope_id(argv[1], data), set()).add(params[0][0] if params else "_")
        return
    if field == "Route" and len(argv) == 2 and argv[1].type in ("identifier",
                                                                 "selector_expression") and (
            is_known or main_fw and ROUTERISH.search(target.rsplit(".", 1)[-1]) and
            (_str(argv[0], data) or "").startswith("/")):
        # (a router the file cannot type, `r types.Router` of the project's own interface
        # around chi: the call has chi's shape, a rooted prefix and a function value)
        # chi r.Route("/admin", a.routeAdmin) with `func (a *App) routeAdmin(r chi.Router)`:
        # the function is called with the new sub-router, as a literal would be
        var = f"\0route@{line}"
        ops.append({"op": "group", "scope": scope, "var": var, "parent": target,
                    "prefix": _str(argv[0], data), "mw": list(with_mw), "mw_text": [],
                    "line": line, **(_prefix_fields(argv[0], data) or {})})
        known.add(var)
        ops.append({"op": "call", "scope": scope, "callee": text(argv[1], data),
                    "args": [var], "line": line})
        return
    if main_fw == "chi" and is_known and (
            field == "Group" and len(argv) == 1 and argv[0].type == "call_expression" or
            field == "Route" and len(argv) == 2 and argv[1].type == "call_expression"):
        # chi r.Group(routes.Public()) / r.Route("/p", admin.Routes(h)) with `func Public()
        # func(r chi.Router) { return func(r chi.Router) {...} }`: the literal the call returns
        # is run with the new sub-router, as a literal written in place would be
        made = argv[-1]
        var = f"\0route@{line}"
        prefix = _str(argv[0], data) if field == "Route" else ""
        ops.append({"op": "group", "scope": scope, "var": var, "parent": target,
                    "prefix": prefix, "mw": list(with_mw), "mw_text": [], "line": line,
                    **((_prefix_fields(argv[0], data) or {}) if field == "Route" else {})})
        known.add(var)
        ops.append({"op": "call", "scope": scope, "callee": text(made.child_by_field_name(
            "function"), data), "args": [var], "line": line, "returned": True})
        return
    if field == "HandleFiles" and "routegroup" in aliases.values() and len(argv) == 2 and \
            is_known and _str(argv[0], data) is not None:
        # routegroup `b.HandleFiles("/assets", fs)`: a file server on the subtree below it
        # (mux.Handle(base + "/assets/", StripPrefix(..., http.FileServer(fs))))
        sub = _str(argv[0], data)
        method, path = split_pattern("ANY", sub if sub.endswith("/") else sub + "/", "nethttp")
        if path == "/":
            path = "/{path...}"  # (the files of the whole tree, not an index page)
        ops.append({"op": "route", "scope": scope, "target": target, "method": method,
                    "path": path, "path_text": text(argv[0], data)[:200],
                    "handler": "", "handler_line": line, "mw": list(with_mw),
                    "line": line, "framework": "nethttp", "call_line": line,
                    "call_col": n.start_point[1], "extra": {"static": True}})
        return
    if (field == "Group" and (main_fw == "chi" or is_known or main_fw and
                              ROUTERISH.search(target.rsplit(".", 1)[-1])) or
            field == "Route" and "routegroup" in aliases.values()) and len(argv) == 1 and \
            argv[0].type == "func_literal":
        # (routegroup `b.Route(func(g *routegroup.Bundle) {...})`: a group on b's path; a
        # project's own router type around chi, `r.Group(func(r types.Router) {...})`, has
        # chi's shape: no other router's Group takes only a function)
        params = _params(argv[0], data)
        ops.append({"op": "group", "scope": scope, "var": params[0][0] if params else "_",
                    "parent": target, "prefix": "", "mw": list(with_mw), "mw_text": [],
                    "line": line, "inline": _scope_id(argv[0], data)})
        router_vars.setdefault(_scope_id(argv[0], data), set()).add(params[0][0] if params else "_")
        return
    if field == "Mount" and len(argv) == 2:
        # (a prefix written as an expression, `r.Mount(urlPath, sub)` with a parameter or a
        # constant: resolved at replay, with the values the caller bound)
        ops.append({"op": "mount", "scope": scope, "target": target,
                    "prefix": _str(argv[0], data), "child": text(argv[1], data), "line": line,
                    **(_prefix_fields(argv[0], data) or {})})
        return
    if field == "Methods" and operand.type == "call_expression":
        # gorilla: r.HandleFunc("/x", h).Methods("GET", "POST") -> the inner route, re-methoded
        # the outer call is walked before the inner route call: leave the methods for it
        methods = [m for m in (_method_literal(a, data) for a in argv) if m]
        inner = operand
        while inner.type == "call_expression" and (ifn := inner.child_by_field_name(
                "function")) is not None and ifn.type == "selector_expression" and \
                text(ifn.child_by_field_name("field"), data) in _GORILLA_MATCHERS and \
                ifn.child_by_field_name("operand").type == "call_expression":
            # `r.Path("/x").Handler(h).Name("x").Methods("GET")`: the matchers after the
            # route's call narrow that same route
            inner = ifn.child_by_field_name("operand")
        if methods:
            PENDING_METHODS[(inner.start_point, inner.end_point)] = methods
        return
    if field in ("Handler", "HandlerFunc") and main_fw == "gorilla" and len(argv) == 1 \
            and operand.type == "call_expression":
        _gorilla_prefix_route(n, operand, argv[0], data, known, ops, scope, line)
        return
    if field in STATIC_ROUTES.get(main_fw, {}) and is_known and len(argv) >= 2 \
            and _prefix_fields(argv[0], data) is not None:
        # Gin Static/StaticFS serve GET <prefix>/*filepath, StaticFile GET <path>; Echo Static
        # GET <prefix>/*
        suffix = STATIC_ROUTES[main_fw][field]
        parts = expr_parts(argv[0], data, SCOPES)
        if suffix:
            parts = parts + [{"s": suffix}]
        lit = literal_of(parts)
        op = {"op": "route", "scope": scope, "target": target, "method": "GET",
              "path": lit.replace("//", "/") if lit is not None else None,
              "path_text": text(argv[0], data)[:200], "handler": "", "handler_line": line,
              "mw": list(with_mw), "line": line, "framework": main_fw, "call_line": line,
              "call_col": n.start_point[1], "extra": {"static": True}}
        if lit is None:
            op["extra"]["go_path"] = parts
        ops.append(op)
        return
    entry_args = len(argv) == 3 and all(
        a.type == "selector_expression" and a.child_by_field_name("operand").type == "identifier"
        for a in argv[:2]) and len({text(a.child_by_field_name("operand"), data)
                                    for a in argv[:2]}) == 1
    if field in ("Handle", "HandlerFunc", "Handler") and len(argv) == 3 and \
            (_methods_arg(argv[0], data) or entry_args):
        # httprouter's Handle(method, path, h), HandlerFunc(method, path, hf) and
        # Handler(method, path, handler) (gin's Handle too): the method comes first; in a
        # loop over a route table (`router.HandlerFunc(r.method, r.path, r.handler)`), the
        # entry's
        field = "Method"
    if field not in METHODS or not argv:
        if not known:  # no router in scope: nothing to hand over
            return
        args_text = _router_args(argv, data, known, scope, ops, router_vars)
        if any(a in known for a in args_text) and not is_pkg_http:
            ops.append({"op": "call", "scope": scope, "callee": text(fn, data),
                        "args": args_text, "line": line, **_arg_ranges(n, argv, data),
                        **_recv_when(n, operand, data),
                        **({"ranged": True} if operand is not None and
                           operand.type == "identifier" and
                           _ranged_slice(n, text(operand, data), data) else {})})
        return
    path = _str(argv[0], data)
    if path is None and argv[0].type not in ("identifier", "selector_expression",
                                             "binary_expression", "call_expression") and \
            not (METHODS[field] == "?" and argv[0].type == "composite_literal"):
        return
    if field == "Handle" and len(argv) == 2 and is_known:
        child = _stripped_mux(argv[1], data, known)
        if child is not None:  # mux.Handle("/api/", http.StripPrefix("/api", apiMux))
            mount = {"op": "mount", "scope": scope, "target": target, "prefix": child[0],
                     "child": child[1], "line": line, "framework": "nethttp"}
            if path is not None:
                # (a handler that is no router, `http.FileServer(...)`: the pattern's route)
                fm, fp = split_pattern("ANY", path, "nethttp")
                mount["fallback_route"] = {
                    "op": "route", "scope": scope, "target": target, "method": fm,
                    "path": fp, "path_text": text(argv[0], data)[:200], "handler": child[1],
                    "handler_line": line, "mw": [], "line": line, "framework": "nethttp",
                    "call_line": line, "call_col": n.start_point[1]}
            if child[0] is None:  # StripPrefix(apiPath, api): the prefix is an expression
                sargs = argv[1].child_by_field_name("arguments").named_children
                parts = expr_parts(sargs[0], data, SCOPES)
                mount["prefix"] = literal_of(parts)
                if mount["prefix"] is None:
                    mount["prefix"], mount["go_prefix"] = fallback_of(parts), parts
            ops.append(mount)
            return
    mount_child = None
    handed = None
    if field == "Handle" and len(argv) == 2 and (is_known or is_pkg_http) and (
            (argv[1].type == "identifier" and text(argv[1], data) in known) or
            argv[1].type == "call_expression"):
        # mux.Handle("/v1/", api.NewHandler(...)), mux.Handle("/reader/", readerMux): net/http
        # hands the whole request to the handler, path unchanged; where that handler is a
        # router (the replay tells), its routes are the endpoints, not the pattern
        mount_child = text(argv[1], data)
        handed = _handed_through(argv[1], data)
    method = METHODS[field]
    rest = argv[1:]
    if method == "?":
        # chi Method("GET", "/p", h), echo Add(http.MethodGet, "/p", h), gin Handle("GET", ...),
        # gin and echo Match([]string{"GET", "POST"}, "/p", h)
        m = ",".join(_methods_arg(argv[0], data)) if argv else ""
        if not m and entry_args:
            m = "ANY"  # (each entry's own method: table_method below)
        if not m or len(argv) < 3:
            return
        method, path, rest = m, _str(argv[1], data), argv[2:]
    elif field == "Handle" and main_fw in ("gin", "fiber") and len(argv) >= 3 \
            and _methods_arg(argv[0], data) and _str(argv[1], data) is not None:
        method, path, rest = ",".join(_methods_arg(argv[0], data)), _str(argv[1], data), argv[2:]
    if not rest:
        return
    if is_pkg_http and field not in ("Handle", "HandleFunc"):
        return  # http.Get / http.Post are client calls
    if path and path[0] not in "/*" and main_fw in ("fiber", "echo") and \
            _METHOD_PATTERN.match(path) is None and field in METHODS and METHODS[field] != "?":
        # Fiber's register and echo's Add put the slash a path written without one lacks
        # (`app.Get("api/subjects", h)` serves /api/subjects)
        path = "/" + path
    if path and "/" not in path and path != "*" and (
            main_fw in ("nethttp", "chi", "gorilla", "") or "(" in target):
        # a pattern without a slash panics in net/http, chi and gorilla (gin joins a relative
        # path to its group's, echo and fiber add the slash), and no router is the result of
        # a call such as `l.Debug()`: `l.Debug().Any("subsonic_response", resp)` only logs
        return
    if_bound = False
    # a path, or a Go 1.22 pattern with its method ("GET /random")
    rooted = path is not None and (path.startswith("/") or (
        field in ("Handle", "HandleFunc") and _METHOD_PATTERN.match(path) is not None))
    if path is None and METHODS[field] != "?" and argv[0].type in ("binary_expression",
                                                                    "call_expression"):
        # `prefix("/debug/vars")`, `base + "/login"`: a path built around a rooted literal
        rooted = _rooted_parts(expr_parts(argv[0], data, SCOPES))
    if not main_fw and rooted and not path.startswith("/") and \
            ROUTERISH.search(target.rsplit(".", 1)[-1]):
        # `s.mux.Handle("POST /api/v1/movies", chain.ThenFunc(h))` in a file that imports no
        # framework (the *http.ServeMux is a field declared elsewhere): a Go 1.22 method
        # pattern is the standard library's
        main_fw = "nethttp"
    if not (is_known or is_pkg_http or (main_fw and rooted and otext not in aliases
                                        and ROUTERISH.search(target.rsplit(".", 1)[-1]))):
        if not (rooted and target == base and base in TYPED_PARAMS.get(scope, ()) and
                (main_fw or path is not None and field in METHODS and METHODS[field] != "?")):
            return
        # `meta.Get("/health", h)` on a parameter `meta *svr.Meta`: a route only where the
        # replay binds the parameter to a router (a struct type built around one); in a file
        # that imports no router (`func (h *Handler) Route(r types.Router) { r.Get("/", ...)
        # }` of a project's own interface), a call of a route method with a rooted literal
        # path, kept on the same condition
        if_bound = True
    go_path = None
    if path is None:  # util.BasePath + "/login", apiPath + "/", v1Base("/items")
        path_node = argv[1] if METHODS[field] == "?" or (
            field == "Handle" and main_fw in ("gin", "fiber") and len(argv) >= 3) else argv[0]
        go_path = expr_parts(path_node, data, SCOPES)
        path = literal_of(go_path)
        if path is not None:
            go_path = None
    table = None
    table_prefix = None
    first = argv[0]
    if path is None and first.type == "binary_expression" and \
            text(first.child_by_field_name("operator"), data) == "+" and \
            first.child_by_field_name("right").type == "selector_expression" and \
            first.child_by_field_name("right").child_by_field_name("operand").type == "identifier":
        # `m.path + route.Path` in the loop: the table's paths below a prefix
        table_prefix = expr_parts(first.child_by_field_name("left"), data, SCOPES)
        first = first.child_by_field_name("right")
    if path is None and first.type == "selector_expression" and \
            first.child_by_field_name("operand").type == "identifier":
        # for _, rt := range routes { mux.HandleFunc(rt.Pattern, rt.Handler) }: the table's
        # entries are the routes (endpoints stage, frameworks.go_tables)
        loop_var = text(first.child_by_field_name("operand"), data)
        table = _ranged_slice(n, loop_var, data)
        # the entry's method counts where the loop hands it over (`.Methods(rt.Method)`)
        table_method = bool(table) and (entry_args or re.search(
            r"\b" + re.escape(loop_var) + r"\.Methods?\b", text(n.parent.parent, data)) is not None)
        table_if = _entry_test(n, loop_var, data) if table else None
    # (a ServeMux made in a file that also imports gorilla or chi reads its patterns as
    # net/http does: `/debug/pprof/` is a subtree)
    fw = "nethttp" if is_pkg_http else ROUTER_FW.get((scope, target), main_fw)
    if path is not None:
        method, path = split_pattern(method, path, fw)
    pending = PENDING_METHODS.pop((n.start_point, n.end_point), None)
    if pending:
        method = ",".join(m.upper() for m in pending)
    if main_fw == "echo" and not is_pkg_http:
        # Echo: GET(path, handler, middleware...): the middleware come after the handler
        handler_node, mw_nodes = rest[0], rest[1:]
    else:
        handler_node, mw_nodes = rest[-1], rest[:-1]
    mws = [_mw_of(a, data) for a in mw_nodes]
    h, wrapped = _unwrap_handler(handler_node, data)
    if wrapped and re.fullmatch(r"[A-Za-z_]\w*", h):
        ptype = _param_type(n, h, data)
        if ptype is None:
            ptype = _local_literal_type(n, h, data)  # `cfg := oauth2.Config{...}`
        if ptype is not None and not _FUNC_TYPE.search(ptype):
            # `rest.LoginUser(service)` with `service services.ApplicationService`: what the
            # call is handed is no function, so the call is a factory of the handler, not a
            # wrapper of one (whatever its name says)
            h, wrapped = text(handler_node, data)[:200], []
    fw = main_fw
    if is_pkg_http:
        target, fw = "http.DefaultServeMux", "nethttp"
    op = {"op": "route", "scope": scope, "target": target, "method": method,
          "path": path, "path_text": text(argv[0], data)[:200],
          **({"extra": {"go_path": go_path}} if go_path else {}),
          "handler": h, "handler_line": handler_node.start_point[0] + 1,
          "mw": with_mw + mws + wrapped, "line": line, "framework": fw,
          "call_line": line, "call_col": n.start_point[1]}
    if table:
        op["extra"] = {**op.get("extra", {}), "table_loop": table, "table_method": table_method}
        if table_prefix is not None:
            op["extra"]["table_prefix"] = table_prefix
        if table_if:
            op["extra"]["table_if"] = table_if
    if if_bound:
        op["if_bound"] = True
    if mount_child:
        op["mount_child"] = mount_child
        if handed is not None:  # StripPrefix("/admin", chain(ctrl)): ctrl, if it is a router
            op["mount_via"] = handed
    if method == "GET" and _ws_handler(handler_node, data):
        op["method"] = "WS"
    op.update(_when(n, data))
    if not fw and len(rest) > 1 and not is_pkg_http:
        # a file that imports no router (the router reaches it through a struct): should the
        # replay find an Echo router, Echo takes the handler first and the middleware after
        eh, ew = _unwrap_handler(rest[0], data)
        op["extra"] = {**op.get("extra", {}), "echo_order": {
            "handler": eh, "handler_line": rest[0].start_point[0] + 1,
            "mw": with_mw + [_mw_of(a, data) for a in rest[1:]] + ew}}
    if fw == "fiber" and len(rest) > 1:
        # every handler argument as written: Fiber v3 betas run them in another order (the
        # endpoints stage decides, knowing the version from go.mod)
        op["extra"] = {**op.get("extra", {}), "fiber_args": [
            {"name": _mw_name(text(a, data)), "handler": _unwrap_handler(a, data)[0],
             "call": a.type == "call_expression", "line": a.start_point[0] + 1} for a in rest]}
    ops.append(op)


def _gorilla_prefix_route(n, operand, handler, data, known, ops, scope, line) -> None:
    """gorilla routes built by a chain of matchers ending in `.Handler(h)`/`.HandlerFunc(h)`:
    `r.Path("/x").Methods("GET").HandlerFunc(h)`, `r.Methods("POST").Path("/x")...`, and
    `r.PathPrefix("/files").Handler(h)` (a route for the prefix and every path below it;
    a router as the handler is mounted: gorilla does not strip the prefix, so its own paths are
    already whole). `Name`, `Schemes`, `Host`, `Headers`, `Queries` narrow nothing here."""
    path_arg = prefix_arg = None
    methods: list[str] = []
    node = operand
    while node.type == "call_expression":
        fn, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
        if fn is None or fn.type != "selector_expression" or args is None:
            return
        field = text(fn.child_by_field_name("field"), data)
        argv = _argv(args)
        if field == "Path" and len(argv) == 1:
            path_arg = argv[0]
        elif field == "PathPrefix" and len(argv) == 1:
            prefix_arg = argv[0]
        elif field == "Methods":
            methods += [m for m in (_method_literal(a, data) for a in argv) if m]
        elif field not in _GORILLA_MATCHERS:
            return  # not a matcher chain (a call whose result is some other value)
        node = fn.child_by_field_name("operand")
    target, with_mw = _unwrap_target(node, data)
    if path_arg is None and prefix_arg is None:
        if not methods or (target not in known and target.split(".", 1)[0] not in known):
            return
        # `sub.Methods("GET", "HEAD").HandlerFunc(h)` on a `r.Path("/x").Subrouter()`: the
        # subrouter's own path
        path_arg = ""
    if target not in known and target.split(".", 1)[0] not in known and (
            path_arg is None and prefix_arg is None or not _ROUTERISH_TARGET.search(target)):
        return  # (`Router.Path("/b").Handler(h)` on a package's router: bound at replay)
    mount = path_arg is None and text(handler, data) in known
    parts = [{"s": ""}] if path_arg == "" else \
        expr_parts(path_arg if path_arg is not None else prefix_arg, data, SCOPES)
    if path_arg is None:
        last = parts[-1].get("s", "") if parts else ""
        if parts and "a2" in parts[-1] and parts[-1]["a2"] and parts[-1]["a2"][-1]:
            last = parts[-1]["a2"][-1][-1].get("s", "")  # `prefix("/m/")`: what it ends in
        if not re.search(r"\{\w+:\.\*\}$", last):  # "/preview/{path:.*}" already takes the rest
            parts = parts + [{"s": ("" if last.endswith("/") else "/") + "{path:.*}"}]
    lit = literal_of(parts)
    pending = PENDING_METHODS.pop((n.start_point, n.end_point), None) or []
    methods = methods or [m.upper() for m in pending]
    h, wrapped = _unwrap_handler(handler, data)
    op = {"op": "route", "scope": scope, "target": target,
          "method": ",".join(dict.fromkeys(methods)) if methods else "ANY",
          "path": lit, "path_text": '""' if path_arg == "" else
          text(path_arg if path_arg is not None else prefix_arg, data)[:200], "handler": h,
          "handler_line": handler.start_point[0] + 1, "mw": with_mw + wrapped, "line": line,
          "framework": "gorilla", "call_line": line, "call_col": n.start_point[1]}
    if lit is None:
        op["extra"] = {"go_path": parts}
        if path_arg is not None and path_arg != "" and path_arg.type == "selector_expression" \
                and path_arg.child_by_field_name("operand").type == "identifier":
            # for _, route := range routes { r.Methods(route.Method).Path(route.Pattern)
            # .Handler(h) }: the table's entries are the routes (the loop of the gorilla
            # tutorial and of swagger-codegen's go-server)
            loop_var = text(path_arg.child_by_field_name("operand"), data)
            table = _ranged_slice(n, loop_var, data)
            if table:
                op["extra"].update(table_loop=table, table_method=re.search(
                    r"\b" + re.escape(loop_var) + r"\.Method\b", text(n, data)) is not None)
                test = _entry_test(n, loop_var, data)
                if test:
                    op["extra"]["table_if"] = test
    if mount:
        # `r.PathPrefix("/api").Handler(apiRouter)`: a router there is mounted (gorilla does
        # not strip the prefix: its own paths are whole); a handler made by a function of the
        # tree declared to return one (`spa := cookieHandler(...)` returning http.Handler)
        # serves the subtree when the replay finds no router in it
        made = next((o.get("callee") for o in reversed(ops) if o.get("op") == "new_from"
                     and o.get("scope") == scope and o.get("var") == text(handler, data)), "")
        ops.append({"op": "mount", "scope": scope, "target": target, "prefix": "",
                    "child": text(handler, data), "line": line, "framework": "gorilla",
                    **({"else_route": op, "made_by": made} if made else {})})
        return
    ops.append(op)


def _rooted_parts(parts: list, depth: int = 0) -> bool:
    """Whether a built path's literal pieces (the arguments of the calls building it too)
    include one that starts with "/"."""
    for p in parts:
        if p.get("s", "").startswith("/"):
            return True
        if depth < 3 and any(_rooted_parts(a, depth + 1) for a in p.get("a2") or ()):
            return True
    return False


_CHI_HEARTBEAT = re.compile(r'\.Heartbeat\(\s*"(/[^"\s]{0,100})"\s*\)')
# the name of a router declared outside the function (a package variable, another package's)
_ROUTERISH_TARGET = re.compile(r"(?i)(?:^|\.)(?:\w*router|\w*mux|r|m|api|app|\w*routes)$")
# gorilla/mux matchers that narrow a route by something else than its path and method
_GORILLA_MATCHERS = frozenset({"Name", "Schemes", "Host", "Headers", "HeadersRegexp", "Queries",
                               "MatcherFunc", "BuildVarsFunc",
                               # (*Router settings returning the router itself:
                               # `r.StrictSlash(true).Path("/health").HandlerFunc(h)`)
                               "StrictSlash", "SkipClean", "UseEncodedPath"})


def _method_literal(node, data: bytes) -> str | None:
    """"GET", `http.MethodGet`, `fiber.MethodGet`, `echo.GET` -> "GET"."""
    s = _str(node, data)
    if s is None and node.type == "selector_expression":
        field = text(node.child_by_field_name("field"), data)
        s = field[len("Method"):] if field.startswith("Method") else field
        if s.upper() not in _HTTP_METHOD_NAMES:
            s = None
    return s.upper() if s else None


_HTTP_METHOD_NAMES = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT",
                                "OPTIONS", "TRACE"})


def _methods_arg(node, data: bytes) -> list[str]:
    """The methods a route call's method argument names: one (`"GET"`, `http.MethodGet`) or a
    slice literal of them (`[]string{http.MethodGet, "POST"}`)."""
    if node.type == "composite_literal":
        body = node.child_by_field_name("body")
        out = []
        for el in (body.named_children if body is not None else ()):
            el = el.named_children[0] if el.type == "literal_element" and el.named_children else el
            m = _method_literal(el, data)
            if m is None:
                return []
            out.append(m)
        return out
    m = _method_literal(node, data)
    return [m] if m else []


def _router_args(argv, data, known, scope, ops, router_vars) -> list[str]:
    """Argument texts, with an inline `r.Group("/p")` on a known router turned into a group op
    and named by a synthetic variable, so the callee's parameter binds to that group."""
    out = []
    for a in argv:
        t = text(a, data)
        if a.type == "unary_expression" and t.startswith("&") and \
                _deref(a).type == "identifier":
            t = text(_deref(a), data)  # `v1.Register(jctx, &api)`: the router, by pointer
        if a.type == "call_expression":
            fn = a.child_by_field_name("function")
            args = a.child_by_field_name("arguments")
            if fn is not None and fn.type == "selector_expression" and args is not None \
                    and text(fn.child_by_field_name("field"), data) == "With" \
                    and text(fn.child_by_field_name("operand"), data) in known \
                    and args.named_children:
                # chi `h(r.With(adminOnly), ...)`: an inline router, the router's routes with
                # the middleware given
                var = f"@{a.start_point[0] + 1}:{a.start_point[1]}"
                ops.append({"op": "group", "scope": scope, "var": var,
                            "parent": text(fn.child_by_field_name("operand"), data),
                            "prefix": "", "mw": [_mw_of(x, data) for x in args.named_children],
                            "mw_text": [], "line": a.start_point[0] + 1})
                router_vars.setdefault(scope, set()).add(var)
                t = var
            elif fn is not None and fn.type == "selector_expression" and args is not None \
                    and text(fn.child_by_field_name("field"), data) == "Group" \
                    and text(fn.child_by_field_name("operand"), data) in known \
                    and args.named_children and _str(args.named_children[0], data) is not None:
                var = f"@{a.start_point[0] + 1}:{a.start_point[1]}"
                ops.append({"op": "group", "scope": scope, "var": var,
                            "parent": text(fn.child_by_field_name("operand"), data),
                            "prefix": _str(args.named_children[0], data),
                            "mw": [_mw_of(x, data) for x in args.named_children[1:]],
                            "mw_text": [], "line": a.start_point[0] + 1})
                router_vars.setdefault(scope, set()).add(var)
                t = var
            elif (sub := _inline_subrouter(a, data, known)) is not None:
                # gorilla `h(r.PathPrefix("/api").Subrouter())`: a subrouter below the prefix
                var = f"@{a.start_point[0] + 1}:{a.start_point[1]}"
                ops.append({"op": "group", "scope": scope, "var": var, "parent": sub[0],
                            **sub[1], "mw": [], "mw_text": [], "line": a.start_point[0] + 1})
                router_vars.setdefault(scope, set()).add(var)
                t = var
        out.append(t)
    return out


def _inline_subrouter(a, data, known) -> tuple[str, dict] | None:
    """(parent, prefix fields) of a gorilla `X.PathPrefix(p).Subrouter()` / `X.Path(p)
    .Subrouter()` written as an argument, X a router in scope or one declared outside the
    function (`web.Router`)."""
    if a.type != "call_expression" or not a.child_by_field_name("arguments") or \
            a.child_by_field_name("arguments").named_child_count:
        return None
    fn = a.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression" or \
            text(fn.child_by_field_name("field"), data) != "Subrouter":
        return None
    below = _path_matcher(fn.child_by_field_name("operand"), data)
    if below is None or (below[0] not in known and not _ROUTERISH_TARGET.search(below[0])):
        return None
    return below


def _path_matcher(call, data) -> tuple[str, dict] | None:
    """(the router, the prefix fields) of a gorilla `X.PathPrefix(p)` / `X.Path(p)` call."""
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    if fn is None or fn.type != "selector_expression" or \
            text(fn.child_by_field_name("field"), data) not in ("PathPrefix", "Path"):
        return None
    argv = _argv(call.child_by_field_name("arguments"))
    fields = _prefix_fields(argv[0], data) if argv else None
    return (text(fn.child_by_field_name("operand"), data), fields) if fields is not None \
        else None


# An adapter that takes the handler first and its middleware after it (variadic):
# `ToHandlerFunc(h, mw...)`, `ToHandler(h, mw...)`, `HandlerFunc(h, mw...)` of chain libraries.
# literal options a wrapper may take after the handler it wraps
_METHOD_PATTERN = re.compile(r"(?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|CONNECT|TRACE) +/")
_OPTION_TYPES = frozenset({"true", "false", "nil", "int_literal", "float_literal",
                           "interpreted_string_literal", "raw_string_literal", "rune_literal"})
_ADAPTER = re.compile(r"(To)?Handler(Func)?|Chain|WithMiddlewares?|Wrap(Handler)?|"
                      # `CreateStack(handler, mws...)`: a stack built on the handler
                      r"(Create|New|Build|Make)?(Middleware)?Stack")
# the library adapters returning a handler that serves their argument, as written with the
# package's name (`http.StripPrefix`, `gin.WrapF`, `adaptor.HTTPHandler`) -> the argument's index
_ADAPTED = {f"{posixpath.basename(re.sub(r'/v[0-9]+$', '', imp))}.{fn}": i
            for (imp, fn), i in HANDLER_ADAPTERS.items()}


def _spread(arg, data) -> list[str]:
    """The middleware of `mws...`: the elements of the slice literal `mws` is declared with in
    an enclosing function (`userMW := []Middleware{a.mwAuthToken, a.mwRoles(...)}`); else the
    spread's own name."""
    inner = arg.named_children[0] if arg.named_children else None
    if inner is None or inner.type != "identifier":
        return [text(arg, data).rstrip(".")]
    want = text(inner, data)
    scope = _enclosing_fn(arg)
    stack = [scope] if scope is not None else []
    while stack:
        n = stack.pop()
        if n.type in ("short_var_declaration", "assignment_statement", "var_spec"):
            left = n.child_by_field_name("left") or n.child_by_field_name("name")
            right = n.child_by_field_name("right") or n.child_by_field_name("value")
            if left is not None and right is not None and text(left, data).strip() == want:
                lit = right.named_children[0] if right.type == "expression_list" and \
                    right.named_children else right
                body = lit.child_by_field_name("body") if lit.type == "composite_literal" else None
                if body is not None:
                    return [_mw_name(text(e, data)) for e in body.named_children
                            if e.type in ("literal_element", "keyed_element")]
        stack.extend(n.named_children)
    return [want]


# a parameter type that holds a function: a func type, or a named handler or middleware type
# (`http.HandlerFunc`, `http.Handler`, `gin.HandlerFunc`, `echo.HandlerFunc`, `fiber.Handler`,
# `MiddlewareFunc`)
# a function type (a pointer is to a struct: `*jwt.GinJWTMiddleware` is gin-jwt's object)
_FUNC_TYPE = re.compile(r"^\s*func\b|^[^*]*(?:Handler|HandlerFunc|Func|Handle|Middleware|"
                        r"Endpoint)\s*$")


def _argv(args) -> list:
    """A call's arguments without the comments written between them (`r.Use(a, // why\n b)`)."""
    return [a for a in args.named_children if a.type != "comment"] if args is not None else []


def _enclosing_fn(node):
    """The function (declaration, method or literal) written around `node`, or None."""
    fn = node.parent
    while fn is not None and fn.type not in FUNC_TYPES:
        fn = fn.parent
    return fn


def _outer_param_type(node, name: str, data: bytes) -> str | None:
    """`_param_type` of the innermost function around `node` (out through the function
    literals it sits in: `r.Route("/v1", func(r chi.Router) {...})`) that has a parameter
    `name`, or None."""
    for _ in range(6):
        got = _param_type(node, name, data)
        if got is not None:
            return got
        node = _enclosing_fn(node)
        if node is None:
            return None
    return None


def _param_type(node, name: str, data: bytes) -> str | None:
    """The declared type of parameter `name` of the function written around `node`, or None
    when `name` is none of its parameters."""
    fn = _enclosing_fn(node)
    if fn is None:
        return None
    for pname, ptype in _params(fn, data):
        if pname == name:
            return ptype
    return None


def _local_literal_type(node, name: str, data: bytes) -> str | None:
    """The type of the struct literal a local of the function around `node` is made from
    (`cfgGoogle := oauth2.Config{...}` -> "oauth2.Config"), or None."""
    fn = _enclosing_fn(node)
    if fn is None or fn.end_byte - fn.start_byte > 200_000:
        return None
    m = re.search(rb"\b" + re.escape(name.encode()) + rb"\s*:?=\s*&?([A-Za-z_][\w.]*)\s*\{",
                  data[fn.start_byte:node.start_byte])
    return m.group(1).decode() if m is not None else None


def _mw_args(args, data) -> list[str]:
    """The middleware names of call arguments, a spread (`mws...`) read from its literal."""
    return [m for a in args for m in (_spread(a, data) if a.type == "variadic_argument"
                                      else [_mw_of(a, data)])]


def _chain_mws(node, data, depth: int = 0) -> list[str]:
    """The middleware of a chain value: `alice.New(a, b)` / `chain.New(a)` -> its arguments,
    `append(base, m)` and `base.Append(m)` -> base's then m, a local `base := chain.New(a)` of
    the function around -> what it was made of; anything else is one middleware."""
    if node is None or depth > 6:
        return []
    if node.type == "call_expression":
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        argv = _argv(args)
        name = text(fn, data) if fn is not None else ""
        last = name.rsplit(".", 1)[-1].strip()
        if name == "append" and argv:
            return _chain_mws(argv[0], data, depth + 1) + _mw_args(argv[1:], data)
        if last in ("Append", "AppendChain", "Extend") and fn.type == "selector_expression":
            # (`AppendChain(other)`, alice's `Extend(other)`: the other chain's middleware)
            more = [m for a in argv for m in _chain_mws(a, data, depth + 1)] \
                if last != "Append" else [_mw_of(a, data) for a in argv]
            return _chain_mws(fn.child_by_field_name("operand"), data, depth + 1) + more
        if last in ("New", "NewChain") and "." in name:
            return _mw_args(argv, data)
    if node.type == "identifier":
        name = text(node, data)
        fn = _enclosing_fn(node)
        while fn is not None:
            body = fn.child_by_field_name("body")
            for c in _block_stmts(body) if body is not None else ():
                if c.start_byte >= node.start_byte and _enclosing_fn(node) is fn:
                    break
                if c.type != "short_var_declaration":
                    continue
                left, right = c.child_by_field_name("left"), c.child_by_field_name("right")
                if left is not None and right is not None and left.named_child_count == 1 \
                        and right.named_child_count == 1 and \
                        text(left.named_children[0], data) == name:
                    return _chain_mws(right.named_children[0], data, depth + 1)
            fn = _enclosing_fn(fn)
    return [_mw_of(node, data)]


def _unwrap_handler(node, data) -> tuple[str, list[str]]:
    """`auth(http.HandlerFunc(h.Get))` -> ("h.Get", ["auth"]); a factory `h.List()` stays."""
    wrapped = []
    for _ in range(8):
        if node.type != "call_expression":
            break
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        argv = _argv(args)
        if not argv or fn is None:
            break
        name = text(fn, data)
        # (a chain written over lines, `chain.\n\tThenFunc(h)`: the name after the last dot)
        last = name.rsplit(".", 1)[-1].strip()
        if last in ("Then", "ThenFunc") and len(argv) == 1 and fn.type == "selector_expression":
            # alice-style chains: `alice.New(auth, log).Then(h)`, `append(base, m).ThenFunc(h)`:
            # the chain's middleware run around the handler, outermost first
            wrapped.extend(_chain_mws(fn.child_by_field_name("operand"), data))
            node = argv[0]
            continue
        # (one argument: only an explicit conversion `ToHandlerFunc(h)`; `Handler(cfg)` with one
        # argument is as often a factory of the handler as an adapter of it)
        if (last == "Use" or (_ADAPTER.fullmatch(last) and (
                len(argv) > 1 or last.startswith("To")))) and argv[0].type in (
                "identifier", "selector_expression", "func_literal", "call_expression"):
            # mid.Use(h, RequireLogin, ...), chain.ToHandlerFunc(h, mws...): the handler first,
            # then the middleware around it (a spread slice read from its literal in the scope);
            # a call of the adapter's own package is one of its options
            # (`ginSwagger.WrapHandler(files.Handler, ginSwagger.URL(u))`)
            pkg = text(fn.child_by_field_name("operand"), data) \
                if fn.type == "selector_expression" else None
            wrapped.extend(_mw_args([a for a in argv[1:] if not (
                pkg and a.type == "call_expression" and
                (f := a.child_by_field_name("function")) is not None and
                f.type == "selector_expression" and
                text(f.child_by_field_name("operand"), data) == pkg)], data))
            node = argv[0]
            continue
        # the wrapped handler: the last argument that is a function value; the options after
        # it are literals (`requireLogin(showAdmin, true, false)`)
        named = [a for a in argv if a.type in ("identifier", "selector_expression",
                                               "call_expression", "func_literal")]
        while len(named) > 1 and named[-1].type == "identifier" and \
                text(named[-1], data) in FILE_CONSTS:
            # `p.checkAuth(p.attachContext(h), ResponseTypeJSON)`: a constant of the file is
            # an option of the wrapper, not what it wraps
            named.pop()
        at = _ADAPTED.get(name)
        if at is not None:  # http.StripPrefix(p, h), gin.WrapF(f): the handler it serves
            if at >= len(argv):
                break
            node = argv[at]
            continue
        if HANDLER_FACTORY.match(name.rsplit(".", 1)[-1]):
            break  # `HandleOAuthCallback(key, cmd, conf, FetchUserID)`: makes the handler
        if not WRAPPER.search(name.rsplit(".", 1)[-1]) or not named or any(
                a.type not in _OPTION_TYPES and not (a.type == "identifier" and
                                                     text(a, data) in FILE_CONSTS)
                for a in argv[argv.index(named[-1]) + 1:]):
            break  # a factory call such as handlers.GetUser(db): the handler itself
        if named[-1].type in ("identifier", "selector_expression") and _STORE_NAME.search(
                text(named[-1], data).rsplit(".", 1)[-1]):
            # `h.AdminLogin(l.container, l.authRepository)`: a factory handed its store or
            # service (a handler is not named for one), whatever its own name says
            break
        if named[-1].type == "identifier" and (
                ptype := _outer_param_type(node, text(named[-1], data), data)) is not None and \
                not _FUNC_TYPE.search(ptype):
            # `handlers.LoginHandler(db)` with `db db.DB` a parameter of the function around:
            # a factory handed its store, whatever its name says, not a wrapper of `db`
            break
        wrapped.append(name)
        node = named[-1]
    if node.type == "func_literal":
        return f"func@{node.start_point[0] + 1}", wrapped
    return _one_line(text(node, data))[:200], wrapped


# the name of a value a handler factory is handed, never of a handler: a store, a service, a
# dependency container, a configuration or a client
_STORE_NAME = re.compile(r"(?i)(?:repo|repository|repositories|store|storage|service|svc|db|"
                         r"database|container|config|cfg|client|pool|logger)$")


def _one_line(expr: str) -> str:
    """A handler expression written over lines (`h.List(\n\t\tdeps,\n\t)`) on one line, as
    the resolver reads a reference: `h.List(deps)`."""
    if "\n" not in expr:
        return expr
    expr = " ".join(expr.split())
    return re.sub(r",\s*\)", ")", re.sub(r"\(\s+", "(", expr))


# -- string values of paths and prefixes ------------------------------------------------------
# A path or prefix written as an expression (`util.BasePath + "/login"`, `apiPath + "/"` with
# `apiPath := cfg.BaseURL + "api"`, `fmt.Sprintf("GET %vhealth", base)`, `v1Base("/items")` with
# `v1Base := v1.BaseURLFunc(prefix)`) is kept as parts: {"s": literal}, {"n": name},
# {"c": callee, "a": [args' parts], "a2": [parts of a second call's args]}, {"u": unknown text}.
# The endpoints stage resolves them against the tree's package constants and string-building
# functions (`resolve_parts`); a part nobody can tell (a config field set at run time) is left
# out, and the route says so.
LOCALS: dict = {}  # (scope, name) -> parts of a local string variable, per file
SCOPES: list = []  # the scopes of the call being read, innermost first
_FMT_VERB = re.compile(r"%[-+# 0]*\d*(?:\.\d+)?[vsdq]")


def _lit(node, data: bytes) -> str | None:
    s = _str(node, data)
    if s is not None and node.type == "interpreted_string_literal" and "\\" in s:
        s = s.replace('\\"', '"').replace("\\\\", "\\")
    return s


def _local_parts(name: str, scopes: list[str]) -> list | None:
    for sc in scopes:
        got = LOCALS.get((sc, name))
        if got is not None:
            return got
    return None


def expr_parts(node, data: bytes, scopes: list[str], depth: int = 0) -> list:
    """The parts of a string expression (see above)."""
    if node is None or depth > 8:
        return [{"u": ""}]
    t = node.type
    s = _lit(node, data)
    if s is not None:
        return [{"s": s}]
    if t == "parenthesized_expression" and node.named_child_count == 1:
        return expr_parts(node.named_children[0], data, scopes, depth + 1)
    if t == "binary_expression" and text(node.child_by_field_name("operator"), data) == "+":
        return expr_parts(node.child_by_field_name("left"), data, scopes, depth + 1) + \
            expr_parts(node.child_by_field_name("right"), data, scopes, depth + 1)
    if t == "identifier":
        got = _local_parts(text(node, data), scopes)
        return list(got) if got is not None else [{"n": text(node, data)}]
    if t == "selector_expression" and re.fullmatch(r"[\w.]+", text(node, data)):
        return [{"n": text(node, data)}]
    if t == "call_expression":
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        argv = _argv(args)
        ftext = text(fn, data) if fn is not None else ""
        if ftext == "fmt.Sprintf" and argv and _lit(argv[0], data) is not None:
            fmt, out, rest = _lit(argv[0], data), [], argv[1:]
            pos = 0
            for i, m in enumerate(_FMT_VERB.finditer(fmt)):
                if fmt[pos:m.start()]:
                    out.append({"s": fmt[pos:m.start()].replace("%%", "%")})
                out += expr_parts(rest[i], data, scopes, depth + 1) if i < len(rest) \
                    else [{"u": m.group(0)}]
                pos = m.end()
            if fmt[pos:]:
                out.append({"s": fmt[pos:].replace("%%", "%")})
            return out
        if fn is not None and fn.type == "identifier":
            got = _local_parts(ftext, scopes)
            if got is not None and len(got) == 1 and "c" in got[0] and got[0].get("a2") is None:
                # v1Base("/items") with v1Base := v1.BaseURLFunc(prefix)
                return [{**got[0], "a2": [expr_parts(a, data, scopes, depth + 1) for a in argv]}]
        if fn is not None and fn.type in ("identifier", "selector_expression") \
                and ftext not in GO_BUILTINS and len(argv) <= 4:
            return [{"c": ftext, "a": [expr_parts(a, data, scopes, depth + 1) for a in argv]}]
    return [{"u": text(node, data)[:80]}]


def _prefix_fields(node, data: bytes) -> dict | None:
    """{"prefix": ...} of a literal prefix; {"prefix": its literal parts, "go_prefix": parts}
    of an expression (resolved by the endpoints stage); None when it is no string."""
    s = _lit(node, data)
    if s is not None:
        return {"prefix": s}
    if node.type not in ("identifier", "selector_expression", "binary_expression",
                         "call_expression", "parenthesized_expression"):
        return None
    parts = expr_parts(node, data, SCOPES)
    if not any("s" in p or "n" in p or "c" in p for p in parts):
        return None
    lit = literal_of(parts)
    if lit is not None:
        return {"prefix": lit}
    return {"prefix": fallback_of(parts), "go_prefix": parts}


def literal_of(parts: list) -> str | None:
    """The string when every part is a literal."""
    if all("s" in p for p in parts):
        return "".join(p["s"] for p in parts)
    return None


def fallback_of(parts: list) -> str:
    """The literal parts alone: what the path is without what nobody can tell."""
    return "".join(p.get("s", "") for p in parts)


def parts_text(parts: list) -> str:
    out = []
    for p in parts:
        if "s" in p:
            out.append('"' + p["s"] + '"')
        elif "n" in p:
            out.append(p["n"])
        elif "c" in p:
            out.append(p["c"] + "(...)" + ("(...)" if p.get("a2") is not None else ""))
        else:
            out.append(p.get("u") or "?")
    return " + ".join(out)[:200]


def _package_value(n, scope: str, data: bytes, ops: list) -> None:
    """`const prefix = "/api"`, `var BasePath string` (zero value "") at package level: a
    value paths may be built from."""
    if scope != "<file>":
        return
    names = n.children_by_field_name("name")
    value = n.child_by_field_name("value")
    typ = n.child_by_field_name("type")
    if len(names) != 1:
        return
    if value is None:
        if typ is not None and text(typ, data) == "string" and n.type == "var_spec":
            ops.append({"op": "const", "name": text(names[0], data), "value": "", "go": True,
                        "line": n.start_point[0] + 1})
        return
    if value.named_child_count != 1:
        return
    lit_type = value.named_children[0].child_by_field_name("type") \
        if value.named_children[0].type == "composite_literal" else None
    # (a slice literal of route structs is a table even with one entry: `var LoginRoutes =
    # []Route{{URI: "/login", ...}}` joined to the others by `append(routes, LoginRoutes...)`)
    table = go_tables.table_op(text(names[0], data), value.named_children[0], data,
                               n.start_point[0] + 1,
                               least=1 if lit_type is not None and lit_type.type == "slice_type"
                               else 2)
    if table is not None:  # var routes = []route{{Url: "/x", execution: apiX}, ...}
        ops.append(table)
        return
    rx = _must_compile(value.named_children[0], data)
    if rx is not None:  # `topicRegex = regexp.MustCompile(`^/[-_A-Za-z0-9]{1,64}$`)`
        ops.append({"op": "go_regex", "name": text(names[0], data), "pattern": rx,
                    "line": n.start_point[0] + 1})
        return
    parts = expr_parts(value.named_children[0], data, [])
    if any("u" in p or "c" in p for p in parts):
        return
    lit = literal_of(parts)
    op = {"op": "const", "name": text(names[0], data), "go": True, "line": n.start_point[0] + 1}
    if lit is not None:
        op["value"] = lit
    else:
        op["parts"] = parts
    ops.append(op)


def _must_compile(value, data: bytes) -> str | None:
    """The pattern of `regexp.MustCompile("...")` (or a raw string), else None."""
    if value.type != "call_expression" or not text(
            value.child_by_field_name("function"), data).endswith("MustCompile"):
        return None
    argv = _argv(value.child_by_field_name("arguments"))
    if len(argv) != 1 or argv[0].type not in ("raw_string_literal",
                                               "interpreted_string_literal"):
        return None
    return _str(argv[0], data)


def _template(fn, data: bytes, params: list) -> dict | None:
    """A function that only builds a string from its parameters (`return prefix + "/v1" + s`),
    or returns a closure that does (`return func(s string) string { return prefix + s }`)."""
    result = fn.child_by_field_name("result")
    if result is None or "string" not in text(result, data):
        return None
    names = [p[0] for p in params]
    ret, normalized = _only_return(fn.child_by_field_name("body")), []
    if ret is None:
        ret, normalized = _return_after_normalizing(fn.child_by_field_name("body"), names,
                                                    data)
        if ret is None or ret.type != "func_literal":
            return None
    if ret.type == "func_literal":
        inner = _only_return(ret.child_by_field_name("body"))
        if inner is None:
            return None
        parts = expr_parts(inner, data, [])
        inner_names = [p[0] for p in _params(ret, data)]
        # (`return prefix + path` of two parameters is a template too: the path is the
        # caller's literal)
        if not any("s" in p or p.get("n") in inner_names for p in parts) or \
                any("u" in p for p in parts):
            return None
        return {"params": names, "inner": inner_names, "parts": parts,
                **({"normalized": normalized} if normalized else {})}
    parts = expr_parts(ret, data, [])
    if not any("s" in p for p in parts) or any("u" in p for p in parts):
        return None
    return {"params": names, "parts": parts}


def _group_wrapper(fn, data: bytes, params: list) -> dict | None:
    """A function or method whose last statement returns a group that the framework makes of
    its receiver (or of a router parameter) with one of its string parameters as the prefix,
    possibly wrapped in a constructor call or a struct literal: a project's own router type
    around the framework's (`func (r *Router) SubGroup(prefix string, m ...Middleware) *Router
    { ...; return NewRouter(r.Group.Group(prefix, mws...)) }`). A call of it makes a group:
    {"prefix": index of the prefix parameter, "parent": "recv" or the router parameter's index,
    "mw_from": index of the variadic parameter whose arguments are its middleware}."""
    body = fn.child_by_field_name("body")
    if body is None:
        return None
    stmts = _block_stmts(body)
    if not stmts or stmts[-1].type != "return_statement" or stmts[-1].named_child_count != 1:
        return None
    e = stmts[-1].named_children[0]
    if e.type == "expression_list":
        if e.named_child_count != 1:
            return None
        e = e.named_children[0]
    names = [p[0] for p in params]
    recv = ""
    if fn.type == "method_declaration":
        rl = fn.child_by_field_name("receiver")
        for c in (rl.named_children if rl is not None else []):
            nm = c.child_by_field_name("name")
            if nm is not None:
                recv = text(nm, data)
    for _ in range(6):
        if e is None:
            return None
        if e.type in ("unary_expression", "parenthesized_expression"):
            e = e.child_by_field_name("operand") or (e.named_children[0]
                                                     if e.named_children else None)
            continue
        if e.type == "composite_literal":  # &Router{Group: g}
            b = e.child_by_field_name("body")
            vals = list(b.named_children) if b is not None else []
            if len(vals) != 1:
                return None
            v = vals[0]
            if v.type == "keyed_element":
                v = v.named_children[-1] if v.named_children else None
            if v is not None and v.type == "literal_element":
                v = v.named_children[0] if v.named_children else None
            e = v
            continue
        if e.type != "call_expression":
            return None
        f = e.child_by_field_name("function")
        args = e.child_by_field_name("arguments")
        argv = _argv(args)
        if f is not None and f.type == "selector_expression" and \
                text(f.child_by_field_name("field"), data) == "Group":
            if not argv or argv[0].type != "identifier" or text(argv[0], data) not in names:
                return None
            base = text(f.child_by_field_name("operand"), data).split(".", 1)[0]
            if recv and base == recv:
                parent: str | int = "recv"
            elif base in names:
                parent = names.index(base)
            else:
                return None
            pi = names.index(text(argv[0], data))
            plist = fn.child_by_field_name("parameters")
            decls = [c for c in (plist.named_children if plist is not None else [])
                     if c.type in ("parameter_declaration", "variadic_parameter_declaration")]
            mw_from = len(params) - 1 if decls and \
                decls[-1].type == "variadic_parameter_declaration" and \
                len(params) - 1 > pi else None
            return {"prefix": pi, "parent": parent, "mw_from": mw_from}
        if len(argv) != 1:
            return None
        e = argv[0]
    return None


def _block_stmts(body) -> list:
    """The statements of a Go block, comments left out (newer grammars wrap them in one
    `statement_list`)."""
    stmts = [c for c in body.named_children if c.type != "comment"]
    if len(stmts) == 1 and stmts[0].type == "statement_list":
        stmts = [c for c in stmts[0].named_children if c.type != "comment"]
    return stmts


def _return_after_normalizing(body, names: list[str], data: bytes):
    """`prefix = strings.Trim(prefix, "/"); if prefix != "" { prefix = "/" + prefix }; return
    func(path string) string { return prefix + path }`: the returned expression when every
    statement before it only reassigns parameters (the names it rewrites, whose value is then
    not the caller's as written), else (None, [])."""
    if body is None:
        return None, []
    stmts = _block_stmts(body)
    if len(stmts) < 2 or stmts[-1].type != "return_statement" or \
            stmts[-1].named_child_count != 1:
        return None, []
    rewritten: list[str] = []
    for st in stmts[:-1]:
        if st.type not in ("assignment_statement", "if_statement"):
            return None, []
        for a in [st] + [c for c in walk(st) if c.type == "assignment_statement"]:
            if a.type != "assignment_statement":
                continue
            left = text(a.child_by_field_name("left"), data).strip()
            if left not in names:
                return None, []
            if left not in rewritten:
                rewritten.append(left)
        if st.type == "if_statement" and any(
                c.type in ("return_statement", "expression_statement", "go_statement",
                           "defer_statement") for c in walk(st)):
            return None, []
    e = stmts[-1].named_children[0]
    if e.type == "expression_list":
        if e.named_child_count != 1:
            return None, []
        e = e.named_children[0]
    return e, rewritten


def _only_return(body):
    if body is None:
        return None
    stmts = _block_stmts(body)
    if len(stmts) != 1 or stmts[0].type != "return_statement" or \
            stmts[0].named_child_count != 1:
        return None
    e = stmts[0].named_children[0]
    if e.type == "expression_list":
        if e.named_child_count != 1:
            return None
        e = e.named_children[0]
    return e


class _Values:
    """Package constants and string-building functions of the Go files of a tree."""

    def __init__(self, replay) -> None:
        self.replay = replay
        self.scope: tuple[str, str] = ("", "")  # (file, function) a prefix is resolved in
        self._structs: dict | None = None  # config structs by name (config_value)
        self._struct_dirs: set = set()  # the folders that declare them
        self._config: dict = {}  # dotted key -> the values the tree's YAML files give it
        self.consts: dict[tuple[str, str], list] = {}
        for path, fx in replay.facts.items():
            for op in fx.get("routes", ()):
                if op.get("op") == "const" and op.get("go"):
                    key = (posixpath.dirname(path), op["name"])
                    val = op["value"] if "value" in op else op.get("parts")
                    self.consts.setdefault(key, [])
                    if val not in self.consts[key]:
                        self.consts[key].append(val)

    def config_value(self, file: str, name: str) -> str | None:
        """`config.Conf.System.UrlPathPrefix`: a field of a config struct loaded from a YAML file
        of the tree (viper / yaml tags: field `System *SystemConfig` tagged
        `mapstructure:"system"`, then `UrlPathPrefix string` tagged
        `mapstructure:"url-path-prefix"`): the value the file gives `system.url-path-prefix`,
        when every field of the chain has its key and the tree's YAML files give that key one
        value. None otherwise (the route says its prefix is unknown)."""
        if self._structs is None:
            self._structs = {}
            for path, fx in self.replay.facts.items():
                for c in fx.get("classes", ()) if fx.get("language") == "go" else ():
                    if c.get("keys"):
                        self._structs.setdefault(c["name"], []).append(
                            (posixpath.dirname(path), c))
                for k, v in ((fx.get("extra") or {}).get("config_values") or {}).items():
                    self._config.setdefault(k, set()).add(v)
            self._struct_dirs = {sd for cs in self._structs.values() for sd, _c in cs}
        if not self._config:
            return None
        parts = name.split(".")
        d = posixpath.dirname(file)
        # `pkg.Var.A.B` (a package's variable) or `Var.A.B` (this package's)
        pkg_dirs = {x for x in self._struct_dirs if posixpath.basename(x) == parts[0]}
        for dirs, fields in ((pkg_dirs, parts[2:]), ({d}, parts[1:])):
            if len(fields) < 1:
                continue
            keys, here = [], None
            for i, f in enumerate(fields):
                if i == 0:
                    cands = [(sd, c) for cs in self._structs.values() for sd, c in cs
                             if sd in dirs and f in (c.get("keys") or {})]
                else:
                    cands = [(sd, c) for sd, c in self._structs.get(here, [])
                             if f in (c.get("keys") or {})]
                if len(cands) != 1:
                    break
                sd, c = cands[0]
                keys.append(c["keys"][f].lower())
                here = c["fields"][f].lstrip("*[]").rsplit(".", 1)[-1]
            else:
                vals = self._config.get(".".join(keys)) or set()
                if len(vals) == 1:
                    return next(iter(vals))
        return None

    def _receiver_field(self, file: str, recv: str, field: str) -> str | None:
        """`m.path` in a method whose receiver `m` is of a struct type every literal of which
        in the package sets `path` to one string (`return productModule{path: "/product"}`)."""
        scope = self.scope[1] if self.scope[0] == file else ""
        fn = self.replay.fns.get((file, scope)) or {}
        if fn.get("recv_name") != recv or "." not in scope:
            return None
        typ = scope.split(".", 1)[0]
        here = posixpath.dirname(file)
        vals = set()
        for p, fx in self.replay.facts.items():
            if posixpath.dirname(p) != here or fx.get("language") != "go":
                continue
            for r in [*(fx.get("returns") or ()), *(fx.get("assigns") or ())]:
                v = r.get("value") or {}
                if v.get("kind") == "unary" and v.get("parts"):
                    v = v["parts"][0]
                if v.get("kind") != "composite" or v.get("type", "").lstrip("&*") != typ:
                    continue
                f = (v.get("fields") or {}).get(field)
                if f is None or f.get("kind") != "str":
                    return None  # a literal that leaves it out or sets it otherwise
                vals.add(f.get("value"))
        return vals.pop() if len(vals) == 1 else None

    def _stdlib_path(self, file: str) -> bool:
        """The file's `path` is the standard library's (imported as such, under that name)."""
        return any(imp.get("target") == "path" and (imp.get("alias") or "path") == "path"
                   for imp in self.replay.facts.get(file, {}).get("imports", []) or [])

    def name(self, file: str, name: str, depth: int) -> str | None:
        d = posixpath.dirname(file)
        if "." not in name:
            keys = [(d, name)]
        elif name.count(".") == 1:
            pkg, short = name.split(".")
            # (the folders of the tree's package the file imports under that name)
            dirs = self.replay.go_imports(file)[0].get(pkg, set())
            keys = [k for k in self.consts if k[1] == short and (
                k[0] in dirs if dirs else posixpath.basename(k[0]) == pkg)]
            if not keys and not dirs:
                got = self._receiver_field(file, pkg, short)
                if got is not None:
                    return got
        else:
            return self.config_value(file, name)
        vals = [(k, v) for k in keys for v in self.consts.get(k, [])]
        if len(vals) != 1:
            return None
        k, v = vals[0]
        if isinstance(v, str):
            return v
        got, unknown = self.resolve(v, k[0] + "/_.go", {}, depth + 1)
        return None if unknown else got

    def call(self, file: str, part: dict, env: dict, depth: int) -> str | None:
        if part["c"] == "path.Join" and self._stdlib_path(file):
            # the standard library's path.Join(uriAdmin, "/login"): its elements joined by
            # slashes, empty ones left out, then cleaned
            elems = []
            for a in part["a"]:
                got, unknown = self.resolve(a, file, env, depth + 1)
                if unknown:
                    return None
                elems.append(got)
            return go_path_join(elems)
        return self._applied(file, part, env, depth)

    def _applied(self, file: str, part: dict, env: dict, depth: int,
                 tail: bool = False) -> str | None:
        """A string-building function of the tree applied to the call's arguments; with
        `tail`, what follows the leading parts nobody can tell (a base path the
        configuration gives), when something known follows them."""
        scope = self.scope[1] if self.scope[0] == file else ""
        for key in self.replay.candidates(file, part["c"], scope):
            tpl = self.replay.fns.get(key, {}).get("template")
            if not tpl:
                continue
            sub: dict = {}
            for i, pname in enumerate(tpl["params"]):
                if pname in tpl.get("normalized", ()):
                    sub[pname] = None  # rewritten before use: not the caller's value
                elif i < len(part["a"]):
                    sub[pname], unk = self.resolve(part["a"][i], file, env, depth + 1)
                    if unk:
                        sub[pname] = None
            if tpl.get("inner") is not None:
                if part.get("a2") is None:
                    return None
                for i, pname in enumerate(tpl["inner"]):
                    if i < len(part["a2"]):
                        sub[pname], unk = self.resolve(part["a2"][i], file, env, depth + 1)
                        if unk:
                            sub[pname] = None
            got, unknown = self.resolve(tpl["parts"], key[0], sub, depth + 1)
            if tail and unknown and got.startswith("/") and _leading_only(tpl["parts"], unknown):
                return got
            return None if unknown else got
        return None

    def resolve(self, parts: list, file: str, env: dict, depth: int = 0) -> tuple[str, list]:
        """(the string, the parts nobody could tell, left out of it)."""
        out, unknown = [], []
        for p in parts:
            v = None
            if depth > 8:
                pass
            elif "s" in p:
                v = p["s"]
            elif "n" in p:
                v = env[p["n"]] if p["n"] in env else self.name(file, p["n"], depth)
            elif "c" in p:
                v = self.call(file, p, env, depth)
                if v is None and depth <= 8:
                    v = self.base_join(file, p, env, depth)
                    if v is None and "a2" in p:
                        # `prefix("/serve/")` with `prefix := MakePathPrefixer(conf.BasePath)`
                        v = self._applied(file, p, env, depth, tail=True)
                    if v is not None:  # a configured base path first, then what the code says
                        unknown.append(p)
                        out.append(v)
                        continue
            if v is None:
                unknown.append(p)
            else:
                out.append(v)
        got = "".join(out)
        if "//" in got:  # (`path += "/"` on a "/" already: a request path never has "//")
            got = re.sub(r"(?<!:)/{2,}", "/", got)
        return got, unknown

    def base_join(self, file: str, part: dict, env: dict, depth: int) -> str | None:
        """path.Join(conf.BasePath, "/auth"): the elements after the leading ones nobody can
        tell (a base path the configuration gives), joined as path.Join does; None unless
        the unknown elements all come first and a known one follows."""
        if part["c"] != "path.Join" or not self._stdlib_path(file):
            return None
        vals = []
        for a in part["a"]:
            got, unknown = self.resolve(a, file, env, depth + 1)
            vals.append(None if unknown else got)
        lead = next((i for i, v in enumerate(vals) if v is not None), len(vals))
        if lead == 0 or lead == len(vals) or any(v is None for v in vals[lead:]):
            return None
        return "/" + go_path_join(vals[lead:]).lstrip("/")


def index_parts(expr: dict, depth: int = 0) -> list:
    """An argument expression of the index facts (`auditor.index.go`) as string parts (see
    `expr_parts`): literals, names, `pkg.Const` selectors, `+` concatenations, calls."""
    kind = expr.get("kind")
    if depth > 8:
        return [{"u": expr.get("text", "")[:80]}]
    if kind == "str":
        raw = expr.get("text", "")
        val = expr.get("value", "")
        if raw.startswith('"') and "\\" in val:
            val = val.replace('\\"', '"').replace("\\\\", "\\")
        return [{"s": val}]
    if kind == "name":
        return [{"n": expr.get("text", "")}]
    if kind == "attr" and re.fullmatch(r"[\w.]+", expr.get("text", "")):
        return [{"n": expr["text"]}]
    if kind == "binop" and expr.get("op") == "+" and len(expr.get("parts") or []) == 2:
        return index_parts(expr["parts"][0], depth + 1) + index_parts(expr["parts"][1],
                                                                      depth + 1)
    if kind == "call" and re.fullmatch(r"[\w.]+", expr.get("callee", "")) and \
            len(expr.get("args") or []) <= 4:
        return [{"c": expr["callee"], "a": [index_parts(a, depth + 1) for a in expr["args"]]}]
    return [{"u": expr.get("text", "")[:80]}]


def go_path_join(elems: list[str]) -> str:
    """Go's path.Join: the non-empty elements joined with "/" and passed to path.Clean."""
    joined = "/".join(e for e in elems if e)
    return go_path_clean(joined) if joined else ""


def go_path_clean(p: str) -> str:
    """Go's path.Clean: one slash between elements, "." and ".." resolved lexically, no
    trailing slash except for the root; "" is "."."""
    if not p:
        return "."
    rooted = p.startswith("/")
    out: list[str] = []
    for seg in p.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if out and out[-1] != "..":
                out.pop()
            elif not rooted:
                out.append("..")
            continue
        out.append(seg)
    body = "/".join(out)
    return ("/" + body) if rooted else (body or ".")


def _values(replay) -> _Values:
    got = getattr(replay, "_go_values", None)
    if got is None:
        got = _Values(replay)
        replay._go_values = got
    return got


def resolve_route_path(route, replay, unresolved: list) -> None:
    """A Go route whose path is an expression: its value, the method of a net/http
    "GET /p" pattern split off, a subtree pattern ("/static/") given its trailing wildcard."""
    parts = list(route.extra["go_path"])
    strings = route.extra.get("strings") or {}
    while parts and "n" in parts[0] and parts[0]["n"] in strings:
        # `method+" "+pattern` in a closure handed "GET": the bound leading strings first
        parts[0] = {"s": strings[parts[0]["n"]]}
    while len(parts) > 1 and "s" in parts[0] and "s" in parts[1] and len(parts[0]) == 1 \
            and len(parts[1]) == 1:
        parts[:2] = [{"s": parts[0]["s"] + parts[1]["s"]}]
    m = re.match(r"([A-Z]+) +", parts[0].get("s", "")) if parts and route.method == "ANY" else None
    if m and route.framework in ("nethttp", "gorilla", "chi", ""):
        # fmt.Sprintf("GET %vhealth", base): the method, then a path below an unknown base
        route.method = m.group(1)
        rest = parts[0]["s"][m.end():]
        parts = ([{"s": rest}] if rest else []) + parts[1:]
    path, unknown = _values(replay).resolve(parts, route.file, route.extra.get("strings") or {})
    if unknown and (not _leading_only(parts, unknown) or not path):
        # "/v" + version() + "/items", or a path that is all configuration
        # (`s.endpointPath("/oauth/token")` of a method that reads a field): no path to tell
        # (listed as built at run time, not as the root)
        return
    if unknown:
        route.extra = {**route.extra, "prefix_unresolved": True}
        unresolved.append({"file": route.file, "line": route.line,
                           "reason": f"path {route.path_text} has parts with no value in the code "
                                     f"({parts_text(unknown)}): listed without them"})
    method, path = split_pattern(route.method, path, route.framework)
    route.method, route.path = method, path


def _leading_only(parts: list, unknown: list) -> bool:
    """Whether the parts nobody could tell all come first (a base path from the configuration):
    the rest is then the path below that base."""
    n = len(unknown)
    return all(any(p is u for u in unknown) for p in parts[:n])


def _resolve_in(replay, file: str, scope: str, parts: list, strings: dict) -> tuple[str, list]:
    """(value, parts with no value) of a prefix expression, resolved in the function `scope`
    of `file` (`l.GetDomain()` is the method of l's type there)."""
    vals = _values(replay)
    vals.scope = (file, scope)
    try:
        return vals.resolve(parts, file, strings)
    finally:
        vals.scope = ("", "")


def resolve_prefix(replay, op: dict, file: str, line: int, strings: dict | None = None) -> str:
    """A group's or a mount's prefix written as an expression (`strings`: the string
    parameters the call being replayed bound)."""
    got, unknown = _resolve_in(replay, file, op.get("scope", ""), op["go_prefix"], strings or {})
    if unknown:
        replay.unresolved.append({"file": file, "line": line,
                                  "reason": f"prefix {parts_text(op['go_prefix'])} has parts "
                                            "with no value in the code: routes below it are "
                                            "listed without them"})
    return got


def resolve_prefix_parts(replay, route, parts: list) -> str | None:
    """The value of the prefix a route table's loop puts before each entry's path (`m.path +
    route.Path`), in the function that loops; None when a part has no value in the code."""
    got, unknown = _resolve_in(replay, route.file, route.scope, parts,
                               route.extra.get("strings") or {})
    return None if unknown else got


def split_pattern(method: str, path: str, framework: str) -> tuple[str, str]:
    """net/http patterns: "GET /p" carries its method (Go 1.22); "/static/" matches the whole
    subtree below it, written with a trailing wildcard."""
    if framework not in ("nethttp", "gorilla", "chi", ""):
        return method, path
    if method == "ANY" and (" " in path or "\t" in path):
        # Go's parsePattern cuts at the first space or tab: the method before it (none when
        # the pattern starts with the space: " /p" serves every method), the path after
        m, p = re.split(r"[ \t]", path, maxsplit=1)
        if m.isupper() or not m:
            method, path = m or method, p.lstrip(" \t")
    if framework == "nethttp" and len(path) > 1 and path.endswith("/"):
        path += "{path...}"
    return method, path
