"""Column mappings, pay-slip rows and the review page's speed-ups, through the desk's pages
(TestClient): a column's role corrected on the review page is stored (who, when, old and new
role), the upload read again with it (records derived afresh from the cells), exported as a
``case.yaml`` ``corrections:`` entry with ``column``, and the desk's audit is the CLI's audit
of the exported folder; a pay slip's value is corrected like a statement's."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import yaml
from shebao.audit.engine import audit_case
from shebao.desk.store import CorrectionRow, JobRow

from . import test_desk
from .test_desk import CASE_D, new_case, settle

desk = test_desk.desk  # the same fixture: a desk app with its worker, in a TestClient


def _upload(desk, case: str, name: str, source: str) -> str:
    data = (CASE_D / source).read_bytes()
    r = desk.post(f"{case}/files", files=[("files", (name, data, "application/pdf"))])
    assert r.status_code == 200
    settle(desk)
    fragment = desk.get(f"{case}/uploads").text
    return re.findall(r'href="(/cases/\d+/review/\d+)"', fragment)[-1]


def _values(html: str, field: str) -> list[str]:
    return re.findall(rf'data-field="{re.escape(field)}" data-value="([^"]*)"', html)


def test_a_column_role_corrected_on_the_page_is_read_again_exported_and_audited(
        desk, tmp_path: Path) -> None:
    case = new_case(desk)
    url = _upload(desk, case, "明细.pdf", "factory_statement.pdf")
    page = desk.get(url).text
    # the column form lists each column as read, with its printed label
    assert '<option value="1:1:9">第1页 第9列“个人缴费”：读作 个人缴费</option>' in page
    assert '<option value="ignore">不读取（忽略此列）</option>' in page
    read = _values(page, "personal_amount")
    assert read and all(read)  # every row's personal amount read
    form = {"where": "1:1:9", "new": "ignore", "by": "李志愿"}
    for bad, why in (({"where": "1:1:99"}, "没有这一列"), ({"new": "salary"}, "请选择"),
                     ({"new": "personal_amount"}, "已经是这个含义"), ({"by": ""}, "更正人")):
        r = desk.post(f"{url}/column", data={**form, **bad})
        assert r.status_code == 400 and why in r.text
    def reads() -> int:
        with desk.store() as s:
            return s.query(JobRow).filter_by(kind="read").count()

    before = reads()
    r = desk.post(f"{url}/column", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == url
    with desk.store() as s:
        [row] = s.query(CorrectionRow).all()
    assert (row.page, row.table_no, row.column, row.field, json.loads(row.old),
            json.loads(row.new), row.by) == (1, 1, 9, "column", "personal_amount", "ignore",
                                             "李志愿")
    assert reads() == before + 1  # read again with the column's new role
    settle(desk)
    page = desk.get(url).text
    assert "正在按更正后的列重新整理" not in page
    assert set(_values(page, "personal_amount")) == {""}  # the column is no longer read
    assert set(_values(page, "base")) != {""}  # the others are as read
    assert "读作 不读取（忽略此列）（人工更正，原为 个人缴费）" in page
    assert "第1页第9列 列的含义" in page  # in the history: old and new role
    # exported as case.yaml corrections: with column; the desk's audit is the CLI's
    archive = desk.get(f"{case}/export.zip").content
    facts = yaml.safe_load(zipfile.ZipFile(io.BytesIO(archive)).read("case.yaml"))
    [exported] = facts["corrections"]
    assert {k: exported[k] for k in ("file", "page", "column", "old", "new", "by")} == {
        "file": "明细.pdf", "page": 1, "column": 9, "old": "personal_amount", "new": "ignore",
        "by": "李志愿"}
    assert "row" not in exported and "field" not in exported
    folder = tmp_path / "exported"
    zipfile.ZipFile(io.BytesIO(archive)).extractall(folder)
    desk.post(f"{case}/audit")
    settle(desk)
    desk_audit = json.loads(desk.app.state.desk.last_audit(int(case.rsplit("/", 1)[1])).result)
    cli_audit = audit_case(folder).to_json_dict()
    assert desk_audit == cli_audit
    [mark] = cli_audit["documents"][0]["corrections"]
    assert (mark["column"], mark["label"], mark["new"]) == (9, "个人缴费", "ignore")
    plain = audit_case(CASE_D).to_json_dict()
    assert cli_audit["monthly"] != plain["monthly"]  # the personal amounts are gone
    # imported again, the column correction is the new case's own
    r = desk.post("/cases/import", files=[("archive", ("c.zip", archive, "application/zip"))],
                  follow_redirects=False)
    assert r.status_code == 303
    with desk.store() as s:
        imported = s.query(CorrectionRow).filter(CorrectionRow.id != row.id).one()
    assert (imported.column, imported.table_no, imported.field, json.loads(imported.new)) == (
        9, 1, "column", "ignore")


def test_a_pay_slip_value_is_corrected_and_exported_with_its_record(desk) -> None:
    case = new_case(desk)
    url = _upload(desk, case, "工资条.pdf", "factory_payslips.pdf")
    page = desk.get(url).text
    assert 'id="rows-payslip"' in page and 'data-record="payslip"' in page
    assert "13827.18" in _values(page, "net_pay")
    form = {"page": "1", "row": "1", "insurance": "", "field": "net_pay", "record": "payslip",
            "new": "13,900", "by": "王志愿"}
    assert desk.post(f"{url}/correct", data={**form, "record": "annual"}).status_code == 400
    assert desk.post(f"{url}/correct", data={**form, "field": "base"}).status_code == 400
    r = desk.post(f"{url}/correct", data=form)
    assert r.status_code == 200
    assert '13,900.00<span class="fixmark">人工更正（原件读出 13,827.18）</span>' in r.text
    with desk.store() as s:
        [row] = s.query(CorrectionRow).all()
    assert (row.record, row.field, row.month, json.loads(row.old)) == (
        "payslip", "net_pay", "2023-09", 13827.18)
    facts = yaml.safe_load(zipfile.ZipFile(io.BytesIO(desk.get(f"{case}/export.zip").content))
                           .read("case.yaml"))
    [exported] = facts["corrections"]
    assert (exported["record"], exported["field"], exported["new"]) == (
        "payslip", "net_pay", 13900.0)
    # a deduction of the slip, by its dotted name
    r = desk.post(f"{url}/correct", data={**form, "field": "deductions.pension", "new": "600"})
    assert '600.00<span class="fixmark">人工更正（原件读出 584.80）</span>' in r.text


def test_the_review_page_is_built_once_per_reading_and_corrections(desk, monkeypatch) -> None:
    from shebao.desk import review

    case = new_case(desk)
    url = _upload(desk, case, "明细.pdf", "factory_statement.pdf")
    built = []
    real = review._heavy
    monkeypatch.setattr(review, "_heavy", lambda *a: built.append(1) or real(*a))
    review._CACHE.clear()
    first = desk.get(url).text
    assert desk.get(url).text == first and len(built) == 1  # the second from the cache
    desk.post(f"{url}/correct", data={"page": "1", "row": "3", "insurance": "pension",
                                      "field": "base", "new": "8100", "by": "李"})
    assert len(built) == 2  # a correction: built again
    assert "8,100.00<span" in desk.get(url).text and len(built) == 2


def test_while_a_reading_is_pending_the_page_shows_the_last_one_and_says_so(desk) -> None:
    case = new_case(desk)
    url = _upload(desk, case, "明细.pdf", "factory_statement.pdf")
    upload_id = int(url.rsplit("/", 1)[1])
    with desk.store() as s:  # a reading queued (as after a column's role is corrected)
        s.add(JobRow(case_id=int(case.rsplit("/", 1)[1]), kind="read", upload_id=upload_id,
                     state="running"))
        s.commit()
    page = desk.get(url).text
    assert "正在按更正后的列重新整理这份材料" in page and "location.reload" in page
    assert all(_values(page, "base"))  # the reading done so far, still shown
