"""Exhibits of a document read from several files (a statement photographed page by page,
``shebao extract p1.jpg p2.jpg p3.jpg --as-one-document``): each photo is its own exhibit,
named as the page of the statement it shows (kind, source and purpose of the statement, not
"照片 / 提交人提供"), and the evidence index of the bundle gives each the bundle pages its
stamp says.

Input: three real JPEG photos in a case folder and the audit of the document read from them
(records built with the photos' real hashes); the bundle is built through the CLI.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from shebao.reports.case import Case
from shebao.reports.context import build_context
from shebao.reports.originals import find_originals

from shebao.cli import main
from shebao.records import AuditResult, Document, DocumentFile, Evidence, Finding, Person

NAMES = ["明细-1.jpg", "明细-2.jpg", "明细-3.jpg"]


def _photo(path: Path, shade: int) -> str:
    Image.new("RGB", (600, 800), (shade, shade, shade)).save(path, quality=90)
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> tuple[Path, AuditResult]:
    folder = tmp_path_factory.mktemp("case")
    hashes = [_photo(folder / name, 90 + 60 * n) for n, name in enumerate(NAMES)]
    document = Document(
        file=NAMES[0], sha256=hashes[0], kind="statement", method="ocr", pages=3,
        files=[DocumentFile(file=name, sha256=sha, pages=(n, n))
               for n, (name, sha) in enumerate(zip(NAMES, hashes, strict=True), start=1)])
    finding = Finding(rule="missing_months", severity="high", months=["2020-03"],
                      employer="东莞市某某电子有限公司", message="2020年3月断缴",
                      evidence=[Evidence(file=NAMES[0], sha256=hashes[0], page=1, row=3,
                                         fact="2020-03 未缴费")])
    audit = AuditResult(as_of="2025-10-15", person=Person(name="王某"), documents=[document],
                        findings=[finding])
    return folder, audit


def test_each_photo_is_an_exhibit_named_as_a_page_of_the_statement(case):
    folder, audit = case
    ctx = build_context(Case(), audit, find_originals(folder, Case()).files)
    assert [item.file for item in ctx.evidence] == NAMES
    for n, item in enumerate(ctx.evidence, start=1):
        assert item.title == f"社会保险个人参保缴费明细第{n}页（共3页；{NAMES[n - 1]}）"
        assert item.source.startswith("社会保险经办机构")
        assert "待补充" not in item.purpose
    assert "未缴纳" in ctx.evidence[0].purpose  # the cited photo: what it proves
    assert ctx.evidence[1].purpose == "证明劳动者的参保缴费情况"  # also beside a complaint


def test_the_bundle_index_gives_each_photo_the_pages_its_stamp_says(case, tmp_path):
    folder, audit = case
    audit_file = tmp_path / "audit.json"
    audit_file.write_text(json.dumps(audit.to_json_dict(), ensure_ascii=False), "utf-8")
    pdf = tmp_path / "bundle.pdf"
    assert main(["bundle", str(folder), "-o", str(pdf), "--audit", str(audit_file)]) == 0
    manifest = json.loads((tmp_path / "bundle.manifest.json").read_text("utf-8"))
    pages = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(str(pdf))]
    index = re.sub(r"\s+", "", next(t for t in pages if "证据目录" in t and "证明目的" in t))
    entries = manifest["originals"]
    titles = [f"社会保险个人参保缴费明细第{e['exhibit']}页（共3页；{e['file']}）" for e in entries]
    ends = [index.index(t) + len(t) for t in titles]
    starts = [index.index(t) - len(str(e["exhibit"])) for t, e in zip(titles, entries,
                                                                      strict=True)]
    rows = [index[end:nxt] for end, nxt in zip(ends, [*starts[1:], index.index("每份原件")],
                                               strict=True)]
    for entry, row in zip(entries, rows, strict=True):
        first = entry["first_page"]
        assert re.search(rf"\D{first}$", row), (entry, row)  # the index's page column
        stamp = re.sub(r"\s+", "", pages[first - 1])
        assert f"证据{entry['exhibit']}第1页" in stamp  # the stamp on that bundle page
