"""The call graph: one networkx DiGraph of the whole repository, built from per-file facts.

Nodes are qualified names (Python `pkg.module.Class.method`, Go `module/pkg.Type.Method`,
TS `path/to/file.Class.method`) with file, line, kind and language; edges carry the call site and
`resolved`. Each language's resolver lives in its own module.
"""
from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

import networkx as nx


class EdgeData(Mapping):
    """An edge's data (its first call site), in the mapping networkx hands out: four slots
    instead of a dict per edge (a million-line tree has ~400k edges: ~45 MB less)."""

    __slots__ = ("file", "line", "resolved", "ref")
    _KEYS = ("file", "line", "resolved", "ref")

    def __init__(self, file: str = "", line: int = 0, resolved: bool = False) -> None:
        self.file, self.line, self.resolved = file, line, resolved

    def __getitem__(self, key):
        if key in EdgeData._KEYS:
            try:
                return getattr(self, key)
            except AttributeError:
                pass
        raise KeyError(key)

    def get(self, key, default=None):
        if key in EdgeData._KEYS:
            return getattr(self, key, default)
        return default

    def __setitem__(self, key, value) -> None:
        if key not in EdgeData._KEYS:
            raise KeyError(f"edge data has no field {key!r}")
        setattr(self, key, value)

    def update(self, other=(), **kw) -> None:
        for k, v in dict(other, **kw).items():
            self[k] = v

    def __iter__(self):
        return (k for k in EdgeData._KEYS if hasattr(self, k))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return repr(dict(self))


class CallGraph:
    def __init__(self) -> None:
        self.g = nx.DiGraph()
        self.unresolved = 0
        self.resolved = 0
        # language -> fn(file, scope_qname, expr_text) -> qname | None; set by each resolver so
        # that the endpoints stage can resolve a handler expression the way calls are resolved.
        self.ref_resolvers: dict = {}
        self._by_file: dict[str, list] | None = None  # file -> [(line, end_line, node)]

    def resolve_ref(self, language: str, file: str, scope: str, expr: str) -> str | None:
        lang = "typescript" if language in ("tsx", "javascript") else language
        fn = self.ref_resolvers.get(lang)
        return fn(file, scope, expr) if fn else None

    def ambiguous_ref(self, language: str, file: str, scope: str, expr: str) -> bool:
        """Whether `resolve_ref` found several functions the expression may name (a method value
        of an interface several types implement) rather than none."""
        lang = "typescript" if language in ("tsx", "javascript") else language
        owner = getattr(self.ref_resolvers.get(lang), "__self__", None)
        return (file, scope, expr) in getattr(owner, "ambiguous", ())

    def release_resolvers(self) -> None:
        """Drop the resolvers once handler lookups are done. Their tables hold reference
        cycles (constraints point back at the resolver), and the run keeps the cyclic collector
        off: cleared here, or a million-line tree keeps ~0.4 GB of them to the end."""
        for fn in self.ref_resolvers.values():
            owner = getattr(fn, "__self__", None)
            if owner is not None and hasattr(owner, "__dict__"):
                owner.__dict__.clear()
        self.ref_resolvers = {}

    def function_at(self, file: str, line: int) -> str | None:
        """The innermost function node of `file` whose span contains `line`."""
        if self._by_file is None:
            by_file: dict[str, list] = {}
            for n, d in self.g.nodes(data=True):
                if d.get("file"):
                    by_file.setdefault(d["file"], []).append((d.get("line", 0),
                                                              d.get("end_line", 0), n))
            self._by_file = by_file
        best, best_line = None, -1
        for start, end, n in self._by_file.get(file, ()):
            if start <= line <= end and start >= best_line:
                best, best_line = n, start
        return best

    def add_function(self, qname: str, *, name: str, file: str, line: int, kind: str,
                     language: str, end_line: int = 0) -> None:
        self.g.add_node(sys.intern(qname), name=name, file=file, line=line,
                        end_line=end_line or line, kind=kind, language=language, external=False)
        self._by_file = None

    def add_call(self, caller: str, callee: str, *, file: str, line: int, resolved: bool) -> None:
        g = self.g
        if callee not in g._node:
            g.add_node(callee, name=callee.rsplit(".", 1)[-1], file="", line=0, end_line=0,
                       kind="external" if not resolved else "function", language="",
                       external=True)
        if caller not in g._node:
            g.add_node(caller)
        out = g._succ[caller]
        if callee in out:
            return  # an edge names its first call site; later calls of the same pair add nothing
        # one string object per name: the resolvers build the same qualified name anew for
        # every call site, and each edge would keep its own copies in both adjacency maps
        caller, callee = sys.intern(caller), sys.intern(callee)
        d = EdgeData(file, line, resolved)
        out[callee] = d
        g._pred[callee][caller] = d
        if resolved:
            self.resolved += 1
        else:
            self.unresolved += 1

    def reachable(self, start: str) -> list[str]:
        """Every node reachable from `start`, depth-first pre-order (start first)."""
        if start not in self.g:
            return []
        return list(nx.dfs_preorder_nodes(self.g, start))

    def to_data(self) -> dict:
        """Plain data of the graph (nodes, edges, counters) for the graph snapshot."""
        return {"nodes": [[n, d] for n, d in self.g.nodes(data=True)],
                "edges": [[a, b, dict(d)] for a, b, d in self.g.edges(data=True)],
                "graph": {k: v for k, v in self.g.graph.items() if _plain(v)},
                "resolved": self.resolved, "unresolved": self.unresolved}

    @classmethod
    def from_data(cls, data: dict) -> "CallGraph":
        cg = cls()
        cg.g.add_nodes_from((n, d) for n, d in data["nodes"])
        g = cg.g
        for a, b, d in data["edges"]:
            g.add_edge(a, b)
            e = g._succ[a][b] = g._pred[b][a] = EdgeData(d.get("file", ""), d.get("line", 0),
                                                         d.get("resolved", False))
            if "ref" in d:
                e.ref = d["ref"]
        cg.g.graph.update(data.get("graph", {}))
        cg.resolved, cg.unresolved = data.get("resolved", 0), data.get("unresolved", 0)
        return cg

    def merge(self, other: "CallGraph") -> None:
        """Add another language's graph: its nodes (a function's data over an external
        placeholder of the same name), edges, counters, resolvers and graph attributes."""
        g = self.g
        for n, d in other.g.nodes(data=True):
            if n not in g:
                g.add_node(n, **d)
            elif g.nodes[n].get("external") and not d.get("external"):
                g.nodes[n].update(d)
        for a, b, d in other.g.edges(data=True):
            if not g.has_edge(a, b):
                g.add_edge(a, b)
                g._succ[a][b] = g._pred[b][a] = d  # the same data object, not a dict copy
        for k, v in other.g.graph.items():
            if k == "errors":
                g.graph.setdefault("errors", []).extend(v)
            else:
                g.graph[k] = v
        self.resolved += other.resolved
        self.unresolved += other.unresolved
        self.ref_resolvers.update(other.ref_resolvers)
        self._by_file = None

    def stats(self) -> dict:
        return {"nodes": self.g.number_of_nodes(), "edges": self.g.number_of_edges(),
                "resolved_edges": self.resolved, "unresolved_edges": self.unresolved}


def _plain(v) -> bool:
    return isinstance(v, (str, int, float, bool, list, dict)) or v is None


# Resolvers that read only their own language's facts, never change them, and whose state the
# endpoints stage needs only for that language's route registrations: their part of the graph
# is kept per language and reused while that language's files are unchanged (a one-file change
# in Go does not resolve the Python SDK and the TypeScript frontend again).
REUSABLE = ("python", "typescript")
_TS_CONFIG = ("tsconfig", "jsconfig", "package.json")


def build_graph(facts: dict[str, dict], root: Path, parts=None) -> CallGraph:
    """The call graph of every language. `parts` (load(lang, key), save(lang, key, data), salt)
    keeps the reusable languages' parts between runs; with or without it, each reusable
    language is resolved into a graph of its own and merged, so the result is the same."""
    cg = CallGraph()
    by_lang: dict[str, list[dict]] = {}
    for fx in facts.values():
        lang = fx.get("language", "")
        if fx.get("extra", {}).get("go_never_built"):
            continue  # `//go:build ignore`, `!go1.7`: not part of any build (index.gobuild)
        if lang in ("typescript", "tsx", "javascript"):
            lang = "typescript"
        by_lang.setdefault(lang, []).append(fx)
    for lang, files in by_lang.items():
        resolver = _resolver(lang)
        if resolver is None:
            continue
        if lang not in REUSABLE:
            resolver(files, cg, root)
            continue
        key = _part_key(lang, files, facts, root, parts) if parts is not None and \
            not _registers_routes(files) else None
        data = parts.load(lang, key) if key else None
        if data is not None:
            sub = CallGraph.from_data(data)
        else:
            sub = CallGraph()
            resolver(files, sub, root)
            if key:
                parts.save(lang, key, sub.to_data())
        cg.merge(sub)
    return cg


# Facts of the endpoints stage that only declare (functions, constants, classes, imports, a
# router alias): without a registration next to them they ask the resolver nothing.
_DECLARATIONS = frozenset({"fn", "const", "class", "import", "ts_consts", "alias",
                           "struct_fields"})


def _registers_routes(files: list[dict]) -> bool:
    """Route registrations in these files need the resolver itself (handler lookups)."""
    return any(op.get("op") not in _DECLARATIONS for fx in files for op in fx.get("routes") or ())


def _part_key(lang: str, files: list[dict], facts: dict[str, dict], root: Path, parts) -> str:
    import hashlib

    h = hashlib.sha256(f"{getattr(parts, 'salt', '')}\0{lang}\0{root}".encode(
        "utf-8", "surrogateescape"))
    for p, sha in sorted((fx.get("path", ""), fx.get("sha", "")) for fx in files):
        h.update(f"{p}\0{sha}\n".encode("utf-8", "surrogateescape"))
    if lang == "typescript":  # module resolution reads tsconfig/jsconfig paths and packages
        for p, fx in sorted(facts.items()):
            if p.rsplit("/", 1)[-1].startswith(_TS_CONFIG):
                h.update(f"cfg {p}\0{fx.get('sha', '')}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _resolver(lang: str):
    try:
        if lang == "go":
            from auditor.graph.go import resolve
        elif lang == "python":
            from auditor.graph.python import resolve
        elif lang == "typescript":
            from auditor.graph.typescript import resolve
        else:
            return None
    except ImportError:
        return None
    return resolve
