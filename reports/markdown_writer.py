"""Markdown from the template HTML (for chat messages, e-mail, version control of drafts).

Contract: ``html_to_markdown(html) -> str``. Headings become ``#``, lists ``1.``/``-``, tables
GitHub pipe tables (the first row is the header), 【待补充】 markers are kept verbatim and in
bold so they stand out in any viewer. Text is escaped (:func:`shebao.cells.markdown_text`):
a name or note carrying ``<script>``, ``<img onerror=…>`` or a Markdown link is shown as text.
"""

from __future__ import annotations

from shebao.cells import markdown_text

from .htmlblocks import FIGURE, Block, PageBreak, Paragraph, Run, Table, parse, split_figures


def _inline(runs: list[Run]) -> str:
    out = []
    for run in runs:
        text = markdown_text(run.text)
        if text == "\n":
            out.append("  \n")
        elif run.missing or (run.bold and text.strip()):
            out.append(f"**{text}**")
        elif run.italic and text.strip():
            out.append(f"*{text}*")
        else:
            out.append(text)
    return "".join(out)


def _paragraph(para: Paragraph) -> str:
    text = _inline(para.runs)
    if para.style == "h1":
        return f"# {text}"
    if para.style == "h2":
        return f"## {text}"
    if para.style == "h3":
        return f"### {text}"
    if para.style == "li":
        indent = "   " * para.level
        return f"{indent}{para.number}. {text}" if para.ordered else f"{indent}- {text}"
    if "sign" in para.classes or "right" in para.classes:
        return f"<p align=\"right\">{text}</p>"
    return text


def _table(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(_inline(p.runs).replace("  \n", " ") for p in cell.paragraphs)
            cells.append(text)
            cells.extend([""] * (cell.colspan - 1))
        rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def blocks_to_markdown(blocks: list[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, PageBreak):
            continue
        if isinstance(block, Table):
            parts.append(_table(block))
        else:
            parts.append(_paragraph(block))
    text = ""
    for i, part in enumerate(parts):
        prev = blocks_items_are_list(parts, i)
        text += ("\n" if prev else "\n\n") + part if i else part
    return text.strip() + "\n"


def blocks_items_are_list(parts: list[str], i: int) -> bool:
    """Consecutive list items are separated by one newline, everything else by a blank line."""
    def is_item(s: str) -> bool:
        stripped = s.lstrip()
        return stripped.startswith("- ") or stripped.split(". ", 1)[0].isdigit()
    return is_item(parts[i]) and is_item(parts[i - 1])


def html_to_markdown(html: str) -> str:
    html, figures = split_figures(html)
    for index in range(len(figures)):
        html = html.replace(f'<p class="{FIGURE}">{index}</p>', "<p>（图见 PDF 或 HTML 版）</p>")
    return blocks_to_markdown(parse(html))
