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


def render_chunks(result, fmt: str):
    """JSON and SARIF as an iterator of UTF-8 byte chunks (the findings and endpoints one by one,
    the UTF-8 of `render`); None for the other formats."""
    from auditor.report.json_report import Stream, iter_indented

    if fmt == "json":
        return iter_indented(result.to_dict(lists=Stream))
    if fmt == "sarif":
        from auditor.report.sarif import build_sarif

        return iter_indented(build_sarif(result, lists=Stream))
    return None
