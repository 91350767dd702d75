"""Shapes met on six backends auditor had not seen (holdout round 4, h48): Django's `path()`
called with keyword arguments, a Django app whose folder is named `examples`, URL patterns
appended to `urlpatterns` under a condition, open-ended `re_path` endpoints."""
from __future__ import annotations

import textwrap

from conftest import scan, write_tree


def _tree(tmp_path, files: dict[str, str]):
    return write_tree(tmp_path / "proj", {k: textwrap.dedent(v) for k, v in files.items()})


def _routes(root) -> dict[tuple[str, str], object]:
    return {(e.method, e.path.rstrip("/") or "/"): e for e in scan(root).endpoints
            if not e.implicit}


# -- Django: path(route=..., view=...), an app named `examples`, urlpatterns.append ---------

DJANGO = {
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n",
    "config/settings.py": """
        ROOT_URLCONF = "config.urls"
        INSTALLED_APPS = ["rest_framework", "projects", "examples"]
        REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}
        DEBUG = False
        """,
    "config/urls.py": """
        from django.conf import settings
        from django.urls import include, path, re_path
        from django.views.generic import TemplateView
        from django.views.static import serve

        urlpatterns = []
        if settings.DEBUG:
            urlpatterns.append(path("favicon.ico", serve, {"path": "favicon.ico"}))
        urlpatterns += [
            path("v1/", include("projects.urls")),
            path("v1/projects/<int:project_id>/", include("examples.urls")),
            re_path("", TemplateView.as_view(template_name="index.html")),
        ]
        """,
    "projects/__init__.py": "",
    "projects/views.py": """
        from rest_framework import generics
        from rest_framework.views import APIView
        from rest_framework.response import Response


        class ProjectList(generics.ListCreateAPIView):
            pass


        class Health(APIView):
            permission_classes = ()

            def get(self, request):
                return Response({"ok": True})
        """,
    "projects/urls.py": """
        from django.urls import path, re_path

        from .views import Health, ProjectList

        urlpatterns = [
            path(route="projects", view=ProjectList.as_view(), name="project_list"),
            path("health", view=Health.as_view()),
            re_path(r"^exact/$", Health.as_view()),
        ]
        """,
    "examples/__init__.py": "",
    "examples/views.py": """
        from rest_framework import generics


        class ExampleDetail(generics.RetrieveDestroyAPIView):
            pass
        """,
    "examples/urls.py": """
        from django.urls import path

        from .views import ExampleDetail

        urlpatterns = [
            path(route="examples/<int:example_id>", view=ExampleDetail.as_view()),
        ]
        """,
}


def test_django_path_keywords_examples_app_append_and_open_regex(tmp_path):
    eps = _routes(_tree(tmp_path, DJANGO))
    want = {
        ("GET", "/v1/projects"), ("POST", "/v1/projects"), ("GET", "/v1/health"),
        ("GET", "/v1/exact"),
        ("GET", "/v1/projects/<int:project_id>/examples/<int:example_id>"),
        ("DELETE", "/v1/projects/<int:project_id>/examples/<int:example_id>"),
        ("ANY", "/favicon.ico"),
        ("GET", "/{path}"),  # re_path("") without `$`: Django searches, every path matches
    }
    assert set(eps) == want, (sorted(set(eps) - want), sorted(want - set(eps)))
    assert eps[("GET", "/v1/projects")].auth == "required"
    assert eps[("GET", "/v1/health")].auth == "none"
    assert eps[("DELETE", "/v1/projects/<int:project_id>/examples/<int:example_id>")].auth \
        == "required"


def test_examples_folder_nothing_imports_stays_out(tmp_path):
    # look-alike: a library's usage example that serves its own urls, imported by nothing
    files = {k: v for k, v in DJANGO.items() if not k.startswith("examples/")}
    files["config/urls.py"] = files["config/urls.py"].replace(
        '    path("v1/projects/<int:project_id>/", include("examples.urls")),\n', "")
    files["docs/examples/demo/urls.py"] = """
        from django.urls import path
        from .views import Demo

        urlpatterns = [path("demo", Demo.as_view())]
        """
    files["docs/examples/demo/views.py"] = """
        from django.views import View


        class Demo(View):
            def get(self, request):
                return None
        """
    eps = _routes(_tree(tmp_path, files))
    assert not any("demo" in p for _m, p in eps), sorted(eps)
    assert ("GET", "/v1/projects") in eps


# -- chi: a sub-router returned by a method called on a composite literal -------------------

CHI_ROUTES = '''package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type Server struct{ repo string }

type sceneRoutes struct{ finder string }

func (rs sceneRoutes) Routes() chi.Router {
	r := chi.NewRouter()
	r.Route("/{sceneId}", func(r chi.Router) {
		r.Get("/stream", rs.Stream)
	})
	r.Get("/{sceneHash}_thumbs.vtt", rs.Stream)
	return r
}

func (rs sceneRoutes) Stream(w http.ResponseWriter, r *http.Request) {}

type customRoutes struct{ dirs []string }

func (rs *customRoutes) Routes() chi.Router {
	r := chi.NewRouter()
	r.HandleFunc("/*", rs.Serve)
	return r
}

func (rs *customRoutes) Serve(w http.ResponseWriter, r *http.Request) {}

func (s *Server) getSceneRoutes() chi.Router {
	return sceneRoutes{finder: s.repo}.Routes()
}

func getCustomRoutes(dirs []string) chi.Router {
	return (&customRoutes{dirs: dirs}).Routes()
}

// look-alike: a returned call of a function outside the tree gives no router of the tree
func external() http.Handler {
	return http.NotFoundHandler()
}

func Initialize(s *Server) http.Handler {
	r := chi.NewRouter()
	r.Mount("/scene", s.getSceneRoutes())
	r.Mount("/custom", getCustomRoutes(nil))
	r.Mount("/ext", external())
	return r
}
'''


def test_chi_mount_of_router_returned_by_method_on_composite_literal(tmp_path):
    from conftest import scan_go_module

    eps, _res = scan_go_module(tmp_path, {"api/server.go": CHI_ROUTES})
    assert ("GET", "/scene/{sceneId}/stream") in eps, sorted(eps)
    assert ("GET", "/scene/{sceneHash}_thumbs.vtt") in eps, sorted(eps)
    assert ("ANY", "/custom/*") in eps, sorted(eps)
    assert ("GET", "/{sceneId}/stream") not in eps, sorted(eps)
