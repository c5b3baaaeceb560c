"""The OCR path through the same reader: an image-only statement, OCR'd by default.

A generated statement is rendered to an image (pdftoppm) and wrapped in a PDF without a text
layer. With ``--no-ocr`` it is refused with a message saying OCR is needed; by default the
OCR backend of :mod:`shebao.ingest.ocr` (RapidOCR, models shipped in its wheel) reads the words
and the layout profiles rebuild the table. Slow (real OCR of one page).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from shebao.ingest.pipeline import extract_file
from shebao.samples import generate

from shebao.cli import main

from .scoring import score


def _image_only(source: Path, target: Path) -> Path:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(source), str(stem)], check=True
    )
    png = next(target.parent.glob(f"{stem.name}*.png"))
    c = canvas.Canvas(str(target), pagesize=(595, 842), invariant=1)
    c.drawImage(ImageReader(str(png)), 0, 0, 595, 842)
    c.showPage()
    c.save()
    return target


@pytest.mark.slow
def test_image_only_statement_needs_ocr_and_reads_with_it(tmp_path, capsys):
    sample = generate("L1", 11, tmp_path, months=12)
    scan = _image_only(sample.path, tmp_path / "scan.pdf")

    assert main(["extract", "--no-ocr", str(scan)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "OCR" in err and "--no-ocr" in err and str(scan) in err

    from shebao.ingest.ocr.backend import OcrBackend  # RapidOCR is a dependency, never skipped

    assert OcrBackend().is_available()
    ex = extract_file(scan, ocr=True)
    assert ex.document.method == "ocr"
    s = score(ex, sample.truth)
    assert s.f1 >= 0.99, s.errors[:10]
    money = ("contribution.base", "contribution.employer_amount", "contribution.personal_amount")
    assert min(s.accuracy(k) for k in money) >= 0.97, s.errors[:10]
    assert "ocr_used" in {w.code for w in ex.warnings}

    # the CLI reads it without any flag (OCR is the default), from the cache now
    out = tmp_path / "scan.json"
    assert main(["extract", str(scan), "-o", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["document"]["method"] == "ocr" and data["contributions"]
