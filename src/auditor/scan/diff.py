"""The lines a change touches, for `--changed-since REF` and the pre-commit hook.

`REF` means what `semgrep ci` means: the change since the merge base of REF and HEAD, so a
branch is never blamed for what its base did after it forked, with the working tree's
uncommitted and untracked files on top. `--changed-since REF..TO` (pre-commit's
`--from-ref/--to-ref`) is the change between two commits. The diff is read by `unidiff`; git
runs through `gitsafe`, so nothing in the scanned repository's configuration runs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from auditor.errors import AuditorError

WHOLE_FILE = -1  # a file that is new as a whole (untracked, added): every line is changed


@dataclass
class Change:
    """Changed lines per file relative to the scan root; `lines is None`: everything is new
    (no commit yet). `base` is the commit compared with; `notes` say what was assumed."""
    lines: dict[str, set[int]] | None
    base: str = ""
    notes: list[str] = field(default_factory=list)


def changed_lines(root: Path, spec: str, untracked: bool = True) -> Change:
    from auditor.gitsafe import check_ref, git

    if git(root, "rev-parse", "--show-toplevel") is None:
        raise AuditorError(f"--changed-since {spec}: {root} is not inside a git repository")
    ref, sep, to = spec.partition("..")
    if sep and to.startswith("."):  # REF...TO: the same as REF..TO here (merge base below)
        to = to[1:]
    check_ref(ref, "--changed-since")
    if sep:
        check_ref(to, "--changed-since")

    def commit(name: str) -> str | None:
        out = git(root, "rev-parse", "--verify", "--quiet", name + "^{commit}")
        return out.decode().strip() if out else None

    head = commit(to) if sep else commit("HEAD")
    if head is None:
        if not sep:  # no commit yet (a first commit under the hook): every file is new
            return Change(None, notes=["no commit yet: every file counts as changed"])
        raise AuditorError(f"--changed-since {spec}: unknown git revision '{to}'")
    start = commit(ref)
    if start is None:
        raise AuditorError(f"--changed-since {spec}: unknown git revision '{ref}'")
    notes: list[str] = []
    mb = git(root, "merge-base", start, head)
    if mb:
        base = mb.decode().strip()
    else:  # unrelated histories, or a shallow clone without the fork point
        base = start
        notes.append(f"no merge base of {ref} and {'HEAD' if not sep else to} (a shallow clone? "
                     f"fetch more history): compared with {ref} itself")
    from auditor.gitsafe import no_filters

    args = [*no_filters(root), "diff", "-U0", "--no-color", "--no-ext-diff", "--no-textconv",
            "--no-renames", "--relative", base]
    if sep:
        args.append(head)
    diff = git(root, *args, "--", ".")
    if diff is None:
        raise AuditorError(f"--changed-since {spec}: git diff failed")
    changed = parse_diff(diff.decode("utf-8", "surrogateescape"))
    if untracked and not sep:  # untracked files that git does not ignore are wholly new
        untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", ".")
        for p in (untracked or b"").split(b"\0"):
            if p:
                changed[p.decode("utf-8", "surrogateescape")] = {WHOLE_FILE}
    return Change(changed, base=base, notes=notes)


def parse_diff(text: str) -> dict[str, set[int]]:
    """Added and changed lines per file of a `git diff -U0`; where lines were only deleted, the
    lines on either side of the gap count as changed (a removed check makes its neighbours new)."""
    from unidiff import PatchSet
    from unidiff.errors import UnidiffParseError

    try:
        patch = PatchSet(text)
    except UnidiffParseError as exc:
        raise AuditorError(f"--changed-since: could not read git's diff ({exc})") from exc
    out: dict[str, set[int]] = {}
    for pf in patch:
        if pf.is_removed_file:
            continue
        name = _target_path(pf.target_file)
        if name is None:
            continue
        lines = out.setdefault(name, set())
        if pf.is_added_file:
            lines.add(WHOLE_FILE)
            continue
        for hunk in pf:
            added = [ln.target_line_no for ln in hunk if ln.is_added]
            lines.update(added)
            if not added and hunk.removed:
                lines.update({max(1, hunk.target_start), hunk.target_start + 1})
    return out


def _target_path(name: str) -> str | None:
    """The path of a `+++ ` header: git quotes names with special characters (C-style)."""
    name = name.rstrip("\t")
    if name == "/dev/null":
        return None
    if len(name) >= 2 and name.startswith('"') and name.endswith('"'):
        name = _c_unquote(name[1:-1])
    return name[2:] if name.startswith("b/") else name


_C_ESCAPES = {"n": b"\n", "t": b"\t", "\\": b"\\", '"': b'"', "a": b"\a", "b": b"\b",
              "f": b"\f", "r": b"\r", "v": b"\v"}


def _c_unquote(body: str) -> str:
    """Undo git's C-style quoting of a path (escapes and octal bytes)."""
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if body[i + 1:i + 4].isdigit() and len(body[i + 1:i + 4]) == 3:
                out.append(int(body[i + 1:i + 4], 8) & 0xFF)
                i += 4
                continue
            out += _C_ESCAPES.get(nxt, nxt.encode("utf-8"))
            i += 2
            continue
        out += ch.encode("utf-8", "surrogateescape")
        i += 1
    return out.decode("utf-8", "surrogateescape")
