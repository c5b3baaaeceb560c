"""The originals of a case: which files they are, their SHA-256, and a check that each opens.

Contract
--------
``find_originals(case_dir, case) -> Originals`` lists the evidence files of a case folder:
every regular file (recursively) with a supported suffix (:data:`SUPPORTED`), except
``case.yaml``, audit results (``*audit*.json``), hidden files and anything under a folder
starting with ``.`` or ``_``. Files listed under ``evidence:`` in ``case.yaml`` come first, in
that order; the rest follow sorted by path; the files of a ``documents:`` group (files that
are one document, e.g. a statement photographed page by page) stand together in the group's
page order, where its first file would stand. A file named in ``case.yaml`` that does not
exist, a group naming a file that is not a photo or PDF of the case or a file named in two
groups, or an original that cannot be opened (corrupt PDF, unreadable photo or spreadsheet),
raises :class:`~shebao.errors.InputError` naming it. ``document_groups(case_dir, case)``
returns the validated groups as paths (the audit reads each as one document). Unsupported
files are not evidence; they are returned in ``Originals.skipped`` so ``shebao case check``
can list them.

Every original -- a file named in ``case.yaml`` (``evidence:``, ``documents:``) or found in the
folder -- must resolve, symbolic links included, to a file inside the case folder: an
absolute path, a ``../`` path or a link to a file elsewhere is refused in one line naming the
entry (``original_outside_case``), so nothing outside the case can enter a bundle.

Originals are opened read-only and never modified; hashing reads the bytes once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from shebao.errors import InputError

from .case import CASE_FILE, Case

Kind = Literal["pdf", "photo", "spreadsheet"]

SUPPORTED: dict[str, Kind] = {
    ".pdf": "pdf",
    ".jpg": "photo",
    ".jpeg": "photo",
    ".png": "photo",
    ".heic": "photo",
    ".heif": "photo",
    ".webp": "photo",
    ".tif": "photo",
    ".tiff": "photo",
    ".xlsx": "spreadsheet",
    ".csv": "spreadsheet",
}


@dataclass(frozen=True)
class Original:
    path: Path
    name: str  # path relative to the case folder, POSIX style
    kind: Kind
    sha256: str
    size: int
    pages: int  # pages of a PDF; frames of an image (1, or more for a TIFF scan); sheets of a
    # spreadsheet (their printed pages are counted when the bundle is laid out)


@dataclass
class Originals:
    files: list[Original] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)




def is_evidence_file(rel: Path) -> bool:
    """Whether a file (path relative to the case folder) is taken as an original."""
    return _is_candidate(rel) and rel.suffix.lower() in SUPPORTED


def _is_candidate(rel: Path) -> bool:
    if any(part.startswith((".", "_")) for part in rel.parts):
        return False
    name = rel.name.lower()
    return not (name == CASE_FILE or (name.endswith(".json") and "audit" in name))


def _check_pdf(path: Path, data: bytes) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("PDF 已加密，无法打开；请提供未加密的副本",
                             "PDF is encrypted", path, code="original_encrypted")
        pages = len(reader.pages)
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError("PDF 文件已损坏或不是 PDF，无法打开", f"unreadable PDF: {exc}", path,
                         code="original_unreadable") from exc
    if pages == 0:
        raise InputError("PDF 没有页面", "PDF has no pages", path, code="original_unreadable")
    return pages


def register_heif() -> None:
    """Let Pillow open HEIC/HEIF photos (iPhones save these)."""
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:  # pragma: no cover - pillow-heif is a declared dependency
        pass


def _check_photo(path: Path, data: bytes) -> int:
    from PIL import Image, UnidentifiedImageError

    register_heif()
    try:
        with Image.open(io.BytesIO(data)) as image:
            frames = getattr(image, "n_frames", 1)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputError("图片已损坏或格式无法识别", f"unreadable image: {exc}", path,
                         code="original_unreadable") from exc
    return frames


def _check_sheet(path: Path, data: bytes) -> int:
    if path.suffix.lower() == ".csv":
        read_csv_rows(path, data)
        return 1
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = len(book.sheetnames)
        book.close()
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError("电子表格已损坏，无法打开", f"unreadable spreadsheet: {exc}", path,
                         code="original_unreadable") from exc
    return sheets


def read_csv_rows(path: Path, data: bytes | None = None) -> list[list[str]]:
    """Rows of a CSV original; UTF-8 (with or without BOM) or GB18030, as Excel in China writes."""
    raw = path.read_bytes() if data is None else data
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [row for row in csv.reader(io.StringIO(text))]
    raise InputError("CSV 文件编码无法识别（应为 UTF-8 或 GBK）", "CSV is neither UTF-8 nor GBK",
                     path, code="original_unreadable")


_CHECKS = {"pdf": _check_pdf, "photo": _check_photo, "spreadsheet": _check_sheet}


def confined(case_dir: Path, entry: str | Path, where: str = "") -> Path:
    """``case_dir / entry`` when it resolves (links included) inside the case folder; an
    :class:`InputError` naming the entry otherwise (module contract)."""
    path = case_dir / entry
    root = case_dir.resolve()
    try:
        real = path.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links
        raise InputError(f"{where}原件路径无法解析：{entry}", f"cannot resolve {entry}: {exc}",
                         path, code="original_unreadable") from exc
    if Path(entry).is_absolute() or not real.is_relative_to(root) or real == root:
        raise InputError(f"{where}原件不在案件文件夹内（绝对路径、../ 或指向别处的链接）：{entry}",
                         f"original outside the case folder (absolute path, ../ or a link "
                         f"elsewhere): {entry}", path, code="original_outside_case")
    return path


def open_original(path: Path, case_dir: Path) -> Original:
    """Hash and check one original (read-only)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("原件无法读取", f"cannot read original: {exc.strerror}", path,
                         code="original_unreadable") from exc
    kind = SUPPORTED[path.suffix.lower()]
    pages = _CHECKS[kind](path, data)
    return Original(
        path=path,
        name=path.relative_to(case_dir).as_posix(),
        kind=kind,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        pages=pages,
    )


def document_groups(case_dir: Path, case: Case) -> list[list[Path]]:
    """The ``documents:`` groups of ``case.yaml`` as paths, checked (see the contract)."""
    groups: list[list[Path]] = []
    seen: set[Path] = set()
    for group in case.documents:
        paths = []
        for file in group.files:
            path = confined(case_dir, file, "case.yaml 的 documents 中列出的")
            if not path.is_file():
                raise InputError(f"case.yaml 的 documents 中列出的文件不存在：{file}",
                                 f"a file listed under documents is missing: {file}", path,
                                 code="original_missing")
            rel = path.relative_to(case_dir)
            if not is_evidence_file(rel) or SUPPORTED[rel.suffix.lower()] == "spreadsheet":
                raise InputError(f"case.yaml 的 documents 只能列出案件文件夹中的照片或 PDF：{file}",
                                 f"documents may list only photos and PDFs of the case: {file}",
                                 path, code="original_unsupported")
            if path in seen:
                raise InputError(f"case.yaml 的 documents 中 {file} 列了不止一次",
                                 f"{file} is listed more than once under documents", path,
                                 code="case_yaml")
            seen.add(path)
            paths.append(path)
        groups.append(paths)
    return groups


def _in_group_order(paths: list[Path], groups: list[list[Path]]) -> list[Path]:
    """``paths`` with each group's files together, in its order, where its first one stands."""
    group_of = {p: g for g in groups for p in g}
    out: list[Path] = []
    for path in paths:
        group = group_of.get(path)
        if group is None:
            out.append(path)
        elif path not in out:
            out.extend(p for p in group if p in paths)
    return out


def find_originals(case_dir: Path, case: Case) -> Originals:
    out = Originals()
    groups = document_groups(case_dir, case)
    listed: list[Path] = []
    for note in case.evidence:
        path = confined(case_dir, note.file, "case.yaml 列出的")
        if not path.is_file():
            raise InputError(f"case.yaml 列出的原件不存在：{note.file}",
                             f"original listed in case.yaml is missing: {note.file}",
                             path, code="original_missing")
        if path.suffix.lower() not in SUPPORTED:
            raise InputError("不支持的原件格式（支持 PDF、照片、xlsx、csv）",
                             "unsupported original format", path, code="original_unsupported")
        listed.append(path)
    rest = []
    for path in sorted(case_dir.rglob("*")):
        rel = path.relative_to(case_dir)
        if not path.is_file() or not _is_candidate(rel) or path in listed:
            continue
        if path.suffix.lower() in SUPPORTED:
            rest.append(confined(case_dir, rel))
        else:
            out.skipped.append(rel.as_posix())
    ordered = _in_group_order([*listed, *rest], groups)
    out.files = [open_original(path, case_dir) for path in ordered]
    return out
