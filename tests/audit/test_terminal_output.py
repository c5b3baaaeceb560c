"""``shebao audit`` in the terminal: drawn at the console's width (80 and 140 columns here, as
rich's Console with a fixed width), plain text when piped, and the same titles and severities
as the documents (``reports/labels.yaml``, one vocabulary)."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from shebao.audit.engine import Options, audit_files
from shebao.audit.summary import print_audit, write_html
from shebao.reports.legal import labels

from shebao.cli import main

DEMO = Path(__file__).resolve().parents[2] / "samples" / "demo"
FILES = [DEMO / "A_L1_monthly_statement.pdf", DEMO / "A_L6_own_payslips.pdf"]
AS_OF = "2025-10-15"


@pytest.fixture(scope="module")
def result():
    from datetime import date

    (r,), errors = audit_files([FILES], Options(as_of=date.fromisoformat(AS_OF), ocr=False))
    assert not errors
    return r


def _printed(result, width: int) -> list[str]:
    con = Console(width=width, file=io.StringIO(), color_system=None, highlight=False)
    print_audit(result, con)
    return con.file.getvalue().splitlines()


@pytest.mark.parametrize("width", [80, 140])
def test_nothing_wider_than_the_console_and_every_row_whole(result, width) -> None:
    lines = _printed(result, width)
    assert max(cell_len(line) for line in lines) <= width
    lab = labels()
    rows = [line for line in lines if re.match(r"\s*\d+\s+(严重|较重|一般|提示)\s", line)]
    assert len(rows) == len(result.findings)
    for n, (f, row) in enumerate(zip(result.findings, rows, strict=True), 1):
        # number, severity, title, months and amounts on one line: readable at 80 columns
        cells = row.split()
        assert cells[:3] == [str(n), lab.severity(f.severity), lab.title(f)], row
        if f.amount is not None:
            assert f"{f.amount:,.2f}" in cells and f"{f.late_fee:,.2f}" in cells, row
        if f.months:  # the month count in its own column, after the months
            assert cells[-3 if f.amount is not None else -1] == str(len(f.months)), row
    # each explanation follows, numbered, with its whole message (folded, not cut)
    text = "".join(line.strip() for line in lines)
    for n, f in enumerate(result.findings, 1):
        assert f"{n}．{lab.title(f)}：{f.message.replace(' ', '')}" in text.replace(" ", "")


@pytest.mark.parametrize("width", [60, 80, 97])
def test_explanations_never_break_a_number_or_a_month(result, width) -> None:
    """Lines break after a Chinese character or at a space, never inside ``2024-07``,
    ``1,562.24`` or ``2025-10-15`` (a paralegal copies these figures from the screen)."""
    lines = [line for line in _printed(result, width) if line.startswith("  ")]
    for before, after in itertools.pairwise(lines):
        if re.match(r"\s*\d+．", after):  # the next numbered explanation
            continue
        cut = re.search(r"[\d,.-]$", before.rstrip()) and re.match(r"[\d,.-]", after.strip())
        assert not cut, (before, after)
        assert not before.rstrip().endswith("（"), before


def test_piped_output_is_plain_and_80_columns(capsys, monkeypatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert main(["audit", *map(str, FILES), "--as-of", AS_OF, "--no-ocr"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_titles_are_unique_and_the_documents_say_the_same(result, tmp_path) -> None:
    lab = labels()
    titles = [lab.title(f) for f in result.findings]
    assert len(titles) == len(set(titles)), titles
    assert "待遇领取地" in titles and "换工作间隔未缴费" in titles
    html = tmp_path / "r.html"
    write_html(result, html, FILES)
    page = html.read_text(encoding="utf-8")
    shown = re.findall(r"<strong>（\d+）([^<]+)</strong>", page)
    assert shown == titles
    assert "临时缴费账户风险" not in page  # this worker has no temporary account
    # the documents' findings (drafts) carry the same severity words as the terminal rows
    from shebao.audit.summary import case_of
    from shebao.reports.context import build_context

    views = build_context(case_of(result), result, [], mask_ids=True).findings
    rows = [line.split()[:3] for line in _printed(result, 140)
            if re.match(r"\s*\d+\s+(严重|较重|一般|提示)\s", line)]
    assert [[str(n), v.severity_label, v.title] for n, v in enumerate(views, 1)] == rows
