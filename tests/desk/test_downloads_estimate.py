"""Drafts, the evidence bundle, the pension estimate and the what-if projections from a desk
case, held to what the command line makes for the same case (samples/demo/case-D, text PDFs)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from shebao.desk.app import create_app
from shebao.desk.estimate import PLOT_LEFT, PLOT_RIGHT, bar_widths, chart_svg
from starlette.testclient import TestClient

from shebao.cli import main

from .test_desk import BASE, CASE_D, FORM, with_csrf


@pytest.fixture(scope="module")
def case_d(tmp_path_factory):
    """Case D imported into a desk and audited there: (client, case path)."""
    app = create_app(tmp_path_factory.mktemp("desk") / "store")
    with TestClient(app, base_url=BASE) as client:
        with_csrf(client)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for path in sorted(CASE_D.iterdir()):
                archive.write(path, path.name)
        case = client.post("/cases/import", files={"archive": ("D.zip", buffer.getvalue(),
                                                               "application/zip")},
                           follow_redirects=False).headers["location"]
        assert client.get(f"{case}/drafts/complaint.pdf").status_code == 409  # no audit yet
        assert "完成审计后" in client.get(f"{case}/estimate").text
        assert client.post(f"{case}/audit").status_code == 200
        app.state.desk.worker.wait()
        yield client, case


def docx_text(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return lines


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.mark.parametrize("kind", ["complaint", "evidence-index", "arrears"])
def test_drafts_are_what_shebao_draft_makes(case_d, kind: str, tmp_path: Path) -> None:
    client, case = case_d
    for fmt in ("pdf", "docx"):
        r = client.get(f"{case}/drafts/{kind}.{fmt}")
        assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
        out = tmp_path / f"cli.{fmt}"
        assert main(["draft", str(CASE_D), "--kind", kind, "--format", fmt, "-o",
                     str(out)]) == 0
        if fmt == "pdf":
            assert r.content == out.read_bytes()  # byte for byte
            text = pdf_text(r.content)
        else:  # a DOCX carries its time of writing: the same paragraphs and tables
            assert docx_text(r.content) == docx_text(out.read_bytes())
            text = "\n".join(docx_text(r.content))
        assert "谢勇" in text  # the worker named in case D's case.yaml
    if kind == "arrears":  # case D's arrears without late fees (a fixed sample; fees grow daily)
        assert "欠缴合计44,092.36元" in text.replace("\n", "")


def test_no_arbitration_draft_when_the_cli_makes_none(case_d, capsys) -> None:
    client, case = case_d
    r = client.get(f"{case}/drafts/arbitration.docx")
    assert r.status_code == 409
    assert main(["draft", str(CASE_D), "--kind", "arbitration", "-o", "/tmp/x.docx"]) == 2
    reason = capsys.readouterr().err.strip().split("不起草仲裁申请书：", 1)[1]
    assert reason.split("（")[0] in r.text
    listing = client.get(f"{case}/drafts").text
    assert "不起草" in listing and f"{case}/drafts/arbitration.docx" not in listing
    assert client.get(f"{case}/drafts/report.docx").status_code == 404  # not offered here


@pytest.mark.slow  # two evidence bundles built (about a minute on a busy machine)
def test_the_bundle_zip_is_what_shebao_bundle_makes(case_d, tmp_path: Path) -> None:
    client, case = case_d
    r = client.get(f"{case}/bundle.zip")
    assert r.status_code == 200 and r.content.startswith(b"PK")
    desk = zipfile.ZipFile(io.BytesIO(r.content))
    assert main(["bundle", str(CASE_D), "-o", str(tmp_path / "b.pdf"), "--zip"]) == 0
    cli = zipfile.ZipFile(tmp_path / "b.zip")
    [desk_pdf] = [n for n in desk.namelist() if n.endswith(".pdf") and "/" not in n]
    [cli_pdf] = [n for n in cli.namelist() if n.endswith(".pdf") and "/" not in n]
    assert sorted(set(desk.namelist()) - {desk_pdf}) == sorted(set(cli.namelist()) - {cli_pdf})
    for name in cli.namelist():
        if name.startswith("原件/"):  # the originals, untouched
            assert desk.read(name) == cli.read(name) == (CASE_D / name[3:]).read_bytes()
        elif name.endswith(".docx"):
            assert docx_text(desk.read(name)) == docx_text(cli.read(name)), name
    def manifest(z: zipfile.ZipFile) -> dict:
        data = json.loads(z.read("manifest.json"))
        made_where = ("created", "case", "bundle", "bundle_sha256")  # time, folder and file name
        return {k: v for k, v in data.items() if k not in made_where}
    assert manifest(desk) == manifest(cli)
    assert manifest(cli)["total_pages"] > 5
    stamp = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
    names = re.compile(r"[^\s，。：]+\.manifest\.json|案件\d+-证据材料|case-D-证据材料")
    def text(z, name):
        return names.sub("NAME", stamp.sub("TIME", pdf_text(z.read(name))))
    assert text(desk, desk_pdf) == text(cli, cli_pdf)


def test_the_estimate_and_projections_are_the_audits_with_a_chart(case_d) -> None:
    client, case = case_d
    audit = json.loads(client.app.state.desk.last_audit(int(case.rsplit("/", 1)[1])).result)
    page = client.get(f"{case}/estimate").text
    estimate = audit["estimate"]
    assert f"{estimate['total']:.2f} 元" in page and estimate["area_name"] in page
    assert "需核实" in page  # case D's parameters are not all official: said so
    scenarios = audit["projections"]["scenarios"]
    assert [s["key"] for s in scenarios] == ["stop_now", "continue", "earliest", "latest"]
    for s in scenarios:
        assert f"{s['pension']['total']:,.2f}" in page
    assert "不能按月领取" in page  # stop_now does not reach the minimum years
    assert "以下测算按在上海市继续参保" in page  # case D: paid in Shanghai, claimed in Hunan
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert svg == chart_svg(scenarios)
    plot = 640 - PLOT_LEFT - PLOT_RIGHT
    widths = bar_widths(scenarios, plot)
    top = max(s["pension"]["total"] for s in scenarios)
    assert widths == [round(s["pension"]["total"] / top * plot, 1) for s in scenarios]
    assert widths[3] == plot and f'width="{widths[0]}"' in svg  # latest is the longest bar
    assert 'fill="url(#short)"' in svg  # the short scenario hatched


def test_a_what_if_is_what_shebao_project_prints(case_d, capsys) -> None:
    client, case = case_d
    r = client.post(f"{case}/estimate", data={"back_pay": "24", "base": "", "adjustment": "2"})
    assert r.status_code == 200
    command = re.search(r"<code>(shebao project [^<]+)</code>", r.text).group(1).split()
    assert command[-1] == "--json" and "--back-pay" in command and "24" in command
    store = client.app.state.desk.store
    histories = {p.name: str(p) for p in store.work.glob("project-*/*.json")}
    args = [histories.get(a, a) for a in command[1:]]
    assert main(args) == 0
    cli = json.loads(capsys.readouterr().out)
    [back_pay] = [s for s in cli["scenarios"] if s["key"] == "back_pay"]
    assert back_pay["added_months"] == 24
    assert f"{back_pay['pension']['total']:,.2f}" in r.text
    from decimal import Decimal

    from shebao.desk.casefolder import case_facts
    from shebao.desk.estimate import what_if
    from shebao.desk.store import CaseRow

    case_id = int(case.rsplit("/", 1)[1])
    with store() as s:
        row = s.get(CaseRow, case_id)
    audit = json.loads(client.app.state.desk.last_audit(case_id).result)
    desk = what_if(store, case_id, audit, case_facts(row), back_pay=24,
                   adjustment=Decimal("0.02"))
    assert {k: v for k, v in desk.items() if k not in ("command", "area_name")} == cli


def test_bad_what_if_values_are_refused_with_the_reason(case_d) -> None:
    client, case = case_d
    for data, reason in (({"back_pay": "-3"}, "整数"), ({"back_pay": "9999"}, "0 到 600"),
                         ({"base": "abc"}, "数字"), ({"adjustment": "80"}, "-50 到 50")):
        r = client.post(f"{case}/estimate", data=data)
        assert r.status_code == 400 and reason in r.text, data


def test_without_pension_records_there_is_no_projection_and_it_is_said(tmp_path: Path) -> None:
    app = create_app(tmp_path / "store")
    with TestClient(app, base_url=BASE) as client:
        with_csrf(client)
        case = client.post("/cases", data=FORM, follow_redirects=False).headers["location"]
        client.post(f"{case}/audit")  # nothing to audit: the audit fails
        app.state.desk.worker.wait()
        assert "审计没有完成" in client.get(f"{case}/estimate").text
        assert client.post(f"{case}/estimate", data={"back_pay": "12"}).status_code == 409
        assert client.get(f"{case}/bundle.zip").status_code == 409
        payslips = (CASE_D / "factory_payslips.pdf").read_bytes()  # pay slips only
        client.post(f"{case}/files", files=[("files", ("slips.pdf", payslips, "application/pdf"))])
        client.post(f"{case}/audit")
        app.state.desk.worker.wait()
        page = client.get(f"{case}/estimate").text
        assert "没有养老金估算" in page
        r = client.post(f"{case}/estimate", data={"back_pay": "12"})
        assert r.status_code == 400 and 'class="refused"' in r.text
