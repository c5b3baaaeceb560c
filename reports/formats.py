"""One rendered HTML document -> bytes of the requested format.

Contract: ``FORMATS = ("docx", "pdf", "html", "md", "xlsx")`` (xlsx holds the tables only);
``convert(html, fmt, title) -> bytes``; ``format_from_path(path)`` guesses the format from an
output file's suffix.
"""

from __future__ import annotations

from pathlib import Path

from shebao.errors import UsageError

FORMATS: tuple[str, ...] = ("docx", "pdf", "html", "md", "xlsx")


def convert(html: str, fmt: str, title: str) -> bytes:
    if fmt == "html":
        return html.encode("utf-8")
    if fmt == "pdf":
        from .pdf_engine import html_to_pdf

        return html_to_pdf(html)
    if fmt == "docx":
        from .docx_writer import html_to_docx

        return html_to_docx(html, title)
    if fmt == "xlsx":
        from .xlsx_writer import html_to_xlsx

        return html_to_xlsx(html, title)
    if fmt == "md":
        from .markdown_writer import html_to_markdown

        return html_to_markdown(html).encode("utf-8")
    raise UsageError(f"不支持的输出格式：{fmt}", f"unsupported format {fmt!r}; use one of "
                     f"{', '.join(FORMATS)}", code="bad_format")


def format_from_path(path: Path) -> str | None:
    suffix = path.suffix.lower().lstrip(".")
    return {"htm": "html", "markdown": "md"}.get(suffix, suffix) if suffix else None
