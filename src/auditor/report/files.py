"""`auditor report --out DIR`: the four deliverables in one folder."""
from __future__ import annotations

from pathlib import Path

from auditor.errors import AuditorError


def write_report_folder(result, out: Path) -> list[Path]:
    import os

    from auditor.report.audit_reports import render_code_audit, render_security_report
    from auditor.report.json_report import render_json
    from auditor.report.sarif import render_sarif

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AuditorError(f"--out {out}: cannot create: {exc.strerror}") from None
    try:
        base = Path(os.path.relpath(Path(result.root), out.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        base = Path(result.root).as_posix()
    files = {
        "code-audit-report.md": render_code_audit(result, base),
        "security-report.md": render_security_report(result, base),
        "audit.sarif": render_sarif(result),
        "audit.json": render_json(result),
    }
    written = []
    for name, text in files.items():
        p = out / name
        try:
            p.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise AuditorError(f"cannot write {p}: {exc.strerror}") from None
        written.append(p)
    return written
