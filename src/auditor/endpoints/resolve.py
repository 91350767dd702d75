"""Handler and middleware expressions -> call-graph nodes and route-op function records.

The graph's own resolver for the language (`cg.resolve_ref`) is asked first, so a handler is
found the way a call would be; then the function at a literal's line; then, by name, the graph
node whose qualified name carries the most segments of the expression (`h.Agent.CreateAgent` ->
`.../handlers.AgentHandler.CreateAgent`).
"""
from __future__ import annotations

import re


class HandlerResolver:
    def __init__(self, graph, facts: dict[str, dict], replay) -> None:
        self.cg = graph
        self.facts = facts
        self.replay = replay
        self.by_name: dict[str, list[str]] = {}
        self.by_file: dict[str, list[tuple[int, int, str]]] = {}
        self.langs: set[str] = set()
        g = graph.g if graph is not None else None
        if g is not None:
            for n, d in g.nodes(data=True):
                if d.get("external") or not d.get("file"):
                    continue
                self.by_name.setdefault(d.get("name") or n.rsplit(".", 1)[-1], []).append(n)
                self.by_file.setdefault(d["file"], []).append(
                    (d.get("line", 0), d.get("end_line", 0) or d.get("line", 0), n))
                lang = d.get("language", "")
                self.langs.add("typescript" if lang in ("tsx", "javascript") else lang)
        for v in self.by_file.values():
            v.sort()
        self.fn_at: dict[tuple[str, int], dict] = {}
        for (file, _scope), op in replay.fns.items():
            self.fn_at[(file, op["line"])] = op
            if op.get("deco_line"):  # Python: the graph may place a function at its decorator
                self.fn_at.setdefault((file, op["deco_line"]), op)

    def _lang(self, file: str) -> str:
        lang = self.facts.get(file, {}).get("language", "")
        return "typescript" if lang in ("tsx", "javascript") else lang

    def has_graph(self, file: str) -> bool:
        return self._lang(file) in self.langs

    def enclosing(self, file: str, line: int) -> str | None:
        best = None
        for start, end, n in self.by_file.get(file, []):
            if start > line:
                break
            if start <= line <= end:
                best = n
        return best

    def handler_node(self, route) -> str | None:
        if self.cg is None:
            return None
        g = self.cg.g
        h = route.handler
        if h.startswith("func@") or h.startswith("lambda@"):
            ln = int(h.split("@", 1)[1])
            for start, _end, n in self.by_file.get(route.file, []):
                if start == ln:
                    return n
            return None
        hints = {route.extra.get("node_hint"), route.extra.get("deco_hint")} - {None}
        if hints:
            for start, _end, n in self.by_file.get(route.extra.get("hint_file", route.file), []):
                if start in hints:
                    return n
        scope = self.enclosing(route.file, route.line) or ""
        try:
            got = self.cg.resolve_ref(self._lang(route.file), route.file, scope, h)
        except Exception:  # noqa: BLE001 - a resolver bug must not lose the endpoint
            got = None
        if got and got in g and not g.nodes[got].get("external"):
            return got
        got = self.by_segments(h, route.file)
        if got is None and "." in h and route.extra.get("view_class"):
            got = self.by_segments(h.rsplit(".", 1)[0], route.file)  # an inherited action
        return got

    def by_segments(self, expr: str, file: str) -> str | None:
        expr = re.sub(r"\(.*", "", expr).strip()
        parts = [p for p in re.split(r"[.:]", expr) if p and p not in ("this", "self")]
        if not parts:
            return None
        cands = self.by_name.get(parts[-1], [])
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        lower = [p.lower() for p in parts[:-1]]

        def score(n: str) -> tuple:
            q = n.lower()
            s = sum(1 for p in lower if p and p in q)
            same = self.cg.g.nodes[n].get("file") == file
            return (s, same, -len(n))

        best = max(cands, key=score)
        return best

    def fn_for_node(self, node: str) -> dict | None:
        d = self.cg.g.nodes[node]
        return self.fn_at.get((d.get("file", ""), d.get("line", 0)))

    def middleware_fn(self, file: str, name: str) -> dict | None:
        name = name.split("(", 1)[0].strip()
        imps = self.replay.imports.get(file, {})
        head, _, rest = name.partition(".")
        if head in imps:
            tfile, sym = imps[head]
            key = (tfile, sym if sym and not rest else rest.split(".")[-1] if rest else sym)
            if key in self.replay.fns:
                return self.replay.fns[key]
        for key in self.replay.candidates(file, name):
            return self.replay.fns[key]
        short = name.rsplit(".", 1)[-1]
        keys = self.replay.fns_by_name.get(short, [])
        return self.replay.fns[keys[0]] if len(keys) == 1 else None

    def local_fn(self, route) -> dict | None:
        if route.handler.startswith(("func@", "lambda@")):
            return self.fn_at.get((route.file, int(route.handler.split("@", 1)[1])))
        return self.middleware_fn(route.file, route.handler)
