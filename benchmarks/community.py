"""AIM's cold native scan against the bare tree-sitter parse and against semgrep with the
community security rules for the tree's languages, side by side in one run (issue 16's ratios).

    python benchmarks/community.py --rules /path/to/semgrep-rules [--tree /work/targets/aim]
                                   [--runs 3] [--jobs 2] [--langs go,javascript,typescript]

The semgrep pack is every rule of `semgrep/semgrep-rules` (fetched; pin the commit you quote)
under the language folders given whose `metadata.category` is `security`, written to one folder
of YAML files; the number of rules is printed. The runs alternate (parse, auditor, semgrep) so
that a drift of the machine's speed hits all three alike; medians are printed with the ratios.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from commands import bare_parse
from run import compile_auditor, measure, tool


def build_pack(rules_repo: Path, langs: list[str], out: Path) -> int:
    """Copy the security rules of these language folders into `out`; the number of rules."""
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for lang in langs:
        for f in sorted((rules_repo / lang).rglob("*.y*ml")):
            if f.name.endswith((".test.yaml", ".test.yml", ".fixed.yaml")) or "/tests/" in str(f):
                continue
            try:
                doc = yaml.safe_load(f.read_text(encoding="utf-8"))
            except (yaml.YAMLError, UnicodeDecodeError, OSError):
                continue
            rules = [r for r in (doc or {}).get("rules", []) if isinstance(r, dict) and
                     (r.get("metadata") or {}).get("category") == "security"]
            if not rules:
                continue
            n += len(rules)
            dest = out / f"{lang}-{f.relative_to(rules_repo / lang).as_posix().replace('/', '-')}"
            dest.write_text(yaml.safe_dump({"rules": rules}, sort_keys=False), encoding="utf-8")
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules", required=True, help="a checkout of semgrep/semgrep-rules")
    ap.add_argument("--tree", default="/work/targets/aim")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--langs", default="go,javascript,typescript")
    a = ap.parse_args()
    compile_auditor()
    work = Path(tempfile.mkdtemp(prefix="auditor-community-"))
    tree = work / "tree"
    shutil.copytree(a.tree, tree, symlinks=True, ignore=shutil.ignore_patterns(".auditor-cache"))
    pack = work / "pack"
    count = build_pack(Path(a.rules), a.langs.split(","), pack)
    auditor = [tool("auditor"), "scan", str(tree), "--engines", "native", "--no-cache", "--format",
               "json", "-o", "/dev/null", "--fail-on", "none", "--jobs", str(a.jobs)]
    semgrep = [tool("semgrep"), "scan", "--config", str(pack), "--metrics", "off",
               "--disable-version-check", "--quiet", "--json", "-o", "/dev/null", "--jobs",
               str(a.jobs), str(tree)]
    subprocess.run(semgrep, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm caches
    parse, cold, sem = [], [], []
    for _ in range(a.runs):
        parse.append(bare_parse(tree)[0])
        cold.append(measure(auditor)[0])
        sem.append(measure(semgrep)[0])
    p, c, s = (statistics.median(x) for x in (parse, cold, sem))
    print(f"{a.tree}: {count} semgrep community security rules ({a.langs}); medians of {a.runs}")
    print(f"  bare read + tree-sitter parse (one core): {p:.3f} s  {[round(x, 3) for x in parse]}")
    print(f"  auditor cold native (--jobs {a.jobs}):     {c:.2f} s   {[round(x, 2) for x in cold]}"
          f"  = {c / p:.1f}x the parse")
    print(f"  semgrep, community rules (--jobs {a.jobs}): {s:.2f} s   {[round(x, 2) for x in sem]}"
          f"  auditor/semgrep = {c / s:.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
