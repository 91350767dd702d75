"""The nodes of a tree by type, found by one tree-sitter query per file.

Five per-file stages (the index, the signals, the comments, the route extractors and the rules'
file index) each asked tree-sitter for the node types they read, and each query walked the
whole tree in C: five walks of every file. Each stage registers the types it reads at import;
the first stage to ask runs one query for all of them, capturing each node under its own type,
and the others read the same answer. The answer of the last tree is kept (a worker handles one
file at a time); a root that is not a tree's root is queried alone.
"""
from __future__ import annotations

from functools import lru_cache
from operator import attrgetter

_REGISTERED: set[str] = set()
_LAST: list = [None, frozenset(), None]  # root node (keeps its tree alive), kinds, {type: nodes}
_ORDERED: dict = {}  # (id of the answer, kinds) -> ordered nodes, for the kept answer
_START, _END = attrgetter("start_byte"), attrgetter("end_byte")


def register(kinds) -> None:
    """Declare node types a stage reads (at import, before the workers fork)."""
    _REGISTERED.update(kinds)


@lru_cache(maxsize=None)
def _query(language, kinds: frozenset):
    """One pattern per node type the grammar has, each captured under its own type name."""
    import tree_sitter

    known = []
    for k in sorted(kinds):
        try:
            if language.id_for_node_kind(k, True):
                known.append(k)
        except Exception:  # noqa: BLE001 - a name the grammar does not know
            continue
    if not known:
        return None
    try:
        return tree_sitter.Query(language, "\n".join(f"({k}) @{k}" for k in known))
    except Exception:  # noqa: BLE001 - no query support: by_type walks instead
        return None


def by_type(root, language, kinds) -> dict:
    """{type: nodes in document order} for at least `kinds` under `root` (a tree-sitter
    Language, or None): by the query, or by a Python walk where the grammar cannot run it."""
    want = frozenset(kinds)
    if root.parent is None:
        last_root, last_kinds, last = _LAST
        if last is not None and last_root is not None and last_root.id == root.id and \
                last_root.end_byte == root.end_byte and want <= last_kinds:
            return last
        if not want <= _REGISTERED:
            register(want)
        want = frozenset(_REGISTERED)
    query = _query(language, want) if language is not None and not _deep(root) else None
    if query is None:
        found = _walk(root, want)
    else:
        import tree_sitter

        found = tree_sitter.QueryCursor(query).captures(root)
    if root.parent is None:
        _LAST[:] = [root, want, found]
        _ORDERED.clear()
    return found


DEEP = 2000  # nesting from which tree-sitter's query cursor costs more than a Python walk


def _deep(root) -> bool:
    """A tree nested DEEP levels along its largest children (`1+1+...+1` a hundred thousand
    times, `[[[...]]]`, a minifier's nested closures). tree-sitter's query cursor reads the
    whole path from the root at each node it visits, so such a tree costs it depth x size (70,000
    levels: 17 s, against a tenth of a second walked); a walk is linear whatever the depth.
    Following the largest child costs a few dozen steps on ordinary code."""
    n, depth = root, 0
    while depth < DEEP:
        count = n.child_count
        if not count:
            return False
        if count == 1:
            n = n.children[0]
        else:
            n = max(n.children, key=_span)
        depth += 1
    return True


def _span(n) -> int:
    return n.end_byte - n.start_byte


def _walk(root, want: frozenset) -> dict:
    """The query's answer by a Python walk: the named nodes of these types (a `(type)` pattern
    captures named nodes only), in document order."""
    from auditor.index.walk import walk

    found: dict = {}
    for n in walk(root):
        if n.is_named and n.type in want:
            found.setdefault(n.type, []).append(n)
    return found


def ordered(found: dict, kinds, ties: bool = True) -> list:
    """The nodes of these types in the order of a pre-order walk: by start, outer before inner
    (a node and its only child spanning the same bytes: the parent first). A new list each
    time; the order of the kept answer is computed once per set of types. `ties=False` leaves
    nodes of equal spans in the order of `kinds` (cheaper, for types that never share a span)."""
    kept = found is _LAST[2]
    key = (kinds if isinstance(kinds, (tuple, frozenset)) else tuple(kinds), ties)
    if kept:
        got = _ORDERED.get(key)
        if got is not None:
            return list(got)
    nodes: list = []
    for k in kinds:
        got = found.get(k)
        if got:
            nodes.extend(got)
    nodes.sort(key=_END, reverse=True)  # two stable sorts on C-level keys
    nodes.sort(key=_START)
    if ties and len(nodes) > 1:
        spans = list(zip(map(_START, nodes), map(_END, nodes)))
        if len(set(spans)) < len(spans):
            for i in range(1, len(nodes)):
                if spans[i] == spans[i - 1]:
                    _order_ties(nodes, i)
    if kept:
        _ORDERED[key] = tuple(nodes)
    return nodes


def _order_ties(nodes: list, i: int) -> None:
    j = i
    while j > 0 and (nodes[j - 1].start_byte, nodes[j - 1].end_byte) == \
            (nodes[i].start_byte, nodes[i].end_byte):
        j -= 1
    nodes[j:i + 1] = sorted(nodes[j:i + 1], key=_same_span_ancestors)


def _same_span_ancestors(node) -> int:
    """How many ancestors span exactly the node's bytes (climbs only those: deep nesting stays
    linear)."""
    n, span = 0, (node.start_byte, node.end_byte)
    while node.parent is not None and (node.parent.start_byte, node.parent.end_byte) == span:
        node, n = node.parent, n + 1
    return n


def forget() -> None:
    """Drop the kept answer (its tree with it)."""
    _LAST[:] = [None, frozenset(), None]
    _ORDERED.clear()
