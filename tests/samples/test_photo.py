"""``shebao samples photo``: images of every page, with the generator's truth wherever it lies.

The truth rule (``shebao.samples.photo.find_truth``): ``<PDF name>.truth.json`` beside the
PDF, in ``truth/`` beside it or in ``../truth/``, used only when its sha256 is the PDF's. The
committed demo set keeps its truths in ``samples/demo/truth/`` (also for ``case-D/``), so its
photos must come with truth; a PDF without one gets images only and a clear 提示 line.
"""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from shebao.samples.photo import find_truth

from shebao.cli import main


@pytest.fixture(scope="module")
def demo(repo_root):
    return repo_root / "samples" / "demo"


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_truth_of_every_demo_pdf_is_found_in_the_truth_folder(demo):
    pdfs = sorted(demo.glob("*.pdf")) + sorted((demo / "case-D").glob("*.pdf"))
    assert len(pdfs) >= 10
    for pdf in pdfs:
        found = find_truth(pdf)
        assert found.path is not None, pdf
        assert found.path.resolve() == (demo / "truth" / f"{pdf.name}.truth.json").resolve()
        assert found.stale == []


def test_photo_of_a_case_folder_document_comes_with_its_truth(demo, tmp_path, capsys):
    pdf = demo / "case-D" / "factory_statement.pdf"
    before = _sha(pdf)
    assert main(["samples", "photo", str(pdf), "-o", str(tmp_path), "--style", "scan"]) == 0
    image = tmp_path / "factory_statement-p1.png"
    truth = json.loads((tmp_path / "factory_statement-p1.png.truth.json").read_text("utf-8"))
    source = json.loads((demo / "truth" / "factory_statement.pdf.truth.json").read_text("utf-8"))
    assert truth["document"] == dict(source["document"], method="ocr", file=image.name,
                                     sha256=_sha(image))
    assert "files" not in truth["document"]  # one image is a document of its own
    assert truth["contributions"] == source["contributions"]
    assert truth["person"] == source["person"]
    out = capsys.readouterr().out
    assert "factory_statement-p1.png.truth.json" in out and "标准答案" in out
    assert _sha(pdf) == before  # the original is only read


def test_several_pages_get_one_truth_listing_the_images_in_order(demo, tmp_path):
    pdf = demo / "C_L5_henan_record.pdf"
    assert main(["samples", "photo", str(pdf), "-o", str(tmp_path), "--style", "scan"]) == 0
    images = [tmp_path / "C_L5_henan_record-p1.png", tmp_path / "C_L5_henan_record-p2.png"]
    assert all(p.is_file() for p in images)
    assert not list(tmp_path.glob("*.png.truth.json"))
    truth = json.loads((tmp_path / "C_L5_henan_record-photos.truth.json").read_text("utf-8"))
    document = truth["document"]
    assert document["method"] == "ocr" and document["pages"] == 2
    assert document["file"] == images[0].name and document["sha256"] == _sha(images[0])
    assert document["files"] == [
        {"file": p.name, "sha256": _sha(p), "pages": [n, n]} for n, p in enumerate(images, 1)
    ]
    # records keep their pages: image N is page N
    assert {c["page"] for c in truth["contributions"]} == {1, 2}


def test_without_truth_images_only_and_said_so(demo, tmp_path, capsys):
    pdf = tmp_path / "src" / "B_L3_range_totals.pdf"
    pdf.parent.mkdir()
    shutil.copy(demo / "B_L3_range_totals.pdf", pdf)
    out = tmp_path / "out"
    assert main(["samples", "photo", str(pdf), "-o", str(out), "--style", "scan"]) == 0
    assert (out / "B_L3_range_totals-p1.png").is_file()
    assert not list(out.glob("*.truth.json"))
    err = capsys.readouterr().err
    assert "没有找到" in err and str(pdf) in err and "没有写标准答案" in err


def test_truth_of_other_bytes_is_never_used(demo, tmp_path, capsys):
    src = tmp_path / "src"
    (src / "truth").mkdir(parents=True)
    pdf = src / "B_L3_range_totals.pdf"
    shutil.copy(demo / "B_L3_range_totals.pdf", pdf)
    good = json.loads((demo / "truth" / "B_L3_range_totals.pdf.truth.json").read_text("utf-8"))
    stale = dict(good, document=dict(good["document"], sha256="0" * 64))
    beside = src / "B_L3_range_totals.pdf.truth.json"
    beside.write_text(json.dumps(stale, ensure_ascii=False), "utf-8")
    out = tmp_path / "out"
    assert main(["samples", "photo", str(pdf), "-o", str(out), "--style", "scan"]) == 0
    assert not list(out.glob("*.truth.json"))
    err = capsys.readouterr().err
    assert f"{beside} 与 {pdf} 的内容不符" in err and "没有找到" in err
    # the right truth in truth/ is taken although a stale one lies beside the PDF
    shutil.copy(demo / "truth" / "B_L3_range_totals.pdf.truth.json", src / "truth")
    assert main(["samples", "photo", str(pdf), "-o", str(out), "--style", "scan"]) == 0
    written = json.loads((out / "B_L3_range_totals-p1.png.truth.json").read_text("utf-8"))
    assert written["contributions"] == good["contributions"]


def test_bad_files_are_refused_one_line_each_and_the_good_one_still_photographed(
        demo, tmp_path, capsys):
    from shebao.samples.bad import write_bad_inputs

    bad = tmp_path / "bad"
    write_bad_inputs(bad)
    files = [bad / "empty.pdf", bad / "encrypted.pdf", bad / "truncated.pdf",
             demo / "A_L6_factory_paysheet.xlsx", demo / "B_L3_range_totals.pdf"]
    out = tmp_path / "out"
    assert main(["samples", "photo", *map(str, files), "-o", str(out), "--style", "scan"]) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("错误：")]
    assert len(err) == 4
    for line, file, says in zip(err, files, ("空的", "加密", "损坏", "不是 PDF"), strict=False):
        assert str(file) in line and says in line, line
    assert (out / "B_L3_range_totals-p1.png").is_file()
    assert (out / "B_L3_range_totals-p1.png.truth.json").is_file()
    assert main(["samples", "photo", str(bad / "empty.pdf"), "-o", str(out)]) == 2
