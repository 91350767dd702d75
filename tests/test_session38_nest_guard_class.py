"""A NestJS guard class of its own (`class RefreshTokenGuard implements CanActivate`) is judged
by its `canActivate`: reading the refresh cookie and throwing UnauthorizedException without it
guards the route, although "refresh" names no guard (a middleware that refreshes a session lets
everyone through). A guard whose canActivate lets every request on (`return true` after
reading the token when there is one) is no guard. Shape read in a NestJS + Prisma backend
labelled before auditor ran."""
from __future__ import annotations

import json

from conftest import assert_routes, write_tree

TREE = {
    "package.json": json.dumps({"name": "n", "dependencies": {
        "@nestjs/common": "10.0.0", "@nestjs/core": "10.0.0", "express": "4.18.2"}}),
    "src/refresh-token.guard.ts": (
        "import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } "
        "from '@nestjs/common';\n\n"
        "@Injectable()\n"
        "export class RefreshTokenGuard implements CanActivate {\n"
        "  async canActivate(context: ExecutionContext): Promise<boolean> {\n"
        "    const req = context.switchToHttp().getRequest();\n"
        "    const token: string | undefined = req.cookies?.['refresh'];\n"
        "    if (!token) {\n"
        "      throw new UnauthorizedException('Refresh token is missing');\n"
        "    }\n"
        "    return true;\n"
        "  }\n"
        "}\n"),
    "src/refresh-session.guard.ts": (
        "import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';\n\n"
        "@Injectable()\n"
        "export class RefreshSessionGuard implements CanActivate {\n"
        "  canActivate(context: ExecutionContext): boolean {\n"
        "    const req = context.switchToHttp().getRequest();\n"
        "    req.seen = Date.now();\n"
        "    return true;\n"
        "  }\n"
        "}\n"),
    "src/users.controller.ts": (
        "import { Controller, Post, UseGuards } from '@nestjs/common';\n"
        "import { RefreshTokenGuard } from './refresh-token.guard';\n"
        "import { RefreshSessionGuard } from './refresh-session.guard';\n\n"
        "@Controller('users')\n"
        "export class UsersController {\n"
        "  @Post('refresh')\n"
        "  @UseGuards(RefreshTokenGuard)\n"
        "  refresh() {\n    return { ok: true };\n  }\n\n"
        "  @Post('touch')\n"
        "  @UseGuards(RefreshSessionGuard)\n"
        "  touch() {\n    return { ok: true };\n  }\n"
        "}\n"),
    "src/app.module.ts": (
        "import { Module } from '@nestjs/common';\n"
        "import { UsersController } from './users.controller';\n\n"
        "@Module({ controllers: [UsersController] })\n"
        "export class AppModule {}\n"),
    "src/main.ts": (
        "import { NestFactory } from '@nestjs/core';\n"
        "import { AppModule } from './app.module';\n\n"
        "async function bootstrap() {\n"
        "  const app = await NestFactory.create(AppModule);\n"
        "  app.setGlobalPrefix('api');\n"
        "  await app.listen(3000);\n}\nbootstrap();\n"),
}


def test_a_guard_class_is_judged_by_its_can_activate(tmp_path):
    assert_routes(write_tree(tmp_path, TREE), {
        ("POST", "/api/users/refresh", "required"),
        ("POST", "/api/users/touch", "none"),
    })
