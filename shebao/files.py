"""File facts shared by every stage: a file's SHA-256 and the user's cache folder.

Contract
--------
:func:`sha256_file` ``(path) -> str``: the hex SHA-256 of the file's bytes (read in 1 MiB
chunks), the identity by which records, evidence bundles and caches name a file.

:func:`cache_root` ``() -> Path``: ``$SHEBAO_CACHE`` (``[paths] cache`` in the config file),
else ``~/.cache/shebao``; not created here. Stages keep their own sub-folder in it (OCR results
in ``ocr/``, the int8 detector in ``models/``).

:data:`IMAGE_SUFFIXES`: the file endings read as page images (by OCR).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

CACHE_ENV = "SHEBAO_CACHE"
# photos and scans read by OCR (HEIC/HEIF through pillow-heif)
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff",
                            ".heic", ".heif"})


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cache_root() -> Path:
    root = os.environ.get(CACHE_ENV)
    return Path(root).expanduser() if root else Path.home() / ".cache" / "shebao"
