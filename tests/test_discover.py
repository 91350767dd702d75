"""Discovery: which files are scanned, and a reason for every file that is not."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import write_tree

from auditor.config import Config
from auditor.discover import classify, discover


def _targets(d) -> list[str]:
    return sorted(t.path for t in d.targets)


def _skipped(d) -> dict[str, str]:
    return {s["file"]: s["reason"] for s in d.skipped}


def _git(root: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


TREE = {
    "app/main.py": "x = 1\n",
    "app/handler.go": "package app\n",
    "web/page.tsx": "export {}\n",
    "web/lib.mjs": "export {}\n",
    "node_modules/left-pad/index.js": "module.exports = 1\n",
    "vendor/github.com/x/y.go": "package y\n",
    "dist/bundle.js": "1\n",
    "static/app.min.js": "1\n",
    "build/out.py": "1\n",
    ".venv/lib/site.py": "1\n",
    "generated/api.py": "1\n",
    "secret/notes.py": "1\n",
    "docs/readme.txt": "hello\n",
    ".env.production": "JWT_SECRET=abc\n",
    "deploy/docker-compose.yml": "services: {}\n",
    "Dockerfile": "FROM python:3.11\n",
    ".gitignore": "generated/\n",
    ".auditorignore": "secret/\n",
}


def test_classify_languages_and_config_files():
    assert classify("a/b.go") == "go" and classify("x.py") == "python"
    assert classify("x.ts") == "typescript" and classify("x.tsx") == "tsx"
    for js in ("x.js", "x.jsx", "x.mjs", "x.cjs"):
        assert classify(js) == "javascript"
    for cfg in (".env", ".env.local", "c.yaml", "c.yml", "c.json", "c.toml", "Dockerfile",
                "docker-compose.yml"):
        assert classify(cfg) == "config", cfg
    assert classify("README.txt") is None


@pytest.mark.parametrize("use_git", [False, True])
def test_walk_and_git_agree_on_ignores_and_default_excludes(tmp_path, use_git):
    root = write_tree(tmp_path / "repo", TREE)
    if use_git:
        _git(root, "init", "-q")
        _git(root, "add", "app", "web", ".gitignore")  # tracked + untracked both count
    d = discover(root, Config())
    assert (d.git_top is not None) == use_git
    targets = _targets(d)
    assert targets == [".env.production", "Dockerfile", "app/handler.go", "app/main.py",
                       "deploy/docker-compose.yml", "web/lib.mjs", "web/page.tsx"]
    skipped = _skipped(d)
    for folder in ("node_modules/", "vendor/", "dist/", "build/", ".venv/"):
        assert folder in skipped and "default exclude" in skipped[folder], folder
    assert skipped["static/app.min.js"].startswith("minified bundle")
    assert any(k.startswith("generated") and "gitignore" in v for k, v in skipped.items())
    assert skipped["secret/notes.py"] == "ignored by .auditorignore"
    assert skipped["docs/readme.txt"] == "unsupported file type"
    # nothing silently dropped: every file is a target or accounted for in `skipped`
    for rel in TREE:
        covered = rel in targets or rel in skipped or any(
            rel.startswith(k) for k in skipped if k.endswith("/"))
        assert covered or rel == ".gitignore", rel


def test_config_include_and_exclude(tmp_path):
    root = write_tree(tmp_path / "r", {"src/a.py": "1\n", "src/b_test.py": "1\n",
                                       "scripts/c.py": "1\n"})
    d = discover(root, Config(include=["src/**"], exclude=["*_test.py"]))
    assert _targets(d) == ["src/a.py"]
    sk = _skipped(d)
    assert sk["src/b_test.py"] == "excluded by configuration"
    assert sk["scripts/c.py"] == "not matched by configured include"


def test_size_cap_and_binary(tmp_path):
    root = write_tree(tmp_path / "r", {"big.py": "x = 1\n" * 100, "small.py": "x = 1\n",
                                       "huge.py": "x = 1\n" * 200, "big.json": "{}" * 100,
                                       "blob.js": bytes(range(64)) * 1,
                                       "nul.js": b"let a = 1; // a comment, one NUL: \x00\n" * 2})
    d = discover(root, Config(max_file_size=100))
    # over the cap, source is still analysed (up to 8x the cap); configuration is not
    assert _targets(d) == ["big.py", "nul.js", "small.py"]
    assert [t.path for t in d.targets if t.oversize] == ["big.py"]
    sk = _skipped(d)
    assert sk["huge.py"].startswith("larger than the size cap")
    assert sk["big.json"].startswith("larger than the size cap")
    assert sk["blob.js"] == "binary content"


def test_symlink_out_of_root_is_not_followed(tmp_path):
    outside = write_tree(tmp_path / "outside", {"secret.py": "KEY = 'x'\n"})
    root = write_tree(tmp_path / "r", {"a.py": "1\n"})
    (root / "link.py").symlink_to(outside / "secret.py")
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    d = discover(root, Config())
    assert _targets(d) == ["a.py"]
    sk = _skipped(d)
    assert "outside the scan root" in sk["link.py"]
    assert all("secret.py" not in t.abspath for t in d.targets)


def test_symlink_loop_ends(tmp_path):
    root = write_tree(tmp_path / "r", {"pkg/a.py": "1\n"})
    (root / "pkg" / "loop").symlink_to(root, target_is_directory=True)
    (root / "self.py").symlink_to(root / "self.py")  # a link to itself
    d = discover(root, Config())
    assert _targets(d) == ["pkg/a.py"]
    assert "self.py" in _skipped(d)


def test_a_cache_folder_left_in_the_tree_is_excluded_visibly(tmp_path):
    root = write_tree(tmp_path / "r", {"a.py": "1\n", ".auditor-cache/facts.json": "{}\n"})
    d = discover(root, Config())
    assert _targets(d) == ["a.py"]
    assert _skipped(d)[".auditor-cache/"] == "default exclude (.auditor-cache)"


def test_single_file_target(tmp_path):
    root = write_tree(tmp_path / "r", {"a.py": "1\n", "b.py": "2\n"})
    d = discover(root / "a.py", Config())
    assert _targets(d) == ["a.py"]
