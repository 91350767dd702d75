"""Conditions that fold to constants, and the branches they make dead.

`if 7 * 18 + num > 200:` with `num = 106` in the same function, `x if COND else y`,
`cond ? a : b`, and `match guess:` on a value built from literals (`guess = "ABC"[0]`): the
branch the condition rules out can carry nothing to a sink. Folding is deliberately small:
integer, float, string and boolean literals, names with exactly one assignment of a foldable
value, arithmetic, comparisons, `and`/`or`/`not` and string indexing/slicing. Anything else is
unknown, and an unknown condition keeps both branches.
"""
from __future__ import annotations

import operator

NOTHING = object()  # the value is not known
MAX_DEPTH = 8
_BIG = 1 << 64

_BINARY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
           "//": operator.floordiv, "%": operator.mod, "**": pow, "&": operator.and_,
           "|": operator.or_, "^": operator.xor, "<<": operator.lshift, ">>": operator.rshift}
_COMPARE = {">": operator.gt, "<": operator.lt, ">=": operator.ge, "<=": operator.le,
            "==": operator.eq, "!=": operator.ne, "===": operator.eq, "!==": operator.ne,
            "in": lambda a, b: a in b, "not in": lambda a, b: a not in b}
_INT = ("integer", "int_literal", "number", "float", "float_literal")
_STR = ("string", "interpreted_string_literal", "raw_string_literal", "string_literal")


def fold(node, data: bytes, resolve, depth: int = 0):
    """The constant value of `node`, or NOTHING. `resolve(name, use)` gives the one value node
    a local name holds where `use` reads it (or None)."""
    if node is None or depth > MAX_DEPTH:
        return NOTHING
    t = node.type
    try:
        if t in _INT:
            text = data[node.start_byte:node.end_byte].decode("ascii", "replace").replace("_", "")
            return float(text) if any(c in text for c in ".eE") and not text.startswith("0x") \
                else int(text, 0)
        if t in _STR:
            return _string(node, data)
        if t in ("true", "True"):
            return True
        if t in ("false", "False"):
            return False
        if t == "parenthesized_expression":
            kids = node.named_children
            return fold(kids[0], data, resolve, depth + 1) if len(kids) == 1 else NOTHING
        if t == "identifier":
            name = data[node.start_byte:node.end_byte].decode("utf-8", "replace")
            value = resolve(name, node)
            if value is None and name in _RUNTIME_CONSTANTS:
                return _RUNTIME_CONSTANTS[name]
            return fold(value, data, resolve, depth + 1) if value is not None else NOTHING
        if t == "attribute" and data[node.start_byte:node.end_byte] == b"typing.TYPE_CHECKING":
            return False
        if t in ("binary_operator", "binary_expression", "boolean_operator"):
            return _binary(node, data, resolve, depth)
        if t == "comparison_operator":
            return _comparison(node, data, resolve, depth)
        if t in ("unary_operator", "unary_expression", "not_operator"):
            arg = node.child_by_field_name("argument") or node.child_by_field_name("operand") \
                or (node.named_children[-1] if node.named_children else None)
            v = fold(arg, data, resolve, depth + 1)
            if v is NOTHING:
                return NOTHING
            op = data[node.start_byte:node.start_byte + 3].decode("ascii", "replace")
            if t == "not_operator" or op.startswith("!") or op.startswith("not"):
                return not v
            return -v if op.startswith("-") else (v if op.startswith("+") else NOTHING)
        if t in ("subscript", "index_expression", "subscript_expression"):
            return _subscript(node, data, resolve, depth)
    except (ArithmeticError, TypeError, ValueError, IndexError, OverflowError):
        return NOTHING
    return NOTHING


def _string(node, data: bytes):
    if any(c.type in ("interpolation", "template_substitution") for c in node.named_children):
        return NOTHING
    raw = data[node.start_byte:node.end_byte].decode("utf-8", "replace")
    i = 0
    while i < len(raw) and raw[i] not in "'\"`":
        if raw[i].lower() not in "rbuf":
            return NOTHING
        i += 1
    body = raw[i:]
    for q in ('"""', "'''", '"', "'", "`"):
        if body.startswith(q) and body.endswith(q) and len(body) >= 2 * len(q):
            inner = body[len(q):-len(q)]
            return inner if "\\" not in inner else NOTHING
    return NOTHING


def _operator_text(node, data: bytes) -> str:
    op = node.child_by_field_name("operator")
    if op is not None:
        return data[op.start_byte:op.end_byte].decode("ascii", "replace")
    for c in node.children:
        if not c.is_named:
            return data[c.start_byte:c.end_byte].decode("ascii", "replace")
    return ""


def _binary(node, data, resolve, depth):
    op = _operator_text(node, data)
    left = fold(node.child_by_field_name("left"), data, resolve, depth + 1)
    if left is NOTHING:
        return NOTHING
    if op in ("and", "&&") and not left or op in ("or", "||") and left:
        return left
    right = fold(node.child_by_field_name("right"), data, resolve, depth + 1)
    if right is NOTHING:
        return NOTHING
    if op in ("and", "&&", "or", "||"):
        return right
    if op in _COMPARE:
        return _COMPARE[op](left, right)
    fn = _BINARY.get(op)
    if fn is None:
        return NOTHING
    if op in ("**", "<<") and (abs(right) > 64 if isinstance(right, int) else True):
        return NOTHING
    if op == "*" and isinstance(left, str) ^ isinstance(right, str):
        n = right if isinstance(left, str) else left
        if not isinstance(n, int) or n > 1000:
            return NOTHING
    value = fn(left, right)
    if isinstance(value, int) and abs(value) > _BIG:
        return NOTHING
    return value


def _comparison(node, data, resolve, depth):
    """Python's chained comparisons: operands and operator tokens alternate."""
    operands, ops = [], []
    pending = ""
    for c in node.children:
        if c.is_named:
            if pending:
                ops.append(pending.strip())
                pending = ""
            operands.append(c)
        else:
            pending += " " + data[c.start_byte:c.end_byte].decode("ascii", "replace")
    if len(operands) != len(ops) + 1 or not ops:
        return NOTHING
    values = [fold(o, data, resolve, depth + 1) for o in operands]
    if any(v is NOTHING for v in values):
        return NOTHING
    for a, op, b in zip(values, ops, values[1:]):
        fn = _COMPARE.get(" ".join(op.split()))
        if fn is None:
            return NOTHING
        if not fn(a, b):
            return False
    return True


def _subscript(node, data, resolve, depth):
    obj = node.child_by_field_name("value") or node.child_by_field_name("object") or \
        node.child_by_field_name("operand") or (node.named_children[0] if node.named_children else None)
    sub = node.child_by_field_name("subscript") or node.child_by_field_name("index")
    if sub is None and len(node.named_children) > 1:
        sub = node.named_children[1]
    base = fold(obj, data, resolve, depth + 1)
    if not isinstance(base, str) or sub is None:
        return NOTHING
    if sub.type == "slice":
        parts: list = [None, None, None]
        k = 0
        for c in sub.children:
            if c.type == ":":
                k += 1
            elif c.is_named and k < 3:
                v = fold(c, data, resolve, depth + 1)
                if not isinstance(v, int):
                    return NOTHING
                parts[k] = v
        return base[slice(*parts)]
    i = fold(sub, data, resolve, depth + 1)
    return base[i] if isinstance(i, int) else NOTHING


# Python names whose value at run time is fixed: `typing.TYPE_CHECKING` is False (only type
# checkers take that branch), `__debug__` is True (unless `python -O`, which also drops asserts)
_RUNTIME_CONSTANTS = {"TYPE_CHECKING": False, "__debug__": True}
_BLOCKS = frozenset({"block", "statement_block", "module", "program", "statement_list",
                     "switch_case", "switch_default", "expression_case", "default_case",
                     "type_case", "communication_case"})
_EXITS = frozenset({"return_statement", "raise_statement", "throw_statement"})
# JavaScript hoists these: declared after a `return`, they are still defined and callable
_HOISTED = frozenset({"function_declaration", "generator_function_declaration",
                      "class_declaration"})


# what `unreachable` found for each node of the file last asked about, per resolver: a file's
# sinks share most of their ancestors, and each ancestor's block was scanned again per sink
_MEMO: dict = {"data": None, "known": {}}


def unreachable(node, data: bytes, resolve) -> bool:
    """Whether `node` never runs: in a branch a constant condition rules out (at any depth:
    `if typing.TYPE_CHECKING:` around the function too), or after a statement of its block
    that always leaves it (`return`, `raise`, `throw`, an `assert` of a false constant)."""
    if _MEMO["data"] is not data:  # (holding `data` keeps its identity from being reused)
        _MEMO["data"], _MEMO["known"] = data, {}
    known = _MEMO["known"]
    chain = []
    child, answer = node, False
    while child is not None:
        got = known.get((child.id, resolve))
        if got is not None:
            answer = got
            break
        parent = child.parent
        if parent is not None and (_dead_step(child, parent, data, resolve) or
                                   _left_before(child, parent, data, resolve)):
            answer = True
            chain.append(child)
            break
        chain.append(child)
        child = parent
    for c in chain:  # every node on the way shares the answer of the one above it
        known[(c.id, resolve)] = answer
    return answer


def _left_before(child, parent, data: bytes, resolve) -> bool:
    """Whether a statement before `child` in its block always leaves the block."""
    if parent.type not in _BLOCKS or child.type in _HOISTED:
        return False
    prev = child.prev_named_sibling
    for _ in range(200):
        if prev is None:
            break
        if prev.type in _EXITS:
            return True
        if prev.type == "assert_statement" and prev.named_children:
            v = fold(prev.named_children[0], data, resolve)
            if v is not NOTHING and not v:
                return True
        prev = prev.prev_named_sibling
    return False


def dead(node, stop, data: bytes, resolve) -> bool:
    """Whether `node` sits in a branch that a constant condition rules out, looking at the
    statements around it up to `stop` (its function)."""
    child, parent = node, node.parent
    while parent is not None and parent != stop:
        if _dead_step(child, parent, data, resolve):
            return True
        child, parent = parent, parent.parent
    return False


def _dead_step(child, parent, data: bytes, resolve) -> bool:
    """Whether `parent` never runs its part `child`: the arm of an `if`, `elif`, conditional
    expression or `match` case that a constant condition rules out."""
    t = parent.type
    if t == "if_statement":
        v = fold(parent.child_by_field_name("condition"), data, resolve)
        if v is not NOTHING:
            cons = parent.child_by_field_name("consequence")
            if cons is not None and child == cons:
                if not v:
                    return True
            elif child.type in ("else_clause", "elif_clause") or \
                    child == parent.child_by_field_name("alternative"):
                if v:
                    return True
    elif t == "elif_clause" and child == parent.child_by_field_name("consequence"):
        v = fold(parent.child_by_field_name("condition"), data, resolve)
        if v is not NOTHING and not v:
            return True
    elif t in ("conditional_expression", "ternary_expression"):
        if _dead_arm(child, parent, data, resolve):
            return True
    elif t == "case_clause" and parent.parent is not None and \
            parent.parent.parent is not None and parent.parent.parent.type == "match_statement":
        live = live_case(parent.parent.parent, data, resolve)
        if live is not None and live != parent:
            return True
    return False


def _dead_arm(child, parent, data, resolve) -> bool:
    if parent.type == "ternary_expression":
        v = fold(parent.child_by_field_name("condition"), data, resolve)
        if v is NOTHING:
            return False
        return child == (parent.child_by_field_name("alternative") if v
                         else parent.child_by_field_name("consequence"))
    kids = parent.named_children  # Python: body `if` condition `else` alternative
    if len(kids) != 3:
        return False
    v = fold(kids[1], data, resolve)
    if v is NOTHING:
        return False
    return child == (kids[2] if v else kids[0])


def live_arm(node, data: bytes, resolve):
    """The arm of a conditional expression its constant condition selects, or None."""
    if node.type == "ternary_expression":
        v = fold(node.child_by_field_name("condition"), data, resolve)
        if v is NOTHING:
            return None
        return node.child_by_field_name("consequence" if v else "alternative")
    kids = node.named_children
    if len(kids) != 3:
        return None
    v = fold(kids[1], data, resolve)
    return None if v is NOTHING else (kids[0] if v else kids[2])


def live_case(match, data: bytes, resolve):
    """The case clause of a `match` on a constant subject that runs, or None when unknown."""
    subject = match.child_by_field_name("subject")
    value = fold(subject, data, resolve)
    if value is NOTHING:
        return None
    body = match.child_by_field_name("body")
    for clause in (body.named_children if body is not None else ()):
        if clause.type != "case_clause":
            continue
        for pat in clause.named_children:
            if pat.type != "case_pattern":
                continue
            got = _pattern_matches(pat, value, data, resolve)
            if got is None:
                return None
            if got:
                return clause
    return None


def _pattern_matches(pat, value, data, resolve):
    kids = pat.named_children
    if not kids:
        return True if data[pat.start_byte:pat.end_byte].strip() == b"_" else None
    k = kids[0]
    if k.type == "union_pattern":
        alts = [_literal_pattern(c, data, resolve) for c in k.named_children]
        if any(a is NOTHING for a in alts):
            return None
        return value in alts
    v = _literal_pattern(k, data, resolve)
    return None if v is NOTHING else value == v


def _literal_pattern(node, data, resolve):
    if node.type in _STR or node.type in _INT or node.type in ("true", "false", "True", "False"):
        return fold(node, data, resolve)
    return NOTHING
