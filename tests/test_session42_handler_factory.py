"""A handler factory of the tree, reached through a module object (session 42): `exports.getAll
= (Model) => catchAsync(async (req, res, next) => { ... Model.find() ... })`, routed as
`tourController.getAllTours` where `exports.getAllTours = factory.getAll(Tour)` and `factory =
require("./handlerFactory")`. The factory is the route's handler (what it returns runs per
request) and `Model` takes the models its call sites hand it, so the route reaches Mongoose.
A factory called only with a plain object (no model) reaches nothing."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "package.json": '{"dependencies": {"express": "4.18.0", "mongoose": "7.0.0"}}',
    "app.js": (
        "const express = require('express');\n"
        "const tourRouter = require('./routes/tourRoutes');\n"
        "const app = express();\n"
        "app.use('/api/v1/tours', tourRouter);\n"
        "module.exports = app;\n"),
    "routes/tourRoutes.js": (
        "const express = require('express');\n"
        "const tourController = require('../controllers/tourController');\n"
        "const router = express.Router();\n"
        "router.route('/').get(tourController.getAllTours).post(tourController.createTour);\n"
        "router.get('/stats', tourController.getStats);\n"
        "module.exports = router;\n"),
    "controllers/tourController.js": (
        "const Tour = require('../models/tourModel');\n"
        "const factory = require('./handlerFactory');\n"
        "exports.getAllTours = factory.getAll(Tour);\n"
        "exports.createTour = factory.createOne(Tour);\n"
        "exports.getStats = factory.echo({ ok: true });\n"),
    "controllers/handlerFactory.js": (
        "const catchAsync = require('../utils/catchAsync');\n"
        "exports.getAll = (Model) =>\n"
        "  catchAsync(async (req, res, next) => {\n"
        "    const docs = await Model.find({});\n"
        "    res.status(200).json({ data: docs });\n"
        "  });\n"
        "exports.createOne = (Model) =>\n"
        "  catchAsync(async (req, res, next) => {\n"
        "    const doc = await Model.create(req.body);\n"
        "    res.status(201).json({ data: doc });\n"
        "  });\n"
        "exports.echo = (value) =>\n"
        "  catchAsync(async (req, res, next) => {\n"
        "    res.status(200).json(value);\n"
        "  });\n"),
    "utils/catchAsync.js": (
        "module.exports = (fn) => (req, res, next) => {\n"
        "  fn(req, res, next).catch(next);\n};\n"),
    "models/tourModel.js": (
        "const mongoose = require('mongoose');\n"
        "const tourSchema = new mongoose.Schema({ name: String });\n"
        "module.exports = mongoose.model('Tour', tourSchema);\n"),
}


def test_factory_made_handlers_reach_the_model_they_are_handed(tmp_path):
    eps = {(e.method, e.path.rstrip("/")): e for e in scan(write_tree(tmp_path, TREE)).endpoints
           if not e.implicit}
    get = eps[("GET", "/api/v1/tours")]
    assert get.handler["name"].endswith("handlerFactory.getAll"), get.handler
    assert [(d["file"], d["line"]) for d in get.data_sites] == [
        ("controllers/handlerFactory.js", 4)], get.data_sites
    post = eps[("POST", "/api/v1/tours")]
    assert [(d["file"], d["line"]) for d in post.data_sites] == [
        ("controllers/handlerFactory.js", 9)], post.data_sites
    stats = eps[("GET", "/api/v1/tours/stats")]
    assert stats.handler["name"].endswith("handlerFactory.echo"), stats.handler
    assert not stats.data_sites, stats.data_sites
