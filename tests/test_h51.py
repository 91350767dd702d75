"""h51: holdout on four more vulnerable apps (dvws-node, django.nV, c{api}tal, go-dvwa).
Fixture lines are in fixtures/security/ts/h51_injection.js (read by test_security_rules);
these tests pin the index shapes the fixes rest on."""
from __future__ import annotations

from auditor.checks.treeutil import FileIndex, Flow
from auditor.parse import ts_parse


def _idx(src: bytes, lang: str = "javascript") -> FileIndex:
    return FileIndex(lang, src, ts_parse(lang, src).root_node)


def test_js_destructured_parameters_are_parameters():
    """A bare JS pattern parameter binds names: `f(_, { name }, cb)` reads `name` from the
    caller (a culprit, not a constant), and `cb` stays the third argument."""
    idx = _idx(b'function f(_, { name }, cb, y = 2, ...rest) { return w("/x/" + name); }\n')
    (key,) = idx.funcs
    assert set(idx.params[key]) == {"_", "name", "cb", "y", "rest"}
    assert idx.positional[key] == (["_", "", "cb", "y", "rest"], {"name": (1, "name")})
    call = next(c for c in idx.calls if c.callee == "w")
    assert Flow(idx).culprits(call.args[0], call.func) == [("name", 1)]


def test_graphql_resolver_args_are_request_data():
    """The second parameter of a Query/Mutation field of a resolver map is what the client
    sent; a type resolver (`Note.file(parent)`) or a helper map's function is not."""
    src = (b'const { gql } = require("apollo-server");\n'
           b'const resolvers = {\n'
           b'  Query: { user: (parent, args) => find(args.id) },\n'
           b'  Mutation: { async save(_, { name }) { return put(name); } },\n'
           b'  Note: { file: (parent, args) => read(parent.name) },\n'
           b'};\n'
           b'const helpers = { write: (dir, args) => put(args.name) };\n')
    idx = _idx(src)
    flow = Flow(idx)
    got = {idx.funcs[k].start_point[0] + 1: flow.route_params(k) for k in idx.funcs}
    assert got == {3: {"args"}, 4: {"name"}, 5: set(), 7: set()}


def test_graphql_resolver_args_need_a_graphql_file():
    idx = _idx(b'const m = { Query: { user: (parent, args) => find(args.id) } };\n')
    flow = Flow(idx)
    assert all(flow.route_params(k) == set() for k in idx.funcs)


def test_require_member_binding():
    """`const fsp = require("fs").promises` binds fsp to fs.promises."""
    from auditor.checks.treeutil import import_map

    class Ctx:
        language = "javascript"
        data = b'const fsp = require("fs").promises;\nconst { join } = require("path");\n'
        ts_tree = ts_parse("javascript", data)

    assert import_map(Ctx()) == {"fsp": "fs.promises", "join": "path.join"}
