"""Chain-of-custody checks between the audit result and the case folder.

Contract: ``crosscheck(audit, originals) -> list[str]`` returns Chinese warnings (empty when
all is consistent). Every file a document was read from is checked
(:meth:`~shebao.records.Document.all_files`: one file, or each file of a document read from
several, ``shebao extract p1.jpg p2.jpg … --as-one-document``):

* a file whose name matches an original but whose SHA-256 differs (the audit was made from
  another version of the file: its page/row references may not fit);
* a file of a document read from several files that is not in the case folder (by name or
  by SHA-256) while another file of that document is: that page of the document is missing;
* a file cited as evidence by a finding that is not among the originals (the evidence index
  cannot point to it; add the file to the case folder); each missing file is named once.

A file of a document read from several files is named with its place in it
(``明细-2.jpg（一份材料共3个文件中的第2个，第2页）``).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from shebao.records import AuditResult, Document

from .case import CASE_FILE
from .originals import Original


def _part_of(doc: Document, index: int) -> str:
    """Where file ``index`` of a multi-file document stands in it ("" for one file)."""
    if len(doc.files) < 2:
        return ""
    pages = doc.files[index].pages
    where = ""
    if pages is not None:
        where = f"，第{pages[0]}页" if pages[0] == pages[1] else f"，第{pages[0]}-{pages[1]}页"
    return f"（一份材料共{len(doc.files)}个文件中的第{index + 1}个{where}）"


def crosscheck(audit: AuditResult, originals: list[Original]) -> list[str]:
    by_name: dict[str, Original] = {}
    for o in originals:
        by_name.setdefault(o.name, o)
        by_name.setdefault(PurePosixPath(o.name).name, o)
    hashes = {o.sha256 for o in originals}

    def find(file: str) -> Original | None:
        return by_name.get(file) or by_name.get(PurePosixPath(file).name)

    warnings: list[str] = []
    named_missing: set[str] = set()
    for doc in audit.documents:
        parts = doc.all_files()
        present = [find(file) is not None or sha in hashes for file, sha in parts]
        for index, (file, sha) in enumerate(parts):
            original = find(file)
            if original is not None and sha and sha != original.sha256:
                warnings.append(f"审计所用的 {file}{_part_of(doc, index)} 与案件文件夹中的同名文件"
                                f"内容不同（SHA-256 {sha[:12]}… ≠ {original.sha256[:12]}…），"
                                "页码和行号可能对不上，请用当前文件重新审计")
            elif not present[index] and (any(present) or len(parts) == 1):
                warnings.append(f"审计所用的 {file}{_part_of(doc, index)} 不在案件文件夹中，"
                                "这一部分无法列入证据目录，请把它放回案件文件夹")
                named_missing.add(file)
    cited: dict[str, str | None] = {}
    for finding in audit.findings:
        for ev in finding.evidence:
            cited.setdefault(ev.file, ev.sha256)
    cited.pop(CASE_FILE, None)  # the audit may cite case.yaml for stated facts: not an original
    for file, sha in cited.items():
        known = (sha in hashes if sha else False) or find(file) is not None \
            or file in named_missing  # a changed or missing file is reported above
        if not known:
            warnings.append(f"审计发现引用的 {file} 不在案件文件夹中，证据目录无法列出它")
    return warnings
