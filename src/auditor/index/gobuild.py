"""Go build constraints a file can never satisfy in a default build on a current toolchain.

`go build` leaves out a file whose `//go:build` line (or legacy `// +build` lines) is false for
the target. auditor does not pick an OS or architecture, so only what holds for every current
toolchain without `-tags` is decided: a release tag `go1.N` is set (Go 1.21+ sets them all up to
its own version), `ignore` is never set (by convention, generator scripts run with `go run`), and
a custom tag (`agentcompat`, `wireinject`, `dev`, `integration`: a name that is no GOOS, GOARCH,
compiler, `unix`, `cgo`, sanitizer or `goexperiment.*` tag, which the toolchain sets itself) is
set only by `go build -tags`, so not in the default build. OS, architecture and toolchain tags
are unknown, and a file is left out only when its constraint is false whatever they are:
`//go:build !go1.7` (a legacy twin of a file for old toolchains), `//go:build ignore`,
`//go:build agentcompat && linux` (a test harness's routes; the default build has the
`//go:build !agentcompat` twin). Two definitions of one function in a package
(`context.go` and `context-legacy.go`) are then one.
"""
from __future__ import annotations

import re

_HEADER_END = re.compile(rb"^[ \t]*package[ \t]", re.MULTILINE)
_GO_BUILD = re.compile(rb"^//go:build[ \t]([^\r\n]*)", re.MULTILINE)
_PLUS_BUILD = re.compile(rb"^//[ \t]*\+build[ \t]([^\r\n]*)", re.MULTILINE)
_TOKEN = re.compile(r"\(|\)|&&|\|\||!|[\w.\-]+")
_RELEASE = re.compile(r"go1(\.\d+)?$")


def never_built(data: bytes) -> bool:
    """Whether the file's build constraint is false for every current Go toolchain."""
    m = _HEADER_END.search(data, 0, 64 * 1024)
    head = data[:m.start()] if m else data[:4096]
    if b"build" not in head:
        return False
    line = _GO_BUILD.search(head)
    try:
        if line is not None:
            return _expr(line.group(1).decode("ascii", "replace")) is False
        plus = _PLUS_BUILD.findall(head)
        # lines AND together; in a line, spaces are OR, commas AND, `!` negates one tag
        return any(_plus_line(p.decode("ascii", "replace")) is False for p in plus)
    except ValueError:
        return False  # not a constraint Go accepts: `go vet` would say so; keep the file


# tags the toolchain sets by itself for some target or build mode (cmd/go/internal/...:
# syslist.go's known OS and architecture lists, `unix`, the compiler, cgo, -race/-msan/-asan)
_GOOS = frozenset("aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd "
                  "openbsd plan9 solaris wasip1 windows zos".split())
_GOARCH = frozenset("386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 "
                    "mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x "
                    "sparc sparc64 wasm".split())
_TOOLCHAIN = frozenset("unix gc gccgo cgo race msan asan boringcrypto".split())


def _tag(name: str):
    if _RELEASE.match(name):
        return True
    if name == "ignore":
        return False
    if name in _GOOS or name in _GOARCH or name in _TOOLCHAIN or \
            name.startswith("goexperiment."):
        return None  # set for some targets or build modes: either way
    return False  # a custom tag: set only by `go build -tags`


def _not(v):
    return None if v is None else not v


def _and(a, b):
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _or(a, b):
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


def _plus_line(text: str):
    out = False
    for alt in text.split():
        term = True
        for part in alt.split(","):
            term = _and(term, _not(_tag(part[1:])) if part.startswith("!") else _tag(part))
        out = _or(out, term)
    return out


def _expr(text: str):
    """Three-valued value of a `//go:build` expression (True, False or None for unknown)."""
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos] in " \t":
            pos += 1
            continue
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ValueError(text)
        tokens.append(m.group(0))
        pos = m.end()
    value, rest = _or_expr(tokens)
    if rest:
        raise ValueError(text)
    return value


def _or_expr(tokens):
    return _chain(tokens, "||", _and_expr, _or)


def _and_expr(tokens):
    return _chain(tokens, "&&", _unary, _and)


def _chain(tokens, op: str, operand, combine):
    """`operand (op operand)*`, folded left with `combine`."""
    value, tokens = operand(tokens)
    while tokens and tokens[0] == op:
        right, tokens = operand(tokens[1:])
        value = combine(value, right)
    return value, tokens


def _unary(tokens):
    if not tokens:
        raise ValueError("empty")
    head = tokens[0]
    if head == "!":
        value, rest = _unary(tokens[1:])
        return _not(value), rest
    if head == "(":
        value, rest = _or_expr(tokens[1:])
        if not rest or rest[0] != ")":
            raise ValueError("unbalanced")
        return value, rest[1:]
    if head in (")", "&&", "||"):
        raise ValueError(head)
    return _tag(head), tokens[1:]
