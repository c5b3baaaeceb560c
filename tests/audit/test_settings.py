"""The audit's tolerances are defined once, in ``shebao.audit.settings``: no rule or module of
the audit defines its own (a meta-test over the source)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from shebao.audit import settings

AUDIT = Path(settings.__file__).resolve().parent
MODULES = [p for p in sorted(AUDIT.rglob("*.py")) if p.name != "settings.py"]
OWN = re.compile(r"^(\w*(?:TOLERANCE|MARGIN|SLACK|THRESHOLD|REACH)\w*)\s*=", re.MULTILINE)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(AUDIT)))
def test_no_module_defines_its_own_tolerance(path: Path) -> None:
    assert not OWN.findall(path.read_text(encoding="utf-8")), path


def test_every_setting_is_used_somewhere() -> None:
    names = [n for n in vars(settings) if n.isupper()]
    code = "\n".join(p.read_text(encoding="utf-8") for p in MODULES)
    unused = [n for n in names if not re.search(rf"\b{n}\b", code)]
    assert names and not unused, unused
