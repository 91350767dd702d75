"""Django, shapes read in two backends labelled before auditor ran:

- `path(f"api/{settings.API_VERSION}/", include([*router.urls, ...]))`: the prefix is the value
  the settings class gives (django-configurations' `class Base(Configuration)`), not dropped;
- two view sets of one name in two modules (`viewsets.RoomViewSet`, `external_viewsets.RoomViewSet`):
  each route serves the actions of the class its import names;
- drf-spectacular's schema and documentation views are generated docs, like include_docs_urls;
- generic views reached as `generic.DetailView` (`from django.views import generic`) read their
  `model`: their routes have data, and endpoint-without-data stays quiet.
"""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "requirements.txt": "django==5.0\ndjangorestframework==3.15\ndrf-spectacular==0.27\n"
                        "django-configurations==2.5\n",
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'meet.settings')\n",
    "meet/__init__.py": "",
    "meet/settings.py": (
        "from configurations import Configuration\n\n\n"
        "class Base(Configuration):\n"
        "    ROOT_URLCONF = 'meet.urls'\n"
        "    API_VERSION = 'v1.0'\n"
        "    INSTALLED_APPS = ['rest_framework', 'core']\n"),
    "meet/urls.py": (
        "from django.conf import settings\n"
        "from django.urls import include, path\n"
        "from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView\n\n"
        "urlpatterns = [\n"
        "    path('', include('core.urls')),\n"
        "    path(f'api/{settings.API_VERSION}/swagger.json', SpectacularJSONAPIView.as_view(),"
        " name='schema'),\n"
        "    path(f'api/{settings.API_VERSION}/swagger/', SpectacularSwaggerView.as_view()),\n"
        "]\n"),
    "core/__init__.py": "",
    "core/models.py": (
        "from django.db import models\n\n\n"
        "class Room(models.Model):\n    name = models.CharField(max_length=10)\n"),
    "core/api/__init__.py": "",
    "core/api/viewsets.py": (
        "from rest_framework import mixins, viewsets\n\nfrom core import models\n\n\n"
        "class RoomViewSet(viewsets.ModelViewSet):\n"
        "    queryset = models.Room.objects.all()\n"),
    "core/external_api/__init__.py": "",
    "core/external_api/viewsets.py": (
        "from rest_framework import mixins, viewsets\n\nfrom core import models\n\n\n"
        "class RoomViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):\n"
        "    queryset = models.Room.objects.all()\n"),
    "core/views.py": (
        "from django.views import generic\n\nfrom core.models import Room\n\n\n"
        "class RoomDetailView(generic.DetailView):\n"
        "    model = Room\n"
        "    template_name = 'room.html'\n"),
    "core/urls.py": (
        "from django.conf import settings\n"
        "from django.urls import include, path\n"
        "from rest_framework.routers import DefaultRouter, SimpleRouter\n\n"
        "from core.api import viewsets\n"
        "from core.external_api import viewsets as external_viewsets\n"
        "from core.views import RoomDetailView\n\n"
        "router = DefaultRouter()\n"
        "router.register('rooms', viewsets.RoomViewSet, basename='rooms')\n"
        "external_router = SimpleRouter()\n"
        "external_router.register('rooms', external_viewsets.RoomViewSet, basename='ext')\n\n"
        "urlpatterns = [\n"
        "    path(f'api/{settings.API_VERSION}/', include([*router.urls])),\n"
        "    path('external-api/', include([*external_router.urls])),\n"
        "    path('page/<int:pk>/', RoomDetailView.as_view()),\n"
        "]\n"),
}


def test_settings_prefix_same_named_viewsets_docs_and_generic_views(tmp_path):
    res = scan(write_tree(tmp_path, TREE))
    got = {(e.method, e.path.rstrip("/")) for e in res.endpoints if not e.implicit}
    want = {("GET", "/api/v1.0/rooms"), ("POST", "/api/v1.0/rooms"),
            ("GET", "/api/v1.0/rooms/{pk}"), ("PUT", "/api/v1.0/rooms/{pk}"),
            ("PATCH", "/api/v1.0/rooms/{pk}"), ("DELETE", "/api/v1.0/rooms/{pk}"),
            ("GET", "/external-api/rooms"), ("GET", "/page/<int:pk>")}
    assert want <= got, f"missed {sorted(want - got)}"
    extra = {x for x in got - want if "swagger" in x[1] or x[1].startswith("/external-api")}
    assert not extra, sorted(extra)
    page = [e for e in res.endpoints if e.path.rstrip("/") == "/page/<int:pk>"]
    assert page and all(e.data_sites for e in page), [(e.method, e.data_sites) for e in page]
    ewd = [f for f in res.findings if f.rule_id == "endpoint-without-data"]
    assert not ewd, [(f.file, f.line, f.message) for f in ewd]
