"""The three commands end to end through ``shebao.cli.main`` (the real entry point): JSON
shapes, the Chinese human output, and clear one-line errors (exit 2) for bad options."""

from __future__ import annotations

import json

import pytest

from shebao.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_retirement_json(capsys) -> None:
    code, out, _ = run(capsys, "retirement", "--birth", "1970-06", "--category", "male", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["statutory_retirement_month"] == "2031-11"
    assert data["statutory_age_months"] == 737
    assert data["original_age_months"] == 720
    assert data["delay_months"] == 17
    assert data["min_contribution_months"] == 192
    assert data["flexible_earliest_month"] == "2030-06"
    assert data["flexible_latest_month"] == "2034-11"
    assert any(p["status"] == "official" for p in data["parameters"])


def test_retirement_human_output_is_chinese_and_cites_the_law(capsys) -> None:
    code, out, _ = run(capsys, "retirement", "--birth", "1980-01", "--category", "female-worker")
    assert code == 0
    assert "52岁7个月" in out and "2032-08" in out
    assert "国务院关于渐进式延迟法定退休年龄的办法" in out


JIANGSU = [
    "estimate",
    "--province",
    "江苏",
    "--retire",
    "2025-11",
    "--age-months",
    "720",
    "--calc-base",
    "8917",
    "--avg-index",
    "0.5878",
    "--years",
    "41",
    "--account",
    "90246.99",
    "--deemed-years",
    "11y1m",
    "--deemed-index",
    "1.5023",
    "--old-transitional",
    "736.98",
]


def test_estimate_json_jiangsu_example(capsys) -> None:
    code, out, _ = run(capsys, *JIANGSU, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["basic"] == pytest.approx(2902.47, abs=0.005)
    assert data["individual_account"] == pytest.approx(649.26, abs=0.005)
    assert data["transitional"] == pytest.approx(1468.28, abs=0.2)
    assert data["total"] == pytest.approx(5020.1, abs=0.2)
    comp = data["components"]["transitional"]
    assert "736.98" in comp["formula"] and comp["status"] == "estimated"
    assert {i["name"] for i in data["inputs"]} >= {"calc_base", "avg_index", "years", "account"}


def test_estimate_human_output_shows_formula_inputs_and_sources(capsys) -> None:
    code, out, _ = run(capsys, *JIANGSU)
    assert code == 0
    for text in (
        "基础养老金",
        "2,902.47",
        "90246.99 ÷ 139",
        "国发〔2005〕38号",
        "输入及来源",
        "估计",
    ):
        assert text in out, text


def test_estimate_takes_the_calculation_base_from_parameters(capsys) -> None:
    code, out, _ = run(
        capsys,
        "estimate",
        "--province",
        "广东",
        "--city",
        "深圳",
        "--retire",
        "2025-10",
        "--age-months",
        "600",
        "--avg-index",
        "0.7183",
        "--years",
        "30",
        "--account",
        "163426.28",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    base = next(i for i in data["inputs"] if i["name"] == "calc_base")
    assert base["value"] == 11293 and base["origin"] == "parameter" and base["status"] == "official"
    assert data["basic"] == pytest.approx(2910.71, abs=0.005)


def test_estimate_unknown_base_is_reported_not_guessed(capsys) -> None:
    code, out, _ = run(
        capsys,
        "estimate",
        "--province",
        "上海",
        "--retire",
        "2020-05",
        "--age-months",
        "720",
        "--avg-index",
        "1",
        "--years",
        "30",
        "--account",
        "100000",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["basic"] is None and data["total"] is None
    assert any("9339" in u for u in data["unknown"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["retirement", "--birth", "1970-13", "--category", "male"], "--birth 应为 年-月"),
        (["retirement", "--birth", "1970-06", "--category", "robot"], "人员类别"),
        ([*JIANGSU[:-2], "--old-transitional", "abc"], "应为数字"),
        (
            [
                "estimate",
                "--province",
                "火星",
                "--retire",
                "2025-01",
                "--age-months",
                "720",
                "--avg-index",
                "1",
                "--years",
                "30",
                "--account",
                "1",
            ],
            "未知地区",
        ),
        (
            [
                "estimate",
                "--province",
                "江苏",
                "--city",
                "深圳",
                "--retire",
                "2025-01",
                "--age-months",
                "720",
                "--avg-index",
                "1",
                "--years",
                "30",
                "--account",
                "1",
            ],
            "不属于",
        ),
        ([*JIANGSU[:11], "--years", "forty", *JIANGSU[13:]], "--years 应为年数"),
        ([*JIANGSU[:11], "--years", "10y13m", *JIANGSU[13:]], "--years 应为年数"),
        ([*JIANGSU[:11], "--years", "500", *JIANGSU[13:]], "--years 应为年数"),
        ([*JIANGSU[:9], "--avg-index", "1e400", *JIANGSU[11:]], "应在0到10之间"),
        (["project", "--start-age", "70", "--retire-age", "60"], "参加工作年龄"),
    ],
)
def test_bad_options_give_one_line_chinese_errors(capsys, args, needle) -> None:
    code, _out, err = run(capsys, *args)
    assert code == 2
    assert needle in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_project_replacement_rate_json(capsys) -> None:
    code, out, _ = run(capsys, "project", "--start-age", "20", "--retire-age", "60", "--json")
    assert code == 0
    data = json.loads(out)
    rr = data["replacement_rate"]
    # basic = (1 + 1) / 2 x 40 x 1% / 1.05
    assert rr["basic"] == pytest.approx(0.4 / 1.05, abs=1e-4)
    assert rr["total"] == pytest.approx(rr["basic"] + rr["account"], abs=1e-4)
    ages = {(c["retire_age"], c["relative_wage"]) for c in data["comparison"]}
    assert {(50, 0.6), (55, 1.0), (60, 0.6)} <= ages


def test_project_human_output(capsys) -> None:
    code, out, _ = run(
        capsys, "project", "--start-age", "22", "--retire-age", "55", "--relative-wage", "0.6"
    )
    assert code == 0
    # basic = (1 + a) / 2 x N x 1% / (1 + g) with a = 0.6, N = 33, g = 5% (国发〔2005〕38号)
    basic = (1 + 0.6) / 2 * 33 * 0.01 / 1.05
    code, js, _ = run(capsys, "project", "--start-age", "22", "--retire-age", "55",
                      "--relative-wage", "0.6", "--json")
    rr = json.loads(js)["replacement_rate"]
    assert rr["basic"] == pytest.approx(basic, abs=1e-4)
    flat = "".join(out.split())
    assert (f"基础养老金{basic:.1%}，个人账户{rr['account']:.1%}，合计{rr['total']:.1%}"
            in flat)
    row = next(line for line in out.splitlines() if "│" in line and "55岁" in line)
    assert [c.strip() for c in row.split("│")[1:7]] == [
        "55岁", "0.6", "33年", f"{basic:.1%}", f"{rr['account']:.1%}", f"{rr['total']:.1%}"]
    assert "wage_growth" not in out and "account_interest" not in out
    assert "社平工资每年增长5.0%；个人账户按年利率4.0%计息" in flat
    assert "夹在60%—300%之间" in flat


def _history_file(tmp_path, months: int = 180) -> str:
    from shebao.audit.months import YearMonth

    from shebao.records import Contribution, Document, Extract

    first = YearMonth(2010, 1)
    rows = [
        Contribution(
            month=str(first + i),
            insurance="pension",
            base=5000,
            personal_amount=400,
            employer_amount=700,
            employer="东莞市某某电子有限公司",
            status="paid",
            page=1,
            row=i + 1,
        )
        for i in range(months)
    ]
    extract = Extract(
        document=Document(file="a.pdf", sha256="0" * 64, kind="statement"), contributions=rows
    )
    path = tmp_path / "history.json"
    path.write_text(json.dumps(extract.to_json_dict(), ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_project_person_from_an_extract_file(capsys, tmp_path) -> None:
    path = _history_file(tmp_path)
    code, out, _ = run(
        capsys,
        "project",
        "--history",
        path,
        "--birth",
        "1975-06",
        "--category",
        "male",
        "--province",
        "广东",
        "--city",
        "东莞",
        "--as-of",
        "2025-08",
        "--back-pay",
        "12",
        "--flexible",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    sc = {s["key"]: s for s in data["scenarios"]}
    assert set(sc) == {"stop_now", "continue", "back_pay", "earliest", "latest"}
    assert sc["continue"]["own_paid"] == pytest.approx(180 * 400 + 150 * 4775 * 0.2)
    assert (
        sc["continue"]["break_even_with_employer"]["age_months"]
        > (sc["continue"]["break_even_own"]["age_months"])
    )
    code, out, _ = run(
        capsys,
        "project",
        "--history",
        path,
        "--birth",
        "1975-06",
        "--category",
        "male",
        "--province",
        "广东",
        "--city",
        "东莞",
        "--as-of",
        "2025-08",
    )
    assert code == 0 and "未达标" in out
    # the index note holds for all four scenarios: said once, for all of them
    flat = "".join(out.split())
    assert flat.count("未计入平均缴费指数") == 1 and "注（各方案）：未知：114个月" in flat


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("not json", "不是有效的 JSON 文件"),
        ('{"schema": "other"}', "shebao.extract/1"),
    ],
)
def test_project_bad_history_file_is_named(capsys, tmp_path, content, needle) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(
        capsys,
        "project",
        "--history",
        str(path),
        "--birth",
        "1975-06",
        "--category",
        "male",
        "--province",
        "广东",
    )
    assert code == 2 and needle in err and "bad.json" in err and "Traceback" not in err


def test_project_needs_either_mode(capsys) -> None:
    code, _, err = run(capsys, "project")
    assert code == 2 and "--history" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--retire", "2005-11", "--age-months", "720"], "2006年1月起"),
        (["--retire", "2025-11", "--age-months", "720.5"], "整数月数"),
        (["--retire", "2025-11"], "--age-months 或 --birth"),
    ],
)
def test_estimate_rejects_out_of_scope_requests(capsys, args, needle) -> None:
    base = ["estimate", "--province", "江苏", "--avg-index", "1", "--years", "20", "--account", "0"]
    code, _, err = run(capsys, *base, *args)
    assert code == 2 and needle in err and "Traceback" not in err


def test_estimate_age_outside_the_divisor_table_is_unknown(capsys) -> None:
    code, out, _ = run(
        capsys,
        "estimate",
        "--province",
        "江苏",
        "--retire",
        "2025-11",
        "--age-months",
        "420",
        "--calc-base",
        "8917",
        "--avg-index",
        "1",
        "--years",
        "10",
        "--account",
        "1000",
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and data["individual_account"] is None and data["total"] is None
    assert any("40—70岁" in u for u in data["unknown"])


def test_estimate_from_a_history_file(capsys, tmp_path) -> None:
    path = _history_file(tmp_path)
    code, out, _ = run(
        capsys,
        "estimate",
        "--history",
        path,
        "--birth",
        "1975-06",
        "--category",
        "male",
        "--province",
        "广东",
        "--city",
        "东莞",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["retirement"]["statutory_retirement_month"] == "2038-02"
    assert data["history"]["paid_months"] == 180
    origins = {i["name"]: i["origin"] for i in data["estimate"]["inputs"]}
    assert origins["avg_index"] == "estimated" and origins["years"] == "document"
    assert any("2010-01至2019-06" in u for u in data["estimate"]["unknown"])
    code, out, _ = run(
        capsys,
        "estimate",
        "--history",
        path,
        "--birth",
        "1975-06",
        "--category",
        "male",
        "--province",
        "广东",
        "--city",
        "东莞",
    )
    assert code == 0 and "缴费记录汇总" in out and "180个月" in out


def test_estimate_history_and_typed_inputs_do_not_mix(capsys, tmp_path) -> None:
    path = _history_file(tmp_path, months=12)
    code, _, err = run(
        capsys,
        "estimate",
        "--history",
        path,
        "--birth",
        "1975-06",
        "--category",
        "male",
        "--province",
        "广东",
        "--avg-index",
        "1",
    )
    assert code == 2 and "--avg-index 由缴费记录计算" in err
    code, _, err = run(capsys, "estimate", "--province", "广东", "--retire", "2025-01")
    assert code == 2 and "需要 --avg-index" in err


def test_retirement_contribution_gap_policy_example(capsys) -> None:
    """policy.md §7.2: male 1970-06 (retires 2031-11) needs 192 months; with 120 the gap is 72."""
    code, out, _ = run(
        capsys,
        "retirement",
        "--birth",
        "1970-06",
        "--category",
        "male",
        "--paid-months",
        "120",
        "--as-of",
        "2026-01",
        "--json",
    )
    gap = json.loads(out)["contribution_gap"]
    assert code == 0 and gap["gap_months"] == 72 and gap["required_months"] == 192
    assert gap["reached_month_if_paying_from_as_of"] == "2031-12"
    assert gap["reached_by_statutory_month"] is False  # 2031-12 is after 2031-11
    assert "差2个月" in gap["note"]  # 2026-01..2031-10 is 70 months before the statutory month


def test_retirement_gap_after_statutory_month_points_to_extended_payment(capsys) -> None:
    code, out, _ = run(
        capsys,
        "retirement",
        "--birth",
        "1966-01",
        "--category",
        "male",
        "--paid-months",
        "100",
        "--as-of",
        "2025-12",
    )
    assert code == 0 and "还差80个月" in out and "差75个月" in out and "社会保险法第十六条" in out
    code, out, _ = run(
        capsys,
        "retirement",
        "--birth",
        "1966-01",
        "--category",
        "male",
        "--paid-months",
        "200",
        "--as-of",
        "2025-12",
        "--json",
    )
    gap = json.loads(out)["contribution_gap"]
    assert gap["gap_months"] == 0 and gap["reached_by_statutory_month"] is True


def test_history_files_are_placed_by_their_insured_place(capsys, tmp_path) -> None:
    """Two statements, one from Shanghai and one from Dongguan: months are counted per place
    and each month's index uses its own place's reference wage."""
    from shebao.records import Contribution, Document, Extract, Person

    def write(name: str, place: str, start: str, n: int, base: float) -> str:
        first = YearMonth.parse(start)
        rows = [
            Contribution(
                month=str(first + i),
                insurance="pension",
                base=base,
                personal_amount=base * 0.08,
                status="paid",
            )
            for i in range(n)
        ]
        extract = Extract(
            document=Document(file=name, sha256="1" * 64, kind="statement"),
            person=Person(insured_place=place),
            contributions=rows,
        )
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(extract.to_json_dict(), ensure_ascii=False), encoding="utf-8")
        return str(path)

    from shebao.audit.months import YearMonth

    sh = write("sh", "上海市社会保险事业管理中心", "2021-07", 12, 5975)
    dg = write("dg", "广东省东莞市", "2025-07", 6, 4775)
    code, out, _ = run(
        capsys,
        "estimate",
        "--history",
        sh,
        "--history",
        dg,
        "--birth",
        "1975-06",
        "--category",
        "male",
        "--province",
        "广东",
        "--json",
    )
    assert code == 0
    history = json.loads(out)["history"]
    assert history["months_by_area"] == {"310000": 12, "441900": 6}
    # At the floors: Shanghai 2021 held its floor (5975 / 10338 = 0.578); the Guangdong
    # other-city floor is below 60% of the provincial wage (4775 / 9183 = 0.520).
    assert history["yearly_index"]["2021"] == pytest.approx(0.578, abs=0.001)
    assert history["yearly_index"]["2025"] == pytest.approx(0.520, abs=0.001)


def test_history_from_a_place_without_parameters_never_borrows_another_place(
    capsys, tmp_path
) -> None:
    from shebao.audit.months import YearMonth

    from shebao.records import Contribution, Document, Extract, Person

    rows = [
        Contribution(
            month=str(YearMonth(2023, 1) + i),
            insurance="pension",
            base=4000,
            personal_amount=320,
            status="paid",
        )
        for i in range(12)
    ]
    extract = Extract(
        document=Document(file="hz.pdf", sha256="3" * 64, kind="statement"),
        person=Person(insured_place="温州市"),
        contributions=rows,
    )
    path = tmp_path / "hz.json"
    path.write_text(json.dumps(extract.to_json_dict(), ensure_ascii=False), encoding="utf-8")
    code, out, err = run(
        capsys,
        "estimate",
        "--history",
        str(path),
        "--birth",
        "1975-06",
        "--category",
        "male",
        "--province",
        "广东",
        "--json",
    )
    assert code == 0 and "温州市" in err and "未收录参数" in err
    history = json.loads(out)["history"]
    assert history["months_by_area"] == {"000000": 12} and history["avg_index"] is None


def test_gap_for_someone_already_past_the_statutory_month(capsys) -> None:
    code, out, _ = run(
        capsys,
        "retirement",
        "--birth",
        "1960-03",
        "--category",
        "male",
        "--paid-months",
        "100",
        "--as-of",
        "2025-12",
        "--json",
    )
    gap = json.loads(out)["contribution_gap"]
    assert code == 0 and gap["gap_months"] == 80 and "仍差80个月" in gap["note"]
