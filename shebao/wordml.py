"""WordprocessingML tables cell by cell, for every reader of Word files.

Contract: :func:`row_cells` walks one ``w:tr`` and yields, for each ``w:tc`` in order, the
element, its first grid column, its column span (``gridSpan``; a missing, damaged or
non-positive value is one column, as Word itself shows it) and its vertical merge state
(``vMerge``: ``None``, ``"restart"`` or ``"continue"``). Callers keep their own row state:
a ``continue`` cell extends the cell that opened the merge in the same grid column.
"""

from __future__ import annotations

from collections.abc import Iterator

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def row_cells(tr) -> Iterator[tuple[object, int, int, str | None]]:
    """(cell element, grid column, span, vMerge state) for each cell of the row ``tr``."""
    col = 0
    for tc in tr.iterchildren(f"{W}tc"):
        props = tc.find(f"{W}tcPr")
        span, vmerge = 1, None
        if props is not None:
            gs = props.find(f"{W}gridSpan")
            if gs is not None and (gs.get(f"{W}val") or "").isdigit():
                span = max(1, int(gs.get(f"{W}val")))
            vm = props.find(f"{W}vMerge")
            if vm is not None:
                vmerge = vm.get(f"{W}val") or "continue"
        yield tc, col, span, vmerge
        col += span
