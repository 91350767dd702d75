"""What goes into a local container and what comes out: element-wise where it is cheap.

A dict, list, map, slice or `configparser` filled in a function (`m["k"] = v`, `m.set(s, k, v)`,
`lst.append(v)`, `lst.pop(0)`, `m.update(other)`) and read back (`m["k"]`, `m.get("k")`,
`conf.get(s, k)`, `lst[1]`): a read with a constant key sees the stores of that key (the last
one, when it runs unconditionally before the read); a constant index into a list built only by
unconditional appends/inserts/pops sees that element; anything else sees every store. Stores
are taken from the tree once per file (`FileIndex.stores`).
"""
from __future__ import annotations

from dataclasses import dataclass

SUBSCRIPTS = frozenset({"subscript", "index_expression", "subscript_expression"})
# method -> kind: what a call on a local container does to it
MUTATORS = {
    "append": "append", "push": "append", "add": "append", "Add": "append",
    "appendleft": "prepend", "unshift": "prepend", "insert": "insert",
    "set": "store", "put": "store", "Set": "store", "Store": "store", "setdefault": "store",
    "update": "merge", "extend": "merge", "concat": "merge",
    "pop": "pop", "popleft": "pop", "remove": "drop", "clear": "clear", "shift": "popfirst",
}
READERS = frozenset({"get", "getlist", "pop", "Get", "Load", "getint", "getfloat", "getboolean"})
_NUM = ("integer", "int_literal", "number")


@dataclass
class Store:
    kind: str  # store | append | prepend | insert | merge | pop | popfirst | drop | clear
    key: tuple | None  # constant key parts (store), index (insert/pop); None: not constant
    value: object  # the node stored (None for pops)
    node: object  # the statement or call, for position and branch checks
    line: int
    func: object = None  # a callback's key when it fills its enclosing function's container


def const_key(node, idx) -> object:
    """The constant a key or index node spells (str or int), or None."""
    from auditor.checks.treeutil import literal, unwrap

    node = unwrap(node)
    if node is None:
        return None
    if node.type in _NUM:
        try:
            return int(idx.text(node), 0)
        except ValueError:
            return None
    if node.type == "unary_operator" or node.type == "unary_expression":
        inner = node.named_children[-1] if node.named_children else None
        if inner is not None and inner.type in _NUM and idx.text(node).startswith("-"):
            try:
                return -int(idx.text(inner), 0)
            except ValueError:
                return None
    return literal(node, idx.data)


def subscript_parts(node):
    """(object, index) of a subscript node in any of the grammars."""
    obj = node.child_by_field_name("value") or node.child_by_field_name("object") or \
        node.child_by_field_name("operand")
    sub = node.child_by_field_name("subscript") or node.child_by_field_name("index")
    kids = node.named_children
    if obj is None and kids:
        obj = kids[0]
    if sub is None and len(kids) > 1:
        sub = kids[1]
    return obj, sub


def _cast_receiver(call, idx):
    """The name under a parenthesized, cast or non-null receiver (`(xs as any[]).push(v)`,
    `(xs!).push(v)`, `(xs).append(v)`), or None."""
    from auditor.checks.treeutil import unwrap

    fn = call.node.child_by_field_name("function")
    obj = fn.child_by_field_name("object") if fn is not None else None
    obj = unwrap(obj)
    return idx.text(obj) if obj is not None and obj.type == "identifier" else None


def _owner(idx, func, name: str):
    """The function whose container a call in `func` fills: `func` itself, or, for a callback
    that fills a list of its enclosing function without binding the name itself
    (`Object.keys(d).forEach(k => { updates.push(...) })`), that enclosing function."""
    if func is None or name in idx.assigns_in(func) or name in idx.params.get(func, {}):
        return func
    for key in idx.outer_keys(func):
        if name in idx.assigns_in(key) or name in idx.params.get(key, {}):
            return key
    return func


# Go calls that write their other arguments into the writer they are handed first (`&b` of a
# strings.Builder or bytes.Buffer): what was written is what `b.String()` gives back
_GO_FPRINT = frozenset({"Fprintf", "Fprint", "Fprintln", "WriteString", "Copy"})
_GO_TEMPLATE_RUN = frozenset({"Execute", "ExecuteTemplate"})
_GO_WRITE_METHODS = frozenset({"WriteString", "Write", "WriteByte", "WriteRune", "ReadFrom"})


def _go_writers(idx, out: dict) -> None:
    """Stores of Go writes into a local builder or buffer: `fmt.Fprintf(&b, f, x)`,
    `io.WriteString(&b, s)`, a template run into it (`t.Execute(&b, data)`,
    `t.ExecuteTemplate(&b, "T", data)`: its output holds the data), `b.WriteString(s)`."""
    for call in idx.calls:
        args = call.args
        target = None
        values: list = []
        if (call.name in _GO_FPRINT and call.receiver in ("fmt", "io")) or \
                call.name in _GO_TEMPLATE_RUN:
            if len(args) < 2:
                continue
            first = idx.text(args[0], 60)
            target = first[1:] if first.startswith("&") else first
            values = list(args[2:] if call.name == "ExecuteTemplate" else args[1:])
        elif call.name in _GO_WRITE_METHODS and call.receiver and call.receiver.isidentifier() \
                and args:
            target, values = call.receiver, list(args[:1])
        if not target or not target.isidentifier():
            continue
        owner = _owner(idx, call.func, target)
        if call.name in _GO_TEMPLATE_RUN:
            # (the run itself is the value: a rule that takes html/template's escaping for a
            # barrier, XSS, stops at it; to the others its data passes through)
            values = [call.node]
        for v in values:
            st = Store("append", None, v, call.node, call.line)
            if owner != call.func:
                st.func = call.func
            out.setdefault((owner, target), []).append(st)


def collect(idx) -> dict:
    """(func, container name) -> [Store] in document order."""
    out: dict = {}
    for func, nodes in idx._assign_nodes.items():
        for node in nodes:
            if node.type not in ("assignment", "assignment_statement", "assignment_expression",
                                 "augmented_assignment", "augmented_assignment_expression"):
                continue
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and left.type == "expression_list" and len(left.named_children) == 1:
                left = left.named_children[0]
            if left is None or left.type not in SUBSCRIPTS:
                continue
            obj, sub = subscript_parts(left)
            if obj is None or obj.type != "identifier":
                continue
            if right is not None and right.type == "expression_list" and len(right.named_children) == 1:
                right = right.named_children[0]
            k = const_key(sub, idx)
            out.setdefault((func, idx.text(obj)), []).append(
                Store("store", (k,) if k is not None else None, right, node, node.start_point[0] + 1))
    if idx.lang == "go":
        _go_writers(idx, out)
    for call in idx.calls:
        kind = MUTATORS.get(call.name)
        recv = call.receiver
        if kind is not None and recv and not recv.isidentifier():
            recv = _cast_receiver(call, idx)  # `(updates as any[]).push(v)`: still `updates`
        if kind is None or not recv or not recv.isidentifier():
            continue
        args = call.args
        if kind == "store":
            if len(args) < 2:
                continue
            keys = [const_key(a, idx) for a in args[:-1]]
            key = tuple(keys) if all(k is not None for k in keys) else None
            st = Store("store", key, args[-1], call.node, call.line)
        elif kind == "insert":
            if len(args) < 2:
                continue
            k = const_key(args[0], idx)
            st = Store("insert", (k,) if isinstance(k, int) else None, args[-1], call.node, call.line)
        elif kind in ("pop", "drop", "clear", "popfirst"):
            k = const_key(args[0], idx) if args else None
            key = (k,) if args and k is not None else (() if not args else None)
            st = Store(kind, key, None, call.node, call.line)
        else:
            if not args:
                continue
            st = Store(kind, None, args[0] if kind == "merge" else args[-1], call.node, call.line)
        owner = _owner(idx, call.func, recv)
        if owner != call.func:
            st.func = call.func  # its value is read where it was written
        out.setdefault((owner, recv), []).append(st)
    for lst in out.values():
        lst.sort(key=lambda s: s.node.start_byte)
    return out
