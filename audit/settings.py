"""The audit's own tolerances and thresholds, in one place.

These are settings of the tool -- how close two figures must be to count as the same, how
near a deadline is worth a warning -- not legal figures (those live in ``parameters/`` with
their sources). Rules import them from here; nothing else defines a tolerance. Each setting
says what it is for and its unit.
"""

from __future__ import annotations

from decimal import Decimal

# A declared base within this many yuan of the floor (or of the required base) is taken as
# that figure: statements round bases to the yuan. Rules minimum_base, underreported_base.
BASE_TOLERANCE = Decimal(1)

# Money deducted on a pay slip and money paid in differ by more than this (yuan) before the
# difference counts as withheld and not remitted (one fen: printed amounts are to the fen).
# Rule withheld_not_remitted.
WITHHELD_TOLERANCE = Decimal("0.01")

# Two documents print the same amount when they differ by no more than this (yuan); more is
# a conflict the worker is asked about (merge, rule duplicate_months).
AMOUNT_TOLERANCE = 0.01

# Reaching the statutory retirement month less than this many months short of the minimum
# contribution period is a ``medium`` finding, further away ``low``
# (rule short_of_minimum_years).
SHORT_MARGIN_MONTHS = 24

# A pay slip within this many months of a contribution month may inform its required base
# (the contribution year and the wage year before it). Rule context ``required_from_wage``.
SLIP_REACH_MONTHS = 23
