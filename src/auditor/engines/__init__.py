"""External engines (semgrep, bandit, dependency audit), each in its own process."""
from __future__ import annotations

from auditor.model import EngineStatus, Finding


def run_engines(analysis, selected: list[str], opts) -> tuple[list[Finding], list[EngineStatus]]:
    statuses = [EngineStatus(name, "skipped", message="not yet available")
                for name in ("semgrep", "bandit", "dependencies") if name in selected]
    return [], statuses
