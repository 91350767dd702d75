"""Go trace check on AIM: does every HTTP handler reach the services and repositories it calls?

    python benchmarks/go_trace_check.py [/work/targets/aim/apps/backend] [-v]

Builds the call graph of the backend and prints, per handler method (exported methods in
internal/interfaces/http/handlers), whether it reaches an application service method
(internal/application) and a repository method (internal/infrastructure/repository), then totals.
It also lists the calls in handlers and services made through a receiver field (`h.svc.M`,
`s.repo.M`) that stayed unresolved: those are the misses that matter.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from collections import deque

HANDLERS = "internal/interfaces/http/handlers/"
SERVICES = "internal/application/"
REPOS = "internal/infrastructure/repository/"


def index_tree(root: Path) -> dict[str, dict]:
    """Go facts of every .go file under root, parsed and indexed in this process (only the Go
    indexer runs, so other stages cannot blur the measurement)."""
    from auditor.index.facts import FileFacts
    from auditor.index.go import index_go
    from auditor.parse import parse

    out = {}
    for p in sorted(root.rglob("*.go")):
        if any(part in ("vendor", "node_modules", ".git") for part in p.parts):
            continue
        rel = p.relative_to(root).as_posix()
        fx = FileFacts(path=rel, language="go")
        index_go(rel, parse("go", p.read_bytes()), fx)
        out[rel] = fx.to_dict()
    return out


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if not a.startswith("-")]
    root = args[0] if args else "/work/targets/aim/apps/backend"
    from auditor.graph import build_graph

    t0, c0 = time.perf_counter(), time.process_time()
    go = index_tree(Path(root))
    t1, c1 = time.perf_counter(), time.process_time()
    cg = build_graph(go, Path(root))
    t2, c2 = time.perf_counter(), time.process_time()
    g = cg.g

    def reach(start: str) -> set[str]:
        seen = {start}
        todo = deque([start])
        while todo:
            n = todo.popleft()
            for m in g.successors(n):
                if m not in seen:
                    seen.add(m)
                    todo.append(m)
        return seen

    handlers = sorted(n for n, d in g.nodes(data=True)
                      if d.get("file", "").startswith(HANDLERS) and d.get("kind") == "method"
                      and d.get("name", "")[:1].isupper()
                      and not d["file"].endswith("_test.go"))
    both = svc_n = repo_n = 0
    no_service = []
    for h in handlers:
        r = reach(h)
        files = {g.nodes[n].get("file", "") for n in r}
        s = any(f.startswith(SERVICES) for f in files)
        p = any(f.startswith(REPOS) for f in files)
        svc_n += s
        repo_n += p
        both += s and p
        if not s:
            no_service.append(h)
        if verbose:
            print(f"{'S' if s else '-'}{'R' if p else '-'} {h.rsplit('/', 1)[-1]}")

    # Calls through a receiver's field that stayed unresolved, in handlers and services.
    misses = []
    external = 0
    repo_calls = 0
    module = next(iter(go.values()))["module"].split("/internal/")[0]
    for path, fx in go.items():
        if not (path.startswith(HANDLERS) or path.startswith(SERVICES)) or \
                path.endswith("_test.go"):
            continue
        recv = {f["local"]: f.get("recv") for f in fx.get("functions", []) if f.get("recv")}
        for c in fx.get("calls", []):
            fn = c.get("fn") or {}
            x = (fn.get("parts") or [{}])[0]
            if fn.get("kind") != "attr" or x.get("kind") != "attr":
                continue
            base = (x.get("parts") or [{}])[0]
            r = recv.get(c["caller"].split(".func")[0])
            if base.get("kind") != "name" or base.get("text") != r:
                continue
            caller = f"{fx['module']}.{c['caller']}"
            site = (path, c["line"])
            hits = [(v, d.get("resolved")) for _, v, d in g.out_edges(caller, data=True)
                    if site in d.get("sites", ())]
            if any(r for _, r in hits):
                if path.startswith(SERVICES):
                    via_iface = any(g.nodes[v].get("file", "").startswith(REPOS)
                                    for v, r in hits if r)
                    repo_calls += via_iface
                continue
            # a method of a type outside the module (database/sql.DB.Query) is not a miss
            if any("/" in v and not v.startswith(module) for v, _ in hits):
                external += 1
                continue
            misses.append(f"{path}:{c['line']} {c['callee']} -> {[v for v, _ in hits]}")

    print(f"handlers: {len(handlers)}  reach a service: {svc_n}  reach a repository: {repo_n}"
          f"  both: {both}")
    print(f"handlers reaching no service ({len(no_service)}):")
    for h in no_service:
        print("   ", h.rsplit("/", 1)[-1])
    print(f"service calls through a receiver field that reach a repository method: {repo_calls}")
    print(f"receiver-field calls in handlers+services into types outside the module: {external}")
    print(f"unresolved receiver-field calls in handlers+services (misses): {len(misses)}")
    for m in misses[:50]:
        print("   ", m)
    st = cg.stats()
    print(f"graph: {st['nodes']} nodes, {st['edges']} edges ({st['resolved_edges']} resolved, "
          f"{st['unresolved_edges']} unresolved), skipped {g.graph.get('go_skipped_calls')}")
    print(f"time: parse+index {t1 - t0:.2f}s wall / {c1 - c0:.2f}s CPU (serial, one process, "
          f"{len(go)} Go files), graph {t2 - t1:.2f}s wall / {c2 - c1:.2f}s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
