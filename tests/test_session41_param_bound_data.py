"""An Express middleware factory handed a Mongoose model (`advancedResults(Bootcamp, 'courses')`
into `(model, populate) => async (req, res, next) => { model.find(...) }`) queries that model:
the route's data is read by its middleware, the handler hands on `res.advancedResults`, and no
endpoint-without-data is reported; a factory no call hands a model stays unknown. A
simplejwt TokenObtainPairView subclass authenticates against the user store. Shapes of
backends labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "package.json": '{"dependencies": {"express": "*", "mongoose": "*"}}',
    "models/Bootcamp.js": (
        "const mongoose = require('mongoose');\n"
        "const BootcampSchema = new mongoose.Schema({ name: String });\n"
        "module.exports = mongoose.model('Bootcamp', BootcampSchema);\n"),
    "middleware/advancedResults.js": (
        "const advancedResults = (model, populate) => async (req, res, next) => {\n"
        "  let query = model.find({});\n"
        "  if (populate) {\n    query = query.populate(populate);\n  }\n"
        "  res.advancedResults = { success: true, data: await query };\n"
        "  next();\n};\n\nmodule.exports = advancedResults;\n"),
    "controllers/bootcamps.js": (
        "exports.getBootcamps = async (req, res, next) => {\n"
        "  res.status(200).json(res.advancedResults);\n};\n"),
    "routes/bootcamps.js": (
        "const express = require('express');\n"
        "const { getBootcamps } = require('../controllers/bootcamps');\n"
        "const Bootcamp = require('../models/Bootcamp');\n"
        "const advancedResults = require('../middleware/advancedResults');\n"
        "const router = express.Router();\n"
        "router.route('/').get(advancedResults(Bootcamp, 'courses'), getBootcamps);\n"
        "module.exports = router;\n"),
    "server.js": (
        "const express = require('express');\n"
        "const bootcamps = require('./routes/bootcamps');\n"
        "const app = express();\n"
        "app.use('/api/v1/bootcamps', bootcamps);\n"
        "app.listen(5000);\n"),
}


def test_model_handed_to_a_middleware_factory(tmp_path):
    root = write_tree(tmp_path, TREE)
    res = scan(root)
    got = [f for f in res.findings if f.rule_id == "endpoint-without-data"]
    assert not got, [(f.file, f.line, f.message) for f in got]


DJANGO = {
    "manage.py": "import django\n",
    "requirements.txt": "django\ndjangorestframework-simplejwt\n",
    "proj/__init__.py": "",
    "proj/urls.py": (
        "from django.urls import path\n"
        "from rest_framework_simplejwt.views import TokenObtainPairView\n\n"
        "class MyTokenObtainPairView(TokenObtainPairView):\n"
        "    pass\n\n"
        "urlpatterns = [\n    path('api/login/', MyTokenObtainPairView.as_view()),\n]\n"),
}


def test_simplejwt_obtain_view_reads_users(tmp_path):
    root = write_tree(tmp_path, DJANGO)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    ep = next(e for (m, p), e in eps.items() if p == "/api/login/" and m == "POST")
    assert ep.data_sites, ep.handler
