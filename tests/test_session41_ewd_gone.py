"""endpoint-without-data: a net/http handler that answers `w.WriteHeader(http.StatusGone)` and
a message (an endpoint retired on purpose) is a refusal, not a stand-in; one answering 200 with
a made-up body still is. Shape of a Go backend in the corpus whose unsupported endpoints
answer 410."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module example.com/s\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.10\n"
API = (
    "package api\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n)\n\n"
    "func h410(r chi.Router, paths ...string) {\n"
    "\tfor _, path := range paths {\n"
    "\t\thandle := func(w http.ResponseWriter, r *http.Request) {\n"
    "\t\t\tw.WriteHeader(http.StatusGone)\n"
    "\t\t\t_, _ = w.Write([]byte(\"This endpoint will not be implemented\"))\n\t\t}\n"
    "\t\taddHandler(r, path, handle)\n\t}\n}\n\n"
    "func addHandler(r chi.Router, path string, handle func(w http.ResponseWriter, "
    "r *http.Request)) {\n\tr.HandleFunc(\"/\"+path, handle)\n}\n\n"
    "func fake(w http.ResponseWriter, r *http.Request) {\n"
    "\tw.Header().Set(\"Content-Type\", \"application/json\")\n"
    "\t_, _ = w.Write([]byte(`{\"users\": [{\"id\": 1, \"name\": \"alice\"}]}`))\n}\n\n"
    "func Router() http.Handler {\n\tr := chi.NewRouter()\n"
    "\th410(r, \"search\", \"getVideos\")\n"
    "\tr.Get(\"/users\", fake)\n\treturn r\n}\n")


def test_gone_is_a_refusal(tmp_path):
    root = write_tree(tmp_path, {"go.mod": GO_MOD, "api/api.go": API})
    got = {f.message.split(":", 1)[0] for f in scan(root).findings
           if f.rule_id == "endpoint-without-data"}
    eps = {(e.method, e.path) for e in scan(root).endpoints}
    assert ("ANY", "/search") in eps, sorted(eps)
    assert not any("/search" in m or "/getVideos" in m for m in got), got
    assert any("/users" in m for m in got), got
