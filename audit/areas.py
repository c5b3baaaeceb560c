"""行政区划代码 registry (``parameters/areas.yaml``): names, aliases, and the
city -> province -> national fallback chain used by area-indexed parameters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from shebao.audit.results import ParameterError

from shebao.errors import InputError

NATIONAL = "000000"
AREAS_FILE = "areas.yaml"


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    parent: str | None
    aliases: tuple[str, ...] = ()


class Areas:
    """行政区划代码 registry with names, aliases and the city -> province -> national chain."""

    def __init__(self, areas: dict[str, Area]):
        self.by_code = areas
        self._by_name: dict[str, str] = {}
        for area in areas.values():
            for name in (area.name, *area.aliases):
                self._by_name[name] = area.code

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
        """Area code for a code or a name (``440300``, ``深圳``, ``深圳市``); InputError if
        unknown. ``None`` means national."""
        if text is None or str(text).strip() == "":
            return NATIONAL
        key = str(text).strip()
        if key in self.by_code:
            return key
        if len(key) == 6 and key.isdigit():
            # A county or district code not in the registry falls back to its city, then
            # its province (行政区划代码: 2 digits province, 2 city, 2 county).
            for candidate in (key[:4] + "00", key[:2] + "0000"):
                if candidate in self.by_code:
                    return candidate
        for candidate in (key, key.rstrip("省市"), key + "省", key + "市"):
            if candidate in self._by_name:
                return self._by_name[candidate]
        known = "、".join(a.name for a in self.by_code.values() if a.code != NATIONAL)
        raise InputError(
            f"未知地区“{key}”，可用：{known}",
            f"unknown area {key!r}; known areas are listed in audit/parameters/{AREAS_FILE}",
            code="unknown_area",
        )

    def find_in(self, text: str | None) -> str | None:
        """The most specific registered area named inside free text such as
        ``广东省东莞市社会保险基金管理中心`` (-> ``441900``); None if no name occurs."""
        if not text:
            return None
        best: tuple[int, int, str] | None = None
        for name, code in self._by_name.items():
            if len(name) >= 2 and name in text:
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
