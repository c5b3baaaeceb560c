"""shebao.reports: claim drafts, evidence bundles and person reports from editable templates.

Pipeline (each module's docstring is its contract)::

    CASE/ (originals + optional case.yaml)      audit result (shebao.audit/1)
        │ case.py, originals.py                     │ audit_source.py (--audit FILE, or
        ▼                                           ▼  shebao.audit.engine.audit_case)
    Case + Originals ───────────► context.py: Context ◄── claims.py + legal.yaml, labels.yaml,
                                        │                 arrears.py, facts.py, months.py,
                                        │                 charts.py, crosscheck.py
                                        │
                     templating.py: templates/<kind>.html.j2 → HTML (one source per kind)
                                        │
          formats.py ─ html | pdf (pdf_engine.py, WeasyPrint) | docx (docx_writer.py)
                       | xlsx (xlsx_writer.py: the tables, numbers kept as numbers)
                       | md (markdown_writer.py); docx/md/xlsx via htmlblocks.py;
                       charts (inline SVG) as PNG in DOCX via figures.py
                                        │
          bundle.py: cover + 证据目录 + drafts + 欠缴明细 + 审计发现 + originals
                     (original_pages.py; Word files transcribed by word_pages.py)
                     + 原件校验清单, stamped (stamps.py),
                     manifest.py (shebao.bundle/1, verify), written via output.py

Commands (cli.py): ``shebao case check``, ``shebao draft``, ``shebao bundle``, ``shebao verify``.
Legal citations live only in ``legal.yaml``; no legal rate, amount or time limit is stated in
this package (amounts come from the audit result).
"""
