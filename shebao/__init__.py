"""shebao-audit: reads social-insurance statements and pay slips, audits contribution
histories against sourced policy parameters, and drafts back-payment claims.

Subpackages: ``shebao.ingest`` (documents -> canonical records), ``shebao.audit`` (law and
policy parameters), ``shebao.reports`` (templates and bundles), ``shebao.samples`` (synthetic
documents with ground truth). The canonical records live in :mod:`shebao.records`.
"""

from shebao import offline as _offline

_offline.apply()  # before any library is loaded: no telemetry, no online checks

__version__ = "0.1.0"
