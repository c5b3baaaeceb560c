"""The desk in a real Chromium (Debian's package, driven by Playwright; see ``conftest.py``).

Kept few and small: the machine's two cores are shared, and each test starts a server."""

from __future__ import annotations

import re

import pytest

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
