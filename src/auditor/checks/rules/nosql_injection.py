"""A MongoDB `$where` JavaScript predicate built from request data.

What it finds:
A query document passed to a MongoDB query or update method (the Node driver's and Mongoose's
`find`, `findOne`, `findOneAndUpdate`/`Delete`/`Replace`, `updateOne`/`Many`, `deleteOne`/`Many`,
`countDocuments`, `count`, `distinct`, `where`; PyMongo's `find`, `find_one`, `update_one`, ...)
whose `$where` value, a string of JavaScript the server evaluates for each document, contains a
value from the HTTP request; the document is the call's literal or the object literal a variable
of the function (or the module) is assigned. Mongoose's `query.$where(js)` with such a string is
one too. Not a finding: a `$where` built from constants, a value passed through
`JSON.stringify` / `json.dumps` (a quoted, escaped JavaScript string literal), and plain
equality filters (`{name: req.body.name}`), whose operator injection depends on the body parser.

Why it matters:
The server runs the string as JavaScript: a quote in the value closes the literal and
`' || '1'=='1` matches every document, or a loop ties up the database (CWE-943).

Example:
    collection.find({ $where: `this.name == '${req.body.name}'` })

Fix:
Use query operators instead of `$where` (`{ name: value }` with the value checked to be a
string), or pass values into `$expr`/aggregation operators, never into JavaScript text.
"""
from __future__ import annotations

from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.rejects import QUOTE
from auditor.checks.treeutil import Flow, pairs, sanitized_tainted_calls, sink_finding, unwrap
from auditor.model import Finding
from auditor.taint.propagate import AcrossFunctions

QUERY_METHODS = frozenset({
    "find", "findOne", "findOneAndUpdate", "findOneAndDelete", "findOneAndReplace", "updateOne",
    "updateMany", "deleteOne", "deleteMany", "countDocuments", "count", "distinct", "where",
    "find_one", "find_one_and_update", "find_one_and_delete", "find_one_and_replace",
    "update_one", "update_many", "delete_one", "delete_many", "count_documents",
    "findAndModify", "remove", "update",
})
_ESCAPERS = frozenset({"JSON.stringify", "json.dumps", "dumps"})


class NosqlInjection(AcrossFunctions, Rule):
    __doc__ = __doc__
    id = "nosql-injection"
    name = "NoSqlInjection"
    category = "nosql-injection"
    cwe = ("CWE-943",)
    severity = "high"
    confidence = "medium"
    precision = "high"
    languages = ("python", "typescript", "tsx", "javascript")
    positive = [
        Example("javascript", 'async function search(req, res, collection) {\n'
                              '  const query = { $where: `this.name == \'${req.body.name}\'` };\n'
                              '  res.send(await collection.find(query).toArray());\n}\n'),
        Example("python", 'from flask import request\n\n\ndef search(db):\n'
                          '    name = request.args["name"]\n'
                          '    return list(db.notes.find({"$where": "this.name == \'" + name + "\'"}))\n'),
    ]
    negative = [
        Example("javascript", 'async function all(req, res, collection) {\n'
                              '  const type = "public";\n'
                              '  const query = { $where: `this.type == \'${type}\'` };\n'
                              '  res.send(await collection.find(query).toArray());\n}\n'),
        Example("javascript", 'async function search(req, res, collection) {\n'
                              '  res.send(await collection.find({ name: req.body.name }).toArray());\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if ctx.language == "config" or b"$where" not in ctx.data:
            return

        def select(call, idx):
            if call.name == "$where" and call.receiver and call.args:
                return call.args[0], True
            if call.name not in QUERY_METHODS or not call.receiver:
                return None
            found = [w for a in call.args[:2] for w in _where_values(idx, a, call.func)]
            return (found, True) if found else None

        for call, culprits, names in sanitized_tainted_calls(ctx, select, _sanitizer, rule=self,
                                                             rejects=QUOTE):
            yield sink_finding(self, ctx, call, culprits,
                               f"MongoDB $where JavaScript built from the request ({names}) in "
                               f"{call.callee}(); use query operators instead of $where")


def _where_values(idx, node, func) -> list:
    """The `$where` values of a query document: the literal itself, or the object literals a
    variable of the function (an enclosing one, or the module) is assigned."""
    node = unwrap(node)
    if node is None:
        return []
    if node.type in ("object", "dictionary"):
        docs = [node]
    elif node.type == "identifier":
        docs = [unwrap(v) for v, op, _ in Flow(idx).assignments(idx.text(node), func)
                if v is not None and op != "index"]
    else:
        return []
    out = []
    for d in docs:
        if d is not None and d.type in ("object", "dictionary"):
            v = pairs(d, idx).get("$where")
            if v is not None and unwrap(v) is not None and \
                    unwrap(v).type not in ("arrow_function", "function_expression", "function"):
                out.append(v)
    return out


def _sanitizer(call, idx) -> bool:
    """A JSON encoder: the value becomes a quoted JavaScript string literal."""
    return call.callee in _ESCAPERS
