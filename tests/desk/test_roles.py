"""Roles on the desk (desk/volunteers.py): a coordinator (协调员, an account flag) manages plain
volunteers' accounts from any device; every coordinator's account, its own included, is changed
at the desk computer only; a plain volunteer changes nothing (403 in Chinese, logged); the desk
computer keeps all its power. And accounts.json is parsed once per change of the file, an
account made by ``shebao serve --add-volunteer`` in another process taking effect at once."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from shebao.desk.app import create_app
from shebao.desk.volunteers import DESK_ONLY_COORDINATOR, DESK_ONLY_ROLE, NO_POWER, NOT_SELF

from .conftest import _free_port
from .test_access import HERE, PASSWORD, PHONE, client, login
from .test_volunteers import OWN, add, volunteers

CHEN = "chen-coordinator-1"  # 老陈's password


@pytest.fixture
def app(tmp_path: Path):
    app = create_app(tmp_path / "store", worker=False)
    app.state.access.set_password(PASSWORD)
    accounts = app.state.access.accounts
    accounts.add("老陈", CHEN, coordinator=True)
    accounts.add("老王", CHEN + "w", coordinator=True)
    accounts.add("小张", OWN)
    return app


def stored(app) -> dict:
    return json.loads(app.state.access.accounts.file.read_text(encoding="utf-8"))


def log_entries(app) -> list[tuple]:
    lines = app.state.access.log_file.read_text(encoding="utf-8").splitlines()
    return [(e["who"], e["action"], e["status"], e.get("account", False))
            for e in map(json.loads, lines)]


def test_a_coordinator_manages_plain_volunteers_from_any_device(app) -> None:
    with client(app, PHONE) as chen, client(app, PHONE) as zhang:
        assert login(chen, CHEN, who="老陈").status_code == 303
        assert login(zhang, OWN, who="小张").status_code == 303
        page = chen.get("/volunteers").text
        assert 'value="add"' in page and 'name="coordinator"' not in page  # no role box
        choices = page.split('value="password">', 1)[1].split("</select>", 1)[0]
        assert "<option>小张</option>" in choices and "老陈" not in choices \
            and "老王" not in choices  # only the accounts a coordinator may change
        assert add(chen, "小孙").status_code == 303
        assert volunteers(chen, do="password", name="小张", password=OWN + "2",
                          again=OWN + "2").status_code == 303
        assert zhang.get("/", follow_redirects=False).status_code == 303  # her session ended
        assert volunteers(chen, do="remove", name="小孙").status_code == 303
    accounts = stored(app)
    assert sorted(accounts) == ["小张", "老王", "老陈"]
    assert "coordinator" not in accounts["小张"]
    entries = log_entries(app)
    assert ("老陈", "volunteer.add:小孙", 303, True) in entries
    assert ("老陈", "volunteer.password:小张", 303, True) in entries
    assert ("老陈", "volunteer.remove:小孙", 303, True) in entries


# (do, name, extra form fields, the reason the coordinator is refused)
REFUSED = [
    ("add", "小钱", {"password": OWN, "again": OWN, "coordinator": "1"}, DESK_ONLY_ROLE),
    ("promote", "小张", {}, DESK_ONLY_ROLE),
    ("demote", "老王", {}, DESK_ONLY_ROLE),
    ("demote", "老陈", {}, DESK_ONLY_ROLE),
    ("password", "老王", {"password": OWN, "again": OWN}, DESK_ONLY_COORDINATOR),
    ("remove", "老王", {}, DESK_ONLY_COORDINATOR),
    ("remove", "老陈", {}, NOT_SELF),  # itself, while logged in
    ("password", "老陈", {"password": OWN, "again": OWN}, NOT_SELF),
]


@pytest.mark.parametrize(("do", "name", "fields", "why"), REFUSED,
                         ids=[f"{d}-{n}" for d, n, _, _ in REFUSED])
def test_what_a_coordinator_may_not_do(app, do: str, name: str, fields: dict, why: str) -> None:
    before = app.state.access.accounts.file.read_bytes()
    with client(app, PHONE) as chen:
        assert login(chen, CHEN, who="老陈").status_code == 303
        r = volunteers(chen, do=do, name=name, **fields)
        assert r.status_code == 403 and why in r.text
        assert chen.get("/").status_code == 200  # still logged in
    assert app.state.access.accounts.file.read_bytes() == before  # nothing changed
    assert ("老陈", f"refused.volunteer.{do}:{name}", 403, True) in log_entries(app)


def test_removing_the_last_coordinator_is_not_a_coordinators_to_do(app) -> None:
    """With one coordinator left, it can neither remove nor demote itself: someone can
    always still manage accounts away from the desk computer."""
    app.state.access.accounts.remove("老王")
    assert app.state.access.accounts.coordinators() == ["老陈"]
    with client(app, PHONE) as chen:
        login(chen, CHEN, who="老陈")
        assert volunteers(chen, do="remove", name="老陈").status_code == 403
        assert volunteers(chen, do="demote", name="老陈").status_code == 403
    assert app.state.access.accounts.coordinators() == ["老陈"]


def test_a_plain_volunteer_or_a_desk_password_session_changes_nothing(app) -> None:
    before = app.state.access.accounts.file.read_bytes()
    with client(app, PHONE) as zhang, client(app, PHONE) as li:
        login(zhang, OWN, who="小张")
        login(li, PASSWORD, who="小李")
        for c, who in ((zhang, "小张"), (li, "小李")):
            page = c.get("/volunteers")
            assert page.status_code == 200 and "小张" in page.text
            assert 'value="add"' not in page.text
            for do, name in (("add", "小孙"), ("remove", "小张"), ("password", "老陈")):
                r = volunteers(c, do=do, name=name, password=OWN, again=OWN)
                assert r.status_code == 403 and NO_POWER in r.text
                assert (who, f"refused.volunteer.{do}:{name}", 403, who == "小张") \
                    in log_entries(app)
    assert app.state.access.accounts.file.read_bytes() == before


def test_a_coordinator_demoted_loses_the_power_at_once(app) -> None:
    with client(app, HERE) as desk_computer, client(app, PHONE) as chen:
        login(desk_computer, who="小王")
        login(chen, CHEN, who="老陈")
        assert add(chen, "小孙").status_code == 303
        assert volunteers(desk_computer, do="demote", name="老陈").status_code == 303
        r = add(chen, "小钱")  # the same session, no new login
        assert r.status_code == 403 and NO_POWER in r.text
        assert volunteers(desk_computer, do="promote", name="老陈").status_code == 303
        assert add(chen, "小钱").status_code == 303
    assert "小钱" in stored(app) and stored(app)["老陈"]["coordinator"] is True


def test_the_desk_computer_keeps_all_its_power(app) -> None:
    with client(app, HERE) as c:
        login(c, who="小王")  # the desk password, at the desk computer
        page = c.get("/volunteers").text
        assert 'name="coordinator"' in page and 'value="promote"' in page
        r = volunteers(c, do="add", name="小钱", password=OWN, again=OWN, coordinator="1")
        assert r.status_code == 303
        assert volunteers(c, do="password", name="老王", password=OWN,
                          again=OWN).status_code == 303
        assert volunteers(c, do="remove", name="老王").status_code == 303
        assert volunteers(c, do="demote", name="小钱").status_code == 303
        assert volunteers(c, do="remove", name="老陈").status_code == 303  # the last one
    assert app.state.access.accounts.coordinators() == []
    assert sorted(stored(app)) == ["小张", "小钱"]
    entries = log_entries(app)
    assert ("小王", "volunteer.add_coordinator:小钱", 303, False) in entries
    assert ("小王", "volunteer.demote:小钱", 303, False) in entries
    with client(app, HERE) as chen_here:  # a coordinator at the desk computer: all power
        app.state.access.accounts.add("老陈", CHEN, coordinator=True)
        login(chen_here, CHEN, who="老陈")
        assert volunteers(chen_here, do="remove", name="老陈").status_code == 303
        assert chen_here.get("/", follow_redirects=False).status_code == 303  # logged out


def test_accounts_json_is_parsed_once_per_change(app) -> None:
    accounts = app.state.access.accounts
    with client(app, PHONE) as zhang:
        login(zhang, OWN, who="小张")
        zhang.get("/")
        reads = accounts.reads
        for _ in range(5):
            assert zhang.get("/").status_code == 200
        assert accounts.reads == reads  # unchanged file, not parsed again
        other = subprocess.run(  # another process gives her a new password
            [sys.executable, "-c", "import sys; from shebao.desk.accounts import Accounts; "
             "Accounts(sys.argv[1]).set_password('小张', 'from-another-process')",
             str(accounts.file.parent)], capture_output=True, text=True, timeout=120)
        assert other.returncode == 0, other.stderr
        assert zhang.get("/", follow_redirects=False).status_code == 303  # ended at once
        assert accounts.reads == reads + 1
        assert login(zhang, "from-another-process", who="小张").status_code == 303


def _add_volunteer_at_a_terminal(store: Path, name: str, password: str, *extra: str) -> str:
    """``shebao serve --add-volunteer NAME`` in another process, its password typed at a
    terminal (a pseudo-terminal; no controlling one, so it is read from it with echo off) when
    each prompt shows; stopped (SIGINT) once the account is made. Its terminal messages."""
    controller, terminal = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "shebao", "serve", "--store", str(store), "--port",
         str(_free_port()), "--add-volunteer", name, *extra],
        stdin=terminal, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True)
    os.close(terminal)
    said, typed = b"", 0
    deadline = time.monotonic() + 120
    try:
        while process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([process.stderr], [], [], 0.5)
            if ready:
                said += os.read(process.stderr.fileno(), 4096)
            text = said.decode("utf-8", "replace")
            prompts = text.count("的密码") + text.count("再输入一次")
            if typed < prompts:  # type only once the prompt shows (echo is off by then)
                os.write(controller, f"{password}\n".encode())
                typed += 1
            if "已建立" in text:
                break
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
        os.close(controller)
    return (said + (rest or b"")).decode("utf-8", "replace")


def test_an_account_made_by_add_volunteer_in_another_process_takes_effect_at_once(
        app, tmp_path: Path) -> None:
    store = tmp_path / "store"
    with client(app, PHONE) as zhao:
        assert login(zhao, PASSWORD, who="小赵").status_code == 303  # no account yet
        said = _add_volunteer_at_a_terminal(store, "小赵", "zhao-own-pass", "--coordinator")
        assert "协调员账号“小赵”已建立" in said, said
        # the desk running here sees it at once: her name now needs her own password
        assert login(zhao, PASSWORD, who="小赵").status_code == 401
        assert login(zhao, "zhao-own-pass", who="小赵").status_code == 303
        assert add(zhao, "小孙").status_code == 303  # and she is a coordinator
    assert stored(app)["小赵"]["coordinator"] is True and "小孙" in stored(app)


def test_coordinator_flag_without_add_volunteer_is_refused(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "shebao", "serve", "--store",
                          str(tmp_path / "s"), "--coordinator"], capture_output=True, text=True,
                         timeout=120, stdin=subprocess.DEVNULL)
    assert run.returncode == 2 and "--coordinator 要和 --add-volunteer 一起用" in run.stderr
    assert "Traceback" not in run.stderr
