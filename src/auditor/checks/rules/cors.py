"""A CORS policy that lets any site, or a reflected one, read responses.

What it finds:
CORS configurations of Fiber/Gin/Echo (`cors.New(cors.Config{...})`, `CORSWithConfig`),
Express `cors({...})`, FastAPI/Starlette `add_middleware(CORSMiddleware, ...)`, Flask `CORS(...)`
and hand-set `Access-Control-Allow-Origin` headers, judged by their values followed through
local variables (an `os.getenv("CORS_ORIGINS", "*")` default counts as `*`): a wildcard origin
with credentials (high), a reflected request origin (`origin: true`, an origin function that
accepts everything, the `Origin` header copied back: high with credentials), plain-HTTP origins
(medium; `http://localhost` defaults low) and a wildcard without credentials (low).

Why it matters:
With credentials allowed, any web page the user visits can call the API with the user's
cookies and read the answers (CWE-942); Starlette, for one, answers a credentialed request to a
`*` policy by echoing the caller's origin. Plain-HTTP origins can be spoofed on the network.

Example:
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)

Fix:
List the exact HTTPS origins of your front ends (from configuration, with no wildcard default)
and allow credentials only for them.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import Flow, file_index, literal, pairs, unwrap
from auditor.model import Finding

CONFIG_CALLEE = re.compile(r"(^|\.)(cors\.New|New|CORSWithConfig|cors|CORS|CORSMiddleware|"
                           r"add_middleware|enableCors|Default)$")


def _norm(key: str) -> str:
    return re.sub(r"[^a-z]", "", key.lower())


class CorsPolicy(Rule):
    __doc__ = __doc__
    id = "cors"
    name = "CorsPolicy"
    category = "cors"
    cwe = ("CWE-942",)
    severity = "medium"
    confidence = "high"
    precision = "high"
    positive = [
        Example("python", 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\n'),
        Example("go", 'package m\n\nvar h = cors.New(cors.Config{AllowOrigins: "*", AllowCredentials: true})\n'),
        Example("typescript", 'app.use(cors({ origin: true, credentials: true }));\n'),
    ]
    negative = [
        Example("python", 'app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)\n'),
        Example("go", 'package m\n\nvar h = cors.New(cors.Config{AllowOrigins: "https://app.example.com"})\n'),
        Example("typescript", 'app.use(cors({ origin: ["https://app.example.com"], credentials: true }));\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if b"cors" not in ctx.data.lower() and b"access-control-allow-origin" not in ctx.data.lower():
            return
        idx = file_index(ctx)
        if idx is None:
            return
        flow = Flow(idx)
        for call in idx.calls:
            cfg = self._config(call, idx)
            if cfg is None:
                f = self._header(ctx, call, idx)
                if f:
                    yield f
                continue
            origins = next((v for k, v in cfg.items() if k in ("alloworigins", "origins", "origin",
                                                                "alloworigin")), None)
            creds_node = next((v for k, v in cfg.items() if k in ("allowcredentials", "credentials",
                                                                   "supportscredentials")), None)
            creds = creds_node is not None and idx.text(creds_node) in ("true", "True")
            allow_all = any(k == "allowallorigins" and idx.text(v) in ("true", "True")
                            for k, v in cfg.items())
            func = next((v for k, v in cfg.items() if k in ("alloworiginsfunc", "alloworiginfunc")),
                        None)
            problems = []
            texts = flow.strings_in(origins, call.func) if origins is not None else []
            reflect = origins is not None and idx.text(unwrap(origins)) in ("true", "True")
            if func is not None and re.search(r"return\s+true\s*$|return\s+true\s*\}", idx.text(func)) \
                    and "return false" not in idx.text(func):
                reflect = True
            wildcard = allow_all or any(t.strip() == "*" or "," in t and "*" in t.split(",")
                                        for t in texts)
            if origins is not None and not texts and not reflect:
                pass  # origins from elsewhere: judged where they are built
            if wildcard:
                problems.append(("wildcard origin '*' with credentials allowed", "high") if creds
                                else ("wildcard origin '*' (no credentials)", "low"))
            elif reflect:
                problems.append(("any request origin is reflected" +
                                 (" with credentials allowed" if creds else ""),
                                 "high" if creds else "medium"))
            for t in texts:
                for o in re.findall(r"http://[^\s,\"']+", t):
                    local = re.match(r"http://(localhost|127\.0\.0\.1|0\.0\.0\.0)\b", o)
                    problems.append((f"plain-HTTP origin {o} allowed" +
                                     (" (a development default)" if local else ""),
                                     "low" if local else "medium"))
            for msg, sev in problems[:3]:
                yield self.finding(ctx.path, call.line, f"CORS: {msg}",
                                   column=call.node.start_point[1] + 1,
                                   snippet=ctx.line_text(call.line),
                                   severity="info" if ctx.is_test else sev)
        # CORS policies built as arguments elsewhere: origins lists passed to a CORS helper
        # are judged by the helper call above when it is in this file.

    @staticmethod
    def _config(call, idx) -> dict | None:
        callee = call.callee
        if not CONFIG_CALLEE.search(callee):
            return None
        if call.name == "add_middleware":
            if not call.args or "CORS" not in idx.text(call.args[0]):
                return None
            return {_norm(k): v for k, v in call.kwargs.items()}
        if call.name in ("New", "Default") and "cors" not in call.receiver.lower():
            return None
        if call.kwargs:
            return {_norm(k): v for k, v in call.kwargs.items()}
        for a in call.args:
            a = unwrap(a)
            if a.type in ("composite_literal", "object", "dictionary"):
                return {_norm(k): v for k, v in pairs(a, idx).items()}
        if call.name == "CORSMiddleware" and call.args:
            return {"alloworigins": call.args[0]}
        return None if call.name not in ("cors", "CORS") else {}

    def _header(self, ctx, call, idx):
        if len(call.args) < 2 or call.name not in ("Set", "set", "setHeader", "header", "Header",
                                                     "Add", "append"):
            return None
        key = literal(unwrap(call.args[0]), idx.data)
        if not key or key.lower() != "access-control-allow-origin":
            return None
        val = idx.text(call.args[1], 200)
        if re.search(r"origin", val, re.IGNORECASE) and literal(unwrap(call.args[1]), idx.data) is None:
            creds = b"access-control-allow-credentials" in ctx.data.lower()
            return self.finding(ctx.path, call.line, "CORS: the request's Origin header is "
                                "reflected into Access-Control-Allow-Origin" +
                                (" with credentials" if creds else ""),
                                snippet=ctx.line_text(call.line),
                                severity="info" if ctx.is_test else ("high" if creds else "medium"))
        return None
