"""Analysis state kept between runs: per-file facts (JSON Lines) and the snapshots of the last
scan of a tree, stored outside the scanned tree and authenticated.

A scanned tree is written by whoever opened the pull request, so nothing in it is ever read as
analysis state: the cache lives under `--cache-dir`, `AUDITOR_CACHE_DIR` or the platform's user
cache folder (one folder per scan root), and a cache folder inside the scanned tree is refused.
Every cache file carries an HMAC-SHA256 under a random key made on first use (mode 0600, owned
by this user); a file that fails the check, is not a regular file, or sits behind a symlink is
ignored and recomputed. Writes go to a temporary file renamed into place under a lock, and the
temporary file is removed on any failure (full disk, interrupt), so a fault costs only speed.
Never pickle: the cache is JSON.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import time
from pathlib import Path

from auditor import __version__
from auditor.index.packed import pack, unpack

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_MAC_PREFIX = b'{"mac":"'

# JSON through orjson, with the standard library for what orjson refuses (lone surrogates of
# file names that are not UTF-8): the packed facts' own reader and writer
_loads, _dumps = unpack, pack


def cache_key() -> str:
    """The tool version plus a fingerprint of auditor's own code and packs (sizes and mtimes), so
    that facts cached by another build of auditor are never reused."""
    global _KEY
    if _KEY is None:
        h = hashlib.sha256(__version__.encode())
        base = Path(__file__).resolve().parents[1]
        for p in sorted(base.rglob("*.py")):
            try:
                st = p.stat()
            except OSError:
                continue
            h.update(f"{p.relative_to(base)}:{st.st_size}:{st.st_mtime_ns}".encode())
        for name, size, mtime in _pack_files():
            h.update(f"packs/{name}:{size}:{mtime}".encode())
        _KEY = f"{__version__}-{h.hexdigest()[:12]}"
    return _KEY


_KEY: str | None = None


def _pack_files() -> list[tuple[str, int, int]]:
    """(name, size, mtime) of the packs' files (checklists and semgrep YAML): a checklist
    edited in place must not be answered from a snapshot evaluated with the old one."""
    try:
        from importlib import resources

        root = Path(str(resources.files("auditor.packs")))
    except (ModuleNotFoundError, TypeError, OSError):
        return []
    out = []
    for p in sorted(root.rglob("*")):
        try:
            st = p.stat()
        except OSError:
            continue
        if p.is_file():
            out.append((p.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns))
    return out


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


def cache_base(explicit: str | None = None) -> Path:
    """Where every tree's cache lives: --cache-dir, else AUDITOR_CACHE_DIR, else the platform's
    user cache folder. Never a setting of the scanned tree."""
    chosen = explicit or os.environ.get("AUDITOR_CACHE_DIR")
    if chosen:
        return Path(os.path.abspath(os.path.expanduser(chosen)))
    import platformdirs

    return Path(platformdirs.user_cache_dir("auditor", appauthor=False))


class CacheDir:
    """The cache folder of one scan root, with the key that authenticates its files.

    `problem` says why it is not used (inside the scanned tree, behind a symlink, a key that
    cannot be trusted or made); then nothing is read or written and the scan says so."""

    def __init__(self, base: Path, scan_root: Path) -> None:
        self.base = base
        root = os.path.realpath(scan_root)
        self.directory: Path | None = base / "trees" / hashlib.sha256(
            os.fsencode(root)).hexdigest()[:24]
        self.problem: str | None = None
        self._key: bytes | None = None
        real_base = os.path.realpath(base)
        if real_base == root or real_base.startswith(root.rstrip(os.sep) + os.sep):
            self.problem = (f"cache directory {base} is inside the scanned tree; cache not used "
                            "(set --cache-dir or AUDITOR_CACHE_DIR outside it)")
        else:
            self.problem = symlink_problem(self.directory)
        if self.problem:
            self.directory = None

    # -- the key -----------------------------------------------------------------------------
    def key(self, create: bool) -> bytes | None:
        """The HMAC key (32 random bytes, hex in `<base>/key`, 0600, owned by this user);
        None when there is none yet and `create` is false, or it cannot be trusted or made."""
        if self._key is not None or self.directory is None:
            return self._key
        path = self.base / "key"
        key = _read_key(path)
        if key is None and create:
            try:
                self.base.mkdir(parents=True, exist_ok=True, mode=0o700)
                if symlink_problem(self.base):
                    return None
                tmp = self.base / f".key.{os.getpid()}.{secrets.token_hex(4)}.tmp"
                try:
                    _write_new(tmp, secrets.token_hex(32).encode(), mode=0o600)
                    os.replace(tmp, path)  # a planted or foreign key is replaced, never trusted
                finally:
                    _unlink_quietly(tmp)
            except OSError as exc:
                self.problem = f"cache key not written: {exc.strerror or exc}"
                return None
            key = _read_key(path)
        self._key = key
        return key

    def mac(self, name: str, key: bytes):
        return hmac.new(key, name.encode() + b"\0", hashlib.sha256)

    # -- reading and writing -----------------------------------------------------------------
    def open(self, name: str):
        """The file `name` opened for reading without following a symlink, or None."""
        if self.directory is None:
            return None
        return _open_regular(self.directory / name)

    def read_document(self, name: str) -> bytes | None:
        """The body of a whole-document file whose MAC checks out, else None."""
        key = self.key(create=False)
        fh = self.open(name) if key is not None else None
        if fh is None:
            return None
        with fh:
            try:
                head = fh.readline()
                body = fh.read()
            except OSError:
                return None
        expected = self.mac(name, key)
        expected.update(body)
        return body if _mac_line_ok(head, expected) else None

    def write(self, name: str, chunks, signed_head: bool = True) -> str | None:
        """Write `name` atomically: the MAC line, then the chunks (`signed_head`), or the chunks
        then the MAC line (a streamed file read line by line). An error message, or None."""
        if self.directory is None:
            return self.problem
        key = self.key(create=True)
        if key is None:
            return self.problem or "cache key cannot be trusted or made; cache not used"
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            problem = symlink_problem(self.directory)  # raced in between?
            if problem:
                return problem
            with _Lock(self.directory):
                _sweep_stale_temporaries(self.directory)
                tmp = self.directory / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
                mac = self.mac(name, key)
                if signed_head:
                    body = b"".join(chunks)
                    mac.update(body)
                    _write_new(tmp, [_mac_line(mac), body])
                else:
                    def signed():
                        for chunk in chunks:
                            mac.update(chunk)
                            yield chunk
                        yield _mac_line(mac)
                    _write_new(tmp, signed())
                os.replace(tmp, self.directory / name)  # replaces a planted link itself
                tmp = None
        except OSError as exc:
            return f"cache not written: {exc.strerror or exc}"
        finally:
            if tmp is not None:
                _unlink_quietly(tmp)
        return None


def _open_regular(path: Path):
    """`path` opened for reading if it is a regular file reached without a symlink, else None
    (a FIFO is opened non-blocking, so it cannot hang the scan)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except OSError:
        os.close(fd)
        return None


def _read_key(path: Path) -> bytes | None:
    fh = _open_regular(path)
    if fh is None:
        return None
    with fh:
        try:
            st = os.fstat(fh.fileno())
            raw = fh.read(200).strip()
        except OSError:
            return None
    if hasattr(os, "geteuid") and (st.st_uid != os.geteuid() or st.st_mode & 0o077):
        return None  # another user could read or have written it
    if len(raw) != 64:
        return None
    try:
        return bytes.fromhex(raw.decode("ascii"))
    except ValueError:
        return None


def _mac_line(mac) -> bytes:
    return _MAC_PREFIX + mac.hexdigest().encode() + b'"}\n'


def _mac_line_ok(line: bytes, mac) -> bool:
    return hmac.compare_digest(line.rstrip(b"\n"), _mac_line(mac).rstrip(b"\n"))


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _sweep_stale_temporaries(directory: Path) -> None:
    """Temporary files of writers that died (killed mid-write): their pid is gone, or they are
    older than an hour."""
    try:
        names = [e.name for e in os.scandir(directory) if e.name.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        parts = name.split(".")
        try:
            pid = int(parts[-3])
        except (IndexError, ValueError):
            pid = 0
        alive = pid > 0 and pid != os.getpid() and _pid_alive(pid)
        try:
            old = time.time() - os.lstat(directory / name).st_mtime > 3600
        except OSError:
            continue
        if not alive or old:
            _unlink_quietly(directory / name)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


class _Lock:
    """An exclusive lock on `<dir>/.lock` while a file is written (two scans at once)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / ".lock"
        self.fd = None

    def __enter__(self):
        try:
            import fcntl
        except ImportError:  # Windows: the rename alone keeps readers safe
            return self
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock
        return False


class FactsCache:
    """Per-file facts keyed by path and content hash: a base file of every file's facts, and a
    small delta file of what changed since the base was written (bound to the base's MAC), so
    that a one-file change rewrites a few kilobytes, not the whole cache (23 MB on AIM). The delta
    is folded into a new base once it holds more than DELTA_SHARE of the entries."""

    DELTA_SHARE = 0.05
    DELTA_MIN = 64

    def __init__(self, where: CacheDir | None, mode: str = "full") -> None:
        self.where = where if where is not None and where.directory is not None else None
        self.suffix = "" if mode == "full" else f"-{mode}"
        self.entries: dict[str, dict] = {}
        self.dirty = False
        self.base_mac: str | None = None  # of the base file read, when its MAC checked out
        self.delta: dict[str, dict | None] = {}  # changes since the base (None: removed)
        self.problem: str | None = where.problem if where is not None else None
        if self.where is not None:
            self._load()

    @property
    def name(self) -> str:
        return f"facts-{__version__}{self.suffix}.jsonl"

    @property
    def delta_name(self) -> str:
        return f"facts-{__version__}{self.suffix}.delta.jsonl"

    def _load(self) -> None:
        key = self.where.key(create=False)
        if key is None:
            return
        base = self._read(self.name, self._head(), key)
        if base is None:
            return
        self.entries, self.base_mac = base
        delta = self._read(self.delta_name, self._delta_head(self.base_mac), key, removals=True)
        if delta is not None:
            for path, entry in delta[0].items():
                self.delta[path] = entry
                if entry is None:
                    self.entries.pop(path, None)
                else:
                    self.entries[path] = entry

    def _read(self, name: str, head: bytes, key: bytes, removals: bool = False):
        """JSON Lines: a head line, one `[path, sha, facts]` per file (`[path, null, null]`: a
        removal, in a delta), then the MAC of all of them. Each line is parsed on its own (one
        document of a million-line tree's cache, 575 MB, needed 4 GB to parse); nothing is kept
        unless the MAC at the end checks out. (entries, MAC hex) or None."""
        fh = self.where.open(name)
        if fh is None:
            return None
        mac = self.where.mac(name, key)
        entries: dict[str, dict | None] = {}
        with fh:
            try:
                first = fh.readline()
                mac.update(first)
                if first.rstrip(b"\n") != head:
                    return None  # written by another build, or a delta of another base
                for line in fh:
                    if line.startswith(_MAC_PREFIX):
                        return (entries, mac.hexdigest()) if _mac_line_ok(line, mac) else None
                    mac.update(line)
                    try:
                        path, sha, facts = _loads(line)
                    except (ValueError, TypeError):
                        continue
                    if not isinstance(path, str):
                        continue
                    if isinstance(sha, str) and isinstance(facts, dict):
                        entries[path] = {"sha": sha, "facts": facts}
                    elif removals and sha is None and facts is None:
                        entries[path] = None
            except OSError:
                return None
        return None  # no MAC line: truncated or forged, nothing kept

    @classmethod
    def peek(cls, where: CacheDir | None, mode: str = "full") -> dict[str, str]:
        """path -> content hash of what the cache holds, from the start of each line, without
        parsing the facts or checking the MAC: only a guess of which files changed, so that they
        can be parsed while the cache is read and checked. Nothing here is used as a fact."""
        import re

        if where is None or where.directory is None:
            return {}
        probe = cls.__new__(cls)
        probe.suffix = "" if mode == "full" else f"-{mode}"
        out: dict[str, str] = {}
        line_start = re.compile(rb'\[("(?:[^"\\]|\\.)*"),"([0-9a-f]{8,128})"')
        for name in (probe.name, probe.delta_name):
            fh = where.open(name)
            if fh is None:
                continue
            with fh:
                try:
                    for line in fh:
                        m = line_start.match(line)
                        if m:
                            try:
                                out[_loads(m.group(1))] = m.group(2).decode()
                            except (ValueError, TypeError):
                                continue
                except OSError:
                    pass
        return out

    def get(self, path: str, sha: str) -> dict | None:
        e = self.entries.get(path)
        if isinstance(e, dict) and e.get("sha") == sha and isinstance(e.get("facts"), dict):
            return e["facts"]
        return None

    def put(self, path: str, sha: str, facts: dict) -> None:
        self.entries[path] = self.delta[path] = {"sha": sha, "facts": facts}
        self.dirty = True

    def prune(self, live: set[str]) -> None:
        for p in [p for p in self.entries if p not in live]:
            del self.entries[p]
            self.delta[p] = None
            self.dirty = True

    @staticmethod
    def _head() -> bytes:
        return b'{"version":' + _dumps(cache_key()) + b"}"

    @classmethod
    def _delta_head(cls, base_mac: str) -> bytes:
        return b'{"version":' + _dumps(cache_key()) + b',"base":' + _dumps(base_mac) + b"}"

    def _chunks(self):
        """The cache one line per file: a large tree's cache is hundreds of MB, and one bytes
        object of it would double the scan's peak memory. (JSON text never holds a raw newline.)"""
        yield self._head() + b"\n"
        for path, entry in self.entries.items():
            yield _dumps([path, entry["sha"], entry["facts"]]) + b"\n"

    def _delta_chunks(self):
        yield self._delta_head(self.base_mac) + b"\n"
        for path, entry in self.delta.items():
            if entry is None:
                yield _dumps([path, None, None]) + b"\n"
            else:
                yield _dumps([path, entry["sha"], entry["facts"]]) + b"\n"

    def save(self) -> str | None:
        """Write the changes: the delta alone while it is small, else a new base (which orphans
        the old delta). An error message where it could not be (or may not be) written."""
        if self.where is None:
            return self.problem
        if not self.dirty:
            return None
        if self.base_mac is not None and \
                len(self.delta) <= max(self.DELTA_MIN, self.DELTA_SHARE * len(self.entries)):
            return self.where.write(self.delta_name, self._delta_chunks(), signed_head=False)
        return self.where.write(self.name, self._chunks(), signed_head=False)


def _write_new(path: Path, data, mode: int = 0o600) -> None:
    """Create `path` (never through a symlink, never over an existing file) and write `data`
    (bytes, or an iterable of byte chunks)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
    with os.fdopen(fd, "wb") as fh:
        if isinstance(data, bytes):
            fh.write(data)
        else:
            fh.writelines(data)


def tree_key(config, files: list[tuple[str, str]], skipped: list[dict]) -> str:
    """What the native stage's output depends on: auditor's own code, the configuration, and
    every file's path and content hash (and what discovery left out)."""
    import dataclasses

    h = hashlib.sha256(cache_key().encode())
    h.update(_dumps(dataclasses.asdict(config)))
    for path, sha in sorted(files):
        h.update(f"{path}\0{sha}\n".encode("utf-8", "surrogateescape"))
    for s in sorted(skipped, key=lambda s: s["file"]):
        h.update(f"{s['file']}\0{s['reason']}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


class SnapshotStore:
    """The native stage of the last scan of this tree, keyed by `tree_key`: a re-run on an
    unchanged tree reads this small document instead of every file's facts. Authenticated like
    the facts cache; a document that fails its MAC or does not parse is ignored."""

    def __init__(self, where: CacheDir | None) -> None:
        self.where = where if where is not None and where.directory is not None else None

    @property
    def directory(self) -> Path | None:
        return self.where.directory if self.where is not None else None

    def load(self, key: str) -> dict | None:
        return self._keyed("snapshot", key, (
            "native_findings", "project_errors", "endpoints", "unresolved_routes", "errors",
            "skipped", "notices", "files_analyzed", "suppressions", "safe_sql_lines", "spans", "dead_spans", "checklists"))

    def _keyed(self, kind: str, key: str, needed: tuple = ()) -> dict | None:
        """The `kind` document of this very tree (`{"key": key, kind: {...}}` in
        `<kind>-<version>.json`), None when absent, for another tree, forged, or missing a key."""
        if self.where is None:
            return None
        body = self.where.read_document(f"{kind}-{__version__}.json")
        if body is None:
            return None
        try:
            data = _loads(body)
        except ValueError:
            return None
        doc = data.get(kind) if isinstance(data, dict) and data.get("key") == key else None
        if not isinstance(doc, dict) or any(k not in doc for k in needed):
            return None
        return doc

    def load_graph(self, key: str) -> dict | None:
        """The call graph built from this very tree, as plain data (read once per scan)."""
        if self.where is None:
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

    def load_graph_part(self, lang: str, key: str) -> dict | None:
        """The call-graph part one language's resolver produced for the same files (see
        `auditor.graph.build_graph`); None when absent, stale or forged."""
        g = self._keyed(f"graph-part-{lang}", key)
        if g is not None and not (isinstance(g.get("nodes"), list) and
                                  isinstance(g.get("edges"), list)):
            return None
        return g

    def save_graph_part(self, lang: str, key: str, data: dict) -> None:
        self._write(f"graph-part-{lang}", {"key": key, f"graph-part-{lang}": data})

    def save_endpoints(self, key: str, doc: dict) -> None:
        self._write("endpoints", {"key": key, "endpoints": doc})

    def save_graph(self, key: str, graph: dict) -> None:
        self._write("graph", {"key": key, "graph": graph})

    def save(self, key: str, snapshot: dict) -> None:
        self._write("snapshot", {"key": key, "snapshot": snapshot})

    def _write(self, kind: str, doc: dict) -> None:
        if self.where is None:
            return
        try:
            body = _dumps(doc)
        except (TypeError, ValueError):
            return
        self.where.write(f"{kind}-{__version__}.json", [body])
