"""Views a library exports as functions (`obtain_jwt_token = ObtainJSONWebToken.as_view()` in
rest_framework_jwt, `obtain_auth_token` in DRF's authtoken) serve only POST: their class defines
`post` alone. Routed by name (`path('obtain-auth-token/', obtain_jwt_token)`) or through the
module (`authviews.obtain_auth_token`), each is a POST route, not ANY. A function of the tree
keeps every method. Shape read in a Django + DRF backend labelled before auditor ran."""
from __future__ import annotations

from conftest import assert_routes, write_tree

TREE = {
    "requirements.txt": "django==4.2\ndjangorestframework==3.14\ndjangorestframework-jwt==1.11\n",
    "api/__init__.py": "",
    "api/views.py": (
        "from django.http import JsonResponse\n\n\n"
        "def ping(request):\n    return JsonResponse({'ok': True})\n"),
    "api/urls.py": (
        "from django.urls import path\n"
        "from rest_framework.authtoken import views as authviews\n"
        "from rest_framework_jwt.views import obtain_jwt_token, refresh_jwt_token\n\n"
        "from api import views\n\n"
        "urlpatterns = [\n"
        "    path('obtain-auth-token/', obtain_jwt_token),\n"
        "    path('refresh-auth-token/', refresh_jwt_token),\n"
        "    path('token/', authviews.obtain_auth_token),\n"
        "    path('ping/', views.ping),\n"
        "]\n"),
    "project/__init__.py": "",
    "project/urls.py": (
        "from django.urls import include, path\n\n"
        "urlpatterns = [\n    path('api/v1/accounts/', include('api.urls')),\n]\n"),
    "project/settings.py": "ROOT_URLCONF = 'project.urls'\nINSTALLED_APPS = ['rest_framework', 'api']\n",
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'project.settings')\n",
}


def test_library_function_views_serve_post(tmp_path):
    assert_routes(write_tree(tmp_path, TREE), {
        ("POST", "/api/v1/accounts/obtain-auth-token/"),
        ("POST", "/api/v1/accounts/refresh-auth-token/"),
        ("POST", "/api/v1/accounts/token/"),
        ("ANY", "/api/v1/accounts/ping/"),
    }, with_auth=False)


ALLAUTH = {
    "requirements.txt": "django==2.2\ndjango-allauth==0.41.0\n",
    "users/__init__.py": "",
    "users/views.py": (
        "from django.contrib.auth.mixins import LoginRequiredMixin\n"
        "from django.views.generic import ListView\n\n"
        "from users.models import User\n\n\n"
        "class UserListView(LoginRequiredMixin, ListView):\n"
        "    model = User\n"),
    "users/models.py": (
        "from django.contrib.auth.models import AbstractUser\n\n\n"
        "class User(AbstractUser):\n    pass\n"),
    "users/urls.py": (
        "from django.conf.urls import url\n\n"
        "from . import views\n\n"
        "app_name = 'users'\n"
        "urlpatterns = [\n"
        "    url(regex=r'^$', view=views.UserListView.as_view(), name='list'),\n"
        "]\n"),
    "config/__init__.py": "",
    "config/urls.py": (
        "from django.conf.urls import include, url\n\n"
        "urlpatterns = [\n"
        "    url(r'^users/', include('users.urls', namespace='users')),\n"
        "    url(r'^accounts/', include('allauth.urls')),\n"
        "]\n"),
    "config/settings.py": ("ROOT_URLCONF = 'config.urls'\n"
                           "INSTALLED_APPS = ['allauth', 'allauth.account', 'allauth.socialaccount', 'users']\n"),
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n",
}


def test_allauth_urls_and_url_keywords(tmp_path):
    """`url(regex=r'^$', view=...)` (the keywords of django.conf.urls.url) is a route, and
    `include('allauth.urls')` mounts django-allauth's account and social views: the pages that
    need a user are login_required in allauth's source; the login and signup POSTs are data."""
    from conftest import scan

    res = scan(write_tree(tmp_path, ALLAUTH))
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    assert ("GET", "/users/") in eps, sorted(eps)
    assert eps[("GET", "/accounts/email/")].auth == "required"
    assert eps[("GET", "/accounts/login/")].auth == "none"
    assert eps[("POST", "/accounts/signup/")].data_sites, eps[("POST", "/accounts/signup/")]
    assert ("GET", "/accounts/password/reset/key/{uidb36}-{key}/") in eps or \
        ("GET", "/accounts/password/reset/key/<uidb36>-<key>/") in eps, sorted(eps)


ALLAUTH_FUNCS = {
    "requirements.txt": "django==5.0\ndjango-allauth==65.0\n",
    "project/__init__.py": "",
    "project/urls.py": (
        "from allauth.account import views as allauth_account_views\n"
        "from allauth.socialaccount import views as allauth_social_account_views\n"
        "from django.urls import include, path\n\n"
        "urlpatterns = [\n"
        "    path('accounts/', include([\n"
        "        path('login/', allauth_account_views.login, name='account_login'),\n"
        "        path('logout/', allauth_account_views.logout, name='account_logout'),\n"
        "        path('password/reset/done/', allauth_account_views.password_reset_done),\n"
        "        path('3rdparty/signup/', allauth_social_account_views.signup),\n"
        "    ])),\n"
        "]\n"),
    "project/settings.py": "ROOT_URLCONF = 'project.urls'\n",
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'project.settings')\n",
}


def test_allauth_function_views_serve_their_class_methods(tmp_path):
    """allauth's views routed one by one through their module (`allauth_account_views.login`,
    `login = LoginView.as_view()` in allauth's source): the methods their classes serve."""
    assert_routes(write_tree(tmp_path, ALLAUTH_FUNCS), {
        ("GET", "/accounts/login/"), ("POST", "/accounts/login/"), ("PUT", "/accounts/login/"),
        ("GET", "/accounts/logout/"), ("POST", "/accounts/logout/"),
        ("GET", "/accounts/password/reset/done/"),
        ("GET", "/accounts/3rdparty/signup/"), ("POST", "/accounts/3rdparty/signup/"),
        ("PUT", "/accounts/3rdparty/signup/"),
    }, with_auth=False)


GRAPHQL = {
    "requirements.txt": "django==2.2\ngraphene-django==2.8\n",
    "project/__init__.py": "",
    "project/urls.py": (
        "from django.conf.urls import url\n"
        "from graphene_django.views import GraphQLView\n\n"
        "urlpatterns = [\n"
        "    url(r'^graphql', GraphQLView.as_view(graphiql=True)),\n"
        "]\n"),
    "project/settings.py": "ROOT_URLCONF = 'project.urls'\n",
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'project.settings')\n",
}


def test_graphene_graphql_view_serves_get_and_post(tmp_path):
    """graphene-django's GraphQLView refuses every method but GET and POST."""
    from conftest import scan

    res = scan(write_tree(tmp_path, GRAPHQL))
    got = {e.method for e in res.endpoints if not e.implicit and "graphql" in e.path}
    assert got == {"GET", "POST"}, got
