"""What the desk accepts as an upload: size and type limits, safe file names, upload links.

Contract
--------
* :data:`MAX_BYTES` (20 MiB) per file; :data:`ALLOWED` suffixes (photos and PDF, the files a
  phone sends); :func:`check_upload(name, data) -> str` returns the safe name or raises
  :class:`Refused` (a Chinese message for the page): wrong suffix, content that is not what
  the suffix says (magic bytes), empty or oversize file, and -- read from the header, before
  anything is decoded -- more pages or pixels than the extract stage reads
  (:mod:`shebao.limits`: :data:`~shebao.limits.MAX_PDF_PAGES` pages of a PDF,
  :data:`~shebao.limits.MAX_PIXELS` pixels in a photo), so the desk keeps no file its
  reading would refuse for its size.
* :func:`safe_name(name)`: the last path component only, control characters and leading dots
  removed (``../../etc/passwd.pdf`` -> ``passwd.pdf``); the name is only shown and used when a
  case folder is exported; originals are stored by hash.
* :func:`unique_name(name, taken)`: ``image.jpg``, ``image-2.jpg``, ... (phones reuse names).
* :func:`new_token()`: 32 random bytes, URL-safe; :func:`token_hash` is what the store keeps.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import warnings
from pathlib import PurePosixPath, PureWindowsPath

from shebao.limits import MAX_PDF_PAGES, MAX_PIXELS

MAX_BYTES = 20 * 1024 * 1024
LINK_MINUTES = 30

# suffix -> the byte signatures its content may start with
ALLOWED: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".webp": (b"RIFF",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".bmp": (b"BM",),
    ".tif": (b"II*\x00", b"MM\x00*"),
    ".tiff": (b"II*\x00", b"MM\x00*"),
    ".heic": (),  # ISO BMFF: "ftyp" at offset 4, checked below
    ".heif": (),
}


class Refused(Exception):
    """An upload the desk does not take; ``str()`` is the Chinese reason shown on the page."""


def safe_name(name: str) -> str:
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:120] or "upload"


def _looks_like(suffix: str, data: bytes) -> bool:
    if suffix in (".heic", ".heif"):
        return data[4:8] == b"ftyp"
    if suffix == ".webp":
        return data.startswith(b"RIFF") and data[8:12] == b"WEBP"
    return any(data.startswith(sig) for sig in ALLOWED[suffix])


def check_upload(name: str, data: bytes) -> str:
    safe = safe_name(name)
    suffix = PurePosixPath(safe).suffix.lower()
    if suffix not in ALLOWED:
        raise Refused(f"{safe}：只收照片（jpg、png、heic 等）和 PDF")
    if not data:
        raise Refused(f"{safe}：文件是空的")
    if len(data) > MAX_BYTES:
        raise Refused(f"{safe}：文件太大（上限 {MAX_BYTES // (1024 * 1024)} MB）")
    if not _looks_like(suffix, data):
        raise Refused(f"{safe}：文件内容不是{suffix[1:].upper()}（扩展名与内容不符）")
    _check_size_inside(safe, suffix, data)
    return safe


def _check_size_inside(safe: str, suffix: str, data: bytes) -> None:
    """Pages of a PDF and pixels of a photo, from the header (nothing is decoded)."""
    if suffix == ".pdf":
        import pypdfium2

        try:
            pages = len(pypdfium2.PdfDocument(data))
        except pypdfium2.PdfiumError:
            return  # unreadable or encrypted: the reading job says so, with the file named
        if pages > MAX_PDF_PAGES:
            raise Refused(f"{safe}：页数太多（{pages} 页，上限 {MAX_PDF_PAGES} 页）")
        return
    from PIL import Image

    if suffix in (".heic", ".heif"):
        from pillow_heif import register_heif_opener

        register_heif_opener()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        width, height = MAX_PIXELS, 2  # Pillow's own guard: far beyond ours
    except Exception:  # a broken photo: the reading job names the problem
        return
    if width * height > MAX_PIXELS:
        raise Refused(f"{safe}：图片太大（{width}×{height} 像素，上限 "
                      f"{MAX_PIXELS // 1_000_000} 百万像素）")


def unique_name(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    path = PurePosixPath(name)
    n = 2
    while f"{path.stem}-{n}{path.suffix}" in taken:
        n += 1
    return f"{path.stem}-{n}{path.suffix}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
