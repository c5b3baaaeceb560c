"""``shebao extract`` / ``shebao inspect`` through the real CLI, bad inputs included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shebao.samples import generate
from shebao.samples.bad import write_bad_inputs

from shebao.cli import main


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bad")
    write_bad_inputs(out, extra=True)
    return out


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return generate("L1", 5, tmp_path_factory.mktemp("good")).path


def _cases(bad_dir: Path) -> list[dict]:
    return json.loads((bad_dir / "bad_inputs.json").read_text("utf-8"))


EXPECTED_CODE_WORDS = {
    "empty": "空",
    "truncated": "损坏或不完整",
    "corrupt": "损坏",
    "encrypted": "加密",
    "image_only": "OCR",
    "cid_glyphs": "OCR",
    "not_statement": "没有识别出",
    "not_payroll": "没有识别出",
    "unsupported": "不支持的文件类型",
    "missing": "不存在",
}


def test_every_bad_input_gives_one_clear_line_and_a_nonzero_exit(bad_dir, capsys):
    """With ``--no-ocr`` (OCR is on by default and reads the image-only and (cid:) PDFs; see
    ``test_ocr_seam``), every bad input is refused with one clear line."""
    for case in _cases(bad_dir):
        path = bad_dir / case["file"]
        code = main(["extract", "--no-ocr", str(path)])
        out, err = capsys.readouterr()
        assert code == 2, case
        assert out == "", case
        lines = err.strip().splitlines()
        assert len(lines) == 1, (case, err)
        line = lines[0]
        assert line.startswith("错误："), line
        assert str(path) in line  # names the file
        assert EXPECTED_CODE_WORDS[case["case"]] in line, (case["case"], line)
        assert "（" in line and "Traceback" not in err  # Chinese with an English gloss


def test_good_files_are_still_extracted_when_others_fail(bad_dir, good, tmp_path, capsys):
    files = [str(bad_dir / c["file"]) for c in _cases(bad_dir)]
    out_dir = tmp_path / "out"
    code = main(["extract", "--no-ocr", str(good), *files, "-o", f"{out_dir}/"])
    _, err = capsys.readouterr()
    assert code == 1  # some failed
    assert len([ln for ln in err.splitlines() if ln.startswith("错误：")]) == len(files)
    written = sorted(p.name for p in out_dir.iterdir())
    assert written == [f"{good.stem}.json"]
    data = json.loads((out_dir / written[0]).read_text("utf-8"))
    assert data["schema"] == "shebao.extract/1"
    assert data["contributions"]


def test_originals_are_never_modified(bad_dir, good):
    before = {p: p.read_bytes() for p in [good, *bad_dir.iterdir()] if p.is_file()}
    main(["extract", "--no-ocr", str(good), *map(str, before)])
    assert {p: p.read_bytes() for p in before} == before


def test_one_file_prints_one_object_and_several_a_list(good, tmp_path, capsys):
    assert main(["extract", str(good)]) == 0
    one = json.loads(capsys.readouterr().out)
    assert isinstance(one, dict) and one["document"]["file"] == good.name
    other = generate("L4", 5, tmp_path).path
    assert main(["extract", str(good), str(other), "--json"]) == 0
    both = json.loads(capsys.readouterr().out)
    assert [d["document"]["file"] for d in both] == [good.name, other.name]


def test_csv_output_is_the_validated_contribution_table(good, tmp_path, capsys):
    assert main(["extract", str(good), "--csv"]) == 0
    text = capsys.readouterr().out
    header = text.splitlines()[0].split(",")
    assert header[:4] == ["file", "month", "insurance", "base"]
    target = tmp_path / "c.csv"
    assert main(["extract", str(good), "--csv", "-o", str(target)]) == 0
    assert target.read_text("utf-8").splitlines()[0].split(",") == header


def test_json_and_csv_together_is_a_usage_error(good, capsys):
    assert main(["extract", str(good), "--json", "--csv"]) == 2
    assert "--csv" in capsys.readouterr().err


def test_inspect_shows_scores_mapping_and_raw_rows(good, capsys):
    assert main(["inspect", str(good), "--rows", "3"]) == 0
    out = capsys.readouterr().out
    for expected in (
        "版式评分",
        "L1",
        "历年参保缴费明细表",
        "表头映射",
        "personal_amount",
        "原始行",
        "pension",
    ):
        assert expected in out, expected


def test_inspect_explains_an_unrecognised_document(bad_dir, capsys):
    assert main(["inspect", str(bad_dir / "letter.pdf")]) == 2
    out = capsys.readouterr().out
    assert "版式评分" in out and "未识别" in out


def test_several_files_into_one_json_file_or_one_folder(good, tmp_path, capsys):
    other = generate("L5", 5, tmp_path).path
    target = tmp_path / "all.json"
    assert main(["extract", str(good), str(other), "-o", str(target)]) == 0
    data = json.loads(target.read_text("utf-8"))
    assert [d["document"]["file"] for d in data] == [good.name, other.name]
    folder = tmp_path / "each"
    assert main(["extract", str(good), str(other), "-o", f"{folder}/"]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{good.stem}.json", f"{other.stem}.json"]
    )
    # issue 11: no slash, not existing -> one file with the list, as the README says
    plain = tmp_path / "结果"
    assert main(["extract", str(good), str(other), "-o", str(plain)]) == 0
    assert plain.is_file()
    assert [d["document"]["file"] for d in json.loads(plain.read_text("utf-8"))] == [
        good.name, other.name]
    err = capsys.readouterr().err
    assert f"已写入 {target}" in err and f"已写入 {plain}" in err  # -o FILE named as well
