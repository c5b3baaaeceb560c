"""``shebao audit FILES...`` and ``shebao params NAME`` on the command line.

``shebao audit FILES... [--employment FILE] [--hukou PROVINCE] [--birth YYYY-MM]
[--category male|female-cadre|female-worker] [--as-of YYYY-MM-DD] [--insured-place CITY]
[--inspection-months N] [--json | --html PATH] [--no-ocr] [--as-one-document]``

FILES are statements and pay slips (anything ``shebao extract`` reads) or ``shebao.extract/1``
JSON files. Prints a Chinese summary, or with ``--json`` the ``shebao.audit/1`` object (a JSON
list when the files belong to several people); ``--html PATH`` also writes the person report
(``PATH-1.html``, ``PATH-2.html`` ... for several people); ``--html DIR/`` (a path ending in
``/`` or an existing folder) writes ``DIR/<first document's name>.html`` for each person. The
report is never written over an input file, through a link, or (``--force`` aside) over an
existing file whose name the command derived; ``--html`` must end in ``.html`` or ``.htm``
(:mod:`shebao.outputs`: one line, exit 2).
A file that cannot be read is named on stderr, the others are audited, and the exit code is 1.
``--as-one-document`` reads all FILES as the pages of one document (a statement photographed
page by page), in the order given; a folder among them stands for its photos and PDFs in
natural name order (``p2.jpg`` before ``p10.jpg``).

``shebao params NAME [--area AREA] [--on DATE] [--json]``: a parameter's value, status and
source at an area and date (``shebao params --list`` lists the names).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from shebao.audit.retirement import CATEGORY_CHOICES

from shebao.asof import parse_as_of
from shebao.config_cli import ocr_engine_option
from shebao.errors import UsageError
from shebao.files import pages_of_document
from shebao.outputs import (
    Target,
    check_suffix,
    check_target,
    force_option,
    output_target,
    refuse_overwriting,
    unique_names,
    unwritable,
)


def _birth(text: str | None) -> str | None:
    if not text:
        return None
    from shebao.audit.months import YearMonth

    try:
        return str(YearMonth.parse(text))
    except ValueError:
        raise UsageError(f"--birth “{text}”无效，应为 YYYY-MM", f"--birth {text!r} must be YYYY-MM",
                         ) from None


@click.command("audit")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--employment", type=click.Path(path_type=Path))
@click.option("--hukou")
@click.option("--birth")
@click.option("--category", type=click.Choice(CATEGORY_CHOICES, case_sensitive=False))
@click.option("--as-of", "as_of")
@click.option("--insured-place")
@click.option("--inspection-months", type=click.IntRange(1, 600))
@click.option("--json", "as_json", is_flag=True)
@click.option("--html", "html", type=click.Path(), metavar="PATH|DIR/")
@force_option
@ocr_engine_option
@click.option("--ocr/--no-ocr", default=True)
@click.option("--as-one-document", is_flag=True)
def audit(files: tuple[Path, ...], employment: Path | None, hukou: str | None,
          birth: str | None, category: str | None, as_of: str | None,
          insured_place: str | None, inspection_months: int | None, as_json: bool,
          html: str | None, force: bool, ocr: bool, as_one_document: bool) -> int:
    """审计缴费记录：断缴、低基数、扣而未缴、临时账户、年限不足。audit contribution histories."""
    from shebao.audit.engine import Options, audit_files
    from shebao.audit.params import parameters
    from shebao.audit.retirement import normalise_category
    from shebao.audit.rules.periods import read_employment
    from shebao.audit.summary import print_audit, write_html

    options = Options(hukou=hukou, birth=_birth(birth), as_of=parse_as_of(as_of) or date.today(),
                      insured_place=insured_place, inspection_months=inspection_months, ocr=ocr)
    if category:
        options.category = normalise_category(category)
    if hukou:
        from shebao.audit.identity import person_facts

        person_facts(parameters(), None, hukou=hukou)  # an unknown place stops here
    if insured_place:
        parameters().areas.resolve(insured_place)
    if as_one_document:
        files = tuple(pages_of_document(files))
    inputs = [*files, employment]
    report = output_target(html) if html is not None else None
    if report is not None and not report.folder:  # before the (slow) reading
        refuse_overwriting(report.path, inputs)
        check_suffix(report.path, (".html", ".htm"), "HTML 报告", "HTML report")
    if employment is not None:
        options.employment = read_employment(employment, options.as_of)
    results, errors = audit_files([list(files)] if as_one_document else list(files), options)
    for err in errors:
        click.echo(f"错误：{err.format()}", err=True)
    if not results:
        return 2 if errors else 0
    written: list[Path] = []
    if report is not None:
        existing = [f for f in files if f.exists()]
        targets = _report_targets(report, results)
        for target in targets:  # the typed path is named; PATH-1.html, DIR/<name>.html are not
            check_target(target, inputs, named=target == report.path, force=force)
        for target, result in zip(targets, results, strict=True):
            names = {file for d in result.documents for file, _ in d.all_files()}
            try:
                left_out = write_html(result, target, [f for f in existing if f.name in names])
            except OSError as exc:
                raise unwritable(exc, target) from exc
            for line in left_out:
                click.echo(f"注意：{line}", err=True)
            written.append(target)
    if as_json:
        data = [r.to_json_dict() for r in results]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
    else:
        for r in results:
            print_audit(r)
        for target in written:
            click.echo(f"已写出 HTML 报告：{target}")
    return 1 if errors else 0


def _report_targets(report: Target, results: list) -> list[Path]:
    """Where each person's report goes: ``PATH``; ``PATH-1.html``, ``PATH-2.html`` … for
    several people; ``DIR/<first document's name>.html`` into a folder."""
    if report.folder:
        firsts = [Path(r.documents[0].file if r.documents else "报告") for r in results]
        return [report.file(f"{name}.html") for name in unique_names(firsts)]
    path = report.path
    if len(results) == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{n}{path.suffix}") for n in range(1, len(results) + 1)]


@click.command("params")
@click.argument("name", required=False)
@click.option("--area", default=None)
@click.option("--on", "on", default=None)
@click.option("--list", "list_all", is_flag=True)
@click.option("--coverage", "show_coverage", is_flag=True)
@click.option("--years", default=None)
@click.option("--json", "as_json", is_flag=True)
def params(name: str | None, area: str | None, on: str | None, list_all: bool,
           show_coverage: bool, years: str | None, as_json: bool) -> None:
    """查看政策参数的取值、状态和出处。show a parameter's value, status and source."""
    from shebao.audit.months import YearMonth
    from shebao.audit.params import Value, parameters

    P = parameters()
    if show_coverage:
        _print_coverage(P, area, years, as_json)
        return
    if years:
        raise UsageError("--years 只与 --coverage 同用", "--years goes with --coverage")
    if list_all or not name:
        for key in sorted(P.parameters):
            click.echo(f"{key}  {P[key].description}")
        return
    try:
        P[name]
    except KeyError:
        raise UsageError(f"没有名为“{name}”的参数（shebao params --list 列出全部）",
                         f"no parameter {name!r}; see shebao params --list") from None
    when: date
    if not on:
        when = date.today()
    else:
        try:
            when = date.fromisoformat(on) if len(on) > 7 else YearMonth.parse(on).first_day
        except ValueError:
            raise UsageError(f"--on “{on}”无效，应为 YYYY-MM-DD 或 YYYY-MM",
                             f"--on {on!r} must be YYYY-MM-DD or YYYY-MM") from None
    code = P.areas.resolve(area) if area else None
    value = P.get(name, when, code) if code else P.get(name, when)
    if isinstance(value, Value) and isinstance(value.value, dict) and "same_as" in value.value:
        from shebao.audit.transitional import same_as  # a rule naming another parameter

        value = same_as(P, value, when)
    if as_json:
        click.echo(json.dumps(value.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{name}（{P[name].description}）")
    click.echo(f"地区 {P.areas.name(code) if code else '全国'}，日期 {when.isoformat()}")
    if isinstance(value, Value):
        click.echo(f"取值：{value.value}  状态：{value.status}  自 {value.effective_from} 起"
                   + ("（已过最后确认日期，暂按最近一次公布值）" if value.provisional else ""))
        if value.derivation:
            click.echo(f"推算：{value.derivation}")
        if value.note:
            click.echo(f"说明：{value.note}")
        for s in value.sources:
            click.echo(f"出处：{s.cite()}" + (f"  {s.href}" if s.href else ""))
    else:
        click.echo(f"未知：{value.reason}")


def _year_range(text: str | None) -> list[int]:
    if not text:
        return list(range(2015, date.today().year + 1))
    try:
        first, _, last = text.partition("-")
        lo, hi = int(first), int(last or first)
    except ValueError:
        lo = hi = 0
    if not 1990 <= lo <= hi <= 2100:
        raise UsageError(f"--years “{text}”无效，应为如 2015-2026",
                         f"--years {text!r} must look like 2015-2026")
    return list(range(lo, hi + 1))


def _print_coverage(P, area: str | None, years: str | None, as_json: bool) -> None:
    """``shebao params --coverage``: one table per area (rows: parameters; columns: years)."""
    from rich.console import Console
    from rich.table import Table
    from shebao.audit.coverage import COVERED, LEGEND, coverage

    span = _year_range(years)
    codes = [P.areas.resolve(area)] if area else None
    result = coverage(P, codes, span)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    con = Console(highlight=False, width=200)
    for code in result.areas:
        table = Table(title=f"{P.areas.describe(code)}：地方参数覆盖情况", show_lines=False)
        table.add_column("参数（用于）", no_wrap=True)
        for y in span:
            table.add_column(str(y), justify="center", no_wrap=True)
        for name, label, decides in COVERED:
            table.add_row(f"{label}（{decides}）", *(result.cell(code, name, y) for y in span))
        con.print(table)
    con.print(LEGEND)
    con.print("“缺→官”表示年内前几个月未知、后几个月为官方数值。未知的参数对应的审计结论无法作出，"
              "报告中会说明缺少哪一项。")
