"""Records shared by the manifest readers: a pinned dependency and an unpinned requirement."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from packaging.utils import canonicalize_name


@dataclass
class Dep:
    ecosystem: str  # PyPI | Go | npm
    name: str
    version: str
    file: str  # manifest, relative to the scan root
    line: int
    snippet: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Unpinned:
    name: str
    spec: str
    file: str
    line: int
    snippet: str = ""


def canonical_pypi(name: str) -> str:
    """PEP 503 normalized name."""
    return str(canonicalize_name(name))


def find_line(lines: list[str], needle: str, start: int = 0) -> int:
    """1-based number of the first line at or after `start` containing `needle`, else 1."""
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i + 1
    return 1
