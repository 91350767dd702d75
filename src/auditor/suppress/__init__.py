"""Suppression: inline `auditor: ignore[rule-id]` comments, baselines, and fingerprints.

Suppressed findings are kept and marked (`suppressed` holds the reason), never dropped.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

from auditor.errors import AuditorError
from auditor.model import Finding

_DIRECTIVE = re.compile(r"auditor:\s*ignore(?:\[([^\]\n]*)\])?", re.IGNORECASE)
_RULE_ID = re.compile(r"^[A-Za-z0-9_.:\-/]+$")


def parse_suppressions(comments: list[dict]) -> list[dict]:
    """Suppression directives in a file's comments: {line, end_line, rule_ids, valid, text}."""
    out = []
    for c in comments:
        text = c["text"]
        if "auditor" not in text.lower():
            continue
        for m in _DIRECTIVE.finditer(text):
            before = text[:m.start()]
            line = c["line"] + before.count("\n")
            ids = [i.strip() for i in (m.group(1) or "").split(",") if i.strip()]
            valid = bool(ids) and all(_RULE_ID.match(i) for i in ids)
            out.append({"line": line, "rule_ids": ids, "valid": valid, "text": m.group(0)})
    return out


def normalize_snippet(snippet: str) -> str:
    return " ".join(snippet.split())


def assign_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Fingerprint = rule, file, normalized snippet and occurrence index: never the line."""
    counts: dict[tuple, int] = defaultdict(int)
    out = []
    for f in sorted(findings, key=lambda f: (f.file, f.line, f.column, f.rule_id)):
        key = (f.rule_id, f.file, normalize_snippet(f.snippet) or f.message)
        occurrence = counts[key]
        counts[key] += 1
        h = hashlib.sha256("\0".join((*key, str(occurrence))).encode("utf-8", "replace"))
        out.append(f.with_(fingerprint=h.hexdigest()[:32]))
    return out


def apply_inline(findings: list[Finding], suppressions: dict[str, list[dict]]) -> tuple[list[Finding], list[dict]]:
    """Mark findings covered by a directive on their line or the line before; list unused ones."""
    used: set[tuple[str, int]] = set()
    index: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for file, sups in suppressions.items():
        for s in sups:
            if s["valid"]:
                index[(file, s["line"])].append(s)
    out = []
    for f in findings:
        hit = None
        for ln in (f.line, f.line - 1):
            for s in index.get((f.file, ln), ()):
                if f.rule_id in s["rule_ids"] or any(r in s["rule_ids"] for r in f.engine_rule_ids):
                    hit = s
                    used.add((f.file, s["line"]))
                    break
            if hit:
                break
        if hit and not f.suppressed:
            f = f.with_(suppressed=f"inline: {hit['text']}", suppression_kind="inline")
        out.append(f)
    unused = []
    for file, sups in suppressions.items():
        for s in sups:
            if not s["valid"]:
                unused.append({"file": file, "line": s["line"], "rule_ids": s["rule_ids"],
                               "reason": "a rule id is required: auditor: ignore[rule-id]"})
            elif (file, s["line"]) not in used:
                unused.append({"file": file, "line": s["line"], "rule_ids": s["rule_ids"],
                               "reason": "no finding of these rules on this line or the next"})
    return out, sorted(unused, key=lambda u: (u["file"], u["line"]))


def load_baseline(path: str, from_ref: str | None = None) -> set[str]:
    """The fingerprints of the baseline file `path`, or of that file at the git revision
    `from_ref` (a pull request must not be able to baseline its own findings by editing it)."""
    try:
        if from_ref:
            from auditor.gitsafe import show_file

            raw = show_file(Path.cwd(), from_ref, path, "--baseline-from")
            if raw is None:
                raise AuditorError(f"--baseline {path}: no such file at revision {from_ref}")
            data = json.loads(raw.decode("utf-8"))
        else:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise AuditorError(f"--baseline {path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise AuditorError(f"--baseline {path}: not UTF-8 JSON") from None
    except json.JSONDecodeError as exc:
        raise AuditorError(f"--baseline {path}: not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("fingerprints"), list):
        raise AuditorError(f"--baseline {path}: not an auditor baseline (no 'fingerprints' list)")
    return {e["fingerprint"] if isinstance(e, dict) else str(e) for e in data["fingerprints"]}


def apply_baseline(findings: list[Finding], fingerprints: set[str]) -> list[Finding]:
    return [f.with_(suppressed="baseline", suppression_kind="baseline")
            if f.fingerprint in fingerprints and not f.suppressed else f for f in findings]


def baseline_document(findings: list[Finding]) -> dict:
    from auditor import __version__

    return {"version": 1, "tool": {"name": "auditor", "version": __version__},
            "fingerprints": [{"fingerprint": f.fingerprint, "rule_id": f.rule_id, "file": f.file}
                             for f in findings if not f.suppressed]}
