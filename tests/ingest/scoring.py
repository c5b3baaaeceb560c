"""Scoring an extraction against generator truth: row F1 and per-field accuracy.

Records are matched by their natural key (contribution: month, insurance, employer code or
name; annual: year, insurance; payslip: month, employee id or name), with an occurrence
counter so that a month printed twice is two records. A matched pair then scores every field
of the contract separately; person fields and document fields (file, sha256, kind, layout,
method, pages, files) count once per document.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from shebao.samples import profile_of

from shebao.records import Extract

CONTRIBUTION_FIELDS = (
    "base",
    "employer_amount",
    "personal_amount",
    "employer",
    "employer_code",
    "status",
    "paid_on",
    "page",
    "row",
)
ANNUAL_FIELDS = ("months", "annual_base", "personal_amount", "employer", "status", "page", "row")
PAYSLIP_FIELDS = ("employer", "employee_name", "employee_id", "gross_pay", "net_pay", "page", "row",
                  "earnings", "other_deductions")
# additive fields scored only where the truth states them (truths written before they existed,
# such as the recorded OCR fixtures and the L6 layouts' truth, do not)
STATED_ONLY = {"earnings", "other_deductions"}
DEDUCTIONS = ("pension", "medical", "unemployment", "housing_fund", "income_tax", "other")
PERSON_FIELDS = ("name", "id_number", "social_security_number", "insured_place")


def _keyed(records, key) -> dict:
    seen: Counter = Counter()
    out = {}
    for r in records:
        k = key(r)
        seen[k] += 1
        out[(*k, seen[k])] = r
    return out


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) < 0.005
    return a == b


@dataclass
class Score:
    true_rows: int = 0
    found_rows: int = 0
    matched_rows: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # sha256 of each document scored

    def add(self, other: Score) -> None:
        self.true_rows += other.true_rows
        self.found_rows += other.found_rows
        self.matched_rows += other.matched_rows
        for k, (ok, n) in other.fields.items():
            self.fields[k][0] += ok
            self.fields[k][1] += n
        self.errors += other.errors
        self.documents += other.documents

    @property
    def f1(self) -> float:
        if not self.true_rows and not self.found_rows:
            return 1.0
        p = self.matched_rows / self.found_rows if self.found_rows else 0.0
        r = self.matched_rows / self.true_rows if self.true_rows else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        ok, n = self.fields[name]
        return ok / n if n else 1.0

    def worst_field(self) -> tuple[str, float]:
        if not self.fields:
            return ("-", 1.0)
        return min(((k, self.accuracy(k)) for k in self.fields), key=lambda kv: kv[1])


def score(found: Extract, truth: Extract) -> Score:
    s = Score(documents=[truth.document.sha256])
    tag = truth.document.file
    groups = [
        (
            "contribution",
            truth.contributions,
            found.contributions,
            lambda c: (c.month, c.insurance, c.employer_code or c.employer),
            CONTRIBUTION_FIELDS,
        ),
        ("annual", truth.annual, found.annual, lambda a: (a.year, a.insurance), ANNUAL_FIELDS),
        (
            "payslip",
            truth.payslips,
            found.payslips,
            lambda p: (p.month, p.employee_id or p.employee_name),
            PAYSLIP_FIELDS,
        ),
    ]
    for kind, t_records, f_records, key, names in groups:
        t, f = _keyed(t_records, key), _keyed(f_records, key)
        s.true_rows += len(t)
        s.found_rows += len(f)
        for k in sorted(set(t) - set(f), key=str)[:5]:
            s.errors.append(f"{tag}: missing {kind} {k}")
        for k in sorted(set(f) - set(t), key=str)[:5]:
            s.errors.append(f"{tag}: extra {kind} {k}")
        for k in set(t) & set(f):
            s.matched_rows += 1
            a, b = t[k], f[k]
            pairs = [(n, getattr(a, n), getattr(b, n)) for n in names
                     if n not in STATED_ONLY or n in a.model_fields_set]
            if kind == "payslip":
                pairs += [
                    (f"deductions.{n}", getattr(a.deductions, n), getattr(b.deductions, n))
                    for n in DEDUCTIONS
                ]
            for n, av, bv in pairs:
                ok = _same(av, bv)
                s.fields[f"{kind}.{n}"][0] += ok
                s.fields[f"{kind}.{n}"][1] += 1
                if not ok and len(s.errors) < 40:
                    s.errors.append(f"{tag}: {kind} {k} {n}: truth {av!r} got {bv!r}")
    for n in PERSON_FIELDS:
        av, bv = getattr(truth.person, n), getattr(found.person, n)
        ok = av == bv
        s.fields[f"person.{n}"][0] += ok
        s.fields[f"person.{n}"][1] += 1
        if not ok:
            s.errors.append(f"{tag}: person {n}: truth {av!r} got {bv!r}")
    for n in ("file", "sha256", "kind", "layout", "method", "pages", "files"):
        want, got = getattr(truth.document, n), getattr(found.document, n)
        if n == "layout":  # truth names the generator's variant, the reader its profile
            want = profile_of(want)
            if want is None:  # no profile was made for it: whichever read it is right
                continue
        ok = want == got
        s.fields[f"document.{n}"][0] += ok
        s.fields[f"document.{n}"][1] += 1
        if not ok:
            s.errors.append(f"{tag}: document {n}: truth {want!r} got {got!r}")
    return s
