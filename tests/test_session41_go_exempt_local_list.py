"""A Go auth middleware that reads the token and, only when none came, lets the paths of a
list it declares itself through (`ignores := []string{"/api/user/login", ...}; for _, url :=
range ignores { if path == url { return next(cc) } }`, `path := c.Request().URL.Path`): those
paths are served without credentials and still check a token that is sent (optional); every
other path is guarded. Shape of an Echo backend labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module example.com/m\n\ngo 1.22\n\nrequire github.com/labstack/echo/v4 v4.11.0\n"
MAIN = (
    "package main\n\nimport (\n\t\"net/http\"\n\t\"strings\"\n\n"
    "\t\"github.com/labstack/echo/v4\"\n)\n\n"
    "func Auth() echo.MiddlewareFunc {\n"
    "\tignores := []string{\n\t\t\"/api/user/login\",\n\t\t\"/api/memo/list\",\n\t}\n"
    "\treturn func(next echo.HandlerFunc) echo.HandlerFunc {\n"
    "\t\treturn func(c echo.Context) error {\n"
    "\t\t\ttokenStr := c.Request().Header.Get(\"x-api-token\")\n"
    "\t\t\tif tokenStr != \"\" {\n"
    "\t\t\t\tif !strings.HasPrefix(tokenStr, \"ey\") {\n"
    "\t\t\t\t\treturn c.JSON(http.StatusUnauthorized, \"bad token\")\n\t\t\t\t}\n"
    "\t\t\t\treturn next(c)\n"
    "\t\t\t} else {\n"
    "\t\t\t\tpath := c.Request().URL.Path\n"
    "\t\t\t\tfor _, url := range ignores {\n"
    "\t\t\t\t\tif path == url {\n\t\t\t\t\t\treturn next(c)\n\t\t\t\t\t}\n\t\t\t\t}\n"
    "\t\t\t\treturn c.JSON(http.StatusUnauthorized, \"token missing\")\n"
    "\t\t\t}\n\t\t}\n\t}\n}\n\n"
    "func h(c echo.Context) error { return c.JSON(200, \"ok\") }\n\n"
    "func main() {\n"
    "\te := echo.New()\n"
    "\te.Use(Auth())\n"
    "\tapi := e.Group(\"/api\")\n"
    "\tapi.POST(\"/user/login\", h)\n"
    "\tapi.POST(\"/memo/list\", h)\n"
    "\tapi.POST(\"/memo/save\", h)\n"
    "\te.Logger.Fatal(e.Start(\":1323\"))\n}\n")


def test_local_exempt_list_after_the_token_read(tmp_path):
    root = write_tree(tmp_path, {"go.mod": GO_MOD, "main.go": MAIN})
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    assert eps[("POST", "/api/user/login")].auth == "optional", \
        eps[("POST", "/api/user/login")].auth_reason
    assert eps[("POST", "/api/memo/list")].auth == "optional"
    assert eps[("POST", "/api/memo/save")].auth == "required"
