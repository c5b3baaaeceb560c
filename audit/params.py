"""Sourced, date-versioned policy parameters (OpenFisca-style YAML) and their lookups.

Contract
--------
Every legal number lives once, in one YAML file under ``audit/parameters/``; its name is the
path without ``.yaml`` (``national/pension/annuity_divisor``). A file has:

``description`` (str), ``unit`` (one of :data:`UNITS`), ``index`` (``date`` | ``area``),
optional ``reference`` (dated: ``{YYYY-MM-DD: [ {title, document_number, article, href} ]}``),
optional ``last_value_still_valid_on`` (YYYY-MM-DD), optional ``documentation`` and
``research`` (free text: what was searched for open items and what was found), and either

* ``values`` (``index: date``): ``{YYYY-MM-DD: {value, status, reference?, note?,
  effective_from_verified?}}``, or
* ``areas`` (``index: area``): ``{<行政区划代码>: {reference?, last_value_still_valid_on?,
  values: {...}}}``; ``000000`` is the national level.

A value is a number, a mapping (a table such as 计发月数 by age, or a rule's fields), or
``null`` = explicitly unknown (then ``note`` says why). ``status`` is ``official`` |
``estimated`` | ``unconfirmed``. A value's source is its own ``reference`` or else the latest
dated ``reference`` of its area / file in force on its date; a value without any source is a
load error. Dates must be strictly increasing; duplicate YAML keys are a load error.

Derived parameters carry ``derived: {from: <parameter>, factor: <parameter>, rounding:
{quantum, mode}}`` (e.g. base floor = 60% x reference wage) and may hold, per area and date,
an override (the published figure where it differs, or ``null``) or the word ``derive``.
In any area file the word ``inherit`` ends an area's own series: from that date the parent
area's value applies (Shanghai's own 记账利率 until 2015, the national rate from 2016).

Lookups (:meth:`ParameterSet.get`, memoised) take a date (or
:class:`~shebao.audit.months.YearMonth`) and, for area files, an area code or name (a county
code not in ``areas.yaml`` falls back to its city, then its province); the area falls back
city -> province -> national. A ``derive`` marker derives from the source parameter at the
marker's own area.
They return a :class:`Value` (value + status + sources + where it came from) or an
:class:`Unknown` with the reason -- never a silent guess. A date past
``last_value_still_valid_on`` still returns the last value, flagged ``provisional`` (the
practice of paying on last year's 计发基数 until the new one is published).

``effective_from_verified: false`` (a boolean; default true) says the month the change took
effect is not known: it may be any month from the key's month to ``UNVERIFIED_WINDOW_MONTHS``
later. A lookup in the months before that latest month returns the value with ``alternative``
(the previous period's value: Value or Unknown) and ``certain_from``; a derived value inherits
the window of its source (its alternative is the derived value of the previous period).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml
from shebao.audit.areas import AREAS_FILE, NATIONAL, Area, Areas  # noqa: F401 (re-exported)
from shebao.audit.months import YearMonth
from shebao.audit.results import (  # noqa: F401 (re-exported)
    GIVEN,
    STATUSES,
    ParameterError,
    Source,
    Unknown,
    Value,
    worst_status,
)

PARAMETER_ROOT = Path(__file__).with_name("parameters")
INHERIT = "inherit"  # value marker: from this date the parent area's value applies

UNITS: tuple[str, ...] = (
    "currency-CNY",
    "currency-CNY-per-month",
    "currency-CNY-per-year-of-service",
    "ratio",
    "rate-per-year",
    "rate-per-day",
    "rate-per-month-of-service",
    "months",
    "table-age-to-months",
    "table-year-to-ratio",
    "rule",
)
FILE_KEYS = {
    "description",
    "unit",
    "index",
    "reference",
    "last_value_still_valid_on",
    "documentation",
    "research",
    "values",
    "areas",
    "derived",
}
VALUE_KEYS = {"value", "status", "reference", "note", "effective_from_verified"}
# A value marked ``effective_from_verified: false`` is keyed on a date (1 January for a yearly
# wage) although the month the change took effect is not known: it may be any month from the
# key's month to UNVERIFIED_WINDOW_MONTHS later (Jan-Jul: most provinces change in January or
# July). In the months before that latest date the previous period's value may still apply.
UNVERIFIED_WINDOW_MONTHS = 6
REF_KEYS = {"title", "document_number", "article", "href", "date", "note"}
ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "up": ROUND_CEILING, "down": ROUND_FLOOR}


# ---------------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------------


class _NoDuplicateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _mapping_no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    keys = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise ParameterError(f"duplicate key {key!r} (line {key_node.start_mark.line + 1})")
        keys.add(key)
    return loader.construct_mapping(node, deep)


_NoDuplicateLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_no_duplicates
)


def _read_yaml(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_NoDuplicateLoader)
    except ParameterError as exc:
        raise ParameterError(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: not valid YAML: {exc}") from None
    except ValueError as exc:  # e.g. 2020-13-01 is resolved as a timestamp and fails
        raise ParameterError(f"{path}: not a YYYY-MM-DD date ({exc})") from None
    if not isinstance(data, dict):
        raise ParameterError(f"{path}: top level must be a mapping")
    return data


def _as_date(key: Any, where: str) -> date:
    if isinstance(key, date):
        return key
    try:
        return date.fromisoformat(str(key))
    except ValueError:
        raise ParameterError(f"{where}: {key!r} is not a YYYY-MM-DD date") from None


def _sources(raw: Any, where: str) -> tuple[Source, ...]:
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if not isinstance(item, dict) or not item.get("title"):
            raise ParameterError(f"{where}: a reference needs a title")
        extra = set(item) - REF_KEYS
        if extra:
            raise ParameterError(f"{where}: unknown reference keys {sorted(extra)}")
        out.append(
            Source(
                title=str(item["title"]),
                document_number=_opt(item.get("document_number")),
                article=_opt(item.get("article")),
                href=_opt(item.get("href")),
                note=_opt(item.get("note")),
            )
        )
    return tuple(out)


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _dated_references(raw: Any, where: str) -> list[tuple[date, tuple[Source, ...]]]:
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: reference must be a mapping of dates to references")
    out = [(_as_date(k, where), _sources(v, f"{where} reference {k}")) for k, v in raw.items()]
    _check_increasing([d for d, _ in out], f"{where} reference")
    return out


def _check_increasing(dates: list[date], where: str) -> None:
    for before, after in itertools.pairwise(dates):
        if after <= before:
            raise ParameterError(f"{where}: dates overlap or are out of order ({before}, {after})")


@dataclass(frozen=True)
class _Entry:
    start: date
    value: Any
    status: str | None
    sources: tuple[Source, ...]
    note: str | None
    verified: bool = True  # False: the month the change took effect is not verified


@dataclass
class _Series:
    entries: list[_Entry]
    last_valid: date | None

    def at(self, on: date) -> _Entry | None:
        found = None
        for entry in self.entries:
            if entry.start <= on:
                found = entry
            else:
                break
        return found


@dataclass
class Parameter:
    """One parameter file, validated."""

    name: str
    path: Path
    description: str
    unit: str
    index: str
    series: dict[str, _Series]  # area code (NATIONAL for date-indexed files) -> series
    derived: dict[str, Any] | None = None
    documentation: str | None = None
    research: Any = None

    def walk(self) -> Iterator[tuple[str, _Entry]]:
        for area, series in self.series.items():
            for entry in series.entries:
                yield area, entry


def _parse_series(
    raw: Any, refs: list[tuple[date, tuple[Source, ...]]], where: str, derived: bool
) -> list[_Entry]:
    if not isinstance(raw, dict) or not raw:
        raise ParameterError(f"{where}: values must be a non-empty mapping of dates")
    entries: list[_Entry] = []
    for key, item in raw.items():
        start = _as_date(key, where)
        at = f"{where} {start}"
        if not isinstance(item, dict) or "value" not in item:
            raise ParameterError(f"{at}: each dated entry needs a value")
        extra = set(item) - VALUE_KEYS
        if extra:
            raise ParameterError(f"{at}: unknown keys {sorted(extra)}")
        value = item["value"]
        is_derive = value == "derive"
        if is_derive and not derived:
            raise ParameterError(f"{at}: 'derive' is only allowed in derived parameters")
        is_marker = is_derive or value == INHERIT
        status = item.get("status")
        if not is_marker:
            if status not in STATUSES:
                raise ParameterError(f"{at}: status must be one of {STATUSES}, got {status!r}")
            if value is None and not item.get("note"):
                raise ParameterError(f"{at}: an unknown (null) value needs a note saying why")
            _check_value(value, at)
        verified = item.get("effective_from_verified", True)
        if not isinstance(verified, bool):
            raise ParameterError(f"{at}: effective_from_verified must be true or false")
        own = _sources(item["reference"], at) if item.get("reference") else ()
        inherited = ()
        for ref_date, ref_sources in refs:
            if ref_date <= start:
                inherited = ref_sources
        sources = own or inherited
        if not sources and not is_marker:
            raise ParameterError(f"{at}: value has no source (reference)")
        entries.append(_Entry(start, value, status, sources, _opt(item.get("note")), verified))
    _check_increasing([e.start for e in entries], where)
    return entries


def _check_value(value: Any, where: str) -> None:
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ParameterError(f"{where}: booleans are not parameter values")
        return
    if isinstance(value, int | float):
        return
    if isinstance(value, dict):
        for v in value.values():
            if isinstance(v, dict):
                _check_value(v, where)
            elif not isinstance(v, int | float | str) or isinstance(v, bool):
                raise ParameterError(f"{where}: table entries must be numbers or text")
        return
    raise ParameterError(f"{where}: value must be a number, a table or null, got {value!r}")


def load_parameter(path: Path, root: Path) -> Parameter:
    """Load and validate one parameter file (raises :class:`ParameterError`)."""
    raw = _read_yaml(path)
    where = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    name = where.removesuffix(".yaml")
    extra = set(raw) - FILE_KEYS
    if extra:
        raise ParameterError(f"{where}: unknown keys {sorted(extra)}")
    for key in ("description", "unit"):
        if not raw.get(key):
            raise ParameterError(f"{where}: missing {key}")
    if raw["unit"] not in UNITS:
        raise ParameterError(f"{where}: unit {raw['unit']!r} not one of {UNITS}")
    index = raw.get("index", "date")
    if index not in ("date", "area"):
        raise ParameterError(f"{where}: index must be date or area")
    derived = raw.get("derived")
    if derived is not None and (
        not isinstance(derived, dict) or not derived.get("from") or not derived.get("factor")
    ):
        raise ParameterError(f"{where}: derived needs 'from' and 'factor' parameters")
    refs = _dated_references(raw.get("reference"), where)
    file_valid = raw.get("last_value_still_valid_on")
    file_valid_date = _as_date(file_valid, where) if file_valid else None
    series: dict[str, _Series] = {}
    if index == "date":
        if "areas" in raw or "values" not in raw:
            raise ParameterError(f"{where}: a date-indexed parameter has 'values' (not 'areas')")
        entries = _parse_series(raw["values"], refs, f"{where} values", derived is not None)
        series[NATIONAL] = _Series(entries, file_valid_date)
    else:
        if "values" in raw or not isinstance(raw.get("areas"), dict):
            raise ParameterError(f"{where}: an area-indexed parameter has 'areas' (not 'values')")
        for code, area_raw in raw["areas"].items():
            code = str(code)
            at = f"{where} area {code}"
            if not isinstance(area_raw, dict) or "values" not in area_raw:
                raise ParameterError(f"{at}: needs values")
            if set(area_raw) - {"values", "reference", "last_value_still_valid_on", "name"}:
                raise ParameterError(f"{at}: unknown keys")
            area_refs = _dated_references(area_raw.get("reference"), at) or refs
            entries = _parse_series(area_raw["values"], area_refs, at, derived is not None)
            valid = area_raw.get("last_value_still_valid_on")
            series[code] = _Series(entries, _as_date(valid, at) if valid else file_valid_date)
    return Parameter(
        name=name,
        path=path,
        description=str(raw["description"]),
        unit=str(raw["unit"]),
        index=index,
        series=series,
        derived=derived,
        documentation=_opt(raw.get("documentation")),
        research=raw.get("research"),
    )


# ---------------------------------------------------------------------------------------------
# The set of parameters and its lookups
# ---------------------------------------------------------------------------------------------


def _to_date(on: date | YearMonth | str) -> date:
    if isinstance(on, YearMonth):
        return on.first_day
    if isinstance(on, date):
        return on
    text = str(on)
    if len(text) == 7:
        return YearMonth.parse(text).first_day
    return date.fromisoformat(text)


class ParameterSet:
    """All parameter files under a root, validated, with area-aware lookups."""

    def __init__(self, root: Path = PARAMETER_ROOT):
        self.root = root
        self.areas = Areas.load(root / AREAS_FILE)
        self.parameters: dict[str, Parameter] = {}
        self._memo: dict[tuple, Value | Unknown] = {}
        for path in sorted(root.rglob("*.yaml")):
            if path.name == AREAS_FILE:
                continue
            param = load_parameter(path, root)
            self.parameters[param.name] = param
        for param in self.parameters.values():
            for area in param.series:
                if area not in self.areas.by_code:
                    raise ParameterError(f"{param.name}: unknown area code {area}")
            if param.derived:
                for key in ("from", "factor"):
                    if param.derived[key] not in self.parameters:
                        raise ParameterError(
                            f"{param.name}: derived.{key} {param.derived[key]!r} does not exist"
                        )

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise KeyError(f"no parameter {name!r}") from None

    def get(
        self, name: str, on: date | YearMonth | str, area: str | None = None
    ) -> Value | Unknown:
        """The value of parameter ``name`` in force on ``on`` at ``area`` (code or name).
        Results are immutable and memoised (a factory batch asks the same questions often)."""
        key = (name, on, area)
        cached = self._memo.get(key)
        if cached is None:
            cached = self._memo[key] = self._get(name, on, area)
        return cached

    def _get(self, name: str, on: date | YearMonth | str, area: str | None) -> Value | Unknown:
        param = self[name]
        when = _to_date(on)
        code = self.areas.resolve(area) if area is not None else NATIONAL
        if param.derived:
            return self._derived(param, when, code)
        return self._direct(param, when, code)

    def _direct(self, param: Parameter, when: date, code: str) -> Value | Unknown:
        chain = self.areas.chain(code) if param.index == "area" else [NATIONAL]
        for area in chain:
            series = param.series.get(area)
            if series is None:
                continue
            entry = series.at(when)
            if entry is None or entry.value == INHERIT:
                continue
            return self._result(param, entry, series, when, area, code)
        where = self.areas.name(code) if param.index == "area" else "全国"
        return Unknown(
            param.name,
            f"{where}{when:%Y-%m}没有“{param.description}”的数值（本工具尚未收录该地该时期的数值）",
            f"no value of {param.name} for {code} on {when}",
            area=code,
            on=when,
            missing=True,
        )

    def _result(
        self, param: Parameter, entry: _Entry, series: _Series, when: date, area: str,
        asked: str,
    ) -> Value | Unknown:
        if entry.value is None:
            return Unknown(
                param.name,
                f"{self.areas.name(area)}{when:%Y-%m}的“{param.description}”未知：{entry.note}",
                f"{param.name} is unknown for {area} on {when}: {entry.note}",
                area=area,
                on=when,
                sources=entry.sources,
            )
        provisional = series.last_valid is not None and when > series.last_valid
        alternative, certain_from = self._window(param, entry.start, entry.verified, when, asked)
        return Value(
            parameter=param.name,
            value=entry.value,
            status=entry.status or "official",
            sources=entry.sources,
            effective_from=entry.start,
            area=area if param.index == "area" else None,
            note=entry.note,
            provisional=provisional,
            alternative=alternative,
            certain_from=certain_from,
        )

    def _window(
        self, param: Parameter, start: date, verified: bool, when: date, code: str
    ) -> tuple[Value | Unknown | None, date | None]:
        """For a value whose change month is not verified, asked for a month before the latest
        month the change may have taken effect: the previous period's value (the one that
        applies if the change came later) and the date from which this value applies
        whichever month the change took effect. Else (None, None)."""
        if verified:
            return None, None
        certain = (YearMonth.of(start) + UNVERIFIED_WINDOW_MONTHS).first_day
        if when >= certain:
            return None, None
        return self.get(param.name, start - timedelta(days=1), code), certain

    def _derived(self, param: Parameter, when: date, code: str) -> Value | Unknown:
        """An override found along the chain wins; a ``derive`` marker derives from the source
        parameter *at the marker's area* (Guangdong's province-wide ceiling is 3 × the
        provincial wage even for Shenzhen); no entry at all derives at the requested area."""
        source_area = code
        for area in self.areas.chain(code):
            series = param.series.get(area)
            entry = series.at(when) if series else None
            if entry is None or entry.value == INHERIT:
                continue
            if entry.value != "derive":
                return self._result(param, entry, series, when, area, code)
            source_area = area
            break
        derived = param.derived or {}
        base = self.get(derived["from"], when, source_area)
        factor = self.get(derived["factor"], when)
        if not base.known:
            return base
        if not factor.known:
            return factor
        amount = Decimal(str(base.value)) * Decimal(str(factor.value))
        rounding = derived.get("rounding")
        if rounding:
            amount = round_money(amount, rounding)
        alternative = certain_from = None
        if isinstance(base, Value) and base.certain_from is not None:
            # the source's change month is not verified: so is the derived value's
            certain_from = base.certain_from
            alternative = self.get(param.name, base.effective_from - timedelta(days=1), code)
        return Value(
            parameter=param.name,
            value=float(amount),
            status=worst_status(base.status, factor.status),
            sources=factor.sources + base.sources,
            effective_from=max(base.effective_from, factor.effective_from),
            area=base.area,
            derivation=f"{base.value} × {factor.value}（{derived['from']} × {derived['factor']}）",
            provisional=base.provisional,
            alternative=alternative,
            certain_from=certain_from,
        )


def round_money(amount: Decimal | float | int, rule: Mapping[str, Any]) -> Decimal:
    """Round ``amount`` by a rule ``{quantum: 0.01, mode: half_up|up|down}``."""
    quantum = Decimal(str(rule.get("quantum", "0.01")))
    mode = ROUNDING_MODES[str(rule.get("mode", "half_up"))]
    return Decimal(str(amount)).quantize(quantum, rounding=mode)


@functools.cache
def parameters() -> ParameterSet:
    """The packaged parameter set (loaded and validated once)."""
    return ParameterSet(PARAMETER_ROOT)
