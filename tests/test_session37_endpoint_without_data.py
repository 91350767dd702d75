"""endpoint-without-data reports a stand-in by what it answers: something made up (a literal, a
literal a helper on its chain returns, random values, a not-implemented refusal, nothing at all).
A handler whose answer is computed from what the program holds (its configuration, a registry
of plugins, a package variable, the settings) is data-less by design and stays quiet. Shapes read
in backends nobody here wrote (a web UI's configuration, the flag types a plugin registry holds,
the social login providers of the settings), each next to a stand-in that looks like it."""
from __future__ import annotations

import pytest

from conftest import assert_endpoint_findings
from test_session36_endpoint_without_data import NEST_PASSPORT

GO_STATE = {
    "go.mod": "module example.com/mail\n\ngo 1.22\n",
    "config/config.go": (
        "package config\n\n"
        "var Label string\n"
        "var RelayEnabled bool\n"
        "var RelayHost = \"\"\n"),
    "api/api.go": (
        "package api\n\n"
        "import (\n\t\"encoding/json\"\n\t\"math/rand\"\n\t\"net/http\"\n\n"
        "\t\"example.com/mail/config\"\n)\n\n"
        "type uiConfig struct {\n\tLabel string\n\tRelay bool\n\tHost  string\n}\n\n"
        "// the web UI's settings: the configuration the process was started with\n"
        "func UIConfig(w http.ResponseWriter, _ *http.Request) {\n"
        "\tconf := uiConfig{}\n"
        "\tconf.Label = config.Label\n"
        "\tconf.Relay = config.RelayEnabled\n"
        "\tif config.RelayEnabled {\n"
        "\t\tconf.Host = config.RelayHost\n"
        "\t}\n"
        "\tw.Header().Add(\"Content-Type\", \"application/json\")\n"
        "\t_ = json.NewEncoder(w).Encode(conf)\n"
        "}\n\n"
        "type stat struct {\n\tName  string\n\tCount int\n}\n\n"
        "// a stand-in: the numbers are drawn at random\n"
        "func Stats(w http.ResponseWriter, _ *http.Request) {\n"
        "\tout := stat{}\n"
        "\tout.Name = \"messages\"\n"
        "\tout.Count = rand.Intn(100)\n"
        "\t_ = json.NewEncoder(w).Encode(out)\n"
        "}\n"),
    "main.go": (
        "package main\n\n"
        "import (\n\t\"net/http\"\n\n\t\"example.com/mail/api\"\n)\n\n"
        "func main() {\n"
        "\tmux := http.NewServeMux()\n"
        "\tmux.HandleFunc(\"/api/v1/webui\", api.UIConfig)\n"
        "\tmux.HandleFunc(\"/api/v1/stats\", api.Stats)\n"
        "\t_ = http.ListenAndServe(\":8025\", mux)\n"
        "}\n"),
}

PY_REGISTRY = {
    "requirements.txt": "flask\n",
    "plugins.py": (
        "class BaseFlag:\n    name = \"base\"\n    templates = {}\n\n\n"
        "class StaticFlag(BaseFlag):\n    name = \"static\"\n\n\n"
        "FLAG_CLASSES = {\"static\": StaticFlag}\n"),
    "summary.py": (
        "def build_summary():\n"
        "    return {\"total\": 42, \"open\": 7}\n"),
    "app.py": (
        "from flask import Flask, jsonify\n\n"
        "from plugins import FLAG_CLASSES\n"
        "from summary import build_summary\n\n"
        "app = Flask(__name__)\n"
        "app.config[\"PROVIDERS\"] = [\"github\", \"google\"]\n\n\n"
        "@app.route(\"/api/v1/flags/types\")\n"
        "def flag_types():\n"
        "    response = {}\n"
        "    for class_id in FLAG_CLASSES:\n"
        "        cls = FLAG_CLASSES[class_id]\n"
        "        response[class_id] = {\"name\": cls.name, \"templates\": cls.templates}\n"
        "    return jsonify(success=True, data=response)\n\n\n"
        "@app.route(\"/api/v1/summary\")\n"
        "def summary():\n"
        "    return jsonify(build_summary())\n"),
}

EXPRESS_STATE = {
    "package.json": '{"name": "s", "dependencies": {"express": "4"}}',
    "src/providers.js": (
        "const providers = new Map();\n"
        "function register(name, opts) { providers.set(name, opts); }\n"
        "register(\"github\", { scope: \"user\" });\n"
        "module.exports = { providers };\n"),
    "src/app.js": (
        "const express = require(\"express\");\n"
        "const { providers } = require(\"./providers\");\n\n"
        "const app = express();\n\n"
        "app.get(\"/api/social/links\", (req, res) => {\n"
        "  const links = [...providers.keys()].map((name) => ({ name, url: `/login/${name}` }));\n"
        "  res.json(links);\n"
        "});\n\n"
        "app.post(\"/api/orders/:id/cancel\", (req, res) => {\n"
        "  res.json({ ok: true, status: \"cancelled\" });\n"
        "});\n\n"
        "app.listen(3000);\n"),
}

# the app's state a middleware or the app put on the request (`req.app.locals`), answered as
# itself or as a verdict on it; next to a bare literal acknowledgement, which is made up
EXPRESS_APP_LOCALS = {
    "package.json": '{"name": "l", "dependencies": {"express": "4"}}',
    "src/app.js": (
        "const express = require(\"express\");\n\n"
        "const app = express();\n"
        "app.locals.connections = [];\n\n"
        "app.get(\"/connected\", (req, res) => {\n"
        "  if (req.app.locals.connections[0]) {\n"
        "    return res.send(true);\n"
        "  }\n"
        "  return res.send(false);\n"
        "});\n\n"
        "app.get(\"/connections\", (req, res) => {\n"
        "  res.json({ ok: true, connections: req.app.locals.connections.map((c) => c.label) });\n"
        "});\n\n"
        "app.post(\"/sync\", (req, res) => {\n"
        "  return res.send(true);\n"
        "});\n\n"
        "app.listen(3000);\n"),
}

# @nestjs/passport's AuthGuard written directly on the route (ghostfolio's Google login): the
# strategy answers the empty OAuth entry; a literal answer behind it is still a stand-in
NEST_DIRECT_AUTHGUARD = {
    **{k: NEST_PASSPORT[k] for k in ("package.json", "src/app.module.ts")},
    "src/auth.controller.ts": (
        'import { Controller, Get, UseGuards } from "@nestjs/common";\n'
        'import { AuthGuard } from "@nestjs/passport";\n\n'
        '@Controller("auth")\n'
        "export class AuthController {\n"
        '  @Get("google")\n'
        '  @UseGuards(AuthGuard("google"))\n'
        "  public googleLogin() {\n"
        "    // Initiates the Google OAuth2 login flow\n"
        "  }\n\n"
        '  @Get("plans")\n'
        '  @UseGuards(AuthGuard("jwt"))\n'
        "  public plans() {\n"
        '    return [{ id: 1, name: "pro", price: 9 }];\n'
        "  }\n"
        "}\n"),
}

# (files, {(method, path): fires?}); a key missing from the scan's endpoints fails the test
CASES = {
    "go-package-configuration": (GO_STATE, {("ANY", "/api/v1/webui"): False,
                                            ("ANY", "/api/v1/stats"): True}),
    "flask-plugin-registry": (PY_REGISTRY, {("GET", "/api/v1/flags/types"): False,
                                            ("GET", "/api/v1/summary"): True}),
    "nest-direct-authguard": (NEST_DIRECT_AUTHGUARD, {("GET", "/auth/google"): False,
                                                      ("GET", "/auth/plans"): True}),
    "express-app-locals": (EXPRESS_APP_LOCALS, {("GET", "/connected"): False,
                                                ("GET", "/connections"): False,
                                                ("POST", "/sync"): True}),
    "express-registry-in-the-process": (EXPRESS_STATE, {("GET", "/api/social/links"): False,
                                                        ("POST", "/api/orders/:id/cancel"): True}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_stand_in_is_told_by_what_it_answers(tmp_path, name):
    files, expected = CASES[name]
    assert_endpoint_findings(tmp_path, files, "endpoint-without-data", expected)
