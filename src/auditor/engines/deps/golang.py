"""go.mod (the selected versions; since Go 1.17 it lists the indirect ones too) and, only where
there is no go.mod beside it, go.sum. OSV's Go versions carry no leading "v"."""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from auditor.engines.deps.manifest import Dep

_REQ_LINE = re.compile(r"^\s*(?:require\s+)?([^\s()]+)\s+(v[0-9][^\s]*)\s*(//.*)?$")


def read_go(path: str, text: str, siblings: set[str]) -> tuple[list[Dep], str]:
    name = PurePosixPath(path).name.lower()
    if name == "go.sum":
        if "go.mod" in siblings:
            return [], ""
        return _go_sum(path, text), ""
    deps, in_block, replaced = [], False, 0
    for i, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("require ("):
            in_block = True
            continue
        if in_block and line.startswith(")"):
            in_block = False
            continue
        if line.startswith("replace"):
            replaced += 1
        if in_block or line.startswith("require "):
            m = _REQ_LINE.match(line)
            if m:
                deps.append(Dep("Go", m.group(1), _osv_version(m.group(2)), path, i, line))
    note = f"{path}: {replaced} replace directives not applied" if replaced else ""
    return deps, note


def _go_sum(path: str, text: str) -> list[Dep]:
    """Module versions in go.sum (the /go.mod-only lines are not downloaded code)."""
    seen: dict[tuple[str, str], Dep] = {}
    for i, raw in enumerate(text.splitlines(), start=1):
        parts = raw.split()
        if len(parts) < 3 or parts[1].endswith("/go.mod"):
            continue
        key = (parts[0], _osv_version(parts[1]))
        seen.setdefault(key, Dep("Go", key[0], key[1], path, i, raw.strip()))
    return list(seen.values())


def _osv_version(v: str) -> str:
    v = v.removeprefix("v")
    return v.removesuffix("+incompatible")
