"""shebao.ingest: documents in, canonical records (:mod:`shebao.records`) out.

Knows documents and nothing of the law. Layouts are data files (``ingest/layouts/*.yaml``).
"""
