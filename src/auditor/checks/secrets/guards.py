"""What a configured value does in the backend's own code.

- A guard: a request value (a header, a query parameter, a route parameter read from the
  request) compared with a named value (`x_admin_key != config.admin_key`,
  `c.Get("X-Admin-Key") == adminKey`, `compare_digest(token, settings.CLEANUP_TOKEN)`). The name
  of that value, whatever its spelling, makes its default a secret.
- A minimum-length validation that rejects a secret at start-up (`if len(c.JWT.Secret) < 32 {
  return fmt.Errorf("JWT_SECRET must be at least 32 characters") }`): a shorter default in a
  compose file never reaches a running backend.

Both are recorded per file (plain data in the file's facts) and joined across files by the
rule's project part.
"""
from __future__ import annotations

import re

from auditor.checks.secrets.values import EXCLUDE
from auditor.checks.treeutil import Flow, contains_any, unwrap, words

REQUESTISH = re.compile(
    r"(?i)\bheaders?\b|get_?header|\bcookies?\b|query_params|searchParams|"
    r"\.(Get|GetHeader|Query|Params|FormValue|PostFormValue|Cookies|Header\.Get)\(|"
    r"\breq\.(query|body|params|headers|header|get)\b|"
    r"\brequest\.(GET|POST|args|form|json|headers|query_params|cookies|values)\b")
PARAM_SOURCE = r"(Header|Query|Cookie|Form|Body|Security|Path)\s*\("
COMPARE_NAMES = frozenset({"compare_digest", "ConstantTimeCompare", "timingSafeEqual", "safeCompare",
                           "secureCompare", "secure_compare", "constant_time_compare",
                           "safe_str_cmp", "SecureCompare", "constantTimeEqual",
                           "timingSafeCompare"})
ENV_READ = re.compile(r"(?:getenv|Getenv|environ\.get|environ|getEnv\w*|get_env\w*|env)\s*[\(\[]\s*"
                      r"[\"'](\w+)[\"']|process\.env\.(\w+)|process\.env\[[\"'](\w+)")
LEN_CALL = re.compile(r"len\(\s*([\w.\[\]\"']{1,200}?)\s*\)\s*(<=?)\s*(\d+)")  # Go, Python
LENGTH_PROP = re.compile(r"\.length\s*(<=?)\s*(\d+)")  # JavaScript, TypeScript
_OPERAND = re.compile(r"[\w.]{1,200}$")  # what `.length` is read on, just before it
REJECT = re.compile(r"\breturn\b[^\n]*\b(err|Err|error|Error|errors\.New|fmt\.Errorf)|\bpanic\(|"
                    r"\braise\b|\bthrow\b|log\.Fatal|\.Fatal|os\.Exit|sys\.exit|process\.exit|"
                    r"\bexit\(\s*1|SystemExit|ValueError|ImproperlyConfigured")
ENV_NAME = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
MAX_RECORDS = 50
# a file (a function) that reads no request has no guard: the bytes one of these spells
REQUEST_WORDS = (b"eader", b"equest", b"req.", b"Query", b"query", b"ookie", b"aram", b"Form",
                 b".Get(", b"ctx.", b"args")


def norm(name: str) -> str:
    """`config.AdminKey`, `ADMIN_KEY`, `admin_key` -> `admin_key`."""
    last = re.split(r"[.\[\]()'\"]+", name.strip())
    last = [p for p in last if p]
    return "_".join(words(last[-1])) if last else ""


def guards(idx, data: bytes) -> list[dict]:
    """[{names, line}] of the request values compared with a named value in this file."""
    if not (b"==" in data or b"!=" in data or b"ompare" in data or b"qual" in data) or \
            not contains_any(data, REQUEST_WORDS):
        return []
    items = [(c.left, c.right, c.line, c.func) for c in idx.compares]
    for call in idx.calls:
        if call.name in COMPARE_NAMES and len(call.args) == 2:
            items.append((call.args[0], call.args[1], call.line, call.func))
    if not items:
        return []
    flow = None
    reads_request: dict[int, bool] = {}  # func -> its text reads the request somewhere
    out: list[dict] = []
    for a, b, line, func in items:
        a, b = unwrap(a), unwrap(b)
        if a is None or b is None or a.type in _NOT_NAMES or b.type in _NOT_NAMES:
            continue
        for side, other in ((a, b), (b, a)):
            if other.type not in _NAME_TYPES:
                continue
            other_text = idx.text(other, 200)
            ows = set(words(other_text.rsplit(".", 1)[-1]))
            if ows & NOT_GUARDED or not (ows & GUARD_WORDS or "getenv" in other_text.lower() or
                                         "environ" in other_text or "process.env" in other_text):
                continue  # data (an id, a name, a role, a state), not a configured key
            if not _cheap_request(idx, side, func):
                if not (other.type in ("selector_expression", "attribute", "member_expression") or
                        re.fullmatch(r"[A-Z][A-Z0-9_]+", other_text) or ENV_READ.search(other_text)):
                    continue  # the request side needs the flow: only for configuration values
                if side.type not in ("identifier", "selector_expression", "attribute",
                                     "member_expression"):
                    continue
                if func not in reads_request:
                    fn = idx.funcs.get(func)
                    reads_request[func] = fn is not None and contains_any(
                        idx.data[fn.start_byte:fn.end_byte], REQUEST_WORDS)
                if not reads_request[func]:
                    continue
                flow = flow or Flow(idx)
                try:
                    if not flow.request_culprits(side, func):
                        continue
                except RecursionError:  # pragma: no cover - bounded by the flow's depth limit
                    continue
            if _cheap_request(idx, other, func):
                continue
            text = other_text
            names = set()
            env = ENV_READ.search(text)
            if env:
                names.add("env:" + next(g for g in env.groups() if g))
            n = norm(text)
            if n and not re.fullmatch(r"[\d_]+", n):
                names.add(n)
            if names:
                out.append({"names": sorted(names), "line": line})
            break
        if len(out) >= MAX_RECORDS:
            break
    return out


_NOT_NAMES = frozenset({"nil", "none", "None", "null", "undefined", "true", "false", "integer",
                        "int_literal", "number", "float", "float_literal", "string",
                        "interpreted_string_literal", "raw_string_literal", "template_string",
                        "concatenated_string"})
_NAME_TYPES = frozenset({"identifier", "selector_expression", "attribute", "member_expression",
                         "call_expression", "call", "subscript", "index_expression",
                         "subscript_expression", "field_identifier", "property_identifier"})
PARAM_CALL = re.compile(PARAM_SOURCE)
# what the name of a value that guards a route says, whatever the spelling of its variable
GUARD_WORDS = frozenset({"key", "keys", "token", "tokens", "secret", "secrets", "pass", "password",
                         "passwd", "pwd", "passphrase", "auth", "signature", "sig", "hmac", "api",
                         "apikey", "admin", "master", "credential", "credentials", "bearer",
                         "cron", "webhook", "internal", "code", "pin", "otp", "salt"})
NOT_GUARDED = frozenset(EXCLUDE | {"user", "users", "org", "organization", "owner", "tenant",
                                   "role", "roles", "state", "method", "action", "event",
                                   "level", "page", "size", "limit", "offset", "date", "time",
                                   "timestamp", "value", "data", "body", "result", "err",
                                   "error", "ok", "code", "nonce", "origin", "host", "ip"})


def _cheap_request(idx, node, func) -> bool:
    """A request value by its text (`request.headers[...]`, `c.Get("X-Key")`) or, for a name, by
    its parameter's declaration (`x_key: str = Header(None)`)."""
    text = idx.text(node, 200)
    if REQUESTISH.search(text):
        return True
    if node.type == "identifier":
        fn = idx.funcs.get(func)
        params = fn.child_by_field_name("parameters") if fn is not None else None
        if params is not None:
            ptext = idx.text(params, 2000)
            at = ptext.find(text)
            while at >= 0:
                end = ptext.find(",", at)
                seg = ptext[at:end if end >= 0 else len(ptext)]
                if (at == 0 or not (ptext[at - 1].isalnum() or ptext[at - 1] == "_")) and \
                        PARAM_CALL.search(seg):
                    return True
                at = ptext.find(text, at + 1)
    return False


def min_lengths(text: str) -> list[dict]:
    """[{n, keys, words, line}]: a value shorter than n is rejected (an error, a panic, an
    exception); keys are the environment names the check's message or its operand spells."""
    if "len(" not in text and ".length" not in text:
        return []
    out: list[dict] = []
    found = []
    if "len(" in text:
        found += [(m, m.group(1), m.group(2), int(m.group(3))) for m in LEN_CALL.finditer(text)
                  if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")]
    if ".length" in text:
        found += [(m, None, m.group(1), int(m.group(2))) for m in LENGTH_PROP.finditer(text)]
    for m, expr, op, n in found:
        if n < 8 or n > 512:
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = start
        for _ in range(4):  # this line and the next three
            nxt = text.find("\n", end + 1)
            end = len(text) if nxt < 0 else nxt
        window = text[start:end]
        if not REJECT.search(window):
            continue
        if expr is None:
            before = _OPERAND.search(text[max(start, m.start() - 200):m.start()])
            expr = before.group(0) if before else ""
        prev = text.rfind("\n", 0, max(0, start - 1)) + 1
        around = text[prev:end]
        keys = sorted(set(ENV_NAME.findall(around)) | {g for t in ENV_READ.findall(around)
                                                        for g in t if g})
        out.append({"n": n + 1 if op == "<=" else n, "keys": keys,
                    "words": sorted(set(words(expr))), "line": text.count("\n", 0, m.start()) + 1})
        if len(out) >= MAX_RECORDS:
            break
    return out


def rejected(key: str, length: int, minlens: list[dict]) -> dict | None:
    """The validation that rejects a value of `length` characters configured as `key`."""
    kw = words(key)
    for rec in minlens:
        if length >= rec["n"]:
            continue
        if key in rec["keys"] or (len(kw) >= 2 and set(kw) <= set(rec["words"])):
            return rec
    return None
