"""A handler that reaches the database without going through a service.

What it finds:
An endpoint whose handler reaches a repository function or a SQL call along a path of the call
graph that passes no service-layer function, where there is a service layer to bypass for that
data: other handlers reach the same resource (the repository type, or the module of repository
functions) through a service, or the handler's own area (its Go package, Python package, folder
of routers) goes through services for its data (one data endpoint in four or more reaches its
data only through a service; an area of fewer than four direct endpoints is judged by the whole
codebase). Where the handlers of an area read their store directly (hanko's persisters, Django
views on their querysets, an Express app on its database module) and no service owns the
resource, that is the design, not a bypass; a type of another folder that the handlers call and
that calls the repositories itself (an application layer named for no service, focalboard's
`app.App`) is the handlers' way to their data, as a service is; a codebase where no endpoint reaches its data only
through a service has nothing to bypass, and a codebase where most data endpoints reach no
service at all is left alone too. The lookups of an
authentication guard (a dependency, decorator or middleware such as `get_current_user` checking a
token blocklist) or of an authorization object (CASL's `SpaceAbilityFactory.createForUser` loading the
user's roles) or of the request's context (`get_current_tenant` by the path's tenant slug), the provider of a session (`Depends(get_session)`) or of a repository, and a
dependency that builds a service (`Depends(get_user_manager)` returning `UserManager(...)`) are not
the handler's way to its data; the handler calling the injected repository's own methods is.

Why it matters:
Business rules, authorization checks and transactions live in the service layer; a handler that
talks to the database directly skips them, and the checklist item "All handlers traced to
services" fails on it.

Example:
    func (h *AgentHandler) Delete(c fiber.Ctx) error {
        _, err := h.db.Exec("DELETE FROM agents WHERE id = $1", c.Params("id"))
        return err
    }

Fix:
Move the data access behind the service that owns the resource and call the service.
"""
from __future__ import annotations

import collections
import posixpath
import re
from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import impl_context, is_static_path, production_path, short
from auditor.model import Finding

_POS = '''from fastapi import FastAPI

app = FastAPI()


class OrderService:
    def __init__(self, repo):
        self.repo = repo

    def list(self):
        return self.repo.all()


class OrderRepository:
    def all(self, db=None):
        return db.execute("SELECT * FROM orders").fetchall()

    def delete(self, order_id, db=None):
        return db.execute("DELETE FROM orders WHERE id = %s", (order_id,))


service = OrderService(OrderRepository())
repo = OrderRepository()


@app.get("/orders")
def list_orders():
    return service.list()


@app.delete("/orders/{order_id}")
def delete_order(order_id: int):
    return repo.delete(order_id)
'''
_NEG = '''from fastapi import FastAPI

app = FastAPI()


class OrderService:
    def __init__(self, repo):
        self.repo = repo

    def list(self):
        return self.repo.all()

    def delete(self, order_id):
        return self.repo.delete(order_id)


class OrderRepository:
    def all(self, db=None):
        return db.execute("SELECT * FROM orders").fetchall()

    def delete(self, order_id, db=None):
        return db.execute("DELETE FROM orders WHERE id = %s", (order_id,))


service = OrderService(OrderRepository())


@app.get("/orders")
def list_orders():
    return service.list()


@app.delete("/orders/{order_id}")
def delete_order(order_id: int):
    return service.delete(order_id)
'''

# A codebase whose handlers read their store directly by design (one store type every handler
# calls, a single helper named like a service): there is no service layer to bypass.
_NEG_STORE = '''from fastapi import FastAPI

app = FastAPI()


class MailService:
    def __init__(self, repo):
        self.repo = repo

    def notify(self):
        return self.repo.all()


class FeedRepository:
    def all(self, db=None):
        return db.execute("SELECT * FROM feeds").fetchall()

    def get(self, feed_id, db=None):
        return db.execute("SELECT * FROM feeds WHERE id = %s", (feed_id,)).fetchone()

    def delete(self, feed_id, db=None):
        return db.execute("DELETE FROM feeds WHERE id = %s", (feed_id,))


mail = MailService(FeedRepository())
store = FeedRepository()


@app.post("/notify")
def notify():
    return mail.notify()


@app.get("/feeds")
def feeds():
    return store.all()


@app.get("/feeds/{feed_id}")
def feed(feed_id: int):
    return store.get(feed_id)


@app.delete("/feeds/{feed_id}")
def delete_feed(feed_id: int):
    return store.delete(feed_id)
'''

# FastAPI: the handler takes its session from a dependency and passes it to the service.
_NEG_DEPENDS = '''from fastapi import Depends, FastAPI

app = FastAPI()


def get_session():
    db = connect()
    try:
        yield db
    finally:
        db.close()


def connect():
    return None


class BookRepository:
    def all(self, db):
        return db.execute("SELECT * FROM books").fetchall()


class BookService:
    def __init__(self):
        self.repo = BookRepository()

    def list(self, db):
        return self.repo.all(db)


service = BookService()


@app.get("/books")
def books(session=Depends(get_session)):
    return service.list(session)
'''

# The authentication dependency checks a token blocklist in redis: the guard's lookup, not the
# handler's way to its data (the handler goes through the service).
_NEG_GUARD = '''from fastapi import Depends, FastAPI

app = FastAPI()


class TokenRepository:
    def in_blocklist(self, jti, db=None):
        return db.execute("SELECT 1 FROM blocklist WHERE jti = %s", (jti,)).fetchone()


class BookRepository:
    def all(self, db=None):
        return db.execute("SELECT * FROM books").fetchall()


class BookService:
    def __init__(self):
        self.repo = BookRepository()

    def list(self):
        return self.repo.all()


tokens = TokenRepository()
service = BookService()


def get_current_user(token: str = ""):
    if tokens.in_blocklist(token):
        raise PermissionError()
    return {"token": token}


@app.get("/books")
def books(user=Depends(get_current_user)):
    return service.list()
'''


class HandlerBypassesService(Rule):
    __doc__ = __doc__
    id = "handler-bypasses-service"
    name = "HandlerSkipsServiceLayer"
    category = "layering"
    severity = "low"
    confidence = "medium"
    scope = "project"
    positive = [Example("python", _POS, "app.py")]
    negative = [Example("python", _NEG, "app.py"), Example("python", _NEG_STORE, "app.py"),
                Example("python", _NEG_DEPENDS, "app.py"), Example("python", _NEG_GUARD, "app.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        eps = ic.endpoints
        data = [e for e in eps if e.reaches_repository or e.reaches_sql]
        if 2 * sum(1 for e in data if e.reaches_service) < len(data) or not data:
            return  # handlers read their store directly by design: no service layer to bypass
        g = ctx.graph
        through = collections.Counter()  # per area: data endpoints that go through a service
        direct = collections.Counter()  # per area: data endpoints that reach data themselves
        hits = []
        for e in eps:
            if not e.chain or is_static_path(e.path):
                continue
            if not (e.reaches_repository or e.reaches_sql):
                if e.reaches_service and not e.implicit:
                    # a handler of the area that hands its work to a service (whose state is in
                    # memory, another system, or a store the trace does not see): evidence that
                    # the area's handlers go through services
                    through[_area(e.chain[0].file)] += 1
                continue
            handler = e.chain[0]
            layers = {n.name: n.layer for n in e.chain}
            hit = _direct_data_path(g, handler.name, layers, e, ctx.facts)
            area = _area(handler.file)
            if hit is None:
                if e.reaches_service and _data_in_service(g, e):
                    through[area] += 1
                continue
            direct[area] += 1
            if production_path(handler.file):
                hits.append((e, handler, hit, area))
        if not hits:
            return
        served = _served_resources(g, eps)
        if not through and not served:
            return  # no endpoint reaches its data through a service, and no service reads
            # a repository of the tree: nothing to bypass
        all_through, all_direct = sum(through.values()), sum(direct.values())
        for e, handler, hit, area in hits:
            if not (_served_area(through[area], direct[area], all_through, all_direct)
                    or (hit != handler.name and _owner(hit) in served)):
                continue  # this part of the codebase reads its data directly, and no service
                # elsewhere owns the resource: the design here, not a way around a service
            node = next((n for n in e.chain if n.name == hit), None)
            where = f"{short(hit)}" if hit != handler.name else "SQL"
            line = handler.line
            info = ic.function_at(handler.file, handler.line, exact=True)
            if info is not None:
                call = next((c for c in info.rec["calls"] if not c["benign"]
                             and hit.rsplit(".", 1)[-1] in c["callee"]), None)
                if call:
                    line = call["line"]
            yield self.finding(handler.file, line,
                               f"{e.key}: handler {short(handler.name)} reaches {where} "
                               f"({node.layer if node else 'sql'}) without a service",
                               endpoints=[e.key], critical_path=True)


def _data_in_service(g, e) -> bool:
    """Whether some of the endpoint's database reads or writes (SQL, ORM or document store; a
    cache is not the data a service layer owns) happen inside a service-layer function of its
    chain or in what a service-layer function calls: the endpoint reaches its data through a
    service. An endpoint whose data is read by the handler's own class (a DRF viewset's
    `get_object` on its queryset), or by a store the handler calls itself, and that calls a
    service only for another system (a video room, a mailer, tracing) is no evidence that its
    area keeps its data behind services."""
    if g is None:
        return False
    names = {n.name: n for n in e.chain}
    todo = [n.name for n in e.chain if n.layer == "service"]
    below = set(todo)
    while todo:  # what the chain's service-layer functions call, within the chain
        cur = todo.pop()
        if cur not in g.g:
            continue
        for nxt in g.g.successors(cur):
            if nxt in names and nxt not in below:
                below.add(nxt)
                todo.append(nxt)
    spans = collections.defaultdict(list)
    for name in below:
        n = names[name]
        d = g.g.nodes.get(name, {})
        spans[n.file].append((n.line, d.get("end_line") or n.line))
    if not spans:
        return False
    sites = [s for s in e.data_sites if s.get("kind") != "cache"] + list(e.sql_sites)
    return any(lo <= s["line"] <= hi for s in sites for lo, hi in spans.get(s["file"], ()))


# An area with fewer direct endpoints than this tells nothing of its own design (one generic
# action, one callback view): the codebase's as a whole decides.
_AREA_EVIDENCE = 4


def _served_area(through: int, direct: int, all_through: int, all_direct: int) -> bool:
    """Whether the handlers of an area (or, for a small area, of the codebase) go through
    services for their data: at least one data endpoint in four does so only through a service.
    Where three in four and more read their store themselves (persisters, querysets, a
    database module), that is the area's design."""
    if direct < _AREA_EVIDENCE:
        through, direct = all_through, all_direct
    return 3 * through >= direct


def _owner(name: str) -> str:
    """The resource a repository function belongs to: its type for a method (`persistence.
    tenantPersister`, `repo.ItemsRepository`), its module for a function (`bookmarks.queries`)."""
    return name.rsplit(".", 1)[0]


def _served_resources(g, eps) -> set[str]:
    """The owners (`_owner`) of the repository functions that a service-layer function on an
    endpoint's chain calls: the resources other handlers reach through a service. A call that
    the graph resolves to the same method of many repository types (`metadataPersister.
    Get(...)` through an interface every persister implements) names no one resource and is
    left out. One pass over the chains' service nodes and their out-edges."""
    layers: dict[str, str] = {}
    for e in eps:
        for n in e.chain:
            layers.setdefault(n.name, n.layer)
    out: set[str] = set()
    if g is None:
        return out
    for name, layer in layers.items():
        if layer != "service" or name not in g.g:
            continue
        by_method: dict[str, set[str]] = collections.defaultdict(set)
        for s in g.g.successors(name):
            if layers.get(s) == "repository" and \
                    not _constructor(s, g.g.nodes.get(s, {}).get("kind")):
                by_method[s.rsplit(".", 1)[-1]].add(_owner(s))
        for owners in by_method.values():
            if len(owners) <= _FAN_OUT:
                out.update(owners)
    return out


# A call the graph resolves to the same method of more repository types than this is an
# interface's dispatch (every persister has `Get`), not a resource the service names; a base
# class's method and one override (`BaseRepository.update`, `ThemeRepository.update`) are two.
_FAN_OUT = 2


def _area(file: str) -> str:
    """The part of the codebase a handler belongs to: its package or module folder (a Go
    package, a Python package such as a Django app's `views/`, the folder of Express routers)."""
    return file.rsplit("/", 1)[0] if "/" in file else ""


# A provider of a session or a connection (FastAPI's `Depends(get_session)`, `get_db`,
# `default_session_factory`, `session_scope`): the handler hands it to the service; opening it
# reads nothing.
_PROVIDER = re.compile(r"(?i)^((default|scoped|local|global|main|current|thread_?local)_?)?"
                       r"(get|new|open|create|make)?_?(async_?)?(db|database|session|sessions|"
                       r"conn|connection|engine|tx|transaction|pool)(_?(scope|maker|factory))?$")


def _auth_guard(name: str) -> bool:
    """A dependency, decorator or middleware that authenticates the request, by its function or
    class name (`get_current_user`, `token_required.decorated`, `AccessTokenBearer.__call__`)."""
    from auditor.endpoints.auth import AUTH_NAME

    parts = [p for p in name.split(".")[-3:] if not p.startswith("__")]
    if any(_AUTHZ_NAME.search(p) for p in parts[-2:]):
        return True
    return any(AUTH_NAME.search(p) for p in parts[-2:] if p not in ("decorated", "wrapper", "inner"))


# An authorization object: CASL's ability factory (`SpaceAbilityFactory.createForUser` loads the
# user's roles in the space to build the permission set), a policy, an access-control list.
# Its lookups decide whether the request may go on, like an authentication guard's.
_AUTHZ_NAME = re.compile(r"(?i)(abilit(y|ies)|polic(y|ies))(_?factory)?$|^authoriz|accesscontrol|"
                         r"access_control|^acl$")


# The resolver of the request's own context: whom and where it addresses (FastAPI's
# `get_current_user`, `get_current_tenant` reading the `{tenant_slug}` path parameter or the
# default tenant, `get_current_workspace`; Flask's `current_user`). What it loads is the frame of
# every request, like the authentication guard's user, not the handler's resource.
_REQUEST_CONTEXT = re.compile(r"^(?:[gG]et_?)?[cC]urrent_?[A-Za-z][a-z]+$")


def _request_context(name: str) -> bool:
    parts = name.rsplit(".", 2)
    short = parts[-2] if parts[-1] == "__call__" and len(parts) > 1 else parts[-1]
    return bool(_REQUEST_CONTEXT.match(short))


# The names a class's constructor goes by in the call graph (Python, JS/TS, Java-style).
_CONSTRUCTOR_NAMES = frozenset({"__init__", "__new__", "constructor", "<init>"})


# A provider of a repository: `get_repository(UserRepository)`, `get_user_repo`, `provide_store`.
_REPO_PROVIDER = re.compile(r"(?i)^(get|new|make|create|provide|build)_?\w*?"
                            r"(repository|repositories|repo|repos|dao|store|persister)"
                            r"(_?with_?connection)?$")
# The class of a repository itself (`StoreRepository`, `UserDAO`, `Store`): its methods are its
# operations on the data, whatever they are named.
_REPO_CLASS = re.compile(r"(?i)(repository|repositories|repo|repos|dao|store)$")


def _constructor(name: str, kind: str | None = None) -> bool:
    """Building or handing out a repository, a session or a connection: wiring, not access.

    The provider names (`get_session`, `get_repository`, `get_store`) are also the names of
    reads: `StoreRepository.get_store(id)` loads the store row of a shop, `SessionRepository.
    get_session(sid)` a login session. A method of a repository class is its operation on the
    data, so the provider names count only for a function, a callable instance's `__call__`, or
    a method of a class that is not itself the repository (a container, a factory)."""
    parts = name.rsplit(".", 2)
    short = parts[-1]
    if short in _CONSTRUCTOR_NAMES or short.startswith("New"):
        return True
    if short == "__call__" and len(parts) > 1:
        # a callable instance used as a dependency (FastAPI "advanced dependencies": a class
        # whose instance is called per request, `Depends(get_repository(UserRepository))`):
        # what it provides is told by its class's name
        short = parts[-2]
    elif kind == "method" and len(parts) > 1 and _REPO_CLASS.search(parts[-2]):
        return False  # the repository's own read (`StoreRepository.get_store`)
    return bool(_PROVIDER.match(short)) or bool(_REPO_PROVIDER.match(short))


def _service_provider(g, name: str, layers: dict[str, str]) -> bool:
    """A function that builds a service-layer object (it calls a service class's constructor,
    `UserManager(...)`, Go's `NewUserService(...)`): a dependency or factory that hands the
    handler a service, not a way around it."""
    if layers.get(name) == "handler":
        return False  # the handler's own body (a closure, `services.NewContext(...)`) is no provider
    for s in g.g.successors(name):
        if layers.get(s) != "service":
            continue
        short = s.rsplit(".", 1)[-1]
        if short in _CONSTRUCTOR_NAMES or _NEW_SERVICE.match(short):
            return True
    return False


# Go's and TS's constructor functions of a service: `NewUserService`, `NewItemUsecase`.
_NEW_SERVICE = re.compile(r"^New\w*(Service|UseCase|Usecase|Interactor|Manager)$")


# Transaction control: what a decorator or a context manager that runs the handler's work in a
# transaction does to the session (SQLAlchemy's commit/rollback/flush/refresh/begin, Django's
# atomic, Go's Commit/Rollback): wiring around the data access, not the access itself.
_TX_CONTROL = frozenset("""commit rollback flush refresh begin begin_nested close expire
expunge Commit Rollback Begin BeginTx atomic savepoint""".split())


def _transaction_only(g, node: str, e, facts) -> bool:
    """Whether every data site of the endpoint inside function `node` is transaction control
    (`@managed_tx_function` committing, rolling back and retrying around what it wraps)."""
    d = g.g.nodes.get(node, {})
    file, lo, hi = d.get("file", ""), d.get("line", 0), d.get("end_line", 0) or d.get("line", 0)
    lines = {s["line"] for s in e.data_sites if s["file"] == file and lo <= s["line"] <= hi}
    if not lines or facts is None:
        return False
    names = {c.get("name") for c in (facts.get(file) or {}).get("calls", ())
             if c.get("line") in lines}
    return bool(names) and names <= _TX_CONTROL


_DATA_DIR = re.compile(r"(^|/)(repos?|repositor(y|ies)|stores?|dao|db|database|persistence|"
                       r"storage|crud|models?|queries)(/|$)", re.IGNORECASE)


def _application_layer(g, name: str, layers: dict[str, str], handler_file: str) -> bool:
    """A method of a type (or a class) in another folder than the handler's, that calls a
    repository-layer function itself: the layer between the handlers and the store, whatever
    it is called."""
    d = g.g.nodes.get(name, {})
    file = d.get("file") or ""
    if not file or posixpath.dirname(file) == posixpath.dirname(handler_file) or \
            not production_path(file) or d.get("kind") not in ("method", None):
        return False
    if "." not in name.rsplit("/", 1)[-1].split(".", 1)[-1]:
        return False  # a plain function of a package, not a method of a type of its own
    if _DATA_DIR.search(file):
        return False  # a type of the data-access folders (`internal/repo/`, `db/`): the store
    owner = name.rsplit(".", 1)[0]
    # (of another type and another folder: a database wrapper's public method calling its own
    # query methods, `tsdb.TSDB.QueryServiceHistory`, is the data access itself)
    return any((layers.get(m) == "repository" or
                g.g.nodes.get(m, {}).get("layer") == "repository") and
               m.rsplit(".", 1)[0] != owner and
               posixpath.dirname(g.g.nodes.get(m, {}).get("file") or "") != posixpath.dirname(file)
               for m in g.g.successors(name))


def _direct_data_path(g, start: str, layers: dict[str, str], e, facts=None) -> str | None:
    """The first repository node (or the handler itself, when it issues SQL) reachable from the
    handler without passing through a service-layer node."""
    sql_files_lines = {(s["file"], s["line"]) for s in e.sql_sites}
    if g is None or start not in g.g:
        return None
    h = e.chain[0]
    end = h.line
    for n in e.chain[:1]:
        data = g.g.nodes.get(n.name, {})
        end = data.get("end_line", end)
    if any(f == h.file and h.line <= ln <= end for f, ln in sql_files_lines):
        return start
    seen = {start}
    stack = [start]
    while stack:
        cur = stack.pop()
        # one call dispatched through an interface to a service and to a repository that has
        # the same methods (Go types satisfy an interface by shape: `newsRepo` has all of
        # `news.UseCase`'s methods): the call site is the service's
        via_service = {(m.rsplit(".", 1)[-1], getattr(d, "line", 0))
                       for _c, m, d in g.g.out_edges(cur, data=True) if layers.get(m) == "service"}
        for _c, nxt, d in g.g.out_edges(cur, data=True):
            if nxt in seen:
                continue
            layer = layers.get(nxt)
            if layer == "repository" and (nxt.rsplit(".", 1)[-1], getattr(d, "line", 0)) in \
                    via_service:
                continue
            seen.add(nxt)
            if layer == "service" or layer is None:
                continue
            if layer != "repository" and (_auth_guard(nxt) or _request_context(nxt)):
                continue  # the authentication guard's own lookups (a token blocklist, the
                # current user) are the guard's, not the handler's way to its data
            if layer != "repository" and _application_layer(g, nxt, layers, h.file):
                continue  # a function of another package that the handler calls and that
                # calls the repositories itself (focalboard's `app.App`, an "application" or
                # "core" layer named for no service): the handler's way to its data goes
                # through it, as through a service
            if layer != "repository" and _service_provider(g, nxt, layers):
                continue  # the provider of a service (FastAPI `Depends(get_user_manager)`):
                # what it reads to build the service is the service's, the handler goes
                # through the service it returns
            if layer == "repository":
                if _transaction_only(g, nxt, e, facts):
                    stack.append(nxt)  # a transaction's wrapper: what it runs decides
                    continue
                if not _constructor(nxt, g.g.nodes.get(nxt, {}).get("kind")):
                    return nxt
                continue  # building a repository (a provider, a factory) is wiring, not access
            stack.append(nxt)
    return None
