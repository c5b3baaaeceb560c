"""Reading canonical contribution records (``shebao.extract/1`` JSON files) for the engine.

Contract: :func:`load_history` returns ``(Contribution, area code)`` pairs. A file's area is
the registered place named in its ``person.insured_place``; a file naming no place takes the
caller's default; a file naming a place without parameters is national (its months count, its
index is unknown) -- the engine never prices one place's months with another place's wages.
Annual aggregates are expanded to months (:func:`shebao.audit.history.extract_rows`).
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from shebao.audit.history import extract_rows
from shebao.audit.params import NATIONAL, ParameterSet

from shebao.errors import InputError, UsageError
from shebao.records import Contribution, Extract


def claim_area(P: ParameterSet, area: str, rows: list, city: str | None) -> str:
    """Without --city, a history paid in one city of the given province is claimed there."""
    places = {a for _, a in rows}
    if city is None and len(places) == 1:
        (place,) = places
        if P.areas.province_of(place) == P.areas.province_of(area):
            return place
    return area


def load_history(
    paths: tuple[str, ...], P: ParameterSet, default_area: str
) -> list[tuple[Contribution, str]]:
    """``(Contribution, area code)`` pairs from ``shebao.extract/1`` JSON files (InputError
    naming the file). A file's area is the place its ``person.insured_place`` names, if that is
    a registered area; if the file names no place, ``default_area`` (--city/--province); if it
    names a place without parameters, national (its months' index is then unknown)."""
    out: list[tuple[Contribution, str]] = []
    for name in paths:
        path = Path(name)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError("文件不存在", "file not found", file=path) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(
                "不是有效的 JSON 文件", f"not a valid JSON file ({exc})", file=path
            ) from None
        try:
            extract = Extract.from_json_dict(data)
        except ValueError as exc:
            raise InputError(
                "不是 shebao extract --json 输出的缴费记录（shebao.extract/1）",
                f"not a shebao.extract/1 object: {str(exc).splitlines()[0]}",
                file=path,
            ) from None
        place = extract.person.insured_place
        area = P.areas.find_in(place) if place else default_area
        if area is None:
            # A place this tool has no parameters for: never borrow another place's wages.
            click.echo(
                f"注意：{path.name} 的参保地“{place}”未收录参数，按全国处理，"
                "这些月份的缴费指数未知（place has no parameters）",
                err=True,
            )
            area = NATIONAL
        out.extend((c, area) for c in extract_rows(extract))
    if not any(c.insurance == "pension" for c, _ in out):
        raise UsageError(
            "缴费记录中没有养老保险缴费行", "no pension contribution rows in the history"
        )
    return out
