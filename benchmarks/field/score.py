"""Score `auditor endpoints` on the field corpus: route recall and precision, auth agreement and
unresolved routes, per repository, per framework and overall.

    python benchmarks/field/score.py                         # every truth file, auditor importable
    python benchmarks/field/score.py --auditor "env PYTHONPATH=/tmp/auditor-head/src python -m auditor"
    python benchmarks/field/score.py --framework gin --only realworld --details
    python benchmarks/field/score.py --reuse /tmp/field-out --markdown --json scores.json

For each truth file `truth/<owner>+<name>.json` (see README.md), auditor runs as
`<auditor> endpoints <copies>/<owner>+<name>/<root> --format json --no-cache` (two at a time, each
with a timeout); its raw JSON goes to `--out DIR/<owner>+<name>.json` and the run's exit code,
time and stderr to `<owner>+<name>.run.json`. `--reuse DIR` rescores those files without running
auditor. A missing copy or a bad truth file is reported and left out of the totals.

Both sides are compared as (METHOD, path) with every parameter written `{}` whatever its syntax
(`{id}`, `{id:re}`, `:id`, `:id?`, `<int:id>`, `[id]`, `[...id]`, `[[...id]]`, `*`, `*rest`,
`{*}`, `{rest...}`), Go's `{$}` dropped, `//` collapsed, no trailing slash; WEBSOCKET is WS.
Implicit auditor endpoints (automatic HEAD/OPTIONS, docs) are left out. A path listed with each
of GET, POST, PUT, PATCH and DELETE is the path with ANY (every method: how a view such as
Django's RedirectView is written is a labelling choice), on both sides. An auditor ANY matches a
truth ANY only; truth routes with a specific method that an auditor ANY on the same path would
cover are counted apart (`any_covers`, a diagnostic). Auth agreement is over matched routes whose
truth auth is not null; auditor's `auth`, else `required` when `authenticated`. Totals are
micro-averaged (sum of true positives / sum of truth routes, ...).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
AUTH_VALUES = ("required", "optional", "none")
# A brace group may hold one level of nested braces ({id:[0-9]{4}}) and slashes ({p:.*/x}).
_BRACES = re.compile(r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")
_INLINE = re.compile(r"<[^<>/]+>|\[\[\.\.\.[^\]/]+\]\]|\[(?:\.\.\.)?[^\]/]+\]")
_SEGMENT = re.compile(r"^(?::[^/]+|\*[^/]*|\+)$")  # whole-segment :name, :name?, *, *rest, +


def norm_path(path: str) -> str:
    path = (path or "").strip().replace("{$}", "")
    path = _INLINE.sub("{}", _BRACES.sub("{}", path))
    segs = [("{}" if _SEGMENT.match(s) else s) for s in path.split("/") if s]
    return "/" + "/".join(segs)


def norm_method(method: str) -> str:
    method = (method or "").strip().upper()
    return "WS" if method in ("WS", "WEBSOCKET") else method


def load_truth(f: Path) -> tuple[dict | None, list[str]]:
    """The truth file and the problems found in it (fatal when the dict is None)."""
    try:
        t = json.loads(f.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [f"unreadable: {exc}"]
    if not isinstance(t, dict) or not isinstance(t.get("endpoints"), list):
        return None, ["no \"endpoints\" list"]
    problems, routes, seen = [], {}, {}
    for i, e in enumerate(t["endpoints"]):
        if not (isinstance(e, dict) and isinstance(e.get("method"), str)
                and isinstance(e.get("path"), str)):
            problems.append(f"endpoint #{i} has no method/path string: left out")
            continue
        auth = e.get("auth")
        if auth is not None and auth not in AUTH_VALUES:
            problems.append(f"{e['method']} {e['path']}: auth {auth!r} read as null")
            auth = None
        key = (norm_method(e["method"]), norm_path(e["path"]))
        if key in routes:
            problems.append(f"{e['method']} {e['path']} duplicates {seen[key]} "
                            f"(both {key[0]} {key[1]})")
            continue
        routes[key], seen[key] = auth, f"{e['method']} {e['path']}"
    t["_routes"] = routes
    return t, problems


def run_auditor(cmd: list[str], target: Path, timeout: float,
                sub: tuple[str, ...] = ("endpoints",)) -> tuple[str, dict]:
    """auditor's stdout and a record of the run; the whole process group dies on timeout."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}  # CI turns strict mode on
    argv = [*cmd, sub[0], str(target), *sub[1:], "--format", "json", "--no-cache"]
    start = time.monotonic()
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env, start_new_session=True)
    except OSError as exc:
        return "", {"failed": f"cannot start {argv[0]}: {exc}", "stderr": ""}
    try:
        out, err = proc.communicate(timeout=timeout)
        failed = (f"exit {proc.returncode}" if proc.returncode
                  else "traceback in stderr" if "Traceback (most recent call last)" in err else "")
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # a descendant left the group and holds the pipes
            out, err = "", ""
        failed = f"timeout after {timeout:g} s"
    return out, {"failed": failed, "returncode": proc.returncode, "stderr": err[-4000:],
                 "seconds": round(time.monotonic() - start, 1), "argv": argv}


def parse_output(out: str, run: dict) -> dict:
    try:
        data = json.loads(out)
        if not isinstance(data, dict) or not isinstance(data.get("endpoints"), list):
            raise ValueError("no \"endpoints\" list")
    except ValueError as exc:
        if not run.get("failed"):
            run["failed"] = f"output is not auditor JSON: {str(exc)[:200]}"
        return {"endpoints": [], "unresolved_routes": []}
    return data


_EVERY = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def every_method_as_any(routes: dict) -> dict:
    """{(method, path): v} with the paths listed under each of GET, POST, PUT, PATCH and DELETE
    (and no ANY) written once as ANY, with the first method's value."""
    by_path: dict = {}
    for m, p in routes:
        by_path.setdefault(p, set()).add(m)
    full = {p for p, ms in by_path.items() if _EVERY <= ms and "ANY" not in ms}
    if not full:
        return routes
    out = {}
    for (m, p), v in routes.items():
        if p in full and m in _EVERY:
            out.setdefault(("ANY", p), v)
        else:
            out[(m, p)] = v
    return out


def score(routes: dict, data: dict, unlabelled: tuple = ()) -> dict:
    """`unlabelled`: path prefixes a truth that declares itself a subset did not label (its
    `unlabelled_prefixes`): auditor's routes there are neither right nor wrong, and not counted."""
    routes = every_method_as_any(routes)
    found: dict = {}
    partial: set = set()  # routes auditor lists without the prefix it could not tie them to
    library: set = set()  # routes a third-party urlconf adds (`include("dj_rest_auth.urls")`)
    for e in data.get("endpoints", []):
        if not isinstance(e, dict) or e.get("implicit"):
            continue
        auth = e.get("auth") or ({True: "required", False: "none"}.get(e.get("authenticated"), "?"))
        key = (norm_method(e.get("method", "")), norm_path(e.get("path", "")))
        if e.get("framework") == "django" and \
                ((e.get("handler") or {}).get("name") or "").count(".") >= 2:
            library.add(key)  # (its view named by the library's module path)
        found.setdefault(key, set()).add(auth)
        if e.get("prefix_resolved") is False:
            partial.add(key)
    found = every_method_as_any(
        {k: "|".join(sorted(v)) for k, v in found.items()})  # "none|required": auditor split
    if unlabelled:
        pre = tuple(norm_path(u).rstrip("/") + "/" for u in unlabelled)
        found = {k: v for k, v in found.items()
                 if k in routes or not (k[1] + "/").startswith(pre)}
    # The labels leave out the routes of third-party urlconfs whose code is not in the
    # repository (README "Truth files"): auditor's are scored where a truth lists them and
    # are no extra where it does not
    found = {k: v for k, v in found.items() if k in routes or k not in library}
    tp = routes.keys() & found.keys()
    checked = [(k, routes[k], found[k]) for k in sorted(tp) if routes[k] is not None]
    missed = sorted(routes.keys() - tp)
    resolved = found.keys() - partial
    return {"truth": len(routes), "found": len(found), "tp": len(tp),
            "found_resolved": len(resolved), "tp_resolved": len(routes.keys() & resolved),
            "missed": [" ".join(k) for k in missed],
            "extra": [" ".join(k) for k in sorted(found.keys() - tp)],
            "auth_checked": len(checked), "auth_agree": sum(t == f for _, t, f in checked),
            "auth_disagree": [f"{k[0]} {k[1]} {t}->{f}" for k, t, f in checked if t != f],
            "any_covers": sum(1 for m, p in missed if m != "ANY" and ("ANY", p) in found),
            "unresolved": len(data.get("unresolved_routes") or [])}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--auditor", default=f"{shlex.quote(sys.executable)} -m auditor",
                    help="command that runs auditor (default: %(default)s)")
    ap.add_argument("--truth", default=str(HERE / "truth"), help="folder of truth files")
    ap.add_argument("--copies", default="/work/field", help="folder of extracted copies")
    ap.add_argument("--out", default="/tmp/field-out", help="raw outputs are saved here")
    ap.add_argument("--reuse", metavar="DIR", help="rescore the raw outputs saved in DIR")
    ap.add_argument("--only", action="append", default=[], metavar="NAME",
                    help="truth file names containing NAME (repeatable)")
    ap.add_argument("--framework", action="append", default=[], help="repeatable, or a,b")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run")
    ap.add_argument("--jobs", type=int, default=2, help="auditor runs at a time")
    ap.add_argument("--details", action="store_true", help="missed, extra, auth disagreements")
    ap.add_argument("--markdown", action="store_true", help="per-framework table in Markdown")
    ap.add_argument("--json", metavar="FILE", help="write every detail to FILE")
    a = ap.parse_args()
    frameworks = {f.strip() for x in a.framework for f in x.split(",") if f.strip()}

    truths, skipped = [], {}
    files = sorted(Path(a.truth).glob("*.json"))
    if not files:
        print(f"score: no truth files in {a.truth}", file=sys.stderr)
        return 2
    for f in files:
        if a.only and not any(s.lower() in f.stem.lower() for s in a.only):
            continue
        t, problems = load_truth(f)
        for p in problems:
            print(f"score: truth {f.name}: {p}", file=sys.stderr)
        if t is None:
            skipped[f.stem] = f"bad truth file: {problems[0]}"
        elif not frameworks or t.get("framework") in frameworks:
            truths.append((f.stem, t, problems))
    cmd = shlex.split(a.auditor)
    out_dir = Path(a.reuse or a.out)
    if not a.reuse:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"score: cannot create {out_dir}: {exc}", file=sys.stderr)
            return 2

    def one(item):
        name, t, _ = item
        raw, meta = out_dir / f"{name}.json", out_dir / f"{name}.run.json"
        if a.reuse:
            try:
                out = raw.read_text()
            except OSError:
                return None, f"no saved output {raw}"
            try:
                run = json.loads(meta.read_text())
            except (OSError, ValueError):
                run = {"failed": ""}
            return out, run
        target = Path(a.copies) / name / (t.get("root") or "")
        if not target.is_dir():
            return None, f"no extracted copy at {target} (run extract.py)"
        print(f"score: running on {name} ...", file=sys.stderr, flush=True)
        out, run = run_auditor(cmd, target, a.timeout)
        raw.write_text(out)
        meta.write_text(json.dumps(run, indent=1))
        return out, run

    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        results = list(pool.map(one, truths))

    repos, fws = {}, {}
    keys = ("truth", "found", "tp", "auth_checked", "auth_agree", "any_covers", "unresolved",
            "found_resolved", "tp_resolved")
    for (name, t, problems), (out, run) in zip(truths, results):
        fw = t.get("framework") or "?"
        if out is None:
            print(f"score: {name}: {run}; not scored", file=sys.stderr)
            skipped[name] = run
            continue
        s = score(t["_routes"], parse_output(out, run), tuple(t.get("unlabelled_prefixes") or ()))
        if run.get("failed"):
            tail = (run.get("stderr") or "").strip().splitlines()[-1:] or [""]
            print(f"score: {name}: auditor failed ({run['failed']}) {tail[0][:200]}",
                  file=sys.stderr)
        repos[name] = {"framework": fw, "failed": run.get("failed") or "",
                       "seconds": run.get("seconds"), "truth_problems": problems, **s}
        agg = fws.setdefault(fw, dict.fromkeys(("repos", "failed") + keys, 0))
        agg["repos"] += 1
        agg["failed"] += bool(run.get("failed"))
        for k in keys:
            agg[k] += s[k]
    total = {k: sum(v[k] for v in fws.values()) for k in ("repos", "failed") + keys}

    head = (f"{'repository':<46} {'framework':<9} {'truth':>5} {'found':>5} {'tp':>4} "
            f"{'recall':>6} {'prec':>5} {'auth':>9} {'unres':>5} {'ANY~':>4}  status")
    print(head + "\n" + "-" * len(head))
    for name, s in sorted(repos.items(), key=lambda x: (x[1]["framework"], x[0])):
        auth = f"{s['auth_agree']}/{s['auth_checked']}"
        print(f"{name[:46]:<46} {s['framework']:<9} {s['truth']:>5} {s['found']:>5} {s['tp']:>4} "
              f"{ratio(s['tp'], s['truth']):>6} {ratio(s['tp'], s['found']):>5} {auth:>9} "
              f"{s['unresolved']:>5} {s['any_covers']:>4}  {s['failed'] or 'ok'}")
        if a.details:
            for label, items in (("missed", s["missed"]), ("extra ", s["extra"]),
                                 ("auth  ", s["auth_disagree"])):
                for item in items:
                    print(f"      {label} {item}")
    for name, why in sorted(skipped.items()):
        print(f"{name[:46]:<46} not scored: {why}")
    print()
    head = (f"{'framework':<9} {'repos':>5} {'truth':>5} {'found':>5} {'tp':>5} {'recall':>6} "
            f"{'prec':>5} {'auth':>5} {'unres':>5} {'ANY~':>4} {'failed':>6}")
    print(head + "\n" + "-" * len(head))
    for fw, v in sorted(fws.items()) + [("ALL", total)]:
        print(f"{fw:<9} {v['repos']:>5} {v['truth']:>5} {v['found']:>5} {v['tp']:>5} "
              f"{ratio(v['tp'], v['truth']):>6} {ratio(v['tp'], v['found']):>5} "
              f"{ratio(v['auth_agree'], v['auth_checked']):>5} {v['unresolved']:>5} "
              f"{v['any_covers']:>4} {v['failed']:>6}")
    print("\nauth: agreement over matched routes with known truth auth; ANY~: truth routes with "
          "a specific method that an auditor ANY on the same path covers (not counted as found)")
    if a.markdown:
        print("\n| framework | repos | truth routes | recall | precision | precision without "
              "`prefix_resolved: false` | auth agreement | unresolved |\n"
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for fw, v in sorted(fws.items()) + [("**all**", total)]:
            print(f"| {fw} | {v['repos']} | {v['truth']} | {ratio(v['tp'], v['truth'])} | "
                  f"{ratio(v['tp'], v['found'])} | "
                  f"{ratio(v['tp_resolved'], v['found_resolved'])} | "
                  f"{ratio(v['auth_agree'], v['auth_checked'])} | {v['unresolved']} |")
    if a.json:
        try:
            Path(a.json).write_text(json.dumps({"auditor": a.auditor, "repos": repos,
                                                "frameworks": fws, "total": total,
                                                "not_scored": skipped}, indent=1))
        except OSError as exc:
            print(f"score: cannot write {a.json}: {exc}", file=sys.stderr)
            return 2
    if not repos:
        print("score: no repository was scored", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
