"""What ``shebao inspect`` prints: how the reader saw one document (rich tables).

Contract: :func:`show` (console, path, layout id or None, rows per table) prints, in Chinese
with English column glosses:

1. the document (pages, text source, pages that need OCR);
2. every layout profile's score with the keywords that hit, missed or excluded it;
3. the profile used and, per table, the header mapping (printed label, two-level where the
   header is stacked -> group -> what the cells hold -> field -> why it got that field ->
   x-range) and the first raw rows as cut into cells (合计 rows marked);
4. how many records came out, and the self-check warnings.

When no layout fits it prints 1-2 and the header-like lines of each page with the meaning
of each label (or ``?``), which is usually enough to see which synonym a new layout needs.
Returns the exit code (0 recognised, 2 not).
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable
from shebao.ingest.columns import TYPE_ZH
from shebao.ingest.detect import rank_profiles
from shebao.ingest.lexicon import Lexicon
from shebao.ingest.normalize import squash
from shebao.ingest.pipeline import analyse, read_pages
from shebao.ingest.profiles import profiles, vocabulary
from shebao.ingest.table import header_bands, header_labels, merged_rules, page_lines

from shebao.errors import ShebaoError
from shebao.files import sha256_file


def _scores_table(scores) -> RichTable:
    t = RichTable(title="版式评分 layout scores", show_lines=False)
    for col in (
        "版式 id",
        "名称 name",
        "得分 score",
        "命中 hits",
        "未命中 misses",
        "排除 excluded",
    ):
        t.add_column(col, overflow="fold")
    for s in scores:
        t.add_row(
            s.profile.id,
            s.profile.name[:28],
            str(s.score),
            "、".join(s.hits) or "-",
            "、".join(s.misses) or "-",
            "、".join(s.excluded_by) or "-",
            style=None if s.eligible else "dim",
        )
    return t


def show(console: Console, path: Path, layout: str | None, max_rows: int, ocr: bool = False) -> int:
    path = Path(path)
    try:
        pages = read_pages(path, ocr)
    except ShebaoError as exc:
        console.print(f"[red]错误：{exc.format()}[/red]")
        return 2
    console.rule(f"[bold]{path.name}[/bold]")
    method = pages[0].method if pages else "-"
    console.print(f"页数 pages: {len(pages)}    文字来源 text source: {method}")
    for p in pages:
        for code, message in p.notes:
            console.print(f"[yellow]第 {p.number} 页 page {p.number}: {code}: {message}[/yellow]")
    text = squash("".join(w.text for p in pages for w in p.words))
    console.print(_scores_table(rank_profiles(text)))
    try:
        analysis = analyse(
            pages, file=path.name, sha256=sha256_file(path), path=path, profile_id=layout
        )
    except ShebaoError as exc:
        console.print(f"[red]未识别 not recognised: {exc.zh}（{exc.en}）[/red]")
        _show_header_like(console, pages)
        return 2
    ex = analysis.extract
    console.print(
        f"使用版式 layout used: [bold]{analysis.profile.id}[/bold] ({analysis.profile.name})；"
        f"尝试顺序 tried: {' → '.join(analysis.tried)}；"
        f"行粒度 granularity: {analysis.profile.granularity}；"
        f"金额含义 amounts: {analysis.profile.amounts}"
    )
    for n, view in enumerate(analysis.tables, start=1):
        _show_table(console, n, view, max_rows)
    console.print(
        f"结果 records: 缴费记录 contributions {len(ex.contributions)}，年度汇总 annual "
        f"{len(ex.annual)}，工资条 payslips {len(ex.payslips)}"
        + (f"，参保名单 insured {len(ex.insured)}" if ex.insured else "")
        + f"；人员 person: {ex.person.model_dump(exclude_none=True)}"
    )
    if ex.warnings:
        w = RichTable(title="自检提示 warnings")
        for col in ("页 page", "代码 code", "说明 message"):
            w.add_column(col, overflow="fold")
        for warning in ex.warnings[:40]:
            w.add_row(str(warning.page or "-"), warning.code, warning.message)
        console.print(w)
        if len(ex.warnings) > 40:
            console.print(f"…… 另有 {len(ex.warnings) - 40} 条 (more)")
    return 0


def _role(column) -> str:
    """What the reader does with a column, in words a paralegal can check."""
    if column.field != "unknown":
        return column.field
    if column.group == "deductions":
        return "other（计入其他扣款 other deductions）"
    if column.group == "earnings":
        return "·（应发明细，不单独提取 earning item）"
    if column.group == "employer_side":
        return "·（单位承担，不是个人扣款 employer side）"
    return "[red]?（未识别 unknown label）[/red]"


def _show_table(console: Console, n: int, view, max_rows: int) -> None:
    h = view.header
    m = RichTable(title=f"表 {n}（第 {view.page} 页）表头映射 header mapping")
    for col in ("#", "表头 label", "分组 group", "内容 content", "字段 field", "依据 why",
                "x 范围 x-range"):
        m.add_column(col, overflow="fold")
    for i, c in enumerate(h.columns):
        label = f"{c.group_label}／{c.label}" if c.group_label else c.label
        if c.borrowed_from is not None:  # the OCR lost it here; placed from another printing
            label += f"（未识别，按第 {c.borrowed_from} 页表头补上 borrowed）"
        content = f"{TYPE_ZH[c.content]} {c.content}" if c.content else "-"
        m.add_row(str(i), label, c.group or "-", content, _role(c), c.why or "-",
                  f"{c.x0:.0f}–{c.x1:.0f}")
    console.print(m)
    raw = RichTable(title=f"表 {n} 原始行 raw rows（前 {max_rows} 行 first rows）")
    raw.add_column("行 row", no_wrap=True)
    for i, _ in enumerate(h.columns):  # numbered as in the mapping above
        raw.add_column(str(i), no_wrap=True)
    for r in view.rows[:max_rows]:
        raw.add_row("合计" if r.total else str(r.row), *r.cells)
    console.print(raw)
    if len(view.rows) > max_rows:
        console.print(f"…… 共 {len(view.rows)} 行 (rows in this table)")


def _show_header_like(console: Console, pages) -> None:
    vocab = vocabulary()
    for p in profiles():
        if p.granularity != "auto":
            continue
        lex = Lexicon(vocab, p)
        for page in pages[:3]:
            lines = page_lines(page, lex)
            for a, b in header_bands(lines, lex, merged_rules(page)):
                labels = header_labels(lines[a : b + 1], lex)
                shown = "  ".join(
                    f"{lb.text}→{lb.label.name if lb.label else '?'}" for lb in labels
                )
                console.print(f"[{p.id}] 第 {page.number} 页 表头候选 header-like: {shown}")
