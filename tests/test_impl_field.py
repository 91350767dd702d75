"""The real-implementation rules on look-alikes of code read in the field corpus (issue 18):
every expected (rule, line) found and nothing else for these rules, per fixture tree.

- gomod_above: a scan root inside a module whose go.mod is above it (go-feature-flag's
  cmd/relayproxy); interface handlers are not guessed by name.
- go_chi: chi loader middleware answering 404, an access check that loads the account and
  hands it on (401) beside a role check that hands nothing on (403), factories returning a
  method value, a net.Resolver Dial callback, a "temporary password" policy comment, a score
  mapping with a default branch, a private key in a test configuration; handlers behind the
  standard library's adapters (http.StripPrefix, TimeoutHandler, MaxBytesHandler,
  AllowQuerySemicolons, HandlerFunc), registered directly or through a variable whose
  ServeHTTP a closure calls, beside the same adapters around a handler that reads nothing.
- django_accounts: include("django.contrib.auth.urls") in a project that has a `views` package
  and a view class named like one of Django's (PasswordResetView): the auth routes are served by
  django.contrib.auth.views, not by the tree; the project's look-alike that reads nothing is
  still reported.
- go_fiber: a route middleware with an auth-sounding name that does the route's work; a
  service counting a sync.Map whose Range callback answers `true` (go on), no hardcoded value.
- ts_upload: multer disk and memory storage, a Vercel Blob upload.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.scan import ScanOptions, run_scan
from expect import compare

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "impl_field"
RULES = {"endpoint-without-data", "mock-data", "stub-comment", "hardcoded-return",
         "unused-filter-parameter", "hardcoded-secret"}


@pytest.mark.parametrize("tree", ["gomod_above/cmd/proxy", "go_chi", "go_fiber", "ts_upload",
                                  "django_accounts"])
def test_expectations(tree):
    root = ROOT / tree
    result = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result
    problems = compare(root, result.findings, RULES)
    assert problems == [], "\n" + "\n".join(problems)


def test_a_root_below_its_go_mod_names_the_modules_packages():
    result = run_scan(ScanOptions(path=str(ROOT / "gomod_above" / "cmd" / "proxy"),
                                  engines=["native"], use_cache=False)).result
    eps = {e.path: e for e in result.endpoints if not e.implicit}
    assert eps["/v1/counts"].handler["name"] == \
        "example.com/flags/cmd/proxy/handler.Counts.Handler", eps["/v1/counts"].handler
    assert "info" not in eps["/v1/allflags"].handler["name"], eps["/v1/allflags"].handler


def test_a_handler_behind_a_net_http_adapter_is_the_one_it_serves():
    result = run_scan(ScanOptions(path=str(ROOT / "go_chi"), engines=["native"],
                                  use_cache=False)).result
    eps = {(e.method, e.path): e for e in result.endpoints if not e.implicit}
    for key in [("GET", "/files/*"), ("GET", "/slow"), ("POST", "/big")]:
        assert eps[key].handler["name"] == "example.com/accounts/api.Ctrl.index", eps[key].handler
    chain = [c.name for c in eps[("GET", "/*")].chain]
    assert "example.com/accounts/api.Ctrl.index" in chain, chain
    chain = [c.name for c in eps[("POST", "/echo")].chain]
    assert chain[-1] == "example.com/accounts/api.Ctrl.banner", chain


def test_django_auth_urls_are_served_by_djangos_views():
    result = run_scan(ScanOptions(path=str(ROOT / "django_accounts"), engines=["native"],
                                  use_cache=False)).result
    got = {(e.method, e.path): e for e in result.endpoints
           if not e.implicit and e.path.startswith("/accounts/")}
    assert all(e.handler["name"].startswith("django.contrib.auth.views.") and not e.chain
               for e in got.values()), {k: e.handler for k, e in got.items()}
    # Django's PasswordResetView (a FormView), not the tree's class of the same name (GET only)
    assert {m for m, p in got if p == "/accounts/password_reset/"} == {"GET", "POST", "PUT"}
    assert got[("GET", "/accounts/password_change/")].auth == "required"
    assert "Django's source" in got[("GET", "/accounts/password_change/")].auth_reason
    assert got[("GET", "/accounts/login/")].auth == "none"
    assert not [u for u in result.unresolved_routes if u["file"] == "school/urls.py"]
