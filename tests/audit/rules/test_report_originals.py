"""``write_html`` never drops an original silently: a file it cannot list comes back as a line
the command prints (``shebao audit --html``), a JSON extract is passed over as no original."""

from __future__ import annotations

import json

from shebao.audit.summary import write_html

from shebao.cli import main

from .build import audit, row, statement


def test_an_unlistable_original_comes_back_as_a_line(tmp_path) -> None:
    result = audit(statement([row("2024-01"), row("2024-02")]))
    broken = tmp_path / "statement.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    extract = tmp_path / "statement.json"
    extract.write_text("{}", encoding="utf-8")
    word = tmp_path / "notes.docx"  # Word originals are listed; a damaged one is said
    word.write_bytes(b"x")
    odd = tmp_path / "notes.odt"
    odd.write_bytes(b"x")
    lines = write_html(result, tmp_path / "report.html", [broken, extract, word, odd])
    assert lines == ["报告未列出原件 statement.pdf：PDF 文件已损坏或不是 PDF，无法打开",
                     "报告未列出原件 notes.docx：Word 文件已损坏或不是 docx 格式，无法打开",
                     "报告未列出原件 notes.odt：不支持的文件类型 .odt"]
    assert (tmp_path / "report.html").is_file()


def test_audit_html_prints_what_it_left_out(tmp_path, capsys) -> None:
    """End to end: the audit reads an extract JSON beside a broken PDF of the same name."""
    ex = statement([row("2024-01"), row("2024-02")], file="statement.pdf")
    src = tmp_path / "statement.json"
    src.write_text(json.dumps(ex.to_json_dict(), ensure_ascii=False), encoding="utf-8")
    rc = main(["audit", str(src), "--html", str(tmp_path / "r.html"), "--as-of", "2024-12-01"])
    assert rc == 0
    assert (tmp_path / "r.html").is_file()
    assert "报告未列出原件" not in capsys.readouterr().err  # a JSON is not an original
