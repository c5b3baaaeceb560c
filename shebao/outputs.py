"""Where and how a command writes its outputs: one rule for every command, in one place.

Used by ``extract -o``/``--debug-image``, ``audit --html``, ``draft -o``, ``bundle -o``,
``batch -o`` and the ``samples`` commands' ``-o`` folders. Contract:

* :func:`output_target` reads the output path *as typed*: it names a folder when it is an
  existing folder or the text ends in ``/`` or ``\\`` (a :class:`~pathlib.Path` drops the
  slash, so commands take the option as text). Nothing else makes a folder: several inputs
  with ``-o 结果`` write one file ``结果``. A folder typed where a file of that name exists is
  refused (``output_not_a_folder``). :meth:`Target.file` is where a file of a given default
  name goes: ``DIR/<name>`` into a folder, the typed path otherwise.
* :func:`check_target` runs before anything is written to a path and refuses, in one line
  naming it: a symbolic link (``output_is_link``: outputs are never written *through* a link,
  whose target may lie anywhere); a folder (``output_is_folder``); one of the input files,
  also through another path or a hard link (``output_is_input``: originals are never
  modified); an existing file the user did not name as the output -- a name the command
  derived, such as ``DIR/<input>.json`` or a debug image -- unless ``--force`` was given
  (``output_exists``). A file the user named (``-o out.json``) is replaced.
  :func:`refuse_overwriting` is the same check for a named output.
* :func:`write_atomic` writes bytes to a temporary file in the target's folder (owner-only;
  ``.part`` files a killed run left beside the target are removed first) and renames it
  into place, so a reader never sees half a file and a link that appears at the path is
  replaced, not followed. :class:`Outputs` does it for several files at once: all are renamed
  into place when its block ends without an error, none otherwise (drafts, bundles).
* :func:`check_outside` (an output inside a case folder would be taken for an original) and
  :func:`check_writable` (the folder exists and can be written: a probe file) fail before any
  work; :func:`make_folder` creates a folder output; :func:`unwritable` turns an
  :class:`OSError` met while writing into one line naming the path and the reason
  (``output_unwritable``).
* :func:`safe_name` makes a file name derived from data (a worker's name, an input's stem)
  safe and bounded: no folder separators, control characters, undecodable bytes or characters
  Windows forbids; at most :data:`NAME_BYTES` bytes of UTF-8, and a short hash of the original
  text appended whenever it had to be changed, so two different names never collide.
  :func:`unique_names` gives inputs safe output stems that stay distinct when two inputs
  share a file name.

Every refusal is a :class:`~shebao.errors.UsageError` (or :class:`~shebao.errors.InputError`
for a folder that cannot be written): the CLI prints one Chinese line naming the path and
exits 2.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path
from types import TracebackType

from shebao.errors import InputError, UsageError

FOLDER_ENDINGS = ("/", "\\")  # an output path typed with one of these means a folder
NAME_BYTES = 120  # a derived file name's stem, in UTF-8 bytes (file systems allow 255)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\ud800-\udfff]+')
WRITE_ERRORS_ZH = {
    errno.ENOTDIR: "路径中有一段是文件，不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "磁盘是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENOENT: "路径不存在，也无法创建",
    errno.ENAMETOOLONG: "文件名太长",
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


def check_target(target: Path, inputs: Iterable[Path | str | None] = (), *, named: bool = True,
                 force: bool = False) -> None:
    """Refuse to write ``target`` when it is a link, a folder, an input, or (``named=False``:
    a name the command derived) an existing file without ``force`` -- module contract."""
    target = Path(target)
    if target.is_symlink():
        raise UsageError(
            "输出路径是一个符号链接，不会通过链接写入（链接指向的文件可能在别处）；请换一个输出文件名",
            "the output path is a symbolic link; outputs are never written through a link, "
            "choose another name",
            target,
            code="output_is_link",
        )
    if not target.exists():
        return
    if target.is_dir():
        raise UsageError("输出路径是一个文件夹，请给出文件名", "the output path is a folder",
                         target, code="output_is_folder")
    if any(p is not None and _same_file(target, Path(p)) for p in inputs):
        raise UsageError(
            "输出文件与输入的原件相同，为保护原件不会写入，请换一个输出文件名",
            "the output is one of the input files; originals are never overwritten, choose "
            "another output name",
            target,
            code="output_is_input",
        )
    if not named and not force:
        raise UsageError(
            "已有同名文件，不会覆盖；确需替换请加 --force，或换一个输出位置",
            "a file of this name exists; add --force to replace it, or choose another output",
            target,
            code="output_exists",
        )


def refuse_overwriting(target: Path, inputs: Iterable[Path | str | None]) -> None:
    """Originals are never modified: a named output that is one of the inputs (or a link,
    or a folder) is refused (:func:`check_target` with ``named=True``)."""
    check_target(target, inputs, named=True)


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


def write_atomic(target: Path, data: bytes | str | Iterable[str]) -> Path:
    """Write ``data`` to ``target`` through a temporary file in its folder and a rename (a
    link at ``target`` is replaced, never followed). ``data`` may be text given in pieces
    (written as they come: a long text is never held whole). Returns ``target``."""
    target = Path(target)
    fd, tmp = _temp_file(target, ".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes | str):
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            else:
                for piece in data:
                    handle.write(piece.encode("utf-8"))
        _publish(Path(tmp), target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _publish(tmp: Path, target: Path) -> None:
    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, target)


def _remove_stale_parts(path: Path) -> None:
    """Temporary files a killed run left beside ``path`` (they may hold personal data)."""
    folder = Path(os.path.abspath(path)).parent
    for stale in folder.glob(f".{glob_escape(path.name[:60])}.*.part"):
        if stale.is_file() and not stale.is_symlink():
            stale.unlink(missing_ok=True)


def _temp_file(path: Path, suffix: str) -> tuple[int, str]:
    """A temporary file beside ``path`` (the checks of the contract, one line naming it);
    owner-only until it is renamed into place."""
    folder = Path(os.path.abspath(path)).parent
    if not folder.is_dir():
        raise InputError("输出文件夹不存在", "output folder does not exist", folder,
                         code="output_unwritable")
    if path.is_dir() and not path.is_symlink():
        raise InputError("输出路径是一个文件夹，请给出文件名", "output path is a folder", path,
                         code="output_unwritable")
    if suffix == ".part":
        _remove_stale_parts(path)
    try:
        return tempfile.mkstemp(prefix=f".{path.name[:60]}.", suffix=suffix, dir=folder)
    except OSError as exc:
        raise InputError("输出路径无法写入", f"cannot write output: {exc.strerror}", path,
                         code="output_unwritable") from exc


def check_writable(path: Path) -> None:
    """Fail early, before any work, if ``path`` cannot be written (same checks as
    :meth:`Outputs.write`, plus a probe file that is removed at once)."""
    fd, probe = _temp_file(path, ".probe")
    os.close(fd)
    os.unlink(probe)


def check_outside(path: Path, case_dir: Path) -> None:
    """Outputs go elsewhere: a file written into the case folder would be taken for an
    original the next time the case is read."""
    if path.resolve().is_relative_to(case_dir.resolve()):
        raise InputError("请把输出文件保存在案件文件夹之外（案件文件夹里只放原件和 case.yaml）",
                         "write outputs outside the case folder", path,
                         code="output_in_case")


class Outputs:
    """Several outputs written all or nothing: ``with Outputs(protect=originals) as out:
    out.write(path, data)`` -- each file goes to a temporary file beside its target and all
    are renamed into place when the block ends without an error; on an error (or Ctrl-C)
    every temporary file is removed and no target is touched. Each target is checked with
    :func:`check_target` against ``protect`` (the originals) when written."""

    def __init__(self, protect: Iterable[Path] | None = None, *, force: bool = False) -> None:
        self._pending: list[tuple[Path, Path]] = []
        self._protect = list(protect or [])
        self._force = force

    def __enter__(self) -> Outputs:
        return self

    def write(self, path: Path, data: bytes | str, *, named: bool = True) -> Path:
        target = Path(os.path.abspath(path))
        check_target(target, self._protect, named=named, force=self._force)
        fd, tmp = _temp_file(target, ".part")
        tmp_path = Path(tmp)
        self._pending.append((tmp_path, target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        return target

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if exc_type is None:
                for tmp, target in self._pending:
                    _publish(tmp, target)
        finally:
            for tmp, _ in self._pending:
                tmp.unlink(missing_ok=True)
            self._pending.clear()


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def safe_name(text: str, limit: int = NAME_BYTES, fallback: str = "文件") -> str:
    """``text`` as a safe, bounded file-name stem (module contract)."""
    clean = _UNSAFE.sub("_", text).strip(" ._") or fallback
    if clean == text and len(clean.encode("utf-8")) <= limit:
        return clean
    tag = f"-{_short_hash(text)}"
    room = limit - len(tag)
    while len(clean.encode("utf-8")) > room:
        clean = clean[:-1]
    return f"{clean.rstrip(' ._') or fallback}{tag}"


def unique_names(paths: Iterable[Path]) -> list[str]:
    """Safe output stems (:func:`safe_name`), unique even when two inputs share a file name
    (``a``, ``a-2``, …)."""
    seen: dict[str, int] = {}
    names = []
    for p in paths:
        stem = safe_name(Path(p).stem)
        seen[stem] = seen.get(stem, 0) + 1
        names.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return names


def check_suffix(target: Path, suffixes: tuple[str, ...], what: str, what_en: str) -> None:
    """A named output must end in one of ``suffixes`` (``.html``): ``--html OTHER.pdf`` would
    put a web page into a file every viewer takes for something else (``output_wrong_suffix``)."""
    if target.suffix.lower() not in suffixes:
        raise UsageError(
            f"{what}应保存为 {' 或 '.join(suffixes)} 文件；请改用这样结尾的文件名",
            f"the {what_en} must be saved as a {' or '.join(suffixes)} file",
            target,
            code="output_wrong_suffix",
        )


def force_option(function):
    """The ``--force`` option every writing command shares (see :func:`check_target`)."""
    import click

    return click.option("--force", is_flag=True)(function)  # help: shebao/help.yaml
