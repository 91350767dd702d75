"""Go middleware that wraps a whole router: `return cors(apiKey(basicAuth(mux)))` runs before
every route of the mux, whatever the order of registration; a guard written as a test of the
request's authentication (`if !IsAuthenticated(r) && !isPublicRoute(r) { redirect }`) lets
through the paths its predicate names, where the predicate is plain enough to read."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module example.com/svc\n\ngo 1.22\n"


def _eps(tmp_path, files: dict[str, str]) -> dict[tuple[str, str], object]:
    root = write_tree(tmp_path / "svc", {"go.mod": GO_MOD, **files})
    return {(e.method, e.path): e for e in scan(root).endpoints
            if not e.implicit and e.method != "HEAD"}


API = '''package api

import "net/http"

type middleware struct{}

func (m *middleware) withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		next.ServeHTTP(w, r)
	})
}

func (m *middleware) basicAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "admin" || pass != "x" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func NewHandler() http.Handler {
	m := &middleware{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/users", listUsers)
	mux.HandleFunc("DELETE /v1/users/{id}", listUsers)
	return m.withCORS(m.basicAuth(mux))
}

// look-alike: only CORS around this mux
func NewPublic() http.Handler {
	m := &middleware{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /pub/status", listUsers)
	return m.withCORS(mux)
}

// look-alike: the guard wraps one handler, not the mux it returns
func NewOther() http.Handler {
	m := &middleware{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /other/info", listUsers)
	_ = m.basicAuth(http.HandlerFunc(listUsers))
	return mux
}

func listUsers(w http.ResponseWriter, r *http.Request) { w.Write([]byte("[]")) }
'''


def test_wrapper_around_the_returned_mux_guards_every_route(tmp_path):
    eps = _eps(tmp_path, {"api/api.go": API})
    assert eps[("GET", "/v1/users")].auth == "required"
    assert eps[("DELETE", "/v1/users/{id}")].auth == "required"
    assert "m.basicAuth" in eps[("GET", "/v1/users")].middleware
    assert eps[("GET", "/pub/status")].auth == "none"
    assert eps[("GET", "/other/info")].auth == "none"


UI = '''package ui

import (
	"net/http"
	"strings"
)

func isAuthenticated(r *http.Request) bool { return r.Header.Get("X-User") != "" }

func isStatic(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/css/")
}

func isPublicRoute(r *http.Request) bool {
	if isStatic(r) {
		return true
	}
	path := r.URL.Path
	switch path {
	case "/", "/login",
		"/offline":
		return true
	}
	return strings.HasPrefix(path, "/share/") ||
		strings.HasPrefix(path, "/oauth2/") && strings.HasSuffix(path, "/callback")
}

type session struct{}

func (s *session) handle(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isAuthenticated(r) && !isPublicRoute(r) {
			http.Redirect(w, r, "/login", http.StatusFound)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func Serve() http.Handler {
	s := &session{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", page)
	mux.HandleFunc("GET /login", page)
	mux.HandleFunc("GET /css/{file}", page)
	mux.HandleFunc("GET /share/{id}", page)
	mux.HandleFunc("GET /oauth2/{provider}/callback", page)
	mux.HandleFunc("GET /settings", page)
	mux.HandleFunc("POST /logout", page)
	return s.handle(mux)
}

func page(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }
'''


def test_guard_with_a_public_path_predicate(tmp_path):
    eps = _eps(tmp_path, {"ui/ui.go": UI})
    auth = {k[1]: e.auth for k, e in eps.items()}
    assert auth["/settings"] == "required" and auth["/logout"] == "required"
    # named by the predicate (exact, case list over two lines, prefix, a predicate it calls)
    assert auth["/{$}"] == auth["/login"] == auth["/css/{file}"] == auth["/share/{id}"] == "none"
    # a conjunction (`HasPrefix && HasSuffix`) is not read: the route stays guarded
    assert auth["/oauth2/{provider}/callback"] == "required"


GIN_USE = '''package router

import "github.com/gin-gonic/gin"

func authMiddleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetHeader("Authorization") == "" {
			c.AbortWithStatus(401)
			return
		}
		c.Next()
	}
}

func adminMiddleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetString("role") != "admin" {
			c.AbortWithStatus(403)
			return
		}
		c.Next()
	}
}

type cacheStore struct{}

func (c *cacheStore) Use(name string) *cacheStore { return c }

func New() *gin.Engine {
	router := gin.New()
	v1 := router.Group("/v1")
	v1.GET("/open", list)
	payment := v1.Group("/payments")
	payment.GET("/", list)
	admin := payment.Use(adminMiddleware()).Use(authMiddleware())
	admin.POST("/", list)
	admin.DELETE("/:id", list)
	payment.PUT("/:id", list)
	store := &cacheStore{}
	other := store.Use("x")
	_ = other
	return router
}

func list(c *gin.Context) {}
'''


def test_gin_use_returns_the_same_group(tmp_path):
    """gin's `RouterGroup.Use` appends to the group and returns it: `admin` is the payments
    group (its prefix), and its middleware runs for routes registered afterwards on either
    name, not for the ones before."""
    eps = _eps(tmp_path, {"router/router.go": GIN_USE})
    auth = {k: e.auth for k, e in eps.items()}
    assert auth[("POST", "/v1/payments/")] == "required"
    assert auth[("DELETE", "/v1/payments/:id")] == "required"
    assert auth[("PUT", "/v1/payments/:id")] == "required"  # registered on `payment`, after
    assert auth[("GET", "/v1/payments/")] == "none"  # before the Use
    assert auth[("GET", "/v1/open")] == "none"
    assert not any(p in ("/", "/:id") for _m, p in eps)
    assert all(e.prefix_resolved for e in eps.values())


FIBER_USE = '''package router

import "github.com/gofiber/fiber/v2"

func guard(c *fiber.Ctx) error {
	if c.Get("Authorization") == "" {
		return c.SendStatus(fiber.StatusUnauthorized)
	}
	return c.Next()
}

func Setup(app *fiber.App) {
	api := app.Group("/api")
	api.Get("/health", h)
	private := api.Use(guard)
	private.Get("/me", h)
}

func h(c *fiber.Ctx) error { return nil }
'''


def test_fiber_use_returns_the_same_group(tmp_path):
    eps = _eps(tmp_path, {"router/router.go": FIBER_USE, "main.go": '''package main

import (
	"example.com/svc/router"
	"github.com/gofiber/fiber/v2"
)

func main() { router.Setup(fiber.New()) }
'''})
    assert eps[("GET", "/api/me")].auth == "required"
    assert eps[("GET", "/api/health")].auth == "none"


FIBER_GUARDS = {
    "common/auth.go": '''package common

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/golang-jwt/jwt/v5"
)

type User struct{ Admin bool }

func tokenOf(c *fiber.Ctx) string {
	return strings.TrimPrefix(c.Get("Authorization"), "Bearer ")
}

func parseToken(s string) (int, error) {
	_, err := jwt.Parse(s, nil)
	return 1, err
}

func claimsOf(c *fiber.Ctx) (int, error) {
	t := tokenOf(c)
	if t == "" {
		return 0, errors.New("none")
	}
	return parseToken(t)
}

func GetUserByReq(c *fiber.Ctx) (User, error) {
	id, err := claimsOf(c)
	if err != nil {
		return User{}, err
	}
	return User{Admin: id == 1}, nil
}

func CheckIsAdminReq(c *fiber.Ctx) bool {
	user, err := GetUserByReq(c)
	if err != nil {
		return false
	}
	return user.Admin
}

func RespError(c *fiber.Ctx, code int, msg string) error { return c.Status(code).SendString(msg) }

func AdminGuard(handler fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !CheckIsAdminReq(c) {
			return RespError(c, 403, "admin access required")
		}
		return handler(c)
	}
}

func LoginGuard(handler func(*fiber.Ctx, User) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		user, err := GetUserByReq(c)
		if err != nil {
			msg := "login required"
			if errors.Is(err, errors.ErrUnsupported) {
				msg = "expired"
			}
			return RespError(c, 401, msg)
		}
		return handler(c, user)
	}
}

// not a guard: a captcha gate that admins skip; its 403 hangs on the captcha
func LimiterGuard(handler fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if CheckIsAdminReq(c) {
			return handler(c)
		}
		if passed(c) {
			return handler(c)
		} else {
			return RespError(c, 403, "captcha required")
		}
	}
}

// not a guard: a feature switch
func FeatureGuard(handler fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !enabled() {
			return RespError(c, 404, "disabled")
		}
		return handler(c)
	}
}

// not a guard either: its 403 hangs on a check that reads no credential
func OriginGuard(handler fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !allowedOrigin(c) {
			return RespError(c, 403, "origin")
		}
		return handler(c)
	}
}

func allowedOrigin(c *fiber.Ctx) bool { return c.Get("Origin") != "evil" }
func passed(c *fiber.Ctx) bool        { return c.Query("captcha") == "ok" }
func enabled() bool                   { return true }
''',
    "handler/routes.go": '''package handler

import (
	"example.com/svc/common"
	"github.com/gofiber/fiber/v2"
)

func Register(r fiber.Router) {
	r.Delete("/comments/:id", common.AdminGuard(func(c *fiber.Ctx) error {
		return c.SendString("deleted")
	}))
	r.Post("/user", common.LoginGuard(func(c *fiber.Ctx, u common.User) error {
		return c.SendString("saved")
	}))
	r.Post("/login", common.LimiterGuard(func(c *fiber.Ctx) error {
		return c.SendString("hi")
	}))
	r.Get("/providers", common.FeatureGuard(func(c *fiber.Ctx) error {
		return c.SendString("[]")
	}))
	r.Get("/embed", common.OriginGuard(func(c *fiber.Ctx) error {
		return c.SendString("x")
	}))
}
''',
    "main.go": '''package main

import (
	"example.com/svc/handler"
	"github.com/gofiber/fiber/v2"
)

func main() {
	app := fiber.New()
	handler.Register(app.Group("/api"))
}
'''}


def test_fiber_guard_wrapping_an_inline_handler(tmp_path):
    """`common.AdminGuard(func(c) error {...})`: the wrapper is the route's middleware, and it
    guards because its 403/401 hangs on a call that reads a credential (here four calls deep:
    CheckIsAdminReq -> GetUserByReq -> claimsOf -> tokenOf/parseToken)."""
    eps = _eps(tmp_path, FIBER_GUARDS)
    auth = {k: e.auth for k, e in eps.items()}
    assert auth[("DELETE", "/api/comments/:id")] == "required"
    assert auth[("POST", "/api/user")] == "required"
    assert auth[("POST", "/api/login")] == "none"
    assert auth[("GET", "/api/providers")] == "none"
    assert auth[("GET", "/api/embed")] == "none"


MOUNTS = {
    "api/api.go": '''package api

import "net/http"

func requireKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Auth-Token") != "secret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func NewHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/users", list)
	return requireKey(mux)
}

func NewReader() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /reader/api/0/token", list)
	return mux
}

func list(w http.ResponseWriter, r *http.Request) {}
''',
    "server/routes.go": '''package server

import (
	"net/http"

	"example.com/svc/api"
)

func files() http.Handler { return http.FileServer(http.Dir("/srv")) }

func NewRouter() http.Handler {
	appMux := http.NewServeMux()
	appMux.HandleFunc("GET /healthcheck", health)
	reader := api.NewReader()
	appMux.Handle("/reader/api/0/", reader)
	appMux.Handle("/v1/", api.NewHandler())
	appMux.Handle("/static/", files())
	var appHandler http.Handler = appMux
	rootMux := http.NewServeMux()
	rootMux.HandleFunc("/liveness", health)
	rootMux.Handle("/", appHandler)
	return rootMux
}

func health(w http.ResponseWriter, r *http.Request) {}
'''}


def test_servemux_mount_of_a_router_is_no_endpoint(tmp_path):
    """`appMux.Handle("/v1/", api.NewHandler())` hands requests, path unchanged, to a router
    whose routes carry their full paths: the pattern is a mount, not an extra ANY route. A
    pattern served by a plain handler (a file server) stays a route."""
    eps = _eps(tmp_path, MOUNTS)
    assert ("GET", "/v1/users") in eps and eps[("GET", "/v1/users")].auth == "required"
    assert ("GET", "/reader/api/0/token") in eps
    assert ("GET", "/healthcheck") in eps and ("ANY", "/liveness") in eps
    assert ("ANY", "/static/{path...}") in eps or ("ANY", "/static/") in eps, sorted(eps)
    assert not [k for k in eps if k[0] == "ANY" and k[1] in ("/", "/v1/", "/v1/{path...}",
                                                             "/reader/api/0/",
                                                             "/reader/api/0/{path...}")]


def test_route_on_an_unknown_method_result_is_flagged(tmp_path):
    """`v := group.Versioned("x")` (a method of no framework): the routes on `v` are listed
    without a prefix and say so, rather than claiming a resolved path."""
    eps = _eps(tmp_path, {"router/router.go": '''package router

import "github.com/gin-gonic/gin"

func Setup(r *gin.Engine) {
	api := r.Group("/api")
	v := api.Versioned("x")
	v.GET("/items", list)
	api.GET("/ok", list)
}

func list(c *gin.Context) {}
''', "main.go": '''package main

import (
	"example.com/svc/router"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	router.Setup(r)
}
'''})
    assert eps[("GET", "/api/ok")].prefix_resolved
    assert not eps[("GET", "/items")].prefix_resolved
