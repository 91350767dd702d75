"""A crash- and hang-proof pool of worker processes for the per-file work.

`concurrent.futures` loses the whole pool when one worker dies; here a worker that crashes
(a parser segfault) or exceeds its file's time budget is killed and replaced, and only that file
becomes an `errors` entry.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import time
from multiprocessing.connection import wait
from typing import Callable

from auditor.scan.analyze import analyze


WORKER_MEMORY_MB = 1024  # address-space cap of one worker; AUDITOR_WORKER_MEMORY_MB overrides


def _limit_memory() -> None:
    """Cap the worker's address space, so that one pathological file fails alone (MemoryError
    or a crash, then an `errors` entry) instead of pushing the machine into swap."""
    try:
        import resource

        mb = int(os.environ.get("AUDITOR_WORKER_MEMORY_MB", WORKER_MEMORY_MB))
        if mb > 0:
            limit = mb * 1024 * 1024
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


def preload() -> None:
    """Import the per-file machinery once in the parent: forked workers share it instead of each
    importing the grammars, indexers and rules again (and again after a replaced worker)."""
    try:
        from auditor.checks.registry import all_rules
        from auditor.endpoints import registrations  # noqa: F401
        from auditor.index import index_file  # noqa: F401
        from auditor.parse import ts_parser

        all_rules()
        for lang in ("go", "python", "typescript", "tsx", "javascript"):
            ts_parser(lang)
    except Exception:  # noqa: BLE001 - a worker reports the real error for its file
        pass


def _worker(conn) -> None:
    import sys

    sys.setrecursionlimit(10000)
    _limit_memory()
    try:
        _serve(conn)
    except BaseException:  # noqa: BLE001 - the parent reports the crash; no traceback on stderr
        os._exit(70)


COLLECT_EVERY = 100  # files between two explicit collections in a worker


def _serve(conn) -> None:
    # A worker inherits the parent's collector off. Its per-file garbage has cycles (900 MB
    # per worker piled up on the million-line tree), but the automatic collector's frequent
    # passes cost ~10% of the per-file time: one explicit pass every COLLECT_EVERY files keeps
    # a worker near 50 MB for a fraction of that. The inherited heap stays frozen, unscanned.
    gc.disable()
    served = 0
    while True:
        served += 1
        if served % COLLECT_EVERY == 0:
            gc.collect()
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        key, path, abspath, language = task[:4]
        try:
            result = analyze(path, abspath, language, mode=task[4] if len(task) > 4 else "full")
        except MemoryError:
            result = None
            result = _error_result(path, language, _memory_message())
        except BaseException as exc:  # noqa: BLE001 - report, never die silently
            result = _error_result(path, language, f"{type(exc).__name__}: {exc}"[:500])
        try:
            conn.send((key, result))
        except MemoryError:
            result = None
            conn.send((key, _error_result(path, language, _memory_message())))
        except (OSError, ValueError):
            return


def _error_result(path: str, language: str, message: str) -> dict:
    return {"path": path, "language": language, "errors": [{"stage": "worker", "message": message}]}


def _memory_message() -> str:
    mb = os.environ.get("AUDITOR_WORKER_MEMORY_MB", WORKER_MEMORY_MB)
    return f"out of memory: the file needs more than the worker's {mb} MB cap; file not analysed"


# A file's time budget is CPU time of its worker, so that a loaded machine (a CI runner, other
# jobs) does not turn files that fit into "time budget exceeded" and make the findings depend on
# the load; a worker that makes no progress (blocked, or starved) is stopped at WALL_FACTOR times
# the budget of wall time.
WALL_FACTOR = 2
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process `pid` (Linux /proc); None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, IndexError, ValueError):
        return None


IN_FLIGHT = 2  # tasks queued per worker: the next file is already in its pipe when it finishes


class _Slot:
    def __init__(self, ctx) -> None:
        parent, child = ctx.Pipe()
        self.conn = parent
        self.proc = ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()
        child.close()
        self.tasks: list[tuple] = []  # sent, in the order the worker runs them
        self.deadline = 0.0  # of tasks[0], the one running
        self.started = 0.0  # when tasks[0] started (monotonic), and the worker's CPU time then
        self.cpu_start: float | None = None

    def start(self, budget: float) -> None:
        """tasks[0] runs from now, for `budget` seconds of the worker's CPU time."""
        self.started = time.monotonic()
        self.deadline = self.started + budget
        self.cpu_start = cpu_seconds(self.proc.pid)

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.join(1)
        except Exception:  # noqa: BLE001
            pass
        self.conn.close()


class TaskPool:
    """Worker processes that parse (key, path, abspath, language) tasks; on_done(key, facts) for
    each, in any order. Tasks can be submitted before the caller does other work (the scan
    submits the files it already knows changed, then reads the facts cache while they parse)
    and more later; `drain` waits for all of them.

    Each worker holds up to IN_FLIGHT tasks, so that it never idles while the parent is busy
    unpickling another worker's facts; a task's time budget starts when the one before it ends.
    """

    def __init__(self, jobs: int, budget: Callable[[tuple], float],
                 on_done: Callable[[int, dict], None]) -> None:
        self.jobs = max(1, jobs)
        self.budget = budget
        self.on_done = on_done
        self.pending: list[tuple] = []  # reversed: the next task is last
        self.slots: list[_Slot] = []
        self.ctx = None

    def submit(self, tasks: list[tuple]) -> None:
        if not tasks:
            return
        self.pending[:0] = list(reversed(tasks))
        if self.ctx is None:
            method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
            self.ctx = mp.get_context(method)
            if method == "fork":
                preload()
        want = min(self.jobs, len(self.slots) + len(tasks))
        if len(self.slots) < want:
            # Forked workers inherit the parent's heap frozen: their collector never walks it
            # (and so never dirties its copy-on-write pages); the parent unfreezes once they run.
            gc.freeze()
            try:
                self.slots += [_Slot(self.ctx) for _ in range(want - len(self.slots))]
            finally:
                gc.unfreeze()
        for s in self.slots:
            self._feed(s)

    def _feed(self, slot: _Slot) -> None:
        while self.pending and len(slot.tasks) < IN_FLIGHT:
            task = self.pending.pop()
            if not slot.tasks:
                slot.start(self.budget(task))
            slot.tasks.append(task)
            slot.conn.send(task)

    def drain(self) -> None:
        slots, budget, on_done = self.slots, self.budget, self.on_done
        while any(s.tasks for s in slots):
            busy = [s for s in slots if s.tasks]
            timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
            ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout)
            now = time.monotonic()
            for i, s in enumerate(slots):
                if not s.tasks:
                    continue
                if s.conn in ready:
                    try:
                        key, result = s.conn.recv()
                    except (EOFError, OSError):
                        result = None
                    if result is not None:
                        s.tasks.pop(0)
                        if s.tasks:
                            s.start(budget(s.tasks[0]))
                        on_done(key, result)
                        self._feed(s)
                        continue
                if s.proc.sentinel in ready or s.conn in ready or not s.proc.is_alive():
                    s.proc.join(1)
                    code = s.proc.exitcode
                    _fail(on_done, s.tasks[0], "worker", _crash_message(code))
                elif now >= s.deadline:
                    b = budget(s.tasks[0])
                    used = _cpu_used(s)
                    if used is not None and used < b and now < s.started + WALL_FACTOR * b:
                        s.deadline = now + max(0.25, b - used)  # waiting for a core: not spent
                        continue
                    _fail(on_done, s.tasks[0], "parse",
                          f"time budget exceeded ({b:.0f} s"
                          + (f" of CPU; {used:.0f} s used in {now - s.started:.0f} s"
                             if used is not None else "") + "); file skipped")
                else:
                    continue
                # the failed task is reported; the ones queued behind it go to a new worker
                self.pending.extend(reversed(s.tasks[1:]))
                s.kill()
                slots[i] = _Slot(self.ctx)
                self._feed(slots[i])

    def close(self) -> None:
        for s in self.slots:
            try:
                if s.proc.is_alive():
                    s.conn.send(None)
            except (OSError, ValueError):
                pass
        for s in self.slots:
            s.proc.join(0.5)
            if s.proc.is_alive():
                s.kill()
        self.slots = []

    def __enter__(self) -> "TaskPool":
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False


def _cpu_used(slot: _Slot) -> float | None:
    now = cpu_seconds(slot.proc.pid)
    return None if now is None or slot.cpu_start is None else now - slot.cpu_start


def run_tasks(tasks: list[tuple], jobs: int, budget: Callable[[tuple], float],
              on_done: Callable[[int, dict], None]) -> None:
    """Run the tasks on a TaskPool of `jobs` workers and wait for all of them."""
    with TaskPool(jobs, budget, on_done) as pool:
        pool.submit(tasks)
        pool.drain()


def _crash_message(code) -> str:
    import signal

    if code == 70:
        return "the worker process failed unexpectedly; file not analysed"
    how = f"exit code {code}"
    if isinstance(code, int) and code < 0:
        try:
            how = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            pass
    return (f"the parser process crashed ({how}): a stack overflow on deep nesting or the "
            f"{os.environ.get('AUDITOR_WORKER_MEMORY_MB', WORKER_MEMORY_MB)} MB memory cap")


def _fail(on_done, task, stage: str, message: str) -> None:
    key, path, _abspath, language = task[:4]
    on_done(key, {"path": path, "language": language, "errors": [{"stage": stage, "message": message}],
                  "timed_out": stage == "parse"})


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
