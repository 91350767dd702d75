"""A secret written into the code or a committed configuration file.

What it finds:
String literals bound to a name that says secret (password, secret, token, API key, private,
signing or master key, client secret, credentials) in assignments, struct/dict/object fields,
keyword and default arguments; environment lookups with a literal fallback
(`os.Getenv("JWT_SECRET")` then `if s == "" { s = "..." }`, `getEnv("ADMIN_PASSWORD", "admin1")`,
`os.environ.get("SECRET_KEY", "dev")`, `process.env.JWT_SECRET || "secret"`); values in a known
key format (AWS, Stripe live, GitHub, Slack, private key blocks) whatever their name; and the same
in configuration files (`.env*`, YAML, JSON, TOML, Dockerfile, compose, `${VAR:-default}`).
Placeholders (`changeme`, `your-secret-here`, `<token>`), env-var names, header and type names
(`"Bearer"`, `"NextToken"`), messages and empty values are not secrets; tests and examples are
skipped, and `.env.example`-style files only report real key formats.

Why it matters:
A secret in the repository is readable by everyone with the code, its forks and its history, and
cannot be rotated without a release; a literal fallback silently signs tokens with a public key
when the variable is missing (CWE-798).

Example:
    secret := os.Getenv("JWT_SECRET")
    if secret == "" {
        secret = "dev-secret"
    }

Fix:
Read secrets from the environment or a secret manager and fail at start-up when they are missing;
rotate any secret that was committed.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import contains_any, file_index, literal, unwrap, words
from auditor.model import Finding

STRONG = {"secret", "password", "passwd", "pwd", "passphrase", "credential", "credentials"}
KEYISH = {("api", "key"), ("private", "key"), ("signing", "key"), ("master", "key"),
          ("access", "key"), ("secret", "key"), ("encryption", "key"), ("hmac", "key"),
          ("jwt", "key"), ("auth", "key"), ("client", "secret"), ("auth", "token"),
          ("access", "token"), ("refresh", "token"), ("bearer", "token"), ("api", "token"),
          ("webhook", "secret"), ("session", "key")}
EXCLUDE = {"type", "url", "uri", "endpoint", "header", "headers", "name", "field", "env", "var",
           "path", "file", "length", "len", "prefix", "suffix", "regex", "pattern", "label",
           "placeholder", "hint", "message", "msg", "error", "min", "max", "expiry", "expires",
           "ttl", "lifetime", "duration", "column", "param", "query", "cookie", "storage", "kind",
           "format", "mode", "hash", "hashed", "policy", "count", "route", "input", "id", "ids",
           "description", "title", "text", "help", "desc", "required", "enabled", "display",
           "strength", "rotation", "reset", "confirm", "confirmation", "new", "old", "current",
           "show", "visible", "icon", "expiration", "at", "status", "scope", "scopes", "usage",
           "created", "updated", "last", "used", "validation", "valid", "invalid", "location",
           "rules", "policy", "version", "manager", "provider", "service", "store", "vault", "cmd",
           "command", "selector", "class", "style", "test", "validator", "schema", "table"}
KNOWN_FORMATS = re.compile(
    r"AKIA[0-9A-Z]{16}|(?:sk|rk)_live_[0-9a-zA-Z]{20,}|gh[pousr]_[A-Za-z0-9]{36}|"
    r"xox[baprs]-[0-9A-Za-z-]{10,}|-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----|"
    r"AIza[0-9A-Za-z_\-]{35}|sk-[A-Za-z0-9]{32,}")
# The literal start of each KNOWN_FORMATS alternative: a literal in one of the formats puts it in
# the file's bytes (an implicit concatenation excepted: its parts are joined).
KNOWN_STARTS = (b"AKIA", b"_live_", b"ghp_", b"gho_", b"ghu_", b"ghs_", b"ghr_", b"xox",
                b"-----BEGIN ", b"AIza", b"sk-")
PLACEHOLDER = re.compile(
    r"(your|my)[-_ ]?\w*|change[-_ ]?me|change[-_ ]?(it|this)|replace|example|placeholder|dummy|"
    r"xxx|<[^>]*>|\*\*\*|\.\.\.|todo|fixme|(^|[_\-.])test([_\-.]|$)|sample|^\$\{?[A-Z_]+\}?$|^\{\{.*\}\}$|%[sv]|\{\}|"
    r"^fake|^mock|redacted|^none$|^null$|^undefined$|^false$|^true$|^secret$|^password$",
    re.IGNORECASE)
IDENTIFIER_LIKE = re.compile(r"^[a-z][a-z0-9]*(?:[_.:\-][a-z0-9]+)*$")
CAMEL_WORD = re.compile(r"^[A-Z]?[a-z]+(?:[A-Z][a-z]+)*$")
ENV_CALL = re.compile(r"(^|\.)(getenv|Getenv|get|getEnv\w*|get_env\w*|env|LookupEnv|config)$",
                      re.IGNORECASE)
ENV_FALLBACK = re.compile(r"process\.env\.(\w+)|process\.env\[['\"](\w+)|"
                          r"(?:getenv|environ\.get)\(\s*['\"](\w+)")
ENV_WORDS = (b"process.env", b"getenv", b"environ.get")  # one is in every ENV_FALLBACK match
EXAMPLE_SOURCE = re.compile(r"^(example|demo|sample)s?[_\-.]", re.IGNORECASE)
EXAMPLE_FILE = re.compile(r"(example|sample|template|dist|default)", re.IGNORECASE)


def entropy(s: str) -> float:
    if not s:
        return 0.0
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values())


@lru_cache(maxsize=4096)
def secret_name(name: str) -> str:
    """'strong', 'key' or '' for a binding name."""
    ws = words(name.rsplit(".", 1)[-1])
    if not ws or any(w in EXCLUDE for w in ws):
        return ""
    if ws[-2:] == ["token", "key"]:
        return ""
    if any(w in STRONG for w in ws):
        return "strong"
    pairs = set(zip(ws, ws[1:]))
    if pairs & KEYISH or ws[-1] in ("token", "apikey", "privatekey", "secretkey") or \
            ws in (["key"], ["pat"], ["dsn"]):
        return "key"
    return ""


def judge_value(value: str, kind: str) -> str:
    """'' (not a secret) or a severity for a literal bound to a secret name of `kind`."""
    v = value.strip()
    if KNOWN_FORMATS.search(v):
        return "high"
    if len(v) < 6 or len(v) > 400 or any(ch.isspace() for ch in v):
        return ""
    if PLACEHOLDER.search(v) or re.fullmatch(r"[A-Z][A-Z0-9_]{2,}", v) or CAMEL_WORD.fullmatch(v):
        return ""
    if v.startswith(("/", "http://", "https://", "./", "../", "$", "{", "#")) or \
            re.fullmatch(r"[\w.\-]+\.(json|pem|key|txt|yaml|yml)", v):
        return ""
    if sum(v.count(ch) for ch in "[]()\\^$*+?{}|") >= 2:
        return ""  # a regular expression or a code snippet, not a key
    if IDENTIFIER_LIKE.fullmatch(v) and not re.search(r"\d", v):
        return "medium" if kind == "strong" and len(v) >= 8 else ""
    if entropy(v) < 2.5:
        return ""
    return "high"


class HardcodedSecret(Rule):
    __doc__ = __doc__
    id = "hardcoded-secret"
    name = "HardcodedSecret"
    category = "hardcoded-secret"
    cwe = ("CWE-798",)
    severity = "high"
    confidence = "medium"
    precision = "high"
    languages = ("go", "python", "typescript", "tsx", "javascript", "config")
    positive = [
        Example("go", 'package c\n\nvar jwtSigningKey = "k3y-9f8a7b6c5d4e"\n'),
        Example("python", 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "dev-s3cret-k3y")\n'),
        Example("typescript", 'const secret = process.env.JWT_SECRET || "s3cr3t-value-42";\n'),
        Example("config", "API_TOKEN=9f8e7d6c5b4a39281706f5e4d3c2b1a0\n", ".env"),
    ]
    negative = [
        Example("go", 'package c\n\nconst tokenType = "Bearer"\nvar nextTokenKey = "NextToken"\n'),
        Example("python", 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\npassword_field = "pw1234567"\n'),
        Example("typescript", 'const apiKey = process.env.API_KEY;\nconst TOKEN_KEY = "auth_token";\n'),
        Example("config", "JWT_SECRET=your-jwt-secret-here\nPASSWORD=\n", ".env"),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if ctx.is_test or EXAMPLE_SOURCE.search(ctx.path.rsplit("/", 1)[-1]):
            return
        if ctx.language == "config":
            yield from self._config(ctx)
            return
        idx = file_index(ctx)
        if idx is None:
            return
        seen: set = set()
        known_in_file = contains_any(ctx.data, KNOWN_STARTS)
        for node in idx.strings:
            name = _bound_name(node, idx)
            kind = secret_name(name) if name else ""
            if not kind and not known_in_file and node.type != "concatenated_string":
                continue  # no secret's name, and no known format to find: the value is moot
            value = literal(node, idx.data)
            if value is None:
                continue
            line = node.start_point[0] + 1
            known = KNOWN_FORMATS.search(value)
            if name is None and not known:
                continue
            if not kind and not known:
                continue
            sev = judge_value(value, kind)
            if not sev:
                continue
            if (line, name) in seen:
                continue
            seen.add((line, name))
            what = f"known key format in {name or 'a literal'}" if known else f"'{name}'"
            yield self.finding(ctx.path, line, f"Hardcoded secret assigned to {what}",
                               column=node.start_point[1] + 1, snippet=_mask(ctx.line_text(line), value),
                               severity=sev, confidence="high" if known or sev == "high" else "medium")
        yield from (f for f in self._fallbacks(ctx, idx) if f is not None)

    # -- environment lookups with a literal default ------------------------------------------
    def _fallbacks(self, ctx, idx) -> Iterable[Finding]:
        for call in idx.calls:
            if not ENV_CALL.search(call.callee) or not call.args:
                continue
            if call.name == "get" and "environ" not in call.receiver and "env" not in call.receiver.lower():
                continue
            key = literal(unwrap(call.args[0]), idx.data)
            if not key or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
                continue
            default = call.args[1] if len(call.args) > 1 else call.kwargs.get("default")
            dval = literal(unwrap(default), idx.data) if default is not None else None
            kind = secret_name(key)
            if dval and kind:
                yield self._fallback(ctx, call.line, key, dval, kind, default)
            # Go: x := os.Getenv("K"); if x == "" { x = "literal" }
            parent = call.node.parent
            while parent is not None and parent.type in ("expression_list",):
                parent = parent.parent
            if idx.lang == "go" and kind and parent is not None and \
                    parent.type in ("short_var_declaration", "assignment_statement", "var_spec"):
                left = parent.child_by_field_name("left") or parent.child_by_field_name("name")
                var = idx.text(left).split(",")[0].strip() if left is not None else ""
                for value, op, line in idx.assigns_in(call.func).get(var, []):
                    lit = literal(unwrap(value), idx.data) if value is not None else None
                    if lit and line != call.line:
                        yield self._fallback(ctx, line, key, lit, kind, value, related=call.line)
        # TS: process.env.X || "lit" / ?? "lit"; Python: os.environ.get("X") or "lit"
        if not contains_any(ctx.data, ENV_WORDS):
            return  # the left operand must spell one of them
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
                kind = secret_name(key)
                if kind:
                    yield self._fallback(ctx, node.start_point[0] + 1, key, value, kind, node)

    def _fallback(self, ctx, line, key, value, kind, node, related=None) -> Finding | None:
        sev = judge_value(value, kind) or ("medium" if len(value) >= 3 and not
                                           re.fullmatch(r"[A-Z][A-Z0-9_]{2,}", value) else "")
        if not sev:
            return None
        return self.finding(
            ctx.path, line, f"{key} falls back to a hardcoded value when the environment variable "
            f"is unset", snippet=_mask(ctx.line_text(line), value), severity=sev,
            related=[(ctx.path, related)] if related else (), confidence="high")

    # -- configuration files --------------------------------------------------------------------
    def _config(self, ctx: FileContext) -> Iterable[Finding]:
        name = PurePosixPath(ctx.path).name
        example = bool(EXAMPLE_FILE.search(name))
        pat = re.compile(r"""^\s*(?:-\s*)?(?:export\s+|ENV\s+|ARG\s+)?["']?([A-Za-z_][\w.\-]*)["']?"""
                         r"""\s*(?:[:=]|\s(?=\S))\s*["']?([^"'\s#,]*)""")
        for i, raw in enumerate(ctx.text.split("\n"), start=1):
            if raw.lstrip().startswith(("#", "//")) or len(raw) > 2000:
                continue
            known = KNOWN_FORMATS.search(raw)
            m = pat.match(raw)
            if known and not m:
                yield self.finding(ctx.path, i, "Private key or known key format committed",
                                   snippet=_mask(raw.strip(), known.group(0)), severity="high")
                continue
            if not m:
                continue
            key, value = m.group(1), m.group(2)
            fallback = re.fullmatch(r"\$\{(\w+):?-(.*)\}", value)
            if fallback:
                key, value = fallback.group(1), fallback.group(2)
            kind = secret_name(key)
            if not kind and not known:
                continue
            if example and not known:
                continue
            sev = judge_value(value, kind) if not fallback else \
                (judge_value(value, kind) or ("medium" if len(value) >= 3 else ""))
            if not sev and kind == "strong" and not fallback and len(value) >= 4 and \
                    value.lower() in ("postgres", "admin", "root", "password", "mysql", "redis") \
                    and not ctx.path.startswith((".github/", ".gitlab")):
                sev = "low"  # a well-known default credential of a local service
            if not sev:
                continue
            msg = (f"{key} has a hardcoded default in a committed configuration file" if fallback
                   else f"Hardcoded secret for {key} in a committed configuration file")
            yield self.finding(ctx.path, i, msg, snippet=_mask(raw.strip(), value), severity=sev,
                               confidence="high" if sev == "high" else "medium")


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


def _mask(line: str, value: str) -> str:
    if len(value) >= 6:
        return line.replace(value, value[:3] + "*" * min(8, len(value) - 3))
    return line
