"""SQL built from a function's parameters, judged on the whole tree: the parameters' types,
what every caller passes, and whether an endpoint reaches the query (branch h63)."""
from __future__ import annotations

from conftest import scan_go_module, scan, write_tree

GIN = "package main\n\nimport \"github.com/gin-gonic/gin\"\n\n"


def _sql(res):
    return {(f.file, f.line): f for f in res.findings if f.category == "sql-injection"}


# a migration helper: table and column names, from the code
MIGRATE = '''package main

import "xorm.io/xorm"

func renameTable(x *xorm.Engine, oldName, newName string) error {
	_, err := x.Exec("ALTER TABLE " + oldName + " RENAME TO " + newName)
	return err
}

func migrate(x *xorm.Engine) error {
	tables := []string{"lists", "teams"}
	for _, t := range tables {
		if err := renameTable(x, t, t+"_old"); err != nil {
			return err
		}
	}
	return renameTable(x, "users_list", "users_lists")
}
'''


def test_helper_whose_every_caller_passes_names_from_code_is_not_an_injection(tmp_path):
    main = GIN + ('import "xorm.io/xorm"\n\nfunc main() {\n\tvar x *xorm.Engine\n'
                  '\t_ = migrate(x)\n\tr := gin.Default()\n\tr.Run()\n}\n')
    _, res = scan_go_module(tmp_path, {"main.go": main, "migrate.go": MIGRATE})
    assert not _sql(res)


def test_same_helper_fed_from_a_route_stays_high(tmp_path):
    main = GIN + ('import "xorm.io/xorm"\n\nvar x *xorm.Engine\n\nfunc main() {\n'
                  '\t_ = migrate(x)\n\tr := gin.Default()\n\tr.POST("/rename", rename)\n\tr.Run()\n}\n\n'
                  'func rename(c *gin.Context) {\n\t_ = renameTable(x, c.Query("from"), "t")\n}\n')
    _, res = scan_go_module(tmp_path, {"main.go": main, "migrate.go": MIGRATE})
    got = _sql(res)
    assert ("migrate.go", 6) in got, got
    assert got[("migrate.go", 6)].severity in ("high", "critical")


FILTER = '''package main

type UserFilter struct {
	Name   string
	Limit  int
	Offset int
}
'''

STORE = '''package main

import (
	"database/sql"
	"fmt"
)

func limitOffset(limit, offset int) string {
	return fmt.Sprintf("LIMIT %d OFFSET %d", limit, offset)
}

func findUsers(db *sql.DB, filter UserFilter) (*sql.Rows, error) {
	return db.Query(`SELECT id FROM users WHERE 1 = 1 ` + limitOffset(filter.Limit, filter.Offset))
}

func findByName(db *sql.DB, filter UserFilter) (*sql.Rows, error) {
	return db.Query("SELECT id FROM users WHERE name = '" + filter.Name + "'")
}
'''


def test_int_fields_of_a_struct_declared_elsewhere_cannot_inject(tmp_path):
    main = GIN + ('import "database/sql"\n\nvar db *sql.DB\n\nfunc main() {\n'
                  '\tr := gin.Default()\n\tr.GET("/users", list)\n\tr.Run()\n}\n\n'
                  'func list(c *gin.Context) {\n\tvar f UserFilter\n\t_ = c.ShouldBindQuery(&f)\n'
                  '\t_, _ = findUsers(db, f)\n\t_, _ = findByName(db, f)\n}\n')
    _, res = scan_go_module(tmp_path, {"main.go": main, "filter.go": FILTER, "store.go": STORE})
    got = _sql(res)
    assert ("store.go", 13) not in got, got[("store.go", 13)].message
    # the look-alike: a string field of the same struct, bound from the request
    assert ("store.go", 17) in got and got[("store.go", 17)].severity in ("high", "critical")


def test_text_from_an_application_object_is_not_the_parameter_injecting(tmp_path):
    app = '''package main

import "database/sql"

type App struct{ db *sql.DB }

type Page struct{ Key string }

func (a *App) TableName(v interface{}) string { return "pages" }

func statHandler(app *App) func(key string) error {
	return func(key string) error {
		tb := app.TableName(&Page{})
		_, err := app.db.Query("SELECT * FROM "+tb+" WHERE key = ?", key)
		return err
	}
}
'''
    main = GIN + ('func main() {\n\tapp := &App{}\n\th := statHandler(app)\n\tr := gin.Default()\n'
                  '\tr.GET("/stat", func(c *gin.Context) { _ = h(c.Query("k")) })\n\tr.Run()\n}\n')
    _, res = scan_go_module(tmp_path, {"main.go": main, "app.go": app})
    assert ("app.go", 14) not in _sql(res)


def test_bound_values_after_the_query_text_are_not_sql(tmp_path):
    src = '''package main

import "gorm.io/gorm"

func cleanup(db *gorm.DB, table string) {
	sub := db.Select("genres.id").Joins("LEFT JOIN " + table + " ON x = y").Where("x IS NULL")
	db.Where("genres.id IN ?", sub).Delete(nil)
}

func byName(db *gorm.DB, name string) {
	db.Where("deleted_at IS NULL AND name = '" + name + "'").Find(nil)
}
'''
    root = write_tree(tmp_path, {"repo.go": src})
    got = _sql(scan(root))
    assert ("repo.go", 7) not in got
    assert ("repo.go", 11) in got  # the text of the query itself is still judged


def test_unreached_helper_with_unknown_callers_is_low_with_a_note(tmp_path):
    src = '''import sqlite3


def drop_table(conn, table):
    conn.execute("DROP TABLE " + table)
'''
    root = write_tree(tmp_path, {"tools/admin.py": src})
    got = _sql(scan(root))
    f = got[("tools/admin.py", 5)]
    assert f.severity in ("low", "info") and "reachable from no request" in f.message


def test_python_helper_called_with_constants_only_vs_from_a_route(tmp_path):
    repo = '''def count_rows(cur, table):
    cur.execute("SELECT COUNT(*) FROM " + table)
    return cur.fetchone()


def stats(cur):
    return {t: count_rows(cur, t) for t in ("users", "posts")}
'''
    app = '''from flask import Flask, request

from repo import count_rows, stats

app = Flask(__name__)


@app.route("/stats")
def all_stats():
    return stats(None)
'''
    root = write_tree(tmp_path / "a", {"repo.py": repo, "app.py": app})
    assert ("repo.py", 2) not in _sql(scan(root))
    lookalike = app + '''

@app.route("/count")
def one_count():
    return str(count_rows(None, request.args["table"]))
'''
    root = write_tree(tmp_path / "b", {"repo.py": repo, "app.py": lookalike})
    got = _sql(scan(root))
    assert ("repo.py", 2) in got and got[("repo.py", 2)].severity in ("high", "critical")


def test_struct_literal_keys_are_field_names_not_values(tmp_path):
    src = '''package main

import "database/sql"

type colToRename struct {
	table   string
	oldName string
}

func migrate(tx *sql.DB) {
	cols := []*colToRename{{table: "buckets", oldName: "list_id"}}
	for _, col := range cols {
		tx.Exec("ALTER TABLE " + col.table + " RENAME COLUMN " + col.oldName + " TO x")
	}
}

func rename(tx *sql.DB, name string) {
	cols := []*colToRename{{table: name, oldName: "list_id"}}
	for _, col := range cols {
		tx.Exec("ALTER TABLE " + col.table + " RENAME COLUMN " + col.oldName + " TO x")
	}
}
'''
    root = write_tree(tmp_path, {"m.go": src})
    got = _sql(scan(root))
    assert ("m.go", 13) not in got
    assert ("m.go", 20) in got and "name" in got[("m.go", 20)].message  # a value in the literal


def test_a_module_path_without_a_dot_is_the_trees_own_code(tmp_path):
    # `module vulnapi`: `vulnapi/models` is no standard-library package, so the handler's call
    # passes the request's id on to the query built in models
    files = {
        "go.mod": "module vulnapi\n\ngo 1.22\n",
        "main.go": ('package main\n\nimport (\n\t"net/http"\n\n\t"vulnapi/handlers"\n)\n\n'
                    'func main() {\n\thttp.HandleFunc("/search", handlers.Search)\n'
                    '\thttp.ListenAndServe(":8080", nil)\n}\n'),
        "handlers/h.go": ('package handlers\n\nimport (\n\t"context"\n\t"net/http"\n\n'
                          '\t"vulnapi/models"\n)\n\nfunc Search(w http.ResponseWriter, r *http.Request) {\n'
                          '\tid := r.URL.Query().Get("id")\n\t_, _ = models.Find(context.Background(), id)\n}\n'),
        "models/m.go": ('package models\n\nimport (\n\t"context"\n\t"database/sql"\n\t"fmt"\n)\n\n'
                        'var DB *sql.DB\n\nfunc Find(ctx context.Context, id string) (*sql.Rows, error) {\n'
                        '\tq := fmt.Sprintf("SELECT * FROM products WHERE id = \'%s\'", id)\n'
                        '\treturn DB.QueryContext(ctx, q)\n}\n'),
    }
    root = write_tree(tmp_path, files)
    got = _sql(scan(root))
    assert ("models/m.go", 13) in got and got[("models/m.go", 13)].severity in ("high", "critical")


def test_a_library_methods_result_is_not_a_constant(tmp_path):
    # `await request.post()` on a typed framework request: its result carries what the request
    # holds, so the helper's caller is not proven to pass a constant
    dao = '''class Student:
    @staticmethod
    async def create(conn, name: str):
        q = "INSERT INTO students (name) VALUES ('%(name)s')" % {"name": name}
        async with conn.cursor() as cur:
            await cur.execute(q)
'''
    views = '''from aiohttp.web import Request

from dao import Student


async def students(request: Request):
    data = await request.post()
    await Student.create(None, data["name"])
'''
    root = write_tree(tmp_path, {"dao.py": dao, "views.py": views})
    assert ("dao.py", 6) in _sql(scan(root))
