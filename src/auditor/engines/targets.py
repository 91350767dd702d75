"""The files auditor discovered, as the engines need them, and small shared helpers."""
from __future__ import annotations

import re
from pathlib import Path

from auditor.checks.base import is_test_path

SOURCE_LANGUAGES = ("go", "python", "typescript", "tsx", "javascript")


def discovered(analysis, languages, include_tests: bool | None = None) -> tuple[list[str], int]:
    """(paths, number of test files left out) of the discovered files in `languages`.

    Test files are left out unless the configuration treats tests as production code.
    """
    if include_tests is None:
        include_tests = bool(getattr(analysis.config, "tests_as_production", False))
    paths, tests = [], 0
    for path, fx in analysis.facts.items():
        if fx.get("language") not in languages or fx.get("timed_out"):
            continue
        if not include_tests and is_test_path(path):
            tests += 1
            continue
        paths.append(path)
    return sorted(paths), tests


def line_text(root: str, path: str, line: int, cache: dict | None = None) -> str:
    """The stripped text of one line of a file (the finding's snippet), "" when unreadable."""
    if cache is not None and path in cache:
        lines = cache[path]
    else:
        try:
            lines = (Path(root) / path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        if cache is not None:
            cache[path] = lines
    return lines[line - 1].strip()[:500] if 0 < line <= len(lines) else ""


# The markers the external tools honour in source comments. They are run with the markers off
# (`--ignore-nosec`, `--disable-nosem`), and what a marker would have hidden is reported as
# suppressed inline, visibly, like auditor's own `auditor: ignore[...]` comments.
NOSEC = re.compile(r"#\s*nosec\b", re.IGNORECASE)
NOSEM = re.compile(r"(?:#|//|/\*|--|<!--)\s*nosem(?:grep)?\b", re.IGNORECASE)


def mark_tool_suppressed(findings, root: str, marker: re.Pattern, tool: str,
                         previous_line: bool, lines_cache: dict | None = None) -> list:
    """Findings whose line (or, for semgrep, the line before) carries the tool's own
    suppression marker, marked suppressed with the marker's text; the others unchanged."""
    cache = {} if lines_cache is None else lines_cache
    out = []
    for f in findings:
        hit = None
        first = f.line - 1 if previous_line else f.line
        for ln in range(max(1, first), max(f.line, f.end_line or f.line) + 1):
            text = line_text(root, f.file, ln, cache)
            m = marker.search(text)
            if m:
                hit = text[m.start():][:120]
                break
        if hit is not None:
            f = f.with_(suppressed=f"inline: {hit} ({tool}'s marker in the scanned tree)",
                        suppression_kind="inline")
        out.append(f)
    return out


def chunks(paths: list[str], max_chars: int = 60_000) -> list[list[str]]:
    """Split a file list so that no command line gets near the system's argument limit."""
    out: list[list[str]] = [[]]
    size = 0
    for p in paths:
        if out[-1] and size + len(p) + 1 > max_chars:
            out.append([])
            size = 0
        out[-1].append(p)
        size += len(p) + 1
    return [c for c in out if c]


def join_messages(*parts: str) -> str:
    return "; ".join(p for p in parts if p)
