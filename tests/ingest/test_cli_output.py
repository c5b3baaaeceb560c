"""Where ``shebao extract`` writes: ``-o`` typed with a trailing ``/`` (or ``\\``) is a folder
even for one file (click's ``Path`` drops the slash, so the typed text decides), for JSON and
for ``--csv``; a path without the slash keeps meaning a file; no output is ever written over
an input file (refused in one line, the original unchanged)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from shebao.samples import generate

from shebao.cli import main


@pytest.fixture(scope="module")
def statement(tmp_path_factory) -> Path:
    return generate("L1", 5, tmp_path_factory.mktemp("src"), months=12).path


@pytest.fixture(scope="module")
def sheet(tmp_path_factory) -> Path:
    return generate("L6-csv", 5, tmp_path_factory.mktemp("csv")).path


@pytest.mark.parametrize("ending", ["/", "\\"])
def test_one_file_with_output_ending_in_a_slash_is_written_into_that_folder(
        statement, tmp_path, ending):
    folder = tmp_path / "提取结果"
    assert main(["extract", str(statement), "-o", f"{folder}{ending}"]) == 0
    written = Path(f"{folder}{ending}") if ending == "\\" else folder  # "\" is a name on POSIX
    assert written.is_dir()
    (json_file,) = written.iterdir()
    assert json_file.name == f"{statement.stem}.json"
    assert json.loads(json_file.read_text("utf-8"))["schema"] == "shebao.extract/1"


def test_one_file_as_csv_with_output_ending_in_a_slash_writes_its_tables_into_that_folder(
        statement, tmp_path):
    folder = tmp_path / "表格"
    assert main(["extract", str(statement), "--csv", "-o", f"{folder}/"]) == 0
    assert folder.is_dir()
    assert sorted(p.name for p in folder.iterdir()) == [f"{statement.stem}.contributions.csv"]


def test_one_document_from_several_files_with_output_folder_is_named_after_the_first(
        statement, tmp_path):
    second = tmp_path / "second.pdf"
    shutil.copy(statement, second)
    folder = tmp_path / "doc"
    assert main(["extract", str(statement), str(second), "--as-one-document",
                 "-o", f"{folder}/"]) == 0
    (json_file,) = folder.iterdir()
    assert json_file.name == f"{statement.stem}.json"
    document = json.loads(json_file.read_text("utf-8"))["document"]
    assert [f["file"] for f in document["files"]] == [statement.name, "second.pdf"]


def test_output_without_a_slash_or_suffix_for_one_file_is_still_a_file(statement, tmp_path):
    target = tmp_path / "结果"
    assert main(["extract", str(statement), "-o", str(target)]) == 0
    assert target.is_file()
    assert json.loads(target.read_text("utf-8"))["document"]["file"] == statement.name


def test_an_existing_folder_without_a_slash_is_a_folder(statement, tmp_path):
    assert main(["extract", str(statement), "-o", str(tmp_path)]) == 0
    assert (tmp_path / f"{statement.stem}.json").is_file()


@pytest.mark.parametrize("as_csv", [False, True])
def test_output_onto_an_input_file_is_refused_and_the_original_kept(sheet, tmp_path, capsys,
                                                                    as_csv):
    original = tmp_path / sheet.name
    shutil.copy(sheet, original)
    before = original.read_bytes()
    args = ["extract", str(original), "-o", str(original)] + (["--csv"] if as_csv else [])
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(original) in err[0] and "原件" in err[0] and "（" in err[0]
    assert original.read_bytes() == before



def test_a_folder_output_where_a_file_of_that_name_exists_is_refused_in_one_line(
        statement, tmp_path, capsys):
    """E.g. the file an older version wrote for ``-o 提取结果/``: kept, and said so."""
    clash = tmp_path / "提取结果"
    clash.write_text("earlier output", "utf-8")
    assert main(["extract", str(statement), "-o", f"{clash}/"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(clash) in err[0] and "同名的文件" in err[0]
    assert clash.read_text("utf-8") == "earlier output"


def test_an_output_that_cannot_be_written_is_one_line_naming_it(statement, tmp_path, capsys):
    (tmp_path / "a-file").write_text("", "utf-8")
    target = tmp_path / "a-file" / "sub" / "x.json"
    assert main(["extract", str(statement), "-o", str(target)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "无法写入输出" in err[0] and "a-file" in err[0]
    assert "Traceback" not in "\n".join(err)
