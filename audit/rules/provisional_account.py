"""``provisional_account_risk``: a temporary contribution account (临时基本养老保险缴费账户),
and where the pension will be claimed (待遇领取地), explained step by step.

Legal condition (66号文 第五条; 人社部发〔2010〕70号; 人社部发〔2016〕94号; policy.md §1):
a man aged 50 or more, a woman aged 40 or more (``national/transfer/temporary_account_age``),
who is first insured in, or moves into, a province other than the hukou province gets a
temporary account there: the relationship stays in the previous place, and the province can
never become the claim place. The age is taken when the account was *established*: the first
month paid in time, or, if earlier months were back-paid, the day of that back-payment when
it is earlier (a late registration) -- back-paying months from before the account was opened
does not change its nature (94号). The person's sex comes from the ID number or
``--category``; without it and without the hukou province the rule says what is missing.

The claim place (66号文 第六条): the hukou province if the relationship is there; else the
province of the relationship if at least ``national/transfer/claim_place_min_months`` were paid
there; else the previous such province; else the hukou province. Temporary-account months are
not counted for the place test (they still count for the total).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from shebao.audit.citations import basis
from shebao.audit.merge import Record
from shebao.audit.months import YearMonth, format_age, format_duration
from shebao.audit.params import NATIONAL, Value
from shebao.audit.rules.common import dedupe, ranges
from shebao.audit.rules.context import COUNTED, Context

from shebao.records import Finding

AGE = "national/transfer/temporary_account_age"
MIN_PLACE = "national/transfer/claim_place_min_months"


@dataclass
class Segment:
    """Consecutive contribution months in one province."""

    province: str
    records: list[Record] = field(default_factory=list)
    temporary: bool = False
    established: YearMonth | None = None
    how: str = ""

    @property
    def months(self) -> set[YearMonth]:
        return {r.month for r in self.records if r.status in COUNTED}

    @property
    def first(self) -> YearMonth:
        return min(r.month for r in self.records)

    @property
    def last(self) -> YearMonth:
        return max(r.month for r in self.records)


def segments(ctx: Context) -> list[Segment]:
    out: list[Segment] = []
    for r in sorted((r for r in ctx.history.records if r.status in COUNTED),
                    key=lambda r: r.month):
        prov = ctx.P.areas.province_of(r.area)
        if not out or out[-1].province != prov:
            out.append(Segment(prov))
        out[-1].records.append(r)
    return out


def established(seg: Segment) -> tuple[YearMonth, str, list[Record]]:
    """When the account in a segment was opened, how that is known, and the rows showing it."""
    regular = [r for r in seg.records if r.status == "paid"]
    first_regular = min((r.month for r in regular), default=None)
    back = [r for r in seg.records if r.status == "back_paid" and r.row.paid_on]
    paid_dates = sorted(date.fromisoformat(r.row.paid_on) for r in back)
    first_back = YearMonth.of(paid_dates[0]) if paid_dates else None
    if first_back is not None and (first_regular is None or first_back < first_regular):
        rows = [r for r in back if YearMonth.of(date.fromisoformat(r.row.paid_on)) == first_back]
        return first_back, (f"最早的缴费是{rows[0].row.paid_on}一次性补缴的"
                            f"（补缴{ranges(sorted(r.month for r in back))}），"
                            "按补缴时间视为开始参保"), rows[:1]
    if first_regular is not None:
        rows = [r for r in regular if r.month == first_regular]
        return first_regular, f"{first_regular}开始正常缴费", rows[:1]
    return seg.first, f"{seg.first}起有缴费记录（补缴日期未显示）", seg.records[:1]


def check(ctx: Context) -> None:
    segs = segments(ctx)
    if not segs:
        return
    names = ctx.P.areas.name
    hukou = ctx.person.hukou
    if hukou is None:
        ctx.note_missing("户籍所在省未知：无法判断是否为临时缴费账户及待遇领取地；"
                         "请提供户籍所在省份（或有效的身份证号）", fact="hukou")
    if ctx.person.birth is None or ctx.person.female is None:
        ctx.note_missing("出生年月或性别未知：无法判断跨省参保时是否已到建立临时账户的年龄；"
                         "请提供出生年月和性别（或有效的身份证号）", fact="birth")
    steps: list[str] = []
    if hukou and ctx.person.hukou_origin == "身份证号地区码":
        steps.append(f"户籍省按身份证号前两位推定为{names(hukou)}（如已迁户口，请提供现户籍所在省份）")
        ctx.missing_facts.setdefault("hukou", steps[-1])
    elif hukou:
        steps.append(f"户籍省：{names(hukou)}（本人提供）")
    unplaced = [s for s in segs if s.province == NATIONAL]
    if unplaced:
        ctx.note_missing(f"{ranges(sorted(m for s in unplaced for m in s.months))}：参保地未知或"
                         "未收录，无法判断这些月份在哪个省缴费（临时账户、待遇领取地）；"
                         "请提供参保城市", fact="insured_place")
    for seg in segs:
        opened, how, rows = established(seg)
        seg.established, seg.how = opened, how
        # the age rule in force when the account was opened (none before 66号文 took effect)
        age_rule = ctx.P.get(AGE, opened)
        if (hukou is None or seg.province in (NATIONAL, hukou) or ctx.person.birth is None
                or ctx.person.female is None or not isinstance(age_rule, Value)):
            continue
        limit = int(age_rule.value["female" if ctx.person.female else "male"])
        age = opened.months_since(ctx.person.birth)
        if age < limit:
            continue
        seg.temporary = True
        first_age = seg.first.months_since(ctx.person.birth)
        text = (f"您在{names(seg.province)}的养老保险（{seg.first}至{seg.last}，"
                f"{format_duration(len(seg.months))}）很可能是“临时缴费账户”：{how}，当时您已"
                f"{format_age(age)}，而户籍在{names(hukou)}。"
                f"{'男' if not ctx.person.female else '女'}职工满"
                f"{format_age(limit)}后到户籍省以外参保的，只能建立临时账户，"
                "这里不能成为领取养老金的地方，退休时这些缴费要转回原参保地或户籍地"
                "（国办发〔2009〕66号第五条）。")
        if first_age < limit:
            text += (f"其中{seg.first}起的月份是补缴的（那时您{format_age(first_age)}），"
                     "但单位晚登记、事后补缴不会改变临时账户的性质（人社部发〔2016〕94号），"
                     "这可能是单位未按时登记参保造成的损害，可要求单位承担责任。")
        ev = [e for r in rows for e in r.evidence()]
        ctx.findings.append(Finding(
            rule="provisional_account_risk", severity="high",
            months=sorted(str(m) for m in seg.months), message=text,
            basis=basis("doc66_5", "doc70", "doc94", *age_rule.sources),
            evidence=dedupe(ev), province=seg.province, established=str(opened),
            age_months_at_establishment=age, late_registration=first_age < limit,
        ))
    _claim_place(ctx, segs, steps)


def _claim_place(ctx: Context, segs: list[Segment], steps: list[str]) -> None:
    hukou = ctx.person.hukou
    provinces = {s.province for s in segs}
    if hukou is None or provinces == {hukou} or NATIONAL in provinces:
        return
    names = ctx.P.areas.name
    rule = ctx.P.get(MIN_PLACE, ctx.as_of)  # the claim is decided under the rule of today
    if not isinstance(rule, Value):
        ctx.note_missing(f"待遇领取地规则参数未知：{rule.reason}")
        return
    need = int(rule.value)
    counted: dict[str, int] = {}
    order: list[str] = []
    for s in segs:
        if s.temporary:
            continue
        counted[s.province] = counted.get(s.province, 0) + len(s.months)
        if s.province in order:
            order.remove(s.province)
        order.append(s.province)
    for p in dict.fromkeys(s.province for s in segs):
        temp = sum(len(s.months) for s in segs if s.province == p and s.temporary)
        n = counted.get(p, 0)
        line = f"{names(p)}：正常账户累计{format_duration(n) if n else '0个月'}"
        if temp:
            line += f"，临时账户{format_duration(temp)}（不计入领取地判断）"
        steps.append(line)
    relation = order[-1] if order else hukou
    if order:
        steps.append(f"基本养老保险关系所在地（最后一个正常账户所在省）：{names(relation)}")
    else:
        steps.append(f"没有正常账户（都是临时账户），基本养老保险关系保留在户籍省{names(hukou)}")
    if relation == hukou:
        place, why = hukou, "关系在户籍省，在户籍省领取"
    elif counted.get(relation, 0) >= need:
        place, why = relation, f"关系所在地累计缴费满{format_duration(need)}，在当地领取"
    else:
        earlier = [p for p in reversed(order[:-1]) if counted.get(p, 0) >= need]
        if earlier:
            place = earlier[0]
            why = (f"关系所在地不满{format_duration(need)}，转回上一个缴费满"
                   f"{format_duration(need)}的参保地{names(place)}领取")
        else:
            place = hukou
            why = f"各参保地均不满{format_duration(need)}，归集到户籍省{names(hukou)}领取"
    steps.append(f"结论：{why}")
    text = ("按现有缴费记录推算，将来领取养老金的地方（待遇领取地）是" + names(place) + "。"
            + "；".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
            + "。（国办发〔2009〕66号第六条；以后在哪里缴费会改变这一结论）")
    ctx.findings.append(Finding(
        rule="provisional_account_risk", severity="info", months=[], message=text,
        basis=basis("doc66_6", *rule.sources), claim_place=place, steps=steps,
    ))
