"""The legal sources and claim catalogue the drafts cite (``legal.yaml``) and the Chinese labels
of contract codes (``labels.yaml``).

Contract: :func:`legal` returns the parsed, validated :class:`Legal` catalogue (sources the
audit also cites are read from ``audit/citations.yaml``, see ``legal.yaml``); every
``basis``/``excluded_basis`` key of a claim names an entry of ``sources`` (checked on load, so
a typo in the data file fails the test suite, not a paralegal's draft). :func:`labels` returns
the label tables. Both are cached; the files are package data.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, field_validator, model_validator


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    citation: str
    status: Literal["confirmed", "secondary", "unconfirmed"]
    gist: str


def _join_cjk(text: str) -> str:
    """YAML folded scalars join lines with a space; Chinese text wants none."""
    return _FOLD.sub("", text)


_CJK = r"[\u3000-\u9fff\uff00-\uffef]"
_FOLD = re.compile(rf"(?<={_CJK}) (?=\S)|(?<=\S) (?={_CJK})")


class Claim(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    request: str | None = None  # wording in an arbitration application's 仲裁请求
    amount_label: str | None = None  # what the 【待补充】 marker asks for when no amount is given
    forum: Literal["complaint", "arbitration", "none"]
    basis: list[str]
    excluded_reason: str
    excluded_basis: list[str] = []

    @field_validator("excluded_reason")
    @classmethod
    def _fold(cls, value: str) -> str:
        return _join_cjk(value)


class Legal(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: dict[str, Source]
    claims: dict[str, Claim]

    @model_validator(mode="after")
    def _known_sources(self) -> Legal:
        for key, claim in self.claims.items():
            for ref in [*claim.basis, *claim.excluded_basis]:
                if ref not in self.sources:
                    raise ValueError(f"claim {key!r} cites unknown source {ref!r}")
        return self

    def citations(self, keys: list[str]) -> list[str]:
        return [self.sources[key].citation for key in keys]

    def to_check(self, keys: list[str]) -> list[str]:
        """Citations among ``keys`` not confirmed against the official text (policy.md tags)."""
        return [self.sources[key].citation for key in keys
                if self.sources[key].status != "confirmed"]


class Labels(BaseModel):
    """``labels.yaml``: the one vocabulary of finding titles and severities (documents and
    terminal alike); use :meth:`title`, :meth:`severity`, :meth:`purpose`."""

    model_config = ConfigDict(extra="forbid")
    rules: dict[str, str]
    severities: dict[str, str]
    insurances: dict[str, str]
    document_kinds: dict[str, str]
    document_sources: dict[str, str]
    purposes: dict[str, str]

    @staticmethod
    def key(finding: Any) -> str:
        """The vocabulary key of a finding: its rule; ``claim_place`` for the
        ``provisional_account_risk`` finding that only names the claim place (no risk);
        ``between_jobs`` for the ``missing_months`` information on months between employers
        (nobody owed them); ``below_floor`` for ``underreported_base`` resting on the month's
        floor alone (no pay slip: nothing says the wage was under-declared); so that two
        findings of one audit never share a title."""
        extra = getattr(finding, "model_extra", None) or {}
        if finding.rule == "provisional_account_risk" and "claim_place" in extra \
                and "established" not in extra:
            return "claim_place"
        if finding.rule == "missing_months" and finding.severity == "info":
            return "between_jobs"
        if finding.rule == "underreported_base" and extra.get("base_from") == "floor":
            return "below_floor"
        return finding.rule

    def title(self, finding: Any) -> str:
        return self.rules.get(self.key(finding), finding.rule)

    def severity(self, code: str) -> str:
        return self.severities.get(code, code)

    def purpose(self, finding: Any) -> str:
        """What an original proves for ``finding`` (a template with ``{months}``)."""
        key = self.key(finding)
        return self.purposes.get(key, self.rules.get(key, finding.rule))


def _load(name: str) -> dict:
    return yaml.safe_load(resources.files("shebao.reports").joinpath(name).read_text("utf-8"))


_AUDIT_STATUS = {"official": "confirmed", "secondary": "secondary"}


def _from_audit(key: str) -> dict:
    """A source of audit/citations.yaml, cited the way a filing cites it: 《title》（文号）第X条."""
    from shebao.audit.citations import CITATIONS_FILE

    entries = yaml.safe_load(CITATIONS_FILE.read_text(encoding="utf-8")) or {}
    if key not in entries:
        raise ValueError(f"legal.yaml refers to unknown audit citation {key!r}")
    item = entries[key]
    from shebao.audit.results import cite

    citation = cite(f"《{item['title']}》", item.get("document_number"), item.get("article"))
    return {"citation": citation, "status": _AUDIT_STATUS.get(item.get("status"), "unconfirmed"),
            "gist": item.get("note") or ""}


@cache
def _audit_titles() -> tuple[str, ...]:
    from shebao.audit.citations import CITATIONS_FILE

    entries = yaml.safe_load(CITATIONS_FILE.read_text(encoding="utf-8")) or {}
    return tuple(sorted({e["title"] for e in entries.values() if e.get("title")}, key=len,
                        reverse=True))


def as_filed(citation: str) -> str:
    """An audit finding's citation in the style of a filing: the law's title in 《》
    (``中华人民共和国社会保险法第六十条`` -> ``《中华人民共和国社会保险法》第六十条``)."""
    if citation.startswith("《"):
        return citation
    for title in _audit_titles():
        if citation.startswith(title):
            return f"《{_inner(title)}》{citation[len(title):]}"
    numbered = _NUMBERED.match(citation)  # a title followed by its document number
    if numbered:
        return f"《{_inner(numbered.group(1))}》{citation[numbered.end(1):]}"
    article = _ARTICLE.match(citation)  # a regulation's title followed by 第…条
    if article:
        return f"《{_inner(article.group(1))}》{citation[article.end(1):]}"
    return citation


def _inner(title: str) -> str:
    """A title quoted inside another takes the single marks: 关于实施《劳动保障监察条例》若干规定
    -> 关于实施〈劳动保障监察条例〉若干规定 (so the outer 《》 can wrap it)."""
    return title.replace("《", "〈").replace("》", "〉")


_ARTICLE = re.compile(r"^([^《（]{4,}?(?:法|条例|办法|决定|规定|解释|意见))"
                      r"(?=第[一二三四五六七八九十百零〇]+条)")
_NUMBERED = re.compile(r"^([^《（]{4,}?)（[^）]*(?:〔\d{4}〕|令第)[^）]*）")


@cache
def legal() -> Legal:
    data = _load("legal.yaml")
    data["sources"] = {key: _from_audit(src["audit"]) if "audit" in src else src
                       for key, src in data["sources"].items()}
    return Legal.model_validate(data)


@cache
def labels() -> Labels:
    return Labels.model_validate(_load("labels.yaml"))
