"""A long scan is OCR'd a page at a time (issue 10; NOTES "Next" 2): the OCR backend
rasterises each page when it reads it and lets its image go before the next (all the pages'
images at once were ~12 MB a page at 200 dpi: a 24-page scan's reader peaked at 1.3 GB in a
batch, whose limit is 1.5 GB), and the table reader lets each page's corrected image (its
second looks) go once the page's tables are read. Structural checks (what is alive), no
memory figure and no OCR model: the recogniser is replaced by a stub."""

from __future__ import annotations

import gc
import weakref

import pytest

from shebao.errors import InputError


def _scan_pdf(path, pages: int):
    from PIL import Image

    images = [Image.new("L", (170, 240), 150 + i) for i in range(pages)]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=20.0)
    return path


def test_pages_are_rasterised_and_let_go_one_at_a_time(tmp_path, monkeypatch):
    from shebao.ingest.ocr import backend as backend_module
    from shebao.ingest.ocr.pipeline import OcrPage

    scan = _scan_pdf(tmp_path / "scan.pdf", 12)
    handed: list[weakref.ref] = []
    iter_pages = backend_module.iter_pages

    def watched(*args, **kwargs):
        for source in iter_pages(*args, **kwargs):
            handed.append(weakref.ref(source.image))
            yield source

    alive_when_read: list[int] = []

    def read_page(image, engine, number=1):
        gc.collect()
        alive_when_read.append(sum(ref() is not None for ref in handed))
        return OcrPage(number, image.shape[1], image.shape[0])

    monkeypatch.setattr(backend_module, "iter_pages", watched)
    monkeypatch.setattr(backend_module, "read_page", read_page)
    class Engine:
        name = "stub"

    pages = backend_module.OcrBackend(engine=Engine(), cache=False).read(scan)  # type: ignore
    assert [p.number for p in pages] == list(range(1, 13))
    assert len(handed) == 12
    assert alive_when_read == [1] * 12  # the page being read, no other


def test_iter_pages_refuses_as_load_pages_did_before_any_page_is_made(tmp_path):
    from shebao.ingest.ocr.intake import iter_pages, load_pages

    scan = _scan_pdf(tmp_path / "scan.pdf", 3)
    with pytest.raises(InputError) as exc:
        iter_pages(scan, pages=[1, 9])  # (raised by the call, not later by a page)
    assert exc.value.code == "pdf_no_such_page"
    assert [p.number for p in load_pages(scan, dpi=30, pages=[3, 1])] == [3, 1]
    assert [p.image.size for p in iter_pages(scan, dpi=30)] == [p.image.size for p in
                                                                load_pages(scan, dpi=30)]


def test_the_table_reader_lets_each_pages_second_look_image_go(monkeypatch):
    """``_tables_for`` tells each OCR'd page's second look (``PageText.reread``) to forget
    its page image once the page's tables are read."""
    from shebao.ingest import pipeline
    from shebao.ingest.profiles import profile
    from shebao.ingest.statement import Context
    from shebao.ingest.words import PageText, Word

    class Look:
        def __init__(self) -> None:
            self.forgotten = False

        def __call__(self, boxes, clean=False):
            return [("", 0.0)] * len(boxes)

        def forget(self) -> None:
            self.forgotten = True

    looks = [Look() for _ in range(3)]
    pages = [PageText(number=i + 1, width=1000, height=1400, method="ocr", reread=look,
                      words=[Word("养老保险", 100, 100, 200, 120)])
             for i, look in enumerate(looks)]
    pipeline._tables_for(pages, profile("generic"), Context())
    assert [look.forgotten for look in looks] == [True, True, True]
