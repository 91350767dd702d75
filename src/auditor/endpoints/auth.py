"""Is a middleware an authentication guard, one that lets anonymous requests through, or
neither? Decided by what its function does (a profile of its source) and, failing that, by name.

A guard that reads a credential and rejects with 401/403 authenticates; one that tests for a
missing credential and then calls next() (an "optional auth") does not, whatever its name says.
"""
from __future__ import annotations

import re

# the Passport strategies that log a user in (passport-local's form post, a provider's OAuth or
# OpenID callback): a strategy of the project's own name (`two-factor`, `refresh`) may check a
# token on every request, so only these are read as logins
LOGIN_STRATEGY = re.compile(r"(local|google|github|gitlab|facebook|twitter|apple|microsoft|"
                            r"azure(ad)?|discord|linkedin|slack|openid|oidc|saml|auth0|okta|"
                            r"keycloak)([-_:][\w-]*)?", re.IGNORECASE)

# How the reason of a NestJS guard built on @nestjs/passport's AuthGuard names it: read back
# by endpoint-without-data (the strategy, not the handler, answers an empty OAuth entry)
NEST_PASSPORT = "@nestjs/passport"

AUTH_NAME = re.compile(
    r"auth|jwt|session|api_?key|apikey|token|bearer|login_?required|require_?(user|login)|"
    r"is_?authenticated|is_?admin_?user|current_?(user|active_user)|authguard|jwtguard|signature|"
    # Django's user_passes_test / UserPassesTestMixin: a request whose user fails the test is
    # sent to log in (anonymous) or refused
    r"user_?passes_?test|"
    r"ed25519|protect|"
    r"verify_?(user|key|request)|permission|requires_auth|basic_?auth|oauth|clerk|passport|"
    r"current_?\w*user|require_?(auth|admin|client|token|session|role|permission|scope|"
    r"api_?key|application|owner|member|staff|jwt|bearer|account|signin|signed_?in|"
    r"logged_?in)|"
    r"^with_?(user|admin|auth|session|token|jwt|login|perm)",
    re.IGNORECASE)
# a function that hands out data access (a database session, a connection, a repository)
DATA_GETTER = re.compile(r"(?:get|provide|create|make|open|new|generate|acquire|yield)_(?:\w+_)?"
                         r"(?:db|database|session|sessions|engine|conn|connection|repo|"
                         r"repository|uow|unit_of_work)", re.IGNORECASE)
# a guard factory called so that anonymous requests pass: get_user(required=False),
# HTTPBearer(auto_error=False), verify_jwt_in_request(optional=True)
OPTIONAL_ARGS = re.compile(r"\b(required\s*=\s*False|auto_error\s*=\s*False|"
                           r"optional\s*=\s*True|credentials_?[rR]equired\s*[=:]\s*[Ff]alse)")
_LONE_FALSE = re.compile(r"\(\s*false\s*\)")


def skipped(name: str, method: str, path: str) -> bool:
    """Whether a middleware whose config skips it (`name(skip=GET;only=;except=/a/feed)`, from
    an Echo-style `Skipper`) is skipped for this route."""
    i = name.find("(skip=")
    if i < 0:
        return False
    fields = dict(part.split("=", 1) for part in name[i + 1:-1].split(";") if "=" in part)
    methods = [m for m in fields.get("skip", "").split(",") if m]
    only = [p for p in fields.get("only", "").split(",") if p]
    excepts = [p for p in fields.get("except", "").split(",") if p]
    if methods and method not in methods:
        return False
    if only and path not in only:
        return False
    prefixes = [p for p in fields.get("prefix", "").split(",") if p]
    if prefixes and not any(path.startswith(p) or path == p.rstrip("/") for p in prefixes):
        return False
    return path not in excepts


def optional_args(name: str) -> bool:
    """The guard is called with arguments that let anonymous requests through (linear: the
    arguments are searched once, from the first parenthesis)."""
    i = name.find("(")
    if i < 0:
        return False
    args = name[i:]
    # a lone `false` says "not required" only of a guard (`jwtAuth(false)`); an option
    # builder's flag (`ginSwagger.DeepLinking(false)`) says nothing of credentials
    return bool(OPTIONAL_ARGS.search(args) or (_LONE_FALSE.fullmatch(args) and
                                               AUTH_NAME.search(name[:i].rsplit(".", 1)[-1])))
# a guard's lone boolean parameter that asks for a role, not whether a credential is needed
_ROLE_PARAM = re.compile(r"(?i)admin|role|super|staff|owner|moderator|privileg")


def _skipped_by_flag(name: str, fn_op: dict | None) -> bool:
    """`Jwt(false)` where `func Jwt(verifyToken bool)` hands the request on under `if
    !verifyToken`: the check never runs for this route."""
    params = (fn_op or {}).get("params") or []
    flags = ((fn_op or {}).get("auth") or {}).get("flag_skips") or ()
    if not _LONE_FALSE.fullmatch(name[name.find("("):]) or len(params) != 1:
        return False
    pname = params[0][0] if isinstance(params[0], (list, tuple)) else str(params[0])
    return pname in flags


def _flag_of_another_kind(name: str, fn_op: dict | None) -> bool:
    """`jwt.JWTAuth(false)` where the tree declares `func JWTAuth(Admin bool)`: the flag asks
    for an administrator, not whether a credential is needed; what the guard does decides
    (`AuthMiddleware(auto401 bool)` and other flags keep the reading of a lone `false`)."""
    params = (fn_op or {}).get("params") or []
    if not _LONE_FALSE.fullmatch(name[name.find("("):]) or len(params) != 1:
        return False
    pname = params[0][0] if isinstance(params[0], (list, tuple)) else str(params[0])
    return bool(_ROLE_PARAM.search(pname))


NOT_AUTH = re.compile(r"cors|ratelimit|rate_limit|limiter|logger|logging|recover|compress|"
                      r"helmet|cache|metric|tracing|analytic|request_?id|body_?parser|"
                      # (a refresh middleware renews a session; flask-jwt-extended 3's
                      # `jwt_refresh_token_required` demands the refresh token)
                      # (`refreshAuthMiddleware`, `refreshJWT`: a check of the refresh token)
                      r"refresh(?!_?token_?required|_?[Aa]uth|_?[Jj][Ww][Tt])|csrf|etag|static|"
                      r"timeout|request_?form|"
                      # a captcha proves a human, not who it is; `require<Feature>Enabled` is a
                      # feature switch (404 when off), whatever the feature is called
                      r"captcha|turnstile|_?enabled$|"
                      # a repository is data access (`Depends(PermissionRepository)`), and so is
                      # a database session (fastapi-sqlalchemy's `DBSessionMiddleware`)
                      r"repositor(?:y|ies)$|(?:db|database|sql_?alchemy|orm)_?session|"
                      # the one-time token of a password-reset or invitation link, in the URL:
                      # whoever holds the link is served (a capability, no login)
                      r"password_?(?:reset_?)?token|reset_?(?:password_?)?token|invit(?:e|ation)_?token|"
                      # response hardening (lusca.xssProtection, helmet's parts): no credential
                      r"xss|csp|hsts|frameguard|nosniff|clickjack|lusca|secure_?headers|"
                      r"content_?security|x_?frame|referrer_?policy|"
                      # Go 1.25's http.CrossOriginProtection (a CSRF check on the Origin and
                      # Sec-Fetch-Site headers): no credential either
                      r"cross_?origin|"
                      # the opposite of a guard: for visitors who are not logged in
                      r"no_?auth|not_?auth|without_?(auth|user|login)|guest|anonymous|"
                      r"unauthenticated|logged_?out|not_?logged|"
                      # sends a visitor who IS logged in elsewhere (the login page's own guard)
                      r"redirect_?if_?(?:logged_?in|authenticated|auth)|if_?logged_?in|"
                      r"already_?(?:logged|auth)", re.IGNORECASE)
_CSRF_NAME = re.compile(r"(?i)csrf|xsrf|cross_?origin|same_?origin")
OPTIONAL_NAME = re.compile(r"optional|maybe|try_?auth|soft_?auth|if_?present|if_?exists|or_?without",
                           re.IGNORECASE)

AUTH, OPTIONAL, NONE = "auth", "optional", "none"

# Passport: `authenticate(strategy)` (or `authorize`, which links an account) with a strategy that verifies a credential on every request
# guards the route (passport-jwt, -http-bearer, -http's basic/digest, -headerapikey,
# -localapikey, -hawk); with `local` or an OAuth/OpenID/SAML provider it is the login itself (the
# form post, the provider's callback), which an anonymous visitor makes
PASSPORT_LOGIN = re.compile(r"passport\.(?:authenticate|authorize)\(\s*['\"`]([\w:-]+)['\"`]")
PASSPORT_PER_REQUEST = re.compile(r"jwt|bearer|basic|digest|headerapikey|apikey|api-key|"
                                  r"localapikey|hawk|oauth2-jwt-bearer|anonymous", re.IGNORECASE)

# library middleware that authenticates nobody by itself: go-chi/jwtauth's Verifier puts the
# token (or the error) in the context and calls next; jwtauth.Authenticator rejects
LIBRARY_OPTIONAL = re.compile(r"jwtauth\.(Verifier|Verify|VerifyRequest)")


# DRF permission classes that let safe methods (GET, HEAD, OPTIONS) through without credentials
READ_ONLY_PASSES = re.compile(r"Or(Anon)?ReadOnly$")  # DRF DjangoModelPermissionsOrAnonReadOnly
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


_PAYLOAD_VALIDATOR = re.compile(r"(?i)(validator|validation)s?$")


def login_strategy(name: str, fn_op: dict | None) -> str:
    """The Passport login strategy the middleware `name` runs (`passport.authenticate('local')`
    written in place, or a middleware of the tree that runs it), else ""."""
    login = PASSPORT_LOGIN.search(name)
    if login and not PASSPORT_PER_REQUEST.fullmatch(login.group(1)):
        return login.group(1)
    return ((fn_op or {}).get("auth") or {}).get("login") or ""


def verdict(name: str, fn_op: dict | None, extra_names: list[str],
            method: str = "") -> tuple[str, str]:
    """(auth|optional|none, reason) for one middleware name and its function's op record, for a
    route of `method` (some guards let read-only requests through)."""
    if optional_args(name) and _skipped_by_flag(name, fn_op):
        return NONE, (f"{name} is called with false for the flag that turns its check off "
                      "(`if !flag { next }`)")
    if optional_args(name) and not _flag_of_another_kind(name, fn_op):
        return OPTIONAL, f"{name} lets requests without credentials through"
    if LIBRARY_OPTIONAL.fullmatch(name.split("(", 1)[0].strip()):
        return OPTIONAL, (f"{name} verifies a token when one is sent and lets requests without "
                          "one through (the library's authenticator is what rejects)")
    short = name.split("(", 1)[0].rsplit(".", 1)[-1]
    login = PASSPORT_LOGIN.search(name)
    if login and not PASSPORT_PER_REQUEST.fullmatch(login.group(1)):
        return NONE, (f"{name} runs the '{login.group(1)}' login strategy: the request carries "
                      "the login (a form, a provider's callback), not a credential it must have")
    made = (fn_op or {}).get("auth") or {}
    if fn_op is not None and not fn_op.get("returns") and not made.get("rejects") and \
            not made.get("guard_test") and any(
            d.rsplit(".", 1)[-1] == "before_request" for d in fn_op.get("decorators") or ()):
        # Flask runs a before_request hook and stops the request only when it returns a
        # response (flask/app.py preprocess_request) or aborts: one that returns nothing and
        # rejects nothing (`session.permanent = True`) lets every request through
        return NONE, ""
    if _CSRF_NAME.search(short) and not made.get("guard_test"):
        # a CSRF check refuses a state-changing request whose anti-forgery token is missing or
        # wrong (403), whoever sends it: it proves where the request comes from, not who sends it
        return NONE, ""
    if fn_op is not None and (fn_op.get("reject_unrelated") or fn_op.get("reject_present")) \
            and not made.get("guard_test") and \
            any(d.rsplit(".", 1)[-1] in ("before_request", "before_app_request")
                for d in fn_op.get("decorators") or ()):
        # a hook that refuses requests only for another reason (an import in progress, a
        # maintenance switch), or only a token that is sent and bad (an application-wide hook
        # that logs in whoever sends one, for every view: the views decide what they need)
        return NONE, ""
    if made.get("outside_tree"):
        if AUTH_NAME.search(short) and not NOT_AUTH.search(short):
            return AUTH, (f"{name} is handed the request and named for a guard; its code is "
                          "not in the scanned folder")
        return OPTIONAL, f"{name} reads a credential; its code is not in the scanned folder"
    if made.get("login"):
        return NONE, (f"{name} runs the '{made['login']}' login strategy: the request carries "
                      "the login (a form, a provider's callback), not a credential it must have")
    if made.get("made_by"):
        # made by a factory of the tree with these arguments (js_factory.made_profile): what the
        # made function does decides, not its name
        if made.get("rejects"):
            return AUTH, (f"{name} = {made['made_by']}(...) reads a credential and rejects a "
                          "request without one")
        return OPTIONAL, (f"{name} = {made['made_by']}(...) reads a credential and, with these "
                          "arguments, lets a request without one through")
    if READ_ONLY_PASSES.search(short) and method in SAFE_METHODS:
        return OPTIONAL, f"{name} lets read-only requests through without credentials"
    for extra in extra_names:
        if extra and (extra == name or extra == short or extra.lower() in name.lower()):
            return AUTH, f"{name} is configured as auth middleware"
    prof = (fn_op or {}).get("auth") or {}
    if prof.get("rejects_present"):
        # it refuses only a request that already has a user (a page for anonymous visitors:
        # log in, register): anonymous requests pass
        return NONE, ""
    if prof.get("always_next"):
        # every way out of it hands the request on (net/http: each return follows
        # next.ServeHTTP): it rejects nobody, whatever it is called (a loader named for
        # putting the user on the request is no read of a credential the route depends on)
        if SESSION_LOADER.fullmatch(short) or NOT_AUTH.search(short) or not (
                prof.get("reads_credential") or AUTH_NAME.search(short)) or (
                not prof.get("reads_credential") and (fn_op or {}).get("context_only")):
            # (a gin middleware of the tree calling only its context's methods, `c.Set(...);
            # c.Next()`: it reads nothing, whatever it is called)
            return NONE, ""
        return OPTIONAL, f"{name} hands every request on, with or without a credential"
    if OPTIONAL_NAME.search(short):
        return OPTIONAL, f"{name} lets requests without credentials through (optional auth)"
    if prof:
        if prof.get("guard_test"):
            return AUTH, (f"{name} rejects a request that is not authenticated (or sends it to "
                          "the login page)")
        if prof.get("reads_credential") and prof.get("next_on_missing"):
            return OPTIONAL, f"{name} calls next() when the credential is missing"
        if prof.get("reads_credential") and prof.get("rejects"):
            return AUTH, f"{name} reads a credential and rejects with 401/403"
    if fn_op is not None and _PAYLOAD_VALIDATOR.search(short) and not prof.get("rejects") and \
            not prof.get("reads_credential") and not prof.get("guard_test"):
        # a function of the tree named for validating something (`ResendTokenValidator`
        # parsing the body into a struct, 422 on a bad field) that reads no credential: the
        # request's payload is what it checks, whatever the payload is about
        return NONE, ""
    if fn_op is not None and DATA_GETTER.fullmatch(short) and not prof.get("rejects") and \
            not prof.get("guard_test"):
        # an in-tree `get_session()` that yields a database session (a FastAPI dependency)
        # rejects nobody: "session" in its name is the ORM's, not a login's
        return NONE, ""
    own = (fn_op or {}).get("name") or ""
    if own and own.lower() != short.lower() and not prof.get("rejects") and \
            not prof.get("guard_test") and (
            SESSION_LOADER.fullmatch(own) or NOT_AUTH.search(own)):
        # a local named after its job (`sessionManagerMiddleware := mw.SessionManager()`): the
        # function that made it, read and found rejecting nobody (a session loader may read
        # the session: that is its job), says what it is
        return NONE, ""
    if fn_op is not None and not prof.get("reads_credential") and not prof.get("rejects") \
            and not prof.get("guard_test") and any(
            d.rsplit(".", 1)[-1] == "middleware" for d in fn_op.get("decorators") or ()):
        # a Starlette/FastAPI `@app.middleware("http")` of the tree, read whole (and its
        # callees): it neither reads a credential nor refuses, whatever its name says
        # (`remove_authorize_button_middleware` rewriting the OpenAPI document)
        return NONE, ""
    if fn_op is not None and fn_op.get("wraps_view") and prof.get("rejects") and \
            not prof.get("reads_credential") and not prof.get("guard_test") and \
            not prof.get("unauthorized") and not fn_op.get("reads_user"):
        # a Python decorator of the tree, read whole with its wrapper and the functions they
        # call, that refuses (403) on something else than a credential or the user (a feature
        # switch, `if ALLOW_USERS: return callback(...) else: abort(403)`): no authentication,
        # whatever it is called (`user_protect`)
        return NONE, ""
    if AUTH_NAME.search(short) and not NOT_AUTH.search(short) and \
            not SESSION_LOADER.fullmatch(short):
        return AUTH, f"{name} is an authentication middleware by name"
    recv = _generic_receiver(name)
    if recv and RECEIVER_AUTH.search(recv) and not NOT_AUTH.search(recv) and not \
            OPTIONAL_NAME.search(recv):
        return AUTH, f"{name} is the middleware of {recv}, an authentication object by name"
    return NONE, ""


# methods by which a middleware object or package hands out its handler: the object's or the
# package's name then tells what it is (`authMiddleware.MiddlewareFunc()`, `jwtMw.Handler`,
# `basicauth.New(...)`, echo-jwt's `echojwt.WithConfig(cfg)`); `sessionManager.LoadAndSave` is
# not one: its method says what it does
GENERIC_METHOD = re.compile(r"Middlewares?|MiddlewareFunc|Handler(Func)?|Handle|Func|New|Default|"
                            r"Serve(HTTP)?|Wrap|Apply|WithConfig|"
                            # `auth.Require(perms, h)` (an authorisation library's Handler, an
                            # interface of a library): the object's name says what it requires
                            r"Requires?", re.IGNORECASE)


# a middleware that loads the session (gin-contrib `sessions.Sessions`, echo-contrib
# `session.Middleware`, scs `LoadAndSave`, express-session): every request passes, logged in or
# not; only its profile (reading and rejecting) could make it a guard
SESSION_LOADER = re.compile(r"(sessions?|session_?(middleware|manager|handler|store|load(er)?)|"
                            r"load_?and_?save|use_?sessions?|with_?sessions?|express_?session|"
                            # the session libraries' middlewares (cookie-session, iron-session,
                            # client-sessions, koa-session): load a session, refuse nobody
                            r"(?:cookie|iron|client|koa|redis|mongo)_?sessions?|"
                            # Starlette's (and Django's) AuthenticationMiddleware: it sets
                            # request.user (UnauthenticatedUser without a credential) and lets
                            # every request through; `@requires(...)` is what rejects
                            r"authentication_?middleware|"
                            # a function named for putting the caller's identity on the request
                            # (`populateAuthenticationContext`, `loadUser`, `attachCurrentUser`):
                            # read, it rejects nobody (a rejecting one is judged by its profile
                            # before its name is read)
                            r"(populate|load|attach|inject|hydrate)_?\w*"
                            r"(context|user|session|identity|principal)\w*)",
                            re.IGNORECASE)

# an object whose whole job is authentication (a session store's middleware only loads the
# session: `session.Middleware(store)` authenticates nobody)
RECEIVER_AUTH = re.compile(r"auth|jwt|token|guard|protect|oauth|bearer|api_?key|permission|acl|"
                           r"rbac|casbin", re.IGNORECASE)


def _generic_receiver(name: str) -> str:
    """`authMiddleware.MiddlewareFunc()` -> "authMiddleware": the receiver of a generic method."""
    head = name.split("(", 1)[0].strip()
    if "." not in head:
        return ""
    recv, _, method = head.rpartition(".")
    if not GENERIC_METHOD.fullmatch(method):
        return ""
    return recv.rsplit(".", 1)[-1]


def handler_checks_credentials(fn_op: dict | None) -> bool:
    """A handler that itself reads a credential and rejects with 401/403."""
    prof = (fn_op or {}).get("auth") or {}
    return bool(prof.get("reads_credential") and prof.get("rejects")
                and not prof.get("next_on_missing") and not prof.get("password"))
    # (a login or a sign-up checks the password it is sent: its 401 answers a wrong one)


def handler_guard_test(fn_op: dict | None) -> bool:
    """A handler that starts by testing the request's authentication and sends an anonymous
    visitor away (`if not request.user.is_authenticated: return redirect("login")` or `return
    HttpResponseForbidden()`): the guard a login_required decorator would be, written inline.
    One with an exemption (`and not is_public(...)`) lets some requests through."""
    prof = (fn_op or {}).get("auth") or {}
    return bool(prof.get("guard_test") and not prof.get("exempt_by"))


def value_dependency(name: str, fn_op: dict | None) -> bool:
    """A FastAPI dependency of the tree named as such (`Depends(get_authentication_flow)`, not
    a factory's result `Depends(get_user(required=False))`) whose own code neither reads a
    credential nor rejects: FastAPI calls it and injects what it returns, so it authenticates
    nobody, whatever its name says; the dependencies it declares are resolved (and judged) on
    their own (fastapi/dependencies/utils.py solve_dependencies walks the whole tree)."""
    if fn_op is None or "(" in name or "lit:" in name or fn_op.get("runs_request"):
        return False  # (`await auth_handler(request)`: it runs what authenticates)
    prof = fn_op.get("auth") or {}
    return not any(prof.get(k) for k in ("reads_credential", "rejects", "guard_test", "gate",
                                          "returns_optional", "reject_on", "login", "made_by"))
