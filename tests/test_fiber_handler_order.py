"""Fiber v3.0.0-beta.1..4 run a route's first argument last (`register`: handlers =
append(middleware, handler)): a role check written first never runs. From beta.5 on, and in v2,
the arguments run as written."""
from __future__ import annotations

from pathlib import Path

from conftest import scan
from expect import compare

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "endpoints" / "fiber-v3-beta"


def test_beta2_role_check_written_first_never_runs():
    res = scan(FIX)
    problems = compare(FIX, res.findings, {"ineffective-auth"})
    assert problems == [], "\n".join(problems)
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    assert eps[("DELETE", "/api/users/:id")].handler["name"].endswith("deleteUser")
    # handler first, middleware after: beta.2 runs the middleware first, as intended
    purge = eps[("POST", "/api/purge")]
    assert purge.handler["name"].endswith("purge") and "AdminOnly" in purge.middleware
    dead = [f for f in res.findings if f.rule_id == "ineffective-auth"]
    assert [f.severity for f in dead] == ["critical"]
    assert "v3.0.0-beta.2" in dead[0].message and "AdminOnly" in dead[0].message


def test_beta5_runs_arguments_as_written(tmp_path):
    import shutil

    app = tmp_path / "beta5"
    shutil.copytree(FIX, app)  # the same app, on the release that runs arguments as written
    gomod = app / "go.mod"
    gomod.write_text(gomod.read_text().replace("v3.0.0-beta.2", "v3.0.0-beta.5"))
    res = scan(app)
    assert not [f for f in res.findings if f.rule_id == "ineffective-auth"]
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    assert "AdminOnly" in eps[("DELETE", "/api/users/:id")].middleware


def test_go_mod_requires_are_read():
    from auditor.scan.analyze import go_requires

    data = (b"module x\n\nrequire github.com/a/b v1.2.3\nrequire (\n\tgithub.com/gofiber/fiber/v3 "
            b"v3.0.0-beta.2 // indirect\n\tgolang.org/x/text v0.3.0\n)\n")
    assert go_requires(data) == {"github.com/a/b": "v1.2.3",
                                 "github.com/gofiber/fiber/v3": "v3.0.0-beta.2",
                                 "golang.org/x/text": "v0.3.0"}
    from auditor.endpoints.fiber_order import handler_first

    assert handler_first("v3.0.0-beta.4") and not handler_first("v3.0.0-beta.5")
    assert not handler_first("v3.0.0") and not handler_first("v2.52.0")
