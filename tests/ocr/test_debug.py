"""Debug drawing: boxes, low-confidence cells and the table grid over the corrected page."""

from __future__ import annotations

import numpy as np
from PIL import Image
from shebao.ingest.ocr.debug import draw_debug
from shebao.ingest.words import Rule, Word


def test_low_confidence_words_and_bad_cells_are_marked_red(tmp_path):
    page = np.full((400, 600, 3), 255, np.uint8)
    words = [Word("201901", 20, 20, 120, 44, 0.99), Word("4,492.00", 200, 20, 320, 44, 0.42)]
    grid = {"columns": [(10, 150), (190, 330)], "rows": [(15, 50)],
            "cells": [(190, 15, 330, 50, False)]}
    out = draw_debug(page, words, tmp_path / "debug.png", rules=[Rule(5, 60, 590, 60)],
                     grid=grid)
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert img.shape == (400, 600, 3)
    good_edge, bad_inside = img[20, 70], img[32, 260]
    assert good_edge[1] > good_edge[0]  # green outline on the confident word
    assert bad_inside[0] > bad_inside[1] + 30  # red fill on the doubtful one
    assert img[60, 300][2] > img[60, 300][0]  # the ruling line in blue
    assert (page == 255).all()  # the input image is left as it was
