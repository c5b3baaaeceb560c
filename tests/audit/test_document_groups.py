"""Several files read as one document outside ``shebao extract``: in a case folder
(``case.yaml`` ``documents: - files: [...]``) and with ``shebao audit --as-one-document``
(the files given, or a folder of them in natural name order).

Input: the committed demo statement ``A_L1_monthly_statement.pdf`` (worker A, three pages),
split into one real PDF per page -- as a statement photographed page by page is, but read
from its text layer so the test needs no OCR. Expected: the audit of the pages read as one
document has the findings of the whole PDF (its evidence naming each page's file); a file
the grouping names that is not there is one line naming it.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from shebao.audit.engine import audit_case

from shebao.cli import main
from shebao.records import AuditResult

DEMO_STATEMENT = (Path(__file__).resolve().parents[2] / "samples" / "demo"
                  / "A_L1_monthly_statement.pdf")
AS_OF = "2025-10-15"
# named so that plain sorting puts the last page first: p10 < p8 < p9
PAGE_NAMES = ["明细p8.pdf", "明细p9.pdf", "明细p10.pdf"]


def _cli_json(args: list[str]) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) == 0, args
    return json.loads(out.getvalue())


def _split(folder: Path) -> list[Path]:
    source = pdfium.PdfDocument(str(DEMO_STATEMENT))
    parts = []
    for index, name in enumerate(PAGE_NAMES):
        page = pdfium.PdfDocument.new()
        page.import_pages(source, [index])
        parts.append(folder / name)
        page.save(str(parts[-1]))
    return parts


def _without_evidence(result: AuditResult) -> list[dict]:
    return [f.model_dump(exclude={"evidence"}) for f in result.findings]


@pytest.fixture(scope="module")
def whole() -> AuditResult:
    return AuditResult.model_validate(
        _cli_json(["audit", str(DEMO_STATEMENT), "--json", "--as-of", AS_OF]))


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[Path]:
    return _split(tmp_path_factory.mktemp("pages"))


def _files_of(result: AuditResult) -> list[str]:
    (document,) = result.documents
    return [f.file for f in document.files]


def test_audit_as_one_document_reads_the_files_in_the_order_given(pages, whole):
    result = AuditResult.model_validate(_cli_json(
        ["audit", *map(str, pages), "--as-one-document", "--json", "--as-of", AS_OF]))
    assert _files_of(result) == PAGE_NAMES
    assert _without_evidence(result) == _without_evidence(whole)


def test_audit_as_one_document_of_a_folder_takes_its_files_in_natural_name_order(pages, whole):
    result = AuditResult.model_validate(_cli_json(
        ["audit", str(pages[0].parent), "--as-one-document", "--json", "--as-of", AS_OF]))
    assert _files_of(result) == PAGE_NAMES
    assert _without_evidence(result) == _without_evidence(whole)


def test_audit_as_one_document_refuses_json(pages, tmp_path, capsys):
    other = tmp_path / "x.json"
    other.write_text("{}", "utf-8")
    assert main(["audit", str(pages[0]), str(other), "--as-one-document"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "x.json" in err[0]


def _case(folder: Path, documents: list[dict]) -> Path:
    folder.mkdir()
    _split(folder)
    (folder / "case.yaml").write_text(
        yaml.safe_dump({"documents": documents}, allow_unicode=True), "utf-8")
    return folder


def test_a_case_folder_reads_the_files_its_case_yaml_groups_as_one_document(tmp_path):
    whole_case = tmp_path / "whole"
    whole_case.mkdir()
    (whole_case / DEMO_STATEMENT.name).write_bytes(DEMO_STATEMENT.read_bytes())
    case_dir = _case(tmp_path / "case", [{"files": PAGE_NAMES}])
    result = audit_case(case_dir)
    assert _files_of(result) == PAGE_NAMES
    assert _without_evidence(result) == _without_evidence(audit_case(whole_case))
    cited = {e.file for f in result.findings for e in f.evidence}
    assert cited == set(PAGE_NAMES)


def test_case_exhibits_follow_the_page_order_of_the_group(tmp_path, capsys):
    case_dir = _case(tmp_path / "case", [{"files": PAGE_NAMES}])
    assert main(["case", "check", str(case_dir)]) == 0
    out = capsys.readouterr().out
    listed = [line.split()[1] for line in out.splitlines() if re.match(r"  证据\d", line)]
    assert listed == PAGE_NAMES
    assert "同一份材料" in out


def test_case_check_names_a_grouped_file_that_is_not_there(tmp_path, capsys):
    case_dir = _case(tmp_path / "case", [{"files": [*PAGE_NAMES, "明细p11.pdf"]}])
    assert main(["case", "check", str(case_dir)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "明细p11.pdf" in err[0] and "documents" in err[0]


def test_case_check_names_a_file_grouped_twice(tmp_path, capsys):
    case_dir = _case(tmp_path / "case", [{"files": PAGE_NAMES[:2]}, {"files": PAGE_NAMES[1:]}])
    assert main(["case", "check", str(case_dir)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and PAGE_NAMES[1] in err[0]

