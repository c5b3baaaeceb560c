"""``document.files``: a document read from several files, declared on :class:`Document`.

The contract (``docs/contracts.md``, "Several files as one document"): every file in order as
``{"file", "sha256", "pages": [first, last]}``; left out of the JSON for a single file, so
that JSON is byte-for-byte what it was before the field was declared; JSON written before
(``files`` an undeclared extra, or absent) still reads; a page of the document maps to the
file holding it and the page within that file.
"""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from shebao.records import AuditResult, Document, DocumentFile, Extract

SHA = {name: name[0] * 64 for name in ("a.pdf", "b.jpg", "c.jpg", "d.pdf")}
THREE_FILES = [
    {"file": "b.jpg", "sha256": SHA["b.jpg"], "pages": [1, 1]},
    {"file": "c.jpg", "sha256": SHA["c.jpg"], "pages": [2, 2]},
    {"file": "d.pdf", "sha256": SHA["d.pdf"], "pages": [3, 5]},
]


def _document(**kw) -> Document:
    return Document(file="b.jpg", sha256=SHA["b.jpg"], kind="statement", **kw)


def test_single_file_json_has_no_files_key_and_keeps_its_field_order():
    document = Document(file="a.pdf", sha256=SHA["a.pdf"], kind="statement", pages=2)
    assert list(Extract(document=document).to_json_dict()["document"]) == [
        "file", "sha256", "kind", "layout", "method", "pages"]
    assert "files" not in AuditResult(documents=[document]).to_json_dict()["documents"][0]


def test_several_files_are_written_after_pages_as_the_contract_shows():
    data = Extract(document=_document(pages=5, files=THREE_FILES)).to_json_dict()["document"]
    assert list(data) == ["file", "sha256", "kind", "layout", "method", "pages", "files"]
    assert data["files"] == THREE_FILES


def test_json_written_with_files_as_an_undeclared_field_reads_back_identically():
    # the shape `shebao extract --as-one-document` wrote before the field was declared,
    # with a key a later producer might add to an entry
    old = {"schema": "shebao.extract/1",
           "document": {"file": "b.jpg", "sha256": SHA["b.jpg"], "kind": "statement",
                        "layout": "L1", "method": "ocr", "pages": 5,
                        "files": [dict(THREE_FILES[0], note="retaken"), *THREE_FILES[1:]]},
           "person": {"name": None, "id_number": None, "social_security_number": None,
                      "insured_place": None},
           "contributions": [], "annual": [], "payslips": [], "warnings": []}
    again = Extract.from_json_dict(json.loads(json.dumps(old)))
    assert isinstance(again.document.files[0], DocumentFile)
    assert again.to_json_dict() == old


def test_json_without_files_or_with_null_files_reads_as_a_single_file():
    data = {"file": "a.pdf", "sha256": SHA["a.pdf"], "kind": "statement"}
    assert Document.model_validate(data).files == []
    assert Document.model_validate(dict(data, files=None)).files == []


def test_files_assigned_as_plain_dicts_become_entries():
    document = _document(pages=5)
    document.files = THREE_FILES  # as the ingest pipeline assigns them
    assert all(isinstance(f, DocumentFile) for f in document.files)
    assert document.files[2].pages == (3, 5)


@pytest.mark.parametrize("pages", [[0, 1], [3, 2], [1]])
def test_a_page_range_must_be_first_to_last_from_one(pages):
    with pytest.raises(ValidationError):
        DocumentFile(file="b.jpg", sha256=SHA["b.jpg"], pages=pages)


@pytest.mark.parametrize(("page", "expected"), [
    (1, ("b.jpg", SHA["b.jpg"], 1)),
    (2, ("c.jpg", SHA["c.jpg"], 1)),
    (3, ("d.pdf", SHA["d.pdf"], 1)),
    (5, ("d.pdf", SHA["d.pdf"], 3)),
])
def test_locate_names_the_file_holding_the_page_and_the_page_within_it(page, expected):
    assert _document(pages=5, files=THREE_FILES).locate(page) == expected


def test_locate_without_files_or_range_keeps_the_documents_own_page():
    single = Document(file="a.pdf", sha256=SHA["a.pdf"], kind="statement", pages=3)
    assert single.locate(3) == ("a.pdf", SHA["a.pdf"], 3)
    assert single.locate(None) == ("a.pdf", SHA["a.pdf"], None)
    unranged = _document(files=[{"file": "b.jpg", "sha256": SHA["b.jpg"]}])
    assert unranged.locate(2) == ("b.jpg", SHA["b.jpg"], 2)


def test_all_files_lists_every_file_read_or_the_documents_own():
    assert _document(pages=5, files=THREE_FILES).all_files() == [
        (f["file"], f["sha256"]) for f in THREE_FILES]
    single = Document(file="a.pdf", sha256=SHA["a.pdf"], kind="statement")
    assert single.all_files() == [("a.pdf", SHA["a.pdf"])]
