"""Two shapes read in backends labelled before auditor ran:

- a Flask Blueprint subclass whose `route()` takes documentation arguments before handing
  `super().route(rule, **options)` the rule (`class APIBlueprint(Blueprint)`): its instances are
  blueprints, mounted with their `url_prefix` (a class attribute of the server object);
- a FastAPI dependency named for no guard (`get_api_client`) that takes the key a lenient
  `APIKeyHeader(auto_error=False)` reads and hands it to a check that raises 403
  (`api_auth(api_key, db)`): the route requires the key; a dependency that only passes the
  lenient key on stays optional."""
from __future__ import annotations

from conftest import assert_routes, write_tree

FLASK = {
    "web/bp.py": (
        "from typing import Any\n\n"
        "from flask import Blueprint\n\n\n"
        "class APIBlueprint(Blueprint):\n"
        "    def route(self, rule: str, description: str = '', requires_auth: bool = True,\n"
        "              **options: Any):\n"
        "        DOCS[rule] = (description, requires_auth)\n"
        "        return super().route(rule, **options)\n\n\n"
        "DOCS = {}\n"
        "api = APIBlueprint('api', __name__)\n"),
    "web/views.py": (
        "from web.bp import api\n\n\n"
        "@api.route('/reminders', 'List the reminders', methods=['GET'])\n"
        "def reminders():\n"
        "    return {'result': []}\n\n\n"
        "@api.route('/reminders/<int:r_id>', 'One reminder', methods=['DELETE'])\n"
        "def delete_reminder(r_id):\n"
        "    return {'result': r_id}\n"),
    "web/server.py": (
        "from flask import Flask\n\n\n"
        "class Server:\n"
        "    api_prefix = '/api'\n\n"
        "    def create_app(self):\n"
        "        from web.views import api\n\n"
        "        app = Flask(__name__)\n"
        "        app.register_blueprint(api, url_prefix=self.api_prefix)\n"
        "        return app\n"),
}


def test_a_blueprint_subclass_mounts_its_routes(tmp_path):
    assert_routes(write_tree(tmp_path, FLASK), {
        ("GET", "/api/reminders"), ("DELETE", "/api/reminders/<int:r_id>"),
    }, with_auth=False)


FASTAPI = {
    "app/__init__.py": "",
    "app/deps.py": (
        "from fastapi import Depends, HTTPException, Security\n"
        "from fastapi.security.api_key import APIKey, APIKeyHeader\n\n"
        "api_key_header = APIKeyHeader(name='X-API-Key', auto_error=False)\n\n\n"
        "def get_db():\n    yield None\n\n\n"
        "def get_api_key(api_key_header: str = Security(api_key_header)) -> str:\n"
        "    return api_key_header\n\n\n"
        "def api_auth(api_key: APIKey, db):\n"
        "    if api_key:\n"
        "        client = db.find_client(api_key)\n"
        "        if client is not None:\n"
        "            return client\n"
        "    raise HTTPException(status_code=403, detail='Could not validate credentials')\n\n\n"
        "def get_api_client(api_key: APIKey = Depends(get_api_key), db=Depends(get_db)):\n"
        "    return api_auth(api_key, db)\n\n\n"
        "def get_optional_key(api_key: APIKey = Depends(get_api_key)):\n"
        "    return api_key\n"),
    "app/main.py": (
        "from fastapi import Depends, FastAPI\n\n"
        "from app import deps\n\n"
        "app = FastAPI()\n\n\n"
        "@app.get('/messages')\n"
        "def messages(api_client=Depends(deps.get_api_client)):\n"
        "    return []\n\n\n"
        "@app.get('/maybe')\n"
        "def maybe(key=Depends(deps.get_optional_key)):\n"
        "    return []\n"),
}


def test_a_dependency_handing_a_lenient_key_to_a_rejecting_check_guards(tmp_path):
    assert_routes(write_tree(tmp_path, FASTAPI), {
        ("GET", "/messages", "required"), ("GET", "/maybe", "optional"),
    })


ROOT_PATH = {
    "app/__init__.py": "",
    "app/main.py": (
        "from fastapi import APIRouter, FastAPI\n\n"
        "app = FastAPI(title='exams', root_path='/api')\n"
        "v1 = APIRouter(prefix='/v1')\n\n\n"
        "@v1.get('/exams')\n"
        "def exams():\n    return []\n\n\n"
        "app.include_router(v1)\n"),
}


def test_fastapi_root_path_prefixes_the_routes(tmp_path):
    """FastAPI(root_path="/api"): the prefix the proxy serves the app under (the OpenAPI
    document's server URL, stripped by Starlette before routing): clients request /api/v1/..."""
    assert_routes(write_tree(tmp_path, ROOT_PATH), {("GET", "/api/v1/exams")}, with_auth=False)
