"""One page image in, upright confidence-scored words out.

Contract
--------
:func:`read_page` ``(image, engine, number) -> OcrPage``:

1. blank check (``ocr_blank_page``: no words, stop);
2. perspective: a sheet photographed on a darker background is found and warped to A4
   proportions (``ocr_perspective_corrected``);
3. scale: pages are brought to a working size (long side at most :data:`MAX_SIDE`, small
   images enlarged so that glyphs are readable, ``ocr_upscaled``);
4. text detection (on the smallest copy that keeps glyphs 16 px high); the page's
   right-angle orientation (0/90/180/270) is decided before any row grouping: boxes taller
   than wide vote for a quarter turn, then the text-line orientation classifier votes over a
   sample of line crops between 0° and 180°
   (``ocr_rotated``); image and boxes are turned together, exactly;
5. skew from the slope of the boxes' long edges; above :data:`MIN_SKEW` degrees the page and
   boxes are rotated straight (``ocr_deskewed``);
6. glyph height check (``ocr_low_resolution``) and sharpness check (``ocr_blurry``);
7. recognition of every box on the corrected page (no line classifier needed: it is upright);
8. words with axis-aligned boxes in the corrected page's pixel space, confidence = recognition
   score; low-confidence count (``ocr_low_confidence``) and a "does this look like a table"
   check (``ocr_no_table_text``).

Both engines (RapidOCR, paddleocr) detect and read separately, so detection runs once and
only the boxes are recognised on the corrected page.

The :class:`~.geometry.Geometry` of each page is returned so the corrected image can be
re-created from the original for debug drawings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from shebao.ingest.words import Rule, Word

from . import quality
from .engines import Line, OcrEngine, Quad, crop_quad
from .geometry import (
    Geometry,
    deskew,
    find_page_quad,
    orientation_votes,
    quad_size,
    resize,
    rotate_quads,
    rotate_quads_right_angle,
    rotate_right_angle,
    skew_angle,
    warp_quad,
    warp_size_for,
)
from .notes import note
from .rules import find_rules

MAX_SIDE = 2400  # ≈ A4 at 200 dpi; larger photos are reduced (det time grows with area)
MIN_SKEW = 0.3  # degrees; below this rows group fine without rotating the image
ORIENTATION_SAMPLES = 24  # line crops that vote on 0° vs 180°
LIST_LOW = 10  # low-confidence words named (text, box, score) in the note
MIN_TEXT_SCORE = 0.3  # recognitions below this are noise (table lines, specks), not words
PROBE_MAX_SIDE = 960  # a first detection on a small copy measures the glyph height ...
DET_GLYPH_PX = 16  # ... then detection runs at the scale that gives glyphs this height
DET_MIN_GLYPH_PX = 14  # (the probe's boxes are kept when its glyphs are already this tall;
# smaller print merges two-line labels into one box: L6 pay sheets read 基本/工资 as 基资)
STACKED_MIN, STACKED_MAX = 1.7, 2.6  # box heights (in median box heights) of two stacked lines
MAX_SLANT = 15.0  # degrees; after deskew, longer boxes slanted more than this are watermarks


@dataclass
class OcrPage:
    number: int
    width: int
    height: int
    words: list[Word] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    geometry: Geometry = field(default_factory=Geometry)
    rules: list[Rule] = field(default_factory=list)
    glyph_px: float | None = None
    sharpness: float | None = None


def _words(lines: list[Line]) -> list[Word]:
    """Words with glyph-tight boxes: the detector's margin (the same on every side) is taken
    off, so that boxes bound the characters as text-layer words do and the two lines of a
    wrapped header label do not overlap."""
    words = []
    for line in lines:
        text = line.text.strip()
        if not text or line.score < MIN_TEXT_SCORE:
            continue
        x0, top, x1, bottom = line.bounds
        margin = min(quad_size(line.quad)) * (1 - 1 / quality.BOX_TO_GLYPH) / 2
        x0, x1 = (x0 + margin, x1 - margin) if x1 - x0 > 2 * margin else (x0, x1)
        top, bottom = (top + margin, bottom - margin) if bottom - top > 2 * margin else (top,
                                                                                         bottom)
        words.append(Word(text, round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1),
                          round(line.score, 4)))
    words.sort(key=lambda w: (round(w.yc / max(w.height, 1)), w.x0))
    return words


def _sample(quads: list[Quad]) -> list[Quad]:
    """Boxes of a few characters (aspect 2.5-8), spread over the page, for orientation tests:
    short enough that recognising them twice costs little, long enough to be unambiguous."""
    medium = [q for q in quads if 2.5 * quad_size(q)[1] < quad_size(q)[0] < 8 * quad_size(q)[1]]
    if len(medium) <= ORIENTATION_SAMPLES:
        return medium
    step = len(medium) / ORIENTATION_SAMPLES
    return [medium[int(i * step)] for i in range(ORIENTATION_SAMPLES)]


def _upside_down(image: np.ndarray, quads: list[Quad], engine: OcrEngine) -> bool:
    """Is the (right-angle corrected) page upside down? Sample lines vote: with the engine's
    line orientation classifier when it has one (fast), else by reading each sample both ways
    up and comparing the recognition scores."""
    sample = _sample(quads) or quads[:ORIENTATION_SAMPLES]
    if not sample:
        return False
    crops = [crop_quad(image, q) for q in sample]
    classify = getattr(engine, "upside_down", None)
    if classify is not None:
        return sum(classify(crops)) > len(crops) / 2
    upright = engine.read_crops(crops)
    flipped = engine.read_crops([np.ascontiguousarray(c[::-1, ::-1]) for c in crops])
    return sum(s for _, s in flipped) > sum(s for _, s in upright) + 0.05 * len(sample)


def _slanted(quad: Quad) -> bool:
    """A clearly elongated box running at an angle: diagonal watermark text, a stamp's ring.
    Table text is horizontal once the page is upright and deskewed."""
    pts = np.array(quad, dtype=np.float64)
    edges = [pts[1] - pts[0], pts[2] - pts[1]]
    lengths = [float(np.hypot(*e)) for e in edges]
    long_edge = edges[int(np.argmax(lengths))]
    if max(lengths) < 1.5 * max(min(lengths), 1.0):
        return False
    angle = abs(np.degrees(np.arctan2(long_edge[1], long_edge[0]))) % 180
    return min(angle, 180 - angle) > MAX_SLANT


def _working_scale(image: np.ndarray) -> float:
    h, w = image.shape[:2]
    return min(1.0, MAX_SIDE / max(h, w))


def read_page(image: np.ndarray, engine: OcrEngine, number: int = 1) -> OcrPage:
    """Read one page image (RGB array). See the module contract."""
    geometry = Geometry()
    notes: list[tuple[str, str]] = []
    if quality.is_blank(image):
        h, w = image.shape[:2]
        geometry.size = (w, h)
        return OcrPage(number, w, h, [], [note("ocr_blank_page")], geometry)

    page_quad = find_page_quad(image)
    if page_quad is not None:
        geometry.page_quad = [list(p) for p in page_quad]
        geometry.warp_size = warp_size_for(page_quad)
        image = warp_quad(image, page_quad, geometry.warp_size)
        notes.append(note("ocr_perspective_corrected"))

    geometry.scale = _working_scale(image)
    if geometry.scale != 1.0:
        image = resize(image, geometry.scale)

    page = _read_split(image, engine, geometry, notes)
    page.number = number
    return page


def _maybe_upscale(image: np.ndarray, quads: list[Quad], geometry: Geometry,
                   notes: list[tuple[str, str]]) -> tuple[np.ndarray, list[Quad], bool]:
    glyph = quality.glyph_height(quads)
    if glyph is None or glyph >= quality.UPSCALE_BELOW_GLYPH_PX:
        return image, quads, False
    factor = min(quality.UPSCALE_TARGET_PX / glyph, 3.0, 4000 / max(image.shape[:2]))
    if factor <= 1.1:
        return image, quads, False
    h, w = image.shape[:2]
    notes.append(note("ocr_upscaled", width=w, height=h))
    geometry.scale *= factor
    image = resize(image, factor)
    return image, [tuple((x * factor, y * factor) for x, y in q) for q in quads], True


def _detect(image: np.ndarray, engine) -> list[Quad]:
    """Text boxes in ``image`` coordinates. Detection time grows with the image area, so it
    runs on the smallest copy whose glyphs are still :data:`DET_GLYPH_PX` high: a probe on a
    small copy measures them (and is kept when they are tall enough there)."""

    def scaled(factor: float) -> list[Quad]:
        quads = engine.detect(resize(image, factor) if factor < 1 else image)
        return [tuple((x / factor, y / factor) for x, y in q) for q in quads] if factor < 1 \
            else quads

    probe = min(1.0, PROBE_MAX_SIDE / max(image.shape[:2]))
    quads = scaled(probe)
    if probe >= 1.0:
        return quads
    glyph = quality.glyph_height(quads)  # in full-size pixels
    if glyph is None:  # nothing seen on the small copy: print too small for it, look closer
        return scaled(1.0)
    if glyph * probe >= DET_MIN_GLYPH_PX:
        return quads
    return scaled(min(1.0, DET_GLYPH_PX / glyph))


def _read_split(image: np.ndarray, engine, geometry: Geometry,
                notes: list[tuple[str, str]]) -> OcrPage:
    quads = _detect(image, engine)
    image, quads, upscaled = _maybe_upscale(image, quads, geometry, notes)
    if upscaled:
        quads = engine.detect(image)  # small glyphs: detect again on the enlarged page
    if not quads:
        h, w = image.shape[:2]
        geometry.size = (w, h)
        return OcrPage(0, w, h, [], [*notes, note("ocr_blank_page")], geometry)

    wide, tall = orientation_votes(quads)
    rotation = 90 if tall > wide else 0
    if rotation:
        h, w = image.shape[:2]
        quads = rotate_quads_right_angle(quads, 90, w, h)
        image = rotate_right_angle(image, 90)
    if _upside_down(image, quads, engine):
        h, w = image.shape[:2]
        quads = rotate_quads_right_angle(quads, 180, w, h)
        image = rotate_right_angle(image, 180)
        rotation += 180
    geometry.rotation = rotation
    if rotation:
        notes.append(note("ocr_rotated", degrees=rotation))

    angle = skew_angle(quads)
    if abs(angle) >= MIN_SKEW:
        # boxes slope down to the right by `angle` (clockwise); turn the page back
        image, matrix = deskew(image, angle)
        quads = rotate_quads(quads, matrix)
        geometry.skew = angle
        notes.append(note("ocr_deskewed", degrees=angle))

    level = [q for q in quads if not _slanted(q)]
    if len(level) < len(quads):
        notes.append(note("ocr_slanted_text_dropped", count=len(quads) - len(level)))
        quads = level
    results = engine.read(image, quads)
    lines = [Line(q, t, s) for q, (t, s) in zip(quads, results, strict=True)]
    lines = _unstack(image, lines, engine)
    return _finish(image, [ln.quad for ln in lines], lines, geometry, notes)


def _stacked(quad: Quad, line_height: float) -> bool:
    """A narrow box about two text lines tall: the detector merged a label wrapped over two
    lines (实发/工资 in a pay sheet's header) when the lines are set close."""
    w, h = quad_size(quad)
    return STACKED_MIN * line_height <= h <= STACKED_MAX * line_height and w <= 3 * h


def _halves(quad: Quad) -> tuple[Quad, Quad]:
    """The upper and lower halves of an (upright, near axis-aligned) box."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad
    ml, mr = ((x0 + x3) / 2, (y0 + y3) / 2), ((x1 + x2) / 2, (y1 + y2) / 2)
    return ((x0, y0), (x1, y1), mr, ml), (ml, mr, (x2, y2), (x3, y3))


def _unstack(image: np.ndarray, lines: list[Line], engine) -> list[Line]:
    """Boxes that look like two stacked lines are read again as two halves; the halves
    replace the box when both read better than the whole (a tall single line of a title
    does not: its halves are cut glyphs and read worse)."""
    if not lines:
        return lines
    line_height = float(np.median([quad_size(ln.quad)[1] for ln in lines]))
    tall = [k for k, ln in enumerate(lines) if _stacked(ln.quad, line_height)]
    if not tall:
        return lines
    halves = [half for k in tall for half in _halves(lines[k].quad)]
    read = engine.read(image, halves)
    better: dict[int, list[Line]] = {}
    for n, k in enumerate(tall):
        (upper, su), (lower, sl) = read[2 * n], read[2 * n + 1]
        if upper.strip() and lower.strip() and min(su, sl) > lines[k].score:
            better[k] = [Line(halves[2 * n], upper, su), Line(halves[2 * n + 1], lower, sl)]
    return [part for k, ln in enumerate(lines) for part in better.get(k, [ln])]


def _finish(image: np.ndarray, quads: list[Quad], lines: list[Line], geometry: Geometry,
            notes: list[tuple[str, str]]) -> OcrPage:
    h, w = image.shape[:2]
    geometry.size = (w, h)
    words = _words(lines)
    glyph = quality.glyph_height(quads)
    sharp = quality.sharpness(image, quads, glyph)
    if glyph is not None and glyph < quality.MIN_GLYPH_PX * geometry_factor(geometry):
        notes.append(note("ocr_low_resolution", px=glyph / geometry_factor(geometry),
                          min_px=quality.MIN_GLYPH_PX))
    if sharp is not None and sharp < quality.MIN_SHARPNESS:
        notes.append(note("ocr_blurry", sharpness=sharp))
    low = [wd for wd in words if wd.confidence < quality.LOW_CONFIDENCE]
    if low:
        boxes = "；".join(f"“{wd.text}” 位置({wd.x0:.0f},{wd.top:.0f},{wd.x1:.0f},{wd.bottom:.0f}) "
                         f"置信度{score_text(wd.confidence, quality.LOW_CONFIDENCE)}"
                         for wd in low[:LIST_LOW])
        if len(low) > LIST_LOW:
            boxes += f"；等 {len(low)} 处"
        notes.append(note("ocr_low_confidence", count=len(low), threshold=quality.LOW_CONFIDENCE,
                          boxes=boxes))
    table, count, numbers = quality.looks_like_table([wd.text for wd in words])
    if not words:
        notes.append(note("ocr_blank_page"))
    elif not table:
        notes.append(note("ocr_no_table_text", count=count, numbers=numbers))
    rules = find_rules(image, glyph) if words else []
    return OcrPage(0, w, h, words, notes, geometry, rules, glyph, sharp)


def score_text(score: float, threshold: float) -> str:
    """A score as listed beside a threshold it is under: two decimals, or three (truncated)
    when two would round it up to the threshold (0.797 is listed as 0.797, not 0.80)."""
    text = f"{score:.2f}"
    if float(text) >= threshold > score:
        text = f"{math.floor(score * 1000) / 1000:.3f}"
    return text


def geometry_factor(geometry: Geometry) -> float:
    """How much the page was enlarged beyond its original pixels (1.0 when not enlarged)."""
    return max(1.0, geometry.scale)
