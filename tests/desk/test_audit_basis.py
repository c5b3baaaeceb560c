"""The desk's audit fragment: a finding's legal basis under 依据 with document numbers, the
sources of parameter values apart (``shebao.audit.basis``), no file path anywhere."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from shebao.audit.basis import DATA_LABEL
from shebao.audit.engine import audit_case
from shebao.desk.app import create_app
from shebao.desk.store import JobRow, now
from starlette.testclient import TestClient

from tests.audit.test_basis_people import DEVELOPER, SECOND_HAND, _sources

CASE_D = Path(__file__).resolve().parents[2] / "samples" / "demo" / "case-D"
FORM = {"worker_name": "谢洋德", "gender": "男", "hukou": "安徽省砀山县",
        "employer_name": "东莞市虎门镇嘉禾电子科技实业有限公司", "start": "2019-01",
        "end": "2025-06", "insured_place": "东莞市"}


@pytest.fixture
def desk(tmp_path: Path):
    app = create_app(tmp_path / "store")
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        token = re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/").text).group(1)
        client.headers["X-CSRF-Token"] = token
        yield client


def test_audit_fragment_never_prints_a_data_source_as_basis(desk) -> None:
    r = desk.post("/cases", data=FORM, follow_redirects=False)
    case = r.headers["location"]
    case_id = int(case.rsplit("/", 1)[1])
    result = audit_case(CASE_D).to_json_dict()
    # every source of the parameter files, beside the audit's own citations
    finding = result["findings"][0]
    finding["basis"] += [s.to_basis().model_dump() for s in _sources()]
    store = desk.app.state.desk.store
    with store() as s:
        s.add(JobRow(case_id=case_id, kind="audit", state="done", result=json.dumps(result),
                     finished=now()))
        s.commit()
    fragment = html.unescape(desk.get(f"{case}/audit").text)
    basis = re.findall(r'<span class="muted">依据：(.*?)</span>', fragment)
    data = re.findall(rf'<span class="muted">{re.escape(DATA_LABEL)}：(.*?)</span>', fragment)
    assert basis and data
    for text in basis:
        assert not DEVELOPER.search(text) and not any(w in text for w in SECOND_HAND), text
    assert not DEVELOPER.search(fragment.split("<p>未能审计的内容")[0])
    assert any("国发〔2005〕38号" in text for text in basis)
    assert any("国务院令第259号" in text for text in basis)
    assert any("第三方养老金计算器分省参数（" in text for text in data)
    cited = [b["citation"] for b in finding["basis"]]
    assert cited.count("中华人民共和国社会保险法第八十六条") >= 2
    assert basis[0].count("社会保险法》第八十六条") == 1  # each citation once
