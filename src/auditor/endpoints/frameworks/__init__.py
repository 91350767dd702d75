"""Route-registration extractors, one module per language family; each knows the frameworks of
its language and emits the same route-op records (replayed by `auditor.endpoints.interpret`)."""
from __future__ import annotations


class ScopeTracker:
    """The enclosing function of each node of a pre-order walk, in O(1) amortized: a stack of
    open function spans, popped as the walk leaves them (no parent climbing, so 20,000-deep
    nesting stays linear)."""

    def __init__(self, outer: str = "<file>") -> None:
        self.stack: list[tuple[int, str]] = []
        self.outer = outer

    def at(self, node) -> str:
        start = node.start_byte
        while self.stack and start >= self.stack[-1][0]:
            self.stack.pop()
        return self.stack[-1][1] if self.stack else self.outer

    def enter(self, node, scope: str) -> None:
        self.stack.append((node.end_byte, scope))

    def path(self) -> list[str]:
        return [s for _e, s in self.stack]
