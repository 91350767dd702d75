"""Where a secret can be. A value is judged by the file it is written in:

- `deploy`: configuration a deployment reads (`.env`, compose, Dockerfile, Kubernetes, app
  settings), and source code;
- `prod`: the same, in a file that names production (`docker-compose.prod.yml`, `.env.production`);
- `dev`: a file that names local development (a compose file, `.env.development`, `.env.local`);
  the credentials of the services it starts are the image defaults of a developer's machine;
- `reference` (known key formats only): API client collections (Postman, Insomnia, Bruno,
  Thunder Client, Hoppscotch), examples and templates (`*.example`, `*.sample`, demo settings),
  documentation (`docs/`, OpenAPI specs, documentation site configuration), translations;
- `test` (known key formats only): test settings (`.env.test`, `config/test.yml`,
  `settings/test.py`) and, line by line, the test jobs of CI workflows.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from auditor.checks.base import is_test_path

COLLECTION = re.compile(
    r"(^|/)(postman|insomnia|bruno|thunder[-_]?tests?|hoppscotch|http[-_]?requests?|"
    r"api[-_]?collections?)(/|$)|postman_(collection|environment|globals)|\.postman\.json$|"
    r"(^|/)insomnia[^/]*\.(json|ya?ml)$|hoppscotch[^/]*\.json$|thunder-(collection|environment)",
    re.IGNORECASE)
COLLECTION_SNIFF = (b'"_postman_id"', b"schema.getpostman.com", b'"__export_format"',
                    b'"_type": "export"', b'"_type":"export"', b'"clientName": "Thunder Client"',
                    b'"client": "Thunder Client"', b'"client":"Thunder Client"')
EXAMPLE_WORDS = {"example", "examples", "sample", "samples", "template", "templates", "tpl",
                 "demo", "demos", "skeleton", "stub", "stubs"}
DOCS = re.compile(
    r"(^|/)(docs?|documentation|\.?examples?|samples?|demos?|tutorials?|\.vuepress|\.vitepress|"
    r"\.docusaurus|openapi|swagger|api[-_]?docs?|apidocs?)(/|$)|(^|/)(openapi|swagger|asyncapi)"
    r"[^/]*\.(ya?ml|json)$|(^|/)(docusaurus|vitepress|mkdocs)[^/]*$|(^|/)\.?readme",
    re.IGNORECASE)
LANGUAGE_CODE = (r"(en|de|fr|es|it|pt|ru|zh|ja|ko|nl|pl|tr|uk|ar|he|fa|hi|cs|sk|sv|da|fi|nb|nn|hu|"
                 r"ro|bg|el|th|vi|ms|be|ca|hr|sr|sl|lt|lv|et|is|si|ta|bn|ur|ka|hy|az|kk|uz|gl|eu|"
                 r"ga|cy|sq|mk|mn|my|km|lo|ne|te|kn|ml|mr|gu|pa|sw|af|zu|tl|fil)(?:[-_][A-Za-z]{2,4})?")
LOCALE = re.compile(
    r"(^|/)(_?_?locales?_?_?|i18n|l10n|lang|langs|languages|translations?|messages|intl)(/|$)|"
    r"(^|/)" + LANGUAGE_CODE + r"\.(json|ya?ml|toml|properties|po)$", re.IGNORECASE)
TEST_SETTINGS = re.compile(
    r"(^|[/._\-])(test|tests|testing|e2e|ci|spec|cypress|playwright)([._\-][^/]*)?\.(env|ya?ml|json|toml|ini|cfg|"
    r"conf|properties|py|ts|js|go)$|(^|/)\.env\.(test|testing|ci|e2e)[^/]*$|"
    r"(^|/)(settings|config|configs|conf|environments?)/(test|testing|ci|e2e)[^/]*$|"
    # a test runner's own configuration: the environment it starts the app under for its tests
    r"(^|/)(playwright|cypress|jest|vitest|karma|wdio|nightwatch|mocha)[._\-][^/]*"
    r"\.(m?[jt]s|c[jt]s|json|ya?ml)$|(^|/)\.mocharc[^/]*$",
    re.IGNORECASE)
# A settings module for a developer's machine beside the deployment's own (Django's
# settings/development.py split, config/local.js, environments/dev.ts): its fallbacks are what
# `runserver` starts with, not what a deployment reads.
DEV_SETTINGS = re.compile(
    r"(^|/)(settings|config|configs|conf|environments?)/(dev|devel|development|local|devstack)"
    r"(_settings)?\.(py|[cm]?[jt]s|json|ya?ml|toml)$", re.IGNORECASE)
PROD = re.compile(r"(^|[._\-/])(prod|production|live|release|deploy|deployment|staging|k8s|"
                  r"kubernetes|helm|charts?)([._\-/]|$)", re.IGNORECASE)
DEV = re.compile(r"(^|[._\-/])(dev|devel|development|local|localdev|sandbox|playground|"
                 r"devcontainer|devstack)([._\-/]|$)", re.IGNORECASE)
COMPOSE = re.compile(r"(^|/)(docker-)?compose[^/]*\.ya?ml$", re.IGNORECASE)
CI_FILE = re.compile(r"(^|/)(\.github/workflows/[^/]+|\.gitlab-ci[^/]*|\.circleci/[^/]+|"
                     r"azure-pipelines[^/]*|bitbucket-pipelines[^/]*|\.drone[^/]*|\.travis[^/]*|"
                     r"\.woodpecker[^/]*|\.buildkite/[^/]+|cloudbuild[^/]*|\.gitea/workflows/[^/]+)"
                     r"\.ya?ml$", re.IGNORECASE)
TEST_WORDS = re.compile(r"(^|[^a-z])(tests?|testing|e2e|specs?|integration|playwright|cypress|"
                        r"jest|pytest|unittest|vitest|mocha|newman|coverage|lint|check|checks|"
                        r"smoke|qa)([^a-z]|$)", re.IGNORECASE)
# A Go program, Python script or Node script that prints a hash or a token of a literal: the
# literal is the generator's input, not a credential anything accepts.
GENERATOR = re.compile(r"(^|/)(gen|generate|make|create|hash|mk|new)[-_]?(hash|password|pass|"
                       r"pw|jwt|token|key|secret|admin|user|bcrypt)[^/]*(/|\.)|(^|/)(hash|bcrypt|"
                       r"jwt|token|password)[-_]?(gen|generator|hasher|maker)[^/]*(/|\.)",
                       re.IGNORECASE)
# Static assets bundled for the browser: third-party code, not the project's configuration.
BUNDLE = re.compile(r"(^|/)(public|static|assets|wwwroot|vendor|lib|libs|third[-_]?party)/"
                    r"(.+/)?[^/]*\.(m?js|cjs)$|(^|/)(chunk|vendors?|bundle|runtime|polyfills?)"
                    r"[-.~][^/]*\.js$|swagger-ui[^/]*\.js$|\.chunk\.js$", re.IGNORECASE)


# A repository's own integration-test suite at its root (Go's convention: `integration/`
# beside `cmd/`, a harness that starts the program on localhost with fixture credentials;
# also `integration-tests/`, `itest/`): test code, though no `_test` suffix marks its helpers.
INTEGRATION_SUITE = re.compile(r"^(integration|integration[-_]tests?|itests?)/|"
                               # API contract-test hooks (Dredd runs its hooks beside the app
                               # it tests, against a test database)
                               r"(^|/)\.?dredd/", re.IGNORECASE)
# A translation module of the front end (`lang/en.js`, `locales/pt_br.ts`, `i18n/de.js`): its
# values are the interface's words (`runnerToken: 'Token:'`), in a file named by its language.
SOURCE_LOCALE = re.compile(
    r"(^|/)(_?_?locales?_?_?|i18n|l10n|lang|langs|languages|translations?|intl)/(.+/)?"
    + LANGUAGE_CODE + r"\.(m?[jt]sx?|c[jt]s)$", re.IGNORECASE)


def place(path: str, head: bytes = b"") -> str:
    """deploy | prod | dev | reference | test | ci for a file path (and its first bytes)."""
    lower = path.lower()
    name = PurePosixPath(lower).name
    if COLLECTION.search(path) or (name.endswith(".json") and any(s in head for s in COLLECTION_SNIFF)):
        return "reference"
    if CI_FILE.search(path):
        return "ci"
    if is_test_path(path) or TEST_SETTINGS.search(path) or INTEGRATION_SUITE.search(path):
        return "test"
    if DOCS.search(path) or LOCALE.search(path) or _example(name):
        return "reference"
    if PROD.search(path):
        return "prod"
    if COMPOSE.search(path) or DEV.search(path):
        return "dev"
    return "deploy"


def source_place(path: str) -> str:
    """reference | test | dev | deploy for a source file that is not a test by its path: the
    few questions `place` asks of configuration files that matter for code."""
    if TEST_SETTINGS.search(path) or INTEGRATION_SUITE.search(path):
        return "test"
    if DOCS.search(path) or SOURCE_LOCALE.search(path):
        return "reference"
    if DEV_SETTINGS.search(path):
        return "dev"
    return "deploy"


def _example(name: str) -> bool:
    """`.env.example`, `config.sample.yml`, `settings.demo.yml`, `app.yaml.dist`,
    `config.default.yml`; not a plain `default.json` of node-config, which is the configuration
    itself, nor a seed named `create_default_admin.sql`."""
    parts = [p for p in re.split(r"[._\-]", name) if p]
    if any(p in EXAMPLE_WORDS for p in parts):
        return True
    tail = ("dist", "default", "defaults")
    return len(parts) >= 2 and parts[-1] in tail or len(parts) > 2 and parts[-2] in tail


def is_generator(path: str, data: bytes) -> bool:
    """A one-off program that hashes or signs a literal and prints it."""
    if not GENERATOR.search(path):
        return False
    return b"package main" in data or b"__main__" in data or b"process.argv" in data or \
        b"console.log" in data or b"print(" in data


def is_bundle(path: str, data: bytes) -> bool:
    """Browser bundles and vendored libraries, by their place or their shape (minified lines)."""
    if BUNDLE.search(path):
        return True
    return minified_shape(path, data)


# The banner a library's distributed build opens with: a comment minifiers keep for its
# license (`/*!`, or a `/**` block tagged `@preserve` / `@license`) naming a version and a
# license or copyright: `/*! Vue.js v2.6.8 (c) 2014-2019 Evan You Released under the MIT
# License. */`, `/** @preserve jQuery DateTimePicker plugin v2.4.1 ... (c) 2014 ... */`.
_BANNER = re.compile(rb"\A\s*/\*(\*?!|\*\s[^\n]*\n?(\s*\*[^\n]*\n){0,3}\s*\*?\s*@(preserve|license)\b)")
_BANNER_VERSION = re.compile(rb"\bv?\d+\.\d+(\.\d+)?\b")
_BANNER_LICENSE = re.compile(rb"licen[cs]e|\(c\)|copyright|\xc2\xa9", re.IGNORECASE)


def library_build(path: str, data: bytes) -> bool:
    """A third-party library's build copied into the tree: minified, or a JavaScript file that
    opens with a library's version-and-license banner (an unminified `assets/js/vue.js`)."""
    if minified_shape(path, data):
        return True
    if not path.endswith((".js", ".mjs", ".cjs")) or not _BANNER.match(data):
        return False
    end = data.find(b"*/", 0, 2048)
    banner = data[:end] if end > 0 else b""
    return bool(_BANNER_VERSION.search(banner) and _BANNER_LICENSE.search(banner))


def minified_shape(path: str, data: bytes) -> bool:
    """A JavaScript file shaped as a build's output (lines of 300 characters and more on
    average over its first 64 KiB): a minified library whatever its name or place."""
    if not path.endswith((".js", ".mjs", ".cjs")):
        return False
    head = data[:65536]
    lines = head.count(b"\n") + 1
    return len(head) / lines > 300
