"""Page geometry without OCR: the sheet in a photo, right-angle turns, skew, replay."""

from __future__ import annotations

import json
import math

import cv2
import numpy as np
from shebao.ingest.ocr.geometry import (
    Geometry,
    deskew,
    find_page_quad,
    orientation_votes,
    rotate_quads,
    rotate_quads_right_angle,
    rotate_right_angle,
    skew_angle,
    warp_size_for,
)
from shebao.ingest.ocr.intake import load_pages


def test_sheet_is_found_in_a_phone_photo(small_phone):
    record = json.loads(small_phone.with_name(small_phone.stem + ".photo.json").read_text())
    image = np.asarray(load_pages(small_phone)[0].image)
    quad = find_page_quad(image)
    assert quad is not None
    truth = np.array(record["page_corners"])
    tolerance = 0.015 * max(image.shape[:2])
    assert np.abs(np.array(quad) - truth).max() < tolerance


def test_scan_has_no_sheet_border(small_scan):
    image = np.asarray(load_pages(small_scan)[0].image)
    assert find_page_quad(image) is None


def test_warp_size_snaps_to_a4():
    quad = ((0, 0), (1000, 10), (1010, 1400), (5, 1390))
    width, height = warp_size_for(quad)
    assert abs(height / width - 297 / 210) < 0.01
    landscape = ((0, 0), (1400, 0), (1400, 1000), (0, 1000))
    width, height = warp_size_for(landscape)
    assert abs(width / height - 297 / 210) < 0.01


def _marked(width=300, height=200):
    image = np.full((height, width, 3), 255, np.uint8)
    quad = ((40.0, 30.0), (140.0, 30.0), (140.0, 50.0), (40.0, 50.0))
    cv2.rectangle(image, (40, 30), (140, 50), (0, 0, 0), -1)
    return image, quad


def _dark_inside(image, quad) -> bool:
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    cx, cy = int(sum(xs) / 4), int(sum(ys) / 4)
    return image[cy, cx].mean() < 50


def test_boxes_turn_exactly_with_the_image():
    image, quad = _marked()
    for degrees in (90, 180, 270):
        turned = rotate_right_angle(image, degrees)
        (moved,) = rotate_quads_right_angle([quad], degrees, 300, 200)
        assert _dark_inside(turned, moved), degrees
        xs = [p[0] for p in moved]
        ys = [p[1] for p in moved]
        if degrees in (90, 270):
            assert max(ys) - min(ys) > max(xs) - min(xs)  # the wide bar is now tall


def test_orientation_votes_from_box_shapes():
    wide = ((0, 0), (100, 0), (100, 20), (0, 20))
    tall = ((0, 0), (20, 0), (20, 100), (0, 100))
    square = ((0, 0), (20, 0), (20, 20), (0, 20))
    assert orientation_votes([wide, wide, tall, square]) == (2, 1)


def test_skew_angle_and_deskew_round_trip():
    image, quad = _marked()
    tilted, matrix = deskew(image, -3.0)  # OpenCV: negative = clockwise, lines slope down
    quads = rotate_quads([quad] * 5, matrix)
    angle = skew_angle(quads)
    assert 2.5 < angle < 3.5
    straight, back = deskew(tilted, angle)
    assert abs(skew_angle(rotate_quads(quads, back))) < 0.2
    assert straight.shape[0] >= image.shape[0]


def test_geometry_replays_the_corrections(small_phone):
    image = np.asarray(load_pages(small_phone)[0].image)
    quad = find_page_quad(image)
    geometry = Geometry(page_quad=[list(p) for p in quad], warp_size=warp_size_for(quad),
                        scale=0.5, rotation=90, skew=1.0)
    out = geometry.apply(image)
    again = Geometry.from_dict(json.loads(json.dumps(geometry.to_dict()))).apply(image)
    assert out.shape == again.shape and np.array_equal(out, again)
    assert out.shape[1] > out.shape[0]  # turned a portrait sheet by 90°


def _line_box(x: float, y: float, length: float, height: float, degrees: float):
    """A text box of ``length`` × ``height`` whose long edge slopes by ``degrees`` (y down)."""
    t = math.radians(degrees)
    ux, uy = math.cos(t), math.sin(t)
    nx, ny = -uy, ux
    return ((x, y), (x + length * ux, y + length * uy),
            (x + length * ux + height * nx, y + length * uy + height * ny),
            (x + height * nx, y + height * ny))


def test_skew_follows_the_text_lines_not_a_diagonal_watermark():
    # a pay slip: a few dozen short table words tilted 0.6°, and a repeated diagonal watermark
    # whose long boxes outweigh them by width (it used to turn such pages by about -30°)
    table = [_line_box(100 + 150 * (i % 6), 200 + 40 * (i // 6), 90, 20, 0.6) for i in range(36)]
    watermark = [_line_box(200, 1500 + 300 * i, 1400, 60, -30.0) for i in range(6)]
    assert abs(skew_angle(table + watermark) - 0.6) < 0.05
    # a tilt below a degree is still measured when the watermark is there
    small = [_line_box(100 + 150 * (i % 6), 200 + 40 * (i // 6), 90, 20, 0.38) for i in range(36)]
    assert abs(skew_angle(small + watermark) - 0.38) < 0.05
