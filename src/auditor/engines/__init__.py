"""External engines (semgrep, bandit, dependency audit), each in its own process, concurrently.

Every engine module has `prepare(analysis, opts)` (in this process: which files, which URL; it
returns a payload, or an `EngineStatus` when the engine is skipped) and `run(payload)` (in the
engine's own process: returns {"findings": [dicts], "status": {...}}). A crash, hang or failure
of one engine becomes its status; the others' results are never lost.
"""
from __future__ import annotations

import importlib

from auditor.model import EngineStatus, Finding

EXTERNAL = ("semgrep", "bandit", "dependencies")
_MODULES = {"semgrep": "auditor.engines.semgrep", "bandit": "auditor.engines.bandit",
            "dependencies": "auditor.engines.deps"}


def run_engines(analysis, selected: list[str], opts) -> tuple[list[Finding], list[EngineStatus]]:
    from auditor.engines.isolate import run_isolated

    statuses: dict[str, EngineStatus] = {}
    jobs = []
    for name in EXTERNAL:
        if name not in selected:
            statuses[name] = EngineStatus(name, "skipped", message="not selected")
            continue
        try:
            mod = importlib.import_module(_MODULES[name])
            prep = mod.prepare(analysis, opts)
        except Exception as exc:  # noqa: BLE001 - an engine's bug is its status, not the scan's
            statuses[name] = EngineStatus(name, "failed", message=f"{type(exc).__name__}: {exc}")
            continue
        if isinstance(prep, EngineStatus):
            statuses[name] = prep
            continue
        jobs.append((name, _MODULES[name], prep, float(prep.get("time_limit", 300))))
    findings: list[Finding] = []
    for name, outcome, seconds in run_isolated(jobs):
        st = outcome.get("status", {})
        status = EngineStatus(name, st.get("status", "failed"), seconds=round(seconds, 3),
                              message=st.get("message", ""), version=st.get("version", ""))
        got = []
        for d in outcome.get("findings", []):
            try:
                got.append(Finding.from_dict(d))
            except (TypeError, KeyError, ValueError) as exc:
                status.message = (status.message + "; " if status.message else "") + \
                    f"a malformed finding was left out ({exc})"
        status.findings = len(got)
        findings.extend(got)
        statuses[name] = status
    return findings, [statuses[n] for n in EXTERNAL if n in statuses]

