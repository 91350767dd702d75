"""A security header the application never sets, reported at the line that creates the app.

What it finds:
For each of X-Content-Type-Options, X-Frame-Options, X-XSS-Protection, Strict-Transport-Security,
Content-Security-Policy, Referrer-Policy and Permissions-Policy that no production code applies
to responses: one finding per missing header, anchored at the app or router creation
(`fiber.New()`, `gin.Default()`, `echo.New()`, `express()`, `FastAPI()`, `Flask(__name__)`; a
Next.js app at its `next.config`, whose `headers()` and `middleware.ts` set headers).
A header counts as set where a middleware or handler that really runs sets it, or where a
security middleware that sets it is installed: helmet (all but Permissions-Policy), Fiber's
helmet (HSTS, CSP and Permissions-Policy only when configured), Echo's Secure, gin-contrib/secure,
Flask-Talisman. Headers defined but never applied (a header map no code uses, a middleware never
registered) count as not set, with the definition as a related location.

Why it matters:
Without these headers browsers allow MIME sniffing, framing (clickjacking), plain-HTTP
downgrades and unrestricted script sources.

Example:
    app := fiber.New()          // no helmet, no header middleware
    app.Get("/api/v1/agents", h.ListAgents)

Fix:
Install the framework's security-header middleware (helmet, Echo Secure, gin-contrib/secure,
Talisman) or a middleware of your own that sets each header, and register it on the app.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import impl_context, production_path
from auditor.index.signals import SECURITY_HEADERS
from auditor.model import Finding

ALL = tuple(SECURITY_HEADERS.values())
_NEXT_CONFIG = re.compile(r"(^|/)next\.config\.(js|mjs|cjs|ts|mts)$")
_NEXT_MIDDLEWARE = re.compile(r"(^|/)(src/)?middleware\.(ts|js|mjs)$")
XCTO, XFO, XXP, HSTS, CSP, RP, PP = ALL

_POS = '''from fastapi import FastAPI

SECURITY_HEADERS = {"X-Frame-Options": "DENY"}


def add_security_headers(response):
    for k, v in SECURITY_HEADERS.items():
        response.headers[k] = v


app = FastAPI()


@app.get("/api/items")
def items():
    return []
'''
_NEG = '''from fastapi import FastAPI, Request

app = FastAPI()


@app.middleware("http")
async def security_headers(request: Request, call_next):
    response = await call_next(request)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-XSS-Protection"] = "1; mode=block"
    response.headers["Strict-Transport-Security"] = "max-age=63072000"
    response.headers["Content-Security-Policy"] = "default-src 'self'"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Permissions-Policy"] = "camera=()"
    return response
'''


def middleware_headers(callee: str, text: str, path: str) -> set[str]:
    """Headers a known security middleware sets, given its call text (with configuration)."""
    c = callee.rsplit(".", 1)[-1] if "." in callee else callee
    low = callee.lower()
    go = path.endswith(".go")
    if "helmet" in low and not go:
        return {XCTO, XFO, XXP, HSTS, CSP, RP}  # helmet.js sets no Permissions-Policy
    if "helmet" in low:  # gofiber/fiber middleware/helmet
        return {XXP, XCTO, XFO, RP} | _configured(text, (
            ("HSTSMaxAge", HSTS), ("ContentSecurityPolicy", CSP), ("PermissionPolicy", PP)))
    if c in ("Secure", "SecureWithConfig") and "secure." not in low:  # labstack/echo
        return {XXP, XCTO, XFO} | _configured(text, (
            ("HSTSMaxAge", HSTS), ("ContentSecurityPolicy", CSP), ("ReferrerPolicy", RP)))
    if low.startswith("secure.") and ("config" in text.lower() or "Default" in text):  # gin-contrib
        out = {XFO, XCTO, XXP, HSTS, CSP, RP} if "DefaultConfig" in text else set()
        return out | _configured(text, (
            ("FrameDeny", XFO), ("CustomFrameOptionsValue", XFO), ("ContentTypeNosniff", XCTO),
            ("BrowserXssFilter", XXP), ("STSSeconds", HSTS), ("ContentSecurityPolicy", CSP),
            ("ReferrerPolicy", RP)))
    if "talisman" in low:
        return {HSTS, CSP, XFO, XCTO, RP, PP}
    return set()


def _configured(text: str, options: tuple) -> set:
    """The headers whose configuration option (a field name) the middleware call sets."""
    return {header for key, header in options if key in text}


class SecurityHeaders(Rule):
    __doc__ = __doc__
    id = "security-headers"
    name = "MissingSecurityHeader"
    category = "security-headers"
    cwe = ("CWE-693",)
    owasp = ("A05:2021",)
    severity = "low"
    confidence = "medium"
    scope = "project"
    languages = ("go", "python", "typescript", "tsx", "javascript")
    positive = [Example("python", _POS, "main.py")]
    negative = [Example("python", _NEG, "main.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        apps = [(path, a) for path, sig in ic.modules.items() if production_path(path)
                for a in sig.get("apps", [])]
        # a Next.js app is its next.config (its `headers()` sets response headers); no call
        # creates it
        apps += [(path, {"line": 1, "callee": "next.config"}) for path in ctx.facts
                 if _NEXT_CONFIG.search(path) and production_path(path)]
        django = django_settings(ctx.facts)
        if django is not None:  # a Django project is its settings' MIDDLEWARE
            apps.append((django.path, {"line": django.line, "callee": "MIDDLEWARE"}))
        if not apps:
            return
        applied = _Applied(ctx, ic)
        set_where: dict[str, tuple[str, int]] = {}
        defined_where: dict[str, tuple[str, int]] = {}
        if django is not None:
            for header, where in django.headers.items():
                set_where.setdefault(header, where)
        for path, sig in ic.modules.items():
            if not production_path(path):
                continue
            for h in sig.get("headers", []):
                defined_where.setdefault(h["header"], (path, h["line"]))
                if applied.header_site(path, h):
                    set_where.setdefault(h["header"], (path, h["line"]))
            for mw in sig.get("secure_middleware", []):
                for header in middleware_headers(mw["callee"], mw["text"], path):
                    set_where.setdefault(header, (path, mw["line"]))
        apps.sort(key=lambda pa: (pa[0].count("/"), pa[0], pa[1]["line"]))
        seen_files = set()
        for path, app in apps:
            if path in seen_files:
                continue
            seen_files.add(path)
            for header in ALL:
                if header in set_where:
                    continue
                related = []
                msg = f"{header} is never set on responses of the app created here"
                if header in defined_where:
                    related = [defined_where[header]]
                    msg += (f" (defined at {defined_where[header][0]}:{defined_where[header][1]} "
                            "but never applied)")
                yield self.finding(path, app["line"], msg, snippet=f"{app['callee']}()",
                                   related=related)


class _DjangoSettings:
    def __init__(self, path: str, line: int, headers: dict) -> None:
        self.path, self.line, self.headers = path, line, headers


# Headers Django's middleware classes set (django/middleware/security.py, clickjacking.py,
# csp.py in Django 6.0; django-csp; django-permissions-policy), with the setting that turns
# each on or off and whether it is on by default (Django >= 3.1 defaults).
_DJANGO_MIDDLEWARE = {
    "django.middleware.security.SecurityMiddleware": (
        (XCTO, "SECURE_CONTENT_TYPE_NOSNIFF", True),
        (RP, "SECURE_REFERRER_POLICY", True),
        (HSTS, "SECURE_HSTS_SECONDS", False),
        (XXP, "SECURE_BROWSER_XSS_FILTER", False)),  # (Django < 4.0 only)
    "django.middleware.clickjacking.XFrameOptionsMiddleware": ((XFO, "X_FRAME_OPTIONS", True),),
    "django.middleware.csp.ContentSecurityPolicyMiddleware": ((CSP, "SECURE_CSP", False),),
    "csp.middleware.CSPMiddleware": ((CSP, "", True),),
    "django_permissions_policy.PermissionsPolicyMiddleware": ((PP, "PERMISSIONS_POLICY", True),),
}
_ARITH = re.compile(r"^[\d\s*+()_]+$")


def _setting_on(value: dict | None, default: bool) -> bool:
    """Whether a settings value turns its header on: absent -> the default; a literal False,
    None, 0 or empty string -> off; a positive number (60 * 60 * 24 * 365) or a string -> on;
    a value read from the environment cannot be told, so it counts as off unless on by
    default."""
    if value is None:
        return default
    kind, text = value.get("kind"), (value.get("text") or "").strip()
    if text in ("False", "None", "0", "''", '""'):
        return False
    if text == "True" or kind == "str" or kind == "dict":
        return True
    if _ARITH.match(text):  # sums and products of positive integers are positive
        nums = re.findall(r"\d+", text.replace("_", ""))
        return bool(nums) and all(int(n) > 0 for n in nums)
    return default


def django_settings(facts: dict) -> _DjangoSettings | None:
    """A Django project's settings: the module-level `MIDDLEWARE` list (and the entries its
    settings files append), and the headers those middleware set under the settings they read.
    None when no production file assigns a MIDDLEWARE with Django's own classes."""
    anchor = None
    middleware: set[str] = set()
    values: dict[str, dict] = {}
    for path in sorted(facts):
        fx = facts[path]
        if not path.endswith(".py") or not production_path(path):
            continue
        module = fx.get("module") or ""
        for a in fx.get("assigns") or ():
            target = a.get("target") or ""
            if a.get("func") != module or not target.isupper():
                continue
            v = a.get("value") or {}
            if target in ("MIDDLEWARE", "MIDDLEWARE_CLASSES"):
                names = [p.get("value") or "" for p in v.get("parts") or () if p.get("kind") == "str"]
                if any(n.startswith("django.") for n in names):
                    if anchor is None:
                        anchor = (path, a.get("line", 1))
                    middleware.update(names)
            else:
                values.setdefault(target, v)
        for c in fx.get("calls") or ():
            if c.get("callee") in ("MIDDLEWARE.append", "MIDDLEWARE.insert", "MIDDLEWARE.extend"):
                for arg in c.get("args") or ():
                    if isinstance(arg, dict) and arg.get("kind") == "str":
                        middleware.add(arg.get("value") or "")
    if anchor is None:
        return None
    headers: dict[str, tuple[str, int]] = {}
    for cls in sorted(middleware):
        for header, setting, default in _DJANGO_MIDDLEWARE.get(cls, ()):
            if not setting or _setting_on(values.get(setting), default):
                headers.setdefault(header, anchor)
    return _DjangoSettings(anchor[0], anchor[1], headers)


class _Applied:
    """Whether code that sets a header runs for requests."""

    def __init__(self, ctx, ic) -> None:
        self.ctx = ctx
        self.ic = ic
        self.g = ctx.graph
        self.mw_names = {m.rsplit(".", 1)[-1] for e in ctx.endpoints for m in e.middleware}
        self.on_chain = {(n.file, n.line) for e in ctx.endpoints for n in e.chain}
        self._arg_text = None
        self._live = None

    def live(self) -> set:
        """Every function reachable from an entry point: Go `main`, module top-level code,
        endpoint handlers. A middleware nobody registers is not among them."""
        if self._live is None:
            g = self.g
            live: set = set()
            if g is not None:
                entries = [n for n, d in g.g.nodes(data=True)
                           if d.get("kind") == "module" or n.endswith(".main")
                           or n.endswith(".init")]
                entries += [e.chain[0].name for e in self.ctx.endpoints if e.chain]
                stack = [n for n in entries if n in g.g]
                while stack:
                    n = stack.pop()
                    if n in live:
                        continue
                    live.add(n)
                    stack.extend(g.g.successors(n))
            self._live = live
        return self._live

    def arg_text(self) -> str:
        if self._arg_text is None:
            parts = []
            for path, fx in self.ctx.facts.items():
                if not production_path(path):
                    continue
                for c in fx.get("calls", []):
                    for a in c.get("args", []) or []:
                        if isinstance(a, dict):
                            parts.append(a.get("text", ""))
            self._arg_text = "\n".join(parts)
        return self._arg_text

    def function_runs(self, path: str, line: int, name: str) -> bool:
        info = self.ic.function_at(path, line, exact=True)
        if info is not None and info.on_trace:
            return True
        short = (name or "").rsplit(".", 1)[-1]
        if short and short in self.mw_names:
            return True
        g = self.g
        node = g.function_at(path, line) if g is not None else None
        if node is not None and node in self.live():
            return True
        fx = self.ctx.facts.get(path, {})
        if path.endswith(".go") and short == "ServeHTTP" and self._handler_constructed(path, line):
            return True
        for f in fx.get("functions", []):
            if f.get("line") in (line, line - 1) or (f.get("line", 0) <= line <= f.get("end_line", 0)
                                                     and f.get("name") == short):
                if any("middleware" in d or "before_request" in d or "after_request" in d
                       for d in f.get("decorators", []) or []):
                    return True
                owner = (f.get("cls") or "").rsplit(".", 1)[-1]
                if owner and re.search(rf"\b{re.escape(owner)}\b", self.arg_text()):
                    return True
        return False

    def _source(self, path: str) -> list[str]:
        """The lines of a file of the tree, read once."""
        from pathlib import Path

        cache = self.__dict__.setdefault("_sources", {})
        if path not in cache:
            cache[path] = []
            root = getattr(self.ctx, "root", None)
            if root is not None:
                p = Path(root) / path
                try:
                    if p.is_file() and not p.is_symlink() and p.stat().st_size < 2_000_000:
                        cache[path] = p.read_text(encoding="utf-8", errors="replace").split("\n")
                except OSError:
                    pass
        return cache[path]

    def _body_mentions(self, path: str, f: dict, rx: re.Pattern) -> bool:
        lines = self._source(path)
        lo, hi = f.get("line", 0), f.get("end_line", 0) or f.get("line", 0)
        return any(rx.search(ln) for ln in lines[max(lo - 1, 0):hi])

    def _handler_constructed(self, path: str, line: int) -> bool:
        """A Go `ServeHTTP` method runs for requests when a value of its type is built by a
        function that runs (net/http calls ServeHTTP on whatever Handler it is given): the
        middleware constructor `func NewX() func(http.Handler) http.Handler { return
        func(h http.Handler) http.Handler { return &X{h} } }` registered with `r.Use(NewX())`."""
        fx = self.ctx.facts.get(path, {})
        fn = next((f for f in fx.get("functions", []) if f.get("line") == line
                   and f.get("name") == "ServeHTTP" and f.get("cls")), None)
        if fn is None:
            return False
        typ = fn["cls"].rsplit(".", 1)[-1]
        built = re.compile(rf"(^|[^\w.]){re.escape(typ)}\{{")
        g = self.g
        for f in fx.get("functions", []):
            if f is fn or f.get("kind") == "closure":
                continue
            name = f.get("name") or ""
            runs = name in self.mw_names
            if not runs and g is not None:
                node = g.function_at(path, f.get("line", 0))
                runs = node is not None and node in self.live()
            if runs and self._body_mentions(path, f, built):
                return True
        return False

    def header_site(self, path: str, h: dict) -> bool:
        if _NEXT_CONFIG.search(path):
            return True  # next.config's headers(): Next.js applies them to the routes they match
        if _NEXT_MIDDLEWARE.search(path) and any(_NEXT_CONFIG.search(p) for p in self.ctx.facts):
            return True  # Next.js runs middleware.ts before every route it matches
        if h.get("fn_line"):
            return self.function_runs(path, h["fn_line"], h.get("fn") or "")
        holder = h.get("holder")
        if not holder:
            return False
        for fpath, infos in self.ic.by_file.items():
            if not production_path(fpath):
                continue
            for info in infos:
                rec = info.rec
                if any(holder in c["callee"] for c in rec["calls"]) or \
                        any(holder in a["text"] for a in rec["assigns"]):
                    if self.function_runs(fpath, rec["line"], rec.get("name") or ""):
                        return True
        if path.endswith(".go"):
            # a package-level header map a function of its package ranges over
            # (`for k, v := range securityHeaders { w.Header().Set(k, v) }`)
            used = re.compile(rf"\brange\s+{re.escape(holder)}\b")
            folder = path.rsplit("/", 1)[0] if "/" in path else ""
            for fpath, fx in self.ctx.facts.items():
                if not fpath.endswith(".go") or (fpath.rsplit("/", 1)[0] if "/" in fpath
                                                  else "") != folder:
                    continue
                if not production_path(fpath):
                    continue
                for f in fx.get("functions", []):
                    if f.get("kind") == "closure":
                        continue
                    if self._body_mentions(fpath, f, used) and \
                            self.function_runs(fpath, f.get("line", 0), f.get("name") or ""):
                        return True
        return False
