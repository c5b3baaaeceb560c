"""A check that reads every draft like a reviewer (issue 12 item 10).

Every document kind is rendered (PDF and DOCX, through the CLI) for every planted scenario,
the demo case D and a case of phone photos (read by OCR), from what ``audit_case()`` produces;
the text is read back (pdfplumber, python-docx) and held to the checklist of
``reports/templates/README.md``. The test fails on: a claimed month outside the employment,
"您" in a document for an authority, an option or code in any document, an unknown amount
printed as a dash or "一元", a request whose months or total disagree with its table, a table
wider than the text block, and a filing that lacks an element of its checklist.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
import yaml
from docx import Document
from shebao.audit.engine import audit_case
from shebao.reports.case import load_case
from shebao.reports.context import build_context
from shebao.reports.months import cn_date
from shebao.reports.originals import find_originals
from shebao.reports.templating import KINDS
from shebao.samples import planted

from shebao.cli import main

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2025, 10, 15)

# reports/templates/README.md, "What each document kind must contain" (filed kinds).
CHECKLIST = {
    "complaint": ["致：", "投诉人", "被投诉人", "出生", "公民身份号码", "统一社会信用代码",
                  "法定代表人", "联系电话", "投诉（举报）请求", "事实与理由", "欠缴明细",
                  "证据清单", "此致", "投诉人（签名）"],
    "arbitration": ["申请人", "被申请人", "出生", "公民身份号码", "住所及通讯地址", "联系电话",
                    "法定代表人", "仲裁请求", "事实与理由", "证据和证据来源", "此致",
                    "申请人（签名）", "副本"],
}
FOR_AUTHORITIES = ("complaint", "arbitration", "evidence-index", "arrears", "findings")
OPTION = re.compile(r"--[a-z]|\b[a-z]+_[a-z_]+\b")
ENGLISH = re.compile(r"[A-Za-z][A-Za-z_]{2,}")
ALLOWED_WORDS = {"SHA", "PDF"}
MONTH = re.compile(r"^\d{4}-\d{2}$")
HOST = re.compile(r"\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(cn|com|org)\b")


@dataclass
class Built:
    name: str
    case_dir: Path
    audit_file: Path
    drafts: dict[tuple[str, str], Path]  # (kind, format) -> file


def _scenario_case(name: str, root: Path) -> Path:
    """A planted scenario as a case folder: its documents plus a case.yaml stating the worker,
    the last employer and that employer's months (as a paralegal would from the contract)."""
    case_dir = root / name
    scenario = planted.build(name, root / f"{name}-docs")
    case_dir.mkdir()
    for doc in scenario.documents:
        shutil.copy(doc.path, case_dir / doc.path.name)
    history = scenario.history
    employer = history.employers[-1]
    months = [m.month for m in history.months if m.employer is employer]
    facts = {
        "worker": {"name": history.worker.name, "gender": "女" if history.worker.female else "男"},
        "employer": {"name": employer.name, "credit_code": employer.credit_code},
        "employment": [{"start": months[0], "end": months[-1]}],
        "insured_place": history.city.name,
    }
    (case_dir / "case.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True),
                                        encoding="utf-8")
    return case_dir


def _photo_case(root: Path) -> Path:
    """Worker A's demo statement photographed page by page, as one document of a case."""
    case_dir = root / "photos"
    assert main(["samples", "photo", str(ROOT / "samples/demo/A_L1_monthly_statement.pdf"),
                 "-o", str(root / "photo-out") + "/"]) == 0
    case_dir.mkdir()
    photos = sorted((root / "photo-out").glob("*.jpg"))
    assert photos
    for p in photos:
        shutil.copy(p, case_dir / p.name)
    facts = {"documents": [{"files": [p.name for p in photos]}]}
    (case_dir / "case.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True),
                                        encoding="utf-8")
    return case_dir


def _build(name: str, case_dir: Path, out: Path) -> Built:
    audit = audit_case(case_dir, AS_OF)
    audit_file = out / f"{name}.audit.json"
    audit_file.write_text(audit.model_dump_json(by_alias=True), encoding="utf-8")
    drafts: dict[tuple[str, str], Path] = {}
    for fmt in ("pdf", "docx"):
        folder = out / f"{name}-{fmt}"
        assert main(["draft", str(case_dir), "--kind", "all", "--format", fmt, "-o",
                     str(folder) + "/", "--audit", str(audit_file)]) == 0
        for kind, spec in KINDS.items():
            path = folder / f"{spec.filename}.{fmt}"
            if path.exists():
                drafts[(kind, fmt)] = path
    return Built(name, case_dir, audit_file, drafts)


CASES = [*planted.SCENARIOS, "demo-case-D", "demo-photos"]


@pytest.fixture(scope="module", params=CASES)
def built(request, tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("reviewer")
    name = request.param
    if name == "demo-case-D":
        case_dir = root / "case-D"
        shutil.copytree(ROOT / "samples/demo/case-D", case_dir)
    elif name == "demo-photos":
        case_dir = _photo_case(root)
    else:
        case_dir = _scenario_case(name, root)
    return _build(name, case_dir, root)


def _pdf(path: Path) -> tuple[str, list]:
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        widths = []
        for page in pdf.pages:
            right = page.width - (45.35 if page.width > page.height else 56.69)  # margins
            edges = [o["x1"] for o in page.rects + page.lines]
            widths.append((max(edges, default=0.0), right))
    return text, widths


def _docx(path: Path) -> tuple[str, list[list[list[str]]]]:
    doc = Document(path)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    cells = "\n".join(c for t in tables for row in t for c in row)
    return "\n".join(p.text for p in doc.paragraphs) + "\n" + cells, tables


def _context(b: Built):
    from shebao.reports.audit_source import read_audit_json

    case = load_case(b.case_dir)
    return build_context(case, read_audit_json(b.audit_file),
                         find_originals(b.case_dir, case).files)


def _strip_file_names(text: str, b: Built) -> str:
    """Names that are not identifiers: the originals' file names, a credit code, the manifest
    file, and the host of a cited source (``shpt.gov.cn``)."""
    text = text.replace("\n", "")  # a file name wrapped in a PDF table cell
    for o in find_originals(b.case_dir, load_case(b.case_dir)).files:
        text = text.replace(o.name, "").replace(o.path.name, "")
    text = re.sub(HOST, "", text)
    text = re.sub(r"(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])", "", text)  # 统一社会信用代码
    text = re.sub(r"[0-9a-f]{64}", "", text)  # SHA-256 checksums of the shared originals
    return re.sub(r"\S+\.manifest\.json", "", text)


def test_no_option_code_or_english_identifier_in_any_document(built):
    """Words are checked on the DOCX (cells whole; the PDF's wrapped cells cut file names into
    fragments); options on both."""
    for (kind, fmt), path in built.drafts.items():
        if fmt == "pdf":
            assert not re.search(r"--[a-z]", _pdf(path)[0]), (kind, fmt)
            continue
        text = _strip_file_names(_docx(path)[0], built)
        assert not OPTION.search(text), (kind, fmt, OPTION.search(text).group(0))
        words = set(ENGLISH.findall(text)) - ALLOWED_WORDS
        assert not words, (kind, fmt, words)


def test_no_worker_voice_in_documents_for_authorities(built):
    for (kind, fmt), path in built.drafts.items():
        if kind not in FOR_AUTHORITIES:
            continue
        text = _pdf(path)[0] if fmt == "pdf" else _docx(path)[0]
        assert "您" not in text, (kind, fmt)
        assert "可向税务部门或社保部门投诉" not in text and "请提供劳动合同" not in text


def test_unknown_amounts_are_never_a_dash_a_zero_or_one_yuan(built):
    for (kind, fmt), path in built.drafts.items():
        text = _pdf(path)[0] if fmt == "pdf" else _docx(path)[0]
        compact = re.sub(r"\s+", "", text)
        for bad in ("—元", "–元", "单位一元", "个人一元", "未能核算元", "None"):
            assert bad not in compact, (kind, fmt, bad)


def test_claimed_months_lie_inside_the_employment(built):
    ctx = _context(built)
    stated = [(p.start, p.end) for p in load_case(built.case_dir).employment if p.start]
    if not stated:  # no case.yaml period: the one the audit inferred (and the drafts say so)
        assert ctx.scope.origin in ("documents", "none")
        return
    inside = [m for m in (line.period for line in ctx.arrears.lines)
              if any(a <= m <= (b or "9999-12") for a, b in stated)]
    assert inside == [line.period for line in ctx.arrears.lines]
    for kind in ("complaint", "arrears"):
        path = built.drafts.get((kind, "docx"))
        if path is None:
            continue
        months = [row[1] for t in _docx(path)[1] for row in t if MONTH.match(row[1] or "")]
        assert all(any(a <= m <= (b or "9999-12") for a, b in stated) for m in months), kind


def _money(text: str) -> float:
    return float(text.replace(",", ""))


def test_the_request_says_what_its_table_sums_to(built):
    path = built.drafts.get(("complaint", "docx"))
    ctx = _context(built)
    if path is None:
        assert not ctx.complaint_claims  # nothing to file: no complaint drafted
        return
    text, tables = _docx(path)
    table = next((t for t in tables if t[0][:2] == ["序号", "月份"]), None)
    if table is None:  # nothing priced: said in words, never an empty table summing to 0.00
        assert "没有经核算的欠缴、少缴月份" in text and not ctx.arrears.lines
        return
    rows = [r for r in table[1:] if r[0].isdigit()]
    total = next(r for r in table if r[0] == "合计")
    request = text.split("投诉（举报）请求")[1].split("事实与理由")[0]
    if not rows:
        return
    count = int(re.search(r"共(\d+)个月", request).group(1))
    assert count == int(total[2].removesuffix("个月"))
    months = {m for r in rows if MONTH.match(r[1]) for m in [r[1]]}
    assert len(months) == len([r for r in rows if MONTH.match(r[1])])  # a month listed once
    if total[-1] == "未能核算":
        assert "未能核算" in request
    else:
        assert round(sum(_money(r[-1]) for r in rows), 2) == _money(total[-1])
        assert f"共计人民币{total[-1]}元" in request
        assert f"单位部分{total[6]}元，个人部分{total[7]}元" in request


def test_tables_fit_the_text_block(built):
    for (kind, fmt), path in built.drafts.items():
        if fmt != "pdf":
            continue
        for right_edge, limit in _pdf(path)[1]:
            assert right_edge <= limit + 1.0, (kind, right_edge, limit)


def test_the_complaint_names_only_the_records_it_holds(built):
    """事实与理由 says it checked the records the case actually holds: the statement, the pay
    records, or both -- it said 参保缴费记录及工资发放记录 with no pay record given."""
    import json

    kinds = {d["kind"] for d in json.loads(built.audit_file.read_text("utf-8"))["documents"]}
    named = "及".join(text for kind, text in (("statement", "社会保险参保缴费记录"),
                                             ("payslip", "工资发放记录")) if kind in kinds)
    for fmt in ("pdf", "docx"):
        path = built.drafts.get(("complaint", fmt))
        if path is None:
            continue
        text = re.sub(r"\s+", "", _pdf(path)[0] if fmt == "pdf" else _docx(path)[0])
        sentence = text.split("经核对")[1].split("，")[0]
        assert sentence == (f"投诉人的{named}" if named else "现有材料"), (built.name, fmt)


@pytest.mark.parametrize(("kinds", "said"), [
    ({"statement"}, "社会保险参保缴费记录"), ({"payslip"}, "工资发放记录"),
    ({"statement", "payslip"}, "社会保险参保缴费记录及工资发放记录"), ({"insured_list"}, "")])
def test_records_checked_follow_the_documents_read(kinds, said):
    from shebao.reports.context import records_checked

    from shebao.records import AuditResult

    audit = AuditResult.model_validate({"documents": [
        {"file": f"{k}.pdf", "sha256": "0" * 64, "kind": k, "layout": "x", "method": "text",
         "pages": 1} for k in sorted(kinds)]})
    assert records_checked(audit) == said


def test_filings_hold_every_element_of_their_checklist_dated_as_of(built):
    date = cn_date(AS_OF)
    for kind, needed in CHECKLIST.items():
        path = built.drafts.get((kind, "docx"))
        if path is None:
            if kind == "arbitration":
                assert _context(built).arbitration_absent  # said why, never an empty filing
            continue
        text = _docx(path)[0]
        missing = [item for item in needed if item not in text]
        assert not missing, (kind, missing)
        assert date in text, kind  # one as-of date: signed the day late fees run to


def test_outputs_resting_on_ocr_say_how_many_figures_were_read_so(built, capsys):
    """Issue 15 item 3: the report, the findings, the case check (and the bundle cover, same
    view) state how many figures were read by OCR and how many self-check warnings are open."""
    ocr = _context(built).ocr
    if built.name != "demo-photos":
        assert ocr.documents == 0  # text PDFs and sheets: nothing to say
        return
    assert ocr.documents == 1 and ocr.figures > 0  # three photos read as one document
    said = f"共{ocr.figures}条记录"
    for kind in ("report", "findings"):
        assert said in _docx(built.drafts[(kind, "docx")])[0], kind
    assert main(["case", "check", str(built.case_dir), "--audit", str(built.audit_file)]) == 0
    out = capsys.readouterr().out
    assert f"1份材料由照片或扫描件识别（OCR），{said}；尚有{ocr.warnings}条自检提示未处理" in out


# --- the factory batch's documents: the joint complaint and each worker's own -------------

JOINT_CHECKLIST = ["致：", "投诉人", "被投诉人", "统一社会信用代码", "法定代表人", "联系电话",
                   "投诉（举报）请求", "事实与理由", "证据清单", "此致", "附件一",
                   "附件二：投诉人签名页"]


@dataclass
class Batch:
    out: Path
    names: list[str]  # the file names of the inputs (not identifiers)
    summary: dict
    documents: dict[tuple[str, str], Path]  # (what, format) -> file; what: joint, index:<no>


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Batch:
    import json

    from shebao.samples.factory import build_factory

    root = tmp_path_factory.mktemp("reviewer-batch")
    f = build_factory(root / "gen", workers=3, seed=5)
    out = root / "out"
    assert main(["batch", str(f.documents), "-o", str(out), "--roster", str(f.roster),
                 "--as-of", AS_OF.isoformat(), "--jobs", "2", "--no-ocr"]) == 0
    summary = json.loads((out / "factory_summary.json").read_text("utf-8"))
    docs = {("joint", fmt): out / f"联名投诉书.{fmt}" for fmt in ("pdf", "docx")}
    for r in summary["workers"]:
        for fmt, key in (("pdf", "evidence_index"), ("docx", "evidence_index_docx")):
            docs[(f"index:{r['no']}", fmt)] = out / r["evidence"][key]
    names = [p.name for p in f.documents.iterdir()] + [f.roster.name]
    return Batch(out, names, summary, docs)


def _strip_names(text: str, names: list[str]) -> str:
    text = text.replace("\n", "")
    for name in names:
        text = text.replace(name, "")
    text = re.sub(r"[0-9a-f]{64}", "", text)  # SHA-256 checksums of the shared originals
    return re.sub(r"\S+\.manifest\.json", "", text)


def test_batch_documents_read_like_filings(batch):
    """The joint complaint and every worker's evidence index: no option, code or English
    word, no worker's voice, no dash or "一元" for an unknown amount, tables inside the text
    block; the joint complaint holds its checklist and is dated the batch's as-of day."""
    assert batch.documents and all(p.is_file() for p in batch.documents.values())
    for (what, fmt), path in batch.documents.items():
        if fmt == "pdf":
            text, widths = _pdf(path)
            assert not re.search(r"--[a-z]", text), what
            for right_edge, limit in widths:
                assert right_edge <= limit + 1.0, (what, right_edge, limit)
        else:
            text = _docx(path)[0]
            words = _strip_names(text, batch.names)
            assert not OPTION.search(words), (what, OPTION.search(words).group(0))
            assert not set(ENGLISH.findall(words)) - ALLOWED_WORDS, what
        assert "您" not in text, (what, fmt)
        compact = re.sub(r"\s+", "", text)
        assert not any(bad in compact for bad in ("—元", "单位一元", "个人一元", "None")), what
    joint = _docx(batch.documents[("joint", "docx")])[0]
    assert not [item for item in JOINT_CHECKLIST if item not in joint]
    assert cn_date(AS_OF) in joint


def test_joint_request_sums_its_annex_and_names_everyone_the_insured_list_lacks(batch):
    text, tables = _docx(batch.documents[("joint", "docx")])
    annex = tables[1]  # the parties' table is first, then part one of 附件一
    assert annex[0][:4] == ["序号", "姓名", "公民身份号码", "任职期间（部门）"]
    rows = [r for r in annex[1:] if r[0].isdigit()]
    total = next(r for r in annex if r[0] == "合计")
    for col in (5, 6, 7, 8):
        assert round(sum(_money(r[col]) for r in rows), 2) == _money(total[col])
    request = text.split("投诉（举报）请求")[1].split("事实与理由")[0]
    assert f"共计人民币{total[7]}元" in request
    assert f"其中单位部分{total[5]}元，个人部分{total[6]}元" in request
    mine = {r["name"]: r["arrears"] for r in batch.summary["workers"]}
    for r in rows:  # each row is that worker's own figure
        assert _money(r[7]) == round(mine[r[1]]["employer"] + mine[r[1]]["personal"], 2)
    absent = batch.summary["insured_list"]["absent"]
    assert absent
    part_two = next(t for t in tables if t[0][-1] == "所依据的材料")
    named = {r[1]: r for r in part_two[1:] if r[0].isdigit()}
    for person in absent:
        row = named[person["name"]]
        assert "单位参保人员名单" in row[5] and "中没有此人" in row[5] and "花名册" in row[5]
    assert f"所列{len(named)}名投诉人依法办理社会保险参保登记" in request



def test_docx_columns_hold_their_longest_token(batch):
    """The joint complaint's 9-column annex in Word: every column is at least as wide as its
    longest name, ID number, date or amount (it wrapped names and split numbers)."""
    path = batch.documents[("joint", "docx")]
    assert len(Document(path).tables[1].columns) == 9
    from tests.reports.test_docx_widths import docx_tokens_fit

    assert docx_tokens_fit(path) == []
