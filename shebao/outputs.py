"""Where a command writes a file the user named: one rule for every command.

Used by ``extract -o``/``--debug-image``, ``audit --html``, ``draft -o``, ``bundle -o``,
``batch -o`` and the ``samples`` commands' ``-o`` folders. Contract:

* :func:`output_target` reads the output path *as typed*: it names a folder when it is an
  existing folder or the text ends in ``/`` or ``\\`` (a :class:`~pathlib.Path` drops the
  slash, so commands take the option as text). A folder typed where a file of that name exists
  is refused (``output_not_a_folder``). :meth:`Target.file` is where a file of a given default
  name goes: ``DIR/<name>`` into a folder, the typed path otherwise.
* :func:`refuse_overwriting`: an output that is one of the input files (the same file, also
  through another path or a link) is refused (``output_is_input``): originals are never
  modified.
* :func:`make_folder` creates a folder output; :func:`unwritable` turns an :class:`OSError`
  met while writing into one line naming the path and the reason (``output_unwritable``).
* :func:`unique_names` gives inputs output stems that stay distinct when two inputs share a
  file name.

Every refusal is a :class:`~shebao.errors.UsageError`: the CLI prints one Chinese line naming
the path and exits 2.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from shebao.errors import UsageError

FOLDER_ENDINGS = ("/", "\\")  # an output path typed with one of these means a folder
WRITE_ERRORS_ZH = {
    errno.ENOTDIR: "路径中有一段是文件，不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "磁盘是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENOENT: "路径不存在，也无法创建",
}


@dataclass(frozen=True)
class Target:
    """An output as typed: ``path``, and whether it names a folder to write into."""

    path: Path
    folder: bool

    def file(self, name: str) -> Path:
        """Where a file whose default name is ``name`` goes."""
        return self.path / name if self.folder else self.path


def is_folder_text(typed: str | os.PathLike[str]) -> bool:
    """Whether the typed text names a folder: an existing one, or ending in ``/`` or ``\\``."""
    return Path(typed).is_dir() or str(typed).endswith(FOLDER_ENDINGS)


def output_target(typed: str | os.PathLike[str], *, folder: bool = False) -> Target:
    """The output ``typed`` on the command line (``folder=True``: the command writes only
    into a folder). A folder where a file of that name exists is refused."""
    path = Path(typed)
    folder = folder or is_folder_text(typed)
    if folder and path.exists() and not path.is_dir():
        raise UsageError(
            "输出写的是文件夹，但已有同名的文件；请换一个名字或先移走这个文件",
            "the output names a folder but a file of that name exists; choose another name or "
            "move the file",
            path,
            code="output_not_a_folder",
        )
    return Target(path, folder)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_overwriting(target: Path, inputs: Iterable[Path | str | None]) -> None:
    """Originals are never modified: an output that is one of the inputs is refused."""
    if not target.exists():
        return
    if any(p is not None and _same_file(target, Path(p)) for p in inputs):
        raise UsageError(
            "输出文件与输入的原件相同，为保护原件不会写入，请换一个输出文件名",
            "the output is one of the input files; originals are never overwritten, choose "
            "another output name",
            target,
            code="output_is_input",
        )


def unwritable(exc: OSError, fallback: Path | str | None = None) -> UsageError:
    """An error met while writing, as one line naming the path and the reason."""
    reason = WRITE_ERRORS_ZH.get(exc.errno or 0, exc.strerror or str(exc))
    return UsageError(
        f"无法写入输出：{reason}",
        f"cannot write the output ({exc.strerror or exc})",
        exc.filename or fallback,
        code="output_unwritable",
    )


def make_folder(folder: Path) -> None:
    """Create a folder output (and its parents); a failure is one line naming it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise unwritable(exc, folder) from exc


def unique_names(paths: Iterable[Path]) -> list[str]:
    """Output stems, unique even when two inputs share a file name (``a``, ``a-2``, …)."""
    seen: dict[str, int] = {}
    names = []
    for p in paths:
        stem = p.stem
        seen[stem] = seen.get(stem, 0) + 1
        names.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return names
