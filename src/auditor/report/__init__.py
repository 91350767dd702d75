"""Reporters: pure functions of a `ScanResult` to text."""
from __future__ import annotations

FORMATS = ("text", "json", "sarif", "markdown")


def render(result, fmt: str, *, color: bool = False, width: int | None = None) -> str:
    if fmt == "json":
        from auditor.report.json_report import render_json

        return render_json(result)
    if fmt == "sarif":
        from auditor.report.sarif import render_sarif

        return render_sarif(result)
    if fmt == "markdown":
        from auditor.report.markdown import render_markdown

        return render_markdown(result)
    from auditor.report.terminal import render_text

    return render_text(result, color=color, width=width)


def render_bytes(result, fmt: str) -> bytes | None:
    """JSON and SARIF as UTF-8 bytes, built without an intermediate str; None for the others."""
    if fmt == "json":
        from auditor.report.json_report import dumps_indented_bytes

        return dumps_indented_bytes(result.to_dict())
    if fmt == "sarif":
        from auditor.report.json_report import dumps_indented_bytes
        from auditor.report.sarif import build_sarif

        return dumps_indented_bytes(build_sarif(result))
    return None
