"""How one lost header label affects each recorded OCR document (prints figures; not a test).

    .venv/bin/python tests/ingest/lost_label_sweep.py [FIXTURE ...]

For every recorded OCR fixture (``tests/ocr/fixtures``), every header, and every understood
field label of that header (not 部门/签收-like ignored ones), the label's words are removed -
as if the OCR had not read it - and the document is read again and scored against the
generator's truth. Each loss is counted as

* ``ok``: row F1 and field accuracy still >= 0.97;
* ``flagged``: below that, but the result says so - a ``header_label_borrowed`` or
  ``unlabelled_column`` warning, or a ``header_incomplete`` refusal naming the column;
* ``silent``: below that with nothing telling the volunteer (the failure to avoid).

Takes about five minutes on two cores (the two strip fixtures dominate).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from shebao.ingest.pipeline import analyse, extract_pages
from shebao.ingest.table import HeaderLabel
from shebao.ingest.words import PageText

from shebao.errors import InputError
from shebao.records import Extract

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "ocr" / "fixtures"
BAR = 0.97
FLAGS = ("header_label_borrowed", "unlabelled_column")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


recorded = _load("sweep_recorded", HERE.parent / "ocr" / "test_recorded.py")
scoring = _load("sweep_scoring", HERE / "scoring.py")


def _without(pages: list[PageText], number: int, lb: HeaderLabel, level) -> list[PageText]:
    out = []
    for p in pages:
        words = p.words
        if p.number == number:
            words = [
                w for w in p.words
                if not (lb.x0 - 2 <= w.xc <= lb.x1 + 2
                        and lb.top - 2 <= level.y(w.xc, w.yc) <= lb.bottom + 2)
            ]
        out.append(PageText(p.number, p.width, p.height, words, p.rules, p.method, p.notes))
    return out


def sweep(path: Path) -> tuple[dict[str, int], list[tuple]]:
    pages, truth, _ = recorded.load_fixture(path)
    counts = {"drops": 0, "ok": 0, "flagged": 0, "silent": 0}
    silent = []
    seen = set()
    for table in analyse(pages, truth.document.file, truth.document.sha256).tables:
        header = table.header
        if (table.page, header.top) in seen or header.top == header.bottom:
            continue
        seen.add((table.page, header.top))
        for lb in header.labels:
            if lb.borrowed_from or lb.label is None or lb.label.kind != "field":
                continue
            if lb.label.name == "ignore":
                continue
            counts["drops"] += 1
            changed = _without(pages, table.page, lb, header.level)
            try:
                ex = extract_pages(changed, truth.document.file, truth.document.sha256)
                flagged = any(w.code in FLAGS for w in ex.warnings)
            except InputError as exc:
                ex = Extract(document=truth.document.model_copy(update={"kind": "unknown"}))
                flagged = exc.code == "header_incomplete"
            score = scoring.score(ex, truth)
            accuracy = recorded.field_accuracy(score)
            if score.f1 >= BAR and accuracy >= BAR:
                counts["ok"] += 1
            elif flagged:
                counts["flagged"] += 1
            else:
                counts["silent"] += 1
                silent.append((table.page, lb.text, round(score.f1, 3), round(accuracy, 3)))
    return counts, silent


def main(names: list[str]) -> int:
    paths = [FIXTURES / f"{n}.json" for n in names] or sorted(FIXTURES.glob("*.json"))
    total = {"drops": 0, "ok": 0, "flagged": 0, "silent": 0}
    for path in paths:
        counts, silent = sweep(path)
        for k, v in counts.items():
            total[k] += v
        print(f"{path.stem:22s} {counts}" + (f" silent: {silent}" if silent else ""), flush=True)
    print(f"{'TOTAL':22s} {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
