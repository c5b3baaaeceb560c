"""Chain-of-custody checks between the audit result and the case folder.

Contract: ``crosscheck(audit, originals) -> list[str]`` returns Chinese warnings (empty when
all is consistent):

* a document the audit read whose name matches an original but whose SHA-256 differs (the
  audit was made from another version of the file: its page/row references may not fit);
* a file cited as evidence by a finding that is not among the originals (the evidence index
  cannot point to it; add the file to the case folder).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from shebao.records import AuditResult

from .case import CASE_FILE
from .originals import Original


def crosscheck(audit: AuditResult, originals: list[Original]) -> list[str]:
    by_name: dict[str, Original] = {}
    for o in originals:
        by_name.setdefault(o.name, o)
        by_name.setdefault(PurePosixPath(o.name).name, o)
    hashes = {o.sha256 for o in originals}
    warnings: list[str] = []
    for doc in audit.documents:
        original = by_name.get(doc.file) or by_name.get(PurePosixPath(doc.file).name)
        if original and doc.sha256 and doc.sha256 != original.sha256:
            warnings.append(f"审计所用的 {doc.file} 与案件文件夹中的同名文件内容不同"
                            f"（SHA-256 {doc.sha256[:12]}… ≠ {original.sha256[:12]}…），"
                            "页码和行号可能对不上，请用当前文件重新审计")
    cited: dict[str, str | None] = {}
    for finding in audit.findings:
        for ev in finding.evidence:
            cited.setdefault(ev.file, ev.sha256)
    cited.pop(CASE_FILE, None)  # the audit may cite case.yaml for stated facts: not an original
    for file, sha in cited.items():
        known = (sha in hashes if sha else False) or file in by_name \
            or PurePosixPath(file).name in by_name  # a changed file is reported above
        if not known:
            warnings.append(f"审计发现引用的 {file} 不在案件文件夹中，证据目录无法列出它")
    return warnings
