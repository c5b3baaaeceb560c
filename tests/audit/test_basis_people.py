"""Legal basis vs parameter data sources as people read them (``shebao.audit.basis``): in the
CLI's estimate, over every source of the parameter files, and the split itself."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from shebao.audit.basis import DATA_LABEL, is_legal, split, worded
from shebao.audit.results import Source

from shebao.cli import main
from shebao.records import Basis

PARAMETERS = Path(__file__).resolve().parents[2] / "audit" / "parameters"
# what a developer's path or a third party's name looks like in a text for people
DEVELOPER = re.compile(r"\.(?:js|json|ts|md|ya?ml)\b|docs/|provinces/|github|city-salary")
SECOND_HAND = ("第三方", "转录", "本项目检索记录")


def _sources() -> list[Source]:
    out: list[Source] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("title"), str):
                out.append(Source(title=node["title"],
                                  document_number=node.get("document_number"),
                                  article=node.get("article"), href=node.get("href")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(PARAMETERS.rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def test_a_transcription_carrying_a_document_number_is_no_legal_basis() -> None:
    hunan = Source(title="第三方养老金计算器分省参数 provinces/hunan.js"
                         "（据真实核定表和所引文件整理，非官方原件）",
                   document_number="湘人社发〔2025〕53号",
                   href="https://github.com/x/pension-calculator/blob/main/provinces/hunan.js")
    legal, text = worded(hunan)
    assert not legal and "provinces" not in text and ".js" not in text
    assert text.startswith("第三方养老金计算器分省参数（")
    decision = Source(title="国务院关于完善企业职工基本养老保险制度的决定",
                      document_number="国发〔2005〕38号", article="第六条")
    law = "国务院关于完善企业职工基本养老保险制度的决定（国发〔2005〕38号）第六条"
    assert worded(decision) == (True, law)
    assert is_legal("上海市人社局2024年度缴费基数通知", None, "https://rsj.sh.gov.cn/x.html")
    assert not is_legal("湖南省企业职工养老金核定表（转录：株洲2026-03）", "湘人社发〔2025〕53号",
                        None)
    # records, JSON and audit sources alike; each text once, in order
    both = split([decision.to_basis(), hunan.to_basis().model_dump(), decision, hunan])
    assert both.basis == [law]
    assert len(both.data) == 1 and "hunan" not in both.data[0]


def test_no_parameter_source_is_worded_with_a_path_or_counted_as_law_when_second_hand() -> None:
    sources = _sources()
    assert len(sources) > 200
    legal_count = 0
    for source in sources:
        legal, text = worded(source)
        assert text and not DEVELOPER.search(text), (source, text)
        if legal:
            legal_count += 1
            assert not any(word in source.title for word in SECOND_HAND), source
            assert source.href is None or ".gov.cn" in source.href, source
            if source.document_number and not source.document_number.startswith("主席令"):
                assert source.document_number in text
    assert legal_count > 20


def _lines(out: str) -> tuple[list[str], list[str]]:
    """(the 依据 lines, the lines of the data-source block) of a CLI output."""
    lines = out.splitlines()
    basis = [line for line in lines if line.startswith("依据：")]
    data: list[str] = []
    if f"{DATA_LABEL}：" in lines:
        for line in lines[lines.index(f"{DATA_LABEL}：") + 1:]:
            if not line.startswith("  "):
                break
            data.append(line)
    return basis, data


def test_cli_estimate_prints_third_party_sources_apart_without_paths(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # one source a line
    assert main(["estimate", "--province", "湖南", "--birth", "1968-03", "--years", "25",
                 "--avg-index", "0.7", "--account", "60000", "--retire", "2028-03"]) == 0
    out = capsys.readouterr().out
    basis, data = _lines(out)
    assert any("国发〔2005〕38号" in line for line in basis)
    for line in basis:
        assert not DEVELOPER.search(line) and not any(w in line for w in SECOND_HAND), line
    assert any(line.strip().startswith("第三方养老金计算器分省参数（") for line in data)
    assert not DEVELOPER.search(out)
    assert sum("国发〔2005〕38号）第六条" in line for line in basis) == 1  # each source once


def test_cli_retirement_and_project_keep_the_law_under_basis(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    assert main(["project", "--start-age", "25", "--retire-age", "60", "--province", "湖南"]) == 0
    basis, _ = _lines(capsys.readouterr().out)
    assert any("国办发〔2019〕13号" in line for line in basis)
    assert not any(DEVELOPER.search(line) for line in basis)


def test_a_record_read_off_a_third_party_site_is_a_data_source() -> None:
    b = Basis(citation="第三方工资计算器 city-salary 测试断言",
              document_number="桂人社发〔2026〕32号", url="https://github.com/x/city-salary")
    assert split([b]).basis == [] and split([b]).data == ["第三方工资计算器 测试断言"]
