"""Declarative packs (semgrep rules, checklists), installed as the package `auditor.packs`."""
