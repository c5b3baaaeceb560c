"""Unseen statement layouts: composed at random, so no reader profile can know them.

Contract::

    from shebao.samples.unseen import generate_unseen, write_unseen
    sample = generate_unseen(seed=7, out_dir=Path("/tmp/u"))   # unseen_0007.pdf
    sample.path    # the text PDF written
    sample.truth   # shebao.records.Extract: exactly what a perfect reader returns
    sample.spec    # compose.Spec: the layout drawn (columns, labels, formats, furniture)
    write_unseen(sample)   # <file>.truth.json and <file>.layout.json beside the PDF

* One seed, one document: the same seed (and options) give the same bytes and truth; all
  randomness comes from ``random.Random(f"unseen:{seed}")``. Options: ``months`` (history
  length; 18-42 drawn otherwise), ``name`` (file stem, default ``unseen_<seed:04d>``).
* What varies (drawn per document by :func:`~shebao.samples.unseen.compose.draw_spec`): row
  granularity (month x 险种, one insurance named by the title, one row per month with a group
  per insurance, 起止年月 + 月数 ranges), column order, header synonyms, stacked headers (单位缴纳
  over 比例 | 金额; 养老保险 over 基数 | 单位 | 个人), rate columns beside amounts, extra
  columns the truth ignores, month formats, status words including 未参保 and 未到账 / 未到帐,
  unpaid months as a word, a blank row or left out, 合计 / 小计 rows, employer names or codes
  with a code table printed apart, several pages, the person block's labels and punctuation,
  watermarks (text, outlines or none; any angle; tiled), seals, QR boxes, page numbers.
* The words come from the format research (:mod:`.wording`), never from the reader's
  vocabulary; no profile exists for these layouts and none may be added for them.
* The truth follows ``docs/contracts.md`` (see :mod:`.compose` for 未参保 / 未到账 and range
  totals); ``document.layout`` is ``"unseen"``; warnings are empty.
* Photos and scans of the pages: ``shebao.samples.photo.photograph_all`` and ``photo_truth``,
  as for every other generated PDF (:func:`photograph_unseen`).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from shebao.files import sha256_file
from shebao.records import Document, Extract

LAYOUT_ID = "unseen"


@dataclass(frozen=True)
class UnseenSample:
    path: Path
    truth: Extract
    spec: object  # compose.Spec
    seed: int


def generate_unseen(seed: int, out_dir: Path, **options) -> UnseenSample:
    """Compose and write one unseen statement (see the module contract)."""
    from shebao.samples.unseen.compose import draw_spec, months_shown, printed_rows
    from shebao.samples.unseen.render import render_pdf

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"unseen:{seed}")
    spec = draw_spec(rng, seed, months=options.get("months"))
    history, shown = months_shown(rng, spec)
    rows = printed_rows(spec, history, shown)
    path = out_dir / f"{options.get('name') or f'unseen_{seed:04d}'}.pdf"
    pages, person, records = render_pdf(spec, history, rows, path, rng)
    truth = Extract(
        document=Document(file=path.name, sha256=sha256_file(path), kind="statement",
                          layout=LAYOUT_ID, method="text", pages=pages),
        person=person, contributions=records)
    return UnseenSample(path=path, truth=truth, spec=spec, seed=seed)


def write_unseen(sample: UnseenSample) -> tuple[Path, Path]:
    """Write ``<file>.truth.json`` (``shebao.extract/1``) and ``<file>.layout.json`` (the
    drawn layout: columns with their printed labels and roles, formats, furniture)."""
    truth = sample.path.with_name(f"{sample.path.name}.truth.json")
    truth.write_text(json.dumps(sample.truth.to_json_dict(), ensure_ascii=False, indent=1)
                     + "\n", encoding="utf-8")
    layout = sample.path.with_name(f"{sample.path.name}.layout.json")
    layout.write_text(json.dumps(sample.spec.to_json(), ensure_ascii=False, indent=1,
                                 default=str) + "\n", encoding="utf-8")
    return truth, layout


def photograph_unseen(sample: UnseenSample, out_dir: Path, style: str = "phone",
                      seed: int | None = None) -> tuple[list[Path], Path, Extract]:
    """Photos (or scans) of every page of ``sample`` with their truth written beside them:
    ``(images, truth path, truth)``; the truth of several pages is for reading the images
    as one document."""
    from shebao.samples.photo import photo_truth, photograph_all

    images = photograph_all(sample.path, out_dir, style=style,
                            seed=sample.seed if seed is None else seed)
    target, data = photo_truth(sample.path, sample.truth.to_json_dict(), images)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return images, target, Extract.from_json_dict(data)
