"""Statements nobody here made (look-alikes of real ones, :mod:`.lookalikes`): read exactly,
or with a warning naming what was not."""

from __future__ import annotations

import pytest
from shebao.ingest.pipeline import extract_file

from shebao.files import sha256_file
from shebao.records import Document, Extract

from .lookalikes import chengdu, zhejiang
from .scoring import score


def _truth(sample) -> Extract:
    doc = Document(file=sample.path.name, sha256=sha256_file(sample.path), kind="statement",
                   layout="generic",
                   method="text", pages=1)
    return Extract(document=doc, person=sample.person, contributions=sample.contributions)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "no-rules"])
def test_chengdu_stacked_rate_and_amount_header_gives_the_money_not_the_rates(tmp_path, ruled):
    sample = chengdu(tmp_path / "cd.pdf", ruled=ruled)
    ex = extract_file(sample.path)
    s = score(ex, _truth(sample))
    assert s.errors == []
    assert s.f1 == 1.0
    first = next(c for c in ex.contributions if c.row == 1)
    assert (first.employer_amount, first.personal_amount) == (731.84, 365.92)
    assert first.employer_code == "06690743"
    assert first.paid_on == "2024-01-19"
    assert first.employer == sample.employers["06690743"]
    assert first.confidence == 1.0  # every check passed
    assert ex.person.id_number == sample.person.id_number
    assert ex.person.social_security_number == sample.person.social_security_number
    codes = {w.code for w in ex.warnings}
    assert "total_mismatch" not in codes and "rate_outlier" not in codes


def test_zhejiang_not_insured_months_and_pending_latest_month(tmp_path):
    sample = zhejiang(tmp_path / "zj.pdf")
    ex = extract_file(sample.path)
    s = score(ex, _truth(sample))
    assert s.errors == []
    assert s.f1 == 1.0
    statuses = [(c.month, c.status) for c in ex.contributions if c.insurance == "pension"]
    assert statuses[:6] == [(f"2023-{m:02d}", "not_insured") for m in range(1, 7)]
    assert statuses[-1] == ("2024-12", "pending")
    assert ex.person.id_number == sample.person.id_number
