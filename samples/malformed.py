"""Malformed inputs, many of them: the fuzz suite's generator (issue 10, point 7).

Contract
--------
:func:`malformed(index, seeds)` -> :class:`Case`: the ``index``-th malformed input, the same for
the same index and seed documents (deterministic). Cases cycle through :data:`KINDS`, each a
class of damage an unlucky user or an attacker brings:

* damaged PDFs: truncated, bytes flipped or spliced, xref or trailer cut, page tree with a
  huge ``/Count`` or a loop, nested arrays thousands deep, a Flate stream that inflates to
  hundreds of MB, garbage after a valid header;
* bombs: a PNG or TIFF header declaring a giant image, a TIFF of many frames, an xlsx whose
  sheet unpacks to hundreds of MB, an xlsx with a value at XFD1048576, billion laughs and an
  external entity in the sheet XML, broken ``styles.xml``;
* bad encodings: CSV in UTF-16 (with and without BOM), random bytes, a NUL-filled CSV, a field
  over the csv module's limit, JSON nested thousands deep, JSON of the wrong shape;
* odd names: control characters, newlines, undecodable bytes, 250-byte names, a leading dash,
  a PDF named ``.jpg``;
* special files: a FIFO, a folder named like a PDF, a link loop, a link to ``/dev/zero``.

:func:`materialise(case, folder)` writes it and returns the path to give the command.
:func:`run_extract(path, out)` runs ``shebao extract PATH -o OUT/x.json`` in a child forked
from a fork server holding the imports (the real command, no interpreter start per file, and
none of the caller's memory or threads) under a wall-time and memory
watch (CPU seconds, and wall seconds without any CPU for a case that blocks) and returns an
:class:`Outcome`: ``accepted`` (exit 0), ``refused`` (exit 1 or 2 with
exactly one ``错误：`` line and no traceback), ``traceback``, ``timeout``, ``memory`` (resident
memory past the limit: killed) or ``crashed`` (killed by a signal, or refused in more than one
line), with the seconds, the peak resident memory and the message.
:func:`seed_documents()` gives the real documents the mutations start from (the committed demo
set). Used by ``tests/hardening/test_fuzz.py`` (a few hundred, hypothesis) and ``bench/fuzz.py``
(thousands, with counts).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shebao.limits import cpu_seconds, rss_mb

DEMO = Path(__file__).resolve().parent / "demo"


@dataclass(frozen=True)
class Case:
    kind: str
    name: bytes  # the file name as bytes (may not be UTF-8)
    data: bytes | None  # None: a special file (see ``special``)
    special: str | None = None  # "fifo", "dir", "loop", "devzero"


def seed_documents() -> dict[str, bytes]:
    """Real documents to damage: the demo set's PDFs, pay sheet xlsx and a photo-like PNG."""
    out = {p.name: p.read_bytes() for p in sorted(DEMO.glob("*.pdf"))}
    out.update({p.name: p.read_bytes() for p in sorted(DEMO.glob("*.xlsx"))})
    return out


# ---------------------------------------------------------------------------------------------
# PDFs


def _pdf(rng: random.Random, seeds: dict[str, bytes]) -> bytes:
    pdfs = [v for k, v in seeds.items() if k.endswith(".pdf")]
    return rng.choice(pdfs)


def pdf_truncated(rng, seeds):
    data = _pdf(rng, seeds)
    return data[: rng.randrange(8, len(data))]


def pdf_flipped(rng, seeds):
    data = bytearray(_pdf(rng, seeds))
    for _ in range(rng.randrange(1, 200)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def pdf_spliced(rng, seeds):
    a, b = _pdf(rng, seeds), _pdf(rng, seeds)
    i, j = rng.randrange(len(a)), rng.randrange(len(b))
    return a[:i] + b[j:]


def pdf_no_xref(rng, seeds):
    data = _pdf(rng, seeds)
    cut = data.rfind(b"xref")
    return data[:cut] + rng.choice([b"", b"trailer\n<<>>\n%%EOF", b"startxref\n999999\n%%EOF"])


def pdf_garbage(rng, seeds):
    return b"%PDF-1." + bytes([48 + rng.randrange(8)]) + b"\n" + rng.randbytes(
        rng.randrange(10, 20000))


def _objects(objs: list[bytes], root: int = 1) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objs) + 1, root, xref))
    return out.getvalue()


def pdf_huge_count(rng, seeds):
    count = rng.choice([10**6, 10**9, 2**31 - 1, -1])
    return _objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"])


def pdf_page_loop(rng, seeds):
    return _objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                     b"<< /Type /Pages /Parent 2 0 R /Kids [3 0 R] /Count 1 >>"])


def pdf_deep_nesting(rng, seeds):
    depth = rng.choice([1000, 5000, 50000])
    return _objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /X "
                     + b"[" * depth + b"]" * depth + b" >>"])


def pdf_flate_bomb(rng, seeds):
    size = rng.choice([50, 200, 600]) << 20
    z = zlib.compressobj(9)
    chunk = b"0 0 m 1 1 l S\n" * 4096
    body = b"".join(z.compress(chunk) for _ in range(size // len(chunk))) + z.flush()
    content = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + \
        b"\nendstream"
    return _objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                     content])


def pdf_huge_page(rng, seeds):
    side = rng.choice([14400, 10**6, 10**9])
    return _objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] >>" % (side, side)])


# ---------------------------------------------------------------------------------------------
# images


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(rng, seeds):
    w, h = rng.choice([(100000, 100000), (30000, 30000), (1, 10**7), (65535, 65535)])
    raw = zlib.compress(b"\x00" * (1 << 16))
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + _png_chunk(b"IDAT", raw) + _png_chunk(b"IEND", b""))


def _small_image(rng, fmt: str, size=(160, 90)) -> bytes:
    from PIL import Image

    img = Image.new("RGB", size, (rng.randrange(256), 200, 200))
    buf = io.BytesIO()
    img.save(buf, fmt)
    return buf.getvalue()


def image_truncated(rng, seeds):
    data = _small_image(rng, rng.choice(["JPEG", "PNG", "WEBP", "TIFF", "BMP", "GIF"]))
    return data[: rng.randrange(4, len(data))]


def image_flipped(rng, seeds):
    data = bytearray(_small_image(rng, rng.choice(["JPEG", "PNG", "TIFF"])))
    for _ in range(rng.randrange(1, 30)):
        data[rng.randrange(8, len(data))] = rng.randrange(256)
    return bytes(data)


def tiff_many_frames(rng, seeds):
    from PIL import Image

    frames = rng.choice([600, 2000])
    first = Image.new("1", (8, 8))
    buf = io.BytesIO()
    first.save(buf, "TIFF", save_all=True, append_images=[Image.new("1", (8, 8))] * (frames - 1))
    return buf.getvalue()


def tiff_huge_frames(rng, seeds):
    from PIL import Image

    frames = [Image.new("1", (9000, 9000)) for _ in range(rng.choice([3, 6]))]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], compression="group4")
    return buf.getvalue()


def random_bytes(rng, seeds):
    return rng.randbytes(rng.randrange(1, 5000))


# ---------------------------------------------------------------------------------------------
# spreadsheets and text


def _xlsx_with(sheet_xml: bytes, styles: bytes | None = None) -> bytes:
    from openpyxl import Workbook

    buf = io.BytesIO()
    wb = Workbook()
    wb.active["A1"] = "姓名"
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            elif item.filename == "xl/styles.xml" and styles is not None:
                data = styles
            dst.writestr(item.filename, data)
    return out.getvalue()


SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def xlsx_far_cell(rng, seeds):
    ref = rng.choice([b"XFD1048576", b"ZZ900000", b"A1048576", b"XFD1"])
    return _xlsx_with(SHEET_HEAD + b'<dimension ref="A1:%s"/><sheetData><row r="1"><c r="A1" '
                      b't="inlineStr"><is><t>x</t></is></c></row><row r="%s"><c r="%s"><v>1</v>'
                      b"</c></row></sheetData></worksheet>"
                      % (ref, ref.lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"), ref))


def xlsx_declared_dimension(rng, seeds):
    return _xlsx_with(SHEET_HEAD + b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1">'
                      b'<c r="A1"><v>1</v></c></row></sheetData></worksheet>')


def xlsx_zip_bomb(rng, seeds):
    size = rng.choice([200, 600]) << 20
    filler = b" " * size
    return _xlsx_with(SHEET_HEAD + b"<sheetData>" + filler + b"</sheetData></worksheet>")


def xlsx_billion_laughs(rng, seeds):
    ents = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10))
    return _xlsx_with(b'<?xml version="1.0"?><!DOCTYPE worksheet [' + ents + b"]>"
                      b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                      b'main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t>'
                      b"</is></c></row></sheetData></worksheet>")


def xlsx_xxe(rng, seeds):
    return _xlsx_with(b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM '
                      b'"file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats'
                      b'.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
                      b't="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>')


def xlsx_bad_xml(rng, seeds):
    good = SHEET_HEAD + b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    return _xlsx_with(good[: rng.randrange(20, len(good))] + rng.randbytes(rng.randrange(0, 50)))


def xlsx_bad_styles(rng, seeds):
    return _xlsx_with(SHEET_HEAD + b"<sheetData/></worksheet>",
                      styles=rng.choice([b"<styleSheet>", b"\x00\x01garbage",
                                         b'<styleSheet xmlns="http://schemas.openxmlformats.org/'
                                         b'spreadsheetml/2006/main"><cellXfs count="1"><xf '
                                         b'numFmtId="99999" fontId="-5"/></cellXfs></styleSheet>']))


def xlsx_mutated(rng, seeds):
    xlsx = [v for k, v in seeds.items() if k.endswith(".xlsx")]
    data = bytearray(rng.choice(xlsx))
    for _ in range(rng.randrange(1, 40)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def csv_utf16(rng, seeds):
    text = "姓名\t工号\t实发工资\n张三\tA01\t4,531.35\n"
    return rng.choice([text.encode("utf-16"), text.encode("utf-16-le"),
                       text.encode("utf-16-be")])


def csv_huge_field(rng, seeds):
    return b'name,amount\n"' + b"x" * rng.choice([200_000, 2_000_000]) + b'",1\n'


def csv_nul(rng, seeds):
    return b"a,b\x00,c\n" * rng.randrange(1, 2000) + b"\x00" * rng.randrange(0, 100)


def csv_wide(rng, seeds):
    return b",".join(b"1" for _ in range(rng.choice([20000, 200000]))) + b"\n" + b"1\n" * 300


def json_deep(rng, seeds):
    depth = rng.choice([10_000, 100_000])
    return b"[" * depth + b"]" * depth


def json_wrong_shape(rng, seeds):
    return rng.choice([b'{"schema": "shebao.extract/1", "document": 5}',
                       b'{"schema": "shebao.extract/1", "contributions": [{"month": "x"}]}',
                       b"[1,2,3]", b'"text"', b"\xff\xfe{}", b"{" * 10])


# kind -> (file suffix or suffixes, maker)
Maker = Callable[[random.Random, dict[str, bytes]], bytes]
KINDS: dict[str, tuple[tuple[str, ...], Maker]] = {
    "pdf_truncated": ((".pdf",), pdf_truncated),
    "pdf_flipped": ((".pdf",), pdf_flipped),
    "pdf_spliced": ((".pdf",), pdf_spliced),
    "pdf_no_xref": ((".pdf",), pdf_no_xref),
    "pdf_garbage": ((".pdf",), pdf_garbage),
    "pdf_huge_count": ((".pdf",), pdf_huge_count),
    "pdf_page_loop": ((".pdf",), pdf_page_loop),
    "pdf_deep_nesting": ((".pdf",), pdf_deep_nesting),
    "pdf_flate_bomb": ((".pdf",), pdf_flate_bomb),
    "pdf_huge_page": ((".pdf",), pdf_huge_page),
    "pdf_named_jpg": ((".jpg", ".png"), _pdf),
    "png_bomb": ((".png",), png_bomb),
    "image_truncated": ((".jpg", ".png", ".webp", ".tif", ".bmp", ".gif", ".heic"),
                        image_truncated),
    "image_flipped": ((".jpg", ".png", ".tif"), image_flipped),
    "tiff_many_frames": ((".tif",), tiff_many_frames),
    "tiff_huge_frames": ((".tiff",), tiff_huge_frames),
    "random_bytes": ((".pdf", ".jpg", ".png", ".xlsx", ".csv", ".json", ".heic", ".tif"),
                     random_bytes),
    "xlsx_far_cell": ((".xlsx",), xlsx_far_cell),
    "xlsx_declared_dimension": ((".xlsx",), xlsx_declared_dimension),
    "xlsx_zip_bomb": ((".xlsx",), xlsx_zip_bomb),
    "xlsx_billion_laughs": ((".xlsx",), xlsx_billion_laughs),
    "xlsx_xxe": ((".xlsx",), xlsx_xxe),
    "xlsx_bad_xml": ((".xlsx",), xlsx_bad_xml),
    "xlsx_bad_styles": ((".xlsx",), xlsx_bad_styles),
    "xlsx_mutated": ((".xlsx",), xlsx_mutated),
    "csv_utf16": ((".csv",), csv_utf16),
    "csv_huge_field": ((".csv",), csv_huge_field),
    "csv_nul": ((".csv",), csv_nul),
    "csv_wide": ((".csv",), csv_wide),
    "json_deep": ((".json",), json_deep),
    "json_wrong_shape": ((".json",), json_wrong_shape),
}
SPECIALS = ("fifo", "dir", "loop", "devzero")
IMAGE_SUFFIXES = (b".jpg", b".png", b".webp", b".tif", b".tiff", b".bmp", b".gif", b".heic")
ODD_STEMS = [b"a\nb", b"tab\there", b"\x1b[31mred", b"\xff\xfe\xb2\xbb", b"-o", b"--help",
             b"%s%n%x", b"x" * 240, "张".encode() * 80, b" lead", b"trail.", b"=HYPERLINK(1)"]
# expensive cases are drawn less often: they are few in any real folder, and they cost time
RARE = {"pdf_flate_bomb", "xlsx_zip_bomb", "tiff_huge_frames", "tiff_many_frames"}


def malformed(index: int, seeds: dict[str, bytes]) -> Case:
    """The ``index``-th case (module contract)."""
    rng = random.Random(index)
    names = list(KINDS)
    kind = names[index % len(names)]
    if kind in RARE and rng.random() < 0.6:
        kind = "pdf_flipped"
    if index % 17 == 5:
        special = SPECIALS[(index // 17) % len(SPECIALS)]
        return Case(f"special_{special}", b"special-%d.pdf" % index, None, special)
    suffixes, maker = KINDS[kind]
    suffix = rng.choice(suffixes).encode()
    stem = b"case-%d" % index
    if index % 7 == 3:  # an odd name on an otherwise ordinary damaged file
        stem = rng.choice(ODD_STEMS) + b"-%d" % index
    return Case(kind, stem + suffix, maker(rng, seeds))


def materialise(case: Case, folder: Path) -> Path:
    """Write ``case`` into ``folder``; the path (``str`` form may carry undecodable bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = os.path.join(os.fsencode(folder), case.name)
    path = Path(os.fsdecode(raw))
    if case.special == "fifo":
        os.mkfifo(raw)
    elif case.special == "dir":
        os.mkdir(raw)
    elif case.special == "loop":
        os.symlink(case.name, raw)  # a link to itself
    elif case.special == "devzero":
        os.symlink(b"/dev/zero", raw)
    else:
        with open(raw, "wb") as fh:
            fh.write(case.data or b"")
    return path


# ---------------------------------------------------------------------------------------------
# running one case


@dataclass
class Outcome:
    verdict: str  # accepted | refused | traceback | timeout | memory | crashed
    seconds: float  # wall time
    peak_mb: float
    message: str
    cpu: float = 0.0  # CPU seconds, as last seen while it ran


_PRELOAD = ["shebao.cli", "shebao.ingest.pipeline"]


def _context():
    """The fork server every case starts from: a single-threaded process holding only the
    imports. Forking the caller instead measured the caller's memory as the case's (a fuzz
    runner generating a 600 MB zip bomb in one thread made 23 cases of the other thread look
    like 1.3 GB each) and could fork it while another thread held a lock (a hang)."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def _extract_child(args: list[str], log: str, peak_file: str, env: dict[str, str],
                   cpu_limit: float) -> None:
    """The case's process: ``shebao ARGS`` with stdout and stderr to ``log``; writes its own
    peak resident memory (VmHWM, MiB) and CPU seconds to ``peak_file``; exits with the
    command's code."""
    import signal
    import sys
    import traceback

    code = 98
    try:
        from shebao.batch.run import _die_with_parent

        _die_with_parent(os.getppid())
        import resource

        # a backstop: the fork server outlives a runner that is killed, and so would the case
        limit = int(cpu_limit) + 5
        resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 5))
        os.environ.clear()
        os.environ.update(env)
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        from shebao.cli import main

        code = main(args)
    except BaseException:
        traceback.print_exc()
        code = 99
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        with contextlib.suppress(OSError):
            import resource

            used = resource.getrusage(resource.RUSAGE_SELF)
            Path(peak_file).write_text(
                f"{rss_mb(os.getpid(), 'VmHWM')} {used.ru_utime + used.ru_stime}", "ascii")
        os._exit(code if isinstance(code, int) else 97)


def run_extract(path: Path, out: Path, seconds: float = 60.0, memory_mb: int = 1536,
                ocr: bool = True, wall: float | None = None) -> Outcome:
    """One case through ``shebao extract`` in a process of its own (module contract).

    The process is forked from a fork server (:func:`_context`), not from the caller, so its
    memory is its own whatever the caller holds, and any number of caller threads may run
    cases at once. Its peak is the larger of the resident memory watched every 20 ms and the
    high-water mark it reports on exit. ``seconds`` limits the CPU time it uses (a machine
    shared with other work stretches the wall time of a sound case many times over: 5 of the
    first 100 cases of a run at load 20 passed a 60 s wall limit, one case a 300 s limit
    after 9 s of CPU); ``wall`` (default five times ``seconds``) limits the time it may go
    without using any CPU: a case that blocks (waits on a pipe, a lock) rather than works."""
    import time

    out.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}-{time.monotonic_ns()}"
    log, peak_file = out / f"stderr-{tag}.txt", out / f"peak-{tag}.txt"
    args = ["extract", str(path), "-o", str(out / "x.json"), "--force"]
    env = {**os.environ, "SHEBAO_OCR_THREADS": "1"}
    process = _context().Process(
        target=_extract_child, args=(args + ([] if ocr else ["--no-ocr"]), str(log),
                                     str(peak_file), env, seconds), daemon=True)
    started = time.monotonic()
    process.start()
    wall = 5 * seconds if wall is None else wall
    peak, verdict, cpu, working = 0.0, "", 0.0, started
    while process.exitcode is None:
        peak = max(peak, rss_mb(process.pid or 0))
        now, used = time.monotonic(), cpu_seconds(process.pid or 0)
        if used > cpu:
            cpu, working = used, now
        if cpu > seconds or now - working > wall:
            verdict = "timeout"
        elif peak > memory_mb:
            verdict = "memory"
        if verdict:
            process.kill()
            break
        process.join(0.02)
    process.join()
    elapsed = time.monotonic() - started
    with contextlib.suppress(OSError, ValueError):
        own_peak, own_cpu = peak_file.read_text("ascii").split()
        peak, cpu = max(peak, float(own_peak)), max(cpu, float(own_cpu))
    peak_file.unlink(missing_ok=True)
    try:
        text = log.read_text("utf-8", "replace")
    except OSError:
        text = ""
    log.unlink(missing_ok=True)
    errors = [x for x in text.splitlines() if x.startswith("错误：")]
    code = process.exitcode
    if not verdict:
        if code is None or code < 0:
            verdict = "crashed"
        elif "Traceback" in text or code in (97, 98, 99):
            verdict = "traceback"
        elif code == 0:
            verdict = "accepted"
        elif code in (1, 2) and len(errors) == 1:
            verdict = "refused"
        else:
            verdict = "crashed"
    last = text.strip().splitlines()[-1:]
    message = errors[0] if errors else (last[0] if last else "")
    return Outcome(verdict, elapsed, peak, message[:300], cpu)
