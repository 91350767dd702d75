"""Score data-access recognition on the field corpus: for each route whose handler (through its
services) reads or writes a database, cache or document store, does auditor's trace hold a data
site? And when `endpoint-without-data` would fire, is the route really one that touches no data?

    python benchmarks/field/score_data.py                       # every data truth file
    python benchmarks/field/score_data.py --details             # the misses and false alarms
    python benchmarks/field/score_data.py --auditor "env PYTHONPATH=/tmp/head/src python -m auditor"
    python benchmarks/field/score_data.py --reuse /tmp/field-data-out

Truth: `data/<owner>+<name>.json`, written by reading each route's handler and the services it
calls before running auditor: {"repo", "commit", "family", "routes": [{"method", "path",
"data": true|false, "why"}]}; the route list is the one of `truth/<owner>+<name>.json`, whose
`root` says what auditor scans. Routes are matched as in score.py (METHOD, path with every
parameter `{}`); implicit endpoints are left out.

Per ORM family (flask-sqlalchemy, django, sqlalchemy, gorm, ...):
- recall: data routes whose endpoint has at least one `data_sites` entry, over the data routes
  auditor lists (routes auditor does not list at all are counted apart as `unlisted`);
- without-data precision: of the routes where the `endpoint-without-data` rule fires (its
  findings in a native scan, matched by their endpoints), the share whose truth says the handler
  touches no data. With `--endpoints-only` (faster: no rules run), the rule's first condition
  stands in for it (no service, repository, SQL or data site reached; not a static path; a
  traced handler), which fires on more routes than the rule does: the rule also spares pages,
  redirects, sessions, middleware that load data and the rest of `touches_no_data`.
"""
from __future__ import annotations

import argparse
import json
import shlex
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from score import norm_method, norm_path, parse_output, ratio, run_auditor  # noqa: E402


def would_fire(e: dict) -> bool:
    """The endpoint-without-data rule's condition, on an endpoint of the JSON output."""
    try:
        from auditor.checks.impl import is_static_path, production_path
    except ImportError:  # scoring an output without auditor importable
        def is_static_path(p):
            return False

        def production_path(p):
            return True
    if e.get("reaches_service") or e.get("reaches_repository") or e.get("reaches_sql"):
        return False
    if e.get("data_sites"):
        return False
    if is_static_path(e.get("path", "")) or not e.get("chain"):
        return False
    return production_path((e.get("registered_at") or {}).get("file", ""))


def rule_firings(data: dict) -> set | None:
    """(method, path) of the endpoints the endpoint-without-data rule reports in a scan's
    output; None for an output of `auditor endpoints` (no rules ran)."""
    if "findings" not in data:
        return None
    out = set()
    for f in data.get("findings") or []:
        if isinstance(f, dict) and f.get("rule_id") == "endpoint-without-data":
            for k in f.get("endpoints") or []:
                method, _, path = str(k).partition(" ")
                out.add((norm_method(method), norm_path(path)))
    return out


def score_repo(truth: dict, data: dict) -> dict:
    fired = rule_firings(data)
    eps: dict = {}
    for e in data.get("endpoints", []):
        if isinstance(e, dict) and not e.get("implicit"):
            key = (norm_method(e.get("method", "")), norm_path(e.get("path", "")))
            eps.setdefault(key, []).append(e)
    out = {"data_routes": 0, "listed": 0, "traced": 0, "sql_traced": 0, "unlisted": [],
           "missed": [],
           "fired": 0, "fired_right": 0, "false_alarms": [], "nodata_routes": 0,
           "nodata_with_sites": []}
    for r in truth["routes"]:
        key = (norm_method(r["method"]), norm_path(r["path"]))
        found = eps.get(key, [])
        label = f"{r['method']} {r['path']}"
        if r["data"]:
            out["data_routes"] += 1
            if not found:
                out["unlisted"].append(label)
                continue
            out["listed"] += 1
            if any(e.get("sql_sites") for e in found):
                out["sql_traced"] += 1
            if any(e.get("data_sites") for e in found):
                out["traced"] += 1
            else:
                out["missed"].append(f"{label}  ({r.get('why', '')})")
        else:
            out["nodata_routes"] += 1
            if any(e.get("data_sites") for e in found):
                out["nodata_with_sites"].append(f"{label}  ({r.get('why', '')})")
        if found and (key in fired if fired is not None else any(would_fire(e)
                                                                  for e in found)):
            out["fired"] += 1
            if r["data"]:
                out["false_alarms"].append(label)
            else:
                out["fired_right"] += 1
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--auditor", default=f"{shlex.quote(sys.executable)} -m auditor",
                    help="command that runs auditor (default: %(default)s)")
    ap.add_argument("--data", default=str(HERE / "data"), help="folder of data truth files")
    ap.add_argument("--truth", default=str(HERE / "truth"), help="folder of route truth files")
    ap.add_argument("--copies", default="/work/field", help="folder of extracted copies")
    ap.add_argument("--out", default="/tmp/field-data-out", help="raw outputs are saved here")
    ap.add_argument("--reuse", metavar="DIR", help="rescore the raw outputs saved in DIR")
    ap.add_argument("--only", action="append", default=[], metavar="NAME")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--endpoints-only", action="store_true",
                    help="run `auditor endpoints` (no rules): faster, and the without-data "
                         "precision is that of the rule's first condition only")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", metavar="FILE")
    a = ap.parse_args()

    items = []
    for f in sorted(Path(a.data).glob("*.json")):
        if a.only and not any(s.lower() in f.stem.lower() for s in a.only):
            continue
        t = json.loads(f.read_text())
        routes_truth = json.loads((Path(a.truth) / f.name).read_text())
        items.append((f.stem, t, routes_truth.get("root") or ""))
    if not items:
        print("score_data: no data truth files", file=sys.stderr)
        return 2
    cmd = shlex.split(a.auditor)
    out_dir = Path(a.reuse or a.out)
    out_dir.mkdir(parents=True, exist_ok=True)

    def one(item):
        name, _t, root = item
        raw = out_dir / f"{name}.json"
        if a.reuse:
            return raw.read_text() if raw.exists() else "", {"failed": ""}
        target = Path(a.copies) / name / root
        if not target.is_dir():
            return None, {"failed": f"no extracted copy at {target}"}
        print(f"score_data: running on {name} ...", file=sys.stderr, flush=True)
        sub = ("endpoints",) if a.endpoints_only else ("scan", "--engines", "native",
                                                      "--fail-on", "none")
        out, run = run_auditor(cmd, target, a.timeout, sub)
        raw.write_text(out)
        return out, run

    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        results = list(pool.map(one, items))

    fams: dict = {}
    repos: dict = {}
    keys = ("data_routes", "listed", "traced", "sql_traced", "fired", "fired_right",
            "nodata_routes")
    for (name, t, _root), (out, run) in zip(items, results):
        if out is None:
            print(f"score_data: {name}: {run['failed']}; not scored", file=sys.stderr)
            continue
        if run.get("failed"):
            print(f"score_data: {name}: auditor failed ({run['failed']})", file=sys.stderr)
        s = score_repo(t, parse_output(out, run))
        fam = t.get("family", "?")
        repos[name] = {"family": fam, **s}
        agg = fams.setdefault(fam, dict.fromkeys(("repos",) + keys, 0))
        agg["repos"] += 1
        for k in keys:
            agg[k] += s[k] if isinstance(s[k], int) else len(s[k])
    total = {k: sum(v[k] for v in fams.values()) for k in ("repos",) + keys}

    head = (f"{'repository':<46} {'family':<16} {'data':>4} {'listed':>6} {'traced':>6} "
            f"{'recall':>6} {'fired':>5} {'prec':>5} {'no-data w/ site':>15}")
    print(head + "\n" + "-" * len(head))
    for name, s in sorted(repos.items(), key=lambda x: (x[1]["family"], x[0])):
        print(f"{name[:46]:<46} {s['family']:<16} {s['data_routes']:>4} {s['listed']:>6} "
              f"{s['traced']:>6} {ratio(s['traced'], s['listed']):>6} {s['fired']:>5} "
              f"{ratio(s['fired_right'], s['fired']):>5} "
              f"{len(s['nodata_with_sites']):>7}/{s['nodata_routes']:<7}")
        if a.details:
            for label, items_ in (("missed  ", s["missed"]), ("unlisted", s["unlisted"]),
                                  ("alarm   ", s["false_alarms"]),
                                  ("no-data+", s["nodata_with_sites"])):
                for it in items_:
                    print(f"      {label} {it}")
    print()
    head = (f"{'family':<16} {'repos':>5} {'data':>5} {'listed':>6} {'traced':>6} {'recall':>6} "
            f"{'sql-only':>8} {'fired':>5} {'precision':>9}")
    print(head + "\n" + "-" * len(head))
    for fam, v in sorted(fams.items()) + [("ALL", total)]:
        print(f"{fam:<16} {v['repos']:>5} {v['data_routes']:>5} {v['listed']:>6} "
              f"{v['traced']:>6} {ratio(v['traced'], v['listed']):>6} "
              f"{ratio(v['sql_traced'], v['listed']):>8} {v['fired']:>5} "
              f"{ratio(v['fired_right'], v['fired']):>9}")
    print("\nrecall: data routes with a data site / data routes auditor lists; sql-only: the same "
          "with `sql_sites` as the evidence (all an output written before `data_sites` has); "
          "precision: endpoint-without-data firings on routes that touch no data / firings")
    if a.markdown:
        print("\n| family | repos | data routes | listed | with a data site | recall | "
              "recall by sql_sites | without-data fired | precision |\n"
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for fam, v in sorted(fams.items()) + [("**all**", total)]:
            print(f"| {fam} | {v['repos']} | {v['data_routes']} | {v['listed']} | "
                  f"{v['traced']} | {ratio(v['traced'], v['listed'])} | "
                  f"{ratio(v['sql_traced'], v['listed'])} | {v['fired']} | "
                  f"{ratio(v['fired_right'], v['fired'])} |")
    if a.json:
        Path(a.json).write_text(json.dumps({"auditor": a.auditor, "repos": repos,
                                            "families": fams, "total": total}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
