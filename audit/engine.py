"""The audit: documents -> one merged history per person -> findings (``shebao.audit/1``).

Contract
--------
* :func:`audit_extracts(extracts, options)` -> ``list[AuditResult]``, one per person
  (:func:`shebao.audit.merge.people`).
* :func:`audit_files(paths, options)` reads each file (``shebao.extract/1`` JSON, or any file
  ``shebao extract`` reads) and audits them; a file that cannot be read is reported in
  ``errors`` (file, message) and the others go on. An item of ``paths`` that is a list of
  files is read as one document (:func:`read_document`, as ``shebao extract …
  --as-one-document``: pages numbered across the files, ``document.files``).
* :func:`audit_case(case_dir)` -> ``AuditResult``: the seam the reports stage calls. The case
  folder's originals (PDF, images, spreadsheets; OCR for images) are read; hukou, birth,
  category (``worker.gender``), employment periods and insured place come from ``case.yaml``
  (:func:`shebao.reports.case.load_case`) when present; the files a ``documents:`` group of
  ``case.yaml`` lists are read as one document; its ``corrections:`` (values corrected by hand)
  are applied to what is read (:mod:`shebao.audit.corrections`; ``Options.corrections``), each
  one not applied named in ``missing``.

Options (:class:`Options`): ``hukou`` (province name or division code; else the ID's region
code, said so), ``birth`` (YYYY-MM; else the ID), ``category`` (male | female-cadre |
female-worker; a woman's category is never guessed), ``as_of`` (late fees and time limits),
``employment`` (periods; else inferred), ``insured_place`` (for statements that print no
place), ``inspection_months`` (override of the 2-year limit).

The result carries the findings, ``retirement`` (:meth:`RetirementFacts.to_json`),
``estimate`` (:meth:`Estimate.to_json` at the claim place, plus ``claim_area`` and
``history``: the summary it rests on) and ``projections`` (:func:`project_person` where the
person was last insured),
``missing`` (what could not be audited and what it would take), and the extra fields
``person_facts`` (birth, sex, category, hukou with where each came from), ``employment``
(the periods used, with their origin), ``monthly`` (:mod:`shebao.audit.monthly`: status,
declared base, floor, wage per month, for timelines and charts) and ``notes``.
Nothing here raises on incomplete data: what cannot be judged goes to ``missing``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from shebao.audit.identity import person_facts
from shebao.audit.merge import History, merge, people
from shebao.audit.monthly import monthly
from shebao.audit.months import YearMonth
from shebao.audit.params import ParameterSet, parameters
from shebao.audit.retirement import retirement_facts
from shebao.audit.rules import LATE_RULES, RULES, short_of_minimum_years
from shebao.audit.rules.context import Context, Period
from shebao.audit.rules.periods import infer_periods, periods_from_items
from shebao.audit.rules.provisional_account import segments

from shebao.errors import InputError, ShebaoError
from shebao.files import IMAGE_SUFFIXES
from shebao.records import SCHEMA_EXTRACT, AuditResult, Extract

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}


@dataclass
class Options:
    hukou: str | None = None
    birth: str | None = None
    category: str | None = None
    female: bool | None = None  # stated sex (case.yaml worker.gender) when no category
    as_of: date = field(default_factory=date.today)
    employment: list[Period] | None = None
    insured_place: str | None = None
    inspection_months: int | None = None
    ocr: bool = True
    # values corrected by hand (case.yaml ``corrections:``), applied as each document is read
    corrections: list = field(default_factory=list)


def read_extract(path: Path, ocr: bool = True, corrections: Sequence = ()) -> Extract:
    """A file as an :class:`Extract`: ``shebao.extract/1`` JSON as is, anything else through
    the reader (``shebao.ingest``). InputError naming the file when it cannot be read."""
    if path.suffix.lower() == ".json":
        from shebao.files import check_regular

        check_regular(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError("文件不存在", "file not found", path) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError("不是有效的 JSON 文件", f"not valid JSON: {exc}", path) from None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_EXTRACT:
            raise InputError(f"不是 {SCHEMA_EXTRACT} 格式的缴费记录（可先用 shebao extract）",
                             f"not a {SCHEMA_EXTRACT} object", path, code="not_extract")
        try:
            return Extract.from_json_dict(data)
        except ValueError as exc:
            raise InputError("缴费记录内容有误", f"invalid extract: {str(exc).splitlines()[0]}",
                             path, code="not_extract") from None
    if not path.exists():
        raise InputError("文件不存在", "file not found", path)
    from shebao.ingest.pipeline import extract_file

    return extract_file(path, ocr=ocr, corrections=corrections)


def read_document(paths: Sequence[Path], ocr: bool = True, corrections: Sequence = ()
                  ) -> Extract:
    """One document: one file (:func:`read_extract`), or several originals (photos, PDFs)
    read as its pages in the order given. InputError naming the file that cannot be.
    ``corrections``: case.yaml entries; column roles corrected by hand are applied as the
    originals are read (:mod:`shebao.ingest.roles`)."""
    paths = [Path(p) for p in paths]
    if len(paths) == 1:
        return read_extract(paths[0], ocr, corrections)
    for path in paths:
        if path.suffix.lower() == ".json":
            raise InputError("合为一份材料读取的只能是原件（照片、PDF），不能是 JSON 记录",
                             "only originals (photos, PDFs) can be read as one document", path,
                             code="not_original")
        if not path.is_file():
            raise InputError("文件不存在", "file not found", path)
    from shebao.ingest.pipeline import analyse_document

    return analyse_document(paths, None, ocr, corrections).extract


def audit_files(paths: Sequence[Path | Sequence[Path]], options: Options
                ) -> tuple[list[AuditResult], list[ShebaoError]]:
    extracts: list[Extract] = []
    errors: list[ShebaoError] = []
    for item in paths:
        files = [Path(p) for p in item] if isinstance(item, list | tuple) else [Path(item)]
        try:
            extract = read_document(files, options.ocr, options.corrections)
            if extract.document.kind == "insured_list":
                raise employer_list(extract, files[0])
            if options.corrections:
                from shebao.audit.corrections import apply_corrections

                extract = apply_corrections(extract, options.corrections)
            extracts.append(extract)
        except ShebaoError as exc:
            if exc.file is None:
                exc.file = str(files[0])
            errors.append(exc)
        except Exception as exc:  # one unreadable file never loses the others
            errors.append(InputError("读取该文件时出错，已跳过（其他文件照常审计）",
                                     f"reading failed: {type(exc).__name__}: {exc}", files[0],
                                     code="read_failed"))
    return (audit_extracts(extracts, options) if extracts else []), errors


def employer_list(extract: Extract, path: Path) -> InputError:
    """An employer's insured list (参保人员名单) is nobody's contribution history: auditing it
    alone would say "no problem found" about no one. It is read against a roster by the
    factory batch; one person's audit needs their own statement."""
    people = len({(i.name, i.id_number) for i in extract.insured})
    return InputError(
        f"这是单位的参保人员名单（{people}人），不是个人的缴费记录，不能单独审计个人；"
        "请提供本人的社保缴费明细，或把名单和花名册放在同一文件夹用 shebao batch 做全厂审计",
        f"an employer's insured list ({people} people), not a person's contribution record: "
        "give the person's own statement, or audit the factory with `shebao batch` "
        "(the list beside a roster)", path, code="employer_list")


# "<name>-p2.jpg", "<name>_page2.png", "<name> P2.jpg", "<name>第2页.jpg": page 2 of <name>
# (the separator is required before p/page, so "laptop1.jpg" and "laptop2.jpg" stay apart)
PAGE_NAME = re.compile(r"^(?P<base>.+?)(?:[-_ ](?:p|page)|[-_ ]?第)(?P<page>\d{1,3})页?$",
                       re.IGNORECASE)
PAGE_FILE_SUFFIXES = IMAGE_SUFFIXES | {".pdf"}


def page_groups(files: list[Path]) -> list[list[Path]]:
    """Files named as pages of one document - the same name, then a page mark (``-p1``,
    ``_page2``, ``第3页``), in the same folder, photos or PDFs - in page order. A name with
    one page only is no group. (``shebao samples photo`` names its images this way; so does
    a volunteer who renames a statement's photos 张三-p1.jpg, 张三-p2.jpg.)"""
    pages: dict[tuple[Path, str, str], list[tuple[int, Path]]] = {}
    for path in files:
        m = PAGE_NAME.match(path.stem)
        if m and path.suffix.lower() in PAGE_FILE_SUFFIXES:
            key = (path.parent, m["base"].rstrip("-_ "), path.suffix.lower())
            pages.setdefault(key, []).append((int(m["page"]), path))
    return [[p for _, p in sorted(found)] for found in pages.values() if len(found) > 1]


def grouped(files: list[Path], groups: list[list[Path]]) -> list[Path | list[Path]]:
    """``files`` with the files of each group replaced by the group (read as one document),
    where its first file stands."""
    group_of = {p: g for g in groups for p in g}
    out: list[Path | list[Path]] = []
    for path in files:
        group = group_of.get(path)
        if group is None:
            out.append(path)
        elif group not in out:
            out.append(group)
    return out


def audit_extracts(extracts: list[Extract], options: Options,
                   P: ParameterSet | None = None) -> list[AuditResult]:
    P = P or parameters()
    place = options.insured_place
    default_area = (P.areas.find_in(place) or P.areas.resolve(place)) if place else None
    results = []
    for group in people(extracts):
        result = audit_history(merge(group, P, default_area), options, P)
        result.ocr = ocr_summary(group)  # type: ignore[attr-defined]
        results.append(result)
    return results


def ocr_summary(extracts: Sequence[Extract]) -> dict[str, int]:
    """How much of an audit rests on OCR (extra field ``ocr``): documents read by OCR, the
    figures (contribution rows, annual rows, pay slips) read from them, and the self-check
    warnings those readings still carry. Every output that files figures prints it."""
    read = [e for e in extracts if e.document.method == "ocr"]
    return {"documents": len(read),
            "figures": sum(len(e.contributions) + len(e.annual) + len(e.payslips) for e in read),
            "warnings": sum(len(e.warnings) for e in read)}


def audit_history(history: History, options: Options, P: ParameterSet) -> AuditResult:
    facts = person_facts(P, history.person.id_number, options.birth, options.category,
                         options.hukou, options.female)
    ctx = Context(P, history, facts, options.as_of, inspection_months=options.inspection_months)
    if options.employment is not None:
        ctx.periods, ctx.periods_stated = list(options.employment), True
    else:
        ctx.periods = infer_periods(history)
        if ctx.periods:
            ctx.note_missing("未提供任职期间：在职月份按工资条和缴费记录中同一单位"
                             "的首末月份推断；提供劳动合同或任职期间可查出更多断缴月份",
                             fact="employment")
    ctx.missing.extend(facts.notes)
    if facts.birth is None:
        ctx.note_missing("出生年月未知：无法计算退休时间、最低缴费年限和养老金估算；"
                         "请提供出生年月（或有效的身份证号）", fact="birth")
    if facts.female and facts.category is None:
        ctx.note_missing("女职工类别未知：按工人岗位还是干部（管理技术）岗位的原法定退休年龄"
                         "决定退休时间和最低缴费年限，本工具不作猜测；请说明是工人岗位"
                         "还是干部（管理技术）岗位", fact="category")
    if not history.records:
        ctx.note_missing("材料中没有养老保险缴费记录：只能核对工资条；请提供社保缴费明细")
    for _, rule in RULES:
        rule(ctx)
    retirement = None
    if facts.birth is not None and facts.category is not None:
        retirement = retirement_facts(facts.birth, facts.category, P)
        short_of_minimum_years.check(ctx, retirement)
    elif facts.birth is not None and facts.female:
        either = {c: retirement_facts(facts.birth, c, P) for c in ("female_worker", "female_cadre")}
        short_of_minimum_years.check_either_category(ctx, either)
    for _, rule in LATE_RULES:
        rule(ctx)
    estimate, projections = _engine(ctx, retirement)
    ctx.findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.rule,
                                     f.months[0] if f.months else ""))
    return AuditResult(
        as_of=options.as_of.isoformat(), person=history.person, documents=history.documents,
        findings=ctx.findings, retirement=None if retirement is None else retirement.to_json(),
        estimate=estimate, projections=projections, missing=ctx.missing,
        missing_facts=[{"fact": k, "text": v} for k, v in ctx.missing_facts.items()],
        person_facts=facts.to_json(), notes=history.notes,
        employment=[{"employer": p.employer, "start": str(p.start), "end": str(p.end),
                     "origin": p.origin} for p in ctx.periods],
        monthly=monthly(ctx),
    )


def _last_area(ctx: Context) -> str | None:
    """Where the person was last insured (where further months would be paid)."""
    segs = segments(ctx)
    return segs[-1].records[-1].area if segs else None


def _claim_area(ctx: Context) -> str | None:
    """The claim place by the 10-year rule (province), or the last insured place when the
    person was insured in one province only (its own city parameters then apply)."""
    for f in ctx.findings:
        place = (f.model_extra or {}).get("claim_place")
        if place:
            return place
    return _last_area(ctx)


def _engine(ctx: Context, retirement) -> tuple[dict | None, dict | None]:
    """Pension estimate and projections at the claim place (policy engine); what they cannot
    give goes to ``missing``."""
    if retirement is None or not ctx.history.paid_months():
        return None, None
    from shebao.audit.history import estimate_from_history
    from shebao.audit.projections import project_person

    area, last = _claim_area(ctx), _last_area(ctx)
    rows = ctx.history.engine_rows()
    estimate = projections = None
    try:
        est = estimate_from_history(rows, retirement.birth, retirement.category, area, P=ctx.P)
        # the estimate's own JSON (basic, individual_account, transitional, total, ...) plus
        # where it is claimed and the history summary it rests on
        estimate = {**est.estimate.to_json(), "claim_area": area,
                    "history": est.summary.to_json()}
        if est.estimate.total is None:
            ctx.note_missing(f"在待遇领取地{ctx.P.areas.name(area or '')}的养老金估算缺少参数"
                             f"（{'；'.join(est.estimate.unknown[:3])}），月养老金未能算出")
    except (ShebaoError, ValueError, ArithmeticError, KeyError) as exc:
        ctx.note_missing(f"养老金估算无法完成（{_why(exc)}）")
    as_of = ctx.as_of_month
    if as_of < retirement.statutory_retirement_month:
        try:
            projections = project_person(rows, retirement.birth, retirement.category, last,
                                         as_of=YearMonth.of(ctx.as_of), P=ctx.P)
            projections.pop("_scenarios", None)  # engine objects for the terminal renderer
        except (ShebaoError, ValueError, ArithmeticError, KeyError) as exc:
            ctx.note_missing(f"继续缴费的测算无法完成（{_why(exc)}）")
    return estimate, projections


def _why(exc: Exception) -> str:
    return getattr(exc, "zh", None) or str(exc).splitlines()[0]


def _known_area(P: ParameterSet, text: str) -> bool:
    """Whether ``text`` names an area as people type it: a Chinese name inside free text
    (湖南省邵阳市), a code, pinyin (hunan) -- the same names the command line takes."""
    if P.areas.find_in(text):
        return True
    try:
        P.areas.resolve(text)
    except InputError:
        return False
    return True


def audit_case(case_dir: Path, as_of: date | None = None) -> AuditResult:
    """The audit of a case folder (the reports stage's seam; see module docstring). ``as_of``:
    the day late fees and time limits are computed to (the drafts' date); default today."""
    from shebao.reports.case import load_case
    from shebao.reports.originals import document_groups, find_originals

    case_dir = Path(case_dir)
    case = load_case(case_dir)
    originals = [case_dir / o.name for o in find_originals(case_dir, case).files]
    files = grouped(originals, document_groups(case_dir, case))
    from shebao.audit.params import parameters

    P = parameters()
    notes: list[str] = []
    hukou, place = case.worker.hukou, case.insured_place
    if hukou and not _known_area(P, hukou):
        notes.append(f"case.yaml 中的户籍“{hukou}”不是可识别的省份，按身份证号推定")
        hukou = None
    if place and not _known_area(P, place):
        notes.append(f"case.yaml 中的参保地“{place}”未收录参数，未使用")
        place = None
    birth = (case.worker.birth or "").strip()[:7] or None
    if birth:
        try:
            birth = str(YearMonth.parse(birth))
        except ValueError:
            notes.append(f"case.yaml 中的出生年月“{case.worker.birth}”无法识别，按身份证号推定")
            birth = None
    options = Options(
        hukou=hukou, birth=birth,
        category=case.worker.category or ("male" if case.worker.gender == "男" else None),
        female=True if case.worker.gender == "女" else None,
        insured_place=place, corrections=list(case.corrections),
    )
    if as_of is not None:
        options.as_of = as_of
    if case.employment:
        items = [{"employer": case.employer.name, "start": p.start, "end": p.end}
                 for p in case.employment if p.start]
        if items:
            options.employment = periods_from_items(items, case_dir / "case.yaml",
                                                    options.as_of, "案件资料")
    results, errors = audit_files(files, options)
    for e in [e for e in errors if e.code == "employer_list"]:  # evidence, not a history
        errors.remove(e)
        notes.append(f"{Path(e.file).name if e.file else ''}：单位的参保人员名单，"
                     "作为证据列入，未用于本人的缴费审计")
    if not results:
        if errors:
            raise errors[0]
        raise InputError("案件文件夹中没有可读取的缴费材料", "no readable documents in the case",
                         case_dir, code="case_empty")
    result = results[0]
    result.missing.extend(notes)
    if case.corrections:
        from shebao.audit.corrections import unapplied

        result.missing.extend(unapplied(case.corrections, result.documents))
    result.missing.extend(f"{Path(e.file).name if e.file else ''}：{_why(e)}" for e in errors)
    return result
