"""Constructs met on holdout round 3 of unseen Python backends (a Flask forum, a Django + DRF
bookmark manager, a FastAPI identity server), one small tree each, with the routes and auth
the framework really gives:

- Flask: a project function that registers URL rules for its caller (`register_view(bp,
  routes=[...], view_func=V.as_view("v"))` whose body loops `bp_or_app.add_url_rule(route,
  view_func=view_func, **kwargs)`): one route per path and per method the MethodView defines,
  on the blueprint it is handed, under the prefix that blueprint is registered with; a prefix
  read from the Flask config (`app.config["USER_URL_PREFIX"]`, an UPPERCASE attribute of the
  config class `from_object` loads); Flask-Login's `if not login_fresh(): return
  current_app.login_manager.needs_refresh()` in a blueprint's before_request is a guard.
  Look-alikes: a function handed paths that never calls add_url_rule registers nothing;
  mistune's `md.inline.register("mention", PATTERN, parse, before="link")`,
  `md.renderer.register("mention", render_fn)` and pluggy's `super().register(plugin, name)` are
  not DRF routers.
- Django: a project subclass of `django.contrib.auth.views.PasswordChangeView`, and
  `PasswordChangeDoneView.as_view()` routed directly, keep the `login_required` Django puts on
  their dispatch; a LoginView subclass stays open.
"""
from __future__ import annotations

from pathlib import Path

from conftest import scan, write_tree


def _eps(tmp_path: Path, files: dict) -> dict:
    result = scan(write_tree(tmp_path, files))
    return {(e.method, e.path): e for e in result.endpoints if not e.implicit}


FLASK_WRAPPER = {
    "forum/__init__.py": "",
    "forum/configs.py": (
        "class DefaultConfig(object):\n"
        "    FORUM_URL_PREFIX = \"\"\n"
        "    USER_URL_PREFIX = \"/user\"\n"
        "    ADMIN_URL_PREFIX = \"/admin\"\n"),
    "forum/helpers.py": (
        "def register_view(bp_or_app, routes, view_func, *args, **kwargs):\n"
        "    for route in routes:\n"
        "        bp_or_app.add_url_rule(route, view_func=view_func, *args, **kwargs)\n"
        "\n"
        "\n"
        "def remember(bp, paths, label):\n"
        "    for p in paths:\n"
        "        bp.labels.append((p, label))\n"),
    "forum/app.py": (
        "from flask import Flask\n"
        "from forum.user import load_blueprints as load_user\n"
        "from forum.admin import load_blueprints as load_admin\n"
        "\n"
        "def create_app():\n"
        "    app = Flask(__name__)\n"
        "    app.config.from_object('forum.configs.DefaultConfig')\n"
        "    load_user(app)\n"
        "    load_admin(app)\n"
        "    return app\n"),
    "forum/user.py": (
        "from flask import Blueprint, render_template\n"
        "from flask.views import MethodView\n"
        "from flask_login import login_required\n"
        "from forum.helpers import register_view, remember\n"
        "\n"
        "\n"
        "class Profile(MethodView):\n"
        "    def get(self, username):\n"
        "        return render_template('profile.html')\n"
        "\n"
        "\n"
        "class Settings(MethodView):\n"
        "    decorators = [login_required]\n"
        "\n"
        "    def get(self):\n"
        "        return render_template('settings.html')\n"
        "\n"
        "    def post(self):\n"
        "        return render_template('settings.html')\n"
        "\n"
        "\n"
        "def ping():\n"
        "    return 'pong'\n"
        "\n"
        "\n"
        "def load_blueprints(app):\n"
        "    user = Blueprint('user', __name__)\n"
        "    register_view(user, routes=['/settings', '/settings/general'],\n"
        "                  view_func=Settings.as_view('settings'))\n"
        "    register_view(user, routes=['/<username>'], view_func=Profile.as_view('profile'))\n"
        "    register_view(user, ['/ping'], ping, methods=['POST'])\n"
        "    remember(user, ['/not-a-route'], 'x')\n"
        "    app.register_blueprint(user, url_prefix=app.config['USER_URL_PREFIX'])\n"),
    "forum/admin.py": (
        "from flask import Blueprint, current_app, render_template\n"
        "from flask.views import MethodView\n"
        "from flask_login import login_fresh\n"
        "from forum import helpers\n"
        "\n"
        "\n"
        "class Overview(MethodView):\n"
        "    def get(self):\n"
        "        return render_template('admin.html')\n"
        "\n"
        "\n"
        "def load_blueprints(app):\n"
        "    admin = Blueprint('admin', __name__)\n"
        "\n"
        "    @admin.before_request\n"
        "    def check_fresh_login():\n"
        "        if not login_fresh():\n"
        "            return current_app.login_manager.needs_refresh()\n"
        "\n"
        "    helpers.register_view(admin, routes=['/'], view_func=Overview.as_view('overview'))\n"
        "    app.register_blueprint(admin, url_prefix=app.config['ADMIN_URL_PREFIX'])\n"),
    "forum/markup.py": (
        "import mistune\n"
        "from flask import current_app\n"
        "from pluggy import PluginManager\n"
        "\n"
        "MENTION_PATTERN = r'@(\\w+)'\n"
        "\n"
        "\n"
        "def parse_mention(inline, m, state):\n"
        "    return 'mention', m.group(1)\n"
        "\n"
        "\n"
        "def render_html_mention(text):\n"
        "    return text\n"
        "\n"
        "\n"
        "def plugin_mention(md):\n"
        "    md.inline.register('mention', MENTION_PATTERN, parse_mention, before='link')\n"
        "    if md.renderer and md.renderer.NAME == 'html':\n"
        "        md.renderer.register('mention', render_html_mention)\n"
        "\n"
        "\n"
        "class Manager(PluginManager):\n"
        "    def register(self, plugin, name=None):\n"
        "        name = super(Manager, self).register(plugin, name)\n"
        "        return name\n"),
}


def test_flask_register_view_wrapper_config_prefix_and_fresh_login_guard(tmp_path):
    eps = _eps(tmp_path, FLASK_WRAPPER)
    got = {k for k in eps if k[0] not in ("HEAD", "OPTIONS")}
    assert got == {("GET", "/user/settings"), ("POST", "/user/settings"),
                   ("GET", "/user/settings/general"), ("POST", "/user/settings/general"),
                   ("GET", "/user/<username>"), ("POST", "/user/ping"), ("GET", "/admin/")}
    assert eps[("GET", "/user/settings")].auth == "required"
    assert eps[("POST", "/user/settings/general")].auth == "required"
    assert eps[("GET", "/user/<username>")].auth == "none"
    assert eps[("GET", "/user/<username>")].handler["name"].endswith("Profile.get")
    assert eps[("POST", "/user/ping")].auth == "none"
    # login_fresh() is false for an anonymous request: needs_refresh() answers it
    assert eps[("GET", "/admin/")].auth == "required"


def test_flask_config_key_without_a_value_and_other_registries(tmp_path):
    files = {
        "svc/app.py": (
            "from flask import Blueprint, Flask\n"
            "\n"
            "def add(bp: Blueprint, rule: str, view) -> None:\n"
            "    bp.add_url_rule(rule, view_func=view)\n"
            "\n"
            "def home():\n"
            "    return 'ok'\n"
            "\n"
            "app = Flask(__name__)\n"
            "bp = Blueprint('x', __name__)\n"
            "add(bp, '/home', home)\n"
            "app.register_blueprint(bp, url_prefix=app.config.get('MISSING_PREFIX', '/v1'))\n"),
        "svc/markup.py": FLASK_WRAPPER["forum/markup.py"],
    }
    eps = _eps(tmp_path, files)
    assert {k for k in eps if k[0] not in ("HEAD", "OPTIONS")} == {("GET", "/v1/home")}


DJANGO_AUTH_VIEWS = {
    "manage.py": "import django\n",
    "site/__init__.py": "",
    "site/settings.py": "ROOT_URLCONF = 'site.urls'\nINSTALLED_APPS = ['django.contrib.auth']\n",
    "site/views.py": (
        "from django.contrib.auth import views as auth_views\n"
        "\n"
        "\n"
        "class SiteLoginView(auth_views.LoginView):\n"
        "    template_name = 'login.html'\n"
        "\n"
        "\n"
        "class SitePasswordChangeView(auth_views.PasswordChangeView):\n"
        "    template_name = 'change.html'\n"),
    "site/urls.py": (
        "from django.contrib.auth import views as django_auth_views\n"
        "from django.urls import path\n"
        "from site import views\n"
        "\n"
        "urlpatterns = [\n"
        "    path('login/', views.SiteLoginView.as_view(), name='login'),\n"
        "    path('change-password/', views.SitePasswordChangeView.as_view(), name='change'),\n"
        "    path('password-change-done/', django_auth_views.PasswordChangeDoneView.as_view(),\n"
        "         name='done'),\n"
        "    path('reset/done/', django_auth_views.PasswordResetDoneView.as_view(),\n"
        "         name='reset_done'),\n"
        "]\n"),
}


def test_django_auth_library_views_and_subclasses_keep_login_required(tmp_path):
    eps = _eps(tmp_path, DJANGO_AUTH_VIEWS)
    for m in ("GET", "POST", "PUT"):
        assert eps[(m, "/change-password/")].auth == "required"
        assert eps[(m, "/login/")].auth == "none"
    assert eps[("GET", "/password-change-done/")].auth == "required"
    assert eps[("GET", "/reset/done/")].auth == "none"
    # what the library class does on POST (authenticate, set_password) is the subclass's data
    for m in ("POST", "PUT"):
        assert eps[(m, "/login/")].data_sites and eps[(m, "/change-password/")].data_sites
    assert not eps[("GET", "/login/")].data_sites
    assert not eps[("GET", "/reset/done/")].data_sites


FASTAPI_TENANTS = {
    "app/__init__.py": "",
    "app/users.py": (
        "from fastapi import APIRouter\n"
        "\n"
        "router = APIRouter()\n"
        "\n"
        "@router.get('/me')\n"
        "async def me():\n"
        "    return {}\n"),
    "app/wellknown.py": (
        "from fastapi import APIRouter\n"
        "\n"
        "router = APIRouter()\n"
        "\n"
        "@router.get('/jwks.json')\n"
        "async def jwks():\n"
        "    return {}\n"),
    "app/routes.py": (
        "from fastapi import APIRouter, FastAPI\n"
        "from app.users import router as users_router\n"
        "from app.wellknown import router as wk_router\n"
        "\n"
        "\n"
        "def include_routers(router: APIRouter) -> APIRouter:\n"
        "    router.include_router(users_router, prefix='/users')\n"
        "    router.include_router(wk_router, prefix='/.well-known')\n"
        "    return router\n"
        "\n"
        "\n"
        "default_tenant_router = include_routers(APIRouter())\n"
        "tenant_router = include_routers(APIRouter(prefix='/{tenant_slug}'))\n"
        "\n"
        "app = FastAPI()\n"
        "app.include_router(default_tenant_router)\n"
        "app.include_router(tenant_router)\n"),
}


def test_fastapi_function_applied_to_two_routers(tmp_path):
    """`include_routers(router)` includes the same children into each router it is handed and
    returns it: every child route exists at the root and below /{tenant_slug}."""
    eps = _eps(tmp_path, FASTAPI_TENANTS)
    got = {k for k in eps if k[0] == "GET" and not k[1].startswith(("/docs", "/redoc",
                                                                     "/openapi"))}
    assert got == {("GET", "/users/me"), ("GET", "/{tenant_slug}/users/me"),
                   ("GET", "/.well-known/jwks.json"),
                   ("GET", "/{tenant_slug}/.well-known/jwks.json")}


def test_fastapi_function_that_does_not_return_its_router_is_left_as_before(tmp_path):
    files = dict(FASTAPI_TENANTS)
    files["app/routes.py"] = files["app/routes.py"].replace("    return router\n",
                                                            "    return None\n")
    eps = _eps(tmp_path, files)
    got = {k for k in eps if k[0] == "GET" and not k[1].startswith(("/docs", "/redoc",
                                                                     "/openapi"))}
    assert ("GET", "/{tenant_slug}/users/me") not in got
