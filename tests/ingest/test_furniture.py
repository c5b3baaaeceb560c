"""Watermarks and stamps known by their geometry, whatever words they print."""

from __future__ import annotations

from shebao.ingest.furniture import without_furniture
from shebao.ingest.pipeline import extract_pages
from shebao.ingest.words import Word

from .drawing import words_page

HEADER = [[("缴费年月", 300.0), ("养老缴费基数", 600.0), ("养老单位缴费", 900.0),
           ("养老个人缴费", 1200.0)]]
ROWS = [[f"2024{m:02d}", "4000.00", "640.00", "320.00"] for m in range(1, 9)]
XS = [300.0, 600.0, 900.0, 1200.0]


def _expected(ex) -> list[tuple]:
    return [(c.month, c.base, c.employer_amount, c.personal_amount) for c in ex.contributions]


def test_a_tiled_watermark_across_the_rows_joins_no_cell():
    page = words_page(HEADER, ROWS, XS)
    clean = _expected(extract_pages([page], "p.jpg", "0" * 64))
    # 仅供查询使用 tiled diagonally over the table, as an issuer prints it
    for k in range(4):
        x, y = 380 + 260 * k, 260 + 70 * k
        page.words.append(Word("仅供查询使用", x, y, x + 150, y + 20, 0.95))
    ex = extract_pages([page], "p.jpg", "0" * 64)
    assert _expected(ex) == clean and len(clean) == 8


def test_large_horizontal_watermark_over_the_table_is_dropped_but_the_title_kept():
    words = [Word(f"w{i}", 100 + 60 * (i % 10), 400 + 30 * (i // 10), 150 + 60 * (i % 10),
                  420 + 30 * (i // 10)) for i in range(40)]
    title = Word("某市社会保险个人缴费明细", 300, 40, 900, 100)
    mark = Word("某某银行自助终端打印", 200, 500, 1200, 580)
    kept = without_furniture([*words, title, mark], 1400.0)
    assert title in kept and mark not in kept and len(kept) == 41


def test_an_employer_name_down_its_column_is_not_furniture():
    name = "深圳市某某电子有限公司"
    words = [Word(name, 100, 400 + 30 * i, 300, 420 + 30 * i) for i in range(12)]
    assert len(without_furniture(words, 1400.0)) == 12
