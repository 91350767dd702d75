"""Ctrl-C and SIGTERM as exceptions, raised where the program is but never inside an import.

Both are turned into KeyboardInterrupt (SIGTERM as its subclass `Terminated`) so that every
`finally` runs: engine process groups are stopped and temporary files removed. An exception
raised while a C extension module initialises (orjson's, a grammar's) can leave the module
half-built and crash the interpreter (a segmentation fault, then the engines outlive the
scan): inside an import the signal is remembered and raised once the import is over, polled
with a 20 ms timer; likewise inside the callbacks Python runs around a fork, which drop the
exceptions raised in them.
"""
from __future__ import annotations

import signal
import threading

RETRY_SECONDS = 0.02


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised as an interrupt."""


# Functions Python runs around `os.fork()` (os.register_at_fork: logging's lock handling),
# whose exceptions are printed and dropped ("Exception ignored in ..."): an interrupt raised
# there would be lost, and the scan would keep running
_AT_FORK = frozenset({"_acquireLock", "_releaseLock", "_after_at_fork_child_reinit_locks",
                      "_at_fork_reinit", "_after_fork"})


def _must_wait(frame) -> bool:
    """Whether an exception raised at `frame` would do harm or be lost: the frame runs inside
    an import (importlib's frames are on the stack) or inside a callback whose exceptions are
    dropped (an at-fork one, within 50 frames)."""
    depth = 0
    while frame is not None and depth < 500:
        if frame.f_code.co_filename.startswith("<frozen importlib") or \
                (depth < 50 and frame.f_code.co_name in _AT_FORK):
            return True
        frame = frame.f_back
        depth += 1
    return False


def install():
    """Install the handlers; a function that puts back the ones they replaced (a no-op where
    handlers cannot be set: not the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    pending: list[int] = []
    can_defer = hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")

    def raise_for(signum):
        raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()

    def on_signal(signum, frame):
        if can_defer and _must_wait(frame):
            if signum not in pending:
                pending.append(signum)
            signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)
            return
        raise_for(signum)

    def on_retry(_signum, frame):
        if not pending:
            return
        if _must_wait(frame):
            signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)
            return
        signum = pending[0]
        pending.clear()
        raise_for(signum)

    names = ["SIGINT", "SIGTERM"] + (["SIGALRM"] if can_defer else [])
    previous = {}
    for name in names:
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            previous[sig] = signal.signal(sig, on_retry if name == "SIGALRM" else on_signal)
        except (ValueError, OSError):
            pass

    def restore() -> None:
        if can_defer:
            signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            try:
                signal.signal(sig, handler)
            except (ValueError, OSError, TypeError):
                pass

    return restore
