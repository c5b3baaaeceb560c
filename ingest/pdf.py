"""The text-layer backend: pdfplumber pages -> :class:`~shebao.ingest.words.PageText`.

Contract (``TextBackend``): ``pages(path)`` yields one ``PageText(method="text")`` per page,
with the content words (rotated or very light watermark glyphs dropped), ruling lines from
drawn lines and rectangle edges, and notes for pages that need OCR:

* ``("cid_glyphs", …)`` when the text layer holds ``(cid:NNN)`` glyphs (fonts without a
  ToUnicode map, pdfplumber issues #29/#159),
* ``("no_text", …)`` when the page has no text at all (a scan or a photo),
* ``("image_page", …)`` when the page is one picture under a thin text layer that only
  covers its margins (a certificate printed to PDF from a browser: the browser's date, title,
  file URL and ``1/1`` over a full-page image): its words are kept, but the page needs OCR.

Unreadable input (zero bytes, not a PDF, truncated, encrypted) raises
:class:`~shebao.errors.InputError` naming the file; the file is only ever opened for reading.
"""

from __future__ import annotations

import importlib.util
import itertools
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from shebao.ingest.table import merge_rules
from shebao.ingest.words import PageText, Rule, Word

from shebao.errors import InputError
from shebao.limits import MAX_CONTENT_BYTES, MAX_PDF_PAGES

# pdfminer logs noisy warnings for slightly malformed but readable files.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

CID_NOTE = (
    "本页文字层为无法解码的字形 (cid)，需要 OCR 识别（page text is (cid:) glyphs; OCR needed）"
)
NO_TEXT_NOTE = "本页没有文字层（扫描件或照片），需要 OCR 识别（page has no text layer; OCR needed）"
IMAGE_PAGE_NOTE = (
    "本页正文是一张图片，文字层只有页边的页眉页脚（如浏览器打印的日期和网址），需要 OCR 识别"
    "（the page is an image; its text layer holds only margin text; OCR needed）"
)
IMAGE_COVER = 0.6  # share of the page an image must cover to be the page's content
MARGIN = 0.08  # top and bottom bands (share of the page height) where browser furniture sits


def _encrypted(exc: BaseException) -> bool:
    """True when pdfminer refused the file for a password (pdfplumber wraps that error)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (PDFPasswordIncorrect, PDFEncryptionError)):
            return True
        if any(isinstance(a, (PDFPasswordIncorrect, PDFEncryptionError)) for a in seen.args):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _open(path: Path):
    import pdfplumber

    if path.stat().st_size == 0:
        raise InputError("文件是空的（0 字节）", "the file is empty (0 bytes)", path, "empty_file")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise InputError("不是 PDF 文件", "not a PDF file", path, "not_pdf")
    try:
        pdf = pdfplumber.open(path)
        count = _count_pages(pdf)  # (reads the page tree: a damaged one fails here)
    except Exception as exc:
        if _encrypted(exc):
            raise InputError(
                "PDF 已加密，请先用密码打开并另存为未加密的 PDF",
                "the PDF is encrypted; open it with its password and save an unencrypted copy",
                path,
                "encrypted_pdf",
            ) from exc
        raise InputError(
            "PDF 文件已损坏或不完整（可能下载或复制中断），无法读取",
            f"the PDF is damaged or truncated ({type(exc).__name__})",
            path,
            "corrupt_pdf",
        ) from exc
    if not count:
        _close(pdf)
        raise InputError("PDF 没有任何页面", "the PDF has no pages", path, "corrupt_pdf")
    if count > MAX_PDF_PAGES:
        _close(pdf)
        raise InputError(f"PDF 页数过多（{count} 页，上限 {MAX_PDF_PAGES} 页）；请分成几个文件",
                         f"the PDF has {count} pages (limit {MAX_PDF_PAGES}); split it", path,
                         "too_many_pages")
    return pdf, count


def _close(pdf) -> None:
    """Close the file as ``pdf.close()`` does, without the list of every page it makes to
    close them (pages read here are closed one by one as they are read)."""
    pdf.flush_cache()
    if not getattr(pdf, "stream_is_external", False):
        pdf.stream.close()


def _count_pages(pdf) -> int:
    """The number of pages in the page tree, counted without keeping them (pdfplumber's
    ``pdf.pages`` keeps a ``Page`` for each, pdfminer's cache each one's objects)."""
    from pdfminer.pdfpage import PDFPage

    known = _cached(pdf.doc)
    count = sum(1 for _ in PDFPage.create_pages(pdf.doc))
    _forget(pdf.doc, known)
    return count


def pdfplumber_line_to_edge(line: dict) -> dict:
    from pdfplumber.utils import line_to_edge

    return line_to_edge(line)


def _rules(page, same: Callable[[float], float]) -> list[Rule]:
    rules: list[Rule] = []
    # Drawn lines and rectangle borders only: curves are glyph outlines, seals and logos.
    line_edges = [pdfplumber_line_to_edge(line) for line in page.lines]
    for edge in [*page.rect_edges, *line_edges]:
        x0, x1, top, bottom = (same(float(edge[k])) for k in ("x0", "x1", "top", "bottom"))
        if x1 - x0 < 2 and bottom - top < 2:
            continue
        if edge.get("orientation") == "v" or (x1 - x0) < (bottom - top):
            x = same((x0 + x1) / 2)
            rules.append(Rule(x, top, x, bottom))
        else:
            y = same((top + bottom) / 2)
            rules.append(Rule(x0, y, x1, y))
    return rules


WATERMARK_LUMINANCE = 0.7  # text this light is a watermark or a logo, not content


def _luminance(color) -> float | None:
    """0 (black) .. 1 (white) for gray, RGB and CMYK fill colours; None when unknown."""
    if not isinstance(color, (tuple, list)) or not all(isinstance(v, (int, float)) for v in color):
        return None
    if len(color) == 1:
        return float(color[0])
    if len(color) == 3:
        r, g, b = color
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(color) == 4:
        c, m, y, k = color
        return (1 - k) * (1 - (0.299 * c + 0.587 * m + 0.114 * y))
    return None


def _content_char(obj: dict) -> bool:
    """False for characters that are not content: drawn rotated or skewed (diagonal
    watermarks) or in a very light colour (horizontal watermarks such as
    本文件由全国社保卡服务平台提供…, background logos)."""
    if obj.get("object_type") != "char":
        return True
    light = _luminance(obj.get("non_stroking_color"))
    if light is not None and light >= WATERMARK_LUMINANCE:
        return False
    matrix = obj.get("matrix")
    if not matrix:
        return bool(obj.get("upright", True))
    a, b, c, d = matrix[:4]
    return abs(b) <= 0.02 * max(abs(a), 1e-9) and abs(c) <= 0.02 * max(abs(d), 1e-9)


def _content_bytes(page) -> int:
    """The page's content streams unpacked, counted without unpacking more than the limit
    (a Flate stream of a few KB can unpack to gigabytes); other filters count as stored."""
    import zlib

    from pdfminer.pdftypes import resolve1

    contents = resolve1(getattr(page.page_obj, "contents", None) or [])
    if not isinstance(contents, list):
        contents = [contents]
    total = 0
    for ref in contents:
        stream = resolve1(ref)
        raw = getattr(stream, "rawdata", None)
        if raw is None:
            continue
        filters = resolve1(stream.get("Filter")) if hasattr(stream, "get") else None
        names = [str(resolve1(f)) for f in (filters if isinstance(filters, list) else [filters])
                 if f is not None]
        if any("FlateDecode" in n for n in names):
            inflater = zlib.decompressobj()
            try:
                room = MAX_CONTENT_BYTES - total + 1
                total += len(inflater.decompress(raw, room))
            except zlib.error:
                continue  # pdfminer reports the damage itself
        else:
            total += len(raw)
        if total > MAX_CONTENT_BYTES:
            break
    return total


def _page_text(page, number: int) -> PageText:
    if _content_bytes(page) > MAX_CONTENT_BYTES:
        raise InputError(
            f"PDF 第 {number} 页的内容解压后过大（超过 {MAX_CONTENT_BYTES >> 20} MB），"
            "可能是损坏或恶意文件",
            f"page {number} unpacks to more than {MAX_CONTENT_BYTES >> 20} MB of drawing "
            "commands: damaged or malicious",
            None,
            "too_large",
        )
    content = page.filter(_content_char)
    try:
        words = content.extract_words(
            x_tolerance=1.5,
            y_tolerance=2,
            keep_blank_chars=False,
            use_text_flow=False,
            extra_attrs=["upright"],
        )
    finally:
        _release(content)  # (it holds every object of the page, filtered)
    out = PageText(number=number, width=float(page.width), height=float(page.height))
    # (one float object for each value the page repeats - a row's top, a column's edge, the
    # borders of a ruled table's thousands of cell rectangles: a long statement's pages are
    # kept until it is read)
    seen: dict[float, float] = {}

    def same(value: float) -> float:
        # (not a zero: -0.0 and 0.0 are equal keys and must stay what they are)
        return seen.setdefault(value, value) if value else value

    cid = 0
    for w in words:
        text = w["text"]
        if not w.get("upright", True):
            continue  # rotated watermark glyphs
        if "(cid:" in text:
            cid += 1
            continue
        x0, top, x1, bottom = (same(float(w[k])) for k in ("x0", "top", "x1", "bottom"))
        out.words.append(Word(text, x0, top, x1, bottom))
    # merged as read: a ruled page draws each cell's borders apart (~2,700 segments, ~70
    # lines); text-layer pages are never levelled, so merging now is what the table reader
    # would do later
    out.rules, out.rules_merged = merge_rules(_rules(page, same)), True
    if cid and cid >= 0.1 * (cid + len(out.words)):
        # The fonts have no usable ToUnicode map: the "text" left is mis-decoded glyphs too,
        # so none of it is trusted; the page goes to OCR.
        out.words = []
        out.notes.append(("cid_glyphs", CID_NOTE))
    elif cid:
        out.notes.append(("cid_glyphs", CID_NOTE))
    elif not out.words:
        out.notes.append(("no_text", NO_TEXT_NOTE))
    elif _image_page(page, out):
        out.notes.append(("image_page", IMAGE_PAGE_NOTE))
    return out


def _image_page(page, text: PageText) -> bool:
    """True when one image covers most of the page and every word of the text layer lies in
    its top or bottom margin band: the content is the picture, the text is page furniture."""
    top, bottom = MARGIN * text.height, (1 - MARGIN) * text.height
    if not all(w.bottom <= top or w.top >= bottom for w in text.words):
        return False
    area = float(page.width) * float(page.height)
    covered = max(
        ((min(float(im["x1"]), float(page.width)) - max(float(im["x0"]), 0.0))
         * (min(float(im["bottom"]), float(page.height)) - max(float(im["top"]), 0.0))
         for im in page.images),
        default=0.0,
    )
    return covered >= IMAGE_COVER * area


def _release(page) -> None:
    """Let a pdfplumber page go now: its caches flushed (``close()``) and its attributes
    dropped. A pdfplumber page is a reference cycle (``root_page`` is itself, ``get_textmap``
    a cache bound to it), so without this it and what it holds - a filtered page keeps every
    char, rect and line of its page, a page its content stream - would wait for the cyclic
    collector, which a long document's millions of kept words make run ever more rarely."""
    page.close()
    vars(page).clear()


def _each_page(pdf) -> Iterator:
    """The PDF's pages as pdfplumber ``Page`` objects made one at a time, each let go with
    what reading it left behind before the next is made: the page itself (:func:`_release`)
    and the objects pdfminer loaded and cached for it - above all its decoded content
    streams (~80 KB a page of a ruled statement; pdfplumber's ``pdf.pages`` would keep every
    ``Page``, and pdfminer's document cache every page's streams, until the file is closed).
    An object shared with a later page (a font's dictionaries, a logo) is read again there;
    the fonts themselves stay in pdfminer's resource manager."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    doctop = 0.0
    found = PDFPage.create_pages(pdf.doc)
    for number in itertools.count(1):
        known = _cached(pdf.doc)  # (before the page's dictionary and streams are loaded)
        page_obj = next(found, None)
        if page_obj is None:
            return
        page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
        doctop += float(page.height)
        del page_obj
        try:
            yield page
        finally:
            _release(page)
            del page
            _forget(pdf.doc, known)


def _cached(doc) -> int:
    """How many objects pdfminer's document holds in its object cache."""
    cache = getattr(doc, "_cached_objs", None)
    return len(cache) if isinstance(cache, dict) else 0


def _forget(doc, known: int) -> None:
    """Drop the objects pdfminer cached after the first ``known`` (the cache is a dict only
    added to while pages are read: the objects loaded since are its last keys). A private
    attribute of pdfminer's ``PDFDocument``: when it is gone, nothing is dropped."""
    cache = getattr(doc, "_cached_objs", None)
    if isinstance(cache, dict) and len(cache) > known:
        for key in list(itertools.islice(cache, known, None)):
            del cache[key]


class PdfTextBackend:
    """pdfplumber text layer. Always available (pdfplumber is a core dependency)."""

    name = "pdfplumber"

    def is_available(self) -> bool:
        return importlib.util.find_spec("pdfplumber") is not None

    def pages(self, path: Path) -> Iterator[PageText]:
        pdf, _ = _open(path)
        i = 0
        try:
            for i, page in enumerate(_each_page(pdf), start=1):
                yield _page_text(page, i)
        except InputError as exc:
            if exc.file is None:
                exc.file = str(path)
            raise
        except Exception as exc:
            raise InputError(
                f"PDF 第 {i} 页无法读取（文件可能已损坏或不完整）",
                f"page {i} of the PDF cannot be read; the file may be damaged "
                f"({type(exc).__name__})",
                path,
                "corrupt_pdf",
            ) from exc
        finally:
            _close(pdf)

    def page_count(self, path: Path) -> int:
        pdf, count = _open(path)
        _close(pdf)
        return count

    def pages_without_fonts(self, path: Path) -> tuple[int, int]:
        """The PDF's pages and how many of them name no font (in their resources or a form
        they draw): a page without a font has no text layer -- a scan, which OCR reads.
        From the page tree and resource dictionaries only: no page's content is read."""
        from pdfminer.pdfpage import PDFPage

        pdf, count = _open(path)
        try:
            known = _cached(pdf.doc)
            bare = sum(1 for page in PDFPage.create_pages(pdf.doc)
                       if not _names_a_font(page.resources))
            _forget(pdf.doc, known)
        finally:
            _close(pdf)
        return count, bare


def _names_a_font(resources: object, depth: int = 0) -> bool:
    """True when a resource dictionary names a font, itself or in a form XObject it holds
    (two levels: text drawn inside a form, as some tools wrap a whole page)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    resources = resolve1(resources)
    if not isinstance(resources, dict):
        return False
    if resolve1(resources.get("Font")):
        return True
    xobjects = resolve1(resources.get("XObject"))
    if depth >= 2 or not isinstance(xobjects, dict):
        return False
    for xobject in xobjects.values():
        xobject = resolve1(xobject)
        if isinstance(xobject, PDFStream) and _names_a_font(xobject.attrs.get("Resources"),
                                                            depth + 1):
            return True
    return False
