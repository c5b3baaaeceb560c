"""What every renderer returns, and helpers to turn printed cells into ground truth.

A renderer is ``render(rng, path, **options) -> Rendered``: it writes one document to
``path`` and returns exactly what a perfect reader extracts from it (the printed person
fields, contributions, annual aggregates or pay slips, with page and row). The public
:func:`shebao.samples.generate` adds the ``document`` block (file name, sha256, pages).

Options understood by the statement renderers (others are ignored):

* ``months`` (int) - history length; ``end`` (``YYYY-MM``) - last month of the history;
* ``history`` (:class:`~shebao.samples.history.History`) - draw this history instead of a
  random one (the demo set uses it to tell one story across documents);
* ``plant`` (:class:`~shebao.samples.history.Plant`) - problems to plant; by default the
  usual gaps, back-payment and arrears, and in about one document in four two or three
  refunded (退保) months;
* ``watermark`` (``"text"`` / ``"outline"``) - how the specimen watermark is drawn;
  random when not given.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from shebao.samples.history import History, MonthFact, Plant, add_months, build_history

from shebao.records import Annual, Contribution, Payslip, Person


@dataclass
class Rendered:
    kind: str  # statement | payslip | insured_list
    pages: int
    person: Person = field(default_factory=Person)
    contributions: list[Contribution] = field(default_factory=list)
    annual: list[Annual] = field(default_factory=list)
    payslips: list[Payslip] = field(default_factory=list)
    insured: list[Any] = field(default_factory=list)  # Insured rows (employer-side lists)
    # the hidden facts drawn (see shebao.samples.hidden)
    history: History | None = None
    payrolls: list[Any] | None = None


def history_for(rng: random.Random, options: dict[str, Any], city: str,
                months: int = 48, plant: Plant | None = None) -> History:
    """The history a renderer draws: ``options['history']`` or a fresh random one."""
    if options.get("history") is not None:
        return options["history"]
    if plant is None and options.get("plant") is None:
        plant = Plant(refunded=rng.choice((0, 0, 0, 2, 3)))
    return build_history(
        rng,
        months=int(options.get("months") or months),
        end=options.get("end") or "2025-06",
        city=options.get("city") or city,
        plant=options.get("plant") or plant,
    )


def watermark_mode(rng: random.Random, options: dict[str, Any]) -> str:
    return options.get("watermark") or rng.choice(("text", "outline"))


def print_date(rng: random.Random, history: History) -> str:
    """A print date shortly after the last month of the history (YYYY-MM-DD)."""
    return f"{add_months(history.last, 1)}-{rng.randint(2, 27):02d}"


def contribution(fact: MonthFact, insurance: str, page: int, row: int, *,
                 status: str | None = None, employer: bool = True, code: bool = False,
                 base: bool = True, employer_amount: bool = True, personal: bool = True,
                 paid_on: bool = False) -> Contribution:
    """The truth record of ``fact`` x ``insurance`` as printed: flags say which cells show.

    A month printed as not paid (blank row, 未缴费, ``-``) is ``unpaid`` with every value
    ``None``."""
    status = status or fact.status
    if status == "unpaid" or not fact.declared:
        return Contribution(month=fact.month, insurance=insurance, status="unpaid",
                            page=page, row=row)
    emp, pers = fact.amounts[insurance]
    return Contribution(
        month=fact.month,
        insurance=insurance,
        base=fact.base if base else None,
        employer_amount=emp if employer_amount else None,
        personal_amount=pers if personal else None,
        employer=fact.employer.name if (employer and fact.employer) else None,
        employer_code=fact.employer.code if (code and fact.employer) else None,
        status=status,
        paid_on=fact.paid_on if (paid_on and status != "arrears") else None,
        page=page,
        row=row,
    )
