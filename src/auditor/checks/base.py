"""The rule contract: metadata, documentation from the docstring, examples, and the two scopes.

A rule is a class in its own module under `auditor.checks.rules`. File rules run in the worker
process right after the file is parsed and indexed (they see the tree and the file's facts);
project rules run once in the main process with the call graph and the endpoints. The docstring
has fixed sections (What it finds / Why it matters / Example / Fix) that become the rule's
documentation in `auditor rules`, SARIF help and the reports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable

from auditor.model import Finding, Location, Step
from auditor.taxonomy import owasp_for

SECTIONS = ("What it finds", "Why it matters", "Example", "Fix")


@dataclass
class Example:
    language: str  # go | python | typescript | tsx | javascript | config
    code: str
    filename: str = ""  # defaults to a name with the language's extension


class Rule:
    id: ClassVar[str] = ""
    name: ClassVar[str] = ""  # PascalCase, differs from the id (SARIF rule name)
    category: ClassVar[str] = "other"
    cwe: ClassVar[tuple[str, ...]] = ()
    owasp: ClassVar[tuple[str, ...]] = ()  # extra to the CWE mapping
    severity: ClassVar[str] = "medium"
    confidence: ClassVar[str] = "high"
    precision: ClassVar[str] = "high"  # SARIF precision: very-high|high|medium|low
    scope: ClassVar[str] = "file"  # file | project
    languages: ClassVar[tuple[str, ...]] = ("go", "python", "typescript", "tsx", "javascript")
    positive: ClassVar[list[Example]] = []
    negative: ClassVar[list[Example]] = []

    # -- metadata -----------------------------------------------------------------------------
    @classmethod
    def all_owasp(cls) -> tuple[str, ...]:
        out = list(owasp_for(cls.cwe))
        for o in cls.owasp:
            if o not in out:
                out.append(o)
        return tuple(out)

    @classmethod
    def is_security(cls) -> bool:
        from auditor.taxonomy import QUALITY_CATEGORIES

        return cls.category not in QUALITY_CATEGORIES

    @classmethod
    def docs(cls) -> dict[str, str]:
        return parse_doc(cls.__doc__ or "")

    @classmethod
    def short_description(cls) -> str:
        doc = (cls.__doc__ or "").strip()
        return doc.splitlines()[0].strip() if doc else cls.id

    @classmethod
    def metadata(cls) -> dict[str, Any]:
        return {
            "id": cls.id, "name": cls.name, "category": cls.category, "cwe": list(cls.cwe),
            "owasp": list(cls.all_owasp()), "severity": cls.severity,
            "confidence": cls.confidence, "precision": cls.precision, "scope": cls.scope,
            "languages": list(cls.languages), "short_description": cls.short_description(),
            "docs": cls.docs(), "security": cls.is_security(),
        }

    # -- running ------------------------------------------------------------------------------
    def check_file(self, ctx: "FileContext") -> Iterable[Finding]:
        return ()

    def check_project(self, ctx: Any) -> Iterable[Finding]:
        return ()

    def finding(self, file: str, line: int, message: str, *, column: int = 1, end_line: int = 0,
                end_column: int = 0, snippet: str = "", severity: str | None = None,
                confidence: str | None = None, related: Iterable[tuple[str, int]] = (),
                endpoints: Iterable[str] = (), critical_path: bool = False,
                flow: Iterable[tuple[str, int, str]] = ()) -> Finding:
        return Finding(
            rule_id=self.id, category=self.category, severity=severity or self.severity,
            message=message, file=file, line=line, column=column,
            end_line=end_line or line, end_column=end_column or column, snippet=snippet[:400],
            cwe=tuple(self.cwe), owasp=self.all_owasp(), confidence=confidence or self.confidence,
            engine="native", engines=("native",), engine_rule_ids=(self.id,),
            related=tuple(Location(f, ln) for f, ln in related), endpoints=tuple(endpoints),
            critical_path=critical_path, flow=tuple(Step(f, ln, m) for f, ln, m in flow),
        )


@dataclass
class FileContext:
    """What a file rule sees: the file's text, its tree and its facts."""

    path: str
    language: str
    text: str
    data: bytes
    tree: Any
    tree_kind: str
    facts: Any
    _lines: list[str] = field(default_factory=list)
    _ts_tree: Any = None
    _is_test: bool | None = None

    @property
    def ts_tree(self):
        """A tree-sitter tree of the file for every language, so that one rule implementation
        walks Go, Python and TypeScript alike; the one the file was parsed into."""
        if self.tree_kind == "tree-sitter":
            return self.tree
        if self._ts_tree is None and self.language == "python":
            from auditor.parse import ts_parse

            self._ts_tree = ts_parse("python", self.data)
        return self._ts_tree

    def line_text(self, line: int) -> str:
        if not self._lines:
            self._lines = self.text.split("\n")
        if 1 <= line <= len(self._lines):
            return self._lines[line - 1].strip()
        return ""

    @property
    def is_test(self) -> bool:
        if self._is_test is None:  # asked by most rules of every file
            self._is_test = is_test_path(self.path)
        return self._is_test


_TEST_PATH = re.compile(
    r"(^|/)(tests?|__tests?__|spec|specs|testdata|test[-_]?helpers?|test[-_]?utils?|testing|e2e|"
    r"test[-_]?env(ironment)?s?|"
    r"fixtures?|mocks?|__mocks__|"
    # (`_examples/`: Go's convention for example programs, a folder the go tool skips)
    r"_?examples?|_?demos?|_?samples?)(/|$)|(^|/)test_[^/]*\.py$|_test\.(go|py)$|\.(test|spec)\.[jt]sx?$|"
    r"(^|/)conftest\.py$|"
    # unittest's and Django's discovery (`test*.py`: an app's `tests.py`), a module of test data
    # (`testData.ts`, `test_data.py`), a Go package of shared test suites (`storetests/`)
    r"(^|/)tests?(_[^/]*)?\.py$|(^|/)test[-_]?data\.[^/]+$|(^|/)(?!(con|pro|at)tests/)[a-z0-9]+tests/|\.mocks?\.[jt]sx?$|_mocks?\.go$|(^|/)mock_[^/]*\.go$|"
    # a file of end-to-end test support (`e2etest_service.go`, `e2e_helpers.py`)
    r"(^|/)e2e[-_]?[^/]*\.(go|py|[jt]sx?)$", re.IGNORECASE)


def is_test_path(path: str) -> bool:
    """Tests, fixtures, examples, demos and mocks: not production code. A Next.js route file
    whose test-like folder is a URL segment below `app/` or `pages/api/`
    (`app/api/projects/[id]/specs/route.ts` serves /api/projects/:id/specs) is the
    application's: Next.js routes by folder names, whatever they are."""
    if not _TEST_PATH.search(path):
        return False
    m = _NEXT_ROUTE_FILE.search(path)
    if m is None:
        return True
    g = 1 if m.group(1) is not None else 2
    return bool(_TEST_PATH.search(path[:m.start(g)] + "x.ts")) or \
        "/_" in "/" + m.group(g) or bool(_TEST_FILE_NAME.search(path))


# a Next.js route file: app/**/route.ts or pages/api/** (group 1: its folders, the URL's
# segments; a folder starting with "_" is private, routed nowhere)
_NEXT_ROUTE_FILE = re.compile(r"(?:^|/)(?:src/)?(?:app/((?:[^/]+/)*)route\.[jt]sx?|"
                              r"pages/api/((?:[^/]+/)*)[^/]+\.[jt]sx?)$")
_TEST_FILE_NAME = re.compile(r"[._-](?:test|spec)s?\.[jt]sx?$|(?:^|/)test[^/]*$", re.IGNORECASE)


def parse_doc(doc: str) -> dict[str, str]:
    """The fixed sections of a rule docstring, plus `summary` (its first paragraph)."""
    import inspect

    text = inspect.cleandoc(doc) if doc else ""
    out: dict[str, str] = {}
    paras = text.split("\n\n", 1)
    out["summary"] = paras[0].strip().replace("\n", " ") if paras else ""
    current = None
    buf: list[str] = []
    for line in text.splitlines():
        head = line.strip().rstrip(":")
        if head in SECTIONS:
            if current:
                out[current] = "\n".join(buf).strip()
            current, buf = head, []
        elif current:
            buf.append(line)
    if current:
        out[current] = "\n".join(buf).strip()
    return out
