"""A function handed to a wrapper that returns a caller of it (asgiref's
`sync_to_async(fn)(args)`, khoj's `sync_to_async(EntryAdapters.get_size...)(user)`) or to a
runner that calls it (Starlette's `run_in_threadpool(fn, args)`) is called: the handler's
trace reaches its data. A function only named in a list is not called."""
from __future__ import annotations

from conftest import scan, write_tree

APP = '''from asgiref.sync import sync_to_async
from fastapi import FastAPI
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

app = FastAPI()
session = Session()


def count_rows(kind):
    return session.execute("SELECT count(*) FROM entries WHERE kind = :k", {"k": kind}).scalar()


def list_rows(kind):
    return session.execute("SELECT * FROM entries WHERE kind = :k", {"k": kind}).all()


def describe(kind):
    return kind.upper()


@app.get("/size")
async def size(kind: str):
    return {"n": await sync_to_async(count_rows)(kind)}


@app.get("/rows")
async def rows(kind: str):
    return {"rows": await run_in_threadpool(list_rows, kind)}


@app.get("/names")
async def names(kind: str):
    known = [describe]
    return {"names": [f.__name__ for f in known], "kind": kind}
'''


def test_functions_handed_to_wrappers_and_runners_are_called(tmp_path):
    eps = {(e.method, e.path): e for e in scan(write_tree(tmp_path, {"app.py": APP})).endpoints}
    assert [s["line"] for s in eps[("GET", "/size")].data_sites] == [11]
    assert [s["line"] for s in eps[("GET", "/rows")].data_sites] == [15]
    assert eps[("GET", "/names")].data_sites == []
