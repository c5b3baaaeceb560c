"""The spreadsheet backend: xlsx / csv -> :class:`~shebao.ingest.words.PageText`.

Each sheet becomes one "page" whose words are the non-empty cells, placed on a regular grid
(column ``c`` spans x = ``c*W .. (c+1)*W``, row ``r`` spans y = ``r*H .. (r+1)*H``); a merged
range becomes one word spanning the whole range, and every grid line is a ruling line. The
same table reconstruction then serves PDFs, photos and spreadsheets: a merged group header
such as 应发工资 sits centred over its sub-columns exactly as it does on paper.

A CSV keeps no merged ranges; the merges of an exported two-row header are put back from
its blanks (:func:`csv_merges`).

Cell values are printed the way a spreadsheet shows them: integers without decimals, dates as
``YYYY-MM-DD``. Formula cells use the value cached by the program that saved the file; a
formula saved without one (a sheet written by a script) is computed when it is plain
arithmetic or SUM (:mod:`shebao.ingest.formulas`), and the page notes say so
(``formula_evaluated``) or name the column whose formulas could not be computed and are read
as blank (``formula_not_evaluated``).

Limits (:mod:`shebao.limits`), each refused in one line naming the file: an xlsx whose parts
would unpack past :data:`~shebao.limits.MAX_UNZIPPED_BYTES` or at a bomb's ratio (checked from
the zip directory before anything is unpacked); a sheet whose used range -- measured from the
cells that hold data, never from the declared dimension -- exceeds
:data:`~shebao.limits.MAX_SHEET_CELLS`, or is mostly empty rows or columns (a stray value far
from the table); a CSV over :data:`~shebao.limits.MAX_TEXT_BYTES`. A
merged range reaching past the used range is cut at its edge. Any error of the xlsx parser
(bad XML, bad styles, entity expansion, external entities) is one "damaged" refusal. CSV
encodings: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), GB18030.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import importlib.util
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from shebao.ingest import collector
from shebao.ingest.words import PageText, Rule, Word

from shebao.errors import InputError
from shebao.limits import (
    MAX_EMPTY_COLS,
    MAX_EMPTY_ROWS,
    MAX_SHEET_CELLS,
    MAX_TEXT_BYTES,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_RATIO,
    zip_too_large,
)

CELL_W = 100.0
CELL_H = 20.0


def _cell_text(value: object) -> str:
    kind = type(value)  # (the common types first: a long sheet has a million cells)
    if kind is str:
        return value.strip()
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 1e12 else str(value)
    return str(value).strip()


def grid_page(
    number: int, cells: dict[tuple[int, int], str], merges: dict[tuple[int, int], tuple[int, int]]
) -> PageText:
    """A page from ``cells[(row, col)] = text`` (0-based) and ``merges[(row, col)] = (rows,
    cols)`` spans of merged ranges anchored at their top-left cell."""
    n_rows = max((r for r, _ in cells), default=-1) + 1
    n_cols = max((c for _, c in cells), default=-1) + 1
    for (r, c), (h, w) in merges.items():
        n_rows = max(n_rows, r + h)
        n_cols = max(n_cols, c + w)
    page = PageText(number=number, width=n_cols * CELL_W, height=n_rows * CELL_H)
    # (the cells of a column share their edges and those of a row their top and bottom: one
    # float object each, not four per word - a long sheet's words are most of its memory)
    xs: dict[tuple[int, int], tuple[float, float]] = {}
    ys: dict[tuple[int, int], tuple[float, float]] = {}
    for (r, c), text in sorted(cells.items()):
        if not text:
            continue
        h, w = merges.get((r, c), (1, 1))
        x = xs.get((c, w))
        if x is None:
            x = xs[c, w] = (c * CELL_W + 2, (c + w) * CELL_W - 2)
        y = ys.get((r, h))
        if y is None:
            # The text is drawn centred in its (merged) cell, one text line high.
            yc = (r + h / 2) * CELL_H
            y = ys[r, h] = (yc - CELL_H * 0.3, yc + CELL_H * 0.3)
        page.words.append(Word(text, x[0], y[0], x[1], y[1]))
    for c in range(n_cols + 1):
        page.rules.append(Rule(c * CELL_W, 0.0, c * CELL_W, n_rows * CELL_H))
    # Horizontal grid lines stop where a merged range spans across them (as on paper).
    inside = {
        (r + k, c + j) for (r, c), (h, w) in merges.items() for k in range(1, h) for j in range(w)
    }
    cut_rows = {r for r, _ in inside}
    for r in range(n_rows + 1):
        if r not in cut_rows:  # one line across (what merging the cells' borders gives)
            page.rules.append(Rule(0.0, r * CELL_H, n_cols * CELL_W, r * CELL_H))
            continue
        for c in range(n_cols):
            if (r, c) not in inside:
                page.rules.append(Rule(c * CELL_W, r * CELL_H, (c + 1) * CELL_W, r * CELL_H))
    return page


def _damaged_xlsx(path: Path, exc: BaseException) -> InputError:
    detail = " ".join(str(exc).split())[:120]
    return InputError(
        "Excel 文件已损坏或不是 xlsx 格式",
        f"the Excel file is damaged or not xlsx ({type(exc).__name__}: {detail})",
        path,
        "corrupt_xlsx",
    )


def _check_unpacked_size(path: Path) -> None:
    """Refuse a zip bomb from the zip directory, before anything is unpacked."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError (a zip "version 7.4"), ...
        raise _damaged_xlsx(path, exc) from exc
    total = zip_too_large(members)
    if total is not None:
        raise InputError(
            f"Excel 文件解压后过大（{total:.0f} MB），可能是损坏或恶意文件",
            f"the Excel file would unpack to {total:.0f} MB (limit "
            f"{MAX_UNZIPPED_BYTES >> 20} MB, ratio {MAX_ZIP_RATIO}): damaged or malicious",
            path,
            "too_large",
        )


def _too_wide(path: Path, number: int, rows: int, cols: int) -> InputError:
    return InputError(
        f"第 {number} 张工作表的数据范围过大（{rows} 行 × {cols} 列，上限 {MAX_SHEET_CELLS:,} "
        "个单元格）；请删除远处多余的单元格，只保留表格",
        f"sheet {number} spans {rows} rows x {cols} columns (limit {MAX_SHEET_CELLS:,} cells); "
        "delete stray far-away cells",
        path,
        "too_large",
    )


def bounded_grid(path: Path, number: int, cells: Iterable[tuple[int, int]],
                 merges: dict[tuple[int, int], tuple[int, int]]
                 ) -> dict[tuple[int, int], tuple[int, int]]:
    """Check the used range of ``cells`` (their (row, column) places, or a dict keyed by
    them) against the limit; ``merges`` cut at its edge."""
    used_rows = {r for r, _ in cells}
    used_cols = {c for _, c in cells}
    rows = max(used_rows, default=-1) + 1
    cols = max(used_cols, default=-1) + 1
    # far-away stray cells: the range is mostly empty rows or columns (a table has few)
    empty_rows = rows - len(used_rows)
    empty_cols = cols - len(used_cols)
    if rows * cols > MAX_SHEET_CELLS or empty_rows > MAX_EMPTY_ROWS or empty_cols > MAX_EMPTY_COLS:
        raise _too_wide(path, number, rows, cols)
    return {(r, c): (min(h, rows - r), min(w, cols - c)) for (r, c), (h, w) in merges.items()
            if r < rows and c < cols}


def _xlsx_pages(path: Path) -> Iterator[PageText]:
    from openpyxl import load_workbook

    _check_unpacked_size(path)
    try:
        wb = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False) if _has_formulas(path) else None
    except Exception as exc:  # any parser error of a damaged or hostile file: one line
        raise _damaged_xlsx(path, exc) from exc
    for number, ws in enumerate(wb.worksheets, start=1):
        # the cells the file holds (iter_rows would create every cell of the declared or
        # implied rectangle: one value at XFD1048576 is 17 billion cells)
        stored = getattr(ws, "_cells", None)
        found = stored.values() if isinstance(stored, dict) else (
            c for row in ws.iter_rows() for c in row)
        values: dict[tuple[int, int], object] = {
            (cell.row, cell.column): cell.value for cell in found if cell.value is not None
        }
        bounded_grid(path, number, [(r - 1, c - 1) for r, c in values], {})
        notes: list[tuple[str, str]] = []
        if formulas is not None:
            notes = _fill_formulas(values, formulas.worksheets[number - 1], number)
        cells: dict[tuple[int, int], str] = {}
        for (r, c), value in values.items():
            text = _cell_text(value)
            if text:
                cells[(r - 1, c - 1)] = text
        merges = {
            (rng.min_row - 1, rng.min_col - 1): (
                rng.max_row - rng.min_row + 1,
                rng.max_col - rng.min_col + 1,
            )
            for rng in ws.merged_cells.ranges
        }
        page = grid_page(number, cells, bounded_grid(path, number, cells, merges))
        page.notes += notes
        yield page


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the xlsx holds a formula (``<f>`` element), without
    loading the workbook twice for the common case of none."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with z.open(name) as f:
                    if b"<f" in f.read():
                        return True
    return False


def _fill_formulas(values: dict[tuple[int, int], object], ws, number: int
                   ) -> list[tuple[str, str]]:
    """Formula cells of ``ws`` whose cached value is missing from ``values``, computed where
    :func:`~shebao.ingest.formulas.evaluate` can; notes naming each column concerned."""
    from shebao.ingest.formulas import Unsupported, column_letter, evaluate

    pending = {
        (cell.row, cell.column): cell.value
        for row in ws.iter_rows() for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
        and (cell.row, cell.column) not in values
    }
    if not pending:
        return []
    done: dict[tuple[int, int], float] = {}
    failed: dict[tuple[int, int], str] = {}

    def number_at(r: int, c: int, stack: tuple = ()) -> float | None:
        if (r, c) in done:
            return done[(r, c)]
        if (r, c) in pending:
            if (r, c) in stack or (r, c) in failed:
                raise Unsupported("循环引用" if (r, c) in stack else "引用了无法计算的单元格")
            result = evaluate(pending[(r, c)], lambda rr, cc: number_at(rr, cc, (*stack, (r, c))))
            done[(r, c)] = result
            return result
        v = values.get((r, c))
        if v is None or isinstance(v, bool):
            return None
        if isinstance(v, int | float):
            return float(v)
        try:
            return float(str(v).replace(",", ""))
        except ValueError:
            raise Unsupported(f"文字单元格 {column_letter(c)}{r}") from None

    for key, formula in pending.items():
        try:
            number_at(*key)
        except (Unsupported, RecursionError, IndexError) as exc:
            failed[key] = f"{formula}（{exc}）" if str(exc) else formula
    for key, v in done.items():
        values[key] = round(v, 2)
    notes: list[tuple[str, str]] = []
    evaluated: list[str] = []
    for col in sorted({c for _, c in pending}):
        label = _column_label(values, col, min(r for r, c in pending if c == col))
        name = f"{column_letter(col)} 列{f'（{label}）' if label else ''}"
        if any(k[1] == col for k in done if k in pending):
            evaluated.append(name)
        bad = [k for k in failed if k[1] == col]
        if bad:
            notes.append(("formula_not_evaluated",
                          f"第{number}张工作表 {name}的 {len(bad)} 个公式没有保存计算结果且无法计算"
                          f"（如 {failed[bad[0]]}），这些单元格按空白读取；请用 Excel 或 WPS "
                          "打开并保存后再试"))
    if evaluated:
        example = next(pending[k] for k in done if k in pending)
        notes.insert(0, ("formula_evaluated",
                         f"第{number}张工作表的公式没有保存计算结果（文件可能由程序生成），已按公式"
                         f"计算：{'、'.join(evaluated)}（如 {example}）"))
    return notes


def _column_label(values: dict[tuple[int, int], object], col: int, below: int) -> str:
    """The text printed nearest above row ``below`` in column ``col`` (its header label)."""
    for r in range(below - 1, 0, -1):
        v = values.get((r, col))
        if isinstance(v, str) and v.strip() and not v.startswith("="):
            return v.strip()
    return ""


def _csv_text(path: Path) -> str:
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise InputError(
            f"CSV 文件过大（超过 {MAX_TEXT_BYTES >> 20} MB）",
            f"the CSV file is larger than {MAX_TEXT_BYTES >> 20} MB",
            path,
            "too_large",
        )
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text": UTF-16 with BOM
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        "CSV 文件编码无法识别（应为 UTF-8、UTF-16 或 GBK）",
        "CSV encoding not recognised (expected UTF-8, UTF-16 or GBK)",
        path,
        "bad_encoding",
    )


def _csv_pages(path: Path) -> Iterator[PageText]:
    text = _csv_text(path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    cells: dict[tuple[int, int], str] = {}
    try:
        for r, row in enumerate(csv.reader(io.StringIO(text), dialect)):
            for c, value in enumerate(row):
                if value.strip():
                    cells[(r, c)] = value.strip()
    except csv.Error as exc:  # a field over the csv module's limit, a NUL byte ...
        raise InputError(
            "CSV 文件格式有误，无法读取（可能已损坏或不是表格）",
            f"malformed CSV ({exc})",
            path,
            "corrupt_csv",
        ) from exc
    bounded_grid(path, 1, cells, {})
    yield grid_page(1, cells, csv_merges(cells))


def csv_merges(cells: dict[tuple[int, int], str]) -> dict[tuple[int, int], tuple[int, int]]:
    """The merged header cells a CSV export dropped, put back as a reader of the sheet sees
    them. A CSV keeps no merged ranges: a two-row header prints a group label (应发工资) in
    the first cell of its span with the rest blank, and a one-row label (工号) with a blank
    cell under it. Between two header rows (rows above the first row holding three numbers,
    each with two or more labels), a label followed by blanks that have labels under them
    spans those columns, and a label with a blank under it spans both rows."""
    rows: dict[int, dict[int, str]] = {}
    for (r, c), text in cells.items():
        rows.setdefault(r, {})[c] = text
    first_data = next(
        (r for r in sorted(rows) if sum(_is_number(t) for t in rows[r].values()) >= 3), None
    )
    if first_data is None:
        return {}
    header = [r for r in sorted(rows) if r < first_data and len(rows[r]) >= 2]
    merges: dict[tuple[int, int], tuple[int, int]] = {}
    for r in header:
        below = rows.get(r + 1, {})
        if r + 1 not in header:
            continue
        for c in sorted(rows[r]):
            width = 1
            while (c + width) not in rows[r] and (c + width) in below:
                width += 1
            if width > 1 and c in below:
                merges[(r, c)] = (1, width)
            elif c not in below:
                merges[(r, c)] = (2, 1)
    return merges


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


class SpreadsheetBackend:
    """xlsx (openpyxl) and csv (stdlib csv) as grid pages."""

    name = "spreadsheet"

    def is_available(self) -> bool:
        return importlib.util.find_spec("openpyxl") is not None

    def pages(self, path: Path) -> Iterator[PageText]:
        if path.stat().st_size == 0:
            raise InputError(
                "文件是空的（0 字节）", "the file is empty (0 bytes)", path, "empty_file"
            )
        # (millions of cells: read with the collector paused, then one collection frees
        # the workbook, whose sheets and cells point to it - :mod:`.collector`)
        with collector.paused():
            csv_file = path.suffix.lower() == ".csv"
            pages = list(_csv_pages(path) if csv_file else _xlsx_pages(path))
        if not csv_file:
            gc.collect()
        yield from pages
