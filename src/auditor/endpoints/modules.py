"""Which file an import names, for Python and TS/JS route ops: `from api.x402.routes import
router as x402_router`, `import users from './routes/users'`. Go needs none of this: its routers
travel through function parameters, which the replay binds."""
from __future__ import annotations

import posixpath
import re

TS_EXT = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs")


def python_modules(facts: dict[str, dict]) -> dict[str, str]:
    """Dotted module name (every suffix of the path, for src layouts) -> file."""
    py_modules: dict[str, str] = {}
    for path, fx in facts.items():
        if fx.get("language") == "python":
            mod = path[:-3] if path.endswith(".py") else path
            if mod.endswith("/__init__"):
                mod = mod[: -len("/__init__")]
            parts = mod.split("/")
            for i in range(len(parts)):  # every suffix: src layouts, apps in subfolders
                py_modules.setdefault(".".join(parts[i:]), path)
    return py_modules


# folder names that say "example" without saying "test": a Django app named `examples` (the
# dataset examples of an annotation tool), a `samples` package the views import
_SAMPLE_DIR = re.compile(r"(?i)(^|/)(examples?|demos?|samples?)(?=/)")


def production_paths(facts: dict[str, dict]) -> set[str]:
    """The files whose routes are the application's: every file that is not test code
    (`checks.base.is_test_path`), plus a file that is test code only because a folder on its
    path is named examples/demos/samples, or a Python module that is test code only by its
    own name (`routers/tests.py`, `routers/test_types.py`: the names pytest and Django
    discover), when production code imports it or mounts it (`from examples.views import
    X`, `from app.routers.tests import router`, Django `include("examples.urls")`),
    followed through what those files import in turn. An examples folder or a `tests.py`
    that nothing of the application imports (a library's usage examples, a demo server, an
    app's test module) stays out."""
    from auditor.checks.base import is_test_path

    prod = {p for p in facts if not is_test_path(p)}
    maybe = {p for p in facts if p not in prod and (
        (_SAMPLE_DIR.search(p) and not is_test_path(_SAMPLE_DIR.sub(r"\1x", p))) or
        (p.endswith(".py") and not p.endswith("conftest.py") and
         not is_test_path(p.rsplit("/", 1)[0] + "/x.py" if "/" in p else "x.py")))}
    if not maybe:
        return prod
    imports = build_imports(facts)
    py_modules = None
    todo = list(prod)
    while todo and maybe:
        path = todo.pop()
        reached = [t for t, _name in imports.get(path, {}).values()]
        for op in facts[path].get("routes", ()):
            child = op.get("child") if op.get("op") == "mount" else None
            if isinstance(child, str) and child.startswith("module:"):
                if py_modules is None:
                    py_modules = python_modules(facts)
                reached.append(py_modules.get(child[7:]))
        for t in reached:
            if t in maybe:
                maybe.discard(t)
                prod.add(t)
                todo.append(t)
    return prod


def build_imports(facts: dict[str, dict],
                  graph=None) -> dict[str, dict[str, tuple[str, str]]]:
    """alias -> (target file, imported name) per file. A TypeScript/JavaScript specifier that
    is not relative is resolved the way the compiler does, through the `paths`/`baseUrl` of
    the tsconfig/jsconfig nearest the importing file (`@server/routes` with
    `"@server/*": ["*"]`), when the call graph's module resolver is at hand."""
    py_modules = python_modules(facts)
    ts_alias = _ts_alias_resolver(graph)
    files = set(facts)
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for path, fx in facts.items():
        python = fx.get("language") == "python"
        for op in fx.get("routes", []):
            if op.get("op") != "import":
                continue
            if python:
                target, name = _py_import(facts, path, op, py_modules)
            else:
                target, name = _ts_target(path, op["module"], files, ts_alias), op.get("name")
            if target:
                out.setdefault(path, {})[op["alias"]] = (target, name or "")
        if python and fx.get("imports"):
            # the module-level imports the route ops do not hold (a package `__init__.py`
            # re-exporting a router: `from .router import router`, `from .router import *`)
            mine = out.setdefault(path, {})
            stars = 0
            for imp in fx["imports"]:
                if imp.get("scope") != fx.get("module") or imp.get("alias") in mine:
                    continue
                if imp.get("name") == "*":
                    tfile = py_modules.get(imp.get("target") or "")
                    if tfile and tfile != path:
                        mine[f"*py:{stars}"] = (tfile, "")
                        stars += 1
                    continue
                op = {"alias": imp["alias"], "module": imp.get("target") or "",
                      "name": imp.get("name") if imp.get("name") != imp.get("target") else "",
                      "level": 0}
                target, name = _py_import(facts, path, op, py_modules)
                if target and target != path:
                    mine[imp["alias"]] = (target, name or "")
            if not mine:
                del out[path]
    return out


def _py_import(facts: dict, path: str, op: dict, py_modules: dict) -> tuple:
    """(file, name) a Python import binds: `from pkg import x` is the package's attribute `x`
    when its `__init__.py` binds one (Python reads the attribute first), else the submodule
    `pkg/x.py`, else the name `x` of module `pkg`."""
    if op.get("name"):
        mod = op["module"]
        joined = (mod + "." + op["name"]) if mod.strip(".") else mod + op["name"]
        sub = _py_target(path, {**op, "module": joined}, py_modules)
        if sub:
            pkg = _py_target(path, op, py_modules)
            if not (pkg and pkg != path and pkg.endswith("__init__.py") and
                    _py_binds(facts, pkg, op["name"], py_modules, sub)):
                return sub, ""
    return _py_target(path, op, py_modules), op.get("name") or ""


def _py_binds(facts: dict, file: str, name: str, py_modules: dict, sub: str,
              depth: int = 0) -> bool:
    """Whether module `file` binds `name` at its top level to something other than its
    submodule `sub`: assigned there, imported under that name (not `from . import name`), or
    brought in by a star import of a module that binds it."""
    fx = facts.get(file) or {}
    module = fx.get("module")
    for a in fx.get("assigns") or ():
        if a.get("func") == module and a.get("target") == name:
            return True
    for imp in fx.get("imports") or ():
        if imp.get("scope") != module:
            continue
        target = imp.get("target") or ""
        if imp.get("alias") == name:
            if py_modules.get(f"{target}.{imp.get('name')}") != sub and \
                    py_modules.get(target) != sub:
                return True
        elif imp.get("name") == "*" and depth < 3:
            tfile = py_modules.get(target)
            # (`from .router import *` of the submodule `router` itself: its `router` variable,
            # if it has one, replaces the submodule as the package's attribute)
            if tfile and tfile != file and \
                    _py_binds(facts, tfile, name, py_modules, sub, depth + 1):
                return True
    return False


def _py_target(path: str, op: dict, modules: dict[str, str]) -> str | None:
    module = op["module"]
    level = op.get("level", 0)
    if level:
        base = posixpath.dirname(path)
        for _ in range(level - 1):
            base = posixpath.dirname(base)
        rel = module.lstrip(".")
        cand = posixpath.join(base, *rel.split(".")) if rel else base
        for c in (cand + ".py", cand + "/__init__.py"):
            if c in modules.values():
                return c
        return None
    return modules.get(module)


def _ts_module_resolver(graph):
    """The call graph's TypeScript module resolver (what its `typescript` reference resolver
    is bound to), or None."""
    ref = getattr(graph, "ref_resolvers", {}).get("typescript") if graph is not None else None
    return getattr(ref, "__self__", None)


def _ts_alias_resolver(graph):
    """fn(importing file, specifier) -> file, from the TypeScript module resolver of the call
    graph (tsconfig/jsconfig `paths` and `baseUrl`, `extends` merged), or None."""
    owner = _ts_module_resolver(graph)
    if owner is None or not hasattr(owner, "module_for"):
        return None

    def resolve(path: str, spec: str) -> str | None:
        key = owner.module_for(path, spec)
        mod = owner.mods.get(key) if key else None
        return mod.fx.get("path") if mod is not None else None
    return resolve


def ts_project_spec(graph, path: str, spec: str) -> bool:
    """Whether `spec`, imported by `path`, names the project's own code (a tsconfig alias or a
    workspace package), even when the scan does not hold it."""
    owner = _ts_module_resolver(graph)
    return bool(owner is not None and hasattr(owner, "project_spec") and
                owner.project_spec(path, spec))


def _ts_target(path: str, spec: str, files: set[str], ts_alias=None) -> str | None:
    if not spec.startswith("."):
        found = ts_alias(path, spec) if ts_alias is not None else None
        if found in files:
            return found
        if spec.startswith("@/"):
            spec_path = "src/" + spec[2:]
            cands = [spec_path, spec[2:]]
        else:
            return None
    else:
        cands = [posixpath.normpath(posixpath.join(posixpath.dirname(path), spec))]
    for c in cands:
        if c in files:
            return c
        stem = c.rsplit(".", 1)[0] if c.endswith((".js", ".mjs", ".cjs")) else c
        for ext in TS_EXT:
            if stem + ext in files:
                return stem + ext
            if f"{stem}/index{ext}" in files:
                return f"{stem}/index{ext}"
    return None
