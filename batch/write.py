"""Writing a batch audit (``shebao batch``): the files in OUTDIR.

Contract: :func:`write_batch(outdir, summary, workers)` writes, for the ``shebao.batch/1``
object ``summary`` (:mod:`shebao.batch.workforce`) and its :class:`~.workforce.Worker` list:

* ``workers/<序号>_<姓名>.json`` (``shebao.audit/1``) and ``.html`` (the person report, ID
  masked: :func:`shebao.audit.summary.write_html`, with the roster's employer and 部门);
* each worker's evidence bundle, its manifest and evidence index (:mod:`.evidence`);
* ``联名投诉书.pdf/.docx`` (:mod:`shebao.reports.collective`, with the people the unit's insured
  list lacks: :func:`.insured.uninsured`);
* ``factory_summary.json``; ``factory_summary.xlsx`` (sheet 工人明细: one row per worker and a
  合计 row, numbers as numbers, an unknown part as text 未知, never 0; sheet 未能读取的文件;
  sheet 花名册中无材料 with a roster; every text cell neutralised against formula injection,
:func:`shebao.cells.neutral`); ``factory_summary.html`` and ``.pdf`` from the template
  ``factory_summary.html.j2``.

Returns the paths written (:func:`batch_targets`). Nothing outside OUTDIR is written; each file
is written atomically, never through a link; originals are only read, and a target that is one
of the inputs (e.g. a roster kept in OUTDIR as ``factory_summary.xlsx``), or an existing file
that is not the batch's own from a finished run, is refused before anything is written
(:mod:`shebao.outputs`; ``--force`` replaces the latter). The run manifest that marks the
batch complete is written after all of these (:mod:`shebao.batch.run`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from shebao.reports.months import months_text
from shebao.reports.pdf_engine import html_to_pdf
from shebao.reports.templating import render_template

from shebao.cells import neutral_row
from shebao.errors import ShebaoError
from shebao.outputs import check_target, write_atomic

from .evidence import WHAT, Lists, evidence_targets, shared, write_evidence
from .insured import uninsured
from .roster import RosterEntry
from .workforce import Worker

COLUMNS = ("序号", "姓名", "身份证号（隐去）", "工号", "材料", "有缴费记录月数", "按最低基数月数",
           "基数不足月数", "断缴月数", "已扣未缴月数", "单位部分欠缴（元）", "个人部分欠缴（元）",
           "滞纳金（元）", "临时账户风险", "到法定退休仍差缴费月数", "法定退休年月")
PARTS = (("employer", "单位"), ("personal", "个人"), ("late_fee", "滞纳金"))


def money_cell(value: float | None, known: float) -> float | str:
    """A worker's part: the number, or 未能核算 (with what was computed) when some month's part
    lacks a rate or base -- never 0 for unknown."""
    if value is not None:
        return round(value, 2)
    return f"未能核算（已核算部分 {known:,.2f}）" if known else "未能核算"


def total_cell(total: dict) -> float | str:
    return total["known"] if total["complete"] else unknown_total(total["known"])


def unknown_total(known: float) -> str:
    """A factory total some worker's part of which could not be computed: what it includes
    (no 0.00 when no worker's part could be computed)."""
    if not known:
        return "未能核算（各工人都缺少缴费比例或基数）"
    return f"未能核算（其中已核算的工人合计 {known:,.2f}，其余工人缺少缴费比例或基数）"


def _short(row: dict) -> int | str:
    return "未知" if row["months_short"] is None else row["months_short"]


def xlsx_rows(summary: dict) -> list[list]:
    out = []
    for r in sorted(summary["workers"], key=lambda r: r["no"]):
        a = r["arrears"]
        out.append(neutral_row([
            r["no"], r["name"] or "（姓名未知）", r["id_masked"] or "", r["staff_id"] or "",
            len(r["documents"]), r["months_covered"], len(r["minimum_base_months"]),
            len(r["underreported_months"]), len(r["missing_months"]), len(r["withheld_months"]),
            *(money_cell(a[p], a[f"{p}_known"]) for p, _ in PARTS),
            "有" if r["provisional_account_risk"] else "无", _short(r),
            r["statutory_retirement_month"] or "未知",
        ]))
    return out


def write_xlsx(path: Path, summary: dict) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "工人明细"
    bold = Font(bold=True)
    ws.append([f"工厂社保缴费批量审计 汇总表（审计日期 {summary['as_of']}）"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(list(COLUMNS))
    for c in ws[2]:
        c.font, c.fill = bold, PatternFill("solid", fgColor="DDEBF7")
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    rows = xlsx_rows(summary)
    for row in rows:
        ws.append(row)
    t = summary["totals"]
    ws.append(["合计", f"{t['workers']}人", "", "", sum(r[4] for r in rows),
               sum(r[5] for r in rows), sum(r[6] for r in rows), sum(r[7] for r in rows),
               sum(r[8] for r in rows), sum(r[9] for r in rows),
               *(total_cell(t[p]) for p, _ in PARTS),
               f"{t['provisional_workers']}人", f"{t['short_workers']}人差缴", ""])
    for c in ws[ws.max_row]:
        c.font = bold
    for row in ws.iter_rows(min_row=3):
        for c in row[10:13]:
            if isinstance(c.value, float | int):
                c.number_format = "#,##0.00"
    widths = (6, 9, 20, 9, 6, 9, 9, 9, 7, 9, 14, 14, 12, 8, 10, 22)
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(65 + i)].width = w
    ws.freeze_panes = "C3"
    bad = wb.create_sheet("未能读取的文件")
    bad.append(["文件", "原因", "reason"])
    for f in summary["failed"]:
        bad.append(neutral_row([f["file"], f["zh"], f["en"]]))
    for col, w in zip("ABC", (50, 50, 50), strict=True):
        bad.column_dimensions[col].width = w
    if summary["roster"] is not None:
        miss = wb.create_sheet("花名册中无材料")
        miss.append(["序号", "姓名", "工号", "身份证号（隐去）"])
        for e in summary["roster"]["without_documents"]:
            miss.append(neutral_row([e["no"], e["name"], e["staff_id"] or "",
                                     e["id_masked"] or ""]))
    if summary.get("insured_list"):
        il = summary["insured_list"]
        sheet = wb.create_sheet("参保名单核对")
        sheet.append(["序号", "姓名", "工号", "身份证号（隐去）", "问题", "月份"])
        for e in il["absent"]:
            sheet.append(neutral_row([e["no"], e["name"], e["staff_id"] or "",
                                      e["id_masked"] or "", "单位参保人员名单中没有此人", ""]))
        for e in il["months_missing"]:
            sheet.append(neutral_row([e["no"], e["name"], e["staff_id"] or "",
                                      e["id_masked"] or "",
                                      f"在职但名单未覆盖 {len(e['months'])} 个月",
                                      months_text(e["months"])]))
        for e in il["not_on_roster"]:
            sheet.append(neutral_row(["", e["name"], "", e["id_masked"] or "",
                                      "名单上有、花名册中没有", ""]))
        for col, w in zip("ABCDEF", (6, 10, 10, 22, 26, 60), strict=True):
            sheet.column_dimensions[col].width = w
    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(path, buffer.getvalue())


def template_variables(summary: dict) -> dict:
    """What ``factory_summary.html.j2`` reads (the summary plus a few texts for people)."""
    by_month = summary["minimum_base_by_month"]
    rows = summary["workers"]
    return {
        "s": summary,
        "t": summary["totals"],
        "parts": PARTS,
        "total_text": {p: (f"{summary['totals'][p]['known']:,.2f}"
                           if summary["totals"][p]["complete"]
                           else unknown_total(summary["totals"][p]["known"]))
                       for p, _ in PARTS},
        "min_months_text": months_text(sorted(by_month)) if by_month else "",
        "min_peak": max(by_month.values()) if by_month else 0,
        "provisional": [r for r in rows if r["provisional_account_risk"]],
        "short": [r for r in rows if r["months_short"]],
        "inspection": [r for r in rows if r["inspection_window_months"]],
        "months_text": months_text,
        "money": money_cell,
    }


def _evidence(outdir: Path, w: Worker, as_of: dt.date, summary: dict, lists: Lists | None,
              opened: dict) -> list[Path]:
    """The worker's evidence index and, when the summary says so, bundle (:mod:`.evidence`);
    a worker whose originals cannot be bound (one changed or became unreadable since it was
    read) gets none, and their summary row and the caveats say why -- the other workers' files
    are still written."""
    bundles = bool(summary.get("evidence_bundles"))
    try:
        return write_evidence(outdir, w, as_of, bundles=bundles, lists=lists, opened=opened)
    except ShebaoError as exc:
        for target in evidence_targets(outdir, w, bundles):  # nothing half-made of theirs
            target.unlink(missing_ok=True)
        w.row["evidence"] = None
        w.row["evidence_error"] = exc.format()
        summary["caveats"].append(f"{w.row['name'] or w.stem}的证据材料未能生成：{exc.zh}")
        return []


SUMMARY_FILES = ("factory_summary.json", "factory_summary.xlsx", "factory_summary.html",
                 "factory_summary.pdf")


def batch_targets(outdir: Path, workers: list[Worker], bundles: bool = False) -> list[Path]:
    """Every file :func:`write_batch` writes, in order: per worker the audit, the report and
    the evidence files (:mod:`.evidence`), then the summary (the joint complaint after it)."""
    each = [p for w in workers for p in _worker_targets(outdir, w, bundles)]
    return [*each, *(outdir / name for name in SUMMARY_FILES)]


def _worker_targets(outdir: Path, w: Worker, bundles: bool = False) -> list[Path]:
    return [outdir / "workers" / f"{w.stem}.json", outdir / "workers" / f"{w.stem}.html",
            *evidence_targets(outdir, w, bundles)]


def check_batch_targets(targets: list[Path], inputs: list[Path], ours: set[Path],
                        force: bool) -> None:
    """Before any work: no target is an input or a link; an existing target must be one a
    finished run listed as its own (``ours``) or ``force`` be given (:mod:`shebao.outputs`)."""
    for target in targets:
        check_target(target, inputs, named=target in ours, force=force)


def write_batch(outdir: Path, summary: dict, workers: list[Worker],
                inputs: list[Path] | None = None, ours: set[Path] | None = None,
                force: bool = False, roster: list[RosterEntry] | None = None,
                lists: Lists | None = None) -> list[Path]:
    """Write the batch (each file atomically); nothing is written when a target is refused
    (:func:`check_batch_targets`). ``roster``: its entries name the people the unit's insured
    list lacks in the joint complaint; ``lists``: the insured lists read (file, extract), in
    every worker's evidence as excerpts. Bundles are made when ``summary["evidence_bundles"]``."""
    from shebao.audit.summary import write_html

    outdir = Path(outdir)
    bundles = bool(summary.get("evidence_bundles"))
    targets = batch_targets(outdir, workers, bundles)
    check_batch_targets(targets, inputs or [], ours or set(), force)
    (outdir / "workers").mkdir(parents=True, exist_ok=True)
    as_of = dt.date.fromisoformat(summary["as_of"])
    written: list[Path] = []
    opened: dict = {}  # originals hashed and checked once for all workers
    for w in workers:
        js, html = _worker_targets(outdir, w)[:2]
        write_atomic(js, json.dumps(w.result.to_json_dict(), ensure_ascii=False, indent=1)
                     + "\n")
        write_html(w.result, html, w.files, case=w.case)
        written += [js, html, *_evidence(outdir, w, as_of, summary, lists, opened)]
    path, xlsx, html, pdf = targets[-4:]
    write_atomic(path, json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    write_xlsx(xlsx, summary)
    html_text = render_template("factory_summary.html.j2", template_variables(summary))
    write_atomic(html, html_text)
    write_atomic(pdf, html_to_pdf(html_text, base_url=str(outdir)))
    return written + targets[-4:] + write_joint(outdir, workers, summary, inputs or [],
                                                ours or set(), force, roster, lists)


JOINT_FILES = ("联名投诉书.pdf", "联名投诉书.docx")


def write_joint(outdir: Path, workers: list[Worker], summary: dict, inputs: list[Path],
                ours: set[Path], force: bool, roster: list[RosterEntry] | None = None,
                lists: Lists | None = None) -> list[Path]:
    """The joint complaint of every worker with months to claim and of those the unit's
    insured list lacks (:mod:`shebao.reports.collective`), as PDF and DOCX; nothing when
    there is nobody to name. The documents several workers share (:func:`.evidence.shared`)
    are its own evidence, whole."""
    from shebao.reports.collective import SharedOriginal, joint_complaint
    from shebao.reports.formats import convert

    from shebao.files import sha256_file

    roster_file = (summary.get("roster") or {}).get("file")
    common = {f: ex for w in workers for f, ex in w.sources.items() if shared(ex)}
    common.update({f: ex for f, ex in lists or []})
    joint = joint_complaint(workers, dt.date.fromisoformat(summary["as_of"]),
                            uninsured(summary.get("insured_list"), roster, workers, roster_file),
                            shared=[SharedOriginal(WHAT.get(ex.document.kind, "多人材料"),
                                                   f.name, sha256_file(f))
                                    for f, ex in common.items() if f.is_file()],
                            bundles=bool(summary.get("evidence_bundles")))
    if joint is None:
        return []
    targets = [outdir / name for name in JOINT_FILES]
    check_batch_targets(targets, inputs, ours, force)
    html_text = render_template("joint_complaint.html.j2", {"j": joint, "for_bundle": False,
                                                           "kind_title": ""})
    write_atomic(targets[0], html_to_pdf(html_text))
    write_atomic(targets[1], convert(html_text, "docx", "社会保险费补缴联名投诉（举报）书"))
    return targets
