"""Go call graph on fixtures/graph/go: handlers -> services -> domain interfaces -> postgres.

The fixture reproduces AIM's patterns (constructor injection, interface fields, embedded
structs, closures, method values as route handlers, aliased imports) with negative cases: a mock
implementation in a _test.go file, types with only part of an interface's method set, and an
interface nothing implements.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.graph import build_graph
from auditor.index.facts import FileFacts
from auditor.index.go import index_go
from auditor.parse import parse
from expect import set_diff

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "graph" / "go"
M = "example.com/shop"
SRV, APP, PG, H = f"{M}/cmd/server", f"{M}/internal/application", \
    f"{M}/internal/infrastructure/postgres", f"{M}/internal/interfaces/http/handlers"

EXPECTED = {
    (f"{SRV}.main", f"{PG}.NewOrderRepo"),
    (f"{SRV}.main", f"{APP}.NewOrderService"),
    (f"{SRV}.main", f"{H}.NewOrderHandler"),
    (f"{SRV}.main", f"{H}.OrderHandler.Create"),  # method value passed to app.Post
    (f"{SRV}.main", f"{SRV}.main.func1"),  # closure
    (f"{SRV}.main", f"{SRV}.setupRoutes"),
    (f"{SRV}.main", f"{APP}.OrderService.Get"),  # through the package-level var
    (f"{SRV}.main", f"{SRV}.onError"),  # function in a composite literal argument
    (f"{SRV}.main.func1", f"{PG}.OrderRepo.Name"),  # captured variable, value receiver
    (f"{SRV}.init", f"{APP}.NewOrderService"),  # package-level var initializer
    (f"{SRV}.setupRoutes", f"{H}.OrderHandler.List"),  # h.Order.List: param -> field -> method
    (f"{SRV}.setupRoutes", f"{H}.OrderHandler.Sum"),
    (f"{PG}.OrderRepo.Save", f"{PG}.base.exec"),  # promoted from the embedded struct
    (f"{APP}.NewOrderService", f"{APP}.NewAuditor"),
    (f"{APP}.OrderService.Get", f"{PG}.OrderRepo.Find"),  # interface (embedded Reader)
    (f"{APP}.OrderService.Place", f"{PG}.OrderRepo.Save"),  # interface field
    (f"{APP}.OrderService.Place", f"{APP}.OrderService.Place.func1"),
    (f"{APP}.OrderService.Place.func1", f"{APP}.Auditor.Record"),  # call inside a goroutine
    (f"{APP}.OrderService.Total", f"{APP}.NewAuditor"),
    (f"{APP}.OrderService.Total", f"{APP}.OrderService.Get"),
    (f"{APP}.OrderService.Total", f"{APP}.Summer.Add"),  # range over []*Order, &Summer{}
    (f"{APP}.OrderService.Total", f"{APP}.Auditor.Record"),  # a := NewAuditor(...)
    (f"{H}.OrderHandler.List", f"{APP}.OrderService.Get"),  # aliased import `app`
    (f"{H}.OrderHandler.List", f"{H}.BaseHandler.respond"),  # promoted method
    (f"{H}.OrderHandler.Create", f"{H}.withRetry"),
    (f"{H}.OrderHandler.Create", f"{H}.OrderHandler.Create.func1"),
    (f"{H}.OrderHandler.Create.func1", f"{APP}.OrderService.Place"),
    (f"{H}.OrderHandler.Create", f"{H}.BaseHandler.respond"),
    (f"{H}.OrderHandler.Sum", f"{H}.BaseHandler.respond"),
    (f"{H}.OrderHandler.Sum", f"{APP}.OrderService.Total"),
}

UNRESOLVED = {
    (f"{APP}.OrderService.Place", f"{M}/internal/domain.Notifier.Notify"),  # no implementation
    (f"{PG}.OrderRepo.Find", "database/sql.DB.QueryRow"),  # promoted field of an external type
    (f"{PG}.base.exec", "database/sql.DB.Exec"),
    (f"{APP}.Auditor.Record", "fmt.Println"),
    (f"{SRV}.main", "database/sql.Open"),
    (f"{SRV}.setupRoutes", "github.com/gofiber/fiber/v3.Router.Get"),
    (f"{H}.withRetry", "fn"),
}


def _graph():
    facts = {}
    for p in sorted(ROOT.rglob("*.go")):
        rel = p.relative_to(ROOT).as_posix()
        fx = FileFacts(path=rel, language="go")
        index_go(rel, parse("go", p.read_bytes()), fx)
        facts[rel] = fx.to_dict()
    return facts, build_graph(facts, ROOT)


@pytest.fixture(scope="module")
def graph():
    return _graph()


def test_resolved_edges_exact(graph):
    _, cg = graph
    got = {(u, v) for u, v, d in cg.g.edges(data=True) if d["resolved"]}
    assert set_diff(got, EXPECTED) == []


def test_unresolved_calls_are_kept_with_best_names(graph):
    _, cg = graph
    got = {(u, v) for u, v, d in cg.g.edges(data=True) if not d["resolved"]}
    missing = UNRESOLVED - got
    print("missing:", sorted(missing))
    assert not missing
    # builtins and conversions are not calls; they are counted, not turned into edges
    assert cg.g.graph["go_skipped_calls"]["builtin"] >= 3  # make, close, append
    assert not any(v in ("make", "close", "append") for _, v in got)


def test_nodes_carry_names_files_and_kinds(graph):
    facts, cg = graph
    d = cg.g.nodes[f"{H}.OrderHandler.List"]
    assert (d["file"], d["line"], d["kind"], d["language"]) == \
        ("internal/interfaces/http/handlers/order_handler.go", 19, "method", "go")
    assert cg.g.nodes[f"{APP}.OrderService.Place.func1"]["kind"] == "closure"
    assert facts["internal/application/order_service.go"]["module"] == APP
    assert facts["internal/application/order_service.go"]["package"] == "application"
    edge = cg.g.edges[f"{H}.OrderHandler.List", f"{APP}.OrderService.Get"]
    assert (edge["file"], edge["line"]) == ("internal/interfaces/http/handlers/order_handler.go", 20)


@pytest.mark.parametrize("scope,expr,want", [
    (f"{SRV}.setupRoutes", "h.Order.List", f"{H}.OrderHandler.List"),
    (f"{SRV}.main", "orderHandler.Create", f"{H}.OrderHandler.Create"),
    (f"{SRV}.main", "handlers.NewOrderHandler(svc).Sum", f"{H}.OrderHandler.Sum"),
    (f"{SRV}.main", "onError", f"{SRV}.onError"),
    (f"{SRV}.main", "repo.Find", f"{PG}.OrderRepo.Find"),
    (f"{SRV}.main", "svc.repo.Save", f"{PG}.OrderRepo.Save"),
    (f"{SRV}.setupRoutes", "h.Order.Nope", None),
    (f"{SRV}.setupRoutes", "orderHandler.Create", None),  # not in this scope
    (f"{SRV}.main", "fiber.New", None),
])
def test_ref_resolver(graph, scope, expr, want):
    _, cg = graph
    assert cg.resolve_ref("go", "cmd/server/main.go", scope, expr) == want


def test_graph_is_idempotent_on_the_same_facts(graph):
    facts, cg = graph
    again = build_graph(facts, ROOT)
    assert set(again.g.edges()) == set(cg.g.edges())
    assert facts["cmd/server/main.go"]["functions"][0]["qname"].startswith(SRV + ".")


def test_pathological_input_yields_facts_not_crashes(tmp_path):
    """Deep nesting, deep closures, a broken file and chains of package vars: facts and a graph
    come out, no recursion error."""
    cases = {
        "parens.go": b"package p\nfunc F() { x := " + b"(" * 3000 + b"1" + b")" * 3000 +
                     b"\n g(x) }\n",
        "closures.go": b"package p\nfunc F() {\n" + b"func() {\n" * 400 + b"g()\n" +
                       b"}()\n" * 400 + b"}\n",
        "chain.go": b"package p\n" + b"".join(b"var v%d = v%d\n" % (i, i + 1)
                                              for i in range(300)) + b"var v300 = 1\n",
        "ifaces.go": b"package p\n" + b"".join(b"type I%d interface { I%d; M%d() }\n" %
                                               (i, i + 1, i) for i in range(300)),
        "bad.go": b"package p\nfunc ( { x := := }} type struct func(\n\xff\xfe",
    }
    facts = {}
    for name, data in cases.items():
        fx = FileFacts(path=name, language="go")
        index_go(name, parse("go", data), fx)
        facts[name] = fx.to_dict()
    assert len(facts["closures.go"]["functions"]) == 401
    assert max(len(f["qname"]) for f in facts["closures.go"]["functions"]) <= 320
    cg = build_graph(facts, tmp_path)
    inner = [n for n, d in cg.g.nodes(data=True) if d.get("kind") == "closure"]
    assert len(inner) == 400
    assert any(v == "g" and not d["resolved"] for _, v, d in cg.g.edges(data=True))
