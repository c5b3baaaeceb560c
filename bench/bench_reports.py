"""Reports benchmark: time to draft each document kind in each format, and to build evidence
bundles (small: the Dongguan test case; larger: the same plus 20 phone photos and a 40-page
PDF), with page counts, file sizes and peak memory. Prints figures; asserts nothing.

Run: .venv/bin/python bench/bench_reports.py
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader, PdfWriter  # noqa: E402
from shebao.reports.bundle import build_bundle  # noqa: E402
from shebao.reports.formats import FORMATS, convert  # noqa: E402
from shebao.reports.prepare import prepare  # noqa: E402
from shebao.reports.templating import KINDS, render  # noqa: E402

from tests.reports.casefactory import build_case  # noqa: E402


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    try:
        built = build_case(work)
        prepared = prepare(built.case_dir, built.audit_file)
        html = render("findings", prepared.context)
        convert(html, "pdf", "warm-up")  # first WeasyPrint call loads Pango and fonts
        print(f"{'kind':<15}" + "".join(f"{fmt:>9}" for fmt in FORMATS) + "   (seconds)")
        for kind, spec in KINDS.items():
            row = f"{kind:<15}"
            for fmt in FORMATS:
                start = time.perf_counter()
                convert(render(kind, prepared.context), fmt, spec.title)
                row += f"{time.perf_counter() - start:9.3f}"
            print(row)

        start = time.perf_counter()
        result = build_bundle(prepared, work / "small.pdf", with_zip=True)
        took = time.perf_counter() - start
        print(f"bundle small: {result.pages} pages, {len(prepared.originals.files)} originals, "
              f"{took:.2f} s, pdf {result.pdf.stat().st_size / 1024:.0f} KiB, "
              f"zip {result.zip.stat().st_size / 1024:.0f} KiB")

        # larger: 20 photos and a 40-page statement (the 2-page one repeated)
        big = work / "big"
        shutil.copytree(built.case_dir, big)
        (big / "case.yaml").unlink()
        for i in range(20):
            shutil.copy(big / "payslip-2020-03.jpg", big / f"photo-{i:02d}.jpg")
        writer = PdfWriter()
        for _ in range(20):
            for page in PdfReader(built.case_dir / "statement.pdf").pages:
                writer.add_page(page)
        with open(big / "statement.pdf", "wb") as handle:
            writer.write(handle)
        prepared = prepare(big, built.audit_file)
        start = time.perf_counter()
        result = build_bundle(prepared, work / "big.pdf")
        took = time.perf_counter() - start
        print(f"bundle large: {result.pages} pages, {len(prepared.originals.files)} originals, "
              f"{took:.2f} s ({took / result.pages * 1000:.0f} ms/page), "
              f"pdf {result.pdf.stat().st_size / 1024 / 1024:.1f} MiB")
        print(f"peak RSS: {_peak_mib():.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
