"""Drafts through the CLI in every format, read back with pdfplumber and python-docx."""

from __future__ import annotations

import pdfplumber
import pytest
from docx import Document

from shebao.cli import main

from .casefactory import DECLARED, GAP, WORKER_ID

# What audit_case() finds in the Dongguan originals (as of AS_OF): the three gap months, owed on
# the base the employer declared before and after the gap. The personal part is computed here
# independently (8% of that base, 社会保险法/国发〔2005〕38号); the employer part is unknown
# because Guangdong's employer rate for 2020 is not in the parameters, so no total exists.
PERSONAL = round(len(GAP) * round(DECLARED * 0.08, 2), 2)
PERSONAL_TEXT = f"{PERSONAL:,.2f}"  # 949.92
LATE_FEE = "1,151.47"  # pinned from the audit (late fees to 2026-11-20)


def draft(case, kind: str, out, *extra: str) -> int:
    return main(["draft", str(case.case_dir), "--kind", kind, "-o", str(out),
                 "--audit", str(case.audit_file), *extra])


def pdf_text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def docx_text(path) -> tuple[str, list]:
    doc = Document(path)
    text = "\n".join(p.text for p in doc.paragraphs)
    return text, doc.tables


@pytest.fixture(scope="module")
def complaint_pdf(dongguan, tmp_path_factory):
    out = tmp_path_factory.mktemp("c") / "投诉.pdf"
    assert draft(dongguan, "complaint", out) == 0
    return out


def test_complaint_pdf_is_addressed_to_the_tax_bureau_and_lists_the_arrears(complaint_pdf):
    text = pdf_text(complaint_pdf)
    assert "社会保险费补缴投诉（举报）书" in text
    assert "致：国家税务总局东莞市税务局" in text
    assert PERSONAL_TEXT == "949.92"
    assert f"单位部分未能核算，个人部分{PERSONAL_TEXT}元" in text
    assert "2020-02" in text and "3,958.00" in text and LATE_FEE in text
    assert "0.00元" not in text and "—元" not in text
    assert "《中华人民共和国社会保险法》第八十六条" in text
    assert "【待补充：用人单位联系电话】" in text  # not in case.yaml: shown, not guessed


def test_complaint_pdf_embeds_its_cjk_fonts(complaint_pdf):
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(complaint_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # embedded TrueType outlines
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("UMing" in f for f in fonts) and any("WenQuanYi" in f for f in fonts)


def test_arbitration_docx_has_only_supported_claims_and_says_why_others_are_left_out(
        dongguan, tmp_path):
    out = tmp_path / "仲裁.docx"
    assert draft(dongguan, "arbitration", out) == 0
    text, tables = docx_text(out)
    assert "劳动人事争议仲裁申请书" in text
    requests = text.split("仲裁请求")[1].split("事实与理由")[0]
    assert "经济补偿" in requests
    assert "补缴" not in requests  # not arbitrable: only in the note
    # Notes for the representative are never inside the filing: they are their own file.
    assert "附注" not in text and "提交前可删除" not in text and "未列入本申请" not in text
    assert tables and tables[0].cell(4, 1).text == "东莞市长安镇宏达电子有限公司"
    notes_out = tmp_path / "备注.docx"
    assert draft(dongguan, "counsel-notes", notes_out) == 0
    notes, _ = docx_text(notes_out)
    assert "劳动合同于2024年5月31日解除" in notes and "仲裁时效" in notes
    assert "核对依据" in notes and "提交前请核对官方公布的原文" in notes  # 解释（二） is [S]
    note = notes.split("未列入仲裁申请的请求及原因")[1]
    assert "责令用人单位补缴" in note and "投诉（举报）书" in note
    assert "法研〔2011〕31号" in note
    assert "解释（一）》（法释〔2020〕26号）第一条第（五）项" in note  # damages: not confirmed


def test_evidence_index_docx_is_a_real_table(dongguan, tmp_path):
    out = tmp_path / "index.docx"
    assert draft(dongguan, "evidence-index", out) == 0
    _, tables = docx_text(out)
    rows = [[c.text for c in row.cells] for row in tables[0].rows]
    assert rows[0] == ["序号", "证据名称", "证据来源", "证明目的", "页码"]
    assert rows[1][:3] == ["1", "社会保险个人参保缴费明细", "广东省电子税务局下载"]
    assert rows[1][4] == "共2页"
    assert len(rows) == 4
    widths = [c.width for c in tables[0].rows[0].cells]
    assert widths[3] == max(widths) and widths[0] == min(widths)  # 证明目的 widest, 序号 narrow
    footer = Document(out).sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def test_arrears_docx_is_landscape_with_one_row_per_month_and_a_total(dongguan, tmp_path):
    from docx.enum.section import WD_ORIENT

    out = tmp_path / "arrears.docx"
    assert draft(dongguan, "arrears", out, "--format", "docx") == 0
    doc = Document(out)
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE
    table = doc.tables[0]
    assert len(table.rows) == 1 + len(GAP) + 1
    last = [c.text for c in table.rows[-1].cells]
    assert last[0] == "合计" and last[-1] == "未能核算" and last[7] == PERSONAL_TEXT


def test_markdown_and_html_say_the_same(dongguan, tmp_path):
    md, html = tmp_path / "a.md", tmp_path / "a.html"
    assert draft(dongguan, "arrears", md) == 0
    assert draft(dongguan, "arrears", html) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# 社会保险费欠缴明细表")
    assert f"| {PERSONAL_TEXT} |" in text and f"| {LATE_FEE} |" in text
    assert PERSONAL_TEXT in html.read_text(encoding="utf-8")


def test_person_report_masks_the_id_unless_asked(dongguan, tmp_path):
    masked, plain = tmp_path / "r.pdf", tmp_path / "r2.html"
    assert draft(dongguan, "report", masked) == 0
    assert draft(dongguan, "report", plain, "--no-mask") == 0
    text = pdf_text(masked)
    assert "430***********" in text and "4305211978" not in text
    assert "女职工类别未知" in text  # case.yaml says 女 but not 工人/干部: said, not guessed
    assert f"单位部分未能核算，个人部分{PERSONAL_TEXT}元" in plain.read_text(encoding="utf-8")
    assert "<svg" in plain.read_text(encoding="utf-8")
    assert "43052119780412002" in plain.read_text(encoding="utf-8")


def test_case_without_case_yaml_still_drafts_with_visible_markers(bare, tmp_path, capsys):
    out = tmp_path / "bare.docx"
    assert draft(bare, "complaint", out) == 0
    assert "待补充" in capsys.readouterr().out
    text, tables = docx_text(out)
    cells = "\n".join(c.text for t in tables for row in t.rows for c in row.cells)
    assert "【待补充：用人单位地址】" in cells
    assert "【待补充：劳动者住址】" in cells
    assert "国家税务总局东莞市税务局" in text  # derived from the statement's insured place


def test_case_check_lists_what_each_document_lacks(bare, capsys):
    assert main(["case", "check", str(bare.case_dir), "--audit", str(bare.audit_file)]) == 0
    out = capsys.readouterr().out
    assert "证据1  payslip-2020-03.jpg" in out  # no case.yaml: sorted by name
    complaint = out.split("（complaint）")[1].split("（arbitration）")[0]
    assert "- 用人单位地址（case.yaml: employer.address）" in complaint
    assert "- 劳动者住址（case.yaml: worker.address）" in complaint
    assert "未定义的变量" not in out
    # Without case.yaml the employment is the one the pay slips show (2020-03 on): 2020-02 is a
    # gap between jobs, never claimed; 2020-03/04 are claimed by complaint, not arbitration.
    assert ("证据材料将包括：封面及目录、证据目录、社会保险费补缴投诉（举报）书、"
            "社会保险费欠缴明细表") in out
    assert "不列入请求的月份（任职期间以外或换工作之间的空档）：2020年2月（共1个月）" in out
    assert "任职期间据工资条和缴费记录推断" in out
    assert "不起草仲裁申请书" in out


def test_arrears_xlsx_keeps_numbers_so_totals_can_be_recomputed(dongguan, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "arrears.xlsx"
    assert draft(dongguan, "arrears", out) == 0
    sheet = load_workbook(out).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[0] == "序号")
    body = [r for r in rows[header + 1:] if isinstance(r[0], int)]
    total = next(r for r in rows[header + 1:] if r[0] == "合计")
    assert [r[1] for r in body] == GAP
    assert round(sum(r[7] for r in body), 2) == total[7] == PERSONAL  # personal arrears
    assert total[6] == "未能核算" and total[-1] == "未能核算"  # never a 0.00 for unknown


def test_without_audit_file_the_audit_stage_reads_the_case(dongguan, tmp_path):
    import importlib.util

    if importlib.util.find_spec("shebao.audit.engine") is None:
        pytest.skip("audit stage not installed")
    out = tmp_path / "arrears.md"
    assert main(["draft", str(dongguan.case_dir), "--kind", "arrears", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "# 社会保险费欠缴明细表" in text
    assert "| 2020-02 |" in text  # the gap month, found by the real audit of the originals


def test_all_kinds_at_once_into_a_folder(dongguan, tmp_path, capsys):
    assert draft(dongguan, "all", tmp_path, "--format", "md") == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(["投诉举报书.md", "仲裁申请书.md", "证据目录.md", "欠缴明细表.md",
                            "审计发现.md", "个人报告.md", "代理人备注.md"])
    assert "430***********" in (tmp_path / "个人报告.md").read_text(encoding="utf-8")
    assert WORKER_ID in (tmp_path / "投诉举报书.md").read_text(encoding="utf-8")
    assert draft(dongguan, "all", tmp_path / "missing-folder") == 2


def test_person_report_docx_carries_the_base_chart_as_a_picture(dongguan, tmp_path):
    docx_out, md_out = tmp_path / "r.docx", tmp_path / "r.md"
    assert draft(dongguan, "report", docx_out) == 0
    assert draft(dongguan, "report", md_out) == 0
    doc = Document(docx_out)
    assert len(doc.inline_shapes) == 1
    assert "（图见 PDF 或 HTML 版）" in md_out.read_text(encoding="utf-8")


def test_docx_tables_fit_the_text_block_numbers_never_wrap_and_colours_stay(dongguan, tmp_path):
    from docx.oxml.ns import qn

    out = tmp_path / "c.docx"
    assert draft(dongguan, "complaint", out) == 0
    doc = Document(out)
    section = doc.sections[0]
    usable = section.page_width - section.left_margin - section.right_margin
    arrears = next(t for t in doc.tables if t.rows[0].cells[1].text == "月份")
    widths = [c.width for c in arrears.rows[0].cells]
    assert sum(widths) <= usable
    money = arrears.rows[1].cells[6]  # 单位欠缴 of the first month
    assert money._tc.tcPr.find(qn("w:noWrap")) is not None
    assert widths[6] >= widths[0]  # sized by content: a money column wider than 序号
    report = tmp_path / "r.docx"
    assert draft(dongguan, "report", report) == 0
    fills = {shd.get(qn("w:fill")) for t in Document(report).tables
             for shd in t._tbl.iter(qn("w:shd"))}
    assert {"D9534F", "E3F1DF"} <= fills  # 缺 (missing) red, employed-and-fine green


ID_NOTICE_TEXT = ("本文书载有完整的公民身份号码（未遮盖），仅供提交受理机关使用，"
                  "请妥善保管，勿转发或公开。")


@pytest.mark.parametrize("kind, fmt", [("complaint", "md"), ("complaint", "docx"),
                                       ("arbitration", "html"), ("report", "pdf")])
def test_a_document_with_the_full_id_says_so_inside(dongguan, tmp_path, kind, fmt):
    """Issue 10 item 6: drafts for authorities carry the full ID number; the document itself
    says so (before: only the terminal did). A masked report says nothing of the kind."""
    out = tmp_path / f"d.{fmt}"
    assert draft(dongguan, kind, out, *(["--no-mask"] if kind == "report" else [])) == 0
    if fmt == "pdf":
        text = pdf_text(out).replace("\n", "")
    elif fmt == "docx":
        body, tables = docx_text(out)
        text = body + "".join(c.text for t in tables for row in t.rows for c in row.cells)
    else:
        text = out.read_text(encoding="utf-8")
    assert WORKER_ID in text.replace("\n", "")
    assert text.count(ID_NOTICE_TEXT) == 1
    if fmt == "docx":  # the last paragraph, after the signature
        assert [p for p in docx_text(out)[0].split("\n") if p.strip()][-1] == ID_NOTICE_TEXT


@pytest.mark.parametrize("kind", ["report", "evidence-index"])
def test_a_document_without_the_full_id_has_no_notice(dongguan, tmp_path, kind):
    out = tmp_path / "d.md"
    assert draft(dongguan, kind, out) == 0
    text = out.read_text(encoding="utf-8")
    assert WORKER_ID not in text and "完整的公民身份号码" not in text


def test_a_base_below_the_floor_without_pay_slips_alleges_no_wage(tmp_path, capsys):
    """Worker A's statement alone: bases below Dongguan's floor and no pay slip. The complaint
    states the floor and asks for it; it never alleges under-declared wages (瞒报工资) that no
    document shows."""
    import shutil
    from pathlib import Path

    case = tmp_path / "case"
    case.mkdir()
    demo = Path(__file__).resolve().parents[2] / "samples" / "demo"
    shutil.copy(demo / "A_L1_monthly_statement.pdf", case)
    (case / "case.yaml").write_text("employer:\n  name: 东莞市虎门镇嘉禾电子科技实业有限公司\n",
                                    encoding="utf-8")
    audit_file = tmp_path / "audit.json"
    assert main(["audit", str(case / "A_L1_monthly_statement.pdf"), "--as-of", "2025-10-15",
                 "--json", "--no-ocr"]) == 0
    audit_file.write_text(capsys.readouterr().out, encoding="utf-8")
    out = tmp_path / "complaint.md"
    assert main(["draft", str(case), "--kind", "complaint", "-o", str(out),
                 "--audit", str(audit_file)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "缴费基数低于当地下限" in text and "低于当月缴费基数下限" in text
    assert "按不低于当地缴费基数下限的标准为投诉人申报缴费基数并补足差额" in text
    assert "瞒报" not in text and "申报基数低于实际工资" not in text
    # sex and birth month read from the ID number, as the audit reads them: no 【待补充】
    assert "谢洋德，男，1987年11月出生" in text and "【待补充：性别】" not in text
