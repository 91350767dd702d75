"""SQL built from non-constant values in a caller, reaching a query through a parameter.

What it finds:
A function whose query call takes its SQL text from one of its parameters
(`func (r *Repo) run(ctx, q string) { r.db.ExecContext(ctx, q) }`), and a caller, found through
the call graph, that passes SQL text built from a non-constant value in that position
(`r.run(ctx, "SELECT ... WHERE name = '" + name + "'")`). Reported at the query call, with the
caller's line as the related location. Callers that pass constant SQL or placeholder-built SQL
(values passed separately) are not findings.

Why it matters:
A shared query helper hides the injection from a per-function look: the helper looks safe and
the caller never calls the database itself (CWE-89).

Example:
    def run(self, q):
        return self.cur.execute(q)

    def find(self, name):
        return self.run(f"SELECT * FROM users WHERE name = '{name}'")

Fix:
Give the helper the values as bound parameters (`run("... WHERE name = %s", (name,))`) and keep
the SQL text constant.
"""
from __future__ import annotations

from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.model import Finding

_POS = '''class Repo:
    def __init__(self, cur):
        self.cur = cur

    def run(self, q, *args):
        return self.cur.execute(q, args)

    def find(self, name):
        return self.run(f"SELECT * FROM users WHERE name = '{name}'")
'''
_NEG = '''class Repo:
    def __init__(self, cur):
        self.cur = cur

    def run(self, q, *args):
        return self.cur.execute(q, args)

    def find(self, name):
        return self.run("SELECT * FROM users WHERE name = %s", name)
'''


class SqlInjectionViaCaller(Rule):
    __doc__ = __doc__
    id = "sql-injection-via-caller"
    name = "SqlInjectionThroughParameter"
    category = "sql-injection"
    cwe = ("CWE-89",)
    severity = "high"
    confidence = "medium"
    scope = "project"
    positive = [Example("python", _POS, "repo.py")]
    negative = [Example("python", _NEG, "repo.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        g = ctx.graph
        if g is None:
            return
        for path, fx in ctx.facts.items():
            for sink in (fx.get("extra") or {}).get("sql_param_sinks", ()):
                node = g.function_at(path, sink["func_line"])
                if node is None:
                    continue
                short = node.rsplit(".", 1)[-1]
                for caller in g.g.predecessors(node):
                    edge = g.g.edges[caller, node]
                    sites = edge.get("sites") or [(edge.get("file"), edge.get("line"))]
                    for site_file, site_line in sites:
                        built = (ctx.facts.get(site_file, {}).get("extra") or {}).get("sql_built_args", ())
                        for b in built:
                            if b["line"] != site_line or b["name"] != short or b["index"] != sink["index"]:
                                continue
                            yield self.finding(
                                path, sink["line"],
                                f"SQL text built from non-constant {', '.join(b['culprits'])} in "
                                f"{caller.rsplit('/', 1)[-1]} reaches {sink['callee']}() through "
                                f"parameter {sink['param']} of {short}; pass values as bound "
                                "parameters", column=sink["column"],
                                related=[(site_file, site_line)],
                                flow=[(site_file, site_line,
                                       f"source: SQL built from {', '.join(b['culprits'])}"),
                                      (site_file, site_line,
                                       f"{short}() argument {sink['index'] + 1}"),
                                      (path, sink["line"], f"sink: {sink['callee']}()")])
