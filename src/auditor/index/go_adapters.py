"""Go library functions that return a handler serving the handler they are given.

Shared by the per-file route extractors and the call graph; a leaf module, so that the worker
processes importing the extractors do not import the graph package (and networkx with it).
"""
from __future__ import annotations

import re

# Library functions (and the conversion `http.HandlerFunc(f)`) that return a handler serving the
# handler they are given, the argument's index: the value they return runs that argument, so a
# variable they build is typed as the argument (`h := http.StripPrefix(p, http.HandlerFunc(idx))`;
# `h.ServeHTTP(w, r)` calls `idx`). Keyed by import path without its major-version suffix.
# net/http (server.go): StripPrefix(prefix, h), TimeoutHandler(h, dt, msg), MaxBytesHandler(h, n),
# AllowQuerySemicolons(h), `type HandlerFunc func(...)` whose ServeHTTP calls f;
# echo (echo.go): WrapHandler(h http.Handler) HandlerFunc; gin (utils.go): WrapF(f), WrapH(h);
# fiber's adaptor (middleware/adaptor, formerly gofiber/adaptor): HTTPHandler(h),
# HTTPHandlerFunc(f).
HANDLER_ADAPTERS = {
    ("net/http", "HandlerFunc"): 0, ("net/http", "Handler"): 0, ("net/http", "StripPrefix"): 1,
    ("net/http", "TimeoutHandler"): 0, ("net/http", "MaxBytesHandler"): 0,
    ("net/http", "AllowQuerySemicolons"): 0,
    ("github.com/labstack/echo", "WrapHandler"): 0,
    ("github.com/gin-gonic/gin", "WrapF"): 0, ("github.com/gin-gonic/gin", "WrapH"): 0,
    ("github.com/gofiber/fiber/middleware/adaptor", "HTTPHandler"): 0,
    ("github.com/gofiber/fiber/middleware/adaptor", "HTTPHandlerFunc"): 0,
    ("github.com/gofiber/adaptor", "HTTPHandler"): 0,
    ("github.com/gofiber/adaptor", "HTTPHandlerFunc"): 0,
}
_MAJOR = re.compile(r"/v\d+(?=/|$)")


def handler_adapter(import_path: str, name: str) -> int | None:
    """The index of the handler argument when `import_path.name` is in HANDLER_ADAPTERS."""
    return HANDLER_ADAPTERS.get((_MAJOR.sub("", import_path), name))
