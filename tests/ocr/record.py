"""Record real OCR outputs as fixtures, so table logic is tested without running the model.

    .venv/bin/python tests/ocr/record.py [--layouts L1,L4] [--styles phone,scan] [--out DIR]
                                         [--seed N]

For each layout × style it generates the document (fixed seed), photographs or scans every
page with :func:`shebao.samples.photo.photograph_all`, reads the images as one document with
the OCR backend (RapidOCR, the real model) and writes ``tests/ocr/fixtures/<layout>-<style>.json``:

``{"source": {...how it was made...}, "engine": "rapidocr-3.10.0", "pipeline": "2",
"truth": <shebao.extract/1 of the generator, method "ocr">, "pages": [<OcrPage>...]}``

where each page is the backend's cache form: ``number``, ``width``, ``height``, ``words``
(``[text, x0, top, x1, bottom, confidence]``), ``rules`` (``[x0, y0, x1, y1]``), ``notes``,
``geometry``, ``glyph_px``, ``sharpness``. Re-record after changing the OCR pipeline or the
generator's layouts; the test ``test_recorded.py`` reads these files only.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LAYOUTS = ("L1", "L2", "L3-total", "L3-monthly", "L4", "L5", "L5-henan", "L6-sheet-pdf",
           "L6-strips-pdf", "generic")
STYLES = ("phone", "scan")
SEED = 1
MONTHS = 12


def record(layout: str, style: str, work: Path, out_dir: Path = FIXTURES,
           seed: int = SEED) -> Path:
    from shebao.ingest.ocr.backend import PIPELINE_VERSION, OcrBackend, _page_to_json
    from shebao.samples import generate
    from shebao.samples.photo import photograph_all

    sample = generate(layout, seed=seed, out_dir=work, months=MONTHS)
    # one photo per page, read as one document (shebao extract p1.jpg p2.jpg --as-one-document)
    images = photograph_all(sample.path, work / f"{style}-{seed}", style, seed=seed)
    backend = OcrBackend("rapidocr", cache=False)
    pages = []
    for image in images:
        for page in backend.read(image):
            page.number = len(pages) + 1
            pages.append(page)
    truth = sample.truth.model_copy(deep=True)
    truth.document.method = "ocr"
    data = {
        "source": {"layout": layout, "seed": seed, "months": MONTHS, "style": style,
                   "photo_seed": seed, "images": [i.name for i in images]},
        "engine": backend._engine_id(),
        "pipeline": PIPELINE_VERSION,
        "truth": truth.model_dump(mode="json"),
        "pages": [_page_to_json(p) for p in pages],
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{layout}-{style}.json"
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description="record OCR fixtures")
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    parser.add_argument("--styles", default=",".join(STYLES))
    parser.add_argument("--out", type=Path, default=FIXTURES,
                        help="folder to write to (default: the fixtures; another one to compare "
                             "a pipeline change with tests/ocr/score.py before re-recording)")
    parser.add_argument("--seed", type=int, default=SEED,
                        help="another document and photo (the fixtures use 1; other seeds test "
                             "how the table logic holds on other photos, with score.py)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ocr_record_"))
    failed = 0
    for layout in args.layouts.split(","):
        for style in args.styles.split(","):
            try:
                out = record(layout, style, work, args.out, args.seed)
            except Exception as exc:  # keep recording the others
                failed += 1
                print(f"{layout}-{style}: FAILED {type(exc).__name__}: {exc}", flush=True)
                continue
            print(f"{out.name}: {out.stat().st_size // 1024} KiB", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
