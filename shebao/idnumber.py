"""The check character of a resident ID number (GB 11643-1999): the one copy of the rule.

Contract: :func:`id_check_char` gives the ISO 7064 MOD 11-2 check character of the first 17
digits; :func:`id_checksum_ok` is true for an 18-character number (digits, last one a digit or
``X``/``x``) whose check character is right. Used by the reader (an ID printed under a weak
label), the audit (birth month and sex from the ID) and the sample generator (fake IDs).
"""

from __future__ import annotations

import re

ID_WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
_SHAPE = re.compile(r"\d{17}[\dX]")


def id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def id_checksum_ok(value: str) -> bool:
    """An 18-character resident ID number whose check character is right."""
    v = value.strip().upper()
    return bool(_SHAPE.fullmatch(v)) and id_check_char(v[:17]) == v[17]
