"""TypeScript/JavaScript routers: Express (Router(), app.use(prefix, router) mounting,
route().get() chains, middleware arguments), NestJS (@Controller prefix + @Get/@Post...,
@UseGuards, setGlobalPrefix) and Next.js route handlers (app/**/route.ts exported GET/POST...,
pages/api/**)."""
from __future__ import annotations

import posixpath
import re

from auditor.endpoints.frameworks import Within, js_factory, nodes_of
from auditor.endpoints.auth import LOGIN_STRATEGY
from auditor.endpoints.profile import PASSWORD, SpanProfiler
from auditor.index.walk import text, walk, walk_types
from auditor.parse import kinds

MODULE = "<module>"
# (`ws`: express-ws's `app.ws(path, handler)` and `router.ws(...)`, a WebSocket route)
EXPRESS_METHODS = {"get", "post", "put", "delete", "patch", "options", "head", "all", "ws"}
NEST_METHODS = {"Get": "GET", "Post": "POST", "Put": "PUT", "Delete": "DELETE", "Patch": "PATCH",
                "Options": "OPTIONS", "Head": "HEAD", "All": "ANY"}
NEXT_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
ROUTERISH = re.compile(r"^(app|server|router|api|apiRouter|r|v\d+|\w*(Router|Routes|App|Api))$")
FUNC_TYPES = ("function_declaration", "method_definition", "arrow_function", "function_expression",
              "function")
# what the functions' credential checks are read from (`_auth_result`, `_delegate`)
BODY_KINDS = ("call_expression", "if_statement", "assignment_expression", "return_statement",
              "variable_declarator")
kinds.register(BODY_KINDS)  # answered by the file's one query (auditor.parse.kinds)
KINDS = ("import_statement", "variable_declarator", "function_declaration", "method_definition",
         "class_declaration", "export_statement", "assignment_expression", "for_in_statement",
         "(call_expression function: (member_expression))")  # _call reads no other call


def _s(node, data) -> str | None:
    if node is None:
        return None
    if node.type == "string":
        return text(node, data)[1:-1]
    if node.type == "template_string" and not any(c.type == "template_substitution"
                                                  for c in node.children):
        return text(node, data)[1:-1]
    return None


def _args(call) -> list:
    a = call.child_by_field_name("arguments")
    return [c for c in a.named_children if c.type != "comment"] if a is not None else []


def _name(node, data) -> str:
    if node.type in FUNC_TYPES:
        return f"func@{node.start_point[0] + 1}"
    return text(node, data)[:200]


_PASSPORT = re.compile(r"^(\w+\.(?:authenticate|authorize))\(\s*(['\"`][\w:-]+['\"`])")


# `const pauth = passport.authenticate.bind(passport)` (or `= passport.authenticate`): a name
# the routes then call as `pauth('github', opts)`
_PASSPORT_ALIAS = re.compile(rb"(?<![\w$.])([A-Za-z_$][\w$]*)\s*=\s*([A-Za-z_$][\w$]*)\."
                             rb"(authenticate|authorize)\b(?!\s*\()")
_alias_cache: list = [None, {}]


def _passport_aliases(data: bytes) -> dict[str, str]:
    if _alias_cache[0] is not data:
        found = {}
        if b"authenticate" in data or b"authorize" in data:
            for m in _PASSPORT_ALIAS.finditer(data):
                found[m.group(1).decode()] = f"{m.group(2).decode()}.{m.group(3).decode()}"
        _alias_cache[0], _alias_cache[1] = data, found
    return _alias_cache[1]


def _mw_name(node, data) -> str:
    """A route middleware's name, without its arguments, except Passport's strategy
    (`passport.authenticate('github')`, also through a local alias of it): which strategy
    runs decides whether the route is a login or guarded (auth.PASSPORT_LOGIN)."""
    name = _name(node, data)
    req = REQUIRE_CALL.match(" ".join(text(node, data, 200).split()))
    if req is not None and text(node, data, 200).replace(" ", "").rstrip(";") in (
            req.group(0).replace(" ", ""), req.group(0).replace(" ", "") + ".default"):
        # `app.use(PRIVATE, require("@middlewares/Auth").default)`: that module's default
        return "module:" + req.group(1)
    head = name.split("(", 1)[0].strip()
    if "(" in name and head in _passport_aliases(data):
        name = _passport_aliases(data)[head] + name[len(head):].lstrip()
    m = _PASSPORT.match(name)
    if m:
        return f"{m.group(1)}({m.group(2)})"
    if node.type == "call_expression" and (unless := _unless(node, data)) is not None:
        return unless
    if node.type == "call_expression":
        args = _args(node)
        if len(args) == 1 and args[0].type in ("identifier", "member_expression"):
            # `asyncHandler(auth.jwt)`: kept with what it wraps (a pass-through wrapper, the
            # resolver decides, runs that middleware)
            head = text(node.child_by_field_name("function"), data)[:100]
            return f"{head}({text(args[0], data)[:100]})"
    return name.split("(")[0]


def _unless(node, data) -> str | None:
    """express-unless (also express-jwt's `.unless`): `auth.unless({ path: ["/login",
    "/signup"] })` runs `auth` except for a request whose path (req.originalUrl, the whole
    path) is one listed: `auth(skip=;only=/login,/signup;unless=1)`, skipped only there
    (auth.skipped)."""
    got = _unless_parts(node, data)
    if got is None:
        return None
    name, paths = got
    return f"{name}(skip=;only={','.join(paths)};unless=1)" if paths else name


def _unless_parts(node, data) -> tuple[str, list[str]] | None:
    """(the middleware's name, the paths it is skipped for) of `mw.unless({ path: [...] })`;
    None for any other call. Regular expressions and `{url, methods}` entries are not read:
    the middleware stays on those routes."""
    fn = node.child_by_field_name("function")
    args = _args(node)
    if fn is None or fn.type != "member_expression" or len(args) != 1 or \
            text(fn.child_by_field_name("property"), data) != "unless" or args[0].type != "object":
        return None
    base = fn.child_by_field_name("object")
    name = _mw_name(base, data) if base is not None else ""
    if not name or "(skip=" in name:
        return None
    paths: list[str] = []
    for pair in args[0].named_children:
        if pair.type != "pair" or text(pair.child_by_field_name("key"), data).strip("'\"") != \
                "path":
            continue
        value = pair.child_by_field_name("value")
        items = value.named_children if value is not None and value.type == "array" else \
            [value] if value is not None else []
        for it in items:
            if it.type == "string":
                p = text(it, data)[1:-1]
                if p.startswith("/") and "," not in p and ";" not in p:
                    paths.append(p)
    return name, paths


_EXPORT_FN = FUNC_TYPES + ("generator_function", "generator_function_declaration")


def _export_fns(tree, data: bytes, ops: list[dict]) -> None:
    """CommonJS `exports.requiresLogin = function (req, res, next) {...}` (also
    `module.exports.x = ...`, arrows): a function record under the exported name, with its
    profile, for the routes that name it as middleware (`auth.requiresLogin`)."""
    prof = None
    for n in nodes_of(tree, ("assignment_expression",)):
        left = text(n.child_by_field_name("left"), data)
        right = n.child_by_field_name("right")
        if right is not None and right.type == "call_expression":
            # `exports.load = wrap(function* (req, res, next, id) {...})` (co, express-async-
            # handler, catchAsync): the function it wraps
            inner = [a for a in _args(right) if a.type in _EXPORT_FN]
            right = inner[0] if len(inner) == 1 else None
        if right is None or right.type not in _EXPORT_FN or not left.startswith(
                ("exports.", "module.exports.")) or left.count(".") != (
                1 if left.startswith("exports.") else 2):
            continue
        prof = prof or SpanProfiler(data)
        name = left.rsplit(".", 1)[-1]
        ops.append({"op": "fn", "scope": name, "name": name, "recv": "", "params": [],
                    "line": n.start_point[0] + 1, "end_line": n.end_point[0] + 1,
                    "auth": prof.for_span(right.start_byte, right.end_byte),
                    "parent_scope": "", "returns": []})


def extract(path: str, tree, data: bytes, ops: list[dict]) -> None:
    root = tree.root_node
    next_ops: list[dict] = []
    if b"exports." in data:
        _export_fns(tree, data, next_ops)
    _next_routes(path, root, data, next_ops)
    _consts(tree, data, next_ops)
    if not re.search(rb"express|Router\(|@nestjs|@Controller|setGlobalPrefix|require\(|import|"
                     rb"module\.exports|export\s*[{*]", data):
        # (`export { default } from "./x"` alone: a re-export is an import too)
        # (a module of the tree's own helpers, `module.exports = asyncHandler`, needs its
        # functions' records too)
        ops.extend(next_ops)
        return
    try:
        _extract(path, tree, data, ops)
    finally:
        # after the file's own function records: a handler's credential checks and the
        # middleware.ts verdict replace the plain profile of the same name
        ops.extend(next_ops)


def _returned_by_method(n, var: str, data) -> str:
    """The class whose method makes the router `var` and returns it (`return router`)."""
    m = n.parent
    while m is not None and m.type not in ("method_definition", "class_declaration", "program"):
        m = m.parent
    if m is None or m.type != "method_definition":
        return ""
    body = m.child_by_field_name("body")
    if body is None or not re.search(rb"\breturn\s+" + re.escape(var.encode()) + rb"\s*;?\s*\}?",
                                     data[body.start_byte:body.end_byte]):
        return ""
    return _enclosing_class_name(m, data)


def _enclosing_class_name(n, data) -> str:
    p = n.parent
    while p is not None and p.type not in ("class_declaration", "class", "program"):
        p = p.parent
    if p is None or p.type == "program":
        return ""
    name = p.child_by_field_name("name")
    return text(name, data) if name is not None else ""


_INSTANCE_USE = re.compile(r"^(?:new\s+([A-Za-z_$][\w$]*)\s*\([^()]*\)|([A-Za-z_$][\w$]*))"
                           r"\s*\.\s*[A-Za-z_$][\w$]*(?:\s*\(\s*\))?$")


def _instance_child(a, data, ctx) -> str:
    """The class whose instance a mounted argument is read from: `eventRouter.getRoutes()`
    after `const eventRouter = new EventRouter()`, `new EventRouter().router`; "" otherwise."""
    if ctx is None or a.type not in ("call_expression", "member_expression"):
        return ""
    m = _INSTANCE_USE.match(" ".join(text(a, data, 200).split()))
    if not m:
        return ""
    if m.group(1):
        return m.group(1)
    news = ctx.get("new_vars")
    if news is None:
        news = ctx["new_vars"] = {}
        for d in walk_types(ctx["root"], frozenset({"variable_declarator"})):
            v = d.child_by_field_name("value")
            nm = d.child_by_field_name("name")
            if v is not None and v.type == "new_expression" and nm is not None and \
                    nm.type == "identifier":
                c = v.child_by_field_name("constructor")
                if c is not None and c.type == "identifier":
                    news.setdefault(text(nm, data), text(c, data))
    return news.get(m.group(2), "")


def _field_functions(cls, data: bytes, ops: list[dict], prof) -> None:
    """A class's fields holding functions: `execute = async (req, res, next) => {...}` or one a
    wrapper is handed (`execute = catchAsync(async (req, res, next) => {...})`): methods by
    another spelling, recorded like a method (middleware read through an instance,
    `authMiddleware.execute`)."""
    body = cls.child_by_field_name("body")
    for m in (body.named_children if body is not None else ()):
        if m.type not in ("public_field_definition", "field_definition"):
            continue
        name = m.child_by_field_name("name") or m.child_by_field_name("property")
        v = m.child_by_field_name("value")
        if name is None or v is None:
            continue
        fn = v if v.type in ("arrow_function", "function_expression", "function") else None
        if fn is None and v.type == "call_expression":
            args = v.child_by_field_name("arguments")
            fn = next((a for a in (args.named_children if args is not None else ())[::-1]
                       if a.type in ("arrow_function", "function_expression", "function")), None)
        if fn is None:
            continue
        ops.append({"op": "fn", "scope": text(name, data), "name": text(name, data), "recv": "",
                    "params": [], "line": m.start_point[0] + 1, "end_line": m.end_point[0] + 1,
                    "auth": prof.for_span(fn.start_byte, fn.end_byte), "parent_scope": "",
                    "returns": []})


def _extract(path: str, tree, data: bytes, ops: list[dict]) -> None:
    root = tree.root_node
    routers: set[str] = set()
    prof = SpanProfiler(data)
    ctx: dict = {"arrays": {}, "imports": {}, "root": root, "path": path, "skip": set()}
    decls: dict = {}  # function declarations of the file: name -> (fn op, node)
    inside = Within(tree, BODY_KINDS)
    _nest_module_facts(tree, data, ops)
    for n in nodes_of(tree, KINDS):
        t = n.type
        if t == "import_statement":
            _import(n, data, ops, ctx)
        elif t == "variable_declarator":
            _declarator(n, data, ops, routers, prof, ctx)
        elif t in ("function_declaration", "method_definition"):
            nm = n.child_by_field_name("name")
            auth = prof.for_span(n.start_byte, n.end_byte)
            if t == "function_declaration" and (res := _auth_result(n, data, inside)):
                # (only the callers that stop on the field it hands back are guarded by it)
                auth = {**(auth or {}), **res}
            if t == "function_declaration" and (login := _login_strategy(n, data)):
                auth = {**(auth or {}), "login": login}
            op = {"op": "fn", "scope": text(nm, data) if nm is not None else "",
                  "name": text(nm, data) if nm is not None else "", "recv": "",
                  "params": [], "line": n.start_point[0] + 1,
                  "end_line": n.end_point[0] + 1,
                  "auth": auth, "parent_scope": "", "returns": []}
            if t == "function_declaration" and js_factory.passes_through(n, data):
                op["wraps"] = True  # asyncHandler(fn): the middleware it wraps runs
            if t == "function_declaration" and b".unless(" in data[n.start_byte:n.end_byte]:
                unless = _returned_unless(n, data)
                if unless:  # `function jwt() { return expressJwt({...}).unless({path}) }`
                    op["unless_paths"] = unless
            if t == "function_declaration":
                op.update(_served(n, data))
                if n.parent is not None and n.parent.type == "export_statement" and \
                        text(n.parent, data).startswith("export default"):
                    op["default_export"] = True
            if t == "function_declaration" and nm is not None:
                decls[text(nm, data)] = (op, n)
            ops.append(op)
        elif t == "class_declaration":
            _nest_class(n, data, ops)
            _guard_class(n, data, ops)
            _can_activate(n, data, ops, prof)
            _field_functions(n, data, ops, prof)
        elif t == "export_statement":
            val = n.child_by_field_name("value") or export_equals(n)
            if val is not None and val.type == "identifier":
                ops.append({"op": "alias", "scope": MODULE, "var": "default",
                            "of": text(val, data), "line": n.start_point[0] + 1})
            elif val is not None and (cls := _instance_child(val, data, ctx)):
                # `export default userRouter.getRouter()` with `const userRouter = new
                # UserRouter(ctrl)`: the router an instance of that class hands out
                ops.append({"op": "alias", "scope": MODULE, "var": "default", "of": cls,
                            "line": n.start_point[0] + 1})
            elif _anonymous_fn(val):
                # `export default async (req, res) => {...}`: a function of no name, the
                # module's default (a Next.js pages API handler): its profile under "default"
                ops.append(_default_fn(val, data, prof))
            _export_clause(n, data, ops)
        elif t == "assignment_expression":
            left = text(n.child_by_field_name("left"), data)
            right = n.child_by_field_name("right")
            if left in ("module.exports", "exports.default") and right is not None \
                    and right.type == "identifier":
                ops.append({"op": "alias", "scope": MODULE, "var": "default",
                            "of": text(right, data), "line": n.start_point[0] + 1})
            elif left == "module.exports" and _anonymous_fn(right):
                # `module.exports = (req, res, next) => {...}`: the module's default is that
                # function (`const restricted = require("./restricted")` names it)
                ops.append(_default_fn(right, data, prof))
            elif left == "module.exports" and right is not None:
                _cjs_exports(n, right, data, ops, prof)
            elif right is not None and right.type == "identifier" and \
                    re.fullmatch(r"(?:module\.)?exports\.[A-Za-z_$][\w$]*", left):
                # exports.api = apiRouter: the module's `api` is that router
                ops.append({"op": "alias", "scope": MODULE, "var": left.rsplit(".", 1)[1],
                            "of": text(right, data), "line": n.start_point[0] + 1})
            elif right is not None and right.type == "call_expression" and \
                    re.fullmatch(r"this\.#?[A-Za-z_$][\w$]*", left):
                # `this.app = express()` (`this.#app`) in a class that builds the server:
                # the field is the app its methods configure (`this.app.use(...)`)
                ftext = _REQUIRE_EXPRESS.sub("express", text(
                    right.child_by_field_name("function"), data))
                if ftext in ("express", "express.default") or ftext.endswith(".express"):
                    routers.add(left)
                    ops.append({"op": "new", "scope": MODULE, "var": left,
                                "framework": "express", "line": n.start_point[0] + 1})
                elif ftext in ("express.Router", "Router", "Express.Router"):
                    routers.add(left)
                    ops.append({"op": "new", "scope": MODULE, "var": left,
                                "framework": "express", "line": n.start_point[0] + 1,
                                "sub": True})
                    cls = _enclosing_class_name(n, data)
                    if cls:
                        # `class EventRouter { constructor() { this.router = Router(); ... }
                        # getRoutes() { return this.router } }`: an instance of the class,
                        # and what its methods hand out, is that router (`app.use('/events',
                        # new EventRouter().getRoutes())`, `_instance_child`)
                        ops.append({"op": "alias", "scope": MODULE, "var": cls, "of": left,
                                    "line": n.start_point[0] + 1})
        elif t == "for_in_statement":
            # for (const f of fs.readdirSync(dir)) { app.use('/api', require(...f...)) }
            right, left = n.child_by_field_name("right"), n.child_by_field_name("left")
            d = _readdir_dir(right, data, path)
            if d is not None and left is not None:
                var = left.named_children[-1] if left.named_children else left
                _dir_mounts(d, text(var, data), n.child_by_field_name("body"), data, ops, ctx)
        elif t == "call_expression":
            if n.start_byte in ctx["skip"]:
                continue
            _call(n, data, ops, routers, ctx)
    _delegated_rejections(decls, data, inside)


def _anonymous_fn(node) -> bool:
    return node is not None and node.type in ("arrow_function", "function_expression",
                                              "function") and \
        node.child_by_field_name("name") is None


def _default_fn(fn, data, prof) -> dict:
    """The function record of a module's default export written as a function of no name."""
    return {"op": "fn", "scope": "default", "name": "export default", "recv": "",
            "default_export": True, "params": [], "line": fn.start_point[0] + 1,
            "end_line": fn.end_point[0] + 1, "auth": prof.for_span(fn.start_byte, fn.end_byte),
            "parent_scope": "", "returns": [], **_served(fn, data)}


def _is_readdir(callee: str) -> bool:
    """`fs.readdirSync` or `readdirSync` (string tests: no regex to scan long callee text)."""
    head, _, last = callee.rpartition(".")
    return last == "readdirSync" and (not head or head.isidentifier())


def _readdir_dir(node, data, path: str) -> str | None:
    """The folder (relative to the scan root) a `readdirSync(...)` call lists, when it is
    written from `__dirname`: `path.join(__dirname, 'api')`, `path.resolve(__dirname, 'api')`,
    `__dirname + '/api'`, `__dirname`. A bare relative string is relative to the process's
    working folder, which the code does not tell."""
    while node is not None and node.type == "call_expression":
        fn = node.child_by_field_name("function")
        if fn is None:
            return None
        if _is_readdir(text(fn, data)):
            args = _args(node)
            return _dirname_expr(args[0], data, path) if args else None
        if fn.type == "member_expression" and text(fn.child_by_field_name("property"), data) in (
                "filter", "sort", "map"):
            node = fn.child_by_field_name("object")
            continue
        return None
    return None


def _dirname_expr(node, data, path: str) -> str | None:
    here = posixpath.dirname(path)
    parts: list[str] = []
    if node.type == "identifier" and text(node, data) == "__dirname":
        return here
    if node.type == "call_expression" and text(node.child_by_field_name("function"), data) in (
            "path.join", "path.resolve", "join", "resolve"):
        args = _args(node)
        if not args or text(args[0], data) != "__dirname":
            return None
        for a in args[1:]:
            v = _s(a, data)
            if v is None:
                return None
            parts.append(v)
    elif node.type == "binary_expression" and text(node.child_by_field_name("left"),
                                                    data) == "__dirname":
        v = _s(node.child_by_field_name("right"), data)
        if v is None:
            return None
        parts.append(v)
    else:
        return None
    out = posixpath.normpath(posixpath.join(here, *[p.strip("/") for p in parts if p.strip("/")]))
    return "" if out == "." else out


def _dir_mounts(folder: str, var: str, body, data, ops, ctx) -> None:
    """The body of a loop over the files of `folder` (each named `var`): every
    `app.use(prefix, X)` whose X is `require(...var...)` (directly, or through a local holding
    it, or `mod.default || mod`) mounts each module of the folder (its default export)."""
    if body is None or not var:
        return
    required: set[str] = set()
    for c in walk(body):
        if c.type == "variable_declarator":
            name, value = c.child_by_field_name("name"), c.child_by_field_name("value")
            if name is None or value is None or name.type != "identifier":
                continue
            if _requires_var(value, data, var) or any(
                    x.type == "identifier" and text(x, data) in required for x in walk(value)):
                required.add(text(name, data))
    for c in walk(body):
        if c.type != "call_expression":
            continue
        fn = c.child_by_field_name("function")
        if fn is None or fn.type != "member_expression" or \
                text(fn.child_by_field_name("property"), data) != "use":
            continue
        args = _args(c)
        if not args:
            continue
        child = args[-1]
        if not (_requires_var(child, data, var) or (
                child.type == "identifier" and text(child, data) in required)):
            continue
        prefix = _s(args[0], data) if len(args) >= 2 else ""
        if prefix is None:
            continue  # a mount path built from the file's name: not told here
        ctx["skip"].add(c.start_byte)
        ops.append({"op": "use_dir", "scope": MODULE,
                    "target": text(fn.child_by_field_name("object"), data), "prefix": prefix,
                    "dir": folder, "mw": [_mw_name(a, data) for a in args[1:-1]],
                    "line": c.start_point[0] + 1, "framework": "express"})


def _requires_var(node, data, var: str) -> bool:
    """`require(<an expression that uses var>)`."""
    if node.type != "call_expression" or text(node.child_by_field_name("function"),
                                               data) != "require":
        return False
    return any(x.type == "identifier" and text(x, data) == var for x in walk(node))


def _cjs_exports(n, right, data, ops, prof) -> None:
    """CommonJS `module.exports = { api: apiRouter, render }`: each key names what its value
    names (`require('./routes').api` is apiRouter), a function written as the value is the
    module's function of that name (`{ hmac: async function(req, res, next) {...} }`, what
    `auth.hmac` names with `const auth = require('./auth')`); `module.exports =
    require('./routes')` re-exports that module whole."""
    line = n.start_point[0] + 1
    if right.type == "object":
        for c in right.named_children:
            if c.type == "shorthand_property_identifier":
                name = text(c, data)
                ops.append({"op": "alias", "scope": MODULE, "var": name, "of": name,
                            "line": line})
            elif c.type == "pair":
                k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
                key = _s(k, data) if k is not None and k.type == "string" else (
                    text(k, data) if k is not None and k.type == "property_identifier" else None)
                if key and v is not None and v.type == "identifier":
                    ops.append({"op": "alias", "scope": MODULE, "var": key,
                                "of": text(v, data), "line": line})
                elif key and key.isidentifier() and _anonymous_fn(v):
                    ops.append({**_default_fn(v, data, prof), "scope": key, "name": key,
                                "default_export": False})
    elif right.type == "call_expression" and text(right.child_by_field_name("function"),
                                                  data) == "require":
        args = _args(right)
        mod = _s(args[0], data) if args else None
        if mod:
            ops.append({"op": "import", "alias": REEXPORT, "module": mod, "name": "",
                        "line": line})


REEXPORT = "*reexport"


def _export_clause(n, data, ops) -> None:
    """ES module re-exports: `export { router as record }` names a binding of this module under
    another name; `export { router as record } from './record'` and `export * from './record'`
    hand on another module's bindings (an index file that gathers the routers)."""
    src = n.child_by_field_name("source")
    mod = _s(src, data) if src is not None else None
    line = n.start_point[0] + 1
    clause = next((c for c in n.named_children if c.type == "export_clause"), None)
    if clause is None:
        if mod and any(c.type == "*" for c in n.children):
            ops.append({"op": "import", "alias": REEXPORT, "module": mod, "name": "",
                        "line": line})
        return
    for spec in clause.named_children:
        if spec.type != "export_specifier":
            continue
        nm = spec.child_by_field_name("name")
        al = spec.child_by_field_name("alias")
        if nm is None:
            continue
        name = _s(nm, data) if nm.type == "string" else text(nm, data)
        exported = (_s(al, data) if al.type == "string" else text(al, data)) \
            if al is not None else name
        if not name or not exported:
            continue
        if mod:
            ops.append({"op": "import", "alias": exported, "module": mod, "name": name,
                        "line": line})
        elif exported != name:
            ops.append({"op": "alias", "scope": MODULE, "var": exported, "of": name,
                        "line": line})


def _import(n, data, ops, ctx=None) -> None:
    src = n.child_by_field_name("source")
    mod = _s(src, data) if src is not None else None
    if not mod:
        return
    line = n.start_point[0] + 1
    first = len(ops)
    for c in walk(n):
        if c.type == "import_clause":
            for cc in c.named_children:
                if cc.type == "identifier":
                    ops.append({"op": "import", "alias": text(cc, data), "module": mod,
                                "name": "default", "line": line})
        elif c.type == "import_specifier":
            name = text(c.child_by_field_name("name"), data)
            alias = c.child_by_field_name("alias")
            ops.append({"op": "import", "alias": text(alias, data) if alias is not None else name,
                        "module": mod, "name": name, "line": line})
        elif c.type == "namespace_import":
            ids = [x for x in c.named_children if x.type == "identifier"]
            if ids:
                ops.append({"op": "import", "alias": text(ids[0], data), "module": mod,
                            "name": "", "line": line})
    if ctx is not None:
        for op in ops[first:]:
            ctx["imports"][op["alias"]] = (mod, op["name"])


def _login_strategy(node, data) -> str:
    """The Passport strategy a middleware runs when it is a login (`passport.authenticate(
    'local', cb)(req, res, next)` inside it, or `passport.authenticate('github')` itself):
    local, OAuth and OpenID strategies take the login, not a credential every request must
    carry (a per-request strategy such as jwt or bearer is a guard: "")."""
    from auditor.endpoints.auth import PASSPORT_PER_REQUEST

    strategy = js_factory._strategy(node, data, {})
    return strategy if strategy and not PASSPORT_PER_REQUEST.fullmatch(strategy) else ""


def _declarator(n, data, ops, routers, prof, ctx=None) -> None:
    name = n.child_by_field_name("name")
    value = n.child_by_field_name("value")
    if name is None or value is None:
        return
    var = text(name, data)
    line = n.start_point[0] + 1
    ctx = ctx if ctx is not None else {"arrays": {}, "imports": {}}
    if value.type in ("array", "new_expression"):
        # const routes = [{ path: '/auth', route: authRoute }, ...], new Map([['/a', f], ...]),
        # ['/a', '/b']: read by the loops that register routes over them
        elements = _elements(value, data)
        if elements:
            ctx["arrays"][var] = elements
        return
    if value.type == "object":
        ctx.setdefault("objects", {})[var] = value
        # const auth = { required: jwt({...}), optional: jwt({... credentialsRequired: false}) }
        for key, v in _object_fields(value, data).items():
            _member_fn(key, v, n, data, ops, prof, ctx)
        return
    if name.type == "object_pattern" and value.type == "call_expression" and text(
            value.child_by_field_name("function"), data) == "require":
        # const { expressjwt: jwt } = require('express-jwt')
        args = _args(value)
        mod = _s(args[0], data) if args else None
        _var, fields = _pattern(name, data)
        for local, key in (fields.items() if mod else ()):
            ops.append({"op": "import", "alias": local, "module": mod, "name": key,
                        "line": line})
            ctx["imports"][local] = (mod, key)
        return
    guard = _auth_factory(value, data, ctx)
    if guard is not None:
        # const requireAuth = expressjwt({...}): a middleware made by an auth library
        ops.append({"op": "fn", "scope": var, "name": var, "recv": "", "params": [],
                    "line": line, "end_line": n.end_point[0] + 1, "auth": guard,
                    "parent_scope": "", "returns": []})
        return
    if value.type in ("arrow_function", "function_expression", "function"):
        # const requireAuth = (req, res, next) => {...}: a middleware or handler by name
        op = {"op": "fn", "scope": var, "name": var, "recv": "", "params": [],
              "line": line, "end_line": n.end_point[0] + 1,
              "auth": prof.for_span(value.start_byte, value.end_byte),
              "parent_scope": "", "returns": []}
        if login := _login_strategy(value, data):
            op["auth"] = {**(op["auth"] or {}), "login": login}
        if js_factory.passes_through(value, data):
            op["wraps"] = True  # const catchAsync = fn => (req, res, next) => fn(req, res, next)
        ops.append(op)
        return
    if value.type in ("call_expression", "new_expression"):
        fn = value.child_by_field_name("function") or value.child_by_field_name("constructor")
        ftext = text(fn, data) if fn is not None else ""
        made = _made_by_local_factory(fn, value, data, ctx)
        if made is None and ftext.endswith((".authenticate", ".authorize")) and \
                (login := _login_strategy(value, data)):
            # const githubAuth = passport.authenticate('github'): the provider's login itself
            made = {"reads_credential": False, "rejects": False, "next_on_missing": False,
                    "login": login}
        if made is None and ftext.endswith(".authenticate") and \
                _import_source(data, ftext.split(".", 1)[0]) == "passport" and \
                (strategies := _per_request_strategies(value, data)):
            # const isLoggedIn = passport.authenticate('jwt', { session: false }): Passport
            # answers 401 when the strategy fails (no custom callback given); the 'anonymous'
            # strategy among them lets such a request through
            made = dict(OPTIONAL) if "anonymous" in strategies else dict(REQUIRED)
        if made is not None:
            # const jwtLoose = authenticate("jwt", "Unauthorized.", false): what the factory of
            # this file makes with these arguments
            ops.append({"op": "fn", "scope": var, "name": var, "recv": "", "params": [],
                        "line": line, "end_line": n.end_point[0] + 1, "auth": made,
                        "parent_scope": "", "returns": []})
            return
        wrapped = _args(value)
        if wrapped and wrapped[-1].type in ("arrow_function", "function_expression", "function"):
            # export const GET = auth(async function GET(req) {...}): the wrapped function is
            # the handler, and what it checks is the route's
            ops.append({"op": "fn", "scope": var, "name": var, "recv": "", "params": [],
                        "line": line, "end_line": n.end_point[0] + 1,
                        "auth": prof.for_span(wrapped[-1].start_byte, wrapped[-1].end_byte),
                        "parent_scope": "", "returns": []})
        if ftext == "require":
            args = _args(value)
            mod = _s(args[0], data) if args else None
            if mod:
                ops.append({"op": "import", "alias": var, "module": mod, "name": "default",
                            "line": line})
            return
        ftext = _REQUIRE_EXPRESS.sub("express", ftext)  # require('express').Router()
        if ftext in ("express", "express.default") or ftext.endswith("express"):
            routers.add(var)
            ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "express",
                        "line": line})
        elif ftext in ("express.Router", "Router", "Express.Router"):
            routers.add(var)
            ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "express",
                        "line": line, "sub": True})
            cls = _returned_by_method(n, var, data)
            if cls:
                # `class UserRouter { getRouter() { const router = Router(); ...; return
                # router } }`: an instance of the class hands out that router
                ops.append({"op": "alias", "scope": MODULE, "var": cls, "of": var,
                            "line": line})
        elif ftext.endswith("NestFactory.create"):
            ops.append({"op": "nest_app", "scope": MODULE, "var": var.strip(), "line": line,
                        "root": _nest_root(value, data)})
    elif value.type == "await_expression":
        inner = value.named_children[0] if value.named_children else None
        if inner is not None and inner.type == "call_expression" \
                and text(inner.child_by_field_name("function"), data).endswith(
                    "NestFactory.create"):
            ops.append({"op": "nest_app", "scope": MODULE, "var": var, "line": line,
                        "root": _nest_root(inner, data)})


def _nest_root(call, data) -> str:
    """The root module `NestFactory.create(AppModule, ...)` loads, when a name."""
    args = _args(call)
    return text(args[0], data) if args and args[0].type == "identifier" else ""


def _made_by_local_factory(fn, call, data, ctx) -> dict | None:
    """The auth profile of the middleware a function of this file makes when called with these
    arguments (js_factory.made_profile), or None."""
    if fn is None or fn.type != "identifier" or ctx is None or ctx.get("root") is None:
        return None
    local = ctx.get("local_fns")
    if local is None:
        local = ctx["local_fns"] = _local_fns(ctx["root"], data)
    factory = local.get(text(fn, data))
    if factory is None:
        return None
    return js_factory.made_profile(factory, _args(call), data)


def _is_router_ctor(node, data) -> bool:
    """express(), express.Router(), Router(), new Router()."""
    if node is None or node.type not in ("call_expression", "new_expression"):
        return False
    fn = node.child_by_field_name("function") or node.child_by_field_name("constructor")
    ftext = _REQUIRE_EXPRESS.sub("express", text(fn, data)) if fn is not None else ""
    return ftext in ("express", "express.default", "express.Router", "Router", "Express.Router",
                     "express.default.Router")


# `require('express')` written where the module is used: `require('express').Router()`
_REQUIRE_EXPRESS = re.compile(r"^require\(\s*['\"]express['\"]\s*\)")


def _unroll(n, data):
    """a.b(x).c(y).d(z) -> (a, [(b, call), (c, call), (d, call)]) innermost link first."""
    links = []
    cur = n
    while cur.type == "call_expression":
        fn = cur.child_by_field_name("function")
        if fn is None or fn.type != "member_expression":
            break
        links.append((text(fn.child_by_field_name("property"), data), cur))
        cur = fn.child_by_field_name("object")
    links.reverse()
    return cur, links


def _is_inner_link(n) -> bool:
    """The call is the object of a member call: `x.use(a)` in `x.use(a).use(b)`."""
    p = n.parent
    if p is None or p.type != "member_expression" or p.child_by_field_name("object") != n:
        return False
    gp = p.parent
    return gp is not None and gp.type == "call_expression" and gp.child_by_field_name(
        "function") == p


def _anon_var(n, data) -> str:
    """The name an anonymous router expression gets from where it stands: the declared
    variable, the default export, module.exports."""
    p = n.parent
    while p is not None and p.type in ("parenthesized_expression", "await_expression",
                                       "as_expression"):
        p = p.parent
    if p is not None and p.type == "variable_declarator":
        return text(p.child_by_field_name("name"), data)
    if p is not None and p.type == "export_statement":
        return "default"
    if p is not None and p.type == "assignment_expression":
        left = text(p.child_by_field_name("left"), data)
        if left in ("module.exports", "exports.default"):
            return "default"
        return left
    return f"router@{n.start_point[0] + 1}"


_PATH_LIST_TEST = re.compile(r"^\(?\s*\[([^\]]*)\]\s*\.includes\(\s*req(?:uest)?\.(?:path|url|"
                             r"originalUrl)\s*\)\s*\)?$")
_MW_CALL = re.compile(r"^(?:return\s+)?(?:await\s+)?([A-Za-z_$][\w$.]*)\(\s*req\s*,\s*res\s*,\s*"
                      r"next\s*\)\s*;?$")


def _path_gate(fn, data) -> dict | None:
    """An inline middleware that lets the paths of a literal list through and hands every
    other request to a middleware of the tree: `(req, res, next) => { if (['/api/login',
    ...].includes(req.path)) { next(); } else { requireAuth(req, res, next); } }`.
    {"delegates_mw": "requireAuth", "exempt_lists": {"values": [...], "exact": True}}; None
    for any other body."""
    body = fn.child_by_field_name("body")
    stmts = [c for c in (body.named_children if body is not None else ())
             if c.type != "comment"]
    if len(stmts) != 1 or stmts[0].type != "if_statement":
        return None
    st = stmts[0]
    m = _PATH_LIST_TEST.match(text(st.child_by_field_name("condition"), data).strip())
    cons, alt = st.child_by_field_name("consequence"), st.child_by_field_name("alternative")
    if m is None or cons is None or alt is None:
        return None

    def only(node) -> str:
        kids = [c for c in (node.named_children if node.type in ("statement_block",
                                                                  "else_clause") else [node])
                if c.type != "comment"]
        if len(kids) == 1 and kids[0].type == "statement_block":
            return only(kids[0])
        return re.sub(r"\s+", " ", text(kids[0], data)).strip() if len(kids) == 1 else ""

    if not re.fullmatch(r"(?:return\s+)?next\(\s*\)\s*;?", only(cons)):
        return None
    mw = _MW_CALL.match(only(alt))
    paths = [p for p in re.findall(r"['\"`]([^'\"`]+)['\"`]", m.group(1)) if p.startswith("/")]
    if mw is None or not paths:
        return None
    return {"delegates_mw": mw.group(1), "exempt_lists": {"values": paths, "exact": True}}


def export_equals(node):
    """The expression of TypeScript's `export = router;` (CommonJS's `module.exports =`, the
    module's default for `import x from`/`require`), or None for any other export."""
    kids = node.children
    if len(kids) >= 3 and kids[0].type == "export" and kids[1].type == "=":
        return kids[2]
    return None


def _call(n, data, ops, routers, ctx=None) -> None:
    fn = n.child_by_field_name("function")
    if fn is None or fn.type != "member_expression":
        return
    prop = text(fn.child_by_field_name("property"), data)
    args = _args(n)
    line = n.start_point[0] + 1
    if prop == "setGlobalPrefix" and args:
        op = {"op": "nest_prefix", "scope": MODULE, "prefix": _s(args[0], data) or "",
              "line": line}
        op.update(_nest_prefix_extra(args, data))
        ops.append(op)
        return
    if prop == "useGlobalGuards":
        ops.append({"op": "nest_guards", "scope": MODULE,
                    "mw": [_guard_name(a, data) for a in args], "line": line})
        return
    if prop == "enableVersioning":
        ops.append({"op": "nest_versioning", "scope": MODULE, "line": line,
                    **_nest_versioning(args, data)})
        return
    if prop == "forEach" and args and args[0].type in ("arrow_function", "function_expression",
                                                     "function") and ctx is not None:
        # readdirSync(path.join(__dirname, 'api')).forEach((r) => app.use('/api', require(...)))
        d = _readdir_dir(fn.child_by_field_name("object"), data, ctx.get("path", ""))
        if d is not None:
            params = args[0].child_by_field_name("parameters") or \
                args[0].child_by_field_name("parameter")
            first = None
            if params is not None:
                ids = [x for x in walk(params) if x.type == "identifier"]
                first = ids[0] if ids else None
            if first is not None:
                _dir_mounts(d, text(first, data), args[0].child_by_field_name("body"), data, ops,
                            ctx)
            return
    if _is_inner_link(n):
        return  # the outermost call of the chain replays every link in order
    base, links = _unroll(n, data)
    if _is_router_ctor(base, data):
        target = _anon_var(n, data)
        routers.add(target)
        ops.append({"op": "new", "scope": MODULE, "var": target, "framework": "express",
                    "line": base.start_point[0] + 1})
    else:
        target = text(base, data)
        known = target in routers or ROUTERISH.match(target.rsplit(".", 1)[-1] or "")
        if not known or _awaited_value(n, data) or \
                any(lp in ("then", "catch", "finally") for lp, _c in links):
            return
    route_path = None
    for lprop, call in links:
        largs = _args(call)
        lline = call.start_point[0] + 1
        if lprop == "route":
            route_path = largs[0] if largs else None
            continue
        for vargs in _bindings(call, largs, data, ctx):
            _link(target, lprop, vargs, route_path, lline, data, ops, ctx)


def _awaited_value(n, data) -> bool:
    """The call's value is a promise the code waits for: `await api.post('/x', body)`,
    `api.get('/x', opts).then(...)`. Express's `app.get(path, handler)` returns the app
    itself (for chaining), never a promise: such a call is an HTTP client's request (an
    axios instance named `api`), not a route registration."""
    p = n.parent
    while p is not None and p.type in ("parenthesized_expression", "as_expression",
                                       "non_null_expression"):
        p = p.parent
    if p is None:
        return False
    if p.type == "await_expression":
        return True
    if p.type == "return_statement" and n.child_by_field_name("type_arguments") is not None:
        # `return api.post<ITimerStatus>('/timer/toggle', body)`: a typed request whose response
        # the function hands back (Express's registration returns the app, which nobody types)
        return True
    return p.type == "member_expression" and p.child_by_field_name("object") is not None and \
        text(p.child_by_field_name("property"), data) in ("then", "catch", "finally")


# what no Express handler is: `router.post(path, ...handlers)` takes functions (or arrays of
# them) and throws on anything else; `api.post('/auth/refresh', { refresh_token })` is an
# HTTP client sending a body
_NOT_HANDLER = frozenset({"object", "string", "number", "template_string", "true", "false",
                          "null", "undefined", "regex"})


def _passes_on(fn, data) -> bool:
    """An inline Express handler `(req, res, next) => { log(req); next(); }` that never touches
    the response and calls `next`: it answers nothing, the request goes on to the next
    matching route (a logging or checking step written with `router.all('/', ...)`)."""
    if fn.type not in ("arrow_function", "function_expression", "function"):
        return False
    params = fn.child_by_field_name("parameters")
    names = [text(p, data) for p in (params.named_children if params is not None else [])]
    names = [re.split(r"[\s:=?]", n, maxsplit=1)[0] for n in names]
    if len(names) < 3:
        return False
    body = fn.child_by_field_name("body")
    if body is None:
        return False
    res, nxt = names[1], names[2]
    # (`successResponse({ res, data })` hands the response on in a shorthand property)
    used = {text(x, data) for x in walk(body)
            if x.type in ("identifier", "shorthand_property_identifier")}
    calls_next = any(x.type == "call_expression" and
                     text(x.child_by_field_name("function"), data) == nxt for x in walk(body))
    return calls_next and res not in used


def _link(target, prop, args, route_path, line, data, ops, ctx=None) -> None:
    if prop == "ws" and (not args or args[-1].type == "object"):
        return  # (uWebSockets.js `app.ws('/*', {open, message})`: behaviours, no handler)
    if prop in EXPRESS_METHODS and args and args[-1].type in _NOT_HANDLER and \
            (route_path is not None or len(args) >= 2):
        return
    if prop in EXPRESS_METHODS and args and _passes_on(args[-1], data) and \
            (route_path is not None or len(args) >= 2):
        return
    if prop in EXPRESS_METHODS and len(args) >= 2 and args[0].type == "parenthesized_expression" \
            and args[0].named_children:
        args = [args[0].named_children[0], *args[1:]]  # router.get(('/a/:id/runs'), h)
    if prop in EXPRESS_METHODS and route_path is not None:
        if args:
            ops.append(_inline_checks(_route(target, prop, route_path, args, line, data),
                                      wrapped_handler(args[-1]) or args[-1], data, ops))
            _inline_middleware((_flat_args(args) or args)[:-1], data, ops, ctx)
            _inline_handler(wrapped_handler(args[-1]) or args[-1], data, ops, ctx)
        return
    if prop in EXPRESS_METHODS and len(args) >= 2:
        p = _s(args[0], data)
        if p is None and args[0].type not in ("identifier", "binary_expression", "template_string",
                                             "member_expression"):
            return
        if p is not None and not p.startswith("/") and p not in ("*", ""):
            # (path-to-regexp: "login" never matches a path, which starts with "/"; "" matches
            # the router's own path, as "/" does)
            return
        ops.append(_inline_checks(_route(target, prop, args[0], args[1:], line, data),
                                  wrapped_handler(args[-1]) or args[-1], data, ops))
        _inline_middleware((_flat_args(args[1:]) or args[1:])[:-1], data, ops, ctx)
        _inline_handler(wrapped_handler(args[-1]) or args[-1], data, ops, ctx)
        return
    if prop == "param" and len(args) == 2 and _s(args[0], data):
        # Express: `app.param('id', articles.load)` runs the loader before every route of this
        # router whose path has `:id` (router-local, looked up at request time)
        ops.append({"op": "param", "scope": MODULE, "target": target,
                    "name": _s(args[0], data), "fn": _mw_name(args[1], data), "line": line,
                    "framework": "express"})
        return
    if prop == "use" and args:
        prefix = _s(args[0], data)
        parts = str_parts(args[0], data) if prefix is None and len(args) >= 2 else None
        # a path written as an expression (`/${apiURL}`, API + '/v1') is the mount path; a
        # name (`app.use(api, routes)`, `app.use(auth.required, routes)`) is one when the code
        # gives it a string value (decided at replay), else it is a middleware
        maybe = parts is not None and args[0].type in ("identifier", "member_expression")
        rest = args[1:] if prefix is not None or (parts is not None and not maybe) else args
        # (`app.use('/api', [userRoutes, adminRoutes])`: Express flattens arrays of middleware
        # and routers, as it does a route's handlers)
        rest = _flat_args(rest) or rest
        op = {"op": "use", "scope": MODULE, "target": target, "prefix": prefix,
              "mw": [_mw_name(a, data) for a in rest],
              "children": [_instance_child(a, data, ctx) or text(a, data) for a in rest],
              "line": line, "framework": "express"}
        if parts is not None:
            op["prefix_parts"], op["prefix_maybe"] = parts, maybe
            each = _dir_each(parts, op["children"], data) if b"readdirSync" in data else None
            if each is not None:
                op["dir_each"] = each
        ops.append(op)
        _inline_middleware(rest, data, ops, ctx)
        if prefix is not None and prefix.startswith("/") and prefix != "/" and rest and \
                _answers_all(rest[-1], data):
            # `app.use('/stationery', (req, res) => res.redirect(...))`: a function mounted at
            # a path that answers and never hands on serves every method and every path below
            # it (Express matches a mount path as a prefix): an endpoint, as `app.all` is
            ops.append(_inline_checks(_route(target, "all", args[0], list(rest), line, data),
                                      rest[-1], data, ops))


def _answers_all(fn, data) -> bool:
    """An inline function that ends the request: it takes (req, res) or never calls its
    `next`, and answers through the response, but not only a not-found answer (a mounted
    404 fallback is no endpoint)."""
    if fn.type not in ("arrow_function", "function_expression", "function"):
        return False
    params = fn.child_by_field_name("parameters")
    names = [re.split(r"[\s:=?]", text(p, data), maxsplit=1)[0]
             for p in (params.named_children if params is not None else [])]
    body = fn.child_by_field_name("body")
    if body is None or len(names) not in (2, 3):
        return False
    used = {text(x, data) for x in walk(body)
            if x.type in ("identifier", "shorthand_property_identifier")}
    if names[1] not in used or (len(names) == 3 and names[2] in used):
        return False
    return re.search(rb"\b404\b|not.?found", data[body.start_byte:body.end_byte], re.I) is None


def _dir_each(parts, children: list, data: bytes) -> dict | None:
    """`fs.readdirSync(dir).forEach(file => router.use(`/${name}`, require(`./${name}`)))`
    (`name` the file's name without its extension): every module beside this one is mounted
    at its own name, but the names the loop compares `name` against to leave out (`name !==
    'index'`). {"var": name, "exclude": [...]}, read at replay against the tree's files."""
    if len(parts) != 2 or parts[0] != {"s": "/"} or "n" not in parts[1] or len(children) != 1:
        return None
    var = parts[1]["n"]
    if not re.fullmatch(r"[A-Za-z_$][\w$]{0,40}", var or "") or \
            re.fullmatch(r"require\(\s*`\./\$\{" + re.escape(var) + r"\}(?:\.js)?`\s*\)",
                         children[0] or "") is None:
        return None
    text_ = data.decode("utf-8", "replace")
    names = re.findall(r"\b" + re.escape(var) + r"\s*!==?\s*['\"]([\w.-]{1,60})['\"]", text_) + \
        re.findall(r"['\"]([\w.-]{1,60})['\"]\s*!==?\s*" + re.escape(var) + r"\b", text_)
    return {"var": var, "exclude": sorted(set(names))}


def _bindings(call, args, data, ctx) -> list[list]:
    """The argument lists a registration really receives: inside `ROUTES.forEach((r) =>
    router.use(r.path, r.route))` (or `for (const r of ROUTES)`), `r.path` is each element's
    property of a constant array of object literals declared in the file; likewise each
    string of a literal array, each `[path, file]` pair of a literal `new Map([...])` or array
    of pairs, and each key or value of a literal object looped through `Object.entries` /
    `keys` / `values` (or `for...in`): the loop is unrolled, up to `LOOP_LIMIT` elements."""
    if not any(a.type in ("member_expression", "identifier") for a in args):
        return [args]
    binding = _loop_binding(call, data, ctx or {})
    if binding is None:
        return [args]
    var, fields, elements = binding
    out = []
    for el in elements:
        sub = []
        for a in args:
            if a.type == "member_expression" and text(a.child_by_field_name("object"),
                                                      data) == var:
                key = text(a.child_by_field_name("property"), data)
                sub.append(el.get(key, a))
            elif a.type == "identifier" and text(a, data) in fields:
                sub.append(el.get(fields[text(a, data)], a))
            elif a.type == "identifier" and var and text(a, data) == var:
                sub.append(el.get("", a))  # the element itself (a string of the array)
            else:
                sub.append(a)
        out.append(sub)
    return out or [args]


LOOP_LIMIT = 200  # elements of a literal collection a registration loop is unrolled over


def _elements(node, data) -> list[dict] | None:
    """The elements of a literal collection, each as {key: node}: an object's fields, a pair's
    "0" and "1", a string's "" (`[{...}]`, `[['/a', f]]`, `new Map([...])`, `['/a', '/b']`)."""
    if node is not None and node.type == "new_expression" and text(
            node.child_by_field_name("constructor"), data) in ("Map", "Set"):
        a = node.child_by_field_name("arguments")
        args = [c for c in a.named_children if c.type != "comment"] if a is not None else []
        node = args[0] if len(args) == 1 else None
    if node is None or node.type != "array" or node.named_child_count > LOOP_LIMIT:
        return None
    out = []
    for e in node.named_children:
        if e.type == "object":
            out.append(_object_fields(e, data))
        elif e.type == "array":
            out.append({str(i): c for i, c in enumerate(x for x in e.named_children
                                                        if x.type != "comment")})
        elif e.type in ("string", "template_string"):
            out.append({"": e})
    return out or None


def _collection(node, data, ctx) -> list[dict] | None:
    """The elements a loop runs over, when its collection is a literal one: a constant of the
    file, a literal written in the loop, or `Object.entries/keys/values` of a literal object."""
    if node is None:
        return None
    if node.type == "identifier":
        return ctx.get("arrays", {}).get(text(node, data))
    if node.type in ("array", "new_expression"):
        return _elements(node, data)
    if node.type == "call_expression":
        fn = text(node.child_by_field_name("function"), data)
        args = _args(node)
        if fn not in ("Object.entries", "Object.keys", "Object.values") or len(args) != 1:
            return None
        obj = args[0]
        if obj.type == "identifier":
            obj = ctx.get("objects", {}).get(text(obj, data))
        return _object_items(obj, data, fn.rsplit(".", 1)[-1])
    return None


def _object_items(obj, data, kind: str) -> list[dict] | None:
    """`entries` -> [{"0": key, "1": value}], `keys` -> [{"": key}], `values` -> [{"": value}]
    of a literal object whose keys are strings."""
    if obj is None or obj.type != "object" or obj.named_child_count > LOOP_LIMIT:
        return None
    out = []
    for pair in obj.named_children:
        if pair.type != "pair":
            continue
        key, val = pair.child_by_field_name("key"), pair.child_by_field_name("value")
        if key is None or key.type != "string":
            continue
        out.append({"0": key, "1": val} if kind == "entries" else
                   {"": key if kind == "keys" else val})
    return out or None


def _loop_binding(node, data, ctx):
    """(element variable, {destructured local: key}, [element dicts]) of the nearest enclosing
    loop over a literal collection."""
    p = node.parent
    depth = 0
    while p is not None and depth < 40:
        depth += 1
        if p.type in ("arrow_function", "function_expression", "function"):
            args = p.parent
            call = args.parent if args is not None and args.type == "arguments" else None
            if call is not None and call.type == "call_expression":
                cfn = call.child_by_field_name("function")
                if cfn is not None and cfn.type == "member_expression" and text(
                        cfn.child_by_field_name("property"), data) in ("forEach", "map"):
                    elements = _collection(cfn.child_by_field_name("object"), data, ctx)
                    if elements:
                        params = p.child_by_field_name("parameters")
                        first = p.child_by_field_name("parameter")
                        if first is None and params is not None and params.named_children:
                            first = params.named_children[0]
                        if first is not None and first.type in ("required_parameter",
                                                                "optional_parameter"):
                            first = first.child_by_field_name("pattern") or first
                        return _pattern(first, data) + (elements,)
            return None
        if p.type == "for_in_statement":
            right = p.child_by_field_name("right")
            op = p.child_by_field_name("operator")
            if op is not None and text(op, data) == "in":  # for (const k in obj): its keys
                obj = right if right is None or right.type != "identifier" else \
                    ctx.get("objects", {}).get(text(right, data))
                elements = _object_items(obj, data, "keys")
            else:
                elements = _collection(right, data, ctx)
            if elements:
                return _pattern(p.child_by_field_name("left"), data) + (elements,)
        p = p.parent
    return None


def _pattern(node, data) -> tuple[str, dict]:
    if node is None:
        return "", {}
    if node.type == "array_pattern":  # [path, file] of a pair
        return "", {text(c, data): str(i) for i, c in enumerate(node.named_children)
                    if c.type == "identifier"}
    if node.type == "object_pattern":
        fields = {}
        for c in node.named_children:
            if c.type == "shorthand_property_identifier_pattern":
                fields[text(c, data)] = text(c, data)
            elif c.type == "pair_pattern":
                fields[text(c.child_by_field_name("value"), data)] = text(
                    c.child_by_field_name("key"), data)
        return "", fields
    return text(node, data), {}


def _object_fields(obj, data) -> dict:
    out = {}
    for pair in obj.named_children:
        if pair.type == "pair":
            key = pair.child_by_field_name("key")
            k = _s(key, data) if key.type == "string" else text(key, data)
            out[k] = pair.child_by_field_name("value")
        elif pair.type == "shorthand_property_identifier":
            out[text(pair, data)] = pair
    return out


# Middleware factories of auth libraries: (module, exported name) -> the option that, set to
# false, lets requests without credentials through.
AUTH_FACTORIES = {("express-jwt", "expressjwt"): "credentialsRequired",
                  ("express-jwt", "default"): "credentialsRequired",
                  ("express-jwt", ""): "credentialsRequired",
                  ("express-oauth2-jwt-bearer", "auth"): "authRequired",
                  ("express-oauth2-jwt-bearer", "requiredScopes"): "",
                  ("@clerk/express", "requireAuth"): "",
                  ("@clerk/clerk-sdk-node", "ClerkExpressRequireAuth"): ""}
REQUIRED = {"reads_credential": True, "rejects": True, "next_on_missing": False}
OPTIONAL = {"reads_credential": True, "rejects": False, "next_on_missing": True}


def _per_request_strategies(call, data) -> list[str]:
    """The strategies of `passport.authenticate('jwt', opts)` / `(['jwt', 'anonymous'])` when
    each is one a request carries (a token, a key, basic auth) and no callback decides
    instead; [] otherwise (a login strategy, a custom callback)."""
    from auditor.endpoints.auth import PASSPORT_PER_REQUEST

    args = _args(call)
    if not args or any(a.type in FUNC_TYPES for a in args[1:]):
        return []
    first = args[0]
    names = [_s(e, data) for e in first.named_children] if first.type == "array" else \
        [_s(first, data)]
    if not names or not all(n and PASSPORT_PER_REQUEST.fullmatch(n) for n in names):
        return []
    return names


def _auth_factory(value, data, ctx) -> dict | None:
    """The auth profile of `jwt({...})` when jwt is an auth library's middleware factory."""
    if value is None or value.type != "call_expression":
        return None
    fn = value.child_by_field_name("function")
    ftext = text(fn, data) if fn is not None else ""
    head, _, rest = ftext.partition(".")
    mod, name = ctx["imports"].get(head, ("", None))
    if name is None:
        return None
    key = (mod, rest or name) if not name else (mod, name)
    if key not in AUTH_FACTORIES and (mod, name) not in AUTH_FACTORIES:
        return None
    flag = AUTH_FACTORIES.get(key, AUTH_FACTORIES.get((mod, name), ""))
    args = _args(value)
    if flag and args and args[0].type == "object":
        v = _object_fields(args[0], data).get(flag)
        if v is not None and text(v, data) == "false":
            return dict(OPTIONAL)
    return dict(REQUIRED)


def _member_fn(key, v, n, data, ops, prof, ctx) -> None:
    """A function-valued property of a module-level object: `auth.required` as middleware."""
    if v is None:
        return
    guard = _auth_factory(v, data, ctx)
    if guard is None and v.type in ("arrow_function", "function_expression", "function"):
        guard = prof.for_span(v.start_byte, v.end_byte)
    if not guard or not guard.get("reads_credential"):
        return
    ops.append({"op": "fn", "scope": key, "name": key, "recv": "", "params": [],
                "line": v.start_point[0] + 1, "end_line": v.end_point[0] + 1, "auth": guard,
                "parent_scope": "", "returns": []})


def _file_profiler(ctx, data) -> SpanProfiler:
    """One SpanProfiler per file for the functions written in place (its indexes of the
    file's credential reads and refusals are built once)."""
    if ctx is None:
        return SpanProfiler(data)
    if "prof" not in ctx:
        ctx["prof"] = SpanProfiler(data)
    return ctx["prof"]


def _inline_middleware(mws, data, ops: list, ctx) -> None:
    """A middleware written in place (`router.use((req, res, next) => { req.user ? next() :
    res.status(401).send() })`, or before a route's handler): a function record under its
    `func@line` name, with its profile, for the route's verdict to read as it reads a named
    one's, when it refuses requests (one that lets a literal list of paths through and hands
    the rest to a named middleware says so too, `_path_gate`)."""
    for a in mws:
        if a.type not in ("arrow_function", "function_expression", "function"):
            continue
        params = a.child_by_field_name("parameters")
        if params is not None and len(params.named_children) >= 4:
            continue  # `(err, req, res, next) => ...`: an error handler, run only on errors
        prof = _file_profiler(ctx, data)
        gate = _path_gate(a, data) or {}
        auth = {} if gate else prof.for_span(a.start_byte, a.end_byte)
        if not gate and not auth.get("rejects"):
            # one that refuses nothing (`res.locals.user = req.user; next()`) guards nothing;
            # with no record its name decides, and `func@4` names nothing
            continue
        ops.append({"op": "fn", "scope": _name(a, data), "name": _name(a, data), "recv": "",
                    "params": [], "line": a.start_point[0] + 1, "end_line": a.end_point[0] + 1,
                    "auth": auth, "parent_scope": "", "returns": [], "inline_mw": True, **gate})


def _inline_handler(a, data, ops: list, ctx) -> None:
    """A route handler written in place that reads a credential and refuses with 401/403
    (`(req, res) => { if (!req.session.userId) { res.sendStatus(401); return; } ... }`): its
    record, found by its line as a declared function's is, so that its own check counts."""
    if a.type not in ("arrow_function", "function_expression", "function"):
        return
    line = a.start_point[0] + 1
    if any(o.get("op") == "fn" and o.get("line") == line for o in ops[-8:]):
        return
    auth = _file_profiler(ctx, data).for_span(a.start_byte, a.end_byte)
    if not (auth.get("rejects") and (auth.get("reads_credential") or auth.get("guard_test"))) \
            and not auth.get("session_user"):
        return
    if auth.get("rejects") and _refuses_only_present(text(a, data)):
        return  # `if (token && token !== expected) 403`: a request without one goes on
    ops.append({"op": "fn", "scope": _name(a, data), "name": _name(a, data), "recv": "",
                "params": [], "line": line, "end_line": a.end_point[0] + 1, "auth": auth,
                "parent_scope": "", "returns": []})


_IF_COND = re.compile(r"\bif\s*\(([^(){}]{0,300}(?:\([^(){}]*\)[^(){}]{0,200})*)\)\s*(?:\{[^{}]{0,300}?|"
                      r"[^;{}]{0,200}?)(?:\b40[13]\b|[Uu]nauthori[sz]ed|[Ff]orbidden)")
_REQ_HELD = re.compile(r"(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*\(?\s*req(?:uest)?\."
                        r"(?:headers|cookies|query|session|get\()")


def _refuses_only_present(code: str) -> bool:
    """Every 401/403 of the handler hangs on a condition that needs the credential it read to
    be there (`const tok = req.headers["x-token"]; if (expected && tok && tok !== expected)`):
    a request that sends none is served."""
    held = {m.group(1) for m in _REQ_HELD.finditer(code)}
    conds = [m.group(1) for m in _IF_COND.finditer(code)]
    if not held or not conds:
        return False
    return all(any(t.strip() in held for t in c.split("&&")[:-1]) for c in conds)


def _inline_checks(op: dict, handler, data, ops: list) -> dict:
    """An Express route whose handler is written in place and tests the request itself
    (`const user = await getUserViewFromRequest(req); if (!user) return res.status(401)...`):
    the test is the route's last middleware, with a record of its own per route (the same
    helper may be a required check in one handler and an optional read in the next)."""
    if handler.type not in ("arrow_function", "function_expression", "function"):
        return op
    body = handler.child_by_field_name("body")
    if body is None or body.type != "statement_block":
        return op
    found: list[dict] = []
    names = _handler_guards(_stmts(body), data, "", handler, found)
    # only a call named for reading the credential (`getUserViewFromRequest(req)`), not a
    # token the handler makes (`jwt.sign(...)` then `if (!token) throw`) in a login
    found = [f for f in found if READS_CRED.search(f["scope"].split("(", 1)[0].rsplit(".", 1)[-1])]
    own = {f["scope"] for f in found}  # (not a function of the tree whose record decides)
    names = [n for n in names if n in own]
    if not names:
        return op
    at = f"@{op['handler_line']}"
    for f in found:
        ops.append({**f, "scope": f["scope"] + at, "name": f["name"] + at})
    op["mw"] = op["mw"] + [n + at for n in names]
    return op


def wrapped_handler(node):
    """`expressAsyncHandler(async (req, res) => {...})` written in the route: the function the
    call is handed (its last argument, the only function among them) serves the request, the
    called wrapper runs around it (express-async-handler, catchAsync, `withAuth(fn)`). None for
    anything else."""
    if node.type != "call_expression":
        return None
    args = _args(node)
    fns = [a for a in args if a.type in FUNC_TYPES]
    return fns[0] if len(fns) == 1 and args[-1] is fns[0] else None


def _flat_args(rest) -> list:
    """Express flattens arrays of handlers (`app.get(p, [checkToken, isAdmin], h)`: router's
    `flatten(slice.call(arguments, 1))`): their elements, in order."""
    out = []
    for a in rest:
        if a.type == "array" and a.named_children:
            out.extend(_flat_args([c for c in a.named_children if c.type != "comment"]))
        else:
            out.append(a)
    return out


def _route(target, method, path_node, rest, line, data) -> dict:
    rest = _flat_args(rest) or rest
    handler = rest[-1]
    mw = [_mw_name(a, data) for a in rest[:-1]]
    inner = wrapped_handler(handler)
    if inner is not None:
        mw.append(_mw_name(handler, data))  # the wrapper: middleware around the function
        handler = inner
    op = {"op": "route", "scope": MODULE, "target": target,
          "method": "ANY" if method == "all" else method.upper(),
          "path": _s(path_node, data), "path_text": text(path_node, data)[:200],
          "handler": _name(handler, data), "handler_line": handler.start_point[0] + 1,
          "mw": mw, "line": line, "framework": "express"}
    if op["path"] is None and path_node.type in ("template_string", "binary_expression"):
        parts = str_parts(path_node, data)
        if parts is not None:
            op["extra"] = {"ts_path_parts": parts}
    return op


def str_parts(node, data, depth: int = 0) -> list[dict] | None:
    """A string expression as parts to resolve at replay: {"s": literal}, {"n": a name or a
    member path of the code}, {"env": variable} (`process.env.X` with no default in the code);
    `/${apiURL}`, API + '/v1', process.env.X || 'api' (the code's default), `keys.app.apiURL`.
    None for anything else (a call, a function)."""
    if node is None or depth > 8:
        return None
    while node.type in ("parenthesized_expression", "as_expression", "satisfies_expression",
                        "non_null_expression") and node.named_children:
        node = node.named_children[0]
    v = _s(node, data)
    if v is not None:
        return [{"s": v}]
    t = node.type
    if t == "template_string":
        out: list[dict] = []
        for c in node.children:
            if c.type == "string_fragment":
                out.append({"s": text(c, data)})
            elif c.type == "escape_sequence":
                return None
            elif c.type == "template_substitution":
                inner = c.named_children[0] if c.named_children else None
                got = str_parts(inner, data, depth + 1)
                if got is None:
                    return None
                out.extend(got)
        return out
    if t == "binary_expression":
        op = text(node.child_by_field_name("operator"), data)
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if op == "+":
            a, b = str_parts(left, data, depth + 1), str_parts(right, data, depth + 1)
            return a + b if a is not None and b is not None else None
        if op in ("||", "??"):  # process.env.X || 'api': the code's own default
            return str_parts(right, data, depth + 1)
        return None
    if t in ("identifier", "member_expression"):
        name = re.sub(r"\s+", "", text(node, data))
        if len(name) > 200 or not re.fullmatch(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*", name):
            return None
        if name.startswith("process.env.") and name.count(".") == 2:
            return [{"env": name.rsplit(".", 1)[1]}]
        if name.startswith("this.") and name.count(".") == 1:
            v = _this_field(node, name[5:], data)
            if v is not None:  # `${this.path}/:id` with `path = "/user"` in the class
                return [{"s": v}]
        return [{"n": name}]
    return None


def _this_field(node, field: str, data) -> str | None:
    """The string a class gives its field `field` (`path: string = "/user"`, `public path =
    '/posts'`, or `this.path = "/user"` in its constructor) when that is the only value the
    class writes there; None otherwise."""
    cls = node.parent
    while cls is not None and cls.type not in ("class_declaration", "class",
                                               "abstract_class_declaration"):
        cls = cls.parent
    body = cls.child_by_field_name("body") if cls is not None else None
    if body is None:
        return None
    values: list = []
    for m in body.named_children:
        if m.type in ("public_field_definition", "field_definition"):
            name = m.child_by_field_name("name") or m.child_by_field_name("property")
            if name is not None and text(name, data) == field:
                v = m.child_by_field_name("value")
                values.append(_s(v, data) if v is not None else None)
        elif m.type == "method_definition":
            mb = m.child_by_field_name("body")
            if mb is None or f"this.{field}".encode() not in data[mb.start_byte:mb.end_byte]:
                continue
            for a in walk(mb):
                if a.type == "assignment_expression" and \
                        text(a.child_by_field_name("left"), data).replace(" ", "") == f"this.{field}":
                    values.append(_s(a.child_by_field_name("right"), data))
    vals = [v for v in values if v is not None]
    return vals[0] if len(values) == 1 and len(vals) == 1 else None


def _nest_prefix_extra(args, data) -> dict:
    """setGlobalPrefix(prefix, {exclude}): a prefix that is a default, a config key or a
    constant, and the routes excluded from it."""
    out: dict = {}
    p = _default_str(args[0], data)
    if p is not None:
        out["prefix"] = p
    elif args[0].type == "call_expression":
        fn = text(args[0].child_by_field_name("function"), data)
        cargs = _args(args[0])
        key = _s(cargs[0], data) if cargs else None
        if key and fn.rsplit(".", 1)[-1] in ("get", "getOrThrow"):
            out["config_key"] = key
            d = _default_str(cargs[1], data) if len(cargs) > 1 else None
            if d is not None:
                out["prefix"] = d
    elif args[0].type in ("identifier", "member_expression"):
        out["const"] = text(args[0], data)
        local = _block_const(args[0], data) if args[0].type == "identifier" else None
        if local is not None:  # `const globalPrefix = "api"; app.setGlobalPrefix(globalPrefix)`
            out["prefix"] = local
        elif args[0].type == "identifier":
            # `const globalPrefix = configService.get<string>('app.globalPrefix')!;` then
            # `app.setGlobalPrefix(globalPrefix)`: the config key, as when passed in place
            value = _block_decl_value(args[0], data)
            while value is not None and value.type in ("non_null_expression", "as_expression",
                                                       "parenthesized_expression",
                                                       "satisfies_expression"):
                value = value.named_children[0] if value.named_children else None
            if value is not None and value.type == "call_expression":
                got = _nest_prefix_extra([value], data)
                got.pop("exclude", None)
                out.update({k: v for k, v in got.items() if k in ("config_key", "prefix")})
    if len(args) > 1 and args[1].type == "object":
        ex = _object_fields(args[1], data).get("exclude")
        if ex is not None and ex.type == "array":
            out["exclude"] = [_route_info(e, data) for e in ex.named_children]
    return out


def _block_const(ident, data) -> str | None:
    """The string a name holds where it is used, when a block enclosing the use declares it
    `const name = '...'` before it (JavaScript block scoping: the nearest enclosing block that
    declares the name decides; a `let`/`var` or a non-string value there gives None)."""
    value = _block_decl_value(ident, data)
    return _s(value, data) if value is not None else None


def _block_decl_value(ident, data):
    """The value node of the `const` declaration of `ident`'s name in the nearest enclosing
    block that declares it before the use; None for a `let`/`var` or no declaration."""
    name = text(ident, data)
    n = ident.parent
    while n is not None:
        if n.type in ("statement_block", "program"):
            for st in n.named_children:
                if st.start_byte >= ident.start_byte:
                    break
                if st.type not in ("lexical_declaration", "variable_declaration"):
                    continue
                for d in st.named_children:
                    if d.type == "variable_declarator" and \
                            text(d.child_by_field_name("name"), data) == name:
                        if st.type != "lexical_declaration" or \
                                not text(st, data).startswith("const"):
                            return None
                        return d.child_by_field_name("value")
        n = n.parent
    return None


def _nest_versioning(args, data) -> dict:
    """enableVersioning({type, defaultVersion, prefix}); URI is the default type."""
    out = {"type": "URI", "default": None, "vprefix": "v"}
    if args and args[0].type == "object":
        f = _object_fields(args[0], data)
        if f.get("type") is not None:
            out["type"] = text(f["type"], data).rsplit(".", 1)[-1].upper()
        out["default"] = _version(f.get("defaultVersion"), data)
        if f.get("prefix") is not None:
            out["vprefix"] = "" if text(f["prefix"], data) == "false" else (
                _s(f["prefix"], data) or "v")
    return out


def _guard_name(node, data) -> str:
    t = text(node, data)
    if node.type == "new_expression":
        t = t[4:].strip()
    if t.startswith("AuthGuard(") and "anonymous" not in t:
        # @nestjs/passport AuthGuard('jwt' | 'jwt-refresh' | [...]): rejects without a valid
        # credential whatever the strategy is called; a login's strategy (`AuthGuard('local')`)
        # keeps its name (the route is the login: endpoints._endpoint)
        m = re.match(r"""AuthGuard\(\s*['"`]([\w:-]+)['"`]\s*\)$""", t)
        if m is not None and LOGIN_STRATEGY.fullmatch(m.group(1)):
            return f'AuthGuard("{m.group(1)}")'
        return "AuthGuard"
    return t.split("(")[0] if not t.startswith("AuthGuard") else t.replace("'", '"')


def _guard_class(n, data, ops) -> None:
    """A NestJS guard class built on another guard (`class CreateShareGuard extends JwtGuard`,
    `class JwtGuard extends AuthGuard('jwt')`): what its `canActivate` does with the parent's
    answer. `return super.canActivate(ctx)` or `if (await super.canActivate(ctx)) return true`
    keep the parent's verdict (`used`); `await super.canActivate(ctx);` as a statement only lets
    the parent load the user when there is one, the guard deciding on other grounds
    (`discarded`); no `canActivate` of its own inherits the parent's (`inherit`)."""
    name = n.child_by_field_name("name")
    heritage = next((c for c in n.children if c.type == "class_heritage"), None)
    ext = next((c for c in (heritage.children if heritage is not None else [])
                if c.type == "extends_clause"), None)
    base = ext.named_children[0] if ext is not None and ext.named_children else None
    if name is None or base is None:
        return
    can = _method_of(n, data, "canActivate")
    if can is None:
        use = "inherit"
    else:
        use = "none"
        for c in walk(can):
            if c.type == "call_expression" and text(c.child_by_field_name("function"),
                                                     data) == "super.canActivate":
                p = c.parent
                while p is not None and p.type in ("await_expression", "parenthesized_expression",
                                                   "as_expression"):
                    p = p.parent
                use = "discarded" if p is not None and p.type == "expression_statement" \
                    else "used"
                if use == "used":
                    break
    op = {"op": "nest_guard_class", "scope": MODULE, "name": text(name, data),
          "base": _guard_name(base, data).split("(", 1)[0], "super": use,
          "line": n.start_point[0] + 1}
    values = skip_values(text(can, data)) if can is not None else {}
    if values:
        op["skip_values"] = values
    m = re.match(r"^AuthGuard\(\s*['\"`]([\w:-]+)['\"`]", text(base, data))
    if m:
        op["strategy"] = m.group(1)  # @nestjs/passport AuthGuard('local')
    elif (m := re.match(r"^AuthGuard\(\s*([A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*)\s*,?\s*\)$",
                        text(base, data))) is not None:
        op["strategy_expr"] = m.group(1)  # AuthGuard(StrategyName.LOCAL): an enum's value
    handle = _method_of(n, data, "handleRequest")
    if handle is not None and not any(c.type == "throw_statement" for c in walk(handle)) and \
            "super.handleRequest" not in text(handle, data):
        # @nestjs/passport: AuthGuard's handleRequest throws UnauthorizedException when the
        # strategy found no user; an override that never throws hands back whatever it got
        # (`return user`): a request without a credential goes through, the user unset
        op["passes_anonymous"] = True
    ops.append(op)


def _method_of(cls, data, name: str):
    """The method `name` a class declaration defines itself, or None."""
    body = cls.child_by_field_name("body")
    return next((c for c in (body.named_children if body is not None else [])
                 if c.type == "method_definition"
                 and text(c.child_by_field_name("name"), data) == name), None)


def _can_activate(n, data, ops, prof) -> None:
    """A NestJS guard class of its own (`class RefreshTokenGuard implements CanActivate`): its
    `canActivate` is what runs for `@UseGuards(RefreshTokenGuard)`, recorded under the class's
    name (the method's own name is every guard's). A guard built on another one is
    `_guard_class`'s."""
    name = n.child_by_field_name("name")
    heritage = next((c for c in n.children if c.type == "class_heritage"), None)
    if name is None or heritage is None or \
            any(c.type == "extends_clause" for c in heritage.children):
        return
    can = _method_of(n, data, "canActivate")
    if can is None:
        return
    body = text(can, data)
    skip = skip_keys(body)
    allow = _allowing_values(n, body, data)
    values = skip_values(body)
    auth = prof.for_span(can.start_byte, can.end_byte)
    if not auth.get("rejects") and not re.search(r"\bthrow\b|\breturn\s+false\b", body) and \
            not _hands_request_out(n, body, data) and \
            (auth.get("reads_credential") or
             prof.for_span(n.start_byte, n.end_byte).get("reads_credential")):
        # a guard that reads the token (itself or in a method of its class) and lets every
        # request in (`request.userId = token ? payload.userId : null; return true`): the
        # routes are served with or without a credential
        auth = {**auth, "reads_credential": True, "next_on_missing": True}
    ops.append({"op": "fn", "scope": text(name, data), "name": text(name, data), "recv": "",
                "params": [], "line": can.start_point[0] + 1, "end_line": can.end_point[0] + 1,
                "auth": auth, "parent_scope": "",
                "returns": [], **({"skip_keys": skip} if skip else {}),
                **({"allow_values": allow} if allow else {}),
                **({"skip_values": values} if values else {})})


def _hands_request_out(cls, body: str, data) -> bool:
    """Whether `canActivate` hands the request (or the context) to a call other than a method
    of its own class (`this.apiKeyService.validate(request)` may throw for it)."""
    members = cls.child_by_field_name("body")
    own = {text(c.child_by_field_name("name"), data)
           for c in (members.named_children if members is not None else ())
           if c.type == "method_definition"}
    for m in re.finditer(r"([\w$.]+)\s*\(([^()]*\b(?:request|req|context|ctx)\b[^()]*)\)", body):
        callee = m.group(1)
        if callee.startswith("this.") and callee[5:] in own or callee in own:
            continue  # (a method of the class, or the method's own signature)
        if callee.endswith(("switchToHttp", "getRequest", "getResponse", "getHandler",
                            "getClass", "getAllAndOverride", "get")):
            continue
        return True
    return False


# `[AuthType.None]: { canActivate: () => true }` in a guard's table of guards per value
_ALLOW_ENTRY = re.compile(r"\[\s*([A-Za-z_$][\w$.]*)\s*\]\s*:\s*\{\s*canActivate\s*"
                          r"(?::\s*(?:async\s*)?"
                          r"\(\s*\)\s*=>\s*true|\(\s*\)\s*\{\s*return\s+true\s*;?\s*\})\s*,?\s*\}")


def _allowing_values(cls, can_text: str, data) -> dict:
    """{metadata key: [values]} of a guard that reads a key with the Reflector and picks,
    per value the route's decorator set, a guard from a table of its own in which some values
    let every request in (`this.authTypeGuardMap = {[AuthType.Bearer]: this.accessTokenGuard,
    [AuthType.None]: { canActivate: () => true }}`, NestJS's documented authentication
    design): a route whose decorator sets that key to such a value (`@Auth(AuthType.None)`)
    is public."""
    body = text(cls, data)
    values = list(dict.fromkeys(m.group(1) for m in _ALLOW_ENTRY.finditer(body)))
    if not values:
        return {}
    keys = [m.group(1).strip("'\"") for m in _REFLECTED.finditer(can_text)]
    return {k: values for k in keys}


_REFLECTED = re.compile(r"\.(?:getAllAndOverride|getAllAndMerge|get)\s*(?:<[^>()]*>)?\(\s*"
                        r"([A-Za-z_$][\w$.]*|['\"][\w:.-]+['\"])\s*,")


def skip_values(body: str) -> dict[str, list[str]]:
    """{metadata key: [values]} a NestJS guard's `canActivate` answers `true` for when the
    route's metadata under that key holds one of them (`const names = this.reflector
    .getAllAndOverride<GuardName[]>(PUBLIC_GUARDS_KEY, [...]); if (names?.includes(
    GuardName.JwtGuard)) return true;`): a route whose decorator lists that value skips this
    guard, another value does not."""
    from auditor.endpoints.profile import CREDENTIAL, REJECT

    out: dict[str, list[str]] = {}
    for m in _REFLECTED.finditer(body):
        if CREDENTIAL.search(body, 0, m.start()) or REJECT.search(body, 0, m.start()):
            break
        before = body[max(0, m.start() - 200):m.start()]
        var = re.search(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*"
                        r"(?:await\s+)?[\w.$\s]*$", before)
        if var is None:
            continue
        test = re.search(r"\bif\s*\(\s*" + re.escape(var.group(1)) +
                         r"\??\.includes\(\s*([A-Za-z_$][\w$.]*)\s*\)\s*\)\s*\{?\s*"
                         r"return\s+true\b", body[m.end():m.end() + 600])
        if test is not None:
            out.setdefault(m.group(1).strip("'\""), []).append(test.group(1))
    return out


def skip_keys(body: str) -> list[str]:
    """The metadata keys a NestJS guard's `canActivate` reads with the Reflector and answers
    `true` for before its own check (`const skip = this.reflector.getAllAndOverride(
    SKIP_GUARDS_KEY, [...]); if (skip?.includes(AuthGuard.name)) return true;`): a route whose
    decorator sets that key (`SetMetadata(SKIP_GUARDS_KEY, ...)`) is let through by it. A key
    read once the credential was checked (`PERMISSION_OPTIONAL` after the token) skips only
    what follows it."""
    from auditor.endpoints.profile import CREDENTIAL, REJECT

    out = []
    for m in _REFLECTED.finditer(body):
        if CREDENTIAL.search(body, 0, m.start()) or REJECT.search(body, 0, m.start()):
            break  # read after the credential was checked: it skips what follows, not that
        before = body[max(0, m.start() - 200):m.start()]
        rest = body[m.end():m.end() + 400]
        inline = re.search(r"\bif\s*\(\s*(?:await\s+)?[\w.$\s]*$", before)
        var = re.search(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*"
                        r"(?:await\s+)?[\w.$\s]*$", before)
        if inline is not None:
            # `if (this.reflector.getAllAndOverride(KEY, ...)?.includes(...)) { return true }`
            close = rest.find(")\n") if ")\n" in rest else rest.find(")")
            ok = re.match(r"[^{};]*\)\s*\{?\s*return\s+true\b", rest) is not None or \
                re.search(r"^\s*\{?\s*return\s+true\b", rest[close + 1:close + 80]) \
                is not None
        elif var is not None:
            # `const skip = this.reflector.get(KEY, ...); if (skip) return true;`
            ok = re.search(r"\bif\s*\(\s*" + re.escape(var.group(1)) +
                           r"\b(?:\?\.[^)]*\)|\.[^)]*\)|\s*\)|\s*&&[^)]*\))\s*\{?\s*"
                           r"return\s+true\b", rest) is not None
        else:
            ok = False
        key = m.group(1).strip("'\"")
        if ok and key not in out:
            out.append(key)
    return out


def _deco_call(d, data):
    expr = d.named_children[0] if d.named_children else None
    if expr is None:
        return "", []
    if expr.type == "call_expression":
        return text(expr.child_by_field_name("function"), data), _args(expr)
    return text(expr, data), []


PUBLIC_MARK = re.compile(r"public|anonymous|skip_?auth|no_?auth|allow_?any|unauthenticated",
                         re.IGNORECASE)


def _version(node, data):
    """@Version('1') / version: ['1', '2'] / VERSION_NEUTRAL -> a list of versions ('' = neutral)."""
    if node is None:
        return None
    if node.type == "array":
        out = [_version(c, data) for c in node.named_children]
        return [v for vs in out if vs for v in vs] or None
    v = _s(node, data)
    if v is not None:
        return [v]
    if text(node, data).endswith("VERSION_NEUTRAL"):
        return [""]
    return None


def _nest_class(n, data, ops) -> None:
    """A NestJS controller class; or an @overnightjs/core one (Express underneath: its
    `@Middleware(...)` / `@ClassMiddleware(...)` are Express middleware run before the method,
    its `@ChildControllers([new A()])` mount A's routes below this controller's path)."""
    decos = [c for c in n.children if c.type == "decorator"]
    if n.parent is not None and n.parent.type == "export_statement":
        decos = [c for c in n.parent.children if c.type == "decorator"] + decos
    overnight = b"@overnightjs/core" in data
    # routing-controllers (typestack): `@JsonController("/habits")` / `@Controller` classes
    # whose `@Get`/`@Post` methods it registers on Express; `@Authorized()` runs the app's
    # authorizationChecker, a `@CurrentUser()` parameter its currentUserChecker
    rc = b"routing-controllers" in data
    fw = "express" if overnight or rc else "nestjs"
    prefix = None
    guards: list[str] = []
    others: list[str] = []
    children: list[str] = []
    ctrl_version = None
    deco_args: dict[str, list[str]] = {}  # (`@Auth(AuthType.None)`: what the guard maps)
    gateway = None
    for d in decos:
        name, args = _deco_call(d, data)
        if overnight and name == "ClassMiddleware":
            guards.extend(_overnight_middleware(args, data))
        elif overnight and name == "ChildControllers":
            for a in (args[0].named_children if args and args[0].type == "array" else args):
                if a.type == "new_expression":
                    a = a.child_by_field_name("constructor")
                if a is not None and a.type == "identifier":
                    children.append(text(a, data))
        elif rc and name == "Authorized":
            guards.append("Authorized")
        elif name == "Controller" or (rc and name == "JsonController"):
            prefix = ""
            if args:
                p = _s(args[0], data)
                if p is None and args[0].type == "object":
                    fields = _object_fields(args[0], data)
                    p = _s(fields.get("path"), data)
                    ctrl_version = _version(fields.get("version"), data)
                prefix = p if p is not None else ""
        elif name == "UseGuards":
            guards.extend(_guard_name(a, data) for a in args)
        elif name in ("Public", "AllowAnonymous", "SkipAuth"):
            guards.append("@" + name)
        elif name == "WebSocketGateway" and not rc and not overnight:
            gateway = _gateway_path(args, data)
        elif name and name not in ("Injectable", "ApiTags", "ApiBearerAuth"):
            others.append(name)
            if args:
                deco_args.setdefault(name, []).extend(text(a, data)[:80] for a in args[:4])
    is_gateway = gateway is not None and prefix is None
    if is_gateway:
        prefix = ""
    if prefix is None:
        return
    cname = text(n.child_by_field_name("name"), data)
    var = f"class:{cname}"
    line = n.start_point[0] + 1
    ops.append({"op": "new", "scope": MODULE, "var": var, "framework": fw, "line": line,
                "prefix": prefix, "mw": guards})
    if is_gateway:
        # a NestJS gateway: one WebSocket endpoint, where the app's adapter listens (socket.io's
        # `/socket.io` by default, the `ws` adapter's `/`; the decorator's `path` option), outside
        # the global prefix; the class's guards run on its messages
        ops.append({"op": "route", "scope": MODULE, "target": var, "method": "WS",
                    "path": gateway or "/socket.io", "path_text": repr(gateway or "/socket.io"),
                    "handler": cname, "handler_line": line, "mw": [], "line": line,
                    "framework": fw, "extra": {"nest_gateway": True, "controller": cname,
                                               **({} if gateway else {"default_path": True})}})
        return
    if overnight:
        # the class is what other modules import and hand to @ChildControllers / addControllers
        ops.append({"op": "alias", "scope": MODULE, "var": cname, "of": var, "line": line})
        for child in children:
            ops.append({"op": "mount", "scope": MODULE, "target": var, "prefix": "",
                        "child": child, "line": line, "framework": fw})
    body = n.child_by_field_name("body")
    pending: list = []
    for c in (body.named_children if body is not None else []):
        if c.type == "decorator":
            pending.append(c)
            continue
        if c.type == "comment":
            continue  # (`@Post('list')`, then `// @Version('2')`, then the method)
        if c.type != "method_definition":
            pending = []
            continue
        mdecos = pending + [x for x in c.children if x.type == "decorator"]
        pending = []
        mname = text(c.child_by_field_name("name"), data)
        routes, mguards, mothers = [], [], []
        margs: dict[str, list[str]] = {}
        mversion = None
        for d in mdecos:
            name, args = _deco_call(d, data)
            if name in NEST_METHODS or name == "Sse":
                # (each sets the method's path and HTTP method metadata, overwriting what one
                # below it set: decorators apply bottom-up, the topmost wins; `@Sse(path)` is a
                # GET streaming server-sent events)
                if routes:
                    continue
                verb = NEST_METHODS.get(name, "GET")
                if args and args[0].type == "array" and args[0].named_children and \
                        all(_s(a, data) is not None for a in args[0].named_children):
                    # @Get(["a", "b"]): the handler serves each path
                    routes.extend((verb, _s(a, data), d.start_point[0] + 1, [a])
                                  for a in args[0].named_children)
                    continue
                routes.append((verb, _s(args[0], data) if args else "",
                               d.start_point[0] + 1, args))
            elif name == "UseGuards":
                mguards.extend(_guard_name(a, data) for a in args)
            elif overnight and name == "Middleware":
                mguards.extend(_overnight_middleware(args, data))
            elif rc and name == "Authorized":
                mguards.append("Authorized")
            elif name in ("Public", "AllowAnonymous", "SkipAuth"):
                mguards.append("@" + name)
            elif name == "Version":
                mversion = _version(args[0], data) if args else None
            elif name:
                mothers.append(name)
                if args:
                    margs.setdefault(name, []).extend(text(a, data)[:80] for a in args[:4])
        if rc and routes:
            mguards.extend(_rc_current_user(c, data))
        for method, p, dline, args in routes:
            extra = {"node_hint": c.start_point[0] + 1}
            if ctrl_version:
                extra["ctrl_version"] = ctrl_version
            if mversion:
                extra["method_version"] = mversion
            if mothers or others:
                extra["decorators"] = mothers + others
            if margs or deco_args:
                # the method's own arguments over the class's (NestJS getAllAndOverride reads
                # the handler's metadata first)
                extra["decorator_args"] = {**deco_args, **margs}
            extra["controller"] = cname
            marks = [g for g in guards if g.startswith("@")]
            if marks:  # `@Public()` on the controller: every route of it is marked
                extra["class_marks"] = marks
            ops.append({"op": "route", "scope": MODULE, "target": var, "method": method,
                        "path": p, "path_text": text(args[0], data) if args else "''",
                        "handler": f"{cname}.{mname}", "handler_line": c.start_point[0] + 1,
                        "mw": mguards, "line": dline, "framework": fw,
                        "extra": extra})


def _gateway_path(args, data) -> str:
    """The `path` option of `@WebSocketGateway(port?, options?)`, "" when none is written."""
    for a in args[:2]:
        if a.type == "object":
            p = _s(_object_fields(a, data).get("path"), data)
            if p:
                return p
    return ""


def _returned_unless(fn, data) -> list[str]:
    """The paths of the express-unless `.unless({ path: [...] })` a factory returns (`return
    expressJwt({ secret }).unless({ path: ["/api/login"] })`), read as `_unless` reads one
    written in place; [] for any other body."""
    body = fn.child_by_field_name("body")
    rets = [c for c in (body.named_children if body is not None else ())
            if c.type == "return_statement" and c.named_children]
    if len(rets) != 1 or rets[0].named_children[0].type != "call_expression":
        return []
    got = _unless_parts(rets[0].named_children[0], data)
    return got[1] if got else []


def _rc_current_user(method, data) -> list[str]:
    """routing-controllers: a `@CurrentUser({ required: true })` parameter refuses a request
    whose user the app's checker cannot find (AuthorizationRequiredError): "Authorized"; a
    plain `@CurrentUser()` is what the app's `currentUserChecker` answers (a function of the
    tree by that name, read as the guard)."""
    params = method.child_by_field_name("parameters")
    for p in (params.named_children if params is not None else ()):
        for d in (x for x in p.named_children if x.type == "decorator"):
            name, args = _deco_call(d, data)
            if name != "CurrentUser":
                continue
            if args and re.search(r"required\s*:\s*true", text(args[0], data)):
                return ["Authorized"]
            return ["currentUserChecker"]
    return []


def _overnight_middleware(args, data) -> list[str]:
    """`@Middleware(isAuthenticated)` / `@Middleware([isValidKey, limiter])`: the names."""
    items = args[0].named_children if args and args[0].type == "array" else args
    return [text(a, data)[:200] for a in items if a.type != "comment"]


def _nest_module_facts(tree, data, ops) -> None:
    """Module-level NestJS facts read by `nest_*` below at replay time: composite decorators
    (applyDecorators / SetMetadata), APP_GUARD providers, MiddlewareConsumer
    apply().exclude().forRoutes(), @nestjs/config registerAs() defaults, string constants."""
    if b"APP_GUARD" in data:
        for obj in nodes_of(tree, ("object",)):
            f = _object_fields(obj, data)
            if f.get("provide") is not None and text(f["provide"], data) == "APP_GUARD":
                g = f.get("useClass") or f.get("useExisting")
                if g is not None:
                    ops.append({"op": "nest_guards", "scope": MODULE, "mw": [text(g, data)],
                                "line": obj.start_point[0] + 1})
    if b"applyDecorators" in data or b"SetMetadata" in data:
        for fn in nodes_of(tree, ("function_declaration", "variable_declarator")):
            name = fn.child_by_field_name("name")
            body = fn.child_by_field_name("body") or fn.child_by_field_name("value")
            if name is None or body is None or name.type != "identifier":
                continue
            guards, decos, public, keys = [], [], False, []
            for c in walk(body):
                if c.type != "call_expression":
                    continue
                cname, cargs = text(c.child_by_field_name("function"), data), _args(c)
                if cname == "UseGuards":
                    guards.extend(_guard_name(a, data) for a in cargs)
                elif cname == "SetMetadata" and cargs:
                    key = _s(cargs[0], data) or text(cargs[0], data)
                    val = text(cargs[1], data) if len(cargs) > 1 else "true"
                    if PUBLIC_MARK.search(key) and val == "true":
                        public = True
                    keys.append(key)  # (a guard that skips routes carrying it, `skip_keys`)
                elif cname not in ("applyDecorators",) and re.match(r"^[A-Z]\w*$", cname):
                    decos.append(cname)
            if guards or public or keys or (decos and "applyDecorators" in text(body, data)):
                ops.append({"op": "nest_decorator", "scope": MODULE, "name": text(name, data),
                            "guards": guards, "decorators": decos, "public": public,
                            "line": fn.start_point[0] + 1, **({"keys": keys} if keys else {})})
    if b"@Module" in data:
        _nest_modules(tree, data, ops)
    if b"RouterModule" in data:
        _nest_router_module(tree, data, ops)
    if b"forRoutes" in data:
        for c in nodes_of(tree, ("(call_expression function: (member_expression))",)):
            if _is_inner_link(c):
                continue
            _base, links = _unroll(c, data)
            props = [lp for lp, _ in links]
            if "apply" not in props or "forRoutes" not in props:
                continue
            entry = {"op": "nest_mw", "scope": MODULE, "mw": [], "routes": [], "exclude": [],
                     "line": c.start_point[0] + 1}
            for lp, call in links:
                largs = _args(call)
                if lp == "apply":
                    entry["mw"] = [_guard_name(a, data) for a in largs]
                elif lp in ("forRoutes", "exclude"):
                    key = "routes" if lp == "forRoutes" else "exclude"
                    entry[key].extend(_route_info(a, data) for a in largs)
            ops.append(entry)
    if b"registerAs" in data:
        for c in nodes_of(tree, ("(call_expression function: (identifier))",)):
            if text(c.child_by_field_name("function"), data) != "registerAs":
                continue
            args = _args(c)
            ns = _s(args[0], data) if args else None
            if ns is None or len(args) < 2:
                continue
            values: dict = {}
            for obj in walk(args[1]):
                if obj.type == "object" and obj.parent is not None and obj.parent.type in (
                        "return_statement", "parenthesized_expression", "arrow_function"):
                    _flatten(obj, data, "", values)
            ops.append({"op": "nest_config", "scope": MODULE, "namespace": ns,
                        "values": values, "line": c.start_point[0] + 1})


def _nest_modules(tree, data, ops) -> None:
    """@Module({controllers: [A, B]}) on a class: the controllers the module declares (the ones
    a RouterModule path given to that module applies to)."""
    for cls in nodes_of(tree, ("class_declaration",)):
        decos = [c for c in cls.children if c.type == "decorator"]
        if cls.parent is not None and cls.parent.type == "export_statement":
            decos = [c for c in cls.parent.children if c.type == "decorator"] + decos
        for d in decos:
            name, args = _deco_call(d, data)
            if name != "Module" or not args or args[0].type != "object":
                continue
            fields = _object_fields(args[0], data)
            ctrls = fields.get("controllers")
            names = [text(x, data) for x in (ctrls.named_children if ctrls is not None and
                                             ctrls.type == "array" else ())
                     if x.type == "identifier"]
            imports = _nest_imports(fields.get("imports"), data)
            if names or imports:
                ops.append({"op": "nest_module", "scope": MODULE,
                            "name": text(cls.child_by_field_name("name"), data),
                            "controllers": names, "line": cls.start_point[0] + 1,
                            "imports": imports})
    if b"controllers" not in data:
        return
    # every other way controllers are declared (a dynamic module's `{ module, controllers }`,
    # `controllers: [...list]`, `controllers: getControllers()`): listed, or marked as not
    # readable (then no controller is taken for undeclared)
    seen = {o["line"] for o in ops if o.get("op") == "nest_module"}
    for pair in nodes_of(tree, ("pair",)):
        key = pair.child_by_field_name("key")
        value = pair.child_by_field_name("value")
        if key is None or value is None or text(key, data).strip("'\"") != "controllers":
            continue
        plain = value.type == "array" and all(x.type in ("identifier", "comment")
                                              for x in value.named_children)
        names = [text(x, data) for x in value.named_children if x.type == "identifier"] \
            if plain else []
        cls = pair.parent
        while cls is not None and cls.type not in ("class_declaration", "export_statement"):
            cls = cls.parent
        if cls is not None and cls.type == "export_statement":
            # (`@Module({...}) export class M {}`: the decorator belongs to the export)
            cls = cls.child_by_field_name("declaration")
        if plain and cls is not None and cls.start_point[0] + 1 in seen:
            continue  # the @Module decorator's own list, read above
        ops.append({"op": "nest_module", "scope": MODULE, "name": "", "controllers": names,
                    "line": pair.start_point[0] + 1, **({} if plain else {"opaque": True})})


def _nest_imports(node, data) -> list[str] | None:
    """The modules `@Module({imports: [...]})` loads: names, `X.forRoot(...)` /
    `X.register(...)` (a dynamic module of X), `forwardRef(() => X)`; None when the list is
    written another way (a spread, a variable, a condition): what it loads is not read."""
    if node is None:
        return []
    if node.type != "array":
        return None
    out = []
    for x in node.named_children:
        if x.type == "comment":
            continue
        if x.type == "identifier":
            out.append(text(x, data))
            continue
        fn = x.child_by_field_name("function") if x.type == "call_expression" else None
        if fn is not None and fn.type == "member_expression" and \
                fn.child_by_field_name("object").type == "identifier":
            out.append(text(fn.child_by_field_name("object"), data))
            continue
        if fn is not None and text(fn, data) == "forwardRef":
            a = _args(x)
            body = a[0].child_by_field_name("body") if a and a[0].type == "arrow_function" \
                else None
            if body is not None and body.type == "identifier":
                out.append(text(body, data))
                continue
        return None
    return out


def _nest_router_module(tree, data, ops) -> None:
    """RouterModule.register(routes) (@nestjs/core): a path per module, children joined below
    their parent's path; `routes` written inline or as a const array of the same file."""
    arrays = {}
    for d in nodes_of(tree, ("variable_declarator",)):
        v = d.child_by_field_name("value")
        if v is not None and v.type == "array":
            arrays[text(d.child_by_field_name("name"), data)] = v
    # `import { RouterModule as NestRouterModule } from '@nestjs/core'`: the module by its alias
    names = {"RouterModule"} | {m.decode() for m in re.findall(rb"\bRouterModule\s+as\s+(\w+)",
                                                                   data)}
    for c in nodes_of(tree, ("(call_expression function: (member_expression))",)):
        fn = re.sub(r"\s+", "", text(c.child_by_field_name("function"), data))
        if not fn.endswith(".register") or fn[:-len(".register")] not in names:
            continue
        args = _args(c)
        arr = args[0] if args else None
        if arr is not None and arr.type == "identifier":
            arr = arrays.get(text(arr, data))
        if arr is None or arr.type != "array":
            continue
        ops.append({"op": "nest_router", "scope": MODULE, "routes": _nest_routes(arr, data),
                    "line": c.start_point[0] + 1})


def _nest_routes(arr, data, depth: int = 0) -> list[dict]:
    out: list[dict] = []
    for e in arr.named_children if depth < 6 else ():
        if e.type == "identifier":  # children: [CatsModule] (a module with no path of its own)
            out.append({"parts": [{"s": ""}], "module": text(e, data), "children": []})
            continue
        if e.type != "object":
            continue
        f = _object_fields(e, data)
        parts = str_parts(f.get("path"), data) if f.get("path") is not None else [{"s": ""}]
        mod = f.get("module")
        kids = f.get("children")
        out.append({"parts": parts, "module": text(mod, data) if mod is not None else "",
                    "children": _nest_routes(kids, data, depth + 1)
                    if kids is not None and kids.type == "array" else []})
    return out


def nest_declared_controllers(replay) -> set[str] | None:
    """The class names of the controllers some module declares (`@Module({controllers: [A]})`,
    a dynamic module's list), as exported by their own files; None when the tree declares none
    or declares some in a way not read (a spread, a call): Nest serves only the controllers of
    the modules it loads (@nestjs/core scanner: `module.controllers`)."""
    got = getattr(replay, "_nest_declared", False)
    if got is False:
        got = replay._nest_declared = _declared_controllers(replay) or None
    return got


def _declared_controllers(replay) -> set[str] | None:
    out: set[str] = set()
    loaded = _loaded_modules(replay)
    for path, fx in sorted(replay.facts.items()):
        for op in fx.get("routes", []):
            if op.get("op") != "nest_module":
                continue
            if op.get("opaque"):
                return None
            if loaded is not None and op.get("name") and (path, op["name"]) not in loaded:
                continue  # a module no module the application loads imports
            for ctrl in op.get("controllers") or ():
                imp = replay.imports.get(path, {}).get(ctrl)
                if imp is not None and imp[1] in ("", "default", "*"):
                    return None  # a default import: the class may be named otherwise
                out.add(imp[1] if imp is not None else ctrl)
    return out


def _loaded_modules(replay) -> set[tuple[str, str]] | None:
    """(file, class) of every module the application loads: the root module handed to
    `NestFactory.create` and, transitively, the modules of the tree their `imports` list
    (@nestjs/core DependenciesScanner.scanForModules); None when the root is not one module of
    the tree or some module's imports are not read."""
    mods: dict[tuple[str, str], list[str] | None] = {}
    roots = set()
    routed: list[tuple[str, str]] = []  # modules a RouterModule table names
    for path, fx in sorted(replay.facts.items()):
        for op in fx.get("routes", []):
            if op.get("op") == "nest_module" and op.get("name"):
                mods[(path, op["name"])] = op.get("imports")
            elif op.get("op") == "nest_app":
                roots.add((path, op.get("root") or ""))
            elif op.get("op") == "nest_router":
                todo_r = list(op.get("routes") or ())
                while todo_r:
                    r = todo_r.pop()
                    if r.get("module"):
                        routed.append((path, r["module"]))
                    todo_r.extend(r.get("children") or ())

    def resolve(file: str, name: str) -> tuple[str, str]:
        imp = replay.imports.get(file, {}).get(name)
        if imp is not None and imp[1] and imp[1] not in ("default", "*"):
            return imp[0], imp[1]
        return file, name

    if len(roots) != 1 or not next(iter(roots))[1]:
        return None
    start = resolve(*next(iter(roots)))
    if start not in mods:
        return None
    # (a module a RouterModule table names is taken as loaded: Nest wants it imported too,
    # which a table read without its imports does not show)
    seen = {start} | {m for m in (resolve(*r) for r in routed) if m in mods}
    todo = list(seen)
    while todo:
        cur = todo.pop()
        imports = mods.get(cur, [])
        if imports is None:
            return None
        for name in imports:
            nxt = resolve(cur[0], name)
            if nxt in mods and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def nest_module_paths(replay) -> dict[tuple[str, str], str]:
    """(controller file, controller class) -> the RouterModule path of the module declaring it."""
    got = getattr(replay, "_nest_module_paths", None)
    if got is not None:
        return got
    from auditor.endpoints.interpret import join

    mods: dict[tuple[str, str], list[str]] = {}
    routers = []
    for path, fx in sorted(replay.facts.items()):
        for op in fx.get("routes", []):
            if op.get("op") == "nest_module":
                mods[(path, op["name"])] = op["controllers"]
            elif op.get("op") == "nest_router":
                routers.append((path, op))

    def resolve(file: str, name: str) -> tuple[str, str]:
        imp = replay.imports.get(file, {}).get(name)
        if imp is not None and imp[1] and imp[1] != "default":
            return imp[0], imp[1]
        return file, name

    out: dict[tuple[str, str], str] = {}

    def visit(file: str, routes: list, base: str) -> None:
        for r in routes:
            p = parts_value(replay, file, r.get("parts") or []) if r.get("parts") is not None \
                else None
            if p is None:
                continue
            full = join(base or "/", p) if p.strip("/") else base
            if r.get("module"):
                key = resolve(file, r["module"])
                for ctrl in mods.get(key, []):
                    out.setdefault(resolve(key[0], ctrl), full)
            visit(file, r.get("children") or [], full)

    for file, op in routers:
        visit(file, op.get("routes") or [], "")
    replay._nest_module_paths = out
    return out


def _route_info(node, data) -> dict:
    """forRoutes('cats', {path: 'x', method: RequestMethod.GET}, CatsController)."""
    p = _s(node, data)
    if p is not None:
        return {"path": p, "method": "ANY"}
    if node.type == "object":
        f = _object_fields(node, data)
        m = text(f["method"], data).rsplit(".", 1)[-1] if f.get("method") is not None else "ALL"
        return {"path": _s(f.get("path"), data) or "", "method": "ANY" if m == "ALL" else m}
    return {"controller": text(node, data)}


def _default_str(node, data) -> str | None:
    """'api', process.env.X || 'api', process.env.X ?? 'api'."""
    if node is None:
        return None
    v = _s(node, data)
    if v is not None:
        return v
    if node.type == "binary_expression":
        op = node.child_by_field_name("operator")
        if op is not None and text(op, data) in ("||", "??"):
            return _default_str(node.child_by_field_name("right"), data)
    if node.type == "parenthesized_expression" and node.named_children:
        return _default_str(node.named_children[0], data)
    return None


def _flatten(obj, data, pre: str, out: dict, exprs: dict | None = None) -> None:
    for k, v in _object_fields(obj, data).items():
        if v is None:
            continue
        if v.type == "object":
            _flatten(v, data, pre + k + ".", out, exprs)
        else:
            d = _default_str(v, data)
            if d is not None:
                out[pre + k] = d
            elif exprs is not None:
                parts = str_parts(v, data)
                if parts is not None:
                    exprs[pre + k] = parts


def _consts(tree, data, ops) -> None:
    """String constants a route path may name: `const P = '/x'`, `enum R { A = 'a' }`,
    `const ROUTES = { users: '/users' }` (read where a path is an identifier); and the
    expressions a mount path may be built from, resolved at replay (`exprs`): `const api =
    `/${apiURL}``, `const { apiURL } = keys.app` (a member path of another value),
    `module.exports = { app: { apiURL: process.env.BASE_API_URL } }` (the module's default
    export, its fields by path)."""
    values: dict = {}
    exprs: dict = {}
    for n in nodes_of(tree, ("lexical_declaration", "variable_declaration", "enum_declaration",
                             "expression_statement")):
        if n.parent is None or (n.parent.type not in ("program", "export_statement")):
            continue
        if n.type == "expression_statement":
            e = n.named_children[0] if n.named_children else None
            if e is not None and e.type == "assignment_expression" and text(
                    e.child_by_field_name("left"), data) in ("module.exports", "exports.default"):
                right = e.child_by_field_name("right")
                if right is not None and right.type == "object":
                    _flatten(right, data, "", values, exprs)
            continue
        if n.type == "enum_declaration":
            ename = text(n.child_by_field_name("name"), data)
            body = n.child_by_field_name("body")
            for m in (body.named_children if body is not None else []):
                if m.type == "enum_assignment":
                    v = _s(m.child_by_field_name("value"), data)
                    if v is not None:
                        values[f"{ename}.{text(m.child_by_field_name('name'), data)}"] = v
            continue
        for d in n.named_children:
            if d.type != "variable_declarator":
                continue
            name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
            if name is None or value is None:
                continue
            while value.type in ("as_expression", "satisfies_expression") and value.named_children:
                value = value.named_children[0]
            if name.type == "object_pattern":
                if value.type in ("identifier", "member_expression"):
                    base = re.sub(r"\s+", "", text(value, data))
                    _var, fields = _pattern(name, data)
                    for local, key in fields.items():
                        exprs[local] = [{"n": f"{base}.{key}"}]
                continue
            if name.type != "identifier":
                continue
            if value.type == "object":
                _flatten(value, data, text(name, data) + ".", values, exprs)
            else:
                v = _s(value, data)
                if v is not None:
                    values[text(name, data)] = v
                elif value.type in ("template_string", "binary_expression", "identifier",
                                    "member_expression"):
                    parts = str_parts(value, data)
                    if parts is not None:
                        exprs[text(name, data)] = parts
    locals_ = _local_strings(tree, data)
    if values or exprs or locals_:
        ops.append({"op": "ts_consts", "scope": MODULE, "values": values, "exprs": exprs,
                    "locals": locals_, "line": 1})


def _local_strings(tree, data) -> dict:
    """Names declared once in the file, inside a function, with a string expression
    (`const urlPrefix = config.get('server.urlPrefix') || ''` in the function that builds the
    app): name -> its parts (`str_parts`). A name declared twice in the file is left out: which
    declaration a use reads is not told here."""
    seen: dict = {}
    for n in nodes_of(tree, ("lexical_declaration", "variable_declaration")):
        if n.parent is None or n.parent.type in ("program", "export_statement"):
            continue
        for d in n.named_children:
            if d.type != "variable_declarator":
                continue
            name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
            if name is None or name.type != "identifier":
                continue
            key = text(name, data)
            parts = str_parts(value, data) if value is not None and value.type in (
                "string", "template_string", "binary_expression") else None
            seen.setdefault(key, []).append(parts)
    return {k: v[0] for k, v in seen.items() if len(v) == 1 and v[0] is not None}


def _app_dir(parts: list[str]) -> int:
    """Index of the App Router's root among a route file's folders: Next.js reads `app/` or
    `src/app/` of the project, so an `app` folder inside it (`app/api/app/version`) is a route
    segment. A candidate under `src` wins; a package folder named `app` that holds the app
    folder (`packages/app/app/...`) gives way to the one inside it."""
    cands = [i for i, s in enumerate(parts[:-1]) if s == "app"]
    for i in cands:
        if i > 0 and parts[i - 1] == "src":
            return i
    i = cands[0]
    while i + 1 < len(parts) - 1 and parts[i + 1] == "app":
        i += 1
    return i


def _next_routes(path: str, root, data, ops) -> None:
    """Next.js: app/**/route.ts exports GET/POST...; pages/api/** default export, one route per
    method its handler branches on (ANY when it does not); middleware.ts / proxy.ts matcher."""
    parts = path.split("/")
    stem, _ = posixpath.splitext(parts[-1])
    if stem == "route" and "app" in parts[:-1]:
        i = _app_dir(parts)
        segs = [s for s in parts[i + 1:-1] if not (s.startswith("(") and s.endswith(")"))
                and not s.startswith("@")]
        url = "/" + "/".join(segs)
        for n in root.named_children:
            if n.type != "export_statement":
                continue
            decl = n.child_by_field_name("declaration")
            names = []
            if decl is not None and decl.type == "function_declaration":
                names = [(text(decl.child_by_field_name("name"), data), decl)]
            elif decl is not None and decl.type == "lexical_declaration":
                for v in decl.named_children:
                    if v.type != "variable_declarator":
                        continue
                    vname = v.child_by_field_name("name")
                    if vname is not None and vname.type == "object_pattern":
                        # export const { GET, POST } = handlers
                        names += [(k, v) for k in _pattern(vname, data)[1]]
                    else:
                        names.append((text(vname, data), v))
            else:
                # export { GET, POST } from "./auth"; export { handler as GET }
                for c in walk(n):
                    if c.type == "export_specifier":
                        alias = c.child_by_field_name("alias") or c.child_by_field_name("name")
                        names.append((text(alias, data), c))
            for name, node in names:
                if name not in NEXT_METHODS:
                    continue
                fn = node.child_by_field_name("value") if node.type == "variable_declarator" \
                    else node
                body = fn.child_by_field_name("body") if fn is not None else None
                wrapper = _route_wrapper(fn, data)
                if wrapper is not None:  # export const GET = withAuth(async (req) => {...})
                    inner = wrapper[1]
                    body = inner.child_by_field_name("body")
                mw = _handler_guards(_stmts(body), data, path, node, ops) if body is not None \
                    else []
                if mw:
                    _checked(name, fn, ops)
                if wrapper is not None:
                    mw = [wrapper[0], *mw]
                handler = name
                if node.type == "variable_declarator" and fn is not None and \
                        fn.type == "call_expression" and node.child_by_field_name(
                            "name").type == "object_pattern":
                    # export const { GET, POST } = toNextJsHandler(auth): the methods are
                    # values the call made (a library's handler), not functions named GET
                    handler = " ".join(text(fn, data).split())
                    if len(handler) > 60:
                        handler = _callee(fn, data) + "(...)"
                ops.append({"op": "route", "scope": MODULE, "target": "next:app",
                            "method": name, "path": url, "path_text": url,
                            "handler": handler, "handler_line": node.start_point[0] + 1,
                            "mw": mw, "line": node.start_point[0] + 1,
                            "framework": "nextjs",
                            "extra": {"node_hint": node.start_point[0] + 1}})
    elif "pages" in parts and "api" in parts and parts.index("api") == parts.index("pages") + 1:
        i = parts.index("api")
        segs = parts[i:-1] + ([] if stem == "index" else [stem])
        url = "/" + "/".join(segs)
        for n in root.named_children:
            if n.type == "export_statement" and n.child_by_field_name("source") is not None \
                    and re.search(r"\bdefault\b", text(
                        next((c for c in n.named_children if c.type == "export_clause"), n),
                        data)) and not re.search(r"\bdefault\s+as\b", text(n, data)):
                # `export { default } from "@/ee/.../handler"`: another module's default
                # function is the handler (its methods read where the route is resolved)
                ops.append({"op": "route", "scope": MODULE, "target": "next:pages",
                            "method": "ANY", "path": url, "path_text": url,
                            "handler": "default", "handler_line": n.start_point[0] + 1,
                            "mw": [], "line": n.start_point[0] + 1, "framework": "nextjs",
                            "extra": {"node_hint": n.start_point[0] + 1}})
            if n.type == "export_statement" and text(n, data).startswith("export default"):
                fn = _default_handler(root, n, data)
                branches = _method_branches(fn, data) if fn is not None else []
                if not branches:
                    branches = _method_table(n, fn, root, data)
                chain_mw: dict[str, list] = {}
                chain_h: dict[str, tuple] = {}
                if not branches:
                    chained = _method_chain(n, root, data)
                    branches = [(m, st) for m, st, _mw, _h in chained]
                    chain_mw = {m: mw for m, _st, mw, _h in chained}
                    chain_h = {m: h for m, _st, _mw, h in chained if h}
                if not branches:
                    body = fn.child_by_field_name("body") if fn is not None else None
                    branches = [("ANY", _stmts(body))]
                checked = False
                local = _local_fns(root, data)
                for method, stmts in branches:
                    mw = chain_mw.get(method, []) + _handler_guards(stmts, data, path, n, ops,
                                                                   local)
                    if mw and not checked and fn is not None:
                        checked = True
                        fname = fn.child_by_field_name("name")
                        if fname is None and fn.parent is not None and \
                                fn.parent.type == "variable_declarator":
                            fname = fn.parent.child_by_field_name("name")
                        if fname is not None:
                            _checked(text(fname, data), fn, ops)
                    hname, hline = chain_h.get(method) or ("default", n.start_point[0] + 1)
                    ops.append({"op": "route", "scope": MODULE, "target": "next:pages",
                                "method": method, "path": url, "path_text": url,
                                "handler": hname, "handler_line": hline,
                                "mw": mw, "line": n.start_point[0] + 1, "framework": "nextjs",
                                # (a named chain handler is resolved by its name)
                                "extra": {} if method in chain_h else
                                {"node_hint": n.start_point[0] + 1}})
    elif stem in ("middleware", "proxy") and len(parts) <= 2 and (
            len(parts) == 1 or parts[0] == "src"):
        _next_middleware(path, stem, root, data, ops)


def _rejecting(prof) -> bool:
    return bool(prof) and bool(prof.get("guard_test") or (
        prof.get("reads_credential") and prof.get("rejects")))


def _delegated_rejections(decls: dict, data, inside) -> None:
    """A function of the file that leaves the credential check to another function of the
    file, which reads a credential and rejects without one, rejects as that one does:
    `return withMiddleware(handler, authMiddleware)` (the checker is handed, with the handler,
    to the runner that calls it first: a route wrapper such as `withAuth(handler)`), or
    `const r = await authMiddleware(req); if (r instanceof Response) return r;` (the checker's
    rejection handed back). Same file only; repeated while it finds more (bounded)."""
    for _round in range(4):
        changed = False
        for name, (op, node) in decls.items():
            if _rejecting(op.get("auth")):
                continue
            via = _delegate(node, data, decls, name, inside)
            if via is not None:
                op["auth"] = {**(decls[via][0].get("auth") or {}), "delegates_to": via}
                changed = True
        if not changed:
            return


def _delegate(node, data, decls: dict, own: str, inside) -> str | None:
    body = node.child_by_field_name("body")
    if body is None:
        return None
    held: dict[str, str] = {}  # variable -> rejecting function whose answer it holds
    for c in inside.of(body):
        if c.type == "return_statement" and c.named_children:
            e = c.named_children[0]
            while e.type in ("await_expression", "parenthesized_expression") and e.named_children:
                e = e.named_children[0]
            if e.type == "call_expression":
                for a in _args(e):
                    nm = text(a, data) if a.type == "identifier" else ""
                    if nm and nm != own and nm in decls and _rejecting(decls[nm][0].get("auth")):
                        return nm
            elif e.type == "identifier" and text(e, data) in held:
                p = c.parent
                while p is not None and p is not body and p.type != "if_statement":
                    p = p.parent
                if p is not None and p.type == "if_statement":
                    return held[text(e, data)]
        elif c.type == "variable_declarator":
            v = c.child_by_field_name("value")
            while v is not None and v.type in ("await_expression", "parenthesized_expression") \
                    and v.named_children:
                v = v.named_children[0]
            if v is not None and v.type == "call_expression":
                f = v.child_by_field_name("function")
                fn = text(f, data) if f is not None and f.type == "identifier" else ""
                if fn and fn != own and fn in decls and _rejecting(decls[fn][0].get("auth")):
                    held[text(c.child_by_field_name("name"), data)] = fn
    return None


def _route_wrapper(fn, data):
    """`export const GET = withAuth(async (req) => {...})` (also `withAuth("scope", handler)`,
    `wrap(handler, opts)`): the route handler is the function the call is given and the
    called function runs around it (the exported value is what the wrapper returns). (callee
    name, inner function), or None when the value is not a call of a plain name taking one
    inline function."""
    while fn is not None and fn.type in ("as_expression", "satisfies_expression",
                                         "non_null_expression", "parenthesized_expression") \
            and fn.named_children:
        fn = fn.named_children[0]  # `auth(async (req) => {...}) as any`
    if fn is None or fn.type != "call_expression":
        return None
    callee = fn.child_by_field_name("function")
    if callee is None or callee.type not in ("identifier", "member_expression"):
        return None
    inner = [a for a in _args(fn) if a.type in ("arrow_function", "function_expression",
                                                "function")]
    if len(inner) != 1:
        return None
    return text(callee, data), inner[0]


def _auth_result(fn, data, inside) -> dict | None:
    """A request parser that checks credentials and hands the rejection back in its result
    instead of answering: `auth = await checkAuth(request); if (!auth) { error = () =>
    unauthorized(); } ... return { auth, error }`, the caller doing `if (error) return error()`.
    Required for its callers that stop on that field; `if (!options?.skipAuth) {...}` around the
    check names the option that skips it (the caller passing `{ skipAuth: true }`)."""
    body = fn.child_by_field_name("body")
    if body is None or b"return" not in data[body.start_byte:body.end_byte]:
        return None
    for call in inside.of(body, "call_expression"):
        short = _callee(call, data).rsplit(".", 1)[-1]
        if not short or not READS_CRED.search(short):
            continue
        p = call.parent
        while p is not None and p.type in ("await_expression", "parenthesized_expression"):
            p = p.parent
        if p is None or p.type not in ("assignment_expression", "variable_declarator"):
            continue
        left = p.child_by_field_name("left") or p.child_by_field_name("name")
        var = text(left, data) if left is not None and left.type == "identifier" else ""
        if not var:
            continue
        field = ""
        for st in inside.of(body, "if_statement"):
            if st.start_byte < p.end_byte:
                continue
            if not _missing_test(text(st.child_by_field_name("condition"), data), var):
                continue
            for a in inside.of(st.child_by_field_name("consequence"), "assignment_expression"):
                if DENIES.search(
                        text(a.child_by_field_name("right"), data)):
                    lhs = a.child_by_field_name("left")
                    if lhs is not None and lhs.type == "identifier":
                        field = text(lhs, data)
                        break
            if field:
                break
        if not field or not any(
                re.search(rf"\b{re.escape(field)}\b", text(r, data))
                for r in inside.of(body, "return_statement")):
            continue
        skip = ""
        q = call.parent
        while q is not None and q is not body:
            if q.type == "if_statement":
                m = re.search(r"!\s*[\w$]+\??\.([\w$]+)",
                              text(q.child_by_field_name("condition"), data))
                if m:
                    skip = m.group(1)
                    break
            q = q.parent
        return {"result_error": field, "skip_option": skip}
    return None


def _true_options(call, data) -> list[str]:
    """The keys an object argument of the call sets to the literal true: `{ skipAuth: true }`."""
    out = []
    for a in _args(call):
        if a.type == "object":
            out += [k for k, v in _object_fields(a, data).items()
                    if v is not None and text(v, data) == "true"]
    return out


def _checked(name: str, fn, ops) -> None:
    """The handler's credential checks were read branch by branch (its routes carry them as
    middleware): its whole-function profile must not decide for every method at once."""
    if fn is None:
        return
    line = fn.start_point[0] + 1
    if fn.parent is not None and fn.parent.type == "variable_declarator":
        line = fn.parent.start_point[0] + 1
    ops.append({"op": "fn", "scope": name, "name": name, "recv": "", "params": [],
                "line": line, "end_line": fn.end_point[0] + 1,
                "auth": {"reads_credential": True, "rejects": False, "next_on_missing": False},
                "parent_scope": "", "returns": []})


def _stmts(body) -> list:
    if body is None:
        return []
    if body.type == "statement_block":
        return [c for c in body.named_children if c.type != "comment"]
    return [body]


def _served(fn, data) -> dict:
    """{"methods": [...]} of a request handler that branches on the method (`if (req.method
    !== "POST") return 405`), {"delegates": callee} of one whose body only hands the request
    on (`return handleRoute(req, res)`): what a Next.js pages route re-exporting or wrapping
    it serves, decided where the route is resolved."""
    out: dict = {}
    try:
        branches = _method_branches(fn, data)
    except (AttributeError, ValueError):
        branches = []
    methods = [m for m, _st in branches]
    if methods and all(m in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
                       for m in methods):
        out["methods"] = methods
    table = _route_table(fn, data)
    if table:
        out["route_table"] = table
    body = _stmts(fn.child_by_field_name("body"))
    if len(body) == 1 and body[0].type == "return_statement" and body[0].named_child_count == 1:
        e = body[0].named_children[0]
        if e.type == "await_expression" and e.named_child_count == 1:
            e = e.named_children[0]
        if e.type == "call_expression":
            fnode = e.child_by_field_name("function")
            if fnode is not None and fnode.type in ("identifier", "member_expression") and \
                    len(_args(e)) >= 2:
                out["delegates"] = text(fnode, data)
    return out


# `const routeKey = \`${method} /${path}\`; const handler = routeHandlers[routeKey]`: a
# handler that dispatches on the method and the rest of the path through a table of its module
_TABLE_KEY = re.compile(r"`\$\{\s*(\w+)\s*\}\s+/\$\{\s*(\w+)\s*\}`")
_TABLE_ENTRY = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/[^\s]*)$")


def _route_table(fn, data) -> list:
    """[[method, sub-path]] of the module-level object a handler looks its route up in by a
    key made of the method and the path below the route (`routeHandlers["POST /messages"]`):
    the keys of that object literal; [] when the function does no such lookup."""
    body = text(fn, data)
    m = _TABLE_KEY.search(body)
    if m is None:
        return []
    key_var = None
    for d in re.finditer(r"\b(?:const|let|var)\s+(\w+)\s*=\s*" + re.escape(m.group(0)), body):
        key_var = d.group(1)
    if key_var is None:
        return []
    look = re.search(r"\b(\w+)\[\s*" + re.escape(key_var) + r"\b", body)
    if look is None:
        return []
    root = fn
    while root.parent is not None:
        root = root.parent
    for c in root.named_children:
        decl = c.child_by_field_name("declaration") if c.type == "export_statement" else c
        if decl is None or decl.type not in ("lexical_declaration", "variable_declaration"):
            continue
        for d in decl.named_children:
            if d.type != "variable_declarator" or \
                    text(d.child_by_field_name("name"), data) != look.group(1):
                continue
            obj = d.child_by_field_name("value")
            while obj is not None and obj.type in ("as_expression", "satisfies_expression",
                                                   "parenthesized_expression"):
                obj = obj.named_children[0] if obj.named_children else None
            if obj is None or obj.type != "object":
                return []
            out = []
            for pair in obj.named_children:
                if pair.type != "pair":
                    continue
                k = pair.child_by_field_name("key")
                e = _TABLE_ENTRY.match(_s(k, data) or "") if k is not None and \
                    k.type == "string" else None
                if e:
                    v = pair.child_by_field_name("value")
                    # the entry's own function (its line), where the trace goes on from the
                    # lookup: the dispatch is a table read, no edge of the call graph
                    out.append([e.group(1), e.group(2)] + (
                        [v.start_point[0] + 1] if v is not None and v.type in (
                            "arrow_function", "function_expression", "function") else []))
            return out
    return []


def _default_handler(root, export, data):
    """The function a pages/api file default-exports: inline, by name, or wrapped
    (`export default withAuth(handler)`: the innermost function argument)."""
    val = export.child_by_field_name("declaration") or export.child_by_field_name("value")
    seen = 0
    while val is not None and seen < 5:
        seen += 1
        if val.type in ("function_declaration", "function_expression", "arrow_function",
                        "function"):
            return val
        if val.type == "call_expression":
            args = _args(val)
            val = args[-1] if args else None
            continue
        if val.type == "identifier":
            name = text(val, data)
            val = None
            for c in root.named_children:
                node = c.child_by_field_name("declaration") if c.type == "export_statement" \
                    else c
                if node is None:
                    continue
                if node.type == "function_declaration" and text(
                        node.child_by_field_name("name"), data) == name:
                    val = node
                elif node.type in ("lexical_declaration", "variable_declaration"):
                    for d in node.named_children:
                        if d.type == "variable_declarator" and text(
                                d.child_by_field_name("name"), data) == name:
                            val = d.child_by_field_name("value")
            continue
        return None
    return None


_TABLE_METHODS = {"get", "post", "put", "patch", "delete", "head", "options"}


def _member_calls(node, data) -> tuple[list, object]:
    """([(method name, arguments)] outermost first, the chain's root) of `a.b(x).c(y)`."""
    calls = []
    while node is not None and node.type == "call_expression":
        fn = node.child_by_field_name("function")
        if fn is None or fn.type != "member_expression":
            break
        calls.append((text(fn.child_by_field_name("property"), data), _args(node)))
        node = fn.child_by_field_name("object")
    return calls, node


def _method_chain(export, root, data) -> list[tuple[str, list, list, tuple | None]]:
    """[(method, statements, middleware, (handler name, line) or None)] of a pages/api module
    whose default export is a router built by method calls (next-connect): `export default
    nc().use(cors).get(list).post(create)`, or `const handler = nc(); handler.get(list); export
    default handler` (v1: `export default router.handler()`). Each method call is a route; `use`
    and `all` add none, a `use` adds its middleware to the routes after it; the handler's
    statements are the function's written in place."""
    calls, node = _member_calls(
        export.child_by_field_name("declaration") or export.child_by_field_name("value"), data)
    if node is not None and node.type == "identifier":
        # `export default handler` / `router.handler()`: the calls on that name in the module
        base = text(node, data)
        calls = []  # (`router.handler()` itself adds no route)
        for st in root.named_children:
            own, e = _member_calls(st.named_children[0] if st.type == "expression_statement" and
                                   st.named_children else None, data)
            if e is not None and e.type == "identifier" and text(e, data) == base:
                calls = own + calls  # (outermost first, as a chain's: the last statement's first)
    elif not calls or node is None or node.type != "call_expression":
        return []  # (a chain rooted in `nc()` / `createRouter()` is read as it is)
    out = []
    used: list[str] = []
    for name, args in reversed(calls):
        if name == "use" and args:
            # next-connect runs the matching entries in the order they were added: a `use`
            # middleware (no path, or "/") runs before every method route added after it
            mws = args[1:] if len(args) > 1 and args[0].type == "string" else args
            if len(mws) == len(args) or _s(args[0], data) in ("/", ""):
                used += [" ".join(text(a, data).split()) for a in mws
                         if a.type not in FUNC_TYPES]
            continue
        if name not in _TABLE_METHODS or not args:
            continue
        h = args[-1]
        body = h.child_by_field_name("body") if h.type in FUNC_TYPES else None
        inline = [" ".join(text(a, data).split()) for a in args[:-1]
                  if a.type not in FUNC_TYPES and a.type != "string"]
        # `.get(listOrders)`: the named function is the route's handler (the default export
        # is the router's, no function of the module)
        named = (text(h, data), h.start_point[0] + 1) if h.type in (
            "identifier", "member_expression") else None
        out.append((name.upper(), _stmts(body), used + inline, named))
    seen: set = set()
    return [(m, st, mw, h) for m, st, mw, h in out if not (m in seen or seen.add(m))]


def _method_table(export, fn, root, data) -> list[tuple[str, list]]:
    """[(method, statements)] of a pages/api handler that hands a table keyed by method to a
    dispatcher: `export default apiHandler({ get: list, post: create })`, or a handler whose
    body calls `handleRequest(req, res, { get: {...}, post: {...} })`. The dispatcher serves the
    keys and answers 405 for the rest (what every such helper does; a key is one route). The
    object must be an argument of the exported call or of a call in the handler that is handed
    the request, and every key of it a method name."""
    tables = []
    val = export.child_by_field_name("declaration") or export.child_by_field_name("value")
    depth = 0
    while val is not None and val.type == "call_expression" and depth < 4:
        depth += 1
        args = _args(val)
        tables += [a for a in args if a.type == "object"]
        val = args[-1] if args else None
    req = _request_param(fn, data) if not tables and fn is not None else ""
    if req:
        for c in walk(fn.child_by_field_name("body") or fn):
            if c.type == "call_expression":
                args = _args(c)
                if any(a.type == "identifier" and text(a, data) == req for a in args):
                    tables += [a for a in args if a.type == "object"]
    local = _local_fns(root, data)
    for obj in tables:
        pairs = [c for c in obj.named_children if c.type != "comment"]
        keys = []
        for pr in pairs:
            if pr.type == "pair":
                k = text(pr.child_by_field_name("key"), data).strip("'\"")
                keys.append((k, pr.child_by_field_name("value")))
            elif pr.type == "shorthand_property_identifier":
                keys.append((text(pr, data), pr))
            else:
                keys = []
                break
        if not keys or any(k.lower() not in _TABLE_METHODS for k, _ in keys):
            continue
        out = []
        for k, v in keys:
            target = v
            if target is not None and target.type == "object":  # { callback: get, private: true }
                target = next((c.child_by_field_name("value") for c in target.named_children
                               if c.type == "pair" and c.child_by_field_name("value") is not None
                               and c.child_by_field_name("value").type in (
                                   "identifier", "arrow_function", "function_expression")),
                              None)
            if target is not None and target.type in ("identifier",
                                                      "shorthand_property_identifier"):
                target = local.get(text(target, data))
            body = target.child_by_field_name("body") if target is not None and \
                target.type in FUNC_TYPES else None
            out.append((k.upper(), _stmts(body)))
        return out
    return []


METHOD_LIT = re.compile(r"""^["'`](GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)["'`]$""")


def _request_param(fn, data) -> str:
    """The name of a handler's first parameter (the request), "" when it is a pattern."""
    params = fn.child_by_field_name("parameters")
    first = params.named_children[0] if params is not None and params.named_children else \
        fn.child_by_field_name("parameter")
    if first is not None and first.type in ("required_parameter", "optional_parameter"):
        first = first.child_by_field_name("pattern") or first
    return text(first, data) if first is not None and first.type == "identifier" else ""


def _method_names(fn, data) -> set[str]:
    """Expressions that hold the request method: req.method, and `const m = req.method` /
    `const { method } = req` aliases."""
    req = _request_param(fn, data) or "req"
    names = {f"{req}.method"}
    body = fn.child_by_field_name("body")
    for c in _stmts(body):
        if c.type in ("lexical_declaration", "variable_declaration"):
            for d in c.named_children:
                if d.type != "variable_declarator":
                    continue
                nm, val = d.child_by_field_name("name"), d.child_by_field_name("value")
                if val is None or nm is None:
                    continue
                if text(val, data) in names and nm.type == "identifier":
                    names.add(text(nm, data))
                elif text(val, data) == req and nm.type == "object_pattern":
                    for local, key in _pattern(nm, data)[1].items():
                        if key == "method":
                            names.add(local)
    return names


def _method_tests(cond, data, names) -> tuple[set[str], bool]:
    """(methods, negated) of `m === "GET" || m === "HEAD"` / `m !== "POST"`."""
    methods, negated = set(), False
    for c in walk(cond):
        if c.type == "call_expression":
            # `["GET", "PATCH"].includes(req.method)`, negated as `!...`: the listed methods
            fnode, args = c.child_by_field_name("function"), _args(c)
            obj = fnode.child_by_field_name("object") if fnode is not None and \
                fnode.type == "member_expression" else None
            if obj is not None and obj.type == "array" and len(args) == 1 and \
                    text(args[0], data) in names and \
                    text(fnode.child_by_field_name("property"), data) == "includes":
                listed = [METHOD_LIT.match(text(e, data)) for e in obj.named_children]
                if listed and all(listed):
                    methods.update(m.group(1) for m in listed)
                    p = c.parent
                    while p is not None and p.type == "parenthesized_expression":
                        p = p.parent
                    negated = negated or (p is not None and p.type == "unary_expression" and
                                          text(p, data).startswith("!"))
            continue
        if c.type != "binary_expression":
            continue
        op = c.child_by_field_name("operator")
        ops_ = text(op, data) if op is not None else ""
        if ops_ not in ("===", "==", "!==", "!="):
            continue
        left, right = c.child_by_field_name("left"), c.child_by_field_name("right")
        for a, b in ((left, right), (right, left)):
            if text(a, data) in names:
                m = METHOD_LIT.match(text(b, data))
                if m:
                    methods.add(m.group(1))
                    negated = negated or ops_.startswith("!")
    return methods, negated


def _method_branches(fn, data) -> list[tuple[str, list]]:
    """[(method, statements that serve it)] of a handler that branches on the method."""
    names = _method_names(fn, data)
    body = _flat(_stmts(fn.child_by_field_name("body")))
    out: dict[str, list] = {}
    listed: dict[str, list] = {}
    for i, st in enumerate(body):
        before = body[:i]
        if st.type == "if_statement":
            cur = st
            while cur is not None and cur.type == "if_statement":
                methods, neg = _method_tests(cur.child_by_field_name("condition"), data, names)
                if methods and neg and len(methods) > 1 and not listed:
                    # if (!["GET", "PATCH"].includes(req.method)) return 400: the rest serves
                    # them; the branches below (if any) say which statements serve which
                    listed = {m: before + body[i + 1:] for m in sorted(methods)}
                    break
                if methods and neg:  # if (req.method !== "POST") return 405: the rest serves POST
                    for m in methods:
                        out.setdefault(m, before + body[i + 1:])
                    return list(out.items())
                for m in methods:
                    out.setdefault(m, before + _stmts(cur.child_by_field_name("consequence")))
                alt = cur.child_by_field_name("alternative")
                cur = alt.named_children[0] if alt is not None and alt.named_children else None
        elif st.type == "switch_statement" and text(st.child_by_field_name("value"),
                                                    data).strip("()") in names:
            sbody = st.child_by_field_name("body")
            pending: list[str] = []
            for case in (sbody.named_children if sbody is not None else []):
                if case.type != "switch_case":
                    continue
                v = case.child_by_field_name("value")
                m = METHOD_LIT.match(text(v, data)) if v is not None else None
                if m:
                    pending.append(m.group(1))
                stmts = [c for c in case.named_children if c != v and c.type != "comment"]
                if stmts and pending:
                    if not _refuses_method(stmts, data):
                        for pm in pending:
                            out.setdefault(pm, before + stmts)
                    pending = []
    for m, stmts in listed.items():  # a listed method no branch names: the rest serves it
        out.setdefault(m, stmts)
    if not out:
        for i, st in enumerate(body):
            for m, stmts in _pattern_match_branches(st, data, names, fn):
                out.setdefault(m, body[:i] + stmts)
            if out:
                break
    return list(out.items())


def _ts_pattern_names(fn, data) -> tuple[set, set]:
    """(local names of ts-pattern's `match`, of its `P`) imported by the handler's module."""
    root = fn
    while root.parent is not None:
        root = root.parent
    match, pat = set(), set()
    for n in root.named_children:
        src = n.child_by_field_name("source") if n.type == "import_statement" else None
        if src is None or _s(src, data) != "ts-pattern":
            continue
        for c in walk(n):
            if c.type == "import_specifier":
                name = text(c.child_by_field_name("name"), data)
                alias = c.child_by_field_name("alias")
                local = text(alias, data) if alias is not None else name
                (match if name == "match" else pat if name in ("P", "Pattern") else set()).add(
                    local)
    return match, pat


def _pattern_methods(node, data, on_request: bool, pat: set) -> set[str]:
    """Methods a ts-pattern pattern matches: `"GET"` (matching the method itself), `{ method:
    "GET" }` (matching the request), either through `P.union("GET", "HEAD")`; empty for any
    other pattern (a wildcard or a test on something else serves no one method)."""
    if on_request:
        if node.type != "object":
            return set()
        for pair in node.named_children:
            if pair.type == "pair" and text(pair.child_by_field_name("key"), data).strip(
                    "'\"") == "method":
                return _pattern_methods(pair.child_by_field_name("value"), data, False, pat)
        return set()
    m = METHOD_LIT.match(text(node, data))
    if m:
        return {m.group(1)}
    if node.type == "call_expression":
        f = node.child_by_field_name("function")
        if f is not None and f.type == "member_expression" and text(
                f.child_by_field_name("object"), data) in pat and text(
                f.child_by_field_name("property"), data) == "union":
            out = set()
            for a in _args(node):
                one = _pattern_methods(a, data, False, pat)
                if not one:
                    return set()
                out |= one
            return out
    return set()


def _pattern_match_branches(st, data, names: set, fn) -> list[tuple[str, list]]:
    """[(method, statements)] of a statement dispatching with ts-pattern: `return match(req)
    .with({ method: "GET" }, () => get(req, res)).otherwise(() => res.status(405))` or
    `match(req.method).with("POST", "PUT", handler)`: each `.with` (its patterns, then the
    handler) serves the methods its patterns name; `.otherwise` serves no named method."""
    if "match" not in text(st, data):
        return []
    node = st.named_children[0] if st.type in ("return_statement", "expression_statement") \
        and st.named_children else None
    if node is not None and node.type == "await_expression" and node.named_children:
        node = node.named_children[0]
    calls, head = _member_calls(node, data)
    if not calls or head is None or head.type != "call_expression":
        return []
    match, pat = _ts_pattern_names(fn, data)
    if text(head.child_by_field_name("function"), data) not in match or len(_args(head)) != 1:
        return []
    subject = text(_args(head)[0], data)
    req = _request_param(fn, data) or "req"
    if subject != req and subject not in names:
        return []
    out = []
    for name, args in reversed(calls):
        if name != "with" or len(args) < 2:
            continue
        h = args[-1]
        methods = set()
        for a in args[:-1]:
            one = _pattern_methods(a, data, subject == req, pat)
            if not one:
                methods = set()
                break
            methods |= one
        body = h.child_by_field_name("body") if h.type in FUNC_TYPES else h
        for m in sorted(methods):
            out.append((m, _stmts(body)))
    return out


_METHOD_REFUSED = re.compile(r"\b405\b|method\s+not\s+allowed", re.IGNORECASE)


def _refuses_method(stmts: list, data) -> bool:
    """A `case 'POST':` branch that only answers 405 or does nothing before `break`
    (`res.status(405); break`): the method is not served, whatever label it has."""
    body = [st for st in stmts if st.type != "break_statement"]
    return all(_METHOD_REFUSED.search(text(st, data)) for st in body)


GUARD_NAME = re.compile(r"auth|session|token|jwt|verify|current_?user|get_?user|credential|"
                        r"protect|require_?user|logged_?in|sign_?in", re.IGNORECASE)
REJECTS = re.compile(r"\b40[13]\b|unauthori[sz]ed|forbidden|redirect\(|notFound\(|throw\b",
                     re.IGNORECASE)


def _flat(stmts: list) -> list:
    out = []
    for st in stmts:
        if st.type == "try_statement":
            out += _flat(_stmts(st.child_by_field_name("body")))
        elif st.type == "statement_block":
            out += _flat(_stmts(st))
        else:
            out.append(st)
    return out


def _local_fns(root, data) -> dict:
    out = {}
    for c in root.named_children:
        node = c.child_by_field_name("declaration") if c.type == "export_statement" else c
        if node is not None and node.type == "function_declaration":
            out[text(node.child_by_field_name("name"), data)] = node
        elif node is not None and node.type in ("lexical_declaration", "variable_declaration"):
            for d in node.named_children:
                v = d.child_by_field_name("value") if d.type == "variable_declarator" else None
                if v is not None and v.type in ("arrow_function", "function_expression"):
                    out[text(d.child_by_field_name("name"), data)] = v
    return out


def _delegates(stmts, data, local) -> list:
    """The bodies of same-file functions a branch hands the request to: `await
    handleGet(req, res)`, `return handlePost(req, res)`."""
    out = []
    for st in stmts:
        for c in walk(st) if st.type in ("expression_statement", "return_statement") else ():
            if c.type == "call_expression":
                name = text(c.child_by_field_name("function"), data)
                if name in local:
                    out.append(local[name])
                break
    return out


def _derived(stmts, names: set, data) -> set:
    """Locals declared right after a credential read from it alone, with no call of their
    own: `const userId = (session?.user as CustomUser)?.id` (testing it tests the session);
    or declared empty and then set, in the branches that follow, only from credentials
    (`let userId; if (session?.user?.id) userId = session.user.id; else if (token) userId =
    verified.userId`): still empty means no credential gave one. One branch setting a
    literal (`userId = "guest"`) lets anonymous requests through: not derived."""
    out: set = set()
    empty: set = set()
    for st in stmts:
        if st.type not in ("lexical_declaration", "variable_declaration"):
            if st.type == "if_statement" and empty:
                sets: dict = {}
                for a in walk(st):
                    left = a.child_by_field_name("left") \
                        if a.type == "assignment_expression" else None
                    if left is not None and left.type == "identifier" and \
                            text(left, data) in empty:
                        sets.setdefault(text(left, data), []).append(
                            a.child_by_field_name("right"))
                for nm, vals in sets.items():
                    if any(v is None or v.type in _LITERAL_VALUES for v in vals):
                        continue
                    if any(not any(c.type == "call_expression" for c in walk(v)) and
                           any(n and re.search(rf"(?<![\w$.]){re.escape(n)}\b", text(v, data))
                               for n in names | out) for v in vals):
                        out.add(nm)
            continue
        for d in st.named_children:
            nm = d.child_by_field_name("name") if d.type == "variable_declarator" else None
            val = d.child_by_field_name("value") if nm is not None else None
            if nm is not None and nm.type == "identifier" and (
                    val is None or text(val, data) in ("null", "undefined", "''", '""')):
                empty.add(text(nm, data))
                continue
            if val is None or nm.type != "identifier" or \
                    any(c.type == "call_expression" for c in walk(val)):
                continue
            vt = text(val, data)
            if any(n and re.search(rf"(?<![\w$.]){re.escape(n)}\b", vt) for n in names | out):
                out.add(text(nm, data))
    return out


# values that are no credential's: a branch setting one lets a request without one on
_LITERAL_VALUES = ("string", "number", "true", "false", "template_string", "object", "array")
# a branch that answers with a success status (`{ status: 200 }`, `res.status(200)`): the
# request without a session is served (`{ user: null }`), not refused
_OK_STATUS = re.compile(r"\bstatus\s*(?::|\()\s*2\d\d\b")


def _handler_guards(stmts, data, path, anchor, ops, local=None) -> list[str]:
    """Credential checks written in a route handler: `const session = await auth(); if
    (!session) return 401` (required: an anonymous request stops there) or a credential read
    that lets anonymous requests go on (optional). Recorded as middleware of the route, each
    with a function record that carries the verdict."""
    stmts = _flat(stmts)
    found: list[tuple[str, dict, int]] = []
    results: list[str] = []
    for i, st in enumerate(stmts):
        call, vars_ = None, set()
        if st.type in ("lexical_declaration", "variable_declaration"):
            for d in st.named_children:
                if d.type != "variable_declarator":
                    continue
                val = d.child_by_field_name("value")
                while val is not None and val.type in ("await_expression",
                                                       "parenthesized_expression"):
                    val = val.named_children[0] if val.named_children else None
                if val is not None and val.type == "call_expression":
                    call = val
                    nm = d.child_by_field_name("name")
                    vars_ = set(_pattern(nm, data)[1]) if nm.type == "object_pattern" \
                        else {text(nm, data)}
        elif st.type == "expression_statement" and st.named_children and \
                st.named_children[0].type == "await_expression":
            # `await validateSession(req, res);`: a function of the tree handed the request and
            # response, named for a guard, whose result nothing reads: it answers the request
            # itself when it refuses (its own record decides, as a middleware's would)
            inner = st.named_children[0].named_children[0] \
                if st.named_children[0].named_children else None
            if inner is not None and inner.type == "call_expression" and \
                    _guard_helper_call(inner, data):
                found.append((_callee(inner, data), dict(OPTIONAL, defer=True),
                              st.start_point[0] + 1))
            continue
        elif st.type == "if_statement":
            cond = st.child_by_field_name("condition")
            for c in walk(cond):
                if c.type == "call_expression" and (GUARD_NAME.search(
                        text(c.child_by_field_name("function"), data)) or (
                        HEADER_READ.search(_callee(c, data)) and MISMATCH.search(
                            text(cond, data)) and DENIES.search(text(
                                st.child_by_field_name("consequence"), data))) or
                        _request_test_401(c, cond, st, data)):
                    # (a request header compared with a shared secret, rejected on mismatch)
                    call = c
                    break
            if call is not None:
                if _stops(st, data) and not _found_rejected(call, cond, st, data):
                    found.append((_callee(call, data), dict(REQUIRED), st.start_point[0] + 1))
                continue
            secret = _SECRET_TEST.search(text(cond, data)) if cond is not None else None
            if secret and _stops(st, data) and DENIES.search(
                    text(st.child_by_field_name("consequence"), data)):
                # `if (req.query.secret !== process.env.REVALIDATE_TOKEN) return 401`: a
                # shared secret the request carries, rejected when it differs
                found.append((secret.group("req") or secret.group("req2"), dict(REQUIRED),
                              st.start_point[0] + 1))
                continue
        if call is None:
            continue
        callee = _callee(call, data)
        if not callee or callee in ("require", "Number", "String", "parseInt"):
            continue
        short = callee.rsplit(".", 1)[-1]
        args = text(call.child_by_field_name("arguments"), data)
        if PASSWORD.search(callee.lower()) or PASSWORD.search(args.lower()):
            continue  # a login's check of the proof it is sent (`speakeasy.totp.verify({...})`)
        # a credential check reads the request (or the ambient session): auth(),
        # getServerSession(authOptions), verifyUser({ req, res }); not a login's
        # verifyByCredentials({ username, password }) nor a schema's parse(body)
        reads = READS_CRED.search(short) and (args.strip("() ") == "" or REQ_ARG.search(args))
        verdict = None
        derived = _derived(stmts[i + 1:i + 5], vars_, data)
        for nxt in stmts[i + 1:i + 6]:
            if nxt.type != "if_statement":
                continue
            cond = text(nxt.child_by_field_name("condition"), data)
            if any(c.type == "await_expression" for c in walk(nxt.child_by_field_name(
                    "condition"))):
                continue
            if derived and any(_missing_test(cond, v) for v in derived) and _stops(nxt, data) \
                    and reads and DENIES.search(text(nxt.child_by_field_name("consequence"),
                                                     data)):
                # a value taken from the credential read (`session?.user?.id`), its absence
                # answered 401/403: the credential's own test
                verdict = dict(REQUIRED)
                break
            answer = text(nxt.child_by_field_name("consequence"), data)
            if any(_missing_test(cond, v) for v in vars_ if v) and _stops(nxt, data) and \
                    not _OK_STATUS.search(answer) and \
                    (reads or (REJECTS.search(answer) and REQ_ARG.search(args))):
                verdict = dict(REQUIRED)
                break
            if reads and _else_denies(nxt, cond, vars_, data):
                verdict = dict(REQUIRED)  # `if (user) {...} else { res.status(401)... }`
                break
            if HEADER_READ.search(callee) and _stops(nxt, data) and any(
                    re.search(rf"\b{re.escape(v)}\b\s*!==?|!==?\s*{re.escape(v)}\b", cond)
                    for v in vars_ if v) and DENIES.search(
                        text(nxt.child_by_field_name("consequence"), data)):
                # a shared secret: the header's value compared with the expected one, rejected
                # when they differ (`if (key !== process.env.TOKEN) return 403`)
                verdict = dict(REQUIRED)
                break
        if verdict is None and reads:
            verdict = dict(OPTIONAL)
            if _guard_helper_call(call, data) and not _tested(stmts[i + 1:i + 6], vars_, data):
                # `const session = await validateSession(req, res)`, nothing tests the result: a
                # helper of the tree that may answer the request itself when it refuses; its
                # own record decides when it rejects, else this is an optional read
                verdict["defer"] = True
        if verdict is None and call.child_by_field_name("function").type == "identifier" and \
                GUARD_NAME.search(short) and _REQ_PAIR.match(args) and not any(
                    o.type == "if_statement" and any(_missing_test(text(
                        o.child_by_field_name("condition"), data), v) for v in vars_ if v)
                    for o in stmts[i + 1:i + 3]):
            # `const { currentUser } = await serverAuth(req, res)`: a function of the tree
            # handed the request, named for a guard, whose result nothing here tests: its own
            # record (it throws without a session, say) decides, as a middleware's would
            results.append(callee)
            continue
        if verdict is None and call.child_by_field_name("function").type == "identifier" and \
                REQ_ARG.search(args):
            # `const { auth, error } = await parseRequest(request); if (error) return error();`:
            # the function's own record says whether that field is a rejected credential
            # (`_auth_result`); the literal-true options it is called with are kept in the name
            for nxt in stmts[i + 1:i + 4]:
                if nxt.type != "if_statement":
                    continue
                m = re.fullmatch(r"\(\s*([\w$]+)\s*\)",
                                 text(nxt.child_by_field_name("condition"), data))
                if m and m.group(1) in vars_ and _stops(nxt, data):
                    opts = _true_options(call, data)
                    results.append(callee + (f"(true={','.join(opts)})" if opts else ""))
                    break
        if verdict is not None:
            found.append((callee, verdict, st.start_point[0] + 1))
    mw = []
    if not found and local:
        for fn in _delegates(stmts, data, local):
            mw += [m for m in _handler_guards(_stmts(fn.child_by_field_name("body")), data,
                                              path, anchor, ops) if m not in mw]
    mw += [r for r in results if r not in mw]
    for callee, verdict, line in found:
        if callee in mw:
            continue
        base, k = callee, 0
        while any(o.get("handler_check") and o.get("scope") == callee and
                  o.get("auth") != verdict for o in ops if o.get("op") == "fn"):
            # another handler of the file makes the same call and tests it otherwise (a
            # route.ts whose POST rejects without the session and whose GET only reads it,
            # the methods of one pages handler): each keeps its own record
            k += 1
            callee = f"{base}#{line}" if k == 1 else f"{base}#{line}.{k}"
        mw.append(callee)
        ops.append({"op": "fn", "scope": callee, "name": callee, "recv": "", "params": [],
                    "line": line, "end_line": line, "auth": verdict, "parent_scope": "",
                    "returns": [], "handler_check": True})
    return mw


# a name that says the function makes sure of something (`validateSession`,
# `requireUser`, `ensureAuthenticated`), not one that handles or reads (`handleAuthorize`,
# `getAuthOptions`)
_GUARD_VERB = re.compile(r"^(?:validate|require|ensure|check|verify|assert|protect|guard|"
                         r"authenticate|authori[sz]e|must)", re.IGNORECASE)


def _guard_helper_call(call, data) -> bool:
    """`validateSession(req, res)`: a function of the tree, imported or local by its name (not
    a method), named for making sure of a session or user, handed the request (and the
    response): it may answer the request itself when it refuses."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "identifier":
        return False
    name = text(fn, data)
    return bool(_GUARD_VERB.match(name) and GUARD_NAME.search(name) and
                _REQ_PAIR.match(text(call.child_by_field_name("arguments"), data)) and
                _tree_import(data, _callee(call, data), scoped=True))


def _tested(stmts, names: set, data) -> bool:
    """Whether an `if` among `stmts` tests one of `names`."""
    for st in stmts:
        if st.type != "if_statement":
            continue
        cond = text(st.child_by_field_name("condition"), data)
        if any(n and re.search(rf"(?<![\w$.]){re.escape(n)}\b", cond) for n in names):
            return True
    return False


def _import_source(data: bytes, name: str) -> str | None:
    """The module the file binds `name` from (`import name from "m"`, `import { name } from
    "m"`, `import * as name from "m"`, `const name = require("m")`, `const { name } =
    require("m")`), read from its import statements; None when it binds none."""
    n = re.escape(name.encode())
    m = re.search(rb"\bimport\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?(?:\{[^}]*(?<![\w$])" + n +
                  rb"(?![\w$])[^}]*\}|(?:\*\s+as\s+)?" + n +
                  rb")\s*from\s*['\"]([^'\"]+)['\"]", data) or \
        re.search(rb"\b(?:const|let|var)\s+(?:\{[^}]*(?<![\w$])" + n + rb"(?![\w$])[^}]*\}|" +
                  n + rb")\s*=\s*require\(\s*['\"]([^'\"]+)['\"]", data)
    return m.group(1).decode("latin-1") if m else None


def _tree_import(data: bytes, name: str, scoped: bool = False) -> bool:
    """Whether `name` is imported from a module of the tree (a relative path or a path alias
    such as `@/lib/x`), not from a package. With `scoped`, `@scope/pkg` too: a workspace
    package or an alias as often as a published package (where the route is resolved, the
    project's configuration tells which)."""
    src = _import_source(data, name)
    return src is not None and src.startswith((".", "@/", "~/", "#", "/") +
                                              (("@",) if scoped else ()))


# a call handed the request (and the response): `(req, res)`, `(request)`
_REQ_PAIR = re.compile(r"^\(\s*(req|request)\s*(,\s*(res|response)\s*)?\)$")
# reading a request header: `req.headers.get("x-api-key")`, `headers().get(...)`, `req.header(...)`
HEADER_READ = re.compile(r"(\bheaders(\(\))?\.get|\b(req|request)\.(header|get))$")
# `if (!(await hasCronSecret(request))) return new Response("Unauthorized", {status: 401})`: a
# test of the request whose failure the handler answers 401 (RFC 9110: the request lacks valid
# credentials), whatever the test is called; a 403 or a 404 answers something else
_REQUEST_ONLY_ARG = re.compile(r"^\(\s*(req|request|headers|event)\s*(,[^()]*)?\)$")
_UNAUTH = re.compile(r"\b401\b|\bunauthori[sz]ed\b", re.IGNORECASE)


def _request_test_401(call, cond, st, data) -> bool:
    args = call.child_by_field_name("arguments")
    if args is None or not _REQUEST_ONLY_ARG.match(text(args, data)):
        return False
    if not text(cond, data).lstrip("( ").startswith("!"):
        return False
    return bool(_UNAUTH.search(text(st.child_by_field_name("consequence"), data)))
_REQ_VALUE = r"(?:req|request)\.(?:query|headers|body)(?:\.[\w$]+|\[\s*[\"'][\w-]+[\"']\s*\])"
_SECRET_TEST = re.compile(r"^\(?\s*(?:(?P<req>" + _REQ_VALUE + r")\s*!==?\s*process\.env\.\w+|"
                          r"process\.env\.\w+\s*!==?\s*(?P<req2>" + _REQ_VALUE + r"))\s*\)?$")
MISMATCH = re.compile(r"!==?")
DENIES = re.compile(r"\b40[13]\b|unauthori[sz]ed|forbidden", re.IGNORECASE)
READS_CRED = re.compile(r"^(auth|currentUser|getCurrentUser|requireUser|requireAuth|"
                        r"(get|verify|validate|decode|read|check|parse|require|fetch|load|use)"
                        r"\w*(session|token|user|auth|jwt|credential|claims|identity)\w*)$",
                        re.IGNORECASE)
REQ_ARG = re.compile(r"\b(req|request|headers|cookies?|ctx|context|event)\b|auth|session|token",
                     re.IGNORECASE)


def _missing_test(cond: str, v: str) -> bool:
    """`!v`, `!v?.user`, `v == null`, `typeof v === "string"` (a verifier's error), not a
    conjunction that rejects only some of the anonymous requests. A disjunction rejects when
    any of its terms does (`!session || (session.role !== 'admin' && ...)`)."""
    terms = _top_level_or(cond.strip())
    if len(terms) > 1:
        return any(_missing_test(t, v) for t in terms)
    if "&&" in cond:
        return False
    v = re.escape(v)
    # (`session?.user.role !== 'ADMIN'`: without a session the chain is undefined, which is
    # no role: the anonymous request is refused with the others)
    # (`!isAdmin(session?.user?.email)`: a predicate of the credential's value refused when it
    # fails, as it does for a value that is not there)
    return bool(re.search(rf"!\s*\(?\s*{v}\b|\b{v}\b[\w?.]*\s*===?\s*(null|undefined|false)\b|"
                          rf"typeof\s+{v}\b|\b{v}\?\.[\w?.]*\s*!==?\s*[\"'`]|"
                          rf"!\s*(?:await\s+)?[A-Za-z_$][\w$]{{0,40}}\(\s*{v}\b[\w?.]*\s*[,)]",
                          cond))


def _top_level_or(cond: str) -> list[str]:
    """The terms of `cond` joined by `||` outside any parentheses (its own outer pair removed)."""
    while cond.startswith("(") and cond.endswith(")") and _closes_at_end(cond):
        cond = cond[1:-1].strip()
    out, depth, start, i = [], 0, 0, 0
    while i < len(cond):
        c = cond[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "|" and depth == 0 and cond.startswith("||", i):
            out.append(cond[start:i].strip())
            start, i = i + 2, i + 1
        i += 1
    out.append(cond[start:].strip())
    return out


def _closes_at_end(cond: str) -> bool:
    """Whether the parenthesis opening `cond` is the one closing it."""
    depth = 0
    for i, c in enumerate(cond):
        depth += (c == "(") - (c == ")")
        if depth == 0:
            return i == len(cond) - 1
    return False


def _callee(call, data) -> str:
    fn = call.child_by_field_name("function")
    return text(fn, data) if fn is not None and fn.type in ("identifier",
                                                           "member_expression") else ""


def _found_rejected(call, cond, if_node, data) -> bool:
    """`if (await getUser({ email })) throw new ApiError(400, 'already exists')`: the lookup's
    success is what is refused, with a client error that is no 401/403: a uniqueness check,
    not a credential's test (which refuses the request when the lookup finds nothing)."""
    before = text(cond, data)[:max(0, call.start_byte - cond.start_byte)]
    negated = "!" in before.replace("!=", "")
    return not negated and not DENIES.search(text(if_node.child_by_field_name("consequence"),
                                                  data))


def _else_denies(if_node, cond: str, vars_: set, data) -> bool:
    """`if (user) { ...answers... } else { res.status(401).send() }`: the test of the value
    written the other way round, the anonymous request answered 401/403 in the else branch
    (which ends the handler: nothing follows the if), or by the statement the if falls
    through to (`if (identity) { ...return ... } res.status(401).send()`)."""
    if not any(re.fullmatch(rf"\(\s*{re.escape(v)}\s*\)", cond) for v in vars_ if v):
        return False
    alt = if_node.child_by_field_name("alternative")
    after = if_node.next_named_sibling
    if alt is None:  # `if (identity) { ...return... } res.status(401).send()`: falls to a 401
        return after is not None and after.type in ("expression_statement",
                                                    "return_statement") and \
            bool(DENIES.search(text(after, data)))
    if after is not None:
        return False
    return bool(DENIES.search(text(alt, data)))


def _stops(if_node, data) -> bool:
    """The if's consequence ends the request (return, throw, redirect)."""
    cons = if_node.child_by_field_name("consequence")
    if cons is None:
        return False
    t = text(cons, data)
    return bool(re.search(r"\breturn\b|\bthrow\b|redirect\(|notFound\(", t))


def _next_middleware(path, stem, root, data, ops) -> None:
    """middleware.ts (proxy.ts since Next 16): `config.matcher` chooses the paths it runs
    for; it authenticates when it reads a credential and redirects/rejects without one, or
    when it is next-auth's withAuth / auth() wrapper."""
    matchers: list[str] | None = None
    fname, guard, skip, only = "", None, [], []
    arrays = _string_arrays(root, data)
    for n in root.named_children:
        if n.type != "export_statement":
            continue
        decl = n.child_by_field_name("declaration")
        val = n.child_by_field_name("value")
        src = n.child_by_field_name("source")
        if src is not None and _s(src, data) == "next-auth/middleware" and \
                re.search(r"\bdefault\b", text(n, data).split("from", 1)[0]):
            # `export { default } from "next-auth/middleware"`: next-auth 4's withAuth with
            # its defaults, which sends every matched request without a session token to the
            # sign-in page
            fname, guard = stem, dict(REQUIRED)
        elif decl is not None and decl.type == "lexical_declaration":
            for d in decl.named_children:
                if d.type == "variable_declarator" and text(
                        d.child_by_field_name("name"), data) == "config":
                    v = d.child_by_field_name("value")
                    m = _object_fields(v, data).get("matcher") if v is not None and \
                        v.type == "object" else None
                    if m is not None:
                        matchers = [x for x in ([_s(m, data)] if m.type != "array" else
                                                [_s(e, data) for e in m.named_children]) if x]
                elif d.type == "variable_declarator" and text(
                        d.child_by_field_name("name"), data) in (stem, "default"):
                    fname = stem
                    guard = _mw_guard(d.child_by_field_name("value"), data, skip, arrays,
                                      only)
        elif decl is not None and decl.type == "function_declaration" and text(
                decl.child_by_field_name("name"), data) == stem:
            fname, guard = stem, _mw_guard(decl, data, skip, arrays, only)
        elif val is not None or text(n, data).startswith("export default"):
            target = val if val is not None else decl
            fname = fname or stem
            guard = _mw_guard(target, data, skip, arrays, only)
    if guard is None:
        return
    ops.append({"op": "fn", "scope": fname, "name": fname, "recv": "", "params": [],
                "line": 1, "end_line": 1, "auth": guard, "parent_scope": "", "returns": []})
    ops.append({"op": "next_middleware", "scope": MODULE, "name": fname, "line": 1,
                "matcher": matchers, "skip": skip, **({"only": only} if only else {})})


def _mw_guard(node, data, skip: list, arrays: dict | None = None,
              only: list | None = None) -> dict | None:
    """The verdict of a Next.js middleware function; the paths it lets through go to `skip`,
    the only paths it turns visitors away from (when every refusal names them) to `only`."""
    if node is None:
        return None
    t = text(node, data)
    if node.type == "call_expression" and t.startswith("auth(") and b"next-auth" in data:
        args = _args(node)
        if args and args[0].type in ("arrow_function", "function_expression", "function"):
            # Auth.js v5: `auth(fn)` puts the session on `req.auth` and runs `fn`, which
            # decides (it turns nobody away by itself; next-auth 4's withAuth(fn) does)
            return _mw_guard(args[0], data, skip, arrays, only)
    if node.type == "call_expression" and re.match(r"(withAuth|auth|authMiddleware)\(",
                                                    t) and (b"next-auth" in data or
                                                            b"@clerk" in data):
        args = _args(node)
        if t.startswith("authMiddleware(") and args and args[0].type == "object":
            # Clerk's authMiddleware (@clerk/nextjs 4): every matched path needs a session
            # except `publicRoutes` (let through without one) and `ignoredRoutes` (not run at
            # all); each a path-to-regexp pattern as config.matcher's
            fields = _object_fields(args[0], data)
            for key in ("publicRoutes", "ignoredRoutes"):
                v = fields.get(key)
                for e in ([v] if v is not None and v.type != "array" else
                          (v.named_children if v is not None else [])):
                    p = _s(e, data)
                    if p is not None:
                        skip.append({"pattern": p})
        if t.startswith("withAuth("):
            _authorized_callback(args, data, skip)
        return dict(REQUIRED)
    body = node.child_by_field_name("body")
    stmts = _flat(_stmts(body)) if body is not None else []
    for i, st in enumerate(stmts):
        if st.type == "if_statement":
            cond = text(st.child_by_field_name("condition"), data)
            m = re.findall(r"\.startsWith\(\s*[\"'`]([^\"'`]+)[\"'`]\s*\)", cond)
            if m and _stops(st, data) and "!" not in cond.split("startsWith")[0][-3:]:
                skip.extend(m)
        if st.type == "if_statement" and arrays and _stops(st, data):
            # `if (micromatch.isMatch(pathname, unAuthenticatedRoutes)) return next()`: the
            # glob patterns of a list of the module let those paths through
            m = _GLOB_TEST.search(text(st.child_by_field_name("condition"), data))
            for g in arrays.get(m.group(1), ()) if m else ():
                skip.append({"regex": _glob_re(g)})
    if only is not None:
        only.extend(_guarded_paths(stmts, data, arrays or {}))
    found: list = []
    _handler_guards(stmts, data, "", node, found)
    if not any(op["auth"].get("rejects") for op in found):
        # the check written inside a branch on the configuration (`if (strategy === 'jwt') {
        # const token = await getToken({ req }); if (!token) return redirect(...) }`)
        for st in stmts:
            if st.type != "if_statement":
                continue
            for branch in (st.child_by_field_name("consequence"),
                           st.child_by_field_name("alternative")):
                if branch is not None:
                    _handler_guards(_flat(_stmts(branch)), data, "", node, found)
    return dict(REQUIRED) if any(op["auth"].get("rejects") for op in found) else None


def _authorized_callback(args, data, skip: list) -> None:
    """next-auth 4's `withAuth(fn, { callbacks: { authorized: ({ token, req }) => ... } })`:
    the paths for which the callback returns true before it tests the token are let through
    (`if (pathname.startsWith("/api/auth") || ...) return true`, `if (publicRoutes.includes(
    pathname)) return true` with a local list: those exact paths)."""
    opts = next((a for a in reversed(args) if a.type == "object"), None)
    cb = _object_fields(opts, data).get("callbacks") if opts is not None else None
    fn = _object_fields(cb, data).get("authorized") if cb is not None and \
        cb.type == "object" else None
    body = fn.child_by_field_name("body") if fn is not None and fn.type in (
        "arrow_function", "function_expression", "function") else None
    if body is None or body.type != "statement_block":
        return
    lists: dict[str, list[str]] = {}
    for st in _flat(_stmts(body)):
        if st.type == "lexical_declaration":
            for d in st.named_children:
                v = d.child_by_field_name("value") if d.type == "variable_declarator" else None
                if v is not None and v.type == "array":
                    lists[text(d.child_by_field_name("name"), data)] = [
                        x for x in (_s(e, data) for e in v.named_children) if x]
        if st.type != "if_statement":
            continue
        cons = text(st.child_by_field_name("consequence"), data)
        if not re.search(r"\breturn\s+true\b", cons) or "token" in cons:
            continue
        cond = text(st.child_by_field_name("condition"), data)
        bare = re.sub(r"\"[^\"\n]*\"|'[^'\n]*'|`[^`\n]*`", "", cond)  # (its literals aside)
        if re.search(r"\btoken\b", bare) or "!" in bare.replace("!=", ""):
            continue
        skip.extend(re.findall(r"\.startsWith\(\s*[\"'`](/[^\"'`]*)[\"'`]\s*\)", cond))
        for name in re.findall(r"\b([A-Za-z_$][\w$]*)\.includes\(\s*pathname\s*\)", cond):
            skip.extend({"regex": "^" + re.escape(p) + "$"} for p in lists.get(name, ()))


_PATH_EQ = re.compile(r"""\b(?:pathname|path|url\.pathname|nextUrl\.pathname)\s*===?\s*["'`](/[^"'`]*)["'`]""")
_PATH_PREFIX = re.compile(r"""\b(?:pathname|path)\.startsWith\(\s*["'`](/[^"'`]*)["'`]\s*\)""")
_PATH_LIST = re.compile(r"\b([A-Za-z_$][\w$]*)\.(?:some|includes|find)\s*\(")
_SENDS_AWAY = re.compile(r"\bredirect\s*\(|\b40[13]\b|unauthori[sz]ed|forbidden",
                         re.IGNORECASE)


def _guarded_paths(stmts, data, arrays: dict) -> list[str]:
    """The paths a middleware turns visitors away from, when each of its statements that
    redirects or rejects is a branch on the request's path (`if (pathname === '/settings')
    {...}`, `if (!session && protectedRoutes.some((r) => pathname.startsWith(r)))`): every
    other path passes through untouched. [] when some rejection is not tied to a path."""
    only: list[str] = []
    for st in stmts:
        if st.type != "if_statement":
            continue
        cons = st.child_by_field_name("consequence")
        ctext = text(cons, data) if cons is not None else ""
        if not _SENDS_AWAY.search(ctext) or "next()" in ctext and not re.search(
                r"redirect\s*\(", ctext):
            continue
        cond = text(st.child_by_field_name("condition"), data)
        paths = _PATH_EQ.findall(cond) + _PATH_PREFIX.findall(cond)
        for name in _PATH_LIST.findall(cond):
            paths += [p for p in arrays.get(name, ()) if p.startswith("/")]
        if not paths or st.child_by_field_name("alternative") is not None:
            return []
        only += paths
    return only


# micromatch / minimatch / picomatch called on the request's path with a list of globs
_GLOB_TEST = re.compile(r"\b(?:isMatch|micromatch|minimatch|picomatch|matchesGlob|some)\s*\(\s*"
                        r"[\w.]*\s*,\s*([A-Za-z_$][\w$]*)\s*[,)]")


def _glob_re(glob: str) -> str:
    """A glob (`/api/auth/**`, `/invitations/*`) as an anchored regex over a request path."""
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("/**", i) and i + 3 == len(glob):
            out.append("(?:/.*)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "^" + "".join(out) + "/?$"


def _string_arrays(root, data) -> dict:
    """Module-level `const NAME = ['...', ...]` lists of string literals."""
    out: dict = {}
    for n in root.named_children:
        decl = n.child_by_field_name("declaration") if n.type == "export_statement" else n
        if decl is None or decl.type not in ("lexical_declaration", "variable_declaration"):
            continue
        for d in decl.named_children:
            v = d.child_by_field_name("value") if d.type == "variable_declarator" else None
            if v is not None and v.type == "array":
                vals = [_s(e, data) for e in v.named_children]
                if vals and all(x is not None for x in vals):
                    out[text(d.child_by_field_name("name"), data)] = vals
    return out


# -- replay-time rules (called by auditor.endpoints.find_endpoints) -----------------------------
def _ts_info(replay) -> dict:
    """The NestJS application settings and TS constants, gathered once from every file's ops."""
    got = getattr(replay, "_ts_info", None)
    if got is not None:
        return got
    info: dict = {"prefix_op": None, "prefix_file": "", "versioning": None, "config": {},
                  "decorators": {}, "mw": [], "consts": {}, "exprs": {}, "env": _env(replay)}
    for path, fx in sorted(replay.facts.items()):
        for op in fx.get("routes", []):
            k = op.get("op")
            if k == "nest_prefix":
                info["prefix_op"], info["prefix_file"] = op, path
            elif k == "nest_versioning":
                info["versioning"] = op
            elif k == "nest_config":
                info["config"].setdefault(op["namespace"], {}).update(op.get("values", {}))
            elif k == "nest_decorator":
                info["decorators"].setdefault(op["name"], op)
            if k in ("fn", "nest_guard_class") and op.get("skip_values"):
                info.setdefault("guard_skips", {})[op["name"]] = op["skip_values"]
            if k == "fn" and (op.get("skip_keys") or op.get("allow_values")):
                info.setdefault("skip_keys", set()).update(op.get("skip_keys") or ())
                for key, vals in (op.get("allow_values") or {}).items():
                    info.setdefault("allow_values", {}).setdefault(key, set()).update(vals)
            elif k == "nest_mw":
                info["mw"].append((path, op))
            elif k == "ts_consts":
                info["consts"].setdefault(path, {}).update(op.get("values", {}))
                info["exprs"].setdefault(path, {}).update(op.get("exprs", {}))
                info.setdefault("locals", {}).setdefault(path, {}).update(op.get("locals", {}))
            elif k == "next_middleware":
                info.setdefault("next_mw", []).append((path, op))
    prefix = ""
    op = info["prefix_op"]
    if op is not None:
        prefix = op.get("prefix") or ""
        key = op.get("config_key")
        if key and "." in key:
            ns, _, rest = key.partition(".")
            prefix = info["config"].get(ns, {}).get(rest, prefix)
        elif op.get("const"):
            prefix = _const_value(replay, info, info["prefix_file"], op["const"]) or prefix
    info["prefix"] = prefix.strip("/")
    replay._ts_info = info
    return info


_ENV_OTHER = re.compile(r"test|spec|ci\b", re.IGNORECASE)


def _env(replay) -> dict[str, str]:
    """Environment variables the repository's committed env files (`.env.example`, `.env`,
    `.env.sample`: what dotenv loads, or the template of it) give one value; a test env file
    is not the application's."""
    seen: dict[str, set] = {}
    for path, fx in replay.facts.items():
        env = (fx.get("extra") or {}).get("env")
        if not env or _ENV_OTHER.search(posixpath.basename(path)):
            continue
        for k, v in env.items():
            seen.setdefault(k, set()).add(v)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def parts_value(replay, file: str, parts: list, depth: int = 0) -> str | None:
    """The string `str_parts` stand for, from the tree's constants, its module-level
    expressions (through imports, `require` included), the committed env files for a
    `process.env.X` the code gives no default, a string a function declares once in the file,
    and a parameter of the module's exported function bound to what its callers pass; None
    when a part has no single value."""
    info = _ts_info(replay)
    out = []
    for p in parts:
        if "s" in p:
            out.append(p["s"])
        elif "env" in p:
            v = info["env"].get(p["env"])
            if v is None:
                return None
            out.append(v)
        else:
            v = _name_value(replay, info, file, p.get("n", ""), depth + 1)
            if v is None:
                return None
            out.append(v)
    return "".join(out)


def string_name(replay, file: str, parts: list) -> bool:
    """The one name of `parts` is declared in the file with a string expression (`const api =
    `/${apiURL}``): a path, whether or not its value is known."""
    info = _ts_info(replay)
    if len(parts) != 1 or "n" not in parts[0]:
        return False
    name = parts[0]["n"]
    return name in info["exprs"].get(file, {}) or name in info["consts"].get(file, {})


def _name_value(replay, info, file: str, name: str, depth: int) -> str | None:
    if depth > 10 or not name:
        return None
    v = _const_value(replay, info, file, name)
    if v is not None:
        return v
    own = info["exprs"].get(file, {})
    if name in own:
        return parts_value(replay, file, own[name], depth)
    head, _, rest = name.partition(".")
    alias = own.get(head)
    if rest and alias and len(alias) == 1 and "n" in alias[0]:
        # `const { app } = keys` then `app.apiURL`: the member path of what it stands for
        return _name_value(replay, info, file, f"{alias[0]['n']}.{rest}", depth + 1)
    imp = replay.imports.get(file, {}).get(head)
    if imp is None:
        local = info.get("locals", {}).get(file, {}).get(name)
        if local is not None:
            return parts_value(replay, file, local, depth + 1)
        return _export_param_value(replay, file, name, depth) if not rest else None
    tfile, iname = imp
    key = ".".join(x for x in ((iname if iname and iname != "default" else ""), rest) if x)
    if not key:
        return None
    texp = info["exprs"].get(tfile, {})
    if key in texp:
        return parts_value(replay, tfile, texp[key], depth)
    if iname and iname != "default":  # an imported name that is itself an alias there
        return _name_value(replay, info, tfile, key, depth + 1)
    return None


REQUIRE_CALL = re.compile(r"""require\(\s*['"]([^'"]+)['"]\s*\)""")


def export_callers(replay, file: str, name: str) -> list[tuple[str, str]]:
    """[(caller file, argument text)] for each call in the tree of the function a CommonJS
    module exports (`module.exports = function (app, urlPrefix) {...}`), at the position of its
    parameter `name` (`require('./routes')(app, urlPrefix)`, or through the name a `require`
    gave it); an argument that is no plain name or string is ""; [] when `name` is none of
    that function's parameters."""
    from auditor.endpoints.modules import _ts_target

    pos = None
    for f in replay.facts.get(file, {}).get("functions") or ():
        if f.get("kind") == "function" and (f.get("qname") or "").endswith(".default"):
            names = [p.get("name") for p in f.get("params") or ()]
            if name in names:
                pos = names.index(name)
    if pos is None:
        return []
    memo = replay.__dict__.setdefault("_export_calls", {})
    calls = memo.get(file)
    if calls is None:
        calls = memo[file] = []
        files = set(replay.facts)
        for g, fx in replay.facts.items():
            if g == file or fx.get("language") not in ("typescript", "tsx", "javascript"):
                continue
            imps = replay.imports.get(g, {})
            for c in fx.get("calls") or ():
                callee = c.get("callee") or ""
                m = REQUIRE_CALL.fullmatch(callee)
                if m is not None:
                    if _ts_target(g, m.group(1), files, None) != file:
                        continue
                elif imps.get(callee) not in ((file, "default"), (file, "")):
                    continue
                calls.append((g, c.get("args") or []))
    out = []
    for g, args in calls:
        arg = args[pos] if pos < len(args) else {}
        t = (arg or {}).get("text") or ""
        if (arg or {}).get("kind") == "str":
            out.append((g, "'" + t.strip("'\"`") + "'"))
        else:
            out.append((g, t if re.fullmatch(r"[A-Za-z_$][\w$]*", t) else ""))
    return out


def _export_param_value(replay, file: str, name: str, depth: int) -> str | None:
    """A parameter of the function a CommonJS module exports bound to what the tree's calls of
    that module pass in its place (`require('./routes')(app, urlPrefix)`), when they all pass
    the one string."""
    if depth > 6:
        return None
    values = set()
    for g, arg in export_callers(replay, file, name):
        if arg.startswith("'"):
            got = arg[1:-1]
        else:
            got = parts_value(replay, g, [{"n": arg}], depth + 1) if arg else None
        if got is None:
            return None
        values.add(got)
    return values.pop() if len(values) == 1 else None


def const_value(replay, file: str, expr: str) -> str | None:
    """The string a constant expression of `file` names (`StrategyName.LOCAL`, an enum
    member or a `const` of the file or of the module it imports), or None."""
    return _const_value(replay, _ts_info(replay), file, expr)


def _const_value(replay, info, file: str, expr: str) -> str | None:
    expr = re.sub(r"\s+", "", expr)
    own = info["consts"].get(file, {})
    if expr in own:
        return own[expr]
    head, _, rest = expr.partition(".")
    imp = replay.imports.get(file, {}).get(head)
    if imp is None:
        return None
    tfile, name = imp
    key = ".".join(x for x in ((name if name and name != "default" else ""), rest) if x)
    if name == "default" and not rest:
        return None
    return info["consts"].get(tfile, {}).get(key or head)


def expand_routes(replay, routes: list) -> list:
    """TS routes as the framework serves them: a path named by a constant or enum member of
    another module; NestJS composite decorators (applyDecorators(UseGuards(...))), public
    markers (SetMetadata(IS_PUBLIC_KEY, true)) and one route per URI version."""
    from dataclasses import replace

    if not any(r.framework in ("nestjs", "express") for r in routes):
        return routes
    info = _ts_info(replay)
    out = []
    for r in routes:
        if r.framework not in ("nestjs", "express"):
            out.append(r)
            continue
        if r.path is None and re.fullmatch(r"[\w.\s]+", r.path_text or ""):
            v = _const_value(replay, info, r.file, r.path_text)
            if v is None and r.framework == "express":
                v = _name_value(replay, info, r.file, re.sub(r"\s+", "", r.path_text), 0)
            if v is not None:
                r = replace(r, path=v)
        if r.path is None and r.extra.get("ts_path_parts"):  # `${base}/users`, BASE + '/x'
            v = parts_value(replay, r.file, r.extra["ts_path_parts"])
            if v is not None:
                r = replace(r, path=v)
        if r.framework != "nestjs":
            out.append(r)
            continue
        mw, public = list(r.mw), any(PUBLIC_MARK.search(m) for m in
                                     list(r.mw) + list(r.extra.get("class_marks", ()))
                                     if m.startswith("@"))
        todo, seen = list(r.extra.get("decorators", [])), set()
        while todo:
            d = todo.pop(0)
            op = info["decorators"].get(d)
            if d in seen or op is None:
                continue
            seen.add(d)
            mw += [g for g in op.get("guards", []) if g not in mw]
            public = public or bool(op.get("public")) or bool(
                set(op.get("keys", ())) & info.get("skip_keys", set())) or any(
                a in info.get("allow_values", {}).get(k, ())
                for k in op.get("keys", ())
                for a in (r.extra.get("decorator_args") or {}).get(d, ()))
            todo += op.get("decorators", [])
        extra = dict(r.extra)
        if public:
            extra["nest_public"] = True
        skipped = _skipped_guards(info, r)
        if skipped:
            extra["nest_skipped_guards"] = skipped
        r = replace(r, mw=mw, extra=extra)
        ver = info["versioning"]
        versions = None
        if ver is not None and ver.get("type") == "URI":
            versions = r.extra.get("method_version") or r.extra.get("ctrl_version") or \
                ver.get("default")
        for v in versions or [None]:
            out.append(r if v is None else replace(r, extra={**r.extra, "nest_version": v}))
    return out


def _pattern_re(p: str) -> re.Pattern:
    p = "/" + p.strip("/")
    rx = ""
    for part in re.split(r"(:\w+\??|\(\.\*\)|\*\w*|\{\*\w*\})", p):
        if not part:
            continue
        if part.startswith(":"):
            rx += "[^/]+"
        elif part.startswith(("*", "(", "{")):
            rx += ".*"
        else:
            rx += re.escape(part)
    return re.compile(rx.rstrip("/") + "/?$" if rx != "/" else "/$")


def _matches(entries: list, path: str, method: str, controller: str) -> bool:
    path = "/" + path.strip("/")
    for e in entries:
        if "controller" in e:
            if e["controller"] == controller:
                return True
            continue
        if e.get("method", "ANY") not in ("ANY", method):
            continue
        if _pattern_re(e.get("path", "")).match(path):
            return True
    return False


def nest_prefix(replay, route, full: str) -> str:
    """Global prefix (unless excluded) and URI version before the controller's path:
    /{prefix}/v{version}/{controller}/{method}."""
    info = _ts_info(replay)
    from auditor.endpoints.interpret import join

    version = route.extra.get("nest_version")
    vseg = ""
    if version:
        vseg = "/" + (info["versioning"] or {}).get("vprefix", "v") + version
    # RouterModule: the module's path between the version and the controller's path
    mpath = nest_module_paths(replay).get((route.file, route.extra.get("controller", "")), "")
    if mpath.strip("/"):
        full = join(mpath, full)
    out = join(vseg, full) if vseg else full
    prefix = info["prefix"]
    if prefix:
        op = info["prefix_op"] or {}
        rel = join(full, route.path or "")
        if not _matches(op.get("exclude", []), rel, route.method, ""):
            out = join("/" + prefix, out)
    return out


def _skipped_guards(info: dict, r) -> list[str]:
    """The guards whose `canActivate` lets this route through for a value its decorator
    lists under the key they read (`skip_values`): `@PublicGuard([GuardName.JwtGuard])`
    skips the guard testing for `GuardName.JwtGuard`, not one testing for another name."""
    skips = info.get("guard_skips") or {}
    if not skips:
        return []
    out = []
    args = r.extra.get("decorator_args") or {}
    for d in r.extra.get("decorators", []):
        op = info["decorators"].get(d) or {}
        given = " ".join(args.get(d, ()))
        for guard, by_key in skips.items():
            if any(re.search(r"(?<![\w$.])" + re.escape(v) + r"(?![\w$])", given)
                   for k in op.get("keys", ()) for v in by_key.get(k, ())):
                out.append(guard)
    return sorted(set(out))


def _matcher_re(m: str) -> re.Pattern | None:
    """A Next.js middleware matcher (path-to-regexp with regex groups) as a regex."""
    rx = re.sub(r"/:\w+\*", "(?:/.*)?", m)
    rx = re.sub(r"/:\w+\+", "(?:/.+)", rx)
    rx = re.sub(r"/:\w+\?", "(?:/[^/]+)?", rx)
    rx = re.sub(r":\w+", "[^/]+", rx)
    try:
        return re.compile("^" + rx + "/?$")
    except re.error:
        return None


def _path_under(path: str, prefix: str) -> bool:
    """`path` is `prefix` or below it."""
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


def effective(replay, route, rel: str, eff: list) -> list:
    if route.framework == "nestjs":
        return nest_effective(replay, route, rel, eff)
    info = _ts_info(replay)
    pre = []
    for file, op in info.get("next_mw", []):
        path = "/" + rel.strip("/")
        if op.get("only") and not any(_path_under(path, p) for p in op["only"]):
            continue  # (it turns visitors away from those paths only, `_guarded_paths`)
        if any(_path_under(path, p) for p in op.get("skip", []) if isinstance(p, str)) or any(
                (rx := _matcher_re(p["pattern"])) is not None and rx.match(path)
                for p in op.get("skip", []) if isinstance(p, dict) and "pattern" in p) or any(
                re.match(p["regex"], path) for p in op.get("skip", [])
                if isinstance(p, dict) and "regex" in p):
            continue
        ms = op.get("matcher")
        if ms is None or any((rx := _matcher_re(m)) is not None and rx.match(path) for m in ms):
            pre.append((op["name"], file, op.get("line", 1)))
    return pre + eff


def nest_effective(replay, route, rel: str, effective: list) -> list:
    """NestJS order: middleware bound in a module's configure(consumer) for this route, then
    global guards (useGlobalGuards, APP_GUARD), then controller and method guards; a route
    marked public (SetMetadata(IS_PUBLIC_KEY, true)) is exempt from the global and controller
    guards that honour it."""
    info = _ts_info(replay)
    pre = []
    ctrl = route.extra.get("controller", "")
    for file, op in info["mw"]:
        if _matches(op.get("routes", []), rel, route.method, ctrl) and not _matches(
                op.get("exclude", []), rel, route.method, ctrl):
            pre += [(m, file, op.get("line", 0)) for m in op.get("mw", [])]
    guards = [(g, route.file, route.line) for g in replay.nest_guards]
    if route.extra.get("nest_public"):
        guards = []
        effective = [e for e in effective if (e[1], e[2]) == (route.file, route.line)]
    skipped = set(route.extra.get("nest_skipped_guards") or ())
    if skipped:
        guards = [g for g in guards if g[0].split("(", 1)[0] not in skipped]
        effective = [e for e in effective if e[0].split("(", 1)[0] not in skipped]
    return pre + guards + effective
