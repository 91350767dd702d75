"""`auditor merge`: several JSON results (shards of one repository) joined into one.

Each shard's paths are relative to its own scan root; its `repo_root_prefix` (the scan root
relative to the git top level) re-roots them, so the merged result speaks of one tree: the
repository. Fingerprints are recomputed on the re-rooted paths, and a defect reported by two
overlapping shards (a package scanned alone and inside its parent) appears once.
"""
from __future__ import annotations

from auditor.model import Endpoint, EngineStatus, Finding, Location, ScanResult, Step


def _rerooter(prefix: str):
    prefix = prefix.strip("/")

    def rel(p: str) -> str:
        if not prefix or not p:
            return p
        if p == ".":
            return prefix
        return f"{prefix}/{p}"

    return rel


_STATUS_RANK = {"skipped": 0, "ok": 1, "partial": 2, "failed": 3}


def _finding_key(f: Finding) -> tuple:
    from auditor.suppress import normalize_snippet

    return (f.rule_id, f.file, f.line, f.column, normalize_snippet(f.snippet) or f.message)


def merge_results(docs: list[dict]) -> ScanResult:
    from auditor.suppress import assign_fingerprints

    results = [ScanResult.from_dict(d) for d in docs]
    merged = ScanResult(root=".")
    merged.repo_root_prefix = ""
    seen_f: dict[tuple, int] = {}
    seen_e: set[tuple] = set()
    seen_misc: set[tuple] = set()
    rules: dict[str, dict] = {}
    engines: dict[str, EngineStatus] = {}
    findings: list[Finding] = []
    for r in results:
        rel = _rerooter(r.repo_root_prefix or "")

        for f in r.findings:
            f2 = f.with_(file=rel(f.file),
                         related=tuple(Location(rel(x.file), x.line) for x in f.related),
                         flow=tuple(Step(rel(x.file), x.line, x.message) for x in f.flow))
            key = _finding_key(f2)
            if key in seen_f:
                # keep the union of what the shards knew: engines and endpoints
                i = seen_f[key]
                prev = findings[i]
                findings[i] = prev.with_(
                    engines=tuple(dict.fromkeys(prev.engines + f2.engines)),
                    endpoints=tuple(sorted(set(prev.endpoints) | set(f2.endpoints))),
                    critical_path=prev.critical_path or f2.critical_path,
                    # suppressed only where every shard suppressed it
                    suppressed=prev.suppressed if f2.suppressed else None,
                    suppression_kind=prev.suppression_kind if f2.suppressed else None,
                )
                continue
            seen_f[key] = len(findings)
            findings.append(f2)
        for e in r.endpoints:
            d = e.to_dict()
            d["handler"] = {**d["handler"], "file": rel(d["handler"].get("file", ""))}
            d["registered_at"] = {**d["registered_at"], "file": rel(d["registered_at"].get("file", ""))}
            for c in d["chain"]:
                c["file"] = rel(c["file"])
            d["sql_sites"] = [{**s, "file": rel(s.get("file", ""))} for s in d.get("sql_sites", [])]
            key = (d["method"], d["path"], d["registered_at"]["file"], d["registered_at"].get("line"))
            if key not in seen_e:
                seen_e.add(key)
                merged.endpoints.append(Endpoint.from_dict(d))

        def add(kind: str, items: list[dict], target: list[dict]) -> None:
            for it in items:
                it2 = {**it, "file": rel(it.get("file", ""))}
                k = (kind, tuple(sorted((a, str(b)) for a, b in it2.items())))
                if k not in seen_misc:
                    seen_misc.add(k)
                    target.append(it2)

        add("unresolved", r.unresolved_routes, merged.unresolved_routes)
        add("error", r.errors, merged.errors)
        # why a shard's verdict was incomplete holds for the merged one
        for i in r.incomplete:
            i2 = {**i, "file": rel(i["file"])} if i.get("file") else dict(i)
            k = ("incomplete", tuple(sorted((a, str(b)) for a, b in i2.items())))
            if k not in seen_misc:
                seen_misc.add(k)
                merged.incomplete.append(i2)
        add("skipped", r.skipped, merged.skipped)
        add("unused", r.unused_suppressions, merged.unused_suppressions)
        merged.files_analyzed += r.files_analyzed
        for m in r.rules:
            rules.setdefault(m["id"], m)
        for e in r.engines:
            errors = [{**x, "file": rel(x.get("file", ""))} for x in e.errors]
            prev = engines.get(e.name)
            if prev is None:
                engines[e.name] = EngineStatus(e.name, e.status, e.findings, e.seconds, e.message,
                                               e.version, errors)
            else:
                prev.findings += e.findings
                prev.seconds = round(prev.seconds + e.seconds, 3)
                prev.errors += [x for x in errors if x not in prev.errors]
                # the worst shard's status: failed, then partial, then ok, then skipped
                if _STATUS_RANK.get(e.status, 0) > _STATUS_RANK.get(prev.status, 0):
                    prev.status, prev.message = e.status, e.message
    merged.rules = list(rules.values())
    merged.engines = list(engines.values())
    merged.findings = assign_fingerprints(findings)
    merged.findings.sort(key=lambda f: (f.file, f.line, f.column, f.rule_id))
    return merged
