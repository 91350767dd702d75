"""TypeScript/JavaScript endpoint extraction on small apps that reproduce constructs seen in
real Express, NestJS and Next.js backends: exact (method, path, auth) sets."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_routes, scan

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "endpoints" / "ts-field"

R, O, N = "required", "optional", "none"
EXPECTED = {
    # Router().use(a).use(b) chains, `export default Router().use('/api', api)`, express-jwt
    # instances as properties of an exported object (credentialsRequired: false = optional)
    "express-chain": {("GET", "/", N), ("GET", "/api/articles", O), ("POST", "/api/articles", R),
                      ("GET", "/api/articles/:slug", O), ("DELETE", "/api/articles/:slug", R),
                      ("POST", "/api/users/login", N), ("GET", "/api/user", R)},
    # prefixes from an array of {path, route} objects looped with forEach / for-of,
    # router.route(p).post().get() chains, an auth(...rights) middleware factory
    "express-loop": {("OPTIONS", "/*", N), ("POST", "/v1/auth/login", N),
                     ("POST", "/v1/auth/send-verification-email", R), ("GET", "/v1/docs/", N),
                     ("POST", "/v1/users/", R), ("GET", "/v1/users/", R),
                     ("DELETE", "/v1/users/:userId", R)},
    # setGlobalPrefix(config key with a registerAs default, {exclude: ['/']}), URI versioning
    # (controller version, @Version([...])), enum/const paths of another file, APP_GUARD with a
    # SetMetadata(IS_PUBLIC_KEY) decorator, applyDecorators(UseGuards(...))
    "nest-app": {("GET", "/api/v1/cats", N), ("GET", "/api/v1/cats/search", N),
                 ("GET", "/api/v2/cats/:id", R), ("GET", "/api/v3/cats/:id", R),
                 ("POST", "/api/v1/cats", R), ("DELETE", "/api/v1/cats/:id", R), ("GET", "/", N),
                 # @Get(['breeds', 'kinds']): one route per path
                 ("GET", "/api/v1/cats/breeds", N), ("GET", "/api/v1/cats/kinds", N),
                 # @Public() on the controller class: its routes pass the global guard
                 ("POST", "/api/sessions", N)},
    # consumer.apply(AuthMiddleware).exclude(...).forRoutes({path, method}...) under a global
    # prefix
    "nest-middleware": {("GET", "/api/articles", N), ("GET", "/api/articles/feed/mine", R),
                        ("GET", "/api/articles/feed/public", N), ("POST", "/api/articles", R),
                        ("GET", "/api/articles/:slug", R), ("PUT", "/api/articles/:slug", R),
                        ("DELETE", "/api/articles/:slug/comments/:id", N)},
    # routes registered in loops over literal collections: [url, file] pairs of a new Map,
    # Object.entries of a literal object, a literal array of strings; a loop over a collection
    # read at run time stays unresolved (checked below)
    "express-literal-loops": {("GET", "/js/lib/chart.min.js", N), ("HEAD", "/js/lib/chart.min.js", N),
                              ("GET", "/css/lib/consent.css", N), ("HEAD", "/css/lib/consent.css", N),
                              ("GET", "/old-home", N), ("GET", "/old-about", N),
                              ("GET", "/terms", N), ("GET", "/privacy", N)},
    # pages/api handlers branching on req.method (switch on an alias, `!==` early return,
    # delegation to a local function), credential checks in the handler, app router
    # re-exports, middleware.ts matcher with an early pass-through for /api/auth
    "nextjs-app": {("GET", "/api/auth/[...nextauth]", N), ("POST", "/api/auth/[...nextauth]", N),
                   ("GET", "/api/auth/guest", N), ("POST", "/api/chat", R),
                   ("DELETE", "/api/items/[id]", N), ("GET", "/api/items", O),
                   ("POST", "/api/items", R), ("ANY", "/api/ping", N),
                   ("ANY", "/api/session/[...nextauth]", N)},
}

_results: dict = {}


def result(name: str):
    if name not in _results:
        _results[name] = scan(FIX / name)
    return _results[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_routes_and_auth(name):
    res = result(name)
    got = {(e.method, e.path, e.auth) for e in res.endpoints if not e.implicit}
    want = EXPECTED[name]
    assert got == want, f"missed {sorted(want - got)}\nextra {sorted(got - want)}"
    runtime = [u["line"] for u in res.unresolved_routes if "built at run time" in u["reason"]]
    assert runtime == ([32] if name == "express-literal-loops" else [])


def test_nest_guard_order_and_public_exemption():
    eps = {(e.method, e.path): e for e in result("nest-app").endpoints}
    assert eps[("DELETE", "/api/v1/cats/:id")].middleware == ["JwtAuthGuard", "RolesGuard"]
    assert "JwtAuthGuard" not in eps[("GET", "/api/v1/cats")].middleware


def test_next_middleware_runs_before_handler_checks():
    eps = {(e.method, e.path): e for e in result("nextjs-app").endpoints}
    assert eps[("POST", "/api/chat")].middleware == ["middleware", "auth"]
    assert eps[("GET", "/api/auth/guest")].middleware == []


def test_a_default_export_resolves_in_its_own_file_only():
    res = result("nextjs-app")
    eps = {(e.method, e.path): e for e in res.endpoints}
    lib = eps[("ANY", "/api/session/[...nextauth]")]
    # the library's handler, configured by its options: the route's own module is traced
    # (its top-level code, the options it hands NextAuth), never middleware.ts's default export
    assert lib.handler["file"] == "pages/api/session/[...nextauth].ts"
    assert {c.file for c in lib.chain} == {"pages/api/session/[...nextauth].ts"}
    assert not any(u["file"] == "pages/api/session/[...nextauth].ts"
                   for u in res.unresolved_routes)


# Express guards as route arguments and passport strategies; a Next.js route handler that
# answers 401 itself for one method
AUTH_FORMS = {
    "express": {("GET", "/api/me", "required"), ("GET", "/api/feed", "none"),
                ("GET", "/profile", "required"), ("POST", "/login", "none"),
                ("GET", "/auth/github/callback", "none"), ("GET", "/auth/steam/callback", "none"),
                ("GET", "/api/key", "required"), ("GET", "/hardened", "none")},
    # ... and a handler wrapped by Auth.js v5's auth(), which only attaches req.auth: the
    # handler's own check decides
    "next": {("GET", "/api/items", "none"), ("POST", "/api/items", "required"),
             ("GET", "/api/wrapped", "required")},
    # router.use(auth) applies to what is registered after it; a middleware array argument
    "express-routers": {("GET", "/admin/stats", "required"), ("GET", "/ping", "none"),
                        ("POST", "/items", "required"), ("GET", "/multi", "required")},
}


@pytest.mark.parametrize("fw", sorted(AUTH_FORMS))
def test_auth_forms(fw):
    assert_routes(FIX / "auth-forms" / fw, AUTH_FORMS[fw])


def test_next_handler_calls_its_credential_check():
    """A Next.js route handler whose credential check is a call to an in-tree function, judged
    by what that function does: it throws an authentication error inside the handler's
    try/catch (`requireAuthenticated`), a local helper wraps the check and answers 401/403
    (`ensureAdmin` -> `requireRole`), or the handler compares a shared-secret header itself.
    A helper that checks nothing (`loadSettings`) or reads the session and rejects nobody
    (`currentUserOrNull`) leaves the route public, and so do a content-type comparison and a
    login, which rejects a wrong password its anonymous visitor sends."""
    eps = {(e.method, e.path): e.auth for e in result("nextjs-handler-calls").endpoints}
    assert {k: eps[k] for k in [
        ("PATCH", "/api/contacts/[id]"), ("GET", "/api/admin/series"),
        ("POST", "/api/admin/series"), ("POST", "/api/crm/targets/[id]/enrich"),
        ("POST", "/api/leads/from-web"), ("POST", "/api/hooks/ingest"),
        ("GET", "/api/settings"), ("GET", "/api/feed"), ("PUT", "/api/hooks/ingest"),
        ("GET", "/api/og"), ("POST", "/api/login")]} == {
        ("PATCH", "/api/contacts/[id]"): R, ("GET", "/api/admin/series"): R,
        ("POST", "/api/admin/series"): R, ("POST", "/api/crm/targets/[id]/enrich"): R,
        ("POST", "/api/leads/from-web"): R, ("POST", "/api/hooks/ingest"): R,
        ("GET", "/api/settings"): N, ("GET", "/api/feed"): N, ("PUT", "/api/hooks/ingest"): N,
        ("GET", "/api/og"): N, ("POST", "/api/login"): N}


def test_next_reexported_handlers_bind_to_what_the_module_exports():
    """`export { handler as GET }` is the module's own `handler`; `export { POST } from
    ".../[id]/enrich/route"` is that module's POST, the `[id]` segment taken literally (not the
    look-alike `.../enrich/route` next to it); `export const { GET, POST } =
    toNextJsHandler(auth)` is the library call's value: never a GET of another route file."""
    res = result("nextjs-handler-calls")
    eps = {(e.method, e.path): e for e in res.endpoints}
    assert eps[("GET", "/api/mcp/[transport]")].handler["name"] == \
        "app/api/mcp/[transport]/route.handler"
    assert eps[("POST", "/api/mcp/[transport]")].handler["name"] == \
        "app/api/mcp/[transport]/route.handler"
    enrich = eps[("POST", "/api/campaigns/targets/[id]/enrich")]
    assert enrich.handler["file"] == "app/api/crm/targets/[id]/enrich/route.ts"
    assert enrich.auth == R
    for m in ("GET", "POST"):
        lib = eps[(m, "/api/auth/[...all]")]
        assert lib.handler["name"] == "toNextJsHandler(auth)" and lib.chain == []
        assert lib.auth == N
        # `export { GET, POST } from "@/lib/nextauth"`, destructured there from NextAuth({...}):
        # that module's top-level code, whose sign-in callback reads the users
        made = eps[(m, "/api/nextauth/[...nextauth]")]
        assert made.handler["name"] == "lib/nextauth", made.handler
        assert made.data_sites, made
