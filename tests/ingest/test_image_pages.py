"""A page that is one picture under a thin text layer of margin furniture (a certificate
printed to PDF from a browser) is a page to OCR, not a text page without a table."""

from __future__ import annotations

from collections import Counter

import pytest
from shebao.ingest.pipeline import extract_file, read_pages

from shebao.errors import InputError
from shebao.files import sha256_file
from shebao.records import Document, Extract

from .lookalikes import browser_print, render_png, zhejiang
from .scoring import score


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    d = tmp_path_factory.mktemp("browser")
    sample = zhejiang(d / "zj.pdf")
    pdf = browser_print(d / "printed.pdf", render_png(sample.path, d / "zj.png"))
    return pdf, sample


def test_the_page_is_marked_for_ocr_and_its_margin_words_are_kept(printed):
    pdf, _ = printed
    (page,) = read_pages(pdf, ocr=False)
    assert [code for code, _ in page.notes] == ["image_page"]
    assert {w.text for w in page.words} >= {"1/1"}


def test_without_ocr_it_is_refused_naming_the_page_that_needs_it(printed):
    pdf, _ = printed
    with pytest.raises(InputError) as err:
        extract_file(pdf, ocr=False)
    assert err.value.code == "needs_ocr"
    assert "第 1 页" in err.value.zh


def test_a_text_page_with_a_logo_image_is_not_sent_to_ocr(tmp_path):
    _ = zhejiang(tmp_path / "zj.pdf")
    (page,) = read_pages(tmp_path / "zj.pdf", ocr=False)
    assert page.notes == []


def test_with_ocr_its_not_insured_and_pending_months_come_out_exactly(printed, monkeypatch,
                                                                       tmp_path):
    monkeypatch.setenv("SHEBAO_CACHE", str(tmp_path / "cache"))
    pdf, sample = printed
    ex = extract_file(pdf, ocr=True)
    assert ex.document.method == "ocr"
    truth = Extract(
        document=Document(file=pdf.name, sha256=sha256_file(pdf), kind="statement",
                          layout="generic", method="ocr", pages=1),
        person=sample.person, contributions=sample.contributions)
    s = score(ex, truth)
    assert s.errors == []
    assert s.f1 == 1.0
    # the "/" cells come back from the OCR as strokes read "1": still not insured, not a base
    assert Counter(c.status for c in ex.contributions) == {"paid": 51, "not_insured": 18,
                                                          "pending": 3}
