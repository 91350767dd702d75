"""A debug switch or debug endpoint left on in production code.

What it finds:
`app.run(debug=True)`, `FastAPI(debug=True)`, `Flask` `app.debug = True` /
`app.config["DEBUG"] = True`, Django `DEBUG = True` in a settings module (or a DEBUG that is
True unless the environment says otherwise: `env.bool("DJANGO_DEBUG", default=True)`,
`config("DEBUG", default=True, cast=bool)`, `os.getenv("DEBUG", "1") == "1"`), Go
`gin.SetMode(gin.DebugMode)`, the `net/http/pprof` handlers or Fiber's `pprof` middleware
mounted on the application, and Express's `errorhandler()` middleware. A value read from the
environment or configuration without such a default is not a finding; tests and examples are
skipped. A Django settings module is recognised by its path (settings, config), by its content
(module-level INSTALLED_APPS, ROOT_URLCONF, ALLOWED_HOSTS, WSGI_APPLICATION, or MIDDLEWARE with
DATABASES), or as the module that `DJANGO_SETTINGS_MODULE` names in manage.py, wsgi.py or asgi.py.

Why it matters:
Debug modes return stack traces and local variables to any client, and Werkzeug's debugger
runs arbitrary Python code from the browser; pprof exposes memory and goroutine dumps
(CWE-489, CWE-215).

Example:
    if __name__ == "__main__":
        app.run(host="0.0.0.0", debug=True)

Fix:
Read the debug flag from configuration that defaults to off, and mount profiling endpoints only
on an internal listener.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule, is_test_path
from auditor.checks.treeutil import MODULE, file_index, literal, unwrap
from auditor.model import Finding

PY_APPS = ("run", "FastAPI", "Flask", "Starlette", "run_simple")
_WORDS = {"python": (b"True", b"DEBUG", b"DJANGO_SETTINGS_MODULE"), "go": (b"SetMode", b"pprof"),
          "typescript": (b"errorhandler",), "tsx": (b"errorhandler",),
          "javascript": (b"errorhandler",)}


class DebugMode(Rule):
    __doc__ = __doc__
    id = "debug-mode"
    name = "DebugMode"
    category = "debug-mode"
    cwe = ("CWE-489",)
    severity = "medium"
    confidence = "high"
    precision = "high"
    positive = [
        Example("python", 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n'),
        Example("go", 'package main\n\nfunc main() {\n\tgin.SetMode(gin.DebugMode)\n}\n'),
        Example("typescript", 'import errorhandler from "errorhandler";\napp.use(errorhandler());\n'),
        # debug in the branch production takes (the else of a development check)
        Example("go", 'package mode\n\nfunc update(m string) {\n\tif m == "dev" {\n\t\tlog.Println(m)\n'
                      '\t} else {\n\t\tgin.SetMode(gin.DebugMode)\n\t}\n}\n'),
    ]
    negative = [
        Example("python", 'import os\nfrom fastapi import FastAPI\napp = FastAPI(debug=os.getenv("DEBUG") == "1")\n'),
        Example("go", 'package main\n\nfunc main() {\n\tgin.SetMode(gin.ReleaseMode)\n}\n'),
        Example("typescript", 'app.use(express.json());\n'),
        # the development module of settings split per environment
        Example("python", "DEBUG = True\nINSTALLED_APPS = ['django.contrib.admin']\n",
                "config/settings/development.py"),
        # the mode chosen by configuration: debug only in development
        Example("go", 'package mode\n\nfunc update(m string) {\n\tswitch m {\n\tcase Dev:\n'
                      '\t\tgin.SetMode(gin.DebugMode)\n\tcase Prod:\n\t\tgin.SetMode(gin.ReleaseMode)\n'
                      '\t}\n\tif cfg.Debug {\n\t\tgin.SetMode(gin.DebugMode)\n\t}\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if ctx.is_test or not any(w in ctx.data for w in _WORDS.get(ctx.language, (b"",))):
            return  # every finding of the language names one of its words
        idx = file_index(ctx)
        if idx is None:
            return
        hits: list = []
        python_true = b"True" in ctx.data  # every Python finding reads a literal `True`
        for call in idx.calls:
            if idx.lang == "python":
                if not python_true or not (call.name in PY_APPS or
                                           call.callee.endswith("uvicorn.run")):
                    continue  # the name before the keyword arguments, which few calls need
                dbg = call.kwargs.get("debug")
                if dbg is not None and idx.text(dbg) == "True":
                    hits.append((call.line, f"{call.callee}(debug=True) enables debug mode"))
            elif idx.lang == "go":
                if call.callee == "gin.SetMode" and call.args and \
                        idx.text(call.args[0]) in ("gin.DebugMode", '"debug"') and \
                        not _development_branch(call.node, idx):
                    hits.append((call.line, "gin.SetMode(gin.DebugMode) in production code"))
                if call.name == "New" and call.receiver == "pprof" and \
                        b"middleware/pprof" in ctx.data and not _development_branch(call.node, idx):
                    hits.append((call.line, "Fiber pprof middleware exposes profiling endpoints"))
            else:
                if call.callee == "errorhandler":
                    hits.append((call.line, "errorhandler() middleware returns stack traces"))
        m = re.search(rb'(?m)^[ \t]*(import[ \t]+)?_[ \t]+"net/http/pprof"', ctx.data) \
            if idx.lang == "go" and b'"net/http/pprof"' in ctx.data else None
        if m:
            hits.append((ctx.data[:m.start()].count(b"\n") + 1,
                         "net/http/pprof registers /debug/pprof on the default mux"))
        if idx.lang == "python":
            for m in _SETTINGS_MODULE.finditer(ctx.data):  # manage.py, wsgi.py, asgi.py
                named = ctx.facts.extra.setdefault("django_settings_modules", [])
                if m.group(1).decode() not in named:
                    named.append(m.group(1).decode())
            hits += self._django_debug(ctx, idx)
        if idx.lang == "python" and python_true:
            for func, names in idx.assigns.items():
                for name, values in names.items():
                    for value, op, line in values:
                        if value is None or idx.text(value) != "True":
                            continue
                        if name.endswith(".debug") and "config" not in name:
                            hits.append((line, f"{name} = True in production code"))
            for node in idx.strings:
                if literal(node, idx.data) == "DEBUG" and node.parent is not None and \
                        node.parent.type == "subscript":
                    stmt = node.parent.parent
                    if stmt is not None and stmt.type == "assignment" and \
                            idx.text(stmt.child_by_field_name("right") or stmt) == "True":
                        hits.append((stmt.start_point[0] + 1, 'config["DEBUG"] = True'))
        for line, msg in sorted(set(hits)):
            yield self.finding(ctx.path, line, msg, snippet=ctx.line_text(line))

    def _django_debug(self, ctx, idx) -> list:
        """Module-level `DEBUG = True`, or a DEBUG that is True unless the environment says
        otherwise (`env.bool("DJANGO_DEBUG", default=True)`, `config("DEBUG", default=True,
        cast=bool)`, `os.getenv("DEBUG", "True") == "True"`), in a Django settings module: one
        named settings/config by its path, or one that reads as Django settings (module-level
        INSTALLED_APPS, ROOT_URLCONF, ALLOWED_HOSTS..., see `is_django_settings`). Elsewhere the
        line is kept for the project part, which reports it when manage.py, wsgi.py or asgi.py
        names the module in DJANGO_SETTINGS_MODULE."""
        out = []
        values = idx.assigns.get(MODULE, {}).get("DEBUG") or ()
        if not values or _development_settings(ctx.path):
            return out
        by_path = PurePosixPath(ctx.path).name in ("settings.py", "config.py") or \
            "settings" in ctx.path
        settings = by_path or is_django_settings(idx)
        for value, op, line in values:
            if value is None or op == "index":
                continue
            text = idx.text(value, 200)
            if text == "True":
                msg = "DEBUG = True in production code"
            elif _true_by_default(value, idx):
                msg = (f"DEBUG is True unless the environment says otherwise ({text}): a "
                       "deployment that does not set it serves Django's debug pages (settings, "
                       "stack traces, SQL) to every client")
            else:
                continue
            if settings:
                out.append((line, msg))
            else:
                ctx.facts.extra.setdefault("debug_true_pending", []).append(
                    {"line": line, "message": msg, "snippet": ctx.line_text(line)})
        return out

    def check_project(self, ctx) -> Iterable[Finding]:
        """A DEBUG that is True (or True by default) in a module that DJANGO_SETTINGS_MODULE
        names (`os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.base")`), whatever
        its path and content."""
        named: set = set()
        pending = []
        for path, fx in ctx.facts.items():
            extra = fx.get("extra") or {}
            named.update(extra.get("django_settings_modules") or ())
            if extra.get("debug_true_pending") and not is_test_path(path):
                pending.append((path, extra["debug_true_pending"]))
        for path, hits in pending:
            dotted = path[:-3].replace("/", ".") if path.endswith(".py") else path
            module = next((m for m in named if dotted == m or dotted.endswith("." + m)
                           or m.endswith("." + dotted)), None)
            if module is None:
                continue
            for h in hits:
                yield self.finding(path, h["line"], f"{h['message']} (the settings module "
                                   f"{module} that DJANGO_SETTINGS_MODULE names)",
                                   snippet=h["snippet"])


# The development variant of settings split per environment (`settings/development.py`,
# cookiecutter-django's `config/settings/local.py`, `settings_dev.py`): DEBUG on there is the
# point; production runs another module (`settings/production.py`, `docker.py`).
_DEV_SETTINGS = re.compile(r"(^|/)settings/(dev|development|develop|local|test|tests|testing|ci)"
                           r"\.py$|(^|/)(settings_(dev|development|local|test)|"
                           r"(dev|development|test)_settings)\.py$")


def _development_settings(path: str) -> bool:
    return bool(_DEV_SETTINGS.search(path))


_SETTINGS_MODULE = re.compile(rb"""DJANGO_SETTINGS_MODULE['"]\s*[,\]]\s*=?\s*['"]([\w.]+)['"]""")
# module-level names only a Django settings module defines (MIDDLEWARE and DATABASES together)
_DJANGO_NAMES = frozenset({"INSTALLED_APPS", "ROOT_URLCONF", "WSGI_APPLICATION",
                           "ASGI_APPLICATION", "ALLOWED_HOSTS", "AUTH_USER_MODEL"})
_TRUE_TEXTS = frozenset({"true", "1", "yes", "on", "y", "t"})


# What a branch that only development runs is selected by: `case Dev:`, `if mode == "debug"`,
# `if cfg.Development {`.
_DEV_SELECTOR = re.compile(r"(?i)(^|[^a-z])(dev|debug|develop|development|local)([^a-z]|$)")


def _development_branch(node, idx) -> bool:
    """The call runs only in a branch that a development or debug mode selects (a `switch` case
    or an `if` on the mode): the mode is configuration, and production selects another branch
    (gotify's `switch Get() { case Dev: gin.SetMode(gin.DebugMode) case Prod: ...ReleaseMode }`).
    An `else` branch of such a condition is the opposite, not development."""
    child, n = node, node.parent
    while n is not None and n.type not in ("function_declaration", "method_declaration",
                                           "func_literal", "source_file"):
        if n.type == "expression_case":
            value = n.child_by_field_name("value")
            if value is not None and _DEV_SELECTOR.search(idx.text(value)):
                return True
        elif n.type == "if_statement":
            cond = n.child_by_field_name("condition")
            if n.child_by_field_name("consequence") == child and cond is not None and \
                    _DEV_SELECTOR.search(idx.text(cond)) and "!" not in idx.text(cond):
                return True
        child, n = n, n.parent
    return False


def is_django_settings(idx) -> bool:
    """A module that reads as Django settings by its content: module-level INSTALLED_APPS,
    ROOT_URLCONF, WSGI/ASGI_APPLICATION, ALLOWED_HOSTS or AUTH_USER_MODEL, or MIDDLEWARE and
    DATABASES together."""
    names = set(idx.assigns.get(MODULE, {}))
    return bool(names & _DJANGO_NAMES) or {"MIDDLEWARE", "DATABASES"} <= names


def _default_of(call, idx):
    """The default a configuration read falls back to: `default=` (django-environ, decouple),
    or the second argument of `os.getenv` / `os.environ.get`; None when it has none."""
    args = call.child_by_field_name("arguments")
    if args is None:
        return None
    pos = []
    for a in args.named_children:
        if a.type == "keyword_argument":
            k = a.child_by_field_name("name")
            if k is not None and idx.text(k) == "default":
                return a.child_by_field_name("value")
        elif a.type != "comment":
            pos.append(a)
    fn = call.child_by_field_name("function")
    callee = idx.text(fn, 100) if fn is not None else ""
    if re.search(r"(^|\.)(getenv|environ\.get)$", callee) and len(pos) >= 2:
        return pos[1]
    return None


def _truthy(node, idx) -> str | None:
    """The lower-cased text of a literal (True, "True", "1"...), or None."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "true" or idx.text(node) == "True":
        return "true"
    lit = literal(node, idx.data)
    return lit.strip().lower() if lit is not None else None


def _read_call(node, idx):
    """The configuration read inside `x.lower()` / `x.strip()`, or the node itself."""
    node = unwrap(node)
    while node is not None and node.type == "call":
        fn = node.child_by_field_name("function")
        if fn is not None and fn.type == "attribute" and \
                idx.text(fn.child_by_field_name("attribute")) in ("lower", "strip", "casefold", "upper"):
            node = unwrap(fn.child_by_field_name("object"))
            continue
        return node
    return node


def _true_by_default(value, idx) -> bool:
    """`env.bool("DEBUG", default=True)`, `config("DEBUG", default="True", cast=bool)`,
    `os.getenv("DEBUG", "1") == "1"`, `os.environ.get("DEBUG", "true").lower() in ("true", "1")`:
    a value that is True when the variable is not set."""
    v = unwrap(value)
    if v is None:
        return False
    if v.type == "call":
        d = _default_of(v, idx)
        return d is not None and _truthy(d, idx) in _TRUE_TEXTS
    if v.type == "comparison_operator" and len(v.named_children) == 2:
        left, right = v.named_children
        op = idx.text(v)[len(idx.text(left)):].strip().split(" ", 1)[0].split("(", 1)[0]
        call = _read_call(left, idx)
        if call is None or call.type != "call":
            return False
        d = _default_of(call, idx)
        dv = _truthy(d, idx) if d is not None else None
        if dv is None:
            return False
        r = unwrap(right)
        if op == "==":
            rv = _truthy(r, idx)
            return rv is not None and rv == dv
        if op == "in" and r is not None and r.type in ("tuple", "list", "set"):
            return dv in {_truthy(c, idx) for c in r.named_children}
    return False
