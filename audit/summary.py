"""The audit for people: a terminal summary in Chinese (rich), and the HTML report through the
reports stage (one report, not a second one).

Contract: :func:`print_audit(result)` prints one person's findings (most serious first),
amounts, retirement facts and what is missing. :func:`write_html(result, path, files)`
renders the person report (``shebao.reports`` template ``report``) for the audited files and
returns a line for each original it could not list (never dropped silently).
"""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from shebao.audit.history import month_ranges
from shebao.audit.render import console

from shebao.records import AuditResult

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}


def ocr_line(result: AuditResult) -> str:
    """One line saying how many figures were read by OCR and how many self-check warnings
    are open ("" when nothing was read by OCR)."""
    ocr = (result.model_extra or {}).get("ocr") or {}
    if not ocr.get("documents"):
        return ""
    return (f"注意：{ocr['documents']}份材料由照片或扫描件识别（OCR），共{ocr.get('figures', 0)}"
            f"条记录；尚有{ocr.get('warnings', 0)}条自检提示未处理。提交前请逐项对照原件核对。")


def _money(x: float | None) -> str:
    return "" if x is None else f"{x:,.2f}"


def claim_line(result: AuditResult) -> str:
    """The arrears as the drafts claim them (the reports stage's one computation: months inside
    the employment, each counted once); an unknown part is 未能核算 with why."""
    from shebao.reports.context import claim_arrears

    arrears = claim_arrears(case_of(result), result)
    if not arrears.lines:
        return ""
    t = arrears.totals

    def part(value: float | None) -> str:
        return "未能核算" if value is None else f"{_money(value)} 元"

    text = (f"可要求补缴：{arrears.months_text}，单位部分 {part(t.employer_amount)}，个人部分 "
            f"{part(t.personal_amount)}，合计 {part(t.total)}（不含滞纳金）；滞纳金 "
            f"{part(t.late_fee)}（计至 {result.as_of}）")
    if arrears.unknown:
        text += "。" + "；".join(arrears.unknown)
    return text


def print_audit(result: AuditResult, out: Console | None = None) -> None:
    """One person's audit for the terminal, at the console's width (the terminal's; 80
    columns and no colour when piped): a short table of the findings (severity, title,
    months, amounts), then each finding's explanation as a numbered paragraph. Titles and
    severities are the documents' vocabulary (``reports/labels.yaml``)."""
    from shebao.reports.legal import labels

    out = out or console()
    lab = labels()
    p = result.person
    facts = (result.model_extra or {}).get("person_facts") or {}
    head = f"{p.name or '（姓名未知）'}  审计日期 {result.as_of}  材料 {len(result.documents)} 份"
    if facts.get("hukou"):
        head += f"  户籍省代码 {facts['hukou']}（{facts.get('hukou_origin')}）"
    out.print(Panel(head, title="社保缴费审计", expand=False))
    ocr = ocr_line(result)
    if ocr:
        _item(out, ocr)
    if not result.findings:
        out.print("未发现问题。")
    else:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("程度", no_wrap=True)
        table.add_column("问题", no_wrap=True)
        table.add_column("月份", overflow="fold", min_width=16)
        table.add_column("月数", justify="right", no_wrap=True)
        table.add_column("应补缴", justify="right", no_wrap=True)
        table.add_column("滞纳金", justify="right", no_wrap=True)
        for n, f in enumerate(result.findings, 1):
            table.add_row(str(n), f"[{SEVERITY_STYLE[f.severity]}]{lab.severity(f.severity)}[/]",
                          lab.title(f), month_ranges(f.months) if f.months else "",
                          str(len(f.months)) if f.months else "", _money(f.amount),
                          _money(f.late_fee))
        out.print(table)
        out.print("金额单位：元。说明：")
        for n, f in enumerate(result.findings, 1):
            _item(out, f"{n}．{lab.title(f)}：{f.message}")
    arrears_line = claim_line(result)
    if arrears_line:
        _item(out, arrears_line)
    if result.retirement:
        r = result.retirement
        out.print(f"法定退休：{r['statutory_retirement_month']}（{r['statutory_age']}），"
                  f"最低缴费 {r['min_contribution_months']} 个月")
    if result.estimate:
        total = result.estimate.get("total")
        if total is not None:
            out.print(f"按现有记录估算的月养老金：约 {_money(total)} 元（估算，详见 JSON/报告）")
    if result.missing:
        out.print("[bold]无法审计或需要补充的内容：[/]")
        where = {m.get("fact"): m.get("text") for m in
                 (result.model_extra or {}).get("missing_facts") or []}
        options = {text: OPTION_OF.get(fact) for fact, text in where.items()}
        for item in result.missing:
            option = options.get(item)
            _item(out, f"・{item}" + (f"（命令行：{option}）" if option else ""))
    for note in (result.model_extra or {}).get("notes") or []:
        _item(out, f"注：{note}")


def _item(out: Console, text: str) -> None:
    """A paragraph indented by two columns, its continuation lines too, wrapped at the width:
    after any Chinese character, between Latin words, never inside a number, a date or a month
    range (``2024-07``, ``1,562.24``), and no line starts with closing punctuation."""
    from shebao.help import wrap_cells

    for line in wrap_cells(text, max(out.width - 2, 20)):
        out.print(Text("  " + line), soft_wrap=True)


# Where a missing fact is given on the command line (``shebao audit``); documents never name
# options, they carry the fact key (``missing_facts``) and each caller says where to give it.
OPTION_OF = {"employment": "--employment", "hukou": "--hukou", "birth": "--birth",
             "category": "--category", "insured_place": "--insured-place"}


def case_of(result: AuditResult):
    """The facts the report prints, from the audit itself: who, hukou (saying when it was read
    from the ID number) and the employment periods the user stated (inferred ones are not
    presented as facts)."""
    from shebao.audit.params import parameters
    from shebao.reports.case import Case, Employer, Period, Worker

    extra = result.model_extra or {}
    facts = extra.get("person_facts") or {}
    hukou = None
    if facts.get("hukou"):
        hukou = parameters().areas.name(facts["hukou"])
        if facts.get("hukou_origin") != "本人提供":
            hukou += "（按身份证号推定）"
    sex = {"male": "男", "female": "女"}.get(facts.get("sex") or "")
    stated = [p for p in extra.get("employment") or []
              if p.get("origin", "").startswith(STATED_ORIGINS)]
    employers = [p["employer"] for p in stated if p.get("employer")]
    return Case(
        worker=Worker(name=result.person.name, id_number=result.person.id_number, hukou=hukou,
                      gender=sex, birth=facts.get("birth")),
        employer=Employer(name=employers[0] if employers else None),
        employment=[Period(start=p["start"], end=p["end"]) for p in stated],
    )


# Employment periods somebody stated (not inferred from the documents): the user's file,
# the case folder's case.yaml (案件资料), a factory roster.
STATED_ORIGINS = ("本人", "案件资料", "花名册")


def write_html(result: AuditResult, path: Path, files: list[Path], case=None) -> list[str]:
    """The person report (reports stage template ``report``) as HTML at ``path``, with the
    facts of ``case`` (a :class:`shebao.reports.case.Case`; by default :func:`case_of` the
    audit, a batch adds the roster's employer and department). Returns one
    line (Chinese) for each file that could not be listed among the report's originals (the
    caller shows it; a ``shebao.extract/1`` JSON is not an original and is passed over)."""
    from shebao.reports.context import build_context
    from shebao.reports.originals import SUPPORTED, open_original
    from shebao.reports.templating import render

    from shebao.errors import InputError

    originals, left_out = [], []
    for f in files:
        if f.suffix.lower() == ".json":
            continue
        if f.suffix.lower() not in SUPPORTED:
            left_out.append(f"报告未列出原件 {f.name}：不支持的文件类型 {f.suffix}")
            continue
        try:
            originals.append(open_original(f.resolve(), f.resolve().parent))
        except InputError as exc:
            left_out.append(f"报告未列出原件 {f.name}：{exc.zh}")
    html = render("report", build_context(case if case is not None else case_of(result), result,
                                          originals, mask_ids=True))
    from shebao.outputs import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, html)  # never through a link at the path, never half a file
    return left_out
