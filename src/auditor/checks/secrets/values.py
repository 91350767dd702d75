"""What a secret looks like: known key formats, names that say secret, and placeholder values."""
from __future__ import annotations

import base64
import json
import math
import re
from collections import Counter
from functools import lru_cache

from auditor.checks.treeutil import words

STRONG = {"secret", "password", "passwd", "pwd", "passphrase", "credential", "credentials"}
KEYISH = {("api", "key"), ("private", "key"), ("signing", "key"), ("master", "key"),
          ("access", "key"), ("secret", "key"), ("encryption", "key"), ("hmac", "key"),
          ("jwt", "key"), ("auth", "key"), ("client", "secret"), ("auth", "token"),
          ("access", "token"), ("refresh", "token"), ("bearer", "token"), ("api", "token"),
          ("webhook", "secret"), ("session", "key"), ("admin", "key"), ("admin", "token")}
EXCLUDE = {"type", "url", "uri", "endpoint", "header", "headers", "name", "field", "env", "var",
           "path", "file", "length", "len", "prefix", "suffix", "regex", "pattern", "label",
           "placeholder", "hint", "message", "msg", "error", "min", "max", "expiry", "expires",
           "ttl", "lifetime", "duration", "column", "param", "query", "cookie", "storage", "kind",
           "format", "mode", "hash", "hashed", "policy", "count", "route", "input", "id", "ids",
           "description", "title", "text", "help", "desc", "required", "enabled", "display",
           "strength", "rotation", "reset", "confirm", "confirmation", "new", "old", "current",
           "show", "visible", "icon", "expiration", "at", "status", "scope", "scopes", "usage",
           "created", "updated", "last", "used", "validation", "valid", "invalid", "location",
           "rules", "version", "manager", "provider", "service", "store", "vault", "cmd",
           "command", "selector", "class", "style", "test", "validator", "schema", "table",
           "disable", "disabled", "enable", "allow", "unsafe", "projection", "flag", "forgot",
           "lock", "change", "requirements", "button", "link", "enter", "prompt", "instructions",
           "warning", "dir", "algorithm", "alg"}

# Last words that make a secret-sounding name something else: the HKDF info label of a key, the
# template of the password page, the derivation salt's name.
NOT_SECRET_LAST = {"info", "template", "templates", "tpl", "page", "view", "form", "dialog",
                   "modal", "component", "event", "events", "topic", "queue", "channel", "route",
                   # an action or permission about the secret (`UserUpdatePasswordAction =
                   # "user_updated_password"`, an audit-log action name)
                   "action", "actions", "activity", "operation", "permission", "permissions"}

# Formats of long-lived credentials: a value in one of them is a secret wherever it is written.
STRONG_FORMATS = re.compile(
    r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])|(?:sk|rk)_live_[0-9a-zA-Z]{20,}|"
    r"whsec_[A-Za-z0-9]{32,}|gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,}|"
    r"glpat-[A-Za-z0-9_\-]{20}|xox[baprs]-[0-9A-Za-z-]{10,}|"
    r"hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{20,}|"
    r"-----BEGIN (?:RSA |EC |OPENSSH |DSA |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----|"
    r"AIza[0-9A-Za-z_\-]{35}|sk-(?:proj-|ant-[a-z0-9]+-)?[A-Za-z0-9_\-]{32,}|"
    r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}|npm_[A-Za-z0-9]{36}|"
    r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}|hf_[A-Za-z]{34}|"
    r"(?<![0-9])[0-9]{8,10}:AA[0-9A-Za-z_\-]{33}")
JWT = re.compile(r"eyJ[A-Za-z0-9_\-]{8,2000}\.eyJ[A-Za-z0-9_\-]{8,4000}\.[A-Za-z0-9_\-]{16,}")
# The literal start of each alternative: a literal in one of the formats puts it in the file's
# bytes (an implicit concatenation excepted: its parts are joined).
KNOWN_STARTS = (b"AKIA", b"ASIA", b"_live_", b"whsec_", b"ghp_", b"gho_", b"ghu_", b"ghs_",
                b"ghr_", b"github_pat_", b"glpat-", b"xox", b"hooks.slack.com", b"-----BEGIN ",
                b"AIza", b"sk-", b"SG.", b"npm_", b"pypi-", b"hf_", b":AA", b"eyJ")
FAKE_KEY = re.compile(r"example|sample|dummy|fake|placeholder|your|xxxx|0{8}|1234567890|"
                      r"(.)\1{7}", re.IGNORECASE)
# jwt.io's example token and Supabase's public anon key: tokens meant to be read by anyone.
PUBLIC_JWT_CLAIMS = ({"sub": "1234567890", "name": "John Doe"}, {"role": "anon"})
EXAMPLE_IDENTITY = re.compile(r"@example\.(com|org|net)$|^test|\btest\b|^(john|jane) doe$",
                              re.IGNORECASE)

# the words of a value that stands for no key at all (PLACEHOLDER and ABSENT share them)
_NOT_NEEDED = r"not[-_ ]?(required|needed|used|set|configured|provided)"
_UNSET = r"unused|unset|n/?a"
PLACEHOLDER = re.compile(
    r"(your|my)[-_ ]?\w*|change[-_ ]?me|change[-_ ]?(it|this)|replace|example|place[-_ ]?holder|dummy|"
    r"please[-_ ]?set|set[-_ ]?me\b|hard[-_ ]?to[-_ ]?guess|"
    r"xxx|<[^<>]{0,200}>|\*\*\*|\.\.\.|todo|fixme|(^|[_\-.])test([_\-.]|$)|sample|^\$\{?[A-Z_]+\}?$|"
    r"^\{\{.*\}\}$|%[sv]|\{\}|\$\{\{|^fake|^mock|redacted|^none$|^null$|^nil$|^undefined$|"
    r"^false$|^true$|^secret$|^password$|^\*+$|^x+$|^-+$|^<|>$|^\[.*\]$|^\(.*\)$|"
    # a value that describes what to put there: `SESSION_SECRET=random_string`
    r"^(a[-_ ]?)?(random|long|strong|secure)[-_ ]?(random[-_ ]?)?(string|value|secret|key|token|"
    r"chars?|characters|text|password|phrase)s?$|"
    # a value that says no key is needed (`LLM_API_KEY || "not-required"` for a server that
    # takes none), data of an email template's preview, an emulator's fixed credential
    + _NOT_NEEDED + r"|^(" + _UNSET + r")$|preview|emulat(e|ed|or)",
    re.IGNORECASE)
# A value that says there is no key at all: a fallback of this kind guards nothing.
ABSENT = re.compile(_NOT_NEEDED + "|" + _UNSET + r"|none|no[-_ ]?(key|token|secret|auth|password)",
                    re.IGNORECASE)
IDENTIFIER_LIKE = re.compile(r"^[a-z][a-z0-9]*(?:[_.:\-][a-z0-9]+)*$")
# (acronyms among the words: `LastFMSessionKey`, `APIKeyHeader`, a property's name)
CAMEL_WORD = re.compile(r"^(?:[A-Z]{2,5}(?=[A-Z][a-z])|[A-Z]?[a-z]+)"
                        r"(?:[A-Z]{2,5}(?=[A-Z][a-z]|$)|[A-Z][a-z]+)*$")
# A camelCase name with short numbers among its words: `cadenceTouch1BusinessDays`, `step2Label`
# (a field name, however long; a generated key does not run in words of 3+ lower-case letters).
CAMEL_IDENT = re.compile(r"^[a-z]{2,}(?:[A-Z][a-z]{2,}|[0-9]{1,3})+$")
HEADER_NAME = re.compile(r"^(?:[A-Z][A-Za-z]*|X)(?:-[A-Za-z]+)+$")  # Content-Type, X-Request-ID
# account.lockPassword (an i18n message id with hyphens, `message.no-match-password`, is one
# when it spells its key's name: hardcoded_secret._message_key)
DOTTED_PATH = re.compile(r"^[A-Za-z_][A-Za-z_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$")
RULE_LIST = re.compile(r"^[a-z_]+(?::[\w,.]+)?(?:\|[a-z_]+(?::[\w,.]+)?)+$")  # required|min:6
SCOPE = re.compile(r"^[a-z][a-z_\-]*:[a-z_*\-]+$")  # book:create, read:users
ENUM_VALUES = {"same-origin", "include", "omit", "no-cors", "cors", "same-site", "strict", "lax",
               "required", "optional", "bearer", "basic", "none", "hidden", "password", "text"}
# Passwords that every image and tutorial ships with: a local service's default, not a secret of
# anyone's; a finding only in a file that says it configures production.
WELL_KNOWN = {"postgres", "postgresql", "root", "admin", "password", "mysql", "redis", "guest",
              "secret", "changeme", "123456", "12345678", "example", "test", "dev", "minio",
              "minioadmin", "sa", "pass", "default", "mongo", "rabbitmq", "user", "letmein",
              "admin123", "password123", "toor", "qwerty"}
DEV_MARK = re.compile(r"(^|[_\-.])(dev|devel|development|local|localhost|insecure|dummy|test|"
                      r"testing)([_\-.]|$)", re.IGNORECASE)


def entropy(s: str) -> float:
    if not s:
        return 0.0
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values())


@lru_cache(maxsize=4096)
def secret_name(name: str) -> str:
    """'strong', 'key', 'weak' (a bare `key`: the field name of a lookup table as often as a key)
    or '' for a binding name."""
    ws = words(name.rsplit(".", 1)[-1])
    if not ws or any(w in EXCLUDE for w in ws):
        return ""
    if ws[-2:] == ["token", "key"] or ws[-1] in NOT_SECRET_LAST:
        return ""  # `SessionKeyDeriveInfo`, `SetPasswordTemplate`: a word about the secret
    if any(w in STRONG for w in ws):
        return "strong"
    pairs = set(zip(ws, ws[1:]))
    if pairs & KEYISH or ws[-1] in ("token", "apikey", "privatekey", "secretkey") or \
            ws in (["pat"], ["dsn"]):
        return "key"
    if ws == ["key"]:
        return "weak"
    return ""


def known_format(value: str, *, jwt: bool = True) -> str:
    """The matched text of a credential format in `value` ('' when none, or when it spells an
    example). JWTs count when `jwt` is true and their claims are not a public example's."""
    m = STRONG_FORMATS.search(value)
    if m and not FAKE_KEY.search(m.group(0)) and not _pem_armor_only(m, value):
        return m.group(0)
    if jwt:
        j = JWT.search(value)
        if j and not _public_jwt(j.group(0)):
            return j.group(0)
    return ""


_PEM_BODY = re.compile(r"[A-Za-z0-9+/]{16}")


def _pem_armor_only(m: re.Match, value: str) -> bool:
    """A PEM `-----BEGIN ... PRIVATE KEY-----` line with no key after it: the armor a program
    wraps around a key it reads from its configuration (`pem.Decode("-----BEGIN RSA PRIVATE
    KEY-----\\n" + conf.Key + ...)`), not a key. RFC 7468: the base64 body follows the line."""
    return m.group(0).startswith("-----BEGIN") and not _PEM_BODY.search(value, m.end())


def _public_jwt(token: str) -> bool:
    try:
        part = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except Exception:  # noqa: BLE001 - not decodable: not a JWT, so nothing to report as one
        return True
    if not isinstance(claims, dict):
        return True
    if any(all(claims.get(k) == v for k, v in ex.items()) for ex in PUBLIC_JWT_CLAIMS):
        return True
    # a token minted for tests or documentation: example identities
    return any(isinstance(v, str) and EXAMPLE_IDENTITY.search(v) for v in claims.values())


def private_key(value: str) -> bool:
    return "PRIVATE KEY" in value


def random_looking(v: str) -> bool:
    """A generated key: long, letters and digits mixed, high entropy, not a camelCase name nor
    words joined by punctuation (a cookie's name, `__Secure-better-auth.session-token.1`)."""
    return len(v) >= 16 and entropy(v) >= 3.5 and bool(re.search(r"\d", v)) and \
        bool(re.search(r"[A-Za-z]", v)) and not any(ch.isspace() for ch in v) and \
        not CAMEL_IDENT.fullmatch(v) and not _joined_words(v)


def _joined_words(v: str) -> bool:
    """Two or more parts between `-`, `_`, `.` or `:`, each letters only, a number of at most
    three digits or a version (`v2`): a name spelled in words (`spoolman-v2-theme`, a storage
    key), where a generated key mixes letters and digits within its parts
    (`xaat-c0704be6-e942`, base64)."""
    parts = [p for p in re.split(r"[-_.:]+", v) if p]
    return len(parts) >= 2 and any(p.isalpha() and len(p) >= 3 for p in parts) and all(
        p.isalpha() or (p.isdigit() and len(p) <= 3) or re.fullmatch(r"[vV]\d{1,3}", p)
        for p in parts)


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def is_email(v: str) -> bool:
    """`admin@leaflock.app`: an address (split at its one `@`, the host at its dots; no
    pattern, so nothing backtracks over the text)."""
    local, at, host = v.partition("@")
    if not at or not local or "@" in host:
        return False
    labels = host.split(".")
    return len(labels) >= 2 and all(lb and set(lb) <= _WORD_CHARS for lb in labels) and \
        set(local) <= _WORD_CHARS | {".", "+"}


def _charset(v: str) -> bool:
    """The alphabet of a generator or a policy: whole character classes put together
    (`0123456789`, `abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ`), or ten and more
    punctuation marks (`!@#$%^&*()-_=+`). Not a run of a few (`123456` is a password)."""
    if len(v) >= 10 and all(not ch.isalnum() for ch in v):
        return True
    rest = v
    for cls in _CLASSES:
        rest = rest.replace(cls, "")
    return rest != v and not rest.strip("!@#$%^&*()-_=+[]{};:,.<>/?~")


_CLASSES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def judge_value(value: str, kind: str) -> str:
    """'' (not a secret) or a severity for a literal bound to a secret name of `kind`."""
    v = value.strip()
    if known_format(v):
        return "high"
    if not kind:
        return ""
    if len(v) < 6 or len(v) > 400 or any(ch.isspace() for ch in v) or not v.isascii():
        return ""
    if re.fullmatch(r"(\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2})+", v):
        return ""  # escaped characters: an icon font's glyph (`"fa-user-secret": "\uf21b"`)
    if kind == "weak":
        return "high" if random_looking(v) and not PLACEHOLDER.search(v) else ""
    if PLACEHOLDER.search(v) or re.fullmatch(r"_*[A-Z][A-Z0-9_]{2,}", v) or CAMEL_WORD.fullmatch(v):
        return ""
    if v.lower() in ENUM_VALUES or HEADER_NAME.fullmatch(v) or DOTTED_PATH.fullmatch(v) or \
            SCOPE.fullmatch(v):
        return ""
    if v.startswith(("/", "http://", "https://", "./", "../", "$", "{", "#", "@")) or \
            re.fullmatch(r"[\w.\-]+\.(json|pem|key|txt|yaml|yml|crt|p12|pfx|jks)", v):
        return ""
    if _charset(v) or is_email(v):
        return ""  # a character class (`PasswordNumbers = "0123456789"`) or an address
    if RULE_LIST.fullmatch(v):
        return ""  # a validation rule list (`required|min:6`), not a password
    if sum(v.count(ch) for ch in "[]()\\^$*+?{}|") >= 2:
        return ""  # a regular expression or a code snippet, not a key
    if IDENTIFIER_LIKE.fullmatch(v) and not re.search(r"\d", v):
        return "medium" if kind == "strong" and len(v) >= 8 else ""
    if entropy(v) < 2.5:
        return ""
    return "high"


def names_itself(value: str, name: str) -> bool:
    """A value that spells its own key (`db_password: db_password`, `API_KEY=api-key`): a
    placeholder to fill in."""
    norm = re.sub(r"[^a-z0-9]", "", value.lower())
    own = re.sub(r"[^a-z0-9]", "", (name or "").rsplit(".", 1)[-1].lower())
    # (or the tail of it: `StateMFAOTPSecretCreation = "mfa_otp_secret_creation"`, an enum's
    # value spelling its constant's name without the type's prefix)
    if bool(norm) and (norm == own or len(norm) >= 12 and own.endswith(norm)):
        return True
    # a secret manager's path whose last segment spells the key (`GithubToken =
    # 'conduit/github-token'`): the name of the entry the deployment looks up, not its value
    tail = re.sub(r"[^a-z0-9]", "", value.strip().rsplit("/", 1)[-1].lower()) \
        if "/" in value.strip() and " " not in value.strip() else ""
    return bool(tail) and tail == own


def dsn_without_credentials(value: str) -> bool:
    """A connection string that carries no password (`:memory:?cache=shared`, `sqlite:///app.db`,
    `postgres://db:5432/app`): a location, not a secret."""
    v = value.lower()
    return not re.search(r"://[^/@\s]*:[^/@\s]+@|password=|pwd=|:[^:@/\s]+@[\w.\-]+[:/]", v)


def placeholder(value: str) -> bool:
    """A documented placeholder: `changeme`, `<your-key>`, `${VAR}`, `your-secret-here`."""
    v = value.strip()
    return not v or bool(PLACEHOLDER.search(v))


def mask(line: str, value: str) -> str:
    if len(value) >= 6:
        return line.replace(value, value[:3] + "*" * min(8, len(value) - 3))
    return line


def masked(value: str) -> str:
    """A secret as reports show it: its first characters only."""
    return value[:3] + "*" * min(8, max(3, len(value) - 3)) if len(value) >= 6 else "*" * len(value)
