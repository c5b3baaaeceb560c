"""Paths confined (issue 10, point 3) and one output rule (issue 11, output naming).

Originals named by a case resolve inside the case folder (links included); ZIP members are
plain relative names under 原件/; outputs are never written through a link, never over an
input, never (without ``--force``) over an existing file whose name the command derived; a
derived name is safe and bounded. Each test failed before the change it pins.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from shebao.cli import main
from shebao.outputs import NAME_BYTES, safe_name, unique_names

DEMO = Path(__file__).resolve().parents[2] / "samples" / "demo"
ONE_PAGE = DEMO / "A_L3_pension_ranges.pdf"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line(err: str) -> str:
    lines = [x for x in err.strip().splitlines() if x.startswith("错误")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.fixture
def case(tmp_path) -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    shutil.copy(ONE_PAGE, folder / "statement.pdf")
    return folder


@pytest.mark.parametrize("entry", ["../outside.pdf", "../../outside.pdf", "ABSOLUTE"])
def test_case_yaml_cannot_name_a_file_outside_the_case(case, tmp_path, capsys, entry):
    outside = tmp_path / "outside.pdf"
    shutil.copy(ONE_PAGE, outside)
    shutil.copy(ONE_PAGE, tmp_path.parent / "outside.pdf")
    entry = str(outside) if entry == "ABSOLUTE" else entry
    (case / "case.yaml").write_text(f"evidence:\n  - {{file: '{entry}'}}\n", "utf-8")
    code = main(["bundle", str(case), "-o", str(tmp_path / "b.pdf"), "--zip"])
    err = capsys.readouterr().err
    assert code == 2 and "不在案件文件夹内" in _one_line(err) and entry in err
    assert not (tmp_path / "b.pdf").exists() and not (tmp_path / "b.zip").exists()


def test_documents_group_cannot_name_a_file_outside_the_case(case, tmp_path, capsys):
    (case / "case.yaml").write_text("documents:\n  - files: [../x.pdf]\n", "utf-8")
    shutil.copy(ONE_PAGE, tmp_path / "x.pdf")
    assert main(["case", "check", str(case)]) == 2
    assert "不在案件文件夹内" in _one_line(capsys.readouterr().err)


def test_a_link_in_the_case_to_a_file_elsewhere_is_refused(case, tmp_path, capsys):
    secret = tmp_path / "secret.csv"
    secret.write_text("姓名,身份证号\n张三,430521197804120027\n", "utf-8")
    (case / "linked.csv").symlink_to(secret)
    code = main(["bundle", str(case), "-o", str(tmp_path / "b.pdf"), "--zip"])
    err = capsys.readouterr().err
    assert code == 2 and "linked.csv" in _one_line(err) and "不在案件文件夹内" in err
    assert not (tmp_path / "b.zip").exists()


def test_a_link_inside_the_case_is_accepted(case, tmp_path):
    (case / "again.pdf").symlink_to(case / "statement.pdf")
    from shebao.reports.case import load_case
    from shebao.reports.originals import find_originals

    names = [o.name for o in find_originals(case, load_case(case)).files]
    assert names == ["again.pdf", "statement.pdf"]


@pytest.mark.parametrize("name", ["../../etc/x.pdf", "/etc/x.pdf", "a/../../x.pdf", "C:/x.pdf",
                                  ""])
def test_zip_member_names_are_plain_relative(name):
    from shebao.reports.bundle import zip_member

    from shebao.errors import InputError

    with pytest.raises(InputError):
        zip_member(name)


def test_zip_members_of_a_bundle_stay_under_originals(case, tmp_path):
    sub = case / "照片"
    sub.mkdir()
    shutil.copy(ONE_PAGE, sub / "第二份.pdf")
    assert main(["bundle", str(case), "-o", str(tmp_path / "b.pdf"), "--zip"]) == 0
    names = zipfile.ZipFile(tmp_path / "b.zip").namelist()
    originals = [n for n in names if n.startswith("原件/")]
    assert sorted(originals) == ["原件/statement.pdf", "原件/照片/第二份.pdf"]
    assert not any(".." in n.split("/") or n.startswith("/") for n in names)
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))


def test_no_command_writes_through_a_link(tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    code = main(["extract", str(ONE_PAGE), "-o", str(link)])
    assert code == 2 and "符号链接" in _one_line(capsys.readouterr().err)
    assert victim.read_text("utf-8") == "keep me" and link.is_symlink()
    html = tmp_path / "r.html"
    html.symlink_to(victim)
    code = main(["audit", str(ONE_PAGE), "--html", str(html), "--as-of", "2025-10-15"])
    assert code == 2 and victim.read_text("utf-8") == "keep me"
    capsys.readouterr()


def test_audit_html_must_be_html(tmp_path, capsys):
    other = tmp_path / "OTHER.pdf"
    shutil.copy(ONE_PAGE, other)
    before = _digest(other)
    code = main(["audit", str(ONE_PAGE), "--html", str(other), "--as-of", "2025-10-15"])
    assert code == 2 and ".html" in _one_line(capsys.readouterr().err)
    assert _digest(other) == before


def test_derived_names_do_not_replace_existing_files_without_force(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    mine = out / f"{ONE_PAGE.stem}.json"
    mine.write_text("my notes", "utf-8")
    code = main(["extract", str(ONE_PAGE), "-o", f"{out}/"])
    assert code == 2 and "--force" in _one_line(capsys.readouterr().err)
    assert mine.read_text("utf-8") == "my notes"
    assert main(["extract", str(ONE_PAGE), "-o", f"{out}/", "--force"]) == 0
    assert json.loads(mine.read_text("utf-8"))["schema"] == "shebao.extract/1"
    assert f"已写入 {mine}" in capsys.readouterr().err


def test_extract_into_a_folder_with_an_undecodable_name(tmp_path, capsys):
    raw = os.fsencode(tmp_path) + b"/\xff\xfe\xb2\xbb.pdf"
    with open(raw, "wb") as fh:
        fh.write(ONE_PAGE.read_bytes())
    name = os.fsdecode(raw)
    code = main(["extract", name, "-o", f"{tmp_path / 'out'}/"])
    err = capsys.readouterr().err
    assert code == 0, err
    (written,) = (tmp_path / "out").iterdir()
    data = json.loads(written.read_text("utf-8"))
    assert data["schema"] == "shebao.extract/1" and "\ufffd" in data["document"]["file"]


def test_safe_name_bounds_and_keeps_names_apart():
    long_a, long_b = "张" * 300 + "甲", "张" * 300 + "乙"
    a, b = safe_name(long_a), safe_name(long_b)
    assert a != b and len(a.encode()) <= NAME_BYTES and len(b.encode()) <= NAME_BYTES
    assert safe_name("王春燕") == "王春燕"
    for bad in ["../../etc/passwd", "a/b", "x\x00y", "con:*?", "\udcff\udcfe", " . "]:
        clean = safe_name(bad)
        assert "/" not in clean and "\x00" not in clean and clean.strip(". ")
        clean.encode("utf-8")  # always writable as UTF-8
    assert unique_names([Path("a/x.pdf"), Path("b/x.pdf")]) == ["x", "x-2"]


def test_extract_as_one_document_accepts_a_folder_as_audit_does(tmp_path, capsys):
    pages = tmp_path / "页"
    pages.mkdir()
    shutil.copy(ONE_PAGE, pages / "p1.pdf")
    shutil.copy(DEMO / "A_generic_statement.pdf", pages / "p2.pdf")
    assert main(["extract", str(pages), "--as-one-document", "-o", str(tmp_path / "a.json")]) == 0
    data = json.loads((tmp_path / "a.json").read_text("utf-8"))
    assert [f["file"] for f in data["document"]["files"]] == ["p1.pdf", "p2.pdf"]


def test_warning_lines_count_each_files_own_pages_and_skip_notes(capsys):
    """issue 11: "…-p1.jpg：14 条自检提示" counted all three pages' warnings under the first
    page and included informational codes such as ``ocr_used``."""
    from types import SimpleNamespace as NS

    from shebao.ingest.cli import _say_warnings

    def w(code, page):
        return NS(code=code, page=page)

    files = [NS(pages=(1, 1)), NS(pages=(2, 3))]
    warnings = [w("ocr_used", 1), w("ocr_used", 2), w("ocr_used", 3), w("ocr_deskewed", 2),
                w("ocr_low_confidence", 1), w("rate_outlier", 2), w("ocr_blurry", 3),
                w("total_mismatch", None)]
    analysis = NS(extract=NS(warnings=warnings, document=NS(files=files)))
    _say_warnings(analysis, [Path("p1.jpg"), Path("p2.pdf")])
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        "提示：p1.jpg：2 条需核对的自检提示（self-check warnings: ocr_low_confidence, "
        "total_mismatch）",
        "提示：p2.pdf：2 条需核对的自检提示（self-check warnings: ocr_blurry, rate_outlier）"]


def test_a_killed_writes_leftovers_are_removed_and_temporaries_are_private(tmp_path):
    """A killed bundle left .part files holding personal data beside its output."""
    import stat

    from shebao.outputs import Outputs, write_atomic

    target = tmp_path / "b.pdf"
    stale = tmp_path / ".b.pdf.x1y2z3.part"
    stale.write_bytes(b"personal data")
    write_atomic(target, b"%PDF-1.4 new")
    assert not stale.exists() and target.read_bytes() == b"%PDF-1.4 new"
    with Outputs() as out:
        out.write(tmp_path / "c.pdf", b"x")
        (part,) = tmp_path.glob(".c.pdf.*.part")
        assert stat.S_IMODE(part.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))
