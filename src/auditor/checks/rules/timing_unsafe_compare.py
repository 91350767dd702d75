"""A secret compared with `==`, `!=` or `===` instead of a constant-time comparison.

What it finds:
An equality comparison whose two operands are both values (not literals, nil/None/null or
lengths) and one of which names a secret: token, secret, signature, HMAC, MAC, digest, an API,
admin, service, internal or other credential key, password or its hash, OTP; also Go
`bytes.Equal` on such values. A key presented in the request counts by the header it is read
from (`request.headers.get("X-Service-Key")`, `r.Header.Get("X-API-Key")`, `req.get('x-api-key')`),
the configured one by its name even in upper case (`settings.SERVICE_KEY`,
`process.env.API_KEY`, a module-level `API_KEY = os.getenv("API_KEY")`), and an f-string or
template literal by the values it interpolates (`f"Bearer {settings.INTERNAL_TOKEN}"`).
Comparisons with empty strings, nil/None, constants and enum members (`token_type ==
REFRESH_TOKEN`, `TokenType.ACCESS`), type names (`token_type == "bearer"`), roles and statuses,
public keys, identifiers, and ORM filter expressions (`Token.token_hash == h` inside `.where()`)
are not findings; nor is a record's field compared with the value the same function looked the
record up by (`db.Where("token = ?", token).Find(client)` then `client.Token == token`): the
store already matched it.
`hmac.compare_digest`, `secrets.compare_digest`, `subtle.ConstantTimeCompare` and
`crypto.timingSafeEqual` are the fix and never reported.

Why it matters:
`==` returns at the first differing byte, so response times reveal how much of a guess is right;
an attacker can recover a token or signature byte by byte (CWE-208). Comparing hashes leaks far
less, hence a lower severity there.

Example:
    if x_admin_key != config.admin_key:
        raise HTTPException(403)

Fix:
`hmac.compare_digest(a, b)` (Python), `subtle.ConstantTimeCompare(a, b) == 1` (Go),
`crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b))` (Node, after a length check).
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import (ASSIGN_TYPES, FUNC_TYPES, MODULE, Flow, file_index, function_name,
                                     is_interpolated, unwrap, words)
from auditor.index.signals import classify_literal
from auditor.model import Finding

SECRET_WORDS = {"token", "secret", "signature", "sig", "hmac", "mac", "digest", "apikey",
                "password", "passwd", "otp", "totp", "csrf"}
PAIRS = {("api", "key"), ("admin", "key"), ("secret", "key"), ("access", "key"),
         ("signing", "key"), ("auth", "key"), ("private", "key"), ("password", "hash"),
         ("verification", "code"), ("reset", "code")}
NOT_SECRET = {"type", "id", "ids", "count", "len", "length", "expires", "exp", "expiry", "name",
              "url", "status", "kind", "prefix", "public", "pub", "method", "valid", "format",
              "version", "index", "size", "alg", "algorithm", "new", "old", "previous", "prev",
              "header", "scheme", "scope", "scopes", "usage", "at", "time", "ttl", "mode",
              "enabled", "required", "field", "column", "state", "event", "topic", "topics"}
# Two user inputs compared with each other (password and its confirmation): nothing to leak.
PAIRED_INPUT = {"confirm", "confirmation", "new", "current", "old", "previous", "prev", "repeat",
                "retype", "verify"}
CONST_TYPES = {"interpreted_string_literal", "raw_string_literal", "string", "template_string",
               "nil", "none", "None", "null", "undefined", "true", "false", "int_literal",
               "integer", "number", "float", "float_literal"}
ORM_CALLS = {"where", "filter", "filter_by", "and_", "or_", "having", "Where", "find", "findOne",
             "findFirst", "findUnique", "join", "query", "exclude", "get"}


# Who a `key` belongs to, when the word before it says it is a credential: `service_key`,
# `X-Internal-Key`, `providedKey` (an `api`/`admin`/... key is in PAIRS).
KEY_OWNERS = {"expected", "provided", "given", "stored", "request", "x", "service", "internal",
              "master", "shared", "app", "client", "webhook", "integration", "partner", "system",
              "root", "bot", "cron", "worker", "tenant", "presented", "submitted", "incoming",
              "configured", "server", "agent", "ingest", "license", "deploy", "management", "sdk"}
# Receivers whose upper-case members are configured values, not enum members: `settings.API_KEY`,
# `process.env.SERVICE_KEY`, `app.config.SECRET`, `cfg.ADMIN_TOKEN`.
CONFIG_RECEIVER = re.compile(r"(^|\.)(settings|config|conf|cfg|configuration|env|environ|"
                             r"options|opts|secrets|credentials|creds|app_config|appconfig|"
                             r"current_app\.config|app\.config|Config|Settings)$")


def secret_operand(text: str) -> tuple[bool, bool]:
    """(names a secret, is a hash) for an operand's text."""
    receiver, _, last = text.rpartition(".")
    last = last.rstrip("()[]")
    if re.fullmatch(r"[A-Z][A-Z0-9_]+", last) and not CONFIG_RECEIVER.search(receiver):
        return False, False  # an enum member or constant, not a secret value
    ws = words(last)
    if not ws or any(w in NOT_SECRET for w in ws):
        return False, False
    hit = any(w in SECRET_WORDS for w in ws) or bool(set(zip(ws, ws[1:])) & PAIRS) or \
        ws[-1] in ("key",) and len(ws) > 1 and ws[-2] in KEY_OWNERS
    return hit, hit and any(w in ("hash", "hashed", "digest") for w in ws)


def _configured_name(text: str, flow, func) -> bool:
    """A bare upper-case name (`API_KEY`) that the file fills from the environment or the
    configuration (`API_KEY = os.getenv("API_KEY")`): a configured secret, not an enum constant.
    One set to a literal, or defined elsewhere, stays a constant."""
    if not re.fullmatch(r"[A-Z][A-Z0-9_]+", text):
        return False
    assigns = flow.assignments(text, func)
    return bool(assigns) and all(
        v is not None and unwrap(v).type not in CONST_TYPES and
        re.search(r"getenv|environ|Getenv|LookupEnv|process\.env|settings|config", flow.idx.text(v, 200))
        for v, _, _ in assigns)


def _interpolations(node, idx) -> str:
    """The text of the values an f-string or template literal interpolates ('' for none)."""
    return " ".join(idx.text(e, 200) for c in node.named_children
                    if c.type in ("interpolation", "template_substitution")
                    for e in c.named_children if e.type not in ("format_specifier", "type_conversion"))


class TimingUnsafeCompare(Rule):
    __doc__ = __doc__
    id = "timing-unsafe-compare"
    name = "TimingUnsafeCompare"
    category = "timing-unsafe-compare"
    cwe = ("CWE-208",)
    severity = "medium"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("go", 'package a\n\nfunc ok(sig, expectedSig string) bool { return sig == expectedSig }\n'),
        Example("python", 'def ok(x_admin_key, config):\n    return x_admin_key != config.admin_key\n'),
        Example("typescript", 'export const ok = (token: string, secret: string) => token === secret;\n'),
        Example("python", 'from app.config import settings\n\ndef require_service_key(request):\n'
                          '    if request.headers.get("X-Service-Key") == settings.SERVICE_KEY:\n'
                          '        return True\n    return False\n'),
        Example("go", 'package a\n\nfunc ok(r *http.Request, cfg Config) bool {\n'
                      '\tkey := r.Header.Get("X-API-Key")\n\treturn key == cfg.APIKey\n}\n'),
        Example("javascript", "function auth(req, res, next) {\n"
                              "  if (req.get('x-api-key') === process.env.API_KEY) return next();\n"
                              "  res.status(401).end();\n}\n"),
    ]
    negative = [
        Example("go", 'package a\n\nfunc ok(token string) bool { return token == "" || len(token) == 0 }\n'),
        Example("python", 'import hmac\n\ndef ok(a, b, token_type):\n'
                          '    return hmac.compare_digest(a, b) and token_type == "bearer"\n'),
        Example("typescript", 'export const ok = (token?: string) => token === undefined;\n'),
        Example("python", 'import hmac\nfrom app.config import settings\n\ndef ok(request, user):\n'
                          '    key = request.headers.get("X-Service-Key", "")\n'
                          '    return hmac.compare_digest(key, settings.SERVICE_KEY) and '
                          'user.role == settings.ADMIN_ROLE and settings.SERVICE_KEY != None\n'),
        Example("go", 'package a\n\nimport "crypto/subtle"\n\nfunc ok(key, role string, cfg Config) bool {\n'
                      '\treturn subtle.ConstantTimeCompare([]byte(key), []byte(cfg.APIKey)) == 1 && '
                      'role != cfg.AdminRole\n}\n'),
        Example("javascript", "const crypto = require('crypto');\nfunction ok(req) {\n"
                              "  const a = Buffer.from(req.get('x-api-key') || '');\n"
                              "  const b = Buffer.from(process.env.API_KEY);\n"
                              "  return a.length === b.length && crypto.timingSafeEqual(a, b) && "
                              "req.user.status !== 'disabled';\n}\n"),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        idx = file_index(ctx)
        if idx is None or ctx.is_test:
            return  # tests compare fixtures and assert equality on purpose
        items = [(c.node, c.left, c.right, c.line, c.op) for c in idx.compares]
        for call in idx.calls:
            if call.callee in ("bytes.Equal", "reflect.DeepEqual") and len(call.args) == 2:
                items.append((call.node, call.args[0], call.args[1], call.line, call.callee))
        flow = None
        for node, left, right, line, op in items:
            left, right = unwrap(left), unwrap(right)
            if left is None or right is None:
                continue
            if any(n.type in CONST_TYPES and not (is_interpolated(n) and _interpolations(n, idx))
                   for n in (left, right)):
                continue  # a literal, nil/None or an empty string; an f-string is a value
            if classify_literal(left, ctx.data)[0] or classify_literal(right, ctx.data)[0]:
                continue  # a list or tuple of constants (a word list), not a secret
            lt, rt = (_interpolations(n, idx) if is_interpolated(n) else idx.text(n, 200)
                      for n in (left, right))
            if any(t.startswith(("len(", "len ", "typeof ")) or t.endswith((".length", ".size"))
                   for t in (lt, rt)):
                continue
            if any(w in PAIRED_INPUT for t in (lt, rt) for w in words(t.rsplit(".", 1)[-1])):
                continue
            if _numbered_pair(lt, rt):
                continue  # `password != password2`: a form's two entries of one value
            ls, lh = secret_operand(lt)
            rs, rh = secret_operand(rt)
            if not (ls or rs):
                flow = flow or Flow(idx)
                ls = _configured_name(lt, flow, compare_func(node, idx)) and secret_operand(lt.lower())[0]
                rs = _configured_name(rt, flow, compare_func(node, idx)) and secret_operand(rt.lower())[0]
                if not (ls or rs):
                    continue
            if re.match(r"^(__eq__|__ne__|Equal|equals|Equals|isEqual)$",
                        function_name(idx, compare_func(node, idx))):
                continue  # value equality of credential objects, not a check of client input
            if _in_orm_filter(node, idx) or any(t[:1].isupper() and "." in t and idx.lang == "python"
                                                for t in (lt, rt)):
                continue
            if _looked_up_by(lt, rt, node, idx) or _looked_up_by(rt, lt, node, idx):
                continue  # the record was found by this very value: the compare leaks nothing
            is_hash = lh or rh
            sev = "low" if is_hash else None
            yield self.finding(
                ctx.path, line,
                f"{idx.text(left, 200)} {op} {idx.text(right, 200)}: secret compared in "
                f"non-constant time; use a constant-time "
                f"comparison", column=node.start_point[1] + 1, snippet=ctx.line_text(line),
                severity=sev)


_NUMBERED = re.compile(r"^([A-Za-z_]\w*?)_?(\d)$")


def _numbered_pair(a: str, b: str) -> bool:
    """Two names that differ only by a trailing number (`password` and `password2`, `pass1` and
    `pass2`): the same field typed twice in one request, compared to catch a typo. A stored
    secret and a presented one have different names (`user.Password`, `password`)."""
    if a == b or not (_NUMBERED.match(a) or _NUMBERED.match(b)):
        return False
    ma, mb = _NUMBERED.match(a), _NUMBERED.match(b)
    return (ma.group(1) if ma else a) == (mb.group(1) if mb else b)


def compare_func(node, idx) -> int:
    p = node.parent
    while p is not None and not (p.type in FUNC_TYPES and p.is_named):
        p = p.parent
    return p.start_byte if p is not None else MODULE


_LOOKUP = re.compile(r"(?i)(^|\.)(where|find\w*|first|take|get\w*|filter\w*|query\w*|select\w*|"
                     r"scan|one|fetch\w*|load\w*)$")


def _looked_up_by(field: str, value: str, node, idx) -> bool:
    """`client.Token == token` after the function fetched `client` with a query on `token`
    (`db.Where("token = ?", token).Find(client)`, `client := repo.GetByToken(token)`): the
    store already matched the value, so the comparison re-checks a match and its timing
    tells an attacker nothing the lookup did not."""
    rec, _, attr = field.partition(".")
    if not attr or not re.fullmatch(r"\w+", rec) or not re.fullmatch(r"\w+", value):
        return False
    func, line = compare_func(node, idx), node.start_point[0] + 1
    has_value = re.compile(rf"\b{re.escape(value)}\b")
    has_rec = re.compile(rf"\b{re.escape(rec)}\b")
    for call in idx.calls:
        if call.line > line or not _LOOKUP.search(call.callee) or \
                compare_func(call.node, idx) != func:
            continue
        args = call.node.child_by_field_name("arguments")
        text = idx.text(call.node, 600)
        if args is None or not has_value.search(text):
            continue
        if has_rec.search(idx.text(args, 300)):
            return True  # the record is filled by the query (`Find(client)`)
        stmt = call.node.parent
        while stmt is not None and stmt.type in ("expression_list", "await", "await_expression",
                                                  "selector_expression", "call_expression",
                                                  "call", "attribute", "member_expression"):
            stmt = stmt.parent
        if stmt is not None and stmt.type in ASSIGN_TYPES:
            left = stmt.child_by_field_name("left") or stmt.child_by_field_name("name") or \
                (stmt.named_children[0] if stmt.named_children else None)
            if left is not None and has_rec.search(idx.text(left, 200)):
                return True  # `client, err := repo.GetByToken(token)`
    return False


def _in_orm_filter(node, idx) -> bool:
    p = node.parent
    hops = 0
    while p is not None and hops < 4:
        if p.type in ("argument_list", "arguments"):
            call = p.parent
            fn = call.child_by_field_name("function") if call is not None else None
            if fn is not None and idx.text(fn, 200).rsplit(".", 1)[-1] in ORM_CALLS:
                return True
        p, hops = p.parent, hops + 1
    return False
