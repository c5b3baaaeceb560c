"""Fictitious people and employers: names, checksum-valid fake ID numbers, codes.

Everything is drawn from a ``random.Random`` passed in, so a seed fixes the output. Names are
combined from common characters (fitting the person's sex when the caller knows it, see
:func:`person_name`); company names from invented trade words, so no real person
or company is meant.

ID numbers follow GB 11643-1999: 6-digit region code + birth date ``YYYYMMDD`` + 3-digit
sequence (odd for men, even for women) + ISO 7064 MOD 11-2 check character.
"""

from __future__ import annotations

import random
from datetime import date

from shebao.idnumber import id_check_char, id_checksum_ok

# Region codes of home counties (hukou); used only as the first six digits of fake IDs.
HOME_REGIONS: tuple[tuple[str, str], ...] = (
    ("430521", "湖南省邵东县"),
    ("511321", "四川省南部县"),
    ("412726", "河南省郸城县"),
    ("452122", "广西武鸣县"),
    ("362426", "江西省泰和县"),
    ("342221", "安徽省砀山县"),
    ("522125", "贵州省道真县"),
    ("441481", "广东省兴宁市"),
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢"
    "宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰"
    "霞平刚桂英华玉兰萍红梅建国志强海燕春花小红金凤永福文斌德胜"
)
TRADE = (
    "宏达", "鑫源", "恒信", "德力", "华盛", "永兴", "联创", "佳美", "锦辉", "晟泰", "瑞丰", "骏业",
    "合盈", "广汇", "启明", "润和", "铭扬", "凯越", "新顺", "嘉禾",
)
INDUSTRY = (
    "精密电子制造", "五金塑胶制品", "服装辅料", "电子科技", "家具制造", "鞋业", "玩具制品",
    "包装印刷", "模具实业", "电线电缆", "光电科技", "纺织印染",
)
FORM = ("有限公司", "有限责任公司", "实业有限公司", "股份有限公司")
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def id_number_valid(value: str) -> bool:
    """True when ``value`` is 18 characters with a correct check character."""
    return id_checksum_ok(value)


def fake_id_number(rng: random.Random, region: str, birth: date, female: bool) -> str:
    seq = rng.randrange(0, 999)
    if seq % 2 != (0 if female else 1):
        seq = seq + 1 if seq < 998 else seq - 1
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


# Given-name characters read as a man's or a woman's; the rest of GIVEN (华, 平, 小, 金, 明, 文)
# fit either. Every character of GIVEN is in one of the three groups (tested).
MALE_GIVEN = "伟强磊军洋勇杰涛超刚建国志海永福斌德胜"
FEMALE_GIVEN = "芳娜秀英敏静丽艳娟兰霞桂玉萍红梅燕春花凤"


def _fit(char: str, female: bool | None) -> str:
    """``char`` when it fits the sex (or the sex is unknown), else a character of that sex's
    list picked by ``char``'s place in GIVEN (no draw: the random stream is unchanged)."""
    if female is None:
        return char
    wrong, right = (MALE_GIVEN, FEMALE_GIVEN) if female else (FEMALE_GIVEN, MALE_GIVEN)
    return right[GIVEN.index(char) % len(right)] if char in wrong else char


def person_name(rng: random.Random, female: bool | None = None) -> str:
    """A fictitious name. With ``female`` known, every given-name character fits that sex
    (a man is never called 兰艳); the draws from ``rng`` are the same either way, so a seed's
    other fields do not move, and with ``female=None`` the name is the one drawn before."""
    given = "".join(_fit(rng.choice(GIVEN), female) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def company_name(rng: random.Random, city: str, town: str = "", long: bool = False) -> str:
    """A fictitious company name; ``long`` adds a town and a longer trade description."""
    trade = rng.choice(TRADE)
    industry = rng.choice(INDUSTRY)
    if long:
        extra = rng.choice([w for w in ("科技", "实业", "发展") if not industry.endswith(w)])
        return f"{city}{town}{trade}{industry}{extra}{FORM[0]}"
    form = FORM[0] if industry.endswith("实业") else rng.choice(FORM)
    return f"{city}{trade}{industry}{form}"


def credit_code(rng: random.Random, region: str) -> str:
    """An 18-character 统一社会信用代码-looking string (no check digit computed: not real)."""
    body = "".join(rng.choice(CREDIT_CHARS) for _ in range(9))
    return f"91{region}{body}" + rng.choice(CREDIT_CHARS)


def digits(rng: random.Random, n: int, first_nonzero: bool = True) -> str:
    head = str(rng.randrange(1, 10)) if first_nonzero else str(rng.randrange(10))
    return head + "".join(str(rng.randrange(10)) for _ in range(n - 1))
