"""Layout profiles: what a statement or pay sheet looks like, as data.

A profile (``ingest/layouts/<id>.yaml``) says how to recognise a layout (title keywords,
keywords, exclude keywords, priority), how its rows are organised (``granularity``), what its
amounts mean (``amounts``) and what it adds to the shared vocabulary
(``ingest/layouts/vocabulary.yaml``: header synonyms, insurance names, status words, markers,
furniture). No profile holds coordinates; the table is found from its header words.

Loading validates every file: unknown keys and duplicate keys are errors, so a typo in a
profile fails loudly instead of being ignored.

Granularities:

* ``monthly_wide``   one row per month, column groups per insurance (L1, L2)
* ``monthly_long``   one row per month x insurance, a 险种 column (L4)
* ``range``          one row per stretch 起始年月-截止年月 + 月数 (L3)
* ``annual``         one row per year with 月数 / 年缴费基数 per insurance (L5 Beijing)
* ``status_grid``    rows 01-12 of one year, base + marker per insurance (L5 Henan)
* ``payslip_sheet``  工资表: one header, one row per employee (L6)
* ``payslip_strips`` 工资条: the header repeated above each employee's row (L6)
* ``payslip_pairs``  a single slip as label : value pairs (:mod:`shebao.ingest.slip`), read
  only when no table is found
* ``person_rows``    参保人员名单: one row per person (or person x insurance, or stretch), an
  employer-side list (:mod:`shebao.ingest.insured_list`)
* ``auto``           decided from the header fields found (the generic profiles)

Amount semantics (``range`` rows): ``per_month``, ``range_total`` or ``auto`` (decide per row
by checking amount ≈ base × rate × months against amount ≈ base × rate).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

Granularity = Literal[
    "monthly_wide",
    "monthly_long",
    "range",
    "annual",
    "status_grid",
    "payslip_sheet",
    "payslip_strips",
    "payslip_pairs",
    "person_rows",
    "auto",
]
AmountSemantics = Literal["per_month", "range_total", "auto"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Vocabulary(_Strict):
    statement_fields: dict[str, list[str]]
    per_insurance_fields: list[str]
    insurances: dict[str, list[str]]
    insurance_codes: dict[str, list[str]]
    insurance_label_noise: list[str]
    status_words: dict[str, list[str]]
    markers: dict[str, str]
    total_words: list[str]
    furniture: list[str]
    person_labels: dict[str, list[str]]
    payslip_fields: dict[str, list[str]]
    payslip_groups: dict[str, list[str]]
    payslip_items: dict[str, list[str]] = Field(default_factory=dict)
    insured_list_fields: dict[str, list[str]] = Field(default_factory=dict)
    insured_status: dict[str, list[str]] = Field(default_factory=dict)
    # Sub-labels of a stacked header that mean "the amount of the label above" (单位缴纳 over
    # 比例 | 金额): the column takes its parent's field.
    amount_sublabels: list[str] = Field(default_factory=list)
    # Words a document title is made of (社会保险, 缴费, 明细, 工资 …): the title is the largest
    # type holding one of them, so a stamp or print mark set larger (打印专用) is not taken.
    title_words: list[str] = Field(default_factory=list)


class Match(_Strict):
    """How a document is recognised. Score = 3 per title keyword + 1 per keyword found."""

    title_keywords: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    exclude_keywords: list[str] = Field(default_factory=list)
    required_keywords: list[str] = Field(default_factory=list)
    min_score: int = 1


class Profile(_Strict):
    id: str
    name: str
    kind: Literal["statement", "payslip", "insured_list"]
    granularity: Granularity
    priority: int = 5
    match: Match = Field(default_factory=Match)
    amounts: AmountSemantics = "per_month"
    default_insurance: str | None = None
    # Additions to the shared vocabulary (merged, never replacing it).
    synonyms: dict[str, list[str]] = Field(default_factory=dict)
    status_words: dict[str, list[str]] = Field(default_factory=dict)
    markers: dict[str, str] = Field(default_factory=dict)
    furniture: list[str] = Field(default_factory=list)
    notes: str = ""


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that rejects a key given twice in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_UniqueKeyLoader)


def _layout_files() -> list[tuple[str, str]]:
    folder = resources.files("shebao.ingest") / "layouts"
    return sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


@cache
def vocabulary() -> Vocabulary:
    for name, text in _layout_files():
        if name == "vocabulary.yaml":
            return Vocabulary.model_validate(load_yaml(text))
    raise FileNotFoundError("ingest/layouts/vocabulary.yaml")


@cache
def profiles() -> tuple[Profile, ...]:
    """All layout profiles, validated; ids must be unique."""
    found: list[Profile] = []
    for name, text in _layout_files():
        if name == "vocabulary.yaml":
            continue
        try:
            profile = Profile.model_validate(load_yaml(text))
        except Exception as exc:  # re-raised with the file name for the profile author
            raise ValueError(f"layout profile {name}: {exc}") from exc
        if profile.id != name.removesuffix(".yaml"):
            raise ValueError(f"layout profile {name}: id {profile.id!r} differs from file name")
        found.append(profile)
    ids = [p.id for p in found]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate layout ids: {ids}")
    return tuple(found)


def profile(profile_id: str) -> Profile:
    for p in profiles():
        if p.id == profile_id:
            return p
    raise KeyError(profile_id)
