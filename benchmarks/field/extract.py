"""Write the files of a fetched repository (a bare git directory with no work tree, as `fetch`
brings it under /work/.mirror/) into a plain folder outside any git repository, so that auditor
can scan it. Blobs that are absent from the mirror (4 MiB or more) are skipped and listed.

    python benchmarks/field/extract.py /work/.mirror/owner+name/... [--commit SHA] [--out DIR]

Prints the commit it extracted. Default DIR: /work/field/<owner+name>.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path


def git_dir(path: Path) -> Path:
    """The git directory at or under `path` (fetch sometimes gives `repo/.git`)."""
    for cand in (path, path / ".git", *path.glob("*/.git"), *path.glob("*")):
        if (cand / "HEAD").is_file() and (cand / "objects").is_dir():
            return cand
    raise SystemExit(f"no git directory at {path}")


def git(gd: Path, *args: str, input: bytes | None = None) -> bytes:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": "/nonexistent"}
    return subprocess.run(["git", f"--git-dir={gd}", *args], input=input, env=env,
                          capture_output=True, check=True).stdout


def extract(gd: Path, commit: str, out: Path) -> tuple[int, list[str]]:
    listing = git(gd, "ls-tree", "-r", "-z", "--full-tree", commit)
    entries = []
    for rec in listing.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind != b"blob" or mode == b"120000":
            continue  # submodules and symlinks are left out
        entries.append((sha.decode(), os.fsdecode(path)))
    present = set(git(gd, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
                  .decode().split())
    written, missing = 0, []
    for sha, path in entries:
        if sha not in present:
            missing.append(path)
            continue
        data = git(gd, "cat-file", "blob", sha)
        dest = out / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        written += 1
    return written, missing


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mirror")
    ap.add_argument("--commit", default="HEAD")
    ap.add_argument("--out")
    a = ap.parse_args()
    gd = git_dir(Path(a.mirror))
    commit = git(gd, "rev-parse", f"{a.commit}^{{commit}}").decode().strip()
    plus = [part for part in Path(a.mirror).parts if "+" in part]
    name = a.out or f"/work/field/{plus[-1] if plus else gd.parent.name}"
    out = Path(name)
    out.mkdir(parents=True, exist_ok=True)
    written, missing = extract(gd, commit, out)
    print(commit)
    print(f"{written} files written to {out}; {len(missing)} absent from the mirror", file=sys.stderr)
    for m in missing[:20]:
        print(f"  absent: {m}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
