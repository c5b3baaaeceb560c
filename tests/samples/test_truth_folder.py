"""One name for the demo set's truth folder: ``shebao.samples.demo_set.TRUTH_DIR`` is where
``write_demo`` puts every truth and where ``shebao samples photo`` (``TRUTH_PLACES``) looks,
for the set's top-level documents and for those of a case folder one level down."""

from __future__ import annotations

import shutil

from shebao.samples.demo_set import TRUTH_DIR
from shebao.samples.photo import TRUTH_PLACES, find_truth


def test_photo_searches_the_demo_sets_truth_folder_beside_and_above_the_pdf():
    assert (".", TRUTH_DIR, f"../{TRUTH_DIR}") == TRUTH_PLACES


def test_the_committed_demo_set_keeps_a_truth_of_every_document_in_that_folder(repo_root):
    demo = repo_root / "samples" / "demo"
    pdfs = sorted(demo.glob("*.pdf")) + sorted((demo / "case-D").glob("*.pdf"))
    assert pdfs
    assert all((demo / TRUTH_DIR / f"{pdf.name}.truth.json").is_file() for pdf in pdfs)


def test_a_set_laid_out_like_the_demo_set_has_its_truths_found(repo_root, tmp_path):
    demo = repo_root / "samples" / "demo"
    (tmp_path / "case-D").mkdir()
    (tmp_path / TRUTH_DIR).mkdir()
    for rel in ("B_L3_range_totals.pdf", "case-D/factory_statement.pdf"):
        shutil.copy(demo / rel, tmp_path / rel)
        name = f"{rel.split('/')[-1]}.truth.json"
        shutil.copy(demo / TRUTH_DIR / name, tmp_path / TRUTH_DIR / name)
        found = find_truth(tmp_path / rel)
        assert found.path is not None
        assert found.path.resolve() == (tmp_path / TRUTH_DIR / name).resolve()
