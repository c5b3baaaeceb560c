"""A case: a folder of originals plus an optional ``case.yaml`` with the facts a draft needs.

Contract
--------
``load_case(case_dir) -> Case`` reads ``CASE/case.yaml`` when present (UTF-8 YAML, every key
optional) and validates it with :class:`Case`. A folder with only originals yields an empty
:class:`Case`; missing facts are *not* an error here, they are shown in drafts as
【待补充：…】 markers. A malformed ``case.yaml`` (bad YAML, unknown key, wrong type) raises
:class:`~shebao.errors.InputError` naming the file and the key.

``new_case_yaml(case_dir)`` writes the commented skeleton ``case_template.yaml`` as
``CASE/case.yaml`` (never over an existing one). ``case.yaml`` example (all keys optional)::

    worker:
      name: 王春燕
      id_number: "430521197804120027"
      phone: "138 0000 0000"
      address: 广东省东莞市长安镇某某路 8 号
      hukou: 湖南省邵阳市
    employer:
      name: 东莞市长安镇宏达电子有限公司
      address: 广东省东莞市长安镇某某工业区
      legal_representative: 陈某某
      credit_code: 91441900XXXXXXXXXX
    employment:
      - {start: 2016-03, end: 2024-05, position: 装配工}
    separation:
      date: 2024-05-31
      initiated_by: worker          # worker | employer | agreement
      reason_unpaid_insurance: true # the worker resigned because contributions were not paid
    back_payment_impossible: false  # agency confirmed it cannot 补办 (解释（一）第一条第五项)
    requests: [complaint, arbitration]
    claims:                         # amounts the worker asks for where the tool cannot compute
      severance_on_resignation: {amount: 48000}
    authorities:
      tax_bureau: 国家税务总局东莞市税务局
      social_insurance_agency: 东莞市社会保险基金管理中心
      labour_inspection: 东莞市人力资源和社会保障局
      arbitration_commission: 东莞市劳动人事争议仲裁院
    insured_place: 东莞市
    evidence:                       # optional titles/purposes per original (by file name)
      - {file: statement.pdf, title: 参保缴费明细, source: 东莞市社保局, purpose: 证明…}
    documents:                      # files that are one document, in page order (photos of the
      - files: [明细1.jpg, 明细2.jpg, 明细3.jpg]   # pages of one statement): read as one
    corrections:                    # values corrected by hand against the paper (人工更正):
      - {file: 明细2.jpg, page: 1, row: 3, insurance: pension, field: base,
         old: 3500, new: 4500, by: 李志愿, at: "2026-12-07 10:30"}
      - {file: 工资条.jpg, page: 1, row: 2, record: payslip, field: net_pay,
         old: 3100, new: 3160, by: 李志愿, at: "2026-12-07 10:35"}
      - {file: 明细2.jpg, page: 1, column: 7, old: personal_rate, new: personal_amount,
         by: 李志愿, at: "2026-12-07 10:40"}  # a column read as the wrong field
    notes: 自由备注，会出现在投诉书“其他情况”一节。
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from shebao.reports.case_errors import problems_zh

from shebao.errors import InputError

CASE_FILE = "case.yaml"


def _month_text(value: object) -> object:
    """YAML reads ``2016-03`` as a string but ``2016-03-01`` as a date: accept both."""
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m")
    return value


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)  # hukou: 430000, phone


class Worker(_Facts):
    name: str | None = None
    gender: Literal["男", "女"] | None = None
    # 人员类别 for the retirement age of women (原法定退休年龄 50 for 工人, 55 for 干部);
    # never guessed: without it the audit says it is missing.
    category: Literal["男", "女工人", "女干部"] | None = None
    id_number: str | None = None
    birth: str | None = None
    phone: str | None = None
    address: str | None = None
    hukou: str | None = None

    @field_validator("id_number", "phone", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return None if value is None else str(value)


class Employer(_Facts):
    name: str | None = None
    address: str | None = None
    legal_representative: str | None = None
    credit_code: str | None = None
    phone: str | None = None

    @field_validator("credit_code", "phone", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return None if value is None else str(value)


class Period(_Facts):
    start: str | None = None
    end: str | None = None
    position: str | None = None
    department: str | None = None  # 部门 / 车间 (a factory roster's column)
    monthly_wage: float | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _month(cls, value: object) -> object:
        return _month_text(value)


class Separation(_Facts):
    date: dt.date | None = None
    initiated_by: Literal["worker", "employer", "agreement"] | None = None
    reason_unpaid_insurance: bool = False


class ClaimRequest(_Facts):
    amount: float | None = None
    note: str | None = None


class Authorities(_Facts):
    tax_bureau: str | None = None
    social_insurance_agency: str | None = None
    labour_inspection: str | None = None
    arbitration_commission: str | None = None


class EvidenceNote(_Facts):
    file: str
    title: str | None = None
    source: str | None = None
    purpose: str | None = None


class DocumentGroup(_Facts):
    """Files of the case folder that are one document (a statement photographed page by
    page), in page order; read together as ``shebao extract … --as-one-document`` does."""

    files: list[str] = Field(min_length=1)


CorrectionField = Literal[
    "month", "base", "employer_amount", "personal_amount", "status",  # contribution rows
    "year", "months", "annual_base",  # annual-summary rows (with personal_amount, status)
    "gross_pay", "net_pay", "deductions.pension", "deductions.medical",  # pay-slip rows
    "deductions.unemployment", "deductions.housing_fund", "deductions.income_tax",
    "deductions.other"]


class Correction(_Facts):
    """One value read from an original, corrected by hand against the paper (人工更正;
    applied by :func:`shebao.audit.corrections.apply_corrections`), or one column whose role
    was read wrong (applied as the file is read, :mod:`shebao.ingest.roles`). ``file``
    is the original's name in the case folder and ``page`` the page *within that file* (so a
    correction stays put when the file is read as a page of a ``documents:`` group).

    A cell: ``row`` the printed data row on that page, as on records; ``record`` which rows
    (``contribution``, the default; ``annual``; ``payslip``) and ``field`` one of that
    record's fields (:data:`shebao.audit.corrections.RECORD_FIELDS`); ``insurance`` narrows
    to one insurance (all of the row's records when omitted). ``old`` is the value as read
    (``null`` for an empty cell): a correction whose ``old`` no longer matches what is read is
    not applied, and the audit says so.

    A column (added 2026-12): ``column`` (1-based, left to right in the table as read),
    ``table`` (1-based among the tables read on that page; default 1), ``old`` the role it
    was read with and ``new`` the role it has (a field name of the statement or pay-sheet
    vocabulary, ``ignore`` to leave the column out); no ``row`` or ``field``.

    ``by``/``at``: who made it and when (shown beside the value)."""

    file: str
    page: int = Field(ge=1)
    row: int | None = Field(default=None, ge=1)
    field: CorrectionField | None = None
    record: Literal["contribution", "annual", "payslip"] = "contribution"
    column: int | None = Field(default=None, ge=1)
    table: int = Field(default=1, ge=1)
    insurance: Literal["pension", "medical", "unemployment", "injury", "maternity"] | None = None
    old: float | str | None
    new: float | str | None
    by: str | None = None
    at: str | None = None

    @field_validator("old", "new", "at", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        return _month_text(value)

    @model_validator(mode="after")
    def _cell_or_column(self) -> Correction:
        if self.column is not None:
            from shebao.ingest.roles import role_names

            if self.row is not None or self.field is not None:
                raise ValueError("更正一列时不写 row 和 field")
            for role in (self.old, self.new):
                if role != "unknown" and role not in role_names():
                    close = difflib.get_close_matches(str(role), sorted(role_names()), n=3)
                    hint = f"（是不是 {'、'.join(close)}？）" if close else ""
                    raise ValueError(f"不是列的用途：{role!r}{hint}")
            if self.old == "unknown" and self.new == "unknown":
                raise ValueError("更正一列要写明新的用途 new")
            return self
        if self.row is None or self.field is None:
            raise ValueError("更正要么指一格（row 和 field），要么指一列（column）")
        from shebao.audit.corrections import RECORD_FIELDS

        if self.field not in RECORD_FIELDS[self.record]:
            raise ValueError(f"{self.record} 行没有字段 {self.field!r}")
        return self


class Case(_Facts):
    """The facts of one case as the worker and the paralegal state them (``case.yaml``)."""

    worker: Worker = Field(default_factory=Worker)
    employer: Employer = Field(default_factory=Employer)
    employment: list[Period] = Field(default_factory=list)
    separation: Separation | None = None
    back_payment_impossible: bool = False
    requests: list[Literal["complaint", "arbitration"]] = Field(default_factory=list)
    claims: dict[str, ClaimRequest] = Field(default_factory=dict)
    authorities: Authorities = Field(default_factory=Authorities)
    insured_place: str | None = None
    evidence: list[EvidenceNote] = Field(default_factory=list)
    documents: list[DocumentGroup] = Field(default_factory=list)
    corrections: list[Correction] = Field(default_factory=list)
    notes: str | None = None


def case_dir_checked(case_dir: Path) -> Path:
    """The case folder, or an :class:`InputError` if it is not a readable directory."""
    if not case_dir.exists():
        raise InputError("案件文件夹不存在", "case folder does not exist", case_dir,
                         code="case_missing")
    if not case_dir.is_dir():
        raise InputError("这不是一个文件夹；请给出案件文件夹（原件和可选的 case.yaml）",
                         "not a folder; give the case folder", case_dir, code="case_not_dir")
    return case_dir


def _bad_date(path: Path) -> str:
    """Where the first impossible ``YYYY-MM-DD`` of a case.yaml is (第N行 2024-13-01)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for match in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line):
            try:
                dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return f"第{number}行的 {match.group(0)} "
    return "中有一个日期"


def load_case(case_dir: Path) -> Case:
    """Read ``case.yaml`` from the case folder (an empty :class:`Case` when there is none)."""
    path = case_dir_checked(case_dir) / CASE_FILE
    if not path.exists():
        return Case()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("无法读取 case.yaml", f"cannot read case.yaml: {exc}", path) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"第{mark.line + 1}行" if mark else ""
        raise InputError(f"case.yaml 格式错误{line}", f"invalid YAML: {exc}", path,
                         code="case_yaml") from exc
    except ValueError as exc:  # a date YAML cannot build (2024-13-01): no mark to point at
        raise InputError(f"case.yaml {_bad_date(path)}不是存在的日期；日期写成 2024-05-31 这样",
                         f"invalid date in YAML: {exc}", path, code="case_yaml") from exc
    if data is None:
        return Case()
    if not isinstance(data, dict):
        raise InputError("case.yaml 顶层应当是键值对", "top level must be a mapping", path,
                         code="case_yaml")
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        english = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise InputError(f"case.yaml 内容有误：{problems_zh(exc)}",
                         f"invalid case facts: {english}", path, code="case_yaml") from exc


CASE_TEMPLATE = Path(__file__).with_name("case_template.yaml")


def new_case_yaml(case_dir: Path) -> Path:
    """Write the commented ``case.yaml`` skeleton into the case folder (never overwrites)."""
    path = case_dir_checked(case_dir) / CASE_FILE
    if path.exists():
        raise InputError("case.yaml 已存在，不会覆盖", "case.yaml exists; not overwritten", path,
                         code="case_exists")
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(CASE_TEMPLATE.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError("无法写入 case.yaml", f"cannot write case.yaml: {exc.strerror}", path,
                         code="output_unwritable") from exc
    return path
