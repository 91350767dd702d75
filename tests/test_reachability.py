"""Findings in Go code no entry point reaches (a middleware whose wiring is commented out,
bootstrap code nothing calls) are marked `reachable: false`, one severity lower, and do not fail
the checklist's production items; a library (no main) is never judged."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module example.com/app\n\ngo 1.22\n"
MAIN = '''package main

import (
	"database/sql"

	"github.com/gofiber/fiber/v2"
)

var db *sql.DB

func main() {
	app := fiber.New()
	app.Get("/users", listUsers)
	// app.Use(tracking())
	_ = app.Listen(":8080")
}

func listUsers(c *fiber.Ctx) error {
	rows, err := db.Query("SELECT id FROM users WHERE name = '" + c.Query("name") + "'")
	if err != nil {
		return err
	}
	defer rows.Close()
	return c.SendStatus(200)
}
'''
DEAD = '''package main

import (
	"github.com/gofiber/fiber/v2"
	"github.com/golang-jwt/jwt/v5"
)

func tracking() fiber.Handler {
	return func(c *fiber.Ctx) error {
		token, _, err := jwt.NewParser().ParseUnverified(c.Get("Authorization"), jwt.MapClaims{})
		if err == nil {
			c.Locals("claims", token.Claims)
		}
		return c.Next()
	}
}

func bootstrap() {
	// TODO: seed the admin account from the environment
}
'''


def test_dead_go_code_is_marked_and_lowered(tmp_path):
    root = write_tree(tmp_path / "svc", {"go.mod": GO_MOD, "main.go": MAIN, "dead.go": DEAD})
    res = scan(root)
    by = {(f.rule_id, f.file): f for f in res.findings}
    jwt = by[("jwt-verification", "dead.go")]
    assert jwt.reachable is False and "no entry point reaches" in jwt.message
    assert jwt.severity in ("medium", "low", "info")
    live = by[("sql-injection", "main.go")]
    assert live.reachable is True and live.severity == "critical"  # on an open route
    todo = by.get(("todo", "dead.go"))
    assert todo is not None and todo.reachable is False
    gen = {c.id: c for c in res.checklist}
    cr = gen.get("GEN-L5-CR-02")
    assert cr is None or not any(e.get("file") == "dead.go" for e in cr.evidence)


def test_a_library_without_main_is_never_judged(tmp_path):
    lib = DEAD.replace("package main", "package tracking")
    root = write_tree(tmp_path / "lib", {"go.mod": GO_MOD, "tracking.go": lib})
    res = scan(root)
    assert res.findings and all(f.reachable for f in res.findings)


PY_APP = {
    "app/__init__.py": "",
    "app/main.py": "from flask import Flask, request\nfrom app.helpers import clean\n\n"
                   "app = Flask(__name__)\n\n\n@app.get('/items')\ndef items():\n"
                   "    return {'q': clean(request.args['q'])}\n",
    "app/helpers.py": "def clean(v):\n    return v.strip()\n",
    # a validator module only the tests exercise: the app never loads it
    "app/security.py": "def check_key(given, expected):\n"
                       "    return given == expected  # a timing-unsafe compare\n\n\n"
                       "API_KEY = 'sk_live_51HxQ2KJ3kP0aBcDeFgHiJkLmN'\n",
    "tests/test_security.py": "from app.security import check_key\nfrom app.helpers import clean\n\n\n"
                              "def test_key():\n    assert check_key('a', 'a')\n",
}


def test_a_python_module_only_tests_import_is_not_live(tmp_path):
    """Findings in a module that tests import and the app never does are marked
    `reachable: false` and lowered; a module the app imports stays live."""
    res = scan(write_tree(tmp_path / "py", PY_APP))
    in_security = [f for f in res.findings if f.file == "app/security.py"]
    assert in_security and all(f.reachable is False for f in in_security), in_security
    assert all(f.reachable for f in res.findings if f.file != "app/security.py")
    from auditor.scan.reach import python_test_only  # noqa: F401 - the helper exists
    live = dict(PY_APP, **{"app/main.py": PY_APP["app/main.py"].replace(
        "from app.helpers import clean", "from app.helpers import clean\nfrom app import security")})
    res2 = scan(write_tree(tmp_path / "py2", live))
    assert all(f.reachable for f in res2.findings)


GO_IFACE = {
    "go.mod": "module example.com/flags\n\ngo 1.22\n",
    "api/routes.go": "package api\n\nimport \"github.com/labstack/echo/v4\"\n\n"
                     "type Controller interface {\n\tHandler(c echo.Context) error\n}\n\n"
                     "func Routes(e *echo.Echo, cAll Controller, cOne Controller) {\n"
                     "\te.POST(\"/v1/allflags\", cAll.Handler)\n"
                     "\te.POST(\"/v1/flag\", cOne.Handler)\n}\n",
    "handler/all.go": "package handler\n\nimport \"github.com/labstack/echo/v4\"\n\n"
                      "type AllFlags struct{}\n\nfunc (h AllFlags) Handler(c echo.Context) error "
                      "{\n\treturn c.JSON(200, nil)\n}\n",
    "handler/one.go": "package handler\n\nimport \"github.com/labstack/echo/v4\"\n\n"
                      "type OneFlag struct{}\n\nfunc (h OneFlag) Handler(c echo.Context) error "
                      "{\n\treturn c.JSON(200, nil)\n}\n",
    "cmd/proxy/main.go": "package main\n\nimport (\n\t\"github.com/labstack/echo/v4\"\n"
                         "\t\"example.com/flags/api\"\n\t\"example.com/flags/handler\"\n)\n\n"
                         "func main() {\n\te := echo.New()\n"
                         "\tapi.Routes(e, handler.AllFlags{}, handler.OneFlag{})\n\te.Start(\":1\")\n}\n",
    # another program of the module: its type is never the dynamic type in the proxy's api
    "cmd/lambda/main.go": "package main\n\nimport \"github.com/labstack/echo/v4\"\n\n"
                          "type lambdaHandler struct{}\n\n"
                          "func (l lambdaHandler) Handler(c echo.Context) error {\n\treturn nil\n}\n\n"
                          "func main() {}\n",
}


def test_an_interface_handler_with_several_implementations_is_not_guessed(tmp_path):
    """`cAll.Handler` of an interface two types implement names no single function: the
    route stays, its handler is not traced into a guess (least of all into another binary)."""
    res = scan(write_tree(tmp_path / "flags", GO_IFACE))
    eps = {e.path: e for e in res.endpoints if not e.implicit}
    assert set(eps) >= {"/v1/allflags", "/v1/flag"}, eps
    for path in ("/v1/allflags", "/v1/flag"):
        assert "lambda" not in (eps[path].handler.get("file") or ""), eps[path].handler
    # a guess by name would trace both routes into the one implementation with the shortest name
    assert not eps["/v1/allflags"].handler["name"].endswith("OneFlag.Handler"), \
        eps["/v1/allflags"].handler


RUNNER = '''package main

import (
	"database/sql"
	"os"
	"path/filepath"
)

func migrate(db *sql.DB, files []string) error {
	for _, f := range files {
		content, err := os.ReadFile(filepath.Join("migrations", f))
		if err != nil {
			return err
		}
		if _, err := db.Exec(string(content)); err != nil {
			return err
		}
	}
	return nil
}

func main() { _ = migrate(nil, nil) }
'''
SEED = ("INSERT INTO users (email, password_hash) VALUES ('admin@example.com', "
        "crypt('Sup3rS3cretAdm1n!', gen_salt('bf')));\n")


def test_sql_in_a_folder_nothing_names_is_not_applied(tmp_path):
    """The runner reads `migrations` relative to its module: backend/migrations is applied; a
    stray copy inside the web app, which nothing names, is not (marked, one level lower)."""
    root = write_tree(tmp_path / "repo", {
        "backend/go.mod": GO_MOD, "backend/main.go": RUNNER,
        "backend/migrations/001_seed.sql": SEED,
        "web/package.json": '{"name": "web"}', "web/backend/migrations/001_seed.sql": SEED})
    res = scan(root)
    seeds = {f.file: f for f in res.findings if f.rule_id == "hardcoded-secret"
             and f.file.endswith(".sql")}
    live, stray = seeds["backend/migrations/001_seed.sql"], seeds["web/backend/migrations/001_seed.sql"]
    assert live.reachable is True
    assert stray.reachable is False and "no program, image or script" in stray.message
    assert ["critical", "high", "medium", "low", "info"].index(stray.severity) == \
        ["critical", "high", "medium", "low", "info"].index(live.severity) + 1


def test_sql_folders_chosen_by_a_variable_or_named_nowhere_stay_applied(tmp_path):
    """`"db/db_" + dialect + "/migrations"`: a test names db/db_sqlite3/migrations, the
    MySQL folder of the same shape is applied too; a tree that names no SQL folder at all
    applies its SQL from outside (nothing is marked)."""
    named = RUNNER.replace('filepath.Join("migrations", f)',
                           'filepath.Join("db/db_sqlite3/migrations", f)')
    root = write_tree(tmp_path / "dyn", {
        "go.mod": GO_MOD, "main.go": named, "db/db_sqlite3/migrations/001.sql": SEED,
        "db/db_mysql/migrations/001.sql": SEED})
    res = scan(root)
    assert all(f.reachable for f in res.findings if f.file.endswith(".sql"))
    root = write_tree(tmp_path / "none", {"go.mod": GO_MOD, "main.go": MAIN,
                                          "sql/001.sql": SEED, "other/002.sql": SEED})
    res = scan(root)
    sql = [f for f in res.findings if f.file.endswith(".sql")]
    assert sql and all(f.reachable for f in sql)
