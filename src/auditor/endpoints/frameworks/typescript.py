"""TypeScript/JavaScript routers: Express (Router(), app.use(prefix, router) mounting,
route().get() chains, middleware arguments), NestJS (@Controller prefix + @Get/@Post...,
@UseGuards, setGlobalPrefix) and Next.js route handlers (app/**/route.ts exported GET/POST...,
pages/api/**)."""
from __future__ import annotations

import posixpath
import re

from auditor.endpoints.frameworks import nodes_of
from auditor.endpoints.profile import SpanProfiler
from auditor.index.walk import text, walk

MODULE = "<module>"
EXPRESS_METHODS = {"get", "post", "put", "delete", "patch", "options", "head", "all"}
NEST_METHODS = {"Get": "GET", "Post": "POST", "Put": "PUT", "Delete": "DELETE", "Patch": "PATCH",
                "Options": "OPTIONS", "Head": "HEAD", "All": "ANY"}
NEXT_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
ROUTERISH = re.compile(r"^(app|server|router|api|apiRouter|r|v\d+|\w*(Router|Routes|App|Api))$")
FUNC_TYPES = ("function_declaration", "method_definition", "arrow_function", "function_expression",
              "function")
KINDS = ("import_statement", "variable_declarator", "function_declaration", "method_definition",
         "class_declaration", "export_statement", "assignment_expression",
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


def extract(path: str, tree, data: bytes, ops: list[dict]) -> None:
    root = tree.root_node
    _next_routes(path, root, data, ops)
    if not re.search(rb"express|Router\(|@nestjs|@Controller|setGlobalPrefix|require\(|import",
                     data):
        return
    routers: set[str] = set()
    prof = SpanProfiler(data)
    for n in nodes_of(tree, KINDS):
        t = n.type
        if t == "import_statement":
            _import(n, data, ops)
        elif t == "variable_declarator":
            _declarator(n, data, ops, routers, prof)
        elif t in ("function_declaration", "method_definition"):
            nm = n.child_by_field_name("name")
            ops.append({"op": "fn", "scope": text(nm, data) if nm is not None else "",
                        "name": text(nm, data) if nm is not None else "", "recv": "",
                        "params": [], "line": n.start_point[0] + 1,
                        "end_line": n.end_point[0] + 1,
                        "auth": prof.for_span(n.start_byte, n.end_byte),
                        "parent_scope": "", "returns": []})
        elif t == "class_declaration":
            _nest_class(n, data, ops)
        elif t == "export_statement":
            val = n.child_by_field_name("value")
            if val is not None and val.type == "identifier":
                ops.append({"op": "alias", "scope": MODULE, "var": "default",
                            "of": text(val, data), "line": n.start_point[0] + 1})
        elif t == "assignment_expression":
            left = text(n.child_by_field_name("left"), data)
            right = n.child_by_field_name("right")
            if left in ("module.exports", "exports.default") and right is not None \
                    and right.type == "identifier":
                ops.append({"op": "alias", "scope": MODULE, "var": "default",
                            "of": text(right, data), "line": n.start_point[0] + 1})
        elif t == "call_expression":
            _call(n, data, ops, routers)


def _import(n, data, ops) -> None:
    src = n.child_by_field_name("source")
    mod = _s(src, data) if src is not None else None
    if not mod:
        return
    line = n.start_point[0] + 1
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


def _declarator(n, data, ops, routers, prof) -> None:
    name = n.child_by_field_name("name")
    value = n.child_by_field_name("value")
    if name is None or value is None:
        return
    var = text(name, data)
    line = n.start_point[0] + 1
    if value.type in ("arrow_function", "function_expression", "function"):
        # const requireAuth = (req, res, next) => {...}: a middleware or handler by name
        ops.append({"op": "fn", "scope": var, "name": var, "recv": "", "params": [],
                    "line": line, "end_line": n.end_point[0] + 1,
                    "auth": prof.for_span(value.start_byte, value.end_byte),
                    "parent_scope": "", "returns": []})
        return
    if value.type in ("call_expression", "new_expression"):
        fn = value.child_by_field_name("function") or value.child_by_field_name("constructor")
        ftext = text(fn, data) if fn is not None else ""
        if ftext == "require":
            args = _args(value)
            mod = _s(args[0], data) if args else None
            if mod:
                ops.append({"op": "import", "alias": var, "module": mod, "name": "default",
                            "line": line})
            return
        if ftext in ("express", "express.default") or ftext.endswith("express"):
            routers.add(var)
            ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "express",
                        "line": line})
        elif ftext in ("express.Router", "Router", "Express.Router"):
            routers.add(var)
            ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "express",
                        "line": line})
        elif ftext.endswith("NestFactory.create"):
            ops.append({"op": "nest_app", "scope": MODULE, "var": var.strip(), "line": line})
    elif value.type == "await_expression":
        inner = value.named_children[0] if value.named_children else None
        if inner is not None and inner.type == "call_expression" \
                and text(inner.child_by_field_name("function"), data).endswith(
                    "NestFactory.create"):
            ops.append({"op": "nest_app", "scope": MODULE, "var": var, "line": line})


def _call(n, data, ops, routers) -> None:
    fn = n.child_by_field_name("function")
    if fn is None or fn.type != "member_expression":
        return
    obj = fn.child_by_field_name("object")
    prop = text(fn.child_by_field_name("property"), data)
    args = _args(n)
    line = n.start_point[0] + 1
    if prop == "setGlobalPrefix" and args:
        ops.append({"op": "nest_prefix", "scope": MODULE, "prefix": _s(args[0], data) or "",
                    "line": line})
        return
    if prop == "useGlobalGuards":
        ops.append({"op": "nest_guards", "scope": MODULE,
                    "mw": [_guard_name(a, data) for a in args], "line": line})
        return
    # app.route('/p').get(h).post(h2)
    route_path = None
    base = obj
    while base.type == "call_expression":
        bfn = base.child_by_field_name("function")
        if bfn is None or bfn.type != "member_expression":
            break
        bprop = text(bfn.child_by_field_name("property"), data)
        if bprop == "route":
            rargs = _args(base)
            route_path = rargs[0] if rargs else None
            base = bfn.child_by_field_name("object")
            break
        if bprop not in EXPRESS_METHODS:
            break
        base = bfn.child_by_field_name("object")
    target = text(base, data)
    known = target in routers or ROUTERISH.match(target.rsplit(".", 1)[-1] or "")
    if not known:
        return
    if prop in EXPRESS_METHODS and route_path is not None and args:
        ops.append(_route(target, prop, route_path, args, line, data))
        return
    if prop in EXPRESS_METHODS and len(args) >= 2 and obj.type != "call_expression":
        p = _s(args[0], data)
        if p is None and args[0].type not in ("identifier", "binary_expression", "template_string",
                                             "member_expression"):
            return
        if p is not None and not p.startswith("/") and p != "*":
            return
        ops.append(_route(target, prop, args[0], args[1:], line, data))
        return
    if prop == "use" and args:
        prefix = _s(args[0], data)
        rest = args[1:] if prefix is not None else args
        ops.append({"op": "use", "scope": MODULE, "target": target, "prefix": prefix,
                    "mw": [_name(a, data).split("(")[0] for a in rest],
                    "children": [text(a, data) for a in rest], "line": line,
                    "framework": "express"})


def _route(target, method, path_node, rest, line, data) -> dict:
    handler = rest[-1]
    return {"op": "route", "scope": MODULE, "target": target,
            "method": "ANY" if method == "all" else method.upper(),
            "path": _s(path_node, data), "path_text": text(path_node, data)[:200],
            "handler": _name(handler, data), "handler_line": handler.start_point[0] + 1,
            "mw": [_name(a, data).split("(")[0] for a in rest[:-1]], "line": line,
            "framework": "express"}


def _guard_name(node, data) -> str:
    t = text(node, data)
    if node.type == "new_expression":
        t = t[4:].strip()
    return t.split("(")[0] if not t.startswith("AuthGuard") else t.replace("'", '"')


def _deco_call(d, data):
    expr = d.named_children[0] if d.named_children else None
    if expr is None:
        return "", []
    if expr.type == "call_expression":
        return text(expr.child_by_field_name("function"), data), _args(expr)
    return text(expr, data), []


def _nest_class(n, data, ops) -> None:
    decos = [c for c in n.children if c.type == "decorator"]
    if n.parent is not None and n.parent.type == "export_statement":
        decos = [c for c in n.parent.children if c.type == "decorator"] + decos
    prefix = None
    guards: list[str] = []
    for d in decos:
        name, args = _deco_call(d, data)
        if name == "Controller":
            prefix = ""
            if args:
                p = _s(args[0], data)
                if p is None and args[0].type == "object":
                    for pair in args[0].named_children:
                        key = text(pair.child_by_field_name("key"), data) \
                            if pair.type == "pair" else ""
                        if key == "path":
                            p = _s(pair.child_by_field_name("value"), data)
                prefix = p if p is not None else ""
        elif name == "UseGuards":
            guards.extend(_guard_name(a, data) for a in args)
        elif name in ("Public", "AllowAnonymous", "SkipAuth"):
            guards.append("@" + name)
    if prefix is None:
        return
    cname = text(n.child_by_field_name("name"), data)
    var = f"class:{cname}"
    line = n.start_point[0] + 1
    ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "nestjs", "line": line,
                "prefix": prefix, "mw": guards})
    body = n.child_by_field_name("body")
    pending: list = []
    for c in (body.named_children if body is not None else []):
        if c.type == "decorator":
            pending.append(c)
            continue
        if c.type != "method_definition":
            pending = []
            continue
        mdecos = pending + [x for x in c.children if x.type == "decorator"]
        pending = []
        mname = text(c.child_by_field_name("name"), data)
        routes, mguards = [], []
        for d in mdecos:
            name, args = _deco_call(d, data)
            if name in NEST_METHODS:
                routes.append((NEST_METHODS[name], _s(args[0], data) if args else "",
                               d.start_point[0] + 1, args))
            elif name == "UseGuards":
                mguards.extend(_guard_name(a, data) for a in args)
            elif name in ("Public", "AllowAnonymous", "SkipAuth"):
                mguards.append("@" + name)
        for method, p, dline, args in routes:
            ops.append({"op": "route", "scope": MODULE, "target": var, "method": method,
                        "path": p, "path_text": text(args[0], data) if args else "''",
                        "handler": f"{cname}.{mname}", "handler_line": c.start_point[0] + 1,
                        "mw": mguards, "line": dline, "framework": "nestjs",
                        "extra": {"node_hint": c.start_point[0] + 1}})


def _next_routes(path: str, root, data, ops) -> None:
    """Next.js: app/**/route.ts exports GET/POST...; pages/api/** default export."""
    parts = path.split("/")
    stem, _ = posixpath.splitext(parts[-1])
    if stem == "route" and "app" in parts:
        i = len(parts) - 1 - parts[::-1].index("app")
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
                names = [(text(v.child_by_field_name("name"), data), v)
                         for v in decl.named_children if v.type == "variable_declarator"]
            for name, node in names:
                if name in NEXT_METHODS:
                    ops.append({"op": "route", "scope": MODULE, "target": "next:app",
                                "method": name, "path": url, "path_text": url,
                                "handler": name, "handler_line": node.start_point[0] + 1,
                                "mw": [], "line": node.start_point[0] + 1,
                                "framework": "nextjs",
                                "extra": {"node_hint": node.start_point[0] + 1}})
    elif "pages" in parts and "api" in parts and parts.index("api") == parts.index("pages") + 1:
        i = parts.index("api")
        segs = parts[i:-1] + ([] if stem == "index" else [stem])
        url = "/" + "/".join(segs)
        for n in root.named_children:
            if n.type == "export_statement" and text(n, data).startswith("export default"):
                ops.append({"op": "route", "scope": MODULE, "target": "next:pages",
                            "method": "ANY", "path": url, "path_text": url,
                            "handler": "default", "handler_line": n.start_point[0] + 1,
                            "mw": [], "line": n.start_point[0] + 1, "framework": "nextjs",
                            "extra": {"node_hint": n.start_point[0] + 1}})
