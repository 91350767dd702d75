"""pip-audit on a pinned requirements list, in the one mode that never installs or builds:
`-r LIST --no-deps --disable-pip`, against OSV at our base URL (its `--osv-url` takes the full
query URL, base + /v1/query)."""
from __future__ import annotations

import json
import os

from auditor.engines.deps.manifest import Dep, canonical_pypi
from auditor.engines.tools import EngineError, last_line, remove_temp_dir, run_tool, temp_dir


def command(exe: str, req: str, base: str, timeout: int, cache: str) -> list[str]:
    return [exe, "-r", req, "--no-deps", "--disable-pip", "--vulnerability-service", "osv",
            "--osv-url", base.rstrip("/") + "/v1/query", "--format", "json",
            "--progress-spinner", "off", "--timeout", str(timeout), "--cache-dir", cache]


def audit_python(exe: str, deps: list[Dep], base: str, budget) -> list[tuple[Dep, str, list, dict]]:
    """(dependency, advisory id, fixed versions, pip-audit's entry) for every vulnerable pin."""
    pins = sorted({(d.name, d.version) for d in deps})
    tmp = temp_dir("auditor-pip-audit-")
    try:
        req = os.path.join(tmp, "requirements.txt")
        with open(req, "w", encoding="utf-8") as fh:
            fh.writelines(f"{n}=={v}\n" for n, v in pins)
        left = budget.left()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_AUDIT_")}
        rc, out, err = run_tool(command(exe, req, base, max(1, int(left)), os.path.join(tmp, "cache")),
                                timeout=left + 30, env=env)
    finally:
        remove_temp_dir(tmp)
    try:
        data = json.loads(out or b"")
    except json.JSONDecodeError:
        raise EngineError(f"pip-audit exit {rc}: {last_line(err)}") from None
    hits = parse_output(data, deps)
    if rc not in (0, 1) or (rc == 1 and not hits and not data.get("dependencies")):
        raise EngineError(f"pip-audit exit {rc}: {last_line(err)}")
    return hits


def parse_output(data: dict, deps: list[Dep]) -> list[tuple[Dep, str, list, dict]]:
    """pip-audit's JSON -> (dependency, advisory id, fixed versions, entry), for every manifest
    line that pins a vulnerable version."""
    by_pin: dict[tuple[str, str], list[Dep]] = {}
    for d in deps:
        by_pin.setdefault((d.name, d.version), []).append(d)
    hits = []
    for entry in data.get("dependencies", []):
        key = (canonical_pypi(str(entry.get("name", ""))), str(entry.get("version", "")))
        for v in entry.get("vulns") or []:
            for d in by_pin.get(key, []):
                hits.append((d, v["id"], list(v.get("fix_versions") or []), v))
    return hits
