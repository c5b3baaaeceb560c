"""Intake: turn an image or PDF file into page images, refusing what cannot be read.

Contract
--------
:func:`load_pages` ``(path, dpi=200, pages=None) -> list[SourcePage]`` returns the file's pages
as RGB ``PIL.Image`` objects in reading order, EXIF orientation already applied:

* JPEG, PNG, WebP, BMP, GIF: one page;
* HEIC/HEIF (phones), through ``pillow-heif``: one page (the primary image);
* TIFF: one page per frame (multi-page scans);
* PDF: every page (or the 1-based ``pages`` asked for) rasterised with pypdfium2 at ``dpi``.

:func:`iter_pages` gives the same pages one at a time (a PDF page is rasterised when it is
taken: a long scan is never held whole); the refusals are raised when it is called.

:func:`pdf_text_pages` tells which PDF pages carry a usable text layer, so the caller can send
only the others to OCR.

Refusals are :class:`~shebao.errors.InputError` with the file named: missing file, unknown or
corrupt format, an image larger than :data:`MAX_PIXELS` (decompression bomb guard, checked from
the header before any pixel is decoded), encrypted or broken PDFs. The original file is only
read, never written.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageFile, ImageOps, ImageSequence, UnidentifiedImageError

from shebao.errors import InputError
from shebao.limits import MAX_OCR_PAGES as MAX_PDF_PAGES  # pages read by OCR
from shebao.limits import MAX_PIXELS, MAX_TOTAL_PIXELS

DEFAULT_DPI = 200

_heif_registered = False


@dataclass
class SourcePage:
    number: int  # 1-based page number within the file
    image: Image.Image  # RGB, EXIF orientation applied
    dpi: float | None = None  # known for rasterised PDFs and scans that record it
    notes: list[tuple[str, str]] = field(default_factory=list)


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        try:
            from pillow_heif import register_heif_opener

            register_heif_opener()
        except ImportError:  # pragma: no cover - pillow-heif is a dependency
            pass
        _heif_registered = True


def is_pdf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(5) == b"%PDF-"


def load_pages(path: str | Path, dpi: int = DEFAULT_DPI,
               pages: list[int] | None = None) -> list[SourcePage]:
    """The file's pages as upright-by-EXIF RGB images. See the module contract."""
    return list(iter_pages(path, dpi, pages))


def iter_pages(path: str | Path, dpi: int = DEFAULT_DPI,
               pages: list[int] | None = None) -> Iterator[SourcePage]:
    """:func:`load_pages` a PDF page at a time: the file and the pages asked for are checked
    now (the same refusals), each page is rasterised when the caller asks for it, so a long
    scan is never held whole in memory (~12 MB a page at 200 dpi)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("文件不存在", "file not found", path, code="file_not_found")
    if path.stat().st_size == 0:
        raise InputError("文件是空的", "file is empty", path, code="empty_file")
    if is_pdf(path):
        return _pdf_pages(path, dpi, pages)
    return iter(_image_pages(path, pages))


def _too_big(path: Path, width: int, height: int) -> InputError:
    return InputError(
        f"图像过大（{width}×{height} 像素，超过 {MAX_PIXELS // 1_000_000} 百万像素上限），"
        "可能是损坏或恶意文件；请缩小后再试",
        f"image too large ({width}×{height} px, limit {MAX_PIXELS // 1_000_000} MP): possible "
        "decompression bomb; downscale it and retry",
        path, code="image_too_large",
    )


def _image_pages(path: Path, pages: list[int] | None) -> list[SourcePage]:
    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InputError(
            "图像过大，可能是损坏或恶意文件", f"image too large: {exc}", path,
            code="image_too_large",
        ) from exc
    except UnidentifiedImageError as exc:
        raise InputError(
            "无法识别的文件格式：请提供 JPG、PNG、HEIC、WebP、TIFF 图片或 PDF",
            "unrecognised file format; give a JPG, PNG, HEIC, WebP, TIFF image or a PDF",
            path, code="unknown_format",
        ) from exc
    except OSError as exc:
        raise InputError("无法读取图像文件", f"cannot read image: {exc}", path,
                         code="unreadable_image") from exc
    out: list[SourcePage] = []
    with img:
        try:
            frames = getattr(img, "n_frames", 1)
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise InputError("图像文件已损坏，无法解码", f"corrupt image data: {exc}", path,
                             code="corrupt_image") from exc
        # HEIC containers may hold thumbnails/depth maps as extra frames; TIFF frames are pages
        multi = img.format == "TIFF" and frames > 1
        if multi and frames > MAX_PDF_PAGES:
            raise InputError(f"图像文件的页数过多（{frames} 页，上限 {MAX_PDF_PAGES} 页）",
                             f"too many frames ({frames}, limit {MAX_PDF_PAGES})", path,
                             code="too_many_pages")
        total = 0
        for index, frame in enumerate(ImageSequence.Iterator(img) if multi else [img], start=1):
            if pages and index not in pages:
                continue
            width, height = frame.size
            if width * height > MAX_PIXELS:
                raise _too_big(path, width, height)
            total += width * height
            if total > MAX_TOTAL_PIXELS:
                raise InputError(
                    f"图像文件各页合计像素过多（超过 {MAX_TOTAL_PIXELS // 1_000_000} "
                    "百万像素上限），可能是损坏或恶意文件；请分成几个文件",
                    f"the frames together exceed {MAX_TOTAL_PIXELS // 1_000_000} MP; possibly a "
                    "damaged or malicious file; split it", path, code="image_too_large")
            try:
                with _strict_decoding():
                    frame.load()
                    upright = ImageOps.exif_transpose(frame)
                    rgb = _to_rgb(upright)
            except (OSError, ValueError, SyntaxError) as exc:
                raise InputError("图像文件已损坏，无法解码", f"corrupt image data: {exc}", path,
                                 code="corrupt_image") from exc
            dpi = frame.info.get("dpi")
            out.append(SourcePage(index, rgb, float(dpi[0]) if dpi and dpi[0] > 1 else None))
    return out


@contextlib.contextmanager
def _strict_decoding() -> Iterator[None]:
    """Refuse truncated images even when another library (weasyprint sets it on import) has
    switched Pillow's global ``LOAD_TRUNCATED_IMAGES`` on: half a photo gives garbage rows."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _to_rgb(img: Image.Image) -> Image.Image:
    """RGB, with transparency flattened onto white (screenshots are often RGBA PNGs)."""
    if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if img.mode == "I;16" or img.mode == "I":
        return img.point(lambda v: v / 256).convert("L").convert("RGB")
    return img.convert("RGB")


def _open_pdf(path: Path):  # -> pypdfium2.PdfDocument
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise InputError("PDF 已加密，请提供未加密的文件", "PDF is encrypted", path,
                             code="pdf_encrypted") from exc
        raise InputError("PDF 文件已损坏，无法打开", f"broken PDF: {exc}", path,
                         code="pdf_broken") from exc


def _pdf_pages(path: Path, dpi: int, pages: list[int] | None) -> Iterator[SourcePage]:
    """The pages asked for, checked now and rasterised one at a time as they are taken."""
    doc = _open_pdf(path)
    try:
        count = len(doc)
        if count == 0:
            raise InputError("PDF 没有页面", "PDF has no pages", path, code="pdf_empty")
        if count > MAX_PDF_PAGES:
            raise InputError(f"PDF 页数过多（{count} 页）", f"too many pages ({count})", path,
                             code="pdf_too_many_pages")
        wanted = pages or list(range(1, count + 1))
        scale = dpi / 72
        for number in wanted:
            if not 1 <= number <= count:
                raise InputError(f"PDF 没有第 {number} 页（共 {count} 页）",
                                 f"no page {number} (document has {count})", path,
                                 code="pdf_no_such_page")
            width_pt, height_pt = doc[number - 1].get_size()
            if width_pt * height_pt * scale * scale > MAX_PIXELS:
                raise _too_big(path, int(width_pt * scale), int(height_pt * scale))
    except BaseException:
        doc.close()
        raise
    return _rendered(doc, wanted, scale, dpi)


def _rendered(doc, wanted: list[int], scale: float, dpi: int) -> Iterator[SourcePage]:
    try:
        for number in wanted:
            bitmap = doc[number - 1].render(scale=scale, grayscale=False)
            yield SourcePage(number, bitmap.to_pil().convert("RGB"), float(dpi))
            del bitmap
    finally:
        doc.close()


def usable_text(text: str) -> bool:
    """True when a page's extracted text looks like real text (not empty, not CID garbage)."""
    chars = [c for c in text if not c.isspace()]
    if len(chars) < 10:
        return False
    bad = sum(1 for c in chars if c == "\ufffd" or 0xE000 <= ord(c) <= 0xF8FF)
    return "(cid:" not in text and bad / len(chars) < 0.1


def pdf_text_pages(path: str | Path) -> dict[int, bool]:
    """For each 1-based page of a PDF: does it carry a usable text layer?"""
    path = Path(path)
    doc = _open_pdf(path)
    try:
        result: dict[int, bool] = {}
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            result[index + 1] = usable_text(textpage.get_text_range())
            textpage.close()
        return result
    finally:
        doc.close()
