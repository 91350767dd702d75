"""Generate a deterministic synthetic repository in AIM's mix of languages.

About half Go (Fiber handlers -> services -> repositories with SQL), a third TypeScript
(Express-style routes -> services -> repositories on `pg`), the rest Python (FastAPI routers ->
services -> repositories on SQLAlchemy). Every module is built from its own entity, fields and
methods, with SQL (parameterised and, now and then, concatenated), TODO markers, mock data and
validation code, so that parsers and rules see realistic, varied code rather than one repeated
line. The same arguments always give byte-identical output.

    python benchmarks/gen_synthetic.py OUT_DIR [--lines 1000000] [--seed 7]
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

NOUNS = ("agent", "user", "order", "invoice", "policy", "token", "session", "device", "tenant",
         "report", "alert", "audit", "payment", "webhook", "secret", "role", "team", "project",
         "ticket", "metric", "quota", "plan", "credential", "certificate", "key", "event",
         "message", "channel", "account", "workspace", "license", "region", "cluster", "job")
ADJ = ("active", "pending", "archived", "trusted", "external", "internal", "legacy", "primary",
       "shared", "scheduled", "verified", "revoked", "draft", "public", "private", "billing")
FIELDS = (("name", "string", "str", "string"), ("email", "string", "str", "string"),
          ("status", "string", "str", "string"), ("score", "float64", "float", "number"),
          ("count", "int", "int", "number"), ("created_at", "time.Time", "datetime", "Date"),
          ("owner_id", "string", "str", "string"), ("enabled", "bool", "bool", "boolean"),
          ("priority", "int", "int", "number"), ("region", "string", "str", "string"),
          ("description", "string", "str", "string"), ("version", "int", "int", "number"),
          ("expires_at", "time.Time", "datetime", "Date"), ("tags", "[]string", "list[str]", "string[]"))
VERBS = ("list", "get", "create", "update", "delete", "archive", "verify", "count", "search",
         "approve", "rotate", "assign", "export")
TODOS = ("TODO: paginate this query", "FIXME: handle the timeout", "TODO: cache the result",
         "HACK: skip validation for the demo", "TODO: move to the service layer",
         "XXX: remove once clients upgrade", "TODO: real implementation")


def camel(s: str) -> str:
    return "".join(p.title() for p in s.split("_"))


def lower_camel(s: str) -> str:
    c = camel(s)
    return c[0].lower() + c[1:]


class Module:
    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        noun = rng.choice(NOUNS)
        self.entity = f"{rng.choice(ADJ)}_{noun}_{index}"
        self.table = f"{noun}s_{index}"
        self.fields = rng.sample(FIELDS, rng.randint(4, 9))
        self.verbs = rng.sample(VERBS, rng.randint(5, 10))

    def todo(self) -> str:
        return self.rng.choice(TODOS)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


# ---------------------------------------------------------------- Go
def go_module(m: Module, pkg_root: str) -> dict[str, str]:
    E, e, t = camel(m.entity), lower_camel(m.entity), m.table
    cols = ", ".join(f[0] for f in m.fields)
    out = {}
    fields = "\n".join(f"\t{camel(f[0])} {f[1]} `json:\"{f[0]}\" db:\"{f[0]}\"`" for f in m.fields)
    imports = '"context"\n\t"database/sql"\n\t"fmt"\n\t"time"'
    repo = [f"package repository\n\nimport (\n\t{imports}\n)\n",
            f"// {E} is a row of {t}.\ntype {E} struct {{\n\tID string `json:\"id\"`\n{fields}\n}}\n",
            f"var _ = time.Now\n\n// {E}Repository reads and writes {t}.\ntype {E}Repository struct {{\n\tdb *sql.DB\n}}\n",
            f"func New{E}Repository(db *sql.DB) *{E}Repository {{\n\treturn &{E}Repository{{db: db}}\n}}\n"]
    for v in m.verbs:
        V = camel(v)
        body = [f"func (r *{E}Repository) {V}(ctx context.Context, id string, filter string) ([]{E}, error) {{"]
        if m.chance(0.15):
            body.append(f"\t// {m.todo()}")
        if m.chance(0.2):
            body.append(f"\tquery := fmt.Sprintf(\"SELECT {cols} FROM {t} WHERE status = '%s'\", filter)")
            body.append("\trows, err := r.db.QueryContext(ctx, query)")
        else:
            body.append(f"\trows, err := r.db.QueryContext(ctx, \"SELECT {cols} FROM {t} WHERE id = $1 AND status = $2\", id, filter)")
        body += ["\tif err != nil {", f"\t\treturn nil, fmt.Errorf(\"{v} {t}: %w\", err)", "\t}",
                 "\tdefer rows.Close()", f"\tvar out []{E}", "\tfor rows.Next() {",
                 f"\t\tvar item {E}"]
        scan = ", ".join(f"&item.{camel(f[0])}" for f in m.fields)
        body += [f"\t\tif err := rows.Scan({scan}); err != nil {{", "\t\t\treturn nil, err", "\t\t}",
                 "\t\tout = append(out, item)", "\t}", "\treturn out, rows.Err()", "}\n"]
        repo.append("\n".join(body))
    out[f"{pkg_root}/internal/repository/{m.entity}_repository.go"] = "\n".join(repo)

    svc = [f"package service\n\nimport (\n\t\"context\"\n\t\"errors\"\n\t\"strings\"\n\n\t\"example.com/app/internal/repository\"\n)\n",
           f"type {E}Service struct {{\n\trepo *repository.{E}Repository\n\tlimit int\n}}\n",
           f"func New{E}Service(repo *repository.{E}Repository) *{E}Service {{\n\treturn &{E}Service{{repo: repo, limit: {m.rng.randint(10, 500)}}}\n}}\n"]
    for v in m.verbs:
        V = camel(v)
        body = [f"func (s *{E}Service) {V}(ctx context.Context, id string, filter string) ([]repository.{E}, error) {{",
                "\tif strings.TrimSpace(id) == \"\" {", f"\t\treturn nil, errors.New(\"{m.entity}: empty id\")", "\t}"]
        if m.chance(0.1):
            body += [f"\t// {m.todo()}", f"\treturn []repository.{E}{{{{ID: \"demo-{m.rng.randint(1, 999)}\"}}}}, nil", "}\n"]
        else:
            for f in m.fields[:m.rng.randint(1, 3)]:
                body.append(f"\tif len(filter) > s.limit {{ // validate {f[0]}")
                body.append(f"\t\tfilter = filter[:s.limit]")
                body.append("\t}")
            body += [f"\titems, err := s.repo.{V}(ctx, id, filter)", "\tif err != nil {",
                     "\t\treturn nil, err", "\t}", "\treturn items, nil", "}\n"]
        svc.append("\n".join(body))
    out[f"{pkg_root}/internal/service/{m.entity}_service.go"] = "\n".join(svc)

    h = [f"package handlers\n\nimport (\n\t\"github.com/gofiber/fiber/v2\"\n\n\t\"example.com/app/internal/service\"\n)\n",
         f"type {E}Handler struct {{\n\tsvc *service.{E}Service\n}}\n",
         f"func New{E}Handler(svc *service.{E}Service) *{E}Handler {{\n\treturn &{E}Handler{{svc: svc}}\n}}\n",
         f"func (h *{E}Handler) Register(r fiber.Router) {{\n\tg := r.Group(\"/{m.table}\")"]
    for v in m.verbs:
        method = {"list": "Get", "get": "Get", "count": "Get", "search": "Get", "export": "Get",
                  "delete": "Delete", "update": "Put"}.get(v, "Post")
        h.append(f"\tg.{method}(\"/{v}/:id\", h.{camel(v)})")
    h.append("}\n")
    for v in m.verbs:
        V = camel(v)
        h.append("\n".join([
            f"func (h *{E}Handler) {V}(c *fiber.Ctx) error {{",
            "\tid := c.Params(\"id\")", "\tfilter := c.Query(\"filter\")",
            f"\titems, err := h.svc.{V}(c.Context(), id, filter)", "\tif err != nil {",
            "\t\treturn c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{\"error\": err.Error()})",
            "\t}", "\treturn c.JSON(fiber.Map{\"items\": items, \"count\": len(items)})", "}\n"]))
    out[f"{pkg_root}/internal/handlers/{m.entity}_handler.go"] = "\n".join(h)
    return out


# ---------------------------------------------------------------- TypeScript
def ts_module(m: Module, pkg_root: str) -> dict[str, str]:
    E, e, t = camel(m.entity), lower_camel(m.entity), m.table
    cols = ", ".join(f[0] for f in m.fields)
    fields = "\n".join(f"  {f[0]}: {f[3]};" for f in m.fields)
    repo = [f"import {{ Pool }} from 'pg';\n\nexport interface {E} {{\n  id: string;\n{fields}\n}}\n",
            f"export class {E}Repository {{\n  constructor(private readonly pool: Pool) {{}}\n"]
    for v in m.verbs:
        lines = [f"  async {v}(id: string, filter: string): Promise<{E}[]> {{"]
        if m.chance(0.15):
            lines.append(f"    // {m.todo()}")
        if m.chance(0.2):
            lines.append(f"    const sql = `SELECT {cols} FROM {t} WHERE status = '${{filter}}'`;")
            lines.append("    const res = await this.pool.query(sql);")
        else:
            lines.append(f"    const res = await this.pool.query('SELECT {cols} FROM {t} WHERE id = $1 AND status = $2', [id, filter]);")
        lines += [f"    return res.rows.map((row) => ({{ id: row.id, " +
                  ", ".join(f"{f[0]}: row.{f[0]}" for f in m.fields) + " }));", "  }\n"]
        repo.append("\n".join(lines))
    repo.append("}\n")
    svc = [f"import {{ {E}, {E}Repository }} from '../repositories/{m.entity}';\n",
           f"export class {E}Service {{\n  private readonly limit = {m.rng.randint(10, 500)};\n\n  constructor(private readonly repo: {E}Repository) {{}}\n"]
    for v in m.verbs:
        lines = [f"  async {v}(id: string, filter: string): Promise<{E}[]> {{",
                 "    if (!id.trim()) {", f"      throw new Error('{m.entity}: empty id');", "    }"]
        if m.chance(0.1):
            lines += [f"    // {m.todo()}", f"    return [{{ id: 'mock-{m.rng.randint(1, 999)}' }} as {E}];", "  }\n"]
        else:
            lines += ["    const trimmed = filter.length > this.limit ? filter.slice(0, this.limit) : filter;",
                      f"    const items = await this.repo.{v}(id, trimmed);",
                      f"    return items.filter((item) => item.id !== '');", "  }\n"]
        svc.append("\n".join(lines))
    svc.append("}\n")
    routes = [f"import {{ Router, Request, Response }} from 'express';\nimport {{ {E}Service }} from '../services/{m.entity}';\n",
              f"export function {e}Routes(service: {E}Service): Router {{\n  const router = Router();\n"]
    for v in m.verbs:
        method = {"list": "get", "get": "get", "count": "get", "search": "get", "export": "get",
                  "delete": "delete", "update": "put"}.get(v, "post")
        routes.append("\n".join([
            f"  router.{method}('/{t}/{v}/:id', async (req: Request, res: Response) => {{",
            "    try {", f"      const items = await service.{v}(req.params.id, String(req.query.filter ?? ''));",
            "      res.json({ items, count: items.length });", "    } catch (err) {",
            "      res.status(500).json({ error: (err as Error).message });", "    }", "  });\n"]))
    routes.append("  return router;\n}\n")
    return {f"{pkg_root}/src/repositories/{m.entity}.ts": "\n".join(repo),
            f"{pkg_root}/src/services/{m.entity}.ts": "\n".join(svc),
            f"{pkg_root}/src/routes/{m.entity}.ts": "\n".join(routes)}


# ---------------------------------------------------------------- Python
def py_module(m: Module, pkg_root: str) -> dict[str, str]:
    E, t = camel(m.entity), m.table
    cols = ", ".join(f[0] for f in m.fields)
    fields = "\n".join(f"    {f[0]}: {f[2]}" for f in m.fields)
    repo = ["from __future__ import annotations\n\nfrom dataclasses import dataclass\nfrom datetime import datetime\n\nfrom sqlalchemy import text\nfrom sqlalchemy.orm import Session\n\n",
            f"@dataclass\nclass {E}:\n    id: str\n{fields}\n\n",
            f"class {E}Repository:\n    def __init__(self, session: Session) -> None:\n        self.session = session\n"]
    for v in m.verbs:
        lines = [f"    def {v}(self, item_id: str, status: str) -> list[{E}]:"]
        if m.chance(0.15):
            lines.append(f"        # {m.todo()}")
        if m.chance(0.2):
            lines.append(f"        query = f\"SELECT {cols} FROM {t} WHERE status = '{{status}}'\"")
            lines.append("        rows = self.session.execute(text(query)).fetchall()")
        else:
            lines.append(f"        rows = self.session.execute(text(\"SELECT {cols} FROM {t} WHERE id = :id AND status = :status\"), {{\"id\": item_id, \"status\": status}}).fetchall()")
        lines += [f"        return [{E}(*row) for row in rows]\n"]
        repo.append("\n".join(lines))
    svc = [f"from __future__ import annotations\n\nfrom app.repositories.{m.entity} import {E}, {E}Repository\n\n",
           f"class {E}Service:\n    limit = {m.rng.randint(10, 500)}\n\n    def __init__(self, repo: {E}Repository) -> None:\n        self.repo = repo\n"]
    for v in m.verbs:
        lines = [f"    def {v}(self, item_id: str, status: str) -> list[{E}]:",
                 "        if not item_id.strip():", f"            raise ValueError(\"{m.entity}: empty id\")"]
        if m.chance(0.1):
            lines += [f"        # {m.todo()}", f"        return [{E}(\"fake-{m.rng.randint(1, 999)}\", *([None] * {len(m.fields)}))]\n"]
        else:
            lines += ["        status = status[: self.limit]", f"        items = self.repo.{v}(item_id, status)",
                      "        return [item for item in items if item.id]\n"]
        svc.append("\n".join(lines))
    router = [f"from fastapi import APIRouter, Depends\n\nfrom app.deps import get_service\nfrom app.services.{m.entity} import {E}Service\n\nrouter = APIRouter(prefix=\"/{t}\")\n\n"]
    for v in m.verbs:
        method = {"list": "get", "get": "get", "count": "get", "search": "get", "export": "get",
                  "delete": "delete", "update": "put"}.get(v, "post")
        router.append("\n".join([
            f"@router.{method}(\"/{v}/{{item_id}}\")",
            f"def {v}_{m.entity}(item_id: str, status: str = \"active\", service: {E}Service = Depends(get_service)):",
            f"    items = service.{v}(item_id, status)", "    return {\"items\": [vars(i) for i in items], \"count\": len(items)}\n\n"]))
    return {f"{pkg_root}/app/repositories/{m.entity}.py": "\n".join(repo),
            f"{pkg_root}/app/services/{m.entity}.py": "\n".join(svc),
            f"{pkg_root}/app/routers/{m.entity}.py": "\n".join(router)}


def generate(out: Path, total_lines: int = 1_000_000, seed: int = 7) -> dict[str, int]:
    """Write the tree; return the lines written per language."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    budgets = {"go": total_lines // 2, "ts": total_lines // 3}
    budgets["py"] = total_lines - budgets["go"] - budgets["ts"]
    makers = {"go": (go_module, "backend"), "ts": (ts_module, "web"), "py": (py_module, "sdk")}
    written = {k: 0 for k in budgets}
    index = 0
    (out / "backend").mkdir()
    (out / "backend/go.mod").write_text("module example.com/app\n\ngo 1.22\n\nrequire github.com/gofiber/fiber/v2 v2.52.0\n")
    for lang, budget in budgets.items():
        maker, root = makers[lang]
        while written[lang] < budget:
            index += 1
            for rel, text in maker(Module(rng, index), root).items():
                path = out / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
                written[lang] += text.count("\n")
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    written = generate(Path(a.out), a.lines, a.seed)
    print(f"wrote {sum(written.values())} lines: " + ", ".join(f"{k} {v}" for k, v in written.items()))


if __name__ == "__main__":
    main()
