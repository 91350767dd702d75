"""Holdout round 3 (2026-12-04) for TS/JS backends nobody here had seen: one small tree per
framework shape that the round met, with the routes and auth the framework really gives.

- NestJS: RouterModule.register([{path, module, children}]) from @nestjs/core gives every
  controller *declared in that module's* `controllers` the module's path, after the global
  prefix and the URI version, before the controller's own path; children join their parent's
  path; two modules may declare controllers with the same class name (different files).
- Express (CommonJS): `module.exports = { api: apiRouter, render: renderRouter }` exports each
  router under its key, `module.exports = require('./routes')` (routes/index.js) re-exports a
  module whole, and `app.use('/api/v2', routes.api)` then `app.use('/api', routes.api)` mounts
  the one router under both prefixes.
- Next.js route handlers: a request parser of the tree that checks credentials and hands the
  rejection back (`auth = await checkAuth(request); if (!auth) error = () => unauthorized();
  return { auth, error }`), the handler stopping on it (`if (error) return error();`), guards
  the route, unless called with the option its check is gated on (`{ skipAuth: true }`); a
  parser of the same shape that checks no credential guards nothing.
"""
from __future__ import annotations

from pathlib import Path

from conftest import scan, write_tree


def _eps(tmp_path: Path, files: dict) -> dict:
    result = scan(write_tree(tmp_path, files))
    return {(e.method, e.path): e for e in result.endpoints if not e.implicit}


NEST_MAIN = """
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('root');
  await app.listen(3000);
}
bootstrap();
"""

NEST_APP = """
import { Module } from '@nestjs/common';
import { RouterModule, Routes } from '@nestjs/core';
import { PublicModule } from './public/public.module';
import { PrivateModule } from './private/private.module';
import { AdminModule } from './private/admin/admin.module';
import { PlainModule } from './plain/plain.module';

export const PUBLIC_PREFIX = '/api/v2';

const routes: Routes = [
  { path: PUBLIC_PREFIX, module: PublicModule },
  { path: 'private', module: PrivateModule, children: [{ path: 'admin', module: AdminModule }] },
];

@Module({
  imports: [RouterModule.register(routes), PublicModule, PrivateModule, PlainModule],
})
export class AppModule {}
"""


def _ctrl(cls: str, path: str, guard: str = "") -> str:
    deco = f"@UseGuards({guard})\n" if guard else ""
    return f"""
import {{ Controller, Get, UseGuards }} from '@nestjs/common';
import {{ SessionGuard }} from '../session.guard';
{deco}@Controller('{path}')
export class {cls} {{
  @Get(':id')
  find() {{ return 1; }}
}}
"""


def _module(cls: str, ctrl: str, file: str) -> str:
    return f"""
import {{ Module }} from '@nestjs/common';
import {{ {ctrl} }} from './{file}';
@Module({{ controllers: [{ctrl}] }})
export class {cls} {{}}
"""


def test_nest_router_module_paths(tmp_path):
    files = {
        "src/main.ts": NEST_MAIN,
        "src/app.module.ts": NEST_APP,
        "src/session.guard.ts": "export class SessionGuard { canActivate() { return true; } }\n",
        "src/public/notes.controller.ts": _ctrl("NotesController", "notes"),
        "src/public/public.module.ts": _module("PublicModule", "NotesController",
                                               "notes.controller"),
        "src/private/notes.controller.ts": _ctrl("NotesController", "notes", "SessionGuard"),
        "src/private/private.module.ts": _module("PrivateModule", "NotesController",
                                                 "notes.controller"),
        "src/private/admin/users.controller.ts": _ctrl("UsersController", "users"),
        "src/private/admin/admin.module.ts": _module("AdminModule", "UsersController",
                                                     "users.controller"),
        # a module no RouterModule route names: its controllers keep their own path
        "src/plain/things.controller.ts": _ctrl("ThingsController", "things"),
        "src/plain/plain.module.ts": _module("PlainModule", "ThingsController",
                                             "things.controller"),
    }
    eps = _eps(tmp_path, files)
    assert set(eps) == {
        ("GET", "/root/api/v2/notes/:id"),
        ("GET", "/root/private/notes/:id"),
        ("GET", "/root/private/admin/users/:id"),
        ("GET", "/root/things/:id"),
    }
    assert eps[("GET", "/root/private/notes/:id")].auth == "required"
    assert eps[("GET", "/root/api/v2/notes/:id")].auth == "none"


def test_express_commonjs_exports_object_and_reexport(tmp_path):
    files = {
        "server/server.js": """
const express = require("express");
const routes = require("./routes");
const app = express();
app.use("/", routes.render);
app.use("/api/v2", routes.api);
app.use("/api", routes.api);
app.get("/:id", (req, res) => res.send("x"));
app.listen(3000);
""",
        "server/routes/index.js": 'module.exports = require("./routes");\n',
        "server/routes/routes.js": """
const { Router } = require("express");
const links = require("./link.routes");
const renders = require("./renders.routes");
const renderRouter = Router();
renderRouter.use(renders);
const apiRouter = Router();
apiRouter.use("/links", links);
const helper = Router();
module.exports = { api: apiRouter, render: renderRouter };
""",
        "server/routes/link.routes.js": """
const { Router } = require("express");
const router = Router();
router.get("/", (req, res) => res.json([]));
router.post("/report", (req, res) => res.send("ok"));
module.exports = router;
""",
        "server/routes/renders.routes.js": """
const { Router } = require("express");
const router = Router();
router.get("/settings", (req, res) => res.render("settings"));
module.exports = router;
""",
    }
    eps = _eps(tmp_path, files)
    assert set(eps) == {
        ("GET", "/api/v2/links/"), ("POST", "/api/v2/links/report"),
        ("GET", "/api/links/"), ("POST", "/api/links/report"),
        ("GET", "/settings"), ("GET", "/:id"),
    }


REQUEST_LIB = """
import { z } from 'zod';

export async function checkAuth(request: Request) {
  const token = request.headers.get('authorization');
  return token ? { user: { id: token } } : null;
}
export function unauthorized() { return Response.json({ error: 'Unauthorized' }, { status: 401 }); }
export function badRequest() { return Response.json({}, { status: 400 }); }

export async function parseRequest(request: Request, schema?: any, options?: { skipAuth: boolean }) {
  let error: any;
  let auth = null;
  const body = await request.json();
  if (schema && !schema.safeParse(body).success) {
    error = () => badRequest();
  }
  if (!options?.skipAuth && !error) {
    auth = await checkAuth(request);
    if (!auth) {
      error = () => unauthorized();
    }
  }
  return { body, auth, error };
}

export async function parseBody(request: Request) {
  let error: any;
  const body = await request.json();
  if (!body) {
    error = () => badRequest();
  }
  return { body, error };
}
"""


def _handler(call: str, method: str = "GET") -> str:
    return f"""
import {{ parseRequest, parseBody }} from '@/lib/request';
export async function {method}(request: Request) {{
  const {{ body, error }} = await {call};
  if (error) {{
    return error();
  }}
  return Response.json(body);
}}
"""


def test_next_request_parser_handing_back_the_rejection(tmp_path):
    files = {
        "package.json": '{"dependencies": {"next": "15.0.0"}}',
        "src/lib/request.ts": REQUEST_LIB,
        "src/app/api/websites/route.ts": _handler("parseRequest(request)"),
        "src/app/api/send/route.ts": _handler("parseRequest(request, null, { skipAuth: true })",
                                              "POST"),
        "src/app/api/echo/route.ts": _handler("parseBody(request)", "POST"),
    }
    eps = _eps(tmp_path, files)
    assert eps[("GET", "/api/websites")].auth == "required"
    assert eps[("POST", "/api/send")].auth == "none"
    assert eps[("POST", "/api/echo")].auth == "none"
