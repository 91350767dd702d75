"""A lighter install: `pip install auditor` is the native analysis and the OSV dependency audit;
`auditor[engines]` adds semgrep, bandit and pip-audit, bounded below their next major version;
the test extra pulls the engines so that CI keeps testing them. Nothing imports an engine's
Python package: the engines are programs auditor runs."""
from __future__ import annotations

import subprocess
import sys
import tomllib

from packaging.requirements import Requirement

from conftest import REPO

ENGINE_PACKAGES = {"semgrep", "bandit", "pip-audit"}


def _project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _names(reqs: list[str]) -> dict[str, Requirement]:
    return {Requirement(r).name.lower(): Requirement(r) for r in reqs}


def test_the_engines_are_an_extra_with_upper_bounds():
    project = _project()
    assert not set(_names(project["dependencies"])) & ENGINE_PACKAGES
    engines = _names(project["optional-dependencies"]["engines"])
    assert set(engines) == ENGINE_PACKAGES
    for name, req in engines.items():
        assert any(s.operator == "<" for s in req.specifier), f"{name} has no upper bound"
        assert any(s.operator == ">=" for s in req.specifier), f"{name} has no lower bound"
    assert str(engines["semgrep"].specifier) in ("<2,>=1.80", ">=1.80,<2")


def test_the_test_extra_pulls_the_same_engines():
    extras = _project()["optional-dependencies"]
    test = _names(extras["test"])
    for name, req in _names(extras["engines"]).items():
        assert name in test and test[name].specifier == req.specifier, name


def test_the_installed_engines_are_within_the_bounds():
    from importlib.metadata import PackageNotFoundError, version

    for name, req in _names(_project()["optional-dependencies"]["engines"]).items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # a native-only environment
        assert req.specifier.contains(installed, prereleases=True), (name, installed)


def test_no_module_imports_an_engine_package():
    """Every module of auditor imported: semgrep, bandit and pip_audit stay out of the process."""
    code = (
        "import importlib, pkgutil, sys, auditor\n"
        "for m in pkgutil.walk_packages(auditor.__path__, 'auditor.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(k for k in sys.modules if k.split('.')[0] in ('semgrep', 'bandit', 'pip_audit'))\n"
        "print(bad)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
