"""docs/rules.md: one section per native rule (its SARIF `helpUri` points here), written from
the registry by `auditor rules --format markdown`, and a test keeps the committed file current."""
from __future__ import annotations

import textwrap

_ENGINES = """## Engine rules

Findings of the external engines keep the engine's rule id; their `helpUri` points to the
engine's documentation.

- **semgrep**: the bundled packs under `rules/` (their ids start with the pack name); each rule's
  message and metadata come from its YAML.
- **bandit**: test ids such as `B608`, documented at
  <https://bandit.readthedocs.io/en/latest/plugins/index.html>.
- **dependencies**: one rule per advisory (OSV, GHSA, PYSEC, GO ids), documented at
  `https://osv.dev/vulnerability/<id>`.
"""


def render_rules_markdown(metas: list[dict]) -> str:
    out = ["# Rules", "",
           "Every native rule auditor runs, as `auditor rules --format markdown` prints it. "
           "Severity is the default; the configuration's `severity` table changes it.", "",
           "| Rule | Category | Severity | CWE | OWASP |", "| --- | --- | --- | --- | --- |"]
    for m in metas:
        out.append(f"| [{m['id']}](#{m['id']}) | {m['category']} | {m['severity']} | "
                   f"{', '.join(m['cwe']) or '-'} | {', '.join(m.get('owasp', [])) or '-'} |")
    out.append("")
    for m in metas:
        docs = m.get("docs") or {}
        out += [f"## {m['id']}", "", m.get("short_description") or "", "",
                f"Category `{m['category']}`, default severity `{m['severity']}`, confidence "
                f"`{m.get('confidence', '')}`, languages: {', '.join(m.get('languages', [])) or 'all'}.",
                ""]
        for key in ("What it finds", "Why it matters", "Example", "Fix"):
            body = docs.get(key)
            if not body:
                continue
            out += [f"**{key}**", ""]
            if key == "Example":
                out += ["```", textwrap.dedent(body).strip("\n"), "```"]
            else:
                out.append(" ".join(body.split()))
            out.append("")
    out.append(_ENGINES)
    return "\n".join(out).rstrip("\n") + "\n"
