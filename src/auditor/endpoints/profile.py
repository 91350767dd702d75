"""What a function does about credentials, read from its source text: the facts the auth
decision needs when a middleware's name alone does not tell (and to unmask an "optional" guard).

A profile is computed in the worker for every function and kept in the route facts, so that the
main process never re-reads a file.
"""
from __future__ import annotations

import re

# Reading a credential: the Authorization header, a bearer token, an API key header, a session.
CREDENTIAL = re.compile(
    r"""["'](authorization|x-api-key|x-auth-token|api[-_]?key|x-access-token|bearer)["']|"""
    r"""\bbearer\b|\bHeaders?\.Authorization\b|\bauthorization\b|\bapi_?key\b|\bjwt\b|"""
    r"""\b(parse|verify|validate|decode)_?(with_?claims|token|jwt|signature)\w*\s*\(|"""
    r"""\bjwt\.(decode|verify|parse)\w*\s*\(|\bsession\b|\bcookies?\b|ed25519\.Verify""",
    re.IGNORECASE)
# Rejecting the request: 401/403 in any framework's spelling.
REJECT = re.compile(
    r"\b(401|403)\b|Status(Unauthorized|Forbidden)\b|ErrUnauthorized|ErrForbidden|"
    r"HTTP_40[13]_|UnauthorizedException|ForbiddenException|NotAuthenticated|PermissionDenied|"
    r"AuthenticationFailed|abort\(\s*40[13]|Unauthorized\b|Forbidden\b")
# Letting a request without credentials through: an emptiness test followed closely by next().
NEXT_ON_MISSING = re.compile(
    r"""(==\s*""|==\s*nil|\bis\s+None\b|!\s*\w+(\.\w+)*\s*\)|len\([^)]*\)\s*==\s*0|"""
    r"""\bnot\s+\w+)[^\n]{0,80}\{?\s*\n?[^\n]{0,40}\n?\s*(return\s+)?(c|ctx)?\.?\s*[Nn]ext\(\)""")
OPTIONAL_NAME = re.compile(r"optional|maybe|try_?auth|soft", re.IGNORECASE)


def profile(src: str) -> dict:
    """{reads_credential, rejects, next_on_missing} of one function's source text."""
    return {
        "reads_credential": bool(CREDENTIAL.search(src)),
        "rejects": bool(REJECT.search(src)),
        "next_on_missing": bool(NEXT_ON_MISSING.search(src)),
    }
