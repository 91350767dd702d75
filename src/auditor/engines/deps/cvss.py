"""The severity of an OSV advisory from its CVSS v3.x / v4.0 vectors, scored by the maintained
`cvss` library (RedHat's; FIRST's formulas and v4's lookup tables are not ours to keep).

OSV advisories carry the vector, not the score; the score decides the finding's severity.
"""
from __future__ import annotations

from cvss import CVSS3, CVSS4


def base_score(vector: str) -> float | None:
    """The base score of a `CVSS:3.x/...` or `CVSS:4.0/...` vector; None for any other text
    (v2, malformed, missing metrics). Never raises."""
    try:
        text = vector.strip()
        if text.startswith("CVSS:3."):
            return float(CVSS3(text).base_score)
        if text.startswith("CVSS:4."):
            return float(CVSS4(text).base_score)
    except Exception:  # noqa: BLE001 - the library raises its own errors, AttributeError, ...
        return None
    return None


def severity_from_score(score: float) -> str:
    if score >= 9.0:
        return "critical"
    if score >= 7.0:
        return "high"
    if score >= 4.0:
        return "medium"
    if score > 0:
        return "low"
    return "info"


_WORDS = {"critical": "critical", "high": "high", "moderate": "medium", "medium": "medium",
          "low": "low"}


def _scores(vuln: dict):
    """(score, CVSS version) of every scorable v3/v4 vector, top-level and per affected package."""
    entries = list(vuln.get("severity") or [])
    for aff in vuln.get("affected") or []:
        if isinstance(aff, dict):
            entries.extend(aff.get("severity") or [])
    for sev in entries:
        if not isinstance(sev, dict):
            continue
        kind, vector = str(sev.get("type", "")), str(sev.get("score", ""))
        if kind.startswith(("CVSS_V3", "CVSS_V4")):
            score = base_score(vector)
            if score is not None:
                yield score, vector.split("/", 1)[0].removeprefix("CVSS:")


def advisory_severity(vuln: dict) -> tuple[str, str]:
    """(severity, how it was decided) of an OSV advisory: the HIGHEST CVSS base score among its
    v3.x and v4.0 vectors (so when an advisory has both, the worse one counts; an auditor should
    not under-report because two scoring systems disagree), else the database's own word (GHSA's
    database_specific.severity), else medium."""
    best = max(_scores(vuln), default=None)
    if best is not None:
        score, version = best
        return severity_from_score(score), f"CVSS {score:.1f}" + (
            f" v{version}" if version.startswith("4") else "")
    word = str((vuln.get("database_specific") or {}).get("severity", "")).lower()
    if word in _WORDS:
        return _WORDS[word], f"advisory severity {word}"
    return "medium", "no severity in the advisory"
