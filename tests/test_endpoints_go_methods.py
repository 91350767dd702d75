"""Go net/http-style routing: a handler registered for every method that dispatches on r.Method
serves only the methods it branches on (switch on r.Method, `case r.Method == ...`,
http.MethodX constants); a mux mounted through http.StripPrefix hangs under that prefix."""
from __future__ import annotations

from pathlib import Path

from conftest import scan

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "endpoints" / "go-method-switch"


def test_methods_from_the_handlers_dispatch():
    got = {(e.method, e.path) for e in scan(FIX).endpoints if not e.implicit}
    assert got == {("GET", "/campaigns"), ("POST", "/campaigns"), ("GET", "/campaigns/{id}"),
                   ("HEAD", "/campaigns/{id}"), ("DELETE", "/campaigns/{id}"),
                   ("ANY", "/legacy")}, got


def test_a_mux_mounted_through_strip_prefix_hangs_under_it():
    fix = FIX.parent / "nethttp-strip"
    got = {(e.method, e.path) for e in scan(fix).endpoints if not e.implicit}
    assert got == {("GET", "/api/items"), ("POST", "/api/items/{id}"), ("GET", "/health")}, got
