import pytest
from pydantic import ValidationError

from shebao.frames import contributions_frame
from shebao.records import SCHEMA_EXTRACT, Contribution, Document, Extract


def _extract(**kw) -> Extract:
    return Extract(document=Document(file="a.pdf", sha256="0" * 64, kind="statement"), **kw)


def test_json_round_trip_keeps_schema_and_unknown_fields():
    data = _extract(contributions=[Contribution(month="2012-01", insurance="pension")])
    js = data.to_json_dict()
    assert js["schema"] == SCHEMA_EXTRACT
    js["contributions"][0]["added_later"] = 1
    again = Extract.from_json_dict(js)
    assert again.to_json_dict()["contributions"][0]["added_later"] == 1


@pytest.mark.parametrize("month", ["2012-1", "2012-13", "201201", "2012-00"])
def test_month_must_be_yyyy_mm(month):
    with pytest.raises(ValidationError):
        Contribution(month=month, insurance="pension")


def test_unknown_insurance_and_status_rejected():
    with pytest.raises(ValidationError):
        Contribution(month="2012-01", insurance="housing")
    with pytest.raises(ValidationError):
        Contribution(month="2012-01", insurance="pension", status="ok")


def test_from_json_rejects_other_schema():
    with pytest.raises(ValueError, match=r"shebao\.extract/1"):
        Extract.from_json_dict({"schema": "other/1"})


def test_contributions_frame_validates_and_keeps_nulls():
    ex = _extract(
        contributions=[
            Contribution(month="2012-01", insurance="pension", base=1895.0, status="paid"),
            Contribution(month="2012-02", insurance="pension", status="unpaid"),
        ]
    )
    df = contributions_frame([ex])
    assert list(df["month"]) == ["2012-01", "2012-02"]
    assert df["base"].isna().tolist() == [False, True]
    assert set(df["file"]) == {"a.pdf"}
