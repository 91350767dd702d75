"""Untrusted data deserialized with a format that can run code.

What it finds:
`pickle`/`cPickle`/`dill`/`marshal` `loads`/`load`, `jsonpickle.decode`, `shelve.open`,
`yaml.load` without a safe loader (`SafeLoader`/`CSafeLoader`), `yaml.unsafe_load` and
`yaml.full_load`, `torch.load` without `weights_only=True` (Python); `node-serialize`
`unserialize` (Node), and js-yaml's `load`/`loadAll` where the project depends on js-yaml 3 or
older (its default schema there builds `!!js/function` values; 4.0 made `load` safe).
Severity: high when the data comes from the request, medium when from a parameter (it depends
on the callers), low otherwise (files and pipes the program writes itself).
`yaml.safe_load`, `json.loads`, a safe `Loader=`, js-yaml's `safeLoad`, a `load` given another
`schema`, and any `load` of js-yaml 4 (or of an undeclared version) are not findings.

Why it matters:
These formats rebuild arbitrary objects, and building an object can call any function:
whoever controls the bytes runs code on the server (CWE-502).

Example:
    session = pickle.loads(base64.b64decode(request.cookies["session"]))

Fix:
Use JSON (or `yaml.safe_load`) for data that crosses a trust boundary; if objects must be
serialized, sign them and verify the signature before loading.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import Flow, file_index, import_map, judged_safe, resolve_imported
from auditor.model import Finding

UNSAFE_MODULES = re.compile(r"^(pickle|cPickle|_pickle|dill|marshal|cloudpickle|joblib)$")
_PY_WORDS = (b"ickle", b"dill", b"marshal", b"joblib", b"shelve", b"yaml", b"torch")


def _tree_calls(ctx, idx, flow, node, func) -> list:
    """Calls of the tree's own functions inside `node` (a helper may return request data);
    calls into the standard library and packages (`base64.b64decode`) carry only what they
    are given."""
    from auditor.taint.summary import external_names

    external = external_names(ctx, idx)
    return [c for c in flow.leaves(node, func)[1]
            if c[2].split(".", 1)[0].split("(", 1)[0] not in external]


class UnsafeDeserialization(Rule):
    __doc__ = __doc__
    id = "deserialization"
    name = "UnsafeDeserialization"
    category = "deserialization"
    cwe = ("CWE-502",)
    severity = "high"
    confidence = "high"
    precision = "high"
    languages = ("python", "typescript", "tsx", "javascript")
    positive = [
        Example("python", 'import pickle\n\ndef f(data):\n    return pickle.loads(data)\n'),
        Example("python", 'import yaml\n\ndef f(text):\n    return yaml.load(text, Loader=yaml.Loader)\n'),
    ]
    negative = [
        Example("python", 'import yaml\n\ndef f(text):\n    return yaml.safe_load(text)\n'),
        Example("python", 'import yaml\n\ndef f(text):\n    return yaml.load(text, Loader=yaml.SafeLoader)\n'),
        Example("python", 'import base64, pickle\n\nDEFAULTS = base64.b64encode(pickle.dumps({"a": 1}))\n\n'
                          'def defaults():\n    blob = DEFAULTS\n    return pickle.loads(base64.b64decode(blob))\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        words = _PY_WORDS if ctx.language == "python" else (b"unserialize", b"js-yaml")
        if not any(w in ctx.data for w in words):
            return  # every sink's callee names one of these words (see _why)
        idx = file_index(ctx)
        if idx is None:
            return
        flow = Flow(idx)
        imports = None
        # the local names js-yaml is bound to (`import yaml from "js-yaml"`, `const YAML =
        # require("js-yaml")`)
        yaml_names = {n for n, m in import_map(ctx).items() if m == "js-yaml"} \
            if ctx.language != "python" and b"js-yaml" in ctx.data else set()
        for call in idx.calls:
            if yaml_names and call.receiver in yaml_names and call.name in ("load", "loadAll"):
                self._js_yaml(ctx, idx, flow, call)
                continue
            if ctx.language == "python":
                if imports is None:
                    imports = import_map(ctx)
                # with the file's import aliases undone: `loads(x)` after `from pickle import
                # loads`, `pkl.loads(x)` after `import pickle as pkl`
                why = self._why(call, idx, resolve_imported(call.callee, imports) or call.callee)
            else:
                why = self._why(call, idx)
            if not why:
                continue
            data = call.args[0] if call.args else None
            request = data is not None and bool(flow.request_culprits(data, call.func))
            dynamic = data is not None and bool(flow.culprits(data, call.func))
            if data is not None and not dynamic and not _tree_calls(ctx, idx, flow, data, call.func):
                # built only from constants: nothing untrusted is loaded (an engine's hit on
                # this line is judged by the native analysis)
                judged_safe(ctx, self, call.line)
                continue
            sev = "info" if ctx.is_test else ("high" if request else "medium" if dynamic else "low")
            yield self.finding(ctx.path, call.line, why, column=call.node.start_point[1] + 1,
                               snippet=ctx.line_text(call.line), severity=sev)

    def _js_yaml(self, ctx, idx, flow, call) -> None:
        """js-yaml's `load(text)`: unsafe only below 4.0, which the project's package.json
        tells (check_project); kept in the file's facts until then."""
        if not call.args or (len(call.args) > 1 and "schema" in idx.text(call.args[1]) and
                             "FULL" not in idx.text(call.args[1])):
            return  # `load(text, { schema: FAILSAFE_SCHEMA })`: the schema given decides
        data = call.args[0]
        request = bool(flow.request_culprits(data, call.func))
        if not flow.culprits(data, call.func) and not _tree_calls(ctx, idx, flow, data,
                                                                    call.func):
            return
        sev = "info" if ctx.is_test else "high" if request else "medium"
        f = self.finding(ctx.path, call.line, f"js-yaml {call.name}() (below 4.0) builds "
                         "!!js/function values from its input: untrusted YAML runs code; use "
                         "safeLoad, or js-yaml 4", column=call.node.start_point[1] + 1,
                         snippet=ctx.line_text(call.line), severity=sev)
        ctx.facts.extra.setdefault("js_yaml_loads", []).append(f.to_dict())

    def check_project(self, ctx):
        """The js-yaml `load` calls of the tree, where a package.json of the project asks for
        js-yaml below 4 (a range whose first version is 3.x or older)."""
        facts = ctx.facts or {}
        loads = [d for fx in facts.values() for d in (fx.get("extra") or {}).get(
            "js_yaml_loads") or ()]
        if not loads:
            return
        from auditor.checks.project import npm_major

        major = npm_major(facts, "js-yaml")
        if major is not None and major < 4:
            for d in loads:
                yield Finding.from_dict(d)

    @staticmethod
    def _why(call, idx, callee: str = "") -> str:
        name, recv = call.name, call.receiver
        if callee:  # (Python: the callee the file's imports bind)
            recv, _, name = callee.rpartition(".")
        callee = callee or call.callee
        if idx.lang == "python":
            if UNSAFE_MODULES.match(recv) and name in ("loads", "load", "Unpickler"):
                return f"{callee}() can execute code while loading untrusted data"
            if callee in ("jsonpickle.decode", "shelve.open"):
                return f"{callee}() unpickles its input"
            if recv == "yaml" and name in ("unsafe_load", "full_load", "unsafe_load_all"):
                return f"yaml.{name}() constructs arbitrary Python objects"
            if recv == "yaml" and name in ("load", "load_all"):
                loader = call.kwargs.get("Loader")
                if loader is None and len(call.args) > 1:
                    loader = call.args[1]
                if loader is None or "Safe" not in idx.text(loader):
                    return "yaml.load() without SafeLoader constructs arbitrary Python objects"
            if callee == "torch.load":
                w = call.kwargs.get("weights_only")
                if w is None or idx.text(w) != "True":
                    return "torch.load() without weights_only=True unpickles the file"
            return ""
        if name == "unserialize" and (recv in ("", "serialize", "nodeSerialize")):
            return "node-serialize unserialize() evaluates functions in its input"
        return ""
