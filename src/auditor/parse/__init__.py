"""Parsing: bytes -> text -> tree. One parse per file.

Go, TypeScript, JavaScript and Python go through tree-sitter's official grammar wheels (one
error-tolerant parse per file); libcst confirms and locates the syntax errors of a Python file
whose tree has any.
Grammars load lazily so that a warm, fully cached run never imports them.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

TS_LANGS = ("go", "python", "typescript", "tsx", "javascript")


@dataclass
class Parsed:
    language: str
    text: str
    data: bytes  # UTF-8 bytes of `text`: tree-sitter offsets index into these
    tree: Any  # tree_sitter.Tree, or libcst.Module for Python
    kind: str  # "tree-sitter" | "libcst"
    error: str = ""  # why the primary parser failed (the tree may still be partial)
    has_syntax_errors: bool = False
    ts_tree: Any = None  # tree-sitter tree shared by every stage (see `ts_tree_of`)
    notices: tuple = ()  # how the bytes were read, where that differs from plain UTF-8


def ts_tree_of(parsed: "Parsed"):
    """The file's tree-sitter tree, built at most once per file: for Python, whose primary tree
    is libcst's, every tree-sitter consumer (indexer, routes, rules) shares this one."""
    if parsed.kind == "tree-sitter":
        return parsed.tree
    if parsed.ts_tree is None:
        parsed.ts_tree = ts_parse(parsed.language, parsed.data)
    return parsed.ts_tree


def decode(raw: bytes) -> tuple[str, str]:
    """Text and the encoding used: BOMs honoured, UTF-8, else Latin-1 (never fails)."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", "replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", "replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


@lru_cache(maxsize=None)
def ts_language(lang: str):
    import tree_sitter

    if lang == "go":
        import tree_sitter_go as mod

        return tree_sitter.Language(mod.language())
    if lang == "python":
        import tree_sitter_python as mod

        return tree_sitter.Language(mod.language())
    if lang == "typescript":
        import tree_sitter_typescript as mod

        return tree_sitter.Language(mod.language_typescript())
    if lang == "tsx":
        import tree_sitter_typescript as mod

        return tree_sitter.Language(mod.language_tsx())
    if lang == "javascript":
        import tree_sitter_javascript as mod

        return tree_sitter.Language(mod.language())
    raise ValueError(f"no tree-sitter grammar for {lang}")


@lru_cache(maxsize=None)
def ts_parser(lang: str):
    import tree_sitter

    return tree_sitter.Parser(ts_language(lang))


def ts_parse(lang: str, data: bytes):
    return ts_parser(lang).parse(data)


# PEP 263: a coding declaration in a comment on the first or second line
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def declared_encoding(raw: bytes) -> str | None:
    """The codec a Python file declares (PEP 263), None when none or UTF-8. Python decodes the
    file with it before tokenizing, so the analysis must too: a `# coding: utf-7` file whose
    query hides in `+AC0-` escapes is still that query to Python."""
    if raw.startswith(codecs.BOM_UTF8):
        return None
    lines = raw.split(b"\n", 2)
    for i, line in enumerate(lines[:2]):
        m = _CODING.match(line)
        if m:
            try:
                name = codecs.lookup(m.group(1).decode("ascii")).name
            except (LookupError, UnicodeDecodeError):
                return None  # Python refuses such a file; read it as UTF-8
            return None if name in ("utf-8", "utf_8") else name
        if i == 0 and not re.match(rb"^[ \t\f]*(#.*)?\r?$", line):
            break  # the second line counts only after a blank or comment first line
    return None


def source_text(language: str, raw: bytes) -> tuple[str, list[str]]:
    """The text a language's own tooling reads from these bytes, and notes on what differed:
    a declared encoding (Python), line ends (CRLF everywhere; a lone CR is a line end in Python
    and JavaScript, whitespace in Go), NUL bytes (kept as spaces, so offsets stay put)."""
    notices: list[str] = []
    codec = declared_encoding(raw) if language == "python" else None
    text = None
    if codec:
        try:
            text = raw.decode(codec)
            notices.append(f"decoded as {codec}, the encoding its coding line declares")
        except (UnicodeDecodeError, LookupError):
            text = None
    if text is None:
        text, _ = decode(raw)
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if language != "go" and "\r" in text:
            text = text.replace("\r", "\n")
            notices.append("lone carriage returns read as line ends, as the language does")
    if "\0" in text:
        text = text.replace("\0", " ")
        notices.append("NUL bytes read as spaces")
    return text, notices


def parse(language: str, raw: bytes) -> Parsed:
    text, notices = source_text(language, raw)
    data = text.encode("utf-8", "surrogatepass")
    if language == "python":
        parsed = _parse_python(text, data)
    else:
        # JSX lives in .js files too; the javascript grammar accepts it.
        tree = ts_parse(language, data)
        parsed = Parsed(language, text, data, tree, "tree-sitter",
                        has_syntax_errors=tree.root_node.has_error)
    parsed.notices = tuple(notices)
    return parsed


PY_MAX_NESTING = 800
_OPEN, _CLOSE = b"([{", b")]}"
_KEEP = bytes(range(256)).translate(None, _OPEN + _CLOSE)


def bracket_depth(data: bytes) -> int:
    """The deepest bracket nesting of a file (strings and comments included: an upper bound)."""
    if data.count(b"(") + data.count(b"[") + data.count(b"{") <= PY_MAX_NESTING:
        return 0  # cannot be deeper than the number of openers: skip the scan
    depth = deepest = 0
    for b in data.translate(None, _KEEP):
        if b in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
        elif depth:
            depth -= 1
    return deepest


def _parse_python(text: str, data: bytes) -> Parsed:
    """tree-sitter-python gives the tree every stage reads (one parse per file, errors
    tolerated); libcst runs only on a file that tree has errors in, to confirm them and name the
    exact position, since tree-sitter's ERROR nodes say little. libcst costs about 20x a
    tree-sitter parse, so running it on every file would dominate a scan."""
    tree = ts_parse("python", data)
    if not tree.root_node.has_error:
        return Parsed("python", text, data, tree, "tree-sitter")
    depth = bracket_depth(data)
    if depth > PY_MAX_NESTING:
        # libcst's native parser overflows its stack (a segfault) from ~1,500 levels on
        return Parsed("python", text, data, tree, "tree-sitter", has_syntax_errors=True,
                      error=f"brackets nested {depth} deep, beyond what libcst parses safely")
    import libcst

    try:
        libcst.parse_module(text)
    except (libcst.ParserSyntaxError, RecursionError, ValueError, Exception) as exc:  # noqa: BLE001
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return Parsed("python", text, data, tree, "tree-sitter", error=f"libcst: {msg}",
                      has_syntax_errors=True)
    # libcst accepts what tree-sitter's grammar could not: the facts come from a tree with
    # local ERROR nodes, which the index tolerates.
    return Parsed("python", text, data, tree, "tree-sitter", has_syntax_errors=False)
