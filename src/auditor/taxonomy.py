"""Categories, the OWASP Top 10 2021 mapping from CWEs, and severity scales.

The CWE -> OWASP table is the official OWASP Top 10 2021 mapping (owasp.org/Top10, "List of
Mapped CWEs" of each category), so that every finding's OWASP tags follow from its CWEs.
"""
from __future__ import annotations

CATEGORIES = (
    "hardcoded-return", "mock-data", "todo", "sql-injection", "command-injection",
    "code-injection", "path-traversal", "xss", "deserialization", "xxe", "open-redirect",
    "insecure-cookie", "trust-boundary",
    "hardcoded-secret", "weak-hash", "insecure-random", "timing-unsafe-compare",
    "jwt-verification", "cors", "security-headers", "rate-limit", "sensitive-logging",
    "debug-mode", "error-exposure", "ssrf", "missing-auth", "layering", "dependency-vuln",
    "ldap-injection", "xpath-injection", "header-injection", "nosql-injection",
    "other",
)

OWASP_TITLES = {
    "A01:2021": "Broken Access Control",
    "A02:2021": "Cryptographic Failures",
    "A03:2021": "Injection",
    "A04:2021": "Insecure Design",
    "A05:2021": "Security Misconfiguration",
    "A06:2021": "Vulnerable and Outdated Components",
    "A07:2021": "Identification and Authentication Failures",
    "A08:2021": "Software and Data Integrity Failures",
    "A09:2021": "Security Logging and Monitoring Failures",
    "A10:2021": "Server-Side Request Forgery",
}

_OWASP_CWES = {
    "A01:2021": [22, 23, 35, 59, 200, 201, 219, 264, 275, 276, 284, 285, 352, 359, 377, 402, 425,
                 441, 497, 538, 540, 548, 552, 566, 601, 639, 651, 668, 706, 862, 863, 913, 922,
                 1275],
    "A02:2021": [261, 296, 310, 319, 321, 322, 323, 324, 325, 326, 327, 328, 329, 330, 331, 335,
                 336, 337, 338, 340, 347, 523, 720, 757, 759, 760, 780, 818, 916],
    "A03:2021": [20, 74, 75, 77, 78, 79, 80, 83, 87, 88, 89, 90, 91, 93, 94, 95, 96, 97, 98, 99,
                 100, 113, 116, 138, 184, 470, 471, 564, 610, 643, 644, 652, 917],
    "A04:2021": [73, 183, 209, 213, 235, 256, 257, 266, 269, 280, 311, 312, 313, 316, 419, 430,
                 434, 444, 451, 472, 501, 522, 525, 539, 579, 598, 602, 642, 646, 650, 653, 656,
                 657, 799, 807, 840, 841, 927, 1021, 1173],
    "A05:2021": [2, 11, 13, 15, 16, 260, 315, 520, 526, 537, 541, 547, 611, 614, 756, 776, 942,
                 1004, 1032, 1174],
    "A06:2021": [937, 1035, 1104],
    "A07:2021": [255, 259, 287, 288, 290, 294, 295, 297, 300, 302, 304, 306, 307, 346, 384, 521,
                 613, 620, 640, 798, 940, 1216],
    "A08:2021": [345, 353, 426, 494, 502, 565, 784, 829, 830, 915],
    "A09:2021": [117, 223, 532, 778],
    "A10:2021": [918],
}
CWE_TO_OWASP = {f"CWE-{n}": cat for cat, ns in _OWASP_CWES.items() for n in ns}

# GitHub code scanning reads `security-severity` (0.0-10.0) to rank security alerts.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
SARIF_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}

# Categories that are about code quality / readiness, not security.
QUALITY_CATEGORIES = frozenset({"hardcoded-return", "mock-data", "todo", "layering", "other"})


def owasp_for(cwes) -> tuple[str, ...]:
    out: list[str] = []
    for cwe in cwes:
        cat = CWE_TO_OWASP.get(cwe)
        if cat and cat not in out:
            out.append(cat)
    return tuple(out)
