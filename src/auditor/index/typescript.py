"""TypeScript / TSX / JavaScript indexer: tree-sitter tree -> FileFacts.

One iterative pass over the tree with an explicit stack of (node, scope), so nesting depth never
touches Python's recursion limit. Names follow `path/to/file.Class.method`; the module's top-level
code is the node named `path/to/file`. Beyond the shared record shapes it adds, for the resolver:
calls carry `chain` (the callee as plain segments, `this` included) and `new`; classes carry
`implements`, `decorators`, `ctor_params`; `extra["exports"]` lists what the module exports and
`extra["objects"]` the members of object literals bound to names.
"""
from __future__ import annotations

import re

from auditor.index.facts import FileFacts

_EXTS = (".d.ts", ".tsx", ".ts", ".mts", ".cts", ".jsx", ".js", ".mjs", ".cjs")
_FUNC_NODES = frozenset({"arrow_function", "function_expression", "function",
                         "generator_function"})
_DECL_FUNCS = frozenset({"function_declaration", "generator_function_declaration"})
_CLASS_NODES = frozenset({"class_declaration", "abstract_class_declaration", "class"})
# Subtrees that hold types or literal text only: nothing to index below them.
_SKIP = frozenset({"type_annotation", "type_arguments", "type_parameters", "comment",
                   "string", "number", "regex", "predefined_type", "type_identifier",
                   "property_identifier", "jsx_text", "ambient_declaration",
                   "enum_declaration", "interface_declaration", "type_alias_declaration"})
_TEXT_LIMIT = 200
_EXPR_DEPTH = 4
_MEMO_TYPES = frozenset(("string", "number", "true", "false", "null", "undefined", "identifier",
                         "this", "shorthand_property_identifier", "member_expression",
                         "call_expression", "new_expression", "binary_expression", "object",
                         "array"))
_LEAVES = frozenset(("string", "number", "true", "false", "null", "undefined", "identifier",
                     "this", "shorthand_property_identifier"))
_SEGMENT = re.compile(r"^[A-Za-z_$#][\w$]*$")


def module_name(path: str) -> str:
    """`src/users/users.service.ts` -> `src/users/users.service` (the TS node prefix)."""
    for ext in _EXTS:
        if path.endswith(ext):
            return path[: -len(ext)]
    return path


class _Scope:
    __slots__ = ("qname", "cls", "parent", "n_anon")

    def __init__(self, qname: str, cls: str | None, parent: "_Scope | None") -> None:
        self.qname = qname
        self.cls = cls
        self.parent = parent
        self.n_anon: dict[int, int] = {}


class _Indexer:
    def __init__(self, path: str, data: bytes, facts: FileFacts) -> None:
        self.path = path
        self.data = data
        self.facts = facts
        self.mod = module_name(path)
        self.lambda_names: dict[int, str] = {}  # function node id -> its qname
        self.exports: list[dict] = []
        self.objects: dict[str, dict] = {}
        self.jsx: list[dict] = []
        self.named: set[int] = set()  # ids of function nodes already given a name
        self.fn_by_qname: dict[str, dict] = {}
        self.memo: dict[tuple, dict] = {}  # (node type, depth, source bytes) -> expression
        self.strs: dict[str, str] = {}

    # -- small helpers ---------------------------------------------------------------------
    def t(self, node, limit: int | None = None) -> str:
        if node is None:
            return ""
        end = node.end_byte if limit is None else min(node.end_byte, node.start_byte + limit)
        s = self.data[node.start_byte:end].decode("utf-8", "replace")
        return self.strs.setdefault(s, s)  # equal texts share one string (see index/go.py)

    def str_value(self, node) -> str:
        s = self.t(node)
        return s[1:-1] if len(s) >= 2 and s[0] in "'\"`" else s

    def type_text(self, node) -> str:
        """The text of a type annotation without its leading colon."""
        if node is None:
            return ""
        s = self.t(node, 300).strip()
        return s[1:].strip() if s.startswith(":") else s

    def chain(self, node) -> list[str] | None:
        """`this.repo.find` -> ['this', 'repo', 'find']; None when not a plain dotted path."""
        parts: list[str] = []
        cur = node
        for _ in range(40):
            ty = cur.type
            if ty in ("non_null_expression", "parenthesized_expression", "await_expression") \
                    and cur.named_child_count:  # `await this.request<T>()` parses so
                cur = cur.named_children[0]
                continue
            if ty == "member_expression":
                prop = cur.child_by_field_name("property")
                if prop is None:
                    return None
                parts.append(self.t(prop))
                cur = cur.child_by_field_name("object")
                if cur is None:
                    return None
                continue
            if ty in ("identifier", "this", "super", "property_identifier"):
                parts.append(self.t(cur))
                parts.reverse()
                return parts if all(_SEGMENT.match(p) for p in parts) else None
            return None
        return None

    def add_function(self, qname: str, name: str, node, kind: str, cls: str | None,
                     scope: _Scope | None, params_node=None, ret_node=None,
                     decorators: list[str] | None = None, **extra) -> dict:
        if qname in self.fn_by_qname:  # overloads, redefinitions: keep the first, then number
            i = 2
            while f"{qname}#{i}" in self.fn_by_qname:
                i += 1
            qname = f"{qname}#{i}"
        rec = {"qname": qname, "name": name, "kind": kind, "line": node.start_point[0] + 1,
               "end_line": node.end_point[0] + 1, "cls": cls,
               "params": self.params(params_node) if params_node is not None else [],
               "returns": [self.type_text(ret_node)] if ret_node is not None else [],
               "decorators": decorators or [], "exported": False,
               "parent": scope.qname if scope else None}
        rec.update(extra)
        self.facts.functions.append(rec)
        self.fn_by_qname[qname] = rec
        self.named.add(node.id)
        return rec

    def params(self, node) -> list[dict]:
        out = []
        if node is None:
            return out
        if node.type == "identifier":  # `x => ...`
            return [{"name": self.t(node), "type": ""}]
        for p in node.named_children:
            ty = p.type
            if ty in ("required_parameter", "optional_parameter"):
                pat = p.child_by_field_name("pattern")
                rec = {"name": self.t(pat, 100),
                       "type": self.type_text(p.child_by_field_name("type"))}
                mods = [c for c in p.children if c.type in ("accessibility_modifier", "readonly",
                                                           "override_modifier")]
                if mods:
                    rec["property"] = True
                decs = [self.t(c, 200)[1:] for c in p.children if c.type == "decorator"]
                if decs:
                    rec["decorators"] = decs
                if p.type == "optional_parameter":
                    rec["optional"] = True
                val = p.child_by_field_name("value")
                if val is not None:
                    rec["default"] = self.expr(val)
                out.append(rec)
            elif ty == "identifier":
                out.append({"name": self.t(p), "type": ""})
            elif ty == "assignment_pattern":
                out.append({"name": self.t(p.child_by_field_name("left"), 100), "type": "",
                            "default": self.expr(p.child_by_field_name("right"))})
            elif ty in ("rest_pattern", "object_pattern", "array_pattern"):
                out.append({"name": self.t(p, 100), "type": ""})
        return out

    # -- expressions -------------------------------------------------------------------------
    def names_in(self, node) -> list[str]:
        out: list[str] = []
        stack = [node]
        seen = 0
        while stack and seen < 150 and len(out) < 20:
            n = stack.pop()
            seen += 1
            if n.type in ("identifier", "shorthand_property_identifier", "this"):
                s = self.t(n)
                if s not in out:
                    out.append(s)
                continue
            if n.type in _SKIP or (n.type in _FUNC_NODES and n is not node):
                continue  # a callback's body is its own scope, not names this expression reads
            stack.extend(reversed(n.named_children))
        return out

    def expr(self, node, depth: int = 0) -> dict:
        if node is None:
            return {"kind": "other", "text": "", "names": []}
        ty = node.type
        cast = ""
        while ty in ("parenthesized_expression", "await_expression", "non_null_expression",
                     "as_expression", "satisfies_expression", "type_assertion") \
                and node.named_child_count:
            if ty == "as_expression" and not cast and node.named_child_count > 1:
                cast = self.t(node.named_children[1], 200)
            node = node.named_children[0] if ty != "type_assertion" else node.named_children[-1]
            ty = node.type
        if cast:  # `{} as APIClient`: the type says what the value is
            e = dict(self.expr(node, depth))  # a copy: records may be shared (below)
            e["type"] = cast
            return e
        if ty in _MEMO_TYPES:
            # Names, literals, member chains, calls, objects and operators are built once per
            # file and text (`this.repo`, `req`, `res.json(...)` recur on every line): one
            # shared record costs less to build, send and keep; nothing mutates an expression
            # record once built. Only a record with a function in it names its place.
            raw = self.data[node.start_byte:node.end_byte]
            if ty in _LEAVES or (b"=>" not in raw and b"function" not in raw):
                key = (ty, depth, raw)
                e = self.memo.get(key)
                if e is None:
                    e = self.memo[key] = self._expr(node, ty, depth)
                return e
        return self._expr(node, ty, depth)

    def _expr(self, node, ty: str, depth: int) -> dict:
        text = self.t(node, _TEXT_LIMIT if depth == 0 else 80)  # nested parts: short texts
        if ty == "string":
            return {"kind": "str", "text": text, "value": self.str_value(node), "names": []}
        if ty == "template_string":
            subs = [c for c in node.named_children if c.type == "template_substitution"]
            if not subs:
                return {"kind": "str", "text": text, "value": self.str_value(node), "names": []}
            e = {"kind": "template", "text": text}
            if depth < _EXPR_DEPTH and len(subs) <= 10:
                e["parts"] = [self.expr(s.named_children[0] if s.named_child_count else None,
                                        depth + 1) for s in subs]
                e["names"] = _merge_names(e["parts"])
            else:
                e["names"] = self.names_in(node)
            return e
        if ty == "number":
            return {"kind": "num", "text": text, "names": []}
        if ty in ("true", "false"):
            return {"kind": "bool", "text": text, "names": []}
        if ty in ("null", "undefined"):
            return {"kind": "null", "text": text, "names": []}
        if ty in ("identifier", "this", "shorthand_property_identifier"):
            return {"kind": "name", "text": text, "names": [text]}
        if ty == "member_expression":
            e = {"kind": "attr", "text": text}
            ch = self.chain(node)
            if ch:
                e["chain"] = ch
                e["names"] = [ch[0]]
            elif depth < _EXPR_DEPTH:
                e["object"] = self.expr(node.child_by_field_name("object"), depth + 1)
                e["prop"] = self.t(node.child_by_field_name("property"))
                e["names"] = e["object"]["names"]
            else:
                e["names"] = self.names_in(node)
            return e
        if ty in ("call_expression", "new_expression"):
            fn = node.child_by_field_name("function" if ty == "call_expression" else "constructor")
            e = {"kind": "call", "text": text, "callee": self.t(fn, _TEXT_LIMIT)}
            if ty == "new_expression":
                e["new"] = True
            ch = self.chain(fn) if fn is not None else None
            if ch:
                e["chain"] = ch
            elif depth < _EXPR_DEPTH and fn is not None:
                e["callee_expr"] = self.expr(fn, depth + 1)
            args = node.child_by_field_name("arguments")
            if depth < _EXPR_DEPTH and args is not None:
                e["parts"] = [self.expr(a, depth + 1) for a in args.named_children[:10]
                              if a.type != "comment"]
                sub = [{"names": ch[:1]}] if ch else [e.get("callee_expr") or {"names": []}]
                e["names"] = _merge_names(sub + e["parts"])
            else:
                e["names"] = self.names_in(node)
            return e
        if ty == "binary_expression":
            op = node.child_by_field_name("operator")
            e = {"kind": "binop", "text": text, "op": self.t(op)}
            if depth < _EXPR_DEPTH:
                e["parts"] = [self.expr(node.child_by_field_name("left"), depth + 1),
                              self.expr(node.child_by_field_name("right"), depth + 1)]
                e["names"] = _merge_names(e["parts"])
                if e["op"] == "+" and any(p["kind"] in ("str", "template", "concat")
                                          for p in e["parts"]):
                    e["kind"] = "concat"
            else:
                e["names"] = self.names_in(node)
            return e
        if ty in _FUNC_NODES:
            e = {"kind": "lambda", "text": text[:60], "names": []}
            q = self.lambda_names.get(node.id)
            if q:
                e["qname"] = q
            return e
        if ty == "object":
            e = {"kind": "dict", "text": text, "names": self.names_in(node)}
            if depth < _EXPR_DEPTH:
                keys, parts = [], []
                for c in node.named_children[:30]:
                    if c.type == "pair":
                        keys.append(self.str_value(c.child_by_field_name("key")))
                        parts.append(self.expr(c.child_by_field_name("value"), depth + 1))
                    elif c.type == "shorthand_property_identifier":
                        keys.append(self.t(c))
                        parts.append(self.expr(c, depth + 1))
                e["keys"], e["parts"] = keys, parts
            return e
        if ty == "array":
            e = {"kind": "list", "text": text, "names": self.names_in(node)}
            if depth < _EXPR_DEPTH:
                e["parts"] = [self.expr(c, depth + 1) for c in node.named_children[:20]]
            return e
        if ty in ("class", "jsx_element", "jsx_self_closing_element", "jsx_fragment"):
            return {"kind": "other", "text": text, "names": []}
        return {"kind": "other", "text": text, "names": self.names_in(node)}

    # -- the pass ------------------------------------------------------------------------------
    def type_alias(self, node, val, sc) -> None:
        """`type KyselyDB = Kysely<DB>`: a name code is annotated with that stands for another
        type (a library's handle, most often), kept as a value-less declaration of that type so
        that a parameter typed with the alias resolves as one typed with what it names. An
        intersection (`type UserDocument = Document & User`, the Mongoose schema document) is
        each of its parts (graph.typescript `type_values`)."""
        name = node.child_by_field_name("name")
        text = self.type_text(val)
        if name is None or not text or val.type in ("literal_type", "function_type",
                                                      "conditional_type", "template_literal_type"):
            return
        self.facts.assigns.append({"func": sc.qname, "target": self.t(name),
                                   "value": {"kind": "other", "text": "", "names": []},
                                   "line": node.start_point[0] + 1, "type": text,
                                   "type_alias": True})

    def run(self, root) -> None:
        f = self.facts
        f.module = self.mod
        mod_scope = _Scope(self.mod, None, None)
        self.add_function(self.mod, self.mod.rsplit("/", 1)[-1], root, "module", None, None)
        stack = [(root, mod_scope)]
        pop, push = stack.pop, stack.append
        while stack:
            node, sc = pop()
            ty = node.type
            if ty in _SKIP:
                if ty == "interface_declaration":
                    self.interface(node)
                elif ty == "type_alias_declaration":
                    val = node.child_by_field_name("value")
                    if val is not None and val.type == "object_type":
                        self.interface(node, body=val)
                    elif val is not None:
                        self.type_alias(node, val, sc)
                continue
            handler = _HANDLERS.get(ty)
            if handler is not None:
                children = handler(self, node, sc)
                if children is None:
                    continue
                for c in reversed(children):
                    push(c)
                continue
            for c in reversed(node.named_children):
                push((c, sc))
        exported = {e["local"] for e in self.exports if e.get("local") and not e.get("source")}
        for rec in f.functions:
            top = rec["qname"][len(self.mod) + 1:].split(".", 1)[0] if rec["kind"] != "module" \
                else ""
            rec["exported"] = top in exported
        for c in f.classes:
            c["exported"] = c["name"] in exported
        f.extra["exports"] = self.exports
        f.extra["objects"] = self.objects
        if self.jsx:
            f.extra["jsx"] = self.jsx

    # -- scopes ---------------------------------------------------------------------------
    def child_qname(self, sc: _Scope, name: str) -> str:
        return f"{sc.qname}.{name}"

    def anon_qname(self, sc: _Scope, node) -> str:
        line = node.start_point[0] + 1
        n = sc.n_anon.get(line, 0) + 1
        sc.n_anon[line] = n
        return f"{sc.qname}.<anonymous@{line}>" if n == 1 else \
            f"{sc.qname}.<anonymous@{line}#{n}>"

    def function_body(self, node, rec: dict, sc: _Scope, cls: str | None):
        """Children of a function to visit, in the new scope; an expression body is a return."""
        new = _Scope(rec["qname"], cls, sc)
        body = node.child_by_field_name("body")
        out = []
        for c in node.named_children:
            if c.type == "formal_parameters":
                for p in c.named_children:  # defaults and decorators may call
                    out.append((p, new))
        if body is not None:
            if body.type != "statement_block":
                self.facts.returns.append({"func": rec["qname"], "value": self.expr(body),
                                           "line": body.start_point[0] + 1})
            out.append((body, new))
        return out


# -- node handlers: each returns the (node, scope) pairs to visit next, or None -------------

def _h_function(ix: _Indexer, node, sc: _Scope):
    if node.id in ix.named:
        rec = ix.fn_by_qname[ix.lambda_names[node.id]]
    else:
        name_node = node.child_by_field_name("name")
        if node.type in _DECL_FUNCS and name_node is not None:
            name = ix.t(name_node)
            qname = ix.child_qname(sc, name)
            kind = "function" if sc.parent is None else "closure"
        else:
            qname = ix.anon_qname(sc, node)
            name = qname.rsplit(".", 1)[-1]
            kind = "closure"
        rec = ix.add_function(qname, name, node, kind, sc.cls, sc,
                              node.child_by_field_name("parameters")
                              or node.child_by_field_name("parameter"),
                              node.child_by_field_name("return_type"),
                              **{"async": _is_async(node)})
        ix.lambda_names[node.id] = rec["qname"]
    return ix.function_body(node, rec, sc, sc.cls)


def _is_async(node) -> bool:
    return any(c.type == "async" for c in node.children[:3])


def _name_function(ix: _Indexer, fn_node, qname: str, sc: _Scope, kind: str = "function",
                   cls: str | None = None, decorators: list[str] | None = None) -> str:
    rec = ix.add_function(qname, qname.rsplit(".", 1)[-1], fn_node, kind, cls, sc,
                          fn_node.child_by_field_name("parameters")
                          or fn_node.child_by_field_name("parameter"),
                          fn_node.child_by_field_name("return_type"),
                          decorators=decorators, **{"async": _is_async(fn_node)})
    ix.lambda_names[fn_node.id] = rec["qname"]
    return rec["qname"]


def _h_class(ix: _Indexer, node, sc: _Scope, name: str | None = None,
             decorators: list[str] | None = None):
    name_node = node.child_by_field_name("name")
    if name is None:
        name = ix.t(name_node) if name_node is not None \
            else ix.anon_qname(sc, node).rsplit(".", 1)[-1]
    qname = ix.child_qname(sc, name)
    decorators = list(decorators or [])
    bases: list[str] = []
    implements: list[str] = []
    for c in node.children:
        if c.type == "decorator":
            decorators.append(ix.t(c, 200)[1:])
        elif c.type == "class_heritage":
            for h in c.named_children:
                if h.type == "extends_clause":
                    v = h.child_by_field_name("value")
                    bases.append(ix.t(v, 200))
                elif h.type == "implements_clause":
                    implements.extend(ix.t(x, 200) for x in h.named_children)
                else:  # JavaScript: `class A extends B` has the expression directly
                    bases.append(ix.t(h, 200))
    rec = {"qname": qname, "name": name, "kind": "class", "line": node.start_point[0] + 1,
           "end_line": node.end_point[0] + 1, "bases": bases, "implements": implements,
           "fields": {}, "embedded": [], "methods": [], "decorators": decorators,
           "abstract": node.type == "abstract_class_declaration" or None,
           "abstract_methods": [], "ctor_params": []}
    ix.facts.classes.append(rec)
    body = node.child_by_field_name("body")
    out = []
    if body is None:
        return out
    has_ctor = any(m.type == "method_definition" and
                   ix.t(m.child_by_field_name("name")) == "constructor"
                   for m in body.named_children)
    init_scope = _Scope(f"{qname}.constructor" if has_ctor else qname, qname, sc)
    pending: list[str] = []
    for m in body.named_children:
        ty = m.type
        if ty == "decorator":
            pending.append(ix.t(m, 200)[1:])
            out.append((m, sc))
            continue
        decs, pending = pending, []
        decs += [ix.t(c, 200)[1:] for c in m.children if c.type == "decorator"]
        out.extend((c, sc) for c in m.children if c.type == "decorator")
        if ty == "method_definition":
            mname = ix.str_value(m.child_by_field_name("name"))
            static = any(c.type == "static" for c in m.children)
            kind = "method"
            mq = _name_function(ix, m, f"{qname}.{mname}", sc, kind, qname, decs)
            frec = ix.fn_by_qname[mq]
            if static:
                frec["static"] = True
            if any(c.type in ("get", "set") for c in m.children[:3]):
                frec["accessor"] = True
            rec["methods"].append(mname)
            if mname == "constructor":
                for p in frec["params"]:
                    rec["ctor_params"].append(p)
                    if p.get("property"):
                        rec["fields"][p["name"]] = p["type"]
                        if not p["type"] and p.get("default"):  # `private repo = new Repo()`
                            ix.facts.assigns.append({"func": mq, "target": f"this.{p['name']}",
                                                     "value": p["default"], "line": frec["line"]})
            out.extend(ix.function_body(m, frec, sc, qname))
        elif ty in ("abstract_method_signature", "method_signature"):
            mname = ix.str_value(m.child_by_field_name("name"))
            rec["abstract_methods"].append(mname)
        elif ty in ("public_field_definition", "field_definition"):
            fnode = m.child_by_field_name("name") or m.child_by_field_name("property")
            fname = ix.t(fnode, 100)
            ftype = ix.type_text(m.child_by_field_name("type"))
            val = m.child_by_field_name("value")
            if val is not None and val.type in _FUNC_NODES:
                mq = _name_function(ix, val, f"{qname}.{fname}", sc, "method", qname, decs)
                rec["methods"].append(fname)
                out.extend(ix.function_body(val, ix.fn_by_qname[mq], sc, qname))
                continue
            if val is not None and val.type == "call_expression" and \
                    not _builtin_callback(ix, val):
                # `get = createExpressRoute<...>(async (req, res) => {...})`: a class field
                # holding the function a wrapper is handed, the controller's method by that name
                args = val.child_by_field_name("arguments")
                fns = [a for a in args.named_children if a.type in _FUNC_NODES] \
                    if args is not None and args.type == "arguments" else []
                if len(fns) == 1 and fns[0].id not in ix.named:
                    mq = _name_function(ix, fns[0], f"{qname}.{fname}", sc, "method", qname,
                                        decs)
                    rec["methods"].append(fname)
                    out.extend(ix.function_body(fns[0], ix.fn_by_qname[mq], sc, qname))
                    continue
            if not ftype and val is not None and val.type == "new_expression":
                ftype = ix.t(val.child_by_field_name("constructor"), 200)
            rec["fields"][fname] = ftype
            if val is not None:
                ix.facts.assigns.append({"func": init_scope.qname, "target": f"this.{fname}",
                                         "value": ix.expr(val), "line": val.start_point[0] + 1})
                out.append((val, init_scope))
        elif ty == "class_static_block":
            out.append((m, init_scope))
    for c in node.children:
        if c.type == "decorator":
            out.append((c, sc))
    return out


def _h_class_decl(ix: _Indexer, node, sc: _Scope):
    return _h_class(ix, node, sc)


def _h_export(ix: _Indexer, node, sc: _Scope):
    line = node.start_point[0] + 1
    src = node.child_by_field_name("source")
    spec = ix.str_value(src) if src is not None else None
    decs = [ix.t(c, 200)[1:] for c in node.children if c.type == "decorator"]
    decl = node.child_by_field_name("declaration")
    value = node.child_by_field_name("value")
    kids = node.children
    if value is None and len(kids) >= 3 and kids[1].type == "=":
        value = kids[2]  # `export = router;`: TypeScript's CommonJS export, the module's default
    is_default = any(c.type == "default" for c in node.children)
    if spec is not None:
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        ns = next((c for c in node.named_children if c.type == "namespace_export"), None)
        if clause is not None:
            for s in clause.named_children:
                name = ix.t(s.child_by_field_name("name"))
                alias = s.child_by_field_name("alias")
                ix.exports.append({"name": ix.t(alias) if alias is not None else name,
                                   "imported": name, "source": spec, "line": line})
        elif ns is not None:
            ix.exports.append({"name": ix.t(ns.named_children[-1]) if ns.named_child_count
                               else "*", "imported": "*", "source": spec, "line": line})
        else:
            ix.exports.append({"name": "*", "imported": "*", "source": spec, "line": line,
                               "all": True})
        ix.facts.imports.append({"alias": "", "target": spec, "name": "*", "line": line,
                                 "kind": "reexport"})
        return None
    if decl is not None:
        ty = decl.type
        if ty in _CLASS_NODES:
            name = ix.t(decl.child_by_field_name("name"))
            ix.exports.append({"name": "default" if is_default else name, "local": name,
                               "line": line})
            return _h_class(ix, decl, sc, decorators=decs) + _decorator_nodes(node, sc)
        if ty in _DECL_FUNCS:
            name = ix.t(decl.child_by_field_name("name"))
            ix.exports.append({"name": "default" if is_default else name, "local": name,
                               "line": line})
        elif ty in ("lexical_declaration", "variable_declaration"):
            for d in decl.named_children:
                if d.type == "variable_declarator":
                    n = d.child_by_field_name("name")
                    if n is not None and n.type == "identifier":
                        ix.exports.append({"name": ix.t(n), "local": ix.t(n), "line": line})
                    elif n is not None and n.type in ("object_pattern", "array_pattern"):
                        # `export const { handlers: { GET, POST }, auth } = NextAuth({...})`:
                        # values the module's top-level code makes (kept apart from the
                        # declared exports the import resolution binds to functions)
                        ix.facts.extra.setdefault("value_exports", []).extend(
                            {"name": nm, "line": line} for nm in _bound_names(ix, n))
        elif ty in ("interface_declaration", "type_alias_declaration", "enum_declaration",
                    "abstract_class_declaration"):
            name = ix.t(decl.child_by_field_name("name"))
            ix.exports.append({"name": name, "local": name, "line": line})
            if ty == "abstract_class_declaration":
                return _h_class(ix, decl, sc, decorators=decs) + _decorator_nodes(node, sc)
        return [(decl, sc)]
    if value is not None:
        ty = value.type
        if ty in _CLASS_NODES:
            nn = value.child_by_field_name("name")
            name = ix.t(nn) if nn is not None else "default"
            ix.exports.append({"name": "default", "local": name, "line": line})
            return _h_class(ix, value, sc, name=name, decorators=decs) + \
                _decorator_nodes(node, sc)
        if ty in _FUNC_NODES or ty in _DECL_FUNCS:
            nn = value.child_by_field_name("name")
            name = ix.t(nn) if nn is not None else "default"
            ix.exports.append({"name": "default", "local": name, "line": line})
            qn = _name_function(ix, value, ix.child_qname(sc, name), sc)
            return ix.function_body(value, ix.fn_by_qname[qn], sc, None)
        if ty == "identifier":
            ix.exports.append({"name": "default", "local": ix.t(value), "line": line})
            return None
        ix.exports.append({"name": "default", "local": "default", "line": line})
        return _bind_value(ix, "default", value, sc, line)
    clause = next((c for c in node.named_children if c.type == "export_clause"), None)
    if clause is not None:
        for s in clause.named_children:
            name = ix.t(s.child_by_field_name("name"))
            alias = s.child_by_field_name("alias")
            ix.exports.append({"name": ix.t(alias) if alias is not None else name,
                               "local": name, "line": line})
        return None
    return [(c, sc) for c in node.named_children]


def _decorator_nodes(node, sc: _Scope) -> list:
    """Decorators written before `export`: their calls run where the class is defined."""
    return [(c, sc) for c in node.children if c.type == "decorator"]


# The built-in methods of arrays and promises that take a callback and answer something else
# (ECMAScript's Array.prototype and Promise.prototype): `const products = rows.sort((a, b) =>
# ...)` names the sorted array, not the comparator.
_BUILTIN_HOF = frozenset("""sort map filter reduce reduceRight find findIndex findLast
findLastIndex some every forEach flatMap toSorted then catch finally""".split())


def _builtin_callback(ix: _Indexer, call) -> bool:
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "member_expression":
        return False
    prop = fn.child_by_field_name("property")
    return prop is not None and ix.t(prop) in _BUILTIN_HOF


def _bind_value(ix: _Indexer, name: str, value, sc: _Scope, line: int, type_text: str = ""):
    """`name = value` at any scope: functions and object literals get names; assigns recorded."""
    ty = value.type
    while ty in ("parenthesized_expression", "as_expression", "satisfies_expression") \
            and value.named_child_count:
        value = value.named_children[0]
        ty = value.type
    if ty in _FUNC_NODES:
        qn = _name_function(ix, value, ix.child_qname(sc, name), sc,
                            "function" if sc.parent is None else "closure", sc.cls)
        ix.facts.assigns.append({"func": sc.qname, "target": name, "value": ix.expr(value),
                                 "line": line, "type": type_text})
        return ix.function_body(value, ix.fn_by_qname[qn], sc, sc.cls)
    if ty in _CLASS_NODES:
        return _h_class(ix, value, sc, name=name)
    if ty == "call_expression" and not _builtin_callback(ix, value):
        # `const list = asyncHandler(async (req, res) => ...)`: the wrapped function
        args = value.child_by_field_name("arguments")
        fns = [a for a in args.named_children if a.type in _FUNC_NODES] \
            if args is not None and args.type == "arguments" else []
        if len(fns) == 1 and fns[0].id not in ix.named:
            _name_function(ix, fns[0], ix.child_qname(sc, name), sc,
                           "function" if sc.parent is None else "closure", sc.cls)
    out: list = []
    if ty == "object" and sc.parent is None:
        out = _object(ix, ix.child_qname(sc, name), value, sc)
    else:
        out = [(value, sc)]
    rec = {"func": sc.qname, "target": name, "value": ix.expr(value), "line": line,
           "type": type_text}
    if value.end_point[0] > value.start_point[0]:
        rec["end_line"] = value.end_point[0] + 1  # (a configuration object's span)
    ix.facts.assigns.append(rec)
    return out


def _object(ix: _Indexer, oq: str, node, sc: _Scope) -> list:
    """An object literal bound to a name: its function members become `obj.key` nodes."""
    members: dict[str, dict] = {}
    ix.objects[oq] = members
    out = []
    obj_scope = _Scope(oq, sc.cls, sc)
    for c in node.named_children:
        if c.type == "pair":
            key = ix.str_value(c.child_by_field_name("key"))
            val = c.child_by_field_name("value")
            if val is None:
                continue
            if val.type in _FUNC_NODES:
                qn = _name_function(ix, val, f"{oq}.{key}", sc)
                ix.fn_by_qname[qn]["owner_obj"] = oq
                members[key] = {"kind": "lambda", "qname": qn, "text": ""}
                out.extend(ix.function_body(val, ix.fn_by_qname[qn], sc, sc.cls))
            elif val.type == "object":
                out.extend(_object(ix, f"{oq}.{key}", val, sc))
                members[key] = {"kind": "object", "qname": f"{oq}.{key}", "text": ""}
            else:
                members[key] = ix.expr(val)
                out.append((val, obj_scope.parent))
        elif c.type == "method_definition":
            key = ix.t(c.child_by_field_name("name"), 100)
            qn = _name_function(ix, c, f"{oq}.{key}", sc)
            ix.fn_by_qname[qn]["owner_obj"] = oq
            members[key] = {"kind": "lambda", "qname": qn, "text": ""}
            out.extend(ix.function_body(c, ix.fn_by_qname[qn], sc, sc.cls))
        elif c.type == "shorthand_property_identifier":
            members[ix.t(c)] = {"kind": "name", "text": ix.t(c), "names": [ix.t(c)]}
        else:
            out.append((c, sc))
    return out


def _h_declarator(ix: _Indexer, node, sc: _Scope):
    name_node = node.child_by_field_name("name")
    value = node.child_by_field_name("value")
    line = node.start_point[0] + 1
    type_text = ix.type_text(node.child_by_field_name("type"))
    if value is None:
        if name_node is not None and name_node.type == "identifier" and type_text:
            ix.facts.assigns.append({"func": sc.qname, "target": ix.t(name_node),
                                     "value": {"kind": "other", "text": "", "names": []},
                                     "line": line, "type": type_text})
        return None
    req = _require_spec(ix, value)
    if req is not None:
        spec, member = req
        if name_node.type == "identifier":
            ix.facts.imports.append({"alias": ix.t(name_node), "target": spec,
                                     "name": member or "default", "line": line,
                                     "kind": "require"})
        elif name_node.type == "object_pattern":
            for p in name_node.named_children:
                if p.type == "shorthand_property_identifier_pattern":
                    ix.facts.imports.append({"alias": ix.t(p), "target": spec, "name": ix.t(p),
                                             "line": line, "kind": "require"})
                elif p.type == "pair_pattern":
                    ix.facts.imports.append({"alias": ix.t(p.child_by_field_name("value")),
                                             "target": spec,
                                             "name": ix.str_value(p.child_by_field_name("key")),
                                             "line": line, "kind": "require"})
        return None
    if name_node is not None and name_node.type == "identifier":
        return _bind_value(ix, ix.t(name_node), value, sc, line, type_text)
    ix.facts.assigns.append({"func": sc.qname, "target": ix.t(name_node, 200),
                             "value": ix.expr(value), "line": line, "type": type_text})
    if name_node is not None and name_node.type == "object_pattern" and \
            value.type in ("identifier", "member_expression") and (base := ix.chain(value)):
        # `const { postModel, userModel } = modelSchema`: each name is that member of the
        # value (`modelSchema.postModel`), for whoever resolves the names
        for p in name_node.named_children:
            if p.type == "shorthand_property_identifier_pattern":
                key, alias = ix.t(p), ix.t(p)
            elif p.type == "pair_pattern" and (v := p.child_by_field_name("value")) is not None \
                    and v.type == "identifier":
                key, alias = ix.str_value(p.child_by_field_name("key")), ix.t(v)
            else:
                continue
            if key:
                ch = [*base, key]
                ix.facts.assigns.append({"func": sc.qname, "target": alias, "line": line,
                                         "value": {"kind": "attr", "text": ".".join(ch),
                                                   "chain": ch, "names": [ch[0]]}})
    return [(value, sc)]


def _require_spec(ix: _Indexer, node):
    """`require('x')` -> ('x', None); `require('x').y` -> ('x', 'y'); else None."""
    member = None
    if node.type == "member_expression":
        member = ix.t(node.child_by_field_name("property"))
        node = node.child_by_field_name("object")
    if node is None or node.type != "call_expression":
        return None
    fn = node.child_by_field_name("function")
    if fn is None or fn.type != "identifier" or ix.t(fn) != "require":
        return None
    args = node.child_by_field_name("arguments")
    if args is None or not args.named_child_count or args.named_children[0].type != "string":
        return None
    return ix.str_value(args.named_children[0]), member


def _h_assignment(ix: _Indexer, node, sc: _Scope):
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    if left is None or right is None:
        return [(c, sc) for c in node.named_children]
    line = node.start_point[0] + 1
    lt = ix.chain(left)
    if sc.parent is None and lt and (lt[:2] == ["module", "exports"] or lt[0] == "exports"):
        rest = lt[2:] if lt[0] == "module" else lt[1:]
        if not rest:  # module.exports = ...
            if right.type == "object":
                out = []
                for c in right.named_children:
                    if c.type == "shorthand_property_identifier":
                        ix.exports.append({"name": ix.t(c), "local": ix.t(c), "line": line})
                    elif c.type == "pair":
                        key = ix.str_value(c.child_by_field_name("key"))
                        val = c.child_by_field_name("value")
                        if val is not None and val.type == "identifier":
                            ix.exports.append({"name": key, "local": ix.t(val), "line": line})
                        elif val is not None:
                            # (the line of the pair: `userModel: require("./user.model")` on
                            # its own line is found there, `_ts_required_at`)
                            ix.exports.append({"name": key, "local": key,
                                               "line": c.start_point[0] + 1})
                            out.extend(_bind_value(ix, key, val, sc, line) or [])
                    elif c.type == "method_definition":
                        key = ix.t(c.child_by_field_name("name"), 100)
                        ix.exports.append({"name": key, "local": key, "line": line})
                        qn = _name_function(ix, c, ix.child_qname(sc, key), sc)
                        out.extend(ix.function_body(c, ix.fn_by_qname[qn], sc, None))
                    else:
                        out.append((c, sc))
                return out
            if right.type == "identifier":
                ix.exports.append({"name": "default", "local": ix.t(right), "line": line,
                                   "cjs": True})
                return None
            nn = right.child_by_field_name("name") if right.type in _CLASS_NODES | _FUNC_NODES \
                else None
            name = ix.t(nn) if nn is not None else "default"
            ix.exports.append({"name": "default", "local": name, "line": line, "cjs": True})
            return _bind_value(ix, name, right, sc, line)
        if len(rest) == 1:  # exports.x = ... / module.exports.x = ...
            key = rest[0]
            if right.type == "identifier":
                ix.exports.append({"name": key, "local": ix.t(right), "line": line})
                return None
            # (`prop`: no binding of the module is made, `exports.x = ...` only sets a
            # property; a bare `x` inside the module is whatever else it names, an import)
            ix.exports.append({"name": key, "local": key, "line": line, "prop": True})
            return _bind_value(ix, key, right, sc, line)
    ix.facts.assigns.append({"func": sc.qname, "target": ix.t(left, 200),
                             "value": ix.expr(right), "line": line})
    return [(left, sc), (right, sc)]


def _h_call(ix: _Indexer, node, sc: _Scope):
    is_new = node.type == "new_expression"
    fn = node.child_by_field_name("constructor" if is_new else "function")
    args = node.child_by_field_name("arguments")
    if fn is None:
        return [(c, sc) for c in node.named_children]
    while fn.type in ("await_expression", "parenthesized_expression", "non_null_expression",
                      "instantiation_expression") and fn.named_child_count:
        # `await x.f<T>()` parses as a call of `await x.f`; a tagged template with type
        # arguments (await prisma.$queryRaw<Row[]>`SELECT ...`) as a call of
        # `(await prisma.$queryRaw)<Row[]>`, the `!` of `x.f!()` wraps the callee
        fn = fn.named_children[0]
    iife = None
    if fn.type in _FUNC_NODES:  # `(function () { ... })()`, `(() => ...)()`
        if fn.id not in ix.named:
            nn = fn.child_by_field_name("name")
            _name_function(ix, fn, ix.child_qname(sc, ix.t(nn)) if nn is not None
                           else ix.anon_qname(sc, fn), sc, "closure", sc.cls)
        iife = ix.lambda_names[fn.id]
    callee = ix.t(fn, _TEXT_LIMIT)
    ch = ix.chain(fn)
    if fn.type == "member_expression":
        prop = fn.child_by_field_name("property")
        name = ix.t(prop)
        receiver = ix.t(fn.child_by_field_name("object"), _TEXT_LIMIT)
    else:
        name, receiver = callee, ""
    if fn.type == "import":  # dynamic import('x')
        if args is not None and args.named_child_count and args.named_children[0].type == "string":
            ix.facts.imports.append({"alias": "", "target": ix.str_value(args.named_children[0]),
                                     "name": "*", "line": node.start_point[0] + 1,
                                     "kind": "dynamic"})
    rec = {"caller": sc.qname, "callee": callee, "name": name, "receiver": receiver,
           **_pos(node), "args": [], "chain": ch}
    if ch is None and fn.type == "member_expression":  # `new X().run()`, `getRepo().find()`
        rec["object"] = ix.expr(fn.child_by_field_name("object"))
    if is_new:
        rec["new"] = True
    if iife:
        rec["target"] = iife
        rec["callee"] = rec["name"] = iife.rsplit(".", 1)[-1]
    out = []
    if args is not None and args.type != "template_string":
        for a in args.named_children:  # inline callbacks get their names before the args
            if a.type in _FUNC_NODES and a.id not in ix.named:
                _name_function(ix, a, ix.anon_qname(sc, a), sc, "closure", sc.cls)
    if args is not None:
        if args.type == "template_string":
            rec["args"] = [ix.expr(args)]
            rec["tagged"] = True
            out.append((args, sc))
        else:
            rec["args"] = [ix.expr(a) for a in args.named_children if a.type != "comment"]
            for a in args.named_children:
                if a.id in ix.named and a.type in _FUNC_NODES:
                    out.extend(ix.function_body(a, ix.fn_by_qname[ix.lambda_names[a.id]], sc,
                                                sc.cls))
                else:
                    out.append((a, sc))
    ix.facts.calls.append(rec)
    if iife:
        out[:0] = ix.function_body(fn, ix.fn_by_qname[iife], sc, sc.cls)
    elif ch is None:
        out.insert(0, (fn, sc))
    return out


def _merge_names(exprs: list[dict]) -> list[str]:
    out: list[str] = []
    for e in exprs:
        for n in e.get("names", ()):
            if n not in out:
                out.append(n)
    return out[:20]


def _pos(node) -> dict:
    return {"line": node.start_point[0] + 1, "column": node.start_point[1] + 1,
            "end_line": node.end_point[0] + 1, "end_column": node.end_point[1] + 1}


def _h_return(ix: _Indexer, node, sc: _Scope):
    val = node.named_children[0] if node.named_child_count else None
    ix.facts.returns.append({"func": sc.qname, "value": ix.expr(val) if val is not None
                             else {"kind": "null", "text": "", "names": []},
                             "line": node.start_point[0] + 1})
    return [(c, sc) for c in node.named_children]


def _h_import(ix: _Indexer, node, sc: _Scope):
    src = node.child_by_field_name("source")
    line = node.start_point[0] + 1
    type_only = any(c.type == "type" for c in node.children[:2])
    for c in node.named_children:
        if c.type == "import_require_clause":
            ident = c.named_children[0] if c.named_child_count else None
            s = c.child_by_field_name("source")
            if ident is not None and s is not None:
                ix.facts.imports.append({"alias": ix.t(ident), "target": ix.str_value(s),
                                         "name": "default", "line": line, "kind": "require"})
            return None
    if src is None:
        return None
    spec = ix.str_value(src)
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    if clause is None:
        ix.facts.imports.append({"alias": "", "target": spec, "name": None, "line": line,
                                 "kind": "side_effect"})
        return None
    for c in clause.named_children:
        if c.type == "identifier":
            ix.facts.imports.append({"alias": ix.t(c), "target": spec, "name": "default",
                                     "line": line, "kind": "default", "type_only": type_only})
        elif c.type == "namespace_import":
            ident = c.named_children[-1] if c.named_child_count else None
            if ident is not None:
                ix.facts.imports.append({"alias": ix.t(ident), "target": spec, "name": "*",
                                         "line": line, "kind": "namespace",
                                         "type_only": type_only})
        elif c.type == "named_imports":
            for s in c.named_children:
                if s.type != "import_specifier":
                    continue
                name = ix.t(s.child_by_field_name("name"))
                alias = s.child_by_field_name("alias")
                ix.facts.imports.append({"alias": ix.t(alias) if alias is not None else name,
                                         "target": spec, "name": name, "line": line,
                                         "kind": "named",
                                         "type_only": type_only or
                                         any(x.type == "type" for x in s.children[:1])})
    return None


def _interface(ix: _Indexer, node, body=None) -> None:
    name = ix.t(node.child_by_field_name("name"))
    body = body if body is not None else node.child_by_field_name("body")
    bases: list[str] = []
    for c in node.named_children:
        if c.type == "extends_type_clause":
            bases.extend(ix.t(x, 200) for x in c.named_children)
    methods: list[str] = []
    fields: dict[str, str] = {}
    sigs: dict[str, dict] = {}
    if body is not None:
        for m in body.named_children:
            if m.type == "method_signature":
                mname = ix.str_value(m.child_by_field_name("name"))
                methods.append(mname)
                sigs[mname] = {"params": ix.params(m.child_by_field_name("parameters")),
                               "returns": ix.type_text(m.child_by_field_name("return_type"))}
            elif m.type == "property_signature":
                pname = ix.t(m.child_by_field_name("name"), 100)
                tnode = m.child_by_field_name("type")
                ttext = ix.type_text(tnode)
                tt = tnode.named_children[0] if tnode is not None and tnode.named_child_count \
                    else None
                if tt is not None and tt.type == "function_type":
                    methods.append(pname)
                else:
                    fields[pname] = ttext
    ix.facts.classes.append({"qname": f"{ix.mod}.{name}", "name": name, "kind": "interface",
                             "line": node.start_point[0] + 1, "end_line": node.end_point[0] + 1,
                             "bases": bases, "fields": fields, "embedded": [],
                             "methods": methods, "signatures": sigs})


_Indexer.interface = _interface

def _h_jsx(ix: _Indexer, node, sc: _Scope):
    """`<UserTable rows={rows} />` renders a component: kept apart from calls, in extra["jsx"]."""
    name = node.child_by_field_name("name")
    if name is not None:
        ch = ix.chain(name) if name.type in ("identifier", "member_expression") else None
        if ch and ch[0][:1].isupper():
            ix.jsx.append({"caller": sc.qname, "chain": ch, "line": node.start_point[0] + 1})
    return [(c, sc) for c in node.named_children if c is not name]


def _h_namespace(ix: _Indexer, node, sc: _Scope):
    """`namespace NS { export function f() {} }`: members are `mod.NS.f`; NS acts as an object."""
    name = ix.t(node.child_by_field_name("name"), 100)
    body = node.child_by_field_name("body")
    if body is None or sc.parent is not None:
        return [(c, sc) for c in node.named_children]
    rec = ix.add_function(ix.child_qname(sc, name), name, node, "module", None, sc)
    ns = _Scope(rec["qname"], None, sc)
    members: dict[str, dict] = {}
    ix.objects[rec["qname"]] = members
    out = []
    for c in body.named_children:
        decl = c.child_by_field_name("declaration") if c.type == "export_statement" else c
        if decl is None:
            continue
        dname = decl.child_by_field_name("name")
        if dname is not None and decl.type in _DECL_FUNCS:
            members[ix.t(dname)] = {"kind": "lambda", "qname": f"{rec['qname']}.{ix.t(dname)}",
                                    "text": ""}
        elif dname is not None and decl.type in _CLASS_NODES:
            members[ix.t(dname)] = {"kind": "classref", "qname": f"{rec['qname']}.{ix.t(dname)}",
                                    "text": ""}
        out.append((decl, ns))
    return out


_HANDLERS = {
    "function_declaration": _h_function,
    "generator_function_declaration": _h_function,
    "arrow_function": _h_function,
    "function_expression": _h_function,
    "function": _h_function,
    "generator_function": _h_function,
    "class_declaration": _h_class_decl,
    "abstract_class_declaration": _h_class_decl,
    "class": _h_class_decl,
    "export_statement": _h_export,
    "variable_declarator": _h_declarator,
    "assignment_expression": _h_assignment,
    "call_expression": _h_call,
    "new_expression": _h_call,
    "return_statement": _h_return,
    "internal_module": _h_namespace,
    "module": _h_namespace,
    "jsx_opening_element": _h_jsx,
    "jsx_self_closing_element": _h_jsx,
    "import_statement": _h_import,
}


def index_typescript(path: str, parsed, facts: FileFacts) -> FileFacts:
    """Fill `facts` from a tree-sitter tree of TypeScript, TSX or JavaScript."""
    _Indexer(path, parsed.data, facts).run(parsed.tree.root_node)
    return facts


def _bound_names(ix, pattern) -> list[str]:
    """The names a destructuring pattern binds (nested patterns included, keys left out)."""
    out, stack = [], [pattern]
    while stack and len(out) < 50:
        n = stack.pop()
        t = n.type
        if t in ("shorthand_property_identifier_pattern", "identifier"):
            out.append(ix.t(n))
        elif t == "pair_pattern":
            v = n.child_by_field_name("value")
            if v is not None:
                stack.append(v)
        elif t in ("object_pattern", "array_pattern", "rest_pattern", "assignment_pattern",
                   "object_assignment_pattern"):
            kids = n.named_children
            if t in ("assignment_pattern", "object_assignment_pattern"):
                kids = kids[:1]  # `{ a = 1 }`: the name, not its default
            stack.extend(reversed(kids))
    return out
