"""External engines (semgrep, bandit, dependency audit), each in its own process, concurrently.

Every engine module has `prepare(analysis, opts)` (in this process: which files, which URL; it
returns a payload, or an `EngineStatus` when the engine is skipped) and `run(payload)` (in the
engine's own process: returns {"findings": [dicts], "status": {...}}). A crash, hang or failure
of one engine becomes its status; the others' results are never lost. An engine that ran but
could not analyse some files says so: status `partial`, the files in its `errors`.

Results are taken in ENGINE_ORDER, never in the order the processes finished, so that the same
tree gives the same report on every run.
"""
from __future__ import annotations

import importlib

from auditor.model import EngineStatus, Finding

EXTERNAL = ("semgrep", "bandit", "dependencies")
ENGINE_ORDER = ("native", *EXTERNAL)  # the fixed precedence of engines wherever one must win


def engine_rank(name: str) -> tuple[int, str]:
    """Sort key of an engine name: ENGINE_ORDER, then any other engine by name."""
    try:
        return (ENGINE_ORDER.index(name), "")
    except ValueError:
        return (len(ENGINE_ORDER), name)


_MODULES = {"semgrep": "auditor.engines.semgrep", "bandit": "auditor.engines.bandit",
            "dependencies": "auditor.engines.deps"}


def run_engines(analysis, selected: list[str], opts) -> tuple[list[Finding], list[EngineStatus]]:
    run = start_engines(analysis, selected, opts)
    try:
        return run.collect()
    finally:
        run.cancel()  # interrupted while waiting: no engine outlives the scan


class EngineRun:
    """Engines started in the background; `collect()` waits for them and maps their results."""

    def __init__(self, statuses: dict[str, EngineStatus], running) -> None:
        self.statuses = statuses
        self.running = running

    def cancel(self) -> None:
        if self.running:
            self.running.cancel()

    def collect(self) -> tuple[list[Finding], list[EngineStatus]]:
        statuses = dict(self.statuses)
        findings: list[Finding] = []
        done = self.running.collect() if self.running else []
        for name, outcome, seconds in sorted(done, key=lambda r: engine_rank(r[0])):
            st = outcome.get("status", {})
            errors = [{"file": str(e.get("file") or ""), "message": str(e.get("message") or "error")}
                      for e in st.get("errors") or () if isinstance(e, dict)]
            state = st.get("status", "failed")
            if state == "ok" and errors:
                state = "partial"  # errors are files it did not analyse, whatever it said
            status = EngineStatus(name, state, seconds=round(seconds, 3),
                                  message=st.get("message", ""), version=st.get("version", ""),
                                  errors=errors)
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


def start_engines(analysis, selected: list[str], opts) -> EngineRun:
    """Prepare every selected engine and start those that apply, each in its own process.

    `analysis` needs only `root`, `config` and `facts` ({path: {"language": ...}}), so the
    engines can start right after discovery and run while the native analysis parses.
    """
    from auditor.engines.isolate import Running

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
    return EngineRun(statuses, Running(jobs) if jobs else None)


def start_after_discovery(opts, default: list[str]) -> EngineRun | None:
    """Start the external engines on the discovered files before the native analysis parses,
    so both run at once. None when no external engine is selected or the tree cannot be
    discovered here (the scan then reports that error itself)."""
    from types import SimpleNamespace

    try:
        from auditor.config import load_config
        from auditor.discover import discover
        from auditor.scan import resolve_root

        root = resolve_root(opts.path)
        scan_dir = root if root.is_dir() else root.parent
        config = load_config(scan_dir, opts.config_file, getattr(opts, "config_from", None))
        selected = opts.engines or config.engines or default
        if not any(e in selected for e in EXTERNAL):
            return None
        disc = discover(root, config)
    except Exception:  # noqa: BLE001 - analyze_tree raises the same error with its message
        return None
    view = SimpleNamespace(root=scan_dir, config=config,
                           facts={t.path: {"language": t.language} for t in disc.targets})
    return start_engines(view, selected, opts)
