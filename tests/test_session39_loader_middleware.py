"""A middleware named for putting the caller's identity on the request
(`populateAuthenticationContext`, wrapping its work in a session manager's `LoadUser`) that
reads the session and passes every request on (a 500 when the session cannot be ended is no
rejection) is a loader, not a guard: the routes below it alone are public, while the subrouter
whose middleware answers 401 requires authentication. Shape read in a gorilla/mux backend
labelled before auditor ran."""
from __future__ import annotations

from conftest import assert_routes, write_tree

TREE = {
    "go.mod": "module jr\n\ngo 1.22\n\nrequire github.com/gorilla/mux v1.8.1\n",
    "main.go": (
        "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/gorilla/mux\"\n)\n\n"
        "type Server struct {\n\trouter *mux.Router\n\tsessions Sessions\n}\n\n"
        "type Sessions interface {\n"
        "\tLoadUser(http.Handler) http.Handler\n"
        "\tUserID(r *http.Request) (string, error)\n"
        "\tLogOut(w http.ResponseWriter) error\n}\n\n"
        "func (s Server) populateAuthenticationContext(next http.Handler) http.Handler {\n"
        "\treturn s.sessions.LoadUser(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\tif _, err := s.sessions.UserID(r); err != nil {\n"
        "\t\t\tif err := s.sessions.LogOut(w); err != nil {\n"
        "\t\t\t\thttp.Error(w, \"Failed to end session\", http.StatusInternalServerError)\n"
        "\t\t\t\treturn\n\t\t\t}\n"
        "\t\t\tnext.ServeHTTP(w, r)\n\t\t\treturn\n\t\t}\n"
        "\t\tnext.ServeHTTP(w, r)\n\t}))\n}\n\n"
        "func (s Server) requireAuthentication(next http.Handler) http.Handler {\n"
        "\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\tif _, err := s.sessions.UserID(r); err != nil {\n"
        "\t\t\thttp.Error(w, \"Unauthorized\", http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n"
        "\t\tnext.ServeHTTP(w, r)\n\t})\n}\n\n"
        "func page(w http.ResponseWriter, r *http.Request) {}\n\n"
        "func (s Server) routes() {\n"
        "\ts.router.Use(s.populateAuthenticationContext)\n"
        "\tapi := s.router.PathPrefix(\"/api\").Subrouter()\n"
        "\tapi.Use(s.requireAuthentication)\n"
        "\tapi.HandleFunc(\"/reviews\", page).Methods(http.MethodPost)\n"
        "\tviews := s.router.PathPrefix(\"/\").Subrouter()\n"
        "\tviews.HandleFunc(\"/about\", page).Methods(http.MethodGet)\n}\n\n"
        "func main() {\n\ts := Server{router: mux.NewRouter()}\n\ts.routes()\n"
        "\thttp.ListenAndServe(\":8080\", s.router)\n}\n"),
}


def test_identity_loader_is_no_guard(tmp_path):
    assert_routes(write_tree(tmp_path, TREE), {
        ("POST", "/api/reviews", "required"),
        ("GET", "/about", "none"),
    })
