"""A non-cryptographic random generator producing a token, key, code, salt, nonce or password.

What it finds:
Go `math/rand`, Python's `random` module and JavaScript `Math.random()` whose result is stored
into, returned as, or passed as something secret: a token, key, secret, password, salt, nonce,
OTP or verification/reset code, session or CSRF value (judged by the name of the target or of
the enclosing function). Names are resolved through the file's imports, whatever their alias:
`crand "crypto/rand"` is crypto/rand and `mrand "math/rand"` is math/rand, `import random as rnd`
makes `rnd.choice` weak and `from secrets import choice` makes a bare `choice()` secure,
`const { randomBytes: rb } = require("crypto")` makes `rb()` secure; generator objects made from
a weak module (`r := mrand.New(...)`, `rng = random.Random(seed)`) are weak too. Jitter,
sampling, shuffling and test data are not findings, nor are `crypto/rand`, `secrets`,
`os.urandom`, `random.SystemRandom` and `crypto.randomBytes` / `crypto.randomUUID` (recorded as
evidence in `facts.extra["crypto_evidence"]`).

Why it matters:
These generators are predictable: their state can be recovered from a few outputs or guessed
from the seed, so the "random" token can be reproduced by an attacker (CWE-330, CWE-338).

Example:
    code := fmt.Sprintf("%06d", rand.Intn(1000000)) // math/rand

Fix:
Use `crypto/rand` (Go), `secrets.token_urlsafe()` / `secrets.randbelow()` (Python),
`crypto.randomBytes()` / `crypto.randomInt()` (Node).
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import (MODULE, bound_target, file_index, function_name, import_map,
                                     imports_matching, resolve_imported, words)
from auditor.checks.treeutil import LazyList as _Lazy
from auditor.model import Finding

SECRET_WORDS = {"token", "key", "secret", "password", "passwd", "pwd", "salt", "nonce", "otp",
                "code", "pin", "session", "csrf", "apikey", "invite", "reset", "verification",
                "iv", "seed", "passphrase", "challenge", "state", "credential"}
NOT_SECRET = {"color", "colour", "jitter", "delay", "backoff", "sleep", "shuffle", "sample",
              "mock", "fake", "demo", "animation", "position", "offset", "status", "country",
              "zip", "postal", "area", "keyframe", "keyframes", "retry", "timeout", "width",
              "height", "index", "chart", "percentage", "percent", "progress", "count",
              "variance", "multiplier", "weight"}
# In a browser component a `key` is a list item's identity for the renderer, a `token` or a
# `seed` a value that forces a refetch or a re-render: only the words of a credential the page
# could send (a CSRF token, an OAuth state or nonce, a password) make its random value secret.
UI_SECRET_WORDS = {"secret", "password", "passwd", "pwd", "salt", "nonce", "otp", "csrf",
                   "apikey", "passphrase", "credential", "state"}
_UI_IMPORT = re.compile(r"^(react|react-dom|preact|vue|svelte|solid-js|@angular/core|"
                        r"react-admin|next/(link|router|navigation|image))(/|$)")


def _browser_ui(ctx) -> bool:
    """A component of a browser UI: JSX (`.jsx`, `.tsx`), or a module importing a UI framework."""
    if ctx.path.endswith((".jsx", ".tsx")):
        return True
    if ctx.language not in ("javascript", "typescript"):
        return False
    return imports_matching(ctx, _UI_IMPORT)


PY_FUNCS = {"random", "randint", "randrange", "choice", "choices", "sample", "getrandbits",
            "uniform", "shuffle", "randbytes"}
GO_FUNCS = {"Intn", "Int", "Int63", "Int31", "Int31n", "Int63n", "Uint32", "Uint64", "Float64",
            "Read", "Perm", "IntN", "N", "Uint64N"}
GOOD = re.compile(r"^(secrets\.\w+|os\.urandom|crypto\.(randomBytes|randomUUID|randomInt|"
                  r"getRandomValues)|ed25519\.GenerateKey|(random\.)?SystemRandom)$")
GO_WEAK = {"math/rand", "math/rand/v2"}
PY_WEAK = {"random", "numpy.random"}
NUMPY_FUNCS = {"rand", "randn", "random_sample", "bytes", "integers"}
# what a JS/TS callee is bound to by the imports (`rb` from `import { randomBytes as rb } from
# "crypto"` is `crypto.randomBytes`)
JS_GOOD = re.compile(r"^crypto\.(randomBytes|randomUUID|randomInt|randomFillSync|randomFill|"
                     r"getRandomValues|webcrypto\.getRandomValues)$|^nanoid(\.nanoid)?$|^uuid\.v4$")
JS_WEAK = re.compile(r"^lodash(/random|/sample|/shuffle|\.(random|sample|sampleSize|shuffle))$|"
                     r"^nanoid/non-secure\b|^random-js\b|^seedrandom\b")


class InsecureRandom(Rule):
    __doc__ = __doc__
    id = "insecure-random"
    name = "InsecureRandom"
    category = "insecure-random"
    cwe = ("CWE-330", "CWE-338")
    severity = "high"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("go", 'package a\n\nimport "math/rand"\n\nfunc NewToken() int {\n\treturn rand.Int()\n}\n'),
        Example("python", 'import random\n\ndef otp():\n    code = random.randint(100000, 999999)\n    return code\n'),
        Example("typescript", 'export const resetToken = () => Math.random().toString(36).slice(2);\n'),
        Example("go", 'package a\n\nimport (\n\tcrand "crypto/rand"\n\tmrand "math/rand"\n)\n\n'
                      'func NewAPIToken(b []byte) string {\n\t_, _ = crand.Read(b)\n'
                      '\ttoken := mrand.Int63()\n\treturn fmt.Sprint(token)\n}\n'),
        Example("python", 'import random as rnd\n\ndef make_reset_token():\n'
                          '    token = "".join(rnd.choice("abcdef0123456789") for _ in range(32))\n'
                          '    return token\n'),
    ]
    negative = [
        Example("go", 'package a\n\nimport "crypto/rand"\n\nfunc NewToken(b []byte) {\n\trand.Read(b)\n}\n'),
        Example("python", 'import random\n\ndef make_token():\n'
                          '    return "%032x" % random.SystemRandom().getrandbits(128)\n'),
        Example("go", 'package a\n\nimport (\n\tcrand "crypto/rand"\n)\n\n'
                      'func NewResetToken(b []byte) {\n\tcrand.Read(b)\n}\n'),
        Example("python", 'import random\nfrom secrets import choice\n\ndef make_token():\n'
                          '    token = "".join(choice("abcdef0123456789") for _ in range(32))\n'
                          '    return token\n'),
        Example("javascript", "const crypto = require('crypto');\n"
                              "function makeResetToken() {\n"
                              "  const token = crypto.randomBytes(32).toString('hex');\n"
                              "  return token;\n}\n"),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        idx = file_index(ctx)
        if idx is None:
            return
        evidence = _Lazy(ctx.facts.extra, "crypto_evidence")
        kinds = _Kinds(idx, import_map(ctx))
        ui = None
        for call in idx.calls:
            kind = kinds.of(call)
            if kind == "good":
                evidence.append({"kind": "secure-random", "call": call.callee, "line": call.line})
                continue
            if kind != "weak":
                continue
            target = bound_target(_outermost(call.node), idx)
            fname = function_name(idx, call.func)
            ws = set(words(target)) | set(words(fname))
            if ui is None:
                ui = _browser_ui(ctx)
            secret_words = UI_SECRET_WORDS if ui else SECRET_WORDS
            secret = bool(ws & secret_words) and not ws & NOT_SECRET and not (
                ws & {"state"} and not ws & (secret_words - {"state"}) and "oauth" not in ws)
            stored = not secret and _stored_as_credential(idx, call.func, target)
            what = target or fname
            if secret or stored:
                sev, why = None, (f"produces '{what}'" if secret else
                                  f"produces '{what}', stored in a session or cookie")
            else:
                # never silent: a value no name marks as a secret (a shuffle, a jitter) is low
                sev, why = ("info" if ws & NOT_SECRET else "low"), (
                    f"produces '{what}'" if what else "is used")
            if sev is None and secret and _generator_script(ctx.path) and \
                    not set(words(target)) & SECRET_WORDS:
                # a seeder filling a database with sample rows: a function named for the data
                # it makes (generateEventsForSession) is not a credential; a value named as one
                # (`password = random...`) still is
                sev, why = "low", why + " in a seeder, outside the served code"
            yield self.finding(
                ctx.path, call.line, f"{call.callee}() is not cryptographically secure but {why}",
                column=call.node.start_point[1] + 1, snippet=ctx.line_text(call.line),
                severity="info" if ctx.is_test else sev)


_GENERATOR_DIR = re.compile(r"(^|/)(seeds?|seeders?|seeding)(/|$)|"
                            r"(^|/)seed[^/]*\.(go|py|ts|js|mjs|cjs)$")


def _generator_script(path: str) -> bool:
    return bool(_GENERATOR_DIR.search(path))


def _stored_as_credential(idx, func, target: str) -> bool:
    """The value is stored where it authenticates: a session entry or a cookie."""
    if not target or not target.isidentifier():
        return False
    fn = idx.funcs.get(func)
    if fn is None:
        return False
    body = idx.text(fn)
    t = re.escape(target)
    return bool(re.search(rf"\w*session\w*\[[^\]]*\]\s*=\s*{t}\b|"
                          rf"(set_cookie|cookie|Cookie|SetCookie)\([^)]*\b{t}\b|"
                          rf"\w*(session|Session)\w*\.(Set|Put|set)\([^)]*\b{t}\b", body))


class _Kinds:
    """Which calls of a file draw from a weak generator ("weak") or a secure one ("good"),
    judged by what each name is bound to by the file's imports: `crand "crypto/rand"` is
    crypto/rand whatever its alias, `import random as rnd` makes `rnd.choice` weak, `from secrets
    import choice` makes a bare `choice()` secure. Generator objects made from a weak module
    (`r := mrand.New(...)`, `rng = random.Random(seed)`) are weak receivers too."""

    def __init__(self, idx, imports: dict):
        self.idx, self.imports, self.lang = idx, imports, idx.lang
        # (function key, name) -> "weak" | "good": generator objects, per function (a Go `r`
        # is a generator in one function and a request or reader in the next); MODULE for
        # package- and module-level ones and for attributes (`self.rng`)
        self.objects: dict = {}
        for call in idx.calls:
            made = self._generator(call)
            if made:
                target = bound_target(call.node, idx)
                if target:
                    scope = MODULE if "." in target or call.func == MODULE else call.func
                    self.objects.setdefault((scope, target), made)

    def _object(self, call) -> str:
        return self.objects.get((call.func, call.receiver)) or \
            self.objects.get((MODULE, call.receiver), "")

    def _module(self, receiver: str) -> str:
        return resolve_imported(receiver, self.imports) if receiver else ""

    def _generator(self, call) -> str:
        mod = self._module(call.receiver)
        if self.lang == "go":
            return "weak" if mod in GO_WEAK and call.name == "New" else ""
        if self.lang == "python":
            if mod in PY_WEAK and call.name in ("Random", "default_rng", "RandomState"):
                return "weak"
            if call.name == "SystemRandom":
                return "good"
        return ""

    def of(self, call) -> str:
        name, receiver = call.name, call.receiver
        if GOOD.match(call.callee):
            return "good"
        if self.lang == "go":
            mod = self._module(receiver)
            if mod == "crypto/rand":
                return "good"
            if (mod in GO_WEAK or self._object(call) == "weak") and name in GO_FUNCS:
                return "weak"
            return ""
        if self.lang == "python":
            if receiver:
                mod = self._module(receiver)
                obj = self._object(call)
                if mod == "secrets" or obj == "good" or receiver.endswith("SystemRandom()"):
                    return "good"
                if (mod in PY_WEAK or obj == "weak") and name in PY_FUNCS | NUMPY_FUNCS:
                    return "weak"
                return ""
            bound = self.imports.get(name, "")
            mod, _, member = bound.rpartition(".")
            if mod == "secrets":
                return "good"
            if mod in PY_WEAK and member in PY_FUNCS:
                return "weak"
            return ""
        if call.callee == "Math.random":
            return "weak"
        bound = resolve_imported(call.callee, self.imports)
        if JS_GOOD.match(bound):
            return "good"
        if JS_WEAK.match(bound):
            return "weak"
        return ""


def _outermost(node):
    """Climb through calls, formatting and arithmetic that wrap the random value."""
    p = node
    for _ in range(8):
        q = p.parent
        if q is None or q.type not in ("call_expression", "call", "argument_list", "arguments",
                                       "binary_expression", "binary_operator", "member_expression",
                                       "attribute", "selector_expression", "parenthesized_expression",
                                       "interpolation", "template_substitution", "template_string",
                                       "string", "expression_list", "generator_expression",
                                       "list_comprehension", "for_in_clause", "subscript"):
            return p
        p = q
    return p
