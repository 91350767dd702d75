"""Python manifests -> pinned requirements (name==version) and the requirements that are not
pinned, without installing or building anything.

requirements*.txt, pyproject.toml (PEP 621 and Poetry tables), poetry.lock, Pipfile.lock and
uv.lock. Where a folder has a lockfile, its pyproject.toml/Pipfile ranges are not audited (the
lockfile pins what is installed). Requirements and versions are read by `packaging`, pip's own
parser, so a line means here what it means to pip.
"""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import PurePosixPath

from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import InvalidVersion, Version

from auditor.engines.deps.manifest import Dep, Unpinned, canonical_pypi, find_line

LOCKFILES = ("poetry.lock", "pipfile.lock", "uv.lock")


def is_python_manifest(path: str) -> bool:
    name = PurePosixPath(path).name.lower()
    return (name.startswith("requirements") and name.endswith(".txt")) or name in (
        "pyproject.toml", "poetry.lock", "pipfile.lock", "uv.lock")


def read_python(path: str, text: str, siblings: set[str]) -> tuple[list[Dep], list[Unpinned], str]:
    """(pinned, unpinned, note) of one manifest; `siblings` are lower-case names in its folder."""
    name = PurePosixPath(path).name.lower()
    if name.endswith(".txt"):
        return (*_requirements(path, text), "")
    if name == "pyproject.toml":
        if any(lock in siblings for lock in LOCKFILES):
            return [], [], f"{path}: ranges not audited, the lockfile beside it is"
        return (*_pyproject(path, text), "")
    if name == "pipfile.lock":
        return _pipfile_lock(path, text), [], ""
    if name in ("poetry.lock", "uv.lock"):
        return _toml_lock(path, text), [], ""
    return [], [], ""


def parse_requirement(spec: str) -> tuple[str, str | None, str]:
    """(name, pinned version or None, the version part) of a PEP 508 requirement string; the
    name is "" when it is not one (a local path, something pip alone understands). Pinned means
    one `==`/`===` specifier without a wildcard; markers are not evaluated."""
    try:
        req = Requirement(spec.strip())
    except InvalidRequirement:
        return "", None, spec.strip()
    if req.url:
        return req.name, None, f"@ {req.url}"
    specs = list(req.specifier)
    if len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
        return req.name, specs[0].version, str(req.specifier)
    return req.name, None, str(req.specifier)


def _exact_version(constraint: str) -> str | None:
    """The version a Poetry constraint pins ("1.2.3", "==1.2.3", "=1.2.3"), else None ("^1.2",
    "1.2.*", ">=1", "*")."""
    text = str(constraint).strip()
    for op in ("==", "="):
        if text.startswith(op):
            text = text[len(op):].strip()
            break
    try:
        Version(text)
    except InvalidVersion:
        return None
    return text


def _requirements(path: str, text: str) -> tuple[list[Dep], list[Unpinned]]:
    pinned, loose = [], []
    lines = text.splitlines()
    for i, raw in enumerate(lines, start=1):
        line = raw.split(" #", 1)[0].strip()
        if raw.lstrip().startswith("#") or not line:
            continue
        if line.startswith(("-r", "-c", "--requirement", "--constraint", "--index-url",
                            "--extra-index-url", "-i ", "--hash", "--find-links", "-f ",
                            "--trusted-host", "--no-binary", "--only-binary", "--pre")):
            continue  # options; included files are manifests of their own
        line = re.sub(r"\s--hash[= ]\S+", "", line).rstrip("\\").strip()
        line = re.sub(r"\s+--?[A-Za-z].*$", "", line)  # per-requirement options pip alone reads
        if line.startswith(("-e", "--editable")) or "://" in line.split(";")[0] and "@" not in line:
            loose.append(Unpinned(line.split()[-1], "editable or URL", path, i, raw.strip()))
            continue
        name, version, rest = parse_requirement(line)
        if not name:  # a local path or something pip alone understands: not auditable
            loose.append(Unpinned(line, "local path or unrecognised line", path, i, raw.strip()))
            continue
        if version:
            pinned.append(Dep("PyPI", canonical_pypi(name), version, path, i, raw.strip()))
        else:
            loose.append(Unpinned(canonical_pypi(name), rest or "any version", path, i, raw.strip()))
    return pinned, loose


def _pyproject(path: str, text: str) -> tuple[list[Dep], list[Unpinned]]:
    data = tomllib.loads(text)
    lines = text.splitlines()
    specs: list[str] = list((data.get("project") or {}).get("dependencies") or [])
    for group in ((data.get("project") or {}).get("optional-dependencies") or {}).values():
        specs.extend(group or [])
    for group in (data.get("dependency-groups") or {}).values():
        specs.extend(s for s in group or [] if isinstance(s, str))
    pinned, loose = [], []
    for spec in specs:
        name, version, rest = parse_requirement(spec)
        if not name:
            continue
        line = find_line(lines, f'"{spec}') if f'"{spec}' in text else find_line(lines, name)
        snippet = lines[line - 1].strip() if lines else ""
        if version:
            pinned.append(Dep("PyPI", canonical_pypi(name), version, path, line, snippet))
        else:
            loose.append(Unpinned(canonical_pypi(name), rest or "any version", path, line, snippet))
    poetry = ((data.get("tool") or {}).get("poetry") or {})
    tables = [poetry.get("dependencies") or {}, poetry.get("dev-dependencies") or {}]
    tables += [(g or {}).get("dependencies") or {} for g in (poetry.get("group") or {}).values()]
    for table in tables:
        for name, value in table.items():
            if name.lower() == "python":
                continue
            ver = value.get("version", "") if isinstance(value, dict) else str(value)
            line = find_line(lines, f"{name} =") if f"{name} =" in text else find_line(lines, name)
            snippet = lines[line - 1].strip() if lines else ""
            exact = _exact_version(ver)
            if exact:
                pinned.append(Dep("PyPI", canonical_pypi(name), exact, path, line, snippet))
            else:
                loose.append(Unpinned(canonical_pypi(name), ver or "git/path source", path, line,
                                      snippet))
    return pinned, loose


def _pipfile_lock(path: str, text: str) -> list[Dep]:
    data = json.loads(text)
    lines = text.splitlines()
    out = []
    for section in ("default", "develop"):
        for name, info in (data.get(section) or {}).items():
            ver = str((info or {}).get("version", ""))
            if not ver.startswith("=="):
                continue
            line = find_line(lines, f'"{name}": {{')
            out.append(Dep("PyPI", canonical_pypi(name), ver[2:], path, line, lines[line - 1].strip()))
    return out


def _toml_lock(path: str, text: str) -> list[Dep]:
    """poetry.lock and uv.lock: [[package]] tables with name and version; the project itself
    (uv's editable/virtual source) is not a dependency."""
    data = tomllib.loads(text)
    lines = text.splitlines()
    out = []
    cursor = 0
    for pkg in data.get("package") or []:
        name, ver = pkg.get("name"), pkg.get("version")
        src = pkg.get("source") or {}
        if not name or not ver or "editable" in src or "virtual" in src:
            continue
        line = find_line(lines, f'name = "{name}"', cursor)
        cursor = line if line > 1 else cursor
        out.append(Dep("PyPI", canonical_pypi(name), str(ver), path, line, lines[line - 1].strip()))
    return out
