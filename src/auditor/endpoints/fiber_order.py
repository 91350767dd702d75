"""Fiber v3's handler order before v3.0.0-beta.5.

Fiber v3.0.0-beta.1 to beta.4 declare routes as `Get(path string, handler Handler, middleware
...Handler)` and register `handlers = append(middleware, handler)` (router.go, `register`): the
FIRST argument runs LAST. `api.Post("/", RequireAdmin(), h.Create)` therefore runs `h.Create`
first; a handler that answers without calling `c.Next()` ends the chain, so `RequireAdmin()`
never runs. From beta.5 on (and in v2) the arguments run in the order written.

Given the route's arguments as written, this module returns the run order, the handler (the
first argument in run order that is not a middleware: a plain function or method reference,
or a call that is not a middleware factory) and the middleware that run before it (in effect)
and after it (dead).
"""
from __future__ import annotations

import posixpath
import re

FIBER_V3 = "github.com/gofiber/fiber/v3"
# a call that builds a middleware (`middleware.RequireRole("admin")`, `limiter.New()`), as
# opposed to a handler factory (`h.List()`); names as Fiber code writes them
MIDDLEWARE_CALL = re.compile(r"middleware|auth|require|role|admin|member|manager|guard|jwt|"
                             r"permission|protect|limit|logger|cors|csrf|session|keyauth|"
                             r"basicauth|only|must|verify|check|new$", re.IGNORECASE)
_BETA = re.compile(r"^v3\.0\.0-beta\.(\d+)")


def handler_first(version: str) -> bool:
    """True for the Fiber v3 versions whose routes run the first handler argument last."""
    m = _BETA.match(version or "")
    return bool(m) and 1 <= int(m.group(1)) <= 4


def fiber_version(facts: dict[str, dict], file: str) -> str:
    """The gofiber/fiber/v3 version required by the go.mod nearest above `file` ("" if none)."""
    d = posixpath.dirname(file)
    while True:
        gomod = facts.get(posixpath.join(d, "go.mod") if d else "go.mod")
        if gomod is not None:
            return ((gomod.get("extra") or {}).get("go_requires") or {}).get(FIBER_V3, "")
        if not d:
            return ""
        d = posixpath.dirname(d)


def is_middleware(arg: dict) -> bool:
    short = arg["name"].rsplit(".", 1)[-1]
    return arg.get("call", False) and bool(MIDDLEWARE_CALL.search(short))


def reorder(args: list[dict]) -> tuple[list[dict], dict, list[dict]]:
    """(middleware in effect, handler, dead middleware) for arguments as written, under the
    handler-first order: run order is args[1:] + [args[0]]."""
    run = args[1:] + args[:1]
    for i, a in enumerate(run):
        if not is_middleware(a):
            return run[:i], a, run[i + 1:]
    return run[:-1], run[-1], []
