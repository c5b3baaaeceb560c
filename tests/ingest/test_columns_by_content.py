"""Columns known by what they hold, and mappings proven by amount = base × rate."""

from __future__ import annotations

from shebao.ingest.pipeline import extract_file, extract_pages
from shebao.ingest.proof import prove
from shebao.ingest.table import Column, Header

from .drawing import draw_table, words_page

PERSON = ["姓名：张三    身份证号码：44030019900101123X"]
MONTHS = [f"2024{m:02d}" for m in range(1, 9)]


def _rows(base: float = 4000.0, rates=("0.16", "0.08")) -> list[list[str]]:
    e, p = float(rates[0]), float(rates[1])
    return [[m, f"{base:.2f}", rates[0], f"{base * e:.2f}", rates[1], f"{base * p:.2f}"]
            for m in MONTHS]


def test_a_flattened_stacked_header_reads_rates_as_rates_and_finds_the_amounts(tmp_path):
    # the stacking lost: 单位缴纳 | 金额 | 个人缴纳 | 金额 on one line, 单位缴纳 over the rates
    xs = [60.0, 130.0, 200.0, 270.0, 340.0, 410.0]
    header = [[("缴费年月", 60.0), ("缴费基数", 130.0), ("单位缴纳", 200.0), ("金额", 270.0),
               ("个人缴纳", 340.0), ("金额", 410.0)]]
    path = draw_table(tmp_path / "a.pdf", "养老保险缴费明细", PERSON, header, _rows(), xs)
    ex = extract_file(path)
    c = ex.contributions[0]
    assert (c.insurance, c.base, c.employer_amount, c.personal_amount) == (
        "pension", 4000.0, 640.0, 320.0)
    assert c.confidence == 1.0
    codes = [w.code for w in ex.warnings]
    assert codes.count("column_role_from_content") == 2  # the two rate columns
    assert codes.count("column_remapped") == 1  # the two 金额 columns, proven by the numbers
    assert "amount_check_failed" not in codes


def test_rates_printed_as_percentages_are_rates(tmp_path):
    xs = [60.0, 130.0, 200.0, 270.0, 340.0, 410.0]
    header = [[("缴费年月", 60.0), ("缴费基数", 130.0), ("单位比例", 200.0), ("单位缴费", 270.0),
               ("个人比例", 340.0), ("个人缴费", 410.0)]]
    rows = [[m, "3000.00", "16%", "480.00", "8%", "240.00"] for m in MONTHS]
    ex = extract_file(draw_table(tmp_path / "p.pdf", "养老保险缴费明细", PERSON, header, rows, xs))
    assert {(c.employer_amount, c.personal_amount, c.confidence) for c in ex.contributions} == {
        (480.0, 240.0, 1.0)}


def test_a_row_whose_amount_is_not_base_times_its_rate_is_named_and_not_fully_trusted(tmp_path):
    xs = [60.0, 130.0, 200.0, 270.0, 340.0, 410.0]
    header = [[("缴费年月", 60.0), ("缴费基数", 130.0), ("单位比例", 200.0), ("单位缴费", 270.0),
               ("个人比例", 340.0), ("个人缴费", 410.0)]]
    rows = _rows()
    rows[3][3] = "460.00"  # printed (or read) wrong: 4000 x 0.16 = 640
    ex = extract_file(draw_table(tmp_path / "w.pdf", "养老保险缴费明细", PERSON, header, rows, xs))
    failed = [w for w in ex.warnings if w.code == "amount_check_failed"]
    assert [(w.page, w.row) for w in failed] == [(1, 4)]
    assert "460.00" in failed[0].message and "640.00" in failed[0].message
    assert "单位缴费" in failed[0].message
    by_row = {c.row: c.confidence for c in ex.contributions}
    assert by_row[4] <= 0.5 and by_row[3] == 1.0


def test_a_month_column_under_a_label_nobody_listed_is_the_month_column(tmp_path):
    xs = [60.0, 140.0, 220.0, 300.0]
    header = [[("结算期", 60.0), ("缴费基数", 140.0), ("单位缴费", 220.0), ("个人缴费", 300.0)]]
    rows = [[m, "4000.00", "640.00", "320.00"] for m in MONTHS]
    ex = extract_file(draw_table(tmp_path / "m.pdf", "基本养老保险缴费明细", PERSON, header, rows,
                                 xs))
    assert [c.month for c in ex.contributions] == [f"2024-{m:02d}" for m in range(1, 9)]
    assert any(w.code == "column_role_from_content" and "结算期" in w.message
               for w in ex.warnings)


def _header(fields: list[tuple[str, str]]) -> Header:
    cols = [Column(f, label, None, 100.0 * i, 100.0 * (i + 1)) for i, (f, label) in
            enumerate(fields)]
    return Header(1, 0.0, 10.0, cols)


def test_amounts_swapped_by_the_header_are_put_back_by_the_numbers():
    h = _header([("ym", "年月"), ("base", "基数"), ("employer_rate", "单位比例"),
                 ("personal_amount", "单位缴费"), ("personal_rate", "个人比例"),
                 ("employer_amount", "个人缴费")])
    notes = prove(h, _rows())
    assert [c.field for c in h.columns] == ["ym", "base", "employer_rate", "employer_amount",
                                           "personal_rate", "personal_amount"]
    assert [code for code, _ in notes] == ["column_remapped"]


def test_a_mapping_that_holds_is_left_alone():
    h = _header([("ym", "年月"), ("base", "基数"), ("employer_rate", "单位比例"),
                 ("employer_amount", "单位缴费"), ("personal_rate", "个人比例"),
                 ("personal_amount", "个人缴费")])
    assert prove(h, _rows()) == []


def test_an_ocr_base_one_digit_off_is_suspect_even_when_its_neighbours_differ():
    xs = [300.0, 600.0, 900.0, 1200.0]
    header = [[("缴费年月", 300.0), ("养老缴费基数", 600.0), ("养老单位缴费", 900.0),
               ("养老个人缴费", 1200.0)]]
    bases = ["3404.00", "3404.00", "3104.00", "3484.00", "3404.00", "3404.00"]
    rows = [[MONTHS[k], b, "", ""] for k, b in enumerate(bases)]
    page = words_page(header, rows, xs)
    ex = extract_pages([page], "photo.jpg", "0" * 64)
    suspects = [w for w in ex.warnings if w.code == "ocr_digit_suspect"]
    assert [w.row for w in suspects] == [3, 4]
    assert "3104.00" in suspects[0].message and "3404.00" in suspects[0].message


def test_a_month_column_whose_label_the_ocr_lost_is_read_from_its_months():
    header = [[("养老缴费基数", 600.0), ("养老单位缴费", 900.0), ("养老个人缴费", 1200.0)]]
    rows = [[m, "4000.00", "640.00", "320.00"] for m in MONTHS]
    ex = extract_pages([words_page(header, rows, [300.0, 600.0, 900.0, 1200.0])], "p.jpg",
                       "0" * 64)
    assert [(c.month, c.base, c.personal_amount) for c in ex.contributions] == [
        (f"2024-{m:02d}", 4000.0, 320.0) for m in range(1, 9)]
    assert any(w.code == "column_role_from_content" for w in ex.warnings)


def _photo(rows: list[list[str]]):
    """A long-format photo page: month, insurance, base, employer amount, personal amount."""
    header = [[("缴费年月", 200.0), ("险种", 400.0), ("缴费基数", 600.0), ("单位缴费", 800.0),
               ("个人缴费", 1000.0)]]
    page = words_page(header, rows, [200.0, 400.0, 600.0, 800.0, 1000.0])
    return extract_pages([page], "photo.jpg", "0" * 64)


def _long_rows(last: dict[str, tuple[str, str, str]]) -> list[list[str]]:
    rows = []
    for m in ("202410", "202411", "202412", "202501"):
        for ins, emp, pers in (("养老保险", "585.44", "292.72"), ("医疗保险", "219.54", "73.18"),
                               ("工伤保险", "21.95", "0.00")):
            values = last.get(ins) if m == "202501" and ins in last else None
            rows.append([m, ins, *(values or ("3659", emp, pers))])
    return rows


def test_a_base_one_digit_off_another_insurances_base_of_the_same_month_is_suspect():
    """31007's last month: 3659 read 8659 for one insurance (no month after it to compare
    with). One digit apart from the same month's other bases: both rows named, with the
    printed label of the base column."""
    ex = _photo(_long_rows({"医疗保险": ("8659", "219.54", "73.18")}))
    suspects = [w for w in ex.warnings if w.code == "ocr_digit_suspect"]
    assert sorted(w.row for w in suspects) == [10, 11, 12]
    assert all("缴费基数" in w.message and "同月其他险种" in w.message for w in suspects)
    assert all(c.confidence <= 0.5 for c in ex.contributions if c.month == "2025-01")
    assert all(c.confidence > 0.5 for c in ex.contributions if c.month != "2025-01")
    clean = _photo(_long_rows({}))
    assert not [w for w in clean.warnings if w.code == "ocr_digit_suspect"]


def test_an_amount_under_any_rate_of_its_base_fails_its_check():
    """21.95 read 0.95 beside a base of 3659 (under 0.05 % of it): no insurance charges so
    little; a printed 0.00 is no amount and passes."""
    ex = _photo(_long_rows({"工伤保险": ("3659", "0.95", "0.00")}))
    failed = [w for w in ex.warnings if w.code == "amount_check_failed"]
    assert [(w.row, "单位缴费" in w.message, "不到基数" in w.message) for w in failed] == [
        (12, True, True)]


def test_a_number_cell_read_as_no_number_is_named():
    """'435.' and '师98' in amount columns are not read, and not silently: each is named."""
    ex = _photo(_long_rows({"养老保险": ("3659", "435.", "292.72"),
                            "医疗保险": ("3659", "219.54", "师98")}))
    unread = [(w.row, w.message) for w in ex.warnings if w.code == "cell_unread"]
    assert [row for row, _ in unread] == [10, 11]
    assert "单位缴费" in unread[0][1] and "435." in unread[0][1]
    assert "个人缴费" in unread[1][1] and "师98" in unread[1][1]
