"""Holdout round 5 (h57): TS/JS shapes seen on unseen express/nestjs/nextjs backends."""
import textwrap
from pathlib import Path

from auditor.cli import main as _unused  # noqa: F401  (the package imports)


def _write(root: Path, files: dict) -> None:
    for rel, src in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(src))


def _endpoints(root: Path) -> list[dict]:
    import json
    import subprocess
    import sys
    import os

    env = dict(os.environ)
    out = subprocess.run([sys.executable, "-m", "auditor", "endpoints", str(root), "--format",
                          "json", "--no-cache"], capture_output=True, text=True, env=env,
                         check=True).stdout
    return json.loads(out)["endpoints"]


def _routes(root):
    return {(e["method"], e["path"]): e for e in _endpoints(root)}


def test_tsconfig_paths_alias_mount(tmp_path):
    # server/tsconfig.json maps @server/* to the server folder: the mounted router is found
    _write(tmp_path, {
        "tsconfig.json": '{"compilerOptions": {"baseUrl": "src", "paths": {"@server/*": ["../server/*"]}}}',
        "server/tsconfig.json": '{"extends": "../tsconfig.json", "compilerOptions": {"baseUrl": ".", "paths": {"@server/*": ["*"]}}}',
        "server/index.ts": """
            import express from 'express';
            import routes from '@server/routes';
            const server = express();
            server.use('/api/v1', routes);
            server.listen(3000);
        """,
        "server/routes/index.ts": """
            import { Router } from 'express';
            const router = Router();
            router.get('/status', async (req, res) => res.json({}));
            export default router;
        """,
    })
    r = _routes(tmp_path)
    assert ("GET", "/api/v1/status") in r
    assert ("GET", "/status") not in r


def test_nest_global_prefix_from_block_const(tmp_path):
    _write(tmp_path, {
        "src/main.ts": """
            import { NestFactory } from "@nestjs/core";
            import { AppModule } from "./app.module";
            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              const globalPrefix = "api";
              app.setGlobalPrefix(globalPrefix);
              await app.listen(3000);
            }
            bootstrap();
        """,
        "src/app.module.ts": """
            import { Module } from "@nestjs/common";
            import { CatsController } from "./cats.controller";
            @Module({ controllers: [CatsController] })
            export class AppModule {}
        """,
        "src/cats.controller.ts": """
            import { Controller, Get } from "@nestjs/common";
            @Controller("cats")
            export class CatsController {
              @Get(":id")
              findOne() { return {}; }
            }
        """,
    })
    paths = {p for _m, p in _routes(tmp_path)}
    assert "/api/cats/:id" in paths or "/api/cats/{id}" in paths


def test_awaited_http_client_call_is_not_a_route(tmp_path):
    _write(tmp_path, {
        "client/api.ts": """
            import axios from "axios";
            const api = axios.create({ baseURL: "/api" });
            export default api;
        """,
        "client/chats.ts": """
            import api from "./api";
            export async function listChats(params?: { limit?: number }) {
              const req = await api.post("/ai/chats", params);
              return req.data;
            }
            export function getOne(opts) {
              return api.get("/ai/chat", opts).then((r) => r.data);
            }
        """,
        # the look-alike: a real Express router named `api` registering with a named handler
        "server/app.js": """
            const express = require('express');
            const api = express.Router();
            function listChats(req, res) { res.json([]); }
            api.post('/ai/chats', listChats);
            module.exports = api;
        """,
    })
    eps = _endpoints(tmp_path)
    got = {(e["method"], e["path"], e["registered_at"]["file"]) for e in eps}
    assert ("POST", "/ai/chats", "server/app.js") in got
    assert not any(f.startswith("client/") for _m, _p, f in got)


def test_next_app_route_wrapper_delegating_to_rejecting_middleware(tmp_path):
    _write(tmp_path, {
        "package.json": '{"dependencies": {"next": "14.0.0"}}',
        "utils/middleware.ts": """
            import { NextRequest, NextResponse } from "next/server";
            import { auth } from "./auth";
            function withMiddleware(handler, middleware) {
              return async (req, ctx) => {
                let r = req;
                if (middleware) {
                  const out = await middleware(req);
                  if (out instanceof Response) return out;
                  r = out;
                }
                return handler(r, ctx);
              };
            }
            async function authMiddleware(req: NextRequest) {
              const session = await auth(req.headers);
              if (!session?.user) {
                return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
              }
              return req;
            }
            async function accountMiddleware(req: NextRequest) {
              const authReq = await authMiddleware(req);
              if (authReq instanceof Response) return authReq;
              return authReq;
            }
            export function withAccount(scope: string, handler) {
              return withMiddleware(handler, accountMiddleware);
            }
            export function withLogging(scope: string, handler) {
              return withMiddleware(handler, undefined);
            }
        """,
        "app/api/labels/route.ts": """
            import { NextResponse } from "next/server";
            import { withAccount } from "@/utils/middleware";
            export const GET = withAccount("labels", async (request) => {
              return NextResponse.json([]);
            });
        """,
        "app/api/public/route.ts": """
            import { NextResponse } from "next/server";
            import { withLogging } from "@/utils/middleware";
            export const GET = withLogging("public", async (request) => {
              return NextResponse.json([]);
            });
        """,
        "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}',
    })
    r = _routes(tmp_path)
    assert r[("GET", "/api/labels")]["auth"] == "required"
    assert r[("GET", "/api/public")]["auth"] == "none"


def test_nest_authguard_handle_request_override_is_optional(tmp_path):
    _write(tmp_path, {
        "src/main.ts": """
            import { NestFactory } from "@nestjs/core";
            import { AppModule } from "./app.module";
            async function bootstrap() { const app = await NestFactory.create(AppModule); await app.listen(3000); }
            bootstrap();
        """,
        "src/app.module.ts": """
            import { Module } from "@nestjs/common";
            import { ResumeController } from "./resume.controller";
            @Module({ controllers: [ResumeController] })
            export class AppModule {}
        """,
        "src/guards.ts": """
            import { Injectable, UnauthorizedException } from "@nestjs/common";
            import { AuthGuard } from "@nestjs/passport";
            @Injectable()
            export class OptionalGuard extends AuthGuard("two-factor") {
              handleRequest(error, user) { return user; }
            }
            @Injectable()
            export class StrictGuard extends AuthGuard("two-factor") {
              handleRequest(error, user) {
                if (error || !user) { throw error || new UnauthorizedException(); }
                return user;
              }
            }
        """,
        "src/resume.controller.ts": """
            import { Controller, Get, UseGuards } from "@nestjs/common";
            import { OptionalGuard, StrictGuard } from "./guards";
            @Controller("resume")
            export class ResumeController {
              @Get("public")
              @UseGuards(OptionalGuard)
              pub() { return {}; }
              @Get("mine")
              @UseGuards(StrictGuard)
              mine() { return {}; }
            }
        """,
    })
    r = _routes(tmp_path)
    assert r[("GET", "/resume/public")]["auth"] == "optional"
    assert r[("GET", "/resume/mine")]["auth"] == "required"


def test_next_handler_testing_the_request_and_answering_401(tmp_path):
    """`if (!(await hasPostCronSecret(request))) return 401` in the handler: the handler's own
    test and rejection is the check, even though the imported helper alone only returns a bool
    (resolved through tsconfig paths); a 403 or a test of something else is not."""
    _write(tmp_path, {
        "package.json": '{"name": "x", "dependencies": {"next": "14.0.0"}}',
        "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}',
        "utils/cron.ts": """
            export async function hasPostCronSecret(request: Request) {
              const body = await request.clone().json();
              return body.CRON_SECRET === process.env.CRON_SECRET;
            }
            export function isEnabled(request: Request) { return true; }
            export function withError(name: string, fn: any) { return fn; }
        """,
        "app/api/cron/run/route.ts": """
            import { hasPostCronSecret, withError } from "@/utils/cron";

            export const POST = withError("cron/run", async (request) => {
              if (!(await hasPostCronSecret(request))) {
                return new Response("Unauthorized", { status: 401 });
              }
              return Response.json({ ok: true });
            });
        """,
        "app/api/feature/route.ts": """
            import { isEnabled } from "@/utils/cron";

            export async function POST(request: Request) {
              if (!isEnabled(request)) {
                return new Response("Feature disabled", { status: 403 });
              }
              return Response.json({ ok: true });
            }
        """,
    })
    routes = _routes(tmp_path)
    assert routes[("POST", "/api/cron/run")]["auth"] == "required"
    assert routes[("POST", "/api/feature")]["auth"] == "none"
