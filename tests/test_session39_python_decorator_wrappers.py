"""Python: a user decorator whose closure calls the function it wraps (`@managed_tx` around
thirty repository methods) is one function for every decorated method. Calling a decorated
method reaches that method (and the wrapper's own work), not every other method the decorator
wraps: a handler's chain lists what it calls, so its layers and data are its own. Shape read
in a FastAPI backend whose repositories are wrapped in a transaction-retry decorator."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "requirements.txt": "fastapi==0.110\nsqlalchemy==2.0\n",
    "app/__init__.py": "",
    "app/tx.py": (
        "from functools import wraps\n\n\n"
        "def managed_tx(retries=3):\n"
        "    def decorator(f):\n"
        "        @wraps(f)\n"
        "        def wrapped_f(self, *args, **kwargs):\n"
        "            for _ in range(retries):\n"
        "                result = f(self, *args, **kwargs)\n"
        "                self.db.commit()\n"
        "                return result\n"
        "        return wrapped_f\n"
        "    return decorator\n"),
    "app/repo.py": (
        "from sqlalchemy import text\n\nfrom app.tx import managed_tx\n\n\n"
        "class ItemRepository:\n"
        "    def __init__(self, db):\n        self.db = db\n\n"
        "    @managed_tx()\n"
        "    def label(self, name):\n        return name.title()\n\n"
        "    @managed_tx()\n"
        "    def purge(self):\n"
        "        self.db.execute(text('DELETE FROM items'))\n\n"
        "    @managed_tx()\n"
        "    def archive(self):\n"
        "        self.db.execute(text('UPDATE items SET archived = true'))\n"),
    "app/main.py": (
        "from fastapi import FastAPI\n\nfrom app.repo import ItemRepository\n\n"
        "app = FastAPI()\n\n\n"
        "def get_db():\n    return None\n\n\n"
        "@app.get('/label/{name}')\n"
        "def label(name: str):\n"
        "    return {'label': ItemRepository(get_db()).label(name)}\n\n\n"
        "@app.delete('/items')\n"
        "def purge():\n"
        "    ItemRepository(get_db()).purge()\n    return {}\n"),
}


def test_decorated_method_reaches_itself_not_its_siblings(tmp_path):
    res = scan(write_tree(tmp_path, TREE))
    chains = {(e.method, e.path): {step.name.rsplit(".", 1)[-1] for step in e.chain}
              for e in res.endpoints if not e.implicit}
    label = chains[("GET", "/label/{name}")]
    assert "label" in label and "wrapped_f" in label, sorted(label)
    assert not {"purge", "archive"} & label, sorted(label)
    purge = chains[("DELETE", "/items")]
    assert "purge" in purge and "archive" not in purge, sorted(purge)
