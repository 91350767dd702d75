"""TypeScript / JavaScript call resolution: per-file facts -> nodes and edges of the CallGraph.

A small abstract evaluator over the facts of `index/typescript.py`. An expression evaluates to a
list of values (several where a call goes through an interface):

    ("func", qname)    a function or method node
    ("class", qname)   a class itself (`new X()`, static members)
    ("inst", qname)    an instance of a class or interface (typed params, fields, `new X()`)
    ("obj", qname)     an object literal bound to a name
    ("mod", module)    a module namespace (`import * as m`, `require('./m')`)
    ("ext", name)      something outside the tree, named by its import (`express.Router`)

Module specifiers resolve relative paths, index files, `tsconfig.json`/`jsconfig.json` `paths`
and `baseUrl` (nearest config up the tree, `extends` followed). Everything is memoised and cycle
guarded, so the cost is about one dict lookup chain per call site.
"""
from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

LANG = "typescript"
_BUILTIN_GLOBALS = frozenset({"console", "JSON", "Math", "Object", "Array", "Promise", "Date",
                              "String", "Number", "Boolean", "Error", "process", "window",
                              "document", "fetch", "setTimeout", "setInterval", "parseInt",
                              "parseFloat", "Buffer", "Symbol", "Reflect", "Map", "Set",
                              "localStorage", "sessionStorage", "navigator", "encodeURIComponent",
                              "decodeURIComponent", "clearTimeout", "clearInterval", "URL",
                              "structuredClone", "crypto", "alert", "confirm"})
_WRAPPER_TYPES = frozenset({"Promise", "Readonly", "Partial", "Required", "NonNullable",
                            "Awaited"})
_MAX_DEPTH = 12
_WRAPPED = re.compile(r"^([A-Za-z_$][\w$]*)\s*<(.*)>", re.S)
_COMPUTING: list = []  # a result being computed (`result_values`)


def case_blind(holder: dict, mods, cands) -> str | None:
    """The one module whose path differs from a candidate only in letter case: Node resolves
    `../database/connection.js` to `database/Connection.js` on the case-insensitive file
    systems of Windows and macOS, where such a project is written and run."""
    folded = holder.get("_case_blind")
    if folded is None:
        folded = holder["_case_blind"] = {}
        for m in mods:
            folded.setdefault(m.lower(), []).append(m)
    for cand in cands:
        hits = folded.get(cand.lower())
        if hits is not None and len(hits) == 1:
            return hits[0]
    return None


def resolve(files: list[dict], cg, root: Path) -> None:
    r = _Resolver(files, Path(root))
    r.build(cg)
    cg.ref_resolvers[LANG] = r.resolve_ref
    # where a value (a router, an app) is defined: fn(file, scope, name) -> `module.name`
    cg.ref_resolvers[LANG + ":binding"] = r.resolve_binding
    # what a module exports under a name, through `export { x as GET }` and re-exports:
    # fn(file, name) -> `module.local`
    cg.ref_resolvers[LANG + ":export"] = r.export_origin
    aliases = r.alias_table()
    if aliases:  # plain data: kept with a cached graph part, where the resolver is not
        cg.g.graph["ts_aliases"] = aliases


def alias_candidates(table: dict, from_path: str, spec: str) -> list[str]:
    """The module paths tsconfig/jsconfig `paths` and `baseUrl` give `spec` imported from
    `from_path`, read from the graph's `ts_aliases` table (`_Resolver.alias_table`); then the
    workspace package it names (`@conduit/core/service`)."""
    if spec.startswith("."):
        return []
    entry = table.get(posixpath.dirname(from_path))
    out = []
    if entry:
        cfg = _Config.__new__(_Config)
        cfg.base, cfg.paths = entry[0], [tuple(p) for p in entry[1]]
        out = cfg.candidates(spec)
    return out + workspace_candidates(table.get(WORKSPACES) or {}, spec)


# the key of the alias table that holds the tree's workspace packages: {name: [dir, entries]}
WORKSPACES = "\0workspaces"


def workspace_candidates(packages: dict, spec: str) -> list[str]:
    """Module paths of a workspace package of the tree (npm/yarn/pnpm workspaces: a folder
    whose package.json has that `name`, linked into node_modules): `@scope/pkg/sub` is the
    package's `sub` (or `src/sub`), `@scope/pkg` its declared entry or index."""
    parts = spec.split("/")
    n = 2 if spec.startswith("@") else 1
    got = packages.get("/".join(parts[:n]))
    if not got:
        return []
    folder, entries = got[0], got[1]
    sub = "/".join(parts[n:])
    join = (lambda *xs: posixpath.join(*[x for x in xs if x]))
    if sub:
        return [join(folder, sub), join(folder, "src", sub)]
    return [join(folder, e) for e in entries] + [join(folder, "src/index"), join(folder, "index")]


# -- tsconfig ----------------------------------------------------------------------------

def _strip_jsonc(text: str) -> str:
    """Remove // and /* */ comments outside strings, and trailing commas (tsconfig is JSONC)."""
    out = []
    i, n = 0, len(text)
    in_str = False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_str = False
            i += 1
            continue
        if c == '"':
            in_str = True
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(c)
            i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


def _load_config(path: Path, root: Path, seen: set) -> dict:
    """compilerOptions of one config, `extends` merged (base first); {} when unreadable."""
    key = str(path)
    if key in seen or len(seen) > 10:
        return {}
    seen.add(key)
    try:
        data = json.loads(_strip_jsonc(path.read_text(encoding="utf-8", errors="replace")))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    opts: dict = {}
    ext = data.get("extends")
    for e in ([ext] if isinstance(ext, str) else ext if isinstance(ext, list) else []):
        if not isinstance(e, str) or not e.startswith("."):
            continue  # a package's config lives in node_modules, outside the scan
        base = (path.parent / e)
        if base.suffix != ".json":
            base = base.with_name(base.name + ".json") if not base.exists() else base
        base_opts = _load_config(base, root, seen)
        opts.update(base_opts)
    co = data.get("compilerOptions")
    if isinstance(co, dict):
        for k in ("baseUrl", "paths"):
            if k in co:
                opts[k] = co[k]
                opts[f"_{k}_dir"] = str(path.parent)
    return opts


class _Config:
    """Alias resolution of one tsconfig: relative module paths (to the scan root) to try."""

    def __init__(self, opts: dict, root: Path) -> None:
        self.base = None
        self.paths: list[tuple[str, str, list[str]]] = []
        base_url = opts.get("baseUrl")
        if isinstance(base_url, str):
            self.base = _rel(Path(opts["_baseUrl_dir"]) / base_url, root)
        paths = opts.get("paths")
        if isinstance(paths, dict):
            pdir = self.base if self.base is not None else _rel(Path(opts["_paths_dir"]), root)
            for pat, targets in paths.items():
                if not isinstance(targets, list):
                    continue
                pre, _, post = pat.partition("*")
                self.paths.append((pre, post if "*" in pat else None,
                                   [posixpath.normpath(posixpath.join(pdir, t)) for t in targets
                                    if isinstance(t, str)]))
            self.paths.sort(key=lambda p: -len(p[0]))

    def candidates(self, spec: str) -> list[str]:
        out = []
        for pre, post, targets in self.paths:
            if post is None:
                if spec == pre:
                    out.extend(targets)
            elif spec.startswith(pre) and spec.endswith(post) and len(spec) >= len(pre) + len(post):
                star = spec[len(pre):len(spec) - len(post) if post else None]
                out.extend(t.replace("*", star, 1) for t in targets)
        if self.base is not None:
            out.append(posixpath.normpath(posixpath.join(self.base, spec)))
        return out


def _rel(p: Path, root: Path) -> str:
    try:
        return posixpath.normpath(p.resolve().relative_to(root.resolve()).as_posix())
    except ValueError:
        return posixpath.normpath(p.as_posix())


# -- the resolver ----------------------------------------------------------------------------

class _Module:
    __slots__ = ("key", "fx", "funcs", "bindings", "exports", "objects", "imports", "cjs_default")

    def __init__(self, fx: dict) -> None:
        self.key = fx.get("module") or fx["path"]
        self.fx = fx
        self.funcs = {f["qname"]: f for f in fx.get("functions", [])}
        extra = fx.get("extra") or {}
        self.exports = extra.get("exports", [])
        self.objects = extra.get("objects", {})
        self.imports = {i["alias"]: i for i in fx.get("imports", []) if i.get("alias")}
        self.cjs_default = any(e.get("cjs") for e in self.exports)
        self.bindings: dict[str, list] = {}


class _Resolver:
    def __init__(self, files: list[dict], root: Path) -> None:
        self.root = root
        self.mods: dict[str, _Module] = {}
        self.by_path: dict[str, _Module] = {}
        for fx in files:
            if not fx.get("module"):
                continue
            m = _Module(fx)
            self.by_path[fx["path"]] = m
            # one module name, several files (x.ts, x.js, x.d.ts): the TypeScript source wins
            old = self.mods.get(m.key)
            if old is None or _rank(fx["path"]) < _rank(old.fx["path"]):
                self.mods[m.key] = m
        self.funcs: dict[str, tuple[dict, _Module]] = {}
        self.classes: dict[str, tuple[dict, _Module]] = {}
        self.locals: dict[tuple[str, str], list[dict]] = {}  # (scope qname, name) -> assigns
        self.returns: dict[str, list[dict]] = {}
        self.shadow: set[tuple[str, str]] = set()
        for m in self.by_path.values():
            for f in m.fx.get("functions", []):
                self.funcs.setdefault(f["qname"], (f, m))
            for c in m.fx.get("classes", []):
                self.classes.setdefault(c["qname"], (c, m))
            for a in m.fx.get("assigns", []):
                t = a["target"]
                if t[:1] in "{[":  # `const { a, b: c } = x`: names that shadow outer ones
                    for name in _pattern_names(t):
                        self.shadow.add((a["func"], name))
                else:
                    self.locals.setdefault((a["func"], t), []).append(a)
            for f in m.fx.get("functions", []):
                for p in f.get("params", []):
                    if p.get("name", "")[:1] in "{[":
                        for name in _pattern_names(p["name"]):
                            self.shadow.add((f["qname"], name))
            for r in m.fx.get("returns", []):
                self.returns.setdefault(r["func"], []).append(r)
            self._bind_module(m)
        self._configs: dict[str, _Config | None] = {}
        self._spec_cache: dict[tuple[str, str], str | None] = {}
        self._export_cache: dict[tuple[str, str], list] = {}
        self._type_cache: dict[tuple[str, str], list] = {}
        self._depth = 0
        self._local_cache: dict[tuple[str, str], list] = {}
        self.failures: list[str] = []
        self.subclasses: dict[str, set[str]] = {}
        self.implementers: dict[str, set[str]] = {}
        self._impl_cache: dict[str, set[str]] = {}
        self._field_cache: dict[tuple[str, str], list] = {}
        self._result_cache: dict[str, list] = {}  # function -> what calling it returns
        self._cut = False  # the answer being computed was cut short (`eval`, `_remembered`)
        self._link_classes()

    # -- module tables ------------------------------------------------------------------
    def _bind_module(self, m: _Module) -> None:
        b = m.bindings
        prefix = m.key + "."
        # functions only set as a property (`exports.changePassword = async () => {...}`) bind
        # no name: inside the module `changePassword` is what it imports under that name
        props = {e.get("name") for e in (m.fx.get("extra") or {}).get("exports") or ()
                 if e.get("prop")} & set(m.imports)
        for q, f in m.funcs.items():
            if f.get("parent") == m.key and f.get("cls") is None and q.startswith(prefix):
                name = q[len(prefix):]
                if "." not in name and "#" not in name and name not in props:
                    b.setdefault(name, [("func", q)])
        for c in m.fx.get("classes", []):
            if c["qname"] == prefix + c["name"]:
                b[c["name"]] = [("class", c["qname"])] if c["kind"] != "interface" else \
                    b.get(c["name"], [("iface", c["qname"])])
        for oq in m.objects:
            name = oq[len(prefix):]
            if "." not in name:
                b[name] = [("obj", oq)]

    def _link_classes(self) -> None:
        for q, (c, m) in self.classes.items():
            if c["kind"] == "interface":
                continue
            for base in c.get("bases", []):
                for v in self.type_values(m, c["qname"], base, as_class=True):
                    if v[0] in ("class", "inst"):
                        self.subclasses.setdefault(v[1], set()).add(q)
            for iface in c.get("implements", []):
                for v in self.type_values(m, c["qname"], iface, as_class=True):
                    if v[0] in ("class", "inst"):
                        self.implementers.setdefault(v[1], set()).add(q)
        # structural: a class whose methods cover an interface's (two or more) methods
        ifaces = [(q, set(self.iface_methods(q))) for q, (c, _) in self.classes.items()
                  if c["kind"] == "interface"]
        ifaces = [(q, ms) for q, ms in ifaces if len(ms) >= 2]
        if ifaces:
            for q, (c, _) in self.classes.items():
                if c["kind"] == "interface":
                    continue
                have = set(self.class_methods(q))
                for iq, ms in ifaces:
                    if ms <= have:
                        self.implementers.setdefault(iq, set()).add(q)
        # NestJS custom providers: { provide: X, useClass: Y }
        for m in self.by_path.values():
            for call in m.fx.get("calls", []):
                for d in _dicts(call.get("args", [])):
                    keys = d.get("keys", [])
                    if "provide" in keys and "useClass" in keys:
                        prov = d["parts"][keys.index("provide")]
                        use = d["parts"][keys.index("useClass")]
                        targets = self.eval(m, m.key, use)
                        for pv in self.eval(m, m.key, prov):
                            for tv in targets:
                                if pv[0] in ("class", "iface") and tv[0] == "class":
                                    self.implementers.setdefault(pv[1], set()).add(tv[1])

    def class_methods(self, q: str, seen: set | None = None) -> list[str]:
        seen = seen if seen is not None else set()
        if q in seen or q not in self.classes:
            return []
        seen.add(q)
        c, m = self.classes[q]
        out = list(c.get("methods", []))
        for base in c.get("bases", []):
            for v in self.type_values(m, q, base, as_class=True):
                out.extend(self.class_methods(v[1], seen))
        return out

    def iface_methods(self, q: str, seen: set | None = None) -> list[str]:
        """An interface's method set: its own and its bases', as for a class."""
        return self.class_methods(q, seen)

    # -- module specifiers ---------------------------------------------------------------
    def _config_for(self, dirpath: str) -> _Config | None:
        if dirpath in self._configs:
            return self._configs[dirpath]
        cfg = None
        for name in ("tsconfig.json", "jsconfig.json"):
            p = self.root / dirpath / name if dirpath else self.root / name
            if p.is_file():
                opts = _load_config(p, self.root, set())
                cfg = _Config(opts, self.root) if opts else None
                break
        else:
            if dirpath:
                cfg = self._config_for(posixpath.dirname(dirpath))
        self._configs[dirpath] = cfg
        return cfg

    def alias_table(self) -> dict:
        """{folder of a module: [baseUrl, [[prefix, suffix, targets]...]]} for every folder of
        the tree's modules that a config with `paths` or `baseUrl` governs; the workspace
        packages under `WORKSPACES`."""
        out: dict = {}
        for d in {posixpath.dirname(p) for p in self.by_path}:
            cfg = self._config_for(d)
            if cfg is not None and (cfg.base is not None or cfg.paths):
                out[d] = [cfg.base, [list(p) for p in cfg.paths]]
        if self.workspaces():
            out[WORKSPACES] = self.workspaces()
        return out

    def workspaces(self) -> dict:
        """{package name: [folder, [entry module paths]]}: the folders of the tree's modules
        (and their parents) whose package.json names a package, as a workspace manager links
        them into node_modules; read once, 1 MiB at most per file."""
        got = self.__dict__.get("_workspaces")
        if got is not None:
            return got
        dirs: set[str] = set()
        for p in self.by_path:
            d = posixpath.dirname(p)
            while d and d not in dirs:
                dirs.add(d)
                d = posixpath.dirname(d)
        out: dict = {}
        for d in sorted(dirs):
            f = self.root / d / "package.json"
            try:
                if not f.is_file() or f.stat().st_size > 1 << 20:
                    continue
                data = json.loads(f.read_text(encoding="utf-8", errors="replace"))
            except (OSError, ValueError):
                continue
            name = data.get("name") if isinstance(data, dict) else None
            if not isinstance(name, str) or not name or name in out:
                continue
            entries = [_strip_ext(e.lstrip("./")) for e in
                       (data.get(k) for k in ("source", "types", "typings", "module", "main"))
                       if isinstance(e, str) and e]
            out[name] = [d, entries]
        self._workspaces = out
        return out

    def module_for(self, from_path: str, spec: str) -> str | None:
        key = (posixpath.dirname(from_path), spec)
        if key in self._spec_cache:
            return self._spec_cache[key]
        out = None
        if spec.startswith("."):
            out = self._find(posixpath.normpath(posixpath.join(key[0], spec)))
        else:
            cfg = self._config_for(key[0])
            if cfg is not None:
                for cand in cfg.candidates(spec):
                    out = self._find(cand)
                    if out:
                        break
            if out is None and spec[:1] not in ("/", "#", "~"):
                for cand in workspace_candidates(self.workspaces(), spec):
                    out = self._find(cand)
                    if out:
                        break
        self._spec_cache[key] = out
        return out

    def project_spec(self, from_path: str, spec: str) -> bool:
        """Whether a bare specifier names the project's own code (a tsconfig `paths` alias, a
        workspace package), wherever it lies: `@shared/lib/auth` mapped to `../../packages`."""
        cfg = self._config_for(posixpath.dirname(from_path))
        if cfg is not None and any(spec == pre if post is None else (
                spec.startswith(pre) and spec.endswith(post)) for pre, post, _t in cfg.paths):
            return True
        return bool(spec[:1] not in ("/", "#", "~", ".") and
                    workspace_candidates(self.workspaces(), spec))

    def _find(self, p: str) -> str | None:
        p = p.lstrip("./") if p.startswith("./") else p
        cands = (p, _strip_ext(p), p + "/index", _strip_ext(p) + "/index")
        for cand in cands:
            if cand in self.mods:
                return cand
        return case_blind(self.__dict__, self.mods, cands)

    # -- values of names -------------------------------------------------------------------
    def module_binding(self, m: _Module, name: str) -> list:
        if name in m.bindings:
            vals = m.bindings[name]
            if vals and vals[0][0] == "iface":
                return [("inst", vals[0][1])]
            return vals
        imp = m.imports.get(name)
        if imp is not None:
            vals = self.import_values(m, imp)
            m.bindings[name] = vals
            return vals
        assigns = self.locals.get((m.key, name))
        if assigns:
            m.bindings[name] = []  # cycle guard while evaluating
            vals = self.assign_values(m, m.key, assigns)
            m.bindings[name] = vals
            return vals
        return []

    def import_values(self, m: _Module, imp: dict) -> list:
        spec = imp["target"]
        name = imp.get("name")
        target = self.module_for(m.fx["path"], spec)
        if target is None:
            if name in (None, "*", "default"):
                return [("ext", spec)]
            return [("ext", f"{spec}.{name}")]
        if name == "*":
            return [("mod", target)]
        if imp.get("kind") == "require" and name == "default":
            tm = self.mods[target]
            return self.export_values(target, "default") if tm.cjs_default \
                else [("mod", target)]
        vals = self.export_values(target, name or "default")
        if not vals and name == "default":
            return [("mod", target)]
        return vals

    def export_values(self, key: str, name: str, seen: set | None = None) -> list:
        ck = (key, name)
        if ck in self._export_cache:
            return self._export_cache[ck]
        seen = seen if seen is not None else set()
        if ck in seen:
            return []
        seen.add(ck)
        m = self.mods.get(key)
        out: list = []
        if m is not None:
            for e in m.exports:
                if e.get("name") != name or e.get("all"):
                    continue
                if e.get("source") is None:
                    out = self.module_binding(m, e["local"])
                else:
                    t = self.module_for(m.fx["path"], e["source"])
                    if t is None:
                        imported = e.get("imported", name)
                        out = [("ext", e["source"] if imported in ("*", "default")
                                else f"{e['source']}.{imported}")]
                    elif e.get("imported") == "*":
                        out = [("mod", t)]
                    else:
                        out = self.export_values(t, e.get("imported", name), seen)
                if out:
                    break
            if not out and name != "default":
                for e in m.exports:
                    if e.get("all"):
                        t = self.module_for(m.fx["path"], e["source"])
                        if t is not None:
                            out = self.export_values(t, name, seen)
                            if out:
                                break
            if not out and not m.exports and name in m.bindings:
                out = m.bindings[name]  # a script without exports: its top-level names
            if not out and name != "default":
                out = self._folder_registry(m, name)
        self._export_cache[ck] = out
        return out

    def _folder_registry(self, m: _Module, name: str) -> list:
        """A folder's index that loads every file beside it at run time (sequelize-cli's
        `models/index.js`: `fs.readdirSync(__dirname)...forEach(file => { const model =
        require(path.join(__dirname, file))(sequelize, DataTypes); db[model.name] = model })`)
        exports, under each file's model name, the class that file defines: `const {
        Organisation } = require("../models")` is the class `Organisation` of a file there."""
        path = m.fx.get("path") or ""
        base = path.rsplit("/", 1)[-1]
        if not base.startswith("index.") or not any(
                c.get("name") == "readdirSync" for c in m.fx.get("calls") or ()):
            return []
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        for other in self.mods.values():
            op = other.fx.get("path") or ""
            if other is m or (op.rsplit("/", 1)[0] if "/" in op else "") != folder:
                continue
            for c in other.fx.get("classes") or ():
                if c.get("name") == name and c.get("kind") != "interface":
                    return [("class", c["qname"])]
        return []

    def lookup(self, m: _Module, scope: str, name: str) -> list:
        """A name read in function `scope`: params, locals, nested functions, then the module."""
        cur = scope
        for _ in range(50):
            if cur is None or cur == m.key:
                break
            f = self.funcs.get(cur)
            if f is None:
                break
            rec = f[0]
            for p in rec.get("params", []):
                if p.get("name") == name:
                    if p.get("type"):
                        return self.type_values(m, cur, p["type"])
                    return self.param_default(m, cur, p)
            if (cur, name) in self.shadow:
                return []
            nested = f"{cur}.{name}"
            if nested in self.funcs and self.funcs[nested][0].get("cls") is None:
                return [("func", nested)]
            if (cur, name) in self.locals:
                key = (cur, name)
                if key not in self._local_cache:
                    self._local_cache[key] = []  # cycle guard: `x = f(x)`
                    self._local_cache[key] = self.assign_values(m, cur, self.locals[key])
                return self._local_cache[key]
            cur = rec.get("parent")
        if name in _BUILTIN_GLOBALS:
            return []
        return self.module_binding(m, name)

    def param_default(self, m: _Module, scope: str, p: dict) -> list:
        d = p.get("default")
        return self.eval(m, scope, d) if d else []

    def assign_values(self, m: _Module, scope: str, assigns: list[dict]) -> list:
        out: list = []
        for a in assigns:
            if a.get("type"):
                vals = self.type_values(m, scope, a["type"])
            else:
                vals = self.eval(m, scope, a["value"])
            for v in vals:
                if v not in out:
                    out.append(v)
            if out:
                break
        return out

    # -- types -------------------------------------------------------------------------------
    def type_values(self, m: _Module, scope: str, text: str, as_class: bool = False) -> list:
        ck = (m.key, text + ("!" if as_class else ""))
        if ck in self._type_cache:
            return self._type_cache[ck]
        self._type_cache[ck] = []
        parts = _split_top(text, "&")
        if len(parts) > 1:  # `Document & User`: a value of each part's members
            out = []
            for part in parts[:4]:
                for v in self.type_values(m, scope, part, as_class):
                    if v not in out:
                        out.append(v)
            self._type_cache[ck] = out
            return out
        special = self._type_query(m, scope, text)
        if special is not None:
            self._type_cache[ck] = special
            return special
        name = _type_name(text)
        out: list = []
        if name:
            parts = name.split(".")
            vals = self.module_binding(m, parts[0])
            for seg in parts[1:]:
                vals = [w for v in vals for w in self.member(v, seg)]
            for v in vals:
                if v[0] in ("class", "inst"):
                    out.append(("class", v[1]) if as_class else ("inst", v[1]))
                elif v[0] == "ext":
                    out.append(v)
        self._type_cache[ck] = out
        return out

    def _type_query(self, m: _Module, scope: str, text: str) -> list | None:
        """`typeof userDbRepository` (the value itself) and `ReturnType<typeof f>` or
        `ReturnType<Alias>` with `type Alias = typeof f` (what f returns: the object of closures
        a factory hands out, `repository.getUserById(id)` then calls one of them); None for
        any other type."""
        t = text.strip()
        for _ in range(4):
            w = _WRAPPED.fullmatch(t)
            if w is None or w.group(1) not in _WRAPPER_TYPES:
                break
            t = w.group(2).strip()
        if t.startswith("typeof "):
            return self._named_values(m, scope, t[7:].strip())
        r = _WRAPPED.fullmatch(t)
        if r is None or r.group(1) != "ReturnType":
            return None
        inner = r.group(2).strip()
        fvals = self._named_values(m, scope, inner[7:].strip()) if inner.startswith("typeof ") \
            else [v for v in self._named_values(m, scope, inner)]
        out: list = []
        for v in fvals[:4]:
            if v[0] == "func":
                for w in self.result_values(v[1]):
                    if w not in out:
                        out.append(w)
        return out

    def _named_values(self, m: _Module, scope: str, name: str) -> list:
        if not re.fullmatch(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*", name):
            return []
        parts = name.split(".")
        vals = self.lookup(m, scope, parts[0])
        for seg in parts[1:]:
            vals = [w for v in vals for w in self.member(v, seg)]
        return vals

    # -- evaluation ------------------------------------------------------------------------
    def eval(self, m: _Module, scope: str, e: dict | None) -> list:
        if not e:
            return []
        if self._depth > _MAX_DEPTH:
            self._cut = True  # an answer cut short: not remembered (`_remembered`)
            return []
        self._depth += 1
        try:
            return self._eval(m, scope, e)
        finally:
            self._depth -= 1

    def _eval(self, m: _Module, scope: str, e: dict) -> list:
        if e.get("type"):
            vals = self.type_values(m, scope, e["type"])
            if vals:
                return vals
        k = e.get("kind")
        if k == "name":
            return self.this_values(scope) if e["text"] == "this" else \
                self.lookup(m, scope, e["text"])
        if k == "attr":
            if e.get("chain"):
                return self.chain_values(m, scope, e["chain"])
            return [w for v in self.eval(m, scope, e.get("object")) for w in
                    self.member(v, e.get("prop", ""))]
        if k == "binop" and e.get("op") in ("||", "??"):  # `dep || new Default()`
            out = []
            for p in e.get("parts", []):
                out.extend(v for v in self.eval(m, scope, p) if v not in out)
            return out
        if k == "lambda":
            return [("func", e["qname"])] if e.get("qname") else []
        if k == "classref":
            return [("class", e["qname"])] if e["qname"] in self.classes else []
        if k == "object":
            return [("obj", e["qname"])]
        if k == "call":
            ch = e.get("chain")
            parts = e.get("parts") or ()
            if ch == ["require"] and len(parts) == 1 and parts[0].get("kind") == "str" and \
                    not e.get("new") and self.lookup(m, scope, "require") == []:
                # `{ list: require('./list') }`, a CommonJS require written in place (an index
                # module re-exporting its siblings): what the required module exports
                return self.import_values(m, {"target": parts[0].get("value") or "",
                                              "name": "default", "kind": "require"})
            callee = self.chain_values(m, scope, ch) if ch else \
                self.eval(m, scope, e.get("callee_expr"))
            if e.get("new") and ch == ["Proxy"] and e.get("parts"):
                return self.eval(m, scope, e["parts"][0])  # a Proxy stands for its target
            if e.get("new"):
                out = []
                for v in callee:
                    if v[0] == "class":
                        out.append(("inst", v[1]))
                    elif v[0] == "ext":
                        out.append(("ext", v[1]))
                    elif v[0] == "func":
                        out.append(("fninst", v[1]))  # an ES5 constructor function's object
                return out
            if ch and ch[-1] == "bind" and len(ch) > 1:
                return [v for v in self.chain_values(m, scope, ch[:-1]) if v[0] == "func"]
            out = []
            for v in callee:
                if v[0] == "func":
                    out.extend(self.result_values(v[1]))
            if all(v[0] == "func" for v in out):
                # `asyncHandler(async (req, res) => ...)`, `wrap(controller.list)`: the value
                # that matters is the function wrapped, not the wrapper's inner closure
                wrapped = [v for p in e.get("parts", []) if p.get("kind") in ("lambda", "name",
                                                                             "attr", "call")
                           for v in self.eval(m, scope, p) if v[0] == "func"]
                if wrapped:
                    return wrapped
            return out
        return []

    def this_values(self, scope: str) -> list:
        f = self.funcs.get(scope)
        while f and f[0].get("cls") is None and not f[0].get("owner_obj") \
                and f[0]["name"].startswith("<anonymous"):
            f = self.funcs.get(f[0].get("parent") or "")  # an arrow keeps its outer `this`
        if f and f[0].get("owner_obj"):
            return [("obj", f[0]["owner_obj"])]
        cls = f[0].get("cls") if f else None
        if cls is None and scope in self.classes:
            cls = scope
        if cls is None:
            return []
        if f and f[0].get("static"):
            return [("class", cls)]
        return [("inst", cls)]

    def result_values(self, q: str) -> list:
        """What calling function `q` returns: its declared type, else its return statements.
        Remembered per function (`_remembered`; a recursion into it answers nothing and cuts):
        a generated API client whose methods return each other's results re-evaluated every
        return along every path, 24 million evaluations for one file's calls."""
        return self._remembered(self._result_cache, q, lambda: self._result_values(q), True)

    def _result_values(self, q: str) -> list:
        f = self.funcs.get(q)
        if f is None:
            return []
        rec, m = f
        for r in rec.get("returns", []):
            if r:
                vals = self.type_values(m, q, r)
                if vals:
                    return vals
        out: list = []
        for r in self.returns.get(q, [])[:5]:
            val = r.get("value") or {}
            if val.get("kind") == "dict" and val.get("keys") and ("rdict", q) not in out:
                # `return { addUser, getUserById }` from a factory of closures: an object
                # whose members are what those names hold in the function (`member`)
                out.append(("rdict", q))
                continue
            for v in self.eval(m, q, val):
                if v not in out:
                    out.append(v)
        return out

    def _returned_member(self, q: str, seg: str) -> list:
        """The member `seg` of the object literal function `q` returns."""
        f = self.funcs.get(q)
        if f is None:
            return []
        m = f[1]
        for r in self.returns.get(q, [])[:5]:
            val = r.get("value") or {}
            keys, parts = val.get("keys") or [], val.get("parts") or []
            if val.get("kind") == "dict" and seg in keys and len(keys) == len(parts):
                return self.eval(m, q, parts[keys.index(seg)])
        return []

    def chain_values(self, m: _Module, scope: str, chain: list[str]) -> list:
        first = chain[0]
        if first == "this":
            vals = self.this_values(scope)
        elif first == "super":
            cls = self._scope_class(scope)
            vals = []
            if cls:
                c, cm = self.classes[cls]
                for base in c.get("bases", []):
                    # `super.m()` is the base's own m, never a subclass override
                    vals.extend(("super", v[1]) for v in self.type_values(cm, cls, base, True))
        else:
            vals = self.lookup(m, scope, first)
        for seg in chain[1:]:
            if not vals:
                return []
            nxt: list = []
            for v in vals:
                for w in self.member(v, seg):
                    if w not in nxt:
                        nxt.append(w)
            vals = nxt
        return vals

    def _scope_class(self, scope: str) -> str | None:
        f = self.funcs.get(scope)
        return f[0].get("cls") if f else None

    def member(self, v: tuple, seg: str) -> list:
        kind, q = v
        if kind == "func":
            return [v] if seg in ("bind", "call", "apply") else []
        if kind == "ext":
            return [("ext", f"{q}.{seg}")]
        if kind == "mod":
            return self.export_values(q, seg)
        if kind == "obj":
            owner = self._module_of_object(q)
            e = owner.objects.get(q, {}).get(seg) if owner is not None else None
            if e is None:
                return []
            if e.get("kind") == "object":
                return [("obj", e["qname"])]
            return self.eval(owner, owner.key, e)
        if kind == "class":
            return self.find_method(q, seg, static=True)
        if kind == "inst":
            return self.instance_member(q, seg)
        if kind == "fninst":
            return self.constructor_member(q, seg)
        if kind == "super":
            return self.find_method(q, seg) or self._field_values(q, seg)
        if kind == "rdict":
            return self._returned_member(q, seg)
        return []

    def _module_of_object(self, oq: str) -> _Module | None:
        cur = oq
        while "." in cur:
            cur = cur.rsplit(".", 1)[0]
            if cur in self.mods:
                return self.mods[cur]
        return self.mods.get(cur)

    def find_method(self, q: str, seg: str, static: bool = False, seen: set | None = None):
        seen = seen if seen is not None else set()
        if q in seen or q not in self.classes:
            return []
        seen.add(q)
        c, m = self.classes[q]
        if seg in c.get("methods", []):
            mq = f"{q}.{seg}"
            if mq in self.funcs:
                return [("func", mq)]
        for base in c.get("bases", []):
            for bv in self.type_values(m, q, base, as_class=True):
                if bv[0] == "class":
                    r = self.find_method(bv[1], seg, static, seen)
                    if r:
                        return r
                elif bv[0] == "ext":
                    return [("ext", f"{bv[1]}.{seg}")]
        return []

    def instance_member(self, q: str, seg: str) -> list:
        if q not in self.classes:
            return []
        c, m = self.classes[q]
        out: list = []
        if c["kind"] == "interface":
            if seg in self.iface_methods(q):
                for impl in sorted(self._all_implementers(q)):
                    out.extend(w for w in self.find_method(impl, seg) if w not in out)
                return out or [("ext", f"{q}.{seg}")]
            return self._field_values(q, seg)
        found = self.find_method(q, seg)
        abstract = bool(c.get("abstract")) or seg in c.get("abstract_methods", [])
        if found and not abstract:
            return found
        # abstract or missing: every subclass or implementer that defines it
        for sub in sorted(self._all_subclasses(q)):
            for w in self.find_method(sub, seg):
                if w not in out and w[0] == "func" and w[1].startswith(sub + "."):
                    out.append(w)
        out = found + [w for w in out if w not in found] if found else out
        if out:
            return out
        if seg in c.get("abstract_methods", []):
            return [("ext", f"{q}.{seg}")]
        return self._field_values(q, seg)

    def constructor_member(self, q: str, seg: str) -> list:
        """A member of `new F()` for an ES5 constructor function F: what F assigns to
        `this.seg` (`this.getById = (id, cb) => {...}`), or `F.prototype.seg`."""
        got = self.funcs.get(q)
        if got is None:
            return []
        m = got[1]
        out: list = []
        for a in self.locals.get((q, f"this.{seg}"), []) + \
                self.locals.get((m.key, f"{q.rsplit('.', 1)[-1]}.prototype.{seg}"), []):
            vals = self.eval(m, a["func"], a["value"])
            if not vals and (a.get("value") or {}).get("kind") == "lambda":
                # a function written in place: the closure the indexer named by its line
                cand = f"{a['func']}.<anonymous@{a['line']}>"
                if cand in self.funcs:
                    vals = [("func", cand)]
            out.extend(v for v in vals if v not in out)
        return out

    def _all_subclasses(self, q: str) -> set[str]:
        out: set[str] = set()
        todo = [q]
        while todo:
            cur = todo.pop()
            for s in self.subclasses.get(cur, set()) | self.implementers.get(cur, set()):
                if s not in out:
                    out.add(s)
                    todo.append(s)
        return out

    def _all_implementers(self, q: str) -> set[str]:
        if q in self._impl_cache:
            return self._impl_cache[q]
        self._impl_cache[q] = set()
        out = set()
        for i in self.implementers.get(q, ()):
            out.add(i)
            out |= self._all_subclasses(i)
        # interfaces extending this one
        for iq, (c, m) in self.classes.items():
            if c["kind"] == "interface" and iq != q and any(
                    v[1] == q for b in c.get("bases", [])
                    for v in self.type_values(m, iq, b, as_class=True)):
                out |= self._all_implementers(iq)
        self._impl_cache[q] = out
        return out

    def _field_values(self, q: str, seg: str, seen: set | None = None) -> list:
        """The values field `seg` of class `q` holds. Remembered per (class, field), the entry
        answering [] while it is being computed: classes whose fields are assigned from each
        other's members (`this.a = this.b.c`, `this.b = this.a.d`) otherwise re-evaluate the
        same fields along every path up to the depth limit, exponentially."""
        return self._remembered(self._field_cache, (q, seg),
                                lambda: self._field_values_of(q, seg, seen), False)

    def _remembered(self, cache: dict, key, compute, recursion_cuts: bool) -> list:
        """`compute()`, remembered in `cache` under `key` unless the depth limit (`eval`) cut it
        short. While it is computed, the entry answers a recursive ask with nothing: as a final
        answer (`recursion_cuts` False), or as one cut short too, so that nothing built on the
        partial answer is remembered (`recursion_cuts` True)."""
        if key in cache:
            got = cache[key]
            if got is _COMPUTING:
                self._cut = True
                return []
            return got
        cache[key] = _COMPUTING if recursion_cuts else []
        outer_cut, self._cut = self._cut, False
        got = compute()
        if self._cut:
            del cache[key]
        else:
            cache[key] = got
        self._cut = self._cut or outer_cut
        return got

    def _field_values_of(self, q: str, seg: str, seen: set | None = None) -> list:
        seen = seen if seen is not None else set()
        if q in seen or q not in self.classes:
            return []
        seen.add(q)
        c, m = self.classes[q]
        t = c.get("fields", {}).get(seg)
        if t:
            vals = self.type_values(m, q, t)
            if vals:
                return vals
        # `this.x = value` in the class's methods (JavaScript, untyped fields)
        out: list = []
        for meth in c.get("methods", []):
            mq = f"{q}.{meth}"
            for a in self.locals.get((mq, f"this.{seg}"), []):
                for v in self.eval(m, mq, a["value"]):
                    if v not in out:
                        out.append(v)
        for a in self.locals.get((q, f"this.{seg}"), []):
            out.extend(v for v in self.eval(m, q, a["value"]) if v not in out)
        if out:
            return out
        for base in c.get("bases", []):
            for bv in self.type_values(m, q, base, as_class=True):
                r = self._field_values(bv[1], seg, seen)
                if r:
                    return r
        return []

    # -- graph -----------------------------------------------------------------------------
    def build(self, cg) -> None:
        for m in self.by_path.values():
            path = m.fx["path"]
            for f in m.fx.get("functions", []):
                cg.add_function(f["qname"], name=f["name"], file=path, line=f["line"],
                                kind=f["kind"], language=LANG, end_line=f["end_line"])
            for c in m.fx.get("classes", []):
                if c["kind"] != "interface" and c["qname"] not in cg.g:
                    cg.add_function(c["qname"], name=c["name"], file=path, line=c["line"],
                                    kind="class", language=LANG, end_line=c["end_line"])
        for m in self.by_path.values():
            path = m.fx["path"]
            for f in m.fx.get("functions", []):
                if f.get("parent") and (f["kind"] == "module" or (  # namespace bodies run too
                        f["kind"] == "closure" and f["name"].startswith("<anonymous"))):
                    cg.add_call(f["parent"], f["qname"], file=path, line=f["line"],
                                resolved=True)
            for use in (m.fx.get("extra") or {}).get("jsx", []):
                # a rendered component is called by React: an edge only when it is ours
                try:
                    vals = self.chain_values(m, use["caller"], use["chain"])
                except (RecursionError, KeyError, TypeError, ValueError) as exc:
                    self.failures.append(f"{path}:{use['line']}: {type(exc).__name__}")
                    continue
                for v in vals:
                    if v[0] == "func" and v[1] in cg.g:
                        cg.add_call(use["caller"], v[1], file=path, line=use["line"],
                                    resolved=True)
            for call in m.fx.get("calls", []):
                try:
                    self._call_edges(cg, m, call)
                except (RecursionError, KeyError, TypeError, ValueError) as exc:
                    # a bug here must cost one edge, not the graph; it stays visible
                    self.failures.append(f"{path}:{call.get('line')}: {type(exc).__name__}")
                    cg.add_call(call["caller"], " ".join(call["callee"].split())[:80],
                                file=path, line=call.get("line", 0), resolved=False)
        if self.failures:
            cg.g.graph.setdefault("errors", []).extend(
                {"file": f.split(":", 1)[0], "stage": "graph", "message": f}
                for f in self.failures[:50])

    def _call_edges(self, cg, m: _Module, call: dict) -> None:
        path = m.fx["path"]
        caller = call["caller"]
        line = call["line"]
        ch = call.get("chain")
        targets: list[str] = []
        unresolved = None
        if call.get("target"):  # an immediately invoked function
            targets.append(call["target"])
        elif ch:
            if call.get("new"):
                for v in self.chain_values(m, caller, ch):
                    if v[0] == "class":
                        targets.append(self._constructor(v[1]))
                    elif v[0] == "ext" and unresolved is None:
                        unresolved = v[1]
            elif ch == ["super"]:
                cls = self._scope_class(caller)
                if cls:
                    c, cm = self.classes[cls]
                    for base in c.get("bases", []):
                        for v in self.type_values(cm, cls, base, as_class=True):
                            if v[0] == "class":
                                targets.append(self._constructor(v[1]))
                            elif v[0] == "ext":
                                unresolved = v[1]
                        if unresolved is None and not targets:
                            unresolved = _type_name(base) or base  # `extends Error`
            else:
                for v in self.chain_values(m, caller, ch):
                    if v[0] == "func":
                        targets.append(v[1])
                    elif v[0] == "class":
                        targets.append(self._constructor(v[1]))
                    elif v[0] == "ext" and unresolved is None:
                        unresolved = v[1]
            if unresolved is None:
                unresolved = ".".join(ch)
        elif call.get("object"):
            for v in self.eval(m, caller, call["object"]):
                for w in self.member(v, call["name"]):
                    if w[0] == "func":
                        targets.append(w[1])
                    elif w[0] == "ext" and unresolved is None:
                        unresolved = w[1]
            if unresolved is None:
                unresolved = "(…)." + call["name"]
        else:
            unresolved = ("(…)." + call["name"]) if call.get("receiver") else \
                " ".join(call["callee"].split())[:80]
        for t in targets:
            if t not in cg.g:
                continue
            cg.add_call(caller, t, file=path, line=line, resolved=True)
        if not targets:
            cg.add_call(caller, unresolved, file=path, line=line, resolved=False)
        # functions passed as arguments (handlers, callbacks) may be called by the callee
        for a in call.get("args", []):
            if a.get("kind") in ("name", "attr") or (a.get("kind") == "call" and
                                                      (a.get("chain") or [""])[-1] == "bind"):
                for v in self.eval(m, caller, a):
                    if v[0] == "func" and v[1] in cg.g and v[1] != caller:
                        cg.add_call(caller, v[1], file=path, line=line, resolved=True)

    def _constructor(self, q: str) -> str:
        seen = set()
        cur = q
        while cur in self.classes and cur not in seen:
            seen.add(cur)
            if f"{cur}.constructor" in self.funcs:
                return f"{cur}.constructor"
            c, m = self.classes[cur]
            nxt = None
            for base in c.get("bases", []):
                for v in self.type_values(m, cur, base, as_class=True):
                    if v[0] == "class":
                        nxt = v[1]
            if nxt is None:
                break
            cur = nxt
        return q

    # -- handler references (endpoints stage) ------------------------------------------------
    def resolve_ref(self, file: str, scope: str, expr_text: str) -> str | None:
        m = self.by_path.get(file)
        if m is None or not expr_text:
            return None
        e = _parse_expr(expr_text)
        if e is None:
            return None
        scope = scope or m.key
        if scope not in self.funcs:
            scope = m.key
        for cand in [e] + [p for p in e.get("parts", []) if e.get("kind") == "call"]:
            for v in self.eval(m, scope, cand):
                if v[0] == "func":
                    return v[1]
        return None


    def resolve_binding(self, file: str, scope: str, name: str) -> str | None:
        """Where a module-level name is defined, through imports and re-exports:
        `usersRouter` in app.ts -> `src/routes/users.routes.router`. For routers and apps,
        which are values, not functions."""
        m = self.by_path.get(file)
        if m is None or not name.isidentifier():
            return None
        key, local = m.key, name
        for _ in range(20):
            mod = self.mods.get(key)
            if mod is None:
                return None
            imp = mod.imports.get(local)
            if imp is None:
                return f"{key}.{local}" if (key, local) in self.locals or local in mod.bindings \
                    else None
            target = self.module_for(mod.fx["path"], imp["target"])
            if target is None or imp.get("name") in ("*", None):
                return None
            nxt = self._export_origin(target, imp["name"] or "default", set())
            if nxt is None:
                return None
            key, local = nxt
        return None

    def export_origin(self, file: str, name: str) -> str | None:
        """`module.local` of what the module of `file` exports as `name`, followed through
        `export { handler as GET }` and `export { POST } from "..."` (module paths taken
        literally, a Next.js `[id]` segment included); None for a name the module does not
        export itself (`export const { GET } = lib(...)`: a library's values)."""
        m = self.by_path.get(file)
        got = self._export_origin(m.key, name, set()) if m is not None else None
        return f"{got[0]}.{got[1]}" if got else None

    def _export_origin(self, key: str, name: str, seen: set) -> tuple[str, str] | None:
        if (key, name) in seen or key not in self.mods:
            return None
        seen.add((key, name))
        m = self.mods[key]
        for e in m.exports:
            if e.get("name") == name and not e.get("all"):
                if e.get("source") is None:
                    return key, e["local"]
                t = self.module_for(m.fx["path"], e["source"])
                return self._export_origin(t, e.get("imported", name), seen) if t else None
        for e in m.exports:
            if e.get("all") and name != "default":
                t = self.module_for(m.fx["path"], e["source"])
                r = self._export_origin(t, name, seen) if t else None
                if r:
                    return r
        if any(v.get("name") == name for v in (m.fx.get("extra") or {}).get("value_exports") or ()):
            return key, name  # destructured from a value the module's top-level code makes
        return None


def _parse_expr(text: str) -> dict | None:
    """An expression's record, as the indexer would build it, from its source text."""
    from auditor.index.facts import FileFacts
    from auditor.index.typescript import _Indexer
    from auditor.parse import ts_parse

    data = ("(" + text + ");").encode("utf-8")
    tree = ts_parse("typescript", data)
    root = tree.root_node
    if not root.named_child_count:
        return None
    stmt = root.named_children[0]
    if stmt.type != "expression_statement" or not stmt.named_child_count:
        return None
    ix = _Indexer("<expr>", data, FileFacts(path="<expr>", language="typescript"))
    return ix.expr(stmt.named_children[0])


_PATTERN_NAME = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*(?![\w$]|\s*:)")


def _pattern_names(text: str) -> list[str]:
    """Local names a destructuring pattern binds: `{ a, b: c, ...d }` -> a, c, d."""
    return _PATTERN_NAME.findall(text.replace("...", " "))


def _rank(path: str) -> int:
    return 2 if path.endswith(".d.ts") else 0 if path.endswith((".ts", ".tsx")) else 1


def _strip_ext(p: str) -> str:
    for ext in (".tsx", ".ts", ".jsx", ".js", ".mjs", ".cjs", ".mts", ".cts"):
        if p.endswith(ext):
            return p[: -len(ext)]
    return p


def _split_top(t: str, sep: str) -> list[str]:
    """Split on `sep` outside <>, (), [], {}: `Promise<A | B> | null` -> two parts."""
    parts, depth, cur = [], 0, []
    for ch in t:
        if ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts]


def _type_name(text: str) -> str:
    """`Readonly<Repo> | null` -> `Repo`; `Promise<User | null>` -> `User`; arrays -> ''."""
    t = text.strip()
    for _ in range(6):
        t = t.strip()
        if t.startswith("readonly "):
            t = t[9:].strip()
        parts = [p for p in _split_top(t, "|") if p not in ("null", "undefined", "")]
        t = parts[0] if parts else ""
        lt = t.find("<")
        if lt > 0 and t.endswith(">") and t[:lt].strip() in _WRAPPER_TYPES:
            t = t[lt + 1:-1]
            continue
        break
    if t.endswith("]"):
        return ""
    lt = t.find("<")
    if lt > 0:
        t = t[:lt]
    t = t.strip()
    return t if re.match(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$", t) else ""


def _dicts(exprs: list[dict]):
    stack = list(exprs)
    n = 0
    while stack and n < 500:
        e = stack.pop()
        n += 1
        if not isinstance(e, dict):
            continue
        if e.get("kind") == "dict":
            yield e
        stack.extend(e.get("parts", []) or [])
