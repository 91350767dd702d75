"""SQL text assembled only from constants (module, class and package level, in the file or
imported from another module) is safe, and the lines it is built on are recorded as judged safe,
so that an engine reporting the building line (bandit B608 on the f-string) is kept suppressed."""
from __future__ import annotations

from conftest import write_tree

from auditor.model import Finding
from auditor.scan import ScanOptions, run_scan
from auditor.scan.findings import SAFE_SQL_REASON, merge_duplicates

QUERIES = '''USERS_TABLE = "users"
COLUMNS = "id, name"
LIST_USERS = f"SELECT {COLUMNS} FROM {USERS_TABLE} WHERE active = true"
'''
REPO = '''from app.sql import COLUMNS, USERS_TABLE


class Repo:
    ARCHIVE = "users_archive"

    def __init__(self, cur):
        self.cur = cur

    def active(self):
        query = f"SELECT {COLUMNS} FROM {USERS_TABLE} WHERE active = true"
        self.cur.execute(query)

    @classmethod
    def archived(cls, cur):
        cur.execute(f"SELECT * FROM {cls.ARCHIVE} WHERE deleted = true")

    def search(self, user_input):
        query = f"SELECT * FROM {USERS_TABLE} WHERE name = '{user_input}'"
        self.cur.execute(query)
'''


def _scan(tmp_path):
    write_tree(tmp_path, {"app/sql.py": QUERIES, "app/repo.py": REPO})
    return run_scan(ScanOptions(path=str(tmp_path), engines=["native"], use_cache=False))


def _bandit(file: str, line: int) -> Finding:
    return Finding("bandit.B608", "sql-injection", "medium", "b", file, line, engine="bandit",
                   engines=("bandit",), engine_rule_ids=("bandit.B608",), cwe=("CWE-89",))


def test_constant_sql_is_not_reported_and_user_input_is(tmp_path):
    analysis = _scan(tmp_path)
    got = sorted((f.file, f.line) for f in analysis.result.findings
                 if f.category == "sql-injection")
    assert got == [("app/repo.py", 20)]


def test_building_lines_of_constant_sql_are_judged_safe(tmp_path):
    analysis = _scan(tmp_path)
    safe_repo = analysis.facts["app/repo.py"]["extra"]["safe_sql_lines"]
    safe_sql = analysis.facts["app/sql.py"]["extra"]["safe_sql_lines"]
    assert {11, 12, 16} <= set(safe_repo)  # the f-string, its query call, the classmethod's
    assert 19 not in safe_repo and 20 not in safe_repo  # built from user input
    assert 3 in safe_sql  # a module-level SQL constant built from constants
    out = {(f.file, f.line): f for f in merge_duplicates(
        [_bandit("app/repo.py", 11), _bandit("app/sql.py", 3), _bandit("app/repo.py", 19)],
        analysis.facts)}
    assert out[("app/repo.py", 11)].suppressed == SAFE_SQL_REASON
    assert out[("app/sql.py", 3)].suppressed == SAFE_SQL_REASON
    assert out[("app/repo.py", 19)].suppressed is None
