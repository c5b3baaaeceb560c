"""Logging in to the desk in a real Chromium (see ``conftest.py``): the signed session cookie
and the CSRF token work as a browser sends them (plain forms and htmx requests), a wrong
password is refused, logging out ends the session, a phone needs no login."""

from __future__ import annotations

import re

import pytest
from shebao.desk.access import Access

from .conftest import shot

pytestmark = pytest.mark.browser
PASSWORD = "folding-table-7"


def test_login_forms_htmx_and_logout_in_a_browser(desk_server, desk_page, phone_page,
                                                   shots) -> None:
    Access(desk_server.store).set_password(PASSWORD)  # read on every request
    page = desk_page
    page.goto(desk_server.base + "/")
    page.wait_for_url(re.compile(r"/login\?next=/$"))
    page.fill("input[name=who]", "小李")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    assert "密码不对" in page.locator("main").inner_text()
    page.fill("input[name=who]", "小李")
    page.fill("input[name=password]", PASSWORD)
    shot(page, shots, "login-desk")
    page.click("button[type=submit]")
    page.wait_for_url(desk_server.base + "/")
    assert "小李" in page.locator("header").inner_text()
    page.fill("input[name=worker_name]", "谢洋德")  # a plain form: the hidden token
    page.click("form[action='/cases'] button[type=submit]")
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    page.click("text=生成上传二维码")  # htmx: the token in hx-headers
    link = page.locator("#link code").inner_text()
    assert "/u/" in link and page.locator("#link svg").count() == 1
    phone_page.goto(link)  # no login on the phone
    assert phone_page.locator("input[type=file]").count() == 1
    page.click("text=退出")
    page.wait_for_url(re.compile(r"/login$"))
    page.goto(desk_server.base + "/")
    page.wait_for_url(re.compile(r"/login\?next=/$"))
    log = (desk_server.store / "actions.jsonl").read_text()
    for action in ('"login.failed"', '"login"', '"case.create"', '"link.create"', '"logout"'):
        assert action in log
