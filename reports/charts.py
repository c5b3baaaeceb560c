"""Small pictures for the person report, as inline SVG (WeasyPrint draws SVG natively, so the
PDF keeps vector lines and real text; browsers show the same SVG in the HTML report).

Contract
--------
* ``base_chart(lines) -> str``: an SVG line chart of declared vs required contribution base by
  month from the arrears lines that carry monthly detail ("" when there are fewer than two
  such months). Declared base in grey, required base in dark red, shortfall shaded.
* ``timeline(findings, periods, until) -> list[TimelineYear]``: one row per calendar year,
  twelve cells each, marking months that findings concern (:data:`MARKS`) and shading months
  of employment, for a month grid.
"""

from __future__ import annotations

from html import escape

from .arrears import ArrearsLine
from .context import FindingView, TimelineYear

# rule -> (one-character mark, CSS class); first match wins when a month is in several.
MARKS: dict[str, tuple[str, str]] = {
    "withheld_not_remitted": ("扣", "m-withheld"),
    "missing_months": ("缺", "m-missing"),
    "refunded_months": ("退", "m-refunded"),
    "underreported_base": ("低", "m-low"),
    "minimum_base": ("低", "m-low"),
    "back_paid_months": ("补", "m-back"),
    "duplicate_months": ("重", "m-dup"),
}


def _next(month: str) -> str:
    i = _month_index(month) + 1
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def _month_index(month: str) -> int:
    year, mon = map(int, month.split("-"))
    return year * 12 + mon - 1


def timeline(findings: list[FindingView], periods: list[tuple[str, str | None]],
             until: str | None = None) -> list[TimelineYear]:
    """``periods``: (start, end) months of employment, ``end`` None = still employed (shaded up
    to ``until``, the audit date, or the last marked month)."""
    marks: dict[str, tuple[str, str]] = {}
    for rule in MARKS:
        for f in findings:
            if f.rule != rule:
                continue
            for month in f.months:
                marks.setdefault(month, MARKS[rule])
    employed: set[int] = set()
    last = until or max(marks, default=None)
    for start, end in periods:
        stop = end or last
        if stop and stop >= start:
            employed |= set(range(_month_index(start), _month_index(stop) + 1))
    years = {int(m[:4]) for m in marks} | {i // 12 for i in employed}
    if not years:
        return []
    rows = []
    for year in range(min(years), max(years) + 1):
        cells = []
        for mon in range(1, 13):
            month = f"{year}-{mon:02d}"
            if month in marks:
                cells.append(marks[month])
            elif year * 12 + mon - 1 in employed:
                cells.append(("", "m-ok"))
            else:
                cells.append(("", "m-none"))
        rows.append(TimelineYear(year=year, cells=cells))
    return rows


def base_chart(lines: list[ArrearsLine], width: int = 640, height: int = 240) -> str:
    points = [x for x in lines if x.months == 1 and x.required_base is not None]
    points.sort(key=lambda x: x.period)
    if len(points) < 2:
        return ""
    left, right, top, bottom = 62, 16, 26, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    first, last = _month_index(points[0].period), _month_index(points[-1].period) + 1
    span = max(1, last - first)
    high = max(max(x.required_base or 0, x.declared_base or 0) for x in points)
    step = 10 ** (len(str(int(high))) - 1) / 2 or 1
    top_value = (int(high / step) + 1) * step

    def xy(month: str, value: float) -> tuple[float, float]:
        x = left + (_month_index(month) - first) / span * plot_w
        y = top + plot_h - value / top_value * plot_h
        return round(x, 1), round(y, 1)

    def path(values: list[tuple[str, float]]) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{x},{y}"
                        for i, (x, y) in enumerate(xy(m, v) for m, v in values))

    segments: list[list[ArrearsLine]] = []
    for x in points:
        if segments and _month_index(x.period) - _month_index(segments[-1][-1].period) == 1:
            segments[-1].append(x)
        else:
            segments.append([x])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="WenQuanYi Micro Hei, sans-serif" '
             f'font-size="11">']
    for i in range(0, 5):
        value = top_value * i / 4
        _, y = xy(points[0].period, value)
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{value:,.0f}</text>')
    for seg in segments:
        if len(seg) == 1:  # a lone month: draw it one month wide
            seg = [seg[0], seg[0].model_copy(update={"period": _next(seg[0].period)})]
        required = [(x.period, x.required_base or 0.0) for x in seg]
        declared = [(x.period, x.declared_base or 0.0) for x in seg]
        area = path(required) + " " + " ".join(
            f"L{x},{y}" for x, y in (xy(m, v) for m, v in reversed(declared))) + " Z"
        parts.append(f'<path d="{area}" fill="#f4c7c3" stroke="none"/>')
        parts.append(f'<path d="{path(declared)}" fill="none" stroke="#666" stroke-width="2"/>')
        parts.append(f'<path d="{path(required)}" fill="none" stroke="#a01010" '
                     f'stroke-width="2"/>')
    years = sorted({x.period[:4] for x in points})
    for year in years:
        month = next(x.period for x in points if x.period.startswith(year))
        x, _ = xy(month, 0)
        parts.append(f'<text x="{x}" y="{height - bottom + 16}" text-anchor="middle">'
                     f'{escape(month)}</text>')
    parts.append(f'<rect x="{left}" y="6" width="12" height="4" fill="#a01010"/>'
                 f'<text x="{left + 16}" y="12">应缴基数（按实际工资）</text>'
                 f'<rect x="{left + 170}" y="6" width="12" height="4" fill="#666"/>'
                 f'<text x="{left + 186}" y="12">单位申报的缴费基数</text>'
                 f'<rect x="{left + 330}" y="4" width="12" height="8" fill="#f4c7c3"/>'
                 f'<text x="{left + 346}" y="12">少报的部分</text>')
    parts.append("</svg>")
    return "".join(parts)
