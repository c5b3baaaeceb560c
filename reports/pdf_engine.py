"""PDF from the template HTML with WeasyPrint (Pango text layout, fonts embedded and subset).

Why WeasyPrint: the drafts are HTML already, CSS paged media gives page numbers, repeated
table headers and landscape sections for free, and Pango shapes CJK text with the system's
CJK fonts (WenQuanYi Micro Hei, AR PL UMing — see ``scripts/setup-system.sh``), which are
embedded as subset CID TrueType fonts, so the PDF shows the same glyphs everywhere.
reportlab is used only for stamping bundle pages (:mod:`shebao.reports.stamps`).

Contract: ``html_to_pdf(html, base_url=None) -> bytes``. A missing system library (Pango)
raises :class:`~shebao.errors.ShebaoError` with the packages to install.
"""

from __future__ import annotations

import logging
from functools import cache
from types import ModuleType

from shebao.errors import ShebaoError


@cache
def _weasyprint() -> ModuleType:
    # WeasyPrint logs every unsupported CSS property and font fallback at WARNING.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        import weasyprint
    except OSError as exc:  # pragma: no cover - depends on the machine
        raise ShebaoError(
            "缺少生成 PDF 所需的系统库，请运行 scripts/setup-system.sh",
            f"WeasyPrint cannot load Pango ({exc}); install libpango-1.0-0 libpangoft2-1.0-0",
            code="no_pango",
        ) from exc
    return weasyprint


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=html, base_url=base_url or ".").write_pdf()
