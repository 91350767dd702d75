"""Express shapes read in a TypeScript backend labelled before auditor ran:

- a router built and returned by a function the app calls where it mounts it
  (`app.use('/api/stripe', stripeRouter())`, `stripeRouter` a default export imported with the
  ESM `.js` suffix; `adminRouter(io)` with an argument): its routes are under the mount's prefix;
- `const githubAuth = passport.authenticate('github')` and a middleware running
  `passport.authenticate('local', cb)(req, res, next)` are the login itself: the provider's
  callback and the login post are public, even where the handler after them answers 403 when
  `req.logIn` fails; a route behind `passport.authenticate('jwt')` stays required."""
from __future__ import annotations

from conftest import assert_routes, write_tree

TREE = {
    "package.json": '{"name": "x", "type": "module", "dependencies": {"express": "^4.18.0", '
                    '"passport": "^0.7.0"}}\n',
    "src/stripe/router.ts": (
        "import express, { Router } from 'express';\n\n"
        "function stripeRouter(): Router {\n"
        "  const router = express.Router();\n"
        "  router.get('/products', async (req, res) => {\n    res.json([]);\n  });\n"
        "  return router;\n}\n\n"
        "export default stripeRouter;\n"),
    "src/admin/router.ts": (
        "import express from 'express';\n\n"
        "export default function adminRouter(io: unknown) {\n"
        "  const router = express.Router();\n"
        "  router.get('/stats', (req, res) => { res.json({ io: !!io }); });\n"
        "  return router;\n}\n"),
    "src/auth/router.ts": (
        "import express, { NextFunction, Request, Response } from 'express';\n"
        "import passport from 'passport';\n\n"
        "const router = express.Router();\n"
        "const githubAuth = passport.authenticate('github', { scope: ['user:email'] });\n"
        "const jwtAuth = passport.authenticate('jwt', { session: false });\n\n"
        "function anonAuth(req: Request, res: Response, next: NextFunction) {\n"
        "  passport.authenticate('local', (err: unknown, user: unknown) => {\n"
        "    if (err || !user) {\n      return res.status(403).send();\n    }\n"
        "    return res.status(200).send();\n"
        "  })(req, res, next);\n}\n\n"
        "export const endOAuthHandler = (req: Request, res: Response) => {\n"
        "  req.logIn(req.user as any, (err: unknown) => {\n"
        "    if (err) {\n      res.status(403).send();\n    } else {\n"
        "      res.status(200).send();\n    }\n  });\n};\n\n"
        "router.get('/github', githubAuth);\n"
        "router.get('/github/callback', githubAuth, endOAuthHandler);\n"
        "router.post('/login', anonAuth);\n"
        "router.get('/me', jwtAuth, (req, res) => { res.json(req.user); });\n\n"
        "export default router;\n"),
    "src/index.ts": (
        "import express from 'express';\n"
        "import authRouter from './auth/router.js';\n"
        "import stripeRouter from './stripe/router.js';\n"
        "import adminRouter from './admin/router.js';\n\n"
        "const app = express();\n"
        "const io = {};\n"
        "app.use('/api/auth', authRouter);\n"
        "app.use('/api/stripe', stripeRouter());\n"
        "app.use('/api/admin', adminRouter(io));\n"
        "app.listen(3000);\n"),
}


def test_factory_routers_and_passport_logins(tmp_path):
    assert_routes(write_tree(tmp_path, TREE), {
        ("GET", "/api/stripe/products", "none"),
        ("GET", "/api/admin/stats", "none"),
        ("GET", "/api/auth/github", "none"),
        ("GET", "/api/auth/github/callback", "none"),
        ("POST", "/api/auth/login", "none"),
        ("GET", "/api/auth/me", "required"),
    })


LOGIN_DATA = {
    "package.json": '{"name": "x", "dependencies": {"express": "^4.18.0", "passport": "^0.7.0", '
                    '"@prisma/client": "^5.0.0"}}\n',
    "src/db.ts": "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
    "src/auth.ts": (
        "import express, { NextFunction, Request, Response } from 'express';\n"  # 1
        "import passport from 'passport';\n"
        "import { prisma } from './db';\n\n"
        "async function mergeAnonymous(id: string) {\n"  # 5
        "  return prisma.user.findFirst({ where: { id } });\n"
        "}\n\n"
        "function anonAuth(req: Request, res: Response, next: NextFunction) {\n"
        "  passport.authenticate('local', async (err: unknown, user: any) => {\n"  # 10
        "    if (err || !user) {\n      return res.status(403).send();\n    }\n"
        "    await mergeAnonymous(user.id);\n"
        "    return res.status(200).send();\n"
        "  })(req, res, next);\n}\n\n"
        "export const endAnonHandler = (req: Request, res: Response) => {\n"
        "  res.send(req.user);\n};\n\n"
        "const app = express();\n"
        "app.post('/api/auth/login', anonAuth, endAnonHandler);\n"
        "app.listen(3000);\n"),
}


def test_a_login_middleware_s_data_is_the_route_s(tmp_path):
    from conftest import scan

    res = scan(write_tree(tmp_path, LOGIN_DATA))
    ep = next(e for e in res.endpoints if (e.method, e.path) == ("POST", "/api/auth/login"))
    assert ("src/auth.ts", 6) in {(s["file"], s["line"]) for s in ep.data_sites}, ep.data_sites
    assert ep.auth == "none"
    assert not [f for f in res.findings if f.rule_id == "endpoint-without-data"]


REQUIRED_INLINE = {
    "package.json": '{"name": "x", "dependencies": {"express": "^4.18.0"}}\n',
    "middleware/auth.js": (
        "const jwt = require('jsonwebtoken');\n\n"
        "module.exports = function (req, res, next) {\n"
        "  const token = req.header('x-auth-token');\n"
        "  if (!token) {\n    return res.status(401).json({ msg: 'No token' });\n  }\n"
        "  req.user = jwt.verify(token, 'k').user;\n  next();\n};\n"),
    "routes/api/posts.js": (
        "const express = require('express');\nconst router = express.Router();\n"
        "const auth = require('../../middleware/auth');\n\n"
        "router.get('/', auth, async (req, res) => {\n  res.json([]);\n});\n\n"
        "module.exports = router;\n"),
    "routes/api/users.js": (
        "const express = require('express');\nconst router = express.Router();\n\n"
        "router.post('/', async (req, res) => {\n  res.json({});\n});\n\n"
        "module.exports = router;\n"),
    "server.js": (
        "const express = require('express');\nconst app = express();\n\n"
        "app.use(express.json());\n"
        "app.use('/api/users', require('./routes/api/users'));\n"
        "app.use('/api/posts', require('./routes/api/posts'));\n\n"
        "app.listen(5000);\n"),
}


def test_a_router_required_where_it_is_mounted(tmp_path):
    """`app.use('/api/posts', require('./routes/api/posts'))`: the module's exported router,
    under the mount's prefix (the shape of a widely copied MERN tutorial backend)."""
    assert_routes(write_tree(tmp_path, REQUIRED_INLINE), {
        ("GET", "/api/posts/", "required"),
        ("POST", "/api/users/", "none"),
    })
