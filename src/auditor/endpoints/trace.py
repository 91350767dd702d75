"""The trace: from a handler node through the call graph, every reachable function with its
layer, the database calls (SQL sinks) the chain makes and, through `data_access`, every call
that reaches a database, cache or document store (by library, not by name).

Layers come from where a function lives (handlers/controllers/routes/views, services/application/
usecases, repositories/repository/store/dao/db) and its owner type's name (`AgentService`,
`UserRepository`); a function that itself calls a database API is a repository whatever its name.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from auditor.checks.base import is_test_path as _is_test_path
from auditor.model import ChainNode


@lru_cache(maxsize=65536)  # asked for every callee of every function a trace visits
def is_test_path(path: str) -> bool:
    return _is_test_path(path)


HANDLER_DIR = re.compile(r"(^|/)(handlers?|controllers?|routes?|routers?|views?|endpoints?|api|"
                         r"resources?)(/|\.|_|$)", re.IGNORECASE)
SERVICE_DIR = re.compile(r"(^|/)(services?|application|usecases?|use_cases?|domain/service|"
                         r"business|interactors?)(/|\.|_|$)", re.IGNORECASE)
REPO_DIR = re.compile(r"(^|/)(repositor(y|ies)|stores?|dao|db|database|persistence|postgres|"
                      r"mysql|sqlite|storage|crud)(/|\.|_|$)", re.IGNORECASE)
HANDLER_NAME = re.compile(r"(Handler|Controller|View|ViewSet|Resource|Router)$")
SERVICE_NAME = re.compile(r"(Service|UseCase|Usecase|Interactor|Manager)$")
REPO_NAME = re.compile(r"(Repository|Repo|Store|DAO|Dao|Storage|Queries)$")

# Database calls, by receiver and method (receiver's last segment lower-cased).
DB_RECEIVERS = re.compile(
    r"(^|\.)(db|tx|conn|connection|pool|dbpool|pgpool|database|sqldb|sqlxdb|gormdb|session|"
    r"cursor|cur|stmt|engine|client|knex|prisma|sequelize|datasource|manager|queryrunner|"
    r"conn_pool|_db|_session|_pool|_conn|dbconn|pg|pgx|sql|orm|em|entitymanager)$", re.IGNORECASE)
GO_SQL = {"Query", "QueryRow", "QueryContext", "QueryRowContext", "Exec", "ExecContext",
          "Prepare", "PrepareContext", "Queryx", "QueryRowx", "QueryxContext", "QueryRowxContext",
          "Select", "SelectContext", "Get", "GetContext", "NamedExec", "NamedExecContext",
          "NamedQuery", "SendBatch", "CopyFrom", "Raw", "Find", "First", "Take", "Last",
          "Create", "Save", "Updates", "Update", "Delete", "Where", "Model", "Table", "Begin",
          "BeginTx"}
PY_SQL = {"execute", "executemany", "executescript", "fetch", "fetchrow", "fetchval", "fetchall",
          "fetchone", "fetchmany", "query", "scalars", "scalar", "add", "add_all", "merge",
          "delete", "get", "commit", "copy_records_to_table"}
TS_SQL = {"query", "execute", "raw", "findMany", "findUnique", "findFirst", "findOne", "findAll",
          "findByPk", "findOneBy", "findBy", "find", "create", "createMany", "update", "updateMany",
          "upsert", "delete", "deleteMany", "save", "remove", "insert", "select", "count",
          "aggregate", "$queryRaw", "$executeRaw", "$queryRawUnsafe", "$executeRawUnsafe",
          "createQueryBuilder", "getRepository", "destroy"}
ORM_HINT = re.compile(r"\.objects\.|^prisma\.|\.prisma\.|Repository\b|getRepository|"
                      r"\bknex\(|\bsequelize\.", re.IGNORECASE)


def is_sql_call(call: dict, language: str) -> bool:
    name = call.get("name", "")
    recv = call.get("receiver", "") or ""
    callee = call.get("callee", "") or ""
    if language == "go":
        if name not in GO_SQL:
            return False
        last = recv.split("(")[0].rsplit(".", 1)[-1]
        return bool(DB_RECEIVERS.search(last)) or bool(re.search(r"\b(db|DB|tx|pool)\b", recv))
    if language == "python":
        if ".objects." in callee or callee.startswith("objects."):
            return True
        if name not in PY_SQL:
            return False
        last = recv.split("(")[0].rsplit(".", 1)[-1]
        return bool(DB_RECEIVERS.search(last))
    # typescript / javascript
    if name not in TS_SQL:
        return False
    if ORM_HINT.search(callee):
        return True
    last = recv.split("(")[0].rsplit(".", 1)[-1]
    return bool(DB_RECEIVERS.search(last)) or bool(re.search(r"[Rr]epo(sitory)?$", last))


class CallIndex:
    """facts.calls per file sorted by line, to find the calls inside a function's span."""

    def __init__(self, facts: dict[str, dict]) -> None:
        self.by_file: dict[str, tuple[list[int], list[dict]]] = {}
        self.facts = facts

    def calls_in(self, file: str, line: int, end_line: int) -> list[dict]:
        if file not in self.by_file:
            calls = sorted(self.facts.get(file, {}).get("calls", []), key=lambda c: c["line"])
            self.by_file[file] = ([c["line"] for c in calls], calls)
        lines, calls = self.by_file[file]
        i = bisect.bisect_left(lines, line)
        j = bisect.bisect_right(lines, end_line)
        return calls[i:j]


# Data shapes: request and response types (`dto.ResetSysUserPwdReq`, `schemas/user.py`) carry
# data between layers; their methods (`GetId`, `Generate`) are no layer, even in a service folder.
DATA_SHAPE_NAME = re.compile(r"(Req|Request|Resp|Response|Dto|DTO|Input|Output|Payload)$")
DATA_SHAPE_DIR = re.compile(r"(^|/)(dtos?|schemas?|payloads?)(/|$)", re.IGNORECASE)


# A file named for its kind, `<name>.<kind>.ts` (NestJS's and Angular's convention: `nest g service
# users` writes `users.service.ts`, `nest g controller` `users.controller.ts`): its classes are of that
# layer whatever they are called (`UserSevice`).
FILE_KIND = re.compile(r"\.(service|controller|resolver|repository)\.[cm]?[jt]sx?$", re.IGNORECASE)
FILE_KINDS = {"service": "service", "controller": "handler", "resolver": "handler",
              "repository": "repository"}


def layer_of(qname: str, file: str) -> str:
    owner = qname.rsplit(".", 1)[0] if "." in qname else ""
    owner = owner.rsplit("/", 1)[-1].rsplit(".", 1)[-1]
    if not (REPO_NAME.search(owner) or SERVICE_NAME.search(owner) or
            HANDLER_NAME.search(owner)) and \
            (DATA_SHAPE_NAME.search(owner) or DATA_SHAPE_DIR.search(file)):
        return "other"
    if REPO_NAME.search(owner):
        return "repository"
    if SERVICE_NAME.search(owner):
        return "service"
    if HANDLER_NAME.search(owner):
        return "handler"
    kind = FILE_KIND.search(file)
    if kind:
        return FILE_KINDS[kind.group(1).lower()]
    if REPO_DIR.search(file):
        return "repository"
    if SERVICE_DIR.search(file):
        return "service"
    if HANDLER_DIR.search(file):
        return "handler"
    return "other"


def trace(cg, handler: str, calls: CallIndex, language_of: dict[str, str], limit: int = 4000,
          data=None):
    """(chain, sql_sites, data_sites): every function reachable from `handler`, depth-first
    pre-order; the SQL sinks its functions call; and, with `data` (an
    `auditor.endpoints.data_access.DataAccess`), every call that reaches a database, cache or
    document store, with its kind. Functions a framework runs on the handler's behalf (a DRF
    serializer's `validate`/`create`) are followed too."""
    g = cg.g
    chain: list[ChainNode] = []
    sql_sites: list[dict] = []
    data_sites: list[dict] = []
    seen_sites: set = set()
    seen_data: set = set()
    depth = {handler: 0}
    stack = [handler]
    seen = set()
    while stack and len(chain) < limit:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        d = g.nodes[n]
        if d.get("external"):
            continue
        file = d.get("file", "")
        line, end = d.get("line", 0), d.get("end_line", 0) or d.get("line", 0)
        layer = "handler" if n == handler else layer_of(n, file)
        if data is not None:
            visit = data.visits.get(n)
            if visit is None:
                data.trim()
                visit = data.visits[n] = _visit(g, n, d, file, calls, language_of, data)
            hits, found, implied = visit
            if n == handler:  # a generic view's queryset or model: the data its actions read
                found = list(found)
                own = [c.get("callee") or "" for c in calls.calls_in(file, line, end)]
                for s in data.class_data_sites(n, file, line, own):
                    found.append(({"line": s["line"], "callee": s["call"], "file": s["file"]},
                                  s["kind"]))
        else:
            lang = language_of.get(file, "")
            hits = [c for c in calls.calls_in(file, line, end) if is_sql_call(c, lang)]
            found, implied = [], ()
        if (hits or found) and layer == "other":
            layer = "repository"
        for c in [*hits, *(c for c, k in found if k == "sql")]:
            key = (c.get("file", file), c["line"])
            if key not in seen_sites:
                seen_sites.add(key)
                sql_sites.append({"file": key[0], "line": c["line"], "call": c.get("callee", "")})
        for c, kind in found:
            key = (c.get("file", file), c["line"])
            if key not in seen_data:
                seen_data.add(key)
                data_sites.append({"file": key[0], "line": c["line"], "kind": kind,
                                   "call": c.get("callee", "")})
        chain.append(ChainNode(name=n, file=file, line=line, layer=layer, depth=depth[n]))
        if n == handler and data is not None:  # a class routed as the view: its bases' methods
            implied = [*implied, *(b for b in data.base_class_nodes(n, file, line) if b in g),
                       *(h for h in data.generic_hooks(n, file, line) if h in g)]
        succ = sorted(set(_production_callees(g, n, file)) | set(implied), reverse=True)
        for s in succ:
            if s not in seen:
                depth.setdefault(s, depth[n] + 1)
                stack.append(s)
    if data is None:
        return chain, sql_sites
    return chain, sql_sites, data_sites


_NOTHING = ((), (), ())


def _visit(g, n: str, d: dict, file: str, calls: CallIndex, language_of: dict[str, str],
           data) -> tuple:
    """(SQL sinks by name, data sites, in-tree callees the graph has no edge to) of function
    `n`: the same whichever endpoint's trace visits it, so computed once per scan (a service
    or repository shared by many endpoints is read once, not once per endpoint)."""
    line, end = d.get("line", 0), d.get("end_line", 0) or d.get("line", 0)
    lang = language_of.get(file, "")
    span = calls.calls_in(file, line, end)
    hits = [c for c in span if is_sql_call(c, lang)]
    if hits:
        # a name-only match on a receiver known to be something else: `Inventory.objects`
        # of a plain class, an httpx `client`, a dict
        hits = [c for c in hits if not data.known_other(c, file)]
    found: list[tuple[dict, str]] = []
    implied: list[str] = []
    ext, internal = _callee_names(g, n)
    for c in span:
        for f2, q2 in data.implied_callees(c, file):
            if q2 in g:
                implied.append(q2)
        if (c.get("line"), c.get("name")) in internal:
            if data.ent_runner(c, file):
                found.append((c, "orm"))  # ent's generated runner: the query runs here
            continue  # the call graph ties it to a function of the tree, traced itself
        r = data.classify(c, file, ext)
        if r:
            found.append((c, r[0]))
        for q2 in data.callees(c, file):  # where the call graph has no edge
            if q2 != n and q2 in g:
                implied.append(q2)
    for f2, c in data.extra_calls(n, d.get("kind", ""), file, span):
        r = data.classify(c, f2)
        if r:
            found.append(({**c, "file": f2}, r[0]))
        for q2 in data.callees(c, f2):
            if q2 in g:
                implied.append(q2)
    if hits and data.imports_any(file):  # SQL sinks by name, in a file of a data library
        got = {c["line"] for c, _ in found}
        found.extend((c, "sql") for c in hits if c["line"] not in got)
    if not (hits or found or implied):
        return _NOTHING
    return hits, found, implied


def _callee_names(g, n: str) -> tuple[dict, set]:
    """(line, called name) -> the graph's names of the external callees `n` calls there; and
    the (line, called name) of its calls that the graph ties to a function of the tree only
    (production code's calls tied to test code only are neither: see `_production_callees`)."""
    out: dict = {}
    internal: set = set()
    prod = not is_test_path(g.nodes[n].get("file", ""))
    for _, s, e in g.out_edges(n, data=True):
        key = (e.get("line"), s.rsplit(".", 1)[-1])
        d = g.nodes[s]
        if d.get("external"):
            out.setdefault(key, []).append(s)
        elif not (prod and is_test_path(d.get("file", ""))):
            internal.add(key)
    return out, internal - out.keys()


def _production_callees(g, n: str, file: str) -> list[str]:
    """The callees of `n`; for production code, without test code: a test that monkeypatches
    a module (`views.FileCodes = FakeFileCodes`) gives the call graph an edge from the
    production call to the test double, which production never runs."""
    succ = list(g.successors(n))
    if is_test_path(file):
        return succ
    return [s for s in succ if not is_test_path(g.nodes[s].get("file", ""))]
