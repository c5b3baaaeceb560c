"""Bad input: one clear line (Chinese with English), exit 2, nothing half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shebao.cli import main


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.err


@pytest.fixture
def case_copy(dongguan, tmp_path):
    folder = tmp_path / "case"
    shutil.copytree(dongguan.case_dir, folder)
    return folder


def test_missing_case_folder(dongguan, tmp_path, capsys):
    code, err = run(capsys, "draft", str(tmp_path / "nope"), "--kind", "complaint", "-o",
                    str(tmp_path / "x.pdf"), "--audit", str(dongguan.audit_file))
    assert code == 2 and "案件文件夹不存在" in err and "nope" in err


def test_corrupt_original_is_named(case_copy, dongguan, tmp_path, capsys):
    (case_copy / "statement.pdf").write_bytes(b"%PDF-1.4\n garbage")
    out = tmp_path / "b.pdf"
    code, err = run(capsys, "bundle", str(case_copy), "-o", str(out), "--audit",
                    str(dongguan.audit_file))
    assert code == 2 and "statement.pdf" in err and "PDF" in err
    assert "Traceback" not in err and not out.exists()


def test_unreadable_photo_is_named(case_copy, dongguan, tmp_path, capsys):
    (case_copy / "payslip-2020-03.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    code, err = run(capsys, "draft", str(case_copy), "--kind", "evidence-index", "-o",
                    str(tmp_path / "i.md"), "--audit", str(dongguan.audit_file))
    assert code == 2 and "payslip-2020-03.jpg" in err and "图片" in err


def test_original_listed_in_case_yaml_but_missing(case_copy, dongguan, tmp_path, capsys):
    (case_copy / "wages.xlsx").unlink()
    code, err = run(capsys, "draft", str(case_copy), "--kind", "complaint", "-o",
                    str(tmp_path / "c.md"), "--audit", str(dongguan.audit_file))
    assert code == 2 and "wages.xlsx" in err and "不存在" in err


def test_bad_case_yaml_names_the_key(case_copy, dongguan, tmp_path, capsys):
    (case_copy / "case.yaml").write_text("worker:\n  nmae: 张三\n", encoding="utf-8")
    code, err = run(capsys, "draft", str(case_copy), "--kind", "complaint", "-o",
                    str(tmp_path / "c.md"), "--audit", str(dongguan.audit_file))
    assert code == 2 and "case.yaml" in err and "worker.nmae" in err


def test_broken_yaml_gives_the_line(case_copy, dongguan, tmp_path, capsys):
    (case_copy / "case.yaml").write_text("worker:\n  name: [张三\n", encoding="utf-8")
    code, err = run(capsys, "case", "check", str(case_copy), "--audit",
                    str(dongguan.audit_file))
    assert code == 2 and "case.yaml" in err and "格式错误" in err


def test_unwritable_output_path_leaves_nothing(dongguan, tmp_path, capsys):
    out = tmp_path / "no-such-folder" / "b.pdf"
    code, err = run(capsys, "bundle", str(dongguan.case_dir), "-o", str(out), "--zip",
                    "--audit", str(dongguan.audit_file))
    assert code == 2 and "输出文件夹不存在" in err
    assert not (tmp_path / "no-such-folder").exists()


def test_unwritable_output_folder(dongguan, tmp_path, capsys):
    """An output folder nobody may write in: a read-only folder for ordinary users; /proc
    (writable by no one, root included) when the tests run as root, as in CI."""
    import os

    if os.geteuid() == 0:
        folder = Path("/proc")
    else:
        folder = tmp_path / "ro"
        folder.mkdir(mode=0o555)
    code, err = run(capsys, "draft", str(dongguan.case_dir), "--kind", "arrears", "-o",
                    str(folder / "shebao-test-a.md"), "--audit", str(dongguan.audit_file))
    assert code == 2 and "无法写入" in err


def test_output_cannot_overwrite_an_original(case_copy, dongguan, capsys):
    target = case_copy / "statement.pdf"
    before = target.read_bytes()
    code, err = run(capsys, "draft", str(case_copy), "--kind", "complaint", "-o", str(target),
                    "--audit", str(dongguan.audit_file))
    assert code == 2 and "原件" in err
    assert target.read_bytes() == before


def test_audit_file_that_is_not_an_audit(dongguan, tmp_path, capsys):
    bad = tmp_path / "audit.json"
    bad.write_text('{"schema": "shebao.extract/1"}', encoding="utf-8")
    code, err = run(capsys, "draft", str(dongguan.case_dir), "--kind", "complaint", "-o",
                    str(tmp_path / "c.md"), "--audit", str(bad))
    assert code == 2 and "shebao.audit/1" in err


def test_unknown_output_format(dongguan, tmp_path, capsys):
    code, err = run(capsys, "draft", str(dongguan.case_dir), "--kind", "complaint", "-o",
                    str(tmp_path / "c.rtf"), "--audit", str(dongguan.audit_file))
    assert code == 2 and "--format" in err


def test_verify_without_a_manifest(tmp_path, dongguan, capsys):
    code, err = run(capsys, "verify", str(dongguan.case_dir / "statement.pdf"),
                    str(dongguan.case_dir))
    assert code == 2 and "校验清单" in err


def test_bundle_needs_at_least_one_original(dongguan, tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, err = run(capsys, "bundle", str(empty), "-o", str(tmp_path / "b.pdf"), "--audit",
                    str(dongguan.audit_file))
    assert code == 2 and "没有原件" in err
    assert not (tmp_path / "b.pdf").exists()


def test_case_check_warns_when_the_audit_read_another_version(case_copy, dongguan, capsys):
    with open(case_copy / "statement.pdf", "ab") as handle:
        handle.write(b"\n% re-downloaded\n")
    (case_copy / "wages.xlsx").rename(case_copy / "_wages.xlsx")  # hidden from the case
    (case_copy / "case.yaml").write_text("", encoding="utf-8")
    assert main(["case", "check", str(case_copy), "--audit", str(dongguan.audit_file)]) == 0
    out = capsys.readouterr().out
    assert "statement.pdf 与案件文件夹中的同名文件内容不同" in out
    assert "wages.xlsx 不在案件文件夹中" in out
    assert "statement.pdf 不在" not in out


def test_outputs_are_not_written_into_the_case_folder(case_copy, dongguan, capsys):
    code, err = run(capsys, "bundle", str(case_copy), "-o", str(case_copy / "bundle.pdf"),
                    "--audit", str(dongguan.audit_file))
    assert code == 2 and "案件文件夹之外" in err
    assert not (case_copy / "bundle.pdf").exists()


def test_template_saved_in_gbk_is_named(dongguan, tmp_path, capsys):
    override = tmp_path / "tpl"
    override.mkdir()
    (override / "complaint.html.j2").write_bytes("<h1>投诉书</h1>".encode("gbk"))
    code, err = run(capsys, "draft", str(dongguan.case_dir), "--kind", "complaint", "-o",
                    str(tmp_path / "c.md"), "--audit", str(dongguan.audit_file),
                    "--templates", str(override))
    assert code == 2 and "UTF-8" in err and "complaint.html.j2" in err


def test_password_protected_pdf_is_named_but_owner_locked_pdf_is_fine(case_copy, dongguan,
                                                                      tmp_path, capsys):
    from pypdf import PdfReader, PdfWriter

    owner_only = PdfWriter(clone_from=PdfReader(case_copy / "statement.pdf"))
    owner_only.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    owner_only.write(case_copy / "statement.pdf")  # as official downloads often are
    code, _ = run(capsys, "draft", str(case_copy), "--kind", "evidence-index", "-o",
                  str(tmp_path / "i.md"), "--audit", str(dongguan.audit_file))
    assert code == 0
    locked = PdfWriter()
    locked.add_blank_page(200, 200)
    locked.encrypt(user_password="1234", owner_password="owner")
    locked.write(case_copy / "locked.pdf")
    code, err = run(capsys, "draft", str(case_copy), "--kind", "evidence-index", "-o",
                    str(tmp_path / "i.md"), "--audit", str(dongguan.audit_file))
    assert code == 2 and "locked.pdf" in err and "加密" in err


def test_format_and_suffix_must_agree(dongguan, tmp_path, capsys):
    code, err = run(capsys, "draft", str(dongguan.case_dir), "--kind", "complaint", "-o",
                    str(tmp_path / "c.docx"), "--format", "pdf", "--audit",
                    str(dongguan.audit_file))
    assert code == 2 and ".docx" in err and not (tmp_path / "c.docx").exists()


def test_one_date_per_run_an_audit_of_another_day_is_refused(dongguan, tmp_path, capsys):
    code, err = run(capsys, "draft", str(dongguan.case_dir), "--kind", "complaint", "-o",
                    str(tmp_path / "c.md"), "--audit", str(dongguan.audit_file),
                    "--as-of", "2026-11-21")
    assert code == 2 and "审计结果计至2026-11-20，与 --as-of 2026-11-21 不一致" in err
    assert err.count("\n") == 1 and not (tmp_path / "c.md").exists()
    code, err = run(capsys, "draft", str(dongguan.case_dir), "--kind", "complaint", "-o",
                    str(tmp_path / "c.md"), "--as-of", "2026-02-30")
    assert code == 2 and "--as-of 日期“2026-02-30”无效" in err


def test_no_arbitration_application_without_an_arbitrable_claim(bare, tmp_path, capsys):
    out = tmp_path / "a.docx"
    code, err = run(capsys, "draft", str(bare.case_dir), "--kind", "arbitration", "-o",
                    str(out), "--audit", str(bare.audit_file))
    assert code == 2 and "不起草仲裁申请书" in err and err.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize("command", ["draft", "bundle"])
def test_a_refused_case_leaves_no_output_folder(case_copy, dongguan, tmp_path, capsys,
                                                command):
    """``draft --kind all -o OUT/`` (and ``bundle -o OUT/``) on bad input: the folder it
    would have written into is not left behind, nor its new parents; an existing one stays."""
    (case_copy / "statement.pdf").write_bytes(b"%PDF-1.4\n garbage")
    out = tmp_path / "new" / "drafts"
    extra = ["--kind", "all"] if command == "draft" else []
    code, err = run(capsys, command, str(case_copy), *extra, "-o", f"{out}/", "--audit",
                    str(dongguan.audit_file))
    assert code == 2 and "statement.pdf" in err and err.count("\n") == 1
    assert not (tmp_path / "new").exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    code, _ = run(capsys, command, str(case_copy), *extra, "-o", f"{kept}/", "--audit",
                  str(dongguan.audit_file))
    assert code == 2 and kept.is_dir() and not list(kept.iterdir())


def test_an_output_folder_under_a_file_is_refused_before_any_work(dongguan, tmp_path,
                                                                    capsys):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    code, err = run(capsys, "draft", str(dongguan.case_dir), "--kind", "all", "-o",
                    f"{blocker}/sub/", "--audit", str(dongguan.audit_file))
    assert code == 2 and "无法写入" in err and blocker.read_text("utf-8") == "x"
