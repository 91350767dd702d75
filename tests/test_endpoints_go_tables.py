"""Go route tables that functions build and return: a `[]Route` literal returned as is or
through a local (with `append`s), bound at the call site (`extra := HealthRoutes()`) or in a
struct field (`Config{API: web.APIRoutes()}`), handed to a registering function's parameter,
and ranged over by a loop that registers each entry on the router parameter. Each call site's
router gives its own prefix; entries are read by position or by key; a wrapper call as an
entry's handler (`requireUser(listItems, &Options{})`) guards that route. A slice of structs
with paths that no loop registers (a menu) is no route table."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module example.com/svc\n\ngo 1.22\n\nrequire github.com/gorilla/mux v1.8.1\n"

ROUTES = '''package web

import (
	"net/http"

	"github.com/gorilla/mux"
)

type Route struct {
	Method  string
	Pattern string
	Handler http.HandlerFunc
	Limit   bool
}

type Config struct {
	Web []Route
	API []Route
}

type Options struct{ Admin bool }

// the guard: no session cookie, 401
func requireUser(next http.HandlerFunc, opts *Options) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("session"); err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next(w, r)
	}
}

// positional entries in a local, more appended, the local returned
func WebRoutes(open bool) []Route {
	ret := []Route{
		{"GET", "/", requireUser(home, nil), true},
		{"GET", "/login", login, true},
	}
	if open {
		ret = append(ret, Route{"POST", "/join", join, true})
	}
	return ret
}

// keyed entries returned as is
func APIRoutes() []Route {
	return []Route{
		{Method: http.MethodGet, Pattern: "/items", Handler: requireUser(listItems, &Options{})},
		{Method: "DELETE", Pattern: "/items/{id}", Handler: deleteItem},
	}
}

func HealthRoutes() []Route {
	return []Route{{"GET", "/healthz", health, false}}
}

func LegacyRoutes() []*Route {
	return []*Route{
		&Route{Method: "GET", Pattern: "/old", Handler: legacy},
	}
}

// look-alike: paths and functions, never registered
type MenuItem struct {
	Title string
	Path  string
	Icon  func() string
}

func Menu() []MenuItem {
	return []MenuItem{{"Home", "/home", homeIcon}, {"Items", "/items-page", itemsIcon}}
}

func register(r *mux.Router, routes []Route) {
	for _, route := range routes {
		r.HandleFunc(route.Pattern, route.Handler).Methods(route.Method)
	}
}

func NewRouter(cfg Config) http.Handler {
	router := mux.NewRouter().StrictSlash(true)
	webRouter := router.PathPrefix("/").Subrouter()
	apiRouter := router.PathPrefix("/api").Subrouter()
	register(webRouter, cfg.Web)
	register(apiRouter, cfg.API)
	extra := HealthRoutes()
	register(router, extra)
	v2 := router.PathPrefix("/v2").Subrouter()
	for _, rt := range LegacyRoutes() {
		v2.HandleFunc(rt.Pattern, rt.Handler).Methods(rt.Method)
	}
	return router
}

func home(w http.ResponseWriter, r *http.Request)       {}
func login(w http.ResponseWriter, r *http.Request)      {}
func join(w http.ResponseWriter, r *http.Request)       {}
func listItems(w http.ResponseWriter, r *http.Request)  {}
func deleteItem(w http.ResponseWriter, r *http.Request) {}
func health(w http.ResponseWriter, r *http.Request)     {}
func legacy(w http.ResponseWriter, r *http.Request)     {}
func homeIcon() string                                  { return "h" }
func itemsIcon() string                                 { return "i" }
'''

MAIN = '''package main

import (
	"net/http"

	"example.com/svc/web"
)

func main() {
	cfg := web.Config{
		Web: web.WebRoutes(true),
		API: web.APIRoutes(),
	}
	_ = web.Menu()
	http.ListenAndServe(":8080", web.NewRouter(cfg))
}
'''


def test_function_built_tables_registered_per_call_site(tmp_path):
    root = write_tree(tmp_path / "svc", {"go.mod": GO_MOD, "web/routes.go": ROUTES,
                                         "main.go": MAIN})
    got = {(e.method, e.path, e.auth) for e in scan(root).endpoints
           if not e.implicit and e.method != "HEAD"}
    assert got == {
        ("GET", "/", "required"), ("GET", "/login", "none"), ("POST", "/join", "none"),
        ("GET", "/api/items", "required"), ("DELETE", "/api/items/{id}", "none"),
        ("GET", "/healthz", "none"), ("GET", "/v2/old", "none"),
    }, got


def test_entry_handlers_are_the_wrapped_functions(tmp_path):
    root = write_tree(tmp_path / "svc", {"go.mod": GO_MOD, "web/routes.go": ROUTES,
                                         "main.go": MAIN})
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    assert eps[("GET", "/api/items")].handler["name"].endswith("listItems")
    assert eps[("GET", "/")].handler["name"].endswith("home")
    assert eps[("DELETE", "/api/items/{id}")].handler["name"].endswith("deleteItem")
