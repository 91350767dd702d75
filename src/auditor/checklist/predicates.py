"""Graph and code predicates that decide checklist items the findings alone cannot.

Each predicate is `fn(ctx, **args) -> (status, evidence)`; evidence entries are
{file, line, text} (or {text}) so that every status can be clicked through. A predicate that
finds nothing to judge (no endpoint, no matching call) answers `not_verified`, never `pass`.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from auditor.checks.base import is_test_path
from auditor.checks.impl import NON_PRODUCTION, cors_preflight, is_static_endpoint


class PredicateContext:
    def __init__(self, analysis) -> None:
        self.analysis = analysis
        self.result = analysis.result
        self.facts = analysis.facts
        self.graph = analysis.graph
        self.root = Path(analysis.root)

    @property
    def endpoints(self):
        return [e for e in self.result.endpoints if not e.implicit]


def _ep_evidence(e, text: str) -> dict:
    return {"file": e.registered_at.get("file", ""), "line": e.registered_at.get("line", 0),
            "endpoint": e.key, "text": text}


def _no_endpoints() -> tuple[str, list]:
    return "not_verified", [{"text": "no endpoints were found, so this cannot be decided from the code"}]


def all_endpoints_reach_service(ctx, service: bool = False) -> tuple[str, list]:
    """Every endpoint reaches a service or its data: decided endpoint by endpoint the way the
    endpoint-without-data rule decides (a handler that queries its ORM itself reaches its data;
    one whose state is a session, files or another service is not a stub either). With
    `service` (a layered checklist's "all handlers traced to services"), a handler that reaches
    its store without a service (a handler-bypasses-service finding) fails the item too."""
    from auditor.checks.impl import impl_context
    from auditor.checks.rules.endpoint_without_data import reaches_data, touches_no_data

    eps = ctx.endpoints
    if not eps:
        return _no_endpoints()
    bad = [e for e in eps if not reaches_data(e) and not is_static_endpoint(e)]
    preflight = [e for e in bad if cors_preflight(e)]
    exempt = [_ep_evidence(e, f"{e.key}: a CORS preflight answered by {cors_preflight(e)} alone "
                              "carries no data by design (exempt)") for e in preflight[:20]]
    if bad:
        ic = impl_context(ctx)
        bad = [e for e in bad if touches_no_data(ic, e)]
    evidence = [_ep_evidence(e, f"{e.key}: handler {e.handler.get('name', '?')} reaches no "
                                "service, repository or data store") for e in bad[:100]]
    if service:
        # (each such handler is a handler-bypasses-service finding, listed with the item; the
        # findings of a low severity alone would make it a warning)
        direct = [f for f in ctx.result.findings
                  if f.rule_id == "handler-bypasses-service" and not f.suppressed]
        if direct:
            evidence.append({"text": f"{len(direct)} handler{'s' if len(direct) > 1 else ''} "
                                     "reach their data without a service"})
    if evidence:
        return "fail", evidence + exempt
    return "pass", [{"text": f"{len(eps)} endpoints; every non-static handler reaches a service "
                             "or its data"}] + exempt


_MODULE_LANGS = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".py")


def _module_layer(n, layer: str) -> bool:
    """A plain function of a JS/TS or Python module that the layer's folder or file name places
    in that layer (`src/services/user.service.js` exporting `createUser`): in those languages the
    module is the service or repository object, its functions are its methods."""
    from auditor.endpoints.trace import REPO_DIR, SERVICE_DIR

    rx = SERVICE_DIR if layer == "service" else REPO_DIR if layer == "repository" else None
    return rx is not None and _module_function(n.name, n.file) and bool(rx.search(n.file))


def _module_function(name: str, file: str) -> bool:
    """A named function defined at the top level of a JS/TS or Python module (not a callback,
    not a function inside a class or another function)."""
    if not file.endswith(_MODULE_LANGS):
        return False
    stem = file.rsplit(".", 1)[0]
    rest = name[len(stem) + 1:] if name.startswith(stem + ".") else \
        name[len(stem.replace("/", ".")) + 1:] if name.startswith(stem.replace("/", ".") + ".") \
        else ""
    return bool(rest) and "." not in rest and "<" not in rest


def _layer_nodes(ctx, layer: str) -> dict[str, object]:
    """Methods of the layer's types on endpoint traces, and the functions of JS/TS and Python
    modules that the layer's folder holds (other plain helper functions are not services or
    repositories)."""
    g = ctx.graph
    nodes = {}
    for e in ctx.endpoints:
        for n in e.chain:
            kind = g.g.nodes[n.name].get("kind") if g is not None and n.name in g.g else None
            if n.layer == layer and (kind is None or kind == "method"
                                     or kind == "function" and _module_layer(n, layer)):
                nodes.setdefault(n.name, n)
    return nodes


def _owner(ctx, name: str) -> str:
    """The type a method belongs to; a function of a JS/TS or Python service or repository
    module belongs to its module; another plain function stands for itself."""
    g = ctx.graph
    d = g.g.nodes[name] if g is not None and name in g.g else {}
    kind = d.get("kind", "")
    if kind == "method":
        return name.rsplit(".", 1)[0]
    file = d.get("file", "")
    if kind == "function" and _module_function(name, file):
        from auditor.endpoints.trace import REPO_DIR, SERVICE_DIR

        if SERVICE_DIR.search(file) or REPO_DIR.search(file):
            return file.rsplit(".", 1)[0]
    return name


def _reaches_layer(ctx, start: str, layer: str, layers: dict[str, str]) -> bool:
    g = ctx.graph
    if g is None or start not in g.g:
        return False
    return any(layers.get(n) == layer for n in g.reachable(start)[1:])


def _runs_data_call(ctx, n, sites: dict[str, list[int]]) -> bool:
    """Whether method `n` itself calls a database, cache or store (a Redis wrapper, a service
    using its ORM session directly): it reaches its data without a repository type."""
    g = ctx.graph
    d = g.g.nodes[n.name] if g is not None and n.name in g.g else {}
    start, end = d.get("line", n.line), d.get("end_line", 0) or d.get("line", n.line)
    return any(start <= ln <= end for ln in sites.get(n.file, ()))


def _api_client(ctx, file: str) -> bool:
    """Whether `file` makes an outbound HTTP request (a call the SSRF evidence reads as one): a
    service there that calls an external API (an OAuth provider's token endpoint, a payment
    API) reaches its backend, not a repository."""
    from auditor.checklist.evidence import _url_arg, imports_http_client

    fx = (ctx.facts or {}).get(file) or {}
    lib = fx["http_lib"] if "http_lib" in fx else imports_http_client(fx)
    lang = fx.get("language", "")
    return any(isinstance(_url_arg(lang, c, lib), dict) for c in fx.get("calls") or ())


def _store_client(ctx, file: str) -> bool:
    """Whether `file` imports a data library (redis, SQLAlchemy, pgx...): a type defined there
    holds its store's client (a cache wrapper) and is an adapter to it, not a service missing its
    repository."""
    fx = (ctx.facts or {}).get(file) or {}
    return bool(fx["store_libs"] if "store_libs" in fx else store_libraries(fx))


_LIB_OF: dict[tuple[str, str, str], str] = {}


def store_libraries(fx: dict) -> list[str]:
    """The data libraries a file's facts import (kept when a scan drops the imports)."""
    from auditor.endpoints.data_access import _lang, _lib_of_module

    lang = _lang(fx.get("language", ""))
    out = []
    for imp in fx.get("imports") or ():
        key = (lang, imp.get("target") or "", imp.get("name") or "")
        if key not in _LIB_OF:
            lib = _lib_of_module(lang, key[1], key[2] or None)
            _LIB_OF[key] = lib.name if lib is not None else ""
        if _LIB_OF[key]:
            out.append(_LIB_OF[key])
    return sorted(set(out))


def all_services_reach_repository(ctx) -> tuple[str, list]:
    if not ctx.endpoints:
        return _no_endpoints()
    layers = {n.name: n.layer for e in ctx.endpoints for n in e.chain}
    services = _layer_nodes(ctx, "service")
    from auditor.endpoints.trace import SERVICE_DIR

    in_dirs = {k: n for k, n in services.items() if SERVICE_DIR.search(n.file)}
    if in_dirs:  # the application-service layer, not infrastructure helpers named *Service
        services = in_dirs
    if not services:
        return "not_verified", [{"text": "no service-layer functions on any endpoint's trace"}]
    # A service type passes when any of its methods on a trace reaches a repository.
    by_type: dict[str, list] = {}
    for name, n in services.items():
        by_type.setdefault(_owner(ctx, name), []).append(n)
    bad = []
    sites: dict[str, list[int]] = {}  # file -> lines of the data calls on endpoint traces
    for e in ctx.endpoints:
        for d in e.data_sites:
            sites.setdefault(d["file"], []).append(d["line"])
    adapters = []
    for typ, nodes in sorted(by_type.items()):
        if not any(_reaches_layer(ctx, n.name, "repository", layers) or
                   _runs_data_call(ctx, n, sites) or _store_client(ctx, n.file) for n in nodes):
            n = nodes[0]
            client = _external_client(ctx, n.file)
            if client:  # a mail or HTTP adapter: its data lives in the system it calls
                adapters.append({"file": n.file, "line": n.line, "text": f"{typ}: a client of "
                                 f"an external system ({client}), not a data service (exempt)"})
                continue
            if _UTILITY_DIR.search(n.file):
                adapters.append({"file": n.file, "line": n.line, "text": f"{typ}: a shared "
                                 "utility or health service, not a data service (exempt)"})
                continue
            bad.append({"file": n.file, "line": n.line, "text": f"{typ}: no method on an endpoint's "
                        "trace reaches a repository"})
    judged = len(by_type) - len(adapters)
    if bad:
        return "warn" if len(bad) * 5 < judged else "fail", bad + adapters
    if not judged:
        return "not_verified", [{"text": "the services on endpoint traces are all clients of "
                                          "external systems"}] + adapters
    return "pass", [{"text": f"{judged} services on endpoint traces all reach a repository or a "
                             "store"}] + adapters


# Folders of utilities every module shares (a code generator, translations, a validator) and of
# health indicators: services by name, with no data of their own to reach
_UTILITY_DIR = re.compile(r"(?i)(^|/)(shared|common|utils?|helpers?|health[-_\w]*)/")


def _external_client(ctx, file: str) -> str:
    """What a service file talks to instead of a store: a mail transport (nodemailer, smtplib,
    SendGrid...) or an external API it sends HTTP requests to; '' when neither."""
    from auditor.checklist.evidence import FEATURES

    fx = (ctx.facts or {}).get(file) or {}
    for c in fx.get("calls") or ():
        if FEATURES["email"].search(c.get("callee") or ""):
            return "mail"
    for imp in fx.get("imports") or ():
        if FEATURES["email"].search(imp.get("target") or ""):
            return "mail"
    if _api_client(ctx, file):  # a request it makes, not an import (Go's net/http serves too)
        return "HTTP"
    return ""


_NOT_A_REPOSITORY = re.compile(r"(Mapper|Serializer|Converter|Transformer|Dto|DTO|Presenter|"
                               r"Validator)$")


def _fluent_setters(ctx, nodes) -> bool:
    """Whether every method of a type on the traces is declared to return the type itself
    (`func (p *Params) WithPage(n int) *Params`, `def limit(self, n) -> Self`, TS `: this`): a
    parameter or option builder beside the repositories, which sets its own fields and queries
    nothing. A repository's query methods return records, counts or errors."""
    for n in nodes:
        fx = (ctx.facts or {}).get(n.file) or {}
        fn = next((f for f in fx.get("functions") or () if f.get("line") == n.line
                   and f.get("kind") == "method"), None)
        if fn is None or not fn.get("cls"):
            return False
        cls = fn["cls"]
        returns = [r if isinstance(r, str) else "" for r in fn.get("returns") or ()]
        own = {cls, f"*{cls}", f"'{cls}'", f'"{cls}"', "Self", "typing.Self", "this"}
        if not returns or any(r.strip() not in own for r in returns):
            return False
    return bool(nodes)


def all_repositories_reach_sql(ctx) -> tuple[str, list]:
    if not ctx.endpoints:
        return _no_endpoints()
    # a query is any call into a store on the traces: SQL, an ORM, a document database
    # (Mongoose, the Mongo driver), a key-value store
    sql_sites: dict[str, set[int]] = {}
    for e in ctx.endpoints:
        for s in (*e.sql_sites, *e.data_sites):
            sql_sites.setdefault(s["file"], set()).add(s["line"])
    sql_files = set(sql_sites)
    repos = _layer_nodes(ctx, "repository")
    if not repos:
        return "not_verified", [{"text": "no repository-layer functions on any endpoint's trace"}]
    by_type: dict[str, list] = {}
    for name, n in repos.items():
        by_type.setdefault(_owner(ctx, name), []).append(n)
    # a mapper or serializer beside the repositories converts records, it queries nothing
    helpers = sorted(t for t, nodes in by_type.items()
                     if (_NOT_A_REPOSITORY.search(t) or _fluent_setters(ctx, nodes))
                     and not any(n.file in sql_files for n in nodes))
    for t in helpers:
        del by_type[t]
    if not by_type:
        return "not_verified", [{"text": f"no repository type on any endpoint's trace (only "
                                         f"{len(helpers)} mappers or serializers (or parameter builders))"}]
    bad = []
    through: dict[str, tuple[str, int, str]] = {}
    for typ, nodes in sorted(by_type.items()):
        if not any(n.file in sql_files for n in nodes):
            via = next((q for q in (_reached_query(ctx, n, sql_sites) for n in nodes) if q), None)
            if via is not None:  # its query runs in what it calls (a generated ORM client)
                through[typ] = via
                continue
            n = nodes[0]
            bad.append({"file": n.file, "line": n.line,
                        "text": f"{typ}: no query (SQL, ORM or document store) found on any trace"})
    if bad:
        return "fail", bad
    ev = [{"text": f"{len(by_type)} repositories on endpoint traces run real queries (SQL, ORM "
                   "or document store)" + (f"; {len(helpers)} mappers or serializers (or parameter "
                                           "builders) beside them are not repositories"
                                           if helpers else "")}]
    g = ctx.graph
    from auditor.endpoints.trace import layer_of

    # the repositories the code names as such first, then the functions that are repositories
    # because they run the queries (an ORM's generated query types)
    def named_first(kv):
        return (not any(layer_of(n.name, n.file) == "repository" for n in kv[1]), kv[0])

    for typ, nodes in sorted(by_type.items(), key=named_first)[:30]:
        # the query lines inside the type's methods on the traces, else in their file
        inside: set[tuple[str, int]] = set()
        for n in nodes:
            d = g.g.nodes[n.name] if g is not None and n.name in g.g else {}
            lo, hi = d.get("line", n.line), d.get("end_line", 0) or d.get("line", n.line)
            inside.update((n.file, ln) for ln in sql_sites.get(n.file, ()) if lo <= ln <= hi)
        if not inside and typ in through:
            f, ln, fn = through[typ]
            ev.append({"file": f, "line": ln, "text": f"{typ}: queries through {fn} at {f}:{ln}"})
            continue
        if not inside:
            f = sorted(n.file for n in nodes if n.file in sql_files)[0]
            inside = {(f, ln) for ln in sql_sites[f]}
        sites = sorted(inside)
        ev.append({"file": sites[0][0], "line": sites[0][1],
                   "text": f"{typ}: queries at " + ", ".join(f"{f}:{ln}" for f, ln in sites[:4])
                           + (f" ({len(sites)} sites)" if len(sites) > 4 else "")})
    return "pass", ev


def _reached_query(ctx, n, sql_sites: dict[str, set[int]]) -> tuple[str, int, str] | None:
    """(file, line, function) of a query site inside a function that repository method `n`
    calls, directly or not: `r.db.User.Query().Where(...).All(ctx)` runs its SQL in ent's
    generated UserQuery.All, not in the repository's file."""
    g = ctx.graph
    if g is None or n.name not in g.g:
        return None
    for m in g.reachable(n.name)[1:]:
        d = g.g.nodes[m]
        f = d.get("file", "")
        lines = sql_sites.get(f)
        if not lines:
            continue
        lo, hi = d.get("line", 0), d.get("end_line", 0) or d.get("line", 0)
        inside = sorted(ln for ln in lines if lo <= ln <= hi)
        if inside:
            return f, inside[0], m.rsplit("/", 1)[-1]
    return None


def endpoints_reach_sql(ctx, path: str) -> tuple[str, list]:
    rx = re.compile(path)
    eps = [e for e in ctx.endpoints if rx.search(e.path)]
    if not eps:
        return "not_verified", [{"text": f"no endpoint path matches {path}"}]
    bad = [e for e in eps if not e.reaches_sql]
    if bad:
        return "fail", [_ep_evidence(e, f"{e.key} reaches no SQL query") for e in bad]
    return "pass", [_ep_evidence(e, f"{e.key} reaches SQL at " + ", ".join(
        f"{s['file']}:{s['line']}" for s in e.sql_sites[:2])) for e in eps[:20]]


def endpoint_group(ctx, path: str, expected: int | None = None) -> tuple[str, list]:
    """An endpoint group is audited when each of its endpoints is traced to real data and none
    carries a high or critical finding."""
    rx = re.compile(path)
    eps = [e for e in ctx.endpoints if rx.search(e.path)]
    if not eps:
        return "not_verified", [{"text": f"no endpoint path matches {path}"}]
    findings, fake = {}, set()
    for f in ctx.result.findings:
        if not f.suppressed and f.severity in ("critical", "high"):
            for k in f.endpoints:
                findings.setdefault(k, []).append(f)
        if not f.suppressed and f.category in ("hardcoded-return", "mock-data") and \
                f.severity not in ("info", "low"):
            fake.update(f.endpoints)
    evidence, status = [], "pass"
    for e in eps:
        problems = []
        if not (e.reaches_service or e.reaches_sql):
            problems.append("not traced to a service")
        if e.hardcoded_response and e.key in fake:
            problems.append("answers hardcoded data")
        elif e.hardcoded_response:
            # a fixed catalog (capability types from named constants) no rule judged fake
            evidence.append(_ep_evidence(e, f"{e.key}: answers a fixed literal that no "
                                            "real-implementation rule judged fake"))
        if findings.get(e.key):
            problems.append(f"{len(findings[e.key])} high/critical findings")
        if problems:
            status = "fail"
        evidence.append(_ep_evidence(e, f"{e.key}: " + ("; ".join(problems) if problems else
                                                         "traced" + (" to SQL" if e.reaches_sql else ""))))
    if status == "pass" and expected is not None and len(eps) != expected:
        status = "warn"
        evidence.insert(0, {"text": f"{len(eps)} endpoints found where the checklist counts {expected}"})
    else:
        evidence.insert(0, {"text": f"{len(eps)} endpoints" + (f" (checklist counts {expected})"
                                                              if expected is not None else "")})
    return status, evidence


def endpoints_exist(ctx, paths: list[str], methods: list[str] | None = None) -> tuple[str, list]:
    found, missing = [], []
    for p in paths:
        rx = re.compile(p)
        hits = [e for e in ctx.result.endpoints if rx.search(e.path)
                and (not methods or e.method in methods)]
        if hits:
            found.append(_ep_evidence(hits[0], f"{hits[0].key} exists"))
        else:
            missing.append({"text": f"no endpoint matches {p}"})
    if missing:
        return ("warn" if found else "fail"), found + missing
    return "pass", found


def _callees(ctx) -> dict[str, list[tuple[str, int]]]:
    """Each distinct callee text of production code with its call sites, built once per scan:
    the predicates match their patterns against distinct texts, not against every call."""
    cached = getattr(ctx, "_callees", None)
    if cached is None:
        cached, args = {}, {}
        for path in sorted(ctx.facts):  # (in path order: the evidence is the same each run)
            fx = ctx.facts[path]
            if is_test_path(path):
                continue
            for c in fx.get("calls", []):
                cached.setdefault(c.get("callee", ""), []).append((path, c["line"]))
                for a in c.get("args") or ():
                    if isinstance(a, dict) and a.get("kind") in ("name", "attr"):
                        args.setdefault(a.get("text", ""), []).append((path, c["line"]))
        ctx._callees, ctx._arg_names = cached, args
    return cached


def _arg_names(ctx) -> dict[str, list[tuple[str, int]]]:
    """Names passed as arguments (`app.add_middleware(CORSMiddleware, ...)`), with sites."""
    _callees(ctx)
    return ctx._arg_names


def _matching(ctx, rxs, in_args: bool = False) -> list[tuple[str, int, str]]:
    """Call sites whose callee text matches one of `rxs` (one alternation, so each callee is
    searched once however many patterns an item names)."""
    out = []
    index = _callees(ctx)
    if in_args:
        index = {k: list(v) for k, v in index.items()}
        for name, sites in _arg_names(ctx).items():
            index.setdefault(name, []).extend(sites)
    if not rxs:
        return out
    search = _alternation(tuple((r.pattern, r.flags) for r in rxs)).search
    for callee, sites in index.items():
        if search(callee):
            out.extend((path, line, callee) for path, line in sites)
    rank = _evidence_rank(ctx)
    return sorted(out, key=lambda o: (rank(o[0]), o))


# Code that runs beside the service, not in it: setup and install scripts, seeders, CLIs
_BESIDE = re.compile(r"(^|/)(bin|cli|\.?install[-_]?scripts?|cmd/[^/]*(cli|tool|migrat|seed|gen)"
                     r"[^/]*)(/|$)", re.I)


def _evidence_rank(ctx):
    """Evidence a reviewer should open first: sites in files on an endpoint's trace, then
    the rest of the production code, then scripts, seeders and CLIs beside the service (a
    password-hashing item cited a seeder before the auth service)."""
    traced = getattr(ctx, "_traced_files", None)
    if traced is None:
        traced = {n.file for e in ctx.endpoints for n in e.chain}
        try:
            ctx._traced_files = traced
        except AttributeError:
            pass

    def rank(path: str) -> int:
        if NON_PRODUCTION.search(path) or _BESIDE.search(path):
            return 2
        return 0 if path in traced else 1
    return rank


@functools.lru_cache(maxsize=256)
def _alternation(patterns: tuple[tuple[str, int], ...]):
    return re.compile("|".join(f"(?{_inline(flags)}:{p})" if _inline(flags) else f"(?:{p})"
                               for p, flags in patterns))


def _inline(flags: int) -> str:
    return "i" if flags & re.IGNORECASE else ""


def uses_calls(ctx, patterns: list[str], absent_status: str = "not_verified",
               forbidden: list[str] | None = None, in_args: bool = False,
               sql: list[str] | None = None) -> tuple[str, list]:
    """Passes when production code calls one of `patterns` (regexes on the callee text; with
    `in_args`, also on names passed as arguments, such as a middleware class), or its SQL does
    what `sql` names (regexes on the text of .sql files and of string literals passed to calls:
    PostgreSQL's pgcrypto hashes in the query, `crypt($1, gen_salt('bf'))`), and none of
    `forbidden`."""
    rxs = [re.compile(p) for p in patterns]
    bad_rx = [re.compile(p) for p in (forbidden or [])]
    hits = [{"file": p, "line": ln, "text": callee} for p, ln, callee in _matching(ctx, rxs, in_args)]
    if sql and not hits:
        hits = _sql_matching(ctx, re.compile("|".join(f"(?:{p})" for p in sql)))
    bad = [{"file": p, "line": ln, "text": f"{callee} (not acceptable here)"}
           for p, ln, callee in (_matching(ctx, bad_rx) if bad_rx else [])]
    if bad:
        return "fail", bad[:20] + hits[:5]
    if hits:
        return "pass", hits[:20]
    what = "call or argument" if in_args else "call"
    return absent_status, [{"text": f"no {what} matching " + " | ".join(patterns) + " in production code"}]


def _sql_matching(ctx, rx) -> list[dict]:
    """Sites of production SQL matching `rx`: lines of .sql files, and SQL string literals
    passed to calls (each file read or each literal searched once)."""
    out: list[dict] = []
    for path in sorted(ctx.facts):
        fx = ctx.facts[path]
        if is_test_path(path):
            continue
        if fx.get("language") == "sql":
            text = _read(ctx.root / path)
            for m in rx.finditer(text):
                out.append({"file": path, "line": text.count("\n", 0, m.start()) + 1,
                            "text": f"SQL: {' '.join(m.group(0).split())[:80]}"})
                if len(out) >= 20:
                    return out
            continue
        for c in fx.get("calls") or ():
            for a in c.get("args") or ():
                if isinstance(a, dict) and a.get("kind") == "str":
                    m = rx.search(a.get("value") or a.get("text") or "")
                    if m:
                        out.append({"file": path, "line": c.get("line", 0),
                                    "text": f"SQL: {' '.join(m.group(0).split())[:80]}"})
                        if len(out) >= 20:
                            return out
    return out


def email_real_transport(ctx) -> tuple[str, list]:
    real = [r"smtp\.(SendMail|Dial|NewClient|PlainAuth)", r"smtplib\.SMTP", r"gomail\.",
            r"mail\.NewDialer", r"nodemailer\.createTransport", r"sendgrid", r"\bses\b|SendEmail",
            r"mailgun", r"postmark", r"resend\.", r"azure.*communication|EmailClient",
            r"sgMail\.send", r"aiosmtplib"]
    fake = [r"(console|noop|mock|fake|dummy|stub)(Email|Mail)?Sender", r"ConsoleEmail",
            r"NoopEmail", r"MockEmail"]
    status, ev = uses_calls(ctx, real, absent_status="fail")
    fakes = [{"file": p, "line": ln, "text": f"{callee}: a console or no-op sender on a "
              "production path"} for p, ln, callee in _matching(ctx, [re.compile(f, re.I) for f in fake])]
    if status == "pass" and fakes:
        return "warn", ev[:10] + fakes[:10]
    if status != "pass":
        return "fail", ev + fakes[:10]
    return status, ev


_INDEX_SQL = re.compile(r"create\s+(?:unique\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?"
                        r"[\w\".]*\s+on\s+([\w\".]+)\s*(?:using\s+\w+\s*)?\(([^)]{0,400})\)", re.I)
_INDEX_PY = re.compile(r"create_index\(\s*['\"][^'\"]*['\"]\s*,\s*['\"](\w+)['\"]\s*,\s*\[([^\]]{0,400})\]")


def sql_index_on(ctx, table: str, column: str) -> tuple[str, list]:
    """An index on table(column) in the migrations: SQL files and Alembic `create_index`."""
    hits = []
    for path, text in _migration_texts(ctx):
        for rx in (_INDEX_SQL, _INDEX_PY):
            for m in rx.finditer(text):
                tbl = m.group(1).strip('"').split(".")[-1].lower()
                cols = [c.strip().strip("'\"").split()[0].lower() for c in m.group(2).split(",") if c.strip()]
                if tbl == table.lower() and cols and cols[0] == column.lower():
                    hits.append({"file": path, "line": text[:m.start()].count("\n") + 1,
                                 "text": " ".join(m.group(0).split())[:160]})
    if hits:
        return "pass", hits[:5]
    where = _table_defined(ctx, table)
    if where is None:
        # no such table: an index on it is not missing, the item is about another schema
        return "not_verified", [{"text": f"no table {table} in the SQL files, migrations or "
                                         "models: nothing to index"}]
    return "fail", [where, {"text": f"no index on {table}({column}) in the migrations"}]


_TABLE_SQL = r"create\s+table\s+(?:if\s+not\s+exists\s+)?[\w\"`.]*?[\"`]?{t}[\"`]?\s*\("
_TABLE_ORM = (r"create_table\(\s*['\"]{t}['\"]|__tablename__\s*=\s*['\"]{t}['\"]|"
              r"db_table\s*=\s*['\"]{t}['\"]|@Entity\(\s*['\"]{t}['\"]|"
              r"@@map\(\s*['\"]{t}['\"]|TableName\(\)\s*string\s*\{{\s*return\s*['\"]{t}['\"]")


def _table_defined(ctx, table: str) -> dict | None:
    """Where `table` is created: a CREATE TABLE in SQL, Alembic `create_table`, a SQLAlchemy
    `__tablename__`, Django `db_table`, TypeORM `@Entity`, Prisma `@@map`, GORM `TableName`."""
    t = re.escape(table)
    rx = re.compile(_TABLE_SQL.format(t=t) + "|" + _TABLE_ORM.format(t=t), re.I)
    for path, text in _migration_texts(ctx):
        m = rx.search(text)
        if m:
            return {"file": path, "line": text[:m.start()].count("\n") + 1,
                    "text": f"table {table} is created here"}
    for path in sorted(ctx.facts):
        if path.endswith((".py", ".go", ".ts", ".prisma")) and not is_test_path(path):
            text = _read(ctx.root / path)
            m = rx.search(text) if text and table in text else None
            if m:
                return {"file": path, "line": text[:m.start()].count("\n") + 1,
                        "text": f"table {table} is defined here"}
    return None


_JSON_LOGGING = [r"structlog", r"JsonFormatter|JSONFormatter|jsonlogger|json_log",
                 r"zap\.New(Production|Example)?$|zerolog|slog\.NewJSONHandler",
                 r"\bpino\b|winston|bunyan"]
# Logging configured to write plain text: Python's `basicConfig`/`Formatter` with a %-style
# format, logrus' `TextFormatter`, Go's `slog.NewTextHandler`, zap's development config.
_TEXT_LOGGING = [r"(^|\.)basicConfig$|(^|\.)Formatter$|TextFormatter|"
                 r"slog\.NewTextHandler|zap\.NewDevelopment"]


def structured_logging(ctx) -> tuple[str, list]:
    """Passes when production code sets up a JSON logger; fails when the logging it sets up
    writes plain text and no JSON logger exists; otherwise nothing decides it."""
    status, ev = uses_calls(ctx, _JSON_LOGGING, in_args=True)
    if status == "pass":
        return status, ev
    text = [{"file": p, "line": ln, "text": f"{callee}: logging configured as plain text"}
            for p, ln, callee in _matching(ctx, [re.compile(r) for r in _TEXT_LOGGING])]
    if text:
        return "fail", text[:10] + ev
    return "not_verified", ev + [{"text": "no logging configuration found in production code"}]


def _migration_texts(ctx) -> list[tuple[str, str]]:
    """(path, text) of the migrations and SQL files, read once per checklist evaluation (every
    index item reads them, and again for the table it names)."""
    cached = getattr(ctx, "_migrations", None)
    if cached is None:
        cached = ctx._migrations = list(_read_migrations(ctx))
    return cached


def _read_migrations(ctx):
    seen = 0
    for path in sorted(ctx.facts):
        if path.endswith(".py") and ("migration" in path or "alembic" in path or "versions/" in path):
            t = _read(ctx.root / path)
            if t:
                yield path, t
    for p in sorted(ctx.root.rglob("*.sql")):
        if seen > 2000:
            break
        seen += 1
        rel = p.relative_to(ctx.root).as_posix()
        if any(part in ("node_modules", "vendor", ".git") for part in rel.split("/")):
            continue
        t = _read(p)
        if t:
            yield rel, t


def _read(p: Path) -> str:
    try:
        if p.is_symlink() or not p.is_file() or p.stat().st_size > 2_000_000:
            return ""
        return p.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def max_constant(ctx, name: str, max: int) -> tuple[str, list]:  # noqa: A002 - YAML key
    rx = re.compile(rf"(^|\.)({name})$")
    hits = []
    for path, fx in ctx.facts.items():
        if is_test_path(path):
            continue
        for a in fx.get("assigns", []):
            if rx.search(a.get("target", "")):
                v = a.get("value", {})
                try:
                    num = int(str(v.get("value", v.get("text", ""))).replace("_", ""))
                except ValueError:
                    continue
                hits.append((path, a["line"], num))
    if not hits:
        return "not_verified", [{"text": f"no constant named {name} found"}]
    bad = [h for h in hits if h[2] > max]
    ev = [{"file": p, "line": ln, "text": f"{name} = {n}" + (f" (above {max})" if n > max else "")}
          for p, ln, n in hits]
    return ("fail" if bad else "pass"), ev


def function_real(ctx, name: str, rules: list[str] | None = None) -> tuple[str, list]:
    """A named function (and every function it reaches) answers from its inputs: no finding of
    the real-implementation rules inside any of them, and no input ignored."""
    from auditor.report.graph import find_node

    g = ctx.graph
    start = find_node(g, name) if g is not None else None
    if start is None:
        return "not_verified", [{"text": f"no function named {name} in the call graph"}]
    nodes = [n for n in g.reachable(start) if not g.g.nodes[n].get("external")]
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for n in nodes:
        d = g.g.nodes[n]
        spans.setdefault(d.get("file", ""), []).append((d.get("line", 0), d.get("end_line", 0), n))
    wanted = set(rules or ["hardcoded-return", "stub-comment", "unused-filter-parameter",
                           "not-implemented", "mock-data"])
    bad = []
    for f in ctx.result.findings:
        if f.suppressed or f.rule_id not in wanted:
            continue
        if any(a <= f.line <= b for a, b, _n in spans.get(f.file, ())):
            bad.append({"file": f.file, "line": f.line, "rule_id": f.rule_id, "text": f.message})
    d = g.g.nodes[start]
    head = {"file": d.get("file", ""), "line": d.get("line", 0),
            "text": f"{start} reaches {len(nodes)} functions"}
    if bad:
        return "fail", [head] + bad
    return "pass", [head]


PREDICATES = {
    "function_real": function_real,
    "all_endpoints_reach_service": all_endpoints_reach_service,
    "all_services_reach_repository": all_services_reach_repository,
    "all_repositories_reach_sql": all_repositories_reach_sql,
    "endpoints_reach_sql": endpoints_reach_sql,
    "endpoint_group": endpoint_group,
    "endpoints_exist": endpoints_exist,
    "uses_calls": uses_calls,
    "email_real_transport": email_real_transport,
    "sql_index_on": sql_index_on,
    "structured_logging": structured_logging,
    "max_constant": max_constant,
}


# SQLAlchemy engines check that the pool class suits the dialect: an asyncio engine
# (`create_async_engine`) needs an asyncio pool (AsyncAdaptedQueuePool, its default), a
# synchronous engine a synchronous one; the pool classes that lock with threads (QueuePool,
# SingletonThreadPool) are rejected by an asyncio engine ("Pool class QueuePool cannot be used
# with asyncio engine", ArgumentError, code "pcls"; changelog ticket 8771). NullPool and
# StaticPool take no lock and suit both, but NullPool keeps no connection: no pooling.
_SA_ENGINE = re.compile(r"(^|\.)(create_async_engine|create_engine)$")
_SYNC_ONLY_POOL = re.compile(r"(^|\.)(QueuePool|SingletonThreadPool)$")
_ASYNC_ONLY_POOL = re.compile(r"(^|\.)(Fallback)?AsyncAdaptedQueuePool$")
_NO_POOL = re.compile(r"(^|\.)NullPool$")
_POOLCLASS_IN_TEXT = re.compile(r"""["']?poolclass["']?\s*[:=]\s*([\w.]+)""")


def _pool_classes(fx: dict, call: dict) -> list[tuple[int, str]]:
    """(line, pool class text) an engine call receives: its `poolclass=` argument, or what the
    file puts under "poolclass" in a dict it passes with `**kwargs` (`kw = {...}`,
    `kw["poolclass"] = X`, `kw.update({...})`, `kw.update(poolclass=X)`)."""
    out = []
    spread = set()
    for a in call.get("args") or ():
        if not isinstance(a, dict):
            continue
        if a.get("arg") == "poolclass":
            out.append((call.get("line", 0), a.get("text", "")))
        elif a.get("star") == 2 and a.get("kind") == "name":
            spread.add(a.get("text", ""))
    for name in spread:
        for s in fx.get("assigns") or ():
            tgt, v = s.get("target") or "", s.get("value") or {}
            if tgt == name and v.get("kind") == "dict":
                out += [(s.get("line", 0), m.group(1))
                        for m in _POOLCLASS_IN_TEXT.finditer(v.get("text", ""))]
            elif re.fullmatch(rf"{re.escape(name)}\[\s*['\"]poolclass['\"]\s*\]", tgt):
                out.append((s.get("line", 0), v.get("text", "")))
        for c in fx.get("calls") or ():
            if c.get("callee") == f"{name}.update":
                for a in c.get("args") or ():
                    if not isinstance(a, dict):
                        continue
                    if a.get("arg") == "poolclass":
                        out.append((c.get("line", 0), a.get("text", "")))
                    elif a.get("kind") == "dict":
                        out += [(c.get("line", 0), m.group(1))
                                for m in _POOLCLASS_IN_TEXT.finditer(a.get("text", ""))]
    return sorted(set(out))


def connection_pooling(ctx, patterns: list[str]) -> tuple[str, list]:
    """Passes when production code creates a pooled database connection (`patterns`: engine
    and pool constructors). A SQLAlchemy engine is read further: the pool class it is handed
    must suit it (an asyncio engine refuses QueuePool), and NullPool keeps no pool at all."""
    status, ev = uses_calls(ctx, patterns)
    if status != "pass":
        return status, ev
    bad, off, good = [], [], []
    for path in sorted({e["file"] for e in ev}):
        fx = (ctx.facts or {}).get(path) or {}
        for c in fx.get("calls") or ():
            callee = c.get("callee", "")
            if not _SA_ENGINE.search(callee):
                continue
            is_async = callee.endswith("create_async_engine")
            classes = _pool_classes(fx, c)
            wrong = False
            for line, cls in classes:
                if (is_async and _SYNC_ONLY_POOL.search(cls)) or \
                        (not is_async and _ASYNC_ONLY_POOL.search(cls)):
                    wrong = True
                    bad.append({"file": path, "line": line,
                                "text": f"{callee} (line {c.get('line', 0)}) is handed "
                                        f"poolclass={cls}: SQLAlchemy refuses a "
                                        f"{'thread-locking' if is_async else 'asyncio'} pool on "
                                        f"{'an asyncio' if is_async else 'a synchronous'} engine "
                                        "(ArgumentError \"Pool class ... cannot be used with "
                                        f"{'' if is_async else 'non-'}asyncio engine\"); "
                                        + ("AsyncAdaptedQueuePool, the default, is the asyncio "
                                           "queue pool" if is_async else
                                           "QueuePool, the default, is the synchronous one")})
            pooled = [cls for _ln, cls in classes if not _NO_POOL.search(cls)]
            if classes and not pooled:
                off += [{"file": path, "line": ln, "text": f"{callee} (line {c.get('line', 0)}) "
                                                           f"is handed poolclass={cls}: NullPool "
                                                           "opens a connection per checkout, no "
                                                           "pooling"} for ln, cls in classes]
            elif not wrong:
                good.append({"file": path, "line": c.get("line", 0),
                             "text": f"{callee}: pooled ("
                                     + (f"poolclass {', '.join(sorted(set(pooled)))}" if pooled
                                        else "the engine's default queue pool") + ")"})
    rest = [e for e in ev if not _SA_ENGINE.search(e["text"])]  # pgxpool, SetMaxOpenConns...
    if bad:
        return "fail", bad + off + good
    if off and not good and not rest:
        return "fail", off
    return "pass", good + rest + off


def cache_on_request_path(ctx, patterns: list[str]) -> tuple[str, list]:
    """A cache is in use when an endpoint's trace reads or writes it (a data site of kind
    `cache`: a Redis or cache-manager operation); a client that is only created, or only
    pinged by a readiness check, is configured but unused: warn."""
    status, ev = uses_calls(ctx, patterns)
    used = {}
    for e in ctx.endpoints:
        for d in e.data_sites:
            if d.get("kind") == "cache":
                used.setdefault((d["file"], d["line"]), e.key)
    if used:
        by_ep: dict[str, list] = {}
        for (f, ln), key in sorted(used.items()):
            by_ep.setdefault(key, []).append((f, ln))
        out = [{"file": sites[0][0], "line": sites[0][1], "endpoint": key,
                "text": f"{key} reads or writes the cache here"
                        + (f" (and {len(sites) - 1} more sites)" if len(sites) > 1 else "")}
               for key, sites in sorted(by_ep.items())[:20]]
        return "pass", ev[:5] + out
    if status != "pass":
        return status, ev
    return "warn", ev[:5] + [{"text": f"a cache client is created, but no endpoint's trace reads "
                                      f"or writes the cache ({len(ctx.endpoints)} endpoints "
                                      "traced; a connection check such as a readiness ping is "
                                      "not a use): the cache exists but nothing is cached"}]


PREDICATES["connection_pooling"] = connection_pooling
PREDICATES["cache_on_request_path"] = cache_on_request_path
