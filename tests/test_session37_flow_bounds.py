"""Two shapes read in backends nobody here wrote.

- A dict merged with reads of itself (`detail.update({"a": detail["name"], ...})`, FastAPI
  services of vastsa/FileCodeBox): each read walked the merge it is part of again, so the taint
  walk grew exponentially with the reads (43 s for seven of them) and the file was skipped on
  the time budget, losing its functions and data access. A read inside a store reads what the
  container held before that store.
- An Express handler calling a client a middleware handed on in `res.locals`
  (`res.locals.connection.rename(a, b, function (err) {...})`, joeferner/redis-commander): the
  call is work on the application's client, not the response's API; the callback written on
  the call's line does not make the library's call one of the tree's."""
from __future__ import annotations

from conftest import assert_endpoint_findings, scan, write_tree

READS = "\n".join(f'            "k{i}": detail["f{i % 7}"],' for i in range(40))
MERGE = {
    "requirements.txt": "fastapi\n",
    "svc.py": (
        "def build(item):\n"
        "    return {'f0': item, 'f1': 1, 'f2': 2, 'f3': 3, 'f4': 4, 'f5': 5, 'f6': 6}\n\n\n"
        "def get_detail(item, lookup):\n"
        "    detail = build(item)\n"
        "    detail.update(\n"
        "        {\n"
        f"{READS}\n"
        "            'policy': {'a': detail['f0'], 'b': detail['f1'], 'c': detail['f2'],\n"
        "                       'd': detail['f3'], 'e': detail['f4'], 'f': detail['f5']},\n"
        "        }\n"
        "    )\n"
        "    return lookup(detail['k1'])\n"),
}


def test_a_dict_merged_with_reads_of_itself_is_analysed_in_time(tmp_path):
    result = scan(write_tree(tmp_path, MERGE))
    assert not [e for e in result.errors if e.get("file") == "svc.py"], result.errors
    assert not any("svc.py" in (i.get("file") or "") for i in result.incomplete), \
        result.incomplete


HANDED_ON = {
    "package.json": '{"name": "h", "dependencies": {"express": "4"}}',
    "app.js": (
        "const express = require('express');\n"
        "const app = express();\n"
        "const connections = [];\n\n"
        "function findConnection(req, res, next) {\n"
        "  res.locals.connection = connections[0];\n"
        "  next();\n"
        "}\n\n"
        "function renameKey(req, res, next) {\n"
        "  const redisConnection = res.locals.connection;\n"
        "  redisConnection.rename(req.params.key, req.body.key, function (err) {\n"
        "    if (err) { return next(err); }\n"
        "    return res.json('ok');\n"
        "  });\n"
        "}\n\n"
        "function encode(req, res) {\n"
        "  const value = req.params.value;\n"
        "  res.json({ encoded: value.toUpperCase(), ok: true });\n"
        "}\n\n"
        "app.patch('/key/:key', findConnection, renameKey);\n"
        "app.post('/encode/:value', encode);\n"
        "app.listen(3000);\n"),
}


def test_a_call_on_a_client_a_middleware_handed_on_is_work(tmp_path):
    # (the look-alike: an echo of the request, which touches nothing)
    assert_endpoint_findings(tmp_path, HANDED_ON, "endpoint-without-data",
                             {("PATCH", "/key/:key"): False, ("POST", "/encode/:value"): True})


TORTOISE_MONKEYPATCHED = {
    "requirements.txt": "fastapi\ntortoise-orm\n",
    "apps/models.py": (
        "from tortoise import fields, models\n\n\n"
        "class FileCodes(models.Model):\n"
        "    id = fields.IntField(pk=True)\n"
        "    code = fields.CharField(max_length=255)\n"),
    "apps/views.py": (
        "from fastapi import APIRouter\n\n"
        "from apps.models import FileCodes\n\n"
        "share_api = APIRouter(prefix=\"/share\")\n\n\n"
        "async def get_code_file_by_code(code: str):\n"
        "    file_code = await FileCodes.filter(code=code).first()\n"
        "    return file_code is not None, file_code\n\n\n"
        "@share_api.get(\"/metadata\")\n"
        "async def get_file_metadata(code: str):\n"
        "    has, file_code = await get_code_file_by_code(code)\n"
        "    return {\"found\": has}\n"),
    "main.py": ("from fastapi import FastAPI\n\nfrom apps.views import share_api\n\n"
                "app = FastAPI()\napp.include_router(share_api)\n"),
    "tests/test_retrieve.py": (
        "import unittest\n\nfrom apps import views\n\n\n"
        "class FakeQuery:\n"
        "    async def first(self):\n        return None\n\n\n"
        "class FakeFileCodes:\n"
        "    @classmethod\n"
        "    def filter(cls, **kw):\n        return FakeQuery()\n\n\n"
        "class T(unittest.TestCase):\n"
        "    def test_missing(self):\n"
        "        views.FileCodes = FakeFileCodes\n"),
}


def test_a_test_double_monkeypatched_in_does_not_hide_the_production_query(tmp_path):
    """A test that replaces a module's model (`views.FileCodes = FakeFileCodes`) gives the call
    graph an edge from the production query to the double; production never runs it."""
    result = scan(write_tree(tmp_path, TORTOISE_MONKEYPATCHED))
    e = next(e for e in result.endpoints if e.path == "/share/metadata")
    assert [s["kind"] for s in e.data_sites] == ["orm"], (e.data_sites, [n.name for n in e.chain])
    assert not any(n.file.startswith("tests/") for n in e.chain), [n.name for n in e.chain]
