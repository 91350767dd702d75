"""Score `auditor endpoints` on the field corpus: route recall and precision, auth agreement,
unresolved routes, per repository, per framework and overall.

    python benchmarks/field/score.py                     # every truth file
    python benchmarks/field/score.py --framework gin --details
    python benchmarks/field/score.py --only realworld --markdown
    python benchmarks/field/score.py --reuse             # rescore the last raw outputs

Each truth file (`truth/<owner>+<name>.json`, see README.md) names a repository extracted to
`<copies>/<owner>+<name>/` (by `extract.py`); auditor runs on `<copy>/<root>` with no cache.
Paths are compared with every parameter written `{}` (`:id`, `{id}`, `<int:id>`, `[id]`, `*`),
no trailing slash; methods upper case. Implicit endpoints (automatic HEAD/OPTIONS, FastAPI docs)
are left out. Auth agreement counts the matched routes whose truth auth is not null.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
_PARAM = re.compile(r"^(\{[^}]*\}|:[^/]+|<[^>]+>|\[\[?\.{0,3}[^\]]*\]?\]|\*[^/]*)$")


def norm_path(path: str) -> str:
    path = re.sub(r"/+", "/", "/" + (path or "").strip())
    parts = []
    for seg in path.strip("/").split("/"):
        if not seg or seg == "{$}":
            continue
        parts.append("{}" if _PARAM.match(seg) else seg)
    return "/" + "/".join(parts)


def norm_method(m: str) -> str:
    m = (m or "").upper()
    return "WS" if m in ("WS", "WEBSOCKET") else m


def run_auditor(cmd: list[str], target: Path, out: Path, timeout: float) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    try:
        proc = subprocess.run([*cmd, "endpoints", str(target), "--format", "json", "--no-cache"],
                              capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"failed": f"timeout after {timeout:.0f} s"}
    if proc.returncode != 0 or "Traceback" in proc.stderr:
        return {"failed": f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"}
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        return {"failed": f"not JSON: {exc}"}
    out.write_text(proc.stdout)
    return data


def score_one(truth: dict, data: dict) -> dict:
    expected = {}
    for e in truth.get("endpoints", []):
        expected[(norm_method(e["method"]), norm_path(e["path"]))] = e.get("auth")
    found = {}
    for e in data.get("endpoints", []):
        if e.get("implicit"):
            continue
        auth = e.get("auth") or ("required" if e.get("authenticated") else "none")
        found.setdefault((norm_method(e["method"]), norm_path(e["path"])), auth)
    tp = set(expected) & set(found)
    auth_pairs = [(k, expected[k], found[k]) for k in sorted(tp) if expected[k] is not None]
    agree = [p for p in auth_pairs if p[1] == p[2]]
    any_cover = [k for k in set(expected) - tp if ("ANY", k[1]) in found]
    return {"truth": len(expected), "found": len(found), "tp": len(tp),
            "missed": sorted(set(expected) - tp), "extra": sorted(set(found) - tp),
            "auth_total": len(auth_pairs), "auth_agree": len(agree),
            "auth_wrong": [(k, t, f) for k, t, f in auth_pairs if t != f],
            "covered_by_any": len(any_cover),
            "unresolved": len(data.get("unresolved_routes", []))}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--truth", default=str(HERE / "truth"))
    ap.add_argument("--copies", default="/work/field")
    ap.add_argument("--out", default="/tmp/field-out", help="raw auditor outputs are kept here")
    ap.add_argument("--auditor", default=f"{sys.executable} -m auditor",
                    help="command that runs auditor")
    ap.add_argument("--only", action="append", default=[], help="substring of a truth file name")
    ap.add_argument("--framework", action="append", default=[])
    ap.add_argument("--reuse", action="store_true", help="score the raw outputs in --out")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", dest="json_out")
    a = ap.parse_args()
    out_dir = Path(a.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    truths = []
    for f in sorted(Path(a.truth).glob("*.json")):
        if a.only and not any(s in f.stem for s in a.only):
            continue
        try:
            t = json.loads(f.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            print(f"{f.name}: unreadable truth file: {exc}", file=sys.stderr)
            continue
        if a.framework and t.get("framework") not in a.framework:
            continue
        truths.append((f.stem, t))
    cmd = shlex.split(a.auditor)

    def one(item):
        name, t = item
        copy = Path(a.copies) / name / (t.get("root") or "")
        raw = out_dir / f"{name}.json"
        if a.reuse:
            if not raw.is_file():
                return name, t, {"failed": "no saved output (run without --reuse)"}
            return name, t, json.loads(raw.read_text())
        if not copy.is_dir():
            return name, t, {"failed": f"no extracted copy at {copy} (run extract.py)"}
        return name, t, run_auditor(cmd, copy, raw, a.timeout)

    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        results = list(pool.map(one, truths))
    rows, per_fw, report = [], {}, {}
    for name, t, data in results:
        fw = t.get("framework", "?")
        if "failed" in data:
            print(f"{name}: auditor failed: {data['failed']}", file=sys.stderr)
            s = score_one(t, {})
            s["failed"] = data["failed"]
        else:
            s = score_one(t, data)
        report[name] = {"framework": fw, **{k: v for k, v in s.items()}}
        agg = per_fw.setdefault(fw, {"repos": 0, "truth": 0, "found": 0, "tp": 0, "auth_total": 0,
                                     "auth_agree": 0, "unresolved": 0, "failed": 0})
        agg["repos"] += 1
        for k in ("truth", "found", "tp", "auth_total", "auth_agree", "unresolved"):
            agg[k] += s[k]
        agg["failed"] += 1 if s.get("failed") else 0
        rows.append((fw, name, s))
    print(f"{'framework':<9} {'repository':<48} {'truth':>5} {'found':>5} {'recall':>6} "
          f"{'prec':>5} {'auth':>5} {'unres':>5}")
    for fw, name, s in sorted(rows):
        print(f"{fw:<9} {name[:48]:<48} {s['truth']:>5} {s['found']:>5} "
              f"{ratio(s['tp'], s['truth']):>6} {ratio(s['tp'], s['found']):>5} "
              f"{ratio(s['auth_agree'], s['auth_total']):>5} {s['unresolved']:>5}"
              + ("  FAILED" if s.get("failed") else ""))
        if a.details:
            for k in s["missed"]:
                print(f"      missed {k[0]} {k[1]}")
            for k in s["extra"]:
                print(f"      extra  {k[0]} {k[1]}")
            for k, tr, got in s["auth_wrong"]:
                print(f"      auth   {k[0]} {k[1]}: truth {tr}, auditor {got}")
    total = {k: sum(v[k] for v in per_fw.values()) for k in
             ("repos", "truth", "found", "tp", "auth_total", "auth_agree", "unresolved", "failed")}
    print()
    lines = ["| framework | repos | truth routes | recall | precision | auth agreement | "
             "unresolved |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for fw, v in sorted(per_fw.items()) + [("all", total)]:
        lines.append(f"| {fw} | {v['repos']} | {v['truth']} | {ratio(v['tp'], v['truth'])} | "
                     f"{ratio(v['tp'], v['found'])} | {ratio(v['auth_agree'], v['auth_total'])} | "
                     f"{v['unresolved']} |")
    if a.markdown:
        print("\n".join(lines))
    else:
        for fw, v in sorted(per_fw.items()) + [("ALL", total)]:
            print(f"{fw:<9} repos {v['repos']:>2}  truth {v['truth']:>4}  recall "
                  f"{ratio(v['tp'], v['truth']):>5}  precision {ratio(v['tp'], v['found']):>5}  "
                  f"auth {ratio(v['auth_agree'], v['auth_total']):>5}  unresolved "
                  f"{v['unresolved']:>4}" + (f"  failed {v['failed']}" if v["failed"] else ""))
    if a.json_out:
        Path(a.json_out).write_text(json.dumps({"repos": report, "frameworks": per_fw,
                                                "total": total}, indent=1, default=list))
    return 0


if __name__ == "__main__":
    sys.exit(main())
