"""net/http: a ServeMux held in a package variable declared in a `var (...)` block and filled in
`init()` with Go 1.22 patterns that carry their method (`mux.HandleFunc("GET /random", h)`):
each pattern is a route, as a plain path on the same mux is. A client call that looks alike
(`http.Get("GET /x")` is no registration; `client.Do`) registers nothing. Shape read in a
net/http + database/sql backend labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

MAIN = (
    "package main\n\nimport \"net/http\"\n\n"
    "var (\n\tmux = http.NewServeMux()\n\tcount int\n)\n\n"
    "func getRandom(w http.ResponseWriter, r *http.Request) {}\n\n"
    "func init() {\n"
    "\tmux.HandleFunc(\"/\", getRandom)\n"
    "\tmux.HandleFunc(\"GET /random\", getRandom)\n"
    "\tmux.HandleFunc(\"POST /save-link\", getRandom)\n"
    "\tmux.HandleFunc(\"GET /tag/{name}\", getRandom)\n"
    "\thttp.Get(\"http://example.com/x\")\n"
    "}\n\n"
    "func main() { http.ListenAndServe(\":8080\", mux) }\n")


def test_method_patterns_on_a_package_mux(tmp_path):
    root = write_tree(tmp_path, {"go.mod": "module x\n\ngo 1.24.13\n", "main.go": MAIN})
    got = {(e.method, e.path) for e in scan(root).endpoints if not e.implicit}
    want = {("ANY", "/"), ("GET", "/random"), ("POST", "/save-link"), ("GET", "/tag/{name}")}
    assert want <= got, f"missed {sorted(want - got)}"
    assert len(got - want) == 0 or all(m == "HEAD" for m, _p in got - want), sorted(got - want)


LOGS = (
    "package images\n\nimport (\n\t\"context\"\n\t\"net/http\"\n\n\t\"x/logger\"\n)\n\n"
    "func Fetch(ctx context.Context, c *http.Client) error {\n"
    "\tl := logger.FromContext(ctx)\n"
    "\tresp, err := c.Get(\"http://example.com/x\")\n"
    "\tl.Debug().Any(\"subsonic_response\", resp).Msg(\"\")\n"
    "\treturn err\n}\n")


def test_a_logger_call_named_like_a_route_method_is_no_route(tmp_path):
    # zerolog's Event.Any(key, value) on a logger local: a pattern without a slash
    root = write_tree(tmp_path, {"go.mod": "module x\n\ngo 1.22\n", "images/fetch.go": LOGS,
                                 "main.go": MAIN})
    got = {(e.method, e.path) for e in scan(root).endpoints if not e.implicit}
    assert not any("subsonic" in p for _m, p in got), sorted(got)


GIN = (
    "package routes\n\nimport \"github.com/gin-gonic/gin\"\n\n"
    "func ping(c *gin.Context) { c.JSON(200, nil) }\n\n"
    "func New() *gin.Engine {\n"
    "\tr := gin.Default()\n"
    "\tv1 := r.Group(\"api/v1\")\n"
    "\tv1.GET(\"ping\", ping)\n"
    "\treturn r\n}\n")


def test_gin_joins_a_relative_path_to_its_group(tmp_path):
    # gin's RouterGroup.calculateAbsolutePath joins "ping" to the group's path: a route
    root = write_tree(tmp_path, {"go.mod": "module x\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n",
                                 "routes/router.go": GIN})
    got = {(e.method, e.path) for e in scan(root).endpoints if not e.implicit}
    assert any(m == "GET" and p.rstrip("/").endswith("api/v1/ping") for m, p in got), sorted(got)
