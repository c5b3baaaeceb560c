"""Real pension approval forms (养老金核定表) as tests: ``forms/<province>.yaml`` (format in
``forms/README.md``). Every printed component is held within 0.20 yuan, or the case says why
it cannot be reproduced -- and then the component must really be off, so that a rule which
starts reproducing it makes this test fail until the reason is removed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from shebao.audit.months import YearMonth, parse_duration
from shebao.audit.params import parameters
from shebao.audit.pension import EstimateInput, estimate

FORMS = Path(__file__).with_name("forms")
P = parameters()
TOLERANCE = Decimal("0.20")
# Share of all printed components reproduced within 0.20 yuan, as measured (753/773 on
# 2026-12-07, session 9: the Jilin index rule +1, two Jiangsu forms +8, three totals now
# transcribed +2 of 3; 742/762 in session 8; the aim is 0.98). Raise it when a rule is
# added; a rule change must not lower it. Only adding a form or a printed component that cannot
# be reproduced (with its reason) may lower it.
REPRODUCED_AT_LEAST = 0.974
TYPED = {"transitional": "transitional"}  # input key -> component it supplies


def _files() -> list[Path]:
    return sorted(FORMS.glob("*.yaml"))


def _cases() -> list[Any]:
    out = []
    for path in _files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append(pytest.param(path.stem, case, id=f"{path.stem}: {case['name']}"))
    return out


def _input(raw: dict[str, Any]) -> EstimateInput:
    dec = lambda k: Decimal(str(raw[k])) if k in raw else None  # noqa: E731
    dur = lambda k: parse_duration(str(raw[k])) if k in raw else None  # noqa: E731
    return EstimateInput(
        area=P.areas.resolve(raw.get("city") or raw["province"]),
        retire=YearMonth.parse(str(raw["retire"])),
        age_months=int(raw["age_months"]),
        calc_base=dec("calc_base"),
        index_wage=dec("index_wage"),
        avg_index=Decimal(str(raw["avg_index"])),
        years=parse_duration(str(raw["years"])),
        account=Decimal(str(raw["account"])),
        deemed_years=dur("deemed_years"),
        pre_account_years=dur("pre_account_years"),
        deemed_index=dec("deemed_index"),
        trans_index=dec("trans_index"),
        old_transitional=dec("old_transitional"),
        notional_account=dec("notional_account"),
        divisor=dec("divisor"),
        transitional=dec("transitional"),
        extras=[(k, Decimal(str(v))) for k, v in (raw.get("extra") or {}).items()],
    )


def _got(case: dict[str, Any]) -> dict[str, Decimal | None]:
    result = estimate(_input(case["input"]), P)
    got: dict[str, Decimal | None] = {k: c.amount for k, c in result.components.items()}
    got["total"] = result.total
    return got


def _off(got: Decimal | None, want: Any) -> bool:
    return got is None or abs(got - Decimal(str(want))) > TOLERANCE


def test_every_province_file_names_its_source_and_cases_their_form() -> None:
    assert len(_files()) >= 12
    for path in _files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["source"] and data["province"], path.name
        P.areas.resolve(data["province"])
        for case in data["cases"]:
            assert str(case["form"]).startswith("https://"), case["name"]
            assert case["expected"], case["name"]


@pytest.mark.parametrize(("province", "case"), _cases())
def test_form(province: str, case: dict[str, Any]) -> None:
    got = _got(case)
    reasons = case.get("not_reproduced") or {}
    for key in case["expected"]:
        # a component typed from the form is an input, not a reproduction
        assert not any(k in case["input"] and TYPED[k] == key for k in TYPED), key
    for key, want in case["expected"].items():
        if key in reasons:
            assert len(str(reasons[key]).strip()) >= 10, f"{key}: the reason must say why"
            assert _off(got.get(key), want), (
                f"{key} is now reproduced ({got.get(key)} vs {want}): remove its reason"
            )
        else:
            assert not _off(got.get(key), want), (key, got.get(key), want)
    assert set(reasons) <= set(case["expected"]), "a reason for a component not compared"


def test_share_of_components_reproduced() -> None:
    total = reproduced = 0
    for path in _files():
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            got = _got(case)
            for key, want in case["expected"].items():
                total += 1
                reproduced += not _off(got.get(key), want)
    share = reproduced / total
    print(f"forms: {reproduced}/{total} components within 0.20 yuan ({share:.1%})")
    assert share >= REPRODUCED_AT_LEAST


def test_every_recorded_local_rule_reproduces_at_least_one_form() -> None:
    """A province's transitional rule or year counting is only as good as the forms it
    reproduces: each recorded area must have a form whose transitional line (or, for year
    counting, basic line) is reproduced."""
    reproduced: dict[str, set[str]] = {"transitional": set(), "basic": set()}
    for path in _files():
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            province = P.areas.province_of(_input(case["input"]).area)
            got = _got(case)
            for key in reproduced:
                want = case["expected"].get(key)
                if want is not None and not _off(got.get(key), want) and (
                    key != "transitional" or want != 0
                ):
                    reproduced[key].add(province)
    for name, key in (
        ("regional/pension/transitional_method", "transitional"),
        ("regional/pension/service_year_counting", "basic"),
        ("regional/pension/indexed_wage_base", "basic"),
        ("regional/pension/index_rounding", "basic"),
    ):
        recorded = {P.areas.province_of(a) for a in P[name].series} - {"000000"}
        assert recorded <= reproduced[key], (name, sorted(recorded - reproduced[key]))
