"""A Go handler written as a factory method call on the receiver (`s.authPost()`, value
receiver, called from a pointer-receiver method) is found even when a vendored JavaScript file
of the tree defines a function named like the receiver (`function s(t)` inside a
vendored bundle): the names of another language say nothing of the Go receiver. Shape read in a
gorilla + database/sql backend labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

SERVER = (
    "package handlers\n\n"
    "import (\n\t\"database/sql\"\n\t\"net/http\"\n\n\t\"github.com/gorilla/mux\"\n)\n\n"
    "type Server struct {\n\trouter *mux.Router\n\tdb     *sql.DB\n}\n\n"
    "func (s Server) entriesGet() http.HandlerFunc {\n"
    "\treturn func(w http.ResponseWriter, r *http.Request) {\n"
    "\t\ts.db.Query(\"select id from entries\")\n\t}\n}\n\n"
    "func (s *Server) routes() {\n"
    "\tapi := s.router.PathPrefix(\"/api\").Subrouter()\n"
    "\tapi.HandleFunc(\"/entries\", s.entriesGet()).Methods(http.MethodGet)\n}\n")


def test_go_receiver_factory_beside_a_minified_bundle(tmp_path):
    root = write_tree(tmp_path, {
        "go.mod": "module pico\n\ngo 1.22\n\nrequire github.com/gorilla/mux v1.8.0\n",
        "handlers/server.go": SERVER,
        "handlers/static/third-party/datepicker.js": (
            "!function (e, t) {\n  module.exports = t();\n}(this, function () {\n"
            "  function s(t) {\n    return t;\n  }\n  return s;\n});\n"),
    })
    res = scan(root)
    ep = next(e for e in res.endpoints if e.path == "/api/entries")
    assert ep.handler["name"].endswith("Server.entriesGet"), (ep.handler, res.unresolved_routes)
    assert ep.data_sites
