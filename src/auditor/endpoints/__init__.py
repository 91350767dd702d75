"""Endpoints: route registrations per framework, prefixes joined, middleware and auth, and the
handler -> service -> repository trace through the call graph."""
from __future__ import annotations


def find_endpoints(graph, facts: dict[str, dict], config) -> tuple[list, list[dict]]:
    """(endpoints, unresolved_routes). Framework extractors register themselves here."""
    return [], []
