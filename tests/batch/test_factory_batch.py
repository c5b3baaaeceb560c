"""End to end: a generated 8-worker factory through ``shebao batch`` (real PDFs, real pay-sheet
xlsx, real roster), checked against the planted facts (``expected.json``)."""

from __future__ import annotations

import json
import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from statistics import mean

import pdfplumber
import pytest
from openpyxl import load_workbook
from shebao.samples.factory import build_factory

from shebao.cli import main

N = 8
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def factory(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("factory")
    f = build_factory(root / "gen", workers=N, seed=3)
    (f.documents / "扫描件_损坏.pdf").write_bytes(b"%PDF-1.4\nbroken")
    before = {p.name: p.read_bytes() for p in f.documents.iterdir()}
    out = root / "out"
    rc = main(["batch", str(f.documents), "-o", str(out), "--roster", str(f.roster),
               "--as-of", f.as_of.isoformat(), "--jobs", "2", "--no-ocr"])
    return {"factory": f, "out": out, "rc": rc, "before": before,
            "expected": json.loads(f.expected.read_text(encoding="utf-8")),
            "summary": json.loads((out / "factory_summary.json").read_text(encoding="utf-8"))}


def _rows(run: dict) -> dict[str, dict]:
    return {r["name"]: r for r in run["summary"]["workers"]}


def test_exit_code_1_when_a_file_fails_and_originals_untouched(factory):
    assert factory["rc"] == 1
    docs = factory["factory"].documents
    assert {p.name: p.read_bytes() for p in docs.iterdir()} == factory["before"]


def test_every_worker_row_matches_the_planted_facts(factory):
    rows = _rows(factory)
    expected = factory["expected"]["workers"]
    assert set(rows) == {w["name"] for w in expected}
    for w in expected:
        r = rows[w["name"]]
        assert r["no"] == w["no"] and r["staff_id"] == w["staff_id"], w["name"]
        assert r["months_covered"] == len(w["employed_months"]) - len(w["missing_months"])
        assert r["minimum_base_months"] == w["minimum_base_months"], w["name"]
        assert r["underreported_months"] == w["underreported_months"], w["name"]
        assert r["missing_months"] == w["missing_months"], w["name"]
        assert r["withheld_months"] == w["withheld_months"], w["name"]
        assert r["provisional_account_risk"] is w["provisional_account_risk"], w["name"]
        assert r["employment"]["start"] == w["hired"]
        owed = bool(w["minimum_base_months"] or w["missing_months"])
        for part in ("employer", "personal", "late_fee"):
            assert (r["arrears"][part] > 0) is owed, (w["name"], part)
        assert w["statement"] in r["documents"]
        assert factory["expected"]["paysheets"] in r["documents"]


def test_correct_worker_owes_nothing_and_provisional_worker_is_short(factory):
    kinds = {w["name"]: w["kind"] for w in factory["expected"]["workers"]}
    for name, r in _rows(factory).items():
        if kinds[name] == "correct":
            assert r["arrears"]["employer"] == 0 and not r["minimum_base_months"]
        if kinds[name] == "provisional":
            assert r["months_short"] > 0 and r["claim_place"]


def test_totals_are_sums_of_the_known_parts(factory):
    s = factory["summary"]
    t = s["totals"]
    assert t["workers"] == N
    for part in ("employer", "personal", "late_fee"):
        assert t[part]["known"] == pytest.approx(
            sum(r["arrears"][f"{part}_known"] for r in s["workers"]), abs=0.01)
        assert t[part]["complete"] is all(r["arrears"][part] is not None for r in s["workers"])
    kinds = [w["kind"] for w in factory["expected"]["workers"]]
    assert t["minimum_base_workers"] == sum(k != "correct" for k in kinds)
    assert t["withheld_workers"] == kinds.count("gap")
    assert t["provisional_workers"] == kinds.count("provisional")
    weights = [sum(r["arrears"][f"{p}_known"] for p in ("employer", "personal", "late_fee"))
               for r in s["workers"]]
    assert weights == sorted(weights, reverse=True)


def test_unreadable_file_and_roster_worker_without_documents_are_listed(factory):
    s = factory["summary"]
    assert [Path(f["file"]).name for f in s["failed"]] == ["扫描件_损坏.pdf"]
    assert s["failed"][0]["zh"] and s["failed"][0]["en"]
    only = factory["expected"]["roster_only"]
    assert [e["name"] for e in s["roster"]["without_documents"]] == [e["name"] for e in only]


def test_per_worker_files(factory):
    out = factory["out"]
    for r in factory["summary"]["workers"]:
        audit = json.loads((out / r["audit"]).read_text(encoding="utf-8"))
        assert audit["schema"] == "shebao.audit/1" and audit["person"]["name"] == r["name"]
        html = (out / r["report"]).read_text(encoding="utf-8")
        assert r["name"] in html and r["id_masked"] in html
        assert audit["person"]["id_number"] not in html  # ID masked in the report


def test_xlsx_rows_totals_and_failed_sheet(factory):
    wb = load_workbook(factory["out"] / "factory_summary.xlsx")
    ws = wb["工人明细"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    by_name = {r[1]: r for r in rows[:-1]}
    assert len(by_name) == N and rows[-1][0] == "合计"
    for name, r in _rows(factory).items():
        x = by_name[name]
        assert x[6] == len(r["minimum_base_months"]) and x[9] == len(r["withheld_months"])
        assert x[10] == pytest.approx(r["arrears"]["employer"])  # numbers stay numbers
        assert x[13] == ("有" if r["provisional_account_risk"] else "无")
    assert rows[-1][10] == pytest.approx(factory["summary"]["totals"]["employer"]["known"])
    bad = list(wb["未能读取的文件"].iter_rows(min_row=2, values_only=True))
    assert len(bad) == 1 and bad[0][0].endswith("扫描件_损坏.pdf")
    assert [r[1] for r in wb["花名册中无材料"].iter_rows(min_row=2, values_only=True)] == [
        e["name"] for e in factory["expected"]["roster_only"]]


def test_pdf_summary_text(factory):
    with pdfplumber.open(factory["out"] / "factory_summary.pdf") as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "工厂社保缴费批量审计汇总" in compact
    assert f"审计的工人{N}人" in compact
    t = factory["summary"]["totals"]
    assert f"{t['employer']['known']:,.2f}" in compact
    for r in factory["summary"]["workers"]:
        assert r["name"] in compact
        if r["provisional_account_risk"]:
            assert r["claim_place"] in compact
    assert "扫描件_损坏.pdf" in compact
    assert factory["expected"]["roster_only"][0]["name"] in compact


def test_exit_code_0_when_all_files_read(factory, tmp_path):
    f = factory["factory"]
    first = sorted(f.documents.glob("001_*.pdf"))[0]
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(first, src)
    shutil.copy(f.paysheets, src)
    rc = main(["batch", str(src), "-o", str(tmp_path / "out"), "--as-of", "2025-10-15",
               "--jobs", "1"])
    assert rc == 0
    s = json.loads((tmp_path / "out" / "factory_summary.json").read_text(encoding="utf-8"))
    assert s["roster"] is None and len(s["workers"]) == 1 and s["failed"] == []


def test_missing_input_is_one_line_error(tmp_path, capsys):
    rc = main(["batch", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    assert rc == 2
    assert "不存在" in capsys.readouterr().err


def test_extract_json_inputs_and_foreign_pay_sheet(factory, tmp_path):
    """``shebao.extract/1`` JSON is read as is; a pay sheet without the worker's lines is not
    listed among their documents."""
    from shebao.audit.engine import read_extract
    from shebao.samples import generate

    f = factory["factory"]
    src = tmp_path / "in"
    src.mkdir()
    first = sorted(f.documents.glob("001_*.pdf"))[0]
    ex = read_extract(first, ocr=False)
    (src / "001.extract.json").write_text(json.dumps(ex.to_json_dict(), ensure_ascii=False),
                                          encoding="utf-8")
    other = generate("L6-xlsx", 7, src, name="other_factory")
    rc = main(["batch", str(src), "-o", str(tmp_path / "out"), "--as-of", "2025-10-15",
               "--jobs", "1"])
    assert rc == 0
    s = json.loads((tmp_path / "out" / "factory_summary.json").read_text(encoding="utf-8"))
    (row,) = s["workers"]
    assert row["name"] == ex.person.name
    assert other.path.name not in row["documents"]


def test_factory_template_uses_only_what_it_is_given(factory):
    """Template lint: every variable the summary template reads is provided (a typo in a
    branch the sample does not reach would otherwise only fail on a real factory)."""
    from shebao.batch.write import template_variables
    from shebao.reports.templating import GLOBALS, _referenced, environment

    env = environment(None)
    used = _referenced(env, "factory_summary.html.j2", set())
    known = set(template_variables(factory["summary"])) | GLOBALS | set(env.globals)
    assert used <= known, used - known


def _required(wages: dict[str, float], month: str, floor: float) -> float:
    """The base owed for ``month`` in Shanghai, worked out here from the pay sheets: the
    contribution year runs July-June and its base is the average monthly wage of the calendar
    year before it starts; without pay of that year, the contribution year's own average (the
    audit's documented estimate). Never below the published floor (the ceiling is far above)."""
    year, mon = int(month[:4]), int(month[5:])
    first = year if mon >= 7 else year - 1  # the contribution year starts in July of `first`
    previous = [w for m, w in wages.items() if m[:4] == str(first - 1)]
    own = [w for m, w in wages.items() if f"{first}-07" <= m <= f"{first + 1}-06"]
    basis = mean(map(_dec, previous)) if previous else mean(map(_dec, own))
    return max(floor, float(basis.quantize(CENT, ROUND_HALF_UP)))


def _dec(x: float) -> Decimal:
    return Decimal(str(x))


def test_employer_and_personal_arrears_are_the_published_floor_figures(factory):
    """Each worker's arrears worked out independently of the audit: wages from the generated
    pay sheets, floors and rates copied from the published notices (``tests/published.py``,
    not the audit's parameter lookup), shortfall = base owed - base declared (the floor, or
    nothing in a month not paid), employer share 16 %, personal share 8 %."""
    from published import floor, rates

    f = factory["factory"]
    rows = _rows(factory)
    for w in factory["expected"]["workers"]:
        wages = {p.month: line.gross for p in f.payrolls for line in p.lines
                 if line.employee_id == w["staff_id"]}
        employer = personal = 0.0
        for month in w["minimum_base_months"] + w["missing_months"]:
            low = floor("上海市", month)
            declared = 0.0 if month in w["missing_months"] else low
            shortfall = _required(wages, month, low) - declared
            e_rate, p_rate = rates("上海市", month)
            employer += float((_dec(shortfall) * _dec(e_rate)).quantize(CENT, ROUND_HALF_UP))
            personal += float((_dec(shortfall) * _dec(p_rate)).quantize(CENT, ROUND_HALF_UP))
        got = rows[w["name"]]["arrears"]
        assert got["employer"] == pytest.approx(employer, abs=0.005), (w["name"], w["kind"])
        # withheld months are months not paid: their personal share is counted once
        assert got["personal"] == pytest.approx(personal, abs=0.005), (w["name"], w["kind"])
        assert (employer > 1000) is (w["kind"] != "correct")  # no worker owes by rounding


def test_the_joint_complaint_sums_exactly_the_workers_own_figures(factory):
    """Collective amounts equal the sum of the individual ones: each annex row is the worker's
    own arrears (the batch summary row), the 合计 row their sum; the filing names no option."""
    from docx import Document

    rows = _rows(factory)
    doc = Document(factory["out"] / "联名投诉书.docx")
    annex = next(t for t in doc.tables if t.rows[0].cells[1].text == "姓名")
    body = [[c.text for c in r.cells] for r in annex.rows[1:]]
    total = next(r for r in body if r[0] == "合计")
    workers = [r for r in body if r[0].isdigit()]
    owed = {n for n, r in rows.items() if r["arrears"]["months"]}
    assert {r[1] for r in workers} == owed
    for r in workers:
        mine = rows[r[1]]["arrears"]
        assert float(r[5].replace(",", "")) == mine["employer"]
        assert float(r[6].replace(",", "")) == mine["personal"]
        assert float(r[8].replace(",", "")) == mine["late_fee"]
    for col in (5, 6, 7, 8):
        assert round(sum(float(r[col].replace(",", "")) for r in workers), 2) == \
            float(total[col].replace(",", ""))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "--" not in text and "您" not in text
    assert "集体仲裁" in factory["summary"]["collective"]["arbitration_absent"]


def test_insured_list_against_the_roster(factory):
    """The unit's 参保人员名单 among the documents: the roster person it lacks and each gap
    worker's uncovered months are findings; the list is no worker's document."""
    s = factory["summary"]
    planted = factory["expected"]["insured_list"]
    il = s["insured_list"]
    assert il["files"] == [planted["file"]] and il["as_of"] == "2025-10"
    assert il["people"] == N
    assert [e["name"] for e in il["absent"]] == planted["absent"]
    assert {e["name"]: e["months"] for e in il["months_missing"]} == planted["months_missing"]
    assert all(e["insurance"] == "pension" for e in il["months_missing"])
    assert il["not_on_roster"] == []
    assert s["totals"]["insured_absent_workers"] == 1
    assert s["totals"]["insured_gap_workers"] == len(planted["months_missing"])
    assert all(planted["file"] not in r["documents"] for r in s["workers"])
    sheet = load_workbook(factory["out"] / "factory_summary.xlsx")["参保名单核对"]
    problems = [r[4] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert problems.count("单位参保人员名单中没有此人") == 1
    assert problems.count("在职但名单未覆盖 3 个月") == len(planted["months_missing"])
    with pdfplumber.open(factory["out"] / "factory_summary.pdf") as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace(" ", "")
    assert "单位参保人员名单核对" in text and "2024年7月至2024年9月（共3个月）" in text


def test_without_the_option_each_worker_has_an_evidence_index_and_no_bundle(factory):
    """Bundles are opt-in: by default each worker gets the evidence index (PDF, DOCX) in the
    run manifest, no bundle; the manifest records the choice; the summary says in words where
    bundles come from, without naming an option."""
    from shebao.files import sha256_file

    out = factory["out"]
    manifest = json.loads((out / "batch-manifest.json").read_text("utf-8"))
    assert manifest["options"]["evidence"] is False
    listed = {o["file"]: o["sha256"] for o in manifest["outputs"]}
    assert factory["summary"]["evidence_bundles"] is False
    for r in factory["summary"]["workers"]:
        ev = r["evidence"]
        assert ev["bundle"] is None and ev["bundle_manifest"] is None
        for key in ("evidence_index", "evidence_index_docx"):
            assert listed[ev[key]] == sha256_file(out / ev[key]), ev[key]
    assert not list((out / "workers").glob("*-证据材料*"))
    with pdfplumber.open(out / "factory_summary.pdf") as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace("\n", "")
    assert "这次没有装订每人的证据材料" in text and "--" not in text


def test_department_from_the_roster_in_reports_and_the_joint_annex(factory):
    from docx import Document

    out = factory["out"]
    for r in factory["summary"]["workers"]:
        assert r["department"] == "生产车间"
        html = (out / r["report"]).read_text("utf-8")
        assert "，生产车间" in html, r["name"]
    doc = Document(out / "联名投诉书.docx")
    annex = next(t for t in doc.tables
                 if [c.text for c in t.rows[0].cells][3:4] == ["任职期间（部门）"])
    cells = [r.cells[3].text for r in annex.rows[1:] if r.cells[0].text.isdigit()]
    assert cells and all(c.endswith("（生产车间）") for c in cells)


def test_workers_the_insured_list_lacks_are_in_the_joint_complaint_with_the_evidence(factory):
    """The roster person with no documents whom the unit's list lacks is named in part two
    with the months of their employment up to the list's date, the roster row and the list;
    a gap worker keeps their priced row and has the list's evidence beside it. The priced
    totals stay the sums of the workers' own figures (part two is assessed by the collector)."""
    from docx import Document

    doc = Document(factory["out"] / "联名投诉书.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    part_two = next(t for t in doc.tables if t.rows[0].cells[-1].text == "所依据的材料")
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in part_two.rows[1:]
            if r.cells[0].text.isdigit()}
    only = factory["expected"]["roster_only"][0]
    assert set(rows) == {only["name"]}
    row = rows[only["name"]]
    assert row[2] == only["id_number"]
    assert row[4] == "2024年3月至2024年11月（共9个月）"  # hired 2024-03, left 2024-11
    assert "花名册（roster.xlsx）第" in row[5] and "insured_list.pdf" in row[5]
    assert "中没有此人" in row[5]
    assert "为附件一（二）所列1名投诉人依法办理社会保险参保登记" in text
    planted = factory["expected"]["insured_list"]["months_missing"]
    for name in planted:
        item = next(p.text for p in doc.paragraphs if re.match(rf"\d+\. {name}：", p.text))
        assert "未覆盖其在职的2024年7月至2024年9月（共3个月）" in item, name
