"""CVSS v3.x base score from a vector string (FIRST specification, section 7), and severity.

OSV advisories carry the vector, not the score; the score decides the finding's severity.
"""
from __future__ import annotations

import math

_AV = {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2}
_AC = {"L": 0.77, "H": 0.44}
_PR_U = {"N": 0.85, "L": 0.62, "H": 0.27}
_PR_C = {"N": 0.85, "L": 0.68, "H": 0.5}
_UI = {"N": 0.85, "R": 0.62}
_CIA = {"H": 0.56, "L": 0.22, "N": 0.0}


def roundup(x: float) -> float:
    """CVSS v3.1 Roundup: the smallest one-decimal number >= x, free of float noise."""
    i = int(round(x * 100000))
    if i % 10000 == 0:
        return i / 100000.0
    return (math.floor(i / 10000) + 1) / 10.0


def base_score(vector: str) -> float | None:
    """The base score of a `CVSS:3.x/AV:N/...` vector; None when it is not a valid v3 vector."""
    parts = vector.strip().split("/")
    if not parts or not parts[0].startswith("CVSS:3"):
        return None
    m = {}
    for p in parts[1:]:
        k, _, v = p.partition(":")
        m[k] = v
    try:
        scope_changed = m["S"] == "C"
        iss = 1 - (1 - _CIA[m["C"]]) * (1 - _CIA[m["I"]]) * (1 - _CIA[m["A"]])
        if scope_changed:
            impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15
        else:
            impact = 6.42 * iss
        pr = (_PR_C if scope_changed else _PR_U)[m["PR"]]
        exploitability = 8.22 * _AV[m["AV"]] * _AC[m["AC"]] * pr * _UI[m["UI"]]
    except KeyError:
        return None
    if impact <= 0:
        return 0.0
    if scope_changed:
        return roundup(min(1.08 * (impact + exploitability), 10))
    return roundup(min(impact + exploitability, 10))


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


def advisory_severity(vuln: dict) -> tuple[str, str]:
    """(severity, how it was decided) of an OSV advisory: CVSS v3 score, else the database's
    own word (GHSA's database_specific.severity), else medium."""
    best = None
    for sev in vuln.get("severity") or []:
        if str(sev.get("type", "")).startswith("CVSS_V3"):
            score = base_score(str(sev.get("score", "")))
            if score is not None and (best is None or score > best):
                best = score
    for aff in vuln.get("affected") or []:
        for sev in aff.get("severity") or []:
            if str(sev.get("type", "")).startswith("CVSS_V3"):
                score = base_score(str(sev.get("score", "")))
                if score is not None and (best is None or score > best):
                    best = score
    if best is not None:
        return severity_from_score(best), f"CVSS {best:.1f}"
    word = str((vuln.get("database_specific") or {}).get("severity", "")).lower()
    if word in _WORDS:
        return _WORDS[word], f"advisory severity {word}"
    return "medium", "no severity in the advisory"
