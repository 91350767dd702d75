"""Go call resolution: Go facts of the whole tree -> nodes and edges of the call graph.

Names: `importpath.Func`, `importpath.Type.Method`, closures `importpath.Func.func1`; the import
path comes from the nearest go.mod above the package directory (read from disk, inside the
scanned tree, else above its root up to the repository's top, as the go command finds it). Calls resolve through imports, receiver and parameter types, local variables
typed by what built them (constructor results, composite literals, declared types, type
assertions, range), struct fields, embedded structs (promoted fields and methods) and
interfaces: a call through an interface gets one edge per in-tree type whose method set
implements it. Types are canonical strings: `*`/`[]`/`map[K]` prefixes on a qualified name
(`*github.com/x/app/internal/domain.Agent`); a function value is `fn:<qname>`.
Calls that stay unresolved keep an edge with the best name known (`database/sql.DB.Query`,
`fmt.Println`, `?.Method`); builtins and type conversions are not calls and are only counted
(`cg.g.graph["go_skipped_calls"]`).
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from auditor.index.go_adapters import handler_adapter

BUILTIN_FUNCS = frozenset("append cap clear close complex copy delete imag len make max min new "
                          "panic print println real recover".split())
BUILTIN_TYPES = frozenset("bool byte complex64 complex128 error float32 float64 int int8 int16 "
                          "int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr any "
                          "comparable".split())
_KEYWORDS = frozenset("map chan func struct interface".split())
_IDENT = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?")
EMBED_DEPTH = 4
_TYPE_PREFIXES = ("[", "map[", "chan ", "<-chan", "func(", "interface{", "interface {", "struct{",
                  "struct {")



class _Type:
    __slots__ = ("qname", "name", "kind", "fields", "embedded", "methods", "sigs", "iface_emb",
                 "underlying", "alias", "file", "test", "_iface_all", "_mset")

    def __init__(self, qname: str, rec: dict, fctx: "_File") -> None:
        self.qname = qname
        self.name = rec["name"]
        self.kind = rec["kind"]
        self.file = fctx
        self.test = fctx.test
        self.fields: dict[str, str] = {}
        self.embedded: list[str] = []
        self.methods: dict[str, dict] = {}  # name -> function info
        self.sigs: dict[str, tuple[list, "_File"]] = {}  # interface: name -> (results, file)
        self.iface_emb: list[str] = []
        self.underlying = ""
        self.alias = bool(rec.get("alias"))
        self._iface_all = None
        self._mset = None


class _Pkg:
    __slots__ = ("imp", "name", "funcs", "types", "globals", "files")

    def __init__(self, imp: str, name: str) -> None:
        self.imp = imp
        self.name = name
        self.funcs: dict[str, str] = {}  # top-level function name -> qname
        self.types: dict[str, _Type] = {}
        self.globals: dict[str, tuple] = {}  # package var -> (assign, file, target index)
        self.files: list[_File] = []


class _File:
    __slots__ = ("fx", "pkg", "imports", "dots", "test", "qcache")

    def __init__(self, fx: dict, pkg: _Pkg) -> None:
        self.fx = fx
        self.pkg = pkg
        self.imports: dict[str, str] = {}
        self.dots: list[str] = []
        self.test = fx["path"].endswith("_test.go")
        self.qcache: dict[str, str] = {}


class _Func:
    __slots__ = ("qname", "rec", "file", "parent", "scope")

    def __init__(self, qname: str, rec: dict, fctx: _File, parent: str | None) -> None:
        self.qname = qname
        self.rec = rec
        self.file = fctx
        self.parent = parent
        self.scope: dict[str, str] | None = None


def _split_map(t: str) -> tuple[str, str] | None:
    """`map[K]V` -> (K, V), brackets matched."""
    depth = 0
    for i in range(3, len(t)):
        c = t[i]
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return t[4:i], t[i + 1:]
    return None


def elem(t: str | None) -> str | None:
    """The element type of a slice, array, map, channel or pointer to one."""
    if not t:
        return None
    t = t.lstrip("*")
    if t.startswith("[]"):
        return t[2:]
    if t.startswith("["):
        i = t.find("]")
        return t[i + 1:] if i > 0 else None
    if t.startswith("map["):
        kv = _split_map(t)
        return kv[1] if kv else None
    for p in ("chan ", "<-chan ", "chan<- "):
        if t.startswith(p):
            return t[len(p):].strip()
    if t == "string":
        return "rune"
    return None


class GoResolver:
    def __init__(self, files: list[dict], cg, root: Path) -> None:
        self.cg = cg
        self.root = Path(root)
        self.pkgs: dict[str, _Pkg] = {}
        self.types: dict[str, _Type] = {}
        self.funcs: dict[str, _Func] = {}
        self.files: dict[str, _File] = {}
        self.gomod: dict[str, tuple[str, str] | None] = {}  # dir -> (module dir, module path)
        self._above: tuple[str, str] | None | bool = False  # the module above the root, once
        self.method_index: dict[str, set[str]] = {}
        self.impl_cache: dict[str, list[_Type]] = {}
        self.global_types: dict[tuple[str, str], str | None] = {}
        self.skipped = {"builtin": 0, "conversion": 0}
        self._depth = 0
        self.assigns_by_func: dict[str, dict[str, list[dict]]] = {}
        self._links: dict[str, set[str]] = {}  # main package -> the packages it links
        # (file, scope, expression) of the references naming an interface method that several
        # types implement: `resolve_ref` cannot name one, and a guess by name must not either
        self.ambiguous: set[tuple] = set()
        self._load(files)

    # --- loading ---------------------------------------------------------------------------
    def _module_of(self, d: str) -> tuple[str, str] | None:
        """(module dir, module path) of the nearest go.mod at or above `d` inside the root."""
        chain = []
        cur = d
        found = None
        while True:
            if cur in self.gomod:
                found = self.gomod[cur]
                break
            chain.append(cur)
            mod = self._read_gomod(cur)
            if mod is not None:
                found = (cur, mod)
                break
            if cur in ("", "."):
                found = self._module_above()
                break
            cur = posixpath.dirname(cur)
        for c in chain:
            self.gomod[c] = found
        return found

    def _module_above(self) -> tuple[str, str] | None:
        """A root that is a directory of a module (`cmd/relayproxy` of a repository whose go.mod
        is at its top): the go command takes the nearest go.mod above, and so do the import
        paths the tree's files write (`<module>/cmd/relayproxy/handler/goff`). As (module dir,
        the module path joined with the root's place in it), the root's packages get their
        real import paths; None when no go.mod is above (up to the repository's top)."""
        if self._above is not False:
            return self._above
        self._above = None
        try:
            root = self.root.resolve()
        except OSError:
            return None
        cur, rel = root, []
        for _ in range(32):
            if cur.parent == cur:
                break
            rel.insert(0, cur.name)
            cur = cur.parent
            mod = self._read_gomod_at(cur / "go.mod")
            if mod is not None:
                self._above = ("", "/".join([mod, *rel]))
                break
            if (cur / ".git").exists():
                break  # the repository's top: a go.mod further up is another project's
        return self._above

    def _read_gomod(self, d: str) -> str | None:
        return self._read_gomod_at(self.root / d / "go.mod" if d else self.root / "go.mod")

    @staticmethod
    def _read_gomod_at(p: Path) -> str | None:
        try:
            with open(p, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    line = line.strip()
                    if line.startswith("module"):
                        return line[6:].strip().strip('"') or None
        except OSError:
            return None
        return None

    def import_path(self, pkgdir: str, package: str) -> str:
        mod = self._module_of(pkgdir)
        if mod is None:
            imp = pkgdir or package
        else:
            mdir, mpath = mod
            rel = pkgdir[len(mdir):].lstrip("/") if mdir else pkgdir
            imp = f"{mpath}/{rel}" if rel else mpath
        if package.endswith("_test") and not imp.endswith("_test"):
            imp += "_test"
        return imp

    def _load(self, files: list[dict]) -> None:
        cg = self.cg
        # by path: where two files define one name, the same one wins on every run
        for fx in sorted(files, key=lambda fx: fx["path"]):
            pkgdir = fx.get("extra", {}).get("go_pkgdir", posixpath.dirname(fx["path"]))
            package = fx.get("package") or "main"
            imp = self.import_path(pkgdir, package)
            fx["module"] = imp
            pkg = self.pkgs.get(imp)
            if pkg is None:
                pkg = self.pkgs[imp] = _Pkg(imp, package)
            f = _File(fx, pkg)
            pkg.files.append(f)
            self.files[fx["path"]] = f
            for c in fx.get("classes", []):
                q = f"{imp}.{c['qname']}"
                t = _Type(q, c, f)
                if "." not in c["qname"] or c["name"] not in pkg.types:  # local types lose
                    pkg.types[c["name"]] = t
                self.types[q] = t
            for a in fx.get("assigns", []):
                if a["func"] == "" and a.get("op") == "var":
                    for i, tg in enumerate(a["targets"]):
                        pkg.globals[tg] = (a, f, i)
        # imports: the in-tree package's own name beats the path-derived guess
        names = {p.imp: p.name for p in self.pkgs.values()}
        for f in self.files.values():
            for im in f.fx.get("imports", []):
                alias, target = im["alias"], im["target"]
                if not im.get("explicit") and target in names:
                    alias = names[target]
                if alias == ".":
                    f.dots.append(target)
                elif alias != "_":
                    f.imports[alias] = target
        for f in self.files.values():
            fx = f.fx
            imp = f.pkg.imp
            path = fx["path"]
            for rec in fx.get("functions", []):
                local = rec.get("local") or rec["qname"]
                q = f"{imp}.{local}"
                rec["qname"] = q
                parent = rec.get("parent")
                pq = (f"{imp}.{parent}" if parent else f"{imp}.init") \
                    if rec["kind"] == "closure" else None
                fi = _Func(q, rec, f, pq)
                self.funcs[q] = fi
                cg.add_function(q, name=rec["name"], file=path, line=rec["line"],
                                kind=rec["kind"], language="go", end_line=rec["end_line"])
                if rec["kind"] == "function":
                    f.pkg.funcs[rec["name"]] = q
                elif rec["kind"] == "method" and rec.get("cls"):
                    t = f.pkg.types.get(rec["cls"])
                    if t is not None:
                        t.methods[rec["name"]] = fi
            for c in fx.get("classes", []):
                t = self.types[f"{imp}.{c['qname']}"]
                t.fields = {k: self.qual(v, f) for k, v in c.get("fields", {}).items()}
                if t.kind == "interface":
                    t.iface_emb = [self.qual(e, f) for e in c.get("embedded", [])]
                    t.sigs = {m: (s.get("returns", []), f)
                              for m, s in c.get("method_sigs", {}).items()}
                else:
                    t.embedded = [self.qual(e, f) for e in c.get("embedded", [])]
                if c.get("underlying"):
                    t.underlying = self.qual(c["underlying"], f)
        for t in self.types.values():
            if t.kind != "interface":
                for m in self.mset(t):
                    self.method_index.setdefault(m, set()).add(t.qname)

    # --- types -----------------------------------------------------------------------------
    def qual(self, text: str, f: _File) -> str:
        """Type text as written in `f` -> canonical type with import paths."""
        hit = f.qcache.get(text)
        if hit is not None:
            return hit
        pkg = f.pkg

        def sub(m: re.Match) -> str:
            s = m.group(0)
            if "." in s:
                a, n = s.split(".", 1)
                p = f.imports.get(a)
                return f"{p}.{n}" if p else s
            if s in _KEYWORDS or s in BUILTIN_TYPES:
                return s
            if s in pkg.types:
                return f"{pkg.imp}.{s}"
            for d in f.dots:
                dp = self.pkgs.get(d)
                if dp and s in dp.types:
                    return f"{d}.{s}"
            return s

        t = text.strip()
        if "[" in t and not t.startswith(("[", "map[", "*[", "*map[")) and t.endswith("]"):
            t = t.split("[", 1)[0]  # generic instance Type[K] -> Type
        out = _IDENT.sub(sub, t.replace("...", "[]"))
        f.qcache[text] = out
        return out

    def named(self, t: str | None) -> _Type | None:
        """The in-tree named type behind `t` (pointers stripped, aliases followed)."""
        if not t or t.startswith("fn:"):
            return None
        for _ in range(4):
            info = self.types.get(t.lstrip("*"))
            if info is None:
                return None
            if info.alias and info.underlying:
                t = info.underlying
                continue
            return info
        return None

    def iface_methods(self, t: _Type) -> dict[str, tuple[list, _File]]:
        """Method set of an interface, embedded interfaces included (breadth-first)."""
        if t._iface_all is None:
            out = dict(t.sigs)
            seen = {t.qname}
            todo = list(t.iface_emb)
            while todo and len(seen) < 256:
                et = self.named(todo.pop(0))
                if et is None or et.kind != "interface" or et.qname in seen:
                    continue
                seen.add(et.qname)
                for k, v in et.sigs.items():
                    out.setdefault(k, v)
                todo.extend(et.iface_emb)
            t._iface_all = out
        return t._iface_all

    def mset(self, t: _Type) -> dict[str, tuple]:
        """Method set of a non-interface type with promoted methods: name -> ("m", func) or
        ("i", interface type) when promoted from an embedded interface."""
        if t._mset is None:
            out: dict[str, tuple] = {}
            seen = {t.qname}
            level = [t]
            for _ in range(EMBED_DEPTH + 1):
                nxt = []
                found: dict[str, tuple] = {}
                for cur in level:
                    if cur.kind == "interface":
                        for m in self.iface_methods(cur):
                            found.setdefault(m, ("i", cur))
                        continue
                    for m, fi in cur.methods.items():
                        found.setdefault(m, ("m", fi))
                    for e in cur.embedded:
                        et = self.named(e)
                        if et is not None and et.qname not in seen:
                            seen.add(et.qname)
                            nxt.append(et)
                for k, v in found.items():
                    out.setdefault(k, v)
                if not nxt:
                    break
                level = nxt
            t._mset = out
        return t._mset

    def field(self, t: _Type, name: str) -> str | None:
        """Type of field `name` of struct `t`, promoted fields and embedded names included."""
        seen = {t.qname}
        level = [t]
        for _ in range(EMBED_DEPTH + 1):
            nxt = []
            for cur in level:
                if name in cur.fields:
                    return cur.fields[name]
                for e in cur.embedded:
                    if e.lstrip("*").rsplit(".", 1)[-1] == name:
                        return e
                    et = self.named(e)
                    if et is not None and et.qname not in seen:
                        seen.add(et.qname)
                        nxt.append(et)
            if not nxt:
                return None
            level = nxt
        return None

    def implementers(self, iface: _Type) -> list[_Type]:
        hit = self.impl_cache.get(iface.qname)
        if hit is not None:
            return hit
        names = list(self.iface_methods(iface))
        out: list[_Type] = []
        if names:
            sets = sorted((self.method_index.get(n, set()) for n in names), key=len)
            cand = set(sets[0])
            for s in sets[1:]:
                cand &= s
                if not cand:
                    break
            out = [self.types[q] for q in sorted(cand)]
        self.impl_cache[iface.qname] = out
        return out

    def links(self, main: "_Pkg") -> set[str]:
        """Import paths of the tree's packages a program links (its import closure)."""
        cache = self._links
        got = cache.get(main.imp)
        if got is None:
            got, stack = set(), [main]
            while stack:
                for fc in stack.pop().files:
                    for path in fc.imports.values():
                        p = self.pkgs.get(path)
                        if p is not None and path not in got:
                            got.add(path)
                            stack.append(p)
            cache[main.imp] = got
        return got

    def iface_targets(self, iface: _Type, name: str, caller_test: bool,
                      caller_pkg: "_Pkg | None" = None) -> list[str]:
        impls = self.implementers(iface)
        if not caller_test and any(not t.test for t in impls):
            impls = [t for t in impls if not t.test]
        if caller_pkg is not None:
            # A type of a `package main` reaches an interface only in the packages that program
            # links (its own and those it imports, directly or not): not in another binary of
            # the same module (`cmd/editor`'s handler is no dynamic type in `cmd/relayproxy`).
            impls = [t for t in impls if t.file.pkg.name != "main" or t.file.pkg is caller_pkg
                     or caller_pkg.imp in self.links(t.file.pkg)]
        out = []
        for t in impls:
            m = self.mset(t).get(name)
            if m is not None and m[0] == "m":
                out.append(m[1].qname)
        return out

    # --- scopes ----------------------------------------------------------------------------
    def scope_of(self, fi: _Func) -> dict[str, str]:
        if fi.scope is not None:
            return fi.scope
        chain = [fi]
        while chain[-1].parent and chain[-1].parent in self.funcs and \
                self.funcs[chain[-1].parent].scope is None and len(chain) < 200:
            chain.append(self.funcs[chain[-1].parent])
        for cur in reversed(chain):
            parent = self.funcs.get(cur.parent) if cur.parent else None
            base = dict(parent.scope) if parent is not None and parent.scope is not None else {}
            cur.scope = base  # set before typing assigns: a self-reference sees a partial scope
            self._fill_scope(cur, base)
        return fi.scope

    def _fill_scope(self, fi: _Func, sc: dict[str, str]) -> None:
        rec, f = fi.rec, fi.file
        if rec.get("recv") and rec.get("cls"):
            sc[rec["recv"]] = "*" + self.qual(rec["cls"], f)
        for p in rec.get("params", []):
            if p["name"] and p["name"] != "_":
                sc[p["name"]] = self.qual(p["type"], f)
        # The receiver and the parameters live in the function's outermost block: Go allows no
        # redeclaration there, so a `:=`, `var` or range variable of the same name with another
        # type shadows them in an inner block only (`for _, a := range m.Attachments` inside
        # `func (a *App) ...`). The scope is one per function: it keeps their own types.
        fixed = {p["name"] for p in rec.get("params", ()) if p.get("name")}
        if rec.get("recv"):
            fixed.add(rec["recv"])
        for a in self._assigns(f).get(rec.get("local") or "", ()):
            targets = a["targets"]
            if a.get("type"):
                t = self.qual(a["type"], f)
                for tg in targets:
                    if tg not in fixed:
                        sc[tg] = t
                continue
            v = a.get("value")
            if v is None:
                continue
            op = a.get("op")
            if op == "range":
                ct = self.typeof(v["parts"][0], sc, f) if v.get("parts") else None
                types = self._range_types(ct)
            elif len(targets) == 1:
                types = [self.typeof(v, sc, f)]
            else:
                types = self.results(v, sc, f) if v.get("kind") == "call" else []
                if v.get("kind") in ("assert", "index") and len(targets) == 2:
                    types = [self.typeof(v, sc, f), "bool"]
            for tg, t in zip(targets, types):
                if tg == "_" or "." in tg or "[" in tg or t is None:
                    continue
                if (op == "=" or tg in fixed) and sc.get(tg):
                    continue  # a variable keeps its static type (a parameter: see above)
                sc[tg] = t

    def _assigns(self, f: _File) -> dict[str, list[dict]]:
        by = self.assigns_by_func.get(f.fx["path"])
        if by is None:
            by = self.assigns_by_func[f.fx["path"]] = {}
            for a in f.fx.get("assigns", []):
                by.setdefault(a["func"], []).append(a)
        return by

    def _range_types(self, ct: str | None) -> list:
        if not ct:
            return []
        t = ct.lstrip("*")
        if t.startswith("map["):
            kv = _split_map(t)
            return list(kv) if kv else []
        if t == "string":
            return ["int", "rune"]
        if t.startswith(("chan ", "<-chan ")):
            return [elem(t)]
        return ["int", elem(t)]

    def global_type(self, pkg: _Pkg, name: str) -> str | None:
        key = (pkg.imp, name)
        if key in self.global_types:
            return self.global_types[key]
        self.global_types[key] = None  # cycle guard
        a, f, i = pkg.globals[name]
        t = None
        if a.get("type"):
            t = self.qual(a["type"], f)
        elif a.get("value") is not None:
            v = a["value"]
            if len(a["targets"]) == 1:
                t = self.typeof(v, {}, f)
            elif v.get("kind") == "call":
                rs = self.results(v, {}, f)
                t = rs[i] if i < len(rs) else None
        self.global_types[key] = t
        return t

    # --- expressions -------------------------------------------------------------------------
    def typeof(self, e: dict | None, sc: dict, f: _File) -> str | None:
        if not e or self._depth > 40:  # chains of package vars typed by one another
            return None
        self._depth += 1
        try:
            return self._typeof(e, sc, f)
        finally:
            self._depth -= 1

    def _typeof(self, e: dict, sc: dict, f: _File) -> str | None:
        k = e.get("kind")
        if k == "name":
            n = e["text"]
            t = sc.get(n)
            if t is not None:
                return t
            return self._pkg_name(f.pkg, n, f)
        if k == "attr":
            x = e["parts"][0]
            a = e["attr"]
            if x.get("kind") == "name" and x["text"] not in sc and x["text"] in f.imports:
                p = self.pkgs.get(f.imports[x["text"]])
                return self._pkg_name(p, a, f) if p is not None else None
            tx = self.typeof(x, sc, f)
            return self.member_type(tx, a)
        if k == "call":
            rs = self.results(e, sc, f)
            return rs[0] if rs else None
        if k == "composite":
            return self.qual(e["type"], f) if e.get("type") else None
        if k == "unary":
            t = self.typeof(e["parts"][0], sc, f)
            op = e.get("op")
            if op == "&":
                return "*" + t if t else None
            if op == "*":
                return t[1:] if t and t.startswith("*") else None
            if op == "<-":
                return elem(t)
            return t
        if k == "index":
            return elem(self.typeof(e["parts"][0], sc, f))
        if k == "slice":
            return self.typeof(e["parts"][0], sc, f)
        if k == "assert":
            return self.qual(e["type"], f)
        if k == "func":
            q = e.get("qname")
            return f"fn:{f.pkg.imp}.{q}" if q else None
        if k == "str":
            return "string"
        return None

    def _pkg_name(self, p: _Pkg | None, n: str, f: _File) -> str | None:
        if p is None:
            return None
        q = p.funcs.get(n)
        if q is not None:
            return "fn:" + q
        if n in p.globals:
            return self.global_type(p, n)
        if n in p.types:
            return "type:" + p.types[n].qname
        if p is f.pkg:
            for d in f.dots:
                dp = self.pkgs.get(d)
                if dp is not None and (n in dp.funcs or n in dp.globals or n in dp.types):
                    return self._pkg_name(dp, n, f)
        return None

    def member_type(self, tx: str | None, a: str) -> str | None:
        if not tx:
            return None
        if tx.startswith("type:"):  # method expression T.M
            t = self.types.get(tx[5:])
            m = self.mset(t).get(a) if t is not None and t.kind != "interface" else None
            return "fn:" + m[1].qname if m and m[0] == "m" else None
        t = self.named(tx)
        if t is None:
            return None
        if t.kind == "interface":
            return None
        ft = self.field(t, a)
        if ft is not None:
            return ft
        m = self.mset(t).get(a)
        if m is not None and m[0] == "m":
            return "fn:" + m[1].qname
        return None

    def results(self, e: dict, sc: dict, f: _File) -> list:
        """Result types of call expression `e`."""
        fn = e.get("fn") or {}
        k = fn.get("kind")
        if k == "name":
            n = fn["text"]
            if n not in sc and n not in f.pkg.funcs and n not in f.pkg.types:
                args = e.get("args") or []
                if n == "new" and args:
                    return ["*" + self.qual(args[0].get("text", ""), f)]
                if n == "make" and args:
                    return [self.qual(args[0].get("text", ""), f)]
                if n == "append" and args:
                    return [self.typeof(args[0], sc, f)]
                if n in BUILTIN_TYPES:
                    return [n]
        if k == "attr" and fn["parts"][0].get("kind") == "name":
            x = fn["parts"][0]["text"]
            if x not in sc and x in f.imports and f.imports[x] not in self.pkgs:
                i = handler_adapter(f.imports[x], fn["attr"])
                args = e.get("args") or []
                if i is not None and i < len(args):  # the handler it serves runs
                    t = self.typeof(args[i], sc, f)
                    if t is not None:
                        return [t]
        tx, have_tx = None, False
        if k == "attr" and not (fn["parts"][0].get("kind") == "name" and
                                fn["parts"][0]["text"] not in sc and
                                fn["parts"][0]["text"] in f.imports):
            # the receiver's type, computed once: `typeof(fn)` would compute it and the
            # interface fallback below again, which doubles the work at every link of a method
            # chain whose types run out (exponential in the chain's length)
            tx, have_tx = self.typeof(fn["parts"][0], sc, f), True
            t = self.member_type(tx, fn["attr"])
        else:
            t = self.typeof(fn, sc, f)
        if t is None:
            if k == "attr":  # interface method: results from its signature
                x = fn["parts"][0]
                it = self.named(tx if have_tx else self.typeof(x, sc, f))
                if it is not None and it.kind == "interface":
                    sig = self.iface_methods(it).get(fn["attr"])
                    if sig is not None:
                        return [self.qual(r, sig[1]) for r in sig[0]]
                elif it is not None:
                    m = self.mset(it).get(fn["attr"])
                    if m is not None and m[0] == "i":
                        sig = self.iface_methods(m[1]).get(fn["attr"])
                        if sig is not None:
                            return [self.qual(r, sig[1]) for r in sig[0]]
            return []
        if t.startswith("fn:"):
            fi = self.funcs.get(t[3:])
            if fi is None:
                return []
            out = [self.qual(r, fi.file) for r in fi.rec.get("returns", [])]
            if out:
                concrete = self._concrete_result(fi, out[0])
                if concrete is not None:
                    out[0] = concrete
            return out
        if t.startswith("type:"):  # conversion T(x)
            return [t[5:]]
        if t.startswith("func(") or t.startswith("*func("):
            return []
        return []

    def _concrete_result(self, fi: _Func, declared: str | None) -> str | None:
        """A constructor declared to return an interface (`func NewWebhookHandler(...)
        WebhookHandler`) whose every return is a literal of one type of the tree (`return
        &webhookHandler{...}`): its callers hold that type. Go's interfaces are satisfied by
        shape, so the interface alone may name several types with the same methods (every
        admin handler has List/Get/Delete); the constructor says which one it makes."""
        it = self.named(declared)
        if it is None or it.kind != "interface":
            return None
        cache = fi.file.qcache
        key = "\0concrete:" + fi.qname
        if key in cache:
            return cache[key] or None
        local = fi.rec.get("local") or fi.rec.get("qname", "")
        got: set = set()
        for r in fi.file.fx.get("returns", ()):
            if r.get("func") != local:
                continue
            v = r.get("value") or {}
            ptr = v.get("kind") == "unary" and v.get("op") == "&" and v.get("parts")
            if ptr:
                v = v["parts"][0]
            if v.get("kind") != "composite" or not v.get("type"):
                got = set()
                break
            got.add(("*" if ptr else "") + self.qual(v["type"], fi.file))
        one = next(iter(got)) if len(got) == 1 else None
        if one is not None and self.named(one) is None:
            one = None  # (a type of another module: nothing of the tree to resolve to)
        cache[key] = one or ""
        return one

    # --- calls -----------------------------------------------------------------------------
    def targets(self, fn: dict, sc: dict, f: _File, caller_test: bool) -> tuple[list[str], str]:
        """(resolved qnames, best name when unresolved); best name "" = not a call."""
        k = fn.get("kind")
        if k == "name":
            n = fn["text"]
            t = sc.get(n)
            if t is None:
                t = self._pkg_name(f.pkg, n, f)
                if t is None:
                    if n in BUILTIN_FUNCS:
                        self.skipped["builtin"] += 1
                        return [], ""
                    if n in BUILTIN_TYPES:
                        self.skipped["conversion"] += 1
                        return [], ""
            if t and t.startswith("fn:"):
                return [t[3:]], ""
            if t and t.startswith("type:"):
                self.skipped["conversion"] += 1
                return [], ""
            return [], n
        if k == "attr":
            x = fn["parts"][0]
            a = fn["attr"]
            if x.get("kind") == "name" and x["text"] not in sc and x["text"] in f.imports:
                path = f.imports[x["text"]]
                p = self.pkgs.get(path)
                t = self._pkg_name(p, a, f) if p is not None else None
                if t and t.startswith("fn:"):
                    return [t[3:]], ""
                if t and t.startswith("type:"):
                    self.skipped["conversion"] += 1
                    return [], ""
                return [], f"{path}.{a}"
            tx = self.typeof(x, sc, f)
            if tx and tx.startswith("type:"):
                mt = self.member_type(tx, a)
                return ([mt[3:]], "") if mt else ([], f"{tx[5:]}.{a}")
            info = self.named(tx)
            if info is not None:
                if info.kind == "interface":
                    if a in self.iface_methods(info):
                        out = self.iface_targets(info, a, caller_test, f.pkg)
                        return out, "" if out else f"{info.qname}.{a}"
                    return [], f"{info.qname}.{a}"
                m = self.mset(info).get(a)
                if m is not None:
                    if m[0] == "m":
                        return [m[1].qname], ""
                    out = self.iface_targets(m[1], a, caller_test, f.pkg)
                    return out, "" if out else f"{m[1].qname}.{a}"
                ft = self.field(info, a)
                if ft is not None and ft.startswith("fn:"):
                    return [ft[3:]], ""
                return [], f"{info.qname}.{a}"
            if tx and tx.startswith("fn:") and a == "ServeHTTP":
                return [tx[3:]], ""  # a HandlerFunc's ServeHTTP calls the function
            if tx and not tx.startswith("fn:"):
                base = tx.lstrip("*")
                if base and not base.startswith(("[", "map[", "func", "chan")):
                    return [], f"{base}.{a}"
            xt = x.get("text", "")
            if x.get("kind") in ("name", "attr") and "(" not in xt and len(xt) < 80:
                return [], f"{xt}.{a}"
            return [], f"?.{a}"
        if k == "func":
            q = fn.get("qname")
            return ([f"{f.pkg.imp}.{q}"], "") if q else ([], "func")
        if k == "call":
            t = self.results(fn, sc, f)
            if t and t[0] and t[0].startswith("fn:"):
                return [t[0][3:]], ""
            return [], "?()"
        text = fn.get("text") or "?"
        if text.startswith(_TYPE_PREFIXES) or k == "unary" and fn.get("op") == "*":
            self.skipped["conversion"] += 1  # []byte(x), (*T)(x), map[K]V(x), func()(x)
            return [], ""
        t = self.typeof(fn, sc, f)
        if t and t.startswith("fn:"):
            return [t[3:]], ""
        return [], text[:80]

    def run(self) -> None:
        cg = self.cg
        inits: set[str] = set()
        for f in self.files.values():
            fx = f.fx
            path = fx["path"]
            imp = f.pkg.imp
            caller_test = f.test
            for call in fx.get("calls", []):
                local = call["caller"] or "init"
                caller = f"{imp}.{local}"
                fi = self.funcs.get(caller)
                if fi is None:
                    if caller not in inits and caller not in cg.g:
                        cg.add_function(caller, name="init", file=path, line=call["line"],
                                        kind="function", language="go")
                        inits.add(caller)
                    sc: dict = {}
                else:
                    sc = self.scope_of(fi)
                line = call["line"]
                out, best = self.targets(call.get("fn") or {}, sc, f, caller_test)
                for q in out:
                    cg.add_call(caller, q, file=path, line=line, resolved=True)
                if not out and best:
                    cg.add_call(caller, best, file=path, line=line, resolved=False)
                for arg in call.get("args", ()):
                    self._refs(caller, arg, sc, f, path, line)
            for ret in fx.get("returns", ()):
                # a function or method value returned (`return ctrl.handleAttachments`, a
                # factory's handler): whoever calls the factory runs it, as with one passed on
                vals = ret.get("values") or ([ret["value"]] if ret.get("value") else [])
                if not any(v.get("kind") in ("name", "attr") for v in vals):
                    continue
                caller = f"{imp}.{ret['func'] or 'init'}"
                fi = self.funcs.get(caller)
                if fi is None:
                    continue
                sc = self.scope_of(fi)
                for v in vals:
                    if v.get("kind") in ("name", "attr"):
                        self._refs(caller, v, sc, f, path, ret["line"])
            for rec in fx.get("functions", []):
                if rec["kind"] == "closure":
                    fi = self.funcs[rec["qname"]]
                    parent = fi.parent
                    if parent not in cg.g:
                        cg.add_function(parent, name=parent.rsplit(".", 1)[-1], file=path,
                                        line=rec["line"], kind="function", language="go")
                    cg.add_call(parent, rec["qname"], file=path, line=rec["line"],
                                resolved=True)
        cg.g.graph["go_skipped_calls"] = dict(self.skipped)

    def _refs(self, caller: str, arg: dict, sc: dict, f: _File, path: str, line: int) -> None:
        """Functions and method values passed as arguments (or in a composite literal passed as
        one): a reference edge from the function that passes them."""
        stack = [arg]
        n = 0
        while stack and n < 64:
            e = stack.pop()
            n += 1
            k = e.get("kind")
            if k in ("name", "attr"):
                if k == "name" and e["text"] in BUILTIN_FUNCS | BUILTIN_TYPES:
                    continue
                t = self.typeof(e, sc, f)
                if t and t.startswith("fn:"):
                    q = t[3:]
                    if q in self.funcs:
                        new = not self.cg.g.has_edge(caller, q)
                        self.cg.add_call(caller, q, file=path, line=line, resolved=True)
                        if new:
                            self.cg.g.edges[caller, q]["ref"] = True
            elif k == "composite":
                stack.extend(e.get("fields", {}).values())
                stack.extend(e.get("elems", ()))
            elif k == "unary":
                stack.extend(e.get("parts", ()))

    # --- references (endpoints stage) ---------------------------------------------------------
    def resolve_ref(self, file: str, scope: str | None, expr_text: str) -> str | None:
        """The function an expression such as `h.Agent.ListAgents` or
        `handlers.NewAgentHandler(svc).List` names inside function `scope` of `file`."""
        f = self.files.get(file)
        if f is None or not expr_text:
            return None
        e = _parse_expr(expr_text)
        if e is None:
            return None
        fi = None
        if scope:
            fi = self.funcs.get(scope) or self.funcs.get(f"{f.pkg.imp}.{scope}")
        sc = self.scope_of(fi) if fi is not None else {}
        if e.get("kind") == "func":
            return None
        t = self.typeof(e, sc, f)
        if t and t.startswith("fn:"):
            return t[3:]
        if e.get("kind") == "attr":  # a method through an interface: its first implementation
            out, _ = self.targets(e, sc, f, f.test)
            if len(out) > 1:  # several implementations: which one runs is not in the code
                self.ambiguous.add((file, scope, expr_text))
            return out[0] if len(out) == 1 else None
        return None


def _parse_expr(text: str) -> dict | None:
    from auditor.index.go import _Indexer
    from auditor.index.facts import FileFacts
    from auditor.parse import ts_parse

    src = f"package p\nvar _ = {text}\n".encode("utf-8", "replace")
    tree = ts_parse("go", src)
    node = tree.root_node
    for child in node.named_children:
        if child.type == "var_declaration":
            for spec in child.named_children:
                if spec.type == "var_spec":
                    v = spec.child_by_field_name("value")
                    if v is not None and v.named_child_count:
                        ix = _Indexer("", src, FileFacts(path="", language="go"))
                        ix.closure_names = {}
                        return ix.expr(v.named_children[0])
    return None


def resolve(files: list[dict], cg, root) -> None:
    """Add every Go function and every call of `files` to `cg`; set its reference resolver."""
    import gc

    # The facts hold millions of small objects: a full collection triggered by the records
    # built here scans them all for nothing (about a fifth of the time on AIM).
    was = gc.isenabled()
    gc.disable()
    try:
        r = GoResolver(files, cg, Path(root))
        r.run()
    finally:
        if was:
            gc.enable()
    cg.ref_resolvers["go"] = r.resolve_ref
