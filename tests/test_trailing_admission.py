"""stub-comment: a comment after code speaks of that code. `return False  # ... for now` in an
`except` does not make the `return True` two lines below a stand-in; the same words alone on the
line above a literal answer still do. Expectations on exact lines."""
from __future__ import annotations

from conftest import assert_findings

PY = '''from fastapi import FastAPI

app = FastAPI()


def merge(a, b):
    if a != b:
        try:
            b.merge_into(a)
            return True
        except RuntimeError:
            return False  # in the edge case that an object cannot be merged don't update it for now
    else:
        return True


def score(a):
    # hardcoded for now until the model is trained
    return 0.97


@app.post("/api/merge")
def merge_route(a: str, b: str):
    return {"merged": merge(a, b), "score": score(a)}
'''


def test_trailing_comment_excuses_only_its_line(tmp_path):
    assert_findings(tmp_path, {"app/main.py": PY},
                    ("stub-comment", "hardcoded-return"), {("hardcoded-return", 19)})


API_ROOT = '''const express = require("express");
const app = express();
const router = express.Router();
router.get("/", (req, res) => res.status(200).json({ api: "Example API", version: "1.0" }));
router.get("/status-flags", (req, res) => res.status(200).json({ enabled: true, count: 3 }));
app.use("/api/v1", router);
app.listen(3000);
'''


def test_an_api_root_answers_its_name_by_design(tmp_path):
    assert_findings(tmp_path, {"server/app.js": API_ROOT}, "hardcoded-return",
                    {("hardcoded-return", 5)})


GO_PAGES = '''package admin

import "net/http"

type Response struct {
	template string
	code     int
	data     any
}

type Controller struct{}

func (c *Controller) ServeLogin(r *http.Request) *Response {
	return &Response{template: "login.tmpl"}
}

func (c *Controller) ServeNotFound(r *http.Request) *Response {
	return &Response{template: "not_found.tmpl", code: 404}
}

func (c *Controller) ServeStats(r *http.Request) *Response {
	return &Response{template: "stats.tmpl", data: map[string]int{"users": 42}}
}

func (c *Controller) H(h func(*http.Request) *Response) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp := h(r)
		w.WriteHeader(resp.code)
	})
}

func Routes(mux *http.ServeMux, c *Controller) {
	mux.Handle("/admin/login", c.H(c.ServeLogin))
	mux.Handle("/admin/", c.H(c.ServeNotFound))
	mux.Handle("/admin/stats", c.H(c.ServeStats))
}
'''


def test_a_response_naming_its_template_is_a_page(tmp_path):
    assert_findings(tmp_path, {"go.mod": "module example.com/app\n\ngo 1.22\n",
                               "admin/ctrl.go": GO_PAGES}, "hardcoded-return",
                    {("hardcoded-return", 22)})
