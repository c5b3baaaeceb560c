"""The audit rules, one module per rule (legal condition and basis in each docstring).

``RULES`` is the order they run in: ``inspection_window`` reads the arrears findings made
before it; ``short_of_minimum_years`` is run by the engine (it needs the retirement facts).
"""

from __future__ import annotations

from shebao.audit.rules import (
    inspection_window,
    minimum_base,
    missing_months,
    provisional_account,
    record_status,
    underreported_base,
    withheld_not_remitted,
)

RULES = (
    ("missing_months", missing_months.check),
    ("minimum_base", minimum_base.check),
    ("underreported_base", underreported_base.check),
    ("withheld_not_remitted", withheld_not_remitted.check),
    ("provisional_account_risk", provisional_account.check),
    ("refunded_months", record_status.refunded_months),
    ("duplicate_months", record_status.duplicate_months),
    ("back_paid_months", record_status.back_paid_months),
)
LATE_RULES = (("inspection_window", inspection_window.check),)
