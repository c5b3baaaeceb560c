"""One-off conversion (session 9): mark values whose change month is not verified.

Every dated value entry under ``audit/parameters`` whose ``note`` says ``生效月份未核实``
gains ``effective_from_verified: false`` (the note text is kept). Edits the YAML text in place
so comments and layout stay as they are: a one-line flow entry gets the key after its
``status``; a block entry gets a line after its ``note``. Idempotent. Prints the count.

Run: ``.venv/bin/python scripts/mark_unverified_change_months.py``
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "audit" / "parameters"
MARK = "生效月份未核实"
KEY = "effective_from_verified"
FLOW = re.compile(r"^(\s+\d{4}-\d{2}-\d{2}: \{value: [^,]+, status: \w+)(, )")
BLOCK_NOTE = re.compile(r"^(\s+)note: ")


def convert(text: str) -> tuple[str, int]:
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    count = 0
    for i, line in enumerate(lines):
        out.append(line)
        if MARK not in line or KEY in line:
            continue
        flow = FLOW.match(line)
        if flow and "note:" in line and line.index("note:") < line.index(MARK):
            out[-1] = FLOW.sub(rf"\1, {KEY}: false\2", line, count=1)
            count += 1
            continue
        block = BLOCK_NOTE.match(line)
        if block and any(KEY in nxt for nxt in lines[i + 1:i + 4]):
            continue  # already converted
        if block:
            out.append(f"{block.group(1)}{KEY}: false\n")
            count += 1
            continue
        if "note:" in line and not line.lstrip().startswith("#"):
            sys.exit(f"unhandled entry layout: {line[:120]!r}")
    return "".join(out), count


def main() -> None:
    total = 0
    for path in sorted(ROOT.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        new, count = convert(text)
        if count:
            path.write_text(new, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {count}")
            total += count
    print(f"total: {total}")


if __name__ == "__main__":
    main()
