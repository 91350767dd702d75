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

        from projects.admin import project_admin_site

        urlpatterns = []
        if settings.DEBUG or settings.STANDALONE:
            urlpatterns.append(path("favicon.ico", serve, {"path": "favicon.ico"}))
        if settings.DEBUG:  # development only: not a route of the deployed app
            urlpatterns.append(path("live_reload", serve))
        urlpatterns.append(path("admin/", project_admin_site.urls))
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


# -- Flask: blueprints built by factory functions, mounted from their call ------------------

FLASK = {
    "app/__init__.py": """
        from flask import Flask


        def create_app():
            app = Flask(__name__)
            from app.bp.tags import construct_blueprint as construct_tags
            app.register_blueprint(construct_tags(1), url_prefix="/tags")
            import app.bp.settings as settings
            app.register_blueprint(settings.construct_blueprint(1), url_prefix="/settings")
            return app
        """,
    "app/bp/__init__.py": "",
    "app/bp/tags.py": """
        from flask import Blueprint


        def construct_blueprint(ds):
            tags_blueprint = Blueprint("tags", __name__)

            @tags_blueprint.route("/list", methods=["GET"])
            def tags_list():
                return "x"

            return tags_blueprint
        """,
    "app/bp/llm.py": """
        from flask import Blueprint


        def construct_llm_blueprint(ds):
            llm = Blueprint("llm", __name__)

            @llm.route("/models")
            def models():
                return "m"

            def helper():
                return llm  # a nested function's return is its own

            return llm
        """,
    "app/bp/settings.py": """
        from flask import Blueprint
        from app.bp.llm import construct_llm_blueprint


        def construct_blueprint(ds):
            settings_blueprint = Blueprint("settings", __name__)
            child = construct_llm_blueprint(ds)
            settings_blueprint.register_blueprint(child, url_prefix="/llm")

            @settings_blueprint.route("", methods=["GET", "POST"])
            def settings_page():
                return "s"

            return settings_blueprint
        """,
}


def test_flask_blueprints_returned_by_factories_get_their_prefixes(tmp_path):
    eps = _routes(_tree(tmp_path, FLASK))
    got = {k for k in eps if k[0] not in ("HEAD", "OPTIONS")}
    assert got == {("GET", "/tags/list"), ("GET", "/settings"), ("POST", "/settings"),
                   ("GET", "/settings/llm/models")}, sorted(got)


# -- FastAPI: a function returning Annotated[User, Security(dep)], used as an annotation ----

FASTAPI = {
    "svc/auth.py": """
        from typing import Annotated
        from fastapi import HTTPException, Security
        from fastapi.security import OAuth2PasswordBearer

        oauth2 = OAuth2PasswordBearer(tokenUrl="token")


        async def get_current_user(token: str = Security(oauth2)):
            if not token:
                raise HTTPException(status_code=401)
            return {"id": 1}


        def require_scopes(*scopes: str):
            return Annotated[dict, Security(get_current_user, scopes=list(scopes))]


        def plain_type(*names: str):
            return Annotated[dict, "just metadata"]
        """,
    "svc/scopes.py": """
        from svc.auth import require_scopes, plain_type

        ViewNode: type[dict] = require_scopes("node.view")
        Loose: type[dict] = plain_type("x")
        """,
    "svc/main.py": """
        from fastapi import APIRouter, FastAPI

        from svc import scopes
        from svc.auth import require_scopes, plain_type

        app = FastAPI()
        router = APIRouter(prefix="/nodes")


        @router.get("/")
        async def list_nodes(user: require_scopes("node.view")):
            return []


        @router.get("/{node_id}")
        async def get_node(node_id: str, user: scopes.ViewNode):
            return {}


        @router.get("/{node_id}/meta")
        async def meta(node_id: str, user: scopes.Loose):
            return {}


        @router.get("/{node_id}/raw")
        async def raw(node_id: str, user: plain_type("x")):
            return {}


        app.include_router(router)
        """,
}


def test_fastapi_annotation_built_by_a_function_is_a_dependency(tmp_path):
    eps = _routes(_tree(tmp_path, FASTAPI))
    assert eps[("GET", "/nodes")].auth == "required"
    assert eps[("GET", "/nodes/{node_id}")].auth == "required"
    # look-alikes: an Annotated with no dependency in it
    assert eps[("GET", "/nodes/{node_id}/meta")].auth == "none"
    assert eps[("GET", "/nodes/{node_id}/raw")].auth == "none"


# -- TypeScript: fields assigned from themselves or from each other stay linear --------------

SELF_FIELD = {
    "package.json": '{"dependencies": {"express": "4"}}',
    "src/files.ts": """
        interface FileItem { id: string; size: number }

        export class FileManager {
          private files: FileItem[] = []

          store(item: FileItem): void {
            this.files = this.files.filter(f => f.id !== item.id)
            this.files.push(item)
          }
          remove(id: string): void {
            this.files = this.files.filter(f => f.id !== id)
          }
          removeBig(): void {
            this.files = this.files.filter(f => f.size < 10)
          }
          keepSmall(): void {
            this.files = this.files.slice(0, 10)
          }
          clear(): void {
            this.files = []
          }
          total(): number {
            return this.files.reduce((a, f) => a + f.size, 0)
          }
        }
        """,
    "src/app.ts": """
        import express from 'express'
        import { FileManager } from './files'
        const app = express()
        const fm = new FileManager()
        app.get('/total', (req, res) => { res.json(fm.total()) })
        export default app
        """,
}


def _crossed_fields() -> str:
    names = "abcdefgh"
    body = "\n".join(f"    this.{f} = " + " || ".join(f"this.{g}.{f}" for g in names if g != f)
                     + ";" for f in names)
    return ("export class Store {\n  constructor(api) {\n" + body + "\n  }\n"
            "  run() { return this.a.b.c.d.e.f.g.h.go(); }\n}\n")


CROSSED = {
    "package.json": '{"dependencies": {"express": "4"}}',
    "src/store.js": _crossed_fields(),
    "src/app.js": """
        const express = require('express');
        const { Store } = require('./store');
        const app = express();
        const store = new Store();
        app.get('/x', (req, res) => { res.json(store.run()); });
        module.exports = app;
        """,
}


def test_ts_fields_assigned_from_fields_do_not_explode(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for name, files in (("self", SELF_FIELD), ("crossed", CROSSED)):
        root = _tree(tmp_path / name, files)
        # each took minutes (3**12 and 7**12 re-evaluations of the same fields) before
        out = subprocess.run([sys.executable, "-m", "auditor", "endpoints", str(root),
                              "--format", "json", "--no-cache"], capture_output=True,
                             text=True, timeout=120, env=env)
        assert out.returncode == 0, out.stderr[-2000:]
        assert '"/total"' in out.stdout or '"/x"' in out.stdout


# -- gin: a middleware type whose method builds the handler; c.Abort() after a failed check --

GIN_AUTH = {
    "main.go": "package main\n\nimport (\n\t\"github.com/gin-gonic/gin\"\n\t\"example.com/svc/controller\"\n\t\"example.com/svc/middleware\"\n)\n\nfunc main() {\n\tr := gin.New()\n\tapi := r.Group(\"/api\")\n\tcontroller.NewUserController(api, middleware.NewAuthMiddleware(), &middleware.RateLimitMiddleware{})\n\tr.Run()\n}\n",
    "middleware/auth.go": "package middleware\n\nimport (\n\t\"errors\"\n\t\"strings\"\n\n\t\"github.com/gin-gonic/gin\"\n\t\"example.com/svc/apperror\"\n)\n\ntype JwtMiddleware struct{ key string }\n\nfunc (m *JwtMiddleware) Verify(c *gin.Context, adminRequired bool) (string, error) {\n\ttoken := c.GetHeader(\"Authorization\")\n\tif token == \"\" {\n\t\treturn \"\", apperror.ErrNotSignedIn\n\t}\n\tif !strings.HasPrefix(token, \"Bearer \") {\n\t\treturn \"\", errors.New(\"bad token\")\n\t}\n\treturn token[7:], nil\n}\n\ntype AuthOptions struct{ AdminRequired, SuccessOptional bool }\n\ntype AuthMiddleware struct {\n\tjwtMiddleware *JwtMiddleware\n\toptions       AuthOptions\n}\n\nfunc NewAuthMiddleware() *AuthMiddleware {\n\treturn &AuthMiddleware{jwtMiddleware: &JwtMiddleware{}, options: AuthOptions{AdminRequired: true}}\n}\n\nfunc (m AuthMiddleware) WithAdminNotRequired() AuthMiddleware {\n\tm.options.AdminRequired = false\n\treturn m\n}\n\nfunc (m AuthMiddleware) Add() gin.HandlerFunc {\n\treturn func(c *gin.Context) {\n\t\tuserID, err := m.jwtMiddleware.Verify(c, m.options.AdminRequired)\n\t\tif err == nil {\n\t\t\tc.Set(\"userID\", userID)\n\t\t\tc.Next()\n\t\t\treturn\n\t\t}\n\t\tif m.options.SuccessOptional {\n\t\t\tc.Next()\n\t\t\treturn\n\t\t}\n\t\tc.Abort()\n\t\t_ = c.Error(err)\n\t}\n}\n\ntype RateLimitMiddleware struct{}\n\nfunc (m *RateLimitMiddleware) Add() gin.HandlerFunc {\n\treturn func(c *gin.Context) {\n\t\tif c.GetHeader(\"X-Over\") != \"\" {\n\t\t\tc.Abort()\n\t\t\t_ = c.Error(errors.New(\"too many requests\"))\n\t\t\treturn\n\t\t}\n\t\tc.Next()\n\t}\n}\n",
    "middleware/turnstile.go": "package middleware\n\nimport \"github.com/gin-gonic/gin\"\n\n// a captcha: answers 200 with success false and aborts; no credential\nfunc TurnstileCheck() gin.HandlerFunc {\n\treturn func(c *gin.Context) {\n\t\tsession := c.GetHeader(\"Cookie\")\n\t\tif session != \"\" {\n\t\t\tc.Next()\n\t\t\treturn\n\t\t}\n\t\tif c.Query(\"turnstile\") == \"\" {\n\t\t\tc.JSON(200, gin.H{\"success\": false})\n\t\t\tc.Abort()\n\t\t\treturn\n\t\t}\n\t\tc.Next()\n\t}\n}\n",
    "controller/users.go": "package controller\n\nimport (\n\t\"github.com/gin-gonic/gin\"\n\t\"example.com/svc/middleware\"\n)\n\nfunc NewUserController(group *gin.RouterGroup, authMiddleware *middleware.AuthMiddleware, rl *middleware.RateLimitMiddleware) {\n\tgroup.GET(\"/users\", authMiddleware.Add(), list)\n\tgroup.GET(\"/users/me\", authMiddleware.WithAdminNotRequired().Add(), list)\n\tgroup.GET(\"/public\", rl.Add(), list)\n\tgroup.POST(\"/register\", middleware.TurnstileCheck(), list)\n}\n\nfunc list(c *gin.Context) { c.JSON(200, []string{}) }\n",
    "apperror/e.go": "package apperror\n\nimport \"errors\"\n\nvar ErrNotSignedIn = errors.New(\"not signed in\")\n"
}


def test_gin_middleware_method_aborting_on_failed_verification_is_auth(tmp_path):
    from conftest import scan_go_module

    files = {k: v.replace("example.com/svc", "example.com/svc") for k, v in GIN_AUTH.items()}
    eps, _res = scan_go_module(tmp_path, files)
    assert eps[("GET", "/api/users")].auth == "required"  # authMiddleware.Add()
    assert eps[("GET", "/api/users/me")].auth == "required"
    # look-alike: a rate limiter that aborts without reading any credential
    assert eps[("GET", "/api/public")].auth == "none"
    assert eps[("POST", "/api/register")].auth == "none"  # a captcha's bare Abort()


# -- net/http: a wrapper whose bare `return` after a 401 helper stops the request -------------

BASIC_WRAPPER = '''package server

import (
	"net/http"
	"strings"
)

var uiUser, uiPass string

func basicAuthResponse(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Basic realm="Login"`)
	w.WriteHeader(http.StatusUnauthorized)
}

func middleWareFunc(fn http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.RequestURI, "/api/") && r.Header.Get("Origin") == "http://evil" {
			http.Error(w, "Blocked due to CORS violation", http.StatusForbidden)
			return
		}
		skip, _ := r.Context().Value("skip").(bool)
		if !skip && uiUser != "" {
			user, pass, ok := r.BasicAuth()
			if !ok {
				basicAuthResponse(w)
				return
			}
			if user != uiUser || pass != uiPass {
				basicAuthResponse(w)
				return
			}
		}
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			fn(w, r)
			return
		}
		fn(w, r)
	}
}

// look-alike: a token that is read when present, the request going on without one
func optionalToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := r.Header.Get("Authorization")
		if token == "" {
			next.ServeHTTP(w, r)
			return
		}
		if !strings.HasPrefix(token, "Bearer ") {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// look-alike: the key is read only in an if's init; without one the handler goes on to next
func authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v := r.Header.Get("Authorization"); strings.HasPrefix(v, "Bearer ") {
			if v != "Bearer k" {
				writeError(w, "invalid API key")
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func writeError(w http.ResponseWriter, msg string) { w.WriteHeader(http.StatusUnauthorized) }

func list(w http.ResponseWriter, r *http.Request) { w.Write([]byte("[]")) }

func Routes() *http.ServeMux {
	r := http.NewServeMux()
	r.HandleFunc("GET /api/v1/messages", middleWareFunc(list))
	r.Handle("GET /api/v1/feed", optionalToken(http.HandlerFunc(list)))
	r.HandleFunc("GET /livez", list)
	r.Handle("GET /dashboard", authenticate(http.HandlerFunc(list)))
	return r
}
'''


def test_nethttp_wrapper_bare_return_after_401_helper_is_required(tmp_path):
    from conftest import scan_go_module

    eps, _res = scan_go_module(tmp_path, {"server/server.go": BASIC_WRAPPER})
    assert eps[("GET", "/api/v1/messages")].auth == "required"
    assert eps[("GET", "/api/v1/feed")].auth == "optional"
    assert eps[("GET", "/livez")].auth == "none"
    assert eps[("GET", "/dashboard")].auth == "optional"


# -- Flask: a blueprint handed to route-registering helper functions; pluggy's register ------

FLASK_PASS = {
    "app/__init__.py": """
        from flask import Flask


        def create_app():
            app = Flask(__name__)
            import app.rss.blueprint as rss
            app.register_blueprint(rss.construct_blueprint(1), url_prefix="/rss")
            return app
        """,
    "app/rss/__init__.py": "",
    "app/rss/blueprint.py": """
        from flask import Blueprint

        from . import main_feed
        from . import tag as tag_routes


        def construct_blueprint(datastore):
            rss_blueprint = Blueprint("rss", __name__)
            main_feed.construct_main_feed_routes(rss_blueprint, datastore)
            tag_routes.construct_tag_routes(rss_blueprint, datastore)
            return rss_blueprint
        """,
    "app/rss/main_feed.py": """
        def construct_main_feed_routes(rss_blueprint, datastore):
            @rss_blueprint.route("", methods=["GET"])
            def feed():
                return "feed"
        """,
    "app/rss/tag.py": """
        def construct_tag_routes(rss_blueprint, datastore):
            @rss_blueprint.route("/tag/<uuid_str:tag_uuid>", methods=["GET"])
            def rss_tag_feed(tag_uuid):
                return "tag"
        """,
    "app/plugins.py": """
        import importlib
        import pluggy

        plugin_manager = pluggy.PluginManager("changedetectionio")


        def load_plugins():
            for name in ("a", "b"):
                module = importlib.import_module(name)
                plugin_manager.register(module, name)
        """,
}


def test_flask_blueprint_handed_to_helpers_and_pluggy_register(tmp_path):
    eps = _routes(_tree(tmp_path, FLASK_PASS))
    got = {k for k in eps if k[0] not in ("HEAD", "OPTIONS")}
    assert got == {("GET", "/rss"), ("GET", "/rss/tag/<uuid_str:tag_uuid>")}, sorted(got)
