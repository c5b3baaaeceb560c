"""The committed demo set is current (regenerating it gives the same content) and tells its story.

PDF bytes depend on the reportlab version and the font files installed, so the committed
documents are compared through their truth (everything but the file hash), their hidden facts
and the README; each committed truth must carry the hash of the committed file beside it.
"""

from __future__ import annotations

import json

import pytest
from shebao.samples import LAYOUTS
from shebao.samples.demo_set import write_demo

from shebao.files import sha256_file
from shebao.records import Extract


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    return out, write_demo(out)


def test_committed_demo_matches_a_fresh_generation(regenerated, repo_root):
    out, samples = regenerated
    committed = repo_root / "samples" / "demo"
    stale = f"is stale: run shebao samples generate -o {committed} --demo"
    for s in samples:
        name, rel = s.path.name, s.path.relative_to(out)
        kept = json.loads((committed / "truth" / f"{name}.truth.json").read_text("utf-8"))
        fresh = json.loads((out / "truth" / f"{name}.truth.json").read_text("utf-8"))
        assert kept["document"].pop("sha256") == sha256_file(committed / rel), f"{name} {stale}"
        fresh["document"].pop("sha256")
        assert kept == fresh, f"{name} {stale}"
        for suffix in (".hidden.json",):
            assert (committed / "truth" / f"{name}{suffix}").read_text("utf-8") == (
                out / "truth" / f"{name}{suffix}").read_text("utf-8"), f"{name} {stale}"
    def listing(root):
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    assert listing(committed) == listing(out), f"file list {stale}"
    for text in ("README.md", "case-D/case.yaml"):
        assert (committed / text).read_text(encoding="utf-8") == (
            out / text).read_text(encoding="utf-8"), f"{text} {stale}"
    size = sum(p.stat().st_size for p in committed.rglob("*") if p.is_file())
    assert size < 2_000_000


def test_demo_covers_every_layout(regenerated):
    _, samples = regenerated
    assert {s.layout for s in samples} == set(LAYOUTS)


def test_story_pay_slips_deduct_pension_in_months_without_contribution(regenerated):
    out, samples = regenerated
    by_layout = {s.layout: s.truth for s in samples if s.path.parent == out}  # workers A-C
    statement = by_layout["L1"]
    unpaid = {c.month for c in statement.contributions
              if c.insurance == "pension" and c.status == "unpaid"}
    slips = by_layout["L6-strips-pdf"].payslips
    withheld = [p for p in slips if p.month in unpaid and p.deductions.pension]
    assert len(withheld) == 3
    # declared at the minimum base while gross pay is about twice as high
    paid = {c.month: c.base for c in statement.contributions
            if c.insurance == "pension" and c.base}
    ratios = [p.gross_pay / paid[p.month] for p in slips if p.month in paid]
    assert ratios and min(ratios) > 1.7 and max(ratios) > 1.9
    # the factory sheet of a gap month holds the same line as the worker's own slip
    sheet = by_layout["L6-xlsx"].payslips
    own = {(p.month, p.employee_id): p.net_pay for p in slips}
    assert any(own.get((p.month, p.employee_id)) == p.net_pay for p in sheet)
    json.dumps(Extract.model_json_schema())  # truths validate against the models


def test_hidden_facts_explain_the_planted_problems(repo_root):
    hidden = json.loads((repo_root / "samples/demo/truth/A_L1_monthly_statement.pdf.hidden.json")
                        .read_text(encoding="utf-8"))
    assert hidden["schema"] == "shebao.samples.hidden/1"
    months = hidden["months"]
    floor_codes = {e["code"] for e in hidden["employers"] if e["declares_minimum"]}
    at_floor = [m for m in months if m["employer_code"] in floor_codes and m["base"]]
    assert at_floor and all(m["wage"] > 1.7 * m["base"] for m in at_floor)
    gaps = [m for m in months if m["tag"] == "gap_in_job"]
    assert len(gaps) == 3 and all(m["wage"] and m["base"] is None for m in gaps)
    sheet = json.loads((repo_root / "samples/demo/truth/A_L6_factory_paysheet.xlsx.hidden.json")
                       .read_text(encoding="utf-8"))
    lines = sheet["payrolls"][0]["lines"]
    assert all(abs(sum(x["earnings"].values()) - x["gross"]) < 0.005 for x in lines)
