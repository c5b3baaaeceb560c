"""Phone-photo and scanner versions of generated documents, for the OCR path.

Contract
--------
:func:`photograph` ``(pdf, out, style="phone"|"scan", seed=0, page=1, turn=0,
exif_orientation=None) -> Path`` renders one page of a PDF (normally one written by the
statement generator, whose ground truth then applies unchanged) and degrades it the way the
documents arrive at a drop-in session:

``phone``
    the sheet on a darker textured table (a background border all round), turned by a small
    angle (±4°), photographed at a slant (perspective: each corner moved by up to 4 % of the
    page), uneven light (a falloff from one side and a vignette), slight defocus blur, sensor
    noise, and JPEG compression (quality 72-88). About 8 MP, like a phone camera.
``scan``
    a 200-dpi greyscale flatbed scan: a slight misfeed angle (±0.8°), mild noise, PNG (or TIFF
    when ``out`` ends in ``.tif``/``.tiff``) with the dpi recorded.

``turn`` rotates the pixels clockwise by 90/180/270 (a photo taken sideways or upside down);
``exif_orientation`` instead stores the pixels turned and writes the EXIF Orientation tag that
undoes it (as phones do), so a reader that honours EXIF sees the page upright.

Everything is deterministic for a given ``seed``. Next to ``out`` a ``<name>.photo.json`` file
records the source, page, style, seed and every transform parameter (the ground truth of the
document itself is the generator's, for the PDF). The original PDF is only read.

:func:`photograph_all` does every page of a PDF (``<stem>-p<N>.<ext>``). A file that is not a
PDF, or is damaged or encrypted, raises :class:`~shebao.errors.InputError` naming it.

Ground truth for the images
---------------------------
:func:`find_truth` ``(pdf) -> TruthSearch`` finds the generator's truth of a PDF by one rule:
``<PDF name>.truth.json`` in the first of :data:`TRUTH_PLACES` (relative to the PDF's folder:
the folder itself, where ``shebao samples generate`` writes it; its ``truth/`` subfolder and
the parent's ``truth/`` folder, where the demo set keeps it, also for ``case-D/``) that holds
one whose ``document.sha256`` is the PDF's. A truth file of the same name that describes other
bytes (the PDF was regenerated or edited since) is never used; it is reported in ``stale``.

:func:`photo_truth` ``(pdf, truth, images) -> (path, dict)`` turns that truth into the truth of the
images: ``document.method = "ocr"``, ``document.file``/``sha256`` those of the first image;
one image -> ``<image>.truth.json`` beside it; several (the pages of one PDF) ->
``<stem>-photos.truth.json`` beside the first, with ``document.files`` listing every image
with its sha256 and page range in page order - what ``shebao extract <stem>-p1.png
<stem>-p2.png … --as-one-document --json`` must return. Records keep their page numbers
(image N is page N).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image
from shebao.samples.demo_set import TRUTH_DIR

from shebao.errors import InputError

STYLES = ("phone", "scan")
PHONE_DPI = 220  # the sheet's resolution inside the photo, before the slant
SCAN_DPI = 200
EXIF_ORIENTATION_TAG = 0x0112
# Where a PDF's truth may lie, relative to the PDF's folder, in the order searched: beside the
# PDF (``shebao samples generate``), then the demo set's ``truth/`` folder (``write_demo``),
# for the top-level documents and for those of a case folder such as ``case-D/``.
TRUTH_PLACES = (".", TRUTH_DIR, f"../{TRUTH_DIR}")
# EXIF Orientation value that tells a viewer to turn the stored pixels clockwise by N degrees
_EXIF_FOR_TURN = {90: 6, 180: 3, 270: 8}


def _open_pdf(pdf: Path):
    """The PDF opened with pypdfium2, or an :class:`InputError` saying why it cannot be."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError("PDF文件已加密，需要密码才能打开", "the PDF is encrypted", pdf,
                             code="encrypted") from exc
        if pdf.stat().st_size == 0:
            raise InputError("文件是空的（0 字节）", "the file is empty", pdf,
                             code="empty") from exc
        if pdf.suffix.lower() != ".pdf" or pdf.read_bytes()[:1024].find(b"%PDF") < 0:
            raise InputError("不是 PDF 文件：只能把 PDF 样本拍成照片（Excel/CSV 样本没有纸面版）",
                             "not a PDF; only PDF samples can be photographed", pdf,
                             code="not_pdf") from exc
        raise InputError("PDF 文件已损坏，无法打开", "the PDF is damaged and cannot be opened",
                         pdf, code="corrupt") from exc


def _render(pdf: Path, page: int, dpi: int) -> np.ndarray:
    doc = _open_pdf(pdf)
    try:
        bitmap = doc[page - 1].render(scale=dpi / 72)
        return np.asarray(bitmap.to_pil().convert("RGB")).copy()
    finally:
        doc.close()


def _table_texture(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    """A dark wood-like table top: a base colour, low-frequency grain and fine noise."""
    base = np.array(rng.choice([[92, 64, 42], [70, 72, 78], [48, 52, 60], [110, 84, 60]]),
                    dtype=np.float32)
    grain_small = rng.normal(0, 1, (max(2, height // 60), max(2, width // 8))).astype(np.float32)
    grain = cv2.resize(grain_small, (width, height), interpolation=cv2.INTER_CUBIC)
    fine = rng.normal(0, 4, (height, width)).astype(np.float32)
    texture = base[None, None, :] + (grain * 10 + fine)[:, :, None]
    return texture.clip(0, 255)


def _phone(page: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    h, w = page.shape[:2]
    border = rng.uniform(0.06, 0.12)
    out_w, out_h = int(w * (1 + 2 * border)), int(h * (1 + 2 * border))
    angle = float(rng.uniform(-4, 4))
    jitter = rng.uniform(-0.04, 0.04, size=(4, 2)) * np.array([w, h])
    src = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    centre = np.array([out_w / 2, out_h / 2])
    rad = np.radians(angle)
    rot = np.array([[np.cos(rad), -np.sin(rad)], [np.sin(rad), np.cos(rad)]])
    dst = ((src - np.array([w / 2, h / 2]) + jitter) @ rot.T + centre).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    background = _table_texture(rng, out_h, out_w)
    sheet = cv2.warpPerspective(page.astype(np.float32), matrix, (out_w, out_h),
                                flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), matrix, (out_w, out_h),
                               flags=cv2.INTER_LINEAR)
    # soft shadow of the sheet on the table
    shadow = cv2.GaussianBlur(mask, (0, 0), sigmaX=out_w * 0.01)
    background *= (1 - 0.35 * shadow)[:, :, None]
    image = sheet * mask[:, :, None] + background * (1 - mask[:, :, None])
    # uneven light: a linear falloff from a random side plus a vignette
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    direction = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(direction) * (xx / out_w - 0.5) + np.sin(direction) * (yy / out_h - 0.5))
    falloff = float(rng.uniform(0.15, 0.3))
    vignette = ((xx / out_w - 0.5) ** 2 + (yy / out_h - 0.5) ** 2) * 0.5
    light = 1.0 - falloff * (ramp + 0.5) - vignette
    warm = np.array([1.0, 0.97, 0.92], dtype=np.float32)
    image = image * light[:, :, None] * warm[None, None, :]
    blur = float(rng.uniform(0.6, 1.2))
    image = cv2.GaussianBlur(image, (0, 0), sigmaX=blur)
    noise = float(rng.uniform(2.5, 5.0))
    image = image + rng.normal(0, noise, image.shape).astype(np.float32)
    image = image.clip(0, 255).astype(np.uint8)
    # phones store about 8 MP; scale to a 3264-px long side
    scale = 3264 / max(out_w, out_h)
    image = cv2.resize(image, (round(out_w * scale), round(out_h * scale)),
                       interpolation=cv2.INTER_AREA)
    params = {"rotation_deg": angle, "corner_jitter_px": jitter.round(1).tolist(),
              "border": border, "light_falloff": falloff, "light_direction_rad": direction,
              "blur_sigma": blur, "noise_sigma": noise, "scale": scale,
              "page_corners": (dst * scale).round(1).tolist()}
    return image, params


def _scan(page: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    gray = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY).astype(np.float32)
    h, w = gray.shape
    angle = float(rng.uniform(-0.8, 0.8))
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    gray = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    # scanner paper is slightly off-white, the glass adds a faint grey cast and noise
    paper = float(rng.uniform(232, 246))
    gray = gray * (paper / 255.0)
    gray = cv2.GaussianBlur(gray, (0, 0), sigmaX=0.5)
    noise = float(rng.uniform(1.5, 3.0))
    gray = (gray + rng.normal(0, noise, gray.shape)).clip(0, 255).astype(np.uint8)
    return gray, {"rotation_deg": angle, "paper_level": paper, "noise_sigma": noise}


def photograph(pdf: str | Path, out: str | Path, style: str = "phone", seed: int = 0,
               page: int = 1, turn: int = 0, exif_orientation: bool = False) -> Path:
    """Write a photo or scan of page ``page`` of ``pdf`` to ``out``. See the module contract."""
    pdf, out = Path(pdf), Path(out)
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    if turn % 90:
        raise ValueError("turn must be a multiple of 90 degrees")
    turn %= 360
    rng = np.random.default_rng(seed)
    if style == "phone":
        image, params = _phone(_render(pdf, page, PHONE_DPI), rng)
    else:
        image, params = _scan(_render(pdf, page, SCAN_DPI), rng)
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    exif = None
    if turn and exif_orientation:
        # store the pixels turned the other way and let the EXIF tag turn them back
        image = cv2.rotate(image, codes[(360 - turn) % 360])
        exif = Image.Exif()
        exif[EXIF_ORIENTATION_TAG] = _EXIF_FOR_TURN[turn]
    elif turn:
        image = cv2.rotate(image, codes[turn])
    pil = Image.fromarray(image)
    out.parent.mkdir(parents=True, exist_ok=True)
    suffix = out.suffix.lower()
    save: dict = {}
    if suffix in (".jpg", ".jpeg"):
        save["quality"] = int(rng.integers(72, 89)) if style == "phone" else 92
    if style == "scan":
        save["dpi"] = (SCAN_DPI, SCAN_DPI)
        if suffix in (".tif", ".tiff"):
            save["compression"] = "tiff_lzw"
    if exif is not None:
        save["exif"] = exif
    pil.save(out, **save)
    record = {"source": pdf.name, "page": page, "style": style, "seed": seed, "turn": turn,
              "exif_orientation": bool(exif is not None), "size": list(pil.size),
              "save": {k: v for k, v in save.items() if k != "exif"}, **params}
    out.with_name(out.stem + ".photo.json").write_text(
        json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def photograph_all(pdf: str | Path, out_dir: str | Path, style: str = "phone", seed: int = 0,
                   ext: str | None = None) -> list[Path]:
    """Photograph every page of ``pdf`` into ``out_dir`` as ``<stem>-p<N>.<ext>``."""
    pdf, out_dir = Path(pdf), Path(out_dir)
    doc = _open_pdf(pdf)
    count = len(doc)
    doc.close()
    ext = ext or ("jpg" if style == "phone" else "png")
    return [photograph(pdf, out_dir / f"{pdf.stem}-p{n}.{ext}", style, seed + n - 1, n)
            for n in range(1, count + 1)]


@dataclass
class TruthSearch:
    """Result of :func:`find_truth`: the truth file used (or None), where it was looked for,
    and truth files of the right name that describe other bytes than the PDF's."""

    path: Path | None
    searched: list[Path]
    stale: list[Path] = field(default_factory=list)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_truth(pdf: str | Path) -> TruthSearch:
    """The generator's truth of ``pdf`` by the rule of the module contract."""
    pdf = Path(pdf)
    digest = _sha256(pdf)
    searched, stale = [], []
    for place in TRUTH_PLACES:
        candidate = Path(os.path.normpath(pdf.parent / place / f"{pdf.name}.truth.json"))
        searched.append(candidate)
        if not candidate.is_file():
            continue
        try:
            document = json.loads(candidate.read_text(encoding="utf-8"))["document"]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            stale.append(candidate)
            continue
        if isinstance(document, dict) and document.get("sha256") == digest:
            return TruthSearch(candidate, searched, stale)
        stale.append(candidate)
    return TruthSearch(None, searched, stale)


def photo_truth(pdf: str | Path, truth: dict, images: list[Path]) -> tuple[Path, dict]:
    """Where the truth of ``images`` (the pages of ``pdf``, in order) goes, and that truth."""
    files = [{"file": p.name, "sha256": _sha256(p), "pages": [n, n]}
             for n, p in enumerate(images, start=1)]
    document = dict(truth["document"], method="ocr", file=files[0]["file"],
                    sha256=files[0]["sha256"])
    if len(images) == 1:
        return images[0].with_name(f"{images[0].name}.truth.json"), dict(truth, document=document)
    document["files"] = files
    return (images[0].with_name(f"{Path(pdf).stem}-photos.truth.json"),
            dict(truth, document=document))
