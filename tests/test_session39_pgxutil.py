"""jackc/pgxutil: functions given a `pgxutil.DB` (a pgx connection, pool or transaction) run
their statement on it (`pgxutil.InsertRowReturning(ctx, db, ...)`), and `db.QueryRow` on a
`pgxutil.DB` is pgx's. Both are data sites; a handler that formats a value is not. Shape read
in a chi + pgx backend labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "go.mod": ("module rd\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n"
               "\tgithub.com/jackc/pgx/v5 v5.5.5\n\tgithub.com/jackc/pgxutil v0.0.0\n)\n"),
    "data/user.go": (
        "package data\n\nimport (\n\t\"context\"\n\n\t\"github.com/jackc/pgx/v5\"\n"
        "\t\"github.com/jackc/pgxutil\"\n)\n\n"
        "func CreateUser(ctx context.Context, db pgxutil.DB, name string) (int32, error) {\n"
        "\treturn pgxutil.InsertRowReturning(ctx, db, pgx.Identifier{\"users\"},\n"
        "\t\tmap[string]any{\"name\": name}, \"id\", pgx.RowTo[int32])\n}\n\n"
        "func CountUsers(ctx context.Context, db pgxutil.DB) (n int64, err error) {\n"
        "\terr = db.QueryRow(ctx, \"select count(*) from users\").Scan(&n)\n\treturn\n}\n"),
    "main.go": (
        "package main\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n"
        "\t\"github.com/jackc/pgx/v5/pgxpool\"\n\n\t\"rd/data\"\n)\n\n"
        "var pool *pgxpool.Pool\n\n"
        "func create(w http.ResponseWriter, r *http.Request) {\n"
        "\tid, _ := data.CreateUser(r.Context(), pool, r.FormValue(\"name\"))\n"
        "\tfmt.Fprint(w, id)\n}\n\n"
        "func count(w http.ResponseWriter, r *http.Request) {\n"
        "\tn, _ := data.CountUsers(r.Context(), pool)\n\tfmt.Fprint(w, n)\n}\n\n"
        "func hello(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, \"hi\") }\n\n"
        "func main() {\n\tr := chi.NewRouter()\n\tr.Post(\"/users\", create)\n"
        "\tr.Get(\"/users/count\", count)\n\tr.Get(\"/hello\", hello)\n"
        "\thttp.ListenAndServe(\":8080\", r)\n}\n"),
}


def test_pgxutil_calls_are_data_sites(tmp_path):
    res = scan(write_tree(tmp_path, TREE))
    by = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    assert any(d["line"] == 11 for d in by[("POST", "/users")].data_sites), \
        by[("POST", "/users")].data_sites
    assert any(d["line"] == 16 for d in by[("GET", "/users/count")].data_sites), \
        by[("GET", "/users/count")].data_sites
    assert not by[("GET", "/hello")].data_sites
