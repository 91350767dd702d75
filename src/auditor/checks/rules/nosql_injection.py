"""A MongoDB query built from request data: a `$where` JavaScript predicate, or a JSON body's
value used as a filter value as it was sent.

What it finds:
- A query document passed to a MongoDB query or update method (the Node driver's and
  Mongoose's `find`, `findOne`, `findOneAndUpdate`/`Delete`/`Replace`, `updateOne`/`Many`,
  `deleteOne`/`Many`, `countDocuments`, `count`, `distinct`, `where`; PyMongo's `find`,
  `find_one`, `update_one`, ...) whose `$where` value, a string of JavaScript the server
  evaluates for each document, contains a value from the HTTP request; the document is the
  call's literal or the object literal a variable of the function (or the module) is assigned.
  Mongoose's `query.$where(js)` with such a string is one too.
- Operator injection (medium): the filter document (or an aggregation pipeline) itself the
  parsed JSON body (`User.find(req.body)`, read here or through a local bound to exactly it),
  or a field of the filter document given a value of a parsed JSON body as it is
  (`User.findOne({ email: req.body.email })`, `{ username, password }` destructured from
  `req.body`, Flask's `request.get_json()`), in the function or through calls: a body may send
  `{"$ne": null}` there, which MongoDB and Mongoose (unless `sanitizeFilter`) read as an
  operator and match any document. An Express query-string value is reported the same way
  where the tree's Express parses query strings into objects (Express 4's default "extended"
  parser reads `?status[$ne]=x` as `{status: {$ne: "x"}}`; Express 5's "simple" one and
  `app.set('query parser', 'simple')` give strings). Path values are strings and are not
  reported.
Not a finding: a `$where` built from constants or passed through `JSON.stringify` /
`json.dumps`; a value converted (`String(x)`, `Number(x)`), validated by a schema (zod `parse`,
Joi `validate`, yup `validateSync`) or type-checked (`typeof x !== "string"`, express-validator's
`validationResult`) first, or compared with `$eq`; a parser's product (`parseXml(req.body)`); a
file holding an SQL ORM (Sequelize, TypeORM, Prisma, knex) and no MongoDB client, or a call
with a `where` option (an SQL ORM's); a tree that installs express-mongo-sanitize or
mongo-sanitize (every `$` key is stripped from requests).

Why it matters:
The server runs a `$where` string as JavaScript: a quote in the value closes the literal and
`' || '1'=='1` matches every document. An operator in a filter value matches documents the
code did not mean to (`{"password": {"$ne": ""}}` passes a login check written as a lookup)
(CWE-943).

Example:
    collection.find({ $where: `this.name == '${req.body.name}'` })
    User.findOne({ email: req.body.email, password: req.body.password })

Fix:
Use query operators instead of `$where`, check that each value is a string (or cast it:
`String(x)`, a schema), or use `$eq`; install express-mongo-sanitize or Mongoose's
`sanitizeFilter`.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.rejects import QUOTE
from auditor.checks.treeutil import (Flow, file_index, pairs, sanitized_tainted_calls, sink_finding,
                                     unwrap)
from auditor.model import Finding
from auditor.taint.propagate import AcrossFunctions

QUERY_METHODS = frozenset({
    "find", "findOne", "findOneAndUpdate", "findOneAndDelete", "findOneAndReplace", "updateOne",
    "updateMany", "deleteOne", "deleteMany", "countDocuments", "count", "distinct", "where",
    "find_one", "find_one_and_update", "find_one_and_delete", "find_one_and_replace",
    "update_one", "update_many", "delete_one", "delete_many", "count_documents",
    "findAndModify", "remove", "update",
    # (a pipeline: only the whole of it taken from the body is read, `_plain_values`)
    "aggregate",
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
                              '  res.send(await collection.find({ name: String(req.body.name) }).toArray());\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if ctx.language == "config":
            return
        if b"query parser" in ctx.data and ctx.language != "python":
            m = _QUERY_PARSER.search(ctx.text)
            if m is not None:  # `app.set('query parser', 'simple')` (check_project)
                ctx.facts.extra["query_parser"] = (m.group(1) or m.group(2))[:40]
        if b"sanitize" in ctx.data and ctx.language != "python":
            from auditor.checks.treeutil import import_map

            if any(m.split(" ", 1)[0] in _SANITIZERS for m in import_map(ctx).values()):
                ctx.facts.extra["mongo_sanitizer"] = True  # (check_project)
        self._operators(ctx)
        if b"$where" not in ctx.data:
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


    def _operators(self, ctx: FileContext) -> None:
        """A filter document's field given a JSON body's value as it is: a body may send an
        object there, and `{"$ne": null}` is then a query operator."""
        if not any(m.encode() in ctx.data for m in ("find", "update", "delete", "count")):
            return
        lines = []

        def select(call, idx):
            if call.name not in QUERY_METHODS or not call.receiver or call.name == "where" or \
                    not call.args:
                return None
            found = _plain_values(idx, call.args[0], call.func)
            if found:
                lines.append(call.line)
            return (found, True) if found else None

        if _SQL_ORM.search(ctx.data) and not _MONGO.search(ctx.data):
            return  # Sequelize, TypeORM, Prisma, knex: `$ne` in a JSON value is no operator there
        strict = None
        for call, culprits, names in sanitized_tainted_calls(ctx, select, _coerced, rule=self):
            if any(_has_key(a, "where") for a in call.args[:2]):
                continue  # `Model.update(values, {where})`, `findOne({where})`: an SQL ORM's
            if strict is None:
                from auditor.checks.treeutil import SanitizedFlow

                strict = SanitizedFlow(file_index(ctx), _coerced).strict_twin()
            # as sent: through names and members only, not a parser's product (`parseXml(body)`)
            found = [c for v in _plain_values(file_index(ctx), call.args[0], call.func)
                     for c in strict.request_culprits(v, call.func)]
            body = [c for c in found if _JSON_BODY.match(c[0])]
            query = [c for c in found if _QUERY_STRING.match(c[0])]
            if not (body or query) or _type_checked(ctx, call):
                continue
            names = ", ".join(dict.fromkeys(n for n, _ in body or query))[:120]
            f = sink_finding(self, ctx, call, body or query,
                             f"A request {'body' if body else 'query-string'} value ({names}) is "
                             f"a filter value of {call.callee}() as sent: an object such as "
                             f"{{\"$ne\": null}}"
                             f"{'' if body else ' (`?x[$ne]=` to a nested parser)'}"
                             " becomes a query operator; check that it is a string")
            if not ctx.is_test:
                f = f.with_(severity="medium")
            # judged with the whole tree (check_project): an app-wide sanitizer removes `$` keys;
            # a query string is an object only under a nested parser (Express 4's default)
            key = "nosql_operator_findings" if body else "nosql_query_operator_findings"
            ctx.facts.extra.setdefault(key, []).append(f.to_dict())
        if lines:
            ctx.facts.extra["nosql_operator_lines"] = lines

    def check_project(self, ctx):
        """Across functions: a `$where` from any request value; a filter value from a JSON
        body, or from a query string where Express parses it into objects (path values and
        other query strings are strings)."""
        facts = ctx.facts or {}
        sanitized = any((fx.get("extra") or {}).get("mongo_sanitizer") for fx in facts.values())
        operator = {(p, ln) for p, fx in facts.items()
                    for ln in ((fx.get("extra") or {}).get("nosql_operator_lines") or ())}
        nested = nested_query_strings(facts)
        no_mongo = _installs_no_mongo(facts)
        for f in super().check_project(ctx):
            if (f.file, f.line) in operator and no_mongo and \
                    (facts.get(f.file) or {}).get("language") in _JS_LANGS:
                continue  # (no MongoDB client installed: `cipher.update(data)` is no query)
            if (f.file, f.line) in operator and (sanitized or not any(
                    _JSON_BODY.match(m) or (nested and _QUERY_STRING.match(m))
                    for step in f.flow[:1] for m in (step.message.removeprefix("source: "),))):
                continue
            if (f.file, f.line) in operator and not f.severity == "info":
                f = f.with_(severity="medium")
            yield f
        if sanitized:
            return  # `app.use(mongoSanitize())`: no `$` key reaches a query
        keys = ("nosql_operator_findings", "nosql_query_operator_findings") if nested else \
            ("nosql_operator_findings",)
        for path, fx in facts.items():
            if no_mongo and fx.get("language") in _JS_LANGS:
                # package.json files that install no MongoDB client: `post.update({ title })`
                # is an SQL ORM's instance (Sequelize), not a Mongo filter
                continue
            for key in keys:
                for d in (fx.get("extra") or {}).get(key) or ():
                    yield Finding.from_dict(d)


_JS_LANGS = ("typescript", "tsx", "javascript")
_MONGO_PACKAGES = ("mongoose", "mongodb", "monk", "mongojs", "@typegoose/typegoose",
                   "@nestjs/mongoose", "@mikro-orm/mongodb")


def _installs_no_mongo(facts: dict) -> bool:
    """The tree has package.json files and none asks for a MongoDB client."""
    manifests = [fx for p, fx in facts.items() if p.rsplit("/", 1)[-1] == "package.json"]
    return bool(manifests) and not any(
        pkg in ((fx.get("extra") or {}).get("npm_requires") or {})
        for fx in manifests for pkg in _MONGO_PACKAGES)


def nested_query_strings(facts: dict) -> bool:
    """Whether the tree's Express parses query strings into nested objects (`?a[$ne]=1` ->
    `{a: {$ne: "1"}}`): Express 4's default "extended" parser (qs) does, Express 5's "simple"
    one (node:querystring) gives strings and arrays only; `app.set('query parser', ...)`
    overrides either."""
    from auditor.checks.project import npm_major

    for fx in facts.values():
        parser = (fx.get("extra") or {}).get("query_parser")
        if parser is not None:
            return parser in ("extended", "true")
    major = npm_major(facts, "express")
    return major is not None and major <= 4


# packages that strip `$` and `.` keys from every request (express-mongo-sanitize, mongo-sanitize)
_SANITIZERS = frozenset({"express-mongo-sanitize", "mongo-sanitize", "@exortek/express-mongo-sanitize",
                         "express-mongo-sanitizer"})
# a parsed JSON body: Express `req.body` (express.json / body-parser), Flask `request.json` /
# `get_json()`, a NestJS or Koa `ctx.request.body`
_JSON_BODY = re.compile(r"^(?:req|request|ctx\.request)\.(?:body|json|get_json\(\))\b|"
                        r"^(?:req|request)\.get_json\(")
# an Express query-string value (`req.query.status`, `{ status } = req.query`)
_QUERY_STRING = re.compile(r"^(?:req|request)\.query\b")
# `app.set('query parser', 'simple')` / `app.set("query parser", false)`
_QUERY_PARSER = re.compile(r"""\.set\(\s*['"]query parser['"]\s*,\s*(?:['"]([\w-]{1,20})['"]|"""
                           r"""(true|false))""")
# `typeof username !== "string"` / `isinstance(x, str)` before the query
_TYPE_TEST = re.compile(r"typeof\s+[\w.]+\s*[!=]==?\s*['\"]string['\"]|isinstance\([^)]*\bstr\b|"
                        r"\$eq\b|\bvalidationResult\(")  # (express-validator's checks ran)


_SQL_ORM = re.compile(rb"""(?:require\(|from\s)\s*['"](?:sequelize|typeorm|@prisma/client|knex|"""
                      rb"""objection|@mikro-orm/[\w-]+|sqlalchemy|peewee|django\.db)['"]?""")


_MONGO = re.compile(rb"""(?:require\(|from\s)\s*['"](?:mongoose|mongodb|monk|mongojs|pymongo|motor|"""
                    rb"""mongoengine)['"]?|\.collection\(""")


def _has_key(node, key: str) -> bool:
    node = unwrap(node)
    if node is None or node.type not in ("object", "dictionary"):
        return False
    idx_text = node.text.decode("utf-8", "replace") if node.text else ""
    return re.search(rf"(?:^|[{{,\s])['\"]?{key}['\"]?\s*:", idx_text[:2000]) is not None


def _type_checked(ctx, call) -> bool:
    idx = file_index(ctx)
    fn = idx.funcs.get(call.func) if idx is not None else None
    return fn is not None and _TYPE_TEST.search(idx.text(fn)) is not None


def _query_docs(idx, node, func, builders: bool = False) -> list:
    """The query documents a call's argument is: the literal itself, or the object literals a
    variable of the function (an enclosing one, or the module) is assigned; with `builders`,
    also what a local function called without arguments returns (`find(searchCriteria())`)."""
    node = unwrap(node)
    if node is None:
        return []
    if node.type in ("object", "dictionary"):
        return [node]
    if node.type == "identifier":
        return [unwrap(v) for v, op, _ in Flow(idx).assignments(idx.text(node), func)
                if v is not None and op != "index"]
    args = node.child_by_field_name("arguments") if node.type == "call_expression" else None
    if builders and node.type == "call_expression" and not (args and args.named_children):
        return _returned_objects(idx, node, func)
    return []


def _plain_values(idx, node, func) -> list:
    """The field values of a filter document (`_query_docs`) that are a name or a member read
    as they are (`{username}`,
    `{email: req.body.email}`), not an operator document, a call or a string built around it."""
    out = []
    docs = _query_docs(idx, node, func)
    bare = unwrap(node)
    if bare is not None and _whole_body(idx, bare, docs):
        # the filter document is itself the parsed body (`User.find(req.body)`, `query =
        # req.body; User.find(query)`): the client writes the whole document, operators and all
        out.append(bare)
    for d in docs:
        if d is None or d.type not in ("object", "dictionary"):
            continue
        for c in d.named_children[:16]:
            if c.type == "shorthand_property_identifier":
                out.append(c)
                continue
            if c.type != "pair":
                continue
            k, v = c.child_by_field_name("key"), unwrap(c.child_by_field_name("value"))
            key = idx.text(k).strip("'\"") if k is not None else ""
            if v is not None and not key.startswith("$") and \
                    v.type in ("identifier", "member_expression", "subscript_expression",
                               "attribute", "subscript"):
                out.append(v)
    return out


def _whole_body(idx, node, docs) -> bool:
    """`node` is the request's parsed JSON body itself, read here (`req.body`, or a local
    assigned only that); not a parameter another function fills, which may be anything."""
    def whole(n) -> bool:
        # (or the whole query string, an object too under a nested parser: check_project)
        return n is not None and n.type in ("member_expression", "attribute", "call_expression",
                                            "call") and bool(
            _JSON_BODY.fullmatch(idx.text(n, 80)) or _QUERY_STRING.fullmatch(idx.text(n, 80)))
    def bound_whole(d) -> bool:
        # `query = req.body`, not `{ input } = req.query` (a field of it)
        p = d.parent if d is not None else None
        target = p.child_by_field_name("name") if p is not None and \
            p.type == "variable_declarator" else p.child_by_field_name("left") \
            if p is not None and p.type in ("assignment_expression", "assignment") else None
        return whole(d) and target is not None and target.type == "identifier"
    if node.type != "identifier":
        return whole(node)
    return bool(docs) and all(bound_whole(d) for d in docs)


def _coerced(call, idx) -> bool:
    """A conversion to text or a number, a sanitizer, or a schema's validation (zod `parse`,
    Joi `validate`, yup `validateSync`: the schema says what type each field is) makes the
    value no operator."""
    if call.name in ("parse", "parseAsync", "safeParse", "safeParseAsync", "validate",
                     "validateAsync", "validateSync", "cast") and call.receiver and \
            call.receiver not in ("JSON", "qs", "querystring", "url", "URL", "path"):
        return True
    return call.name in ("String", "toString", "str", "Number", "parseInt", "parseFloat", "int",
                         "escape", "sanitize") or call.callee in _ESCAPERS


def _where_values(idx, node, func) -> list:
    """The `$where` values of the query documents a call's argument is (`_query_docs`)."""
    out = []
    for d in _query_docs(idx, node, func, builders=True):
        if d is not None and d.type in ("object", "dictionary"):
            v = pairs(d, idx).get("$where")
            if v is not None and unwrap(v) is not None and \
                    unwrap(v).type not in ("arrow_function", "function_expression", "function"):
                out.append(v)
    return out


def _returned_objects(idx, call, func) -> list:
    """The object literals a function of this scope returns, for a call of it without
    arguments (`const searchCriteria = () => { ...; return { $where: ... } }`)."""
    from auditor.index.walk import walk

    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "identifier":
        return []
    out = []
    for v, op, _ in Flow(idx).assignments(idx.text(fn), func)[:2]:
        v = unwrap(v)
        if v is None or v.type not in ("arrow_function", "function_expression", "function"):
            continue
        body = v.child_by_field_name("body")
        if body is not None and body.type != "statement_block":
            out.append(unwrap(body))
            continue
        for sub in walk(body) if body is not None else ():
            if sub.type == "return_statement" and sub.named_children:
                out.append(unwrap(sub.named_children[0]))
    return out[:8]


def _sanitizer(call, idx) -> bool:
    """A JSON encoder: the value becomes a quoted JavaScript string literal."""
    return call.callee in _ESCAPERS
