"""shebao.audit: the law as code over sourced, date-versioned parameters.

Knows the law and nothing of documents: it reads canonical records only.
"""
