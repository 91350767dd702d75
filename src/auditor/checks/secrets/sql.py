"""Secrets in SQL migrations and seeds: the rows `INSERT` and `UPDATE` statements write.

A row is read as column -> value (positional rows of an `INSERT` without a column list keep their
order). What a row can seed: a password hash (bcrypt, argon2, crypt(3), Django's), a plain
password (as a literal, or inside `crypt('...', gen_salt('bf'))`, `md5('...')`, `PASSWORD('...')`),
an API key, token or secret in a column named so, and any value in a known key format. The
account is the row's email or user name (an `UPDATE`'s `WHERE email = '...'`), and a column such as
`force_password_change` says whether the seeded password must be changed at the first login.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from auditor.checks.treeutil import words

BCRYPT = re.compile(r"^\$2[abxy]?\$(\d\d)\$[./A-Za-z0-9]{53}$")
OTHER_HASH = re.compile(r"^(\$argon2(id|i|d)\$|\$[156]\$|\$sha512\$|pbkdf2_sha\d+\$|bcrypt\$|"
                        r"argon2\$|scrypt[:$]|\{SSHA\d*\}|\{SHA\d*\}|sha\d+\$|md5\$)")
HEX_HASH = re.compile(r"^[0-9a-fA-F]{32}$|^[0-9a-fA-F]{40}$|^[0-9a-fA-F]{64}$|^[0-9a-fA-F]{128}$")
# What makes a file worth tokenizing at all: a statement that writes rows, and a hash, a
# password-ish column or a hashing function.
PREFILTER = re.compile(rb"(?i)\$2[abxy]?\$\d\d\$|passw|passwd|pwd|secret|token|api_?key|"
                       rb"crypt\(|\$argon2|pbkdf2_|AKIA|sk_live_|-----BEGIN")
WRITES = re.compile(rb"(?i)\b(insert|update|replace|upsert|merge)\b")
# Unterminated comments, strings and quoted names run to the end of the text (one token), so
# that the tokenizer stays linear on any input.
_TOKEN = re.compile(
    r"(?P<cmt>--[^\n]*|/\*(?:.*?\*/|.*)|#[^\n]*)|(?P<str>[EeNnBbXx]?'(?:[^']|'')*'?|"
    r"\$\$(?:.*?\$\$|.*))|(?P<qid>\"(?:[^\"]|\"\")*\"?|`[^`]*`?|\[[^\]\n]{0,200}\])|"
    r"(?P<num>\d+(?:\.\d+)?)|(?P<word>[A-Za-z_][\w$]*)|(?P<punct>::|[(),;=.])|(?P<ws>\s+)|"
    r"(?P<other>.)", re.S)
ACCOUNT_COLS = ("email", "email_address", "username", "user_name", "login", "user_login",
                "account", "account_name", "user", "name", "handle", "nickname", "uid")
HASHING_FUNCS = {"crypt", "md5", "sha1", "sha2", "sha256", "sha512", "password", "digest",
                 "encode", "hashbytes", "encrypt", "old_password", "pgp_sym_encrypt", "hmac"}
PASSWORD_WORDS = {"password", "passwd", "pwd", "pass", "passphrase", "pw"}
NOT_PASSWORD_VALUE = {"hash", "salt", "reset", "token", "expires", "expiry", "expire", "changed",
                      "change", "updated", "at", "policy", "length", "hint", "required", "must",
                      "force", "last", "history", "attempts", "enabled", "set", "version",
                      "algorithm", "strength", "age", "question", "answer", "type", "method"}
FORCE_CHANGE = re.compile(r"(force|must|require[sd]?|needs?)_?(to_)?(password_|passwd_|pwd_|"
                          r"pass_)?(change|reset|update)|(password|pwd)_?(change|reset)_?"
                          r"(required|needed|forced)|temporary_?password|is_temp(orary)?",
                          re.IGNORECASE)
# a bound parameter or a template variable, not a value
PARAMETER = re.compile(r"^(\$\{?\w+\}?|:\w+|\?|%s|\{\{.*\}\}|<[^>]*>|\$\d+)$")


@dataclass
class Value:
    text: str | None  # the literal, when the value is one string literal
    func: str = ""  # the call the value is inside (`crypt` of `crypt('pw', gen_salt('bf'))`)
    arg: str | None = None  # that call's first string argument
    word: str = ""  # a bare word value (TRUE, FALSE, NULL, NOW)
    line: int = 0


@dataclass
class Row:
    table: str
    cols: list[str]  # [] for a positional INSERT
    values: list[Value]
    line: int
    where: dict = field(default_factory=dict)  # UPDATE ... WHERE col = 'literal'
    kind: str = "insert"

    def get(self, col: str) -> Value | None:
        for c, v in zip(self.cols, self.values):
            if c == col:
                return v
        return None

    def account(self, before: int | None = None) -> str:
        """The account a row writes: its email or user name."""
        pool = list(zip(self.cols, self.values)) + [(k, Value(v)) for k, v in self.where.items()]
        for want in ACCOUNT_COLS:
            for c, v in pool:
                if c == want and v.text:
                    return v.text
        if not self.cols:  # positional: an email, else the first short name-like string
            texts = [v.text for v in self.values[:before] if v.text]
            for t in texts:
                if re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", t):
                    return t
            for t in texts:
                if re.fullmatch(r"[A-Za-z][\w.\-]{1,31}", t) and not re.fullmatch(r"[0-9a-f\-]{32,}", t):
                    return t
        return ""

    def forced_change(self) -> bool | None:
        for c, v in list(zip(self.cols, self.values)):
            if FORCE_CHANGE.search(c):
                w = (v.word or v.text or "").lower()
                if w in ("true", "1", "t", "yes", "y"):
                    return True
                if w in ("false", "0", "f", "no", "n"):
                    return False
        return None


def rows(text: str) -> list[Row]:
    """The rows written by the file's INSERT and UPDATE statements."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect_right(newlines, pos - 1) + 1

    out: list[Row] = []
    stmt: list[tuple] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "cmt"):
            continue
        tok = m.group(kind)
        if kind == "punct" and tok == ";":
            if stmt:
                out.extend(_statement(stmt))
            stmt = []
            continue
        stmt.append((kind, tok, m.start(), line_of))
    if stmt:
        out.extend(_statement(stmt))
    return out


def _unquote(tok: str) -> str:
    if tok.startswith("$$"):
        return tok[2:-2] if tok.endswith("$$") and len(tok) >= 4 else tok[2:]
    if tok[0] in "EeNnBbXx" and len(tok) > 1 and tok[1] == "'":
        tok = tok[1:]
    body = tok[1:-1] if len(tok) >= 2 and tok.endswith("'") else tok[1:]
    return body.replace("''", "'")


def _ident(tok: tuple) -> str:
    kind, t = tok[0], tok[1]
    if kind == "qid":
        return t.strip("\"`[]").lower()
    return t.lower()


def _statement(toks: list[tuple]) -> list[Row]:
    if not toks or toks[0][0] != "word":
        return []
    head = toks[0][1].lower()
    if head in ("insert", "replace", "upsert"):
        return _insert(toks)
    if head == "update":
        return _update(toks)
    return []


def _table(toks: list[tuple], i: int) -> tuple[str, int]:
    """A possibly qualified table name at `i`: (name, index after it)."""
    name = ""
    while i < len(toks) and toks[i][0] in ("word", "qid"):
        name = _ident(toks[i])
        if i + 1 < len(toks) and toks[i + 1][1] == ".":
            i += 2
            continue
        return name, i + 1
    return name, i


def _insert(toks: list[tuple]) -> list[Row]:
    i = 1
    while i < len(toks) and toks[i][0] == "word" and toks[i][1].lower() in (
            "into", "ignore", "or", "replace", "low_priority", "delayed", "high_priority", "abort",
            "rollback", "fail"):
        i += 1
    table, i = _table(toks, i)
    cols: list[str] = []
    if i < len(toks) and toks[i][1] == "(":
        depth, i = 1, i + 1
        while i < len(toks) and depth:
            t = toks[i]
            if t[1] == "(":
                depth += 1
            elif t[1] == ")":
                depth -= 1
            elif depth == 1 and t[0] in ("word", "qid"):
                cols.append(_ident(t))
            i += 1
    while i < len(toks) and not (toks[i][0] == "word" and toks[i][1].lower() in ("values", "value")):
        if toks[i][0] == "word" and toks[i][1].lower() == "select":
            break  # INSERT ... SELECT: the values are in the SELECT list
        i += 1
    out: list[Row] = []
    if i < len(toks) and toks[i][1].lower() == "select":
        values, _ = _exprs(toks, i + 1, stop_words=("from", "where", "on", "union", "returning"))
        if values:
            out.append(Row(table, cols, values, values[0].line or toks[0][3](toks[0][2])))
        return out
    i += 1
    while i < len(toks) and toks[i][1] == "(":
        values, i = _exprs(toks, i + 1, closing=True)
        if values:
            out.append(Row(table, cols, values, values[0].line or toks[0][3](toks[0][2])))
        if i < len(toks) and toks[i][1] == ",":
            i += 1
        else:
            break
    return out


def _update(toks: list[tuple]) -> list[Row]:
    table, i = _table(toks, 1)
    while i < len(toks) and not (toks[i][0] == "word" and toks[i][1].lower() == "set"):
        i += 1
    i += 1
    cols: list[str] = []
    values: list[Value] = []
    while i < len(toks):
        if toks[i][0] not in ("word", "qid") or i + 1 >= len(toks):
            break
        col = _ident(toks[i])
        j = i + 1
        if toks[j][1] == ".":  # SET t.col = ...
            if j + 1 < len(toks):
                col, j = _ident(toks[j + 1]), j + 2
        if j >= len(toks) or toks[j][1] != "=":
            break
        vals, i = _exprs(toks, j + 1, single=True,
                         stop_words=("where", "from", "returning", "on", "limit"))
        cols.append(col)
        values.append(vals[0] if vals else Value(None))
        if i < len(toks) and toks[i][1] == ",":
            i += 1
            continue
        break
    where: dict = {}
    while i < len(toks):
        t = toks[i]
        if t[0] in ("word", "qid") and i + 2 < len(toks) and toks[i + 1][1] == "=" and \
                toks[i + 2][0] == "str":
            where[_ident(t)] = _unquote(toks[i + 2][1])
            i += 3
            continue
        i += 1
    if not cols:
        return []
    return [Row(table, cols, values, values[0].line if values else 0, where, "update")]


def _exprs(toks: list[tuple], i: int, closing: bool = False, single: bool = False,
           stop_words: tuple = ()) -> tuple[list[Value], int]:
    """Comma-separated expressions from `i` to the closing parenthesis (or a stop word, or the
    first top-level comma when `single`): their values, and the index after them."""
    out: list[Value] = []
    cur: list[tuple] = []
    depth = 0
    while i < len(toks):
        t = toks[i]
        if depth == 0 and t[0] == "word" and t[1].lower() in stop_words:
            break
        if t[1] == "(":
            depth += 1
        elif t[1] == ")":
            if depth == 0:
                out.append(_value(cur))
                return out, i + 1 if closing else i
            depth -= 1
        elif t[1] == "," and depth == 0:
            out.append(_value(cur))
            cur = []
            i += 1
            if single:
                return out, i - 1
            continue
        cur.append(t)
        i += 1
    if cur:
        out.append(_value(cur))
    return out, i


def _value(toks: list[tuple]) -> Value:
    if not toks:
        return Value(None)
    line = toks[0][3](toks[0][2])
    strs = [t for t in toks if t[0] == "str"]
    first = toks[0]
    if first[0] == "str":
        rest = toks[1:]
        if not rest or rest[0][1] == "::":  # 'literal' or 'literal'::type
            return Value(_unquote(first[1]), line=first[3](first[2]))
    if first[0] == "word" and len(toks) >= 2 and toks[1][1] == "(":
        arg = _unquote(strs[0][1]) if strs else None
        return Value(None, func=first[1].lower(), arg=arg,
                     line=strs[0][3](strs[0][2]) if strs else line)
    if first[0] == "word" and len(toks) == 1:
        return Value(None, word=first[1], line=line)
    return Value(None, line=line)


# -- judging the columns -------------------------------------------------------------------------

def password_column(col: str) -> bool:
    ws = words(col)
    return bool(ws) and any(w in PASSWORD_WORDS for w in ws) and \
        not any(w in NOT_PASSWORD_VALUE for w in ws)


def hash_column(col: str) -> bool:
    ws = words(col)
    return any(w in PASSWORD_WORDS for w in ws) and any(w in ("hash", "hashed", "digest", "encrypted",
                                                             "crypted", "enc") for w in ws)


def bcrypt_cost(h: str) -> int:
    m = BCRYPT.match(h)
    return int(m.group(1)) if m else 0
