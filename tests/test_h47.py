"""h47: auth labels decided by what middleware and dependencies do (express, fastapi, echo):
a local Passport factory called with per-route arguments, pass-through wrappers, FastAPI
dependencies that only provide values, and Go middleware that call next(c) without a token."""
from __future__ import annotations

import textwrap
from pathlib import Path

from auditor.scan import ScanOptions, run_scan


def _auth(tmp_path: Path, files: dict[str, str]) -> dict[str, str]:
    for name, body in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(body))
    res = run_scan(ScanOptions(path=str(tmp_path), engines=["native"], use_cache=False)).result
    return {f"{e.method} {e.path}": e.auth for e in res.endpoints}


AUTH_HANDLER = """\
    const passport = require("passport");

    function authenticate(type, error, isStrict, redirect) {
      return function auth(req, res, next) {
        if (req.user) return next();
        passport.authenticate(type, (err, user, info) => {
          if (err) return next(err);
          if (req.isHTML && redirect && ((!user && isStrict) || (user && user.banned))) {
            return res.redirect("/logout");
          }
          if (!user && isStrict) {
            throw new CustomError(error, 401);
          }
          if (user && user.banned) {
            throw new CustomError("banned", 403);
          }
          if (user) req.user = user;
          return next();
        })(req, res, next);
      };
    }

    function viewTemplate(name) {
      return function (req, res, next) {
        res.locals.viewTemplate = name;
        next();
      };
    }

    const local = authenticate("local", "Login credentials are wrong.", true, null);
    const jwt = authenticate("jwt", "Unauthorized.", true, "header");
    const jwtLoose = authenticate("jwt", "Unauthorized.", false, "header");
    const apikey = authenticate("localapikey", "API key is not correct.", false, null);
    const view = viewTemplate("page");

    module.exports = { local, jwt, jwtLoose, apikey, view };
"""

ASYNC_HANDLER = """\
    function asyncHandler(fn) {
      return function asyncUtilWrap(...args) {
        const fnReturn = fn(...args);
        const next = args[args.length - 1];
        return Promise.resolve(fnReturn).catch(next);
      };
    }
    module.exports = asyncHandler;
"""

# a look-alike: takes a middleware but never runs it (a feature switch)
ONLY_IF = """\
    function onlyIf(fn) {
      return function (req, res, next) {
        if (!process.env.FEATURE) return res.status(404).end();
        next();
      };
    }
    module.exports = onlyIf;
"""

ROUTES = """\
    const express = require("express");
    const auth = require("./auth.handler");
    const asyncHandler = require("./asyncHandler");
    const onlyIf = require("./onlyIf");
    const router = express.Router();

    router.post("/login", asyncHandler(auth.local), (req, res) => res.json({}));
    router.get("/links", asyncHandler(auth.apikey), asyncHandler(auth.jwt), (req, res) => res.json([]));
    router.get("/home", asyncHandler(auth.jwtLoose), (req, res) => res.json({}));
    router.get("/page", auth.view, (req, res) => res.json({}));
    router.get("/feature", onlyIf(auth.jwt), (req, res) => res.json({}));

    const app = express();
    app.use("/api", router);
    app.listen(3000);
"""


def test_a_local_passport_factory_is_judged_by_its_arguments(tmp_path):
    got = _auth(tmp_path, {"auth.handler.js": AUTH_HANDLER, "asyncHandler.js": ASYNC_HANDLER,
                           "onlyIf.js": ONLY_IF, "routes.js": ROUTES})
    assert got["POST /api/login"] == "none"  # passport-local: the login itself
    assert got["GET /api/links"] == "required"  # isStrict=true: 401 without a user
    assert got["GET /api/home"] == "optional"  # isStrict=false: the user when there is one
    assert got["GET /api/page"] == "none"  # a factory whose middleware reads no credential


def test_a_wrapper_that_never_runs_what_it_wraps_is_not_that_middleware(tmp_path):
    got = _auth(tmp_path, {"auth.handler.js": AUTH_HANDLER, "asyncHandler.js": ASYNC_HANDLER,
                           "onlyIf.js": ONLY_IF, "routes.js": ROUTES})
    assert got["GET /api/feature"] == "none"


FASTAPI_DEPS = """\
    from fastapi import APIRouter, Cookie, Depends, FastAPI, HTTPException, status
    from fastapi.responses import RedirectResponse

    app = FastAPI()
    router = APIRouter()


    class FlowRepository:
        def __init__(self):
            self.items = []


    def get_repository():
        return FlowRepository()


    async def get_authentication_flow(repo: FlowRepository = Depends(get_repository)):
        return {"repo": repo}


    async def get_session_token(token: str | None = Cookie(None)):
        if token is not None:
            return token
        return None


    async def get_session_token_or_login(session_token: str | None = Depends(get_session_token)):
        if session_token is None:
            raise HTTPException(
                status_code=status.HTTP_307_TEMPORARY_REDIRECT,
                headers={"Location": "/login"},
            )
        return session_token


    async def get_user_from_session_token(token: str = Depends(get_session_token_or_login)):
        return {"token": token}


    @router.get("/login")
    async def login(flow=Depends(get_authentication_flow)):
        return {}


    @router.get("/profile")
    async def profile(user=Depends(get_user_from_session_token)):
        return user


    app.include_router(router)
"""


def test_fastapi_value_dependencies_are_judged_by_what_they_depend_on(tmp_path):
    got = _auth(tmp_path, {"app.py": FASTAPI_DEPS})
    # an auth-named dependency that only builds a value from repositories
    assert got["GET /login"] == "none"
    # an auth-named value dependency whose sub-dependency sends anonymous requests to log in
    assert got["GET /profile"] == "required"


ECHO = """\
    package main

    import (
    \t"net/http"

    \t"github.com/labstack/echo/v4"
    )

    func bindToken(next echo.HandlerFunc) echo.HandlerFunc {
    \treturn func(c echo.Context) error {
    \t\th := c.Request().Header.Get("Authorization")
    \t\tif h == "" {
    \t\t\treturn next(c)
    \t\t}
    \t\tif !valid(h) {
    \t\t\treturn c.JSON(http.StatusUnauthorized, "bad credentials")
    \t\t}
    \t\treturn next(c)
    \t}
    }

    func requireToken(next echo.HandlerFunc) echo.HandlerFunc {
    \treturn func(c echo.Context) error {
    \t\th := c.Request().Header.Get("Authorization")
    \t\tif h == "" {
    \t\t\treturn c.JSON(http.StatusUnauthorized, "missing")
    \t\t}
    \t\treturn next(c)
    \t}
    }

    func valid(h string) bool { return h == "x" }

    func list(c echo.Context) error { return c.JSON(200, nil) }

    func main() {
    \te := echo.New()
    \te.GET("/gists", list, bindToken)
    \te.POST("/gists", list, requireToken)
    \te.Start(":1323")
    }
"""


def test_echo_middleware_calling_next_without_a_token_is_optional(tmp_path):
    got = _auth(tmp_path, {"main.go": ECHO})
    assert got["GET /gists"] == "optional"
    assert got["POST /gists"] == "required"


FASTAPI_DISPATCH = """\
    from fastapi import Depends, FastAPI, HTTPException, Request

    app = FastAPI()


    class JWTAuth:
        async def __call__(self, request: Request):
            token = request.headers.get("Authorization")
            if not token:
                raise HTTPException(status_code=401, detail="Unauthorized")
            return {"sub": token}


    def get_handler():
        return JWTAuth()


    async def auth_user(request: Request, auth_handler=Depends(get_handler)):
        return await auth_handler(request)


    @app.get("/threads")
    async def threads(user=Depends(auth_user)):
        return []
"""


def test_a_dependency_that_runs_what_it_is_handed_is_not_a_value_dependency(tmp_path):
    # auth_user reads nothing itself, but calls the handler injected into it with the request:
    # it is judged as before (by what it is), not by its sub-dependencies alone
    got = _auth(tmp_path, {"app.py": FASTAPI_DISPATCH})
    assert got["GET /threads"] == "required"
