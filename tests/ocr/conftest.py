"""Fixtures for the OCR tests: a small known statement page, its scan and photo versions.

Pages are generated into a session temp dir (never under samples/), deterministic by seed.
OCR results are cached per test session in a temp ``SHEBAO_CACHE`` so tests never read or
write the user's cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shebao.samples.photo import photograph

from .testpage import TestPage, draw_statement, statement_rows


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SHEBAO_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="session")
def pages_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ocr_pages")


@pytest.fixture(scope="session")
def small_page(pages_dir) -> TestPage:
    """Three months × three insurances: nine rows, enough to check order and words."""
    return draw_statement(pages_dir / "small.pdf", statement_rows(months=3))


@pytest.fixture(scope="session")
def small_scan(small_page, pages_dir) -> Path:
    return photograph(small_page.pdf, pages_dir / "small-scan.png", "scan", seed=3)


@pytest.fixture(scope="session")
def small_phone(small_page, pages_dir) -> Path:
    return photograph(small_page.pdf, pages_dir / "small-phone.jpg", "phone", seed=5)


@pytest.fixture(scope="session")
def engine():
    from shebao.ingest.ocr.engines import select_engine

    return select_engine("rapidocr")
