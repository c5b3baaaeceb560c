"""shebao.samples: synthetic statements and pay slips with ground truth (``shebao.extract/1``)."""
