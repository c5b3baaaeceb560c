"""Bad inputs the reader must reject with one clear message (Chinese, with English).

:func:`write_bad_inputs` writes each case into a folder together with ``bad_inputs.json``,
a manifest of ``{file, case, exists, zh, en}`` saying what is wrong with it, so a test of the
reader can check that every case fails cleanly (no traceback, non-zero exit) and that a good
file in the same batch is still extracted. Cases:

* ``empty.pdf`` - zero bytes;
* ``truncated.pdf`` - the first 40 % of a real statement (no trailer, no xref);
* ``corrupt.pdf`` - a ``%PDF-`` header followed by garbage;
* ``encrypted.pdf`` - a real statement encrypted with a user password (pypdf);
* ``image_only.pdf`` - a statement page rendered to an image and embedded, no text layer;
* ``cid_glyphs.pdf`` (only with ``extra=True``, so that readers' tests over the manifest opt
  in) - a real statement whose fonts lost their ToUnicode maps, so the text layer reads
  ``(cid:12)(cid:13)…`` (a known pdfplumber failure mode): OCR is needed;
* ``letter.pdf`` - a real text PDF that is not a statement (a letter);
* ``not_payroll.xlsx`` - a spreadsheet that is not a pay sheet (a stock list);
* ``notes.txt`` - an unsupported file type;
* ``missing.pdf`` - listed in the manifest, never written (a missing path);
* ``huge_statement.pdf`` (only with ``huge=True``) - a valid 100-year L1 statement of ~34
  pages, to see that size alone is no problem.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

from openpyxl import Workbook
from pypdf import PdfReader, PdfWriter
from shebao.samples.pdf import PORTRAIT, Pdf, wrap

PASSWORD = "1234"


@dataclass(frozen=True)
class BadCase:
    file: str
    case: str
    exists: bool
    zh: str
    en: str


def _statement(tmp: Path, seed: int = 1, months: int = 24) -> Path:
    from shebao.samples import generate

    return generate("L1", seed, tmp, months=months, name="_good_statement").path


def write_bad_inputs(out_dir: Path, huge: bool = False, extra: bool = False) -> list[BadCase]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    scratch = out / ".scratch"
    good = _statement(scratch)
    data = good.read_bytes()
    cases: list[BadCase] = []

    def add(file: str, case: str, zh: str, en: str, exists: bool = True) -> None:
        cases.append(BadCase(file, case, exists, zh, en))

    (out / "empty.pdf").write_bytes(b"")
    add("empty.pdf", "empty", "文件为空（0字节）", "empty file (0 bytes)")

    (out / "truncated.pdf").write_bytes(data[: int(len(data) * 0.4)])
    add("truncated.pdf", "truncated", "PDF文件不完整（下载或复制中断）",
        "truncated PDF (download or copy interrupted)")

    rng = random.Random(7)
    garbage = bytes(rng.randrange(256) for _ in range(4096))
    (out / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + garbage)
    add("corrupt.pdf", "corrupt", "PDF文件已损坏，无法读取", "corrupt PDF, cannot be parsed")

    writer = PdfWriter(clone_from=PdfReader(good))
    writer.encrypt(user_password=PASSWORD, owner_password=PASSWORD + "-owner",
                   algorithm="AES-128")
    with open(out / "encrypted.pdf", "wb") as fh:
        writer.write(fh)
    add("encrypted.pdf", "encrypted", "PDF文件已加密，需要密码才能打开",
        f"encrypted PDF, needs a password (it is {PASSWORD})")

    _image_only(good, out / "image_only.pdf")
    add("image_only.pdf", "image_only", "PDF没有文字层（扫描件或图片），需要OCR识别",
        "PDF has no text layer (scan or image); OCR is needed")

    if extra:
        _without_tounicode(good, out / "cid_glyphs.pdf")
        add("cid_glyphs.pdf", "cid_glyphs", "PDF文字层无法解码（(cid:)乱码），需要OCR识别",
            "the text layer cannot be decoded ((cid:) glyphs); OCR is needed")

    _letter(out / "letter.pdf")
    add("letter.pdf", "not_statement", "该PDF不是社保缴费明细或工资表",
        "this PDF is not a contribution statement or pay sheet")

    _stock_list(out / "not_payroll.xlsx")
    add("not_payroll.xlsx", "not_payroll", "该表格不是工资表",
        "this spreadsheet is not a pay sheet")

    (out / "notes.txt").write_text("我的社保断缴了三个月，请帮我看看。\n", encoding="utf-8")
    add("notes.txt", "unsupported", "不支持的文件类型（.txt）", "unsupported file type (.txt)")

    add("missing.pdf", "missing", "文件不存在", "file not found", exists=False)

    if huge:
        from shebao.samples import generate

        generate("L1", 99, out, months=1200, name="huge_statement")
        add("huge_statement.pdf", "huge_ok", "（有效文件：100年缴费记录，约34页）",
            "(valid: a 100-year statement of about 34 pages)")

    for f in scratch.iterdir():
        f.unlink()
    scratch.rmdir()
    (out / "bad_inputs.json").write_text(
        json.dumps([asdict(c) for c in cases], ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    return cases


def _image_only(source: Path, target: Path) -> None:
    """Page 1 of ``source`` rendered at 110 dpi and embedded as the only page content."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    doc = pdfium.PdfDocument(str(source))
    try:
        image = doc[0].render(scale=110 / 72).to_pil().convert("L")
    finally:
        doc.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    buf.seek(0)
    pdf = Pdf(target, PORTRAIT, title="scan")
    pdf.c.drawImage(ImageReader(buf), 0, 0, width=pdf.width, height=pdf.height)
    pdf.pages += 1
    pdf.end_page()
    pdf.save()


def _without_tounicode(source: Path, target: Path) -> None:
    """``source`` with the /ToUnicode map of every font removed."""
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(source))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" in font:
                del font[NameObject("/ToUnicode")]
    with open(target, "wb") as fh:
        writer.write(fh)


def _letter(target: Path) -> None:
    pdf = Pdf(target, PORTRAIT, watermark="text", title="邀请函")
    pdf.begin_page()
    pdf.text(pdf.width / 2, 90, "邀请函", size=18, align="center", bold=True)
    body = ("尊敬的各位家长：\n"
            "兹定于2025年9月1日上午九时在学校礼堂召开新学期家长会，届时将介绍本学期教学安排、"
            "课外活动及安全注意事项。请各位家长准时出席，如有特殊情况请提前与班主任联系。\n"
            "此致\n敬礼！")
    y = 140.0
    for line in wrap(body, 480, 11, pdf.font):
        pdf.text(60, y, line, size=11)
        y += 20
    pdf.text(480, y + 30, "某某小学（示例）", size=11, align="center")
    pdf.text(480, y + 50, "2025年8月20日", size=11, align="center")
    pdf.end_page()
    pdf.save()


def _stock_list(target: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "库存"
    ws.append(["仓库库存清单（示例）"])
    ws.append(["物料编码", "物料名称", "规格", "单位", "库存数量", "单价"])
    rng = random.Random(3)
    for i in range(20):
        ws.append([f"M{1000 + i}", rng.choice(("螺丝", "垫片", "电容", "胶带", "纸箱")),
                   f"{rng.randint(2, 12)}mm", "个", rng.randint(10, 5000),
                   round(rng.uniform(0.1, 20), 2)])
    wb.save(target)
