"""Go: `authGroup.POST("/register", h.Register())` with `h auth.Handlers` (an interface whose
one implementation is `*authHandlers`) serves what `authHandlers.Register` returns, not the use
case's `authUC.Register` that shares the name (a guess by name picked that one). Shape of an
Echo clean-architecture backend labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module example.com/ca\n\ngo 1.22\n\nrequire github.com/labstack/echo/v4 v4.11.0\n"
FILES = {
    "go.mod": GO_MOD,
    "internal/auth/delivery.go": (
        "package auth\n\nimport \"github.com/labstack/echo/v4\"\n\n"
        "type Handlers interface {\n\tRegister() echo.HandlerFunc\n}\n"),
    "internal/auth/usecase.go": (
        "package auth\n\nimport \"context\"\n\n"
        "type UseCase interface {\n\tRegister(ctx context.Context, name string) error\n}\n"),
    "internal/auth/usecase/usecase.go": (
        "package usecase\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n)\n\n"
        "type authUC struct{ db *sql.DB }\n\n"
        "func NewAuthUseCase(db *sql.DB) *authUC { return &authUC{db: db} }\n\n"
        "func (u *authUC) Register(ctx context.Context, name string) error {\n"
        "\t_, err := u.db.ExecContext(ctx, \"INSERT INTO users(name) VALUES ($1)\", name)\n"
        "\treturn err\n}\n"),
    "internal/auth/delivery/http/handlers.go": (
        "package http\n\nimport (\n\t\"github.com/labstack/echo/v4\"\n\n"
        "\t\"example.com/ca/internal/auth\"\n)\n\n"
        "type authHandlers struct{ uc auth.UseCase }\n\n"
        "func NewAuthHandlers(uc auth.UseCase) auth.Handlers { return &authHandlers{uc: uc} }\n\n"
        "func (h *authHandlers) Register() echo.HandlerFunc {\n"
        "\treturn func(c echo.Context) error {\n"
        "\t\tif err := h.uc.Register(c.Request().Context(), c.FormValue(\"name\")); err != nil {\n"
        "\t\t\treturn err\n\t\t}\n\t\treturn c.NoContent(201)\n\t}\n}\n"),
    "internal/auth/delivery/http/routes.go": (
        "package http\n\nimport (\n\t\"github.com/labstack/echo/v4\"\n\n"
        "\t\"example.com/ca/internal/auth\"\n)\n\n"
        "func MapAuthRoutes(g *echo.Group, h auth.Handlers) {\n"
        "\tg.POST(\"/register\", h.Register())\n}\n"),
    "cmd/main.go": (
        "package main\n\nimport (\n\t\"database/sql\"\n\n\t\"github.com/labstack/echo/v4\"\n\n"
        "\tauthHttp \"example.com/ca/internal/auth/delivery/http\"\n"
        "\t\"example.com/ca/internal/auth/usecase\"\n)\n\n"
        "func main() {\n\tvar db *sql.DB\n\te := echo.New()\n"
        "\th := authHttp.NewAuthHandlers(usecase.NewAuthUseCase(db))\n"
        "\tauthHttp.MapAuthRoutes(e.Group(\"/api/v1/auth\"), h)\n"
        "\te.Start(\":5000\")\n}\n"),
}


def test_factory_call_through_an_interface(tmp_path):
    root = write_tree(tmp_path, FILES)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    ep = eps[("POST", "/api/v1/auth/register")]
    assert ep.handler["name"].endswith("authHandlers.Register"), ep.handler
