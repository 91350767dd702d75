"""Injection rules on deliberately vulnerable apps: truth written by reading the code, auditor
scored against it (found, missed, findings on look-alikes or elsewhere, flow present).

    python benchmarks/vulnapps/score.py [--root /work/bench/vulnapps] [--only NAME]

Each `truth/<owner>+<name>.json` names the repository, the commit and every SQL-injection
sink and look-alike; the app is expected under ROOT/<owner>+<name> (write it out with
benchmarks/field/extract.py); auditor scans its `root` folder, and file paths in the truth are
the repository's. A finding matches a truth line within 2 lines.

Two truth shapes:
- `sqli` + `lookalikes` (SQL injection only): scored for sql-injection alone.
- `vulns` + `lookalikes`: every injection-type vulnerability, each with its `rule` id
  (`alt_rules`: other rule ids that also count), `file`, `line` (of the sink), `source`,
  `note`; `optional: true` for one that is arguable (counted when found, never missed);
  `scope: "template"` for one whose sink is in a template file (scored on a line of its own:
  auditor reads no template). All of SCORED_RULES is scored for such an app: found / missed /
  extra per rule; an extra on a look-alike line is marked so. Its `sql-injection` entries also
  make the SQL-only line printed first, as for the old files.
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

# the injection-type rules (taint engine) a `vulns` truth file is scored on
SCORED_RULES = ("sql-injection", "command-injection", "code-injection", "path-traversal", "ssrf",
                "open-redirect", "xss", "xxe", "ldap-injection", "xpath-injection",
                "deserialization", "header-injection", "nosql-injection")


def near(f, file, line):
    return f["file"] == file and abs(f["line"] - line) <= 2


def score_all(truth, findings, out):
    """Every injection rule of a `vulns` truth: per rule found / missed / extra."""
    scored = [f for f in findings if f["category"] in SCORED_RULES]
    hits = set()
    per = {}
    tmpl = [0, 0]
    missed, opt_found = [], []
    for v in truth["vulns"]:
        rules = {v["rule"], *v.get("alt_rules", ())}
        m = [f for f in scored if f["category"] in rules and near(f, v["file"], v["line"])]
        hits.update(id(f) for f in m)
        if v.get("scope") == "template":
            tmpl[1] += not v.get("optional")
            tmpl[0] += bool(m) and not v.get("optional")
            continue
        row = per.setdefault(v["rule"], {"truth": 0, "found": 0, "extra": 0})
        if v.get("optional"):
            if m:
                opt_found.append(v)
            continue
        row["truth"] += 1
        if m:
            row["found"] += 1
        else:
            missed.append(v)
    extra = [f for f in scored if id(f) not in hits]
    for f in extra:
        per.setdefault(f["category"], {"truth": 0, "found": 0, "extra": 0})["extra"] += 1
    look = {(lk["file"], lk["line"]) for lk in truth.get("lookalikes", ())}
    cells = ", ".join(f"{r} {c['found']}/{c['truth']}" + (f" +{c['extra']}" if c["extra"] else "")
                      for r, c in sorted(per.items()))
    out.append(f"  all rules: {cells}; optional found {len(opt_found)}; "
               f"template sinks {tmpl[0]}/{tmpl[1]}")
    for v in missed:
        out.append(f"  missed [{v['rule']}] {v['file']}:{v['line']} {v['note'][:90]}")
    for f in extra:
        lk = " (LOOK-ALIKE)" if any(near(f, a, b) for a, b in look) else ""
        out.append(f"  extra  [{f['category']}] {f['file']}:{f['line']}{lk} {f['message'][:90]}")
    others = {}
    for f in findings:
        if f["category"] not in SCORED_RULES and f["category"] in OTHER_SECURITY:
            others[f["category"]] = others.get(f["category"], 0) + 1
    if others:
        out.append("  other security findings (not scored): "
                   + ", ".join(f"{k} {n}" for k, n in sorted(others.items())))
    return per, len(extra)


OTHER_SECURITY = ("trust-boundary", "insecure-cookie", "weak-hash", "insecure-random",
                  "jwt-verification", "hardcoded-secret", "sql-injection-via-caller",
                  "timing-unsafe-compare", "cors", "debug-mode", "sensitive-logging")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default="/work/bench/vulnapps")
    ap.add_argument("--auditor", default=f"{sys.executable} -m auditor")
    ap.add_argument("--only", action="append", default=[], help="truth names containing this")
    args = ap.parse_args(argv)
    total = {"truth": 0, "found": 0, "fp": 0}
    rules_total = {}
    for tf in sorted((HERE / "truth").glob("*.json")):
        if args.only and not any(o in tf.stem for o in args.only):
            continue
        truth = json.loads(tf.read_text())
        if "sqli" not in truth:
            truth["sqli"] = [v for v in truth.get("vulns", ()) if v["rule"] == "sql-injection"
                             and not v.get("optional")]
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
            every = [f for f in json.loads(out.read_text())["findings"] if not f.get("suppressed")]
            if truth.get("root"):  # truth paths are the repository's, findings the root's
                for f in every:
                    f["file"] = f"{truth['root'].strip('/')}/{f['file']}"
            findings = [f for f in every if f["category"] == "sql-injection"]
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
        if "vulns" in truth:
            lines = []
            per, _ = score_all(truth, every, lines)
            print("\n".join(lines))
            for r, c in per.items():
                t = rules_total.setdefault(r, {"truth": 0, "found": 0, "extra": 0})
                for k in t:
                    t[k] += c[k]
    print(f"all: {total['found']}/{total['truth']} found, {total['fp']} other findings")
    if rules_total:
        t = {k: sum(c[k] for c in rules_total.values()) for k in ("truth", "found", "extra")}
        print(f"all rules (apps with a vulns truth): {t['found']}/{t['truth']} found, "
              f"{t['extra']} extra; " + ", ".join(
                  f"{r} {c['found']}/{c['truth']}" + (f" +{c['extra']}" if c["extra"] else "")
                  for r, c in sorted(rules_total.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
