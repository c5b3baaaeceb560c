"""The unseen-layout generator: varied layouts, truth consistent with what is printed.

The reader is not used here (its accuracy on these layouts is ``tests/ingest/test_unseen.py``):
the truth is checked against the generator's own drawing and against the PDF's text layer.
"""

from __future__ import annotations

import ast
import json
import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from shebao.samples.history import config, money
from shebao.samples.identity import id_number_valid
from shebao.samples.pdf import WATERMARK, yuan
from shebao.samples.unseen import generate_unseen, write_unseen
from shebao.samples.unseen.compose import contract_status, fmt_month

from shebao.cli import main
from shebao.records import STATUSES, Extract

SEEDS = range(300, 340)
UNSEEN = Path(__file__).resolve().parents[2] / "samples" / "unseen"


def _level_text(page) -> str:
    """The page's text without turned characters (diagonal watermarks, seals)."""
    def level(obj) -> bool:
        matrix = obj.get("matrix")
        return obj.get("object_type") != "char" or (abs(matrix[1]) < 1e-6
                                                     and abs(matrix[2]) < 1e-6)
    return page.filter(level).extract_text() or ""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("unseen")
    samples = []
    for seed in SEEDS:
        sample = generate_unseen(seed, out)
        with pdfplumber.open(sample.path) as pdf:
            texts = [_level_text(page) for page in pdf.pages]
        samples.append((sample, texts))
    return samples


def test_same_seed_same_bytes_and_truth(tmp_path):
    a = generate_unseen(5, tmp_path / "a")
    b = generate_unseen(5, tmp_path / "b")
    assert a.path.read_bytes() == b.path.read_bytes()
    assert a.truth.contributions == b.truth.contributions and a.truth.person == b.truth.person


def test_layouts_vary_in_every_dimension_the_issue_names(corpus):
    specs = [s.spec for s, _ in corpus]
    assert {s.arrangement for s in specs} == {"long", "single", "wide", "range"}
    assert len({s.month_style for s in specs if s.arrangement != "range"}) >= 5
    assert len({s.range_style for s in specs if s.arrangement == "range"}) >= 3
    columns = [c for s in specs for c in s.columns]
    assert any(len(c.path) >= 2 and c.role in ("emp", "emp_rate") and c.ins is None
               for c in columns), "no 单位缴纳 over 比例 | 金额"
    assert any(len(c.path) >= 2 and c.ins for c in columns), "no 养老保险 over 基数 | 单位 | 个人"
    assert sum(any(c.role.endswith("_rate") for c in s.columns) for s in specs) >= 8
    assert sum(any(c.role == "extra" for c in s.columns) for s in specs) >= 15
    assert {s.code_table for s in specs} >= {"after", "before", "lines"}
    assert sum(s.totals for s in specs) >= 10 and any(s.subtotals for s in specs)
    assert sum(s.not_insured > 0 for s in specs) >= 5 and sum(s.pending > 0 for s in specs) >= 5
    assert len({s.title for s in specs}) >= 15
    assert len({s.marks.text for s in specs}) >= 6 and {s.marks.mode for s in specs} == {
        "text", "outline", "none"}
    assert len({s.person["sep"] for s in specs}) >= 4
    # column orders differ: the role sequences of 40 documents are (nearly) all different
    assert len({tuple(c.role for c in s.columns) for s in specs}) >= 35
    assert max(s.truth.document.pages for s, _ in corpus) >= 3


def test_printed_words_include_real_status_words_and_no_specimen_words(corpus):
    text = "\n".join(t for _, texts in corpus for t in texts)
    for word in ("未参保", "合计"):
        assert word in text
    assert re.search("未到账|未到帐|待到账|未帐", text)
    for word in (*WATERMARK.split(" – "), "测试样本", "SPECIMEN", "非官方文件"):
        assert word not in text


def test_amounts_are_base_times_the_documents_rate_rounded(corpus):
    choices = config()["unseen_rates"]
    checked = 0
    for sample, _ in corpus:
        rates = sample.spec.rates
        for ins, (er, pr) in rates.items():
            assert er in choices[ins]["employer"] and pr in choices[ins]["personal"]
        for c in sample.truth.contributions:
            er, pr = rates[c.insurance]
            if c.base is not None and c.employer_amount is not None:
                assert c.employer_amount == money(c.base * er)
                checked += 1
            if c.base is not None and c.personal_amount is not None:
                assert c.personal_amount == money(c.base * pr)
    assert checked > 1000


def test_truth_values_are_printed_on_their_page(corpus):
    """Every month, base and amount of the truth is in the text of the page it names
    (range rows print totals or months as ranges: their amounts are checked per month)."""
    for sample, texts in corpus:
        spec = sample.spec
        for c in sample.truth.contributions:
            page = texts[c.page - 1].replace(" ", "")
            if spec.arrangement != "range" and spec.month_style != "split":
                assert fmt_month(c.month, spec.month_style) in page, (sample.path, c)
            for value in (c.employer_amount, c.personal_amount):
                if value is not None and spec.arrangement != "range":
                    assert yuan(value, spec.thousands) in page, (sample.path, c, value)
            if c.base is not None and not spec.base_decimals and not spec.thousands:
                assert f"{c.base:.0f}" in page


def test_months_unique_rows_numbered_and_statuses_follow_the_contract(corpus):
    for sample, texts in corpus:
        keys = Counter((c.month, c.insurance) for c in sample.truth.contributions)
        assert max(keys.values()) == 1, sample.path
        by_page: dict[int, set[int]] = {}
        for c in sample.truth.contributions:
            assert c.status in STATUSES
            by_page.setdefault(c.page, set()).add(c.row)
            if c.status in ("unpaid", "not_insured"):
                assert c.base is None and c.employer_amount is None
            if c.status in ("arrears", "pending", contract_status("pending")):
                assert c.paid_on is None
        for page, rows in by_page.items():
            assert rows == set(range(1, max(rows) + 1)), (sample.path, page)
        words = sample.spec.words
        text = "\n".join(texts)
        if sample.spec.not_insured:
            assert words["not_insured"] in text
            assert sum(c.status == contract_status("not_insured") and c.base is None
                       for c in sample.truth.contributions) >= sample.spec.not_insured
        if sample.spec.pending:
            assert words["pending"] in text


def test_person_truth_follows_the_labels_printed(corpus):
    for sample, texts in corpus:
        person, p = sample.truth.person, sample.spec.person
        assert id_number_valid(person.id_number)
        assert person.name in texts[0] and person.id_number in texts[0]
        if p["personal"]:
            assert person.social_security_number != person.id_number
        elif p["id_style"] == "ssn_is_id":
            assert person.social_security_number == person.id_number
        else:
            assert person.social_security_number is None
        assert person.insured_place in texts[0]


def test_generator_does_not_use_the_readers_vocabulary():
    """The generator must be independent of the reader, or it proves nothing."""
    for path in UNSEEN.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith(("shebao.ingest", "shebao.samples."
                                                           "layouts")), (path, node.module)
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("shebao.ingest") for a in node.names), path
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not node.value.endswith(".yaml") or "illustrative" in node.value


def test_cli_writes_documents_truth_and_layout(tmp_path, capsys):
    code = main(["samples", "unseen", "-n", "2", "--seed", "11", "--months", "8",
                 "-o", str(tmp_path)])
    assert code == 0
    assert capsys.readouterr().out.count("unseen_00") == 2
    for seed in (11, 12):
        pdf = tmp_path / f"unseen_{seed:04d}.pdf"
        truth = Extract.from_json_dict(json.loads(
            (tmp_path / f"{pdf.name}.truth.json").read_text(encoding="utf-8")))
        layout = json.loads((tmp_path / f"{pdf.name}.layout.json").read_text(encoding="utf-8"))
        assert truth.document.layout == "unseen" and truth.contributions
        assert layout["columns"] and all(c["label"] for c in layout["columns"])


def test_write_unseen_round_trips(tmp_path):
    sample = generate_unseen(3, tmp_path, months=10)
    truth_path, _ = write_unseen(sample)
    again = Extract.from_json_dict(json.loads(truth_path.read_text(encoding="utf-8")))
    assert again == sample.truth


def test_booked_month_columns_are_drawn_some_before_the_months(tmp_path, monkeypatch):
    """A booked-month column (做账期号 / 缴费期: the month paid in, printed as months) is drawn
    on about a fifth of the layouts, and some of them stand before the month columns; moving
    it changes no truth (the columns' order only)."""
    import random

    from shebao.samples.unseen import compose

    months = ("month", "year", "mon", "range", "start")
    booked, first = [], []
    for seed in range(300, 700):
        spec = compose.draw_spec(random.Random(f"unseen:{seed}"), seed)
        roles = [c.extra if c.role == "extra" else c.role for c in spec.columns]
        if "pay_month" in roles:
            booked.append(seed)
            if roles.index("pay_month") < min(i for i, r in enumerate(roles) if r in months):
                first.append(seed)
    assert len(booked) >= 40 and 10 <= len(first) < len(booked)
    moved = generate_unseen(first[0], tmp_path / "a", months=12)
    monkeypatch.setattr(compose, "BOOKED_FIRST", 0.0)
    kept = generate_unseen(first[0], tmp_path / "b", months=12)
    assert [c.label for c in moved.spec.columns] != [c.label for c in kept.spec.columns]
    assert sorted(c.label for c in moved.spec.columns) == sorted(
        c.label for c in kept.spec.columns)
    assert moved.truth.contributions == kept.truth.contributions
