"""Prefixes from where the code keeps them (a settings-class default in another module, a
getenv default) and FastAPI auth through dependency aliases and optional authorizers."""
from __future__ import annotations

from pathlib import Path

from conftest import scan

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "endpoints" / "fastapi-values"


def test_settings_prefix_alias_dependencies_and_optional_auth():
    res = scan(FIX)
    got = {(e.method, e.path, e.auth) for e in res.endpoints if not e.implicit}
    assert got == {("GET", "/api/v1/items/", "optional"), ("POST", "/api/v1/items/", "required"),
                   ("GET", "/api/v1/items/{item_id}", "none"), ("GET", "/ops/health", "none")}, got


def test_values_resolve_literals_fstrings_getenv_and_unique_names():
    from auditor.endpoints.values import Values

    facts = {"a.py": {"routes": [{"op": "const", "name": "API", "value": "/api"},
                                 {"op": "class", "name": "S", "attrs": {"V1": "/v1"}},
                                 {"op": "const", "name": "TWICE", "value": "/a"}]},
             "b.py": {"routes": [{"op": "const", "name": "TWICE", "value": "/b"}]}}
    v = Values(facts)
    assert v.resolve('"/x"') == "/x"
    assert v.resolve("settings.V1") == "/v1" and v.resolve("get_settings().V1") == "/v1"
    assert v.resolve('f"{API}/users"') == "/api/users"
    assert v.resolve('os.getenv("P", "/p")') == "/p"
    assert v.resolve("API + settings.V1") == "/api/v1"
    assert v.resolve("TWICE") is None and v.resolve("unknown") is None
