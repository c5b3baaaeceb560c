"""Stamping bundle pages: running page numbers on every page, "证据N 第M页" on evidence pages.

Contract: ``stamp(parts) -> bytes`` joins the parts (each a PDF plus an optional exhibit
number) into one PDF. Every page gets "第 X 页 / 共 Y 页" centred in the bottom margin. Pages
of an exhibit are first shrunk to :data:`EVIDENCE_SCALE` of their size and centred on a page of
the original size, so the stamps sit in a clear band and never cover the original's content
(nothing is cut or redrawn: the original page is placed whole as a form XObject), then get a
boxed "证据N 第M页（共K页）" stamp in the top-right band. The overlay is drawn with reportlab in
the CJK font of :func:`shebao.fonts.cjk_font` and merged with pypdf.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf import Transformation as Transform
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from shebao.fonts import cjk_font

EVIDENCE_SCALE = 0.88
FONT = "ShebaoStamp"
STAMP_COLOUR = (0.70, 0.05, 0.05)


@dataclass
class Part:
    pdf: bytes
    exhibit: int | None = None  # evidence number for originals, None for generated sections


@dataclass
class _Plan:
    width: float
    height: float
    number: int
    exhibit: int | None
    exhibit_page: int
    exhibit_pages: int


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        font = cjk_font("sans")
        pdfmetrics.registerFont(TTFont(FONT, str(font.path), subfontIndex=font.subfont))
    return FONT


def _overlay(plans: list[_Plan], total: int) -> PdfReader:
    font = _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for plan in plans:
        w, h = plan.width, plan.height
        c.setPageSize((w, h))
        size = max(7.5, min(w, h) / 595 * 9)
        c.setFont(font, size)
        c.setFillColorRGB(0.15, 0.15, 0.15)
        c.drawCentredString(w / 2, min(22, h * 0.03), f"第 {plan.number} 页 / 共 {total} 页")
        if plan.exhibit is not None:
            label = f"证据{plan.exhibit}　第{plan.exhibit_page}页（共{plan.exhibit_pages}页）"
            big = size * 1.15
            text_w = pdfmetrics.stringWidth(label, font, big)
            band = h * (1 - EVIDENCE_SCALE) / 2
            box_h = big * 1.9
            x = w - text_w - 2 * big - w * 0.04
            y = h - band / 2 - box_h / 2
            c.setStrokeColorRGB(*STAMP_COLOUR)
            c.setFillColorRGB(1, 1, 1)
            c.setLineWidth(1.1)
            c.rect(x, y, text_w + 2 * big, box_h, stroke=1, fill=1)
            c.setFillColorRGB(*STAMP_COLOUR)
            c.setFont(font, big)
            c.drawString(x + big, y + box_h / 2 - big * 0.35, label)
        c.showPage()
    c.save()
    return PdfReader(io.BytesIO(buf.getvalue()))


def _place_shrunk(writer: PdfWriter, page: PageObject) -> PageObject:
    """Append a page of the original's size to ``writer`` with the original drawn on it at
    :data:`EVIDENCE_SCALE`, centred (``page`` must belong to a writer, for pypdf >= 7)."""
    page.transfer_rotation_to_content()
    box = page.cropbox
    w, h = float(box.width), float(box.height)
    s = EVIDENCE_SCALE
    new = writer.add_blank_page(width=w, height=h)
    move = (Transform().translate(-float(box.left), -float(box.bottom)).scale(s, s)
            .translate(w * (1 - s) / 2, h * (1 - s) / 2))
    new.merge_transformed_page(page, move)
    return new


def stamp(parts: list[Part], attachments: dict[str, bytes] | None = None,
          title: str | None = None) -> tuple[bytes, int]:
    """One stamped PDF from the parts (with the given files attached and the document title
    set), and its page count."""
    writer = PdfWriter()
    plans: list[_Plan] = []
    for part in parts:
        source = PdfWriter(clone_from=PdfReader(io.BytesIO(part.pdf)))
        count = len(source.pages)
        for i, page in enumerate(source.pages, 1):
            placed = (_place_shrunk(writer, page) if part.exhibit is not None
                      else writer.add_page(page))
            plans.append(_Plan(float(placed.mediabox.width), float(placed.mediabox.height),
                               len(plans) + 1, part.exhibit, i, count))
    total = len(plans)
    overlay = _overlay(plans, total)
    for page, stamp_page in zip(writer.pages, overlay.pages, strict=True):
        left, bottom = float(page.mediabox.left), float(page.mediabox.bottom)
        if left or bottom:
            page.merge_transformed_page(stamp_page, Transform().translate(left, bottom))
        else:
            page.merge_page(stamp_page)
    for name, data in (attachments or {}).items():
        writer.add_attachment(name, data)
    writer.add_metadata({"/Title": title or "", "/Creator": "shebao-audit"})
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total
