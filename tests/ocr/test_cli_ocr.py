"""``shebao extract`` on photos and scans through the real CLI and the real model.

OCR is the default for images (no flag); ``--debug-image`` draws the grid;
``--as-one-document`` joins files; a blank photo and a picture that is no statement are refused
with one clear line naming the file; ``shebao samples photo`` writes images with their truth.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from shebao.samples import generate

from shebao.cli import main


@pytest.fixture(scope="module")
def statement(tmp_path_factory) -> Path:
    return generate("L1", 7, tmp_path_factory.mktemp("l1"), months=12).path


@pytest.fixture(scope="module")
def photos(statement, tmp_path_factory) -> Path:
    from shebao.samples.cli import write_truth  # noqa: F401  (the CLI module imports cleanly)

    out = tmp_path_factory.mktemp("photos")
    statement.with_name(f"{statement.name}.truth.json").write_text(
        json.dumps(generate("L1", 7, out / "src", months=12).truth.to_json_dict(),
                   ensure_ascii=False), encoding="utf-8")
    assert main(["samples", "photo", str(statement), "-o", str(out), "--style", "scan"]) == 0
    return out


def test_samples_photo_writes_images_with_their_truth(photos, statement):
    image = photos / f"{statement.stem}-p1.png"
    truth = json.loads((photos / f"{image.name}.truth.json").read_text("utf-8"))
    import hashlib

    assert truth["document"]["method"] == "ocr"
    assert truth["document"]["file"] == image.name
    assert truth["document"]["sha256"] == hashlib.sha256(image.read_bytes()).hexdigest()
    assert truth["contributions"]


def test_photo_is_read_without_a_flag_and_debug_image_drawn(photos, statement, tmp_path, capsys):
    image = photos / f"{statement.stem}-p1.png"
    out, debug = tmp_path / "out.json", tmp_path / "debug.png"
    assert main(["extract", str(image), "--json", "-o", str(out),
                 "--debug-image", str(debug)]) == 0
    data = json.loads(out.read_text("utf-8"))
    truth = json.loads((photos / f"{image.name}.truth.json").read_text("utf-8"))
    assert data["document"]["method"] == "ocr"
    assert data["document"]["layout"] == truth["document"]["layout"]
    assert len(data["contributions"]) == len(truth["contributions"])
    assert {w["code"] for w in data["warnings"]} >= {"ocr_used"}
    assert all(w["page"] == 1 for w in data["warnings"] if w["code"].startswith("ocr_"))
    drawn = np.asarray(Image.open(debug).convert("RGB")).astype(int)
    # translucent orange grid lines over the grey page: warm pixels (red >> blue, green kept)
    red, green, blue = drawn[..., 0], drawn[..., 1], drawn[..., 2]
    orange = (red - blue > 60) & (green > 150)
    assert orange.sum() > 1000
    assert "调试图" in capsys.readouterr().err


def test_several_images_as_one_document(photos, statement, tmp_path):
    image = photos / f"{statement.stem}-p1.png"
    second = tmp_path / "again.png"
    second.write_bytes(image.read_bytes())
    out = tmp_path / "doc.json"
    assert main(["extract", str(image), str(second), "--as-one-document", "-o", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    document = data["document"]
    assert document["pages"] == 2 and document["file"] == image.name
    assert [f["file"] for f in document["files"]] == [image.name, "again.png"]
    assert [f["pages"] for f in document["files"]] == [[1, 1], [2, 2]]
    assert document["files"][0]["sha256"] == document["sha256"]
    used = [w for w in data["warnings"] if w["code"] == "ocr_used"]
    assert [w["page"] for w in used] == [1, 2] and "again.png" in used[1]["message"]


def test_blank_photo_is_refused_as_blank(tmp_path, capsys):
    rng = np.random.default_rng(1)
    paper = (np.full((2339, 1654, 3), 238.0) + rng.normal(0, 2, (2339, 1654, 3)))
    blank = tmp_path / "blank.jpg"
    cv2.imwrite(str(blank), paper.clip(0, 255).astype(np.uint8))
    assert main(["extract", str(blank)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(blank) in err[0] and "空白" in err[0]
    assert "--ocr" not in err[0]


def test_picture_that_is_not_a_statement_is_refused(tmp_path, capsys):
    rng = np.random.default_rng(2)
    art = np.full((1600, 1200, 3), 200, np.uint8)
    for _ in range(30):
        colour = tuple(int(v) for v in rng.integers(0, 255, 3))
        centre = tuple(int(v) for v in rng.integers(0, 1200, 2))
        cv2.circle(art, centre, int(rng.integers(20, 200)), colour, -1)
    cv2.putText(art, "HOLIDAY 2024", (100, 800), cv2.FONT_HERSHEY_SIMPLEX, 3, (0, 0, 0), 6)
    picture = tmp_path / "holiday.png"
    cv2.imwrite(str(picture), art)
    assert main(["extract", str(picture)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(picture) in err[0] and "没有识别出" in err[0]


def test_a_photo_with_text_too_small_is_refused_in_one_readable_line(photos, statement,
                                                                    tmp_path, capsys):
    page = Image.open(photos / f"{statement.stem}-p1.png")
    small = tmp_path / "far-away.png"
    page.resize((page.width // 6, page.height // 6)).save(small)
    assert main(["extract", str(small)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    zh, _, en = line.rpartition("（")
    assert str(small) in zh and "文字太小（约" in zh and "至少需要 12 像素）" in zh
    assert en.startswith("no statement or pay sheet recognised: text too small (") \
        and "像素" not in en


def test_no_ocr_refuses_an_image(photos, statement, capsys):
    image = photos / f"{statement.stem}-p1.png"
    assert main(["extract", "--no-ocr", str(image)]) == 2
    err = capsys.readouterr().err
    assert "--no-ocr" in err and str(image) in err
