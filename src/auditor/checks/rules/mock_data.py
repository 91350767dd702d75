"""Mock, fake, dummy or sample data used by production code.

What it finds:
Outside tests, fixtures, examples, seeds and mocks folders: module-level literal record lists or
maps named like mock data (`MOCK_USERS`, `fakeAgents`, `dummy_orders`), where they are used (the
return or response that carries them, with the definition as a related location); imports of
fake-data generators (faker, gofakeit, @faker-js/faker); `if MOCK_MODE` / `useMock` branches
that answer requests; and a service, repository or other function on an endpoint's trace that
returns a literal list of records as its data (`def list_products(self): return [{"id": 1,
"name": "Widget", "price": 9.99}, ...]`, Go `return []Product{{ID: 1, ...}}, nil`, directly or
through a local set to the literal), whatever the names. A list of choices or links (records
whose keys are only `value`/`label`/`name`/`title`/`href`... without row ids), a literal list of
constants (`return ["asc", "desc"]`), an empty list, a list built from query results, functions
that list a vocabulary by their name (`sort_options`, `get_roles`, `menu`) and a handler's own
literal answer (the hardcoded-return rule's) are not findings. Higher severity when the use is
on an endpoint's trace.

Why it matters:
Mock data in a production path answers real users with invented records, and a mock-mode switch
is one misconfigured environment variable away from doing so.

Example:
    MOCK_ORDERS = [{"id": 1, "total": 10.0}]

    def list_orders():
        return MOCK_ORDERS

Fix:
Read the data from its store; keep fixtures under tests/ and delete mock-mode branches from
request paths.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, Rule
from auditor.checks.secrets.places import BUNDLE
from auditor.checks.impl import EXCLUDED_NAMES, impl_context, production_path, short
from auditor.model import Finding

_POS = '''MOCK_ORDERS = [{"id": 1, "total": 10.0}, {"id": 2, "total": 12.5}]


def list_orders():
    return MOCK_ORDERS
'''
_POS_SERVICE = '''from fastapi import FastAPI

app = FastAPI()


class ProductService:
    def list_products(self):
        return [{"id": 1, "name": "Widget", "price": 9.99}, {"id": 2, "name": "Gadget", "price": 5.0}]


service = ProductService()


@app.get("/products")
def products():
    return service.list_products()
'''
_NEG_SERVICE = '''from fastapi import FastAPI

app = FastAPI()


class ProductService:
    def __init__(self, db=None):
        self.db = db

    def list_products(self):
        if self.db is None:
            return []
        return [{"id": r[0], "name": r[1]} for r in self.db.execute("SELECT id, name FROM p")]

    def sort_directions(self):
        return ["asc", "desc"]


service = ProductService()


@app.get("/products")
def products():
    return service.list_products()


@app.get("/products/sort")
def sort():
    return service.sort_directions()
'''
# A read-only demo instance refusing writes, and a dummy bcrypt hash compared when the user
# lookup fails (so that timing does not reveal which users exist): neither is fake data.
_NEG_DEMO_GUARD = '''export default async function handler(req, res) {
  if (isDemoMode()) {
    return res.status(400).json({ response: "This action is disabled in the demo." });
  }
  return res.status(200).json(await createLink(req.body));
}
'''
_NEG_DUMMY_HASH = '''package auth

const dummyHash = "$2a$10$O4mEMeOL/nit6zqe.WQXauLRbRlzb3IgLHsa26Pf0N/GiU9b.wK1m"

func check(found bool, hash string, pw string) bool {
\tif !found {
\t\thash = dummyHash
\t}
\treturn compare(hash, pw)
}
'''
# factory_boy factories kept beside the models (tests import them): test fixtures; a Go
# enumeration with a value named for a test provider.
_NEG_FACTORIES = '''import factory
from faker import Faker

from shop.common.models import Product

faker = Faker()


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.LazyFunction(lambda: faker.word())
'''
_NEG_ENUM = '''package pay

type PaymentSystem string

const (
\tSTRIPE PaymentSystem = "stripe"
\tDUMMY  PaymentSystem = "dummy" // always succeeds, free items only
)
'''
# A component's preview default: the sample stands in only when a caller passes no data (its
# callers pass the tool's output); the default of a parameter is no answer to a request.
_NEG_DEFAULT = '''const SAMPLE = [{ id: 1, temperature: 29.3 }, { id: 2, temperature: 31.0 }];

export function Weather({ readings = SAMPLE }: { readings?: typeof SAMPLE }) {
  return readings.map((r) => r.temperature);
}
'''
_NEG = '''ORDER_STATUSES = ["new", "paid", "shipped"]
mock_call_count = 0


def list_orders(db):
    return db.execute("SELECT * FROM orders").fetchall()
'''


class MockData(Rule):
    __doc__ = __doc__
    id = "mock-data"
    name = "MockDataInProduction"
    category = "mock-data"
    severity = "medium"
    confidence = "high"
    scope = "project"
    positive = [Example("python", _POS, "orders/service.py"),
                Example("python", _POS_SERVICE, "app/main.py")]
    negative = [Example("python", _NEG, "orders/service.py"),
                Example("python", _NEG_SERVICE, "app/main.py"),
                Example("typescript", _NEG_DEMO_GUARD, "pages/api/links.ts"),
                Example("go", _NEG_DUMMY_HASH, "auth/json.go"),
                Example("python", _NEG_FACTORIES, "shop/common/factories.py"),
                Example("go", _NEG_ENUM, "pkg/pay/provider.go"),
                Example("typescript", _NEG_DEFAULT, "components/weather.tsx"),
                Example("javascript", "function f(a){if(a.isFake){return a.x}return a.y}\nmodule.exports=f;\n",
                        "app/static/ckeditor/ckeditor.js")]

    def check_project(self, ctx) -> Iterable[Finding]:
        ic = impl_context(ctx)
        from auditor.checks.rules.hardcoded_return import hardcoded_functions

        covered = {(i.file, i.rec["line"]) for i, _f, _m, _r in hardcoded_functions(ctx)}
        for path, sig in ic.modules.items():
            if not production_path(path) or _fixture_factories(sig) or BUNDLE.search(path):
                # (a browser bundle or vendored library under static/: not the project's code)
                continue
            defs = {d["name"]: d for d in sig.get("mock_defs", []) if d.get("top")}
            used: set[str] = set()
            for use in sig.get("mock_uses", []):
                d = defs.get(use["name"])
                if d is None:
                    continue
                if use.get("default"):
                    # a parameter's default (`function Weather({ weather = SAMPLE })`): the
                    # stand-in when a caller passes nothing, a preview's or a test's, not
                    # what a request is answered with; the callers pass the data
                    used.add(use["name"])
                    continue
                info = ic.function_at(path, use["line"])
                on_trace = bool(info and info.on_trace)
                used.add(use["name"])
                yield self.finding(
                    path, use["line"],
                    f"mock data {use['name']} (defined at line {d['line']}) is used by "
                    f"{short(info.rec.get('name') or 'a function') if info else 'module code'}",
                    snippet=use.get("text", use["name"]), severity="high" if on_trace else None,
                    endpoints=sorted(info.endpoints) if info else (), critical_path=on_trace,
                    related=[(path, d["line"])])
            for name, d in defs.items():
                if name not in used:
                    yield self.finding(path, d["line"], f"mock data {name} defined in production code",
                                       snippet=name, severity="low")
            served = None  # whether a route reaches any function of the file
            for imp in sig.get("mock_imports", []):
                local = ic.function_at(path, imp["line"])
                if local is not None and local.rec["line"] < imp["line"] and \
                        not local.on_trace and not local.is_handler_of:
                    # imported inside a function no route reaches (`User.generate_fake()`, which
                    # a seeding command calls): the generator serves that command, not requests
                    continue
                if served is None:
                    served = any(i.on_trace or i.is_handler_of for i in ic.by_file.get(path, ()))
                if not served and ic.endpoints:
                    # imported at the top of a file no route reaches (a `populate.py` script, a
                    # CLI's `generate` command): the same, for the whole file
                    continue
                yield self.finding(path, imp["line"], f"fake-data generator {imp['text']} imported "
                                   "by production code", snippet=imp["text"])
            for info, ret, keys in _literal_record_lists(ic, path, covered):
                on_trace = info.on_trace
                layer = info.layer if info.layer in ("service", "repository") else "function"
                yield self.finding(
                    path, ret["line"],
                    f"{layer} {short(info.rec.get('name') or 'function')} returns a literal list "
                    f"of records ({', '.join(keys[:4])}) as its data: "
                    f"{ret['text'][:70]}", snippet=ret["text"],
                    severity="high" if on_trace else None,
                    endpoints=sorted(info.endpoints), critical_path=on_trace)
            for br in sig.get("mock_branches", []):
                info = ic.function_at(path, br["line"])
                on_trace = bool(info and info.on_trace)
                yield self.finding(path, br["line"], f"mock-mode branch ({br['text'][:60]}) in "
                                   "production code", snippet=br["text"],
                                   severity="high" if on_trace else None,
                                   endpoints=sorted(info.endpoints) if info else (),
                                   critical_path=on_trace)


# factory_boy, a library of test fixtures ("a fixtures replacement"): a module that imports it
# defines the factories tests build their records with, wherever it is kept.
_FIXTURE_LIBRARIES = {"factory", "factory_boy"}


def _fixture_factories(sig: dict) -> bool:
    return any(imp["text"] in _FIXTURE_LIBRARIES for imp in sig.get("mock_imports", ()))


# A list literal of records: `[{"id": 1, ...}, ...]` (Python, TS), `[]Product{{ID: 1, ...}}`,
# `[]*Product{&Product{...}}`, `[]map[string]any{{"id": 1}}` (Go).
_COMMENT = r"(?:(?:#|//)[^{\[]*|/\*.*?\*/\s*)?"  # a comment after the opening bracket
_RECORD_LIST = re.compile(r"^\[\s*" + _COMMENT + r"\{|^\[\][^{]*(\{\})?\{\s*" + _COMMENT +
                          r"&?[\w.]*\s*\{")
_KEY = re.compile(r"[{,]\s*[\"'`]?([A-Za-z_]\w*)[\"'`]?\s*:")
_NUMERIC_ID = re.compile(r"[{,]\s*[\"'`]?(?:id|ID|Id)[\"'`]?\s*:\s*\d+\s*[,}]")
# Keys of a list of choices, links or labels, not of records: `[{"value": "asc", "label": "Up"}]`.
OPTION_KEYS = {"id", "value", "label", "name", "key", "text", "title", "description", "desc",
               "code", "icon", "color", "colour", "disabled", "selected", "type", "kind", "slug",
               "order", "group", "href", "url", "path", "link", "route", "enabled", "default",
               "placeholder", "help", "tooltip", "display", "displayname", "short", "abbr",
               "symbol", "emoji", "method", "format", "variant", "sort", "direction", "field",
               "header", "accessor", "width", "align", "required", "pattern", "min", "max",
               "step", "unit", "locale", "lang", "language", "flag", "category"}
# Functions that list a fixed vocabulary by design: `get_roles()`, `sortOptions()`, `menu()`.
VOCABULARY_FN = re.compile(r"(?i)(choices|options|enums?|types|kinds|categories|statuses|roles|"
                           r"permissions|scopes|languages|locales|currencies|countries|timezones|"
                           r"menus?|nav\w*|routes|links|steps|tabs|columns|fields|filters|sorts?|"
                           r"plans|tiers|providers|features|examples?|samples?|presets|templates|"
                           r"defaults?|constants?|schema|spec|openapi|swagger|docs?|help|fixtures?|"
                           r"seeds?)$")


def _literal_record_lists(ic, path: str, covered: set):
    """(function, return, record keys) for every production function on an endpoint's trace,
    or in a service or repository, that returns a list literal of records as its data (a
    handler's literal answer is the hardcoded-return rule's)."""
    for info in ic.by_file.get(path, ()):
        rec = info.rec
        if info.is_handler_of or (info.file, rec["line"]) in covered:
            continue
        if not (info.on_trace or info.layer in ("service", "repository")):
            continue
        name = (rec.get("name") or "").rsplit(".", 1)[-1]
        if not name or EXCLUDED_NAMES.match(name) or VOCABULARY_FN.search(name):
            continue
        literals = {a["target"]: a for a in rec.get("assigns", ()) if a.get("literal")
                    and a.get("data") and not a.get("field")}
        for ret in rec.get("returns", ()):
            text = ret["text"]
            if not ret.get("literal"):
                head = re.split(r"[,\s]", text, 1)[0]  # `return products, nil`
                a = literals.get(head)
                if a is None:
                    continue
                text = re.split(r":?=", a["text"], 1)[-1].strip()
            elif not ret.get("data"):
                continue
            if not _RECORD_LIST.match(text):
                continue
            keys = list(dict.fromkeys(_KEY.findall(text)))
            if not keys:
                continue
            if {k.lower().replace("_", "") for k in keys} <= OPTION_KEYS and \
                    len(_NUMERIC_ID.findall(text)) < 2:
                continue  # choices or links, unless they carry row ids (`{"id": 1, "name": ..}`)
            yield info, {**ret, "text": text}, keys
            break
