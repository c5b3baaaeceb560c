"""Commands of the reports stage: ``case check``, ``draft``, ``bundle``, ``verify``.

``shebao case init CASE``   write a commented ``case.yaml`` skeleton (never overwrites).
``shebao case check CASE``  what each document still lacks (【待补充】 markers, unknown template
                            variables), which files are evidence (and which are one document,
                            ``case.yaml`` ``documents:``), whether the audit is there.
``shebao draft CASE --kind K [--format F] -o PATH``  one document (K in :data:`KINDS`), or
                            ``--kind all -o FOLDER``: every kind (default DOCX). ``-o DIR/``
                            (ending in ``/``, or an existing folder) writes
                            ``DIR/<document's file name>.<format>``.
``shebao bundle CASE -o bundle.pdf [--zip]``  the evidence bundle (:mod:`.bundle`); ``-o DIR/``
                            writes ``DIR/<case folder name>-证据材料.pdf``.
``shebao verify bundle.pdf FILES...``  re-hash originals against the bundle's manifest; exit 0
                            when all match, 1 naming each mismatch or missing file.

Common options: ``--audit FILE`` (a ``shebao.audit/1`` JSON; otherwise the audit stage is
asked, see :mod:`.audit_source`), ``--templates DIR`` (edited templates that override the
packaged ones). Errors are :class:`~shebao.errors.ShebaoError` (one line, exit 2). Outputs
follow :mod:`shebao.outputs` (never over an input or through a link; a folder typed ``DIR/``
is created, and files already in it are replaced only with ``--force``) and go outside the
case folder.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import click

from shebao.errors import ShebaoError, UsageError
from shebao.outputs import (
    Target,
    check_outside,
    check_target,
    check_writable,
    force_option,
    make_folder,
    output_target,
    unwritable,
)

from .formats import FORMATS, format_from_path
from .templating import KINDS

_AUDIT = click.option("--audit", "audit_file", type=click.Path(path_type=Path))
_TEMPLATES = click.option("--templates", "templates_dir",
                          type=click.Path(path_type=Path, file_okay=False))
_CASE = click.argument("case_dir", metavar="CASE", type=click.Path(path_type=Path))


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None):
    from shebao.asof import parse_as_of

    return parse_as_of(value)


_AS_OF = click.option("--as-of", "as_of", callback=_as_of, metavar="YYYY-MM-DD")


def _templates(path: Path | None) -> Path | None:
    if path is not None and not path.is_dir():
        raise UsageError("模板文件夹不存在", "templates folder does not exist", path,
                         code="templates_missing")
    return path


@click.group("case")
def case() -> None:
    """案件文件夹：检查还缺哪些材料。case folder commands."""


@case.command("init")
@_CASE
def init(case_dir: Path) -> None:
    """在案件文件夹里生成带说明的 case.yaml。write a commented case.yaml skeleton."""
    from .case import new_case_yaml

    path = new_case_yaml(case_dir)
    click.echo(f"已生成 {path}，请填写后运行 shebao case check {case_dir}")


@case.command("check")
@_CASE
@_AUDIT
@_TEMPLATES
@_AS_OF
def check(case_dir: Path, audit_file: Path | None, templates_dir: Path | None,
          as_of=None) -> None:
    """列出每种文书还缺少的内容。list what each document still lacks."""
    from shebao.records import AuditResult

    from .audit_source import load_audit
    from .case import load_case
    from .context import build_context
    from .crosscheck import crosscheck
    from .facts import where_to_fill
    from .originals import document_groups, find_originals
    from .templating import markers, render, undeclared

    override = _templates(templates_dir)
    facts = load_case(case_dir)
    originals = find_originals(case_dir, facts)
    try:
        audit = load_audit(case_dir, audit_file, as_of)
        audit_note = f"审计结果：{len(audit.findings)}项发现（计至{audit.as_of}）"
    except ShebaoError as exc:
        audit = AuditResult()
        why = ("缺少（请用 --audit FILE 指定）" if exc.code == "audit_needed"
               else f"无法得到：{exc.format()}")
        audit_note = f"审计结果：{why}；以下按无审计发现检查"
    ctx = build_context(facts, audit, originals.files, today=as_of)
    click.echo(f"案件：{case_dir}")
    click.echo(f"原件：{len(originals.files)}个")
    for number, o in enumerate(originals.files, 1):
        click.echo(f"  证据{number}  {o.name}  ({o.kind}, {o.pages}{o.unit}, "
                   f"sha256 {o.sha256[:12]}…)")
    exhibit = {o.path: number for number, o in enumerate(originals.files, 1)}
    for group in document_groups(case_dir, facts):
        click.echo("  同一份材料（case.yaml documents，按页序合为一份读取）："
                   + "、".join(f"证据{exhibit[p]}" for p in group if p in exhibit))
    for name in originals.skipped:
        hint = "；.xls 请另存为 .xlsx" if name.lower().endswith(".xls") else ""
        click.echo(f"  不作为证据（格式不支持{hint}）：{name}")
    click.echo(audit_note)
    if ctx.ocr.documents:
        click.echo(f"  注意：{ctx.ocr.documents}份材料由照片或扫描件识别（OCR），"
                   f"共{ctx.ocr.figures}条记录；尚有{ctx.ocr.warnings}条自检提示未处理，提交前请对照原件核对")
    for warning in crosscheck(audit, originals.files):
        click.echo(f"  注意：{warning}")
    if ctx.scope.origin != "case":
        click.echo(f"  注意：{ctx.scope.note}"
                   + (f"（{ctx.scope.text}）" if ctx.scope.text else "")
                   + "；请在 case.yaml 的 employment 中写明")
    if ctx.scope.gaps_text:
        click.echo(f"  不列入请求的月份（任职期间以外或换工作之间的空档）：{ctx.scope.gaps_text}")
    for item in _where_to_give(audit, facts):
        click.echo(f"  需补充：{item}")
    for note in audit.missing:  # a hand correction the documents no longer bear out
        if note.startswith("人工更正未应用"):
            click.echo(f"  注意：{note}；请在 case.yaml 的 corrections 中改正或删去这一条")
    from .bundle import draft_kinds

    titles = "、".join(KINDS[k].title for k in draft_kinds(facts, ctx))
    click.echo(f"证据材料将包括：封面及目录、{titles}、证据原件、原件校验清单")
    if ctx.arbitration_absent:
        click.echo(f"不起草仲裁申请书：{ctx.arbitration_absent}")
    click.echo("各文书还缺少：")
    for kind, spec in KINDS.items():
        if kind == "arbitration" and ctx.arbitration_absent:
            continue
        unknown = sorted(undeclared(spec.template, override))
        found = [m.removeprefix("【待补充：").removesuffix("】")
                 for m in markers(render(kind, ctx, override))]
        status = "齐全" if not found and not unknown else ""
        click.echo(f"  {spec.title}（{kind}）：{status}")
        for item in found:
            key = where_to_fill(item)
            click.echo(f"    - {item}" + (f"（case.yaml: {key}）" if key else ""))
            if key == "employment" and ctx.inferred_employment:
                click.echo("      审计从材料推断（请向劳动者核实后填入）：")
                for period in ctx.inferred_employment:
                    click.echo(f"        {period}")
        for name in unknown:
            click.echo(f"    - 模板使用了未定义的变量 {name}（template variable not in context）")


# Where each fact the audit lacked is given in a case folder (audit ``missing_facts``).
_CASE_KEY = {"employment": "employment", "hukou": "worker.hukou", "birth": "worker.birth",
             "category": "worker.category（男 / 女工人 / 女干部）",
             "insured_place": "insured_place"}


def _where_to_give(audit, case) -> list[str]:
    from .context import _audit_missing

    left = set(_audit_missing(case, audit))
    out = []
    for item in (audit.model_extra or {}).get("missing_facts") or []:
        if isinstance(item, dict) and item.get("text") in left and item.get("fact") in _CASE_KEY:
            out.append(f"{item['text']}（case.yaml: {_CASE_KEY[item['fact']]}）")
    return out


def _output_format(fmt: str | None, output: Path) -> str:
    suffix = format_from_path(output)
    if fmt and suffix in FORMATS and suffix != fmt:
        raise UsageError(f"--format {fmt} 与输出文件扩展名 .{suffix} 不一致",
                         f"--format {fmt} does not match the output suffix .{suffix}", output,
                         code="bad_format")
    fmt = fmt or suffix
    if fmt not in FORMATS:
        raise UsageError(f"无法确定输出格式，请用 --format 指定（{'/'.join(FORMATS)}）",
                         f"cannot tell the output format; pass --format ({', '.join(FORMATS)})",
                         output, code="bad_format")
    return fmt


def _check_targets(typed: Target, targets: list[Path], case_dir: Path,
                   inputs: list[Path | None], force: bool) -> None:
    """Before any work: outputs go outside the case folder, into a folder that exists (a
    folder output is created) and can be written, never over an input or through a link, and
    -- ``--force`` aside -- never over an existing file whose name the command derived
    (``DIR/<name>``); a typed file name and the files that go with it (a bundle's manifest
    and ZIP) are the user's to replace (:mod:`shebao.outputs`)."""
    for target in targets:
        check_outside(target, case_dir)
    if typed.folder and not typed.path.is_dir():
        _check_creatable(typed.path)
    for target in targets:
        check_target(target, inputs, named=not typed.folder, force=force)
        if target.parent.is_dir():
            check_writable(target)


def _check_creatable(folder: Path) -> None:
    """A folder output that does not exist yet: its nearest existing parent is a folder we may
    write in (it is created only when there is something to write: :func:`_output_folder`)."""
    parent = folder.absolute()
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise unwritable(OSError(errno.ENOTDIR, "Not a directory", str(parent)), folder)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise unwritable(OSError(errno.EACCES, "Permission denied", str(parent)), folder)


@contextmanager
def _output_folder(typed: Target) -> Iterator[None]:
    """Create a folder output just before writing into it; when the work fails (bad input,
    Ctrl-C), the folders this created are removed again, so nothing half-made is left."""
    created: list[Path] = []
    if typed.folder:
        path = typed.path.absolute()
        while not path.exists():
            created.append(path)
            path = path.parent
        make_folder(typed.path)
    try:
        yield
    except BaseException:
        for folder in created:  # innermost first; only while empty
            with suppress(OSError):
                folder.rmdir()
        raise


@click.command("draft")
@_CASE
@click.option("--kind", required=True, type=click.Choice([*KINDS, "all"]), metavar="KIND")
@click.option("--format", "fmt", type=click.Choice(FORMATS))
@click.option("-o", "--output", required=True, type=click.Path(), metavar="PATH|DIR/")
@click.option("--mask/--no-mask", "mask", default=None)
@_AUDIT
@_TEMPLATES
@_AS_OF
@force_option
def draft(case_dir: Path, kind: str, fmt: str | None, output: str, mask: bool | None,
          audit_file: Path | None, templates_dir: Path | None, as_of=None,
          force: bool = False) -> None:
    """起草文书。render one document (or all of them) for a case."""
    typed = output_target(output)
    kinds = list(KINDS) if kind == "all" else [kind]
    if kind == "all" and not typed.folder:
        raise UsageError("--kind all 时 -o 应为文件夹（已有的文件夹，或以 / 结尾）",
                         "with --kind all, -o must be a folder (existing, or ending in /)",
                         typed.path, code="bad_output")
    if typed.folder:
        fmt = fmt or "docx"
        targets = {k: typed.file(f"{KINDS[k].filename}.{fmt}") for k in kinds}
    else:
        fmt = _output_format(fmt, typed.path)
        targets = {kind: typed.path}
    _check_targets(typed, list(targets.values()), case_dir, [audit_file], force)
    with _output_folder(typed):
        _draft(case_dir, kind, kinds, targets, fmt, mask, audit_file, templates_dir, as_of)


def _draft(case_dir: Path, kind: str, kinds: list[str], targets: dict[str, Path], fmt: str,
           mask: bool | None, audit_file: Path | None, templates_dir: Path | None,
           as_of) -> None:
    from shebao.outputs import Outputs

    from .context import build_context
    from .formats import convert
    from .prepare import prepare
    from .templating import markers, render

    override = _templates(templates_dir)
    prepared = prepare(case_dir, audit_file, today=as_of)
    contexts = {False: prepared.context,
                True: build_context(prepared.case, prepared.audit, prepared.originals.files,
                                    mask_ids=True, today=as_of)}
    skipped = prepared.context.arbitration_absent if "arbitration" in kinds else ""
    if skipped and kind == "arbitration":
        raise UsageError(f"不起草仲裁申请书：{skipped}",
                         "no arbitrable claim is supported; draft the complaint instead",
                         case_dir, code="nothing_to_file")
    if skipped:
        kinds.remove("arbitration")
        targets.pop("arbitration")
    rendered = {}
    for k in kinds:
        masked = (k == "report") if mask is None else mask
        html = render(k, contexts[masked], override)
        rendered[k] = (html, convert(html, fmt, KINDS[k].title))
    with Outputs(protect=[o.path for o in prepared.originals.files]) as out:
        for k, (_, data) in rendered.items():
            out.write(targets[k], data)
    if skipped:
        click.echo(f"未生成仲裁申请书：{skipped}")
    for k, (html, _) in rendered.items():
        click.echo(f"已生成 {targets[k]}（{KINDS[k].title}，{fmt}）")
        unmasked = not ((k == "report") if mask is None else mask)
        if unmasked and "待补充" not in (prepared.context.worker.id_number or "待补充"):
            click.echo("  注意：其中身份证号未遮盖（完整号码，供提交机关使用；--mask 可遮盖）"
                       "（ID numbers unmasked）")
        todo = markers(html)
        if todo:
            click.echo(f"  待补充{len(todo)}项：" + "、".join(
                m.removeprefix("【待补充：").removesuffix("】") for m in todo))


@click.command("bundle")
@_CASE
@click.option("-o", "--output", required=True, type=click.Path(), metavar="BUNDLE.pdf|DIR/")
@click.option("--zip", "with_zip", is_flag=True)
@_AUDIT
@_TEMPLATES
@_AS_OF
@force_option
def bundle(case_dir: Path, output: str, with_zip: bool, audit_file: Path | None,
           templates_dir: Path | None, as_of=None, force: bool = False) -> None:
    """生成证据材料（一个带页码的 PDF）。build the evidence bundle."""
    from .bundle import build_bundle
    from .crosscheck import crosscheck
    from .manifest import sidecar_path
    from .originals import ORIGINAL_FORMATS
    from .prepare import prepare

    typed = output_target(output)
    pdf = typed.file(f"{case_dir.resolve().name}-证据材料.pdf")
    if pdf.suffix.lower() != ".pdf":
        raise UsageError("证据材料应保存为 .pdf 文件", "the bundle must be a .pdf file", pdf,
                         code="bad_format")
    side = [sidecar_path(pdf)] + ([pdf.with_suffix(".zip")] if with_zip else [])
    _check_targets(typed, [pdf, *side], case_dir, [audit_file], force)
    with _output_folder(typed):
        prepared = prepare(case_dir, audit_file, today=as_of)
        for warning in crosscheck(prepared.audit, prepared.originals.files):
            click.echo(f"注意：{warning}", err=True)
        for name in prepared.originals.skipped:
            click.echo(f"注意：{name} 不是支持的原件格式（{ORIGINAL_FORMATS}），未收入证据材料"
                       + ("；.xls 请另存为 .xlsx" if name.lower().endswith(".xls") else ""),
                       err=True)
        result = build_bundle(prepared, pdf, with_zip=with_zip,
                              override_dir=_templates(templates_dir))
    click.echo(f"已生成 {result.pdf}（共{result.pages}页）")
    for title, first, last in result.sections:
        click.echo(f"  {first:>4}-{last:<4} {title}")
    click.echo(f"校验清单 {result.manifest}")
    click.echo("注意：证据材料中的文书和原件含完整身份证号，请妥善保管、只交给办案机关"
               "（the bundle carries unmasked ID numbers）")
    if result.zip:
        click.echo(f"ZIP {result.zip}")
    if result.todo:
        click.echo(f"文书中待补充{len(result.todo)}项：" + "、".join(
            m.removeprefix("【待补充：").removesuffix("】") for m in result.todo))


@click.command("verify")
@click.argument("bundle_pdf", metavar="BUNDLE.pdf", type=click.Path(path_type=Path))
@click.argument("files", metavar="FILES...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("--partial", is_flag=True)
def verify(bundle_pdf: Path, files: tuple[Path, ...], partial: bool) -> int:
    """核对原件是否与证据材料的校验清单一致。re-hash originals against the manifest."""
    from .manifest import verify as run

    result = run(bundle_pdf, list(files), partial=partial)
    for entry, path in result.matched:
        click.echo(f"一致 OK        证据{entry.exhibit}  {path}")
    for problem in result.problems:
        label = {"mismatch": "不一致 MISMATCH", "missing": "缺少 MISSING",
                 "unknown": "未列入 UNKNOWN", "bundle_changed": "已改动 CHANGED"}[problem.kind]
        click.echo(f"{label}  {problem.file}：{problem.detail}")
    if result.ok:
        click.echo(f"全部{len(result.matched)}个原件与清单一致"
                   f"（manifest: {result.manifest_source}）")
        return 0
    click.echo(f"发现{len(result.problems)}处不一致（{len(result.problems)} problem(s)）", err=True)
    return 1
