"""Go: a route no guard covers whose handler calls a helper reading the Authorization header
(and rejecting nobody) is optional auth, however many repository functions the handler's
depth-first chain lists before that helper."""
from __future__ import annotations

from conftest import scan_go_module


def _repo(n: int) -> str:
    funcs = "\n".join(f"func (r *Repo) Get{i}(id int) int {{ return r.Get{i}b(id) }}\n"
                      f"func (r *Repo) Get{i}b(id int) int {{ return id + {i} }}" for i in range(n))
    calls = "\n".join(f"\ttotal += h.repo.Get{i}(1)" for i in range(n))
    return f'''package app

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

type Repo struct{{}}

{funcs}

type H struct{{ repo *Repo }}

func userFromRequest(c *fiber.Ctx) string {{
	tok := strings.TrimPrefix(c.Get("Authorization"), "Bearer ")
	if tok == "" {{
		return ""
	}}
	return tok
}}

func (h *H) List(c *fiber.Ctx) error {{
	total := 0
{calls}
	user := userFromRequest(c)
	return c.JSON(fiber.Map{{"total": total, "mine": user != ""}})
}}

func (h *H) Plain(c *fiber.Ctx) error {{
	total := 0
{calls}
	return c.JSON(fiber.Map{{"total": total}})
}}

func Routes(app *fiber.App, h *H) {{
	app.Get("/items", h.List)
	app.Get("/plain", h.Plain)
}}
'''


def test_header_helper_after_many_repository_calls_is_optional(tmp_path):
    eps, _ = scan_go_module(tmp_path, {"app/app.go": _repo(24)})
    assert eps[("GET", "/items")].auth == "optional"
    # the look-alike: the same repository calls and no credential read
    assert eps[("GET", "/plain")].auth == "none"
