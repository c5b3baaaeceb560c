"""The public-sector scheme (机关事业单位养老保险) beside the enterprise one: the published
Shanghai example, the rank index as an explicit unknown, and the side-by-side comparison."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from shebao.audit.months import YearMonth, parse_duration
from shebao.audit.params import parameters
from shebao.audit.pension import EstimateInput, estimate
from shebao.audit.projections import replacement_rate
from shebao.audit.public_scheme import compare_schemes, estimate_public

from shebao.cli import main
from shebao.errors import UsageError

P = parameters()
TOL = Decimal("0.20")

# The Shanghai example (issue 14): reference wage 12000, 41 years, account 300000 → 2158.27;
# transitional 25 years × 1.2% × 12000 = 3600 plus 80000 ÷ 120 = 666.67; annuity 150000 →
# 1079.14; basic 5857.32; total 13361.4. The example gives no index; 1.381 is the index that
# its basic pension implies ((1 + Z) / 2 × 12000 × 41% = 5857.32 → Z ≈ 1.3810).
SHANGHAI = EstimateInput(
    area="310000",
    retire=YearMonth(2025, 6),
    age_months=720,
    avg_index=Decimal("1.381"),
    years=parse_duration("41"),
    account=Decimal(300000),
    calc_base=Decimal(12000),
    deemed_years=parse_duration("25"),
    notional_account=Decimal(80000),
)


def test_shanghai_example_component_by_component() -> None:
    result = estimate_public(SHANGHAI, Decimal(150000), P=P)
    want = {
        "basic": Decimal("5857.32"),
        "individual_account": Decimal("2158.27"),
        "transitional": Decimal("3600") + Decimal("666.67"),
        "occupational_annuity": Decimal("1079.14"),
    }
    for key, amount in want.items():
        got = result.amount(key)
        assert got is not None and abs(got - amount) <= TOL, (key, got)
    # exact where the example is exact: the divisions by 139 and by 120
    assert result.amount("individual_account") == Decimal("2158.27")
    assert result.amount("occupational_annuity") == Decimal("1079.14")
    parts = {p["label"]: p["amount"] for p in result.components["transitional"].parts}
    assert parts == {
        "1992年底前工作年限部分": Decimal("3600.00"),
        "虚账实记部分": Decimal("666.67"),
    }
    assert result.total is not None and abs(result.total - Decimal("13361.4")) <= TOL
    data = result.to_json()
    assert data["scheme"] == "public" and data["occupational_annuity"] == 1079.14
    assert result.status == "unconfirmed"  # the Shanghai rule is encoded from the example
    cited = [s.cite() for s in result.components["occupational_annuity"].sources()]
    assert any("国办发〔2015〕18号" in c for c in cited)


def test_the_enterprise_default_differs_only_where_the_rules_differ() -> None:
    enterprise = estimate(SHANGHAI, P)
    public = estimate_public(SHANGHAI, Decimal(0), P=P)
    # Shanghai enterprise forms round each line to 0.1 yuan; the public example to 0.01
    assert enterprise.amount("individual_account") == Decimal("2158.3")
    assert public.amount("individual_account") == Decimal("2158.27")
    assert "occupational_annuity" not in enterprise.components
    assert public.amount("occupational_annuity") == 0


def test_before_the_2014_merger_is_refused() -> None:
    from dataclasses import replace

    with pytest.raises(UsageError, match="2014年10月"):
        estimate_public(replace(SHANGHAI, retire=YearMonth(2014, 9)), Decimal(0), P=P)


def test_rank_without_a_recorded_table_is_said_not_guessed() -> None:
    result = estimate_public(SHANGHAI, Decimal(150000), rank="县处级", P=P)
    assert any("县处级" in n and "视同缴费指数" in n and "未读到" in n for n in result.notes)
    # the transitional pension keeps the local rule's own index (1.0 in Shanghai)
    assert result.amount("transitional") == Decimal("4266.67")


def test_no_transitional_rule_recorded_is_an_explicit_unknown() -> None:
    from dataclasses import replace

    result = estimate_public(replace(SHANGHAI, area="420000"), Decimal(1000), P=P)
    assert result.amount("transitional") is None and result.total is None
    assert any(u.startswith("过渡性养老金") for u in result.unknown)


def test_cli_scheme_public_json(capsys) -> None:
    code = main(
        ["estimate", "--scheme", "public", "--province", "shanghai", "--retire", "2025-06",
         "--age-months", "720", "--calc-base", "12000", "--avg-index", "1.381", "--years", "41",
         "--account", "300000", "--deemed-years", "25", "--notional-account", "80000",
         "--annuity-account", "150000", "--json"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert abs(data["total"] - 13361.4) <= 0.2
    assert data["components"]["occupational_annuity"]["label"] == "职业年金"
    # the same inputs under Shanghai's enterprise rules: components rounded to 0.1 there, and
    # no annuity -- so the difference is the annuity give or take that rounding
    comparison = data["enterprise_comparison"]
    assert comparison["by_component"]["occupational_annuity"] == [1079.14, None]
    assert comparison["by_component"]["individual_account"] == [2158.27, 2158.3]
    assert abs(comparison["difference"] - 1079.14) <= 0.2
    assert comparison["total"] == pytest.approx(data["total"] - comparison["difference"])


def test_cli_annuity_without_public_scheme_is_refused(capsys) -> None:
    code = main(
        ["estimate", "--province", "上海", "--retire", "2025-06", "--age-months", "720",
         "--avg-index", "1", "--years", "30", "--account", "1", "--annuity-account", "5"]
    )  # fmt: skip
    assert code == 2
    assert "--scheme public" in capsys.readouterr().err


def test_comparison_adds_the_annuity_at_twelve_over_eight_of_the_account() -> None:
    rr = replacement_rate(22, 720, relative_wage=Decimal(1), P=P)
    out = compare_schemes(rr, P)
    assert out["enterprise"]["basic"] == out["public"]["basic"]
    annuity = out["public"]["occupational_annuity"]
    assert annuity == pytest.approx(float(rr.account) * 12 / 8, abs=1e-4)
    assert out["difference"] == pytest.approx(annuity, abs=1e-4)
    assert out["public"]["total"] == pytest.approx(float(rr.total) + annuity, abs=1e-4)


def test_project_compare_public_side_by_side(capsys) -> None:
    code = main(["project", "--start-age", "22", "--retire-age", "60", "--compare-public"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "企业职工" in out and "机关事业单位" in out and "职业年金" in out
    code = main(
        ["project", "--start-age", "22", "--retire-age", "60", "--compare-public", "--json"]
    )
    data = json.loads(capsys.readouterr().out)
    assert data["schemes"]["public"]["total"] > data["schemes"]["enterprise"]["total"]


def test_a_recorded_rank_table_supplies_the_deemed_index(tmp_path) -> None:
    """With a province's table recorded (a copy of the tree with a made-up table, since no
    real one has been read), the rank's index weights the pre-reform years."""
    import shutil

    from shebao.audit.params import PARAMETER_ROOT, ParameterSet

    root = tmp_path / "parameters"
    shutil.copytree(PARAMETER_ROOT, root)
    path = root / "regional/public/deemed_index.yaml"
    text = path.read_text(encoding="utf-8")
    text += """  "310000":
    reference:
      2014-10-01: [{title: 测试用表, document_number: 测〔2015〕1号}]
    values:
      2014-10-01: {value: {ranks: {县处级: 1.4, 科员: 1.0}}, status: estimated}
"""
    path.write_text(text, encoding="utf-8")
    custom = ParameterSet(root)
    result = estimate_public(SHANGHAI, Decimal(150000), rank="县处级", P=custom)
    # 12000 × 1.4 × 25 × 1.2% = 5040, plus 80000 ÷ 120
    assert result.amount("transitional") == Decimal("5706.67")
    assert any(f.label == "视同缴费指数（县处级）" for f in result.inputs)
    unknown_rank = estimate_public(SHANGHAI, Decimal(150000), rank="厅局级", P=custom)
    assert any("没有“厅局级”" in n for n in unknown_rank.notes)
    assert unknown_rank.amount("transitional") == Decimal("4266.67")


def test_changchun_public_employees_use_the_provincial_base_its_enterprises_their_own() -> None:
    """Jilin 2025: "全省(含机关事业单位不含农垦企业)计发基数月平均工资为7322.08元，长春市企业为
    7978.25元" (职场老楚, quoting a form). The public scheme reads the provincial base through
    regional/public/calculation_base's rule (the figure recorded once); the enterprise
    estimate keeps Changchun's own."""
    inp = EstimateInput(
        area=P.areas.resolve("长春"), retire=YearMonth(2025, 6), age_months=720,
        avg_index=Decimal("1.2"), years=parse_duration("35"), account=Decimal(100000),
    )  # fmt: skip
    public = estimate_public(inp, Decimal(0), P=P).components["basic"]
    enterprise = estimate(inp, P).components["basic"]
    assert public.formula.startswith("(7322.08 + 7322.08×1.2)")
    assert enterprise.formula.startswith("(7978.25 + 7322.08×1.2)")
    (C,) = [v for v in public.used if v.parameter == "regional/public/calculation_base"]
    assert (C.value, C.status, C.area) == (7322.08, "estimated", "220000")
    assert any("机关事业单位" in (s.note or "") for s in C.sources)
    # elsewhere no entry: the enterprise base (Guangdong 2025 9493)
    gd = estimate_public(replace(inp, area="440100"), Decimal(0), P=P).components["basic"]
    assert gd.formula.startswith("(9493 + 9493×1.2)")
