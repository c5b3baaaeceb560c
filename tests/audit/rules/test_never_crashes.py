"""Property: whatever the history (statuses, missing values, places with or without
parameters, bad or missing ID numbers, stray pay slips), the audit returns a valid
``shebao.audit/1`` result -- never an exception."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shebao.audit.engine import Options, audit_extracts

from shebao.records import STATUSES, AuditResult

from .build import id_number, payslips, row, slip, statement

MONTHS = [f"{y}-{m:02d}" for y in (2009, 2010, 2011, 2019, 2020, 2023, 2024, 2025)
          for m in range(1, 13)]
PLACES = ["上海市", "东莞市", "苏州市", "广州市", "杭州市", "某某县", None]
IDS = [id_number("430521", "19700101", False), id_number("511321", "19820520", True),
       "43052119700101001X", None, "123"]

rows = st.lists(st.builds(
    row, st.sampled_from(MONTHS),
    base=st.one_of(st.none(), st.floats(1, 60000, allow_nan=False)),
    status=st.sampled_from(STATUSES),
    employer=st.sampled_from(["甲厂", "乙厂", None]),
    paid_on=st.one_of(st.none(), st.sampled_from(["2011-03-05", "2020-06-10", "2025-01-20"])),
), max_size=30)
slips = st.lists(st.builds(slip, st.sampled_from(MONTHS), st.floats(0, 80000),
                           st.one_of(st.none(), st.floats(0, 3000)),
                           employer=st.sampled_from(["甲厂", None])), max_size=8)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows, slips, st.sampled_from(PLACES), st.sampled_from(IDS),
       st.sampled_from([None, "female-worker", "male"]),
       st.dates(date(2012, 1, 1), date(2030, 12, 31)))
# found by hypothesis once the local supplements (Zhejiang) met an unknown average index
@example(rows=[row("2009-01", base=None, status="paid", employer="甲厂", paid_on=None)],
         slips=[], place="杭州市", id_no="430521197001010253", category=None,
         as_of=date(2025, 1, 1))
def test_audit_never_raises(rows, slips, place, id_no, category, as_of) -> None:
    docs = [statement(rows, place=place, id_no=id_no)]
    if slips:
        docs.append(payslips(slips))
    for result in audit_extracts(docs, Options(as_of=as_of, category=category)):
        AuditResult.model_validate(result.to_json_dict())
        for f in result.findings:
            assert f.message and f.rule
            if f.severity != "info" and f.rule in ("missing_months", "underreported_base",
                                                   "withheld_not_remitted"):
                assert f.basis
