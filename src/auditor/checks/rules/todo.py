"""TODO, FIXME, XXX and HACK markers left in comments.

What it finds:
A comment that carries a TODO, FIXME, XXX or HACK marker, found in the comment nodes of the real
parse (tree-sitter for Go and TypeScript, Python's tokenizer): the same word inside a string
literal is not a finding.

Why it matters:
A marker admits unfinished work. On a request path it often sits next to a stub, a shortcut or a
missing check; the production-readiness checklist asks for zero of them in critical paths.

Example:
    func (s *AgentService) Verify(id string) error {
        // TODO: check the signature
        return nil
    }

Fix:
Finish the work, or move it to the issue tracker and delete the marker.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.model import Finding

MARKER = re.compile(r"(?<![\w\-])(TODO|FIXME|XXX|HACK)(?![\w\-])")


_LEAD = re.compile(r"[\s/#*!<>\-]*$")


def _is_marker(text: str, m: re.Match) -> bool:
    """A marker opens its comment line (`// TODO ...`) or is followed by `:` or `(`
    (`// see TODO(ann): ...`); the word inside prose ("a TODO inside a function") is not one."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    if _LEAD.match(text[line_start:m.start()]):
        return True
    return text[m.end():m.end() + 1] in (":", "(")


class TodoComment(Rule):
    __doc__ = __doc__
    id = "todo"
    name = "TodoComment"
    category = "todo"
    severity = "low"
    confidence = "high"
    precision = "very-high"
    positive = [
        Example("go", "package x\n\n// TODO: real query\nfunc F() {}\n"),
        Example("python", "def f():\n    return 1  # FIXME handle errors\n"),
        Example("typescript", "/* HACK: bypass */\nexport const x = 1;\n"),
    ]
    negative = [
        Example("go", 'package x\n\nvar s = "TODO: not a comment"\n'),
        Example("python", 's = "# TODO inside a string"\n# todos are listed in TODOS.md\n'),
        Example("typescript", "// format: XXX-XXX-XXXX\nconst todo = 'FIXME';\n"),
        Example("go", "package x\n\n// Report a TODO inside a handler as critical.\nfunc F() {}\n"),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        test = ctx.is_test
        for c in ctx.facts.comments:
            text = c["text"]
            for m in MARKER.finditer(text):
                if not _is_marker(text, m):
                    continue
                before = text[:m.start()]
                line = c["line"] + before.count("\n")
                # byte columns, like every tree-sitter position (converted to characters later)
                line_start = before.rfind("\n") + 1
                col = len(before[line_start:].encode("utf-8")) + (c["column"] if not line_start else 1)
                note = text[m.start():].split("\n", 1)[0].strip().rstrip("*/").strip()
                yield self.finding(
                    ctx.path, line, f"{m.group(1)} comment: {note[:160]}", column=col,
                    end_column=col + len(m.group(1)), snippet=ctx.line_text(line),
                    severity="info" if test else None,
                )
                break  # one finding per comment
