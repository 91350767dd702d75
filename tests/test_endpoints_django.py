"""Django and DRF as Django dispatches: regexes rendered as paths, include() of a module named in
a tuple or of an inline list, class-based views serving the methods they define or inherit,
ViewSets in another module expanded by the router (mixins, lookup_field, @action), permission
classes and class decorators through project mixins, DRF's read-only pass (open when nothing the
view runs reads request.user), admin left out."""
from __future__ import annotations

from pathlib import Path

from conftest import scan

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "endpoints" / "django-views"


def test_django_routes_methods_and_auth():
    got = {(e.method, e.path, e.auth) for e in scan(FIX).endpoints if not e.implicit}
    want = {("GET", "/api/products", "none"), ("POST", "/api/products", "required"),
            ("GET", "/api/status/{code}", "none"),
            ("GET", "/api/orders", "required"), ("GET", "/api/orders/{number}", "required"),
            ("POST", "/api/orders/{number}/cancel", "required"),
            ("GET", "/accounts/me/", "required"), ("POST", "/accounts/me/", "required")}
    norm = {(m, p.rstrip("/") if p != "/" else p, a) for m, p, a in got}
    assert norm == {(m, p.rstrip("/"), a) for m, p, a in want}, (
        f"missing {sorted({(m, p.rstrip('/'), a) for m, p, a in want} - norm)}\n"
        f"extra {sorted(norm - {(m, p.rstrip('/'), a) for m, p, a in want})}")


def test_regexes_become_paths():
    from auditor.endpoints.frameworks.django_paths import regex_to_path

    assert regex_to_path(r"^articles/(?P<slug>[-\w]+)/?$") == "articles/{slug}"
    assert regex_to_path(r"^(\d+)/edit/$") == "{arg1}/edit/"
    assert regex_to_path(r"^feed\.xml$") == "feed.xml"
    assert regex_to_path(r"^api/") == "api/"
