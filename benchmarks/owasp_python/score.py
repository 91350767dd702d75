"""Score auditor on the OWASP Benchmark for Python (OWASP-Benchmark/BenchmarkPython).

    python benchmarks/owasp_python/score.py                              # native engine
    python benchmarks/owasp_python/score.py --engines native,semgrep,bandit
    python benchmarks/owasp_python/score.py --engine-only bandit          # one engine via auditor
    python benchmarks/owasp_python/score.py --json-in out.json            # rescore a saved scan
    python benchmarks/owasp_python/score.py --per-case cases.csv --keep-json out.json
    python benchmarks/owasp_python/score.py --semgrep                     # plain semgrep p/python
    python benchmarks/owasp_python/score.py --auditor "env PYTHONPATH=/tmp/head/src python -m auditor"

auditor runs once, cold (`--no-cache`), as
`<auditor> scan <tree> --format json -o TMP --engines E --no-cache --fail-on none`.
Each finding is mapped to a test case by the `BenchmarkTestNNNNN` in its file name. A test case
counts as flagged when a finding in its file matches the test's category (see MATCHING below);
findings of other categories in the same file are ignored (they are listed in --per-case as
`other_rules`). Findings that auditor itself suppressed (`suppressed` set, e.g. engine-judged
safe SQL) are not counted unless --include-suppressed.

Scoring is the Benchmark's own: per category TPR = TP / #true, FPR = FP / #false,
score = TPR - FPR (Youden index); the overall score is the unweighted mean over the categories.

MATCHING. The expected-results CSV gives one CWE per category. A finding matches a category when
  (cwe)      one of its `cwe` entries is in the category's CWE set (the CSV's CWE plus the close
             CWEs tools report for the same weakness, CATEGORY_CWES below), or
  (category) its rule `category` is one of auditor's categories for it (RULE_CATEGORIES below),
             a fallback for findings that carry no CWE.
`--match cwe` uses the CWE only, `--match category` the category only, `--match either` (default)
both.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

DEFAULT_TREE = "/work/bench/BenchmarkPython"

# CSV category -> CWE numbers that count (the CSV's own first; the others are the near CWEs
# scanners report for the same weakness: eval is CWE-95, weak hashes CWE-327/916, weak random
# CWE-338, cookie without HttpOnly CWE-1004, relative/absolute path traversal CWE-23/36/73).
CATEGORY_CWES: dict[str, set[int]] = {
    "cmdi": {78, 77},
    "codeinj": {94, 95},
    "deserialization": {502},
    "hash": {328, 327, 916},
    "ldapi": {90},
    "pathtraver": {22, 23, 36, 73},
    "redirect": {601},
    "securecookie": {614, 1004},
    "sqli": {89, 564},
    "trustbound": {501},
    "weakrand": {330, 338},
    "xpathi": {643},
    "xss": {79, 80},
    "xxe": {611, 776},
}

# auditor rule `category` -> CSV category (fallback when a finding has no matching CWE).
RULE_CATEGORIES: dict[str, str] = {
    "command-injection": "cmdi",
    "code-injection": "codeinj",
    "deserialization": "deserialization",
    "weak-hash": "hash",
    "ldap-injection": "ldapi",
    "path-traversal": "pathtraver",
    "open-redirect": "redirect",
    "insecure-cookie": "securecookie",
    "cookie": "securecookie",
    "sql-injection": "sqli",
    "trust-boundary": "trustbound",
    "insecure-random": "weakrand",
    "xpath-injection": "xpathi",
    "xss": "xss",
    "xxe": "xxe",
}

_TEST = re.compile(r"BenchmarkTest\d{5}")
_CWE = re.compile(r"(?:CWE-)?(\d+)", re.I)


def load_expected(tree: Path) -> tuple[dict[str, dict], Path]:
    files = sorted(tree.glob("expectedresults-*.csv"))
    if not files:
        sys.exit(f"no expectedresults-*.csv in {tree}")
    path = files[-1]
    cases: dict[str, dict] = {}
    with path.open(newline="") as fh:
        for row in csv.reader(fh):
            if not row or row[0].lstrip().startswith("#"):
                continue
            name, cat, real, cwe = (c.strip() for c in row[:4])
            cases[name] = {"category": cat, "expected": real.lower() == "true", "cwe": int(cwe)}
    return cases, path


def cwe_numbers(values) -> set[int]:
    out = set()
    for v in values or []:
        m = _CWE.search(str(v))
        if m:
            out.add(int(m.group(1)))
    return out


def finding_matches(f: dict, category: str, csv_cwe: int, mode: str) -> bool:
    cwes = CATEGORY_CWES.get(category, set()) | {csv_cwe}
    by_cwe = bool(cwe_numbers(f.get("cwe")) & cwes)
    by_cat = RULE_CATEGORIES.get(f.get("category") or "") == category
    return {"cwe": by_cwe, "category": by_cat}.get(mode, by_cwe or by_cat)


def run_auditor(auditor: str, testcode: Path, engines: str, cache: bool) -> tuple[dict, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        cmd = shlex.split(auditor) + ["scan", str(testcode), "--format", "json", "-o", str(out),
                                      "--engines", engines, "--fail-on", "none", "--no-strict"]
        if not cache:
            cmd.append("--no-cache")
        print("$ " + " ".join(shlex.quote(c) for c in cmd), file=sys.stderr)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if not out.exists():
            sys.exit(f"auditor wrote no JSON (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        return json.loads(out.read_text()), wall


def run_semgrep(testcode: Path, config: str) -> tuple[dict, float]:
    """Plain semgrep with a registry pack; its results converted to auditor-like findings."""
    exe = shutil.which("semgrep")
    if not exe:
        sys.exit("semgrep is not installed")
    cmd = [exe, "scan", "--config", config, "--json", "--quiet", "--metrics=off", str(testcode)]
    print("$ " + " ".join(shlex.quote(c) for c in cmd), file=sys.stderr)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    try:
        raw = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"semgrep failed (exit {proc.returncode}; no network for registry packs?):\n"
                 f"{proc.stderr[-2000:]}")
    if not raw.get("results") and raw.get("errors"):
        sys.exit("semgrep reported errors and no results (no network for registry packs?): "
                 + json.dumps(raw["errors"])[:2000])
    findings = []
    for r in raw.get("results", []):
        meta = (r.get("extra") or {}).get("metadata") or {}
        cwe = meta.get("cwe") or []
        findings.append({"rule_id": "semgrep:" + r.get("check_id", "").rsplit(".", 1)[-1],
                         "category": "", "cwe": cwe if isinstance(cwe, list) else [cwe],
                         "file": r.get("path", ""), "line": (r.get("start") or {}).get("line"),
                         "engines": ["semgrep-registry"], "suppressed": None})
    return {"findings": findings, "engines": [{"name": "semgrep", "status": "ok",
                                                "message": config}]}, wall


def score(cases: dict, report: dict, mode: str, include_suppressed: bool):
    by_case: dict[str, list[dict]] = defaultdict(list)
    for f in report.get("findings", []):
        if f.get("suppressed") and not include_suppressed:
            continue
        m = _TEST.search(os.path.basename(f.get("file") or ""))
        if m:
            by_case[m.group(0)].append(f)
    per_case = []
    stats: dict[str, dict] = {}
    for name, c in sorted(cases.items()):
        cat = c["category"]
        hits = [f for f in by_case.get(name, []) if finding_matches(f, cat, c["cwe"], mode)]
        others = [f for f in by_case.get(name, []) if f not in hits
                  and f.get("rule_id") != "endpoint-without-data"]
        flagged = bool(hits)
        s = stats.setdefault(cat, {"cwe": c["cwe"], "true": 0, "false": 0, "tp": 0, "fp": 0})
        s["true" if c["expected"] else "false"] += 1
        if flagged:
            s["tp" if c["expected"] else "fp"] += 1
        outcome = ("TP" if flagged else "FN") if c["expected"] else ("FP" if flagged else "TN")
        per_case.append({
            "name": name, "category": cat, "cwe": c["cwe"], "expected": c["expected"],
            "flagged": flagged, "outcome": outcome,
            "rules": ";".join(sorted({f"{f.get('rule_id')}@{f.get('line')}" for f in hits})),
            "other_rules": ";".join(sorted({str(f.get("rule_id")) for f in others})),
        })
    for s in stats.values():
        s["tpr"] = s["tp"] / s["true"] if s["true"] else 0.0
        s["fpr"] = s["fp"] / s["false"] if s["false"] else 0.0
        s["score"] = s["tpr"] - s["fpr"]
    return stats, per_case


def table(stats: dict, markdown: bool) -> str:
    head = ["category", "CWE", "#true", "#false", "TP", "FP", "TPR", "FPR", "score"]
    rows = []
    for cat in sorted(stats):
        s = stats[cat]
        rows.append([cat, str(s["cwe"]), str(s["true"]), str(s["false"]), str(s["tp"]),
                     str(s["fp"]), f"{s['tpr']:.3f}", f"{s['fpr']:.3f}", f"{s['score']:+.3f}"])
    n = len(stats) or 1
    avg = [sum(s[k] for s in stats.values()) / n for k in ("tpr", "fpr", "score")]
    tot = [sum(s[k] for s in stats.values()) for k in ("true", "false", "tp", "fp")]
    rows.append([f"average ({len(stats)})", "", *map(str, tot),
                 f"{avg[0]:.3f}", f"{avg[1]:.3f}", f"{avg[2]:+.3f}"])
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * 8) + "|"]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(out)
    widths = [max(len(x[i]) for x in [head] + rows) for i in range(len(head))]
    fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)  # noqa: E731
                              for i, (c, w) in enumerate(zip(r, widths)))
    lines = [fmt(head), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows[:-1]]
    return "\n".join(lines + [fmt(["-" * w for w in widths]), fmt(rows[-1])])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--tree", default=DEFAULT_TREE, help=f"extracted Benchmark (default {DEFAULT_TREE})")
    ap.add_argument("--engines", default="native", help="passed to auditor --engines (default native)")
    ap.add_argument("--engine-only", choices=["native", "semgrep", "bandit"],
                    help="shorthand for --engines X (auditor's own semgrep pack / bandit wrapper)")
    ap.add_argument("--auditor", default="python -m auditor", help="auditor command line")
    ap.add_argument("--json-in", metavar="FILE", help="score this auditor JSON instead of running")
    ap.add_argument("--keep-json", metavar="FILE", help="save the auditor JSON of the run here")
    ap.add_argument("--semgrep", nargs="?", const="p/python", metavar="CONFIG",
                    help="run plain semgrep with CONFIG (default p/python; needs network)")
    ap.add_argument("--per-case", metavar="FILE", help="write per-case results as CSV")
    ap.add_argument("--match", choices=["either", "cwe", "category"], default="either")
    ap.add_argument("--include-suppressed", action="store_true",
                    help="count findings auditor suppressed (engine-judged) too")
    ap.add_argument("--cache", action="store_true", help="let auditor use its cache (default cold)")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--json", metavar="FILE", help="write the per-category scores as JSON")
    ap.add_argument("--scope", choices=("tree", "testcode"), default="tree",
                    help="scan the whole Benchmark application (default) or testcode/ alone")
    args = ap.parse_args(argv)

    tree = Path(args.tree)
    # the application as a user scans it: app.py, helpers/ (request wrappers, the Thing classes,
    # the database helper) and testcode/; --scope testcode scans the test cases alone
    testcode = tree / "testcode" if args.scope == "testcode" else tree
    cases, csv_path = load_expected(tree)
    engines = args.engine_only or args.engines
    wall = None
    if args.json_in:
        report = json.loads(Path(args.json_in).read_text())
        label = f"auditor JSON {args.json_in}"
    elif args.semgrep:
        report, wall = run_semgrep(testcode, args.semgrep)
        label = f"semgrep --config {args.semgrep}"
    else:
        report, wall = run_auditor(args.auditor, testcode, engines, args.cache)
        label = f"auditor --engines {engines}"
    if args.keep_json and not args.json_in:
        Path(args.keep_json).write_text(json.dumps(report))

    stats, per_case = score(cases, report, args.match, args.include_suppressed)
    print(f"OWASP Benchmark for Python: {csv_path.name}, {len(cases)} test cases, "
          f"{len(stats)} categories; {label}; match={args.match}"
          + (f"; wall {wall:.1f} s" if wall is not None else ""))
    for e in report.get("engines", []):
        if e.get("status") not in (None, "skipped"):
            msg = (e.get("message") or "")[:160]
            print(f"  engine {e.get('name')}: {e.get('status')}"
                  + (f", {e.get('seconds')} s" if e.get("seconds") is not None else "")
                  + (f" ({msg})" if msg else ""))
    print(table(stats, args.markdown))

    if args.per_case:
        with open(args.per_case, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(per_case[0]))
            w.writeheader()
            w.writerows(per_case)
    if args.json:
        n = len(stats) or 1
        Path(args.json).write_text(json.dumps({
            "label": label, "wall_seconds": wall, "match": args.match, "categories": stats,
            "average": {k: sum(s[k] for s in stats.values()) / n for k in ("tpr", "fpr", "score")},
        }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
