"""SARIF 2.1.0 as GitHub code scanning accepts it.

Rules come from the registry (id, a name distinct from the id, descriptions, help, `helpUri` to
the rule's section of docs/rules.md, level, tags with `security` and `external/cwe/cwe-NNN`,
`security-severity`, precision); results carry a URI relative to the repository root with
`uriBaseId` %SRCROOT%, a full region, auditor's own line-independent fingerprint under
`partialFingerprints["auditor/v1"]` (upload-sarif computes GitHub's `primaryLocationLineHash`
itself and warns when a tool fills it with another value), and their own `security-severity`
where the finding's severity differs from its rule's. At most 25,000 results a run.

Suppressed findings (baseline, inline comment, engine-judged) are left out by default: code
scanning does not honour SARIF `suppressions` and opens them as alerts. What the scanned tree's
own comments suppressed is still said, one notification each, so a comment cannot hide a
finding silently. `suppressed="include"` keeps them as results with `suppressions`.
"""
from __future__ import annotations

import textwrap
from urllib.parse import quote

from auditor.model import SEVERITY_RANK, as_list
from auditor.taxonomy import SARIF_LEVEL, SECURITY_SEVERITY

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS = 25_000
# The project's home, as the skeleton named it; GitHub and the SARIF validator (SARIF2005) want
# the tool to say where to learn about it.
INFO_URI = "https://github.com/auditor-dev/auditor"
RULES_DOC = INFO_URI + "/blob/main/docs/rules.md"
FINGERPRINT_KEY = "auditor/v1"
_ENGINE_HELP = {"bandit": "https://bandit.readthedocs.io/en/latest/plugins/index.html",
                "semgrep": RULES_DOC + "#engine-rules",
                "dependencies": "https://osv.dev/list"}


def help_uri(meta: dict, engine: str = "native") -> str:
    """The rule's section of docs/rules.md; an engine rule's page at its engine (an OSV
    advisory's own page)."""
    rid = meta["id"]
    if engine == "dependencies" and meta.get("advisory"):
        return "https://osv.dev/vulnerability/" + quote(meta["advisory"])
    if engine == "native":
        return f"{RULES_DOC}#{rid}"
    return _ENGINE_HELP.get(engine, RULES_DOC + "#engine-rules")


# RFC 3986 path characters; '[', ']', '%', '#', '?', spaces and ':' (a first segment with a colon
# would read as a scheme) are percent-encoded, so Next.js paths like `app/[id]/page.tsx` stay valid.
_URI_SAFE = "/-._~!$&'()*+,;=@"


def _uri(result, path: str) -> str:
    """A relative URI reference from the repository root (git top level)."""
    prefix = result.repo_root_prefix
    full = f"{prefix}/{path}" if prefix and path else (path or prefix)
    # a file name that is not UTF-8 (surrogate-escaped by discovery) keeps its raw bytes: %FF
    return quote(full.encode("utf-8", "surrogateescape"), safe=_URI_SAFE) if full else "."


def _sentence(text: str) -> str:
    """Messages are sentences: one line, ending with a period (SARIF validator rule SARIF2001)."""
    text = " ".join(str(text).split())
    if not text:
        return "No details."
    return text if text[-1] in ".!?" else text + "."


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
    help_md = "\n\n".join(f"**{k}**\n\n{_md_section(k, docs[k])}"
                            for k in ("What it finds", "Why it matters", "Example", "Fix")
                            if docs.get(k))
    help_text = "\n\n".join(f"{k}: {docs[k]}" for k in ("What it finds", "Why it matters", "Fix")
                            if docs.get(k))
    return {
        "id": meta["id"],
        "name": meta.get("name") or meta["id"].title().replace("-", ""),
        "shortDescription": {"text": meta.get("short_description") or meta["id"]},
        "fullDescription": {"text": " ".join(full.split())},
        "helpUri": meta.get("help_uri") or help_uri(meta),
        "help": {"text": help_text or full, "markdown": help_md or full},
        "defaultConfiguration": {"level": SARIF_LEVEL[meta["severity"]]},
        "properties": props,
    }


def _md_section(name: str, body: str) -> str:
    if name == "Example":
        return "```\n" + textwrap.dedent(body).strip("\n") + "\n```"
    return body


def _problem_severity(sev: str) -> str:
    return {"critical": "error", "high": "error", "medium": "warning"}.get(sev, "recommendation")


def _engine_rule_meta(f) -> dict:
    """Metadata for a rule that is not in the native registry (an engine's rule)."""
    return {"id": f.rule_id, "name": "".join(p.title() for p in f.rule_id.replace("/", "-")
                                            .replace(".", "-").replace("_", "-").split("-")),
            "category": f.category, "cwe": list(f.cwe), "owasp": list(f.owasp),
            "severity": f.severity, "precision": "medium", "short_description": f.message[:120],
            "docs": {"What it finds": f.message}, "security": f.category not in
            ("hardcoded-return", "mock-data", "todo", "layering", "other"),
            "help_uri": help_uri({"id": f.rule_id, "advisory": f.rule_id}, f.engine)}


def render_sarif(result, **options) -> str:
    from auditor.report.json_report import dumps_indented

    return dumps_indented(build_sarif(result, **options))


def build_sarif(result, lists=None, *, suppressed: str = "omit", category: str | None = None) -> dict:
    """The SARIF document; `lists(items, make)` builds the results (see ScanResult.to_dict).
    `suppressed`: "omit" (default) or "include" the suppressed findings; `category`: the
    automationDetails.id (code scanning's category)."""
    findings = result.findings
    if suppressed == "omit":
        findings = [f for f in findings if not f.suppressed]
    # Past GitHub's limit the most severe active findings are kept.
    findings = sorted(findings, key=lambda f: (f.suppressed is not None,
                                                      -SEVERITY_RANK.get(f.severity, 0),
                                                      f.file, f.line, f.column, f.rule_id))
    dropped = 0
    if len(findings) > MAX_RESULTS:
        dropped = len(findings) - MAX_RESULTS
        findings = findings[:MAX_RESULTS]
    metas: dict[str, dict] = {m["id"]: m for m in result.rules}
    for f in findings:
        if f.rule_id not in metas:
            metas[f.rule_id] = _engine_rule_meta(f)
    used = sorted(metas)  # every rule that ran, plus each engine rule a finding names
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

    rule_severity = {r: m["severity"] for r, m in metas.items() if m.get("security")}
    results = (lists or as_list)(findings, lambda f: _result(result, f, index[f.rule_id],
                                                             rule_severity.get(f.rule_id)))
    notifications = _notifications(result, dropped)
    if suppressed == "omit":
        notifications += _suppressed_notifications(result)
    extensions = []
    for e in result.engines:
        if e.name != "native" and e.status in ("ok", "partial"):
            ext = {"name": e.name, "version": e.version or "unknown"}
            if e.name in _ENGINE_URIS:
                ext["informationUri"] = _ENGINE_URIS[e.name]
            extensions.append(ext)
    driver = {"name": "auditor", "version": result.tool.get("version", "0"),
              "semanticVersion": result.tool.get("version", "0"),
              "informationUri": INFO_URI, "rules": rules}
    prefix = result.repo_root_prefix.strip("/")
    run = {
        "tool": {"driver": driver},
        # One category per scanned folder, so that uploads of different subfolders of a
        # repository do not close each other's alerts; a merged scan of shards is "auditor/".
        # `category` (the Action's input) replaces it: upload-sarif ignores its own `category`
        # when the SARIF names one.
        "automationDetails": {"id": _category(category, prefix)},
        # The absolute location of the repository root is not recorded (it is a local path).
        "originalUriBaseIds": {"%SRCROOT%": {"description": {
            "text": "The repository root (git top level)."}}},
        "results": results,
        "invocations": [{"executionSuccessful": not getattr(result, "incomplete", None) and
                         not any(e.status in ("failed", "partial") for e in result.engines),
                         "toolExecutionNotifications": notifications,
                         "toolConfigurationNotifications": _config_notifications(result)}],
        "columnKind": "unicodeCodePoints",
    }
    if extensions:
        run["tool"]["extensions"] = extensions
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _notifications(result, dropped: int) -> list[dict]:
    """Skipped files, errors, failed engines, the files a partial engine could not analyse and
    truncation: nothing is left out silently."""
    out = []
    for s in result.skipped:
        out.append({
            "level": "note",
            "message": {"text": _sentence(f"Skipped {s['file']}: {s['reason']}")},
            "locations": [_file_location(result, s["file"].rstrip("/"))],
            "descriptor": {"id": "skipped-file"},
        })
    for e in result.errors:
        n = {"level": "warning",
             "message": {"text": _sentence(f"{e['stage']} failed on {e.get('file') or 'the scan'}: "
                                           f"{e['message']}")},
             "descriptor": {"id": f"error-{_slug(e['stage'])}"}}
        if e.get("file"):
            n["locations"] = [_file_location(result, e["file"])]
        out.append(n)
    for eng in result.engines:
        if eng.status == "failed":
            out.append({"level": "warning",
                        "message": {"text": _sentence(f"Engine {eng.name} failed: {eng.message}")},
                        "descriptor": {"id": "engine-failed"}})
        elif eng.status == "partial":
            for err in eng.errors or ():
                where = err.get("file") or ""
                n = {"level": "warning",
                     "message": {"text": _sentence(
                         f"Engine {eng.name} could not analyse {where}: {err['message']}" if where
                         else f"Engine {eng.name} reported an error: {err['message']}")},
                     "descriptor": {"id": "engine-partial"}}
                if where:
                    n["locations"] = [_file_location(result, where)]
                out.append(n)
            if not eng.errors:
                out.append({"level": "warning", "message": {"text": _sentence(
                    f"Engine {eng.name} was partial: {eng.message}")},
                    "descriptor": {"id": "engine-partial"}})
    for n in getattr(result, "notices", None) or ():
        out.append({"level": "note",
                    "message": {"text": _sentence(f"Analysed {n['file']} with a caveat: "
                                                  f"{n['message']}")},
                    "locations": [_file_location(result, n["file"])],
                    "descriptor": {"id": "analysed-with-caveat"}})
    for i in getattr(result, "incomplete", None) or ():
        out.append({"level": "note", "message": {"text": _sentence(
            f"Scan incomplete: {i['message']}")}, "descriptor": {"id": "scan-incomplete"}})
    if dropped:
        out.append({"level": "warning", "message": {"text": _sentence(
            f"{dropped} results left out: GitHub code scanning accepts at most {MAX_RESULTS} "
            f"results a run; the most severe were kept")},
            "descriptor": {"id": "results-truncated"}})
    return out


def _category(category: str | None, prefix: str) -> str:
    if category:
        return category if category.endswith("/") else category + "/"
    return f"auditor/{prefix}/" if prefix else "auditor/"


def _suppressed_notifications(result) -> list[dict]:
    """Findings left out of the results because they are suppressed: each one the scanned tree
    suppressed with a comment, at its place; those a baseline or the native judgment
    suppressed, counted."""
    out = []
    counted: dict[str, int] = {}
    for f in result.findings:
        if not f.suppressed:
            continue
        if f.suppression_kind == "inline":
            n = {"level": "note", "message": {"text": _sentence(
                f"{f.rule_id} at {f.file}:{f.line} suppressed by a comment in the scanned tree: "
                f"{f.suppressed}")}, "descriptor": {"id": "suppressed-inline"},
                "locations": [_file_location(result, f.file)]}
            n["locations"][0]["physicalLocation"]["region"] = {"startLine": max(1, f.line)}
            out.append(n)
        else:
            kind = f.suppression_kind or "other"
            counted[kind] = counted.get(kind, 0) + 1
    for kind, n in sorted(counted.items()):
        what = {"baseline": "by the baseline", "engine-judged": "as judged safe by the native "
                "analysis"}.get(kind, f"({kind})")
        out.append({"level": "note", "message": {"text": _sentence(
            f"{n} finding{'' if n == 1 else 's'} suppressed {what} and left out of the results "
            f"(--sarif-suppressed include keeps them)")},
            "descriptor": {"id": f"suppressed-{_slug(kind)}"}})
    return out


def _config_notifications(result) -> list[dict]:
    """What the scanned tree's own configuration changed (rules disabled, severities, excludes,
    fail_on...), one notification per key and value, at the configuration file."""
    out = []
    for e in getattr(result, "config_effects", None) or ():
        n = {"level": "warning",
             "message": {"text": _sentence(f"{e['file']}: {e['key']} = {e['value']!s}: "
                                           f"{e['effect']}")},
             "descriptor": {"id": f"config-{_slug(e['key'].split('.')[0])}"}}
        file = e["file"].split(" ")[0]
        if " at " not in e["file"]:  # a file of the tree (not one read from a git revision)
            n["locations"] = [_file_location(result, file)]
        out.append(n)
    return out


def _file_location(result, path: str) -> dict:
    return {"physicalLocation": {"artifactLocation": {"uri": _uri(result, path),
                                                      "uriBaseId": "%SRCROOT%"}}}


_ENGINE_URIS = {"semgrep": "https://semgrep.dev", "bandit": "https://bandit.readthedocs.io",
                "dependencies": "https://osv.dev"}


def _slug(s: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in s.lower()).strip("-") or "stage"


def _result(result, f, rule_index: int, rule_severity: str | None = None) -> dict:
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
    msg = _sentence(f.message)
    if f.endpoints:
        more = f" and {len(f.endpoints) - 5} more" if len(f.endpoints) > 5 else ""
        msg += f" Endpoints: {', '.join(f.endpoints[:5])}{more}."
    res = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL.get(f.severity, "warning"),
        "message": {"text": msg},
        "locations": [loc],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint or "0"},
        "properties": {"severity": f.severity, "category": f.category, "confidence": f.confidence,
                       "engine": f.engine, "engines": list(f.engines),
                       "engineRuleIds": list(f.engine_rule_ids), "endpoints": list(f.endpoints),
                       "criticalPath": f.critical_path, "reachable": f.reachable,
                       "cwe": list(f.cwe), "owasp": list(f.owasp)},
    }
    if f.severity in SECURITY_SEVERITY and rule_severity is not None and rule_severity != f.severity:
        res["properties"]["security-severity"] = SECURITY_SEVERITY[f.severity]
    if f.related:
        res["relatedLocations"] = [
            {"id": i + 1, "physicalLocation": {"artifactLocation": {
                "uri": _uri(result, r.file), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": max(1, r.line)}},
             "message": {"text": "Related location."}} for i, r in enumerate(f.related)]
    if f.flow:
        res["codeFlows"] = [{"threadFlows": [{"locations": [
            {"location": {"physicalLocation": {
                "artifactLocation": {"uri": _uri(result, s.file), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": max(1, s.line)}},
                "message": {"text": s.message or "step"}}}
            for s in f.flow]}]}]
    if f.suppressed:
        kind = "inSource" if f.suppression_kind == "inline" else "external"
        res["suppressions"] = [{"kind": kind, "status": "accepted",
                                "justification": f.suppressed}]
    return res
