"""Run engine jobs concurrently, each in a process of its own with a time limit.

The engine process leads its own process group, so a time limit kills it together with the tool
it started. A crash or a timeout becomes a failed status for that engine only.
"""
from __future__ import annotations

import importlib
import multiprocessing as mp
import os
import time
from multiprocessing.connection import wait

from auditor.engines.tools import kill_group


def _child(conn, module: str, payload: dict) -> None:
    try:
        os.setsid()
    except OSError:
        pass
    try:
        outcome = importlib.import_module(module).run(payload)
    except BaseException as exc:  # noqa: BLE001 - reported as the engine's failure
        outcome = {"findings": [], "status": {"status": "failed",
                                              "message": f"{type(exc).__name__}: {exc}"[:500]}}
    try:
        conn.send(outcome)
    except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable value
        conn.send({"findings": [], "status": {"status": "failed",
                                              "message": f"cannot return results: {exc}"}})
    conn.close()


def run_isolated(jobs: list[tuple[str, str, dict, float]]):
    """Yield (name, outcome, seconds) for every (name, module, payload, time_limit) job."""
    if not jobs:
        return []
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    running = {}
    for name, module, payload, limit in jobs:
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(child, module, payload), daemon=True)
        start = time.monotonic()
        proc.start()
        child.close()
        running[parent] = (name, proc, start, start + limit + 5.0, limit)
    results = []
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
                    "status": "failed", "message": f"engine process died (exit code {proc.exitcode})"}}
            conn.close()
            proc.join(5)
            results.append((name, outcome, time.monotonic() - start))
        now = time.monotonic()
        for conn, (name, proc, start, deadline, limit) in list(running.items()):
            if now >= deadline:
                running.pop(conn)
                kill_group(proc.pid)
                proc.kill()
                proc.join(5)
                conn.close()
                results.append((name, {"findings": [], "status": {
                    "status": "failed", "message": f"did not finish within {limit:.0f} s"}},
                    now - start))
    return results
