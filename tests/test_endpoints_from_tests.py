"""Code under tests contributes no route and no prefix (issue 15): a test that mounts a
production router on its own app, or registers routes on a test router, adds nothing."""
from __future__ import annotations

from conftest import scan, write_tree


def test_a_test_mounting_a_production_router_adds_no_path(tmp_path):
    root = write_tree(tmp_path / "app", {
        "src/routes/users.js": ("const express = require('express');\n"
                                "const router = express.Router();\n"
                                "router.get('/:id', (req, res) => res.json({}));\n"
                                "module.exports = router;\n"),
        "src/app.js": ("const express = require('express');\nconst users = require('./routes/users');\n"
                       "const app = express();\napp.use('/api/users', users);\n"
                       "module.exports = app;\n"),
        "test/users.test.js": ("const express = require('express');\n"
                               "const users = require('../src/routes/users');\n"
                               "const app = express();\napp.use('/', users);\n"
                               "app.get('/only-in-test', (req, res) => res.send('x'));\n"),
    })
    got = {(e.method, e.path) for e in scan(root).endpoints if not e.implicit}
    assert got == {("GET", "/api/users/:id")}, got
