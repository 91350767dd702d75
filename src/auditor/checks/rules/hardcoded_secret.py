"""A secret written into the code, a deployment's configuration or a seed of the database.

What it finds:
Values in a known credential format (AWS, GitHub, GitLab, Stripe live, Slack, Google, OpenAI,
SendGrid, npm, private key blocks, JWTs) wherever they are; string literals bound to a name that
says secret (password, secret, token, API/private/signing/admin key, client secret, credentials)
in assignments, fields, keyword and default arguments; a literal, or a constant of the file
bound to one, used as the key that signs or verifies tokens (`SignedString([]byte(K))`, a
golang-jwt key function returning `[]byte(K)`, `jwt.encode(payload, K)`, `jwt.sign(p, "k")`,
`hmac.new(K, ...)`, `createHmac("sha256", K)`), whatever the constant is called and however the
value reads (a passphrase with spaces); environment lookups with a literal
fallback (`os.Getenv("JWT_SECRET")` then `if s == "" { s = "..." }`, `getEnv("ADMIN_PASSWORD",
"admin1")`, `process.env.JWT_SECRET || "secret"`); a default of any name that a request value is
compared with (a default admin key guarding a route); secret-named keys in the files that
configure a deployment (`.env`, compose, Dockerfile, Kubernetes, settings, `${VAR:-default}`);
and in SQL migrations and seeds, the rows that create accounts with a password hash or a plain
password, API keys and tokens. A seeded bcrypt hash of a password written elsewhere in the
repository (a test's login, the README, the migration's own comment) is a known password:
critical. Not findings: placeholders (`changeme`, `<your-key>`, `${VAR}`; an environment
fallback that asks to be replaced, `change-me`, `dev-only`, unless it signs tokens in its file or
a request value is compared with it), field names
(`"key": "Content-Type"`), translations, API client collections (Postman, Insomnia, Bruno),
examples and documentation, test settings and the test jobs of CI workflows (known key formats
only there), the service passwords of a development compose file (`postgres`/`postgres`,
Grafana's `admin`), a hash generator's input, a compose default that the backend's own
minimum-length validation rejects, character classes (`"0123456789"`), e-mail addresses, the
values of OpenAPI examples (`Field(example=...)`, `@ApiBody({ example: {...} })`), a test
settings class (`class Test(Base)`, `TestingConfig`), CI references to stored secrets
(`from_secret:`), and names spelled in words with a version (`spoolman-v2-theme`, a storage key).

Why it matters:
A secret in the repository is readable by everyone with the code, its forks and its history, and
cannot be rotated without a release; a literal fallback silently signs tokens or opens an admin
route with a public key when the variable is missing; a seeded account whose password is in the
repository is an administrator login for anyone who reads it (CWE-798).

Example:
    secret := os.Getenv("JWT_SECRET")
    if secret == "" {
        secret = "dev-secret"
    }

Fix:
Read secrets from the environment or a secret manager and fail at start-up when they are missing;
create the first administrator from a one-time secret at deployment, not in a migration; rotate
any secret that was committed.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.secrets import guards as guard_facts
from auditor.checks.secrets.places import (COMPOSE, DEV, TEST_WORDS, _example, is_bundle,
                                           is_generator, place, source_place)
from auditor.checks.secrets.values import (ABSENT, KNOWN_STARTS, WELL_KNOWN, dsn_without_credentials,
                                           judge_value, known_format, mask, masked, names_itself,
                                           placeholder, private_key, random_looking,
                                           secret_name)
from auditor.checks.treeutil import MODULE, contains_any, file_index, literal, unwrap, words
from auditor.model import Finding

ENV_CALL = re.compile(r"(^|\.)(getenv|Getenv|get|getEnv\w*|get_env\w*|env|LookupEnv|config)$",
                      re.IGNORECASE)
ENV_FALLBACK = re.compile(r"process\.env\.(\w+)|process\.env\[['\"](\w+)|"
                          r"(?:getenv|environ\.get)\(\s*['\"](\w+)")
ENV_WORDS = (b"process.env", b"getenv", b"environ.get")  # one is in every ENV_FALLBACK match
EXAMPLE_SOURCE = re.compile(r"^(example|demo|sample)s?[_\-.]", re.IGNORECASE)
# Containers of values that are known to be bad: `PLACEHOLDER_SECRETS = {...}`, `insecure_defaults`.
DENY_CONTAINER = {"placeholder", "placeholders", "example", "examples", "sample", "insecure",
                  "weak", "forbidden", "blocked", "banned", "disallowed", "blacklist", "denylist",
                  "dummy", "fake", "mock", "invalid", "known", "common"}
# The services a compose file starts, by the prefix of their own settings: their passwords are
# the image's defaults on a developer's machine.
LOCAL_SERVICE = re.compile(
    r"^(POSTGRES|PG|MYSQL|MARIADB|MONGO|MONGODB|MONGO_INITDB|MINIO|REDIS|RABBITMQ|GF|GRAFANA|"
    r"PGADMIN|PGADMIN_DEFAULT|KEYCLOAK|KC|ELASTIC|ELASTICSEARCH|KIBANA|CLICKHOUSE|INFLUXDB|"
    r"DOCKER_INFLUXDB_INIT|NEO4J|COUCHDB|MSSQL|SA|MEILI|TYPESENSE|OPENSEARCH|NATS|KAFKA|LDAP|"
    r"SMTP|MAIL|DB|DATABASE|TIMESCALE|SURREAL|ARANGO|CASSANDRA|MEMCACHED|VALKEY|LOCALSTACK|"
    r"AWS_LOCAL|MAILHOG|MAILPIT|ADMINER|PORTAINER)_", re.IGNORECASE)
SEED_SEVERITY = "high"
MIN_KNOWN = 16  # bytes of the shortest literal (quotes included) a known key format fits in


class HardcodedSecret(Rule):
    __doc__ = __doc__
    id = "hardcoded-secret"
    name = "HardcodedSecret"
    category = "hardcoded-secret"
    cwe = ("CWE-798",)
    severity = "high"
    confidence = "medium"
    precision = "high"
    languages = ("go", "python", "typescript", "tsx", "javascript", "config", "sql")
    positive = [
        Example("go", 'package c\n\nvar jwtSigningKey = "k3y-9f8a7b6c5d4e"\n'),
        Example("python", 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "dev-s3cret-k3y")\n'),
        Example("typescript", 'const secret = process.env.JWT_SECRET || "s3cr3t-value-42";\n'),
        Example("config", "API_TOKEN=9f8e7d6c5b4a39281706f5e4d3c2b1a0\n", ".env"),
        Example("sql", "INSERT INTO users (email, password) VALUES ('admin@example.org', "
                       "crypt('Adm1n-2024!', gen_salt('bf')));\n", "db/seed.sql"),
        Example("python", "import os\nfrom fastapi import Header\n\n"
                          "CLEANUP_KEY = os.getenv('X_CLEANUP', 'cleanup_default_value')\n\n"
                          "def cleanup(x_cleanup: str = Header(None)):\n"
                          "    if x_cleanup != CLEANUP_KEY:\n        raise PermissionError()\n",
                "api/admin.py"),
    ]
    negative = [
        Example("go", 'package c\n\nconst tokenType = "Bearer"\nvar nextTokenKey = "NextToken"\n'),
        Example("python", 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\npassword_field = "pw1234567"\n'),
        Example("typescript", 'const apiKey = process.env.API_KEY;\nconst TOKEN_KEY = "auth_token";\n'),
        Example("config", "JWT_SECRET=your-jwt-secret-here\nPASSWORD=\n", ".env"),
        Example("config", '{"header": [{"key": "Content-Type", "value": "application/json"}]}\n',
                "postman/api.postman_collection.json"),
        Example("config", "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres\n",
                "docker-compose.yml"),
        Example("sql", "INSERT INTO settings (name, value) VALUES ('theme', 'dark');\n",
                "migrations/001_settings.sql"),
        # the HKDF info label of a key, a page template, a DSN without a password, a field list
        Example("go", 'package config\n\nconst SessionKeyDeriveInfo = "COOKIE-SESSION;SIGNED:HMAC-SHA256"\n'
                      'const SetPasswordTemplate = "set-password.tpl.html"\n\n'
                      'func open(memory bool) string {\n\tdsn := "app.db?_fk=true"\n'
                      '\tif memory {\n\t\tdsn = ":memory:?_fk=true&cache=shared"\n\t}\n\treturn dsn\n}\n'),
        Example("typescript", 'const FIELDS = [\n  { key: "cadenceTouch1BusinessDays", label: "Touch 1" },\n'
                              '  { key: "cadenceTouch2OffsetDays", label: "Touch 2" },\n];\n',
                "app/admin/SettingsForm.tsx"),
        # a value that spells its own key; a development container's typed password; an API
        # client collection (Thunder Client)
        Example("config", "db_user_password: db_user_password\n", "ansible/group_vars/app.yml"),
        # a validation rule list, an example settings file, a workflow's cache key
        Example("javascript", "const rules = {\n  email: 'required|email',\n  password: 'required|min:6',\n};\n",
                "client/containers/Signup/actions.js"),
        Example("python", 'SECRET_KEY = "secret_key_place_holder"\nDB_PASSWORD = "Sup3r-s3cret-99"\n',
                "app/settings/local_settings.example.py"),
        Example("config", "jobs:\n  build:\n    steps:\n      - uses: actions/cache@v4\n        with:\n"
                          "          path: /tmp/zstd\n          key: zstd-s390x-v1.5.7\n",
                ".github/workflows/release.yml"),
        Example("config", "services:\n  app:\n    environment:\n      - ADMIN_PASSWORD=test123\n",
                ".devcontainer/docker-compose.yml"),
        Example("config", '{\n  "client": "Thunder Client",\n  "requests": [{"body": {"raw": '
                          '"x"}, "auth": {"password": "Adm1n-2024!xyz"}}]\n}\n',
                "contrib/thunder_client/collection.json"),
    ]

    # == per file ===================================================================================
    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        rec: dict = {}
        if ctx.language == "sql":
            yield from self._sql(ctx, place(ctx.path), rec)
        elif ctx.language == "config":
            yield from self._config(ctx, place(ctx.path, ctx.data[:4096]), rec)
        else:
            refs = _config_refs(ctx.path, ctx.data, ctx.is_test)
            if refs:
                rec["test_refs" if ctx.is_test else "refs"] = refs
            if not ctx.is_test and not EXAMPLE_SOURCE.search(ctx.path.rsplit("/", 1)[-1]) and \
                    not _example(ctx.path.rsplit("/", 1)[-1].lower()):
                yield from self._source(ctx, rec)
        if rec and ctx.facts is not None:  # what the project part joins across files
            ctx.facts.extra["secrets"] = rec

    # -- source code -------------------------------------------------------------------------------
    def _source(self, ctx: FileContext, rec: dict) -> Iterable[Finding]:
        idx = file_index(ctx)
        if idx is None:
            return
        where = source_place(ctx.path)
        formats_only = where in ("reference", "test", "dev") or is_bundle(ctx.path, ctx.data)
        generator = is_generator(ctx.path, ctx.data)
        seen: set = set()
        known_in_file = contains_any(ctx.data, KNOWN_STARTS)
        for node in idx.strings:
            name = _bound_name(node, idx)
            kind = secret_name(name) if name and not formats_only and not generator else ""
            if not kind and not (known_in_file and node.end_byte - node.start_byte >= MIN_KNOWN) \
                    and node.type != "concatenated_string":
                continue  # no secret's name, and no known format to find: the value is moot
            if node.parent is not None and node.parent.type == "expression_statement":
                continue  # a docstring: documentation
            value = literal(node, idx.data)
            if value is None:
                continue
            known = known_format(value, jwt=not formats_only)
            if not kind and not known:
                continue
            if name is None and not known:
                continue
            if not known and _in_deny_container(node, idx):
                continue
            if _in_schema_example(node, idx):
                if not known:
                    continue  # an OpenAPI example body
                known = known_format(value, jwt=False)  # an example token documents a shape
                if not known:
                    continue
            if not known and _in_test_settings_class(node, idx):
                continue  # the test settings class of a settings module
            if not known and _not_a_secret(name, value):
                continue
            sev = judge_value(value, kind) if not known else _known_severity(known, formats_only)
            if not sev:
                continue
            line = node.start_point[0] + 1
            if (line, name) in seen:
                continue
            seen.add((line, name))
            what = f"known key format in {name or 'a literal'}" if known else f"'{name}'"
            yield self.finding(ctx.path, line, f"Hardcoded secret assigned to {what}",
                               column=node.start_point[1] + 1, snippet=mask(ctx.line_text(line), value),
                               severity=sev, confidence="high" if known or sev == "high" else "medium")
        if formats_only or generator:
            return
        yield from self._signing_keys(ctx, idx, {ln for ln, _ in seen})
        self._fallbacks(ctx, idx, rec)
        g = guard_facts.guards(idx, ctx.data)
        if g:
            rec["guards"] = g
        m = guard_facts.min_lengths(ctx.text)
        if m:
            rec["minlen"] = m

    # -- constants that sign tokens ------------------------------------------------------------------
    def _signing_keys(self, ctx, idx, reported: set) -> Iterable[Finding]:
        """A literal, or a constant of this file bound to one, used as the key that signs or
        verifies JWTs or HMACs (`token.SignedString([]byte(K))`, a golang-jwt key function that
        returns `[]byte(K)`, `jwt.encode(payload, K)`, `jwt.sign(payload, "k")`,
        `hmac.new(K, ...)`, `crypto.createHmac("sha256", K)`): a hardcoded secret whatever the
        constant is called and however the value reads (a passphrase with spaces is a key too).
        Reported where the value is written; documented placeholders are not reported."""
        done: set = set()
        for call, key in _signing_key_uses(idx):
            for node, name in _key_literals(key, call.func, idx):
                value = literal(node, idx.data)
                line = node.start_point[0] + 1
                if not value or placeholder(value) or len(value.strip()) < 4 or \
                        line in reported or line in done:
                    continue
                done.add(line)
                what = f"the constant {name}" if name else "a string literal"
                yield self.finding(
                    ctx.path, line, f"Hardcoded signing key: {what} signs or verifies tokens "
                    f"({call.callee} at line {call.line})", column=node.start_point[1] + 1,
                    snippet=mask(ctx.line_text(line), value), severity="high", confidence="high",
                    related=[(ctx.path, call.line)] if call.line != line else [])

    # -- environment lookups with a literal default ------------------------------------------------
    def _fallbacks(self, ctx, idx, rec: dict) -> None:
        """Recorded, not reported: the project part reports them once it knows whether the
        backend rejects the default (a minimum length) and whether a request value is compared
        with it (a guard)."""
        out: list[tuple] = []  # (line, key, value, kind, bound name)
        for call in idx.calls:
            if call.name[:3].lower() not in ("get", "env", "loo", "con") or \
                    not ENV_CALL.search(call.callee) or not call.args:
                continue
            if call.name == "get" and "environ" not in call.receiver and "env" not in call.receiver.lower():
                continue
            key = literal(unwrap(call.args[0]), idx.data)
            if not key or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
                continue
            default = call.args[1] if len(call.args) > 1 else call.kwargs.get("default")
            dval = literal(unwrap(default), idx.data) if default is not None else None
            kind = secret_name(key)
            bound = _target_of(call.node, idx)
            if dval:
                out.append((call.line, key, dval, kind, bound))
            # Go: x := os.Getenv("K"); if x == "" { x = "literal" }
            parent = call.node.parent
            while parent is not None and parent.type in ("expression_list",):
                parent = parent.parent
            if idx.lang == "go" and parent is not None and \
                    parent.type in ("short_var_declaration", "assignment_statement", "var_spec"):
                left = parent.child_by_field_name("left") or parent.child_by_field_name("name")
                var = idx.text(left).split(",")[0].strip() if left is not None else ""
                for value, op, line in idx.assigns_in(call.func).get(var, []):
                    lit = literal(unwrap(value), idx.data) if value is not None else None
                    if lit and line != call.line:
                        out.append((line, key, lit, kind, var))
        # TS: process.env.X || "lit" / ?? "lit"; Python: os.environ.get("X") or "lit"
        if contains_any(ctx.data, ENV_WORDS):
            for node in idx.strings:
                parent = node.parent
                if parent is None or parent.type not in ("binary_expression", "boolean_operator"):
                    continue
                op = parent.child_by_field_name("operator")
                if op is None or op.type not in ("||", "??", "or"):
                    continue
                left = idx.text(parent.child_by_field_name("left") or parent, 200)
                m = ENV_FALLBACK.search(left)
                value = literal(node, idx.data)
                if m and value:
                    key = next(g for g in m.groups() if g)
                    out.append((node.start_point[0] + 1, key, value, secret_name(key),
                                _target_of(parent, idx)))
        pending, defaults = [], []
        signs = _signing_texts(idx) if out else ""
        for line, key, value, kind, bound in out:
            names = sorted({n for n in (guard_facts.norm(key), guard_facts.norm(bound or ""),
                                        "env:" + key) if n})
            snippet = mask(ctx.line_text(line), value)
            if kind and STAND_IN.search(value) and not _signs_here(key, bound, signs):
                # a value that asks to be replaced (`change-me`, `<your-key>`, `dev-only`) is no
                # secret of anyone's, unless a request value is compared with it or it signs
                defaults.append({"key": key, "names": names, "line": line, "snippet": snippet,
                                 "len": len(value)})
            elif kind:
                sev = _fallback_severity(value, kind)
                if not sev or (LOCAL_SERVICE.match(key) and value.lower() in WELL_KNOWN):
                    continue  # a local database's image default as a development fallback
                f = self.finding(ctx.path, line, f"{key} falls back to a hardcoded value when the "
                                 f"environment variable is unset", snippet=snippet, severity=sev,
                                 confidence="high")
                pending.append({"f": f.to_dict(), "key": key, "len": len(value), "names": names})
            elif _default_worth_keeping(key, bound, value):
                defaults.append({"key": key, "names": names, "line": line, "snippet": snippet,
                                 "len": len(value)})
        if pending:
            rec["pending"] = pending[:guard_facts.MAX_RECORDS]
        if defaults:
            rec["defaults"] = defaults[:guard_facts.MAX_RECORDS]

    # -- configuration files -----------------------------------------------------------------------
    def _config(self, ctx: FileContext, where: str, rec: dict) -> Iterable[Finding]:
        from auditor.checks.secrets.config import hits

        compose = bool(COMPOSE.search(ctx.path))
        pending: list[dict] = []
        for h in hits(ctx.path, ctx.text, ci=where == "ci", compose=compose):
            formats_only = where in ("reference", "test") or h.test
            if h.known:
                known = known_format(h.known, jwt=not formats_only)
                if known and (where == "test" or h.test) and private_key(known):
                    # a private key block in a test's configuration is the key of the server
                    # the test starts (an OIDC provider under test/): made for it, used by
                    # nothing else; a provider's token there (AKIA..., sk_live_...) is a real
                    # account's, and stays reported
                    continue
                if known:
                    where_said = " (test configuration)" if where == "test" or h.test else \
                        " (example or documentation)" if where == "reference" else ""
                    yield self.finding(ctx.path, h.line,
                                       f"Known key format committed{' for ' + h.key if h.key else ''}"
                                       f"{where_said}", snippet=mask(h.raw, known),
                                       severity=_known_severity(known, formats_only),
                                       confidence="high")
                continue
            if formats_only or not h.key:
                continue
            if h.key.lower() == "from_secret":
                continue  # Drone/Woodpecker CI: the name of a secret the CI server holds
            kind = secret_name(h.key)
            if not kind or (where == "ci" and kind == "weak"):
                continue  # (a bare `key:` in a workflow is a cache key, `key: deps-v1.5.7`)
            value = h.value
            low = value.lower()
            if _not_a_secret(h.key, value):
                continue
            if where == "dev" and DEV.search(ctx.path) and not random_looking(value):
                continue  # a typed password of a development container or a local setup
            sev = judge_value(value, kind)
            if h.fallback and not sev and kind != "weak" and len(value) >= 3 and \
                    not placeholder(value) and low not in WELL_KNOWN:
                sev = "medium"
            what = "a well-known default" if low in WELL_KNOWN else ""
            if where == "dev" and (LOCAL_SERVICE.match(h.key) or low in WELL_KNOWN):
                if not random_looking(value):
                    continue  # a local service's password on a developer's machine
            elif low in WELL_KNOWN:
                if where != "prod":
                    continue  # an image's default, in a file that does not say production
                sev = "medium"
            if not sev:
                continue
            if h.fallback:
                msg = f"{h.key} has a hardcoded default in a committed configuration file"
            elif what:
                msg = f"{h.key} is {what} credential in a production configuration file"
            else:
                msg = f"Hardcoded secret for {h.key} in a committed configuration file"
            f = self.finding(ctx.path, h.line, msg, snippet=mask(h.raw, value), severity=sev,
                             confidence="high" if sev == "high" else "medium")
            pending.append({"f": f.to_dict(), "key": h.key, "len": len(value),
                            "names": [guard_facts.norm(h.key), "env:" + h.key]})
        if pending:
            rec["pending"] = pending
        name = ctx.path.rsplit("/", 1)[-1].lower()
        if name == "dockerfile" or name.startswith("dockerfile.") or name.endswith(".dockerfile"):
            copies = _docker_copies(ctx.text)
            if copies:
                rec["test_copies" if TEST_WORDS.search(name) else "copies"] = copies

    # -- SQL migrations and seeds ------------------------------------------------------------------
    def _sql(self, ctx: FileContext, where: str, rec: dict) -> Iterable[Finding]:
        from auditor.checks.secrets import sql as seeds

        data = ctx.data
        if b"auditor" in data:
            _sql_suppressions(ctx)
        formats_only = where in ("reference", "test")
        if not seeds.PREFILTER.search(data) or not seeds.WRITES.search(data):
            if contains_any(data, KNOWN_STARTS):
                yield from self._sql_formats(ctx)
            return
        hashes: list[dict] = []
        reported: set = set()
        plain_seeds: list[tuple] = []  # ((table, column), finding): held until every row is read
        hashed_cols: set = set()  # (table, column) that hold password hashes in these seeds
        for row in seeds.rows(ctx.text):
            cols = row.cols or [""] * len(row.values)
            for i, (col, v) in enumerate(zip(cols, row.values)):
                text = v.text if v.text is not None else (v.arg or "")
                known = known_format(text, jwt=not formats_only) if text else ""
                if known:
                    if (v.line, "known") not in reported:
                        reported.add((v.line, "known"))
                        yield self.finding(ctx.path, v.line, f"Known key format seeded into "
                                           f"{row.table}{'.' + col if col else ''}",
                                           snippet=mask(ctx.line_text(v.line), known),
                                           severity="high", confidence="high")
                    continue
                if formats_only or not text:
                    continue
                account = row.account(before=i)
                who = f" {account}" if account else ""
                if v.text is not None and (seeds.BCRYPT.match(v.text) or seeds.HEX_HASH.match(v.text)
                                           and col and (seeds.password_column(col) or
                                                        seeds.hash_column(col))):
                    if not col or seeds.password_column(col) or seeds.hash_column(col):
                        hashed_cols.add((row.table, col))
                        hashes.append({"hash": v.text, "line": v.line, "account": account,
                                       "table": row.table, "forced": row.forced_change(),
                                       "snippet": mask(ctx.line_text(v.line), v.text),
                                       "insert": row.kind == "insert"})
                    continue
                if not col:
                    continue
                forced = _forced_text(row.forced_change())
                if v.text is not None and seeds.OTHER_HASH.match(v.text) and \
                        (seeds.password_column(col) or seeds.hash_column(col)):
                    yield self.finding(
                        ctx.path, v.line, f"Seeded account{who} in {row.table} with a fixed "
                        f"password hash{forced}: every deployment has this login",
                        snippet=mask(ctx.line_text(v.line), v.text), severity=SEED_SEVERITY)
                    continue
                plain = v.text is not None and seeds.password_column(col) and \
                    not seeds.hash_column(col)
                hashed_here = v.func in seeds.HASHING_FUNCS and v.arg is not None and \
                    (seeds.password_column(col) or seeds.hash_column(col))
                if (plain or hashed_here) and not seeds.PARAMETER.match(text) and len(text) >= 3:
                    how = f"{v.func}('{masked(text)}')" if v.func else f"'{masked(text)}'"
                    plain_seeds.append(((row.table, col) if plain else None, self.finding(
                        ctx.path, v.line, f"Seeded account{who} in {row.table} with a known "
                        f"password {how}{forced}: a login for anyone who reads the repository",
                        snippet=mask(ctx.line_text(v.line), text), severity="critical",
                        confidence="high")))
                    continue
                kind = secret_name(col)
                if kind and v.text is not None and kind != "weak" and not seeds.password_column(col):
                    sev = judge_value(v.text, kind)
                    if sev and not seeds.HEX_HASH.match(v.text):
                        yield self.finding(
                            ctx.path, v.line, f"Hardcoded {col} seeded into {row.table}",
                            snippet=mask(ctx.line_text(v.line), v.text), severity=sev)
        for column, f in plain_seeds:
            # a plain text where the same column holds bcrypt/argon hashes in other rows: the
            # application compares a hash, so that row is no login anyone can use
            if column is None or column not in hashed_cols:
                yield f
        if hashes:
            rec["hashes"] = hashes[:200]
            _verify_locally(ctx, rec["hashes"])

    def _sql_formats(self, ctx: FileContext) -> Iterable[Finding]:
        for i, raw in enumerate(ctx.text.split("\n"), start=1):
            known = known_format(raw, jwt=False) if len(raw) < 4000 else ""
            if known:
                yield self.finding(ctx.path, i, "Known key format committed",
                                   snippet=mask(raw.strip(), known), severity="high")

    # == across files ===============================================================================
    def check_project(self, ctx) -> Iterable[Finding]:
        from auditor.model import Location

        recs = [(path, (fx.get("extra") or {}).get("secrets")) for path, fx in (ctx.facts or {}).items()]
        recs = [(p, r) for p, r in recs if r]
        if not recs:
            return
        minlens = [dict(m, file=p) for p, r in recs for m in r.get("minlen", ())]
        # configuration files only tests read (a fixture of a settings test): test settings
        test_read = {t for _, r in recs for t in r.get("test_refs", ())}
        prod_read = {b for _, r in recs for b in r.get("refs", ())}
        test_copied = [c for _, r in recs for c in r.get("test_copies", ())]
        prod_copied = [c for _, r in recs for c in r.get("copies", ())]

        def test_only(path: str) -> bool:
            copied, read = _under(path, test_copied), path in test_read
            if not (copied or read):
                return False
            folder = path.rsplit("/", 1)[0] if "/" in path else ""
            if any(c in (path, folder) for c in prod_copied):
                return False  # a production image copies this very file or its folder
            # a program that opens a file of that name may open this one (not in a test image)
            return copied or path.rsplit("/", 1)[-1] not in prod_read
        guards: dict[str, tuple[str, int]] = {}
        for p, r in recs:
            for g in r.get("guards", ()):
                for n in g["names"]:
                    guards.setdefault(n, (p, g["line"]))
        for path, r in recs:
            for item in r.get("pending", ()):
                if (test_read or test_copied) and test_only(path):
                    continue  # only tests and test images read this file: test settings
                f = Finding.from_dict(item["f"])
                rej = guard_facts.rejected(item["key"], item["len"], minlens)
                if rej is not None:
                    continue  # the backend refuses to start with a value this short
                guard = next((guards[n] for n in item["names"] if n in guards), None)
                if guard is not None and f.severity != "critical":
                    f = f.with_(severity="high", confidence="high",
                                message=f.message + f"; it guards {guard[0]}:{guard[1]}, where a "
                                        f"request value is compared with it",
                                related=tuple(f.related) + (Location(*guard),))
                yield f
            for d in r.get("defaults", ()):
                guard = next((guards[n] for n in d["names"] if n in guards), None)
                if guard is None or guard_facts.rejected(d["key"], d["len"], minlens):
                    continue
                yield self.finding(
                    path, d["line"], f"{d['key']} defaults to a hardcoded value that guards "
                    f"{guard[0]}:{guard[1]} (a request value is compared with it): anyone who "
                    f"reads the repository passes that check when the variable is unset",
                    snippet=d["snippet"], severity="high", confidence="high", related=[guard])
        yield from self._seeded_hashes(ctx, recs)

    def _seeded_hashes(self, ctx, recs) -> Iterable[Finding]:
        """Seeded bcrypt hashes, each tested against the passwords the repository spells out:
        first those of the seeds themselves and of the documentation, then those of tests,
        examples and configuration, then those of the rest of the code."""
        from pathlib import Path

        from auditor.checks.secrets import sql as seeds
        from auditor.checks.secrets.candidates import Candidate, docs, gather, rank
        from auditor.checks.secrets.known import Verifier, available

        seeded = [(p, h) for p, r in recs for h in r.get("hashes", ())]
        if not seeded:
            return
        by_hash: dict[str, list] = {}
        for p, h in seeded:
            by_hash.setdefault(h["hash"], []).append((p, h))
        found: dict[str, object] = {}
        pool: list = []
        verifier = Verifier()
        for hashed, uses in by_hash.items():  # what the seeds' own notes settled in the workers
            for p, h in uses:
                verifier.tried.setdefault(hashed, set()).update(h.get("tried", ()))
                if h.get("known") and hashed not in found:
                    found[hashed] = Candidate(h["known"]["value"], p, h["known"]["line"], "", 9)
        tested = ctx.root is not None and len(found) < len(by_hash)
        untestable = not available()  # bcrypt hashes wait for the package; hex digests do not
        if tested:
            root = Path(ctx.root)
            sql_files = sorted({p for p, _ in seeded})
            rest = sorted(set(ctx.facts) - set(sql_files))

            def near() -> list[str]:
                return [p for p in rest if place(p) in ("test", "reference", "dev") or
                        ctx.facts[p].get("language") in ("config", "sql", "manifest")]

            def far() -> list[str]:
                close = set(near())
                return [p for p in rest if p not in close]

            state: dict = {}
            # tiers, read one after the other until every hash is resolved
            for tier in (lambda: sql_files, lambda: docs(root, sql_files), near, far):
                pool.extend(gather(root, tier(), state))
                for hashed, uses in by_hash.items():
                    if hashed in found:
                        continue
                    accounts = sorted({h["account"] for _, h in uses if h["account"]})
                    hit = verifier.match(hashed, rank(pool, uses[0][0], accounts))
                    if hit is not None:
                        found[hashed] = hit
                left = [h for h in by_hash if h not in found]
                if not left or all(seeds.BCRYPT.match(h) for h in left) and \
                        (verifier.budget <= 0 or untestable):
                    break
        unknown: dict[tuple, list] = {}  # (file, table) -> seeded rows of no known password
        for hashed, uses in by_hash.items():
            hit = found.get(hashed)
            places_of = [hit] if hit is not None else []
            if hit is not None:  # every place the password is written: the seeds' notes, the pool
                places_of += [Candidate(hit.value, q, n["line"], "", 9) for q, u in uses
                              for n in ([u["known"]] if u.get("known") else []) + u.get("notes", [])
                              if n["value"] == hit.value]
                places_of += [c for c in pool if c.value == hit.value]
            seen_at: set = set()
            places_of = [c for c in places_of if not ((c.file, c.line) in seen_at or
                                                      seen_at.add((c.file, c.line)))]
            also = places_of[1:]
            for p, h in uses:
                who = f" {h['account']}" if h["account"] else ""
                forced = _forced_text(h.get("forced"))
                if hit is not None:
                    own = next((c for c in places_of if c.file == p), hit)  # the seed's own note
                    where = f"{own.file}:{own.line}"
                    others = sorted({c.file for c in places_of if c.file != own.file})
                    if others:
                        where += f" (also in {', '.join(others[:3])}" + \
                            (f" and {len(others) - 3} more" if len(others) > 3 else "") + ")"
                    yield self.finding(
                        p, h["line"], f"Seeded account{who} in {h['table']} has a known password: "
                        f"its {_hash_kind(hashed)} hash is of '{masked(hit.value)}', written in "
                        f"{where}{forced}",
                        snippet=mask(h["snippet"], hit.value), severity="critical",
                        confidence="high",
                        related=[(hit.file, hit.line)] + [(c.file, c.line) for c in also[:4]])
                else:
                    why = "" if tested and hashed not in verifier.untested else \
                        " (not tested against the repository's passwords)"
                    unknown.setdefault((p, h["table"]), []).append((h, hashed, who, forced, why))
        for (p, table), rows in unknown.items():
            if len(rows) > _SEED_ROWS_ONE_BY_ONE:
                # a dump of many users (`checkpoint.sql` with 181 generated accounts): one
                # finding for the table, at its first row, the others as related places
                rows.sort(key=lambda r: r[0]["line"])
                h, hashed, _who, _forced, why = rows[0]
                kinds = sorted({_hash_kind(r[1]) for r in rows})
                yield self.finding(
                    p, h["line"], f"{len(rows)} seeded accounts in {table} with fixed "
                    f"{'/'.join(kinds)} password hashes (the first{rows[0][2]}): every "
                    f"deployment has these logins{why}",
                    snippet=h["snippet"], severity=SEED_SEVERITY,
                    related=[(p, r[0]["line"]) for r in rows[1:6]])
                continue
            for h, hashed, who, forced, why in rows:
                yield self.finding(
                    p, h["line"], f"Seeded account{who} in {table} with a fixed "
                    f"{_hash_kind(hashed)} password hash{forced}: every deployment has this "
                    f"login{why}",
                    snippet=h["snippet"], severity=SEED_SEVERITY)


# more seeded accounts of one table than this, with hashes of no password the tree writes: one
# finding for the table (a dump of generated users is one fact, not one per user)
_SEED_ROWS_ONE_BY_ONE = 3

_MESSAGE_KEY = re.compile(r"^[a-z][a-z0-9]*(\.[a-z0-9]+([-_][a-z0-9]+)*)+$")


def _message_key(name: str, value: str) -> bool:
    """A translation key that spells its own name under a namespace (`noMatchPassword:
    'message.no-match-password'`, `incorrectUsernamePassword: 'message.incorrect-username-
    password'`): the id of a text shown to users, not a credential."""
    if not _MESSAGE_KEY.match(value):
        return False
    own = [w.lower() for w in words((name or "").rsplit(".", 1)[-1])]
    return len(own) >= 2 and set(own) <= set(re.split(r"[.\-_]", value))


def _own_words(name: str, value: str) -> bool:
    """A value made of two or more words of its own name (`AuditLogPasswordChanged =
    "password_changed"`, an enum of event names; `JWTSecretKey = "JWTSecret"`, the key a
    setting is stored under, in camel case): an identifier, not a secret. One word is not
    enough (`ADMIN_PASSWORD = "admin"` is a weak password)."""
    parts = [p for p in re.split(r"[_\-.:\s]+", value.lower()) if p]
    if len(parts) == 1 and re.fullmatch(r"[A-Z]*[a-z]*(?:[A-Z][a-z]+)+|[A-Z]{2,}[A-Z][a-z]+\w*", value):
        parts = [w.lower() for w in words(value)]  # `JWTSecretKey = "JWTSecret"`: a setting's key
    own = {w.lower() for w in words((name or "").rsplit(".", 1)[-1])}
    return len(parts) >= 2 and all(p.isalpha() and p in own for p in parts)


def _not_a_secret(name: str, value: str) -> bool:
    """A value that spells its own key or words of it (a placeholder, a translation key, an
    event name), or a DSN without a password in it."""
    if names_itself(value, name) or _message_key(name, value) or _own_words(name, value):
        return True
    return words((name or "").rsplit(".", 1)[-1])[-1:] == ["dsn"] and dsn_without_credentials(value)


def _known_severity(known: str, formats_only: bool) -> str:
    """A private key block in an example's configuration is most often generated for it:
    reported, one level lower than a key in a deployment's files (in a test's, not reported)."""
    return "medium" if formats_only and private_key(known) else "high"


_REF = re.compile(rb"[\"'`]((?:\.{0,2}/)?[\w./\-]{0,200}?[\w.\-]{1,100}\.(?:ya?ml|json|toml|env|ini|conf|"
                  rb"cfg|properties))[\"'`]")


_REF_HINT = re.compile(rb"\.(?:ya?ml|json|toml|env|ini|conf|cfg|properties)[\"'`]")


def _config_refs(path: str, data: bytes, test: bool) -> list[str]:
    """The configuration files a source file names: resolved paths for a test (what it loads),
    base names for the rest (what production may load)."""
    import posixpath

    if not _REF_HINT.search(data):
        return []
    out = set()
    for m in _REF.finditer(data):
        ref = m.group(1).decode("utf-8", "replace")
        if test:
            base = posixpath.dirname(path)
            out.add(posixpath.normpath(posixpath.join(base, ref)) if not ref.startswith("/") else ref)
        else:
            out.add(ref.rsplit("/", 1)[-1])
        if len(out) >= 50:
            break
    return sorted(out)


_COPY = re.compile(r"^[ \t]*(?:COPY|ADD)[ \t]+((?:--[\w-]+(?:=\S*)?[ \t]+)*)(.*)$", re.IGNORECASE | re.M)


def _docker_copies(text: str) -> list[str]:
    """The files and folders of the build context a Dockerfile copies (not `COPY . .`, which
    copies everything, nor `COPY --from=stage`)."""
    import json
    import posixpath

    out: list[str] = []
    for m in _COPY.finditer(text):
        if "--from" in m.group(1):
            continue
        args = m.group(2).strip()
        try:
            parts = json.loads(args) if args.startswith("[") else args.split()
        except ValueError:
            continue
        for src in (parts[:-1] if isinstance(parts, list) else []):
            if not isinstance(src, str):
                continue
            src = posixpath.normpath(src.strip().lstrip("/"))
            if src not in (".", "") and not src.startswith(".."):
                out.append(src)
        if len(out) >= 50:
            break
    return out


def _under(path: str, prefixes: list[str]) -> bool:
    return any(path == c or path.startswith(c.rstrip("/") + "/") for c in prefixes)


LOCAL_BUDGET = 4.0  # bcrypt units (tests at cost 10) a worker spends on one seed file's own notes
_LOCAL_MEMO: dict[str, tuple[str, int] | None] = {}  # hash -> (password, line) in this process


def _verify_locally(ctx: FileContext, hashes: list[dict]) -> None:
    """Test each seeded hash against the passwords the seed file itself spells out (`-- Password:
    ...`), in the worker: the answer is cached with the file's facts, so a later scan that reuses
    them spends no bcrypt work; the project part tests the rest of the repository."""
    from auditor.checks.secrets.candidates import from_text, rank
    from auditor.checks.secrets.known import Verifier

    local = from_text(ctx.path, ctx.text)
    if not local:
        return
    verifier = Verifier(budget=LOCAL_BUDGET)
    for h in hashes:
        hashed = h["hash"]
        ranked = rank(local, ctx.path, [h["account"]])
        h["notes"] = [{"value": c.value, "line": c.line} for c in ranked[:3]]
        if not h.get("insert"):
            continue  # an UPDATE resets the password an INSERT seeded: tested where it is seeded
            # (or by the project part), not once more here
        if hashed in _LOCAL_MEMO and _LOCAL_MEMO[hashed] is not None:
            value, _ = _LOCAL_MEMO[hashed]
            line = next((c.line for c in local if c.value == value), 0)
            if line:
                h["known"] = {"value": value, "line": line}
                continue
        hit = verifier.match(hashed, ranked)
        if hit is not None:
            h["known"] = {"value": hit.value, "line": hit.line}
            _LOCAL_MEMO[hashed] = (hit.value, hit.line)
        else:
            h["tried"] = sorted(verifier.tried.get(hashed, ()))


def _hash_kind(hashed: str) -> str:
    from auditor.checks.secrets.sql import BCRYPT

    if BCRYPT.match(hashed):
        return "bcrypt"
    return {32: "MD5", 40: "SHA-1", 64: "SHA-256", 128: "SHA-512"}.get(len(hashed), "password")


_FLAG_WORDS = "true|false|yes|no|on|off"  # the values of a switch, which hold no key


def _fallback_severity(value: str, kind: str) -> str:
    """A literal default of a secret's variable is one (`JWT_SECRET || "secret"` signs with a
    word anyone reads), unless it says there is no key (`LLM_API_KEY || "not-required"`)."""
    if ABSENT.fullmatch(value.strip()):
        return ""
    if re.fullmatch(r"(?i)" + _FLAG_WORDS + r"|enabled?|disabled?", value.strip()):
        return ""  # a flag (`ATHENA_OPTIONAL_CREDENTIALS`, "true"): says whether, holds no key
    return judge_value(value, kind) or (
        "medium" if len(value) >= 3 and not re.fullmatch(r"[A-Z][A-Z0-9_]{2,}", value) and
        not re.fullmatch(r"\$\{?\w+\}?|<[^>]*>|\{\{.*\}\}", value) else "")


# A default that says it is to be replaced before a deployment uses it.
STAND_IN = re.compile(
    r"change[-_ ]?(me|it|this|in[-_ ]?prod\w*)|replace[-_ ]?(me|this|with)|(^|[\W_])your[-_ ]|"
    r"please[-_ ]?(set|change)|set[-_ ]?me\b|place[-_ ]?holder|xxx|dev[-_ ]?only|"
    r"for[-_ ]?(local[-_ ]?)?dev(elopment)?([\W_]|$)|insecure|hard[-_ ]?to[-_ ]?guess|"
    r"not[-_ ]?(a[-_ ]?)?(real[-_ ]?)?secret", re.IGNORECASE)


def _signing_texts(idx) -> str:
    """The key expressions of the file's signing and verifying calls, joined."""
    return "\n".join(idx.text(key, 300) for _, key in _signing_key_uses(idx))


def _signs_here(key: str, bound: str, signs: str) -> bool:
    """Whether the variable a fallback is bound to (or the lookup itself) is a key this file
    signs or verifies tokens with: a stand-in there lets anyone forge them."""
    if not signs:
        return False
    names = [n for n in (bound.rsplit(".", 1)[-1] if bound else "", key) if n]
    return any(re.search(r"(?<![\w$])" + re.escape(n) + r"(?![\w$])", signs) for n in names)


def _default_worth_keeping(key: str, bound: str, value: str) -> bool:
    """A default under a name that does not say secret, kept in case a guard compares with it:
    a word-like value of a few characters at least, under a name that is not a URL, a host, a
    path, a mode or a number."""
    if len(value) < 3 or len(value) > 200 or any(ch.isspace() for ch in value):
        return False
    if re.fullmatch(r"[\d.:\-]+|none|null|" + _FLAG_WORDS, value, re.IGNORECASE):
        return False
    if value.startswith(("/", "./", "http://", "https://", "$", "{")) or "://" in value:
        return False
    from auditor.checks.secrets.values import EXCLUDE, is_email

    if is_email(value) or "email" in words(key) + words(bound or ""):
        return False  # an address names an account; it is not what proves who one is

    return not any(w in EXCLUDE or w in ("host", "port", "level", "region", "timeout", "size",
                                         "limit", "origin", "origins", "domain", "lang", "locale",
                                         "environment", "debug", "log", "address", "addr")
                   for w in words(key) + words(bound or ""))


def _forced_text(forced) -> str:
    if forced is True:
        return " (a password change is required at the first login)"
    if forced is False:
        return " and no password change required at the first login"
    return ""


def _target_of(node, idx) -> str:
    from auditor.checks.treeutil import bound_target

    try:
        return bound_target(node, idx)
    except Exception:  # noqa: BLE001 - a name is a hint; its absence costs a guard match only
        return ""


# Pydantic's `json_schema_extra` / `schema_extra` (its v1 name) and FastAPI's `example`,
# `examples`, `openapi_examples` (Body(), Field(), Query()...) go into the OpenAPI document as
# the sample a client reads: documentation of the request, not a credential anything accepts.
SCHEMA_EXAMPLE_KEYS = {"json_schema_extra", "schema_extra", "example", "examples",
                       "openapi_examples"}


_SCOPE_ENDS = {"function_definition", "class_definition", "module", "program",
               "function_declaration", "class_declaration", "method_definition", "class_body",
               "statement_block"}


def _in_schema_example(node, idx) -> bool:
    """A literal inside an OpenAPI example: under a `json_schema_extra`/`example` key of a dict
    or object (`@ApiBody({ schema: ..., example: { password: "..." } })`), a keyword argument of
    that name (flask-restx `fields.String(example=...)`, pydantic `Field(example=...)`), or an
    assignment to `schema_extra`: documentation of a request's shape."""
    p = node.parent
    for _ in range(10):
        if p is None:
            return False
        key = None
        if p.type == "pair":
            key = p.child_by_field_name("key")
        elif p.type == "keyword_argument":
            key = p.child_by_field_name("name")
        elif p.type == "assignment":
            key = p.child_by_field_name("left")
        if key is not None and idx.text(key, 60).strip("'\"` ") in SCHEMA_EXAMPLE_KEYS:
            return True
        if p.type in _SCOPE_ENDS:
            return False
        p = p.parent
    return False


# A settings class for the test run (Django-configurations `class Test(Base)`, Flask's
# `class TestingConfig(Config)`, `class CITestSettings`): what the test runner starts the app
# under, never a deployment.
_TEST_CLASS = re.compile(r"(Test|Testing|Tests)(Config|Configuration|Settings|Env|Environment)?$|"
                         r"^(Test|Testing|Tests)[A-Z_]?\w*(Config|Configuration|Settings)$|^Test$")


def _in_test_settings_class(node, idx) -> bool:
    """A Python literal in the body of a test settings class (see `_TEST_CLASS`)."""
    if idx.lang != "python":
        return False
    p = node.parent
    while p is not None:
        if p.type == "function_definition":
            return False
        if p.type == "class_definition":
            n = p.child_by_field_name("name")
            return n is not None and bool(_TEST_CLASS.search(idx.text(n, 100)))
        p = p.parent
    return False


def _in_deny_container(node, idx) -> bool:
    """A literal in a list or map of values known to be bad (`PLACEHOLDER_SECRETS`,
    `insecure_defaults`): the backend's own check against them."""
    p = node.parent
    for _ in range(6):
        if p is None:
            return False
        if p.type in ("variable_declarator", "assignment", "short_var_declaration", "var_spec",
                      "const_spec", "assignment_expression", "lexical_declaration"):
            n = p.child_by_field_name("name") or p.child_by_field_name("left")
            return bool(n is not None and set(words(idx.text(n, 100))) & DENY_CONTAINER)
        p = p.parent
    return False


def _sql_suppressions(ctx: FileContext) -> None:
    """`-- auditor: ignore[rule-id]` comments of a SQL file, as source files have them."""
    from auditor.suppress import parse_suppressions

    comments = []
    for i, raw in enumerate(ctx.text.split("\n"), start=1):
        pos = raw.find("--")
        if pos >= 0 and "auditor" in raw[pos:]:
            comments.append({"line": i, "text": raw[pos:]})
    if comments:
        ctx.facts.suppressions = parse_suppressions(comments)


def _bound_name(node, idx) -> str | None:
    """The name a string literal is bound to: assignment target, field key, keyword, default."""
    child, parent = node, node.parent
    hops = 0
    while parent is not None and parent.type in ("expression_list", "literal_element",
                                                 "parenthesized_expression") and hops < 3:
        child, parent = parent, parent.parent
        hops += 1
    if parent is None:
        return None
    t = parent.type
    if t in ("assignment", "assignment_statement", "short_var_declaration", "assignment_expression",
             "augmented_assignment"):
        right = parent.child_by_field_name("right")
        if right is None or (right != child and right != node):
            return None
        left = parent.child_by_field_name("left")
        return idx.text(left, 200).split(",")[0].strip() if left is not None else None
    if t in ("var_spec", "const_spec"):
        n = parent.child_by_field_name("name")
        return idx.text(n) if n is not None else None
    if t in ("variable_declarator", "keyword_argument", "default_parameter",
             "typed_default_parameter", "public_field_definition", "pair", "keyed_element",
             "property_signature", "required_parameter", "optional_parameter"):
        if t in ("pair", "keyed_element"):
            key = parent.child_by_field_name("key")
            if key is None and parent.named_children:
                key = parent.named_children[0]
            if key is None or key == child:
                return None
            if key.type == "literal_element" and key.named_children:
                key = key.named_children[0]
            lit = literal(key, idx.data)
            return lit if lit is not None else idx.text(key, 100)
        n = parent.child_by_field_name("name") or parent.child_by_field_name("pattern")
        value = parent.child_by_field_name("value")
        if value is not None and value != child and value != node:
            return None
        return idx.text(n, 100) if n is not None else None
    return None



# The calls whose argument is a signing or verification key: (language group, call name) ->
# (receivers it must be called on, or () for any; argument index; keyword name)
_SIGNING = {
    ("go", "SignedString"): ((), 0, None),
    ("go", "New"): (("hmac",), 1, None),
    ("python", "encode"): (("jwt", "pyjwt"), 1, "key"),
    ("python", "decode"): (("jwt", "pyjwt"), 1, "key"),
    ("python", "new"): (("hmac",), 0, "key"),
    ("js", "sign"): (("jwt", "jsonwebtoken", "JWT"), 1, None),
    ("js", "verify"): (("jwt", "jsonwebtoken", "JWT"), 1, None),
    ("js", "createHmac"): ((), 1, None),
    ("js", "jwtVerify"): ((), 1, None),  # jose: jwtVerify(token, key)
}
# golang-jwt functions that take a key function: `jwt.Parse(s, func(t *jwt.Token) (interface{},
# error) { return []byte(K), nil })`
_GO_KEYFUNC = frozenset({"Parse", "ParseWithClaims", "ParseFromRequest",
                         "ParseFromRequestWithClaims"})


def _signing_key_uses(idx):
    """(call, key expression) for every call in the file that signs or verifies with a key."""
    group = "go" if idx.lang == "go" else "python" if idx.lang == "python" else "js"
    for call in idx.calls:
        spec = _SIGNING.get((group, call.name))
        if spec is not None:
            receivers, i, kw = spec
            recv = call.receiver.rsplit(".", 1)[-1]
            if group == "js" and call.name == "sign" and "SignJWT(" in call.receiver:
                i = 0  # jose: `new SignJWT(payload)....sign(key)`
            elif receivers and recv not in receivers:
                continue
            key = call.kwargs.get(kw) if kw else None
            if key is None and len(call.args) > i:
                key = call.args[i]
            if key is not None:
                yield call, key
        elif group == "go" and call.name in _GO_KEYFUNC and call.args:
            fn = unwrap(call.args[-1])
            if fn is None or fn.type != "func_literal":
                continue
            from auditor.index.walk import walk_types

            for ret in walk_types(fn, frozenset({"return_statement"})):
                exprs = ret.named_children[0].named_children if ret.named_children else []
                if exprs:
                    yield call, exprs[0]


_KEY_WRAPPERS = re.compile(r"^(\[\]byte|bytes|Buffer\.from|str|TextEncoder\(\)\.encode)$")


def _key_literals(node, func, idx, depth: int = 0) -> list:
    """The string literals a key expression is made of, with the constant's name when it comes
    from one: through `[]byte(K)`, `K.encode()`, `Buffer.from(K)`, and a local or module-level
    name bound to a literal once."""
    node = unwrap(node)
    if node is None or depth > 4:
        return []
    if node.type in ("parenthesized_expression",):
        return _key_literals(node.named_children[0] if node.named_children else None, func, idx,
                             depth + 1)
    lit = literal(node, idx.data)
    if lit is not None:
        return [(node, "")]
    if node.type == "type_conversion_expression":
        kids = node.named_children
        return _key_literals(kids[-1] if kids else None, func, idx, depth + 1)
    if node.type in ("call", "call_expression"):
        fn = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        ftext = idx.text(fn, 100) if fn is not None else ""
        if _KEY_WRAPPERS.match(ftext) and args is not None and args.named_children:
            return _key_literals(args.named_children[0], func, idx, depth + 1)
        if fn is not None and fn.type in ("attribute", "member_expression") and \
                ftext.rsplit(".", 1)[-1] == "encode":
            return _key_literals(fn.named_children[0], func, idx, depth + 1)
        return []
    if node.type == "identifier":
        name = idx.text(node)
        for key in [func] + idx.outer_keys(func) + [MODULE]:
            values = idx.assigns_in(key).get(name)
            if values is None:
                continue
            if len(values) != 1 or values[0][0] is None:
                return []
            got = _key_literals(values[0][0], key, idx, depth + 1)
            return [(n, nm or name) for n, nm in got]
    return []
