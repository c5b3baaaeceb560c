"""Benchmark: is reading linear in size? Pay sheets of 2k/10k/100k rows, statements of
10/200/2,000 pages (issue 10, point 4: a 100,000-row pay sheet within a minute, a 2,000-page
text PDF at the per-page speed of a 10-page one).

    .venv/bin/python bench/bench_linear.py [--rows 2000 10000 100000] [--pages 10 200 2000]
                                           [--formats csv xlsx xlsx-inline] [--distinct]

Each input is read by ``shebao extract`` in a fresh process (the real command, imports
included, as a user runs it); prints wall and CPU seconds, CPU microseconds per row or
milliseconds per page (net of the start-up: the CPU time to read a 2-row sheet), the ratio to
the smallest size's rate, and the process's peak resident memory. The pay sheet is a plain
工资表 (title with the month, 工号/姓名/部门, earnings, deductions, net; every row adds up);
the statement is a generated 10-page L1 statement repeated (pypdf). ``xlsx`` is written as
Excel and WPS write it (text in the shared-string table); ``xlsx-inline`` as scripts often do
(openpyxl's write-only mode: inline strings, which openpyxl reads about 3x slower). Not a
test: figures go in the notes.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAD = ["工号", "姓名", "部门", "基本工资", "加班费", "应发工资", "养老保险", "医疗保险",
        "失业保险", "住房公积金", "个人所得税", "实发工资"]


def pay_rows(n: int) -> list[list[str]]:
    rng = random.Random(n)
    rows = []
    for i in range(n):
        basic = 2000 + rng.randrange(0, 300000) / 100
        ot = rng.randrange(0, 100000) / 100
        gross = round(basic + ot, 2)
        base = 4000 + rng.randrange(0, 4000)
        d = [round(base * 0.08, 2), round(base * 0.02, 2), round(base * 0.005, 2), 0.0,
             rng.randrange(0, 5000) / 100]
        rows.append([f"A{i:06d}", "张王李赵"[i % 4] + "一二三四五六七"[i % 7] + "甲乙丙"[i % 3],
                     ("注塑部", "装配一线", "仓库")[i % 3], f"{basic:.2f}", f"{ot:.2f}",
                     f"{gross:.2f}", *[f"{x:.2f}" for x in d], f"{gross - sum(d):.2f}"])
    return rows


def write_pay_sheet(path: Path, n: int) -> Path:
    rows = pay_rows(n)
    title = "2025年6月工资表"
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow([title])
            out.writerow(HEAD)
            out.writerows(rows)
    else:
        from openpyxl import Workbook

        inline = path.name.endswith(".inline.xlsx")
        wb = Workbook(write_only=inline)
        if inline:
            ws = wb.create_sheet("工资表")
        else:
            ws = wb.active
            ws.title = "工资表"
        ws.append([title])
        ws.append(HEAD)
        for row in rows:
            ws.append(row[:3] + [float(x) for x in row[3:]])
        wb.save(path)
    return path


def write_statement(folder: Path, pages: int, distinct: bool = False) -> Path:
    """The 10 pages of a generated L1 statement repeated to ``pages`` pages. Repeated pages
    share their content streams (a reader decodes each once); with ``distinct`` each copy
    of the 10 pages is taken from the file anew, so each page has content streams (and
    fonts) of its own, as in a real long statement, whose pages a reader must each decode
    and may keep."""
    import pypdf
    from shebao.samples import generate

    sample = generate("L1", 1, folder, months=355)  # 10 pages of L1
    reader = pypdf.PdfReader(sample.path)
    writer = pypdf.PdfWriter()
    while len(writer.pages) < pages:
        if distinct:
            reader = pypdf.PdfReader(sample.path)
        for page in reader.pages[: pages - len(writer.pages)]:
            writer.add_page(page)
    path = folder / f"statement-{pages}p{'-distinct' if distinct else ''}.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def run(path: Path, out: Path) -> tuple[float, float, float, str]:
    """``shebao extract`` in a fresh process: wall seconds, CPU seconds, peak RSS (MiB), last
    line."""
    shebao = Path(sys.executable).with_name("shebao")
    started = time.perf_counter()
    proc = subprocess.Popen([str(shebao), "extract", str(path), "-o", str(out), "--force"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    text = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    last = (text.strip().splitlines() or [""])[-1]
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, ("ok" if proc.returncode == 0 else last[:120])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="*", default=[2000, 10000, 100000])
    ap.add_argument("--pages", type=int, nargs="*", default=[10, 200, 2000])
    ap.add_argument("--formats", nargs="*", default=["csv", "xlsx"])
    ap.add_argument("--distinct", action="store_true",
                    help="each statement page with a content stream of its own")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="shebao-linear-") as tmp:
        folder = Path(tmp)
        # what every run pays before reading (interpreter, imports): taken off the rates
        start = min(run(write_pay_sheet(folder / "pay-2.csv", 2), folder / "out.json")[1]
                    for _ in range(2))
        print(f"start-up (a 2-row sheet): {start:.1f} s CPU, taken off the rates below "
              "(rates are CPU time: on a shared machine wall time says little)")
        for fmt in args.formats:
            base = None
            for n in args.rows:
                suffix = "inline.xlsx" if fmt == "xlsx-inline" else fmt
                path = write_pay_sheet(folder / f"pay-{n}.{suffix}", n)
                wall, cpu, mb, state = run(path, folder / "out.json")
                rate = max(cpu - start, 1e-3) / n * 1e6
                base = base or rate
                print(f"pay sheet {fmt:11} {n:7,} rows: {wall:7.1f} s wall {cpu:7.1f} s CPU  "
                      f"{rate:7.0f} µs/row  "
                      f"x{rate / base:4.2f}  peak {mb:5.0f} MB  {state}", flush=True)
                path.unlink()
        base = None
        for pages in args.pages:
            path = write_statement(folder, pages, args.distinct)
            wall, cpu, mb, state = run(path, folder / "out.json")
            rate = max(cpu - start, 1e-3) / pages * 1e3
            base = base or rate
            print(f"statement {pages:5} pages: {wall:7.1f} s wall {cpu:7.1f} s CPU  "
                  f"{rate:7.0f} ms/page  "
                  f"x{rate / base:4.2f}  peak {mb:5.0f} MB  {state}", flush=True)
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
