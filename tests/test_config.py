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


# -- rule ids, severities and engines are checked: a typo is an error with a suggestion --------
@pytest.mark.parametrize("text, message", [
    ('disable = ["sql-injecton"]\n',
     "unknown rule id 'sql-injecton' in 'disable' (did you mean 'sql-injection'?)"),
    ('severity = {"missing-auht" = "low"}\n',
     "unknown rule id 'missing-auht' in 'severity' (did you mean 'missing-auth'?)"),
    ('disable = ["B608"]\n', "unknown rule id 'B608' in 'disable' (did you mean 'bandit.B608'?)"),
    ('disable = ["py-eval-dynamic"]\n',
     "unknown rule id 'py-eval-dynamic' in 'disable' (did you mean 'semgrep.py-eval-dynamic'?)"),
    ('disable = ["semgrep.py-eval-dynamc"]\n', "(did you mean 'semgrep.py-eval-dynamic'?)"),
    ('disable = ["zzzzzz"]\n', "unknown rule id 'zzzzzz' in 'disable' (known: "),
    ('severity = {todo = "hgih"}\n', "'severity.todo' must be one of critical, high, medium, low, "
                                      "info, not 'hgih' (did you mean 'high'?)"),
    ('severity = {bandit.B608 = "low"}\n', 'quote a dotted rule id: "bandit.B608"'),
    ('engines = ["semgrp"]\n', "unknown engine 'semgrp' in 'engines' (did you mean 'semgrep'?)"),
])
def test_unknown_rule_ids_and_severities_are_errors_that_suggest(tmp_path, text, message):
    write_tree(tmp_path, {".auditor.toml": text})
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert str(exc.value).startswith(".auditor.toml: ") and message in str(exc.value)


def test_the_ids_engine_findings_carry_are_accepted(tmp_path):
    # finalize_findings compares `disable`/`severity` with a finding's rule_id exactly: these
    # are the ids the semgrep packs, bandit and the dependency engine give their findings
    write_tree(tmp_path, {".auditor.toml": (
        'disable = ["semgrep.py-sql-built-query", "bandit.B608", "bandit.B101", '
        '"dependency-unpinned", "todo"]\n'
        'severity = {"semgrep.go-cors-wildcard" = "low", "dependency-vuln" = "critical", '
        '"sql-injection" = "critical"}\n')})
    cfg = load_config(tmp_path)
    assert "semgrep.py-sql-built-query" in cfg.disable
    assert cfg.severity["dependency-vuln"] == "critical"


def test_known_ids_cover_every_native_rule_and_pack_rule():
    from pathlib import Path

    import yaml

    from auditor.checks.registry import all_rules
    from auditor.config import known_rule_ids

    known = known_rule_ids()
    assert {r.id for r in all_rules()} <= known
    packs = Path(__file__).resolve().parents[1] / "rules" / "semgrep"
    pack_ids = {r["id"] for f in packs.glob("*.yaml")
                for r in yaml.safe_load(f.read_text(encoding="utf-8"))["rules"]}
    assert pack_ids and {f"semgrep.{i}" for i in pack_ids} <= known


# -- public_routes: globs against the whole path, or re: regular expressions ------------------
@pytest.mark.parametrize("pattern, path, public", [
    ("/x402/*", "/x402/verify", True),
    ("/x402/*", "/x402/verify/", True),  # a trailing slash of the route is ignored
    ("/x402/*", "/api/x402-admin/keys/{key_id}", False),  # whole path, not a substring
    ("/x402/*", "/x402/a/b", False),  # `*` is one segment
    ("/x402/*", "/x402", False),
    ("/x402/**", "/x402/a/b", True),
    ("/x402/**", "/x402", False),
    ("/api/**/keys", "/api/keys", True),
    ("/api/**/keys", "/api/v1/admin/keys", True),
    ("**/keys", "/api/v1/keys", True),
    ("/u/{id}", "/u/{id}", True),  # braces are literal
    ("/u/?", "/u/7", True),
    ("/u.json", "/uXjson", False),  # `.` is literal in a glob
    (r"re:^/api/v\d+/keys$", "/api/v2/keys", True),
    (r"re:/api/v\d+/keys", "/api/v2/keys/x", False),  # fullmatch
    (r"re:/api/v\d+/keys", "/api/vx/keys", False),
])
def test_public_routes_match_the_whole_path(pattern, path, public):
    from auditor.checks.impl import is_public_route
    from auditor.config import Config

    assert is_public_route(path, Config(public_routes=[pattern])) is public


@pytest.mark.parametrize("pattern, message", [
    ("re:/api/(v1", "'public_routes' pattern 're:/api/(v1': invalid regular expression"),
    ("re:", "'public_routes' pattern 're:': empty regular expression"),
    ("^/api/.*", "'public_routes' pattern '^/api/.*': a glob is matched against the whole route "
                 "path, which starts with '/'"),
    ("GET /health", "'public_routes' pattern 'GET /health': a pattern names a path, not a method"),
])
def test_bad_public_route_patterns_are_errors(tmp_path, pattern, message):
    write_tree(tmp_path, {".auditor.toml": f"public_routes = [{pattern!r}]\n"})
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert message in str(exc.value)


def test_public_routes_effect_says_how_it_matches(tmp_path):
    write_tree(tmp_path, {".auditor.toml": 'public_routes = ["/x402/*", "re:/h/\\\\d+"]\n'})
    effects = [e["effect"] for e in load_config(tmp_path).effects if e["key"] == "public_routes"]
    assert effects[0].startswith("routes whose whole path matches the glob /x402/* ('*' one path "
                                 "segment")
    assert effects[1].startswith(r"routes whose whole path matches the regular expression /h/\d+")


ADMIN_APP = (
    "from flask import Flask\nfrom flask_login import login_required\napp = Flask(__name__)\n\n"
    "@app.route('/api/items', methods=['POST'])\n@login_required\ndef add():\n    return ''\n\n"
    "@app.route('/admin/cache', methods=['DELETE'])\ndef clear():\n    return ''\n\n"
    "@app.route('/admin/keys/<key_id>', methods=['DELETE'])\ndef rm(key_id):\n    return ''\n")


@pytest.mark.parametrize("routes, reported", [
    ("[]", {"DELETE /admin/cache", "DELETE /admin/keys/<key_id>"}),
    ('["/admin/*"]', {"DELETE /admin/keys/<key_id>"}),  # once silenced by fnmatch's `*`
    ('["/admin/**"]', set()),
    ('["re:/admin/keys/.*"]', {"DELETE /admin/cache"}),
    ('["re:keys"]', {"DELETE /admin/cache", "DELETE /admin/keys/<key_id>"}),  # once re.search
])
def test_public_routes_in_a_scan(tmp_path, routes, reported):
    write_tree(tmp_path, {"app.py": ADMIN_APP, ".auditor.toml": f"public_routes = {routes}\n"})
    found = {e for f in scan(tmp_path).findings if f.rule_id == "missing-auth" for e in f.endpoints}
    assert found == reported


def test_a_typo_in_the_configuration_is_exit_2_with_the_message(tmp_path):
    from conftest import run_cli

    write_tree(tmp_path, {".auditor.toml": 'disable = ["sql-injecton"]\n', "a.py": "x = 1\n"})
    proc = run_cli("scan", str(tmp_path), "--engines", "native")
    assert proc.returncode == 2, proc.stderr
    assert ("unknown rule id 'sql-injecton' in 'disable' (did you mean 'sql-injection'?)"
            in proc.stderr)
