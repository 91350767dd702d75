"""Flask `before_request` hooks registered by a function the app factory hands the app to
(`init_request_processors(app)`, CTFd's shape): the hooks run for every view, and each is judged
by what refuses a request:

- a 403 that hangs on another condition (`if import_in_progress():`, the request tests being
  exemptions) is no authentication;
- a 401 only when a token is sent and invalid (`if token and ...: abort(401)`) lets anonymous
  requests through, and the hook is the application's, not the views' guard;
- a CSRF check refuses forged requests whoever sends them;
- a hook that refuses a request without a logged-in user is the guard of every view.
"""
from __future__ import annotations

from conftest import endpoint_map, write_tree

APP = {
    "requirements.txt": "flask\n",
    "app/__init__.py": (
        "from flask import Flask\n"
        "from app.processors import init_request_processors\n"
        "from app.views import views\n\n"
        "def create_app():\n"
        "    app = Flask(__name__)\n"
        "    init_request_processors(app)\n"
        "    app.register_blueprint(views)\n"
        "    return app\n"),
    "app/views.py": (
        "from flask import Blueprint\n\n"
        "views = Blueprint('views', __name__)\n\n"
        "@views.route('/login')\n"
        "def login():\n"
        "    return 'login'\n"),
    "app/processors.py": (
        "from flask import abort, request, session\n\n"
        "def import_in_progress():\n"
        "    return False\n\n"
        "def lookup_user_token(token):\n"
        "    return token\n\n"
        "def init_request_processors(app):\n"
        "    @app.before_request\n"
        "    def tracker():\n"
        "        if import_in_progress():\n"
        "            if request.endpoint == 'admin.import_ctf':\n"
        "                return\n"
        "            else:\n"
        "                return 'Import currently in progress', 403\n"
        "        if session.get('id'):\n"
        "            session['seen'] = True\n\n"
        "    @app.before_request\n"
        "    def tokens():\n"
        "        token = request.headers.get('Authorization')\n"
        "        if token and (\n"
        "            request.is_json\n"
        "        ):\n"
        "            try:\n"
        "                user = lookup_user_token(token)\n"
        "            except Exception:\n"
        "                abort(401, description='Invalid authorization header')\n\n"
        "    @app.before_request\n"
        "    def csrf():\n"
        "        if request.headers.get('Authorization'):\n"
        "            return\n"
        "        if request.method != 'GET' and session.get('nonce') != request.form.get('nonce'):\n"
        "            abort(403)\n"),
}


def _login_auth(tmp_path, files):
    return endpoint_map(write_tree(tmp_path, files), strip_slash=False)[("GET", "/login")]


def test_hooks_that_refuse_for_other_reasons_guard_nothing(tmp_path):
    ep = _login_auth(tmp_path, APP)
    assert ep.auth == "none", (ep.middleware, ep.auth_reason)
    assert any("tracker" in m for m in ep.middleware), ep.middleware


def test_a_login_hook_guards_every_view(tmp_path):
    files = dict(APP)
    files["app/processors.py"] = APP["app/processors.py"] + (
        "\n    @app.before_request\n"
        "    def require_login():\n"
        "        if request.endpoint in ('views.login',):\n"
        "            return\n"
        "        if not session.get('user_id'):\n"
        "            abort(401)\n")
    files["app/views.py"] = APP["app/views.py"] + (
        "\n@views.route('/home')\n"
        "def home():\n"
        "    return 'home'\n")
    eps = endpoint_map(write_tree(tmp_path, files), strip_slash=False)
    assert eps[("GET", "/home")].auth == "required", eps[("GET", "/home")].auth_reason
