"""A debug switch or debug endpoint left on in production code.

What it finds:
`app.run(debug=True)`, `FastAPI(debug=True)`, `Flask` `app.debug = True` /
`app.config["DEBUG"] = True`, Django `DEBUG = True` in a settings module, Go
`gin.SetMode(gin.DebugMode)`, the `net/http/pprof` handlers or Fiber's `pprof` middleware
mounted on the application, and Express's `errorhandler()` middleware. A value read from the
environment or configuration is not a finding; tests and examples are skipped.

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

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import file_index, literal
from auditor.model import Finding

PY_APPS = ("run", "FastAPI", "Flask", "Starlette", "run_simple")
_WORDS = {"python": (b"True",), "go": (b"SetMode", b"pprof"),
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
    ]
    negative = [
        Example("python", 'import os\nfrom fastapi import FastAPI\napp = FastAPI(debug=os.getenv("DEBUG") == "1")\n'),
        Example("go", 'package main\n\nfunc main() {\n\tgin.SetMode(gin.ReleaseMode)\n}\n'),
        Example("typescript", 'app.use(express.json());\n'),
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
                        idx.text(call.args[0]) in ("gin.DebugMode", '"debug"'):
                    hits.append((call.line, "gin.SetMode(gin.DebugMode) in production code"))
                if call.name == "New" and call.receiver == "pprof" and b"middleware/pprof" in ctx.data:
                    hits.append((call.line, "Fiber pprof middleware exposes profiling endpoints"))
            else:
                if call.callee == "errorhandler":
                    hits.append((call.line, "errorhandler() middleware returns stack traces"))
        m = re.search(rb'(?m)^[ \t]*(import[ \t]+)?_[ \t]+"net/http/pprof"', ctx.data) \
            if idx.lang == "go" and b'"net/http/pprof"' in ctx.data else None
        if m:
            hits.append((ctx.data[:m.start()].count(b"\n") + 1,
                         "net/http/pprof registers /debug/pprof on the default mux"))
        if idx.lang == "python" and python_true:
            settings = PurePosixPath(ctx.path).name in ("settings.py", "config.py") or \
                "settings" in ctx.path
            for func, names in idx.assigns.items():
                for name, values in names.items():
                    for value, op, line in values:
                        if value is None or idx.text(value) != "True":
                            continue
                        if name.endswith(".debug") and "config" not in name or \
                                (name == "DEBUG" and settings and func == -1):
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
