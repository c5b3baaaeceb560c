"""Employer-side lists (单位参保证明 / 参保人员名单) -> :class:`~shebao.records.Insured` rows.

An organiser auditing a factory receives, besides workers' own statements, the unit's list of
the people it insured (formats.md §7.2): one row per person (or per person and insurance, or
per stretch of a person's insurance when it was interrupted).

Contract: :func:`read_insured` takes the tables found with the ``insured_list`` vocabulary
and returns one record per person x insurance x stretch:

* who: ``name``; ``id_number`` = the first of the ID / 社会保障号码 cells that is an 18-digit
  number passing the national checksum (GB 11643; 社会保障号码 is the ID number on most
  lists) or a 15-digit old ID; ``social_security_number`` = the 社会保障号码 / 个人编号 cell
  as printed;
* which insurance: the insurance group a column stands under (基本养老保险 over 起始年月 |
  月数), else the insurances named in a 险种 cell (``养老、医疗、失业`` gives three records;
  codes 110/210/310… too), else ``None`` (the list names none: the unit's insurances);
  a group whose cells are all blank or ``/`` gives no record (not insured for it); a column
  of marks per insurance (√ / 是 / 参保) gives a record for each marked insurance;
* when: ``start`` / ``end`` from 起始年月 / 终止年月 cells (YYYYMM, YYYYMMDD, YYYY-MM-DD) or
  one 起止 cell (``202001-202312``, ``202007 -`` = open), ``months`` from 月数;
* ``status`` from the status cell (``insured_status`` words: active / stopped), ``base``
  from 缴费基数; ``employer`` = the unit named on the page (单位名称：…, or the title before
  参保人员名单); ``as_of`` (on each record) = the list's print date month, where printed.
"""

from __future__ import annotations

import re

from shebao.ingest.lexicon import Lexicon
from shebao.ingest.normalize import (
    halfwidth,
    parse_count,
    parse_date,
    parse_month,
    parse_number,
    parse_period,
    squash,
)
from shebao.ingest.table import Header, RawRow

from shebao.records import INSURANCES, Insured

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_UNIT_LABELS = ("单位名称", "参保单位名称", "参保单位", "用人单位", "单位全称", "投保单位",
                "缴费单位")
_TITLE_WORDS = ("参保人员名单", "单位参保证明", "参保人员明细", "参保职工名单", "职工参保名单",
                "参保人员花名册", "应缴人员名单", "参保人员信息", "社会保险参保证明")
_DATE_LABELS = ("打印日期", "打印时间", "出具日期", "制表日期", "查询日期", "截至", "截止日期",
                "日期")
_BLANK = {"", "/", "-", "—", "－", "无", "——"}


def id_number_ok(text: str) -> bool:
    """An 18-digit resident ID whose check digit is right (GB 11643-1999), or a 15-digit
    old one."""
    s = squash(text).upper()
    if re.fullmatch(r"\d{15}", s):
        return True
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    total = sum(int(d) * w for d, w in zip(s[:17], _WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == s[17]


def is_insured_key(header: Header, cells: list[str]) -> bool:
    """A row of one person: a name that is not a number, or an identity number."""
    i = header.index("name")
    if i is not None and squash(cells[i]) and parse_number(cells[i]) is None \
            and not re.search(r"\d", cells[i]):
        return True
    for f in ("id_number", "social_security_number"):
        j = header.index(f)
        if j is not None and re.fullmatch(r"[0-9A-Za-z*]{6,24}", squash(cells[j])):
            return i is None
    return False


def _month(text: str) -> str | None:
    s = squash(text)
    if not s or s in _BLANK:
        return None
    date = parse_date(s)
    if date:
        return date[:7]
    return parse_month(s) or parse_month(s[:6] if re.fullmatch(r"\d{8}", s) else "")


def _period(text: str) -> tuple[str | None, str | None]:
    """``202001-202312`` -> both; ``202007 -`` / ``2020-07至今`` -> (start, None)."""
    s = squash(text)
    if not s or s in _BLANK:
        return None, None
    if re.search(r"([-—–~－至到]|至今)$", s):  # an open stretch: still insured
        return _month(re.sub(r"(至今|至|到)$", "", s).rstrip("-—–~－")), None
    both = parse_period(s)
    if both:
        return both
    parts = [p for p in re.split(r"[-—–~至到]+|－", s) if p]
    if len(parts) == 2:
        return _month(parts[0]), _month(parts[1])
    return None, None


def status_of(text: str, lex: Lexicon) -> str:
    s = squash(text)
    if not s or s in _BLANK:
        return "unknown"
    words = sorted(((w, k) for k, ws in lex.vocab.insured_status.items() for w in ws),
                   key=lambda p: -len(p[0]))
    for w, k in words:
        if s == w:
            return k
    for w, k in words:
        if len(w) >= 2 and w in s:
            return k
    if lex.status_of(s) == "paid" or s in ("√", "✓", "✔", "●"):
        return "active"
    return "unknown"


def _insurances_in(text: str, lex: Lexicon) -> list[str]:
    """Insurances a 险种 cell names (one, several joined by 、/,/space, or codes)."""
    s = halfwidth(text)
    one = lex.insurance_of(s)
    if one:
        return [one]
    found = []
    for part in re.split(r"[、,，;；/\s]+", s):
        ins = lex.insurance_of(part) if part else None
        if ins and ins not in found:
            found.append(ins)
    if not found:  # 养老医疗失业 printed together
        found = [ins for ins in INSURANCES
                 if any(w in s for w in lex.vocab.insurances.get(ins, []))]
    return found


def list_employer(lines: list[str]) -> str | None:
    for raw in lines:
        line = halfwidth(raw)
        for label in _UNIT_LABELS:
            m = re.search(rf"{label}\s*[:：]\s*(\S+)", line)
            if m:
                return m.group(1)
    for raw in lines[:6]:
        s = squash(raw)
        for word in _TITLE_WORDS:
            if word in s:
                head = s.split(word)[0].rstrip("（(")
                head = re.sub(r"\d{4}年(\d{1,2}月)?$", "", head)
                if len(head) >= 4:
                    return head
    return None


def list_date(lines: list[str]) -> str | None:
    """The month of the list's print (or query) date, where a line names it."""
    for raw in lines:
        line = halfwidth(raw)
        for label in _DATE_LABELS:
            m = re.search(rf"{label}\s*[:：]?\s*(\d{{4}}\s*[-./年]\s*\d{{1,2}}(?:\s*[-./月]\s*"
                          r"\d{1,2})?\s*日?)", line)
            if m:
                month = _month(re.sub(r"\s+", "", m.group(1)).replace("年", "-").replace(
                    "月", "-").rstrip("-日"))
                if month:
                    return month
    return None


def read_insured(
    tables: list[tuple[Header, list[RawRow]]],
    lex: Lexicon,
    employer: str | None,
    as_of: str | None,
) -> list[Insured]:
    out: list[Insured] = []
    for header, rows in tables:
        cols = header.columns
        groups = [g for g in dict.fromkeys(c.group for c in cols) if g in INSURANCES]
        marks = [(i, c.group) for i, c in enumerate(cols)
                 if c.field == "status" and c.group in INSURANCES]
        for row in rows:
            if row.total:
                continue
            common = _fields(header, row, None, lex)
            if marks and not any(c.group and c.field != "status" for c in cols):
                targets = [(g, {"status": "active", "status_text": squash(row.cells[i])})
                           for i, g in marks if status_of(row.cells[i], lex) == "active"]
            elif groups:
                targets = []
                for g in groups:
                    own = _fields(header, row, g, lex)
                    if any(v is not None for k, v in own.items() if k != "status_text"):
                        targets.append((g, own))
            else:
                i = header.index("insurance")
                named = _insurances_in(row.cells[i], lex) if i is not None else []
                targets = [(g, {}) for g in named] or [(None, {})]
            for g, own in targets:
                values = {**common, **{k: v for k, v in own.items() if v is not None}}
                out.append(Insured(
                    name=values.get("name"), id_number=values.get("id_number"),
                    social_security_number=values.get("social_security_number"),
                    insurance=g, start=values.get("start"), end=values.get("end"),
                    months=values.get("months"), status=values.get("status", "unknown"),
                    status_text=values.get("status_text"), base=values.get("base"),
                    employer=employer, as_of=as_of, page=row.page, row=row.row,
                ))
    return out


def _fields(header: Header, row: RawRow, group: str | None, lex: Lexicon) -> dict:
    """Values of the columns under insurance ``group`` (None: the columns under none)."""
    v: dict = {}
    for i, c in enumerate(header.columns):
        if c.group != group and not (group is None and c.group not in INSURANCES):
            continue
        text = row.cells[i]
        s = squash(text)
        if c.field == "name" and s:
            v["name"] = s
        elif c.field in ("id_number", "social_security_number") and s and s not in _BLANK:
            if c.field == "social_security_number":
                v.setdefault("social_security_number", s)
            if id_number_ok(s):
                v.setdefault("id_number", s.upper())
            elif c.field == "id_number" and "*" in s:
                v.setdefault("id_number", s.upper())  # masked as printed
        elif c.field == "start":
            v.setdefault("start", _month(text))
        elif c.field == "end":
            v.setdefault("end", _month(text))
        elif c.field == "period":
            a, b = _period(text)
            v.setdefault("start", a)
            v.setdefault("end", b)
        elif c.field == "months":
            v.setdefault("months", parse_count(text))
        elif c.field == "base":
            v.setdefault("base", parse_number(text))
        elif c.field == "status" and s and s not in _BLANK:
            v["status"] = status_of(s, lex)
            v["status_text"] = s
    return v
