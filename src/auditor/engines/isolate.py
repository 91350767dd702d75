"""Run engine jobs concurrently, each in a process of its own with a time limit.

The tool an engine runs has a time limit of its own (`tools.run_tool`); past the engine's
deadline the engine process gets SIGTERM, kills its tool's process group and exits, then its own
group is killed. A crash or a timeout becomes a failed status for that engine only.
"""
from __future__ import annotations

import importlib
import multiprocessing as mp
import os
import signal
import time
from multiprocessing.connection import wait

from auditor.engines.tools import kill_group, kill_running_tools


def _child(conn, module: str, payload: dict) -> None:
    if hasattr(os, "setsid"):  # (Windows has no sessions: its tools are killed as a tree)
        try:
            os.setsid()
        except OSError:
            pass
    signal.signal(signal.SIGTERM, kill_running_tools)  # stopping an engine stops its tool
    t0 = time.monotonic()
    try:
        outcome = importlib.import_module(module).run(payload)
    except BaseException as exc:  # noqa: BLE001 - reported as the engine's failure
        outcome = {"findings": [], "status": {"status": "failed",
                                              "message": f"{type(exc).__name__}: {exc}"[:500]}}
    outcome["seconds"] = time.monotonic() - t0  # its own run, not when it was collected
    try:
        conn.send(outcome)
    except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable value
        conn.send({"findings": [], "status": {"status": "failed",
                                              "message": f"cannot return results: {exc}"}})
    conn.close()


class Running:
    """Engine processes that were started and have not been collected yet."""

    def __init__(self, jobs: list[tuple[str, str, dict, float]]) -> None:
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        ctx = mp.get_context(method)
        self.running = {}
        for name, module, payload, limit in jobs:
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(child, module, payload), daemon=True)
            start = time.monotonic()
            proc.start()
            child.close()
            self.running[parent] = (name, proc, start, start + limit + 5.0, limit)

    def collect(self) -> list[tuple[str, dict, float]]:
        """Wait for every engine (each to its own deadline): (name, outcome, seconds)."""
        running, results = self.running, []
        while running:
            now = time.monotonic()
            soonest = min(v[3] for v in running.values())
            ready = wait(list(running), timeout=max(0.0, soonest - now))
            for conn in ready:
                name, proc, start, _, _ = running.pop(conn)
                try:
                    outcome = conn.recv()
                except (EOFError, OSError):
                    proc.join(5)
                    outcome = {"findings": [], "status": {
                        "status": "failed",
                        "message": f"engine process died (exit code {proc.exitcode})"}}
                conn.close()
                proc.join(5)
                results.append((name, outcome, outcome.get("seconds", time.monotonic() - start)))
            now = time.monotonic()
            for conn, (name, proc, start, deadline, limit) in list(running.items()):
                if now >= deadline:
                    running.pop(conn)
                    _stop(proc)
                    conn.close()
                    results.append((name, {"findings": [], "status": {
                        "status": "failed", "message": f"did not finish within {limit:.0f} s"}},
                        now - start))
        return results


    def cancel(self) -> None:
        """Stop every engine still running (the scan failed or was interrupted): all of them
        at once, each engine's tool group and then the engine's own, within about a second."""
        procs = [proc for (_, proc, *_rest) in self.running.values()]
        for conn in list(self.running):
            conn.close()
        self.running.clear()
        _stop_all(procs)


def _stop(proc) -> None:
    _stop_all([proc])


def _stop_all(procs: list) -> None:
    """SIGTERM first (an engine kills the tool group it started), then each whole group."""
    for proc in procs:
        try:
            os.kill(proc.pid, signal.SIGTERM)
        except OSError:
            pass
    deadline = time.monotonic() + 1.0
    for proc in procs:
        proc.join(max(0.0, deadline - time.monotonic()))
    for proc in procs:
        kill_group(proc.pid)  # the engine's session: the tool too if the engine died first
        try:
            proc.kill()
        except (OSError, AttributeError):
            pass
    for proc in procs:
        proc.join(1)


def run_isolated(jobs: list[tuple[str, str, dict, float]]) -> list[tuple[str, dict, float]]:
    """(name, outcome, seconds) for every (name, module, payload, time_limit) job."""
    return Running(jobs).collect() if jobs else []
