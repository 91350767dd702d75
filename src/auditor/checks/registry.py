"""Every native rule, found by importing the modules of `auditor.checks.rules`."""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from auditor.checks.base import Rule


@lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    import auditor.checks.rules as pkg

    found: dict[str, type[Rule]] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        mod = importlib.import_module(f"{pkg.__name__}.{info.name}")
        for obj in vars(mod).values():
            if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule and obj.id \
                    and obj.__module__ == mod.__name__:
                if obj.id in found:
                    raise RuntimeError(f"duplicate rule id {obj.id}")
                found[obj.id] = obj
    return tuple(found[k] for k in sorted(found))


def rule_by_id(rule_id: str) -> type[Rule] | None:
    return next((r for r in all_rules() if r.id == rule_id), None)


def known_rule_ids() -> set[str]:
    return {r.id for r in all_rules()}
