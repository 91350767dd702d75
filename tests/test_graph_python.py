"""The Python call graph on fixtures/graph/python: exact edge sets, both resolved and not."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.graph import build_graph
from auditor.scan.analyze import analyze

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "graph" / "python"

A = "app.api.users"
SVC = "app.services.user_service.UserService"
REPO = "app.repositories.user_repository.UserRepository"
ORDERS = "app.repositories.order_repository.OrderRepository"
BASE_REPO = "app.repositories.base.BaseRepository"
TOKENS = "app.services.token_service.TokenService"
PORTS = "app.repositories.ports"

EXPECTED_RESOLVED = {
    # decorator that returns the function, applied at import time
    (A, "app.audit.traced"),
    (f"{A}.configure", f"{A}.configure.<lambda1>"),
    # Depends chains: get_db -> get_repo -> get_service -> route
    (f"{A}.get_repo", "app.db.get_db"),
    (f"{A}.get_repo", f"{BASE_REPO}.__init__"),  # inherited constructor, aliased module import
    (f"{A}.get_service", f"{A}.get_repo"),
    (f"{A}.get_service", f"{SVC}.__init__"),
    (f"{A}.list_users", f"{A}.get_service"),
    (f"{A}.list_users", f"{A}.run_with_retry"),
    (f"{A}.list_users", "app.audit.AuditLog.record"),  # module-level instance, aliased import
    (f"{A}.run_with_retry", f"{SVC}.list_users"),  # a bound method passed as an argument
    (f"{A}.get_user", f"{A}.get_service"),  # Annotated[..., Depends(...)]
    (f"{A}.get_user", f"{SVC}.get"),
    (f"{A}.list_orders", f"{ORDERS}.__init__"),  # bare Depends(): the annotation builds it
    (f"{A}.list_orders", f"{ORDERS}.find_all"),
    ("app.main.create_app", f"{A}.configure"),  # `from .api import users`; decorated function
    # an `Annotated[T, Depends(p)]` alias imported from another module
    ("app.api.items.create_item", f"{A}.get_service"),
    ("app.api.items.create_item", f"{SVC}.get"),  # through functools.partial(svc.get, uid)
    ("app.api.items.create_item", "app.api.items.notify"),  # background_tasks.add_task(notify)
    ("app.api.items.unused_helper", "app.api.items.notify"),
    # constructor injection, inheritance, super()
    (f"{SVC}.__init__", "app.services.base.BaseService.__init__"),
    (f"{SVC}.list_users", "app.services.base.BaseService.audit"),
    (f"{SVC}.list_users", f"{REPO}.find_all"),  # and not OrderRepository.find_all
    (f"{SVC}.get", f"{REPO}.find_one"),
    (f"{SVC}.build", f"{SVC}.__init__"),  # cls(...) in a classmethod
    (f"{SVC}.build", f"{BASE_REPO}.__init__"),
    (f"{ORDERS}.__init__", f"{BASE_REPO}.__init__"),
    (f"{ORDERS}.find_all", f"{BASE_REPO}.execute"),
    (f"{REPO}.find_all", f"{BASE_REPO}.execute"),
    (f"{REPO}.find_one", f"{BASE_REPO}.execute"),
    # calls through an ABC's abstract method and a Protocol reach the implementations; not
    # Unrelated.save (outside the hierarchy) nor PartialSink (no write())
    (f"{TOKENS}.issue", f"{PORTS}.TokenStore.save"),
    (f"{TOKENS}.issue", f"{PORTS}.DbTokenStore.save"),
    (f"{TOKENS}.issue", f"{PORTS}.AuditSink.write"),
    (f"{TOKENS}.issue", f"{PORTS}.FileSink.write"),
}

EXPECTED_UNRESOLVED = {
    (A, "fastapi.APIRouter"),
    (A, "fastapi.APIRouter.get"),
    (A, "fastapi.Depends"),
    ("app.api.deps", "fastapi.Depends"),
    ("app.api.items", "fastapi.APIRouter"),
    ("app.api.items", "fastapi.APIRouter.post"),
    ("app.api.items.create_item", "functools.partial"),
    (f"{A}.configure", "ext_lib.Client"),
    (f"{A}.configure", "ext_lib.Client.fetch"),  # `Client().fetch()` named by its import path
    ("app.db.get_db", "ext_lib.Session"),
    ("app.db.get_db", "ext_lib.Session.close"),
    ("app.main", "fastapi.FastAPI"),
    ("app.main", "fastapi.FastAPI.include_router"),
    # the session yielded by get_db reaches the repository through two Depends and a constructor
    (f"{BASE_REPO}.execute", "ext_lib.Session.execute"),
}


def _facts(root: Path) -> dict:
    out = {}
    for f in sorted(root.rglob("*.py")):
        rel = f.relative_to(root).as_posix()
        out[rel] = analyze(rel, str(f), "python")
    return out


def _diff(name: str, expected: set, got: set) -> list[str]:
    lines = [f"{name} missing: {a} -> {b}" for a, b in sorted(expected - got)]
    lines += [f"{name} extra:   {a} -> {b}" for a, b in sorted(got - expected)]
    return lines


@pytest.fixture(scope="module")
def graph():
    facts = _facts(FIXTURE)
    for fx in facts.values():
        assert fx["errors"] == [], fx["errors"]
    return build_graph(facts, FIXTURE)


def test_exact_edges(graph):
    resolved, unresolved = set(), set()
    for a, b, d in graph.g.edges(data=True):
        (resolved if d["resolved"] else unresolved).add((a, b))
    problems = _diff("resolved", EXPECTED_RESOLVED, resolved)
    problems += _diff("unresolved", EXPECTED_UNRESOLVED, unresolved)
    print("\n".join(problems))
    assert problems == []


def test_nodes_carry_location_and_kind(graph):
    n = graph.g.nodes[f"{SVC}.list_users"]
    assert (n["file"], n["line"], n["kind"], n["language"]) == \
        ("app/services/user_service.py", 10, "method", "python")
    assert graph.g.nodes["app.services.user_service"]["kind"] == "module"
    assert graph.g.nodes[SVC]["kind"] == "class"
    assert graph.g.nodes[f"{A}.configure.<lambda1>"]["kind"] == "closure"
    site = graph.g.edges[f"{SVC}.list_users", f"{REPO}.find_all"]
    assert (site["file"], site["line"]) == ("app/services/user_service.py", 12)


def test_reference_resolver(graph):
    ref = graph.resolve_ref
    assert ref("python", "app/main.py", "app.main", "users.configure") == f"{A}.configure"
    assert ref("python", "app/api/users.py", f"{A}.list_users", "svc.list_users") == \
        f"{SVC}.list_users"
    assert ref("python", "app/api/users.py", A, "UserService") == SVC  # package re-export
    assert ref("python", "app/api/users.py", A, "router") is None  # an external instance
    assert ref("python", "app/api/users.py", A, "no_such_name") is None
    assert ref("python", "app/api/users.py", A, "get_repo()") is None


def test_trace_from_route_reaches_repository(graph):
    reach = set(graph.reachable(f"{A}.list_users"))
    assert {f"{SVC}.list_users", f"{REPO}.find_all", f"{BASE_REPO}.execute"} <= reach
    assert f"{ORDERS}.find_all" not in reach


BROKEN = '''\
def good(x):
    return helper(x)


def helper(y):
    return y +


class Half:
    def method(self):
        good(1)
'''


def test_libcst_rejected_file_falls_back_to_tree_sitter(tmp_path):
    (tmp_path / "broken.py").write_text(BROKEN)
    facts = _facts(tmp_path)
    fx = facts["broken.py"]
    assert fx["parser"] == "tree-sitter"
    assert any(e["stage"] == "parse" and "libcst" in e["message"] for e in fx["errors"])
    assert {f["qname"] for f in fx["functions"]} >= {"broken", "broken.good", "broken.helper",
                                                      "broken.Half.method"}
    cg = build_graph(facts, tmp_path)
    assert cg.g.has_edge("broken.good", "broken.helper")
    assert cg.g.has_edge("broken.Half.method", "broken.good")


def test_deep_nesting_and_odd_input_do_not_crash(tmp_path):
    (tmp_path / "deep.py").write_text("x = " + "[" * 20000 + "]" * 20000 + "\n"
                                      "def f():\n    return g(" + "(" * 3000 + "1" +
                                      ")" * 3000 + ")\n")
    (tmp_path / "latin.py").write_bytes(b"# caf\xe9\ndef h():\n    return 1\n")
    facts = _facts(tmp_path)
    assert "deep.f" in {f["qname"] for f in facts["deep.py"]["functions"]}
    assert not [e for e in facts["deep.py"]["errors"] if e["stage"] == "index"]
    assert "latin.h" in {f["qname"] for f in facts["latin.py"]["functions"]}
    cg = build_graph(facts, tmp_path)
    assert cg.g.has_edge("deep.f", "g") and not cg.g.edges["deep.f", "g"]["resolved"]


def test_relative_import_and_src_layout(tmp_path):
    pkg = tmp_path / "src" / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .sub.impl import work as do_work\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "impl.py").write_text("def work():\n    return 1\n")
    (tmp_path / "cli.py").write_text("import pkg\nfrom pkg import do_work\n\n"
                                     "def main():\n    pkg.do_work()\n    do_work()\n")
    cg = build_graph(_facts(tmp_path), tmp_path)
    assert cg.g.has_edge("cli.main", "src.pkg.sub.impl.work")
    assert cg.g.edges["cli.main", "src.pkg.sub.impl.work"]["resolved"]


def test_star_import_submodule_attribute_and_flask_view_reference(tmp_path):
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "__init__.py").write_text("")
    (tmp_path / "web" / "views.py").write_text("def index():\n    return helper()\n\n"
                                               "def helper():\n    return 1\n\n"
                                               "def _private():\n    return 2\n")
    (tmp_path / "web" / "util.py").write_text("def slug(s):\n    return s\n")
    (tmp_path / "app.py").write_text(
        "import web.util\nfrom web.views import *\nfrom web import views\n\n"
        "def setup(app):\n    app.add_url_rule('/', view_func=views.index)\n"
        "    web.util.slug('x')\n    index()\n    _private()\n")
    cg = build_graph(_facts(tmp_path), tmp_path)
    edges = {(a, b): d["resolved"] for a, b, d in cg.g.edges(data=True)}
    assert edges[("app.setup", "web.util.slug")] is True
    assert edges[("app.setup", "web.views.index")] is True
    assert edges[("app.setup", "_private")] is False  # `import *` skips private names
    assert edges[("web.views.index", "web.views.helper")] is True
    assert cg.resolve_ref("python", "app.py", "app.setup", "views.index") == "web.views.index"


def test_class_fields_take_types_from_init_parameters():
    fx = analyze("app/services/user_service.py",
                 str(FIXTURE / "app" / "services" / "user_service.py"), "python")
    cls = next(c for c in fx["classes"] if c["name"] == "UserService")
    assert cls["fields"] == {"repo": "UserRepository"}
    assert cls["bases"] == ["BaseService"] and cls["methods"] == ["__init__", "list_users",
                                                                    "get", "build"]
    fx = analyze("app/repositories/order_repository.py",
                 str(FIXTURE / "app" / "repositories" / "order_repository.py"), "python")
    cls = next(c for c in fx["classes"] if c["name"] == "OrderRepository")
    assert cls["fields"] == {"table": "str", "cache": "dict"}
    imp = analyze("app/api/users.py", str(FIXTURE / "app" / "api" / "users.py"), "python")
    got = {(i["alias"], i["target"], i["name"]) for i in imp["imports"]}
    assert ("ur", "app.repositories.user_repository", None) in got
    assert ("OrderRepository", "app.repositories", "OrderRepository") in got  # `from ..x`
    assert ("log", "app.audit", "audit_log") in got  # `import y as z` from a relative module


def test_edge_data_is_a_mapping_that_round_trips():
    """Edges keep their call site in a slotted mapping: what networkx hands out reads like the
    dict it replaced, serializes to JSON and comes back the same through a snapshot."""
    import json

    from auditor.graph import CallGraph

    cg = CallGraph()
    cg.add_function("m.f", name="f", file="m.py", line=1, kind="function", language="python")
    cg.add_call("m.f", "m.g", file="m.py", line=2, resolved=False)
    cg.add_call("m.f", "m.g", file="m.py", line=9, resolved=False)  # first call site kept
    d = cg.g.edges["m.f", "m.g"]
    assert dict(d) == {"file": "m.py", "line": 2, "resolved": False}
    assert d.get("ref") is None and "ref" not in d and d["line"] == 2
    d["ref"] = True
    with pytest.raises(KeyError):
        d["other"] = 1
    back = CallGraph.from_data(json.loads(json.dumps(cg.to_data())))
    assert dict(back.g.edges["m.f", "m.g"]) == {"file": "m.py", "line": 2, "resolved": False,
                                                "ref": True}
    merged = CallGraph()
    merged.merge(back)
    assert dict(merged.g.edges["m.f", "m.g"]) == dict(back.g.edges["m.f", "m.g"])
    assert merged.g.nodes["m.g"]["external"] is True
