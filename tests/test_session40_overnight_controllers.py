"""@overnightjs/core (Express underneath): `@Controller("v1")` classes whose
`@ChildControllers([new Actions()])` mount the children's routes below the parent's path (and
nowhere else); `@Middleware([isValidSecretKey])` runs Express middleware before the method, a
guard when it reads the Authorization header and throws a 401; one that reads the header only to
log it guards nothing. Checked against the
package's decorators (Controller, ChildControllers, Middleware, ClassMiddleware) and a backend
labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "package.json": '{"dependencies": {"@overnightjs/core": "1.7.6", "express": "4.19.2"}}',
    "src/middleware/auth.ts": (
        "import type { NextFunction, Request, Response } from 'express';\n"
        "export class HttpException extends Error {\n"
        "  constructor(public code: number, message: string) { super(message); }\n}\n"
        "export function parseBearer(request: Request): string {\n"
        "  const bearer = request.headers.authorization;\n"
        "  if (!bearer) {\n"
        "    throw new HttpException(401, 'No authorization header passed');\n  }\n"
        "  return bearer.split(' ')[1];\n}\n"
        "export const isValidSecretKey = (req: Request, res: Response, next: NextFunction) => {\n"
        "  if (!req.headers.authorization) {\n"
        "    throw new HttpException(401, 'No authorization header passed');\n  }\n"
        "  res.locals.auth = { sk: parseBearer(req) };\n  next();\n};\n"
        "export const noteCaller = (req: Request, res: Response, next: NextFunction) => {\n"
        "  console.log(req.headers.authorization);\n  next();\n};\n"),
    "src/controllers/v1/Actions.ts": (
        "import { Controller, Get, Middleware, Post } from '@overnightjs/core';\n"
        "import type { Request, Response } from 'express';\n"
        "import { isValidSecretKey, noteCaller } from '../../middleware/auth';\n\n"
        "@Controller('actions')\n"
        "export class Actions {\n"
        "  @Post()\n"
        "  @Middleware([isValidSecretKey])\n"
        "  public async create(req: Request, res: Response) { return res.json({}); }\n\n"
        "  @Get(':id')\n"
        "  @Middleware(noteCaller)\n"
        "  public async get(req: Request, res: Response) { return res.json({}); }\n}\n"),
    "src/controllers/v1/index.ts": (
        "import { ChildControllers, Controller, Post } from '@overnightjs/core';\n"
        "import type { Request, Response } from 'express';\n"
        "import { Actions } from './Actions';\n\n"
        "@Controller('v1')\n"
        "@ChildControllers([new Actions()])\n"
        "export class V1 {\n"
        "  @Post('track')\n"
        "  public async track(req: Request, res: Response) { return res.json({}); }\n}\n"),
    "src/app.ts": (
        "import { Server } from '@overnightjs/core';\n"
        "import { V1 } from './controllers/v1';\n\n"
        "export class App extends Server {\n"
        "  constructor() {\n    super();\n    this.addControllers([new V1()]);\n  }\n}\n"),
}


def test_child_controllers_and_method_middleware(tmp_path):
    root = write_tree(tmp_path, TREE)
    eps = {(e.method, e.path): e for e in scan(root).endpoints
           if not e.implicit and e.method != "HEAD"}
    assert set(eps) == {("POST", "/v1/track"), ("POST", "/v1/actions"),
                        ("GET", "/v1/actions/:id")}, sorted(eps)
    assert eps[("POST", "/v1/actions")].auth == "required", eps[("POST", "/v1/actions")].auth_reason
    assert eps[("GET", "/v1/actions/:id")].auth != "required", \
        eps[("GET", "/v1/actions/:id")].auth_reason
    assert eps[("POST", "/v1/actions")].framework == "express"
