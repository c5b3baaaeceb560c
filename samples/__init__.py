"""shebao.samples: synthetic statements and pay slips with ground truth (``shebao.extract/1``).

Contract with the reader (``shebao.ingest``)::

    from shebao.samples import LAYOUTS, generate
    sample = generate("L1", seed=7, out_dir=Path("/tmp/s"), months=60)
    sample.path    # the written document
    sample.truth   # shebao.records.Extract: exactly what a perfect reader extracts
    sample.layout  # "L1"
    sample.hidden  # what happened: true wages, planted problems (shebao.samples.hidden/1)

* Deterministic: the same layout + seed + options give byte-identical documents and truth
  (reportlab ``invariant=1``; randomness only from ``random.Random(f"{layout}:{seed}")``).
* ``LAYOUTS`` lists the layout ids under the reader's accuracy bar; ``EXTRA_LAYOUTS`` further
  ones ``generate`` also writes (variants worth adding later, formats.md §6); each maps to a
  renderer in :mod:`shebao.samples.layouts`.
* Options (unknown ones are ignored): ``name`` (file stem, default ``<layout>_<seed:04d>``),
  ``watermark`` (``text``: in the text layer, ``outline``: vector paths; random by default),
  and for statements ``months``, ``end``, ``history``, ``plant`` (see
  :mod:`shebao.samples.layouts.common`). Per layout: L1 ``newest_first``, ``fullwidth``;
  L2 ``variant`` (zhejiang|jiangsu), ``window`` (24|48 months), ``newest_first``; L3
  ``back_pay_last``, ``period`` (columns|range|slash, L3-monthly); L4 ``newest_first``;
  L5-henan ``years``; L6 ``payrolls``, ``employees``, ``month``, ``city``, ``title_rows``
  (xlsx), ``slip_header`` (strips), ``encoding`` (csv); generic ``arrangement`` (long|wide),
  ``fullwidth``; all official-style PDFs ``font`` (serif|sans).
* A combination that would print no data row (e.g. L5-henan over less than a full calendar
  year) raises ``ValueError`` and writes nothing.

Layouts (formats.md §6), one renderer module each under ``layouts/``:

=============  =====================  ====================================================
id             module                 what it exercises
=============  =====================  ====================================================
L1             l1_shenzhen            monthly wide, 18 columns, code table, ``*`` 补缴, gaps
L2             l2_certificate         recent 24/48 months, padded pages, status words
L3-total       l3_ranges              range rows, amounts are range totals
L3-monthly     l3_ranges              range rows, amounts per month
L4             l4_hunan               long month x 险种, wrapped names, 补收, 到账日期
L5             l5_annual              Beijing per-year aggregates, landscape
L5-henan       l5_annual              12 month rows a year, ●/△/○/- markers
L6-xlsx        l6_payroll             工资表 with merged two-level header, 合计
L6-sheet-pdf   l6_payroll             the same sheet printed
L6-strips-pdf  l6_payroll             工资条 strips, header repeated per employee
generic        generic                unseen title/order, vocabulary only
shanghai-grid  shanghai_grid          (extra) 60-month status grid, 3 column sets, no money
checklist      checklist              (extra) two range records a line, √ per 险种, masked ID
hubei-dual     hubei_dual             (extra) 近12个月 in two column sets, newest first
L6-csv         l6_payroll             (extra) the pay sheet as CSV, UTF-8 with BOM or GBK
shenzhen-new   shenzhen_new           (extra) 近两年 bases only, 档次/险种 codes, code list
paysheet-*     open_paysheet          (extra) xlsx/pdf/docx pay sheets composed at random:
                                      unknown earnings items, 代扣 group over short labels,
                                      factory deductions, formulas without cached values
slip-*         slip_pairs             (extra) pdf/docx single slips as label : value pairs
insured-list-* insured_list           (extra) pdf/docx 参保人员名单 in four shapes
L2-docx        l2_certificate         (extra) the L2 certificate as a Word file: merged
                                      two-level header, a seal picture
=============  =====================  ====================================================

Layouts no profile knows are composed at random by :mod:`shebao.samples.unseen`
(``shebao samples unseen``): not a layout id here, a generator of layouts, for testing that the
reader works from what columns hold rather than from profiles.

The hidden truth is a :class:`~shebao.samples.history.History` (worker, employers, one fact
per month, with planted problems) and, for pay sheets, a
:class:`~shebao.samples.payroll.Payroll`. Illustrative rates and bases live in
``illustrative.yaml`` - not legal values.

Truth semantics are those of ``docs/contracts.md`` and the module docstring of
:mod:`shebao.records`; what each layout shows (and hence puts in its truth) is in the module
docstring of its renderer; ``warnings`` are always empty in the truth.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass
from pathlib import Path

from shebao.files import sha256_file
from shebao.records import Document, Extract

# layout id -> ("module:function" under shebao.samples.layouts, file suffix)
RENDERERS: dict[str, tuple[str, str]] = {
    "L1": ("l1_shenzhen:render", ".pdf"),
    "L2": ("l2_certificate:render", ".pdf"),
    "L3-total": ("l3_ranges:render_total", ".pdf"),
    "L3-monthly": ("l3_ranges:render_monthly", ".pdf"),
    "L4": ("l4_hunan:render", ".pdf"),
    "L5": ("l5_annual:render_beijing", ".pdf"),
    "L5-henan": ("l5_annual:render_henan", ".pdf"),
    "L6-xlsx": ("l6_payroll:render_xlsx", ".xlsx"),
    "L6-sheet-pdf": ("l6_payroll:render_sheet_pdf", ".pdf"),
    "L6-strips-pdf": ("l6_payroll:render_strips_pdf", ".pdf"),
    "generic": ("generic:render", ".pdf"),
    # extra layouts: not (yet) under the reader's accuracy bar
    "shanghai-grid": ("shanghai_grid:render", ".pdf"),
    "checklist": ("checklist:render", ".pdf"),
    "hubei-dual": ("hubei_dual:render", ".pdf"),
    "L6-csv": ("l6_payroll:render_csv", ".csv"),
    "shenzhen-new": ("shenzhen_new:render", ".pdf"),
    # pay sheets as companies write them, slips as label : value pairs, employer-side lists
    "paysheet-xlsx": ("open_paysheet:render_xlsx", ".xlsx"),
    "paysheet-pdf": ("open_paysheet:render_pdf", ".pdf"),
    "paysheet-docx": ("open_paysheet:render_docx", ".docx"),
    "slip-pdf": ("slip_pairs:render_pdf", ".pdf"),
    "slip-docx": ("slip_pairs:render_docx", ".docx"),
    "insured-list-pdf": ("insured_list:render_pdf", ".pdf"),
    "insured-list-docx": ("insured_list:render_docx", ".docx"),
    # a certificate handed over as a Word file (case folders, bundles)
    "L2-docx": ("l2_certificate:render_docx", ".docx"),
}
# composed at random from word lists of their own (see their modules); tested in
# tests/ingest/test_paysheets.py rather than under the statement accuracy bar
OPEN_LAYOUTS: tuple[str, ...] = ("paysheet-xlsx", "paysheet-pdf", "paysheet-docx", "slip-pdf",
                                 "slip-docx", "insured-list-pdf", "insured-list-docx")
EXTRA_LAYOUTS: tuple[str, ...] = ("shanghai-grid", "checklist", "hubei-dual", "L6-csv",
                                  "shenzhen-new", "L2-docx", *OPEN_LAYOUTS)
LAYOUTS: tuple[str, ...] = tuple(k for k in RENDERERS if k not in EXTRA_LAYOUTS)
# generator layout -> the reader's profile (``ingest/layouts/<id>.yaml``) that must recognise
# it, where the two names differ (variants of one real layout); scorers compare
# ``document.layout`` through :func:`profile_of`.
PROFILES: dict[str, str] = {
    "L3-total": "L3", "L3-monthly": "L3",
    "L6-xlsx": "L6", "L6-sheet-pdf": "L6", "L6-strips-pdf": "L6",
    # no profile knows an unseen layout: the generic reader must take it (a profile claiming
    # one would apply its own column semantics to a table it was not made for)
    "unseen": "generic",
}
# generator layouts no profile is made for (samples/unseen): any profile may read them
UNPROFILED: tuple[str, ...] = ("unseen",)


def profile_of(layout: str) -> str | None:
    """The reader profile expected for a generated document of ``layout``; None when no
    particular one is (a layout no profile was made for)."""
    return None if layout in UNPROFILED else PROFILES.get(layout, layout)


@dataclass(frozen=True)
class Sample:
    path: Path
    truth: Extract
    layout: str
    # what happened behind the document (schema shebao.samples.hidden/1, see .hidden)
    hidden: dict | None = None




def generate(layout: str, seed: int, out_dir: Path, **options) -> Sample:
    """Write one synthetic document of ``layout`` into ``out_dir`` and return it with truth."""
    if layout not in RENDERERS:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}")
    target, suffix = RENDERERS[layout]
    module_name, function = target.split(":")
    render = getattr(importlib.import_module(f"shebao.samples.layouts.{module_name}"), function)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = options.pop("name", None) or f"{layout}_{seed:04d}"
    path = out_dir / f"{stem}{suffix}"
    rng = random.Random(f"{layout}:{seed}")
    rendered = render(rng, path, **options)
    if not (rendered.contributions or rendered.annual or rendered.payslips
            or rendered.insured):
        path.unlink(missing_ok=True)
        raise ValueError(f"{layout} seed {seed}: the document would have no data rows "
                         f"(history too short for this layout?); use more months")
    truth = Extract(
        document=Document(file=path.name, sha256=sha256_file(path), kind=rendered.kind,
                          layout=layout, method="text", pages=rendered.pages),
        person=rendered.person,
        contributions=rendered.contributions,
        annual=rendered.annual,
        payslips=rendered.payslips,
        insured=rendered.insured,
    )
    from shebao.samples.hidden import hidden_json

    return Sample(path=path, truth=truth, layout=layout,
                  hidden=hidden_json(rendered.history, rendered.payrolls))
