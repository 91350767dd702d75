"""Shared ground of the "real implementation" pack: implementation signals joined with traces.

The per-file signals (auditor.index.signals) say what each function returns and calls; the
endpoints say which functions serve a request and in which layer. `ImplContext` joins them once
per scan so that each rule stays a short statement of what a reviewer would call a stub.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.checks.base import is_test_path
from auditor.index.signals import unpack_signals

# (`/.well-known/...`, RFC 8615, with its dot; a CSRF token
# endpoint hands the client the token of its session; SCIM's discovery documents, RFC 7644
# section 4, are the server's fixed schema)
STATIC_PATH = re.compile(r"(^|/)scim/v2/(ServiceProviderConfigs?|ResourceTypes|Schemas)(/|$)|"
                         r"(^|/)[_.]?(csrf[-_]?token|csrf|"
                         r"health\w*|health[-_]check|healthz|ready\w*|readyz|live\w*|"
                         r"livez|ping|ok|version|status|metrics|docs|redoc|swagger(-ui)?(\.json|\.ya?ml)?|"
                         r"openapi(\.json|\.ya?ml)?|favicon(\.\w+)?|robots\.txt|well-known|info|about|"
                         r"manifest(\.json|\.webmanifest)?|sw\.js|service-worker\.js)(/|$)", re.I)
NON_PRODUCTION = re.compile(r"(^|/)(seeds?|seeders?|scripts?|tools?|migrations?|docs?|"
                            r"storybook|stories|benchmarks?|load[-_]?tests?|k6|"
                            r"playground)(/|$)|\.stories\.[jt]sx?$|(^|/)seed[^/]*\.(go|py|ts|js)$|"
                            r"(^|/)(examples?|demos?|samples?)([_.\-][^/]*)?\.(go|py|ts|tsx|js|jsx)$",
                            re.I)
EXCLUDED_NAMES = re.compile(
    r"(?i)^(string|error|tablename|name|type|kind|version|health\w*|ready\w*|live\w*|ping|"
    r"status|marshal\w*|unmarshal\w*|__\w+__|tostring|tojson|default\w*|\w*config\w*|\w*options|"
    r"is[A-Z_]\w*|has[A-Z_]\w*|can[A-Z_]\w*|len|less|swap|equals?|hash\w*|new\w*|init\w*|"
    r"setup\w*|register\w*|routes?|describe|help|usage|main|get_?default\w*|scan|value|"
    r"valid|validate\w*|schema|columns?|fields?|headers?|label\w*|title|icon|color|colour)$")
ERRORISH = re.compile(r"\berr\b|\berrors?\.|Errorf|Error\(|Exception|HTTPException|\bnil, err|"
                      r"\bthrow\b|\braise\b|Status(BadRequest|NotFound|Unauthorized|Forbidden|"
                      r"InternalServerError|Conflict)")


def cors_preflight(e) -> str:
    """The CORS middleware that alone answers an OPTIONS route (Express `app.options('*',
    cors())`, a gin/echo/fiber `OPTIONS` route whose handler is a CORS middleware): its name, or
    '' for any other route. A preflight answer carries the CORS headers and no data by design,
    so it is exempt from "reaches a service or its data" (and says so in the evidence)."""
    from auditor.checks.treeutil import words

    if (e.method or "").upper() != "OPTIONS":
        return ""
    name = (e.handler or {}).get("name") or ""
    callee = name.split("(", 1)[0]
    return name if any(w in ("cors", "preflight") for w in words(callee)) else ""


def is_static_path(path: str) -> bool:
    """Health, readiness, version, docs and the bare root: answers that are static by design."""
    return path.strip() in ("", "/", "*") or bool(STATIC_PATH.search(path))


# (a free host's wake-up or warm-up ping, `GET /api/common/wake-up-server`, is one too)
_HEARTBEAT = re.compile(r"(?i)(^|/)(?:heartbeat|keep[-_]?alive|wake[-_]?up(?:[-_][a-z]+)?|"
                        r"warm[-_]?up)(?:/\*)?/?$")


# the root of an API (`GET /api`, `GET /api/v1/`): where a server answers its name, version and
# links by design (a POST there may be a JSON-RPC or GraphQL endpoint: not this)
API_ROOT = re.compile(r"(?i)^/(api|rest)(/v\d+(\.\d+)?)?/?$")


def is_api_root(method: str, path: str) -> bool:
    return method in ("GET", "HEAD") and bool(API_ROOT.match(path.strip()))


def is_static_endpoint(e) -> bool:
    """A static path, an API's root, or a heartbeat or keep-alive read (`GET /api/heartbeat`
    answering `{ok: true}`, a liveness probe); a heartbeat POST is data (WakaTime's heartbeats are the events
    it stores)."""
    return is_static_path(e.path) or is_api_root(e.method, e.path) or \
        (e.method in ("GET", "HEAD") and bool(_HEARTBEAT.search(e.path)))


PUBLIC_ROUTE = re.compile(
    r"(?i)(^|/)(login|logout|signin|sign-in|signup|sign-up|register|registration|"
    r"forgot([-_]?password)?|reset[-_]?password|password[-_]?reset|verify[-_]?email|confirm|"
    r"refresh|token|oauth|callback|sso|saml|health\w*|ready\w*|live\w*|ping|version|status|"
    r"metrics|docs|redoc|openapi(\.json)?|swagger|well-known|public|request-access|"
    r"favicon\.ico|robots\.txt|sign/(up|in|out)|refresh[-_]?tokens?|password[-_]?recovery|"
    r"recover[-_]?password)(/|$|\.)|[-_](login|logout|signin|signup|register)(/|$|\.)")
WEBHOOK_ROUTE = re.compile(r"(?i)(^|/)webhooks?(/|$)")
# a logout: it forgets a session or a token, and answers that it did, by design
LOGOUT_ROUTE = re.compile(r"(?i)(^|/)(log[-_]?out|sign[-_]?out|log[-_]?off)/?$")


def is_public_route(path: str, config) -> bool:
    """Routes public by their nature (login, register, health, docs...) or by the configuration's
    `public_routes`: globs matched against the whole path (`/x402/*`: /x402/verify, not
    /x402/a/b nor /api/x402-admin/keys), or `re:EXPR` regular expressions matched with
    `re.fullmatch` (see `auditor.config.route_pattern`)."""
    if PUBLIC_ROUTE.search(path):
        return True
    from auditor.config import route_matches

    for pattern in getattr(config, "public_routes", None) or ():
        try:
            if route_matches(pattern, path):
                return True
        except ValueError:  # rejected by load_config; a Config built in code: never matches
            continue
    return False


@lru_cache(maxsize=65536)
def production_path(path: str) -> bool:
    # asked for every function of every file by several rules: once per path is enough
    return not is_test_path(path) and not NON_PRODUCTION.search(path)


_NONE: frozenset = frozenset()


@dataclass(slots=True)
class FnInfo:
    """One function of the tree (a million-line tree has 120k): slots, and the endpoint sets
    stay one shared empty set until an endpoint's trace passes through the function."""
    file: str
    rec: dict
    endpoints: set[str] | frozenset = _NONE
    layer: str = "other"
    is_handler_of: set[str] | frozenset = _NONE

    @property
    def on_trace(self) -> bool:
        return bool(self.endpoints)


class ImplContext:
    """Functions of every file with the endpoints whose trace contains them and their layer."""

    def __init__(self, ctx) -> None:
        from auditor.endpoints.trace import layer_of

        self.ctx = ctx
        self.by_file: dict[str, list[FnInfo]] = {}
        self._starts: dict[str, list[int]] = {}
        self.modules: dict[str, dict] = {}
        self.memo: dict = {}  # what a rule computes once per scan (a file's lines, path sets)
        # where each definition of the graph ends, by (file, line of its first line): a graph
        # node's line is a decorated definition's first decorator (`@router.get(\n ... \n)`
        # over several lines), the function's own record starts at its `def`
        self._ends: dict[tuple[str, int], int] = {}
        g = getattr(getattr(ctx, "graph", None), "g", None)
        if g is not None:
            for _n, d in g.nodes(data=True):
                if d.get("end_line") and d.get("file") and \
                        d.get("kind") in ("function", "method", "closure"):
                    self._ends[(d["file"], d.get("line", 0))] = d["end_line"]
        for path, fx in ctx.facts.items():
            sig = unpack_signals((fx.get("extra") or {}).get("signals"))
            if not sig:
                continue
            infos = [FnInfo(path, r) for r in sig.get("functions", [])]
            infos.sort(key=lambda i: i.rec["line"])
            self.by_file[path] = infos
            self._starts[path] = [i.rec["line"] for i in infos]
            self.modules[path] = sig
        self.endpoints = [e for e in ctx.endpoints if not e.implicit]
        self.endpoint_by_key = {e.key: e for e in self.endpoints}
        for e in self.endpoints:
            for i, node in enumerate(e.chain):
                info = self.function_at(node.file, node.line, exact=True)
                if info is None:
                    continue
                if info.endpoints is _NONE:
                    info.endpoints = set()
                info.endpoints.add(e.key)
                info.layer = node.layer if info.layer == "other" else info.layer
                if i == 0:
                    if info.is_handler_of is _NONE:
                        info.is_handler_of = set()
                    info.is_handler_of.add(e.key)
        for infos in self.by_file.values():
            for info in infos:
                if info.layer == "other":
                    info.layer = layer_of(info.rec.get("name", ""), info.file)

    def function_at(self, file: str, line: int, exact: bool = False) -> FnInfo | None:
        """The innermost function whose span contains `line` (or that starts there)."""
        infos = self.by_file.get(file)
        if not infos:
            return None
        starts = self._starts[file]
        i = bisect.bisect_right(starts, line) - 1
        best = None
        while i >= 0:
            info = infos[i]
            if info.rec["line"] <= line <= info.rec["end_line"]:
                if best is None or info.rec["line"] > best.rec["line"]:
                    best = info
                if exact and info.rec["line"] == line:
                    return info
            if line - info.rec["line"] > 5000:
                break
            i -= 1
        if exact and (best is None or best.rec["line"] != line):
            # Graph lines can point at a decorator or a comment above the definition.
            nxt = bisect.bisect_left(starts, line)
            if nxt < len(infos) and (infos[nxt].rec["line"] - line <= 3 or
                                     infos[nxt].rec["end_line"] == self._ends.get((file, line))):
                return infos[nxt]  # (the same definition: it ends where the graph's node ends)
        return best

    def is_method(self, info: FnInfo) -> bool:
        """Whether the function is a method (of a class, a Go type, a TS class): the file's
        `method_lines` of the signals."""
        key = ("method_lines", info.file)
        lines = self.memo.get(key)
        if lines is None:
            lines = self.memo[key] = frozenset((self.modules.get(info.file) or {}).get(
                "method_lines") or ())
        return info.rec["line"] in lines

    def functions(self):
        for infos in self.by_file.values():
            yield from infos

    def traced_production_functions(self):
        """Functions of production code that serve at least one endpoint."""
        for info in self.functions():
            if info.on_trace and production_path(info.file):
                yield info

    def endpoint_method(self, info: FnInfo) -> set[str]:
        return {k.split(" ", 1)[0] for k in info.endpoints}

    def static_endpoints_only(self, info: FnInfo) -> bool:
        return bool(info.endpoints) and all(is_static_path(k.split(" ", 1)[1]) or
                                            is_api_root(*k.split(" ", 1))
                                            for k in info.endpoints)


def impl_context(ctx) -> ImplContext:
    from auditor.memo import per_context

    return per_context(ctx, "_impl", lambda: ImplContext(ctx))


def fetch_calls(rec: dict) -> list[dict]:
    return [c for c in rec.get("calls", []) if not c.get("benign")]


def admission_near(rec: dict, line: int) -> dict | None:
    for a in rec.get("admissions", []):
        if a.get("target_line") == line:
            return a
    return None


def short(name: str) -> str:
    return name.rsplit("/", 1)[-1]
