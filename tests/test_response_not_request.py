"""`r`, `c`, `ctx` and `req` name the request by convention only, in Python and JavaScript: a
local assigned from something else (an HTTP client's response, a `fetch`) is not request data;
a parameter, or a local taken from the request, still is."""
from __future__ import annotations

from conftest import scan, write_tree

PY = '''import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/next")
def follow():
    r = requests.get("https://api.example.com/page")
    nxt = r.json()["next"]
    return requests.get(nxt).text  # ok: ssrf (a response's body)


@app.route("/proxy")
def proxy():
    r = request
    return requests.get(r.args["url"]).text  # expect: ssrf


@app.route("/proxy2")
def proxy2():
    return requests.get(request.args["url"]).text  # expect: ssrf
'''
JS = '''const express = require("express");
const app = express();
app.get("/a", async (req, res) => {
  const r = await fetch("https://api.example.com/x");
  const body = await r.json();
  const out = await fetch(body.next); // ok: ssrf
  res.send(await out.text());
});
app.get("/b", async (req, res) => {
  const out = await fetch(req.query.url); // expect: ssrf
  res.send(await out.text());
});
'''


def _marks(text: str, word: str) -> set:
    return {i for i, ln in enumerate(text.splitlines(), 1) if f"{word}: ssrf" in ln}


def test_a_response_named_r_is_not_the_request(tmp_path):
    root = write_tree(tmp_path / "p", {"app/views.py": PY, "app/client.js": JS})
    res = scan(root)
    got = {(f.file, f.line) for f in res.findings if f.rule_id == "ssrf"}
    want = {("app/views.py", n) for n in _marks(PY, "expect")} | \
        {("app/client.js", n) for n in _marks(JS, "expect")}
    assert got == want, f"missed {sorted(want - got)}, extra {sorted(got - want)}"


PAGE = '''"use client";
import { useSearchParams, useRouter } from "next/navigation";

export default function Login() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const done = () => router.push(searchParams.get("returnUrl") || "/"); // expect: open-redirect
  return <button onClick={done}>Sign in</button>;
}
'''


def test_a_pages_search_params_stay_request_data(tmp_path):
    """`useSearchParams()` is the page URL's query: a local of that name is not a conventional
    request alias that something else could have produced."""
    root = write_tree(tmp_path / "p", {"app/auth/login/page.tsx": PAGE})
    res = scan(root)
    got = {(f.file, f.line) for f in res.findings if f.rule_id == "open-redirect"}
    assert got == {("app/auth/login/page.tsx", 7)}, got
