"""Configuration: `[tool.auditor]` in pyproject.toml or `.auditor.toml`; every bad key is an
error naming the key."""
from __future__ import annotations

import pytest
from conftest import scan, write_tree

from auditor.config import DEFAULT_MAX_FILE_SIZE, load_config
from auditor.errors import ConfigError


def test_defaults_without_config(tmp_path):
    cfg = load_config(tmp_path)
    assert cfg.fail_on == "high" and cfg.max_file_size == DEFAULT_MAX_FILE_SIZE
    assert cfg.source == ""


def test_pyproject_table(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n\n[tool.auditor]\n'
                          'exclude = ["gen/**"]\nmax-file-size = 1000\nfail_on = "medium"\n'
                          'disable = ["todo"]\nseverity = {todo = "high"}\n'})
    cfg = load_config(tmp_path)
    assert cfg.exclude == ["gen/**"] and cfg.max_file_size == 1000 and cfg.fail_on == "medium"
    assert cfg.disable == ["todo"] and cfg.severity == {"todo": "high"}
    assert cfg.source == "pyproject.toml [tool.auditor]"


def test_dot_auditor_toml_wins_over_pyproject(tmp_path):
    write_tree(tmp_path, {".auditor.toml": 'fail_on = "low"\n',
                          "pyproject.toml": '[tool.auditor]\nfail_on = "critical"\n'})
    assert load_config(tmp_path).fail_on == "low"


def test_pyproject_without_table_is_no_config(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n'})
    assert load_config(tmp_path).source == ""


@pytest.mark.parametrize("text, needle", [
    ("max_file_sise = 3\n", "max_file_sise"),
    ('fail_on = "severe"\n', "fail_on"),
    ('max_file_size = "big"\n', "max_file_size"),
    ("max_file_size = true\n", "max_file_size"),
    ("max_file_size = -1\n", "max_file_size"),
    ('exclude = "gen/"\n', "exclude"),
    ("exclude = [1, 2]\n", "exclude"),
    ('severity = {todo = "urgent"}\n', "severity.todo"),
    ('engines = ["native", "pylint"]\n', "engines"),
    ("checklist_items = [{id = 'X'}]\n", "checklist_items[0]"),
    ("not toml at all [\n", "invalid TOML"),
])
def test_bad_config_names_the_key(tmp_path, text, needle):
    write_tree(tmp_path, {".auditor.toml": text})
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert needle in str(exc.value)
    assert ".auditor.toml" in str(exc.value)


def test_explicit_config_file(tmp_path):
    write_tree(tmp_path, {"conf/a.toml": 'fail_on = "info"\n'})
    assert load_config(tmp_path, str(tmp_path / "conf/a.toml")).fail_on == "info"
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path, str(tmp_path / "missing.toml"))


def test_config_applies_to_the_scan(tmp_path):
    write_tree(tmp_path, {
        ".auditor.toml": 'exclude = ["skip/**"]\nseverity = {todo = "medium"}\n',
        "keep/a.py": "x = 1  # TODO: one\n",
        "skip/b.py": "x = 1  # TODO: two\n",
    })
    res = scan(tmp_path)
    assert [(f.file, f.severity) for f in res.findings] == [("keep/a.py", "medium")]
    assert {"file": "skip/b.py", "reason": "excluded by configuration"} in res.skipped
    write_tree(tmp_path, {".auditor.toml": 'disable = ["todo"]\n'})
    res = scan(tmp_path)
    assert res.findings == []
    assert "todo" not in {r["id"] for r in res.rules}


def test_state_and_network_keys_from_the_tree_are_ignored_and_listed(tmp_path):
    write_tree(tmp_path, {".auditor.toml": 'cache_dir = "../elsewhere"\nosv-url = "ftp://x"\n'
                                           'disable = ["todo"]\n'})
    cfg = load_config(tmp_path)
    assert not hasattr(cfg, "cache_dir") and not hasattr(cfg, "osv_url")
    effects = {e["key"]: e for e in cfg.effects}
    assert effects["cache_dir"]["effect"].startswith("ignored")
    assert effects["osv-url"]["effect"].startswith("ignored")
    assert effects["disable"]["value"] == "todo" and effects["disable"]["file"] == ".auditor.toml"
