"""`auditor merge`: several JSON results (shards of one repository) joined into one."""
from __future__ import annotations

from auditor.model import Endpoint, EngineStatus, Finding, ScanResult


def merge_results(docs: list[dict]) -> ScanResult:
    results = [ScanResult.from_dict(d) for d in docs]
    merged = ScanResult(root=".")
    seen_f: set[tuple] = set()
    seen_e: set[tuple] = set()
    rules: dict[str, dict] = {}
    engines: dict[str, EngineStatus] = {}
    for r in results:
        prefix = r.repo_root_prefix

        def rel(p: str) -> str:
            return f"{prefix}/{p}" if prefix and p else p

        for f in r.findings:
            f2 = f.with_(file=rel(f.file))
            key = (f2.fingerprint or "", f2.rule_id, f2.file, f2.line)
            if key in seen_f:
                continue
            seen_f.add(key)
            merged.findings.append(f2)
        for e in r.endpoints:
            d = e.to_dict()
            d["handler"] = {**d["handler"], "file": rel(d["handler"].get("file", ""))}
            d["registered_at"] = {**d["registered_at"], "file": rel(d["registered_at"].get("file", ""))}
            for c in d["chain"]:
                c["file"] = rel(c["file"])
            key = (d["method"], d["path"], d["registered_at"]["file"], d["registered_at"].get("line"))
            if key not in seen_e:
                seen_e.add(key)
                merged.endpoints.append(Endpoint.from_dict(d))
        merged.unresolved_routes += [{**u, "file": rel(u["file"])} for u in r.unresolved_routes]
        merged.errors += [{**e, "file": rel(e.get("file", ""))} for e in r.errors]
        merged.skipped += [{**s, "file": rel(s["file"])} for s in r.skipped]
        merged.unused_suppressions += [{**u, "file": rel(u["file"])} for u in r.unused_suppressions]
        merged.files_analyzed += r.files_analyzed
        for m in r.rules:
            rules.setdefault(m["id"], m)
        for e in r.engines:
            prev = engines.get(e.name)
            if prev is None:
                engines[e.name] = EngineStatus(e.name, e.status, e.findings, e.seconds, e.message,
                                               e.version)
            else:
                prev.findings += e.findings
                prev.seconds += e.seconds
                if e.status == "failed":
                    prev.status, prev.message = "failed", e.message
                elif prev.status == "skipped" and e.status == "ok":
                    prev.status = "ok"
    merged.rules = list(rules.values())
    merged.engines = list(engines.values())
    merged.findings.sort(key=lambda f: (f.file, f.line, f.column, f.rule_id))
    return merged
