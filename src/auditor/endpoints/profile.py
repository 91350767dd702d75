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
    r"""(key|token|secret|auth[a-z_]*)\s*(:\s*[\w\[\]. ]+)?=\s*(fastapi\.)?Header\(|"""
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
PASS_ON = re.compile(r"\b[Nn]ext\(\)|\bcall_next\(|\breturn\s+None\b|\breturn\s*;?\s*$",
                     re.MULTILINE)
COMMENT = re.compile(r"^\s*(//|#).*$", re.MULTILINE)


PROFILE_LIMIT = 6000  # characters of a function read: guards are short, and nesting stays linear
OPTIONAL_NAME = re.compile(r"optional|maybe|try_?auth|soft", re.IGNORECASE)


class SpanProfiler:
    """Profiles of many functions of one file in linear time: each pattern runs once over the
    whole file, and a function's profile asks whether a match starts inside its span (nested
    functions would otherwise rescan the same text once per nesting level)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._cred: list[int] | None = None
        self._reject: list[int] | None = None
        self._pass: list[int] | None = None

    def _positions(self, pattern: re.Pattern) -> list[int]:
        return [m.start() for m in pattern.finditer(self.text)]

    @property
    def text(self) -> str:
        # latin-1 keeps one character per byte, so match offsets are tree-sitter byte offsets
        if not hasattr(self, "_text"):
            raw = self.data.decode("latin-1")
            self._text = COMMENT.sub(lambda m: " " * len(m.group(0)), raw)
        return self._text

    def _pass_positions(self) -> list[int]:
        code = self.text
        out = []
        for m in EMPTY_TEST.finditer(code):
            block = code[m.end():m.end() + 300]
            cut = block.find("}")
            block = block[:cut] if cut >= 0 else "\n".join(block.split("\n")[:4])
            if PASS_ON.search(block) and not REJECT.search(block) and "return err" not in block:
                window = code[max(0, m.start() - 200):m.end()]
                if CREDENTIAL.search(window) or re.search(
                        r"token|header|auth|key|sig|cred|user", m.group(0), re.IGNORECASE):
                    out.append(m.start())
        return out

    def for_span(self, start: int, end: int) -> dict:
        import bisect

        end = min(end, start + PROFILE_LIMIT)
        if self._cred is None:
            self._cred = self._positions(CREDENTIAL)
            self._reject = self._positions(REJECT)
            self._pass = self._pass_positions()

        def any_in(pos: list[int]) -> bool:
            i = bisect.bisect_left(pos, start)
            return i < len(pos) and pos[i] < end

        reads = any_in(self._cred)
        return {"reads_credential": reads, "rejects": any_in(self._reject),
                "next_on_missing": reads and any_in(self._pass)}


def profile(src: str) -> dict:
    """{reads_credential, rejects, next_on_missing} of one function's source text."""
    data = src.encode("utf-8")
    return SpanProfiler(data).for_span(0, len(data))
