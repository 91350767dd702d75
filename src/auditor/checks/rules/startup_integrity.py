"""A Python module imports a name its source module does not define, or reads at import time an
attribute its configuration object does not have.

What it finds:
`from pkg.mod import Name` where `pkg.mod` is a module of the scanned tree that defines no
`Name` (no function, class, assignment or import of it, no submodule of that name, no module
`__getattr__` and no star import that could supply it); and `name.attr` read at module level
(executed when the module is imported) where `name` is bound at module level to an instance of a
class of the tree - built directly, or returned by a function annotated to return it - and the
class declares no `attr` (fields, class attributes, methods, properties, `self.attr`
assignments, those of base classes of the tree). Imports guarded by `try/except` or
`if TYPE_CHECKING:` are skipped, and so are classes with a base outside the tree (a pydantic
`BaseSettings`, an ORM model: their attributes are not all declared) or a `__getattr__`.
A module-level import or read is reported as a startup failure (the module cannot be
imported, so the app that imports it cannot start); one inside a function fails when the
function runs.

Why it matters:
The service looks complete and passes review, but it cannot boot, or crashes on the first
request that reaches the function: health and readiness checks never answer 200.

Example:
    @dataclass
    class X402Config:
        enabled: bool

    x402_config = get_x402_config()      # -> X402Config
    if x402_config.middleware_enabled:   # AttributeError when the module is imported
        app.add_middleware(X402Middleware)

Fix:
Declare the attribute (or import the name that exists: `SyncSessionLocal`, not
`SessionLocal`), and start the app once in CI (`python -c "import app.main"`).
"""
from __future__ import annotations

from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.model import Finding

_POS = '''from dataclasses import dataclass


@dataclass
class PaymentConfig:
    enabled: bool
    price: float


def get_config() -> PaymentConfig:
    return PaymentConfig(enabled=True, price=0.1)


config = get_config()
if config.middleware_enabled:
    print("payments on")
'''
_NEG = '''from dataclasses import dataclass
from pydantic_settings import BaseSettings


@dataclass
class PaymentConfig:
    enabled: bool
    price: float

    @property
    def middleware_enabled(self) -> bool:
        return self.enabled


class Settings(BaseSettings):
    debug: bool = False


config = PaymentConfig(enabled=True, price=0.1)
settings = Settings()
if config.middleware_enabled and config.price and settings.anything_pydantic_allows:
    print("payments on")

try:
    from fast_json import dumps
except ImportError:
    from json import dumps
'''

_EXTERNAL_OK = {"object", "Generic", "Protocol", "NamedTuple", "TypedDict", "ABC"}
# what every instance of a class has from `object` and from its class statement
# (`x.__class__`, `x.__dict__`, `x.__module__`)
_EVERY_INSTANCE = frozenset(dir(object())) | {"__dict__", "__module__", "__weakref__"}


def _writes_own_namespace(fx: dict, module: str) -> bool:
    """Whether the module's top-level code hands its namespace to other code, which can bind
    any name no statement spells: `globals()` (protobuf's generated `_pb2` modules pass it to
    `_builder.BuildTopDescriptorsAndMessages`, which defines every message class there),
    `vars()` / `locals()` without arguments, or `sys.modules[__name__]`."""
    for c in fx.get("calls") or ():
        if c.get("caller") != module:
            continue
        callee = c.get("callee") or ""
        if callee == "globals" or callee in ("vars", "locals") and not c.get("args"):
            return True
        if callee == "setattr" and "sys.modules" in str((c.get("args") or [{}])[0].get("text")):
            return True
    return False


class StartupIntegrity(Rule):
    __doc__ = __doc__
    id = "startup-integrity"
    name = "BrokenImportOrAttribute"
    category = "other"
    cwe = ("CWE-476",)
    severity = "high"
    confidence = "high"
    scope = "project"
    languages = ("python",)
    positive = [Example("python", _POS, "app/main.py")]
    negative = [Example("python", _NEG, "app/main.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        tree = _Tree(ctx.facts)
        if not tree.modules:
            return
        for path, fx in ctx.facts.items():
            if fx.get("language") != "python":
                continue
            mod = fx.get("module", "")
            for imp in fx.get("imports") or ():
                name = imp.get("name")
                if not name or name == "*" or imp.get("guarded"):
                    continue
                target = imp.get("target", "")
                if target not in tree.modules or tree.defines(target, name) is not False:
                    continue
                at_import = imp.get("scope") == mod
                where = tree.path_of(target)
                yield self.finding(
                    path, imp.get("line", 1),
                    f"`from {target} import {name}`: {where} defines no `{name}`; "
                    + ("the module cannot be imported, so what imports it cannot start"
                       if at_import else "this import fails when the function runs"),
                    snippet=f"from {target} import {name}", related=[(where, 1)],
                    severity="high" if at_import else "medium")
            for base, attr, line in (fx.get("extra") or {}).get("module_attr_reads", ()):
                cls = tree.instance_class(path, base)
                if cls is None:
                    continue
                attrs = tree.class_attributes(cls)
                if attrs is None or attr in attrs:
                    continue
                cpath, crec = cls
                yield self.finding(
                    path, line,
                    f"`{base}.{attr}` is read when the module is imported, but {crec['name']} "
                    f"({cpath}:{crec.get('line', 1)}) declares no `{attr}`: AttributeError, the "
                    "module cannot be imported and what imports it cannot start",
                    snippet=f"{base}.{attr}", related=[(cpath, crec.get("line", 1))])


class _Tree:
    """The Python modules of the tree and what each defines, from the per-file facts."""

    def __init__(self, facts: dict[str, dict]) -> None:
        self.modules: dict[str, tuple[str, dict]] = {}
        self.by_path: dict[str, dict] = {}
        for path, fx in facts.items():
            if fx.get("language") == "python" and fx.get("module"):
                self.modules.setdefault(fx["module"], (path, fx))
                self.by_path[path] = fx

    def path_of(self, module: str) -> str:
        return self.modules[module][0]

    def _module_rec(self, module: str) -> dict:
        fx = self.modules[module][1]
        return next((f for f in fx.get("functions") or () if f.get("kind") == "module"), {})

    def defines(self, module: str, name: str) -> bool | None:
        """True / False, or None when it cannot be known (star import, module __getattr__)."""
        fx = self.modules[module][1]
        if name in (self._module_rec(module).get("locals") or ()):
            return True
        if f"{module}.{name}" in self.modules:  # a submodule of a package
            return True
        if any(i.get("name") == "*" and i.get("scope") == module for i in fx.get("imports") or ()):
            return None
        if "__getattr__" in (self._module_rec(module).get("locals") or ()):
            return None
        if _writes_own_namespace(fx, module):
            return None
        return False

    def _lookup(self, module: str, name: str, depth: int = 0):
        """What `name` is in `module`: ("class", path, rec) / ("function", path, rec) / None,
        following imports of the tree (re-exports) a few levels."""
        if module not in self.modules or depth > 4:
            return None
        path, fx = self.modules[module]
        for c in fx.get("classes") or ():
            if c.get("name") == name and c.get("scope") == module:
                return ("class", path, c)
        for f in fx.get("functions") or ():
            if f.get("name") == name and f.get("scope") == module and f.get("kind") != "module":
                return ("function", path, f)
        for i in fx.get("imports") or ():
            if i.get("alias") == name and i.get("scope") == module and i.get("name"):
                return self._lookup(i.get("target", ""), i["name"], depth + 1)
        return None

    def _resolve_callee(self, module: str, callee: str):
        head, _, rest = callee.partition(".")
        if not rest:
            return self._lookup(module, callee)
        fx = self.modules[module][1]
        for i in fx.get("imports") or ():
            if i.get("alias") != head or i.get("scope") != module or "." in rest:
                continue
            # `import pkg.mod as head` or `from pkg import mod` (a module of the tree)
            target = i.get("target", "") if not i.get("name") else f"{i.get('target')}.{i['name']}"
            if target in self.modules:
                return self._lookup(target, rest)
        return None

    def instance_class(self, path: str, base: str):
        """(path, class record) of what the module-level name `base` of the file at `path` is
        bound to, when that is certain: one module-level assignment, from a call of a class of
        the tree or of a function annotated to return one."""
        fx = self.by_path.get(path)
        if fx is None or fx.get("module") not in self.modules:
            return None
        module = fx["module"]
        binds = [a for a in fx.get("assigns") or ()
                 if a.get("func") == module and a.get("target") == base]
        if len(binds) != 1 or any(base in (f.get("globals") or ()) for f in fx.get("functions") or ()):
            return None
        value = binds[0].get("value") or {}
        if value.get("kind") != "call" or not value.get("callee"):
            return None
        found = self._resolve_callee(module, value["callee"])
        if found is None:
            return None
        kind, fpath, rec = found
        if kind == "class":
            return fpath, rec
        rets = [r for r in rec.get("returns") or () if r]
        if len(rets) != 1:
            return None
        cls_name = _unwrap(rets[0])
        if not cls_name or "." in cls_name:
            return None
        got = self._lookup(rec.get("scope") or "", cls_name)
        if got is None or got[0] != "class":
            return None
        return got[1], got[2]

    def class_attributes(self, cls, depth: int = 0) -> set[str] | None:
        """Every attribute the class declares; None when that cannot be known."""
        path, rec = cls
        if depth > 6:
            return None
        attrs = set(rec.get("fields") or ()) | set(rec.get("locals") or ()) | \
            set(rec.get("methods") or ())
        if "__getattr__" in attrs or "__getattribute__" in attrs:
            return None  # declared by the class itself: any attribute may answer
        attrs |= _EVERY_INSTANCE
        fx = self.by_path.get(path)
        qname = rec.get("qname", "")
        for a in (fx or {}).get("assigns") or ():
            tgt = a.get("target", "")
            if tgt.startswith("self.") and str(a.get("func", "")).startswith(qname + "."):
                attrs.add(tgt[5:].split(".")[0].split("[")[0])
        module = rec.get("scope") or ""
        for b in rec.get("bases") or ():
            short = b.rsplit(".", 1)[-1]
            if short in _EXTERNAL_OK:
                continue
            got = self._lookup(module, b) if "." not in b else self._resolve_callee(module, b)
            if got is None or got[0] != "class":
                return None  # a base outside the tree: its attributes are unknown
            inherited = self.class_attributes((got[1], got[2]), depth + 1)
            if inherited is None:
                return None
            attrs |= inherited
        return attrs


def _unwrap(annotation: str) -> str:
    """`Optional[X]` / `X | None` / `"X"` -> `X`; anything else with brackets -> ""."""
    a = annotation.strip().strip("'\"")
    if a.startswith("Optional[") and a.endswith("]"):
        a = a[9:-1].strip()
    if "|" in a:
        parts = [p.strip() for p in a.split("|") if p.strip() != "None"]
        a = parts[0] if len(parts) == 1 else ""
    return "" if "[" in a else a
