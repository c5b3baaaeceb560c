"""``shebao samples``: write synthetic documents with their ground truth.

* ``shebao samples generate -o DIR [--layout ID|all] [--count N] [--seed S] [--months N]
  [--watermark text|outline] [--hidden]`` writes ``<layout>_<seed>.pdf|xlsx`` and
  ``<same name>.truth.json`` (``shebao.extract/1``), with ``--hidden`` also
  ``<same name>.hidden.json`` (``shebao.samples.hidden/1``: true wages, planted problems);
* ``shebao samples generate -o samples/demo --demo`` rewrites the committed demo set
  (documents in DIR, truths and hidden facts in ``DIR/truth/``);
* ``shebao samples photo PDF... -o DIR [--style phone|scan] [--seed N]`` photographs every
  page of each PDF (:func:`shebao.samples.photo.photograph_all`: ``<stem>-p<N>.jpg|png`` and
  ``.photo.json`` with the transforms). The PDF's truth is found by the one rule of
  :func:`shebao.samples.photo.find_truth` (``<name>.truth.json`` beside the PDF, in
  ``truth/`` beside it or in ``../truth/``, with the PDF's sha256) and written for the images
  (:func:`~shebao.samples.photo.photo_truth`): ``<image>.truth.json`` for a one-page PDF,
  ``<stem>-photos.truth.json`` with ``document.files`` for several pages (read together with
  ``shebao extract <stem>-p1.jpg <stem>-p2.jpg … --as-one-document``). Without a truth the
  images are written alone and a 提示 line on stderr says so. A file that is not a PDF, or
  is empty, damaged or encrypted, gets one 错误 line naming it and the others are still
  photographed (exit 0 all done, 1 some refused, 2 all refused);
* ``shebao samples unseen -o DIR [-n N] [--seed S] [--months N] [--photo [--style S]]``
  composes statements in layouts no profile knows (:mod:`shebao.samples.unseen`):
  ``unseen_<seed>.pdf`` with ``.truth.json`` and ``.layout.json`` (the layout drawn), with
  ``--photo`` also a photo of every page and the photos' truth;
* ``shebao samples bad -o DIR [--huge] [--extra]`` writes the bad-input cases and
  ``bad_inputs.json`` (``--extra``: also the cases added later, e.g. ``(cid:)`` glyphs).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from shebao.samples import EXTRA_LAYOUTS, LAYOUTS, Sample, generate

from shebao.errors import ShebaoError, UsageError
from shebao.outputs import make_folder, unwritable


def write_truth(sample: Sample, folder: Path | None = None, hidden: bool = False) -> Path:
    """Write ``<file>.truth.json`` (and with ``hidden`` also ``<file>.hidden.json``)."""
    folder = folder or sample.path.parent
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{sample.path.name}.truth.json"
    path.write_text(json.dumps(sample.truth.to_json_dict(), ensure_ascii=False, indent=1)
                    + "\n", encoding="utf-8")
    if hidden and sample.hidden:
        (folder / f"{sample.path.name}.hidden.json").write_text(
            json.dumps(sample.hidden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def _write_errors_in_one_line(command: Callable[..., Any]) -> Callable[..., Any]:
    """An :class:`OSError` met while writing the samples (disk full, no permission) is one
    line naming the path, as for every command's output (:mod:`shebao.outputs`)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OSError as exc:
            raise unwritable(exc, kwargs.get("out_dir")) from exc

    return run


@click.group("samples")
def samples() -> None:
    """生成合成测试样本（带标准答案）。Write synthetic statements and pay slips with truth."""


@samples.command("generate")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True)
@click.option("--layout", default="all", show_default=True)
@click.option("--count", default=1, show_default=True, type=click.IntRange(1, 10000))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--months", default=None, type=click.IntRange(1, 1200))
@click.option("--watermark", type=click.Choice(["text", "outline"]), default=None)
@click.option("--hidden", is_flag=True)
@click.option("--demo", is_flag=True)
@_write_errors_in_one_line
def generate_cmd(out_dir: Path, layout: str, count: int, seed: int, months: int | None,
                 watermark: str | None, hidden: bool, demo: bool) -> None:
    """生成样本文件和 .truth.json 标准答案。"""
    make_folder(out_dir)
    if demo:
        from shebao.samples.demo_set import write_demo

        for sample in write_demo(out_dir):
            click.echo(f"{sample.path}\t{sample.layout}")
        return
    layouts = LAYOUTS if layout == "all" else tuple(x.strip() for x in layout.split(","))
    known = LAYOUTS + EXTRA_LAYOUTS
    unknown = [x for x in layouts if x not in known]
    if unknown:
        raise UsageError(f"未知版式：{', '.join(unknown)}（可用：{', '.join(known)}）",
                         f"unknown layout {', '.join(unknown)}; known: {', '.join(known)}")
    options: dict = {"months": months} if months else {}
    if watermark:
        options["watermark"] = watermark
    for lay in layouts:
        for s in range(seed, seed + count):
            try:
                sample = generate(lay, s, out_dir, **options)
            except ValueError as exc:
                raise UsageError(f"无法生成 {lay}（种子 {s}）：缴费历史太短，请增加 --months",
                                 str(exc)) from exc
            write_truth(sample, hidden=hidden)
            click.echo(f"{sample.path}\t{sample.layout}\t{sample.truth.document.pages}页")


@samples.command("bad")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True)
@click.option("--huge", is_flag=True)
@click.option("--extra", is_flag=True)
@_write_errors_in_one_line
def bad_cmd(out_dir: Path, huge: bool, extra: bool) -> None:
    """生成各种错误输入（空文件、损坏、加密、纯图片、非社保文件……）。"""
    from shebao.samples.bad import write_bad_inputs

    make_folder(out_dir)
    for case in write_bad_inputs(out_dir, huge=huge, extra=extra):
        click.echo(f"{out_dir / case.file}\t{case.case}\t{case.zh}")


@samples.command("photo")
@click.argument("pdfs", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True)
@click.option("--style", type=click.Choice(["phone", "scan"]), default="phone",
              show_default=True)
@click.option("--seed", default=0, show_default=True, type=int)
@_write_errors_in_one_line
def photo_cmd(pdfs: tuple[Path, ...], out_dir: Path, style: str, seed: int) -> int:
    """把 PDF 样本的每一页拍成手机照片（.jpg）或扫描件（.png），附标准答案。

    \b
    图片写入 -o 目录：<PDF名>-p1.jpg、-p2.jpg……（每页一张），旁边的 .photo.json 记录拍摄参数。
    标准答案：依次在 PDF 所在文件夹、其下的 truth/、上一级的 truth/ 中查找
    <PDF文件名>.truth.json（samples generate 和演示样本集放的位置），只用 sha256
    与该 PDF 相符的那一份。找到时写出图片的标准答案：单页 -> <图片名>.truth.json；
    多页 -> <PDF名>-photos.truth.json（对应 shebao extract <各页图片> --as-one-document）。
    找不到就只生成图片，并在提示中说明。

    \b
    Truth: <PDF name>.truth.json, looked for beside the PDF, then in truth/ beside it, then
    in ../truth/ (where the generator and the demo set put it); used only when its sha256 is
    the PDF's. One page -> <image>.truth.json; several -> <stem>-photos.truth.json for
    `shebao extract <images> --as-one-document`. No truth found -> images only, said so.
    """
    from shebao.samples.photo import find_truth, photo_truth, photograph_all

    make_folder(out_dir)
    failed = 0
    for pdf in pdfs:
        try:
            images = photograph_all(pdf, out_dir, style=style, seed=seed)
        except ShebaoError as exc:  # one bad file never stops the others
            failed += 1
            click.echo(f"错误：{exc.format()}", err=True)
            continue
        for image in images:
            click.echo(f"{image}\t{style}")
        found = find_truth(pdf)
        for stale in found.stale:
            click.echo(f"提示：{stale} 与 {pdf} 的内容不符（sha256 不同，PDF 可能重新生成"
                       f"或改动过），不使用（truth describes other bytes; not used）", err=True)
        if found.path is None:
            places = "、".join(str(p.parent) for p in found.searched)
            click.echo(f"提示：没有找到与 {pdf} 相符的标准答案 {pdf.name}.truth.json"
                       f"（查找了 {places}），只生成了图片，没有写标准答案"
                       f"（no truth found; images only, no truth written）", err=True)
            continue
        truth = json.loads(found.path.read_text(encoding="utf-8"))
        target, photo = photo_truth(pdf, truth, images)
        target.write_text(json.dumps(photo, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
        click.echo(f"{target}\t标准答案 truth（取自 from {found.path}）")
    return (2 if failed == len(pdfs) else 1) if failed else 0


@samples.command("unseen")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True)
@click.option("-n", "--count", default=20, show_default=True, type=click.IntRange(1, 10000))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--months", default=None, type=click.IntRange(6, 240))
@click.option("--photo", is_flag=True)
@click.option("--style", type=click.Choice(["phone", "scan"]), default="phone",
              show_default=True)
@_write_errors_in_one_line
def unseen_cmd(out_dir: Path, count: int, seed: int, months: int | None, photo: bool,
               style: str) -> None:
    """随机组合从未见过的缴费明细版式（带标准答案），用于检验读取器。

    \b
    每份写出 unseen_<种子>.pdf、.truth.json（标准答案）和 .layout.json（所抽的版式：
    列、表头、格式、水印印章）；--photo 另写每页照片和照片的标准答案。
    Compose statements in layouts no profile knows, with truth and the layout drawn.
    """
    from shebao.samples.unseen import generate_unseen, photograph_unseen, write_unseen

    make_folder(out_dir)
    options = {"months": months} if months else {}
    for s in range(seed, seed + count):
        sample = generate_unseen(s, out_dir, **options)
        write_unseen(sample)
        spec = sample.spec
        click.echo(f"{sample.path}\t{spec.arrangement}\t{sample.truth.document.pages}页\t"
                   f"{len(spec.columns)}列")
        if photo:
            images, target, _ = photograph_unseen(sample, out_dir, style=style)
            for image in images:
                click.echo(f"{image}\t{style}")
            click.echo(f"{target}\t标准答案 truth")


@samples.command("factory")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True)
@click.option("--workers", default=8, show_default=True, type=click.IntRange(1, 2000))
@click.option("--seed", default=1, show_default=True, type=int)
@_write_errors_in_one_line
def factory_cmd(out_dir: Path, workers: int, seed: int) -> None:
    """生成一个工厂的全体工人材料（缴费明细、工资表、花名册）和预期结果 expected.json。"""
    from shebao.samples.factory import build_factory

    make_folder(out_dir)
    f = build_factory(out_dir, workers=workers, seed=seed)
    click.echo(f"{f.documents}\t{len(f.workers)} workers\t{f.roster}\t{f.expected}")
