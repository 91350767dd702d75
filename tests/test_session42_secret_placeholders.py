"""hardcoded-secret look-alikes read on backends labelled this session: a value that asks to
be set (`please-set-me`), the Flask book's `'hard to guess string'`, a secret manager's entry
named by its path (`GithubToken = 'conduit/github-token'`), Open edX's devstack settings
module (a development place). Real values next to them stay secrets."""
from __future__ import annotations

from auditor.checks.secrets.places import DEV, source_place
from auditor.checks.secrets.values import names_itself, placeholder


def test_values_that_ask_to_be_set():
    assert placeholder("please-set-me")
    assert placeholder("hard to guess string")
    assert not placeholder("s3cr3T_k3Y")
    assert not placeholder("bluebell-plus")


def test_secret_manager_path_naming_its_key():
    assert names_itself("conduit/github-token", "GithubToken")
    assert not names_itself("conduit/ghp_x9Yq2", "GithubToken")
    assert not names_itself("github-token-value 2", "GithubToken")


def test_devstack_settings_are_a_development_place():
    assert DEV.search("license_manager/settings/devstack.py")
    assert not DEV.search("license_manager/settings/production.py")
    assert source_place("credentials/settings/devstack.py") == "dev"
    assert source_place("credentials/settings/production.py") == "deploy"
