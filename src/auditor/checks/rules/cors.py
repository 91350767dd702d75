"""A CORS policy that lets any site, or a reflected one, read responses.

What it finds:
CORS configurations of Fiber/Gin/Echo (`cors.New(cors.Config{...})`, a config variable with the
fields set on it afterwards such as gin's `config := cors.DefaultConfig(); config.AllowAllOrigins
= true`, `CORSWithConfig`), Express `cors({...})` (inline or through an options variable),
FastAPI/Starlette `add_middleware(CORSMiddleware, ...)` and `Middleware(CORSMiddleware, ...)`
(the middleware class resolved through its import, whatever its alias), Flask-CORS `CORS(...)`
and `@cross_origin(...)` (`resources={...: {"origins": "*"}}` too), django-cors-headers
settings (`CORS_ALLOW_ALL_ORIGINS = True`, with `CORS_ALLOW_CREDENTIALS = True`) and hand-set
`Access-Control-Allow-Origin` headers, judged by their values followed through local and
module names (an `os.getenv("CORS_ORIGINS", "*")` default counts as `*`; `allow_credentials=CREDS`
with `CREDS = True` counts as credentials). Origins read from a name defined in another file
(`allow_origins=settings.CORS_ORIGINS` with `CORS_ORIGINS: list[str] = ["*"]` in the settings
module, a Go config field with `envDefault:"*"`) are judged by that definition, in the project
stage. Reported: a wildcard origin with credentials (high), a reflected request origin
(`origin: true`, an origin callback or `AllowOriginFunc` that accepts everything such as
`cb(null, true)`, `allow_origin_regex=".*"`, the `Origin` header copied back: high with
credentials, else medium), Flask-CORS's default origins (`*`) with `supports_credentials=True`
(high: it echoes the caller's origin), plain-HTTP origins (medium; `http://localhost` defaults
low) and an explicit wildcard without credentials (low: responses readable by any site, but no
cookies ride along). A framework's default policy without credentials (`cors()`, `CORS(app)`,
`middleware.CORS()`) is not reported, nor are explicit origin lists and origin callbacks that
check the origin.

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
from auditor.checks.base import is_test_path
from auditor.checks.treeutil import (FUNC_TYPES, MODULE, Flow, file_index, import_map, literal,
                                     pairs, unwrap)
from auditor.model import Finding

CONFIG_CALLEE = re.compile(r"(^|\.)(cors\.New|New|CORSWithConfig|cors|CORS|CORSMiddleware|"
                           r"add_middleware|enableCors|Default|Middleware|cross_origin)$")
ORIGIN_KEYS = ("alloworigins", "origins", "origin", "alloworigin")
CREDENTIAL_KEYS = ("allowcredentials", "credentials", "supportscredentials")
FUNC_KEYS = ("alloworiginsfunc", "alloworiginfunc", "alloworiginfunction")
# An origin callback that accepts every caller: `cb(null, true)`, `callback(null, origin)`,
# `return true`, with nothing in it that could tell one origin from another.
_ACCEPTS = re.compile(r"\(\s*null\s*,\s*(true|origin|requestOrigin)\s*\)|\breturn\s+true\b")
_DECIDES = re.compile(r"\bif\b|\?|\bswitch\b|includes\(|indexOf\(|\.has\(|\.test\(|[Mm]atch|"
                      r"Contains|HasSuffix|HasPrefix|==|!=|endsWith|startsWith|[Aa]llow|[Ww]hitelist|"
                      r"[Ll]ist|\.some\(|\.find\(|return\s+false|Error|\bin\b")
# a regular expression any origin matches: `.*`, `^https?://.*$`, `.+`
_ANY_REGEX = re.compile(r"^\^?(https?\??(:|\\:)?(//|\\/\\/))?\.[*+]\$?$")
# Go struct fields filled from the environment with a wildcard default (caarlos0/env and friends):
# `CORSOrigins string `env:"CORS_ORIGINS" envDefault:"*"``
_GO_ENV_DEFAULT = re.compile(rb"(?m)^\s*(\w*(?:[Oo]rigin|CORS|Cors)\w*)\s+[\w\[\].]+\s+`[^`\n]*"
                             rb"\b(?:envDefault|default)\s*:\s*\"([^\"]*)\"")


_DJANGO_ALL = re.compile(rb"(?m)^(CORS_ALLOW_ALL_ORIGINS|CORS_ORIGIN_ALLOW_ALL)\s*=\s*True\b")
_DJANGO_CREDS = re.compile(rb"(?m)^CORS_ALLOW_CREDENTIALS\s*=\s*True\b")


def _norm(key: str) -> str:
    return re.sub(r"[^a-z]", "", key.lower())


def _wildcard(texts) -> bool:
    return any(t.strip() == "*" or "," in t and "*" in [x.strip() for x in t.split(",")]
               for t in texts)


def _accepts_all(node, idx) -> bool:
    """A function (origin callback, AllowOriginFunc) that accepts every origin."""
    if node is None or node.type not in FUNC_TYPES:
        return False
    body = node.child_by_field_name("body")
    text = idx.text(body if body is not None else node, 2000)
    if body is not None and body.type not in ("block", "statement_block"):
        text = "return " + text  # an arrow function's expression body is its answer
    return bool(_ACCEPTS.search(text)) and not _DECIDES.search(text)


def _origin_name(node, idx) -> str:
    """The name an unresolved origins value is read from (`settings.CORS_ORIGINS` ->
    CORS_ORIGINS), when it says it holds origins; '' otherwise."""
    names = [n for n in re.findall(r"[A-Za-z_]\w*", idx.text(node, 300))
             if "origin" in n.lower() or "cors" in n.lower()]
    return names[-1] if names else ""


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
        Example("python", 'CORS_ALLOW_CREDENTIALS = True\nCORS_ALLOW_ALL_ORIGINS = True\n', "settings.py"),
        Example("go", 'package m\n\nvar h = cors.New(cors.Config{AllowOrigins: "*", AllowCredentials: true})\n'),
        Example("typescript", 'app.use(cors({ origin: true, credentials: true }));\n'),
        Example("python", 'from starlette.middleware import Middleware\n'
                          'from starlette.middleware.cors import CORSMiddleware as Cors\n\n'
                          'middleware = [Middleware(Cors, allow_origins=["*"], allow_credentials=True)]\n'),
        Example("python", 'from flask_cors import CORS\n\nCORS(app, origins="*", supports_credentials=True)\n'),
        Example("javascript", "app.use(cors({ origin: (origin, cb) => cb(null, true), credentials: true }));\n"),
        Example("go", 'package m\n\nfunc setup(r *gin.Engine) {\n\tconfig := cors.DefaultConfig()\n'
                      '\tconfig.AllowAllOrigins = true\n\tconfig.AllowCredentials = true\n'
                      '\tr.Use(cors.New(config))\n}\n'),
    ]
    negative = [
        Example("python", 'CORS_ALLOW_ALL_ORIGINS = False\nCORS_ALLOWED_ORIGINS = ["https://app.example.com"]\n',
                "settings.py"),
        Example("python", 'app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)\n'),
        Example("go", 'package m\n\nvar h = cors.New(cors.Config{AllowOrigins: "https://app.example.com"})\n'),
        Example("typescript", 'app.use(cors({ origin: ["https://app.example.com"], credentials: true }));\n'),
        Example("python", 'from flask_cors import CORS\n\nCORS(app)\n'
                          'CORS(app, origins=["https://app.example.com"], supports_credentials=True)\n'),
        Example("javascript", "const allowed = ['https://app.example.com'];\n"
                              "app.use(cors({ origin: (o, cb) => allowed.includes(o) ? cb(null, true) : "
                              "cb(new Error('no')), credentials: true }));\napp.use(cors());\n"),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        lower = ctx.data.lower()
        if b"cors" not in lower and b"access-control-allow-origin" not in lower and \
                b"origin" not in lower:
            return
        idx = file_index(ctx)
        if idx is None:
            return
        flow = Flow(idx)
        if b"origin" in lower:
            _record_wildcard_defaults(ctx, idx, flow)
        if b"cors" not in lower and b"access-control-allow-origin" not in lower:
            return
        if ctx.language == "python":
            yield from self._django_settings(ctx)
        imports = import_map(ctx)
        for call in idx.calls:
            cfg = self._config(call, idx, flow, imports)
            if cfg is None:
                f = self._header(ctx, call, idx)
                if f:
                    yield f
                continue
            origins = next((v for k, v in cfg.items() if k in ORIGIN_KEYS), None)
            if origins is None and "resources" in cfg:  # Flask-CORS resources={path: {...}}
                origins = _resource_origins(unwrap(cfg["resources"]), idx)
            creds_node = next((v for k, v in cfg.items() if k in CREDENTIAL_KEYS), None)
            creds = _is_true(creds_node, idx, flow, call.func)
            allow_all = any(k == "allowallorigins" and _is_true(v, idx, flow, call.func)
                            for k, v in cfg.items())
            func = next((v for k, v in cfg.items() if k in FUNC_KEYS), None)
            regex = next((v for k, v in cfg.items() if k in ("alloworiginregex", "originregex")), None)
            problems = []
            origins_u = unwrap(origins)
            texts = flow.strings_in(origins, call.func) if origins is not None else []
            reflect = origins is not None and _is_true(origins, idx, flow, call.func)
            if _accepts_all(unwrap(func), idx) or _accepts_all(origins_u, idx):
                reflect = True
            if origins_u is not None and origins_u.type == "regex" and \
                    _ANY_REGEX.match(idx.text(origins_u).strip("/").rsplit("/", 1)[0]):
                reflect = True
            if regex is not None and any(_ANY_REGEX.match(t.strip()) for t in
                                         flow.strings_in(regex, call.func)):
                reflect = True
            wildcard = allow_all or _wildcard(texts)
            default = ""
            if origins is None and func is None and regex is None and not allow_all and \
                    idx.lang == "python" and call.name in ("CORS", "cross_origin"):
                default = " (Flask-CORS's default origins)"
                wildcard = creds  # the default '*' with credentials echoes any origin
            if origins is not None and not texts and not reflect and origins_u is not None and \
                    origins_u.type not in FUNC_TYPES:
                name = _origin_name(origins_u, idx)
                if name:  # origins from elsewhere: judged where they are defined (project part)
                    ctx.facts.extra.setdefault("cors_pending", []).append({
                        "line": call.line, "column": call.node.start_point[1] + 1, "name": name,
                        "creds": creds, "snippet": ctx.line_text(call.line)})
            if wildcard:
                problems.append((f"wildcard origin '*'{default} with credentials allowed", "high")
                                if creds else ("wildcard origin '*' (no credentials)", "low"))
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

    def _django_settings(self, ctx) -> Iterable[Finding]:
        """django-cors-headers: `CORS_ALLOW_ALL_ORIGINS = True` (or its old name
        `CORS_ORIGIN_ALLOW_ALL`) in a settings module answers every origin, and with
        `CORS_ALLOW_CREDENTIALS = True` it echoes the caller's origin with credentials."""
        m = _DJANGO_ALL.search(ctx.data)
        if m is None:
            return
        line = ctx.data[:m.start()].count(b"\n") + 1
        creds = _DJANGO_CREDS.search(ctx.data) is not None
        msg, sev = (("wildcard origin with credentials allowed (CORS_ALLOW_ALL_ORIGINS and "
                     "CORS_ALLOW_CREDENTIALS: every origin is echoed back)", "high") if creds
                    else ("wildcard origin '*' (no credentials)", "low"))
        yield self.finding(ctx.path, line, f"CORS: {msg}", snippet=ctx.line_text(line),
                           severity="info" if ctx.is_test else sev)

    def check_project(self, ctx) -> Iterable[Finding]:
        """Origins read from a name defined in another file (`allow_origins=settings.CORS_ORIGINS`
        with `CORS_ORIGINS: list[str] = ["*"]` in the settings module): judged by that
        definition's wildcard default."""
        defaults: dict = {}
        pending = []
        for path, fx in ctx.facts.items():
            extra = fx.get("extra") or {}
            if not is_test_path(path):  # a test's settings do not configure the app
                for name, line in (extra.get("cors_wildcard_defaults") or {}).items():
                    defaults.setdefault(name, (path, line))
            pending += [(path, p) for p in extra.get("cors_pending") or ()]
        for path, p in pending:
            where = defaults.get(p["name"])
            if where is None:
                continue
            sev = "high" if p["creds"] else "low"
            yield self.finding(
                path, p["line"], f"CORS: wildcard origin '*' (the default of {p['name']} at "
                f"{where[0]}:{where[1]})" + (" with credentials allowed" if p["creds"] else
                                              " (no credentials)"),
                column=p["column"], snippet=p["snippet"], related=[where],
                severity="info" if is_test_path(path) else sev)

    @staticmethod
    def _config(call, idx, flow, imports) -> dict | None:
        callee = call.callee
        if not CONFIG_CALLEE.search(callee):
            return None
        if call.name in ("add_middleware", "Middleware"):
            if not call.args:
                return None
            first = idx.text(call.args[0], 200)
            if "CORS" not in first and "cors" not in imports.get(first, "").lower():
                return None
            return {_norm(k): v for k, v in call.kwargs.items()}
        if call.name in ("New", "Default") and "cors" not in call.receiver.lower():
            return None
        if call.kwargs:
            return {_norm(k): v for k, v in call.kwargs.items()}
        for a in call.args:
            a = unwrap(a)
            if a.type in ("composite_literal", "object", "dictionary"):
                return _literal_config(a, idx)
            if a.type == "unary_expression" and a.named_children and \
                    a.named_children[-1].type == "composite_literal":  # &cors.Config{...}
                return _literal_config(a.named_children[-1], idx)
            if a.type == "identifier" and call.name in ("New", "CORSWithConfig", "cors", "CORS"):
                cfg = _config_variable(idx.text(a), call.func, idx, flow)
                if cfg is not None:
                    return cfg
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


def _literal_config(node, idx) -> dict:
    """Normalized key -> value node of a configuration literal; a JS method shorthand
    (`origin(origin, cb) { ... }`) is the function it defines."""
    cfg = {_norm(k): v for k, v in pairs(node, idx).items()}
    if node.type == "object":
        for c in node.named_children:
            name = c.child_by_field_name("name") if c.type == "method_definition" else None
            if name is not None:
                cfg[_norm(idx.text(name))] = c
    return cfg


def _is_true(node, idx, flow, func, depth: int = 0) -> bool:
    """`true`/`True`, directly or through the names it was assigned from."""
    node = unwrap(node)
    if node is None or depth > 4:
        return False
    t = idx.text(node, 20)
    if t in ("true", "True"):
        return True
    if node.type == "identifier":
        assigns = flow.assignments(t, func)
        return bool(assigns) and all(v is not None and _is_true(v, idx, flow, func, depth + 1)
                                     for v, _, _ in assigns)
    return False


def _resource_origins(node, idx):
    """The origins of Flask-CORS `resources={r"/api/*": {"origins": "*"}}`: the first
    resource's `origins` value."""
    if node is None or node.type != "dictionary":
        return None
    for v in pairs(node, idx).values():
        v = unwrap(v)
        if v is not None and v.type == "dictionary":
            got = next((val for k, val in pairs(v, idx).items() if _norm(k) == "origins"), None)
            if got is not None:
                return got
    return None


def _config_variable(name: str, func, idx, flow) -> dict | None:
    """The configuration a variable holds: its literal (`corsOptions = {origin: true}`,
    `cfg := cors.Config{...}`) or a default configuration (`config := cors.DefaultConfig()`),
    with the fields the code sets on it afterwards (`config.AllowAllOrigins = true`)."""
    cfg = None
    for value, _, _ in flow.assignments(name, func):
        v = unwrap(value)
        if v is None:
            continue
        if v.type == "unary_expression" and v.named_children:
            v = v.named_children[-1]
        if v.type in ("composite_literal", "object", "dictionary"):
            cfg = _literal_config(v, idx)
        elif v.type in ("call_expression", "call") and "cors" in idx.text(v, 200).lower():
            cfg = cfg if cfg is not None else {}
    if cfg is None:
        return None
    fn = idx.funcs.get(func)
    if fn is not None:
        from auditor.index.walk import walk

        for n in walk(fn):
            if n.type not in ("assignment_statement", "assignment", "assignment_expression"):
                continue
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if left is None or right is None:
                continue
            target = idx.text(left, 200)
            if target.startswith(name + ".") and "," not in target:
                value = right.named_children[0] if right.type == "expression_list" and \
                    right.named_children else right
                cfg[_norm(target[len(name) + 1:])] = value
    return cfg


def _record_wildcard_defaults(ctx, idx, flow) -> None:
    """Module- and class-level names that hold origins with a wildcard (`CORS_ORIGINS:
    list[str] = ["*"]`, `ALLOWED_ORIGINS = os.getenv("ALLOWED_ORIGINS", "*")`, a Go struct
    field with `envDefault:"*"`), for the project part to judge origins read from them in other
    files."""
    out = {}
    for name, assigns in idx.assigns_in(MODULE).items():
        short = name.rsplit(".", 1)[-1]
        if "origin" not in short.lower() and "cors" not in short.lower():
            continue
        for value, op, line in assigns:
            if value is not None and op != "index" and _wildcard(flow.strings_in(value, MODULE)):
                out.setdefault(short, line)
    if idx.lang == "go":
        for m in _GO_ENV_DEFAULT.finditer(ctx.data):
            if _wildcard([m.group(2).decode("utf-8", "replace")]):
                out.setdefault(m.group(1).decode(), ctx.data.count(b"\n", 0, m.start(1)) + 1)
    if out:
        ctx.facts.extra["cors_wildcard_defaults"] = out
