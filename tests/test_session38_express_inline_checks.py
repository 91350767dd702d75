"""Express handlers written in place that test the request themselves, read in a TypeScript
backend labelled before auditor ran (Passport sessions, no auth middleware on the routes):

- `const user = await getUserViewFromRequest(req); if (user) {...} else { res.status(401) }`,
  and `if (identity) { ...return... } res.status(401).send()`: required;
- the same helper read without a rejection (`if (user) {...} res.send([])`): optional, in the
  same file as a route where it is required (each route's test has its own record);
- a middleware of the tree that rejects when Passport's user is missing (`if (!req.user)` or
  `if (!identity || identity.email !== ADMIN)` on a helper reading `request.user`): required."""
from __future__ import annotations

from conftest import assert_routes, write_tree

TREE = {
    "package.json": '{"name": "x", "dependencies": {"express": "^4.18.0"}}\n',
    "src/utils.ts": (
        "import { Request } from 'express';\n\n"
        "export async function getUserViewFromRequest(request: Request) {\n"
        "  if (request.user) {\n    return { id: 1 };\n  }\n  return null;\n}\n"),
    "src/index.ts": (
        "import express, { NextFunction, Request, Response } from 'express';\n"
        "import { getUserViewFromRequest } from './utils';\n\n"
        "const app = express();\n\n"
        "async function isAdmin(req: Request, res: Response, next: NextFunction) {\n"
        "  const identity = await getUserViewFromRequest(req);\n"
        "  if (!identity || identity.id !== 1) {\n"
        "    return res.status(403).send('no');\n  }\n  next();\n}\n\n"
        "function ensureLoggedIn(req: Request, res: Response, next: NextFunction) {\n"
        "  if (!req.user) {\n    return res.status(401).send();\n  }\n  next();\n}\n\n"
        "app.get('/api/me', async (req, res) => {\n"
        "  const user = await getUserViewFromRequest(req);\n"
        "  if (user) {\n    res.status(200).send(user);\n  } else {\n"
        "    res.status(401).send('Not logged in');\n  }\n});\n\n"
        "app.get('/api/members', async (req, res) => {\n"
        "  const identity = await getUserViewFromRequest(req);\n"
        "  if (identity) {\n    return res.status(200).send([identity]);\n  }\n"
        "  res.status(401).send();\n});\n\n"
        "app.get('/api/previous', async (req, res) => {\n"
        "  const user = await getUserViewFromRequest(req);\n"
        "  if (user) {\n    return res.status(200).send([user]);\n  }\n"
        "  res.status(200).send([]);\n});\n\n"
        "app.get('/api/admin/users', isAdmin, async (_req, res) => {\n"
        "  res.send([]);\n});\n\n"
        "app.get('/api/quota', ensureLoggedIn, (req, res) => {\n  res.send({ q: 1 });\n});\n\n"
        "app.get('/api/ping', (req, res) => {\n  res.send('pong');\n});\n\n"
        "app.listen(3000);\n"),
}


def test_checks_written_in_express_handlers(tmp_path):
    assert_routes(write_tree(tmp_path, TREE), {
        ("GET", "/api/me", "required"),
        ("GET", "/api/members", "required"),
        ("GET", "/api/previous", "optional"),
        ("GET", "/api/admin/users", "required"),
        ("GET", "/api/quota", "required"),
        ("GET", "/api/ping", "none"),
    })
