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
- "unknown": no caller (an exported or unused function), or some caller passes a call's result,
  a Go receiver's field ("u") or cannot be read (a name the summaries skip, a truncated summary).
Callers in test code are left out: they are not how the program runs.
"""
from __future__ import annotations

from auditor.checks.treeutil import is_test_like
from auditor.taint.summary import MAX_ARGS

MAX_DEPTH = 5
LOADED = 256  # files whose unpacked summaries are kept at a time
_SELF = ("self", "cls")


class CallerIndex:
    """The summaries of the tree's functions, by graph node (built once per project)."""

    def __init__(self, ctx) -> None:
        self.g = ctx.graph
        self.facts = ctx.facts or {}
        self._sites: dict = {}  # file -> name -> [(line, argument count)]
        self.fns: dict = {}  # node -> (params, args)
        self.recs: dict = {}  # file -> (callee name, line) -> [argument record]
        self.truncated: set = {path for path, fx in self.facts.items()  # stopped early
                               if (fx.get("extra") or {}).get("taint_trunc")}
        self._memo: dict = {}
        self._nodes: dict = {}  # file -> its nodes in `fns`

    def _load(self, path: str) -> None:
        """Unpack the summaries of one file when a question needs them: the files on the
        callers' chains of the judged sinks, not the whole tree's, and at most LOADED at a
        time (the packed summaries are a tenth of their unpacked size; answers are memoized,
        a file asked again is unpacked again)."""
        if path in self.recs:
            self.recs[path] = self.recs.pop(path)  # most recently used last
            return
        from auditor.index.packed import unpack

        while len(self.recs) >= LOADED:
            old = next(iter(self.recs))
            del self.recs[old]
            for node in self._nodes.pop(old, ()):
                self.fns.pop(node, None)
        table = self.recs[path] = {}
        nodes = self._nodes[path] = []
        extra = (self.facts.get(path) or {}).get("extra") or {}
        for fl, data in (unpack(extra.get("taint_fns")) or {}).items():
            node = self.g.function_at(path, int(fl))
            if node is not None:
                self.fns[node] = (data.get("p", []), data.get("a", []))
                nodes.append(node)
            for rec in data.get("a", ()):
                table.setdefault((rec[0], rec[1]), []).append(rec)

    def call_sites(self, caller, callee) -> list:
        """(file, line, argument count) of the calls of `callee` by `caller`: in the caller's
        body, or at the edge's call site where the caller's node lies in another file (Go's
        `init` functions and their closures, one name for every file of a package). None:
        the edge is a reference (a function value handed to a framework, a closure defined
        there), whose arguments nobody in the tree writes."""
        G = self.g.g
        d, e = G.nodes[caller], G.edges[caller, callee]
        name = G.nodes[callee].get("name") or ""
        file = d.get("file") or ""
        start, end = d.get("line", 0), d.get("end_line", 0) or d.get("line", 0)
        if e.get("file") and e.get("file") != file:
            file, start, end = e.get("file"), e.get("line", 0), e.get("line", 0)
        table = self._sites.get(file)
        if table is None:
            table = self._sites[file] = {}
            for c in (self.facts.get(file) or {}).get("calls") or ():
                table.setdefault(c.get("name"), []).append(
                    (c.get("line", 0), len(c.get("args") or ())))
        return [(file, ln, n) for ln, n in table.get(name, ()) if start <= ln <= end]

    def _library_result(self, there, file: str, rec, depth: int, seen) -> str:
        """What a library function's result passed as an argument carries
        (`strings.ReplaceAll(col, "nullable:", "")`): what its arguments carry. A call of the
        tree's own code, or a method of a value the resolver could not type, is not judged
        here: "unknown"."""
        G = self.g.g
        carried = rec[8] if len(rec) > 8 and isinstance(rec[8], dict) else {}
        if file.endswith(".go"):
            # Go: a function of a text package of the standard library, or nothing
            receiver = self._receiver(file, rec)
            if receiver not in GO_TEXT_PACKAGES:
                return "unknown"
        else:
            if there is None or there not in G or carried.get("r"):
                return "unknown"  # a method: what its receiver holds comes back
            outs = [c for c in G.successors(there) if G.nodes[c].get("name") == rec[5]]
            if not outs or any(not G.nodes[c].get("external") or c.startswith("?")
                               for c in outs):
                return "unknown"  # the tree's code, or a call nothing resolved
        answer = "constant"
        for atom in _atoms(rec)[:8]:
            kind = atom[1] if len(atom) > 1 else ""
            if kind == "s":
                return "request"
            if kind == "p" and there is not None:
                answer = _worse(answer, self.verdict(there, atom[2], depth + 1, seen))
            else:
                answer = _worse(answer, "unknown")
        return answer

    def _receiver(self, file: str, rec) -> str:
        """The receiver text of the call a 'c' record stands for (by its name and line in
        `file`): `strings` of `strings.ReplaceAll(...)`; "" when not found."""
        for c in (self.facts.get(file) or {}).get("calls") or ():
            if c.get("name") == rec[5] and c.get("line") == rec[6]:
                return c.get("receiver") or ""
        return ""

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
        G = self.g.g
        if node in G:
            self._load(G.nodes[node].get("file") or "")
        got = self.fns.get(node)
        return got[0] if got is not None else []

    def verdict(self, node, index: int, depth: int = 0, seen=None) -> str:
        """What the callers of `node` pass as its parameter number `index` (0-based over the
        parameter list the summary records, `self` included)."""
        from auditor.taint.summary import _skipped

        key = (node, index)
        mine = self.params(node)
        if index - (1 if mine and mine[0] in _SELF else 0) >= MAX_ARGS:
            return "unknown"  # the summaries list the first MAX_ARGS arguments of a call
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
                sites = self.call_sites(caller, node)
                if not sites or G.edges[caller, node].get("ref"):
                    answer = _worse(answer, "external")  # handed over as a function value
                    real += 1
                    continue
                sites = [(f, ln) for f, ln, n in sites if arity is None or n == arity[0] or
                         arity[1] and n >= arity[0] - 1]
                if not sites:
                    continue  # another function of that name (Go calls match the arity)
                real += 1
                for file, line in sites:
                    if file in self.truncated:
                        answer = _worse(answer, "unknown")
                        continue
                    self._load(file)
                    for rec in self.recs.get(file, {}).get((name, line), ()):
                        k = rec[2] + (1 if rec[3] and mine and mine[0] in _SELF else 0)
                        if k != index:
                            continue
                        kind = rec[4]
                        if kind == "u":  # what a receiver holds: no summary says
                            answer = _worse(answer, "unknown")
                            continue
                        if kind == "s":
                            self._memo[key] = "request"
                            return "request"
                        if kind == "p":
                            there = self.g.function_at(file, line)
                            up = self.verdict(there, rec[5], depth + 1, seen) \
                                if there is not None else "unknown"
                            if up == "request":
                                self._memo[key] = "request"
                                return "request"
                            answer = _worse(answer, up)
                        else:
                            there = self.g.function_at(file, line)
                            got = self._library_result(there, file, rec, depth, seen)
                            if got == "request":
                                self._memo[key] = "request"
                                return "request"
                            answer = _worse(answer, got)
            if not real:
                answer = "unknown"
        if depth == 0 or answer != "unknown":
            self._memo[key] = answer
        return answer


def _atoms(rec) -> list:
    carried = rec[8] if len(rec) > 8 and isinstance(rec[8], dict) else {}
    return carried.get("a") or []


# Go standard-library packages of text functions: a call through one (`strings.ReplaceAll(col,
# "nullable:", "")`) gives back what its arguments carry, and nothing of a receiver
GO_TEXT_PACKAGES = frozenset({"strings", "strconv", "fmt", "filepath", "path", "bytes",
                              "unicode", "utf8", "url", "html", "sort", "slices", "maps"})

_RANK = {"constant": 0, "unknown": 1, "external": 2, "request": 3}


def _worse(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b
