"""Facts a case may lack, and the visible marker that stands in for them.

Contract: ``missing(label)`` -> ``【待补充：<label>】`` (never a guess, never an error);
:data:`FACTS` maps each case.yaml key that supplies a fact to its label, so a marker can say
where to fill it in (``where_to_fill``); ``fact_or_marker(value, key)``.
"""

from __future__ import annotations

from .legal import legal

MISSING = "【待补充：{}】"


def missing(label: str) -> str:
    """The visible marker for a fact nobody has supplied yet."""
    return MISSING.format(label)


# Facts a case.yaml can supply: where to write it -> the label of its 【待补充】 marker.
FACTS: dict[str, str] = {
    "worker.name": "劳动者姓名",
    "worker.gender": "性别",
    "worker.id_number": "公民身份号码",
    "worker.birth": "出生日期",
    "worker.phone": "劳动者联系电话",
    "worker.address": "劳动者住址",
    "worker.hukou": "户籍所在地",
    "employer.name": "用人单位名称",
    "employer.address": "用人单位地址",
    "employer.legal_representative": "法定代表人",
    "employer.credit_code": "统一社会信用代码",
    "employer.phone": "用人单位联系电话",
    "employment[].start": "入职时间",
    "employment": "入职及离职时间",
    "insured_place": "参保地",
    "authorities.tax_bureau": "税务局名称",
    "authorities.social_insurance_agency": "社会保险经办机构名称",
    "authorities.labour_inspection": "人力资源和社会保障局名称",
    "authorities.arbitration_commission": "劳动人事争议仲裁委员会名称",
    "evidence[].purpose": "证明目的",
}


def missing_fact(key: str) -> str:
    """The marker of a case.yaml fact (a key of :data:`FACTS`)."""
    return missing(FACTS[key])


def where_to_fill(label: str) -> str | None:
    """The case.yaml key that supplies a marker's fact, if a case.yaml key does."""
    for key, known in FACTS.items():
        if known == label:
            return key
    for key, claim in legal().claims.items():
        if label == (claim.amount_label or f"{claim.title}的金额"):
            return f"claims.{key}.amount"
    return None


def fact_or_marker(value: object, key: str) -> str:
    return str(value) if value not in (None, "") else missing_fact(key)
