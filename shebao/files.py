"""File facts shared by every stage: a file's SHA-256 and the user's cache folder.

Contract
--------
:func:`sha256_file` ``(path) -> str``: the hex SHA-256 of the file's bytes (read in 1 MiB
chunks), the identity by which records, evidence bundles and caches name a file.

:func:`cache_root` ``() -> Path``: ``$SHEBAO_CACHE`` (``[paths] cache`` in the config file),
else ``~/.cache/shebao``; not created here. Stages keep their own sub-folder in it (OCR results
in ``ocr/``, the int8 detector in ``models/``).

:data:`IMAGE_SUFFIXES`: the file endings read as page images (by OCR).

:func:`pages_of_document` ``(items) -> list[Path]``: the files of one document read page by
page (``extract``/``audit --as-one-document``): each file given, and a folder's photos and PDFs
(hidden ones skipped) in natural name order (``p2.jpg`` before ``p10.jpg``); a folder with
none is a :class:`~shebao.errors.UsageError`.

:func:`check_regular` ``(path)``: an :class:`~shebao.errors.InputError` (``not_a_file``) for
a path that is not a regular file -- a pipe, a device or a socket would block a reader for
ever or never end. :func:`input_hash` ``(path)``: :func:`sha256_file` of a regular file; of
anything else (or an unreadable file) a hash of its path, so it can still be named.

:func:`display_text` ``(text)``: a text (a file name read from disk) as it can be printed and
written as UTF-8: bytes that are not UTF-8 (a name made on another system) become U+FFFD.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
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


def check_regular(path: Path) -> None:
    import stat

    from shebao.errors import InputError

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # the reader says what is wrong (missing, no permission)
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise InputError("这不是普通文件（可能是管道、设备或套接字），无法读取",
                         "not a regular file (a pipe, a device or a socket)", path,
                         code="not_a_file")


def input_hash(path: Path) -> str:
    import stat

    try:
        if stat.S_ISREG(os.stat(path).st_mode):
            return sha256_file(path)
    except OSError:
        pass
    return hashlib.sha256(b"not-a-regular-file:" + os.fsencode(path)).hexdigest()


def display_text(text: str) -> str:
    """``text`` with undecodable bytes (surrogate escapes) as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def json_pieces(data: object, indent: int | None = 2, end: str = "\n") -> Iterator[str]:
    """``display_text(json.dumps(data, ensure_ascii=False, indent=indent)) + end`` in pieces
    of about 64k characters, made as they are written: a long document's JSON is not built
    whole beside its records. The json module's pure-Python encoder is used (``iterencode``),
    which also writes :class:`shebao.records.DumpedList` record by record. (Pieces end
    between JSON tokens, so each is checked for undecodable bytes as the whole text was.)"""
    import json

    batch: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False, indent=indent).iterencode(data):
        batch.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            yield display_text("".join(batch))
            batch, size = [], 0
    batch.append(end)
    yield display_text("".join(batch))


def _natural(path: Path) -> list:
    """Sort key: digits as numbers, so ``p2.jpg`` comes before ``p10.jpg``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def pages_of_document(items: Iterable[Path]) -> list[Path]:
    """The files of ``--as-one-document`` (module contract)."""
    from shebao.errors import UsageError

    out: list[Path] = []
    for item in items:
        item = Path(item)
        if not item.is_dir():
            out.append(item)
            continue
        found = sorted((p for p in item.iterdir() if p.is_file() and not p.name.startswith(".")
                        and p.suffix.lower() in (*IMAGE_SUFFIXES, ".pdf")), key=_natural)
        if not found:
            raise UsageError("文件夹中没有照片或 PDF", "no photos or PDFs in the folder", item,
                             code="no_inputs")
        out.extend(found)
    return out
