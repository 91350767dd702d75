"""A Flask `before_request` guard that lets some requests through by what they ask for
(`elif request.endpoint == 'set_language': return None`, `'login' in request.endpoint`,
`request.path.startswith('/api/')`) and sends the rest to log in: those routes are not guarded
by it; a test that also reads a setting is not taken. Views defined inside an app factory are
not wrappers of the factory. Shape of a Flask app labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

APP = (
    "import flask_login\n"
    "from flask import Flask, request, jsonify\n\n"
    "def create_app(settings):\n"
    "    app = Flask(__name__)\n"
    "    login_manager = flask_login.LoginManager(app)\n\n"
    "    @app.before_request\n"
    "    def check_authentication():\n"
    "        if not flask_login.current_user.is_authenticated:\n"
    "            if request.endpoint and request.endpoint == 'set_language':\n"
    "                return None\n"
    "            elif request.endpoint and 'login' in request.endpoint:\n"
    "                return None\n"
    "            elif request.endpoint == 'shared' and settings.get('shared'):\n"
    "                return None\n"
    "            # API routes check their own token\n"
    "            elif request.path.startswith('/api/'):\n"
    "                return None\n"
    "            else:\n"
    "                return login_manager.unauthorized()\n\n"
    "    @app.route('/login', methods=['GET', 'POST'])\n"
    "    def login():\n"
    "        if flask_login.current_user.is_authenticated:\n"
    "            return 'already'\n"
    "        return 'form'\n\n"
    "    @app.route('/set-language/<locale>')\n"
    "    def set_language(locale):\n        return 'ok'\n\n"
    "    @app.route('/shared')\n"
    "    def shared():\n        return 'ok'\n\n"
    "    @app.route('/api/v1/spec')\n"
    "    def spec():\n        return jsonify({})\n\n"
    "    @app.route('/')\n"
    "    def index():\n        return 'home'\n\n"
    "    return app\n")


def test_before_request_exemptions(tmp_path):
    root = write_tree(tmp_path, {"requirements.txt": "flask\nflask-login\n", "app.py": APP})
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    assert eps[("GET", "/login")].auth == "none", eps[("GET", "/login")].auth_reason
    assert eps[("POST", "/login")].auth == "none"
    assert eps[("GET", "/set-language/<locale>")].auth == "none"
    assert eps[("GET", "/api/v1/spec")].auth == "none"
    assert eps[("GET", "/shared")].auth == "required"  # only with a setting on
    assert eps[("GET", "/")].auth == "required"
