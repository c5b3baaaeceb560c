"""The person's facts an audit needs: birth month, sex, category, hukou province.

Contract: :func:`person_facts` combines what the caller states (``--birth``, ``--category``,
``--hukou``) with what the 18-digit ID number shows (GB 11643-1999: 6-digit region code,
birth date, sequence whose parity is the sex, ISO 7064 MOD 11-2 check character). Stated facts
win; facts read from the ID say so (``origin``); a woman's retirement category cannot be read
from anything and stays ``None`` unless stated -- the caller lists it as missing.
An ID whose check character is wrong is not used at all (a misread digit would give a wrong
birth month), and the reason is returned in ``notes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from shebao.audit.months import YearMonth
from shebao.audit.params import ParameterSet
from shebao.audit.retirement import normalise_category

from shebao.idnumber import id_checksum_ok


@dataclass(frozen=True)
class IdNumber:
    region: str
    birth: date
    female: bool


def parse_id_number(text: str | None) -> tuple[IdNumber | None, str | None]:
    """``(IdNumber, None)`` for a valid 18-digit ID, else ``(None, reason in Chinese)``."""
    if not text:
        return None, None
    value = str(text).strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        return None, f"身份证号“{value}”不是18位有效号码（可能有遮盖或识别错误）"
    if not id_checksum_ok(value):
        return None, (f"身份证号“{value}”校验位不符（可能有识别或录入错误），"
                      "未用于推算出生年月和性别")
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None, f"身份证号“{value}”中的出生日期无效"
    return IdNumber(value[:6], birth, int(value[16]) % 2 == 0), None


@dataclass
class PersonFacts:
    birth: YearMonth | None = None
    birth_origin: str = ""  # 本人提供 | 身份证号
    female: bool | None = None
    category: str | None = None  # male | female_cadre | female_worker
    hukou: str | None = None  # area code (province level used by the rules)
    hukou_origin: str = ""  # 本人提供 | 身份证号地区码
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "birth": None if self.birth is None else str(self.birth),
            "birth_origin": self.birth_origin or None,
            "sex": None if self.female is None else ("female" if self.female else "male"),
            "category": self.category,
            "hukou": self.hukou,
            "hukou_origin": self.hukou_origin or None,
        }


def person_facts(
    P: ParameterSet,
    id_number: str | None,
    birth: str | None = None,
    category: str | None = None,
    hukou: str | None = None,
    female: bool | None = None,
) -> PersonFacts:
    """The person's facts from stated values first, then the ID number (see module doc).
    A stated ``hukou`` that is not a known area raises InputError (via ``Areas.resolve``)."""
    facts = PersonFacts()
    parsed, why = parse_id_number(id_number)
    if why:
        facts.notes.append(why)
    if birth:
        facts.birth, facts.birth_origin = YearMonth.parse(birth), "本人提供"
    elif parsed:
        facts.birth, facts.birth_origin = YearMonth.of(parsed.birth), "身份证号"
    if category:
        facts.category = normalise_category(category)
        facts.female = facts.category != "male"
    elif female is not None or parsed:
        facts.female = female if female is not None else parsed.female  # type: ignore[union-attr]
        if not facts.female:
            facts.category = "male"
    if hukou:
        text = str(hukou).strip()
        code = (None if text.isdigit() else P.areas.find_in(text)) or P.areas.resolve(text)
        facts.hukou, facts.hukou_origin = P.areas.province_of(code), "本人提供"
    elif parsed:
        code = _region_province(P, parsed.region)
        if code is not None:
            facts.hukou, facts.hukou_origin = code, "身份证号地区码"
    return facts


def _region_province(P: ParameterSet, region: str) -> str | None:
    """The province of a 6-digit region code (the first two digits), if registered."""
    code = region[:2] + "0000"
    return code if code in P.areas.by_code else None
