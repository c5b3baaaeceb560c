"""``--debug-image`` names each drawing after the file its page came from.

With ``--as-one-document`` the pages of one document come from several files; each drawing is
``OUT-<file>-p<page in that file>.png`` (``DIR/<file>-p<page>.png`` for a folder), never the
first file's name with the page number across the document. Input: one scanned image and a
two-page image-only PDF (two more scans), read as one three-page document. A drawing that
would land on an input file is refused and the original kept.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image
from shebao.samples.photo import photograph

from shebao.cli import main


@pytest.fixture(scope="module")
def inputs(small_page, small_scan, tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("debug_names")
    first = folder / "第一张.png"
    shutil.copy(small_scan, first)
    scans = [photograph(small_page.pdf, folder / f"scan{seed}.png", "scan", seed=seed)
             for seed in (7, 8)]
    pdf = folder / "后两页.pdf"
    pictures = [Image.open(p).convert("RGB") for p in scans]
    pictures[0].save(pdf, save_all=True, append_images=pictures[1:], resolution=200)
    return [first, pdf]


def test_pages_of_one_document_are_drawn_under_their_own_file_names(inputs, tmp_path):
    out = tmp_path / "调试图.png"
    assert main(["extract", *map(str, inputs), "--as-one-document", "-o",
                 str(tmp_path / "doc.json"), "--debug-image", str(out)]) == 0
    assert sorted(p.name for p in tmp_path.glob("调试图*")) == sorted([
        "调试图-第一张-p1.png", "调试图-后两页-p1.png", "调试图-后两页-p2.png"])


def test_a_folder_given_for_debug_images_gets_file_and_page_names(inputs, tmp_path):
    folder = tmp_path / "调试图"
    assert main(["extract", *map(str, inputs), "--as-one-document", "-o",
                 str(tmp_path / "doc.json"), "--debug-image", f"{folder}/"]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([
        "第一张-p1.png", "后两页-p1.png", "后两页-p2.png"])


def test_a_debug_image_onto_the_input_photo_is_refused(inputs, tmp_path, capsys):
    photo = tmp_path / inputs[0].name
    shutil.copy(inputs[0], photo)
    before = photo.read_bytes()
    assert main(["extract", str(photo), "-o", str(tmp_path / "a.json"),
                 "--debug-image", str(photo)]) == 2
    err = capsys.readouterr().err
    assert "原件" in err and "Traceback" not in err
    assert photo.read_bytes() == before
