"""Jinja2 templates: loading (paralegal overrides first), rendering, error locations, linting.

Contract
--------
* Document kinds are :data:`KINDS` (kind -> template file and Chinese title). Each template
  is one ``<kind>.html.j2`` in ``reports/templates/`` producing the simple semantic HTML subset
  of :mod:`shebao.reports.htmlblocks` (h1–h3, p, table, ul/ol, strong/em, br). The same HTML is
  the HTML output, the PDF (WeasyPrint) and the source of the DOCX and Markdown conversions,
  so every format says the same thing.
* ``environment(override_dir)`` looks for templates in ``override_dir`` first (a folder of
  edited copies), then in the package. Undefined variables are errors (``StrictUndefined``).
* ``render(kind, context, override_dir=None, **extra) -> str``: HTML. Any template problem
  (syntax error, unknown variable, failing filter) raises :class:`TemplateProblem`, an
  :class:`~shebao.errors.InputError` whose message names the template file and line.
* ``undeclared(kind)``: variables a template (with everything it includes or extends) uses that
  the context does not provide; the lint test requires it to be empty.
* 【待补充：…】 markers are wrapped in ``<span class="missing">`` after rendering so every
  format can highlight them; :func:`markers` lists them.
* A document that shows a full (unmasked) 18-character ID number ends with
  :data:`ID_NOTICE` (``<p class="id-notice">``), added after rendering whatever the template,
  so every format and every kind -- the joint complaint too -- says so inside the document; a
  masked or absent number adds nothing (:func:`with_id_notice`).
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from shebao.errors import InputError

from .context import Context

TEMPLATE_DIR = Path(__file__).parent / "templates"
ID_NOTICE = ("本文书载有完整的公民身份号码（未遮盖），仅供提交受理机关使用，"
             "请妥善保管，勿转发或公开。")
_FULL_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Kind:
    template: str
    title: str
    filename: str  # default output stem


KINDS: dict[str, Kind] = {
    "complaint": Kind("complaint.html.j2", "社会保险费补缴投诉（举报）书", "投诉举报书"),
    "arbitration": Kind("arbitration.html.j2", "劳动人事争议仲裁申请书", "仲裁申请书"),
    "evidence-index": Kind("evidence_index.html.j2", "证据目录", "证据目录"),
    "arrears": Kind("arrears.html.j2", "社会保险费欠缴明细表", "欠缴明细表"),
    "findings": Kind("findings.html.j2", "社保缴费审计发现", "审计发现"),
    "report": Kind("report.html.j2", "社保缴费情况说明（给劳动者本人）", "个人报告"),
    "counsel-notes": Kind("counsel_notes.html.j2", "代理人备注（不提交）", "代理人备注"),
}
# Kinds that are filed with an authority (third person, formal; the reviewer check holds them
# to the checklist of reports/templates/README.md).
FILED = ("complaint", "arbitration")
# Templates used only inside a bundle; they see the same context plus ``bundle`` (a
# :class:`shebao.reports.bundle.BundleView`), ``sheet`` (a rendered spreadsheet) or
# ``excerpt`` (one person's rows of a shared original, :mod:`.excerpt`).
INTERNAL: dict[str, set[str]] = {
    "cover.html.j2": {"bundle"},
    "excerpt.html.j2": {"excerpt"},
    "manifest.html.j2": {"bundle"},
    "sheet.html.j2": {"sheet"},
    "word.html.j2": {"word", "blocks"},  # blocks: its own macro, recursive (nested tables)
}
GLOBALS = {"kind_title", "for_bundle"}

MARKER = re.compile(r"【待补充：[^】]*】")
_NUMERIC = re.compile(r"^-?[\d,]+(\.\d+)?%?$")


class TemplateProblem(InputError):
    code = "template_error"


def _yuan(value: float | None, empty: str = "未能核算") -> str:
    """Money as printed; an unknown amount is 未能核算 (never 0.00, never a dash beside 元)."""
    return empty if value is None else f"{value:,.2f}"


def _years_months(months: int | None) -> str:
    if months is None:
        return "—"
    years, rest = divmod(int(months), 12)
    return f"{years}年" + (f"{rest}个月" if rest else "")


def _month_cn(month: str | None) -> str:
    if not month:
        return "—"
    year, mon = month.split("-")[:2]
    return f"{year}年{int(mon)}月"


def environment(override_dir: Path | None = None) -> jinja2.Environment:
    paths = [str(override_dir)] if override_dir else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*paths, str(TEMPLATE_DIR)]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html.j2", "html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["yuan"] = _yuan
    env.tests["numeric"] = lambda text: bool(_NUMERIC.match(str(text)))
    env.filters["years_months"] = _years_months
    env.filters["month_cn"] = _month_cn
    return env


def _location(exc: BaseException, env: jinja2.Environment) -> tuple[str | None, int | None]:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or exc.name, exc.lineno
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return frame.filename, frame.lineno
    return None, None


def _problem(exc: BaseException, env: jinja2.Environment, name: str) -> TemplateProblem:
    file, line = _location(exc, env)
    where = file or name
    detail = getattr(exc, "message", None) or str(exc)
    return TemplateProblem(
        f"模板有错误（第{line}行）：{detail}" if line else f"模板有错误：{detail}",
        f"template error{f' at line {line}' if line else ''}: {detail}",
        where,
    )


def _not_utf8(template: str, override_dir: Path | None) -> TemplateProblem:
    where = override_dir or TEMPLATE_DIR
    return TemplateProblem(
        "模板文件不是 UTF-8 编码，请用 UTF-8 保存（记事本：另存为 → 编码 UTF-8）",
        "template is not UTF-8 encoded", where / template)


def render_template(template: str, variables: dict, override_dir: Path | None = None) -> str:
    env = environment(override_dir)
    try:
        html = env.get_template(template).render(**variables)
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem("找不到模板文件", f"template not found: {exc.name}",
                              exc.name) from exc
    except UnicodeDecodeError as exc:
        raise _not_utf8(template, override_dir) from exc
    except jinja2.TemplateError as exc:
        raise _problem(exc, env, template) from exc
    except (TypeError, ValueError, AttributeError, KeyError, ZeroDivisionError) as exc:
        raise _problem(exc, env, template) from exc
    return with_id_notice(MARKER.sub(lambda m: f'<span class="missing">{m.group(0)}</span>',
                                     html))


def with_id_notice(html: str) -> str:
    """``html`` with :data:`ID_NOTICE` as its last paragraph when its text shows a full ID
    number (module contract)."""
    if not _FULL_ID.search(_TAG.sub(" ", html)) or ID_NOTICE in html:
        return html
    notice = f'<p class="id-notice">{ID_NOTICE}</p>\n'
    end = html.rfind("</body>")
    return html[:end] + notice + html[end:] if end >= 0 else html + notice


def render(kind: str, context: Context, override_dir: Path | None = None,
           for_bundle: bool = False, **extra: object) -> str:
    variables = {name: getattr(context, name) for name in Context.model_fields}
    variables.update(kind_title=KINDS[kind].title if kind in KINDS else "",
                     for_bundle=for_bundle, **extra)
    template = KINDS[kind].template if kind in KINDS else kind
    return render_template(template, variables, override_dir)


def markers(text: str) -> list[str]:
    """The distinct 【待补充：…】 markers in rendered text, in order of first appearance."""
    return list(dict.fromkeys(MARKER.findall(text)))


def _referenced(env: jinja2.Environment, name: str, seen: set[str]) -> set[str]:
    if name in seen:
        return set()
    seen.add(name)
    source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
    ast = env.parse(source)
    imported = {node.target for node in ast.find_all(nodes.Import)}
    imported |= {name if isinstance(name, str) else name[1]
                 for node in ast.find_all(nodes.FromImport) for name in node.names}
    names = set(meta.find_undeclared_variables(ast)) - imported
    for child in meta.find_referenced_templates(ast):
        if child:
            names |= _referenced(env, child, seen)
    return names


def undeclared(template: str, override_dir: Path | None = None) -> set[str]:
    """Variables the template (and what it includes/extends) uses but the context lacks."""
    env = environment(override_dir)
    try:
        used = _referenced(env, template, set())
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem("找不到模板文件", f"template not found: {exc.name}",
                              exc.name) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise _problem(exc, env, template) from exc
    except UnicodeDecodeError as exc:
        raise _not_utf8(template, override_dir) from exc
    known = set(Context.model_fields) | GLOBALS | INTERNAL.get(template, set())
    return used - known - set(env.globals)
