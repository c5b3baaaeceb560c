"""``shebao extract`` and ``shebao inspect``.

``shebao extract FILE... [--json | --csv] [-o PATH] [--layout ID] [--ocr/--no-ocr]
[--as-one-document] [--debug-image OUT.png] [--force]``
    Prints (or writes) ``shebao.extract/1``: one JSON object for one file, a JSON list for
    several. ``-o DIR/`` (an existing directory, or a path ending in ``/`` or ``\\``) writes one
    ``<name>.json`` per file; ``-o FILE`` (any other path, also for several files: the rule
    of :mod:`shebao.outputs`) writes the object (one file) or the list (several) into it.
    ``--csv`` writes the contributions / annual / payslips tables instead (validated
    DataFrames of :mod:`shebao.frames`, every text cell neutralised against formula
    injection): to stdout or ``-o FILE.csv`` as one combined table (several tables:
    ``FILE.<table>.csv``), or with ``-o DIR/`` one ``<name>.<table>.csv`` per file and table.
    Every file written is named on stderr (``已写入 …``), whatever the form of ``-o``.
    A file that cannot be read is reported as one line on stderr
    (``错误：<file>：<中文>（<English>）``); the others are still extracted and written.
    Each file read prints one line with its self-check warnings that ask for a check
    (informational notes such as ``ocr_used`` are not counted; with ``--as-one-document``
    one line per input file, counting the warnings of its own pages).
    Exit code: 0 all good, 1 some files failed, 2 every file failed.
    Images, and PDF pages without a usable text layer, are read with the OCR backend of
    :mod:`shebao.ingest.ocr` (default; each such page gets an ``ocr_used`` warning and the
    OCR quality notes as ``warnings``); ``--no-ocr`` refuses them with a message saying so.
    ``--as-one-document`` reads all FILEs as the pages of one document (a statement
    photographed page by page; a folder stands for its photos and PDFs in natural name order,
    as for ``audit``): one Extract, ``document.file``/``sha256`` of the first file,
    ``document.files`` listing each file with its sha256 and page range.
    ``--debug-image OUT.png`` draws, for every OCR'd page, the word boxes, ruling lines, the
    recognised table grid and the low-confidence cells over the corrected page image: one
    page -> ``OUT.png``; several -> ``OUT-<file>-p<page>.png``, where ``<file>`` is the stem
    of the file the page was read from (also with ``--as-one-document``) and ``<page>`` its
    page within that file (1 for an image). ``--debug-image DIR/`` (an existing folder or a
    path ending in ``/``) writes ``DIR/<file>-p<page>.png``. ``<file>`` is made safe and
    bounded (:func:`shebao.outputs.safe_name`).
    No output (JSON, CSV or drawing) is ever written over an input file or through a link;
    a name the command derived (``DIR/<name>.json``, a drawing's name) is not written over an
    existing file unless ``--force`` is given. A folder output where a file of that name
    exists, or an output that cannot be written (a file in the path, no permission, a full
    disk), is one line naming it, exit 2.
    These output rules are shared by every command: :mod:`shebao.outputs`.

``shebao inspect FILE [--layout ID] [--ocr/--no-ocr] [--rows N]``
    Shows how the reader saw a document: each layout profile's score and keyword hits, the
    profile chosen, each table's header -> field mapping and its raw rows, and the records
    and self-check warnings that came out. When nothing is recognised it still shows the
    scores and the header-like lines of every page, so a paralegal can see why.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from shebao.config_cli import ocr_engine_option
from shebao.errors import ShebaoError, UsageError
from shebao.files import display_text, json_pieces, pages_of_document
from shebao.outputs import (
    check_target,
    force_option,
    output_target,
    unique_names,
    unwritable,
    write_atomic,
)
from shebao.records import Extract

if TYPE_CHECKING:
    from shebao.ingest.pipeline import Analysis


def _json_text(data) -> str:
    return display_text(json.dumps(data, ensure_ascii=False, indent=2))


def _json_pieces(data) -> Iterator[str]:
    """``_json_text(data) + "\n"`` in pieces, made as they are written
    (:func:`shebao.files.json_pieces`): a 100,000-row sheet's or a 2,000-page statement's JSON
    was built whole (its million small pieces, the text, its checked copy, its bytes) beside
    the records, the peak memory of the run."""
    return json_pieces(data, indent=2, end="\n")


def _written(path: Path) -> None:
    click.echo(f"已写入 {display_text(str(path))}（written）", err=True)


def _frames(extracts: list[Extract]) -> dict[str, object]:
    import pandas as pd

    from shebao.cells import neutral_frame
    from shebao.frames import contributions_frame, payslips_frame

    tables: dict[str, object] = {}
    contributions = contributions_frame(extracts)
    if len(contributions):
        tables["contributions"] = contributions
    annual_rows = [
        {"file": ex.document.file, **a.model_dump(mode="json")}
        for ex in extracts
        for a in ex.annual
    ]
    if annual_rows:
        tables["annual"] = pd.DataFrame(annual_rows)
    payslips = payslips_frame(extracts)
    if len(payslips):
        tables["payslips"] = payslips
    return {name: neutral_frame(frame) for name, frame in tables.items()}


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@click.option("--csv", "as_csv", is_flag=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
)
@click.option("--layout")
@ocr_engine_option
@click.option(
    "--ocr/--no-ocr",
    default=True,
    show_default=True,
)
@click.option(
    "--as-one-document",
    is_flag=True,
)
@click.option(
    "--debug-image",
    type=click.Path(),
    metavar="OUT.png|DIR/",
)
@force_option
def extract(
    files: tuple[Path, ...],
    as_json: bool,
    as_csv: bool,
    output: str | None,
    layout: str | None,
    ocr: bool,
    as_one_document: bool,
    debug_image: str | None,
    force: bool,
) -> int:
    """提取社保缴费明细或工资表为 shebao.extract/1 JSON / extract statements and pay sheets."""
    from shebao.ingest import collector
    from shebao.ingest.pipeline import analyse_document, analyse_file

    if as_json and as_csv:
        raise UsageError("--json 和 --csv 只能选一个", "choose one of --json and --csv")
    paths = pages_of_document(files) if as_one_document else list(files)
    # A folder: an existing one, or a path typed ending in "/" or "\\" (shebao.outputs);
    # ``-o all.json`` (or ``-o 结果``) with several files writes one JSON list there.
    out = output_target(output) if output is not None else None
    out_path, to_dir = (out.path, out.folder) if out else (None, False)
    if out_path is not None and not to_dir:
        check_target(out_path, paths)
    debug = output_target(debug_image) if debug_image else None  # checked before reading
    if debug is not None and not debug.folder:
        check_target(debug.path, paths)
    names = unique_names(paths)
    jobs: list[tuple[Path, str, Callable[[], Analysis]]]
    if as_one_document:
        jobs = [(paths[0], names[0], lambda: analyse_document(paths, layout, ocr))]
    else:
        jobs = [
            (path, name, lambda path=path: analyse_file(path, layout, ocr, keep_words=False))
            for path, name in zip(paths, names, strict=True)
        ]
    results: list[tuple[Path, str, Extract]] = []
    analyses: list[tuple[list[str], Analysis]] = []  # names of the job's input files
    failed = 0
    for path, name, job in jobs:
        try:
            analysis = job()
        except ShebaoError as exc:
            failed += 1
            click.echo(f"错误：{exc.format()}", err=True)
            continue
        ex = analysis.extract
        results.append((path, name, ex))
        _say_warnings(analysis, paths if as_one_document else [path])
        if debug is not None:  # (else the pages and tables are let go before the output is
            # written: a long sheet's words are most of the memory)
            analyses.append((names if as_one_document else [name], analysis))
        del analysis
    try:  # the records first: a drawing that cannot be made must not lose them
        if results:
            if as_csv:
                _write_csv(results, out_path, to_dir, paths, force)
            else:  # (no cycles in records or their JSON: the collector would only
                # traverse a long sheet's records again and again)
                with collector.paused():
                    _write_json(results, out_path, to_dir, paths, force,
                                several=len(jobs) > 1)
        if debug is not None:
            _write_debug_images(analyses, debug.path, debug.folder, paths, force)
    except OSError as exc:  # a full disk, a read-only folder, a file where a folder must be
        raise unwritable(exc, out_path) from exc
    if failed:
        return 2 if not results else 1
    return 0


def _say_warnings(analysis: Analysis, files: list[Path]) -> None:
    """One line per input file: how many self-check warnings of its own pages ask for a
    check (informational notes -- OCR used, perspective or rotation corrected -- not
    counted), and their codes."""
    from shebao.ingest.ocr.notes import INFORMATIONAL

    ex = analysis.extract
    of_page = _input_of_pages(analysis) if len(files) > 1 else {}
    for index, file in enumerate(files):
        mine = [w for w in ex.warnings if w.code not in INFORMATIONAL
                and (len(files) == 1 or of_page.get(w.page or 0, 0) == index)]
        if mine:
            codes = sorted({w.code for w in mine})
            click.echo(f"提示：{display_text(str(file))}：{len(mine)} 条需核对的自检提示"
                       f"（self-check warnings: {', '.join(codes)}）", err=True)


def _input_of_pages(analysis: Analysis) -> dict[int, int]:
    """Page of the analysed document -> index of the input file it came from, among the
    files of the job (one file; or several read ``--as-one-document``: ``document.files``)."""
    parts = analysis.extract.document.files
    return {
        number: index
        for index, part in enumerate(parts)
        if part.pages is not None
        for number in range(part.pages[0], part.pages[1] + 1)
    }


def _debug_target(out: Path, folder: bool, single: bool, name: str, number: int) -> Path:
    """Where the drawing of page ``number`` of input ``name`` goes (module contract)."""
    if folder:
        return out / f"{name}-p{number}.png"
    if single:
        return out
    return out.with_name(f"{out.stem}-{name}-p{number}{out.suffix or '.png'}")


def _write_debug_images(
    analyses: list[tuple[list[str], Analysis]], out: Path, folder: bool, inputs: list[Path],
    force: bool,
) -> None:
    """One drawing per OCR'd page, named after the file the page came from and its page in
    that file (see the module contract for the names)."""
    from shebao.ingest.checks import flagged_rows
    from shebao.ingest.grid import table_grid
    from shebao.ingest.ocr.backend import OcrBackend
    from shebao.ingest.ocr.debug import draw_debug
    from shebao.ingest.ocr.quality import LOW_CONFIDENCE

    from shebao.files import IMAGE_SUFFIXES

    wanted = [
        (names[_input_of_pages(a).get(page.number, 0)], a, page, origin)
        for names, a in analyses
        for page, origin in zip(a.pages, a.origins, strict=True)
        if page.method == "ocr"
    ]
    if not wanted:
        click.echo("提示：没有用 OCR 识别的页面，未画调试图（no OCR'd page to draw）", err=True)
        return
    backend = OcrBackend()
    read: dict[Path, dict[int, object]] = {}
    for name, analysis, page, (path, number) in wanted:
        if path not in read:
            numbers = [n for _, _, p, (f, n) in wanted if f == path and p.method == "ocr"]
            # the same call as the reader made, so the cached reading is used
            ocr_pages = backend.read(
                path, None if path.suffix.lower() in IMAGE_SUFFIXES else numbers
            )
            read[path] = {p.number: p for p in ocr_pages}
        ocr_page = read[path][number]
        single = len(wanted) == 1
        target = _debug_target(out, folder, single, name, number)
        check_target(target, inputs, named=single and not folder, force=force)
        target.parent.mkdir(parents=True, exist_ok=True)
        grid = table_grid(analysis.tables, page.number, list(page.words), LOW_CONFIDENCE,
                          flagged_rows(analysis.extract.warnings, page.number))
        draw_debug(backend.corrected_image(path, ocr_page), ocr_page.words, target,
                   rules=ocr_page.rules, grid=grid)
        click.echo(f"已画出调试图 {display_text(str(target))}（debug image written）", err=True)
    click.echo("注意：调试图是原件的完整图像，身份证号等未遮盖，请妥善保管"
               "（debug images show the page unmasked）", err=True)


def _write_json(results, output: Path | None, to_dir: bool, inputs: list[Path], force: bool,
                several: bool) -> None:
    if output is None:
        data = [ex.to_json_stream() for _, _, ex in results]
        click.echo(_json_text(data if several else data[0]))
        return
    if to_dir:
        output.mkdir(parents=True, exist_ok=True)
        targets = [(output / f"{name}.json", ex) for _, name, ex in results]
        for target, _ in targets:  # all checked before any is written
            check_target(target, inputs, named=False, force=force)
        for target, ex in targets:
            write_atomic(target, _json_pieces(ex.to_json_stream()))
            _written(target)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    data = [ex.to_json_stream() for _, _, ex in results]
    write_atomic(output, _json_pieces(data if several else data[0]))
    _written(output)


def _csv_text(frame) -> str:
    return display_text(frame.to_csv(index=False))


def _write_csv(results, output: Path | None, to_dir: bool, inputs: list[Path],
               force: bool) -> None:
    if to_dir and output is not None:
        output.mkdir(parents=True, exist_ok=True)
        targets = [(output / f"{name}.{table}.csv", frame) for _, name, ex in results
                   for table, frame in _frames([ex]).items()]
    else:
        tables = _frames([ex for _, _, ex in results])
        if output is None:
            for k, (_table, frame) in enumerate(tables.items()):
                if k:
                    click.echo("")
                click.echo(_csv_text(frame), nl=False)
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        if len(tables) == 1:
            targets = [(output, next(iter(tables.values())))]
        else:
            targets = [(output.with_name(f"{output.stem}.{table}{output.suffix}"), frame)
                       for table, frame in tables.items()]
    for target, _ in targets:
        check_target(target, inputs, named=target == output, force=force)
    for target, frame in targets:
        write_atomic(target, _csv_text(frame))
        _written(target)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--layout")
@ocr_engine_option
@click.option(
    "--ocr/--no-ocr",
    default=True,
    show_default=True,
)
@click.option(
    "--rows", "max_rows", default=12, show_default=True
)
def inspect(file: Path, layout: str | None, ocr: bool, max_rows: int) -> int:
    """显示版式识别过程、表头映射和原始表格 / show how a document was read."""
    from rich.console import Console
    from shebao.ingest.explain import show

    # Wide tables stay readable when piped to a file (no terminal width to respect).
    width = None if sys.stdout.isatty() else 220
    console = Console(file=sys.stdout, soft_wrap=False, width=width)
    return show(console, file, layout, max_rows, ocr=ocr)
