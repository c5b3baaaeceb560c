"""Bounded work per file: every limit on what one input may cost, in one place.

Each reader checks its limit *before* the costly step (from the file's structure, not by
trying) and refuses with a clear :class:`~shebao.errors.InputError` naming the file, the
measure and the limit. The figures leave ordinary documents far inside them: a 2,000-page
statement, a 50-megapixel phone photo, a 100,000-row pay sheet.

* :data:`MAX_PDF_PAGES` pages of a PDF read from its text layer, :data:`MAX_CONTENT_BYTES`
  bytes of one page's drawing commands once unpacked (checked with a capped inflate);
  :data:`MAX_OCR_PAGES` pages (or TIFF frames) read by OCR;
* :data:`MAX_PIXELS` pixels of one page image (decompression-bomb guard);
  :data:`MAX_TOTAL_PIXELS` over all frames of one image file;
* :data:`MAX_SHEET_CELLS` cells of a sheet's used range, measured from the cells that hold
  data (a stray value at XFD1048576 counts; a declared dimension or an empty styled cell does
  not), and at most :data:`MAX_EMPTY_ROWS` / :data:`MAX_EMPTY_COLS` empty rows / columns in
  it; :data:`MAX_UNZIPPED_BYTES` bytes an xlsx or docx may unpack to and
  :data:`MAX_ZIP_RATIO` the compression ratio of any large member (zip bombs), both judged
  from the zip directory by :func:`zip_too_large` before anything is unpacked;
* :data:`MAX_TEXT_BYTES` bytes of a CSV or JSON input;
* time and memory per document in a batch (:class:`shebao.batch.run.Limits`, which
  reads the overrides: ``[batch]`` of the config file or ``$SHEBAO_BATCH_*``,
  :mod:`shebao.config`): :data:`BATCH_SECONDS` + :data:`BATCH_SECONDS_PER_PAGE` for each
  page read from a text layer + :data:`BATCH_SECONDS_PER_OCR_PAGE` for each page to OCR (both
  counted by the reader before it reads: a PDF page that names no font is a scan), at most
  :data:`BATCH_SECONDS_MAX`, of CPU time (:data:`BATCH_WALL_FACTOR` times it of wall time);
  :data:`BATCH_MEMORY_MB` of the reader's own memory. A text PDF
  costs about 0.4 s of CPU a page (2026-12, 2 cores): 2,000 pages ~800 s, so a flat limit
  either skips long statements or waits far too long for a stuck short file; a scanned page
  costs about 20 times that (OCR). What a
  process costs is read from ``/proc``: :func:`cpu_seconds`, :func:`private_mb`,
  :func:`rss_mb` (the batch's watcher and the fuzz bench use the same three).
"""

from __future__ import annotations

import os

MAX_PDF_PAGES = 5000
MAX_OCR_PAGES = 500
MAX_CONTENT_BYTES = 8 * 1024 * 1024  # one page's drawing commands, unpacked: a statement page
# holds well under 1 MB; 50 MB of line commands took pdfminer over 60 s of CPU and 500 MB
MAX_PIXELS = 80_000_000  # a 50 MP phone photo passes; a 20000x20000 bomb does not
MAX_TOTAL_PIXELS = 200_000_000  # all frames of one TIFF (about 50 A4 pages at 200 dpi)
MAX_SHEET_CELLS = 5_000_000  # rows x columns of the used range (100k rows x 50 columns)
MAX_EMPTY_ROWS = 20_000  # empty rows inside a sheet's used range (a stray far-away value)
MAX_EMPTY_COLS = 1_000
MAX_UNZIPPED_BYTES = 400 * 1024 * 1024
MAX_ZIP_RATIO = 200  # for members larger than 1 MiB unpacked
MAX_TEXT_BYTES = 200 * 1024 * 1024

# per document in ``shebao batch`` (CPU seconds: the reader may share a busy machine)
BATCH_SECONDS = 600.0  # any document, whatever its size
BATCH_SECONDS_PER_PAGE = 1.5  # added per page: ~4x the 0.4 s of CPU a text page takes
BATCH_SECONDS_PER_OCR_PAGE = 30.0  # added per page to OCR: ~3x the ~10.5 s of CPU a scanned
# page took (24-page scan in a batch, 2 OCR threads, 2026-12; x the threads, as all of these)
BATCH_SECONDS_MAX = 7200.0  # ceiling (2 h): 4,400 pages and more all get this
BATCH_MEMORY_MB = 1536  # the reader's own (private) memory
# the time limit is CPU time (what the document costs); wall time past this many times the
# limit stops a reader too (one that waits without working, or a machine far too busy)
BATCH_WALL_FACTOR = 3.0


def zip_too_large(members: list) -> float | None:
    """The unpacked size in MiB of an OOXML package (``zipfile.ZipInfo`` list) when it is
    over :data:`MAX_UNZIPPED_BYTES` or a large member is packed past :data:`MAX_ZIP_RATIO`
    (a zip bomb); ``None`` when it is within the limits."""
    total = sum(m.file_size for m in members)
    bomb = any(m.file_size > 1 << 20 and m.file_size > MAX_ZIP_RATIO * max(1, m.compress_size)
               for m in members)
    return total / 2**20 if total > MAX_UNZIPPED_BYTES or bomb else None


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system, all threads) process ``pid`` has used; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def private_mb(pid: int) -> float:
    """Memory of process ``pid`` that is its own, in MiB: resident pages no other process
    maps (``Private_*`` of ``smaps_rollup``). A forked child starts near 0 whatever its
    parent holds, and pays for each page it writes. Its resident memory when the rollup is
    unreadable; 0 when the process is gone."""
    try:
        total = 0
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Private_"):
                    total += int(line.split()[1])
        return total / 1024
    except (OSError, ValueError, IndexError):
        return rss_mb(pid)


def rss_mb(pid: int, measure: str = "VmRSS") -> float:
    """Resident memory of process ``pid`` in MiB (0 when it is gone or unreadable); with
    ``measure="VmHWM"`` its peak so far."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(f"{measure}:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0
