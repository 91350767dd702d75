"""An in-tree middleware that only hands the request to a library's optional verifier
(`Verifier(ja)` returning `jwtauth.Verify(ja, TokenFromHeader)(next)`) lets a request without a
token through, as go-chi/jwtauth's Verify does: the routes behind it alone are `optional`, and
`required` where the library's Authenticator follows. Shape read in a chi + sqlc backend."""
from __future__ import annotations

from conftest import assert_routes, write_tree

TREE = {
    "go.mod": ("module example.com/rw\n\ngo 1.22\n\n"
               "require (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n"
               "\tgithub.com/go-chi/jwtauth/v5 v5.3.1\n)\n"),
    "mw/middleware.go": (
        "package mw\n\n"
        "import (\n\t\"net/http\"\n\n\t\"github.com/go-chi/jwtauth/v5\"\n)\n\n"
        "func Verifier(ja *jwtauth.JWTAuth) func(http.Handler) http.Handler {\n"
        "\treturn func(next http.Handler) http.Handler {\n"
        "\t\treturn jwtauth.Verify(ja, TokenFromHeader)(next)\n"
        "\t}\n}\n\n"
        "func TokenFromHeader(r *http.Request) string {\n"
        "\treturn r.Header.Get(\"Authorization\")\n}\n\n"
        "// Logger writes a line per request: no credential, no verdict.\n"
        "func Logger(next http.Handler) http.Handler {\n"
        "\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\tnext.ServeHTTP(w, r)\n\t})\n}\n"),
    "main.go": (
        "package main\n\n"
        "import (\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n"
        "\t\"github.com/go-chi/jwtauth/v5\"\n\n\t\"example.com/rw/mw\"\n)\n\n"
        "var tokenAuth = jwtauth.New(\"HS256\", []byte(\"k\"), nil)\n\n"
        "func list(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"[]\")) }\n\n"
        "func main() {\n"
        "\tr := chi.NewRouter()\n"
        "\tr.Use(mw.Logger)\n"
        "\tr.Get(\"/public\", list)\n"
        "\tr.Group(func(r chi.Router) {\n"
        "\t\tr.Use(mw.Verifier(tokenAuth))\n"
        "\t\tr.Use(jwtauth.Authenticator(tokenAuth))\n"
        "\t\tr.Get(\"/user\", list)\n"
        "\t})\n"
        "\tr.Group(func(r chi.Router) {\n"
        "\t\tr.Use(mw.Verifier(tokenAuth))\n"
        "\t\tr.Get(\"/articles\", list)\n"
        "\t})\n"
        "\thttp.ListenAndServe(\":8080\", r)\n"
        "}\n"),
}


def test_a_wrapper_of_a_library_verifier_is_optional(tmp_path):
    assert_routes(write_tree(tmp_path, TREE), {
        ("GET", "/public", "none"),
        ("GET", "/user", "required"),
        ("GET", "/articles", "optional"),
    })
