"""Go shapes met on three backends auditor had not seen (holdout round 3, h41): routers handed
out inside struct types that embed them and received by type (uber fx / dig wiring); a group's
middleware written inline as a function literal; paths built with the standard library's
path.Join; handler wrappers taking the function first and literal options after, called
through a local holding a method value; `var srv = echo.New()` in a function; the steps of an
OAuth 2.0 / OpenID Connect login, whose 401 answers a state that does not match."""
from __future__ import annotations

from conftest import scan_go_module

from auditor.endpoints.frameworks.go import go_path_clean, go_path_join
from auditor.endpoints.resolve import _adapter_chain

_scan = scan_go_module


# -- routers received by type (dependency injection) ----------------------------------------
GROUPS = '''package svr

import (
	"crypto/subtle"

	"github.com/gofiber/fiber/v2"
)

type V2 struct {
	fiber.Router
}

type Admin struct {
	fiber.Router
}

type Meta struct {
	fiber.Router
}

// a struct with a router under a name of its own: its methods are not promoted
type Named struct {
	router fiber.Router
}

func CreateGroups(app *fiber.App, key string) (*V2, *Admin, *Meta) {
	v2 := app.Group("/api/v2")
	admin := app.Group("/api/admin", func(c *fiber.Ctx) error {
		got := c.Get(fiber.HeaderAuthorization)
		if subtle.ConstantTimeCompare([]byte(got), []byte("Bearer "+key)) != 1 {
			return c.SendStatus(fiber.StatusUnauthorized)
		}
		return c.Next()
	})
	meta := app.Group("/api/_")
	return &V2{Router: v2}, &Admin{Router: admin}, &Meta{meta}
}
'''

HTTPSERVER = '''package httpserver

import "github.com/gofiber/fiber/v2"

func Create() *fiber.App {
	return fiber.New()
}
'''

CONTROLLERS = '''package controller

import (
	"github.com/gofiber/fiber/v2"
	"go.uber.org/fx"

	"example.com/svc/svr"
)

type Item struct {
	fx.In
}

func RegisterItem(v2 *svr.V2, c Item) {
	v2.Get("/items", c.List)
	r := v2.Group("/recognition")
	r.Post("/report", c.List)
}

func RegisterAdmin(admin *svr.Admin, c Item) {
	admin.Post("/purge", c.List)
}

func RegisterMeta(meta *svr.Meta, c Item) {
	meta.Get("/health", c.List)
}

// look-alike: a client of a struct type nobody builds around a router
type Client struct{ base string }

func Fetch(cl *Client, c Item) {
	cl.Get("/remote/thing", c.List)
}

func (c Item) List(ctx *fiber.Ctx) error { return ctx.SendString("ok") }

func (cl *Client) Get(path string, h func(*fiber.Ctx) error) {}

func Module() fx.Option {
	return fx.Invoke(RegisterItem, RegisterAdmin, RegisterMeta)
}
'''


def test_routers_received_by_type_take_the_prefix_of_the_group_they_hold(tmp_path):
    eps, _res = _scan(tmp_path, {"svr/versioning.go": GROUPS, "httpserver/http.go": HTTPSERVER,
                                 "controller/item.go": CONTROLLERS})
    assert ("GET", "/api/v2/items") in eps
    assert ("POST", "/api/v2/recognition/report") in eps
    assert ("GET", "/api/_/health") in eps  # &Meta{meta}: positional
    assert ("POST", "/api/admin/purge") in eps
    assert not any(p == "/items" for _m, p in eps)
    # a method of a struct no router was handed to is no route
    assert not any("remote" in p for _m, p in eps)


def test_inline_group_middleware_is_profiled(tmp_path):
    eps, _res = _scan(tmp_path, {"svr/versioning.go": GROUPS, "httpserver/http.go": HTTPSERVER,
                                 "controller/item.go": CONTROLLERS})
    assert eps[("POST", "/api/admin/purge")].auth == "required"
    assert eps[("GET", "/api/v2/items")].auth == "none"
    assert eps[("GET", "/api/_/health")].auth == "none"


INLINE_HEADER = '''package main

import "github.com/gofiber/fiber/v2"

func main() {
	app := fiber.New()
	v3 := app.Group("/api/v3", func(c *fiber.Ctx) error {
		c.Set("X-Notes", "alpha")
		if c.Get(fiber.HeaderAccept) == "" {
			return c.SendStatus(fiber.StatusNotAcceptable)
		}
		return c.Next()
	})
	v3.Get("/items", func(c *fiber.Ctx) error { return c.SendString("ok") })
	app.Listen(":3000")
}
'''


def test_inline_middleware_that_reads_no_credential_is_no_guard(tmp_path):
    eps, _res = _scan(tmp_path, {"main.go": INLINE_HEADER})
    assert eps[("GET", "/api/v3/items")].auth == "none"


# -- path.Join, wrappers with options, var-declared routers, OAuth logins (echo) ----------------
ECHO_AUTH = '''package auth

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

type Auth struct{}

func (o *Auth) Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Header.Get("Authorization") == "" {
			return echo.NewHTTPError(http.StatusUnauthorized, "no token")
		}
		return next(c)
	}
}

func (o *Auth) Perm(next echo.HandlerFunc, perms ...string) echo.HandlerFunc {
	return func(c echo.Context) error {
		if len(perms) == 0 {
			return echo.NewHTTPError(http.StatusForbidden, "denied")
		}
		return next(c)
	}
}
'''

ECHO_MAIN = '''package main

import (
	"database/sql"
	"net/http"
	"path"
	"strconv"

	"github.com/labstack/echo/v4"

	"example.com/svc/auth"
)

const uriAdmin = "/admin"

type App struct {
	auth *auth.Auth
	db   *sql.DB
}

func main() {
	app := &App{auth: &auth.Auth{}}
	initHTTPServer(app)
}

func initHTTPServer(app *App) *echo.Echo {
	var srv = echo.New()
	initHandlers(srv, app)
	srv.Start(":9000")
	return srv
}

func initHandlers(e *echo.Echo, a *App) {
	pm := a.auth.Perm
	g := e.Group("", a.auth.Middleware)
	g.GET(path.Join(uriAdmin, ""), a.AdminPage)
	g.GET(path.Join(uriAdmin, "/*"), a.AdminPage)
	g.GET("/api/lists/:id", pm(hasID(a.GetList), "lists:get", "lists:manage"))
	g.POST("/api/lists", pm(a.CreateList, "lists:manage"))

	p := e.Group("")
	p.GET(path.Join(uriAdmin, "/login/"), a.LoginPage)
	p.POST("/auth/oidc", a.OIDCLogin)
}

func hasID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, err := strconv.Atoi(c.Param("id")); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, "bad id")
		}
		return next(c)
	}
}

func (a *App) AdminPage(c echo.Context) error { return c.HTML(http.StatusOK, "<html>") }
func (a *App) LoginPage(c echo.Context) error { return c.HTML(http.StatusOK, "<form>") }

func (a *App) GetList(c echo.Context) error {
	row := a.db.QueryRow("SELECT name FROM lists WHERE id = $1", c.Param("id"))
	var name string
	_ = row.Scan(&name)
	return c.JSON(http.StatusOK, name)
}

func (a *App) CreateList(c echo.Context) error {
	_, err := a.db.Exec("INSERT INTO lists (name) VALUES ($1)", c.FormValue("name"))
	return err
}

// the first step of an OpenID Connect login: the nonce cookie the login page set must match
func (a *App) OIDCLogin(c echo.Context) error {
	nonce, err := c.Cookie("nonce")
	if err != nil || nonce.Value != c.FormValue("nonce") {
		return echo.NewHTTPError(http.StatusUnauthorized, "invalid request")
	}
	return c.Redirect(http.StatusFound, "https://idp.example.com/authorize?state="+nonce.Value)
}
'''

ECHO_TOKEN = '''package main

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// look-alike: a handler that checks the bearer token of every request is a guard
func (a *App) Export(c echo.Context) error {
	if c.Request().Header.Get("Authorization") != "Bearer s3cret" {
		return echo.NewHTTPError(http.StatusUnauthorized, "token")
	}
	return c.String(http.StatusOK, "data")
}

func exportRoutes(e *echo.Echo, a *App) {
	e.GET("/export", a.Export)
}
'''


def test_path_join_and_var_declared_router(tmp_path):
    eps, res = _scan(tmp_path, {"auth/auth.go": ECHO_AUTH, "main.go": ECHO_MAIN})
    assert ("GET", "/admin") in eps
    assert ("GET", "/admin/*") in eps or ("GET", "/admin/{*}") in eps
    assert ("GET", "/admin/login") in eps
    assert eps[("GET", "/admin")].auth == "required"
    # `var srv = echo.New()` hands a known router to initHandlers: nothing is left unreached
    assert not [u for u in res.unresolved_routes if "never called" in u["reason"]]


def test_wrappers_with_literal_options_serve_the_wrapped_function(tmp_path):
    eps, res = _scan(tmp_path, {"auth/auth.go": ECHO_AUTH, "main.go": ECHO_MAIN})
    got = eps[("GET", "/api/lists/:id")]
    assert got.handler["name"].endswith("GetList")
    assert got.data_sites or got.sql_sites
    assert eps[("POST", "/api/lists")].handler["name"].endswith("CreateList")
    assert not [u for u in res.unresolved_routes if "call graph" in u["reason"]]


def test_adapter_chain_reads_function_first_literal_options_after():
    assert _adapter_chain('pm(hasID(a.GetList), "lists:get", "x")') == ["pm", "hasID",
                                                                         "a.GetList"]
    assert _adapter_chain('pm(a.CreateList, "l")') == ["pm", "a.CreateList"]
    assert _adapter_chain("f(x, y)") == []  # a second argument that is no literal
    assert _adapter_chain("h.List()") == []
    assert _adapter_chain("a.X") == []


def test_oauth_login_step_is_no_guard_but_a_token_check_is(tmp_path):
    eps, _res = _scan(tmp_path, {"auth/auth.go": ECHO_AUTH, "main.go": ECHO_MAIN,
                                 "export.go": ECHO_TOKEN})
    assert eps[("POST", "/auth/oidc")].auth == "none"
    assert eps[("GET", "/admin/login")].auth == "none"
    assert eps[("GET", "/export")].auth == "required"


def test_go_path_join_semantics():
    assert go_path_join(["/admin", ""]) == "/admin"
    assert go_path_join(["/admin", "/login/"]) == "/admin/login"
    assert go_path_join(["/admin", "/*"]) == "/admin/*"
    assert go_path_join(["", ""]) == ""
    assert go_path_join(["a", "../b"]) == "b"
    assert go_path_clean("//x/./y/..") == "/x"
    assert go_path_clean("") == "."


# -- a credential read when it is sent ------------------------------------------------------
OPTIONAL_READ = '''package main

import (
	"net/http"

	"github.com/gofiber/fiber/v2"
)

func extract(c *fiber.Ctx) string {
	return c.Get(fiber.HeaderAuthorization)
}

func accountOf(c *fiber.Ctx) (string, bool) {
	id := extract(c)
	return id, id != ""
}

func matrix(c *fiber.Ctx) error {
	if c.Query("personal") == "true" {
		if id, ok := accountOf(c); ok {
			return c.SendString("personal " + id)
		}
	}
	return c.SendString("global")
}

func logout(c *fiber.Ctx) error {
	key := c.Get("Authorization")
	c.ClearCookie("session")
	return c.SendString("bye " + key)
}

// look-alike: an Authorization header set on an outgoing request
func relay(c *fiber.Ctx) error {
	req, _ := http.NewRequest("GET", "https://upstream.example.com/v1", nil)
	req.Header.Set("Authorization", "Bearer upstream-key")
	_, _ = http.DefaultClient.Do(req)
	return c.SendString("relayed")
}

func main() {
	app := fiber.New()
	app.Get("/result/matrix", matrix)
	app.Post("/logout", logout)
	app.Get("/relay", relay)
	app.Listen(":3000")
}
'''


def test_credential_read_when_sent_is_optional_auth(tmp_path):
    eps, _res = _scan(tmp_path, {"main.go": OPTIONAL_READ})
    assert eps[("GET", "/result/matrix")].auth == "optional"
    assert eps[("POST", "/logout")].auth == "none"
    assert eps[("GET", "/relay")].auth == "none"
