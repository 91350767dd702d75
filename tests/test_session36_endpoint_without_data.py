"""endpoint-without-data on shapes read in backends nobody here wrote: a handler that only
refuses (405 for the methods a route does not serve, 404 for a retired route), and the GET of a
Django auth view the library renders (its POST authenticates against the user table), next to
the shapes that are still reported."""
from __future__ import annotations

import pytest

from conftest import assert_endpoint_findings, scan, write_tree

GIN = ("module example.com/app\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n")

GO_REFUSALS = {
    "go.mod": GIN,
    "main.go": (
        "package main\n\n"
        "import (\n\t\"net/http\"\n\n\t\"github.com/gin-gonic/gin\"\n)\n\n"
        "func notAllowed(c *gin.Context) {\n"
        "\tc.Header(\"Allow\", \"POST\")\n"
        "\tc.JSON(http.StatusMethodNotAllowed, gin.H{\"error\": \"POST only\"})\n"
        "}\n\n"
        "func stub(c *gin.Context) {\n"
        "\tc.JSON(http.StatusOK, gin.H{\"items\": []string{\"a\", \"b\"}})\n"
        "}\n\n"
        "func main() {\n"
        "\tr := gin.Default()\n"
        "\tr.GET(\"/mcp\", notAllowed)\n"
        "\tr.GET(\"/items\", stub)\n"
        "\tr.Run()\n"
        "}\n"),
}

PY_REFUSALS = {
    "requirements.txt": "fastapi\n",
    "app.py": (
        "from fastapi import FastAPI\n"
        "from fastapi.responses import JSONResponse\n\n"
        "app = FastAPI()\n\n\n"
        "@app.get(\"/legacy\")\n"
        "def legacy():\n"
        "    return JSONResponse(status_code=410, content={\"detail\": \"gone\"})\n\n\n"
        "@app.get(\"/report\")\n"
        "def report(ready: bool = False):\n"
        "    if not ready:\n"
        "        return JSONResponse(status_code=404, content={\"detail\": \"none\"})\n"
        "    return {\"total\": 42, \"rows\": [1, 2, 3]}\n"),  # an early 404, then a made-up answer
}

DJANGO_AUTH_VIEWS = {
    "requirements.txt": "django\ndj-rest-auth\n",
    "manage.py": "import django\n",
    "accounts/views.py": (
        "from django.contrib.auth import views as auth_views\n"
        "from django.views import View\n"
        "from django.http import JsonResponse\n"
        "from dj_rest_auth.registration.views import SocialLoginView\n\n\n"
        "class SiteLoginView(auth_views.LoginView):\n"
        "    template_name = \"login.html\"\n\n\n"
        "class OktaLogin(SocialLoginView):\n"
        "    adapter_class = object\n\n\n"
        "class Stats(View):\n"
        "    def get(self, request):\n"
        "        return JsonResponse({\"users\": 12, \"active\": 3})\n"),
    "accounts/urls.py": (
        "from django.urls import path\n"
        "from . import views\n\n"
        "urlpatterns = [\n"
        "    path(\"login/\", views.SiteLoginView.as_view()),\n"
        "    path(\"okta/\", views.OktaLogin.as_view()),\n"
        "    path(\"stats/\", views.Stats.as_view()),\n"
        "]\n"),
    "project/urls.py": (
        "from django.urls import include, path\n\n"
        "urlpatterns = [path(\"\", include(\"accounts.urls\"))]\n"),
}

# dj-rest-auth's social login view imported relatively (`from .okta import OktaLogin`)
SOCIAL_RELATIVE = {
    "requirements.txt": "django\ndj-rest-auth\n",
    "manage.py": "import django\n",
    "social/okta.py": ("from dj_rest_auth.registration.views import SocialLoginView\n\n\n"
                       "class OktaLogin(SocialLoginView):\n    adapter_class = object\n"),
    "social/urls.py": ("from django.urls import path\n\nfrom .okta import OktaLogin\n\n"
                       "urlpatterns = [path(\"complete/okta/\", OktaLogin.as_view())]\n"),
    "project/urls.py": ("from django.urls import include, path\n\n"
                        "urlpatterns = [path(\"social/\", include(\"social.urls\"))]\n"),
}

# the OAuth entry of NestJS + Passport: an empty handler behind a guard built on AuthGuard (the
# strategy redirects to the provider); a literal answer behind the same kind of guard is a stub
NEST_PASSPORT = {
    "package.json": ('{"name": "n", "dependencies": {"@nestjs/core": "10", "@nestjs/common": "10",'
                     ' "@nestjs/passport": "10"}}'),
    "src/github.guard.ts": ('import { Injectable } from "@nestjs/common";\n'
                            'import { AuthGuard } from "@nestjs/passport";\n\n'
                            "@Injectable()\n"
                            'export class GitHubGuard extends AuthGuard("github") {}\n'),
    "src/auth.controller.ts": (
        'import { Controller, Get, UseGuards } from "@nestjs/common";\n'
        'import { GitHubGuard } from "./github.guard";\n\n'
        '@Controller("auth")\n'
        "export class AuthController {\n"
        '  @Get("github")\n'
        "  @UseGuards(GitHubGuard)\n"
        "  githubLogin() {\n"
        "    return;\n"
        "  }\n\n"
        '  @Get("plans")\n'
        "  @UseGuards(GitHubGuard)\n"
        "  plans() {\n"
        '    return [{ id: 1, name: "pro", price: 9 }];\n'
        "  }\n"
        "}\n"),
    "src/app.module.ts": ('import { Module } from "@nestjs/common";\n'
                          'import { AuthController } from "./auth.controller";\n\n'
                          "@Module({ controllers: [AuthController] })\n"
                          "export class AppModule {}\n"),
}

# (files, {(method, path): fires?}); a key missing from the scan's endpoints fails the test
CASES = {
    "go-refusal-only": (GO_REFUSALS, {("GET", "/mcp"): False, ("GET", "/items"): True}),
    "python-refusal-then-success": (PY_REFUSALS, {("GET", "/legacy"): False,
                                                  ("GET", "/report"): True}),
    "django-library-auth-views": (DJANGO_AUTH_VIEWS, {("GET", "/stats/"): True}),
    "nest-passport-oauth-entry": (NEST_PASSPORT, {("GET", "/auth/github"): False,
                                                  ("GET", "/auth/plans"): True}),
}


def _findings(tmp_path, files):
    result = scan(write_tree(tmp_path, files))
    eps = {(e.method, e.path): e for e in result.endpoints if not e.implicit}
    fired = {tuple(f.endpoints[0].split(" ", 1)) for f in result.findings
             if f.rule_id == "endpoint-without-data" and f.endpoints}
    return eps, fired


@pytest.mark.parametrize("name", sorted(CASES))
def test_endpoint_without_data_on_unseen_shapes(tmp_path, name):
    files, expected = CASES[name]
    assert_endpoint_findings(tmp_path, files, "endpoint-without-data", expected)


def test_django_auth_views_render_a_form_on_get_and_write_on_post(tmp_path):
    eps, fired = _findings(tmp_path, DJANGO_AUTH_VIEWS)
    login = [k for k in eps if k[1] == "/login/"]
    okta = [k for k in eps if k[1] == "/okta/"]
    assert login and okta, sorted(eps)
    assert not {*login, *okta} & fired, sorted(fired)
    for key in okta:  # dj-rest-auth's SocialLoginView finds or creates the user on POST
        if key[0] in ("POST", "ANY"):
            assert eps[key].data_sites, (key, eps[key].data_sites)


def test_a_library_view_reached_through_a_relative_import_is_data(tmp_path):
    eps, fired = _findings(tmp_path, SOCIAL_RELATIVE)
    key = ("ANY", "/social/complete/okta/")
    assert key in eps, sorted(eps)
    assert eps[key].data_sites == [{"file": "social/urls.py", "line": 5, "kind": "orm"}], \
        eps[key].data_sites
    assert key not in fired


def test_a_routed_library_auth_view_has_data_only_where_it_writes():
    """`include("django.contrib.auth.urls")`: LoginView has no code in the tree; its POST
    authenticates against the user table, its GET renders the form and is no data site."""
    from pathlib import Path

    fix = Path(__file__).resolve().parent.parent / "fixtures" / "endpoints" / "python-field"
    eps = {(e.method, e.path): e for e in scan(fix / "django-drf").endpoints if not e.implicit}
    assert [s["kind"] for s in eps[("POST", "/accounts/login/")].data_sites] == ["orm"]
    assert eps[("GET", "/accounts/login/")].data_sites == []
    assert eps[("GET", "/accounts/password_reset/")].data_sites == []
