"""Configuration files read line by line: `KEY=value`, `key: value`, `"key": "value"`,
`ENV KEY value`, `- KEY=value`, `${KEY:-default}`, with the YAML nesting of each line (the CI
job and step, the compose service) so that a value is judged where it is."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from auditor.checks.secrets.places import TEST_WORDS
from auditor.checks.secrets.values import HEADER_NAME, known_format, random_looking

_PAIR = re.compile(
    r"""^[ \t]*(?:-[ \t]+)?(?:export[ \t]+|ENV[ \t]+|ARG[ \t]+|set[ \t]+)?(?P<q>["']?)"""
    r"""(?P<key>[A-Za-z_][\w.\-]{0,200})(?P=q)[ \t]*(?P<sep>[:=]|[ \t](?=\S))""")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_FALLBACK = re.compile(r"^\$\{(\w+)(?::?[-=])(.*)\}$")
_BLOCK_SCALAR = re.compile(r"^[|>][+\-0-9]*$")
# A field that names another field: `{"key": "X-Api-Key", "value": "..."}` (Postman, Insomnia,
# Kubernetes `env: - name: API_KEY  value: ...`).
_NAME_FIELDS = {"key", "name", "header", "id", "field", "variable", "var"}


@dataclass
class Hit:
    line: int
    key: str  # "" for a known format outside a `key: value` line
    value: str
    raw: str  # the line, stripped
    fallback: bool = False  # `${KEY:-value}`
    known: str = ""  # the credential format matched in the line
    test: bool = False  # in a CI test job, a test service container, a test step
    service: str = ""  # the compose service or the top-level section the line is in


def hits(path: str, text: str, ci: bool = False, compose: bool = False) -> Iterator[Hit]:
    """Every `key: value` line and every line with a known credential format."""
    stack: list[list] = []  # [indent, key, names seen in that block]
    block_indent = -1  # inside a YAML block scalar (`run: |`) deeper than this
    workflow_test = ci and bool(TEST_WORDS.search(path.rsplit("/", 1)[-1]))
    pending_name: tuple[int, str] | None = None
    for i, raw in enumerate(text.split("\n"), start=1):
        if len(raw) > 2000:
            continue
        stripped = raw.strip()
        if not stripped:
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        in_block = block_indent >= 0 and indent > block_indent
        if not in_block:
            block_indent = -1
        if stripped.startswith(("#", "//", "<!--")):
            continue
        if not in_block:
            item = stripped.startswith("- ")
            level = indent + 2 if item else indent
            while stack and stack[-1][0] >= (indent + 1 if item else level):
                stack.pop()
            if item:
                stack.append([indent + 1, "-", []])
        m = _PAIR.match(raw)
        known = known_format(raw)
        ctx_test = workflow_test or (ci and _test_context(stack))
        service = _service(stack) if compose else (stack[0][1] if stack else "")
        if m is None:
            if known:
                yield Hit(i, "", known, stripped, known=known, test=ctx_test, service=service)
            continue
        key, value = m.group("key"), _value(raw[m.end():])
        if not in_block:
            if value and _BLOCK_SCALAR.match(value):
                block_indent = indent
            elif not value or value in ("{", "["):
                stack.append([level if not stripped.startswith("- ") else indent + 2, key, []])
            elif key == "name" and stack:
                stack[-1][2].append(value.strip("\"'"))
            elif key == "name" and ci and TEST_WORDS.search(value):
                workflow_test = True  # the workflow's own name
        if value[:1] in ("'", '"') and value[-1:] == value[:1] and len(value) >= 2:
            value = value[1:-1]
        fallback = _FALLBACK.match(value)
        if fallback:
            key, value = fallback.group(1), fallback.group(2).strip("\"'")
        if key.lower() in _NAME_FIELDS and value and (HEADER_NAME.fullmatch(value) or (
                re.fullmatch(r"[A-Za-z_][\w.\-]*", value) and not random_looking(value))):
            pending_name = (i, value)
            if not known:
                continue
        elif key.lower() == "value" and pending_name and i - pending_name[0] <= 3:
            key = pending_name[1]
            pending_name = None
        ctx_test = workflow_test or (ci and _test_context(stack))
        yield Hit(i, key, value, stripped, fallback=bool(fallback), known=known, test=ctx_test,
                  service=service)


def _value(rest: str) -> str:
    """The value after `key:` / `key=`: a quoted string with its quotes, or the bare text up to a
    comment, without a trailing comma."""
    rest = rest.strip()
    if rest[:1] == "&":
        # a YAML anchor names the node (`POSTGRES_PASSWORD: &db-password listmonk`): the value
        # follows it; an anchor alone opens a mapping (`x-db: &db`), no value
        parts = rest.split(None, 1)
        rest = parts[1] if len(parts) > 1 else ""
    if rest[:1] in ("'", '"'):
        q = _QUOTED.match(rest)
        if q:
            return q.group(0)
    for marker in (" #", "\t#", " //"):
        cut = rest.find(marker)
        if cut >= 0:
            rest = rest[:cut]
    if rest.startswith("#"):
        return ""
    return rest.rstrip().rstrip(",;").rstrip()


def _test_context(stack: list) -> bool:
    """A CI line inside a test job, a test step, or a service container (ephemeral)."""
    for _, key, names in stack:
        if key == "services" or TEST_WORDS.search(key) or any(TEST_WORDS.search(n) for n in names):
            return True
    return False


def _service(stack: list) -> str:
    for (_, key, _), nxt in zip(stack, stack[1:]):
        if key == "services":
            return nxt[1]
    return ""
