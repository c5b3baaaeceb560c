"""The committed demo set (``samples/demo/``): one small document per layout, telling the
stories of three fictitious workers consistently across statements and pay slips.

* **A - Dongguan factory worker** (man, born 1987): two factories since 2019; the second
  declares every worker at the minimum base while his overtime-heavy pay is about twice as
  high; three months inside that job with nothing declared although his pay slips still show
  the pension deduction; an earlier stretch back-paid; the latest month in arrears.
  Documents: L1, L3-monthly, generic, L6-xlsx, L6-sheet-pdf, L6-strips-pdf.
* **B - late registration** (woman, born 1976, Hangzhou): first contributions when she was
  over 40, the first year back-paid later. Documents: L2 (Zhejiang), L3-total, L4.
* **C - Beijing, then home to Henan** (man, born 1966): Beijing 2010-2019 with a back-paid
  year, then Zhengzhou from 2020 with arrears. Documents: L5 (Beijing part), L5-henan
  (Zhengzhou part).
* **D - a case folder** (``case-D/``): the planted scenario ``factory_minimum_base``
  (:mod:`shebao.samples.planted`; a Shanghai factory declaring the *legal* floor while pay slips
  show about twice as much, three unpaid months with the pension still withheld) with a
  ``case.yaml`` as a paralegal would start it: facts from the documents filled in, the
  addresses left empty so the drafts show what is still to be supplied (【待补充：…】).

``write_demo(DIR)`` writes the documents into ``DIR``, their truths and hidden facts
(``<file>.truth.json``, ``<file>.hidden.json``) into ``DIR/truth/``, case D into
``DIR/case-D/`` and a
``DIR/README.md`` generated from the same data (so the story and the files cannot drift).
Everything is fixed by seeds, so rewriting the set gives identical files.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from shebao.samples import Sample, generate
from shebao.samples.cli import write_truth
from shebao.samples.history import History, Plant, build_history, make_worker
from shebao.samples.payroll import only, worker_id, worker_payrolls
from shebao.samples.planted import Scenario, factory_minimum_base

# The folder, inside the demo set, of every document's truth and hidden facts (also those of
# ``case-D/``); :data:`shebao.samples.photo.TRUTH_PLACES` looks there for a PDF's truth.
TRUTH_DIR = "truth"

STATUS_ZH = {"paid": "正常", "back_paid": "补缴", "arrears": "欠缴", "unpaid": "未缴/断缴",
             "refunded": "退保"}


def worker_a() -> History:
    rng = random.Random("demo-A")
    worker = make_worker(rng, female=False, birth_year=1987)
    return build_history(rng, months=78, end="2025-06", city="dongguan", worker=worker,
                         wage_multiple=2.0,
                         plant=Plant(employers=2, min_base=True, min_base_at=-1, gap_in_job=3,
                                     gap_employer=-1, back_pay=5, arrears=1))


def worker_b() -> History:
    rng = random.Random("demo-B")
    worker = make_worker(rng, female=True, birth_year=1976)
    return build_history(rng, months=66, end="2025-06", city="hangzhou", worker=worker,
                         plant=Plant(employers=2, min_base=False, gap_in_job=0, back_pay=12,
                                     back_pay_at_start=True, arrears=0))


def worker_c() -> tuple[History, History]:
    rng = random.Random("demo-C")
    worker = make_worker(rng, female=False, birth_year=1966, home="河南")
    beijing = build_history(rng, months=120, end="2019-12", city="beijing", worker=worker,
                            plant=Plant(employers=2, min_base=False, gap_in_job=0,
                                        back_pay=10, arrears=0))
    henan = build_history(rng, months=66, end="2025-06", city="zhengzhou", worker=worker,
                          plant=Plant(employers=1, gaps_between_jobs=False, min_base=True,
                                      gap_in_job=0, back_pay=0, arrears=4))
    return beijing, henan


def write_demo(out_dir: Path) -> list[Sample]:
    out_dir = Path(out_dir)
    truth_dir = out_dir / TRUTH_DIR
    a, b = worker_a(), worker_b()
    c_beijing, c_henan = worker_c()
    gaps = [f.month for f in a.months if f.tag == "gap_in_job"]
    rng = random.Random("demo-payroll")
    # A's own pay slips: the three gap months and the months around them
    first_gap = next(i for i, f in enumerate(a.months) if f.tag == "gap_in_job")
    around = [f.month for f in a.months[first_gap - 2:first_gap + len(gaps) + 1]]
    sheets = worker_payrolls(rng, a, around, n=14)
    a_id = worker_id(a.worker, a.fact(gaps[0]).employer)
    strips = [only(p, a_id) for p in sheets]
    sheet_gap = [p for p in sheets if p.month == gaps[0]]
    sheet_last = worker_payrolls(rng, a, [a.months[-2].month], n=22)
    a_recent = replace(a, months=a.months[-30:])
    plan: list[tuple[str, str, dict]] = [
        ("L1", "A_L1_monthly_statement", {"history": a}),
        ("L3-monthly", "A_L3_pension_ranges", {"history": a}),
        ("generic", "A_generic_statement", {"history": a_recent}),
        ("L6-xlsx", "A_L6_factory_paysheet", {"payrolls": sheet_gap}),
        ("L6-sheet-pdf", "A_L6_factory_paysheet_print", {"payrolls": sheet_last}),
        ("L6-strips-pdf", "A_L6_own_payslips", {"payrolls": strips}),
        ("L2", "B_L2_zhejiang_certificate", {"history": b, "variant": "zhejiang", "window": 24}),
        ("L3-total", "B_L3_range_totals", {"history": b}),
        ("L4", "B_L4_paid_detail", {"history": b}),
        ("L5", "C_L5_beijing_annual", {"history": c_beijing}),
        ("L5-henan", "C_L5_henan_record", {"history": c_henan}),
    ]
    samples = []
    for i, (layout, name, options) in enumerate(plan, start=1):
        sample = generate(layout, 1000 + i, out_dir, name=name, **options)
        write_truth(sample, truth_dir, hidden=True)
        samples.append(sample)
    case_d = factory_minimum_base(out_dir / "case-D")
    (out_dir / "case-D" / "case.yaml").write_text(_case_yaml(case_d), encoding="utf-8")
    for sample in case_d.documents:
        write_truth(sample, truth_dir, hidden=True)
        samples.append(sample)
    (out_dir / "README.md").write_text(_readme(samples, a, b, c_beijing, c_henan, gaps),
                                       encoding="utf-8")
    return samples


def _case_yaml(scenario: Scenario) -> str:
    """case.yaml of the demo case: what the documents show, addresses still to be supplied."""
    h = scenario.history
    factory = next(e for e in h.employers if e.declares_minimum)
    months = [f.month for f in h.months if f.employer == factory]
    w = h.worker
    return "\n".join([
        "# 演示案件（虚构人物和单位）demo case, fictitious people and companies",
        "worker:",
        f"  name: {w.name}",
        f"  gender: {'女' if w.female else '男'}",
        f'  id_number: "{w.id_number}"',
        f"  hukou: {w.hukou}",
        "  phone:",
        "  address:",
        "employer:",
        f"  name: {factory.name}",
        f'  credit_code: "{factory.credit_code}"',
        "  address:",
        "  legal_representative:",
        "employment:",
        f"  - start: {months[0]}",
        f"    end: {months[-1]}",
        "    position: 生产线操作工",
        f"insured_place: {h.city.name}",
        "requests: [complaint, arbitration]",
        "",
    ])


def _readme(samples: list[Sample], a: History, b: History, cb: History, ch: History,
            gaps: list[str]) -> str:
    def who(h: History) -> str:
        w = h.worker
        return (f"{w.name}（{'女' if w.female else '男'}，{w.birth.year}年生，户籍{w.hukou}，"
                f"身份证号 {w.id_number}，测试用虚构号码）")

    def tags(h: History, tag: str) -> str:
        months = [f.month for f in h.months if f.tag == tag]
        return f"{months[0]}~{months[-1]}（{len(months)}个月）" if months else "无"

    floor_emp = next(e for e in a.employers if e.declares_minimum)
    lines = [
        "# 演示样本 Demo set",
        "",
        "全部为合成的测试样本（测试样本 SPECIMEN），人物、单位、号码均为虚构。",
        "All documents are synthetic specimens; people, companies and numbers are fictitious.",
        "Regenerate with `shebao samples generate -o samples/demo --demo` (deterministic).",
        f"Ground truth (`shebao.extract/1`) for each file is in `{TRUTH_DIR}/<file>.truth.json`;",
        "what happened behind it (true wages, planted problems; `shebao.samples.hidden/1`)",
        f"in `{TRUTH_DIR}/<file>.hidden.json`.",
        "",
        "## 人物与故事 Workers",
        "",
        f"- **A** {who(a)}：{a.first}至{a.last}在{a.city.name}工作；"
        f"{floor_emp.name}按最低基数申报，工资条显示的加班工资约为基数的两倍；"
        f"在职断缴 {tags(a, 'gap_in_job')}，工资条仍扣养老保险；补缴 {tags(a, 'back_pay')}；"
        f"欠缴 {tags(a, 'arrears')}。",
        f"- **B** {who(b)}：{b.first}起在{b.city.name}参保"
        f"（时年{int(b.first[:4]) - b.worker.birth.year}岁），"
        f"补缴 {tags(b, 'back_pay')}。",
        f"- **C** {who(cb)}：{cb.first}至{cb.last}在北京参保（补缴 {tags(cb, 'back_pay')}），"
        f"{ch.first}起回河南郑州参保，欠缴 {tags(ch, 'arrears')}。",
        "- **D** 案件文件夹 `case-D/`：上海某工厂按最低缴费基数申报，"
        "工资条显示的工资约为基数的两倍；三个月未缴费但工资条仍扣养老保险。"
        "`case.yaml` 只填了材料上能看到的事实，地址等留空，"
        "文书中显示为【待补充：…】。",
        "",
        "## 文件 Files",
        "",
        "| 文件 file | 版式 layout | 页数 pages | 记录 records |",
        "|---|---|---|---|",
    ]
    for s in samples:
        t = s.truth
        n = len(t.contributions) or len(t.annual) or len(t.payslips)
        kind = "contributions" if t.contributions else "annual" if t.annual else "payslips"
        name = s.path.relative_to(s.path.parents[1]).as_posix() if s.path.parent.name == (
            "case-D") else s.path.name
        lines.append(f"| {name} | {s.layout} | {t.document.pages} | {n} {kind} |")
    lines.append("")
    lines.append(f"A 的在职断缴月份 gap months with pay slips: {', '.join(gaps)}")
    lines.append("")
    return "\n".join(lines)
