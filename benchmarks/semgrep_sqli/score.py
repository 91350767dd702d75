"""SQL injection on semgrep's own rule tests, auditor and semgrep side by side in one run.

semgrep-rules keeps, next to each rule, a test file whose lines are annotated `ruleid: <id>`
(the next statement must be reported), `ok: <id>` (it must not), `todoruleid` (semgrep misses
it: counted as expected) and `todook` (semgrep reports it wrongly: counted as must-not). This
script writes the SQL-injection tests and their rules out of a fetched mirror, runs
`auditor scan --engines native` and `semgrep scan --config <those rules>` once each, and scores
both at statement level: a finding counts for an annotation when its line lies in the annotated
statement (the line after the comment up to the next annotation or blank line, at most 6 lines)
when the lines it spans (a call written across lines: from its first to its last line) meet that
statement; the same for both tools.

    python benchmarks/semgrep_sqli/score.py --mirror /work/.mirror/semgrep+semgrep-rules/repo \
        [--out /work/bench/semgrep-sqli] [--per-line FILE]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

# the SQL-injection tests (security rules whose id says sql injection), by path
PICK = re.compile(r"(^|/)(sqli|injection/sql|[\w-]*sqli[\w-]*|tainted-sql-string|formatted-sql-query|"
                  r"sqlalchemy-execute-raw-query|sqlalchemy-sql-injection|avoid-sqlalchemy-text|"
                  r"sql-injection[\w-]*)(/|\.)")
LANGS = {".py": "python", ".go": "go", ".js": "javascript", ".ts": "typescript"}
MARK = re.compile(r"(?:#|//|/\*)\s*(todoruleid|ruleid|todook|ok)\s*:")


def git(mirror: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={mirror}", *args], capture_output=True,
                          check=True).stdout


def extract(mirror: Path, out: Path) -> str:
    commit = git(mirror, "rev-parse", "HEAD").decode().strip()
    names = git(mirror, "ls-tree", "-r", "--name-only", "HEAD").decode().splitlines()
    tests = [n for n in names if Path(n).suffix in LANGS and "/security/" in n and PICK.search(n)]
    for n in tests:
        for path in (n, str(Path(n).with_suffix(".yaml"))):
            if path not in names:
                continue
            dest = out / ("rules" if path.endswith(".yaml") else "tests") / path
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(git(mirror, "cat-file", "blob", f"HEAD:{path}"))
    return commit


def truth(tests: Path) -> tuple[dict, dict]:
    """file -> [(first, last, kind)] statement spans of every annotation."""
    spans: dict = defaultdict(list)
    for f in sorted(tests.rglob("*")):
        if f.suffix not in LANGS:
            continue
        lines = f.read_text(encoding="utf-8", errors="replace").split("\n")
        marks = [(i, m.group(1)) for i, line in enumerate(lines, 1) if (m := MARK.search(line))]
        for j, (i, kind) in enumerate(marks):
            code_before = lines[i - 1][:MARK.search(lines[i - 1]).start()].strip()
            first = i if code_before else i + 1
            nxt = marks[j + 1][0] if j + 1 < len(marks) else len(lines) + 1
            last = first
            while last + 1 < nxt and last - first < 5 and lines[last].strip():
                last += 1
            spans[str(f.relative_to(tests))].append((first, last, kind))
    return spans, {}


def score(spans: dict, found: dict) -> dict:
    """Per language: expected, negatives, TP, FN, FP (findings on no expected statement)."""
    out: dict = defaultdict(lambda: defaultdict(int))
    rows = []
    for file, marks in spans.items():
        lang = LANGS[Path(file).suffix]
        lines = found.get(file, set())
        used: set = set()
        for first, last, kind in marks:
            hit = {span for span in lines if span[0] <= last and first <= span[1]}
            used |= hit
            expected = kind in ("ruleid", "todoruleid")
            out[lang]["expected" if expected else "negatives"] += 1
            if expected:
                out[lang]["tp" if hit else "fn"] += 1
            elif hit:
                out[lang]["fp"] += 1
            rows.append((file, first, kind, bool(hit)))
        stray = lines - used
        out[lang]["fp"] += len(stray)
        rows.extend((file, span[0], "none", True) for span in sorted(stray))
    return out, rows


def run_auditor(cmd: str, tests: Path) -> tuple[dict, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "a.json"
        t = time.perf_counter()
        subprocess.run(shlex.split(cmd) + ["scan", str(tests), "--engines", "native", "--format",
                                           "json", "-o", str(out), "--no-cache", "--fail-on",
                                           "none", "--no-strict"], capture_output=True)
        wall = time.perf_counter() - t
        data = json.loads(out.read_text())
    found: dict = defaultdict(set)
    for f in data["findings"]:
        if f["category"] == "sql-injection" and not f.get("suppressed"):
            found[f["file"]].add((f["line"], max(f["line"], f.get("end_line") or 0)))
    return found, wall


def run_semgrep(rules: Path, tests: Path) -> tuple[dict, float]:
    exe = str(Path(sys.executable).parent / "semgrep")
    t = time.perf_counter()
    proc = subprocess.run([exe if os.path.exists(exe) else "semgrep", "scan", "--config",
                           str(rules), "--json", "--quiet", "--metrics=off", "--disable-version-check",
                           str(tests)], capture_output=True, text=True)
    wall = time.perf_counter() - t
    found: dict = defaultdict(set)
    try:
        results = json.loads(proc.stdout)["results"]
    except (ValueError, KeyError):
        print("semgrep failed:", proc.stderr[-500:], file=sys.stderr)
        return found, wall
    for r in results:
        rel = str(Path(r["path"]).resolve().relative_to(tests.resolve()))
        found[rel].add((r["start"]["line"], max(r["start"]["line"], r["end"]["line"])))
    return found, wall


def table(name: str, res: dict, wall: float) -> None:
    print(f"{name} ({wall:.1f} s)")
    print(f"  {'language':<11} {'expected':>8} {'neg':>5} {'TP':>4} {'FN':>4} {'FP':>4} "
          f"{'recall':>7} {'prec':>6}")
    tot: dict = defaultdict(int)
    for lang in sorted(res):
        r = res[lang]
        for k, v in r.items():
            tot[k] += v
        _row(lang, r)
    _row("all", tot)


def _row(lang: str, r: dict) -> None:
    tp, fn, fp = r.get("tp", 0), r.get("fn", 0), r.get("fp", 0)
    rec = tp / (tp + fn) if tp + fn else 0.0
    prec = tp / (tp + fp) if tp + fp else 0.0
    print(f"  {lang:<11} {r.get('expected', 0):>8} {r.get('negatives', 0):>5} {tp:>4} {fn:>4} "
          f"{fp:>4} {rec:>7.2f} {prec:>6.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirror", default="/work/.mirror/semgrep+semgrep-rules/repo")
    ap.add_argument("--out", default="/work/bench/semgrep-sqli")
    ap.add_argument("--auditor", default=f"{sys.executable} -m auditor")
    ap.add_argument("--no-semgrep", action="store_true")
    ap.add_argument("--per-line", metavar="FILE")
    args = ap.parse_args(argv)
    out = Path(args.out)
    try:
        commit = extract(Path(args.mirror), out)
    except subprocess.CalledProcessError:
        print(f"no git directory of semgrep/semgrep-rules at {args.mirror}: fetch it first "
              "(the session's `fetch github:semgrep/semgrep-rules`) or pass --mirror",
              file=sys.stderr)
        return 2
    tests, rules = out / "tests", out / "rules"
    spans, _ = truth(tests)
    print(f"semgrep-rules {commit[:12]}: {len(spans)} SQL-injection test files")
    found, wall = run_auditor(args.auditor, tests)
    res, rows = score(spans, found)
    table("auditor --engines native", res, wall)
    if not args.no_semgrep:
        sfound, swall = run_semgrep(rules, tests)
        sres, _ = score(spans, sfound)
        table("semgrep with the rules the tests were written for", sres, swall)
        print(f"wall ratio auditor/semgrep: {wall / swall:.2f}" if swall else "")
    if args.per_line:
        with open(args.per_line, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["file", "line", "annotation", "auditor_hit"])
            w.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
