"""handler-bypasses-service: in Go a repository type can satisfy the use-case interface by
shape (`newsRepo` has every method of `news.UseCase`), so the call `h.newsUC.Create(...)`
dispatches to both; the call site is the service's, the handler bypasses nothing. A handler
that does call the repository itself is still reported. Shape of an Echo clean-architecture
backend labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module example.com/ca\n\ngo 1.22\n\nrequire github.com/labstack/echo/v4 v4.11.0\n"
FILES = {
    "go.mod": GO_MOD,
    "internal/news/news.go": (
        "package news\n\nimport \"context\"\n\n"
        "type UseCase interface {\n\tCreate(ctx context.Context, title string) error\n"
        "\tGet(ctx context.Context, id int) (string, error)\n}\n\n"
        "type Repository interface {\n\tCreate(ctx context.Context, title string) error\n"
        "\tGet(ctx context.Context, id int) (string, error)\n"
        "\tDelete(ctx context.Context, id int) error\n}\n"),
    "internal/news/repository/repo.go": (
        "package repository\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n)\n\n"
        "type newsRepo struct{ db *sql.DB }\n\n"
        "func NewNewsRepository(db *sql.DB) *newsRepo { return &newsRepo{db: db} }\n\n"
        "func (r *newsRepo) Create(ctx context.Context, title string) error {\n"
        "\t_, err := r.db.ExecContext(ctx, \"INSERT INTO news(title) VALUES ($1)\", title)\n"
        "\treturn err\n}\n\n"
        "func (r *newsRepo) Get(ctx context.Context, id int) (string, error) {\n"
        "\tvar t string\n"
        "\terr := r.db.QueryRowContext(ctx, \"SELECT title FROM news WHERE id = $1\", id).Scan(&t)\n"
        "\treturn t, err\n}\n\n"
        "func (r *newsRepo) Delete(ctx context.Context, id int) error {\n"
        "\t_, err := r.db.ExecContext(ctx, \"DELETE FROM news WHERE id = $1\", id)\n"
        "\treturn err\n}\n"),
    "internal/news/usecase/usecase.go": (
        "package usecase\n\nimport (\n\t\"context\"\n\n\t\"example.com/ca/internal/news\"\n)\n\n"
        "type newsUC struct{ repo news.Repository }\n\n"
        "func NewNewsUseCase(r news.Repository) news.UseCase { return &newsUC{repo: r} }\n\n"
        "func (u *newsUC) Create(ctx context.Context, title string) error {\n"
        "\treturn u.repo.Create(ctx, title)\n}\n\n"
        "func (u *newsUC) Get(ctx context.Context, id int) (string, error) {\n"
        "\treturn u.repo.Get(ctx, id)\n}\n"),
    "internal/news/delivery/handlers.go": (
        "package delivery\n\nimport (\n\t\"github.com/labstack/echo/v4\"\n\n"
        "\t\"example.com/ca/internal/news\"\n)\n\n"
        "type newsHandlers struct {\n\tnewsUC news.UseCase\n\trepo news.Repository\n}\n\n"
        "func (h newsHandlers) Create() echo.HandlerFunc {\n"
        "\treturn func(c echo.Context) error {\n"
        "\t\tif err := h.newsUC.Create(c.Request().Context(), c.FormValue(\"t\")); err != nil {\n"
        "\t\t\treturn err\n\t\t}\n\t\treturn c.NoContent(201)\n\t}\n}\n\n"
        "func (h newsHandlers) Get() echo.HandlerFunc {\n"
        "\treturn func(c echo.Context) error {\n"
        "\t\tt, err := h.newsUC.Get(c.Request().Context(), 1)\n"
        "\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\treturn c.String(200, t)\n\t}\n}\n\n"
        "func (h newsHandlers) Raw() echo.HandlerFunc {\n"
        "\treturn func(c echo.Context) error {\n"
        "\t\tt, err := h.repo.Get(c.Request().Context(), 2)\n"
        "\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\treturn c.String(200, t)\n\t}\n}\n\n"
        "func Map(g *echo.Group, h newsHandlers) {\n"
        "\tg.POST(\"/create\", h.Create())\n\tg.GET(\"/one\", h.Get())\n"
        "\tg.GET(\"/raw\", h.Raw())\n}\n"),
}


def test_shape_dispatch_to_a_repository_is_no_bypass(tmp_path):
    root = write_tree(tmp_path, FILES)
    got = [f.message for f in scan(root).findings if f.rule_id == "handler-bypasses-service"]
    assert not any("/create" in m or "/one" in m for m in got), got
    assert any("/raw" in m for m in got), got
