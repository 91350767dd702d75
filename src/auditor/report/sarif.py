"""SARIF 2.1.0 as GitHub code scanning accepts it.

Rules come from the registry (id, a name distinct from the id, descriptions, help, level, tags
with `security` and `external/cwe/cwe-NNN`, `security-severity`, precision); results carry a URI
relative to the repository root with `uriBaseId` %SRCROOT%, a full region and a
`primaryLocationLineHash` that does not depend on line numbers. At most 25,000 results a run.
"""
from __future__ import annotations

import json

from auditor.model import SEVERITY_RANK
from auditor.taxonomy import SARIF_LEVEL, SECURITY_SEVERITY

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS = 25_000
INFO_URI = "https://github.com/auditor-dev/auditor"


def _uri(result, path: str) -> str:
    prefix = result.repo_root_prefix
    return f"{prefix}/{path}" if prefix else path


def _rule_descriptor(meta: dict) -> dict:
    docs = meta.get("docs") or {}
    tags = [meta["category"]]
    if meta.get("security"):
        tags.append("security")
    else:
        tags.append("maintainability")
    for cwe in meta.get("cwe", []):
        num = cwe.split("-", 1)[-1]
        tags.append(f"external/cwe/cwe-{num}")
    for o in meta.get("owasp", []):
        tags.append(f"external/owasp/{o.split(':')[0].lower()}")
    props = {"tags": tags, "precision": meta.get("precision", "high"),
             "problem.severity": _problem_severity(meta["severity"])}
    if meta.get("security"):
        props["security-severity"] = SECURITY_SEVERITY[meta["severity"]]
    full = docs.get("What it finds") or meta.get("short_description") or meta["id"]
    help_md = "\n\n".join(f"**{k}**\n\n{docs[k]}" for k in ("What it finds", "Why it matters",
                                                               "Example", "Fix") if docs.get(k))
    help_text = "\n\n".join(f"{k}: {docs[k]}" for k in ("What it finds", "Why it matters", "Fix")
                            if docs.get(k))
    return {
        "id": meta["id"],
        "name": meta.get("name") or meta["id"].title().replace("-", ""),
        "shortDescription": {"text": meta.get("short_description") or meta["id"]},
        "fullDescription": {"text": " ".join(full.split())},
        "help": {"text": help_text or full, "markdown": help_md or full},
        "defaultConfiguration": {"level": SARIF_LEVEL[meta["severity"]]},
        "properties": props,
    }


def _problem_severity(sev: str) -> str:
    return {"critical": "error", "high": "error", "medium": "warning"}.get(sev, "recommendation")


def _engine_rule_meta(f) -> dict:
    """Metadata for a rule that is not in the native registry (an engine's rule)."""
    return {"id": f.rule_id, "name": "".join(p.title() for p in f.rule_id.replace("/", "-")
                                            .replace(".", "-").replace("_", "-").split("-")),
            "category": f.category, "cwe": list(f.cwe), "owasp": list(f.owasp),
            "severity": f.severity, "precision": "medium", "short_description": f.message[:120],
            "docs": {"What it finds": f.message}, "security": f.category not in
            ("hardcoded-return", "mock-data", "todo", "layering", "other")}


def render_sarif(result) -> str:
    return json.dumps(build_sarif(result), indent=2, ensure_ascii=False) + "\n"


def build_sarif(result) -> dict:
    findings = sorted(result.findings, key=lambda f: (-SEVERITY_RANK.get(f.severity, 0),
                                                      f.file, f.line))
    dropped = 0
    if len(findings) > MAX_RESULTS:
        dropped = len(findings) - MAX_RESULTS
        findings = findings[:MAX_RESULTS]
    metas: dict[str, dict] = {m["id"]: m for m in result.rules}
    for f in findings:
        if f.rule_id not in metas:
            metas[f.rule_id] = _engine_rule_meta(f)
    used = sorted({f.rule_id for f in findings} | set(metas) if not result.rules
                  else set(metas))
    rules = [_rule_descriptor(metas[r]) for r in used]
    index = {r: i for i, r in enumerate(used)}
    names_seen: dict[str, int] = {}
    for r in rules:  # SARIF rule names should be unique and differ from ids
        n = r["name"]
        if n == r["id"]:
            n = n + "Rule"
        if n in names_seen:
            names_seen[n] += 1
            n = f"{n}{names_seen[n]}"
        else:
            names_seen[n] = 0
        r["name"] = n

    results = [_result(result, f, index[f.rule_id]) for f in findings]
    notifications = []
    for s in result.skipped:
        notifications.append({
            "level": "note",
            "message": {"text": f"Skipped {s['file']}: {s['reason']}"},
            "locations": [{"physicalLocation": {"artifactLocation": {
                "uri": _uri(result, s["file"].rstrip("/")) or ".", "uriBaseId": "%SRCROOT%"}}}],
            "descriptor": {"id": "skipped-file"},
        })
    for e in result.errors:
        n = {"level": "warning", "message": {"text": f"{e['stage']} failed on {e['file'] or 'the scan'}: "
                                                       f"{e['message']}"},
             "descriptor": {"id": f"error-{_slug(e['stage'])}"}}
        if e.get("file"):
            n["locations"] = [{"physicalLocation": {"artifactLocation": {
                "uri": _uri(result, e["file"]), "uriBaseId": "%SRCROOT%"}}}]
        notifications.append(n)
    for eng in result.engines:
        if eng.status == "failed":
            notifications.append({"level": "warning", "message": {
                "text": f"engine {eng.name} failed: {eng.message}"},
                "descriptor": {"id": "engine-failed"}})
    if dropped:
        notifications.append({"level": "warning", "message": {
            "text": f"{dropped} results left out: GitHub code scanning accepts at most "
                    f"{MAX_RESULTS} results a run; the most severe were kept"},
            "descriptor": {"id": "results-truncated"}})
    extensions = [{"name": e.name, "version": e.version or "unknown",
                   "informationUri": _ENGINE_URIS.get(e.name, INFO_URI)}
                  for e in result.engines if e.name != "native" and e.status == "ok"]
    driver = {"name": "auditor", "version": result.tool.get("version", "0"),
              "semanticVersion": result.tool.get("version", "0"),
              "informationUri": INFO_URI, "rules": rules}
    run = {
        "tool": {"driver": driver},
        "automationDetails": {"id": "auditor/"},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///", "description": {
            "text": "The repository root (git top level)."}}},
        "results": results,
        "invocations": [{"executionSuccessful": not any(e.status == "failed" for e in result.engines),
                         "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
    }
    if extensions:
        run["tool"]["extensions"] = extensions
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


_ENGINE_URIS = {"semgrep": "https://semgrep.dev", "bandit": "https://bandit.readthedocs.io",
                "dependencies": "https://osv.dev"}


def _slug(s: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in s.lower()).strip("-") or "stage"


def _result(result, f, rule_index: int) -> dict:
    region = {"startLine": max(1, f.line), "startColumn": max(1, f.column)}
    end_line = max(f.end_line or f.line, f.line)
    region["endLine"] = end_line
    end_col = f.end_column or f.column
    if end_line == f.line and end_col <= region["startColumn"]:
        end_col = region["startColumn"] + 1
    region["endColumn"] = max(1, end_col)
    if f.snippet:
        region["snippet"] = {"text": f.snippet}
    loc = {"physicalLocation": {"artifactLocation": {"uri": _uri(result, f.file),
                                                     "uriBaseId": "%SRCROOT%"},
                                "region": region}}
    msg = f.message
    if f.endpoints:
        msg += f" (endpoints: {', '.join(f.endpoints[:5])}{'...' if len(f.endpoints) > 5 else ''})"
    res = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL.get(f.severity, "warning"),
        "message": {"text": msg},
        "locations": [loc],
        "partialFingerprints": {"primaryLocationLineHash": f.fingerprint or "0"},
        "properties": {"severity": f.severity, "category": f.category, "confidence": f.confidence,
                       "engine": f.engine, "engines": list(f.engines),
                       "engineRuleIds": list(f.engine_rule_ids), "endpoints": list(f.endpoints),
                       "criticalPath": f.critical_path, "cwe": list(f.cwe), "owasp": list(f.owasp)},
    }
    if f.related:
        res["relatedLocations"] = [
            {"id": i + 1, "physicalLocation": {"artifactLocation": {
                "uri": _uri(result, r.file), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": max(1, r.line)}}} for i, r in enumerate(f.related)]
    if f.suppressed:
        kind = "inSource" if f.suppression_kind == "inline" else "external"
        res["suppressions"] = [{"kind": kind, "justification": f.suppressed}]
    return res
