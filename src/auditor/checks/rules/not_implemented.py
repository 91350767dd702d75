"""An endpoint that answers 501 Not Implemented, or raises "not implemented".

What it finds:
On an endpoint's trace: responses with status 501 (`fiber.StatusNotImplemented`,
`status_code=501`, `res.status(501)`), `raise NotImplementedError`, and errors thrown with a "not
implemented" message. A 501 answered in a branch on the configuration (`if
!h.config.Mail.Enabled`) is a feature this server has switched off, not a missing one; so is one
whose message names the deployment mode it is refused in ("not permitted in standalone mode"). A raise
that refuses a value the code does not know is a guard, not a stub: the last `else` of a chain
of two or more handled cases, a switch's `default`, or the `else` of one case that is the
parameter's own default (`def hash_file(fp, algo="sha1"): if algo == "sha1": ...`), or a raise
right after an `if` that probes a capability and hands the work to it (`if callable(inc):
return inc(key)`); unless it says the work is planned ("not yet", "coming").

Why it matters:
The endpoint is registered and documented but does not exist; the checklist item "All endpoints
have real implementation" fails on it.

Example:
    func (h *ReportHandler) Export(c fiber.Ctx) error {
        return c.Status(fiber.StatusNotImplemented).JSON(fiber.Map{"error": "not implemented"})
    }

Fix:
Implement the endpoint or stop registering the route.
"""
from __future__ import annotations

from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.impl import impl_context, short
from auditor.model import Finding

_POS = '''from fastapi import FastAPI

app = FastAPI()


@app.get("/api/reports/export")
def export():
    raise NotImplementedError("export is coming")
'''
_NEG = '''from fastapi import FastAPI

app = FastAPI()


@app.get("/api/reports/export")
def export(db=None):
    # implemented: the 501 answer was removed
    return db.execute("SELECT * FROM reports").fetchall()
'''

# A feature this server has switched off by its configuration answers 501; it is implemented.
# A base class's abstract method ("override this"), called by the base's own __call__: the
# subclasses' overrides are what run.
_NEG_ABSTRACT = '''from fastapi import Depends, FastAPI

app = FastAPI()


class TokenChecker:
    def __call__(self, token: str = ""):
        data = {"token": token}
        self.verify(data)
        return {**data, "scope": self.scope(data)}

    def verify(self, data):
        raise NotImplementedError("Please override this method in child classes")

    @staticmethod
    def scope(data):
        raise Exception("Method not implemented in the base checker")


class AccessChecker(TokenChecker):
    def verify(self, data):
        if not data["token"]:
            raise ValueError("access token required")

    @staticmethod
    def scope(data):
        return "read"


@app.get("/api/me")
def me(data: dict = Depends(AccessChecker())):
    return data
'''
_NEG_SWITCHED_OFF = '''package routes

import "net/http"

type MailConfig struct{ Enabled bool }
type Config struct{ Mail MailConfig }

type LoginHandler struct {
\tconfig *Config
\tsend   func(string) error
}

func (h *LoginHandler) PostResetPassword(w http.ResponseWriter, r *http.Request) {
\tif !h.config.Mail.Enabled {
\t\tw.WriteHeader(http.StatusNotImplemented)
\t\treturn
\t}
\tif err := h.send(r.FormValue("email")); err != nil {
\t\tw.WriteHeader(http.StatusInternalServerError)
\t}
}

func (h *LoginHandler) Routes(mux *http.ServeMux) {
\tmux.HandleFunc("POST /reset-password", h.PostResetPassword)
}
'''


class NotImplementedEndpoint(Rule):
    __doc__ = __doc__
    id = "not-implemented"
    name = "NotImplementedEndpoint"
    category = "hardcoded-return"
    severity = "high"
    confidence = "high"
    scope = "project"
    positive = [Example("python", _POS, "app.py")]
    negative = [Example("python", _NEG, "app.py"), Example("go", _NEG_SWITCHED_OFF, "routes/login.go"),
                Example("python", _NEG_ABSTRACT, "app.py")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        stubs = {(i.file, i.rec.get("end_line")) for i in ic.functions()
                 if i.rec.get("not_implemented")}
        overridden = _overridden_methods(ctx, stubs)
        for info in ic.traced_production_functions():
            seen: set[int] = set()
            if info.rec.get("not_implemented") and \
                    (info.file, info.rec.get("end_line")) in overridden:
                continue  # an abstract method of a base class: its subclasses' overrides run
            for ni in info.rec.get("not_implemented", []):
                if ni["line"] in seen:  # `c.Status(501).JSON(...)`: one answer, one finding
                    continue
                seen.add(ni["line"])
                yield self.finding(info.file, ni["line"],
                                   f"{short(info.rec.get('name') or 'function')} answers "
                                   f"\"not implemented\" ({ni['text'][:70]})",
                                   snippet=ni["text"], endpoints=sorted(info.endpoints),
                                   critical_path=True)


def _overridden_methods(ctx, stubs: set[tuple[str, int]] = frozenset()) -> set[tuple[str, int]]:
    """(file, end line) of the Python methods whose "not implemented" is the class-hierarchy
    idiom. A base class's `raise NotImplementedError("override this")` that an in-tree subclass
    overrides, itself or through a base listed before it (a mixin: `class model(PersistenceMixin,
    watch_base)` takes `_save_to_disk` from the mixin), or that a subclass of a subclass implements
    (a caching mixin's hook, implemented by the list views built on its generic list view): the abstract method the Python
    documentation describes, the subclasses' methods are what runs. And a subclass declining a
    capability its sibling subclasses implement (an email provider without domain management,
    beside one that has it): that provider does not support it, by design. Classes are matched
    by base name (one pass over the classes)."""
    by_class: dict[str, set[str]] = {}
    by_short: dict[str, list[str]] = {}  # short class name -> qualified names
    subclasses: dict[str, list[str]] = {}
    bases_of: dict[str, list[str]] = {}  # class -> its bases' short names, in order
    # (keyed by the end line: a decorated method starts at its first decorator in the facts and
    # at `def` in the signals, and ends on the same line in both)
    methods: dict[str, list[tuple[str, int]]] = {}
    for path, fx in ctx.facts.items():
        if fx.get("language") != "python":
            continue
        for c in fx.get("classes", ()):
            q = c.get("qname") or ""
            by_short.setdefault(q.rsplit(".", 1)[-1], []).append(q)
            for b in c.get("bases") or ():
                short_b = b.split("[", 1)[0].rsplit(".", 1)[-1]
                subclasses.setdefault(short_b, []).append(q)
                bases_of.setdefault(q, []).append(short_b)
        for f in fx.get("functions", ()):
            q = f.get("qname") or ""
            owner, _, name = q.rpartition(".")
            if owner:
                by_class.setdefault(owner, set()).add(name)
                methods.setdefault(owner, []).append((path, f.get("end_line", 0), name))

    def defines(short: str, name: str) -> bool:
        return any(name in by_class.get(q, ()) for q in by_short.get(short, ()))

    def implements(cls: str, name: str) -> bool:
        """`cls` has a method `name` that is no stub itself (`stubs`: (file, end line))."""
        return any(n == name and (p, ln) not in stubs for p, ln, n in methods.get(cls, ()))

    def overrides(sub: str, base: str, name: str) -> bool:
        """`sub` has its own `name`, or a base listed before `base` has it."""
        if name in by_class.get(sub, ()):
            return True
        for b in bases_of.get(sub, ()):
            if b == base:
                return False
            if defines(b, name):
                return True
        return False

    def descendants(short: str) -> list[str]:
        """The subclasses of a class and theirs (`CachedListViewMixin` -> `ArticleListView`
        -> `IndexView`, which implements the hook), bounded."""
        out, queue, seen = [], list(subclasses.get(short, ())), {short}
        while queue and len(out) < 200:
            q = queue.pop(0)
            if q in out:
                continue
            out.append(q)
            s = q.rsplit(".", 1)[-1]
            if s not in seen:
                seen.add(s)
                queue.extend(subclasses.get(s, ()))
        return out

    out: set[tuple[str, int]] = set()
    for owner, defs in methods.items():
        short = owner.rsplit(".", 1)[-1]
        subs = subclasses.get(short, ())
        deeper = None
        siblings = [s for b in bases_of.get(owner, ()) for s in subclasses.get(b, ())
                    if s != owner]
        for path, line, name in defs:
            if any(overrides(sub, short, name) for sub in subs) or \
                    any(implements(s, name) for s in siblings):
                out.add((path, line))
                continue
            if (path, line) in stubs and subs:
                if deeper is None:
                    deeper = [d for d in descendants(short) if d not in subs]
                if any(implements(d, name) for d in deeper):
                    out.add((path, line))  # a grandchild implements the hook
    return out
