"""A forked child can use the OCR engine its parent already used.

``shebao batch`` reads each document in a forked child. The parent's engine keeps a pool of
worker threads, which a fork does not copy: before the fix, a child that inherited a used
engine handed its work to threads that did not exist and waited forever (seen as batch
workers hanging on a futex when the whole suite ran in one process)."""

from __future__ import annotations

import multiprocessing

import numpy as np
from PIL import Image, ImageDraw
from shebao.ingest.ocr.engines import select_engine


def _picture() -> np.ndarray:
    img = Image.new("RGB", (400, 100), "white")
    ImageDraw.Draw(img).text((10, 40), "2023 3404.00", fill="black")
    return np.array(img)


def _child(queue) -> None:
    queue.put([line.text for line in select_engine().recognise(_picture())])


def test_a_forked_child_reads_with_the_parents_used_engine() -> None:
    parent = [line.text for line in select_engine().recognise(_picture())]
    assert parent  # the parent's pool has run
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(queue,))
    process.start()
    process.join(120)
    hung = process.is_alive()
    if hung:
        process.kill()
    assert not hung, "the child waited on the parent's worker threads"
    assert process.exitcode == 0
    assert queue.get(timeout=5) == parent
