"""Intake: every accepted format, EXIF orientation, PDF text detection, and refusals."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from shebao.ingest.ocr.intake import MAX_PIXELS, load_pages, pdf_text_pages
from shebao.samples.photo import photograph

from shebao.errors import InputError


def _page_image(size=(300, 420)) -> Image.Image:
    img = Image.new("RGB", size, "white")
    img.paste((0, 0, 0), (20, 20, 120, 40))  # a dark bar near the top-left corner
    return img


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp", ".heic", ".bmp"])
def test_single_image_formats(tmp_path, suffix):
    path = tmp_path / f"page{suffix}"
    _page_image().save(path)
    pages = load_pages(path)
    assert [p.number for p in pages] == [1]
    assert pages[0].image.size == (300, 420)
    assert pages[0].image.mode == "RGB"


def test_multipage_tiff_gives_one_page_per_frame(tmp_path):
    path = tmp_path / "scan.tif"
    frames = [_page_image(), _page_image((310, 430)), _page_image((320, 440))]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    pages = load_pages(path)
    assert [p.number for p in pages] == [1, 2, 3]
    assert [p.image.size for p in pages] == [(300, 420), (310, 430), (320, 440)]
    assert [p.number for p in load_pages(path, pages=[2])] == [2]


def test_transparent_screenshot_is_flattened_on_white(tmp_path):
    path = tmp_path / "shot.png"
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(path)
    assert load_pages(path)[0].image.getpixel((10, 10)) == (255, 255, 255)


def test_exif_orientation_is_applied(tmp_path):
    path = tmp_path / "phone.jpg"
    stored = _page_image().rotate(90, expand=True)  # pixels stored on their side (420×300)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    stored.save(path, exif=exif)
    page = load_pages(path)[0].image
    assert page.size == (300, 420)
    # the dark bar is back at the top-left
    assert page.getpixel((60, 30))[0] < 80
    assert page.getpixel((60, 400))[0] > 200


def test_photo_with_exif_orientation_reads_upright(small_page, tmp_path):
    plain = photograph(small_page.pdf, tmp_path / "a.jpg", "phone", seed=9)
    tagged = photograph(small_page.pdf, tmp_path / "b.jpg", "phone", seed=9, turn=90,
                        exif_orientation=True)
    with Image.open(tagged) as raw:
        assert raw.size[0] > raw.size[1]  # stored sideways
    assert load_pages(tagged)[0].image.size == load_pages(plain)[0].image.size


def test_pdf_pages_are_rasterised_at_the_asked_dpi(small_page):
    pages = load_pages(small_page.pdf, dpi=100)
    assert len(pages) == 1
    width, height = pages[0].image.size
    assert abs(width - 595 * 100 / 72) < 2 and abs(height - 842 * 100 / 72) < 2
    assert pages[0].dpi == 100


def test_pdf_text_layer_detection(small_page, tmp_path):
    assert pdf_text_pages(small_page.pdf) == {1: True}
    image_only = tmp_path / "scanned.pdf"
    img = load_pages(small_page.pdf, dpi=72)[0].image
    img.save(image_only, save_all=True, append_images=[img])
    assert pdf_text_pages(image_only) == {1: False, 2: False}
    assert len(load_pages(image_only)) == 2


def _png_header_only(path: Path, width: int, height: int) -> None:
    """A PNG whose header claims ``width``×``height`` (no real pixel data behind it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
                     + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("side", [9_200, 40_000])  # above our limit / above Pillow's own
def test_decompression_bomb_is_refused_before_decoding(tmp_path, side):
    assert side * side > MAX_PIXELS
    path = tmp_path / "bomb.png"
    _png_header_only(path, side, side)
    with pytest.raises(InputError) as err:
        load_pages(path)
    assert err.value.code == "image_too_large"
    assert err.value.file == str(path)


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"just some text, not an image", "unknown_format"),
     (b"%PDF-1.4\n garbage", "pdf_broken"),
     (b"", "empty_file")],
)
def test_unreadable_files_give_input_errors(tmp_path, content, code):
    path = tmp_path / "bad.jpg"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_pages(path)
    assert err.value.code == code
    assert "（" in err.value.format()  # Chinese message with its English gloss


def test_truncated_jpeg_is_an_input_error(tmp_path):
    path = tmp_path / "cut.jpg"
    _page_image((800, 800)).save(path, quality=90)
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(InputError) as err:
        load_pages(path)
    assert err.value.code in {"corrupt_image", "unreadable_image"}


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as err:
        load_pages(tmp_path / "nope.jpg")
    assert err.value.code == "file_not_found"


def test_originals_are_not_modified(small_phone):
    before = small_phone.read_bytes()
    load_pages(small_phone)
    assert small_phone.read_bytes() == before


def test_truncated_jpeg_is_refused_even_when_pillow_is_told_to_load_truncated(tmp_path,
                                                                              monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as weasyprint's import does
    path = tmp_path / "cut.jpg"
    _page_image((800, 800)).save(path, quality=90)
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(InputError) as err:
        load_pages(path)
    assert err.value.code in {"corrupt_image", "unreadable_image"}
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # the global is left as it was
