"""Next.js middleware.ts read in a SaaS starter labelled before auditor ran:

- `if (micromatch.isMatch(pathname, unAuthenticatedRoutes)) return NextResponse.next()` lets
  the paths of the module's glob list through (`/api/auth/**`, `/api/hello`);
- the session check written inside a branch on the configuration (`if (strategy === 'jwt') {
  const token = await getToken({ req }); if (!token) return NextResponse.redirect(...) }`) is
  the middleware's guard for every other matched path;
- a handler refusing a lookup's success with a 400 (`if (await getUser({ email })) throw new
  ApiError(400, 'already exists')`) is a uniqueness check, not a credential test."""
from __future__ import annotations

import json

from conftest import assert_routes, write_tree

TREE = {
    "package.json": json.dumps({"name": "s", "dependencies": {
        "next": "14.1.0", "next-auth": "4.24.0", "micromatch": "4.0.5"}}),
    "middleware.ts": (
        "import micromatch from 'micromatch';\n"
        "import { getToken } from 'next-auth/jwt';\n"
        "import { NextResponse } from 'next/server';\n"
        "import type { NextRequest } from 'next/server';\n\n"
        "const unAuthenticatedRoutes = ['/api/hello', '/api/auth/**', '/api/invitations/*'];\n\n"
        "export default async function middleware(req: NextRequest) {\n"
        "  const { pathname } = req.nextUrl;\n"
        "  if (micromatch.isMatch(pathname, unAuthenticatedRoutes)) {\n"
        "    return NextResponse.next();\n  }\n"
        "  const redirectUrl = new URL('/auth/login', req.url);\n"
        "  if (process.env.SESSION_STRATEGY === 'jwt') {\n"
        "    const token = await getToken({ req });\n"
        "    if (!token) {\n      return NextResponse.redirect(redirectUrl);\n    }\n"
        "  }\n"
        "  return NextResponse.next();\n}\n\n"
        "export const config = {\n"
        "  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],\n};\n"),
    "lib/users.ts": (
        "export async function getUser(where: { email: string }) {\n"
        "  return where.email === 'taken' ? { id: 1 } : null;\n}\n"),
    "pages/api/hello.ts": (
        "import type { NextApiRequest, NextApiResponse } from 'next';\n\n"
        "export default function handler(req: NextApiRequest, res: NextApiResponse) {\n"
        "  res.status(200).json({ hello: 'world' });\n}\n"),
    "pages/api/auth/join.ts": (
        "import type { NextApiRequest, NextApiResponse } from 'next';\n"
        "import { getUser } from '../../../lib/users';\n\n"
        "class ApiError extends Error {\n"
        "  constructor(public status: number, message: string) { super(message); }\n}\n\n"
        "export default async function handler(req: NextApiRequest, res: NextApiResponse) {\n"
        "  if (req.method !== 'POST') {\n    return res.status(405).end();\n  }\n"
        "  const { email } = req.body;\n"
        "  if (await getUser({ email })) {\n"
        "    throw new ApiError(400, 'An user with this email already exists.');\n  }\n"
        "  res.status(201).json({ ok: true });\n}\n"),
    "pages/api/teams/index.ts": (
        "import type { NextApiRequest, NextApiResponse } from 'next';\n\n"
        "export default async function handler(req: NextApiRequest, res: NextApiResponse) {\n"
        "  if (req.method === 'GET') {\n    return res.status(200).json([]);\n  }\n"
        "  res.status(405).end();\n}\n"),
}


def test_middleware_glob_skips_and_branch_guard(tmp_path):
    assert_routes(write_tree(tmp_path, TREE), {
        ("ANY", "/api/hello", "none"),
        ("POST", "/api/auth/join", "none"),
        ("GET", "/api/teams", "required"),
    })
