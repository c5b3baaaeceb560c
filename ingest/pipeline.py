"""From a file (or from positioned pages) to ``shebao.extract/1``.

Contract:

* :func:`extract_file` (path) -> :class:`~shebao.records.Extract`. Picks a text backend by
  file type (:data:`BACKENDS`), reads the pages, and calls :func:`analyse`. Bad input raises
  :class:`~shebao.errors.InputError` naming the file; the file is only read. It lets the
  words of the text-layer pages go once the tables are read (a long statement's records are
  made without its pages' words alive; ``analyse_file(keep_words=False)``); inspect and the
  desk, which show the pages, keep them (:func:`analyse_file`).
* :func:`analyse_document` (paths) -> Analysis: several files as the pages of one document
  (``--as-one-document``); ``document.files`` lists each file, sha256 and page range.
* Images are always read by OCR when ``ocr`` is true (the CLI default); PDF pages without a
  usable text layer are then OCR'd too (``ocr_used`` warning). A file whose every page is
  blank is refused with ``ocr_blank_page``; an OCR'd picture that is no statement is refused
  naming what the OCR quality checks found (``ocr_no_table_text``, ``ocr_low_resolution``,
  ``ocr_blurry``).
* :func:`extract_pages` (pages, file name, sha256) -> Extract: the seam for other text
  sources. The OCR path calls it with ``PageText(method="ocr")`` pages; nothing here depends
  on pdfplumber.
* On OCR'd pages a header label the OCR lost is put back from the page's other headers (the
  header above every 工资条) or an earlier page's header when they line up
  (``header_label_borrowed`` warning); numbers under no label are reported, not guessed
  (``unlabelled_column``). See :mod:`shebao.ingest.table`.
* :func:`analyse` returns an :class:`Analysis`: the Extract plus what ``shebao inspect``
  shows (profile scores, the chosen profile, each table's header mapping and raw rows).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from shebao.ingest import checks, collector
from shebao.ingest.detect import Score, rank_profiles
from shebao.ingest.insured_list import is_insured_key, list_date, list_employer, read_insured
from shebao.ingest.lexicon import Lexicon
from shebao.ingest.normalize import squash
from shebao.ingest.ocr.notes import split as split_note
from shebao.ingest.payslip import arithmetic as payslip_arithmetic
from shebao.ingest.payslip import is_payslip_key, month_in, read_payslips, title_employer
from shebao.ingest.person import employer_names, person_fields
from shebao.ingest.profiles import Profile, vocabulary
from shebao.ingest.profiles import profile as profile_by_id
from shebao.ingest.proof import prove
from shebao.ingest.reread import second_look, second_look_cells
from shebao.ingest.roles import ColumnRole, apply_roles, role_zh, roles_for
from shebao.ingest.statement import Context, has_amounts, is_statement_key, read_rows
from shebao.ingest.table import (
    Header,
    Line,
    RawRow,
    Table,
    find_tables,
    incomplete_headers,
    page_lines,
    side_by_side_blocks,
    split_side_by_side,
    top_lines,
)
from shebao.ingest.words import PageText, TextBackend, Word

from shebao.errors import InputError, ShebaoError
from shebao.files import IMAGE_SUFFIXES, check_regular, sha256_file
from shebao.records import Document, Extract, Person, Warning


def _pdf_backend() -> TextBackend:
    from shebao.ingest.pdf import PdfTextBackend

    return PdfTextBackend()


def _sheet_backend() -> TextBackend:
    from shebao.ingest.sheets import SpreadsheetBackend

    return SpreadsheetBackend()


# file suffix -> backend factory (text sources for born-digital documents)
BACKENDS: dict[str, Callable[[], TextBackend]] = {
    ".pdf": _pdf_backend,
    ".xlsx": _sheet_backend,
    ".xlsm": _sheet_backend,
    ".csv": _sheet_backend,
}


@dataclass
class TableView:
    """One table as the reader saw it (for ``inspect``)."""

    page: int
    header: Header
    rows: list[RawRow]


@dataclass
class Analysis:
    extract: Extract
    scores: list[Score]
    profile: Profile | None
    tables: list[TableView] = field(default_factory=list)
    tried: list[str] = field(default_factory=list)
    pages: list[PageText] = field(default_factory=list)
    # per page of ``pages``: the file it came from and its page number in that file
    origins: list[tuple[Path, int]] = field(default_factory=list)




def _ocr_backend(path: Path) -> TextBackend:
    """The OCR backend of :mod:`shebao.ingest.ocr`, when it is installed and can run here."""
    try:
        from shebao.ingest.ocr.backend import OcrBackend
    except ImportError as exc:
        raise InputError(
            "OCR 模块不可用", f"the OCR module is not available ({exc})", path, "ocr_unavailable"
        ) from exc
    backend = OcrBackend()
    try:
        _ = backend.engine  # the chosen engine; raises with its own reason when it cannot run
    except InputError as exc:
        raise InputError(exc.zh, exc.en, path, exc.code) from None
    return backend


def _ocr_pages(path: Path, pages: list[int] | None = None) -> list[PageText]:
    backend = _ocr_backend(path)
    try:
        return list(backend.pages(path) if pages is None else backend.pages(path, pages=pages))
    except ShebaoError:
        raise
    except Exception as exc:  # an engine failure must not end the batch with a traceback
        raise InputError(
            "OCR 识别失败", f"OCR failed ({type(exc).__name__}: {exc})", path, "ocr_failed"
        ) from exc


def _needs_ocr(page: PageText) -> bool:
    return any(code in ("no_text", "cid_glyphs", "image_page") for code, _ in page.notes)


def _is_pdf_name(where: Path | str) -> bool:
    """A PDF by its name or, whatever it is named, by its first bytes."""
    return str(where).lower().endswith(".pdf") or _is_pdf(Path(where))


def _refuse_blank(pages: list[PageText], path: Path) -> None:
    """A document whose every OCR'd page is blank is refused as such (not as "needs OCR")."""
    if pages and all(any(c == "ocr_blank_page" for c, _ in p.notes) for p in pages):
        if _is_pdf_name(path):  # a PDF is not a photo: no advice to retake it
            raise InputError(
                "PDF 中没有任何文字：各页既没有文字层，OCR 也没有识别出文字（可能是空白页）；"
                "请确认这是缴费明细或工资条的 PDF，扫描件请重新扫描清楚",
                "no text in the PDF: its pages have no text layer and OCR found none (blank "
                "pages?); check that it is the statement or pay slip, and rescan a scan",
                path,
                "ocr_blank_page",
            )
        raise InputError(
            "空白页：图片中没有找到任何文字，请确认拍的是缴费明细或工资条，并在光线充足处重新拍摄",
            "blank page: no text found in the image; check that it shows a statement or pay "
            "slip and retake it in good light",
            path,
            "ocr_blank_page",
        )


def read_pages(path: Path, ocr: bool = False, refuse_blank: bool = True) -> list[PageText]:
    """The document's pages as positioned text. With ``ocr``, images are read by OCR and PDF
    pages without a usable text layer are replaced by their OCR reading (each such page
    carries an ``ocr_used`` note). A file whose every OCR'd page is blank is refused
    (``ocr_blank_page``) unless ``refuse_blank`` is False."""
    path = Path(path)
    if not path.exists():
        raise InputError("文件不存在", "file not found", path, "missing_file")
    if path.is_dir():
        raise InputError(
            "这是一个文件夹，不是文件", "this is a directory, not a file", path, "not_a_file"
        )
    check_regular(path)  # a pipe or a device would block for ever
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES and _is_pdf(path):
        suffix = ".pdf"  # a PDF named .jpg: read its text layer, not a picture of it
    try:
        if suffix in IMAGE_SUFFIXES:
            if not ocr:
                raise InputError(
                    "图片需要 OCR 识别，请不要使用 --no-ocr 选项",
                    "images need OCR; drop the --no-ocr option",
                    path,
                    "needs_ocr",
                )
            pages = _ocr_pages(path)
            if refuse_blank:
                _refuse_blank(pages, path)
            return pages
        if suffix == ".docx":
            return _docx_pages(path, ocr, refuse_blank)
        if suffix in (".doc", ".wps"):
            raise InputError(
                f"旧版 Word/WPS 文件（{suffix}）无法直接读取，请在 Word 或 WPS 中另存为 .docx "
                "或 PDF 后再试",
                f"old Word/WPS files ({suffix}) cannot be read; save it as .docx or PDF",
                path,
                "unsupported_type",
            )
        factory = BACKENDS.get(suffix)
        if factory is None:
            raise InputError(
                f"不支持的文件类型 {suffix or '（无扩展名）'}，支持 PDF、Word（docx）、xlsx、csv "
                "和图片",
                f"unsupported file type {suffix or '(none)'}; PDF, Word (docx), xlsx, csv and "
                "images are supported",
                path,
                "unsupported_type",
            )
        pages = list(factory().pages(path))
        wanted = [p.number for p in pages if _needs_ocr(p)]
        if ocr and wanted and suffix == ".pdf":
            read = {p.number: p for p in _ocr_pages(path, wanted)}
            pages = [read.get(p.number, p) for p in pages]
            if refuse_blank and all(p.method == "ocr" for p in pages):
                _refuse_blank(pages, path)
        return pages
    except PermissionError as exc:
        raise InputError("没有读取权限", "permission denied", path, "unreadable") from exc


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False


def _docx_pages(path: Path, ocr: bool, refuse_blank: bool) -> list[PageText]:
    """A Word file: its body as a grid page (tables and paragraphs, :mod:`.docx`), then each
    picture large enough to be a photo or scan of a page read by OCR as a page of its own
    (``ocr_used`` note naming the picture). Without OCR, pictures are not read: a file that
    holds nothing else is refused (``needs_ocr``)."""
    import tempfile

    from shebao.ingest.docx import MIN_PICTURE_SIDE, DocxBackend, pictures

    pages = list(DocxBackend().pages(path))
    shots = [p for p in pictures(path) if min(p[3]) >= MIN_PICTURE_SIDE]
    if shots and not ocr:
        if not pages:
            raise InputError(
                "Word 文件中只有图片，需要 OCR 识别（请不要使用 --no-ocr 选项）",
                "the Word file holds only pictures; they need OCR (drop --no-ocr)",
                path,
                "needs_ocr",
            )
        pages[0].notes.append(("docx_pictures_unread",
                               f"Word 文件中有 {len(shots)} 张图片未识别（使用了 --no-ocr）"))
    if shots and ocr:
        with tempfile.TemporaryDirectory(prefix="shebao-docx-") as tmp:
            for name, suffix, blob, _ in shots:
                picture = Path(tmp) / f"{Path(name).stem}{suffix}"
                picture.write_bytes(blob)
                for page in _ocr_pages(picture):
                    page.number = len(pages) + 1
                    page.notes = [(c, f"{m}（Word 文件中的图片 {name}）" if c == "ocr_used" else m)
                                  for c, m in page.notes]
                    if not any(c == "ocr_used" for c, _ in page.notes):
                        page.notes.append(("ocr_used", f"第{page.number}页是 Word 文件中的图片"
                                                       f" {name}，已用 OCR 识别"))
                    pages.append(page)
        if refuse_blank and all(p.method == "ocr" for p in pages):
            _refuse_blank(pages, path)
    if not pages:
        raise InputError("Word 文件中没有文字、表格或图片", "the Word file is empty", path,
                         "empty_file")
    return pages


def extract_file(path: Path, profile_id: str | None = None, ocr: bool = False,
                 corrections: Sequence = ()) -> Extract:
    return analyse_file(path, profile_id, ocr, corrections, keep_words=False).extract


def analyse_file(path: Path, profile_id: str | None = None, ocr: bool = False,
                 corrections: Sequence = (), keep_words: bool = True) -> Analysis:
    """One file. ``corrections``: ``case.yaml`` ``corrections:`` entries; those naming a
    column of this file (``column``) are applied to its tables before records are made
    (:mod:`shebao.ingest.roles`), the others are not read here. Not ``keep_words``: the
    words and rules of its text-layer pages are let go once its tables are read
    (:func:`analyse` ``read_again``; ``Analysis.pages`` then holds them without words, its
    OCR'd pages with theirs) -- the same Extract in less memory."""
    path = Path(path)
    pages = read_pages(path, ocr)  # (the PDF parser leaves cycles: collector running)
    origins = [(path, p.number) for p in pages]
    with collector.paused():
        analysis = analyse(
            pages, file=path.name, sha256=sha256_file(path), path=path, profile_id=profile_id,
            columns=roles_for(corrections, [(path.name, 1, None)]),
            read_again=None if keep_words else lambda: read_pages(path, False, False),
        )
    analysis.pages, analysis.origins = pages, origins
    return analysis


def analyse_document(
    paths: list[Path], profile_id: str | None = None, ocr: bool = False,
    corrections: Sequence = (),
) -> Analysis:
    """Several files read as one document (``--as-one-document``: the pages of a statement
    photographed one by one). Pages are numbered 1..n across the files in the order given.

    ``document.file`` / ``document.sha256`` name the first file (the contract's fields keep
    their meaning for one file); the additive ``document.files`` lists every file in order
    as ``{"file", "sha256", "pages": [first, last]}`` so each page can be traced to its file.
    """
    paths = [Path(p) for p in paths]
    pages: list[PageText] = []
    parts: list[dict] = []
    origins: list[tuple[Path, int]] = []
    for path in paths:
        first = len(pages) + 1
        for page in read_pages(path, ocr, refuse_blank=False):
            origins.append((path, page.number))
            page.number = len(pages) + 1
            page.notes = [
                (code, f"{message}（{path.name}）") if code == "ocr_used" else (code, message)
                for code, message in page.notes
            ]
            pages.append(page)
        parts.append({"file": path.name, "sha256": sha256_file(path), "pages": [first,
                                                                                 len(pages)]})
    if pages and all(p.method == "ocr" for p in pages):
        _refuse_blank(pages, paths[0])
    with collector.paused():
        analysis = analyse(
            pages, file=paths[0].name, sha256=parts[0]["sha256"], path=paths[0],
            profile_id=profile_id,
            columns=roles_for(corrections, [(p["file"], *p["pages"]) for p in parts]),
        )
    analysis.extract.document.files = parts
    analysis.pages, analysis.origins = pages, origins
    return analysis


def extract_pages(pages: Iterable[PageText], file: str, sha256: str, **kw) -> Extract:
    return analyse(pages, file=file, sha256=sha256, **kw).extract


def _type_size(word: Word) -> float:
    """The printed size of a word's type, from its advance per character (a CJK character is
    one em, other characters about half). OCR box heights vary with the detector's margin and
    with tall marks such as brackets; the advance does not, so a title set in a larger type
    is told from body text on photos as well as on text-layer PDFs."""
    text = word.text.strip()
    units = sum(1.0 if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 0.55
                for ch in text if not ch.isspace())
    return (word.x1 - word.x0) / units if units else 0.0


TITLE_MIN_UNITS = 4  # a title has a few characters: a stamp's "(章)" or a spaced 姓 名 has not


def _title(pages: list[PageText], lines: list[Line]) -> str:
    """The document title near the top of page 1: among the lines in the top third, the one
    holding the word of the largest type size that has at least :data:`TITLE_MIN_UNITS`
    characters and names what a document is about (a vocabulary ``title_words`` word:
    社会保险, 缴费, 明细, 工资 …), the earlier line on a tie. A print mark or a stamp line set
    larger than the title (打印专用, 仅供查询使用) names nothing of the kind, so it is not the
    title; when no line holds such a word, the largest type alone decides."""
    if not pages or not lines:
        return ""
    top_lines = [ln for ln in lines if ln.top <= pages[0].height * 0.35] or lines[:5]
    words = vocabulary().title_words

    def size(line: Line, named: bool) -> float:
        long = [w for w in line.words if len(squash(w.text)) >= TITLE_MIN_UNITS
                and (not named or any(t in squash(w.text) for t in words))]
        return max((_type_size(w) for w in long), default=0.0)

    named = any(size(ln, True) for ln in top_lines)
    best = max(top_lines, key=lambda ln: (size(ln, named), max(w.height for w in ln.words),
                                          -ln.top))
    return squash(best.text)


TITLE_CONFUSION = 0.3  # an insurance word in OCR'd text: at most one listed look-alike


def _single_insurance(lex: Lexicon, text: str, ocr: bool = False) -> str | None:
    """The one insurance ``text`` (a title, a note) names, or None. On OCR'd text, when no
    word is there as printed, a word read with one listed look-alike character
    (``confusions.yaml``, cost <= :data:`TITLE_CONFUSION`; 养老 read 界老 in a photo's title)
    counts; an arbitrary character never does."""
    found = {ins for ins, words in lex.vocab.insurances.items() for w in words if w in text}
    if not found and ocr:
        from shebao.ingest.ocr.fixes import confusion_cost

        found = {ins for ins, words in lex.vocab.insurances.items() for w in words
                 if len(w) >= 2 and any(
                     confusion_cost(text[k:k + len(w)], w) <= TITLE_CONFUSION
                     for k in range(len(text) - len(w) + 1))}
    return found.pop() if len(found) == 1 else None


def _scope_insurance(lex: Lexicon, lines: list[str], ocr: bool = False) -> str | None:
    """The one insurance a note says the table covers (``注：本表记录参保人历年基本养老保险
    缴费情况``), or None."""
    for line in lines:
        s = squash(line)
        if "本表" in s or "本明细" in s or "本单" in s:
            ins = _single_insurance(lex, s, ocr)
            if ins:
                return ins
    return None


def _year_of(lines: list[Line], title: str) -> int | None:
    for text in [title, *(squash(ln.text) for ln in lines)]:
        m = re.search(r"[(（](19|20)(\d{2})[)）]|(19|20)(\d{2})年度?(?![0-9]|\d*月)", text)
        if m:
            return int((m.group(1) or m.group(3)) + (m.group(2) or m.group(4)))
    return None


# earlier pages whose header may lend a label the OCR lost on a later page's header
TEMPLATE_PAGES = 3


def _tables_for(pages: list[PageText], profile: Profile, ctx: Context) -> list[Table]:
    """The data tables of every page, with rows numbered as printed on their page (a line of
    a two-up table is one printed row for both its records)."""
    lex = Lexicon(vocabulary(), profile)
    out: list[Table] = []
    previous: Header | None = None
    blocks: dict[int, list[Header]] = {}

    def one_key(h: Header, cells: list[str]) -> bool:
        if profile.kind == "payslip":
            return is_payslip_key(h, cells)
        if profile.kind == "insured_list":
            return is_insured_key(h, cells)
        return has_amounts(h) and is_statement_key(h, cells, year)

    def sub_headers(h: Header) -> list[Header]:
        if id(h) not in blocks:
            blocks[id(h)] = [
                replace(h, columns=[h.columns[i] for i in b])
                for b in side_by_side_blocks(h)
            ]
        return blocks[id(h)]

    parts_of: dict[tuple, list[list[int]]] = {}

    def key(h: Header, cells: list[str]) -> bool:
        # asked for every line of a page: the blocks once per header's columns
        sig = tuple((c.field, c.group) for c in h.columns)
        parts = parts_of.get(sig)
        if parts is None:
            parts = parts_of[sig] = side_by_side_blocks(h)
        if len(parts) == 1:
            return one_key(h, cells)
        return any(
            one_key(sub, [cells[i] for i in part])
            for sub, part in zip(sub_headers(h), parts, strict=True)
        )

    year = ctx.year
    templates: list[Header] = []
    proven: set[int] = set()  # headers whose amounts were checked against base × rate
    for page in pages:
        # A page of a per-year document names its year in its own title (河南 …（2023年）).
        year = _year_of(top_lines(page, lex, 6), "") or ctx.year

        def read(page: PageText, previous: Header | None = previous,
                 templates: list[Header] = templates) -> list[Table]:
            return [t for t in find_tables(page, lex, key, previous, templates[::-1])
                    if profile.kind != "statement" or has_amounts(t.header)]

        tables = read(page)
        if page.reread is not None:
            # cells the detector missed: a second look at the image (ingest/reread.py), at
            # the key cells of unread rows, then at lost status / base / amount cells
            extra = second_look(page, tables, key) if any(t.header.unread for t in tables) \
                else []
            if extra:
                tables = read(replace(page, words=[*page.words, *extra]))
            doubtful: list[Word] = []
            more = second_look_cells(replace(page, words=[*page.words, *extra]), tables, lex,
                                     doubtful)
            if more:
                extra += more
                tables = read(replace(page, words=[*page.words, *extra]))
            if extra:
                _note_reread(tables, extra)
            if doubtful:
                _note_reread(tables, doubtful, doubtful=True)
            forget = getattr(page.reread, "forget", None)
            if forget is not None:  # (its page image: a long scan's would add up)
                forget()
        n = 0
        kept: list[Table] = []
        for t in tables:
            t.rows = [r for r in t.rows if r.total or key(t.header, r.cells)]
            # (lines the OCR left without a key are printed rows too: the rows below keep
            # their printed numbers, and the lost ones are reported by number)
            lost = sorted(y for y, _ in t.header.unread)
            for r in t.rows:
                r.year = year if profile.kind == "statement" else None
                if not r.total:
                    n += 1
                    r.row = n + bisect.bisect_left(lost, (r.top + r.bottom) / 2)
            n += len(lost)
            for part in split_side_by_side(t):
                part.rows = [r for r in part.rows if r.total or one_key(part.header, r.cells)]
                if any(not r.total for r in part.rows):
                    if profile.kind == "statement" and id(part.header) not in proven:
                        proven.add(id(part.header))
                        part.header.notes += prove(
                            part.header, [r.cells for r in part.rows if not r.total])
                    kept.append(part)
        with_rows = [t for t in tables if any(not r.total for r in t.rows)]
        if with_rows:  # a next page without a header continues this table
            previous = with_rows[-1].header
        # a header read whole on this page can lend a lost label to a later page's header
        whole = [t.header for t in with_rows if t.header.top < t.header.bottom
                 and not t.header.borrowed()]
        if whole:
            templates = [*templates[-(TEMPLATE_PAGES - 1):], whole[-1]]
        out.extend(kept)
    return out


def _note_reread(tables: list[Table], words: list[Word], doubtful: bool = False) -> None:
    """Each word of a second look, on the header of the table whose row holds it
    (``Header.reread``; ``doubtful``: a reading not kept, ``Header.doubtful``)."""
    for t in tables:
        for w in words:
            xc, yc = t.header.level.from_page(w.xc, w.yc)  # (words stand where the image has them)
            if not any(r.top - 1 <= yc <= r.bottom + 1 for r in t.rows if not r.total):
                continue
            column = next((c for c in t.header.columns if c.x0 <= xc <= c.x1), None)
            if column is not None:
                label = f"{column.group_label}／{column.label}" if column.group_label \
                    else column.label
                (t.header.doubtful if doubtful else t.header.reread).append(
                    (yc, label, w.text, w.confidence))


def analyse(
    pages: Iterable[PageText],
    file: str,
    sha256: str,
    path: Path | str | None = None,
    profile_id: str | None = None,
    columns: Sequence[ColumnRole] = (),
    read_again: Callable[[], list[PageText]] | None = None,
) -> Analysis:
    """Try the eligible profiles, best first; the first that yields records wins.
    ``columns``: column roles corrected by hand, set on the tables before their records are
    made (:func:`shebao.ingest.roles.apply_roles`); applied ones are listed in
    ``document.corrections``, the others warned about (``correction_not_applied``).

    ``read_again``: how to read the text-layer pages again (``read_pages(path, ocr=False)``).
    When given, the words and rules of the text pages are let go as soon as a profile's
    tables are read (they are most of a long statement's memory while its records are made;
    the tables hold their cells' own text), and read again only if that profile yields no
    records and another must be tried (:func:`_let_go`, :func:`_restore`); OCR'd pages are
    never let go. The result is the same either way."""
    pages = list(pages)
    where = path or file
    vocab = vocabulary()
    furniture = Lexicon(vocab, profile_by_id("generic"))  # page furniture is the same for all
    all_lines = [page_lines(p, furniture) for p in pages]
    flat_lines = [ln.text for lines in all_lines for ln in lines]
    text = squash("".join(w.text for p in pages for w in p.words))
    method = "ocr" if any(p.method == "ocr" for p in pages) else "text"
    if not text:
        if any(code == "cid_glyphs" for p in pages for code, _ in p.notes):
            raise InputError(
                "PDF 文字层无法解码（(cid:) 字形，字体缺少编码表），"
                "需要 OCR 识别（请不要使用 --no-ocr 选项）",
                "the text layer cannot be decoded ((cid:) glyphs); it needs OCR (drop --no-ocr)",
                where,
                "needs_ocr",
            )
        ocr = "（图片型 PDF 或扫描件）" if str(file).lower().endswith(".pdf") else ""
        raise InputError(
            f"文件没有可读取的文字层{ocr}，需要 OCR 识别（请不要使用 --no-ocr 选项）",
            "the document has no text layer (scanned or image-only); it needs OCR "
            "(drop --no-ocr)",
            where,
            "needs_ocr",
        )
    scores = rank_profiles(text)
    del text  # (a long document's whole text)
    candidates = [s for s in scores if s.eligible]
    if profile_id:
        candidates = [s for s in scores if s.profile.id == profile_id]
        if not candidates:
            raise InputError(
                f"没有名为 {profile_id} 的版式",
                f"no layout profile {profile_id!r}",
                where,
                "unknown_layout",
            )
    first_page = all_lines[0] if all_lines else []
    del all_lines  # (a 100,000-row sheet's lines: not kept while its tables are read)
    title = _title(pages, first_page)
    tried: list[str] = []
    monthless = 0  # pay-sheet rows found without a month anywhere to give them
    released = False  # text pages' words let go (read_again)
    for s in candidates:
        p = s.profile
        if p.granularity == "payslip_pairs":
            continue  # read only when no table is found (below)
        tried.append(p.id)
        if released:
            released = _restore(pages, read_again)
        lex = Lexicon(vocab, p)
        ctx = Context(
            default_insurance=p.default_insurance
            or _single_insurance(lex, title, method == "ocr")
            or _scope_insurance(lex, flat_lines, method == "ocr"),
            year=_year_of(first_page, title),
            amounts=p.amounts,
        )
        tables = _tables_for(pages, p, ctx)
        if not tables:
            continue
        if read_again is not None:
            released = _let_go(pages)
        applied, unapplied = apply_roles(tables, columns)
        document = Document(
            file=file, sha256=sha256, kind=p.kind, layout=p.id, method=method, pages=len(pages)
        )
        ex = Extract(document=document)
        if p.kind == "statement":
            _read_statement(ex, pages, tables, p, lex, ctx, flat_lines, title)
        elif p.kind == "insured_list":
            pairs = [(t.header, t.rows) for t in tables]
            ex.insured = read_insured(pairs, lex, list_employer(flat_lines), list_date(flat_lines))
            ex.warnings += checks.borrowed_labels(pairs) + checks.unlabelled_columns(pairs)
        else:
            _read_payslips(ex, tables, [ln.text for ln in first_page], title)
            if not ex.payslips:
                monthless += sum(not r.total for t in tables for r in t.rows)
        if not (ex.contributions or ex.annual or ex.payslips or ex.insured):
            continue
        ex.warnings = (checks.ocr_needed(pages) + checks.ocr_notes(pages)
                       + checks.sheet_notes(pages) + ex.warnings
                       + _role_notes(ex, tables, applied, unapplied))
        views = [TableView(t.header.page, t.header, t.rows) for t in tables]
        return Analysis(ex, scores, p, views, tried)
    if released:
        _restore(pages, read_again)
    pairs = _read_pairs(pages, candidates, file, sha256, method, title)
    if pairs is not None:
        tried.append(pairs.profile.id if pairs.profile else "payslip-pairs")
        pairs.scores, pairs.tried = scores, tried
        return pairs
    pictures = [m for p in pages for c, m in p.notes if c == "docx_pictures_unread"]
    if pictures:
        raise InputError(
            f"没有识别出缴费明细或工资表；{pictures[0]}，需要 OCR 识别（请不要使用 --no-ocr 选项）",
            "no statement or pay sheet recognised in the Word file's text; its pictures need "
            "OCR (drop --no-ocr)",
            where,
            "needs_ocr",
        )
    unread = [p.number for p in pages if _needs_ocr(p)]
    if unread:
        listed = "、".join(map(str, unread))
        raise InputError(
            f"没有识别出缴费明细或工资表；第 {listed} 页没有可读的文字层，"
            "需要 OCR 识别（请不要使用 --no-ocr 选项）",
            f"no statement or pay sheet recognised; page(s) {listed} have no readable text "
            "layer and need OCR (drop --no-ocr)",
            where,
            "needs_ocr",
        )
    _refuse_incomplete_header(pages, candidates, where, method, title, flat_lines)
    if monthless:
        raise InputError(
            "找到了工资表，但表中、标题和表头上方都没有写月份（如“2025年6月工资表”或"
            "“所属月份：2025.06”），无法知道是哪个月的工资",
            "a pay sheet was found but no month is printed in it, its title or above its "
            "header (e.g. 2025年6月工资表 or 所属月份：2025.06)",
            where,
            "payslip_month_missing",
        )
    if method == "ocr":
        found = [m for p in pages for c, m in p.notes if c in _OCR_REFUSAL_NOTES]
        if found:
            zh, en = split_note(found[0])
            raise InputError(
                f"没有识别出社保缴费明细或工资表：{zh}",
                f"no statement or pay sheet recognised: {en}",
                where,
                next(c for p in pages for c, _ in p.notes if c in _OCR_REFUSAL_NOTES),
            )
    raise InputError(
        "没有识别出社保缴费明细或工资表（找不到含缴费年月、基数或金额的表头）",
        "not a recognised statement or pay sheet: no table header with months and amounts found",
        where,
        "not_a_statement",
    )


def _let_go(pages: list[PageText]) -> bool:
    """Drop the words and rules of the text-layer pages (their tables are read); True when
    there were any."""
    released = False
    for page in pages:
        if page.method == "text" and (page.words or page.rules):
            page.words, page.rules, released = [], [], True
    return released


def _restore(pages: list[PageText], read_again: Callable[[], list[PageText]] | None) -> bool:
    """Give the text pages let go by :func:`_let_go` their words and rules again, read anew
    (the same text layer gives the same words); False (none let go any more)."""
    assert read_again is not None
    again = {page.number: page for page in read_again()}
    for page in pages:
        fresh = again.get(page.number)
        if page.method == "text" and fresh is not None:
            page.words, page.rules, page.rules_merged = fresh.words, fresh.rules, \
                fresh.rules_merged
    return False


def _role_notes(ex: Extract, tables: list[Table], applied: list[dict],
                unapplied: list[ColumnRole]) -> list[Warning]:
    """Column roles corrected by hand: the applied ones listed in ``document.corrections``
    (with the months of the records their table gave), the others as warnings."""
    if applied:
        for entry in applied:
            page = entry["page"]
            months = sorted({c.month for c in ex.contributions if c.page == page}
                            | {s.month for s in ex.payslips if s.page == page}
                            | {str(a.year) for a in ex.annual if a.page == page})
            entry["month"] = f"{months[0]}/{months[-1]}" if len(months) > 1 else \
                (months[0] if months else None)
        ex.document.corrections = [*((ex.document.model_extra or {}).get("corrections")
                                     or []), *applied]  # type: ignore[attr-defined]
    out = []
    for role in unapplied:
        on_page = [t for t in tables if t.header.page == role.page]
        columns = on_page[role.table - 1].header.columns if role.table <= len(on_page) else []
        read = (role_zh(columns[role.column - 1].field) if role.column <= len(columns)
                else "没有这一列")
        out.append(Warning(
            code="correction_not_applied", page=role.page,
            message=f"人工更正未应用：{role.source.get('file', '')} 第{role.source.get('page')}页"
                    f"第{role.column}列原为{role_zh(role.old)}，现在读出的是{read}；请重新核对"))
    return out


def _read_pairs(
    pages: list[PageText], candidates: list[Score], file: str, sha256: str, method: str,
    title: str,
) -> Analysis | None:
    """A single pay slip printed as label : value pairs (:mod:`shebao.ingest.slip`), when
    the pairs profile is among the candidates; None when no slip is found."""
    from shebao.ingest.slip import read_slips

    score = next((s for s in candidates if s.profile.granularity == "payslip_pairs"), None)
    if score is None:
        return None
    p = score.profile
    slips = read_slips(pages, Lexicon(vocabulary(), p))
    if not slips:
        return None
    ex = Extract(document=Document(file=file, sha256=sha256, kind="payslip", layout=p.id,
                                   method=method, pages=len(pages)))
    ex.payslips = slips
    names = {slip.employee_name for slip in slips}
    if len(names) == 1 and None not in names:
        ex.person = Person(name=names.pop())
    ex.warnings = (checks.ocr_needed(pages) + checks.ocr_notes(pages) + checks.sheet_notes(pages)
                   + payslip_arithmetic(slips))
    return Analysis(ex, [], p, [], [])


_ADVICE = {
    "ocr": (
        "可能是 OCR 漏读了{lost}；请把这一页重新拍摄清楚（光线充足、表头完整）后再试",
        "OCR may have missed {lost}; retake this page (good light, the whole header in view)",
    ),
    "scan": (  # a scanned PDF's page read by OCR: it is rescanned, not photographed
        "可能是 OCR 漏读了{lost}；请把这一页重新扫描清楚（分辨率足够、表头完整）后再试",
        "OCR may have missed {lost}; scan this page again (enough resolution, the whole "
        "header in view)",
    ),
    "text": (
        "这种版式可能还没有收录，可用 shebao inspect 查看表头的识别结果",
        "the layout may be unknown; shebao inspect shows how the header was read",
    ),
}


# what the OCR may have missed, by what a header lacks (``incomplete_headers``)
_LOST = {"label": ("这个标题", "that label"), "cells": ("月份", "the month cells")}


def _refuse_incomplete_header(
    pages: list[PageText], candidates: list[Score], where: Path | str, method: str,
    title: str = "", lines: Sequence[str] = (),
) -> None:
    """A page whose table header was found but lacks the column its rows are keyed by (most
    often a label the OCR did not read, with no other printing of the header to take it from):
    refused naming the page, the labels that were read and the one that is missing. The
    insurance the title or a note names counts as the table's (no 险种 column is missing
    then), as it does when the rows are read."""
    vocab = vocabulary()
    for s in candidates:
        lex = Lexicon(vocab, s.profile)
        insurance = (_single_insurance(lex, title, method == "ocr")
                     or _scope_insurance(lex, list(lines), method == "ocr"))
        for page in pages:
            found = incomplete_headers(page, lex, insurance)
            if not found:
                continue
            header, (zh_missing, en_missing, lost) = found[0]
            read = list(dict.fromkeys(
                c.label for c in header.columns if c.field not in ("unknown", "ignore")
            ))
            if lex.kind == "payslip":  # a pay sheet's unknown items are part of what it shows
                read += [c.label for c in header.columns
                         if c.field == "unknown" and c.label not in read]
            shown = "、".join(read[:4]) + ("等" if len(read) > 4 else "")
            advice = "text" if method != "ocr" else "scan" if _is_pdf_name(where) else "ocr"
            zh_advice, en_advice = (a.replace("{lost}", w)
                                    for a, w in zip(_ADVICE[advice], _LOST[lost], strict=True))
            raise InputError(
                f"没有识别出{'工资表' if lex.kind == 'payslip' else '社保缴费明细'}：第 "
                f"{page.number} 页找到了表头（{shown}），但{zh_missing}，{zh_advice}",
                f"no {'pay sheet' if lex.kind == 'payslip' else 'statement'} recognised: the "
                f"header on page {page.number} ({', '.join(read[:4])}) {en_missing}; "
                f"{en_advice}",
                where,
                "header_incomplete",
            )


# OCR notes that explain why nothing was recognised, most telling first
_OCR_REFUSAL_NOTES = ("ocr_no_table_text", "ocr_low_resolution", "ocr_blurry")


def _read_statement(
    ex: Extract,
    pages: list[PageText],
    tables: list[Table],
    p: Profile,
    lex: Lexicon,
    ctx: Context,
    lines: list[str],
    title: str,
) -> None:
    ex.person = person_fields(lines, lex.vocab, title)
    pairs = [(t.header, t.rows) for t in tables]
    # photos: a status word read with a wrong character (木到帐) is matched as its tables'
    # labels were (confusion-aware, ingest/ocr/fixes.py), not taken for no status (paid)
    ocr = bool(pages) and all(page.method == "ocr" for page in pages)
    contributions, annual = read_rows(pairs, p.granularity, lex.for_ocr() if ocr else lex, ctx)
    codes = {c.employer_code for c in contributions if c.employer_code and not c.employer}
    names = employer_names(lines, codes)
    for c in contributions:
        if c.employer is None and c.employer_code in names:
            c.employer = names[c.employer_code]
    ex.contributions, ex.annual = contributions, annual
    if ocr:
        ex.warnings += checks.completed_employers(contributions)
        code_labels = {h.page: c.label for h, _ in reversed(pairs) for c in h.columns
                       if c.field == "employer_code"}
        ex.warnings += checks.unlisted_codes(contributions, names, code_labels)
    ex.warnings += checks.column_notes(pairs)
    ex.warnings += checks.borrowed_labels(pairs) + checks.unlabelled_columns(pairs)
    ex.warnings += checks.unread_rows(pairs) + checks.reread_cells(pairs)
    ex.warnings += checks.repaired_numbers(pairs)
    ex.warnings += checks.totals(pairs) + checks.month_counts(pairs, ctx)
    ex.warnings += checks.amount_invariants(pairs, ctx)
    ex.warnings += checks.duplicates(contributions) + checks.rate_outliers(contributions, ocr)
    if any(p.method == "ocr" for p in pages):
        bases = {h.page: c.label for h, _ in reversed(pairs) for c in h.columns
                 if c.field == "base"}
        ex.warnings += checks.digit_suspects(contributions, bases)
        ocr = {p.number for p in pages if p.method == "ocr"}
        ex.warnings += checks.unread_cells([(h, r) for h, r in pairs if h.page in ocr],
                                           lex.for_ocr().status_of)
    checks.lower_confidence(contributions, ex.warnings)


def _read_payslips(ex: Extract, tables: list[Table], page1: list[str], title: str) -> None:
    employer = title_employer(page1)
    default_month = month_in(title) or next((m for m in map(month_in, page1[:6]) if m), None)
    triples = [(t.header, t.rows, _local_month(t)) for t in tables]
    found: list = []
    ex.payslips = read_payslips(triples, employer, default_month, found)
    names = {slip.employee_name for slip in ex.payslips}
    if len(names) == 1:  # one worker's own slips: the document is about that person
        ex.person = Person(name=names.pop())
    pairs = [(t.header, t.rows) for t in tables]
    ex.warnings += checks.column_notes(pairs)
    ex.warnings += checks.borrowed_labels(pairs) + checks.unlabelled_columns(pairs)
    ex.warnings += checks.unread_rows(pairs) + checks.reread_cells(pairs)
    ex.warnings += checks.repaired_numbers(pairs) + checks.totals(pairs)
    ex.warnings += found + payslip_arithmetic(ex.payslips)


def _local_month(t: Table) -> str | None:
    for line in reversed(t.lines_above[-3:]):
        m = month_in(line.text)
        if m and re.search(r"(发放|工资)?月份|年\s*\d+\s*月", line.text):
            return m
    return None
