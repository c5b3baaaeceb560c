"""A damaged data file of the desk (desk/datafiles.py): ``accounts.json``, ``access.json``,
``session.key``, ``actions.jsonl``, ``desk.sqlite`` hand-edited, cut short, of the wrong JSON
type, missing a field or unreadable. ``shebao serve`` refuses to start with one line naming the
file and the problem; a file damaged while the desk runs gives the requests that need it a page
naming it (503), the server log and the action log say so, and the file is never written over
(accounts are never dropped)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from shebao.desk import datafiles
from shebao.desk.accounts import Accounts
from shebao.desk.app import create_app
from shebao.desk.datafiles import DamagedFile

from . import test_desk
from .test_access import HERE, PASSWORD, PHONE, client, login, set_password
from .test_desk import FORM, STATEMENT, csrf_of, new_case, new_link, upload
from .test_volunteers import OWN, add, volunteers


def unreadable(path: Path, monkeypatch) -> None:
    """``path`` made unreadable: mode 0 (and, run as root, who reads anything, the read
    refused as the system refuses it to the desk's user)."""
    path.chmod(0)
    if os.geteuid() == 0:
        real = open

        def refusing(file, *args, **kwargs):
            if Path(file) == path:
                raise PermissionError(13, "Permission denied", str(file))
            return real(file, *args, **kwargs)

        monkeypatch.setattr(datafiles, "open", refusing, raising=False)


def edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _drop(key: str):
    return lambda data: data["小张"].pop(key)


def _drop_salt(data: dict) -> None:
    data["小张"]["password"].pop("salt")


def _flag(data: dict) -> None:
    data["小张"]["coordinator"] = "yes"


# (how the file is damaged, what the refusal must say)
DAMAGES = {
    "truncated": (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
                  "内容不完整"),
    "hand-edited": (lambda p: p.write_text(p.read_text(encoding="utf-8").replace(
        '"epoch"', 'epoch', 1), encoding="utf-8"), "不是有效的 JSON，第"),
    "a list": (lambda p: p.write_text('["小张"]', encoding="utf-8"),
               "内容应为对象 {…}（每个志愿者的称呼一项），现在是列表 […]"),
    "empty": (lambda p: p.write_bytes(b""), "文件是空的"),
    "no epoch": (lambda p: edit(p, _drop("epoch")), "账号“小张”缺少字段 epoch"),
    "no password": (lambda p: edit(p, _drop("password")), "账号“小张”缺少字段 password"),
    "no salt": (lambda p: edit(p, _drop_salt), "账号“小张”的密码摘要缺少字段 salt"),
    "flag not boolean": (lambda p: edit(p, _flag), "账号“小张”的 coordinator 应为 true 或 false"),
}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    folder.mkdir()
    Accounts(folder).add("小张", OWN)
    Accounts(folder).add("老陈", OWN, coordinator=True)
    return folder


@pytest.mark.parametrize("how", sorted(DAMAGES))
def test_a_damaged_accounts_file_stops_the_desk_naming_it(store: Path, how: str) -> None:
    damage, said = DAMAGES[how]
    damage(store / "accounts.json")
    before = (store / "accounts.json").read_bytes()
    with pytest.raises(DamagedFile) as caught:
        create_app(store, worker=False)
    assert caught.value.zh.startswith("接待台的数据文件 accounts.json 损坏：")
    assert said in caught.value.zh and caught.value.file == str(store / "accounts.json")
    with pytest.raises(DamagedFile):  # adding an account is refused too: nothing written
        Accounts(store).add("小孙", OWN)
    assert (store / "accounts.json").read_bytes() == before


def test_an_unreadable_accounts_file_is_named_not_a_traceback(store: Path, monkeypatch) -> None:
    unreadable(store / "accounts.json", monkeypatch)
    with pytest.raises(DamagedFile) as caught:
        create_app(store, worker=False)
    assert "accounts.json 损坏：没有读取权限" in caught.value.zh
    with pytest.raises(DamagedFile):
        Accounts(store).remove("小张")
    (store / "accounts.json").chmod(0o600)
    monkeypatch.undo()
    assert Accounts(store).names() == ["小张", "老陈"]  # nothing was lost or written


def _serve(store: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shebao", "serve", "--store", str(store),
                           "--port", "1", *extra], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def _short_key(store: Path) -> None:
    (store / "session.key").write_bytes(b"abc")


def _garbage_database(store: Path) -> None:
    (store / "desk.sqlite").write_bytes(b"this is not a database, it was overwritten by hand" * 50)


def _bad_password(store: Path) -> None:
    (store / "access.json").write_text('{"scheme": "scrypt", "n": 32768}', encoding="utf-8")


# file damaged -> (its name, the problem said)
AT_START = {
    "accounts truncated": (lambda s: DAMAGES["truncated"][0](s / "accounts.json"),
                           "accounts.json", "内容不完整"),
    "accounts a list": (lambda s: DAMAGES["a list"][0](s / "accounts.json"), "accounts.json",
                        "现在是列表"),
    "password hash": (_bad_password, "access.json", "密码摘要缺少字段 r"),
    "session key": (_short_key, "session.key", "应为 32 个字节，现在是 3 个"),
    "database": (_garbage_database, "desk.sqlite", "SQLite 数据库无法打开"),
}


@pytest.mark.parametrize("how", sorted(AT_START))
def test_shebao_serve_refuses_to_start_with_one_line_naming_the_file(store: Path,
                                                                    how: str) -> None:
    damage, name, said = AT_START[how]
    if name == "desk.sqlite":
        create_app(store, worker=False).state.desk.store.engine.dispose()  # made, closed
    damage(store)
    before = {p.name: p.read_bytes() for p in store.iterdir() if p.is_file()}
    run = _serve(store)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert len(lines) == 1 and lines[0].startswith("错误："), run.stderr
    assert f"接待台的数据文件 {name} 损坏：" in lines[0] and said in lines[0], lines[0]
    for name_, data in before.items():  # nothing there written over
        assert (store / name_).read_bytes() == data, name_


def test_add_volunteer_over_a_damaged_accounts_file_is_refused_and_writes_nothing(
        store: Path) -> None:
    DAMAGES["no epoch"][0](store / "accounts.json")
    before = (store / "accounts.json").read_bytes()
    run = _serve(store, "--add-volunteer", "小孙")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "accounts.json 损坏：账号“小张”缺少字段 epoch" in run.stderr
    assert (store / "accounts.json").read_bytes() == before


def test_accounts_damaged_while_the_desk_runs(store: Path, caplog) -> None:
    app = create_app(store, worker=False)
    app.state.access.set_password(PASSWORD)
    accounts = store / "accounts.json"
    with client(app) as admin, client(app, PHONE) as zhang, client(app, PHONE) as li:
        login(admin, who="小王")
        assert login(zhang, OWN, who="小张").status_code == 303
        assert login(li, PASSWORD, who="小李").status_code == 303
        good = accounts.read_bytes()
        accounts.write_bytes(good[:-40])  # cut short while the desk runs
        damaged = accounts.read_bytes()
        with caplog.at_level(logging.ERROR, logger="shebao.desk"):
            page = zhang.get("/")
        assert page.status_code == 503 and "接待台暂时无法使用" in page.text
        assert "接待台的数据文件 accounts.json 损坏：内容不完整" in page.text
        assert "Traceback" not in page.text
        assert any("accounts.json" in r.getMessage() and "损坏" in r.getMessage()
                   for r in caplog.records)
        made = add(admin, "小孙")  # the desk computer cannot write over it either
        assert made.status_code == 503 and "accounts.json" in made.text
        assert accounts.read_bytes() == damaged  # never rewritten
        with client(app, PHONE) as again:  # a name with an account cannot log in now
            page = again.get("/login")
            r = again.post("/login", data={"who": "小张", "password": OWN, "next": "/",
                                           "csrf": csrf_of(page.text)})
            assert r.status_code == 503 and "accounts.json" in r.text
        # a volunteer on the desk password goes on working; its case is made and logged
        assert li.get("/").status_code == 200
        li.headers["X-CSRF-Token"] = csrf_of(li.get("/").text)
        made = li.post("/cases", data=FORM, follow_redirects=False)
        assert made.status_code == 303
        link = new_link(li, made.headers["location"])
        with client(app, PHONE) as phone:  # phones need no account: uploads go on
            sent = upload(phone, link, "明细.pdf", STATEMENT.read_bytes())
            assert sent.status_code == 200 and "明细.pdf" in sent.text
        accounts.write_bytes(good)  # put back from the backup: her session goes on
        assert zhang.get("/").status_code == 200
    entries = [json.loads(line) for line in (store / "actions.jsonl").read_text().splitlines()]
    refused = [(e["who"], e["status"]) for e in entries
               if e["action"] == "refused.damaged:accounts.json"]
    # her page; the accounts page and its form sent from the desk computer; the login
    assert refused == [("小张", 503), ("小王", 503), ("小王", 503), ("-", 503)]
    actions = [(e["who"], e["action"], e["status"]) for e in entries]
    assert ("小李", "case.create", 303) in actions and ("phone", "upload.phone", 200) in actions
    assert Accounts(store).names() == ["小张", "老陈"]


def test_desk_password_file_damaged_while_running_refuses_the_login(tmp_path: Path) -> None:
    app = create_app(tmp_path / "store", worker=False)
    set_password(app)
    (tmp_path / "store" / "access.json").write_text("[]", encoding="utf-8")
    with client(app, PHONE) as c:
        r = login(c)
        assert r.status_code == 503
        assert "接待台的数据文件 access.json 损坏：密码摘要应为对象 {…}" in r.text
        assert "shebao serve --set-password" in r.text  # what to do


def test_the_log_with_a_line_cut_short_is_shown_with_the_line_named(tmp_path: Path) -> None:
    app = create_app(tmp_path / "store", worker=False)
    set_password(app)
    log = tmp_path / "store" / "actions.jsonl"
    with log.open("ab") as fh:
        fh.write(b'{"time": "2026-12-07T20:00:00+00:00", "who": "\xe5\xb0\x8f')  # cut short
    before = log.read_bytes()
    with client(app, HERE) as c:
        login(c)  # logged on a line of its own after the one cut short
        page = c.get("/log")
    lines = log.read_bytes().splitlines()
    assert log.read_bytes().startswith(before)  # nothing dropped or rewritten
    assert json.loads(lines[-1])["action"] == "login" and lines[-2].endswith(b"\xe5\xb0\x8f")
    assert page.status_code == 200
    assert f"有 1 行无法读取（第 {len(lines) - 1} 行" in page.text
    assert "password.set" in page.text and "<td style=\"text-align:left\">login</td>" in page.text


def test_set_password_over_a_damaged_password_file_keeps_it_aside(tmp_path: Path) -> None:
    from shebao.desk.access import Access
    from shebao.desk.cli import _verify

    access = Access(tmp_path / "store")
    access.password_file.write_text('{"scheme": "scrypt"', encoding="utf-8")
    with pytest.raises(DamagedFile):
        _verify(access, set_password=False)
    _verify(access, set_password=True)
    aside = list((tmp_path / "store").glob("access.json.damaged-*"))
    assert len(aside) == 1 and aside[0].read_text() == '{"scheme": "scrypt"'
    assert not access.password_file.exists()  # the new password is asked next


def test_volunteers_page_form_tokens_still_work_after_repair(store: Path) -> None:
    """After a repair, the accounts page and its changes work as before (nothing cached stale)."""
    app = create_app(store, worker=False)
    app.state.access.set_password(PASSWORD)
    with client(app) as admin:
        login(admin)
        good = (store / "accounts.json").read_bytes()
        (store / "accounts.json").write_text("{", encoding="utf-8")
        assert admin.get("/volunteers").status_code == 503
        (store / "accounts.json").write_bytes(good)
        assert volunteers(admin, do="remove", name="小张").status_code == 303
    assert Accounts(store).names() == ["老陈"]


def test_an_unreadable_tls_key_is_refused_not_made_anew(tmp_path: Path, monkeypatch) -> None:
    from shebao.desk.tls import desk_certificate

    first = desk_certificate(tmp_path, ["localhost", "127.0.0.1"])
    key = first.key.read_bytes()
    unreadable(first.key, monkeypatch)
    with pytest.raises(DamagedFile) as caught:
        desk_certificate(tmp_path, ["localhost", "127.0.0.1"])
    assert "接待台的数据文件 tls.key 损坏：没有读取权限" in caught.value.zh
    first.key.chmod(0o600)
    assert first.key.read_bytes() == key  # not made anew over it (phones would be asked again)


desk = test_desk.desk  # a desk app with its worker, in a TestClient


def test_a_damaged_layout_shows_the_rows_without_boxes(desk) -> None:
    """A page's layout (derived data beside the page images) damaged: the review page still
    shows every row read, without the boxes over the image; no traceback."""
    from shebao.desk.jobs import layout_file
    from shebao.desk.store import JobRow, UploadRow

    from .test_review_columns import _upload, _values

    url = _upload(desk, new_case(desk), "明细.pdf", "factory_statement.pdf")
    rows = _values(desk.get(url).text, "base")
    with desk.store() as s:
        upload = s.query(UploadRow).one()
        job = s.query(JobRow).filter_by(kind="read").one()
    layout_file(desk.store, upload.sha256, job.id).write_text('{"pages": [', encoding="utf-8")
    page = desk.get(url)
    assert page.status_code == 200 and _values(page.text, "base") == rows and rows
    assert '<rect class="cell"' not in page.text


def test_a_database_damaged_while_running_gives_a_page_not_a_traceback(tmp_path: Path,
                                                                       caplog) -> None:
    app = create_app(tmp_path / "store", worker=False)
    with client(app) as c:
        assert c.get("/").status_code == 200
        database = tmp_path / "store" / "desk.sqlite"
        app.state.desk.store.engine.dispose()
        for extra in ("-wal", "-shm"):
            (tmp_path / "store" / f"desk.sqlite{extra}").unlink(missing_ok=True)
        with database.open("r+b") as fh:  # overwritten in place, by hand or a failing disk
            fh.write(b"not a database any more" * 10)
        with caplog.at_level(logging.ERROR, logger="shebao.desk"):
            page = c.get("/")
        assert page.status_code == 503 and "desk.sqlite" in page.text
        assert "已经收到的材料没有删除" in page.text and "Traceback" not in page.text
        assert any("数据库出错" in r.getMessage() for r in caplog.records)


def test_accounts_made_unreadable_while_running_are_not_served_from_the_cache(
        store: Path, monkeypatch) -> None:
    """A ``chmod`` changes no content, size or mtime, only the ctime: the cache sees it."""
    app = create_app(store, worker=False)
    with client(app, PHONE) as zhang:
        assert login(zhang, OWN, who="小张").status_code == 303
        assert zhang.get("/").status_code == 200
        unreadable(store / "accounts.json", monkeypatch)
        page = zhang.get("/")
        assert page.status_code == 503 and "accounts.json 损坏：没有读取权限" in page.text
        (store / "accounts.json").chmod(0o600)
        monkeypatch.undo()
        assert zhang.get("/").status_code == 200
