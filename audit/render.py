"""Human-readable output of the policy engine (Simplified Chinese, rich tables).

Engines compute, this module only shows: every table lists the figure, how it was computed,
how certain it is (官方 / 估计 / 未确认 / 未知) and the legal source. The JSON of the same
results is produced by the ``to_json`` methods and documented in :mod:`shebao.audit.cli`.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table
from shebao.audit.basis import DATA_LABEL, worded
from shebao.audit.estimate_model import SCHEME_LABELS
from shebao.audit.months import format_age, format_duration
from shebao.audit.params import NATIONAL, ParameterSet
from shebao.audit.pension import ORIGINS, Estimate
from shebao.audit.results import STATUS_ZH
from shebao.audit.retirement import CATEGORY_LABELS, RetirementFacts


def console(width: int | None = None) -> Console:
    """The console of every human-readable command: the terminal's width (rich reads it;
    ``$COLUMNS`` overrides), 80 columns and plain text when piped; ``width`` fixes it (tests).
    Long lines wrap at the width, nothing is drawn wider than it."""
    return Console(highlight=False, soft_wrap=False, width=width)


def print_sources(con: Console, values: list) -> None:
    """The sources of ``values``, each with its value's status."""
    print_cited(con, [(s, v.status) for v in values for s in v.sources])


def print_cited(con: Console, cited: list[tuple[Any, str]]) -> None:
    """(source, status) pairs as people read them (:func:`shebao.audit.basis.worded`): legal
    basis under 依据 with its document number; the sources of parameter values apart, under
    :data:`~shebao.audit.basis.DATA_LABEL`, without file paths; each text once."""
    basis: list[str] = []
    data: list[str] = []
    for source, status in cited:
        legal, text = worded(source)
        line = f"{text}（{STATUS_ZH.get(status, status)}）"
        target = basis if legal else data
        if text and line not in target:
            target.append(line)
    for line in basis:
        con.print(f"依据：{line}")
    if data:
        con.print(f"{DATA_LABEL}：")
        for line in data:
            con.print(f"  {line}")


# ---------------------------------------------------------------------------------------------
# estimate
# ---------------------------------------------------------------------------------------------


def print_retirement(con: Console, facts: RetirementFacts, data: dict[str, Any]) -> None:
    """The retirement facts (and the gap to the minimum when given)."""
    con.print(f"退休时间测算：{facts.birth}出生，{CATEGORY_LABELS[facts.category]}")
    table = Table()
    table.add_column("项目")
    table.add_column("结果")
    table.add_row("原法定退休年龄", format_age(facts.original_age_months))
    table.add_row("延迟月数", f"{facts.delay_months}个月")
    table.add_row("改革后法定退休年龄", format_age(facts.statutory_age_months))
    table.add_row("法定退休时间", str(facts.statutory_retirement_month))
    minimum = data["min_contribution_months"]
    table.add_row("最低缴费年限", f"{format_duration(minimum)}（{minimum}个月）")
    table.add_row(
        "弹性提前退休（最早）",
        f"{facts.flexible_earliest_month}（{format_age(facts.flexible_earliest_age_months)}）",
    )
    table.add_row(
        "弹性延迟退休（最晚）",
        f"{facts.flexible_latest_month}（{format_age(facts.flexible_latest_age_months)}）",
    )
    gap = data.get("contribution_gap")
    if gap:
        if gap["gap_months"] == 0:
            table.add_row("已缴费", f"{gap['paid_months']}个月，已满最低缴费年限")
        else:
            table.add_row("已缴费", f"{gap['paid_months']}个月，还差{gap['gap_months']}个月")
            table.add_row(
                f"从{gap['as_of']}起每月连续缴费",
                f"{gap['reached_month_if_paying_from_as_of']}缴满",
            )
    con.print(table)
    print_sources(con, facts.used)
    for note in facts.notes + ([gap["note"]] if gap and "note" in gap else []):
        con.print(f"注：{note}")


def print_history_summary(con: Console, P: ParameterSet, summary: Any) -> None:
    """What the contribution record gives: months (by place), not-counted months, index,
    account."""
    table = Table(title="缴费记录汇总（据材料计算）")
    table.add_column("项目")
    table.add_column("结果", overflow="fold")
    table.add_row("计入缴费年限的月数", f"{summary.paid_months}个月")
    for code, months in sorted(summary.months_by_area.items()):
        where = "未收录参数的地区" if code == NATIONAL else P.areas.name(code)
        table.add_row(f"  其中 {where}", f"{months}个月")
    for status, months in summary.not_counted.items():
        label = {
            "arrears": "欠缴",
            "unpaid": "未缴",
            "refunded": "退保/退收",
            "unknown": "状态不明",
            "not_insured": "未参保",
            "pending": "未到账",
        }
        table.add_row(f"未计入（{label.get(status, status)}）", f"{len(months)}个月")
    z = summary.avg_index
    table.add_row("平均缴费指数（估算）", "未知" if z is None else f"{z:.4f}")
    balance = summary.account.balance
    table.add_row("个人账户储存额（估算）", "未知" if balance is None else f"{balance:,.2f}")
    con.print(table)


def as_written(value: Any) -> str:
    """An input as people write it: ``60000`` and ``0.7``, never ``6E+4``; ``未知`` for none."""
    if value is None:
        return "未知"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def money(x: Decimal | None) -> str:
    return "未知" if x is None else f"{x:,.2f}"


def print_estimate(con: Console, result: Estimate) -> None:
    """Human-readable estimate: one row per component with formula, status and sources."""
    table = Table(
        title=(
            f"养老金估算（{SCHEME_LABELS[result.scheme]}）：{result.area_name}，"
            f"{result.retire}退休，{format_age(result.age_months)}"
        ),
        show_lines=True,
    )
    table.add_column("项目", no_wrap=True)
    table.add_column("金额（元/月）", justify="right", no_wrap=True)
    table.add_column("计算公式")
    table.add_column("可信度", no_wrap=True)
    for comp in result.components.values():
        table.add_row(comp.label, money(comp.amount), comp.formula, STATUS_ZH[comp.status])
    for label, amount in result.extras:
        table.add_row(label, money(amount), "材料所列", "材料")
    table.add_row("合计", money(result.total), "", STATUS_ZH[result.status])
    con.print(table)
    inputs = Table(title="输入及来源")
    inputs.add_column("输入")
    inputs.add_column("数值", overflow="fold")
    inputs.add_column("来源")
    inputs.add_column("可信度")
    for fact in result.inputs:
        text = as_written(fact.value)
        if fact.note:
            text += f"（{fact.note}）"
        inputs.add_row(
            fact.label, text, ORIGINS.get(fact.origin, fact.origin), STATUS_ZH[fact.status]
        )
    con.print(inputs)
    for comp in result.components.values():
        for part in comp.parts:
            con.print(f"  {comp.label}·{part['label']}：{part.get('formula', part['amount'])}")
    cited = [(s, v.status) for c in result.components.values() for v in c.used for s in v.sources]
    cited += [(s, f.status) for f in result.inputs for s in f.sources]
    print_cited(con, cited)
    for item in result.unknown:
        con.print(f"[bold]未知：{item}[/bold]")
    for note in result.notes + [n for c in result.components.values() for n in c.notes]:
        con.print(f"注：{note}")
    if result.status != "official":
        con.print(
            "说明：以上为估算，部分参数或地方口径为估计/未确认（见“可信度”），以社保经办机构核定为准。"
        )


# ---------------------------------------------------------------------------------------------
# project
# ---------------------------------------------------------------------------------------------


def print_replacement(
    con: Console,
    start_age: int,
    age_months: int,
    main: Any,
    data: dict[str, Any],
    comparison: list[Any],
) -> None:
    """The stylised replacement rate and its comparison table."""
    rr = data["replacement_rate"]
    con.print(
        f"{start_age}岁开始缴费、{format_age(age_months)}退休、工资为社平工资的{float(main.relative_wage):g}倍、"
        f"缴费基数为社平工资的{float(main.base_ratio):g}倍："
    )
    con.print(
        f"  替代率（占退休当年社平工资）：基础养老金 {rr['basic']:.1%}，"
        f"个人账户 {rr['account']:.1%}，合计 {rr['total']:.1%}；"
        f"占本人工资 {data['replacement_rate_own_wage']:.1%}"
    )
    table = Table(title=f"比较：{start_age}岁开始缴费，不同退休年龄和工资水平")
    for col in ("退休年龄", "相对工资", "缴费年限", "基础", "个人账户", "合计"):
        table.add_column(col, justify="right")
    for c in comparison:
        table.add_row(
            f"{c.retire_age_months // 12}岁",
            f"{float(c.relative_wage):g}",
            f"{c.years}年",
            f"{float(c.basic):.1%}",
            f"{float(c.account):.1%}",
            f"{float(c.total):.1%}",
        )
    con.print(table)
    for line in data["assumptions"]:
        con.print(f"假设：{line}")
    print_sources(con, main.used)


def print_scenarios(
    con: Console, P: ParameterSet, out: dict[str, Any], birth: str, area: str
) -> None:
    """Person-level scenarios: pension, cost, break-even ages."""
    ret = out["retirement"]
    con.print(
        f"{birth}出生，{CATEGORY_LABELS[ret['category']]}；"
        f"法定退休 {ret['statutory_retirement_month']}（{ret['statutory_age']}），"
        f"最低缴费{ret['min_contribution_months']}个月；"
        f"{P.areas.name(area)}"
    )
    table = Table(title="个人测算：不同方案的养老金、费用和回本年龄", show_lines=True)
    for col in (
        "方案",
        "退休",
        "累计/最低（月）",
        "新增月数",
        "新增费用（灵活就业/职工个人）",
        "月养老金",
        "回本年龄（个人缴费）",
        "回本年龄（含单位）",
    ):
        table.add_column(col, overflow="fold")
    for sc in out["scenarios"]:
        pension = sc["pension"]["total"]
        own = sc["break_even_own"]
        allb = sc["break_even_with_employer"]
        table.add_row(
            sc["label"],
            sc["retire"],
            f"{sc['months_counted']}/{sc['min_months']}"
            + ("" if sc["meets_minimum"] else " 未达标"),
            str(sc["added_months"]),
            f"{sc['cost_flexible']:,.0f} / {sc['cost_employee']:,.0f}",
            "—"
            if pension is None
            else f"{pension:,.2f}"
            if sc["meets_minimum"]
            else f"（{pension:,.2f}）不能按月领取",
            "—" if not own or own["age"] is None else own["age"],
            "—" if not allb or allb["age"] is None else allb["age"],
        )
    con.print(table)
    # a note true of several scenarios is said once, for all of them
    counts = Counter(note for sc in out["scenarios"] for note in dict.fromkeys(sc["notes"]))
    for note in (n for n, k in counts.items() if k > 1):
        con.print(f"注（各方案）：{note}")
    for sc in out["scenarios"]:
        label = " ".join(sc["label"].split())
        for note in dict.fromkeys(sc["notes"]):
            if counts[note] == 1:
                con.print(f"注（{label}）：{note}")
    for line in dict.fromkeys(out["notes"] + out["assumptions"]):
        con.print(f"假设：{line}")


def print_schemes(con: Console, schemes: dict[str, Any]) -> None:
    """An enterprise worker beside a public employee with the same years and wage (shares of
    the retirement year's average wage)."""
    table = Table(title="同样年限和工资：企业职工与机关事业单位人员（占退休当年社平工资）")
    table.add_column("项目")
    table.add_column("企业职工", justify="right")
    table.add_column("机关事业单位", justify="right")
    ent, pub = schemes["enterprise"], schemes["public"]
    rows = [
        ("基础养老金", ent["basic"], pub["basic"]),
        ("个人账户养老金", ent["account"], pub["account"]),
        ("职业年金", None, pub["occupational_annuity"]),
        ("合计", ent["total"], pub["total"]),
    ]
    for label, a, b in rows:
        table.add_row(label, "—" if a is None else f"{a:.1%}", f"{b:.1%}")
    con.print(table)
    con.print(f"差额：{schemes['difference']:.1%}（职业年金）")
    for note in schemes["notes"]:
        con.print(f"注：{note}")
