"""A factory batch where one worker brought a two-page statement as two phone photos
(``<name>-p1.jpg``, ``<name>-p2.jpg``): the photos are read as one document, and the worker's
row is the one the PDF gives (real OCR of two photos; slow)."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2
import pytest
from shebao.audit.engine import page_groups
from shebao.samples.factory import build_factory
from shebao.samples.photo import photograph_all

from shebao.cli import main


def test_files_named_as_pages_of_one_document_are_grouped_in_page_order():
    folder, other = Path("docs"), Path("docs/other")
    files = [folder / n for n in ("张三-p2.jpg", "张三-p1.jpg", "张三-p10.jpg", "李四_page1.png",
                                  "李四_page2.png", "王五第1页.jpg", "IMG_1234.jpg",
                                  "IMG_1235.jpg", "赵六-p1.jpg", "statement.pdf")]
    files += [other / "张三-p3.jpg", other / "王五第2页.jpg"]
    # a name that merely ends in p and a number is no page mark
    assert page_groups([folder / "laptop1.jpg", folder / "laptop2.jpg"]) == []
    assert page_groups(files) == [
        [folder / "张三-p1.jpg", folder / "张三-p2.jpg", folder / "张三-p10.jpg"],
        [folder / "李四_page1.png", folder / "李四_page2.png"],
    ]


def _run(documents: Path, out: Path, roster: Path, as_of: str) -> dict:
    assert main(["batch", str(documents), "-o", str(out), "--roster", str(roster),
                 "--as-of", as_of]) == 0
    return {r["name"]: r for r in json.loads(
        (out / "factory_summary.json").read_text(encoding="utf-8"))["workers"]}


@pytest.mark.slow
def test_a_statement_photographed_page_by_page_is_one_document(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEBAO_CACHE", str(tmp_path / "cache"))  # never the user's cache
    f = build_factory(tmp_path / "gen", workers=2, seed=3)
    as_of = f.as_of.isoformat()
    from_pdf = _run(f.documents, tmp_path / "out-pdf", f.roster, as_of)
    statement = next(p for p in sorted(f.documents.glob("*_statement.pdf"))
                     if len(pypdfium2.PdfDocument(p)) == 2)
    photos = photograph_all(statement, f.documents, "phone", seed=1)
    assert [p.name for p in photos] == [f"{statement.stem}-p1.jpg", f"{statement.stem}-p2.jpg"]
    statement.unlink()
    from_photos = _run(f.documents, tmp_path / "out-photos", f.roster, as_of)
    name = next(n for n, r in from_pdf.items() if statement.name in r["documents"])
    assert from_photos[name]["documents"][:2] == [p.name for p in photos]
    for key in ("months_covered", "minimum_base_months", "missing_months", "withheld_months",
                "provisional_account_risk"):
        assert from_photos[name][key] == from_pdf[name][key], key
