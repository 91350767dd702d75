"""Score the `missing-auth` alarm on the field corpus against the truth's auth labels.

    python benchmarks/field/score_alarms.py                     # every truth file with auth
    python benchmarks/field/score_alarms.py --details           # every alarm, judged
    python benchmarks/field/score_alarms.py --auditor "env PYTHONPATH=/tmp/head/src python -m auditor"

auditor runs `scan --engines native --format json --no-cache --fail-on none` on each extracted
copy (root from `truth/<owner>+<name>.json`), two at a time. Each `missing-auth` finding names its
endpoints ("METHOD path"); they are matched to the truth routes as in score.py. An alarm is:
- `wrong` when the truth says the route requires auth (the issue's bar: none of these);
- `open` when the truth says the route has no auth (a reviewer reads it: public by design or a
  real gap; the README quotes how many);
- `optional` when the truth says optional auth;
- `unknown` when the route is not in the truth or its auth is unknown.
"""
from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from score import norm_method, norm_path  # noqa: E402


def run_scan(cmd: str, target: Path, timeout: int = 900) -> tuple[list, str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scan.json"
        try:
            proc = subprocess.run(shlex.split(cmd) + [
                "scan", str(target), "--engines", "native", "--format", "json", "-o", str(out),
                "--no-cache", "--fail-on", "none"], capture_output=True, text=True,
                timeout=timeout)
        except subprocess.TimeoutExpired:
            return [], "timeout"
        if not out.exists():
            return [], (proc.stderr or "no output")[-300:]
        return json.loads(out.read_text()).get("findings", []), ""


def judge(truth: dict, findings: list) -> list[tuple[str, str, str]]:
    """(verdict, endpoint, message) of every missing-auth alarm."""
    labels = {(norm_method(r["method"]), norm_path(r["path"])): r.get("auth")
              for r in truth.get("endpoints", [])}
    out = []
    for f in findings:
        if f.get("rule_id") != "missing-auth" or f.get("suppressed"):
            continue
        for key in f.get("endpoints") or ["? ?"]:
            method, _, path = key.partition(" ")
            auth = labels.get((norm_method(method), norm_path(path)))
            verdict = {"required": "wrong", "none": "open", "optional": "optional"}.get(
                auth or "", "unknown")
            out.append((verdict, key, f.get("message", "")))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", default="/work/field", help="folder of extracted copies")
    ap.add_argument("--auditor", default=f"{sys.executable} -m auditor")
    ap.add_argument("--details", action="store_true")
    a = ap.parse_args()
    items = []
    for f in sorted((HERE / "truth").glob("*.json")):
        t = json.loads(f.read_text())
        if t.get("auth_known") is False:
            continue
        target = Path(a.copies) / f.stem / (t.get("root") or "")
        if not target.is_dir():
            print(f"skipped {f.stem}: no copy at {target}", file=sys.stderr)
            continue
        items.append((f.stem, t, target))
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda it: run_scan(a.auditor, it[2]), items))
    totals: dict = {}
    print(f"{'repository':<46} {'alarms':>6} {'wrong':>5} {'open':>5} {'optional':>8} {'unknown':>7}")
    for (name, t, _), (findings, err) in zip(items, results):
        if err:
            print(f"{name:<46} failed: {err}")
            continue
        judged = judge(t, findings)
        counts = {k: sum(1 for v, _, _ in judged if v == k)
                  for k in ("wrong", "open", "optional", "unknown")}
        for k, v in counts.items():
            totals[k] = totals.get(k, 0) + v
        print(f"{name:<46} {len(judged):>6} {counts['wrong']:>5} {counts['open']:>5} "
              f"{counts['optional']:>8} {counts['unknown']:>7}")
        if a.details:
            for v, key, msg in judged:
                print(f"      {v:<8} {key}: {msg[:150]}")
    n = sum(totals.values())
    print(f"{'ALL':<46} {n:>6} {totals.get('wrong', 0):>5} {totals.get('open', 0):>5} "
          f"{totals.get('optional', 0):>8} {totals.get('unknown', 0):>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
