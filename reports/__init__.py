"""shebao.reports: claim drafts, evidence bundles and person reports from editable templates."""
