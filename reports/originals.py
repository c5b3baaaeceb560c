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
groups, or an original that cannot be opened (corrupt PDF, unreadable photo or spreadsheet,
a damaged, encrypted or oversized Word file), raises :class:`~shebao.errors.InputError`
naming it. ``document_groups(case_dir, case)``
returns the validated groups as paths (the audit reads each as one document). Unsupported
files are not evidence; they are returned in ``Originals.skipped`` so ``shebao case check``
can list them.

Every original -- a file named in ``case.yaml`` (``evidence:``, ``documents:``) or found in the
folder -- must resolve, symbolic links included, to a file inside the case folder: an
absolute path, a ``../`` path or a link to a file elsewhere is refused in one line naming the
entry (``original_outside_case``), so nothing outside the case can enter a bundle.

Word files (``.docx``) are originals like the others: checked as a Word package (a file with
an opening password is refused as ``original_encrypted``, an old ``.doc`` renamed ``.docx`` or
a damaged one as ``original_unreadable``, one that would unpack past the extract stage's
limits of :mod:`shebao.limits` as ``too_large``). They cannot be a ``documents:`` group's
page: a Word file is a whole document on its own (its pictures are read as its pages).

Originals are opened read-only and never modified; hashing reads the bytes once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from shebao.errors import InputError

from .case import CASE_FILE, Case

if TYPE_CHECKING:
    from .excerpt import Excerpt

Kind = Literal["pdf", "photo", "spreadsheet", "word"]

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
    ".docx": "word",
}
# what ``Original.pages`` counts, as people read it (case check, evidence index)
UNITS: dict[str, str] = {"pdf": "页", "photo": "页", "spreadsheet": "表", "word": "份",
                         "excerpt": "页"}  # excerpt: one person's rows (.excerpt)
ORIGINAL_FORMATS = "PDF、照片、Word（docx）、xlsx、csv"  # the supported originals, for messages


@dataclass(frozen=True)
class Original:
    path: Path
    name: str  # path relative to the case folder, POSIX style
    kind: Kind
    sha256: str
    size: int
    pages: int  # pages of a PDF; frames of an image (1, or more for a TIFF scan); sheets of a
    # spreadsheet; 1 for a Word file (one document: its printed pages depend on the fonts and
    # printer of whoever opens it, and the count a .docx stores is not reliable -- python-docx
    # writes its template's 1). Spreadsheets' and Word files' pages in a bundle are the pages
    # of their transcription, counted when the bundle is laid out (:attr:`unit` says which).
    excerpt: Excerpt | None = None  # set: the bundle prints only one person's rows of this
    # multi-person original (:mod:`.excerpt`), never the original itself

    @property
    def unit(self) -> str:
        return "页" if self.excerpt is not None else UNITS[self.kind]


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


CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: old .doc, or encrypted OOXML


def _check_word(path: Path, data: bytes) -> int:
    """A Word package that python-docx opens, within the extract stage's zip limits."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    from shebao.limits import MAX_UNZIPPED_BYTES, zip_too_large

    if data.startswith(CFB_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError("Word 文件设置了打开密码（已加密），无法打开；请提供未加密的副本",
                             "the Word file is encrypted (password to open)", path,
                             code="original_encrypted")
        raise InputError("这是旧版 Word 文件（.doc），不是 docx；请在 Word 或 WPS 中另存为 .docx "
                         "或 PDF", "an old Word .doc file named .docx", path,
                         code="original_unreadable")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = zip_too_large(archive.infolist())
        if total is not None:
            raise InputError(f"Word 文件解压后过大（{total:.0f} MB，上限 "
                             f"{MAX_UNZIPPED_BYTES >> 20} MB），可能是损坏或恶意文件",
                             f"the Word file would unpack to {total:.0f} MB", path,
                             code="too_large")
        Document(io.BytesIO(data))
    except InputError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputError("Word 文件已损坏或不是 docx 格式，无法打开",
                         f"unreadable Word file: {exc}", path,
                         code="original_unreadable") from exc
    return 1


_CHECKS = {"pdf": _check_pdf, "photo": _check_photo, "spreadsheet": _check_sheet,
           "word": _check_word}


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
            if not is_evidence_file(rel) or SUPPORTED[rel.suffix.lower()] in ("spreadsheet",
                                                                                "word"):
                raise InputError(f"case.yaml 的 documents 只能列出案件文件夹中的照片或 PDF"
                                 f"（电子表格、Word 文件各自就是一份完整的材料）：{file}",
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
            raise InputError(f"不支持的原件格式（支持 {ORIGINAL_FORMATS}）",
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
