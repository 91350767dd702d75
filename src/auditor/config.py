"""Configuration: `[tool.auditor]` in the scanned repo's pyproject.toml, or `.auditor.toml`.

Every key is validated; an unknown key or a wrong type is a `ConfigError` naming the key. The
scanned tree's configuration is written by whoever wrote the tree (a pull request), so every
effect it has on the verdict is listed (`Config.effects`, shown in every report), it can be read
from a trusted git revision instead (`--config-from REF`), and it cannot name where auditor keeps
state or which server it asks: `cache_dir` and `osv_url` are read only from the command line and
the environment (in a tree's configuration they are ignored, and the output says so).
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from auditor.errors import ConfigError
from auditor.model import SEVERITIES

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
DEFAULT_PARSE_TIMEOUT = 20.0
DEFAULT_FAIL_ON = "high"


@dataclass
class Config:
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    parse_timeout: float = DEFAULT_PARSE_TIMEOUT  # s for a 1 MB file; scaled by size, >= 5 s
    fail_on: str = DEFAULT_FAIL_ON
    engines: list[str] = field(default_factory=list)
    auth_middleware: list[str] = field(default_factory=list)
    public_routes: list[str] = field(default_factory=list)
    checklist_items: list[dict] = field(default_factory=list)
    tests_as_production: bool = False
    source: str = ""  # file the config came from
    effects: list[dict] = field(default_factory=list)  # what it changes, key by key
    ignore_lines: list[str] | None = None  # `.auditorignore` read from a git revision


_SCHEMA: dict[str, type | tuple] = {
    "include": list, "exclude": list, "disable": list, "severity": dict,
    "max_file_size": int, "parse_timeout": (int, float), "fail_on": str, "engines": list, "auth_middleware": list, "public_routes": list,
    "checklist_items": list, "tests_as_production": bool,
}
# Keys a tree's configuration may no longer set (state and network endpoints): accepted, ignored,
# and listed among the effects so that nobody wonders why they did nothing.
RETIRED = {"cache_dir": "the cache lives outside the scanned tree: use --cache-dir or "
                        "AUDITOR_CACHE_DIR",
           "osv_url": "network endpoints come only from --osv-url or AUDITOR_OSV_URL"}
_ALIASES = {"max-file-size": "max_file_size", "fail-on": "fail_on", "cache-dir": "cache_dir",
            "osv-url": "osv_url", "parse-timeout": "parse_timeout",
            "auth-middleware": "auth_middleware", "public-routes": "public_routes",
            "checklist-items": "checklist_items", "tests-as-production": "tests_as_production"}
ENGINE_NAMES = ("native", "semgrep", "bandit", "dependencies")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def _parse_toml(data: bytes, where: str) -> dict:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: invalid TOML: {exc}") from None


def find_config(root: Path, explicit: str | None = None,
                from_ref: str | None = None) -> tuple[dict, str]:
    """The raw table and where it came from: --config, .auditor.toml, then pyproject.toml (of
    the working tree, or of the git revision `from_ref`)."""
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"--config {explicit}: no such file")
        data = _parse_toml(_read_bytes(p), p.name)
        table = data.get("tool", {}).get("auditor", data) if p.name == "pyproject.toml" else data
        return table, str(p)
    if not root.is_dir():
        return {}, ""
    if from_ref:
        from auditor.gitsafe import show_file

        at = f" at {from_ref}"

        def read(name: str) -> bytes | None:
            return show_file(root, from_ref, name, "--config-from")
    else:
        at = ""

        def read(name: str) -> bytes | None:
            p = root / name  # a symlinked configuration is ignored
            return _read_bytes(p) if p.is_file() and not p.is_symlink() else None
    dot = read(".auditor.toml")
    if dot is not None:
        return _parse_toml(dot, ".auditor.toml" + at), ".auditor.toml" + at
    py = read("pyproject.toml")
    if py is not None:
        tool = _parse_toml(py, "pyproject.toml" + at).get("tool", {})
        if isinstance(tool, dict) and isinstance(tool.get("auditor"), dict):
            return tool["auditor"], "pyproject.toml [tool.auditor]" + at
    return {}, ""


def load_config(root: Path, explicit: str | None = None, from_ref: str | None = None) -> Config:
    table, source = find_config(root, explicit, from_ref)
    cfg = Config(source=source)
    where = source or "config"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    retired: list[tuple[str, object]] = []
    for raw_key, value in table.items():
        key = _ALIASES.get(raw_key, raw_key)
        if key in RETIRED:
            retired.append((raw_key, value))
            continue
        if key not in _SCHEMA:
            known = ', '.join(sorted(set(_SCHEMA) | set(RETIRED)))
            raise ConfigError(f"{where}: unknown key '{raw_key}' (known: {known})")
        expected = _SCHEMA[key]
        if isinstance(value, bool) and expected in (int, (int, float)):
            raise ConfigError(f"{where}: '{raw_key}' must be a number, not {value!r}")
        if not isinstance(value, expected):
            name = expected.__name__ if isinstance(expected, type) else "number"
            raise ConfigError(f"{where}: '{raw_key}' must be a {name}, not {type(value).__name__}")
        if isinstance(value, list) and key != "checklist_items":
            if not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: '{raw_key}' must be a list of strings")
        setattr(cfg, key, value)
    _validate(cfg, where)
    cfg.effects = effects_of(cfg, retired)
    if from_ref and not explicit and root.is_dir():
        from auditor.gitsafe import show_file

        ignore = show_file(root, from_ref, ".auditorignore", "--config-from")
        cfg.ignore_lines = ignore.decode("utf-8", "replace").splitlines() if ignore else []
    return cfg


def effects_of(cfg: Config, retired: list[tuple[str, object]] = ()) -> list[dict]:
    """Every way this configuration changes what a scan reports, one entry per key and value:
    {file, key, value, effect}. Reports list them so that a tree cannot quietly turn a rule
    off, lower a severity, exclude a file or open the gate."""
    if not cfg.source:
        return []
    out: list[dict] = []

    def add(key: str, value, effect: str) -> None:
        out.append({"file": cfg.source, "key": key, "value": value, "effect": effect})

    for rule in cfg.disable:
        add("disable", rule, f"rule {rule} disabled: its findings are not reported")
    for rule, sev in sorted(cfg.severity.items()):
        add(f"severity.{rule}", sev, f"findings of {rule} reported as {sev}")
    for pattern in cfg.exclude:
        add("exclude", pattern, f"files matching {pattern} are not analysed")
    for pattern in cfg.include:
        add("include", pattern, f"only files matching {pattern} (and the other includes) are "
            "analysed")
    if cfg.fail_on != DEFAULT_FAIL_ON:
        add("fail_on", cfg.fail_on, "the scan fails on no finding" if cfg.fail_on == "none" else
            f"the scan fails on findings at or above {cfg.fail_on} (default {DEFAULT_FAIL_ON})")
    if cfg.engines:
        add("engines", list(cfg.engines), "only these engines run unless --engines is given")
    for name in cfg.auth_middleware:
        add("auth_middleware", name, f"{name} is taken for authentication on the routes it "
            "guards")
    for pattern in cfg.public_routes:
        what = (f"routes whose whole path matches the regular expression {pattern[3:]}"
                if pattern.startswith("re:") else
                f"routes whose whole path matches the glob {pattern} ('*' one path segment, "
                "'**' any number of segments)")
        add("public_routes", pattern, f"{what} are public by design: no missing-auth finding, "
            "no ineffective-auth finding for an optional guard")
    if cfg.max_file_size != DEFAULT_MAX_FILE_SIZE:
        add("max_file_size", cfg.max_file_size, f"files over {cfg.max_file_size} bytes are "
            "analysed under a time budget only")
    if cfg.parse_timeout != DEFAULT_PARSE_TIMEOUT:
        add("parse_timeout", cfg.parse_timeout, f"time budget {cfg.parse_timeout} s per MB")
    if cfg.tests_as_production:
        add("tests_as_production", True, "test files are analysed as production code")
    for item in cfg.checklist_items:
        add("checklist_items", item.get("id"), f"project checklist item {item.get('id')} added")
    for key, value in retired:
        add(key, value, f"ignored: {RETIRED[_ALIASES.get(key, key)]}")
    return out


def _did_you_mean(word: str, known) -> str:
    close = difflib.get_close_matches(word, sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


# Findings of the dependency engine (auditor.engines.deps): rule ids of their own.
DEPENDENCY_RULE_IDS = ("dependency-vuln", "dependency-unpinned")
# bandit's test ids: B101..B704 are listed in bandit_map; a plugin's test id of the same shape
# reaches `disable` and `severity` as well, so the shape is accepted.
_BANDIT_ID = re.compile(r"bandit\.B[1-9][0-9]{2}")


@lru_cache(maxsize=1)
def semgrep_pack_rule_ids() -> frozenset[str]:
    """The rule ids of the bundled semgrep packs (`rules/semgrep/`, installed as auditor.packs)."""
    from contextlib import ExitStack

    from auditor.engines.semgrep import load_pack_metadata, pack_dir

    try:
        with ExitStack() as stack:
            return frozenset(load_pack_metadata(pack_dir(stack)))
    except (OSError, ModuleNotFoundError):  # packs not installed: no semgrep finding either
        return frozenset()


@lru_cache(maxsize=1)
def known_rule_ids() -> frozenset[str]:
    """Every rule id `disable` and `severity` can name. They are compared with a finding's
    `rule_id` exactly (auditor.scan.findings, auditor.checks.project): the native rules' ids,
    `semgrep.<id>` for the bundled packs, `bandit.<test id>` and the dependency engine's ids."""
    from auditor.checks.registry import known_rule_ids as native_ids
    from auditor.engines.bandit_map import BANDIT_MAP

    return frozenset({*native_ids(), *DEPENDENCY_RULE_IDS,
                      *(f"semgrep.{rid}" for rid in semgrep_pack_rule_ids()),
                      *(f"bandit.{tid}" for tid in BANDIT_MAP)})


def _check_rule_id(rule: str, key: str, where: str) -> None:
    known = known_rule_ids()
    if rule in known or _BANDIT_ID.fullmatch(rule):
        return
    # an engine's id without its prefix (B608, py-eval-dynamic, a semgrep check_id with its
    # path): the prefixed id is the one that matches
    bare = rule.rsplit(".", 1)[-1]
    prefixed = [c for c in (f"bandit.{bare}", f"semgrep.{bare}") if c in known]
    hint = f" (did you mean '{prefixed[0]}'?)" if prefixed else _did_you_mean(rule, known)
    if not hint:
        hint = (" (known: the native rule ids `auditor rules` lists, 'semgrep.<pack rule id>', "
                f"'bandit.<test id>', {', '.join(repr(i) for i in DEPENDENCY_RULE_IDS)})")
    raise ConfigError(f"{where}: unknown rule id '{rule}' in '{key}'{hint}")


@lru_cache(maxsize=4096)
def route_pattern(pattern: str) -> re.Pattern:
    """The regular expression that a `public_routes` pattern is, matched with `fullmatch`
    against a route's path. `re:EXPR` is the regular expression EXPR as written; anything else
    is a glob matched against the whole path, with a trailing '/' of the glob (and of the path,
    see `route_matches`) ignored: `*` is any run of characters within one path segment (not
    '/'), `?` one such character, `**` as a whole segment any number of segments (`/a/**/b`:
    /a/b, /a/x/b, /a/x/y/b; `**/b`: b in any folder; a trailing `/a/**`: everything below /a,
    not /a itself); every other character, `[`, `]`, `{` and `.` included, is literal. Raises
    ValueError saying what is wrong."""
    if pattern.startswith("re:"):
        expr = pattern[3:]
        if not expr:
            raise ValueError("empty regular expression")
        try:
            return re.compile(expr)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from None
    if re.match(r"[A-Za-z]+\s+/", pattern):
        raise ValueError("a pattern names a path, not a method: write the path alone")
    if not pattern.startswith(("/", "*")):
        raise ValueError("a glob is matched against the whole route path, which starts with "
                         "'/' (write '/...', or 're:...' for a regular expression)")
    glob = pattern.rstrip("/") or "/"
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if c == "*":
            j = i
            while j < n and glob[j] == "*":
                j += 1
            whole_segment = (i == 0 or glob[i - 1] == "/") and (j == n or glob[j] == "/")
            if j - i >= 2 and whole_segment:
                if j == n:  # `/a/**`: everything below; `**` alone: everything
                    out.append(".*" if i == 0 else ".+")
                else:  # `**/`: zero or more whole segments
                    out.append("(?:[^/]*/)*")
                    j += 1
            else:
                out.append("[^/]*")
            i = j
        elif c == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out))


def route_matches(pattern: str, path: str) -> bool:
    """Whether a (valid) `public_routes` pattern matches a route's whole path."""
    rx = route_pattern(pattern)
    if not pattern.startswith("re:") and len(path) > 1:
        path = path.rstrip("/") or "/"
    return rx.fullmatch(path) is not None


def _validate(cfg: Config, where: str) -> None:
    if cfg.fail_on not in SEVERITIES and cfg.fail_on != "none":
        raise ConfigError(f"{where}: 'fail_on' must be one of {', '.join(SEVERITIES)}, none")
    for rule in cfg.disable:
        _check_rule_id(rule, "disable", where)
    for rule, sev in cfg.severity.items():
        if isinstance(sev, dict):  # `severity = {semgrep.py-x = "low"}` is a nested table
            dotted = f"{rule}.{next(iter(sev), '...')}"
            raise ConfigError(f"{where}: 'severity.{rule}' must be a severity, not a table "
                              f"(quote a dotted rule id: \"{dotted}\" = ...)")
        _check_rule_id(rule, "severity", where)
        if sev not in SEVERITIES:
            hint = _did_you_mean(sev, SEVERITIES) if isinstance(sev, str) else ""
            raise ConfigError(f"{where}: 'severity.{rule}' must be one of {', '.join(SEVERITIES)}, "
                              f"not {sev!r}{hint}")
    if cfg.max_file_size <= 0:
        raise ConfigError(f"{where}: 'max_file_size' must be positive")
    if cfg.parse_timeout <= 0:
        raise ConfigError(f"{where}: 'parse_timeout' must be positive")
    for e in cfg.engines:
        if e not in ENGINE_NAMES:
            hint = _did_you_mean(e, ENGINE_NAMES) or f" (known: {', '.join(ENGINE_NAMES)})"
            raise ConfigError(f"{where}: unknown engine '{e}' in 'engines'{hint}")
    for pattern in cfg.public_routes:
        try:
            route_pattern(pattern)
        except ValueError as exc:
            raise ConfigError(f"{where}: 'public_routes' pattern '{pattern}': {exc}") from None
    for i, item in enumerate(cfg.checklist_items):
        if not isinstance(item, dict) or "id" not in item or "title" not in item:
            raise ConfigError(f"{where}: 'checklist_items[{i}]' needs at least 'id' and 'title'")
