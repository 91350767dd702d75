"""h61: Python backends nobody here had seen (CTFd, redash, healthchecks, paperless-ngx, lnbits,
khoj).

- Django: a view decorated by a decorator of the tree (`@require_setting("X")`, whose inner
  `wrapper` is what the name holds) is served by the function defined under that name; the
  wrapper, shared by every view it decorates, is not the handler (it reached every decorated
  view and took their guards: `help_page` came out `required` through another view's
  `@login_required`).
- Django: a view that starts with `if not request.user.is_authenticated: return redirect(...)`
  (or `HttpResponseForbidden()`) requires authentication; one that only redirects a logged-in
  user (`if request.user.is_authenticated:`) stays optional.
- FastAPI: `raise HTTPException(HTTPStatus.UNAUTHORIZED, ...)` (the stdlib's status names) rejects;
  a dependency that hands the credential it was given to a helper that rejects guards (its
  optional `check_access_token` sub-dependency does not make the route optional); a dependency
  that only tests the account it is handed (`check_super_user(account=Depends(check_admin))`),
  declared on the router, guards through the sub-dependency FastAPI solves first.
"""
from __future__ import annotations

from pathlib import Path

from conftest import scan, write_tree


def _eps(tmp_path: Path, files: dict) -> dict:
    result = scan(write_tree(tmp_path, files))
    return {(e.method, e.path): e for e in result.endpoints if not e.implicit}


DJANGO = {'app/decorators.py': 'from functools import wraps\nfrom django.conf import settings\nfrom django.http import HttpResponse\n\ndef require_setting(key):\n    def decorator(f):\n        @wraps(f)\n        def wrapper(request, *args, **kwds):\n            if not getattr(settings, key):\n                return HttpResponse(status=404)\n            return f(request, *args, **kwds)\n        return wrapper\n    return decorator\n', 'app/urls.py': 'from django.urls import path\nfrom app import views\nurlpatterns = [\n    path("integrations/help/", views.help_page),\n    path("projects/<uuid:code>/add/", views.add),\n    path("", views.index),\n    path("status/<uuid:code>/", views.status),\n    path("login/", views.login_page),\n]\n', 'app/views.py': 'from django.contrib.auth.decorators import login_required\nfrom django.shortcuts import render\nfrom app.decorators import require_setting\n\n@require_setting("HELP_ENABLED")\ndef help_page(request):\n    return render(request, "help.html", {})\n\n@require_setting("HELP_ENABLED")\n@login_required\ndef add(request, code):\n    return render(request, "add.html", {"code": code})\n\nfrom django.http import HttpResponseForbidden\nfrom django.shortcuts import redirect\n\n\ndef index(request):\n    if not request.user.is_authenticated:\n        return redirect("login")\n    return render(request, "index.html", {"n": request.user.id})\n\n\ndef status(request, code):\n    if not request.user.is_authenticated:\n        return HttpResponseForbidden()\n    return render(request, "status.html", {"code": code})\n\n\ndef login_page(request):\n    if request.user.is_authenticated:\n        return redirect("index")\n    return render(request, "login.html", {})\n', 'proj/settings.py': 'ROOT_URLCONF = "proj.urls"\n', 'proj/urls.py': 'from django.urls import include, path\nurlpatterns = [path("", include("app.urls"))]\n'}

FASTAPI = {'app/db.py': 'ACCOUNTS = {}\n\n\nasync def get_account(key):\n    return ACCOUNTS.get(key)\n', 'app/deps.py': 'from http import HTTPStatus\nfrom typing import Annotated\n\nfrom fastapi import Cookie, Depends, HTTPException, Request\nfrom fastapi.security import OAuth2PasswordBearer\n\nfrom app.db import get_account\n\noauth2_scheme = OAuth2PasswordBearer(tokenUrl="api/v1/auth", auto_error=False)\n\n\nasync def check_access_token(\n    header_access_token: Annotated[str | None, Depends(oauth2_scheme)],\n    cookie_access_token: Annotated[str | None, Cookie()] = None,\n) -> str | None:\n    return header_access_token or cookie_access_token\n\n\nasync def _check_account_exists(r: Request, access_token: str | None, usr: str | None = None):\n    if access_token:\n        account = await get_account(access_token)\n    elif usr:\n        account = await get_account(usr)\n    else:\n        raise HTTPException(HTTPStatus.UNAUTHORIZED, "Missing user ID or access token.")\n    if not account:\n        raise HTTPException(HTTPStatus.UNAUTHORIZED, "User not found.")\n    return account\n\n\nasync def check_account_exists(\n    r: Request,\n    access_token: Annotated[str | None, Depends(check_access_token)],\n    usr: str | None = None,\n):\n    return await _check_account_exists(r, access_token, usr)\n\n\nasync def check_admin(account: Annotated[dict, Depends(check_account_exists)]):\n    if account["id"] != "root":\n        raise HTTPException(HTTPStatus.FORBIDDEN, "No admin privileges.")\n    return account\n\n\nasync def optional_user_id(\n    r: Request,\n    access_token: Annotated[str | None, Depends(check_access_token)],\n    usr: str | None = None,\n) -> str | None:\n    if usr:\n        return usr\n    if access_token:\n        account = await get_account(access_token)\n        return account["id"] if account else None\n    return None\n\n\nasync def check_super_user(account: Annotated[dict, Depends(check_admin)]):\n    if account["id"] != "super":\n        raise HTTPException(HTTPStatus.FORBIDDEN, "No super user privileges.")\n    return account\n', 'app/main.py': 'from fastapi import APIRouter, Depends, FastAPI\n\nfrom app.deps import check_account_exists, check_admin, optional_user_id\n\napp = FastAPI()\nadmin_router = APIRouter(prefix="/admin", dependencies=[Depends(check_admin)])\nrouter = APIRouter(prefix="/api")\n\n\n@admin_router.get("/settings")\nasync def settings_get():\n    return {"ok": True}\n\n\n@router.get("/me")\nasync def me(account=Depends(check_account_exists)):\n    return account\n\n\n@router.get("/admin-param")\nasync def admin_param(account=Depends(check_admin)):\n    return account\n\n\n@router.get("/asset")\nasync def asset(user_id: str | None = Depends(optional_user_id)):\n    return {"user": user_id}\n\n\napp.include_router(admin_router)\napp.include_router(router)\n\nfrom app.deps import check_super_user\n\nsuper_router = APIRouter(prefix="/node", dependencies=[Depends(check_super_user)])\n\n\n@super_router.post("/channels")\nasync def open_channel():\n    return {"ok": True}\n\n\napp.include_router(super_router)\n'}


def test_django_view_behind_a_tree_decorator_is_its_own_function(tmp_path):
    eps = _eps(tmp_path, DJANGO)
    help_page = eps[("ANY", "/integrations/help/")]
    assert help_page.handler["name"] == "app.views.help_page"
    assert help_page.auth == "none", help_page.auth_reason
    add = eps[("ANY", "/projects/<uuid:code>/add/")]
    assert add.handler["name"] == "app.views.add"
    assert add.auth == "required"


def test_django_inline_authentication_test_requires(tmp_path):
    eps = _eps(tmp_path, DJANGO)
    assert eps[("ANY", "/")].auth == "required"
    assert eps[("ANY", "/status/<uuid:code>/")].auth == "required"
    # the look-alike: a login page that sends a logged-in user on reads the user, no more
    assert eps[("ANY", "/login/")].auth == "optional"


def test_fastapi_dependency_tree_guards(tmp_path):
    eps = _eps(tmp_path, FASTAPI)
    assert eps[("GET", "/api/me")].auth == "required", eps[("GET", "/api/me")].auth_reason
    assert eps[("GET", "/api/admin-param")].auth == "required"
    assert eps[("GET", "/admin/settings")].auth == "required"
    assert eps[("POST", "/node/channels")].auth == "required"
    # the look-alike: a dependency that returns None without a credential lets anyone in
    assert eps[("GET", "/api/asset")].auth == "optional"


DRF = {
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
    "app/views.py": (
        "from django.views.generic import TemplateView\n"
        "from rest_framework.decorators import action\n"
        "from rest_framework.permissions import IsAuthenticated\n"
        "from rest_framework.viewsets import ModelViewSet\n"
        "from rest_framework.views import APIView\n"
        "from rest_framework.response import Response\n"
        "from app.models import Tag\n"
        "\n"
        "\n"
        "class TagViewSet(ModelViewSet[Tag]):\n"
        "    permission_classes = (IsAuthenticated,)\n"
        "    queryset = Tag.objects.all()\n"
        "\n"
        "    @action(methods=['delete'], detail=True, url_path=r'versions/(?P<version_id>\\d+)')\n"
        "    def delete_version(self, request, pk=None, version_id=None):\n"
        "        return Response({})\n"
        "\n"
        "\n"
        "class StatisticsView(APIView):\n"
        "    permission_classes = (IsAuthenticated,)\n"
        "\n"
        "    def get(self, request):\n"
        "        return Response({'n': Tag.objects.count()})\n"
        "\n"
        "\n"
        "class FaviconView(TemplateView):\n"
        "    template_name = 'favicon.ico'\n"
    ),
    "app/models.py": "from django.db import models\n\n\nclass Tag(models.Model):\n    name = models.CharField(max_length=20)\n",
    "app/tests/test_auth.py": (
        "class BogusMailBox:\n"
        "    def login(self, request):\n"
        "        return None\n"
    ),
    "proj/urls.py": (
        "from allauth.account import views as allauth_account_views\n"
        "from django.urls import include, path, re_path\n"
        "from rest_framework.routers import DefaultRouter\n"
        "from app.views import FaviconView, StatisticsView, TagViewSet\n"
        "\n"
        "router = DefaultRouter()\n"
        "router.register(r'tags', TagViewSet)\n"
        "\n"
        "urlpatterns = [\n"
        "    re_path(r'^api/', include([\n"
        "        re_path('^statistics/', StatisticsView.as_view()),\n"
        "        path('auth/login/', allauth_account_views.login),\n"
        "        *router.urls,\n"
        "    ])),\n"
        "    re_path(r'^favicon.ico$', FaviconView.as_view()),\n"
        "]\n"
    ),
}


def test_drf_router_spread_generic_viewset_and_regex_paths(tmp_path):
    eps = _eps(tmp_path, DRF)
    paths = {(m, p.rstrip("/")) for m, p in eps}
    # *router.urls inside the include: the include's prefix; ModelViewSet[Tag] is a ModelViewSet
    for m, p in [("GET", "/api/tags"), ("POST", "/api/tags"), ("GET", "/api/tags/{pk}"),
                 ("PUT", "/api/tags/{pk}"), ("PATCH", "/api/tags/{pk}"),
                 ("DELETE", "/api/tags/{pk}"),
                 ("DELETE", "/api/tags/{pk}/versions/{version_id}")]:
        assert (m, p) in paths, (m, p, sorted(paths))
    assert ("GET", "/tags") not in paths
    # `^statistics/` without `$` is that path; `^favicon.ico$` has a literal dot
    assert ("GET", "/api/statistics") in paths, sorted(paths)
    assert ("GET", "/favicon.ico") in paths, sorted(paths)
    # a library view is never a same-named method of the tree (a test double's `login`)
    login = [e for (m, p), e in eps.items() if p.rstrip("/") == "/api/auth/login"]
    assert login and all("tests" not in e.handler["name"] for e in login), \
        [e.handler for e in login]


FLASK = {
    "app/user.py": (
        "from flask import session\n\n\n"
        "def authed():\n    return bool(session.get('id', False))\n\n\n"
        "def is_admin():\n    if authed():\n        return session.get('type') == 'admin'\n"
        "    return False\n\n\n"
        "def in_ctf_time():\n    return True\n"
    ),
    "app/config.py": (
        "from flask import abort, session\n\n\n"
        "def get_config(key):\n    if key == 'secret' and not session.get('id'):\n"
        "        abort(403)\n    return 'public'\n"
    ),
    "app/decorators.py": (
        "import functools\n\n"
        "from flask import abort, redirect, request, url_for\n\n"
        "from app.config import get_config\n"
        "from app.user import in_ctf_time, is_admin\n\n\n"
        "def admins_only(f):\n"
        "    @functools.wraps(f)\n"
        "    def admins_only_wrapper(*args, **kwargs):\n"
        "        if is_admin():\n"
        "            return f(*args, **kwargs)\n"
        "        else:\n"
        "            if request.is_json:\n"
        "                abort(403)\n"
        "            else:\n"
        "                return redirect(url_for('auth.login', next=request.full_path))\n\n"
        "    return admins_only_wrapper\n\n\n"
        "def during_ctf_time_only(f):\n"
        "    @functools.wraps(f)\n"
        "    def during_ctf_time_only_wrapper(*args, **kwargs):\n"
        "        if in_ctf_time():\n"
        "            return f(*args, **kwargs)\n"
        "        abort(403)\n\n"
        "    return during_ctf_time_only_wrapper\n\n\n"
        "def check_registration_visibility(f):\n"
        "    @functools.wraps(f)\n"
        "    def _check_registration_visibility(*args, **kwargs):\n"
        "        if get_config('registration') == 'public':\n"
        "            return f(*args, **kwargs)\n"
        "        abort(404)\n\n"
        "    return _check_registration_visibility\n"
    ),
    "app/__init__.py": (
        "from flask import Blueprint, Flask\n\n"
        "from app.decorators import admins_only, check_registration_visibility, "
        "during_ctf_time_only\n\n"
        "admin = Blueprint('admin', __name__)\n"
        "views = Blueprint('views', __name__)\n\n\n"
        "@admin.route('/admin/users')\n@admins_only\ndef users_listing():\n    return 'users'\n\n\n"
        "@views.route('/challenges')\n@during_ctf_time_only\ndef challenges():\n"
        "    return 'challenges'\n\n\n"
        "@views.route('/register', methods=['GET', 'POST'])\n@check_registration_visibility\n"
        "def register():\n    return 'register'\n\n\n"
        "def create_app():\n    app = Flask(__name__)\n    app.register_blueprint(admin)\n"
        "    app.register_blueprint(views)\n    return app\n"
    ),
}


def test_flask_decorator_judged_by_its_wrapper(tmp_path):
    eps = _eps(tmp_path, FLASK)
    # the wrapper tests is_admin() (which reads the session two calls down) and answers 403
    assert eps[("GET", "/admin/users")].auth == "required", eps[("GET", "/admin/users")].auth_reason
    # look-alikes: a time gate that answers 403 reads no credential; a config gate answering 404
    # stays none even though a config helper it calls may answer 403 for another key
    assert eps[("GET", "/challenges")].auth == "none"
    assert eps[("GET", "/register")].auth == "none", eps[("GET", "/register")].auth_reason


RESTFUL = {
    "app/settings.py": "MULTI_ORG = False\n",
    "app/base.py": (
        "from flask import Blueprint\n"
        "from flask_login import login_required\n"
        "from flask_restful import Resource\n\n"
        "from app import settings\n\n"
        "routes = Blueprint('app', __name__)\n\n\n"
        "class BaseResource(Resource):\n"
        "    decorators = [login_required]\n\n\n"
        "def org_scoped_rule(rule):\n"
        "    if settings.MULTI_ORG:\n"
        "        return '/<org_slug>{}'.format(rule)\n"
        "    return rule\n"
    ),
    "app/favorites.py": (
        "from app.base import BaseResource\n"
        "from app.models import Query\n\n\n"
        "class QueryFavoriteResource(BaseResource):\n"
        "    def post(self, query_id):\n"
        "        return Query.favorite(query_id)\n\n"
        "    def delete(self, query_id):\n"
        "        return Query.unfavorite(query_id)\n"
    ),
    "app/models.py": (
        "class Query:\n"
        "    @staticmethod\n    def favorite(i):\n        return i\n\n"
        "    @staticmethod\n    def unfavorite(i):\n        return i\n"
    ),
    "app/queries.py": (
        "from flask import request\n\n"
        "from app.base import BaseResource, routes, org_scoped_rule\n\n\n"
        "def csp_allows_embeding(fn):\n    return fn\n\n\n"
        "class BaseQueryListResource(BaseResource):\n"
        "    def get(self):\n        return []\n\n\n"
        "class QueryListResource(BaseQueryListResource):\n"
        "    def post(self):\n        return request.json\n\n\n"
        "class PublicDashboardResource(BaseResource):\n"
        "    decorators = BaseResource.decorators + [csp_allows_embeding]\n\n"
        "    def get(self, token):\n        return token\n\n\n"
        "@routes.route(org_scoped_rule('/api/queries/format'), methods=['POST'])\n"
        "def format_sql_query(org_slug=None):\n    return request.json\n"
    ),
    "app/api.py": (
        "from flask_restful import Api\n\n"
        "from app.base import org_scoped_rule\n"
        "from app.favorites import QueryFavoriteResource\n"
        "from app.queries import PublicDashboardResource, QueryListResource\n\n\n"
        "class ApiExt(Api):\n"
        "    def add_org_resource(self, resource, *urls, **kwargs):\n"
        "        urls = [org_scoped_rule(url) for url in urls]\n"
        "        return self.add_resource(resource, *urls, **kwargs)\n\n\n"
        "api = ApiExt()\n"
        "api.add_org_resource(QueryListResource, '/api/queries', endpoint='queries')\n"
        "api.add_org_resource(QueryFavoriteResource, '/api/queries/<query_id>/favorite',\n"
        "                     endpoint='query_favorite')\n"
        "api.add_org_resource(PublicDashboardResource, '/api/dashboards/public/<token>',\n"
        "                     endpoint='public_dashboard')\n"
    ),
    "app/__init__.py": (
        "from datetime import timedelta\n\n"
        "from flask import Flask, session\n\n"
        "from app.api import api\n"
        "from app.base import routes\n\n\n"
        "def create_app():\n"
        "    app = Flask(__name__)\n\n"
        "    @app.before_request\n"
        "    def extend_session():\n"
        "        session.permanent = True\n"
        "        app.permanent_session_lifetime = timedelta(seconds=3600)\n\n"
        "    @app.route('/ping')\n"
        "    def ping():\n        return 'PONG.'\n\n"
        "    app.register_blueprint(routes)\n"
        "    api.init_app(app)\n"
        "    return app\n"
    ),
}


def test_flask_restful_api_subclass_and_resources(tmp_path):
    eps = _eps(tmp_path, RESTFUL)
    got = {(m, p): e.auth for (m, p), e in eps.items() if m not in ("HEAD", "OPTIONS")}
    # the Api subclass's add_org_resource registers through add_resource; org_scoped_rule
    # hands back the rule it is given (the default, single-org branch)
    assert got.get(("GET", "/api/queries")) == "required", got  # inherited get
    assert got.get(("POST", "/api/queries")) == "required", got
    # a Resource in a module that names no framework
    assert got.get(("POST", "/api/queries/<query_id>/favorite")) == "required", got
    assert got.get(("DELETE", "/api/queries/<query_id>/favorite")) == "required", got
    # decorators = BaseResource.decorators + [...] keeps login_required
    assert got.get(("GET", "/api/dashboards/public/<token>")) == "required", got
    assert got.get(("POST", "/api/queries/format")) == "none", got
    # a before_request hook that returns nothing and rejects nothing guards nothing
    assert got.get(("GET", "/ping")) == "none", got


STARLETTE_AUTH = {
    "app/backend.py": (
        "from starlette.authentication import AuthCredentials, AuthenticationBackend, "
        "SimpleUser, UnauthenticatedUser\n\n\n"
        "class TokenBackend(AuthenticationBackend):\n"
        "    async def authenticate(self, request):\n"
        "        token = request.headers.get('Authorization')\n"
        "        if not token:\n"
        "            return AuthCredentials(), UnauthenticatedUser()\n"
        "        return AuthCredentials(['authenticated']), SimpleUser(token)\n"
    ),
    "app/admin.py": (
        "from django.contrib import admin\n\n"
        "from app.models import Note, NoteAdmin\n\n"
        "admin.site.register(Note, NoteAdmin)\n"
    ),
    "app/models.py": (
        "from django.contrib import admin\nfrom django.db import models\n\n\n"
        "class Note(models.Model):\n    text = models.TextField()\n\n\n"
        "class NoteAdmin(admin.ModelAdmin):\n    pass\n"
    ),
    "app/main.py": (
        "from fastapi import APIRouter, FastAPI, Request\n"
        "from starlette.authentication import requires\n"
        "from starlette.middleware.authentication import AuthenticationMiddleware\n\n"
        "from app.backend import TokenBackend\n\n"
        "app = FastAPI()\n"
        "api = APIRouter()\n\n\n"
        "@api.get('/notes')\n@requires(['authenticated'])\n"
        "def notes(request: Request):\n    return []\n\n\n"
        "@api.get('/agents')\n"
        "def agents(request: Request):\n"
        "    user = request.user.username if request.user.is_authenticated else None\n"
        "    return {'user': user}\n\n\n"
        "@api.get('/options')\n"
        "def options():\n    return {}\n\n\n"
        "app.include_router(api, prefix='/api')\n"
        "app.add_middleware(AuthenticationMiddleware, backend=TokenBackend())\n"
    ),
}


def test_starlette_requires_and_authentication_middleware(tmp_path):
    eps = _eps(tmp_path, STARLETTE_AUTH)
    got = {(m, p): e.auth for (m, p), e in eps.items() if m not in ("HEAD", "OPTIONS")}
    assert got.get(("GET", "/api/notes")) == "required", got
    # AuthenticationMiddleware sets request.user for everyone: it rejects nobody
    assert got.get(("GET", "/api/options")) == "none", got
    assert got.get(("GET", "/api/agents")) == "optional", got
    # admin.site.register(Model, ModelAdmin) is the admin's registry, not a DRF router
    assert not any(p in ("/", "/{pk}", "/{pk}/") for _m, p in got), sorted(got)


CORS_VIEWS = {
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
    "app/decorators.py": (
        "from functools import wraps\n\n"
        "from django.http import HttpResponse\n\n\n"
        "def cors(*methods):\n"
        "    methods_set = set(methods)\n\n"
        "    def decorator(f):\n"
        "        @wraps(f)\n"
        "        def wrapper(request, *args, **kwds):\n"
        "            if request.method == 'OPTIONS':\n"
        "                response = HttpResponse(status=204)\n"
        "            elif request.method in methods:\n"
        "                response = f(request, *args, **kwds)\n"
        "            else:\n"
        "                response = HttpResponse(status=405)\n"
        "            response['Access-Control-Allow-Origin'] = '*'\n"
        "            return response\n\n"
        "        return wrapper\n\n"
        "    return decorator\n\n\n"
        "def allow_headers(*methods):\n"
        "    def decorator(f):\n"
        "        @wraps(f)\n"
        "        def wrapper(request, *args, **kwds):\n"
        "            response = f(request, *args, **kwds)\n"
        "            response['Access-Control-Allow-Methods'] = ', '.join(methods)\n"
        "            return response\n\n"
        "        return wrapper\n\n"
        "    return decorator\n"
    ),
    "app/views.py": (
        "from django.http import JsonResponse\n\n"
        "from app.decorators import allow_headers, cors\n\n\n"
        "@cors('GET', 'POST')\n"
        "def checks(request):\n    return JsonResponse({})\n\n\n"
        "@allow_headers('GET')\n"
        "def badges(request):\n    return JsonResponse({})\n"
    ),
    "proj/urls.py": (
        "from django.urls import path\n\n"
        "from app import views\n\n"
        "urlpatterns = [\n"
        "    path('api/checks/', views.checks),\n"
        "    path('api/badges/', views.badges),\n"
        "]\n"
    ),
}


def test_decorator_that_answers_405_restricts_methods(tmp_path):
    eps = _eps(tmp_path, CORS_VIEWS)
    methods = {(m, p.rstrip("/")) for m, p in eps}
    assert ("GET", "/api/checks") in methods and ("POST", "/api/checks") in methods, methods
    assert ("ANY", "/api/checks") not in methods, methods
    # the look-alike only writes a header: every method still reaches the view
    assert ("ANY", "/api/badges") in methods, methods
