"""Volunteers' own accounts (desk/accounts.py, desk/volunteers.py, ``--add-volunteer``): a
name with an account logs in with its own password only, so the log's *who* is proved; an
account is made, given a new password and removed from the desk computer only; removing it or
changing its password ends that volunteer's sessions and no one else's; a desk can run on
accounts alone, on the network too."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from shebao.desk.app import create_app
from starlette.testclient import TestClient

from .test_access import HERE, PASSWORD, PHONE, client, login, set_password
from .test_desk import FORM, csrf_of

OWN = "zhang-own-pass-1"


@pytest.fixture
def app(tmp_path: Path):
    return create_app(tmp_path / "store", worker=False)


def token_of(c: TestClient, path: str = "/volunteers") -> str:
    return csrf_of(c.get(path).text)


def volunteers(c: TestClient, **data):
    return c.post("/volunteers", data={**data, "csrf": token_of(c)}, follow_redirects=False)


def add(c: TestClient, name: str = "小张", password: str = OWN):
    return volunteers(c, do="add", name=name, password=password, again=password)


def test_an_account_is_made_from_the_desk_computer_and_stored_hashed(app, tmp_path) -> None:
    set_password(app)
    with client(app) as c:
        login(c)
        r = add(c)
        assert r.status_code == 303 and r.headers["location"] == "/volunteers?done=add"
        page = c.get("/volunteers?done=add").text
        assert "小张" in page and "账号已建立" in page
        assert add(c).status_code == 400  # the same name again
        assert "已经有叫“小张”的账号了" in add(c).text
        short = add(c, "小赵", "short")
        assert short.status_code == 400 and "密码至少 8 个字符" in short.text
        differ = volunteers(c, do="add", name="小赵", password=OWN, again=OWN + "x")
        assert differ.status_code == 400 and "两次输入的密码不一样" in differ.text
    store = tmp_path / "store" / "accounts.json"
    assert stat.S_IMODE(os.stat(store).st_mode) == 0o600
    assert OWN not in store.read_text() and list(json.loads(store.read_text())) == ["小张"]
    with client(app, PHONE) as phone:
        login(phone)
        page = phone.get("/volunteers")
        assert page.status_code == 200 and "小张" in page.text
        assert 'value="add"' not in page.text  # no forms: not a coordinator, not at the desk
        refused = add(phone, "小孙")
        assert refused.status_code == 403 and "只有协调员" in refused.text
    assert list(json.loads(store.read_text())) == ["小张"]


def test_a_name_with_an_account_logs_in_with_its_own_password_only(app, tmp_path) -> None:
    set_password(app)
    with client(app) as c:
        login(c)
        add(c)
    with client(app, PHONE) as c:
        wrong = login(c, PASSWORD, who="小张")  # the desk password does not open her name
        assert wrong.status_code == 401 and "要用自己的密码" in wrong.text
        assert login(c, OWN, who="小张").status_code == 303
        assert "小张" in c.get("/").text
    with client(app, PHONE) as c:  # a name without an account still uses the desk password
        assert login(c, PASSWORD, who="小李").status_code == 303
        assert login(c, OWN, who="小李").status_code == 401
    entries = [json.loads(line) for line in
               (tmp_path / "store" / "actions.jsonl").read_text().splitlines()]
    logins = [(e["who"], e["action"], e.get("account", False)) for e in entries
              if e["action"].startswith("login")]
    assert logins == [("小李", "login", False), ("小张", "login.failed", True),
                      ("小张", "login", True), ("小李", "login", False),
                      ("小李", "login.failed", False)]
    assert ("小李", "volunteer.add:小张") in [(e["who"], e["action"]) for e in entries]


def test_removing_an_account_or_changing_its_password_ends_only_its_sessions(app) -> None:
    set_password(app)
    with client(app) as admin, client(app, PHONE) as zhang, client(app, PHONE) as li:
        login(admin)
        add(admin)
        assert login(zhang, OWN, who="小张").status_code == 303
        assert login(li, PASSWORD, who="小李").status_code == 303
        assert volunteers(admin, do="password", name="小张", password=OWN + "2",
                          again=OWN + "2").status_code == 303
        assert zhang.get("/", follow_redirects=False).status_code == 303  # sent to login
        assert zhang.post("/cases", data=FORM).status_code == 403
        assert li.get("/").status_code == 200  # someone else's session goes on
        assert login(zhang, OWN, who="小张").status_code == 401
        assert login(zhang, OWN + "2", who="小张").status_code == 303
        assert zhang.get("/").status_code == 200
        assert volunteers(admin, do="remove", name="小张").status_code == 303
        assert zhang.get("/", follow_redirects=False).status_code == 303
        assert li.get("/").status_code == 200
        # once removed, the name logs in with the desk password again
        assert login(zhang, PASSWORD, who="小张").status_code == 303
        gone = volunteers(admin, do="remove", name="小张")
        assert gone.status_code == 400 and "没有叫“小张”的账号" in gone.text


def test_a_desk_on_accounts_alone_needs_a_login_and_keeps_setup_closed(tmp_path) -> None:
    lan = create_app(tmp_path / "store", worker=False, require_password=True)
    with client(lan) as c:  # a network desk with nothing to log in with refuses everything
        assert c.get("/").status_code == 503
    lan.state.access.accounts.add("小张", OWN)
    with client(lan, PHONE) as c:
        r = c.get("/", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        assert login(c, OWN, who="小张").status_code == 303
        assert c.get("/").status_code == 200
    with client(lan, HERE) as c:
        assert c.get("/setup").status_code == 409  # no desk password set behind the accounts
        assert login(c, OWN, who="小王").status_code == 401  # no desk password at all


def test_add_volunteer_without_a_terminal_is_refused_plainly(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "shebao", "serve", "--store",
                          str(tmp_path / "s"), "--add-volunteer", "小张"],
                         capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert run.returncode != 0
    assert "没有终端可以输入" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "s" / "accounts.json").exists()
