"""Session 42, fourth part, from backends labelled before auditor ran:

- npm/yarn workspaces: `import { ArticleService } from "@conduit/core/service"` is the tree's
  own package (a folder whose package.json is named `@conduit/core`), so the handler reaches
  the knex queries its services run; a package of the registry stays outside.
- Flask: a decorator factory of the tree whose wrapper is decorated `@jwt_required()`
  (`role_required("admin")`) guards the view.
- net/http: a middleware every return of which hands the request on first (`if err != nil {
  next.ServeHTTP(w, r); return }`) rejects nobody, whatever it is called; a middleware named
  for sending logged-in visitors away (`RedirectIfLoggedIn`) is no guard.
"""
from __future__ import annotations

from conftest import scan, scan_go_module, write_tree


def _endpoints(tmp_path, tree):
    """{(method, path): endpoint} of a scan of `tree`, implicit ones left out."""
    return {(e.method, e.path): e for e in scan(write_tree(tmp_path, tree)).endpoints
            if not e.implicit}

MONO = {
    "package.json": '{"name": "conduit", "private": true, "workspaces": ["apps/*", "packages/*"]}',
    "packages/core/package.json": '{"name": "@conduit/core", "main": "index.ts"}',
    "packages/core/index.ts": "export * from './service';\n",
    "packages/core/service/index.ts": "export { ArticleService } from './ArticleService';\n",
    "packages/core/service/ArticleService.ts": (
        "import { knex } from '../database';\n"
        "export class ArticleService {\n"
        "  async getArticles() {\n    return knex('article').select('*');\n  }\n}\n"),
    "packages/core/database/index.ts": (
        "import Knex from 'knex';\nexport const knex = Knex({ client: 'mysql2' });\n"),
    "apps/article/package.json": '{"name": "@conduit/article", "dependencies": {"express": "4"}}',
    "apps/article/app.ts": (
        "import express from 'express';\n"
        "import { ArticleService } from '@conduit/core/service';\n"
        "import { Router } from 'express';\n"
        "const app = express();\n"
        "const router = Router();\n"
        "router.get('/api/articles', async (req, res) => {\n"
        "  const service = new ArticleService();\n"
        "  res.json(await service.getArticles());\n"
        "});\n"
        "app.use(router);\n"
        "export default app;\n"),
}


def test_workspace_package_import_reaches_its_queries(tmp_path):
    eps = _endpoints(tmp_path, MONO)
    ep = eps[("GET", "/api/articles")]
    assert [d["file"] for d in ep.data_sites] == ["packages/core/service/ArticleService.ts"], \
        (ep.chain, ep.data_sites)


FLASK = {
    "requirements.txt": "flask\nflask-jwt-extended\npymongo\n",
    "app/__init__.py": (
        "from flask import Flask\n\n"
        "def create_app():\n"
        "    app = Flask(__name__)\n"
        "    from .product import product_bp\n"
        "    app.register_blueprint(product_bp, url_prefix='/product')\n"
        "    return app\n"),
    "app/product.py": (
        "from functools import wraps\n"
        "from flask import Blueprint, jsonify\n"
        "from flask_jwt_extended import jwt_required, get_jwt_identity\n\n"
        "product_bp = Blueprint('product', __name__)\n\n"
        "def role_required(role):\n"
        "    def wrapper(fn):\n"
        "        @wraps(fn)\n"
        "        @jwt_required()\n"
        "        def decorated_function(*args, **kwargs):\n"
        "            if get_jwt_identity() != role:\n"
        "                return jsonify({'message': 'forbidden'}), 403\n"
        "            return fn(*args, **kwargs)\n"
        "        return decorated_function\n"
        "    return wrapper\n\n"
        "def timed(fn):\n"
        "    @wraps(fn)\n"
        "    def inner(*args, **kwargs):\n"
        "        return fn(*args, **kwargs)\n"
        "    return inner\n\n"
        "@product_bp.route('/', methods=['POST'])\n"
        "@role_required('admin')\n"
        "def create():\n    return jsonify({}), 201\n\n"
        "@product_bp.route('/', methods=['GET'])\n"
        "@timed\n"
        "def listing():\n    return jsonify([])\n"),
}


def test_decorator_factory_whose_wrapper_requires_a_jwt(tmp_path):
    eps = _endpoints(tmp_path, FLASK)
    assert eps[("POST", "/product/")].auth == "required", eps[("POST", "/product/")].auth_reason
    assert eps[("GET", "/product/")].auth == "none"


GO = """package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type Server struct{}

type key string

func (s *Server) getUser(r *http.Request) (string, error) {
	c, err := r.Cookie("session")
	if err != nil {
		return "", errors.New("none")
	}
	return c.Value, nil
}

func (s *Server) UserFromSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, err := s.getUser(r)
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key("u"), user)))
	})
}

func (s *Server) RedirectIfLoggedIn(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Context().Value(key("u")) != nil {
			http.Redirect(w, r, "/", http.StatusFound)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) populateAuthenticationContext(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("token")
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key("u"), c.Value)))
	})
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {}

func (s *Server) Router() http.Handler {
	r := chi.NewRouter()
	r.Use(s.UserFromSession)
	r.Get("/", s.page)
	r.With(s.populateAuthenticationContext).Get("/about", s.page)
	r.Group(func(r chi.Router) {
		r.Use(s.RedirectIfLoggedIn)
		r.Get("/login", s.page)
	})
	return r
}
"""


def test_middleware_that_always_hands_on(tmp_path):
    eps, _ = scan_go_module(tmp_path, {"server/server.go": GO})
    assert eps[("GET", "/")].auth == "optional", eps[("GET", "/")].auth_reason
    assert eps[("GET", "/login")].auth == "optional", eps[("GET", "/login")].auth_reason
    assert eps[("GET", "/about")].auth == "optional", eps[("GET", "/about")].middleware


def test_always_handing_on_by_name():
    from auditor.endpoints import auth as authmod

    prof = {"auth": {"always_next": True, "reads_credential": True}}
    # a loader named for putting the user on the request: read, it rejects nobody
    assert authmod.verdict("s.populateAuthenticationContext", prof, [], "GET")[0] == authmod.NONE
    assert authmod.verdict("s.UserFromSession", prof, [], "GET")[0] == authmod.OPTIONAL
    assert authmod.verdict("requestLogger", {"auth": {"always_next": True}}, [], "GET")[0] == \
        authmod.NONE
