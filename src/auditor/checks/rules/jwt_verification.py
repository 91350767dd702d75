"""A JWT read without verifying its signature, or verified without pinning the algorithm.

What it finds:
Go: `ParseUnverified`, and `jwt.Parse`/`ParseWithClaims` whose key function never looks at
`token.Method` (nor passes `jwt.WithValidMethods`). Python (PyJWT, python-jose):
`decode` with `options={"verify_signature": False}` or `verify=False`, with `"none"` among the
algorithms, or without an `algorithms` list. TypeScript (jsonwebtoken, jose): `jwt.decode()`
in a function that never calls `verify`, and `verify` that allows the `none` algorithm.

Why it matters:
An unverified token is just JSON the client wrote: anyone can set `sub` or `role` (CWE-347).
A key function that accepts any algorithm lets an attacker pick `none` or switch an RSA public
key into an HMAC secret (algorithm confusion).

Example:
    token, _ := jwt.Parse(s, func(t *jwt.Token) (interface{}, error) { return secret, nil })

Fix:
Verify with the expected algorithm pinned: `if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok`
or `jwt.WithValidMethods([]string{"HS256"})`; `jwt.decode(t, key, algorithms=["HS256"])`;
`jwt.verify(t, key, { algorithms: ["HS256"] })`.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import file_index, pairs, unwrap
from auditor.model import Finding

_GO_KEY_RETURN = re.compile(r"\breturn\s+([^,\n]+?)\s*,\s*nil\b")
_PUBLIC_KEY = re.compile(r"pub|pem|rsa|ecdsa|ed25519|jwk|cert|x509|Parse\w*Key", re.I)
_HMAC_SECRET = re.compile(r"^\[\]byte\(|secret|hmac|signing_?key|jwt_?key", re.I)
METHOD_CHECK = re.compile(r"\.Method\b|SigningMethod|\.Alg\(\)|Header\[\"alg\"\]")


# what only server code imports: an HTTP server framework, or Node's server modules
_SERVER_IMPORT = re.compile(r"^(express|koa|fastify|hono|@nestjs/|next/server|@hapi/|restify|"
                            r"http|https|node:http|node:https|h3|@sveltejs/kit|@remix-run/node)(/|$)")


def _server_code(ctx) -> bool:
    """Whether a JavaScript file is server code: it imports a server framework. `jwt-decode`
    only decodes (it cannot verify): in a browser it reads the signed-in user's own token, which
    the server verifies; on a server, its claims would be trusted unverified."""
    from auditor.checks.treeutil import imports_matching

    return imports_matching(ctx, _SERVER_IMPORT)


class JwtVerification(Rule):
    __doc__ = __doc__
    id = "jwt-verification"
    name = "JwtVerification"
    category = "jwt-verification"
    cwe = ("CWE-347",)
    severity = "high"
    confidence = "high"
    precision = "high"
    positive = [
        Example("go", 'package a\n\nfunc P(s string) {\n\tjwt.Parse(s, func(t *jwt.Token) (interface{}, error) {\n'
                      '\t\treturn key, nil\n\t})\n}\n'),
        Example("python", 'import jwt\n\ndef p(t):\n    return jwt.decode(t, options={"verify_signature": False})\n'),
        Example("typescript", 'import jwt from "jsonwebtoken";\nexport function user(t: string) {\n'
                              '  return jwt.decode(t);\n}\n'),
        Example("javascript", 'const express = require("express");\nconst { jwtDecode } = require("jwt-decode");\n'
                              'const app = express();\napp.get("/me", (req, res) => {\n'
                              '  res.json(jwtDecode(req.headers.authorization).sub);\n});\n',
                "server/app.js"),
    ]
    negative = [
        Example("go", 'package a\n\nfunc P(s string) {\n\tjwt.Parse(s, func(t *jwt.Token) (interface{}, error) {\n'
                      '\t\tif _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok { return nil, errBad }\n'
                      '\t\treturn key, nil\n\t})\n}\n'),
        Example("python", 'import jwt\n\ndef p(t, k):\n    return jwt.decode(t, k, algorithms=["HS256"])\n'),
        Example("typescript", 'import jwt from "jsonwebtoken";\nexport function user(t: string, k: string) {\n'
                              '  return jwt.verify(t, k, { algorithms: ["HS256"] });\n}\n'),
        # the browser reads the signed-in user's own token (jwt-decode cannot verify)
        Example("javascript", 'import { jwtDecode } from "jwt-decode";\n'
                              'export const role = (t) => jwtDecode(t).role;\n', "ui/src/auth.js"),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        idx = file_index(ctx)
        if idx is None or b"jwt" not in ctx.data.lower() and b"jose" not in ctx.data:
            return
        sev_test = "info" if ctx.is_test else None
        by_func: dict = {}
        for call in idx.calls:
            by_func.setdefault(call.func, []).append(call)
        server = None
        for call in idx.calls:
            if call.callee in ("jwtDecode", "jwt_decode") and idx.lang != "tsx":
                if server is None:
                    server = _server_code(ctx)
                if not server:
                    continue  # the jwt-decode package in browser code: the user's own token
            msg, sev = self._judge(call, idx, by_func)
            if msg:
                yield self.finding(ctx.path, call.line, msg, column=call.node.start_point[1] + 1,
                                   snippet=ctx.line_text(call.line), severity=sev_test or sev)

    def _judge(self, call, idx, by_func) -> tuple[str, str | None]:
        name, recv = call.name, call.receiver
        if idx.lang == "go":
            if name == "ParseUnverified":
                return ("JWT parsed without signature verification (ParseUnverified): its claims "
                        "are attacker-controlled", "medium")
            if name in ("Parse", "ParseWithClaims") and ("jwt" in recv or "Parser" in recv or
                                                         recv.endswith("parser")):
                fn = next((a for a in call.args if a.type == "func_literal"), None)
                opts = " ".join(idx.text(a, 300) for a in call.args)
                if fn is None or "WithValidMethods" in opts or "WithValidMethods" in recv:
                    return "", None
                body = idx.text(fn)
                if not METHOD_CHECK.search(body):
                    keys = [m.group(1).strip() for m in _GO_KEY_RETURN.finditer(body)]
                    if keys and not any(_PUBLIC_KEY.search(k) for k in keys) and \
                            all(_HMAC_SECRET.search(k) for k in keys):
                        # golang-jwt verifies an HMAC token only with a []byte key, an RSA/EC
                        # one only with a public key, and `none` only with its Unsafe constant:
                        # a []byte secret cannot be turned against itself by the token's `alg`
                        return ("JWT key function never checks token.Method; it returns an HMAC "
                                "secret, which golang-jwt rejects for other algorithms and "
                                "`none` (defense in depth: pin the method)", "low")
                    return ("JWT key function never checks token.Method: the signing algorithm "
                            "is whatever the token says", "medium")
            return "", None
        if idx.lang == "python":
            if name != "decode" or not re.search(r"(jwt|jws)$", recv, re.IGNORECASE):
                return "", None
            opts = call.kwargs.get("options")
            if opts is not None and re.search(r"['\"]verify_signature['\"]\s*:\s*False",
                                              idx.text(opts)):
                return "JWT decoded with verify_signature=False", "high"
            verify = call.kwargs.get("verify")
            if verify is not None and idx.text(verify) == "False":
                return "JWT decoded with verify=False", "high"
            algs = call.kwargs.get("algorithms")
            if algs is None and len(call.args) < 3:
                return ("JWT decoded without an algorithms list: the token chooses its own "
                        "algorithm", "medium")
            if algs is not None and re.search(r"['\"]none['\"]", idx.text(algs), re.IGNORECASE):
                return "JWT decoding accepts the 'none' algorithm", "high"
            return "", None
        # typescript / javascript
        if name == "decode" and recv in ("jwt", "jsonwebtoken", "jwtDecode") or \
                call.callee in ("decodeJwt", "jwtDecode", "jwt_decode"):
            siblings = by_func.get(call.func, [])
            if any(c.name in ("verify", "jwtVerify") for c in siblings):
                return "", None
            if call.callee in ("jwtDecode", "jwt_decode") and idx.lang in ("tsx",):
                return "", None  # client-side display of the user's own token
            return ("JWT decoded without verification (decode is not verify): its claims are "
                    "attacker-controlled", "medium")
        if name == "verify" and recv in ("jwt", "jsonwebtoken") and len(call.args) >= 3:
            o = pairs(unwrap(call.args[2]), idx)
            algs = o.get("algorithms")
            if algs is not None and re.search(r"['\"]none['\"]", idx.text(algs), re.IGNORECASE):
                return "JWT verification accepts the 'none' algorithm", "high"
        return "", None
