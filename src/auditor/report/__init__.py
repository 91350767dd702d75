"""Reporters: pure functions of a `ScanResult` to text."""
from __future__ import annotations

FORMATS = ("text", "json", "sarif", "markdown", "github")


def render(result, fmt: str, *, color: bool = False, width: int | None = None,
           show_suppressed: bool = False, sarif: dict | None = None) -> str:
    """`sarif`: build_sarif's options (suppressed, category); `show_suppressed`: the text and
    Markdown reports list baselined and engine-judged findings instead of counting them."""
    if fmt == "json":
        from auditor.report.json_report import render_json

        return render_json(result)
    if fmt == "sarif":
        from auditor.report.sarif import render_sarif

        return render_sarif(result, **(sarif or {}))
    if fmt == "markdown":
        from auditor.report.markdown import render_markdown

        return render_markdown(result)
    if fmt == "github":
        from auditor.report.github import render_annotations

        return render_annotations(result)
    from auditor.report.terminal import render_text

    return render_text(result, color=color, width=width, show_suppressed=show_suppressed)


def render_chunks(result, fmt: str, sarif: dict | None = None):
    """JSON and SARIF as an iterator of UTF-8 byte chunks (the findings and endpoints one by one,
    the UTF-8 of `render`); None for the other formats."""
    from auditor.report.json_report import Stream, iter_indented

    if fmt == "json":
        return iter_indented(result.to_dict(lists=Stream))
    if fmt == "sarif":
        from auditor.report.sarif import build_sarif

        return iter_indented(build_sarif(result, lists=Stream, **(sarif or {})))
    return None
