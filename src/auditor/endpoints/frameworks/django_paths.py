"""Django `re_path()` / `url()` regexes rendered as the paths a client requests.

`^articles/(?P<slug>[-\\w]+)/?$` -> `articles/{slug}`: anchors and an optional trailing slash
dropped, named groups as `{name}`, unnamed groups as `{arg1}`, `{arg2}`... (Django passes them
positionally), escaped characters unescaped; what is left of a pattern that is not a plain
path (`.*`, alternations) becomes a `{path}` parameter rather than regex text in a URL.
"""
from __future__ import annotations

import re

_NAMED = re.compile(r"\(\?P<(\w+)>")


def regex_to_path(pattern: str) -> str:
    s = pattern
    if s.startswith("^"):
        s = s[1:]
    if s.endswith("$") and not s.endswith("\\$"):
        s = s[:-1]
    if s.endswith("/?"):
        s = s[:-2]
    out: list[str] = []
    i, unnamed = 0, 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            out.append(nxt if not nxt.isalnum() else "{path}")
            i += 2
            continue
        if c == "(":
            end = _group_end(s, i)
            m = _NAMED.match(s, i)
            if s.startswith("(?:", i) or s.startswith("(?i)", i):
                inner = s[i + 3:end] if s.startswith("(?:", i) else ""
                # (`(?:/(?P<filename>.+))?`: the optional part as written, `/{filename}`)
                out.append(regex_to_path(inner) if inner else "{path}")
            elif m:
                out.append("{" + m.group(1) + "}")
            else:
                unnamed += 1
                out.append("{arg%d}" % unnamed)
            i = end + 1
            if i < len(s) and s[i] in "?*+":  # an optional group
                i += 1
            continue
        if c in "?*+" and out:
            # the previous character is optional or repeated: a trailing slash, say
            if out[-1] == "/" and c == "?":
                out.pop()
            i += 1
            continue
        if c == "." and i + 1 < len(s) and (s[i + 1].isalnum() or s[i + 1] == "/") and out \
                and out[-1][-1:].isalnum():
            # `^favicon.ico$`: a dot between the letters of a file name is the name's dot
            out.append(".")
            i += 1
            continue
        if c in "[.|{}":
            out.append("{path}")
            i = _skip_class(s, i)
            continue
        if c in "^$":
            i += 1
            continue
        out.append(c)
        i += 1
    text = "".join(out)
    text = re.sub(r"(\{path\})+", "{path}", text)
    return text


def _group_end(s: str, i: int) -> int:
    depth = 0
    j = i
    while j < len(s):
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == "[":
            j = _skip_class(s, j)
            continue
        if s[j] == "(":
            depth += 1
        elif s[j] == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return len(s) - 1


def _skip_class(s: str, i: int) -> int:
    """The index after a character class (or after one metacharacter and its quantifier)."""
    if s[i] == "[":
        j = i + 1
        while j < len(s) and s[j] != "]":
            j += 2 if s[j] == "\\" else 1
        i = j + 1
    else:
        i += 1
    while i < len(s) and s[i] in "?*+":
        i += 1
    if i < len(s) and s[i] == "{":
        close = s.find("}", i)
        i = close + 1 if close > 0 else i + 1
    return i


def _plain(s: str) -> bool:
    return not re.search(r"[\[\](){}|*+.?\\^$]", s)
