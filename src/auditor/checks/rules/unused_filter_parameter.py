"""A filter or paging parameter that a function on a request path accepts and never uses.

What it finds:
A handler, service or repository function on an endpoint's trace that takes a parameter named
like a filter or a page (`status`, `chain`, `min_amount`, `from_date`, `search`, `limit`,
`offset`, `sort_by`) and never reads it: the filter never reaches the query, so every caller gets
the unfiltered result. A function literal with no name handed to an API (a callback such as
`net.Resolver.Dial`) is left out: its parameters are the ones the API passes; so is a
constructor or converter outside the handler, service and repository layers (`NewStatsFrom(summary,
filters)` building a view model of a result its caller already filtered): it runs no query; and so
is a method that only raises "not implemented" (a base class's abstract method): its subclasses'
overrides read the parameter; and so is a method's parameter that another method of the same name
reads at that place (a base class and its overrides, the clients behind one interface, a test
double beside the real store): the signature is shared, the other implementation uses it.

Why it matters:
The API accepts the filter, documents it, and ignores it. Clients believe they received the rows
they asked for; a paging parameter that is dropped returns everything at once.

Example:
    def list_exploits(self, chain: str | None, min_amount: float | None):
        return self.db.execute("SELECT * FROM exploits").fetchall()

Fix:
Pass the parameter into the query (as a bound parameter), or remove it from the signature and
the API.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import impl_context, production_path, short
from auditor.model import Finding

FILTER_NAME = re.compile(
    r"(?i)^(filters?|status|chain|protocol|network|min_?\w+|max_?\w+|from_?date|to_?date|"
    r"date_?(from|to)|start_?(date|time)|end_?(date|time)|since|until|search|query_?text|keyword|"
    r"tags?|category|severity|level|sort_?by|order_?by|sort|limit|offset|page|page_?size|"
    r"per_?page|cursor|before|after|active|include_?\w+|exclude_?\w+)$")

_POS = '''from fastapi import FastAPI

app = FastAPI()


class ExploitRepository:
    def list(self, db, chain=None, min_amount=None):
        return db.execute("SELECT * FROM exploits").fetchall()


repo = ExploitRepository()


@app.get("/exploits")
def exploits(chain: str = None, min_amount: float = None):
    return repo.list(None, chain, min_amount)
'''
_NEG = '''from fastapi import FastAPI

app = FastAPI()


class ExploitRepository:
    def list(self, db, chain=None):
        return db.execute("SELECT * FROM exploits WHERE chain = %s", (chain,)).fetchall()


repo = ExploitRepository()


@app.get("/exploits")
def exploits(chain: str = None):
    return repo.list(None, chain)
'''


# A view model built from a summary its caller already filtered: a constructor runs no query.
_NEG_VIEW = '''package v1

import "net/http"

type Filters struct{ Project string }
type Summary struct{ Total int }
type StatsViewModel struct{ Total int }

func NewStatsFrom(summary *Summary, filters *Filters) *StatsViewModel {
\treturn &StatsViewModel{Total: summary.Total}
}

type Handler struct{ load func(*Filters) *Summary }

func (h *Handler) Get(w http.ResponseWriter, r *http.Request) {
\tf := &Filters{Project: r.URL.Query().Get("project")}
\tvm := NewStatsFrom(h.load(f), f)
\t_ = vm
}

func (h *Handler) Routes(mux *http.ServeMux) {
\tmux.HandleFunc("GET /stats", h.Get)
}
'''
# A base class's abstract method: the subclasses' overrides take the filter to their queries.
_NEG_ABSTRACT = '''from fastapi import FastAPI

app = FastAPI()


class ListContext:
    def __init__(self, db):
        self.db = db

    def query_set(self, search):
        raise NotImplementedError("Must be implemented by subclass")


class ActiveContext(ListContext):
    def query_set(self, search):
        return self.db.execute("SELECT * FROM items WHERE name = %s", (search,)).fetchall()


@app.get("/items")
def items(search: str = ""):
    ctx = ActiveContext(None)
    return ctx.query_set(search)
'''
_BUILDER = re.compile(r"^(New|new|From|from|make|Make)(?=[A-Z_])")


class UnusedFilterParameter(Rule):
    __doc__ = __doc__
    id = "unused-filter-parameter"
    name = "IgnoredFilterParameter"
    category = "other"
    severity = "medium"
    confidence = "medium"
    precision = "high"
    scope = "project"
    positive = [Example("python", _POS, "app.py")]
    negative = [Example("python", _NEG, "app.py"), Example("go", _NEG_VIEW, "models/v1/stats.go"),
                Example("python", _NEG_ABSTRACT, "app.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        from auditor.checks.rules.hardcoded_return import hardcoded_functions

        ic = impl_context(ctx)
        readers = None
        constant = {(i.file, i.rec["line"]) for i, _f, _m, _r in hardcoded_functions(ctx)}
        for info in ic.traced_production_functions():
            if (info.file, info.rec["line"]) in constant:
                continue  # it ignores every input: reported as a hardcoded return
            rec = info.rec
            if not rec["returns"] and not rec["responses"] and not rec["calls"]:
                continue  # a declaration without a body
            if not rec.get("name"):
                # a function literal handed to an API (`net.Resolver{Dial: func(ctx, network,
                # address string) ...}`, a comparator): its signature is the API's, and the
                # parameters it ignores are not filters its author offered
                continue
            if info.layer not in ("handler", "service", "repository") and \
                    _BUILDER.match(rec["name"].rsplit(".", 1)[-1]):
                continue  # a constructor or converter of a value (a view model built from a
                # result its caller already filtered): it runs no query to pass a filter to
            if rec.get("not_implemented") and not rec["returns"] and not rec["responses"]:
                continue  # a method that only raises "not implemented" (a base class's abstract
                # method, `raise NotImplementedError("Must be implemented by subclass")`): its
                # parameters are the interface's, the overrides are what read them
            ignored = [p for p in rec["unused_params"] if FILTER_NAME.match(p)]
            if ignored and ic.is_method(info):
                # a method whose signature it shares with other implementations of the same
                # name (a base class and its overrides, the clients behind one interface: an
                # aria2 client's add_torrents beside qBittorrent's, a test double beside the
                # real store): the parameter belongs to the shared signature where another
                # implementation reads it
                if readers is None:
                    readers = _param_readers(ic)
                short_name = rec["name"].rsplit(".", 1)[-1]
                pos = {p: i for i, p in enumerate(rec.get("params") or ())}
                ignored = [p for p in ignored if (short_name, p) not in readers and
                           (short_name, f"#{pos.get(p)}") not in readers]
            if not ignored:
                continue
            yield self.finding(
                info.file, rec["line"],
                f"{info.layer} {short(rec.get('name') or 'function')} accepts "
                f"{', '.join(ignored)} but never uses {'it' if len(ignored) == 1 else 'them'}: "
                "the filter never reaches the query",
                snippet=f"{rec.get('name')}({', '.join(rec['params'])})",
                endpoints=sorted(info.endpoints), critical_path=True)


def _param_readers(ic) -> set[tuple[str, str]]:
    """(method name, parameter) and (method name, `#position`) of every method of the tree that
    takes a parameter there and reads it."""
    out: set[tuple[str, str]] = set()
    for info in ic.functions():
        name = info.rec.get("name") or ""
        if not ic.is_method(info) or not production_path(info.file):
            continue  # (a test's fake reading the parameter says nothing of the production code)
        unused = set(info.rec.get("unused_params") or ())
        short_name = name.rsplit(".", 1)[-1]
        for i, p in enumerate(info.rec.get("params") or ()):
            if p not in unused:
                # (by name, and by position: `filter` in a test double, `extraFilters` in the
                # real client)
                out.add((short_name, f"#{i}"))
                if FILTER_NAME.match(p):
                    out.add((short_name, p))
    return out
