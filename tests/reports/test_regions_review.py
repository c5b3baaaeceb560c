"""Cases outside Guangdong, built with the project's own generators (fictitious people and
companies), drafted as a lawyer would and read back: the facts filed with an authority must
say what the audit found, in the third person, with the basis the audit really used.

* 长沙 (湖南): one employer 2019-07..2025-06; nothing paid 2020-03..05 (Hunan's floor of 2020
  unknown: the base owed is the employer's own declared base) and 2024-02..03; declared at the
  floor from 2023 while pay slips (2020, 2024-2025) show about twice as much; 2023 has no pay
  slip, so its floor months cannot be priced.
* 成都 (四川): a man with hukou in 河南 hired at 51, the first ten months back-paid on
  registration (temporary account), the last two months marked 欠缴 on the statement; no pay
  slips.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from shebao.audit.contributions import base_floor as legal_floor
from shebao.audit.months import YearMonth
from shebao.audit.params import Value
from shebao.samples import generate
from shebao.samples.history import (
    CITIES,
    City,
    History,
    base_floor,
    make_employer,
    money,
    month_range,
)
from shebao.samples.payroll import only, worker_id, worker_payrolls
from shebao.samples.planted import _gap, _paid, _worker

from shebao.cli import main

AS_OF = "2025-10-15"
CHENGDU = City("成都市", "四川省", "510100", ("双流区", "新都区", "郫都区"),
               "成都市社会保险事业管理局")


def _floor(month: str, city: City) -> float:
    """The legal floor where the parameters know it, else the generator's illustrative one
    (the audit then cannot judge that month: that is the point of these cases)."""
    value = legal_floor(YearMonth.parse(month), city.region)
    return float(value.value) if isinstance(value, Value) else float(base_floor(int(month[:4])))


def _case_yaml(h: History, employer, start: str, end: str) -> str:
    w = h.worker
    return "\n".join([
        "worker:", f"  name: {w.name}", f"  gender: {'女' if w.female else '男'}",
        f'  id_number: "{w.id_number}"', f"  hukou: {w.hukou}",
        "employer:", f"  name: {employer.name}", f'  credit_code: "{employer.credit_code}"',
        "employment:", f"  - start: {start}", f"    end: {end}", "    position: 操作工",
        f"insured_place: {h.city.name}", "requests: [complaint, arbitration]", ""])


def changsha(out: Path, seed: int) -> tuple[Path, dict]:
    out.mkdir(parents=True)
    rng = random.Random(f"review:changsha:{seed}")
    city = CITIES["changsha"]
    worker = _worker(rng, False, date(1985, 4, 9), "430524", "湖南省隆回县")
    emp = make_employer(rng, city, declares_minimum=True, long=False)
    gaps = ("2020-03", "2020-04", "2020-05", "2024-02", "2024-03")
    months = []
    for m in month_range("2019-07", 72):
        floor = _floor(m, city)
        wage = money(floor * 2 * rng.uniform(0.97, 1.05))
        if m in gaps:
            months.append(_gap(m, emp, wage, "gap_in_job"))
        elif m >= "2023-01":
            months.append(_paid(m, emp, floor, wage, tag="min_base"))
        else:
            months.append(_paid(m, emp, round(floor * 1.3), wage))
    h = History(worker, city, [emp], months)
    slips = ["2020-02", "2020-03", "2020-04", "2020-05", "2020-06", *month_range("2024-01", 18)]
    sheets = worker_payrolls(random.Random(f"review:changsha:pay:{seed}"), h, slips, n=1)
    generate("L4", 5101 + seed, out, name="statement", history=h)
    generate("L6-strips-pdf", 5102 + seed, out, name="payslips",
             payrolls=[only(p, worker_id(worker, emp)) for p in sheets])
    (out / "case.yaml").write_text(_case_yaml(h, emp, "2019-07", "2025-06"), encoding="utf-8")
    return out, {"employer": emp.name}


def chengdu(out: Path, seed: int) -> tuple[Path, dict]:
    out.mkdir(parents=True)
    rng = random.Random(f"review:chengdu:{seed}")
    worker = _worker(rng, False, date(1970, 2, 14), "412726", "河南省郸城县")
    emp = make_employer(rng, CHENGDU, long=False)
    months = []
    for m in month_range("2021-03", 52):  # .. 2025-06
        base = _floor(m, CHENGDU) + rng.choice((300, 400, 500))
        if m < "2022-01":
            months.append(_paid(m, emp, base, None, "back_paid", "2022-01-18", "back_pay"))
        elif m >= "2025-05":
            fact = _paid(m, emp, base, None, "arrears", None, "arrears")
            fact.paid_on = None
            months.append(fact)
        else:
            months.append(_paid(m, emp, base, None))
    h = History(worker, CHENGDU, [emp], months)
    generate("L4", 5201 + seed, out, name="statement", history=h)
    (out / "case.yaml").write_text(_case_yaml(h, emp, "2021-03", "2025-06"), encoding="utf-8")
    declared = h.fact("2025-04").base
    return out, {"employer": emp.name, "declared": declared}


def _draft(case: Path, kind: str, out: Path) -> str:
    assert main(["draft", str(case), "--kind", kind, "-o", str(out), "--as-of", AS_OF]) == 0
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=[1, 2])
def sichuan(request, tmp_path_factory):
    return chengdu(tmp_path_factory.mktemp("cd") / "case", request.param)


@pytest.fixture(scope="module", params=[1, 2])
def hunan(request, tmp_path_factory):
    return changsha(tmp_path_factory.mktemp("cs") / "case", request.param)


def test_temporary_account_is_stated_as_such_to_the_authority(sichuan, tmp_path):
    """The high finding (temporary account) gives province, opening month and age; the
    claim-place wording (and its 待核实 placeholder) belongs to the other, informational one."""
    case, _ = sichuan
    text = _draft(case, "findings", tmp_path / "f.md")
    risk = text.split("临时缴费账户风险", 1)[1].split("\n## ", 1)[0]
    assert "劳动者在四川省参加基本养老保险，户籍不在该省" in risk
    assert "缴费账户于2022年1月建立，劳动者时年51岁11个月" in risk
    assert "临时基本养老保险缴费账户" in risk
    assert "待核实" not in risk and "待遇领取地" not in risk
    assert "您" not in text


def test_base_owed_is_said_as_the_audit_set_it_not_as_a_wage(sichuan, tmp_path):
    """No pay slip: the base owed for the 欠缴 months is the employer's own declared base; the
    complaint must not say it follows the worker's wage."""
    case, facts = sichuan
    text = _draft(case, "complaint", tmp_path / "c.md")
    assert "没有缴费；按投诉人的工资" not in text
    assert (f"应缴费基数为{facts['declared']:,.2f}元（按该单位2025年4月申报的缴费基数）"
            in text)


def test_floor_months_without_wages_do_not_void_the_priced_total(hunan, tmp_path):
    """2023 is declared at the floor with no pay slip to set the base owed: those months are
    said apart and left out of the table, and the months that are priced keep their total."""
    case, _ = hunan
    text = _draft(case, "complaint", tmp_path / "c.md")
    request = text.split("二、投诉（举报）请求", 1)[1].split("三、事实与理由", 1)[0]
    assert "经核算共计人民币" in request and "未能核算" not in request
    assert "2023年" not in request
    assert ("2023年1月至2023年12月（共12个月）按当地缴费基数下限申报，现有工资记录不能据以认定"
            "应缴基数高于下限") in text
    table = text.split("四、欠缴明细", 1)[1]
    assert "按最低缴费基数申报 | 未能核算" not in table and "| 2023-" not in table
    # the months priced at the employer's declared base (Hunan's 2020 floor is unknown) say so
    assert "按该单位2020年2月申报的缴费基数" in text
    assert "没有缴费；按投诉人的工资" not in text


def test_schedule_and_complaint_agree_on_the_total(hunan, tmp_path):
    case, _ = hunan
    complaint = _draft(case, "complaint", tmp_path / "c.md")
    schedule = _draft(case, "arrears", tmp_path / "a.md")
    total = complaint.split("经核算共计人民币", 1)[1].split("元", 1)[0]
    assert f"欠缴合计{total}元" in schedule
    assert "现有工资记录不能据以认定应缴基数高于下限" in schedule


def test_a_factory_total_nobody_could_price_shows_no_zero():
    """Zhejiang's employer rate is unknown: when no worker's employer part could be computed,
    the factory total says so without a 0.00 (and the summary prints no 元 after it)."""
    from shebao.batch.write import unknown_total

    assert unknown_total(0.0) == "未能核算（各工人都缺少缴费比例或基数）"
    assert unknown_total(12.5) == ("未能核算（其中已核算的工人合计 12.50，"
                                   "其余工人缺少缴费比例或基数）")
    template = (Path(__file__).resolve().parents[2] / "reports" / "templates"
                / "factory_summary.html.j2").read_text(encoding="utf-8")
    assert "{{ total_text[p] }} 元" not in template


def test_the_closing_of_a_complaint_stays_on_one_page(hunan, tmp_path):
    """此致, the addressee, the signature line and the date are never split across pages (the
    Changsha complaint used to leave the date alone on its last page); in DOCX they keep with
    the next paragraph."""
    import pdfplumber
    from docx import Document

    case, _ = hunan
    pdf = tmp_path / "c.pdf"
    assert main(["draft", str(case), "--kind", "complaint", "-o", str(pdf), "--as-of",
                 AS_OF]) == 0
    with pdfplumber.open(pdf) as doc:
        pages = [p.extract_text() or "" for p in doc.pages]
    (signed,) = [p for p in pages if "投诉人（签名）" in p]
    assert "此致" in signed and "2025年10月15日" in signed
    docx = tmp_path / "c.docx"
    assert main(["draft", str(case), "--kind", "complaint", "-o", str(docx), "--as-of",
                 AS_OF]) == 0
    paras = Document(docx).paragraphs
    start = next(i for i, p in enumerate(paras) if p.text == "此致")
    assert all(p.paragraph_format.keep_with_next for p in paras[start:start + 3])


def test_findings_cite_the_law_as_basis_and_name_data_sources_apart(hunan, tmp_path):
    """Hunan's floors come from third-party transcriptions: those are where a value was read,
    not a legal basis; they are named apart, without file paths, and no citation repeats."""
    import re

    case, _ = hunan
    text = _draft(case, "findings", tmp_path / "f.md")
    bases = [line for line in text.splitlines() if line.startswith("依据：")]
    assert bases and not any("第三方" in line for line in bases)
    for line in bases:
        items = line.removeprefix("依据：").split("；")
        assert len(items) == len(set(items)), line
    assert "所用参数的出处（不是法律依据）：第三方养老金计算器分省参数（" in text
    assert not re.search(r"[A-Za-z]{2,}\.js|provinces/|docs/", text)
    # a title quoted inside a title takes the single marks
    assert "《关于实施〈劳动保障监察条例〉若干规定》" in text and "《关于实施《" not in text
    # a regulation cited by article gets its marks even without a document number
    assert "依据：《国务院关于渐进式延迟法定退休年龄的办法》第二条" in text


def test_a_joint_request_never_shows_an_unpriced_part_as_0_00():
    """Zhejiang factory: no worker's employer part can be priced (the rate is unknown); the
    joint request says so instead of 已核算的单位部分0.00元."""
    from shebao.reports.collective import JointComplaint, JointRow
    from shebao.reports.templating import render_template

    row = JointRow(no=1, name="某甲", id_number="X", employment="2023年7月至今", department="",
                   months_text="2025年1月至2025年6月（共6个月）", months=6,
                   employer_amount=None, personal_amount=853.32, total=None, late_fee=77.51,
                   unknown=["2025年1月至2025年6月的单位部分：缺少应缴基数或缴费比例，未能核算"],
                   documents=["a.pdf"], notes=[])
    joint = JointComplaint(employer="某公司", tax_bureau="国家税务总局杭州市税务局",
                           labour_inspection="杭州市人力资源和社会保障局", as_of="2025年10月15日",
                           rows=[row], months=6, employer_amount=None, personal_amount=853.32,
                           total=None, late_fee=77.51,
                           known={"employer_amount": 0.0, "personal_amount": 853.32,
                                  "total": 0.0, "late_fee": 77.51},
                           arbitration_absent="", uninsured=[], uninsured_months=0)
    html = render_template("joint_complaint.html.j2", {"j": joint, "for_bundle": False,
                                                       "kind_title": ""})
    request = html.split("投诉（举报）请求", 1)[1].split("事实与理由", 1)[0]
    assert "单位部分均未能核算、已核算的个人部分853.32元" in request
    assert "0.00元" not in request


def test_factory_caveats_give_each_reason_once_with_its_months():
    """Zhejiang factory: the floor is unknown for 2023-2024, and workers hired at different
    times lack it for different months. The organiser reads the reason once, with the months
    and how many workers each, not one long paragraph per hiring month."""
    from types import SimpleNamespace

    from shebao.batch.workforce import caveats

    from shebao.records import AuditResult

    reason = "当地缴费基数下限未知（浙江省“个人缴费基数下限”未知），无法判断是否按最低基数申报"
    spans = ["2023-07至2024-12"] * 9 + ["2023-07至2024-06、2024-10至2024-12"] * 4 \
        + ["2024-01至2024-12"] * 2
    workers = [SimpleNamespace(result=AuditResult(missing=[f"{m}：{reason}",
                                                           "没有工资条：无法核对"]))
               for m in spans]
    out = caveats(workers)
    (line,) = [c for c in out if reason in c]
    assert line == (f"（15人）{reason}。涉及月份：2023-07至2024-12（9人）；"
                    "2023-07至2024-06、2024-10至2024-12（4人）；2024-01至2024-12（2人）")
    assert "（15人）没有工资条：无法核对" in out


def test_a_worker_with_two_stretches_of_one_reason_counts_once():
    from types import SimpleNamespace

    from shebao.batch.workforce import caveats

    from shebao.records import AuditResult

    reason = "单位缴费比例未知；提供当地当时的单位缴费比例可补算"
    both = SimpleNamespace(result=AuditResult(missing=[f"2025-01至2025-06：{reason}",
                                                       f"2024-07至2024-09：{reason}"]))
    one = SimpleNamespace(result=AuditResult(missing=[f"2025-01至2025-06：{reason}"]))
    (line,) = [c for c in caveats([both, one, one]) if reason in c]
    assert line.startswith("（3人）") and "2025-01至2025-06（3人）；2024-07至2024-09（1人）" in line


def test_the_arbitration_application_lists_evidence_without_doubled_words(hunan, tmp_path):
    """Changsha worker who resigned because contributions were not paid: the application's
    evidence list reads 来源：…。证明…, not 证明：证明…; it speaks of 申请人 and 被申请人."""
    import shutil

    case, _ = hunan
    mine = tmp_path / "case"
    shutil.copytree(case, mine)
    with (mine / "case.yaml").open("a", encoding="utf-8") as f:
        f.write("separation:\n  date: 2025-06-30\n  initiated_by: worker\n"
                "  reason_unpaid_insurance: true\n")
    text = _draft(mine, "arbitration", tmp_path / "a.md")
    assert "证明：证明" not in text and "。证明2020年3月" in text
    assert "被申请人未为申请人缴纳" in text and "您" not in text and "投诉人" not in text
    index = _draft(mine, "evidence-index", tmp_path / "i.md")
    assert "申请人的" not in index
    # the index heads 提交人 and goes with a complaint as well: other originals say so too
    from shebao.reports.legal import labels

    assert labels().document_sources["other"] == "提交人提供"


def test_a_batch_worker_s_employment_cites_their_own_roster_row(tmp_path):
    """The roster states each worker's employment: the audit names that worker's row (not
    "第1条记录" for everybody), and filed text points only at exhibits (a roster, like case.yaml,
    is no exhibit of the worker's bundle)."""
    import json

    from openpyxl import load_workbook
    from shebao.samples.factory import build_factory

    f = build_factory(tmp_path / "gen", workers=2, seed=11)
    out = tmp_path / "out"
    assert main(["batch", str(f.documents), "-o", str(out), "--roster", str(f.roster),
                 "--as-of", "2025-10-15", "--jobs", "1", "--no-ocr"]) == 0
    sheet = load_workbook(f.roster).active
    rows = {r[1].value: r[0].row for r in sheet.iter_rows(min_row=2) if r[1].value}
    checked = 0
    for path in (out / "workers").glob("*.json"):
        result = json.loads(path.read_text(encoding="utf-8"))
        row = rows[result["person"]["name"]]
        for finding in result["findings"]:
            for e in finding.get("evidence", []):
                if e["file"] == f.roster.name:
                    assert e.get("row") is None and f"花名册第{row}行" in e["fact"]
                    checked += 1
    assert checked

    from shebao.reports.context import EvidenceRef, _evidence_text

    refs = [EvidenceRef(file="a.pdf", label="证据1", exhibit=1, page=1, row=2, sheet=False,
                        where="第1页第2行", fact="…"),
            EvidenceRef(file="roster.xlsx", label="roster.xlsx", exhibit=None, page=None,
                        row=None, sheet=True, where="", fact="任职期间 …（花名册第3行）")]
    assert _evidence_text(refs) == "证据1第1页第2行"
