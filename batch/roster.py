"""The factory roster (花名册) for ``shebao batch --roster FILE``.

Contract: :func:`read_roster(path) -> list[RosterEntry]` reads an xlsx/xls/csv with a header
row (within the first 10 rows) naming at least 姓名; the other columns are optional:
序号, 工号, 身份证号, 入职日期/入职年月, 离职日期/离职年月, 用人单位, 部门/车间, and the
人员类别 for the retirement age — either one 类别 column (男 / 女工人 / 女干部) or 性别 (男 / 女)
with 岗位类别 (工人 / 干部) — under the usual synonyms (:data:`HEADERS`). A woman whose 岗位类别
is not given is ``female`` without a category (never guessed).
Dates may be Excel dates, ``2023-07-01``, ``2023/7``, ``2023年7月``; months
are kept as ``YYYY-MM``. An empty 离职 cell means still employed. Problems raise
:class:`~shebao.errors.InputError` naming the file (and row). :func:`match_roster` finds a
worker's entry by ID number, else by name (only when that name is unique in the roster).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from shebao.errors import InputError

# field -> header texts that mean it (compared without spaces, case-insensitive)
HEADERS: dict[str, tuple[str, ...]] = {
    "no": ("序号", "编号", "No", "No.", "序"),
    "name": ("姓名", "员工姓名", "职工姓名", "名字", "name"),
    "staff_id": ("工号", "员工编号", "员工工号", "职工编号", "工卡号", "staffid"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证", "idnumber"),
    "start": ("入职日期", "入职年月", "入职时间", "入厂日期", "入厂时间", "到岗日期",
              "start"),
    "end": ("离职日期", "离职年月", "离职时间", "离厂日期", "离厂时间", "end"),
    "employer": ("用人单位", "单位名称", "单位", "公司名称", "公司", "employer"),
    "department": ("部门", "车间", "班组", "部门/车间", "department"),
    "category": ("类别", "人员类别", "职工类别", "category"),
    "sex": ("性别", "sex"),
    "post": ("岗位类别", "身份", "工人/干部", "post"),
}
# 类别 cell (or 性别 + 岗位类别) -> category code of the audit (male | female_worker |
# female_cadre); a woman with no 工人/干部 word is "female" (category unknown).
_CATEGORIES = {"男": "male", "男职工": "male", "女工人": "female_worker", "女工": "female_worker",
               "女干部": "female_cadre", "女": "female"}
_POSTS = {"工人": "worker", "干部": "cadre", "管理": "cadre", "管理技术": "cadre"}
_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})")


@dataclass
class RosterEntry:
    row: int  # 1-based row in the sheet
    name: str
    no: int | None = None
    staff_id: str | None = None
    id_number: str | None = None
    start: str | None = None  # YYYY-MM
    end: str | None = None
    employer: str | None = None
    department: str | None = None
    category: str | None = None  # male | female_worker | female_cadre | female (unknown post)


def _category(cat: str | None, sex: str | None, post: str | None, path: Path,
              row: int) -> str | None:
    key = re.sub(r"\s+", "", cat or "")
    if key:
        if key not in _CATEGORIES:
            raise InputError(f"花名册第{row}行的类别“{cat}”无法识别（应为 男、女工人 或 女干部）",
                             f"row {row}: category {cat!r} not one of 男/女工人/女干部", path,
                             code="roster_invalid")
        return _CATEGORIES[key]
    sex_key = re.sub(r"\s+", "", sex or "")
    if sex_key in ("男", "男性"):
        return "male"
    if sex_key in ("女", "女性"):
        kind = _POSTS.get(re.sub(r"\s+", "", post or ""))
        return f"female_{kind}" if kind else "female"
    return None


def _key(text: object) -> str:
    return re.sub(r"\s+", "", str(text or "")).lower()


_LOOKUP = {_key(h): f for f, hs in HEADERS.items() for h in hs}


def _cell(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return None if text in ("", "nan", "NaT", "None") else text


def _month(value: object, path: Path, row: int, what: str) -> str | None:
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    text = _cell(value)
    if text is None:
        return None
    m = _MONTH.search(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})?", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InputError(f"花名册第{row}行的{what}“{text}”无法识别（应为 2023-07-01 或 2023年7月）",
                         f"row {row}: cannot read {what} {text!r}", path, code="roster_invalid")
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"


def _rows(path: Path) -> list[list[object]]:
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=True)
            return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        if suffix == ".csv":
            import csv

            raw = path.read_bytes()
            for enc in ("utf-8-sig", "gb18030"):
                try:
                    text = raw.decode(enc)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise InputError("花名册 CSV 编码无法识别（请另存为 UTF-8）",
                                 "roster CSV encoding not recognised", path, code="roster_invalid")
            return [list(r) for r in csv.reader(text.splitlines())]
        if suffix == ".xls":
            import pandas as pd

            frame = pd.read_excel(path, header=None, dtype=object)
            return frame.values.tolist()
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("花名册文件不存在", "roster file not found", path,
                         code="not_found") from None
    except Exception as exc:
        raise InputError("花名册无法打开（文件损坏或不是表格）",
                         f"roster cannot be opened: {type(exc).__name__}: {exc}", path,
                         code="roster_invalid") from None
    raise InputError("花名册应为 xlsx、xls 或 csv 表格", "roster must be xlsx, xls or csv", path,
                     code="roster_invalid")


def read_roster(path: Path) -> list[RosterEntry]:
    path = Path(path)
    rows = _rows(path)
    for h, head in enumerate(rows[:10]):  # noqa: B007 - h is the header row after the loop
        columns = {_LOOKUP[_key(c)]: i for i, c in reversed(list(enumerate(head)))
                   if _key(c) in _LOOKUP}
        if "name" in columns:
            break
    else:
        raise InputError("花名册前10行中找不到“姓名”列", "roster: no 姓名 (name) column in the "
                         "first 10 rows", path, code="roster_invalid")
    out: list[RosterEntry] = []
    for r, values in enumerate(rows[h + 1:], start=h + 2):
        def get(f: str, values: list = values) -> object:
            i = columns.get(f)
            return values[i] if i is not None and i < len(values) else None

        name = _cell(get("name"))
        if not name or name in ("合计", "总计"):
            continue
        no = _cell(get("no"))
        out.append(RosterEntry(
            row=r, name=name,
            no=int(float(no)) if no and re.fullmatch(r"\d+(\.0)?", no) else None,
            staff_id=_cell(get("staff_id")),
            id_number=(_cell(get("id_number")) or "").upper() or None,
            start=_month(get("start"), path, r, "入职日期"),
            end=_month(get("end"), path, r, "离职日期"),
            employer=_cell(get("employer")),
            department=_cell(get("department")),
            category=_category(_cell(get("category")), _cell(get("sex")), _cell(get("post")),
                               path, r),
        ))
    if not out:
        raise InputError("花名册中没有工人", "roster has no rows", path, code="roster_invalid")
    return out


def _norm(name: str | None) -> str:
    return re.sub(r"\s+", "", name or "")


def match_roster(roster: list[RosterEntry], id_number: str | None,
                 name: str | None) -> RosterEntry | None:
    """The roster entry of a worker: same ID number, else the only entry of that name."""
    key = (id_number or "").strip().upper()
    if key:
        for e in roster:
            if e.id_number == key:
                return e
    same = [e for e in roster if name and _norm(e.name) == _norm(name)]
    if len(same) == 1 and not (key and same[0].id_number):
        return same[0]
    return None
