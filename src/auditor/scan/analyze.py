"""The per-file work done in a worker process: read, parse, index, run the file rules.

It never raises: a failure of any stage becomes an entry in `facts.errors` with the stage.
"""
from __future__ import annotations

import hashlib
import re

from auditor.index.facts import FileFacts


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


MODES = ("full", "routes", "index")  # what a command needs of each file, most first


def analyze(path: str, abspath: str, language: str, data: bytes | None = None,
            mode: str = "full") -> dict:
    """`full` runs every per-file stage (a scan); `routes` stops after the route registrations
    (`auditor endpoints`), `index` after the index (`auditor graph`)."""
    facts = FileFacts(path=path, language=language)
    try:
        if data is None:
            with open(abspath, "rb") as fh:
                data = fh.read()
    except OSError as exc:
        facts.errors.append({"stage": "read", "message": exc.strerror or str(exc)})
        return facts.to_dict()
    facts.sha = content_hash(data)
    facts.lines = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    if language not in ("sql", "template"):
        from auditor.index.paths import path_refs

        refs = path_refs(data)  # what could point a runner at SQL migrations (scan/reach.py)
        if refs:
            facts.extra["path_refs"] = refs
    if language == "template":  # read as text for its unescaped outputs (xss)
        from auditor.checks.templates import template_outputs

        got = template_outputs(path, data)
        if got:
            facts.extra["template"] = got
        return facts.to_dict()
    if language in ("config", "manifest", "sql"):  # text files: no parse, no index
        if language == "manifest" and path.rsplit("/", 1)[-1] == "go.mod":
            facts.extra["go_requires"] = go_requires(data)  # framework versions (endpoints)
        elif language == "manifest" and path.rsplit("/", 1)[-1].lower() in (
                "requirements.txt", "pyproject.toml", "pipfile"):
            got = py_requires(data)
            if got:
                facts.extra["py_requires"] = got  # framework versions (Django's LogoutView)
        elif language == "manifest" and path.rsplit("/", 1)[-1] == "package.json":
            got = npm_requires(data)
            if got:
                facts.extra["npm_requires"] = got  # framework versions (rules)
        if language == "config" and path.rsplit("/", 1)[-1].lower().startswith(".env"):
            env = env_values(data)
            if env:
                facts.extra["env"] = env  # mount paths built from process.env (endpoints)
        elif language == "config" and path.lower().endswith((".yml", ".yaml")):
            got = yaml_values(data)
            if got:
                facts.extra["config_values"] = got  # Go prefixes read from config (endpoints)
        if language == "config" and path.rsplit("/", 1)[-1].lower() in SQLC_CONFIGS:
            outs = sqlc_outputs(data)
            if outs:
                facts.extra["sqlc_out"] = outs  # where sqlc writes its Go code (data access)
        if mode == "full":
            _config_rules(facts, data)
        return facts.to_dict()
    from auditor.parse import parse

    try:
        parsed = parse(language, data)
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - any parser failure is an entry
        facts.errors.append({"stage": "parse", "message": f"{type(exc).__name__}: {exc}"[:500]})
        return facts.to_dict()
    facts.parser = parsed.kind
    if parsed.notices:
        facts.extra["notices"] = list(parsed.notices)
    if parsed.error:
        facts.errors.append({"stage": "parse", "message": parsed.error[:500] +
                             " (fell back to tree-sitter's error-tolerant tree)"})
    elif parsed.has_syntax_errors:
        facts.errors.append({"stage": "parse", "message": "syntax errors; facts come from the "
                             "error-tolerant tree"})
    from auditor.index import index_file

    try:
        index_file(path, parsed, facts, signals=mode == "full")
    except (Exception, RecursionError) as exc:  # noqa: BLE001
        facts.errors.append({"stage": "index", "message": f"{type(exc).__name__}: {exc}"[:500]})
    if mode == "index":
        return facts.to_dict()
    from auditor.endpoints.registrations import extract_registrations

    try:
        extract_registrations(path, parsed, facts)
    except (Exception, RecursionError) as exc:  # noqa: BLE001
        facts.errors.append({"stage": "routes", "message": f"{type(exc).__name__}: {exc}"[:500]})
    if mode == "routes":
        return facts.to_dict()
    from auditor.suppress import parse_suppressions

    facts.suppressions = parse_suppressions(facts.comments)
    _file_rules(facts, parsed)
    _columns_to_code_points(facts.findings, parsed.data)
    if facts.findings or facts.extra.get("sql_param_built"):
        # read once, after the graph is built: kept packed till then
        from auditor.index.packed import pack

        if facts.findings:
            facts.findings = pack(facts.findings)
        if facts.extra.get("sql_param_built"):  # the SQL rule judges them on the whole tree
            facts.extra["sql_param_built"] = pack(facts.extra["sql_param_built"])
    return facts.to_dict()


_ENV_LINE = re.compile(rb"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*"
                       rb"(\"[^\"\r\n]*\"|'[^'\r\n]*'|[^\s#]*)", re.MULTILINE)
# what a route prefix can be: a path piece; never a value whose name says it is a secret
_ENV_PATHISH = re.compile(r"/?[\w.-]+(?:/[\w.-]+)*/?")
_ENV_SECRET = re.compile(r"SECRET|PASS|PWD|TOKEN|KEY|CREDENTIAL|PRIVATE|SALT|DSN|AUTH",
                         re.IGNORECASE)


def env_values(data: bytes) -> dict[str, str]:
    """`KEY=value` lines of a dotenv file whose value looks like a path piece (`api`, `/v1`);
    secrets and anything else are not kept."""
    out: dict[str, str] = {}
    for m in _ENV_LINE.finditer(data[:256 * 1024]):
        key = m.group(1).decode("ascii", "replace")
        val = m.group(2).decode("utf-8", "replace").strip("\"'")
        if _ENV_SECRET.search(key) or len(val) > 64 or not _ENV_PATHISH.fullmatch(val):
            continue
        out[key] = val
    return out


# `Django==6.0`, `django>=5.0,<6`, `"django (>=5.1)"`, `Django = "^5.0"`: a name and the version
# it is pinned to or starts from
_PY_REQ = re.compile(r"""(?im)(?:^|[\[,])[ \t]*["']?([A-Za-z0-9][\w.-]{0,80})["']?"""
                     r"""(?:[ \t]*\[[^\]\n]*\])?[ \t]*(?:=[ \t]*["'][ \t]*)?(?:\([ \t]*)?"""
                     r"""(==|>=|~=|\^|~)[ \t]*([0-9][\w.]{0,20})""")


def py_requires(data: bytes) -> dict[str, str]:
    """name (lower case) -> the version a requirements file, a pyproject or a Pipfile pins it to
    or requires at least; only names given so (a bare name says nothing of the version)."""
    text = data[:256 * 1024].decode("utf-8", "replace")
    out: dict[str, str] = {}
    for m in _PY_REQ.finditer(text):
        out.setdefault(m.group(1).lower().replace("_", "-"), m.group(3))
    return out


SQLC_CONFIGS = ("sqlc.yaml", "sqlc.yml", "sqlc.json")


def sqlc_outputs(data: bytes) -> list[str]:
    """The folders (relative to the configuration file) sqlc generates Go code into: version 2's
    `sql[].gen.go.out`, version 1's `packages[].path`."""
    doc = _yaml_doc(data)  # (JSON is YAML)
    if not isinstance(doc, dict):
        return []
    out: list[str] = []
    for entry in (doc.get("sql") or [])[:32] if isinstance(doc.get("sql"), list) else ():
        go = ((entry.get("gen") or {}).get("go") or {}) if isinstance(entry, dict) else {}
        if isinstance(go, dict) and isinstance(go.get("out"), str):
            out.append(go["out"])
    for pkg in (doc.get("packages") or [])[:32] if isinstance(doc.get("packages"), list) else ():
        if isinstance(pkg, dict) and isinstance(pkg.get("path"), str):
            out.append(pkg["path"])
    return [o for o in out if len(o) < 200][:32]


def _yaml_doc(data: bytes):
    """A configuration file's YAML (or JSON) document, safely loaded; None past 256 KiB or
    when it does not load (any YAML a tree holds: not a config we can read)."""
    if len(data) > 256 * 1024:
        return None
    import yaml

    try:
        return yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except Exception:  # noqa: BLE001
        return None


def yaml_values(data: bytes) -> dict[str, str]:
    """The path-like string values of a YAML configuration file, by lower-case dotted key
    (`system.url-path-prefix` -> `api`), what a Go program loads into its config struct through
    viper or yaml tags. Secrets and anything else are not kept; the walk is bounded (aliases
    are shared objects, not copies, but a document may still be large)."""
    if b":" not in data:
        return {}
    doc = _yaml_doc(data)
    out: dict[str, str] = {}
    todo, budget = [(doc, "", 0)], 4000
    while todo and budget > 0:
        node, prefix, depth = todo.pop()
        if not isinstance(node, dict) or depth > 8:
            continue
        for k, v in node.items():
            budget -= 1
            if budget <= 0:
                break
            if not isinstance(k, str):
                continue
            key = f"{prefix}.{k.lower()}" if prefix else k.lower()
            if isinstance(v, dict):
                todo.append((v, key, depth + 1))
            elif isinstance(v, str) and len(v) <= 64 and _ENV_PATHISH.fullmatch(v) and \
                    not _ENV_SECRET.search(k):
                out[key] = v
    return out


def go_requires(data: bytes) -> dict[str, str]:
    """module path -> version of every `require` of a go.mod (single lines and blocks)."""
    out: dict[str, str] = {}
    block = False
    for raw in data.decode("utf-8", "replace").splitlines():
        line = raw.split("//", 1)[0].strip()
        if block:
            if line.startswith(")"):
                block = False
                continue
            parts = line.split()
        elif line.startswith("require"):
            rest = line[len("require"):].strip()
            if rest.startswith("("):
                block = True
                continue
            parts = rest.split()
        else:
            continue
        if len(parts) >= 2:
            out[parts[0].strip('"')] = parts[1]
    return out


# the npm packages whose major version changes what a rule reads (Express 5 parses query
# strings into strings only; 4 into nested objects)
# (and the libraries whose behaviour changed with a major version: js-yaml's `load` became safe
# in 4.0)
# (and the MongoDB clients: a project that installs none runs no Mongo query, whatever a
# call is named)
NPM_FRAMEWORKS = frozenset({"express", "@nestjs/platform-express", "koa", "fastify", "next",
                            "js-yaml", "mongoose", "mongodb", "monk", "mongojs",
                            "@typegoose/typegoose", "@nestjs/mongoose", "@mikro-orm/mongodb",
                            # NestJS's WebSocket adapters (where a gateway listens)
                            "@nestjs/platform-ws", "@nestjs/platform-socket.io"})


def npm_requires(data: bytes) -> dict[str, str]:
    """package -> version range of a package.json's dependencies, for NPM_FRAMEWORKS only."""
    import json

    try:
        doc = json.loads(data.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return {}
    out: dict[str, str] = {}
    if not isinstance(doc, dict):
        return out
    for key in ("dependencies", "peerDependencies", "devDependencies"):
        deps = doc.get(key)
        if isinstance(deps, dict):
            for name, spec in deps.items():
                if name in NPM_FRAMEWORKS and isinstance(spec, str) and name not in out:
                    out[name] = spec[:100]
    return out


# the rules whose finding is a call that does harm when it runs: one in code that never runs
# (`if False:`, after a `return`, under `if TYPE_CHECKING:`) is no finding
SINK_CATEGORIES = frozenset({
    "code-injection", "command-injection", "deserialization", "header-injection",
    "ldap-injection", "nosql-injection", "open-redirect", "path-traversal", "sql-injection",
    "ssrf", "trust-boundary", "xpath-injection", "xss", "xxe", "weak-hash", "insecure-random",
    "insecure-cookie"})


def _file_rules(facts: FileFacts, parsed) -> None:
    from auditor.checks.base import FileContext
    from auditor.checks.registry import all_rules

    ctx = FileContext(path=facts.path, language=facts.language, text=parsed.text,
                      data=parsed.data, tree=parsed.tree, tree_kind=parsed.kind, facts=facts)
    ctx._ts_tree = parsed.ts_tree
    dead = None
    for rule_cls in all_rules():
        if rule_cls.scope != "file" or facts.language not in rule_cls.languages:
            continue
        try:
            rule = rule_cls()
            for f in rule.check_file(ctx):
                if rule_cls.category in SINK_CATEGORIES:
                    if dead is None:
                        from auditor.checks.treeutil import DeadLines

                        dead = DeadLines(ctx)
                    if dead.never_runs(f.line, rule):
                        continue
                facts.findings.append(f.to_dict())
        except (Exception, RecursionError) as exc:  # noqa: BLE001
            facts.errors.append({"stage": f"rule {rule_cls.id}",
                                 "message": f"{type(exc).__name__}: {exc}"[:500]})
    _taint_summary(ctx, facts)


def _taint_summary(ctx, facts: FileFacts) -> None:
    """The file's functions' taint summaries (auditor.taint), after the rules that share its
    index and flow memo."""
    from auditor.checks.treeutil import Flow, file_index
    from auditor.taint.summary import summarize

    try:
        idx = file_index(ctx)
        if idx is not None:
            summarize(ctx, idx, Flow(idx))
    except (Exception, RecursionError) as exc:  # noqa: BLE001
        facts.errors.append({"stage": "taint summary",
                             "message": f"{type(exc).__name__}: {exc}"[:500]})


def _columns_to_code_points(findings: list[dict], data: bytes) -> None:
    """tree-sitter columns count bytes; reports (SARIF `unicodeCodePoints`) count characters."""
    if not findings or data.isascii():
        return
    lines = data.split(b"\n")
    for f in findings:
        for lkey, ckey in (("line", "column"), ("end_line", "end_column")):
            ln, col = f.get(lkey) or 0, f.get(ckey) or 0
            if 1 <= ln <= len(lines) and col > 1:
                raw = lines[ln - 1]
                if not raw.isascii():
                    f[ckey] = len(raw[:col - 1].decode("utf-8", "replace")) + 1


def _config_rules(facts: FileFacts, data: bytes) -> None:
    """Configuration files: only rules that declare the `config` language read them."""
    from auditor.checks.base import FileContext
    from auditor.checks.registry import all_rules
    from auditor.parse import decode

    rules = [r for r in all_rules() if r.scope == "file" and facts.language in r.languages]
    if not rules:
        return
    text, _ = decode(data)
    ctx = FileContext(path=facts.path, language=facts.language, text=text, data=data, tree=None,
                      tree_kind="text", facts=facts)
    for rule_cls in rules:
        try:
            for f in rule_cls().check_file(ctx):
                facts.findings.append(f.to_dict())
        except (Exception, RecursionError) as exc:  # noqa: BLE001
            facts.errors.append({"stage": f"rule {rule_cls.id}",
                                 "message": f"{type(exc).__name__}: {exc}"[:500]})
