"""NestJS: a global guard (APP_GUARD) whose canActivate answers true when the route carries a
metadata key (`this.reflector.getAllAndOverride(SKIP_GUARDS_KEY, [...])?.includes(...)` then
`return true`) lets the routes through whose decorator sets that key (`SkipGuards = () =>
SetMetadata(SKIP_GUARDS_KEY, [...])`), whatever the decorator is called; a key the guard reads
to skip when it is absent (`if (!role) return true`) marks nothing public, nor does one read
after the credential was checked. Shape of a NestJS
backend labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "package.json": '{"dependencies": {"@nestjs/core": "*", "@nestjs/common": "*"}}',
    "src/skip.decorator.ts": (
        "import { SetMetadata } from '@nestjs/common';\n\n"
        "export const SKIP_GUARDS_KEY = 'skip-guards';\n"
        "export const SkipGuards = (names: string[] = ['AuthenticationGuard']) =>\n"
        "  SetMetadata(SKIP_GUARDS_KEY, names);\n\n"
        "export const PERM_OPTIONAL_KEY = 'perm-optional';\n"
        "export const PermissionOptional = () => SetMetadata(PERM_OPTIONAL_KEY, true);\n"
        "export const ROLE_KEY = 'role';\n"
        "export const MinimumRole = (role: number) => SetMetadata(ROLE_KEY, role);\n"),
    "src/authentication.guard.ts": (
        "import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } "
        "from '@nestjs/common';\nimport { Reflector } from '@nestjs/core';\n"
        "import { SKIP_GUARDS_KEY, ROLE_KEY, PERM_OPTIONAL_KEY } from './skip.decorator';\n\n"
        "@Injectable()\nexport class AuthenticationGuard implements CanActivate {\n"
        "  constructor(private reflector: Reflector) {}\n"
        "  canActivate(context: ExecutionContext) {\n"
        "    if (\n      this.reflector\n        .getAllAndOverride<\n          string[]\n"
        "        >(SKIP_GUARDS_KEY, [context.getHandler(), context.getClass()])\n"
        "        ?.includes(this.constructor.name)\n    ) {\n      return true;\n    }\n"
        "    const role = this.reflector.get(ROLE_KEY, context.getHandler());\n"
        "    if (!role) {\n      return true;\n    }\n"
        "    const req = context.switchToHttp().getRequest();\n"
        "    if (!req.headers.authorization) {\n"
        "      throw new UnauthorizedException();\n    }\n"
        "    const noPerm = this.reflector.get(PERM_OPTIONAL_KEY, context.getHandler());\n"
        "    if (noPerm) {\n      return true;\n    }\n    return true;\n  }\n}\n"),
    "src/app.module.ts": (
        "import { Module } from '@nestjs/common';\nimport { APP_GUARD } from '@nestjs/core';\n"
        "import { AuthenticationGuard } from './authentication.guard';\n"
        "import { StatusController } from './status.controller';\n\n"
        "@Module({ controllers: [StatusController],\n"
        "  providers: [{ provide: APP_GUARD, useClass: AuthenticationGuard }] })\n"
        "export class AppModule {}\n"),
    "src/status.controller.ts": (
        "import { Controller, Get } from '@nestjs/common';\n"
        "import { SkipGuards, MinimumRole, PermissionOptional } from './skip.decorator';\n\n"
        "@Controller('status')\nexport class StatusController {\n"
        "  @Get()\n  @SkipGuards()\n  get() { return { ok: true }; }\n\n"
        "  @Get('admin')\n  @MinimumRole(3)\n  admin() { return { ok: true }; }\n\n"
        "  @Get('me')\n  @PermissionOptional()\n  me() { return { ok: true }; }\n}\n"),
    "src/main.ts": (
        "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\n"
        "async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n"
        "  await app.listen(3000);\n}\nbootstrap();\n"),
}


def test_custom_skip_metadata(tmp_path):
    root = write_tree(tmp_path, TREE)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    assert eps[("GET", "/status")].auth == "none", eps[("GET", "/status")].auth_reason
    assert eps[("GET", "/status/admin")].auth == "required", eps[("GET", "/status/admin")].middleware
    # a key read once the token was checked skips only the permission step
    assert eps[("GET", "/status/me")].auth == "required", eps[("GET", "/status/me")].auth_reason
