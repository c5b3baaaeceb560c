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


def _plain(cls):
    """The same record class with pydantic's own fields-set (one set per record)."""
    from pydantic import create_model

    fields = {n: (f.annotation, f) for n, f in cls.model_fields.items()}
    return create_model(f"Plain{cls.__name__}", __config__=cls.model_config, **fields)


def test_records_made_by_the_hundred_thousand_share_their_fields_set():
    """A 2,000-page statement's 355,000 contributions each carried a set of the field names
    given (728 of ~1,470 bytes); records given the same names now share one."""

    made = [Contribution(month=f"2012-{m:02d}", insurance="pension", base=3000.0 + m,
                         status="paid", page=1, row=m) for m in range(1, 13)]
    assert len({id(c.__pydantic_fields_set__) for c in made}) == 1
    other = Contribution(month="2012-01", insurance="medical")
    assert other.__pydantic_fields_set__ is not made[0].__pydantic_fields_set__


def test_a_shared_fields_set_behaves_as_a_record_s_own():
    import copy
    import pickle

    Plain = _plain(Contribution)
    kw = {"month": "2012-01", "insurance": "pension", "base": 3000.0}
    a, b, p = Contribution(**kw), Contribution(**kw), Plain(**kw)
    assert a.model_fields_set == p.model_fields_set == {"month", "insurance", "base"}
    a.status = "paid"
    p.status = "paid"
    assert a.model_fields_set == p.model_fields_set and "status" not in b.model_fields_set
    a.later = 1  # an extra attribute
    p.later = 1
    assert a.model_fields_set == p.model_fields_set and "later" not in b.model_fields_set
    c = b.model_copy(update={"employer": "某公司", "note": "x"})
    assert c.model_fields_set == {"month", "insurance", "base", "employer", "note"}
    assert b.model_fields_set == {"month", "insurance", "base"}
    for again in (pickle.loads(pickle.dumps(b)), copy.deepcopy(b), copy.copy(b)):
        assert again == b and again.model_fields_set == b.model_fields_set
        again.paid_on = "2012-02-15"
        assert "paid_on" not in b.model_fields_set
    assert a.model_dump(mode="json") == p.model_dump(mode="json")
    assert b.model_dump(exclude_unset=True) == {"month": "2012-01", "insurance": "pension",
                                                "base": 3000.0}



@pytest.mark.parametrize("layout", ["L1", "L6-xlsx"])  # contributions; payslips
def test_an_extract_made_from_json_it_consumes_is_the_same_and_lets_the_dicts_go(
        layout, tmp_path, monkeypatch):
    """The batch's parent makes each document's Extract from its reader's JSON; the records'
    dicts were all held beside the records until the whole Extract was made."""
    import json

    from shebao.ingest.pipeline import extract_file
    from shebao.samples import generate

    data = json.loads(json.dumps(extract_file(generate(layout, 3, tmp_path).path).to_json_dict()))
    name = "contributions" if data["contributions"] else "payslips"
    held = data[name]
    held[0]["later"] = [1]  # a newer producer's field
    whole = Extract.from_json_dict(json.loads(json.dumps(data)))
    kind = type(getattr(whole, name)[0])
    seen: list[int] = []
    validate = kind.model_validate

    def spy(item, *a, **kw):
        seen.append(sum(x is not None for x in held))  # dicts still held
        return validate(item, *a, **kw)

    monkeypatch.setattr(kind, "model_validate", spy)
    made = Extract.from_json_consumed(data)
    monkeypatch.undo()
    assert made == whole and made.to_json_dict() == whole.to_json_dict()
    assert getattr(made, name)[0].model_extra == {"later": [1]}
    assert seen == list(range(len(seen), 0, -1)) and len(seen) > 10
    assert data[name] == data["warnings"] == [] and held == []
