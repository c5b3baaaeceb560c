"""Writing outputs so that nothing half-written is ever left behind.

Contract: ``with Outputs() as out: out.write(path, data); ...`` writes each file to a temporary
file in the target folder and renames them all into place only when the block ends without an
error; on any error every temporary file is removed and no target is touched. An output path
whose folder is missing or not writable raises :class:`~shebao.errors.InputError` naming it.
Outputs may never overwrite an original (``protect`` lists paths that must not be targets).
``check_outside(path, case_dir)`` and ``check_writable(path)`` fail early, before any work:
outputs go outside the case folder, into a folder that exists and can be written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import TracebackType

from shebao.errors import InputError


def check_outside(path: Path, case_dir: Path) -> None:
    """Outputs go elsewhere: a file written into the case folder would be taken for an
    original the next time the case is read."""
    if path.resolve().is_relative_to(case_dir.resolve()):
        raise InputError("请把输出文件保存在案件文件夹之外（案件文件夹里只放原件和 case.yaml）",
                         "write outputs outside the case folder", path,
                         code="output_in_case")


def _temp_file(path: Path, suffix: str) -> tuple[int, str]:
    """A temporary file beside ``path`` (the checks of the contract, one line naming it)."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise InputError("输出文件夹不存在", "output folder does not exist", folder,
                         code="output_unwritable")
    if path.is_dir():
        raise InputError("输出路径是一个文件夹，请给出文件名", "output path is a folder", path,
                         code="output_unwritable")
    try:
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=folder)
    except OSError as exc:
        raise InputError("输出路径无法写入", f"cannot write output: {exc.strerror}", path,
                         code="output_unwritable") from exc


def check_writable(path: Path) -> None:
    """Fail early, before any work, if ``path`` cannot be written (same checks as
    :meth:`Outputs.write`, plus a probe file that is removed at once)."""
    fd, probe = _temp_file(path, ".probe")
    os.close(fd)
    os.unlink(probe)


class Outputs:
    def __init__(self, protect: list[Path] | None = None) -> None:
        self._pending: list[tuple[Path, Path]] = []
        self._protect = {p.resolve() for p in protect or []}

    def __enter__(self) -> Outputs:
        return self

    def write(self, path: Path, data: bytes | str) -> Path:
        target = path.resolve()
        if target in self._protect:
            raise InputError("输出文件不能覆盖原件", "refusing to overwrite an original", path,
                             code="output_is_original")
        fd, tmp = _temp_file(target, ".part")
        tmp_path = Path(tmp)
        self._pending.append((tmp_path, target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        return target

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            for tmp, target in self._pending:
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
        else:
            for tmp, _ in self._pending:
                tmp.unlink(missing_ok=True)
        self._pending.clear()
