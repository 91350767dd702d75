"""Per-file facts cached by content hash and tool version, as JSON (never pickle: the cache
lives in the scanned tree, and a planted pickle would run code)."""
from __future__ import annotations

import json
import os
from pathlib import Path

from auditor import __version__


class FactsCache:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.entries: dict[str, dict] = {}
        self.dirty = False
        if directory is not None:
            self._load()

    @property
    def file(self) -> Path | None:
        return self.directory / f"facts-{__version__}.json" if self.directory else None

    def _load(self) -> None:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("version") == __version__ \
                and isinstance(data.get("files"), dict):
            self.entries = data["files"]

    def get(self, path: str, sha: str) -> dict | None:
        e = self.entries.get(path)
        if isinstance(e, dict) and e.get("sha") == sha and isinstance(e.get("facts"), dict):
            return e["facts"]
        return None

    def put(self, path: str, sha: str, facts: dict) -> None:
        self.entries[path] = {"sha": sha, "facts": facts}
        self.dirty = True

    def prune(self, live: set[str]) -> None:
        for p in [p for p in self.entries if p not in live]:
            del self.entries[p]
            self.dirty = True

    def save(self) -> str | None:
        """Write the cache; an error message where it could not be written."""
        if self.directory is None or not self.dirty:
            return None
        try:
            if self.directory.is_symlink():
                return f"cache directory {self.directory} is a symlink; not written"
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            tmp = self.directory / f".facts-{os.getpid()}.tmp"
            tmp.write_text(json.dumps({"version": __version__, "files": self.entries},
                                      separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, self.file)
        except OSError as exc:
            return f"cache not written: {exc.strerror or exc}"
        return None
