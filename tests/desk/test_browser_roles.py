"""Roles in a real Chromium (see ``conftest.py``), on a real ``shebao serve --lan``: the desk
computer's browser (127.0.0.1) manages every account and role; a coordinator on another device
(the desk reached at this computer's LAN address, so its requests come from a non-loopback
address) makes a plain volunteer's account and is offered nothing else; a plain volunteer is
shown no forms and a change it sends is refused with a Chinese page; a coordinator demoted at
the desk computer loses the forms at once. Screenshots of each page (``shots``)."""

from __future__ import annotations

import json
import re

import pytest
from shebao.desk.access import Access
from shebao.desk.cli import lan_address
from shebao.desk.volunteers import NO_POWER

from .conftest import shot, start_server, stop_server

pytestmark = pytest.mark.browser
PASSWORD = "folding-table-7"
CHEN = "chen-coordinator-1"
ZHANG = "zhang-own-pass-1"


def _login(page, base: str, who: str, password: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=who]", who)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def _add(page, name: str, password: str) -> None:
    form = page.locator("form:has(input[name=do][value=add])")
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=password]").fill(password)
    form.locator("input[name=again]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/volunteers\?done=add$"))


def test_roles_in_a_browser(tmp_path, chromium, shots) -> None:
    address = lan_address()
    if address is None:
        # a machine with no network interface but loopback (some CI containers) cannot show
        # the desk another device; the role rules themselves are proved through the ASGI
        # client with a non-loopback client address in test_roles.py
        pytest.skip("no LAN address on this machine: shebao serve --lan refuses without one")
    store = tmp_path / "store"
    access = Access(store)
    access.set_password(PASSWORD)
    access.accounts.add("老陈", CHEN, coordinator=True)
    access.accounts.add("小张", ZHANG)
    server = start_server(store, tmp_path / "serve.log", "--lan", "--no-https", ready="/login")
    port = server.base.rsplit(":", 1)[1]
    here, away = server.base, f"http://{address}:{port}"
    contexts = [chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
                for _ in range(3)]
    desk, chen, zhang = (c.new_page() for c in contexts)
    try:
        # the desk computer: every form, the role box and the coordinators' form
        _login(desk, here, "小王", PASSWORD)
        desk.goto(here + "/volunteers")
        assert desk.locator("input[name=coordinator]").count() == 1
        assert desk.locator("button[value=promote]").count() == 1
        table = desk.locator("table").inner_text()
        assert "老陈\t协调员" in table and "小张\t志愿者" in table
        shot(desk, shots, "roles-desk-computer")
        # a coordinator on another device: plain volunteers only
        _login(chen, away, "老陈", CHEN)
        chen.goto(away + "/volunteers")
        assert chen.locator("input[name=coordinator]").count() == 0
        assert chen.locator("button[value=promote]").count() == 0
        options = chen.locator("form:has(input[name=do][value=remove]) option").all_inner_texts()
        assert options == ["小张"]  # not 老陈 itself
        assert "你是协调员" in chen.locator("main").inner_text()
        _add(chen, "小孙", ZHANG + "s")
        assert "账号已建立" in chen.locator("main").inner_text()
        shot(chen, shots, "roles-coordinator-away")
        # a plain volunteer: no forms; a change sent anyway is refused in Chinese
        _login(zhang, away, "小张", ZHANG)
        zhang.goto(away + "/volunteers")
        assert zhang.locator("input[name=do]").count() == 0
        assert "只能由协调员做" in zhang.locator("main").inner_text()
        shot(zhang, shots, "roles-volunteer-away")
        zhang.evaluate("""() => {
            const f = document.createElement('form');
            f.method = 'post'; f.action = '/volunteers';
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token'];
            for (const [k, v] of [['csrf', token], ['do', 'remove'], ['name', '老陈']]) {
                const i = document.createElement('input');
                i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i);
            }
            document.body.appendChild(f); f.submit();
        }""")
        zhang.wait_for_load_state()
        refused = zhang.locator("main").inner_text()
        assert NO_POWER in refused
        shot(zhang, shots, "roles-volunteer-refused")
        # the desk computer demotes the coordinator: its forms are gone at once
        desk.goto(here + "/volunteers")
        desk.locator("form:has(button[value=demote]) select").select_option("老陈")
        desk.click("button[value=demote]")
        desk.wait_for_url(re.compile(r"done=demote$"))
        assert "已改为普通志愿者" in desk.locator("main").inner_text()
        chen.goto(away + "/volunteers")
        assert chen.locator("input[name=do]").count() == 0
        desk.goto(here + "/log")
        log_text = desk.locator("main").inner_text()
        assert "refused.volunteer.remove:老陈" in log_text and "volunteer.demote:老陈" in log_text
        shot(desk, shots, "roles-log")
    finally:
        for context in contexts:
            context.close()
        stop_server(server)
    entries = [json.loads(line) for line in (store / "actions.jsonl").read_text().splitlines()]
    done = [(e["who"], e["action"], e["status"]) for e in entries
            if "volunteer" in e["action"]]
    assert done == [("老陈", "volunteer.add:小孙", 303),
                    ("小张", "refused.volunteer.remove:老陈", 403),
                    ("小王", "volunteer.demote:老陈", 303)]


def test_accounts_damaged_while_serving_in_a_browser(desk_server, desk_page, shots) -> None:
    """A real ``shebao serve``: accounts.json cut short while it runs -> the volunteer's
    browser shows the Chinese page naming the file, the server's terminal log says so."""
    access = Access(desk_server.store)
    access.accounts.add("小张", ZHANG)
    _login(desk_page, desk_server.base, "小张", ZHANG)
    accounts = desk_server.store / "accounts.json"
    damaged = accounts.read_bytes()[:-30]
    accounts.write_bytes(damaged)
    desk_page.goto(desk_server.base + "/")
    text = desk_page.locator("main").inner_text()
    assert "接待台暂时无法使用" in text and "accounts.json 损坏：内容不完整" in text
    shot(desk_page, shots, "damaged-accounts")
    assert accounts.read_bytes() == damaged
    stop_server(desk_server)
    log = desk_server.log.read_text(encoding="utf-8")
    assert "接待台数据文件损坏" in log and "accounts.json" in log and "Traceback" not in log
