"""bandit on the Python files auditor discovered (tests left out), through its JSON output."""
from __future__ import annotations

import json

from auditor.engines.bandit_map import classify
from auditor.engines.targets import (NOSEC, chunks, discovered, join_messages,
                                     mark_tool_suppressed)
from auditor.engines.tools import (EngineError, file_errors, find_tool, last_line, not_installed,
                                   partial_message, run_tool, tool_version)
from auditor.model import EngineStatus, Finding
from auditor.taxonomy import owasp_for

TIME_LIMIT = 300.0
_LEVEL = {"HIGH": "high", "MEDIUM": "medium", "LOW": "low", "UNDEFINED": "info"}


def prepare(analysis, opts):
    exe = find_tool("bandit")
    if not exe:
        return not_installed("bandit")
    files, tests = discovered(analysis, ("python",))
    if not files:
        why = f"no Python files ({tests} test files left out)" if tests else "no Python files"
        return EngineStatus("bandit", "skipped", message=why)
    return {"exe": exe, "root": str(analysis.root), "files": files, "tests_excluded": tests,
            "time_limit": TIME_LIMIT}


def command(exe: str, files: list[str]) -> list[str]:
    # -q: no banner. No configuration is read from the scanned tree: bandit looks for `.bandit`
    # only in folders given as targets (these are files) and for pyproject.toml only with -c.
    # `# nosec` is ignored here and reported as a visible inline suppression instead.
    return [exe, "-f", "json", "-q", "--ignore-nosec", "--", *files]


def run(payload: dict) -> dict:
    exe, root = payload["exe"], payload["root"]
    version = tool_version("bandit", exe)
    findings: list[dict] = []
    problems: list[tuple[str, str]] = []  # (file, reason) of each file bandit could not read
    lines: dict = {}
    try:
        for part in chunks(payload["files"]):
            rc, out, err = run_tool(command(exe, part), payload["time_limit"], cwd=root)
            try:
                data = json.loads(out or b"")
            except json.JSONDecodeError:
                raise EngineError(f"bandit exit {rc}: {last_line(err)}") from None
            found = mark_tool_suppressed(parse_output(data), root, NOSEC, "bandit", False, lines)
            findings.extend(f.to_dict() for f in found)
            problems.extend(parse_errors(data, _same_python(exe)))
    except EngineError as exc:
        return {"findings": findings, "status": {"status": "failed", "message": str(exc),
                                                 "version": version}}
    errors = file_errors(problems)
    msg = join_messages(
        f"{len(payload['files'])} files" + (f", {payload['tests_excluded']} test files left out"
                                            if payload["tests_excluded"] else ""),
        partial_message("bandit", errors, "could not parse"))
    # A file bandit could not parse was not examined at all: the verdict is partial.
    return {"findings": findings, "status": {"status": "partial" if errors else "ok",
                                             "message": msg, "version": version,
                                             "errors": errors}}


def parse_errors(data: dict, python: tuple[int, int] | None = None) -> list[tuple[str, str]]:
    """(file, reason) of every file in bandit's `errors` (bandit parses with the Python it runs
    on: a 3.12 f-string (PEP 701) is a syntax error to a bandit on 3.11, and the reason says so)."""
    out = []
    for e in data.get("errors") or ():
        file = str(e.get("filename") or "").replace("\\", "/").removeprefix("./")
        reason = str(e.get("reason") or "error")
        if python and python < (3, 12) and "syntax error" in reason.lower():
            reason += (f" (bandit runs on Python {python[0]}.{python[1]}: syntax newer than that, "
                       "such as Python 3.12 f-strings, cannot be parsed)")
        out.append((file, reason))
    return out


def _same_python(exe: str) -> tuple[int, int] | None:
    """The Python version bandit runs on when it is installed next to this interpreter."""
    import sys
    from pathlib import Path

    return tuple(sys.version_info[:2]) if Path(exe).parent == Path(sys.executable).parent else None


def parse_output(data: dict) -> list[Finding]:
    out = []
    for r in data.get("results", []):
        tid = str(r.get("test_id", ""))
        bcwe = (r.get("issue_cwe") or {}).get("id")
        category, cwe = classify(tid, bcwe)
        line = int(r.get("line_number", 1))
        rng = r.get("line_range") or [line]
        col = int(r.get("col_offset", 0)) + 1
        end_col = r.get("end_col_offset")
        code = _code_line(r.get("code", ""), line)
        out.append(Finding(
            rule_id=f"bandit.{tid}", category=category,
            severity=_LEVEL.get(str(r.get("issue_severity", "")).upper(), "medium"),
            message=f"{r.get('issue_text', '').strip()} (bandit {tid} {r.get('test_name', '')})",
            file=str(r.get("filename", "")).replace("\\", "/").removeprefix("./"),
            line=line, column=col, end_line=max(rng) if rng else line,
            end_column=int(end_col) + 1 if isinstance(end_col, int) else 0,
            snippet=code, cwe=cwe, owasp=owasp_for(cwe),
            confidence=_LEVEL.get(str(r.get("issue_confidence", "")).upper(), "medium"),
            engine="bandit", engines=("bandit",), engine_rule_ids=(f"bandit.{tid}",)))
    return out


def _code_line(code: str, line: int) -> str:
    """bandit's `code` is a few numbered lines around the issue; keep the issue's own line."""
    for raw in code.splitlines():
        num, _, text = raw.partition(" ")
        if num.isdigit() and int(num) == line:
            return text.strip()[:500]
    return ""
