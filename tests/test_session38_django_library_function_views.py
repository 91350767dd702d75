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
