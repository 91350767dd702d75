"""Python call graph: a method called on a value nothing types (`g.project.remove_member(id)`
with `g.project` set by a request hook, or a parameter a decorator injects) runs the one class
of the tree that defines a method of that distinctive name, so the handler's trace reaches the
model method's queries. Not when two classes define it, not for a name library objects answer as
well (`to_dict`), not for a short name. Shape read in a Flask + Flask-SQLAlchemy backend
labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "requirements.txt": "flask\nflask-sqlalchemy\n",
    "app/__init__.py": "",
    "app/models.py": (
        "from flask_sqlalchemy import SQLAlchemy\n\n"
        "db = SQLAlchemy()\n\n"
        "class Person(db.Model):\n"
        "    id = db.Column(db.Integer, primary_key=True)\n\n"
        "class Project(db.Model):\n"
        "    id = db.Column(db.String, primary_key=True)\n\n"
        "    def remove_member(self, member_id):\n"
        "        person = Person.query.get(member_id)\n"
        "        db.session.delete(person)\n"
        "        db.session.commit()\n\n"
        "    def archive_bills(self):\n"
        "        db.session.commit()\n\n"
        "class Invoice(db.Model):\n"
        "    id = db.Column(db.Integer, primary_key=True)\n\n"
        "    def archive_bills(self):\n"
        "        db.session.commit()\n"),
    "app/web.py": (
        "from flask import Blueprint, g, jsonify\n"
        "from app.models import Project\n\n"
        "main = Blueprint('main', __name__)\n\n"
        "@main.url_value_preprocessor\n"
        "def pull_project(endpoint, values):\n"
        "    g.project = Project.query.get(values.pop('project_id', None))\n\n"
        "@main.route('/<project_id>/members/<int:member_id>/delete', methods=['POST'])\n"
        "def remove_member(member_id):\n"
        "    g.project.remove_member(member_id)\n"
        "    return jsonify(ok=True)\n\n"
        "@main.route('/<project_id>/archive', methods=['POST'])\n"
        "def archive():\n"
        "    g.project.archive_bills()\n"
        "    return jsonify(ok=True)\n"),
}


def test_untyped_receiver_reaches_the_only_method(tmp_path):
    root = write_tree(tmp_path, TREE)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    rm = next(e for (m, p), e in eps.items() if m == "POST" and p.endswith("/delete"))
    assert any(c.name.endswith("Project.remove_member") for c in rm.chain), \
        [c.name for c in rm.chain]
    assert rm.data_sites, "the model method's queries are the route's"
    # two classes define archive_bills: no guess
    ar = next(e for (m, p), e in eps.items() if m == "POST" and p.endswith("/archive"))
    assert not any("archive_bills" in c.name for c in ar.chain[1:]), [c.name for c in ar.chain]
