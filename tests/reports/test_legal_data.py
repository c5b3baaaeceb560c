"""The legal catalogue and labels: one source of truth, complete, and not repeated elsewhere."""

from __future__ import annotations

import re
from typing import get_args

from shebao.reports.claims import CLAIM_RULES
from shebao.reports.legal import labels, legal
from shebao.reports.templating import TEMPLATE_DIR

from shebao.records import RuleCode

CITATION = re.compile(r"《[^》]*(?:法|条例|解释|规定|办法)》")


def test_every_claim_has_one_rule_function_and_known_sources():
    catalogue = legal()  # validation checks every basis key names a source
    assert set(catalogue.claims) == set(CLAIM_RULES)
    for claim in catalogue.claims.values():
        assert claim.basis and claim.excluded_reason


def test_no_space_left_between_chinese_lines_of_folded_yaml():
    for claim in legal().claims.values():
        assert "。 " not in claim.excluded_reason and "； " not in claim.excluded_reason


def test_templates_cite_law_only_through_legal_yaml():
    for template in TEMPLATE_DIR.glob("*.j2"):
        found = CITATION.findall(template.read_text(encoding="utf-8"))
        assert not found, f"{template.name} spells a citation; put it in legal.yaml: {found}"


def test_every_rule_code_of_the_audit_contract_has_a_label_and_a_purpose():
    codes = get_args(RuleCode)
    assert set(codes) <= set(labels().rules)
    assert set(codes) <= set(labels().purposes)


def test_audit_citations_are_shown_with_book_title_marks():
    from shebao.reports.legal import as_filed

    assert as_filed("中华人民共和国社会保险法第六十条") == "《中华人民共和国社会保险法》第六十条"
    assert as_filed("《劳动保障监察条例》第二十条") == "《劳动保障监察条例》第二十条"
    assert as_filed("某地方文件第三条") == "某地方文件第三条"  # unknown titles are left alone
    assert as_filed("社会保险费征缴暂行条例（国务院令第259号）") == (
        "《社会保险费征缴暂行条例》（国务院令第259号）")
    assert as_filed("国务院关于完善企业职工基本养老保险制度的决定（国发〔2005〕38号）第五条") == (
        "《国务院关于完善企业职工基本养老保险制度的决定》（国发〔2005〕38号）第五条")
