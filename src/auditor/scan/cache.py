"""Per-file facts cached by content hash and tool version, as JSON Lines (never pickle: the cache
lives in the scanned tree, and a planted pickle would run code).

The cache folder sits inside a tree nobody has reviewed, so it is treated as hostile: a folder
reached through a symlink is neither read nor written (it could point anywhere on the machine),
files are opened without following symlinks, and a cache that does not parse is ignored.
"""
from __future__ import annotations

import os
from pathlib import Path

from auditor import __version__
from auditor.index.packed import pack, unpack

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

# JSON through orjson, with the standard library for what orjson refuses (lone surrogates of
# file names that are not UTF-8): the packed facts' own reader and writer
_loads, _dumps = unpack, pack


def cache_key() -> str:
    """The tool version plus a fingerprint of auditor's own code and packs (sizes and mtimes), so
    that facts cached by another build of auditor are never reused."""
    global _KEY
    if _KEY is None:
        import hashlib

        h = hashlib.sha256(__version__.encode())
        base = Path(__file__).resolve().parents[1]
        for p in sorted(base.rglob("*.py")):
            try:
                st = p.stat()
            except OSError:
                continue
            h.update(f"{p.relative_to(base)}:{st.st_size}:{st.st_mtime_ns}".encode())
        _KEY = f"{__version__}-{h.hexdigest()[:12]}"
    return _KEY


_KEY: str | None = None


def symlink_problem(directory: Path) -> str | None:
    """Why `directory` may not be used: a symlink on its way from an existing ancestor."""
    absolute = Path(os.path.abspath(directory))
    probe = absolute
    while True:
        if probe.is_symlink():
            return f"cache directory {directory} goes through a symlink ({probe}); cache not used"
        if probe.exists() or probe.parent == probe:
            break
        probe = probe.parent
    # every existing component: its real path must equal its lexical path
    existing = probe
    if os.path.realpath(existing) != os.path.normpath(existing):
        return f"cache directory {directory} goes through a symlink; cache not used"
    return None


class FactsCache:
    def __init__(self, directory: Path | None, mode: str = "full") -> None:
        self.directory = directory
        self.suffix = "" if mode == "full" else f"-{mode}"
        self.entries: dict[str, dict] = {}
        self.dirty = False
        self.problem: str | None = None
        if directory is not None:
            self.problem = symlink_problem(directory)
            if self.problem:
                self.directory = None
            else:
                self._load()

    @property
    def file(self) -> Path | None:
        return self.directory / f"facts-{__version__}{self.suffix}.jsonl" if self.directory else None

    def _load(self) -> None:
        """JSON Lines: the version, then one `[path, sha, facts]` per line. Each line is parsed
        on its own: one document of a million-line tree's cache (575 MB) needed 4 GB to parse."""
        try:
            fd = os.open(self.file, os.O_RDONLY | _NOFOLLOW)
            with os.fdopen(fd, "rb") as fh:
                # the version leads: a cache written by another build is dropped unread
                if fh.readline().rstrip(b"\n") != self._head():
                    return
                entries: dict[str, dict] = {}
                for line in fh:
                    try:
                        path, sha, facts = _loads(line)
                    except (ValueError, TypeError):
                        continue  # a damaged line costs that file a parse, nothing more
                    if isinstance(path, str) and isinstance(sha, str) and isinstance(facts, dict):
                        entries[path] = {"sha": sha, "facts": facts}
        except OSError:
            return
        self.entries = entries

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

    @staticmethod
    def _head() -> bytes:
        return b'{"version":' + _dumps(cache_key()) + b"}"

    def _chunks(self):
        """The cache one line per file: a large tree's cache is hundreds of MB, and one bytes
        object of it would double the scan's peak memory. (JSON text never holds a raw newline.)"""
        yield self._head() + b"\n"
        for path, entry in self.entries.items():
            yield _dumps([path, entry["sha"], entry["facts"]]) + b"\n"

    def save(self) -> str | None:
        """Write the cache; an error message where it could not be (or may not be) written."""
        if self.problem:
            return self.problem
        if self.directory is None or not self.dirty:
            return None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            problem = symlink_problem(self.directory)  # raced in between?
            if problem:
                return problem
            ignore = self.directory / ".gitignore"
            if not os.path.lexists(ignore):
                _write_new(ignore, b"*\n")
            tmp = self.directory / f".facts-{os.getpid()}.tmp"
            if os.path.lexists(tmp):
                os.unlink(tmp)
            _write_new(tmp, self._chunks())
            os.replace(tmp, self.file)  # replaces a planted symlink itself, not its target
        except OSError as exc:
            return f"cache not written: {exc.strerror or exc}"
        return None


def _write_new(path: Path, data) -> None:
    """Create `path` (never through a symlink, never over an existing file) and write `data`
    (bytes, or an iterable of byte chunks)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as fh:
        if isinstance(data, bytes):
            fh.write(data)
        else:
            fh.writelines(data)


def tree_key(config, files: list[tuple[str, str]], skipped: list[dict]) -> str:
    """What the native stage's output depends on: auditor's own code, the configuration, and
    every file's path and content hash (and what discovery left out)."""
    import dataclasses
    import hashlib

    h = hashlib.sha256(cache_key().encode())
    h.update(_dumps(dataclasses.asdict(config)))
    for path, sha in sorted(files):
        h.update(f"{path}\0{sha}\n".encode("utf-8", "surrogateescape"))
    for s in sorted(skipped, key=lambda s: s["file"]):
        h.update(f"{s['file']}\0{s['reason']}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


class SnapshotStore:
    """The native stage of the last scan of this tree, keyed by `tree_key`: a re-run on an
    unchanged tree reads this small document instead of every file's facts. Same hostile-tree
    rules as the facts cache (no symlinks, no pickle, a document that does not parse is
    ignored)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        if directory is not None and symlink_problem(directory):
            self.directory = None

    def load(self, key: str) -> dict | None:
        return self._keyed("snapshot", key, (
            "native_findings", "project_errors", "endpoints", "unresolved_routes", "errors",
            "skipped", "files_analyzed", "suppressions", "safe_sql_lines", "spans", "checklists"))

    def _keyed(self, kind: str, key: str, needed: tuple = ()) -> dict | None:
        """The `kind` document of this very tree (`{"key": key, kind: {...}}` in
        `<kind>-<version>.json`), None when absent, for another tree, or missing a needed key."""
        if self.directory is None:
            return None
        try:
            fd = os.open(self.directory / f"{kind}-{__version__}.json", os.O_RDONLY | _NOFOLLOW)
            with os.fdopen(fd, "rb") as fh:
                data = _loads(fh.read())
        except (OSError, ValueError):
            return None
        doc = data.get(kind) if isinstance(data, dict) and data.get("key") == key else None
        if not isinstance(doc, dict) or any(k not in doc for k in needed):
            return None
        return doc

    def load_graph(self, key: str) -> dict | None:
        """The call graph built from this very tree, as plain data (read once per scan)."""
        if self.directory is None:
            return None
        memo = getattr(self, "_graph_memo", None)
        if memo is not None and memo[0] == key:
            return memo[1]
        g = self._keyed("graph", key)
        if g is not None and not (isinstance(g.get("nodes"), list) and
                                  isinstance(g.get("edges"), list)):
            g = None
        self._graph_memo = (key, g)
        return g

    def load_endpoints(self, key: str) -> dict | None:
        """What `auditor endpoints` printed for this very tree (endpoints, unresolved routes,
        errors, skipped files), so that a re-run needs neither the facts nor the graph."""
        return self._keyed("endpoints", key,
                           ("endpoints", "unresolved_routes", "errors", "skipped", "files_analyzed"))

    def save_endpoints(self, key: str, doc: dict) -> None:
        self._write(f"endpoints-{__version__}.json", {"key": key, "endpoints": doc})

    def save_graph(self, key: str, graph: dict) -> None:
        self._write(f"graph-{__version__}.json", {"key": key, "graph": graph})

    def save(self, key: str, snapshot: dict) -> None:
        self._write(f"snapshot-{__version__}.json", {"key": key, "snapshot": snapshot})

    def _write(self, name: str, doc: dict) -> None:
        if self.directory is None:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if symlink_problem(self.directory):
                return
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                _write_new(ignore, [b"*\n"])
            tmp = self.directory / f".{name}-{os.getpid()}.tmp"
            _write_new(tmp, [_dumps(doc)])
            os.replace(tmp, self.directory / name)
        except (OSError, TypeError, ValueError):
            return
