"""Taint across functions, over the call graph, to a fixpoint (main process).

`reach[(function, parameter index)]` lists the sinks a value passed in that parameter reaches,
each with the steps from the function's entry to the sink. It starts from the recorded sinks
(`taint_sinks`) and grows backwards along call edges through the arguments each function passes
on (`taint_fns`). A function whose call argument carries request data ("s"), or the result of a
function that returns request data, then yields a finding at every sink that argument reaches.

A call site is tied to its callee by the graph edge from the caller and the callee's name (the
graph keeps one site per edge). Paths are bounded (MAX_STEPS) and so is what one parameter
carries (MAX_PER_KEY per rule), so the fixpoint is reached on any graph.
"""
from __future__ import annotations

from collections import defaultdict

MAX_STEPS = 10
MAX_PER_KEY = 3
_SELF = ("self", "cls")


def findings_by_rule(ctx) -> dict:
    """rule id -> [finding spec], computed once per project context."""
    got = getattr(ctx, "_taint_findings", None)
    if got is None:
        got = _compute(ctx)
        try:
            ctx._taint_findings = got
        except Exception:  # noqa: BLE001 - a frozen context just recomputes
            pass
    return got


class _Fn:
    __slots__ = ("node", "file", "params", "args", "rets", "name")

    def __init__(self, node, file, data, name):
        self.node, self.file, self.name = node, file, name
        self.params = data.get("p", [])
        self.args = data.get("a", [])
        self.rets = data.get("r", [])


def _compute(ctx) -> dict:
    g = ctx.graph
    if g is None:
        return {}
    fns: dict = {}
    sinks: list = []
    for path, fx in ctx.facts.items():
        extra = fx.get("extra") or {}
        for fl, data in (extra.get("taint_fns") or {}).items():
            node = g.function_at(path, int(fl))
            if node is not None:
                fns[node] = _Fn(node, path, data, node.rsplit(".", 1)[-1])
        for s in extra.get("taint_sinks") or ():
            node = g.function_at(path, s["func_line"])
            if node is not None:
                sinks.append((node, path, s))
    if not sinks:
        return {}
    G = g.g

    def callees(node, name):
        if node not in G:
            return []
        return [c for c in G.successors(node) if G.nodes[c].get("name") == name
                and not G.nodes[c].get("external")]

    def shift(callee, has_receiver: bool) -> int:
        f = fns.get(callee)
        params = f.params if f is not None else None
        return 1 if has_receiver and params and params[0] in _SELF else 0

    returns_source: dict = {}  # node -> (file, line, text, ret line)
    for node, f in fns.items():
        for kind, val, line, *_field in f.rets:
            if kind == "s":
                returns_source.setdefault(node, (f.file, line, val))

    def source_of_call(node, name):
        for c in callees(node, name):
            if c in returns_source:
                return c, returns_source[c]
        return None

    reach: dict = defaultdict(list)  # (node, param index) -> [(rule, sink, steps)]
    out: dict = defaultdict(dict)

    def add(key, entry) -> bool:
        lst = reach[key]
        rule, sink, steps, field = entry
        same = [e for e in lst if e[0] == rule]
        if len(same) >= MAX_PER_KEY or any(e[1] is sink and e[3] == field for e in same) or \
                len(steps) > MAX_STEPS:
            return False
        lst.append(entry)
        return True

    def passes(required: str, src_field: str, into: str) -> str | None:
        """What the caller's parameter must carry for the callee's sink to see it: the field it
        is read from (`params.src` -> "src"), or "" for the whole value; None when a keyed
        argument puts the value in another field than the one the callee reads."""
        if into:
            if required and required != into:
                return None
            return src_field
        return src_field or required

    def emit(rule, sink_file, sink, steps) -> None:
        key = (sink_file, sink["line"])
        if key not in out[rule]:
            out[rule][key] = {"file": sink_file, "line": sink["line"], "column": sink["column"],
                              "callee": sink["callee"], "flow": steps}

    work = []
    for node, path, s in sinks:
        sink_step = (path, s["line"], f"sink: {s['callee']}()")
        entry_sink = dict(s, file=path)
        for kind, val, line, field in (p + [""] if len(p) == 3 else p for p in s["parts"]):
            if kind == "p":
                pname = fns[node].params[val] if node in fns and val < len(fns[node].params) else f"#{val}"
                steps = [(path, line, f"parameter {pname}")] if line != s["line"] else []
                if add((node, val), (s["rule"], entry_sink, steps + [sink_step], field)):
                    work.append(node)
            elif kind == "c":
                got = source_of_call(node, val)
                if got is not None:
                    callee, (sfile, sline, text) = got
                    emit(s["rule"], path, entry_sink,
                         [(sfile, sline, f"source: {text}"), (sfile, sline, f"returned by {val}()"),
                          (path, line, f"result of {val}()"), sink_step])
    # predecessors of each function that pass something on to it
    callers: dict = defaultdict(set)
    for node, f in fns.items():
        for rec in f.args:
            for c in callees(node, rec[0]):
                callers[c].add(node)
    seen_rounds = 0
    while work and seen_rounds < 100000:
        seen_rounds += 1
        node = work.pop()
        for caller in callers.get(node, ()):
            f = fns[caller]
            for name, line, k, recv, kind, val, vline, src_field, into in map(_rec, f.args):
                if kind != "p" or G.nodes[node].get("name") != name:
                    continue
                k2 = k + shift(node, recv)
                for rule, sink, steps, required in list(reach.get((node, k2), ())):
                    need = passes(required, src_field, into)
                    if need is None:
                        continue
                    step = (f.file, line, f"{name}() argument {k + 1}")
                    if add((caller, val), (rule, sink, [step] + steps, need)):
                        work.append(caller)
    # sources: call arguments that carry request data or a request-returning call's result
    for node, f in fns.items():
        for name, line, k, recv, kind, val, vline, _src_field, into in map(_rec, f.args):
            src = None
            if kind == "s":
                src = [(f.file, vline, f"source: {val}")]
            elif kind == "c":
                got = source_of_call(node, val)
                if got is not None:
                    _c, (sfile, sline, text) = got
                    src = [(sfile, sline, f"source: {text}"), (f.file, vline, f"result of {val}()")]
            if src is None:
                continue
            for c in callees(node, name):
                k2 = k + shift(c, recv)
                for rule, sink, steps, required in reach.get((c, k2), ()):
                    if passes(required, "", into) is None:
                        continue
                    emit(rule, sink["file"], sink, src + [(f.file, line, f"{name}() argument {k + 1}")] + steps)
    return {r: list(v.values()) for r, v in out.items()}


def _rec(rec: list) -> list:
    """An argument record with its fields (`from`, `into`)."""
    return rec if len(rec) >= 9 else rec + [""] * (9 - len(rec))


def findings_for(rule, ctx):
    """The interprocedural findings of `rule`: request data reaching its sinks through calls."""
    for spec in findings_by_rule(ctx).get(rule.id, ()):
        first = spec["flow"][0]
        yield rule.finding(
            spec["file"], spec["line"],
            f"Request data ({first[2].removeprefix('source: ')}) reaches {spec['callee']}() "
            f"through {sum(1 for s in spec['flow'] if '() argument' in s[2] or 'returned by' in s[2])} "
            "call(s)", column=spec["column"],
            related=sorted({(s[0], s[1]) for s in spec["flow"][:-1]})[:5], flow=spec["flow"])
