"""Where each value was read on its page: the desk's review beside the image.

Contract
--------
:func:`read_with_layout` ``(path, folder) -> (extract JSON, layout)`` runs in the desk's
worker process. The extract is :func:`shebao.ingest.pipeline.analyse_file` ``(path,
ocr=True).extract`` - the very function ``shebao extract``/``shebao audit`` read with
(:func:`shebao.audit.engine.read_extract` is ``extract_file``, which is that), so the desk
reads what the command line reads. The layout is what ``shebao extract --debug-image`` draws,
as data: for each page, an image written to ``folder/p<N>.jpg`` (the corrected page image the
OCR word boxes refer to, or a text PDF page rendered at 2x) and, in that image's pixels, each
table cell of :func:`shebao.ingest.grid.table_grid` with the record value it holds::

    {"pages": [{"page": 1, "method": "ocr", "image": "p1.jpg", "width": 1240, "height": 1754,
                "cells": [{"row": 3, "field": "base", "group": "pension",
                           "box": [x0, top, x1, bottom], "ok": true}, ...],
                "flags": [{"label": "金额与费率不符", "box": [...]}]}, ...]}

``tables``: each table read on the page (numbered as a column correction names it) with its
columns as read: ``{"table": 1, "columns": [{"column": 1, "field": "ym", "group": None,
"label": "缴费年月", "box": [...]}]}`` (the box spans the header).

``ok`` False: a word in the cell was read below the OCR's low-confidence mark (a cell to check);
``flags``: rows a self-check named. A page with no image (a spreadsheet) has ``image`` None.
"""

from __future__ import annotations

from pathlib import Path

MAX_WIDTH = 1600  # page images are scaled down to this width (boxes scaled with them)


def _scaled(box, scale: float) -> list[float]:
    return [round(v * scale, 1) for v in box]


def _save(image, target: Path) -> tuple[int, int, float]:
    """Write a PIL image as JPEG no wider than MAX_WIDTH; (width, height, scale applied)."""
    scale = min(1.0, MAX_WIDTH / image.width)
    if scale < 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)))
    image.convert("RGB").save(target, "JPEG", quality=80)
    return image.width, image.height, scale


def _page_images(analysis, path: Path, folder: Path) -> dict[int, tuple[str, int, int, float]]:
    """page number -> (image name, width, height, scale from page coordinates)."""
    from PIL import Image

    from shebao.files import IMAGE_SUFFIXES

    out: dict[int, tuple[str, int, int, float]] = {}
    ocr = [p for p in analysis.pages if p.method == "ocr"]
    if ocr:
        from shebao.ingest.ocr.backend import OcrBackend

        backend = OcrBackend()
        image_file = path.suffix.lower() in IMAGE_SUFFIXES
        # the same call the reader made, so the cached reading is used (as --debug-image does)
        read = backend.read(path, None if image_file else [p.number for p in ocr])
        by_number = {p.number: p for p in read}
        for page in ocr:
            ocr_page = by_number.get(page.number)
            if ocr_page is None:
                continue
            picture = Image.fromarray(backend.corrected_image(path, ocr_page))
            name = f"p{page.number}.jpg"
            width, height, _ = _save(picture, folder / name)
            out[page.number] = (name, width, height, width / page.width)
    text = [p for p in analysis.pages if p.method == "text"]
    if text and path.suffix.lower() == ".pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        try:
            for page in text:
                picture = pdf[page.number - 1].render(scale=2).to_pil()
                name = f"p{page.number}.jpg"
                width, height, _ = _save(picture, folder / name)
                out[page.number] = (name, width, height, width / page.width)
        finally:
            pdf.close()
    return out


def layout_of(analysis, path: Path, folder: Path) -> dict:
    from shebao.ingest.checks import flagged_rows
    from shebao.ingest.grid import table_grid
    from shebao.ingest.ocr.quality import LOW_CONFIDENCE

    folder.mkdir(parents=True, exist_ok=True)
    images = _page_images(analysis, path, folder)
    pages = []
    for page in analysis.pages:
        name, width, height, scale = images.get(page.number, (None, 0, 0, 1.0))
        low = LOW_CONFIDENCE if page.method == "ocr" else 0.0
        grid = table_grid(analysis.tables, page.number, list(page.words), low,
                          flagged_rows(analysis.extract.warnings, page.number))
        cells = [{"row": row, "field": field, "group": group,
                  "box": _scaled(cell[:4], scale), "ok": bool(cell[4])}
                 for cell, (row, field, group) in zip(grid["cells"], grid["keys"], strict=True)]
        flags = [{"label": flag[4], "box": _scaled(flag[:4], scale)} for flag in grid["flags"]]
        tables = [{"table": k, "columns": [
            {"column": i, "field": c.field, "group": c.group, "label": c.label,
             "box": _scaled((c.x0, t.header.top, c.x1, t.header.bottom), scale)}
            for i, c in enumerate(t.header.columns, 1)]}
            for k, t in enumerate((t for t in analysis.tables if t.page == page.number), 1)]
        pages.append({"page": page.number, "method": page.method, "image": name,
                      "width": width, "height": height, "cells": cells, "flags": flags,
                      "tables": tables})
    return {"pages": pages}


def read_with_layout(path: Path, folder: Path, corrections: list | None = None
                     ) -> tuple[dict, dict]:
    """``corrections``: case.yaml entries; the column roles among them are applied as the
    file is read (:func:`shebao.ingest.pipeline.analyse_file`)."""
    from shebao.ingest.pipeline import analyse_file

    analysis = analyse_file(path, ocr=True, corrections=corrections or ())
    return analysis.extract.to_json_dict(), layout_of(analysis, path, folder)
