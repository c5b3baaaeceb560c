"""Review beside the image and corrections by hand, through the desk's pages (TestClient):
the page image with the cells read, a correction stored (who, when, old, new) and carried
into the desk's audit and the exported case folder; a phone's photos as one document."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import yaml
from shebao.desk.store import CorrectionRow, UploadRow

from . import test_desk
from .test_desk import CASE_D, new_case, new_link, settle, upload

desk = test_desk.desk  # the same fixture: a desk app with its worker, in a TestClient


def review_url(desk, case: str) -> str:
    fragment = desk.get(f"{case}/uploads").text
    return re.search(r'href="(/cases/\d+/review/\d+)"', fragment).group(1)


def test_a_page_is_shown_with_its_cells_and_a_correction_reaches_the_audit(desk) -> None:
    case = new_case(desk)
    statement = (CASE_D / "factory_statement.pdf").read_bytes()
    r = desk.post(f"{case}/files", files=[("files", ("明细.pdf", statement, "application/pdf"))])
    assert r.status_code == 200
    settle(desk)
    url = review_url(desk, case)
    page = desk.get(url)
    assert page.status_code == 200
    # the page image, and over it the cells of the 4 printed rows the values shown come from
    assert f'src="{url}/p1.jpg"' in page.text
    image = desk.get(f"{url}/p1.jpg")
    assert image.status_code == 200 and image.content[:3] == b"\xff\xd8\xff"
    cells = re.findall(r'<rect class="cell" data-row="(\d)" data-field="(\w+)"', page.text)
    # rows 1-4 and the 合计 line (row 0), each the cells of the period, base and amounts
    assert sorted(set(cells)) == [(str(row), field) for row in (0, 1, 2, 3, 4) for field in
                                  ("base", "employer_amount", "period", "personal_amount")]
    base_cell = re.search(r'<rect class="cell" data-row="3" data-field="base" data-group="" '
                          r'x="([\d.]+)" y="([\d.]+)"', page.text)
    assert base_cell is not None
    # the table: one line per printed row (row 3 is 2024-07..2024-09)
    assert "2024-07至2024-09" in page.text
    form = {"page": "1", "row": "3", "insurance": "pension", "field": "base", "new": "8,100",
            "by": "李志愿"}
    assert desk.post(f"{url}/correct", data={**form, "by": ""}).status_code == 400
    assert desk.post(f"{url}/correct", data={**form, "new": "八千"}).status_code == 400
    assert desk.post(f"{url}/correct", data={**form, "row": "9"}).status_code == 400
    assert desk.post(f"{url}/correct", data={**form, "field": "month"}).status_code == 400
    r = desk.post(f"{url}/correct", data=form)
    assert r.status_code == 200
    assert "8,100.00<span class=\"fixmark\">人工更正（原件读出 7,384.00）</span>" in r.text
    with desk.store() as s:
        [row] = s.query(CorrectionRow).all()
    assert (row.page, row.row, row.insurance, row.field, row.month, json.loads(row.old),
            json.loads(row.new), row.by) == (1, 3, "pension", "base", "2024-07", 7384.0,
                                             8100.0, "李志愿")
    # the desk's audit uses the corrected value and marks it
    desk.post(f"{case}/audit")
    settle(desk)
    with desk.store() as s:
        from shebao.desk.store import JobRow

        job = s.query(JobRow).filter_by(kind="audit").one()
    result = json.loads(job.result)
    months = {m["month"]: m["declared_base"] for m in result["monthly"]}
    assert (months["2024-07"], months["2024-09"], months["2025-01"]) == (8100.0, 8100.0, 7384.0)
    [doc] = result["documents"]
    assert [(c["month"], c["old"], c["new"], c["by"]) for c in doc["corrections"]] == [
        ("2024-07", 7384.0, 8100.0, "李志愿"), ("2024-08", 7384.0, 8100.0, "李志愿"),
        ("2024-09", 7384.0, 8100.0, "李志愿")]
    # a correction the reading no longer matches (a re-read giving another value) is said
    with desk.store() as s:
        s.query(CorrectionRow).update({CorrectionRow.old: "7000.0"})
        s.commit()
    stale = desk.get(url).text
    assert ("人工更正未应用：明细.pdf 第1页第3行养老缴费基数原为 7000.0，"
            "现在读出的是 7384.0") in stale
    with desk.store() as s:
        s.query(CorrectionRow).update({CorrectionRow.old: "7384.0"})
        s.commit()
    # the exported case folder carries it as case.yaml corrections:
    archive = desk.get(f"{case}/export.zip").content
    facts = yaml.safe_load(zipfile.ZipFile(io.BytesIO(archive)).read("case.yaml"))
    [exported] = facts["corrections"]
    assert {k: exported[k] for k in ("file", "page", "row", "field", "old", "new", "by")} == {
        "file": "明细.pdf", "page": 1, "row": 3, "field": "base", "old": 7384.0,
        "new": 8100.0, "by": "李志愿"}
    # a second correction of the cell replaces the first; one back to the value read undoes
    # it (both kept in the history, only the latest exported)
    desk.post(f"{url}/correct", data={**form, "new": "8200"})
    [exported] = yaml.safe_load(zipfile.ZipFile(io.BytesIO(desk.get(f"{case}/export.zip")
                                                           .content)).read("case.yaml"))[
        "corrections"]
    assert (exported["old"], exported["new"]) == (7384.0, 8200.0)
    r = desk.post(f"{url}/correct", data={**form, "new": "7384"})
    assert "人工更正（原件读出" not in r.text and r.text.count("李志愿") >= 3
    undone = yaml.safe_load(zipfile.ZipFile(io.BytesIO(desk.get(f"{case}/export.zip")
                                                       .content)).read("case.yaml"))
    assert "corrections" not in undone
    # and a case imported from that folder keeps the correction in its store
    r = desk.post("/cases/import", files=[("archive", ("case.zip", archive, "application/zip"))],
                  follow_redirects=False)
    assert r.status_code == 303
    with desk.store() as s:  # the 3 of the first case's history, and the imported one
        assert s.query(CorrectionRow).count() == 4


def test_photos_from_one_phone_link_are_one_document_unless_split(desk, tmp_path: Path
                                                                  ) -> None:
    from PIL import Image

    case = new_case(desk)
    link = new_link(desk, case)
    for n in (1, 2):
        path = tmp_path / f"p{n}.png"
        Image.new("RGB", (40, 30), (255, 255, 250 - n)).save(path)
        assert upload(desk, link, f"明细第{n}页.png", path.read_bytes()).status_code == 200
    desk.worker.queue.queue.clear()  # no OCR of the blank pictures needed here

    def exported() -> dict:
        archive = zipfile.ZipFile(io.BytesIO(desk.get(f"{case}/export.zip").content))
        return yaml.safe_load(archive.read("case.yaml")) or {}

    assert exported()["documents"] == [{"files": ["明细第1页.png", "明细第2页.png"]}]
    page = desk.get(case).text
    assert "按上传顺序作为<strong>一份材料的各页</strong>审计" in page
    with desk.store() as s:
        link_id = s.query(UploadRow).first().link_id
    desk.post(f"{case}/links/{link_id}/split", data={"join": "0"})
    assert "documents" not in exported()
    desk.post(f"{case}/links/{link_id}/split", data={"join": "1"})
    assert exported()["documents"] == [{"files": ["明细第1页.png", "明细第2页.png"]}]


def test_deleting_a_case_removes_its_corrections_and_page_images(desk) -> None:
    from shebao.desk.jobs import pages_folder

    case = new_case(desk)
    statement = (CASE_D / "factory_statement.pdf").read_bytes()
    desk.post(f"{case}/files", files=[("files", ("明细.pdf", statement, "application/pdf"))])
    settle(desk)
    url = review_url(desk, case)
    desk.post(f"{url}/correct", data={"page": "1", "row": "3", "insurance": "pension",
                                      "field": "base", "new": "8100", "by": "李志愿"})
    with desk.store() as s:
        sha = s.query(UploadRow).one().sha256
    images = pages_folder(desk.store, sha)
    assert (images / "p1.jpg").is_file()
    r = desk.post(f"{case}/delete", data={"confirm": "谢洋德"})
    assert r.status_code == 200 and "1 份原件已从本机删除" in r.text
    with desk.store() as s:
        assert s.query(CorrectionRow).count() == 0
    assert not images.exists()
