"""Checklist data: `rules/checklists/*.yaml` (installed as `auditor.packs/checklists`) plus the
project's own items from `[tool.auditor] checklist_items`."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from auditor.errors import AuditorError

ITEM_KEYS = {"id", "title", "section", "findings", "predicate", "args", "manual", "requires_engine",
             "note", "applies_to"}
CHECKLIST_KEYS = {"name", "title", "items", "applies_when"}
CONDITION_KEYS = {"languages", "frameworks", "endpoint_paths", "features"}
FINDING_KEYS = {"rules", "categories", "cwes", "owasp", "min_severity", "critical_path",
                "message_contains", "production_only", "warn_only"}


@lru_cache(maxsize=1)
def builtin_checklists() -> dict[str, dict]:
    out = {}
    folder = resources.files("auditor.packs").joinpath("checklists")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            # the C loader where PyYAML has it: the pure-Python one takes a quarter second here
            data = yaml.load(entry.read_text(encoding="utf-8"),  # noqa: S506
                             Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

            validate_checklist(data, entry.name)
            out[data["name"]] = data
    return out


def validate_checklist(data: dict, where: str) -> None:
    if not isinstance(data, dict) or "name" not in data or not isinstance(data.get("items"), list):
        raise AuditorError(f"checklist {where}: needs 'name' and a list of 'items'")
    unknown = set(data) - CHECKLIST_KEYS
    if unknown:
        raise AuditorError(f"checklist {where}: unknown key(s) {', '.join(sorted(unknown))}")
    _validate_condition(data.get("applies_when"), f"checklist {where}: applies_when")
    seen = set()
    for item in data["items"]:
        validate_item(item, where)
        if item["id"] in seen:
            raise AuditorError(f"checklist {where}: duplicate item id {item['id']}")
        seen.add(item["id"])


def validate_item(item: dict, where: str) -> None:
    if not isinstance(item, dict) or "id" not in item or "title" not in item:
        raise AuditorError(f"checklist {where}: every item needs 'id' and 'title' ({item!r:.80})")
    unknown = set(item) - ITEM_KEYS
    if unknown:
        raise AuditorError(f"checklist {where}: item {item['id']}: unknown key(s) {', '.join(sorted(unknown))}")
    if not any(k in item for k in ("findings", "predicate", "manual")):
        raise AuditorError(f"checklist {where}: item {item['id']} says neither 'findings', "
                           "'predicate' nor 'manual'")
    _validate_condition(item.get("applies_to"), f"checklist {where}: item {item['id']}: applies_to")
    spec = item.get("findings")
    if spec is not None:
        if not isinstance(spec, dict) or set(spec) - FINDING_KEYS:
            raise AuditorError(f"checklist {where}: item {item['id']}: 'findings' keys must be "
                               f"among {', '.join(sorted(FINDING_KEYS))}")
    if "predicate" in item:
        from auditor.checklist.predicates import PREDICATES

        if item["predicate"] not in PREDICATES:
            raise AuditorError(f"checklist {where}: item {item['id']}: unknown predicate "
                               f"'{item['predicate']}' (known: {', '.join(sorted(PREDICATES))})")
        _validate_args(PREDICATES[item["predicate"]], item.get("args"),
                       f"checklist {where}: item {item['id']}")


# Arguments of predicates that are regular expressions: call patterns are joined in one
# alternation (a flag such as `(?i)` must be written scoped there, `(?i:...)`), paths are
# searched one by one.
_REGEX_ARGS = {"patterns": True, "forbidden": True, "sql": True, "paths": False, "path": False}


def _validate_args(fn, args, where: str) -> None:
    """The item's `args` fit the predicate's parameters and its regexes compile: a mistake in a
    checklist is a usage error naming the item, not an internal error halfway through a scan."""
    import inspect
    import re

    if args is None:
        args = {}
    if not isinstance(args, dict):
        raise AuditorError(f"{where}: 'args' must be a table of the predicate's arguments")
    try:
        inspect.signature(fn).bind(None, **args)
    except TypeError as exc:
        params = [p for p in inspect.signature(fn).parameters if p != "ctx"]
        raise AuditorError(f"{where}: args do not fit predicate '{fn.__name__}' ({exc}; it "
                           f"takes: {', '.join(params) or 'nothing'})") from None
    for key, joined in _REGEX_ARGS.items():
        value = args.get(key)
        if value is None:
            continue
        for p in (value if isinstance(value, list) else [value]):
            if not isinstance(p, str):
                raise AuditorError(f"{where}: '{key}' must be regular expressions (strings)")
            try:
                re.compile(f"(?:{p})" if joined else p)
            except re.error as exc:
                raise AuditorError(f"{where}: '{key}' has an invalid regular expression "
                                   f"{p!r}: {exc}") from None


def _validate_condition(cond, where: str) -> None:
    if cond is None:
        return
    if not isinstance(cond, dict) or set(cond) - CONDITION_KEYS or \
            not all(isinstance(v, list) for v in cond.values()):
        raise AuditorError(f"{where}: a table of lists among {', '.join(sorted(CONDITION_KEYS))}")
    from auditor.checklist.evidence import FEATURES

    bad = [f for f in cond.get("features", []) if f not in FEATURES]
    if bad:
        raise AuditorError(f"{where}: unknown feature(s) {', '.join(bad)} (known: "
                           f"{', '.join(sorted(FEATURES))})")


def select(names: list[str], config, signals=None) -> list[dict]:
    """The checklists in effect: the named ones, else the generic checklist and every built-in
    whose `applies_when` the system matches (all of them without signals), plus project
    items."""
    builtin = builtin_checklists()
    chosen = []
    default = [n for n, cl in builtin.items()
               if not cl.get("applies_when") or signals is None
               or signals.matches(cl["applies_when"])[0]]
    for n in names or default:
        if n == "project":
            continue
        if n not in builtin:
            raise AuditorError(f"--checklist {n}: unknown checklist (known: "
                               f"{', '.join(sorted(builtin))}, project)")
        chosen.append(builtin[n])
    items = list(getattr(config, "checklist_items", []) or [])
    if items and (not names or "project" in names):
        for it in items:
            validate_item(it, "[tool.auditor] checklist_items")
        chosen.append({"name": "project", "title": "Project checklist", "items": items})
    return chosen
