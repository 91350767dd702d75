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
