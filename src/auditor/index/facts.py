"""Per-file facts: the language-neutral records every later stage reads.

Facts are plain JSON data (dicts, lists, str, int), cacheable by content hash and cheap to send
between processes. Record shapes (keys beyond these may be added by a language's indexer):

- functions: {qname, name, kind: function|method|module|class|closure, line, end_line,
  cls (qualified owner type or None), params: [{name, type}], returns: [type text],
  decorators: [text], exported: bool}
- classes: {qname, name, kind: class|struct|interface, line, end_line, bases: [text],
  fields: {name: type text}, embedded: [type text], methods: [name]}
- imports: {alias, target, name (imported symbol or None), line}
- calls: {caller (qname of enclosing function), callee (expression text), name (last segment),
  receiver (text before the last segment or ""), line, column, end_line, end_column, args: [expr]}
- assigns: {func, target (text), value: expr, line}
- returns: {func, value: expr, line}
- comments: {line, column, end_line, end_column, text}
- extra["signals"]: the implementation signals (auditor.index.signals), packed as JSON bytes
  (auditor.index.packed) without their empty lists until the project rules read them
  (`pack_signals`, `unpack_signals`)
- expr: {kind: str|num|bool|null|name|attr|call|concat|format|fstring|template|binop|dict|list|
  lambda|other, text, value (literal strings), names: [identifiers read], parts: [expr], callee}
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FileFacts:
    path: str
    language: str
    sha: str = ""
    module: str = ""  # Python dotted module, Go import path, TS path without extension
    package: str = ""  # Go package name
    lines: int = 0
    parser: str = ""
    functions: list[dict] = field(default_factory=list)
    classes: list[dict] = field(default_factory=list)
    imports: list[dict] = field(default_factory=list)
    calls: list[dict] = field(default_factory=list)
    assigns: list[dict] = field(default_factory=list)
    returns: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    routes: list[dict] = field(default_factory=list)  # framework registrations (endpoints stage)
    findings: list[dict] = field(default_factory=list)  # file-local rule findings (Finding dicts),
    # packed (auditor.index.packed) when a scan's worker sends them: read once, after the graph
    suppressions: list[dict] = field(default_factory=list)  # {line, rule_ids, comment_line}
    errors: list[dict] = field(default_factory=list)  # {stage, message}
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        # Shallow: the records are plain JSON data already, and asdict's deep copy cost more
        # than parsing and indexing together (1.9 s of 2.6 s on AIM's Go).
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, d: dict) -> "FileFacts":
        return cls(**d)
