"""Configuration: `[tool.auditor]` in the scanned repo's pyproject.toml, or `.auditor.toml`.

Every key is validated; an unknown key or a wrong type is a `ConfigError` naming the key.
Paths set by the scanned tree's own configuration are confined to that tree.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from auditor.errors import ConfigError
from auditor.model import SEVERITIES

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024


@dataclass
class Config:
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    parse_timeout: float = 20.0  # seconds for a 1 MB file; scaled by size, at least 5 s
    fail_on: str = "high"
    cache_dir: str = ".auditor-cache"
    osv_url: str = ""
    engines: list[str] = field(default_factory=list)
    auth_middleware: list[str] = field(default_factory=list)
    public_routes: list[str] = field(default_factory=list)
    checklist_items: list[dict] = field(default_factory=list)
    tests_as_production: bool = False
    source: str = ""  # file the config came from


_SCHEMA: dict[str, type | tuple] = {
    "include": list, "exclude": list, "disable": list, "severity": dict,
    "max_file_size": int, "parse_timeout": (int, float), "fail_on": str, "cache_dir": str,
    "osv_url": str, "engines": list, "auth_middleware": list, "public_routes": list,
    "checklist_items": list, "tests_as_production": bool,
}
_ALIASES = {"max-file-size": "max_file_size", "fail-on": "fail_on", "cache-dir": "cache_dir",
            "osv-url": "osv_url", "parse-timeout": "parse_timeout",
            "auth-middleware": "auth_middleware", "public-routes": "public_routes",
            "checklist-items": "checklist_items", "tests-as-production": "tests_as_production"}
ENGINE_NAMES = ("native", "semgrep", "bandit", "dependencies")


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def find_config(root: Path, explicit: str | None = None) -> tuple[dict, str]:
    """The raw table and where it came from: --config, .auditor.toml, then pyproject.toml."""
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"--config {explicit}: no such file")
        data = _read_toml(p)
        table = data.get("tool", {}).get("auditor", data) if p.name == "pyproject.toml" else data
        return table, str(p)
    if root.is_dir():
        dot = root / ".auditor.toml"
        if dot.is_file() and not dot.is_symlink():
            return _read_toml(dot), ".auditor.toml"
        pyproject = root / "pyproject.toml"
        if pyproject.is_file() and not pyproject.is_symlink():
            data = _read_toml(pyproject)
            tool = data.get("tool", {})
            if isinstance(tool, dict) and isinstance(tool.get("auditor"), dict):
                return tool["auditor"], "pyproject.toml [tool.auditor]"
    return {}, ""


def load_config(root: Path, explicit: str | None = None) -> Config:
    table, source = find_config(root, explicit)
    cfg = Config(source=source)
    where = source or "config"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    for raw_key, value in table.items():
        key = _ALIASES.get(raw_key, raw_key)
        if key not in _SCHEMA:
            raise ConfigError(f"{where}: unknown key '{raw_key}' (known: {', '.join(sorted(_SCHEMA))})")
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
    _validate(cfg, where, explicit is None)
    return cfg


def _validate(cfg: Config, where: str, from_tree: bool) -> None:
    if cfg.fail_on not in SEVERITIES and cfg.fail_on != "none":
        raise ConfigError(f"{where}: 'fail_on' must be one of {', '.join(SEVERITIES)}, none")
    for rule, sev in cfg.severity.items():
        if sev not in SEVERITIES:
            raise ConfigError(f"{where}: 'severity.{rule}' must be one of {', '.join(SEVERITIES)}")
    if cfg.max_file_size <= 0:
        raise ConfigError(f"{where}: 'max_file_size' must be positive")
    if cfg.parse_timeout <= 0:
        raise ConfigError(f"{where}: 'parse_timeout' must be positive")
    for e in cfg.engines:
        if e not in ENGINE_NAMES:
            raise ConfigError(f"{where}: 'engines' has unknown engine '{e}'")
    if from_tree:
        # A scanned tree may not point the cache outside itself.
        p = Path(cfg.cache_dir)
        if p.is_absolute() or ".." in p.parts:
            raise ConfigError(f"{where}: 'cache_dir' must be a relative path inside the scanned tree")
    if cfg.osv_url and not cfg.osv_url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: 'osv_url' must be an http(s) URL")
    for i, item in enumerate(cfg.checklist_items):
        if not isinstance(item, dict) or "id" not in item or "title" not in item:
            raise ConfigError(f"{where}: 'checklist_items[{i}]' needs at least 'id' and 'title'")
