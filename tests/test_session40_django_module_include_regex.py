"""Django: `include((v1_urls, "v1"), namespace="v1")` with `from app.api.v1 import urls as
v1_urls` (the module object, whose urlpatterns Django reads) mounts its routes below the
include's prefix; `re_path(rf"^programs/{UUID_PATTERN}/send$", view)` with module constants
(`UUID_PATTERN = rf"(?P<uuid>{UUID_REGEX})"`) is a regex once the constants are put in: the path
is `programs/{uuid}/send`. Shapes read in a Django + DRF backend labelled before auditor ran."""
from __future__ import annotations

from conftest import assert_routes, write_tree

TREE = {
    "manage.py": "import django\n",
    "proj/__init__.py": "",
    "proj/urls.py": (
        "from django.urls import include, path\n\n"
        "urlpatterns = [\n"
        "    path('api/', include(('app.rest_api.urls', 'api'), namespace='api')),\n"
        "    path('records/', include('app.urls')),\n"
        "]\n"),
    "app/__init__.py": "",
    "app/constants.py": (
        "UUID_REGEX = r\"[0-9a-f]{32}\"\n"
        "UUID_PATTERN = rf\"(?P<uuid>{UUID_REGEX})\"\n"),
    "app/views.py": (
        "from django.http import JsonResponse\n"
        "from django.views import View\n\n"
        "class SendView(View):\n"
        "    def post(self, request, uuid):\n"
        "        return JsonResponse({})\n\n"
        "def status(request):\n"
        "    return JsonResponse({})\n"),
    "app/urls.py": (
        "from django.urls import re_path\n"
        "from app.constants import UUID_PATTERN\n"
        "from app import views\n\n"
        "urlpatterns = [\n"
        "    re_path(rf\"^programs/{UUID_PATTERN}/send$\", views.SendView.as_view()),\n"
        "]\n"),
    "app/rest_api/__init__.py": "",
    "app/rest_api/urls.py": (
        "from django.urls import include, path\n"
        "from app.rest_api.v1 import urls as v1_urls\n\n"
        "urlpatterns = [\n"
        "    path('v1/', include((v1_urls, 'v1'), namespace='v1')),\n"
        "]\n"),
    "app/rest_api/v1/__init__.py": "",
    "app/rest_api/v1/urls.py": (
        "from django.urls import path\n"
        "from app import views\n\n"
        "urlpatterns = [\n"
        "    path('status/', views.status),\n"
        "]\n"),
}


def test_module_object_include_and_interpolated_regex(tmp_path):
    root = write_tree(tmp_path, TREE)
    assert_routes(root, {("ANY", "/api/v1/status/"), ("POST", "/records/programs/{uuid}/send")},
                  with_auth=False)
