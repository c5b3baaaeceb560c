"""The evidence bundle: one PDF for an arbitration commission, court or tax bureau.

Contract
--------
``build_bundle(prepared, out_pdf, *, with_zip=False, override_dir=None) -> BundleResult``
writes, atomically (all or nothing, see :mod:`.output`):

* ``out_pdf``: cover page with a table of contents, the 证据目录, the drafts that apply
  (complaint when arrears were found and the case asks for it — or asks for nothing in
  particular; arbitration application when asked for or when a claim is admitted), the arrears
  schedule, the audit findings, every original (PDF pages as they are, photos as pages,
  spreadsheets as tables, Word files transcribed under a heading giving their SHA-256), and
  the 原件校验清单 (manifest page). Every page is stamped with a running number; evidence
  pages also with "证据N 第M页" (:mod:`.stamps`). The page numbers in
  the cover's contents, the 证据目录 and the manifest are the stamped numbers: sections are
  rendered until their page counts stop changing.
* ``<stem>.manifest.json`` beside it (:class:`~.manifest.Manifest`, also embedded in the PDF).
* with ``with_zip``: ``<stem>.zip`` with the bundle PDF, the DOCX drafts, the untouched
  originals and ``manifest.json``.

Originals are read, never written; each is re-hashed when copied into the ZIP and a change
during the run is an error. An original marked as an excerpt (one person's rows of a document
that holds many people: :mod:`.excerpt`) is printed as that excerpt page, listed in the
manifest with the full original's name and SHA-256 and ``excerpt: true``, and left out of the
ZIP.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from shebao import __version__
from shebao.errors import InputError
from shebao.outputs import Outputs

from .case import Case
from .context import Context
from .formats import convert
from .manifest import (
    ATTACHMENT,
    ZIP_ORIGINALS,
    Manifest,
    ManifestOriginal,
    ManifestSection,
    sidecar_path,
)
from .original_pages import original_pdf
from .originals import ORIGINAL_FORMATS
from .pdf_engine import html_to_pdf
from .prepare import Prepared
from .stamps import Part, stamp
from .templating import KINDS, markers, render

MAX_ROUNDS = 5


@dataclass
class SectionView:
    title: str
    pages: str  # "3-5"


@dataclass
class BundleView:
    """What ``cover.html.j2`` and ``manifest.html.j2`` print about the bundle."""

    sections: list[SectionView]
    total_pages: int
    manifest_name: str
    created: str
    tool_version: str = __version__


@dataclass
class _Section:
    key: str  # "cover", a draft kind, "exhibit:N" or "manifest"
    title: str
    pages: int = 1
    first: int = 0
    exhibit: int | None = None
    pdf: bytes = b""
    html: str = ""  # what ``pdf`` was made from; unchanged HTML is not laid out again

    @property
    def last(self) -> int:
        return self.first + self.pages - 1

    @property
    def range_text(self) -> str:
        return str(self.first) if self.pages == 1 else f"{self.first}-{self.last}"


@dataclass
class BundleResult:
    pdf: Path
    manifest: Path
    zip: Path | None
    pages: int
    sections: list[tuple[str, int, int]] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)  # 【待补充】 markers left in the drafts


def draft_kinds(case: Case, ctx: Context) -> list[str]:
    """The drafts a bundle carries, in order. An arbitration application only when a claim
    the law lets the commission hear is supported (asked for or not: without one the cover
    says why, ``ctx.arbitration_absent``); notes for the representative never."""
    asked = set(case.requests)
    kinds = ["evidence-index"]
    if ctx.complaint_claims and (not asked or "complaint" in asked):
        kinds.append("complaint")
    if ctx.claims_admitted and (not asked or "arbitration" in asked):
        kinds.append("arbitration")
    if ctx.arrears.lines:
        kinds.append("arrears")
    kinds.append("findings")
    return kinds


def _layout(sections: list[_Section]) -> int:
    page = 1
    for s in sections:
        s.first = page
        page += s.pages
    return page - 1


def _context_with_pages(ctx: Context, sections: list[_Section]) -> Context:
    first_last = {s.exhibit: (s.first, s.last) for s in sections if s.exhibit is not None}
    evidence = [item.model_copy(update={"first_page": first_last[item.number][0],
                                        "last_page": first_last[item.number][1]})
                for item in ctx.evidence]
    return ctx.model_copy(update={"evidence": evidence})


def _count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _render_generated(s: _Section, ctx: Context, view: BundleView,
                      override_dir: Path | None) -> str:
    if s.key == "cover":
        return render("cover.html.j2", ctx, override_dir, for_bundle=True, bundle=view)
    if s.key == "manifest":
        return render("manifest.html.j2", ctx, override_dir, for_bundle=True, bundle=view)
    return render(s.key, ctx, override_dir, for_bundle=True)


def _manifest(prepared: Prepared, sections: list[_Section], total: int, out_pdf: Path,
              created: str) -> Manifest:
    by_exhibit = {s.exhibit: s for s in sections if s.exhibit is not None}
    originals = []
    for item, original in zip(prepared.context.evidence, prepared.originals.files, strict=True):
        s = by_exhibit[item.number]
        originals.append(ManifestOriginal(
            exhibit=item.number, file=original.name, sha256=original.sha256, size=original.size,
            kind=original.kind, title=item.title, pages=s.pages, first_page=s.first,
            last_page=s.last, **({"excerpt": True} if original.excerpt is not None else {})))
    return Manifest(
        created=created, tool_version=__version__, case=prepared.case_dir.name,
        bundle=out_pdf.name, total_pages=total,
        sections=[ManifestSection(title=s.title, first_page=s.first, last_page=s.last)
                  for s in sections],
        originals=originals,
    )


def zip_member(name: str) -> str:
    """The ZIP member of an original: a plain relative name under ``原件/`` -- never absolute,
    never with ``..`` or a drive, so unpacking cannot write outside its folder (zip slip)."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if (not parts or name.startswith("/") or any(p in ("", ".", "..") for p in parts)
            or parts[0].endswith(":")):
        raise InputError("原件名称不能作为 ZIP 中的路径", f"unsafe member name {name!r}",
                         name, code="original_outside_case")
    return ZIP_ORIGINALS + "/".join(parts)


def _zip(prepared: Prepared, ctx: Context, kinds: list[str], pdf: bytes, manifest_json: str,
         pdf_name: str, override_dir: Path | None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(pdf_name, pdf)
        archive.writestr("manifest.json", manifest_json)
        for kind in kinds:
            html = render(kind, ctx, override_dir)
            archive.writestr(f"草稿/{KINDS[kind].filename}.docx",
                             convert(html, "docx", KINDS[kind].title))
        for original in prepared.originals.files:
            if original.excerpt is not None:  # others' rows: the full original stays out
                continue
            data = original.path.read_bytes()
            if hashlib.sha256(data).hexdigest() != original.sha256:
                raise InputError("原件在生成过程中被改动，请重新运行",
                                 "original changed while the bundle was being made",
                                 original.path, code="original_changed")
            archive.writestr(zip_member(original.name), data)
    return buf.getvalue()


def build_bundle(prepared: Prepared, out_pdf: Path, *, with_zip: bool = False,
                 override_dir: Path | None = None, created: str | None = None) -> BundleResult:
    """``created``: the time the bundle states it was made (default now; a batch gives its
    one as-of day, so that a resumed run writes the same bytes)."""
    ctx = prepared.context
    if not prepared.originals.files:
        raise InputError(f"案件文件夹中没有原件（{ORIGINAL_FORMATS}），无法生成证据材料",
                         "no originals in the case folder", prepared.case_dir,
                         code="no_originals")
    created = created or dt.datetime.now().astimezone().isoformat(timespec="seconds")
    kinds = draft_kinds(prepared.case, ctx)
    sections = [_Section("cover", "封面及目录")]
    sections += [_Section(kind, KINDS[kind].title) for kind in kinds]
    for item, original in zip(ctx.evidence, prepared.originals.files, strict=True):
        pdf = original_pdf(original, ctx, override_dir)
        sections.append(_Section(f"exhibit:{item.number}", f"证据{item.number}：{item.title}",
                                 pages=_count(pdf), exhibit=item.number, pdf=pdf))
    sections.append(_Section("manifest", "原件校验清单"))
    manifest_name = sidecar_path(out_pdf).name

    for _ in range(MAX_ROUNDS):
        total = _layout(sections)
        paged = _context_with_pages(ctx, sections)
        view = BundleView([SectionView(s.title, s.range_text) for s in sections], total,
                          manifest_name, created)
        changed = False
        for s in sections:
            if s.exhibit is not None:
                continue
            html = _render_generated(s, paged, view, override_dir)
            if html == s.html:
                continue
            s.html, s.pdf = html, html_to_pdf(html)
            pages = _count(s.pdf)
            changed |= pages != s.pages
            s.pages = pages
        if not changed:
            break
    else:  # pragma: no cover - page counts oscillating would be a layout bug
        raise RuntimeError("bundle page numbers did not settle")

    manifest = _manifest(prepared, sections, total, out_pdf, created)
    name = ctx.worker.name if "待补充" not in ctx.worker.name else ""
    pdf, pages = stamp([Part(s.pdf, s.exhibit) for s in sections],
                       attachments={ATTACHMENT: manifest.to_json().encode("utf-8")},
                       title=f"证据材料 {name}".strip())
    if pages != total:  # pragma: no cover - would mean the stamper dropped or added pages
        raise RuntimeError(f"stamped {pages} pages, laid out {total}")
    side = manifest.model_copy(update={"bundle_sha256": hashlib.sha256(pdf).hexdigest()})
    zip_path = out_pdf.with_suffix(".zip") if with_zip else None
    protect = [o.path for o in prepared.originals.files]
    with Outputs(protect=protect) as out:
        out.write(out_pdf, pdf)
        out.write(sidecar_path(out_pdf), side.to_json())
        if zip_path is not None:
            out.write(zip_path, _zip(prepared, paged, kinds, pdf, side.to_json(), out_pdf.name,
                                     override_dir))
    return BundleResult(out_pdf, sidecar_path(out_pdf), zip_path, total,
                        [(s.title, s.first, s.last) for s in sections],
                        markers("".join(s.html for s in sections)))
