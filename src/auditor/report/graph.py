"""`auditor graph`: the call graph as JSON, DOT or GraphML."""
from __future__ import annotations

import io
import json


def _dump_json(doc: dict) -> str:
    """Indented JSON; orjson where installed (a large graph is hundreds of thousands of values)."""
    try:
        import orjson

        return orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    except (ImportError, TypeError):
        return json.dumps(doc, indent=1) + "\n"


def _graph_json(node_items, edge_items, stats: dict) -> str:
    nodes = [{"id": n, "name": d.get("name", n), "file": d.get("file", ""),
              "line": d.get("line", 0), "kind": d.get("kind", ""),
              "language": d.get("language", "")} for n, d in sorted(node_items, key=_first)]
    # sorted: the same tree gives the same bytes, whatever order the resolvers added them
    edges = [{"caller": a, "callee": b, "file": d.get("file", ""), "line": d.get("line", 0),
              "resolved": bool(d.get("resolved"))}
             for a, b, d in sorted(edge_items, key=lambda e: (e[0], e[1]))]
    stats = dict(stats)
    stats.update({"nodes_shown": len(nodes), "edges_shown": len(edges)})
    return _dump_json({"nodes": nodes, "edges": edges, "stats": stats})


def _first(item):
    return item[0]


def render_graph_data(data: dict) -> str:
    """The JSON of a whole graph straight from its snapshot (`CallGraph.to_data`): a re-run on
    an unchanged tree needs neither networkx nor a graph object to print it."""
    stats = {"nodes": len(data["nodes"]), "edges": len(data["edges"]),
             "resolved_edges": data.get("resolved", 0), "unresolved_edges": data.get("unresolved", 0)}
    return _graph_json(data["nodes"], data["edges"], stats)


def find_node(cg, name: str) -> str | None:
    if name in cg.g:
        return name
    cands = [n for n, d in cg.g.nodes(data=True) if not d.get("external") and
             (n.endswith("." + name) or n.endswith("/" + name) or d.get("name") == name)]
    return sorted(cands, key=len)[0] if cands else None


def _subgraph(cg, from_name: str | None):
    if not from_name:
        return cg.g
    start = find_node(cg, from_name)
    return cg.g.subgraph(cg.reachable(start)) if start else cg.g.subgraph([])


def render_graph(cg, fmt: str, from_name: str | None = None) -> str:
    g = _subgraph(cg, from_name)
    if fmt == "json":
        return _graph_json(g.nodes(data=True), g.edges(data=True), cg.stats())
    if fmt == "dot":
        out = ["digraph callgraph {", "  rankdir=LR;", "  node [shape=box, fontsize=10];"]
        for n, d in g.nodes(data=True):
            style = ', style=dashed' if d.get("external") else ""
            out.append(f"  {json.dumps(n)} [label={json.dumps(n)}{style}];")
        for a, b, d in g.edges(data=True):
            style = "" if d.get("resolved") else " [style=dashed]"
            out.append(f"  {json.dumps(a)} -> {json.dumps(b)}{style};")
        out.append("}")
        return "\n".join(out) + "\n"
    import networkx as nx

    h = nx.DiGraph()
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: (v if isinstance(v, (str, int, float, bool)) else str(v))
                         for k, v in d.items()})
    for a, b, d in g.edges(data=True):
        h.add_edge(a, b, file=d.get("file", ""), line=d.get("line", 0),
                   resolved=bool(d.get("resolved")))
    buf = io.BytesIO()
    nx.write_graphml(h, buf)
    return buf.getvalue().decode("utf-8")
