"""A realistic case folder for the reports tests: a Dongguan electronics-factory worker.

Input data, not mocks: real originals (a two-page text PDF statement drawn with reportlab, a
JPEG phone photo of a pay slip, an xlsx wage sheet) and a ``case.yaml``. The audit the drafts
are made from is what :func:`shebao.audit.engine.audit_case` produces for them (``audit.json``);
a second, hand-written ``shebao.audit/1`` result (``handmade``) is kept only for the context
tests of situations the real audit of these originals does not reach (a month in two findings,
an employer part known), never for pinned figures of a draft. All names, numbers and rates
here are **fictitious and illustrative** (16% employer / 8% personal, a daily late-fee
factor of 0.0005 as in policy.md §7.5); they are test inputs, not legal parameters.

The story: 王春燕 worked 2018-03 → 2024-05 at 东莞市长安镇宏达电子有限公司. Nothing was paid for
2020-02..2020-04 although the March 2020 pay slip shows a pension deduction (so 2020-03 is in
two findings and must be counted once); from 2022-07 to 2023-06 she was declared at 3958 while
the wage sheet shows 6850 a month. She resigned on 2024-05-31 because contributions were not
paid.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

import yaml
from openpyxl import Workbook
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from shebao.fonts import cjk_font
from shebao.records import AuditResult, Basis, Document, Evidence, Finding, Person

EMPLOYER = "东莞市长安镇宏达电子有限公司"
AS_OF = "2026-11-20"
EMPLOYER_RATE, PERSONAL_RATE, DAILY_FEE = 0.16, 0.08, 0.0005  # illustrative only
DECLARED, WAGE = 3958.0, 6850.0
GAP = ["2020-02", "2020-03", "2020-04"]
LOW = [f"{y}-{m:02d}" for y, m in [(2022, m) for m in range(7, 13)] + [(2023, m) for m in
                                                                         range(1, 7)]]
ROWS_PER_PAGE = 26


def id_number(body: str = "43052119780412002") -> str:
    """A checksum-valid (ISO 7064 MOD 11-2) fictitious 18-digit ID number."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


WORKER_ID = id_number()


def _months(start: str, end: str) -> list[str]:
    y, m = map(int, start.split("-"))
    out = []
    while f"{y}-{m:02d}" <= end:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


STATEMENT_MONTHS = _months("2020-01", "2023-06")


def _font_name() -> str:
    font = cjk_font("sans")
    name = "CJKTest"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(font.path), subfontIndex=font.subfont))
    return name


def _declared(month: str) -> float:
    return DECLARED if month in LOW or month < "2022-07" else WAGE


def statement_position(month: str) -> tuple[int, int]:
    """(page, row) of a month in the statement PDF, rows counted per page as records.py says."""
    index = STATEMENT_MONTHS.index(month)
    return index // ROWS_PER_PAGE + 1, index % ROWS_PER_PAGE + 1


def draw_statement(path: Path) -> None:
    font = _font_name()
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    cols = [("费款所属期", 60), ("险种", 150), ("缴费基数", 230), ("单位缴纳", 310),
            ("个人缴纳", 390), ("缴费状态", 470)]
    pages = [STATEMENT_MONTHS[i:i + ROWS_PER_PAGE]
             for i in range(0, len(STATEMENT_MONTHS), ROWS_PER_PAGE)]
    for number, months in enumerate(pages, 1):
        c.setFont(font, 15)
        c.drawCentredString(width / 2, height - 60, "广东省社会保险个人参保缴费明细（示例）")
        c.setFont(font, 9)
        c.drawString(60, height - 85,
                     f"姓名：王春燕　　公民身份号码：{WORKER_ID}　　参保地：东莞市")
        c.drawString(60, height - 100, f"单位名称：{EMPLOYER}")
        y = height - 125
        for label, x in cols:
            c.drawString(x, y, label)
        c.line(55, y - 4, width - 55, y - 4)
        for month in months:
            y -= 20
            paid = month not in GAP
            base = _declared(month)
            values = [month, "养老保险", f"{base:,.2f}" if paid else "",
                      f"{base * EMPLOYER_RATE:,.2f}" if paid else "",
                      f"{base * PERSONAL_RATE:,.2f}" if paid else "", "正常" if paid else "未缴费"]
            for (_, x), value in zip(cols, values, strict=True):
                c.drawString(x, y, value)
        c.setFont(font, 8)
        c.drawCentredString(width / 2, 40,
                            f"第 {number} 页 / 共 {len(pages)} 页　测试样本 SPECIMEN – 非官方文件")
        c.showPage()
    c.save()


def draw_payslip_photo(path: Path) -> None:
    """A phone photo of a printed pay slip: off-white paper on a desk, slightly rotated, soft."""
    rng = random.Random(5)
    paper = Image.new("RGB", (900, 560), (246, 243, 235))
    draw = ImageDraw.Draw(paper)
    font = ImageFont.truetype(str(cjk_font("sans").path), 30, index=cjk_font("sans").subfont)
    small = ImageFont.truetype(str(cjk_font("sans").path), 24, index=cjk_font("sans").subfont)
    draw.text((250, 30), "宏达电子 2020年3月 工资条", fill=(20, 20, 20), font=font)
    lines = [("姓名", "王春燕"), ("应发工资", "4,120.00"), ("养老保险（个人）", "316.64"),
             ("医疗保险（个人）", "79.16"), ("实发工资", "3,724.20")]
    for i, (label, value) in enumerate(lines):
        y = 110 + i * 75
        draw.rectangle([60, y - 10, 840, y + 50], outline=(60, 60, 60), width=2)
        draw.text((80, y), label, fill=(25, 25, 25), font=small)
        draw.text((560, y), value, fill=(25, 25, 25), font=small)
    desk = Image.new("RGB", (1200, 900), (120, 96, 70))
    rotated = paper.rotate(3.5, expand=True, fillcolor=(120, 96, 70))
    desk.paste(rotated, (140, 150))
    noise = Image.effect_noise(desk.size, 18).convert("RGB")
    photo = Image.blend(desk, noise, 0.06).filter(ImageFilter.GaussianBlur(0.8))
    photo = photo.point(lambda v: min(255, int(v * (0.92 + rng.random() * 0.0))))
    photo.save(path, "JPEG", quality=82)


def write_wage_sheet(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "工资表"
    sheet.append(["月份", "姓名", "基本工资", "加班工资", "应发工资", "养老保险（个人）",
                  "实发工资"])
    for month in LOW:
        overtime = WAGE - 2300
        sheet.append([month, "王春燕", 2300, overtime, WAGE, round(DECLARED * PERSONAL_RATE, 2),
                      round(WAGE - DECLARED * PERSONAL_RATE, 2)])
    book.save(path)


CASE_YAML = {
    "worker": {"name": "王春燕", "gender": "女", "id_number": WORKER_ID, "birth": "1978-04-12",
               "phone": "138 0000 0000", "address": "广东省东莞市长安镇示例路8号",
               "hukou": "湖南省邵阳市"},
    "employer": {"name": EMPLOYER, "address": "广东省东莞市长安镇示例工业区3号",
                 "legal_representative": "陈某某", "credit_code": "91441900MA0000000X"},
    "employment": [{"start": "2018-03", "end": "2024-05", "position": "装配工"}],
    "separation": {"date": "2024-05-31", "initiated_by": "worker",
                   "reason_unpaid_insurance": True},
    "requests": ["complaint", "arbitration"],
    "insured_place": "东莞市",
    "evidence": [
        {"file": "statement.pdf", "title": "社会保险个人参保缴费明细",
         "source": "广东省电子税务局下载"},
        {"file": "payslip-2020-03.jpg", "title": "2020年3月工资条（照片）",
         "source": "用人单位发放"},
        {"file": "wages.xlsx", "title": "2022年7月至2023年6月工资表",
         "source": "用人单位微信群发送"},
    ],
    "notes": "申请人曾多次口头要求单位补缴，单位以“厂里效益不好”为由拒绝。",
}


def _late_fee(month: str, amount: float) -> float:
    y, m = map(int, month.split("-"))
    due = dt.date(y + (m == 12), m % 12 + 1, 15)
    return round(amount * DAILY_FEE * (dt.date.fromisoformat(AS_OF) - due).days, 2)


def _line(month: str, declared: float, required: float) -> dict:
    short = required - declared
    employer, personal = round(short * EMPLOYER_RATE, 2), round(short * PERSONAL_RATE, 2)
    return {"month": month, "declared_base": declared, "required_base": required,
            "shortfall": short, "employer_amount": employer, "personal_amount": personal,
            "late_fee": _late_fee(month, employer + personal)}


def _finding(rule: str, severity: str, lines: list[dict], message: str, basis: list[Basis],
             evidence: list[Evidence]) -> Finding:
    employer = round(sum(x["employer_amount"] for x in lines), 2)
    personal = round(sum(x["personal_amount"] for x in lines), 2)
    return Finding(rule=rule, severity=severity, months=[x["month"] for x in lines],
                   amount=round(employer + personal, 2), employer_amount=employer,
                   personal_amount=personal,
                   late_fee=round(sum(x["late_fee"] for x in lines), 2), employer=EMPLOYER,
                   message=message, basis=basis, evidence=evidence, lines=lines)


def audit_result(statement_sha: str, photo_sha: str, sheet_sha: str) -> AuditResult:
    sil60 = Basis(citation="《中华人民共和国社会保险法》第六十条")
    sil86 = Basis(citation="《中华人民共和国社会保险法》第八十六条")
    gap = [_line(m, 0.0, DECLARED) for m in GAP]
    low = [_line(m, DECLARED, WAGE) for m in LOW]
    withheld = [_line("2020-03", 0.0, DECLARED)]

    def cell(month: str, fact: str) -> Evidence:
        page, row = statement_position(month)
        return Evidence(file="statement.pdf", sha256=statement_sha, page=page, row=row, fact=fact)

    findings = [
        _finding("missing_months", "high", gap,
                 "在职期间有3个月没有任何养老保险缴费记录。", [sil60, sil86],
                 [cell(m, f"{m} 养老保险 未缴费") for m in GAP]),
        _finding("withheld_not_remitted", "high", withheld,
                 "2020年3月工资条显示已代扣个人养老保险费316.64元，但该月没有缴费记录。",
                 [sil60, sil86],
                 [Evidence(file="payslip-2020-03.jpg", sha256=photo_sha, page=1, row=3,
                           fact="2020-03 养老保险（个人） 316.64"),
                  cell("2020-03", "2020-03 养老保险 未缴费")]),
        _finding("underreported_base", "high", low,
                 "2022年7月至2023年6月按3,958元申报缴费基数，而工资表显示每月应发工资6,850元。",
                 [sil60, Basis(citation="《劳动保障监察条例》第二十七条")],
                 [cell("2022-07", "2022-07 养老保险 缴费基数 3,958.00"),
                  Evidence(file="wages.xlsx", sha256=sheet_sha, page=1, row=1,
                           fact="2022-07 应发工资 6,850.00")]),
        Finding(rule="inspection_window", severity="info", months=GAP,
                message="2020年的欠缴已超过两年，劳动保障监察部门可能不再受理，但向税务部门要求征收欠费不受此限。",
                basis=[Basis(citation="《劳动保障监察条例》第二十条")]),
    ]
    return AuditResult(
        as_of=AS_OF,
        person=Person(name="王春燕", id_number=WORKER_ID, insured_place="东莞市"),
        documents=[Document(file="statement.pdf", sha256=statement_sha, kind="statement",
                            pages=2),
                   Document(file="payslip-2020-03.jpg", sha256=photo_sha, kind="payslip",
                            method="ocr", pages=1),
                   Document(file="wages.xlsx", sha256=sheet_sha, kind="payslip", pages=1)],
        findings=findings,
        # as printed by `shebao retirement --birth 1978-04 --category female-worker --json`
        retirement={"birth": "1978-04", "category": "female_worker",
                    "statutory_retirement_month": "2029-12", "statutory_age_months": 620,
                    "statutory_age": "51岁8个月", "original_age_months": 600,
                    "delay_months": 20, "min_contribution_months": 180,
                    "flexible_earliest_month": "2028-04", "flexible_latest_month": "2032-12"},
        missing=["缺少2018年3月至2019年12月的缴费明细，未能审计该期间。"],
    )


@dataclass
class BuiltCase:
    case_dir: Path
    audit_file: Path  # audit_case() of the folder, as of AS_OF
    audit: AuditResult
    handmade: AuditResult  # hand-written, for context edge cases only


def build_case(root: Path, *, with_yaml: bool = True) -> BuiltCase:
    """Write the Dongguan case to ``root/case`` and its audit JSON to ``root/audit.json``."""
    from shebao.files import sha256_file

    case_dir = root / "case"
    case_dir.mkdir(parents=True, exist_ok=True)
    draw_statement(case_dir / "statement.pdf")
    draw_payslip_photo(case_dir / "payslip-2020-03.jpg")
    write_wage_sheet(case_dir / "wages.xlsx")
    if with_yaml:
        (case_dir / "case.yaml").write_text(yaml.safe_dump(CASE_YAML, allow_unicode=True,
                                                           sort_keys=False), encoding="utf-8")
    from shebao.audit.engine import audit_case

    handmade = audit_result(sha256_file(case_dir / "statement.pdf"),
                            sha256_file(case_dir / "payslip-2020-03.jpg"),
                            sha256_file(case_dir / "wages.xlsx"))
    audit = audit_case(case_dir, dt.date.fromisoformat(AS_OF))
    audit_file = root / "audit.json"
    audit_file.write_text(json.dumps(audit.to_json_dict(), ensure_ascii=False, indent=1),
                          encoding="utf-8")
    return BuiltCase(case_dir, audit_file, audit, handmade)


if __name__ == "__main__":  # python tests/reports/casefactory.py OUT_DIR
    import sys

    built = build_case(Path(sys.argv[1]))
    print(built.case_dir, built.audit_file)
