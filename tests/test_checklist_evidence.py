"""Checklist verdicts a reviewer can sign: no PASS from the absence of findings alone, items and
checklists that do not apply say so, and severities that mean something (critical for what is
exploitable as shipped)."""
from __future__ import annotations

from conftest import write_tree

from auditor.scan import ScanOptions, run_scan

FLASK_SAFE = {
    "app.py": "import sqlite3\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
              "@app.get('/health')\ndef health():\n    return {'ok': True}\n\n\n"
              "@app.get('/users')\ndef users():\n    conn = sqlite3.connect('x.db')\n"
              "    rows = conn.execute('SELECT * FROM users WHERE name = ?', (request.args['n'],))\n"
              "    return {'users': rows.fetchall()}\n",
}
FLASK_NO_SQL = {
    "app.py": "from flask import Flask\n\napp = Flask(__name__)\n\n\n"
              "@app.get('/ping')\ndef ping():\n    return 'pong'\n",
}
FLASK_INJECTION = {
    "app.py": "import sqlite3\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
              "@app.get('/users')\ndef users():\n    conn = sqlite3.connect('x.db')\n"
              "    q = \"SELECT * FROM users WHERE name = '%s'\" % request.args['n']\n"
              "    return {'users': conn.execute(q).fetchall()}\n",
}


def _scan(tmp_path, files, checklists=None, engines=("native",)):
    root = write_tree(tmp_path / "app", files)
    return run_scan(ScanOptions(path=str(root), engines=list(engines), use_cache=False,
                                checklists=checklists or [])).result


def _item(result, item_id):
    return next(c for c in result.checklist if c.id == item_id)


def test_a_pass_names_what_was_examined(tmp_path):
    r = _scan(tmp_path, FLASK_SAFE)
    item = _item(r, "GEN-L5-A03")
    assert item.status == "pass", item
    texts = " ".join(e.get("text", "") for e in item.evidence)
    assert "SQL query sites examined" in texts and "ran on" in texts
    for c in r.checklist:  # every PASS carries positive evidence
        if c.status == "pass":
            assert c.evidence and all(not e.get("text", "").startswith("no findings of")
                                      for e in c.evidence), c


def test_no_sql_means_not_verified_not_pass(tmp_path):
    r = _scan(tmp_path, FLASK_NO_SQL)
    item = _item(r, "GEN-L5-A03")
    assert item.status == "not_verified"
    assert "no SQL query" in " ".join(e.get("text", "") for e in item.evidence)


def test_skipped_engine_leaves_its_items_not_verified(tmp_path):
    r = _scan(tmp_path, FLASK_SAFE)  # the dependency audit was not selected
    for item_id in ("GEN-L5-A06", "GEN-L5-ZC", "GEN-L5-ZH"):
        assert _item(r, item_id).status == "not_verified", item_id
    assert r.score["not_verified"] >= 3
    assert r.score["applicable"] == sum(1 for c in r.checklist if c.status in ("pass", "fail", "warn"))


def test_features_the_system_lacks_are_not_applicable(tmp_path):
    r = _scan(tmp_path, FLASK_SAFE)
    jwt = _item(r, "GEN-L5-CR-02")
    assert jwt.status == "not_applicable" and "jwt" in jwt.evidence[0]["text"]


def test_system_checklists_apply_by_default_only_to_their_system(tmp_path):
    r = _scan(tmp_path, FLASK_SAFE)
    assert {c.checklist for c in r.checklist} == {"generic"}
    assert [c["name"] for c in r.score["checklists"]] == ["generic"]
    named = _scan(tmp_path / "n", FLASK_SAFE, checklists=["kamiyo"])
    info = named.score["checklists"][0]
    assert info["name"] == "kamiyo" and info["matches"] is False and info["selected"] == "by name"


def test_injection_on_an_unauthenticated_route_is_critical(tmp_path):
    r = _scan(tmp_path, FLASK_INJECTION)
    sql = [f for f in r.findings if f.rule_id == "sql-injection"]
    assert sql and all(f.severity == "critical" for f in sql), sql
    assert "reachable without authentication: GET /users" in sql[0].message
    assert _item(r, "GEN-L5-ZC").status in ("fail", "not_verified")
    assert any(e.get("rule_id") == "sql-injection" for e in _item(r, "GEN-L5-A03").evidence)


def _fixture_results(tmp_path):
    import shutil
    from pathlib import Path

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    out = []
    for i, (name, lists) in enumerate((("impl/go", ["aim", "generic"]),
                                       ("example-app", ["aim", "kamiyo", "generic"]))):
        root = tmp_path / f"t{i}"
        shutil.copytree(fixtures / name, root)
        out.append(run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False,
                                        checklists=lists)).result)
    return out


def test_items_decided_from_the_same_findings_never_contradict(tmp_path):
    """Over every item with a findings spec, on real fixtures: a PASS item has no active
    finding its spec matches (so no PASS sits next to a FAIL on the same finding), and every
    PASS names positive evidence; every item says what decides it."""
    from auditor.checklist import matching_findings
    from auditor.checklist.load import builtin_checklists

    specs = {(cl["name"], it["id"]): it for cl in builtin_checklists().values() for it in cl["items"]}
    for r in _fixture_results(tmp_path):
        by_finding: dict[tuple, set] = {}
        for c in r.checklist:
            spec = specs[(c.checklist, c.id)]
            assert c.decided_by or "manual" in spec, c.id
            if "findings" not in spec:
                continue
            hits = matching_findings(r.findings, spec["findings"])
            if c.status == "pass":
                assert not hits, f"{c.id} passes next to {[(f.rule_id, f.line) for f in hits]}"
                assert c.evidence and not any(e.get("text", "").startswith("no findings of")
                                              for e in c.evidence), c
            for f in hits:
                by_finding.setdefault((f.rule_id, f.file, f.line), set()).add(c.status)
        for key, statuses in by_finding.items():
            assert "pass" not in statuses, (key, statuses)


def test_seed_reports_show_rule_evidence_and_reason(tmp_path):
    from auditor.report.audit_reports import render_code_audit, render_security_report

    r = _fixture_results(tmp_path)[0]
    text = render_code_audit(r) + render_security_report(r)
    assert "| ID | Item | Status | Decided by | Evidence and reason |" in text
    assert "`hardcoded-return`" in text and "NOT VERIFIED" in text


WEBHOOKS = {
    "app.py": "import os\nimport requests\nfrom flask import Flask\n\napp = Flask(__name__)\n"
              "API = os.environ['PAYMENTS_URL']\n\n\n"
              "@app.post('/webhooks/<int:wid>/test')\ndef test_webhook(wid):\n"
              "    hook = load_hook()\n"
              "    r = requests.post(hook.url, json={'ping': True})\n"  # a URL a user stored
              "    return {'status': r.status_code}\n\n\n"
              "@app.get('/rates')\ndef rates():\n"
              "    return requests.get(API + '/rates').json()\n\n\n"
              "def load_hook():\n    return None\n",
}


def test_ssrf_passes_only_when_every_outbound_url_is_fixed(tmp_path):
    """A request to a URL read from a record (stored by one request, fetched by another) is
    not something the taint analysis clears: not verified, with the site; configured URLs
    (the environment, the object's own fields, a table of configured values) pass."""
    r = _scan(tmp_path, WEBHOOKS)
    item = _item(r, "GEN-L5-A10")
    assert item.status == "not_verified", item
    sites = [(e.get("file"), e.get("line")) for e in item.evidence if e.get("file")]
    assert sites == [("app.py", 12)], item.evidence
    fixed = {"app.py": WEBHOOKS["app.py"].replace("requests.post(hook.url,",
                                                  "requests.post(API + '/hooks',")}
    assert _item(_scan(tmp_path / "f", fixed), "GEN-L5-A10").status == "pass"
    table = {"app.py": "import httpx\nfrom flask import Flask\nfrom config import settings\n\n"
                       "app = Flask(__name__)\n\n\n@app.get('/health/upstreams')\n"
                       "def upstreams():\n    check()\n    return {'ok': Client('x').ping()}\n\n\n"
                       "def check():\n"
                       "    urls = {'a': settings.a_url, 'b': settings.b_url}\n"
                       "    for name, url in urls.items():\n"
                       "        httpx.get(url)\n\n\nclass Client:\n"
                       "    def __init__(self, base_url):\n        self.base_url = base_url\n\n"
                       "    def ping(self):\n        return httpx.get(f'{self.base_url}/ping')\n"}
    from auditor.checklist.evidence import outbound_urls
    from auditor.checklist.predicates import PredicateContext
    from auditor.scan import run_scan as _run

    root = write_tree(tmp_path / "t", table)
    analysis = _run(ScanOptions(path=str(root), engines=["native"], use_cache=False))
    assert outbound_urls(PredicateContext(analysis)) == []
    stored = {"app.py": table["app.py"].replace("httpx.get(url)", "httpx.get(load().url)")}
    root = write_tree(tmp_path / "s", stored)
    analysis = _run(ScanOptions(path=str(root), engines=["native"], use_cache=False))
    assert [u[3] for u in outbound_urls(PredicateContext(analysis))] == ["load().url"]


def test_kamiyo_items_on_features_the_system_lacks(tmp_path):
    """PCI redaction of card, bank and SSN data applies to a system that handles them; an index
    on a table the schema does not have is not verified, not failed; plain-text logging fails
    the structured-logging item."""
    files = {**FLASK_SAFE,
             "logs.py": "import logging\n\nlogging.basicConfig(level=logging.INFO, "
                        "format='%(asctime)s %(message)s')\n",
             "migrations/001.sql": "CREATE TABLE payments (id int, chain text);\n"
                                   "CREATE INDEX ix_payments_chain ON payments (chain);\n"}
    r = _scan(tmp_path, files, checklists=["kamiyo"])
    for item_id in ("PCI-001", "PCI-002", "PCI-003", "PCI-006", "PCI-007", "SEC-001"):
        assert _item(r, item_id).status == "not_applicable", item_id
    idx = _item(r, "DB-005")  # exploits.timestamp: no exploits table here
    assert idx.status == "not_verified" and "no table exploits" in idx.evidence[0]["text"]
    log = _item(r, "LOG-001")
    assert log.status == "fail" and log.evidence[0]["file"] == "logs.py", log
    files["migrations/002.sql"] = "CREATE TABLE exploits (id int, timestamp int, chain text);\n"
    r2 = _scan(tmp_path / "2", files, checklists=["kamiyo"])
    assert _item(r2, "DB-005").status == "fail"
    files["cards.py"] = "def charge(card_number):\n    return stripe_charge(card_number)\n"
    r3 = _scan(tmp_path / "3", files, checklists=["kamiyo"])
    assert _item(r3, "PCI-001").status == "not_verified"  # card data, no redaction filter


ENGINE = ("import os\nfrom sqlalchemy.ext.asyncio import create_async_engine\n"
          "from sqlalchemy.pool import {imports}\n\n"
          "kwargs = {{\"pool_pre_ping\": True}}\n"
          "if os.getenv(\"TESTING\"):\n    kwargs[\"poolclass\"] = NullPool\n"
          "else:\n    kwargs.update({{\"pool_size\": 10, \"poolclass\": {pool}}})\n"
          "engine = create_async_engine(os.environ[\"DATABASE_URL\"], **kwargs)\n")


def test_connection_pooling_reads_the_pool_class_the_engine_is_handed(tmp_path):
    """An asyncio SQLAlchemy engine refuses a thread-locking pool (QueuePool): the item fails at
    the line that hands it over; AsyncAdaptedQueuePool (or no poolclass) is a pool; NullPool
    alone is none."""
    wrong = {**FLASK_SAFE, "db.py": ENGINE.format(imports="NullPool, QueuePool", pool="QueuePool")}
    item = _item(_scan(tmp_path, wrong, checklists=["kamiyo"]), "DB-004")
    assert item.status == "fail", item
    assert (item.evidence[0]["file"], item.evidence[0]["line"]) == ("db.py", 9), item.evidence
    assert "poolclass=QueuePool" in item.evidence[0]["text"]
    right = {**FLASK_SAFE, "db.py": ENGINE.format(imports="AsyncAdaptedQueuePool, NullPool",
                                                  pool="AsyncAdaptedQueuePool")}
    item = _item(_scan(tmp_path / "r", right, checklists=["kamiyo"]), "DB-004")
    assert item.status == "pass" and item.evidence[0]["line"] == 10, item
    sync = {**FLASK_SAFE, "db.py": "import os\nfrom sqlalchemy import create_engine\nfrom "
                                   "sqlalchemy.pool import QueuePool\n\nengine = create_engine("
                                   "os.environ['DB'], poolclass=QueuePool, pool_size=5)\n"}
    assert _item(_scan(tmp_path / "s", sync, checklists=["kamiyo"]), "DB-004").status == "pass"
    none = {**FLASK_SAFE, "db.py": sync["db.py"].replace("QueuePool", "NullPool")
            .replace(", pool_size=5", "")}
    item = _item(_scan(tmp_path / "n", none, checklists=["kamiyo"]), "DB-004")
    assert item.status == "fail" and "no pooling" in item.evidence[0]["text"], item


CACHED = {
    "cache.py": "import redis.asyncio as aioredis\n\n"
                "client = aioredis.from_url('redis://localhost')\n",
    "main.py": "from fastapi import FastAPI\nfrom cache import client\n\napp = FastAPI()\n\n\n"
               "@app.get('/ready')\nasync def ready():\n    await client.ping()\n"
               "    return {'ok': True}\n\n\n"
               "@app.get('/prices/{sym}')\nasync def price(sym: str):\n"
               "    return {'price': await client.get(sym)}\n",
}


def test_a_cache_is_used_when_a_request_path_reads_it(tmp_path):
    """A Redis read on an endpoint's trace passes, with the endpoint and the line; a client only
    pinged by a readiness check is configured but unused: warn."""
    item = _item(_scan(tmp_path, CACHED, checklists=["kamiyo"]), "CACHE-001")
    assert item.status == "pass", item
    assert any(e.get("endpoint") == "GET /prices/{sym}" and (e["file"], e["line"]) == ("main.py", 15)
               for e in item.evidence), item.evidence
    pinged = {**CACHED, "main.py": CACHED["main.py"].replace("await client.get(sym)", "sym")}
    item = _item(_scan(tmp_path / "p", pinged, checklists=["kamiyo"]), "CACHE-001")
    assert item.status == "warn" and "no endpoint's trace reads or writes the cache" in \
        item.evidence[-1]["text"], item


def test_email_redaction_applies_to_a_system_that_handles_email(tmp_path):
    r = _scan(tmp_path, FLASK_SAFE, checklists=["kamiyo"])
    item = _item(r, "PCI-005")
    assert item.status == "not_applicable" and "email_data" in item.evidence[0]["text"], item
    mail = {**FLASK_SAFE, "users.py": "def invite(user):\n    return notify(user.email)\n"}
    assert _item(_scan(tmp_path / "m", mail, checklists=["kamiyo"]), "PCI-005").status == \
        "not_verified"


def test_a_header_set_nowhere_fails_and_one_set_by_the_proxy_warns(tmp_path):
    files = {"main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                        "@app.get('/items')\ndef items():\n    return []\n"}
    r = _scan(tmp_path, files, checklists=["kamiyo"])
    item = _item(r, "HDR-005")
    assert item.status == "fail" and "set nowhere" in item.evidence[-1]["text"], item
    proxied = {**files, "deploy/nginx.conf": "server {\n  listen 443 ssl;\n"
                                             "  add_header Referrer-Policy \"no-referrer\" always;\n}\n",
               "README.md": "We should add Permissions-Policy some day.\n"}
    r = _scan(tmp_path / "p", proxied, checklists=["kamiyo"])
    item = _item(r, "HDR-005")
    assert item.status == "warn", item
    assert ("deploy/nginx.conf", 3) in [(e.get("file"), e.get("line")) for e in item.evidence]
    assert _item(r, "HDR-006").status == "fail"  # mentioned in prose, set nowhere


LIMITED = {
    "main.py": "from fastapi import FastAPI, Request\nfrom slowapi import Limiter\n"
               "from slowapi.util import get_remote_address\n\n"
               "limiter = Limiter(key_func=get_remote_address)\napp = FastAPI()\n\n\n"
               "@app.post('/auth/login')\n@limiter.limit('5/minute')\n"
               "def login(request: Request, email: str, password: str):\n"
               "    return {'token': check(email, password)}\n\n\n"
               "def check(email, password):\n    return email\n",
}


def test_rate_limiting_cites_the_limiter_on_each_auth_route(tmp_path):
    item = _item(_scan(tmp_path, LIMITED, checklists=["kamiyo"]), "SEC-004")
    assert item.status == "pass", item
    cited = [e for e in item.evidence if e.get("endpoint") == "POST /auth/login"]
    assert cited and (cited[0]["file"], cited[0]["line"]) == ("main.py", 10), item.evidence
    assert "limiter.limit('5/minute')" in cited[0]["text"]
    # a logout is not a credential endpoint: nothing to check a limiter on, not a pass
    logout = {"main.py": LIMITED["main.py"].replace("/auth/login", "/auth/logout")
              .replace("@limiter.limit('5/minute')\n", "")}
    item = _item(_scan(tmp_path / "o", logout, checklists=["kamiyo"]), "SEC-004")
    assert item.status == "not_verified", item


LAYERED = {
    "app.py": "from flask import Flask, request\nfrom services.users import UserService\n\n"
              "app = Flask(__name__)\nsvc = UserService()\n\n\n"
              "@app.get('/users')\ndef users():\n    return {'users': svc.find(request.args['n'])}\n",
    "services/users.py": "from repositories.users import UserRepository\n\n\n"
                         "class UserService:\n    def __init__(self):\n"
                         "        self.repo = UserRepository()\n\n"
                         "    def find(self, name):\n        return self.repo.by_name(name)\n",
    "repositories/users.py": "import sqlite3\n\n\nclass UserRepository:\n"
                             "    def by_name(self, name):\n        conn = sqlite3.connect('x.db')\n"
                             "        return conn.execute('SELECT * FROM users WHERE name = ?', "
                             "(name,)).fetchall()\n",
}


def test_repositories_pass_with_the_lines_of_their_queries(tmp_path):
    item = _item(_scan(tmp_path, LAYERED), "GEN-L1-03")
    assert item.status == "pass", item
    cited = [(e.get("file"), e.get("line")) for e in item.evidence if e.get("file")]
    assert cited == [("repositories/users.py", 7)], item.evidence
    assert "UserRepository" in item.evidence[1]["text"]
    fake = {**LAYERED, "repositories/users.py": "class UserRepository:\n"
                                                "    def by_name(self, name):\n"
                                                "        return [{'name': name}]\n"}
    item = _item(_scan(tmp_path / "f", fake), "GEN-L1-03")
    assert item.status == "fail" and item.evidence[0]["file"] == "repositories/users.py", item


def test_a_document_store_repository_runs_real_queries_and_a_mapper_is_no_repository(tmp_path):
    """A repository over MongoDB queries a store as much as one over SQL; a mapper beside the
    repositories converts records and is not judged as one."""
    mongo = {**LAYERED,
             "repositories/users.py": "from pymongo import MongoClient\n\n"
                                      "from repositories.mapper import UserMapper\n\n\n"
                                      "class UserRepository:\n    def __init__(self):\n"
                                      "        self.col = MongoClient()['app']['users']\n\n"
                                      "    def by_name(self, name):\n"
                                      "        return UserMapper().to_domain(self.col.find_one({'name': name}))\n",
             "repositories/mapper.py": "class UserMapper:\n    def to_domain(self, doc):\n"
                                       "        return {'name': doc['name']}\n"}
    item = _item(_scan(tmp_path, mongo), "GEN-L1-03")
    assert item.status == "pass", item
    assert ("repositories/users.py", 11) in [(e.get("file"), e.get("line")) for e in item.evidence]
    assert "mappers or serializers" in item.evidence[0]["text"]


def test_cors_with_the_framework_default_policy_is_not_restricted(tmp_path):
    """Express `cors()` answers any origin: the cors rule does not report it (no credentials),
    but "restricted to known origins" does not hold; an origin list passes."""
    app = ("const express = require('express');\nconst cors = require('cors');\n\n"
           "const app = express();\napp.use(cors());\n\n"
           "app.get('/items', (req, res) => res.json([]));\n\nmodule.exports = app;\n")
    item = _item(_scan(tmp_path, {"app.js": app}), "GEN-L5-CR-03")
    assert item.status == "warn" and (item.evidence[-1]["file"], item.evidence[-1]["line"]) == \
        ("app.js", 5), item
    listed = {"app.js": app.replace("cors()", "cors({ origin: ['https://app.example.com'] })")}
    assert _item(_scan(tmp_path / "l", listed), "GEN-L5-CR-03").status == "pass"


def test_headers_are_not_verified_where_no_app_object_was_examined(tmp_path):
    """The header rule anchors to an app object (express(), FastAPI()...) or to Django settings'
    MIDDLEWARE (h52); a system with neither has nothing to examine, so A05 cannot pass on
    headers."""
    files = {"manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'conf')\n",
             "conf.py": "DEBUG = False\nMIDDLEWARE = ['myapp.middleware.Timing']\n",
             "views.py": "from django.http import JsonResponse\n\n\ndef ping(request):\n"
                         "    return JsonResponse({'ok': True})\n",
             "urls.py": "from django.urls import path\nfrom views import ping\n\n"
                        "urlpatterns = [path('ping/', ping)]\n"}
    item = _item(_scan(tmp_path, files), "GEN-L5-A05")
    assert item.status == "not_verified", item
    assert "no application object" in item.evidence[-1]["text"]
    flask = {"app.py": FLASK_SAFE["app.py"]}
    item = _item(_scan(tmp_path / "f", flask), "GEN-L5-A05")
    assert item.status != "not_verified", item


HASHING = {
    "app.py": "from flask import Flask, request\n\nfrom auth import register\n\n"
              "app = Flask(__name__)\n\n\n"
              "@app.post('/signup')\ndef signup():\n"
              "    return {'id': register(request.json['email'], request.json['password'])}\n",
    "auth.py": "import sqlite3\n\nimport bcrypt\n\n\n"
               "def register(email, password):\n"
               "    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())\n"
               "    conn = sqlite3.connect('x.db')\n"
               "    conn.execute('INSERT INTO users (email, password_hash) VALUES (?, ?)', "
               "(email, hashed))\n    return 1\n",
    "aaa_scripts/seed_admin.py": "import bcrypt\n\n\n"
                                 "def seed(password):\n"
                                 "    return bcrypt.hashpw(password.encode(), bcrypt.gensalt())\n",
}


def test_evidence_cites_the_service_before_scripts_beside_it(tmp_path):
    """Password hashing passes on the auth service's call, cited before a seeding script's
    (which sorts first by path): the evidence a reviewer opens is the code that serves."""
    item = _item(_scan(tmp_path, HASHING), "GEN-L5-CR-01")
    assert item.status == "pass", item
    assert (item.evidence[0]["file"], item.evidence[0]["line"]) == ("auth.py", 7), item.evidence
    assert any(e.get("file") == "aaa_scripts/seed_admin.py" for e in item.evidence)


OAUTH = {
    "app.py": "from flask import Flask, request\n\nfrom services.google import GoogleService\n"
              "from services.users import UserService\n\napp = Flask(__name__)\n\n\n"
              "@app.post('/auth/google')\ndef google():\n"
              "    return GoogleService().exchange(request.json['code'])\n\n\n"
              "@app.get('/users')\ndef users():\n    return {'users': UserService().all()}\n",
    "services/__init__.py": "",
    "services/google.py": "import requests\n\nTOKEN_URL = 'https://oauth2.googleapis.com/token'\n\n\n"
                          "class GoogleService:\n    def exchange(self, code):\n"
                          "        return requests.post(TOKEN_URL, data={'code': code}).json()\n",
    "services/users.py": "import sqlite3\n\n\nclass UserService:\n    def all(self):\n"
                         "        return sqlite3.connect('x.db').execute('SELECT id FROM users')"
                         ".fetchall()\n",
}


def test_a_service_that_calls_an_external_api_reaches_its_backend(tmp_path):
    """An OAuth service exchanging a code with the provider's token endpoint is not a service
    missing its repository; one that answers from nothing still is."""
    item = _item(_scan(tmp_path, OAUTH), "GEN-L1-02")
    assert item.status == "pass", item
    stub = {**OAUTH, "services/google.py": "class GoogleService:\n    def exchange(self, code):\n"
                                          "        return {'token': 'x'}\n"}
    item = _item(_scan(tmp_path / "stub", stub), "GEN-L1-02")
    assert item.status in ("fail", "warn") and any(
        e.get("file") == "services/google.py" for e in item.evidence), item


def test_a_cors_preflight_route_is_exempt_from_reaching_a_service_with_the_reason(tmp_path):
    """`app.options('*', cors())` registers an OPTIONS route that a CORS middleware alone answers:
    a preflight carries headers and no data by design, so it does not fail "every endpoint's
    handler reaches a service", and the evidence says why; an OPTIONS route with a handler of
    its own (a look-alike) is judged like any other."""
    app = ("const express = require('express');\nconst cors = require('cors');\n\n"
           "const app = express();\napp.use(cors());\n"
           "app.options('*', cors());\n"
           "app.options('/items', corsPreflight);\n\n"
           "function corsPreflight(req, res) { res.set('Access-Control-Allow-Origin', 'https://a.example'); res.end(); }\n\n"
           "module.exports = app;\n")
    item = _item(_scan(tmp_path, {"app.js": app}), "GEN-L1-01")
    assert item.status == "pass", item
    exempt = [(e.get("line"), e["text"]) for e in item.evidence if e.get("file")]
    assert [ln for ln, _ in exempt] == [6, 7] and all("CORS preflight" in t for _, t in exempt), item
    other = {"app.js": app.replace("app.options('/items', corsPreflight);",
                                   "app.options('/reports', describeReports);")
                          .replace("function corsPreflight(req, res) { res.set('Access-Control-Allow-Origin', 'https://a.example');",
                                   "function describeReports(req, res) { res.set('Allow', 'GET');")}
    # (an OPTIONS handler that answers the CORS headers itself is a preflight too, whatever its
    # name: h45; this look-alike answers an Allow header, not CORS)
    item = _item(_scan(tmp_path / "o", other), "GEN-L1-01")
    assert item.status == "fail" and [e.get("line") for e in item.evidence if "reaches no" in e["text"]] == [7], item


EXPRESS_SERVICES = {
    "src/app.js": "const express = require('express');\nconst userService = require('./services/user.service');\n"
                  "const emailService = require('./services/email.service');\n\n"
                  "const app = express();\n"
                  "app.get('/users', async (req, res) => res.json(await userService.list()));\n"
                  "app.post('/invite', async (req, res) => res.json(await emailService.invite(req.body.to)));\n\n"
                  "module.exports = app;\n",
    "src/models/user.model.js": "const mongoose = require('mongoose');\n\n"
                                "const User = mongoose.model('User', new mongoose.Schema({ name: String }));\n\n"
                                "module.exports = User;\n",
    "src/services/user.service.js": "const User = require('../models/user.model');\n\n"
                                    "const list = async () => User.find();\n\n"
                                    "function label(u) {\n  return u.name;\n}\n\n"
                                    "module.exports = { list, label };\n",
    "src/services/email.service.js": "const nodemailer = require('nodemailer');\n\n"
                                     "const transport = nodemailer.createTransport({});\n\n"
                                     "async function invite(to) {\n  return transport.sendMail({ to });\n}\n\n"
                                     "module.exports = { invite };\n",
}


def test_a_module_of_functions_is_a_service_and_a_mail_client_is_no_data_service(tmp_path):
    """In JS/TS and Python the module is the service object: `services/user.service.js` exporting
    functions is a service (judged as one unit), and it reaches its store through a Mongoose
    model; a mail or HTTP client service is exempt with the reason. A look-alike: a service
    module of plain helpers that reaches no store still fails."""
    item = _item(_scan(tmp_path, EXPRESS_SERVICES), "GEN-L1-02")
    assert item.status == "pass", item
    texts = [e["text"] for e in item.evidence]
    assert texts[0].startswith("1 services") and "email.service" in texts[1] and \
        "external system (mail)" in texts[1], item
    helpers = {**EXPRESS_SERVICES, "src/services/user.service.js":
               "const list = async () => [];\n\nmodule.exports = { list };\n"}
    item = _item(_scan(tmp_path / "h", helpers), "GEN-L1-02")
    assert item.status == "fail" and item.evidence[0]["file"] == "src/services/user.service.js", item


def test_evidence_features_name_what_they_count():
    """The code an item cites as examined is that kind of code: `sync.Once.Do` is no HTTP
    client, `fmt.Errorf` and gin's `c.Error` make errors, they log nothing."""
    from auditor.checklist.evidence import FEATURES

    http, logs = FEATURES["http_client"], FEATURES["logging"]
    for callee in ("http.DefaultClient.Do", "s.httpClient.Do", "requests.get", "fetch", "axios.post"):
        assert http.search(callee), callee
    for callee in ("c.once.Do", "g.wg.Do", "tx.Do"):
        assert not http.search(callee), callee
    for callee in ("log.Printf", "s.logger.Error", "app.logger.info", "LOG.warning", "console.log",
                   "logrus.WithField", "h.log.Errorf"):
        assert logs.search(callee), callee
    for callee in ("fmt.Errorf", "c.Error", "res.error", "catalog.Get", "errors.New"):
        assert not logs.search(callee), callee


def test_shared_utility_and_health_services_are_not_data_services():
    from auditor.checklist.predicates import _UTILITY_DIR

    for f in ("src/shared/services/generator.service.ts", "app/common/utils/hash.py",
              "src/modules/health-checker/health-indicators/service.indicator.ts"):
        assert _UTILITY_DIR.search(f), f
    for f in ("src/modules/user/user.service.ts", "internal/application/agent_service.go",
              "app/services/commonplace.py"):
        assert not _UTILITY_DIR.search(f), f
