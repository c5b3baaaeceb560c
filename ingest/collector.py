"""The cyclic garbage collector paused while a reader builds millions of small objects.

Contract: :func:`paused` is a context manager: inside it the collector does not run; on
leaving, it runs again if it ran before (a caller that had paused it finds it paused). Objects
are still freed by their reference counts; only reference cycles wait for the collector.

Reading a long document builds millions of small objects (words, lines, cells, rows) and, in
the project's own code, no cycles: the collector, which traverses the young objects every few
hundred allocations and the whole heap now and then, took a tenth of the time of a 100,000-row
sheet and found nothing. Callers pause it only around work that leaves no cycles behind, or
collect once after (an openpyxl workbook is a cycle: sheets and cells point to their parent);
never around the PDF parser, whose page layouts are cycles freed page by page.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
