"""JavaScript middleware made by functions of the tree, read from what those functions do.

- A middleware factory: `function authenticate(type, error, isStrict) { return function (req,
  res, next) { passport.authenticate(type, ...); if (!user && isStrict) throw 401; ... } }` and
  `const jwtLoose = authenticate("jwt", "Unauthorized.", false)`. What the made middleware does
  depends on the arguments: the Passport strategy it runs (`local` is the login itself, `jwt`
  verifies a credential on every request) and which of its rejections can happen at all. Each
  rejection of the returned function is kept unless the `if` around it is false for the bound
  arguments and a request without credentials (the values the middleware derives from the request,
  `user`, `err`, `req.isHTML`, are empty then): a factory called so that nothing rejects an
  anonymous request makes an optional guard.
- A pass-through wrapper: `asyncHandler(fn)` returning a function that calls `fn` with the
  request (`fn(...args)`): `asyncHandler(auth.jwt)` as middleware is `auth.jwt`.
"""
from __future__ import annotations

from auditor.endpoints.profile import CREDENTIAL_FOLDED, REJECT
from auditor.index.walk import text, walk

FUNCS = ("arrow_function", "function_expression", "function", "function_declaration",
         "generator_function", "generator_function_declaration")
UNKNOWN = object()  # an argument that is no literal
_LIMIT = 6000  # characters of a returned function read (guards are short)


def params(fn, data) -> list[tuple[str, object]]:
    """The parameter names of a function, with the literal default of each (or UNKNOWN)."""
    ps = fn.child_by_field_name("parameters")
    if ps is None:
        p = fn.child_by_field_name("parameter")  # `fn => ...`
        return [(text(p, data), None)] if p is not None and p.type == "identifier" else []
    out = []
    for p in ps.named_children:
        if p.type == "identifier":
            out.append((text(p, data), None))
        elif p.type in ("assignment_pattern", "optional_parameter", "required_parameter"):
            left = p.child_by_field_name("left") or p.child_by_field_name("pattern")
            right = p.child_by_field_name("right") or p.child_by_field_name("value")
            if left is None or left.type != "identifier":
                out.append(("", UNKNOWN))
                continue
            out.append((text(left, data), literal(right, data) if right is not None else None))
        else:
            out.append(("", UNKNOWN))
    return out


def literal(node, data):
    """The value of a literal argument (str, bool, number, None for null/undefined), else
    UNKNOWN."""
    t = node.type
    if t == "string":
        return text(node, data)[1:-1]
    if t == "template_string" and not any(c.type == "template_substitution"
                                          for c in node.children):
        return text(node, data)[1:-1]
    if t == "true":
        return True
    if t == "false":
        return False
    if t in ("null", "undefined"):
        return None
    if t == "number":
        try:
            return float(text(node, data).replace("_", ""))
        except ValueError:
            return UNKNOWN
    if t == "identifier" and text(node, data) == "undefined":
        return None
    return UNKNOWN


def returned_function(fn):
    """The function a function returns: an arrow's body, or the argument of a `return` of its
    own body (not of a nested function)."""
    body = fn.child_by_field_name("body")
    if body is None:
        return None
    if body.type in FUNCS:
        return body
    if body.type == "parenthesized_expression" and body.named_children and \
            body.named_children[0].type in FUNCS:
        return body.named_children[0]
    if body.type != "statement_block":
        return None
    todo = list(body.named_children)
    while todo:
        n = todo.pop(0)
        if n.type == "return_statement":
            v = n.named_children[0] if n.named_children else None
            if v is not None and v.type in FUNCS:
                return v
        elif n.type not in FUNCS and n.type not in ("class_declaration", "class"):
            todo.extend(n.named_children)
    return None


def passes_through(fn, data) -> bool:
    """`function asyncHandler(fn) { return function (...args) { fn(...args) ... } }`: the
    function made calls the first parameter (with the request it gets)."""
    ps = params(fn, data)
    inner = returned_function(fn)
    if not ps or not ps[0][0] or inner is None or len(ps) > 2:
        return False
    p = ps[0][0]
    for n in walk(inner):
        if n.type == "call_expression":
            f = text(n.child_by_field_name("function"), data)
            if f in (p, f"{p}.call", f"{p}.apply"):
                return True
    return False


def _value(node, data, env: dict):
    """The value of an expression for the bound arguments and a request without credentials:
    a literal, a bound parameter, False for any other name or member (empty for an anonymous
    request), UNKNOWN for what is computed (a call, instanceof, an arithmetic test)."""
    t = node.type
    if t == "parenthesized_expression" and node.named_children:
        return _value(node.named_children[-1], data, env)
    if t == "identifier":
        name = text(node, data)
        if name in env:
            return env[name]
        return None if name == "undefined" else False
    if t == "member_expression":
        return False
    if t == "unary_expression" and text(node.child_by_field_name("operator"), data) == "!":
        v = _value(node.child_by_field_name("argument"), data, env)
        return UNKNOWN if v is UNKNOWN else not v
    if t == "binary_expression":
        op = text(node.child_by_field_name("operator"), data)
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if op in ("&&", "||"):
            a, b = _value(left, data, env), _value(right, data, env)
            if op == "&&":
                if (a is not UNKNOWN and not a) or (b is not UNKNOWN and not b):
                    return False
                return UNKNOWN if UNKNOWN in (a, b) else True
            if (a is not UNKNOWN and a) or (b is not UNKNOWN and b):
                return True
            return UNKNOWN if UNKNOWN in (a, b) else False
        if op in ("===", "==", "!==", "!="):
            # only a bound parameter compared with a literal is decided
            sides = [left, right]
            if not any(s.type == "identifier" and text(s, data) in env for s in sides):
                return UNKNOWN
            a = env.get(text(left, data), UNKNOWN) if left.type == "identifier" else \
                literal(left, data)
            b = env.get(text(right, data), UNKNOWN) if right.type == "identifier" else \
                literal(right, data)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            return (a == b) if op in ("===", "==") else (a != b)
        return UNKNOWN
    v = literal(node, data)
    return v


def _live(node, inner, data, env: dict) -> bool:
    """Whether the code at `node` can run, as far as the `if`s around it inside `inner` tell."""
    child, n = node, node.parent
    while n is not None and n.id != inner.id:
        if n.type == "if_statement":
            cond = n.child_by_field_name("condition")
            cons = n.child_by_field_name("consequence")
            alt = n.child_by_field_name("alternative")
            v = _value(cond, data, env) if cond is not None else UNKNOWN
            if v is not UNKNOWN:
                if cons is not None and cons.id == child.id and not v:
                    return False
                if alt is not None and alt.id == child.id and v:
                    return False
        child, n = n, n.parent
    return True


def _strategy(inner, data, env: dict) -> str | None:
    """The Passport strategy the function runs: `passport.authenticate(type, ...)`."""
    for n in walk(inner):
        if n.type != "call_expression":
            continue
        f = text(n.child_by_field_name("function"), data)
        if not f.endswith((".authenticate", ".authorize")):
            continue
        args = n.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        if first is None:
            continue
        v = env.get(text(first, data), UNKNOWN) if first.type == "identifier" else \
            literal(first, data)
        if isinstance(v, str):
            return v
    return None


def made_profile(factory, call_args, data) -> dict | None:
    """The auth profile of the middleware `factory(*call_args)` makes, or None when the factory
    returns no function or the made function reads no credential."""
    inner = returned_function(factory)
    if inner is None:
        return None
    env: dict = {}
    ps = params(factory, data)
    for i, (name, default) in enumerate(ps):
        if not name:
            continue
        env[name] = literal(call_args[i], data) if i < len(call_args) else default
    own = {n for n, _ in params(inner, data)}
    env = {k: v for k, v in env.items() if k not in own}  # shadowed by the inner function
    strategy = _strategy(inner, data, env)
    if strategy is not None:
        from auditor.endpoints.auth import PASSPORT_PER_REQUEST
        if not PASSPORT_PER_REQUEST.fullmatch(strategy):
            return {"login": strategy}
    raw = data[inner.start_byte:min(inner.end_byte, inner.start_byte + _LIMIT)]
    code = raw.decode("latin-1")
    if strategy is None and not CREDENTIAL_FOLDED.search(code.lower()):
        return None
    rejects = False
    for m in REJECT.finditer(code):
        at = inner.start_byte + m.start()
        node = inner.descendant_for_byte_range(at, at)
        if node is not None and _live(node, inner, data, env):
            rejects = True
            break
    out = {"reads_credential": True, "rejects": rejects, "next_on_missing": not rejects,
           "made_by": text(factory.child_by_field_name("name"), data)
           if factory.child_by_field_name("name") is not None else ""}
    if strategy is not None:
        out["strategy"] = strategy
    return out
