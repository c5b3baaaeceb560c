"""The desk in a real Chromium (Debian's package, driven by Playwright; see ``conftest.py``).

Kept few and small: the machine's two cores are shared, and each test starts a server."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import shot

pytestmark = pytest.mark.browser


def test_a_case_is_created_from_the_form_and_its_upload_link_opens_on_a_phone(
        desk_server, desk_page, phone_page, shots) -> None:
    page = desk_page
    page.goto(desk_server.base + "/")
    assert page.locator("h2").first.inner_text() == "新建案件"
    shot(page, shots, "index-desk")
    page.fill("input[name=worker_name]", "谢洋德")
    page.select_option("select[name=gender]", "男")
    page.fill("input[name=employer_name]", "东莞市虎门镇嘉禾电子科技实业有限公司")
    page.fill("input[name=start]", "2019-01")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    assert page.locator("h1").inner_text() == "谢洋德"
    page.click("text=生成上传二维码")
    link = page.locator("#link code").inner_text()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/u/[\w-]{40,}", link)
    assert page.locator("#link svg").count() == 1  # the QR code
    shot(page, shots, "case-desk")
    phone_page.goto(link)
    assert phone_page.locator("input[type=file]").get_attribute("accept") == \
        "image/*,application/pdf"
    shot(phone_page, shots, "upload-phone")


DEMO = Path(__file__).resolve().parents[2] / "samples" / "demo"


@pytest.fixture(scope="session")
def statement_photos(tmp_path_factory) -> list[Path]:
    """Phone photos of pages 1 and 2 of the demo's monthly statement (``shebao samples
    photo``: a fictitious person), in page order."""
    out = tmp_path_factory.mktemp("photos")
    subprocess.run([sys.executable, "-m", "shebao", "samples", "photo",
                    str(DEMO / "A_L1_monthly_statement.pdf"), "-o", f"{out}/"],
                   check=True, capture_output=True)
    return [out / f"A_L1_monthly_statement-p{n}.jpg" for n in (1, 2)]


@pytest.mark.slow
def test_the_whole_sitting(desk_server, desk_page, phone_page, shots, statement_photos,
                           tmp_path: Path) -> None:
    """Create a case, the worker uploads two photos from a phone, both are read by OCR, the
    volunteer checks a value against the photo and corrects it, runs the audit and downloads
    the worker's report, which carries the corrected value marked against the one read."""
    base, page = desk_server.base, desk_page
    page.goto(base + "/")
    page.fill("input[name=worker_name]", "王春燕")
    page.select_option("select[name=gender]", "女")
    page.fill("input[name=insured_place]", "东莞市")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    case_url = page.url
    page.click("text=生成上传二维码")
    link = page.locator("#link code").inner_text()

    # the phone: two pages, one after the other, each seen arriving
    phone_page.goto(link)
    for n, photo in enumerate(statement_photos, 1):
        phone_page.set_input_files("input[type=file]", str(photo))
        phone_page.click("button[type=submit]")
        expect(phone_page.locator("#list")).to_contain_text(f"已收到 {photo.name}")
        expect(phone_page.locator("#list li")).to_have_count(n)
    shot(phone_page, shots, "phone-upload")

    # the desk sees both arrive and read (htmx polls; OCR in the background)
    page.goto(case_url)
    expect(page.locator(".upload .state-done")).to_have_count(2, timeout=600_000)
    expect(page.locator("form[action$='/split']")).to_contain_text("一份材料的各页")
    shot(page, shots, "case-desk-read")

    # review beside the image: a value clicked shows its cell on the photo, then corrected
    page.locator("a.review-link").first.click()
    page.wait_for_url(re.compile(r"/review/\d+$"))
    expect(page.locator("figure img").first).to_be_visible()
    cell = page.locator("td.v[data-field=base]").first
    read_value = float(cell.get_attribute("data-value"))
    cell.click()
    assert page.locator("rect.cell.hit").count() >= 1  # where it was read, on the image
    shot(page, shots, "review-desk")
    new_value = f"{read_value + 123:.0f}"
    page.fill("#fix input[name=new]", new_value)
    page.fill("#fix input[name=by]", "李志愿")
    page.click("#fix button[type=submit]")
    expect(page.locator("td.v.fixed").first).to_contain_text("人工更正")
    shot(page, shots, "review-desk-corrected")

    # a column read as the wrong field: the last 个人缴费 column is to be ignored
    page.click("#columns summary")
    where = page.locator("#fix-column select[name=where] option",
                         has_text="读作 个人缴费").last
    label = where.inner_text()
    page.select_option("#fix-column select[name=where]", where.get_attribute("value"))
    page.select_option("#fix-column select[name=new]", "ignore")
    page.fill("#fix-column input[name=by]", "李志愿")
    page.click("#fix-column button[type=submit]")
    page.wait_for_url(re.compile(r"/review/\d+$"))
    # read again from the cells (the page reloads itself until that is done)
    fixed = label.split("：")[0] + "：读作 不读取（忽略此列）（人工更正，原为 个人缴费）"
    expect(page.locator("#fix-column select[name=where]")).to_contain_text(fixed,
                                                                          timeout=300_000)
    expect(page.locator("#rereading")).to_have_count(0)
    expect(page.locator("td.v.fixed").first).to_contain_text("人工更正")  # the cell's stays
    shot(page, shots, "review-desk-column-corrected")

    # the audit, and the report with the correction marked
    page.goto(case_url)
    page.click("#audit button")
    expect(page.locator("#audit")).to_contain_text("下载给劳动者本人的报告", timeout=600_000)
    expect(page.locator("#audit")).to_contain_text("人工更正")
    shot(page, shots, "case-desk-audited")
    with page.expect_download() as download:
        page.click("text=下载给劳动者本人的报告")
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        text = "".join((p.extract_text() or "") for p in doc.pages).replace("\n", "")
    assert "王春燕" in text and "已按原件更正的数值" in text
    assert f"{read_value:.0f}" in text and f"{new_value}（人工更正）" in text
    # the column's row of the table: where (第1页第N列), the role read, the role corrected
    # ("列的含义" wraps in its narrow cell)
    assert re.search(r"第1页第\d+列", text) and "不读取（忽略此列）（人工更正）" in text

    # every page of the sitting at phone size too
    for name, url in (("index", base + "/"), ("case", case_url)):
        phone_page.goto(url)
        shot(phone_page, shots, f"{name}-phone")
    phone_page.goto(case_url + "/review/1")
    shot(phone_page, shots, "review-phone")
