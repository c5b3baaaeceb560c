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
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from shebao.audit.history import month_ranges
from shebao.audit.render import console

from shebao.records import AuditResult

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}


def _money(x: float | None) -> str:
    return "" if x is None else f"{x:,.2f}"


def _part_total(parts: list[float | None]) -> str:
    """A sum for people: an unknown part is never counted as zero."""
    known = [x for x in parts if x is not None]
    if not known:
        return "未知"
    text = f"{_money(sum(known))} 元"
    return text if len(known) == len(parts) else f"至少 {text}（部分金额未知）"


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
    owed = [f for f in result.findings if f.amount is not None and f.severity != "info"]
    if owed:
        out.print("各项应补缴合计（同一月份可能出现在多项中，未去重）：单位 "
                  f"{_part_total([f.employer_amount for f in owed])}，个人 "
                  f"{_part_total([f.personal_amount for f in owed])}，滞纳金 "
                  f"{_part_total([f.late_fee for f in owed])}")
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
        for item in result.missing:
            _item(out, f"・{item}")
    for note in (result.model_extra or {}).get("notes") or []:
        _item(out, f"注：{note}")


def _item(out: Console, text: str) -> None:
    """A paragraph indented by two columns, its continuation lines too, folded at the width
    (Chinese has no spaces to break at)."""
    out.print(Padding(Text(text, overflow="fold"), (0, 0, 0, 2)))


def case_of(result: AuditResult):
    """The facts the report prints, from the audit itself: who, hukou (saying when it was read
    from the ID number) and the employment periods the user stated (inferred ones are not
    presented as facts)."""
    from shebao.audit.params import parameters
    from shebao.reports.case import Case, Period, Worker

    extra = result.model_extra or {}
    facts = extra.get("person_facts") or {}
    hukou = None
    if facts.get("hukou"):
        hukou = parameters().areas.name(facts["hukou"])
        if facts.get("hukou_origin") != "本人提供":
            hukou += "（按身份证号推定）"
    sex = {"male": "男", "female": "女"}.get(facts.get("sex") or "")
    stated = [p for p in extra.get("employment") or [] if p.get("origin", "").startswith("本人")]
    return Case(
        worker=Worker(name=result.person.name, id_number=result.person.id_number, hukou=hukou,
                      gender=sex, birth=facts.get("birth")),
        employment=[Period(start=p["start"], end=p["end"]) for p in stated],
    )


def write_html(result: AuditResult, path: Path, files: list[Path]) -> list[str]:
    """The person report (reports stage template ``report``) as HTML at ``path``. Returns one
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
    html = render("report", build_context(case_of(result), result, originals, mask_ids=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return left_out
