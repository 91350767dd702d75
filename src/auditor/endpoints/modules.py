"""Which file an import names, for Python and TS/JS route ops: `from api.x402.routes import
router as x402_router`, `import users from './routes/users'`. Go needs none of this: its routers
travel through function parameters, which the replay binds."""
from __future__ import annotations

import posixpath

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


def build_imports(facts: dict[str, dict]) -> dict[str, dict[str, tuple[str, str]]]:
    py_modules = python_modules(facts)
    files = set(facts)
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for path, fx in facts.items():
        for op in fx.get("routes", []):
            if op.get("op") != "import":
                continue
            if fx.get("language") == "python":
                if op.get("name"):
                    # `from pkg import module`: the name may be a submodule
                    mod = op["module"]
                    joined = (mod + "." + op["name"]) if mod.strip(".") else mod + op["name"]
                    sub = _py_target(path, {**op, "module": joined}, py_modules)
                    if sub:
                        out.setdefault(path, {})[op["alias"]] = (sub, "")
                        continue
                target = _py_target(path, op, py_modules)
            else:
                target = _ts_target(path, op["module"], files)
            if target:
                out.setdefault(path, {})[op["alias"]] = (target, op.get("name") or "")
    return out


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


def _ts_target(path: str, spec: str, files: set[str]) -> str | None:
    if not spec.startswith("."):
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
