"""Next.js pages/api handlers as a public SaaS starter writes them (session 42):

- `const handler = async (req, res) => {...}; export default handler;` is the route's
  handler (its data is traced), never another file's `handler`.
- `const validateSession = initMiddleware(validate())` (Next.js's "run a middleware in an API
  route" helper) guards like the middleware it adapts, which answers 401 without a session;
  `await validateSession(req, res);` as a statement and `const session = await
  validateSession(req, res)` both make the route required.
- How one handler used a helper (an optional read) says nothing of another file's use.
"""
from __future__ import annotations

from conftest import scan, write_tree


def _endpoints(tmp_path, tree):
    """{(method, path): endpoint} of a scan of `tree`, implicit ones left out."""
    return {(e.method, e.path): e for e in scan(write_tree(tmp_path, tree)).endpoints
            if not e.implicit}

TREE = {
    "package.json": '{"dependencies": {"next": "13.0.0", "next-auth": "4.0.0", '
                    '"@prisma/client": "5.0.0"}}',
    "jsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/prisma/*": '
                     '["prisma/*"], "@/lib/*": ["src/lib/*"]}}}',
    "prisma/index.js": (
        "import { PrismaClient } from '@prisma/client';\n"
        "const prisma = new PrismaClient();\nexport default prisma;\n"),
    "prisma/services/user.js": (
        "import prisma from '@/prisma/index';\n"
        "export const updateName = async (id, name) =>\n"
        "  await prisma.user.update({ data: { name }, where: { id } });\n"),
    "src/lib/init-middleware.js": (
        "const initMiddleware = (middleware) => {\n"
        "  return (req, res) =>\n"
        "    new Promise((resolve, reject) => {\n"
        "      middleware(req, res, (result) =>\n"
        "        result instanceof Error ? reject(result) : resolve(result));\n"
        "    });\n};\nexport default initMiddleware;\n"),
    "src/lib/session-check.js": (
        "import { getServerSession } from 'next-auth/next';\n"
        "const validateMiddleware = () => {\n"
        "  return async (req, res, next) => {\n"
        "    const session = await getServerSession(req, res, {});\n"
        "    if (!session) {\n"
        "      res.status(401).json({ error: 'Unauthorized access' });\n"
        "    } else {\n"
        "      return next(session);\n"
        "    }\n"
        "  };\n};\nexport default validateMiddleware;\n"),
    "src/lib/validation/session.js": (
        "import initMiddleware from '@/lib/init-middleware';\n"
        "import validate from '@/lib/session-check';\n"
        "const validateSession = initMiddleware(validate());\n"
        "export default validateSession;\n"),
    "src/lib/validation/index.js": (
        "import validateSession from './session';\nexport { validateSession };\n"),
    "src/pages/api/user/name.js": (
        "import { validateSession } from '@/lib/validation';\n"
        "import { updateName } from '@/prisma/services/user';\n\n"
        "const handler = async (req, res) => {\n"
        "  if (req.method === 'PUT') {\n"
        "    const session = await validateSession(req, res);\n"
        "    await updateName(session.user.id, req.body.name);\n"
        "    res.status(200).json({});\n"
        "  } else {\n"
        "    res.status(405).json({});\n"
        "  }\n};\n\nexport default handler;\n"),
    "src/pages/api/user/leave.js": (
        "import { validateSession } from '@/lib/validation';\n\n"
        "const handler = async (req, res) => {\n"
        "  if (req.method === 'DELETE') {\n"
        "    await validateSession(req, res);\n"
        "    res.status(200).json({});\n"
        "  } else {\n"
        "    res.status(405).json({});\n"
        "  }\n};\n\nexport default handler;\n"),
    "src/pages/api/ping.js": (
        "const handler = async (req, res) => {\n"
        "  res.status(200).json({ pong: true });\n};\n\nexport default handler;\n"),
}


def test_default_exported_const_handler_and_adapted_guard(tmp_path):
    eps = _endpoints(tmp_path, TREE)
    name = eps[("PUT", "/api/user/name")]
    assert name.handler["file"] == "src/pages/api/user/name.js", name.handler
    assert [d["file"] for d in name.data_sites] == ["prisma/services/user.js"], name.data_sites
    assert name.auth == "required", (name.middleware, name.auth_reason)
    leave = eps[("DELETE", "/api/user/leave")]
    assert leave.handler["file"] == "src/pages/api/user/leave.js", leave.handler
    assert leave.auth == "required", (leave.middleware, leave.auth_reason)
    ping = eps[("ANY", "/api/ping")]
    assert ping.handler["file"] == "src/pages/api/ping.js", ping.handler
    assert ping.auth == "none"
