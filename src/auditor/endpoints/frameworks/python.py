"""Python routers: FastAPI (APIRouter prefix/dependencies, include_router, add_api_route,
Depends/Security), Flask (blueprints, url_prefix, add_url_rule, MethodView, before_request) and
Django (urls.py path/re_path/include, class-based views, DRF routers and ViewSets).

Everything is recorded in the module scope: Python routers are module-level objects that other
modules import, so the replay resolves them through the importing file's imports.
"""
from __future__ import annotations

import re

from auditor.endpoints.frameworks import ScopeTracker, nodes_of
from auditor.endpoints.profile import SpanProfiler
from auditor.index.walk import text, walk

FASTAPI_METHODS = {"get", "post", "put", "delete", "patch", "head", "options", "trace"}
MODULE = "<module>"
CONSTRUCTORS = {"FastAPI": "fastapi", "APIRouter": "fastapi", "Flask": "flask",
                "Blueprint": "flask", "Starlette": "fastapi", "Quart": "flask"}
SECURITY_SCHEMES = {"HTTPBearer", "HTTPBasic", "HTTPDigest", "OAuth2PasswordBearer",
                    "OAuth2AuthorizationCodeBearer", "OpenIdConnect", "APIKeyHeader",
                    "APIKeyCookie", "APIKeyQuery"}
# Flask-RESTX / Flask-RESTful: Api(app_or_blueprint) mounts on what it is given; a Namespace
# is a router of its own, mounted by api.add_namespace(ns, path=...) (default "/<name>")
RESTX_CONSTRUCTORS = {"Api", "Namespace"}
DRF_ROUTERS = {"DefaultRouter", "SimpleRouter", "ExtendedDefaultRouter", "NestedSimpleRouter"}
VIEWSET_ACTIONS = [("GET", "", "list"), ("POST", "", "create"), ("GET", "{pk}/", "retrieve"),
                   ("PUT", "{pk}/", "update"), ("PATCH", "{pk}/", "partial_update"),
                   ("DELETE", "{pk}/", "destroy")]
HTTP_METHOD_NAMES = ("get", "post", "put", "patch", "delete", "head", "options")
PERMISSIVE = re.compile(r"AllowAny")
KINDS = ("import_from_statement", "import_statement", "function_definition", "class_definition",
         "assignment", "augmented_assignment", "decorated_definition",
         "(call function: (attribute))")  # _call reads no other call


def _s(node, data) -> str | None:
    """The value of a plain string literal (no f-string interpolation)."""
    if node is None or node.type != "string":
        return None
    if any(c.type == "interpolation" for c in node.children):
        return None
    parts = [text(c, data) for c in node.children if c.type == "string_content"]
    return "".join(parts)


def _kwargs(args, data) -> dict:
    return {text(a.child_by_field_name("name"), data): a.child_by_field_name("value")
            for a in (args.named_children if args is not None else [])
            if a.type == "keyword_argument"}


def _positional(args, data) -> list:
    return [a for a in (args.named_children if args is not None else [])
            if a.type not in ("keyword_argument", "comment", "list_splat", "dictionary_splat")]


def _dep_names(node, data) -> list[str]:
    """`[Depends(auth), Security(user, scopes=[..])]` -> ["auth", "user"]."""
    out = []
    if node is None:
        return out
    for n in walk(node):
        if n.type == "call":
            fn = text(n.child_by_field_name("function"), data)
            if fn.rsplit(".", 1)[-1] in ("Depends", "Security"):
                pos = _positional(n.child_by_field_name("arguments"), data)
                out.append(text(pos[0], data) if pos else fn)
    return out


def extract(path: str, tree, data: bytes, ops: list[dict]) -> None:
    src_has = data.find
    if src_has(b"fastapi") < 0 and src_has(b"flask") < 0 and src_has(b"django") < 0 \
            and src_has(b"rest_framework") < 0 and src_has(b"urlpatterns") < 0 \
            and src_has(b"starlette") < 0 and src_has(b"Depends") < 0 and src_has(b"quart") < 0:
        _functions_only(tree, data, ops)
        if _VALUE_WORDS.search(data):
            _values_only(tree, data, ops)
        return
    classes: dict[str, dict] = {}
    tracker = ScopeTracker(outer="")
    prof = SpanProfiler(data)
    for n in nodes_of(tree, KINDS):
        t = n.type
        outer = tracker.at(n)
        if t in ("function_definition", "class_definition"):
            name = text(n.child_by_field_name("name"), data)
            tracker.enter(n, f"{outer}.{name}" if outer else name)
        if t == "import_from_statement":
            _import_from(n, data, ops)
        elif t == "import_statement":
            for c in n.children_by_field_name("name"):
                if c.type == "aliased_import":
                    ops.append({"op": "import", "alias": text(c.child_by_field_name("alias"), data),
                                "module": text(c.child_by_field_name("name"), data), "name": "",
                                "level": 0, "line": n.start_point[0] + 1})
                else:
                    mod = text(c, data)
                    ops.append({"op": "import", "alias": mod.split(".")[0], "module": mod,
                                "name": "", "level": 0, "line": n.start_point[0] + 1})
        elif t == "function_definition":
            _fn_op(n, data, ops, tracker.stack[-1][1], prof)
        elif t == "class_definition":
            info = _class_info(n, data)
            classes[text(n.child_by_field_name("name"), data)] = info
            ops.append({"op": "class", "name": text(n.child_by_field_name("name"), data), **info})
        elif t == "assignment":
            _assignment(n, data, ops)
        elif t == "augmented_assignment":  # urlpatterns += [...] / += router.urls
            if text(n.child_by_field_name("left"), data) == "urlpatterns" and \
                    text(n.child_by_field_name("operator"), data) == "+=":
                right = n.child_by_field_name("right")
                if right is not None:
                    _django_list(right, "urlpatterns", data, ops)
        elif t == "call":
            _call(n, data, ops, classes)
        elif t == "decorated_definition":
            d = n.child_by_field_name("definition")
            dname = text(d.child_by_field_name("name"), data) if d is not None else ""
            _decorated(n, data, ops, f"{outer}.{dname}" if outer else dname)


def _functions_only(tree, data, ops) -> None:
    tracker = ScopeTracker(outer="")
    prof = SpanProfiler(data)
    for n in nodes_of(tree, ("function_definition", "class_definition")):
        outer = tracker.at(n)
        name = text(n.child_by_field_name("name"), data)
        tracker.enter(n, f"{outer}.{name}" if outer else name)
        if n.type == "function_definition":
            _fn_op(n, data, ops, tracker.stack[-1][1], prof)


def _import_from(n, data, ops) -> None:
    mod = n.child_by_field_name("module_name")
    level = 0
    modname = ""
    if mod is not None and mod.type == "relative_import":
        for c in mod.children:
            if c.type == "import_prefix":
                level = len(text(c, data))
            elif c.type == "dotted_name":
                modname = text(c, data)
    elif mod is not None:
        modname = text(mod, data)
    for c in n.children_by_field_name("name"):
        if c.type == "aliased_import":
            name = text(c.child_by_field_name("name"), data)
            alias = text(c.child_by_field_name("alias"), data)
        else:
            name = alias = text(c, data)
        ops.append({"op": "import", "alias": alias, "module": ("." * level) + modname if level
                    else modname, "name": name, "level": level, "line": n.start_point[0] + 1})


def _fn_op(n, data, ops, q: str, prof: SpanProfiler) -> None:
    params = []
    plist = n.child_by_field_name("parameters")
    for p in (plist.named_children if plist is not None else []):
        name = p.child_by_field_name("name") if p.type != "identifier" else p
        if name is None:
            continue
        val = p.child_by_field_name("value")
        params.append([text(name, data), text(val, data)[:200] if val is not None else ""])
    start = n.parent if n.parent is not None and n.parent.type == "decorated_definition" else n
    decos = [text(c.named_children[0], data).split("(")[0] for c in start.children
             if c.type == "decorator" and c.named_children] if start is not n else []
    ops.append({"op": "fn", "scope": q, "name": q.rsplit(".", 1)[-1],
                "recv": q.rsplit(".", 1)[0] if "." in q else "", "params": params,
                "line": n.start_point[0] + 1, "end_line": n.end_point[0] + 1,
                "deco_line": start.start_point[0] + 1,
                "auth": prof.for_span(n.start_byte, n.end_byte),
                "decorators": decos,
                "parent_scope": "", "returns": []})


def _class_info(n, data) -> dict:
    bases = n.child_by_field_name("superclasses")
    info = {"bases": [text(b, data) for b in _positional(bases, data)] if bases is not None else [],
            "methods": [], "line": n.start_point[0] + 1, "perm": [], "decorators": []}
    if n.parent is not None and n.parent.type == "decorated_definition":
        # @method_decorator([login_required, staff_required], name="dispatch") on the class
        for dec in n.parent.named_children:
            if dec.type != "decorator" or not dec.named_children:
                continue
            expr = dec.named_children[0]
            if expr.type == "call" and text(expr.child_by_field_name("function"),
                                            data).endswith("method_decorator"):
                dpos = _positional(expr.child_by_field_name("arguments"), data)
                if dpos:
                    inner = dpos[0]
                    names = [text(x, data) for x in inner.named_children] \
                        if inner.type in ("list", "tuple") else [text(inner, data)]
                    info["decorators"].extend(names)
            else:
                info["decorators"].append(text(expr, data).split("(")[0])
    body = n.child_by_field_name("body")
    for c in (body.named_children if body is not None else []):
        d = c.child_by_field_name("definition") if c.type == "decorated_definition" else c
        if d is not None and d.type == "function_definition":
            info["methods"].append(text(d.child_by_field_name("name"), data))
            if c.type == "decorated_definition":
                act = _drf_action(c, text(d.child_by_field_name("name"), data), data)
                if act is not None:
                    info.setdefault("actions", []).append(act)
        if c.type == "expression_statement" and c.named_child_count == 1 \
                and c.named_children[0].type == "assignment":
            a = c.named_children[0]
            left = text(a.child_by_field_name("left"), data)
            right = a.child_by_field_name("right")
            if left == "lookup_field" and _s(right, data):
                info["lookup_field"] = _s(right, data)
            if right is not None and _s(right, data) is not None:  # settings defaults
                info.setdefault("attrs", {})[left] = _s(right, data)
            if left in ("permission_classes", "authentication_classes", "decorators",
                        "method_decorators", "dependencies") and right is not None:
                names = [text(x, data) for x in right.named_children] \
                    if right.type in ("list", "tuple") else [text(right, data)]
                if left in ("permission_classes", "decorators", "method_decorators"):
                    info["perm"].extend(names)
    return info


def _restx_constructor(short, var, args, kw, data, ops, line) -> None:
    pos = _positional(args, data)
    if short == "Api":
        ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "flask",
                    "line": line, "prefix": "", "mw": [], "kind": "restx-api"})
        if pos:  # Api(blueprint) / Api(app): the resources hang on it
            ops.append({"op": "mount", "scope": MODULE, "target": text(pos[0], data),
                        "prefix": _s(kw.get("prefix"), data) or "", "child": var, "line": line,
                        "framework": "flask"})
        return
    name = _s(kw.get("name"), data) or (_s(pos[0], data) if pos else None) or var
    path = _s(kw.get("path"), data)
    ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "flask", "line": line,
                "prefix": "", "mw": _restx_decorators(kw.get("decorators"), data),
                "kind": "restx-namespace", "mount_default": path if path is not None
                else "/" + name})


def _restx_decorators(node, data) -> list[str]:
    if node is None or node.type not in ("list", "tuple"):
        return []
    return [text(x, data).split("(")[0] for x in node.named_children]


def _restx_resource(obj, cls_name, info, path_nodes, line, data, ops) -> None:
    """The routes of a Resource class: one per HTTP method it defines, with its decorators."""
    for path_node in path_nodes:
        for m in info.get("methods", []):
            if m in HTTP_METHOD_NAMES:
                ops.append(_route(obj, m.upper(), path_node, f"{cls_name}.{m}", line,
                                  list(info.get("perm", [])) + list(info.get("decorators", [])),
                                  line, data, "flask"))


def _drf_action(decorated, name: str, data) -> dict | None:
    """A DRF `@action(detail=..., methods=[...], url_path=...)` on a ViewSet method."""
    for dec in decorated.named_children:
        if dec.type != "decorator" or not dec.named_children:
            continue
        call = dec.named_children[0]
        if call.type != "call" or text(call.child_by_field_name("function"),
                                       data).rsplit(".", 1)[-1] not in ("action", "detail_route",
                                                                        "list_route"):
            continue
        fn = text(call.child_by_field_name("function"), data).rsplit(".", 1)[-1]
        kw = _kwargs(call.child_by_field_name("arguments"), data)
        detail = fn == "detail_route" or (text(kw["detail"], data) == "True" if "detail" in kw
                                          else False)
        return {"name": name, "detail": detail,
                "methods": [m.upper() for m in _methods(kw.get("methods"), data)] or ["GET"],
                "url_path": _s(kw.get("url_path"), data) or name}
    return None


def _assignment(n, data, ops) -> None:
    left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
    if left is None or right is None or left.type != "identifier":
        return
    var = text(left, data)
    line = n.start_point[0] + 1
    if n.parent is not None and n.parent.type == "expression_statement" and \
            n.parent.parent is not None and n.parent.parent.type == "module":
        value = _s(right, data)
        if value is None and right.type == "call":  # os.getenv("API_PREFIX", "/api")
            fn = text(right.child_by_field_name("function"), data)
            cpos = _positional(right.child_by_field_name("arguments"), data)
            if fn in ("os.getenv", "getenv", "os.environ.get", "environ.get") and len(cpos) > 1:
                value = _s(cpos[1], data)
        if value is not None:
            ops.append({"op": "const", "name": var, "value": value, "line": line})
        if right.type == "subscript" and text(right, data).startswith(("Annotated", "typing.Annotated")):
            deps = _dep_names(right, data)
            if deps:  # CurrentUser = Annotated[User, Depends(get_current_user)]
                ops.append({"op": "dep_alias", "name": var, "deps": deps, "line": line})
    if right.type == "call":
        fn = text(right.child_by_field_name("function"), data)
        short = fn.rsplit(".", 1)[-1]
        args = right.child_by_field_name("arguments")
        kw = _kwargs(args, data)
        if short in SECURITY_SCHEMES:
            # security = HTTPBearer(): rejects a request without credentials unless auto_error=False
            lenient = text(kw["auto_error"], data) == "False" if "auto_error" in kw else False
            ops.append({"op": "fn", "scope": var, "name": var, "recv": "", "params": [],
                        "line": line, "end_line": line, "decorators": [],
                        "auth": {"reads_credential": True, "rejects": not lenient,
                                 "next_on_missing": lenient},
                        "parent_scope": "", "returns": []})
            return
        if short in RESTX_CONSTRUCTORS:
            _restx_constructor(short, var, args, kw, data, ops, line)
            return
        if short in CONSTRUCTORS:
            fw = CONSTRUCTORS[short]
            pnode = kw.get("prefix") or kw.get("url_prefix")
            prefix = _s(pnode, data) or ""
            op = {"op": "new", "scope": MODULE, "var": var, "framework": fw, "line": line,
                  "prefix": prefix, "mw": _dep_names(kw.get("dependencies"), data),
                  "kind": short}
            if pnode is not None and _s(pnode, data) is None:
                op["prefix_expr"] = text(pnode, data)[:200]
            if short in ("FastAPI", "Starlette"):
                docs = {}
                for k in ("docs_url", "redoc_url", "openapi_url"):
                    if k in kw:
                        v = kw[k]
                        docs[k] = None if text(v, data) == "None" else (
                            _s(v, data) or "expr:" + text(v, data)[:200])
                op["docs"] = docs
                if short == "Starlette":
                    op["docs"] = {"docs_url": None, "redoc_url": None, "openapi_url": None}
            ops.append(op)
        elif short in DRF_ROUTERS:
            ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "django",
                        "line": line, "prefix": "", "kind": "drf"})
    elif var == "urlpatterns" and right.type in ("list", "binary_operator"):
        ops.append({"op": "new", "scope": MODULE, "var": "urlpatterns", "framework": "django",
                    "line": line, "prefix": ""})
        _django_list(right, "urlpatterns", data, ops)


def _django_list(node, target: str, data, ops) -> None:
    """The entries of a urlpatterns list (or of lists joined with `+`), for router `target`.
    Lists nested in an `include((...))` are their own routers (see `_django_entry`)."""
    if node.type == "binary_operator":
        for side in (node.child_by_field_name("left"), node.child_by_field_name("right")):
            if side is not None:
                _django_list(side, target, data, ops)
        return
    if node.type == "attribute" and text(node.child_by_field_name("attribute"), data) == "urls":
        # `urlpatterns = [...] + router.urls`: the DRF router's routes at this level
        ops.append({"op": "mount", "scope": MODULE, "target": target, "prefix": "",
                    "child": text(node.child_by_field_name("object"), data),
                    "line": node.start_point[0] + 1, "framework": "django"})
        return
    if node.type != "list":
        return
    for item in node.named_children:
        if item.type == "call":
            _django_entry(item, data, ops, target)


def _django_entry(call, data, ops, target: str = "urlpatterns") -> None:
    fn = text(call.child_by_field_name("function"), data).rsplit(".", 1)[-1]
    if fn not in ("path", "re_path", "url"):
        return
    args = call.child_by_field_name("arguments")
    pos = _positional(args, data)
    if len(pos) < 2:
        return
    route = _s(pos[0], data)
    line = call.start_point[0] + 1
    view = pos[1]
    vtext = text(view, data)
    if view.type == "call" and text(view.child_by_field_name("function"), data).endswith("include"):
        ipos = _positional(view.child_by_field_name("arguments"), data)
        child = ""
        if ipos:
            arg = ipos[0]
            if arg.type == "tuple" and arg.named_children:  # include((patterns, app_name))
                arg = arg.named_children[0]
            s = _s(arg, data)
            child = f"module:{s}" if s is not None else text(arg, data)
            if arg.type == "list":  # include(([path(...), ...], "app")): a router of its own
                child = f"@include:{arg.start_point[0] + 1}:{arg.start_point[1]}"
                ops.append({"op": "new", "scope": MODULE, "var": child, "framework": "django",
                            "line": arg.start_point[0] + 1, "prefix": ""})
                _django_list(arg, child, data, ops)
        ops.append({"op": "mount", "scope": MODULE, "target": target,
                    "prefix": _django_path(route, fn), "child": child, "line": line,
                    "framework": "django"})
        return
    if vtext.endswith("admin.site.urls") or vtext.endswith(".site.urls"):
        return  # Django's admin: routes of the framework, not of the application
    handler = vtext
    if view.type == "call" and text(view.child_by_field_name("function"), data).endswith("as_view"):
        handler = text(view.child_by_field_name("function"), data).rsplit(".", 1)[0]
    ops.append({"op": "route", "scope": MODULE, "target": target, "method": "ANY",
                "path": _django_path(route, fn), "path_text": text(pos[0], data)[:200],
                "handler": handler, "handler_line": line, "mw": [], "line": line,
                "framework": "django",
                "extra": {"view_class": handler} if handler != vtext else {}})


def _django_path(route: str | None, fn: str) -> str | None:
    if route is None:
        return None
    if fn in ("re_path", "url"):
        from auditor.endpoints.frameworks.django_paths import regex_to_path

        route = regex_to_path(route)
    return route


def _call(n, data, ops, classes) -> None:
    fn = n.child_by_field_name("function")
    if fn is None or fn.type != "attribute":
        return
    obj = text(fn.child_by_field_name("object"), data)
    attr = text(fn.child_by_field_name("attribute"), data)
    args = n.child_by_field_name("arguments")
    pos, kw = _positional(args, data), _kwargs(args, data)
    line = n.start_point[0] + 1
    if attr == "include_router" and pos:
        ops.append({"op": "mount", "scope": MODULE, "target": obj,
                    "prefix": _s(kw.get("prefix"), data) or "", "child": text(pos[0], data),
                    "mw": _dep_names(kw.get("dependencies"), data), "line": line,
                    **_prefix_expr(kw.get("prefix"), data)})
    elif attr == "register_blueprint" and pos:
        ops.append({"op": "mount", "scope": MODULE, "target": obj,
                    "prefix": _s(kw.get("url_prefix"), data) or "", "child": text(pos[0], data),
                    "line": line, **_prefix_expr(kw.get("url_prefix"), data)})
    elif attr == "add_namespace" and pos:
        ops.append({"op": "mount", "scope": MODULE, "target": obj,
                    "prefix": _s(kw.get("path"), data) if "path" in kw else None,
                    "child": text(pos[0], data), "line": line, "framework": "flask"})
    elif attr == "add_resource" and len(pos) >= 2:
        cls = text(pos[0], data)
        info = classes.get(cls.rsplit(".", 1)[-1], {})
        if info:
            _restx_resource(obj, cls, info, pos[1:], line, data, ops)
        else:  # the Resource lives in another module: the endpoints stage expands it
            for path_node in pos[1:]:
                ops.append({**_route(obj, "VIEW", path_node, cls, line, [], line, data, "flask"),
                            "extra": {"view_class": cls}})
    elif attr == "add_middleware" and pos:
        ops.append({"op": "use", "scope": MODULE, "target": obj, "prefix": None,
                    "mw": [text(pos[0], data)], "line": line, "outer_first": True})
    elif attr == "add_api_route" and len(pos) >= 2:
        methods = _methods(kw.get("methods"), data) or ["GET"]
        for m in methods:
            ops.append(_route(obj, m, pos[0], text(pos[1], data), pos[1].start_point[0] + 1,
                              _dep_names(kw.get("dependencies"), data), line, data, "fastapi"))
    elif attr == "add_url_rule" and pos:
        view = kw.get("view_func") or (pos[2] if len(pos) > 2 else None)
        if view is None:
            return
        methods = _methods(kw.get("methods"), data)
        vtext = text(view, data)
        if view.type == "call" and vtext.split("(")[0].endswith(".as_view"):
            cls = vtext.split("(")[0].rsplit(".", 1)[0]
            info = classes.get(cls.rsplit(".", 1)[-1], {})
            if not info:  # defined in another module: expanded by the endpoints stage
                ops.append({**_route(obj, "VIEW", pos[0], cls, line, [], line, data, "flask"),
                            "extra": {"view_class": cls}})
                return
            for m in info.get("methods", []):
                if m in HTTP_METHOD_NAMES:
                    ops.append(_route(obj, m.upper(), pos[0], f"{cls}.{m}", line,
                                      info.get("perm", []), line, data, "flask"))
            return
        for m in methods or ["GET"]:
            ops.append(_route(obj, m, pos[0], vtext, line, [], line, data, "flask"))
    elif attr == "register" and obj and len(pos) >= 2:
        # DRF: router.register(r"users", UserViewSet)
        prefix = _s(pos[0], data)
        view = text(pos[1], data)
        info = classes.get(view.rsplit(".", 1)[-1], {})
        base = "/".join(x for x in [(prefix or "").strip("/")] if x)
        if not info or info.get("actions") or info.get("lookup_field") or not any(
                b.endswith(("ModelViewSet", "ReadOnlyModelViewSet")) for b in info["bases"]):
            # the class (or its bases) may live in another module: the endpoints stage expands
            # the router's routes from every class the scan saw (`django_views`)
            ops.append({"op": "route", "scope": MODULE, "target": obj, "method": "VIEWSET",
                        "path": base if prefix is not None else None,
                        "path_text": text(pos[0], data), "handler": view, "handler_line": line,
                        "mw": [], "line": line, "framework": "django",
                        "extra": {"view_class": view}})
            return
        for method, suffix, action in VIEWSET_ACTIONS:
            if info and action not in info.get("methods", []) and not any(
                    b.endswith(("ModelViewSet", "ReadOnlyModelViewSet")) for b in info["bases"]):
                continue
            if info and any(b.endswith("ReadOnlyModelViewSet") for b in info["bases"]) \
                    and method not in ("GET",):
                continue
            ops.append({"op": "route", "scope": MODULE, "target": obj, "method": method,
                        "path": (base + "/" + suffix) if prefix is not None else None,
                        "path_text": text(pos[0], data), "handler": f"{view}.{action}",
                        "handler_line": line, "mw": list(info.get("perm", [])), "line": line,
                        "framework": "django", "extra": {"view_class": view}})


# a settings module or a constants module that may hold a route prefix
_VALUE_WORDS = re.compile(rb"(?i)prefix|_str\b|_path\b|base_?url|root_path")


def _values_only(tree, data, ops) -> None:
    """Module constants and settings-class defaults of a file that registers no route: the
    prefixes other modules name (`settings.API_V1_STR`, `API_PREFIX`)."""
    for n in nodes_of(tree, ("assignment",)):
        parent = n.parent
        if parent is None or parent.type != "expression_statement" or parent.parent is None:
            continue
        where = parent.parent
        if where.type == "module":
            _assignment(n, data, ops)
        elif where.type == "block" and where.parent is not None and \
                where.parent.type == "class_definition":
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if left is not None and right is not None and _s(right, data) is not None:
                name = text(where.parent.child_by_field_name("name"), data)
                ops.append({"op": "class", "name": name, "bases": [], "methods": [], "perm": [],
                            "decorators": [], "line": where.parent.start_point[0] + 1,
                            "attrs": {text(left, data): _s(right, data)}})


def _annotation_names(params, data) -> list[str]:
    """`annot:X` for every parameter annotated with a plain name X: X may be a dependency
    alias (`CurrentUser = Annotated[User, Depends(get_current_user)]`, often in another
    module), which the endpoints stage expands; names that are not aliases are dropped."""
    out = []
    for p in (params.named_children if params is not None else ()):
        if p.type in ("typed_parameter", "typed_default_parameter"):
            t = p.child_by_field_name("type")
            if t is not None and t.named_child_count == 1 and t.named_children[0].type == "identifier":
                out.append("annot:" + text(t.named_children[0], data))
            elif t is not None and t.type == "identifier":
                out.append("annot:" + text(t, data))
    return out


def _prefix_expr(node, data) -> dict:
    """A prefix that is not a literal, for the endpoints stage to resolve (`values.Values`)."""
    if node is None or _s(node, data) is not None:
        return {}
    return {"prefix_expr": text(node, data)[:200]}


def _methods(node, data) -> list[str]:
    if node is None or node.type not in ("list", "tuple", "set"):
        return []
    return [s.upper() for s in (_s(x, data) for x in node.named_children) if s]


def _route(obj, method, path_node, handler, hline, mw, line, data, fw) -> dict:
    return {"op": "route", "scope": MODULE, "target": obj, "method": method,
            "path": _s(path_node, data), "path_text": text(path_node, data)[:200],
            "handler": handler, "handler_line": hline, "mw": list(mw), "line": line,
            "framework": fw}


def _decorated(n, data, ops, name: str) -> None:
    d = n.child_by_field_name("definition")
    if d is None:
        return
    decos = [c for c in n.children if c.type == "decorator"]
    if d.type == "class_definition":
        # Flask-RESTX: @ns.route("/path") on a Resource class
        for deco in decos:
            expr = deco.named_children[0] if deco.named_children else None
            if expr is None or expr.type != "call":
                continue
            fn = expr.child_by_field_name("function")
            if fn is None or fn.type != "attribute" or \
                    text(fn.child_by_field_name("attribute"), data) != "route":
                continue
            pos = _positional(expr.child_by_field_name("arguments"), data)
            if pos:
                _restx_resource(text(fn.child_by_field_name("object"), data),
                                text(d.child_by_field_name("name"), data), _class_info(d, data),
                                pos, deco.start_point[0] + 1, data, ops)
        return
    others = []
    routes = []
    for deco in decos:
        expr = deco.named_children[0] if deco.named_children else None
        if expr is None:
            continue
        if expr.type == "call":
            fn = expr.child_by_field_name("function")
            args = expr.child_by_field_name("arguments")
            ftext = text(fn, data)
            if fn.type == "attribute":
                obj = text(fn.child_by_field_name("object"), data)
                attr = text(fn.child_by_field_name("attribute"), data)
                pos, kw = _positional(args, data), _kwargs(args, data)
                if attr in FASTAPI_METHODS and pos:
                    deps = _dep_names(kw.get("dependencies"), data)
                    routes.append((obj, attr.upper(), pos[0], deps, deco, "fastapi?"))
                    continue
                if attr in ("route", "api_route", "websocket") and pos:
                    methods = _methods(kw.get("methods"), data) or \
                        (["WEBSOCKET"] if attr == "websocket" else ["GET"])
                    for m in methods:
                        routes.append((obj, m, pos[0], _dep_names(kw.get("dependencies"), data),
                                       deco, "route"))
                    continue
                if attr == "middleware":
                    ops.append({"op": "use", "scope": MODULE, "target": obj, "prefix": None,
                                "mw": [name], "line": deco.start_point[0] + 1,
                                "outer_first": True})
                    continue
            others.append(ftext.split("(")[0])
        else:
            etext = text(expr, data)
            if etext.endswith((".before_request", ".before_app_request")):
                ops.append({"op": "use", "scope": MODULE, "target": etext.rsplit(".", 1)[0],
                            "prefix": None, "mw": [name], "line": deco.start_point[0] + 1})
                continue
            others.append(etext)
    if not routes:
        return
    params = d.child_by_field_name("parameters")
    param_deps = _dep_names(params, data) + _annotation_names(params, data)
    for obj, method, path_node, deps, deco, kind in routes:
        fw = "fastapi" if kind == "fastapi?" else "flask"
        if kind == "route" and method != "GET":
            fw = "flask"
        if kind in ("route",) and "api_route" in text(deco, data):
            fw = "fastapi"
        op = _route(obj, method, path_node, name, d.start_point[0] + 1,
                    deps + param_deps + [o for o in others], deco.start_point[0] + 1, data, fw)
        op["extra"] = {"node_hint": d.start_point[0] + 1, "deco_hint": n.start_point[0] + 1,
                       "fw_guess": kind}
        ops.append(op)
