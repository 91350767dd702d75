"""not-implemented: a raise in the last `else` of a chain of handled cases (or a switch's
default) that rejects an unknown value guards the input; a route that raises "not implemented"
for its own work is still a stub."""
from __future__ import annotations

from conftest import scan, write_tree

PY = '''from fastapi import FastAPI

app = FastAPI()


def open_box(security: str):
    if security == "none":
        return "plain"
    elif security == "starttls":
        return "starttls"
    elif security == "ssl":
        return "ssl"
    else:
        raise NotImplementedError("Unknown IMAP security")


def export_kind(kind: str):
    if kind == "csv":
        return "csv"
    else:
        raise NotImplementedError("xlsx export is coming")


def provider_for(method: str):
    if method == "dropbox":
        return "Dropbox"
    elif method == "nextcloud":
        return "Nextcloud"
    else:
        raise Exception("Provider not implemented")


def merge_link(kind: str):
    if kind == "fk":
        return 1
    elif kind == "m2m":
        return 2
    else:
        # a new scenario exists and needs to be handled
        raise NotImplementedError


def render(fmt: str):
    if fmt == "html":
        return "<p>"
    elif fmt == "md":
        return "*"
    else:
        raise NotImplementedError("pdf rendering is not implemented yet")


@app.get("/api/render/{fmt}")
def render_route(fmt: str):
    return {"p": provider_for(fmt), "m": merge_link(fmt), "r": render(fmt)}


@app.get("/api/mail/{security}")
def mail(security: str):
    return {"box": open_box(security)}


@app.get("/api/export/{kind}")
def export(kind: str):
    return {"kind": export_kind(kind)}
'''
JS = '''const express = require("express");
const app = express();
function pick(mode) {
  switch (mode) {
    case "a": return 1;
    case "b": return 2;
    default: throw new Error("not implemented: unsupported mode " + mode);
  }
}
app.get("/api/mode/:m", (req, res) => res.json({ v: pick(req.params.m) }));
app.get("/api/later", (req, res) => { throw new Error("not implemented"); });
'''


def test_unknown_value_default_is_not_a_stub(tmp_path):
    root = write_tree(tmp_path / "p", {"app/main.py": PY, "web/app.js": JS})
    res = scan(root)
    got = {(f.file, f.line) for f in res.findings if f.rule_id == "not-implemented"}
    assert got == {("app/main.py", 21), ("app/main.py", 49), ("web/app.js", 11)}, got


DEFAULTS_PY = '''import hashlib

from fastapi import FastAPI

app = FastAPI()


def hash_file(data: bytes, algo="sha1"):
    if algo == "sha1":
        return hashlib.sha1(data).hexdigest()
    else:
        raise NotImplementedError


def export_rows(rows, fmt="json"):
    if fmt == "csv":
        return ",".join(rows)
    else:
        raise NotImplementedError


@app.get("/api/hash")
def hash_route(q: str):
    return {"h": hash_file(q.encode()), "e": export_rows([q])}
'''
DEFAULTS_TS = '''import express from "express";
const app = express();
function digest(data: string, algo = "sha256") {
  if (algo === "sha256") {
    return data.length;
  } else {
    throw new Error("not implemented");
  }
}
app.get("/api/digest", (req, res) => res.json({ d: digest(String(req.query.q)) }));
'''


def test_a_single_case_that_is_the_parameters_default_is_implemented(tmp_path):
    """`if algo == "sha1": ... else: raise NotImplementedError` in `def hash_file(fp,
    algo="sha1")` (CTFd): what a caller leaving `algo` out gets is implemented, the else refuses
    other values; `export_rows(rows, fmt="json")` handling only "csv" raises on its own default:
    a stub."""
    root = write_tree(tmp_path / "d", {"app/main.py": DEFAULTS_PY, "web/app.ts": DEFAULTS_TS})
    got = {(f.file, f.line) for f in scan(root).findings if f.rule_id == "not-implemented"}
    assert got == {("app/main.py", 19)}, got


CAPABILITY_PY = '''from fastapi import FastAPI

app = FastAPI()


class Cache:
    backend = None  # set by the app factory

    def inc(self, key):
        inc = getattr(self.backend, "inc", None)
        if inc is not None and callable(inc):
            return inc(key)
        raise NotImplementedError

    def expire(self, key):
        if self.backend:
            self.backend.touch(key)
        raise NotImplementedError


cache = Cache()


@app.post("/api/hit/{key}")
def hit(key: str):
    cache.expire(key)
    return {"n": cache.inc(key)}
'''


def test_a_raise_after_a_capability_probe_is_a_guard(tmp_path):
    """`if inc is not None and callable(inc): return inc(key)` then `raise
    NotImplementedError` (CTFd's cache INCR): implemented wherever the backend has the
    operation; a raise after an `if` that probes nothing is still a stub."""
    root = write_tree(tmp_path / "c", {"app/main.py": CAPABILITY_PY})
    got = {(f.file, f.line) for f in scan(root).findings if f.rule_id == "not-implemented"}
    assert got == {("app/main.py", 18)}, got
