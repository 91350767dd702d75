"""Rejecting checks: a test on the value that leaves the function before the sink.

    if '../' in name: return "bad name"           # path traversal
    if "'" in user: return "no quotes"              # XPath / SQL string literal
    if not code.startswith("'") or not code.endswith("'") or "'" in code[1:-1]: return
    if strings.Contains(p, "..") { http.Error(w, "bad", 400); return }
    if (name.includes("..")) return res.status(400).end();

The check counts when its condition names a variable the sink's value is built from, matches
the rule's test for dangerous content (each rule passes its own pattern), and its branch ends
by leaving (return, raise/throw, abort, continue, break), and when it runs before the sink on
every path (its statement sits in a block around the sink). The inverse form, a sink inside
`if '..' not in name:`, counts too. A check that only logs is not a guard.
"""
from __future__ import annotations

import re

from auditor.index.walk import walk

_IF = frozenset({"if_statement"})
_LEAVE = frozenset({"return_statement", "raise_statement", "throw_statement",
                    "continue_statement", "break_statement"})
_ABORT = re.compile(r"^\s*(abort|flask\.abort|sys\.exit|os\.exit|panic|log\.Fatal\w*|"
                    r"\w+\.(Abort\w*|AbortWithStatus\w*))\s*\(")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# what each rule counts as a test for dangerous content
# A prefix test confines a path only to a folder: one against "/", ".", "~" or a URL scheme
# (`if (file.startsWith('/')) throw ...`, `startsWith('http')`) tells which kind of location it
# is, and `../` still climbs out (path-traversal's sanitizers use it too)
TRIVIAL_PREFIX = r"""\s*(?:['"`](?:/|\\\\|\.{1,2}/?|~/?|[a-z][a-z0-9+.-]*:?/{0,2})['"`]\s*)\)"""
PATH = re.compile(rf"""['"`]\.\.(?:[/\\]{{1,2}})?['"`]|\bisabs\(|\bIsAbs\(|\bisAbsolute\(|"""
                  rf"""startswith\((?!{TRIVIAL_PREFIX})|HasPrefix\((?![^,()\n]*,{TRIVIAL_PREFIX})|"""
                  rf"""startsWith\((?!{TRIVIAL_PREFIX})|is_relative_to\(|IsLocal\(|"""
                  r"""commonpath\(|relative\(""")
QUOTE = re.compile(r"""['"`](?:\\'|')['"`]|['"`]\\?"['"`]|"\\""""")
LITERAL_ONLY = re.compile(r"""startswith\(\s*['"]\\?['"]?['"]?\s*\)[\s\S]*endswith\(|"""
                          r"""literal_eval|fullmatch\(|re\.match\(\s*r?['"]\^""")
SHELL = re.compile(r"""['"`][;&|`$<>\\n]{1,2}['"`]|[;&|`$]\]|shlex|isalnum\(|fullmatch\(|"""
                   r"""re\.match\(\s*r?['"]\^""")


def names_of(idx, flow, node, func: int, depth: int = 2) -> set:
    """The variable names the value `node` is built from (through local assignments)."""
    out: set = set()
    todo = [(node, 0)]
    while todo:
        n, d = todo.pop()
        if n is None:
            continue
        for sub in walk(n):
            if sub.type != "identifier":
                continue
            name = idx.text(sub)
            if name in out:
                continue
            out.add(name)
            if d < depth:
                for value, _op, _line in flow.assignments(name, func):
                    if value is not None:
                        todo.append((value, d + 1))
    return out


def rejected(idx, flow, func: int, site, value, pattern) -> bool:
    """Whether a check matching `pattern` on a variable `value` is built from leaves the
    function before `site` on every path, or `site` runs only when the check passed."""
    fn = idx.funcs.get(func)
    if fn is None or pattern is None:
        return False
    names = names_of(idx, flow, value, func)
    if not names:
        return False
    start = site.start_byte
    for node in walk(fn):
        if node.type not in _IF or node.start_byte >= start:
            continue
        cond = node.child_by_field_name("condition")
        if cond is None:
            continue
        text = idx.text(cond, 400)
        if not pattern.search(text) or not names & set(_WORD.findall(text)):
            continue
        cons = node.child_by_field_name("consequence")
        if cons is None:
            continue
        if cons.start_byte <= start < cons.end_byte:
            if _negated(text):
                return True  # the sink runs only where the value passed the test
            continue
        if node.end_byte <= start and _leaves(cons, idx) and _around(node, site, fn):
            return True
    return False


def _negated(text: str) -> bool:
    return bool(re.search(r"\bnot\s+in\b|^\s*\(?\s*(not\b|!)", text))


def _leaves(block, idx) -> bool:
    """The branch always leaves: its last statement returns, raises, aborts, continues."""
    if block.type == "block" and len(block.named_children) == 1 and \
            block.named_children[0].type == "statement_list":
        block = block.named_children[0]  # Go: block -> statement_list -> statements
    stmts = [c for c in block.named_children if c.type != "comment"] if block.type in (
        "block", "statement_block", "statement_list") else [block]
    if not stmts:
        return False
    last = stmts[-1]
    if last.type in _LEAVE:
        return True
    if last.type == "expression_statement":
        return bool(_ABORT.match(idx.text(last, 200)))
    return False


def _around(stmt, site, fn) -> bool:
    """`stmt` sits in a block that contains `site` (it runs before it on every path)."""
    block = stmt.parent
    n = site
    while n is not None and n != fn:
        if n == block:
            return True
        n = n.parent
    return n == block
