"""The template context: facts from case.yaml first, then the audit; never guessed."""

from __future__ import annotations

import datetime as dt

from shebao.reports.case import Case, load_case
from shebao.reports.context import build_context, mask_id
from shebao.reports.facts import missing
from shebao.reports.months import months_text
from shebao.reports.originals import find_originals

from shebao.records import AuditResult, Finding


def test_months_text_joins_consecutive_months_into_ranges():
    months = ["2020-03", "2020-02", "2020-04", "2021-12", "2022-01", "2022-05"]
    assert months_text(months) == (
        "2020年2月至2020年4月、2021年12月至2022年1月、2022年5月（共6个月）")
    assert months_text([]) == ""


def test_mask_id_keeps_only_the_ends():
    assert mask_id("430521197804120026") == "430***********0026"
    assert mask_id(None) is None


def test_arrears_count_a_month_in_two_findings_once(dongguan):
    case = load_case(dongguan.case_dir)
    ctx = build_context(case, dongguan.handmade, find_originals(dongguan.case_dir, case).files)
    periods = [line.period for line in ctx.arrears.lines]
    assert periods.count("2020-03") == 1
    assert ctx.arrears.deduplicated_months == 1
    assert ctx.arrears.totals.months == 15
    # totals are the sum of the printed lines, not of the findings (which overlap)
    assert ctx.arrears.totals.total == round(sum(x.total for x in ctx.arrears.lines), 2)
    finding_sum = sum(f.amount for f in dongguan.handmade.findings if f.amount)
    assert ctx.arrears.totals.total < finding_sum
    assert ctx.arrears.monthly_detail
    assert ctx.arrears.late_fee_date == "2026年11月20日"


def test_facts_missing_everywhere_become_visible_markers():
    ctx = build_context(Case(), AuditResult(), [], today=dt.date(2026, 1, 2))
    assert ctx.worker.name == missing("劳动者姓名") == "【待补充：劳动者姓名】"
    assert ctx.employer.address == "【待补充：用人单位地址】"
    assert ctx.authorities.tax_bureau == "【待补充：税务局名称】"
    assert ctx.arrears.late_fee_date == "【待补充：滞纳金计算截止日】"
    assert ctx.generated_on == "2026年1月2日"


def test_without_case_yaml_the_statement_supplies_name_place_and_employer(bare):
    ctx = build_context(Case(), bare.handmade, find_originals(bare.case_dir, Case()).files)
    assert ctx.worker.name == "王春燕"
    assert ctx.employer.name == "东莞市长安镇宏达电子有限公司"  # named by the findings
    assert ctx.employer.address == "【待补充：用人单位地址】"
    assert ctx.authorities.tax_bureau == "国家税务总局东莞市税务局"
    assert ctx.authorities.arbitration_commission == "东莞市劳动人事争议仲裁委员会"


def test_evidence_purposes_come_from_the_findings_that_cite_each_original(dongguan):
    case = load_case(dongguan.case_dir)
    ctx = build_context(case, dongguan.handmade, find_originals(dongguan.case_dir, case).files)
    statement, photo, sheet = ctx.evidence
    assert statement.number == 1 and statement.pages == 2
    assert "2020年2月至2020年4月用人单位未缴纳社会保险费" in statement.purpose
    assert "工资中已代扣社会保险费但未缴纳" in photo.purpose
    assert "缴费基数低于实际工资" in sheet.purpose
    withheld = next(f for f in ctx.findings if f.rule == "withheld_not_remitted")
    assert withheld.evidence_text == "证据2第1页第3行；证据1第1页第3行"
    low = next(f for f in ctx.findings if f.rule == "underreported_base")
    assert low.evidence_text == "证据1第2页第5行；证据3第1张工作表第1条记录"  # xlsx: records


def test_only_supported_arbitration_claims_are_admitted(dongguan):
    case = load_case(dongguan.case_dir)
    ctx = build_context(case, dongguan.handmade, [])
    assert [c.key for c in ctx.claims_admitted] == ["severance_on_resignation"]
    assert ctx.claims_admitted[0].amount == "【待补充：经济补偿金额（按劳动合同法第四十七条计算）】"
    left_out = {c.key for c in ctx.claims_excluded}
    assert {"back_payment", "underreported_base", "damages_no_insurance"} <= left_out
    amount = Case.model_validate({**case.model_dump(),
                                  "claims": {"severance_on_resignation": {"amount": 41100}}})
    ctx = build_context(amount, dongguan.handmade, [])
    assert ctx.claims_admitted[0].amount == "41,100.00"


def test_every_fact_key_names_a_real_case_yaml_field():
    from shebao.reports.facts import FACTS

    for key in FACTS:
        model = Case
        for part in key.replace("[]", "").split("."):
            assert part in model.model_fields, key
            annotation = model.model_fields[part].annotation
            inner = getattr(annotation, "__args__", (annotation,))[0]
            model = inner if isinstance(inner, type) and hasattr(inner, "model_fields") else None
            if model is None:
                break


def test_finding_without_monthly_detail_gives_one_summary_line():
    finding = Finding(rule="missing_months", severity="high",
                      months=["2019-01", "2019-02", "2019-05"], amount=1200.0,
                      employer_amount=800.0, personal_amount=400.0, late_fee=90.5,
                      message="…")
    ctx = build_context(Case(), AuditResult(findings=[finding]), [])
    (line,) = ctx.arrears.lines
    assert line.period == "2019-01至2019-02、2019-05" and line.months == 3
    assert line.declared_base is None and line.total == 1200.0
    assert not ctx.arrears.monthly_detail
    assert ctx.arrears.totals.late_fee == 90.5 and ctx.arrears.totals.months == 3


def test_damages_are_claimed_when_the_agency_cannot_back_pay(dongguan):
    case = Case.model_validate({"back_payment_impossible": True,
                                "claims": {"damages_no_insurance": {"amount": 52000}}})
    ctx = build_context(case, dongguan.handmade, [])
    assert [c.key for c in ctx.claims_admitted] == ["damages_no_insurance"]
    assert ctx.claims_admitted[0].amount == "52,000.00"
    assert "解释（一）" in ctx.claims_admitted[0].basis[0]


def test_a_clean_audit_asks_for_nothing():
    ctx = build_context(Case(), AuditResult(), [])
    assert ctx.complaint_claims == [] and ctx.claims_admitted == []
    assert ctx.claims_excluded == []
    assert ctx.arrears.lines == [] and ctx.arrears.totals.total == 0


def test_case_init_writes_a_skeleton_that_reads_as_an_empty_case(tmp_path, capsys):
    from shebao.cli import main

    assert main(["case", "init", str(tmp_path)]) == 0
    case = load_case(tmp_path)
    assert case.worker.name is None and case.employment[0].start is None
    assert main(["case", "init", str(tmp_path)]) == 2  # never overwrites
    assert "已存在" in capsys.readouterr().err


def test_unfilled_skeleton_gives_markers_not_guesses(tmp_path):
    from shebao.cli import main

    assert main(["case", "init", str(tmp_path)]) == 0
    ctx = build_context(load_case(tmp_path), AuditResult(), [])
    assert ctx.employment_text == "【待补充：入职及离职时间】"
    assert ctx.claims_admitted == []


def test_unknown_employer_part_is_never_summed_as_zero():
    lines = [{"month": "2019-01", "declared_base": None, "required_base": 3958.0,
              "employer_amount": None, "personal_amount": 316.64, "late_fee": None,
              "how": "按该单位2020-01申报的缴费基数"},
             {"month": "2019-02", "declared_base": None, "required_base": 3958.0,
              "employer_amount": None, "personal_amount": 316.64, "late_fee": 10.0,
              "how": "按该单位2020-01申报的缴费基数"}]
    finding = Finding(rule="missing_months", severity="high", months=["2019-01", "2019-02"],
                      amount=633.28, personal_amount=633.28, message="…", lines=lines,
                      figures_status="unconfirmed")
    ctx = build_context(Case(), AuditResult(findings=[finding]), [])
    totals = ctx.arrears.totals
    assert totals.employer_amount is None and totals.total is None and totals.late_fee is None
    assert totals.personal_known == 633.28 and totals.late_fee_known == 10.0
    assert ctx.arrears.how == ["2019年1月至2019年2月：按该单位2020年1月申报的缴费基数"]
    assert ctx.arrears.unconfirmed
    assert ctx.complaint_claims[0].amount is None
    from shebao.reports.templating import render

    html = render("complaint", ctx)
    assert "金额以征收机构核定为准（单位部分未能核算，个人部分633.28元；" in html
    # which value is missing, not "base or rate": the base is known, the employer rate is not
    assert "2019年1月的单位部分、滞纳金：当地单位缴费比例未收录，未能核算" in html
    assert "2019年2月的单位部分：当地单位缴费比例未收录，未能核算" in html
    assert "0.00元" not in html and "—元" not in html


def test_timeline_shades_employment_including_a_job_held_until_now():
    case = Case.model_validate({"employment": [{"start": "2023-11"}]})  # still employed
    finding = Finding(rule="missing_months", severity="high", months=["2024-02"], message="…")
    ctx = build_context(case, AuditResult(as_of="2024-04-10", findings=[finding]), [])
    rows = {row.year: [css for _, css in row.cells] for row in ctx.timeline}
    assert rows[2023][10:] == ["m-ok", "m-ok"] and rows[2023][9] == "m-none"
    assert rows[2024][:5] == ["m-ok", "m-missing", "m-ok", "m-ok", "m-none"]


def test_periods_the_audit_inferred_are_offered_not_used_as_facts():
    audit = AuditResult.model_validate({
        "schema": "shebao.audit/1",
        "employment": [{"employer": "某厂", "start": "2019-01", "end": "2021-01",
                        "origin": "缴费记录中同一单位的首末月份"}]})
    ctx = build_context(Case(), audit, [])
    assert ctx.employment_text == "【待补充：入职及离职时间】"  # a draft states no guess
    assert ctx.inferred_employment == [
        "某厂 2019年1月至2021年1月（依据：缴费记录中同一单位的首末月份）"]
    assert [row.year for row in ctx.timeline] == [2019, 2020, 2021]  # the picture may use it


def test_without_case_yaml_gap_months_the_audit_places_between_jobs_are_never_claimed(bare):
    """The real audit of the bare folder (no case.yaml, a statement without employer names):
    the pay slips place the job from 2020-03, so 2020-02 is a gap between jobs (never claimed,
    told to the worker) and only 2020-03/04 are claimed, against the employer the slips name."""
    ctx = build_context(Case(), bare.audit, find_originals(bare.case_dir, Case()).files)
    assert ctx.scope.origin == "documents"
    assert [line.period for line in ctx.arrears.lines] == ["2020-03", "2020-04"]
    assert ctx.scope.gaps_text == "2020年2月（共1个月）"
    assert ctx.complaint_claims and not ctx.claims_admitted
    assert not any("2020年2月" in item.purpose for item in ctx.evidence)


def test_claims_stop_at_the_employment_case_yaml_gives(dongguan):
    """Months of an arrears finding outside case.yaml's period are cut from the claim, with
    their lines and amounts; the sums are those of the months kept."""
    case = Case.model_validate({"employment": [{"start": "2020-03", "end": "2024-05"}]})
    ctx = build_context(case, dongguan.handmade, [])
    months = [line.period for line in ctx.arrears.lines]
    assert "2020-02" not in months and months[0] == "2020-03"
    assert ctx.scope.gaps_text == "2020年2月（共1个月）"
    gap = next(f for f in ctx.arrears_findings if f.rule == "missing_months")
    kept = next(x for x in dongguan.handmade.findings if x.rule == "missing_months").lines[1:]
    assert gap.personal_amount == round(sum(x.personal_amount for x in kept), 2)
