"""The dependency audit: Python through pip-audit (never installing or building anything), Go
and npm through the OSV API. Findings sit on the manifest line of the dependency.

The OSV base URL comes from --osv-url or AUDITOR_OSV_URL (never from the scanned tree); pip-audit gets
it as its full query URL (base + /v1/query, its `--osv-url` option). Every network call shares
one time budget (10 s by default); --offline skips the engine.
"""
from __future__ import annotations

import os
import threading
from collections import defaultdict
from pathlib import Path, PurePosixPath

from auditor import __version__
from auditor.engines.deps.cvss import advisory_severity
from auditor.engines.deps.golang import read_go
from auditor.engines.deps.manifest import Dep, Unpinned
from auditor.engines.deps.npm import NPM_LOCKS, read_npm
from auditor.engines.deps.pipaudit import audit_python
from auditor.engines.deps.osv import (DEFAULT_URL, Budget, fetch_vulns, first_fixed, fixed_versions,
                                      query_batch)
from auditor.engines.deps.python import is_python_manifest, read_python
from auditor.engines.targets import join_messages
from auditor.engines.tools import EngineError, find_tool, tool_version
from auditor.model import EngineStatus, Finding

NETWORK_SECONDS = 10.0
VULN_CWE = ("CWE-1395",)  # Dependency on Vulnerable Third-Party Component
VULN_OWASP = ("A06:2021",)


def osv_base_url(analysis, opts) -> str:
    return (getattr(opts, "osv_url", None) or os.environ.get("AUDITOR_OSV_URL")
            or DEFAULT_URL).rstrip("/")


def manifests(analysis) -> list[str]:
    out = []
    for path, fx in analysis.facts.items():
        if fx.get("language") != "manifest":
            continue
        name = PurePosixPath(path).name.lower()
        if is_python_manifest(path) or name in ("go.mod", "go.sum") or name in NPM_LOCKS:
            out.append(path)
    return sorted(out)


def prepare(analysis, opts):
    files = manifests(analysis)
    if getattr(opts, "offline", False):
        return EngineStatus("dependencies", "skipped",
                            message=f"--offline: {len(files)} manifests not audited (network engine)")
    if not files:
        return EngineStatus("dependencies", "skipped",
                            message="no dependency manifests (requirements, pyproject, lockfiles, go.mod)")
    return {"root": str(analysis.root), "files": files, "osv_url": osv_base_url(analysis, opts),
            "network_seconds": NETWORK_SECONDS, "pip_audit": find_tool("pip-audit"),
            "time_limit": NETWORK_SECONDS + 60}


def read_manifests(root: str, files: list[str]) -> tuple[list[Dep], list[Unpinned], list[str]]:
    """(pinned dependencies, unpinned requirements, notes) of every manifest."""
    folders: dict[str, set[str]] = defaultdict(set)
    for f in files:
        p = PurePosixPath(f)
        folders[str(p.parent)].add(p.name.lower())
    deps: list[Dep] = []
    loose: list[Unpinned] = []
    notes: list[str] = []
    for f in files:
        p = PurePosixPath(f)
        name, siblings = p.name.lower(), folders[str(p.parent)]
        try:
            text = (Path(root) / f).read_text(encoding="utf-8", errors="replace")
            if is_python_manifest(f):
                d, u, note = read_python(f, text, siblings)
                loose.extend(u)
            elif name in ("go.mod", "go.sum"):
                d, note = read_go(f, text, siblings)
            else:
                d, note = read_npm(f, text), ""
        except Exception as exc:  # noqa: BLE001 - one unreadable manifest is a note, not a failure
            notes.append(f"{f}: cannot read ({type(exc).__name__}: {str(exc)[:120]})")
            continue
        deps.extend(d)
        if note:
            notes.append(note)
    return deps, loose, notes


def run(payload: dict) -> dict:
    root, base = payload["root"], payload["osv_url"]
    budget = Budget(payload["network_seconds"])
    deps, loose, notes = read_manifests(root, payload["files"])
    # Python pins go through pip-audit when it is installed (`auditor[engines]`), else through
    # OSV's querybatch like Go and npm: a native-only install still audits them.
    py = [d for d in deps if d.ecosystem == "PyPI"] if payload.get("pip_audit") else []
    other = [d for d in deps if d.ecosystem != "PyPI" or not payload.get("pip_audit")]
    problems: list[str] = []
    hits: list[tuple[Dep, str, list[str], dict]] = []  # dep, advisory id, fixed, pip-audit info
    pip_audit_version = ""

    py_result: dict = {}
    thread = None
    if py:
        def work():
            try:
                py_result["hits"] = audit_python(payload["pip_audit"], py, base, budget)
            except EngineError as exc:
                py_result["error"] = str(exc)

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        pip_audit_version = tool_version("pip-audit", payload["pip_audit"], "pip-audit")
    if other:
        keys = list(dict.fromkeys((d.ecosystem, d.name, d.version) for d in other))
        try:
            ids = dict(zip(keys, query_batch(base, keys, budget)))
            for d in other:
                for vid in ids.get((d.ecosystem, d.name, d.version), []):
                    hits.append((d, vid, [], {}))
        except EngineError as exc:
            problems.append(str(exc))
    if thread:
        thread.join(payload["time_limit"])
        if "error" in py_result:
            problems.append(py_result["error"])
        for d, vid, fixed, info in py_result.get("hits", []):
            hits.append((d, vid, fixed, info))
    advisories: dict[str, dict] = {}
    if hits:
        try:
            advisories, fetch_problems = fetch_vulns(base, [h[1] for h in hits], budget)
            problems.extend(fetch_problems[:3])
        except EngineError as exc:
            problems.append(str(exc))

    findings = [_vuln_finding(d, vid, fixed, info, advisories.get(vid)) for d, vid, fixed, info in hits]
    findings += [_unpinned_finding(u) for u in loose]
    counts = defaultdict(int)
    for d in deps:
        counts[d.ecosystem] += 1
    summary = (f"{len(payload['files'])} manifests: " + ", ".join(
        f"{n} {e}" for e, n in sorted(counts.items())) + " packages") if counts else \
        f"{len(payload['files'])} manifests, no pinned packages"
    msg = join_messages(*(p[:240] for p in problems[:5]), summary, f"OSV at {base}",
                        f"Python through pip-audit {pip_audit_version}" if pip_audit_version else
                        ("Python through OSV (pip-audit not installed)" if counts.get("PyPI") else ""),
                        f"{len(loose)} unpinned requirements cannot be audited" if loose else "",
                        *notes[:5])
    status = "failed" if problems else "ok"
    return {"findings": [f.to_dict() for f in _unique(findings)],
            "status": {"status": status, "message": msg, "version": __version__}}


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.file, f.line, f.rule_id, f.engine_rule_ids, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _vuln_finding(d: Dep, vid: str, fixed: list[str], info: dict, vuln: dict | None) -> Finding:
    vuln = vuln or {}
    aliases = [a for a in (vuln.get("aliases") or info.get("aliases") or []) if a != vid]
    candidates = fixed or fixed_versions(vuln, d.ecosystem, d.name)
    fixed = first_fixed(d.version, candidates, d.ecosystem)
    summary = " ".join(str(vuln.get("summary") or info.get("description") or "").split())[:200]
    if vuln:
        severity, why = advisory_severity(vuln)
    else:
        severity, why = "high", "advisory details unavailable"
    cwes = tuple(dict.fromkeys([*(vuln.get("database_specific") or {}).get("cwe_ids", []), *VULN_CWE]))
    msg = (f"{d.name} {d.version} ({d.ecosystem}) is affected by {vid}"
           + (f" ({', '.join(aliases[:4])})" if aliases else "")
           + (f": {summary}" if summary else "")
           + (f"; fixed in {', '.join(fixed[:4])}" if fixed else
              f"; no fixed version above {d.version} published" if candidates else
              "; no fixed version published")
           + f" [{why}]")
    return Finding(rule_id="dependency-vuln", category="dependency-vuln", severity=severity,
                   message=msg, file=d.file, line=d.line, snippet=d.snippet, cwe=cwes,
                   owasp=VULN_OWASP, confidence="high", engine="dependencies",
                   engines=("dependencies",), engine_rule_ids=(vid, *aliases[:4]))


def _unpinned_finding(u: Unpinned) -> Finding:
    return Finding(rule_id="dependency-unpinned", category="dependency-vuln", severity="info",
                   message=f"cannot audit unpinned requirement {u.name} ({u.spec}): pin an exact "
                           f"version (==) or audit the lockfile that pins it",
                   file=u.file, line=u.line, snippet=u.snippet, cwe=("CWE-1395",),
                   owasp=VULN_OWASP, confidence="high", engine="dependencies",
                   engines=("dependencies",), engine_rule_ids=("dependency-unpinned",))
