"""``shebao retirement | estimate | project`` -- the policy engine on the command line.

Output for people is Simplified Chinese (rich tables: each component with its formula, inputs
and sources); ``--json`` prints one JSON object:

* ``retirement``: :meth:`shebao.audit.retirement.RetirementFacts.to_json` (keys
  ``statutory_retirement_month``, ``statutory_age_months``, ``original_age_months``,
  ``delay_months``, ``min_contribution_months``, ``flexible_earliest_month``,
  ``flexible_latest_month``, …).
* ``estimate``: :meth:`shebao.audit.pension.Estimate.to_json` (``basic``,
  ``individual_account``, ``transitional``, ``total`` in yuan/month, plus ``components``
  with formula/inputs/sources/status, ``inputs`` with origin, ``unknown``, ``notes``).
  With ``--paid-months``: plus ``contribution_gap`` {``paid_months``, ``required_months``,
  ``gap_months``, ``as_of``, ``reached_month_if_paying_from_as_of``,
  ``reached_by_statutory_month``, ``note``?}.
* ``estimate --history``: {``retirement``: as above, ``history``:
  :meth:`shebao.audit.history.HistorySummary.to_json` (``paid_months``, ``months_by_area``,
  ``avg_index``, ``yearly_index``, ``account`` {balance, years, parameters, unknown, notes},
  ``not_counted`` {status: [months]}, ``unknown``, ``notes``), ``estimate``: as above}.
* ``project``: :meth:`shebao.audit.projections.ReplacementRate.to_json` (``replacement_rate``
  {``basic``, ``account``, ``total``} as fractions of the retirement year's average wage) plus
  ``comparison``: the same model at retirement ages 50/55/60/63 and relative wages 0.6/1.0.
* ``project --history``: {``retirement``, ``as_of``, ``base``, ``scenarios``: [{``key``
  (stop_now | continue | extend | back_pay | earliest | latest), ``label``, ``retire``,
  ``months_counted``, ``min_months``, ``meets_minimum``, ``minimum_reached_month``,
  ``added_months``, ``cost_flexible``, ``cost_employee``, ``cost_employer``, ``own_paid``,
  ``employer_paid``, ``pension`` {basic, individual_account, transitional, total, status},
  ``break_even_own`` / ``break_even_with_employer`` {paid, month, age_months, age,
  months_of_pension}, ``notes``}], ``assumptions``, ``notes``}.

Bad option values raise :class:`shebao.errors.UsageError` (one line, exit 2).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation

import click
from rich.console import Console
from rich.table import Table
from shebao.audit.months import Duration, YearMonth, format_age, format_duration, parse_duration
from shebao.audit.params import NATIONAL, parameters
from shebao.audit.pension import ORIGINS, Estimate, EstimateInput
from shebao.audit.pension import estimate as compute_estimate
from shebao.audit.projections import replacement_rate
from shebao.audit.retirement import CATEGORY_LABELS, contribution_gap, retirement_facts

from shebao.errors import UsageError

STATUS_ZH = {
    "official": "官方",
    "given": "按所给数值",
    "estimated": "估计",
    "unconfirmed": "未确认",
    "unknown": "未知",
}


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False, width=140)


def _month(value: str, option: str) -> YearMonth:
    try:
        return YearMonth.parse(value)
    except ValueError:
        raise UsageError(
            f"{option} 应为 年-月（如 2025-11），收到“{value}”",
            f"{option} must be YYYY-MM, got {value!r}",
        ) from None


def _decimal(value: str | None, option: str, minimum: Decimal | None = None) -> Decimal | None:
    if value is None:
        return None
    try:
        result = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        raise UsageError(
            f"{option} 应为数字，收到“{value}”", f"{option} must be a number, got {value!r}"
        ) from None
    if not result.is_finite() or (minimum is not None and result < minimum):
        raise UsageError(
            f"{option} 的值“{value}”无效（应不小于{minimum}）", f"{option}: invalid value {value!r}"
        )
    return result


def _duration(value: str | None, option: str) -> Duration | None:
    if value is None:
        return None
    try:
        return parse_duration(value)
    except ValueError:
        raise UsageError(
            f"{option} 应为年数（如 41、17.33、26y6m、11年1个月），收到“{value}”",
            f"{option} must be a duration such as 41, 17.33, 26y6m; got {value!r}",
        ) from None


def _print_json(data: dict) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------------------------------------
# retirement
# ---------------------------------------------------------------------------------------------


@click.command()
@click.option("--birth", required=True, help="出生年月 YYYY-MM")
@click.option(
    "--category",
    required=True,
    help="male（男）| female-cadre（原55岁退休女职工）| female-worker（原50岁退休女职工）",
)
@click.option("--paid-months", type=int, help="已缴费月数（含视同），用于计算还差多少个月")
@click.option("--as-of", help="从哪个月起继续缴费（默认本月）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
def retirement(
    birth: str, category: str, paid_months: int | None, as_of: str | None, as_json: bool
) -> None:
    """法定退休年龄、退休时间、最低缴费年限和弹性退休区间（渐进式延迟退休）。"""
    facts = retirement_facts(_month(birth, "--birth"), category)
    data = facts.to_json()
    if paid_months is not None:
        if paid_months < 0:
            raise UsageError("--paid-months 不能为负数", "--paid-months must not be negative")
        start = _month(as_of, "--as-of") if as_of else YearMonth.of(date.today())
        data["contribution_gap"] = contribution_gap(facts, paid_months, start)
    if as_json:
        _print_json(data)
        return
    con = _console()
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
    _print_sources(con, facts.used)
    for note in facts.notes + ([gap["note"]] if gap and "note" in gap else []):
        con.print(f"注：{note}")


def _print_sources(con: Console, values: list) -> None:
    seen: list[str] = []
    for v in values:
        for s in v.sources:
            cite = s.cite()
            if cite not in seen:
                seen.append(cite)
                con.print(f"依据：{cite}（{STATUS_ZH.get(v.status, v.status)}）")


# ---------------------------------------------------------------------------------------------
# estimate
# ---------------------------------------------------------------------------------------------


def _extras(values: tuple[str, ...]) -> list[tuple[str, Decimal]]:
    out = []
    for item in values:
        if "=" not in item:
            raise UsageError(
                f"--extra 应为 名称=金额（如 增发=117.61），收到“{item}”",
                f"--extra must be NAME=AMOUNT, got {item!r}",
            )
        name, amount = item.split("=", 1)
        value = _decimal(amount, "--extra")
        assert value is not None
        out.append((name.strip(), value))
    return out


@click.command(name="estimate")
@click.option("--province", required=True, help="省份（名称或行政区划代码），如 广东、320000")
@click.option("--city", help="城市（名称或代码），如 深圳、广州")
@click.option("--retire", help="退休年月 YYYY-MM（给 --history 时默认法定退休时间）")
@click.option("--age-months", help="退休时年龄（月），如 720 = 60岁")
@click.option("--birth", help="出生年月（不给 --age-months 时据此计算年龄）")
@click.option("--calc-base", help="计发基数（元/月）；不给则按参数文件")
@click.option("--avg-index", help="本人平均缴费工资指数 Z")
@click.option("--years", help="累计缴费年限（含视同），如 41、17.33、26y6m")
@click.option("--account", help="个人账户储存额（元）")
@click.option(
    "--history",
    "histories",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="缴费记录 JSON（shebao extract --json 的输出），据此计算年限、指数和个人账户",
)
@click.option("--category", help="给 --history 时：male | female-cadre | female-worker")
@click.option("--deemed-years", help="视同缴费年限/建账前年限，如 11y1m、14.83")
@click.option("--deemed-index", help="视同缴费指数")
@click.option(
    "--trans-index", help="过渡性养老金指数（江苏“双指数”；广东：1994—1998年6月各月指数之和÷12）"
)
@click.option("--old-transitional", help="老办法过渡性养老金（元/月，核定表所列）")
@click.option("--notional-account", help="上海：虚账实记金额（元）")
@click.option("--divisor", help="计发月数（核定表所列，覆盖按年龄查表）")
@click.option("--transitional", help="过渡性养老金（核定表所列，直接采用）")
@click.option("--extra", multiple=True, help="其他加发项 名称=金额，可多次，如 增发=117.61")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
def estimate(**opts) -> None:
    """估算月养老金：基础养老金、个人账户养老金、过渡性养老金，列出公式、输入和依据。"""
    P = parameters()
    area = P.areas.resolve(opts["city"] or opts["province"])
    if opts["city"]:
        province = P.areas.resolve(opts["province"])
        if P.areas.province_of(area) != province:
            raise UsageError(
                f"城市“{opts['city']}”不属于“{opts['province']}”",
                "city is not in the province",
            )
    if opts["histories"]:
        _estimate_from_history(P, area, opts)
        return
    for option in ("retire", "avg_index", "years", "account"):
        if opts[option] is None:
            flag = "--" + option.replace("_", "-")
            raise UsageError(
                f"需要 {flag}（或用 --history 从缴费记录计算）",
                f"{flag} is required (or give --history)",
            )
    retire = _month(opts["retire"], "--retire")
    if opts["age_months"] is not None:
        age = _decimal(opts["age_months"], "--age-months", Decimal(0))
        assert age is not None
        if age != age.to_integral_value():
            raise UsageError("--age-months 应为整数月数", "--age-months must be whole months")
        age_months = int(age)
    elif opts["birth"]:
        age_months = retire.months_since(_month(opts["birth"], "--birth"))
    else:
        raise UsageError("需要 --age-months 或 --birth", "give --age-months or --birth")
    inp = EstimateInput(
        area=area,
        retire=retire,
        age_months=age_months,
        calc_base=_decimal(opts["calc_base"], "--calc-base", Decimal(0)),
        avg_index=_decimal(opts["avg_index"], "--avg-index", Decimal(0)),  # type: ignore[arg-type]
        years=_duration(opts["years"], "--years"),  # type: ignore[arg-type]
        account=_decimal(opts["account"], "--account", Decimal(0)),  # type: ignore[arg-type]
        deemed_years=_duration(opts["deemed_years"], "--deemed-years"),
        deemed_index=_decimal(opts["deemed_index"], "--deemed-index", Decimal(0)),
        trans_index=_decimal(opts["trans_index"], "--trans-index", Decimal(0)),
        old_transitional=_decimal(opts["old_transitional"], "--old-transitional", Decimal(0)),
        notional_account=_decimal(opts["notional_account"], "--notional-account", Decimal(0)),
        divisor=_decimal(opts["divisor"], "--divisor", Decimal(1)),
        transitional=_decimal(opts["transitional"], "--transitional", Decimal(0)),
        extras=_extras(opts["extra"]),
    )
    result = compute_estimate(inp, P)
    if opts["as_json"]:
        _print_json(result.to_json())
        return
    print_estimate(_console(), result)


def _estimate_from_history(P, area: str, opts: dict) -> None:
    from shebao.audit.history import estimate_from_history

    for option in ("birth", "category"):
        if not opts[option]:
            raise UsageError(f"给 --history 时需要 --{option}", f"--{option} is required")
    for option in ("avg_index", "years", "account", "age_months"):
        if opts[option] is not None:
            flag = "--" + option.replace("_", "-")
            raise UsageError(
                f"{flag} 由缴费记录计算，不能与 --history 同时给出",
                f"{flag} is computed from --history",
            )
    rows = _load_history(opts["histories"], P, area)
    area = _claim_area(P, area, rows, opts["city"])
    deemed = _duration(opts["deemed_years"], "--deemed-years")
    if deemed is not None and deemed.months is None:
        raise UsageError("--deemed-years 请按年月给出（如 3y6m）", "--deemed-years as years+months")
    result = estimate_from_history(
        rows,
        _month(opts["birth"], "--birth"),
        opts["category"],
        area,
        retire=_month(opts["retire"], "--retire") if opts["retire"] else None,
        deemed_months=deemed.months if deemed else 0,
        deemed_index=_decimal(opts["deemed_index"], "--deemed-index", Decimal(0)),
        old_transitional=_decimal(opts["old_transitional"], "--old-transitional", Decimal(0)),
        P=P,
        calc_base=_decimal(opts["calc_base"], "--calc-base", Decimal(0)),
        trans_index=_decimal(opts["trans_index"], "--trans-index", Decimal(0)),
        notional_account=_decimal(opts["notional_account"], "--notional-account", Decimal(0)),
        divisor=_decimal(opts["divisor"], "--divisor", Decimal(1)),
        transitional=_decimal(opts["transitional"], "--transitional", Decimal(0)),
        extras=_extras(opts["extra"]),
    )
    if opts["as_json"]:
        _print_json(result.to_json())
        return
    con = _console()
    summary = result.summary
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
        }
        table.add_row(f"未计入（{label.get(status, status)}）", f"{len(months)}个月")
    z = summary.avg_index
    table.add_row("平均缴费指数（估算）", "未知" if z is None else f"{z:.4f}")
    balance = summary.account.balance
    table.add_row("个人账户储存额（估算）", "未知" if balance is None else f"{balance:,.2f}")
    con.print(table)
    print_estimate(con, result.estimate)


def _money(x: Decimal | None) -> str:
    return "未知" if x is None else f"{x:,.2f}"


def print_estimate(con: Console, result: Estimate) -> None:
    """Human-readable estimate: one row per component with formula, status and sources."""
    table = Table(
        title=f"养老金估算：{result.area_name}，{result.retire}退休，{format_age(result.age_months)}",
        show_lines=True,
    )
    table.add_column("项目", no_wrap=True)
    table.add_column("金额（元/月）", justify="right", no_wrap=True)
    table.add_column("计算公式")
    table.add_column("可信度", no_wrap=True)
    for comp in result.components.values():
        table.add_row(comp.label, _money(comp.amount), comp.formula, STATUS_ZH[comp.status])
    for label, amount in result.extras:
        table.add_row(label, _money(amount), "材料所列", "材料")
    table.add_row("合计", _money(result.total), "", STATUS_ZH[result.status])
    con.print(table)
    inputs = Table(title="输入及来源")
    inputs.add_column("输入")
    inputs.add_column("数值")
    inputs.add_column("来源")
    inputs.add_column("可信度")
    for fact in result.inputs:
        value = fact.value
        text = str(value.normalize()) if isinstance(value, Decimal) else str(value)
        if fact.note:
            text += f"（{fact.note}）"
        inputs.add_row(
            fact.label, text, ORIGINS.get(fact.origin, fact.origin), STATUS_ZH[fact.status]
        )
    con.print(inputs)
    for comp in result.components.values():
        for part in comp.parts:
            con.print(f"  {comp.label}·{part['label']}：{part.get('formula', part['amount'])}")
    seen: list[str] = []
    cited = [(s, v.status) for c in result.components.values() for v in c.used for s in v.sources]
    cited += [(s, f.status) for f in result.inputs for s in f.sources]
    for source, status in cited:
        cite = source.cite()
        if cite not in seen:
            seen.append(cite)
            con.print(f"依据：{cite}（{STATUS_ZH.get(status, status)}）")
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


@click.command()
@click.option("--start-age", type=int, help="开始缴费年龄（岁）【程式化替代率】")
@click.option("--retire-age", help="退休年龄（岁，可带月：60y1m）【程式化替代率】")
@click.option("--relative-wage", default="1.0", show_default=True, help="本人工资/社平工资")
@click.option("--base-ratio", help="缴费基数/社平工资（默认=相对工资，夹在0.6—3之间）")
@click.option("--wage-growth", default="0.05", show_default=True, help="社平工资年增长率（假设）")
@click.option("--account-interest", default="0.04", show_default=True, help="记账利率（假设）")
@click.option(
    "--history",
    "histories",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="缴费记录 JSON（shebao extract --json 的输出），可多次【个人测算】",
)
@click.option("--birth", help="出生年月【个人测算】")
@click.option("--category", help="male | female-cadre | female-worker【个人测算】")
@click.option("--province", help="参保/待遇领取地省份【个人测算】")
@click.option("--city", help="城市【个人测算】")
@click.option("--as-of", help="从哪个月起还能缴费（默认：最后缴费月的下一个月）")
@click.option("--base", help="今后缴费基数（元/月；默认当地最低缴费基数）")
@click.option("--back-pay", default=0, type=int, help="补缴月数")
@click.option("--deemed-years", help="视同缴费年限，如 3y6m")
@click.option("--adjustment", default="0", show_default=True, help="退休后养老金年调整率（假设）")
@click.option("--flexible", is_flag=True, help="今后以灵活就业人员身份缴费（个人承担全部20%）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
def project(
    start_age: int | None,
    retire_age: str | None,
    relative_wage: str,
    base_ratio: str | None,
    wage_growth: str,
    account_interest: str,
    histories: tuple[str, ...],
    birth: str | None,
    category: str | None,
    province: str | None,
    city: str | None,
    as_of: str | None,
    base: str | None,
    back_pay: int,
    deemed_years: str | None,
    adjustment: str,
    flexible: bool,
    as_json: bool,
) -> None:
    """测算：个人（--history）继续缴费/补缴/弹性退休的养老金、费用和回本年龄；
    或程式化替代率（--start-age --retire-age）：不同退休年龄、工资水平下的替代率。"""
    if histories:
        _project_person(
            histories,
            birth,
            category,
            province,
            city,
            as_of,
            base,
            back_pay,
            deemed_years,
            adjustment,
            flexible,
            as_json,
        )
        return
    if start_age is None or retire_age is None:
        raise UsageError(
            "需要 --start-age 和 --retire-age（程式化替代率），或 --history（个人测算）",
            "give --start-age and --retire-age, or --history",
        )
    age = _duration(retire_age, "--retire-age")
    assert age is not None
    if age.months is None:
        raise UsageError("--retire-age 应为整岁或 岁+月（如 60y1m）", "retire age in months")
    kwargs = {
        "relative_wage": _decimal(relative_wage, "--relative-wage", Decimal("0.01")),
        "base_ratio": _decimal(base_ratio, "--base-ratio", Decimal(0)),
        "wage_growth": _decimal(wage_growth, "--wage-growth", Decimal("-0.5")),
        "account_interest": _decimal(account_interest, "--account-interest", Decimal("-0.5")),
    }
    main = replacement_rate(start_age, age.months, **kwargs)  # type: ignore[arg-type]
    comparison = []
    for ret in (50, 55, 60, 63):
        for rel in (Decimal("0.6"), Decimal("1.0")):
            if ret <= start_age:
                continue
            r = replacement_rate(
                start_age,
                ret * 12,
                relative_wage=rel,
                wage_growth=kwargs["wage_growth"],  # type: ignore[arg-type]
                account_interest=kwargs["account_interest"],  # type: ignore[arg-type]
            )
            comparison.append(r)
    data = main.to_json()
    data["comparison"] = [
        {
            "retire_age": c.retire_age_months // 12,
            "relative_wage": float(c.relative_wage),
            "replacement_rate": c.to_json()["replacement_rate"],
        }
        for c in comparison
    ]
    if as_json:
        _print_json(data)
        return
    con = _console()
    rr = data["replacement_rate"]
    con.print(
        f"{start_age}岁开始缴费、{format_age(age.months)}退休、工资为社平工资的{float(main.relative_wage):g}倍、"
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
    _print_sources(con, main.used)


def _claim_area(P, area: str, rows: list, city: str | None) -> str:
    """Without --city, a history paid in one city of the given province is claimed there."""
    places = {a for _, a in rows}
    if city is None and len(places) == 1:
        (place,) = places
        if P.areas.province_of(place) == P.areas.province_of(area):
            return place
    return area


def _load_history(paths: tuple[str, ...], P, default_area: str) -> list:
    """``(Contribution, area code)`` pairs from ``shebao.extract/1`` JSON files (InputError
    naming the file). A file's area is the place its ``person.insured_place`` names, if that is
    a registered area; if the file names no place, ``default_area`` (--city/--province); if it
    names a place without parameters, national (its months' index is then unknown)."""
    from pathlib import Path

    from shebao.audit.history import extract_rows

    from shebao.errors import InputError
    from shebao.records import Extract

    out = []
    for name in paths:
        path = Path(name)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError("文件不存在", "file not found", file=path) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(
                "不是有效的 JSON 文件", f"not a valid JSON file ({exc})", file=path
            ) from None
        try:
            extract = Extract.from_json_dict(data)
        except ValueError as exc:
            raise InputError(
                "不是 shebao extract --json 输出的缴费记录（shebao.extract/1）",
                f"not a shebao.extract/1 object: {str(exc).splitlines()[0]}",
                file=path,
            ) from None
        place = extract.person.insured_place
        area = P.areas.find_in(place) if place else default_area
        if area is None:
            # A place this tool has no parameters for: never borrow another place's wages.
            click.echo(
                f"注意：{path.name} 的参保地“{place}”未收录参数，按全国处理，"
                "这些月份的缴费指数未知（place has no parameters）",
                err=True,
            )
            area = NATIONAL
        out.extend((c, area) for c in extract_rows(extract))
    if not any(c.insurance == "pension" for c, _ in out):
        raise UsageError(
            "缴费记录中没有养老保险缴费行", "no pension contribution rows in the history"
        )
    return out


def _project_person(
    histories,
    birth,
    category,
    province,
    city,
    as_of,
    base,
    back_pay,
    deemed_years,
    adjustment,
    flexible,
    as_json,
) -> None:
    from shebao.audit.projections import project_person

    for value, option in ((birth, "--birth"), (category, "--category"), (province, "--province")):
        if not value:
            raise UsageError(f"个人测算需要 {option}", f"{option} is required with --history")
    P = parameters()
    area = P.areas.resolve(city or province)
    rows = _load_history(histories, P, area)
    area = _claim_area(P, area, rows, city)
    last = max(YearMonth.parse(c.month) for c, _ in rows)
    start = _month(as_of, "--as-of") if as_of else last + 1
    deemed = _duration(deemed_years, "--deemed-years")
    if deemed is not None and deemed.months is None:
        raise UsageError("--deemed-years 请按年月给出（如 3y6m）", "--deemed-years as years+months")
    if back_pay < 0:
        raise UsageError("--back-pay 不能为负数", "--back-pay must not be negative")
    out = project_person(
        rows,
        _month(birth, "--birth"),
        category,
        area,
        as_of=start,
        base=_decimal(base, "--base", Decimal(0)),
        back_pay_months=back_pay,
        deemed_months=deemed.months if deemed else 0,
        annual_adjustment=_decimal(adjustment, "--adjustment", Decimal("-0.5")) or Decimal(0),
        flexible=flexible,
        P=P,
    )
    out.pop("_scenarios")
    if as_json:
        _print_json(out)
        return
    con = _console()
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
        table.add_column(col)
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
    for sc in out["scenarios"]:
        for note in sc["notes"]:
            con.print(f"注（{sc['label']}）：{note}")
    for line in out["notes"] + out["assumptions"]:
        con.print(f"假设：{line}")
