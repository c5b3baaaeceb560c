"""DOCX tables sized by their content: no name, number, date or ID number is broken inside a
cell (issue 12, item 7). Widths are read from the DOCX (grid columns less the cell margins)
and compared with each unbreakable token as Times New Roman and a CJK font set it, so the
check does not reuse the writer's own estimate. Before, a table whose tokens needed more than
the text block was shrunk proportionally, names and amounts included."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from docx import Document
from shebao.reports.docx_writer import html_to_docx

# Advance widths of Times New Roman (the DOCX's Latin font; em): digits 0.5, separators 0.25.
_TIMES = {**dict.fromkeys("0123456789", 0.5), **dict.fromkeys(",.:;", 0.25), "-": 0.333,
          "X": 0.722, "x": 0.5, "%": 0.833, "(": 0.333, ")": 0.333, "_": 0.5}


def _em(text: str) -> float:
    """Width of text in em: CJK one em each, Latin as Times New Roman sets it (0.722, the
    widest capital, for a letter not in the table)."""
    return sum(1.0 if ord(ch) > 0x2E7F else _TIMES.get(ch, 0.722) for ch in text)


def _unbreakable(text: str, whole: bool) -> list[str]:
    """What must stay on one line: the whole cell (a name, a number), else each run of Latin
    letters and digits (2025, 12,345.67, an ID number)."""
    if whole:
        return [text.strip()] if text.strip() else []
    return re.findall(r"[0-9A-Za-z.,:%()_-]+", text)


def docx_tokens_fit(path: Path) -> list[tuple]:
    """Cells of every table whose unbreakable token is wider than its column (the column's
    grid width less the cell margins), as (table, column, token, need pt, width pt)."""
    from docx.oxml.ns import qn

    bad = []
    doc = Document(path)
    for n, table in enumerate(doc.tables):
        tbl = table._tbl
        grid = [int(c.get(qn("w:w"))) / 20 for c in tbl.tblGrid.findall(qn("w:gridCol"))]
        mar = tbl.tblPr.find(qn("w:tblCellMar"))
        sides = ([int(e.get(qn("w:w"))) / 20 for e in mar if e.tag in
                  (qn("w:left"), qn("w:right"))] if mar is not None else [5.4, 5.4])
        margins = sum(sides)
        header = [c.text for c in table.rows[0].cells]
        for row in table.rows[1:]:
            col = 0
            for tc in row._tr.tc_lst:  # a merged cell (合计) spans its columns' widths
                width = sum(grid[col:col + tc.grid_span])
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                sizes = [int(e.get(qn("w:val"))) / 2 for e in tc.iter(qn("w:sz"))]
                size = max(sizes, default=10.5)
                whole = ((tc.tcPr is not None and tc.tcPr.find(qn("w:noWrap")) is not None)
                         or header[col] == "姓名")
                for token in _unbreakable(text, whole):
                    need = _em(token) * size
                    if need > width - margins + 0.5:
                        bad.append((n, header[col], token, round(need, 1),
                                    round(width - margins, 1)))
                col += tc.grid_span
    return bad


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳司马诸葛"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"


def _annex(rng: random.Random, workers: int) -> str:
    """A joint complaint's annex as the template writes it (classes nw / num), at random."""
    head = ("序号", "姓名", "公民身份号码", "任职期间（部门）", "欠缴月份", "单位欠缴", "个人欠缴",
            "欠缴小计", "滞纳金")
    rows = []
    for no in range(1, workers + 1):
        name = "".join(rng.choice(SURNAMES) for _ in range(rng.choice((1, 2)))) + "".join(
            rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        ident = f"{rng.randrange(10**16, 10**17)}{rng.choice('0123456789X')}"
        start = f"{rng.randrange(2015, 2024)}年{rng.randrange(1, 13)}月"
        end = rng.choice(["今", "2025年10月"])
        period = f"{start}至{end}（{rng.choice(['冲压车间', '仓库'])}）"
        months = f"{start}至2025年6月（共{rng.randrange(1, 120)}个月）"
        amounts = [rng.uniform(0, 10 ** rng.randrange(3, 7)) for _ in range(4)]
        cells = [f'<td class="c">{no}</td>', f'<td class="nw">{name}</td>',
                 f'<td class="nw">{ident}</td>', f"<td>{period}</td>", f"<td>{months}</td>",
                 *(f'<td class="num">{a:,.2f}</td>' for a in amounts)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    totals = "".join(f'<td class="num">{rng.uniform(0, 10 ** 8):,.2f}</td>' for _ in range(4))
    rows.append(f'<tr class="total"><td colspan="4" class="c">合计</td><td>{workers}人</td>'
                f"{totals}</tr>")
    return ('<html><body><table class="arrears"><thead><tr>'
            + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></body></html>")


@pytest.mark.parametrize("seed", range(12))
def test_no_token_is_wider_than_its_column(seed, tmp_path):
    rng = random.Random(seed)
    path = tmp_path / "annex.docx"
    path.write_bytes(html_to_docx(_annex(rng, rng.randrange(1, 30)), "附件"))
    assert docx_tokens_fit(path) == []
