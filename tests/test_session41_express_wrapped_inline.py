"""Express: a handler written in the route inside a wrapper call
(`router.get('/x', isAuth, expressAsyncHandler(async (req, res) => {...}))`) is the inline
function: its data access is the route's, the wrapper runs around it as middleware; an inline
handler that hands its response on in a shorthand property (`successResponse({ res, data })`)
answers the request (it is not a pass-through step). Shapes of two Express backends labelled
before auditor ran (Mongoose, node-redis)."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "package.json": '{"dependencies": {"express": "*", "mongoose": "*", "redis": "*"}}',
    "models/userModel.js": (
        "import mongoose from 'mongoose';\n"
        "const userSchema = new mongoose.Schema({ name: String });\n"
        "const User = mongoose.model('User', userSchema);\n"
        "export default User;\n"),
    "utils.js": (
        "export const isAuth = (req, res, next) => {\n"
        "  const authorization = req.headers.authorization;\n"
        "  if (!authorization) { return res.status(401).send({ message: 'No Token' }); }\n"
        "  next();\n};\n"),
    "routers/userRouter.js": (
        "import express from 'express';\n"
        "import expressAsyncHandler from 'express-async-handler';\n"
        "import User from '../models/userModel.js';\n"
        "import { isAuth } from '../utils.js';\n"
        "const userRouter = express.Router();\n"
        "userRouter.get('/top', expressAsyncHandler(async (req, res) => {\n"
        "  const users = await User.find({}).limit(3);\n"
        "  res.send(users);\n}));\n"
        "userRouter.put('/profile', isAuth, expressAsyncHandler(async (req, res) => {\n"
        "  const user = await User.findById(req.user._id);\n"
        "  res.send(user);\n}));\n"
        "export default userRouter;\n"),
    "routes/items.ts": (
        "import express from 'express';\n"
        "import { createClient } from 'redis';\n"
        "const client = createClient();\n"
        "const successResponse = ({ res, data }) => res.json({ data });\n"
        "export const router = express.Router();\n"
        "router.get('/', async (req, res, next) => {\n"
        "  try {\n"
        "    const ids = await client.zRange('items', 0, 10);\n"
        "    return successResponse({ res, data: ids });\n"
        "  } catch (error) {\n    next(error);\n  }\n});\n"),
    "server.js": (
        "import express from 'express';\n"
        "import userRouter from './routers/userRouter.js';\n"
        "import { router as itemsRouter } from './routes/items.js';\n"
        "const app = express();\n"
        "app.use('/api/users', userRouter);\n"
        "app.use('/items', itemsRouter);\n"
        "app.listen(5000);\n"),
}


def test_wrapped_inline_handler_and_shorthand_response(tmp_path):
    root = write_tree(tmp_path, TREE)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    top = eps[("GET", "/api/users/top")]
    assert top.data_sites, (top.handler, top.chain)
    assert top.auth == "none", top.auth_reason
    assert "expressAsyncHandler" in top.middleware, top.middleware
    prof = eps[("PUT", "/api/users/profile")]
    assert prof.data_sites and prof.auth == "required", (prof.data_sites, prof.auth)
    items = eps.get(("GET", "/items")) or eps.get(("GET", "/items/"))
    assert items is not None, sorted(eps)
    assert items.data_sites, items.chain


OPTIONAL_TREE = {
    "package.json": '{"dependencies": {"express": "*"}}',
    "middleware.js": (
        "exports.includeDecodedTokenIfExists = () => async (req, res, next) => {\n"
        "  const token = req.headers['authorization'];\n"
        "  if (token) {\n"
        "    if (!token.startsWith('ey')) { return res.status(403).send('expired'); }\n"
        "    req.decoded = token;\n    return next();\n"
        "  } else {\n    return next();\n  }\n};\n"),
    "server.js": (
        "const express = require('express');\n"
        "const m = require('./middleware');\n"
        "const app = express();\n"
        "app.get('/posts', m.includeDecodedTokenIfExists(), (req, res) => res.json([]));\n"
        "app.listen(3000);\n"),
}


def test_token_if_exists_is_optional(tmp_path):
    root = write_tree(tmp_path, OPTIONAL_TREE)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    assert eps[("GET", "/posts")].auth == "optional", eps[("GET", "/posts")].auth_reason


ARRAY_TREE = {
    "package.json": '{"dependencies": {"express": "*"}}',
    "jwt.js": (
        "exports.checkToken = (req, res, next) => {\n"
        "  if (!req.headers.authorization) { return res.status(401).json('no token'); }\n"
        "  next();\n};\n"
        "exports.isAdmin = (req, res, next) => next();\n"),
    "app.js": (
        "const express = require('express');\n"
        "const jwtMiddleware = require('./jwt');\n"
        "const app = express();\n"
        "app.get('/api/config', [jwtMiddleware.checkToken, jwtMiddleware.isAdmin],\n"
        "        (req, res) => res.json({}));\n"
        "app.get('/api/open', (req, res) => res.json({}));\n"
        "app.listen(3000);\n"),
}


def test_middleware_given_as_an_array(tmp_path):
    root = write_tree(tmp_path, ARRAY_TREE)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    cfg = eps[("GET", "/api/config")]
    assert cfg.middleware[-2:] == ["jwtMiddleware.checkToken", "jwtMiddleware.isAdmin"], \
        cfg.middleware
    assert cfg.auth == "required"
    assert eps[("GET", "/api/open")].auth == "none"
