"""String values of prefix expressions that are not literals: where the code keeps its prefixes.

`app.include_router(api, prefix=settings.API_V1_STR)` with `API_V1_STR: str = "/api/v1"` in a
settings class, `url_prefix=API_PREFIX` with a module constant, `f"{settings.api}/v2"`,
`os.getenv("API_PREFIX", "/api")`: each resolves to the value the code has when nothing in the
environment overrides it (settings defaults, getenv defaults). A name is resolved only when the
tree gives it one value; otherwise the prefix stays unknown and the route says so.
"""
from __future__ import annotations

import re

# one literal: its quote does not occur inside unescaped (`f"{A.PREFIX}" + "/login"` is two)
_STR = re.compile(r"""^[rbuRBU]{0,2}(['"])((?:\\.|(?!\1).)*)\1$""", re.S)
_FSTR = re.compile(r"""^[rR]?[fF][rR]?(['"])((?:\\.|(?!\1).)*)\1$""", re.S)
_GETENV = re.compile(r"""^(?:os\.)?(?:getenv|environ\.get)\(\s*(['"])[^'"]*\1\s*,\s*(.+)\)$""",
                     re.S)
_ATTR = re.compile(r"^[\w.]+(?:\(\))?\.(\w+)$")
# Flask's config: `app.config["URL_PREFIX"]`, `current_app.config.get("URL_PREFIX", "/x")`; the
# keys are the UPPERCASE attributes of the objects `config.from_object` loads (a config class or
# module), so a key has the value the tree gives that attribute
_CONFIG_KEY = re.compile(r"""^[\w.]*config(?:\[\s*(['"])([A-Z][A-Z0-9_]*)\1\s*\]|"""
                         r"""\.get\(\s*(['"])([A-Z][A-Z0-9_]*)\3\s*(?:,\s*(.+))?\))$""", re.S)
_NAME = re.compile(r"^\w+$")
# `"{}users/".format(settings.API_VERSION)`, `"%s/users" % API_PREFIX`: str.format and printf
# formatting of one literal
_FORMAT = re.compile(r"""^([rbuRBU]{0,2}(['"])(?:\\.|(?!\2).)*\2)\s*\.format\((.*)\)$""", re.S)
_PERCENT = re.compile(r"""^([rbuRBU]{0,2}(['"])(?:\\.|(?!\2).)*\2)\s*%\s*(.+)$""", re.S)
_FIELD = re.compile(r"\{(\w*)(?:![rsa])?(?::[^{}]*)?\}")


class Values:
    def __init__(self, facts: dict[str, dict]) -> None:
        self.consts: dict[str, set[str]] = {}
        self.attrs: dict[str, set[str]] = {}
        self.class_attrs: dict[str, set[str]] = {}  # "Class.ATTR"
        self.exprs: dict[str, set[str]] = {}  # module constants built from others (f-strings)
        self.url_prefixes: dict[str, set[str]] = {}  # Flask `bp = Blueprint(..., url_prefix=)`
        self.attr_types: dict[str, set[str]] = {}  # field -> the nested model classes it holds
        self.class_types: dict[str, set[str]] = {}  # "Class.field" -> its nested model class
        for fx in facts.values():
            for op in fx.get("routes", ()):
                if op.get("op") == "new" and op.get("kind") == "Blueprint" and \
                        isinstance(op.get("prefix"), str) and op.get("var"):
                    self.url_prefixes.setdefault(op["var"], set()).add(op["prefix"])
                elif op.get("op") == "const" and isinstance(op.get("value"), str):
                    self.consts.setdefault(op["name"], set()).add(op["value"])
                elif op.get("op") == "const" and isinstance(op.get("expr"), str):
                    self.exprs.setdefault(op["name"], set()).add(op["expr"])
                elif op.get("op") == "class":
                    for k, v in (op.get("attrs") or {}).items():
                        if isinstance(v, str):
                            self.attrs.setdefault(k, set()).add(v)
                            self.class_attrs.setdefault(f"{op.get('name')}.{k}", set()).add(v)
                    for k, v in (op.get("attr_types") or {}).items():
                        self.attr_types.setdefault(k, set()).add(v)
                        self.class_types.setdefault(f"{op.get('name')}.{k}", set()).add(v)

    def resolve(self, expr: str | None, depth: int = 0) -> str | None:
        if not expr or depth > 6:
            return None
        e = expr.strip()
        m = _STR.match(e)
        if m and not _FSTR.match(e):
            return m.group(2)
        m = _FSTR.match(e)
        if m:
            out, ok = [], True

            def sub(mm):
                nonlocal ok
                v = self.resolve(mm.group(1), depth + 1)
                if v is None:
                    ok = False
                    return ""
                return v
            out = re.sub(r"\{([^{}]+)\}", sub, m.group(2))
            return out if ok else None
        m = _FORMAT.match(e)
        if m:
            return self._format(self.resolve(m.group(1), depth + 1), m.group(3), depth)
        m = _PERCENT.match(e)
        if m:
            return self._percent(self.resolve(m.group(1), depth + 1), m.group(3), depth)
        if " + " in e:
            parts = [self.resolve(p, depth + 1) for p in e.split(" + ")]
            return "".join(parts) if all(p is not None for p in parts) else None
        m = _GETENV.match(e)
        if m:
            return self.resolve(m.group(2), depth + 1)
        m = _CONFIG_KEY.match(e)
        if m:
            key = m.group(2) or m.group(4)
            known = (self.attrs.get(key) or set()) | (self.consts.get(key) or set())
            if not known and m.group(5):
                return self.resolve(m.group(5), depth + 1)  # .get(KEY, default), KEY unset
            return _one(known)
        m = _ATTR.match(e)
        if m and m.group(1) == "url_prefix" and e.count(".") == 1:
            # `f"/api/{auth_blueprint.url_prefix}"`: what the blueprint was made with
            return _one(self.url_prefixes.get(e.split(".", 1)[0]))
        if m and (nested := self._nested(e)) is not None:
            return nested
        if m:
            # `BlockController.PREFIX`: that class's attribute where the tree's classes of that
            # name agree, else any object's attribute of that name with one value
            return _one(self.class_attrs.get(".".join(e.rsplit(".", 2)[-2:]))) or \
                _one(self.attrs.get(m.group(1))) or _one(self.consts.get(m.group(1)))
        if _NAME.match(e):
            if e in self.consts or e not in self.exprs:
                return _one(self.consts.get(e))
            got = {self.resolve(x, depth + 1) for x in self.exprs[e]}
            return _one(got) if None not in got else None
        return None

    def _nested(self, e: str) -> str | None:
        """`settings.api.v1.prefix` through nested settings models (`api: ApiPrefix =
        ApiPrefix()` in the settings class, `v1: ApiV1Prefix = ApiV1Prefix()` in ApiPrefix,
        `prefix: str = "/v1"` in ApiV1Prefix): from the first field whose class the tree gives
        one value, each further field's class, then the last field's default."""
        parts = e.replace("()", "").split(".")
        for i in range(1, len(parts) - 1):
            cls = _one(self.attr_types.get(parts[i]))
            if cls is None:
                continue
            for field in parts[i + 1:-1]:
                cls = _one(self.class_types.get(f"{cls}.{field}"))
                if cls is None:
                    return None
            return _one(self.class_attrs.get(f"{cls}.{parts[-1]}"))
        return None

    def _format(self, template: str | None, args: str, depth: int) -> str | None:
        """`str.format`: `{}` takes the next positional argument, `{0}` the one numbered,
        `{name}` the keyword; `{{` and `}}` are braces."""
        if template is None:
            return None
        pos, kw = [], {}
        for a in _split_args(args):
            k, eq, v = a.partition("=")
            if eq and _NAME.match(k.strip()) and not v.startswith("="):
                kw[k.strip()] = v
            else:
                pos.append(a)
        it = iter(range(len(pos)))
        ok = True

        def sub(mm):
            nonlocal ok
            key = mm.group(1)
            if key == "":
                i = next(it, None)
                arg = pos[i] if i is not None else None
            elif key.isdigit():
                arg = pos[int(key)] if int(key) < len(pos) else None
            else:
                arg = kw.get(key)
            v = self.resolve(arg, depth + 1) if arg is not None else None
            ok = ok and v is not None
            return v or ""
        parts = template.split("{{")
        out = "{".join("}".join(_FIELD.sub(sub, q) for q in p.split("}}")) for p in parts)
        return out if ok else None

    def _percent(self, template: str | None, args: str, depth: int) -> str | None:
        """printf formatting with `%s` only: one argument or a tuple of them."""
        if template is None:
            return None
        a = args.strip()
        items = _split_args(a[1:-1]) if a.startswith("(") and a.endswith(")") else [a]
        vals = [self.resolve(x, depth + 1) for x in items]
        pieces = template.replace("%%", "\0").split("%s")
        if None in vals or len(pieces) != len(vals) + 1 or "%" in "".join(pieces):
            return None
        out = pieces[0] + "".join(v + p for v, p in zip(vals, pieces[1:]))
        return out.replace("\0", "%")


def _split_args(args: str) -> list[str]:
    """The top-level comma-separated arguments of a call's argument text."""
    from auditor.endpoints.frameworks import top_terms

    return [t.strip() for t in top_terms(args, ",") if t.strip()]


def _one(values: set[str] | None) -> str | None:
    return next(iter(values)) if values and len(values) == 1 else None
