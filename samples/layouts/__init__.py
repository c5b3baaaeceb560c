"""One renderer module per document layout; see shebao.samples.RENDERERS."""
