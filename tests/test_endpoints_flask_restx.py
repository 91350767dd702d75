"""Flask-RESTX as it routes: Api(blueprint), namespaces mounted by add_namespace, Resource
classes serving the methods they define, add_resource of a class in another module, and auth
through a guarded business function the handler calls."""
from __future__ import annotations

from pathlib import Path

from conftest import scan

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "endpoints" / "flask-restx"


def test_restx_namespaces_resources_and_guarded_callees():
    got = {(e.method, e.path, e.auth) for e in scan(FIX).endpoints if not e.implicit}
    assert got == {("GET", "/api/v1/items", "none"), ("POST", "/api/v1/items", "none"),
                   ("GET", "/api/v1/items/<name>", "none"),
                   ("DELETE", "/api/v1/items/<name>", "required"),
                   # a decorator whose wrapper has a helper check the token guards; a caching
                   # decorator's wrapper does not
                   ("PUT", "/api/v1/items/<name>", "required"),
                   ("GET", "/api/v1/users", "none")}, got
