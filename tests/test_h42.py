"""Go shapes met on holdout round 3 (a net/http 1.22 music server, a chi auth server behind a
project router type, a gorilla status page), each with a look-alike that must not change:

- a struct literal that embeds a router (`Controller{ServeMux: http.NewServeMux()}`) is that
  router, returned as `&c`; `mux.Handle("/admin/", http.StripPrefix("/admin", chain(ctrl)))`
  mounts it under the stripped prefix with the wrappers as middleware;
- a local middleware made by a combinator (`userChain := Chain(base, withUserSession(db))`,
  `func Chain(mws ...Middleware) Middleware`) guards where one of its parts does; a block that
  redirects to the login page is no pass-on; `withSession` only loads a session;
- chi `r.With(auth).Route("/user", ...)` carries `auth` into the inline router; a Route prefix
  written as a constant of another package is resolved;
- a captcha check and a `require<Feature>Enabled` switch are not authentication;
- gorilla `r.NewRoute().Subrouter()` is a group of `r` without a path: `r.Use(mw)` runs for
  its routes; a ServeMux made in a gorilla file reads net/http patterns (`/debug/pprof/`);
- a guard that tests any `*Authenticated(r)` predicate and redirects or answers 401.
"""
from __future__ import annotations

from conftest import scan_go_module

_scan = scan_go_module


CHAIN = '''package chain

import "net/http"

type Middleware func(http.Handler) http.Handler

// Chain makes one middleware of several: the first runs first
func Chain(mws ...Middleware) Middleware {
	return func(final http.Handler) http.Handler {
		for i := len(mws) - 1; i >= 0; i-- {
			final = mws[i](final)
		}
		return final
	}
}

// look-alike: takes middleware but makes a handler, not a middleware
func Wrap(h http.Handler, mws ...Middleware) http.Handler {
	for _, m := range mws {
		h = m(h)
	}
	return h
}

func Log(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
	})
}
'''

ADMIN = '''package admin

import (
	"context"
	"net/http"

	"example.com/svc/chain"
	"github.com/gorilla/sessions"
)

type Controller struct {
	*http.ServeMux
	store *sessions.CookieStore
}

func withSession(store *sessions.CookieStore) chain.Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			session, err := store.Get(r, "app")
			if err != nil {
				http.Error(w, "no session", 500)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), "s", session)))
		})
	}
}

func withUserSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		session := r.Context().Value("s").(*sessions.Session)
		userID, ok := session.Values["user"].(int)
		if !ok {
			http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
			return
		}
		_ = userID
		next.ServeHTTP(w, r)
	})
}

func New(store *sessions.CookieStore) (*Controller, error) {
	c := Controller{ServeMux: http.NewServeMux(), store: store}
	baseChain := withSession(store)
	userChain := chain.Chain(baseChain, withUserSession)
	c.Handle("GET /login", baseChain(http.HandlerFunc(c.serveLogin)))
	c.Handle("GET /home", userChain(http.HandlerFunc(c.serveHome)))
	c.Handle("POST /logout", chain.Wrap(http.HandlerFunc(c.serveLogout), withUserSession))
	return &c, nil
}

func (c *Controller) serveLogin(w http.ResponseWriter, r *http.Request)  {}
func (c *Controller) serveHome(w http.ResponseWriter, r *http.Request)   {}
func (c *Controller) serveLogout(w http.ResponseWriter, r *http.Request) {}
'''

# look-alike: a field with a name of its own promotes nothing: `o.Handle` is Other's method
OTHER = '''package other

import "net/http"

type Other struct {
	mux *http.ServeMux
}

func (o *Other) Handle(name string, v int) {}

func New() *Other {
	o := Other{mux: http.NewServeMux()}
	o.Handle("/not-a-route", 1)
	o.mux.HandleFunc("GET /real", func(w http.ResponseWriter, r *http.Request) {})
	return &o
}
'''

MAIN = '''package main

import (
	"net/http"

	"example.com/svc/admin"
	"example.com/svc/chain"
	"example.com/svc/other"
	"github.com/gorilla/sessions"
)

func main() {
	ctrl, err := admin.New(sessions.NewCookieStore([]byte("k")))
	if err != nil {
		panic(err)
	}
	_ = other.New()
	logged := chain.Chain(chain.Log)
	mux := http.NewServeMux()
	mux.Handle("/admin/", http.StripPrefix("/admin", logged(ctrl)))
	mux.Handle("/files/", http.StripPrefix("/files", http.FileServer(http.Dir("."))))
	http.ListenAndServe(":8080", mux)
}
'''


def test_embedded_servemux_mounted_through_strip_prefix_and_wrappers(tmp_path):
    eps, _ = _scan(tmp_path, {"chain/chain.go": CHAIN, "admin/admin.go": ADMIN,
                              "other/other.go": OTHER, "main.go": MAIN})
    assert ("GET", "/admin/login") in eps
    assert ("GET", "/admin/home") in eps
    assert ("POST", "/admin/logout") in eps
    assert "logged" in eps[("GET", "/admin/home")].middleware
    # the mount is no endpoint of its own once its router is known
    assert ("ANY", "/admin/{path...}") not in eps and ("ANY", "/admin") not in eps
    # a handler that is no router stays the route it is
    assert any(p.startswith("/files") for (_m, p) in eps)
    # a named field promotes nothing
    assert not any(p == "/not-a-route" for (_m, p) in eps)


def test_combinator_local_guards_where_a_part_does(tmp_path):
    eps, _ = _scan(tmp_path, {"chain/chain.go": CHAIN, "admin/admin.go": ADMIN,
                              "other/other.go": OTHER, "main.go": MAIN})
    home = eps[("GET", "/admin/home")]
    assert home.auth == "required", home.auth_reason
    assert "withUserSession" in home.auth_reason
    # withSession loads the session for everyone: the login page stays public
    assert eps[("GET", "/admin/login")].auth == "none"


SUPA_ROUTER = '''package api

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type router struct{ chi chi.Router }

func newRouter() *router { return &router{chi.NewRouter()} }

type apiHandler func(w http.ResponseWriter, r *http.Request) error
type middlewareHandler func(w http.ResponseWriter, r *http.Request) (context.Context, error)

func (r *router) Route(pattern string, fn func(*router)) {
	r.chi.Route(pattern, func(c chi.Router) { fn(&router{c}) })
}
func (r *router) Get(pattern string, fn apiHandler)  { r.chi.Get(pattern, nil) }
func (r *router) Post(pattern string, fn apiHandler) { r.chi.Post(pattern, nil) }
func (r *router) With(fn middlewareHandler) *router  { return &router{r.chi.With(nil)} }
'''

SUPA_API = '''package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"example.com/svc/scim"
	chimiddleware "github.com/go-chi/chi/v5/middleware"
)

var _ = chimiddleware.NoCache

type API struct{ captchaOn, oauthOn bool }

var errUnauthorized = errors.New("unauthorized")

func (a *API) requireAuthentication(w http.ResponseWriter, r *http.Request) (context.Context, error) {
	token := r.Header.Get("Authorization")
	if !strings.HasPrefix(token, "Bearer ") {
		w.WriteHeader(http.StatusUnauthorized)
		return nil, errUnauthorized
	}
	return r.Context(), nil
}

func (a *API) verifyCaptcha(w http.ResponseWriter, r *http.Request) (context.Context, error) {
	if !a.captchaOn {
		return r.Context(), nil
	}
	if _, err := a.requireAuthentication(w, r); err == nil {
		return r.Context(), nil // an admin skips the captcha
	}
	return nil, errors.New("captcha failed")
}

func (a *API) requireOAuthServerEnabled(w http.ResponseWriter, r *http.Request) (context.Context, error) {
	if !a.oauthOn {
		return nil, errors.New("OAuth server is disabled")
	}
	return r.Context(), nil
}

func (a *API) Build() *router {
	r := newRouter()
	r.Get("/health", a.otp)
	r.Route("/", func(r *router) {
		r.With(a.verifyCaptcha).Post("/otp", a.otp)
		r.With(a.requireOAuthServerEnabled).Get("/oauth/authorize", a.otp)
		r.With(a.requireAuthentication).Route("/user", func(r *router) {
			r.Get("/", a.otp)
			r.Post("/email", a.otp)
		})
		// look-alike: the middleware of one route does not leak into the next Route
		r.With(a.requireAuthentication).Post("/logout", a.otp)
		r.Route("/public", func(r *router) {
			r.Get("/", a.otp)
		})
		r.Route(scim.BasePath, func(r *router) {
			r.Get("/Schemas", a.otp)
		})
	})
	return r
}

func (a *API) otp(w http.ResponseWriter, r *http.Request) error { return nil }
'''

SCIM = '''package scim

const BasePath = "/scim/v2"
'''


def test_chi_with_route_and_constant_prefix_and_non_auth_gates(tmp_path):
    eps, _ = _scan(tmp_path, {"api/router.go": SUPA_ROUTER, "api/api.go": SUPA_API,
                              "scim/scim.go": SCIM})
    assert eps[("GET", "/user")].auth == "required"
    assert eps[("POST", "/user/email")].auth == "required"
    assert eps[("POST", "/logout")].auth == "required"
    assert eps[("GET", "/public")].auth == "none"
    assert ("GET", "/scim/v2/Schemas") in eps
    # a captcha (that checks an admin only to skip itself) and a feature switch guard nobody
    assert eps[("POST", "/otp")].auth == "none", eps[("POST", "/otp")].auth_reason
    assert eps[("GET", "/oauth/authorize")].auth == "none"


GORILLA = '''package handlers

import (
	"net/http"
	"net/http/pprof"

	"github.com/gorilla/mux"
)

func basicAuthHandler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "u" || pass != "p" {
			w.WriteHeader(401)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func IsReadAuthenticated(r *http.Request) bool { return r.Header.Get("Authorization") != "" }

func readOnly(handler http.Handler, redirect bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !IsReadAuthenticated(r) {
			if redirect {
				http.Redirect(w, r, "/", http.StatusSeeOther)
			} else {
				sendUnauthorizedJson(w, r)
			}
			return
		}
		handler.ServeHTTP(w, r)
	})
}

func sendUnauthorizedJson(w http.ResponseWriter, r *http.Request) {}

func Router(secure bool) *mux.Router {
	r := mux.NewRouter()
	if secure {
		r.Use(basicAuthHandler)
	}
	r.Handle("/health", http.HandlerFunc(health))
	api := r.NewRoute().Subrouter()
	api.Handle("/api/services", http.HandlerFunc(health)).Methods("GET")
	api.Handle("/api/groups/{id}", readOnly(http.HandlerFunc(health), false)).Methods("GET")
	go func() {
		d := http.NewServeMux()
		d.HandleFunc("/debug/pprof/", pprof.Index)
		http.ListenAndServe(":9090", d)
	}()
	return r
}

// look-alike: a subrouter of another router does not get r's middleware
func Other() *mux.Router {
	o := mux.NewRouter()
	sub := o.NewRoute().Subrouter()
	sub.Handle("/open", http.HandlerFunc(health)).Methods("GET")
	return o
}

func health(w http.ResponseWriter, r *http.Request) {}
'''


def test_gorilla_newroute_subrouter_inherits_middleware(tmp_path):
    eps, _ = _scan(tmp_path, {"handlers/routes.go": GORILLA})
    assert eps[("GET", "/api/services")].auth == "required"
    assert "basicAuthHandler" in eps[("GET", "/api/services")].middleware
    assert eps[("GET", "/open")].auth == "none"
    # a *Authenticated(r) test that redirects or answers 401 guards
    assert eps[("GET", "/api/groups/{id}")].auth == "required", \
        eps[("GET", "/api/groups/{id}")].auth_reason
    # the ServeMux of the pprof server reads net/http patterns: a subtree
    assert ("ANY", "/debug/pprof/{path...}") in eps
