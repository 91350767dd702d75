"""Scan AIM, Kamiyo and the field corpus with the native engine and match the findings of the
real-implementation rules to the judgments in `impl_judged.json` (issue 18).

    PYTHONPATH=src python benchmarks/field/judge_impl.py [--scan] [--only NAME] [--out /tmp/impl]
        [--mark after_hNN] [--write-new]

- `--scan` runs `auditor scan <dir> --engines native --format json` for every target (the
  truth file's `root` for a field repository) into `--out/<name>.json`; without it the saved
  outputs there are read.
- A finding matches a judgment by (rule, repo, file, line). The report lists the judged-wrong
  findings still reported, the judgments no longer reported, and the findings not judged yet
  (written to `--out/unjudged.json` for reading).
- `--mark FIELD` writes FIELD = reported|gone into every judgment of `impl_judged.json`.
- AIM's stub list (`aim_stubs.json`): how many of its (file, line) a finding of these rules
  reports (a line of the stub's `span`, or one of its `also` places, counts).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
JUDGED = HERE / "impl_judged.json"
STUBS = HERE / "aim_stubs.json"
RULES = {
    "endpoint-without-data", "handler-bypasses-service", "hardcoded-return", "noop-handler",
    "mock-data", "stub-comment", "not-implemented", "hardcoded-secret", "success-by-default",
    "fabricated-timestamp", "repeated-count", "unused-filter-parameter",
}
TARGETS = {"aim": Path("/work/targets/aim"), "kamiyo": Path("/work/targets/kamiyo")}
COPIES = Path("/work/field")


def targets(only: list[str]) -> dict[str, Path]:
    out = dict(TARGETS)
    for truth in sorted((HERE / "truth").glob("*.json")):
        data = json.loads(truth.read_text())
        name = truth.stem
        root = COPIES / name
        if data.get("root"):
            root = root / data["root"]
        out[name] = root
    if only:
        out = {k: v for k, v in out.items() if any(o in k for o in only)}
    return out


def scan(name: str, root: Path, out: Path) -> None:
    dest = out / f"{name}.json"
    cmd = [sys.executable, "-m", "auditor", "scan", str(root), "--engines", "native",
           "--format", "json", "-o", str(dest), "--fail-on", "none"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    if proc.returncode != 0 or not dest.exists():
        print(f"{name}: scan failed ({proc.returncode}) {proc.stderr[-400:]}", file=sys.stderr)


def findings(name: str, out: Path) -> list[dict]:
    path = out / f"{name}.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text())
    return [f for f in data.get("findings", []) if f.get("rule_id") in RULES]


def _stub_reported(stub: dict, lines: set) -> bool:
    """A stub is reported by a finding on its line, on a line of its `span` (the statements
    that make the stand-in, where the comment admitting it may be the anchor), or at one of its
    `also` places (the handler answering success for a no-op callee)."""
    places = {(stub["file"], stub["line"])}
    lo, hi = stub.get("span") or (stub["line"], stub["line"])
    places |= {(stub["file"], n) for n in range(lo, hi + 1)}
    places |= {(f, n) for f, n in stub.get("also", ())}
    return bool(places & lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scan", action="store_true")
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--out", default="/tmp/impl")
    ap.add_argument("--mark", help="field written into impl_judged.json: reported|gone")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tgts = targets(args.only)
    if args.scan:
        for name, root in tgts.items():
            if root.is_dir():
                scan(name, root, out)
            else:
                print(f"{name}: no copy at {root}", file=sys.stderr)

    judged = json.loads(JUDGED.read_text())
    index = {(j["rule"], j["repo"], j["file"], j["line"]): j for j in judged}
    reported: set[tuple] = set()
    unjudged = []
    for name in tgts:
        for f in findings(name, out):
            key = (f["rule_id"], name, f["file"], f["line"])
            reported.add(key)
            if key not in index:
                unjudged.append({"rule": f["rule_id"], "repo": name, "file": f["file"],
                                 "line": f["line"], "message": f.get("message", "")})
    scope = [j for j in judged if j["repo"] in tgts]
    wrong = collections.Counter()
    right = collections.Counter()
    gone_right = []
    print("judged wrong, still reported:")
    for j in scope:
        key = (j["rule"], j["repo"], j["file"], j["line"])
        if key in reported:
            (wrong if j["verdict"] == "wrong" else right)[j["rule"]] += 1
            if j["verdict"] == "wrong":
                print(f"  {j['rule']} {j['repo']} {j['file']}:{j['line']}  {j['message'][:110]}")
        elif j["verdict"] == "right":
            gone_right.append(j)
    print("judged right, no longer reported:")
    for j in gone_right:
        print(f"  {j['rule']} {j['repo']} {j['file']}:{j['line']}  {j['message'][:110]}")
    print("not judged yet:")
    for u in unjudged:
        print(f"  {u['rule']} {u['repo']} {u['file']}:{u['line']}  {u['message'][:110]}")
    (out / "unjudged.json").write_text(json.dumps(unjudged, indent=1))
    print("\nper rule: wrong still reported / right reported / right gone / unjudged")
    rules = sorted(set(wrong) | set(right) | {j["rule"] for j in gone_right}
                   | {u["rule"] for u in unjudged})
    gone_c = collections.Counter(j["rule"] for j in gone_right)
    un_c = collections.Counter(u["rule"] for u in unjudged)
    for r in rules:
        print(f"  {r:28} {wrong[r]:4} {right[r]:4} {gone_c[r]:4} {un_c[r]:4}")
    print(f"  {'total':28} {sum(wrong.values()):4} {sum(right.values()):4} "
          f"{len(gone_right):4} {len(unjudged):4}")
    if "aim" in tgts and STUBS.exists():
        stubs = json.loads(STUBS.read_text())
        lines = {(f["file"], f["line"]) for f in findings("aim", out)}
        hit = [s for s in stubs if _stub_reported(s, lines)]
        print(f"\nAIM stubs reported: {len(hit)}/{len(stubs)}")
        for s in stubs:
            if not _stub_reported(s, lines):
                print(f"  missed {s['file']}:{s['line']} {s['what'][:90]}")
    if args.mark:
        for j in judged:
            if j["repo"] in tgts:
                key = (j["rule"], j["repo"], j["file"], j["line"])
                j[args.mark] = "reported" if key in reported else "gone"
        JUDGED.write_text(json.dumps(judged, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
