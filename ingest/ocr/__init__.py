"""OCR intake: phone photos, scans and image-only PDF pages to positioned, scored words.

Entry points (see each module's contract):

* :class:`shebao.ingest.ocr.backend.OcrBackend` - a ``TextBackend`` yielding
  ``PageText(method="ocr")``, cached by file hash;
* :func:`shebao.ingest.ocr.engines.select_engine` - RapidOCR (default) or paddleocr;
* :func:`shebao.ingest.ocr.intake.load_pages`, :func:`~shebao.ingest.ocr.intake.pdf_text_pages`;
* :mod:`shebao.ingest.ocr.fixes` - OCR-specific cell post-processing (status vocabulary with
  confusion-aware matching, digit fixes inside numeric cells).

This package knows images and OCR engines, not layouts: table reconstruction from the words
lives with the rest of :mod:`shebao.ingest`.
"""
