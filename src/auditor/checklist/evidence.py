"""What makes a checklist verdict signable: positive evidence for a PASS, and whether an item or
a whole checklist applies to the scanned system.

An item decided by findings passes only when the rules that decide it ran on the code the item
is about and that code exists: SQL queries were examined for "all queries parameterized",
endpoints were traced for "zero hardcoded return values", the dependency audit ran for "zero
known vulnerabilities". Otherwise the item is `not_verified`, with what would decide it. An item
about a feature the system does not have (email, payments, JWT) is `not_applicable`, and so is
every item of a system-specific checklist (AIM's, Kamiyo's) on a system that does not match it.
"""
from __future__ import annotations

import re

from auditor.checks.base import is_test_path

# Features an item can be about, recognised from production code's calls and imports.
FEATURES = {
    "email": re.compile(r"smtp|sendmail|send_mail|send_email|sendEmail|SendEmail|sendgrid|"
                        r"mailgun|postmark|nodemailer|gomail|mail\.Send|ses\.send|SendRawEmail|"
                        r"resend\.", re.I),
    "payments": re.compile(r"stripe|paypal|braintree|adyen|x402|payment|checkout\.Session|"
                           r"PaymentIntent", re.I),
    "jwt": re.compile(r"\bjwt\b|jwt[._]|jsonwebtoken|jose\.|ParseWithClaims|jwtVerify", re.I),
    "redis": re.compile(r"redis", re.I),
    "cors": re.compile(r"cors|Access-Control-Allow-Origin|CORSMiddleware|AllowOrigins", re.I),
    "hashing": re.compile(r"bcrypt|argon2|scrypt|pbkdf2|hashlib|sha256|sha1|md5|"
                          r"GenerateFromPassword|CompareHashAndPassword|crypto\.createHash", re.I),
    "random": re.compile(r"\brandom\.|\brand\.|secrets\.|Math\.random|randomBytes|"
                         r"randomUUID|uuid\.", re.I),
    "http_client": re.compile(r"^(requests|httpx|aiohttp|urllib3|urllib\.request|urllib2)\.|"
                              r"^urlopen$|\bfetch$|^axios|"
                              r"^got\(|http\.(Get|Post|NewRequest\w*)$|client\.Do$", re.I),
    "deserialization": re.compile(r"pickle\.|yaml\.(load|unsafe_load)|marshal\.|jsonpickle|"
                                  r"shelve\.|gob\.NewDecoder|unserialize|node-serialize", re.I),
    # kinds of data a system handles, read from calls, imports and the names passed around
    "passwords": re.compile(r"password|passwd|bcrypt|argon2|scrypt|pbkdf2|"
                            r"GenerateFromPassword|CompareHashAndPassword", re.I),
    "card_data": re.compile(r"card_?number|cardNumber|credit_?card|creditCard|\bcvv\b|\bcvc\b|"
                            r"stripe|braintree|adyen|squareup|PaymentIntent|checkout\.Session",
                            re.I),
    "bank_data": re.compile(r"\biban\b|bank_?account|bankAccount|routing_?number|"
                            r"routingNumber|plaid|dwolla", re.I),
    "ssn_data": re.compile(r"\bssn\b|social_?security|socialSecurity", re.I),
    # email addresses: a value named as one, a validator or type for one (EmailStr, isEmail),
    # or mail sent (a system that sends mail handles its recipients' addresses)
    "email_data": re.compile(r"e[-_]?mail|mail_?addr|mailto|smtp|sendmail|nodemailer|sendgrid|"
                             r"mailgun|postmark", re.I),
    # (a logger's methods by the logger's name: `s.logger.Error`, not gin's `c.Error` or
    # `fmt.Errorf`, which make errors)
    "logging": re.compile(r"^(logging|logger|log|console|slog|zap|zerolog|structlog|logrus)\.|"
                          r"(^|\.)(\w*logger|log|_log|lg|sugar)\.\w+$|\.(Printf|Println)$",
                          re.I),
}

DATA_FEATURES = ("passwords", "card_data", "bank_data", "ssn_data", "email_data")

# Categories whose PASS needs the code they judge: no outbound request means nothing was
# examined for SSRF, not that SSRF was ruled out.
_FEATURE_OF_CATEGORY = {"jwt-verification": "jwt", "cors": "cors", "weak-hash": "hashing",
                        "insecure-random": "random", "ssrf": "http_client",
                        "deserialization": "deserialization", "sensitive-logging": "logging"}
# For a category, the call that shows its property holds (cited before other sites)
_POSITIVE_SITE = {"jwt-verification": re.compile(r"(?i)(verify|decode|Parse(WithClaims)?$|"
                                                 r"jwtVerify)")}
_AUTH_PATH = re.compile(r"login|signin|sign-in|token|auth|register|signup|sign-up|password|"
                        r"session|oauth", re.I)

# Categories decided only by an engine: without that engine, absence proves nothing.
ENGINE_OF = {"dependency-vuln": "dependencies"}

# Categories whose PASS needs the kind of code they judge to exist, and how to count it.
_ENDPOINT_CATEGORIES = {"hardcoded-return", "mock-data", "todo", "layering", "missing-auth",
                        "rate-limit", "error-exposure"}


class Signals:
    """The scanned system as the checklists see it: languages, frameworks, endpoint paths,
    features; computed once per scan."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        r = ctx.result
        self.languages = {("typescript" if fx.get("language") in ("tsx", "javascript") else
                           fx.get("language", "")) for fx in ctx.facts.values()} - {""}
        self.frameworks = {e.framework for e in r.endpoints if not e.implicit and e.framework}
        self.paths = [e.path for e in r.endpoints if not e.implicit]
        self._features: dict[str, list[tuple[str, int, str]]] | None = None

    def features(self) -> dict[str, list[tuple[str, int, str]]]:
        """feature -> production call sites (file, line, callee) that use it."""
        if self._features is None:
            from auditor.checklist.predicates import _arg_names, _callees
            from auditor.scan.findings import dead_spans_of
            from auditor.scan.reach import innermost_dead

            dead = dead_spans_of(self.ctx.analysis)  # code no entry point reaches is not a feature
            found: dict[str, list] = {k: [] for k in FEATURES}
            for callee, sites in _callees(self.ctx).items():
                for name, rx in FEATURES.items():
                    if rx.search(callee):
                        live = [(p, ln) for p, ln in sites if not innermost_dead(dead, p, ln)]
                        found[name].extend((p, ln, callee) for p, ln in live[:3])
            for arg, sites in _arg_names(self.ctx).items():  # `charge(card_number)`
                for name in DATA_FEATURES:
                    if FEATURES[name].search(arg):
                        live = [(p, ln) for p, ln in sites if not innermost_dead(dead, p, ln)]
                        found[name].extend((p, ln, arg) for p, ln in live[:3])
            for path, fx in self.ctx.facts.items():
                if is_test_path(path):
                    continue
                for imp in fx.get("imports") or ():
                    text = f"{imp.get('target', '')} {imp.get('name') or ''}"
                    for name, rx in FEATURES.items():
                        if rx.search(text):
                            found[name].append((path, imp.get("line", 1), text.strip()))
            # sorted (the same each run), the service's own sites first: those on an endpoint's
            # trace, then the rest of production code, then scripts, seeders and CLIs beside it
            from auditor.checklist.predicates import _evidence_rank

            rank = _evidence_rank(self.ctx)
            self._features = {k: sorted(v, key=lambda o: (rank(o[0]), o))
                              for k, v in found.items()}
        return self._features

    def has_feature(self, name: str) -> bool:
        return bool(self.features().get(name))

    def matches(self, cond: dict) -> tuple[bool, list[str]]:
        """Whether the system matches a checklist's `applies_when`, and the signals read."""
        said = []
        ok = True
        langs = set(cond.get("languages") or ())
        if langs:
            hit = langs & self.languages
            said.append(f"languages {', '.join(sorted(self.languages)) or 'none'} "
                        f"({'has' if hit else 'lacks'} {', '.join(sorted(langs))})")
            ok &= bool(hit)
        fws = set(cond.get("frameworks") or ())
        if fws:
            hit = fws & self.frameworks
            said.append(f"frameworks {', '.join(sorted(self.frameworks)) or 'none'} "
                        f"({'has' if hit else 'lacks'} {', '.join(sorted(fws))})")
            ok &= bool(hit)
        pats = cond.get("endpoint_paths") or ()
        if pats:
            rxs = [re.compile(p) for p in pats]
            n = sum(1 for p in self.paths if any(rx.search(p) for rx in rxs))
            said.append(f"{n} endpoint paths match {' | '.join(pats)}")
            ok &= n > 0
        feats = cond.get("features") or ()
        for f in feats:
            has = self.has_feature(f)
            said.append(f"{'uses' if has else 'does not use'} {f}")
            ok &= has
        return ok, said


# Outbound HTTP requests and the position of their URL argument.
_GO_URL_ARG = {"NewRequest": 1, "NewRequestWithContext": 2, "Get": 0, "Head": 0, "Post": 0,
               "PostForm": 0}
_PY_URL_ARG = {"get": 0, "post": 0, "put": 0, "patch": 0, "delete": 0, "head": 0, "options": 0,
               "request": 1, "stream": 1, "urlopen": 0, "Request": 0}
_PY_MODULES = re.compile(r"^(requests|httpx|aiohttp|urllib\.request|urllib3)$")
_PY_CLIENTS = re.compile(r"^(self\.)?_?(session|client|http_client|http|async_client)$")
_HTTP_IMPORT = re.compile(r"^(net/http|requests|httpx|aiohttp|urllib3?)(\.|/|$)")
_TS_CLIENTS = re.compile(r"^(axios|got|ky|superagent|needle)$")
# A URL from configuration or the environment, or one whose scheme and host are written out.
_CONFIGURED = re.compile(r"config|cfg|settings|\bconf\b|\benv\b|environ|Getenv|process\.env",
                         re.I)
_CONSTANT_NAME = re.compile(r"\b[A-Z][A-Z0-9]*_(URL|HOST|ENDPOINT|BASE|API)\w*\b")
# A URL held by the object itself (`self.base_url`, `this.apiUrl`): set when it was built, from
# its configuration, not by a request.
_OWN_FIELD = re.compile(r"^(self|this)\.\w+|^[fr]?[`'\"]\{?\$?\{(self|this)\.\w+\}")
# scheme and host written out, or a path relative to the service itself
_FIXED_HOST = re.compile(r"""^[fbr]?[`'"](https?://[\w.-]+(:\d+)?(/|[`'"]|$)|/)|"""
                         r"""^new URL\(\s*[`'"]""")


def _url_arg(lang: str, call: dict, imports_http: bool):
    name, recv = call.get("name") or "", call.get("receiver") or ""
    pos = None
    args = call.get("args") or []
    if lang == "go":
        if recv == "http" or imports_http and re.search(r"(^|\.)(http)?[cC]lient$", recv):
            pos = _GO_URL_ARG.get(name)
    elif lang == "python":
        if _PY_MODULES.match(recv) or imports_http and _PY_CLIENTS.match(recv):
            pos = _PY_URL_ARG.get(name)
    elif lang in ("typescript", "tsx", "javascript"):
        if call.get("callee") in ("fetch", "axios", "got", "ky") or \
                _TS_CLIENTS.match(recv) and name in ("get", "post", "put", "patch", "delete",
                                                      "head", "request"):
            pos = 0
    if pos is None or pos >= len(args):
        return None
    a = args[pos]
    if isinstance(a, dict) and re.fullmatch(r"ctx|context\.\w+\(\)|\w*[cC]tx", a.get("text") or ""):
        return None  # a context first: a cache or queue client's Get(ctx, key), not HTTP
    return a


def _configured(e: dict, fx: dict, scope: str, depth: int, recv: dict[str, str]) -> bool:
    """Whether a URL expression is a constant, configuration, the object's own field, or a
    local name every assignment of which is one (a loop over a table of configured URLs)."""
    kind, text = e.get("kind"), e.get("text") or ""
    if kind in ("str", "num", "bool", "null") or not text:
        return True
    if _CONFIGURED.search(text) or _CONSTANT_NAME.search(text) or _FIXED_HOST.match(text) or \
            _OWN_FIELD.match(text):
        return True
    own = recv.get(scope)
    if own and re.fullmatch(rf"{re.escape(own)}\.\w+", text):
        return True  # a Go method's own field (`c.baseURL`)
    if kind in ("dict", "list", "tuple", "set", "array", "object") and e.get("parts"):
        return all(_configured(p, fx, scope, depth, recv) for p in e["parts"])
    if kind in ("binary", "concat", "fstring", "template") and e.get("parts"):
        # `API + "/rates"`, f"{base}/x": the host is whatever the first part holds
        return _configured(e["parts"][0], fx, scope, depth, recv)
    if kind != "name" or depth > 2:
        return False
    named = [a for a in fx.get("assigns") or ()
             if a.get("target") == text or text in (a.get("targets") or ())]
    values = [a for a in named if a.get("func") == scope] or \
        [a for a in named if not a.get("func") or a.get("func") == fx.get("module")]
    if not values:
        return False
    for a in values:
        v = a.get("value") or {}
        if a.get("via") == "for":  # `for chain, url in table.items()`: the table's values
            root = re.sub(r"\.(items|values|keys)\(\)$", "", v.get("text") or "")
            v = {"kind": "name", "text": root} if re.fullmatch(r"\w+", root) else v
        if not _configured(v, fx, scope, depth + 1, recv):
            return False
    return True


def imports_http_client(fx: dict) -> bool:
    """Whether a file's facts import an HTTP client (kept when a scan drops the imports)."""
    return any(_HTTP_IMPORT.match(i.get("target") or "") for i in fx.get("imports") or ())


def outbound_urls(ctx) -> list[tuple[str, int, str, str]]:
    """(file, line, callee, URL text) of the outbound HTTP requests of production code, in code
    an entry point reaches, whose URL is neither a literal, nor configuration or the
    environment, nor a literal with its scheme and host written out: the requests an SSRF
    pass would have to clear."""
    cached = getattr(ctx, "_outbound", None)
    if cached is not None:
        return cached
    from auditor.scan.findings import chain_spans

    spans = chain_spans(ctx.analysis)
    out = []
    for path, fx in (ctx.facts or {}).items():
        if is_test_path(path) or path not in spans:
            continue
        lang = fx.get("language", "")
        recv = {f.get("qname", ""): f["recv"] for f in fx.get("functions") or () if f.get("recv")}
        imports_http = fx["http_lib"] if "http_lib" in fx else imports_http_client(fx)
        for c in fx.get("calls") or ():
            line = c.get("line", 0)
            if not any(a <= line <= b for a, b, _q in spans[path]):
                continue  # only requests made while serving a request: not a CLI, a CI script
            a = _url_arg(lang, c, imports_http)
            if not isinstance(a, dict):
                continue
            text = a.get("text") or ""
            if not text or _configured(a, fx, c.get("caller") or "", 0, recv):
                continue
            out.append((path, line, c.get("callee", ""), text))
    ctx._outbound = sorted(out)
    return ctx._outbound


def rate_limited_auth_endpoints(ctx) -> tuple[list[dict], list]:
    """(evidence for each authentication endpoint a limiter covers, the endpoints the rate-limit
    rule checks). An authentication endpoint takes a credential or issues one: a non-GET route
    whose path names login, token, register, password... The limiter is the decorator, guard or
    middleware in effect on the route (`@limiter.limit("5/minute")`, `@Throttle`,
    `router.post("/login", loginLimiter, ...)`), cited at its own line where the code has it."""
    from auditor.checks.rules.rate_limit import AUTH_PATH, LIMITER

    eps = [e for e in ctx.result.endpoints if not e.implicit
           and e.method not in ("GET", "HEAD", "OPTIONS")]
    checked = [e for e in eps if AUTH_PATH.search(e.path)]
    auth = [e for e in eps if AUTH_PATH.search(e.path) or _AUTH_PATH.search(e.path)]
    out = []
    for e in auth:
        limiters = [m for m in e.middleware if LIMITER.search(m)]
        if not limiters:
            continue
        f, reg = e.registered_at.get("file", ""), e.registered_at.get("line", 0)
        hl = e.handler.get("line", 0) if e.handler.get("file") == f else reg
        # (a decorated Python handler starts at its first decorator: the limiter's is below)
        lo, hi = min(reg, hl or reg), max(reg, hl or reg) + 10
        sites = [c for c in ((ctx.facts or {}).get(f) or {}).get("calls") or ()
                 if lo <= c.get("line", 0) <= hi and LIMITER.search(c.get("callee", ""))]
        if sites:
            c = sites[0]
            args = ", ".join(a.get("text", "") for a in c.get("args") or ()
                             if isinstance(a, dict))[:40]
            out.append({"file": f, "line": c["line"], "endpoint": e.key,
                        "text": f"{e.key}: rate limited by {c['callee']}({args})"})
        else:
            out.append({"file": f, "line": reg, "endpoint": e.key,
                        "text": f"{e.key}: rate limited by {', '.join(limiters)} in effect on "
                                "the route"})
    others = [e for e in ctx.result.endpoints if not e.implicit and e not in auth
              and any(LIMITER.search(m) for m in e.middleware)]
    if out and others:
        out.append({"text": f"the limiter also covers {len(others)} other routes (e.g. "
                            f"{', '.join(e.key for e in others[:3])})"})
    return out, checked


# Where a deployment sets response headers in front of the application: a reverse proxy's or a
# platform's configuration (nginx `add_header` / `more_set_headers`, Apache `Header set`, Caddy
# `header`, Netlify `_headers` / netlify.toml, vercel.json and firebase.json `"key"`, a
# Kubernetes ingress or Traefik `customResponseHeaders`), also as a block in the deployment docs.
_PROXY_FILE = re.compile(r"(\.conf|\.conf\.template|\.htaccess|Caddyfile[^/]*|_headers|"
                         r"netlify\.toml|vercel\.json|firebase\.json|\.ya?ml|\.md|nginx[^/]*)$",
                         re.I)
_SKIP_DIRS = {"node_modules", "vendor", ".git", "dist", "build", ".venv", "venv", "__pycache__",
              "tests", "test", "testdata", "fixtures"}


def _header_directive(header: str, path: str) -> re.Pattern:
    h = re.escape(header)
    forms = [rf"(add_header|more_set_headers|proxy_set_header)\s+[\"']?{h}\b",
             rf"\bHeader\s+(always\s+)?(set|append|add|merge)\s+[\"']?{h}\b",
             rf"^\s*header\s+[\"']?{h}\b"]
    if not path.lower().endswith(".md"):
        forms += [rf"[\"']key[\"']\s*:\s*[\"']{h}[\"']",        # vercel.json, firebase.json
                  rf"^\s*[\"']?{h}[\"']?\s*[:=]\s*\S"]           # _headers, toml, YAML
    return re.compile("|".join(forms), re.I | re.M)


def deployment_header_sites(ctx, header: str) -> list[dict]:
    """Where the repository's proxy or platform configuration sets `header` on responses."""
    files = getattr(ctx, "_proxy_files", None)
    if files is None:
        import os

        files, seen = [], 0
        for dirpath, dirnames, filenames in os.walk(ctx.root):
            dirnames[:] = sorted(d for d in dirnames if d.lower() not in _SKIP_DIRS
                                 and not d.startswith("."))
            rel = os.path.relpath(dirpath, ctx.root)
            if rel != "." and rel.count(os.sep) >= 4:
                dirnames[:] = []
            for name in sorted(filenames):
                seen += 1
                if _PROXY_FILE.search(name):
                    p = os.path.join(dirpath, name)
                    try:
                        if os.path.islink(p) or os.path.getsize(p) > 1_000_000:
                            continue
                        with open(p, encoding="utf-8", errors="replace") as fh:
                            text = fh.read()
                    except OSError:
                        continue
                    files.append((os.path.relpath(p, ctx.root).replace(os.sep, "/"), text))
            if seen > 20000:
                break
        ctx._proxy_files = files
    out = []
    for path, text in files:
        if header.lower() not in text.lower():
            continue
        m = _header_directive(header, path).search(text)
        if m:
            out.append({"file": path, "line": text[:m.start()].count("\n") + 1,
                        "text": f"{header} is set by the proxy or platform configuration here "
                                f"({' '.join(m.group(0).split())[:60]}), not by the application: "
                                "it holds only where that configuration serves the app"})
    return out


# A CORS middleware installed with the framework's default policy, which answers every origin:
# Express `cors()`, Flask-CORS `CORS(app)`, Echo `middleware.CORS()`, Fiber `cors.New()`, gin
# and rs/cors `cors.Default()`, `cors.AllowAll()`. The cors rule does not report them (no
# credentials ride along), but an origin list is what "restricted to known origins" asks for.
_DEFAULT_CORS = {"cors": 0, "CORS": 1, "middleware.CORS": 0, "cors.New": 0, "cors.Default": -1,
                 "cors.AllowAll": -1}


_CORS_IMPORT = re.compile(r"""require\(\s*['"]cors['"]\s*\)|from\s+['"]cors['"]|"""
                          r"""\bflask_cors\b|gin-contrib/cors|rs/cors|middleware/cors|"""
                          r"""labstack/echo/v\d/middleware|labstack/echo/middleware""")


def default_cors_policies(ctx) -> list[dict]:
    from auditor.checklist.predicates import _callees

    index = _callees(ctx)
    out: list[dict] = []
    texts: dict[str, str] = {}
    for callee, most in _DEFAULT_CORS.items():
        for path, line in index.get(callee, ()):
            fx = (ctx.facts or {}).get(path) or {}
            if path not in texts:
                from auditor.checklist.predicates import _read

                texts[path] = _read(ctx.root / path)
            if not _CORS_IMPORT.search(texts[path]):
                continue  # a function of the project's own named cors, not the library
            for c in fx.get("calls") or ():
                if c.get("line") != line or c.get("callee") != callee:
                    continue
                args = [a for a in c.get("args") or () if isinstance(a, dict)]
                if most >= 0 and (len(args) > most or any(a.get("arg") for a in args)):
                    continue
                out.append({"file": path, "line": line,
                            "text": f"{callee}({', '.join(a.get('text', '') for a in args)}): the "
                                    "framework's default CORS policy answers any origin (no "
                                    "credentials); an allow-list of origins would restrict it"})
                break
    return sorted(out, key=lambda e: (e["file"], e["line"]))


def applies(item: dict, signals: Signals) -> tuple[bool, str]:
    """An item's own `applies_to` (languages, features): (applies, reason when it does not)."""
    cond = item.get("applies_to")
    if not cond:
        return True, ""
    ok, said = signals.matches(cond)
    return ok, "; ".join(said)


def positive_evidence(spec: dict, ctx, signals: Signals) -> tuple[str, list[dict]]:
    """For a findings-decided item with no matching finding: ("pass", what was examined) or
    ("not_verified" / "not_applicable", why the absence proves nothing)."""
    r = ctx.result
    cats = set(spec.get("categories") or ())
    rules = set(spec.get("rules") or ())
    metas = [m for m in r.rules if m["id"] in rules or m["category"] in cats
             or set(m.get("cwe", ())) & set(spec.get("cwes") or ())
             or set(m.get("owasp", ())) & set(spec.get("owasp") or ())]
    engines = {e.name: e for e in r.engines}
    for cat, engine in ENGINE_OF.items():
        if cat in cats:
            st = engines.get(engine)
            if st is None or st.status != "ok":
                why = "was not run" if st is None else f"{st.status}" + (
                    f": {st.message}" if st.message else "")
                return "not_verified", [{"text": f"the {engine} engine {why}; run it to decide "
                                                 "this item"}]
    if spec.get("message_contains"):
        return "not_verified", [{"text": "the rules that decide it ran without a finding about "
                                         f"{' / '.join(spec['message_contains'])}, but nothing shows "
                                         "that this aspect was examined; a check of the thing the "
                                         "item asks for would decide it"}]
    langs = {lang for m in metas for lang in m.get("languages", ())}
    langs = {"typescript" if lang in ("tsx", "javascript") else lang for lang in langs}
    if metas and langs and not (langs & signals.languages):
        return "not_applicable", [{"text": f"the rules that decide it check "
                                           f"{', '.join(sorted(langs))}; the system has "
                                           f"{', '.join(sorted(signals.languages)) or 'no code'}"}]
    evidence: list[dict] = []
    names = sorted({m["id"] for m in metas} | {c for c in cats if c in ENGINE_OF})
    files = sum(1 for fx in ctx.facts.values() if fx.get("language")) if ctx.facts else \
        r.files_analyzed
    if names:
        evidence.append({"text": f"{', '.join(names[:8])}{' ...' if len(names) > 8 else ''} ran on "
                                 f"{files} files: no finding"})
    if "sql-injection" in cats or "sql-injection" in rules:
        sites = {(s["file"], s["line"]) for e in r.endpoints for s in e.sql_sites}
        safe = sum(len(((fx.get("extra") or {}).get("safe_sql_lines") or ()))
                   for fx in (ctx.facts or {}).values())
        n = max(len(sites), safe)
        if not n:
            return "not_verified", evidence + [{"text": "no SQL query was found in the code, so "
                                                        "none could be checked"}]
        evidence.append({"text": f"{n} SQL query sites examined; none builds its text from "
                                 "input"})
    if cats & _ENDPOINT_CATEGORIES:
        eps = [e for e in r.endpoints if not e.implicit]
        if not eps:
            return "not_verified", evidence + [{"text": "no endpoint was found, so no request "
                                                        "path could be traced"}]
        nodes = sum(len(e.chain) for e in eps)
        evidence.append({"text": f"{len(eps)} endpoints traced ({nodes} functions on their "
                                 "chains)"})
    if "rate-limit" in cats:
        covered, checked = rate_limited_auth_endpoints(ctx)
        if not covered and not checked and cats <= {"rate-limit", "missing-auth", "layering"}:
            return "not_verified", [{"text": "no authentication endpoint (login, token, "
                                             "register...) that takes a credential was found "
                                             "to check for a limiter"}]
        evidence += covered[:20]
    if "ssrf" in cats:
        loose = outbound_urls(ctx)
        if loose:
            return "not_verified", evidence + [
                {"file": p, "line": ln, "text": f"{callee}: the URL ({url[:60]}) is neither a "
                                                "constant nor configuration"}
                for p, ln, callee, url in loose[:10]] + [
                {"text": f"{len(loose)} outbound requests take a URL held in a variable or a "
                         "record; the taint analysis follows request data to them, not a URL "
                         "stored by one request and fetched by another: a host allowlist "
                         "before the request would decide this item"}]
    if "security-headers" in cats or "security-headers" in rules:
        from auditor.checklist.predicates import _callees
        from auditor.index.signals import APP_CREATE

        apps = sorted((p, ln, c) for c, sites in _callees(ctx).items() if APP_CREATE.match(c)
                      for p, ln in sites)
        if not apps:
            from auditor.checks.rules.security_headers import django_settings

            django = django_settings(ctx.facts or {})
            if django is not None:  # Django's headers come from its settings' MIDDLEWARE
                apps = [(django.path, django.line, "MIDDLEWARE")]
        if not apps:
            return "not_verified", evidence + [
                {"text": "security-headers: no application object the rule anchors to "
                         "(express(), FastAPI(), Flask(), fiber.New(), gin.New(), echo.New(), "
                         "NestFactory.create...) nor Django settings with a MIDDLEWARE list, so no "
                         "response headers were examined"}]
        evidence.append({"file": apps[0][0], "line": apps[0][1],
                         "text": f"security-headers: the app created here ({apps[0][2]}) was "
                                 "examined"})
    if "cors" in cats:
        default = default_cors_policies(ctx)
        if default:
            return "warn", evidence + default[:10]
    featured = [c for c in cats if c in _FEATURE_OF_CATEGORY]
    if featured:
        present = []
        for cat in sorted(featured):
            feature = _FEATURE_OF_CATEGORY[cat]
            sites = signals.features().get(feature) or []
            if sites:
                # the site that does what the item asks for, where there is one: a JWT
                # verification (jwt.verify, jwt.decode, ParseWithClaims), not the import
                best = [o for o in sites if _POSITIVE_SITE.get(cat) is not None
                        and _POSITIVE_SITE[cat].search(o[2])]
                p, ln, callee = (best or sites)[0]
                present.append({"file": p, "line": ln,
                                "text": f"{cat}: {feature} code examined ({len(sites)} sites, "
                                        f"e.g. {callee})"})
        if not present and set(featured) == cats:
            what = ", ".join(sorted({_FEATURE_OF_CATEGORY[c] for c in featured}))
            status = "not_applicable" if len(cats) == 1 and featured[0] in (
                "jwt-verification", "cors") else "not_verified"
            return status, [{"text": f"no {what} code in production code: nothing of that kind "
                                     "to examine"}]
        evidence.extend(present)
    if not metas and not (cats & set(ENGINE_OF)):
        return "not_verified", [{"text": "no rule that decides this item ran"}]
    return "pass", evidence
