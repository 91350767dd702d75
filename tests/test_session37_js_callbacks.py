"""A callback handed to a built-in array or promise method is not the value the declaration
names: `const products = rows.sort(() => Math.random() - 0.5)` names the sorted array. Named
after it, the comparator became the target of every `products` passed on in the tree, and a
handler answering `res.json(products)` was traced straight into the repository, a "bypass" of
the service it calls (dhatGuy/PERN-Store). `const list = asyncHandler(async (req, res) => ...)`
still names the wrapped handler."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "package.json": '{"name": "p", "dependencies": {"express": "4", "pg": "8"}}',
    "server/config/index.js": (
        "const { Pool } = require('pg');\n"
        "const pool = new Pool();\n"
        "module.exports = { query: (text, params) => pool.query(text, params) };\n"),
    "server/db/product.db.js": (
        "const pool = require('../config');\n\n"
        "const getAllProductsDb = async ({ limit, offset }) => {\n"
        "  const { rows } = await pool.query('select * from products limit $1 offset $2',\n"
        "    [limit, offset]);\n"
        "  const products = [...rows].sort(() => Math.random() - 0.5);\n"
        "  return products;\n"
        "};\n\n"
        "module.exports = { getAllProductsDb };\n"),
    "server/services/product.service.js": (
        "const { getAllProductsDb } = require('../db/product.db');\n\n"
        "class ProductService {\n"
        "  getAllProducts = async (page) => {\n"
        "    return await getAllProductsDb({ limit: 12, offset: (page - 1) * 12 });\n"
        "  };\n"
        "}\n\n"
        "module.exports = new ProductService();\n"),
    "server/controllers/products.controller.js": (
        "const productService = require('../services/product.service');\n\n"
        "const getAllProducts = async (req, res) => {\n"
        "  const { page = 1 } = req.query;\n"
        "  const products = await productService.getAllProducts(page);\n"
        "  res.json(products);\n"
        "};\n\n"
        "module.exports = { getAllProducts };\n"),
    "server/app.js": (
        "const express = require('express');\n"
        "const { getAllProducts } = require('./controllers/products.controller');\n\n"
        "const app = express();\n"
        "app.get('/api/products', getAllProducts);\n"
        "app.listen(9000);\n"),
}


def test_a_comparator_is_not_the_array_it_sorts(tmp_path):
    result = scan(write_tree(tmp_path, TREE))
    e = next(e for e in result.endpoints if e.path == "/api/products")
    names = [n.name for n in e.chain]
    assert not any(n.endswith(".products") for n in names), names
    assert e.reaches_service and e.data_sites, (names, e.data_sites)
    assert not [f for f in result.findings if f.rule_id == "handler-bypasses-service"], \
        [(f.rule_id, f.message) for f in result.findings if f.rule_id == "handler-bypasses-service"]
