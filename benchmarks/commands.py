"""`auditor graph` and `auditor endpoints` on one tree, cold and warm, against the bare parse.

    python benchmarks/commands.py [/work/targets/aim] [--runs 5] [--jobs 2]

Each command runs as a user runs it (the console script, JSON to /dev/null) on a copy of the
tree: cold with `--no-cache`, warm on the unchanged tree after one uncounted run. It prints
medians, the peak memory of the process tree, and the ratio of the cold graph to the time it
takes just to read and tree-sitter-parse the same files on one core (the floor of any tool that
parses them). Targets (issues "Code index and cross-file call graph" and "Endpoint inventory"):
graph cold < 3 s, warm < 0.5 s, < 1 GB; endpoints cold < 3 s, on 2 cores for AIM.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from run import compile_auditor, measure, tool


def bare_parse(root: Path) -> tuple[float, int]:
    """Seconds to read and tree-sitter-parse every file auditor would parse, on one core."""
    from auditor.config import load_config
    from auditor.discover import discover
    from auditor.parse import ts_parser

    targets = discover(root, load_config(root)).targets
    langs = set()
    for lang in {t.language for t in targets}:
        try:
            ts_parser(lang)  # grammars loaded before the clock starts
            langs.add(lang)
        except ValueError:  # config, manifests, SQL: read as text, no tree-sitter parse
            pass
    targets = [t for t in targets if t.language in langs]
    t0 = time.perf_counter()
    for t in targets:
        with open(t.abspath, "rb") as fh:
            ts_parser(t.language).parse(fh.read())
    return time.perf_counter() - t0, len(targets)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tree", nargs="?", default="/work/targets/aim")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    compile_auditor()
    work = Path(tempfile.mkdtemp(prefix="auditor-commands-")) / "tree"
    shutil.copytree(a.tree, work, symlinks=True, ignore=shutil.ignore_patterns(".auditor-cache"))
    parse_s, files = bare_parse(work)
    print(f"{a.tree}: {files} files; bare read + tree-sitter parse {parse_s:.3f} s (one core)")
    results = {}
    for command in ("graph", "endpoints"):
        cmd = [tool("auditor"), command, str(work), "--format", "json", "-o", os.devnull,
               "--jobs", str(a.jobs)]
        for label, extra, prime in (("cold", ["--no-cache"], False), ("warm", [], True)):
            if prime:
                measure(cmd)
            samples = [measure(cmd + extra) for _ in range(a.runs)]
            median = statistics.median(s for s, _, _ in samples)
            peak = max(m for _, m, _ in samples)
            results[(command, label)] = median
            ratio = f", {median / parse_s:.1f}x the bare parse" if label == "cold" else ""
            print(f"  auditor {command} {label}: median {median:.2f} s "
                  f"(min {min(s for s, _, _ in samples):.2f}), peak {peak:.0f} MB{ratio}",
                  flush=True)
    print(f"targets: graph cold {results[('graph', 'cold')]:.2f} < 3 s, "
          f"warm {results[('graph', 'warm')]:.2f} < 0.5 s; "
          f"endpoints cold {results[('endpoints', 'cold')]:.2f} < 3 s")
    shutil.rmtree(work.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
