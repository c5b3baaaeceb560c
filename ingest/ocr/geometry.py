"""Page geometry: find the sheet in a photo, turn it upright, straighten it.

Contract
--------
All functions are pure: they take ``numpy`` RGB arrays (H×W×3, uint8) and quadrilaterals
(four ``(x, y)`` points: top-left, top-right, bottom-right, bottom-left) and return new ones.

* :func:`find_page_quad` - the sheet of paper on a darker background, or None when the image
  is already just the page (scan, screenshot, rendered PDF) or no sheet stands out.
* :func:`warp_quad` - perspective-correct that sheet to a rectangle with the proportions of
  A4 (portrait or landscape) when it is close to them, else its own measured proportions.
* :func:`rotate_right_angle` / :func:`rotate_quads_right_angle` - exact 90° turns of an
  image and of boxes found in it (clockwise degrees: 0, 90, 180, 270).
* :func:`skew_angle` - the text lines' slope in degrees from detected boxes;
  :func:`deskew` / :func:`rotate_quads` apply a small rotation to the image and to boxes.
* :func:`orientation_votes` - how many detected boxes are wide (text running left-right)
  against tall (text running top-bottom, so the page is on its side).

:class:`Geometry` records what was done to a page, so the same corrected image can be
re-created from the original (for ``--debug-image``) without running OCR again.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import cv2
import numpy as np

from .engines import Quad

A4_RATIO = 297 / 210


@dataclass
class Geometry:
    """The corrections applied to one page, in the order they are applied."""

    page_quad: list[list[float]] | None = None  # sheet corners in the original image
    warp_size: tuple[int, int] | None = None  # (width, height) after perspective correction
    scale: float = 1.0  # resize factor applied after the warp
    rotation: int = 0  # clockwise right-angle turn
    skew: float = 0.0  # degrees rotated (counter-clockwise positive, OpenCV convention)
    size: tuple[int, int] = field(default=(0, 0))  # final (width, height)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Geometry:
        data = dict(data)
        for key in ("warp_size", "size"):
            if data.get(key) is not None:
                data[key] = tuple(data[key])
        return cls(**data)

    def apply(self, image: np.ndarray) -> np.ndarray:
        """Re-create the corrected page image from the original image."""
        if self.page_quad is not None and self.warp_size is not None:
            image = warp_quad(image, _as_quad(self.page_quad), self.warp_size)
        if self.scale != 1.0:
            image = resize(image, self.scale)
        image = rotate_right_angle(image, self.rotation)
        if self.skew:
            image, _ = deskew(image, self.skew)
        return image


def _as_quad(points) -> Quad:
    pts = [(float(p[0]), float(p[1])) for p in points]
    return (pts[0], pts[1], pts[2], pts[3])


def order_points(pts: np.ndarray) -> np.ndarray:
    """Four points ordered top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(pts, dtype=np.float32).reshape(4, 2)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
                    dtype=np.float32)


def resize(image: np.ndarray, scale: float) -> np.ndarray:
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    h, w = image.shape[:2]
    return cv2.resize(image, (max(1, round(w * scale)), max(1, round(h * scale))),
                      interpolation=interp)


def find_page_quad(image: np.ndarray, min_area: float = 0.2) -> Quad | None:
    """The corners of a bright sheet on a darker background, if there is one.

    Returns None when the brightest large region already fills (nearly) the whole frame, when
    no four-cornered region of at least ``min_area`` of the frame is found, or when the region
    is not clearly brighter than what surrounds it.
    """
    h, w = image.shape[:2]
    scale = 800 / max(h, w)
    small = resize(image, scale) if scale < 1 else image
    scale = min(scale, 1.0)
    gray = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    gray = cv2.GaussianBlur(gray, (7, 7), 0)
    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # close the text and table lines inside the sheet so the sheet is one blob
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(contour)
    sh, sw = gray.shape
    if area < min_area * sh * sw or area > 0.97 * sh * sw:
        return None
    hull = cv2.convexHull(contour)
    peri = cv2.arcLength(hull, True)
    approx = None
    for eps in (0.01, 0.02, 0.03, 0.05):
        candidate = cv2.approxPolyDP(hull, eps * peri, True)
        if len(candidate) == 4:
            approx = candidate
            break
    if approx is None:
        rect = cv2.minAreaRect(hull)
        approx = cv2.boxPoints(rect)
    quad = order_points(approx)
    inside = np.zeros_like(gray)
    cv2.fillPoly(inside, [quad.astype(np.int32)], 255)
    if (inside == 0).sum() < 0.02 * sh * sw:
        return None
    contrast = float(gray[inside > 0].mean()) - float(gray[inside == 0].mean())
    if contrast < 25:
        return None
    quad = quad / scale
    quad[:, 0] = quad[:, 0].clip(0, w - 1)
    quad[:, 1] = quad[:, 1].clip(0, h - 1)
    return _as_quad(quad.tolist())


def warp_size_for(quad: Quad) -> tuple[int, int]:
    """Output size for a sheet: its measured size, snapped to A4 proportions when close."""
    pts = np.array(quad, dtype=np.float32)
    width = (np.linalg.norm(pts[0] - pts[1]) + np.linalg.norm(pts[3] - pts[2])) / 2
    height = (np.linalg.norm(pts[0] - pts[3]) + np.linalg.norm(pts[1] - pts[2])) / 2
    ratio = height / max(width, 1)
    if abs(ratio - A4_RATIO) / A4_RATIO < 0.15:
        height = width * A4_RATIO
    elif abs(ratio - 1 / A4_RATIO) * A4_RATIO < 0.15:
        height = width / A4_RATIO
    return round(width), round(height)


def warp_quad(image: np.ndarray, quad: Quad, size: tuple[int, int]) -> np.ndarray:
    width, height = size
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]],
                      dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(np.array(quad, dtype=np.float32), target)
    return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


_ROTATE_CODES = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
                 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def rotate_right_angle(image: np.ndarray, degrees: int) -> np.ndarray:
    degrees %= 360
    return image if degrees == 0 else cv2.rotate(image, _ROTATE_CODES[degrees])


def rotate_quads_right_angle(quads: list[Quad], degrees: int, width: int,
                             height: int) -> list[Quad]:
    """Boxes found in a ``width``×``height`` image, moved as the image turns clockwise."""
    degrees %= 360
    if degrees == 0:
        return list(quads)

    def move(x: float, y: float) -> tuple[float, float]:
        if degrees == 90:
            return height - y, x
        if degrees == 180:
            return width - x, height - y
        return y, width - x

    out = []
    for quad in quads:
        moved = np.array([move(x, y) for x, y in quad], dtype=np.float32)
        out.append(_as_quad(order_points(moved).tolist()))
    return out


def quad_size(quad: Quad) -> tuple[float, float]:
    pts = np.array(quad, dtype=np.float32)
    width = (np.linalg.norm(pts[0] - pts[1]) + np.linalg.norm(pts[3] - pts[2])) / 2
    height = (np.linalg.norm(pts[0] - pts[3]) + np.linalg.norm(pts[1] - pts[2])) / 2
    return float(width), float(height)


def orientation_votes(quads: list[Quad]) -> tuple[int, int]:
    """(wide, tall): boxes whose axis-aligned extent is clearly wider, or clearly taller."""
    wide = tall = 0
    for quad in quads:
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if w > 1.8 * h:
            wide += 1
        elif h > 1.8 * w:
            tall += 1
    return wide, tall


SKEW_WINDOW = 1.5  # degrees; the long edges of one page's text lines agree within this


def skew_angle(quads: list[Quad]) -> float:
    """Slope (degrees, y down, clockwise positive) of the page's text lines.

    The long edges of wide boxes each give an angle. Table text is most of them and agrees;
    diagonal watermarks (水印), stamp rings and a few misdetections are long but few and at
    other angles. So the angle is taken from the densest :data:`SKEW_WINDOW`-wide cluster of
    edge angles (counted per edge, so a handful of long watermark boxes cannot outvote many
    short lines), then as the width-weighted median inside that cluster."""
    angles: list[float] = []
    weights: list[float] = []
    for quad in quads:
        pts = np.array(quad, dtype=np.float32)
        w, h = quad_size(quad)
        if w < 2.5 * h:
            continue
        for a, b in ((pts[0], pts[1]), (pts[3], pts[2])):
            dx, dy = float(b[0] - a[0]), float(b[1] - a[1])
            if dx > 0:
                angles.append(math.degrees(math.atan2(dy, dx)))
                weights.append(w)
    if len(angles) < 4:
        return 0.0
    values = np.array(angles)
    mass = np.array(weights)
    near = np.abs(values[:, None] - values[None, :]) <= SKEW_WINDOW
    counts = near.sum(axis=1) + near @ mass / mass.sum()  # ties go to the heavier cluster
    cluster = near[int(np.argmax(counts))]
    values, mass = values[cluster], mass[cluster]
    order = np.argsort(values)
    cumulative = np.cumsum(mass[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def _rotation_matrix(width: int, height: int, degrees: float) -> tuple[np.ndarray, int, int]:
    """Rotation about the centre by ``degrees`` (OpenCV sense: counter-clockwise positive),
    with the canvas enlarged so nothing is cut off."""
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w = round(height * sin + width * cos)
    new_h = round(height * cos + width * sin)
    matrix[0, 2] += new_w / 2 - width / 2
    matrix[1, 2] += new_h / 2 - height / 2
    return matrix, new_w, new_h


def deskew(image: np.ndarray, degrees: float) -> tuple[np.ndarray, np.ndarray]:
    """Rotate by ``degrees`` (counter-clockwise positive) on a white-padded larger canvas.
    Returns the image and the 2×3 matrix that maps old pixel positions to new ones."""
    h, w = image.shape[:2]
    matrix, new_w, new_h = _rotation_matrix(w, h, degrees)
    border = tuple(int(v) for v in np.median(image.reshape(-1, image.shape[2])[::97], axis=0))
    out = cv2.warpAffine(image, matrix, (new_w, new_h), flags=cv2.INTER_CUBIC,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=border)
    return out, matrix


def rotate_quads(quads: list[Quad], matrix: np.ndarray) -> list[Quad]:
    out = []
    for quad in quads:
        pts = np.hstack([np.array(quad, dtype=np.float64), np.ones((4, 1))])
        moved = pts @ matrix.T
        out.append(_as_quad(order_points(moved).tolist()))
    return out
