"""The bundle manifest (schema ``shebao.bundle/1``) and ``verify``: re-hashing originals.

Contract
--------
A bundle carries its :class:`Manifest` twice: embedded in the PDF as the attachment
``manifest.json`` (so the PDF alone can be verified) and beside it as
``<bundle stem>.manifest.json``, which also records the SHA-256 of the bundle PDF itself.

``verify(bundle_pdf, files, partial=False) -> Verification`` hashes each given file (folders
are searched recursively) and compares it with the manifest entry of the same name (or, for a
renamed copy, any entry with the same hash); a bundle ZIP stands for the originals in it, and
the bundle PDF and its side-car are skipped if a glob passes them too. ``ok`` is true only
when every given file matches and — unless ``partial`` — every original in the manifest was
given. Problems are listed one per file: ``mismatch`` (hash differs), ``missing`` (a path
given that does not exist, or an original of the manifest not given), ``unknown`` (a file
the manifest does not list), ``bundle_changed`` (the PDF differs from the side-car's hash).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from shebao.errors import InputError
from shebao.files import sha256_file

from .originals import is_evidence_file

SCHEMA_BUNDLE = "shebao.bundle/1"
ATTACHMENT = "manifest.json"
ZIP_ORIGINALS = "原件/"  # folder of the untouched originals in a bundle ZIP


class ManifestOriginal(BaseModel):
    model_config = ConfigDict(extra="allow")
    exhibit: int
    file: str
    sha256: str
    size: int
    kind: str
    title: str
    pages: int
    first_page: int
    last_page: int


class ManifestSection(BaseModel):
    model_config = ConfigDict(extra="allow")
    title: str
    first_page: int
    last_page: int


class Manifest(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    schema_: str = SCHEMA_BUNDLE
    created: str
    tool_version: str
    case: str
    bundle: str
    total_pages: int
    sections: list[ManifestSection]
    originals: list[ManifestOriginal]
    bundle_sha256: str | None = None  # only in the side-car file

    def to_json(self) -> str:
        data = self.model_dump(mode="json", exclude_none=True)
        data = {"schema": data.pop("schema_"), **data}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str, where: Path) -> Manifest:
        try:
            data = json.loads(text)
            if data.get("schema") != SCHEMA_BUNDLE:
                raise ValueError(f"schema is {data.get('schema')!r}")
            data["schema_"] = data.pop("schema")
            return cls.model_validate(data)
        except (json.JSONDecodeError, ValueError, AttributeError, ValidationError) as exc:
            raise InputError("原件校验清单格式有误", f"invalid bundle manifest: {exc}", where,
                             code="manifest_invalid") from exc


def sidecar_path(bundle_pdf: Path) -> Path:
    return bundle_pdf.with_name(bundle_pdf.stem + ".manifest.json")


def read_manifest(bundle_pdf: Path) -> tuple[Manifest, str]:
    """The manifest of a bundle and where it was read from (``embedded`` or the side-car)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not bundle_pdf.is_file():
        raise InputError("证据材料 PDF 不存在", "bundle PDF not found", bundle_pdf,
                         code="bundle_missing")
    try:
        attachments = PdfReader(io.BytesIO(bundle_pdf.read_bytes())).attachments
        embedded = attachments.get(ATTACHMENT)
    except (PyPdfError, ValueError, KeyError, OSError):
        embedded = None
    if embedded:
        return Manifest.from_json(embedded[0].decode("utf-8"), bundle_pdf), "embedded"
    side = sidecar_path(bundle_pdf)
    if side.is_file():
        return Manifest.from_json(side.read_text(encoding="utf-8"), side), side.name
    raise InputError("找不到原件校验清单（PDF 内嵌附件和同名 .manifest.json 都没有）",
                     "no manifest: neither embedded in the PDF nor beside it", bundle_pdf,
                     code="manifest_missing")


@dataclass
class Problem:
    kind: str  # mismatch | missing | unknown | bundle_changed
    file: str
    detail: str


@dataclass
class Verification:
    manifest_source: str
    matched: list[tuple[ManifestOriginal, str]] = field(default_factory=list)  # (entry, label)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _expand(files: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the originals in it (as a case folder is read:
    supported evidence files, not ``case.yaml``, audit JSON or hidden files)."""
    out: list[Path] = []
    for path in files:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file()
                          and is_evidence_file(p.relative_to(path)))
        else:
            out.append(path)
    return out


def _candidates(files: list[Path], skip: set[Path]) -> list[tuple[str, str, str | None]]:
    """(label, name to match, SHA-256 or None when missing) for every file to check. A ZIP
    written by ``shebao bundle --zip`` stands for the originals inside it (``原件/…``)."""
    out: list[tuple[str, str, str | None]] = []
    for path in _expand(files):
        if path.resolve() in skip:
            continue
        if not path.is_file():
            out.append((str(path), path.name, None))
        elif path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if info.filename.startswith(ZIP_ORIGINALS) and not info.is_dir():
                        name = info.filename.removeprefix(ZIP_ORIGINALS)
                        digest = hashlib.sha256(archive.read(info)).hexdigest()
                        out.append((f"{path.name}:{info.filename}", name, digest))
        else:
            out.append((str(path), path.name, sha256_file(path)))
    return out


def verify(bundle_pdf: Path, files: list[Path], partial: bool = False) -> Verification:
    manifest, source = read_manifest(bundle_pdf)
    result = Verification(manifest_source=source)
    side = sidecar_path(bundle_pdf)
    if side.is_file():
        recorded = Manifest.from_json(side.read_text(encoding="utf-8"), side).bundle_sha256
        if recorded and recorded != sha256_file(bundle_pdf):
            result.problems.append(Problem("bundle_changed", bundle_pdf.name,
                                           "证据材料 PDF 本身与生成时不一致（bundle PDF changed)"))
    by_name: dict[str, ManifestOriginal] = {}
    for entry in manifest.originals:
        by_name.setdefault(entry.file, entry)
        by_name.setdefault(Path(entry.file).name, entry)
    by_hash = {entry.sha256: entry for entry in manifest.originals}
    seen: set[int] = set()
    skip = {bundle_pdf.resolve(), side.resolve()}  # the bundle itself, if given by a glob
    try:
        candidates = _candidates(files, skip)
    except zipfile.BadZipFile as exc:
        raise InputError("ZIP 文件已损坏", f"bad ZIP: {exc}", code="bad_zip") from exc
    for label, name, digest in candidates:
        if digest is None:
            result.problems.append(Problem("missing", label, "文件不存在（file not found）"))
            continue
        entry = by_name.get(name) or by_name.get(Path(name).name)
        if entry is None:
            match = by_hash.get(digest)
            if match is None:
                result.problems.append(Problem("unknown", label,
                                               "清单中没有这个文件（not in the manifest）"))
            else:
                seen.add(match.exhibit)
                result.matched.append((match, label))
            continue
        seen.add(entry.exhibit)
        if digest == entry.sha256:
            result.matched.append((entry, label))
        else:
            result.problems.append(Problem(
                "mismatch", label,
                f"与证据{entry.exhibit}的校验值不一致（SHA-256 mismatch）：清单 {entry.sha256}，"
                f"现在 {digest}"))
    if not partial:
        for entry in manifest.originals:
            if entry.exhibit not in seen:
                result.problems.append(Problem(
                    "missing", entry.file,
                    f"未提供证据{entry.exhibit}的原件（original not given）"))
    return result
