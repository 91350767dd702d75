"""handler-bypasses-service: a decorator that runs a handler's work in a transaction
(`@managed_tx_function` opening `default_session_factory()`, committing and retrying) and the
session factory it opens are wiring, not a way around the service: what the wrapped function
calls decides. A handler reading the repository itself, in a codebase whose other handlers go
through the service, is still reported. Shape read in a FastAPI + SQLModel backend labelled
before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "requirements.txt": "fastapi==0.110.0\nsqlmodel==0.0.16\n",
    "app/__init__.py": "",
    "app/utils/__init__.py": "",
    "app/utils/database_utils.py": (
        "from functools import wraps\n\n"
        "from sqlmodel import Session, create_engine\n\n"
        "engine = create_engine('sqlite://')\n\n\n"
        "def default_session_factory():\n"
        "    return Session(engine)\n\n\n"
        "def managed_tx_function(f):\n"
        "    @wraps(f)\n"
        "    def wrapped(*args, **kwargs):\n"
        "        with default_session_factory() as session:\n"
        "            result = f(session, *args, **kwargs)\n"
        "            session.commit()\n"
        "            return result\n"
        "    return wrapped\n"),
    "app/repositories/__init__.py": "",
    "app/repositories/users.py": (
        "from sqlmodel import Session, select, text\n\n\n"
        "class UserRepository:\n"
        "    def __init__(self, session: Session):\n"
        "        self.session = session\n\n"
        "    def all(self):\n"
        "        return self.session.exec(text('SELECT * FROM users')).all()\n\n"
        "    def get(self, user_id: int):\n"
        "        return self.session.exec(text('SELECT * FROM users WHERE id = :i'), params={'i': user_id}).first()\n\n"
        "    def touch(self, user_id: int):\n"
        "        return self.session.exec(text('UPDATE users SET seen = 1 WHERE id = :i'), params={'i': user_id})\n"),
    "app/services/__init__.py": "",
    "app/services/users.py": (
        "from app.repositories.users import UserRepository\n\n\n"
        "class UserService:\n"
        "    def __init__(self, session):\n"
        "        self.repo = UserRepository(session)\n\n"
        "    def list(self):\n"
        "        return self.repo.all()\n\n"
        "    def touch(self, user_id: int):\n"
        "        return self.repo.touch(user_id)\n"),
    "app/api/__init__.py": "",
    "app/api/users.py": (
        "from fastapi import FastAPI\n\n"
        "from app.repositories.users import UserRepository\n"
        "from app.services.users import UserService\n"
        "from app.utils.database_utils import default_session_factory, managed_tx_function\n\n"
        "app = FastAPI()\n\n\n"
        "@app.get('/users')\n"
        "def list_users():\n"
        "    return UserService(default_session_factory()).list()\n\n\n"
        "@app.post('/users/{user_id}/touch')\n"
        "def touch_user(user_id: int):\n"
        "    @managed_tx_function\n"
        "    def tx(session):\n"
        "        return UserService(session).touch(user_id)\n"
        "    return tx()\n\n\n"
        "@app.get('/users/{user_id}')\n"
        "def get_user(user_id: int):\n"
        "    return UserRepository(default_session_factory()).get(user_id)\n"),
}


def test_a_transaction_wrapper_is_no_bypass(tmp_path):
    res = scan(write_tree(tmp_path, TREE))
    fired = sorted(f.endpoints[0] for f in res.findings if f.rule_id == "handler-bypasses-service")
    assert fired == ["GET /users/{user_id}"], fired
