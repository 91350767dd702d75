"""Per-function taint summaries, computed in the worker from the file's tree.

Two tables go into the file's facts (`extra`), both keyed by the line of the function's start:

- `taint_sinks`: a sink whose value comes from parameters of its function (or from calls of
  other functions), recorded by `tainted_calls` when no request value reaches it in place;
- `taint_fns`: for each function, its parameter names, the arguments of its calls that carry
  request data ("s"), a parameter ("p") or another call's result ("c"), and the same for its
  return values.

Only what a caller or callee elsewhere can use is kept; test code contributes nothing.
"""
from __future__ import annotations

import re

# calls whose arguments never reach a sink of another function: builtins and logging
_SKIP = frozenset("""print len str int float bool list dict set tuple isinstance getattr hasattr
setattr repr sorted min max sum any all enumerate range zip map filter type id format append
extend items keys values log debug info warn warning error exception fatal
Println Printf Sprintf Errorf Error Fatalf Infof Debugf Warnf Info Debug Warn Fatal Log Logf
Sprint New Is As Unwrap Wrap Wrapf JSON Status SendStatus push includes has indexOf console
String toString trim split join replace strip lower upper encode decode
make new panic recover delete cap close string float64 float32 int64 int32 int16 int8 uint
uint64 uint32 uint16 uint8 byte rune error Scan QueryRow Exec Locals Status JSON SendString
slice status json send ValueError TypeError KeyError Exception HTTPException RuntimeError
""".split())
# of those, the builtins and conversions, which are calls of a bare name: a method of that name
# (`this.filesService.list(dir)`, `repo.delete(id)`) is the tree's own
_BARE_ONLY = frozenset("""print len str int float bool list dict tuple isinstance getattr hasattr
setattr repr sorted min max sum enumerate range zip make new panic recover delete cap""".split())


def _skipped(name: str, receiver: bool) -> bool:
    """Whether a call of `name` (with a receiver or not) never leads into the tree's code."""
    return name in _SKIP and not (receiver and name in _BARE_ONLY)


MAX_ARGS = 6
_LITERALS = frozenset({"string", "interpreted_string_literal", "raw_string_literal", "integer",
                       "int_literal", "number", "float", "float_literal", "true", "false", "none",
                       "nil", "null", "undefined"})
MAX_CALLS = 400  # per file: a generated file does not blow the facts up
MAX_LEAVES = 32  # distinct leaves read per argument


def _fn_line(idx, func: int) -> int | None:
    fn = idx.funcs.get(func)
    return fn.start_point[0] + 1 if fn is not None else None


def _param_list(idx, func: int) -> list:
    """The positional parameter names (a destructured object parameter is "")."""
    got = idx.positional.get(func)
    return list(got[0]) if got is not None else list(idx.params.get(func, {}))


def _classify(flow, idx, node, func: int, params: list) -> list:
    """[kind, value, line, from, carried, into] of what makes up `node`: request data (s), a
    parameter (p, its index), another function's result (c, its name). `from` is the
    parameter's field that is read (`params.src` -> "src"), `into` the key of a keyed literal
    the value is put in (`Params{src: x}` -> "src"); "" when there is none."""
    from auditor.checks.treeutil import pairs, unwrap

    u = unwrap(node)
    if u is not None and u.type in ("composite_literal", "object", "dictionary"):
        fields = pairs(u, idx)
        if fields:  # keyed: each value keeps its key, so a sink reading another field is clean
            out = []
            for key, value in list(fields.items())[:16]:
                for part in _classify_one(flow, idx, value, func, params):
                    out.append(part + [str(key)[:60]])
            return out
    out = [part + [""] for part in _classify_one(flow, idx, node, func, params)]
    if not out and idx.lang == "go":
        recv = _go_receiver(idx, func)
        if recv and _names_in(idx, u, recv):
            # a Go method passing what its receiver holds (`models.Find(a.Username)`): the
            # flow takes receiver fields for configuration, a caller must not take it for a
            # constant (taint.callers: "u", unknown)
            out.append(["u", idx.text(u, 120), u.start_point[0] + 1, "", 0, ""])
    return out


def _names_in(idx, node, name: str) -> bool:
    """Whether the identifier `name` is read in `node` (a few hundred nodes at most)."""
    from auditor.index.walk import walk

    if node is None or node.end_byte - node.start_byte > 2000:
        return False
    return any(sub.type == "identifier" and idx.text(sub) == name for sub in walk(node))


def _classify_one(flow, idx, node, func: int, params: list) -> list:
    """[kind, value, line, from, carried]: `carried` (calls only) says what the call's
    arguments hold ({"r": has a receiver, "a": [[index, kind, value, line, from]]}), for the
    callee's summary to pass on or not."""
    culprits, calls = flow.strict_twin().leaves(node, func)
    out = []
    seen: set = set()
    for text, line in culprits:
        if text in seen:
            continue  # (a name read along many paths: one record says what it is)
        seen.add(text)
        if len(seen) > MAX_LEAVES:
            break
        part = _leaf(flow, text, line, func, params)
        if part is not None:
            out.append(part + [0])
    for leaf in calls[:8]:
        part = _call_part(flow, leaf, func, params, 0)
        if part is not None:
            out.append(part)
    return out


def _call_part(flow, leaf, func: int, params: list, depth: int) -> list | None:
    """["c", name, line, "", {"r": receiver?, "a": [[index, kind, value, line, from, carried]]}]
    of a call leaf, with the calls inside its arguments (two levels)."""
    name, line = leaf[0], leaf[1]
    carried, recv = (leaf[3], leaf[4]) if len(leaf) >= 5 else ([], False)
    if _skipped(name, bool(recv)):
        return None
    atoms = []
    for k, text, ln in carried:
        if isinstance(text, tuple):
            if depth < 2:
                inner = _call_part(flow, text, func, params, depth + 1)
                if inner is not None:
                    atoms.append([k] + inner)
            continue
        part = _leaf(flow, text, ln, func, params)
        if part is not None:
            atoms.append([k] + part + [0])
    return ["c", name, line, "", {"r": bool(recv), "a": atoms[:8]}]


def _leaf(flow, text: str, line: int, func: int, params: list) -> list | None:
    """["s", text, line, ""] for request data, ["p", index, line, field] for a parameter."""
    parts = re.split(r"[.\[(]", text, 2)
    root = parts[0]
    if flow.is_source(text, func) or root in flow.route_params(func) or \
            (func, root) in flow.request_bound():
        return ["s", text[:120], line, ""]
    if root in params and root:
        field = parts[1] if len(parts) > 1 and text[len(root):len(root) + 1] == "." else ""
        return ["p", params.index(root), line, field if field.isidentifier() else ""]
    got = flow.idx.positional.get(func)
    if got is not None and root in got[1]:  # `({ templatePath }) => readFile(templatePath)`
        pos, field = got[1][root]
        return ["p", pos, line, field]
    return None


def _go_receiver(idx, func: int) -> str:
    """The receiver name of a Go method (`a` of `func (a *T) M()`), else ""."""
    if idx.lang != "go":
        return ""
    fn = idx.funcs.get(func)
    if fn is None or fn.type != "method_declaration":
        return ""
    recv = fn.child_by_field_name("receiver")
    for p in (recv.named_children if recv is not None else ()):
        name = p.child_by_field_name("name")
        if name is not None:
            return idx.text(name)
    return ""


def _outer_parts(flow, idx, node, func: int):
    """(key of the enclosing function, parts) when `node` in a closure (a Promise executor, a
    callback) reads parameters of a function around it (`return new Promise(r => spawn(cmd))`
    in `launch(cmd)`): the closure has no callers of its own, its enclosing function does. The
    nearest enclosing function whose parameters make up the value; None when there is none."""
    inner = None  # names the closure binds itself (they shadow the enclosing ones)
    for outer in idx.outer_keys(func)[:4]:
        params = _param_list(idx, outer)
        if not params:
            continue
        if inner is None:
            inner = set(_param_list(idx, func)) | set(idx.assigns_in(func))
        parts = [p[:5] for p in _classify(flow, idx, node, func, params)
                 if p[0] == "p" and params[p[1]] not in inner or
                 p[0] == "c" and _carries_param(p)]
        if parts:
            return (outer, parts) if _fn_line(idx, outer) is not None else None
    return None


def _carries_param(part) -> bool:
    """A call part whose arguments hold a parameter (`new URL(targetUrl)` read in a closure of
    the function that takes `targetUrl`)."""
    carried = part[4] if len(part) > 4 and isinstance(part[4], dict) else {}
    return any(len(a) > 1 and a[1] == "p" for a in carried.get("a", ()))


def record_sink(ctx, idx, flow, rule, call, target) -> None:
    """A sink of `rule` whose value no request data reaches in place: remember which of the
    function's parameters and which calls' results make it up, for `propagate`."""
    note_sink(ctx, idx, flow, rule, call.func, call.node, call.callee, target)


def note_sink(ctx, idx, flow, rule, func: int, site, callee: str, target,
              params_too: bool = True) -> bool:
    """`record_sink` for any sink site (a call, a return, an assignment): True when something
    was recorded (the sink is then not judged safe). `params_too=False` records only calls'
    results (a rule that already reports non-constant parameters in place)."""
    if ctx.is_test:
        return False
    fl = _fn_line(idx, func)
    if fl is None:
        return False
    params = _param_list(idx, func)
    parts = [p[:5] for p in _classify(flow, idx, target, func, params)
             if p[0] == "c" or p[0] == "p" and params_too]
    records = []
    if params_too and not any(p[0] == "p" for p in parts):
        got = _outer_parts(flow, idx, target, func)
        if got is not None:  # a closure's sink reading its enclosing function's parameters
            records.append((_fn_line(idx, got[0]), got[1]))
        if got is None or not any(p[0] == "p" for p in got[1]):
            # (only calls carrying them: the closure's own calls stay its own record)
            records.append((fl, parts))
    else:
        records.append((fl, parts))
    records = [(line, ps) for line, ps in records if ps]
    if not records:
        return False
    sinks = ctx.facts.extra.setdefault("taint_sinks", [])
    for line, ps in records:
        sinks.append({"rule": rule.id, "func_line": line, "line": site.start_point[0] + 1,
                      "column": site.start_point[1] + 1, "callee": callee[:80], "parts": ps})
    return True


# The first path element of every package of Go's standard library (go/src). A module of the
# tree may have a path without a dot too (`module go-vulnerable-api`): its packages are the
# tree's own code, not the standard library.
GO_STD_ROOTS = frozenset("""archive bufio builtin bytes cmp compress container context crypto
database debug embed encoding errors expvar flag fmt go hash html image index internal io iter
log maps math mime net os path plugin reflect regexp runtime slices sort strconv strings sync
syscall testing text time unicode unique unsafe weak C""".split())


def external_names(ctx, idx) -> frozenset:
    """Names the file binds to code outside the tree: Go standard-library packages, Python
    standard-library modules, JS/TS packages and Node built-ins (not relative imports). Calls
    through them never reach a summary, so their arguments need no classifying."""
    import sys

    from auditor.checks.treeutil import import_map

    out = set()
    for name, target in import_map(ctx).items():
        mod = target.split(" ", 1)[0]
        if idx.lang == "go":
            if mod.split("/", 1)[0] in GO_STD_ROOTS:
                out.add(name)
        elif idx.lang == "python":
            if mod.split(".", 1)[0] in sys.stdlib_module_names:
                out.add(name)
        elif not mod.startswith((".", "/", "@/", "~/", "#")):
            out.add(name)
    return frozenset(out)


def _named_result_values(idx, func: int) -> list:
    """Go: what a bare `return` hands back as the first result when the results are named
    (`func (h helper) Param(n string) (value string, ok bool) { value = q.Get(n); return }`):
    every value assigned to that name in the function."""
    fn = idx.funcs.get(func)
    res = fn.child_by_field_name("result") if fn is not None else None
    if res is None or res.type != "parameter_list":
        return []
    first = next((c for c in res.named_children if c.type == "parameter_declaration"), None)
    name = first.child_by_field_name("name") if first is not None else None
    if name is None:
        return []
    got = idx.assigns_in(func).get(idx.text(name), ())
    return [v for v, _op, _line in got if v is not None][:4]


def summarize(ctx, idx, flow) -> None:
    """The call arguments and return values of every function that carry request data, a
    parameter or a call's result (only functions with parameters or request data matter)."""
    if ctx.is_test or not idx.funcs:
        return
    out: dict = {}
    n = 0
    external = external_names(ctx, idx)
    for call in idx.calls:
        if n >= MAX_CALLS:
            # the rest of the file's calls are not listed: a call missing here is not proof
            # that it passes only constants (taint/callers.py)
            ctx.facts.extra["taint_trunc"] = True
            break
        if not call.name or not call.args or _skipped(call.name, bool(call.receiver)):
            continue
        root = (call.receiver or call.callee).split(".", 1)[0].split("(", 1)[0]
        if root in external:
            continue  # a standard-library or package function: never a function of the tree
        if flow.is_source(call.callee + "(", call.func):
            continue  # a request accessor: what it is given is a name, not data
        fl = _fn_line(idx, call.func)
        if fl is None:
            continue
        params = _param_list(idx, call.func)
        recs, outer_recs = [], {}
        for k, arg in enumerate(call.args[:MAX_ARGS]):
            if arg.type in _LITERALS:
                continue
            parts = _classify(flow, idx, arg, call.func, params)
            for part in parts:
                recs.append([call.name, call.line, k, bool(call.receiver)] + part)
            if not any(p[0] == "p" for p in parts) and idx.outer_keys(call.func):
                got = _outer_parts(flow, idx, arg, call.func)
                if got is not None:  # a closure passing on its enclosing function's parameter
                    outer_recs.setdefault(got[0], []).extend(
                        [call.name, call.line, k, bool(call.receiver)] + part + [""]
                        for part in got[1])
        for outer, orecs in outer_recs.items():
            fn = out.setdefault(str(_fn_line(idx, outer)),
                                {"p": _param_list(idx, outer), "a": [], "r": []})
            fn["a"].extend(orecs[:12])
        if recs:
            n += 1
            fn = out.setdefault(str(fl), {"p": params, "a": [], "r": []})
            fn["a"].extend(recs[:12])
            if len(recs) > 12:
                ctx.facts.extra["taint_trunc"] = True  # (a call's arguments left out)
    bare_done: set = set()
    for node, func in idx.returns:
        fl = _fn_line(idx, func)
        if fl is None:
            continue
        if not node.named_children:
            if idx.lang != "go" or func in bare_done:
                continue
            bare_done.add(func)
            values = _named_result_values(idx, func)  # a bare `return` of named results
        else:
            value = node.named_children[0]
            if value.type == "expression_list" and value.named_children:
                value = value.named_children[0]
            values = [value]
        params = _param_list(idx, func)
        for value in values:
            if value.type in _LITERALS:
                continue  # `return nil, err`, `return None`, `return "ok"`: nothing to pass back
            parts = [p[:5] for p in _classify(flow, idx, value, func, params)]
            if parts:
                fn = out.setdefault(str(fl), {"p": params, "a": [], "r": []})
                fn["r"].extend(parts[:6])
    if out:
        # read only by the taint engine in the project rules, after the graph and the endpoints:
        # packed, it is not part of the scan's peak (a tenth of the facts as objects)
        from auditor.index.packed import pack

        ctx.facts.extra["taint_fns"] = pack(out)
