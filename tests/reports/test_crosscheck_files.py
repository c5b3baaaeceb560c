"""``crosscheck`` checks every file of a document read from several files (``document.files``,
``shebao extract p1.jpg p2.jpg p3.jpg --as-one-document``), not only the first: a photo that
changed since the audit, or that is missing from the case folder while the others are there,
is named, with its place in the document.

Input: three real JPEG photos in a case folder (found by :func:`find_originals`) and the
audit result of the document read from them (records built with their real hashes).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image
from shebao.reports.case import Case
from shebao.reports.crosscheck import crosscheck
from shebao.reports.originals import find_originals

from shebao.records import AuditResult, Document, DocumentFile, Evidence, Finding

NAMES = ["明细-1.jpg", "明细-2.jpg", "明细-3.jpg"]


def _photo(path: Path, shade: int) -> str:
    Image.new("RGB", (60, 80), (shade, shade, shade)).save(path, quality=90)
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def case(tmp_path) -> tuple[Path, AuditResult]:
    hashes = [_photo(tmp_path / name, 80 * n) for n, name in enumerate(NAMES)]
    document = Document(
        file=NAMES[0], sha256=hashes[0], kind="statement", method="ocr", pages=3,
        files=[DocumentFile(file=name, sha256=sha, pages=(n, n))
               for n, (name, sha) in enumerate(zip(NAMES, hashes, strict=True), start=1)])
    finding = Finding(rule="missing_months", severity="high", months=["2020-03"],
                      message="2020年3月断缴", evidence=[
                          Evidence(file=NAMES[0], sha256=hashes[0], page=1, row=3, fact="…")])
    return tmp_path, AuditResult(documents=[document], findings=[finding])


def test_all_files_present_and_unchanged_gives_no_warning(case):
    folder, audit = case
    assert crosscheck(audit, find_originals(folder, Case()).files) == []


def test_a_changed_photo_other_than_the_first_is_named(case):
    folder, audit = case
    _photo(folder / NAMES[2], 250)  # re-taken after the audit
    warnings = crosscheck(audit, find_originals(folder, Case()).files)
    assert len(warnings) == 1
    assert NAMES[2] in warnings[0] and "内容不同" in warnings[0]
    assert "第3个" in warnings[0] and "共3个文件" in warnings[0]


def test_a_missing_photo_of_the_document_is_named_once(case):
    folder, audit = case
    (folder / NAMES[1]).unlink()
    warnings = crosscheck(audit, find_originals(folder, Case()).files)
    assert len(warnings) == 1
    assert NAMES[1] in warnings[0] and "不在案件文件夹中" in warnings[0]
    assert "第2个" in warnings[0]


def test_a_missing_photo_that_evidence_cites_is_still_named_once(case):
    folder, audit = case
    (folder / NAMES[0]).unlink()
    warnings = crosscheck(audit, find_originals(folder, Case()).files)
    assert [w for w in warnings if NAMES[0] in w] == warnings and len(warnings) == 1


def test_a_renamed_photo_is_found_by_its_hash(case):
    folder, audit = case
    (folder / NAMES[1]).rename(folder / "renamed.jpg")
    assert crosscheck(audit, find_originals(folder, Case()).files) == []
