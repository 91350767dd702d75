"""A class view's `http_method_names` limits what Django's dispatch serves (any other method is
answered 405), DRF's viewsets included: a ModelViewSet declaring `["get", "patch"]` serves its
list, its retrieve and its partial update, nothing else; one inheriting the list from its base
the same; one without serves every action."""
from __future__ import annotations

from conftest import assert_routes, write_tree

VIEWS = '''from rest_framework import viewsets

from shop.models import Pref


class PrefViewSet(viewsets.ModelViewSet):
    queryset = Pref.objects.all()
    http_method_names = ["get", "patch"]


class ReadBase(viewsets.ModelViewSet):
    http_method_names = ["get"]


class LogViewSet(ReadBase):
    queryset = Pref.objects.all()


class FullViewSet(viewsets.ModelViewSet):
    queryset = Pref.objects.all()
'''

URLS = '''from django.urls import include, path
from rest_framework import routers

from shop import views

router = routers.DefaultRouter()
router.register(r"pref", views.PrefViewSet)
router.register(r"log", views.LogViewSet)
router.register(r"full", views.FullViewSet)

urlpatterns = [path("api/", include(router.urls))]
'''


def test_http_method_names_limit_a_viewsets_routes(tmp_path):
    root = write_tree(tmp_path, {
        "shop/__init__.py": "", "shop/views.py": VIEWS, "shop/urls.py": URLS,
        "shop/models.py": "from django.db import models\n\n\nclass Pref(models.Model):\n"
                          "    name = models.CharField(max_length=9)\n",
        "manage.py": "import django\n"})
    assert_routes(root, {
        ("GET", "/api/pref/"), ("GET", "/api/pref/{pk}/"), ("PATCH", "/api/pref/{pk}/"),
        ("GET", "/api/log/"), ("GET", "/api/log/{pk}/"),
        ("GET", "/api/full/"), ("POST", "/api/full/"), ("GET", "/api/full/{pk}/"),
        ("PUT", "/api/full/{pk}/"), ("PATCH", "/api/full/{pk}/"), ("DELETE", "/api/full/{pk}/"),
    }, with_auth=False)
