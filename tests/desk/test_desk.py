"""The drop-in desk through its pages (Starlette TestClient): cases, phone uploads, background
reading, audit, report, export/import, and the refusals. Text PDFs from samples/demo only."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from shebao.audit.engine import audit_case
from shebao.desk.app import create_app
from shebao.desk.store import LinkRow, UploadRow
from shebao.desk.uploads import MAX_BYTES
from shebao.reports.case import load_case
from shebao.reports.formats import convert
from shebao.reports.templating import KINDS
from starlette.testclient import TestClient

DEMO = Path(__file__).resolve().parents[2] / "samples" / "demo"
CASE_D = DEMO / "case-D"
STATEMENT = DEMO / "A_generic_statement.pdf"  # 90 contributions (samples/demo/README.md)
BASE = "http://127.0.0.1:8765"
FORM = {"worker_name": "谢洋德", "gender": "男", "hukou": "安徽省砀山县",
        "employer_name": "东莞市虎门镇嘉禾电子科技实业有限公司", "start": "2019-01",
        "end": "2025-06", "insured_place": "东莞市"}


def csrf_of(page: str) -> str:
    """The CSRF token a page gives its htmx requests (``hx-headers`` on ``<body>``)."""
    return re.search(r'"X-CSRF-Token": "([^"]+)"', page).group(1)


def with_csrf(client: TestClient) -> TestClient:
    """The client sends the token of its session's pages, as a browser's htmx does."""
    client.headers["X-CSRF-Token"] = csrf_of(client.get("/").text)
    return client


@pytest.fixture
def desk(tmp_path: Path):
    app = create_app(tmp_path / "store")
    with TestClient(app, base_url=BASE) as client:
        with_csrf(client)
        client.store = app.state.desk.store
        client.worker = app.state.desk.worker
        yield client


def new_case(client: TestClient, **changes: str) -> str:
    r = client.post("/cases", data={**FORM, **changes}, follow_redirects=False)
    assert r.status_code == 303
    return r.headers["location"]


def new_link(client: TestClient, case: str) -> str:
    r = client.post(f"{case}/link")
    assert r.status_code == 200
    assert "<svg" in r.text  # the QR code, inline
    return re.search(r"<code>http://127\.0\.0\.1:8765(/u/[^<]+)</code>", r.text).group(1)


def settle(client: TestClient) -> None:
    client.worker.wait()


def upload(client: TestClient, link: str, name: str, data: bytes, hx: bool = False):
    headers = {"X-CSRF-Token": csrf_of(client.get(link).text)}  # the phone page's token
    if hx:
        headers["HX-Request"] = "true"
    return client.post(link, files=[("files", (name, data, "application/octet-stream"))],
                       headers=headers)


def test_phone_upload_is_stored_by_hash_read_in_background_and_shown(desk) -> None:
    case = new_case(desk)
    link = new_link(desk, case)
    page = desk.get(link)
    assert 'accept="image/*,application/pdf"' in page.text and "capture=" in page.text
    assert 'href="/"' not in page.text  # the worker's phone gets no way into the desk
    data = STATEMENT.read_bytes()
    r = upload(desk, link, "明细.pdf", data, hx=True)
    assert r.status_code == 200 and "已收到 明细.pdf" in r.text
    settle(desk)
    with desk.store() as s:
        row = s.query(UploadRow).one()
    import hashlib

    assert row.sha256 == hashlib.sha256(data).hexdigest() and row.source == "phone"
    assert desk.store.blob(row.sha256).read_bytes() == data
    fragment = desk.get(f"{case}/uploads").text
    assert "已读取" in fragment and "hx-trigger" not in fragment  # polling stops when done
    version = re.search(r'id="version" data-v="(\w+)"', fragment).group(1)
    assert desk.get(f"{case}/uploads?v={version}").status_code == 204  # nothing new: no swap
    assert "缴费记录 90 行" in fragment
    review = re.search(r'href="(/cases/\d+/review/\d+)"', fragment).group(1)
    assert desk.get(review).text.count("<tr") == 91  # header + the 90 rows read, beside the PDF
    # the same bytes again are not stored twice
    again = upload(desk, link, "again.pdf", data)
    assert again.status_code == 400 and "已经收到过" in again.text


def test_a_failed_reading_is_shown_not_silent(desk) -> None:
    case = new_case(desk)
    r = desk.post(f"{case}/files", files=[("files", ("broken.pdf", b"%PDF-1.4 broken",
                                                     "application/pdf"))])
    assert r.status_code == 200
    settle(desk)
    fragment = desk.get(f"{case}/uploads").text
    assert "读取失败" in fragment and 'class="refused"' in fragment


def test_expired_closed_and_unknown_links_are_refused(desk) -> None:
    case = new_case(desk)
    link = new_link(desk, case)
    assert desk.get("/u/not-a-token").status_code == 404
    with desk.store() as s:
        s.query(LinkRow).update({LinkRow.expires: dt.datetime(2000, 1, 1)})
        s.commit()
    r = upload(desk, link, "a.pdf", STATEMENT.read_bytes())
    assert r.status_code == 410 and "已过期" in r.text
    with desk.store() as s:
        assert s.query(UploadRow).count() == 0
    link2 = new_link(desk, case)
    with desk.store() as s:
        s.query(LinkRow).update({LinkRow.closed: True})
        s.commit()
    assert desk.get(link2).status_code == 410


def test_a_link_reaches_only_its_own_case(desk) -> None:
    first, second = new_case(desk), new_case(desk, worker_name="蒋春红")
    link = new_link(desk, first)
    assert upload(desk, link, "a.pdf", STATEMENT.read_bytes()).status_code == 200
    settle(desk)
    with desk.store() as s:
        row = s.query(UploadRow).one()
    assert f"/cases/{row.case_id}" == first
    assert "还没有原件" in desk.get(f"{second}/uploads").text
    # the original is served from its own case only, by id
    assert desk.get(f"{first}/originals/{row.id}").content == STATEMENT.read_bytes()
    assert desk.get(f"{second}/originals/{row.id}").status_code == 404
    assert desk.get(f"{first}/originals/..%2F..%2Fdesk.sqlite").status_code == 404


def test_oversize_wrong_type_and_mislabelled_uploads_are_refused(desk) -> None:
    case = new_case(desk)
    link = new_link(desk, case)
    big = upload(desk, link, "big.pdf", b"%PDF-" + b"0" * MAX_BYTES)
    assert big.status_code == 413 and "太大" in big.text
    exe = upload(desk, link, "run.exe", b"MZ\x90\x00")
    assert exe.status_code == 400 and "只收照片" in exe.text
    fake = upload(desk, link, "photo.jpg", b"%PDF-1.4 not a jpeg")
    assert fake.status_code == 400 and "扩展名与内容不符" in fake.text
    too_much = desk.post(f"{case}/files", content=b"x",
                         headers={"content-length": str(MAX_BYTES * 10 + 1),
                                  "content-type": "multipart/form-data; boundary=b"})
    assert too_much.status_code == 413
    with desk.store() as s:
        assert s.query(UploadRow).count() == 0


def test_a_path_in_the_file_name_is_dropped(desk, tmp_path: Path) -> None:
    case = new_case(desk)
    link = new_link(desk, case)
    r = upload(desk, link, "../../../../tmp/evil.pdf", STATEMENT.read_bytes())
    assert r.status_code == 200
    r = upload(desk, link, "..\\..\\win.pdf", (DEMO / "A_L3_pension_ranges.pdf").read_bytes())
    assert r.status_code == 200
    settle(desk)
    with desk.store() as s:
        names = sorted(n for (n,) in s.query(UploadRow.name))
    assert names == ["evil.pdf", "win.pdf"]
    assert list(tmp_path.rglob("evil.pdf")) == [] and list(tmp_path.rglob("win.pdf")) == []
    exported = zipfile.ZipFile(io.BytesIO(desk.get(f"{case}/export.zip").content))
    assert sorted(exported.namelist()) == ["case.yaml", "evil.pdf", "win.pdf"]


def test_unknown_case_and_bad_form_are_refused(desk) -> None:
    assert desk.get("/cases/999").status_code == 404
    assert desk.get("/cases/abc/uploads").status_code == 404
    r = desk.post("/cases", data={**FORM, "start": "2019-13-01x", "gender": "X"})
    assert r.status_code == 400 and "案件信息有误" in r.text


def test_export_is_a_case_folder_and_imports_back(desk, tmp_path: Path) -> None:
    case = new_case(desk)
    desk.post(f"{case}/files", files=[("files", ("明细.pdf", STATEMENT.read_bytes(),
                                                 "application/pdf"))])
    archive = desk.get(f"{case}/export.zip").content
    folder = tmp_path / "exported"
    zipfile.ZipFile(io.BytesIO(archive)).extractall(folder)
    facts = load_case(folder)
    assert facts.worker.name == "谢洋德" and facts.worker.hukou == "安徽省砀山县"
    assert [(p.start, p.end) for p in facts.employment] == [("2019-01", "2025-06")]
    assert (folder / "明细.pdf").read_bytes() == STATEMENT.read_bytes()
    r = desk.post("/cases/import", files={"archive": ("case.zip", archive, "application/zip")},
                  follow_redirects=False)
    assert r.status_code == 303
    again = zipfile.ZipFile(io.BytesIO(desk.get(f"{r.headers['location']}/export.zip").content))
    first = zipfile.ZipFile(io.BytesIO(archive))
    assert {n: again.read(n) for n in again.namelist()} == \
        {n: first.read(n) for n in first.namelist()}
    bad = desk.post("/cases/import", files={"archive": ("x.zip", b"not a zip", "application/zip")})
    assert bad.status_code == 400 and "ZIP" in bad.text


def test_desk_and_cli_give_the_same_audit_and_report(desk, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(CASE_D.iterdir()):
            archive.write(path, path.name)
    r = desk.post("/cases/import", files={"archive": ("D.zip", buffer.getvalue(),
                                                      "application/zip")},
                  follow_redirects=False)
    case = r.headers["location"]
    assert desk.get(f"{case}/report.pdf").status_code == 409  # no audit yet
    assert desk.post(f"{case}/audit").status_code == 200
    settle(desk)
    fragment = desk.get(f"{case}/audit").text
    assert "hx-trigger" not in fragment
    desk_audit = json.loads(desk.app.state.desk.last_audit(int(case.rsplit("/", 1)[1])).result)
    cli_audit = audit_case(CASE_D).to_json_dict()
    assert desk_audit == cli_audit
    assert f"发现 {len(cli_audit['findings'])} 项" in fragment
    for finding in cli_audit["findings"]:
        if finding["amount"] is not None:
            assert f"{finding['amount']:.2f} 元" in fragment

    # the report: what `shebao draft CASE --kind report --format html` writes, byte for byte
    from shebao.desk.report import report_html

    from shebao.cli import main

    out = tmp_path / "report.html"
    assert main(["draft", str(CASE_D), "--kind", "report", "--format", "html", "-o",
                 str(out)]) == 0
    job = desk.app.state.desk.last_audit(int(case.rsplit("/", 1)[1]))
    desk_html = convert(report_html(desk.store, job), "html", KINDS["report"].title)
    assert desk_html == out.read_bytes()

    pdf = desk.get(f"{case}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf.content)) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
    assert "谢勇" in text and "430521198403120214" not in text  # ID masked


def test_other_hosts_and_cross_site_posts_are_refused(desk) -> None:
    assert desk.get("/", headers={"host": "evil.example"}).status_code == 400  # DNS rebinding
    r = desk.post("/cases", data=FORM, headers={"origin": "http://evil.example"},
                  follow_redirects=False)
    assert r.status_code == 403
    ok = desk.post("/cases", data=FORM, headers={"origin": BASE}, follow_redirects=False)
    assert ok.status_code == 303


def test_deleting_a_case_removes_its_originals_only_when_confirmed(desk) -> None:
    first, second = new_case(desk), new_case(desk, worker_name="蒋春红")
    shared, own = STATEMENT.read_bytes(), (DEMO / "A_L3_pension_ranges.pdf").read_bytes()
    for case, files in ((first, [("a.pdf", shared), ("b.pdf", own)]),
                         (second, [("c.pdf", shared)])):
        desk.post(f"{case}/files", files=[("files", (n, d, "application/pdf")) for n, d in files])
    desk.post(f"{first}/audit")
    settle(desk)
    case_id = first.rsplit("/", 1)[1]
    assert list(desk.store.work.glob(f"case-{case_id}-*"))  # the audited folder
    with desk.store() as s:
        blobs = {r.name: desk.store.blob(r.sha256) for r in s.query(UploadRow)}
    refused = desk.post(f"{first}/delete", data={"confirm": "别的名字"})
    assert refused.status_code == 400 and all(p.exists() for p in blobs.values())
    done = desk.post(f"{first}/delete", data={"confirm": FORM["worker_name"]})
    assert done.status_code == 200 and "1 份原件已从本机删除" in done.text
    assert not blobs["b.pdf"].exists()  # only this case held it
    assert blobs["a.pdf"].exists() and blobs["c.pdf"] == blobs["a.pdf"]  # the other case's
    assert desk.get(first).status_code == 404
    assert list(desk.store.work.glob(f"case-{case_id}-*")) == []
    assert "c.pdf" in desk.get(f"{second}/uploads").text


def test_a_case_still_being_read_is_not_deleted(tmp_path: Path) -> None:
    app = create_app(tmp_path / "store", worker=False)  # the job stays queued
    with TestClient(app, base_url=BASE) as client:
        with_csrf(client)
        case = new_case(client)
        client.post(f"{case}/files", files=[("files", ("a.pdf", STATEMENT.read_bytes(),
                                                      "application/pdf"))])
        r = client.post(f"{case}/delete", data={"confirm": FORM["worker_name"]})
        assert r.status_code == 409 and client.get(case).status_code == 200


def test_serve_imports_case_folders_given_and_names_a_bad_one(tmp_path: Path) -> None:
    from shebao.desk.app import import_folders

    from shebao.errors import InputError

    app = create_app(tmp_path / "store")
    with TestClient(app, base_url=BASE) as client:
        [case_id] = import_folders(app, [CASE_D])
        app.state.desk.worker.wait()
        fragment = client.get(f"/cases/{case_id}/uploads").text
        assert "工资条 22 张" in fragment and "缴费记录 37 行" in fragment  # README figures
        with pytest.raises(InputError):
            import_folders(app, [tmp_path / "missing"])


def test_serve_lan_needs_a_password_and_a_terminal_to_ask_it_on(capsys, tmp_path) -> None:
    from shebao.cli import main

    assert main(["serve", "--lan", "--store", str(tmp_path / "store")]) == 2
    assert "需要接待台密码" in capsys.readouterr().err
    assert not (tmp_path / "store" / "access.json").exists()


def test_reading_jobs_left_by_a_stopped_server_run_at_start(tmp_path: Path) -> None:
    app = create_app(tmp_path / "store", worker=False)
    with TestClient(app, base_url=BASE) as client:
        with_csrf(client)
        case = new_case(client)
        client.post(f"{case}/files", files=[("files", ("a.pdf", STATEMENT.read_bytes(),
                                                      "application/pdf"))])
        time.sleep(0.1)
        assert "排队中" in client.get(f"{case}/uploads").text
    restarted = create_app(tmp_path / "store")
    restarted.state.desk.worker.wait()
    with TestClient(restarted, base_url=BASE) as client:
        assert "缴费记录 90 行" in client.get(f"{case}/uploads").text


def test_the_migrations_build_the_schema_the_models_describe(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from shebao.desk.store import Base, Store

    store = Store(tmp_path / "store")
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    Store(tmp_path / "store")  # opening again is a no-op, not an error


@pytest.mark.slow
def test_a_phone_photo_is_read_by_ocr_as_the_cli_reads_it(desk, tmp_path: Path) -> None:
    from shebao.audit.engine import read_extract

    from shebao.cli import main

    assert main(["samples", "photo", str(DEMO / "A_L3_pension_ranges.pdf"), "-o",
                 f"{tmp_path}/photos/"]) == 0
    photo = next((tmp_path / "photos").glob("*.jpg"))
    case = new_case(desk)
    link = new_link(desk, case)
    assert upload(desk, link, photo.name, photo.read_bytes()).status_code == 200
    settle(desk)
    [item] = desk.app.state.desk.uploads(int(case.rsplit("/", 1)[1]))
    desk_extract = item["extract"]
    assert item["state"] == "done" and desk_extract["document"]["method"] == "ocr"
    assert desk_extract == read_extract(photo).to_json_dict()  # same reading as the CLI's
    fragment = desk.get(f"{case}/uploads").text
    assert f"缴费记录 {len(desk_extract['contributions'])} 行" in fragment
    assert len(desk_extract["contributions"]) > 0
