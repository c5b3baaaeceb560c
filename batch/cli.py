"""``shebao batch``: audit a factory's workforce from a folder of documents.

``shebao batch INPUTS... -o OUTDIR [--roster FILE] [--as-of YYYY-MM-DD] [--ocr/--no-ocr]
[--jobs N] [--evidence] [--resume] [--force]``; ``--evidence`` adds each worker's evidence
bundle (:mod:`shebao.batch.evidence`; recorded in the run's options, so ``--resume`` needs the
same choice); what it writes: :mod:`shebao.batch.write`; the
summary contract (``shebao.batch/1``): :mod:`shebao.batch.workforce`; how a run finishes, stops
and resumes (worker processes with limits, ``batch-manifest.json`` written last):
:mod:`shebao.batch.run`.

Exit code 1 when some files could not be read (they are listed; the others are audited), 0
otherwise; bad options or a bad roster: one-line error, exit 2; Ctrl-C: one line, exit 130,
and ``--resume`` continues. OUTDIR follows :mod:`shebao.outputs`: a file of that name, an
output that would replace an input (the roster) or go through a link, or an existing file
that is not this batch's own, is refused in one line before any work (``--force`` replaces
the latter). On a terminal a progress bar shows the documents read and the workers audited
with the time left; otherwise one summary line is printed at the end.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from shebao.asof import parse_as_of
from shebao.config_cli import ocr_engine_option
from shebao.errors import InputError
from shebao.files import display_text
from shebao.outputs import force_option, make_folder, output_target, refuse_overwriting, unwritable


@contextmanager
def _progress(files: int) -> Iterator[tuple[Callable[[int], None],
                                            Callable[[int, int], None]]]:
    """(one more document read, workers audited so far) callbacks: a rich progress bar on a
    terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        yield (lambda n: None), (lambda done, total: None)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    # no refresh thread: children are forked from this process (a lock held by a thread at
    # fork time would never be released in the child)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn(),
                   console=Console(stderr=True), auto_refresh=False, transient=True)
    with bar:
        read = bar.add_task("读取材料 files read", total=files)
        audited = bar.add_task("审计工人 workers audited", total=None)

        def one_read(n: int) -> None:
            bar.advance(read, n)
            bar.refresh()

        def audited_so_far(done: int, total: int) -> None:
            bar.update(audited, completed=done, total=total)
            bar.refresh()

        bar.refresh()
        yield one_read, audited_so_far


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "typed_out", required=True, type=click.Path(), metavar="OUTDIR")
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--as-of", "as_of", default=None)
@ocr_engine_option
@click.option("--ocr/--no-ocr", default=True, show_default=True)
@click.option("--jobs", type=click.IntRange(1, 64), default=None)
@click.option("--evidence", "bundles", is_flag=True)
@click.option("--resume", is_flag=True)
@force_option
def batch(inputs: tuple[Path, ...], typed_out: str, roster: Path | None, as_of: str | None,
          ocr: bool, jobs: int | None, bundles: bool, resume: bool, force: bool) -> int:
    """批量审计一个工厂的工人：每人的审计结果和全厂汇总（xlsx、html、pdf、json）。"""
    from shebao.batch.evidence import BUNDLE, INDEX
    from shebao.batch.roster import read_roster
    from shebao.batch.run import Interrupted, Run
    from shebao.batch.workforce import (
        audit_workforce,
        collect_files,
        default_jobs,
        extract_all,
        summarise,
    )
    from shebao.batch.write import (
        JOINT_FILES,
        SUMMARY_FILES,
        check_batch_targets,
        write_batch,
    )

    started = time.monotonic()
    outdir = output_target(typed_out, folder=True).path
    for name in SUMMARY_FILES:  # before the (slow) reading: a roster kept as an output name
        refuse_overwriting(outdir / name, [roster])
    day = parse_as_of(as_of) or date.today()
    entries = read_roster(roster) if roster else None
    files = collect_files(list(inputs))
    out = outdir.resolve()
    files = [f for f in files if out not in f.resolve().parents]  # never read our own output
    if roster:
        files = [f for f in files if f.resolve() != roster.resolve()]
    if not files:
        raise InputError("输入中没有可读取的文件（PDF、图片、表格或 JSON）",
                         "no readable files in the inputs", inputs[0], code="no_inputs")
    make_folder(outdir)
    options = {"as_of": day.isoformat() if as_of or not resume else None, "ocr": ocr,
               "roster": str(roster) if roster else None, "evidence": bundles}
    run = Run(outdir, options, resume=resume, force=force)
    if resume and as_of is None:  # the day of the run being resumed
        previous = (run._state() or run._manifest() or {}).get("options") or {}
        options["as_of"] = previous.get("as_of") or day.isoformat()
        day = date.fromisoformat(options["as_of"])
    check_batch_targets([outdir / name for name in (*SUMMARY_FILES, *JOINT_FILES)],
                        [*files, roster],
                        run.previous_outputs, force or run.resuming)  # before the reading
    listed = run.begin([*files, *([roster] if roster else [])])
    click.echo(f"读取 {len(files)} 份文件……", err=True)
    try:
        with _progress(len(files)) as (one_read, audited):
            extracts, failed = extract_all(files, ocr=ocr, jobs=jobs or default_jobs(),
                                           store=run.target, progress=one_read)
            workers = audit_workforce(extracts, day, entries, roster, ocr, progress=audited)
    except KeyboardInterrupt:
        done = len(list((run.folder / "documents").glob("*.json")))
        raise Interrupted(f"已中断：已读取 {done} 份材料；用同样的命令加 --resume 可继续",
                          f"interrupted after {done} documents; run the same command with "
                          "--resume to continue") from None
    lists = [(path, ex) for path, ex in extracts if ex.document.kind == "insured_list"]
    summary = summarise(workers, failed, day, entries, roster, len(extracts),
                        [ex for _, ex in lists], bundles)
    try:
        written = write_batch(outdir, summary, workers,
                              inputs=[*files, *([roster] if roster else [])],
                              ours=run.previous_outputs, force=force or run.resuming,
                              roster=entries, lists=lists)
    except OSError as exc:
        raise unwritable(exc, outdir) from exc
    failed_by_file = {f.file: f for f in failed}
    states = [({"state": "failed", "reason": failed_by_file[item["file"]].reason}
               if item["file"] in failed_by_file else {"state": "read"}) for item in listed]
    run.finish(listed, states, written)
    t = summary["totals"]
    minutes = (time.monotonic() - started) / 60
    click.echo(f"已审计 {t['workers']} 名工人（读取 {len(extracts)} 份，未能读取 {len(failed)} 份，"
               f"用时 {minutes:.1f} 分钟）：按最低基数 {t['minimum_base_workers']} 人，"
               f"已扣未缴 {t['withheld_workers']} 人，临时账户风险 {t['provisional_workers']} 人"
               f"；汇总：{outdir / 'factory_summary.pdf'}")
    made = sum(1 for p in written if p.name.endswith(f"-{BUNDLE}.pdf"))
    indexes = sum(1 for p in written if p.name.endswith(f"-{INDEX}.pdf"))
    joint = outdir / JOINT_FILES[0]
    if indexes or joint in written:
        what = (f"每人的证据材料和证据目录 {made} 份" if bundles
                else f"每人的证据目录 {indexes} 份（加 --evidence 同时生成每人的证据材料）")
        click.echo(f"{what}：{outdir / 'workers'}"
                   + (f"；联名投诉书：{joint}" if joint in written else ""))
    for f in failed:
        click.echo(f"未能读取：{display_text(f.file)}：{f.zh}（{f.en}）", err=True)
    if summary["roster"]:
        _name_few([e["name"] for e in summary["roster"]["without_documents"]],
                  "花名册中未找到材料", "xlsx 的“花名册中无材料”表")
    if summary["insured_list"]:
        _name_few([e["name"] for e in summary["insured_list"]["absent"]],
                  "单位参保人员名单中没有", "xlsx 的“参保名单核对”表")
        _name_few([f"{e['name']}（{len(e['months'])} 个月）"
                   for e in summary["insured_list"]["months_missing"]],
                  "单位参保人员名单未覆盖在职月份", "xlsx 的“参保名单核对”表")
    return 1 if failed else 0


FEW = 5  # more names than this are counted on the terminal, listed in the summary


def _name_few(names: list[str], what: str, where: str) -> None:
    """One line per name when there are few; otherwise one line with the count and the first
    names, pointing to the summary (a 300-worker factory must not end in a wall of lines)."""
    if not names:
        return
    if len(names) <= FEW:
        for name in names:
            click.echo(f"{what}：{name}", err=True)
        return
    click.echo(f"{what}：{len(names)} 人（{'、'.join(names[:3])} 等；名单见 factory_summary."
               f"{where}）", err=True)
