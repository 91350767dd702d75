"""Express apps built of CommonJS modules whose exported function takes the app and a URL
prefix (`module.exports = function (app, urlPrefix) {...}`, called as
`require('./routes')(app, urlPrefix)` with `const urlPrefix = config.get(...) || ''`), and a
module that returns its routers in an object (`return { apiv1: routerV1 }`, mounted as
`apiRoutes.apiv1`). Shape read in joeferner/redis-commander; before, its API routes were listed
without their mount paths and without the authentication middleware of the app."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "package.json": '{"name": "rc", "dependencies": {"express": "4", "config": "3"}}',
    "lib/app.js": (
        "'use strict';\n"
        "const express = require('express');\n"
        "const config = require('config');\n\n"
        "function verifyToken(req, res, next) {\n"
        "  if (!req.headers.authorization) { return res.status(401).end(); }\n"
        "  next();\n"
        "}\n\n"
        "module.exports = function (connections) {\n"
        "  const urlPrefix = config.get('server.urlPrefix') || '';\n"
        "  let app = express();\n"
        "  app.get(`${urlPrefix}/`, function (req, res) { res.send('index'); });\n"
        "  app.use(verifyToken);\n"
        "  require('./routes')(app, urlPrefix);\n"
        "  return app;\n"
        "};\n"),
    "lib/routes/index.js": (
        "'use strict';\n\n"
        "module.exports = function (app, urlPrefix) {\n"
        "  let apiRoutes = require('./api')(app);\n"
        "  app.use(`${urlPrefix}/apiv1`, apiRoutes.apiv1);\n"
        "  app.use(`${urlPrefix}/tools`, require('./tools')());\n"
        "};\n"),
    "lib/routes/api.js": (
        "'use strict';\n\n"
        "module.exports = function (app) {\n"
        "  const express = require('express');\n"
        "  const routerV1 = express.Router();\n"
        "  routerV1.get('/server/info', getServerInfo);\n"
        "  return {\n    apiv1: routerV1\n  };\n"
        "};\n\n"
        "function getServerInfo(req, res) { res.json({ ok: true }); }\n"),
    "lib/routes/tools.js": (
        "'use strict';\n\n"
        "module.exports = function () {\n"
        "  const express = require('express');\n"
        "  const router = express.Router();\n"
        "  router.get('/export', function (req, res) { res.send('x'); });\n"
        "  return router;\n"
        "};\n"),
    "bin/server.js": ("const app = require('../lib/app')([]);\napp.listen(8081);\n"),
}


def test_prefix_parameters_and_returned_routers_of_commonjs_modules(tmp_path):
    result = scan(write_tree(tmp_path, TREE))
    eps = {(e.method, e.path): e for e in result.endpoints if not e.implicit}
    assert ("GET", "/apiv1/server/info") in eps, sorted(eps)
    assert ("GET", "/tools/export") in eps, sorted(eps)
    assert ("GET", "/server/info") not in eps and ("GET", "/export") not in eps, sorted(eps)
    assert eps[("GET", "/")].auth == "none", eps[("GET", "/")].auth_reason
    for key in (("GET", "/apiv1/server/info"), ("GET", "/tools/export")):
        assert eps[key].auth == "required", (key, eps[key].auth, eps[key].middleware)
    assert not result.unresolved_routes, result.unresolved_routes
