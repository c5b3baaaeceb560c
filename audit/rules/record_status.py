"""Findings read straight from the statement's status column and from document conflicts.

* ``refunded_months``: months refunded (退保/退收) no longer count toward the contribution
  period or the account. Basis: 国办发〔2009〕66号 (no refund before pension age, from the date
  of ``national/transfer/refund_ban``). Severity ``medium``; months refunded after that date
  are said to be questionable.
* ``back_paid_months``: months paid late (补缴), with when -- information: they count, but a
  back-payment after the age of 50/40 in another province may not make the place a claim place
  (see ``provisional_account_risk``), and late payment carries a late fee the employer owed
  (社会保险法 第八十六条).
* ``duplicate_months``: the same month and employer shown differently by two documents. Both
  versions are kept (never overwritten) and the worker is asked which is right; severity
  ``medium``.
"""

from __future__ import annotations

from shebao.audit.citations import basis
from shebao.audit.merge import STATUS_ZH
from shebao.audit.months import YearMonth
from shebao.audit.params import Value
from shebao.audit.rules.common import dedupe, grouped_by_employer, ranges
from shebao.audit.rules.context import Context

from shebao.records import Finding

REFUND_BAN = "national/transfer/refund_ban"  # from when no refund before pension age
FIELD_ZH = {"base": "缴费基数", "employer_amount": "单位缴费", "personal_amount": "个人缴费",
            "status": "缴费状态", "paid_on": "到账日期"}


def refunded_months(ctx: Context) -> None:
    paid = ctx.history.paid_months()
    rows = [r for r in ctx.history.records if r.status == "refunded" and r.month not in paid]
    for employer, group in grouped_by_employer(rows, lambda r: r.employer).items():
        months = sorted({r.month for r in group})
        text = (f"{ranges(months)}（共{len(months)}个月）{employer or ''}的养老保险显示已退保"
                "（退收），这些月份不再计算缴费年限，个人账户也已清退。")
        bans = [b for b in (ctx.P.get(REFUND_BAN, m) for m in months) if isinstance(b, Value)]
        if bans:
            since = YearMonth.of(bans[0].effective_from)
            text += (f"{since.year}年{since.month}月起国家规定未到领取年龄前不得退保"
                     f"（国办发〔2009〕66号），此后的退保可向社保经办机构咨询能否恢复。")
        ctx.findings.append(Finding(
            rule="refunded_months", severity="medium", months=[str(m) for m in months],
            employer=employer, message=text, basis=basis("doc66_3"),
            evidence=dedupe([e for r in group for e in r.evidence()]),
        ))


def back_paid_months(ctx: Context) -> None:
    rows = [r for r in ctx.history.records if r.status == "back_paid"]
    for employer, group in grouped_by_employer(rows, lambda r: r.employer).items():
        months = sorted({r.month for r in group})
        dates = sorted({r.row.paid_on for r in group if r.row.paid_on})
        text = (f"{ranges(months)}（共{len(months)}个月）{employer or ''}的养老保险是事后补缴的"
                + (f"（补缴到账：{'、'.join(dates)}）" if dates else "")
                + "。补缴的月份计算缴费年限；单位迟缴应当缴纳滞纳金（社会保险法第八十六条）。"
                "如果补缴时您已到建立临时账户的年龄且不在户籍省，请看临时账户一项。")
        ctx.findings.append(Finding(
            rule="back_paid_months", severity="info", months=[str(m) for m in months],
            employer=employer, message=text, basis=basis("sil_86"),
            evidence=dedupe([e for r in group for e in r.evidence()]),
        ))


def duplicate_months(ctx: Context) -> None:
    for c in ctx.history.conflicts:
        a, b = c.records
        what = "、".join(FIELD_ZH.get(f, f) for f in c.fields)
        text = (f"{c.month}同一单位的养老保险在两份材料中不一致（{what}）：" + "；".join(
            f"{r.sources[0].document.file}记为“{r.fact()}”" for r in (a, b))
            + "。两种记录都保留，未自动取舍；请核对原件或向社保机构打印最新明细。")
        ctx.findings.append(Finding(
            rule="duplicate_months", severity="medium", months=[str(c.month)],
            employer=a.row.employer or b.row.employer, message=text,
            evidence=dedupe(a.evidence() + b.evidence()), fields=c.fields,
            statuses=[STATUS_ZH.get(r.status, r.status) for r in (a, b)],
        ))
