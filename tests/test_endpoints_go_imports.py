"""Go route registration reached through the names a file imports packages by, as the Go spec
defines them: an explicit import name (`h "mod/server/handler"`), the imported package's own
package clause when there is none, `.` (the package's names in the file's scope) and `_` (no
name at all)."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module example.com/svc\n\ngo 1.22\n"


def _routes(tmp_path, files: dict[str, str]) -> set[tuple[str, str]]:
    root = write_tree(tmp_path / "svc", {"go.mod": GO_MOD, **files})
    res = scan(root)
    return {(e.method, e.path) for e in res.endpoints if not e.implicit and e.method != "HEAD"}


def _register(pkg: str, path: str) -> str:
    return f'''package {pkg}

import "github.com/gofiber/fiber/v2"

func CommentCreate(app *fiber.App, r fiber.Router) {{
	r.Post("{path}", create)
}}

func create(c *fiber.Ctx) error {{ return c.SendString("x") }}
'''


def test_explicit_import_name_picks_the_package(tmp_path):
    """`h.CommentCreate(app, api)` with `h` naming server/handler: the route gets api's prefix.
    Look-alike: another package whose directory is called `h` has a function of the same name;
    it is not the one called (nothing calls it, so it is listed without a prefix)."""
    got = _routes(tmp_path, {
        "server/handler/comment.go": _register("handler", "/comments"),
        "other/h/comment.go": _register("h", "/decoy"),
        "server/server.go": '''package server

import (
	"github.com/gofiber/fiber/v2"
	h "example.com/svc/server/handler"
)

func Serve() {
	app := fiber.New()
	api := app.Group("/api/v2")
	h.CommentCreate(app, api)
}
'''})
    assert ("POST", "/api/v2/comments") in got
    assert ("POST", "/comments") not in got
    assert ("POST", "/api/v2/decoy") not in got


def test_package_clause_and_dot_import(tmp_path):
    """Without an explicit name a package is known by its package clause (`routes`, in directory
    `http/v1`); a dot import calls its functions unqualified; a blank import binds no name."""
    got = _routes(tmp_path, {
        "http/v1/reg.go": _register("routes", "/a"),
        "dot/reg.go": _register("dotted", "/b").replace("CommentCreate", "DotCreate"),
        "blank/reg.go": _register("blank", "/c").replace("CommentCreate", "BlankCreate")
        .replace("create", "blankCreate"),
        "main.go": '''package main

import (
	"github.com/gofiber/fiber/v2"
	"example.com/svc/http/v1"
	. "example.com/svc/dot"
	_ "example.com/svc/blank"
)

func main() {
	app := fiber.New()
	api := app.Group("/api")
	routes.CommentCreate(app, api)
	DotCreate(app, api.Group("/d"))
	_ = api
}
'''})
    assert {("POST", "/api/a"), ("POST", "/api/d/b")} <= got
    assert ("POST", "/c") in got  # registered, but nobody calls BlankCreate with a router
