"""Refusals of broken PDFs and odd names say what is wrong with *that* file (issue 10,
"misleading refusals").

A damaged, truncated, encrypted, empty or blank PDF is never told to "retake the photo in good
light" (a blank PDF was, before: the image advice was given to every document whose OCR'd
pages were all blank); each message is pinned word for word. A file name holding a newline or
a tab is printed on the one error line (a newline in the name split it in two).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from shebao.cli import main
from shebao.errors import InputError

DEMO = Path(__file__).resolve().parents[2] / "samples" / "demo"
ONE_PAGE = DEMO / "A_L3_pension_ranges.pdf"
PHOTO_WORDS = ("拍", "光线", "retake", "photo", "good light")


def _blank_pdf(pages: int = 2) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    for page in pypdf.PdfReader(ONE_PAGE).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


CASES = {
    "truncated": (lambda: ONE_PAGE.read_bytes()[: ONE_PAGE.stat().st_size // 2], [],
                  "PDF 文件已损坏或不完整（可能下载或复制中断），无法读取"),
    "header_only": (lambda: b"%PDF-1.4\n%%EOF\n", [],
                    "PDF 文件已损坏或不完整（可能下载或复制中断），无法读取"),
    "empty": (lambda: b"", [], "文件是空的（0 字节）"),
    "encrypted": (_encrypted_pdf, [], "PDF 已加密，请先用密码打开并另存为未加密的 PDF"),
    "blank_no_ocr": (_blank_pdf, ["--no-ocr"],
                     "文件没有可读取的文字层（图片型 PDF 或扫描件），需要 OCR 识别"
                     "（请不要使用 --no-ocr 选项）"),
    "blank_ocr": (_blank_pdf, [],
                  "PDF 中没有任何文字：各页既没有文字层，OCR 也没有识别出文字（可能是空白页）；"
                  "请确认这是缴费明细或工资条的 PDF，扫描件请重新扫描清楚"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_broken_pdf_refusal_wording(name, tmp_path, capsys):
    make, options, zh = CASES[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make())
    code = main(["extract", str(path), "-o", str(tmp_path / "out.json"), *options])
    err = capsys.readouterr().err
    lines = [x for x in err.splitlines() if x.startswith("错误：")]
    assert code != 0 and len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith(f"错误：{path}：{zh}（"), lines[0]
    assert not any(word in lines[0] for word in PHOTO_WORDS), lines[0]
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("odd", ["a\nb.pdf", "tab\there.pdf", "cr\rret.pdf"])
def test_a_control_character_in_a_file_name_keeps_the_message_one_line(odd, tmp_path, capsys):
    error = InputError("不是 PDF 文件", "not a PDF file", tmp_path / odd)
    assert "\n" not in error.format() and "\t" not in error.format() and "\r" not in str(error)
    assert error.file == str(tmp_path / odd.replace("\n", "?").replace("\t", "?")
                             .replace("\r", "?"))
    path = tmp_path / odd
    path.write_bytes(b"not a pdf")
    code = main(["extract", str(path), "--no-ocr", "-o", str(tmp_path / "out.json")])
    err = capsys.readouterr().err.strip()
    assert code != 0 and len(err.splitlines()) == 1, err
    assert err.startswith("错误：") and err.endswith("（not a PDF file）"), err


def _zip_needing_version(data: bytes, version: int = 74) -> bytes:
    """``data`` (a zip) whose central directory says its members need zip version 7.4."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        out[at + 6:at + 8] = version.to_bytes(2, "little")  # version needed to extract
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_zip_of_an_unknown_version_is_one_line(suffix, tmp_path, capsys):
    """The fuzz run found it: an xlsx whose zip directory says "version 7.4" ended in a
    NotImplementedError traceback."""
    buf = io.BytesIO()
    if suffix == ".xlsx":
        from openpyxl import Workbook

        Workbook().save(buf)
    else:
        from docx import Document

        Document().save(buf)
    path = tmp_path / f"sheet{suffix}"
    path.write_bytes(_zip_needing_version(buf.getvalue()))
    code = main(["extract", str(path), "--no-ocr", "-o", str(tmp_path / "out.json")])
    err = capsys.readouterr().err.strip()
    assert code != 0 and len(err.splitlines()) == 1 and "Traceback" not in err, err
    zh = ("Excel 文件已损坏或不是 xlsx 格式" if suffix == ".xlsx" else
          "Word 文件已损坏或不是 docx 格式（旧版 .doc 请在 Word/WPS 中另存为 .docx 或 PDF）")
    assert err.startswith(f"错误：{path}：{zh}（"), err


def test_a_page_of_50_mb_of_drawing_commands_is_refused(tmp_path, capsys):
    """The fuzz run found it: a page whose content stream inflates to 50 MB (under the old
    64 MB limit) kept pdfminer busy past 60 s of CPU and 500 MB."""
    from shebao.samples.malformed import malformed, seed_documents

    case = malformed(225, seed_documents())  # the case of the fuzz run: 50 MB unpacked
    assert case.kind == "pdf_flate_bomb"
    path = tmp_path / "bomb.pdf"
    path.write_bytes(case.data or b"")
    code = main(["extract", str(path), "--no-ocr", "-o", str(tmp_path / "out.json")])
    err = capsys.readouterr().err.strip()
    assert code != 0 and len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith(f"错误：{path}：PDF 第 1 页的内容解压后过大（超过 8 MB）"), err
