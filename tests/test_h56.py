"""Holdout round 5 (unseen Go backends): constructs met, each as a small tree.

- net/http (Go 1.22 ServeMux): the handler handed to an adapter of the tree among other
  arguments, `ToHTTPHandler(deps, api.HandleListTags, mws...)`, whose returned closure calls the
  parameter it receives: the function serves the route (a factory given no function, or an
  adapter that never calls the parameter, is not one).
- An in-handler guard call: `if err := middleware.RequireLoggedInUser(deps, c); err != nil {
  return }` where the callee answers 401 when its test fails: required. A callee answering only
  403 (a feature switch) is no credential check.
"""
from __future__ import annotations

from pathlib import Path

from conftest import scan, write_tree


def _eps(tmp_path: Path, files: dict) -> dict:
    result = scan(write_tree(tmp_path, files))
    return {(e.method, e.path): e for e in result.endpoints if not e.implicit}


ADAPTER_TREE = {
    "go.mod": "module example.com/app\n\ngo 1.22\n",
    "internal/model/model.go": (
        "package model\n"
        "\n"
        "type Ctx struct{ User string }\n"
        "\n"
        "func (c *Ctx) Logged() bool { return c.User != \"\" }\n"
        "\n"
        "type Handler func(deps string, c *Ctx)\n"
    ),
    "internal/web/adapter.go": (
        "package web\n"
        "\n"
        "import (\n"
        "\t\"net/http\"\n"
        "\n"
        "\t\"example.com/app/internal/model\"\n"
        ")\n"
        "\n"
        "type Middleware interface{ Before(c *model.Ctx) }\n"
        "\n"
        "func Adapt(deps string, h model.Handler, mws ...Middleware) http.HandlerFunc {\n"
        "\treturn func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\tc := &model.Ctx{}\n"
        "\t\tfor _, m := range mws {\n"
        "\t\t\tm.Before(c)\n"
        "\t\t}\n"
        "\t\th(deps, c)\n"
        "\t}\n"
        "}\n"
        "\n"
        "// Keep only stores the function: it never runs it\n"
        "func Keep(deps string, h model.Handler) http.HandlerFunc {\n"
        "\tsaved = h\n"
        "\treturn func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }\n"
        "}\n"
        "\n"
        "var saved model.Handler\n"
    ),
    "internal/web/guard/guard.go": (
        "package guard\n"
        "\n"
        "import (\n"
        "\t\"errors\"\n"
        "\t\"net/http\"\n"
        "\n"
        "\t\"example.com/app/internal/model\"\n"
        ")\n"
        "\n"
        "func RequireUser(deps string, c *model.Ctx) error {\n"
        "\tif !c.Logged() {\n"
        "\t\tsend(c, http.StatusUnauthorized)\n"
        "\t\treturn errors.New(\"authentication required\")\n"
        "\t}\n"
        "\treturn nil\n"
        "}\n"
        "\n"
        "func RequireAdmin(deps string, c *model.Ctx) error {\n"
        "\tif err := RequireUser(deps, c); err != nil {\n"
        "\t\treturn err\n"
        "\t}\n"
        "\tif c.User != \"admin\" {\n"
        "\t\tsend(c, http.StatusForbidden)\n"
        "\t\treturn errors.New(\"admin only\")\n"
        "\t}\n"
        "\treturn nil\n"
        "}\n"
        "\n"
        "// FeatureOn answers 403 to everyone while a switch is off: no credential check\n"
        "func FeatureOn(deps string, c *model.Ctx) error {\n"
        "\tif deps == \"\" {\n"
        "\t\tsend(c, http.StatusForbidden)\n"
        "\t\treturn errors.New(\"disabled\")\n"
        "\t}\n"
        "\treturn nil\n"
        "}\n"
        "\n"
        "func send(c *model.Ctx, code int) { _ = code }\n"
    ),
    "internal/web/api/api.go": (
        "package api\n"
        "\n"
        "import (\n"
        "\t\"example.com/app/internal/model\"\n"
        "\t\"example.com/app/internal/web/guard\"\n"
        ")\n"
        "\n"
        "func ListTags(deps string, c *model.Ctx) {\n"
        "\tif err := guard.RequireUser(deps, c); err != nil {\n"
        "\t\treturn\n"
        "\t}\n"
        "\t_ = deps\n"
        "}\n"
        "\n"
        "func DeleteTag(deps string, c *model.Ctx) {\n"
        "\tif err := guard.RequireAdmin(deps, c); err != nil {\n"
        "\t\treturn\n"
        "\t}\n"
        "}\n"
        "\n"
        "func Beta(deps string, c *model.Ctx) {\n"
        "\tif err := guard.FeatureOn(deps, c); err != nil {\n"
        "\t\treturn\n"
        "\t}\n"
        "}\n"
        "\n"
        "func Login(deps string, c *model.Ctx) { _ = c }\n"
    ),
    "internal/web/server.go": (
        "package web\n"
        "\n"
        "import (\n"
        "\t\"net/http\"\n"
        "\n"
        "\t\"example.com/app/internal/web/api\"\n"
        ")\n"
        "\n"
        "func Setup(deps string) *http.ServeMux {\n"
        "\tmux := http.NewServeMux()\n"
        "\tmws := []Middleware{}\n"
        "\tmux.HandleFunc(\"GET /api/v1/tags\", Adapt(deps,\n"
        "\t\tapi.ListTags,\n"
        "\t\tmws...,\n"
        "\t))\n"
        "\tmux.HandleFunc(\"DELETE /api/v1/tags/{id}\", Adapt(deps, api.DeleteTag, mws...))\n"
        "\tmux.HandleFunc(\"GET /api/v1/beta\", Adapt(deps, api.Beta, mws...))\n"
        "\tmux.HandleFunc(\"POST /api/v1/login\", Adapt(deps, api.Login, mws...))\n"
        "\tmux.HandleFunc(\"GET /api/v1/kept\", Keep(deps, api.ListTags))\n"
        "\treturn mux\n"
        "}\n"
    ),
}


def test_handler_handed_to_an_adapter_among_other_arguments(tmp_path):
    eps = _eps(tmp_path, ADAPTER_TREE)
    ep = eps[("GET", "/api/v1/tags")]
    assert ep.handler["name"].endswith("api.ListTags")
    assert "Adapt" in ep.middleware
    assert eps[("POST", "/api/v1/login")].handler["name"].endswith("api.Login")
    # an adapter that never calls the function it is given does not run it
    assert not eps[("GET", "/api/v1/kept")].handler["name"].endswith("api.ListTags")


def test_in_handler_guard_call_answering_401(tmp_path):
    eps = _eps(tmp_path, ADAPTER_TREE)
    assert eps[("GET", "/api/v1/tags")].auth == "required"
    assert "RequireUser" in eps[("GET", "/api/v1/tags")].auth_reason
    # the admin check calls the user check first (its 401), then answers 403 itself
    assert eps[("DELETE", "/api/v1/tags/{id}")].auth == "required"
    # a 403 a switch answers to everyone is no credential check; a login checks nothing first
    assert eps[("GET", "/api/v1/beta")].auth == "none"
    assert eps[("POST", "/api/v1/login")].auth == "none"
