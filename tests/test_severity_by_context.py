"""Severity by what the code says, on shapes from unseen backends: insecure-random in a browser
component (a list `key`, a refetch `token`, a shuffle `seed` are the renderer's, low; a CSRF
token made with Math.random, and a `token` in server code, stay high); weak-hash reads what a
hashed local was set to; sensitive-logging names an e-mail argument for what it is."""
from __future__ import annotations

from conftest import scan, write_tree

UI = '''import React from "react";

export function List({ rows }) {
  const key = Math.random().toString(36);
  const fetchToken = Math.random();
  const csrfToken = Math.random().toString(36).slice(2);
  return <ul key={key} data-t={fetchToken} data-c={csrfToken}>{rows}</ul>;
}
'''
SERVER = '''const express = require("express");
const app = express();
app.post("/invite", (req, res) => {
  const token = Math.random().toString(36).slice(2);
  res.json({ token });
});
'''


def test_random_in_a_browser_component(tmp_path):
    root = write_tree(tmp_path / "p", {"web/src/List.jsx": UI, "server/app.js": SERVER})
    res = scan(root)
    got = {(f.file, f.line, f.severity) for f in res.findings if f.rule_id == "insecure-random"}
    assert got == {("web/src/List.jsx", 4, "low"), ("web/src/List.jsx", 5, "low"),
                   ("web/src/List.jsx", 6, "high"), ("server/app.js", 4, "high")}, got


WEAK = '''import hashlib

from django.conf import settings


def authorize_login_password(email: str) -> str:
    salted_encoded = (email + settings.SECRET_KEY).encode()
    return hashlib.sha1(salted_encoded).hexdigest()


def check_login(password: str) -> str:
    encoded = password.encode()
    return hashlib.sha1(encoded).hexdigest()
'''


def test_weak_hash_reads_what_a_local_was_set_to(tmp_path):
    """A rate-limit bucket keyed by SHA-1 of an e-mail and the server's key, in a function about
    login passwords, hashes no password (medium); SHA-1 of a local holding the password is high."""
    root = write_tree(tmp_path / "p", {"hc/models.py": WEAK})
    res = scan(root)
    got = {(f.line, f.severity) for f in res.findings if f.rule_id == "weak-hash"}
    assert got == {(8, "medium"), (13, "high")}, got


LOG = '''import logging


def forgot(email, password):
    logging.error("No user found for forgot password: %s", email)
    logging.error("password: %s", password)
'''


def test_a_logged_email_is_pii_whatever_the_text_before_it(tmp_path):
    """"...forgot password: %s", email logs an address (low), not a password (high)."""
    root = write_tree(tmp_path / "p", {"app/auth.py": LOG})
    res = scan(root)
    got = {(f.line, f.severity) for f in res.findings if f.rule_id == "sensitive-logging"}
    assert got == {(5, "low"), (6, "high")}, got
