"""Person header fields, employer code tables and self-checks: input/expected pairs."""

from __future__ import annotations

from shebao.ingest.checks import duplicates, rate_outliers
from shebao.ingest.person import employer_names, person_fields
from shebao.ingest.profiles import vocabulary

from shebao.records import Contribution


def test_person_fields_with_colons():
    p = person_fields(
        ["姓名：朱永勇 社保电脑号：902051074 身份证号码：452122197105193154 参保地：深圳市"],
        vocabulary(),
    )
    assert (p.name, p.social_security_number, p.id_number, p.insured_place) == (
        "朱永勇",
        "902051074",
        "452122197105193154",
        "深圳市",
    )


def test_person_fields_from_a_boxed_grid_without_colons():
    p = person_fields(
        [
            "姓名 肖春 建账时间 202207 身份证号码 362426199405280902",
            "性别 女 参保地 长沙市 有效期至 2025-10-14",
        ],
        vocabulary(),
    )
    assert (p.name, p.id_number, p.insured_place) == ("肖春", "362426199405280902", "长沙市")


def test_one_label_for_id_and_social_security_number():
    p = person_fields(
        ["姓名 徐金桂 公民身份号码（社会保障号） 522125197805014919 性别 男"], vocabulary()
    )
    assert p.id_number == p.social_security_number == "522125197805014919"


def test_invalid_id_number_is_not_taken():
    assert person_fields(["身份证号码：12345"], vocabulary()).id_number is None


def test_insured_place_from_the_title_when_not_labelled():
    p = person_fields([], vocabulary(), title="北京市社会保险个人权益记录(参保人员缴费信息)")
    assert p.insured_place == "北京市"


def test_employer_code_tables_in_their_printed_forms():
    lines = [
        "90175248 深圳市骏业鞋业股份有限公司",
        "表中“单位编号”对应的单位名称为：51001234：成都市某某科技有限公司",
        "最近参保单位名称：深圳市佳美模具实业有限公司 单位编号：63446666 计算单位：元",
        "90175248 4384 701.44 350.72",
    ]
    assert employer_names(lines, {"90175248", "51001234", "63446666", "11111111"}) == {
        "90175248": "深圳市骏业鞋业股份有限公司",
        "51001234": "成都市某某科技有限公司",
        "63446666": "深圳市佳美模具实业有限公司",
    }


def _c(month: str, base: float, amount: float, **kw) -> Contribution:
    return Contribution(
        month=month,
        insurance="pension",
        base=base,
        personal_amount=amount,
        status="paid",
        page=1,
        **kw,
    )


def test_duplicate_month_is_a_warning():
    ws = duplicates([_c("2024-01", 3000, 240), _c("2024-01", 3000, 240), _c("2024-02", 3000, 240)])
    assert [w.code for w in ws] == ["duplicate_month"]
    assert ws[0].message.startswith("2024-01 养老保险在同一单位出现 2 次")


def test_an_amount_off_the_rate_of_the_months_around_it_is_a_warning():
    rows = [_c(f"2024-{m:02d}", 3000, 240, row=m) for m in range(1, 7)]
    rows[2] = _c("2024-03", 3000, 2400, row=3)  # a lost decimal point
    ws = rate_outliers(rows)
    assert len(ws) == 1 and "2024-03" in ws[0].message
    # where it is and both ways to reconcile the two numbers
    assert ws[0].message.startswith("第 1 页第 3 行 2024-03 养老保险个人缴费 2400.00 与 缴费基数 "
                                    "3000.00 × 前后月份的费率 8.00% = 240.00 不符")
    assert "若金额无误，基数应约为 30000.00" in ws[0].message


def test_a_rate_change_is_not_an_outlier():
    rows = [_c(f"2024-{m:02d}", 3000, 240) for m in range(1, 5)]
    rows += [_c(f"2024-{m:02d}", 3000, 210) for m in range(5, 9)]
    assert rate_outliers(rows) == []


def test_a_name_wrapped_in_the_code_table_is_joined():
    lines = ["90175248 深圳市骏业鞋业股份有", "限公司", "80510824 深圳市宏达包装印刷实业有限公司"]
    assert employer_names(lines, {"90175248", "80510824"}) == {
        "90175248": "深圳市骏业鞋业股份有限公司",
        "80510824": "深圳市宏达包装印刷实业有限公司",
    }


def test_a_masked_id_number_is_returned_as_printed():
    p = person_fields(["姓名：李四 身份证号码：4403**********123X"], vocabulary())
    assert p.id_number == "4403**********123X"


def test_a_photos_last_month_amount_one_digit_off_its_rate_is_an_outlier():
    """The last month has no month after it: on an OCR'd document its amount is an outlier
    when it differs in one digit from base × the rate the two months before agree on (240
    read 940); a rate change there that moves more than one digit (225) is not (one that
    moves one digit is flagged to be checked: the numbers cannot tell), and a text layer is
    not judged so."""
    rows = [_c(f"2024-{m:02d}", 3000, 240, row=m) for m in range(1, 6)]
    misread = [*rows, _c("2024-06", 3000, 940, row=6)]
    ws = rate_outliers(misread, ocr=True)
    assert [w.row for w in ws] == [6] and "940.00" in ws[0].message
    assert rate_outliers(misread) == []
    assert rate_outliers([*rows, _c("2024-06", 3000, 225, row=6)], ocr=True) == []
    first = [_c("2024-01", 3000, 290, row=1), *rows[1:]]  # 240 read 290, the first month
    assert [w.row for w in rate_outliers(first, ocr=True)] == [1]
