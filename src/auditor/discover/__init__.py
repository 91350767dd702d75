"""Discovery: which files of the tree are scanned, and why every other file is not.

Inside a git work tree the files git tracks plus the untracked ones it does not ignore; elsewhere
a walk that honours `.gitignore` files. Both honour `.auditorignore`, the default excludes and the
configured include/exclude globs. Symlinks are never followed (a link's target inside the root is
scanned at its own path), so loops end and nothing outside the root is read.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pathspec

from auditor.config import Config
from auditor.gitsafe import git

SOURCE_EXTENSIONS = {
    ".go": "go", ".py": "python", ".pyi": "python", ".ts": "typescript", ".mts": "typescript",
    ".cts": "typescript", ".tsx": "tsx", ".js": "javascript", ".jsx": "javascript",
    ".mjs": "javascript", ".cjs": "javascript",
}
CONFIG_EXTENSIONS = {".yaml", ".yml", ".json", ".toml", ".ini", ".cfg", ".properties", ".conf", ".env"}
# SQL migrations and seeds: read as text by the secret rule only (seeded accounts, keys, tokens)
SQL_EXTENSIONS = {".sql"}
# server-side templates (Jinja2/Django/Nunjucks, EJS, Handlebars/Mustache, Pug): read as text
# for the places they write a value unescaped (checks/templates.py), which xss joins with the
# code's render calls
TEMPLATE_EXTENSIONS = {".html", ".htm", ".jinja", ".jinja2", ".j2", ".njk", ".ejs", ".hbs",
                       ".handlebars", ".mustache", ".pug", ".jade"}
MANIFEST_NAMES = {
    "go.mod", "go.sum", "package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml",
    "requirements.txt", "pyproject.toml", "poetry.lock", "pipfile.lock", "pipfile", "uv.lock",
    "npm-shrinkwrap.json",
}
MANIFEST_MAX_SIZE = 64 * 1024 * 1024
# A source file over the size cap is still analysed (under a fixed time budget), up to this many
# times the cap: padding a file past the cap must not hide what is in it.
OVERSIZE_FACTOR = 8
DEFAULT_EXCLUDED_DIRS = {
    "node_modules", "vendor", "dist", "build", ".venv", "venv", ".git", ".hg", ".svn",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".tox", ".next", ".nuxt", "bower_components",
    ".terraform", "site-packages", ".idea", ".vscode",
    ".auditor-cache",  # where auditor kept its cache before it moved out of the tree
    ".yarn",  # Yarn 2+'s own folder: its committed release, plugins, editor SDKs, package cache
}
# files a package manager writes: Yarn Plug'n'Play's module loader (megabytes of generated code)
GENERATED_FILES = {".pnp.cjs", ".pnp.js", ".pnp.loader.mjs"}
# third-party code a build concatenated into one file (webpack's `vendor.js`, `chunk-vendors`)
VENDOR_BUNDLES = {"vendor.js", "vendors.js"}
MINIFIED_SUFFIXES = (".min.js", ".min.mjs", ".min.cjs", ".bundle.js", "-bundle.js", ".min.css")
BINARY_SNIFF = 8192


@dataclass(frozen=True)
class Target:
    path: str  # POSIX, relative to the scan root
    abspath: str
    language: str  # go | python | typescript | tsx | javascript | config | manifest | sql | template
    size: int
    oversize: bool = False  # over the size cap: analysed under a fixed time budget

    @property
    def kind(self) -> str:
        if self.language == "config":
            return "config"
        if self.language == "manifest":
            return "manifest"
        if self.language in ("sql", "template"):
            return self.language
        return "source"


@dataclass
class Discovery:
    root: Path
    targets: list[Target] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    git_top: Path | None = None

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append({"file": path, "reason": reason})


def classify(rel: str) -> str | None:
    """Language or file kind of a path, None when auditor has nothing for it."""
    name = PurePosixPath(rel).name
    lower = name.lower()
    if lower in MANIFEST_NAMES or (lower.startswith("requirements") and lower.endswith(".txt")):
        return "manifest"
    suffix = PurePosixPath(lower).suffix
    if suffix in SOURCE_EXTENSIONS:
        return SOURCE_EXTENSIONS[suffix]
    if lower.startswith(".env") or lower == "dockerfile" or lower.startswith("dockerfile.") \
            or lower.endswith(".dockerfile") or suffix in CONFIG_EXTENSIONS:
        return "config"
    if suffix in SQL_EXTENSIONS:
        return "sql"
    if suffix in TEMPLATE_EXTENSIONS:
        return "template"
    return None


def git_toplevel(path: Path) -> Path | None:
    out = git(path, "rev-parse", "--show-toplevel")
    if out is None:
        return None
    top = out.decode("utf-8", "surrogateescape").strip()
    return Path(top) if top else None


def _load_spec(path: Path) -> pathspec.PathSpec | None:
    try:
        if path.is_file() and not path.is_symlink():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            return pathspec.GitIgnoreSpec.from_lines(lines)
    except OSError:
        return None
    return None


def _default_excluded(rel: str) -> str | None:
    parts = rel.split("/")
    for part in parts[:-1]:
        if part in DEFAULT_EXCLUDED_DIRS:
            return part
    name = parts[-1].lower()
    if name in GENERATED_FILES:
        return "generated file"
    if name.endswith(MINIFIED_SUFFIXES) or name in VENDOR_BUNDLES or \
            name.startswith("chunk-vendors") and name.endswith(".js"):
        return "minified bundle"
    return None


def discover(root: Path, config: Config) -> Discovery:
    """Targets under `root` (a directory or a single file) and the skipped files with reasons."""
    root = root.resolve()
    if root.is_file():
        d = Discovery(root=root.parent, git_top=git_toplevel(root.parent))
        _consider(d, root.parent, root.name, config, None)
        return d
    d = Discovery(root=root, git_top=git_toplevel(root))
    if config.ignore_lines is not None:  # --config-from: the revision's .auditorignore
        auditorignore = pathspec.GitIgnoreSpec.from_lines(config.ignore_lines)
    else:
        auditorignore = _load_spec(root / ".auditorignore")
    candidates = _git_candidates(d, root) if d.git_top else None
    if candidates is None:
        candidates = _walk_candidates(d, root)
    include = pathspec.GitIgnoreSpec.from_lines(config.include) if config.include else None
    exclude = pathspec.GitIgnoreSpec.from_lines(config.exclude) if config.exclude else None
    excluded_dirs: set[str] = set()
    for rel in sorted(set(candidates)):
        why = _default_excluded(rel)
        if why:
            if why in ("minified bundle", "generated file"):
                d.skip(rel, f"{why} (default exclude)")
            else:
                top = rel.split("/" + why + "/")[0] + "/" + why if ("/" + why + "/") in rel else why
                if top not in excluded_dirs:
                    excluded_dirs.add(top)
                    d.skip(top + "/", f"default exclude ({why})")
            continue
        if auditorignore and auditorignore.match_file(rel):
            d.skip(rel, "ignored by .auditorignore")
            continue
        if exclude and exclude.match_file(rel):
            d.skip(rel, "excluded by configuration")
            continue
        if include and not include.match_file(rel):
            d.skip(rel, "not matched by configured include")
            continue
        _consider(d, root, rel, config, None)
    return d


def _git_candidates(d: Discovery, root: Path) -> list[str] | None:
    out = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".")
    if out is None:
        return None
    files = [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]
    ignored = git(root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard",
                   "--directory", "--", ".")
    if ignored:
        for p in ignored.split(b"\0"):
            if p:
                d.skip(p.decode("utf-8", "surrogateescape"), "ignored by .gitignore")
    # submodule entries (directories) are listed as files by ls-files
    return files


def _walk_candidates(d: Discovery, root: Path) -> list[str]:
    out: list[str] = []
    specs: list[tuple[str, pathspec.PathSpec]] = []
    stack: list[str] = [""]
    seen: set[tuple[int, int]] = set()
    while stack:
        rel_dir = stack.pop()
        abs_dir = root / rel_dir if rel_dir else root
        try:
            st = abs_dir.stat()
        except OSError as exc:
            d.skip(rel_dir + "/", f"unreadable directory: {exc.strerror}")
            continue
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        spec = _load_spec(abs_dir / ".gitignore")
        if spec is not None:
            specs.append((rel_dir, spec))
        try:
            entries = sorted(os.scandir(abs_dir), key=lambda e: e.name)
        except OSError as exc:
            d.skip((rel_dir + "/") if rel_dir else "./", f"unreadable directory: {exc.strerror}")
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                if entry.name in DEFAULT_EXCLUDED_DIRS:
                    d.skip(rel + "/", f"default exclude ({entry.name})")
                    continue
                if _dir_ignored(specs, rel):
                    d.skip(rel + "/", "ignored by .gitignore")
                    continue
                stack.append(rel)
            else:
                if _ignored(specs, rel):
                    d.skip(rel, "ignored by .gitignore")
                    continue
                out.append(rel)
    return out


def _applying(specs: list[tuple[str, pathspec.PathSpec]], rel: str):
    """(spec, path relative to the spec's folder) for each ignore file whose folder holds
    `rel`."""
    for base, spec in specs:
        if not base:
            yield spec, rel
        elif rel.startswith(base + "/"):
            yield spec, rel[len(base) + 1:]


def _ignored(specs: list[tuple[str, pathspec.PathSpec]], rel: str) -> bool:
    return any(spec.match_file(sub) for spec, sub in _applying(specs, rel))


def _dir_ignored(specs: list[tuple[str, pathspec.PathSpec]], rel: str) -> bool:
    """Whether a directory is ignored, by git's rule: the last pattern that matches it decides
    (`*` then `!*/`, "ignore every file, keep the folders", keeps `cmd/`; pathspec's own
    priority, file patterns before folder patterns, would drop it)."""
    for spec, sub in _applying(specs, rel):
        verdict = None
        for pat in spec.patterns:
            if pat.include is not None and pat.match_file(sub + "/"):
                verdict = pat.include
        if verdict:
            return True
    return False


def _consider(d: Discovery, root: Path, rel: str, config: Config, _unused) -> None:
    lang = classify(rel)
    abspath = root / rel
    try:
        st = os.lstat(abspath)
    except OSError as exc:
        if lang is not None:
            d.skip(rel, f"unreadable: {exc.strerror or exc}")
        return
    if stat.S_ISLNK(st.st_mode):
        try:
            target = abspath.resolve(strict=True)
        except (OSError, RuntimeError):
            d.skip(rel, "dangling or looping symlink")
            return
        try:
            target.relative_to(d.root)
            d.skip(rel, "symlink (not followed; its target inside the root is scanned at its own path)")
        except ValueError:
            d.skip(rel, "symlink pointing outside the scan root (not followed)")
        return
    if stat.S_ISDIR(st.st_mode):
        return  # a submodule or a directory listed by git: nothing to read here
    if not stat.S_ISREG(st.st_mode):
        d.skip(rel, "not a regular file")
        return
    if lang is None:
        d.skip(rel, "unsupported file type")
        return
    source = lang not in ("config", "manifest", "sql", "template")
    cap = MANIFEST_MAX_SIZE if lang == "manifest" else config.max_file_size
    oversize = st.st_size > cap
    if oversize and (not source or st.st_size > cap * OVERSIZE_FACTOR):
        limit = cap * OVERSIZE_FACTOR if source else cap
        d.skip(rel, f"larger than the size cap ({st.st_size} > {limit} bytes)")
        return
    try:
        with open(abspath, "rb") as fh:
            head = fh.read(BINARY_SNIFF)
    except OSError as exc:
        d.skip(rel, f"unreadable: {exc.strerror or exc}")
        return
    if is_binary(head, source):
        d.skip(rel, "binary content")
        return
    d.targets.append(Target(rel, str(abspath), lang, st.st_size, oversize))


# Formats that are never source text, by their first bytes: executables, archives, images,
# compiled bytecode. A file named like source with one of these is data, whatever its name.
_MAGIC = (b"\x7fELF", b"MZ\x90\x00", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe",
          b"\xce\xfa\xed\xfe", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf",
          b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"\x00asm", b"SQLite format 3",
          b"\x28\xb5\x2f\xfd")


def is_binary(head: bytes, source: bool) -> bool:
    """Binary by the rules of the file's kind. Source files (Go, Python, JavaScript,
    TypeScript) are text unless they open with a binary format's magic number or are mostly
    NUL bytes: one NUL in a comment or string does not stop node (or an older Python) from
    running the file, so it must not stop the analysis either. Configuration files keep the
    usual test (a NUL byte in the first 8 KiB) unless they are UTF-16."""
    if _is_utf16(head):
        return False
    if head.startswith(_MAGIC):
        return True
    if not source:
        return b"\0" in head
    controls = len(head) - len(head.translate(None, _CONTROLS))  # one pass, not 27
    return controls > max(8, len(head) // 20)


# bytes no text file is made of: C0 controls but tab, line ends, form feed, escape; and DEL
_CONTROLS = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])


def _is_utf16(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff"))
