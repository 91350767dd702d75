"""A value computed once per project context (the graph, the endpoints and the facts of one
scan) and shared by every rule that asks for it."""
from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")


def per_context(ctx, attr: str, build: Callable[[], T]) -> T:
    """`getattr(ctx, attr)`, built by `build()` on first use; a context that takes no new
    attributes (frozen) builds it again on each call."""
    got = getattr(ctx, attr, None)
    if got is None:
        got = build()
        try:
            setattr(ctx, attr, got)
        except Exception:  # noqa: BLE001 - a frozen context: recomputed next time
            pass
    return got
