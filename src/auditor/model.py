"""The plain values every stage passes on: findings, endpoints and the scan result.

Everything here is data (dataclasses of str/int/bool/list/dict) so that a test can build it by
hand, a worker process can pickle it and the cache can store it as JSON.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

SEVERITIES = ("critical", "high", "medium", "low", "info")
SEVERITY_RANK = {s: i for i, s in enumerate(reversed(SEVERITIES))}  # info=0 .. critical=4
CONFIDENCES = ("high", "medium", "low")


def severity_at_least(severity: str, threshold: str) -> bool:
    return SEVERITY_RANK.get(severity, 0) >= SEVERITY_RANK.get(threshold, 0)


@dataclass(frozen=True)
class Location:
    file: str
    line: int

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line}


@dataclass(frozen=True)
class Step:
    """One step of a finding's data flow (source, assignment, call, return, sink): where and
    what happens there. SARIF shows the steps as a code flow ("Show paths")."""
    file: str
    line: int
    message: str = ""

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "message": self.message}


@dataclass(frozen=True)
class Finding:
    rule_id: str
    category: str
    severity: str
    message: str
    file: str
    line: int
    column: int = 1
    end_line: int = 0
    end_column: int = 0
    snippet: str = ""
    cwe: tuple[str, ...] = ()
    owasp: tuple[str, ...] = ()
    confidence: str = "high"
    engine: str = "native"
    engines: tuple[str, ...] = ()
    engine_rule_ids: tuple[str, ...] = ()
    endpoints: tuple[str, ...] = ()
    critical_path: bool = False
    reachable: bool = True  # False: in Go code no entry point reaches (scan/reach.py)
    checklist: tuple[str, ...] = ()
    related: tuple[Location, ...] = ()
    flow: tuple[Step, ...] = ()  # source -> ... -> sink, for findings from data flow
    fingerprint: str = ""
    suppressed: str | None = None
    suppression_kind: str | None = None  # inline | baseline | engine-judged

    def with_(self, **changes: Any) -> "Finding":
        """A copy with `changes`: the fields copied as they are, without `dataclasses.replace`'s
        call of __init__ (a million-line scan makes 80k such copies)."""
        if not changes.keys() <= _FINDING_FIELD_SET:
            return replace(self, **changes)  # raises the TypeError naming the bad field
        new = object.__new__(Finding)
        d = new.__dict__
        d.update(self.__dict__)
        d.update(changes)
        return new

    def to_dict(self) -> dict:
        # field by field: dataclasses.asdict deep-copies recursively, and a million-line tree
        # has tens of thousands of findings
        d = {name: getattr(self, name) for name in _FINDING_FIELDS}
        for key in ("cwe", "owasp", "engines", "engine_rule_ids", "endpoints", "checklist"):
            d[key] = list(d[key])
        d["related"] = [r.to_dict() for r in self.related]
        d["flow"] = [s.to_dict() for s in self.flow]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Finding":
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        for key in ("cwe", "owasp", "engines", "engine_rule_ids", "endpoints", "checklist"):
            if key in kw:
                kw[key] = tuple(kw[key])
        if "related" in kw:
            kw["related"] = tuple(Location(r["file"], r["line"]) for r in kw["related"])
        if "flow" in kw:
            kw["flow"] = tuple(Step(s["file"], s["line"], s.get("message", "")) for s in kw["flow"])
        return cls(**kw)


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))
_FINDING_FIELD_SET = frozenset(_FINDING_FIELDS)


@dataclass(slots=True)
class ChainNode:
    """One function on an endpoint's trace. Never changed once made: endpoints that share a
    handler share its nodes (a million-line tree has ~100k of them)."""
    name: str
    file: str
    line: int
    layer: str  # handler | service | repository | other
    depth: int = 0

    def to_dict(self) -> dict:
        return {"name": self.name, "file": self.file, "line": self.line, "layer": self.layer,
                "depth": self.depth}


@dataclass
class Endpoint:
    method: str
    path: str
    framework: str
    handler: dict  # {name, file, line}
    registered_at: dict  # {file, line}
    middleware: list[str] = field(default_factory=list)
    authenticated: bool = False  # auth == "required"
    auth_reason: str = ""
    # required: a request without credentials is rejected; optional: credentials are read when
    # present and anonymous requests go through; none: nothing checks
    auth: str = "none"
    # False when the route's router could not be tied to where it is mounted: the path lacks
    # whatever prefix that mount adds (the reason is in `unresolved_routes`)
    prefix_resolved: bool = True
    chain: list[ChainNode] = field(default_factory=list)
    reaches_service: bool = False
    reaches_repository: bool = False
    reaches_sql: bool = False
    sql_sites: list[dict] = field(default_factory=list)
    # every call on the chain that reaches a database, cache or document store, recognised by
    # library (auditor.endpoints.data_access): {file, line, kind: sql|orm|document|cache}
    data_sites: list[dict] = field(default_factory=list)
    hardcoded_response: bool = False
    implicit: bool = False

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def to_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["handler"], d["registered_at"] = dict(self.handler), dict(self.registered_at)
        d["middleware"] = list(self.middleware)
        d["sql_sites"] = [dict(s) for s in self.sql_sites]
        d["data_sites"] = [dict(s) for s in self.data_sites]
        d["chain"] = [c.to_dict() if isinstance(c, ChainNode) else dict(c) for c in self.chain]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Endpoint":
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["chain"] = [ChainNode(**c) for c in kw.get("chain", [])]
        if "auth" not in kw:  # a result written before `auth` existed
            kw["auth"] = "required" if kw.get("authenticated") else "none"
        return cls(**kw)


@dataclass
class EngineStatus:
    name: str
    # ok | partial (it ran, but could not analyse the files in `errors`) | failed | skipped
    status: str
    findings: int = 0
    seconds: float = 0.0
    message: str = ""
    version: str = ""
    errors: list[dict] = field(default_factory=list)  # {file, message}: what it could not analyse

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ChecklistItem:
    id: str
    checklist: str
    title: str
    status: str  # pass | fail | warn | not_verified | not_applicable | manual
    evidence: list[dict] = field(default_factory=list)
    section: str = ""
    note: str = ""
    decided_by: list[str] = field(default_factory=list)  # rules, categories, predicate, engine

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ScanResult:
    root: str
    schema_version: str = ""
    tool: dict = field(default_factory=dict)
    engines: list[EngineStatus] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    unresolved_routes: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)
    score: dict = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)  # {file, stage, message}
    skipped: list[dict] = field(default_factory=list)  # {file, reason}
    unused_suppressions: list[dict] = field(default_factory=list)  # {file, line, rule_id}
    files_analyzed: int = 0
    timings: dict = field(default_factory=dict)
    repo_root_prefix: str = ""  # scan root relative to the git top level ("" when equal / no git)
    rules: list[dict] = field(default_factory=list)  # metadata of the rules that ran
    # what the scanned tree's own configuration changed: {file, key, value, effect}
    config_effects: list[dict] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)  # {file, message}: analysed, with a caveat
    # why the verdict may be incomplete (an engine failed, a source file was not analysed):
    # {kind, file?, engine?, message}; `--strict` (the default under CI) fails on any
    incomplete: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.schema_version:
            from auditor import SCHEMA_VERSION, __version__

            self.schema_version = SCHEMA_VERSION
            self.tool = self.tool or {"name": "auditor", "version": __version__}

    @property
    def active_findings(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    def to_dict(self, lists=None) -> dict:
        """`lists(items, make)` builds the two long lists (findings, endpoints): a list by
        default, a stream for the report writer."""
        lists = lists or as_list
        return {
            "schema_version": self.schema_version,
            "tool": self.tool,
            "root": self.root,
            "repo_root_prefix": self.repo_root_prefix,
            "summary": summarize(self),
            "engines": [e.to_dict() for e in self.engines],
            "endpoints": lists(self.endpoints, Endpoint.to_dict),
            "unresolved_routes": self.unresolved_routes,
            "findings": lists(self.findings, Finding.to_dict),
            "checklist": [c.to_dict() for c in self.checklist],
            "score": self.score,
            "errors": self.errors,
            "skipped": self.skipped,
            "unused_suppressions": self.unused_suppressions,
            "config_effects": self.config_effects,
            "notices": self.notices,
            "incomplete": self.incomplete,
            "timings": self.timings,
            "rules": self.rules,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "ScanResult":
        return cls(
            root=d.get("root", "."),
            schema_version=d.get("schema_version", ""),
            tool=d.get("tool", {}),
            engines=[EngineStatus(**e) for e in d.get("engines", [])],
            endpoints=[Endpoint.from_dict(e) for e in d.get("endpoints", [])],
            unresolved_routes=d.get("unresolved_routes", []),
            findings=[Finding.from_dict(f) for f in d.get("findings", [])],
            checklist=[ChecklistItem(**c) for c in d.get("checklist", [])],
            score=d.get("score", {}),
            errors=d.get("errors", []),
            skipped=d.get("skipped", []),
            unused_suppressions=d.get("unused_suppressions", []),
            files_analyzed=d.get("summary", {}).get("files_analyzed", 0),
            timings=d.get("timings", {}),
            repo_root_prefix=d.get("repo_root_prefix", ""),
            rules=d.get("rules", []),
            config_effects=d.get("config_effects", []),
            notices=d.get("notices", []),
            incomplete=d.get("incomplete", []),
        )


def as_list(items, make) -> list:
    """The default `lists` of the document builders: every item's data, in a list."""
    return [make(x) for x in items]


def summarize(result: ScanResult) -> dict:
    by_sev = {s: 0 for s in SEVERITIES}
    for f in result.active_findings:
        by_sev[f.severity] = by_sev.get(f.severity, 0) + 1
    return {
        "files_analyzed": result.files_analyzed,
        "files_skipped": len(result.skipped),
        "files_failed": len({e["file"] for e in result.errors}),
        "findings": len(result.active_findings),
        "suppressed": len(result.findings) - len(result.active_findings),
        "by_severity": by_sev,
        "endpoints": len([e for e in result.endpoints if not e.implicit]),
        "config_effects": len(result.config_effects),
        "complete": not result.incomplete,
    }
