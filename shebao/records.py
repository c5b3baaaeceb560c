"""Canonical records: the contract between ingest, audit and reports.

``shebao extract FILE --json`` prints one :class:`Extract` per file (schema ``shebao.extract/1``).
Other programs read this JSON, so it is a public interface: it may only grow by *adding*
fields (or move to a new schema version). The rules, as documented in ``docs/contracts.md``:

* One :class:`Contribution` per month x insurance x employer. Range rows (起止年月 + 月数) are
  expanded to months; where the layout prints range totals, amounts are divided by the month
  count. Amounts are yuan **per month**; a value the document does not show is ``None``
  (JSON ``null``), never 0.
* ``insurance`` is one of :data:`INSURANCES`; ``status`` one of :data:`STATUSES`:
  ``paid`` (正常/已到账/已实缴/已记账), ``back_paid`` (补缴/补收/``*``), ``arrears`` (欠缴/欠费),
  ``unpaid`` (blank row, 未缴费), ``refunded`` (退收/退保/退账), ``unknown``; added 2026-12:
  ``not_insured`` (未参保: not covered that month) and ``pending`` (未到账/未到帐/待到账:
  declared, not yet credited).
* :class:`Annual` rows hold per-year aggregates only where the document gives nothing finer.
* Person fields are returned as printed (ID numbers unmasked here; reports mask them).
* ``page`` is 1-based; ``row`` is the 1-based number of the printed data row *on that page*
  (header rows, page furniture and 合计 rows not counted), so a finding can point at the
  printed line: "第2页第14行". All months expanded from one range row share its ``row``; all
  insurances of one wide month row share it too.
* A document read from several files (``--as-one-document``) numbers its pages 1..n across
  them; ``document.files`` lists each file with its sha256 and page range, and
  :meth:`Document.locate` turns a page of the document into the file holding it and the page
  within that file.

Months are ``YYYY-MM`` strings and dates ``YYYY-MM-DD`` strings, so the JSON is plain.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
)

SCHEMA_EXTRACT = "shebao.extract/1"

Insurance = Literal["pension", "medical", "unemployment", "injury", "maternity"]
Status = Literal[
    "paid", "back_paid", "arrears", "unpaid", "refunded", "unknown", "not_insured", "pending"
]
DocumentKind = Literal["statement", "payslip", "insured_list"]
Method = Literal["text", "ocr"]

INSURANCES: tuple[str, ...] = ("pension", "medical", "unemployment", "injury", "maternity")
STATUSES: tuple[str, ...] = (
    "paid", "back_paid", "arrears", "unpaid", "refunded", "unknown", "not_insured", "pending"
)
DEDUCTION_KEYS: tuple[str, ...] = (
    "pension",
    "medical",
    "unemployment",
    "housing_fund",
    "income_tax",
    "other",
)

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def _check_month(value: str) -> str:
    if not _MONTH.match(value):
        raise ValueError(f"month must be YYYY-MM, got {value!r}")
    return value


def _check_date(value: str | None) -> str | None:
    if value is not None and not _DATE.match(value):
        raise ValueError(f"date must be YYYY-MM-DD, got {value!r}")
    return value


Month = Annotated[str, AfterValidator(_check_month)]
Date = Annotated[str | None, AfterValidator(_check_date)]


class _Record(BaseModel):
    # Extra fields are kept so that a newer producer's additions survive a round trip.
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class _FieldNames(set):
    """A record's ``__pydantic_fields_set__`` (the names given when it was made), one set
    shared by every record given the same names (:class:`_Many`). Copies are plain sets."""

    def __copy__(self) -> set:
        return set(self)

    def __reduce__(self):
        return set, (list(self),)


_SHARED_NAMES: dict[frozenset, _FieldNames] = {}


class _Many(_Record):
    """A record made by the hundred thousand (a 2,000-page statement's 355,000
    contributions; a 100,000-row pay sheet): its fields-set is shared with the records made
    with the same field names, not a set of its own (pydantic makes one per record: 728
    bytes, half of a 1.5 KB :class:`Contribution`). Nothing else changes: the set holds the
    same names; setting a name it lacks (an extra attribute) first gives the record a set of
    its own; :meth:`model_copy` copies it (:class:`_FieldNames`)."""

    def model_post_init(self, context: object, /) -> None:
        names = self.__pydantic_fields_set__
        key = frozenset(names)
        shared = _SHARED_NAMES.get(key)
        if shared is None:
            shared = _SHARED_NAMES.setdefault(key, _FieldNames(key))
        object.__setattr__(self, "__pydantic_fields_set__", shared)

    def __setattr__(self, name: str, value: object) -> None:
        names = self.__pydantic_fields_set__
        if name not in names and type(names) is _FieldNames:
            object.__setattr__(self, "__pydantic_fields_set__", set(names))
        super().__setattr__(name, value)


class DocumentFile(_Record):
    """One file of a document read from several files (``shebao extract p1.jpg p2.jpg …
    --as-one-document``): its name, SHA-256 and ``pages``, the inclusive range ``[first,
    last]`` of the *document's* pages it holds (``None`` when a producer did not say)."""

    file: str
    sha256: str
    pages: tuple[int, int] | None = None

    @field_validator("pages")
    @classmethod
    def _range(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and not 1 <= value[0] <= value[1]:
            raise ValueError(f"pages must be [first, last] with 1 <= first <= last, got {value}")
        return value


class Document(_Record):
    """The document a record was read from.

    ``file``/``sha256`` name the file read; for a document read from several files they name
    the first, and ``files`` lists every file in order (:class:`DocumentFile`), so that a page
    of the document can be traced to the file holding it (:meth:`locate`). ``files`` is empty
    for a single file and then left out of the JSON, which stays as it was before the field.
    """

    # validated on assignment too, so ``document.files = [{"file": …}, …]`` yields models
    model_config = ConfigDict(extra="allow", populate_by_name=True, validate_assignment=True)

    file: str
    sha256: str
    kind: DocumentKind
    layout: str = "generic"
    method: Method = "text"
    pages: int = 0
    files: list[DocumentFile] = Field(default_factory=list)

    @field_validator("files", mode="before")
    @classmethod
    def _no_files(cls, value: object) -> object:
        return [] if value is None else value

    @model_serializer(mode="wrap")
    def _omit_empty_files(self, handler: SerializerFunctionWrapHandler) -> dict:
        data = handler(self)
        if not data.get("files"):
            data.pop("files", None)
        return data

    def all_files(self) -> list[tuple[str, str]]:
        """``(file, sha256)`` of every file the document was read from, in order: the
        entries of ``files``, or the document's own file when it was read from one."""
        return [(f.file, f.sha256) for f in self.files] or [(self.file, self.sha256)]

    def locate(self, page: int | None) -> tuple[str, str, int | None]:
        """``(file, sha256, page in that file)`` of the document's page ``page``: for a
        document read from several files, the file whose page range holds it and the page
        counted from that file's first; otherwise (one file, no page, or a page no range
        holds) the document's own ``file``, ``sha256`` and ``page``."""
        if page is not None:
            for part in self.files:
                if part.pages is not None and part.pages[0] <= page <= part.pages[1]:
                    return part.file, part.sha256, page - part.pages[0] + 1
        return self.file, self.sha256, page


class Person(_Record):
    name: str | None = None
    id_number: str | None = None
    social_security_number: str | None = None
    insured_place: str | None = None


class Contribution(_Many):
    month: Month
    insurance: Insurance
    base: float | None = None
    employer_amount: float | None = None
    personal_amount: float | None = None
    employer: str | None = None
    employer_code: str | None = None
    status: Status = "unknown"
    paid_on: Date = None
    page: int | None = None
    row: int | None = None
    confidence: float | None = None


class Annual(_Many):
    year: int
    insurance: Insurance
    months: int | None = None
    annual_base: float | None = None
    personal_amount: float | None = None
    employer: str | None = None
    status: Status = "unknown"
    page: int | None = None
    row: int | None = None


class Deductions(_Many):
    pension: float | None = None
    medical: float | None = None
    unemployment: float | None = None
    housing_fund: float | None = None
    income_tax: float | None = None
    other: float | None = None


class Payslip(_Many):
    """One employee's month. ``earnings`` (additive, 2026-12): the earnings items printed
    beside 应发 (基本工资, 奖金, 加班费 …), by their printed label, in yuan; an item printed
    as a deduction before 应发 (扣请假工资) is negative. ``other_deductions``: the deductions
    summed in ``deductions.other`` (住宿费, 伙食费, 水电费, 罚款 …), by printed label; a
    printed 0.00 is 0. Both are left out of the JSON when empty."""

    month: Month
    employer: str | None = None
    employee_name: str | None = None
    employee_id: str | None = None
    gross_pay: float | None = None
    net_pay: float | None = None
    deductions: Deductions = Field(default_factory=Deductions)
    earnings: dict[str, float] = Field(default_factory=dict)
    other_deductions: dict[str, float] = Field(default_factory=dict)
    page: int | None = None
    row: int | None = None
    confidence: float | None = None

    @model_serializer(mode="wrap")
    def _omit_empty_items(self, handler: SerializerFunctionWrapHandler) -> dict:
        data = handler(self)
        for key in ("earnings", "other_deductions"):
            if not data.get(key):
                data.pop(key, None)
        return data


InsuredStatus = Literal["active", "stopped", "unknown"]


class Insured(_Many):
    """One row of an employer-side list (单位参保证明 / 参保人员名单; ``document.kind``
    ``insured_list``, additive 2026-12): a person insured by the unit, for ``insurance``
    (``None`` when the list names no insurance: the unit's insurances in general), from
    ``start`` to ``end`` (``YYYY-MM``, inclusive; ``end`` None = not printed, e.g. still
    insured on the list's date, ``as_of`` when printed). ``months`` as printed (月数).
    ``status``: ``active`` (正常参保/参保缴费/在职), ``stopped`` (暂停/停保/中断/终止/
    离职), ``unknown``; ``status_text`` as printed. A person insured in several stretches
    has one row each."""

    name: str | None = None
    id_number: str | None = None
    social_security_number: str | None = None
    insurance: Insurance | None = None
    start: Month | None = None
    end: Month | None = None
    months: int | None = None
    status: InsuredStatus = "unknown"
    status_text: str | None = None
    base: float | None = None
    employer: str | None = None
    as_of: Month | None = None  # the month the list speaks for (its print date), if printed
    page: int | None = None
    row: int | None = None

    def covered(self, until: str | None = None) -> list[str]:
        """The months this row says the person was insured (``YYYY-MM``): ``start`` ..
        ``end``, else ``start`` + ``months`` - 1, else (still insured) ``start`` ..
        ``until``; [] without a start."""
        if self.start is None:
            return []
        y, m = int(self.start[:4]), int(self.start[5:])
        last = self.end
        if last is None and self.months:
            k = y * 12 + m - 1 + self.months - 1
            last = f"{k // 12:04d}-{k % 12 + 1:02d}"
        if last is None and self.status != "stopped":
            last = until
        if last is None:
            return [self.start]
        out = []
        k, end = y * 12 + m - 1, int(last[:4]) * 12 + int(last[5:]) - 1
        while k <= end:
            out.append(f"{k // 12:04d}-{k % 12 + 1:02d}")
            k += 1
        return out


class Warning(_Many):
    """A self-check or quality note. ``page`` and ``row`` (the printed data row on that page,
    as on records) point at what to check when one place is meant; ``row`` is omitted from
    the JSON when the warning is about a page or the document."""

    code: str
    message: str
    page: int | None = None
    row: int | None = None

    @model_serializer(mode="wrap")
    def _omit_no_row(self, handler: SerializerFunctionWrapHandler) -> dict:
        data = handler(self)
        if data.get("row") is None:
            data.pop("row", None)
        return data


class DumpedList(list):
    """Records that the json module's indented encoder (its pure-Python walk, which iterates
    a list subclass) writes as their JSON objects, each dumped as it is reached."""

    def __iter__(self):
        for record in super().__iter__():
            yield record.model_dump(mode="json", by_alias=True)


class Extract(_Record):
    """One document's canonical content (schema ``shebao.extract/1``)."""

    schema_: str = Field(default=SCHEMA_EXTRACT, alias="schema")
    document: Document
    person: Person = Field(default_factory=Person)
    contributions: list[Contribution] = Field(default_factory=list)
    annual: list[Annual] = Field(default_factory=list)
    payslips: list[Payslip] = Field(default_factory=list)
    # employer-side lists only (document.kind "insured_list"); left out of the JSON when empty
    insured: list[Insured] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _omit_no_insured(self, handler: SerializerFunctionWrapHandler) -> dict:
        data = handler(self)
        if not data.get("insured"):
            data.pop("insured", None)
        return data

    def to_json_dict(self) -> dict:
        """The JSON object of the public contract (field ``schema`` first)."""
        return self.model_dump(mode="json", by_alias=True)

    def to_json_stream(self) -> dict:
        """:meth:`to_json_dict` whose record lists are :class:`DumpedList`: for
        ``json.JSONEncoder(indent=…).iterencode``, which writes the same text record by record
        (a 2,000-page statement's 350,000 records are not all made into dicts at once)."""
        lists = {name: value for name, value in self if name in type(self).model_fields
                 and isinstance(value, list) and all(isinstance(v, BaseModel) for v in value)}
        # the other fields as they are dumped, in their order: each list with at most its
        # first record (so that a list left out when empty is left out here too)
        data = self.model_copy(update={n: v[:1] for n, v in lists.items()}).model_dump(
            mode="json", by_alias=True)
        return {key: DumpedList(lists[key]) if key in lists else value
                for key, value in data.items()}

    @classmethod
    def from_json_dict(cls, data: dict) -> Extract:
        if data.get("schema") != SCHEMA_EXTRACT:
            raise ValueError(f"not a {SCHEMA_EXTRACT} object (schema={data.get('schema')!r})")
        return cls.model_validate(data)

    @classmethod
    def from_json_consumed(cls, data: dict) -> Extract:
        """:meth:`from_json_dict` of a dict used for nothing else: its record lists are
        emptied as their records are made, each record's dict let go once its record is made
        (a long document's 355,000 dicts and records are not all held at once). The same
        Extract; ``data`` is left with empty lists."""
        lists = {}
        for name in ("contributions", "annual", "payslips", "insured", "warnings"):
            if isinstance(data.get(name), list):
                lists[name], data[name] = data[name], []
        extract = cls.from_json_dict(data)
        for name, items in lists.items():
            kind = _RECORD_KINDS[name]
            made = []
            for i, item in enumerate(items):
                made.append(kind.model_validate(item))
                items[i] = None
            setattr(extract, name, made)
            items.clear()
        return extract

    def warn(self, code: str, message: str, page: int | None = None) -> None:
        self.warnings.append(Warning(code=code, message=message, page=page))


_RECORD_KINDS: dict[str, type[BaseModel]] = {
    "contributions": Contribution, "annual": Annual, "payslips": Payslip, "insured": Insured,
    "warnings": Warning}


# ---------------------------------------------------------------------------------------------
# Audit result (schema ``shebao.audit/1``): the contract between audit and reports.
# ---------------------------------------------------------------------------------------------

SCHEMA_AUDIT = "shebao.audit/1"

RuleCode = Literal[
    "missing_months",
    "minimum_base",
    "underreported_base",
    "withheld_not_remitted",
    "provisional_account_risk",
    "short_of_minimum_years",
    "inspection_window",
    "refunded_months",
    "duplicate_months",
    "back_paid_months",
]
Severity = Literal["info", "low", "medium", "high"]


class Basis(_Record):
    """A legal source: ``citation`` as a person would cite it, e.g.
    ``《中华人民共和国社会保险法》第五十八条``; ``document_number`` e.g. ``国办发〔2009〕66号``."""

    citation: str
    document_number: str | None = None
    url: str | None = None


class Evidence(_Record):
    """One fact a finding rests on, traceable to a cell of an original document."""

    file: str
    sha256: str | None = None
    page: int | None = None
    row: int | None = None
    fact: str = ""  # Chinese, e.g. "2019-03 养老保险 缴费基数 3376.00"


class ArrearsLine(_Record):
    """One month of an arrears finding: what was declared, what was due, what is owed."""

    month: Month
    declared_base: float | None = None
    required_base: float | None = None
    shortfall: float | None = None
    employer_amount: float | None = None
    personal_amount: float | None = None
    late_fee: float | None = None
    overdue_from: Date = None  # the day the late fee runs from
    how: str | None = None  # how the required base was found (Chinese)


class Finding(_Record):
    rule: RuleCode
    severity: Severity
    months: list[Month] = Field(default_factory=list)
    amount: float | None = None  # yuan, where one applies (total of the parts below)
    employer_amount: float | None = None
    personal_amount: float | None = None
    late_fee: float | None = None
    employer: str | None = None
    message: str
    basis: list[Basis] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    # Arrears findings: the per-month schedule behind ``amount``.
    lines: list[ArrearsLine] = Field(default_factory=list)
    # The weakest status of the parameters the figures rest on: official|estimated|unconfirmed.
    figures_status: str | None = None


class AuditResult(_Record):
    """The audit of one person's merged history (schema ``shebao.audit/1``)."""

    schema_: str = Field(default=SCHEMA_AUDIT, alias="schema")
    as_of: Date = None
    person: Person = Field(default_factory=Person)
    documents: list[Document] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    # Retirement facts, pension estimate and projections (policy engine output, as JSON).
    retirement: dict | None = None
    estimate: dict | None = None
    projections: dict | None = None
    # What could not be audited and what it would take (Chinese sentences).
    missing: list[str] = Field(default_factory=list)

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)
