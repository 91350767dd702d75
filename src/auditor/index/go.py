"""Go indexer: one tree-sitter Go tree -> FileFacts records.

A single tree-sitter query picks out the nodes that matter (declarations, calls, assignments,
returns), so Python only touches those and never every node. The worker does not know where
`go.mod` is, so qualified names here are package-local (`Func`, `Type.Method`, `Func.func1`);
`graph/go.py` prefixes them with the package's import path (`facts.module`), which it computes
from the go.mod files of the tree. The package directory is kept in `extra["go_pkgdir"]`.

Go-specific keys beyond facts.py: functions carry `local` (package-local name), `parent`
(closures), `recv` (receiver variable); classes carry `underlying`, `method_sigs` (interfaces);
calls carry `fn` (the callee as an expr); assigns carry `targets`, `op` and `type`; exprs may be
`composite` (type, fields, elems), `unary` (op), `index`, `assert` (type), `func` (qname), `range`.
"""
from __future__ import annotations

import posixpath
import re

from auditor.index.gobuild import never_built
from auditor.index.walk import position
from auditor.parse import kinds

EXPR_DEPTH = 6  # nested expression records kept per expression; deeper parts become `other`
MAX_LINKS = 24  # calls of one method chain kept whole (each link does not count as a level)
TEXT_CAP = 120  # text kept of a top-level expression; nested parts keep NESTED_CAP
NESTED_CAP = 60
_MEMO_TYPES = frozenset(("identifier", "interpreted_string_literal", "raw_string_literal",
                         "int_literal", "float_literal", "imaginary_literal", "rune_literal",
                         "true", "false", "nil", "selector_expression", "call_expression",
                         "composite_literal", "binary_expression", "unary_expression"))
_LEAVES = frozenset(("identifier", "interpreted_string_literal", "raw_string_literal",
                     "int_literal", "float_literal", "imaginary_literal", "rune_literal",
                     "true", "false", "nil"))
MAX_ELEMS = 24

# node type -> the indexer's tag for it
_TAGS = {"package_clause": "pkg", "import_spec": "imp", "type_spec": "type", "type_alias": "type",
         "function_declaration": "fn", "method_declaration": "fn", "func_literal": "fn",
         "call_expression": "call", "type_conversion_expression": "call",
         "short_var_declaration": "assign", "assignment_statement": "assign", "var_spec": "var",
         "const_spec": "var", "range_clause": "range", "return_statement": "ret"}
kinds.register(_TAGS)


_STRS: dict[str, str] = {}  # this file's texts, each kept once (see index_go)


def _txt(node, data: bytes, cap: int | None = TEXT_CAP) -> str:
    end = node.end_byte if cap is None else min(node.end_byte, node.start_byte + cap)
    s = data[node.start_byte:end].decode("utf-8", "replace")
    return _STRS.setdefault(s, s)


def default_alias(import_path: str) -> str:
    """The package name an import is known by when it has no alias (last path element, minus a
    `/vN` major version suffix and a `.vN` gopkg.in suffix, `go-` prefix dropped)."""
    parts = import_path.split("/")
    last = parts[-1]
    if len(parts) > 1 and last[:1] == "v" and last[1:].isdigit():
        last = parts[-2]
    if ".v" in last and last.rsplit(".v", 1)[1].isdigit():
        last = last.rsplit(".v", 1)[0]
    if last.startswith("go-"):
        last = last[3:]
    return last.replace("-", "_").replace(".", "_")


class _Indexer:
    def __init__(self, path: str, data: bytes, facts) -> None:
        self.path = path
        self.data = data
        self.facts = facts
        self.closure_count: dict[str, int] = {}
        self.stack: list[tuple[int, str]] = []  # (end_byte, local qname) of enclosing functions
        self.memo: dict[tuple, dict] = {}  # (node type, depth, source bytes) -> expression record
        self._links = 0  # method-chain links being built (see the selector case of _expr)

    # --- expressions -----------------------------------------------------------------------
    def expr(self, node, depth: int = 0) -> dict:
        """A bounded expression record (at most EXPR_DEPTH levels).

        Names, literals, selectors, calls, composite literals and operators are built once
        per file and text: `ctx`, `err`, `h.service` and `c.Context()` recur on every line, and
        one shared record costs less to build, to send and to keep (nothing mutates an
        expression record once built). Only a record with a closure in it names its place."""
        while node.type == "parenthesized_expression" and node.named_child_count == 1:
            node = node.named_children[0]
        t = node.type
        if t in _MEMO_TYPES:
            raw = self.data[node.start_byte:node.end_byte]
            if t in _LEAVES or b"func" not in raw:  # closures name their place
                key = (t, depth, raw)
                rec = self.memo.get(key)
                if rec is None:
                    rec = self.memo[key] = self._expr(node, t, depth)
                return rec
        return self._expr(node, t, depth)

    def _expr(self, node, t: str, depth: int) -> dict:
        data = self.data
        cap = TEXT_CAP if depth == 0 else NESTED_CAP
        if t == "identifier":
            s = _txt(node, data)
            return {"kind": "name", "text": s, "names": [s]} if depth == 0 else \
                {"kind": "name", "text": s}
        if t in ("interpreted_string_literal", "raw_string_literal"):
            s = _txt(node, data, 4000)
            return {"kind": "str", "text": s[:cap], "value": s[1:-1] if len(s) >= 2 else s}
        if t in ("int_literal", "float_literal", "imaginary_literal", "rune_literal"):
            return {"kind": "num", "text": _txt(node, data, cap)}
        if t in ("true", "false"):
            return {"kind": "bool", "text": t}
        if t == "nil":
            return {"kind": "null", "text": "nil"}
        if depth >= EXPR_DEPTH:
            return {"kind": "other", "text": _txt(node, data, cap)}
        d = depth + 1
        if t == "selector_expression":
            op = node.child_by_field_name("operand")
            fld = node.child_by_field_name("field")
            if op is not None and fld is not None:
                if op.type == "call_expression" and self._links < MAX_LINKS:
                    # a method chain (`db.Item.Query().Where(...).Order(...).All(ctx)`, a query
                    # builder's fluent calls): each link keeps the depth of the call it serves,
                    # so the receiver of the last call still has a type; its arguments are
                    # bounded as usual
                    self._links += 1
                    try:
                        inner = self.expr(op, depth - 1 if depth > 0 else 0)
                    finally:
                        self._links -= 1
                else:
                    inner = self.expr(op, d)
                rec = {"kind": "attr", "text": _txt(node, data, cap), "attr": _txt(fld, data),
                       "parts": [inner]}
                if depth == 0:
                    root = inner
                    while root.get("kind") == "attr":
                        root = root["parts"][0]
                    if root.get("kind") == "name":
                        rec["names"] = [root["text"]]
                return rec
        elif t in ("call_expression", "type_conversion_expression"):
            return self.call_expr(node, d)
        elif t in ("composite_literal", "literal_value"):
            # (a literal_value alone is an element whose type the enclosing literal gives:
            # `[]*Sink{{Name: "x", Handler: h}}`)
            typ = node.child_by_field_name("type") if t == "composite_literal" else None
            body = node.child_by_field_name("body") if t == "composite_literal" else node
            fields: dict = {}
            elems: list = []
            if body is not None:
                for el in body.named_children[:MAX_ELEMS]:
                    if el.type == "keyed_element":
                        kids = el.named_children
                        if len(kids) == 2:
                            k, v = kids
                            kv = v.named_children[0] if v.type == "literal_element" and \
                                v.named_child_count else v
                            fields[_txt(k, data)] = self.expr(kv, d)
                    elif el.type == "literal_element" and el.named_child_count:
                        elems.append(self.expr(el.named_children[0], d))
                    elif el.type != "comment":
                        elems.append(self.expr(el, d))
            return {"kind": "composite", "text": _txt(node, data, cap),
                    "type": _txt(typ, data) if typ is not None else "", "fields": fields,
                    "elems": elems}
        elif t == "unary_expression":
            op = node.child_by_field_name("operator")
            x = node.child_by_field_name("operand")
            if x is not None:
                return {"kind": "unary", "text": _txt(node, data, cap),
                        "op": _txt(op, data) if op is not None else "", "parts": [self.expr(x, d)]}
        elif t == "index_expression" or t == "slice_expression":
            x = node.child_by_field_name("operand")
            if x is not None:
                return {"kind": "index" if t == "index_expression" else "slice",
                        "text": _txt(node, data, cap), "parts": [self.expr(x, d)]}
        elif t == "type_assertion_expression":
            x = node.child_by_field_name("operand")
            typ = node.child_by_field_name("type")
            if x is not None and typ is not None:
                return {"kind": "assert", "text": _txt(node, data, cap), "type": _txt(typ, data),
                        "parts": [self.expr(x, d)]}
        elif t == "binary_expression":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            op = node.child_by_field_name("operator")
            if left is not None and right is not None:
                return {"kind": "binop", "text": _txt(node, data, cap),
                        "op": _txt(op, data) if op is not None else "",
                        "parts": [self.expr(left, d), self.expr(right, d)]}
        elif t == "func_literal":
            return {"kind": "func", "text": _txt(node, data, 60),
                    "qname": self.closure_names.get(node.start_byte, "")}
        elif t == "variadic_argument" and node.named_child_count:
            # `Chain(append(base, auth, csrf)...)`: the slice spread into the call
            return {"kind": "spread", "text": _txt(node, data, cap),
                    "parts": [self.expr(node.named_children[0], d)]}
        return {"kind": "other", "text": _txt(node, data, cap)}

    def call_expr(self, node, depth: int) -> dict:
        fn = node.child_by_field_name("function") or node.child_by_field_name("type")
        args = node.child_by_field_name("arguments")
        if node.type == "type_conversion_expression":
            operand = node.child_by_field_name("operand")
            arg_nodes = [operand] if operand is not None else []
        else:
            arg_nodes = [a for a in args.named_children if a.type != "comment"] \
                if args is not None else []
        fexpr = None
        if fn is not None and fn.type == "generic_type":  # F[T](x): the generic function F
            fn = fn.child_by_field_name("type") or fn
            # (parsed as a conversion, its name is a type's: `F` or `pkg.F` read as the function)
            if fn.type == "type_identifier":
                s = _txt(fn, self.data)
                fexpr = {"kind": "name", "text": s, "names": [s]} if depth == 0 else \
                    {"kind": "name", "text": s}
            elif fn.type == "qualified_type":
                pkg, name = fn.child_by_field_name("package"), fn.child_by_field_name("name")
                if pkg is not None and name is not None:
                    p, n = _txt(pkg, self.data), _txt(name, self.data)
                    fexpr = {"kind": "attr", "text": f"{p}.{n}", "attr": n,
                             "parts": [{"kind": "name", "text": p}]}
                    if depth == 0:
                        fexpr["names"] = [p]
        elif fn is not None and fn.type == "index_expression":
            fn = fn.child_by_field_name("operand") or fn
        if fexpr is None:
            fexpr = self.expr(fn, depth) if fn is not None else {"kind": "other", "text": ""}
        return {"kind": "call", "text": _txt(node, self.data, NESTED_CAP if depth > 1 else TEXT_CAP),
                "callee": fexpr.get("text", ""), "fn": fexpr,
                "args": [self.expr(a, depth) for a in arg_nodes[:MAX_ELEMS]]}

    # --- declarations ----------------------------------------------------------------------
    def params(self, plist) -> list[dict]:
        out: list[dict] = []
        if plist is None:
            return out
        data = self.data
        if plist.type != "parameter_list":  # a single unnamed result type
            return [{"name": "", "type": _txt(plist, data)}]
        for p in plist.named_children:
            if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            typ = p.child_by_field_name("type")
            ttext = _txt(typ, data) if typ is not None else ""
            if p.type == "variadic_parameter_declaration":
                ttext = "[]" + ttext
            names = [c for c in p.children_by_field_name("name")]
            if not names:
                out.append({"name": "", "type": ttext})
            for n in names:
                out.append({"name": _txt(n, data), "type": ttext})
        return out

    def scope(self, start_byte: int) -> str:
        stack = self.stack
        while stack and stack[-1][0] <= start_byte:
            stack.pop()
        return stack[-1][1] if stack else ""

    def function(self, node, scope: str) -> None:
        data = self.data
        t = node.type
        name_node = node.child_by_field_name("name")
        cls = None
        recv = ""
        if t == "func_literal":
            local = self.closure_names[node.start_byte]
            name = local.rsplit(".", 1)[-1]
            kind = "closure"
        else:
            name = _txt(name_node, data) if name_node is not None else "?"
            kind = "function"
            local = name
            if t == "method_declaration":
                kind = "method"
                rp = self.params(node.child_by_field_name("receiver"))
                if rp:
                    recv = rp[0]["name"]
                    cls = rp[0]["type"].lstrip("*").strip()
                    if "[" in cls:  # generic receiver T[K]
                        cls = cls.split("[", 1)[0]
                    local = f"{cls}.{name}"
        pos = position(node)
        rec = {"qname": local, "local": local, "name": name, "kind": kind,
               "line": pos["line"], "end_line": pos["end_line"], "cls": cls,
               "params": self.params(node.child_by_field_name("parameters")),
               "returns": [p["type"] for p in
                           self.params(node.child_by_field_name("result"))],
               "decorators": [], "exported": name[:1].isupper()}
        if recv:
            rec["recv"] = recv
        if kind == "closure":
            rec["parent"] = scope
        self.facts.functions.append(rec)
        self.stack.append((node.end_byte, local))

    def type_spec(self, node, scope: str) -> None:
        data = self.data
        name_node = node.child_by_field_name("name")
        typ = node.child_by_field_name("type")
        if name_node is None or typ is None:
            return
        name = _txt(name_node, data)
        pos = position(node)
        rec = {"qname": f"{scope}.{name}" if scope else name, "name": name, "kind": "type",
               "line": pos["line"], "end_line": pos["end_line"], "bases": [], "fields": {},
               "embedded": [], "methods": []}
        if node.type == "type_alias":
            rec["alias"] = True
        if typ.type == "struct_type":
            rec["kind"] = "struct"
            for fl in typ.named_children:
                if fl.type != "field_declaration_list":
                    continue
                for fd in fl.named_children:
                    if fd.type != "field_declaration":
                        continue
                    ft = fd.child_by_field_name("type")
                    if ft is None:
                        continue
                    ftext = _txt(ft, data)
                    names = fd.children_by_field_name("name")
                    tag = fd.child_by_field_name("tag")
                    key = _config_key(_txt(tag, data)) if tag is not None else None
                    if names and ft.type == "interface_type":
                        # `Posts interface { Create(...) error }`: an interface of no name,
                        # recorded as one (`Storage__Posts`) so calls through the field
                        # dispatch to the types that implement it
                        for n in names:
                            synth = f"{name}__{_txt(n, data)}"
                            self.facts.classes.append(self._interface(
                                ft, {"qname": f"{scope}.{synth}" if scope else synth,
                                     "name": synth, "kind": "type", "line": pos["line"],
                                     "end_line": pos["end_line"], "bases": [], "fields": {},
                                     "embedded": [], "methods": []}))
                            rec["fields"][_txt(n, data)] = synth
                    elif names:
                        for n in names:
                            rec["fields"][_txt(n, data)] = ftext
                            if key:  # `mapstructure:"url-path-prefix"`: the config file's key
                                rec.setdefault("keys", {})[_txt(n, data)] = key
                    else:
                        # embedded: `*Base` parses as star + type without a pointer_type node
                        star = any(c.type == "*" for c in fd.children)
                        rec["embedded"].append(("*" if star else "") + ftext)
        elif typ.type == "interface_type":
            self._interface(typ, rec)
        else:
            rec["underlying"] = _txt(typ, data)
        self.facts.classes.append(rec)

    def _interface(self, typ, rec: dict) -> dict:
        """`rec` made the interface record of interface type node `typ`."""
        data = self.data
        rec["kind"] = "interface"
        sigs = {}
        for el in typ.named_children:
            if el.type == "method_elem":
                mn = el.child_by_field_name("name")
                if mn is None:
                    continue
                m = _txt(mn, data)
                rec["methods"].append(m)
                sigs[m] = {"params": self.params(el.child_by_field_name("parameters")),
                           "returns": [p["type"] for p in
                                       self.params(el.child_by_field_name("result"))]}
            elif el.type == "type_elem":
                rec["embedded"].append(_txt(el, data))
        rec["method_sigs"] = sigs
        return rec

    def imports(self, node) -> None:
        path_node = node.child_by_field_name("path")
        if path_node is None:
            return
        target = _txt(path_node, self.data).strip('"`')
        name_node = node.child_by_field_name("name")
        alias = _txt(name_node, self.data) if name_node is not None else ""
        self.facts.imports.append({"alias": alias or default_alias(target), "target": target,
                                   "name": None, "line": node.start_point[0] + 1,
                                   "explicit": bool(alias)})

    def call(self, node, scope: str) -> None:
        rec = self.call_expr(node, 0)
        fexpr = rec["fn"]
        if fexpr["kind"] == "attr":
            name = fexpr["attr"]
            receiver = fexpr["parts"][0].get("text", "")
        else:
            name = fexpr.get("text", "")
            receiver = ""
        rec.update(position(node))
        self.facts.calls.append({"caller": scope, "callee": rec["callee"], "name": name,
                                 "receiver": receiver, "line": rec["line"],
                                 "column": rec["column"], "end_line": rec["end_line"],
                                 "end_column": rec["end_column"], "args": rec["args"],
                                 "fn": fexpr})

    def _exprs(self, lst) -> list:
        if lst is None:
            return []
        if lst.type != "expression_list":
            return [lst]
        return [c for c in lst.named_children if c.type != "comment"]

    def assign(self, node, scope: str) -> None:
        data = self.data
        t = node.type
        line = node.start_point[0] + 1
        if t == "var_spec" or t == "const_spec":
            targets = [_txt(n, data) for n in node.children_by_field_name("name")]
            typ = node.child_by_field_name("type")
            values = self._exprs(node.child_by_field_name("value"))
            op = "var"
            ttext = _txt(typ, data) if typ is not None else ""
        elif t == "range_clause":
            left = self._exprs(node.child_by_field_name("left"))
            right = node.child_by_field_name("right")
            if not left or right is None:
                return
            targets = [_txt(n, data) for n in left]
            self.facts.assigns.append({
                "func": scope, "target": ", ".join(targets), "targets": targets, "op": "range",
                "type": "", "line": line,
                "value": {"kind": "range", "text": _txt(right, data),
                          "parts": [self.expr(right, 1)]}})
            return
        else:
            left = self._exprs(node.child_by_field_name("left"))
            values = self._exprs(node.child_by_field_name("right"))
            targets = [_txt(n, data) for n in left]
            opn = node.child_by_field_name("operator")
            op = ":=" if t == "short_var_declaration" else (
                _txt(opn, data) if opn is not None else "=")
            ttext = ""
        if values and len(values) == len(targets):
            for tg, v in zip(targets, values):
                self.facts.assigns.append({"func": scope, "target": tg, "targets": [tg],
                                           "op": op, "type": ttext, "line": line,
                                           "value": self.expr(v)})
        elif values:
            self.facts.assigns.append({"func": scope, "target": ", ".join(targets),
                                       "targets": targets, "op": op, "type": ttext,
                                       "line": line, "value": self.expr(values[0])})
        else:
            self.facts.assigns.append({"func": scope, "target": ", ".join(targets),
                                       "targets": targets, "op": op, "type": ttext,
                                       "line": line, "value": None})

    def ret(self, node, scope: str) -> None:
        vals = []
        for c in node.named_children:
            vals.extend(self._exprs(c))
        exprs = [self.expr(v) for v in vals[:8]]
        rec = {"func": scope, "value": exprs[0] if exprs else None,
               "line": node.start_point[0] + 1}
        if len(exprs) > 1:
            rec["values"] = exprs  # every returned value; `value` is the first
        self.facts.returns.append(rec)

    # --- driver -----------------------------------------------------------------------------
    def run(self, root) -> None:
        from auditor.parse import ts_language

        caps = kinds.by_type(root, ts_language("go"), _TAGS)  # the file's one query
        items = []
        for kind, nodes in caps.items():
            tag = _TAGS.get(kind)
            if tag is None:
                continue  # another stage's node type
            for n in nodes:
                items.append((n.start_byte, -n.end_byte, tag, n))
        items.sort(key=lambda x: (x[0], x[1]))
        # Closure names depend only on nesting; compute them first so that an expression can
        # name a closure it contains before the closure's own record is reached.
        self.closure_names: dict[int, str] = {}
        stack: list[tuple[int, str, bool]] = []  # (end_byte, local name, is closure)
        for start, negend, tag, n in items:
            if tag != "fn":
                continue
            while stack and stack[-1][0] <= start:
                stack.pop()
            closure = n.type == "func_literal"
            if closure:
                parent, in_closure = (stack[-1][1], stack[-1][2]) if stack else ("init", False)
                k = self.closure_count.get(parent, 0) + 1
                self.closure_count[parent] = k
                local = f"{parent}.{k}" if in_closure else f"{parent}.func{k}"
                if not stack:
                    # a package-level closure (`var h = withUser(func(...) {...})`): Go numbers
                    # them per package, this index sees one file, so the file's name goes in the
                    # name, or two files' `init.func1` would be one function of the graph
                    stem = self.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                    local = f"init.func{k}@{stem}"
                if len(local) > 300:  # absurd nesting: name by position, not by the path
                    local = f"{parent.split('.func', 1)[0]}.func@{n.start_point[0] + 1}:" \
                            f"{n.start_point[1] + 1}"
                self.closure_names[start] = local
            else:
                name_node = n.child_by_field_name("name")
                local = _txt(name_node, self.data) if name_node is not None else "?"
                if n.type == "method_declaration":
                    rp = self.params(n.child_by_field_name("receiver"))
                    if rp:
                        cls = rp[0]["type"].lstrip("*").strip().split("[", 1)[0]
                        local = f"{cls}.{local}"
            stack.append((-negend, local, closure))
        for start, _negend, tag, n in items:
            scope = self.scope(start)
            if tag == "call":
                self.call(n, scope)
            elif tag in ("assign", "var", "range"):
                self.assign(n, scope)
            elif tag == "ret":
                self.ret(n, scope)
            elif tag == "fn":
                self.function(n, scope)
            elif tag == "type":
                self.type_spec(n, scope)
            elif tag == "imp":
                self.imports(n)
            elif tag == "pkg":
                for c in n.named_children:
                    if c.type == "package_identifier":
                        self.facts.package = _txt(c, self.data)


def index_go(path: str, parsed, facts) -> None:
    """Fill `facts` with the Go declarations, calls, assignments and returns of one file."""
    facts.extra["go_pkgdir"] = posixpath.dirname(path)
    if never_built(parsed.data):
        facts.extra["go_never_built"] = True  # no call graph node, no route: see index.gobuild
    # Equal texts share one string: `err`, `c` and `h.service` recur on every line, and the
    # facts the scan keeps of a million lines are a fifth smaller for it (pickling keeps the
    # sharing within a file).
    _STRS.clear()
    try:
        _Indexer(path, parsed.data, facts).run(parsed.tree.root_node)
    finally:
        _STRS.clear()
    if not facts.package:  # error-tolerant tree without a package clause
        facts.package = posixpath.basename(posixpath.dirname(path)) or "main"
    # methods named on their struct records, as facts.py promises
    by_name = {c["name"]: c for c in facts.classes if c["kind"] != "interface"}
    for fn in facts.functions:
        if fn["kind"] == "method" and fn["cls"] in by_name:
            by_name[fn["cls"]]["methods"].append(fn["name"])


_TAG_KEY = re.compile(r'\b(mapstructure|yaml|toml|koanf|json):"([^",]*)')


def _config_key(tag: str) -> str | None:
    """The key a struct field is loaded from by a config decoder (viper's mapstructure, yaml,
    toml, koanf, json: the first of them the tag names), or None."""
    found = dict(_TAG_KEY.findall(tag))
    for lib in ("mapstructure", "yaml", "toml", "koanf", "json"):
        if found.get(lib) and found[lib] != "-":
            return found[lib]
    return None
