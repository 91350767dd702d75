"""SQL injection on deliberately vulnerable apps: truth written by reading the code, auditor
scored against it (found, missed, findings on look-alikes or elsewhere, flow present).

    python benchmarks/vulnapps/score.py [--root /work/bench/vulnapps]

Each `truth/<owner>+<name>.json` names the repository, the commit and every SQL-injection
sink and look-alike; the app is expected under ROOT/<owner>+<name> (write it out with
benchmarks/field/extract.py). A finding matches a truth line within 2 lines.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default="/work/bench/vulnapps")
    ap.add_argument("--auditor", default=f"{sys.executable} -m auditor")
    args = ap.parse_args(argv)
    total = {"truth": 0, "found": 0, "fp": 0}
    for tf in sorted((HERE / "truth").glob("*.json")):
        truth = json.loads(tf.read_text())
        tree = Path(args.root) / tf.stem / truth.get("root", "")
        if not tree.is_dir():
            print(f"{tf.stem}: not extracted at {tree}, skipped")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "a.json"
            t = time.perf_counter()
            subprocess.run(args.auditor.split() + ["scan", str(tree), "--engines", "native",
                                                   "--format", "json", "-o", str(out),
                                                   "--no-cache", "--fail-on", "none", "--no-strict"],
                           capture_output=True)
            wall = time.perf_counter() - t
            findings = [f for f in json.loads(out.read_text())["findings"]
                        if f["category"] == "sql-injection" and not f.get("suppressed")]
        hits = set()
        missed = []
        for s in truth["sqli"]:
            m = [f for f in findings if f["file"] == s["file"] and abs(f["line"] - s["line"]) <= 2]
            if m:
                hits.update(id(f) for f in m)
            else:
                missed.append(s)
        extra = [f for f in findings if id(f) not in hits]
        flows = sum(1 for f in findings if f.get("flow"))
        print(f"{tf.stem} ({truth['commit'][:10]}, {wall:.1f} s): {len(truth['sqli']) - len(missed)}"
              f"/{len(truth['sqli'])} found, {len(extra)} other findings, {flows}/{len(findings)} "
              "with a flow")
        for s in missed:
            print(f"  missed {s['file']}:{s['line']} {s['note']}")
        for f in extra:
            print(f"  extra  {f['file']}:{f['line']} {f['message'][:100]}")
        total["truth"] += len(truth["sqli"])
        total["found"] += len(truth["sqli"]) - len(missed)
        total["fp"] += len(extra)
    print(f"all: {total['found']}/{total['truth']} found, {total['fp']} other findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
