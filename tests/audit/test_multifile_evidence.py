"""Evidence of a document read from several files points at the file holding each page.

The user path: a statement photographed (here: split) page by page is read with ``shebao
extract p1 p2 p3 --as-one-document --json -o doc.json`` and audited with ``shebao audit
doc.json``. Input: the committed demo statement ``A_L1_monthly_statement.pdf`` (three pages,
worker A: a gap, back-paid months, arrears), split into one real PDF per page. Expected: the
audit of the whole PDF, with each evidence item moved to the file of its page (that file's
name and sha256) and page 1 of it -- everything else equal. The reports built from it (the
findings and the evidence index of a case folder holding the three files) cite the exhibit of
that file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from shebao.reports.case import Case
from shebao.reports.context import build_context
from shebao.reports.crosscheck import crosscheck
from shebao.reports.originals import find_originals

from shebao.cli import main
from shebao.records import AuditResult

DEMO_STATEMENT = (Path(__file__).resolve().parents[2] / "samples" / "demo"
                  / "A_L1_monthly_statement.pdf")
AS_OF = "2025-10-15"


def _cli_json(args: list[str]) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) == 0, args
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def audited(tmp_path_factory) -> dict:
    case_dir = tmp_path_factory.mktemp("case")
    source = pdfium.PdfDocument(str(DEMO_STATEMENT))
    parts = []
    for index in range(len(source)):
        page = pdfium.PdfDocument.new()
        page.import_pages(source, [index])
        parts.append(case_dir / f"明细第{index + 1}页.pdf")
        page.save(str(parts[-1]))
    extract = tmp_path_factory.mktemp("work") / "明细.json"
    assert main(["extract", *map(str, parts), "--as-one-document", "--json",
                 "-o", str(extract)]) == 0
    return {
        "parts": parts,
        "case_dir": case_dir,
        "split": AuditResult.model_validate(
            _cli_json(["audit", str(extract), "--json", "--as-of", AS_OF])),
        "whole": AuditResult.model_validate(
            _cli_json(["audit", str(DEMO_STATEMENT), "--json", "--as-of", AS_OF])),
    }


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_whole_pdf_cites_pages_two_and_three_of_itself(audited):
    """The expected side is meaningful: facts on every page of the statement are cited."""
    cited = {(e.file, e.page) for f in audited["whole"].findings for e in f.evidence}
    assert cited == {(DEMO_STATEMENT.name, n) for n in (1, 2, 3)}


def test_evidence_names_the_file_of_its_page_with_the_page_within_that_file(audited):
    parts = audited["parts"]
    expected = [
        [e.model_copy(update={"file": parts[e.page - 1].name, "sha256": _sha(parts[e.page - 1]),
                              "page": 1}).model_dump() for e in f.evidence]
        for f in audited["whole"].findings
    ]
    found = [[e.model_dump() for e in f.evidence] for f in audited["split"].findings]
    assert found == expected


def test_findings_are_otherwise_those_of_the_whole_pdf(audited):
    def without_evidence(result: AuditResult) -> list[dict]:
        return [f.model_dump(exclude={"evidence"}) for f in result.findings]

    assert without_evidence(audited["split"]) == without_evidence(audited["whole"])


def test_audited_document_lists_its_files(audited):
    (document,) = audited["split"].documents
    assert document.file == audited["parts"][0].name
    assert [(f.file, f.sha256, f.pages) for f in document.files] == [
        (p.name, _sha(p), (n, n)) for n, p in enumerate(audited["parts"], start=1)]


def test_reports_cite_the_exhibit_of_the_file_holding_the_page(audited):
    originals = find_originals(audited["case_dir"], Case()).files
    exhibit = {o.name: number for number, o in enumerate(originals, start=1)}
    assert set(exhibit) == {p.name for p in audited["parts"]}
    ctx = build_context(Case(), audited["split"], originals)
    refs = [r for view in ctx.findings for r in view.evidence]
    assert {r.file for r in refs} == set(exhibit)
    for ref in refs:
        assert ref.exhibit == exhibit[ref.file]
        assert ref.page == 1 and ref.where.startswith("第1页")
    for view in ctx.findings:
        for ref in view.evidence:
            assert f"证据{ref.exhibit}第1页" in view.evidence_text
    assert crosscheck(audited["split"], originals) == []


def test_photos_of_the_pages_are_cited_by_photo(audited, tmp_path):
    """``shebao samples photo`` scans each page and writes the truth of the images as one
    document (what a perfect reader of ``--as-one-document`` returns); its audit cites each
    photo, page 1 of it, exactly where the whole PDF's audit cites that page."""
    assert main(["samples", "photo", str(DEMO_STATEMENT), "-o", str(tmp_path),
                 "--style", "scan"]) == 0
    images = [tmp_path / f"{DEMO_STATEMENT.stem}-p{n}.png" for n in (1, 2, 3)]
    truth = tmp_path / f"{DEMO_STATEMENT.stem}-photos.truth.json"
    photos = AuditResult.model_validate(
        _cli_json(["audit", str(truth), "--json", "--as-of", AS_OF]))
    expected = [[(images[e.page - 1].name, _sha(images[e.page - 1]), 1, e.row, e.fact)
                 for e in f.evidence] for f in audited["whole"].findings]
    assert [[(e.file, e.sha256, e.page, e.row, e.fact) for e in f.evidence]
            for f in photos.findings] == expected
