"""Shapes of four public backends labelled before auditor ran (session 42):

- Next.js: a route folder named `app` inside the App Router (`app/api/app/version/route.ts`)
  is a segment of the URL, not the router's root; `src/app` is the root when there is one.
- Flask: `@api.before_request` over `@auth.login_required` registers the login-checked hook
  (flask_httpauth rejects a request without credentials before the hook's body runs); a view
  that sends `current_user.is_anonymous` visitors away is guarded, one that only reads the user
  is not.
- FastAPI: `@router.get(path="/x")` and Flask `@bp.route(rule="/x")` name the path by keyword.
- net/http: a middleware that reads the token when there is one and never returns before its
  closing `next.ServeHTTP(w, r)` lets anonymous requests through (optional), while the chain
  that appends a rejecting one stays required.
"""
from __future__ import annotations

from conftest import scan, scan_go_module, write_tree


def _eps(root):
    return {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}


def test_next_app_folder_inside_the_app_router(tmp_path):
    root = write_tree(tmp_path, {
        "package.json": '{"dependencies": {"next": "14.0.0"}}',
        "app/api/app/version/route.ts": (
            "export async function GET() {\n  return Response.json({v: 1});\n}\n"),
        "app/api/items/route.ts": (
            "export async function POST(req: Request) {\n  return Response.json({});\n}\n"),
        "packages/app/src/app/api/ping/route.ts": (
            "export async function GET() {\n  return Response.json({ok: true});\n}\n"),
    })
    eps = _eps(root)
    assert ("GET", "/api/app/version") in eps, sorted(eps)
    assert ("POST", "/api/items") in eps, sorted(eps)
    assert ("GET", "/api/ping") in eps, sorted(eps)
    assert ("GET", "/version") not in eps, sorted(eps)


FLASK = {
    "app/__init__.py": (
        "from flask import Flask\n\n"
        "def create_app():\n"
        "    app = Flask(__name__)\n"
        "    from .api import api as api_bp\n"
        "    app.register_blueprint(api_bp, url_prefix='/api/v1')\n"
        "    from .main import main as main_bp\n"
        "    app.register_blueprint(main_bp)\n"
        "    return app\n"),
    "app/api/__init__.py": (
        "from flask import Blueprint\n\napi = Blueprint('api', __name__)\n\n"
        "from . import authentication, posts\n"),
    "app/api/authentication.py": (
        "from flask import g, jsonify\n"
        "from flask_httpauth import HTTPBasicAuth\n"
        "from . import api\n\n"
        "auth = HTTPBasicAuth()\n\n"
        "@auth.verify_password\n"
        "def verify_password(token, password):\n"
        "    g.current_user = token\n"
        "    return token != ''\n\n"
        "@api.before_request\n"
        "@auth.login_required\n"
        "def before_request():\n"
        "    if not g.current_user.confirmed:\n"
        "        return jsonify({'error': 'unconfirmed'}), 403\n"),
    "app/api/posts.py": (
        "from flask import jsonify\nfrom . import api\n\n"
        "@api.route('/posts/')\n"
        "def get_posts():\n    return jsonify([])\n"),
    "app/main/__init__.py": (
        "from flask import Blueprint\n\nmain = Blueprint('main', __name__)\n\n"
        "from . import views\n"),
    "app/main/views.py": (
        "from flask import redirect, render_template, url_for\n"
        "from flask_login import current_user\n"
        "from . import main\n\n"
        "@main.route('/unconfirmed')\n"
        "def unconfirmed():\n"
        "    if current_user.is_anonymous or current_user.confirmed:\n"
        "        return redirect(url_for('main.index'))\n"
        "    return render_template('unconfirmed.html')\n\n"
        "@main.route('/')\n"
        "def index():\n"
        "    if current_user.is_anonymous and False:\n"
        "        return redirect('/x')\n"
        "    return render_template('index.html')\n\n"
        "@main.route(rule='/about')\n"
        "def about():\n    return render_template('about.html')\n"),
}


def test_flask_hook_decorators_and_anonymous_test(tmp_path):
    eps = _eps(write_tree(tmp_path, FLASK))
    posts = eps[("GET", "/api/v1/posts/")]
    assert posts.auth == "required", (posts.middleware, posts.auth_reason)
    assert eps[("GET", "/unconfirmed")].auth == "required"
    # `is_anonymous and <something else>` does not send every anonymous visitor away
    assert eps[("GET", "/")].auth == "none", eps[("GET", "/")].auth_reason
    assert ("GET", "/about") in eps, sorted(eps)


def test_fastapi_path_keyword(tmp_path):
    root = write_tree(tmp_path, {
        "main.py": (
            "from fastapi import APIRouter, Depends, FastAPI\n"
            "from auth import get_current_user\n\n"
            "router = APIRouter(prefix='/rss')\n\n"
            "@router.get(path='', dependencies=[Depends(get_current_user)])\n"
            "async def get_rss():\n    return []\n\n"
            "@router.delete(path='/delete/{rss_id}')\n"
            "async def delete_rss(rss_id: int):\n    return {}\n\n"
            "app = FastAPI()\napp.include_router(router, prefix='/api')\n"),
        "auth.py": (
            "from fastapi import HTTPException, Request\n\n"
            "def get_current_user(request: Request):\n"
            "    token = request.headers.get('Authorization')\n"
            "    if not token:\n        raise HTTPException(status_code=401)\n"
            "    return token\n"),
    })
    eps = _eps(root)
    assert eps[("GET", "/api/rss")].auth == "required", sorted(eps)
    assert ("DELETE", "/api/rss/delete/{rss_id}") in eps, sorted(eps)


GO_ROUTES = """package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/justinas/alice"
)

type App struct{}

type key string

func (app *App) authenticateUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokenString := r.Header.Get("Authorization")
		user := ""
		if tokenString != "" && strings.HasPrefix(tokenString, "Token ") {
			user = tokenString[len("Token "):]
		}
		r = r.WithContext(context.WithValue(r.Context(), key("user"), user))
		next.ServeHTTP(w, r)
	})
}

func (app *App) requireAuthentication(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Context().Value(key("user")) == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (app *App) strictToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokenString := r.Header.Get("Authorization")
		if tokenString == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (app *App) list(w http.ResponseWriter, r *http.Request) {}

func (app *App) Routes() http.Handler {
	mux := http.NewServeMux()
	common := alice.New(app.authenticateUser)
	protected := common.Append(app.requireAuthentication)
	mux.Handle("GET /api/articles", common.ThenFunc(app.list))
	mux.Handle("GET /api/user", protected.ThenFunc(app.list))
	mux.Handle("GET /api/strict", alice.New(app.strictToken).ThenFunc(app.list))
	return mux
}
"""


def test_go_middleware_that_never_returns_early_is_optional(tmp_path):
    eps, _ = scan_go_module(tmp_path, {"api/routes.go": GO_ROUTES})
    assert eps[("GET", "/api/articles")].auth == "optional", eps[("GET", "/api/articles")].auth_reason
    assert eps[("GET", "/api/user")].auth == "required"
    assert eps[("GET", "/api/strict")].auth == "required"


def test_fastapi_routers_included_over_itertools_chain(tmp_path):
    root = write_tree(tmp_path, {
        "main.py": (
            "from itertools import chain\n"
            "from fastapi import APIRouter, FastAPI\n\n"
            "users = APIRouter(prefix='/users')\n"
            "pods = APIRouter(prefix='/pods')\n"
            "health = APIRouter()\n\n"
            "@users.get('')\nasync def list_users():\n    return []\n\n"
            "@pods.get('/{pod_id}')\nasync def get_pod(pod_id: int):\n    return {}\n\n"
            "@health.get('/health')\nasync def ok():\n    return {'ok': True}\n\n"
            "api_router = APIRouter()\n"
            "for router in chain.from_iterable([[users], [pods, health]]):\n"
            "    api_router.include_router(router)\n\n"
            "app = FastAPI()\n"
            "app.include_router(api_router, prefix='/api/v1')\n"),
    })
    eps = _eps(root)
    for key in [("GET", "/api/v1/users"), ("GET", "/api/v1/pods/{pod_id}"),
                ("GET", "/api/v1/health")]:
        assert key in eps, (key, sorted(eps))
