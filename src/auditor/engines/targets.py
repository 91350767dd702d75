"""The files auditor discovered, as the engines need them, and small shared helpers."""
from __future__ import annotations

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
