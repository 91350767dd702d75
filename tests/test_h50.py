"""h50: precision of the real-implementation rules on the newest field repositories (issue 18).

- stub-comment: a linter's suppression directive and the reason given with it (`//nolint:gosec //
  commands are hardcoded`) justifies a warning, it admits no stand-in; "hardcoded for now" still does.
- mock-data: a demo-mode branch that refuses by returning a Go error (`return errors.New(...)`)
  is a guard of a read-only demo, not fake data; a demo branch answering made-up rows still is.
- hardcoded-secret: an i18n message id (`message.no-match-password`) is not a password; a PEM
  `-----BEGIN ... PRIVATE KEY-----` line with no key body after it (armor around a key read from
  the configuration) is not a key; a whole PEM key and a real password still are.
- unused-filter-parameter: a method that only raises "not implemented" (rule example).
"""
from __future__ import annotations

from auditor.scan import ScanOptions, run_scan

GO_MAIN = 'package main\n\nimport (\n\t"context"\n\t"errors"\n\t"net/http"\n\t"os"\n\t"os/exec"\n)\n\ntype User struct{ Name string }\n\nfunc demoMode() bool { return os.Getenv("DEMO_MODE") == "1" }\n\nfunc deleteUser(u *User) error {\n\tif os.Getenv("DEMO_MODE") == "1" {\n\t\tif u.Name == "admin" {\n\t\t\treturn errors.New("cannot delete admin in DEMO_MODE")\n\t\t}\n\t}\n\treturn nil\n}\n\nfunc run(ctx context.Context, name string, args []string) error {\n\tcmd := exec.CommandContext(ctx, name, args...) //nolint:gosec // profile commands are hardcoded, args passed separately\n\treturn cmd.Run()\n}\n\nfunc score() int {\n\ttotal := 42 // hardcoded for now\n\treturn total\n}\n\nfunc listOrders() []string {\n\tif os.Getenv("DEMO_MODE") == "1" {\n\t\treturn []string{"demo order"}\n\t}\n\treturn nil\n}\n\nfunc handler(w http.ResponseWriter, r *http.Request) {\n\t_ = deleteUser(&User{Name: r.FormValue("name")})\n\t_ = run(r.Context(), "ffmpeg", []string{"-i", "x"})\n\t_ = score()\n\t_ = listOrders()\n\tw.WriteHeader(204)\n}\n\nfunc main() {\n\thttp.HandleFunc("/users", handler)\n\t_ = http.ListenAndServe(":8080", nil)\n}\n'

MESSAGES_TS = "export const messages = {\n  noMatchPassword: 'message.no-match-password',\n  incorrectUsernamePassword: 'message.incorrect-username-password',\n  adminPassword: 'Tr0ub4dor-x9Qz',\n};\n"

CRYPTO_GO = 'package crypto\n\nimport "encoding/pem"\n\ntype Config struct{ PrivateKey string }\n\nfunc Load(conf *Config) *pem.Block {\n\tpk := []byte("-----BEGIN RSA PRIVATE KEY-----\\n")\n\tpk = append(pk, conf.PrivateKey...)\n\tpk = append(pk, []byte("\\n-----END RSA PRIVATE KEY-----")...)\n\tb, _ := pem.Decode(pk)\n\treturn b\n}\n\nconst embedded = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\\n-----END RSA PRIVATE KEY-----"\n'


def _findings(root, rules):
    res = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result
    return sorted((f.rule_id, f.file, f.line) for f in res.findings if f.rule_id in rules)


def test_lint_directive_and_demo_guard_are_not_stand_ins(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/app\n\ngo 1.22\n")
    (tmp_path / "main.go").write_text(GO_MAIN)
    got = _findings(tmp_path, {"stub-comment", "mock-data"})
    # line 25: `//nolint:gosec // ... hardcoded ...`; line 16: DEMO_MODE branch that returns an error
    assert ("stub-comment", "main.go", 25) not in got, got
    assert ("mock-data", "main.go", 16) not in got, got
    # the look-alikes that are stand-ins stay reported
    assert ("stub-comment", "main.go", 30) in got, got
    assert ("mock-data", "main.go", 35) in got, got


def test_i18n_ids_and_pem_armor_are_not_secrets(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/s\n")
    (tmp_path / "messages.ts").write_text(MESSAGES_TS)
    (tmp_path / "crypto.go").write_text(CRYPTO_GO)
    got = _findings(tmp_path, {"hardcoded-secret"})
    assert got == [("hardcoded-secret", "crypto.go", 15), ("hardcoded-secret", "messages.ts", 4)], got


def test_knex_rows_array_members_are_not_queries():
    """knex returns native promises (no bluebird `.map` on the builder since 0.18): the awaited
    rows' `map` is an Array's; the builder's own members still reach the database."""
    from auditor.endpoints.data_access import DataAccess

    da = DataAccess({})
    assert da.match("typescript", "knex", ("default()", "select()", "where()", "map")) is None
    assert da.match("typescript", "knex", ("default", "where()", "map()", "filter")) is None
    assert da.match("typescript", "knex", ("default()", "select()", "where"))[0] == "sql"
    assert da.match("typescript", "knex", ("default()", "select()", "then"))[0] == "sql"


PROVIDER_PY = '''from fastapi import FastAPI, HTTPException

app = FastAPI()


class DomainAuthNotImplementedError(Exception):
    pass


class Provider:
    DOMAIN_AUTHENTICATION = False

    def create_domain(self, domain):
        return {"domain": domain}


class DomainService:
    def __init__(self, provider):
        self.provider = provider

    def authenticate(self, domain):
        if not self.provider.DOMAIN_AUTHENTICATION:
            raise DomainAuthNotImplementedError()
        return self.provider.create_domain(domain)

    def export(self, fmt):
        if fmt == "csv":
            raise NotImplementedError("csv export")
        return {"fmt": fmt}


service = DomainService(Provider())


@app.post("/domains/{domain}")
def authenticate(domain: str):
    try:
        return service.authenticate(domain)
    except DomainAuthNotImplementedError:
        raise HTTPException(status_code=400, detail="not available with this provider")


@app.get("/export")
def export(fmt: str):
    return service.export(fmt)
'''


def test_not_implemented_behind_a_capability_constant_is_a_switched_off_feature(tmp_path):
    (tmp_path / "app.py").write_text(PROVIDER_PY)
    got = _findings(tmp_path, {"not-implemented"})
    # line 23: the provider in use declares it lacks the capability; line 28: a missing branch
    assert got == [("not-implemented", "app.py", 28)], got


REDIRECT_PY = '''from fastapi import FastAPI, status
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get(
    "/profile",
    name="profile",
    include_in_schema=False,
)
async def profile():
    return RedirectResponse(
        url="//example.com", status_code=status.HTTP_302_FOUND
    )


@app.get(
    "/summary",
    name="summary",
    include_in_schema=False,
)
async def summary():
    return build_summary()


def build_summary():
    return {"total": 0}
'''


def test_a_handler_under_a_decorator_of_many_lines_is_the_route_s_function(tmp_path):
    """The graph names a decorated definition by its first decorator's line; the function's
    record starts at `def`, five lines below: the same definition (it ends on the same line), so
    the GET that only redirects is recognized; its look-alike that reads nothing is reported."""
    (tmp_path / "app.py").write_text(REDIRECT_PY)
    got = _findings(tmp_path, {"endpoint-without-data"})
    assert got == [("endpoint-without-data", "app.py", 18)], got


def test_static_by_design_paths():
    from auditor.checks.impl import is_static_path

    for p in ["/api/private/csrf/token", "/csrf-token",
              "/scim/v2/ServiceProviderConfig", "/scim/v2/ResourceTypes", "/scim/v2/Schemas/{id}"]:
        assert is_static_path(p), p
    for p in ["/scim/v2/Users", "/api/schemas", "/api/heartbeats/{id}/events", "/api/tokens"]:
        assert not is_static_path(p), p


DEPS_REPOSITORIES_PY = 'class get_repository:\n    def __init__(self, repository_class):\n        self.repository_class = repository_class\n\n    def __call__(self, session=None):\n        return self.repository_class(session)\n'

BOOKS_MAIN_PY = 'from fastapi import Depends, FastAPI\n\nfrom app.dependencies.repositories import get_repository\n\napp = FastAPI()\n\n\nclass BookRepository:\n    def __init__(self, session=None):\n        self.session = session\n\n    def all(self):\n        return self.session.execute("SELECT * FROM books").fetchall()\n\n    def delete(self, book_id):\n        return self.session.execute("DELETE FROM books WHERE id = %s", (book_id,))\n\n\nclass BookService:\n    def __init__(self, repo):\n        self.repo = repo\n\n    def list(self):\n        return self.repo.all()\n\n\nservice = BookService(BookRepository())\n\n\n@app.get("/books")\ndef books(repo: BookRepository = Depends(get_repository(BookRepository))):\n    return BookService(repo).list()\n\n\n@app.get("/books/count")\ndef count():\n    return len(service.list())\n\n\n@app.delete("/books/{book_id}")\ndef delete(book_id: int, repo: BookRepository = Depends(get_repository(BookRepository))):\n    return repo.delete(book_id)\n'


def test_a_callable_class_providing_a_repository_is_wiring(tmp_path):
    """FastAPI's callable-instance dependency `Depends(get_repository(BookRepository))` builds the
    repository the handler hands to its service: wiring, not a way to the data. The handler
    that calls the repository's `delete` itself is still reported."""
    pkg = tmp_path / "app"
    (pkg / "dependencies").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "dependencies" / "__init__.py").write_text("")
    (pkg / "dependencies" / "repositories.py").write_text(DEPS_REPOSITORIES_PY)
    (pkg / "main.py").write_text(BOOKS_MAIN_PY)
    got = _findings(tmp_path, {"handler-bypasses-service"})
    assert got == [("handler-bypasses-service", "app/main.py", 42)], got
