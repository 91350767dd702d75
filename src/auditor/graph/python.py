"""Python call resolution: a flow-insensitive points-to analysis over the facts, PyCG-style.

Every name in every scope (module, class, function) is a variable holding a set of abstract
values; assignments, imports, parameters bound at calls, returns and decorators add values to
variables until nothing changes. Values are tuples:
  ("f", qname) function or lambda; ("b", qname, cls) method bound to an instance of `cls`;
  ("bc", qname, cls) classmethod bound to `cls`; ("c", qname) class; ("i", qname) instance;
  ("m", module) module or package; ("x", dotted) a name outside the tree (its import path);
  ("s", cls) the `super()` proxy inside `cls`.
Containers are collapsed into their elements (`d["k"]()` calls whatever `d` holds).
A call's edges go to every function its callee may hold; a call with none is kept as an
unresolved edge named as well as the imports allow (`requests.get`, `pkg.Repo.find`).
"""
from __future__ import annotations

import builtins
import gc
from collections import deque
from pathlib import Path

from auditor.graph import CallGraph

_BUILTINS = frozenset(dir(builtins))
_PASS_THROUGH = frozenset({"list", "tuple", "set", "frozenset", "sorted", "reversed", "iter",
                           "next", "enumerate", "zip", "filter", "dict"})
_ADDERS = frozenset({"append", "add", "extend", "insert", "update", "setdefault", "appendleft",
                     "put", "push"})
_DEPENDS = frozenset({"Depends", "Security"})
_SPAWNERS = frozenset({"add_task", "submit", "run_in_executor", "Thread", "Process", "Timer",
                       "call_soon", "call_later", "call_soon_threadsafe", "to_thread",
                       "run_sync", "add_job", "apply_async", "run_in_threadpool"})
# Wrappers that return a callable calling the function they are given (functools.partial;
# asgiref's sync_to_async/async_to_sync, Channels' database_sync_to_async): calling the
# wrapper's result calls that function
_WRAPPERS = frozenset({"partial", "sync_to_async", "async_to_sync", "database_sync_to_async"})
_MARKER_BASES = frozenset({"abc.ABC", "typing.Protocol", "typing_extensions.Protocol",
                           "typing.Generic", "object", "builtins.object"})
_ARG_USERS = _SPAWNERS | _ADDERS | _WRAPPERS
_MAX_VALUES = 32
_MAX_ROUNDS = 40  # evaluations per constraint, at most
_EMPTY: frozenset = frozenset()
_MAX_EXT_DOTS = 4
_BUILTIN_TYPES = frozenset({"str", "int", "float", "bytes", "bool", "dict", "list", "set",
                            "tuple", "frozenset", "bytearray", "complex", "object"})
_LOOKUPS = frozenset({"get", "pop", "setdefault"})  # a dict's members that hand a value out
_LITERAL_TYPES = {"str": ("x", "builtins.str"), "fstring": ("x", "builtins.str"),
                  "num": ("x", "builtins.int"), "dict": ("x", "builtins.dict")}


def resolve(files: list[dict], cg: CallGraph, root: Path) -> None:
    was = gc.isenabled()
    gc.disable()  # millions of small sets and tuples, none cyclic: collection passes are waste
    try:
        r = _Resolver(files)
        try:
            r.solve()
        except (Exception, RecursionError) as exc:  # noqa: BLE001 - a bug costs precision only
            # what was solved so far still names edges; the failure is reported, not raised
            cg.g.graph.setdefault("errors", []).append(
                {"stage": "graph", "language": "python",
                 "message": f"{type(exc).__name__}: {exc}"[:500]})
        r.emit(cg)
        r.drop_solver_state()
    finally:
        if was:
            gc.enable()
    cg.ref_resolvers["python"] = r.resolve_ref


# method names library objects answer as well (dicts, ORM rows and sessions, HTTP clients,
# serializers): a call of one on an untyped value is not the tree's only such method
_COMMON_METHODS = frozenset({
    "to_dict", "to_json", "from_dict", "from_json", "as_dict", "get_json", "get_data",
    "set_data", "is_valid", "get_object", "get_queryset", "get_context_data", "get_or_create",
    "update_or_create", "bulk_create", "bulk_update", "first_or_404", "get_or_404",
    "add_all", "on_conflict_do_nothing", "on_conflict_do_update", "set_password",
    "check_password", "has_perm", "has_perms", "is_authenticated", "get_user", "get_id",
    "send_message", "send_email", "read_text", "write_text", "read_bytes", "write_bytes",
    "model_dump", "model_validate", "dict_items", "parse_obj", "parse_raw", "from_orm",
    "get_value", "set_value", "get_config", "run_until_complete", "create_task",
})


class _Resolver:
    def __init__(self, files: list[dict]):
        self._methods_named: dict[str, str] | None = None
        self.files = sorted(files, key=lambda f: f.get("path", ""))
        self.modules: dict[str, dict] = {}
        self.by_path: dict[str, dict] = {}
        self.funcs: dict[str, dict] = {}
        self.classes: dict[str, dict] = {}
        self.file_of: dict[str, str] = {}
        self.parent: dict[str, str | None] = {}
        self.kind: dict[str, str] = {}
        self.locals: dict[str, frozenset] = {}
        self.globals_decl: dict[str, frozenset] = {}
        self.nonlocal_decl: dict[str, frozenset] = {}
        self.module_of: dict[str, str] = {}
        self.packages: set[str] = set()
        self.suffix: dict[str, list[str]] = {}
        for fx in self.files:
            mod = fx.get("module") or ""
            if not mod:
                continue
            if mod in self.modules:  # two roots with the same dotted name: keep the first
                continue
            self.modules[mod] = fx
            self.by_path[fx["path"]] = fx
            parts = mod.split(".")
            for i in range(1, len(parts)):
                self.packages.add(".".join(parts[:i]))
            for fn in fx.get("functions", ()):
                q = fn["qname"]
                self.funcs.setdefault(q, fn)
                self._scope(q, fn, fx, mod)
            for c in fx.get("classes", ()):
                q = c["qname"]
                self.classes.setdefault(q, c)
                self._scope(q, c, fx, mod)
                self.kind[q] = "class"
            for fn in fx.get("functions", ()):
                if fn.get("kind") == "module":
                    self.kind[fn["qname"]] = "module"
                    self.parent[fn["qname"]] = None
        for mod in sorted(set(self.modules) | self.packages):
            parts = mod.split(".")
            for i in range(1, len(parts)):
                self.suffix.setdefault(".".join(parts[i:]), []).append(mod)
        self._var_memo: dict[tuple[str, str], tuple[str, str] | None] = {}
        self.aliases: dict[tuple[str, str], tuple[dict, str]] = {}
        self.dep_sites: dict[str, dict[str, int]] = {}
        self.vars: dict[tuple, set] = {}
        self.call_targets: dict[tuple[str, int], set] = {}
        self.builtin_calls = 0
        self.deps: dict[tuple, set] = {}
        self.cur = -1
        self.queue: deque = deque()
        self.queued: list[bool] = []
        self.fallback = False
        self.bases: dict[str, list] = {}
        self._mro_cache: dict[str, list] = {}
        self._impl_cache: dict[str, list] = {}
        self._module_cache: dict[tuple[str, str], str | None] = {}
        self._star_locals()

    def _star_locals(self) -> None:
        """`from m import *` binds m's public names: known before solving, so that name
        lookups in the importing scope find them (three passes cover chains of stars)."""
        stars = [(imp.get("scope") or fx["module"], imp.get("target") or "", fx["module"])
                 for fx in self.modules.values() for imp in fx.get("imports", ())
                 if imp.get("name") == "*"]
        for _ in range(3 if stars else 0):
            for scope, target, mod in stars:
                m = self.find_module(target, mod)
                if m and scope in self.locals:
                    pub = {n for n in self.locals.get(m, ()) if not n.startswith("_")}
                    self.locals[scope] = self.locals[scope] | pub

    def _scope(self, q: str, rec: dict, fx: dict, mod: str) -> None:
        self.file_of.setdefault(q, fx["path"])
        self.parent.setdefault(q, rec.get("scope"))
        self.kind.setdefault(q, "function")
        self.module_of.setdefault(q, mod)
        self.locals[q] = self.locals.get(q, _EMPTY) | frozenset(rec.get("locals", ())) or _EMPTY
        # most scopes declare no global or nonlocal: one shared empty set (216 bytes each else)
        self.globals_decl[q] = frozenset(rec.get("globals", ())) or _EMPTY
        self.nonlocal_decl[q] = frozenset(rec.get("nonlocals", ())) or _EMPTY

    # -- variables --------------------------------------------------------------------------
    def rd(self, key: tuple) -> set:
        """Read a variable (or a return set, call result) and remember that the constraint
        being evaluated depends on it (outside the fixpoint nothing is woken again)."""
        if self.cur < 0:
            return self.vars.get(key) or _EMPTY
        d = self.deps.get(key)
        if d is None:
            d = self.deps[key] = set()
        d.add(self.cur)
        return self.vars.get(key) or _EMPTY

    def rd_ret(self, q: str) -> set:
        return self.rd(("\x00ret", q))

    def add(self, key: tuple, vals) -> None:
        if not vals:
            return
        s = self.vars.get(key)
        if s is None:
            s = self.vars[key] = set()
        if len(s) >= _MAX_VALUES:
            return
        n = len(s)
        s.update(vals)
        if len(s) != n:
            self.wake(key)

    def wake(self, key: tuple) -> None:
        for c in self.deps.get(key, ()):
            if not self.queued[c]:
                self.queued[c] = True
                self.queue.append(c)

    def add_ret(self, q: str, vals) -> None:
        self.add(("\x00ret", q), vals)

    def var_for(self, scope: str, name: str) -> tuple[str, str] | None:
        """The variable `name` denotes when read in `scope` (LEGB; class bodies are skipped by
        the functions nested in them), or None for a builtin / unknown name. Scopes are fixed
        before solving, so the answer is memoized."""
        k = (scope, name)
        try:
            return self._var_memo[k]
        except KeyError:
            v = self._var_memo[k] = self._var_for(scope, name)
            return v

    def _var_for(self, scope: str, name: str) -> tuple[str, str] | None:
        s: str | None = scope
        first = True
        while s is not None:
            k = self.kind.get(s)
            if k is None:
                return None
            if name in self.globals_decl.get(s, ()):
                return (self.module_of.get(s, s), name)
            if (k != "class" or first) and name in self.locals.get(s, ()) and \
                    name not in self.nonlocal_decl.get(s, ()):
                return (s, name)
            first = False
            s = self.parent.get(s)
        return None

    def write_var(self, scope: str, name: str) -> tuple[str, str]:
        if name in self.globals_decl.get(scope, ()):
            return (self.module_of.get(scope, scope), name)
        if name in self.nonlocal_decl.get(scope, ()):
            p = self.parent.get(scope)
            v = self.var_for(p, name) if p else None
            if v:
                return v
        return (scope, name)

    # -- modules ----------------------------------------------------------------------------
    def find_module(self, target: str, importer: str = "") -> str | None:
        """A module or package of the tree named `target`, also when the tree's root sits above
        the import root (`src/pkg/mod.py` imported as `pkg.mod`)."""
        if target in self.modules or target in self.packages:
            return target
        key = (target, importer)
        if key in self._module_cache:
            return self._module_cache[key]
        cands = self.suffix.get(target)
        if cands and importer:
            # a package named after the library it wraps (`app/extensions/flask_sqlalchemy/`
            # doing `from flask_sqlalchemy import SQLAlchemy as Base`) imports the library, not
            # itself: found by suffix, the candidate holding the importer is no answer
            cands = [c for c in cands if importer != c and not importer.startswith(c + ".")]
        found = None
        if not cands and "." in target and "__init__" in self.modules and \
                target.split(".", 1)[0] not in self.packages:
            # the scanned folder is itself a package (`backend/__init__.py` at the root) and
            # its code imports itself by that name (`from backend.core.db import x`)
            rest = target.split(".", 1)[1]
            if rest in self.modules or rest in self.packages:
                found = rest
        if cands:
            def shared(c: str) -> int:
                n = 0
                for a, b in zip(c.split("."), importer.split(".")):
                    if a != b:
                        break
                    n += 1
                return n
            # the candidate sharing the longest prefix with the importer
            found = cands[0] if len(cands) == 1 else max(sorted(cands), key=shared)
        self._module_cache[key] = found
        return found

    def import_values(self, imp: dict, mod: str) -> set:
        target = imp.get("target") or ""
        name = imp.get("name")
        if name is None:
            if imp.get("bind") == "root":
                root = target.split(".")[0]
                m = self.find_module(root, mod)
                if m is None and self.find_module(target, mod) is not None:
                    m = self.find_module(target, mod)
                    m = m[: len(m) - len(target)] + root if m.endswith(target) else m
                return {("m", m)} if m else {("x", root)}
            m = self.find_module(target, mod)
            return {("m", m)} if m else {("x", target)}
        m = self.find_module(target, mod) if target else None
        if m is None:
            return {("x", f"{target}.{name}" if target else name)}
        out = set(self.rd((m, name)))
        sub = f"{m}.{name}"
        if sub in self.modules or sub in self.packages:
            out.add(("m", sub))
        if not out and name not in self.locals.get(m, ()):
            if not self._has_star(m):
                out.add(("x", f"{m}.{name}"))
        return out

    def _has_star(self, m: str) -> bool:
        fx = self.modules.get(m)
        return bool(fx) and any(i.get("name") == "*" for i in fx.get("imports", ()))

    # -- classes ----------------------------------------------------------------------------
    def mro(self, cls: str) -> list:
        """Classes in C3 method resolution order, with ("x", name) entries for bases outside
        the tree; depth-first left-to-right where C3 has no answer (or bases cycle)."""
        cached = self._mro_cache.get(cls)
        if cached is not None:
            return cached
        order: list = []  # classes in post-order, so each one's bases are linearized first
        state: dict = {}
        stack = [cls]
        while stack:
            c = stack[-1]
            if isinstance(c, tuple) or state.get(c) == 2:
                stack.pop()
                continue
            if state.get(c) == 1:
                state[c] = 2
                order.append(c)
                stack.pop()
                continue
            state[c] = 1
            for b in self.bases.get(c, ()):
                if not isinstance(b, tuple) and state.get(b) is None:
                    stack.append(b)
        lin: dict = {}
        for c in order:
            bases = self.bases.get(c, ())
            seqs = [list(lin.get(b, [b])) if not isinstance(b, tuple) else [b] for b in bases]
            seqs.append(list(bases))
            lin[c] = [c] + (_c3_merge(seqs) or _dfs_merge(seqs))
        out = lin.get(cls, [cls])
        self._mro_cache[cls] = out
        return out

    def class_attr(self, cls: str, attr: str, inst: bool, skip_first: bool = False) -> set:
        out: set = set()
        mro = self.mro(cls)
        for c in mro:
            if not isinstance(c, tuple):
                self.rd(("\x00bases", c))
        for c in mro[1 if skip_first else 0:]:
            if isinstance(c, tuple):
                if c[1] in _MARKER_BASES:  # ABC, Protocol, Generic: nothing to call there
                    continue
                out.add(("x", f"{c[1]}.{attr}"))
                break
            vals = self.rd((c, attr))
            if vals:
                for v in vals:
                    if v[0] == "f":
                        fn = self.funcs.get(v[1])
                        if fn is not None and fn.get("cls"):
                            if fn.get("static"):
                                out.add(v)
                            elif fn.get("classmethod"):
                                out.add(("bc", v[1], cls))
                            elif fn.get("property") and inst:
                                out.update(self.rd_ret(v[1]))
                            elif inst:
                                out.add(("b", v[1], cls))
                            else:
                                out.add(v)
                            continue
                    out.add(v)
                break
        return out

    def is_protocol(self, cls: str) -> bool:
        return any(isinstance(b, tuple) and b[1].rsplit(".", 1)[-1] == "Protocol"
                   for b in self.bases.get(cls, ()))

    def is_abstract(self, q: str) -> bool:
        fn = self.funcs.get(q)
        if fn is None or not fn.get("cls"):
            return False
        if any(d.rsplit(".", 1)[-1] == "abstractmethod" for d in fn.get("decorators") or ()):
            return True
        return self.is_protocol(fn["cls"])

    def implementations(self, cls: str) -> list[str]:
        """Classes of the tree below `cls` (by inheritance), and for a Protocol also those
        that define all of its methods."""
        self.rd(("\x00bases", "*"))
        cached = self._impl_cache.get(cls)
        if cached is not None:
            return cached
        out = []
        proto = self.is_protocol(cls)
        needed = set(self.classes[cls].get("methods") or ()) if cls in self.classes else set()
        needed.discard("__init__")
        for k in sorted(self.classes):
            if k == cls:
                continue
            if cls in self.mro(k):
                out.append(k)
            elif proto and needed and not self.is_protocol(k):
                have: set = set()
                for c in self.mro(k):
                    if not isinstance(c, tuple) and c in self.classes:
                        have.update(self.classes[c].get("methods") or ())
                if needed <= have:
                    out.append(k)
        self._impl_cache[cls] = out
        return out

    # -- evaluation -------------------------------------------------------------------------
    def ev(self, e: dict | None, scope: str, mod: str) -> set:
        if not e:
            return set()
        k = e.get("kind")
        if k == "name":
            name = e["text"]
            key = self.var_for(scope, name)
            if key is None:
                return set()
            return set(self.rd(key))
        if k == "attr":
            parts = e.get("parts") or ()
            if not parts:
                return set()
            base = self.ev(parts[0], scope, mod)
            out: set = set()
            for v in base:
                out |= self.getattr(v, e["attr"])
            return out
        if k == "call":
            return set(self.rd(("\x00call", mod, e["call"])))
        if k == "lambda":
            return {("f", e["qname"])}
        if k == "annotated":  # a type alias: ("t", module, scope, text) finds it back
            self.aliases[(mod, e["text"])] = (e, scope)
            return {("t", mod, e["text"])}
        if k in _LITERAL_TYPES:  # so that `",".join(x)` and `{}.get(k)` are known builtins
            out = {_LITERAL_TYPES[k]}
            if k == "dict":
                for p in e.get("parts") or ():
                    out |= self.ev(p, scope, mod)
            return out
        if k in ("list", "dict", "cond", "subscript") or e.get("flow"):
            parts = e.get("parts") or ()
            if k == "subscript":
                parts = parts[:1]
            out = set()
            for p in parts:
                out |= self.ev(p, scope, mod)
            return out
        return set()

    def getattr(self, v: tuple, attr: str) -> set:
        t = v[0]
        if t == "m":
            out = set(self.rd((v[1], attr)))
            sub = f"{v[1]}.{attr}"
            if sub in self.modules or sub in self.packages:
                out.add(("m", sub))
            return out
        if t == "c":
            return self.class_attr(v[1], attr, inst=False)
        if t == "i":
            return self.class_attr(v[1], attr, inst=True)
        if t == "s":
            return {("b", x[1], v[2]) if x[0] == "b" else x
                    for x in self.class_attr(v[1], attr, inst=True, skip_first=True)}
        if t == "x":
            if v[1].count(".") >= _MAX_EXT_DOTS:  # `x = x.next` in a loop: stop the chain
                return set()
            return {("x", f"{v[1]}.{attr}")}
        return set()

    def instances(self, types: list, scope: str, mod: str, depth: int = 0) -> set:
        """Values of a variable annotated with `types` (names evaluated in `scope`)."""
        out: set = set()
        for t in types or ():
            parts = t.split(".")
            e: dict = {"kind": "name", "text": parts[0]}
            for p in parts[1:]:
                e = {"kind": "attr", "attr": p, "parts": [e]}
            vals = self.ev(e, scope, mod)
            if not vals and len(parts) == 1 and t in _BUILTIN_TYPES and \
                    self.var_for(scope, t) is None:
                out.add(("x", "builtins." + t))
            for v in vals:
                if v[0] == "c":
                    out.add(("i", v[1]))
                elif v[0] == "x":
                    out.add(v)
                elif v[0] == "t" and depth < 3:
                    alias = self.aliases.get((v[1], v[2]))
                    if alias is not None:
                        out |= self.instances(alias[0].get("types"), alias[1], v[1], depth + 1)
        return out

    def alias_depends(self, types: list, scope: str, mod: str) -> list:
        """The `Depends(...)` of the `Annotated` aliases among `types`, with where they live."""
        out = []
        for t in types or ():
            if "." in t:
                continue
            key = self.var_for(scope, t)
            for v in self.rd(key) if key else ():
                if v[0] == "t":
                    alias = self.aliases.get((v[1], v[2]))
                    if alias is not None and alias[0].get("depends"):
                        out.append((alias[0]["depends"], alias[1], v[1]))
        return out

    # -- calls ------------------------------------------------------------------------------
    def invoke(self, v: tuple, pos: list, kw: dict, targets: set) -> set:
        """Call value `v` with argument value sets; record the targets, return the results."""
        t = v[0]
        if t == "f":
            targets.add(v[1])
            self.bind(v[1], 0, None, pos, kw)
            return set(self.rd_ret(v[1]))
        if t in ("b", "bc"):
            targets.add(v[1])
            self.bind(v[1], 1, ("i" if t == "b" else "c", v[2]), pos, kw)
            res = set(self.rd_ret(v[1]))
            if t == "b" and self.is_abstract(v[1]):
                # a call through an abstract method or a Protocol reaches every class of the
                # tree that implements it (subclasses; structural matches for a Protocol)
                fn = self.funcs[v[1]]
                for impl in self.implementations(fn["cls"]):
                    for iv in self.class_attr(impl, fn["name"], inst=True):
                        if iv[0] == "b" and iv[1] != v[1]:
                            targets.add(iv[1])
                            self.bind(iv[1], 1, ("i", impl), pos, kw)
                            res |= self.rd_ret(iv[1])
            return res
        if t == "c":
            init = self.class_attr(v[1], "__init__", inst=True)
            targets.add(("c", v[1]))  # resolved, even with no `__init__` to draw an edge to
            for iv in init:
                if iv[0] == "b":
                    targets.add(iv[1])
                    self.bind(iv[1], 1, ("i", v[1]), pos, kw)
                elif iv[0] == "x":
                    targets.add(("x", iv[1]))
            return {("i", v[1])}
        if t == "i":
            res: set = set()
            for cv in self.class_attr(v[1], "__call__", inst=True):
                if cv[0] == "b":
                    res |= self.invoke(cv, pos, kw, targets)
            return res
        if t == "x":
            targets.add(("x", v[1]))
            return {v}
        return set()

    def bind(self, q: str, offset: int, selfval, pos: list, kw: dict) -> None:
        fn = self.funcs.get(q)
        if fn is None:
            return
        params = fn.get("params") or ()
        plain = [p for p in params if not p.get("star")]
        star = next((p for p in params if p.get("star") == 1), None)
        dstar = next((p for p in params if p.get("star") == 2), None)
        if selfval is not None and plain:
            self.add((q, plain[0]["name"]), (selfval,))
        for i, vals in enumerate(pos):
            j = i + offset
            if j < len(plain):
                self.add((q, plain[j]["name"]), vals)
            elif star is not None:
                self.add((q, star["name"]), vals)
        names = {p["name"] for p in plain}
        for name, vals in kw.items():
            if name in names:
                self.add((q, name), vals)
            elif dstar is not None:
                self.add((q, dstar["name"]), vals)

    def do_call(self, c: dict, mod: str) -> None:
        scope = c["caller"]
        fn = c.get("fn")
        key = (mod, c["id"])
        targets = self.call_targets.setdefault(key, set())
        pos: list = []
        kw: dict = {}
        fvals = self.ev(fn, scope, mod) if fn else set()
        name = c["name"]
        args = c.get("args", ())
        # arguments matter only to a callee of the tree, a builtin, or a library call that
        # takes or stores a callable: skipping them for plain library calls saves half the work
        if args and (not fvals or name in _ARG_USERS or
                     any(v[0] != "x" for v in fvals) or any(a.get("arg") == "target"
                                                           for a in args)):
            for a in args:
                vals = self.ev(a, scope, mod)
                if "arg" in a:
                    kw[a["arg"]] = vals
                elif a.get("star"):
                    continue
                else:
                    pos.append(vals)
        results: set = set()
        if not fvals and fn and fn.get("kind") == "name" and \
                self.var_for(scope, fn["text"]) is None:
            results = self.builtin(fn["text"], c, scope, mod, pos, kw, targets)
        for v in fvals:
            results |= self.invoke(v, pos, kw, targets)
        if (c["name"] in _SPAWNERS or "target" in kw) and all(v[0] == "x" for v in fvals):
            # `background_tasks.add_task(f, ...)`, `Thread(target=f)`, `pool.submit(f)`: the
            # library calls the user's function
            for vals in pos + [kw.get("target", set())]:
                for v in vals:
                    if v[0] in ("f", "b", "bc"):
                        self.invoke(v, [], {}, targets)
        if c["name"] in _WRAPPERS and pos and all(v[0] == "x" for v in fvals):
            results |= {v for v in pos[0] if v[0] != "x"}  # calling it calls the function
        if c["name"] in _LOOKUPS and fn and fn.get("kind") == "attr" and \
                ("x", f"builtins.dict.{c['name']}") in fvals:
            # `handler = self._handlers.get(kind)` on a dict of functions
            # (`{"room_started": self._handle_room_started, ...}`): one of its values
            results |= {v for v in self.ev(fn["parts"][0], scope, mod)
                        if v[0] in ("f", "b", "bc")}
        if c["name"] in _ADDERS and fn and fn.get("kind") == "attr" and \
                all(v[0] == "x" for v in fvals):
            self.assign_to(fn["parts"][0], set().union(*pos) if pos else set(), scope, mod)
        if results:
            self.add(("\x00call", mod, c["id"]), results)

    def builtin(self, name: str, c: dict, scope: str, mod: str, pos: list, kw: dict,
                targets: set) -> set:
        if name == "super":
            cls = self._enclosing_class(scope)
            if pos and pos[0]:
                cls = next((v[1] for v in pos[0] if v[0] == "c"), cls)
            if cls:
                self_cls = cls
                fn = self.funcs.get(scope)
                if fn and fn.get("params"):
                    for v in self.rd((scope, fn["params"][0]["name"])):
                        if v[0] == "i":
                            self_cls = v[1]
                            break
                return {("s", cls, self_cls)}
            return set()
        if name in ("map", "filter") and pos:
            res: set = set()
            items: set = set()
            for p in pos:
                items |= {v for v in p if v[0] not in ("f", "b", "bc")}
            for p in pos:
                for v in p:
                    if v[0] in ("f", "b", "bc"):
                        res |= self.invoke(v, [items], {}, targets)
            return res if name == "map" else items
        if name == "getattr" and len(pos) >= 2:
            arg = c["args"][1]
            if arg.get("kind") == "str":
                out: set = set()
                for v in pos[0]:
                    out |= self.getattr(v, arg.get("value", ""))
                return out
        if name in _PASS_THROUGH:
            out = set()
            for p in pos:
                out |= p
            return out
        return set()

    def _enclosing_class(self, scope: str) -> str | None:
        fn = self.funcs.get(scope)
        while fn is not None:
            if fn.get("cls"):
                return fn["cls"]
            fn = self.funcs.get(fn.get("scope") or "")
        return None

    def assign_to(self, tgt: dict, vals: set, scope: str, mod: str) -> None:
        if not vals or not tgt:
            return
        k = tgt.get("kind")
        if k == "name":
            self.add(self.write_var(scope, tgt["text"]), vals)
        elif k == "attr":
            for b in self.ev(tgt["parts"][0], scope, mod):
                if b[0] in ("i", "c"):
                    self.add((b[1], tgt["attr"]), vals)
                elif b[0] == "m":
                    self.add((b[1], tgt["attr"]), vals)
        elif k == "subscript":
            self.assign_to(tgt["parts"][0], vals, scope, mod)

    def apply_decorators(self, rec: dict, vals: set, scope: str, mod: str, calls: set) -> set:
        """What the decorated name holds. A user decorator whose result is not known yet gives
        nothing until the first fixpoint; then (`self.fallback`) the function itself."""
        for d in reversed(rec.get("decorator_exprs") or ()):
            dvals = self.ev(d, scope, mod)
            new: set = set()
            user = False
            for dv in dvals:
                res = self.invoke(dv, [vals], {}, calls)
                new |= {r for r in res if r[0] != "x"}
                user = user or dv[0] in ("f", "b", "bc", "i")
            if new:
                if any(self._is_wrapper(v) for v in new):
                    # a closure that calls the function it wraps: calling the decorated name
                    # runs the wrapper and the function itself (`wrapper_call` keeps the
                    # wrapper's own call of its parameter from reaching every function the
                    # decorator is applied to)
                    new |= vals
                vals = new
            elif user and not self.fallback:
                return set()
        return vals

    def _is_function(self, scope: str | None) -> bool:
        """`scope` is a function's (not a class body, a module or nothing known)."""
        return scope is not None and self.kind.get(scope) not in (None, "class", "module")

    def _is_wrapper(self, v: tuple) -> bool:
        """`v` is a function nested in another function (a decorator's closure)."""
        return v[0] == "f" and self._is_function(self.parent.get(v[1]))

    def wrapper_call(self, c: dict, decorators: set) -> bool:
        """A call, inside a closure, of a parameter of a function enclosing it that is applied
        as a decorator (`f(*args)` in a decorator's wrapper): context-insensitive, it would
        reach every function the decorator wraps; the decorated name's callers reach the right
        one directly."""
        fn = c.get("fn") or {}
        if fn.get("kind") != "name":
            return False
        caller = c.get("caller") or ""
        var = self.var_for(caller, fn.get("text") or "")
        if var is None or var[0] == caller or var[0] not in decorators or \
                not self._is_function(var[0]):
            return False
        outer = self.funcs.get(var[0]) or {}
        return any(p.get("name") == var[1] for p in outer.get("params") or ())

    # -- the fixpoint -----------------------------------------------------------------------
    def solve(self) -> None:
        """Worklist: every constraint runs once, then again only when something it read grew;
        a second pass lets undecided user decorators fall back to the function itself."""
        self.deco_calls: dict[str, set] = {}
        cons: list[tuple] = []
        for fx in self.files:
            mod = fx.get("module") or ""
            if self.modules.get(mod) is not fx:
                continue
            cons += [(self.c_import, imp, mod) for imp in fx.get("imports", ())]
            cons += [(self.c_class, c, mod) for c in fx.get("classes", ())]
            cons += [(self.c_def, f, mod) for f in fx.get("functions", ())
                     if f.get("kind") != "module"]
            cons += [(self.c_param, (f, p), mod) for f in fx.get("functions", ())
                     for p in f.get("params") or () if p.get("types") or p.get("default")
                     or p.get("depends")]
            cons += [(self.c_assign, a, mod) for a in fx.get("assigns", ())]
            cons += [(self.c_call, c, mod) for c in fx.get("calls", ())]
            cons += [(self.c_call, c, mod)
                     for c in (fx.get("extra") or {}).get("implicit_calls", ())]
            cons += [(self.c_return, r, mod) for r in fx.get("returns", ())]
        self.cons = cons
        budget = _MAX_ROUNDS * len(cons) + 1000
        self.evaluations = 0
        for fallback in (False, True):
            self.fallback = fallback
            if fallback:
                todo = [i for i, c in enumerate(cons) if c[0] == self.c_def and
                        c[1].get("decorator_exprs")]
            else:
                todo = list(range(len(cons)))
            self.queued = [False] * len(cons)
            for i in todo:
                self.queued[i] = True
            self.queue = deque(todo)
            while self.queue and self.evaluations < budget:
                i = self.queue.popleft()
                self.queued[i] = False
                self.cur = i
                fn, rec, mod = cons[i]
                fn(rec, mod)
                self.evaluations += 1
        self.cur = -1
        self.queue.clear()

    def drop_solver_state(self) -> None:
        """After `emit`, only what `resolve_ref` reads stays: the dependency and constraint
        tables and the call targets are ~2/3 of the resolver (~200 MB on a million-line tree),
        kept alive until the endpoints stage is done with the handler lookups."""
        self.deps = {}
        self.cons = []
        self.queued = []
        self.call_targets = {}
        self.deco_calls = {}
        self.dep_sites = {}
        self._var_memo = {}  # a memo: the handler lookups refill the little they ask

    def c_import(self, imp: dict, mod: str) -> None:
        scope = imp.get("scope") or mod
        if imp.get("name") == "*":
            m = self.find_module(imp.get("target") or "", mod)
            if m:
                for name in self.locals.get(m, ()):
                    if not name.startswith("_"):
                        self.add((scope, name), self.rd((m, name)))
            return
        self.add((scope, imp["alias"]), self.import_values(imp, mod))

    def c_class(self, c: dict, mod: str) -> None:
        q = c["qname"]
        scope = c.get("scope") or mod
        bases = []
        for be in c.get("base_exprs", ()):
            for v in sorted(self.ev(be, scope, mod)):
                if v[0] == "c" and v[1] != q:
                    bases.append(v[1])
                elif v[0] == "x":
                    bases.append(("x", v[1]))
        if bases != self.bases.get(q, []):
            self.bases[q] = bases
            self._mro_cache.clear()
            self._impl_cache.clear()
            self.wake(("\x00bases", q))
            self.wake(("\x00bases", "*"))
        self.add(self.write_var(scope, c["name"]), {("c", q)})

    def c_def(self, fn: dict, mod: str) -> None:
        """A definition binds its (decorated) name; methods bind `self`/`cls`."""
        q = fn["qname"]
        scope = fn.get("scope") or mod
        if fn.get("name") != "<lambda>":
            calls = self.deco_calls.setdefault(q, set())
            self.add(self.write_var(scope, fn["name"]),
                     self.apply_decorators(fn, {("f", q)}, scope, mod, calls))
        params = fn.get("params") or ()
        if fn.get("cls") and params and not fn.get("static") and not params[0].get("star"):
            self.add((q, params[0]["name"]),
                     {("c" if fn.get("classmethod") else "i", fn["cls"])})
        if fn.get("ret_types"):
            self.add_ret(q, self.instances(fn["ret_types"], scope, mod))

    def c_param(self, item: tuple, mod: str) -> None:
        """One parameter: its annotation's instances, its default, its Depends provider (its
        own constraint, so that a change re-evaluates one parameter, not the function)."""
        fn, p = item
        q = fn["qname"]
        scope = fn.get("scope") or mod
        if p.get("types"):
            self.add((q, p["name"]), self.instances(p["types"], scope, mod))
        dep = p.get("depends")
        default = p.get("default")
        if default and default.get("kind") == "call" and \
                default.get("callee", "").rsplit(".", 1)[-1] in _DEPENDS:
            dep = default
        if dep is not None:
            self.depends(q, p, dep, scope, mod)
        elif default:
            self.add((q, p["name"]), self.ev(default, scope, mod))
        if dep is None and p.get("types"):
            for adep, ascope, amod in self.alias_depends(p["types"], scope, mod):
                self.depends(q, p, adep, ascope, amod)

    def c_assign(self, a: dict, mod: str) -> None:
        scope = a["func"]
        vals = self.ev(a["value"], scope, mod) if not a.get("decl") else set()
        if a.get("ann"):
            vals |= self.instances(a["ann"], scope, mod)
        self.assign_to(a.get("tgt"), vals, scope, mod)

    def c_call(self, c: dict, mod: str) -> None:
        self.do_call(c, mod)

    def c_return(self, r: dict, mod: str) -> None:
        self.add_ret(r["func"], self.ev(r["value"], r["func"], mod))

    def depends(self, q: str, p: dict, dep: dict, scope: str, mod: str) -> None:
        """FastAPI `Depends(provider)`: the parameter holds what the provider returns (or the
        instance a class provider builds); the route function reaches the provider."""
        call = self.modules[mod]["calls"][dep["call"]] if isinstance(dep.get("call"), int) \
            else None
        provider = None
        if call is not None:
            provider = next((a for a in call.get("args", ())
                             if "arg" not in a or a.get("arg") == "dependency"), None)
        targets: set = set()
        if provider is None:  # `svc: Service = Depends()`: the annotation is the provider
            for t in p.get("types") or ():
                for v in self.instances([t], scope, mod):
                    if v[0] == "i":
                        self.invoke(("c", v[1]), [], {}, targets)
        else:
            for v in self.ev(provider, scope, mod):
                res = self.invoke(v, [], {}, targets)
                if p.get("types"):  # the annotation names the type better than an outside call
                    res = {r for r in res if r[0] != "x"}
                self.add((q, p["name"]), res)
        # the edge's site: the Depends(...) call when it is in the route's own module
        line = call["line"] if call is not None and mod == self.module_of.get(q) \
            else self.funcs[q].get("line", 1)
        sites = self.dep_sites.setdefault(q, {})
        for t in targets:
            if isinstance(t, str):
                sites.setdefault(t, line)

    # -- output -----------------------------------------------------------------------------
    def emit(self, cg: CallGraph) -> None:
        decorators = {t for ts in self.deco_calls.values() for t in ts if isinstance(t, str)}
        for fx in self.files:
            path = fx["path"]
            for fn in fx.get("functions", ()):
                q = fn["qname"]
                if q in cg.g and cg.g.nodes[q].get("file"):
                    continue
                cg.add_function(q, name=fn["name"], file=path, line=fn.get("line", 1),
                                kind=fn.get("kind", "function"), language="python",
                                end_line=fn.get("end_line", 0))
            for c in fx.get("classes", ()):
                q = c["qname"]
                if q in cg.g and cg.g.nodes[q].get("file"):
                    continue
                cg.add_function(q, name=c["name"], file=path, line=c.get("line", 1),
                                kind="class", language="python", end_line=c.get("end_line", 0))
        for fx in self.files:
            mod = fx.get("module") or ""
            if self.modules.get(mod) is not fx:
                continue
            path = fx["path"]
            for c in fx.get("calls", ()) + (fx.get("extra") or {}).get("implicit_calls", []):
                targets = self.call_targets.get((mod, c["id"]), set())
                caller = c["caller"]
                if caller not in cg.g:
                    continue
                user = [t for t in targets if isinstance(t, str)]
                ext = [t[1] for t in targets if isinstance(t, tuple) and t[0] == "x"]
                if user and self.wrapper_call(c, decorators):
                    continue
                if not user and (only := self.only_method(c, mod)) is not None:
                    # `g.project.remove_member(id)` on a value nothing types (set by a hook,
                    # injected by a decorator): the one class of the tree with that method
                    cg.add_call(caller, only, file=path, line=c["line"], resolved=False)
                    continue
                for t in sorted(user):
                    cg.add_call(caller, t, file=path, line=c["line"], resolved=True)
                if c.get("implicit") in ("iter", "next"):
                    ext = []  # the loop protocol of a list or a generator: no call to show
                if ext and not user:  # one best name: collapsed values may offer several
                    t = min(ext, key=lambda n: (n.startswith("builtins."), n.count("."), n))
                    if t.startswith("builtins."):
                        self.builtin_calls += 1
                    else:
                        cg.add_call(caller, t, file=path, line=c["line"], resolved=False)
                        # and the best name of each other library: a class with two external
                        # bases (`class User(db.Model, Timestamp)`) answers `User.query` from
                        # the first, which the collapsed values cannot tell
                        roots = {t.split(".", 1)[0]}
                        for o in sorted(ext, key=lambda n: (n.count("."), n)):
                            root = o.split(".", 1)[0]
                            if root not in roots and not o.startswith("builtins.") and \
                                    len(roots) < 3:
                                roots.add(root)
                                cg.add_call(caller, o, file=path, line=c["line"],
                                            resolved=False)
                if not targets:
                    if c.get("implicit") in ("iter", "next"):
                        continue  # the loop protocol of a list or a generator: no call to show
                    name = self.best_name(c, mod)
                    if name is None:
                        self.builtin_calls += 1
                        continue
                    cg.add_call(caller, name, file=path, line=c["line"], resolved=False)
            for fn in list(fx.get("functions", ())) + list(fx.get("classes", ())):
                q = fn["qname"]
                scope = fn.get("scope") or mod
                for t in sorted(x for x in self.deco_calls.get(q, ()) if isinstance(x, str)):
                    if scope in cg.g:  # applying a user decorator calls it
                        cg.add_call(scope, t, file=path, line=fn.get("line", 1), resolved=True)
                for t, line in sorted(self.dep_sites.get(q, {}).items()):
                    cg.add_call(q, t, file=path, line=line, resolved=True)
        cg.g.graph.setdefault("python", {})["builtin_calls"] = self.builtin_calls

    def only_method(self, c: dict, mod: str) -> str | None:
        """The method a call `<untyped receiver>.<name>(...)` runs when exactly one class of
        the tree defines a method of that distinctive name (not a short or common one a
        library object answers as well: `get`, `save`, `to_dict`) and the receiver evaluates
        to no value of the tree (unknown, or an attribute of a library object such as
        `flask.g.project`): what a reader of the code would follow. None otherwise."""
        fn = c.get("fn") or {}
        name = fn.get("attr") or ""
        if fn.get("kind") != "attr" or len(name) < 8 or "_" not in name.strip("_") or \
                name.startswith("_") or name in _COMMON_METHODS:
            return None
        if self._methods_named is None:
            by: dict[str, set] = {}
            for fx in self.files:
                for f in fx.get("functions", ()):
                    if f.get("kind") == "method":
                        by.setdefault(f["name"], set()).add(f["qname"])
            self._methods_named = {k: next(iter(v)) for k, v in by.items() if len(v) == 1}
        only = self._methods_named.get(name)
        if only is None:
            return None
        recv = self.ev((fn.get("parts") or [None])[0], c["caller"], mod)
        if any(v[0] != "x" or v[1].startswith("builtins.") or v[1].count(".") < 2
               for v in recv):
            return None  # a value of the tree, a builtin, or a library's own function
        return only

    def best_name(self, c: dict, mod: str) -> str | None:
        """The readable name of a call nothing resolves: import paths expanded, a known
        receiver's class named; None for a builtin."""
        fn = c.get("fn") or {}
        scope = c["caller"]
        if fn.get("kind") == "name":
            if self.var_for(scope, fn["text"]) is None and fn["text"] in _BUILTINS:
                return None
            return fn["text"]
        if fn.get("kind") == "attr":
            base = self.ev(fn["parts"][0], scope, mod)
            for v in sorted(base):
                if v[0] == "x" and v[1].startswith("builtins."):
                    return None
                if v[0] in ("i", "c", "m", "x"):
                    return f"{v[1]}.{fn['attr']}"
        return c.get("callee") or "?"

    def resolve_ref(self, file: str, scope: str, expr: str) -> str | None:
        fx = self.by_path.get(file)
        if fx is None or not expr:
            return None
        mod = fx["module"]
        scope = scope if scope in self.kind else mod
        parts = expr.strip().split(".")
        if not all(p.isidentifier() for p in parts):
            return None
        e: dict = {"kind": "name", "text": parts[0]}
        for p in parts[1:]:
            e = {"kind": "attr", "attr": p, "parts": [e]}
        vals = sorted(v for v in self.ev(e, scope, mod) if v[0] in ("f", "b", "bc", "c"))
        # a decorator's wrapper hands back the function it was given, and the solver, blind to
        # which call gave which, merges every function the decorator wraps into each one: the
        # function the expression names, where there is one, is the answer
        for v in vals:
            if v[1] == f"{mod}.{expr}" or v[1].endswith("." + expr):
                return v[1]
        return vals[0][1] if vals else None


def _c3_merge(seqs: list[list]) -> list | None:
    seqs = [list(x) for x in seqs if x]
    out: list = []
    while seqs:
        for seq in seqs:
            head = seq[0]
            if not any(head in other[1:] for other in seqs):
                break
        else:
            return None
        out.append(head)
        seqs = [[x for x in q if x != head] for q in seqs]
        seqs = [q for q in seqs if q]
    return out


def _dfs_merge(seqs: list[list]) -> list:
    out: list = []
    for seq in seqs:
        for x in seq:
            if x not in out:
                out.append(x)
    return out
