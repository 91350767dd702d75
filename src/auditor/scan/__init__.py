"""The scan: every stage of the flow wired in order, returning one `ScanResult`.

discover -> parse/index/file rules (worker pool, cached) -> graph -> endpoints -> project rules
+ engines -> suppress -> checklist. The CLI only calls `run_scan` and a reporter.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from auditor.config import Config, load_config
from auditor.errors import AuditorError
from auditor.model import Finding, ScanResult


@dataclass
class ScanOptions:
    path: str = "."
    engines: list[str] | None = None  # None: config or all
    jobs: int = 0
    use_cache: bool = True
    baseline: str | None = None
    changed_since: str | None = None
    only_files: list[str] | None = None  # report only these files' findings (pre-commit)
    changed_untracked: bool = True  # untracked files are part of --changed-since's change
    checklists: list[str] = field(default_factory=list)
    osv_url: str | None = None
    offline: bool = False
    config_file: str | None = None
    config_from: str | None = None  # read the configuration from this git revision
    baseline_from: str | None = None  # read --baseline from this git revision
    cache_dir: str | None = None  # --cache-dir (else AUDITOR_CACHE_DIR, else the user cache)
    strict: bool = False
    progress: Callable[[int, int, str], None] | None = None
    need_graph: bool = True
    mode: str = "full"  # per-file work: full (scan) | routes (endpoints) | index (graph)
    keep_facts: bool = False  # a scan drops what only the graph and endpoints read (see below)


class Analysis:
    """Everything the stages produced, for the commands that need more than the result.

    `facts` and `graph` load on first use: a re-run on an unchanged tree answers from the
    snapshot of the native stage and never reads the facts cache or builds the graph unless a
    command (or a checklist item not memoized) asks for them."""

    def __init__(self, result: ScanResult, config: Config, root: Path, facts=None,
                 load_facts: Callable[[], dict] | None = None) -> None:
        self.result = result
        self.config = config
        self.root = root
        self._facts = facts
        self._load_facts = load_facts
        self._graph = None
        self.snapshot: dict | None = None  # the native stage of an unchanged tree
        self.tree_key = ""

    @property
    def facts(self) -> dict[str, dict]:
        if self._facts is None:
            self._facts = self._load_facts() if self._load_facts else {}
        return self._facts

    @property
    def graph(self):
        if self._graph is None:
            from auditor.graph import CallGraph, build_graph

            store = getattr(self, "store", None)
            data = store.load_graph(self.tree_key) if store is not None and self.tree_key else None
            if data is not None:
                self._graph = CallGraph.from_data(data)
            else:
                self._graph = build_graph(self.facts, self.root)
                if store is not None and self.tree_key:
                    store.save_graph(self.tree_key, self._graph.to_data())
        return self._graph

    @graph.setter
    def graph(self, value) -> None:
        self._graph = value


def resolve_root(path: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise AuditorError(f"{path}: no such file or directory")
    if not os.access(p, os.R_OK):
        raise AuditorError(f"{path}: permission denied")
    return p.resolve()


def analyze_tree(opts: ScanOptions) -> Analysis:
    from auditor.discover import discover
    from auditor.scan.cache import FactsCache
    from auditor.scan.pool import TaskPool, default_jobs

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    root = resolve_root(opts.path)
    scan_dir = root if root.is_dir() else root.parent
    config = load_config(scan_dir, opts.config_file, opts.config_from)
    disc = discover(root, config)
    timings["discover"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    errors: list[dict] = []
    sources = [t for t in disc.targets]
    from auditor.scan.analyze import content_hash
    from auditor.scan.cache import CacheDir, SnapshotStore, cache_base, tree_key

    shas: dict[int, str] = {}
    for i, t in enumerate(sources):
        try:
            with open(t.abspath, "rb") as fh:
                shas[i] = content_hash(fh.read())
        except OSError as exc:
            errors.append({"file": t.path, "stage": "read", "message": exc.strerror or str(exc)})
    use_cache = opts.use_cache and root.is_dir()
    key = tree_key(config, [(t.path, shas[i]) for i, t in enumerate(sources) if i in shas],
                   disc.skipped)
    where = CacheDir(cache_base(opts.cache_dir), scan_dir) if use_cache else None
    if where is not None and where.problem:
        errors.append({"file": ".", "stage": "cache", "message": where.problem})
    store = SnapshotStore(where)
    snapshot = store.load(key)
    if snapshot is None and opts.mode == "routes":
        snapshot = store.load_endpoints(key)  # `auditor endpoints` on a tree it has seen
    stats: dict = {}

    def load_facts() -> dict[str, dict]:
        # A command that needs less than a scan (`graph`, `endpoints`) runs less per file and
        # keeps those facts apart; a scan's facts serve it too (a superset).
        by_key = {i: t for i, t in enumerate(sources)}
        done = [0]
        total = len(sources)
        facts: dict[str, dict] = {}
        holder: list = []

        def budget(task) -> float:
            # over the size cap: `parse_timeout` seconds, no more (bounded time; the file is
            # listed in `notices`, or in `skipped` and `incomplete` if it runs out)
            t = by_key[task[0]]
            if t.oversize:
                return max(5.0, config.parse_timeout)
            return max(5.0, config.parse_timeout * t.size / 1_000_000)

        def on_done(k: int, res: dict) -> None:
            t = by_key[k]
            facts[t.path] = res
            if res.get("sha") and not res.get("timed_out"):
                holder[0].put(t.path, res["sha"], res)
            done[0] += 1
            if opts.progress:
                opts.progress(done[0], total, t.path)

        def by_size(tasks: list[tuple]) -> list[tuple]:
            return sorted(tasks, key=lambda task: -by_key[task[0]].size)

        def task(i: int, t) -> tuple:
            return (i, t.path, t.abspath, t.language, opts.mode)

        with TaskPool(opts.jobs or default_jobs(), budget, on_done) as pool:
            # The files the cache surely lacks parse while the cache is read and checked.
            known = [FactsCache.peek(where, opts.mode)]
            if opts.mode != "full":
                known.append(FactsCache.peek(where))
            early = {i for i, t in enumerate(sources)
                     if i in shas and all(k.get(t.path) != shas[i] for k in known)}
            # largest first: the last files to finish are small ones, so no worker idles
            # long at the end while another finishes a big file
            pool.submit(by_size([task(i, t) for i, t in enumerate(sources) if i in early]))
            cache = FactsCache(where, opts.mode)
            holder.append(cache)
            full = cache if opts.mode == "full" else FactsCache(where)
            todo: list[tuple] = []
            for i, t in enumerate(sources):
                if i not in shas or i in early:
                    continue
                hit = cache.get(t.path, shas[i])
                if hit is None and full is not cache:
                    hit = full.get(t.path, shas[i])
                if hit is not None:
                    facts[t.path] = hit
                    done[0] += 1
                else:
                    todo.append(task(i, t))
            pool.submit(by_size(todo))
            pool.drain()
            stats["parsed"] = len(early) + len(todo)
        cache.prune({t.path for t in sources})
        stats["cache_error"] = cache.save()
        # in discovery order, not the workers' (the project rules read the facts in this order:
        # which of two guards a message names changed from run to run)
        return {t.path: facts[t.path] for t in sources if t.path in facts}

    graph_only = not opts.need_graph and snapshot is None and store.load_graph(key) is not None
    if snapshot is not None or graph_only:
        # answered from the snapshots: the facts load only if something asks for them
        facts = None
        timings["files_parsed"] = 0
        timings["files_cached"] = len(sources)
        skipped = list(snapshot["skipped"]) if snapshot else list(disc.skipped)
        errors = list(snapshot["errors"]) if snapshot else errors
    else:
        snapshot = None
        facts = load_facts()
        timings["files_parsed"] = stats.get("parsed", 0)
        timings["files_cached"] = len(sources) - stats.get("parsed", 0)
        skipped = list(disc.skipped)
        for path, fx in facts.items():
            for e in fx.get("errors", []):
                if fx.get("timed_out"):
                    skipped.append({"file": path, "reason": e["message"]})
                else:
                    errors.append({"file": path, "stage": e["stage"], "message": e["message"]})
        if stats.get("cache_error") and not (where is not None and where.problem):
            errors.append({"file": ".", "stage": "cache", "message": stats["cache_error"]})
    timings["parse_index"] = time.perf_counter() - t1

    # The root as the user named it (reports committed to a repo must not carry this machine's
    # absolute paths); absolute only when it was given so.
    given = Path(os.path.normpath(opts.path))
    shown = given if given.is_absolute() or root.is_dir() else given.parent
    result = ScanResult(root=shown.as_posix() or ".")
    result.skipped = sorted(skipped, key=lambda s: s["file"])
    result.errors = sorted(errors, key=lambda e: (e["file"], e["stage"]))
    result.files_analyzed = snapshot["files_analyzed"] if snapshot is not None else \
        len(sources) if facts is None else sum(1 for fx in facts.values() if not fx.get("timed_out"))
    if disc.git_top:
        try:
            prefix = scan_dir.relative_to(disc.git_top.resolve()).as_posix()
            result.repo_root_prefix = "" if prefix == "." else prefix
        except ValueError:
            result.repo_root_prefix = ""
    result.timings = timings
    result.config_effects = list(config.effects) + ignore_effects(disc.skipped)
    result.notices = sorted(snapshot.get("notices", []) if snapshot is not None else
                            file_notices(disc.targets, facts, config), key=lambda n: n["file"])
    analysis = Analysis(result=result, config=config, root=scan_dir, facts=facts,
                        load_facts=load_facts)
    analysis.tree_key = key
    analysis.snapshot = snapshot
    analysis.store = store

    if snapshot is not None:
        from auditor.model import Endpoint

        result.endpoints = [Endpoint.from_dict(e) for e in snapshot["endpoints"]]
        result.unresolved_routes = snapshot["unresolved_routes"]
    elif opts.need_graph:
        t2 = time.perf_counter()
        stage(opts, "call graph")
        from auditor.graph import build_graph

        analysis.graph = build_graph(facts, scan_dir, GraphParts(store))
        if opts.mode == "full" and not opts.keep_facts:
            release_call_exprs(facts)
        if store.directory is not None:  # for `auditor graph` on this tree
            store.save_graph(key, analysis.graph.to_data())
        timings["graph"] = time.perf_counter() - t2
        t3 = time.perf_counter()
        stage(opts, "endpoints")
        from auditor.endpoints import find_endpoints

        # (the resolvers go once they served the handler lookups, before the traces)
        endpoints, unresolved = find_endpoints(analysis.graph, facts, config, release=True)
        if opts.mode == "full" and not opts.keep_facts:
            release_graph_facts(facts)
        result.endpoints = endpoints
        result.unresolved_routes = unresolved
        timings["endpoints"] = time.perf_counter() - t3
        if opts.mode == "routes":
            store.save_endpoints(key, {"endpoints": [e.to_dict() for e in endpoints],
                                       "unresolved_routes": unresolved, "errors": result.errors,
                                       "skipped": result.skipped, "notices": result.notices,
                                       "files_analyzed": result.files_analyzed})
    return analysis


# Skips that leave a source file's content unread: a defect in it could be anywhere. (Skips by
# design, such as .gitignore, excludes, symlinks and minified bundles, are listed, not failed.)
_CONTENT_SKIPS = ("larger than the size cap", "binary content", "unreadable", "time budget")


def incompleteness(result: ScanResult, requested: list[str] | None = None) -> list[dict]:
    """Why this verdict may be missing findings; `--strict` fails on any entry, so that a failed
    or partial engine or a file padded past every limit cannot turn the gate green.

    `requested`: the engines the user named (a selection short of all of them); one of them that
    is not installed is an entry too. With the default selection a missing engine is only
    reported skipped: a native-only install scans without failing."""
    from auditor.discover import SOURCE_EXTENSIONS
    from auditor.engines.tools import is_not_installed
    from pathlib import PurePosixPath

    out: list[dict] = []
    for e in result.engines:
        if e.status == "failed":
            out.append({"kind": "engine", "engine": e.name,
                        "message": f"engine {e.name} failed: {e.message or 'no reason given'}"})
        elif e.status == "partial":
            files = [x["file"] for x in e.errors if x.get("file")]
            what = (f"{len(files)} file{'' if len(files) == 1 else 's'} not analysed by it: "
                    + ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
                    if files else e.message or "it reported errors")
            out.append({"kind": "engine", "engine": e.name,
                        "message": f"engine {e.name} partial: {what}"})
        elif requested and e.name in requested and is_not_installed(e):
            out.append({"kind": "engine", "engine": e.name,
                        "message": f"engine {e.name} was requested but {e.message}"})
    for s in result.skipped:
        if PurePosixPath(s["file"]).suffix.lower() in SOURCE_EXTENSIONS and \
                s["reason"].startswith(_CONTENT_SKIPS):
            out.append({"kind": "file", "file": s["file"],
                        "message": f"{s['file']} not analysed: {s['reason']}"})
    for e in result.errors:
        if e.get("stage") in ("worker", "read"):
            out.append({"kind": "file", "file": e["file"],
                        "message": f"{e['file']} not analysed: {e['message']}"})
    sources = [s for s in result.skipped
               if PurePosixPath(s["file"]).suffix.lower() in SOURCE_EXTENSIONS]
    if result.files_analyzed == 0 and (sources or result.errors):
        out.append({"kind": "nothing-analysed",
                    "message": "no file could be analysed"})
    return out


def ignore_effects(skipped: list[dict]) -> list[dict]:
    """`.auditorignore` is configuration of the tree too: what it left out, in one entry."""
    ignored = [s["file"] for s in skipped if s["reason"] == "ignored by .auditorignore"]
    if not ignored:
        return []
    shown = ", ".join(ignored[:5]) + (f" and {len(ignored) - 5} more" if len(ignored) > 5 else "")
    return [{"file": ".auditorignore", "key": "patterns", "value": len(ignored),
             "effect": f"{len(ignored)} files not analysed: {shown}"}]


def file_notices(targets, facts: dict | None, config: Config) -> list[dict]:
    """Files analysed with a caveat: over the size cap, or read differently from plain UTF-8."""
    out: list[dict] = []
    for t in targets:
        fx = (facts or {}).get(t.path)
        if t.oversize and not (fx and fx.get("timed_out")):
            out.append({"file": t.path, "message": f"over the size cap ({t.size} > "
                        f"{config.max_file_size} bytes): analysed under a {max(5.0, config.parse_timeout):g} s "
                        "time budget"})
        for note in ((fx or {}).get("extra") or {}).get("notices", ()):
            out.append({"file": t.path, "message": note})
    return out


# Facts only the call graph and the endpoints stage read. A scan drops them once the endpoints
# are found: the project rules, the checklist, the engines and the reports never read them, and
# on a million-line tree they are a quarter of the facts, room the project rules then reuse.
GRAPH_FACTS = ("routes", "returns", "classes", "imports", "comments")
GRAPH_EXTRA = ("implicit_calls", "exports", "objects", "jsx")


# ... except what a project rule reads: Python's imports and classes (startup-integrity; 2% of
# the facts).
KEPT_FOR_RULES = {"python": ("imports", "classes")}


def release_call_exprs(facts: dict[str, dict]) -> None:
    """Each call's parsed callee expression (`fn`) serves the call-graph resolvers only: once
    the graph is built it goes, before the endpoints stage allocates its own tables (~35 MB of
    a million-line tree's peak)."""
    for fx in facts.values():
        for c in fx.get("calls") or ():
            if "fn" in c:
                del c["fn"]


def release_graph_facts(facts: dict[str, dict]) -> None:
    from auditor.checklist.evidence import imports_http_client
    from auditor.checklist.predicates import store_libraries

    for fx in facts.values():
        kept = KEPT_FOR_RULES.get(fx.get("language", ""), ())
        if fx.get("language") == "go" and fx.get("classes"):
            # what the SQL rule reads of Go's types (whether a parameter's type or field can
            # hold text): name -> [kind, {field: type}], without positions and methods
            fx.setdefault("extra", {})["go_types"] = {
                c.get("name"): [c.get("kind"), c.get("fields") or {}] for c in fx["classes"]}
        if fx.get("imports") and "imports" not in kept:
            # what the checklist reads of a file's imports: a store's or an HTTP client
            fx["store_libs"] = store_libraries(fx)
            fx["http_lib"] = imports_http_client(fx)
        for k in GRAPH_FACTS:
            if fx.get(k) and k not in kept:
                fx[k] = []
        extra = fx.get("extra")
        if extra:
            for k in GRAPH_EXTRA:
                extra.pop(k, None)


ALL_ENGINES = ["native", "semgrep", "bandit", "dependencies"]


def run_scan(opts: ScanOptions) -> Analysis:
    from auditor.engines import start_after_discovery

    all_engines = list(ALL_ENGINES)
    early = start_after_discovery(opts, all_engines)  # external engines run while we parse
    try:
        return _run_scan(opts, early)
    finally:
        # an error or an interrupt (SIGINT, or SIGTERM turned into one by the CLI) anywhere:
        # no engine process outlives the scan (a no-op once the engines were collected)
        if early is not None:
            early.cancel()


class GraphParts:
    """The per-language parts of the call graph in the snapshot store (build_graph's `parts`)."""

    def __init__(self, store) -> None:
        from auditor.scan.cache import cache_key

        self.store = store
        self.salt = cache_key()

    def load(self, lang: str, key: str):
        return self.store.load_graph_part(lang, key) if self.store.directory is not None else None

    def save(self, lang: str, key: str, data: dict) -> None:
        if self.store.directory is not None:
            self.store.save_graph_part(lang, key, data)


def stage(opts: ScanOptions, name: str) -> None:
    """Tell the progress display which stage runs (the parse bar would otherwise sit at its
    end while the graph, the rules and the engines work)."""
    show = getattr(opts.progress, "stage", None)
    if show is not None:
        show(name)


def _run_scan(opts: ScanOptions, early) -> Analysis:
    from auditor.engines import run_engines
    from auditor.scan.findings import attach_endpoints, finalize_findings, mark_unreachable

    analysis = analyze_tree(opts)
    result, config = analysis.result, analysis.config
    timings = result.timings
    engines = opts.engines or config.engines or list(ALL_ENGINES)
    # named by the user (--engines or the configuration) short of the default, all of them
    requested = engines if set(engines) < set(ALL_ENGINES) else None

    findings: list[Finding] = []
    t = time.perf_counter()
    if "native" in engines:
        if analysis.snapshot is not None:
            findings = [Finding.from_dict(d) for d in analysis.snapshot["native_findings"]]
            result.errors.extend(analysis.snapshot["project_errors"])
        else:
            from auditor.index.packed import unpack

            for path, fx in analysis.facts.items():
                for d in unpack(fx.get("findings")) or ():
                    findings.append(Finding.from_dict(d))
            from auditor.checks.project import drop_relayed, run_project_rules

            stage(opts, "project rules")
            pf, perrors = run_project_rules(analysis)
            findings.extend(pf)
            findings = drop_relayed(findings, pf)
            result.errors.extend(perrors)
            if analysis.store.directory is not None:  # (--no-cache: nowhere to keep it)
                analysis.snapshot = native_snapshot(analysis, findings, perrors)
                analysis.store.save(analysis.tree_key, analysis.snapshot)
    timings["native_rules"] = time.perf_counter() - t
    native_seconds = timings["native_rules"] + timings.get("parse_index", 0) + timings.get("graph", 0)

    from auditor.model import EngineStatus

    statuses = [EngineStatus("native", "ok" if "native" in engines else "skipped",
                             findings=len(findings), seconds=round(native_seconds, 3),
                             message="" if "native" in engines else "not selected")]
    t = time.perf_counter()
    others = [e for e in engines if e != "native"]
    if others:
        stage(opts, "engines: " + ", ".join(others))
    ext_findings, ext_status = (early.collect() if early is not None
                                else run_engines(analysis, engines, opts))
    timings["engines"] = time.perf_counter() - t
    statuses.extend(ext_status)
    findings.extend(ext_findings)
    result.engines = statuses

    t = time.perf_counter()
    findings = finalize_findings(analysis, findings, opts)
    findings = attach_endpoints(analysis, findings)
    findings = mark_unreachable(analysis, findings)
    result.findings = findings
    timings["findings"] = time.perf_counter() - t

    result.rules = [m for m in rule_metadata(analysis) if m["id"] not in config.disable]
    result.incomplete = incompleteness(result, requested)
    from auditor.checklist import evaluate_checklists

    t = time.perf_counter()
    stage(opts, "checklist")
    memo_key = checklist_key(analysis, opts.checklists)
    memo = (analysis.snapshot or {}).get("checklists", {}).get(memo_key)
    if memo is not None:
        from auditor.model import ChecklistItem

        result.checklist = [ChecklistItem(**c) for c in memo["checklist"]]
        result.score = memo["score"]
    else:
        result.checklist, result.score = evaluate_checklists(analysis, opts.checklists)
        if analysis.snapshot is not None and "native" in engines:
            memos = analysis.snapshot.setdefault("checklists", {})
            memos.clear()  # keep the latest evaluation only
            memos[memo_key] = {"checklist": [c.to_dict() for c in result.checklist],
                               "score": result.score}
            analysis.store.save(analysis.tree_key, analysis.snapshot)
    timings["checklist"] = time.perf_counter() - t
    timings["total"] = sum(v for k, v in timings.items() if isinstance(v, float) and k != "total")
    result.timings = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in timings.items()}
    return analysis


def dead_spans_of(analysis: Analysis) -> dict:
    from auditor.scan.findings import dead_spans_of as compute

    return compute(analysis)


def native_snapshot(analysis: Analysis, findings: list[Finding], project_errors: list[dict]) -> dict:
    """What a re-run on the same tree needs of the native stage, without the facts: findings,
    endpoints, errors, skipped files, and the few per-file facts later stages read
    (suppression directives, safe SQL lines, spans of the functions on endpoint traces)."""
    from auditor.scan.findings import chain_spans

    facts = analysis.facts
    result = analysis.result
    spans = {path: [list(sp) for sp in items] for path, items in chain_spans(analysis).items()}
    return {
        "native_findings": [f.to_dict() for f in findings],
        "project_errors": project_errors,
        "endpoints": [e.to_dict() for e in result.endpoints],
        "unresolved_routes": result.unresolved_routes,
        "errors": [e for e in result.errors if e not in project_errors],
        "skipped": result.skipped,
        "notices": result.notices,
        "files_analyzed": result.files_analyzed,
        "suppressions": {p: fx["suppressions"] for p, fx in facts.items() if fx.get("suppressions")},
        "safe_sql_lines": {p: fx["extra"]["safe_sql_lines"] for p, fx in facts.items()
                           if (fx.get("extra") or {}).get("safe_sql_lines")},
        "spans": spans,
        "dead_spans": dead_spans_of(analysis),
        "checklists": {},
        "rules": rule_metadata(analysis),
    }


def rule_metadata(analysis: Analysis) -> list[dict]:
    """Every rule's metadata; a re-run takes it from the snapshot (the snapshot's key holds
    auditor's own code), so that it need not import and compile every rule module."""
    cached = (analysis.snapshot or {}).get("rules")
    if cached is not None:
        return cached
    from auditor.checks.registry import all_rules

    return [r.metadata() for r in all_rules()]


def checklist_key(analysis: Analysis, checklists: list[str]) -> str:
    """The checklist depends on the tree (the snapshot's key), the findings of every engine and
    their suppression, the engines' statuses and the selection."""
    import hashlib
    import json

    r = analysis.result
    doc = [analysis.tree_key, sorted(checklists or []),
           sorted((f.fingerprint, f.rule_id, f.severity, f.suppressed or "", f.critical_path)
                  for f in r.findings),
           sorted((e.name, e.status) for e in r.engines)]
    return hashlib.sha256(json.dumps(doc, default=str).encode()).hexdigest()
