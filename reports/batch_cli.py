"""``shebao batch``: audit a factory's workforce from a folder of documents.

``shebao batch INPUTS... -o OUTDIR [--roster FILE] [--as-of YYYY-MM-DD] [--ocr/--no-ocr]
[--jobs N]``; what it writes: :mod:`shebao.reports.batch_write`; the summary contract
(``shebao.batch/1``): :mod:`shebao.reports.batch`. Exit code 1 when some files could not be
read (they are listed; the others are audited), 0 otherwise; bad options or a bad roster:
one-line error, exit 2. OUTDIR follows :mod:`shebao.outputs`: a file of that name, or an
output that would replace an input (the roster), is refused in one line before any work.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from shebao.config_cli import ocr_engine_option
from shebao.errors import InputError, UsageError
from shebao.outputs import output_target, refuse_overwriting, unwritable


def _as_of(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"审计日期“{text}”应为 YYYY-MM-DD", f"--as-of must be YYYY-MM-DD, got "
                         f"{text!r}") from None


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "typed_out", required=True, type=click.Path(), metavar="OUTDIR")
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--as-of", "as_of", default=None)
@ocr_engine_option
@click.option("--ocr/--no-ocr", default=True, show_default=True)
@click.option("--jobs", type=click.IntRange(1, 64), default=None)
def batch(inputs: tuple[Path, ...], typed_out: str, roster: Path | None, as_of: str | None,
          ocr: bool, jobs: int | None) -> int:
    """批量审计一个工厂的工人：每人的审计结果和全厂汇总（xlsx、html、pdf、json）。"""
    from shebao.reports.batch import (
        audit_workforce,
        collect_files,
        default_jobs,
        extract_all,
        summarise,
    )
    from shebao.reports.batch_roster import read_roster
    from shebao.reports.batch_write import SUMMARY_FILES, write_batch

    outdir = output_target(typed_out, folder=True).path
    for name in SUMMARY_FILES:  # before the (slow) reading: a roster kept as an output name
        refuse_overwriting(outdir / name, [roster])
    day = _as_of(as_of)
    entries = read_roster(roster) if roster else None
    files = collect_files(list(inputs))
    out = outdir.resolve()
    files = [f for f in files if out not in f.resolve().parents]  # never read our own output
    if roster:
        files = [f for f in files if f.resolve() != roster.resolve()]
    if not files:
        raise InputError("输入中没有可读取的文件（PDF、图片、表格或 JSON）",
                         "no readable files in the inputs", inputs[0], code="no_inputs")
    click.echo(f"读取 {len(files)} 份文件……", err=True)
    extracts, failed = extract_all(files, ocr=ocr, jobs=jobs or default_jobs())
    workers = audit_workforce(extracts, day, entries, roster, ocr)
    lists = [ex for _, ex in extracts if ex.document.kind == "insured_list"]
    summary = summarise(workers, failed, day, entries, roster, len(extracts), lists)
    try:
        write_batch(outdir, summary, workers, inputs=[*files, *([roster] if roster else [])])
    except OSError as exc:
        raise unwritable(exc, outdir) from exc
    t = summary["totals"]
    click.echo(f"已审计 {t['workers']} 名工人：按最低基数 {t['minimum_base_workers']} 人，"
               f"已扣未缴 {t['withheld_workers']} 人，临时账户风险 {t['provisional_workers']} 人"
               f"；汇总：{outdir / 'factory_summary.pdf'}")
    for f in failed:
        click.echo(f"未能读取：{f.file}：{f.zh}（{f.en}）", err=True)
    if summary["roster"]:
        for e in summary["roster"]["without_documents"]:
            click.echo(f"花名册中未找到材料：{e['name']}", err=True)
    if summary["insured_list"]:
        for e in summary["insured_list"]["absent"]:
            click.echo(f"单位参保人员名单中没有：{e['name']}", err=True)
        for e in summary["insured_list"]["months_missing"]:
            click.echo(f"单位参保人员名单未覆盖{e['name']}在职的 {len(e['months'])} 个月", err=True)
    return 1 if failed else 0
