"""``shebao extract`` and ``shebao inspect``.

``shebao extract FILE... [--json | --csv] [-o PATH] [--layout ID] [--ocr/--no-ocr]
[--as-one-document] [--debug-image OUT.png]``
    Prints (or writes) ``shebao.extract/1``: one JSON object for one file, a JSON list for
    several. ``-o DIR/`` (an existing directory, a path ending in ``/`` or ``\\`` -- also for
    one file --, or a path without a suffix when there are several files) writes one
    ``<name>.json`` per file; ``-o FILE.json`` writes the object (one file) or the list
    (several) into that file.
    ``--csv`` writes the contributions / annual / payslips tables instead (validated
    DataFrames of :mod:`shebao.frames`): to stdout or ``-o FILE.csv`` as one combined table,
    or with ``-o DIR/`` one ``<name>.<table>.csv`` per file and table.
    A file that cannot be read is reported as one line on stderr
    (``错误：<file>：<中文>（<English>）``); the others are still extracted and written.
    Exit code: 0 all good, 1 some files failed, 2 every file failed.
    Images, and PDF pages without a usable text layer, are read with the OCR backend of
    :mod:`shebao.ingest.ocr` (default; each such page gets an ``ocr_used`` warning and the
    OCR quality notes as ``warnings``); ``--no-ocr`` refuses them with a message saying so.
    ``--as-one-document`` reads all FILEs as the pages of one document (a statement
    photographed page by page): one Extract, ``document.file``/``sha256`` of the first file,
    ``document.files`` listing each file with its sha256 and page range.
    ``--debug-image OUT.png`` draws, for every OCR'd page, the word boxes, ruling lines, the
    recognised table grid and the low-confidence cells over the corrected page image: one
    page -> ``OUT.png``; several -> ``OUT-<file>-p<page>.png``, where ``<file>`` is the stem
    of the file the page was read from (also with ``--as-one-document``) and ``<page>`` its
    page within that file (1 for an image). ``--debug-image DIR/`` (an existing folder or a
    path ending in ``/``) writes ``DIR/<file>-p<page>.png``.
    No output (JSON, CSV or drawing) is ever written over an input file: that is refused.
    A folder output where a file of that name exists, or an output that cannot be written
    (a file in the path, no permission, a full disk), is one line naming it, exit 2.
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
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from shebao.config_cli import ocr_engine_option
from shebao.errors import ShebaoError, UsageError
from shebao.outputs import output_target, refuse_overwriting, unique_names, unwritable
from shebao.records import Extract

if TYPE_CHECKING:
    from shebao.ingest.pipeline import Analysis


def _json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _frames(extracts: list[Extract]) -> dict[str, object]:
    import pandas as pd

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
    return tables


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
def extract(
    files: tuple[Path, ...],
    as_json: bool,
    as_csv: bool,
    output: str | None,
    layout: str | None,
    ocr: bool,
    as_one_document: bool,
    debug_image: str | None,
) -> int:
    """提取社保缴费明细或工资表为 shebao.extract/1 JSON / extract statements and pay sheets."""
    from shebao.ingest.pipeline import analyse_document, analyse_file

    if as_json and as_csv:
        raise UsageError("--json 和 --csv 只能选一个", "choose one of --json and --csv")
    paths = list(files)
    # A folder: an existing one, a path typed ending in "/" or "\\", or (several files) a
    # path without a suffix. ``-o all.json`` with several files writes one JSON list there.
    out = output_target(output) if output is not None else None
    out_path, to_dir = (out.path, out.folder) if out else (None, False)
    if out_path is not None and not to_dir:
        to_dir = len(paths) > 1 and not out_path.suffix and not as_one_document
    if out_path is not None and not to_dir:
        refuse_overwriting(out_path, paths)
    debug = output_target(debug_image) if debug_image else None  # checked before reading
    names = unique_names(paths)
    jobs: list[tuple[Path, str, Callable[[], Analysis]]]
    if as_one_document:
        jobs = [(paths[0], names[0], lambda: analyse_document(paths, layout, ocr))]
    else:
        jobs = [
            (path, name, lambda path=path: analyse_file(path, layout, ocr))
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
        analyses.append((names if as_one_document else [name], analysis))
        if ex.warnings:
            codes = sorted({w.code for w in ex.warnings})
            click.echo(
                f"提示：{path}：{len(ex.warnings)} 条自检提示（self-check warnings: "
                f"{', '.join(codes)}）",
                err=True,
            )
    try:  # the records first: a drawing that cannot be made must not lose them
        if results:
            if as_csv:
                _write_csv(results, out_path, to_dir, paths)
            else:
                _write_json(results, out_path, to_dir, paths, several=len(jobs) > 1)
        if debug is not None:
            _write_debug_images(analyses, debug.path, debug.folder, paths)
    except OSError as exc:  # a full disk, a read-only folder, a file where a folder must be
        raise unwritable(exc, out_path) from exc
    if failed:
        return 2 if not results else 1
    return 0


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
    analyses: list[tuple[list[str], Analysis]], out: Path, folder: bool, inputs: list[Path]
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
        target = _debug_target(out, folder, len(wanted) == 1, name, number)
        refuse_overwriting(target, inputs)
        target.parent.mkdir(parents=True, exist_ok=True)
        grid = table_grid(analysis.tables, page.number, list(page.words), LOW_CONFIDENCE,
                          flagged_rows(analysis.extract.warnings, page.number))
        draw_debug(backend.corrected_image(path, ocr_page), ocr_page.words, target,
                   rules=ocr_page.rules, grid=grid)
        click.echo(f"已画出调试图 {target}（debug image written）", err=True)


def _write_json(results, output: Path | None, to_dir: bool, inputs: list[Path],
                several: bool) -> None:
    if output is None:
        data = [ex.to_json_dict() for _, _, ex in results]
        click.echo(_json_text(data if several else data[0]))
        return
    if to_dir:
        output.mkdir(parents=True, exist_ok=True)
        for _, name, ex in results:
            refuse_overwriting(output / f"{name}.json", inputs)
            (output / f"{name}.json").write_text(_json_text(ex.to_json_dict()) + "\n", "utf-8")
        click.echo(
            f"已写入 {len(results)} 个文件到 {output}/（wrote {len(results)} files）", err=True
        )
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    data = [ex.to_json_dict() for _, _, ex in results]
    output.write_text(_json_text(data if several else data[0]) + "\n", "utf-8")


def _write_csv(results, output: Path | None, to_dir: bool, inputs: list[Path]) -> None:
    if to_dir and output is not None:
        output.mkdir(parents=True, exist_ok=True)
        for _, name, ex in results:
            for table, frame in _frames([ex]).items():
                refuse_overwriting(output / f"{name}.{table}.csv", inputs)
                frame.to_csv(output / f"{name}.{table}.csv", index=False)
        return
    tables = _frames([ex for _, _, ex in results])
    if output is None:
        for k, (_table, frame) in enumerate(tables.items()):
            if k:
                click.echo("")
            click.echo(frame.to_csv(index=False), nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    if len(tables) == 1:
        next(iter(tables.values())).to_csv(output, index=False)
    else:
        for table, frame in tables.items():
            target = output.with_name(f"{output.stem}.{table}{output.suffix}")
            refuse_overwriting(target, inputs)
            frame.to_csv(target, index=False)


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
