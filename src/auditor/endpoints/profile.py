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
    r"""\bjwt\.(decode|verify|parse)\w*\s*\(|\bsession\b|\bcookies?\b|ed25519\.Verify|"""
    r"""\b\w*(key|token|secret|auth\w*)\s*(:\s*[\w\[\]. ]+)?=\s*(fastapi\.)?Header\(|"""
    r"""\bx[-_](api|admin|auth|access)[-_]?(key|token)\b""",
    re.IGNORECASE)
# Rejecting the request: 401/403 in any framework's spelling.
REJECT = re.compile(
    r"\b(401|403)\b|Status(Unauthorized|Forbidden)\b|ErrUnauthorized|ErrForbidden|"
    r"HTTP_40[13]_|UnauthorizedException|ForbiddenException|NotAuthenticated|PermissionDenied|"
    r"AuthenticationFailed|abort\(\s*40[13]|Unauthorized\b|Forbidden\b")
# Letting a request without credentials through: an emptiness test whose block calls next().
EMPTY_TEST = re.compile(
    r"""\bif\b[^\n{:]*(==\s*""|==\s*''|===?\s*(undefined|null)|==\s*nil\b|\bis\s+None\b|"""
    r"""!\s*[\w.\[\]'"]+\s*(\)|\{|&&|\|\|)|len\([^)]*\)\s*==\s*0|\bnot\s+[\w.]+\s*:)""")
PASS_ON = re.compile(r"\b[Nn]ext\(\)|\bcall_next\(|\breturn\s+None\b|\breturn\s*;?\s*$", re.MULTILINE)
COMMENT = re.compile(r"^\s*(//|#).*$", re.MULTILINE)


def _next_on_missing(src: str) -> bool:
    code = COMMENT.sub("", src)
    for m in EMPTY_TEST.finditer(code):
        block = code[m.end():m.end() + 300]
        cut = block.find("}")
        if cut >= 0:
            block = block[:cut]
        else:  # Python: the indented block up to the next blank line or dedent
            block = "\n".join(block.split("\n")[:4])
        if PASS_ON.search(block) and not REJECT.search(block) and "return err" not in block:
            window = code[max(0, m.start() - 200):m.end()]
            if CREDENTIAL.search(window) or re.search(r"token|header|auth|key|sig|cred|user",
                                                      m.group(0), re.IGNORECASE):
                return True
    return False


PROFILE_LIMIT = 6000  # characters of a function read: guards are short, and nesting stays linear
OPTIONAL_NAME = re.compile(r"optional|maybe|try_?auth|soft", re.IGNORECASE)


def profile(src: str) -> dict:
    """{reads_credential, rejects, next_on_missing} of one function's source text."""
    return {
        "reads_credential": bool(CREDENTIAL.search(src)),
        "rejects": bool(REJECT.search(src)),
        "next_on_missing": _next_on_missing(src),
    }
