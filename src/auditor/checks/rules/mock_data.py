"""Mock, fake, dummy or sample data used by production code.

What it finds:
Outside tests, fixtures, examples, seeds and mocks folders: module-level literal record lists or
maps named like mock data (`MOCK_USERS`, `fakeAgents`, `dummy_orders`), where they are used (the
return or response that carries them, with the definition as a related location); imports of
fake-data generators (faker, gofakeit, @faker-js/faker); and `if MOCK_MODE` / `useMock` branches
that answer requests. Higher severity when the use is on an endpoint's trace.

Why it matters:
Mock data in a production path answers real users with invented records, and a mock-mode switch
is one misconfigured environment variable away from doing so.

Example:
    MOCK_ORDERS = [{"id": 1, "total": 10.0}]

    def list_orders():
        return MOCK_ORDERS

Fix:
Read the data from its store; keep fixtures under tests/ and delete mock-mode branches from
request paths.
"""
from __future__ import annotations

from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import impl_context, production_path, short
from auditor.model import Finding

_POS = '''MOCK_ORDERS = [{"id": 1, "total": 10.0}, {"id": 2, "total": 12.5}]


def list_orders():
    return MOCK_ORDERS
'''
_NEG = '''ORDER_STATUSES = ["new", "paid", "shipped"]
mock_call_count = 0


def list_orders(db):
    return db.execute("SELECT * FROM orders").fetchall()
'''


class MockData(Rule):
    __doc__ = __doc__
    id = "mock-data"
    name = "MockDataInProduction"
    category = "mock-data"
    severity = "medium"
    confidence = "high"
    scope = "project"
    positive = [Example("python", _POS, "orders/service.py")]
    negative = [Example("python", _NEG, "orders/service.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        for path, sig in ic.modules.items():
            if not production_path(path):
                continue
            defs = {d["name"]: d for d in sig.get("mock_defs", []) if d.get("top")}
            used: set[str] = set()
            for use in sig.get("mock_uses", []):
                d = defs.get(use["name"])
                if d is None:
                    continue
                info = ic.function_at(path, use["line"])
                on_trace = bool(info and info.on_trace)
                used.add(use["name"])
                yield self.finding(
                    path, use["line"],
                    f"mock data {use['name']} (defined at line {d['line']}) is used by "
                    f"{short(info.rec.get('name') or 'a function') if info else 'module code'}",
                    snippet=use.get("text", use["name"]), severity="high" if on_trace else None,
                    endpoints=sorted(info.endpoints) if info else (), critical_path=on_trace,
                    related=[(path, d["line"])])
            for name, d in defs.items():
                if name not in used:
                    yield self.finding(path, d["line"], f"mock data {name} defined in production code",
                                       snippet=name, severity="low")
            for imp in sig.get("mock_imports", []):
                yield self.finding(path, imp["line"], f"fake-data generator {imp['text']} imported "
                                   "by production code", snippet=imp["text"])
            for br in sig.get("mock_branches", []):
                info = ic.function_at(path, br["line"])
                on_trace = bool(info and info.on_trace)
                yield self.finding(path, br["line"], f"mock-mode branch ({br['text'][:60]}) in "
                                   "production code", snippet=br["text"],
                                   severity="high" if on_trace else None,
                                   endpoints=sorted(info.endpoints) if info else (),
                                   critical_path=on_trace)
