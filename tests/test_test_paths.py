"""What counts as test or mock code (not production), and which bundles discovery leaves out:
read from each ecosystem's conventions, so that mocks and fixtures never fail a checklist."""
from __future__ import annotations

import pytest

from auditor.checks.base import is_test_path
from auditor.discover import _default_excluded


@pytest.mark.parametrize("path", [
    "frontend/lib/api/__test__/factories/index.ts",     # a __test__ folder
    "src/__tests__/app.test.ts",
    "lib/ai/models.mock.ts",                            # a mock module by its suffix
    "internal/storage/aws/Aws_mock.go",
    "internal/store/mock_store.go",                     # mockgen's default file name
    "pkg/users/users_test.go",
    "scripts/test-environments/authelia-oidc/compose.yml",  # the stack a test runs against
])
def test_test_and_mock_files_are_not_production(path):
    assert is_test_path(path)


@pytest.mark.parametrize("path", [
    "internal/mockingbird/service.go",                  # a word that starts with "mock"
    "app/services/demonstrations.py",
    "src/latest/handler.ts",
    "internal/storage/aws/Aws.go",
    "deploy/environments/prod/compose.yml",
])
def test_production_files_are_production(path):
    assert not is_test_path(path)


def test_vendor_bundles_are_left_out_with_a_reason():
    assert _default_excluded("public/js/vendor.js") == "minified bundle"
    assert _default_excluded("static/js/chunk-vendors.971555db.js") == "minified bundle"
    assert _default_excluded("src/vendor_client.js") is None


def test_yarn_berry_files_are_left_out_with_a_reason(tmp_path):
    """Yarn 2+ commits its own release (`.yarn/releases/yarn-4.x.cjs`, 3 MB of minified code)
    and writes a Plug'n'Play loader: package-manager code, as node_modules is."""
    from auditor.config import Config
    from auditor.discover import discover

    assert _default_excluded(".yarn/releases/yarn-4.12.0.cjs") == ".yarn"
    assert _default_excluded("web/.yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs") == ".yarn"
    assert _default_excluded(".pnp.cjs") == "generated file"
    assert _default_excluded("src/yarn.ts") is None and _default_excluded("src/pnp.cjs") is None
    (tmp_path / ".yarn/releases").mkdir(parents=True)
    (tmp_path / ".yarn/releases/yarn-4.12.0.cjs").write_text("(()=>{var a=1})();\n")
    (tmp_path / ".pnp.cjs").write_text("module.exports = {};\n")
    (tmp_path / "server.js").write_text("require('express')().get('/', (q, r) => r.send('x'))\n")
    d = discover(tmp_path, Config())
    assert [t.path for t in d.targets] == ["server.js"]
    reasons = {s["file"] if isinstance(s, dict) else s[0]: s for s in d.skipped}
    assert any(".yarn" in str(k) for k in reasons) and any(".pnp.cjs" in str(k) for k in reasons)
