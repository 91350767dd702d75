"""Shapes met on six backends auditor had not seen (holdout round 4, h49): Express routers
gathered in an index module (`export { record }`) and mounted by a loop over a folder's files
(`readdirSync(path.join(__dirname, 'api')).forEach(...)`); HTTP clients whose `api.post(path,
body)` looks like a registration; `router.all('/', mw, (req, res, next) => next())` steps that
answer nothing; Go registration functions held in a local function literal and called with a
group; Fiber's `websocket.New`; route paths that are all configuration; a session loader whose
local is named like a guard."""
from __future__ import annotations

from conftest import scan, scan_go_module, write_tree


def _routes(root):
    res = scan(root)
    return {(e.method, e.path): e for e in res.endpoints if not e.implicit}, res


# -- Express: an index module that re-exports routers, a folder loop, client calls --------------
AUTH_TS = '''import { Request, Response } from "express";
export const requireSignIn = (req: any, res: any, next: any) => {
    const token = req.cookies && req.cookies.token ? req.cookies.token : null;
    if (token === null) return res.sendStatus(401);
    next();
};
'''

EXPRESS = {
    "package.json": '{"name": "x", "dependencies": {"express": "^4.18.0"}}',
    "src/auth.ts": AUTH_TS,
    "src/routes/record.ts": '''import { Router } from 'express';
import { requireSignIn } from '../auth';
export const router = Router();
router.all('/', requireSignIn, (req, res, next) => {
    console.log('record API', req.url);
    next();
});
router.get('/start', requireSignIn, (req, res) => res.send('ok'));
router.get(('/runs/:id'), requireSignIn, (req, res) => res.send(req.params.id));
''',
    "src/routes/auth.ts": '''import { Router } from 'express';
export const router = Router();
router.post('/login', (req, res) => res.send('ok'));
''',
    "src/routes/proxy.ts": '''import { Router } from 'express';
const router = Router();
router.get('/config', (req, res) => res.json({}));
export default router;
''',
    "src/routes/index.ts": '''import { router as record } from './record';
import { router as auth } from './auth';
export { default as proxy } from './proxy';

export {
    record,
    auth
};
''',
    "src/api/robots.ts": '''import { Router } from 'express';
import { requireSignIn } from '../auth';
const router = Router();
router.get('/robots', requireSignIn, (req, res) => res.json([]));
export default router;
''',
    "src/api/sdk.ts": '''import { Router } from 'express';
const router = Router();
router.post('/sdk/run', (req, res) => res.json({}));
export default router;
''',
    "src/server.ts": '''import express from 'express';
import path from 'path';
import { readdirSync } from 'fs';
import { record, auth, proxy } from './routes';

const app = express();
app.use('/record', record);
app.use('/auth', auth);
app.use('/proxy', proxy);

readdirSync(path.join(__dirname, 'api')).forEach((r) => {
  const route = require(path.join(__dirname, 'api', r));
  const router = route.default || route;
  if (typeof router === 'function') {
    app.use('/api', router);
  }
});

app.listen(3000);
''',
    # a browser-side API client: `api.post(path, body)` sends a request, it registers nothing
    "src/client/auth.service.ts": '''import { APIService, getFallbackAPI } from './api.service';
class AuthService extends APIService {
    refreshTokenRaw = async (refresh_token: string) => {
        const api = await getFallbackAPI();
        return api.post('/auth/refresh', { refresh_token });
    };
    ping = async () => {
        const api = await getFallbackAPI();
        return api.get('/auth/ping', 'text');
    };
}
export const authService = new AuthService();
''',
}


def test_express_index_reexports_folder_loop_and_clients(tmp_path):
    root = write_tree(tmp_path / "app", EXPRESS)
    eps, _res = _routes(root)
    got = {(m, p): e.auth for (m, p), e in eps.items()}
    assert got == {
        ("GET", "/record/start"): "required",
        ("GET", "/record/runs/:id"): "required",
        ("POST", "/auth/login"): "none",
        ("GET", "/proxy/config"): "none",
        ("GET", "/api/robots"): "required",
        ("POST", "/api/sdk/run"): "none",
    }, got


def test_express_loop_over_a_folder_needs_the_folder(tmp_path):
    """A loop over files the code does not place (a path relative to the working folder)
    mounts nothing it could tell: its routes stay at their own paths."""
    files = dict(EXPRESS)
    files["src/server.ts"] = files["src/server.ts"].replace(
        "readdirSync(path.join(__dirname, 'api'))", "readdirSync('./api')")
    root = write_tree(tmp_path / "app", files)
    eps, _res = _routes(root)
    assert ("GET", "/robots") in eps and ("GET", "/api/robots") not in eps


def test_handler_that_answers_is_kept(tmp_path):
    """A route whose last handler calls next() but also answers (uses `res`) stays a route."""
    root = write_tree(tmp_path / "app", {
        "package.json": '{"name": "x", "dependencies": {"express": "^4.18.0"}}',
        "server.js": '''const express = require('express');
const app = express();
app.all('/ping', (req, res, next) => {
  if (req.query.x) { return res.send('pong'); }
  next();
});
app.get('/step', (req, res, next) => { next(); });
app.listen(3000);
''',
    })
    eps, _res = _routes(root)
    assert ("ANY", "/ping") in eps
    assert ("GET", "/step") not in eps


# -- Go: a local function literal as registration function; Fiber websockets -------------------
FIBER_APP = '''package main

import (
	"strings"

	"github.com/gofiber/contrib/v3/websocket"
	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/basicauth"

	"example.com/svc/rest"
)

type Server struct{ base string }

func (s *Server) endpointPath(suffix string) string { return strings.TrimRight(s.base, "/") + suffix }

func (s *Server) RegisterPublic(app *fiber.App) {
	app.Post(s.endpointPath("/oauth/token"), func(c fiber.Ctx) error { return c.SendString("t") })
}

func main() {
	app := fiber.New()
	app.Get("/health", func(c fiber.Ctx) error { return c.SendString("ok") })
	s := &Server{}
	s.RegisterPublic(app)
	app.Use(basicauth.New(basicauth.Config{Users: map[string]string{"a": "b"}}))
	var apiGroup fiber.Router = app
	register := func(r fiber.Router) {
		rest.InitSend(r)
		r.Get("/ws", websocket.New(func(conn *websocket.Conn) {}))
	}
	device := apiGroup.Group("/dev")
	register(device)
	app.Get("/plain", func(c fiber.Ctx) error { return c.SendString("p") })
	app.Listen(":3000")
}
'''

REST = '''package rest

import "github.com/gofiber/fiber/v3"

func InitSend(app fiber.Router) {
	app.Post("/send/message", func(c fiber.Ctx) error { return c.SendString("sent") })
}
'''


def test_go_local_function_literal_registers_on_the_group_it_is_called_with(tmp_path):
    eps, res = scan_go_module(tmp_path, {"main.go": FIBER_APP, "rest/send.go": REST})
    got = {k: e.auth for k, e in eps.items()}
    assert got.get(("POST", "/dev/send/message")) == "required", got
    assert got.get(("WS", "/dev/ws")) == "required", got
    assert ("GET", "/dev/ws") not in got
    assert got.get(("GET", "/health")) == "none", got
    assert got.get(("GET", "/plain")) == "required", got
    # the path that is all configuration is not listed as the root
    assert ("POST", "/") not in got, got
    assert any("endpointPath" in u["reason"] for u in
               [{"reason": str(x.get("reason", ""))} for x in res.unresolved_routes]), \
        res.unresolved_routes


def test_go_get_with_a_plain_handler_stays_get(tmp_path):
    """Only Fiber's websocket package makes a route WS: a `New` of another package does not."""
    src = FIBER_APP.replace('"github.com/gofiber/contrib/v3/websocket"',
                            '"example.com/svc/websocket"')
    eps, _res = scan_go_module(tmp_path, {
        "main.go": src, "rest/send.go": REST,
        "websocket/ws.go": '''package websocket

import "github.com/gofiber/fiber/v3"

type Conn struct{}

func New(f func(*Conn)) fiber.Handler { return func(c fiber.Ctx) error { return nil } }
'''})
    assert ("GET", "/dev/ws") in eps and ("WS", "/dev/ws") not in eps


# -- Echo: a session loader held in a local named like a guard ---------------------------------
MW = '''package mw

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// SessionManager puts the session manager into the context: every request passes.
func SessionManager() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			cookie, _ := c.Cookie("hanko")
			c.Set("session_manager", cookie)
			return next(c)
		}
	}
}

// Session rejects a request without a session token.
func Session() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			token := c.Request().Header.Get("Authorization")
			if token == "" {
				return echo.NewHTTPError(http.StatusUnauthorized, "no session")
			}
			return next(c)
		}
	}
}
'''

ROUTER = '''package handler

import (
	"net/http"

	"github.com/labstack/echo/v4"

	appmw "example.com/svc/mw"
)

func login(c echo.Context) error { return c.String(http.StatusOK, "login") }
func me(c echo.Context) error    { return c.String(http.StatusOK, "me") }

func NewRouter() *echo.Echo {
	e := echo.New()
	sessionMiddleware := appmw.Session()
	sessionManagerMiddleware := appmw.SessionManager()
	g := e.Group("", sessionManagerMiddleware)
	g.POST("/login", login)
	g.GET("/me", me, sessionMiddleware)
	return e
}
'''


def test_session_loader_local_is_no_guard_by_its_name(tmp_path):
    eps, _res = scan_go_module(tmp_path, {"mw/mw.go": MW, "handler/router.go": ROUTER})
    got = {k: e.auth for k, e in eps.items()}
    assert got == {("POST", "/login"): "none", ("GET", "/me"): "required"}, got


def test_local_named_like_a_guard_that_rejects_stays_a_guard(tmp_path):
    """The negative: a local named sessionManagerMiddleware made by a function that rejects."""
    router = ROUTER.replace("sessionManagerMiddleware := appmw.SessionManager()",
                            "sessionManagerMiddleware := appmw.Session()")
    eps, _res = scan_go_module(tmp_path, {"mw/mw.go": MW, "handler/router.go": router})
    assert eps[("POST", "/login")].auth == "required"


# -- NestJS: guard classes built on another guard ------------------------------------------------
NEST = {
    "package.json": '{"name": "x", "dependencies": {"@nestjs/core": "^10.0.0", '
                    '"@nestjs/passport": "^10.0.0"}}',
    "src/main.ts": '''import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module";
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix("api");
  await app.listen(3000);
}
bootstrap();
''',
    "src/jwt.guard.ts": '''import { ExecutionContext, Injectable } from "@nestjs/common";
import { AuthGuard } from "@nestjs/passport";
@Injectable()
export class JwtGuard extends AuthGuard("jwt") {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return (await super.canActivate(context)) as boolean;
    } catch {
      return false;
    }
  }
}
''',
    "src/create.guard.ts": '''import { ExecutionContext, Injectable } from "@nestjs/common";
import { JwtGuard } from "./jwt.guard";
@Injectable()
export class CreateGuard extends JwtGuard {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (await super.canActivate(context)) return true;
    const token = context.switchToHttp().getRequest().cookies.invite_token;
    return !!token;
  }
}
''',
    "src/owner.guard.ts": '''import { ExecutionContext, Injectable } from "@nestjs/common";
import { JwtGuard } from "./jwt.guard";
@Injectable()
export class OwnerGuard extends JwtGuard {
  async canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest();
    // run the parent to set the user, then decide on the share
    await super.canActivate(context);
    if (!request.params.id.startsWith("owned")) return true;
    return !!request.user;
  }
}
''',
    "src/admin.guard.ts": '''import { Injectable } from "@nestjs/common";
import { JwtGuard } from "./jwt.guard";
@Injectable()
export class AdminJwtGuard extends JwtGuard {}
''',
    "src/shares.controller.ts": '''import { Controller, Delete, Get, Post, UseGuards } from "@nestjs/common";
import { JwtGuard } from "./jwt.guard";
import { CreateGuard } from "./create.guard";
import { OwnerGuard } from "./owner.guard";
import { AdminJwtGuard } from "./admin.guard";

@Controller("shares")
export class SharesController {
  @Get()
  @UseGuards(JwtGuard)
  mine() { return []; }

  @Post()
  @UseGuards(CreateGuard)
  create() { return {}; }

  @Delete(":id")
  @UseGuards(OwnerGuard)
  remove() { return {}; }

  @Get("all")
  @UseGuards(AdminJwtGuard)
  all() { return []; }

  @Get("public")
  list() { return []; }
}
''',
    "src/app.module.ts": '''import { Module } from "@nestjs/common";
import { SharesController } from "./shares.controller";
@Module({ controllers: [SharesController] })
export class AppModule {}
''',
}


def test_nest_guard_classes_built_on_a_guard(tmp_path):
    root = write_tree(tmp_path / "app", NEST)
    eps, _res = _routes(root)
    got = {k: e.auth for k, e in eps.items()}
    assert got == {
        ("GET", "/api/shares"): "required",
        ("POST", "/api/shares"): "required",  # keeps the parent's answer, else another check
        ("DELETE", "/api/shares/:id"): "optional",  # the parent's answer is thrown away
        ("GET", "/api/shares/all"): "required",  # no canActivate of its own
        ("GET", "/api/shares/public"): "none",
    }, got
