"""h58: holdout on four more vulnerable apps (cr0hn/vulnerable-node, DVGA, go-test-bench,
damn-vulnerable-nestjs). Fixture lines are in fixtures/security/ts/h58/, ts/h58_redirect.js and
python/h58_graphene.py (read by test_security_rules); these tests pin the index and flow shapes
the fixes rest on."""
from __future__ import annotations

from auditor.checks.containers import collect
from auditor.checks.rules.open_redirect import fixed_origin
from auditor.checks.treeutil import FileIndex, Flow, guarded_on
from auditor.parse import ts_parse
from auditor.taint.summary import _skipped


def _idx(src: bytes, lang: str = "javascript") -> FileIndex:
    return FileIndex(lang, src, ts_parse(lang, src).root_node)


def _call(idx, name):
    return next(c for c in idx.calls if c.name == name)


def test_closure_assignment_keeps_the_enclosing_values():
    """A JS callback that sets its enclosing function's variable (no `var`/`let` of its own)
    writes that variable: the request value assigned outside is still a culprit there; a
    callback declaring its own variable shadows it."""
    src = (b'function h(req, res) {\n'
           b'  var url = req.body.url;\n'
           b'  p.then(function () { if (!url) { url = "/"; } res.redirect(url); });\n'
           b'  p.then(function () { let url = "/"; res.redirect(url); });\n'
           b'}\n')
    idx = _idx(src)
    flow = Flow(idx)
    first, second = [c for c in idx.calls if c.name == "redirect"]
    assert [t for t, _ in flow.culprits(first.args[0], first.func)] == ["req.body.url"]
    assert flow.culprits(second.args[0], second.func) == []


def test_go_func_literal_assignment_keeps_the_enclosing_values():
    src = (b'package m\nfunc F(w http.ResponseWriter, r *http.Request) {\n'
           b'\tu := r.URL.Query().Get("next")\n'
           b'\tfunc() { if u == "" { u = "/" } }()\n'
           b'\tfunc() { u := "/"; http.Redirect(w, r, u, 302) }()\n}\n')
    idx = _idx(src, "go")
    flow = Flow(idx)
    inner = [k for k in idx.funcs if idx.funcs[k].type == "func_literal"]
    assert len(flow.assignments("u", inner[0])) == 2  # the closure's and F's
    assert len(flow.assignments("u", inner[1])) == 1  # its own `:=`


def test_cast_receiver_push_is_a_container_store():
    """`(updates as any[]).push(v)` fills `updates` as `updates.push(v)` does."""
    idx = _idx(b'function f(dto) { const updates = []; (updates as any[]).push(dto.name);'
               b' (updates!).push(dto.x); return updates.join(","); }\n', "typescript")
    stores = collect(idx)
    ((key, got),) = stores.items()
    assert key[1] == "updates" and [s.kind for s in got] == ["append", "append"]


def test_builtin_names_are_skipped_only_when_bare():
    """`list(x)` is Python's builtin; `this.files.list(dir)` / `repo.delete(id)` are the tree's
    own methods, whose summaries the taint engine must follow; logging stays skipped."""
    assert _skipped("list", False) and _skipped("delete", False)
    assert not _skipped("list", True) and not _skipped("delete", True)
    assert _skipped("log", True) and _skipped("join", True)
    assert not _skipped("findProduct", True)


def test_guard_counts_only_on_a_line_naming_the_value():
    """A `startsWith` of another value (`files.filter(f => !f.startsWith("."))`) does not
    guard the sink; one on the sink's value (or a name derived from it) does. Words inside
    string literals (`'./uploads'`) do not tie a line to the value."""
    pattern = r"startsWith\("
    src = (b'function a(req, res) {\n  const p = join("./uploads", req.params.name);\n'
           b'  const ls = fs.readdirSync("./uploads").filter((f) => !f.startsWith("."));\n'
           b'  res.sendFile(join(process.cwd(), p));\n}\n'
           b'function b(req, res) {\n  const p = join(root, req.params.name);\n'
           b'  if (!p.startsWith(root)) return res.end();\n  res.sendFile(p);\n}\n')
    idx = _idx(src)
    flow = Flow(idx)
    first, second = [c for c in idx.calls if c.name == "sendFile"]
    assert not guarded_on(idx, flow, first.func, pattern, first.args[0],
                          flow.request_culprits(first.args[0], first.func))
    assert guarded_on(idx, flow, second.func, pattern, second.args[0],
                      flow.request_culprits(second.args[0], second.func))


def test_fixed_origin_redirect_targets():
    src = (b'function h(req, res) {\n'
           b'  res.redirect("/login?next=" + req.query.n);\n'
           b'  res.redirect(`/u/${req.query.id}`);\n'
           b'  res.redirect("/" + req.query.n);\n'
           b'  res.redirect("https://a.example" + req.query.n);\n'
           b'  res.redirect("https://a.example/" + req.query.n);\n'
           b'  res.redirect(`${req.query.n}/x`);\n'
           b'}\n')
    idx = _idx(src)
    got = [fixed_origin(c.args[0], idx, c.func) for c in idx.calls if c.name == "redirect"]
    assert got == [True, True, False, False, True, False]


def test_fixed_origin_python_and_go():
    py = _idx(b'def h(n):\n    a = redirect(f"/u/{n}")\n    b = redirect("/x/%s" % n)\n'
              b'    c = redirect("/{}".format(n))\n', "python")
    assert [fixed_origin(c.args[0], py, c.func) for c in py.calls if c.name == "redirect"] == \
        [True, True, False]
    go = _idx(b'package m\nfunc H(c *gin.Context) {\n\tc.Redirect(302, fmt.Sprintf("/u/%s", c.Query("id")))\n'
              b'\tc.Redirect(302, c.Query("next"))\n}\n', "go")
    assert [fixed_origin(c.args[1], go, c.func) for c in go.calls if c.name == "Redirect"] == \
        [True, False]


def test_python_graphql_resolver_arguments_are_request_data():
    """graphene `resolve_<field>(parent, info, **args)` and `mutate(root, info, ...)`, strawberry
    fields, ariadne `@query.field`: the parameters after `info` (strawberry: all but self and
    info) are what the client sent; a helper taking `info` is not a resolver."""
    src = (b'import graphene\nimport strawberry\nfrom ariadne import QueryType\nquery = QueryType()\n'
           b'class Q(graphene.ObjectType):\n'
           b'    def resolve_debug(self, info, arg=None):\n        return arg\n'
           b'    def resolve_health(self, info):\n        return 1\n'
           b'class M(graphene.Mutation):\n'
           b'    def mutate(self, info, filename, content):\n        return filename\n'
           b'@strawberry.type\nclass S:\n'
           b'    @strawberry.field\n    def user(self, info, name: str) -> str:\n        return name\n'
           b'@query.field("hello")\ndef hello(obj, info, who):\n    return who\n'
           b'def helper(info, name):\n    return name\n')
    idx = _idx(src, "python")
    flow = Flow(idx)
    got = {idx.text(idx.funcs[k].child_by_field_name("name")): flow.route_params(k) for k in idx.funcs}
    assert got == {"resolve_debug": {"arg"}, "resolve_health": set(),
                   "mutate": {"filename", "content"}, "user": {"name"}, "hello": {"who"},
                   "helper": set()}


def test_field_store_reading_the_same_field_terminates():
    """`this.logs = this.logs.slice(-50)` read through `this.logs`: the walk of the field's
    stores does not come back to itself (it raised RecursionError, which lost the file's whole
    taint summary)."""
    src = (b'class S {\n  log(e) {\n    this.logs.push(e);\n    this.logs = this.logs.slice(-50);\n  }\n'
           b'  run(q) {\n    return db.query(this.logs.join(",") + q);\n  }\n}\n')
    idx = _idx(src, "typescript")
    flow = Flow(idx)
    call = _call(idx, "query")
    assert [t for t, _ in flow.culprits(call.args[0], call.func)] == ["q"]
    assert flow.strict_twin().leaves(call.args[0], call.func) is not None


def test_callback_fills_the_enclosing_functions_list():
    """`Object.keys(d).forEach(k => { sets.push(...) })` fills the enclosing function's `sets`,
    read there with the callback's own names; a callback with its own `sets` fills its own."""
    src = (b'function f(d) {\n  const sets = [];\n'
           b'  Object.keys(d).forEach((k) => { const v = d[k]; sets.push(`${k} = ${v}`); });\n'
           b'  return db.query(`UPDATE t SET ${sets.join(",")}`);\n}\n'
           b'function g(d) {\n  const sets = ["a = 1"];\n'
           b'  Object.keys(d).forEach((k) => { const sets = []; sets.push(k); });\n'
           b'  return db.query(`UPDATE t SET ${sets.join(",")}`);\n}\n')
    idx = _idx(src)
    flow = Flow(idx)
    first, second = [c for c in idx.calls if c.name == "query"]
    assert flow.culprits(first.args[0], first.func) != []
    assert flow.culprits(second.args[0], second.func) == []
