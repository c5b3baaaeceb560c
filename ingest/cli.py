"""``shebao extract`` and ``shebao inspect``.

``shebao extract FILE... [--json | --csv] [-o PATH] [--layout ID] [--ocr]``
    Prints (or writes) ``shebao.extract/1``: one JSON object for one file, a JSON list for
    several. ``-o DIR/`` (an existing directory, a path ending in ``/``, or a path without a
    suffix when there are several files) writes one ``<name>.json`` per file; ``-o FILE.json``
    writes the object (one file) or the list (several) into that file.
    ``--csv`` writes the contributions / annual / payslips tables instead (validated
    DataFrames of :mod:`shebao.frames`): to stdout or ``-o FILE.csv`` as one combined table,
    or with ``-o DIR/`` one ``<name>.<table>.csv`` per file and table.
    A file that cannot be read is reported as one line on stderr
    (``错误：<file>：<中文>（<English>）``); the others are still extracted and written.
    Exit code: 0 all good, 1 some files failed, 2 every file failed.
    ``--ocr`` reads images, and PDF pages without a usable text layer, with the OCR backend
    of :mod:`shebao.ingest.ocr` (without it such files are refused with a message saying so).

``shebao inspect FILE [--layout ID] [--ocr] [--rows N]``
    Shows how the reader saw a document: each layout profile's score and keyword hits, the
    profile chosen, each table's header -> field mapping and its raw rows, and the records
    and self-check warnings that came out. When nothing is recognised it still shows the
    scores and the header-like lines of every page, so a paralegal can see why.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from shebao.errors import ShebaoError, UsageError
from shebao.records import Extract


def _json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _out_names(paths: list[Path]) -> list[str]:
    """Output stems, unique even when two inputs share a file name."""
    seen: dict[str, int] = {}
    names = []
    for p in paths:
        stem = p.stem
        seen[stem] = seen.get(stem, 0) + 1
        names.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return names


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
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（默认） / JSON output (default)")
@click.option("--csv", "as_csv", is_flag=True, help="输出 CSV 表格 / CSV tables")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="输出文件或文件夹 / output file or folder",
)
@click.option("--layout", help="指定版式 ID（跳过自动识别） / force a layout profile id")
@click.option(
    "--ocr", is_flag=True, help="图片和无文字层的页面用 OCR 识别 / OCR images and text-less pages"
)
def extract(
    files: tuple[Path, ...],
    as_json: bool,
    as_csv: bool,
    output: Path | None,
    layout: str | None,
    ocr: bool,
) -> int:
    """提取社保缴费明细或工资表为 shebao.extract/1 JSON / extract statements and pay sheets."""
    from shebao.ingest.pipeline import extract_file

    if as_json and as_csv:
        raise UsageError("--json 和 --csv 只能选一个", "choose one of --json and --csv")
    paths = list(files)
    # A folder: an existing one, a path ending in "/", or (several files) a path without a
    # suffix. ``-o all.json`` with several files writes one JSON list into that file.
    to_dir = output is not None and (
        output.is_dir()
        or str(output).endswith(("/", "\\"))
        or (len(paths) > 1 and not output.suffix)
    )
    results: list[tuple[Path, str, Extract]] = []
    failed = 0
    for path, name in zip(paths, _out_names(paths), strict=True):
        try:
            ex = extract_file(path, profile_id=layout, ocr=ocr)
        except ShebaoError as exc:
            failed += 1
            click.echo(f"错误：{exc.format()}", err=True)
            continue
        results.append((path, name, ex))
        if ex.warnings:
            codes = sorted({w.code for w in ex.warnings})
            click.echo(
                f"提示：{path}：{len(ex.warnings)} 条自检提示（self-check warnings: "
                f"{', '.join(codes)}）",
                err=True,
            )
    if results:
        if as_csv:
            _write_csv(results, output, to_dir)
        else:
            _write_json(results, output, to_dir, several=len(paths) > 1)
    if failed:
        return 2 if not results else 1
    return 0


def _write_json(results, output: Path | None, to_dir: bool, several: bool) -> None:
    if output is None:
        data = [ex.to_json_dict() for _, _, ex in results]
        click.echo(_json_text(data if several else data[0]))
        return
    if to_dir:
        output.mkdir(parents=True, exist_ok=True)
        for _, name, ex in results:
            (output / f"{name}.json").write_text(_json_text(ex.to_json_dict()) + "\n", "utf-8")
        click.echo(
            f"已写入 {len(results)} 个文件到 {output}/（wrote {len(results)} files）", err=True
        )
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    data = [ex.to_json_dict() for _, _, ex in results]
    output.write_text(_json_text(data if several else data[0]) + "\n", "utf-8")


def _write_csv(results, output: Path | None, to_dir: bool) -> None:
    if to_dir and output is not None:
        output.mkdir(parents=True, exist_ok=True)
        for _, name, ex in results:
            for table, frame in _frames([ex]).items():
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
            frame.to_csv(output.with_name(f"{output.stem}.{table}{output.suffix}"), index=False)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--layout", help="指定版式 ID / force a layout profile id")
@click.option(
    "--ocr", is_flag=True, help="图片和无文字层的页面用 OCR 识别 / OCR images and text-less pages"
)
@click.option(
    "--rows", "max_rows", default=12, show_default=True, help="每个表显示的行数 / rows shown"
)
def inspect(file: Path, layout: str | None, ocr: bool, max_rows: int) -> int:
    """显示版式识别过程、表头映射和原始表格 / show how a document was read."""
    from rich.console import Console
    from shebao.ingest.explain import show

    # Wide tables stay readable when piped to a file (no terminal width to respect).
    width = None if sys.stdout.isatty() else 220
    console = Console(file=sys.stdout, soft_wrap=False, width=width)
    return show(console, file, layout, max_rows, ocr=ocr)
