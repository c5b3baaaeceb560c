"""Per-worker evidence bundles from ``shebao batch --evidence`` (issue 12): each worker's
bundle binds their own originals and, of a document several workers share (the factory pay
sheet, the unit's insured list), only an excerpt of their own rows -- it bound the whole pay
sheet, every co-worker's wages with it. The joint complaint lists the shared originals whole.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from shebao.samples.factory import build_factory

from shebao.cli import main
from shebao.files import sha256_file

AS_OF = "2025-10-15"


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("evidence")
    f = build_factory(root / "gen", workers=3, seed=11)
    out = root / "out"
    args = ["batch", str(f.documents), "-o", str(out), "--roster", str(f.roster), "--as-of",
            AS_OF, "--jobs", "2", "--no-ocr", "--evidence"]
    assert main(args) == 0
    summary = json.loads((out / "factory_summary.json").read_text("utf-8"))
    return {"factory": f, "out": out, "args": args, "summary": summary}


def _text(path: Path, pages: slice = slice(None)) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join(p.extract_text() or "" for p in pdf.pages[pages]).replace("\n", "")


def test_a_bundle_holds_no_co_workers_data_and_verifies(run):
    out, summary, f = run["out"], run["summary"], run["factory"]
    everyone = [w["name"] for w in summary["workers"]] + [p["name"] for p in
                                                           json.loads(f.expected.read_text(
                                                               "utf-8"))["roster_only"]]
    sheet, insured = f.paysheets, f.documents / "insured_list.pdf"
    assert summary["evidence_bundles"] is True
    for r in summary["workers"]:
        bundle = out / r["evidence"]["bundle"]
        text = _text(bundle)
        assert [n for n in everyone if n != r["name"] and n in text] == [], r["name"]
        side = json.loads((out / r["evidence"]["bundle_manifest"]).read_text("utf-8"))
        excerpts = {o["file"]: o for o in side["originals"] if o.get("excerpt")}
        assert set(excerpts) == {sheet.name, insured.name}
        for path in (sheet, insured):  # the excerpt names the full original and its hash
            assert excerpts[path.name]["sha256"] == sha256_file(path)
            assert f"原件：{path.name}；SHA-256：{sha256_file(path)}" in text
        own = [o["file"] for o in side["originals"] if not o.get("excerpt")]
        assert own and all(name.endswith("_statement.pdf") for name in own)
        originals = [str(f.documents / name) for name in (*own, *excerpts)]
        assert main(["verify", str(bundle), *originals]) == 0
        assert side["created"] == AS_OF


def test_the_pay_sheet_excerpt_lists_the_workers_rows_by_their_row_numbers(run):
    """Every row of the sheet naming the worker is printed with its own row number, under the
    sheet's name; the bundle's complaint asks for the worker's own figures."""
    out, summary, f = run["out"], run["summary"], run["factory"]
    book = load_workbook(f.paysheets, read_only=True)
    for r in summary["workers"]:
        text = _text(out / r["evidence"]["bundle"])
        rows = [(ws.title, i) for ws in book.worksheets
                for i, values in enumerate(ws.iter_rows(values_only=True), 1)
                if r["name"] in [str(v).strip() for v in values if v is not None]]
        assert rows, r["name"]
        for title, number in rows:
            part = text.split(f"工作表“{title}”")[1][:600]
            assert re.search(rf"(?<!\d){number} \S+ {r['name']}", part), (title, number)
        a = r["arrears"]
        if a["months"]:
            assert f"共计人民币{a['employer'] + a['personal']:,.2f}元" in text, r["name"]


def test_the_joint_complaint_lists_the_shared_originals_whole(run):
    from docx import Document

    out, f = run["out"], run["factory"]
    doc = Document(out / "联名投诉书.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    for path in (f.paysheets, f.documents / "insured_list.pdf"):
        said = f"（{path.name}，各投诉人共用，完整原件随本投诉书提交；SHA-256："
        assert said + f"{sha256_file(path)}）" in text
    assert "已逐人装订" in text


def test_resume_needs_the_same_choice_and_writes_the_same_bundles(run, capsys):
    """The choice is in the run's options: a resume without it is refused before any work;
    with it, a run killed while writing its outputs resumes to the same bundles, byte for
    byte (their stated date is the run's as-of day)."""
    out = run["out"]
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.suffix in (".pdf", ".json")
              and p.name != "batch-manifest.json"}
    assert any(p.name.endswith("-证据材料.pdf") for p in before)
    manifest = json.loads((out / "batch-manifest.json").read_text("utf-8"))
    assert manifest["options"]["evidence"] is True
    from shebao.batch.run import RUN_DIR, SCHEMA_STATE

    (out / RUN_DIR).mkdir(exist_ok=True)
    (out / RUN_DIR / "state.json").write_text(json.dumps(
        {"schema": SCHEMA_STATE, "options": manifest["options"], "inputs": manifest["inputs"]}))
    args = [a for a in run["args"] if a != "--evidence"]
    assert main([*args, "--resume"]) == 2
    assert "选项不同" in capsys.readouterr().err
    (out / "batch-manifest.json").unlink()  # killed while writing: no manifest yet
    assert main([*run["args"], "--resume"]) == 0
    assert {p: p.read_bytes() for p in before} == before
