"""Inline suppression: `auditor: ignore[rule-id]` on the line or the line before; the rule id
is required; suppressed findings are kept and marked; unused directives are reported."""
from __future__ import annotations

from conftest import scan, write_tree


def _by_line(res):
    return {(f.file, f.line): f for f in res.findings}


def test_same_line_and_line_before(tmp_path):
    write_tree(tmp_path, {
        "a.py": ("x = 1  # TODO: one  auditor: ignore[todo]\n"
                 "# auditor: ignore[todo]\n"
                 "y = 2  # TODO: two\n"
                 "z = 3  # TODO: three\n"),
        "b.go": ("package b\n\n"
                 "// auditor: ignore[todo] the marker is tracked in the issue tracker\n"
                 "// TODO: four\n"
                 "func F() {}\n"),
        "c.ts": "/* auditor: ignore[todo] */ export const x = 1; // TODO: five\n",
    })
    res = scan(tmp_path)
    f = _by_line(res)
    assert f[("a.py", 1)].suppressed and f[("a.py", 1)].suppression_kind == "inline"
    assert f[("a.py", 3)].suppressed
    assert f[("a.py", 4)].suppressed is None
    assert f[("b.go", 4)].suppressed
    assert f[("c.ts", 1)].suppressed
    # kept in the result, counted apart
    assert len(res.findings) == 5 and len(res.active_findings) == 1
    assert res.unused_suppressions == []


def test_rule_id_is_required_and_must_match(tmp_path):
    write_tree(tmp_path, {"a.py": ("x = 1  # TODO: one  auditor: ignore\n"
                                   "y = 2  # TODO: two  auditor: ignore[]\n"
                                   "z = 3  # TODO: three  auditor: ignore[sql-injection]\n")})
    res = scan(tmp_path)
    assert all(f.suppressed is None for f in res.findings)
    unused = {(u["line"], u["reason"].split(":")[0]) for u in res.unused_suppressions}
    assert unused == {(1, "a rule id is required"), (2, "a rule id is required"),
                      (3, "no finding of these rules on this line or the next")}


def test_several_ids_and_unused_directive(tmp_path):
    write_tree(tmp_path, {"a.py": ("# auditor: ignore[sql-injection, todo]\n"
                                   "x = 1  # FIXME later\n"
                                   "\n"
                                   "# auditor: ignore[todo]\n"
                                   "y = 2\n")})
    res = scan(tmp_path)
    assert [f.line for f in res.findings if f.suppressed] == [2]
    assert [(u["line"], u["rule_ids"]) for u in res.unused_suppressions] == [(4, ["todo"])]


def test_directive_in_a_string_is_not_a_suppression(tmp_path):
    write_tree(tmp_path, {"a.py": 's = "auditor: ignore[todo]"\nx = 1  # TODO: one\n'})
    res = scan(tmp_path)
    assert [f.suppressed for f in res.findings] == [None]
    assert res.unused_suppressions == []


def test_suppressed_findings_do_not_fail_the_scan(tmp_path):
    from conftest import run_cli

    write_tree(tmp_path, {"a.py": "x = 1  # TODO: one  auditor: ignore[todo]\n"})
    proc = run_cli("scan", str(tmp_path), "--engines", "native", "--no-cache", "--fail-on", "low")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 suppressed" in proc.stdout


def test_todo_in_string_literals_is_not_a_finding(tmp_path):
    write_tree(tmp_path, {
        "a.py": ('s = "TODO: not a comment"\n'
                 'doc = """FIXME inside a docstring-like string"""\n'
                 "x = 1  # TODO: a real one\n"),
        "b.go": ('package b\n\nvar s = "TODO: text"\nvar r = `FIXME raw`\n'
                 "// HACK: real\nfunc F() {}\n"),
        "c.ts": ("const s = 'TODO: text';\nconst t = `XXX ${s}`;\n"
                 "// XXX: real\nexport const x = 1;\n"),
    })
    res = scan(tmp_path)
    assert sorted((f.file, f.line) for f in res.findings if f.rule_id == "todo") == [
        ("a.py", 3), ("b.go", 5), ("c.ts", 3)]
