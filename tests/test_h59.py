"""h59 (issue 18): handler-bypasses-service per area and resource; mock-data parameter defaults.

mock-data: a mock-named record literal that is only the default value of a parameter or of a
destructured property (`function Weather({ weatherAtLocation = SAMPLE })`, `def f(rows=SAMPLE)`)
stands in when a caller passes nothing (a preview, a story); the callers pass the data, so it is
not what requests are answered with. The same literal returned or rendered is still reported.
"""
from __future__ import annotations

from auditor.scan import ScanOptions, run_scan


def _findings(root, rules):
    res = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result
    return sorted((f.rule_id, f.file, f.line) for f in res.findings if f.rule_id in rules)


WEATHER_TSX = '''const SAMPLE = {
  current: { time: "2024-10-07T19:30", temperature_2m: 29.3 },
  hourly: { time: ["2024-10-07T00:00"], temperature_2m: [36.6] },
};

export function Weather({
  weatherAtLocation = SAMPLE,
}: {
  weatherAtLocation?: typeof SAMPLE;
}) {
  return <div>{weatherAtLocation.current.temperature_2m}</div>;
}
'''

WEATHER_USED_TSX = '''const SAMPLE = {
  current: { time: "2024-10-07T19:30", temperature_2m: 29.3 },
  hourly: { time: ["2024-10-07T00:00"], temperature_2m: [36.6] },
};

export function Weather({ weatherAtLocation }: { weatherAtLocation?: typeof SAMPLE }) {
  const data = SAMPLE;
  return <div>{data.current.temperature_2m}</div>;
}
'''

MOCK_DEFAULT_PY = '''MOCK_ORDERS = [{"id": 1, "total": 10.0}, {"id": 2, "total": 12.5}]


def render_orders(orders=MOCK_ORDERS):
    return [o["id"] for o in orders]


def list_orders():
    return MOCK_ORDERS
'''


def test_mock_literal_as_parameter_default_is_not_a_use(tmp_path):
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "weather.tsx").write_text(WEATHER_TSX)
    assert _findings(tmp_path, {"mock-data"}) == []


def test_mock_literal_read_in_the_body_is_reported(tmp_path):
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "weather.tsx").write_text(WEATHER_USED_TSX)
    assert _findings(tmp_path, {"mock-data"}) == [("mock-data", "components/weather.tsx", 7)]


def test_python_default_quiet_return_reported(tmp_path):
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders" / "service.py").write_text(MOCK_DEFAULT_PY)
    # the default of render_orders (line 4) is no use; list_orders' return (line 9) is
    assert _findings(tmp_path, {"mock-data"}) == [("mock-data", "orders/service.py", 9)]


# handler-bypasses-service: per area and per resource.
USERS_REPO_PY = '''class UserRepository:
    def __init__(self, db=None):
        self.db = db

    def get(self, user_id):
        return self.db.execute("SELECT * FROM users WHERE id = %s", (user_id,)).fetchone()

    def all(self):
        return self.db.execute("SELECT * FROM users").fetchall()

    def delete(self, user_id):
        return self.db.execute("DELETE FROM users WHERE id = %s", (user_id,))

    def rename(self, user_id, name):
        return self.db.execute("UPDATE users SET name = %s WHERE id = %s", (name, user_id))
'''

KEYS_REPO_PY = '''class KeyRepository:
    def __init__(self, db=None):
        self.db = db

    def current(self):
        return self.db.execute("SELECT * FROM keys ORDER BY id DESC").fetchone()

    def all(self):
        return self.db.execute("SELECT * FROM keys").fetchall()
'''

KEYS_SERVICE_PY = '''from app.persistence.keys import KeyRepository


class KeyService:
    def __init__(self):
        self.repo = KeyRepository()

    def current(self):
        return self.repo.current()

    def all(self):
        return self.repo.all()
'''

USERS_SERVICE_PY = '''from app.persistence.users import UserRepository


class UserService:
    def __init__(self):
        self.repo = UserRepository()

    def profile(self, user_id):
        return self.repo.get(user_id)
'''

KEYS_API_PY = '''from fastapi import FastAPI

from app.services.keys import KeyService

app = FastAPI()
keys = KeyService()


@app.get("/keys")
def list_keys():
    return keys.all()


@app.get("/keys/current")
def current_key():
    return keys.current()


@app.get("/keys/jwks")
def jwks():
    return {"keys": keys.all()}


@app.get("/keys/latest")
def latest():
    return keys.current()


@app.get("/keys/count")
def count():
    return len(keys.all())
'''

PROFILE_API_PY = '''from fastapi import FastAPI

from app.services.users import UserService

app = FastAPI()
users = UserService()


@app.get("/profile/{user_id}")
def profile(user_id: int):
    return users.profile(user_id)
'''

ADMIN_HANDLERS_PY = '''from fastapi import FastAPI

from app.persistence.users import UserRepository

app = FastAPI()
repo = UserRepository()


@app.get("/admin/users")
def users():
    return repo.all()


@app.get("/admin/users/{user_id}")
def user(user_id: int):
    return repo.get(user_id)


@app.delete("/admin/users/{user_id}")
def delete_user(user_id: int):
    return repo.delete(user_id)


@app.put("/admin/users/{user_id}")
def rename_user(user_id: int, name: str):
    return repo.rename(user_id, name)
'''


def _layered(tmp_path, with_user_service: bool):
    files = {
        "app/__init__.py": "",
        "app/persistence/__init__.py": "",
        "app/persistence/users.py": USERS_REPO_PY,
        "app/persistence/keys.py": KEYS_REPO_PY,
        "app/services/__init__.py": "",
        "app/services/keys.py": KEYS_SERVICE_PY,
        "app/api/__init__.py": "",
        "app/api/keys.py": KEYS_API_PY,
        "app/handlers/__init__.py": "",
        "app/handlers/admin.py": ADMIN_HANDLERS_PY,
    }
    if with_user_service:
        files["app/services/users.py"] = USERS_SERVICE_PY
        files["app/api/profile.py"] = PROFILE_API_PY
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return _findings(tmp_path, {"handler-bypasses-service"})


def test_an_area_reading_its_store_by_design_is_no_bypass(tmp_path):
    """The admin handlers read the user repository themselves (four of four in their package),
    and no service anywhere owns the users: the keys' service elsewhere is no layer for them."""
    assert _layered(tmp_path, with_user_service=False) == []


def test_a_resource_a_service_owns_elsewhere_is_bypassed(tmp_path):
    """The look-alike: a UserService on another endpoint reads the same repository, so the admin
    handlers reaching UserRepository themselves go around it."""
    got = _layered(tmp_path, with_user_service=True)
    assert [(f, ln) for _r, f, ln in got] == [("app/handlers/admin.py", 11), ("app/handlers/admin.py", 16),
                                              ("app/handlers/admin.py", 21), ("app/handlers/admin.py", 26)], got


def test_no_endpoint_through_a_service_means_nothing_to_bypass(tmp_path):
    """Handlers calling a helper named like a service that reads nothing (only the service
    name matches) while every data access is the handlers' own: no service layer for data."""
    from auditor.checks.rules.handler_bypasses_service import _served_area

    assert not _served_area(0, 35, 0, 39)  # a persister package: 35 direct, none through
    assert _served_area(18, 35, 60, 50)  # one in three through a service: a layer is bypassed
    assert _served_area(0, 3, 52, 11)  # a small area (a generic action): the codebase decides
    assert not _served_area(0, 3, 0, 7)


# mock-data: a demo-mode branch that answers nothing (a limit, a log line, an error helper and a
# bare return) is no fake data; one that returns rows still is.
DEMO_GO = '''package server

import (
\t"net/http"
\t"os"
)

var DemoMode = os.Getenv("DEMO_MODE") == "1"
var MaxMessages = 5000

func httpError(w http.ResponseWriter, msg string) { http.Error(w, msg, 400) }

func configure() {
\tif DemoMode {
\t\tMaxMessages = 1000
\t}
}

func send(w http.ResponseWriter, r *http.Request) {
\tif DemoMode {
\t\thttpError(w, "this functionality has been disabled for demonstration purposes")
\t\treturn
\t}
\tw.WriteHeader(202)
}

func listOrders() []string {
\tif DemoMode {
\t\treturn []string{"demo order"}
\t}
\treturn nil
}

func orders(w http.ResponseWriter, r *http.Request) {
\t_ = listOrders()
\tw.WriteHeader(200)
}

func main() {
\tconfigure()
\thttp.HandleFunc("/send", send)
\thttp.HandleFunc("/orders", orders)
\t_ = http.ListenAndServe(":8080", nil)
}
'''


def test_demo_branch_that_answers_nothing_is_not_mock_data(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/app\n\ngo 1.22\n")
    (tmp_path / "main.go").write_text(DEMO_GO)
    got = _findings(tmp_path, {"mock-data"})
    # line 14: a limit; line 20: an error helper and a bare return; line 28 returns a demo row
    assert got == [("mock-data", "main.go", 28)], got


# handler-bypasses-service: an authorization object's lookup (CASL's ability factory loading the
# user's roles) is the permission check's, not the handler's way to its data.
ABILITY_APP_PY = '''from fastapi import FastAPI

app = FastAPI()


class SpaceMemberRepository:
    def __init__(self, db=None):
        self.db = db

    def roles(self, user_id, space_id):
        return self.db.execute("SELECT role FROM members WHERE u = %s AND s = %s", (user_id, space_id)).fetchall()


class PageRepository:
    def __init__(self, db=None):
        self.db = db

    def all(self, space_id):
        return self.db.execute("SELECT * FROM pages WHERE s = %s", (space_id,)).fetchall()


class PageService:
    def __init__(self):
        self.repo = PageRepository()

    def list(self, space_id):
        return self.repo.all(space_id)


class SpaceAbilityFactory:
    def __init__(self):
        self.members = SpaceMemberRepository()

    def create_for_user(self, user_id, space_id):
        return set(self.members.roles(user_id, space_id))


class SpaceLoader:
    def __init__(self):
        self.members = SpaceMemberRepository()

    def load_for_user(self, user_id, space_id):
        return self.members.roles(user_id, space_id)


abilities = SpaceAbilityFactory()
loader = SpaceLoader()
pages = PageService()


@app.get("/spaces/{space_id}/pages")
def list_pages(space_id: int, user_id: int):
    if "read" not in abilities.create_for_user(user_id, space_id):
        raise PermissionError()
    return pages.list(space_id)


@app.get("/spaces/{space_id}/roles")
def my_roles(space_id: int, user_id: int):
    return loader.load_for_user(user_id, space_id)


@app.get("/spaces/{space_id}/count")
def count(space_id: int):
    return len(pages.list(space_id))
'''


def test_an_ability_factory_lookup_is_authorization(tmp_path):
    (tmp_path / "app.py").write_text(ABILITY_APP_PY)
    got = _findings(tmp_path, {"handler-bypasses-service"})
    # the roles loaded by a plain helper (line 58) are the handler's data; the ability's are not
    assert got == [("handler-bypasses-service", "app.py", 58)], got


def test_what_a_demo_branch_answers():
    from auditor.index.signals import _ANSWERS

    assert _ANSWERS.search('{\n  return [{ id: 1 }];\n}')
    assert _ANSWERS.search("{ res.json(DEMO_ROWS) }")
    assert _ANSWERS.search("{\n  return { ...user, isEmailVerified: true };\n}")
    assert not _ANSWERS.search("{\n  return null;\n}")  # a component hiding itself
    assert not _ANSWERS.search('{\n\thttpError(w, "disabled for demonstration purposes")\n\treturn\n}')
    assert not _ANSWERS.search("{ if (beatInterval < 20) { beatInterval = 20; } }")
