"""Routes, auth, data and injections of backends and vulnerable apps whose truth was written
before auditor ran (session 53 holdout), each case from how the language or library behaves,
with the look-alike that must not change:

- DRF: a viewset's `get_permissions` that spells its choice out by action (`if self.action in
  ("create", "destroy"): permission_classes = [IsAdmin] ... else: permission_classes =
  [AllowAny]`, each branch returning its list, or a local dict read with
  `table.get(self.action, self.permission_classes)`) guards each action with that branch's
  classes, the `else` branch's for the rest; an action whose entry repeats the class's own
  `permission_classes` keeps it. A `get_permissions` deciding on anything else (the request's
  method) is not read as a table.
"""
from __future__ import annotations

import re

from conftest import assert_findings, scan, write_tree


def _auths(root, files: dict, strip: bool = False) -> set:
    """(method, path, auth) of the explicit endpoints of a scan of `files` written under
    `root`; `strip` drops a trailing slash (chi and DRF paths end in one)."""
    res = scan(write_tree(root, files))
    return {(e.method, (e.path.rstrip("/") or "/") if strip else e.path, e.auth)
            for e in res.endpoints if not e.implicit}

DRF_VIEWS = """from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAdminUser, IsAuthenticated
from rest_framework.response import Response

from .models import Post


class PostViewSet(viewsets.ModelViewSet):
    queryset = Post.objects.all()

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            permission_classes = [AllowAny]
        elif self.action == "publish" or self.action == "destroy":
            permission_classes = [IsAdminUser]
        else:
            permission_classes = [IsAuthenticated]
        return [permission() for permission in permission_classes]

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return Response({})


class TagViewSet(viewsets.ModelViewSet):
    queryset = Post.objects.all()

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated()]
        return [AllowAny()]


class UserViewSet(viewsets.ModelViewSet):
    queryset = Post.objects.all()
    permission_classes = [IsAuthenticated]

    def get_permissions(self):
        permission_map = {
            "list": [IsAdminUser],
            "me": [IsAuthenticated],
        }
        permission_classes = permission_map.get(self.action, self.permission_classes)
        return [p() for p in permission_classes]

    @action(detail=False, methods=["get"])
    def me(self, request):
        return Response({"id": request.user.id})


class NoteViewSet(viewsets.ModelViewSet):
    queryset = Post.objects.all()
    permission_classes = [IsAuthenticated]

    def get_permissions(self):
        if self.request.method == "GET":
            return [AllowAny()]
        return super().get_permissions()
"""

DRF_URLS = """from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register(r"posts", views.PostViewSet)
router.register(r"tags", views.TagViewSet)
router.register(r"users", views.UserViewSet)
router.register(r"notes", views.NoteViewSet)

urlpatterns = [path("api/", include(router.urls))]
"""


def test_drf_get_permissions_branching_on_the_action(tmp_path):
    write_tree(tmp_path, {
        "manage.py": "import django\n",
        "app/settings.py": "ROOT_URLCONF = 'app.urls'\nINSTALLED_APPS = ['rest_framework']\n",
        "app/models.py": ("from django.db import models\n\n\nclass Post(models.Model):\n"
                          "    title = models.TextField()\n"),
        "app/views.py": DRF_VIEWS, "app/urls.py": DRF_URLS})
    res = scan(tmp_path)
    got = {(e.method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", e.path.rstrip("/") or "/"), e.auth)
           for e in res.endpoints if not e.implicit}
    want = {("GET", "/api/posts", "none"), ("GET", "/api/posts/{pk}", "none"),
            ("POST", "/api/posts", "required"), ("PUT", "/api/posts/{pk}", "required"),
            ("DELETE", "/api/posts/{pk}", "required"),
            ("POST", "/api/posts/{pk}/publish", "required"),
            ("POST", "/api/tags", "required"), ("GET", "/api/tags", "none"),
            ("DELETE", "/api/tags/{pk}", "none"),
            ("GET", "/api/users", "required"), ("GET", "/api/users/me", "required"),
            ("DELETE", "/api/users/{pk}", "required"),
            # (decided on the request's method: read as the class's own permission_classes)
            ("POST", "/api/notes", "required")}
    missed = want - got
    assert not missed, f"missed {sorted(missed)}; got {sorted(g for g in got if g[:2] in {w[:2] for w in missed})}"


GO_TABLE_ROUTES = """package routes

import (
	"net/http"

	"github.com/gorilla/mux"
	"example.com/app/middlewares"
)

type Route struct {
	URI          string
	Method       string
	Handler      func(http.ResponseWriter, *http.Request)
	AuthRequired bool
}

func Load() []Route {
	routes := UserRoutes
	routes = append(routes, LoginRoutes...)
	return routes
}

func Setup(r *mux.Router) *mux.Router {
	for _, route := range Load() {
		if route.AuthRequired {
			r.HandleFunc(route.URI,
				middlewares.Logger(middlewares.Authenticate(route.Handler)),
			).Methods(route.Method)
		} else {
			r.HandleFunc(route.URI, middlewares.Logger(route.Handler)).Methods(route.Method)
		}
	}
	return r
}
"""

GO_TABLE_USERS = """package routes

import (
	"net/http"

	"example.com/app/controllers"
)

var UserRoutes = []Route{
	Route{URI: "/users", Method: http.MethodGet, Handler: controllers.GetUsers, AuthRequired: false},
	Route{URI: "/users/{id}", Method: http.MethodDelete, Handler: controllers.DeleteUser, AuthRequired: true},
	Route{URI: "/users/{id}", Method: http.MethodPut, Handler: controllers.UpdateUser, AuthRequired: true},
}
"""

GO_TABLE_LOGIN = """package routes

import (
	"net/http"

	"example.com/app/controllers"
)

var LoginRoutes = []Route{
	Route{URI: "/login", Method: http.MethodPost, Handler: controllers.Login, AuthRequired: false},
}
"""

GO_TABLE_MW = """package middlewares

import "net/http"

func Logger(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		next(w, r)
	}
}

func Authenticate(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next(w, r)
	}
}
"""

GO_TABLE_CONTROLLERS = """package controllers

import "net/http"

func GetUsers(w http.ResponseWriter, r *http.Request)   { w.Write([]byte("[]")) }
func DeleteUser(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }
func UpdateUser(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }
func Login(w http.ResponseWriter, r *http.Request)      { w.Write([]byte("{}")) }
"""

GO_TABLE_MAIN = """package main

import (
	"net/http"

	"github.com/gorilla/mux"
	"example.com/app/routes"
)

func New() *mux.Router {
	r := mux.NewRouter().StrictSlash(true)
	return routes.Setup(r)
}

func main() {
	http.ListenAndServe(":8080", New())
}
"""


def test_go_route_table_of_appended_package_tables_split_by_an_entry_flag(tmp_path):
    got = _auths(tmp_path, {
        "go.mod": "module example.com/app\n\ngo 1.21\n\nrequire github.com/gorilla/mux v1.8.0\n",
        "main.go": GO_TABLE_MAIN, "routes/routes.go": GO_TABLE_ROUTES,
        "routes/user_routes.go": GO_TABLE_USERS, "routes/login_routes.go": GO_TABLE_LOGIN,
        "middlewares/middlewares.go": GO_TABLE_MW, "controllers/c.go": GO_TABLE_CONTROLLERS})
    assert got == {("GET", "/users", "none"), ("DELETE", "/users/{id}", "required"),
                   ("PUT", "/users/{id}", "required"), ("POST", "/login", "none")}, got


NEKO_TYPES = """package types

import (
	"context"
	"net/http"
)

type RouterHandler func(w http.ResponseWriter, r *http.Request) error
type MiddlewareHandler func(w http.ResponseWriter, r *http.Request) (context.Context, error)

type Router interface {
	Group(fn func(Router))
	Route(pattern string, fn func(Router))
	Get(pattern string, fn RouterHandler)
	Post(pattern string, fn RouterHandler)
	Use(fn MiddlewareHandler)
	ServeHTTP(w http.ResponseWriter, req *http.Request)
}
"""

NEKO_ROUTER = """package server

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/app/types"
)

type router struct {
	chi chi.Router
}

func newRouter() types.Router {
	return &router{chi.NewRouter()}
}

func (r *router) Group(fn func(types.Router)) {
	r.chi.Group(func(c chi.Router) { fn(&router{c}) })
}

func (r *router) Route(pattern string, fn func(types.Router)) {
	r.chi.Route(pattern, func(c chi.Router) { fn(&router{c}) })
}

func (r *router) Get(pattern string, fn types.RouterHandler) {
	r.chi.Get(pattern, func(w http.ResponseWriter, req *http.Request) { fn(w, req) })
}

func (r *router) Post(pattern string, fn types.RouterHandler) {
	r.chi.Post(pattern, func(w http.ResponseWriter, req *http.Request) { fn(w, req) })
}

func (r *router) Use(fn types.MiddlewareHandler) {
	r.chi.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			ctx, err := fn(w, req)
			if err != nil {
				w.WriteHeader(401)
				return
			}
			next.ServeHTTP(w, req.WithContext(ctx))
		})
	})
}

func (r *router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.chi.ServeHTTP(w, req)
}

var _ = context.Background
"""

NEKO_MANAGER = """package server

import (
	"net/http"

	"example.com/app/api"
)

func Start() {
	apiManager := api.New()
	router := newRouter()
	router.Route("/api", apiManager.Route)
	http.ListenAndServe(":8080", router)
}
"""

NEKO_API = """package api

import (
	"context"
	"errors"
	"net/http"

	"example.com/app/sessions"
	"example.com/app/types"
)

type Manager struct{}

func New() *Manager { return &Manager{} }

func (a *Manager) Route(r types.Router) {
	r.Post("/login", a.Login)

	r.Group(func(r types.Router) {
		r.Use(a.Authenticate)
		r.Get("/whoami", a.Whoami)

		sessionsHandler := sessions.New()
		r.Route("/sessions", sessionsHandler.Route)
	})
}

func (a *Manager) Authenticate(w http.ResponseWriter, r *http.Request) (context.Context, error) {
	if r.Header.Get("Authorization") == "" {
		return nil, errors.New("unauthorized")
	}
	return r.Context(), nil
}

func (a *Manager) Login(w http.ResponseWriter, r *http.Request) error  { return nil }
func (a *Manager) Whoami(w http.ResponseWriter, r *http.Request) error { return nil }
"""

NEKO_SESSIONS = """package sessions

import "example.com/app/types"

type Handler struct{}

func New() *Handler { return &Handler{} }

func (h *Handler) Route(r types.Router) {
	r.Get("/", h.list)
}
"""

NEKO_SESSIONS_LIST = """package sessions

import "net/http"

func (h *Handler) list(w http.ResponseWriter, r *http.Request) error {
	w.Write([]byte("[]"))
	return nil
}
"""


def test_go_project_router_interface_around_chi(tmp_path):
    """chi behind the project's own `types.Router` interface: `Route(prefix, fn)` and
    `Group(func(r types.Router) {...})` keep chi's meaning (a sub-router; a group whose Use
    does not reach the routes before it), and a file importing no router that registers on
    a parameter of that type (`func (h *Handler) Route(r types.Router)`) is replayed where
    the router is handed to it."""
    got = _auths(tmp_path, {
        "go.mod": "module example.com/app\n\ngo 1.21\n\nrequire github.com/go-chi/chi/v5 v5.0.10\n",
        "types/http.go": NEKO_TYPES, "server/router.go": NEKO_ROUTER,
        "server/manager.go": NEKO_MANAGER, "api/router.go": NEKO_API,
        "sessions/handler.go": NEKO_SESSIONS, "sessions/list.go": NEKO_SESSIONS_LIST}, strip=True)
    assert {("POST", "/api/login", "none"), ("GET", "/api/whoami", "required"),
            ("GET", "/api/sessions", "required")} <= got, got


MEMOS_JWT = """package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

func HasPrefixes(src string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(src, p) {
			return true
		}
	}
	return false
}

func (s *Server) authSkipper(c echo.Context) bool {
	path := c.Path()
	if HasPrefixes(path, "/api/auth") {
		return true
	}
	return false
}

func JWTMiddleware(s *Server, next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		path := c.Request().URL.Path
		method := c.Request().Method

		if s.authSkipper(c) {
			return next(c)
		}
		if HasPrefixes(path, "/api/ping", "/api/user/:id") && method == http.MethodGet {
			return next(c)
		}
		token := c.Request().Header.Get("Authorization")
		if token == "" {
			if HasPrefixes(path, "/api/memo") && method == http.MethodGet {
				return next(c)
			}
			return echo.NewHTTPError(http.StatusUnauthorized, "Missing access token")
		}
		if !s.valid(token) {
			return echo.NewHTTPError(http.StatusUnauthorized, "Invalid access token")
		}
		c.Set("user-id", 1)
		return next(c)
	}
}
"""

MEMOS_SERVER = """package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

type Server struct{ e *echo.Echo }

func (s *Server) valid(t string) bool { return t == "x" }

func NewServer() *Server {
	e := echo.New()
	s := &Server{e: e}
	api := e.Group("/api")
	api.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return JWTMiddleware(s, next)
	})
	api.POST("/auth/signin", func(c echo.Context) error { return c.JSON(http.StatusOK, nil) })
	api.GET("/ping", func(c echo.Context) error { return c.String(http.StatusOK, "pong") })
	api.POST("/ping", func(c echo.Context) error { return c.String(http.StatusOK, "pong") })
	api.GET("/memo", func(c echo.Context) error { return c.JSON(http.StatusOK, nil) })
	api.POST("/memo", func(c echo.Context) error { return c.JSON(http.StatusOK, nil) })
	api.GET("/user/:id", func(c echo.Context) error { return c.JSON(http.StatusOK, nil) })
	e.GET("/idp/:id", func(c echo.Context) error {
		userID, ok := c.Get(getUserIDContextKey()).(int)
		if !ok {
			return echo.NewHTTPError(http.StatusUnauthorized, "Missing user in session")
		}
		return c.JSON(http.StatusOK, userID)
	})
	return s
}

func getUserIDContextKey() string { return "user-id" }
"""


def test_echo_middleware_letting_paths_on_by_their_prefix_and_method(tmp_path):
    """A middleware that hands the request on (`return next(c)`) for paths a prefix test
    names, with the method it names, before it reads anything lets those routes through
    (none); the same test inside the branch where the token was found missing lets them
    through only without one (optional); a predicate of the tree answering true for a path
    prefix (`if s.authSkipper(c) { return next(c) }`) too. `/api/user/:id` written in the
    list is no route parameter: no request path starts with those characters. An inline
    middleware that only calls another (`return JWTMiddleware(s, next)`) is that one; a
    handler written in place that refuses a request without the user is guarded."""
    got = _auths(tmp_path, {
        "go.mod": "module example.com/memos\n\ngo 1.21\n\nrequire github.com/labstack/echo/v4 v4.11.0\n",
        "server/jwt.go": MEMOS_JWT, "server/server.go": MEMOS_SERVER})
    want = {("POST", "/api/auth/signin", "none"), ("GET", "/api/ping", "none"),
            ("POST", "/api/ping", "required"), ("GET", "/api/memo", "optional"),
            ("POST", "/api/memo", "required"), ("GET", "/api/user/:id", "required"),
            ("GET", "/idp/:id", "required")}
    assert want <= got, f"missed {sorted(want - got)}"


GOCOMMERCE = """package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/go-chi/chi"
)

type router struct{ chi chi.Router }

type middlewareHandler func(w http.ResponseWriter, r *http.Request) (context.Context, error)

func (r *router) Use(fn middlewareHandler) {
	r.chi.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			ctx, err := fn(w, req)
			if err != nil {
				http.Error(w, err.Error(), http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, req.WithContext(ctx))
		})
	})
}

func (r *router) Get(pattern string, fn http.HandlerFunc) { r.chi.Get(pattern, fn) }

func (r *router) Route(pattern string, fn func(*router)) {
	r.chi.Route(pattern, func(c chi.Router) { fn(&router{c}) })
}

type API struct{}

func withToken(w http.ResponseWriter, r *http.Request) (context.Context, error) {
	ctx := r.Context()
	token := r.Header.Get("Authorization")
	if token == "" {
		return ctx, nil
	}
	if token != "secret" {
		return nil, errors.New("unauthorized")
	}
	return context.WithValue(ctx, "user", token), nil
}

func requireToken(w http.ResponseWriter, r *http.Request) (context.Context, error) {
	ctx := r.Context()
	token := r.Header.Get("Authorization")
	if token == "" {
		return nil, errors.New("unauthorized")
	}
	return context.WithValue(ctx, "user", token), nil
}

func (a *API) list(w http.ResponseWriter, r *http.Request) {}

func New() http.Handler {
	r := &router{chi.NewRouter()}
	a := &API{}
	r.Route("/orders", func(r *router) {
		r.Use(withToken)
		r.Get("/", a.list)
	})
	r.Route("/admin", func(r *router) {
		r.Use(requireToken)
		r.Get("/", a.list)
	})
	return r.chi
}
"""


def test_go_context_error_middleware_returning_the_context_without_a_token(tmp_path):
    """A router wrapper's middleware answering (context.Context, error): `if token == "" {
    return ctx, nil }` (ctx the request's context) hands a request without the credential
    on, a token that is sent is still checked (optional); one answering an error for it
    refuses (required)."""
    got = _auths(tmp_path, {"go.mod": "module example.com/shop\n\ngo 1.21\n\nrequire github.com/go-chi/chi v4.1.2+incompatible\n",
                          "api/api.go": GOCOMMERCE}, strip=True)
    assert {("GET", "/orders", "optional"), ("GET", "/admin", "required")} <= got, got


NEST_AUTH = """import { Body, Controller, Get, Post, Request, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

@Controller('auth')
export class AuthController {
  @UseGuards(AuthGuard('local'))
  @Post('login')
  async login(@Request() req) {
    return req.user;
  }

  @UseGuards(AuthGuard('jwt'))
  @Get('profile')
  profile(@Request() req) {
    return req.user;
  }
}
"""


def test_nest_passport_local_guard_written_directly_is_the_login(tmp_path):
    """`@UseGuards(AuthGuard('local'))` on a route is passport-local checking the username
    and password the login posts (none); `AuthGuard('jwt')` requires the token."""
    got = _auths(tmp_path, {
        "package.json": '{"dependencies": {"@nestjs/core": "^10.0.0", "@nestjs/passport": "^10.0.0"}}',
        "src/auth.controller.ts": NEST_AUTH,
        "src/app.module.ts": ("import { Module } from '@nestjs/common';\n"
                              "import { AuthController } from './auth.controller';\n\n"
                              "@Module({ controllers: [AuthController] })\n"
                              "export class AppModule {}\n")})
    assert {("POST", "/auth/login", "none"), ("GET", "/auth/profile", "required")} <= got, got


EXPRESS_SIGNIN = """import express from 'express';
import bcrypt from 'bcrypt';
import jwt from 'jsonwebtoken';
import { prisma } from './prisma.js';

const router = express.Router();

router.post('/sign-in', async (req, res) => {
  const { email, password } = req.body;
  const user = await prisma.users.findFirst({ where: { email } });
  if (!user) return res.status(401).json({ message: 'no such user' });
  if (!(await bcrypt.compare(password, user.password)))
    return res.status(401).json({ message: 'wrong password' });
  const token = jwt.sign({ userId: user.userId }, process.env.SECRET);
  res.cookie('authorization', `Bearer ${token}`);
  return res.status(200).json({ message: 'ok' });
});

router.get('/me', async (req, res) => {
  const { authorization } = req.cookies;
  if (!authorization) return res.status(401).json({ message: 'log in' });
  const [type, token] = authorization.split(' ');
  const { userId } = jwt.verify(token, process.env.SECRET);
  return res.json(await prisma.users.findFirst({ where: { userId } }));
});

const app = express();
app.use('/api', router);
app.listen(3000);
"""


def test_express_login_setting_an_authorization_cookie_is_no_credential_check(tmp_path):
    """A login that checks the password it is posted and sets a cookie named
    `authorization` answers 401 to a wrong password: it requires nothing (the cookie is the
    credential it issues); a handler reading that cookie and refusing without it requires it."""
    got = _auths(tmp_path, {"package.json": '{"type": "module", "dependencies": {"express": "^4.18.0"}}',
                          "src/app.js": EXPRESS_SIGNIN})
    assert {("POST", "/api/sign-in", "none"), ("GET", "/api/me", "required")} <= got, got


GO_OAUTH_ROUTER = """package routers

import (
	"net/http"

	"golang.org/x/oauth2"

	"example.com/goapi/handlers"
)

func Setup(mux *http.ServeMux, s *handlers.Service) {
	cfgGoogle := oauth2.Config{ClientID: "id", RedirectURL: "/auth/google/callback"}
	mux.HandleFunc("GET /auth/google/request", handlers.GoogleOAuthRequestHandler(s, cfgGoogle))
	mux.HandleFunc("GET /auth/me", handlers.RequireAuth(handlers.Me))
}
"""

GO_OAUTH_HANDLERS = """package handlers

import (
	"net/http"

	"golang.org/x/oauth2"
)

type Service struct{}

func GoogleOAuthRequestHandler(s *Service, cfg oauth2.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, cfg.AuthCodeURL("state"), http.StatusTemporaryRedirect)
	}
}

func RequireAuth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next(w, r)
	}
}

func Me(w http.ResponseWriter, r *http.Request) {}
"""


def test_go_handler_factory_handed_a_local_struct_is_no_wrapper(tmp_path):
    """`handlers.GoogleOAuthRequestHandler(s, cfgGoogle)` with `cfgGoogle :=
    oauth2.Config{...}`: what the call is handed is no function, so it makes the handler (an
    OAuth redirect, public), it wraps none; `RequireAuth(handlers.Me)` still wraps."""
    got = _auths(tmp_path, {"go.mod": "module example.com/goapi\n\ngo 1.22\n",
                          "routers/r.go": GO_OAUTH_ROUTER, "handlers/h.go": GO_OAUTH_HANDLERS,
                          "main.go": ("package main\n\nimport (\n\t\"net/http\"\n\n"
                                      "\t\"example.com/goapi/routers\"\n)\n\nfunc main() {\n"
                                      "\tmux := http.NewServeMux()\n\trouters.Setup(mux, nil)\n"
                                      "\thttp.ListenAndServe(\":8080\", mux)\n}\n")})
    assert {("GET", "/auth/google/request", "none"), ("GET", "/auth/me", "required")} <= got, got


GORILLA_REQUIRE = """package api

import (
	"net/http"

	"github.com/gorilla/mux"
	dpauth "github.com/example/authorisation/auth"
)

type API struct{}

func (a *API) list(w http.ResponseWriter, r *http.Request)   {}
func (a *API) create(w http.ResponseWriter, r *http.Request) {}
func health(w http.ResponseWriter, r *http.Request)          {}

func Setup(r *mux.Router, auth dpauth.Handler) {
	a := &API{}
	r.StrictSlash(true).Path("/health").HandlerFunc(health)
	r.HandleFunc("/images", a.list).Methods(http.MethodGet)
	r.HandleFunc("/images", auth.Require(dpauth.Permissions{Create: true}, a.create)).Methods(http.MethodPost)
}
"""

GORILLA_REQUIRE_MOCK = """// Code generated by moq; DO NOT EDIT.
// github.com/matryer/moq

package mock

import (
	"net/http"

	dpauth "github.com/example/authorisation/auth"
)

type AuthHandlerMock struct{}

func (mock *AuthHandlerMock) Require(required dpauth.Permissions, handler http.HandlerFunc) http.HandlerFunc {
	return handler
}
"""


def test_gorilla_strict_slash_chain_and_an_auth_objects_require(tmp_path):
    """`r.StrictSlash(true).Path("/health").HandlerFunc(h)`: StrictSlash returns the router,
    the chain is a route; `auth.Require(perms, h)` on an authorisation object of a library
    guards (a test double generated by moq, implementing the interface for tests, is no
    implementation production runs)."""
    got = _auths(tmp_path, {
        "go.mod": "module example.com/img\n\ngo 1.21\n\nrequire github.com/gorilla/mux v1.8.0\n",
        "api/api.go": GORILLA_REQUIRE, "api/mock/auth.go": GORILLA_REQUIRE_MOCK,
        "main.go": ("package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/gorilla/mux\"\n"
                    "\t\"example.com/img/api\"\n)\n\nfunc main() {\n\tr := mux.NewRouter()\n"
                    "\tapi.Setup(r, nil)\n\thttp.ListenAndServe(\":8080\", r)\n}\n")})
    assert {("ANY", "/health", "none"), ("GET", "/images", "none"),
            ("POST", "/images", "required")} <= got, got


FLASK_ORDER = """from flask import Flask
from flask_login import login_required

app = Flask(__name__)


@login_required
@app.route("/wrong")
def wrong():
    return "x"


@app.route("/right")
@login_required
def right():
    return "x"
"""


def test_flask_guard_decorating_above_the_route_decorator_never_runs(tmp_path):
    """`@app.route` registers the function as the decorators below it made it and returns it
    unchanged: `@login_required` written above it wraps a function no request reaches through
    that route (none, and ineffective-auth says the guard never runs); below it, it guards."""
    res = scan(write_tree(tmp_path, {"app.py": FLASK_ORDER}))
    got = {(e.method, e.path, e.auth) for e in res.endpoints if not e.implicit}
    assert {("GET", "/wrong", "none"), ("GET", "/right", "required")} <= got, got
    dead = [(f.rule_id, f.line) for f in res.findings if f.rule_id == "ineffective-auth"]
    assert dead == [("ineffective-auth", 8)], dead


PROMISIFY_APP = """const express = require("express");
const util = require("util");
const { exec } = require("child_process");
const cp = require("child_process");
const fs = require("fs");

const execAsync = util.promisify(exec);
const run = util.promisify(cp.exec);
const readFileAsync = util.promisify(fs.readFile);

const app = express();

app.get("/ls", async (req, res) => {
  const { stdout } = await execAsync(`ls ${req.query.dir}`);
  res.json({ stdout });
});

app.get("/cat", async (req, res) => {
  const { stdout } = await run("cat " + req.query.file);
  res.json({ stdout });
});

app.get("/uptime", async (req, res) => {
  const { stdout } = await execAsync("uptime");
  res.json({ stdout });
});

app.listen(3000);
"""


def test_promisified_exec_is_exec(tmp_path):
    """`util.promisify(exec)` (or `promisify(cp.exec)`) is child_process.exec answering with a
    promise: a shell command built from the request reaches it; a constant command does not."""
    assert_findings(tmp_path, {"package.json": '{"dependencies": {"express": "^4.18.0"}}',
                               "app.js": PROMISIFY_APP},
                    "command-injection", {("command-injection", 14), ("command-injection", 19)})


FLASK_FORMS = """import os
import subprocess as sp

from flask import Flask, request
from flask_wtf import FlaskForm
from sqlalchemy import text
from wtforms import StringField

from models import Book, User, db

app = Flask(__name__)
UPLOAD_FOLDER = "/srv/covers"


class LoginForm(FlaskForm):
    username = StringField("username")


@app.route("/login", methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        name = form.username.data
        query = text("SELECT * FROM users WHERE name = '{}'".format(name))
        return str(User.query.from_statement(query).first())
    return "no"


@app.route("/ping")
def ping():
    host = request.args.get("host")
    return sp.getoutput("ping -c 1 " + host)


@app.route("/remove", methods=["POST"])
def remove():
    book = Book.query.get(request.form["id"])
    db.session.delete(book)
    os.remove(os.path.join(UPLOAD_FOLDER, book.cover))
    return "ok"
"""


def test_wtforms_field_data_aliased_subprocess_and_orm_rows(tmp_path):
    """`form.username.data` of a form class built in the view (`form = LoginForm()`, a
    FlaskForm reads request.form) is what was posted; `sp.getoutput(...)` with `import
    subprocess as sp` is subprocess.getoutput; a row looked up by the request's id
    (`Book.query.get(id)`) holds stored data: its `cover` is no request value."""
    assert_findings(tmp_path, {"app.py": FLASK_FORMS, "models.py": "db = None\n"},
                    ("sql-injection", "command-injection", "path-traversal"),
                    {("sql-injection", 24), ("command-injection", 32)})


NEST_AUTH_TYPE = {
    "src/auth/auth-type.enum.ts": "export enum AuthType {\n  Bearer,\n  None,\n}\n",
    "src/auth/auth.decorator.ts": (
        "import { SetMetadata } from '@nestjs/common';\n"
        "import { AuthType } from './auth-type.enum';\n\n"
        "export const AUTH_TYPE_KEY = 'authType';\n"
        "export const Auth = (...authTypes: AuthType[]) => SetMetadata(AUTH_TYPE_KEY, authTypes);\n"),
    "src/auth/access-token.guard.ts": (
        "import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';\n\n"
        "@Injectable()\nexport class AccessTokenGuard implements CanActivate {\n"
        "  canActivate(context: ExecutionContext): boolean {\n"
        "    const request = context.switchToHttp().getRequest();\n"
        "    const token = request.headers.authorization;\n"
        "    if (!token) {\n      throw new UnauthorizedException();\n    }\n    return true;\n  }\n}\n"),
    "src/auth/authentication.guard.ts": (
        "import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';\n"
        "import { Reflector } from '@nestjs/core';\n"
        "import { AccessTokenGuard } from './access-token.guard';\n"
        "import { AuthType } from './auth-type.enum';\n"
        "import { AUTH_TYPE_KEY } from './auth.decorator';\n\n"
        "@Injectable()\nexport class AuthenticationGuard implements CanActivate {\n"
        "  private authTypeGuardMap: Record<AuthType, CanActivate>;\n\n"
        "  constructor(private readonly reflector: Reflector, private readonly accessTokenGuard: AccessTokenGuard) {\n"
        "    this.authTypeGuardMap = {\n"
        "      [AuthType.Bearer]: this.accessTokenGuard,\n"
        "      [AuthType.None]: { canActivate: () => true },\n"
        "    };\n  }\n\n"
        "  async canActivate(context: ExecutionContext): Promise<boolean> {\n"
        "    const authTypes = this.reflector.getAllAndOverride<AuthType[]>(AUTH_TYPE_KEY, [\n"
        "      context.getHandler(), context.getClass()]) ?? [AuthType.Bearer];\n"
        "    for (const type of authTypes) {\n"
        "      if (await this.authTypeGuardMap[type].canActivate(context)) return true;\n"
        "    }\n"
        "    throw new UnauthorizedException();\n  }\n}\n"),
    "src/app.module.ts": (
        "import { Module } from '@nestjs/common';\nimport { APP_GUARD } from '@nestjs/core';\n"
        "import { AuthenticationGuard } from './auth/authentication.guard';\n"
        "import { EventController } from './event.controller';\n\n"
        "@Module({\n  controllers: [EventController],\n"
        "  providers: [{ provide: APP_GUARD, useClass: AuthenticationGuard }],\n})\n"
        "export class AppModule {}\n"),
    "src/event.controller.ts": (
        "import { Controller, Get, Post } from '@nestjs/common';\n"
        "import { Auth } from './auth/auth.decorator';\n"
        "import { AuthType } from './auth/auth-type.enum';\n\n"
        "@Controller('event')\nexport class EventController {\n"
        "  @Auth(AuthType.None)\n  @Get()\n  list() {\n    return [];\n  }\n\n"
        "  @Auth(AuthType.Bearer)\n  @Post()\n  create() {\n    return {};\n  }\n\n"
        "  @Get('mine')\n  mine() {\n    return [];\n  }\n}\n"),
    "package.json": '{"dependencies": {"@nestjs/core": "^10.0.0"}}',
}


def test_nest_global_guard_table_letting_a_decorator_value_through(tmp_path):
    """NestJS's documented authentication design: a global guard reads the route's
    `@Auth(...)` metadata with the Reflector and runs, per value, a guard of its own table in
    which `[AuthType.None]: { canActivate: () => true }`: `@Auth(AuthType.None)` makes the
    route public; `@Auth(AuthType.Bearer)`, or no decorator (the default), requires the token."""
    got = _auths(tmp_path, NEST_AUTH_TYPE)
    assert {("GET", "/event", "none"), ("POST", "/event", "required"),
            ("GET", "/event/mine", "required")} <= got, got


FIBER_POINTERS = {
    "go.mod": "module example.com/j\n\ngo 1.21\n\nrequire github.com/gofiber/fiber/v2 v2.50.0\n",
    "main.go": ("package main\n\nimport (\n\t\"github.com/gofiber/fiber/v2\"\n\n"
                "\t\"example.com/j/api\"\n)\n\nfunc main() {\n\tapp := fiber.New()\n"
                "\tapi.Register(app)\n\tapp.Listen(\":8000\")\n}\n"),
    "api/api.go": ("package api\n\nimport (\n\t\"github.com/gofiber/fiber/v2\"\n\n"
                   "\tv1 \"example.com/j/api/v1\"\n)\n\nfunc Register(app *fiber.App) {\n"
                   "\tapi := app.Group(\"/api\")\n\tapi.Use(authorizer)\n\tv1.Register(&api)\n}\n\n"
                   "func authorizer(c *fiber.Ctx) error {\n"
                   "\tif c.Get(fiber.HeaderAuthorization) == \"\" {\n"
                   "\t\treturn c.SendStatus(fiber.StatusUnauthorized)\n\t}\n\treturn c.Next()\n}\n"),
    "api/v1/v1.go": ("package v1\n\nimport \"github.com/gofiber/fiber/v2\"\n\n"
                     "func Register(fiberRouter *fiber.Router) {\n"
                     "\tv1 := (*fiberRouter).Group(\"/v1\")\n"
                     "\tv1.Get(\"/users\", listUsers)\n"
                     "\t(*fiberRouter).Get(\"/ping\", ping)\n}\n\n"
                     "func listUsers(c *fiber.Ctx) error { return c.JSON(nil) }\n"
                     "func ping(c *fiber.Ctx) error      { return c.SendString(\"pong\") }\n"),
}


def test_fiber_router_handed_by_pointer(tmp_path):
    """`v1.Register(&api)` with `func Register(fiberRouter *fiber.Router)` and
    `(*fiberRouter).Group("/v1")`: the router behind the pointer, prefix and middleware kept."""
    got = _auths(tmp_path, FIBER_POINTERS)
    assert {("GET", "/api/v1/users", "required"), ("GET", "/api/ping", "required")} <= got, got


FLASK_G_USER = """import functools

from flask import Blueprint, Flask, flash, g, redirect, url_for

bp = Blueprint("admin", __name__, url_prefix="/admin")


def admin_required(view):
    @functools.wraps(view)
    def wrapped_view(**kwargs):
        if g.user is None or not g.user.admin:
            flash("Not authorized, must be admin")
            return redirect(url_for("auth.login"))
        return view(**kwargs)
    return wrapped_view


def with_banner(view):
    @functools.wraps(view)
    def wrapped_view(**kwargs):
        if g.user is None:
            g.banner = "Welcome, guest"
        return view(**kwargs)
    return wrapped_view


@bp.route("/")
@admin_required
def index():
    return "admin"


@bp.route("/about")
@with_banner
def about():
    return "about"


app = Flask(__name__)
app.register_blueprint(bp)
"""


def test_flask_decorator_testing_g_user_is_none(tmp_path):
    """`if g.user is None: return redirect(url_for("auth.login"))` (the Flask tutorial's
    login_required, here widened by `or not g.user.admin`) guards; the same test that only
    sets a banner refuses nobody."""
    write_tree(tmp_path, {"app.py": FLASK_G_USER})
    res = scan(tmp_path)
    got = {(e.method, e.path.rstrip("/") or "/", e.auth) for e in res.endpoints
           if not e.implicit and e.method == "GET"}
    assert {("GET", "/admin", "required"), ("GET", "/admin/about", "none")} <= got, got


FASTAPI_CBV = {
    "core/depends.py": (
        "from fastapi import Depends, HTTPException, Request\n\n\n"
        "def authorize(request: Request):\n"
        "    token = request.headers.get('Authorization')\n"
        "    if not token:\n"
        "        raise HTTPException(status_code=401)\n"
        "    return token\n\n\n"
        "def authorize_role(roles: list):\n"
        "    def check_role(user=Depends(authorize)):\n"
        "        if user not in roles:\n"
        "            raise HTTPException(status_code=403)\n"
        "        return user\n"
        "    return Depends(check_role)\n\n\n"
        "Authorize = Depends(authorize)\n"
        "AuthorizeRole = authorize_role\n"),
    "app/account.py": (
        "from fastapi import APIRouter\nfrom fastapi_utils.cbv import cbv\n\n"
        "from core.depends import Authorize\n\nrouter = APIRouter()\n\n\n"
        "@cbv(router)\nclass Profile:\n"
        "    def __init__(self, authorize=Authorize):\n"
        "        self.current_user = authorize\n\n"
        "    @router.get('/me')\n    def me(self):\n        return self.current_user\n"),
    "app/auth.py": (
        "from fastapi import APIRouter, Depends\nfrom fastapi_utils.cbv import cbv\n\n"
        "router = APIRouter()\n\n\n"
        "@cbv(router)\nclass Profile:\n"
        "    def __init__(self):\n        self.n = 1\n\n"
        "    @router.post('/login')\n    def login(self):\n        return {'token': 'x'}\n"),
    "app/admin.py": (
        "from fastapi import APIRouter\n\nfrom core.depends import AuthorizeRole\n\n"
        "router = APIRouter(dependencies=[AuthorizeRole(['admin'])])\n\n\n"
        "@router.get('/stats')\ndef stats():\n    return {}\n"),
    "main.py": (
        "from fastapi import FastAPI\n\nfrom app import account, admin, auth\n\n"
        "app = FastAPI()\napp.include_router(account.router, prefix='/api')\n"
        "app.include_router(auth.router, prefix='/api')\n"
        "app.include_router(admin.router, prefix='/api/admin')\n"),
}


def test_fastapi_cbv_init_dependencies_and_a_factory_alias(tmp_path):
    """fastapi_utils' @cbv makes the class's `__init__` parameters dependencies of its routes
    (`def __init__(self, authorize=Authorize)` with `Authorize = Depends(authorize)`); another
    module's class of the same name (`Profile` in auth.py) is not this one; a factory
    returning `Depends(check_role)` called through an alias (`AuthorizeRole = authorize_role`,
    `dependencies=[AuthorizeRole(["admin"])]`) guards the router's routes."""
    got = _auths(tmp_path, FASTAPI_CBV)
    assert {("GET", "/api/me", "required"), ("POST", "/api/login", "none"),
            ("GET", "/api/admin/stats", "required")} <= got, got


NEXT_PROFILE = {
    "package.json": '{"dependencies": {"next": "14.0.0", "next-auth": "4.24.0"}}',
    "app/api/auth/profile/route.ts": (
        "import bcrypt from 'bcryptjs';\nimport { getServerSession } from 'next-auth';\n"
        "import { NextResponse } from 'next/server';\nimport { options } from '../options';\n"
        "import UserModel from '@/lib/models/UserModel';\n\n"
        "export async function PUT(req: Request) {\n"
        "  const session = await getServerSession(options);\n"
        "  if (!session) {\n"
        "    return NextResponse.json({ message: 'Unauthorized' }, { status: 401 });\n  }\n"
        "  const { name, password } = await req.json();\n"
        "  const user = await UserModel.findById(session.user._id);\n"
        "  user.password = await bcrypt.hash(password, 5);\n"
        "  await user.save();\n  return Response.json({ message: 'ok' });\n}\n"),
    "app/api/auth/login/route.ts": (
        "import bcrypt from 'bcryptjs';\nimport { NextResponse } from 'next/server';\n"
        "import UserModel from '@/lib/models/UserModel';\n\n"
        "export async function POST(req: Request) {\n"
        "  const { email, password } = await req.json();\n"
        "  const user = await UserModel.findOne({ email });\n"
        "  if (!user || !(await bcrypt.compare(password, user.password))) {\n"
        "    return NextResponse.json({ message: 'Unauthorized' }, { status: 401 });\n  }\n"
        "  return Response.json({ token: 'session-token' });\n}\n"),
}


def test_profile_update_refusing_before_the_new_password_is_read(tmp_path):
    """A handler that refuses a request without the session (401) before it reads the new
    password it hashes is guarded; a login reading the password first and answering 401 to a
    wrong one requires nothing."""
    got = _auths(tmp_path, NEXT_PROFILE)
    assert {("PUT", "/api/auth/profile", "required"),
            ("POST", "/api/auth/login", "none")} <= got, got


GO_MGO = {
    "go.mod": "module example.com/ctf\n\ngo 1.21\n\nrequire (\n\tgithub.com/gorilla/mux v1.8.0\n\tgopkg.in/mgo.v2 v2.0.0\n)\n",
    "mongodb.go": ("package main\n\nimport mgo \"gopkg.in/mgo.v2\"\n\nvar session *mgo.Session\n\n"
                   "func DB() *mgo.Database { return session.DB(\"ctf\") }\n\n"
                   "func TeamsCollection() *mgo.Collection { return DB().C(\"teams\") }\n"),
    "queries.go": ("package main\n\nimport \"gopkg.in/mgo.v2/bson\"\n\ntype Team struct{ Name string }\n\n"
                   "func GetTeamByName(name string) (Team, error) {\n\tvar t Team\n"
                   "\terr := TeamsCollection().Find(bson.M{\"name\": name}).One(&t)\n\treturn t, err\n}\n"),
    "main.go": ("package main\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n\n"
                "\t\"github.com/gorilla/mux\"\n)\n\n"
                "func getTeam(w http.ResponseWriter, r *http.Request) {\n"
                "\tt, _ := GetTeamByName(mux.Vars(r)[\"name\"])\n\tjson.NewEncoder(w).Encode(t)\n}\n\n"
                "func ping(w http.ResponseWriter, r *http.Request) { w.Write([]byte(\"pong\")) }\n\n"
                "func main() {\n\tr := mux.NewRouter()\n"
                "\tr.HandleFunc(\"/teams/{name}\", getTeam).Methods(\"GET\")\n"
                "\tr.HandleFunc(\"/ping\", ping).Methods(\"GET\")\n"
                "\thttp.ListenAndServe(\":8080\", r)\n}\n"),
}


def test_go_mgo_queries_are_data_access(tmp_path):
    """mgo (gopkg.in/mgo.v2), the MongoDB driver before the official one: a handler reaching
    `DB().C("teams").Find(...).One(&t)` reads documents; a ping reaches none."""
    write_tree(tmp_path, GO_MGO)
    res = scan(tmp_path)
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    assert any(d["kind"] == "document" for d in eps[("GET", "/teams/{name}")].data_sites), \
        eps[("GET", "/teams/{name}")].data_sites
    assert not eps[("GET", "/ping")].data_sites


MEILI_APP = {
    "package.json": '{"dependencies": {"express": "^4.18.0", "meilisearch": "^0.37.0"}}',
    "src/meili.ts": ("import { MeiliSearch } from 'meilisearch';\n\n"
                     "const meiliClient = new MeiliSearch({ host: 'http://localhost:7700' });\n"
                     "export default meiliClient;\n"),
    "src/app.ts": ("import express from 'express';\nimport meiliClient from './meili';\n\n"
                   "const app = express();\n\n"
                   "app.get('/api/search', async (req, res) => {\n"
                   "  const found = await meiliClient.index('books').search(String(req.query.q));\n"
                   "  res.json(found.hits);\n});\n\n"
                   "app.get('/api/health', (req, res) => {\n  res.json({ ok: true });\n});\n\n"
                   "app.listen(3000);\n"),
}


def test_meilisearch_index_search_is_data_access(tmp_path):
    """A Meilisearch client's `index("books").search(q)` reads the documents the engine keeps;
    a health answer reads none."""
    write_tree(tmp_path, MEILI_APP)
    res = scan(tmp_path)
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    assert eps[("GET", "/api/search")].data_sites, eps[("GET", "/api/search")]
    assert not eps[("GET", "/api/health")].data_sites


def test_simplejwt_blacklist_view_writes_the_token_tables(tmp_path):
    """simplejwt's TokenBlacklistView blacklists the refresh token it is posted
    (OutstandingToken / BlacklistedToken rows of the token_blacklist app)."""
    write_tree(tmp_path, {
        "manage.py": "import django\n",
        "app/settings.py": ("ROOT_URLCONF = 'app.urls'\nINSTALLED_APPS = ['rest_framework', "
                            "'rest_framework_simplejwt.token_blacklist']\n"),
        "app/urls.py": ("from django.urls import path\n"
                        "from rest_framework_simplejwt.views import TokenBlacklistView\n\n"
                        "urlpatterns = [path('api/token/blacklist/', "
                        "TokenBlacklistView.as_view())]\n")})
    res = scan(tmp_path)
    eps = {(e.method, e.path.rstrip("/")): e for e in res.endpoints if not e.implicit}
    assert eps[("POST", "/api/token/blacklist")].data_sites, sorted(eps)


FASTAPI_MODULE_LOOP = {
    "app/api/v1/__init__.py": (
        "from fastapi import APIRouter\n\nfrom . import products, status\n\n"
        "router = APIRouter()\n\n"
        "routers_to_include = [products, status]\n\n"
        "for r_module in routers_to_include:\n"
        "    module_router = r_module.router\n"
        "    module_name = r_module.name\n"
        "    router.include_router(module_router, prefix=f\"/{module_name}\")\n"),
    "app/api/v1/products.py": (
        "from fastapi import APIRouter\n\nname = \"products\"\nrouter = APIRouter()\n\n\n"
        "@router.get(\"/\")\ndef list_products():\n    return []\n"),
    "app/api/v1/status.py": (
        "from fastapi import APIRouter\n\nname = \"status\"\nrouter = APIRouter()\n\n\n"
        "@router.get(\"/\")\ndef get_status():\n    return {\"status\": \"ok\"}\n"),
    "app/main.py": (
        "from fastapi import FastAPI\nfrom fastapi.responses import JSONResponse\n\n"
        "from app.api.v1 import router as api_router\n\napp = FastAPI()\n"
        "app.include_router(api_router, prefix=\"/api/v1\")\n\n\n"
        "@app.middleware(\"http\")\n"
        "async def remove_authorize_button_middleware(request, call_next):\n"
        "    if request.url.path == \"/openapi.json\":\n"
        "        return JSONResponse(content=app.openapi())\n"
        "    return await call_next(request)\n"),
}


def test_fastapi_routers_included_in_a_loop_over_modules(tmp_path):
    """`for m in [products, status]: r = m.router; n = m.name; router.include_router(r,
    prefix=f"/{n}")`: each module's router below its own `name` constant; an
    `@app.middleware("http")` of the tree that neither reads a credential nor refuses guards
    nothing, whatever its name says."""
    got = _auths(tmp_path, FASTAPI_MODULE_LOOP, strip=True)
    assert {("GET", "/api/v1/products", "none"), ("GET", "/api/v1/status", "none")} <= got, got


GO_PUBLIC_PRED = {
    "go.mod": "module example.com/agent\n\ngo 1.22\n",
    "auth/mw.go": (
        "package auth\n\nimport (\n\t\"net/http\"\n\t\"strings\"\n)\n\n"
        "func Middleware(secret string) func(http.Handler) http.Handler {\n"
        "\treturn func(next http.Handler) http.Handler {\n"
        "\t\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n"
        "\t\t\tif isPublic(r.URL.Path) {\n\t\t\t\tnext.ServeHTTP(w, r)\n\t\t\t\treturn\n\t\t\t}\n"
        "\t\t\tif r.Header.Get(\"Authorization\") != \"Bearer \"+secret {\n"
        "\t\t\t\thttp.Error(w, \"unauthorized\", http.StatusUnauthorized)\n\t\t\t\treturn\n\t\t\t}\n"
        "\t\t\tnext.ServeHTTP(w, r)\n\t\t})\n\t}\n}\n\n"
        "func isPublic(path string) bool {\n"
        "\tif !strings.HasPrefix(path, \"/api/\") {\n\t\treturn true\n\t}\n"
        "\treturn path == \"/api/v1/auth/login\" ||\n"
        "\t\tstrings.HasPrefix(path, \"/api/v1/setup/\")\n}\n"),
    "main.go": (
        "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/agent/auth\"\n)\n\n"
        "func ok(w http.ResponseWriter, r *http.Request) {}\n\n"
        "func cors(next http.Handler) http.Handler { return next }\n\n"
        "type DB struct{}\n\nfunc openDB() *DB { return &DB{} }\n\n"
        "func makeMux(db *DB) http.Handler {\n\tm := http.NewServeMux()\n"
        "\tm.HandleFunc(\"GET /x\", ok)\n\treturn m\n}\n\n"
        "func main() {\n\tmux := http.NewServeMux()\n"
        "\tmux.HandleFunc(\"GET /api/v1/agents\", ok)\n"
        "\tmux.HandleFunc(\"POST /api/v1/auth/login\", ok)\n"
        "\tmux.HandleFunc(\"GET /api/v1/setup/check\", ok)\n"
        "\tmux.HandleFunc(\"GET /public/files/{id}\", ok)\n"
        "\tdb := openDB()\n"
        "\tsub := makeMux(db)\n"
        "\tmux.Handle(\"/api/v1/sub/\", http.StripPrefix(\"/api/v1/sub\", sub))\n"
        "\tauthMW := auth.Middleware(\"s\")\n"
        "\twrapped := cors(authMW(mux))\n"
        "\tsrv := &http.Server{Addr: \":8080\", Handler: wrapped}\n"
        "\tsrv.ListenAndServe()\n}\n"),
}


def test_go_mux_wrapped_in_a_local_and_a_public_path_predicate(tmp_path):
    """`wrapped := cors(authMW(mux))` served by `http.Server{Handler: wrapped}`: the wrappers
    run before every route of mux; `if isPublic(r.URL.Path) { next.ServeHTTP(w, r); return }`
    lets through the paths the predicate answers true for (every path outside `/api/`, the
    login, the setup prefix)."""
    got = _auths(tmp_path, GO_PUBLIC_PRED)
    assert {("GET", "/api/v1/agents", "required"), ("POST", "/api/v1/auth/login", "none"),
            ("GET", "/api/v1/setup/check", "none"), ("GET", "/public/files/{id}", "none"),
            ("GET", "/api/v1/sub/x", "required")} <= got, got


GIN_FLAG = {
    "go.mod": "module example.com/emo\n\ngo 1.21\n\nrequire github.com/gin-gonic/gin v1.9.1\n",
    "middleware/jwt.go": (
        "package middleware\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/gin-gonic/gin\"\n)\n\n"
        "func Jwt(verifyToken bool) gin.HandlerFunc {\n\treturn func(c *gin.Context) {\n"
        "\t\tif !verifyToken {\n\t\t\tc.Next()\n\t\t\treturn\n\t\t}\n"
        "\t\tif c.GetHeader(\"Authorization\") == \"\" {\n"
        "\t\t\tc.JSON(http.StatusUnauthorized, gin.H{\"error\": \"token\"})\n"
        "\t\t\tc.Abort()\n\t\t\treturn\n\t\t}\n\t\tc.Next()\n\t}\n}\n\n"
        "func AuthWhiteList(c *gin.Context) {\n"
        "\twhiteList := []string{\"public\", \"user/login\"}\n"
        "\tc.Set(\"whiteList\", whiteList)\n\tc.Next()\n}\n"),
    "main.go": (
        "package main\n\nimport (\n\t\"github.com/gin-gonic/gin\"\n\n"
        "\t\"example.com/emo/middleware\"\n)\n\n"
        "func list(c *gin.Context)  { c.JSON(200, nil) }\nfunc login(c *gin.Context) { c.JSON(200, nil) }\n\n"
        "func main() {\n\tr := gin.New()\n\tr.Use(middleware.AuthWhiteList)\n"
        "\tapi := r.Group(\"/api/users\")\n"
        "\tapi.POST(\"/login\", middleware.Jwt(false), login)\n"
        "\tapi.GET(\"/\", middleware.Jwt(true), list)\n\tr.Run()\n}\n"),
}


def test_gin_guard_factory_flag_that_turns_the_check_off(tmp_path):
    """`func Jwt(verifyToken bool)` handing the request on under `if !verifyToken`: `Jwt(true)`
    requires the token, `Jwt(false)` checks nothing (none, not optional); a middleware that
    only sets a list on the context and calls `c.Next()` loads nothing, whatever its name."""
    got = _auths(tmp_path, GIN_FLAG, strip=True)
    assert {("POST", "/api/users/login", "none"), ("GET", "/api/users", "required")} <= got, got


DRF_SUPER_PERM = {
    "manage.py": "import django\n",
    "app/settings.py": "ROOT_URLCONF = 'app.urls'\nINSTALLED_APPS = ['rest_framework']\n",
    "app/models.py": ("from django.db import models\n\n\nclass Product(models.Model):\n"
                      "    name = models.TextField()\n"),
    "app/permissions.py": (
        "from rest_framework.permissions import SAFE_METHODS, IsAdminUser\n\n\n"
        "class IsAdminOrReadOnly(IsAdminUser):\n"
        "    def has_permission(self, request, view):\n"
        "        return bool(request.method in SAFE_METHODS or super().has_permission(request, view))\n"),
    "app/views.py": (
        "from rest_framework.viewsets import ModelViewSet\n\n"
        "from .models import Product\nfrom .permissions import IsAdminOrReadOnly\n\n\n"
        "class ProductViewSet(ModelViewSet):\n    queryset = Product.objects.all()\n"
        "    permission_classes = (IsAdminOrReadOnly,)\n"),
    "app/urls.py": (
        "from django.urls import include, path\nfrom rest_framework.routers import DefaultRouter\n\n"
        "from .views import ProductViewSet\n\nrouter = DefaultRouter()\n"
        "router.register('products', ProductViewSet)\n\n"
        "urlpatterns = [path('api/', include(router.urls))]\n"),
}


def test_drf_permission_deferring_writes_to_its_base(tmp_path):
    """`request.method in SAFE_METHODS or super().has_permission(request, view)` on an
    IsAdminUser subclass: reads pass, writes need what IsAdminUser needs (a staff user)."""
    got = _auths(tmp_path, DRF_SUPER_PERM, strip=True)
    assert {("GET", "/api/products", "none"), ("POST", "/api/products", "required")} <= got, got


STARLETTE_EXCLUDE = {
    "middleware.py": (
        "from fnmatch import fnmatch\n\n"
        "from starlette.middleware.base import BaseHTTPMiddleware\n"
        "from starlette.responses import JSONResponse\n\n\n"
        "class AuthMiddleware(BaseHTTPMiddleware):\n"
        "    def __init__(self, app, dispatch=None):\n"
        "        super().__init__(app, dispatch)\n"
        "        self.exclude_urls = [\"/docs\", \"/api/v1/auth/*\"]\n\n"
        "    async def dispatch(self, request, call_next):\n"
        "        if any(fnmatch(request.url.path, pattern) for pattern in self.exclude_urls):\n"
        "            return await call_next(request)\n"
        "        token = request.headers.get(\"Authorization\")\n"
        "        if not token:\n"
        "            return JSONResponse({\"detail\": \"unauthorized\"}, status_code=401)\n"
        "        return await call_next(request)\n"),
    "main.py": (
        "from fastapi import FastAPI\n\nfrom middleware import AuthMiddleware\n\n"
        "app = FastAPI()\napp.add_middleware(AuthMiddleware)\n\n\n"
        "@app.post(\"/api/v1/auth/login\")\ndef login():\n    return {}\n\n\n"
        "@app.get(\"/api/v1/items\")\ndef items():\n    return []\n"),
}


def test_starlette_middleware_excluding_paths_by_pattern(tmp_path):
    """A BaseHTTPMiddleware whose dispatch hands on the paths of a list it keeps (`if
    any(fnmatch(request.url.path, p) for p in self.exclude_urls)`) lets those through; the
    others need its token."""
    got = _auths(tmp_path, STARLETTE_EXCLUDE)
    assert {("POST", "/api/v1/auth/login", "none"),
            ("GET", "/api/v1/items", "required")} <= got, got


NEST_SOFT_GUARD = {
    "package.json": '{"dependencies": {"@nestjs/core": "^10.0.0", "@nestjs/jwt": "^10.0.0"}}',
    "src/check-user.guard.ts": (
        "import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';\n"
        "import { JwtService } from '@nestjs/jwt';\n\n"
        "@Injectable()\nexport class CheckUserIdGuard implements CanActivate {\n"
        "  constructor(private jwtService: JwtService) {}\n\n"
        "  async canActivate(context: ExecutionContext): Promise<boolean> {\n"
        "    const request = context.switchToHttp().getRequest();\n"
        "    const token = this.extractTokenFromHeaders(request);\n"
        "    if (!token) {\n      request.userId = null;\n    } else {\n"
        "      const payload = await this.jwtService.verifyAsync(token);\n"
        "      request.userId = payload.userId;\n    }\n    return true;\n  }\n\n"
        "  private extractTokenFromHeaders(request: any): string | null {\n"
        "    const [type, token] = request.headers.authorization?.split(' ') ?? [];\n"
        "    return type === 'Bearer' ? token : null;\n  }\n}\n"),
    "src/api-key.guard.ts": (
        "import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';\n"
        "import { ApiKeyService } from './api-key.service';\n\n"
        "@Injectable()\nexport class ApiKeyGuard implements CanActivate {\n"
        "  constructor(private readonly apiKeyService: ApiKeyService) {}\n\n"
        "  async canActivate(context: ExecutionContext): Promise<boolean> {\n"
        "    const request = context.switchToHttp().getRequest();\n"
        "    const apiKey = await this.apiKeyService.validateXApiKey(request);\n"
        "    request.apiKey = apiKey;\n    return true;\n  }\n}\n"),
    "src/api-key.service.ts": (
        "import { Injectable, UnauthorizedException } from '@nestjs/common';\n\n"
        "@Injectable()\nexport class ApiKeyService {\n"
        "  async validateXApiKey(request: any) {\n"
        "    const key = request.headers['x-api-key'];\n"
        "    if (!key) {\n      throw new UnauthorizedException();\n    }\n    return key;\n  }\n}\n"),
    "src/posts.controller.ts": (
        "import { Controller, Get, UseGuards } from '@nestjs/common';\n"
        "import { ApiKeyGuard } from './api-key.guard';\n"
        "import { CheckUserIdGuard } from './check-user.guard';\n\n"
        "@Controller('posts')\nexport class PostsController {\n"
        "  @UseGuards(CheckUserIdGuard)\n  @Get()\n  list() {\n    return [];\n  }\n\n"
        "  @UseGuards(ApiKeyGuard)\n  @Get('keyed')\n  keyed() {\n    return [];\n  }\n}\n"),
    "src/app.module.ts": (
        "import { Module } from '@nestjs/common';\nimport { PostsController } from './posts.controller';\n\n"
        "@Module({ controllers: [PostsController] })\nexport class AppModule {}\n"),
}


def test_nest_guard_reading_the_token_and_letting_everyone_in(tmp_path):
    """A NestJS guard that reads the bearer token (in a method of its class), puts the user on
    the request when there is one and always returns true: optional; one handing the request
    to a service that throws without the key, then returning true, requires it."""
    got = _auths(tmp_path, NEST_SOFT_GUARD)
    assert {("GET", "/posts", "optional"), ("GET", "/posts/keyed", "required")} <= got, got


FLASK_UUID = """import uuid

from flask import Flask

from models import Account

app = Flask(__name__)


@app.route("/balance/<account_id>")
def balance(account_id):
    account = Account.query.get(uuid.UUID(account_id))
    return "Balance of " + account_id + ": " + str(account.balance)


@app.route("/echo/<name>")
def echo(name):
    return "Hello " + name
"""


def test_value_parsed_as_a_uuid_is_no_html(tmp_path):
    """A path value parsed with `uuid.UUID(account_id)` (which raises on anything but a UUID)
    is hex digits and dashes wherever it is used after: no XSS; an echoed name is."""
    assert_findings(tmp_path, {"app.py": FLASK_UUID, "models.py": "Account = None\n"},
                    "xss", {("xss", 18)})
