"""One output rule for every command that writes a file the user names (:mod:`shebao.outputs`):
``audit --html``, ``draft -o``, ``bundle -o``, ``batch -o`` (``extract -o``:
``tests/ingest/test_cli_output.py``).

* an output typed ending in ``/`` (or naming an existing folder) means "into that folder";
* nothing is ever written over an input file: refused in one Chinese line naming it, exit 2,
  the original byte for byte unchanged;
* a folder typed where a file of that name exists, or a path that cannot be written, is one
  line naming it (no traceback).

Input: the committed demo statement of worker A (``samples/demo/A_L1_monthly_statement.pdf``),
audited for real, in a case folder of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from pathlib import Path

import pytest

from shebao.cli import main

DEMO = Path(__file__).resolve().parents[1] / "samples" / "demo"
STATEMENT = DEMO / "A_L1_monthly_statement.pdf"
AS_OF = "2025-10-15"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> dict:
    """A case folder holding the statement, and its audit (``shebao audit --json``)."""
    case_dir = tmp_path_factory.mktemp("案件")
    statement = case_dir / STATEMENT.name
    shutil.copy(STATEMENT, statement)
    audit_file = tmp_path_factory.mktemp("work") / "audit.json"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["audit", str(statement), "--json", "--as-of", AS_OF]) == 0
    audit_file.write_text(out.getvalue(), "utf-8")
    return {"dir": case_dir, "statement": statement, "audit": audit_file}


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in err
    return lines[0]


# --- audit --html -------------------------------------------------------------------------

def test_audit_html_over_the_input_pdf_is_refused_and_the_pdf_kept(case, tmp_path, capsys):
    statement = tmp_path / STATEMENT.name
    shutil.copy(STATEMENT, statement)
    code, _, err = run(capsys, "audit", statement, "--as-of", AS_OF, "--html", statement)
    assert code == 2
    line = _one_error_line(err)
    assert str(statement) in line and "原件" in line
    assert _digest(statement) == _digest(STATEMENT)


def test_audit_html_over_the_employment_file_is_refused(tmp_path, capsys):
    periods = tmp_path / "periods.csv"
    periods.write_text("employer,start,end\n某厂,2012-01,2014-12\n", "utf-8")
    before = periods.read_bytes()
    code, _, err = run(capsys, "audit", STATEMENT, "--as-of", AS_OF, "--employment", periods,
                       "--html", periods)
    assert code == 2 and "原件" in _one_error_line(err)
    assert periods.read_bytes() == before


@pytest.mark.parametrize("existing", [False, True])
def test_audit_html_into_a_folder_writes_a_report_named_after_the_document(
        tmp_path, capsys, existing):
    folder = tmp_path / "报告"
    if existing:
        folder.mkdir()
    typed = str(folder) if existing else f"{folder}/"
    code, out, _ = run(capsys, "audit", STATEMENT, "--as-of", AS_OF, "--html", typed)
    assert code == 0
    assert folder.is_dir()
    assert [p.name for p in folder.iterdir()] == [f"{STATEMENT.stem}.html"]
    assert "<html" in (folder / f"{STATEMENT.stem}.html").read_text("utf-8").lower()
    assert str(folder / f"{STATEMENT.stem}.html") in out


def test_audit_html_folder_where_a_file_of_that_name_exists_is_one_line(tmp_path, capsys):
    clash = tmp_path / "报告"
    clash.write_text("earlier", "utf-8")
    code, _, err = run(capsys, "audit", STATEMENT, "--as-of", AS_OF, "--html", f"{clash}/")
    assert code == 2
    line = _one_error_line(err)
    assert str(clash) in line and "同名的文件" in line
    assert clash.read_text("utf-8") == "earlier"


def test_audit_html_that_cannot_be_written_is_one_line(tmp_path, capsys):
    (tmp_path / "a-file").write_text("", "utf-8")
    code, _, err = run(capsys, "audit", STATEMENT, "--as-of", AS_OF, "--html",
                       tmp_path / "a-file" / "r.html")
    assert code == 2
    line = _one_error_line(err)
    assert "无法写入输出" in line and "a-file" in line


# --- draft / bundle -------------------------------------------------------------------------

def test_draft_of_one_kind_into_a_folder(case, tmp_path, capsys):
    folder = tmp_path / "文书"
    code, out, err = run(capsys, "draft", case["dir"], "--kind", "complaint", "-o", f"{folder}/",
                         "--audit", case["audit"])
    assert code == 0, err
    (written,) = folder.iterdir()
    assert written.suffix == ".docx" and str(written) in out


def test_draft_all_into_a_new_folder_typed_with_a_slash(case, tmp_path, capsys):
    folder = tmp_path / "new" / "文书"
    code, _, err = run(capsys, "draft", case["dir"], "--kind", "all", "-o", f"{folder}/",
                       "--format", "md", "--audit", case["audit"])
    assert code == 0, err
    assert len(list(folder.glob("*.md"))) >= 4


def test_draft_over_the_audit_file_is_refused(case, tmp_path, capsys):
    audit = tmp_path / "audit.md"  # an input that has a draft's suffix
    shutil.copy(case["audit"], audit)
    before = audit.read_bytes()
    code, _, err = run(capsys, "draft", case["dir"], "--kind", "complaint", "-o", audit,
                       "--audit", audit)
    assert code == 2 and "原件" in _one_error_line(err)
    assert audit.read_bytes() == before


def test_bundle_into_a_folder_is_named_after_the_case(case, tmp_path, capsys):
    folder = tmp_path / "证据"
    code, out, err = run(capsys, "bundle", case["dir"], "-o", f"{folder}/",
                         "--audit", case["audit"])
    assert code == 0, err
    pdf = folder / f"{case['dir'].name}-证据材料.pdf"
    assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-"
    assert (folder / f"{pdf.stem}.manifest.json").is_file()
    assert str(pdf) in out


def test_bundle_folder_where_a_file_of_that_name_exists_is_one_line(case, tmp_path, capsys):
    clash = tmp_path / "证据"
    clash.write_text("earlier", "utf-8")
    code, _, err = run(capsys, "bundle", case["dir"], "-o", f"{clash}/", "--audit", case["audit"])
    assert code == 2 and "同名的文件" in _one_error_line(err)
    assert clash.read_text("utf-8") == "earlier"


# --- batch ----------------------------------------------------------------------------------

def test_batch_output_that_is_a_file_is_one_chinese_line(tmp_path, capsys):
    clash = tmp_path / "结果"
    clash.write_text("earlier", "utf-8")
    code, _, err = run(capsys, "batch", STATEMENT, "-o", clash, "--as-of", AS_OF, "--no-ocr")
    assert code == 2
    line = _one_error_line(err)
    assert str(clash) in line and "同名的文件" in line
    assert clash.read_text("utf-8") == "earlier"


def test_batch_never_writes_over_its_roster(tmp_path, capsys):
    out = tmp_path / "结果"
    out.mkdir()
    roster = out / "factory_summary.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "工号"])
    wb.active.append(["张三", "A001"])
    wb.save(roster)
    before = roster.read_bytes()
    code, _, err = run(capsys, "batch", STATEMENT, "-o", out, "--roster", roster,
                       "--as-of", AS_OF, "--no-ocr")
    assert code == 2
    assert "原件" in err.strip().splitlines()[-1]
    assert roster.read_bytes() == before


# --- samples --------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["samples", "generate", "--layout", "L1"],
    ["samples", "bad"],
    ["samples", "factory", "--workers", "1"],
    ["samples", "photo", STATEMENT],
])
def test_samples_output_folder_that_cannot_be_made_is_one_line(command, tmp_path, capsys):
    (tmp_path / "a-file").write_text("kept", "utf-8")
    code, _, err = run(capsys, *command, "-o", tmp_path / "a-file" / "out")
    assert code == 2
    line = _one_error_line(err)
    assert "无法写入输出" in line and str(tmp_path / "a-file" / "out") in line
    assert (tmp_path / "a-file").read_text("utf-8") == "kept"
