"""Flask's `render_template` runs the app's context processors (`@app.context_processor`):
their queries are the page's data. A Go tree with no go.mod (a GOPATH-era project importing
`github.com/u/tasks/views`) resolves its imports to its own folders. Shapes of a Flask blog
and a net/http task manager labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

FLASK = {
    "requirements.txt": "flask\nflask-sqlalchemy\n",
    "blog/__init__.py": (
        "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\n"
        "db = SQLAlchemy()\napp = Flask(__name__)\n\n"
        "class Category(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n\n"
        "@app.context_processor\n"
        "def make_template_context():\n"
        "    categories = Category.query.all()\n"
        "    return dict(categories=categories)\n\n"
        "from blog import views\n"),
    "blog/views.py": (
        "from flask import render_template, jsonify\nfrom blog import app\n\n"
        "@app.route('/about')\ndef about():\n    return render_template('about.html')\n\n"
        "@app.route('/ping')\ndef ping():\n    return jsonify(ok=True)\n"),
}


def test_render_template_runs_context_processors(tmp_path):
    root = write_tree(tmp_path, FLASK)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    assert eps[("GET", "/about")].data_sites, [c.name for c in eps[("GET", "/about")].chain]
    assert not eps[("GET", "/ping")].data_sites


GOPATH = {
    "main.go": (
        "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/u/tasks/views\"\n)\n\n"
        "func main() {\n\thttp.HandleFunc(\"/tasks\", views.ShowTasks)\n"
        "\thttp.ListenAndServe(\":8080\", nil)\n}\n"),
    "views/views.go": (
        "package views\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/u/tasks/db\"\n)\n\n"
        "func ShowTasks(w http.ResponseWriter, r *http.Request) {\n\tdb.GetTasks()\n}\n"),
    "db/db.go": (
        "package db\n\nimport \"database/sql\"\n\nvar database *sql.DB\n\n"
        "func GetTasks() {\n\tdatabase.Query(\"select id from task\")\n}\n"),
}


def test_gopath_tree_without_go_mod(tmp_path):
    root = write_tree(tmp_path, GOPATH)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    ep = eps[("ANY", "/tasks")]
    assert ep.handler["name"].endswith("ShowTasks"), ep.handler
    assert ep.data_sites, [c.name for c in ep.chain]
