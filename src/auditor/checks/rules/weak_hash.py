"""MD5 or SHA-1 anywhere (severity by what it hashes), or a fast unsalted hash of a password.

What it finds:
`md5`/`sha1` hashing (Go `md5.Sum`/`sha1.New`, Python `hashlib.md5`/`hashlib.new("sha1")`,
Node `createHash("md5")`) whose input, result name or enclosing function says it protects
something: a password, token, secret, key, signature, session or credential; and any fast hash
(SHA-2 and friends) applied directly to a password, which is unsalted and cheap to brute-force.
MD5 and SHA-1 are never silent: checksums, ETags and cache keys are reported as info, a use
the names do not explain as low, a security value as medium, a password as high;
`usedforsecurity=False` (the code declares a non-security use) and HMAC-SHA1 are not reported. Whether a fast hash hashes a password is judged by
its input first: a SHA-256 of a reset token, API key, session id or other machine-generated,
high-entropy value is the expected practice even inside `reset_password()` (the input
`password_reset_token` is a token), and the names of the result and of the function decide only
when the input's names say nothing (`def hash_password(value)`). Hash functions are resolved
through the imports (`import hashlib as hl`, `from hashlib import sha256`). bcrypt, argon2,
scrypt and PBKDF2 are recognised as correct password hashing, and SHA-256 of API keys and tokens
as the expected practice; both are recorded as evidence (`facts.extra["crypto_evidence"]`) for
the checklist.

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
from auditor.checks.treeutil import (FUNC_TYPES, bound_target, file_index, function_name, import_map, literal,
                                     resolve_imported, unwrap, words)
from auditor.checks.treeutil import LazyList as _Lazy
from auditor.model import Finding

WEAK = re.compile(r"^(md5|sha1|MD5|SHA1|md4|MD4)$")
FAST = re.compile(r"^(sha256|sha512|sha224|sha384|sha3_256|sha3_512|Sum256|Sum512|blake2b|"
                  r"blake2s|SHA256|SHA512)$", re.IGNORECASE)
SECURITY = {"password", "passwd", "pwd", "secret", "token", "key", "signature", "sign", "auth",
            "credential", "credentials", "session", "otp", "salt", "apikey", "hmac",
            "jwt", "login", "verify"}
NON_SECURITY = {"etag", "cache", "checksum", "gravatar", "avatar", "filename", "file", "content",
                "dedup", "color", "colour", "bucket", "shard", "partition", "fingerprint", "idempotency",
                # a file's bytes hashed to name where it is stored (content-addressed uploads)
                "chunk", "chunks", "upload", "uploads", "thumbnail", "media"}
GOOD = re.compile(r"(bcrypt|argon2|scrypt|pbkdf2|PBKDF2|GenerateFromPassword|CompareHashAndPassword|"
                  r"hashpw|checkpw|CryptContext|PasswordHasher)")
PASSWORD = {"password", "passwd", "pwd", "passphrase", "pass", "pw"}
# The last word of a name that holds a machine-generated, high-entropy value: a fast hash of it
# is the expected way to store or look it up (`password_reset_token`, `session_id`, `api_key`).
HIGH_ENTROPY = {"token", "key", "apikey", "id", "sid", "nonce", "otp", "code", "secret", "uuid",
                "jti", "digest", "hash", "signature", "challenge", "verifier", "ticket", "cookie",
                "session", "bytes", "random", "raw", "plaintext"}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NOISE = {"byte", "bytes", "encode", "utf", "utf8", "str", "string", "update", "digest",
          "hexdigest", "hex", "sum", "sum256", "new", "self", "this", "buffer", "from", "b", "s",
          "to", "lower", "strip", "ascii", "latin", "data", "value", "input", "text", "x", "v",
          "h", "m"}


def _input_kind(text: str) -> str:
    """What the hashed input is, from the names in its text: "password" when a name says
    password (and its head word is not a token's: `password_reset_token` is a token), "token"
    when a name's head word is a high-entropy value, "" when the names say neither."""
    kinds = set()
    for ident in _IDENT.findall(text):
        ws = [w for w in words(ident) if w not in ("new", "old", "current", "user", "raw", "plain")]
        if not ws or set(ws) <= _NOISE:
            continue
        if ws[-1] in HIGH_ENTROPY and not (ws[-1] in ("hash", "digest", "raw", "plaintext", "bytes")
                                           and set(ws) & PASSWORD):
            kinds.add("token")
        elif set(ws) & PASSWORD:
            kinds.add("password")
    return "password" if "password" in kinds else ("token" if "token" in kinds else "")


def _locals_text(call, idx) -> str:
    """What the locals hashed here were set to (`salted = (email + settings.SECRET_KEY).encode()`;
    `sha1(salted)`): the input's names are in the assignment, not in the local's own name."""
    out = []
    for a in call.args[:2]:
        a = unwrap(a)
        if a is None or a.type != "identifier":
            continue
        for value, op, _line in idx.assigns_in(call.func).get(idx.text(a), ())[:2]:
            if value is not None and op != "index":
                out.append(idx.text(value, 200))
    return " ".join(out)


def _in_loop(node) -> bool:
    """Whether `node` sits in a loop of its function."""
    p = node.parent
    while p is not None and p.type not in FUNC_TYPES:
        if p.type in ("for_statement", "for_in_statement", "while_statement", "for_of_statement",
                      "do_statement", "range_clause"):
            return True
        p = p.parent
    return False


def _is_password(args_text: str, target: str, fname: str) -> bool:
    """Whether the hashed value is a password: judged by the input first (a reset token hashed
    inside `reset_password()` is a token), by the result's and the function's names only when
    the input's names say nothing (`def hash_password(value)`)."""
    kind = _input_kind(args_text)
    if kind:
        return kind == "password"
    # the result's name says what was hashed once its result word is dropped: `token_hash` is
    # a token's hash, `password_digest` a password's, a bare `hash` or `h` says nothing
    kind = _input_kind(re.sub(r"(?i)[_]?(hash(ed)?|digest|sum|checksum|hasher|h)$", "", target))
    if kind:
        return kind == "password"
    ws = words(fname)
    if ws and ws[-1] in HIGH_ENTROPY:
        return False
    return bool(set(ws) & PASSWORD)


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
        Example("python", 'from hashlib import sha256\n\ndef reset_password(token, new_password, db):\n'
                          '    db.save(sha256(new_password.encode()).hexdigest())\n'),
        Example("python", 'import hashlib as hl\n\ndef hash_reset_token(token):\n'
                          '    return hl.md5(token.encode()).hexdigest()\n'),
    ]
    negative = [
        Example("python", 'import hashlib\n\ndef etag(body):\n'
                          '    return hashlib.md5(body, usedforsecurity=False).hexdigest()\n'),
        Example("python", 'import hashlib, hmac\n\ndef sign(key, msg):\n'
                          '    return hmac.new(key, msg, hashlib.sha1).hexdigest()\n'),
        Example("python", 'import hashlib\n\ndef hash_api_key(api_key):\n'
                          '    return hashlib.sha256(api_key.encode()).hexdigest()\n'),
        Example("typescript", 'import bcrypt from "bcrypt";\nexport const h = (password: string) =>\n'
                              '  bcrypt.hash(password, 12);\n'),
        Example("python", 'import hashlib\n\ndef reset_password(token, new_password, db):\n'
                          '    row = db.find(hashlib.sha256(token.encode()).hexdigest())\n'
                          '    return row\n'),
        Example("go", 'package a\n\nimport "crypto/sha256"\n\n'
                      'func (s *Svc) ResetPassword(token, newPassword string) [32]byte {\n'
                      '\treturn sha256.Sum256([]byte(token))\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        idx = file_index(ctx)
        if idx is None:
            return
        evidence = _Lazy(ctx.facts.extra, "crypto_evidence")
        imports = import_map(ctx)
        for call in idx.calls:
            algo = self._algorithm(call, idx, imports)
            if GOOD.search(call.callee):
                evidence.append({"kind": "password-hash", "algorithm": call.name, "line": call.line})
                continue
            if not algo:
                continue
            if "usedforsecurity" in call.kwargs:
                continue
            args_text = " ".join(idx.text(a, 200) for a in call.args) + " " + \
                self._update_text(call, idx) + " " + _locals_text(call, idx)
            target = bound_target(call.node, idx)
            if not call.args and target and target.isidentifier():
                # `h := sha256.New(); h.Write([]byte(token))`: what is written into the hasher
                # (writes inside a loop digest a collection, such as every user's stored hash
                # folded into one signing key: not the hashing of a password)
                args_text += " " + " ".join(
                    idx.text(a, 200) for c in idx.calls if c.func == call.func and
                    c.receiver == target and c.name in ("Write", "update", "Update", "write",
                                                        "WriteString") and not _in_loop(c.node)
                    for a in c.args)
            fname = function_name(idx, call.func)
            ctx_words = set(words(args_text)) | set(words(target)) | set(words(fname))
            if not call.args and target and target.isidentifier():
                # what a loop writes into the hasher says what it digests (`for chunk in
                # f.chunks(): hasher.update(chunk)`: a file's content), not whether a password
                ctx_words |= {w for c in idx.calls if c.func == call.func and c.receiver == target
                              and c.name in ("Write", "update", "Update", "write", "WriteString")
                              and _in_loop(c.node) for a in c.args
                              for w in words(idx.text(a, 200))} & NON_SECURITY
            password = _is_password(args_text, target, fname)
            if WEAK.match(algo):
                # never silent: the context sets the severity (a checksum or cache key is info)
                if password:
                    sev, what = "high", "a password"
                elif ctx_words & SECURITY and not ctx_words & NON_SECURITY:
                    sev, what = "medium", "a security value"
                elif ctx_words & NON_SECURITY:
                    sev, what = "info", "a non-security value (checksum, cache key, ETag)"
                else:
                    sev, what = "low", "a value whose use is not known"
                msg = f"{algo.upper()} used for {what}"
            elif ctx_words & NON_SECURITY and not password:
                continue
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
    def _algorithm(call, idx, imports: dict | None = None) -> str:
        name, recv = call.name, call.receiver
        imports = imports or {}
        if idx.lang == "go" and recv in imports:  # `sha "crypto/sha256"`: by the package
            pkg = imports[recv]
            recv = pkg.rsplit("/", 1)[-1] if pkg.startswith("crypto/") else "?" + recv
        elif idx.lang == "python" and imports:
            bound = resolve_imported(call.callee, imports)  # `import hashlib as hl`,
            if bound.startswith("hashlib."):                # `from hashlib import sha256`
                recv, name = "hashlib", bound.rsplit(".", 1)[-1]
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
