"""Everything a draft or bundle needs from one case folder, gathered once.

Contract: ``prepare(case_dir, audit_file=None, *, mask_ids=False, today=None) -> Prepared``
reads ``case.yaml`` (:mod:`.case`), lists and hashes the originals (:mod:`.originals`), gets
the audit result (:mod:`.audit_source`) and builds the template context (:mod:`.context`).
All problems surface as :class:`~shebao.errors.ShebaoError` before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from shebao.records import AuditResult

from .audit_source import load_audit
from .case import Case, load_case
from .context import Context, build_context
from .originals import Originals, find_originals


@dataclass
class Prepared:
    case_dir: Path
    case: Case
    audit: AuditResult
    originals: Originals
    context: Context


def prepare(case_dir: Path, audit_file: Path | None = None, *, mask_ids: bool = False,
            today: dt.date | None = None) -> Prepared:
    """``today``: the run's one date (``--as-of``); the audit is computed to it and the drafts
    are dated with it. Without it the audit's own ``as_of`` dates the drafts."""
    case = load_case(case_dir)
    originals = find_originals(case_dir, case)
    audit = load_audit(case_dir, audit_file, today)
    context = build_context(case, audit, originals.files, mask_ids=mask_ids, today=today)
    return Prepared(case_dir, case, audit, originals, context)
