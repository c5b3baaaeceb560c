"""Inline SVG pictures as PNG, for Word documents (which cannot show SVG everywhere).

Contract: ``svg_to_png(svg, scale=3.0) -> bytes``. The SVG is laid out by WeasyPrint on a page
of its own size (so its Chinese text uses the same fonts as the PDF) and rasterised with
pdfium (pypdfium2); no other SVG renderer is needed.
"""

from __future__ import annotations

import io
import re

_SIZE = re.compile(r'<svg\b[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"')


def svg_size(svg: str) -> tuple[float, float]:
    """Width and height in CSS px (96 per inch)."""
    match = _SIZE.search(svg)
    return (float(match.group(1)), float(match.group(2))) if match else (640.0, 240.0)


def svg_to_png(svg: str, scale: float = 3.0) -> bytes:
    import pypdfium2 as pdfium

    from .pdf_engine import html_to_pdf

    width, height = svg_size(svg)
    page = (f"<html><head><style>@page {{ size: {width}px {height}px; margin: 0 }}"
            f"body {{ margin: 0 }}</style></head><body>{svg}</body></html>")
    document = pdfium.PdfDocument(html_to_pdf(page))
    image = document[0].render(scale=scale).to_pil()
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    document.close()
    return out.getvalue()
