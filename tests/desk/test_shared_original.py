"""One original in two cases (desk/jobs.py, desk/casefolder.py): the same file sent to a second
case is stored once (by SHA-256) and not read again -- its reading, page images and layout are
taken by hash --, unless a column was corrected by hand on either upload; each case's review
shows its own reading; deleting one case leaves the other's original, page images and layout
intact, and deleting the last removes them."""

from __future__ import annotations

import json
import re

from shebao.desk.jobs import pages_folder
from shebao.desk.store import JobRow, UploadRow

from . import test_desk
from .test_desk import CASE_D, new_case, settle
from .test_review_columns import _upload, _values

desk = test_desk.desk  # the same fixture: a desk app with its worker, in a TestClient


def count_readings(desk) -> list[str]:
    """What the worker process is asked to do, in order (kept on the client)."""
    calls: list[str] = []
    real = desk.worker._in_pool

    def counted(kind, *args, **kwargs):
        calls.append(kind)
        return real(kind, *args, **kwargs)

    desk.worker._in_pool = counted
    return calls


def readings(desk) -> dict[int, JobRow]:
    with desk.store() as s:
        return {j.upload_id: j for j in s.query(JobRow).filter_by(kind="read", state="done")}


def test_the_same_file_in_two_cases_is_read_once_and_survives_either_deletion(desk) -> None:
    calls = count_readings(desk)
    first = new_case(desk)
    second = new_case(desk, worker_name="王小红", gender="女")
    url_a = _upload(desk, first, "明细.pdf", "factory_statement.pdf")
    url_b = _upload(desk, second, "社保明细-第二份.pdf", "factory_statement.pdf")
    assert calls == ["read"]  # the second case took the first's reading
    with desk.store() as s:
        uploads = s.query(UploadRow).order_by(UploadRow.id).all()
    assert len(uploads) == 2 and uploads[0].sha256 == uploads[1].sha256
    sha = uploads[0].sha256
    jobs = readings(desk)
    a, b = (json.loads(jobs[u.id].result) for u in uploads)
    assert a["document"]["file"] == "明细.pdf" and b["document"]["file"] == "社保明细-第二份.pdf"
    b["document"]["file"] = "明细.pdf"
    assert a == b and len(a["contributions"]) > 0  # the same reading, under each case's name
    folder = pages_folder(desk.store, sha)
    layouts = [folder / f"layout-{jobs[u.id].id}.json" for u in uploads]
    assert layouts[0].read_bytes() == layouts[1].read_bytes()
    page_b = desk.get(url_b).text
    assert f'src="{url_b}/p1.jpg"' in page_b and "<rect class=\"cell\"" in page_b
    # deleting the first case: the second keeps its original, page images and layout
    r = desk.post(f"{first}/delete", data={"confirm": "谢洋德"})
    assert r.status_code == 200 and "0 份原件已从本机删除" in r.text
    assert desk.store.blob(sha).is_file() and (folder / "p1.jpg").is_file()
    assert not layouts[0].exists() and layouts[1].is_file()
    upload_b = re.search(r"/cases/\d+/review/(\d+)", url_b).group(1)
    original = desk.get(f"{second}/originals/{upload_b}")
    assert original.content == (CASE_D / "factory_statement.pdf").read_bytes()
    assert desk.get(url_b).text == page_b  # the review beside the image as before
    assert desk.get(f"{url_b}/p1.jpg").content[:3] == b"\xff\xd8\xff"
    assert desk.get(url_a).status_code == 404
    # deleting the last case that holds it removes the original and its pages
    r = desk.post(f"{second}/delete", data={"confirm": "王小红"})
    assert r.status_code == 200 and "1 份原件已从本机删除" in r.text
    assert not desk.store.blob(sha).exists() and not folder.exists()
    assert calls == ["read"]


def test_a_column_corrected_in_one_case_is_not_seen_in_the_other(desk) -> None:
    """Each case reads with its own column corrections and its review shows its own layout;
    a reading made with a column corrected is never taken by another upload."""
    calls = count_readings(desk)
    first = new_case(desk)
    second = new_case(desk, worker_name="王小红", gender="女")
    url_a = _upload(desk, first, "明细.pdf", "factory_statement.pdf")
    r = desk.post(f"{url_a}/column", data={"where": "1:1:9", "new": "ignore", "by": "李志愿"},
                  follow_redirects=False)
    assert r.status_code == 303
    settle(desk)
    assert calls == ["read", "read"]  # read again with the column's new role
    assert set(_values(desk.get(url_a).text, "personal_amount")) == {""}
    url_b = _upload(desk, second, "明细.pdf", "factory_statement.pdf")
    assert calls == ["read", "read", "read"]  # an upload with a column corrected lends none
    page_b = desk.get(url_b).text
    amounts = _values(page_b, "personal_amount")
    assert amounts and all(amounts)  # the second case reads the column as printed
    assert "第9列“个人缴费”：读作 个人缴费</option>" in page_b
    assert "（人工更正，原为" not in page_b
    page_a = desk.get(url_a).text  # and the first still shows its own columns
    assert set(_values(page_a, "personal_amount")) == {""}
    assert "读作 不读取（忽略此列）（人工更正，原为 个人缴费）" in page_a
