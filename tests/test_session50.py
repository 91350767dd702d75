"""Routes, auth, data and injections of backends whose truth was written before auditor ran
(session 50 holdout), each case from how the framework or library behaves, with the look-alike
that must not change:

- Flask: a route decorator is a function that registers what it is called with, so
  `bp.post("/login")(login_user)` routes `login_user` as `@bp.post("/login")` would; a view
  routed that way or by `add_url_rule(view_func=v)` keeps its own decorators (`@jwt_required()`
  in a controllers module) as guards. `@bp.get(...)` on a Blueprint is Flask's, not FastAPI's.
"""
from __future__ import annotations

from conftest import assert_routes, scan, write_tree


def test_flask_route_decorator_applied_by_a_call_keeps_the_views_guards(tmp_path):
    write_tree(tmp_path, {
        "app/__init__.py": (
            "from flask import Flask, Blueprint\n"
            "from app.routes.auth_route import bp_auth\n"
            "bp_api = Blueprint('api', __name__, url_prefix='/api')\n"
            "def init_app(app: Flask):\n"
            "    bp_api.register_blueprint(bp_auth)\n"
            "    app.register_blueprint(bp_api)\n"),
        "app/routes/__init__.py": "",
        "app/routes/auth_route.py": (
            "from flask import Blueprint\n"
            "from app.controllers.auth import register_user, update_user, list_users\n"
            "bp_auth = Blueprint('auth', __name__, url_prefix='/auth')\n"
            "bp_auth.post('')(register_user)\n"
            "bp_auth.patch('')(update_user)\n"
            "bp_auth.route('/users', methods=['GET'])(list_users)\n"),
        "app/controllers/__init__.py": "",
        "app/controllers/auth/__init__.py": (
            "from .register_user import register_user\n"
            "from .update_user import update_user, list_users\n"),
        "app/controllers/auth/register_user.py": (
            "def register_user():\n    return {}, 201\n"),
        "app/controllers/auth/update_user.py": (
            "from flask_jwt_extended import jwt_required\n\n"
            "@jwt_required()\ndef update_user():\n    return {}\n\n"
            "@jwt_required()\ndef list_users():\n    return []\n"),
    })
    assert_routes(tmp_path, {("POST", "/api/auth", "none"), ("PATCH", "/api/auth", "required"),
                             ("GET", "/api/auth/users", "required")})


def test_flask_add_url_rule_of_an_imported_guarded_view(tmp_path):
    write_tree(tmp_path, {
        "app/__init__.py": (
            "from flask import Flask\n"
            "from app.views.items import list_items, about\n"
            "app = Flask(__name__)\n"
            "app.add_url_rule('/items', view_func=list_items)\n"
            "app.add_url_rule('/about', view_func=about)\n"),
        "app/views/__init__.py": "",
        "app/views/items.py": (
            "from flask_login import login_required\n\n"
            "@login_required\ndef list_items():\n    return []\n\n"
            "def about():\n    return 'about'\n"),
    })
    assert_routes(tmp_path, {("GET", "/items", "required"), ("GET", "/about", "none")})


def test_flask_shortcut_decorator_on_a_blueprint_is_flask(tmp_path):
    write_tree(tmp_path, {"app.py": (
        "from flask import Blueprint, Flask\n"
        "bp = Blueprint('b', __name__, url_prefix='/b')\n"
        "app = Flask(__name__)\n\n"
        "@bp.get('/x')\ndef x():\n    return {}\n\n"
        "app.register_blueprint(bp)\n")})
    eps = scan(tmp_path).endpoints
    assert {(e.method, e.framework) for e in eps} == {
        ("GET", "flask"), ("HEAD", "flask"), ("OPTIONS", "flask")}
