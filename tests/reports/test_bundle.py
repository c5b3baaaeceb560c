"""The evidence bundle: page numbers that match, stamps, manifest, ZIP, untouched originals,
and ``verify`` catching a tampered or missing original."""

from __future__ import annotations

import json
import re
import shutil
import zipfile

import pdfplumber
import pytest
from pypdf import PdfReader
from shebao.reports.manifest import ATTACHMENT

from shebao.cli import main

from .conftest import hashes


@pytest.fixture(scope="module")
def pages(built_bundle) -> list[str]:
    assert built_bundle["code"] == 0
    with pdfplumber.open(built_bundle["pdf"]) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture(scope="module")
def manifest(built_bundle) -> dict:
    return json.loads((built_bundle["dir"] / "bundle.manifest.json").read_text("utf-8"))


def test_every_page_carries_its_running_number(pages):
    total = len(pages)
    for number, text in enumerate(pages, 1):
        assert f"第 {number} 页 / 共 {total} 页" in text


def test_evidence_index_page_numbers_are_where_the_stamped_originals_are(pages, manifest):
    index = next(i for i, t in enumerate(pages) if t.lstrip().startswith("证据目录"))
    rows = re.findall(r"^(\d) .*?(\d+(?:-\d+)?)$", pages[index], re.M)
    printed = {int(n): r for n, r in rows}
    for entry in manifest["originals"]:
        first, last = entry["first_page"], entry["last_page"]
        assert printed[entry["exhibit"]] == (str(first) if first == last else f"{first}-{last}")
        for m, page in enumerate(range(first, last + 1), 1):
            stamp = f"证据{entry['exhibit']} 第{m}页（共{entry['pages']}页）"  # 　 reads as space
            assert stamp in pages[page - 1].split("\n")[0]
        assert f"证据{entry['exhibit']}" not in pages[first - 2].split("\n")[0]


def test_bundle_order_and_contents(pages, manifest):
    titles = [s["title"] for s in manifest["sections"]]
    assert titles[:6] == ["封面及目录", "证据目录", "社会保险费补缴投诉（举报）书",
                          "劳动人事争议仲裁申请书", "社会保险费欠缴明细表", "社保缴费审计发现"]
    assert titles[-1] == "原件校验清单"
    assert manifest["total_pages"] == len(pages)
    statement = manifest["originals"][0]
    # the PDF original keeps its own text, page by page
    assert "广东省社会保险个人参保缴费明细" in pages[statement["first_page"] - 1]
    assert "2022-02" in pages[statement["first_page"] - 1]
    assert "2023-06" in pages[statement["last_page"] - 1]
    sheet = manifest["originals"][2]
    assert "工作表“工资表”" in pages[sheet["first_page"] - 1]
    assert "2022-07 王春燕 2300 4550 6850" in pages[sheet["first_page"] - 1]
    cover = pages[0]
    for s in manifest["sections"]:
        assert s["title"] in cover


def test_manifest_page_prints_full_hashes(pages, manifest):
    last = pages[-1].replace("\n", "")
    for entry in manifest["originals"]:
        assert len(entry["sha256"]) == 64
        assert entry["sha256"] in last


def test_manifest_is_embedded_and_beside_the_pdf(built_bundle, manifest):
    embedded = json.loads(PdfReader(built_bundle["pdf"]).attachments[ATTACHMENT][0])
    side = dict(manifest)
    assert side.pop("bundle_sha256")
    assert embedded == side
    assert embedded["schema"] == "shebao.bundle/1"
    assert PdfReader(built_bundle["pdf"]).metadata.title == "证据材料 王春燕"


def test_originals_are_never_modified(built_bundle):
    assert built_bundle["before"] == built_bundle["after"]


def test_zip_holds_pdf_docx_drafts_untouched_originals_and_manifest(built_bundle, dongguan):
    with zipfile.ZipFile(built_bundle["dir"] / "bundle.zip") as archive:
        names = set(archive.namelist())
        assert {"bundle.pdf", "manifest.json", "原件/statement.pdf", "原件/wages.xlsx",
                "原件/payslip-2020-03.jpg", "草稿/投诉举报书.docx", "草稿/仲裁申请书.docx",
                "草稿/证据目录.docx"} <= names
        original = (dongguan.case_dir / "payslip-2020-03.jpg").read_bytes()
        assert archive.read("原件/payslip-2020-03.jpg") == original


def test_verify_accepts_the_untouched_originals(built_bundle, dongguan, capsys):
    assert main(["verify", str(built_bundle["pdf"]), str(dongguan.case_dir)]) == 0
    assert "全部3个原件与清单一致" in capsys.readouterr().out


def test_verify_names_a_tampered_original(built_bundle, dongguan, tmp_path, capsys):
    copy = tmp_path / "originals"
    shutil.copytree(dongguan.case_dir, copy)
    data = bytearray((copy / "wages.xlsx").read_bytes())
    data[-10] ^= 0x01  # one bit
    (copy / "wages.xlsx").write_bytes(bytes(data))
    assert main(["verify", str(built_bundle["pdf"]), str(copy)]) == 1
    out = capsys.readouterr().out
    assert "不一致 MISMATCH" in out and "wages.xlsx" in out and "证据3" in out
    assert out.count("一致 OK") == 2


def test_verify_names_missing_originals_and_works_from_the_pdf_alone(
        built_bundle, dongguan, tmp_path, capsys):
    lone = tmp_path / "bundle.pdf"
    shutil.copy(built_bundle["pdf"], lone)  # no side-car: the embedded manifest is used
    code = main(["verify", str(lone), str(dongguan.case_dir / "statement.pdf"),
                 str(tmp_path / "gone.jpg")])
    out = capsys.readouterr().out
    assert code == 1
    assert "gone.jpg" in out and "缺少 MISSING" in out
    assert "payslip-2020-03.jpg" in out and "wages.xlsx" in out  # not given
    assert main(["verify", str(lone), str(dongguan.case_dir / "statement.pdf"),
                 "--partial"]) == 0


def test_verify_notices_a_changed_bundle(built_bundle, dongguan, tmp_path, capsys):
    folder = tmp_path / "b"
    folder.mkdir()
    shutil.copy(built_bundle["pdf"], folder / "bundle.pdf")
    shutil.copy(built_bundle["dir"] / "bundle.manifest.json", folder / "bundle.manifest.json")
    with open(folder / "bundle.pdf", "ab") as handle:
        handle.write(b"%tampered\n")
    assert main(["verify", str(folder / "bundle.pdf"), str(dongguan.case_dir)]) == 1
    assert "已改动 CHANGED" in capsys.readouterr().out


def test_bundle_of_a_case_without_case_yaml(bare, tmp_path, capsys):
    before = hashes(bare.case_dir)
    out = tmp_path / "bare.pdf"
    assert main(["bundle", str(bare.case_dir), "-o", str(out), "--audit",
                 str(bare.audit_file)]) == 0
    said = capsys.readouterr().out
    assert "文书中待补充" in said and "用人单位地址" in said
    with pdfplumber.open(out) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "【待补充：用人单位地址】" in text
    assert "照片识别" in text  # the pay-slip photo was read by OCR: the cover says so
    assert hashes(bare.case_dir) == before


def test_verify_reads_the_originals_inside_the_bundle_zip(built_bundle, capsys):
    folder = built_bundle["dir"]
    # a glob over the output folder also passes the PDF and the side-car: they are skipped
    args = ["verify", str(folder / "bundle.pdf"), *map(str, sorted(folder.iterdir()))]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "bundle.zip:原件/statement.pdf" in out and "全部3个原件与清单一致" in out
