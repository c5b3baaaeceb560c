"""What a parameter lookup returns: a sourced :class:`Value` or an explicit :class:`Unknown`.

A value always travels with its status (official | estimated | unconfirmed, or ``given`` for a
figure the caller supplied) and its sources, so every computed figure can say how certain it
is and on what it rests. :func:`worst_status` combines statuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from shebao.records import Basis

STATUSES: tuple[str, ...] = ("official", "estimated", "unconfirmed")


class ParameterError(ValueError):
    """A parameter file breaks the contract of :mod:`shebao.audit.params` (raised at load
    time)."""


def cited_number(title: str, number: str | None) -> bool:
    """Whether a citation prints the document number beside the title: a policy document's
    文号 yes (《…》（国发〔2005〕38号）); a law's promulgation order (``主席令第…号``) no -- a
    law is cited by its name alone, the order stays provenance."""
    return bool(number) and number not in title and not number.startswith("主席令")


def cite(title: str, number: str | None = None, article: str | None = None) -> str:
    """As a person would cite it: ``《…》（国发〔2005〕38号）第X条`` (``title`` as given, with or
    without 《》)."""
    return title + (f"（{number}）" if cited_number(title, number) else "") + (article or "")


@dataclass(frozen=True)
class Source:
    """A legal or documentary source of a value."""

    title: str
    document_number: str | None = None
    article: str | None = None
    href: str | None = None
    note: str | None = None

    def cite(self) -> str:
        """As a person would cite it (:func:`cite`)."""
        return cite(self.title, self.document_number, self.article)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def to_basis(self) -> Basis:
        """As a ``shebao.audit/1`` finding's ``basis`` entry."""
        return Basis(citation=self.cite(), document_number=self.document_number, url=self.href)


@dataclass(frozen=True)
class Value:
    """A parameter value in force on a date (and at an area), with its provenance."""

    parameter: str
    value: Any
    status: str
    sources: tuple[Source, ...]
    effective_from: date
    area: str | None = None
    note: str | None = None
    derivation: str | None = None
    provisional: bool = False
    # The change month is not verified (``effective_from_verified: false``) and the month asked
    # is before ``certain_from``: ``alternative`` is the previous period's value, the one that
    # applies if the change took effect later than ``effective_from``.
    alternative: Value | Unknown | None = None
    certain_from: date | None = None
    known: bool = field(default=True, init=False)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "parameter": self.parameter,
            "value": _jsonable(self.value),
            "status": self.status,
            "effective_from": self.effective_from.isoformat(),
            "sources": [s.to_json() for s in self.sources],
        }
        if self.area:
            data["area"] = self.area
        if self.note:
            data["note"] = self.note
        if self.derivation:
            data["derivation"] = self.derivation
        if self.provisional:
            data["provisional"] = True
        if self.certain_from is not None:
            data["certain_from"] = self.certain_from.isoformat()
            data["alternative"] = None if self.alternative is None else self.alternative.to_json()
        return data

    def candidates(self) -> tuple[Value | Unknown, ...]:
        """The values that may apply in the month asked: this one, and the previous period's
        when the change month is not verified and the month lies in the window."""
        return (self,) if self.alternative is None else (self, self.alternative)


@dataclass(frozen=True)
class Unknown:
    """No value can be given: ``reason`` (Chinese) / ``reason_en`` say why."""

    parameter: str
    reason: str
    reason_en: str
    area: str | None = None
    on: date | None = None
    sources: tuple[Source, ...] = ()
    missing: bool = False  # True: nothing recorded at all (vs a recorded null with a note)
    status: str = field(default="unknown", init=False)
    known: bool = field(default=False, init=False)
    value: None = field(default=None, init=False)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "parameter": self.parameter,
            "value": None,
            "status": "unknown",
            "reason": self.reason,
            "reason_en": self.reason_en,
        }
        if self.area:
            data["area"] = self.area
        if self.on:
            data["on"] = self.on.isoformat()
        if self.sources:
            data["sources"] = [s.to_json() for s in self.sources]
        return data


Result = Value | Unknown


GIVEN = "given"  # a figure supplied by the caller (typed in or read from a document)

# How each status reads in documents for people.
STATUS_ZH = {
    "official": "官方",
    GIVEN: "按所给数值",
    "estimated": "估计",
    "unconfirmed": "未确认",
    "unknown": "未知",
}


def worst_status(*statuses: str) -> str:
    """The least certain of several statuses
    (official = given < estimated < unconfirmed < unknown)."""
    order = ["official", GIVEN, "estimated", "unconfirmed", "unknown"]
    return max(statuses, key=order.index) if statuses else "official"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value
