"""Endpoints and traces of a tree, cold: how long, and what was found.

    python benchmarks/bench_endpoints.py [/work/targets/aim/apps/backend] [--jobs N]

Runs discovery, parse/index (worker pool, no cache), the call graph and the endpoints stage, and
prints each stage's seconds with the endpoint totals: routes, authenticated, reaching a service,
a repository and SQL, hard-coded answers, unresolved routes. The endpoints stage itself (route
replay, middleware, auth, trace of every handler) is the number the issue bounds at 3 s for AIM.
"""
from __future__ import annotations

import sys
import time


def main(argv: list[str]) -> int:
    from auditor.scan import ScanOptions, analyze_tree

    args = [a for a in argv if not a.startswith("--")]
    jobs = int(argv[argv.index("--jobs") + 1]) if "--jobs" in argv else 0
    if jobs:
        args = [a for a in args if a != str(jobs)]
    root = args[0] if args else "/work/targets/aim/apps/backend"
    t0 = time.perf_counter()
    analysis = analyze_tree(ScanOptions(path=root, use_cache=False, jobs=jobs))
    wall = time.perf_counter() - t0
    res = analysis.result
    eps = [e for e in res.endpoints if not e.implicit]
    t = res.timings
    print(f"{root}: {len(eps)} endpoints (+{len(res.endpoints) - len(eps)} implicit), "
          f"{len(res.unresolved_routes)} unresolved")
    print(f"  authenticated {sum(e.authenticated for e in eps)}, service "
          f"{sum(e.reaches_service for e in eps)}, repository "
          f"{sum(e.reaches_repository for e in eps)}, sql {sum(e.reaches_sql for e in eps)}, "
          f"hard-coded {sum(e.hardcoded_response for e in eps)}")
    print(f"  seconds: parse+index {t.get('parse_index', 0):.2f}, graph {t.get('graph', 0):.2f}, "
          f"endpoints {t.get('endpoints', 0):.2f}, wall {wall:.2f}")
    graph_and_endpoints = t.get("graph", 0) + t.get("endpoints", 0)
    print(f"  graph + endpoints + traces: {graph_and_endpoints:.2f} s "
          f"({'under' if graph_and_endpoints < 3 else 'OVER'} 3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
