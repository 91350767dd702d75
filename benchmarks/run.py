"""Side-by-side benchmark: auditor's native scan (cold and warm), semgrep with a small rule
pack, and bandit, on the same trees; medians over N runs, ratios, lines per second and the peak
memory of each tool's whole process tree.

    python benchmarks/run.py [--runs 3] [--jobs 2] [--aim /work/targets/aim] [--lines 1000000]
                             [--skip-synthetic] [--work DIR]

The trees are copied to a work folder first, so that auditor's cache never lands in the
original. The semgrep pack is `rules/semgrep/` (the project's own rules); bandit runs its
default Python plugins. Numbers depend on the machine's load: rerun on a quiet machine.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
SOURCE_SUFFIXES = {".go", ".py", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs"}


def tool(name: str) -> str:
    p = BIN / name
    return str(p) if p.exists() else (shutil.which(name) or name)


def compile_auditor() -> None:
    """Bytecode for auditor's modules, as `pip install .` writes it: an editable install under
    PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module again on every run."""
    import compileall

    import auditor

    compileall.compile_dir(os.path.dirname(auditor.__file__), quiet=1)


def measure(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """(seconds, peak MB of the process tree's memory, exit code). The memory is the summed
    PSS (each page shared between processes counted once, split among them) where the system
    tells it, else the summed RSS: auditor's workers and its forked stages share the parent's
    heap, which summed RSS would count once per process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    try:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                peak = max(peak, sum(_memory(p) for p in [root, *root.children(recursive=True)]))
            except psutil.Error:
                pass
            time.sleep(0.05)
    finally:
        _, err = proc.communicate()
    seconds = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        sys.stderr.write(f"warning: {Path(cmd[0]).name} exited {proc.returncode}: "
                         f"{err.decode(errors='replace')[-300:]}\n")
    return seconds, peak / 2**20, proc.returncode


def _memory(p) -> int:
    try:
        return p.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return p.memory_info().rss


def count_lines(root: Path) -> int:
    """Source lines auditor scans (its own discovery: ignores, default excludes, size cap)."""
    from auditor.config import load_config
    from auditor.discover import discover

    d = discover(root, load_config(root))
    total = 0
    for t in d.targets:
        if Path(t.path).suffix in SOURCE_SUFFIXES:
            with open(t.abspath, "rb") as fh:
                total += fh.read().count(b"\n")
    return total


def bench_tree(name: str, root: Path, runs: int, jobs: int) -> list[dict]:
    lines = count_lines(root)
    auditor = [tool("auditor"), "scan", str(root), "--engines", "native", "--format", "json",
               "-o", os.devnull, "--fail-on", "none", "--jobs", str(jobs)]
    semgrep = [tool("semgrep"), "scan", "--config", str(REPO / "rules/semgrep"), "--metrics", "off",
               "--disable-version-check", "--quiet", "--json", "-o", os.devnull, "--jobs", str(jobs),
               str(root)]
    bandit = [tool("bandit"), "-r", str(root), "-q", "-f", "json", "-o", os.devnull,
              "-x", ",".join(str(root / d) for d in ("node_modules", ".venv", "vendor", "dist", "build"))]
    rows = []
    cases = [("auditor cold (--no-cache)", auditor + ["--no-cache"], None),
             ("auditor warm (cache)", auditor, "prime"),
             ("semgrep (rules/semgrep)", semgrep, None),
             ("bandit", bandit, None)]
    for label, cmd, prime in cases:
        if prime:
            measure(cmd)  # fills the cache; not counted
        samples = [measure(cmd) for _ in range(runs)]
        secs = [s for s, _, _ in samples]
        rows.append({"tree": name, "tool": label, "lines": lines, "median": statistics.median(secs),
                     "min": min(secs), "peak_mb": max(m for _, m, _ in samples),
                     "runs": runs})
        print(f"  {name}: {label}: median {rows[-1]['median']:.2f} s", flush=True)
    return rows


def report(rows: list[dict]) -> str:
    out = [f"{'tree':<14} {'tool':<28} {'median s':>9} {'min s':>7} {'lines/s':>10} "
           f"{'peak MB':>8} {'vs cold':>8}"]
    cold = {r["tree"]: r["median"] for r in rows if r["tool"].startswith("auditor cold")}
    for r in rows:
        ratio = r["median"] / cold[r["tree"]] if cold.get(r["tree"]) else float("nan")
        out.append(f"{r['tree']:<14} {r['tool']:<28} {r['median']:>9.2f} {r['min']:>7.2f} "
                   f"{r['lines'] / r['median']:>10.0f} {r['peak_mb']:>8.0f} {ratio:>7.2f}x")
    for tree in cold:
        by = {r["tool"]: r for r in rows if r["tree"] == tree}
        c, w = by["auditor cold (--no-cache)"], by["auditor warm (cache)"]
        s = by["semgrep (rules/semgrep)"]
        out.append(f"{tree}: {c['lines']} lines; warm/cold {w['median'] / c['median']:.0%} "
                   f"(target <= 30%); cold/semgrep {c['median'] / s['median']:.2f} (target <= 1); "
                   f"peak {c['peak_mb']:.0f} MB")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--aim", default="/work/targets/aim")
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--synthetic-runs", type=int, default=0, help="runs on the synthetic tree (default --runs)")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--work", default=None)
    a = ap.parse_args()
    compile_auditor()
    work = Path(a.work or tempfile.mkdtemp(prefix="auditor-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    if a.aim and Path(a.aim).is_dir():
        aim = work / "aim"
        if not aim.exists():
            shutil.copytree(a.aim, aim, symlinks=True, ignore=shutil.ignore_patterns(".auditor-cache"))
        rows += bench_tree("aim", aim, a.runs, a.jobs)
    if not a.skip_synthetic:
        sys.path.insert(0, str(HERE))
        import gen_synthetic

        syn = work / "synthetic"
        gen_synthetic.generate(syn, a.lines)
        rows += bench_tree("synthetic-1M", syn, a.synthetic_runs or a.runs, a.jobs)
    print(f"\nmachine: {psutil.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; jobs {a.jobs}; "
          f"medians over runs\n")
    print(report(rows))


if __name__ == "__main__":
    main()
