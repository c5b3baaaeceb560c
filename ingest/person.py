"""Person header fields and employer code tables, by keyword-anchored patterns.

Contract:

* :func:`person_fields` reads name, ID number, social-security number and insured place from
  the text lines outside the tables (``姓名：张三``, or a boxed grid ``姓名 | 张三``), with the
  labels of ``vocabulary.yaml`` (``person_labels``); the first value found wins. The insured
  place falls back to the province or city that opens the title (``深圳市社会保险…``).
* :func:`employer_names` finds ``code -> name`` pairs for the employer codes printed in the
  rows: a separate 单位编号→单位名称 table, an inline list ``code: name`` or the page-1 line
  ``最近参保单位名称：X  单位编号：Y``.
"""

from __future__ import annotations

import re

from shebao.ingest.normalize import halfwidth, parse_date, parse_period
from shebao.ingest.profiles import Vocabulary

from shebao.idnumber import id_checksum_ok
from shebao.records import Person

# 18 or 15 characters; a masked number (4403**********123X) is returned as printed.
_ID = re.compile(r"^(?=.{18}$|.{15}$)\d{4}[\d*]+[\dXx*]$")
_SSN = re.compile(r"^[0-9A-Za-z]{6,24}$")
_PLACE = re.compile(
    r"^(.{2,7}?(?:省|自治区|市))(?=社会保险|社保|人力资源|基本|城镇|职工|个人|参保|企业|养老|医疗)"
)
# a city or province named in brackets in the title: 基本养老保险参保缴费明细（郑州市）
_PLACE_IN_BRACKETS = re.compile(r"[(（]([^()（）]{2,7}?(?:省|自治区|市))[)）]")
_COMPANY = re.compile(r"(公司|厂|店|中心|局|院|所|部|社|行|馆|场|处|会|站|队|园|室)$")


def _valid(field: str, value: str) -> bool:
    if field == "id_number":
        return bool(_ID.match(value))
    if field == "social_security_number":
        return bool(_SSN.match(value))
    if field == "name":
        return bool(re.fullmatch(r"[\u4e00-\u9fff·]{2,6}|[A-Za-z][A-Za-z .'-]{1,40}", value))
    return bool(value) and len(value) <= 20


# labels that name the social-security number by its own name; the 社会保障号(码) label is
# weaker: in most provinces it prints the ID number, which is then the ID number as well
_WEAK_SSN = ("社会保障号", "公民身份号码")


def _label_pattern(word: str) -> str:
    """A printed label: its characters possibly spaced (姓 名), then an optional bracketed
    gloss (社会保障号码(身份证号)), then a colon, half- or full-width, spaced or not."""
    chars = r"\s*".join(re.escape(ch) for ch in word)
    return rf"(?<![\u4e00-\u9fff]){chars}(?:\s*[(（][^)）:：]{{0,12}}[)）])?\s*[:：]\s*([^\s:：]+)"


def person_fields(lines: list[str], vocab: Vocabulary, title: str = "") -> Person:
    """``lines``: the text lines of the document outside its tables, words separated by
    single spaces, top to bottom. An 18-digit number under a 社会保障号(码) or 公民身份号码
    label that passes the ID checksum is the ID number; a number under a label of its own
    (社保个人编码, 个人编号, 社保电脑号) is preferred as the social-security number."""
    # labels naming the field by its own name first, then the longest
    labels = {
        f: sorted((halfwidth(w) for w in ws),
                  key=lambda w, f=f: (f == "social_security_number"
                                      and any(x in w for x in _WEAK_SSN), -len(w)))
        for f, ws in vocab.person_labels.items()
    }
    all_labels = sorted({w for ws in labels.values() for w in ws}, key=len, reverse=True)
    patterns = {w: re.compile(_label_pattern(w)) for w in all_labels}
    found: dict[str, str] = {}
    weak_ssn = False
    for raw in lines:
        line = halfwidth(raw)
        tokens = _tokens(line, all_labels)
        for field, words in labels.items():
            if field in found and not (field == "social_security_number" and weak_ssn):
                continue
            for word in words:
                weak = field == "social_security_number" and any(x in word for x in _WEAK_SSN)
                if field in found and weak:
                    continue
                m = patterns[word].search(line)
                value = m.group(1) if m else None
                if value is None:  # boxed grid: the label cell, then the value cell
                    value = _boxed(tokens, word, all_labels)
                if value and _valid(field, value):
                    found[field] = value
                    if field == "social_security_number":
                        weak_ssn = weak
                    break
    if "id_number" not in found:  # 社会保障号码(身份证号) : 51010719880315783X
        for raw in lines:
            line = halfwidth(raw)
            tokens = _tokens(line, all_labels)
            for word in all_labels:
                if not any(x in word for x in _WEAK_SSN):
                    continue
                m = patterns[word].search(line)
                value = m.group(1) if m else _boxed(tokens, word, all_labels)
                if value and id_checksum_ok(value):
                    found["id_number"] = value
                    break
            if "id_number" in found:
                break
    if "insured_place" not in found:
        m = _PLACE.match(halfwidth(title)) or _PLACE_IN_BRACKETS.search(halfwidth(title))
        if m:
            found["insured_place"] = m.group(1)
    return Person(**found)


def _tokens(line: str, labels: list[str]) -> list[str]:
    """The line's space-separated cells, with a spaced label put together (姓 名 -> 姓名)."""
    tokens = [t for t in re.split(r"\s+", line) if t]
    out: list[str] = []
    for t in tokens:
        if out and len(t) <= 2 and "".join([out[-1], t]).rstrip(":：") in labels and len(
                out[-1]) <= 2:
            out[-1] += t
        else:
            out.append(t)
    return out


_GLOSS = re.compile(r"[(（][^)）]{0,12}[)）]")


def _boxed(tokens: list[str], word: str, labels: list[str]) -> str | None:
    """The cell after a label cell (``社会保障号码（身份证号）`` | ``5113…``), or None."""
    for k, t in enumerate(tokens[:-1]):
        cell = t.rstrip(":：")
        if word in (cell, _GLOSS.sub("", cell)) and tokens[k + 1] not in labels:
            nxt = tokens[k + 1].lstrip(":：")
            return nxt or (tokens[k + 2] if k + 2 < len(tokens) else None)
    return None


def employer_names(lines: list[str], codes: set[str]) -> dict[str, str]:
    """``code -> employer name`` for the given codes, from lines outside the tables."""
    names: dict[str, str] = {}
    if not codes:
        return names
    for k, raw in enumerate(lines):
        line = halfwidth(raw)
        if any(parse_period(t) or (parse_date(t) and not t.isdigit()) for t in line.split()):
            continue  # a data row (a month or a 起止 period, the code beside another column's
            # name: 征收机构 大兴区税务局), not a code table
        # code then name: "90175248 深圳市某某有限公司", "90175248：深圳市某某有限公司"; a long
        # name wrapped in its cell continues on the next line ("深圳市某某电子科技有限" / "公司").
        following = halfwidth(lines[k + 1]).split() if k + 1 < len(lines) else []
        for code in codes:
            sep = r"\s*(?:[:：]|[—－-]+)?\s*"  # 90175248：名称, 90175248—名称
            for m in re.finditer(rf"(?<![0-9A-Z]){re.escape(code)}(?![0-9A-Z]){sep}", line):
                rest = line[m.end() :]
                name = re.split(r"[\s;；,，]", rest, maxsplit=1)[0]
                if not name or name[0].isdigit():
                    continue
                if not _COMPANY.search(name) and len(following) == 1:
                    name += following[0]
                if _COMPANY.search(name):
                    names.setdefault(code, name)
        # name then code: "最近参保单位名称：X 单位编号：Y"
        m = re.search(
            r"单位(?:名称|全称)\s*[:：]\s*(\S+).*?单位(?:编号|代码)\s*[:：]\s*([0-9A-Z]+)", line
        )
        if m and m.group(2) in codes:
            names.setdefault(m.group(2), m.group(1))
    return names
