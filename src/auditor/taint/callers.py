"""What a function's callers pass in one parameter, read from the per-function summaries
(`summary.summarize`) over the call graph (main process).

A summary lists, for every call of a function, the arguments that carry request data ("s"), a
parameter of the caller ("p") or another call's result ("c"); an argument made only of
constants (a literal, a `const`, a range over a constant list) is not listed. So a call site
of the callee with nothing listed in that position passes a constant, and a listed parameter
sends the question on to the caller's own callers (bounded depth).

`verdict` answers one of:
- "request": some chain of callers passes request data there;
- "constant": every caller in the tree passes a constant (at least one caller, none unknown);
- "external": some caller is outside the tree: the function (or one that passes it the value)
  is handed over as a function value (`lambda.Start(handler)`, a callback) or is a closure;
- "unknown": no caller (an exported or unused function), or some caller passes a call's result
  or cannot be read (a name the summaries skip, a truncated summary).
Callers in test code are left out: they are not how the program runs.
"""
from __future__ import annotations

from auditor.checks.treeutil import is_test_like

MAX_DEPTH = 5
_SELF = ("self", "cls")


class CallerIndex:
    """The summaries of the tree's functions, by graph node (built once per project)."""

    def __init__(self, ctx) -> None:
        from auditor.index.packed import unpack

        self.g = ctx.graph
        self.facts = ctx.facts or {}
        self._sites: dict = {}  # file -> name -> [call lines]
        self.fns: dict = {}  # node -> (params, args)
        self.truncated: set = set()  # files whose summary stopped early
        self._memo: dict = {}
        for path, fx in (ctx.facts or {}).items():
            extra = fx.get("extra") or {}
            if extra.get("taint_trunc"):
                self.truncated.add(path)
            for fl, data in (unpack(extra.get("taint_fns")) or {}).items():
                node = self.g.function_at(path, int(fl))
                if node is not None:
                    self.fns[node] = (data.get("p", []), data.get("a", []))

    def call_sites(self, caller, name: str) -> list:
        """(line, argument count) of the calls of `name` in `caller`'s body. None: the
        edge is a reference (a function value handed to a framework, a closure defined
        there), whose arguments nobody in the tree writes."""
        d = self.g.g.nodes[caller]
        file = d.get("file") or ""
        table = self._sites.get(file)
        if table is None:
            table = self._sites[file] = {}
            for c in (self.facts.get(file) or {}).get("calls") or ():
                table.setdefault(c.get("name"), []).append(
                    (c.get("line", 0), len(c.get("args") or ())))
        start, end = d.get("line", 0), d.get("end_line", 0) or d.get("line", 0)
        return [(ln, n) for ln, n in table.get(name, ()) if start <= ln <= end]

    def go_arity(self, node) -> tuple | None:
        """(parameter count, variadic?) of a Go function, from its file's facts."""
        d = self.g.g.nodes[node]
        if d.get("language") != "go":
            return None
        for fn in (self.facts.get(d.get("file") or "") or {}).get("functions") or ():
            if fn.get("line") == d.get("line") and fn.get("name") == d.get("name"):
                ps = fn.get("params") or []
                return len(ps), bool(ps) and "..." in (ps[-1].get("type") or "")
        return None

    def params(self, node) -> list:
        got = self.fns.get(node)
        return got[0] if got is not None else []

    def verdict(self, node, index: int, depth: int = 0, seen=None) -> str:
        """What the callers of `node` pass as its parameter number `index` (0-based over the
        parameter list the summary records, `self` included)."""
        from auditor.taint.summary import _skipped

        key = (node, index)
        if key in self._memo:
            return self._memo[key]
        seen = set() if seen is None else seen
        if key in seen or depth > MAX_DEPTH:
            return "unknown"
        seen = seen | {key}
        G = self.g.g
        if node not in G:
            return "unknown"
        name = G.nodes[node].get("name") or ""
        callers = [p for p in G.predecessors(node)
                   if not G.nodes[p].get("external") and not
                   is_test_like(G.nodes[p].get("file") or "")]
        if not callers:
            answer = "unknown"
        elif _skipped(name, True) or _skipped(name, False):
            answer = "unknown"  # the summaries leave calls of that name out
        elif G.nodes[node].get("kind") == "closure":
            answer = "external"  # called through a function value: by whoever holds it
        else:
            answer = "constant"
            mine = self.params(node)
            arity = self.go_arity(node)
            real = 0
            for caller in callers:
                sites = self.call_sites(caller, name)
                if not sites or G.edges[caller, node].get("ref"):
                    answer = _worse(answer, "external")  # handed over as a function value
                    real += 1
                    continue
                lines = {ln for ln, n in sites if arity is None or n == arity[0] or
                         arity[1] and n >= arity[0] - 1}
                if not lines:
                    continue  # another function of that name (Go calls match the arity)
                real += 1
                if (G.nodes[caller].get("file") or "") in self.truncated:
                    answer = _worse(answer, "unknown")
                    continue
                got = self.fns.get(caller)
                for rec in (got[1] if got is not None else ()):
                    if rec[0] != name or rec[1] not in lines:
                        continue
                    k = rec[2] + (1 if rec[3] and mine and mine[0] in _SELF else 0)
                    if k != index:
                        continue
                    kind = rec[4]
                    if kind == "s":
                        self._memo[key] = "request"
                        return "request"
                    if kind == "p":
                        up = self.verdict(caller, rec[5], depth + 1, seen)
                        if up == "request":
                            self._memo[key] = "request"
                            return "request"
                        answer = _worse(answer, up)
                    else:
                        answer = _worse(answer, "unknown")  # a call's result: not judged here
            if not real:
                answer = "unknown"
        if depth == 0 or answer != "unknown":
            self._memo[key] = answer
        return answer


_RANK = {"constant": 0, "unknown": 1, "external": 2, "request": 3}


def _worse(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


def caller_index(ctx) -> CallerIndex:
    got = getattr(ctx, "_caller_index", None)
    if got is None:
        got = CallerIndex(ctx)
        try:
            ctx._caller_index = got
        except Exception:  # noqa: BLE001 - a frozen context builds it again
            pass
    return got
