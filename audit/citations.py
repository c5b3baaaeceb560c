"""Legal sources the audit rules cite (``citations.yaml``), as :class:`Source` objects.

Contract: ``cite("sil_86")`` returns the :class:`~shebao.audit.results.Source` of that key;
``basis("sil_60", "sil_86")`` the ``shebao.records.Basis`` list of a finding. An unknown key is
a programming error (KeyError), caught by the tests that run every rule. A citation whose
status is ``secondary`` carries a note saying so, so a reader knows to verify it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from shebao.audit.results import Source

from shebao.records import Basis

CITATIONS_FILE = Path(__file__).with_name("citations.yaml")
KEYS = ("title", "document_number", "article", "href", "note")


@cache
def citations() -> dict[str, Source]:
    raw = yaml.safe_load(CITATIONS_FILE.read_text(encoding="utf-8")) or {}
    out: dict[str, Source] = {}
    for key, item in raw.items():
        fields = {k: item.get(k) for k in KEYS}
        if item.get("status") == "secondary":
            fields["note"] = f"{fields['note'] or ''}（二手来源，引用前请核对原文）"
        out[key] = Source(**fields)
    return out


def cite(key: str) -> Source:
    return citations()[key]


def basis(*items: str | Source) -> list[Basis]:
    """Findings' ``basis`` from citation keys and parameter sources, without repeats."""
    out: list[Basis] = []
    for item in items:
        source = cite(item) if isinstance(item, str) else item
        b = source.to_basis()
        if b not in out:
            out.append(b)
    return out
