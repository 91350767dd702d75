"""TypeScript/JavaScript call graph on two fixture apps: exact edge sets, handler references,
and the facts the indexer records. Fixtures: fixtures/graph/ts/{express,nest}."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.graph import build_graph
from auditor.graph.typescript import _strip_jsonc, _type_name
from auditor.index.facts import FileFacts
from auditor.index.typescript import index_typescript, module_name
from auditor.parse import parse
from auditor.scan.analyze import analyze
from expect import set_diff

FIX = Path(__file__).parent.parent / "fixtures" / "graph" / "ts"
LANGS = {".ts": "typescript", ".tsx": "tsx", ".js": "javascript"}

EXPRESS_EDGES = {
    ("src/app", "(…).listen", False),
    ("src/app", "src/app.createApp", True),
    ("src/app.createApp", "app.get", False),
    ("src/app.createApp", "app.use", False),
    ("src/app.createApp", "express", False),
    ("src/app.createApp", "express.json", False),
    ("src/app.createApp", "src/middleware/auth.authMiddleware", True),
    ("src/app.createApp", "src/routes/health.healthCheck", True),
    ("src/controllers/orders.controller", "src/services/orders.service.OrdersService", True),
    ("src/controllers/orders.controller.createOrder", "src/services/orders.service.OrdersService.create", True),
    ("src/controllers/orders.controller.listOrders", "res.json", False),
    ("src/controllers/orders.controller.listOrders", "src/services/orders.service.OrdersService.list", True),
    ("src/controllers/reports.controller.ReportsController.constructor", "src/services/reports.service.ReportsService", True),
    ("src/controllers/reports.controller.ReportsController.summary", "res.json", False),
    ("src/controllers/reports.controller.ReportsController.summary", "src/services/reports.service.ReportsService.summary", True),
    ("src/controllers/users.controller", "src/middleware/async.asyncHandler", True),
    ("src/controllers/users.controller.createUser", "src/services/users.service.UsersService.createUser", True),
    ("src/controllers/users.controller.format", "list.map", False),
    ("src/controllers/users.controller.format", "src/controllers/users.controller.format.<anonymous@17>", True),
    ("src/controllers/users.controller.removeUser", "(…).end", False),
    ("src/controllers/users.controller.removeUser", "express.Response.status", False),
    ("src/controllers/users.controller.removeUser", "src/services/users.service.UsersService.removeUser", True),
    ("src/controllers/users.controller.usersController.get", "express.Response.json", False),
    ("src/controllers/users.controller.usersController.get", "src/services/users.service.UsersService.getUser", True),
    ("src/controllers/users.controller.usersController.list", "express.Response.json", False),
    ("src/controllers/users.controller.usersController.list", "src/controllers/users.controller.format", True),
    ("src/controllers/users.controller.usersController.list", "src/services/users.service.UsersService.listUsers", True),
    ("src/db/pool", "pg.Pool", False),
    ("src/db/prisma", "@prisma/client.PrismaClient", False),
    ("src/middleware/async.asyncHandler", "src/middleware/async.asyncHandler.<anonymous@5>", True),
    ("src/middleware/async.asyncHandler.<anonymous@5>", "(…).catch", False),
    ("src/middleware/async.asyncHandler.<anonymous@5>", "Promise.resolve", False),
    ("src/middleware/async.asyncHandler.<anonymous@5>", "fn", False),
    ("src/middleware/auth.authMiddleware", "(…).end", False),
    ("src/middleware/auth.authMiddleware", "next", False),
    ("src/middleware/auth.authMiddleware", "res.status", False),
    ("src/middleware/auth.authMiddleware", "src/middleware/auth.verifyToken", True),
    ("src/middleware/auth.verifyToken", "jsonwebtoken.verify", False),
    ("src/repositories/orders.repository.OrdersRepository", "@prisma/client.PrismaClient", False),
    ("src/repositories/orders.repository.OrdersRepository.all", "@prisma/client.PrismaClient.order.findMany", False),
    ("src/repositories/users.repository.UsersRepository.findAll", "pg.Pool.query", False),
    ("src/repositories/users.repository.UsersRepository.findById", "pg.Pool.query", False),
    ("src/repositories/users.repository.UsersRepository.insert", "pg.Pool.query", False),
    ("src/repositories/users.repository.UsersRepository.remove", "pg.Pool.query", False),
    ("src/routes/health.healthCheck", "res.json", False),
    ("src/routes/orders.routes", "express.Router", False),
    ("src/routes/orders.routes", "ordersRouter.get", False),
    ("src/routes/orders.routes", "ordersRouter.post", False),
    ("src/routes/orders.routes", "src/controllers/orders.controller.listOrders", True),
    ("src/routes/orders.routes", "src/controllers/reports.controller.ReportsController.constructor", True),
    ("src/routes/orders.routes", "src/routes/orders.routes.<anonymous@14>", True),
    ("src/routes/orders.routes", "src/routes/orders.routes.<anonymous@7>", True),
    ("src/routes/orders.routes.<anonymous@14>", "src/controllers/reports.controller.ReportsController.summary", True),
    ("src/routes/orders.routes.<anonymous@7>", "(…).json", False),
    ("src/routes/orders.routes.<anonymous@7>", "res.status", False),
    ("src/routes/orders.routes.<anonymous@7>", "src/controllers/orders.controller.createOrder", True),
    ("src/routes/users.routes", "express.Router", False),
    ("src/routes/users.routes", "router.delete", False),
    ("src/routes/users.routes", "router.get", False),
    ("src/routes/users.routes", "router.post", False),
    ("src/routes/users.routes", "src/controllers/users.controller.createUser", True),
    ("src/routes/users.routes", "src/controllers/users.controller.removeUser", True),
    ("src/routes/users.routes", "src/controllers/users.controller.usersController.get", True),
    ("src/routes/users.routes", "src/controllers/users.controller.usersController.list", True),
    ("src/routes/users.routes", "src/middleware/auth.authMiddleware", True),
    ("src/services/orders.service.OrdersService", "src/repositories/orders.repository.OrdersRepository", True),
    ("src/services/orders.service.OrdersService.create", "@prisma/client.PrismaClient.order.create", False),
    ("src/services/orders.service.OrdersService.list", "src/repositories/orders.repository.OrdersRepository.all", True),
    ("src/services/reports.service.ReportsService.summary", "pg.Pool.query", False),
    ("src/services/users.service", "src/repositories/audit.repository.AuditRepository", True),
    ("src/services/users.service", "src/repositories/users.repository.UsersRepository.constructor", True),
    ("src/services/users.service", "src/services/users.service.UsersService.constructor", True),
    ("src/services/users.service.Clock.now", "Date", False),
    ("src/services/users.service.NotFoundError.constructor", "Error", False),
    ("src/services/users.service.UsersService.constructor", "src/services/users.service.Clock", True),
    ("src/services/users.service.UsersService.createUser", "src/repositories/users.repository.UsersRepository.insert", True),
    ("src/services/users.service.UsersService.createUser", "src/services/users.service.Clock.now", True),
    ("src/services/users.service.UsersService.createUser", "src/services/users.service.validate", True),
    ("src/services/users.service.UsersService.getUser", "src/repositories/users.repository.UsersRepository.findById", True),
    ("src/services/users.service.UsersService.getUser", "src/services/users.service.NotFoundError.constructor", True),
    ("src/services/users.service.UsersService.listUsers", "src/repositories/users.repository.UsersRepository.findAll", True),
    ("src/services/users.service.UsersService.removeUser", "src/repositories/users.repository.UsersRepository.remove", True),
    ("src/services/users.service.validate", "Error", False),
    ("src/services/users.service.validate", "data.email.includes", False),
}

NEST_EDGES = {
    ("src/app.module", "@nestjs/common.Module", False),
    ("src/main", "src/main.bootstrap", True),
    ("src/main.bootstrap", "@nestjs/core.NestFactory.create", False),
    ("src/main.bootstrap", "app.listen", False),
    ("src/payments/payments.service", "@nestjs/common.Injectable", False),
    ("src/payments/payments.service.PaymentsService.pay", "console.log", False),
    ("src/payments/payments.service.PaymentsService.pay", "src/payments/payments.gateway.PaymentsGateway.describe", True),
    ("src/payments/payments.service.PaymentsService.pay", "src/payments/stripe.gateway.StripeGateway.charge", True),
    ("src/payments/payments.service.PaymentsService.pay", "src/payments/stripe.gateway.StripeGateway.describe", True),
    ("src/payments/stripe.gateway", "@nestjs/common.Injectable", False),
    ("src/payments/stripe.gateway.StripeGateway", "stripe", False),
    ("src/payments/stripe.gateway.StripeGateway.charge", "stripe.paymentIntents.create", False),
    ("src/payments/stripe.gateway.StripeGateway.describe", "src/payments/payments.gateway.PaymentsGateway.describe", True),
    ("src/users/audit.service", "@nestjs/common.Injectable", False),
    ("src/users/audit.service.AuditService", "@nestjs/common.Logger", False),
    ("src/users/audit.service.AuditService.record", "@nestjs/common.Logger.log", False),
    ("src/users/in-memory-users.repository.InMemoryUsersRepository.findOne", "src/users/in-memory-users.repository.InMemoryUsersRepository.findOne.<anonymous@12>", True),
    ("src/users/in-memory-users.repository.InMemoryUsersRepository.findOne", "this.rows.find", False),
    ("src/users/in-memory-users.repository.InMemoryUsersRepository.save", "this.rows.push", False),
    ("src/users/typeorm-users.repository", "@nestjs/common.Injectable", False),
    ("src/users/typeorm-users.repository.TypeOrmUsersRepository.constructor", "@nestjs/typeorm.InjectRepository", False),
    ("src/users/typeorm-users.repository.TypeOrmUsersRepository.findAll", "typeorm.Repository.find", False),
    ("src/users/typeorm-users.repository.TypeOrmUsersRepository.findOne", "typeorm.Repository.findOneBy", False),
    ("src/users/typeorm-users.repository.TypeOrmUsersRepository.save", "typeorm.Repository.save", False),
    ("src/users/users.controller", "@nestjs/common.Controller", False),
    ("src/users/users.controller", "@nestjs/common.Get", False),
    ("src/users/users.controller", "@nestjs/common.Post", False),
    ("src/users/users.controller.UsersController.create", "@nestjs/common.Body", False),
    ("src/users/users.controller.UsersController.create", "src/users/users.service.UsersService.create", True),
    ("src/users/users.controller.UsersController.findAll", "src/users/users.service.UsersService.findAll", True),
    ("src/users/users.controller.UsersController.findOne", "@nestjs/common.Param", False),
    ("src/users/users.controller.UsersController.findOne", "src/users/users.service.UsersService.findOne", True),
    ("src/users/users.service", "@nestjs/common.Injectable", False),
    ("src/users/users.service.UsersService.constructor", "@nestjs/common.Inject", False),
    ("src/users/users.service.UsersService.create", "src/users/audit.service.AuditService.record", True),
    ("src/users/users.service.UsersService.create", "src/users/in-memory-users.repository.InMemoryUsersRepository.save", True),
    ("src/users/users.service.UsersService.create", "src/users/typeorm-users.repository.TypeOrmUsersRepository.save", True),
    ("src/users/users.service.UsersService.findAll", "rows.map", False),
    ("src/users/users.service.UsersService.findAll", "src/common/mapper.toDto", True),
    ("src/users/users.service.UsersService.findAll", "src/users/in-memory-users.repository.InMemoryUsersRepository.findAll", True),
    ("src/users/users.service.UsersService.findAll", "src/users/typeorm-users.repository.TypeOrmUsersRepository.findAll", True),
    ("src/users/users.service.UsersService.findOne", "@nestjs/common.NotFoundException", False),
    ("src/users/users.service.UsersService.findOne", "src/common/mapper.toDto", True),
    ("src/users/users.service.UsersService.findOne", "src/users/in-memory-users.repository.InMemoryUsersRepository.findOne", True),
    ("src/users/users.service.UsersService.findOne", "src/users/typeorm-users.repository.TypeOrmUsersRepository.findOne", True),
}


def _facts(root: Path) -> dict[str, dict]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.suffix in LANGS:
            rel = p.relative_to(root).as_posix()
            out[rel] = analyze(rel, str(p), LANGS[p.suffix])
    return out


@pytest.fixture(scope="module")
def express():
    facts = _facts(FIX / "express")
    return facts, build_graph(facts, FIX / "express")


@pytest.fixture(scope="module")
def nest():
    facts = _facts(FIX / "nest")
    return facts, build_graph(facts, FIX / "nest")


def _edges(cg) -> set[tuple[str, str, bool]]:
    return {(a, b, bool(d["resolved"])) for a, b, d in cg.g.edges(data=True)}


def test_express_edges_exact(express):
    facts, cg = express
    for path, fx in facts.items():
        assert [e for e in fx["errors"] if e["stage"] in ("parse", "index")] == [], path
    assert set_diff(_edges(cg), EXPRESS_EDGES) == []


def test_nest_edges_exact(nest):
    _, cg = nest
    assert set_diff(_edges(cg), NEST_EDGES) == []


def test_express_trace_route_to_sql(express):
    _, cg = express
    reach = set(cg.reachable("src/controllers/users.controller.usersController.list"))
    assert "src/repositories/users.repository.UsersRepository.findAll" in reach
    assert "pg.Pool.query" in reach
    # a class with the same method name that the service never holds
    assert "src/repositories/audit.repository.AuditRepository.findAll" not in reach
    orders = set(cg.reachable("src/routes/orders.routes.<anonymous@7>"))
    assert "@prisma/client.PrismaClient.order.create" in orders
    # JavaScript: untyped `this.service = service || new ReportsService()`, CommonJS exports
    summary = set(cg.reachable("src/routes/orders.routes.<anonymous@14>"))
    assert "src/services/reports.service.ReportsService.summary" in summary
    assert "pg.Pool.query" in summary


def test_nest_trace_through_interface(nest):
    _, cg = nest
    reach = set(cg.reachable("src/users/users.controller.UsersController.findAll"))
    assert "src/users/typeorm-users.repository.TypeOrmUsersRepository.findAll" in reach
    assert "typeorm.Repository.find" in reach
    assert "src/users/audit.service.AuditService.findAll" not in reach
    pay = set(cg.reachable("src/payments/payments.service.PaymentsService.pay"))
    assert "src/payments/ledger.Ledger.charge" not in pay


@pytest.mark.parametrize("file,scope,expr,want", [
    ("src/routes/users.routes.ts", "src/routes/users.routes", "usersController.list",
     "src/controllers/users.controller.usersController.list"),
    ("src/routes/users.routes.ts", "src/routes/users.routes",
     "usersController.get.bind(usersController)",
     "src/controllers/users.controller.usersController.get"),
    ("src/routes/users.routes.ts", "src/routes/users.routes", "authMiddleware",
     "src/middleware/auth.authMiddleware"),
    ("src/routes/users.routes.ts", "src/routes/users.routes", "createUser",
     "src/controllers/users.controller.createUser"),
    ("src/routes/orders.routes.ts", "src/routes/orders.routes", "ordersController.listOrders",
     "src/controllers/orders.controller.listOrders"),
    ("src/app.ts", "src/app.createApp", "healthCheck", "src/routes/health.healthCheck"),
    # a handler wrapped at its definition: the wrapped function, named after the constant
    ("src/routes/users.routes.ts", "src/routes/users.routes", "removeUser",
     "src/controllers/users.controller.removeUser"),
    ("src/app.ts", "src/app.createApp", "asyncHandler(healthCheck)",
     "src/routes/health.healthCheck"),
    # negatives: a router instance, an unknown name, a builtin
    ("src/app.ts", "src/app.createApp", "usersRouter", None),
    ("src/routes/users.routes.ts", "src/routes/users.routes", "missingHandler", None),
    ("src/routes/users.routes.ts", "src/routes/users.routes", "console.log", None),
])
def test_ref_resolver(express, file, scope, expr, want):
    _, cg = express
    assert cg.resolve_ref("typescript", file, scope, expr) == want


def test_ref_resolver_nest(nest):
    _, cg = nest
    got = cg.resolve_ref("typescript", "src/users/users.controller.ts",
                         "src/users/users.controller.UsersController.findAll",
                         "this.usersService.findAll")
    assert got == "src/users/users.service.UsersService.findAll"


def test_function_at_inline_handler(express):
    _, cg = express
    assert cg.function_at("src/routes/orders.routes.ts", 8) == "src/routes/orders.routes.<anonymous@7>"


def _index(path: str, src: str, lang: str = "typescript") -> dict:
    pr = parse(lang, src.encode())
    f = FileFacts(path=path, language=lang)
    index_typescript(path, pr, f)
    return f.to_dict()


def test_module_names():
    assert module_name("src/users/users.service.ts") == "src/users/users.service"
    assert module_name("src/routes/index.ts") == "src/routes/index"
    assert module_name("lib/x.js") == "lib/x"
    assert module_name("types/api.d.ts") == "types/api"


def test_index_nest_class_facts(nest):
    facts, _ = nest
    fx = facts["src/users/users.service.ts"]
    assert fx["module"] == "src/users/users.service"
    cls = {c["qname"]: c for c in fx["classes"]}["src/users/users.service.UsersService"]
    assert cls["fields"] == {"users": "UsersRepository", "audit": "AuditService"}
    assert cls["decorators"] == ["Injectable()"]
    assert cls["methods"] == ["constructor", "findAll", "findOne", "create"]
    ctor = {f["qname"]: f for f in fx["functions"]}["src/users/users.service.UsersService.constructor"]
    assert ctor["params"][0]["decorators"] == ["Inject(USERS_REPOSITORY)"]
    repo = facts["src/users/users.repository.ts"]
    iface = {c["name"]: c for c in repo["classes"]}["UsersRepository"]
    assert iface["kind"] == "interface"
    assert iface["methods"] == ["findAll", "findOne", "save"]
    impl = {c["name"]: c for c in facts["src/users/typeorm-users.repository.ts"]["classes"]}
    assert impl["TypeOrmUsersRepository"]["implements"] == ["UsersRepository"]
    ctl = {f["qname"]: f for f in facts["src/users/users.controller.ts"]["functions"]}
    assert ctl["src/users/users.controller.UsersController.findOne"]["decorators"] == ["Get(':id')"]


def test_index_imports_exports():
    fx = _index("src/a.ts", """
import express, { Router as R } from 'express';
import * as svc from './svc';
import type { T } from './t';
import fs = require('fs');
import './side';
const { a, b: c } = require('./cjs');
const d = require('./d').e;
export * from './all';
export { x as y } from './x';
export default function () {}
module.exports.z = () => 1;
""")
    imps = {(i["alias"], i["target"], i["name"], i["kind"]) for i in fx["imports"]}
    assert imps == {
        ("express", "express", "default", "default"), ("R", "express", "Router", "named"),
        ("svc", "./svc", "*", "namespace"), ("T", "./t", "T", "named"),
        ("fs", "fs", "default", "require"), ("", "./side", None, "side_effect"),
        ("a", "./cjs", "a", "require"), ("c", "./cjs", "b", "require"),
        ("d", "./d", "e", "require"), ("", "./all", "*", "reexport"),
        ("", "./x", "*", "reexport")}
    exps = {(e["name"], e.get("local"), e.get("source")) for e in fx["extra"]["exports"]}
    assert exps == {("*", None, "./all"), ("y", None, "./x"), ("default", "default", None),
                    ("z", "z", None)}
    names = {f["qname"] for f in fx["functions"]}
    assert names == {"src/a", "src/a.default", "src/a.z"}


def test_index_calls_and_exprs():
    fx = _index("s.ts", """
class S {
  constructor(private readonly repo: Repo) {}
  async get(id: string) {
    const row = await this.repo?.find<Row>(`SELECT * FROM t WHERE id = ${id}`);
    return row;
  }
}
""")
    call = next(c for c in fx["calls"] if c["name"] == "find")
    assert call["caller"] == "s.S.get"
    assert call["chain"] == ["this", "repo", "find"]
    assert call["receiver"] == "this.repo"
    assert call["args"][0]["kind"] == "template" and call["args"][0]["names"] == ["id"]
    assert fx["returns"] == [{"func": "s.S.get", "line": 6,
                              "value": {"kind": "name", "text": "row", "names": ["row"]}}]
    assign = next(a for a in fx["assigns"] if a["target"] == "row")
    assert assign["value"]["kind"] == "call" and assign["value"]["chain"] == ["this", "repo", "find"]


def test_index_survives_syntax_errors_and_deep_nesting():
    fx = _index("bad.ts", "export function ok() { return helper(); }\nfunction (((( {\n")
    assert "bad.ok" in {f["qname"] for f in fx["functions"]}
    deep = "const x = " + "[" * 20000 + "]" * 20000 + ";\nfoo(" + "(" * 5000 + "1" + ")" * 5000 + ");\n"
    fx = _index("deep.ts", deep)
    assert any(c["callee"] == "foo" for c in fx["calls"])


def test_jsx_ampersand_is_a_grammar_limit_not_ours():
    # tree-sitter-typescript #366: a bare `&` in JSX text is an ERROR node; facts survive it
    fx = _index("c.tsx", "export function C() { load(); return <p>Terms & Conditions</p>; }\n",
                "tsx")
    assert any(c["callee"] == "load" for c in fx["calls"])


def test_tsconfig_jsonc_and_types():
    text = '{ // c\n "a": "http://x/*y*/", /* z */ "b": [1, 2,], }'
    assert _strip_jsonc(text).replace(" ", "") == '{\n"a":"http://x/*y*/","b":[1,2]}'
    assert _type_name("Readonly<UsersRepository> | null") == "UsersRepository"
    assert _type_name("Promise<User[]>") == ""
    assert _type_name("Repository<User>") == "Repository"
    assert _type_name("ns.Client") == "ns.Client"


def test_odd_syntax_edges(tmp_path):
    src = (
        "class K {\n"
        "  #secret = 1;\n"
        "  get value() { return this.#secret; }\n"
        "  #priv() { return this.value; }\n"
        "  'quoted-method'() { this.#priv(); }\n"
        "}\n"
        "function over(a: any) { return a; }\n"
        "(function iife() { over(1); })();\n"
        "(() => over(2))();\n"
        "export default { async handler() { return new K(); } };\n"
    )
    fx = _index("w.ts", src)
    cg = build_graph({"w.ts": fx}, tmp_path)
    assert set_diff(_edges(cg), {
        ("w", "w.iife", True), ("w", "w.<anonymous@9>", True),
        ("w.iife", "w.over", True), ("w.<anonymous@9>", "w.over", True),
        ("w.K.quoted-method", "w.K.#priv", True), ("w.default.handler", "w.K", True),
    }) == []


def test_jsx_renders_own_components_only(tmp_path):
    files = {
        "components/table.tsx": "export function UserTable({ rows }: any) {\n"
                                "  return <ul>{rows.map((r: any) => <Row key={r.id} r={r} />)}</ul>;\n"
                                "}\nconst Row = ({ r }: any) => <li>{format(r)}</li>;\n"
                                "function format(r: any) { return r.name; }\n",
        "app/page.tsx": "import { Shield } from 'lucide-react';\n"
                        "import { UserTable } from '@/components/table';\n"
                        "export default function Page() {\n"
                        "  return <div><Shield /><UserTable rows={[]} /></div>;\n}\n",
        "tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./*"]}}}',
    }
    facts = {}
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
        if rel.endswith(".tsx"):
            facts[rel] = _index(rel, text, "tsx")
    cg = build_graph(facts, tmp_path)
    assert set_diff(_edges(cg), {
        ("app/page.Page", "components/table.UserTable", True),
        ("components/table.UserTable", "components/table.UserTable.<anonymous@2>", True),
        ("components/table.UserTable", "rows.map", False),
        ("components/table.UserTable.<anonymous@2>", "components/table.Row", True),
        ("components/table.Row", "components/table.format", True),
    }) == []


def test_namespaces_and_object_this(tmp_path):
    src = (
        "namespace Util { export function f() { return g(); } function g() {}\n"
        "  export class C { m() {} } }\n"
        "Util.f();\n"
        "new Util.C().m();\n"
        "export const svc = { a() { return [1].map(() => this.b()); }, b() {} };\n"
    )
    cg = build_graph({"w.ts": _index("w.ts", src)}, tmp_path)
    assert set_diff(_edges(cg), {
        ("w", "w.Util", True), ("w", "w.Util.C", True), ("w", "w.Util.C.m", True),
        ("w", "w.Util.f", True), ("w.Util.f", "w.Util.g", True),
        ("w.svc.a", "(…).map", False), ("w.svc.a", "w.svc.a.<anonymous@5>", True),
        ("w.svc.a.<anonymous@5>", "w.svc.b", True),
    }) == []


def test_destructured_names_shadow_module_functions(tmp_path):
    src = (
        "function onDelete() {}\n"
        "export function Row({ onDelete, item: { id } }: any) { onDelete(id); }\n"
        "export function List(props: any) { const { onDelete: remove } = props; remove(); onDelete(); }\n"
    )
    cg = build_graph({"r.ts": _index("r.ts", src)}, tmp_path)
    assert set_diff(_edges(cg), {
        ("r.Row", "onDelete", False), ("r.List", "remove", False),
        ("r.List", "r.onDelete", True),
    }) == []


@pytest.mark.parametrize("file,name,want", [
    ("src/app.ts", "usersRouter", "src/routes/users.routes.router"),
    ("src/app.ts", "ordersRouter", "src/routes/orders.routes.ordersRouter"),
    ("src/app.ts", "createApp", "src/app.createApp"),
    ("src/app.ts", "express", None),
    ("src/app.ts", "nothing", None),
])
def test_binding_origin(express, file, name, want):
    _, cg = express
    assert cg.ref_resolvers["typescript:binding"](file, "src/app", name) == want
