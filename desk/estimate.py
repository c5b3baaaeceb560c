"""The pension estimate and what-if projections on the case page, with a chart.

Contract
--------
* The estimate and the standard projections (stop now, keep paying at the minimum base to the
  statutory month, pay on until the minimum years, the flexible earliest/latest months) are
  the last audit's ``estimate`` and ``projections`` (``shebao.audit/1``): what ``shebao
  audit`` prints for the same case.
* :func:`what_if(store, case_id, audit, back_pay=0, base=None, flexible=False,
  adjustment=0) -> dict` is ``shebao project --history <each statement read> --city <AREA>
  --birth <B> --category <C> --as-of <audit month> [--back-pay N] [--base X] [--flexible]
  [--adjustment R] --json``, called through the same functions
  (:func:`shebao.audit.record_files.load_history`, :func:`~shebao.audit.record_files.claim_area`,
  :func:`shebao.audit.projections.project_person`). The histories are the desk's readings of
  the case's originals (``shebao.extract/1``, written to ``work/project-<id>/``); birth and
  category are the audit's; AREA is where the worker is insured now (the statement's
  insured place, else the case's, else the audit's claim place), where further months would
  be paid. The result carries ``command``: that command line, for the page.
* :func:`chart_svg(scenarios) -> str`: an inline SVG bar chart of the monthly pension of each
  scenario (server-rendered; no script). A scenario that does not reach the minimum years is
  drawn hatched and labelled 不能按月领取; one whose pension is unknown gets no bar and says so.

Routes (``routes(desk, with_case)``): ``GET /cases/{id}/estimate`` (fragment; polls while the
audit runs) and ``POST /cases/{id}/estimate`` (the what-if form: ``back_pay`` 0-600 months,
``base`` yuan/month or empty for the minimum, ``flexible``, ``adjustment`` % a year).
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal, InvalidOperation
from html import escape

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from shebao.errors import ShebaoError

from .store import JobRow, Store, UploadRow

MAX_BACK_PAY = 600


class BadInput(ValueError):
    """A what-if form value out of range; ``str()`` is the Chinese reason."""


def _area(P, audit: dict, facts) -> str:
    for place in ((audit.get("person") or {}).get("insured_place"), facts.insured_place):
        code = P.areas.find_in(place) if place else None
        if code is not None:
            return code
    claim = (audit.get("estimate") or {}).get("claim_area")
    if claim:
        return claim
    raise BadInput("不知道在哪里继续缴费：请在案件信息里填写参保地")


def history_files(store: Store, case_id: int) -> list:
    """The case's statement readings (``shebao.extract/1`` with pension contributions), each
    written to ``work/project-<id>/<upload id>.json``."""
    folder = store.work / f"project-{case_id}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = []
    with store() as s:
        uploads = s.query(UploadRow.id).filter_by(case_id=case_id).order_by(UploadRow.id).all()
        for (upload_id,) in uploads:
            job = (s.query(JobRow).filter_by(case_id=case_id, kind="read", upload_id=upload_id,
                                             state="done").order_by(JobRow.id.desc()).first())
            if job is None or not job.result:
                continue
            data = json.loads(job.result)
            if any(c.get("insurance") == "pension" for c in data.get("contributions", [])):
                path = folder / f"{upload_id}.json"
                path.write_text(job.result, encoding="utf-8")
                paths.append(path)
    return paths


def what_if(store: Store, case_id: int, audit: dict, facts, back_pay: int = 0,
            base: Decimal | None = None, flexible: bool = False,
            adjustment: Decimal = Decimal(0)) -> dict:
    from shebao.audit.months import YearMonth
    from shebao.audit.params import parameters
    from shebao.audit.projections import project_person
    from shebao.audit.record_files import claim_area, load_history

    retirement = audit.get("retirement") or {}
    if not retirement.get("birth") or not retirement.get("category"):
        raise BadInput("审计没有得出出生年月和人员类别，无法测算（见审计的“未能审计的内容”）")
    if not 0 <= back_pay <= MAX_BACK_PAY:
        raise BadInput(f"补缴月数应在 0 到 {MAX_BACK_PAY} 之间")
    paths = history_files(store, case_id)
    if not paths:
        raise BadInput("还没有读出养老保险缴费记录，无法测算")
    P = parameters()
    area = _area(P, audit, facts)
    rows = load_history(tuple(str(p) for p in paths), P, area)
    area = claim_area(P, area, rows, area)
    as_of = audit["as_of"][:7]
    category = retirement["category"].replace("_", "-")
    out = project_person(rows, YearMonth.parse(retirement["birth"]), category, area,
                         as_of=YearMonth.parse(as_of), base=base, back_pay_months=back_pay,
                         annual_adjustment=adjustment, flexible=flexible, P=P)
    out.pop("_scenarios", None)
    out = json.loads(json.dumps(out, default=str))  # what --json prints
    command = ["shebao", "project", "--history", *(p.name for p in paths), "--city", area,
               "--birth", retirement["birth"], "--category", category, "--as-of", as_of]
    if back_pay:
        command += ["--back-pay", str(back_pay)]
    if base is not None:
        command += ["--base", str(base)]
    if flexible:
        command.append("--flexible")
    if adjustment:
        command += ["--adjustment", str(adjustment)]
    out["command"] = [*command, "--json"]
    out["area_name"] = P.areas.name(area)
    return out


def _decimal(text: str, what: str, low: Decimal, high: Decimal) -> Decimal | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadInput(f"{what}应为数字") from None
    if not low <= value <= high:
        raise BadInput(f"{what}应在 {low} 到 {high} 之间")
    return value


def form_values(form) -> dict:
    """The what-if form as :func:`what_if` keywords (:class:`BadInput` on a bad value)."""
    back = str(form.get("back_pay") or "0").strip() or "0"
    if not back.isdigit():
        raise BadInput("补缴月数应为整数")
    adjustment = _decimal(str(form.get("adjustment") or ""), "每年调整比例",
                          Decimal(-50), Decimal(50))
    return {"back_pay": int(back),
            "base": _decimal(str(form.get("base") or ""), "缴费基数", Decimal(1),
                             Decimal(1_000_000)),
            "flexible": bool(form.get("flexible")),
            "adjustment": (adjustment or Decimal(0)) / 100}


# ---------------------------------------------------------------------------------------------
# The chart
# ---------------------------------------------------------------------------------------------

CHART_WIDTH = 640
LABEL_ROW = 18
BAR = 18
GAP = 12
PLOT_LEFT = 4
PLOT_RIGHT = 150  # room for the figure after the longest bar


def bar_widths(scenarios: list[dict], plot: int) -> list[float | None]:
    """Each scenario's bar length in pixels: pension / largest pension x ``plot``; None when
    the pension is unknown."""
    totals = [(s.get("pension") or {}).get("total") for s in scenarios]
    top = max((t for t in totals if t is not None), default=0) or 1
    return [None if t is None else round(t / top * plot, 1) for t in totals]


def chart_svg(scenarios: list[dict], width: int = CHART_WIDTH) -> str:
    if not scenarios:
        return ""
    plot = width - PLOT_LEFT - PLOT_RIGHT
    row = LABEL_ROW + BAR + GAP
    height = row * len(scenarios) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="各方案的月养老金" '
             'font-family="Noto Sans CJK SC, sans-serif" font-size="13">',
             '<defs><pattern id="short" width="6" height="6" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2d7c9"/>'
             '<line x1="0" y1="0" x2="0" y2="6" stroke="#c0704a" stroke-width="3"/></pattern>'
             '</defs>']
    for i, (scenario, bar) in enumerate(zip(scenarios, bar_widths(scenarios, plot),
                                            strict=True)):
        y = i * row
        total = (scenario.get("pension") or {}).get("total")
        meets = scenario.get("meets_minimum", True)
        parts.append(f'<text x="{PLOT_LEFT}" y="{y + 13}" fill="#333">'
                     f'{escape(scenario.get("label", ""))}</text>')
        bar_y = y + LABEL_ROW
        if bar is None:
            parts.append(f'<text x="{PLOT_LEFT}" y="{bar_y + 13}" fill="#a00">'
                         '月养老金未能算出（缺少参数）</text>')
            continue
        fill = "#2d4a3e" if meets else "url(#short)"
        parts.append(f'<rect x="{PLOT_LEFT}" y="{bar_y}" width="{bar}" height="{BAR}" '
                     f'fill="{fill}"/>')
        text = f"{total:,.2f} 元/月" + ("" if meets else "（不能按月领取）")
        parts.append(f'<text x="{PLOT_LEFT + bar + 6}" y="{bar_y + 14}" fill="#222">'
                     f'{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Routes
# ---------------------------------------------------------------------------------------------


def _area_name(audit: dict, facts) -> str | None:
    """Where the audit's projections assume further months are paid (see :func:`what_if`)."""
    from shebao.audit.params import parameters

    P = parameters()
    try:
        return P.areas.name(_area(P, audit, facts))
    except BadInput:
        return None


def routes(desk, with_case) -> list[Route]:
    from .casefolder import case_facts

    def audit_of(case_id: int) -> tuple[JobRow | None, dict | None]:
        job = desk.last_audit(case_id)
        if job is None or job.state != "done" or not job.result:
            return job, None
        return job, json.loads(job.result)

    async def view(request: Request, row) -> Response:
        job, audit = audit_of(row.id)
        context = {"case": row, "job": job, "audit": audit, "chart_svg": chart_svg,
                   "projection": None, "form": {}}
        if audit is None:
            status = 409 if request.method == "POST" else 200  # nothing to project from yet
            return desk.page("_estimate.html", status, **context)
        context["projection"] = audit.get("projections")
        context["projection_area"] = _area_name(audit, case_facts(row))
        if request.method == "POST":
            form = await request.form()
            context["form"] = {k: str(v) for k, v in form.items() if k != "csrf"}
            try:
                values = form_values(form)
                context["projection"] = await run_in_threadpool(
                    what_if, desk.store, row.id, audit, case_facts(row), **values)
                context["what_if"] = True
            except BadInput as exc:
                return desk.page("_estimate.html", 400, error=str(exc), **context)
            except ShebaoError as exc:
                return desk.page("_estimate.html", 400, error=exc.zh, **context)
        return desk.page("_estimate.html", **context)

    return [Route("/cases/{case_id}/estimate", with_case(view), methods=["GET", "POST"])]
