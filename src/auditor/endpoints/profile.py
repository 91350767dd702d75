"""What a function does about credentials, read from its source text: the facts the auth
decision needs when a middleware's name alone does not tell (and to unmask an "optional" guard).

A profile is computed in the worker for every function and kept in the route facts, so that the
main process never re-reads a file.
"""
from __future__ import annotations

import bisect
import re

# a value of the request (query, header, body, form) and a configured secret (lower case: the
# pattern reads folded text)
_PRESENTED = (r"(?:\b(?:req|request)\.(?:query|headers|body|params|args|form|get|post|meta|"
              r"get_json\(\))\b[\w.\[\]'\"()-]{0,60}|"
              # a helper handed the request and a parameter's name (`get_value(flask_request,
              # "key")`)
              r"\b[a-z_]\w{0,40}\(\s*(?:req|request|flask_request)\s*,\s*['\"][\w-]{1,40}['\"]\s*\))")
_CONFIGURED = (r"(?:\bprocess\.env|\b\w*(?:env|config|settings))"
               # (`app.config["APP_CONFIG"]["api_access_key"]`: through a section or two)
               r"(?:\[['\"]\w{1,60}['\"]\]|\.\w{1,60}){0,2}?(?:\.|\[['\"])"
               r"\w*(?:secret|token|key|password)\w*\b(?:['\"]\])?")
# Reading a credential: the Authorization header, a bearer token, an API key header, a session.
CREDENTIAL = re.compile(
    r"""["'](authorization|x-api-key|x-auth-token|api[-_]?key|x-access-token|bearer)["']|"""
    r"""\bbearer\b|\bHeaders?\.Authorization\b|\bauthorization\b|\bapi_?key\b|\bjwt\b|"""
    r"""\b(parse|verify|validate|decode)_?(with_?claims|token|jwt|signature)\w*\s*\(|"""
    r"""\bjwt\.(decode|verify|parse)\w*\s*\(|(?<!x-)\bsession\b(?!-id)|\bcookies?\b|ed25519\.Verify|"""
    # a presented secret compared in constant time with the stored one (Node's
    # `crypto.timingSafeEqual`, Python's `hmac.compare_digest`, Go's `subtle.ConstantTimeCompare`)
    r"""timingSafeEqual\s*\(|compare_digest\s*\(|ConstantTimeCompare\s*\(|"""
    # a call of a function named for the JWT it reads (gin-jwt's `mw.GetClaimsFromJWT(c)`,
    # `parseJWT(r)`), not one that makes a token (`generateJWT(user)`, `signJWT`)
    r"""(?:(?<=from)|(?<=get)|(?<=parse)|(?<=verify)|(?<=decode)|(?<=validate)|(?<=read)|"""
    r"""(?<=check)|(?<=extract))jwt\s*\(|"""
    # a helper named for where it reads the user from (`utils.GetUserIDFromSession(r)`,
    # `userFromToken(req)`, `getUserFromCookie(c)`)
    r"""(?<=from)(?:session|token|cookie)\s*\(|"""
    r"""(key|token|secret|auth[a-z_]*)\s*(:\s*[\w\[\]. ]+)?=\s*(fastapi\.)?Header\(|"""
    r"""\bx[-_](api|admin|auth|access)[-_]?(key|token)\b|\bbasic_?auth\s*\(|"""
    # a header of the application's own naming that carries a token or a key (semaphore's
    # `r.Header.Get("X-Runner-Token")`); a CSRF token proves no identity
    r"""["']x-(?![\w-]{0,24}(?:csrf|xsrf))[\w-]{1,40}-(token|key|secret)["']|"""
    # a request header named for the token itself (sun-panel's `c.GetHeader("token")`,
    # `req.header('access-token')`, `request.headers.get("auth_token")`)
    r"""header(?:s\.get\(|s\[|\()\s*["'](?:access[-_]?|auth[-_]?|session[-_]?|user[-_]?)?token["']|"""
    # the verified token or session a library put on the request: express-jwt (v7+) and
    # Auth.js v5's `auth(handler)` both set `req.auth`
    r"""(?<=\breq\.)auth\b|(?<=\brequest\.)auth\b|"""
    # Passport's user, deserialized from the session (`if (!req.user) return 401`), and its
    # `req.isAuthenticated()` (JavaScript only: see SpanProfiler.for_span)
    r"""(?<=\breq\.)user\b|(?<=\brequest\.)user\b|(?<=\breq\.)isauthenticated\s*\(|"""
    # Starlette: the user a middleware of the app put on `request.state`
    r"""(?<=\brequest\.state\.)user\b|getattr\(\s*request\.state\s*,\s*["']user["']|"""
    # the session read by its getter (`getSession()`, `getServerSession(authOptions)`)
    r"""(?<=\bget)session\b|(?<=\bget_)session\b|(?<=\bgetserver)session\b|"""
    # a JWT library's guard called in the view or a helper: fastapi-jwt-auth's
    # `Authorize.jwt_required()` / `jwt_refresh_token_required()` / `fresh_jwt_required()`
    # read the token from the request (and raise when it is missing or bad: see REJECT)
    r"""jwt_(?:optional|required|refresh_token_required)\s*\(""",
    re.IGNORECASE)
# A shared secret the request presents, compared with the configured one
# (`req.query.secret !== serverEnv.API_SECRET`, `process.env.CRON_KEY != req.headers[...]`):
# read only in a function that rejects (SpanProfiler.for_span), on the folded text
SHARED_SECRET = re.compile(
    rf"""{_PRESENTED}\s*[!=]==?\s*{_CONFIGURED}|{_CONFIGURED}\s*[!=]==?\s*{_PRESENTED}""")
# Rejecting the request: 401/403 in any framework's spelling.
REJECT = re.compile(
    r"\b(401|403)\b|Status(Unauthorized|Forbidden)\b|ErrUnauthorized|ErrForbidden|"
    r"HTTP_40[13]_|UnauthorizedException|ForbiddenException|NotAuthenticated|PermissionDenied|"
    r"AuthenticationFailed|abort\(\s*40[13]|Unauthorized\b|Forbidden\b|"
    # Python's stdlib names (`raise HTTPException(HTTPStatus.UNAUTHORIZED, ...)`)
    r"HTTPStatus\.(?:UNAUTHORIZED|FORBIDDEN)\b|"
    # gin: `c.Abort(); _ = c.Error(err)` stops the handler chain with the error, whose status
    # an error-handling middleware writes (a bare Abort() after `c.JSON(http.StatusOK, ...)`,
    # a captcha's answer, says nothing of credentials)
    r"\.Abort\(\)[ \t]*\n[ \t]*(?:_[ \t]*=[ \t]*)?\w+\.Error\(|"
    # throwing an authentication or authorization error (JS/TS): what calls it answers 401/403,
    # or the framework's error page, and the request goes no further
    r"\bthrow\s+new\s+\w*(Authenticat|Authoriz|Unauthori[sz]|Unauthenticat|Forbidden|"
    r"Permission|AccessDenied|NotLoggedIn)\w*|"
    # raising one (Python): `raise UnauthorizedAccess("...")`, `raise NotAuthorizedError`
    r"\braise\s+[\w.]*?(?:Unauthori[sz]|Unauthenticat|NotAuthori[sz]|NotAuthenticat|"
    r"Forbidden|PermissionDenied|AccessDenied|AuthenticationFailed|AuthRequired|"
    r"LoginRequired)\w*|"
    # a plain error whose message says so (`throw new Error('Not signed in')`)
    r"\bthrow\s+new\s+\w*Error\(\s*[\"'`](?i:not\s+(?:signed|logged)\s+in|unauthori[sz]ed|"
    r"unauthenticated|not\s+authenticated|authentication\s+required|login\s+required)|"
    # a JWT library's guard that raises (401) without a valid token: fastapi-jwt-auth's
    # `Authorize.jwt_required()`, flask-jwt-extended's `verify_jwt_in_request()` (not their
    # optional forms: `jwt_optional()`, `verify_jwt_in_request(optional=True)`)
    r"(?<![A-Za-z0-9])jwt_(?:required|refresh_token_required)\s*\((?![^()]*optional)|"
    r"(?<!\w)verify_(?:fresh_)?jwt_in_request\s*\((?![^()]*optional\s*=\s*True)")
# Letting a request without credentials through: an emptiness test whose block calls next().
EMPTY_TEST = re.compile(
    r"""\bif\b[^\n{:]*(==\s*""|==\s*''|===?\s*(undefined|null)|==\s*nil\b|\bis\s+None\b|"""
    r"""!\s*[\w.\[\]'"]+\s*(\)|\{|&&|\|\|)|len\([^)]*\)\s*(?:==\s*0|<\s*1|<=\s*0)\b|"""
    r"""\bnot\s+[\w.]+\s*:)""")
# Go: an error found absent (`err == nil`, `verr == nil`): the call before it succeeded, nothing
# is missing
_ERR_NIL = re.compile(r"\b(?:err|error|\w{1,30}Err|\w{1,30}err)\s*==\s*nil\b$")
# an Express middleware's signature, `(req, res, next)` (any names, `next` last)
_EXPRESS_NEXT_PARAM = re.compile(r"\(\s*[A-Za-z_$][\w$]{0,20}\s*(?::[^,()]{1,40})?,\s*"
                                 r"[A-Za-z_$][\w$]{0,20}\s*(?::[^,()]{1,40})?,\s*next\s*"
                                 r"(?::[^,()]{1,40})?\)")
PASS_ON = re.compile(r"\b[Nn]ext\(\)|\bcall_next\(|\breturn\s+None\b|\breturn\s*;?\s*$|"
                     # Go: echo's `return next(c)`, net/http's `next.ServeHTTP(w, r)`
                     r"\breturn\s+next(?:\.ServeHTTP)?\(\s*\w+\s*(?:,\s*\w+\s*)?\)",
                     re.MULTILINE)
# Go outside gin: a middleware passes the request on only by calling the next handler
# (`next.ServeHTTP(w, r)`, `next(w, r)`, echo's `return next(c)`, fiber's `c.Next()`); a bare
# `return` ends the request there (after `basicAuthResponse(w)`, say), gin alone goes on
PASS_ON_GO = re.compile(r"\b[Nn]ext\(|\bnext\.ServeHTTP\(|\bcall_next\(")
_REDIRECT = re.compile(r"redirect", re.IGNORECASE)
# Go: a redirect to the login page (net/http's `http.Redirect(w, r, "/login", code)`, gin's,
# echo's and fiber's `c.Redirect(code, "/auth/signin")`)
_GO_LOGIN_REDIRECT = re.compile(r"\bRedirect\(\s*[^()\n]{0,80}?[\"`]/[\w/.-]{0,40}?"
                                r"(?:log_?in|sign_?in|auth)", re.IGNORECASE)
_GO_BRANCH_HEAD = re.compile(r"(?:\}[ \t]*else\b|else\b|if\b|switch\b|select\b|case\b|default\b)")


def _go_in_branch(text: str, start: int, pos: int) -> bool:
    """Whether `pos` lies in a block that runs on a condition (an `if`, `else`, `switch`), not
    in the function's own sequence: a logout ends by sending everyone to the login page."""
    depth = 0
    i = pos
    while i > start:
        i -= 1
        ch = text[i]
        if ch == "}":
            depth += 1
        elif ch == "{":
            if depth == 0:
                line = text[text.rfind("\n", start, i) + 1:i]
                if _GO_BRANCH_HEAD.match(line.lstrip()):
                    return True
                if not line.lstrip().startswith(("func", "return func")) and \
                        "func(" not in line and "func (" not in line:
                    depth = 0  # (a composite literal or a bare block: look further out)
                    continue
                return False
            depth -= 1
    return False


# Go: the 401 answer itself (RFC 9110 15.5.2: the request lacks valid credentials), unlike a
# 403 that a feature switch or a permission check answers to anyone
_UNAUTHORIZED = re.compile(r"\bStatusUnauthorized\b|\bErrUnauthorized\b|\b401\b|"
                           r"\bHTTP_401_UNAUTHORIZED\b|\bstatus\.UNAUTHORIZED\b")
_GO_READ_IN_IF = re.compile(r"\bif[ \t]+\w+(?:[ \t]*,[ \t]*\w+)?[ \t]*:=[ \t]*[\w.]*"
                            r"(?:Header\.Get|Cookie|BasicAuth)\([^;\n]*;")
# (the wrapped handler under any name: `next`, `h`, `handler`)
_GO_TAIL_NEXT = re.compile(r"\b\w+\.ServeHTTP\(\s*\w+\s*,\s*[\w.]+(?:\([^()\n]*(?:\([^()\n]*"
                           r"(?:\([^()\n]*\)[^()\n]*)*\)[^()\n]*)*\))?\s*\)\s*\}\)\s*\}\s*$")
# a return inside a net/http middleware (not the one handing back the wrapped handler): the
# only way its chain stops short of next
_GO_INNER_RETURN = re.compile(r"\breturn\b(?![ \t]*(?:http\.HandlerFunc\(|func\())")
_GO_NEXT_RETURN = re.compile(r"\b\w+\.ServeHTTP\([^()\n]*(?:\([^()\n]*(?:\([^()\n]*\)"
                             r"[^()\n]*)*\)[^()\n]*)*\)[ \t]*\n[ \t]*return\b")
COMMENT = re.compile(r"^\s*(//|#).*$", re.MULTILINE)
GIN_BARE_RETURN = re.compile(r"\bif\s+err\s*!=\s*nil\s*\{[ \t]*\n[ \t]*return[ \t]*\n[ \t]*\}")
# checking a password it is sent: a login or a sign-up (its 401 answers a wrong password; it
# is what anonymous visitors call, not a check that they are logged in); likewise the steps of
# an OAuth 2.0 / OpenID Connect login, whose 401/403 answers a state or nonce that does not
# match the one the login started with (a CSRF check of the handshake)
# the calls that start a logged-in session (against session fixation): scs `RenewToken`,
# Flask-Login `login_user`, express-session `req.session.regenerate`, Passport `req.logIn`,
# Django `cycle_key`
# (each word's first letter stands before its `\b` test, written as a look-behind, so that
# the regex engine skips to the letters the words begin with: a scan reads every file's text
# with it, and a leading look-around made it try every alternative at every character)
SESSION_START = re.compile(r"r(?<!\wr)enewtoken\s*\(|l(?<!\wl)ogin_user\s*\(|"
                           r"s(?<!\ws)ession\.regenerate\s*\(|"
                           r"r(?<!\wr)eq\.log_?in\s*\(|c(?<!\wc)ycle_key\s*\(|"
                           # express-session / iron-session: the user written into the session
                           r"r(?<!\wr)eq\.session\.\w*(?:user|account|member)\w*\s*=(?!=)")
# (Django's `user.has_usable_password()` asks whether the account has one set: no password
# is being checked)
# (a one-time code of an authenticator app, `speakeasy.totp.verify`, `pyotp.TOTP(...).verify`,
# `totp.Validate`: the second step of a login, whose 401 answers a wrong code)
PASSWORD = re.compile(r"p(?<!has_usable_p)assword|passwd|bcrypt|argon2|signup|sign_up|webauthn|"
                      r"passkey|oauth|oidc|openid|totp|" + SESSION_START.pattern)


# A guard written as a test of the request's authentication: `if !request.IsAuthenticated(r)
# && !isPublicRoute(r) { redirect to the login page }`, `if not request.user.is_authenticated:
# return redirect(...)`, `if (!req.isAuthenticated()) return res.redirect("/login")`. The
# block rejects or sends the visitor to log in; a second negated predicate in the condition
# names the requests it lets through (`exempt_by`).
GUARD_TEST = re.compile(
    r"\bif\s*\(?\s*(?:!|not\s+)\s*[\w.]*?(?:(?<!un)authenticated|is_?logged_?in|logged_?in|"
    # `if !session.IsLogin(c)`: the predicate named for being logged in (not `isLoginPage`)
    r"\bis_?login(?![a-z])|"
    # Django's `is_superuser` / `is_staff`: false for AnonymousUser, so refused too
    r"\buser\.is_superuser\b|\buser\.is_staff\b|"
    # Flask-Login's login_fresh(): false for anonymous requests too (fresh_login_required)
    r"login_?fresh)"
    r"(?:\([^)\n]{0,80}\))?(?P<rest>[^\n{:]{0,200})[{:]", re.IGNORECASE)
# The same test asked the other way: `if current_user.is_anonymous: return redirect(...)`
# (Flask-Login's AnonymousUserMixin, Django's AnonymousUser). Another condition joined by `or`
# widens whom the block sends away and still sends every anonymous visitor.
ANON_TEST = re.compile(r"\bif\s*\(?\s*[\w.]*?\bis_?anonymous(?:\(\s*\))?\s*\)?"
                       r"(?P<rest>[^\n{:]{0,200})[{:]", re.IGNORECASE)
_WIDER = re.compile(r"^\s*(?:$|\bor\b|\|\|)")
# Flask's request-global user, set by a before_request hook that loads the session's user
# (None for an anonymous visitor): `if not flask.g.user: return redirect(...)`
# (`if g.user is None:` is the Flask tutorial's login_required)
G_USER_TEST = re.compile(r"\bif\s+(?:not\s+(?:flask\.)?g\.(?:current_)?user\b|"
                         r"(?:flask\.)?g\.(?:current_)?user\s+is\s+None\b)(?P<rest>[^\n:]{0,200}):")
G_USER_PASS = re.compile(r"\bif\s+(?:flask\.)?g\.(?:current_)?user\b(?:\s+and\b[^\n:]{0,200})?:"
                         r"\s*\n\s*return\s+\w+\(\s*\*")
# flask-jwt-extended's identity of the request's token (None under `jwt_required(optional=True)`
# when no token came)
JWT_IDENTITY_TEST = re.compile(r"\bif\s+not\s+(?:flask_jwt_extended\.)?(?:get_jwt_identity|"
                               r"get_current_user)\(\s*\)(?P<rest>[^\n:]{0,200}):")
JWT_IDENTITY_ALIAS = re.compile(r"^[ \t]*([A-Za-z_]\w*)\s*=\s*(?:flask_jwt_extended\.)?"
                                r"(?:get_jwt_identity|get_current_user)\(\s*\)[ \t]*$", re.M)
G_USER_ALIAS = re.compile(r"^[ \t]*([A-Za-z_]\w*)\s*=\s*(?:flask\.)?g\.(?:current_)?user[ \t]*$", re.M)
# (Flask-Login: `login_manager.unauthorized()` is what login_required answers an anonymous request
# with, `needs_refresh()` what fresh_login_required answers a stale one with)
GUARD_BLOCK = re.compile(r"redirect|login_manager\.(?:unauthorized|needs_refresh)\(|" +
                         REJECT.pattern, re.IGNORECASE)
_EXEMPT = re.compile(r"^\s*(?:\)\s*)?(?:&&|\band\b)\s*(?:!|not\s+)\s*([A-Za-z_]\w*)\s*\(")
_EXEMPT_VAR = re.compile(r"^\s*\band\s+not\s+([A-Za-z_]\w*)\s*$")


# the request's user as middleware sets it (Passport's `req.user`, a custom `req.loggedUser`,
# Koa's `ctx.state.user`), tested by a JavaScript handler: `if (!req.user)`
_USERISH = re.compile(r"user|account|member|principal|identity|session|auth", re.IGNORECASE)
JS_REQ_USER_TEST = re.compile(r"\bif\s*\(\s*!\s*(?:req|request|ctx\.state|ctx\.request)\."
                              r"(?=\w{0,40}?(?i:user|account|member|principal|identity|auth))"
                              r"\w{1,40}\s*\)(?P<rest>)")
# `const { loggedUser } = req;` / `const user = req.user;`
JS_REQ_ALIAS = re.compile(r"\b(?:const|let|var)\s+(?:\{([^}=]{1,200})\}|([A-Za-z_$][\w$]*))\s*=\s*"
                          r"(?:req|request)(?:\.(?:user|\w*[Uu]ser\w*))?\s*;?[ \t]*$", re.MULTILINE)

# The same guard written the other way round: the request goes on only when a user is set, and
# otherwise is sent away (`user := ctx.User; if user != nil { return next(ctx) }; return
# ctx.RedirectTo("/-/all")`)
USER_THEN_NEXT = re.compile(
    r"\bif\s+(?:[\w]+\.)?(?:[Cc]urrent)?[Uu]ser\w{0,20}\s*!=\s*nil\s*\{\s*"
    r"return\s+next(?:\.ServeHTTP)?\([^)\n]{0,80}\)\s*\}\s*(?P<after>[^\n]{0,200})")

# And in JavaScript: `if (req.isAuthenticated()) return next();`
# then, for everyone else, a redirect to the login page or a 401/403
GUARD_PASS = re.compile(
    r"\bif\s*\(\s*(?<![\w.])[\w.]{0,80}?(?:is_?authenticated|is_?logged_?in|logged_?in)"
    r"(?:\(\s*\))?\s*\)\s*\{?\s*return\s+next\(\s*\)", re.IGNORECASE)


# `return ctx, nil` with `ctx := r.Context()` (or `return r.Context(), nil`): a middleware of
# a router wrapper whose middlewares answer (context.Context, error) hands the request on
_GO_CTX_RETURN = re.compile(r"^\s*(?:[\w.]+\([^\n]*\)\s*\n\s*)*return\s+([\w.]+(?:\(\))?)\s*,"
                            r"\s*nil\s*$")


# the refusal's test is of the credential's absence (`if (!session)`, `if token == ""`, `if not
# user`), not of its presence (`if cookie, err := r.Cookie(k); err == nil {`: already logged in)
_ABSENT_TEST = re.compile(r"\bif\b[^\n{]*(?:!\s*\(?\s*[\w.?]*(?:session|token|user|auth)|"
                          r"(?:session|token|user|auth)[\w.?]*\s*===?\s*(?:nil|null|undefined|\"\"|'')|"
                          r"\bnot\s+[\w.]*(?:session|token|user|auth)|"
                          r"(?:session|token|user|auth)[\w.]*\s+is\s+none)")


def _go_bool_param_test(test: str, code: str, at: int) -> str:
    """`if !verifyToken {` where the function around declares `verifyToken bool` as a
    parameter: that flag's name, else ""."""
    m = re.match(r"if\s+!\s*([A-Za-z_]\w*)\s*\{", test)
    if m is None:
        return ""
    head = code.rfind("func", max(0, at - 3000), at)
    while head >= 0:
        brace = code.find("{", head, at)
        sig = code[head:brace if brace >= 0 else at]
        if re.search(r"\b" + re.escape(m.group(1)) + r"\s+bool\b", sig):
            return m.group(1)
        head = code.rfind("func", max(0, at - 3000), head)
    return ""


_GO_TAIL_PASS = re.compile(r"\breturn\s+\w+\.Next\(\)|\b\w+\.ServeHTTP\(|\breturn\s+next\(\s*\w+\s*\)")


def _go_falls_to_next(code: str, at: int, block: str) -> bool:
    """Go outside gin: the `if` block (ending at its matching brace after `at`) returns nothing
    at its own level (a `return` nested in an inner `if` answers another test), and after it
    and its `else` branches the function's next statements hand the request on
    (`return c.Next()`, `next.ServeHTTP(w, r)`, `return next(c)`) before any refusal."""
    if not block or _top_level(block).find("return") >= 0:
        return False
    start = code.find(block, at)
    if start < 0:
        return False
    i = start + len(block) + 1  # past the block's closing brace
    for _ in range(4):  # `else if ... {...} else {...}`
        rest = code[i:i + 40].lstrip()
        if not rest.startswith("else"):
            break
        brace = code.find("{", i)
        if brace < 0:
            return False
        i = brace + 1 + len(_block(code, brace + 1, 4000))
        if code[i:i + 1] != "}":
            return False  # (no closing brace within the cap)
        i += 1
    after = code[i:i + 400]
    nxt = _GO_TAIL_PASS.search(after)
    if nxt is None:
        return False
    before = after[:nxt.start()]
    return not REJECT.search(before) and "return" not in before


def _top_level(block: str) -> str:
    """The text of a brace block outside the braces nested in it."""
    out, depth = [], 0
    for ch in block:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _go_context_pass(block: str, code: str, at: int):
    m = _GO_CTX_RETURN.match(block)
    if m is None:
        return None
    value = m.group(1)
    if value.endswith(".Context()") or re.search(
            r"\b" + re.escape(value) + r"\s*:?=\s*[\w.]+\.Context\(\)", code[max(0, at - 3000):at]):
        return m
    return None


def _if_block(code: str, at: int, go: bool = False) -> str:
    """The body of the `if` whose condition ends at `at`: a brace block to its closing brace
    (the `if isAjax(c) {...}` nested in it included), within 600 characters; else its first
    four lines (Python), within 300. Go: a brace on the condition's line after `at` opens the
    block (`if token == "" {` read from the end of the test: its braces count, `&Info{...}`
    inside the block does not close it)."""
    if go and at and code[at - 1] != "{":
        eol = code.find("\n", at, at + 200)
        rest = code[at:eol] if eol >= 0 else ""
        if rest.rstrip().endswith("{") and rest.count("{") == 1 and "}" not in rest:
            at = at + rest.rfind("{") + 1
    if at and code[at - 1] == "{":
        depth = 1
        for i in range(at, min(len(code), at + 600)):
            c = code[i]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    return code[at:i]
    if at and code[at - 1] == ":":
        # Python: the lines indented below the `if` (a dict literal `jsonify({})` in them is
        # no block end), at most four, within 300 characters
        start = code.rfind("\n", 0, at) + 1
        indent = len(code[start:at]) - len(code[start:at].lstrip(" \t"))
        lines = []
        for ln in code[at:at + 300].split("\n")[1:5]:
            if ln.strip() and len(ln) - len(ln.lstrip(" \t")) <= indent:
                break
            lines.append(ln)
        if lines:
            return "\n" + "\n".join(lines)
    block = code[at:at + 300]
    cut = block.find("}")
    return block[:cut] if cut >= 0 else "\n".join(block.split("\n")[:4])


def _refuses_when(test: re.Pattern, code: str, pos: int = 0) -> bool:
    """Whether an `if` the pattern finds (from `pos`) on a condition widened only by `or`
    refuses the request or sends it to log in inside its block."""
    return any(_WIDER.match(m.group("rest")) and GUARD_BLOCK.search(_if_block(code, m.end()))
               for m in test.finditer(code, pos))


# An owner test: the record's owner compared with the request's user, refused when they differ
# (`if self.get_object().author != self.request.user: raise Http404`, `if post.author !=
# current_user: abort(403)`); Django's AnonymousUser and Flask-Login's anonymous user are no
# record's owner, so every anonymous request is refused. Asked the other way (`if n.recipient
# == request.user: ...` with the refusal as the function's last statement), the same.
_REQ_USER = r"(?:self\.)?(?:request\.user|current_user)\b(?:\.(?:id|pk))?"
_OWNED = r"[\w.]+(?:\(\s*\))?(?:\.[\w]+)*"


def _owner_compare(op: str) -> re.Pattern:
    return re.compile(rf"\bif\s+\(?\s*(?:{_OWNED}\s*{op}\s*{_REQ_USER}|{_REQ_USER}\s*{op}\s*"
                      rf"{_OWNED})\s*\)?\s*:")


OWNER_TEST, OWNER_PASS = _owner_compare("!="), _owner_compare("==")
_OWNER_REFUSAL = re.compile(r"raise\s+(?:[\w.]*PermissionDenied|[\w.]*Http404)\b|"
                            r"HttpResponseForbidden\(|abort\(\s*40[34]\b|\b403\b")
_LAST_REFUSAL = re.compile(r"^(?:return\s+[\w.]*HttpResponseForbidden\(|raise\s+[\w.]*"
                           r"(?:PermissionDenied|Http404)\b|(?:return\s+)?[\w.]*abort\(\s*40[34])")


def owner_test(code: str) -> bool:
    """Does the function refuse every request whose user does not own the record it names?"""
    if "request.user" not in code and "current_user" not in code:
        return False
    for m in OWNER_TEST.finditer(code):
        if _OWNER_REFUSAL.search(_if_block(code, m.end())):
            return True
    last = code.rstrip().rsplit("\n", 1)[-1].strip()[:300]  # (the function's last statement)
    return bool(OWNER_PASS.search(code)) and _LAST_REFUSAL.match(last) is not None


# A predicate of the user written next to the guard (`def check(user): return
# user.is_authenticated and user.is_superuser`, then `if not check(request.user): raise
# PermissionDenied`): false for Django's AnonymousUser, so every anonymous request is refused
_PRED_USER_TEST = re.compile(r"\bif\s+not\s+([A-Za-z_]\w*)\(\s*(?:self\.)?request\.user\s*\)\s*:")


def _user_predicate_test(code: str) -> bool:
    for m in _PRED_USER_TEST.finditer(code):
        pred = re.search(rf"\bdef\s+{re.escape(m.group(1))}\(\s*(\w+)\s*\)\s*(?:->\s*\w+\s*)?:"
                         r"\s*\n\s*return\s+\(?\s*(\w+)\.(is_authenticated|is_staff|is_superuser)\b"
                         r"(?!\s*(?:or|==|!=|is)\b)", code)
        if pred and pred.group(1) == pred.group(2) and \
                _OWNER_REFUSAL.search(_if_block(code, m.end())):
            return True
    return False


# Flask-Login: a test of an attribute of `current_user` beyond the anonymous user's own
# (`if current_user is None or current_user.role < permission:`): the anonymous user has no
# such attribute (AttributeError) or the app's anonymous class answers a value that fails
# (`role = 0`), so an anonymous request never gets past it. A condition narrowed by `and`
# (`current_user.is_authenticated and current_user.banned`) may let it through: not read so.
_CURRENT_USER_ATTR_IF = re.compile(
    r"^(?P<indent>[ \t]*)if\s+(?P<cond>[^\n:]{0,200}?\bcurrent_user\.(?!is_authenticated\b|"
    r"is_anonymous\b|is_active\b|get_id\b)[A-Za-z_]\w*[^\n:]{0,200}):[ \t]*$", re.MULTILINE)


def _current_user_attr_refusal(code: str) -> bool:
    """The `if` tests an attribute of Flask-Login's user and its block answers the request
    itself (an error page, a response, an abort) without calling what the decorator wraps
    (`return render_template('error.html')`, a 402 JSON): nobody anonymous gets through. A
    local of that name (`current_user = User.find_by_username(...)` in a login) is not it."""
    if re.search(r"(?<![\w.])current_user\s*(?::[^=\n]+)?=(?!=)", code):
        return False
    for m in _CURRENT_USER_ATTR_IF.finditer(code):
        if re.search(r"\band\b|\bnot\s+current_user\.\w+\s*(?:[<>!=]=?|\bin\b)", m.group("cond")):
            continue
        block = _if_block(code, m.end())
        if re.search(r"^\s*(?:return\b|raise\b|abort\()", block, re.MULTILINE) and \
                "*args" not in block and "**kwargs" not in block:
            return True
    return False


def guard_test(code: str) -> tuple[bool, str]:
    """(the function guards by testing the request's authentication, the name of the predicate
    that exempts requests from it or "")."""
    if owner_test(code) or ("request.user" in code and _user_predicate_test(code)):
        return True, ""
    if "ser" in code and "next" in code:
        for m in USER_THEN_NEXT.finditer(code):
            if GUARD_BLOCK.search(m.group("after")):
                return True, ""
    if "g." in code:
        if _refuses_when(G_USER_TEST, code):
            return True, ""
        # asked the other way: the view runs only when the user is there (`if flask.g.user and
        # flask.g.user.is_superadmin: return f(*args, **kwargs)`), everyone else is refused
        for m in G_USER_PASS.finditer(code):
            if GUARD_BLOCK.search(code, m.end(), m.end() + 300):
                return True, ""
        # the same test on a local holding that user (`editor = flask.g.user` ...
        # `if not editor or not editor.is_moderator: flask.abort(403)`)
        for a in G_USER_ALIAS.finditer(code):
            test = re.compile(rf"\bif\s+not\s+{re.escape(a.group(1))}\b(?P<rest>[^\n:]{{0,200}}):")
            if _refuses_when(test, code, a.end()):
                return True, ""
    if "nonymous" in code and _refuses_when(ANON_TEST, code):
        return True, ""
    if "current_user." in code and _current_user_attr_refusal(code):
        return True, ""
    if "get_" in code and ("jwt_identity" in code or "current_user" in code):
        # flask-jwt-extended under `@jwt_required(optional=True)`: get_jwt_identity() and
        # get_current_user() are None without a token (`user = get_current_user(); if not
        # user: return ..., 401`)
        if _refuses_when(JWT_IDENTITY_TEST, code):
            return True, ""
        for a in JWT_IDENTITY_ALIAS.finditer(code):
            test = re.compile(rf"\bif\s+(?:not\s+{re.escape(a.group(1))}\b|"
                              rf"{re.escape(a.group(1))}\s+is\s+None\b)(?P<rest>[^\n:]{{0,200}}):")
            if _refuses_when(test, code, a.end()):
                return True, ""
    if "req" in code and "!" in code:
        # JavaScript: the user an optional middleware put on the request, tested by the
        # handler (`if (!req.user) return res.status(401)...`, `const { loggedUser } = req;
        # if (!loggedUser) throw new UnauthorizedError()`)
        if _refuses_when(JS_REQ_USER_TEST, code):
            return True, ""
        for a in JS_REQ_ALIAS.finditer(code):
            names = [n.split(":")[-1].strip() for n in (a.group(1) or "").split(",")] + \
                [a.group(2) or ""]
            for n in names:
                if n and _USERISH.search(n) and re.fullmatch(r"[A-Za-z_$][\w$]*", n):
                    test = re.compile(rf"\bif\s*\(\s*!\s*{re.escape(n)}\s*\)(?P<rest>)")
                    if _refuses_when(test, code, a.end()):
                        return True, ""
    if "uthenticated" not in code and "ogged" not in code and "fresh" not in code and \
            "ogin" not in code and "user.is_s" not in code:
        return False, ""
    m = GUARD_PASS.search(code)
    if m and GUARD_BLOCK.search(code, m.end()):
        return True, ""
    for m in GUARD_TEST.finditer(code):
        block = _if_block(code, m.end())
        if GUARD_BLOCK.search(block):
            ex = _EXEMPT.match(m.group("rest"))
            if ex is None and (v := _EXEMPT_VAR.match(m.group("rest"))) is not None and \
                    re.search(rf"^[ \t]*{re.escape(v.group(1))}\s*=\s*\(?\s*request\."
                              r"(?:path|endpoint)\b", code, re.MULTILINE):
                # `and not allowed_path`, a local holding tests of which request it is
                # (`request.path.startswith("/login") or ...`): the paths it names are let
                # through (the framework's exemptions, frameworks.python.request_exemptions)
                return True, ""
            rest = m.group("rest")
            if ex is None and rest.strip(" )") and not (
                    _WIDER.match(rest) and not re.search(r"\band\b|&&", rest)):
                # another condition the guard depends on: not read (one joined by `or` only
                # widens whom it refuses: `if not user.is_authenticated or user.is_banned:`)
                continue
            return True, ex.group(1) if ex else ""
    return False, ""


# The calls whose result decides a rejection: `if !CheckIsAdminReq(app, c) { 403 }`,
# `user, err := GetUserByReq(app, c)` then `if err != nil { 401 }`, `if err := verify(r); err !=
# nil { 401 }`. A wrapper whose 401/403 hangs on a call that reads a credential (however deep,
# `resolve.guard_fn`) guards what it wraps; a rejection that hangs on something else (a captcha,
# a rate limit) does not make it one. A boolean result tested negated is the same gate (`if ok,
# _ := IsLoggedIn(r); !ok { 403 }`, or `ok := IsLoggedIn(r)` on the line before `if !ok {`).
_GATE_IF = re.compile(r"\bif\s+(?:!\s*([A-Za-z_][\w.]*)\s*\(|([A-Za-z_]\w*)\s*(?:!=|==)\s*nil\b|"
                      r"\w+(?:\s*,\s*\w+)?\s*:=\s*([A-Za-z_][\w.]*)\([^\n{;]*;\s*\w+\s*!=\s*nil|"
                      r"!\s*([A-Za-z_]\w*)\s*(?=\{)|"
                      r"(\w+)(?:\s*,\s*\w+)?\s*:=\s*([A-Za-z_][\w.]*)\([^\n{;]*;\s*!\s*\5\s*(?=\{))"
                      r"[^\n{]*\{")
_GATE_ASSIGN = re.compile(r"(?<!\w)(\w+)(?:\s*,\s*(\w+))?\s*:?=\s*([A-Za-z_][\w.]*)\([^\n]*\)\s*$",
                          re.MULTILINE)


def _block(code: str, start: int, cap: int = 600) -> str:
    """The text of the brace block opened just before `start`, to its matching brace."""
    depth = 1
    end = min(len(code), start + cap)
    for i in range(start, end):
        ch = code[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return code[start:i]
    return code[start:end]


# JS/TS: `const auth = await getAuthenticatedAdmin(teamId); if (!auth) { return ...401 }`
_JS_GATE_IF = re.compile(r"\bif\s*\(\s*!\s*([A-Za-z_$][\w$]*)\s*(?:\)\s*\{|\|\|)")
# (`if (!auth || auth.email !== ADMIN)`: a missing value rejected, whatever else is)
_JS_GATE_ASSIGN = re.compile(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?"
                             r"([A-Za-z_$][\w.$]*)\(")


# JS/TS, the same test written the other way: `if (user) { ...200 } else { ...401 }`
_JS_GATE_IF_ELSE = re.compile(r"\bif\s*\(\s*([A-Za-z_$][\w$]*)\s*\)\s*\{")


def _else_rejects(code: str, m) -> bool:
    """The `if (x) {...}` at `m` has an `else` block that answers 401/403 (read with string
    scans: a whitespace pattern tried at every offset of a long indented run is quadratic)."""
    body = _block(code, m.end(), 4000)
    at = m.end() + len(body) + 1
    rest = code[at:at + 400]
    stripped = rest.lstrip()
    if not stripped.startswith("else"):
        return False
    after = stripped[4:].lstrip()
    if not after.startswith("{"):
        return False
    start = at + (len(rest) - len(after)) + 1
    return bool(REJECT.search(_block(code, start, 300)))


def reject_gates(code: str, bool_only: bool = False) -> list[str]:
    """The callees whose result a 401/403 of this function hangs on (see `_GATE_IF`); with
    `bool_only`, only those whose boolean result is tested negated (`if !IsLoggedIn(r)`, `if ok,
    _ := IsLoggedIn(r); !ok`): a predicate of the request, not an error a lookup returned."""
    out: list[str] = []
    if bool_only:
        for m in _GATE_IF.finditer(code):
            if not m.group(2) and not m.group(3) and REJECT.search(_block(code, m.end())) and \
                    (name := _gate_name(code, m)) and name not in out:
                out.append(name)
        return out[:4]
    gates = [m for m in _JS_GATE_IF.finditer(code) if REJECT.search(_block(code, m.end(), 300))]
    if "else" in code:
        gates += [m for m in _JS_GATE_IF_ELSE.finditer(code) if _else_rejects(code, m)]
    for m in sorted(gates, key=lambda m: m.start()):
        before = code[max(0, m.start() - 300):m.start()]
        found = [a.group(2) for a in _JS_GATE_ASSIGN.finditer(before) if a.group(1) == m.group(1)]
        if found and found[-1] not in out:
            out.append(found[-1])
    for m in _GATE_IF.finditer(code):
        if REJECT.search(_block(code, m.end())) and (name := _gate_name(code, m)) and \
                name not in out:
            out.append(name)
    return out[:4]


# the first statement of a block answering that the request is not logged in: a 401 in Go's
# spellings, or a redirect to the login page (`http.Redirect(w, r, "/login", http.StatusFound)`)
_FIRST_UNAUTHENTICATED = re.compile(
    r"StatusUnauthorized\b|[(,]\s*401\s*[,)]|ErrUnauthorized\b|"
    r"Redirect\([^\n]{0,120}?[\"'`](?:/[\w-]*)*/(?:log-?in|sign-?in|auth)(?:[/?#][^\"'`\n]*)?[\"'`]",
    re.IGNORECASE)


# Go: a handler's request parameter (`r *http.Request`, `c *gin.Context`, `c echo.Context`,
# `c *fiber.Ctx`, `ctx context.Context`)
_GO_REQUEST_PARAM = re.compile(r"[(,]\s*(\w+)\s+\*?(?:http\.Request|fiber\.Ctx|gin\.Context|"
                               r"echo\.Context|context\.Context)\s*[,)]")


def unauthenticated_gates(code: str):
    """Go: (callee, offset of its `if`), in the order of the code, of the calls whose error the
    function answers at once with a 401 or a redirect to the login page (`user, err :=
    s.requireUser(r); if err != nil { writeJSON(w, 401, ...); return }`): calls handed the
    request, not a login's check of the body it read (`ctrl.service.Login(req)`). An error first
    told apart (`if errors.Is(err, errNeedsLogin) {...}`), or answered with another status, is
    a lookup's or a permission's, not the request's credential."""
    params = set(_GO_REQUEST_PARAM.findall(code[:4000]))
    if not params:
        return
    for m in _GATE_IF.finditer(code):
        held = m.group(2) or m.group(3)
        if not held or (m.group(2) and "!=" not in code[m.start():m.end()]):
            continue
        block = _block(code, m.end()).lstrip()
        first = block.split("\n", 1)[0]
        if first.startswith("//") or not _FIRST_UNAUTHENTICATED.search(first):
            continue
        name = _gate_name(code, m)
        if not name:
            continue
        # the call's arguments: in the `if` itself, or on the line before it
        where = code[m.start():m.end()] if m.group(3) else \
            code[max(0, m.start() - 300):m.start()].rstrip().rsplit("\n", 1)[-1]
        at = where.find(name + "(")
        args = where[at + len(name):] if at >= 0 else ""
        if any(re.search(rf"(?<![\w.]){re.escape(p)}\b", args) for p in params):
            yield name, m.start()


def _gate_name(code: str, m) -> str | None:
    """The call a `_GATE_IF` match tests: named in the `if` itself, or, for `if err != nil` /
    `if !ok`, the call that assigned the tested name on the line just before."""
    name = m.group(1) or m.group(3) or m.group(6)
    held = m.group(2) or m.group(4)
    if held:
        prev = code[max(0, m.start() - 300):m.start()].rstrip().rsplit("\n", 1)[-1]
        a = _GATE_ASSIGN.search(prev)
        if a is not None and held in (a.group(1), a.group(2)):
            name = a.group(3)
    return name


_HEADER_LOGIN = re.compile(r"basicauth\(|\bauthorization\b")
# a response cookie the login sets, named `authorization` (`res.cookie('authorization',
# `Bearer ${token}`)`): the credential it issues, no header it reads
_AUTH_COOKIE_WRITE = re.compile(r"""\.(?:cookie|set_cookie|setcookie)\(\s*"""
                                r"""['"`]authorization['"`]""")
# a docstring or a comment (a login's docs say how to send the token it returns afterwards)
_DOC_TEXT = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|^\s*(?:#|//).*$', re.MULTILINE)
# reading the request's Authorization header (not setting one on an outgoing request):
# `r.Header.Get("Authorization")`, `c.GetHeader("Authorization")`, `c.Get(fiber.HeaderAuthorization)`,
# `c.Request().Header.Get(echo.HeaderAuthorization)`; on lower-cased text
AUTH_HEADER_READ = re.compile(r"\b(?:get|getheader|peek)\(\s{0,8}(?:\"authorization\"|"
                              r"[\w.]{0,40}headerauthorization)\s{0,8}\)")
# Go: reading the request's session or token cookie by its name (net/http `r.Cookie("session")`,
# gin/echo `c.Cookie("token")`, fiber `c.Cookies("jwt")`)
_GO_SESSION_COOKIE = re.compile(r'\.Cookies?\(\s*"[\w.-]{0,40}?(?i:session|token|auth|jwt|sid)'
                                r'[\w.-]{0,40}"')
# Go: a cookie read by a name held elsewhere (`r.Cookie(s.cfg.CookieName)`), in a function
# whose own name says what it reads (`sessionToken`, `authCookie`), or by a name that says it
_GO_COOKIE_WRITE = re.compile(r"\bSetCookie\(|http\.Cookie\{")
_GO_COOKIE_BY_NAME = re.compile(r"\.Cookies?\(\s*([A-Za-z_][\w.]{0,80})\s*\)")
_GO_FUNC_NAME = re.compile(r"func\s*(?:\([^()]{0,120}\)\s*)?([A-Za-z_]\w*)")
_SESSIONISH = re.compile(r"session|token|auth|jwt|sid\b|sid[A-Z_]", re.IGNORECASE)


def _go_named_cookie(text: str, start: int, end: int) -> bool:
    """(A function that also writes a cookie, `http.SetCookie(w, &http.Cookie{Name:
    CheckoutSessionCookie, Value: uuid.New()...})`, hands out an anonymous visitor's session, a
    cart's: no credential.)"""
    m = _GO_COOKIE_BY_NAME.search(text, start, end)
    if m is None or _GO_COOKIE_WRITE.search(text, start, end):
        return False
    if _SESSIONISH.search(m.group(1).rsplit(".", 1)[-1]):
        return True
    f = _GO_FUNC_NAME.match(text, start, end)
    return f is not None and bool(_SESSIONISH.search(f.group(1)))


PROFILE_LIMIT = 6000  # characters of a function read: guards are short, and nesting stays linear
OPTIONAL_NAME = re.compile(r"optional|maybe|try_?auth|soft", re.IGNORECASE)

# CREDENTIAL on lower-cased text: on latin-1 text, lower() keeps every offset and the case-blind
# alternation matches the same spans, but without IGNORECASE it runs about twice as fast.
CREDENTIAL_FOLDED = re.compile(CREDENTIAL.pattern.lower())
# a CORS setting that lists header names (Access-Control-Allow-Headers / Expose-Headers, the
# cors libraries' allowedHeaders / AllowHeaders / allow_headers / exposedHeaders)
_CORS_LIST = re.compile(r"access-control-(?:allow|expose)-headers|(?:allow|expose)(?:ed)?_?headers")
# A literal that starts every alternative of a pattern: the costly alternation is tried only at
# these places (and, for QUOTED ones, at a quote just before them: the quoted header names).
CREDENTIAL_STARTS = ("bearer", "header", "api", "jwt", "parse", "verify", "validate", "decode",
                     "session", "cookie", "ed25519", "key", "token", "secret", "auth", "x-", "x_",
                     "timingsafeequal", "compare_digest", "constanttimecompare",
                     "basic", "user", "isauthenticated", "getattr")
QUOTED = ("auth", "x-", "api", "bearer")
REJECT_STARTS = ("401", "403", "StatusUnauthorized", "StatusForbidden", "ErrUnauthorized",
                 "ErrForbidden", "HTTP_40", "Unauthorized", "Forbidden", "NotAuthenticated",
                 "PermissionDenied", "AuthenticationFailed", "abort(", "throw", ".Abort(",
                 "HTTPStatus.", "raise", "jwt_", "verify_")


def match_starts(pattern: re.Pattern, text: str, starts: tuple, quoted: tuple = ()) -> list[int]:
    """The starts of `pattern.finditer(text)`'s matches (the same leftmost, non-overlapping
    scan), trying the pattern only where a literal of `starts` occurs: str.find skips the
    text in C, where finditer would run the whole alternation at every character."""
    cands = set()
    find = text.find
    for lit in starts:
        before = lit in quoted
        i = find(lit)
        while i >= 0:
            cands.add(i)
            if before and i and text[i - 1] in "\"'":
                cands.add(i - 1)
            i = find(lit, i + 1)
    out: list[int] = []
    end, match = 0, pattern.match
    for p in sorted(cands):
        if p >= end and (m := match(text, p)) is not None:
            out.append(p)
            end = m.end()
    return out


class SpanProfiler:
    """Profiles of many functions of one file in linear time: each pattern runs once over the
    whole file, and a function's profile asks whether a match starts inside its span (nested
    functions would otherwise rescan the same text once per nesting level)."""

    def __init__(self, data: bytes, lang: str = "") -> None:
        self.data = data
        self.lang = lang
        self._cred: list[int] | None = None
        self._reject: list[int] | None = None
        self._pass: list[int] | None = None
        self._flag_skips: list[tuple[int, str]] = []
        self._via: list[tuple[int, str]] = []
        self._abort_missing: list[int] = []

    @property
    def text(self) -> str:
        # latin-1 keeps one character per byte, so match offsets are tree-sitter byte offsets
        if not hasattr(self, "_text"):
            raw = self.data.decode("latin-1")
            self._text = COMMENT.sub(lambda m: " " * len(m.group(0)), raw)
        return self._text

    @property
    def folded(self) -> str:
        if not hasattr(self, "_folded"):
            self._folded = self.text.lower()
        return self._folded

    def _pass_positions(self) -> list[int]:
        code = self.text
        out = []
        self._via = []
        self._abort_missing = []
        self._flag_skips = []
        # gin: `if h == "" { no("missing", ctx); return }` hands the context to a helper before
        # the bare return; the helper may abort the chain (`ctx.AbortWithStatusJSON(401, ...)`)
        # or not, which only its own profile tells (the resolver reads it: `pass_via`)
        ctx_names = set(_GIN_CTX_PARAM.findall(code)) if "gin.Context" in code else set()
        if "gin.Context" in code:
            # gin runs the next handler after a middleware that returns without c.Abort*():
            # `claims, err := mw.GetClaimsFromJWT(c); if err != nil { return }` lets a request
            # without a token through (net/http's, echo's and fiber's chains stop there)
            for m in GIN_BARE_RETURN.finditer(code):
                window = self.folded[max(0, m.start() - 200):m.start()]
                if CREDENTIAL_FOLDED.search(window):
                    out.append(m.start())
        for m in EMPTY_TEST.finditer(code):
            if self.lang == "go" and _ERR_NIL.search(m.group(0)):
                continue  # `if err == nil { c.Set("user_id", ...); return next(c) }`: success
            block = _if_block(code, m.end(), self.lang == "go" and not ctx_names)
            if ctx_names and _GIN_ABORT.search(block):
                # gin: `if h == "" { respondErr(c, CodeNeedLogin); c.Abort(); return }` stops
                # the chain for a request without the credential, whatever status it answers
                window = self.folded[max(0, m.start() - 200):m.end()]
                if CREDENTIAL_FOLDED.search(window):
                    self._abort_missing.append(m.start())
                continue
            if self.lang == "go" and (flag := _go_bool_param_test(m.group(0), code, m.start())):
                # `func Jwt(verifyToken bool)` ... `if !verifyToken { c.Next() }`: the factory's
                # flag turns the check off, no test of a missing credential (read per call)
                self._flag_skips.append((m.start(), flag))
                continue
            passes = (PASS_ON_GO if self.lang == "go" and "gin.Context" not in code else
                      PASS_ON).search(block)
            if passes is not None and self.lang in _JS_LANGS and \
                    not re.search(r"[Nn]ext\(", passes.group(0)) and \
                    _EXPRESS_NEXT_PARAM.search(code, max(0, m.start() - 400), m.start()):
                # Express: a middleware handed `next` that returns without calling it ends the
                # request there (what it called answered, `validateSession(req, res)` sending
                # the 401): a bare `return` passes nothing on
                passes = None
            if passes is None and self.lang == "go":
                passes = _go_context_pass(block, code, m.start())
            if passes is None and self.lang == "go" and not ctx_names and \
                    ("==" in m.group(0) or "len(" in m.group(0)) and \
                    _go_falls_to_next(code, m.end(), block):
                # (a test of emptiness, not `if !session.IsNew {`: a session that is there)
                # `if len(token) < 1 { ...a guest, refused only when its id is malformed... }
                # else { validate, 401 } return c.Next()`: without the credential the block
                # leaves nothing at its own level and the chain goes on
                window = self.folded[max(0, m.start() - 200):m.end()]
                if CREDENTIAL_FOLDED.search(window) or re.search(
                        r"token|header|auth|key|sig|cred|user", m.group(0), re.IGNORECASE):
                    out.append(m.start())
                continue
            if passes and not REJECT.search(block) and "return err" not in block \
                    and not _REDIRECT.search(block):
                # (a block that redirects, to the login page, answers the request: not a pass)
                window = self.folded[max(0, m.start() - 200):m.end()]
                if CREDENTIAL_FOLDED.search(window) or re.search(
                        r"token|header|auth|key|sig|cred|user", m.group(0), re.IGNORECASE):
                    helper = _ctx_helper(block[:passes.start()], ctx_names) \
                        if ctx_names and "next" not in passes.group(0).lower() else ""
                    if helper:
                        self._via.append((m.start(), helper))
                    else:
                        out.append(m.start())
        return sorted(out)

    def _only_cookie_words(self, start: int, end: int) -> bool:
        """Whether every credential word read in the span is the word `cookie(s)`."""
        i = bisect.bisect_left(self._cred, start)
        here = [p for p in self._cred[i:] if p < end]
        return bool(here) and all(self.folded.startswith("cookie", p) for p in here)

    def _only_session_writes(self, start: int, end: int) -> bool:
        """Whether every credential word read in the span is the session being written
        (`session.userId = ...`, `session.save()`, `session.regenerate()`), at least one."""
        i = bisect.bisect_left(self._cred, start)
        here = [p for p in self._cred[i:] if p < end]
        return bool(here) and all(
            self.folded.startswith("session", p) and
            _SESSION_WRITE.match(self.folded, p + 7) is not None for p in here)

    def _orm_session(self, p: int) -> bool:
        """Python: a bare `session` that is no login's: the web session is `request.session`,
        `flask.session`, Flask's `session[...]`, `session.get("key")`, `"key" in session`;
        any other `session`
        (`session.execute(...)`, `override(session)`, `async with Session() as session`) is an
        ORM's unit of work."""
        f = self.folded
        if not f.startswith("session", p) or f.startswith(("session_", "sessions"), p):
            return False
        before = f[max(0, p - 20):p]
        if re.search(r"(?:request|req|self\.request|flask)\.$", before):
            return False
        after = f[p + 7:p + 40]
        if re.match(r"\s*\[|\.(?:get|pop|setdefault)\(\s*[\"']|\.clear\(", after):
            return False
        return not re.search(r"\bin\s+$", before)

    def _cors_listed(self, p: int) -> bool:
        """The match at `p` names a header in a CORS list on its line
        (`w.Header().Set("Access-Control-Allow-Headers", "Accept, Authorization")`,
        `AllowHeaders: []string{"Authorization"}`): the browser is told it may send that
        header; nothing reads it."""
        ls = self.folded.rfind("\n", 0, p) + 1
        le = self.folded.find("\n", p)
        line = self.folded[ls:le if le >= 0 else len(self.folded)]
        return _CORS_LIST.search(line) is not None

    def for_span(self, start: int, end: int) -> dict:
        end = min(end, start + PROFILE_LIMIT)
        if self._cred is None:
            self._cred = match_starts(CREDENTIAL_FOLDED, self.folded, CREDENTIAL_STARTS, QUOTED)
            if self.lang == "python":  # Django's `request.user` is every view's, no credential read
                self._cred = [p for p in self._cred
                              if (not self.folded.startswith(("user", "isauthenticated"), p)
                                  or self.folded.endswith("request.state.", 0, p))
                              and not self._orm_session(p)]
            self._reject = match_starts(REJECT, self.text, REJECT_STARTS)
            if "allow" in self.folded:
                self._cred = [p for p in self._cred if not self._cors_listed(p)]
        reads = _any_in(self._cred, start, end)
        if reads and self._only_cookie_words(start, end) and \
                _COOKIE_WRITE.search(self.text, start, end) and \
                not _COOKIE_READ.search(self.text, start, end):
            # a handler that sets the session cookie (a login answering `Set-Cookie:
            # auth_token=...`) and reads none: it issues a credential, it checks none
            reads = False
        if reads and self._only_session_writes(start, end):
            # a handler that puts the caller in the session (`req.session.userId = user.id;
            # await req.session.save()`) after checking what it was sent: a login, whose 401
            # answers a bad proof; it reads no session
            reads = False
        if not reads and _any_in(self._reject, start, end) and \
                SHARED_SECRET.search(self.folded, start, end):
            reads = True  # a presented secret checked against the configured one
        if not reads and self.lang == "go" and _any_in(self._reject, start, end) and \
                ("gin.Context" in self.text or "echo.Context" in self.text) and \
                _GO_CTX_IDENTITY.search(self.folded, start, end):
            # gin/echo: the identity an authentication middleware stored on the context
            # (`val, ok := c.Get(AuthorizationKey); if !ok { ...; c.Abort() }`)
            reads = True
        if not reads and self.lang == "go" and _any_in(self._reject, start, end) and \
                "user()" in self.folded[start:end] and _GO_USER_401.search(self.folded, start, end):
            reads = True  # (the identity a credential gave, absent: refused as unauthenticated)
        if not reads and self.lang == "go" and _any_in(self._reject, start, end) and \
                _go_header_401(self.text[start:end]):
            # a request header a test of which answers 401 when it is missing (`pluginID :=
            # r.Header.Get("Mattermost-Plugin-ID"); if pluginID == "" { 401 }`): 401 is the
            # answer to a request that did not authenticate, whatever the header is called
            reads = True
        if reads and self._pass is None:  # only a reading function needs the emptiness tests
            self._pass = self._pass_positions()
        out_flags = sorted({f for p, f in self._flag_skips if start <= p < end}) \
            if reads else []
        out = {"reads_credential": reads, "rejects": _any_in(self._reject, start, end),
               "next_on_missing": reads and _any_in(self._pass, start, end)}
        if out_flags:
            out["flag_skips"] = out_flags
        if reads and not out["rejects"] and _any_in(self._abort_missing, start, end):
            out["rejects"] = True  # (gin: aborted when the credential is missing)
        if reads and not out["rejects"] and self.lang == "go" and \
                _GO_PANIC_IF.search(self.text, start, end) and (
                    self.text.find(".Next()", start, end) >= 0 or
                    self.text.find(".ServeHTTP(", start, end) >= 0):
            # a middleware's `if err != nil { panic(err) }` after reading the token: the panic
            # unwinds the chain (a Recover middleware answers with the error's status), the
            # handler never runs (a handler's own panics are its errors, not a guard)
            out["rejects"] = True
        if reads and not out["rejects"] and self.lang == "go" and \
                (m := _GO_LOGIN_REDIRECT.search(self.text, start, end)) and \
                _go_in_branch(self.text, start, m.start()):
            # `http.Redirect(w, r, "/login", http.StatusSeeOther); return`: the request is
            # answered with the login page, the handler chain stops
            out["rejects"] = True
        if reads and not out["rejects"] and self.lang in _JS_LANGS and \
                _js_throws_without_user(self.text[start:end]):
            out["rejects"] = True  # (`if (!user) throw new Error("User not found")`)
        if reads and self._via:
            via = sorted({h for p, h in self._via if start <= p < end})
            if via:
                out["pass_via"] = via
        if reads and out["rejects"] and not out["next_on_missing"] and \
                _allow_anonymous_setting(self.text, start, end):
            # the refusal of an anonymous request waits on a setting
            # (`allow := auth.ShouldAllowUnauthenticatedGistAccess(...); if !allow { 401 }`):
            # an instance may let anonymous requests through, as the default often does
            out["next_on_missing"] = True
        if reads and out["rejects"] and not out["next_on_missing"] and \
                _setting_gated_refusals(self.text, start, end, self._reject):
            # every refusal waits on a setting being on as well (`if (config.fxa_required &&
            # !req.user) { 401 }`): with it off, as an instance may run, anonymous requests go on
            out["next_on_missing"] = True
        if reads and not out["next_on_missing"] and self.lang == "go" and \
                "gin.Context" not in self.text and _GO_READ_IN_IF.search(self.text, start, end) \
                and _GO_TAIL_NEXT.search(self.text[start:end]) and \
                _go_lenient_read_in_if(self.text, start, end):
            # net/http: the credential is read only in an `if`'s init (`if v :=
            # r.Header.Get("Authorization"); strings.HasPrefix(v, "Bearer ") {...}`) and the
            # handler ends by calling next: without one the request goes on
            out["next_on_missing"] = True
        if self.lang == "go" and "gin.Context" not in self.text and \
                _GO_TAIL_NEXT.search(self.text[start:end]):
            inner = len(_GO_INNER_RETURN.findall(self.text, start, end))
            if inner == len(_GO_NEXT_RETURN.findall(self.text, start, end)):
                # net/http: every return hands the request on first (or there is none), and so
                # does the end: with or without the token the request goes on
                out["always_next"] = True
                if reads:
                    out["next_on_missing"] = True
        if self.lang == "go" and not out["rejects"] and "gin.Context" in self.text and \
                self.text.find(".Abort", start, end) < 0 and \
                _gin_always_next(self.text[start:end]):
            # gin: a middleware that never aborts the chain (every branch `c.Next(); return`)
            # refuses nobody: the handlers run with or without the credential
            out["always_next"] = True
            if reads:
                out["next_on_missing"] = True
        if self.lang == "go" and not out["rejects"] and not reads and \
                "gin.Context" not in self.text and _go_ctx_always_next(self.text[start:end]):
            # echo / Fiber: every return of the middleware's handler hands the request on
            # (`return next(c)`, `return c.Next()`) and nothing answers it: a no-op whatever
            # its name (`func Auth(next) { return func(c) error { return next(c) } }`)
            out["always_next"] = True
        if self.lang == "python" and not out["rejects"] and \
                _PY_CALL_NEXT.search(self.text, start, end) and \
                _py_always_next(self.text[start:end]):
            # Starlette's `dispatch(request, call_next)` that only ever answers with what
            # `call_next(request)` gives: every request goes on, with or without the credential
            out["always_next"] = True
            if reads:
                out["next_on_missing"] = True
        if self.lang in _JS_LANGS and _JS_HANDS_REQ.search(self.text, start, end):
            out["hands_request"] = True  # (`parseBearer(req)`: a helper that may refuse it)
        if self.lang in _JS_LANGS and not out["rejects"] and \
                _js_always_next(self.text[start:end]):
            # Express/Connect: it ends by calling next(), every return hands the request on
            # and nothing throws or answers: with or without the credential the request goes on
            out["always_next"] = True
            if reads:
                out["next_on_missing"] = True
        if out["rejects"] and (self.lang in ("go", "python") or self.lang in _JS_LANGS) and \
                _UNAUTHORIZED.search(self.text, start, end):
            out["unauthorized"] = True  # 401 spelled: the answer to a missing credential
        if out["rejects"]:
            i = bisect.bisect_left(self._reject, start)
            here = [p for p in self._reject[i:] if p < end]
            if here and all(self.text.startswith(".Abort", p) for p in here):
                out["abort_only"] = True  # gin's bare Abort(): says nothing of credentials
        if not hasattr(self, "_pw"):
            self._pw = [m.start() for m in PASSWORD.finditer(self.folded)]
        if _any_in(self._pw, start, end) and (not _HEADER_LOGIN.search(_AUTH_COOKIE_WRITE.sub(
                "", _DOC_TEXT.sub("", self.folded[start:end]))) or
                SESSION_START.search(self.folded, start, end)):
            # (one that takes the password from the Authorization header, HTTP basic auth,
            # asks every request for it: a credential, not a login form; unless it then starts
            # a logged-in session, `login_user(user)`: a login taking its password that way)
            out["password"] = True
            if reads and out["rejects"] and not SESSION_START.search(self.folded, start, end):
                r = next((x for x in self._reject[bisect.bisect_left(self._reject, start):]
                          if x < end), None)
                pw = next(x for x in self._pw[bisect.bisect_left(self._pw, start):])
                if r is not None and r < pw and _any_in(self._cred, start, r) and \
                        re.search(r"40[13]|[Uu]nauthori[sz]ed|[Ff]orbidden",
                                  self.text[r:min(end, r + 120)]) and \
                        re.search(r"session|token|authorization|cookie|jwt",
                                  self.folded[start:r]) and \
                        _ABSENT_TEST.search(self.folded[max(start, r - 300):r]):
                    # it refuses a request without the session before any password is read
                    # (a profile update hashing the new one): a guard, not a login
                    out["password"] = False
        if not hasattr(self, "_authz"):
            self._authz = [m.start() for m in AUTH_HEADER_READ.finditer(self.folded)] \
                if "authorization" in self.folded else []
        if _any_in(self._authz, start, end):
            out["auth_header"] = True
        if self.lang == "go" and "cookie" in self.folded and \
                (_GO_SESSION_COOKIE.search(self.text, start, end) or
                 _go_named_cookie(self.text, start, end)):
            out["session_cookie"] = True  # (read it when sent: `r.Cookie("session")`)
        if self.lang == "go" and out["rejects"] and ("!= nil" in self.text[start:end] or
                                                     "ok" in self.text[start:end]) and \
                _go_refuses_present_only(self.text, start, end, self._reject):
            # `if u := c.Get(AuthenticatedUserKey); u != nil { 403 }`: a page for anonymous
            # visitors (log in, register), refusing only a request that has a user
            out["rejects_present"] = True
        if self.lang in _JS_LANGS and "session." in self.folded and \
                _JS_REQ_SESSION_USER.search(self.text, start, end):
            out["session_user"] = True  # (express-session: `req.session.userId` read when set)
        if out["rejects"] and not reads:
            gates = reject_gates(self.text[start:end])
            if gates:
                out["reject_on"] = gates
                if self.lang == "go" and (bools := reject_gates(self.text[start:end], True)):
                    out["reject_on_bool"] = bools
        if self.lang == "go" and not reads and "nil" in self.text[start:end] and \
                (errs := list(unauthenticated_gates(self.text[start:end]))):
            # (a redirect to log in is no REJECT: read apart)
            out["reject_on_err"] = list(dict.fromkeys(name for name, _at in errs))[:4]
            if out.get("password"):
                # (the password it reads after refusing a request whose session check failed
                # is the account's, changed or confirmed: `handleChangePassword`; the endpoint
                # stage keeps it a guard once that check is shown to read the credential)
                first = errs[0]
                body = self.text.find("{", start, end)  # (its name may say Password)
                pw = next((x for x in self._pw[bisect.bisect_left(self._pw, max(start, body)):]),
                          end)
                if start + first[1] < pw and not SESSION_START.search(self.folded, start, end):
                    out["guard_before_password"] = first[0]
        if _THROTTLE.search(self.text, start, end):
            out["throttles"] = True  # answers 429: a rate limiter (its counters are no data)
        guards, exempt = guard_test(self.text[start:end])
        if guards:
            out["guard_test"] = True
            if exempt:
                out["exempt_by"] = exempt
        return out


# Go: a branch that panics (`if err != nil { panic(common.ErrNoPermission(err)) }`)
_GO_PANIC_IF = re.compile(r"if [^{}\n]{1,200}\{[ \t]*\n(?:[ \t]*//[^\n]*\n)*[ \t]*panic\(")


# answering 429 Too Many Requests (a rate limiter): `c.Status(http.StatusTooManyRequests)`,
# `res.status(429)`, `HTTP_429_TOO_MANY_REQUESTS`, `abort(429)`
_THROTTLE = re.compile(r"StatusTooManyRequests\b|HTTP_429_TOO_MANY_REQUESTS|"
                       r"(?:status|abort|sendStatus|Status|WriteHeader)\(\s*429\b")
_GO_HANDS_ON = re.compile(r"(?:\.ServeHTTP|\b\w+)\(\s*w\s*,\s*r\s*\)")
_GO_HEADER_READ = re.compile(r"\b(\w+)\s*:?=\s*\w+\.Header\.Get\(")


def _go_header_401(code: str) -> bool:
    """Go: `v := r.Header.Get("X")` then `if v == "" {` whose block answers 401, in a wrapper
    that hands the request on (`next(w, r)`): a helper that answers 401 only in some cases
    (a share's password, asked when the share has one) is judged where it is called."""
    if not _GO_HANDS_ON.search(code):
        return False
    for m in _GO_HEADER_READ.finditer(code):
        test = re.compile(rf"\bif\s+{re.escape(m.group(1))}\s*==\s*\"\"\s*\{{")
        t = test.search(code, m.end())
        if t is not None:
            close = code.find("}", t.end())
            block = code[t.end():close if close >= 0 else t.end() + 300]
            if re.search(r"StatusUnauthorized\b|\b401\b", block):
                return True
    return False


# the signed-in user a session library hands back: Supabase `auth.getUser()` / `getSession()`,
# NextAuth `getServerSession(...)` / `auth()`, Clerk `auth()` / `currentUser()`
_JS_SESSION_USER = re.compile(
    r"\b(?:const|let|var)\s+(\{[^=;]{0,200}?\}|[A-Za-z_$][\w$]*)\s*=\s*[^;\n]{0,120}?"
    r"(?<![\w$])(?:\w+\.)?(?:auth\.getUser|auth\.getSession|getServerSession|getSession|auth|"
    r"currentUser)\s*\(")


def _js_throws_without_user(code: str) -> bool:
    """A function that reads the session's user and throws when there is none (`const user =
    (await supabase.auth.getUser()).data.user; if (!user) throw new Error("User not found")`):
    whatever catches it, the request it serves goes no further without a signed-in user."""
    if "throw" not in code:
        return False
    for m in _JS_SESSION_USER.finditer(code):
        lhs = m.group(1)
        names = re.findall(r"(?<![\w$.])(user|session|userId|currentUser|authUser)\b", lhs) \
            if lhs.startswith("{") else [lhs]
        for name in names:
            if not _USERISH.search(name):
                continue
            test = re.compile(rf"\bif\s*\(\s*!\s*{re.escape(name)}(?:\??\.[A-Za-z_$][\w$]*)?"
                              r"\s*\)\s*\{?\s*throw\b")
            if test.search(code, m.end()):
                return True
    return False


# the profiler's languages that are JavaScript ("" for a profiler built without one: the
# TypeScript extractor's)
_JS_LANGS = ("", "javascript", "typescript", "tsx")
_JS_TAIL_NEXT = re.compile(r"\bnext\(\s*\)(?:\s*;)?\s*\}\s*$")
_JS_RETURN = re.compile(r"\breturn\b")
_JS_RETURN_NEXT = re.compile(r"\breturn\s+next\(\s*\)")
_JS_ANSWERS = re.compile(r"\bthrow\b|\bres\.(?:status|sendStatus|send|json|redirect|end|"
                         r"render|writeHead)\b|\bnext\(\s*[^)\s]")


# a call handed the request (`parseJwt(req)`, which may throw without a token), or a
# verification outside any try (a bad token throws): either may refuse the request
_JS_HANDS_REQ = re.compile(r"[\w$]\s*\(\s*(?:req|request)\b(?!\s*\.)|,\s*(?:req|request)\s*[,)]")
_JS_VERIFY = re.compile(r"\bverify\w*\s*\(")


_GO_MISSING_TEST = re.compile(r"\berr\s*!=\s*nil\b|==\s*\"\"|!\s*ok\b|\bok\s*==\s*false\b")


def _go_lenient_read_in_if(text: str, start: int, end: int) -> bool:
    """One of the span's `if v := r.Header.Get(...); test {` reads lets a request without the
    credential on: its test is not "it is missing" answered with a refusal (`if _, err :=
    r.Cookie("session_id"); err != nil { 401 }` refuses; `if v := ...; strings.HasPrefix(v,
    "Bearer ") { verify }` does not)."""
    for m in _GO_READ_IN_IF.finditer(text, start, end):
        brace = text.find("{", m.end(), min(end, m.end() + 300))
        if brace < 0:
            return True
        if not (_GO_MISSING_TEST.search(text, m.end(), brace) and
                REJECT.search(_block(text, brace + 1))):
            return True
    return False


# a call asking whether anonymous requests are allowed here (a setting: `RequireLogin` false)
_ALLOW_ANONYMOUS_CALL = re.compile(r"(?i:allow)\w{0,30}?(?i:unauthenticated|anonymous|"
                                   r"guest|without_?login)\w{0,40}\s*\(")


# a condition that needs a setting on and a request without the user or credential
# (`if (config.fxa_required && !req.user)`, `if settings.LOGIN_REQUIRED and not
# request.user.is_authenticated:`, `if cfg.AuthRequired && user == nil {`)
_SETTING_AND_MISSING = re.compile(
    r"\bif\s*\(?\s*!?\s*(?:this\.)?[\w.]{0,40}?(?:config|conf|cfg|settings|options|opts|env)"
    r"\w{0,20}\.[\w.]{1,60}\s*(?:&&|\band\b)\s*(?:!|not\s|[\w.]{1,60}\s*(?:==|===)\s*"
    r"(?:nil|null|undefined|None)\b)", re.IGNORECASE)


def _setting_gated_refusals(text: str, start: int, end: int, rejects: list[int]) -> bool:
    """Whether every refusal of the span sits in the block of an `if` that also needs a
    setting to be on (`_SETTING_AND_MISSING`), at least one."""
    gates = [m.end() for m in _SETTING_AND_MISSING.finditer(text, start, end)]
    if not gates:
        return False
    i = bisect.bisect_left(rejects, start)
    here = [r for r in rejects[i:] if r < end]
    return bool(here) and all(any(g <= r < g + 200 and "\n\n" not in text[g:r] for g in gates)
                              for r in here)


def _allow_anonymous_setting(text: str, start: int, end: int) -> bool:
    """A call of `_ALLOW_ANONYMOUS_CALL` not handed the request: an instance's setting, not a
    test of which request it is (`allowUnauthenticated(r)`: the login page, static files,
    whose exemptions the guard's path tests say)."""
    for m in _ALLOW_ANONYMOUS_CALL.finditer(text, start, end):
        close = text.find(")", m.end(), min(end, m.end() + 200))
        args = text[m.end():close] if close >= 0 else ""
        if not re.search(r"(?<![\w.])(?:r|req|request|c|ctx|w)(?![\w.])", args):
            return True
    return False


_GO_CTX_HANDLER = re.compile(r"\bfunc\s*\(\s*(\w+)\s+(?:echo\.Context|\*fiber\.Ctx|fiber\.Ctx)\s*\)"
                             r"\s*error\s*\{")
_GO_RETURN_LINE = re.compile(r"\breturn\b[^\n]*")
# the methods by which a context answers the request itself
_ECHO_FIBER_WRITERS = ("JSON|String|HTML|Blob|Stream|NoContent|Redirect|File|Attachment|"
                       "SendStatus|SendString|Send|Status|Render|XML")
_GIN_WRITERS = ("JSON|String|HTML|Data|Redirect|Status|XML|YAML|File|Render|PureJSON|"
                "IndentedJSON|SecureJSON|AsciiJSON|JSONP|Writer")


def _ctx_answers(body: str, c: str, writers: str) -> bool:
    """The context named `c` (escaped) writes a response (one of `writers`), or is handed to a
    helper that may (`respond(w, c)`)."""
    return bool(re.search(rf"\b{c}\.(?:{writers})\b", body) or
                re.search(rf"\w\s*\((?:[^()]*,\s*)?{c}\s*[,)]", body))


def _go_ctx_always_next(body: str) -> bool:
    """echo / Fiber: the span's handler literal (`func(c echo.Context) error {`) only ever
    returns what the next handler gives (`return next(c)`, `return c.Next()`), and writes no
    response on its context."""
    m = _GO_CTX_HANDLER.search(body)
    if m is None:
        return False
    c = re.escape(m.group(1))
    inner = body[m.end():]
    if re.search(r"\bpanic\(", inner) or \
            _ctx_answers(re.sub(rf"\bnext\(\s*{c}\s*\)", "", inner), c, _ECHO_FIBER_WRITERS):
        return False  # it answers, or hands its context to a helper that may
    rets = _GO_RETURN_LINE.findall(inner)
    return bool(rets) and all(re.fullmatch(rf"return\s+(?:next\(\s*{c}\s*\)|{c}\.Next\(\))\s*",
                                           r) for r in rets)


def _gin_always_next(body: str) -> bool:
    """gin: every way out of the middleware is `c.Next()` (each `return` right after one, and
    the body ends with one), or it never stops the chain at all (gin's engine runs the next
    handler after a middleware returns unless it aborted: no `Abort`, no response written, the
    context handed to no helper that could do either); no branch hands the context to a
    helper that may abort it."""
    ctx = re.search(r"\b(\w+)\s+\*gin\.Context\b", body)
    if ctx is not None and "Abort" not in body:
        if not _ctx_answers(body, re.escape(ctx.group(1)), _GIN_WRITERS):
            return True
    lines = [ln.strip() for ln in body.splitlines() if ln.strip() and
             not ln.strip().startswith("//")]
    tail = [ln for ln in lines if ln not in ("}", "})", "}()")]
    if not tail or not tail[-1].endswith(".Next()"):
        return False
    for i, ln in enumerate(lines):
        if re.match(r"return\b(?!\s+func\b)", ln) and (i == 0 or not lines[i - 1].endswith(
                ".Next()")):
            return False
    return True


# (gin's and echo's `c.Get(key)` read the context's values, as gin's `c.Keys[key]` does; Fiber's
# `c.Get` reads a header)
_GO_CTX_IDENTITY = re.compile(r"\b(?:c|ctx|gc|ec)\.(?:(?:get|mustget)\(|keys\[)\s*[\w.\"]{0,60}?"
                              r"(?:user(?!-agent)|auth|token|claim|account|identity|session|"
                              r"jwt|uid)")
# Go: a refusal that hangs on the user being there (`if u := c.Get(UserKey); u != nil {`,
# `if user != nil {`)
_GO_PRESENT_IF = re.compile(r"\bif\s+(?:(\w+)\s*:?=\s*([^;{\n]{1,120});\s*)?(\w+)\s*!=\s*nil\s*\{")
_USERISH_NAME = re.compile(r"(?i)user|account|member|session|claims|principal|identity")


# `user, ok := c.Get("user").(models.User)`: the comma-ok of the context's user, true when one
# is there
_GO_CTX_OK = re.compile(r"\b\w+\s*,\s*(\w+)\s*:?=\s*[\w.]+\.(?:Get|Locals|Value|MustGet)\("
                        r"[^\n]{0,80}?\)\.\(\s*\*?[\w.]+\s*\)")


def _go_refuses_present_only(text: str, start: int, end: int, rejects: list) -> bool:
    """Every 401/403 of the span sits in a block entered when the request's user is there
    (`if u != nil {`, or `if ok && ... {` after `user, ok := c.Get("user").(User)`: an
    unverified e-mail refused, a guest let through)."""
    blocks = []
    for a in _GO_CTX_OK.finditer(text, start, end):
        for m in re.compile(rf"\bif\s+{re.escape(a.group(1))}\s*(?:&&[^{{\n]*)?\{{").finditer(
                text, a.end(), end):
            body = _block(text, m.end())
            if body is not None:
                blocks.append((m.end(), m.end() + len(body)))
    for m in _GO_PRESENT_IF.finditer(text, start, end):
        var, init, tested = m.group(1), m.group(2) or "", m.group(3)
        if var and var != tested:
            continue
        if not (re.search(r"\.(?:Get|Locals|Value|MustGet)\(", init) and var or
                _USERISH_NAME.search(tested)) or tested in ("err", "e"):
            continue
        body = _block(text, m.end())
        if body is not None:
            blocks.append((m.end(), m.end() + len(body)))
    here = [p for p in rejects if start <= p < end]
    return bool(blocks) and bool(here) and all(any(a <= p < b for a, b in blocks) for p in here)


# express-session / cookie-session: the user a login wrote into the session, read (not
# written) by a handler (`const userid = req.session.userId`); a login in progress
# (`twoFactorPendingUserId`, a reset's user) is no logged-in user
_JS_REQ_SESSION_USER = re.compile(r"\breq(?:uest)?\.session\.(?!\w*(?:[Pp]ending|[Tt]emp|[Rr]eset|[Vv]erif))"
                                  r"\w*(?:[Uu]ser|[Aa]ccount|[Mm]ember|[Uu]id)\w*\b(?!\s*=(?!=))")
# Go: the user an authentication step put on the request's value, tested and refused with a
# 401 (`if v.User() == nil { return errHTTPUnauthorized }`, `if !v.User().IsAdmin() {...}`)
_GO_USER_401 = re.compile(r"\bif\s+!?\s*[\w.]*\.user\(\)(?:\.\w+\(\))?\s*(?:==\s*nil\s*)?\{"
                          r"[^{}]{0,200}?unauthori[sz]ed")
# writing a cookie (Go net/http and gin `SetCookie`, Fiber `c.Cookie(&fiber.Cookie{...})`,
# Express `res.cookie(...)`, Python `set_cookie(...)`) and reading one (Fiber `c.Cookies("k")`,
# gin `c.Cookie("k")`, net/http `r.Cookie("k")`, `req.cookies`, `request.cookies`)
_COOKIE_WRITE = re.compile(r"SetCookie\(|\bset_cookie\(|\bres\.cookie\(|fiber\.Cookie\b|"
                           r"http\.Cookie\{")
_COOKIE_READ = re.compile(r"\.Cookies\(|\b(?:c|ctx|r|req)\.Cookie\(\s*[\"'`]|"
                          r"\b(?:req|request)\.cookies\b|\.COOKIES\b")
# what follows `session` when it is written: a member set, or the session saved / renewed
_SESSION_WRITE = re.compile(r"(?:\.\w+\s*=(?!=)|\[[^\]]{1,40}\]\s*=(?!=)|\.(?:save|regenerate|"
                            r"commit|set)\s*\()")
_PY_CALL_NEXT = re.compile(r"\bawait\s+call_next\(")


def _py_always_next(body: str) -> bool:
    """Starlette `dispatch`: every `return` answers what `call_next(request)` gave (`return
    await call_next(request)`, or `return response` after `response = await call_next(...)`)
    and nothing is raised: no request is answered by the middleware itself."""
    if re.search(r"\braise\b", body):
        return False
    passed = set(re.findall(r"\b([A-Za-z_]\w*)\s*=\s*await\s+call_next\(", body))
    for m in re.finditer(r"\breturn\b[ \t]*([^\n]*)", body):
        value = m.group(1).strip()
        if not (value.startswith("await call_next(") or value in passed):
            return False
    return True


def _js_always_next(body: str) -> bool:
    """An Express middleware that hands every request on: it ends with `next()`, each of its
    returns is `return next()`, it neither throws, answers, nor passes an error on, hands the
    request to no helper (which may throw without a token) and verifies only inside a `try`."""
    head = body.split("=>", 1)[-1] if body.lstrip().startswith("(") else body.split("{", 1)[-1]
    return bool(_JS_TAIL_NEXT.search(body)) and not _JS_ANSWERS.search(body) and \
        len(_JS_RETURN.findall(body)) == len(_JS_RETURN_NEXT.findall(body)) and \
        not _JS_HANDS_REQ.search(head) and \
        (not _JS_VERIFY.search(body) or "catch" in body)


_GIN_ABORT = re.compile(r"\.Abort(?:WithStatus\w*|WithError)?\(")
_GIN_CTX_PARAM = re.compile(r"\b(\w+)\s+\*gin\.Context\b")
_CALL_IN_BLOCK = re.compile(r"(?<![\w.])([A-Za-z_][\w.]*+)\(([^()\n]*+)\)")


def _ctx_helper(block: str, ctx_names: set) -> str:
    """The last call of `block` handed the gin context (`no("bad token", ctx)`), or ""."""
    found = ""
    for m in _CALL_IN_BLOCK.finditer(block):
        args = {a.strip() for a in m.group(2).split(",")}
        if args & ctx_names and not m.group(1).startswith(tuple(f"{c}." for c in ctx_names)):
            found = m.group(1)
    return found


def _any_in(pos: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(pos, start)
    return i < len(pos) and pos[i] < end


def profile(src: str) -> dict:
    """{reads_credential, rejects, next_on_missing} of one function's source text."""
    data = src.encode("utf-8")
    return SpanProfiler(data).for_span(0, len(data))
