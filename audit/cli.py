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
from pathlib import Path

import click
from shebao.audit.months import Duration, YearMonth, parse_duration
from shebao.audit.params import parameters
from shebao.audit.pension import EstimateInput
from shebao.audit.pension import estimate as compute_estimate
from shebao.audit.projections import replacement_rate
from shebao.audit.record_files import claim_area, load_history
from shebao.audit.render import (
    console,
    print_estimate,
    print_history_summary,
    print_replacement,
    print_retirement,
    print_scenarios,
    print_schemes,
)
from shebao.audit.retirement import CATEGORY_CHOICES, contribution_gap, retirement_facts

from shebao.errors import UsageError


def _month(value: str, option: str) -> YearMonth:
    try:
        return YearMonth.parse(value)
    except ValueError:
        raise UsageError(
            f"{option} 应为 年-月（如 2025-11），收到“{value}”",
            f"{option} must be YYYY-MM, got {value!r}",
        ) from None


def _decimal(
    value: str | None,
    option: str,
    minimum: Decimal | None = None,
    maximum: Decimal = Decimal("1e9"),
) -> Decimal | None:
    if value is None:
        return None
    try:
        result = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        raise UsageError(
            f"{option} 应为数字，收到“{value}”", f"{option} must be a number, got {value!r}"
        ) from None
    if not result.is_finite() or (minimum is not None and result < minimum) or result > maximum:
        raise UsageError(
            f"{option} 的值“{value}”无效（应在{minimum if minimum is not None else '-∞'}"
            f"到{maximum}之间）",
            f"{option}: invalid value {value!r}",
        )
    return result


def _duration(value: str | None, option: str) -> Duration | None:
    if value is None:
        return None
    try:
        duration = parse_duration(value)
        if duration.years > 80:
            raise ValueError(value)
        return duration
    except ValueError:
        raise UsageError(
            f"{option} 应为年数（如 41、17.33、26y6m、11年1个月），收到“{value}”",
            f"{option} must be a duration such as 41, 17.33, 26y6m; got {value!r}",
        ) from None


def _area(P, province: str | None, city: str | None) -> str:
    """The area code of --city (which implies its province) or else --province; a city
    outside the given province is refused."""
    if not province and not city:
        raise UsageError("需要 --province 或 --city", "give --province or --city")
    area = P.areas.resolve(city or province)
    if (
        city
        and province
        and P.areas.province_of(area) != P.areas.province_of(P.areas.resolve(province))
    ):
        raise UsageError(
            f"城市“{city}”不属于“{province}”（{P.areas.describe(area)}）",
            "city is not in the province",
        )
    return area


def _print_json(data: dict) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------------------------------------
# retirement
# ---------------------------------------------------------------------------------------------


@click.command()
@click.option("--birth", required=True)
@click.option(
    "--category",
    required=True,
    type=click.Choice(CATEGORY_CHOICES, case_sensitive=False),
)
@click.option("--paid-months", type=int)
@click.option("--as-of")
@click.option("--json", "as_json", is_flag=True)
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
    print_retirement(console(), facts, data)


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
@click.option("--province")
@click.option("--city")
@click.option("--retire")
@click.option("--age-months")
@click.option("--birth")
@click.option("--calc-base")
@click.option("--avg-index")
@click.option("--years")
@click.option("--account")
@click.option(
    "--history",
    "histories",
    multiple=True,
    type=click.Path(dir_okay=False),
)
@click.option("--category", type=click.Choice(CATEGORY_CHOICES, case_sensitive=False))
@click.option("--deemed-years")
@click.option("--pre-account-years")
@click.option("--deemed-index")
@click.option(
    "--trans-index"
)
@click.option("--old-transitional")
@click.option("--notional-account")
@click.option("--divisor")
@click.option("--transitional")
@click.option("--extra", multiple=True)
@click.option(
    "--scheme",
    type=click.Choice(["enterprise", "public"]),
    default="enterprise",
    show_default=True,
)
@click.option("--annuity-account")
@click.option("--rank")
@click.option("--json", "as_json", is_flag=True)
def estimate(**opts) -> None:
    """估算月养老金：基础养老金、个人账户养老金、过渡性养老金，列出公式、输入和依据。"""
    P = parameters()
    area = _area(P, opts["province"], opts["city"])
    if opts["scheme"] == "enterprise" and (opts["annuity_account"] or opts["rank"]):
        raise UsageError(
            "--annuity-account 和 --rank 只用于 --scheme public（机关事业单位）",
            "--annuity-account and --rank need --scheme public",
        )
    if opts["histories"]:
        if opts["scheme"] == "public":
            raise UsageError(
                "机关事业单位方案请直接输入指数、年限和账户（--history 读的是企业缴费记录）",
                "--scheme public takes the figures directly, not --history",
            )
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
        avg_index=_decimal(opts["avg_index"], "--avg-index", Decimal(0), Decimal(10)),  # type: ignore[arg-type]
        years=_duration(opts["years"], "--years"),  # type: ignore[arg-type]
        account=_decimal(opts["account"], "--account", Decimal(0)),  # type: ignore[arg-type]
        deemed_years=_duration(opts["deemed_years"], "--deemed-years"),
        pre_account_years=_duration(opts["pre_account_years"], "--pre-account-years"),
        deemed_index=_decimal(opts["deemed_index"], "--deemed-index", Decimal(0)),
        trans_index=_decimal(opts["trans_index"], "--trans-index", Decimal(0)),
        old_transitional=_decimal(opts["old_transitional"], "--old-transitional", Decimal(0)),
        notional_account=_decimal(opts["notional_account"], "--notional-account", Decimal(0)),
        divisor=_decimal(opts["divisor"], "--divisor", Decimal(1)),
        transitional=_decimal(opts["transitional"], "--transitional", Decimal(0)),
        extras=_extras(opts["extra"]),
    )
    comparison = None
    if opts["scheme"] == "public":
        from shebao.audit.public_scheme import enterprise_comparison, estimate_public

        annuity = _decimal(opts["annuity_account"], "--annuity-account", Decimal(0))
        result = estimate_public(inp, annuity, opts["rank"], P)
        comparison = enterprise_comparison(result, compute_estimate(inp, P))
    else:
        result = compute_estimate(inp, P)
    if opts["as_json"]:
        data = result.to_json()
        if comparison is not None:
            data["enterprise_comparison"] = comparison
        _print_json(data)
        return
    print_estimate(console(), result)
    if comparison is not None:
        console().print(comparison["text"])


def _person_from_records(paths: tuple[str, ...], birth: str | None,
                         category: str | None) -> tuple[str, str]:
    """Birth month and category for a calculation from contribution records: as given, else
    from the records' ID number (birth month; category only for a man -- a woman's category
    depends on her post, which no record shows). UsageError naming what is still missing."""
    if not (birth and category):
        from shebao.audit.identity import parse_id_number

        ids = set()
        for name in paths:
            try:
                person = json.loads(Path(name).read_text(encoding="utf-8")).get("person") or {}
            except (OSError, ValueError, AttributeError):
                continue  # load_history names the file and its problem
            parsed, _ = parse_id_number(person.get("id_number"))
            if parsed is not None:
                ids.add(parsed)
        if len(ids) == 1:
            (person_id,) = ids
            birth = birth or f"{person_id.birth.year:04d}-{person_id.birth.month:02d}"
            if not category and not person_id.female:
                category = "male"
    if not birth:
        raise UsageError("缴费记录中没有有效的身份证号，请用 --birth 给出出生年月",
                         "no valid ID number in the records: give --birth")
    if not category:
        raise UsageError("请用 --category 给出人员类别（女职工：female-cadre 或 female-worker）",
                         "give --category (for a woman: female-cadre or female-worker)")
    return birth, category


def _estimate_from_history(P, area: str, opts: dict) -> None:
    from shebao.audit.history import estimate_from_history

    opts["birth"], opts["category"] = _person_from_records(opts["histories"], opts["birth"],
                                                           opts["category"])
    for option in ("avg_index", "years", "account", "age_months", "pre_account_years"):
        if opts[option] is not None:
            flag = "--" + option.replace("_", "-")
            raise UsageError(
                f"{flag} 由缴费记录计算，不能与 --history 同时给出",
                f"{flag} is computed from --history",
            )
    rows = load_history(opts["histories"], P, area)
    area = claim_area(P, area, rows, opts["city"])
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
    con = console()
    print_history_summary(con, P, result.summary)
    print_estimate(con, result.estimate)


@click.command()
@click.option("--start-age", type=int)
@click.option("--retire-age")
@click.option("--relative-wage", default="1.0", show_default=True)
@click.option("--base-ratio")
@click.option("--wage-growth", default="0.05", show_default=True)
@click.option("--account-interest", default="0.04", show_default=True)
@click.option(
    "--history",
    "histories",
    multiple=True,
    type=click.Path(dir_okay=False),
)
@click.option("--birth")
@click.option("--category", type=click.Choice(CATEGORY_CHOICES, case_sensitive=False))
@click.option("--province")
@click.option("--city")
@click.option("--as-of")
@click.option("--base")
@click.option("--back-pay", default=0, type=int)
@click.option("--deemed-years")
@click.option("--adjustment", default="0", show_default=True)
@click.option("--flexible", is_flag=True)
@click.option("--compare-public", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
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
    compare_public: bool,
    as_json: bool,
) -> None:
    """测算：个人（--history）继续缴费/补缴/弹性退休的养老金、费用和回本年龄；
    或程式化替代率（--start-age --retire-age）：不同退休年龄、工资水平下的替代率。"""
    if histories and compare_public:
        raise UsageError(
            "--compare-public 用于程式化替代率（--start-age --retire-age）",
            "--compare-public works with --start-age/--retire-age",
        )
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
        "relative_wage": _decimal(relative_wage, "--relative-wage", Decimal("0.01"), Decimal(100)),
        "base_ratio": _decimal(base_ratio, "--base-ratio", Decimal(0)),
        "wage_growth": _decimal(wage_growth, "--wage-growth", Decimal("-0.5"), Decimal(1)),
        "account_interest": _decimal(
            account_interest, "--account-interest", Decimal("-0.5"), Decimal(1)
        ),
    }
    # the rules in force on the as-of day (default today): rates, floor ratio, divisors
    on = _month(as_of, "--as-of") if as_of else YearMonth.of(date.today())
    main = replacement_rate(start_age, age.months, on=on, **kwargs)  # type: ignore[arg-type]
    # compare a minimum-base earner (the legal floor ratio) with an average earner
    floor_value = parameters().get("national/contribution/base_floor_ratio", on)
    floor_ratio = Decimal(str(floor_value.value))
    comparison = []
    for ret in (50, 55, 60, 63):
        for rel in (floor_ratio, Decimal("1.0")):
            if ret <= start_age:
                continue
            r = replacement_rate(
                start_age,
                ret * 12,
                relative_wage=rel,
                wage_growth=kwargs["wage_growth"],  # type: ignore[arg-type]
                account_interest=kwargs["account_interest"],  # type: ignore[arg-type]
                on=on,
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
    if compare_public:
        from shebao.audit.public_scheme import compare_schemes

        data["schemes"] = compare_schemes(main)
    if as_json:
        _print_json(data)
        return
    print_replacement(console(), start_age, age.months, main, data, comparison)
    if compare_public:
        print_schemes(console(), data["schemes"])


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

    if not (province or city):
        raise UsageError("个人测算需要 --province 或 --city", "--province is required")
    birth, category = _person_from_records(histories, birth, category)
    P = parameters()
    area = _area(P, province, city)
    rows = load_history(histories, P, area)
    area = claim_area(P, area, rows, city)
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
    print_scenarios(console(), P, out, birth, area)
