"""The HTML subset -> Markdown/DOCX conversions, as input/expected pairs in
fixtures/markdown/<what it tests>.html and .md."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from shebao.reports.docx_writer import html_to_docx
from shebao.reports.markdown_writer import html_to_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
CASES = sorted(p.stem for p in FIXTURES.glob("*.html"))


@pytest.mark.parametrize("name", CASES)
def test_markdown_matches_expected(name):
    html = (FIXTURES / f"{name}.html").read_text(encoding="utf-8")
    expected = (FIXTURES / f"{name}.md").read_text(encoding="utf-8")
    assert html_to_markdown(html) == expected


def test_docx_of_the_same_fixture_has_the_same_words_and_a_merged_total_cell():
    html = (FIXTURES / "lists_tables_and_markers.html").read_text(encoding="utf-8")
    doc = Document(io.BytesIO(html_to_docx(html, "证据目录")))
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == "证据目录"
    marker = next(r for p in doc.paragraphs for r in p.runs if "待补充" in r.text)
    assert marker.font.highlight_color is not None
    assert [p.text for p in doc.paragraphs[2:4]] == ["1. 第一项\n依据：某条", "2. 第二项：说明"]
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "名称", "页码"]
    total = table.rows[2].cells
    assert total[0]._tc is total[1]._tc and total[0].text == "合计"  # colspan=2 merged
