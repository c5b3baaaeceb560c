"""Who may use the desk (desk/access.py, desk/login.py) through its pages: the password set at
first start, login and logout, signed sessions, CSRF tokens on every state-changing request
(forms and htmx), upload links bound to their case, the action log, files outside the store."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import stat
from pathlib import Path

import pytest
from PIL import Image
from shebao.desk.app import create_app
from shebao.desk.store import CaseRow, LinkRow, UploadRow
from starlette.testclient import TestClient

from .test_desk import BASE, FORM, STATEMENT, csrf_of

PASSWORD = "folding-table-7"
HERE = ("127.0.0.1", 50000)  # a browser on the desk computer itself
PHONE = ("192.168.1.23", 50000)  # a phone on the local network


def client(app, address=HERE) -> TestClient:
    return TestClient(app, base_url=BASE, client=address)


def set_password(app) -> None:
    with client(app) as c:
        page = c.get("/setup")
        assert page.status_code == 200
        r = c.post("/setup", data={"who": "小王", "password": PASSWORD, "again": PASSWORD,
                                   "csrf": csrf_of(page.text)}, follow_redirects=False)
        assert r.status_code == 303


def login(c: TestClient, password: str = PASSWORD, who: str = "小李"):
    page = c.get("/login")
    return c.post("/login", data={"who": who, "password": password,
                                  "csrf": csrf_of(page.text), "next": "/"},
                  follow_redirects=False)


@pytest.fixture
def app(tmp_path: Path):
    return create_app(tmp_path / "store", worker=False)


def count_cases(app) -> int:
    with app.state.desk.store() as s:
        return s.query(CaseRow).count()


def test_first_password_is_set_from_this_computer_only_and_stored_hashed(app, tmp_path) -> None:
    with client(app, PHONE) as other:
        assert other.get("/setup").status_code == 403
    with client(app) as c:
        page = c.get("/setup")
        short = c.post("/setup", data={"who": "小王", "password": "short", "again": "short",
                                       "csrf": csrf_of(page.text)})
        assert short.status_code == 400 and "至少 8 个字符" in short.text
    set_password(app)
    with client(app) as c:
        assert c.get("/setup").status_code == 409  # only while none is set
    store = tmp_path / "store"
    record = json.loads((store / "access.json").read_text())
    assert record["scheme"] == "scrypt" and record["n"] == 2**15 and len(record["salt"]) == 32
    assert PASSWORD not in (store / "access.json").read_text()
    for name in ("access.json", "session.key", "actions.jsonl"):
        assert stat.S_IMODE((store / name).stat().st_mode) == 0o600, name


def test_wrong_password_is_refused_and_right_one_opens_the_desk(app) -> None:
    set_password(app)
    with client(app) as c:
        r = c.get("/", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/"
        assert c.get("/cases/1/report.pdf", follow_redirects=False).status_code == 303
        assert c.post("/cases", data=FORM).status_code == 403  # not logged in
        wrong = login(c, "not-the-password")
        assert wrong.status_code == 401 and "密码不对" in wrong.text
        assert c.get("/", follow_redirects=False).status_code == 303  # still outside
        ok = login(c)
        assert ok.status_code == 303 and ok.headers["location"] == "/"
        page = c.get("/")
        assert page.status_code == 200 and "小李" in page.text and "退出" in page.text
        c.post("/logout", data={"csrf": csrf_of(page.text)})
        assert c.get("/", follow_redirects=False).status_code == 303


def test_repeated_wrong_passwords_are_throttled(app) -> None:
    set_password(app)
    with client(app, PHONE) as c:
        codes = [login(c, f"guess-{n}").status_code for n in range(6)]
        assert codes == [401] * 5 + [429]
        assert login(c).status_code == 429  # even the right one, until the window passes
    with client(app) as c:  # another address is not locked out
        assert login(c).status_code == 303


def test_a_forged_or_tampered_session_cookie_is_not_a_login(app, tmp_path) -> None:
    set_password(app)
    other = create_app(tmp_path / "elsewhere", worker=False)  # another desk, another key
    set_password(other)
    with client(other) as c:
        login(c)
        forged = c.cookies["shebao_desk"]
    def replace(c: TestClient, value: str) -> None:
        c.cookies.clear()
        c.cookies.set("shebao_desk", value, domain="127.0.0.1")

    with client(app) as c:
        replace(c, forged)
        assert c.get("/", follow_redirects=False).status_code == 303
        login(c)
        good = c.cookies["shebao_desk"]
        assert c.get("/", follow_redirects=False).status_code == 200
        replace(c, good)
        assert c.get("/", follow_redirects=False).status_code == 200  # the jar works as set
        replace(c, good[:-2] + ("AA" if good[-2:] != "AA" else "BB"))
        assert c.get("/", follow_redirects=False).status_code == 303


def test_posts_without_the_csrf_token_are_refused_and_change_nothing(app) -> None:
    set_password(app)
    with client(app) as c:
        login(c)
        page = c.get("/")
        token = csrf_of(page.text)
        assert 'name="csrf" value="' + token in page.text  # the plain forms carry it
        assert c.post("/cases", data=FORM).status_code == 403
        assert c.post("/cases", data={**FORM, "csrf": "forged"}).status_code == 403
        assert c.post("/cases", data=FORM, headers={"X-CSRF-Token": "x"}).status_code == 403
        assert count_cases(app) == 0
        r = c.post("/cases", data={**FORM, "csrf": token}, follow_redirects=False)
        assert r.status_code == 303
        case = r.headers["location"]
        # htmx requests send it as a header (hx-headers on <body>)
        assert c.post(f"{case}/link").status_code == 403
        assert c.post(f"{case}/link", headers={"X-CSRF-Token": token}).status_code == 200
        assert c.post(f"{case}/delete", data={"confirm": FORM["worker_name"]}).status_code == 403
        assert c.get(case).status_code == 200
        assert count_cases(app) == 1
    with client(app) as stranger:  # a token from one session is worth nothing in another
        assert stranger.post("/login", data={"who": "x", "password": PASSWORD}).status_code \
            == 403


def phone_link(c: TestClient, case: str) -> str:
    r = c.post(f"{case}/link", headers={"X-CSRF-Token": csrf_of(c.get(case).text)})
    return re.search(r"<code>https?://[^/]+(/u/[^<]+)</code>", r.text).group(1)


def phone_post(phone: TestClient, link: str, name: str, data: bytes, token: str | None):
    headers = {} if token is None else {"X-CSRF-Token": token}
    return phone.post(link, files=[("files", (name, data, "application/octet-stream"))],
                      headers=headers)


def test_upload_links_reach_only_their_case_and_expire(app) -> None:
    set_password(app)
    with client(app) as c:
        login(c)
        token = csrf_of(c.get("/").text)
        first = c.post("/cases", data={**FORM, "csrf": token}, follow_redirects=False)
        second = c.post("/cases", data={**FORM, "worker_name": "蒋春红", "csrf": token},
                        follow_redirects=False)
        first, second = first.headers["location"], second.headers["location"]
        link_a, link_b = phone_link(c, first), phone_link(c, second)
    data = STATEMENT.read_bytes()
    with client(app, PHONE) as phone:  # no login on the phone: the link is the key
        page_a = phone.get(link_a)
        assert page_a.status_code == 200 and "登录" not in page_a.text
        token_a, token_b = csrf_of(page_a.text), csrf_of(phone.get(link_b).text)
        assert token_a != token_b
        assert phone_post(phone, link_a, "a.pdf", data, None).status_code == 403
        assert phone_post(phone, link_b, "a.pdf", data, token_a).status_code == 403  # A's token
        assert phone_post(phone, link_a, "a.pdf", data, token_a).status_code == 200
        assert phone.get(first, follow_redirects=False).status_code == 303  # not the case
        assert phone.get(f"{second}/uploads", follow_redirects=False).status_code == 303
        with app.state.desk.store() as s:
            [row] = s.query(UploadRow).all()
            assert f"/cases/{row.case_id}" == first
            s.query(LinkRow).update({LinkRow.expires: dt.datetime(2000, 1, 1)})
            s.commit()
        late = phone_post(phone, link_b, "b.pdf", data, token_b)
        assert late.status_code == 410 and "已过期" in late.text
        with app.state.desk.store() as s:
            assert s.query(UploadRow).count() == 1
    log = [json.loads(line) for line in app.state.access.log_file.read_text().splitlines()]
    phone_lines = [(e["who"], e["action"], e["case"], e["status"]) for e in log
                   if e["who"] == "phone"]
    case_a, case_b = int(first.rsplit("/", 1)[1]), int(second.rsplit("/", 1)[1])
    assert phone_lines == [("phone", "refused.csrf", None, 403)] * 2 + [
        ("phone", "upload.phone", case_a, 200), ("phone", "upload.phone", case_b, 410)]


def test_a_desk_on_the_network_without_a_password_refuses_everything(tmp_path) -> None:
    app = create_app(tmp_path / "store", worker=False, hosts=("*",), require_password=True,
                     public_url="http://192.168.1.5:8765")
    with client(app, PHONE) as c:
        r = c.get("/", headers={"host": "192.168.1.5:8765"})
        assert r.status_code == 503 and "--set-password" in r.text
        assert c.get("/setup").status_code == 403
    app.state.access.set_password(PASSWORD)
    with client(app, PHONE) as c:
        assert c.get("/", headers={"host": "192.168.1.5:8765"},
                      follow_redirects=False).status_code == 303
        assert login(c).status_code == 303
        token = csrf_of(c.get("/").text)
        case = c.post("/cases", data={**FORM, "csrf": token}, follow_redirects=False)
        link = c.post(f"{case.headers['location']}/link", headers={"X-CSRF-Token": token})
        assert "<code>http://192.168.1.5:8765/u/" in link.text  # the QR names the LAN address


def test_nothing_outside_the_store_is_served(app, tmp_path) -> None:
    with client(app) as c:
        c.headers["X-CSRF-Token"] = csrf_of(c.get("/").text)
        case = c.post("/cases", data=FORM, follow_redirects=False).headers["location"]
        for path in ("/static/../desk.sqlite", "/static/%2e%2e/session.key",
                     "/static/..%2Faccess.json", f"{case}/originals/..%2F..%2Fsession.key",
                     f"{case}/originals/-1", f"{case}/drafts/..%2Fsecret.pdf",
                     f"{case}/drafts/complaint.exe"):
            r = c.get(path)
            assert r.status_code == 404, path
            assert (tmp_path / "store" / "session.key").read_bytes() not in r.content


def test_uploads_past_the_extract_stage_limits_are_refused(app) -> None:
    from shebao.limits import MAX_PIXELS

    buffer = io.BytesIO()
    Image.new("L", (10_000, MAX_PIXELS // 10_000 + 1)).save(buffer, "PNG")  # one row too many
    with client(app) as c:
        c.headers["X-CSRF-Token"] = csrf_of(c.get("/").text)
        case = c.post("/cases", data=FORM, follow_redirects=False).headers["location"]
        r = c.post(f"{case}/files", files=[("files", ("huge.png", buffer.getvalue(),
                                                      "image/png"))])
        assert r.status_code == 400 and "图片太大" in r.text and "80 百万像素" in r.text
        with app.state.desk.store() as s:
            assert s.query(UploadRow).count() == 0


def test_the_action_log_says_who_did_what_without_personal_data(app, tmp_path) -> None:
    set_password(app)
    with client(app) as c:
        login(c, "wrong-password", who="小李")
        login(c, who="小李")
        token = csrf_of(c.get("/").text)
        case = c.post("/cases", data={**FORM, "csrf": token},
                      follow_redirects=False).headers["location"]
        case_id = int(case.rsplit("/", 1)[1])
        c.post(f"{case}/files", files=[("files", ("谢洋德-明细.pdf", STATEMENT.read_bytes(),
                                                 "application/pdf"))],
               headers={"X-CSRF-Token": token})
        c.post("/cases", data=FORM)  # no token: refused, and logged as such
        c.get(f"{case}/export.zip")
        log_page = c.get("/log")
    entries = [json.loads(line) for line in
               (tmp_path / "store" / "actions.jsonl").read_text().splitlines()]
    assert [(e["who"], e["action"], e["case"], e["status"]) for e in entries] == [
        ("小王", "password.set", None, 303),
        ("小李", "login.failed", None, 401),
        ("小李", "login", None, 303),
        ("小李", "case.create", case_id, 303),
        ("小李", "upload.desk", case_id, 200),
        ("小李", "refused.csrf", None, 403),
        ("小李", "download.export", case_id, 200),
    ]
    text = (tmp_path / "store" / "actions.jsonl").read_text()
    for personal in (FORM["worker_name"], FORM["employer_name"], "明细", PASSWORD):
        assert personal not in text
    assert log_page.status_code == 200 and "download.export" in log_page.text


def test_a_correction_is_recorded_under_the_volunteer_logged_in(tmp_path: Path) -> None:
    from shebao.desk.store import CorrectionRow

    from .test_desk import CASE_D

    app = create_app(tmp_path / "store")  # with its reading worker (one TestClient: lifespan)
    app.state.access.set_password(PASSWORD)
    with client(app) as c:
        login(c, who="小李")
        c.headers["X-CSRF-Token"] = csrf_of(c.get("/").text)
        case = c.post("/cases", data=FORM, follow_redirects=False).headers["location"]
        statement = (CASE_D / "factory_statement.pdf").read_bytes()
        c.post(f"{case}/files", files=[("files", ("s.pdf", statement, "application/pdf"))])
        app.state.desk.worker.wait()
        url = re.search(r'href="(/cases/\d+/review/\d+)"', c.get(f"{case}/uploads").text)[1]
        assert 'name="by" size="6" value="小李"' in c.get(url).text
        r = c.post(f"{url}/correct", data={"page": "1", "row": "3", "insurance": "pension",
                                           "field": "base", "new": "8100", "by": "别人"})
        assert r.status_code == 200
        with app.state.desk.store() as s:
            [row] = s.query(CorrectionRow).all()
        assert row.by == "小李" and json.loads(row.new) == 8100.0
    actions = [json.loads(line)["action"] for line in
               app.state.access.log_file.read_text().splitlines()]
    assert actions[-1] == "correction"
