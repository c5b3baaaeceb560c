"""The desk's own files in its data folder, read so that a damaged one is named, never guessed.

Contract
--------
:class:`DamagedFile` (a :class:`~shebao.errors.InputError`, code ``desk_file_damaged``): a file
the desk keeps (``accounts.json``, ``access.json``, ``session.key``, ``actions.jsonl``,
``desk.sqlite``) that cannot be read or does not hold what the desk wrote there. Its Chinese
message names the file, the problem (no permission, not JSON at line/column, the wrong JSON
type, a field missing or of the wrong kind) and what to do; ``shebao serve`` prints it as one
line and exits non-zero; a request that meets it while the desk runs gets a page saying so
(503, :func:`.app.create_app`), and the server log and the action log record it.

* :func:`read_bytes(path, advice)` -> the bytes, or :class:`DamagedFile` (no permission, a
  folder, any ``OSError``). A missing file is the caller's business (check ``exists`` first).
* :func:`read_json(path, advice)` -> the parsed JSON; :class:`DamagedFile` for bytes that are
  not UTF-8 JSON (a hand-edited or truncated file: the line and column are named).
* :func:`damaged(path, problem_zh, problem_en)` -> the error, for the checks of what the JSON holds.

Nothing here ever writes: a file that could not be read is left exactly as it is (the callers
refuse to save over it: :mod:`.accounts`, :mod:`.access`).
"""

from __future__ import annotations

import json
from pathlib import Path

from shebao.errors import InputError

ADVICE = "请在运行接待台的电脑上修好这个文件，或从备份恢复（不要删除，里面的数据不会自动重建）"
JSON_TYPES = {dict: "对象 {…}", list: "列表 […]", str: "文字", int: "数字", float: "数字",
              bool: "true/false", type(None): "null"}


class DamagedFile(InputError):
    """One of the desk's own data files cannot be read or holds something it did not write."""

    code = "desk_file_damaged"


def damaged(path: Path, problem_zh: str, problem_en: str, advice: str = ADVICE) -> DamagedFile:
    """The refusal for ``path``: ``接待台的数据文件 <name> 损坏：<problem>。<advice>``."""
    return DamagedFile(f"接待台的数据文件 {Path(path).name} 损坏：{problem_zh}。{advice}。",
                       f"desk data file {Path(path).name} is damaged: {problem_en}", path)


def type_zh(value: object) -> str:
    return JSON_TYPES.get(type(value), type(value).__name__)


def read_bytes(path: Path, advice: str = ADVICE) -> bytes:
    """The file's bytes; an unreadable one (permissions, a folder, an I/O error) raises
    :class:`DamagedFile` naming it."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except PermissionError as exc:
        raise damaged(path, "没有读取权限（文件应属于运行接待台的用户，权限 0600）",
                      "permission denied", advice) from exc
    except IsADirectoryError as exc:
        raise damaged(path, "这是一个文件夹，不是文件", "is a directory", advice) from exc
    except OSError as exc:
        raise damaged(path, f"无法读取（{exc.strerror or type(exc).__name__}）",
                      f"cannot be read: {exc}", advice) from exc


def read_json(path: Path, advice: str = ADVICE) -> object:
    """The file's JSON; bytes that are not UTF-8 JSON raise :class:`DamagedFile` naming the
    line and column where reading stopped (an empty file is named as empty)."""
    data = read_bytes(path, advice)
    if not data.strip():
        raise damaged(path, "文件是空的", "the file is empty", advice)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise damaged(path, f"不是 UTF-8 文字（第 {exc.start + 1} 个字节）",
                      f"not UTF-8 at byte {exc.start + 1}", advice) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip()) or (  # cut inside a string
            exc.msg.startswith("Unterminated string") and "\n" not in text[exc.pos:])
        where = f"第 {exc.lineno} 行第 {exc.colno} 列"
        problem = (f"内容不完整，在{where}中断（可能被截断）" if truncated
                   else f"不是有效的 JSON，{where}有错")
        raise damaged(path, problem, f"not valid JSON: {exc.msg} at line {exc.lineno} column "
                      f"{exc.colno}", advice) from exc
