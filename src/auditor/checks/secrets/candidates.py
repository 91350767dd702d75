"""Passwords written in the repository: the strings near the word password in any file (a test's
login, a README's "Account / Password: admin / 123456", a migration's `-- Password: ...` comment,
a hash generator's input, `.env.example`), ranked for one seeded account.

Read only when a seed holds a bcrypt hash, from the scanned files and from the documentation
next to them (`*.md`, `*.txt`, `*.rst`, which discovery does not list), within fixed limits.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from auditor.checks.secrets.places import place

KEYWORD = re.compile(r"(?i)pass(?:word|wd|phrase)?s?\b|\bpwd\b|\bpw\b|密码|mot de passe|"
                     r"contrase[ñn]a|senha|passwort|пароль|credentials?")
QUOTED = re.compile(r"\"([^\"\\\s]{3,72})\"|'([^'\\\s]{3,72})'|`([^`\s]{3,72})`")
# on ASCII-lowered bytes; the decoded line is then read with KEYWORD
_BYTES_KEYWORD = re.compile("pass|pwd|pw\\b|credential|密码|пароль|Пароль|senha|contrase".encode())
# the value after an explicit separator: `Password: x`, `password=x`, `password to: x`
AFTER = re.compile(r"^[\s`*\"']{0,3}(?:\s*(?:is|to|was|for\s+\S+))?\s*(?:[:=：]|->|=>)\s*(.*)$")
STOP = {"the", "and", "for", "with", "must", "should", "change", "changed", "first", "login",
        "hash", "hashed", "field", "required", "string", "bcrypt", "generated", "cost", "user",
        "users", "your", "this", "that", "here", "from", "will", "when", "reset", "forgot",
        "enter", "new", "old", "confirm", "invalid", "wrong", "incorrect", "minimum", "length",
        "characters", "chars", "null", "none", "true", "false", "undefined", "str", "text",
        "type", "optional", "default", "value", "values", "email", "username", "account",
        "secure", "strong", "weak", "via", "using", "used", "only", "also", "then", "into",
        "have", "been", "before", "after", "please", "match", "matches", "verify", "verified",
        "update", "updated", "set", "get", "use", "see", "not", "can", "must", "password:",
        "passwords", "input", "form", "label", "placeholder", "omitempty", "json", "db",
        "binding", "validate", "min", "max", "bson", "gorm", "yaml", "xml", "column", "error",
        "err", "failed", "fail", "success", "successfully", "missing", "empty", "valid", "nil",
        "known", "testing", "tests", "test"}
DOC_SUFFIXES = (".md", ".markdown", ".txt", ".rst", ".adoc")
SKIP_DIRS = {"node_modules", "vendor", "dist", "build", ".venv", "venv", ".git", ".hg", ".svn",
             "__pycache__", ".next", ".nuxt", "bower_components", ".terraform", "site-packages",
             ".idea", ".vscode", ".tox", ".mypy_cache", ".pytest_cache", "coverage"}
MAX_FILES = 3000
MAX_BYTES = 24 * 1024 * 1024
MAX_FILE = 512 * 1024
MAX_DOCS = 300
MAX_PER_FILE = 24


@dataclass
class Candidate:
    value: str
    file: str
    line: int
    context: str  # the line, lower case, cut
    base: int  # how much the line says password (quoted value after a password key: most)


def from_text(path: str, text: str) -> list[Candidate]:
    """The password-like strings of one file."""
    return from_bytes(path, text.encode("utf-8", "surrogateescape"))


def from_bytes(path: str, data: bytes) -> list[Candidate]:
    """The password-like strings of one file (found on the ASCII-lowered bytes, read on the
    decoded lines that hold the word)."""
    out: list[Candidate] = []
    seen: set[str] = set()
    lowered = data.lower()  # ASCII only: the offsets stay those of `data`
    last_start, line, done = 0, 1, -1
    for m in _BYTES_KEYWORD.finditer(lowered):
        start = lowered.rfind(b"\n", 0, m.start()) + 1
        if start == done:
            continue  # this line was read already
        line += lowered.count(b"\n", last_start, start)
        last_start = done = start
        end = lowered.find(b"\n", m.end())
        end = len(lowered) if end < 0 else end
        if end - start > 600:
            continue
        line_text = data[start:end].decode("utf-8", "replace")
        kw = KEYWORD.search(line_text)
        if kw is None:
            continue
        strong = not kw.group(0).lower().startswith("cred")
        for q in QUOTED.finditer(line_text):
            value = q.group(1) or q.group(2) or q.group(3)
            after = line_text[q.end():q.end() + 3].lstrip()
            if after.startswith((":", "=")) and not after.startswith(("==", "=>")):
                continue  # a key, not a value
            _add(out, seen, value, path, line, line_text, 3 if strong else 1)
        rest = AFTER.match(line_text[kw.end():])
        if rest:
            for tok in re.split(r"[\s,;|]+", rest.group(1))[:4]:
                bare = tok.strip("`*\"'")
                if bare.lower() in STOP or re.search(r"[.?]$", bare):
                    break  # prose
                bare = bare.strip("()[]{}<>,;:") if bare.endswith("!") else \
                    bare.strip("()[]{}<>.,;:!?")
                _add(out, seen, bare, path, line, line_text, 2 if strong else 0)
        if len(out) >= MAX_PER_FILE:
            break
    return out


def _add(out: list, seen: set, value: str, path: str, line: int, line_text: str, base: int) -> None:
    v = value.strip()
    if not 3 <= len(v) <= 72 or v in seen or len(v.encode()) > 72:
        return
    low = v.lower()
    if low in STOP or re.fullmatch(r"[A-Z][A-Z0-9_]{2,}", v) or "://" in v or v.startswith(("/", "./", "$", "%", "{", "<", "#", "@")):
        return
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", v) or re.fullmatch(r"[\d.:\-]+", v) and len(v) < 6:
        return
    if re.search(r"[{}()\[\]\\]|%[sdv]", v) or re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+", v):
        return  # a format, a call, a dotted name (tc.Config.AdminPassword)
    if KEYWORD.search(v) and re.fullmatch(r"[A-Za-z_]+", v) and low not in ("password", "passw0rd"):
        return  # a field name (passwordHash), not a value
    seen.add(v)
    out.append(Candidate(v, path, line, line_text.strip().lower()[:200], base))


def gather(root: Path, paths: list[str], state: dict | None = None) -> list[Candidate]:
    """Candidates from the files `paths` (relative to `root`), within the limits shared through
    `state` by the calls of one scan."""
    state = state if state is not None else {}
    state.setdefault("files", 0)
    state.setdefault("bytes", 0)
    out: list[Candidate] = []
    for rel in paths:
        if state["files"] >= MAX_FILES or state["bytes"] >= MAX_BYTES:
            break
        full = root / rel
        try:
            if full.is_symlink() or not full.is_file():
                continue
            if full.stat().st_size > MAX_FILE:
                continue
            data = full.read_bytes()
        except OSError:
            continue
        state["files"] += 1
        state["bytes"] += len(data)
        out.extend(from_bytes(rel, data))
    return out


def docs(root: Path, near: list[str]) -> list[str]:
    return _docs(root, near)


def _docs(root: Path, near: list[str]) -> list[str]:
    """Documentation files (relative paths): README and friends at the root and in the folders
    of `near` and their parents, and everything under a `docs/` folder (bounded depth)."""
    found: list[str] = []
    dirs = {""}
    for p in near:
        parts = p.split("/")[:-1]
        for i in range(len(parts) + 1):
            dirs.add("/".join(parts[:i]))
    for d in sorted(dirs):
        _list(root, d, found, depth=0, max_depth=0)
    for d in ("docs", "doc", "documentation"):
        _list(root, d, found, depth=0, max_depth=3)
    seen: set[str] = set()
    out = []
    for f in found:
        if f not in seen:
            seen.add(f)
            out.append(f)
    return out[:MAX_DOCS]


def _list(root: Path, rel: str, found: list, depth: int, max_depth: int) -> None:
    if len(found) >= MAX_DOCS:
        return
    try:
        entries = sorted(os.scandir(root / rel if rel else root), key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        sub = f"{rel}/{e.name}" if rel else e.name
        try:
            if e.is_symlink():
                continue
            if e.is_file() and e.name.lower().endswith(DOC_SUFFIXES):
                found.append(sub)
            elif e.is_dir() and depth < max_depth and e.name not in SKIP_DIRS and \
                    not e.name.startswith("."):
                _list(root, sub, found, depth + 1, max_depth)
        except OSError:
            continue


def rank(cands: list[Candidate], sql_file: str, accounts: list[str]) -> list[Candidate]:
    """Best first for a hash seeded in `sql_file` for `accounts`: the seed's own comments, then
    lines that name the account, then tests and documentation; a value written in several places
    before one written once."""
    freq: dict[str, int] = {}
    for c in cands:
        freq[c.value] = freq.get(c.value, 0) + 1
    marks = set()
    for a in accounts:
        a = a.lower()
        if a:
            marks.add(a)
            local = a.split("@", 1)[0]
            if len(local) >= 3:
                marks.add(local)

    def score(c: Candidate) -> int:
        s = c.base + min(3, freq[c.value] - 1)
        if c.file == sql_file:
            s += 8
        if marks and any(m in c.context for m in marks):
            s += 4
        if place(c.file) in ("test", "reference", "dev"):
            s += 1
        if re.search(r"\d", c.value) and re.search(r"[A-Za-z]", c.value):
            s += 1
        return s

    best: dict[str, tuple[int, int, Candidate]] = {}
    for i, c in enumerate(cands):
        sc = score(c)
        cur = best.get(c.value)
        if cur is None or sc > cur[0]:
            best[c.value] = (sc, i, c)
    return [c for _, _, c in sorted(best.values(), key=lambda t: (-t[0], t[1]))]
