"""SQL text built from a non-constant value reaches a query call.

What it finds:
A query call of a raw driver or an ORM's raw API (database/sql and sqlx `Query`/`Exec`/`QueryRow`/
`Select`/`Get`, gorm `Raw`/`Exec`/`Where`, DB-API `execute`, SQLAlchemy `text()`, asyncpg
`fetch`, Django `raw`, `pg`/`mysql` `query`, pg-promise `one`/`many`/`none`/`any`, Sequelize
`query`, Prisma `$queryRawUnsafe`, knex `raw`) whose SQL argument is built by concatenation, `+=`, `Sprintf`/`format`/`%`, f-strings or
template literals from a value that is not a constant: a parameter, a request value, or a local
variable derived from them, followed through the function's local variables. And gorm's
inline condition (`db.First(&user, id)`, `Find`/`Last`/`Take`) given the request's string as it
was read: gorm takes a string that is not a number as the WHERE text. Placeholder
builders (`fmt.Sprintf(" AND id = $%d", n)` with the value passed as an argument), integer
formatting, constant fragments, identifiers checked against an allowlist or chosen from a
constant map, `",".join(["?"] * n)` and, in JavaScript, values passed through a driver's SQL
escaper (`connection.escape(v)`, `sequelize.escape(v)`, `SqlString.escape`, pg's
`escapeLiteral`), values whose quotes are doubled (`strings.ReplaceAll(s, "'", "''")`, or a
helper of the file returning that), base64/hex encodings and digests are not findings. A
request value that is the whole statement of a call taking nothing but SQL
(`prisma.$queryRawUnsafe(req.query.query)`) is one. Text assembled only from constants is
constant wherever they are defined: module-level names and Go package-level `const`/`var` of the
file are followed to their values, class attributes read through `self` or, in a classmethod,
`cls` (`cls.TABLE` with `TABLE = "users"` in the class body, unless a method assigns it), and names
defined in other files (`from app.sql import USERS_TABLE`, a Go `const` of another file of the
package, a TS `export const`) are not request values and are trusted; a Go name that no file of
the package declares (read where the package's files are joined) is not. Where such a query is
judged safe, the lines it is built on (the SQL literal, the local and module assignments it
comes from, and module-level SQL constants built from constants) are recorded as safe, so that
an engine reporting the building line (bandit B608 on the f-string) is kept as engine-judged.
SQL built from the function's own parameters, with no request value in sight, is judged on the
whole tree: a Go parameter or struct field of a number, bool or time type (`filter.Limit` of a
struct the tree declares) and an object such as a database handle or an application
(`app.Dao().GetTableName(&Page{})`, `s.Engine().TableName(bean)`) cannot bring request text;
a parameter every caller fills with a constant (migrations that pass table and column names)
is no injection; the query stays a finding when some caller passes request data there, when an
endpoint's chain holds it or when code outside the tree calls the function (a function value
handed to a framework), and is low, reachable from no request, otherwise. In Go the query text
comes first: the arguments after it (`Where("id IN ?", subquery)`) are bound values.

Why it matters:
A value spliced into SQL text is parsed as SQL: a crafted input reads or changes any row the
database user can reach (CWE-89). Bound parameters keep data out of the query's grammar.

Example:
    query := "SELECT * FROM agents WHERE name = '" + name + "'"
    rows, err := db.Query(query)

Fix:
Keep the SQL text constant and pass values as bound parameters (`$1`, `?`, `:name`); choose
identifiers such as sort columns from a fixed map.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import (MODULE, NUMERIC_TYPES, REQUEST_SOURCE, Flow, SanitizedFlow,
                                     file_index, is_interpolated, unwrap)
from auditor.checks.treeutil import LazyList as _Lazy
from auditor.model import Finding
from auditor.taint.propagate import AcrossFunctions
from auditor.taint.summary import note_sink

SINKS = {
    "go": {"Query", "QueryRow", "QueryContext", "QueryRowContext", "Exec", "ExecContext", "Raw",
           "Select", "Get", "Queryx", "QueryRowx", "QueryxContext", "QueryRowxContext",
           "SelectContext", "GetContext", "NamedExec", "NamedQuery", "MustExec", "Prepare",
           "PrepareContext", "Where", "QueryOne", "QueryEx", "ExecEx", "QueryRowEx",
           # go-pg and gorm query-builder methods whose argument is SQL text
           "WhereOr", "WhereNot", "ColumnExpr", "OrderExpr", "TableExpr", "Having", "Joins"},
    "python": {"execute", "executemany", "executescript", "text", "raw", "read_sql",
               "read_sql_query", "exec_driver_sql", "fetch", "fetchrow", "fetchval", "mogrify",
               "RawSQL", "extra", "run", "cursor"},
    "ts": {"query", "$queryRawUnsafe", "$executeRawUnsafe", "raw", "execute", "whereRaw",
           "orderByRaw", "havingRaw", "joinRaw",
           # pg-promise's Database methods, each taking the query text first (`db.one(q)`,
           # `db.manyOrNone(q, values)`); the SQL-text test below keeps other `one`/`many` out
           "none", "one", "many", "oneOrNone", "manyOrNone", "any", "result", "multi",
           "multiResult",
           # better-sqlite3 / node:sqlite / bun:sqlite: `db.prepare(sql)`, `db.exec(sql)`
           "prepare", "exec"},
}
# Go query builders whose first argument is a condition in SQL (gorm, xorm, go-pg, bun,
# squirrel: `X.Table("user").Where("username = '" + key + "'")`): a comparison written there
# is SQL whatever keywords it lacks
_GO_CONDITION_METHODS = frozenset({"Where", "WhereOr", "WhereNot", "Having"})
_CONDITION_TEXT = re.compile(r"[=<>]|\b(?:like|in|between|is)\b", re.IGNORECASE)
# gorm's finisher methods taking an inline condition after the destination
_GORM_INLINE = frozenset({"First", "Last", "Take", "Find"})
_GORM_IMPORT = re.compile(rb'"(?:gorm\.io/gorm|github\.com/jinzhu/gorm)"')
# a receiver named as a gorm handle, where the file itself does not import gorm
_GORM_RECEIVER = re.compile(r"(?:^|\.)(?:db|DB|Db|tx|Tx|gormDB|GormDB|orm|ORM)$")
# a request value read as a string, as it was sent (gin/echo/fiber/chi/mux/net/http accessors)
_GO_STRING_READ = re.compile(
    r"^(?:\w+\.(?:Param|Params|Query|DefaultQuery|PostForm|DefaultPostForm|QueryParam|FormValue|"
    r"PathValue|URLParam)\(|\w+\.URL\.Query\(\)\.Get\(|mux\.Vars\(\w+\)\[)")
# calls whose first argument is SQL text and nothing else (a value passed there is a query)
_SQL_ONLY = {
    "ts": frozenset({"$queryRawUnsafe", "$executeRawUnsafe", "whereRaw", "orderByRaw",
                     "havingRaw", "joinRaw"}),
    "python": frozenset({"execute", "executemany", "executescript", "exec_driver_sql",
                         "read_sql", "read_sql_query", "RawSQL"}),
}
# JavaScript/TypeScript: `query`/`execute` take nothing but SQL first when the file holds a SQL
# driver or ORM (MikroORM's `em.getConnection().execute(sql)`, TypeORM's `manager.query(sql)`,
# Sequelize's `sequelize.query(sql)`, pg's `client.query(sql)`, mysql2's `conn.execute(sql)`);
# a receiver named for another protocol (a GraphQL or search client, an HTTP API) is not one
_TS_SQL_PACKAGES = re.compile(r"^(?:@mikro-orm/|(?:typeorm|@nestjs/typeorm|sequelize(?:-typescript)?|"
                              r"pg|pg-promise|pg-pool|postgres|mysql2?(?:/promise)?|knex|"
                              r"better-sqlite3|sqlite3?|mssql|oracledb|tedious|"
                              r"@neondatabase/serverless|@vercel/postgres|@planetscale/database|"
                              r"@libsql/client|kysely|slonik)(?:$|\.))")
_TS_SQL_ONLY = frozenset({"query", "execute", "prepare", "exec"})
# SQLite drivers, whose handle's `prepare(sql)` / `exec(sql)` take the statement text
_TS_SQLITE = re.compile(r"^(?:better-sqlite3|sqlite3|sqlite|bun:sqlite|node:sqlite|"
                        r"@libsql/client)(?:$|\.)")
# node-sqlite3's Database (and the `sqlite` wrapper's): `db.run(sql, params, cb)`, `db.get(sql)`,
# `db.all(sql)`, `db.each(sql)` take the statement text first (better-sqlite3 puts these on the
# prepared statement, whose arguments are values)
# (`require("sqlite3").verbose()` included: the module itself, with long stack traces)
_NODE_SQLITE3_IMPORT = re.compile(rb"""(?:require\(\s*|from\s+)['"]sqlite3?['"]""")
_NODE_SQLITE3_METHODS = frozenset({"run", "get", "all", "each"})
_NOT_SQL_RECEIVER = re.compile(r"(?i)(?:apollo|graphql|gql|elastic|search|http|axios|fetch|"
                               r"api|urql|router|req|request|route)\w*$")
# sqlx's scanning calls with a context take the destination before the query:
# `SelectContext(ctx, &dest, query, args...)`
DEST_FIRST_CTX = frozenset({"SelectContext", "GetContext"})
SQL_TEXT = re.compile(
    r"\b(select\s.+\sfrom|insert\s+into|(create|drop|alter)\s+(temporary\s+)?table\s|update\s+\w+\s+set|delete\s+from|where\s|order\s+by|"
    r"group\s+by|limit\s|offset\s|values\s*\(|inner\s+join|left\s+join|and\s+\w+\s*(=|<|>|like|in\b|is\b))",
    re.IGNORECASE | re.DOTALL)


_SQL_WORD = re.compile(r"(?i)\b(select|insert|update|delete|where|table)\b")
_SQL_WORDS = (b"select", b"insert", b"update", b"delete", b"where", b"table")  # those of _SQL_WORD


_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


# The words in UTF-8 with the letters Unicode case folding equates to theirs (`ſ` is an `s`,
# `ı` and `İ` are an `i`), for the files that hold one of those letters.
_FOLDED_LETTERS = (b"\xc5\xbf", b"\xc4\xb0", b"\xc4\xb1")
_SQL_WORDS_FOLDED = re.compile(rb"(?i)(?:s|\xc5\xbf)elect|(?:i|\xc4[\xb0\xb1])n(?:s|\xc5\xbf)ert|"
                               rb"update|delete|where|table")


def _sql_words(data: bytes) -> list:
    """(start, end, word byte before, word byte after) of each word of `_SQL_WORD` in the file,
    in any case, by start. A non-ASCII neighbour counts as no word byte: it may be none."""
    lower, spans = data.lower(), []
    for w in _SQL_WORDS:
        i = lower.find(w)
        while i >= 0:
            spans.append((i, i + len(w)))
            i = lower.find(w, i + 1)
    if not data.isascii() and any(c in data for c in _FOLDED_LETTERS):
        spans += [m.span() for m in _SQL_WORDS_FOLDED.finditer(data)]
    out = [(i, j, i > 0 and data[i - 1] in _WORD_BYTES, j < len(data) and data[j] in _WORD_BYTES)
           for i, j in spans]
    out.sort()
    return out


def _word_in(words: list, lo: int, hi: int) -> bool:
    """Whether one of the words starts in data[lo:hi]."""
    i = bisect_left(words, (lo,))
    return i < len(words) and words[i][0] < hi


def _sql_word_at(words: list, lo: int, hi: int) -> bool:
    """Whether `_SQL_WORD` can match the text data[lo:hi] (exactly when it is ASCII): a word
    inside it with a boundary on each side, where the ends of the text are boundaries."""
    i = bisect_left(words, (lo,))
    while i < len(words) and words[i][0] < hi:
        start, end, word_before, word_after = words[i]
        if end <= hi and (not word_before or start == lo) and (not word_after or end == hi):
            return True
        i += 1
    return False


_CLASS_REF = re.compile(r"^(cls|klass|self\.__class__|type\(self\))\.([A-Za-z_]\w*)$")


def _culprits(flow, idx, node, func) -> list:
    """`flow.culprits`, less the class-level constants a classmethod reads through `cls`
    (`cls.TABLE` where the class body sets `TABLE = "users"`, or an upper-case name it
    inherits): text assembled from module, class or package constants is constant; less the
    route parameters the framework made numbers (`<int:user_id>`)."""
    typed = flow.typed_route_params(func) if idx.lang == "python" else set()
    return [c for c in flow.culprits(node, func) if not _class_constant(c[0], idx, flow, func)
            and not (typed and c[0] in typed)]


def _class_constant(text: str, idx, flow, func) -> bool:
    m = _CLASS_REF.match(text)
    if m is None or idx.lang != "python":
        return False
    if m.group(1) in ("cls", "klass"):
        params = list(idx.params.get(func, {}))
        if not params or params[0] != m.group(1):
            return False
    if any(f"{m.group(1)}.{m.group(2)}" in table for table in idx.assigns.values()):
        return False  # a method sets it: not a constant of the class
    assigns = idx.assigns_in(MODULE).get(m.group(2))  # class bodies are module-level code here
    if not assigns:
        return m.group(2).isupper()  # inherited or set elsewhere: a constant by its name
    return all(v is not None and op != "index" and not flow.culprits(v, MODULE)
               for v, op, _ in assigns)


def _value_lines(idx, flow, node, func, out: set, depth: int = 0, seen=None) -> None:
    """Every line of `node` and of the values its names were assigned (followed through local,
    enclosing and module names, bounded): where an engine may report the SQL as built."""
    if node is None or depth > 6 or len(out) > 200:
        return
    seen = set() if seen is None else seen
    out.update(range(node.start_point[0] + 1, node.end_point[0] + 2))
    from auditor.index.walk import walk

    for sub in walk(node):
        if sub.type != "identifier":
            continue
        name = idx.text(sub)
        if (name, func) in seen:
            continue
        seen.add((name, func))
        for value, op, line in flow.assignments(name, func):
            if value is None or op in ("index",):
                continue
            out.add(line)
            _value_lines(idx, flow, value, func, out, depth + 1, seen)


def _constant_sql_definitions(idx, flow, safe) -> None:
    """Module- and class-level SQL text built only from constants (`LIST_USERS = f"SELECT {COLS}
    FROM {USERS_TABLE}"` in a queries module): judged safe where it is built, so that an
    engine's report of the building line is kept as engine-judged, not reported."""
    for name, assigns in idx.assigns_in(MODULE).items():
        for value, op, line in assigns:
            value = unwrap(value)
            if value is None or op == "index" or value.type in ("string", "interpreted_string_literal",
                                                                "raw_string_literal") \
                    and not is_interpolated(value):
                continue  # a plain literal: nothing an engine reports
            if value.end_byte - value.start_byte > 4000:
                continue
            texts = flow.strings_in(value, MODULE)
            if not any(SQL_TEXT.search(t) for t in texts) or flow.culprits(value, MODULE):
                continue
            for ln in range(line, value.end_point[0] + 2):
                if ln not in safe:
                    safe.append(ln)


def _ts_sql_only(ctx, call) -> bool:
    """A JS/TS `query(x)` / `execute(x)` whose first argument is the SQL text (_TS_SQL_PACKAGES)."""
    if call.name not in _TS_SQL_ONLY or not call.receiver or \
            _NOT_SQL_RECEIVER.search(re.sub(r"\(.*\)$", "", call.receiver.rsplit(".", 1)[-1])):
        return False
    from auditor.checks.treeutil import import_map

    pattern = _TS_SQLITE if call.name in ("prepare", "exec") else _TS_SQL_PACKAGES
    return any(pattern.match(t.split(" ", 1)[0]) for t in import_map(ctx).values())


def _param_sink(ctx, idx, flow, call, arg) -> None:
    """A query call whose SQL is one of the enclosing function's parameters: the callers decide
    whether it is built safely (the `sql-injection-via-caller` rule follows them)."""
    params = [p for p in idx.params.get(call.func, {}) if p not in ("self", "cls")]
    culprits = _culprits(flow, idx, arg, call.func)
    if len(culprits) != 1 or culprits[0][0] not in params:
        return
    if "Context" in (idx.params.get(call.func, {}).get(culprits[0][0]) or "") or \
            culprits[0][0] in ("ctx", "context"):
        return  # the context argument of a *Context call, not its SQL
    node = idx.funcs.get(call.func)
    if node is None:
        return
    ctx.facts.extra.setdefault("sql_param_sinks", []).append({
        "line": call.line, "column": call.node.start_point[1] + 1, "callee": call.callee,
        "func_line": node.start_point[0] + 1, "param": culprits[0][0],
        "index": params.index(culprits[0][0])})


# a receiver named for a database handle (`cursor.execute(q)`), not a command object's
# `execute` (`cmdObj.execute(name)`)
_DB_HANDLE = re.compile(r"(?i)(?:^|[._])(?:cursor|cur|c|conn|connection|con|db|database|engine|"
                        r"session|sess|tx|transaction|client|pool)$")
_READ_TYPES = frozenset(("call", "subscript", "attribute", "member_expression",
                         "subscript_expression", "call_expression", "selector_expression",
                         "index_expression"))


def _request_read(flow, idx, arg, func) -> bool:
    """`arg` is a read of the request, as is or through a local assigned one (`q =
    request.GET["sql"]`, `request.args.get("query", "SELECT 1")`): its value is what the
    client sent (or the default), never text built around it."""
    values = [arg]
    if arg.type == "identifier":
        values = [v for v, _op, _ln in idx.assigns_in(func).get(idx.text(arg), ())]
    return bool(values) and all(
        v is not None and unwrap(v) is not None and unwrap(v).type in _READ_TYPES and
        REQUEST_SOURCE.match(idx.text(unwrap(v), 200)) is not None and
        flow.is_source(idx.text(unwrap(v), 200), func) for v in values)


def _built_sql_arguments(ctx, idx) -> None:
    """Arguments that carry SQL text built from non-constant values, at every call of the
    file: what a caller hands to a function whose parameter reaches a query."""
    words = _sql_words(idx.data)
    if words == []:
        return
    flow = None
    out = []
    for call in idx.calls:
        inside = _word_in(words, call.node.start_byte, call.node.end_byte)
        if not inside and not any(a.type == "identifier" for a in call.args[:6]):
            continue  # no argument of this call can hold one of the words
        for k, arg in enumerate(call.args[:6]):
            arg = unwrap(arg)
            if arg is None:
                continue
            if arg.type == "identifier":
                # SQL built into a local first (`q := fmt.Sprintf("SELECT ...", id); run(q)`)
                if not any(v is not None and _sql_word_at(words, v.start_byte,
                                                          min(v.end_byte, v.start_byte + 400))
                           for v, _op, _ln in idx.assigns_in(call.func).get(idx.text(arg), ())):
                    continue
            elif not inside or not _sql_word_at(words, arg.start_byte,
                                                min(arg.end_byte, arg.start_byte + 400)) \
                    or not _SQL_WORD.search(idx.text(arg, 400)):
                continue
            flow = flow or Flow(idx)
            texts = flow.strings_in(arg, call.func)
            if not any(SQL_TEXT.search(t) for t in texts):
                continue
            culprits = _culprits(flow, idx, arg, call.func)
            if culprits:
                out.append({"line": call.line, "name": call.name, "callee": call.callee,
                            "index": k, "culprits": list(dict.fromkeys(n for n, _ in culprits))[:4]})
    if out:
        ctx.facts.extra["sql_built_args"] = out


# The SQL escapers of the Node drivers, each returning a quoted, escaped SQL literal: mysql /
# mysql2 `connection.escape(v)`, `pool.escape`, `mysql.escape`, sqlstring `SqlString.escape`,
# Sequelize `sequelize.escape(v)`, `escapeId` (an identifier); pg `client.escapeLiteral(v)` /
# `escapeIdentifier`. `escape` on an HTML library (lodash `_.escape`, validator, he) is not one:
# it leaves a number context open.
_SQL_ESCAPES = frozenset({"escape", "escapeId", "escapeLiteral", "escapeIdentifier"})
_HTML_ESCAPERS = frozenset({"_", "lodash", "validator", "he", "html", "entities", "escaper",
                            "Handlebars", "Mustache", "ejs", "querystring", "qs", "window",
                            "document", "CSS", "RegExp", "regex", "xml", "XML"})


def _sql_escaper(call, idx) -> bool:
    if _doubles_quotes(call, idx):
        return True
    if call.name not in _SQL_ESCAPES or not call.receiver:
        return False
    return call.receiver.rsplit(".", 1)[-1] not in _HTML_ESCAPERS


_REPLACERS = frozenset({"ReplaceAll", "Replace", "replace", "replaceAll"})


def _doubles_quotes(call, idx, depth: int = 0) -> bool:
    """A value with each `'` doubled (`strings.ReplaceAll(s, "'", "''")`, `s.replace("'",
    "''")`, `s.replace(/'/g, "''")`), or the result of a function of this file that returns
    only that: inside a single-quoted SQL literal it stays a literal (the SQL standard's escape;
    SQLite and PostgreSQL take no backslash escapes by default)."""
    if call.name in _REPLACERS:
        args = [idx.text(a, 20) for a in call.args]
        if idx.lang == "go":
            args = args[1:]  # strings.ReplaceAll(s, old, new)
        return len(args) >= 2 and args[0] in ('"\'"', "'\\''", "/'/g") and \
            args[1] in ('"\'\'"', "\"''\"")
    if depth or call.receiver or not call.name:
        return False
    key = ("doubles_quotes", call.name)
    memo = idx.flow_memo
    if key not in memo:
        memo[key] = False
        from auditor.checks.treeutil import _call, unwrap

        fn = idx.own_function(call.name)
        rets = idx.returns_in(fn) if fn is not None else []
        ok = bool(rets)
        for r in rets:
            vals = [unwrap(c) for c in r.named_children if c.type != "comment"]
            if len(vals) == 1 and vals[0] is not None and vals[0].type == "expression_list":
                vals = [unwrap(c) for c in vals[0].named_children]  # Go
            inner = [_call(idx, v) for v in vals if v is not None and v.type in
                     ("call_expression", "call")]
            if len(vals) != 1 or len(inner) != 1 or inner[0] is None or \
                    not _doubles_quotes(inner[0], idx, depth + 1):
                ok = False
        memo[key] = ok
    return memo[key]


# SQLAlchemy's Query (1.x) takes a string in these as SQL text (`query.filter("id=" + x)`,
# `session.query(M).order_by(f"{col} desc")`): on a receiver that is a query. Django's
# querysets take field names there, so a Django file is left out.
QUERY_TEXT_METHODS = frozenset({"filter", "having", "group_by", "order_by", "distinct"})
QUERY_RECEIVER = re.compile(r"(?:^|\.)query\b|\bquery\(|\bselect\(")


def _string_call(node) -> bool:
    """Whether a call in a Query text method's place makes a string (`"id = {}".format(x)`,
    `" AND ".join(parts)`, `str(x)`). Any other call there makes a SQL expression object
    (`Topic.id.in_(ids)`, `Forum.groups.any(...)`, `and_(...)`, `User.name.ilike(p)`), whose
    operands SQLAlchemy always sends as bound parameters."""
    if node is None or node.type != "call":
        return False
    fn = node.child_by_field_name("function")
    if fn is None:
        return False
    if fn.type == "identifier":
        return fn.text in (b"str", b"format")
    if fn.type == "attribute":
        obj = unwrap(fn.child_by_field_name("object"))
        return obj is not None and obj.type in ("string", "concatenated_string", "binary_operator")
    return False


def _sqlalchemy_query_file(ctx) -> bool:
    from auditor.checks.treeutil import import_map

    return not any(v.split(".")[0] in ("django", "rest_framework") for v in import_map(ctx).values())


def _from_sqlalchemy(ctx) -> bool:
    from auditor.checks.treeutil import import_map

    return import_map(ctx).get("text", "").startswith("sqlalchemy")


# Go's predeclared identifiers that can be read as values
_GO_PREDECLARED = frozenset("true false nil iota append cap len make new copy string".split())
_DOT_IMPORT = re.compile(rb"(?m)^\s*(?:import\s+)?\.\s+\"")


def _outside_pending(rule, ctx, flow, call, arg) -> bool:
    """Go SQL text built from lower-case names no scope of the file binds: a package-level
    `const` or `var` of another file of the package, or a name no file declares. The file cannot
    tell which; the finding waits in the facts for the project part, which reads the package's
    declarations (`check_project`). True when it was recorded."""
    from auditor.checks.treeutil import import_map

    memo = flow.idx.flow_memo  # the file's answers: searched once, a file has many SQL calls
    dot = memo.get("dot_import")
    if dot is None:
        dot = memo["dot_import"] = _DOT_IMPORT.search(ctx.data) is not None
    if dot:
        return False  # `import . "pkg"`: another package's names are in scope unqualified
    names = flow.outside_names(arg, call.func) - set(import_map(ctx)) - _GO_PREDECLARED
    if not names:
        return False
    shown = sorted(names)
    f = rule.finding(ctx.path, call.line,
                     f"SQL text built from non-constant {', '.join(shown[:4])} reaches "
                     f"{call.callee}(); pass values as bound parameters",
                     column=call.node.start_point[1] + 1, snippet=ctx.line_text(call.line),
                     end_line=call.node.end_point[0] + 1, end_column=call.node.end_point[1] + 1,
                     severity="info" if ctx.is_test else None,
                     flow=[(ctx.path, call.line, f"sink: {call.callee}()")])
    ctx.facts.extra.setdefault("sql_outside", []).append({"names": shown, "f": f.to_dict()})
    return True


def _package_names(facts: dict) -> dict:
    """(package folder, package, test file?) -> the names its files declare at package level
    (variables, constants, functions)."""
    out: dict = {}
    for path, fx in facts.items():
        if fx.get("language") != "go":
            continue
        key = ((fx.get("extra") or {}).get("go_pkgdir", ""), fx.get("package") or "",
               path.endswith("_test.go"))
        names = out.setdefault(key, set())
        for a in fx.get("assigns") or ():
            if a.get("func") == "":
                names.update(a.get("targets") or (a.get("target"),))
        for fn in fx.get("functions") or ():
            if fn.get("kind") == "function":
                names.add(fn.get("name"))
    return out


_ROOT = re.compile(r"[.\[(]")


def _param_built(ctx, idx, flow, call, culprits, finding) -> bool:
    """SQL built in place from the function's own parameters, with no request value seen here:
    whether it is an injection depends on the parameters' types and on what the callers pass,
    which only the whole tree tells. Recorded for `check_project` (True) when every culprit is
    a parameter of the function or of a function around it; a request value, a local or
    module name of unknown origin, a receiver's field or `self` is judged here (False)."""
    func = call.func
    if not idx.funcs.get(func):
        return False
    from auditor.taint.summary import _param_list

    out = []
    for text, _line in culprits:
        root = _ROOT.split(text, 1)[0]
        if not root or flow.is_source(text, func) or root in flow.route_params(func) or \
                (func, root) in flow.request_bound():
            return False
        owner = next((k for k in [func] + idx.outer_keys(func)
                      if root in idx.params.get(k, {})), None)
        if owner is None or owner not in idx.funcs:
            return False
        params = _param_list(idx, owner)
        if root not in params:
            return False  # a destructured or rest parameter: not one argument
        field = text[len(root) + 1:] if text[len(root):len(root) + 1] == "." else ""
        out.append([text[:120], idx.funcs[owner].start_point[0] + 1, params.index(root),
                    (idx.params[owner].get(root) or "")[:120], field[:120]])
    if not out:
        return False
    ctx.facts.extra.setdefault("sql_param_built", []).append({
        "f": finding.to_dict(), "c": out, "lang": idx.lang})
    return True


# Go types whose values are never SQL text
_GO_SCALAR = re.compile(r"^\*?(u?int\d*|float\d*|complex\d*|bool|byte|rune|uintptr|"
                        r"time\.(Time|Duration|Month|Weekday)|uuid\.UUID|decimal\.Decimal|"
                        r"sql\.Null(Int\d*|Float64|Bool|Time|Byte))$")
_GO_TEXT = re.compile(r"^\*?(string|\[\][\w.]*|map\[.*|any|interface\{\s*\}|"
                      r"sql\.NullString|\.\.\..*|)$")


# type names of values that carry what a client sent (`events.APIGatewayProxyRequest`,
# `pubsub.Message`, `CreateUserInput`): their fields and methods give request text
_CARRIER = re.compile(r"(?i)(request|req|event|message|msg|input|payload|body|form|query|"
                      r"params|args|ctx|context)$")


class _GoTypes:
    """The tree's Go type declarations by short name: struct fields, and which names are
    structs or interfaces (a value of one is never text) and which are other named types
    (`type Column string`: may be text)."""

    def __init__(self, facts: dict) -> None:
        self.by_name: dict = {}
        for fx in facts.values():
            if fx.get("language") != "go":
                continue
            for c in fx.get("classes") or ():  # before the graph's facts are released
                self.by_name.setdefault(c.get("name"), []).append(c)
            if not fx.get("classes"):
                for name, (kind, fields) in ((fx.get("extra") or {}).get("go_types") or {}).items():
                    self.by_name.setdefault(name, []).append({"kind": kind, "fields": fields})

    def kind(self, type_text: str, depth: int = 0) -> str:
        """"scalar" (cannot carry SQL text), "object" (a struct, interface or pointer to one:
        text comes only from what its methods return), or "text" (may be text; also when
        unknown)."""
        t = type_text.replace(" ", "")
        if _GO_SCALAR.match(t):
            return "scalar"
        if _GO_TEXT.match(t) or t.startswith(("func(", "chan", "[")):
            return "text"
        base = t.lstrip("*")
        short = base.rsplit(".", 1)[-1]
        if _CARRIER.search(short):
            return "text"  # a request, an event, a message: made of what a client sent
        decls = self.by_name.get(short)
        if decls:
            kinds = {c.get("kind") for c in decls}
            if kinds <= {"struct", "interface"}:
                return "object"
            return "text"  # a named type of another kind: maybe a string
        # a type of another module: a pointer or a qualified named type is an object (a
        # database handle, an application context); a string-based one is the exception
        return "object" if "." in base or t.startswith("*") else "text"

    def field(self, type_text: str, path: str) -> str:
        """The kind of `path` (`Limit`, `Page.Size`) read from a value of `type_text`."""
        t = type_text.replace(" ", "")
        for name in path.split("."):
            short = t.lstrip("*").rsplit(".", 1)[-1]
            decls = [c for c in self.by_name.get(short, ()) if c.get("kind") == "struct"]
            types = {(c.get("fields") or {}).get(name) for c in decls}
            if not decls or None in types or len(types) != 1:
                return "text"  # not a field the tree declares (a method, an embedded field)
            t = types.pop().replace(" ", "")
        return self.kind(t)


def _on_chain(ctx) -> dict:
    """file -> [(start, end)] of the functions on some endpoint's chain."""
    on = {(n.file, n.name) for e in (ctx.endpoints or ()) if not e.implicit for n in e.chain}
    spans: dict = {}
    if not on:
        return spans
    for path, fx in ctx.facts.items():
        for fn in fx.get("functions") or ():
            if (path, fn.get("qname")) in on:
                spans.setdefault(path, []).append((fn.get("line", 0), fn.get("end_line", 0)))
    return spans


def _judge_param_built(ctx, rule) -> Iterable[Finding]:
    """The SQL built from parameters (`_param_built`), judged on the whole tree. Each culprit
    parameter is dropped when its value cannot be text (a Go int, bool or time, read from a
    struct field the tree declares), or when every caller passes a constant there; a
    parameter holding an object (a database handle, an application) counts only when a caller
    passes request data. The query stays a finding as it was when some caller passes request
    data in a culprit's place, when it sits on an endpoint's chain, or when code outside the
    tree calls it (a function value handed to a framework); otherwise it is low, reachable from
    no request."""
    from auditor.index.packed import unpack
    from auditor.taint.callers import CallerIndex

    pending = [(p, fx) for p, fx in (ctx.facts or {}).items()
               if (fx.get("extra") or {}).get("sql_param_built")]
    if not pending or ctx.graph is None:
        for _p, fx in pending:
            for item in unpack(fx["extra"]["sql_param_built"]):
                yield Finding.from_dict(item["f"])
        return
    types = _GoTypes(ctx.facts)
    callers = CallerIndex(ctx)  # this rule's alone: its unpacked summaries go with it
    chains = _on_chain(ctx)
    for path, fx in pending:
        for item in unpack(fx["extra"]["sql_param_built"]):
            f = Finding.from_dict(item["f"])
            left, request, external = [], False, False
            for text, owner_line, index, ptype, field in item["c"]:
                if item.get("lang") == "go":
                    kind = types.field(ptype, field) if field else types.kind(ptype)
                else:
                    kind = "scalar" if NUMERIC_TYPES.match(ptype.replace(" ", "")) else "text"
                if kind == "scalar":
                    continue
                node = ctx.graph.function_at(path, owner_line)
                said = callers.verdict(node, index) if node is not None else "unknown"
                if said == "request":
                    request = True
                    break
                if said == "constant" or kind == "object":
                    continue
                external = external or said == "external"
                if text not in left:
                    left.append(text)
            if request:
                yield f
                continue
            if not left:
                continue  # no parameter can bring request text there: not an injection
            if external or any(a <= f.line <= b for a, b in chains.get(path, ())):
                yield f  # an endpoint reaches it, or code outside the tree calls it
                continue
            yield f.with_(severity="low", message=f"{f.message} (reachable from no request: "
                          f"no endpoint reaches it and no caller is seen passing request data "
                          f"as {', '.join(left[:4])})")


class SqlInjection(AcrossFunctions, Rule):
    __doc__ = __doc__
    id = "sql-injection"
    name = "SqlInjection"
    category = "sql-injection"
    cwe = ("CWE-89",)
    severity = "high"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("go", 'package r\n\nfunc F(db *sql.DB, name string) {\n'
                      '\tq := "SELECT * FROM t WHERE name = \'" + name + "\'"\n\tdb.Query(q)\n}\n'),
        Example("python", 'def f(cur, name):\n    cur.execute(f"SELECT * FROM t WHERE n = \'{name}\'")\n'),
        Example("typescript", 'export async function f(db, id: string) {\n'
                              '  return db.query(`SELECT * FROM t WHERE id = ${id}`);\n}\n'),
        Example("python", 'from app.sql import USERS_TABLE\n\n\ndef find(cur, user_input):\n'
                          '    cur.execute(f"SELECT * FROM {USERS_TABLE} WHERE name = \'{user_input}\'")\n'),
        Example("python", 'from sqlalchemy import text\n\ndef f(q, name):\n'
                          '    return q.filter(text("name = " + name))\n'),
    ]
    negative = [
        Example("go", 'package r\n\nfunc F(db *sql.DB, id string, n int) {\n'
                      '\tq := "SELECT * FROM t WHERE 1=1"\n'
                      '\tq += fmt.Sprintf(" AND id = $%d", n)\n\tdb.Query(q, id)\n}\n'),
        Example("python", 'def f(cur, ids):\n    marks = ",".join(["?"] * len(ids))\n'
                          '    cur.execute("SELECT * FROM t WHERE id IN (" + marks + ")", ids)\n'),
        Example("typescript", 'export async function f(db, id: string) {\n'
                              '  return db.query("SELECT * FROM t WHERE id = $1", [id]);\n}\n'),
        Example("python", 'from app.sql import USERS_TABLE\n\nCOLUMNS = "id, name"\n\n\n'
                          'class Repo:\n    ARCHIVE = "users_archive"\n\n    @classmethod\n'
                          '    def all(cls, cur):\n'
                          '        cur.execute(f"SELECT {COLUMNS} FROM {USERS_TABLE} WHERE active = 1")\n'
                          '        cur.execute(f"SELECT * FROM {cls.ARCHIVE} WHERE active = 1")\n'),
        Example("python", 'from sqlalchemy import text\n\ndef f(q, name):\n'
                          '    return q.filter(text("name = :n").bindparams(n=name))\n'),
    ]

    def check_project(self, ctx) -> Iterable[Finding]:
        """Request data reaching SQL through calls (AcrossFunctions), and the Go queries built
        from package-level names of other files: a finding where some name is declared by no
        file of the package (a `const` or `var` of another file is its own constant)."""
        yield from super().check_project(ctx)
        yield from _judge_param_built(ctx, self)
        pending = [(p, fx) for p, fx in (ctx.facts or {}).items()
                   if (fx.get("extra") or {}).get("sql_outside")]
        if not pending:
            return
        declared = _package_names(ctx.facts)
        for path, fx in pending:
            pkg = ((fx.get("extra") or {}).get("go_pkgdir", ""), fx.get("package") or "")
            known = set(declared.get(pkg + (False,), ()))
            if path.endswith("_test.go"):
                known |= declared.get(pkg + (True,), set())
            for item in fx["extra"]["sql_outside"]:
                missing = [n for n in item["names"] if n not in known]
                if missing:
                    yield Finding.from_dict(item["f"])

    def _gorm_inline(self, ctx, idx, flow, call, gorm_file: bool):
        """gorm's inline condition, `db.First(&user, id)`: a string argument that is not a
        number is taken as the WHERE text itself (gorm's Statement.BuildCondition; its security
        guide's own example), so a request string there is SQL the requester writes. An int, or
        a string converted to one, is the primary key."""
        dest = unwrap(call.args[0])
        if dest is None or not idx.text(dest, 3).startswith("&") or not (
                gorm_file or _GORM_RECEIVER.search(call.receiver or "")):
            return None
        cond = unwrap(call.args[1])
        if cond is None:
            return None
        values = [cond]
        if cond.type == "identifier":
            # a local holding the request's string as read (`id := c.Param("id")`); one
            # converted or assigned otherwise anywhere (`id, _ := strconv.Atoi(...)`, a uint
            # from the token) may be a number: the primary key
            values = [v for v, op, _ln in idx.assigns_in(call.func).get(idx.text(cond), ())]
            if not values or any(v is None for v in values):
                return None
        if not all(_GO_STRING_READ.match(idx.text(v, 200)) for v in values):
            return None
        whole = flow.request_culprits(cond, call.func)
        if not whole:
            return None
        names = list(dict.fromkeys(n for n, _ in whole))
        return self.finding(
            ctx.path, call.line,
            f"A request string ({', '.join(names[:3])[:120]}) is gorm's inline condition of "
            f"{call.callee}(): a string that is not a number is the WHERE text itself; convert it "
            "to a number or write `\"id = ?\", value`",
            column=call.node.start_point[1] + 1, snippet=ctx.line_text(call.line),
            confidence="high", severity="info" if ctx.is_test else None,
            flow=[(ctx.path, whole[0][1], f"source: {whole[0][0][:120]}"),
                  (ctx.path, call.line, f"sink: {call.callee}()")])

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        idx = file_index(ctx)
        if idx is None:
            return
        _built_sql_arguments(ctx, idx)
        lang = "ts" if ctx.language in ("typescript", "tsx", "javascript") else ctx.language
        sinks = SINKS.get(lang, set())
        if lang == "ts" and b"sqlite" in ctx.data and _NODE_SQLITE3_IMPORT.search(ctx.data):
            sinks = sinks | _NODE_SQLITE3_METHODS
        flow = Flow(idx)
        if lang == "ts" and b"scape" in ctx.data or b"\"''\"" in ctx.data:
            # `sequelize.escape(v)`, a quote-doubling helper: a quoted literal
            flow = SanitizedFlow(idx, _sql_escaper)
        safe = _Lazy(ctx.facts.extra, "safe_sql_lines")
        if _SQL_WORD.search(ctx.text):
            _constant_sql_definitions(idx, flow, safe)
        sa_query = lang == "python" and _sqlalchemy_query_file(ctx)
        gorm_file = lang == "go" and _GORM_IMPORT.search(ctx.data) is not None
        for call in idx.calls:
            if lang == "go" and call.name in _GORM_INLINE and len(call.args) == 2:
                f = self._gorm_inline(ctx, idx, flow, call, gorm_file)
                if f is not None:
                    yield f
                continue
            query_text = sa_query and call.name in QUERY_TEXT_METHODS and \
                QUERY_RECEIVER.search(call.receiver or "") is not None
            if not query_text and (call.name not in sinks or not call.receiver and
                                   call.name not in ("text", "raw", "RawSQL")):
                continue
            # an argument these take is SQL by definition (sqlalchemy `text()`, Django `RawSQL`,
            # `.extra(where=[...])`): no SQL-looking literal is needed to call it a query
            declared = lang == "python" and (call.name in ("RawSQL", "extra") or
                                             call.name == "text" and not call.receiver and
                                             _from_sqlalchemy(ctx))
            if lang == "python" and call.name == "text" and "format" in call.callee:
                continue
            if lang == "ts" and call.node.child_by_field_name("arguments") is not None and \
                    call.node.child_by_field_name("arguments").type == "template_string":
                continue  # tagged template: sql`...${x}` binds its values
            # (sqlx's `SelectContext(ctx, &dest, query, args...)` and `GetContext` take the
            # query third)
            candidates = list(call.args[:3 if call.name in DEST_FIRST_CTX else 2]) + [
                v for k, v in call.kwargs.items()
                if k in ("sql", "query", "statement", "where", "select", "tables", "order_by")]
            if query_text:  # text built in place: a value made elsewhere is judged there
                candidates = [a for a in call.args[:1] if unwrap(a) is not None and unwrap(a).type
                              in ("binary_operator", "string", "concatenated_string")
                              or _string_call(unwrap(a))]
            if call.name == "extra":
                candidates = [v for k, v in call.kwargs.items()
                              if k in ("where", "select", "tables", "order_by")]
            for arg in candidates:
                if arg is not None and arg.type == "variadic_argument":
                    continue  # Go `db.QueryRow(q, e.args...)`: the spread values are bound
                arg = unwrap(arg)
                if arg is None:
                    continue
                texts = flow.strings_in(arg, call.func)
                read = bool(texts) and call.args and arg == unwrap(call.args[0]) and \
                    _DB_HANDLE.search(call.receiver or "") is not None and \
                    _request_read(flow, idx, arg, call.func)
                if not texts or read:
                    # (a request read's own strings are its key and its default:
                    # `request.args.get("query", "SELECT 1")` is still the request's text)
                    _param_sink(ctx, idx, flow, call, arg)
                    sql_only = call.name in _SQL_ONLY.get(lang, ()) or \
                        lang == "ts" and _ts_sql_only(ctx, call)
                    whole = flow.request_culprits(arg, call.func) \
                        if sql_only and call.args and arg == unwrap(call.args[0]) else []
                    if whole:
                        # the request's value is the whole statement (`const { query } =
                        # req.query; prisma.$queryRawUnsafe(query)`): no SQL text to see, but
                        # nothing but SQL goes there
                        names = list(dict.fromkeys(n for n, _ in whole))
                        yield self.finding(
                            ctx.path, call.line,
                            f"The whole SQL text passed to {call.callee}() comes from the request "
                            f"({', '.join(names[:3])[:120]}): the requester writes the query",
                            column=call.node.start_point[1] + 1,
                            snippet=ctx.line_text(call.line), confidence="high",
                            severity="info" if ctx.is_test else None,
                            flow=[(ctx.path, whole[0][1], f"source: {whole[0][0][:120]}"),
                                  (ctx.path, call.line, f"sink: {call.callee}()")])
                        break
                    if sql_only and \
                            arg.type == "identifier" and arg == unwrap(call.args[0]) and \
                            idx.text(arg) in idx.params.get(call.func, {}):
                        # the whole SQL text is a parameter of a call that takes nothing but SQL
                        # there: request data a caller passes in that place is the query
                        # (`runQuery(body.sql)`), followed across functions (SQL a caller builds
                        # is `sql-injection-via-caller`'s). Not Go's `Exec`/`Get`/`Where`, whose
                        # receiver may be a prepared statement or a query builder taking values
                        note_sink(ctx, idx, flow, self, call.func, call.node, call.callee, arg)
                if not declared and not any(SQL_TEXT.search(t) for t in texts) and \
                        not (query_text and texts) and \
                        not (lang == "go" and call.name in _GO_CONDITION_METHODS and
                             any(_CONDITION_TEXT.search(t) for t in texts)):
                    if lang == "go" and texts:
                        break  # Go's query text comes first: what follows it is bound values
                    continue
                culprits = _culprits(flow, idx, arg, call.func)
                if not culprits and note_sink(ctx, idx, flow, self, call.func, call.node,
                                              call.callee, arg, params_too=False):
                    break  # made of other functions' results: judged across functions
                if not culprits and lang == "go" and _outside_pending(self, ctx, flow, call, arg):
                    break  # built from package-level names of other files: the package decides
                if not culprits:
                    if call.line not in safe:
                        safe.append(call.line)
                    lines: set = set()
                    _value_lines(idx, flow, arg, call.func, lines)
                    for ln in sorted(lines):
                        if ln not in safe:
                            safe.append(ln)
                    break
                names = []
                for name, _ in culprits:
                    if name not in names:
                        names.append(name)
                request = any(("req" in n or "request" in n or n.startswith(("c.", "ctx.")))
                              for n in names)
                related = sorted({(ctx.path, ln) for _, ln in culprits if ln != call.line})
                f = self.finding(
                    ctx.path, call.line,
                    f"SQL text built from non-constant {', '.join(names[:4])} reaches "
                    f"{call.callee}(); pass values as bound parameters",
                    column=call.node.start_point[1] + 1, snippet=ctx.line_text(call.line),
                    end_line=call.node.end_point[0] + 1, end_column=call.node.end_point[1] + 1,
                    related=related[:10], confidence="high" if request else None,
                    severity="info" if ctx.is_test else None,
                    flow=[(ctx.path, culprits[0][1], f"source: {culprits[0][0][:120]}"),
                          (ctx.path, call.line, f"sink: {call.callee}()")])
                if ctx.is_test or not _param_built(ctx, idx, flow, call, culprits, f):
                    yield f
                break
