"""Shared tree-sitter helpers for the security rules: one query per file, cached on the context.

`file_index(ctx)` runs one tree-sitter query over the file (in C, no Python visit of every node)
and offers, for Go, Python and TypeScript/JavaScript alike: calls (callee text, last name,
receiver, positional and keyword arguments, enclosing function), equality comparisons, string
literals, and per function the assignments to local names and the parameters; each table is
built on first use. `mentions(ctx, words)` lets a rule whose sinks are absent stop before that. `Flow` answers "is this expression built only
from constants?" and "which leaves of it come from the request?" by following local variables
inside the enclosing function (flow-insensitive: every assignment of a name counts). Expression
recursion is bounded (`MAX_DEPTH`), so deeply nested input costs a cut-off, never a crash.
"""
from __future__ import annotations

import builtins

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache

from auditor.checks.constfold import dead as const_dead
from auditor.checks.constfold import live_arm
from auditor.checks.constfold import unreachable
from auditor.checks.containers import READERS, const_key, subscript_parts
from auditor.index.walk import text as node_text
from auditor.parse import kinds as _kinds

MAX_DEPTH = 60
MODULE = -1  # function key of module-level code

FUNC_TYPES = frozenset({
    "function_declaration", "method_declaration", "func_literal",  # go (+ ts function_declaration)
    "function_definition", "lambda",  # python
    "arrow_function", "method_definition", "function_expression", "function",
    "generator_function_declaration",
})
CALL_TYPES = frozenset({"call_expression", "call", "new_expression"})
STRING_TYPES = frozenset({"interpreted_string_literal", "raw_string_literal", "string",
                          "template_string", "concatenated_string"})
CONST_LEAVES = frozenset({"int_literal", "float_literal", "imaginary_literal", "rune_literal",
                          "true", "false", "nil", "none", "None", "integer", "float", "number",
                          "null", "undefined", "iota"})
NUMERIC_TYPES = re.compile(r"^\*?(u?int\d*|float\d*|bool|number|boolean|int|float|uuid\.UUID|"
                           r"time\.Time|time\.Duration|UUID|datetime)$")
_FMT_VERB = re.compile(r"%(?:\((\w+)\))?(?:\[\d+\])?[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?([a-zA-Z%])")
SAFE_VERBS = frozenset("dfiegxXobtuEGc")
SAFE_CALLS = re.compile(r"(^|\.)(Itoa|FormatInt|FormatUint|FormatFloat|FormatBool|len|int|float|"
                        r"bool|Number|parseInt|parseFloat|QuoteIdentifier|QuoteLiteral|Identifier|"
                        r"escape_identifier|quote_ident|Sanitize\w*|Escape\w*|uuid4|New|NewString|"
                        r"Now|time|count|String\(\)|isoformat|hex|Base|basename|secure_filename|Ext|extname|"
                        r"bindparams|"
                        # encodings and digests: their alphabet holds no quote, space, `<` or `..`
                        r"EncodeToString|b64encode|urlsafe_b64encode|b32encode|b16encode|hexlify|"
                        r"hexdigest|btoa|(md5|sha1|sha256|sha512|sha3)\.Sum\w*)$")

# HTML escaping (`html.EscapeString`): `<>&'"` rewritten, `;`, `|`, `$( )`, `../` and spaces
# untouched, so safe only where HTML is the sink (the XSS rule's own barriers say so)
_HTML_ONLY = re.compile(r"(?:^|\.)(?:html|template)\.Escape\w*$")

# Python ORM lookups (Flask-SQLAlchemy's Model.query, Django's managers and shortcuts)
_ORM_FETCH = re.compile(r"(?:^|\.)(?:query|objects)(?:\.\w+\([^()]*\))*\.(?:get|get_or_404|first|"
                        r"first_or_404|one|one_or_none|all|filter|filter_by|exclude|scalar)$|"
                        r"^get_(?:object|list)_or_404$")

# HTTP clients: what they return is another server's answer, not the text of the request
# they were handed (the URL is ssrf's sink, read at the call; the answer carries nothing)
_HTTP_FETCH = re.compile(r"^(?:await)?(?:axios(?:\.(?:get|post|put|patch|delete|head|"
                         r"request))?|fetch|got(?:\.(?:get|post|put|patch|delete))?|"
                         r"(?:requests|httpx)\.(?:get|post|put|patch|delete|head|request)|"
                         r"(?:urllib\.request\.)?urlopen|http\.(?:Get|Post|PostForm|Head))$")

# reversible encodings (SAFE_CALLS) and the decodings that undo them
_ENCODERS = frozenset({"EncodeToString", "b64encode", "urlsafe_b64encode", "b32encode",
                       "b16encode", "hexlify", "btoa", "encodebytes", "b85encode", "a85encode"})
_DECODERS = frozenset({"b64decode", "urlsafe_b64decode", "b32decode", "b16decode", "unhexlify",
                       "a2b_base64", "a2b_hex", "DecodeString", "atob", "fromhex", "decodebytes",
                       "b85decode", "a85decode"})

# sqlx's query rewriters: the query they return is their query argument with its bindvars
# expanded or converted (`sqlx.In` turns `IN (?)` into `IN (?, ?, ?)` for a slice, `Named` and
# `BindNamed` turn `:name` into `?`, `Rebind` turns `?` into `$1`); the values go to the returned
# argument list, never into the text. name -> the index of the query argument (-1: the last).
SQL_REWRITERS = {"sqlx.In": 0, "sqlx.Named": 0, "sqlx.Rebind": -1, "Rebind": 0,
                 "BindNamed": 0}

# Go lookups by key (sync.Map Load, ordered maps' Get, Lookup): the result is what the container
# holds, not the key (a request value used as a key selects a configured entry)
GO_LOOKUPS = frozenset({"Get", "Load", "Lookup"})

# NestJS (@nestjs/common) parameter decorators that hand a handler the request's data
_NEST_REQUEST_DECORATOR = re.compile(r"@(Query|Param|Body|Headers|Req|Request|Cookies|Args|Arg|"
                                     r"UploadedFiles?|HostParam)\s*\(")

# FastAPI's dependency markers, called in a parameter's default or its Annotated metadata
_DEPENDS = re.compile(r"(^|[\s\[,(.])(Depends|Security)\(")
REQUEST_SOURCE = re.compile(
    r"^(?:self\.|this\.|flask\.|quart\.|bottle\.)?(c|ctx|r|req|request|context)"
    # (gin `c.Request.FormFile(...)`, echo `c.Request().FormValue(...)`: the *http.Request;
    # Koa `ctx.request.body`, the request of its context)
    r"(?:\.Request(?:\(\))?|\.request)?\.(Query|Params|Param|FormValue|PostForm|"
    r"DefaultQuery|QueryParam|Get|GetHeader|Body|BodyParser|Cookies|Cookie|FormFile|PostFormValue|"
    r"URL|Form|args|form|json|values|query_params|path_params|headers|cookies|body|query|params|"
    r"get_json|data|files|nextUrl|searchParams|query_string|get_data|stream|environ|"
    r"RawQuery|RequestURI|Header|PathValue|META|FILES)\b"
    r"|\bsearchParams\.get\(|\breq\.(query|body|params|headers)\b|\brequest\.(GET|POST)\b"
    # Go routers' path parameters read through the request: chi, gorilla/mux, httprouter
    r"|^(chi\.URLParam|chi\.URLParamFromCtx|mux\.Vars|httprouter\.ParamsFromContext)\(")

# Input of the person who runs the program, not of a remote client (CodeQL's `local` threat
# model, opt-in there; `remote` is the default): command-line arguments, the environment, standard
# input. Not request data: an injection rule that reports them does so at `info`, with the reason.
LOCAL_SOURCE = re.compile(
    r"^(?:process\.(?:argv|env|stdin)\b|Deno\.(?:args|env)\b|Bun\.(?:argv|env)\b"
    r"|import\.meta\.env\b|readline\.\w+\("
    r"|sys\.(?:argv|stdin)\b|os\.(?:environ|getenv|environb|getenvb)\b|(?:environ|getenv)\b"
    r"|(?:input|raw_input)\(|fileinput\.\w+\(|\w+\.parse_(?:known_)?args\("
    r"|os\.(?:Args|Getenv|LookupEnv|Environ|ExpandEnv|Stdin)\b|flag\.\w+\b)")


ASSIGN_TYPES = frozenset({
    "short_var_declaration", "assignment_statement", "assignment", "augmented_assignment",
    "assignment_expression", "augmented_assignment_expression", "var_spec", "const_spec",
    "variable_declarator", "range_clause", "for_statement", "for_in_statement", "for_in_clause",
    # Python's `(form := LoginForm())`, an assignment inside an expression
    "named_expression"})


class Call:
    """A call site. Its line, enclosing function and arguments are read on first use: most rules
    stop at the callee."""

    __slots__ = ("node", "callee", "name", "receiver", "_idx", "_args", "_kwargs", "_func")

    def __init__(self, node, callee: str, name: str, receiver: str, idx: "FileIndex"):
        self.node, self.callee, self.name, self.receiver = node, callee, name, receiver
        self._idx = idx
        self._args = self._kwargs = self._func = None

    @property
    def line(self) -> int:
        return self.node.start_point[0] + 1

    @property
    def func(self) -> int:
        """Key of the enclosing function (its start byte), MODULE at top level."""
        if self._func is None:
            self._func = self._idx.func_of(self.node)
        return self._func

    @property
    def args(self) -> list:
        if self._args is None:
            self._read_arguments()
        return self._args

    @property
    def kwargs(self) -> dict:
        if self._kwargs is None:
            self._read_arguments()
        return self._kwargs

    def _read_arguments(self) -> None:
        args, kwargs = [], {}
        argn = self.node.child_by_field_name("arguments")
        if argn is None and self.node.type == "type_conversion_expression":
            operand = self.node.child_by_field_name("operand")  # Go `F[T](x)`
            self._args, self._kwargs = ([operand] if operand is not None else []), {}
            return
        if argn is not None:
            for a in argn.named_children:
                if a.type in ("comment",):
                    continue
                if a.type == "keyword_argument":
                    k, v = a.child_by_field_name("name"), a.child_by_field_name("value")
                    if k is not None and v is not None:
                        kwargs[self._idx.text(k)] = v
                else:
                    args.append(a)
        self._args, self._kwargs = args, kwargs


@dataclass
class Compare:
    node: object
    op: str
    left: object
    right: object
    line: int
    func: int


COMPARE_TYPES = frozenset({"binary_expression", "comparison_operator"})
# what the index records, by the capture name of its query
CATEGORIES = (("fn", FUNC_TYPES), ("call", CALL_TYPES), ("str", STRING_TYPES),
              ("cmp", COMPARE_TYPES), ("ret", frozenset({"return_statement"})),
              ("asg", ASSIGN_TYPES), ("cat", frozenset({"concatenated_string"})),
              # Go: tree-sitter reads a generic function's call `Query[*User](q)` as a
              # conversion to a generic type (the grammar cannot tell them apart)
              ("conv", frozenset({"type_conversion_expression"})))
_CATEGORY_KINDS = frozenset(k for _, ks in CATEGORIES for k in ks)
_kinds.register(_CATEGORY_KINDS)


class FileIndex:
    """The calls, comparisons, string literals, returns, assignments and parameters of one file,
    each with the key of its enclosing function. One tree-sitter query finds the nodes (in C);
    each table is built in Python only when a rule first reads it."""

    def __init__(self, lang: str, data: bytes, root=None):
        self.lang, self.data = lang, data
        self._nodes = _capture(root, lang) if root is not None else {}
        self._fns = self._nodes.get("fn", [])
        self.funcs = {fn.start_byte: fn for fn in self._fns}  # func key -> node
        self._assign_tables: dict = {}  # func -> assigns_in(func)
        self.flow_memo: dict = {}  # Flow's answers, shared by the rules of the file
        self._root = root
        self._undefined: dict = {}  # name -> whether the file never binds it (Python)
        self._class_funcs: dict = {}  # class node id -> keys of its functions

    def text(self, node, limit: int | None = None) -> str:
        return node_text(node, self.data, limit)

    def funcs_in_class(self, cls) -> list:
        """The keys of the functions defined inside class node `cls`."""
        got = self._class_funcs.get(cls.id)
        if got is None:
            got = self._class_funcs[cls.id] = [
                k for k, fn in self.funcs.items()
                if cls.start_byte <= fn.start_byte and fn.end_byte <= cls.end_byte]
        return got

    def undefined(self, name: str, func: int) -> bool:
        """Whether Python code in `func` reads a `name` that no scope it sees binds: not a
        builtin, not imported (and no `import *`), not assigned, a parameter, a loop or `with`
        target at module level or in `func` or a function around it, no definition or `global`
        of it anywhere. Such a value comes from nowhere in view, so it is not known to be
        constant. Decided per occurrence of the name from its parent node; an occurrence in a
        position not known to be a read or a local binding counts as bound everywhere."""
        if self.lang != "python" or self._root is None:
            return False
        found = self._undefined.get(name)
        if found is None:
            found = self._undefined[name] = _python_bindings(self, name)
        reads, scopes = found
        if not reads or _EVERYWHERE in scopes or MODULE in scopes:
            return False
        return not (scopes & ({func} | set(self.outer_keys(func))))

    @cached_property
    def _fn_keys(self) -> list:
        return [(fn.start_byte, -fn.end_byte) for fn in self._fns]

    def func_of(self, node) -> int:
        """The key of the innermost function around `node` (MODULE at top level): the last
        function before it in document order, or the first one around that which is still open
        where `node` starts."""
        start = node.start_byte
        i = bisect_left(self._fn_keys, (start, -node.end_byte)) - 1
        while i >= 0 and self._fns[i].end_byte <= start:
            i = self._fn_parent[i]
        return self._fns[i].start_byte if i >= 0 else MODULE

    def _located(self, cap: str) -> list:
        """(node, enclosing function key) for the captured nodes, in document order."""
        return [(node, self.func_of(node)) for node in self._nodes.get(cap, ())]

    @cached_property
    def calls(self) -> list:
        out = []
        for node in self._nodes.get("call", ()):
            call = _call(self, node)
            if call is not None:
                out.append(call)
        conv = [n for n in self._nodes.get("conv", ())
                if (ty := n.child_by_field_name("type")) is not None and ty.type == "generic_type"]
        if conv:  # `F[T](x)`: the call of generic function F (a generic type's conversion is rare)
            out.extend(c for c in map(lambda n: _call(self, n), conv) if c is not None)
            out.sort(key=lambda c: c.node.start_byte)
        return out

    @cached_property
    def strings(self) -> list:
        """String literal nodes; the parts of an implicit concatenation count as one."""
        nodes = self._nodes.get("str", [])
        if not self._nodes.get("cat"):
            return nodes
        return [n for n in nodes
                if not (n.parent is not None and n.parent.type == "concatenated_string")]

    @cached_property
    def _string_starts(self) -> list:
        return [n.start_byte for n in self.strings]

    @cached_property
    def compares(self) -> list:
        out: list = []
        for node, func in self._located("cmp"):
            _compare(out, node, func)
        return out

    @cached_property
    def returns(self) -> list:
        return self._located("ret")

    def own_function(self, name: str) -> int | None:
        """The key of the one function of the file named `name` (None when there is none, or
        several)."""
        named = self.__dict__.setdefault("_named_fns", {})
        if name not in named:
            keys = [k for k, n in self.funcs.items()
                    if (nm := n.child_by_field_name("name")) is not None and
                    self.text(nm, 100) == name]
            named[name] = keys[0] if len(keys) == 1 else None
        return named[name]

    def returns_in(self, func: int) -> list:
        """The return statements directly in function `func`."""
        return [r for r, f in self.returns if f == func]

    @cached_property
    def _assign_nodes(self) -> dict:
        """func -> its assignment nodes, in document order."""
        out: dict = {}
        for node, func in self._located("asg"):
            out.setdefault(func, []).append(node)
        return out

    def assigns_in(self, func: int) -> dict:
        """name -> [(value node | None, op, line)] of the assignments directly in function `func`;
        built per function on first use, as most files never ask about most functions."""
        table = self._assign_tables.get(func)
        if table is None:
            table = self._assign_tables[func] = {}
            for node in self._assign_nodes.get(func, ()):
                _assign(self, table, node, node.type)
        return table

    @property
    def assigns(self) -> dict:
        """func -> name -> assignments, for every function that assigns a name."""
        return {f: t for f in self._assign_nodes if (t := self.assigns_in(f))}

    @cached_property
    def consts(self) -> set:
        """Go `const` names (anywhere in the file)."""
        return {n for names in self._consts_by_func.values() for n in names}

    @cached_property
    def _consts_by_func(self) -> dict:
        out: dict = {}
        for func, nodes in self._assign_nodes.items():
            for node in nodes:
                if node.type == "const_spec":
                    out.setdefault(func, set()).update(
                        self.text(n) for n in node.children_by_field_name("name"))
        return out

    def is_const(self, name: str, func: int) -> bool:
        """`name` is a Go constant where `func` reads it: declared `const` in the function (or
        one around it) or at package level, and not assigned in the function itself (a
        `const x` of another function says nothing about this one's `x := ...`)."""
        by = self._consts_by_func
        if not by:
            return False
        if name in by.get(func, ()):
            return True
        if name in self.assigns_in(func):
            return False
        return any(name in by.get(k, ()) for k in self.outer_keys(func)) or \
            name in by.get(MODULE, ())

    @cached_property
    def _fn_parent(self) -> list:
        """For each function node, the index of the function around it (-1 at the top)."""
        out, stack = [], []
        for i, fn in enumerate(self._fns):
            start = fn.start_byte
            while stack and self._fns[stack[-1]].end_byte <= start:
                stack.pop()
            out.append(stack[-1] if stack else -1)
            stack.append(i)
        return out

    @cached_property
    def _fn_at(self) -> dict:
        """func key -> index of the node `funcs` holds for it (the last one of that key)."""
        return {fn.start_byte: i for i, fn in enumerate(self._fns)}

    def outer_keys(self, func: int) -> list:
        """The keys of the functions around function `func`, innermost first ([] when `func` is
        no function): what a closure sees, without climbing the tree."""
        i = self._fn_at.get(func)
        out = []
        while i is not None and i >= 0:
            i = self._fn_parent[i]
            if i >= 0:
                out.append(self._fns[i].start_byte)
        return out

    @cached_property
    def stores(self) -> dict:
        """(func, container name) -> what is put into it and taken out (checks.containers)."""
        from auditor.checks.containers import collect

        return collect(self)

    @cached_property
    def request_bound(self) -> set:
        """(func, name) of variables filled from the request body: `c.BodyParser(&req)`,
        `c.ShouldBindJSON(&req)`, `json.NewDecoder(r.Body).Decode(&req)`."""
        out = set()
        for c in self.calls:
            if _BINDER.match(c.name) and c.args and \
                    (c.name != "Decode" or self._decodes_request_body(c)):
                a = self.text(c.args[0], 100)
                if a.startswith("&"):
                    out.add((c.func, a[1:]))
                elif a.isidentifier() and any(
                        v is not None and self.text(v, 40).startswith(("new(", "&"))
                        for v, _op, _ln in (self.assigns_in(c.func).get(a) or ())[:4]):
                    # `req := new(CreateRequest); c.Bind(req)`: a pointer the binder fills
                    out.add((c.func, a))
        return out

    def _decodes_request_body(self, c) -> bool:
        """`json.NewDecoder(r.Body).Decode(&v)` where `r` is the function's (or an enclosing
        function's) `*http.Request` parameter, or a framework context's request: not an HTTP
        client's `r, err := client.Get(url)` response body."""
        m = _REQUEST_BODY.search(c.receiver or "")
        if m is None:
            return False
        root = m.group(1)
        if "." in root:
            return True  # c.Request.Body, ctx.Request.Body
        ptype = self.param_type(root, c.func)
        return ptype is not None and bool(GO_REQUEST_TYPE.search(ptype.replace(" ", "")))

    def param_type(self, name: str, func: int) -> str | None:
        """The declared type of parameter `name` of `func` or of a function enclosing it
        (closures see their parents' parameters); None when no such parameter."""
        if func not in self.funcs:
            return None
        for key in [func] + self.outer_keys(func):
            ps = self.params.get(key, {})
            if name in ps:
                return ps[name]
        return None

    @cached_property
    def positional(self) -> dict:
        """func -> (positional parameter names, {destructured name: (position, field)}): a
        JS/TS parameter written as an object pattern (`sendMail({ templatePath, context })`)
        is one argument whose fields the names read; its place in the list is ""."""
        out: dict = {}
        for fn in self._fns:
            ps = fn.child_by_field_name("parameters")
            names: list = []
            fields: dict = {}
            for p in (ps.named_children if ps is not None else ()):
                if p.type in ("comment", "decorator"):
                    continue
                pat = p.child_by_field_name("pattern") if p.type in (
                    "required_parameter", "optional_parameter") else p  # JS: the pattern itself
                if pat is not None and pat.type == "object_pattern":
                    for c in pat.named_children:
                        if c.type == "shorthand_property_identifier_pattern":
                            fields[self.text(c)] = (len(names), self.text(c))
                        elif c.type == "pair_pattern":
                            k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
                            if k is not None and v is not None and v.type == "identifier":
                                fields[self.text(v)] = (len(names), self.text(k))
                        elif c.type == "object_assignment_pattern":
                            left = c.child_by_field_name("left")
                            if left is not None:
                                fields[self.text(left)] = (len(names), self.text(left))
                    names.append("")
                    continue
                names.extend(_param_names(self, p))
            out[fn.start_byte] = (names, fields)
        return out

    @cached_property
    def params(self) -> dict:
        """func -> parameter name -> type text."""
        out: dict = {}
        for fn in self._fns:
            _params(self, out, fn, fn.start_byte)
        return out

    @cached_property
    def decorated(self) -> dict:
        """func -> decorator texts (Python)."""
        out: dict = {}
        if self.lang != "python":
            return out
        for fn in self._fns:
            p = fn.parent
            if p is not None and p.type == "decorated_definition":
                out[fn.start_byte] = [self.text(d, 200) for d in p.children if d.type == "decorator"]
        return out


_PY_BUILTINS = frozenset(dir(builtins)) | {"__file__", "__name__", "__doc__", "__path__",
                                            "__spec__", "__loader__", "__package__",
                                            "__builtins__", "__annotations__", "__dict__",
                                            "__class__", "__module__", "__qualname__"}
# parents of a Python identifier that only read it (with the field it must sit in, or None)
_PY_READS = {
    "binary_operator": None, "argument_list": None, "interpolation": None,
    "return_statement": None, "comparison_operator": None, "boolean_operator": None,
    "not_operator": None, "unary_operator": None, "parenthesized_expression": None,
    "expression_statement": None, "list": None, "set": None, "pair": None, "await": None,
    "conditional_expression": None, "expression_list": None, "slice": None,
    "subscript": "value", "attribute": "object",
    "keyword_argument": "value", "assignment": "right", "augmented_assignment": "right",
    "tuple": None, "list_splat": None, "dictionary_splat": None, "yield": None,
}


_EVERYWHERE = -2  # a binding seen from every scope (a definition, an import, `global`)


def _class_of(fn):
    """The class a method (or a function nested in one) is defined in, or None."""
    n = fn.parent if fn is not None else None
    while n is not None:
        if n.type in ("class_definition", "class_declaration", "class_body", "class"):
            return n if n.type != "class_body" else n.parent
        n = n.parent
    return None


def _python_bindings(idx: "FileIndex", name: str):
    """(read count, set of scope keys binding `name`) over the file's occurrences of it."""
    if name in _PY_BUILTINS or not name.isidentifier() or re.search(rb"\bimport\s+\*", idx.data):
        return 0, {_EVERYWHERE}
    reads, scopes = 0, set()
    for m in re.finditer(rb"(?<![\w.])" + re.escape(name.encode()) + rb"\b", idx.data):
        node = idx._root.descendant_for_byte_range(m.start(), m.end())
        if node is None or node.type != "identifier" or node.start_byte != m.start() \
                or node.end_byte != m.end():
            continue  # inside a string or comment, or part of a longer token
        parent = node.parent
        if parent is None:
            return 0, {_EVERYWHERE}
        if parent.type in ("attribute", "keyword_argument") and \
                parent.child_by_field_name("attribute" if parent.type == "attribute" else "name") \
                is not None and parent.child_by_field_name(
                    "attribute" if parent.type == "attribute" else "name").id == node.id:
            continue  # `x.name`, `f(name=...)`: an attribute or a keyword, not the variable
        field = _PY_READS.get(parent.type, False)
        if parent.type == "attribute" and parent.parent is not None and \
                parent.parent.type == "call" and parent.parent.child_by_field_name("function") \
                is not None and parent.parent.child_by_field_name("function").id == parent.id:
            field = False  # `sql.SQL(...)`: a module's function, like a call of the name itself
        if field is not False and (field is None or (parent.child_by_field_name(field) is not None
                                                     and parent.child_by_field_name(field).id
                                                     == node.id)):
            reads += 1
        elif parent.type in ("parameters", "default_parameter", "typed_parameter",
                             "typed_default_parameter", "lambda_parameters", "pattern_list",
                             "tuple_pattern", "list_pattern", "assignment", "augmented_assignment",
                             "for_statement", "for_in_clause", "as_pattern_target",
                             "named_expression"):
            scopes.add(idx.func_of(node))  # bound in the function (or module) around it
        else:
            scopes.add(_EVERYWHERE)  # a definition, import, `global`, or not known: trusted
    return reads, scopes


def file_index(ctx) -> FileIndex | None:
    """The shared index of `ctx`'s file, built on first use; None where there is no tree."""
    cached = getattr(ctx, "_security_index", None)
    if cached is not None:
        return cached
    tree = ctx.ts_tree if ctx.language != "config" else None
    if tree is None:
        return None
    idx = FileIndex(ctx.language, ctx.data, tree.root_node)
    try:
        object.__setattr__(ctx, "_security_index", idx)
    except Exception:  # noqa: BLE001 - a context that refuses attributes just rebuilds
        pass
    return idx


# Dropped before a prefilter looks for a name: whitespace (a callee spanning lines is compared with
# its whitespace removed) and every non-ASCII byte (Unicode spaces among them).
_SQUEEZE = bytes(range(0x80, 0x100)) + b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def mentions(ctx, words) -> bool:
    """Whether one of `words` (ASCII names taken from a rule's sink table) occurs in the file. A
    rule whose sinks are all absent cannot fire, so it stops before any tree work; the search is
    on the bytes without whitespace, so a callee written across lines still counts."""
    squeezed = getattr(ctx, "_squeezed", None)
    if squeezed is None:
        squeezed = ctx.data.translate(None, _SQUEEZE)
        try:
            object.__setattr__(ctx, "_squeezed", squeezed)
        except Exception:  # noqa: BLE001 - a context that refuses attributes just recomputes
            pass
    return contains_any(squeezed, words)


def contains_any(data: bytes, words) -> bool:
    """Whether one of `words` is in `data` (a loop: no generator frame per word)."""
    for w in words:
        if w in data:
            return True
    return False


def last_names(*tables) -> tuple:
    """The prefilter words of callee tables: the last name of each callee (`vm.Script` ->
    `Script`), which a call of it spells out in full."""
    return tuple(sorted({c.rsplit(".", 1)[-1].encode() for t in tables for c in t}))


def _capture(root, lang: str) -> dict:
    """Capture name -> nodes in document order (outer before inner), from the file's one query
    (auditor.parse.kinds)."""
    from auditor.parse import kinds, ts_language

    try:
        language = ts_language(lang)
    except ValueError:  # no tree-sitter grammar for the language: kinds walks
        language = None
    found = kinds.by_type(root, language, _CATEGORY_KINDS)
    out = {}
    for cap, ks in CATEGORIES:
        nodes = kinds.ordered(found, ks)
        if nodes:
            out[cap] = nodes
    return out


# Go parameter types that are the request: net/http's, and the frameworks' contexts (gin, echo,
# fiber, fasthttp, iris, and any `*Context` / `Ctx` of a framework wrapping one)
GO_REQUEST_TYPE = re.compile(r"http\.Request\b|(Context|Ctx)\s*$|fasthttp\.RequestCtx")
_BINDER = re.compile(r"(BodyParser|Bind\w*|ShouldBind\w*|Decode|QueryParser|ParamsParser)$")
# `json.NewDecoder(X).Decode(&v)` binds the request only when X is the request's body (not an
# HTTP client's response body)
# the names a request goes by by convention only (REQUEST_SOURCE's roots)
_CONVENTIONAL = frozenset({"c", "ctx", "r", "req", "request", "context"})
# the request, or a framework's context holding it, as a struct field's type (not a
# context.Context, which carries no request data)
_GO_REQUEST_FIELD = re.compile(r"http\.Request$|fasthttp\.RequestCtx$|^\*?(?:gin|echo|fiber|"
                               r"iris|buffalo|macaron)\.(?:Context|Ctx)$")
# a value that can hold the request, or be it: `request`, `req`, a context or a `Request`
_REQUESTISH = re.compile(r"\b(r|req|request|c|ctx|context|event|evt|scope)\b|Request")
_REQUEST_BODY = re.compile(r"\b(r|req|request|c\.Request|ctx\.Request)\.Body\b")


# Go calls that make an error whose message is built from their arguments
_ERROR_BUILDERS = frozenset({"Errorf", "New", "Newf", "Wrap", "Wrapf", "WithMessage",
                             "WithMessagef", "Join"})


def _add(table: dict, name: str, value, op: str, line: int) -> None:
    table.setdefault(name, []).append((value, op, line))


def _names(node, idx: FileIndex) -> list:
    if node is None:
        return []
    if node.type in ("identifier", "shorthand_property_identifier_pattern"):
        return [node]
    if node.type in ("expression_list", "pattern_list", "tuple_pattern", "array_pattern",
                     "object_pattern"):
        out = []
        for c in node.named_children:
            if c.type in ("identifier", "shorthand_property_identifier_pattern"):
                out.append(c)
            elif c.type == "pair_pattern":  # { folder: dir } binds dir
                v = c.child_by_field_name("value")
                if v is not None and v.type == "identifier":
                    out.append(v)
            elif c.type == "object_assignment_pattern":  # { limit = 10 } binds limit
                left = c.child_by_field_name("left")
                if left is not None and left.type in ("identifier",
                                                      "shorthand_property_identifier_pattern"):
                    out.append(left)
        return out
    return []


def _assign(idx: FileIndex, table: dict, node, t: str) -> None:
    line = node.start_point[0] + 1
    if t in ("short_var_declaration", "assignment_statement", "assignment",
             "augmented_assignment", "assignment_expression", "augmented_assignment_expression"):
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        op_node = node.child_by_field_name("operator")
        op = idx.text(op_node) if op_node is not None else "="
        if op == ":=":
            op = "="
        targets = _names(left, idx)
        if left is not None and left.type in ("selector_expression", "attribute", "member_expression"):
            targets = [left]
        values = right.named_children if right is not None and right.type == "expression_list" \
            else [right]
        for i, tgt in enumerate(targets):
            val = values[i] if len(values) == len(targets) else (values[0] if i == 0 else None)
            if val is None and idx.lang == "go" and len(values) == 1 and \
                    values[0].type == "call_expression" and \
                    idx.text(tgt, 20) not in ("err", "ok", "_") and \
                    REQUEST_SOURCE.search(idx.text(values[0].child_by_field_name("function"),
                                                   120) + "("):
                # `file, header, err := c.Request.FormFile("f")`: what a request reader hands
                # back is the request's (the upload's header holds its file name)
                val = values[0]
            _add(table, idx.text(tgt, 200), val, op, line)
    elif t == "named_expression":
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        if name is not None and name.type == "identifier":
            _add(table, idx.text(name), value, "=", line)
    elif t in ("var_spec", "const_spec"):
        names = [c for c in node.children_by_field_name("name")]
        value = node.child_by_field_name("value")
        values = value.named_children if value is not None else []
        for i, n in enumerate(names):
            _add(table, idx.text(n), values[i] if i < len(values) else None, "=", line)
    elif t == "variable_declarator":
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        if name is not None:
            for n in _names(name, idx):
                _add(table, idx.text(n), value, "=", line)
    elif t == "range_clause":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        ids = _names(left, idx)
        if ids and right is not None and _go_ranges_map(node, right, idx):
            # a map's keys are its data (`for field, value := range updates` over a map the
            # request's JSON filled; `range r.URL.Query()`), a slice's are ints
            _add(table, idx.text(ids[0]), right, "elem", line)
        elif ids:
            _add(table, idx.text(ids[0]), None, "index", line)
        if len(ids) > 1:
            _add(table, idx.text(ids[1]), right, "elem", line)
    elif t in ("for_statement", "for_in_statement") and idx.lang != "go":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        for n in _names(left, idx):
            _add(table, idx.text(n), right, "elem", line)
    elif t in ("for_in_clause",):
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        for n in _names(left, idx):
            _add(table, idx.text(n), right, "elem", line)


def _params(idx: FileIndex, params: dict, fn, func: int) -> None:
    ps = fn.child_by_field_name("parameters")
    if ps is None:
        one = fn.child_by_field_name("parameter")  # a JavaScript `url => ...`
        if one is not None and one.type == "identifier":
            params.setdefault(func, {})[idx.text(one)] = ""
        return
    out = params.setdefault(func, {})
    for p in ps.named_children:
        ty = p.child_by_field_name("type")
        tytext = idx.text(ty, 100).lstrip(":").strip() if ty is not None else ""
        for n in _param_names(idx, p):
            out[n] = tytext


_RESOLVER_ROOTS = frozenset({"Query", "Mutation", "Subscription"})


def _resolver_field(fn, idx: FileIndex) -> bool:
    """Whether the function `fn` is a field of a GraphQL resolver map's `Query`, `Mutation` or
    `Subscription` object (a pair's value, or a method of that object)."""
    parent = fn.parent
    if parent is not None and parent.type == "pair" and fn.type != "method_definition":
        obj = parent.parent
    elif fn.type == "method_definition":
        obj = parent
    else:
        return False
    if obj is None or obj.type != "object" or obj.parent is None or obj.parent.type != "pair":
        return False
    k = obj.parent.child_by_field_name("key")
    return k is not None and idx.text(k, 40).strip("'\"") in _RESOLVER_ROOTS


def _param_names(idx: FileIndex, p) -> list:
    """The names one parameter node binds, in the order `_params` records them."""
    if p.type == "identifier":
        return [idx.text(p)]
    if p.type in ("parameter_declaration", "variadic_parameter_declaration"):
        return [idx.text(n) for n in p.children_by_field_name("name")]
    if p.type in ("default_parameter", "typed_parameter", "typed_default_parameter"):
        n = p.child_by_field_name("name")
        if n is None:
            n = next((c for c in p.named_children if c.type == "identifier"), None)
        return [idx.text(n)] if n is not None else []
    if p.type in ("required_parameter", "optional_parameter"):
        return [idx.text(n) for n in _names(p.child_by_field_name("pattern"), idx)]
    # JavaScript parameters are bare patterns: `({ name, body })`, `([a, b])`, `(x = 1)`, `(...rest)`
    if p.type in ("object_pattern", "array_pattern"):
        return [idx.text(n) for n in _names(p, idx)]
    if p.type == "assignment_pattern":
        left = p.child_by_field_name("left")
        return _param_names(idx, left) if left is not None else []
    if p.type == "rest_pattern":
        n = next((c for c in p.named_children if c.type == "identifier"), None)
        return [idx.text(n)] if n is not None else []
    return []


def _call(idx: FileIndex, node) -> Call | None:
    fn = node.child_by_field_name("function") or node.child_by_field_name("constructor")
    if fn is None and node.type == "type_conversion_expression":
        gen = node.child_by_field_name("type")  # Go `Query[*User](q)` (FileIndex.calls)
        fn = gen.child_by_field_name("type") if gen is not None else None
    if fn is None:
        return None
    start = fn.start_byte
    callee = idx.data[start:min(fn.end_byte, start + 200)].decode("utf-8", "replace")
    if "\n" in callee:
        callee = re.sub(r"\s+", "", callee)
    receiver, _, name = callee.rpartition(".")
    return Call(node, callee, name, receiver, idx)


def _compare(out: list, node, func: int) -> None:
    line = node.start_point[0] + 1
    if node.type == "binary_expression":
        op = node.child_by_field_name("operator")
        if op is not None and op.type in ("==", "!=", "===", "!=="):
            out.append(Compare(node, op.type, node.child_by_field_name("left"),
                               node.child_by_field_name("right"), line, func))
        return
    kids = node.children
    for i, c in enumerate(kids):
        if c.type in ("==", "!=") and 0 < i < len(kids) - 1:
            out.append(Compare(node, c.type, kids[i - 1], kids[i + 1], line, func))


# -- literals ------------------------------------------------------------------------------------

def is_string(node) -> bool:
    return node is not None and node.type in STRING_TYPES


def is_interpolated(node) -> bool:
    """An f-string or a template literal with substitutions."""
    return any(c.type in ("interpolation", "template_substitution") for c in node.children) or \
        (node.type == "concatenated_string" and any(is_interpolated(c) for c in node.named_children))


def string_value(node, data: bytes) -> str:
    """The literal text of a string node; interpolations read as `{}`."""
    if node.type == "concatenated_string":
        return "".join(string_value(c, data) for c in node.named_children)
    parts = []
    content = False
    for c in node.children:
        if c.type in ("interpreted_string_literal_content", "raw_string_literal_content",
                      "string_content", "string_fragment", "escape_sequence"):
            parts.append(node_text(c, data))
            content = True
        elif c.type in ("interpolation", "template_substitution"):
            parts.append("{}")
            content = True
    if not content:
        raw = node_text(node, data)
        prefix = re.match(r"^[rRbBuUfF]*", raw).end()
        raw = raw[prefix:]
        for q in ('"""', "'''", '"', "'", "`"):
            if raw.startswith(q) and raw.endswith(q) and len(raw) >= 2 * len(q):
                return raw[len(q):-len(q)]
        return raw
    return "".join(parts)


def literal(node, data: bytes) -> str | None:
    """The value of a plain (non-interpolated) string literal, else None."""
    if node is None or not is_string(node) or is_interpolated(node):
        return None
    return string_value(node, data)


_MUTATE = frozenset({"mutate", "mutate_and_get_payload"})
_STRAWBERRY = re.compile(r"^@?strawberry\.(field|mutation|subscription)\b")
_ARIADNE = re.compile(r"^@?\w+\.field\(")

# languages where a nested function assigns its enclosing function's variable unless it declares
# its own (Python needs `nonlocal`, so its closures' assignments stay their own)
_OUTER_WRITES = frozenset({"javascript", "typescript", "tsx", "go"})
_DECLARATIONS = frozenset({"variable_declarator", "short_var_declaration", "var_spec",
                           "for_in_statement", "range_clause"})


# array methods that call their callback with each element as its first argument (`reduce`
# with it as its second)
_ELEMENT_CALLBACKS = frozenset({"map", "forEach", "flatMap", "filter", "find", "findIndex",
                                "some", "every", "findLast"})


def _callback_element(idx, name: str, func: int):
    """(the array node, the function reading it) when `name` is the element parameter of a
    JavaScript callback handed to an array method (`urls.map(url => ...)`, `items.forEach(
    (it) => ...)`, `reduce((acc, it) => ...)`), else None."""
    if idx.lang not in ("typescript", "tsx", "javascript"):
        return None
    for key in [func] + idx.outer_keys(func):
        if name not in idx.params.get(key, {}):
            continue
        fn = idx.funcs.get(key)
        args = fn.parent if fn is not None else None
        call = args.parent if args is not None and args.type == "arguments" else None
        f = call.child_by_field_name("function") if call is not None and \
            call.type == "call_expression" else None
        if f is None or f.type != "member_expression" or args.named_children[:1] != [fn]:
            return None
        method = idx.text(f.child_by_field_name("property"), 40)
        at = 1 if method == "reduce" else 0 if method in _ELEMENT_CALLBACKS else None
        plist = fn.child_by_field_name("parameters")
        ps = [p for p in (plist.named_children if plist is not None else
                          [fn.child_by_field_name("parameter")])
              if p is not None and p.type != "comment"]
        if at is None or len(ps) <= at or name not in _param_names(idx, ps[at]):
            return None
        outer = idx.outer_keys(key)
        return f.child_by_field_name("object"), outer[0] if outer else MODULE
    return None


def unwrap(node):
    while node is not None and node.type in ("parenthesized_expression", "await_expression", "await",
                                             "as_expression", "non_null_expression"):
        inner = node.named_children
        if not inner:
            break
        node = inner[-1] if node.type != "as_expression" else inner[0]
    return node


def pairs(node, idx: FileIndex) -> dict:
    """Keys -> value nodes of a dict/map/object literal (Go composite, Python dict, TS object)."""
    out = {}
    if node is None:
        return out
    if node.type == "composite_literal":
        node = node.child_by_field_name("body")
        if node is None:
            return out
    for c in node.named_children:
        if c.type in ("pair", "keyed_element"):
            k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
            if k is None and c.type == "keyed_element" and len(c.named_children) == 2:
                k, v = c.named_children
            if k is None or v is None:
                continue
            if k.type == "literal_element" and k.named_children:
                k = k.named_children[0]
            if v.type == "literal_element" and v.named_children:
                v = v.named_children[0]
            key = literal(k, idx.data)
            out[key if key is not None else idx.text(k, 100)] = v
        elif c.type == "shorthand_property_identifier":
            out[idx.text(c)] = c
    return out


# -- local dataflow ------------------------------------------------------------------------------

class Flow:
    """Constness and request taint of expressions, following local names within a function."""

    strict = False  # strict_twin(): a call of an unknown function is a leaf (auditor.taint)
    outside: set | None = None  # outside_names(): Go names no scope of the file binds
    _cuts = 0  # walks cut short (a cycle, the depth limit): their answers are not memoized
    _decoding = 0  # inside the arguments of a decoding: the encodings there carry their input
    _error_text = 0  # inside the receiver of a Go `err.Error()`: see `_call_node`

    def __init__(self, idx: FileIndex):
        self.idx = idx
        self._memo = idx.flow_memo  # answers depend on the file only: every rule reuses them
        self._calls: list | None = None  # collects call leaves during `leaves`

    def outside_names(self, node, func: int) -> set:
        """Go: the lower-case names `node` is built from (through local assignments) that no
        scope of the file binds: a package-level name of another file, or of none. `culprits`
        trusts them (their file declares them); the caller can ask the package."""
        if self.idx.lang != "go":
            return set()
        import copy

        twin = copy.copy(self)
        twin._memo, twin._calls, twin.outside = {}, None, set()
        twin.culprits(node, func)
        return twin.outside

    def strict_twin(self) -> "Flow":
        """This flow with `strict` set (same barriers and sanitizers, a memo of its own)."""
        if self.strict:
            return self
        twin = self.__dict__.get("_strict_twin")
        if twin is None:
            import copy

            twin = copy.copy(self)
            twin.strict, twin._memo, twin._calls = True, {}, None
            self.__dict__["_strict_twin"] = twin
        return twin

    def is_source(self, text: str, func: int) -> bool:
        """Whether `text` reads the request. Go names its request values by convention only
        (`c`, `ctx`, `r`, `req`): there the name must be a parameter typed as a request or a
        framework context (or a local taken from one); an ent client `c.Query()` or a struct
        field `r.URL` of a `*Retriever` is not the request."""
        m = REQUEST_SOURCE.search(text)
        if m is None:
            if self.idx.lang == "python" and ".data" in text:
                return self._form_field(text, func)
            return self.idx.lang == "go" and self._go_request_field(text, func)
        if m.start() != 0:
            return True
        root = re.split(r"[.\[(]", text, 1)[0]
        if self.idx.lang != "go":
            if ".params." in text and self._undeclared_path_param(text, func):
                return False
            return not self._local_non_request(root, func)
        ptype = self.param_type(root, func)
        if ptype is None:
            ptype = self._go_receiver_type(root, func)
        if ptype is not None:
            return bool(GO_REQUEST_TYPE.search(ptype))
        assigns = self.assignments(root, func)
        if not assigns:
            return True  # declared elsewhere (a closure's parameter the index lost): keep
        return any(v is not None and ("Request" in self.idx.text(v, 200) or
                                      REQUEST_SOURCE.search(self.idx.text(v, 200)))
                   for v, _, _ in assigns)

    def _form_field(self, text: str, func: int) -> bool:
        """Flask-WTF / WTForms: `form.username.data` with `form = LoginForm()` in the function
        (a FlaskForm is built from the request's form data: flask_wtf.FlaskForm reads
        request.form when instantiated in a request) is what the user posted."""
        m = _FORM_FIELD.match(text)
        if m is None:
            return False
        return any(v is not None and _FORM_CLASS_CALL.match(self.idx.text(v, 120))
                   for v, _, _ in self.assignments(m.group(1), func))

    def _undeclared_path_param(self, text: str, func: int) -> bool:
        """Express: `req.params.cmd` in a handler written in `router.get("/run", (req, res) =>
        ...)`, whose path declares no `:cmd`: always undefined (path-to-regexp sets only the
        parameters the path names), no request data."""
        m = re.match(r"(?:req|request)\.params\.([A-Za-z_$][\w$]*)", text)
        node = self.idx.funcs.get(func) if m is not None else None
        args = node.parent if node is not None else None
        call = args.parent if args is not None and args.type == "arguments" else None
        if call is None or call.type != "call_expression":
            return False
        fn = call.child_by_field_name("function")
        prop = fn.child_by_field_name("property") if fn is not None and \
            fn.type == "member_expression" else None
        if prop is None or self.idx.text(prop) not in ("get", "post", "put", "patch", "delete",
                                                       "all", "head", "options"):
            return False
        first = args.named_children[0] if args.named_children else None
        if first is None or first.type != "string":
            return False
        path = self.idx.text(first)[1:-1]
        return path.startswith("/") and not re.search(
            r":" + re.escape(m.group(1)) + r"(?![\w$])", path) and "(" not in path and \
            "*" not in path

    def _go_request_field(self, text: str, func: int) -> bool:
        """Go: the request kept in a field of a struct this file declares (`type httpHelper
        struct { w http.ResponseWriter; r *http.Request }`), read through a receiver or a
        parameter of that type: `h.r.URL.Query()` reads the request as `r.URL.Query()` does."""
        root, dot, rest = text.partition(".")
        field, dot2, tail = rest.partition(".")
        if not dot2 or not field.isidentifier() or not root.isidentifier():
            return False
        if not REQUEST_SOURCE.match("r." + tail):
            return False
        rtype = self.param_type(root, func)
        if rtype is None:
            rtype = self._go_receiver_type(root, func)
        rtype = (rtype or "").lstrip("*").strip()
        if not rtype.isidentifier():
            return False
        ftype = self._go_struct_field_type(rtype, field)
        return bool(ftype) and bool(_GO_REQUEST_FIELD.search(ftype))

    def _go_struct_field_type(self, rtype: str, field: str) -> str:
        """The declared type of `field` in struct `rtype` of this file ("" when not found)."""
        key = ("gofieldtype", rtype, field)
        if key not in self._memo:
            body = self._go_struct_body(rtype)
            f = re.search(rb"(?m)^\s*(?:\w+\s*,\s*)*" + re.escape(field.encode()) +
                          rb"(?:\s*,\s*\w+)*\s+(\*?[\w.]+)", body) if body is not None else None
            self._memo[key] = f.group(1).decode("latin-1") if f is not None else ""
        return self._memo[key]

    def _local_non_request(self, root: str, func: int) -> bool:
        """Python / JavaScript: `r`, `c`, `ctx`, `req` name the request by convention only. A
        local every assignment of which is something else (`r = requests.get(url)`, `const r =
        await fetch(url)`, `ctx = ssl.create_default_context()`) is not the request: its
        `r.json()` is a response's body. A parameter, or a local taken from the request or a
        context (`req = request`, `const { req } = context`), still is."""
        if root not in _CONVENTIONAL or root in self.idx.params.get(func, {}):
            return False  # `searchParams = useSearchParams()` is the page's query whatever made it
        assigns = self.assignments(root, func)
        if not assigns:
            return False
        return all(v is not None and not _REQUESTISH.search(self.idx.text(v, 200))
                   for v, _, _ in assigns)

    def _go_field(self, recv: str, field: str, func: int, out, depth, seen) -> bool:
        """`e.conditions` read in a method of a struct type declared in this file, the field
        unexported: what every method of the type stores there (`e.conditions =
        append(e.conditions, "e.feed_id = $"+strconv.Itoa(len(e.args)+1))`) and what the
        type's literals put there (`&builder{conditions: []string{"e.user_id = $1"}}`). A query
        builder's fragments filled by one method and joined by another are as constant as what
        was stored. False (not decided here) for anything else."""
        if not field[:1].islower() or not field.isidentifier():
            return False
        rtype = (self._go_receiver_type(recv, func) or "").lstrip("*").strip()
        if not rtype.isidentifier() or not self._go_struct_here(rtype):
            return False
        key = ("gofield", rtype, field)
        if key in seen:
            return True  # (the field's own earlier value: what the other stores add)
        got = self._memo.get(key)
        if got is not None:
            out.extend(got)
            return True
        seen = seen | {key}
        values = self._go_field_values(rtype, field)
        if values is None:
            return False
        found: list = []
        for value, fk in values:
            self._walk(value, fk, found, depth + 1, seen)
        self._memo[key] = found
        out.extend(found)
        return True

    def _go_struct_here(self, rtype: str) -> bool:
        """Whether this file declares struct type `rtype`."""
        return self._go_struct_body(rtype) is not None

    def _go_struct_body(self, rtype: str) -> bytes | None:
        """The field declarations of struct type `rtype` as this file declares it (None when
        it does not): searched once per type, as field reads are many."""
        key = ("gostruct", rtype)
        if key not in self._memo:
            m = re.search(rb"\btype\s+" + re.escape(rtype.encode()) + rb"\s+struct\s*\{",
                          self.idx.data)
            body = None
            if m is not None:
                end = self.idx.data.find(b"\n}", m.end())
                body = self.idx.data[m.end():end if end >= 0 else m.end() + 2000][:4000]
            self._memo[key] = body
        return self._memo[key]

    def _go_field_values(self, rtype: str, field: str) -> list | None:
        """(value node, function key) of every store to `field` of struct `rtype` in the file:
        assignments through a method's receiver and keyed elements of the type's literals;
        None when a store cannot be read (a value that is not there)."""
        idx = self.idx
        values: list = []
        for fkey, fn in idx.funcs.items():
            rec = fn.child_by_field_name("receiver") if fn.type == "method_declaration" else None
            names = []
            for p in (rec.named_children if rec is not None else ()):
                ty = p.child_by_field_name("type")
                if ty is not None and idx.text(ty).lstrip("*").strip() == rtype:
                    names += [idx.text(n) for n in p.children_by_field_name("name")]
            if not names:
                continue
            targets = {f"{n}.{field}" for n in names}
            for node in idx._assign_nodes.get(fkey, ()):
                if node.type != "assignment_statement":
                    continue
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                lefts = left.named_children if left is not None else []
                rights = right.named_children if right is not None else []
                for i, tgt in enumerate(lefts):
                    if idx.text(tgt, 200) in targets:
                        if len(rights) != len(lefts):
                            return None
                        values.append((rights[i], fkey))
        pat = rtype.encode() + b"{"
        i = idx.data.find(pat)
        while i >= 0:
            node = idx._root.descendant_for_byte_range(i, i + len(pat) - 1) \
                if idx._root is not None else None
            while node is not None and node.type != "composite_literal":
                node = node.parent if node.start_byte >= i - 1 else None
            ty = node.child_by_field_name("type") if node is not None else None
            if ty is not None and idx.text(ty).strip() == rtype:
                v = pairs(node, idx).get(field)
                if v is not None:
                    values.append((v, idx.func_of(node)))
            i = idx.data.find(pat, i + 1)
        return values

    def _go_receiver_type(self, name: str, func: int) -> str | None:
        """The type of the method receiver named `name` of `func` or a function around it."""
        for key in [func] + self.idx.outer_keys(func):
            fn = self.idx.funcs.get(key)
            recv = fn.child_by_field_name("receiver") if fn is not None else None
            for p in (recv.named_children if recv is not None else ()):
                n, ty = p.child_by_field_name("name"), p.child_by_field_name("type")
                if n is not None and self.idx.text(n) == name:
                    return self.idx.text(ty, 100) if ty is not None else ""
        return None

    def resolver(self, func: int):
        """name -> the one value a name is bound to in `func` (or its module), for folding."""
        key = ("resolver", func)
        got = self._memo.get(key)
        if got is None:
            def got(name: str, use=None, _func=func):
                assigns = self.assignments(name, _func)
                if len(assigns) == 1 and assigns[0][1] == "=":
                    return assigns[0][0]
                fn = self.idx.funcs.get(_func)
                if use is not None and fn is not None and len(assigns) > 1 and \
                        assigns is self.idx.assigns_in(_func).get(name):
                    live = live_assignments(assigns, use.start_byte, use, fn)
                    if live is not None and len(live) == 1:
                        return live[0][0]  # the value the name holds where it is read
                return None
            self._memo[key] = got
        return got

    def leaves(self, node, func: int) -> tuple[list, list]:
        """(culprits, calls): the non-constant leaves of `node` as `culprits` gives them, and
        the calls of other functions whose results make it up [(name, line, callee)], which
        only the callees' summaries can judge (auditor.taint)."""
        key = ("leaves", node.id if node is not None else None, func)
        got = self._memo.get(key)
        if got is None:
            outer, self._calls = self._calls, []
            out: list = []
            try:
                self._walk(node, func, out, 0, set())
                got = (out, self._calls)
            finally:
                self._calls = outer
            self._memo[key] = got
        return list(got[0]), list(got[1])

    def request_bound(self) -> set:
        return self.idx.request_bound

    def route_params(self, func: int) -> set:
        """Parameters of a Python route function (FastAPI/Flask decorators), and NestJS
        handler parameters bound by `@Query()`, `@Param()`, `@Body()`, `@Headers()`...:
        request input."""
        if func not in self.idx.funcs:
            return set()
        if self.idx.lang in ("typescript", "tsx", "javascript"):
            return self._nest_params(func) | self._resolver_args(func)
        if self.idx.lang == "python":
            got = self._py_resolver_args(func)
            if got:
                return got
        for key in [func] + self.idx.outer_keys(func):
            decos = self.idx.decorated.get(key, [])
            if any(_ROUTE_DECORATOR.search(d) for d in decos):
                return set(self.idx.params.get(key, {})) - {"self", "request", "db", "session"} \
                    - self._dependency_params(key) - self._typed_params(key, decos)
        return set()

    def typed_route_params(self, func: int) -> set:
        """`_typed_params` of the route function `func` is (or is nested in)."""
        if self.idx.lang != "python":
            return set()
        for key in [func] + self.idx.outer_keys(func):
            decos = self.idx.decorated.get(key, [])
            if any(_ROUTE_DECORATOR.search(d) for d in decos):
                return self._typed_params(key, decos)
        return set()

    def _typed_params(self, func: int, decos: list) -> set:
        """Route parameters the framework converts to a number (or a UUID, a date) before the
        view runs: Flask's `<int:user_id>` / `<float:x>` / `<uuid:x>` converters, and in a
        FastAPI file parameters annotated `int`, `float`, `bool`, `UUID`, `date`, `datetime`,
        `Decimal` (a value that does not convert is answered 422): no text of the request's
        reaches the code through them."""
        got = set()
        for d in decos:
            got.update(_FLASK_TYPED.findall(d))
        if b"fastapi" in self.idx.data and self.idx.lang == "python":
            fn = self.idx.funcs.get(func)
            ps = fn.child_by_field_name("parameters") if fn is not None else None
            for p in (ps.named_children if ps is not None else ()):
                if p.type not in ("typed_parameter", "typed_default_parameter"):
                    continue
                ty = p.child_by_field_name("type")
                if ty is not None and _NUMERIC_TYPE.fullmatch(self.idx.text(ty, 80).strip()):
                    got.update(_param_names(self.idx, p))
        return got

    def _dependency_params(self, func: int) -> set:
        """Parameters FastAPI fills by running a dependency (`user = Depends(current_user)`,
        `db: Annotated[Session, Depends(get_db)]`, or an alias of this file for one: `CurrentUser
        = Annotated[User, Depends(get_current_user)]`): what the dependency returns (a session,
        the signed-in user), not what the request sent."""
        key = ("dependency_params", func)
        got = self._memo.get(key)
        if got is None:
            got = set()
            fn = self.idx.funcs.get(func)
            ps = fn.child_by_field_name("parameters") if fn is not None else None
            for p in (ps.named_children if ps is not None else ()):
                if p.type not in ("default_parameter", "typed_parameter",
                                  "typed_default_parameter"):
                    continue
                ty, dv = p.child_by_field_name("type"), p.child_by_field_name("value")
                texts = [self.idx.text(n, 300) for n in (ty, dv) if n is not None]
                if ty is not None and ty.named_children and \
                        ty.named_children[0].type == "identifier":  # a module-level alias
                    texts += [self.idx.text(v, 300) for v, _, _ in
                              self.idx.assigns_in(MODULE).get(self.idx.text(ty), ())
                              if v is not None]
                if any(_DEPENDS.search(t) for t in texts):
                    got.update(_param_names(self.idx, p))
            self._memo[key] = got
        return got

    def _py_resolver_args(self, func: int) -> set:
        """The GraphQL arguments of a Python resolver, in a file that imports graphene,
        strawberry or ariadne: the parameters after `info` of a graphene `resolve_<field>(parent,
        info, **args)` or `mutate(root, info, **args)` / `mutate_and_get_payload` (graphene
        passes every argument of the field by name), of an ariadne `@query.field("x")` function
        (`(obj, info, **args)`), and the parameters of a `@strawberry.field` or
        `@strawberry.mutation` method but `self` and `info`: what the client sent."""
        key = ("py_resolver_args", func)
        got = self._memo.get(key)
        if got is None:
            got = set()
            data = self.idx.data
            fn = self.idx.funcs.get(func)
            if fn is not None and fn.type == "function_definition" and \
                    (b"graphene" in data or b"strawberry" in data or b"ariadne" in data):
                params = list(self.idx.params.get(func, {}))
                name = fn.child_by_field_name("name")
                name = self.idx.text(name) if name is not None else ""
                decos = self.idx.decorated.get(func, [])
                if any(_STRAWBERRY.search(d) for d in decos):
                    got = set(params) - {"self", "info", "root", "cls"}
                elif "info" in params and (name.startswith("resolve_") or name in _MUTATE or
                                           any(_ARIADNE.search(d) for d in decos)):
                    got = set(params[params.index("info") + 1:])
            self._memo[key] = got
        return got

    def _resolver_args(self, func: int) -> set:
        """The arguments parameter of a GraphQL resolver (graphql-js, Apollo, graphql-tools,
        Mercurius, Yoga: `resolve(parent, args, context, info)`), the second parameter of a
        function that is a field of the `Query`, `Mutation` or `Subscription` object of a
        resolver map (`{Query: {user: (parent, args) => ...}}`, or a method `user(_, {id})`),
        in a file that names GraphQL: what the client sent in the operation."""
        key = ("resolver_args", func)
        got = self._memo.get(key)
        if got is None:
            got = set()
            data = self.idx.data
            if b"graphql" in data or b"GraphQL" in data or b"apollo" in data or \
                    b"Resolver" in data or b"mercurius" in data:
                for k in [func] + self.idx.outer_keys(func):
                    fn = self.idx.funcs.get(k)
                    if fn is None or not _resolver_field(fn, self.idx):
                        continue
                    ps = fn.child_by_field_name("parameters")
                    kids = [c for c in ps.named_children if c.type != "comment"] \
                        if ps is not None else []
                    if len(kids) >= 2:
                        got.update(_param_names(self.idx, kids[1]) or
                                   [self.idx.text(n) for n in _names(kids[1], self.idx)])
            self._memo[key] = got
        return got

    def _nest_params(self, func: int) -> set:
        key = ("nest_params", func)
        got = self._memo.get(key)
        if got is None:
            got = set()
            ps = self.idx.funcs[func].child_by_field_name("parameters")
            for p in (ps.named_children if ps is not None else ()):
                decos = [c for c in p.children if c.type == "decorator"]
                name = p.child_by_field_name("pattern")
                if name is not None and any(_NEST_REQUEST_DECORATOR.match(self.idx.text(d, 80))
                                            for d in decos):
                    got.add(self.idx.text(name, 80))
            self._memo[key] = got
        return got

    def request_culprits(self, node, func: int) -> list:
        """The leaves of `node` that come from the HTTP request (query, path, body, headers,
        route parameters), following local variables."""
        out = []
        rp = self.route_params(func)
        bound = {n for f, n in self.request_bound() if f == func}
        for text, line in self.culprits(node, func):
            root = re.split(r"[.\[(]", text, 1)[0]
            if self.is_source(text, func) or root in rp or root in bound:
                out.append((text, line))
        if bound:
            for sub_text in re.findall(r"\b(\w+)\.\w+", self.idx.text(node, 500)):
                if sub_text in bound and not any(t.startswith(sub_text + ".") for t, _ in out):
                    out.append((sub_text, node.start_point[0] + 1))
        return out

    def assignments(self, name: str, func: int) -> list:
        fa = self.idx.assigns_in(func).get(name)
        if fa is not None:
            if func != MODULE and self.idx.lang in _OUTER_WRITES and \
                    name not in self.idx.params.get(func, {}) and name not in self._declared(func):
                # a closure that sets a name of its enclosing function without declaring it
                # (`url = "/"` in a JS callback, `x = 2` in a Go func literal) writes that
                # variable: the enclosing function's values are still there to be read
                for key in self.idx.outer_keys(func):
                    outer = self.idx.assigns_in(key).get(name)
                    if outer is not None:
                        return outer + fa
            return fa
        # closures see the enclosing function's names
        for key in self.idx.outer_keys(func):
            fa = self.idx.assigns_in(key).get(name)
            if fa is not None:
                return fa
        return self.idx.assigns_in(MODULE).get(name, [])

    def _declared(self, func: int) -> frozenset:
        """The names a declaration of `func` binds (`var`/`let`/`const`, `:=`, `var x`), once
        per function."""
        key = ("declared", func)
        got = self._memo.get(key)
        if got is None:
            names = set()
            for node in self.idx._assign_nodes.get(func, ()):
                if node.type not in _DECLARATIONS:
                    continue
                left = node.child_by_field_name("name") or node.child_by_field_name("left")
                if left is None:
                    continue
                if left.type == "identifier":
                    names.add(self.idx.text(left))
                    continue
                stack = [left]
                while stack:
                    n = stack.pop()
                    if n.type in ("identifier", "shorthand_property_identifier_pattern"):
                        names.add(self.idx.text(n))
                    elif n.child_count and n.end_byte - n.start_byte < 2000:
                        stack.extend(n.named_children)
            got = self._memo[key] = frozenset(names)
        return got

    def param_type(self, name: str, func: int) -> str | None:
        return self.idx.param_type(name, func)

    def culprits(self, node, func: int) -> list:
        """Non-constant leaves of `node` as [(text, line)]: [] means built only from constants,
        integer formatting, placeholders, allowlisted identifiers and safe converters."""
        key = ("culprits", node.id if node is not None else None, func)
        out = self._memo.get(key)
        if out is None or out is _BUSY:  # a call inside its own walk is answered afresh
            fresh = out is None
            self._memo[key] = _BUSY
            out = []
            self._walk(node, func, out, 0, set())
            if fresh:
                self._memo[key] = out
        return list(out)

    def _walk(self, node, func, out, depth, seen) -> None:  # noqa: C901 - one switch on node kinds
        idx = self.idx
        node = unwrap(node)
        if node is None or depth > MAX_DEPTH:
            if node is not None:
                self._cuts += 1
            return
        t = node.type
        line = node.start_point[0] + 1
        if t in CONST_LEAVES or t in ("comment", "type_identifier", "predefined_type"):
            return
        if t in STRING_TYPES:
            for c in node.named_children:
                if c.type in ("interpolation", "template_substitution"):
                    for e in c.named_children:
                        if e.type not in ("format_specifier", "type_conversion"):
                            self._walk(e, func, out, depth + 1, seen)
                elif c.type == "string" or c.type == "template_string":
                    self._walk(c, func, out, depth + 1, seen)
            return
        if t == "identifier" or t == "shorthand_property_identifier":
            self._name(idx.text(node), node, func, out, depth, seen)
            return
        if t == "member_expression" and (prop := node.child_by_field_name("property")) is not None \
                and idx.text(prop, 20) == "length":
            return  # a count, whatever it counts
        if t in ("selector_expression", "attribute", "member_expression"):
            root = node
            while root is not None and root.type in ("selector_expression", "attribute",
                                                    "member_expression", "call_expression",
                                                    "call", "subscript", "index_expression"):
                root = root.named_children[0] if root.named_children else None
            if root is not None and root.type in ("identifier", "this", "self"):
                nm = idx.text(root)
                if root.type == "identifier":
                    whole = idx.text(node, 200)
                    if self.is_source(whole, func):
                        out.append((whole, line))
                        return
                    if idx.lang == "go" and node.type == "selector_expression" and \
                            root.start_byte == node.start_byte and \
                            node.child_by_field_name("operand") == root and \
                            self._go_field(nm, idx.text(node.child_by_field_name("field")),
                                           func, out, depth, seen):
                        return
                    if nm not in ("self", "this") or idx.lang == "go":
                        self._name(nm, node, func, out, depth, seen, display=whole)
                        return
                if idx.lang != "go":
                    self._field(node, func, out, depth, seen)
            return
        if t in ("binary_expression", "binary_operator"):
            op = node.child_by_field_name("operator")
            op = op.type if op is not None else ""
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op in ("||", "??", "&&") and idx.lang != "go":
                # JavaScript's `a || b`, `a ?? b`, `a && b` yield one of their operands
                self._walk(left, func, out, depth + 1, seen)
                self._walk(right, func, out, depth + 1, seen)
                return
            if op == "%" and is_string(unwrap(left)):
                self._format(idx.text(left) and string_value(unwrap(left), idx.data),
                             _tuple_items(right), {}, func, out, depth, seen)
                return
            if op == "*" and (self._is_repeat_literal(left) or self._is_repeat_literal(right)):
                return
            if op == "+" and any(unwrap(x) is not None and unwrap(x).type in
                                 ("number", "int_literal", "integer", "float") for x in (left, right)):
                return  # arithmetic
            if op == "+" or op == "%" or (op == "/" and idx.lang == "python" and not any(
                    unwrap(x) is not None and unwrap(x).type in ("integer", "float")
                    for x in (left, right))):
                # (Python's `/` on a pathlib path joins: `UPLOAD_DIR / filename` is a path
                # holding the name; on numbers it divides, and text cannot be divided)
                self._walk(left, func, out, depth + 1, seen)
                self._walk(right, func, out, depth + 1, seen)
            return  # arithmetic and comparisons yield numbers / booleans
        if t in CALL_TYPES:
            self._call_node(node, func, out, depth, seen)
            return
        if t in ("index_expression", "subscript", "subscript_expression"):
            obj, sub = subscript_parts(node)
            if obj is not None and sub is not None and obj.type == "identifier":
                k = const_key(sub, idx)
                if self._container_read(idx.text(obj), (k,) if k is not None else None, node,
                                        func, out, depth, seen):
                    return
            if obj is not None and self._is_literal_map(obj, func):
                return  # chosen from a constant map: an allowlist
            self._walk(obj, func, out, depth + 1, seen)
            return
        if t == "keyed_element" and idx.lang == "go" and _go_field_key(node, idx):
            # `{table: "users"}` in a struct literal: `table` names a field, it is no value
            self._walk(node.child_by_field_name("value"), func, out, depth + 1, seen)
            return
        if t in ("list", "tuple", "array", "expression_list", "composite_literal", "literal_value",
                 "set", "literal_element", "parenthesized_expression", "conditional_expression",
                 "ternary_expression", "unary_expression", "not_operator", "spread_element",
                 "list_splat", "variadic_argument", "keyed_element", "pair", "dictionary",
                 "object", "type_conversion_expression", "unary_operator"):
            kids = node.named_children
            if t in ("conditional_expression", "ternary_expression"):
                arm = live_arm(node, idx.data, self.resolver(func))
                if arm is not None:  # the condition folds: the other arm never runs
                    self._walk(arm, func, out, depth + 1, seen)
                    return
            if t == "conditional_expression" and len(kids) == 3:
                kids = [kids[0], kids[2]]
            cond = node.child_by_field_name("condition") if t == "ternary_expression" else None
            for c in kids:
                if cond is not None and c == cond:
                    continue
                self._walk(c, func, out, depth + 1, seen)
            return
        if t in ("generator_expression", "list_comprehension"):
            body = node.child_by_field_name("body")
            self._walk(body, func, out, depth + 1, seen)
            return
        if t in ("lambda", "arrow_function", "func_literal", "boolean_operator"):
            if t == "boolean_operator":
                for c in node.named_children:
                    self._walk(c, func, out, depth + 1, seen)
            return
        # anything else (types, keywords): not a source of text
        return

    def _name(self, name, node, func, out, depth, seen, display=None) -> None:
        idx = self.idx
        if idx.is_const(name, func) or name in ("self", "this", "nil", "None", "true", "false"):
            return
        assigns = self.assignments(name, func)
        fn = idx.funcs.get(func)
        live = None
        # module-level code runs top to bottom too (a Go package's variables do not)
        scope = fn if fn is not None or func != MODULE or idx.lang == "go" else idx._root
        if scope is not None and assigns and assigns is idx.assigns_in(func).get(name) and (
                len(assigns) > 1 or fn is not None and self.param_type(name, func) is not None):
            # (a parameter overwritten before the read, `p = md5sum(p)`: its value as passed
            # no longer reaches it)
            live = live_assignments(assigns, node.start_byte, node, scope)
        key = (name, func) if live is None else (name, func, live[0][0].start_byte)
        if key in seen:
            self._cuts += 1
            return
        # a name read reached again along another path (`a = b + c`, `d = a + b`, ... each
        # value made of the names before it) answers what its first complete walk found:
        # walked afresh on every path, a chain of such assignments costs exponential time
        mkey = ("name_walk", name, func, node.start_byte, display, self._calls is not None)
        hit = self._memo.get(mkey) if self.outside is None else None
        if hit is not None:
            out.extend(hit[0])
            if self._calls is not None:
                self._calls.extend(hit[1])
            return
        o0, c0, cuts0 = len(out), len(self._calls or ()), self._cuts
        self._name_walk(name, node, func, out, depth, seen | {key}, display, key, assigns, fn,
                        live)
        if self._cuts == cuts0 and self.outside is None:
            self._memo[mkey] = (out[o0:], list((self._calls or [])[c0:]))

    def _name_walk(self, name, node, func, out, depth, seen, display, key, assigns, fn,
                   live) -> None:
        idx = self.idx
        stored = idx.stores.get((func, name)) if fn is not None else None
        if stored:  # what was put into the container before this read
            resolve = self.resolver(func)
            for st in stored:
                if st.value is not None and st.node.start_byte < node.start_byte and \
                        not node.start_byte < st.node.end_byte and \
                        not const_dead(st.node, fn, idx.data, resolve):
                    self._walk(st.value, st.func if st.func is not None else func, out,
                               depth + 1, seen)
        if live is not None:
            assigns = live
        ptype = self.param_type(name, func)
        if ptype is not None and live is None:
            if ptype and NUMERIC_TYPES.match(ptype.replace(" ", "")) and \
                    not unconverted_decorated_param(idx, name, func):
                return
            elem = _callback_element(idx, name, func)
            if elem is not None:
                # `urls.map(url => axios.get(url))`: the element is what the array holds
                self._walk(elem[0], elem[1], out, depth + 1, seen)
                return
            if not self.allowlisted(name, func, node):
                out.append((display or name, node.start_point[0] + 1))
            if fn is not None and assigns:
                # a parameter overwritten in a branch before the read (`def view(request,
                # path="/home"): if "path" in request.POST: path = request.POST["path"]`):
                # the read is either, so what the branch stored counts too
                for value, op, _line in assigns:
                    if value is not None and op != "index" and \
                            value.start_byte < node.start_byte and fn.start_byte <= \
                            value.start_byte < fn.end_byte:
                        self._walk(value, func, out, depth + 1, seen)
            return
        if assigns and self.allowlisted(name, func, node):
            return
        if (func, name) in self.request_bound():
            out.append((display or name, node.start_point[0] + 1))
            return
        if not assigns:
            if name.isupper() or name[:1].isupper() and idx.lang == "go":
                return
            if self.is_source(display or "", func) or idx.undefined(name, func):
                out.append((display or name, node.start_point[0] + 1))
            elif self.outside is not None and idx.lang == "go":
                self.outside.add(name)
            return  # defined outside the file: cannot judge, trusted
        for value, op, line in assigns:
            if op == "index" or value is None:
                continue
            if fn is not None and len(assigns) > 1 and \
                    const_dead(value, fn, idx.data, self.resolver(func)):
                continue  # assigned in a branch a constant condition rules out
            self._walk(value, func, out, depth + 1, seen)

    def _field(self, node, func, out, depth, seen) -> None:
        """`self.query` / `this.query` read in one method: the request data another method of
        the same class stored in that field (`self.query = request.args["q"]` in `__init__`).
        Only request data counts: a field filled from a parameter is configuration as far as
        this file can tell (`Repo("users")`), and is trusted."""
        idx = self.idx
        m = re.match(r"(?:self|this)\.(\w+)", idx.text(node, 200))
        cls = _class_of(idx.funcs.get(func))
        if m is None or cls is None:
            return
        target = m.group(0)
        key = ("field", cls.id, target)
        # the field's stores are walked afresh (`culprits` starts a new walk), so a store that
        # reads the field again (`this.logs = this.logs.slice(-100)`) would come back here
        # without end: a field already being read answers nothing more
        active = self._memo.setdefault(("fields_active",), set())
        if key in seen or key in active:
            self._cuts += 1
            return
        seen = seen | {key}
        active.add(key)
        try:
            for other in idx.funcs_in_class(cls):
                for value, op, line in idx.assigns_in(other).get(target, ()):
                    if value is None or op == "index":
                        continue
                    for text, ln in self.culprits(value, other):
                        root = re.split(r"[.\[(]", text, 1)[0]
                        if self.is_source(text, other) or (other, root) in self.request_bound() \
                                or root in self.route_params(other):
                            out.append((text, ln))
        finally:
            active.discard(key)

    def _container_read(self, name, key, use, func, out, depth, seen) -> bool:
        """A read of container `name` with constant `key` (a tuple, or None): walk what can be
        there (checks.containers); False when the container has no stores here."""
        idx = self.idx
        fn = idx.funcs.get(func)
        stored = idx.stores.get((func, name)) if fn is not None else None
        if not stored or key is None:
            return False
        if (name, func, "read", use.start_byte) in seen:
            self._cuts += 1
            return True
        seen = seen | {(name, func, "read", use.start_byte)}
        resolve = self.resolver(func)
        # (a store the read is part of, `d.update({"a": d["b"]})`, reads what was there
        # before it: not itself)
        before = [st for st in stored if st.node.start_byte < use.start_byte
                  and not use.start_byte < st.node.end_byte
                  and not const_dead(st.node, fn, idx.data, resolve)]
        bases = [v for v, op, _ in self.assignments(name, func) if v is not None and op == "="]
        straight = not _in_loop(use, fn)
        elems = self._simulate_list(bases, before, use, fn) if straight else None
        if elems is not None and len(key) == 1 and isinstance(key[0], int):
            i = key[0]
            if -len(elems) <= i < len(elems):
                if elems[i] is not None:
                    self._walk(elems[i], func, out, depth + 1, seen)
                return True
        matching = [st for st in before if st.kind == "store" and st.key is not None
                    and st.key == key[:len(st.key)]]
        unknown = [st for st in before if st.kind in ("merge", "append", "prepend", "insert")
                   or st.kind == "store" and st.key is None]
        if matching and straight and _dominates(matching[-1].node, use, fn) and \
                not any(u.node.start_byte > matching[-1].node.start_byte for u in unknown):
            matching, unknown = matching[-1:], []  # the last unconditional store wins
        for st in matching + unknown:
            if st.value is not None:
                self._walk(st.value, st.func if st.func is not None else func, out, depth + 1,
                           seen)
        if matching and len(matching) == 1 and not unknown and _dominates(matching[0].node, use, fn):
            return True
        for v in bases:  # what the container held from the start
            u = unwrap(v)
            if u is not None and u.type in ("dictionary", "object"):
                entry = pairs(u, idx).get(key[0]) if isinstance(key[0], str) else None
                if entry is not None:
                    self._walk(entry, func, out, depth + 1, seen)
            else:
                self._walk(v, func, out, depth + 1, seen)
        return True

    def _simulate_list(self, bases, before, use, fn):
        """The element nodes of a list built by unconditional appends/inserts/pops onto a list
        literal (None for an element that is a literal), or None when it cannot be told."""
        if len(bases) != 1:
            return None
        base = unwrap(bases[0])
        if base is None or base.type not in ("list", "array"):
            return None
        elems = [None if literal(c, self.idx.data) is not None else c for c in base.named_children]
        if not _dominates(base, use, fn):
            return None
        for st in before:
            if st.func is not None or not _dominates(st.node, use, fn):
                return None  # a callback's store may run any number of times
            if st.kind == "append":
                elems.append(st.value)
            elif st.kind == "prepend":
                elems.insert(0, st.value)
            elif st.kind == "insert" and st.key is not None:
                elems.insert(st.key[0], st.value)
            elif st.kind == "pop" and st.key is not None:
                if not elems:
                    return None
                elems.pop(st.key[0] if st.key else -1)
            elif st.kind == "popfirst":
                if not elems:
                    return None
                elems.pop(0)
            elif st.kind == "clear":
                elems = []
            else:
                return None
        return elems

    def strings_in(self, node, func: int, limit: int = 200) -> list:
        """Literal string texts that make up `node`, following local names (bounded)."""
        key = ("strings", node.id if node is not None else None, func, limit)
        if key not in self._memo:
            self._memo[key] = self._strings_in(node, func, limit)
        return list(self._memo[key])

    def _strings_in(self, node, func: int, limit: int) -> list:
        """(The strings inside a function literal do not make up the value: `db.query(() =>
        ...)`; a minified bundle's argument is often its whole module.)"""
        out: list = []
        todo = [(node, 0)]
        seen: set = set()
        budget = [STRINGS_NODE_BUDGET]
        while todo and len(out) < limit:
            n, depth = todo.pop()
            if n is None or depth > 8:
                continue
            for sub in _value_nodes(n, budget):
                if sub.type in STRING_TYPES and (sub.parent is None or
                                                 sub.parent.type != "concatenated_string"):
                    out.append(string_value(sub, self.idx.data))
                elif sub.type == "identifier":
                    nm = self.idx.text(sub)
                    if (nm, func) in seen:
                        continue
                    seen.add((nm, func))
                    for value, op, _ in self.assignments(nm, func):
                        if value is not None and op not in ("index", "elem"):
                            todo.append((value, depth + 1))
                        elif value is not None and op == "elem":
                            # `for query in [...]` over a literal list of texts (or a local
                            # holding one): each element is the name's value; a loop over
                            # anything else (`for row in cursor.execute("SELECT ...")`) takes
                            # none of the strings it is made from
                            for lst in self._literal_lists(value, func):
                                todo.extend((e, depth + 1) for e in lst.named_children)
                            piece = _split_receiver(value, self.idx)
                            if piece is not None:
                                # `for stmt in query.split(";")`: each statement is a piece of
                                # the text it splits
                                todo.append((piece, depth + 1))
        return out

    def _literal_lists(self, node, func: int) -> list:
        """The list/tuple/array literals `node` is (itself, or a local assigned only them)."""
        u = unwrap(node)
        if u is None:
            return []
        if u.type in ("list", "tuple", "array"):
            return [u]
        if u.type == "identifier":
            got = [unwrap(v) for v, op, _ in self.assignments(self.idx.text(u), func)]
            if got and all(v is not None and v.type in ("list", "tuple", "array") for v in got):
                return got
        return []

    def allowlisted(self, name: str, func: int, at=None) -> bool:
        """The function checks `name` against a fixed set: `x in ALLOWED`, `switch x {`,
        `allowed[x]`, `slices.Contains(allowed, x)`, `ALLOWED.includes(x)` / `.has(x)`; not
        where the read `at` sits in the branch that test refused (`if (!ALLOWED.includes(x))
        { res.send(`... ${x}`) }`: there x is anything but the listed values)."""
        fn = self.idx.funcs.get(func)
        if fn is None:
            return False
        if at is not None and _in_refused_branch(at, name, self.idx):
            return False
        memo = self.idx.flow_memo  # text facts: the same for every variant of the flow
        names = memo.get(("allow", func))
        if names is None:
            names = memo[("allow", func)] = _allowlisted_names(_code_text(self.idx, fn))
        return name in names

    def _is_repeat_literal(self, node) -> bool:
        node = unwrap(node)
        return node is not None and (literal(node, self.idx.data) is not None or
                                     node.type in ("list", "array", "tuple") and
                                     all(literal(c, self.idx.data) is not None
                                         for c in node.named_children))

    def _allowlist_test(self, fn, func) -> bool:
        """A callback `(k) => LIST.includes(k)` (or `LIST.has(k)`, `k in LIST`) whose list is a
        literal array (or `new Set([...])`) of constants assigned in the function or module."""
        if fn.type not in ("arrow_function", "function_expression", "lambda"):
            return False
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        names = [self.idx.text(p) for p in (params.named_children if params is not None and
                                            params.named_child_count else [params])
                 if p is not None]
        body = fn.child_by_field_name("body")
        if not names or body is None:
            return False
        if body.type == "statement_block" and body.named_child_count == 1 and \
                body.named_children[0].type == "return_statement" and \
                body.named_children[0].named_child_count == 1:
            body = body.named_children[0].named_children[0]
        m = re.fullmatch(r"([A-Za-z_$][\w$]*)\.(?:includes|has)\(\s*" + re.escape(
            names[0].split(":")[0].strip()) + r"\s*\)", self.idx.text(unwrap(body), 300))
        if m is None:
            return False
        assigns = self.assignments(m.group(1), func)
        return bool(assigns) and all(v is not None and self._constant_list(unwrap(v), func)
                                     for v, _, _ in assigns)

    def _constant_list(self, node, func) -> bool:
        if node.type == "new_expression":
            a = node.child_by_field_name("arguments")
            node = a.named_children[0] if a is not None and a.named_child_count == 1 else node
        return node.type in ("array", "list", "tuple", "set") and \
            all(is_string(x) for x in node.named_children if x.type != "comment")

    def _is_literal_map(self, node, func) -> bool:
        node = unwrap(node)
        if node.type in ("dictionary", "object", "composite_literal"):
            return not self.culprits(node, func)
        if node.type != "identifier":
            return False
        assigns = self.assignments(self.idx.text(node), func)
        return bool(assigns) and all(
            v is not None and unwrap(v).type in ("dictionary", "object", "composite_literal") and
            not self.culprits(v, func) for v, _, _ in assigns)

    def _strict_call(self, node, func, out, depth, seen) -> bool:
        """A strict flow's handling of a call: True when the call was judged here (a lookup, or an
        opaque call recorded as a leaf with what its arguments carry)."""
        fn = node.child_by_field_name("function") or node.child_by_field_name("constructor")
        callee = re.sub(r"\s+", "", self.idx.text(fn, 200)) if fn is not None else ""
        name = callee.rsplit(".", 1)[-1]
        if name in LOOKUPS and not REQUEST_SOURCE.search(callee + "(") and fn is not None and \
                fn.type in ("attribute", "member_expression", "selector_expression"):
            recv = fn.named_children[0] if fn.named_children else None
            if recv is not None and not (recv.type == "identifier" and
                                         self.idx.stores.get((func, self.idx.text(recv)))):
                # `cache.Get(token)`: what the receiver holds, not what the key is
                self._walk(recv, func, out, depth + 1, seen)
                if self._calls is not None:
                    self._calls.append((name, node.start_point[0] + 1, callee))
                return True
        if name in PROPAGATORS or name in ("Sprint", "Atoi", "ParseInt", "ParseFloat", "ParseBool") \
                or REQUEST_SOURCE.search(callee + "(") or SAFE_CALLS.search(callee):
            return False  # judged as Flow judges it (conversions to numbers carry nothing)
        if self._calls is not None:
            # what each argument carries: the callee's summary decides whether it comes back
            argn = node.child_by_field_name("arguments")
            args = [a for a in argn.named_children if a.type != "comment"] if argn is not None else []
            key = ("carried", node.id, func)
            carried = self._memo.get(key)
            if carried is None:
                outer = self._calls
                try:
                    carried = []
                    for k, a in enumerate(args[:4]):
                        sub: list = []
                        self._calls = []
                        self._walk(a.child_by_field_name("value") if a.type == "keyword_argument"
                                   else a, func, sub, depth + 1, seen)
                        carried.extend((k, text, ln) for text, ln in sub[:4])
                        carried.extend((k, leaf, 0) for leaf in self._calls[:2])  # calls inside
                    if fn is not None and fn.type in ("attribute", "member_expression",
                                                      "selector_expression") and fn.named_children:
                        # the receiver, as argument -1 (`d.pop("url")`, `item.model_dump()`):
                        # an unresolved method may hand back what its object holds, and a
                        # method of the tree returning what `self` holds does (propagate)
                        sub = []
                        self._calls = []
                        self._walk(fn.named_children[0], func, sub, depth + 1, seen)
                        carried.extend((-1, text, ln) for text, ln in sub[:4])
                finally:
                    self._calls = outer
                self._memo[key] = carried
            recv = fn is not None and fn.type in ("attribute", "member_expression",
                                                  "selector_expression")
            self._calls.append((name, node.start_point[0] + 1, callee, carried, recv))
        return True

    def _call_node(self, node, func, out, depth, seen) -> None:
        idx = self.idx
        if self.strict and self._strict_call(node, func, out, depth, seen):
            return
        fn = node.child_by_field_name("function") or node.child_by_field_name("constructor")
        callee = re.sub(r"\s+", "", idx.text(fn, 200)) if fn is not None else ""
        name = callee.rsplit(".", 1)[-1]
        argn = node.child_by_field_name("arguments")
        args = [a for a in argn.named_children if a.type != "comment"] if argn is not None else []
        if self.is_source(callee + "(", func):
            out.append((idx.text(node, 120), node.start_point[0] + 1))
            return
        if name in _DECODERS:
            # `b64decode(tmp)` with `tmp = b64encode(param)`: the decoding gives the encoded
            # text back, so an encoding on the way carries what it encoded
            self._decoding += 1
            try:
                for a in args:
                    self._walk(a, func, out, depth + 1, seen)
                if fn is not None and fn.type in ("attribute", "member_expression",
                                                  "selector_expression") and fn.named_children:
                    self._walk(fn.named_children[0], func, out, depth + 1, seen)
            finally:
                self._decoding -= 1
            return
        if idx.lang == "go" and name == "Error" and not args and fn is not None and \
                fn.type == "selector_expression" and fn.named_children:
            # `err.Error()`: the message of an error a call returned. A library call's error
            # (`db.Exec(q)`, `json.Unmarshal(b, &v)`) is its own text, not the arguments it was
            # handed; only the constructors of a message (`fmt.Errorf`, `errors.New`) and the
            # summaries of the tree's own functions carry request data into it
            self._error_text += 1
            try:
                self._walk(fn.named_children[0], func, out, depth + 1, seen)
            finally:
                self._error_text -= 1
            return
        if self._error_text and idx.lang == "go":
            if name in _ERROR_BUILDERS and "." in callee:  # (`errors.New(x)`, `fmt.Errorf`)
                for a in args:
                    self._walk(a, func, out, depth + 1, seen)
            elif self._calls is not None:
                self._calls.append((name, node.start_point[0] + 1, callee))
            return
        if _HTTP_FETCH.match(callee):
            return  # (`const { data } = await axios({url})`: the answer, not the URL's text)
        if idx.lang == "python" and _ORM_FETCH.search(callee):
            # `Book.query.get(book_id)`, `Post.objects.filter(slug=s).first()`,
            # `get_object_or_404(Post, pk=pk)`: the rows the database holds, looked up by the
            # request's value; their fields are stored data, not what the request sent
            return
        if (SAFE_CALLS.search(callee) and not _HTML_ONLY.search(callee)) or \
                name in ("Sprint", "Atoi"):
            if name in _ENCODERS and self._decoding:
                pass  # (an encoding that a decoding around it undoes)
            elif name not in ("String()",):
                return
        if idx.lang == "go" and args and (callee in SQL_REWRITERS or (
                name in ("Rebind", "BindNamed") and callee != name)):
            i = SQL_REWRITERS.get(callee, SQL_REWRITERS.get(name, 0))
            self._walk(args[i] if -len(args) <= i < len(args) else None, func, out, depth + 1, seen)
            return
        if name in ("Sprintf", "Errorf", "Fprintf") and args:
            at = 1 if name == "Fprintf" else 0  # Fprintf(w, format, args...)
            fmt = literal(unwrap(args[at]), idx.data) if len(args) > at else None
            if fmt is not None:
                self._format(fmt, args[at + 1:], {}, func, out, depth, seen)
                return
        if name == "format" and fn is not None and fn.type == "attribute":
            obj = fn.child_by_field_name("object")
            self._walk(obj, func, out, depth + 1, seen)
            for a in args:
                self._walk(a.child_by_field_name("value") if a.type == "keyword_argument" else a,
                           func, out, depth + 1, seen)
            return
        if name == "join" or name == "Join":
            for a in args:
                self._walk(a, func, out, depth + 1, seen)
            if fn is not None and fn.type in ("attribute", "member_expression"):
                self._walk(fn.named_children[0], func, out, depth + 1, seen)
            return
        if name == "filter" and args and self._allowlist_test(args[0], func):
            # `Object.keys(body).filter((k) => ALLOWED.includes(k))`: only the constant list's
            # elements pass; what is kept is one of them, whatever was sent
            return
        if name == "map" and args and args[0].type in ("arrow_function", "function_expression"):
            body = args[0].child_by_field_name("body")
            if body is not None and body.type != "statement_block":
                self._walk(body, args[0].start_byte, out, depth + 1, seen)
            return
        if name == "append":
            for a in args[1:]:
                self._walk(a, func, out, depth + 1, seen)
            return
        if name in ("String", "str", "toString", "trim", "strip", "lower", "upper", "TrimSpace",
                    "ToLower", "ToUpper", "replace", "Replace"):
            if fn is not None and fn.type in ("attribute", "member_expression",
                                              "selector_expression"):
                self._walk(fn.named_children[0], func, out, depth + 1, seen)
            for a in args:
                self._walk(a, func, out, depth + 1, seen)
            return
        if name in READERS and fn is not None and fn.type in ("attribute", "member_expression",
                                                              "selector_expression"):
            recv = fn.named_children[0] if fn.named_children else None
            if recv is not None and recv.type == "identifier":
                keys = [const_key(a, idx) for a in args if a.type != "keyword_argument"]
                key = tuple(keys) if keys and all(k is not None for k in keys) else None
                if self._container_read(idx.text(recv), key, node, func, out, depth, seen):
                    return
        if fn is not None and fn.type == "identifier" and self._calls is None and \
                self._own_constant(name, depth):
            return  # `md5sum(p)` of this file, which returns only a digest of it
        # other calls: a function of constants is a constant (the call itself is a leaf for
        # `leaves`: what the callee returns is known only from its summary)
        if self._calls is not None:
            self._calls.append((name, node.start_point[0] + 1, callee))
        if fn is not None and fn.type in ("attribute", "member_expression", "selector_expression"):
            self._walk(fn.named_children[0], func, out, depth + 1, seen)
            if idx.lang == "go" and name in GO_LOOKUPS and len(args) == 1:
                return  # `presets.Get(key)`: what the container holds, whatever the key
        for a in args:
            self._walk(a.child_by_field_name("value") if a.type == "keyword_argument" else a,
                       func, out, depth + 1, seen)

    def _own_constant(self, name: str, depth: int) -> bool:
        """Whether `name` is a function of this file (one of that name) every return of which
        is constant or made safe (`return fmt.Sprintf("%x", md5.Sum([]byte(p)))`): its result
        carries none of its arguments."""
        key = ("ownfn", name)
        got = self._memo.get(key)
        if got is not None:
            return got
        self._memo[key] = False  # (recursion: not known to be constant)
        fn = self.idx.own_function(name)
        ok = False
        if fn is not None:
            rets = self.idx.returns_in(fn)
            ok = bool(rets)
            for r in rets:
                vals = [c for c in r.named_children if c.type != "comment"]
                sub: list = []
                for v in vals:
                    self._walk(v, fn, sub, depth + 1, set())
                if sub:
                    ok = False
                    break
        self._memo[key] = ok
        return ok

    def _format(self, fmt: str, args, kwargs, func, out, depth, seen) -> None:
        verbs = [(m.group(1), m.group(2)) for m in _FMT_VERB.finditer(fmt) if m.group(2) != "%"]
        named = any(n for n, _ in verbs)
        for i, a in enumerate(args):
            if named and a.type in ("dictionary",):
                safe_names = {n for n, v in verbs if v in SAFE_VERBS}
                for k, v in pairs(a, self.idx).items():
                    if k not in safe_names:
                        self._walk(v, func, out, depth + 1, seen)
                continue
            verb = verbs[i][1] if i < len(verbs) else "v"
            if verb in SAFE_VERBS:
                continue
            self._walk(a, func, out, depth + 1, seen)


def _go_field_key(node, idx) -> bool:
    """Whether the key of Go keyed element `node` is a struct field's name: a bare identifier
    in a literal whose type is no map (`[]*colToRename{{table: "users"}}`, `T{Name: v}`). A map
    literal's keys are values (`map[string]string{k: v}`)."""
    key = node.child_by_field_name("key")
    if key is None or node.child_by_field_name("value") is None:
        return False
    if key.type == "literal_element" and key.named_child_count == 1:
        key = key.named_children[0]
    if key.type not in ("identifier", "field_identifier"):
        return False
    up, hops = node.parent, 0
    while up is not None and up.type != "composite_literal" and hops < 8:
        up, hops = up.parent, hops + 1
    ty = up.child_by_field_name("type") if up is not None and up.type == "composite_literal" \
        else None
    return ty is not None and b"map[" not in idx.text(ty, 200).encode()


_BUSY = object()  # a culprits answer being computed


_PY_COMMENT = re.compile(r"#[^\n]*")
_C_COMMENT = re.compile(r"//[^\n]*|/\*[\s\S]*?\*/")


def _code_text(idx: FileIndex, fn) -> str:
    """The function's text with the insides of its string literals and its comments blanked
    (same length), so that words in a message (`"saved in session"`) or a comment (`//
    Unsanitized path in ls command`: no `path in ls` test) are not read as code."""
    text = _strings_blanked(idx, fn)
    pattern = _PY_COMMENT if idx.lang == "python" else _C_COMMENT
    if ("#" if idx.lang == "python" else "/") not in text:
        return text
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def _strings_blanked(idx: FileIndex, fn) -> str:
    """The function's text with the insides of its string literals blanked (same length)."""
    data = bytearray(idx.data[fn.start_byte:fn.end_byte])
    base = fn.start_byte
    starts = idx._string_starts
    i = bisect_left(starts, base)
    nodes = idx.strings
    while i < len(nodes) and nodes[i].start_byte < fn.end_byte:
        n = nodes[i]
        a, b = n.start_byte - base + 1, min(n.end_byte, fn.end_byte) - base - 1
        if b > a:
            data[a:b] = b" " * (b - a)
        i += 1
    return data.decode("utf-8", "replace")


# Each pattern starts with a literal (`in`, `switch`, `[`, `Contains(`, `.`), so the regular
# expression engine jumps between occurrences instead of trying every position of the text (the
# names before them are read backwards from there): 13x faster on whole files.
_ALLOW_IN = re.compile(r"in(?=\s+[A-Za-z_({\[])")
_BEFORE_IN = re.compile(r"(?<![\w.])(for\s+)?([A-Za-z_]\w*)\s+(?:not\s+)?\Z")
_ALLOW_SWITCH = re.compile(r"switch\s+([A-Za-z_]\w*)\s*\{")
_ALLOW_INDEX = re.compile(r"\[([A-Za-z_]\w*)\](?!\s*=[^=])")  # `[k]` not followed by a store
_WORD_BEFORE = re.compile(r"[A-Za-z_]\w*\Z")
_ALLOW_CONTAINS = re.compile(r"Contains\(\s*\w+\s*,\s*([A-Za-z_]\w*)\s*\)")
_ALLOW_HAS = re.compile(r"\.(?:includes|has)\(\s*([A-Za-z_]\w*)\s*\)")


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


@lru_cache(maxsize=4096)
def _refused_test(name: str):
    """The conditions that test `name` against a fixed set and enter when it is not in it
    (compiled once per name: a scan meets thousands of names)."""
    n = re.escape(name)
    return re.compile(rf"!\s*[^!&|\n]{{1,200}}?\.(?:includes|has)\(\s*{n}\s*\)|"
                      rf"\b{n}\s+not\s+in\b|\bnot\s+{n}\s+in\b|"
                      rf"!\s*slices\.Contains\([^,()]+,\s*{n}\s*\)")


def _in_refused_branch(node, name: str, idx) -> bool:
    """`node` lies in the block an `if` enters when `name` is NOT in a fixed set
    (`!ALLOWED.includes(name)`, `name not in ALLOWED`, `!slices.Contains(list, name)`)."""
    cur, child = node.parent, node
    for _ in range(40):
        if cur is None or cur.type in ("function_definition", "function_declaration",
                                       "method_declaration", "arrow_function", "function",
                                       "function_expression", "method_definition", "func_literal"):
            return False
        if cur.type == "if_statement":
            cons = cur.child_by_field_name("consequence")
            cond = cur.child_by_field_name("condition")
            if cons is not None and cond is not None and \
                    cons.start_byte <= child.start_byte < cons.end_byte:
                text = idx.text(cond, 300)
                if name in text and _refused_test(name).search(text):
                    return True
        cur, child = cur.parent, cur
    return False


_ALLOW_UUID = re.compile(r"(?<![\w.])(?:uuid\.|bson\.)?(?:UUID|ObjectId)\(\s*([A-Za-z_]\w*)\s*\)")


def _allowlisted_names(body: str) -> frozenset:
    """Every name the function checks against a fixed set, in one pass over its text:
    `x in ALLOWED` (not the loop `for x in ...`), `switch x {`, `allowed[x]` (not the format
    field `{0[x]}`), `slices.Contains(allowed, x)`, `.includes(x)` / `.has(x)`."""
    out = set()
    for m in _ALLOW_IN.finditer(body):
        i = m.start()
        if i == 0 or not body[i - 1].isspace():
            continue
        w = _BEFORE_IN.search(body, max(0, i - 200), i)
        if w is not None and not w.group(1):
            out.add(w.group(2))
    if "switch" in body:
        for m in _ALLOW_SWITCH.finditer(body):
            if m.start() == 0 or not _word_char(body[m.start() - 1]):
                out.add(m.group(1))
    if "[" in body:
        for m in _ALLOW_INDEX.finditer(body):
            w = _WORD_BEFORE.search(body, max(0, m.start() - 200), m.start())
            # a container's name right before `[`, not inside a word nor the format field `{x[k]}`
            if w is not None and (w.start() == 0 or not (_word_char(body[w.start() - 1]) or
                                                        body[w.start() - 1] == "{")):
                out.add(m.group(1))
    if "Contains(" in body:
        out.update(m.group(1) for m in _ALLOW_CONTAINS.finditer(body))
    if ".includes(" in body or ".has(" in body:
        out.update(m.group(1) for m in _ALLOW_HAS.finditer(body))
    if "UUID(" in body or "ObjectId(" in body:
        # `Account.query.get(uuid.UUID(account_id))`: a value that reaches any later use has
        # been parsed as a UUID (hex digits and dashes; anything else raised)
        out.update(m.group(1) for m in _ALLOW_UUID.finditer(body))
    return frozenset(out)


_ROUTE_DECORATOR = re.compile(r"\.(get|post|put|delete|patch|route|api_route)\(")


def _tuple_items(node) -> list:
    node = unwrap(node) if node is not None else None
    if node is None:
        return []
    if node.type == "tuple":
        return list(node.named_children)
    return [node]


def is_test_like(path: str) -> bool:
    from auditor.checks.base import is_test_path

    return is_test_path(path)


def words(name: str) -> list:
    """snake_case, camelCase and dotted names split into lower-case words."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return [w for w in re.split(r"[^A-Za-z0-9]+", name.lower()) if w]


def line_of(node) -> int:
    return node.start_point[0] + 1


def function_name(idx: FileIndex, func: int) -> str:
    """The name of the function with key `func` ('' at module level or when anonymous);
    an arrow function or literal takes the name of the variable or field it is assigned to."""
    node = idx.funcs.get(func)
    if node is None:
        return ""
    n = node.child_by_field_name("name")
    if n is not None:
        return idx.text(n, 100)
    p = node.parent
    if p is not None and p.type in ("variable_declarator", "pair", "assignment_expression"):
        n = p.child_by_field_name("name") or p.child_by_field_name("key") or \
            p.child_by_field_name("left")
        return idx.text(n, 100) if n is not None else ""
    return ""


def bound_target(node, idx: FileIndex) -> str:
    """The name the value of expression `node` is stored into, returned as, or passed as: an
    assignment target, a declared variable, a dict/struct key, a keyword argument; for a return,
    the enclosing function's name. Walks up through wrapping expressions (a few hops)."""
    child, p = node, node.parent
    for _ in range(6):
        if p is None:
            return ""
        t = p.type
        if t in ("assignment", "assignment_statement", "short_var_declaration",
                 "assignment_expression", "augmented_assignment", "var_spec", "variable_declarator",
                 "keyword_argument", "pair", "keyed_element", "default_parameter",
                 "typed_default_parameter", "public_field_definition"):
            tgt = p.child_by_field_name("left") or p.child_by_field_name("name") or \
                p.child_by_field_name("key")
            if tgt is None and p.named_children:
                tgt = p.named_children[0]
            if tgt is not None and tgt != child:
                return idx.text(tgt, 100).split(",")[0].strip()
            return ""
        if t == "return_statement":
            cur = p
            while cur is not None and not (cur.type in FUNC_TYPES and cur.is_named):
                cur = cur.parent
            return function_name(idx, cur.start_byte) if cur is not None else ""
        if t in FUNC_TYPES and t in ("arrow_function", "lambda"):
            return function_name(idx, p.start_byte)
        if t in ("block", "statement_block", "module", "source_file", "program", "expression_statement"):
            return ""
        child, p = p, p.parent
    return ""


def go_import_alias(data: bytes, path: str) -> str | None:
    """The name under which a Go file imports `path` (None when it does not)."""
    if b'"' + path.encode() + b'"' not in data:
        return None  # the quoted path is in every import of it: no line scan needed
    m = re.search(rb'(?m)^\s*(?:import\s+)?(\w+|\.|_)?\s*"' + re.escape(path.encode()) + rb'"', data)
    if not m:
        return None
    if m.group(1) and m.group(1) not in (b"import",):
        return m.group(1).decode()
    return path.rsplit("/", 1)[-1]


_LOOPS = frozenset({"for_statement", "while_statement", "for_in_statement", "do_statement",
                    "for_of_statement", "for_range_loop"})
_BLOCKS = frozenset({"block", "statement_block", "module", "program"})  # the last two: top level
_CASES = frozenset({"expression_case", "type_case", "default_case", "communication_case",
                    "switch_case", "switch_default", "case_clause"})


def _dominates(node, use, fn) -> bool:
    """The statement holding `node` runs whenever `use` runs (given it comes first): the block
    around it is the block of `use` or one around it, within `fn`."""
    block = node.parent
    for _ in range(8):
        if block is None:
            return False
        if block.type in _BLOCKS or block.type in _CASES:
            break  # (a Go `case` holds its statements without a block of its own)
        if block.type in ("if_statement", "else_clause", "ternary_expression",
                          "conditional_expression", "while_statement", "for_statement"):
            return False  # `if (x == undefined) x = ''`: a branch without braces
        block = block.parent
    else:
        return False
    n = use
    while n is not None:
        if n == block:
            return True
        if n == fn:
            return False
        n = n.parent
    return False


def _innermost_loop(node, fn):
    """The nearest loop around `node` within `fn`, or None."""
    n = node.parent
    while n is not None and n != fn:
        if n.type in _LOOPS:
            return n
        n = n.parent
    return None


def _in_loop(node, fn) -> bool:
    return _innermost_loop(node, fn) is not None


def live_assignments(assigns: list, use_pos: int, use, fn) -> list | None:
    """The assignments of a name that can reach a use at `use_pos` in straight-line code: from
    the last plain assignment before the use that runs whenever the use runs (a later one
    overwrites what came before, and nothing after the use reaches it), or None when that cannot
    be told (the use sits in a loop, or no such assignment exists)."""
    loop = _innermost_loop(use, fn)
    if loop is not None:
        # the loop's own target (`for stmt in q.split(";"): run(stmt)`): what this loop ranges
        # over, not another loop's that reused the name
        mine = [a for a in assigns if a[1] == "elem" and a[0] is not None and
                a[0].parent is not None and (a[0].parent == loop or
                                             a[0].parent.parent == loop)]
        if len(mine) == 1 and not any(a[1] == "=" and a[0] is not None and
                                      loop.start_byte <= a[0].start_byte < use_pos
                                      for a in assigns):
            return mine
    # assignments complete before the read (not the one whose value holds the read: x = f(x))
    before = [a for a in assigns if a[0] is not None and a[0].end_byte <= use_pos]
    if loop is not None:
        # in a loop, only an overwrite earlier in the same pass counts (`for ... { q =
        # Sprintf(...); db.Exec(q) }`): the value the previous pass left is overwritten first
        before = [a for a in before if loop.start_byte <= a[0].start_byte < loop.end_byte]
    for i in range(len(before) - 1, -1, -1):
        value, op, _line = before[i]
        if op == "=" and _dominates(value, use, fn):
            return before[i:]
    return None


# Flask rule converters that hand the view a number or a UUID (`<int:user_id>`)
_FLASK_TYPED = re.compile(r"<(?:int|float|uuid)(?:\([^()<>]{0,40}\))?:(\w+)>")
_NUMERIC_TYPE = re.compile(r"(?:Optional\[)?(?:int|float|bool|(?:uuid\.)?UUID|(?:datetime\.)?"
                           r"(?:date|datetime)|(?:decimal\.)?Decimal)\]?(?:\s*\|\s*None)?")


def guarded(idx: FileIndex, func: int, pattern: str) -> bool:
    """The enclosing function's text matches `pattern` (a validation or allowlist check)."""
    fn = idx.funcs.get(func)
    return fn is not None and re.search(pattern, idx.text(fn)) is not None


LONG_LITERAL = 200  # characters of a string literal past which it is content, not a setting


def guarded_outside_content(idx: FileIndex, func: int, pattern: str) -> bool:
    """`guarded`, with the function's long string literals blanked: a page the function
    answers with (`f\"\"\"<html>...fetch(url, {headers: {"Content-Type": "application/json"}})
    ...\"\"\"`) is what it sends, not a setting of how it sends it."""
    fn = idx.funcs.get(func)
    if fn is None:
        return False
    text = idx.text(fn)
    if re.search(pattern, text) is None:
        return False
    if fn.end_byte - fn.start_byte < LONG_LITERAL:
        return True
    memo = idx.__dict__.setdefault("_outside_content", {})  # (a function's sinks ask alike)
    key = (func, pattern)
    if key not in memo:
        memo[key] = _outside_content(idx, fn, pattern)
    return memo[key]


def _outside_content(idx: FileIndex, fn, pattern: str) -> bool:
    from auditor.index.walk import walk

    base = fn.start_byte
    raw = bytearray(idx.data[fn.start_byte:fn.end_byte])
    for sub in walk(fn):
        if sub.type in STRING_TYPES and sub.end_byte - sub.start_byte > LONG_LITERAL and \
                (sub.parent is None or sub.parent.type not in STRING_TYPES):
            raw[sub.start_byte - base:sub.end_byte - base] = b" " * (sub.end_byte - sub.start_byte)
    return re.search(pattern, raw.decode("utf-8", "replace")) is not None


_WORD = re.compile(r"[A-Za-z_$][\w$]*")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`")
# roots and modules that a guard line names for other reasons (`req.path.startsWith("/api")`)
_GENERIC_WORDS = frozenset("req request r c ctx res response w this self filepath os fs strings "
                           "http".split())


def _value_names(idx: FileIndex, node) -> set:
    """The variable names read in `node`: identifiers that are not the function of a call
    (`join(process.cwd(), p)` -> process, p) and not inside string literals."""
    from auditor.index.walk import walk

    out = set()
    if node is None or node.end_byte - node.start_byte > 2000:
        return out
    for sub in walk(node):
        if sub.type != "identifier":
            continue
        parent = sub.parent
        if parent is not None and parent.type in ("call_expression", "call") and \
                parent.child_by_field_name("function") == sub:
            continue
        out.add(idx.text(sub))
    return out


def guarded_on(idx: FileIndex, flow, func: int, pattern: str, target, culprits,
               sink_line: int | None = None) -> bool:
    """`guarded`, where a match counts only on a line that names the checked value: a name
    read in the sink's argument, in its sources, in the values its names were assigned, or a
    name assigned from one of those (`u = new URL(next); if (u.hostname ...)`). A check of some
    other value (`files.filter(f => !f.startsWith("."))`) guards nothing here, nor one made
    after the sink's line (`isTraversal = !resolved.startsWith(base)` once the file was read)."""
    fn = idx.funcs.get(func)
    if fn is None:
        return False
    text = idx.text(fn)
    matches = list(re.finditer(pattern, text))
    if matches and sink_line is not None:
        first = fn.start_point[0] + 1
        matches = [m for m in matches if first + text.count("\n", 0, m.start()) <= sink_line]
    if not matches:
        return False
    words = _value_names(idx, target)
    for t, _ in culprits:
        words.update(_WORD.findall(_QUOTED.sub("", t[:200])))
    for name in list(words):
        for v, _, _ in flow.assignments(name, func)[:8]:
            words |= _value_names(idx, v)
    words -= _GENERIC_WORDS
    for name, assigns in list(idx.assigns_in(func).items())[:200]:
        if name in words:
            continue
        for v, _, _ in assigns[:4]:
            if v is not None and words & _value_names(idx, v):
                words.add(name)
                break
    for m in matches:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        line = _QUOTED.sub("", text[start:end if end >= 0 else len(text)])
        if words & set(_WORD.findall(line)):
            return True
    return False


class LazyList:
    """A list in `facts.extra[key]` created on the first append, so that files without
    evidence carry no empty entries."""

    def __init__(self, extra: dict, key: str):
        self.extra, self.key = extra, key

    def append(self, item) -> None:
        self.extra.setdefault(self.key, []).append(item)

    def __contains__(self, item) -> bool:
        return item in self.extra.get(self.key, ())


def tainted_calls(ctx, select, *, guard=None, rule=None, rejects=None):
    """The shared loop of the injection rules: (call, culprits, names) for every call whose
    argument `select(call, idx)` names ((argument, request_only) or None) carries non-constant
    values (request values only, when request_only), unless the function checks them against
    `guard` first. With `rule`, a request-only sink that no request value reaches in place but
    a parameter or another function's result might is recorded for `auditor.taint`, and a sink
    built only from constants is recorded as judged safe (engine hits on it are adjudicated)."""
    idx = file_index(ctx)
    if idx is None:
        return
    flow = Flow(idx)
    for call in idx.calls:
        chosen = select(call, idx)
        if chosen is None or _never_runs(ctx, idx, flow, call, rule):
            continue
        targets, request_only = chosen
        # (a tuple: several arguments of the call are each the sink's value, `os.rename(a, b)`;
        # the call is reported once, for the first that carries request data)
        for target in (targets if isinstance(targets, tuple) else (targets,)):
            if target is None:
                continue
            got = _tainted_target(ctx, idx, flow, call, target, request_only, guard, rule,
                                  rejects)
            if got is not None:
                yield call, got, _names_of(got)
                break


def _never_runs(ctx, idx, flow, call, rule) -> bool:
    """The sink sits where nothing runs (`constfold.unreachable`): no finding, and an
    engine's hit on that line is adjudicated as judged safe."""
    if not unreachable(call.node, idx.data, flow.resolver(call.func)):
        return False
    if rule is not None:
        judged_safe(ctx, rule, call.line)
    return True


def _tainted_target(ctx, idx, flow, call, target, request_only, guard, rule, rejects):
    """`tainted_calls` for one argument: its culprits, or None (safe, guarded, recorded)."""
    culprits = flow.request_culprits(target, call.func) if request_only else \
        flow.culprits(target, call.func)
    if guard is not None and culprits and guarded_on(idx, flow, call.func, guard, target,
                                                     culprits, call.node.end_point[0] + 1):
        return None
    if rejects is not None and _rejected(idx, flow, call, target, rejects):
        if rule is not None:
            judged_safe(ctx, rule, call.line)
        return None  # a check on the value leaves the function first (checks.rejects)
    if not culprits:
        if rule is not None:
            _record_safe_or_param_sink(ctx, idx, flow, rule, call, target,
                                       guard is not None and guarded(idx, call.func, guard))
        if not request_only:  # what a local source alone builds: reported at info
            local = local_flow(idx).culprits(target, call.func)
            if local and all(LOCAL_SOURCE.search(t) for t, _ in local):
                return LocalCulprits(local)
        return None
    if not request_only:
        local = local_only(idx, culprits, call.func)
        if local is not None and not local:
            if rule is not None:
                judged_safe(ctx, rule, call.line)
            return None  # the parameter only ever receives constants
        if local:
            culprits = LocalCulprits(local)
    return culprits


def _names_of(culprits) -> str:
    return ", ".join(dict.fromkeys(n for n, _ in culprits))[:120]


class LocalCulprits(list):
    """Culprits that are all input of the person who runs the program (LOCAL_SOURCE): a sink
    built from them is reported at `info` (`sink_finding`), not as request data."""

    reason = ("command-line, environment or standard input of the person running the program "
              "(local threat model), not request data")


class LocalFlow(Flow):
    """`Flow` in which the local sources (LOCAL_SOURCE) are leaves too: which of a value's
    non-constant parts are command-line arguments, environment variables or standard input. Its
    answers differ from `Flow`'s, so it keeps its own memo."""

    def __init__(self, idx: FileIndex):
        super().__init__(idx)
        self._memo = {}

    def is_source(self, text: str, func: int) -> bool:
        return bool(LOCAL_SOURCE.search(text)) or super().is_source(text, func)


def local_flow(idx: FileIndex) -> LocalFlow:
    got = idx.flow_memo.get(("local-flow",))
    if got is None:
        got = idx.flow_memo[("local-flow",)] = LocalFlow(idx)
    return got


MAX_LOCAL_DEPTH = 3


def local_only(idx: FileIndex, culprits, func: int, depth: int = 0) -> list | None:
    """When every culprit of a sink is a local source, or a parameter of a function whose every
    caller is in this file and passes local sources or constants there (followed up to
    MAX_LOCAL_DEPTH calls): those local sources ([] when the callers pass only constants).
    None when any culprit may be something else (request data, a caller elsewhere)."""
    found: list = []
    params = None
    for text, line in culprits:
        if LOCAL_SOURCE.search(text):
            found.append((text, line))
            continue
        if depth >= MAX_LOCAL_DEPTH:
            return None
        if params is None:
            params = list(idx.params.get(func, {}))
        root = re.split(r"[.\[(]", text, 1)[0]
        if root not in params:
            return None
        sites = private_call_sites(idx, func)
        if not sites:
            return None
        i = params.index(root)
        for call in sites:
            if call.kwargs or any(a.type in ("spread_element", "list_splat", "dictionary_splat")
                                  for a in call.args):
                return None
            if i >= len(call.args):
                continue  # not passed: the default value
            sub = local_flow(idx).culprits(call.args[i], call.func)
            got = local_only(idx, sub, call.func, depth + 1) if sub else []
            if got is None:
                return None
            found.extend(got)
    return found


def private_call_sites(idx: FileIndex, func: int) -> list | None:
    """The calls of the function `func` when no code outside this file can call it: a JS/TS
    function that the module does not export, or a Python function whose name starts with `_`,
    and whose name is used in the file only as the callee of direct calls (not passed on, not
    exported, not a method). None otherwise."""
    fn = idx.funcs.get(func)
    name = function_name(idx, func)
    if fn is None or not name or not re.match(r"^[A-Za-z_$][\w$]*$", name):
        return None
    if idx.lang == "python":
        if not name.startswith("_") or name.startswith("__") or \
                _class_of(fn) is not None:
            return None
    elif idx.lang in ("javascript", "typescript", "tsx"):
        p = fn.parent
        while p is not None:
            if p.type in ("export_statement", "class_body", "class_declaration", "class"):
                return None
            p = p.parent
    else:
        return None  # Go: another file of the package may call an unexported function
    key = ("private-calls", func)
    if key in idx.flow_memo:
        return idx.flow_memo[key]
    from auditor.index.walk import walk

    decl = fn.child_by_field_name("name")
    if decl is None and fn.parent is not None:
        decl = fn.parent.child_by_field_name("name")
    sites = []
    ok = True
    for node in walk(idx._root):
        if node.type not in ("identifier", "shorthand_property_identifier",
                             "property_identifier") or idx.text(node) != name:
            continue
        if decl is not None and node.start_byte == decl.start_byte:
            continue
        par = node.parent
        if node.type == "identifier" and par is not None and par.type in CALL_TYPES and \
                par.child_by_field_name("function") is not None and \
                par.child_by_field_name("function").start_byte == node.start_byte:
            call = _call(idx, par)
            if call is not None:
                sites.append(call)
                continue
        if node.type == "property_identifier":
            continue  # `obj.name`: another object's member
        ok = False
        break
    got = sites if ok else None
    idx.flow_memo[key] = got
    return got


class DeadLines:
    """The lines of a file whose every call never runs (`constfold.unreachable`), asked for
    the lines rules report: calls are grouped by line only when a finding comes."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.idx = file_index(ctx)
        self.flow = Flow(self.idx) if self.idx is not None else None
        self._by_line: dict | None = None
        self._memo: dict = {}

    def never_runs(self, line: int, rule) -> bool:
        if self.idx is None or not line:
            return False
        got = self._memo.get(line)
        if got is None:
            if self._by_line is None:
                self._by_line = {}
                for c in self.idx.calls:
                    self._by_line.setdefault(c.line, []).append(c)
            calls = self._by_line.get(line) or ()
            got = self._memo[line] = bool(calls) and all(
                unreachable(c.node, self.idx.data, self.flow.resolver(c.func)) for c in calls)
        if got:
            judged_safe(self.ctx, rule, line)
        return got


def judged_safe(ctx, rule, line: int) -> None:
    """Record that `rule` modelled the sink on `line` and found no request data reaching it
    (`extra["safe_sink_lines"]`): an engine's hit there is adjudicated (scan.findings)."""
    lines = ctx.facts.extra.setdefault("safe_sink_lines", {}).setdefault(rule.category, [])
    if line not in lines:
        lines.append(line)


def _record_safe_or_param_sink(ctx, idx, flow, rule, call, target, is_guarded) -> None:
    from auditor.taint.summary import record_sink

    judged_safe(ctx, rule, call.line)  # a flow from another function is reported natively
    nonconst, calls = flow.leaves(target, call.func)
    if (nonconst or calls) and not is_guarded:
        record_sink(ctx, idx, flow, rule, call, target)


@dataclass
class Site:
    """A sink that is not a call (an assignment, a return): the attributes `sink_finding` and
    the taint summaries read of a call."""
    node: object
    callee: str

    @property
    def line(self) -> int:
        return self.node.start_point[0] + 1


def sink_finding(rule, ctx, call, culprits, message: str):
    """A finding at the sink call, with the lines the tainted values come from as related."""
    first = culprits[0] if culprits else None
    flow = [(ctx.path, first[1], f"source: {first[0][:120]}")] if first else []
    flow.append((ctx.path, call.line, f"sink: {call.callee}()"))
    local = isinstance(culprits, LocalCulprits)
    if local:
        message = f"{message}: {LocalCulprits.reason}"
    return rule.finding(ctx.path, call.line, message, column=call.node.start_point[1] + 1,
                        snippet=ctx.line_text(call.line),
                        severity="info" if ctx.is_test or local else None,
                        related=sorted({(ctx.path, ln) for _, ln in culprits if ln != call.line})[:5],
                        flow=flow)


# -- imports -------------------------------------------------------------------------------------

_IMPORT_WORD = re.compile(rb"\b(import|require)\b")
_GO_VERSION = re.compile(r"^v\d+$")


def go_package_name(path: str) -> str:
    """The name a Go import path is used under without an alias: its last element, skipping a
    major-version element (`math/rand/v2` -> rand) and a `.vN` suffix (`gopkg.in/yaml.v3`)."""
    parts = [p for p in path.split("/") if p]
    if len(parts) > 1 and _GO_VERSION.match(parts[-1]):
        parts.pop()
    name = parts[-1] if parts else path
    return re.sub(r"\.v\d+$", "", name).replace("-", "_")


_PROMISIFIED = re.compile(rb"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*"
                         rb"(?:util\.)?promisify\(\s*"
                         rb"([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\s*\)")


_FORM_FIELD = re.compile(r"^([A-Za-z_]\w*)\.[A-Za-z_]\w*\.data$")
# `LoginForm()`, `forms.SearchForm(request.form)`: a form class instantiated (WTForms' and
# Django's form classes are named so by convention; their fields carry what was posted)
_FORM_CLASS_CALL = re.compile(r"^(?:[a-z_]\w*\.)*[A-Z]\w*Form\(")


def import_map(ctx) -> dict:
    """Local name -> what it is bound to by the file's imports, for every language: a Go import
    path (`crand "crypto/rand"` -> {"crand": "crypto/rand"}, no alias -> the package name), a
    Python module or `module.member` (`import random as rnd` -> {"rnd": "random"},
    `from secrets import choice` -> {"choice": "secrets.choice"}), a JS/TS module or
    `module.member` (`import { randomBytes as rb } from "crypto"`, `const c = require("crypto")`,
    `const { randomInt } = require("node:crypto")`; the `node:` prefix is dropped). Imports
    inside functions count too. Built once per file and cached on the context."""
    cached = getattr(ctx, "_import_map", None)
    if cached is not None:
        return cached
    out: dict = {}
    tree = ctx.ts_tree if ctx.language != "config" else None
    if tree is not None and _IMPORT_WORD.search(ctx.data):
        root, data = tree.root_node, ctx.data
        seen: set = set()
        for m in _IMPORT_WORD.finditer(data):
            node = root.descendant_for_byte_range(m.start(), m.end())
            for _ in range(6):
                if node is None or node.type in ("import_declaration", "import_statement",
                                                 "import_from_statement", "variable_declarator",
                                                 "future_import_statement"):
                    break
                node = node.parent
            if node is None or node.id in seen:
                continue
            seen.add(node.id)
            _read_import(node, data, out)
        if ctx.language not in ("go", "python") and b"promisify" in data:
            # `const execAsync = promisify(exec)` / `util.promisify(cp.exec)`: the same function,
            # answering with a promise (node's util.promisify keeps the arguments)
            for m in _PROMISIFIED.finditer(data):
                inner = m.group(2).decode("utf-8", "replace")
                head, _, rest = inner.partition(".")
                bound = out.get(inner) or (out.get(head) + "." + rest
                                           if rest and out.get(head) and "." not in rest else "")
                if bound:
                    out[m.group(1).decode("utf-8", "replace")] = bound
    try:
        object.__setattr__(ctx, "_import_map", out)
    except Exception:  # noqa: BLE001 - a context that refuses attributes just rebuilds
        pass
    return out


def imports_matching(ctx, pattern: re.Pattern) -> bool:
    """Whether an import of the file binds a module `pattern` matches (the module's path, as
    `import_map` gives it, without the member)."""
    return any(pattern.match(t.split(" ", 1)[0]) for t in import_map(ctx).values())


def _module_name(s: str) -> str:
    s = s.strip().strip("\"'`")
    return s[5:] if s.startswith("node:") else s


def _read_import(node, data: bytes, out: dict) -> None:  # noqa: C901 - one switch on grammars
    def tx(n) -> str:
        return node_text(n, data, 300)

    t = node.type
    if t == "import_declaration":  # Go
        for spec in _descendants(node, "import_spec"):
            path = spec.child_by_field_name("path")
            if path is None:
                continue
            p = tx(path).strip("\"`")
            name = spec.child_by_field_name("name")
            alias = tx(name) if name is not None else go_package_name(p)
            if alias not in ("_", "."):
                out[alias] = p
    elif t == "import_statement" and any(c.type in ("dotted_name", "aliased_import")
                                         for c in node.named_children):  # Python `import x`
        for c in node.named_children:
            if c.type == "aliased_import":
                mod, alias = c.child_by_field_name("name"), c.child_by_field_name("alias")
                if mod is not None and alias is not None:
                    out[tx(alias)] = tx(mod)
            elif c.type == "dotted_name":
                full = tx(c)
                out.setdefault(full.split(".")[0], full.split(".")[0])
    elif t == "import_from_statement":  # Python `from x import y`
        mod = node.child_by_field_name("module_name")
        if mod is None:
            return
        base = tx(mod)
        for c in node.children_by_field_name("name"):
            if c.type == "aliased_import":
                n, alias = c.child_by_field_name("name"), c.child_by_field_name("alias")
                if n is not None and alias is not None:
                    out[tx(alias)] = _joined(base, tx(n))
            elif c.type == "dotted_name":
                out[tx(c)] = _joined(base, tx(c))
    elif t == "import_statement":  # JS/TS
        src = node.child_by_field_name("source")
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if src is None or clause is None:
            return
        mod = _module_name(tx(src))
        for c in clause.named_children:
            if c.type == "identifier":
                out[tx(c)] = mod
            elif c.type == "namespace_import":
                ident = next((x for x in c.named_children if x.type == "identifier"), None)
                if ident is not None:
                    out[tx(ident)] = mod
            elif c.type == "named_imports":
                for spec in c.named_children:
                    if spec.type != "import_specifier":
                        continue
                    n, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                    if n is not None:
                        out[tx(alias if alias is not None else n)] = f"{mod}.{tx(n)}"
    elif t == "variable_declarator":  # const x = require("m"), const { a: b } = require("m")
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        member = None
        if value is not None and value.type == "member_expression" and name is not None and \
                name.type == "identifier":  # const fsp = require("fs").promises
            prop = value.child_by_field_name("property")
            member = tx(prop) if prop is not None else None
            value = value.child_by_field_name("object")
        if name is None or value is None or value.type != "call_expression":
            return
        fn, args = value.child_by_field_name("function"), value.child_by_field_name("arguments")
        if fn is None or tx(fn) != "require" or args is None or not args.named_children:
            return
        mod = _module_name(tx(args.named_children[0]))
        if member:
            out[tx(name)] = f"{mod}.{member}"
            return
        if name.type == "identifier":
            out[tx(name)] = mod
        elif name.type == "object_pattern":
            for c in name.named_children:
                if c.type == "shorthand_property_identifier_pattern":
                    out[tx(c)] = f"{mod}.{tx(c)}"
                elif c.type == "pair_pattern":
                    k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
                    if k is not None and v is not None and v.type == "identifier":
                        out[tx(v)] = f"{mod}.{tx(k)}"


def _joined(base: str, name: str) -> str:
    return base + name if base.endswith(".") else f"{base}.{name}"


def _descendants(node, kind: str) -> list:
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        if n.type == kind:
            out.append(n)
            continue
        stack.extend(n.named_children)
    return out


def resolve_imported(name: str, imports: dict) -> str:
    """`name` (a callee or receiver such as `np.random` or `rb`) with its first element replaced
    by what the imports bind it to (`numpy.random`, `crypto.randomBytes`); '' when the first
    element is not an imported name."""
    head, sep, rest = name.partition(".")
    bound = imports.get(head)
    if bound is None:
        return ""
    return bound + sep + rest


# -- sanitizers and stores (ldap-injection, xpath-injection, header-injection) ------------------

class SanitizedFlow(Flow):
    """`Flow` in which a call that `sanitizer(call, idx)` accepts (an escaping function such as
    `escape_filter_chars(x)`) contributes no leaves, whatever its arguments are. Its answers
    differ from `Flow`'s, so it keeps its own memo instead of the file's shared one."""

    def __init__(self, idx: FileIndex, sanitizer):
        super().__init__(idx)
        self._memo = {}
        self._sanitizer = sanitizer

    def _call_node(self, node, func, out, depth, seen) -> None:
        call = _call(self.idx, node)
        if call is not None and self._sanitizer(call, self.idx):
            return
        super()._call_node(node, func, out, depth, seen)


def _rejected(idx, flow, call, target, pattern) -> bool:
    from auditor.checks.rejects import rejected

    return rejected(idx, flow, call.func, call.node, target, pattern)


def sanitized_tainted_calls(ctx, select, sanitizer, *, guard=None, rule=None, rejects=None):
    """`tainted_calls` with a sanitizer: (call, culprits, names) for every call whose arguments
    `select(call, idx)` names ((argument or list of arguments, request_only) or None) carry
    non-constant (or request) values that do not all pass through a call `sanitizer(call, idx)`
    accepts."""
    idx = file_index(ctx)
    if idx is None:
        return
    flow = SanitizedFlow(idx, sanitizer)
    for call in idx.calls:
        chosen = select(call, idx)
        if chosen is None or _never_runs(ctx, idx, flow, call, rule):
            continue
        targets, request_only = chosen
        culprits: list = []
        for target in (targets if isinstance(targets, (list, tuple)) else (targets,)):
            if target is not None:
                culprits += flow.request_culprits(target, call.func) if request_only else \
                    flow.culprits(target, call.func)
        if rejects is not None and any(
                t is not None and _rejected(idx, flow, call, t, rejects)
                for t in (targets if isinstance(targets, (list, tuple)) else (targets,))):
            if rule is not None:
                judged_safe(ctx, rule, call.line)
            continue  # a check on the value leaves the function first (checks.rejects)
        if not culprits and rule is not None:
            judged_safe(ctx, rule, call.line)
        if not culprits and rule is not None and \
                not (guard is not None and guarded(idx, call.func, guard)):
            from auditor.taint.summary import note_sink

            for target in (targets if isinstance(targets, (list, tuple)) else (targets,)):
                if target is not None:
                    note_sink(ctx, idx, flow, rule, call.func, call.node, call.callee, target,
                              params_too=request_only)
        if not culprits or (guard is not None and guarded(idx, call.func, guard)):
            continue
        yield call, culprits, ", ".join(dict.fromkeys(n for n, _ in culprits))[:120]


@dataclass
class Store:
    """An assignment to a subscript, `obj[key] = value` (Python `resp.headers["X"] = v`, Django
    `response["X"] = v`, Go `w.Header()["X"] = []string{v}`, JS `headers[k] = v`). It has the
    attributes `sink_finding` reads of a call: `node`, `line`, `callee` (the object's text)."""

    node: object
    callee: str
    obj: object
    key: object
    value: object
    line: int
    func: int


_SUBSCRIPT_TYPES = frozenset({"subscript", "subscript_expression", "index_expression"})


def subscript_stores(ctx) -> list:
    """Every `obj[key] = value` assignment of the file (simple `=` only), in document order."""
    idx = file_index(ctx)
    if idx is None:
        return []
    out = []
    for func, nodes in idx._assign_nodes.items():
        for node in nodes:
            if node.type not in ("assignment", "assignment_statement", "assignment_expression"):
                continue
            op = node.child_by_field_name("operator")
            if op is not None and idx.text(op) not in ("=",):
                continue
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and left.type == "expression_list" and len(left.named_children) == 1:
                left = left.named_children[0]
            if right is not None and right.type == "expression_list" and len(right.named_children) == 1:
                right = right.named_children[0]
            if left is None or right is None or left.type not in _SUBSCRIPT_TYPES:
                continue
            obj = left.child_by_field_name("value") or left.child_by_field_name("operand") or \
                left.child_by_field_name("object")
            key = left.child_by_field_name("subscript") or left.child_by_field_name("index")
            if obj is None or key is None:
                kids = left.named_children
                if len(kids) < 2:
                    continue
                obj, key = kids[0], kids[1]
            out.append(Store(node, re.sub(r"\s+", "", idx.text(obj, 200)), obj, key, right,
                             node.start_point[0] + 1, func))
    out.sort(key=lambda s: s.node.start_byte)
    return out


# -- variants for the xss, insecure-cookie and trust-boundary rules ------------------------------

_DECORATED_REQUEST_PARAM = re.compile(r"^@(Query|Param|Params|Body|Headers|Req|Request|Cookies|"
                                      r"HostParam|Ip)\b")


class BarrierFlow(Flow):
    """`Flow` with a rule's own barriers and sources, answering from a memo of its own (Flow's
    shared answers stay untouched): a call whose callee matches `barriers` contributes nothing
    (an HTML escape for XSS, a database lookup for a session value); an expression whose text
    matches `sources` is a request value (browser sources such as `location.search`); the
    parameters of a NestJS handler decorated `@Query`/`@Param`/`@Body`/... are request values."""

    def __init__(self, idx: FileIndex, *, barriers=None, sources=None, key: str = ""):
        super().__init__(idx)
        memos = idx.__dict__.setdefault("_variant_flow_memos", {})
        self._memo = memos.setdefault(key or f"{barriers and barriers.pattern}|"
                                      f"{sources and sources.pattern}", {})
        self._barriers, self._sources = barriers, sources

    def _walk(self, node, func, out, depth, seen) -> None:
        n = unwrap(node)
        if n is not None and depth <= MAX_DEPTH:
            t = n.type
            callee = None
            if t in CALL_TYPES:
                fn = n.child_by_field_name("function") or n.child_by_field_name("constructor")
                callee = re.sub(r"\s+", "", self.idx.text(fn, 200)) if fn is not None else ""
                if self._barriers is not None and not REQUEST_SOURCE.search(callee + "(") \
                        and self._barriers.search(callee):
                    return
            if self._sources is not None and t in _SOURCE_TYPES:
                txt = callee if callee is not None else self.idx.text(n, 200)
                if self._sources.search(txt):
                    out.append((self.idx.text(n, 200), n.start_point[0] + 1))
                    return
            if t == "binary_expression":  # `a ?? b`, `a || b` yield one of their operands
                op = n.child_by_field_name("operator")
                if op is not None and op.type in ("??", "||", "&&"):
                    for k in ("left", "right"):
                        self._walk(n.child_by_field_name(k), func, out, depth + 1, seen)
                    return
        super()._walk(node, func, out, depth, seen)

    def request_culprits(self, node, func: int) -> list:
        out = super().request_culprits(node, func)
        roots = decorated_request_params(self.idx, func)
        if self._sources is None and not roots:
            return out
        have = set(out)
        for text, line in self.culprits(node, func):
            if (text, line) in have:
                continue
            root = re.split(r"[.\[(]", text, 1)[0]
            if root in roots or (self._sources is not None and self._sources.search(text)):
                out.append((text, line))
                have.add((text, line))
        return out


_SOURCE_TYPES = frozenset({"member_expression", "attribute", "selector_expression",
                           "subscript_expression", "subscript", "call_expression", "call",
                           "identifier"})


_GO_MAP_VALUES = re.compile(r"\.(?:Query|Header|Form|PostForm|Cookies|Params)\(?\)?$")


def _go_ranges_map(node, right, idx) -> bool:
    """Whether a Go range clause ranges over a map: a local declared or made as one in the
    function before the loop (`var m map[string]any`, `m := make(map[...])`, a parameter `m
    map[...]`), or the request's url.Values / http.Header (`r.URL.Query()`, `r.Header`)."""
    rtext = idx.text(right, 200)
    if _GO_MAP_VALUES.search(rtext):
        return True
    if not re.fullmatch(r"[A-Za-z_]\w*", rtext):
        return False
    fn = node.parent
    while fn is not None and fn.type not in ("function_declaration", "method_declaration",
                                             "func_literal"):
        fn = fn.parent
    if fn is None:
        return False
    before = idx.data[fn.start_byte:node.start_byte]
    if rtext.encode() not in before:
        return False
    name = re.escape(rtext.encode())
    return re.search(rb"(?:\bvar[ \t]+|[(,][ \t]*)" + name + rb"[ \t]+map\[|\b" + name +
                     rb"[ \t]*:?=[ \t]*(?:make\([ \t]*)?map\[", before) is not None


_SPLITTERS = frozenset({"split", "rsplit", "splitlines", "Split", "SplitN", "Fields"})


def _split_receiver(node, idx: FileIndex):
    """The text a loop's iterable splits (`query.split(";")`, `strings.Split(q, ";")`), or
    None."""
    u = unwrap(node)
    if u is None or u.type not in ("call", "call_expression"):
        return None
    fn = u.child_by_field_name("function")
    if fn is None or fn.type not in ("attribute", "member_expression", "selector_expression"):
        return None
    name = fn.child_by_field_name("attribute") or fn.child_by_field_name("property") or \
        fn.child_by_field_name("field")
    if name is None or idx.text(name) not in _SPLITTERS:
        return None
    if fn.type == "selector_expression":  # Go: strings.Split(q, ";") splits its first argument
        args = u.child_by_field_name("arguments")
        kids = [a for a in (args.named_children if args is not None else ()) if a.type != "comment"]
        return kids[0] if kids else None
    return fn.child_by_field_name("object")


def _param_decorators(idx: FileIndex, func: int):
    """(pattern node, decorator texts) of every parameter of `func` and of the functions
    around it, innermost first (TypeScript: `@Param('id') id: number`)."""
    for key in [func] + idx.outer_keys(func):
        fn = idx.funcs.get(key)
        ps = fn.child_by_field_name("parameters") if fn is not None else None
        for p in (ps.named_children if ps is not None else ()):
            yield p.child_by_field_name("pattern"), \
                [idx.text(c, 200) for c in p.named_children if c.type == "decorator"]


def unconverted_decorated_param(idx: FileIndex, name: str, func: int) -> bool:
    """NestJS: `@Param('id') id: number` is the string the URL holds (TypeScript's types are
    erased; nothing converts it) unless a pipe in the decorator converts it (`ParseIntPipe`)
    or the file asks a ValidationPipe to transform. A TypeScript `number` parameter of any
    other function did get a number (the compiler refuses a string there)."""
    if idx.lang not in ("typescript", "tsx") or b"@" not in idx.data:
        return False
    for pat, decos in _param_decorators(idx, func):
        if pat is not None and idx.text(pat) == name:
            return any(_DECORATED_REQUEST_PARAM.match(d) for d in decos) and \
                not any("Pipe" in d for d in decos) and \
                re.search(rb"transform\s*:\s*true", idx.data) is None
    return False


def decorated_request_params(idx: FileIndex, func: int) -> set:
    """Names of the parameters of `func` (or a function around it) that a NestJS-style decorator
    fills from the request: `@Query('q') q`, `@Body() dto`, `@Param('id') id`."""
    if idx.lang not in ("typescript", "tsx"):
        return set()
    out: set = set()
    for pat, decos in _param_decorators(idx, func):
        if any(_DECORATED_REQUEST_PARAM.match(d) for d in decos):
            out.update(idx.text(n) for n in _names(pat, idx))
    return out


def assignment_nodes(idx: FileIndex) -> list:
    """(assignment node, enclosing function key) of every assignment in the file, in document
    order, whatever its target (subscripts and attributes included)."""
    return sorted(((n, f) for f, ns in idx._assign_nodes.items() for n in ns),
                  key=lambda p: p[0].start_byte)


def nodes_of_type(ctx, types) -> list:
    """Every node of the file's tree-sitter tree whose type is in `types` (one walk per set of
    types, cached on the context): for shapes the index does not record (JSX attributes,
    Go composite literals)."""
    key = frozenset(types)
    cache = getattr(ctx, "_nodes_of_type", None)
    if cache is None:
        cache = {}
        try:
            object.__setattr__(ctx, "_nodes_of_type", cache)
        except Exception:  # noqa: BLE001 - a context that refuses attributes just rewalks
            pass
    if key not in cache:
        tree = ctx.ts_tree if ctx.language != "config" else None
        if tree is None:
            cache[key] = []
        else:
            from auditor.index.walk import walk_types

            cache[key] = list(walk_types(tree.root_node, key))
    return cache[key]


# Calls whose result carries their arguments' (and receiver's) data: string, path, encoding and
# collection operations. Across functions (strict flows) every other call is a leaf that only the
# callee's summary can judge.
PROPAGATORS = frozenset("""
format join Join map append String str toString trim strip lstrip rstrip lower upper TrimSpace
ToLower ToUpper replace Replace ReplaceAll Sprintf Sprint Sprintln Errorf Fprintf Join Clean Abs
Split SplitN Fields TrimPrefix TrimSuffix Trim TrimLeft TrimRight split rsplit splitlines partition
decode encode b64decode b64encode urlsafe_b64decode urlsafe_b64encode DecodeString EncodeToString
unquote unquote_plus quote quote_plus urlencode urljoin urlparse loads dumps JSON parse stringify
Unescape QueryUnescape PathUnescape PathEscape QueryEscape ToString slice substring substr concat
get getlist get_json values items keys copy Bytes bytes bytearray list tuple dict set frozenset
sorted reversed Path PurePath resolve normalize normpath abspath realpath expanduser join_path
path fspath getvalue read readline readlines ReadAll Text Value text json Query Param Params
FormValue PostFormValue Get
""".split())


# lookups: the result is what the receiver holds, whatever the key
LOOKUPS = frozenset({"get", "Get", "getlist", "Load", "Lookup", "lookup", "pop", "values",
                     "items", "keys", "copy", "Value", "Text", "text", "json", "read", "readline",
                     "readlines", "getvalue", "Bytes", "get_json"})

STRINGS_NODE_BUDGET = 5000  # nodes one strings_in reads: a value is a few dozen


def _value_nodes(node, budget: list):
    """The nodes under `node` (included), pre-order, not entering function literals, at most
    `budget[0]` of them over the calls sharing the budget."""
    stack = [node]
    while stack and budget[0] > 0:
        n = stack.pop()
        if n.type in FUNC_TYPES:
            continue
        budget[0] -= 1
        yield n
        stack.extend(reversed(n.children))


_LEAD_STRINGS = frozenset({"string", "template_string", "interpreted_string_literal",
                           "raw_string_literal", "string_literal"})
_LEAD_CONCAT = frozenset({"binary_expression", "binary_operator"})


def leading_text(node, idx, func, accept: re.Pattern, depth: int = 0) -> str | None:
    """The constant text a built string starts with (`"/login?r=" + x`, `` `/u/${id}` ``,
    `f"/u/{id}"`, `"/u/%s" % id`, `"/u/{}".format(id)`, `fmt.Sprintf("/u/%s", id)`), through a
    local name whose every assignment starts with text `accept` matches (a redirect's fixed
    site, a request's fixed host); None when it starts with a value."""
    node = unwrap(node)
    if node is None or depth > 4:
        return None
    t = node.type
    if t in _LEAD_CONCAT:
        # down the left operands in a loop: `"/a?x=" + x + "&y=" + y + ...` is as deep as it
        # is long, and only its leftmost literal matters
        pct = False
        while node is not None and node.type in _LEAD_CONCAT:
            op = node.child_by_field_name("operator")
            op = idx.text(op) if op is not None else ""
            if op not in ("+", "%"):
                return None
            pct = pct or op == "%"
            node = unwrap(node.child_by_field_name("left"))
        got = leading_text(node, idx, func, accept, depth + 1)
        return got.split("%", 1)[0] if got is not None and pct else got
    if t in _LEAD_STRINGS:
        out = []
        for c in node.children:
            if c.type in ("string_fragment", "string_content", "interpreted_string_literal_content",
                          "raw_string_literal_content"):
                out.append(idx.text(c))
            elif c.type in ("template_substitution", "interpolation", "escape_sequence"):
                break
        if not out and t in ("interpreted_string_literal", "raw_string_literal") and \
                not node.named_children:
            return idx.text(node)[1:-1]
        return "".join(out)
    if t in ("call", "call_expression"):
        fn = node.child_by_field_name("function")
        if fn is None:
            return None
        text = idx.text(fn)
        if text.endswith(".format") and fn.named_children:  # "/u/{}".format(id)
            got = leading_text(fn.named_children[0], idx, func, accept, depth + 1)
            return got.split("{", 1)[0] if got is not None else None
        args = node.child_by_field_name("arguments")
        if text in ("fmt.Sprintf", "format") and args is not None and args.named_children:
            got = leading_text(args.named_children[0], idx, func, accept, depth + 1)
            return got.split("%", 1)[0] if got is not None else None
        return None
    if t == "identifier":
        values = idx.assigns_in(func).get(idx.text(node))
        if not values or len(values) > 4:
            return None
        got = [leading_text(v, idx, func, accept, depth + 1) for v, op, _ in values if v is not None]
        if len(got) != len(values) or any(g is None or not accept.match(g) for g in got):
            return None
        return got[0]
    return None
