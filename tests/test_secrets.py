"""hardcoded-secret where secrets are: SQL seeds (a seeded bcrypt hash of a password written in the
repository is critical), defaults that guard a route, compose defaults the backend's own
validation rejects, settings only tests read; and where they are not (collections, examples,
translations, CI test jobs, development compose services). Each case is a small tree under
`fixtures/secrets/` with `expect:` / `ok:` marks on the exact lines."""
from __future__ import annotations

from pathlib import Path

import pytest
from expect import compare

from auditor.scan import ScanOptions, run_scan

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "secrets"
CASES = sorted(p.name for p in ROOT.iterdir() if p.is_dir())
RULE = "hardcoded-secret"


def _scan(case: str):
    res = run_scan(ScanOptions(path=str(ROOT / case), engines=["native"], use_cache=False)).result
    assert [e for e in res.errors if e["stage"].startswith("rule")] == []
    return [f for f in res.findings if f.rule_id == RULE]


@pytest.mark.parametrize("case", CASES)
def test_case_matches_marks(case):
    assert compare(ROOT / case, _scan(case), {RULE}) == []


def _at(findings, file: str, line: int):
    hit = [f for f in findings if f.file == file and f.line == line]
    assert len(hit) == 1, [(f.file, f.line, f.message) for f in findings]
    return hit[0]


def test_seeded_admin_with_a_password_from_the_tests_is_critical():
    pytest.importorskip("bcrypt")
    found = _scan("seeded_admin")
    f = _at(found, "migrations/013_create_default_admin.sql", 7)
    assert f.severity == "critical"
    assert "admin@example.org" in f.message and "tests/test_login.py:1" in f.message
    assert "no password change required" in f.message
    assert "Adm1n-Secret-2024" not in f.message and "Adm1n-Secret-2024" not in f.snippet
    assert ("tests/test_login.py", 1) in [(r.file, r.line) for r in f.related]
    reset = _at(found, "migrations/020_reset_admin.sql", 2)
    assert reset.severity == "critical" and "a password change is required" in reset.message
    # the input of a one-off hash generator is no finding, but it is a password of the repository
    gen = _at(found, "migrations/013_create_default_admin.sql", 11)
    assert gen.severity == "critical" and "cmd/gen_hash/main.go:10" in gen.message
    assert "ops@example.org" in gen.message


def test_positional_seed_with_the_readme_password_is_critical():
    pytest.importorskip("bcrypt")
    f = _at(_scan("readme_password"), "config/db.sql", 1)
    assert f.severity == "critical"
    assert "admin" in f.message and "README.md:5" in f.message


def test_unsalted_digest_of_a_written_password_is_critical():
    found = _scan("readme_password")
    md5 = _at(found, "config/db.sql", 3)
    assert md5.severity == "critical" and "MD5" in md5.message and "README.md:5" in md5.message
    other = _at(found, "config/db.sql", 4)
    assert other.severity == "high" and "fixed MD5 password hash" in other.message


def test_default_compared_with_a_request_header_is_a_secret():
    f = _at(_scan("guarded_default"), "api/config.py", 3)
    assert f.severity == "high"
    assert "X402_CLEANUP" in f.message and "api/routes.py:10" in f.message
    assert [(r.file, r.line) for r in f.related] == [("api/routes.py", 10)]


def test_unknown_password_hash_is_high_and_says_so(tmp_path):
    (tmp_path / "seed.sql").write_text(
        "INSERT INTO users (email, password_hash) VALUES ('a@example.org', "
        "'$2b$04$qlmN1A123HRV0WadTVRj/.0KGl2IbFTEmS80FERWdMLzz/XZgUfz6');\n")
    res = run_scan(ScanOptions(path=str(tmp_path), engines=["native"], use_cache=False)).result
    [f] = [f for f in res.findings if f.rule_id == RULE]
    assert f.severity == "high" and "a@example.org" in f.message and f.line == 1


def test_bcrypt_work_is_bounded():
    pytest.importorskip("bcrypt")
    from auditor.checks.secrets.candidates import Candidate
    from auditor.checks.secrets.known import PER_HASH, Verifier

    hashed = "$2b$04$qlmN1A123HRV0WadTVRj/.0KGl2IbFTEmS80FERWdMLzz/XZgUfz6"
    cands = [Candidate(f"guess-{i}", "a.md", i, "", 1) for i in range(100)]
    v = Verifier(budget=1000)
    assert v.match(hashed, cands) is None
    assert len(v.tried[hashed]) == PER_HASH  # at most PER_HASH tests per hash
    v2 = Verifier(budget=0.0)
    assert v2.match(hashed, cands) is None and hashed in v2.untested
    too_slow = "$2b$14$" + "a" * 53  # cost 14: never tested
    v3 = Verifier()
    assert v3.match(too_slow, cands) is None and too_slow in v3.untested and v3.budget == 24.0


def test_sql_rows():
    from auditor.checks.secrets.sql import rows

    text = ("-- a comment; with a semicolon\n"
            "INSERT INTO public.users (email, password, active) VALUES\n"
            "  ('a@x.org', crypt('pw-1', gen_salt('bf')), TRUE),\n"
            "  ('b@x.org', 'it''s', FALSE);\n"
            "UPDATE users SET password_hash = '$2b$x', force_password_change = FALSE "
            "WHERE email = 'c@x.org';\n"
            "INSERT INTO t VALUES (1, 'admin', 'h');\n")
    rs = rows(text)
    assert [(r.table, r.kind) for r in rs] == [("users", "insert"), ("users", "insert"),
                                               ("users", "update"), ("t", "insert")]
    a, b, u, t = rs
    assert a.get("password").func == "crypt" and a.get("password").arg == "pw-1"
    assert a.get("password").line == 3 and a.account() == "a@x.org"
    assert b.get("password").text == "it's" and b.forced_change() is None
    assert u.account() == "c@x.org" and u.forced_change() is False
    assert t.cols == [] and t.account(before=2) == "admin"


@pytest.mark.parametrize("path, where", [
    ("docker-compose.yml", "dev"), ("deploy/docker-compose.prod.yml", "prod"), (".env", "deploy"),
    (".env.example", "reference"), (".env.test", "test"), ("config/settings.demo.yml", "reference"),
    ("postman/Conduit.postman_collection.json", "reference"), ("client/src/__locales/ru.json", "reference"),
    ("openapi/next.yaml", "reference"), (".github/workflows/tests.yml", "ci"),
    ("migrations/013_create_default_admin_user.sql", "deploy"), ("config/default.json", "deploy"),
    ("app.yaml", "deploy"), ("settings/test.py", "test"),
])
def test_places(path, where):
    from auditor.checks.secrets.places import place

    assert place(path) == where


def test_sql_files_are_discovered_for_the_secret_rule_only(tmp_path):
    from auditor.config import Config
    from auditor.discover import classify, discover

    (tmp_path / "m.sql").write_text("SELECT 1;\n")
    assert classify("db/migrations/001.sql") == "sql"
    [t] = discover(tmp_path, Config()).targets
    assert (t.language, t.kind) == ("sql", "sql")
    res = run_scan(ScanOptions(path=str(tmp_path), engines=["native"], use_cache=False)).result
    assert res.errors == [] and res.files_analyzed == 1


def test_sql_inline_suppression(tmp_path):
    (tmp_path / "seed.sql").write_text(
        "-- auditor: ignore[hardcoded-secret]\n"
        "INSERT INTO users (email, password) VALUES ('a@example.org', 'Plain-Pass-1');\n")
    res = run_scan(ScanOptions(path=str(tmp_path), engines=["native"], use_cache=False)).result
    [f] = [f for f in res.findings if f.rule_id == RULE]
    assert f.suppressed and f.severity == "critical"


def test_sql_and_config_readers_stay_linear_on_hostile_lines():
    import time

    from auditor.checks.secrets.candidates import from_text
    from auditor.checks.secrets.config import hits
    from auditor.checks.secrets.guards import min_lengths
    from auditor.checks.secrets.sql import rows

    for line in ("'" * 300_000, "/* " * 100_000, "$$" + "a" * 300_000, "(" * 300_000,
                 "INSERT INTO t VALUES (" + "'a'," * 70_000, "password: " + "a " * 150_000,
                 "len(" * 75_000, "x" + " " * 300_000 + "y"):
        t = time.perf_counter()
        rows(line)
        list(hits("x.yml", line))
        from_text("x.md", line)
        min_lengths(line)
        assert time.perf_counter() - t < 3, line[:20]


def test_an_action_about_a_password_is_no_secret_name():
    """`UserUpdatePasswordAction AuditAction = "user_updated_password"` names an audit-log
    action; `AdminPassword` is a password."""
    from auditor.checks.secrets.values import secret_name

    assert secret_name("UserUpdatePasswordAction") == ""
    assert secret_name("ResetPasswordPermission") == ""
    assert secret_name("AdminPassword") == "strong"


def test_a_value_made_of_its_own_names_words_is_an_identifier():
    """`AuditLogPasswordChanged AuditLogType = "password_changed"` names an audit event; one
    word of the name is still a weak password (`ADMIN_PASSWORD = "admin"`)."""
    from auditor.checks.rules.hardcoded_secret import _not_a_secret

    assert _not_a_secret("AuditLogPasswordChanged", "password_changed")
    assert _not_a_secret("PasswordResetTokenSent", "password-reset")
    assert not _not_a_secret("ADMIN_PASSWORD", "admin")
    assert not _not_a_secret("ADMIN_PASSWORD", "admin_s3cret")
    assert not _not_a_secret("DB_PASSWORD", "correct_horse")
    assert _not_a_secret("JWTSecretKey", "JWTSecret")
    assert _not_a_secret("JWTPublicSecretKey", "JWTPublicSecret")
    assert not _not_a_secret("AdminPassword", "AdminPassw0rd")
    assert not _not_a_secret("SessionSecret", "CorrectHorseBattery")


@pytest.mark.parametrize("path, where", [
    ("web/src/lang/en.js", "reference"), ("src/i18n/pt_br.ts", "reference"),
    ("src/lang/api.js", "deploy"), ("src/config/secrets.js", "deploy"),
    (".dredd/hooks/main.go", "test"), ("dredd/hooks.js", "test"), ("cmd/dredd.go", "deploy"),
])
def test_source_places(path, where):
    """A front end's translation module holds the interface's words (`runnerToken: 'Token:'`);
    Dredd's contract-test hooks log in with fixture tokens; a module beside them is code."""
    from auditor.checks.secrets.places import source_place

    assert source_place(path) == where


@pytest.mark.parametrize("path, where", [
    (".ci/compose.cypress.yaml", "test"), ("e2e/docker-compose.playwright.yml", "test"),
    ("docker-compose.cypress-cache.yml", "test"), ("deploy/compose.yaml", "prod"),
])
def test_a_test_runners_compose_file_is_test_settings(path, where):
    """The compose file an end-to-end runner starts the app under holds that run's database
    password; the deployment's compose file is still judged."""
    from auditor.checks.secrets.places import place

    assert place(path) == where
