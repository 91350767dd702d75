"""semgrep with auditor's own rule packs (`rules/semgrep/`, installed as `auditor.packs`).

Offline: metrics off, no version check, no registry, a private HOME for semgrep's settings file.
It scans exactly the files auditor discovered (tests left out), passed after `--` in chunks that
keep each command line short. Results are mapped onto the taxonomy with the rule's metadata.
"""
from __future__ import annotations

import json
import os
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

import yaml

from auditor.engines.targets import (NOSEM, SOURCE_LANGUAGES, chunks, discovered, join_messages,
                                     line_text, mark_tool_suppressed)
from auditor.discover import OVERSIZE_FACTOR
from auditor.engines.tools import (EngineError, file_errors, find_tool, last_line, not_installed,
                                   partial_message, remove_temp_dir, run_tool, temp_dir,
                                   tool_version)
from auditor.model import EngineStatus, Finding
from auditor.taxonomy import CATEGORIES, owasp_for

TIME_LIMIT = 600.0
_SEMGREP_SEVERITY = {"ERROR": "high", "WARNING": "medium", "INFO": "low"}


def pack_dir(stack: ExitStack) -> Path:
    """The folder of our semgrep packs, as a real path even inside a zipped install."""
    return stack.enter_context(as_file(files("auditor.packs") / "semgrep"))


def load_pack_metadata(folder: Path) -> dict[str, dict]:
    """rule id -> {category, cwe, owasp, severity, confidence, message} read from the YAML."""
    meta: dict[str, dict] = {}
    for f in sorted(folder.glob("*.y*ml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for rule in doc.get("rules", []):
            md = dict(rule.get("metadata") or {})
            md.setdefault("severity", _SEMGREP_SEVERITY.get(rule.get("severity", ""), "medium"))
            md["message"] = rule.get("message", "")
            meta[rule["id"]] = md
    return meta


def prepare(analysis, opts):
    exe = find_tool("semgrep")
    if not exe:
        return not_installed("semgrep")
    files, tests = discovered(analysis, SOURCE_LANGUAGES)
    if not files:
        return EngineStatus("semgrep", "skipped", message="no Go, Python or TypeScript files")
    return {"exe": exe, "root": str(analysis.root), "files": files, "tests_excluded": tests,
            "max_bytes": OVERSIZE_FACTOR * int(getattr(analysis.config, "max_file_size", 2 * 1024 * 1024)),
            "time_limit": TIME_LIMIT}


def command(exe: str, packs: Path, files: list[str], max_bytes: int) -> list[str]:
    # Explicit file targets: semgrep applies no `.semgrepignore` of the tree to them (checked
    # in tests/test_tree_cannot_hide.py). `nosemgrep` comments are ignored here and reported as
    # visible inline suppressions instead.
    return [exe, "scan", "--config", str(packs), "--json", "--quiet", "--metrics=off",
            "--disable-version-check", "--no-git-ignore", "--disable-nosem",
            "--max-target-bytes", str(max_bytes), "--timeout", "30", "--", *files]


def environment(home: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEMGREP_")}
    env.update({"HOME": home, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home,
                "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off",
                "SEMGREP_USER_AGENT_APPEND": "auditor"})
    return env


def run(payload: dict) -> dict:
    exe, root = payload["exe"], payload["root"]
    version = tool_version("semgrep", exe)
    findings: list[dict] = []
    problems: list[tuple[str, str]] = []  # (file or "", what went wrong) of each semgrep error
    home = temp_dir("auditor-semgrep-")
    try:
        with ExitStack() as stack:
            packs = pack_dir(stack)
            meta = load_pack_metadata(packs)
            for part in chunks(payload["files"]):
                rc, out, err = run_tool(command(exe, packs, part, payload["max_bytes"]),
                                        payload["time_limit"], cwd=root, env=environment(home))
                try:
                    data = json.loads(out or b"{}")
                except json.JSONDecodeError:
                    raise EngineError(f"semgrep exit {rc}: {last_line(err)}") from None
                if rc not in (0, 1) and not data.get("results"):
                    raise EngineError(f"semgrep exit {rc}: {last_line(err)}")
                version = data.get("version") or version
                found = mark_tool_suppressed(parse_output(data, meta, root), root, NOSEM,
                                             "semgrep", True)
                findings.extend(f.to_dict() for f in found)
                problems.extend(_errors(data))
    except EngineError as exc:
        return {"findings": findings, "status": {"status": "failed", "message": str(exc),
                                                 "version": version}}
    finally:
        remove_temp_dir(home)
    errors = file_errors(problems)
    msg = join_messages(
        f"{len(payload['files'])} files" + (f", {payload['tests_excluded']} test files left out"
                                            if payload["tests_excluded"] else ""),
        partial_message("semgrep", errors))
    # Every semgrep error (a syntax error, partial parsing, a rule's timeout on a file) leaves
    # part of the tree unexamined: the verdict is partial.
    return {"findings": findings, "status": {"status": "partial" if errors else "ok",
                                             "message": msg, "version": version,
                                             "errors": errors}}


def _errors(data: dict) -> list[tuple[str, str]]:
    """(file, "kind: first line of the message") per semgrep error (Syntax error,
    PartialParsing, Timeout...); the file is "" for an error not tied to one."""
    out = []
    for e in data.get("errors") or ():
        kind = e.get("type", "error")
        kind = kind[0] if isinstance(kind, list) and kind else kind
        where = e.get("path") or ((e.get("spans") or [{}])[0] or {}).get("file", "")
        where = str(where or "").replace("\\", "/").removeprefix("./")
        first = next((ln.strip() for ln in str(e.get("message") or "").splitlines() if ln.strip()), "")
        text = str(kind) if not first or first == kind else f"{kind}: {first}"
        out.append((where, text[:200]))
    return out


def parse_output(data: dict, meta: dict[str, dict], root: str) -> list[Finding]:
    """semgrep JSON results -> findings on the taxonomy, using our packs' metadata."""
    lines: dict = {}
    out: list[Finding] = []
    for r in data.get("results", []):
        rid = str(r.get("check_id", "")).rsplit(".", 1)[-1]
        extra = r.get("extra") or {}
        md = {**(extra.get("metadata") or {}), **meta.get(rid, {})}
        category = md.get("category") if md.get("category") in CATEGORIES else "other"
        cwe = tuple(_cwe(c) for c in md.get("cwe", []) if _cwe(c))
        severity = md.get("severity") or _SEMGREP_SEVERITY.get(extra.get("severity", ""), "medium")
        start, end = r.get("start") or {}, r.get("end") or {}
        path = str(r.get("path", "")).replace("\\", "/").removeprefix("./")
        line = int(start.get("line", 1))
        out.append(Finding(
            rule_id=f"semgrep.{rid}", category=category, severity=severity,
            message=" ".join(str(extra.get("message") or md.get("message") or rid).split()),
            file=path, line=line, column=int(start.get("col", 1)),
            end_line=int(end.get("line", line)), end_column=int(end.get("col", 0)),
            snippet=line_text(root, path, line, lines), cwe=cwe,
            owasp=tuple(md.get("owasp") or ()) or owasp_for(cwe),
            confidence=str(md.get("confidence", "medium")).lower(), engine="semgrep",
            engines=("semgrep",), engine_rule_ids=(f"semgrep.{rid}",)))
    return out


def _cwe(value) -> str:
    """'CWE-89: SQL Injection' / 89 / 'CWE-89' -> 'CWE-89'."""
    s = str(value).strip().split(":", 1)[0].strip()
    if s.isdigit():
        return f"CWE-{s}"
    return s.upper() if s.upper().startswith("CWE-") else ""
