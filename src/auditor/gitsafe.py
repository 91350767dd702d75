"""git, run so that nothing in the scanned repository's configuration can run code.

A scanned repository is written by whoever opened the pull request, and its `.git/config` can
name programs that git runs on its behalf: `core.fsmonitor`, hooks (`core.hooksPath`), `filter.*`
drivers named by `.gitattributes`, `diff.external`, textconv drivers, `core.pager`. Every call
here blanks those, reads no system configuration, never starts a pager, and takes no lock.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

SAFE_OPTIONS = (
    "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.quotepath=off",
    "-c", "core.pager=cat", "-c", "diff.external=", "-c", "core.sshCommand=false",
    "-c", "credential.helper=", "-c", "protocol.allow=never", "-c", "core.untrackedCache=false",
    "-c", "core.splitIndex=false",
)


def git(cwd: Path, *args: str, timeout: float = 60) -> bytes | None:
    """git's standard output, or None when it fails (not a repository, unknown revision)."""
    cmd = ["git", "--no-pager", *SAFE_OPTIONS, *args]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat", "PAGER": "cat",
                "GIT_TERMINAL_PROMPT": "0", "GIT_EXTERNAL_DIFF": ""})
    env.pop("GIT_EXTERNAL_DIFF")
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout, env=env,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def no_filters(root: Path) -> list[str]:
    """`-c` options that blank every filter driver the repository's config defines: comparing
    the working tree runs `clean` filters, and a scanned repo's config must never run code."""
    out = git(root, "config", "--null", "--get-regexp", r"^filter\.")
    opts: list[str] = []
    for entry in (out or b"").split(b"\0"):
        key = entry.split(b"\n", 1)[0].decode("utf-8", "replace")
        name = key[len("filter."):].rpartition(".")[0]
        if name and f"filter.{name}.clean=" not in opts:
            for part in ("clean", "smudge", "process"):
                opts += ["-c", f"filter.{name}.{part}="]
            opts += ["-c", f"filter.{name}.required=false"]
    return opts


def check_ref(ref: str, option: str) -> None:
    from auditor.errors import AuditorError

    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n"):
        raise AuditorError(f"{option} {ref!r}: not a git revision")


def show_file(cwd: Path, ref: str, path: str, option: str) -> bytes | None:
    """The bytes of `path` (relative to `cwd`) at revision `ref`; None when the revision has
    no such file. An unknown revision or a folder outside a repository is an error (exit 2)."""
    from auditor.errors import AuditorError

    check_ref(ref, option)
    if git(cwd, "rev-parse", "--show-toplevel") is None:
        raise AuditorError(f"{option} {ref}: {cwd} is not inside a git repository")
    if git(cwd, "rev-parse", "--verify", "--quiet", ref + "^{commit}") is None:
        raise AuditorError(f"{option} {ref}: unknown git revision")
    rel = path if path.startswith(("./", "../")) else "./" + path
    # cat-file without --filters runs no filter or textconv: the stored bytes
    return git(cwd, "cat-file", "blob", f"{ref}:{rel}")
