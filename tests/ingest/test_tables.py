"""Table reconstruction on small documents drawn here: each test names the case it covers."""

from __future__ import annotations

from pathlib import Path

import pytest
from shebao.ingest.pipeline import extract_file, extract_pages
from shebao.ingest.words import PageText

from .drawing import draw_table, words_page

XS_WIDE = [60.0, 90.0, 150.0, 210.0, 270.0, 330.0]
GROUPS = [("养老保险", 180.0), ("医疗保险", 300.0)]
SPLIT_LABELS = [
    [
        ("年", 60.0),
        ("月", 90.0),
        ("缴费基", 150.0),
        ("个人缴", 210.0),
        ("缴费基", 270.0),
        ("个人缴", 330.0),
    ],
    [("数(元)", 150.0), ("费(元)", 210.0), ("数(元)", 270.0), ("费(元)", 330.0)],
]
PERSON = ["姓名：张三    身份证号码：44030019900101123X    个人编号：1234567890"]


def _wide(path: Path, rows: list[list[str]], **kw) -> Path:
    return draw_table(
        path, "某市社会保险个人缴费明细", PERSON, [GROUPS, *SPLIT_LABELS], rows, XS_WIDE, **kw
    )


def _by(ex, month: str, insurance: str):
    found = [c for c in ex.contributions if c.month == month and c.insurance == insurance]
    assert len(found) == 1, (month, insurance, found)
    return found[0]


ROWS = [
    ["2024", "07", "3000", "240.00", "3000", "60.00"],
    ["2024", "08", "3000", "240.00", "3000", "60.00"],
    ["2024", "09", "3200", "256.00", "3200", "64.00"],
]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "no-rules"])
def test_two_row_header_with_labels_split_into_text_runs(tmp_path, ruled):
    ex = extract_file(_wide(tmp_path / "a.pdf", ROWS, ruled=ruled))
    assert ex.document.layout == "generic"
    assert len(ex.contributions) == 6
    c = _by(ex, "2024-09", "medical")
    assert (c.base, c.personal_amount, c.employer_amount, c.status) == (3200, 64.0, None, "paid")
    assert (c.page, c.row) == (1, 3)
    assert ex.person.name == "张三"
    assert ex.person.id_number == "44030019900101123X"
    assert ex.person.social_security_number == "1234567890"


def test_rotated_watermark_in_the_text_layer_is_ignored(tmp_path):
    ex = extract_file(_wide(tmp_path / "w.pdf", ROWS, watermark="测试样本 SPECIMEN 2024 07 3000"))
    assert len(ex.contributions) == 6
    assert _by(ex, "2024-07", "pension").base == 3000


def test_table_across_pages_without_repeated_header(tmp_path):
    rows = [["2023", f"{m:02d}", "3000", "240.00", "3000", "60.00"] for m in range(1, 13)]
    ex = extract_file(_wide(tmp_path / "p.pdf", rows, rows_per_page=5, repeat_header=False))
    assert ex.document.pages == 3
    assert sorted({c.month for c in ex.contributions}) == [f"2023-{m:02d}" for m in range(1, 13)]
    last = _by(ex, "2023-12", "pension")
    assert (last.page, last.row) == (3, 2)


def test_newest_first_rows_keep_their_printed_order(tmp_path):
    ex = extract_file(_wide(tmp_path / "n.pdf", list(reversed(ROWS))))
    assert _by(ex, "2024-09", "pension").row == 1
    assert _by(ex, "2024-07", "pension").row == 3


def test_total_row_is_skipped_and_checked_against_the_rows(tmp_path):
    good = [*ROWS, ["合计", "", "", "736.00", "", "184.00"]]
    ex = extract_file(_wide(tmp_path / "t.pdf", good))
    assert len(ex.contributions) == 6
    assert not [w for w in ex.warnings if w.code == "total_mismatch"]
    bad = [*ROWS, ["合计", "", "", "700.00", "", "184.00"]]
    ex = extract_file(_wide(tmp_path / "t2.pdf", bad))
    (warning,) = [w for w in ex.warnings if w.code == "total_mismatch"]
    assert warning.message.startswith("第 1 页合计行“养老保险个人缴费(元)”")
    assert "为 700.00，但上面各行之和为 736.00（相差 -36.00）" in warning.message


LONG_X = [50.0, 110.0, 190.0, 250.0, 310.0, 370.0, 470.0]
LONG_HEAD = [
    [
        ("费款所属期", 50.0),
        ("险种类型", 110.0),
        ("缴费基数", 190.0),
        ("单位应缴", 250.0),
        ("个人应缴", 310.0),
        ("缴费类型", 370.0),
        ("单位名称", 470.0),
    ]
]


def test_wrapped_cells_and_status_words_in_long_format(tmp_path):
    rows = [
        [
            "202401",
            "企业职工基本\n养老保险",
            "4000.00",
            "640.00",
            "320.00",
            "正常应缴",
            "东莞市某某电子\n有限公司",
        ],
        ["202401", "失业保险", "4000.00", "32.00", "8.00", "补收", "东莞市某某电子有限公司"],
        [
            "202402",
            "企业职工基本\n养老保险",
            "4000.00",
            "640.00",
            "320.00",
            "欠缴",
            "东莞市某某电子\n有限公司",
        ],
        ["202403", "企业职工基本\n养老保险", "", "", "", "退收", "东莞市某某电子\n有限公司"],
    ]
    ex = extract_file(
        draw_table(
            tmp_path / "l.pdf", "个人缴费清单", PERSON, LONG_HEAD, rows, LONG_X, row_height=16
        )
    )
    got = {(c.month, c.insurance): (c.status, c.employer, c.row) for c in ex.contributions}
    assert got == {
        ("2024-01", "pension"): ("paid", "东莞市某某电子有限公司", 1),
        ("2024-01", "unemployment"): ("back_paid", "东莞市某某电子有限公司", 2),
        ("2024-02", "pension"): ("arrears", "东莞市某某电子有限公司", 3),
        ("2024-03", "pension"): ("refunded", "东莞市某某电子有限公司", 4),
    }


CODE_X = [50.0, 80.0, 130.0, 190.0, 250.0, 310.0]
CODE_HEAD = [
    [("养老保险", 250.0)],
    [
        ("缴费年", 50.0),
        ("月", 80.0),
        ("单位编号", 130.0),
        ("基数", 190.0),
        ("单位交", 250.0),
        ("个人交", 310.0),
    ],
]


def test_employer_codes_resolved_through_a_table_printed_apart_and_markers(tmp_path):
    rows = [
        ["２０２３", "１１", "10023456", "3000", "480.00", "240.00"],
        ["*２０２３", "１２", "10023456", "3000", "480.00", "240.00"],
        ["２０２４", "０１", "", "", "", ""],
        ["２０２４", "０２", "20087654", "3,200", "512.00", "256.00"],
    ]
    below = [
        "单位编号与单位名称对照：",
        "10023456    东莞市某某电子有限公司",
        "20087654    深圳市另一家制衣厂",
    ]
    ex = extract_file(
        draw_table(
            tmp_path / "c.pdf",
            "社会保险历年参保缴费明细表",
            PERSON,
            CODE_HEAD,
            rows,
            CODE_X,
            lines_below=below,
        )
    )
    got = {c.month: (c.status, c.employer, c.employer_code, c.base) for c in ex.contributions}
    assert got == {
        "2023-11": ("paid", "东莞市某某电子有限公司", "10023456", 3000.0),
        "2023-12": ("back_paid", "东莞市某某电子有限公司", "10023456", 3000.0),
        "2024-01": ("unpaid", None, None, None),
        "2024-02": ("paid", "深圳市另一家制衣厂", "20087654", 3200.0),
    }


RANGE_X = [60.0, 120.0, 170.0, 230.0, 290.0, 350.0]
RANGE_HEAD = [
    [
        ("缴费起止年月", 60.0),
        ("月数", 120.0),
        ("缴费基数", 170.0),
        ("单位缴费", 230.0),
        ("个人缴费", 290.0),
        ("缴费性质", 350.0),
    ]
]


def test_range_rows_with_totals_are_expanded_and_divided(tmp_path):
    rows = [
        ["2019/01-2019/03", "3", "3,000.00", "1,440.00", "720.00", "正常应缴"],
        ["2019/04-2019/04", "1", "3,000.00", "480.00", "240.00", "补缴"],
        ["2019/05-2019/10", "6", "3,200.00", "3,072.00", "1,536.00", "正常应缴"],
    ]
    ex = extract_file(
        draw_table(
            tmp_path / "r.pdf", "基本养老个人历年缴费明细表", PERSON, RANGE_HEAD, rows, RANGE_X
        )
    )
    assert len(ex.contributions) == 10
    assert {c.insurance for c in ex.contributions} == {"pension"}
    may = _by(ex, "2019-05", "pension")
    assert (may.employer_amount, may.personal_amount, may.row) == (512.0, 256.0, 3)
    assert _by(ex, "2019-04", "pension").status == "back_paid"


def test_month_count_that_disagrees_with_the_range_is_a_warning(tmp_path):
    rows = [
        ["2019/01-2019/03", "4", "3,000.00", "1,440.00", "720.00", "正常应缴"],
        ["2019/04-2019/04", "1", "3,000.00", "480.00", "240.00", "正常应缴"],
    ]
    ex = extract_file(
        draw_table(
            tmp_path / "m.pdf", "基本养老个人历年缴费明细表", PERSON, RANGE_HEAD, rows, RANGE_X
        )
    )
    (warning,) = [w for w in ex.warnings if w.code == "month_count"]
    assert warning.message.startswith("第 1 页第 1 行月数为 4，但 2019-01 至 2019-03 共 3 个月")


def test_ocr_words_without_rules_go_through_the_same_reader():
    header = [
        [("养老保险", 640.0), ("医疗保险", 1060.0)],
        [
            ("年", 200.0),
            ("月", 300.0),
            ("缴费基数", 520.0),
            ("个人缴费", 760.0),
            ("缴费基数", 940.0),
            ("个人缴费", 1180.0),
        ],
    ]
    xs = [200.0, 300.0, 520.0, 760.0, 940.0, 1180.0]
    page = words_page(header, ROWS, xs, seed=3)
    ex = extract_pages([page], file="photo.jpg", sha256="0" * 64)
    assert ex.document.method == "ocr"
    assert len(ex.contributions) == 6
    c = _by(ex, "2024-09", "pension")
    assert (c.base, c.personal_amount) == (3200.0, 256.0)
    assert 0.9 <= c.confidence <= 0.99


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "no-rules"])
def test_a_month_cell_wrapped_over_two_lines(tmp_path, ruled):
    head = [
        [
            ("对应费款所属期", 60.0),
            ("险种名称", 140.0),
            ("缴费基数", 210.0),
            ("个人缴纳", 270.0),
            ("缴费标志", 330.0),
        ]
    ]
    rows = [
        ["２０２３年０１\n月", "基本养老保险", "5065.00", "405.20", "已实缴"],
        ["２０２３年０２\n月", "基本养老保险", "5065.00", "405.20", "欠缴"],
    ]
    ex = extract_file(
        draw_table(
            tmp_path / "wm.pdf",
            "社会保险个人缴费信息",
            PERSON,
            head,
            rows,
            [60.0, 140.0, 210.0, 270.0, 330.0],
            ruled=ruled,
            row_height=18,
        )
    )
    got = [(c.month, c.insurance, c.personal_amount, c.status, c.row) for c in ex.contributions]
    assert got == [
        ("2023-01", "pension", 405.2, "paid", 1),
        ("2023-02", "pension", 405.2, "arrears", 2),
    ]


def test_pages_that_need_ocr_are_named_in_the_warnings():
    header = [
        [("费款所属期", 200.0), ("险种类型", 400.0), ("缴费基数", 600.0), ("个人应缴", 800.0)]
    ]
    rows = [["202401", "养老保险", "4000.00", "320.00"]]
    page1 = words_page(header, rows, [200.0, 400.0, 600.0, 800.0])
    page2 = PageText(
        number=2,
        width=595,
        height=842,
        notes=[("cid_glyphs", "本页文字层为无法解码的字形 (cid)，需要 OCR 识别")],
    )
    ex = extract_pages([page1, page2], file="mixed.pdf", sha256="0" * 64)
    assert len(ex.contributions) == 1
    assert [(w.code, w.page) for w in ex.warnings if w.code == "ocr_needed"] == [("ocr_needed", 2)]


def test_a_light_horizontal_watermark_across_the_rows_is_ignored(tmp_path):
    banner = "本文件由全国社保卡服务平台提供 2024 07 3000 任何第三方机构不得二次加工"
    ex = extract_file(_wide(tmp_path / "b.pdf", ROWS, banner=banner))
    assert len(ex.contributions) == 6
    assert {c.base for c in ex.contributions} == {3000.0, 3200.0}


def test_two_records_per_line_are_read_block_by_block(tmp_path):
    """Wuhan 近12个月: 记录月份 | 缴费基数 | 缴费类型 twice per line, newest month first."""
    head = [
        [
            ("记录月份", 60.0),
            ("缴费基数(元)", 130.0),
            ("缴费类型", 200.0),
            ("记录月份", 290.0),
            ("缴费基数(元)", 360.0),
            ("缴费类型", 430.0),
        ]
    ]
    rows = [
        ["202412", "4500", "正常", "202406", "4200", "正常"],
        ["202411", "4500", "补缴", "202405", "4200", "正常"],
        ["202410", "4500", "正常", "", "", ""],
    ]
    ex = extract_file(
        draw_table(
            tmp_path / "two.pdf",
            "湖北省基本养老保险参保缴费证明",
            PERSON,
            head,
            rows,
            [60.0, 130.0, 200.0, 290.0, 360.0, 430.0],
        )
    )
    got = [(c.month, c.base, c.status, c.row) for c in ex.contributions]
    assert got == [
        ("2024-12", 4500.0, "paid", 1),
        ("2024-11", 4500.0, "back_paid", 2),
        ("2024-10", 4500.0, "paid", 3),
        ("2024-06", 4200.0, "paid", 1),
        ("2024-05", 4200.0, "paid", 2),
    ]
    assert {c.insurance for c in ex.contributions} == {"pension"}


def test_a_checkmark_grid_gives_one_record_per_marked_insurance(tmp_path):
    """社会保险缴费清单: 缴费起止年月 | 月缴费基数 | 养老 | 医疗 | 失业 with √ marks."""
    head = [
        [
            ("缴费起止年月", 70.0),
            ("月缴费基数", 150.0),
            ("养老", 210.0),
            ("医疗", 250.0),
            ("失业", 290.0),
        ]
    ]
    rows = [
        ["2009/07-2009/08", "1,200.00", "√", "√", ""],
        ["2009/09-2009/09", "1,300.00", "√", "", "√"],
    ]
    ex = extract_file(
        draw_table(
            tmp_path / "chk.pdf",
            "社会保险缴费清单",
            PERSON,
            head,
            rows,
            [70.0, 150.0, 210.0, 250.0, 290.0],
        )
    )
    got = sorted((c.month, c.insurance, c.base, c.status) for c in ex.contributions)
    assert got == [
        ("2009-07", "medical", 1200.0, "paid"),
        ("2009-07", "pension", 1200.0, "paid"),
        ("2009-08", "medical", 1200.0, "paid"),
        ("2009-08", "pension", 1200.0, "paid"),
        ("2009-09", "pension", 1300.0, "paid"),
        ("2009-09", "unemployment", 1300.0, "paid"),
    ]


def test_a_three_column_status_grid(tmp_path):
    """Shanghai 随申办: 序号 | 年月 | 参保情况 | 补缴退账年月, three sets per line."""
    xs = [40.0, 80.0, 130.0, 175.0, 220.0, 260.0, 310.0, 355.0, 400.0, 440.0, 490.0, 535.0]
    labels = ["序号", "年月", "参保情况", "补缴退账年月"] * 3
    head = [list(zip(labels, xs, strict=True))]
    rows = [
        ["1", "202401", "已记账", "", "3", "202403", "欠缴", "", "5", "202405", "已记账", "202407"],
        ["2", "202402", "未缴费", "", "4", "202404", "已记账", "", "", "", "", ""],
    ]
    ex = extract_file(
        draw_table(
            tmp_path / "sh.pdf", "参保人员城镇职工基本养老保险参保情况", PERSON, head, rows, xs
        )
    )
    got = sorted((c.month, c.insurance, c.status, c.row) for c in ex.contributions)
    assert got == [
        ("2024-01", "pension", "paid", 1),
        ("2024-02", "pension", "unpaid", 2),
        ("2024-03", "pension", "arrears", 1),
        ("2024-04", "pension", "paid", 2),
        ("2024-05", "pension", "paid", 1),
    ]


def test_month_counts_per_insurance_in_range_rows(tmp_path):
    """广东 参保证明: 单位名称 | 开始年月 | 终止年月 | 养老保险 | 工伤保险 | 失业保险 (counts)."""
    xs = [90.0, 190.0, 250.0, 310.0, 370.0, 430.0]
    head = [
        [
            ("单位名称", 90.0),
            ("开始年月", 190.0),
            ("终止年月", 250.0),
            ("养老保险", 310.0),
            ("工伤保险", 370.0),
            ("失业保险", 430.0),
        ]
    ]
    rows = [
        ["广州市某某电子有限公司", "202301", "202303", "03个月", "03个月", "0"],
        ["广州市某某电子有限公司", "202304", "202305", "2", "1", "2"],
    ]
    ex = extract_file(
        draw_table(tmp_path / "gd.pdf", "广东省社会保险参保证明", PERSON, head, rows, xs)
    )
    got = {(c.month, c.insurance): c.status for c in ex.contributions}
    assert got == {
        ("2023-01", "pension"): "paid",
        ("2023-02", "pension"): "paid",
        ("2023-03", "pension"): "paid",
        ("2023-01", "injury"): "paid",
        ("2023-02", "injury"): "paid",
        ("2023-03", "injury"): "paid",
        ("2023-04", "pension"): "paid",
        ("2023-05", "pension"): "paid",
        ("2023-04", "injury"): "unknown",
        ("2023-05", "injury"): "unknown",
        ("2023-04", "unemployment"): "paid",
        ("2023-05", "unemployment"): "paid",
    }
    assert {c.base for c in ex.contributions} == {None}


def test_a_row_of_slashes_read_as_strokes_keeps_no_number_or_code():
    """A certificate's months before coverage print ``/`` in every cell; the OCR reads the
    strokes as ``1`` and, where a column cut fell beside two of them, one cell holds both
    (``1 1``: 70096, whose not-insured months carried employer code 11). In a row whose
    numeric cells hold nothing but strokes, every stroke cell is ``/``, one word ``11`` too
    (two strokes read as one box); in a row with a real number strokes are kept as read."""
    from shebao.ingest.table import Column, Header, ocr_numbers

    header = Header(1, 0.0, 10.0, [
        Column("ym", "所属年月", None, 0, 100),
        Column("employer_code", "单位管理码", None, 100, 200),
        Column("employer", "参保单位", None, 200, 300),
        Column("base", "缴费工资", None, 300, 400),
        Column("personal_amount", "个人缴费", None, 400, 500),
        Column("status", "缴费类型", None, 500, 600)])
    assert ocr_numbers(["2024年06月", "1 1", "", "1", "l", "未参保"], header) == [
        "2024年06月", "/", "", "/", "/", "未参保"]
    assert ocr_numbers(["2024年06月", "1 1", "", "", "", "未参保"], header)[1] == "/"
    assert ocr_numbers(["2024年06月", "11", "", "1", "1", "未参保"], header)[1] == "/"
    assert ocr_numbers(["2024年06月", "111", "", "1", "1", "未参保"], header)[1] == "111"
    assert ocr_numbers(["2024年06月", "1 1", "", "3659", "1", "正常"], header)[1:4] == [
        "1 1", "", "3659"]
