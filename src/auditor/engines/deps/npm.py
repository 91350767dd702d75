"""npm lockfiles: package-lock.json / npm-shrinkwrap.json (v1 nested `dependencies`, v2/v3
`packages`), yarn.lock (classic and berry) and pnpm-lock.yaml (v5 to v9)."""
from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from auditor.engines.deps.manifest import Dep, find_line

NPM_LOCKS = ("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml")


def read_npm(path: str, text: str) -> list[Dep]:
    name = PurePosixPath(path).name.lower()
    if name in ("package-lock.json", "npm-shrinkwrap.json"):
        return _package_lock(path, text)
    if name == "yarn.lock":
        return _yarn(path, text)
    if name == "pnpm-lock.yaml":
        return _pnpm(path, text)
    return []


def _dedupe(deps: list[Dep]) -> list[Dep]:
    seen: dict[tuple[str, str], Dep] = {}
    for d in deps:
        seen.setdefault((d.name, d.version), d)
    return list(seen.values())


def _package_lock(path: str, text: str) -> list[Dep]:
    data = json.loads(text)
    lines = text.splitlines()
    keyline: dict[str, int] = {}  # key -> line of its first object
    at: dict[tuple[str, str], int] = {}  # (key, version) -> line of the object that has them
    pending = None
    for i, raw in enumerate(lines, start=1):
        m = re.match(r'\s*"([^"]+)":\s*\{\s*$', raw)
        if m:
            keyline.setdefault(m.group(1), i)
            pending = (m.group(1), i)
            continue
        v = re.match(r'\s*"version":\s*"([^"]+)"', raw)
        if v and pending:
            at.setdefault((pending[0], v.group(1)), pending[1])
            pending = None
    out: list[Dep] = []
    packages = data.get("packages")
    if isinstance(packages, dict):  # lockfile v2/v3
        for key, info in packages.items():
            if not key or not isinstance(info, dict) or info.get("link") or "node_modules/" not in key:
                continue
            name = info.get("name") or key.rsplit("node_modules/", 1)[1]
            ver = info.get("version")
            if ver and not str(ver).startswith(("file:", "link:", "git")):
                ln = at.get((key, str(ver)), keyline.get(key, 1))
                out.append(Dep("npm", name, str(ver), path, ln, lines[ln - 1].strip() if lines else ""))
        return _dedupe(out)
    stack = [data.get("dependencies") or {}]  # lockfile v1: nested, walked without recursion
    while stack:
        deps = stack.pop()
        for name, info in deps.items():
            if not isinstance(info, dict):
                continue
            ver = str(info.get("version", ""))
            if ver and re.match(r"^\d", ver):
                ln = at.get((name, ver), keyline.get(name, 1))
                out.append(Dep("npm", name, ver, path, ln, lines[ln - 1].strip() if lines else ""))
            if isinstance(info.get("dependencies"), dict):
                stack.append(info["dependencies"])
    return _dedupe(out)


def _yarn_name(selector: str) -> str:
    s = selector.strip().strip('"')
    at = s.find("@", 1)  # a scope's leading @ is part of the name
    return s[:at] if at > 0 else s


def _yarn(path: str, text: str) -> list[Dep]:
    out: list[Dep] = []
    header_line, names = 0, []
    for i, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if not raw[0].isspace() and raw.rstrip().endswith(":"):
            header_line = i
            names = sorted({_yarn_name(s) for s in raw.rstrip()[:-1].split(",") if s.strip()})
            names = [n for n in names if n != "__metadata"]
            header = raw.strip()
            continue
        m = re.match(r'^\s+version:?\s+"?([^"\s]+)"?\s*$', raw)
        if m and names and header_line:
            ver = m.group(1)
            if re.match(r"^\d", ver) and "use.local" not in ver:
                for n in names:
                    out.append(Dep("npm", n, ver, path, header_line, header))
            names = []
    return _dedupe(out)


def _pnpm_key(key: str) -> tuple[str, str] | None:
    k = key.strip().strip("'\"").lstrip("/")
    k = re.sub(r"\(.*\)$", "", k)  # v6+/v9 peer suffix
    if "@" in k[1:]:
        at = k.rfind("@")
        name, ver = k[:at], k[at + 1:]
    elif "/" in k:  # v5: /name/1.2.3 or /@scope/name/1.2.3
        name, _, ver = k.rpartition("/")
    else:
        return None
    ver = ver.split("_", 1)[0]
    return (name, ver) if name and re.match(r"^\d", ver) else None


def _pnpm(path: str, text: str) -> list[Dep]:
    import yaml

    data = yaml.safe_load(text) or {}
    lines = text.splitlines()
    out = []
    for section in ("packages", "snapshots"):
        for key in (data.get(section) or {}):
            parsed = _pnpm_key(str(key))
            if parsed:
                ln = find_line(lines, str(key) + ":") if str(key) + ":" in text else find_line(lines, str(key))
                out.append(Dep("npm", parsed[0], parsed[1], path, ln, lines[ln - 1].strip() if lines else ""))
    return _dedupe(out)
