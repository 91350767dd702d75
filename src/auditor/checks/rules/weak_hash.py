"""MD5 or SHA-1 used for a security purpose, or a fast unsalted hash of a password.

What it finds:
`md5`/`sha1` hashing (Go `md5.Sum`/`sha1.New`, Python `hashlib.md5`/`hashlib.new("sha1")`,
Node `createHash("md5")`) whose input, result name or enclosing function says it protects
something: a password, token, secret, key, signature, session or credential; and any fast hash
(SHA-2 and friends) applied directly to a password, which is unsalted and cheap to brute-force.
Checksums, ETags, cache keys and other non-security uses of MD5 are not reported, nor is
`usedforsecurity=False`, nor HMAC-SHA1. bcrypt, argon2, scrypt and PBKDF2 are recognised as
correct password hashing, and SHA-256 of API keys as the expected practice; both are recorded
as evidence (`facts.extra["crypto_evidence"]`) for the checklist.

Why it matters:
MD5 and SHA-1 have practical collisions (CWE-327), and any fast hash lets a stolen password
table be cracked at billions of guesses per second (CWE-916).

Example:
    h := md5.Sum([]byte(password))

Fix:
Hash passwords with bcrypt, argon2id or scrypt; use SHA-256 or HMAC-SHA-256 for tokens and
signatures.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import bound_target, file_index, function_name, literal, unwrap, words
from auditor.checks.treeutil import LazyList as _Lazy
from auditor.model import Finding

WEAK = re.compile(r"^(md5|sha1|MD5|SHA1|md4|MD4)$")
FAST = re.compile(r"^(sha256|sha512|sha224|sha384|sha3_256|sha3_512|Sum256|Sum512|blake2b|"
                  r"blake2s|SHA256|SHA512)$", re.IGNORECASE)
SECURITY = {"password", "passwd", "pwd", "secret", "token", "key", "signature", "sign", "auth",
            "credential", "credentials", "session", "otp", "salt", "apikey", "hmac",
            "jwt", "login", "verify"}
NON_SECURITY = {"etag", "cache", "checksum", "gravatar", "avatar", "filename", "file", "content",
                "dedup", "color", "colour", "bucket", "shard", "partition", "fingerprint", "idempotency"}
GOOD = re.compile(r"(bcrypt|argon2|scrypt|pbkdf2|PBKDF2|GenerateFromPassword|CompareHashAndPassword|"
                  r"hashpw|checkpw|CryptContext|PasswordHasher)")


class WeakHash(Rule):
    __doc__ = __doc__
    id = "weak-hash"
    name = "WeakHash"
    category = "weak-hash"
    cwe = ("CWE-327", "CWE-916")
    severity = "medium"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("go", 'package a\n\nimport "crypto/md5"\n\nfunc H(password string) [16]byte {\n'
                      '\treturn md5.Sum([]byte(password))\n}\n'),
        Example("python", 'import hashlib\n\ndef store(password):\n'
                          '    return hashlib.sha256(password.encode()).hexdigest()\n'),
        Example("typescript", 'import crypto from "crypto";\nexport const sign = (token: string) =>\n'
                              '  crypto.createHash("sha1").update(token).digest("hex");\n'),
    ]
    negative = [
        Example("go", 'package a\n\nimport "crypto/md5"\n\nfunc ETag(body []byte) [16]byte {\n'
                      '\treturn md5.Sum(body)\n}\n'),
        Example("python", 'import hashlib\n\ndef hash_api_key(api_key):\n'
                          '    return hashlib.sha256(api_key.encode()).hexdigest()\n'),
        Example("typescript", 'import bcrypt from "bcrypt";\nexport const h = (password: string) =>\n'
                              '  bcrypt.hash(password, 12);\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        idx = file_index(ctx)
        if idx is None:
            return
        evidence = _Lazy(ctx.facts.extra, "crypto_evidence")
        for call in idx.calls:
            algo = self._algorithm(call, idx)
            if GOOD.search(call.callee):
                evidence.append({"kind": "password-hash", "algorithm": call.name, "line": call.line})
                continue
            if not algo:
                continue
            if "usedforsecurity" in call.kwargs:
                continue
            args_text = " ".join(idx.text(a, 200) for a in call.args) + " " + \
                self._update_text(call, idx)
            target = bound_target(call.node, idx)
            fname = function_name(idx, call.func)
            ctx_words = set(words(args_text)) | set(words(target)) | set(words(fname))
            password = bool(ctx_words & {"password", "passwd", "pwd", "passphrase"})
            if ctx_words & NON_SECURITY and not password:
                continue
            if WEAK.match(algo):
                if not ctx_words & SECURITY:
                    continue
                sev = "high" if password else "medium"
                msg = f"{algo.upper()} used for {'a password' if password else 'a security value'}"
            elif FAST.match(algo):
                if not password:
                    if ctx_words & {"key", "apikey", "token"}:
                        evidence.append({"kind": "key-hash", "algorithm": algo, "line": call.line})
                    continue
                if ctx_words & {"salt", "salted"}:
                    sev = "medium"
                else:
                    sev = "high"
                msg = f"fast hash {algo} of a password (no work factor)"
            else:
                continue
            yield self.finding(ctx.path, call.line, msg + "; use bcrypt/argon2 for passwords, "
                               "SHA-256/HMAC for other values", column=call.node.start_point[1] + 1,
                               snippet=ctx.line_text(call.line),
                               severity="info" if ctx.is_test else sev)

    @staticmethod
    def _algorithm(call, idx) -> str:
        name, recv = call.name, call.receiver
        if idx.lang == "go":
            if recv in ("md5", "sha1") and name in ("Sum", "New"):
                return recv
            if recv == "sha256" and name in ("Sum256", "New"):
                return "sha256"
            if recv == "sha512" and name in ("Sum512", "New"):
                return "sha512"
            return ""
        if idx.lang == "python":
            if recv in ("hashlib", "") and name in ("md5", "sha1", "sha256", "sha512", "sha224",
                                                    "sha384", "blake2b", "sha3_256"):
                return name if recv or name in ("md5", "sha1") else ""
            if call.callee == "hashlib.new" and call.args:
                return (literal(unwrap(call.args[0]), idx.data) or "").lower()
            if name == "new" and recv.rsplit(".", 1)[-1] in ("MD5", "SHA1"):
                return recv.rsplit(".", 1)[-1]
            return ""
        if name in ("createHash",) and call.args:
            return (literal(unwrap(call.args[0]), idx.data) or "").lower().replace("-", "")
        if call.callee in ("md5", "sha1"):
            return call.callee
        return ""

    @staticmethod
    def _update_text(call, idx) -> str:
        """Text of a chained `.update(x)` on the hash (Node, Python one-liners)."""
        p = call.node.parent
        out = []
        for _ in range(4):
            if p is None:
                break
            if p.type in ("call_expression", "call"):
                a = p.child_by_field_name("arguments")
                if a is not None:
                    out.append(idx.text(a, 200))
            p = p.parent
        return " ".join(out)
