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

from auditor.checks.treeutil import LOOKUPS

MAX_STEPS = 10
MAX_PER_KEY = 3
_SELF = ("self", "cls")


def findings_by_rule(ctx) -> dict:
    """rule id -> [finding spec], computed once per project context."""
    from auditor.memo import per_context

    return per_context(ctx, "_taint_findings", lambda: _compute(ctx))


class _Fn:
    __slots__ = ("node", "file", "params", "args", "rets", "name")

    def __init__(self, node, file, data, name):
        self.node, self.file, self.name = node, file, name
        self.params = data.get("p", [])
        self.args = data.get("a", [])
        self.rets = data.get("r", [])


def _compute(ctx) -> dict:
    from auditor.index.packed import unpack

    g = ctx.graph
    if g is None:
        return {}
    fns: dict = {}
    sinks: list = []
    # in path order, not the order the workers finished in: where several paths reach a sink,
    # the one shown is the same from run to run
    for path, fx in sorted(ctx.facts.items(), key=lambda kv: kv[0]):
        extra = fx.get("extra") or {}
        for fl, data in (unpack(extra.get("taint_fns")) or {}).items():
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

    callee_memo: dict = {}  # (node, name, line) -> callees: the walk asks again and again

    def callees(node, name, line=None):
        """The functions of the tree named `name` that `node` calls, also from the closures it
        defines (a call in `new Promise(r => launch(cmd))` is the closure's edge; a record of
        the enclosing function's parameter passed there is the enclosing function's); with the
        call's `line`, also a function written in place that the call reaches under a member's
        name (`dao.getById(...)` of `this.getById = (id, cb) => {...}`)."""
        key = (node, name, line)
        got = callee_memo.get(key)
        if got is not None:
            return got
        if node not in G:
            return []
        out, byline, todo, seen = [], [], [node], {node}
        while todo:
            n = todo.pop()
            for c in G.successors(n):
                attrs = G.nodes[c]
                if attrs.get("external"):
                    pass
                elif attrs.get("name") == name and c not in out:
                    out.append(c)
                elif line is not None and G.edges[n, c].get("line") == line and \
                        attrs.get("kind") in ("function", "method", "closure") and \
                        c not in byline:
                    # a call through a value (a function written in place under a member's
                    # name, a function held in a struct field: `s.Handler(mode, in)`): the
                    # functions the graph ties to that call site
                    byline.append(c)
                if attrs.get("kind") == "closure" and c not in seen and \
                        c.startswith(n + ".") and len(seen) < 16:
                    seen.add(c)
                    todo.append(c)
        if not out and not byline and G.nodes[node].get("kind") == "closure":
            # a closure reading a value its enclosing function built by a call (`session :=
            # md5V2(v)` before `time.AfterFunc(..., func() { os.RemoveAll(session) })`): the
            # call is the enclosing function's edge
            parent = node.rsplit(".", 1)[0]
            for _ in range(4):
                if parent in G:
                    out = [c for c in callees(parent, name, line)
                           if c != node and not c.startswith(node + ".")]
                    break
                if "." not in parent:
                    break
                parent = parent.rsplit(".", 1)[0]
        got = callee_memo[key] = out or byline
        return got

    def shift(callee, has_receiver: bool) -> int:
        f = fns.get(callee)
        params = f.params if f is not None else None
        return 1 if has_receiver and params and params[0] in _SELF else 0

    returns_source: dict = {}  # node -> (file, line, text)
    returns_param: dict = defaultdict(set)  # node -> parameter indexes its result carries
    for node, f in fns.items():
        for kind, val, line, *_rest in f.rets:
            if kind == "s":
                returns_source.setdefault(node, (f.file, line, val))
            elif kind == "p":
                returns_param[node].add(val)

    def expand(node, file, part) -> list:
        """What one part of a value is, as atoms: ("s", steps) request data with the steps
        from its source; ("p", index, field, steps) a parameter of `node`. A call's result is
        judged by its callee's summary (request data it returns, or the arguments it returns,
        its object as argument -1); an unresolved call passes its arguments and its object on,
        a keyed lookup only its object."""
        kind, val, line = part[0], part[1], part[2]
        if kind == "s":
            return [("s", [(file, line, f"source: {val}")])]
        if kind == "p":
            return [("p", val, part[3] if len(part) > 3 else "", [])]
        if kind != "c":
            return []
        carried = part[4] if len(part) > 4 and isinstance(part[4], dict) else {"r": False, "a": []}
        out = []
        cs = callees(node, val, line)
        for c in cs:
            if c in returns_source:
                sfile, sline, text = returns_source[c]
                out.append(("s", [(sfile, sline, f"source: {text}"),
                                  (file, line, f"result of {val}()")]))
            keep = {j - shift(c, carried.get("r", False)) for j in returns_param.get(c, ())}
            out.extend(atoms_of(node, file, val, line, carried, keep))
        if not cs and not library_call(node, val):
            # nothing tells where the call goes (dynamic dispatch, a factory's product): what
            # it is given and its object (argument -1) may come back, and a keyed lookup
            # (`d.pop("url")`, `cache.get(key)`) gives back what its object holds, not the key;
            # a known library function that is not a string or collection operation (those
            # were followed in the file) gives nothing back
            out.extend(atoms_of(node, file, val, line, carried,
                                {-1} if val in LOOKUPS else None))
        return out

    def library_call(node, name) -> bool:
        """The call goes to code outside the tree: a named library function (`strings.Replace`),
        or, in Go, any call the resolver could not tie to the tree (Go's types make the tree's
        own calls resolvable). In Python and TypeScript an unknown receiver (`?.doSomething`,
        a factory's product chosen at run time) may be the tree's own code: it passes on."""
        if node not in G:
            return False
        go = G.nodes[node].get("language") == "go"
        return any(G.nodes[c].get("external") and G.nodes[c].get("name") == name and
                   (go or G.edges[node, c].get("resolved") and not c.startswith("?"))
                   for c in G.successors(node))

    def atoms_of(node, file, name, line, carried, keep) -> list:
        """The atoms of the arguments a call passes back (all, or the indexes in `keep`)."""
        got = []
        for arg in carried.get("a", ()):
            if keep is not None and arg[0] not in keep:
                continue
            through = (file, line, f"through {name}()")
            for atom in expand(node, file, arg[1:]):
                if atom[0] == "s":
                    got.append(("s", atom[1] + [through]))
                else:
                    got.append(("p", atom[1], atom[2], atom[3] + [through]))
        return got

    # what functions return, through the calls they make (an escape, a wrapper, a helper
    # returning its argument): a few rounds reach a fixpoint on any call depth that matters
    for _round in range(4):
        grew = False
        for node, f in fns.items():
            for part in f.rets:
                if part[0] != "c":
                    continue
                for atom in expand(node, f.file, part):
                    if atom[0] == "s" and node not in returns_source:
                        sfile, sline, text = atom[1][0]
                        returns_source[node] = (sfile, sline, text.removeprefix("source: "))
                        grew = True
                    elif atom[0] == "p" and atom[1] not in returns_param[node]:
                        returns_param[node].add(atom[1])
                        grew = True
        if not grew:
            break

    reach: dict = defaultdict(list)  # (node, param index) -> [(rule, sink, steps, field)]
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
        for part in s["parts"]:
            for atom in expand(node, path, part):
                if atom[0] == "s":
                    emit(s["rule"], path, entry_sink, atom[1] + [sink_step])
                    continue
                _p, val, field, steps = atom
                params = fns[node].params if node in fns else []
                pname = params[val] if val < len(params) else f"#{val}"
                first = [(path, part[2], f"parameter {pname}")] if part[2] != s["line"] else []
                if add((node, val), (s["rule"], entry_sink, first + steps + [sink_step], field)):
                    work.append(node)
    # predecessors of each function that pass something on to it
    callers: dict = defaultdict(dict)  # (an ordered set: the walk's order is the run's)
    for node, f in fns.items():
        for rec in f.args:
            for c in callees(node, rec[0], rec[1]):
                callers[c][node] = None
    rounds = 0
    while work and rounds < 100000:
        rounds += 1
        node = work.pop()
        for caller in callers.get(node, ()):
            f = fns[caller]
            for rec in map(_rec, f.args):
                name, line, k, recv, into = rec[0], rec[1], rec[2], rec[3], rec[9]
                if rec[4] == "s" or G.nodes[node].get("name") != name and \
                        node not in callees(caller, name, line):
                    continue
                k2 = k + shift(node, recv)
                entries = reach.get((node, k2))
                if not entries:
                    continue
                for atom in expand(caller, f.file, rec[4:9]):
                    if atom[0] != "p":
                        continue
                    _p, val, src_field, steps = atom
                    for rule, sink, tail, required in list(entries):
                        need = passes(required, src_field, into)
                        if need is None:
                            continue
                        step = (f.file, line, f"{name}() argument {k + 1}")
                        if add((caller, val), (rule, sink, steps + [step] + tail, need)):
                            work.append(caller)
    # sources: call arguments that carry request data (or a call's result that does)
    for node, f in fns.items():
        for rec in map(_rec, f.args):
            name, line, k, recv, into = rec[0], rec[1], rec[2], rec[3], rec[9]
            if rec[4] == "p":
                continue
            cs = [c for c in callees(node, name, line) if reach.get((c, k + shift(c, recv)))]
            if not cs:
                continue
            for atom in expand(node, f.file, rec[4:9]):
                if atom[0] != "s":
                    continue
                for c in cs:
                    for rule, sink, steps, required in reach.get((c, k + shift(c, recv)), ()):
                        if passes(required, "", into) is None:
                            continue
                        emit(rule, sink["file"], sink,
                             atom[1] + [(f.file, line, f"{name}() argument {k + 1}")] + steps)
    return {r: list(v.values()) for r, v in out.items()}


def _rec(rec: list) -> list:
    """An argument record: name, line, index, receiver?, then the part (kind, value, line,
    from, carried) and `into`."""
    return rec if len(rec) >= 10 else rec + [""] * (10 - len(rec))


def findings_for(rule, ctx):
    """The interprocedural findings of `rule`: request data reaching its sinks through calls."""
    for spec in findings_by_rule(ctx).get(rule.id, ()):
        first = spec["flow"][0]
        calls = sum(1 for s in spec["flow"] if "() argument" in s[2] or "returned by" in s[2])
        through = f" through {calls} call{'s' if calls > 1 else ''}" if calls else ""
        yield rule.finding(
            spec["file"], spec["line"],
            f"Request data ({first[2].removeprefix('source: ')}) reaches {spec['callee']}()"
            f"{through}", column=spec["column"],
            related=sorted({(s[0], s[1]) for s in spec["flow"][:-1]})[:5], flow=spec["flow"])


class AcrossFunctions:
    """Mixin of a rule whose sinks are also judged across functions: its project part reports
    request data reaching its sinks through calls (`findings_for`)."""

    def check_project(self, ctx):
        return findings_for(self, ctx)
