"""Echo: the application object handed out by a dependency-injection container in two
functions (`e := do.MustInvoke[*echo.Echo](injector)` in main, which calls `e.Use(auth)`, and
again in the function registering the routes) is one router: `e.Use` wraps every route of
it, those registered on `e` directly as well as those of its groups (Echo's root middleware runs
in ServeHTTP, whatever the order of registration). Shape read in an echo + gorm backend labelled
before auditor ran."""
from __future__ import annotations

from conftest import assert_routes, write_tree

TREE = {
    "go.mod": ("module example.com/m\n\ngo 1.22\n\nrequire (\n"
               "\tgithub.com/labstack/echo/v4 v4.12.0\n\tgithub.com/samber/do/v2 v2.0.0\n)\n"),
    "mw/auth.go": (
        "package mw\n\n"
        "import (\n\t\"net/http\"\n\n\t\"github.com/labstack/echo/v4\"\n"
        "\t\"github.com/samber/do/v2\"\n)\n\n"
        "func Auth(injector do.Injector) echo.MiddlewareFunc {\n"
        "\treturn func(next echo.HandlerFunc) echo.HandlerFunc {\n"
        "\t\treturn func(c echo.Context) error {\n"
        "\t\t\tif c.Request().Header.Get(\"x-api-token\") == \"\" {\n"
        "\t\t\t\treturn c.JSON(http.StatusUnauthorized, \"missing token\")\n\t\t\t}\n"
        "\t\t\treturn next(c)\n\t\t}\n\t}\n}\n"),
    "router.go": (
        "package main\n\n"
        "import (\n\t\"github.com/labstack/echo/v4\"\n\t\"github.com/samber/do/v2\"\n)\n\n"
        "func list(c echo.Context) error { return c.JSON(200, []string{}) }\n\n"
        "func setupRouter(injector do.Injector) {\n"
        "\te := do.MustInvoke[*echo.Echo](injector)\n"
        "\tapi := e.Group(\"/api\")\n"
        "\tapi.POST(\"/memo/list\", list)\n"
        "\te.POST(\"/api/file/upload\", list)\n"
        "}\n"),
    "main.go": (
        "package main\n\n"
        "import (\n\t\"github.com/labstack/echo/v4\"\n\t\"github.com/samber/do/v2\"\n\n"
        "\t\"example.com/m/mw\"\n)\n\n"
        "func main() {\n"
        "\tinjector := do.New()\n"
        "\tdo.ProvideValue(injector, echo.New())\n"
        "\te := do.MustInvoke[*echo.Echo](injector)\n"
        "\te.Use(mw.Auth(injector))\n"
        "\tsetupRouter(injector)\n"
        "\te.Start(\":8080\")\n"
        "}\n"),
}


def test_one_injected_echo_router(tmp_path):
    assert_routes(write_tree(tmp_path, TREE), {
        ("POST", "/api/memo/list", "required"),
        ("POST", "/api/file/upload", "required"),
    })
