"""Score recorded OCR outputs against the generator's truth (a developer tool, not a test).

    .venv/bin/python tests/ocr/score.py [DIR ...]

Prints row F1 and field accuracy of every ``<layout>-<style>.json`` in each folder (default:
the fixtures), with the bar of ``test_recorded.py`` and the wrong values per field (its
``KNOWN_MISREADS``); use it to compare a pipeline change
recorded with ``record.py --out DIR`` against the committed fixtures before re-recording.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _recorded():
    spec = importlib.util.spec_from_file_location("ocr_test_recorded", HERE / "test_recorded.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    from shebao.ingest.pipeline import extract_pages

    from shebao.errors import InputError

    recorded = _recorded()
    scoring = recorded._scoring()
    folders = [Path(a) for a in argv] or [HERE / "fixtures"]
    below = 0
    for folder in folders:
        print(f"{folder}:")
        for path in sorted(folder.glob("*.json")):
            pages, truth, source = recorded.load_fixture(path)
            try:
                found = extract_pages(pages, truth.document.file, truth.document.sha256)
            except InputError as exc:
                print(f"  {path.stem:<24} nothing extracted: {exc.en}")
                below += 1
                continue
            score = scoring.score(found, truth)
            row_f1, fields = score.f1, recorded.field_accuracy(score)
            bar = recorded.BAR[source["style"]]
            mark = "" if min(row_f1, fields) >= bar else "  < bar"
            below += bool(mark)
            wrong = recorded.wrong_fields(score)
            print(f"  {path.stem:<24} row F1 {row_f1:.3f}  fields {fields:.3f}{mark}"
                  + (f"  wrong: {wrong}" if wrong else ""))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
