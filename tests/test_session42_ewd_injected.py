"""endpoint-without-data: a Flask-RESTful view that answers a parameter no URL segment fills
(`def get(self, project): return project` under `method_decorators = [need_auth]`, the
decorator looking the project up and calling the view with `project=project`) answers what the
decorator read; a view that answers a literal built around it, or a literal alone, is still a
stand-in. Shape of a public Flask backend (ihatemoney) whose API reads this way."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "requirements.txt": "flask\nflask-restful\nflask-sqlalchemy\n",
    "app.py": (
        "from functools import wraps\n"
        "from flask import Flask, request, abort\n"
        "from flask_restful import Api, Resource\n"
        "from flask_sqlalchemy import SQLAlchemy\n\n"
        "app = Flask(__name__)\n"
        "db = SQLAlchemy(app)\n"
        "api = Api(app)\n\n"
        "class Project(db.Model):\n"
        "    id = db.Column(db.String(64), primary_key=True)\n\n"
        "def need_auth(f):\n"
        "    @wraps(f)\n"
        "    def wrapper(*args, **kwargs):\n"
        "        auth = request.authorization\n"
        "        if not auth:\n"
        "            abort(401)\n"
        "        project = Project.query.get(kwargs.pop('project_id'))\n"
        "        return f(*args, project=project, **kwargs)\n"
        "    return wrapper\n\n"
        "class ProjectHandler(Resource):\n"
        "    method_decorators = [need_auth]\n\n"
        "    def get(self, project):\n"
        "        return project\n\n"
        "class ProjectStats(Resource):\n"
        "    method_decorators = [need_auth]\n\n"
        "    def get(self, project):\n"
        "        return project.members_stats\n\n"
        "class FakeHandler(Resource):\n"
        "    method_decorators = [need_auth]\n\n"
        "    def get(self, project):\n"
        "        return {'name': 'demo', 'members': []}\n\n"
        "api.add_resource(ProjectHandler, '/api/projects/<project_id>')\n"
        "api.add_resource(ProjectStats, '/api/projects/<project_id>/statistics')\n"
        "api.add_resource(FakeHandler, '/api/projects/<project_id>/fake')\n"),
}


def test_answering_what_the_decorator_handed_over(tmp_path):
    got = {f.message.split(":", 1)[0] for f in scan(write_tree(tmp_path, TREE)).findings
           if f.rule_id == "endpoint-without-data"}
    assert not any(m.endswith("/api/projects/<project_id>") or m.endswith("/statistics")
                   for m in got), got
    assert any(m.endswith("/fake") for m in got), got


def test_wake_up_ping_is_a_keep_alive_read():
    from types import SimpleNamespace

    from auditor.checks.impl import is_static_endpoint

    def ep(method, path):
        return SimpleNamespace(method=method, path=path)

    assert is_static_endpoint(ep("GET", "/api/common/wake-up-server/"))
    assert is_static_endpoint(ep("GET", "/api/warmup"))
    assert not is_static_endpoint(ep("POST", "/api/common/wake-up-server/"))
    assert not is_static_endpoint(ep("GET", "/api/wake-up-calls/list"))


EXPRESS_PAGES = {
    "package.json": '{"dependencies": {"express": "4.18.0", "pug": "3.0.0"}}',
    "app.js": (
        "const express = require('express');\n"
        "const app = express();\n"
        "app.get('/login', (req, res) => {\n"
        "  res.status(200).render('login', {\n    title: 'Log into your account',\n  });\n});\n"
        "app.get('/api/stats', (req, res) => {\n"
        "  res.status(200).json({ users: 42, active: 17 });\n});\n"
        "module.exports = app;\n"),
}


def test_page_rendered_with_a_status_is_a_page(tmp_path):
    got = {(f.rule_id, f.line) for f in scan(write_tree(tmp_path, EXPRESS_PAGES)).findings
           if f.rule_id == "hardcoded-return"}
    assert ("hardcoded-return", 4) not in got, got
    assert any(line in (9, 10) for _r, line in got), got


FLASK_LOGOUT = {
    "requirements.txt": "flask\nflask-restful\n",
    "app.py": (
        "from flask import Flask, current_app, abort, jsonify, request\n"
        "from flask_restful import Api, Resource\n\n"
        "app = Flask(__name__)\napi = Api(app)\n\n"
        "class Logout(Resource):\n"
        "    def get(self):\n"
        "        return 'OK', 200\n\n"
        "class Stats(Resource):\n"
        "    def get(self):\n"
        "        return {'users': 42, 'active': 17}, 200\n\n"
        "api.add_resource(Logout, '/logout')\n"
        "api.add_resource(Stats, '/stats')\n\n"
        "@app.route('/shutdown')\n"
        "def server_shutdown():\n"
        "    if not current_app.testing:\n"
        "        abort(404)\n"
        "    request.environ.get('werkzeug.server.shutdown')()\n"
        "    return 'Shutting down...'\n"),
}


def test_logout_and_testing_only_routes_need_no_data(tmp_path):
    got = {(f.rule_id, f.message.split(":", 1)[0]) for f in
           scan(write_tree(tmp_path, FLASK_LOGOUT)).findings
           if f.rule_id in ("endpoint-without-data", "hardcoded-return")}
    assert not any("/logout" in m or "/shutdown" in m for _r, m in got), got
    assert any("/stats" in m for _r, m in got) or any(r == "hardcoded-return" for r, _m in got), got
