"""行政区划代码 registry (``parameters/areas.yaml``): names, aliases, and the
city -> province -> national fallback chain used by area-indexed parameters.

Names are accepted as people type them (:meth:`Areas.resolve`): the registered name or an
alias, with or without 省/市/自治区 (and the ethnic part of an autonomous region's name:
广西、新疆); pinyin in any case and spacing (``beijing``, ``Bei Jing``, ``guangdong
province``); a 行政区划代码 (six digits; a county code falls back to its city, then its
province) or a province's two-digit prefix (``44``). A name exactly as registered wins over
a shortened one (吉林市 is the city, 吉林 the province). A name that areas of two provinces
share (pinyin ``shanxi`` = 山西 and 陕西; ``taizhou`` = 泰州 and 台州) is ambiguous: the error
lists them.
An unknown name gets the closest registered names. Errors are :class:`InputError`
(``code="unknown_area"`` or ``"ambiguous_area"``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from shebao.audit.results import ParameterError

from shebao.errors import InputError

NATIONAL = "000000"
AREAS_FILE = "areas.yaml"

# Suffixes people add or leave out, longest first (the ethnic part of a region's name too).
_CHINESE_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "省",
    "市",
    "地区",
)
_LATIN_SUFFIXES = (
    "autonomousregion",
    "municipality",
    "province",
    "zizhiqu",
    "sheng",
    "city",
    "shi",
)


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    parent: str | None
    aliases: tuple[str, ...] = ()


def _strip_chinese(name: str) -> str:
    for suffix in _CHINESE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _latin_key(text: str) -> str:
    """``Bei Jing Shi`` -> ``beijing``; ``xi'an`` -> ``xian``."""
    key = re.sub(r"[\s'’\-_.·]", "", text.lower())
    for suffix in _LATIN_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            return key[: -len(suffix)]
    return key


def _keys(name: str) -> set[str]:
    """Every form of one name that a person might type."""
    if name.isascii():
        return {_latin_key(name)}
    keys = {name, _strip_chinese(name)}
    return {k for k in keys if k}


class Areas:
    """行政区划代码 registry with names, aliases and the city -> province -> national chain."""

    def __init__(self, areas: dict[str, Area]):
        self.by_code = areas
        self._by_name: dict[str, str] = {}  # exact names and aliases, for find_in
        self._exact: dict[str, set[str]] = {}  # names and aliases as written -> codes
        self._by_key: dict[str, set[str]] = {}  # every typed form -> codes
        for area in areas.values():
            for name in (area.name, *area.aliases):
                self._by_name.setdefault(name, area.code)
                exact = _latin_key(name) if name.isascii() else name
                self._exact.setdefault(exact, set()).add(area.code)
                for key in _keys(name):
                    self._by_key.setdefault(key, set()).add(area.code)

    @classmethod
    def load(cls, path: Path) -> Areas:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        areas: dict[str, Area] = {}
        for code, item in (raw.get("areas") or {}).items():
            code = str(code)
            if not isinstance(item, dict) or "name" not in item:
                raise ParameterError(f"{path}: area {code} needs a name")
            areas[code] = Area(
                code=code,
                name=str(item["name"]),
                parent=str(item["parent"]) if item.get("parent") is not None else None,
                aliases=tuple(str(a) for a in item.get("aliases") or ()),
            )
        for area in areas.values():
            if area.parent is not None and area.parent not in areas:
                raise ParameterError(f"{path}: area {area.code} has unknown parent {area.parent}")
        return cls(areas)

    def resolve(self, text: str | None) -> str:
        """Area code for a code or a name as people type it (module docstring); InputError
        if unknown or ambiguous. ``None`` or blank means national."""
        if text is None or str(text).strip() == "":
            return NATIONAL
        key = str(text).strip()
        if key in self.by_code:
            return key
        if key.isdigit():
            code = self._code(key)
            if code is not None:
                return code
        else:
            exact = self._exact.get(_latin_key(key) if key.isascii() else key)
            codes = self._narrow(sorted(exact) if exact else self.matches(key))
            if len(codes) == 1:
                return codes[0]
            if len(codes) > 1:
                listed = "、".join(self.describe(c) for c in codes)
                raise InputError(
                    f"地区“{key}”有歧义：{listed}，请写中文名或行政区划代码",
                    f"area {key!r} is ambiguous: {', '.join(codes)}",
                    code="ambiguous_area",
                )
        close = self.close_matches(key)
        hint = f"；相近的有：{'、'.join(close)}" if close else "；可写中文名、拼音或行政区划代码"
        raise InputError(
            f"未知地区“{key}”{hint}",
            f"unknown area {key!r}"
            + (f"; close matches: {', '.join(close)}" if close else "")
            + f" (areas are listed in audit/parameters/{AREAS_FILE})",
            code="unknown_area",
        )

    def _narrow(self, codes: list[str]) -> list[str]:
        """Several areas of one province under one name (吉林: the province and its city 吉林市
        when written without 市) mean the broadest of them; across provinces the name stays
        ambiguous (苏州/宿州 ``suzhou``, 山西/陕西 ``shanxi``)."""
        if len(codes) > 1 and len({self.province_of(c) for c in codes}) == 1:
            return [min(codes, key=lambda c: len(self.chain(c)))]
        return codes

    def _code(self, digits: str) -> str | None:
        """A 行政区划代码 (6 digits; a county falls back to its city, then its province) or
        a province's 2-digit prefix."""
        if len(digits) == 2:
            digits += "0000"
        if len(digits) == 4:
            digits += "00"
        if len(digits) != 6:
            return None
        for candidate in (digits, digits[:4] + "00", digits[:2] + "0000"):
            if candidate in self.by_code and candidate != NATIONAL:
                return candidate
        return None

    def matches(self, text: str) -> list[str]:
        """Codes whose name or alias is ``text`` in any typed form (sorted)."""
        found: set[str] = set()
        for key in _keys(text) if not text.isascii() else {_latin_key(text)}:
            found |= self._by_key.get(key, set())
        return sorted(found)

    def describe(self, code: str) -> str:
        """``陕西省（610000）``, or ``泰州市（江苏省，321200）`` for a city."""
        area = self.by_code[code]
        province = self.province_of(code)
        where = f"{self.name(province)}，" if province != code and province != NATIONAL else ""
        return f"{area.name}（{where}{code}）"

    def close_matches(self, text: str, n: int = 5) -> list[str]:
        """Registered areas whose names are closest to ``text`` (as :meth:`describe`)."""
        key = _latin_key(text) if text.isascii() else _strip_chinese(text.strip())
        candidates = [k for k in self._by_key if k.isascii() == key.isascii()]
        hits = difflib.get_close_matches(key, candidates, n=n, cutoff=0.6)
        if not key.isascii():
            # Chinese names are short: a shared character is already a useful hint.
            hits += [k for k in candidates if k not in hits and set(k) & set(key)][: n - len(hits)]
        out: list[str] = []
        for hit in hits:
            for code in sorted(self._by_key[hit]):
                label = self.describe(code)
                if code != NATIONAL and label not in out:
                    out.append(label)
        return out[:n]

    def find_in(self, text: str | None) -> str | None:
        """The most specific registered area named inside free text such as
        ``广东省东莞市社会保险基金管理中心`` (-> ``441900``); None if no name occurs. Only
        Chinese names count here (a pinyin alias inside other text is not a place)."""
        if not text:
            return None
        best: tuple[int, int, str] | None = None
        for name, code in self._by_name.items():
            if len(name) >= 2 and not name.isascii() and name in text:
                depth = len(self.chain(code))
                key = (depth, len(name), code)
                if best is None or key > best:
                    best = key
        return best[2] if best else None

    def chain(self, code: str) -> list[str]:
        """``440300`` -> ``["440300", "440000", "000000"]``."""
        out: list[str] = []
        current: str | None = code
        while current is not None:
            out.append(current)
            current = self.by_code[current].parent if current in self.by_code else None
        if out[-1] != NATIONAL:
            out.append(NATIONAL)
        return out

    def name(self, code: str) -> str:
        return self.by_code[code].name if code in self.by_code else code

    def province_of(self, code: str) -> str:
        """The province-level code of an area (itself if it is a province)."""
        chain = self.chain(code)
        return chain[-2] if len(chain) >= 2 else code
