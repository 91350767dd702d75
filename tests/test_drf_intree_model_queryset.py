"""A DRF viewset whose `queryset` is the manager of one of the tree's own models
(`queryset = Property.objects`, Tandoor) reads that model, whatever its manager (a
django-scopes ScopedManager here) and its serializer's base (a nested-writes package's
serializer, not DRF's ModelSerializer); a viewset whose queryset is a plain class's attribute
reads nothing."""
from __future__ import annotations

from conftest import scan, write_tree

MODELS = '''from django.db import models
from django_scopes import ScopedManager


class PermissionModelMixin:
    def get_space(self):
        return None


class Property(models.Model, PermissionModelMixin):
    name = models.CharField(max_length=64)

    objects = ScopedManager(space="space")


class Plain:
    objects = []
'''

VIEWS = '''from drf_writable_nested.serializers import WritableNestedModelSerializer
from rest_framework import viewsets
from rest_framework_tracking.mixins import LoggingMixin

from shop.models import Plain, Property


class PropertySerializer(WritableNestedModelSerializer):
    class Meta:
        model = Property
        fields = ["name"]


class PropertyViewSet(LoggingMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Property.objects
    serializer_class = PropertySerializer


class PlainViewSet(viewsets.ViewSet):
    queryset = Plain.objects

    def list(self, request):
        return []
'''

URLS = '''from django.urls import include, path
from rest_framework import routers

from shop import views

router = routers.DefaultRouter()
router.register(r"property", views.PropertyViewSet)
router.register(r"plain", views.PlainViewSet, basename="plain")

urlpatterns = [path("api/", include(router.urls))]
'''


def test_a_viewset_over_a_model_of_the_tree_reads_it(tmp_path):
    root = write_tree(tmp_path, {"shop/__init__.py": "", "shop/models.py": MODELS,
                                 "shop/views.py": VIEWS, "shop/urls.py": URLS,
                                 "manage.py": "import django\n"})
    eps = {(e.method, e.path): e for e in scan(root).endpoints}
    prop = eps[("GET", "/api/property/")]
    assert [(s["file"], s["line"]) for s in prop.data_sites] == [("shop/views.py", 15)], \
        prop.data_sites
    assert eps[("GET", "/api/plain/")].data_sites == []
