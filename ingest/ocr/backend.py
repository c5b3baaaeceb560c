"""The OCR text backend: files in, :class:`~shebao.ingest.words.PageText` (method "ocr") out.

Contract
--------
``OcrBackend(engine=None, dpi=200, cache=True).pages(path, pages=None)`` yields one
``PageText`` per page of an image file (JPEG, PNG, HEIC, WebP, TIFF …) or PDF (pass ``pages``
to OCR only some 1-based pages, e.g. those :func:`~.intake.pdf_text_pages` reports without a
usable text layer). Each ``PageText`` has:

* ``method = "ocr"``; ``width``/``height`` = the corrected page image in pixels;
* ``words`` - one :class:`Word` per recognised text box (usually one table cell), in the
  corrected (perspective-fixed, upright, straightened) page's pixel coordinates, origin top-left,
  the box tightened to the glyphs (the detector's margin removed, as text-layer words are);
  ``confidence`` = the recogniser's score; ordered top to bottom, then left to right;
* ``rules`` - the table ruling lines seen in the image (:mod:`.rules`), same coordinates;
* ``notes`` - ``(code, message)`` pairs from :mod:`.notes` (``ocr_used`` always first).

Results are cached by SHA-256 of the file + engine name and version + settings, encrypted under
``$SHEBAO_CACHE/ocr`` (default ``~/.cache/shebao/ocr``; owner-only, expiring:
:mod:`.cache`); a re-run on the same file is instant.
``cache=False`` or ``SHEBAO_OCR_CACHE=0`` turns caching off. The cache stores each page's
:class:`~.geometry.Geometry` so :meth:`OcrBackend.corrected_image` re-creates the corrected
page from the original without OCR (for ``--debug-image``).

:meth:`OcrBackend.read` gives :class:`~.pipeline.OcrPage` objects (words, rules, notes,
geometry, glyph height, sharpness) when you need more than PageText;
:meth:`OcrBackend.document_pages` reads several image files as one document
(``shebao extract p1.jpg p2.jpg --as-one-document``), numbering pages across files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from shebao.ingest.words import PageText, Rule, Word

from shebao.files import sha256_file

from . import cache as ocr_cache
from .engines import OcrEngine, engine_name, select_engine
from .geometry import Geometry
from .ink import has_ink, without_ink
from .intake import DEFAULT_DPI, iter_pages, load_pages
from .notes import note
from .pipeline import OcrPage, read_page

PIPELINE_VERSION = "10"  # bump when the pipeline changes what it returns for the same file


def cache_dir() -> Path:
    return ocr_cache.cache_dir()




def _page_to_json(page: OcrPage) -> dict:
    return {
        "number": page.number,
        "width": page.width,
        "height": page.height,
        "words": [[w.text, w.x0, w.top, w.x1, w.bottom, w.confidence] for w in page.words],
        "rules": [[r.x0, r.y0, r.x1, r.y1] for r in page.rules],
        "notes": [list(n) for n in page.notes],
        "geometry": page.geometry.to_dict(),
        "glyph_px": page.glyph_px,
        "sharpness": page.sharpness,
    }


def _page_from_json(data: dict) -> OcrPage:
    return OcrPage(
        number=data["number"],
        width=data["width"],
        height=data["height"],
        words=[Word(t, x0, top, x1, bottom, c) for t, x0, top, x1, bottom, c in data["words"]],
        notes=[(c, m) for c, m in data["notes"]],
        rules=[Rule(*r) for r in data.get("rules", [])],
        geometry=Geometry.from_dict(data["geometry"]),
        glyph_px=data.get("glyph_px"),
        sharpness=data.get("sharpness"),
    )


class OcrBackend:
    """A :class:`~shebao.ingest.words.TextBackend` reading page images with OCR."""

    name = "ocr"

    def __init__(self, engine: str | OcrEngine | None = None, dpi: int = DEFAULT_DPI,
                 cache: bool = True):
        self._engine_arg = engine
        self._engine: OcrEngine | None = engine if not isinstance(engine, str | None) else None
        self.dpi = dpi
        self.cache = cache and os.environ.get("SHEBAO_OCR_CACHE", "1") != "0"

    @property
    def engine(self) -> OcrEngine:
        if self._engine is None:
            self._engine = select_engine(self._engine_arg)  # type: ignore[arg-type]
        return self._engine

    def is_available(self) -> bool:
        if self._engine is not None:
            return self._engine.is_available()
        try:
            select_engine(self._engine_arg)  # type: ignore[arg-type]
        except Exception:
            return False
        return True

    def _engine_id(self) -> str:
        name = self._engine.name if self._engine is not None else engine_name(
            self._engine_arg if isinstance(self._engine_arg, str) else None)
        version = getattr(self.engine, "version", lambda: "")()
        return f"{name}-{version}"

    def cache_key(self, path: Path, pages: list[int] | None) -> str:
        return json.dumps({"sha256": sha256_file(path), "engine": self._engine_id(),
                           "dpi": self.dpi, "pages": pages, "pipeline": PIPELINE_VERSION},
                          sort_keys=True)

    def read(self, path: str | Path, pages: list[int] | None = None) -> list[OcrPage]:
        """OCR every page (or the 1-based ``pages``) of ``path``; cached. Raises InputError."""
        path = Path(path)
        if not path.is_file():
            load_pages(path)  # raises the file-not-found InputError
        key = self.cache_key(path, pages) if self.cache else None
        data = ocr_cache.load(key) if key is not None else None
        if data is not None:
            try:
                return self._said([_page_from_json(p) for p in data["pages"]])
            except (ValueError, KeyError, TypeError):
                pass  # a damaged cache entry is simply recomputed
        result = []
        # (a page at a time: each page's image is let go once it is read)
        for source in iter_pages(path, dpi=self.dpi, pages=pages):
            page = read_page(np.asarray(source.image), self.engine, source.number)
            page.notes = [note("ocr_used", engine=self.engine.name), *source.notes, *page.notes]
            result.append(page)
            del source
        if key is not None:
            ocr_cache.store(key, {"pages": [_page_to_json(p) for p in result]})
        return self._said(result)

    def _said(self, pages: list[OcrPage]) -> list[OcrPage]:
        """Pages with what holds for this run, not for the cached reading: the int8 detector
        wanted and not had (note ``ocr_int8_unavailable``, never a silent fallback)."""
        problem = getattr(self.engine, "int8_problem", None)
        if problem:
            for page in pages:
                page.notes = [*page.notes, note("ocr_int8_unavailable", reason=problem)]
        return pages

    def pages(self, path: str | Path, pages: list[int] | None = None) -> Iterator[PageText]:
        read = self.read(path, pages)
        key = self.cache_key(Path(path), pages) if self.cache else None
        for page in read:
            yield PageText(number=page.number, width=page.width, height=page.height,
                           words=list(page.words), rules=list(page.rules), method="ocr",
                           notes=list(page.notes), reread=Rereader(self, Path(path), page, key))

    def document_pages(self, paths: list[str | Path]) -> list[PageText]:
        """Several files (``p1.jpg p2.jpg``) read as one document: pages numbered 1..n in
        the order given, each file's pages in its own order. Each page's notes start with
        ``ocr_used`` naming the file it came from."""
        out: list[PageText] = []
        for path in paths:
            for page in self.pages(path):
                code, message = page.notes[0] if page.notes else ("ocr_used", "")
                page.notes[0:1] = [(code, f"{message}（{Path(path).name}）")]
                page.number = len(out) + 1
                out.append(page)
        return out

    def reread(self, image: np.ndarray, boxes: list[tuple[float, float, float, float]],
               clean: bool = False) -> list[tuple[str, float]]:
        """The recogniser alone on each axis-aligned box of a corrected page image; with
        ``clean``, on the image with its coloured ink (a seal) faded (:mod:`.ink`), and only
        in boxes holding coloured ink (the others read as nothing: the plain look saw them)."""
        if clean:
            inked = [i for i, box in enumerate(boxes) if has_ink(image, box)]
            out: list[tuple[str, float]] = [("", 0.0)] * len(boxes)
            if inked:
                read = self.reread(without_ink(image), [boxes[i] for i in inked])
                for i, got in zip(inked, read, strict=True):
                    out[i] = got
            return out
        quads = [((x0, top), (x1, top), (x1, bottom), (x0, bottom))
                 for x0, top, x1, bottom in boxes]
        return [(str(t), float(s)) for t, s in self.engine.read(image, quads)]

    def corrected_image(self, path: str | Path, page: OcrPage) -> np.ndarray:
        """The corrected page image that ``page``'s word boxes refer to."""
        source = load_pages(Path(path), dpi=self.dpi, pages=[page.number])[0]
        return page.geometry.apply(np.asarray(source.image))


class Rereader:
    """A second look at boxes of one OCR'd page (``PageText.reread``): the corrected page is
    re-created from the original file (:meth:`OcrBackend.corrected_image`, once) and the
    recogniser alone reads each box, as the first pass read the detector's boxes; with
    ``clean=True`` on the image with its coloured ink faded (:meth:`OcrBackend.reread`).
    Readings are cached beside the page's (same key, plus the boxes and ``clean``). Never
    raises: a box that cannot be read comes back as ``("", 0.0)``."""

    def __init__(self, backend: OcrBackend, path: Path, page: OcrPage, key: str | None):
        self.backend, self.path, self.page, self.key = backend, path, page, key
        self._image: np.ndarray | None = None

    def __call__(self, boxes: list[tuple[float, float, float, float]], clean: bool = False
                 ) -> list[tuple[str, float]]:
        boxes = [(round(a, 1), round(b, 1), round(c, 1), round(d, 1)) for a, b, c, d in boxes]
        if not boxes:
            return []
        key = None
        if self.key:
            asked: dict = {"page": self.key, "number": self.page.number, "reread": boxes}
            if clean:
                asked["clean"] = True
            key = json.dumps(asked, sort_keys=True)
        data = ocr_cache.load(key) if key is not None else None
        if data is not None:
            try:
                return [(str(t), float(s)) for t, s in data["read"]]
            except (ValueError, KeyError, TypeError):
                pass
        try:
            if self._image is None:
                self._image = self.backend.corrected_image(self.path, self.page)
            read = self.backend.reread(self._image, boxes, clean=clean)
        except Exception:  # a second look is a bonus: never the reason a reading fails
            return [("", 0.0)] * len(boxes)
        if key is not None:
            ocr_cache.store(key, {"read": [list(r) for r in read]})
        return read

    def forget(self) -> None:
        """Let the corrected page image go (~12 MB at 200 dpi; made again if asked again):
        the table reader is done with this page's second looks."""
        self._image = None
