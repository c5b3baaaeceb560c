"""Record the OCR of phone photos of unseen layouts, so the table logic that reads them is
tested without running the model (``test_unseen_photos.py``).

    .venv/bin/python tests/ocr/record_unseen.py SEED [SEED ...] [--months 12]

For each seed it composes the unseen statement (:mod:`shebao.samples.unseen`), photographs
its pages as ``bench/bench_unseen.py`` does, reads them with the OCR backend (RapidOCR, the
real model; a cached reading of the same image is the same output) and writes
``tests/ocr/unseen/<seed>.json``: ``{"source", "engine", "pipeline", "truth", "pages"}`` as in
``record.py`` (pages in the backend's cache form), plus ``"rereads"``: every second look the
reader took at the page images while reading the recorded pages (:mod:`shebao.ingest.reread`),
``[page, x0, top, x1, bottom, text, score]`` (plus ``1`` for a look with the coloured ink
faded), replayed by ``test_recorded.load_fixture``.
Re-record after changing the OCR pipeline, the unseen generator, or where the reader looks
again.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "unseen"


def record(seed: int, months: int, work: Path) -> Path:
    from shebao.ingest.ocr.backend import PIPELINE_VERSION, OcrBackend, Rereader, _page_to_json
    from shebao.ingest.pipeline import extract_pages
    from shebao.ingest.words import PageText
    from shebao.samples.unseen import generate_unseen, photograph_unseen

    from shebao.errors import InputError

    sample = generate_unseen(seed, work, months=months)
    images, _, truth = photograph_unseen(sample, work)
    backend = OcrBackend("rapidocr")
    pages = []
    texts: list[PageText] = []
    rereads: list[list] = []
    for image in images:
        for page in backend.read(image):
            look = Rereader(backend, image, page, None)  # (page.number: its file's own)
            number = len(pages) + 1

            def recorded(boxes, clean=False, look=look, number=number):
                read = look(boxes, clean=clean)
                rereads.extend([number, *(round(v, 1) for v in box), text, score,
                                *([1] if clean else [])]
                               for box, (text, score) in zip(boxes, read, strict=True))
                return read

            texts.append(PageText(len(pages) + 1, page.width, page.height, list(page.words),
                                  list(page.rules), "ocr", list(page.notes), reread=recorded))
            pages.append(page)
    try:
        extract_pages(texts, truth.document.file, truth.document.sha256)
    except InputError as exc:  # recorded all the same: a refusal is what a test may show
        print(f"{seed}: refused: {exc.en}", flush=True)
    for number, page in enumerate(pages, 1):
        page.number = number
    data = {
        "source": {"unseen_seed": seed, "months": months, "style": "phone",
                   "images": [i.name for i in images]},
        "engine": backend._engine_id(),
        "pipeline": PIPELINE_VERSION,
        "truth": truth.model_dump(mode="json"),
        "pages": [_page_to_json(p) for p in pages],
        "rereads": rereads,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"{seed}.json"
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description="record OCR of unseen-layout photos")
    parser.add_argument("seeds", type=int, nargs="+")
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ocr_unseen_"))
    for seed in args.seeds:
        out = record(seed, args.months, work)
        print(f"{out.name}: {out.stat().st_size // 1024} KiB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
