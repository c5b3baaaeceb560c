"""Header labels -> canonical fields, from the shared vocabulary plus a profile's additions.

Contract: :meth:`Lexicon.classify` takes one printed header label (possibly a fragment such as
``缴费基`` from a merged cell split into text runs) and returns a :class:`Label` meaning or
``None``. It never guesses from substrings of a field name except in the one documented case
of an insurance name glued to a field (``养老单位`` -> pension / employer_amount,
``养老保险个人缴费`` -> pension / personal_amount).
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass

from shebao.ingest.normalize import squash
from shebao.ingest.profiles import Profile, Vocabulary

# a unit in brackets ends a label; on a photo the OCR may lose the closing bracket (缴费基数（元)
_UNITS = re.compile(r"[(（](元|月|个|h|小时|天|%|元/月)[)）]?$|[:：]$")
# Remainders of an insurance-prefixed label that name a field only in that context.
_GLUED = {"单位": "employer_amount", "个人": "personal_amount", "月数": "months"}


def field_under_insurance(text: str) -> str | None:
    """The field a bare sub-label names under an insurance group label (养老保险 over
    基数 | 单位 | 个人): 单位 -> employer_amount, 个人 -> personal_amount, 月数 -> months."""
    return _GLUED.get(normalise_label(text))


@functools.lru_cache(maxsize=4096)
def _match_word(text: str, words: tuple[str, ...]) -> str | None:
    from shebao.ingest.ocr.fixes import match_word

    match = match_word(text, words)
    return match.word if match else None


def normalise_label(text: str) -> str:
    s = squash(text)
    for _ in range(2):
        s = _UNITS.sub("", s)
    return s


@dataclass(frozen=True)
class Label:
    kind: str  # "field" or "group"
    name: str  # canonical field, insurance (statement groups) or payslip group
    insurance: str | None = None  # for fields glued to an insurance name


def _one_search(patterns: list[re.Pattern]) -> re.Pattern | None:
    """The patterns as alternatives of one pattern (one search instead of one per pattern:
    every word of every page is asked whether it is furniture), or None when joining could
    change a match: a numbered or named group reference (the groups are renumbered), an
    inline global flag, or flags given at compile time."""
    if not patterns or any(
        p.flags != re.compile("").flags or re.search(r"\\[1-9]|\(\?P[=<]|\(\?[aiLmsux]", p.pattern)
        for p in patterns
    ):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))
    except re.error:
        return None


class Lexicon:
    """The header vocabulary of one document kind, as used by one profile."""

    def __init__(self, vocab: Vocabulary, profile: Profile, fuzzy: bool = False):
        # ``fuzzy``: text read by OCR; an unknown label or status cell is matched to the
        # closest known word by confusion-aware edit distance (:mod:`shebao.ingest.ocr.fixes`)
        self.fuzzy = fuzzy
        self.kind = profile.kind
        self.vocab = vocab
        self.profile = profile
        base = {"statement": vocab.statement_fields, "payslip": vocab.payslip_fields,
                "insured_list": vocab.insured_list_fields}[self.kind]
        self.fields: dict[str, str] = {}
        for field, words in [*base.items(), *profile.synonyms.items()]:
            for w in words:
                self.fields.setdefault(normalise_label(w), field)
        self.insurance_words = sorted(
            ((normalise_label(w), ins) for ins, ws in vocab.insurances.items() for w in ws),
            key=lambda p: -len(p[0]),
        )
        self.noise = sorted(vocab.insurance_label_noise, key=len, reverse=True)
        self.payslip_groups: dict[str, str] = {
            normalise_label(w): g for g, ws in vocab.payslip_groups.items() for w in ws
        }
        self.groupable: set[str] = (
            set(vocab.per_insurance_fields) | {"unknown"}
            if self.kind == "statement"
            else {"start", "end", "period", "months", "status", "base", "unknown"}
            if self.kind == "insured_list"
            else {
                "pension",
                "medical",
                "unemployment",
                "housing_fund",
                "income_tax",
                "subtotal",
                "unknown",
                "ignore",
                "deductions_total",
                "other_deduction",
            }
        )
        status = {k: list(v) for k, v in vocab.status_words.items()}
        for k, v in profile.status_words.items():
            status.setdefault(k, []).extend(v)
        # Longest words first, so 正常补收 is read as back_paid before 正常 as paid.
        self.status_words = sorted(
            ((squash(w), s) for s, ws in status.items() for w in ws), key=lambda p: -len(p[0])
        )
        self.markers = {**vocab.markers, **profile.markers}
        self.total_words = [squash(w) for w in vocab.total_words]
        self.amount_sublabels = {normalise_label(w) for w in vocab.amount_sublabels}
        self.furniture = [re.compile(p) for p in [*vocab.furniture, *profile.furniture]]
        self._furniture_any = _one_search(self.furniture)

    # -- header labels --------------------------------------------------------------------
    def insurance_of(self, text: str) -> str | None:
        """The insurance a group label or a 险种 cell names (``企业职工基本养老保险`` ->
        pension, ``310`` -> medical), or None."""
        s = normalise_label(text)
        for ins, codes in self.vocab.insurance_codes.items():
            if s in codes:
                return ins
        rest = s
        for n in self.noise:
            rest = rest.replace(n, "")
        for word, ins in self.insurance_words:
            if rest == word:
                return ins
        return None

    def for_ocr(self) -> Lexicon:
        """The same vocabulary, reading OCR'd text (fuzzy labels and status words)."""
        if self.fuzzy:
            return self
        other = copy.copy(self)
        other.fuzzy = True
        return other

    def classify(self, text: str) -> Label | None:
        label = self._classify(text)
        if label is not None or not self.fuzzy:
            return label
        s = normalise_label(text)
        if len(s) < 2:
            return None
        words = self.payslip_groups.keys() | self.fields.keys() if self.kind == "payslip" else (
            self.fields.keys() | {w for w, _ in self.insurance_words})
        match = _match_word(s, tuple(sorted(words)))
        return self._classify(match) if match else None

    def _classify(self, text: str) -> Label | None:
        s = normalise_label(text)
        if not s:
            return None
        if self.kind == "payslip":
            if s in self.payslip_groups:
                return Label("group", self.payslip_groups[s])
            if s in self.fields:
                return Label("field", self.fields[s])
            return None
        if s in self.fields:
            return Label("field", self.fields[s])
        ins = self.insurance_of(s)
        if ins:
            return Label("group", ins)
        # An insurance name glued to a field: 养老单位, 养老保险个人缴费, 失业个人.
        for word, ins in self.insurance_words:
            i = s.find(word)
            if i < 0:
                continue
            head, rest = s[:i], s[i + len(word) :]
            for n in self.noise:
                head = head.replace(n, "")
            if head:
                continue
            for n in self.noise:
                if rest.startswith(n):
                    rest = rest[len(n) :]
            field = self.fields.get(rest) or _GLUED.get(rest)
            if field:
                return Label("field", field, ins)
        return None

    # -- cell values ------------------------------------------------------------------------
    def status_of(self, text: str) -> str | None:
        """Status named by a cell (whole word, marker, or a status word inside it; on OCR'd
        text also the closest status word by confusion-aware matching)."""
        status = self._status_of(text)
        if status is not None or not self.fuzzy:
            return status
        s = squash(text)
        if len(s) < 2:
            return None
        match = _match_word(s, tuple(w for w, _ in self.status_words))
        return self._status_of(match) if match else None

    def _status_of(self, text: str) -> str | None:
        s = squash(text)
        if not s:
            return None
        if s in self.markers:
            return self.markers[s]
        for word, status in self.status_words:
            if s == word:
                return status
        for word, status in self.status_words:
            if len(word) >= 2 and word in s:
                return status
        return None

    def is_total(self, text: str) -> bool:
        s = squash(text)
        return any(s.startswith(w) or s == w for w in self.total_words) and len(s) <= 8

    def is_furniture(self, text: str) -> bool:
        # asked for every word of every page: answered once per distinct text (bounded)
        cache: dict[str, bool] = self.__dict__.setdefault("_furniture_seen", {})
        hit = cache.get(text)
        if hit is None:
            s = text.strip()
            hit = (bool(self._furniture_any.search(s)) if self._furniture_any is not None
                   else any(p.search(s) for p in self.furniture))
            if len(cache) < 1 << 16:
                cache[text] = hit
        return hit
