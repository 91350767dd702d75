"""A non-cryptographic random generator producing a token, key, code, salt, nonce or password.

What it finds:
Go `math/rand`, Python's `random` module and JavaScript `Math.random()` whose result is stored
into, returned as, or passed as something secret: a token, key, secret, password, salt, nonce,
OTP or verification/reset code, session or CSRF value (judged by the name of the target or of
the enclosing function). Jitter, sampling, shuffling and test data are not findings, nor are
`crypto/rand`, `secrets`, `os.urandom`, `random.SystemRandom` and `crypto.randomBytes` /
`crypto.randomUUID` (recorded as evidence in `facts.extra["crypto_evidence"]`).

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
from auditor.checks.treeutil import bound_target, file_index, function_name, go_import_alias, words
from auditor.checks.treeutil import LazyList as _Lazy
from auditor.model import Finding

SECRET_WORDS = {"token", "key", "secret", "password", "passwd", "pwd", "salt", "nonce", "otp",
                "code", "pin", "session", "csrf", "apikey", "invite", "reset", "verification",
                "iv", "seed", "passphrase", "challenge", "state", "credential"}
NOT_SECRET = {"color", "colour", "jitter", "delay", "backoff", "sleep", "shuffle", "sample",
              "mock", "fake", "demo", "animation", "position", "offset", "status", "country",
              "zip", "postal", "area", "keyframe", "keyframes", "retry", "timeout", "width",
              "height", "index", "chart", "percentage", "percent", "progress"}
PY_FUNCS = {"random", "randint", "randrange", "choice", "choices", "sample", "getrandbits",
            "uniform", "shuffle", "randbytes"}
GO_FUNCS = {"Intn", "Int", "Int63", "Int31", "Int31n", "Int63n", "Uint32", "Uint64", "Float64",
            "Read", "Perm", "IntN", "N", "Uint64N"}
GOOD = re.compile(r"^(secrets\.\w+|os\.urandom|crypto\.(randomBytes|randomUUID|randomInt|"
                  r"getRandomValues)|ed25519\.GenerateKey|SystemRandom)$")


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
    ]
    negative = [
        Example("go", 'package a\n\nimport "crypto/rand"\n\nfunc NewToken(b []byte) {\n\trand.Read(b)\n}\n'),
        Example("python", 'import random\n\ndef backoff(n):\n    delay = random.uniform(0, 2 ** n)\n    return delay\n'),
        Example("typescript", 'export const color = () => Math.floor(Math.random() * 255);\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        idx = file_index(ctx)
        if idx is None:
            return
        evidence = _Lazy(ctx.facts.extra, "crypto_evidence")
        weak_recv: set = set()
        if idx.lang == "go":
            alias = go_import_alias(ctx.data, "math/rand") or go_import_alias(ctx.data, "math/rand/v2")
            if alias:
                weak_recv.add(alias)
            good = go_import_alias(ctx.data, "crypto/rand")
        elif idx.lang == "python":
            if re.search(rb"(?m)^\s*import\s+random\b", ctx.data):
                weak_recv.add("random")
            from_imports = set()
            m = re.findall(rb"(?m)^\s*from\s+random\s+import\s+([\w ,]+)", ctx.data)
            for grp in m:
                from_imports |= {x.strip().decode() for x in grp.split(b",")}
        for call in idx.calls:
            if GOOD.match(call.callee) or (idx.lang == "go" and call.receiver and
                                           call.receiver == good):
                evidence.append({"kind": "secure-random", "call": call.callee, "line": call.line})
                continue
            weak = False
            if idx.lang == "go":
                weak = call.receiver in weak_recv and call.name in GO_FUNCS
            elif idx.lang == "python":
                weak = (call.receiver in weak_recv and call.name in PY_FUNCS) or \
                    (not call.receiver and call.name in from_imports and call.name in PY_FUNCS)
            else:
                weak = call.callee == "Math.random"
            if not weak:
                continue
            target = bound_target(_outermost(call.node), idx)
            fname = function_name(idx, call.func)
            ws = set(words(target)) | set(words(fname))
            if not ws & SECRET_WORDS or ws & NOT_SECRET:
                continue
            if ws & {"state"} and not ws & (SECRET_WORDS - {"state"}) and "oauth" not in ws:
                continue
            what = target or fname
            yield self.finding(
                ctx.path, call.line, f"{call.callee}() is not cryptographically secure but produces "
                f"'{what}'", column=call.node.start_point[1] + 1, snippet=ctx.line_text(call.line),
                severity="info" if ctx.is_test else None)


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
