"""shebao.ingest: documents in, canonical records (:mod:`shebao.records`) out.

Knows documents and nothing of the law. Layouts are data files (``ingest/layouts/*.yaml``,
see ``ingest/layouts/README.md``), not code paths per city.

Entry points (each module's docstring is its contract):

* :func:`shebao.ingest.pipeline.extract_file` (path) -> ``Extract`` (``shebao.extract/1``);
  :func:`~shebao.ingest.pipeline.extract_pages` (``PageText`` pages) -> ``Extract``: the seam
  for any text source, e.g. the OCR backend of :mod:`shebao.ingest.ocr`;
* ``shebao extract`` / ``shebao inspect`` -> :mod:`shebao.ingest.cli`.

Modules, in pipeline order:

* :mod:`~shebao.ingest.words` positioned text (``Word``, ``Rule``, ``PageText``, ``TextBackend``)
* :mod:`~shebao.ingest.pdf` pdfplumber text layer; :mod:`~shebao.ingest.sheets` xlsx / csv
* :mod:`~shebao.ingest.profiles` layout profiles and vocabulary, validated
* :mod:`~shebao.ingest.detect` which profile fits and why
* :mod:`~shebao.ingest.lexicon` header labels -> canonical fields
* :mod:`~shebao.ingest.normalize` numbers, months, periods, dates
* :mod:`~shebao.ingest.table` lines, header bands, columns, rows from word boxes
* :mod:`~shebao.ingest.statement` rows -> contributions / annual records, by granularity
* :mod:`~shebao.ingest.payslip` rows -> pay slips
* :mod:`~shebao.ingest.person` person header fields, employer code tables
* :mod:`~shebao.ingest.checks` self-checks -> ``warnings``
* :mod:`~shebao.ingest.pipeline` file -> pages -> profile -> records
* :mod:`~shebao.ingest.explain` what ``shebao inspect`` prints
* :mod:`~shebao.ingest.grid` the recognised table grid of a page (``--debug-image``)

On OCR'd pages (``PageText.method == "ocr"``) the reader also matches header labels and status
words by confusion-aware edit distance (``Lexicon.for_ocr``), repairs digit look-alikes only in
numeric columns (:func:`~shebao.ingest.table.ocr_numbers`), drops watermark fragments
(:func:`~shebao.ingest.table.ocr_fragment`), and passes the OCR notes on as ``warnings``.
"""
