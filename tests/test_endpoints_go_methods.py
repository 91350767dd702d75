"""Go handlers registered for every method that dispatch on r.Method serve only the methods
they branch on (switch on r.Method, `case r.Method == ...`, http.MethodX constants)."""
from __future__ import annotations

from pathlib import Path

from conftest import scan

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "endpoints" / "go-method-switch"


def test_methods_from_the_handlers_dispatch():
    got = {(e.method, e.path) for e in scan(FIX).endpoints if not e.implicit}
    assert got == {("GET", "/campaigns"), ("POST", "/campaigns"), ("GET", "/campaigns/{id}"),
                   ("HEAD", "/campaigns/{id}"), ("DELETE", "/campaigns/{id}"),
                   ("ANY", "/legacy")}, got
