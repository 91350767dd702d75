"""Go shapes met on backends auditor had not seen (the field holdout): a project's own router
type whose method makes a framework group with its prefix parameter; a factory that returns
`(router, error)`; an auth middleware built with an `Optional...` method for some paths or
methods, inline or in a local built step by step; a middleware that lets the request on only
when a user is set and otherwise redirects; a login handler whose 401 answers a wrong password."""
from __future__ import annotations

from conftest import scan_go_module

_scan = scan_go_module


WRAPPED_ECHO = '''package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

type Handler func(c echo.Context) error
type Middleware func(next Handler) Handler

type Router struct {
	*echo.Group
}

func NewRouter(g *echo.Group) *Router {
	return &Router{Group: g}
}

func (r *Router) SubGroup(prefix string, m ...Middleware) *Router {
	mws := make([]echo.MiddlewareFunc, len(m))
	return NewRouter(r.Group.Group(prefix, mws...))
}

// look-alike: a fixed prefix, not the caller's
func (r *Router) Admin(name string) *Router {
	return NewRouter(r.Group.Group("/admin"))
}

func (r *Router) GET(path string, h Handler, m ...Middleware) {
	r.Group.GET(path, func(c echo.Context) error { return h(c) })
}

func loggedIn(next Handler) Handler {
	return func(c echo.Context) error {
		user := c.Get("user")
		if user != nil {
			return next(c)
		}
		return c.Redirect(http.StatusFound, "/login")
	}
}

// look-alike: reads the user, lets everyone on
func track(next Handler) Handler {
	return func(c echo.Context) error {
		user := c.Get("user")
		if user != nil {
			c.Set("seen", true)
		}
		return next(c)
	}
}

func Register(e *echo.Echo) {
	r := NewRouter(e.Group(""))
	r.GET("/", home)
	settings := r.SubGroup("/settings")
	settings.Use(loggedIn)
	settings.GET("/profile", home)
	api := r.SubGroup("/api", track)
	api.GET("/items/:id", home)
}

func home(c echo.Context) error { return c.String(200, "ok") }
'''


def test_group_made_by_a_method_of_a_project_router_type(tmp_path):
    eps, _res = _scan(tmp_path, {"server/router.go": WRAPPED_ECHO})
    assert ("GET", "/settings/profile") in eps
    assert ("GET", "/api/items/:id") in eps
    assert ("GET", "/profile") not in eps and ("GET", "/items/:id") not in eps
    assert eps[("GET", "/settings/profile")].auth == "required"  # loggedIn: user, else redirect
    assert eps[("GET", "/api/items/:id")].auth == "none"  # track lets everyone on
    assert "track" in eps[("GET", "/api/items/:id")].middleware
    assert eps[("GET", "/")].auth == "none"


FACTORY_FIBER = '''package internal

import "github.com/gofiber/fiber/v2"

func NewApp(addr string, noSite bool) error {
	app, err := setupApp(noSite)
	if err != nil {
		return err
	}
	setupRoutes(app, noSite)
	return app.Listen(addr)
}

func setupApp(noSite bool) (*fiber.App, error) {
	app := fiber.New()
	return app, nil
}

func setupRoutes(app *fiber.App, noSite bool) {
	api := app.Group("/api")
	api.Get("/items", list)
}

func list(c *fiber.Ctx) error { return c.SendString("[]") }
'''


def test_router_from_a_factory_returning_router_and_error(tmp_path):
    eps, res = _scan(tmp_path, {"internal/app.go": FACTORY_FIBER})
    assert ("GET", "/api/items") in eps
    assert not [u for u in res.unresolved_routes if "never called" in u["reason"]]


OPTIONAL_CHI = '''package routes

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type AuthMiddleware struct {
	optionalPaths   []string
	optionalMethods []string
}

func NewAuthenticateMiddleware() *AuthMiddleware { return &AuthMiddleware{} }

func (m *AuthMiddleware) WithOptionalFor(paths ...string) *AuthMiddleware {
	m.optionalPaths = paths
	return m
}

func (m *AuthMiddleware) WithOptionalForMethods(methods ...string) *AuthMiddleware {
	m.optionalMethods = methods
	return m
}

func (m *AuthMiddleware) WithRedirectTarget(t string) *AuthMiddleware { return m }

func (m *AuthMiddleware) Handler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func Register(router chi.Router) {
	badge := chi.NewRouter()
	badge.Use(NewAuthenticateMiddleware().WithOptionalFor("/badge/").Handler)
	badge.Get("/{user}", get)
	router.Mount("/badge", badge)

	beats := chi.NewRouter()
	beats.Use(NewAuthenticateMiddleware().WithOptionalForMethods(http.MethodOptions).Handler)
	beats.Post("/", get)
	beats.Options("/", get)
	router.Mount("/heartbeat", beats)

	setup := chi.NewRouter()
	mw := NewAuthenticateMiddleware().
		WithRedirectTarget("/login").
		WithOptionalFor("/setup")
	setup.Use(mw.Handler)
	setup.Get("/", get)
	router.Mount("/setup", setup)

	// look-alike: optional for another path only
	summary := chi.NewRouter()
	summary.Use(NewAuthenticateMiddleware().WithOptionalFor("/public/").Handler)
	summary.Get("/", get)
	router.Mount("/summary", summary)
}

func Main() {
	r := chi.NewRouter()
	Register(r)
	http.ListenAndServe(":8080", r)
}

func get(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }
'''


def test_auth_middleware_made_optional_for_paths_or_methods(tmp_path):
    eps, _res = _scan(tmp_path, {"routes/routes.go": OPTIONAL_CHI})
    assert eps[("GET", "/badge/{user}")].auth == "optional"
    assert eps[("POST", "/heartbeat")].auth == "required"
    assert eps[("OPTIONS", "/heartbeat")].auth == "optional"
    assert eps[("GET", "/setup")].auth == "optional"  # built in a local, step by step
    assert eps[("GET", "/summary")].auth == "required"


LOGIN_GORILLA = '''package web

import (
	"net/http"

	"github.com/gorilla/mux"
)

func PostLogin(w http.ResponseWriter, r *http.Request) {
	cookie, err := r.Cookie("session")
	if err == nil && cookie.Value != "" {
		http.Redirect(w, r, "/", http.StatusFound)
		return
	}
	if !checkPassword(r.FormValue("email"), r.FormValue("password")) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	w.Write([]byte("welcome"))
}

// look-alike: a handler that guards itself with the session
func Account(w http.ResponseWriter, r *http.Request) {
	cookie, err := r.Cookie("session")
	if err != nil || cookie.Value == "" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	w.Write([]byte("me"))
}

func checkPassword(email, password string) bool { return email != "" && password != "" }

func Routes() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc("/login", PostLogin).Methods("POST")
	r.HandleFunc("/account", Account).Methods("GET")
	return r
}
'''


def test_login_handler_401_on_a_wrong_password_is_no_guard(tmp_path):
    eps, _res = _scan(tmp_path, {"web/routes.go": LOGIN_GORILLA})
    assert eps[("POST", "/login")].auth == "none"
    assert eps[("GET", "/account")].auth == "required"
