"""Split a pure, read-only computation over many items between this process and forked
children, for the serial stages after the parse (the traces of a large tree's endpoints).

A forked child sees the parent's whole state (graph, facts, memos) without pickling it; it
returns only its answers. Any failure of a child (a crash, an unpicklable answer, no `fork` on
this platform) falls back to computing its share here: the result never depends on whether the
split happened, only the time does.
"""
from __future__ import annotations

import gc
import os
import pickle
from typing import Callable, Hashable, Iterable


def fork_map(items: Iterable[Hashable], fn: Callable, jobs: int = 1,
             min_items: int = 1000) -> dict:
    """{item: fn(item)} for every distinct item, in item order. With `jobs` > 1 and at least
    `min_items` items, the items are cut into `jobs` contiguous parts (neighbours share the
    functions they reach, so each part keeps its memos warm) and all but the first run in
    forked children while this process runs the first."""
    todo = list(dict.fromkeys(items))
    if jobs < 2 or len(todo) < min_items:
        return {it: fn(it) for it in todo}
    size = -(-len(todo) // jobs)
    return fork_parts([todo[i:i + size] for i in range(0, len(todo), size)], fn)


def fork_parts(parts: list[list], fn: Callable) -> dict:
    """{item: fn(item)} for the items of every part: the first part here, each other in a
    forked child (a part's items share their memos, so the caller groups them)."""
    parts = [p for p in parts if p]
    if len(parts) < 2 or not hasattr(os, "fork"):
        return {it: fn(it) for p in parts for it in p}
    children: list[tuple[int, int, list]] = []
    gc.freeze()  # the child's collector then leaves the inherited heap unread (no page copies)
    try:
        for part in parts[1:]:
            try:
                r, w = os.pipe()
                pid = os.fork()
            except OSError:
                children.append((-1, -1, part))
                continue
            if pid == 0:  # the child: compute, send, leave without running any cleanup
                code = 1
                try:
                    os.close(r)
                    data = pickle.dumps({it: fn(it) for it in part}, pickle.HIGHEST_PROTOCOL)
                    with os.fdopen(w, "wb") as fh:
                        fh.write(data)
                    code = 0
                except BaseException:  # noqa: BLE001 - the parent recomputes this part
                    pass
                os._exit(code)
            os.close(w)
            children.append((pid, r, part))
    finally:
        gc.unfreeze()
    out = {it: fn(it) for it in parts[0]}
    for pid, r, part in children:
        got = _collect(pid, r)
        if got is None or set(got) != set(part):
            got = {it: fn(it) for it in part}
        out.update(got)
    return out


def _collect(pid: int, r: int) -> dict | None:
    if pid < 0:
        return None
    try:
        with os.fdopen(r, "rb") as fh:
            data = fh.read()
    except OSError:
        data = b""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 1
    if status != 0 or not data:
        return None
    try:
        got = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a truncated answer: recomputed
        return None
    return got if isinstance(got, dict) else None
